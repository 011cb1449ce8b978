/* ledger: validation before any write, the audit trail, closing the books. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outlay/ledger.h"
#include "outlay/money.h"

#include "ledger_fixture.h"
#include "settle_model.h"

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

/* --- settling what was recorded, against the model ----------------------- */

/* A model person's tags as a participant's --tags: "rafting;kids". */
static const char *tag_list(unsigned tags, char buf[64])
{
    size_t len = 0;
    buf[0] = '\0';
    for (int t = 0; t <= MODEL_NTAGS; t++)
        if (tags >> t & 1u)
            len +=
                (size_t)snprintf(buf + len, 64 - len, "%s%s", len ? ";" : "", model_tag_names[t]);
    return buf;
}

/* Records model activity m as activity `slug` through the ledger functions,
 * in the order a treasurer would: people, expenses (voiding some), deposits
 * and payouts, then the withdrawals. */
static void record(const struct model_activity *m, const char *slug, struct outlay_activity *a)
{
    outlay_err err = {0};
    char sph[OUTLAY_MONEY_BUFSZ], amount[OUTLAY_MONEY_BUFSZ], tags[64], weight[24], id[24];
    struct outlay_activity_in ai = {
        .title = "Random", .subsidy_per_head = outlay_money_format(m->subsidy_per_head, 0, sph)};
    cr_assert_eq(outlay_ledger_activity_add(fx.st, slug, &ai, &err), OUTLAY_OK, "%s", err.msg);
    cr_assert_eq(outlay_ledger_activity(fx.st, slug, 1, a, &err), OUTLAY_OK, "%s", err.msg);
    for (size_t i = 0; i < m->npeople; i++) {
        snprintf(weight, sizeof weight, "%lld", (long long)m->people[i].weight);
        struct outlay_participant_in p = {
            .name = m->people[i].name, .tags = tag_list(m->people[i].tags, tags), .weight = weight};
        cr_assert_eq(outlay_ledger_participant_add(fx.st, a, &p, 1, &err), OUTLAY_OK, "%s",
                     err.msg);
    }
    for (size_t k = 0; k < m->nexpenses; k++) {
        const struct model_expense *e = &m->expenses[k];
        struct outlay_expense_in in = {
            .category = k % 3 ? "meals" : "transport",
            .amount = outlay_money_format(e->amount, 0, amount),
            .paid_by = e->paid_by >= 0 ? m->people[e->paid_by].name : NULL,
            .for_tag = e->tag == MODEL_ALL ? NULL : model_tag_names[e->tag],
            .funded_by = e->union_funded ? "union" : "participants"};
        int64_t n = 0;
        cr_assert_eq(outlay_ledger_expense_add(fx.st, a, &in, 1, &n, &err), OUTLAY_OK, "%s",
                     err.msg);
        snprintf(id, sizeof id, "%lld", (long long)n);
        if (e->is_void)
            cr_assert_eq(outlay_ledger_expense_void(fx.st, a, id, "entered twice", &err), OUTLAY_OK,
                         "%s", err.msg);
    }
    for (int kind = 0; kind < 2; kind++) {
        const struct model_payment *v = kind ? m->payouts : m->deposits;
        for (size_t k = 0, n = kind ? m->npayouts : m->ndeposits; k < n; k++) {
            struct outlay_payment_in in = {.name = m->people[v[k].who].name,
                                           .amount = outlay_money_format(v[k].amount, 0, amount)};
            cr_assert_eq(outlay_ledger_payment_add(fx.st, a, kind ? OUTLAY_PAYOUT : OUTLAY_DEPOSIT,
                                                   &in, 1, &err),
                         OUTLAY_OK, "%s", err.msg);
        }
    }
    for (size_t i = 0; i < m->npeople; i++) {
        struct outlay_participant_in p = {.name = m->people[i].name};
        if (m->people[i].withdrawn)
            cr_assert_eq(outlay_ledger_participant_set(fx.st, a, &p, 1, &err), OUTLAY_OK, "%s",
                         err.msg);
    }
}

/* SPEC §6 end to end below the CLI: what the ledger loads (voids left out,
 * advances credited to whoever paid, withdrawals) and settles is what the
 * model computes from the records themselves. */
Test(ledger, random_activities_settle_as_the_model_says, .timeout = 120)
{
    static struct model_activity m;
    uint64_t rng = 0x243F6A8885A308D3u;
    int n = getenv("OUTLAY_SANITIZED") ? 60 : 200;
    for (int k = 0; k < n; k++) {
        char slug[16];
        struct outlay_activity a;
        struct outlay_settlement s = {0};
        struct model_result want;
        outlay_err err = {0};
        model_random(&m, &rng);
        model_settle(&m, &want);
        snprintf(slug, sizeof slug, "r%d", k);
        record(&m, slug, &a);
        enum outlay_status st = outlay_ledger_settle(fx.st, &a, &s, &err);
        cr_assert_eq(st, want.error ? OUTLAY_EINVAL : OUTLAY_OK, "%s: %s", slug, err.msg);
        cr_assert_eq(s.npeople, m.npeople);
        for (size_t i = 0; !want.error && i < m.npeople; i++) {
            const struct model_row *w = &want.rows[i];
            const struct outlay_settle_row *g = &s.result.rows[i];
            cr_assert_str_eq(s.people[i].name, m.people[i].name);
            cr_assert_eq(s.people[i].withdrawn, m.people[i].withdrawn);
            cr_assert_eq(s.inputs[i].deposits, w->deposits, "%s person %zu deposits", slug, i);
            cr_assert_eq(s.inputs[i].advanced, w->advanced, "%s person %zu advanced", slug, i);
            cr_assert_eq(s.inputs[i].paid_out, w->paid_out, "%s person %zu paid out", slug, i);
            cr_assert_eq(g->cost, w->cost, "%s person %zu: cost %lld, want %lld", slug, i,
                         (long long)g->cost, (long long)w->cost);
            cr_assert_eq(g->subsidy, w->subsidy, "%s person %zu subsidy", slug, i);
            cr_assert_eq(g->due, w->due, "%s person %zu due", slug, i);
            cr_assert_eq(g->balance, w->balance, "%s person %zu balance", slug, i);
            cr_assert_eq(g->action, w->action, "%s person %zu action", slug, i);
            cr_assert_eq(g->amount, w->amount, "%s person %zu amount", slug, i);
        }
        if (!want.error)
            cr_assert(memcmp(&s.result.totals, &want.totals, sizeof want.totals) == 0,
                      "%s: totals differ (cash %lld, want %lld)", slug,
                      (long long)s.result.totals.cash, (long long)want.totals.cash);
        outlay_settlement_release(&s);
        outlay_activity_release(&a);
    }
}
