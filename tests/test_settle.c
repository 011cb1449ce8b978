#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/settle.h"

#include "settle_model.h"
#include "test_util.h"

/* --- outlay_settle_split (SPEC §6.3) ------------------------------------ */

struct split_case {
    const char *what;
    int64_t total;
    size_t n;
    int64_t weights[4];
    int64_t want[4];
};

static const struct split_case split_cases[] = {
    {"1 fen over 3", 1, 3, {1, 1, 1}, {1, 0, 0}},
    {"2 fen over 3", 2, 3, {1, 1, 1}, {1, 1, 0}},
    {"100.00 over 3", 10000, 3, {1, 1, 1}, {3334, 3333, 3333}},
    /* 3333.33 and 6666.67: the leftover fen goes to the .67 */
    {"weights 1,2", 10000, 2, {1, 2}, {3333, 6667}},
    /* 1666.67, 3333.33, 5000: floors sum 9999, leftover to the .67 */
    {"weights 1,2,3", 10000, 3, {1, 2, 3}, {1667, 3333, 5000}},
    {"-100.00 over 3", -10000, 3, {1, 1, 1}, {-3334, -3333, -3333}},
    {"-1 fen over 3", -1, 3, {1, 1, 1}, {-1, 0, 0}},
    {"-100.00 weights 1,2", -10000, 2, {1, 2}, {-3333, -6667}},
    {"single member", 12345, 1, {7}, {12345}},
    {"single negative", -5, 1, {1}, {-5}},
    {"zero", 0, 3, {1, 2, 3}, {0, 0, 0}},
    /* remainders 2,1,2 of 5: tie between 0 and 2 goes to the lower index */
    {"tie order 1 fen", 1, 3, {2, 1, 2}, {1, 0, 0}},
    {"tie order 2 fen", 2, 3, {2, 1, 2}, {1, 0, 1}},
    {"tie order 3 fen", 3, 3, {2, 1, 2}, {1, 1, 1}},
    /* 4 over 1,1,1,1 exact; 7 over 1,1,1,1: 1.75 each, 3 leftover */
    {"exact", 4, 4, {1, 1, 1, 1}, {1, 1, 1, 1}},
    {"three leftover", 7, 4, {1, 1, 1, 1}, {2, 2, 2, 1}},
    /* MAX/4 = ...951.75 (rem 3), 3MAX/4 = ...855.25 (rem 1): products
     * overflow int64, so only __int128 gets these right */
    {"int64 max", INT64_MAX, 2, {1, 3}, {2305843009213693952, 6917529027641081855}},
};

Test(settle, split_table)
{
    for (size_t c = 0; c < sizeof split_cases / sizeof split_cases[0]; c++) {
        const struct split_case *k = &split_cases[c];
        int64_t got[4] = {0};
        cr_assert_eq(outlay_settle_split(k->total, k->weights, k->n, got), OUTLAY_OK, "%s",
                     k->what);
        for (size_t i = 0; i < k->n; i++)
            cr_assert_eq(got[i], k->want[i], "%s: share %zu is %lld, want %lld", k->what, i,
                         (long long)got[i], (long long)k->want[i]);
    }
}

Test(settle, split_rejects_bad_input)
{
    int64_t w[2] = {1, 0}, s[2];
    cr_assert_eq(outlay_settle_split(100, w, 0, s), OUTLAY_EINVAL);
    cr_assert_eq(outlay_settle_split(100, w, 2, s), OUTLAY_EINVAL);
    w[1] = -1;
    cr_assert_eq(outlay_settle_split(100, w, 2, s), OUTLAY_EINVAL);
    int64_t big[2] = {INT64_MAX, 1};
    cr_assert_eq(outlay_settle_split(100, big, 2, s), OUTLAY_EOVERFLOW);
    int64_t one[1] = {1};
    cr_assert_eq(outlay_settle_split(INT64_MIN, one, 1, s), OUTLAY_EOVERFLOW);
}

/* 100,000 members of weight 1: 10,000,012,345 fen is 100,000.12345 each,
 * all remainders equal, so the 12,345 leftover fen go to the first 12,345. */
Test(settle, split_hundred_thousand_members)
{
    enum { N = 100000 };
    int64_t *w = malloc(N * sizeof *w), *s = malloc(N * sizeof *s);
    cr_assert(w && s);
    for (size_t i = 0; i < N; i++)
        w[i] = 1;
    cr_assert_eq(outlay_settle_split(10000012345, w, N, s), OUTLAY_OK);
    for (size_t i = 0; i < N; i++)
        cr_assert_eq(s[i], i < 12345 ? 100001 : 100000, "share %zu", i);
    /* weights 1..3 cycling: W = 200,000 (33,334 ones, 33,333 twos and threes
     * = 33,334 + 66,666 + 99,999 = 199,999; check it and the sum) */
    int64_t wsum = 0, ssum = 0;
    for (size_t i = 0; i < N; i++)
        wsum += w[i] = 1 + (int64_t)(i % 3);
    cr_assert_eq(wsum, 199999);
    cr_assert_eq(outlay_settle_split(-987654321, w, N, s), OUTLAY_OK);
    for (size_t i = 0; i < N; i++) {
        ssum += s[i];
        __int128 d = (__int128)s[i] * wsum - (__int128)-987654321 * w[i];
        cr_assert(d < wsum && d > -(__int128)wsum, "share %zu off by a fen or more", i);
    }
    cr_assert_eq(ssum, -987654321);
    free(w);
    free(s);
}

Test(settle, action_names)
{
    cr_assert_str_eq(outlay_settle_action_name(OUTLAY_SETTLE_REFUND), "refund");
    cr_assert_str_eq(outlay_settle_action_name(OUTLAY_SETTLE_SUPPLEMENT), "supplement");
    cr_assert_str_eq(outlay_settle_action_name(OUTLAY_SETTLE_SETTLED), "settled");
}

/* --- the SPEC trip ------------------------------------------------------- */

/* 10 people of weight 1, 360.00 deposits each; 0-5 carry "rafting" (with
 * spaces and other tags around it), 9 advanced the 887.00 dinner. */
static void trip_people(struct outlay_settle_person p[10])
{
    static const char *const tags[10] = {
        "rafting",
        " rafting ",
        "hotel;rafting",
        "rafting ; hike",
        "rafting;rafting",
        "hike;rafting",
        "",
        NULL,
        "raft",
        "hike",
    };
    for (int i = 0; i < 10; i++)
        p[i] = (struct outlay_settle_person){
            .name = "p", .tags = tags[i], .weight = 1, .deposits = 36000};
    p[9].advanced = 88700;
}

static void check_row(const struct outlay_settle_row *r, int64_t cost, int64_t subsidy, int64_t due,
                      int64_t balance, enum outlay_settle_action action, int64_t amount, int i)
{
    cr_assert_eq(r->cost, cost, "row %d cost %lld", i, (long long)r->cost);
    cr_assert_eq(r->subsidy, subsidy, "row %d subsidy", i);
    cr_assert_eq(r->due, due, "row %d due", i);
    cr_assert_eq(r->balance, balance, "row %d balance %lld", i, (long long)r->balance);
    cr_assert_eq(r->action, action, "row %d action", i);
    cr_assert_eq(r->amount, amount, "row %d amount", i);
}

/* all: bus 2400 + hotel 3000 + dinner 887 = 6287.00 / 10 = 628.70 each;
 * rafting: 1200.00 / 6 = 200.00 each for 0-5.
 * cost: rafters 828.70, others 628.70; subsidy 50.00 each;
 * due: rafters 778.70, others 578.70.
 * balance: rafters 360 - 778.70 = -418.70 (supplement);
 *          6-8: 360 - 578.70 = -218.70 (supplement);
 *          9: 360 + 887 - 578.70 = +668.30 (refund).
 * totals: expenses 7487.00, advanced 887.00, cost 7487.00, subsidy 500.00,
 * due 6987.00, deposits 3600.00, refunds 668.30,
 * supplements 6 x 418.70 + 3 x 218.70 = 2512.20 + 656.10 = 3168.30,
 * cash 3600 - (7487 - 887) = -3000.00, union share 500.00.
 * Check: 668.30 - 3168.30 = -2500.00 = 3600 + 887 - 0 - 6987. */
Test(settle, spec_trip)
{
    /* the same under rule 1 (SPEC §6.3) and rule 2 (§11.1) */
    for (int rule = OUTLAY_SETTLE_RULE_GROUP; rule <= OUTLAY_SETTLE_RULE_PERSON; rule++) {
        struct outlay_settle_person p[10];
        trip_people(p);
        const struct outlay_settle_expense e[] = {{1, 240000, NULL, 0},
                                                  {2, 300000, "", 0},
                                                  {3, 120000, "rafting", 0},
                                                  {4, 88700, NULL, 0}};
        struct outlay_settle_input in = {p, 10, e, 4, 5000, NULL, (enum outlay_settle_rule)rule, 0};
        struct outlay_settle_result r = {0};
        outlay_err err = {0};
        cr_assert_eq(outlay_settle_compute(&in, &r, &err), OUTLAY_OK, "%s", problem_str(&err));
        cr_assert_eq(r.nrows, 10);
        for (int i = 0; i < 6; i++)
            check_row(&r.rows[i], 82870, 5000, 77870, -41870, OUTLAY_SETTLE_SUPPLEMENT, 41870, i);
        for (int i = 6; i < 9; i++)
            check_row(&r.rows[i], 62870, 5000, 57870, -21870, OUTLAY_SETTLE_SUPPLEMENT, 21870, i);
        check_row(&r.rows[9], 62870, 5000, 57870, 66830, OUTLAY_SETTLE_REFUND, 66830, 9);
        struct outlay_settle_totals t = r.totals;
        cr_assert_eq(t.expenses, 748700);
        cr_assert_eq(t.union_funded, 0);
        cr_assert_eq(t.advanced, 88700);
        cr_assert_eq(t.cost, 748700);
        cr_assert_eq(t.subsidy, 50000);
        cr_assert_eq(t.due, 698700);
        cr_assert_eq(t.deposits, 360000);
        cr_assert_eq(t.paid_out, 0);
        cr_assert_eq(t.refunds, 66830);
        cr_assert_eq(t.supplements, 316830);
        cr_assert_eq(t.cash, -300000);
        cr_assert_eq(t.union_share, 50000);
        outlay_settle_result_release(&r);
        cr_assert_null(r.rows);
        cr_assert_eq(r.nrows, 0);
    }
}

/* The bus (2400.00) union-funded: all = 3000 + 887 = 3887.00 / 10 = 388.70.
 * cost: rafters 588.70, others 388.70; due: 538.70 and 338.70.
 * balance: rafters 360 - 538.70 = -178.70; 6-8: 360 - 338.70 = +21.30;
 *          9: 21.30 + 887 = +908.30.
 * totals: expenses 7487.00 of which union 2400.00, cost 5087.00, due 4587.00,
 * refunds 3 x 21.30 + 908.30 = 972.20, supplements 6 x 178.70 = 1072.20,
 * cash -3000.00, union share 500 + 2400 = 2900.00; settled, cash would be
 * -3000 + 1072.20 - 972.20 = -2900.00 = -union share. */
Test(settle, spec_trip_bus_union_funded)
{
    /* the same under rule 1 (SPEC §6.3) and rule 2 (§11.1) */
    for (int rule = OUTLAY_SETTLE_RULE_GROUP; rule <= OUTLAY_SETTLE_RULE_PERSON; rule++) {
        struct outlay_settle_person p[10];
        trip_people(p);
        const struct outlay_settle_expense e[] = {{1, 240000, NULL, 1},
                                                  {2, 300000, NULL, 0},
                                                  {3, 120000, "rafting", 0},
                                                  {4, 88700, NULL, 0}};
        struct outlay_settle_input in = {p, 10, e, 4, 5000, NULL, (enum outlay_settle_rule)rule, 0};
        struct outlay_settle_result r = {0};
        cr_assert_eq(outlay_settle_compute(&in, &r, NULL), OUTLAY_OK);
        for (int i = 0; i < 6; i++)
            check_row(&r.rows[i], 58870, 5000, 53870, -17870, OUTLAY_SETTLE_SUPPLEMENT, 17870, i);
        for (int i = 6; i < 9; i++)
            check_row(&r.rows[i], 38870, 5000, 33870, 2130, OUTLAY_SETTLE_REFUND, 2130, i);
        check_row(&r.rows[9], 38870, 5000, 33870, 90830, OUTLAY_SETTLE_REFUND, 90830, 9);
        struct outlay_settle_totals t = r.totals;
        cr_assert_eq(t.expenses, 748700);
        cr_assert_eq(t.union_funded, 240000);
        cr_assert_eq(t.advanced, 88700);
        cr_assert_eq(t.cost, 508700);
        cr_assert_eq(t.subsidy, 50000);
        cr_assert_eq(t.due, 458700);
        cr_assert_eq(t.refunds, 97220);
        cr_assert_eq(t.supplements, 107220);
        cr_assert_eq(t.cash, -300000);
        cr_assert_eq(t.union_share, 290000);
        outlay_settle_result_release(&r);
    }
}

/* Person 1 withdrew after paying 360.00 and advancing 10.00: refunded
 * 370.00. Person 0 (weight 2) has a subsidy capped at 30.00 x 2 = 60.00;
 * person 2's credits lower their cost. A negative cost gets no subsidy. */
Test(settle, withdrawn_and_subsidy)
{
    /* the same under rule 1 (SPEC §6.3) and rule 2 (§11.1) */
    for (int rule = OUTLAY_SETTLE_RULE_GROUP; rule <= OUTLAY_SETTLE_RULE_PERSON; rule++) {
        struct outlay_settle_person p[3] = {
            {.name = "a", .weight = 2, .deposits = 5000, .paid_out = 500},
            {.name = "b", .weight = 1, .withdrawn = 1, .deposits = 36000, .advanced = 1000},
            {.name = "c", .tags = "credit", .weight = 1},
        };
        const struct outlay_settle_expense e[] = {
            {1, 10000, NULL, 0}, {2, 1000, "credit", 0}, {3, -3000, "credit", 0}};
        struct outlay_settle_input in = {p, 3, e, 3, 3000, NULL, (enum outlay_settle_rule)rule, 0};
        struct outlay_settle_result r = {0};
        cr_assert_eq(outlay_settle_compute(&in, &r, NULL), OUTLAY_OK);
        /* "all" = a and c, weights 2:1: 6666.67 / 3333.33 -> 6667, 3333 */
        check_row(&r.rows[0], 6667, 6000, 667, 5000 - 500 - 667, OUTLAY_SETTLE_REFUND, 3833, 0);
        check_row(&r.rows[1], 0, 0, 0, 37000, OUTLAY_SETTLE_REFUND, 37000, 1);
        /* c: 3333 - 2000 = 1333, subsidy min(1333, 3000) */
        check_row(&r.rows[2], 1333, 1333, 0, 0, OUTLAY_SETTLE_SETTLED, 0, 2);
        outlay_settle_result_release(&r);

        const struct outlay_settle_expense credit[] = {{1, -900, NULL, 0}};
        in = (struct outlay_settle_input){
            p, 3, credit, 1, 3000, NULL, (enum outlay_settle_rule)rule, 0};
        cr_assert_eq(outlay_settle_compute(&in, &r, NULL), OUTLAY_OK);
        check_row(&r.rows[0], -600, 0, -600, 5100, OUTLAY_SETTLE_REFUND, 5100, 0);
        check_row(&r.rows[2], -300, 0, -300, 300, OUTLAY_SETTLE_REFUND, 300, 2);
        outlay_settle_result_release(&r);
    }
}

Test(settle, empty_tag_group_is_an_error)
{
    /* the same under rule 1 (SPEC §6.3) and rule 2 (§11.1) */
    for (int rule = OUTLAY_SETTLE_RULE_GROUP; rule <= OUTLAY_SETTLE_RULE_PERSON; rule++) {
        struct outlay_settle_person p[2] = {
            {.name = "a", .tags = "hike", .weight = 1},
            {.name = "b", .tags = "rafting", .weight = 1, .withdrawn = 1},
        };
        const struct outlay_settle_expense e[] = {{1, 100, NULL, 0},
                                                  {4, 100, "rafting", 0},
                                                  {5, 100, "rafting", 1},
                                                  {7, 100, " rafting", 0}};
        struct outlay_settle_input in = {p, 2, e, 4, 0, NULL, (enum outlay_settle_rule)rule, 0};
        struct outlay_settle_result r = {0};
        outlay_err err = {0};
        cr_assert_eq(outlay_settle_compute(&in, &r, &err), OUTLAY_EINVAL);
        cr_assert_eq(err.status, OUTLAY_EINVAL);
        cr_assert_str_eq(problem_str(&err), "settle_tag_nobody(rafting, 4, 7, 0, )");
        cr_assert_null(r.rows);
        cr_assert_eq(r.nrows, 0);

        /* union-funded expenses for a tag nobody carries are fine */
        const struct outlay_settle_expense u[] = {{5, 100, "rafting", 1}};
        in = (struct outlay_settle_input){p, 2, u, 1, 0, NULL, (enum outlay_settle_rule)rule, 0};
        cr_assert_eq(outlay_settle_compute(&in, &r, &err), OUTLAY_OK);
        outlay_settle_result_release(&r);
    }
}

Test(settle, empty_group_lists_at_most_twenty_ids)
{
    /* the same under rule 1 (SPEC §6.3) and rule 2 (§11.1) */
    for (int rule = OUTLAY_SETTLE_RULE_GROUP; rule <= OUTLAY_SETTLE_RULE_PERSON; rule++) {
        struct outlay_settle_person p[1] = {{.name = "a", .weight = 1, .withdrawn = 1}};
        struct outlay_settle_expense e[23];
        for (int i = 0; i < 23; i++)
            e[i] = (struct outlay_settle_expense){.id = i + 1, .amount = 100};
        struct outlay_settle_input in = {p, 1, e, 23, 0, NULL, (enum outlay_settle_rule)rule, 0};
        struct outlay_settle_result r = {0};
        outlay_err err = {0};
        cr_assert_eq(outlay_settle_compute(&in, &r, &err), OUTLAY_EINVAL);
        cr_assert_str_eq(problem_str(&err),
                         "settle_nobody(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, "
                         "14, 15, 16, 17, 18, 19, 20, 3, )");
        /* no expenses at all: nothing to share, nobody active is fine */
        in.nexpenses = 0;
        cr_assert_eq(outlay_settle_compute(&in, &r, &err), OUTLAY_OK);
        check_row(&r.rows[0], 0, 0, 0, 0, OUTLAY_SETTLE_SETTLED, 0, 0);
        outlay_settle_result_release(&r);
    }
}

Test(settle, rejects_bad_input_and_overflow)
{
    /* the same under rule 1 (SPEC §6.3) and rule 2 (§11.1) */
    for (int rule = OUTLAY_SETTLE_RULE_GROUP; rule <= OUTLAY_SETTLE_RULE_PERSON; rule++) {
        struct outlay_settle_person p[1] = {{.name = "a", .weight = 0}};
        const struct outlay_settle_expense e[] = {{1, INT64_MAX, NULL, 0}, {2, 1, NULL, 0}};
        struct outlay_settle_input in = {p, 1, e, 2, 0, NULL, (enum outlay_settle_rule)rule, 0};
        struct outlay_settle_result r = {0};
        outlay_err err = {0};
        cr_assert_eq(outlay_settle_compute(&in, &r, &err), OUTLAY_EINVAL);
        cr_assert_str_eq(problem_str(&err), "settle_weight(a, 0)");
        p[0].weight = 1;
        cr_assert_eq(outlay_settle_compute(&in, &r, &err), OUTLAY_EOVERFLOW);
        cr_assert_null(r.rows);
        in.nexpenses = 1;
        in.subsidy_per_head = -1;
        cr_assert_eq(outlay_settle_compute(&in, &r, &err), OUTLAY_EINVAL);
        cr_assert_str_eq(problem_str(&err), "settle_subsidy(-0.01)");
        in.subsidy_per_head = INT64_MAX; /* cap overflows: subsidy is the whole cost */
        p[0].weight = 2;
        cr_assert_eq(outlay_settle_compute(&in, &r, &err), OUTLAY_OK);
        check_row(&r.rows[0], INT64_MAX, INT64_MAX, 0, 0, OUTLAY_SETTLE_SETTLED, 0, 0);
        outlay_settle_result_release(&r);
        outlay_settle_result_release(NULL);
    }
}

Test(settle, overflow_names_the_activity)
{
    /* the same under rule 1 (SPEC §6.3) and rule 2 (§11.1) */
    for (int rule = OUTLAY_SETTLE_RULE_GROUP; rule <= OUTLAY_SETTLE_RULE_PERSON; rule++) {
        struct outlay_settle_person p[1] = {{.name = "a", .weight = 1, .deposits = INT64_MAX}};
        const struct outlay_settle_expense e[] = {{1, -1, NULL, 0}};
        struct outlay_settle_input in = {p, 1, e, 1, 0, "trip", (enum outlay_settle_rule)rule, 0};
        struct outlay_settle_result r = {0};
        outlay_err err = {0};
        /* balance = INT64_MAX - (-1) */
        cr_assert_eq(outlay_settle_compute(&in, &r, &err), OUTLAY_EOVERFLOW);
        cr_assert_str_eq(problem_str(&err), "[trip] settle_range()");
        cr_assert_null(r.rows);
    }
}

/* --- against the model ---------------------------------------------------- */

/* The expectations below come from tests/settle_model.h, SPEC §6 written
 * again in exact integers without looking at settle.c; nothing here asks
 * outlay_settle_split what a share should be. */

static uint64_t rng = 0x9E3779B97F4A7C15u;

/* Fewer rounds under the sanitizers, which run every test some ten times
 * slower; still thousands of splits and activities. */
static int rounds(int n)
{
    return getenv("OUTLAY_SANITIZED") ? n / 2 : n;
}

/* Random groups: up to 40 members, weights 1 (ties), small, or up to 2^40;
 * totals of a few fen, everyday, or up to +-2^62. */
Test(settle, split_matches_the_model)
{
    int64_t w[MODEL_MAX_PEOPLE], got[MODEL_MAX_PEOPLE];
    __int128 want[MODEL_MAX_PEOPLE];
    for (int c = 0; c < rounds(20000); c++) {
        size_t n = (size_t)model_rnd(&rng, 1, MODEL_MAX_PEOPLE);
        int kind = (int)model_rnd(&rng, 0, 2);
        for (size_t i = 0; i < n; i++)
            w[i] = kind == 0   ? 1
                   : kind == 1 ? model_rnd(&rng, 1, 6)
                               : model_rnd(&rng, 1, (int64_t)1 << 40);
        int64_t total = model_rnd(&rng, 0, 2) == 0 ? model_rnd(&rng, -50, 50)
                        : model_rnd(&rng, 0, 1) == 0
                            ? model_rnd(&rng, -10000000, 10000000)
                            : model_rnd(&rng, -((int64_t)1 << 62), (int64_t)1 << 62);
        model_split(total, w, n, want);
        cr_assert_eq(outlay_settle_split(total, w, n, got), OUTLAY_OK);
        for (size_t i = 0; i < n; i++)
            cr_assert_eq(got[i], (int64_t)want[i],
                         "case %d: %lld over %zu members, share %zu is %lld, want %lld", c,
                         (long long)total, n, i, (long long)got[i], (long long)want[i]);
    }
}

static void check_totals(const struct outlay_settle_totals *got,
                         const struct outlay_settle_totals *want, int a)
{
#define SAME(f)                                                                                    \
    cr_assert_eq(got->f, want->f, "activity %d: total " #f " is %lld, want %lld", a,               \
                 (long long)got->f, (long long)want->f)
    SAME(expenses);
    SAME(union_funded);
    SAME(advanced);
    SAME(cost);
    SAME(subsidy);
    SAME(due);
    SAME(deposits);
    SAME(paid_out);
    SAME(refunds);
    SAME(supplements);
    SAME(cash);
    SAME(union_share);
#undef SAME
}

/* SPEC §6.3: the error names a group with no active member. */
static void check_empty_group_error(const struct model_result *want, const outlay_err *err, int a)
{
    int named = want->empty_all && err->code == OUTLAY_P_SETTLE_NOBODY;
    for (int t = 0; t < MODEL_NTAGS && !named; t++)
        named = (want->empty_tags >> t & 1u) && err->code == OUTLAY_P_SETTLE_TAG_NOBODY &&
                strcmp(err->args[0].text, model_tag_names[t]) == 0;
    cr_assert(named, "activity %d: the error names no empty group: %s", a, problem_str(err));
}

/* SPEC §11.1 checked on its own words, apart from the model's ordering:
 * every active person's cost is strictly within a fen of their exact share,
 * and the costs add up to the participant-funded expenses. */
static void check_within_a_fen(const struct model_activity *act,
                               const struct outlay_settle_result *r, int a)
{
    mpq_t exact[MODEL_MAX_PEOPLE], d;
    mpq_init(d);
    __int128 sum = 0, shared = 0;
    for (size_t i = 0; i < act->npeople; i++)
        mpq_init(exact[i]);
    model_exact_shares(act, exact);
    for (size_t i = 0; i < act->npeople; i++) {
        mpq_set_si(d, (long)r->rows[i].cost, 1);
        mpq_sub(d, d, exact[i]);
        mpq_abs(d, d);
        cr_assert(mpq_cmp_si(d, 1, 1) < 0,
                  "activity %d person %zu: cost %lld is a fen or more "
                  "from the exact share %s",
                  a, i, (long long)r->rows[i].cost, mpq_get_str(NULL, 10, exact[i]));
        sum += r->rows[i].cost;
        mpq_clear(exact[i]);
    }
    for (size_t k = 0; k < act->nexpenses; k++)
        if (!act->expenses[k].is_void && !act->expenses[k].union_funded)
            shared += act->expenses[k].amount;
    cr_assert(sum == shared, "activity %d: the costs add up to %lld, the expenses to %lld", a,
              (long long)sum, (long long)shared);
    mpq_clear(d);
}

/* Every row and every total equals the model's; then, once every refund is
 * paid and every supplement collected, all balances are zero and the fund's
 * cash is minus the union's share (SPEC §6). */
static void check_against_model(const struct model_activity *act, int a)
{
    struct model_input m;
    struct model_result want;
    struct outlay_settle_result r = {0};
    outlay_err err = {0};

    model_settle(act, &want);
    model_input(act, &m, &rng);
    enum outlay_status st = outlay_settle_compute(&m.in, &r, &err);
    if (want.error) {
        cr_assert_eq(st, OUTLAY_EINVAL, "activity %d: an empty group must be an error", a);
        cr_assert_null(r.rows);
        check_empty_group_error(&want, &err, a);
        return;
    }
    cr_assert_eq(st, OUTLAY_OK, "activity %d: %s", a, problem_str(&err));
    cr_assert_eq(r.nrows, act->npeople);
    for (size_t i = 0; i < act->npeople; i++) {
        const struct model_row *w = &want.rows[i];
        const struct outlay_settle_row *g = &r.rows[i];
        cr_assert_eq(m.people[i].deposits, w->deposits);
        cr_assert_eq(m.people[i].advanced, w->advanced);
        cr_assert_eq(m.people[i].paid_out, w->paid_out);
        cr_assert_eq(g->cost, w->cost, "activity %d person %zu: cost %lld, want %lld", a, i,
                     (long long)g->cost, (long long)w->cost);
        cr_assert_eq(g->subsidy, w->subsidy, "activity %d person %zu: subsidy %lld, want %lld", a,
                     i, (long long)g->subsidy, (long long)w->subsidy);
        cr_assert_eq(g->due, w->due, "activity %d person %zu: due", a, i);
        cr_assert_eq(g->balance, w->balance, "activity %d person %zu: balance", a, i);
        cr_assert_eq(g->action, w->action, "activity %d person %zu: action", a, i);
        cr_assert_eq(g->amount, w->amount, "activity %d person %zu: amount", a, i);
    }
    check_totals(&r.totals, &want.totals, a);
    if (act->rule == 2)
        check_within_a_fen(act, &r, a);
    outlay_settle_result_release(&r);

    for (size_t i = 0; i < act->npeople; i++) {
        if (want.rows[i].action == OUTLAY_SETTLE_SUPPLEMENT)
            m.people[i].deposits += want.rows[i].amount;
        else if (want.rows[i].action == OUTLAY_SETTLE_REFUND)
            m.people[i].paid_out += want.rows[i].amount;
    }
    cr_assert_eq(outlay_settle_compute(&m.in, &r, &err), OUTLAY_OK, "%s", problem_str(&err));
    for (size_t i = 0; i < act->npeople; i++)
        cr_assert_eq(r.rows[i].balance, 0, "activity %d person %zu after settling", a, i);
    cr_assert_eq(r.totals.cash, -r.totals.union_share, "activity %d", a);
    outlay_settle_result_release(&r);
}

Test(settle, random_activities_match_the_model)
{
    static struct model_activity act;
    int errors = 0;
    for (int a = 0; a < rounds(6000); a++) {
        model_random(&act, &rng);
        struct model_result want;
        model_settle(&act, &want);
        errors += want.error;
        check_against_model(&act, a);
    }
    /* the draw reaches the error too, but mostly settles */
    cr_assert(errors > rounds(6000) / 100 && errors < rounds(6000) / 4, "%d errors", errors);
}

/* Rule 2 (SPEC §11.1): the same draws, every figure as the model says and
 * every cost within a fen of the exact share. */
Test(settle, random_activities_rule_2_match_the_model)
{
    static struct model_activity act;
    int errors = 0;
    for (int a = 0; a < rounds(6000); a++) {
        model_random(&act, &rng);
        act.rule = 2;
        struct model_result want;
        model_settle(&act, &want);
        errors += want.error;
        check_against_model(&act, a);
    }
    cr_assert(errors > rounds(6000) / 100 && errors < rounds(6000) / 4, "%d errors", errors);
}

/* --- rule 2: one rounding per person (SPEC §11.1) ------------------------ */

/* A (g1;g2), B (g1), C (g2), weight 1 each; 1.01 for g1 paid by B, 1.01 for
 * g2 paid by C, 1.01 for everybody paid by A. Exact shares, in fen:
 *   A = 101/3 + 101/2 + 101/2 = 404/3 = 134 2/3
 *   B = C = 101/3 + 101/2 = 505/6 = 84 1/6;  T = 303.
 * Rule 2: floors 134, 84, 84 (302); the fen left goes to the largest part,
 * A's 2/3: A 135, B 84, C 84, each within a fen of the share.
 * Rule 1: "all" 33 2/3 each gives 34, 34, 33 (ties in registration order);
 * g1 50.5 each gives A 51, B 50; g2 gives A 51, C 50; so A 136, B 84,
 * C 83, and A is 136 - 134 2/3 = 1 1/3 fen from their share.
 * Balances (each advanced 101): rule 2 A -34, B 17, C 17; rule 1 A -35,
 * B 17, C 18. */
Test(settle, rule_2_rounds_once_per_person)
{
    struct outlay_settle_person p[3] = {
        {.name = "A", .tags = "g1;g2", .weight = 1, .advanced = 101},
        {.name = "B", .tags = "g1", .weight = 1, .advanced = 101},
        {.name = "C", .tags = "g2", .weight = 1, .advanced = 101},
    };
    const struct outlay_settle_expense e[] = {
        {1, 101, "g1", 0}, {2, 101, "g2", 0}, {3, 101, NULL, 0}};
    struct outlay_settle_input in = {p, 3, e, 3, 0, NULL, OUTLAY_SETTLE_RULE_PERSON, 0};
    struct outlay_settle_result r = {0};
    outlay_err err = {0};
    cr_assert_eq(outlay_settle_compute(&in, &r, &err), OUTLAY_OK, "%s", problem_str(&err));
    check_row(&r.rows[0], 135, 0, 135, -34, OUTLAY_SETTLE_SUPPLEMENT, 34, 0);
    check_row(&r.rows[1], 84, 0, 84, 17, OUTLAY_SETTLE_REFUND, 17, 1);
    check_row(&r.rows[2], 84, 0, 84, 17, OUTLAY_SETTLE_REFUND, 17, 2);
    cr_assert_eq(r.totals.cost, 303);
    cr_assert_eq(r.totals.refunds, 34);
    cr_assert_eq(r.totals.supplements, 34);
    cr_assert_eq(r.totals.cash, 0);
    outlay_settle_result_release(&r);

    in.rule = OUTLAY_SETTLE_RULE_GROUP;
    cr_assert_eq(outlay_settle_compute(&in, &r, &err), OUTLAY_OK, "%s", problem_str(&err));
    check_row(&r.rows[0], 136, 0, 136, -35, OUTLAY_SETTLE_SUPPLEMENT, 35, 0);
    check_row(&r.rows[1], 84, 0, 84, 17, OUTLAY_SETTLE_REFUND, 17, 1);
    check_row(&r.rows[2], 83, 0, 83, 18, OUTLAY_SETTLE_REFUND, 18, 2);
    cr_assert_eq(r.totals.cost, 303);
    outlay_settle_result_release(&r);

    /* 0 is rule 1, as for inputs written before rule 2; 3 is no rule */
    in.rule = 0;
    cr_assert_eq(outlay_settle_compute(&in, &r, &err), OUTLAY_OK, "%s", problem_str(&err));
    cr_assert_eq(r.rows[0].cost, 136);
    outlay_settle_result_release(&r);
    in.rule = (enum outlay_settle_rule)3;
    cr_assert_eq(outlay_settle_compute(&in, &r, &err), OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "settle_rule(3)");
    cr_assert_null(r.rows);
}

/* A withdrawn member is in no group: rule 2 shares among the others, and
 * the withdrawn one's deposit is refunded (SPEC §6.8). Weights 1, 2, 3 in
 * "all" (1.00), B (weight 2) withdrawn: A 100/4 = 25, C 300/4 = 75. */
Test(settle, rule_2_leaves_withdrawn_people_out)
{
    struct outlay_settle_person p[3] = {
        {.name = "A", .weight = 1},
        {.name = "B", .weight = 2, .withdrawn = 1, .deposits = 500},
        {.name = "C", .weight = 3},
    };
    const struct outlay_settle_expense e[] = {{1, 100, NULL, 0}};
    struct outlay_settle_input in = {p, 3, e, 1, 0, NULL, OUTLAY_SETTLE_RULE_PERSON, 0};
    struct outlay_settle_result r = {0};
    cr_assert_eq(outlay_settle_compute(&in, &r, NULL), OUTLAY_OK);
    check_row(&r.rows[0], 25, 0, 25, -25, OUTLAY_SETTLE_SUPPLEMENT, 25, 0);
    check_row(&r.rows[1], 0, 0, 0, 500, OUTLAY_SETTLE_REFUND, 500, 1);
    check_row(&r.rows[2], 75, 0, 75, -75, OUTLAY_SETTLE_SUPPLEMENT, 75, 2);
    outlay_settle_result_release(&r);
}

struct people_case {
    const char *what;
    size_t ngroups, n;
    int64_t totals[3], weights[4];
    unsigned char in[4][3]; /* person i in group g */
    int64_t want[4];
};

/* Shares below zero round down too (towards minus infinity), so every
 * fractional part is in [0, 1) and the leftover fen are never negative. */
static const struct people_case people_cases[] = {
    /* the example above, groups all, g1, g2 */
    {"A in g1 and g2",
     3,
     3,
     {101, 101, 101},
     {1, 1, 1},
     {{1, 1, 1}, {1, 1, 0}, {1, 0, 1}},
     {135, 84, 84}},
    /* -100/3 = -33 1/3 each: floors -34 (-102), 2 fen left, parts all 2/3:
     * the first two in registration order */
    {"-1.00 over 3", 1, 3, {-100}, {1, 1, 1}, {{1}, {1}, {1}}, {-33, -33, -34}},
    /* all +5 over 3 (5/3 each), g -10 over the first two (-5 each):
     * -10/3, -10/3, 5/3; floors -4, -4, 1 (-7) of T = -5: 2 fen left,
     * parts 2/3 each: -3, -3, 1 */
    {"credit in a tag", 2, 3, {5, -10}, {1, 1, 1}, {{1, 1}, {1, 1}, {1, 0}}, {-3, -3, 1}},
    /* weights 1, 2: 100/3 and 200/3 in one group, -50 for the first alone:
     * -16 2/3 and 66 2/3; floors -17, 66 (49) of 50; the parts are 1/3
     * (-16 2/3 is -17 + 1/3) and 2/3: the second gets the fen */
    {"weights and a credit", 2, 2, {100, -50}, {1, 2}, {{1, 1}, {1, 0}}, {-17, 67}},
    /* one person in no group gets 0; a group of total 0 without members is
     * no error */
    {"nobody's zero group", 2, 2, {7, 0}, {1, 1}, {{1, 0}, {0, 0}}, {7, 0}},
    /* 1 fen over weights 2, 1, 2: parts 2/5, 1/5, 2/5: the first wins the tie */
    {"tie order", 1, 3, {1}, {2, 1, 2}, {{1}, {1}, {1}}, {1, 0, 0}},
};

/* CSR memberships (first, member) from a case's table. */
static size_t people_csr(const unsigned char in[][3], size_t n, size_t ngroups, size_t *first,
                         size_t *member)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        first[i] = k;
        for (size_t g = 0; g < ngroups; g++)
            if (in[i][g])
                member[k++] = g;
    }
    first[n] = k;
    return k;
}

Test(settle, split_people_table)
{
    for (size_t c = 0; c < sizeof people_cases / sizeof people_cases[0]; c++) {
        const struct people_case *k = &people_cases[c];
        size_t first[5], member[12];
        int64_t got[4] = {0};
        people_csr(k->in, k->n, k->ngroups, first, member);
        cr_assert_eq(
            outlay_settle_split_people(k->totals, k->ngroups, k->weights, k->n, first, member, got),
            OUTLAY_OK, "%s", k->what);
        for (size_t i = 0; i < k->n; i++)
            cr_assert_eq(got[i], k->want[i], "%s: person %zu gets %lld, want %lld", k->what, i,
                         (long long)got[i], (long long)k->want[i]);
    }
}

Test(settle, split_people_rejects_bad_input)
{
    const int64_t totals[2] = {100, 5}, w[2] = {1, 1}, big[2] = {INT64_MAX, 1};
    size_t first[3] = {0, 1, 2}, member[2] = {0, 0};
    int64_t cost[2];
    /* group 1 has a total and nobody in it */
    cr_assert_eq(outlay_settle_split_people(totals, 2, w, 2, first, member, cost), OUTLAY_EINVAL);
    member[1] = 2; /* no such group */
    cr_assert_eq(outlay_settle_split_people(totals, 2, w, 2, first, member, cost), OUTLAY_EINVAL);
    member[1] = 1;
    const int64_t zero[2] = {1, 0};
    cr_assert_eq(outlay_settle_split_people(totals, 2, zero, 2, first, member, cost),
                 OUTLAY_EINVAL);
    const size_t backwards[3] = {0, 2, 1};
    cr_assert_eq(outlay_settle_split_people(totals, 2, w, 2, backwards, member, cost),
                 OUTLAY_EINVAL);
    member[1] = 0; /* both in group 0: their weights add past int64 */
    const int64_t one[2] = {100, 0};
    cr_assert_eq(outlay_settle_split_people(one, 2, big, 2, first, member, cost), OUTLAY_EOVERFLOW);
    const int64_t huge[2] = {INT64_MAX, INT64_MAX};
    cr_assert_eq(outlay_settle_split_people(huge, 2, w, 2, first, member, cost),
                 OUTLAY_EOVERFLOW); /* T leaves int64 */
    /* nobody at all: nothing to do */
    cr_assert_eq(outlay_settle_split_people(NULL, 0, NULL, 0, first, NULL, NULL), OUTLAY_OK);
}

/* Random groups against the model: up to 40 people in up to 6 groups,
 * weights 1 (ties), small or up to 2^40, totals of a few fen or up to
 * +-2^59 (so T stays in range), either sign. Then SPEC §11.1's promise on
 * its own: within a fen of the exact share, and the sum is T. */
Test(settle, split_people_matches_the_model)
{
    enum { G = 6 };
    int64_t w[MODEL_MAX_PEOPLE], totals[G], got[MODEL_MAX_PEOPLE];
    unsigned char in[MODEL_MAX_PEOPLE * G];
    size_t first[MODEL_MAX_PEOPLE + 1], member[MODEL_MAX_PEOPLE * G];
    __int128 want[MODEL_MAX_PEOPLE];
    mpq_t exact[MODEL_MAX_PEOPLE], d;
    mpq_init(d);
    for (size_t i = 0; i < MODEL_MAX_PEOPLE; i++)
        mpq_init(exact[i]);
    for (int c = 0; c < rounds(20000); c++) {
        size_t n = (size_t)model_rnd(&rng, 1, MODEL_MAX_PEOPLE);
        size_t ng = (size_t)model_rnd(&rng, 1, G);
        int kind = (int)model_rnd(&rng, 0, 2);
        for (size_t i = 0; i < n; i++)
            w[i] = kind == 0   ? 1
                   : kind == 1 ? model_rnd(&rng, 1, 6)
                               : model_rnd(&rng, 1, (int64_t)1 << 40);
        memset(in, 0, sizeof in);
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            first[i] = k;
            for (size_t g = 0; g < ng; g++)
                if ((in[i * ng + g] = model_rnd(&rng, 0, 2) != 0))
                    member[k++] = g;
        }
        first[n] = k;
        for (size_t g = 0; g < ng; g++) {
            int has = 0;
            for (size_t i = 0; i < n; i++)
                has |= in[i * ng + g];
            totals[g] = !has                         ? 0
                        : model_rnd(&rng, 0, 2) == 0 ? model_rnd(&rng, -50, 50)
                        : model_rnd(&rng, 0, 1) == 0
                            ? model_rnd(&rng, -10000000, 10000000)
                            : model_rnd(&rng, -((int64_t)1 << 59), (int64_t)1 << 59);
        }
        model_share_people(totals, ng, w, n, in, want, exact);
        cr_assert_eq(outlay_settle_split_people(totals, ng, w, n, first, member, got), OUTLAY_OK,
                     "case %d", c);
        __int128 sum = 0, t = 0;
        for (size_t g = 0; g < ng; g++)
            t += totals[g];
        for (size_t i = 0; i < n; i++) {
            cr_assert_eq(got[i], (int64_t)want[i],
                         "case %d: %zu people in %zu groups, person %zu "
                         "gets %lld, the model says %lld",
                         c, n, ng, i, (long long)got[i], (long long)want[i]);
            mpq_set_si(d, (long)got[i], 1);
            mpq_sub(d, d, exact[i]);
            mpq_abs(d, d);
            cr_assert(mpq_cmp_si(d, 1, 1) < 0, "case %d person %zu: a fen or more away", c, i);
            sum += got[i];
        }
        cr_assert(sum == t, "case %d: the costs add up to %lld, the totals to %lld", c,
                  (long long)sum, (long long)t);
    }
    for (size_t i = 0; i < MODEL_MAX_PEOPLE; i++)
        mpq_clear(exact[i]);
    mpq_clear(d);
}

/* Parts that differ only after 64 binary places: W = 2^40; groups X {P, H}
 * +1, Y {F, Q} +1, Z {Q, G (weight W - 1)} +1, Z' {Q, G' (weight W)} -1.
 *   P, H, F: 1/2;  Q: 1/2 + 1/W - 1/(W + 1) = 1/2 + 1/(W (W + 1)), about
 *   1/2 + 2^-80;  G: (W - 1)/W;  G': -W/(W + 1), floor -1, part 1/(W + 1).
 * T = 2, floors add to -1: 3 fen left. G's part (1 - 2^-40) is the
 * largest; then P, H, F and Q are all 1/2 to 64 binary places, and only
 * the exact parts say that Q's is the largest: Q, then P (registration
 * order) get the other two. */
Test(settle, split_people_compares_parts_exactly)
{
    const int64_t W = (int64_t)1 << 40;
    const int64_t totals[4] = {1, 1, 1, -1};     /* X, Y, Z, Z' */
    const int64_t w[6] = {1, 1, 1, 1, W - 1, W}; /* P, H, F, Q, G, G' */
    const size_t first[7] = {0, 1, 2, 3, 6, 7, 8};
    const size_t member[8] = {0, 0, 1, 1, 2, 3, 2, 3};
    int64_t cost[6];
    cr_assert_eq(outlay_settle_split_people(totals, 4, w, 6, first, member, cost), OUTLAY_OK);
    const int64_t want[6] = {1, 0, 0, 1, 1, -1};
    for (size_t i = 0; i < 6; i++)
        cr_assert_eq(cost[i], want[i], "person %zu gets %lld, want %lld", i, (long long)cost[i],
                     (long long)want[i]);
}

/* J people Q_j whose parts are 1/2 + 1/(W_j (W_j + 1)), W_j = 2^40 - 1024 j:
 * all 1/2 to 64 binary places, all different, larger for a larger j (a
 * later registration). Q_2p and Q_2p+1 share group Y_p (+1, a half each);
 * Q_j and G_j (weight W_j - 1) group Z_j (+1); Q_j and G'_j (weight W_j)
 * group Z'_j (-1). G_j's part is 1 - 1/W_j, G'_j's 1/(W_j + 1) (floor -1).
 * T = J/2, the floors add to -J: 3J/2 fen left. The J G's take J; the other
 * J/2 go to the Q's of the largest parts, the last J/2 registered: only an
 * exact comparison knows. J = 6 has 6 distinct parts where the cut falls,
 * J = 80 more than order_run() ranks as classes (its other path). */
static void near_ties(size_t J)
{
    size_t n = 3 * J, ng = J / 2 + 2 * J, k = 0;
    int64_t *w = calloc(n, sizeof *w), *totals = calloc(ng, sizeof *totals),
            *cost = calloc(n, sizeof *cost);
    size_t *first = calloc(n + 1, sizeof *first), *member = calloc(3 * J + 2 * J, sizeof *member);
    cr_assert(w && totals && cost && first && member);
    for (size_t g = 0; g < J / 2; g++)
        totals[g] = 1; /* Y_p */
    for (size_t j = 0; j < J; j++) {
        int64_t W = ((int64_t)1 << 40) - 1024 * (int64_t)j;
        size_t y = j / 2, z = J / 2 + 2 * j, z2 = z + 1;
        totals[z] = 1;
        totals[z2] = -1;
        w[3 * j] = 1; /* Q_j in Y, Z, Z' */
        first[3 * j] = k;
        member[k++] = y;
        member[k++] = z;
        member[k++] = z2;
        w[3 * j + 1] = W - 1; /* G_j in Z */
        first[3 * j + 1] = k;
        member[k++] = z;
        w[3 * j + 2] = W; /* G'_j in Z' */
        first[3 * j + 2] = k;
        member[k++] = z2;
    }
    first[n] = k;
    cr_assert_eq(outlay_settle_split_people(totals, ng, w, n, first, member, cost), OUTLAY_OK);
    for (size_t j = 0; j < J; j++) {
        cr_assert_eq(cost[3 * j], j >= J / 2 ? 1 : 0, "J %zu: Q_%zu gets %lld", J, j,
                     (long long)cost[3 * j]);
        cr_assert_eq(cost[3 * j + 1], 1, "J %zu: G_%zu", J, j);
        cr_assert_eq(cost[3 * j + 2], -1, "J %zu: G'_%zu", J, j);
    }
    free(w);
    free(totals);
    free(cost);
    free(first);
    free(member);
}

Test(settle, split_people_ranks_near_ties_exactly)
{
    near_ties(6);
    near_ties(80);
}

/* 100,000 people of weight 1 in one group: 10,000,012,345 fen is
 * 100,000.12345 each; every part is equal, so the 12,345 fen left go to the
 * first 12,345 in registration order (the exact comparison of a long run
 * of equal keys). */
Test(settle, split_people_hundred_thousand_ties)
{
    enum { N = 100000 };
    int64_t *w = malloc(N * sizeof *w), *cost = malloc(N * sizeof *cost);
    size_t *first = malloc((N + 1) * sizeof *first), *member = calloc(N, sizeof *member);
    cr_assert(w && cost && first && member);
    for (size_t i = 0; i < N; i++) {
        w[i] = 1;
        first[i] = i;
    }
    first[N] = N;
    const int64_t total = 10000012345;
    cr_assert_eq(outlay_settle_split_people(&total, 1, w, N, first, member, cost), OUTLAY_OK);
    for (size_t i = 0; i < N; i++)
        cr_assert_eq(cost[i], i < 12345 ? 100001 : 100000, "person %zu", i);
    free(w);
    free(cost);
    free(first);
    free(member);
}

/* The model itself, on the SPEC's cases worked by hand above: the trip
 * (rows 0-5 rafting) and a tie broken by registration order. */
Test(settle, the_model_agrees_with_the_worked_examples)
{
    static struct model_activity trip;
    struct model_result r;
    trip.npeople = 10;
    for (int i = 0; i < 10; i++) {
        trip.people[i] = (struct model_person){.tags = i < 6 ? 1u : 0u, .weight = 1};
        trip.deposits[trip.ndeposits++] = (struct model_payment){i, 36000};
    }
    const struct model_expense e[] = {{240000, MODEL_ALL, 0, -1, 0},
                                      {300000, MODEL_ALL, 0, -1, 0},
                                      {120000, 0, 0, -1, 0},
                                      {88700, MODEL_ALL, 0, 9, 0},
                                      {99999, MODEL_ALL, 0, 9, 1}};
    memcpy(trip.expenses, e, sizeof e);
    trip.nexpenses = 5;
    trip.subsidy_per_head = 5000;
    model_settle(&trip, &r);
    cr_assert_eq(r.error, 0);
    cr_assert_eq(r.rows[0].cost, 82870);
    cr_assert_eq(r.rows[0].balance, -41870);
    cr_assert_eq(r.rows[9].balance, 66830);
    cr_assert_eq(r.totals.supplements, 316830);
    cr_assert_eq(r.totals.cash, -300000);

    /* 1 fen over weights 2,1,2: the first and last tie; the first wins */
    __int128 s[3];
    const int64_t w[3] = {2, 1, 2};
    model_split(1, w, 3, s);
    cr_assert(s[0] == 1 && s[1] == 0 && s[2] == 0);
    model_split(-2, w, 3, s);
    cr_assert(s[0] == -1 && s[1] == 0 && s[2] == -1);

    /* settle/rule_2_rounds_once_per_person: A (rafting, hotel), B
     * (rafting), C (hotel); 1.01 each for rafting, hotel and everybody */
    static struct model_activity abc;
    abc.npeople = 3;
    abc.people[0] = (struct model_person){.tags = 3u, .weight = 1};
    abc.people[1] = (struct model_person){.tags = 1u, .weight = 1};
    abc.people[2] = (struct model_person){.tags = 2u, .weight = 1};
    const struct model_expense ex[] = {
        {101, 0, 0, 1, 0}, {101, 1, 0, 2, 0}, {101, MODEL_ALL, 0, 0, 0}};
    memcpy(abc.expenses, ex, sizeof ex);
    abc.nexpenses = 3;
    abc.rule = 2;
    model_settle(&abc, &r);
    cr_assert(r.rows[0].cost == 135 && r.rows[1].cost == 84 && r.rows[2].cost == 84);
    cr_assert(r.rows[0].balance == -34 && r.rows[2].balance == 17);
    abc.rule = 1;
    model_settle(&abc, &r);
    cr_assert(r.rows[0].cost == 136 && r.rows[1].cost == 84 && r.rows[2].cost == 83);
}

/* 100,000 people and 1,000,000 expenses over "all" and 50 tags. */
Test(settle, large_activity, .timeout = 30)
{
    /* the same under rule 1 (SPEC §6.3) and rule 2 (§11.1) */
    for (int rule = OUTLAY_SETTLE_RULE_GROUP; rule <= OUTLAY_SETTLE_RULE_PERSON; rule++) {
        enum { NP = 100000, NE = 1000000 };
        static char tagbuf[50][8];
        struct outlay_settle_person *p = calloc(NP, sizeof *p);
        struct outlay_settle_expense *e = calloc(NE, sizeof *e);
        cr_assert(p && e);
        for (int t = 0; t < 50; t++)
            snprintf(tagbuf[t], sizeof tagbuf[t], "t%d", t);
        char(*ptags)[16] = calloc(NP, sizeof *ptags);
        cr_assert(ptags);
        int64_t shared = 0;
        for (size_t i = 0; i < NP; i++) {
            snprintf(ptags[i], sizeof ptags[i], "t%zu;t%zu", i % 50, (i / 7) % 50);
            p[i] = (struct outlay_settle_person){
                .name = "p", .tags = ptags[i], .weight = 1 + (int64_t)(i % 3), .deposits = 36000};
        }
        for (size_t k = 0; k < NE; k++) {
            e[k] = (struct outlay_settle_expense){.id = (int64_t)k + 1,
                                                  .amount = (int64_t)(k % 9973) + 1,
                                                  .for_tag = k % 2 ? tagbuf[k % 50] : NULL};
            shared += e[k].amount;
        }
        struct outlay_settle_input in = {p, NP, e, NE, 100, NULL, (enum outlay_settle_rule)rule, 0};
        struct outlay_settle_result r = {0};
        outlay_err err = {0};
        cr_assert_eq(outlay_settle_compute(&in, &r, &err), OUTLAY_OK, "%s", problem_str(&err));
        cr_assert_eq(r.totals.cost, shared);
        cr_assert_eq(r.totals.expenses, shared);
        outlay_settle_result_release(&r);
        free(ptags);
        free(p);
        free(e);
    }
}

/* SPEC §14: a refund below the activity's min_refund is kept, not paid;
 * a supplement is still collected, and the totals show what was kept.
 * 300.00 shared by three: 100.00 each. A paid 109.99 (refund 9.99 < 10:
 * kept), B 110.00 (refund 10.00: paid, the limit is not below it), C 90.00
 * (supplement 10.00). */
Test(settle, small_refunds_are_kept_as_income)
{
    struct outlay_settle_person p[3] = {
        {.name = "A", .weight = 1, .deposits = 10999},
        {.name = "B", .weight = 1, .deposits = 11000},
        {.name = "C", .weight = 1, .deposits = 9000},
    };
    const struct outlay_settle_expense e[] = {{1, 30000, NULL, 0}};
    for (int rule = 1; rule <= 2; rule++) {
        struct outlay_settle_input in = {p, 3, e, 1, 0, NULL, (enum outlay_settle_rule)rule, 1000};
        struct outlay_settle_result r = {0};
        cr_assert_eq(outlay_settle_compute(&in, &r, NULL), OUTLAY_OK);
        check_row(&r.rows[0], 10000, 0, 10000, 999, OUTLAY_SETTLE_KEPT, 999, 0);
        check_row(&r.rows[1], 10000, 0, 10000, 1000, OUTLAY_SETTLE_REFUND, 1000, 1);
        check_row(&r.rows[2], 10000, 0, 10000, -1000, OUTLAY_SETTLE_SUPPLEMENT, 1000, 2);
        cr_assert_eq(r.totals.kept, 999);
        cr_assert_eq(r.totals.refunds, 1000);
        cr_assert_eq(r.totals.supplements, 1000);
        /* deposits 309.99 - expenses 300.00: once B is paid 10.00 and C
         * brings 10.00, the fund holds the 9.99 kept */
        cr_assert_eq(r.totals.cash, 30999 - 30000);
        cr_assert_str_eq(outlay_settle_action_name(r.rows[0].action), "kept");
        outlay_settle_result_release(&r);
        /* without a minimum every refund is paid */
        in.min_refund = 0;
        cr_assert_eq(outlay_settle_compute(&in, &r, NULL), OUTLAY_OK);
        cr_assert_eq(r.rows[0].action, OUTLAY_SETTLE_REFUND);
        cr_assert_eq(r.totals.kept, 0);
        outlay_settle_result_release(&r);
    }
}
/* --- outlay_settle_groups: each person's share of each group ------------ */

/* The export-workbook trip: Ann (weight 2) and Ben carry rafting, Dan has
 * withdrawn; a union-funded bus enters no group. */
static const struct outlay_settle_person groups_people[] = {
    {.name = "Ann", .tags = "rafting; rafting", .weight = 2},
    {.name = "Ben", .tags = " rafting", .weight = 1},
    {.name = "Cai", .tags = "", .weight = 1},
    {.name = "Dan", .tags = "rafting", .weight = 1, .withdrawn = 1},
};
static const struct outlay_settle_expense groups_expenses[] = {
    {.id = 1, .amount = 240000, .union_funded = 1},
    {.id = 2, .amount = 10000, .for_tag = "rafting "},
    {.id = 3, .amount = 120000},
};

Test(settle_groups, trip_rule_1)
{
    struct outlay_settle_input in = {.people = groups_people,
                                     .npeople = 4,
                                     .expenses = groups_expenses,
                                     .nexpenses = 3,
                                     .rule = OUTLAY_SETTLE_RULE_GROUP};
    struct outlay_settle_breakdown b = {0};
    outlay_err err = {0};
    cr_assert_eq(outlay_settle_groups(&in, &b, &err), OUTLAY_OK);
    cr_assert_eq(b.approximate, 0);
    /* "all" first, then the tags as the expenses name them */
    cr_assert_eq(b.ngroups, 2);
    cr_assert_null(b.groups[0].tag);
    cr_assert_eq(b.groups[0].total, 120000);
    cr_assert_eq(b.groups[0].weight, 4);
    cr_assert_str_eq(b.groups[1].tag, "rafting");
    cr_assert_eq(b.groups[1].total, 10000);
    cr_assert_eq(b.groups[1].weight, 3);
    /* Ann: 600.00 of the hotel, 66.67 of the rafting (the odd fen) */
    size_t want_n[] = {2, 2, 1, 0};
    int64_t want[][2] = {{60000, 6667}, {30000, 3333}, {30000, 0}, {0, 0}};
    for (size_t p = 0; p < 4; p++) {
        cr_assert_eq(b.first[p + 1] - b.first[p], want_n[p], "person %zu", p);
        for (size_t k = 0; k < want_n[p]; k++) {
            cr_assert_eq(b.shares[b.first[p] + k].group, k);
            cr_assert_eq(b.shares[b.first[p] + k].amount, want[p][k], "person %zu group %zu", p, k);
        }
    }
    outlay_settle_breakdown_release(&b);
    outlay_settle_breakdown_release(&b); /* released twice: a no-op */
    outlay_settle_breakdown_release(NULL);
}

Test(settle_groups, trip_rule_2_rounds_each_group)
{
    struct outlay_settle_input in = {.people = groups_people,
                                     .npeople = 4,
                                     .expenses = groups_expenses,
                                     .nexpenses = 3,
                                     .rule = OUTLAY_SETTLE_RULE_PERSON};
    struct outlay_settle_breakdown b = {0};
    outlay_err err = {0};
    cr_assert_eq(outlay_settle_groups(&in, &b, &err), OUTLAY_OK);
    cr_assert_eq(b.approximate, 1);
    /* 100.00 × 2/3 = 66.666… → 66.67; × 1/3 = 33.333… → 33.33 */
    cr_assert_eq(b.shares[b.first[0] + 1].amount, 6667);
    cr_assert_eq(b.shares[b.first[1] + 1].amount, 3333);
    outlay_settle_breakdown_release(&b);
}

/* Half a fen rounds away from zero, for credits too. */
Test(settle_groups, rule_2_half_away_from_zero)
{
    struct outlay_settle_person two[] = {{.name = "A", .weight = 1}, {.name = "B", .weight = 1}};
    struct outlay_settle_expense e[] = {{.id = 1, .amount = 3},
                                        {.id = 2, .amount = -5, .for_tag = "x"}};
    two[0].tags = "x";
    two[1].tags = "x";
    struct outlay_settle_input in = {.people = two,
                                     .npeople = 2,
                                     .expenses = e,
                                     .nexpenses = 2,
                                     .rule = OUTLAY_SETTLE_RULE_PERSON};
    struct outlay_settle_breakdown b = {0};
    outlay_err err = {0};
    cr_assert_eq(outlay_settle_groups(&in, &b, &err), OUTLAY_OK);
    cr_assert_eq(b.shares[0].amount, 2);  /* 1.5 */
    cr_assert_eq(b.shares[1].amount, -3); /* -2.5 */
    outlay_settle_breakdown_release(&b);
}

/* A pseudo-random activity: people in overlapping tag groups, credits
 * among the expenses. Under rule 1 a person's shares add up to the cost
 * outlay_settle_compute gives; under rule 2 each share is the exact
 * A_g·w_i / W_g rounded to the fen (|share·W_g − A_g·w_i| ≤ W_g / 2). */
Test(settle_groups, shares_match_costs)
{
    static const char *const tagsets[] = {"", "a", "b", "a;b", "c;a", "b; c", "a;b;c"};
    enum { NP = 60, NE = 40 };
    struct outlay_settle_person people[NP];
    struct outlay_settle_expense ex[NE];
    static const char *const fors[] = {NULL, "a", "b", "c", " a"};
    uint64_t s = 12345;
    for (size_t i = 0; i < NP; i++) {
        s = s * 6364136223846793005u + 1442695040888963407u;
        people[i] = (struct outlay_settle_person){.name = "p",
                                                  .tags = tagsets[(s >> 33) % 7],
                                                  .weight = 1 + (int64_t)((s >> 40) % 3),
                                                  .withdrawn = (s >> 50) % 11 == 0};
    }
    for (size_t e = 0; e < NE; e++) {
        s = s * 6364136223846793005u + 1442695040888963407u;
        ex[e] = (struct outlay_settle_expense){.id = (int64_t)e + 1,
                                               .amount = (int64_t)((s >> 30) % 100000) - 20000,
                                               .for_tag = fors[(s >> 20) % 5],
                                               .union_funded = (s >> 55) % 9 == 0};
    }
    for (int rule = 1; rule <= 2; rule++) {
        struct outlay_settle_input in = {
            .people = people, .npeople = NP, .expenses = ex, .nexpenses = NE, .rule = rule};
        struct outlay_settle_result r = {0};
        struct outlay_settle_breakdown b = {0};
        outlay_err err = {0};
        cr_assert_eq(outlay_settle_compute(&in, &r, &err), OUTLAY_OK);
        cr_assert_eq(outlay_settle_groups(&in, &b, &err), OUTLAY_OK);
        for (size_t p = 0; p < NP; p++) {
            int64_t sum = 0;
            for (size_t k = b.first[p]; k < b.first[p + 1]; k++) {
                const struct outlay_settle_group *g = &b.groups[b.shares[k].group];
                __int128 d = (__int128)b.shares[k].amount * g->weight -
                             (__int128)g->total * people[p].weight;
                if (d < 0)
                    d = -d;
                /* rule 2: half a fen at most; rule 1: less than a fen */
                cr_assert(rule == 2 ? 2 * d <= g->weight : d < g->weight,
                          "rule %d person %zu group %zu", rule, p, b.shares[k].group);
                sum += b.shares[k].amount;
            }
            if (rule == 1)
                cr_assert_eq(sum, r.rows[p].cost, "person %zu: %lld vs %lld", p, (long long)sum,
                             (long long)r.rows[p].cost);
            if (people[p].withdrawn)
                cr_assert_eq(b.first[p + 1], b.first[p]);
        }
        outlay_settle_result_release(&r);
        outlay_settle_breakdown_release(&b);
    }
}

Test(settle_groups, refuses_what_settle_refuses)
{
    struct outlay_settle_person one[] = {{.name = "Ann", .weight = 1, .tags = "x"}};
    struct outlay_settle_expense e[] = {{.id = 7, .amount = 100, .for_tag = "kayak"}};
    struct outlay_settle_input in = {
        .people = one, .npeople = 1, .expenses = e, .nexpenses = 1, .slug = "trip"};
    struct outlay_settle_breakdown b = {0};
    outlay_err err = {0};
    cr_assert_eq(outlay_settle_groups(&in, &b, &err), OUTLAY_EINVAL);
    cr_assert_eq(err.code, OUTLAY_P_SETTLE_TAG_NOBODY);
    cr_assert_str_eq(err.args[0].text, "kayak");
    cr_assert_str_eq(err.args[1].text, "7");
    cr_assert_null(b.groups);
    one[0].withdrawn = 1;
    e[0].for_tag = NULL;
    err = (outlay_err){0};
    cr_assert_eq(outlay_settle_groups(&in, &b, &err), OUTLAY_EINVAL);
    cr_assert_eq(err.code, OUTLAY_P_SETTLE_NOBODY);
    one[0].withdrawn = 0;
    one[0].weight = 0;
    cr_assert_eq(outlay_settle_groups(&in, &b, &err), OUTLAY_EINVAL);
    cr_assert_eq(err.code, OUTLAY_P_SETTLE_WEIGHT);
    one[0].weight = 1;
    in.rule = 3;
    cr_assert_eq(outlay_settle_groups(&in, &b, &err), OUTLAY_EINVAL);
    cr_assert_eq(err.code, OUTLAY_P_SETTLE_RULE);
    /* nothing to share: no groups, no shares */
    in.rule = 0;
    in.nexpenses = 0;
    cr_assert_eq(outlay_settle_groups(&in, &b, &err), OUTLAY_OK);
    cr_assert_eq(b.ngroups, 0);
    cr_assert_eq(b.first[1], 0);
    outlay_settle_breakdown_release(&b);
}
