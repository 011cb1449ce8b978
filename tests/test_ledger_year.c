/*
 * test_ledger_year: each activity's figures for the year, kept by the
 * command that changed it (ledger_year.c, store_years.c; SPEC §7, §17):
 * after every kind of write they equal the figures worked out afresh, to
 * the fen; a write rolled back keeps nothing; an activity that cannot be
 * settled yet, or is too large to settle at every command, keeps none (its
 * figures are worked out when read). Runs on SQLite and, with
 * OUTLAY_TEST_PG, on PostgreSQL (make test-pg).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "ledger_fixture.h"
#include "outlay/ledger.h"

static struct ledger_fixture fx;

static void setup(void)
{
    struct outlay_activity_in in = {.title = "Spring outing", .subsidy_per_head = "30"};
    ledger_fixture_open(&fx, "/tmp/outlay-year-XXXXXX", &in);
}

static void teardown(void)
{
    ledger_fixture_close(&fx);
}

TestSuite(year, .init = setup, .fini = teardown, .timeout = 120);

/* Commits what the test wrote (keeping the figures) and begins again. */
static void commit(void)
{
    outlay_err err = {0};
    cr_assert_eq(outlay_ledger_commit(fx.st, &err), OUTLAY_OK, "%s", outlay_problem_name(err.code));
    cr_assert_eq(outlay_store_begin(fx.st, 1, &err), OUTLAY_OK);
}

/* The kept figures of "trip": 1 with them in *y, 0 when none are kept. */
static int kept(struct outlay_year *y)
{
    outlay_err err = {0};
    outlay_year_cursor *c = NULL;
    struct outlay_activity a;
    const char *branch;
    int has = -1, r;
    cr_assert_eq(outlay_ledger_years(fx.st, &c, &err), OUTLAY_OK);
    while ((r = outlay_year_cursor_next(c, &a, &branch, y, &has, &err)) == 1)
        if (!strcmp(a.slug, "trip"))
            break;
    cr_assert_eq(r, 1, "trip is listed");
    outlay_year_cursor_close(c);
    return has;
}

/* The kept figures equal those worked out now. */
static void assert_kept_fresh(struct outlay_year *y)
{
    outlay_err err = {0};
    struct outlay_year fresh;
    cr_assert_eq(kept(y), 1, "figures kept");
    cr_assert_eq(outlay_ledger_year(fx.st, &fx.act, &fresh, &err), OUTLAY_OK);
    cr_assert_eq(y->budgeted, fresh.budgeted);
    cr_assert_eq(y->actual, fresh.actual);
    cr_assert_eq(y->variance, fresh.variance);
    cr_assert_eq(y->union_share, fresh.union_share);
    cr_assert_eq(y->deposits, fresh.deposits);
    cr_assert_eq(y->paid_out, fresh.paid_out);
}

static void person_audited(const char *name, const char *tags, int audit)
{
    outlay_err err = {0};
    struct outlay_participant_in p = {.name = name, .tags = tags};
    cr_assert_eq(outlay_ledger_participant_add(fx.st, &fx.act, &p, audit, &err), OUTLAY_OK);
}

static void person(const char *name, const char *tags)
{
    person_audited(name, tags, 1);
}

static void spend(const char *category, const char *amount, const char *for_tag)
{
    outlay_err err = {0};
    struct outlay_expense_in e = {.category = category, .amount = amount, .for_tag = for_tag};
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &e, 1, NULL, NULL, NULL, &err),
                 OUTLAY_OK, "%s", outlay_problem_name(err.code));
}

static void pay(enum outlay_payment_kind kind, const char *name, const char *amount)
{
    outlay_err err = {0};
    struct outlay_payment_in p = {.name = name, .amount = amount};
    cr_assert_eq(outlay_ledger_payment_add(fx.st, &fx.act, kind, &p, 1, NULL, NULL, NULL, &err),
                 OUTLAY_OK, "%s", outlay_problem_name(err.code));
}

Test(year, kept_by_every_kind_of_write)
{
    outlay_err err = {0};
    struct outlay_year y;
    struct outlay_line_in line = {
        .category = "meals", .item = "lunch", .unit_price = "80", .qty = "3"};
    cr_assert_eq(outlay_ledger_line_add(fx.st, &fx.act, &line, 1, NULL, &err), OUTLAY_OK);
    commit();
    assert_kept_fresh(&y);
    cr_assert_eq(y.budgeted, 24000);
    cr_assert_eq(y.actual, 0);

    person("Ann", NULL);
    person("Bob", NULL);
    person("Cai", NULL);
    pay(OUTLAY_DEPOSIT, "Ann", "100");
    pay(OUTLAY_DEPOSIT, "Bob", "100");
    pay(OUTLAY_DEPOSIT, "Cai", "100");
    spend("meals", "210.30", NULL);
    commit();
    assert_kept_fresh(&y);
    cr_assert_eq(y.budgeted, 24000);
    cr_assert_eq(y.actual, 21030);
    cr_assert_eq(y.variance, 2970);
    /* each costs 70.10, the union pays 30.00 of it for each */
    cr_assert_eq(y.union_share, 9000);
    cr_assert_eq(y.deposits, 30000);
    cr_assert_eq(y.paid_out, 0);

    /* a refund paid, an expense voided: both change the year */
    pay(OUTLAY_PAYOUT, "Ann", "59.90");
    commit();
    assert_kept_fresh(&y);
    cr_assert_eq(y.paid_out, 5990);
    cr_assert_eq(outlay_ledger_expense_void(fx.st, &fx.act, "1", "typed twice", &err), OUTLAY_OK,
                 "%s", outlay_problem_name(err.code));
    commit();
    assert_kept_fresh(&y);
    cr_assert_eq(y.actual, 0);
    cr_assert_eq(y.union_share, 0);

    /* the activity's own settings count too: no subsidy, no union share */
    spend("meals", "90", NULL);
    commit();
    assert_kept_fresh(&y);
    cr_assert_eq(y.union_share, 9000);
    struct outlay_activity_in set = {.subsidy_per_head = "0"};
    cr_assert_eq(outlay_ledger_activity_set(fx.st, "trip", &set, &err), OUTLAY_OK, "%s",
                 outlay_problem_name(err.code));
    commit();
    outlay_activity_release(&fx.act);
    cr_assert_eq(outlay_ledger_activity(fx.st, "trip", 1, &fx.act, &err), OUTLAY_OK);
    assert_kept_fresh(&y);
    cr_assert_eq(y.union_share, 0);
    cr_assert_eq(y.actual, 9000);
}

Test(year, rolled_back_keeps_nothing_new)
{
    struct outlay_year y;
    person("Ann", NULL);
    spend("meals", "10", NULL);
    commit();
    assert_kept_fresh(&y);
    cr_assert_eq(y.actual, 1000);
    spend("meals", "5", NULL);
    outlay_store_rollback(fx.st);
    outlay_err err = {0};
    cr_assert_eq(outlay_store_begin(fx.st, 1, &err), OUTLAY_OK);
    assert_kept_fresh(&y);
    cr_assert_eq(y.actual, 1000);
}

Test(year, not_settled_yet_keeps_none)
{
    struct outlay_year y;
    person("Ann", "raft");
    spend("meals", "10", NULL);
    commit();
    assert_kept_fresh(&y);
    /* an expense for a tag nobody carries: settle refuses until there is
     * one, and the year's row says so when read */
    spend("boats", "40", "kayak");
    commit();
    cr_assert_eq(kept(&y), 0);
    outlay_err err = {0};
    struct outlay_year fresh;
    cr_assert_eq(outlay_ledger_year(fx.st, &fx.act, &fresh, &err), OUTLAY_EINVAL);
    outlay_err_clear(&err);
    person("Bob", "kayak");
    commit();
    assert_kept_fresh(&y);
    cr_assert_eq(y.actual, 5000);
}

Test(year, large_activity_keeps_none)
{
    /* more rows than a command settles on the way out (ledger_year.c):
     * worked out when read instead */
    outlay_err err = {0};
    struct outlay_year y;
    cr_assert_eq(outlay_store_bulk(fx.st, 1, &err), OUTLAY_OK);
    char name[32];
    for (int i = 0; i < 1001; i++) {
        snprintf(name, sizeof name, "P%05d", i);
        person_audited(name, NULL, 0); /* the fixture's activity add named it */
    }
    cr_assert_eq(outlay_store_bulk(fx.st, 0, &err), OUTLAY_OK);
    commit();
    cr_assert_eq(kept(&y), 0);
    struct outlay_year fresh;
    cr_assert_eq(outlay_ledger_year(fx.st, &fx.act, &fresh, &err), OUTLAY_OK);
    cr_assert_eq(fresh.actual, 0);
}
