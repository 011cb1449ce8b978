/* ledger: validation before any write, the audit trail, closing the books. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outlay/ledger.h"
#include "outlay/text.h"

#include "ledger_fixture.h"

static struct ledger_fixture fx;

static void setup(void)
{
    struct outlay_activity_in in = {.title = "Trip", .deposit = "360", .headcount = "3"};
    ledger_fixture_open(&fx, "/tmp/outlay-ledger-XXXXXX", &in);
}

static void teardown(void)
{
    ledger_fixture_close(&fx);
}

TestSuite(ledger, .init = setup, .fini = teardown);

Test(ledger, slugs)
{
    const char *ok[] = {"a", "trip-2026", "0x", "a-b-c"};
    const char *bad[] = {
        "",       "-a",  "A", "a_b",
        "../etc", "a b", "é", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        cr_assert_eq(outlay_ledger_slug_check(ok[i], NULL), OUTLAY_OK, "%s", ok[i]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        cr_assert_eq(outlay_ledger_slug_check(bad[i], NULL), OUTLAY_EINVAL, "%s", bad[i]);
}

Test(ledger, activity_fields_are_checked)
{
    outlay_err err = {0};
    struct outlay_activity_in dup = {.title = "Again"};
    cr_assert_eq(outlay_ledger_activity_add(fx.st, "trip", &dup, &err), OUTLAY_EEXIST);
    struct outlay_activity_in dates = {
        .title = "X", .date = "2026-05-27", .end_date = "2026-05-25"};
    cr_assert_eq(outlay_ledger_activity_add(fx.st, "x", &dates, &err), OUTLAY_EINVAL);
    cr_assert_str_eq(err.column, "end_date");
    struct outlay_activity_in cur = {.title = "X", .currency = "yuan"};
    outlay_err_clear(&err);
    cr_assert_eq(outlay_ledger_activity_add(fx.st, "x", &cur, &err), OUTLAY_EINVAL);
    cr_assert_str_eq(err.column, "currency");
    struct outlay_activity_in fund = {.title = "X", .funded_by = "company"};
    outlay_err_clear(&err);
    cr_assert_eq(outlay_ledger_activity_add(fx.st, "x", &fund, &err), OUTLAY_EINVAL);
    cr_assert_str_eq(err.column, "funded_by");
}

Test(ledger, lines_per_head_and_overflow)
{
    outlay_err err = {0};
    struct outlay_line_in ph = {
        .category = "souvenirs", .item = "Cap", .unit_price = "50", .per_head = "yes"};
    cr_assert_eq(outlay_ledger_line_add(fx.st, &fx.act, &ph, 1, &err), OUTLAY_OK, "%s", err.msg);
    struct outlay_line_in big = {
        .category = "x", .item = "y", .unit_price = "999999999999.99", .qty = "2"};
    cr_assert_eq(outlay_ledger_line_add(fx.st, &fx.act, &big, 1, &err), OUTLAY_EOVERFLOW);
    struct outlay_line_in wrong = {
        .category = "x", .item = "y", .unit_price = "5", .qty = "3", .amount = "16.00"};
    outlay_err_clear(&err);
    cr_assert_eq(outlay_ledger_line_add(fx.st, &fx.act, &wrong, 1, &err), OUTLAY_EINVAL);
    cr_assert_str_eq(err.column, "amount");

    struct outlay_budget_summary sum;
    cr_assert_eq(outlay_ledger_budget_summary(fx.st, &fx.act, &sum, &err), OUTLAY_OK);
    cr_assert_eq(sum.total, 15000);
    cr_assert_eq(sum.share_per_head, 5000);

    struct outlay_activity_in more = {.headcount = "7"};
    cr_assert_eq(outlay_ledger_activity_set(fx.st, "trip", &more, &err), OUTLAY_OK, "%s", err.msg);
    outlay_activity_release(&fx.act);
    cr_assert_eq(outlay_ledger_activity(fx.st, "trip", 1, &fx.act, &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_budget_summary(fx.st, &fx.act, &sum, &err), OUTLAY_OK);
    cr_assert_eq(sum.total, 35000);
    cr_assert_eq(sum.share_per_head, 5000);
}

Test(ledger, entries_name_their_field)
{
    outlay_err err = {0};
    struct outlay_participant_in ann = {.name = "Ann", .tags = " raft ;; hotel ;"};
    cr_assert_eq(outlay_ledger_participant_add(fx.st, &fx.act, &ann, 1, &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_participant_add(fx.st, &fx.act, &ann, 1, &err), OUTLAY_EEXIST);
    struct outlay_participant p;
    cr_assert_eq(outlay_store_participant_get(fx.st, fx.act.id, "Ann", &p, &err), OUTLAY_OK);
    cr_assert_str_eq(p.tags, "raft;hotel");

    struct outlay_expense_in e = {.category = "meals", .amount = "10", .paid_by = "Zed"};
    int64_t id = 0;
    outlay_err_clear(&err);
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &e, 1, &id, &err), OUTLAY_EINVAL);
    cr_assert_str_eq(err.column, "paid_by");
    e.paid_by = "Ann";
    e.date = "2026-02-30";
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &e, 1, &id, &err), OUTLAY_EINVAL);
    cr_assert_str_eq(err.column, "date");
    e.date = NULL;
    e.item = "bell\a";
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &e, 1, &id, &err), OUTLAY_EINVAL);
    cr_assert_str_eq(err.column, "item");
    e.item = "Dinner";
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &e, 1, &id, &err), OUTLAY_OK);
    char ids[24];
    snprintf(ids, sizeof ids, "%lld", (long long)id);
    cr_assert_eq(outlay_ledger_expense_void(fx.st, &fx.act, ids, "typo", &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_expense_void(fx.st, &fx.act, ids, "again", &err), OUTLAY_EINVAL);
    cr_assert_not_null(strstr(err.msg, "already void"));

    struct outlay_payment_in zero = {.name = "Ann", .amount = "0"};
    cr_assert_eq(outlay_ledger_payment_add(fx.st, &fx.act, OUTLAY_DEPOSIT, &zero, 1, &err),
                 OUTLAY_EINVAL);
}

/* Exactly len bytes of valid UTF-8 (len >= 1): copies of the character ch,
 * 'a' for the bytes left, and a final 'q', so that it is never one of the
 * names made by the same function without the 'q'. */
static void typed_name(char *out, size_t len, const char *ch, int end_q)
{
    size_t k = strlen(ch), i = 0, body = end_q ? len - 1 : len;
    for (; i + k <= body; i += k)
        memcpy(out + i, ch, k);
    for (; i < body; i++)
        out[i] = 'a';
    if (end_q)
        out[i++] = 'q';
    out[i] = 0;
}

/* The "did you mean" hints for an unknown participant and an unknown
 * activity compare what was typed with every known name
 * (outlay_text_distance, src/text.c, which works on a stack buffer sized for
 * 64 bytes). Every length of typed text from 1 to 300 bytes, ASCII and
 * UTF-8, against names of lengths around that bound: never an overrun
 * (ASan, in make test, makes one a crash), and, for ASCII, a hint exactly
 * for the near misses of 64 bytes or less. */
Test(ledger, hints_for_typed_names_of_every_length)
{
    static const char *const chars[] = {"x", "é", "王", "😀"};
    static const size_t lens[] = {8, 63, 64, 65, 80};
    outlay_err err = {0};
    char name[301], slug[301];
    for (size_t c = 0; c < sizeof chars / sizeof chars[0]; c++)
        for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
            typed_name(name, lens[k], chars[c], 0);
            struct outlay_participant_in p = {.name = name};
            cr_assert_eq(outlay_ledger_participant_add(fx.st, &fx.act, &p, 0, &err), OUTLAY_OK,
                         "%s", err.msg);
        }
    for (size_t k = 0; k < sizeof lens / sizeof lens[0] && lens[k] <= 64; k++) {
        struct outlay_activity_in in = {.title = "Near"};
        typed_name(slug, lens[k], "x", 0);
        cr_assert_eq(outlay_ledger_activity_add(fx.st, slug, &in, &err), OUTLAY_OK, "%s", err.msg);
    }
    for (size_t c = 0; c < sizeof chars / sizeof chars[0]; c++)
        for (size_t len = 1; len <= 300; len++) {
            typed_name(name, len, chars[c], 1);
            /* 'x' * (len - 1) + 'q' is within 2 edits of 'x' * 8, 'x' * 63 or
             * 'x' * 64 for these lengths; other characters are not asserted. */
            int near = c == 0 && ((len >= 7 && len <= 10) || (len >= 62 && len <= 64));
            struct outlay_payment_in pay = {.name = name, .amount = "10"};
            outlay_err_clear(&err);
            cr_assert_eq(outlay_ledger_payment_add(fx.st, &fx.act, OUTLAY_DEPOSIT, &pay, 0, &err),
                         OUTLAY_EINVAL, "%zu bytes of '%s'", len, chars[c]);
            if (c == 0)
                cr_assert_eq(strstr(err.msg, "did you mean") != NULL, near, "%zu bytes of '%s': %s",
                             len, chars[c], err.msg);
            struct outlay_expense_in e = {.category = "meals", .amount = "10", .paid_by = name};
            int64_t id = 0;
            outlay_err_clear(&err);
            cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &e, 0, &id, &err), OUTLAY_EINVAL,
                         "%zu bytes of '%s'", len, chars[c]);
            cr_assert_str_eq(err.column, "paid_by");

            struct outlay_activity a;
            outlay_err_clear(&err);
            cr_assert_neq(outlay_ledger_activity(fx.st, name, 0, &a, &err), OUTLAY_OK,
                          "%zu bytes of '%s'", len, chars[c]);
            if (c == 0)
                cr_assert_eq(strstr(err.msg, "did you mean") != NULL, near, "%zu bytes of '%s': %s",
                             len, chars[c], err.msg);
        }
}

/* The audit log holds valid UTF-8 where a detail is cut short: a title cut
 * at 60 bytes in the middle of a character (`activity set`), and a name of
 * 1,000 Chinese characters, longer than the detail's buffer. Else `log
 * --json` and `--csv` print invalid UTF-8. */
Test(ledger, audit_details_cut_at_whole_characters)
{
    outlay_err err = {0};
    char title[1 + 30 * 3 + 1] = "a", name[1000 * 3 + 1], want[80] = "set title=a";
    for (int i = 0; i < 30; i++)
        strcat(title, "王");
    struct outlay_activity_in in = {.title = title};
    cr_assert_eq(outlay_ledger_activity_set(fx.st, "trip", &in, &err), OUTLAY_OK, "%s", err.msg);
    typed_name(name, 1000 * 3, "王", 0);
    struct outlay_participant_in p = {.name = name};
    cr_assert_eq(outlay_ledger_participant_add(fx.st, &fx.act, &p, 1, &err), OUTLAY_OK, "%s",
                 err.msg);
    for (int i = 0; i < 19; i++) /* 1 + 19 x 3 = 58 bytes: the whole characters of 60 */
        strcat(want, "王");
    outlay_cursor *cur = NULL;
    const char *at, *cmd, *slug, *detail;
    int rows = 0;
    cr_assert_eq(outlay_store_audit_list(fx.st, "trip", &cur, &err), OUTLAY_OK);
    while (outlay_cursor_audit(cur, &at, &cmd, &slug, &detail, &err) == 1) {
        rows++;
        cr_expect(outlay_utf8_valid(detail, strlen(detail)), "%s: detail not UTF-8: %s", cmd,
                  detail);
        if (!strcmp(cmd, "activity set"))
            cr_expect_str_eq(detail, want);
    }
    outlay_cursor_close(cur);
    cr_assert_geq(rows, 3);
}

Test(ledger, close_needs_zero_balances)
{
    outlay_err err = {0};
    struct outlay_participant_in ann = {.name = "Ann"}, bob = {.name = "Bob"};
    cr_assert_eq(outlay_ledger_participant_add(fx.st, &fx.act, &ann, 1, &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_participant_add(fx.st, &fx.act, &bob, 1, &err), OUTLAY_OK);
    struct outlay_payment_in d1 = {.name = "Ann", .amount = "100"},
                             d2 = {.name = "Bob", .amount = "100"};
    cr_assert_eq(outlay_ledger_payment_add(fx.st, &fx.act, OUTLAY_DEPOSIT, &d1, 1, &err),
                 OUTLAY_OK);
    cr_assert_eq(outlay_ledger_payment_add(fx.st, &fx.act, OUTLAY_DEPOSIT, &d2, 1, &err),
                 OUTLAY_OK);
    struct outlay_expense_in lunch = {.category = "lunch", .amount = "150"};
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &lunch, 1, NULL, &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_activity_close(fx.st, "trip", 1, &err), OUTLAY_ECHECK);
    cr_assert_not_null(strstr(err.msg, "Ann gets a refund of 25.00"), "%s", err.msg);
    struct outlay_payment_in p1 = {.name = "Ann", .amount = "25"},
                             p2 = {.name = "Bob", .amount = "25"};
    cr_assert_eq(outlay_ledger_payment_add(fx.st, &fx.act, OUTLAY_PAYOUT, &p1, 1, &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_payment_add(fx.st, &fx.act, OUTLAY_PAYOUT, &p2, 1, &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_activity_close(fx.st, "trip", 1, &err), OUTLAY_OK, "%s", err.msg);
    struct outlay_activity a;
    cr_assert_eq(outlay_ledger_activity(fx.st, "trip", 1, &a, &err), OUTLAY_ECLOSED);
    cr_assert_not_null(strstr(err.msg, "outlay activity reopen trip"));
    cr_assert_eq(outlay_ledger_activity_close(fx.st, "trip", 0, &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_activity(fx.st, "trip", 1, &a, &err), OUTLAY_OK);
    outlay_activity_release(&a);
}

static void collect(void *ctx, const char *msg)
{
    strncat((char *)ctx, msg, 4000 - strlen((char *)ctx) - 2);
    strcat((char *)ctx, "\n");
}

Test(ledger, consistency_problems)
{
    outlay_err err = {0};
    char found[4096] = "";
    struct outlay_activity_in total = {.budget_total = "100"};
    cr_assert_eq(outlay_ledger_activity_set(fx.st, "trip", &total, &err), OUTLAY_OK);
    outlay_activity_release(&fx.act);
    cr_assert_eq(outlay_ledger_activity(fx.st, "trip", 1, &fx.act, &err), OUTLAY_OK);
    struct outlay_participant_in ann = {.name = "Ann"};
    cr_assert_eq(outlay_ledger_participant_add(fx.st, &fx.act, &ann, 1, &err), OUTLAY_OK);
    struct outlay_expense_in raft = {
        .category = "tickets", .amount = "60", .for_tag = "raft", .paid_by = "Ann"};
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &raft, 1, NULL, &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_participant_set(fx.st, &fx.act, &ann, 1, &err), OUTLAY_OK);
    struct outlay_payment_in big = {.name = "Ann", .amount = "3600.01"};
    cr_assert_eq(outlay_ledger_payment_add(fx.st, &fx.act, OUTLAY_DEPOSIT, &big, 1, &err),
                 OUTLAY_OK);
    cr_assert_eq(outlay_ledger_problems(fx.st, &fx.act, collect, found, &err), 4, "%s", found);
    cr_assert_not_null(strstr(found, "declared budget total 100.00 differs from the sum of the "
                                     "budget lines 0.00 by 100.00"));
    cr_assert_not_null(strstr(found, "tag 'raft'"));
    cr_assert_not_null(strstr(found, "who has withdrawn"));
    cr_assert_not_null(strstr(found, "more than ten times"));
}
