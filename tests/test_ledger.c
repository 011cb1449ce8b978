/* ledger: validation before any write, the audit trail, closing the books. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outlay/ledger.h"

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

/* Text enters the ledger in Unicode NFC (docs/spec-notes.md), so "José"
 * typed with é as one code point (U+00E9) or as e + U+0301 is one person,
 * and one tag, for every lookup: add, set, deposits, paid_by, for. */
#define JOSE_NFC "Jos\xc3\xa9"
#define JOSE_NFD "Jose\xcc\x81"
#define CAFE_NFC "caf\xc3\xa9"
#define CAFE_NFD "cafe\xcc\x81"

Test(ledger, text_is_kept_in_nfc)
{
    outlay_err err = {0};
    struct outlay_participant_in jose = {
        .name = JOSE_NFD, .dept = "R" CAFE_NFD, .tags = CAFE_NFD "; raft"};
    cr_assert_eq(outlay_ledger_participant_add(fx.st, &fx.act, &jose, 1, &err), OUTLAY_OK, "%s",
                 err.msg);
    struct outlay_participant p;
    cr_assert_eq(outlay_store_participant_get(fx.st, fx.act.id, JOSE_NFC, &p, &err), OUTLAY_OK);
    cr_assert_str_eq(p.name, JOSE_NFC);
    cr_assert_str_eq(p.dept, "R" CAFE_NFC);
    cr_assert_str_eq(p.tags, CAFE_NFC ";raft");

    struct outlay_participant_in twin = {.name = JOSE_NFC};
    cr_assert_eq(outlay_ledger_participant_add(fx.st, &fx.act, &twin, 1, &err), OUTLAY_EEXIST);
    cr_assert_str_eq(err.column, "name");
    struct outlay_participant_in heavier = {.name = JOSE_NFC, .weight = "2"};
    cr_assert_eq(outlay_ledger_participant_set(fx.st, &fx.act, &heavier, -1, &err), OUTLAY_OK, "%s",
                 err.msg);
    struct outlay_payment_in dep = {.name = JOSE_NFD, .amount = "100", .method = CAFE_NFD};
    cr_assert_eq(outlay_ledger_payment_add(fx.st, &fx.act, OUTLAY_DEPOSIT, &dep, 1, &err),
                 OUTLAY_OK, "%s", err.msg);

    /* The tag written both ways is one group, and José is in it. */
    struct outlay_expense_in e1 = {
        .category = CAFE_NFD, .amount = "60", .item = CAFE_NFD, .for_tag = CAFE_NFC};
    struct outlay_expense_in e2 = {
        .category = CAFE_NFC, .amount = "40", .paid_by = JOSE_NFD, .for_tag = CAFE_NFD};
    int64_t id1 = 0, id2 = 0;
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &e1, 1, &id1, &err), OUTLAY_OK, "%s",
                 err.msg);
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &e2, 1, &id2, &err), OUTLAY_OK, "%s",
                 err.msg);
    struct outlay_expense e;
    cr_assert_eq(outlay_store_expense_get(fx.st, fx.act.id, id1, &e, &err), OUTLAY_OK);
    cr_assert_str_eq(e.category, CAFE_NFC);
    cr_assert_str_eq(e.item, CAFE_NFC);
    cr_assert_str_eq(e.for_tag, CAFE_NFC);
    cr_assert_eq(outlay_store_expense_get(fx.st, fx.act.id, id2, &e, &err), OUTLAY_OK);
    cr_assert_str_eq(e.for_tag, CAFE_NFC);
    char found[4096] = "";
    cr_assert_eq(outlay_ledger_problems(fx.st, &fx.act, collect, found, &err), 0, "%s", found);
    struct outlay_settlement s;
    cr_assert_eq(outlay_ledger_settle(fx.st, &fx.act, &s, &err), OUTLAY_OK, "%s", err.msg);
    cr_assert_eq(s.npeople, 1);
    cr_assert_eq(s.result.rows[0].cost, 10000);
    cr_assert_eq(s.inputs[0].advanced, 4000, "paid_by found José");
    outlay_settlement_release(&s);

    char ids[24];
    snprintf(ids, sizeof ids, "%lld", (long long)id1);
    cr_assert_eq(outlay_ledger_expense_void(fx.st, &fx.act, ids, "twice at the " CAFE_NFD, &err),
                 OUTLAY_OK);
    cr_assert_eq(outlay_store_expense_get(fx.st, fx.act.id, id1, &e, &err), OUTLAY_OK);
    cr_assert_str_eq(e.void_reason, "twice at the " CAFE_NFC);
}

Test(ledger, activities_lines_and_templates_in_nfc)
{
    outlay_err err = {0};
    struct outlay_activity_in in = {.title = "Visite " CAFE_NFD, .venue = CAFE_NFD};
    cr_assert_eq(outlay_ledger_activity_add(fx.st, "visit", &in, &err), OUTLAY_OK, "%s", err.msg);
    struct outlay_activity a;
    cr_assert_eq(outlay_ledger_activity(fx.st, "visit", 1, &a, &err), OUTLAY_OK);
    cr_assert_str_eq(a.title, "Visite " CAFE_NFC);
    cr_assert_str_eq(a.venue, CAFE_NFC);
    struct outlay_activity_in set = {.organizer = JOSE_NFD};
    cr_assert_eq(outlay_ledger_activity_set(fx.st, "visit", &set, &err), OUTLAY_OK);
    outlay_activity_release(&a);
    cr_assert_eq(outlay_ledger_activity(fx.st, "visit", 1, &a, &err), OUTLAY_OK);
    cr_assert_str_eq(a.organizer, JOSE_NFC);

    struct outlay_line_in line = {
        .category = CAFE_NFD, .item = JOSE_NFD, .unit_price = "5", .unit = CAFE_NFD};
    cr_assert_eq(outlay_ledger_line_add(fx.st, &a, &line, 1, &err), OUTLAY_OK, "%s", err.msg);
    outlay_activity_release(&a);

    struct outlay_template_line tl = {
        .category = CAFE_NFD, .item = JOSE_NFD, .note = CAFE_NFD, .unit_price = 100, .qty = 2};
    struct outlay_template t = {.title = JOSE_NFD, .venue = CAFE_NFD, .lines = &tl, .nlines = 1};
    struct outlay_activity_in none = {0};
    cr_assert_eq(outlay_ledger_activity_new(fx.st, "from-template", &t, "x", &none, &err),
                 OUTLAY_OK, "%s", err.msg);
    cr_assert_eq(outlay_ledger_activity(fx.st, "from-template", 1, &a, &err), OUTLAY_OK);
    cr_assert_str_eq(a.title, JOSE_NFC);
    cr_assert_str_eq(a.venue, CAFE_NFC);

    static const char *const slugs[] = {"visit", "from-template"};
    for (size_t i = 0; i < 2; i++) {
        struct outlay_activity b;
        outlay_cursor *c = NULL;
        struct outlay_budget_line l;
        cr_assert_eq(outlay_ledger_activity(fx.st, slugs[i], 0, &b, &err), OUTLAY_OK);
        cr_assert_eq(outlay_store_lines(fx.st, b.id, &c, &err), OUTLAY_OK);
        cr_assert_eq(outlay_cursor_line(c, &l, &err), 1);
        cr_assert_str_eq(l.category, CAFE_NFC);
        cr_assert_str_eq(l.item, JOSE_NFC);
        cr_assert_str_eq(i ? l.note : l.unit, CAFE_NFC);
        outlay_cursor_close(c);
        outlay_activity_release(&b);
    }
    outlay_activity_release(&a);
}
