/* ledger_edit: numbers per activity and corrections (SPEC §11): records
 * named by their number within the activity, voids that count nowhere,
 * budget set and expense set keeping the maintained totals right (check
 * passes after each), participant rename, activity void, and the
 * refusals, each a code with its arguments. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/ledger.h"

#include "ledger_fixture.h"
#include "test_util.h"

static struct ledger_fixture fx;

static void setup(void)
{
    struct outlay_activity_in in = {.title = "Trip", .deposit = "100", .headcount = "4"};
    ledger_fixture_open(&fx, "/tmp/outlay-edit-XXXXXX", &in);
}

static void teardown(void)
{
    ledger_fixture_close(&fx);
}

TestSuite(ledger_edit, .init = setup, .fini = teardown);

/* --- helpers ------------------------------------------------------------- */

static void activity(const char *slug, struct outlay_activity *a)
{
    outlay_err err = {0};
    struct outlay_activity_in in = {.title = "Another", .headcount = "2"};
    cr_assert_eq(outlay_ledger_activity_add(fx.st, slug, &in, &err), OUTLAY_OK, "%s",
                 problem_str(&err));
    cr_assert_eq(outlay_ledger_activity(fx.st, slug, 1, a, &err), OUTLAY_OK);
}

static void person(const struct outlay_activity *a, const char *name, const char *tags)
{
    outlay_err err = {0};
    struct outlay_participant_in in = {.name = name, .tags = tags};
    cr_assert_eq(outlay_ledger_participant_add(fx.st, a, &in, 1, &err), OUTLAY_OK, "%s",
                 problem_str(&err));
}

static int64_t line(const struct outlay_activity *a, const char *category, const char *price,
                    const char *qty)
{
    outlay_err err = {0};
    int64_t no = 0;
    struct outlay_line_in in = {.category = category, .item = "x", .unit_price = price, .qty = qty};
    cr_assert_eq(outlay_ledger_line_add(fx.st, a, &in, 1, &no, &err), OUTLAY_OK, "%s",
                 problem_str(&err));
    return no;
}

static int64_t expense(const struct outlay_activity *a, const char *category, const char *amount,
                       const char *tag, const char *paid_by)
{
    outlay_err err = {0};
    int64_t no = 0;
    struct outlay_expense_in in = {
        .category = category, .amount = amount, .for_tag = tag, .paid_by = paid_by};
    cr_assert_eq(outlay_ledger_expense_add(fx.st, a, &in, 1, &no, NULL, NULL, &err), OUTLAY_OK,
                 "%s", problem_str(&err));
    return no;
}

static int64_t payment(const struct outlay_activity *a, enum outlay_payment_kind kind,
                       const char *name, const char *amount)
{
    outlay_err err = {0};
    int64_t no = 0;
    /* payouts forced: these tests number and void them, whatever the
     * refund (the guard has tests of its own in test_ledger.c) */
    struct outlay_payment_in in = {.name = name, .amount = amount, .force = 1};
    cr_assert_eq(outlay_ledger_payment_add(fx.st, a, kind, &in, 1, &no, NULL, NULL, &err),
                 OUTLAY_OK, "%s", problem_str(&err));
    return no;
}

/* The store's own check (maintained totals against a recount): none. */
static void count_problem(void *ctx, const outlay_err *p)
{
    ++*(int *)ctx;
    cr_log_error("%s", problem_str(p));
}

static void check_passes(void)
{
    outlay_err err = {0};
    int problems = 0;
    cr_assert_eq(outlay_ledger_integrity(fx.st, count_problem, &problems, NULL, &err), 0);
    cr_assert_eq(problems, 0);
}

/* The newest audit row's command and detail, copied. */
static void last_audit(char *command, char *detail, size_t n)
{
    outlay_audit_cursor *c = NULL;
    outlay_err err = {0};
    const char *at, *who, *cmd, *slug, *d;
    cr_assert_eq(outlay_ledger_log(fx.st, NULL, &c, &err), OUTLAY_OK);
    while (outlay_audit_cursor_next(c, &at, &who, &cmd, &slug, &d, &err) == 1) {
        snprintf(command, n, "%s", cmd);
        snprintf(detail, n, "%s", d);
    }
    outlay_audit_cursor_close(c);
}

/* Settles the activity: the row of the participant called name, and what
 * they advanced in *advanced (may be NULL). */
static struct outlay_settle_row settle_person(const char *name, int64_t *advanced)
{
    struct outlay_settlement s;
    outlay_err err = {0};
    struct outlay_settle_row row = {0};
    int found = 0;
    cr_assert_eq(outlay_ledger_settle(fx.st, &fx.act, &s, &err), OUTLAY_OK, "%s",
                 problem_str(&err));
    for (size_t i = 0; i < s.npeople; i++)
        if (!strcmp(s.people[i].name, name)) {
            row = s.result.rows[i];
            if (advanced)
                *advanced = s.inputs[i].advanced;
            found = 1;
        }
    outlay_settlement_release(&s);
    cr_assert(found, "nobody called %s", name);
    return row;
}

static struct outlay_settle_row settle_row(const char *name)
{
    return settle_person(name, NULL);
}

static int64_t advanced_by(const char *name)
{
    int64_t v = -1;
    settle_person(name, &v);
    return v;
}

static int64_t report_actual(const char *category)
{
    struct outlay_ledger_report r;
    outlay_err err = {0};
    int64_t v = -1;
    cr_assert_eq(outlay_ledger_report(fx.st, &fx.act, &r, &err), OUTLAY_OK);
    for (size_t i = 0; i < r.report.nrows; i++)
        if (!strcmp(r.report.rows[i].category, category))
            v = r.report.rows[i].actual;
    outlay_ledger_report_release(&r);
    return v;
}

/* --- numbers ------------------------------------------------------------- */

Test(ledger_edit, each_kind_is_numbered_within_its_activity)
{
    struct outlay_activity meet;
    activity("meet", &meet);
    person(&fx.act, "Ann", NULL);
    person(&meet, "Bob", NULL);
    /* interleaved, as a treasurer records two activities at once */
    cr_assert_eq(line(&fx.act, "hotel", "100", "2"), 1);
    cr_assert_eq(line(&meet, "prizes", "5", "20"), 1);
    cr_assert_eq(line(&fx.act, "meals", "30", "4"), 2);
    cr_assert_eq(expense(&meet, "prizes", "96.80", NULL, NULL), 1);
    cr_assert_eq(expense(&fx.act, "hotel", "200", NULL, NULL), 1);
    cr_assert_eq(expense(&meet, "lunch", "93", NULL, NULL), 2);
    cr_assert_eq(payment(&fx.act, OUTLAY_DEPOSIT, "Ann", "100"), 1);
    cr_assert_eq(payment(&meet, OUTLAY_DEPOSIT, "Bob", "20"), 1);
    cr_assert_eq(payment(&fx.act, OUTLAY_PAYOUT, "Ann", "10"), 1);
    cr_assert_eq(payment(&fx.act, OUTLAY_DEPOSIT, "Ann", "50"), 2);
    /* a void keeps its number, and the next record does not reuse it */
    outlay_err err = {0};
    cr_assert_eq(outlay_ledger_expense_void(fx.st, &meet, "2", "typo", &err), OUTLAY_OK);
    cr_assert_eq(expense(&meet, "lunch", "93", NULL, NULL), 3);
    /* listings read in that order, numbers in their id */
    outlay_expense_cursor *c = NULL;
    struct outlay_expense e;
    int64_t want[] = {1, 2, 3}, n = 0;
    cr_assert_eq(outlay_ledger_expenses(fx.st, &meet, &c, &err), OUTLAY_OK);
    while (outlay_expense_cursor_next(c, &e, &err) == 1) {
        cr_assert_lt(n, 3);
        cr_expect_eq(e.id, want[n], "row %lld is expense %lld", (long long)n, (long long)e.id);
        cr_expect_eq(e.is_void, n == 1);
        n++;
    }
    outlay_expense_cursor_close(c);
    cr_assert_eq(n, 3);
    outlay_activity_release(&meet);
    check_passes();
}

Test(ledger_edit, a_number_is_digits_only)
{
    static const struct {
        const char *text;
        int ok;
        int64_t no;
    } cases[] = {
        {"1", 1, 1},
        {"42", 1, 42},
        {"007", 1, 7},
        {"0", 1, 0},
        {"999999999999999999", 1, INT64_C(999999999999999999)},
        {"1000000000000000000", 0, 0},
        {"", 0, 0},
        {"-1", 0, 0},
        {"+1", 0, 0},
        {"1.0", 0, 0},
        {" 1", 0, 0},
        {"1 ", 0, 0},
        {"abc", 0, 0},
        {"1e3", 0, 0},
        {"١", 0, 0},
        {"３", 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t no = -1;
        cr_expect_eq(outlay_ledger_no_parse(cases[i].text, &no), cases[i].ok, "'%s'",
                     cases[i].text);
        if (cases[i].ok)
            cr_expect_eq(no, cases[i].no, "'%s'", cases[i].text);
    }
    int64_t no;
    cr_expect_eq(outlay_ledger_no_parse(NULL, &no), 0);
}

/* A missing number is invalid input; one that is not a number, usage. */
Test(ledger_edit, records_that_are_not_there)
{
    outlay_err err = {0};
    person(&fx.act, "Ann", NULL);
    line(&fx.act, "hotel", "100", "1");
    struct outlay_line_in in = {.qty = "2"};
    struct outlay_expense_in ein = {.amount = "2"};
    cr_assert_eq(outlay_ledger_line_set(fx.st, &fx.act, "9", &in, &err), OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "no_line(trip, 9)");
    cr_assert_eq(outlay_ledger_line_void(fx.st, &fx.act, "0", "x", &err), OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "no_line(trip, 0)");
    cr_assert_eq(outlay_ledger_expense_set(fx.st, &fx.act, "1", &ein, NULL, NULL, &err),
                 OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "no_expense(trip, 1)");
    cr_assert_eq(outlay_ledger_payment_void(fx.st, &fx.act, OUTLAY_DEPOSIT, "3", "x", &err),
                 OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "no_deposit(trip, 3)");
    cr_assert_eq(outlay_ledger_payment_void(fx.st, &fx.act, OUTLAY_PAYOUT, "1", "x", &err),
                 OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "no_payout(trip, 1)");

    cr_assert_eq(outlay_ledger_line_set(fx.st, &fx.act, "one", &in, &err), OUTLAY_EUSAGE);
    cr_assert_str_eq(problem_str(&err), "not_line_no(one, trip)");
    cr_assert_eq(outlay_ledger_expense_void(fx.st, &fx.act, "#1", "x", &err), OUTLAY_EUSAGE);
    cr_assert_str_eq(problem_str(&err), "not_expense_no(#1, trip)");
    cr_assert_eq(outlay_ledger_payment_void(fx.st, &fx.act, OUTLAY_DEPOSIT, "-1", "x", &err),
                 OUTLAY_EUSAGE);
    cr_assert_str_eq(problem_str(&err), "not_deposit_no(-1, trip)");
    cr_assert_eq(outlay_ledger_payment_void(fx.st, &fx.act, OUTLAY_PAYOUT, "1.5", "x", &err),
                 OUTLAY_EUSAGE);
    cr_assert_str_eq(problem_str(&err), "not_payout_no(1.5, trip)");
    /* the number is read before the reason */
    cr_assert_eq(outlay_ledger_line_void(fx.st, &fx.act, "x", "", &err), OUTLAY_EUSAGE);
    cr_assert_eq(outlay_ledger_line_void(fx.st, &fx.act, "1", "", &err), OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "void_no_reason()");
    cr_assert_str_eq(err.column, "reason");
    cr_assert_eq(outlay_ledger_line_void(fx.st, &fx.act, "1", NULL, &err), OUTLAY_EINVAL);
    cr_assert_eq(outlay_ledger_line_void(fx.st, &fx.act, "1", " \t ", &err), OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "void_no_reason()");
    cr_assert_eq(outlay_ledger_line_void(fx.st, &fx.act, "1", "bad\x01", &err), OUTLAY_EINVAL);
    cr_assert_str_eq(err.column, "reason");
    cr_assert_eq(outlay_ledger_payment_void(fx.st, &fx.act, 7, "1", "x", &err), OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "internal_kind(payment, 7)");
}

/* --- voids --------------------------------------------------------------- */

Test(ledger_edit, voided_lines_deposits_and_payouts_count_nowhere)
{
    outlay_err err = {0};
    char command[256], detail[256];
    person(&fx.act, "Ann", NULL);
    person(&fx.act, "Bob", NULL);
    line(&fx.act, "hotel", "100", "2");
    line(&fx.act, "hotel", "100", "2"); /* entered twice */
    expense(&fx.act, "hotel", "200", NULL, NULL);
    payment(&fx.act, OUTLAY_DEPOSIT, "Ann", "100");
    payment(&fx.act, OUTLAY_DEPOSIT, "Ann", "1000.50"); /* a typo: over ten times the planned */
    payment(&fx.act, OUTLAY_DEPOSIT, "Bob", "100");
    payment(&fx.act, OUTLAY_PAYOUT, "Bob", "30");

    cr_assert_eq(outlay_ledger_line_void(fx.st, &fx.act, "2", "entered twice", &err), OUTLAY_OK);
    last_audit(command, detail, sizeof detail);
    cr_assert_str_eq(command, "budget void");
    cr_assert_str_eq(detail, "line 2 voided: entered twice");
    cr_assert_eq(outlay_ledger_payment_void(fx.st, &fx.act, OUTLAY_DEPOSIT, "2", "typo", &err),
                 OUTLAY_OK);
    last_audit(command, detail, sizeof detail);
    cr_assert_str_eq(command, "deposit void");
    cr_assert_str_eq(detail, "deposit 2 voided: typo");
    cr_assert_eq(outlay_ledger_payment_void(fx.st, &fx.act, OUTLAY_PAYOUT, "1", "not paid", &err),
                 OUTLAY_OK);
    last_audit(command, detail, sizeof detail);
    cr_assert_str_eq(command, "payout void");
    cr_assert_str_eq(detail, "payout 1 voided: not paid");

    /* budget totals and the report */
    struct outlay_budget_summary sum;
    cr_assert_eq(outlay_ledger_budget_summary(fx.st, &fx.act, &sum, &err), OUTLAY_OK);
    cr_assert_eq(sum.total, 20000);
    struct outlay_ledger_report r;
    cr_assert_eq(outlay_ledger_report(fx.st, &fx.act, &r, &err), OUTLAY_OK);
    cr_assert_eq(r.report.total.budgeted, 20000);
    outlay_ledger_report_release(&r);
    /* settlement: 200.00 over two; Ann paid 100, Bob 100 and got nothing back */
    cr_assert_eq(settle_row("Ann").balance, 0);
    cr_assert_eq(settle_row("Bob").balance, 0);
    /* the year's figures and the typo check */
    int64_t total = 0;
    cr_assert_eq(
        outlay_ledger_amount_magnitude(fx.st, &fx.act, OUTLAY_AMOUNTS_DEPOSITS, &total, &err),
        OUTLAY_OK);
    cr_assert_eq(total, 20000);
    cr_assert_eq(
        outlay_ledger_amount_magnitude(fx.st, &fx.act, OUTLAY_AMOUNTS_PAYOUTS, &total, &err),
        OUTLAY_OK);
    cr_assert_eq(total, 0);
    int problems = 0;
    cr_assert_eq(outlay_ledger_problems(fx.st, &fx.act, count_problem, &problems, &err), 0,
                 "the voided 1,000.50 deposit is no longer a likely typo");

    /* still listed, with the reason */
    outlay_payment_cursor *c = NULL;
    struct outlay_payment p;
    int rows = 0;
    cr_assert_eq(outlay_ledger_payments(fx.st, &fx.act, OUTLAY_DEPOSIT, &c, &err), OUTLAY_OK);
    while (outlay_payment_cursor_next(c, &p, &err) == 1) {
        rows++;
        cr_expect_eq(p.is_void, p.id == 2);
        if (p.is_void)
            cr_expect_str_eq(p.void_reason, "typo");
    }
    outlay_payment_cursor_close(c);
    cr_assert_eq(rows, 3);

    /* a void is final */
    cr_assert_eq(outlay_ledger_line_void(fx.st, &fx.act, "2", "again", &err), OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "line_void_already(2, entered twice)");
    cr_assert_eq(outlay_ledger_payment_void(fx.st, &fx.act, OUTLAY_DEPOSIT, "2", "x", &err),
                 OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "deposit_void_already(2, typo)");
    cr_assert_eq(outlay_ledger_payment_void(fx.st, &fx.act, OUTLAY_PAYOUT, "1", "x", &err),
                 OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "payout_void_already(1, not paid)");
    check_passes();
}

/* A per-head line that was voided keeps its quantity when the headcount
 * changes, and does not stop the headcount from changing. */
Test(ledger_edit, a_void_per_head_line_is_left_alone)
{
    outlay_err err = {0};
    struct outlay_line_in ph = {
        .category = "souvenirs", .item = "Cap", .unit_price = "50", .per_head = "yes"};
    cr_assert_eq(outlay_ledger_line_add(fx.st, &fx.act, &ph, 1, NULL, &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_line_void(fx.st, &fx.act, "1", "no caps", &err), OUTLAY_OK);
    struct outlay_activity_in more = {.headcount = "9"};
    cr_assert_eq(outlay_ledger_activity_set(fx.st, "trip", &more, &err), OUTLAY_OK);
    outlay_line_cursor *c = NULL;
    struct outlay_budget_line l;
    cr_assert_eq(outlay_ledger_lines(fx.st, &fx.act, &c, &err), OUTLAY_OK);
    cr_assert_eq(outlay_line_cursor_next(c, &l, &err), 1);
    cr_expect_eq(l.qty, 4);
    cr_expect_eq(l.amount, 20000);
    cr_expect(l.is_void);
    outlay_line_cursor_close(c);
}

/* --- budget set ---------------------------------------------------------- */

Test(ledger_edit, budget_set_changes_the_fields_given)
{
    outlay_err err = {0};
    char command[512], detail[512];
    struct outlay_line_in add = {.category = "prizes",
                                 .item = "Winner prizes",
                                 .unit_price = "5",
                                 .qty = "20",
                                 .unit = "winner",
                                 .note = "cups"};
    cr_assert_eq(outlay_ledger_line_add(fx.st, &fx.act, &add, 1, NULL, &err), OUTLAY_OK);
    struct outlay_line_in set = {.unit_price = "6.50", .qty = "25", .note = ""};
    cr_assert_eq(outlay_ledger_line_set(fx.st, &fx.act, "1", &set, &err), OUTLAY_OK, "%s",
                 problem_str(&err));
    last_audit(command, detail, sizeof detail);
    cr_assert_str_eq(command, "budget set");
    cr_assert_str_eq(detail, "line 1: unit_price 5.00 -> 6.50, qty 20 -> 25, note 'cups' -> '', "
                             "amount 100.00 -> 162.50");
    outlay_line_cursor *c = NULL;
    struct outlay_budget_line l;
    cr_assert_eq(outlay_ledger_lines(fx.st, &fx.act, &c, &err), OUTLAY_OK);
    cr_assert_eq(outlay_line_cursor_next(c, &l, &err), 1);
    cr_expect_str_eq(l.category, "prizes");
    cr_expect_str_eq(l.item, "Winner prizes");
    cr_expect_str_eq(l.unit, "winner");
    cr_expect_null(l.note);
    cr_expect_eq(l.amount, 16250);
    outlay_line_cursor_close(c);

    /* one per head (the headcount is 4), then a fixed quantity again */
    struct outlay_line_in ph = {.per_head = "yes", .funded_by = "union", .category = "prizes"};
    cr_assert_eq(outlay_ledger_line_set(fx.st, &fx.act, "1", &ph, &err), OUTLAY_OK);
    last_audit(command, detail, sizeof detail);
    cr_assert_str_eq(detail, "line 1: qty 25 -> 4, per_head 'no' -> 'yes', funded_by "
                             "'participants' -> 'union', amount 162.50 -> 26.00");
    struct outlay_line_in qty = {.qty = "3"};
    cr_assert_eq(outlay_ledger_line_set(fx.st, &fx.act, "1", &qty, &err), OUTLAY_OK);
    last_audit(command, detail, sizeof detail);
    cr_assert_str_eq(detail, "line 1: qty 4 -> 3, per_head 'yes' -> 'no', amount 26.00 -> 19.50");
    struct outlay_budget_summary sum;
    cr_assert_eq(outlay_ledger_budget_summary(fx.st, &fx.act, &sum, &err), OUTLAY_OK);
    cr_assert_eq(sum.total, 1950);
    cr_assert_eq(sum.union_funded, 1950);
}

Test(ledger_edit, budget_set_refusals_change_nothing)
{
    outlay_err err = {0};
    char command[512], detail[512];
    line(&fx.act, "hotel", "100", "2");
    last_audit(command, detail, sizeof detail);
    struct {
        struct outlay_line_in in;
        enum outlay_status rc;
        const char *problem, *column;
    } cases[] = {
        {{.category = ""}, OUTLAY_EINVAL, "field_empty()", "category"},
        {{.item = ""}, OUTLAY_EINVAL, "field_empty()", "item"},
        {{.unit_price = ""}, OUTLAY_EINVAL, "field_empty()", "unit_price"},
        {{.unit_price = "1.234"}, OUTLAY_EINVAL, "amount_decimals(1.234)", "unit_price"},
        {{.unit_price = "-5"}, OUTLAY_EINVAL, "amount_negative(-5)", "unit_price"},
        {{.qty = "0"}, OUTLAY_EINVAL, "qty_form(0)", "qty"},
        {{.funded_by = "company"}, OUTLAY_EINVAL, "not_funder(company)", "funded_by"},
        {{.unit_price = "999999999999.99", .qty = "2"},
         OUTLAY_EOVERFLOW,
         "line_amount_large()",
         "qty"},
        {{.category = "hotel", .unit_price = "100.00"}, OUTLAY_EINVAL, "line_unchanged(1)", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        outlay_err_clear(&err);
        cr_expect_eq(outlay_ledger_line_set(fx.st, &fx.act, "1", &cases[i].in, &err), cases[i].rc,
                     "case %zu: %s", i, problem_str(&err));
        cr_expect_str_eq(problem_str(&err), cases[i].problem, "case %zu", i);
        cr_expect_str_eq(err.column, cases[i].column, "case %zu", i);
    }
    char c2[512], d2[512];
    last_audit(c2, d2, sizeof d2);
    cr_assert_str_eq(d2, detail, "a refused change wrote an audit row");
    struct outlay_budget_summary sum;
    cr_assert_eq(outlay_ledger_budget_summary(fx.st, &fx.act, &sum, &err), OUTLAY_OK);
    cr_assert_eq(sum.total, 20000);
    /* a void line cannot be changed */
    cr_assert_eq(outlay_ledger_line_void(fx.st, &fx.act, "1", "cancelled", &err), OUTLAY_OK);
    struct outlay_line_in qty = {.qty = "3"};
    cr_assert_eq(outlay_ledger_line_set(fx.st, &fx.act, "1", &qty, &err), OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "line_is_void(1, cancelled)");
}

/* --- expense set --------------------------------------------------------- */

/* Moving an expense between categories, tags and funders keeps the
 * maintained totals equal to a recount (check passes), and the report and
 * settlement equal those of the same expenses entered right first time. */
Test(ledger_edit, expense_set_keeps_the_totals_right)
{
    outlay_err err = {0};
    char command[1024], detail[1024];
    person(&fx.act, "Ann", "rafting");
    person(&fx.act, "Bob", NULL);
    expense(&fx.act, "tickets", "300", "rafting", NULL);
    expense(&fx.act, "meals", "120", NULL, "Ann");
    expense(&fx.act, "meals", "80", NULL, NULL);
    struct outlay_expense_in set = {.category = "transport",
                                    .amount = "400",
                                    .for_tag = "",
                                    .funded_by = "union",
                                    .payee = "Coach Co."};
    cr_assert_eq(outlay_ledger_expense_set(fx.st, &fx.act, "1", &set, NULL, NULL, &err), OUTLAY_OK,
                 "%s", problem_str(&err));
    last_audit(command, detail, sizeof detail);
    cr_assert_str_eq(command, "expense set");
    cr_assert_str_eq(detail, "expense 1: category 'tickets' -> 'transport', amount 300.00 -> "
                             "400.00, payee '' -> 'Coach Co.', for 'rafting' -> '', funded_by "
                             "'participants' -> 'union'");
    check_passes();
    struct outlay_expense_in payer = {.paid_by = "Bob", .amount = "-20", .date = "2026/5/26"};
    cr_assert_eq(outlay_ledger_expense_set(fx.st, &fx.act, "2", &payer, NULL, NULL, &err),
                 OUTLAY_OK, "%s", problem_str(&err));
    last_audit(command, detail, sizeof detail);
    cr_assert_str_eq(detail, "expense 2: date '' -> '2026-05-26', amount 120.00 -> -20.00, "
                             "paid_by 'Ann' -> 'Bob'");
    struct outlay_expense_in nobody = {.paid_by = ""};
    cr_assert_eq(outlay_ledger_expense_set(fx.st, &fx.act, "2", &nobody, NULL, NULL, &err),
                 OUTLAY_OK);
    check_passes();
    cr_assert_eq(report_actual("tickets"), -1, "no expense is left in tickets");
    cr_assert_eq(report_actual("transport"), 40000);
    cr_assert_eq(report_actual("meals"), 6000);
    /* meals: -20 + 80 = 60 over two; transport is the union's */
    cr_assert_eq(settle_row("Ann").cost, 3000);
    cr_assert_eq(settle_row("Bob").cost, 3000);
    cr_assert_eq(advanced_by("Bob"), 0);

    /* a voided expense leaves its new groups, not its old ones */
    cr_assert_eq(outlay_ledger_expense_void(fx.st, &fx.act, "1", "wrong trip", &err), OUTLAY_OK);
    check_passes();
    cr_assert_eq(report_actual("transport"), -1);
    struct outlay_expense_in again = {.amount = "1"};
    cr_assert_eq(outlay_ledger_expense_set(fx.st, &fx.act, "1", &again, NULL, NULL, &err),
                 OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "expense_is_void(1, wrong trip)");
}

Test(ledger_edit, expense_set_refusals_change_nothing)
{
    outlay_err err = {0};
    struct heard h = {0};
    person(&fx.act, "Ann", NULL);
    expense(&fx.act, "meals", "120", NULL, "Ann");
    struct {
        struct outlay_expense_in in;
        const char *problem, *column;
    } cases[] = {
        {{.category = ""}, "field_empty()", "category"},
        {{.amount = ""}, "field_empty()", "amount"},
        {{.amount = "12.345"}, "amount_decimals(12.345)", "amount"},
        {{.date = "2026-13-01"}, "date_day(2026-13-01)", "date"},
        {{.paid_by = "Zed"}, "no_participant(Zed, trip)", "paid_by"},
        {{.for_tag = "a;b"}, "not_one_tag(a;b)", "for"},
        {{.funded_by = "x"}, "not_funder(x)", "funded_by"},
        {{.category = "meals", .paid_by = "Ann"}, "expense_unchanged(1)", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        outlay_err_clear(&err);
        cr_expect_eq(outlay_ledger_expense_set(fx.st, &fx.act, "1", &cases[i].in, NULL, NULL, &err),
                     OUTLAY_EINVAL, "case %zu: %s", i, problem_str(&err));
        cr_expect_str_eq(problem_str(&err), cases[i].problem, "case %zu: %s", i, problem_str(&err));
        cr_expect_str_eq(err.column, cases[i].column, "case %zu", i);
    }
    cr_assert_eq(report_actual("meals"), 12000);
    cr_assert_eq(advanced_by("Ann"), 12000);
    /* a tag nobody carries yet: changed, with its warning (SPEC §6) */
    struct outlay_expense_in tag = {.for_tag = "rafting"};
    cr_assert_eq(outlay_ledger_expense_set(fx.st, &fx.act, "1", &tag, hear, &h, &err), OUTLAY_OK);
    cr_assert_str_eq(h.s, "expense_tag_unheld(rafting, trip)");
    check_passes();
}

/* --- participant rename -------------------------------------------------- */

Test(ledger_edit, a_renamed_participant_keeps_their_records)
{
    outlay_err err = {0};
    char command[256], detail[256];
    person(&fx.act, "Wang Fnag", "rafting");
    person(&fx.act, "Li Wei", NULL);
    payment(&fx.act, OUTLAY_DEPOSIT, "Wang Fnag", "100");
    expense(&fx.act, "meals", "50", NULL, "Wang Fnag");
    struct outlay_settle_row before = settle_row("Wang Fnag");
    cr_assert_eq(outlay_ledger_participant_rename(fx.st, &fx.act, "Wang Fnag", "Wang Fang", &err),
                 OUTLAY_OK, "%s", problem_str(&err));
    last_audit(command, detail, sizeof detail);
    cr_assert_str_eq(command, "participant rename");
    cr_assert_str_eq(detail, "participant 'Wang Fnag' renamed 'Wang Fang'");
    struct outlay_settle_row after = settle_row("Wang Fang");
    cr_assert_eq(after.balance, before.balance);
    cr_assert_eq(after.cost, before.cost);
    outlay_payment_cursor *c = NULL;
    struct outlay_payment p;
    cr_assert_eq(outlay_ledger_payments(fx.st, &fx.act, OUTLAY_DEPOSIT, &c, &err), OUTLAY_OK);
    cr_assert_eq(outlay_payment_cursor_next(c, &p, &err), 1);
    cr_assert_str_eq(p.name, "Wang Fang");
    outlay_payment_cursor_close(c);
    /* the new name is what commands take */
    payment(&fx.act, OUTLAY_DEPOSIT, "Wang Fang", "10");

    cr_assert_eq(outlay_ledger_participant_rename(fx.st, &fx.act, "Wang Fang", "Li Wei", &err),
                 OUTLAY_EEXIST);
    cr_assert_str_eq(problem_str(&err), "participant_exists(Li Wei, trip)");
    cr_assert_eq(outlay_ledger_participant_rename(fx.st, &fx.act, "Li Wei", "Li Wei", &err),
                 OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "name_unchanged(Li Wei)");
    cr_assert_eq(outlay_ledger_participant_rename(fx.st, &fx.act, "Nobody", "X", &err),
                 OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "no_participant_to_set(Nobody, trip)");
    cr_assert_eq(outlay_ledger_participant_rename(fx.st, &fx.act, "Li Wei", "", &err),
                 OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "name_empty()");
    cr_assert_str_eq(err.column, "name");
}

/* --- activity void ------------------------------------------------------- */

Test(ledger_edit, an_activity_is_voided_once_nothing_hangs_on_it)
{
    outlay_err err = {0};
    struct outlay_activity a;
    person(&fx.act, "Ann", NULL); /* participants do not block it */
    line(&fx.act, "hotel", "100", "1");
    expense(&fx.act, "hotel", "100", NULL, NULL);
    payment(&fx.act, OUTLAY_DEPOSIT, "Ann", "100");
    payment(&fx.act, OUTLAY_DEPOSIT, "Ann", "5");
    payment(&fx.act, OUTLAY_PAYOUT, "Ann", "5");
    cr_assert_eq(outlay_ledger_activity_void(fx.st, "trip", "cancelled", &err), OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "activity_has_records(trip, 1, 1, 2, 1)");
    cr_assert_eq(outlay_ledger_line_void(fx.st, &fx.act, "1", "cancelled", &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_expense_void(fx.st, &fx.act, "1", "cancelled", &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_payment_void(fx.st, &fx.act, OUTLAY_DEPOSIT, "2", "x", &err),
                 OUTLAY_OK);
    cr_assert_eq(outlay_ledger_activity_void(fx.st, "trip", "cancelled", &err), OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "activity_has_records(trip, 0, 0, 1, 1)");
    cr_assert_eq(outlay_ledger_payment_void(fx.st, &fx.act, OUTLAY_DEPOSIT, "1", "x", &err),
                 OUTLAY_OK);
    cr_assert_eq(outlay_ledger_payment_void(fx.st, &fx.act, OUTLAY_PAYOUT, "1", "x", &err),
                 OUTLAY_OK);
    cr_assert_eq(outlay_ledger_activity_void(fx.st, "trip", "", &err), OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "void_no_reason()");
    cr_assert_eq(outlay_ledger_activity_void(fx.st, "trip", "rained off", &err), OUTLAY_OK, "%s",
                 problem_str(&err));

    /* read as before, void, refusing every change */
    cr_assert_eq(outlay_ledger_activity(fx.st, "trip", 0, &a, &err), OUTLAY_OK);
    cr_assert(a.is_void);
    cr_assert_str_eq(a.void_reason, "rained off");
    outlay_activity_release(&a);
    cr_assert_eq(outlay_ledger_activity(fx.st, "trip", 1, &a, &err), OUTLAY_ECLOSED);
    cr_assert_str_eq(problem_str(&err), "activity_void(trip, rained off)");
    struct outlay_activity_in set = {.venue = "x"};
    cr_assert_eq(outlay_ledger_activity_set(fx.st, "trip", &set, &err), OUTLAY_ECLOSED);
    cr_assert_eq(outlay_ledger_activity_close(fx.st, "trip", 1, &err), OUTLAY_ECLOSED);
    cr_assert_eq(outlay_ledger_activity_close(fx.st, "trip", 0, &err), OUTLAY_ECLOSED);
    cr_assert_str_eq(problem_str(&err), "activity_void(trip, rained off)");
    cr_assert_eq(outlay_ledger_activity_void(fx.st, "trip", "again", &err), OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "activity_void_already(trip, rained off)");
    /* its slug stays taken */
    struct outlay_activity_in add = {.title = "Trip again"};
    cr_assert_eq(outlay_ledger_activity_add(fx.st, "trip", &add, &err), OUTLAY_EEXIST);
    check_passes();
}

Test(ledger_edit, a_closed_activity_is_reopened_before_it_is_voided)
{
    outlay_err err = {0};
    cr_assert_eq(outlay_ledger_activity_close(fx.st, "trip", 1, &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_activity_void(fx.st, "trip", "x", &err), OUTLAY_ECLOSED);
    cr_assert_str_eq(problem_str(&err), "activity_closed(trip)");
    struct outlay_activity a;
    cr_assert_eq(outlay_ledger_activity(fx.st, "trip", 1, &a, &err), OUTLAY_ECLOSED);
    cr_assert_str_eq(problem_str(&err), "activity_closed(trip)");
}

/* --- corrections meet the guards and names of SPEC §11 ------------------- */

/* participant rename takes the new name as participant add does (trimmed,
 * runs of spaces made one) and finds a clash by the name's key: another
 * participant's name in another case is refused, naming how it is written;
 * another spelling of the person's own name is a rename. */
Test(ledger_edit, rename_goes_by_the_name_key)
{
    outlay_err err = {0};
    char command[256], detail[256];
    person(&fx.act, "Wang Fang", NULL);
    person(&fx.act, "Li Wei", NULL);
    cr_assert_eq(outlay_ledger_participant_rename(fx.st, &fx.act, "wang fang", " LI  wei ", &err),
                 OUTLAY_EEXIST);
    cr_assert_str_eq(problem_str(&err), "participant_exists_as(LI wei, trip, Li Wei)");
    cr_assert_str_eq(err.column, "name");
    cr_assert_eq(
        outlay_ledger_participant_rename(fx.st, &fx.act, "WANG  FANG", "  wang   fang ", &err),
        OUTLAY_OK, "%s", problem_str(&err));
    last_audit(command, detail, sizeof detail);
    cr_assert_str_eq(detail, "participant 'Wang Fang' renamed 'wang fang'");
    cr_assert_eq(outlay_ledger_participant_rename(fx.st, &fx.act, "Wang Fang", "wang fang", &err),
                 OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "name_unchanged(wang fang)");
    cr_assert_eq(outlay_ledger_participant_rename(fx.st, &fx.act, "wang fang", "Fang Wang", &err),
                 OUTLAY_OK, "%s", problem_str(&err));
    /* found under the new name's key, in any case */
    struct outlay_payment_in d = {.name = "FANG wang", .amount = "10"};
    cr_assert_eq(
        outlay_ledger_payment_add(fx.st, &fx.act, OUTLAY_DEPOSIT, &d, 1, NULL, NULL, NULL, &err),
        OUTLAY_OK, "%s", problem_str(&err));
    last_audit(command, detail, sizeof detail);
    cr_assert_str_eq(detail, "deposit 1: 10.00 from 'Fang Wang'");
    check_passes();
}

/* expense set warns as expense add does, of the expense as it now is. */
Test(ledger_edit, expense_set_warns_like_expense_add)
{
    outlay_err err = {0};
    struct heard h = {0};
    struct outlay_activity_in dates = {.date = "2026-05-25"};
    cr_assert_eq(outlay_ledger_activity_set(fx.st, "trip", &dates, &err), OUTLAY_OK);
    outlay_activity_release(&fx.act);
    cr_assert_eq(outlay_ledger_activity(fx.st, "trip", 1, &fx.act, &err), OUTLAY_OK);
    line(&fx.act, "transport", "100", NULL);
    expense(&fx.act, "transport", "50", NULL, NULL);
    struct outlay_expense_in early = {.date = "2026-04-01"};
    cr_assert_eq(outlay_ledger_expense_set(fx.st, &fx.act, "1", &early, hear, &h, &err), OUTLAY_OK,
                 "%s", problem_str(&err));
    cr_assert_str_eq(h.s, "expense_early(2026-04-01, 2026-05-25, 54)");
    h = (struct heard){0};
    struct outlay_expense_in cat = {.date = "2026-05-25", .category = "transprt"};
    cr_assert_eq(outlay_ledger_expense_set(fx.st, &fx.act, "1", &cat, hear, &h, &err), OUTLAY_OK);
    cr_assert_str_eq(h.s, "expense_unbudgeted_near(transprt, trip, transport)");
    h = (struct heard){0};
    struct outlay_expense_in back = {.category = "transport"};
    cr_assert_eq(outlay_ledger_expense_set(fx.st, &fx.act, "1", &back, hear, &h, &err), OUTLAY_OK);
    cr_assert_str_eq(h.s, "");
    /* refused: nothing changed, nothing warned */
    cr_assert_eq(outlay_ledger_expense_set(fx.st, &fx.act, "1", &back, hear, &h, &err),
                 OUTLAY_EINVAL);
    cr_assert_str_eq(h.s, "");
    check_passes();
}

/* Voided deposits, payouts and budget lines count nowhere, the guards'
 * sums included: a void deposit is not past the plan, a void payout does
 * not use up the refund, a void budget line is no budget for a category. */
Test(ledger_edit, voids_count_nowhere_in_the_guards)
{
    outlay_err err = {0};
    struct heard h = {0};
    person(&fx.act, "Ann", NULL);
    person(&fx.act, "Bob", NULL);
    payment(&fx.act, OUTLAY_DEPOSIT, "Ann", "150");
    cr_assert_eq(outlay_ledger_payment_void(fx.st, &fx.act, OUTLAY_DEPOSIT, "1", "typo", &err),
                 OUTLAY_OK);
    /* 150 void + 200: exactly twice the planned 100, no warning */
    struct outlay_payment_in d = {.name = "Ann", .amount = "200"};
    cr_assert_eq(
        outlay_ledger_payment_add(fx.st, &fx.act, OUTLAY_DEPOSIT, &d, 1, NULL, hear, &h, &err),
        OUTLAY_OK);
    cr_assert_str_eq(h.s, "");
    cr_assert_eq(outlay_ledger_deposit_problems(fx.st, &fx.act, 0, hear, &h, &err), 0);
    /* Ann's refund: 200 paid, 40 spent over two (Bob owes 20): 180 */
    expense(&fx.act, "meals", "40", NULL, NULL);
    struct outlay_payment_in p = {.name = "Ann", .amount = "180"};
    cr_assert_eq(
        outlay_ledger_payment_add(fx.st, &fx.act, OUTLAY_PAYOUT, &p, 1, NULL, hear, &h, &err),
        OUTLAY_OK, "%s", problem_str(&err));
    cr_assert_eq(outlay_ledger_payment_void(fx.st, &fx.act, OUTLAY_PAYOUT, "1", "paid twice", &err),
                 OUTLAY_OK);
    cr_assert_eq(
        outlay_ledger_payment_add(fx.st, &fx.act, OUTLAY_PAYOUT, &p, 1, NULL, hear, &h, &err),
        OUTLAY_OK, "the void payout gave nothing back: %s", problem_str(&err));
    cr_assert_str_eq(h.s, "");
    /* a budget of one void line is none: any category is welcome */
    int64_t no = line(&fx.act, "transport", "100", NULL);
    char text[24];
    snprintf(text, sizeof text, "%lld", (long long)no);
    cr_assert_eq(outlay_ledger_line_void(fx.st, &fx.act, text, "cancelled", &err), OUTLAY_OK);
    struct outlay_expense_in e = {.category = "transprt", .amount = "1"};
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &e, 1, NULL, hear, &h, &err), OUTLAY_OK);
    cr_assert_str_eq(h.s, "");
    line(&fx.act, "meals", "10", NULL);
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &e, 1, NULL, hear, &h, &err), OUTLAY_OK);
    cr_assert_str_eq(h.s, "expense_unbudgeted_near(transprt, trip, meals)", "not the void line");
}
