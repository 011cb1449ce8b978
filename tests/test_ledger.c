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

/* --- the per-activity limit (OUTLAY_ACTIVITY_MAX) ------------------------- */

#define MAX_AMOUNT "999999999999.99"
/* 10,000 records at the largest amount: 100.00 short of the limit. */
#define UNDER_LIMIT 10000

static void deposit(const char *amount, int audit, enum outlay_status want)
{
    outlay_err err = {0};
    struct outlay_payment_in d = {.name = "Ann", .amount = amount};
    cr_assert_eq(outlay_ledger_payment_add(fx.st, &fx.act, OUTLAY_DEPOSIT, &d, audit, &err), want,
                 "%s", err.msg);
}

static const char *const over_by_a_fen =
    "activity 'trip': its %s would add up to 10,000,000,000,000,000.01, over the limit of "
    "10,000,000,000,000,000.00 for one activity; check the amounts for a typo";

Test(ledger, limit_is_reached_exactly_and_not_passed)
{
    outlay_err err = {0};
    char want[512];
    struct outlay_participant_in ann = {.name = "Ann"};
    cr_assert_eq(outlay_ledger_participant_add(fx.st, &fx.act, &ann, 1, &err), OUTLAY_OK);
    /* audit 0, as the importer adds rows: no check per record */
    for (int i = 0; i < UNDER_LIMIT; i++)
        deposit(MAX_AMOUNT, 0, OUTLAY_OK);
    deposit("99.99", 1, OUTLAY_OK);
    deposit("0.01", 1, OUTLAY_OK); /* exactly 10^16 yuan */
    struct outlay_payment_in d = {.name = "Ann", .amount = "0.01"};
    cr_assert_eq(outlay_ledger_payment_add(fx.st, &fx.act, OUTLAY_DEPOSIT, &d, 1, &err),
                 OUTLAY_EOVERFLOW);
    snprintf(want, sizeof want, over_by_a_fen, "deposits");
    cr_assert_str_eq(err.msg, want);
    /* each kind on its own: a payout is not a deposit */
    cr_assert_eq(outlay_ledger_payment_add(fx.st, &fx.act, OUTLAY_PAYOUT, &d, 1, &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_limit(fx.st, &fx.act, OUTLAY_AMOUNTS_DEPOSITS, &err),
                 OUTLAY_EOVERFLOW);
    cr_assert_eq(outlay_ledger_limit(fx.st, &fx.act, OUTLAY_AMOUNTS_PAYOUTS, &err), OUTLAY_OK);
}

Test(ledger, limit_counts_expenses_without_sign_and_not_void)
{
    outlay_err err = {0};
    char want[512], id[24];
    int64_t first = 0;
    struct outlay_expense_in e = {.category = "refunds", .amount = "-" MAX_AMOUNT};
    for (int i = 0; i < UNDER_LIMIT; i++)
        cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &e, 0, i ? NULL : &first, &err),
                     OUTLAY_OK);
    e.amount = "100";
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &e, 1, NULL, &err), OUTLAY_OK);
    e.amount = "-0.01";
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &e, 1, NULL, &err), OUTLAY_EOVERFLOW);
    snprintf(want, sizeof want, over_by_a_fen, "expenses");
    cr_assert_str_eq(err.msg, want);
    /* a void expense counts nowhere: voiding one makes room */
    snprintf(id, sizeof id, "%lld", (long long)first);
    cr_assert_eq(outlay_ledger_expense_void(fx.st, &fx.act, id, "typo", &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &e, 1, NULL, &err), OUTLAY_OK, "%s",
                 err.msg);
}

Test(ledger, limit_holds_for_budget_lines_templates_and_headcount)
{
    outlay_err err = {0};
    char want[512];
    struct outlay_line_in l = {.category = "prizes", .item = "Prize", .unit_price = MAX_AMOUNT};
    for (int i = 0; i < UNDER_LIMIT; i++)
        cr_assert_eq(outlay_ledger_line_add(fx.st, &fx.act, &l, 0, &err), OUTLAY_OK);
    l.unit_price = "100.01";
    cr_assert_eq(outlay_ledger_line_add(fx.st, &fx.act, &l, 1, &err), OUTLAY_EOVERFLOW);
    snprintf(want, sizeof want, over_by_a_fen, "budget lines");
    cr_assert_str_eq(err.msg, want);

    /* a template of 10,001 lines at the largest price */
    static struct outlay_template_line lines[UNDER_LIMIT + 1];
    for (size_t i = 0; i < UNDER_LIMIT + 1; i++)
        lines[i] = (struct outlay_template_line){
            .category = "prizes", .item = "Prize", .unit_price = INT64_C(99999999999999), .qty = 1};
    struct outlay_template t = {.title = "Huge", .lines = lines, .nlines = UNDER_LIMIT + 1};
    struct outlay_activity_in none = {0};
    cr_assert_eq(outlay_ledger_activity_new(fx.st, "huge", &t, "huge", &none, &err),
                 OUTLAY_EOVERFLOW);
    cr_assert_str_eq(err.msg, "activity 'huge': its budget lines would add up to "
                              "10,000,999,999,999,899.99, over the limit of "
                              "10,000,000,000,000,000.00 for one activity; check the amounts "
                              "for a typo");

    /* 10,001 per-head caps at 1,000,000.00: fine for 3 people, not for 999,999 */
    struct outlay_activity_in meet = {.title = "Meet", .headcount = "3"};
    struct outlay_activity m;
    cr_assert_eq(outlay_ledger_activity_add(fx.st, "meet", &meet, &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_activity(fx.st, "meet", 1, &m, &err), OUTLAY_OK);
    struct outlay_line_in cap = {
        .category = "caps", .item = "Cap", .unit_price = "1000000", .per_head = "yes"};
    for (int i = 0; i < UNDER_LIMIT + 1; i++)
        cr_assert_eq(outlay_ledger_line_add(fx.st, &m, &cap, 0, &err), OUTLAY_OK);
    outlay_activity_release(&m);
    struct outlay_activity_in more = {.headcount = "999999"};
    cr_assert_eq(outlay_ledger_activity_set(fx.st, "meet", &more, &err), OUTLAY_EOVERFLOW);
    cr_assert_str_eq(err.msg, "activity 'meet': its budget lines would add up to "
                              "10,000,989,999,000,000.00, over the limit of "
                              "10,000,000,000,000,000.00 for one activity; check the amounts "
                              "for a typo");
}

/* --- a ledger an older outlay wrote, past the limit ----------------------- */

/* n records at the largest amount, written straight to the store as an
 * outlay without the limit did. */
static void old_deposits(int64_t person, int n)
{
    outlay_err err = {0};
    for (int i = 0; i < n; i++) {
        struct outlay_payment p = {.amount = INT64_C(99999999999999)};
        cr_assert_eq(
            outlay_store_payment_insert(fx.st, OUTLAY_DEPOSIT, fx.act.id, person, &p, &err),
            OUTLAY_OK);
    }
}

static void old_lines(const char *category, int n)
{
    outlay_err err = {0};
    for (int i = 0; i < n; i++) {
        struct outlay_budget_line l = {.category = (char *)category,
                                       .item = "Prize",
                                       .unit_price = INT64_C(99999999999999),
                                       .qty = 1,
                                       .amount = INT64_C(99999999999999)};
        cr_assert_eq(outlay_store_line_insert(fx.st, fx.act.id, &l, &err), OUTLAY_OK);
    }
}

static void count_problem(void *ctx, const char *msg)
{
    (void)msg;
    ++*(long *)ctx;
}

/* 93,000 at the largest amount: past int64 even for SQLite's sum(). */
#define PAST_INT64 93000

Test(ledger, old_deposits_past_int64_are_named, .timeout = 60)
{
    outlay_err err = {0};
    char found[4096] = "";
    struct outlay_participant_in ann = {.name = "Ann"};
    struct outlay_participant p;
    cr_assert_eq(outlay_ledger_participant_add(fx.st, &fx.act, &ann, 1, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_participant_get(fx.st, fx.act.id, "Ann", &p, &err), OUTLAY_OK);
    old_deposits(p.id, PAST_INT64);

    struct outlay_settlement s;
    cr_assert_eq(outlay_ledger_settle(fx.st, &fx.act, &s, &err), OUTLAY_EOVERFLOW);
    outlay_settlement_release(&s);
    cr_assert_str_eq(err.msg, "activity 'trip': the deposits of 'Ann' add up to more than "
                              "92,233,720,368,547,758.07, which outlay cannot total; 'outlay "
                              "check' shows what is over the limit for one activity");
    cr_assert_eq(outlay_ledger_limit_problems(fx.st, &fx.act, collect, found, &err), 1);
    cr_assert_str_eq(found, "activity 'trip': its deposits add up to more than "
                            "92,233,720,368,547,758.07, over the limit of "
                            "10,000,000,000,000,000.00 for one activity; outlay may be unable "
                            "to total, report or settle it\n");
    /* the other checks still run: each deposit is over ten times the planned 360 */
    long n = 0;
    cr_assert_eq(outlay_ledger_problems(fx.st, &fx.act, count_problem, &n, &err), PAST_INT64, "%s",
                 err.msg);
    cr_assert_eq(n, PAST_INT64);
}

Test(ledger, old_budget_past_int64_is_named_and_the_report_left_empty, .timeout = 60)
{
    outlay_err err = {0};
    struct outlay_ledger_report rep;
    struct outlay_budget_summary sum;
    char found[4096] = "";
    /* two categories that each fit, with a total that does not */
    old_lines("prizes", PAST_INT64 / 2);
    old_lines("souvenirs", PAST_INT64 / 2);
    cr_assert_eq(outlay_ledger_report(fx.st, &fx.act, &rep, &err), OUTLAY_EOVERFLOW);
    /* nothing left to release (the report once leaked its category names) */
    cr_assert_null(rep.strings);
    cr_assert_eq(rep.nstrings, 0);
    cr_assert_null(rep.report.rows);
    cr_assert_str_eq(err.msg, "activity 'trip': report totals are out of range; check the budget "
                              "lines and expense amounts");
    cr_assert_eq(outlay_ledger_budget_summary(fx.st, &fx.act, &sum, &err), OUTLAY_EOVERFLOW);
    cr_assert_str_eq(err.msg, "activity 'trip': its budget lines add up to more than "
                              "92,233,720,368,547,758.07, which outlay cannot total; 'outlay "
                              "check' shows what is over the limit for one activity");
    /* one category past int64 for SQLite's sum() */
    old_lines("prizes", PAST_INT64 / 2);
    cr_assert_eq(outlay_ledger_report(fx.st, &fx.act, &rep, &err), OUTLAY_EOVERFLOW);
    cr_assert_str_eq(err.msg, "activity 'trip': the budget lines of category 'prizes' add up to "
                              "more than 92,233,720,368,547,758.07, which outlay cannot total; "
                              "'outlay check' shows what is over the limit for one activity");
    cr_assert_null(rep.strings);
    /* a declared total cannot be compared: a problem, and checking goes on */
    struct outlay_activity_in total = {.budget_total = "100"};
    cr_assert_eq(outlay_ledger_activity_set(fx.st, "trip", &total, &err), OUTLAY_OK, "%s", err.msg);
    outlay_activity_release(&fx.act);
    cr_assert_eq(outlay_ledger_activity(fx.st, "trip", 1, &fx.act, &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_problems(fx.st, &fx.act, collect, found, &err), 1, "%s", err.msg);
    cr_assert_str_eq(found, "activity 'trip': the declared budget total 100.00 cannot be "
                            "compared with the budget lines, which add up to more than outlay "
                            "can total\n");
}
