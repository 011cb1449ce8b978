#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "outlay/report.h"
#include "test_util.h"

struct pct_case {
    int64_t actual, budgeted;
    int64_t tenths;
    const char *text;
};

/* SPEC §7: actual / budgeted x 100 to one decimal, half away from zero */
static const struct pct_case pct_cases[] = {
    {1000, 1000, 1000, "100.0"},
    {1029, 1000, 1029, "102.9"},
    {2, 3, 667, "66.7"},   /* 666.67 tenths */
    {1, 6, 167, "16.7"},   /* 166.67 tenths */
    {1, 8, 125, "12.5"},   /* 125 tenths exactly */
    {1, 16, 63, "6.3"},    /* 62.5 tenths: half away from zero */
    {-1, 16, -63, "-6.3"}, /* -62.5 tenths */
    {1, -16, -63, "-6.3"}, /* negative budget */
    {-1, -16, 63, "6.3"},
    {3, 1000, 3, "0.3"},
    {-35, 1000, -35, "-3.5"},
    {-5, 1000, -5, "-0.5"},
    {0, 1000, 0, "0.0"},
    {1, 3000, 0, "0.0"}, /* 0.33 tenths */
    {1, 2000, 1, "0.1"}, /* 0.5 tenths */
    {-1, 2000, -1, "-0.1"},
    {1, 2001, 0, "0.0"}, /* 0.4998 tenths */
    /* 10^14 fen budgets: the x1000 product needs __int128 */
    {99999999999999, 100000000000000, 1000, "100.0"},
    {INT64_MAX, INT64_MAX, 1000, "100.0"},
    {INT64_MIN, INT64_MAX, -1000, "-100.0"},
    {INT64_MAX, 1, INT64_MAX, "922337203685477580.7"}, /* clamped */
};

Test(report, pct_table)
{
    for (size_t i = 0; i < sizeof pct_cases / sizeof pct_cases[0]; i++) {
        const struct pct_case *c = &pct_cases[i];
        int64_t t = outlay_report_pct_tenths(c->actual, c->budgeted);
        cr_assert_eq(t, c->tenths, "%lld/%lld: %lld tenths, want %lld", (long long)c->actual,
                     (long long)c->budgeted, (long long)t, (long long)c->tenths);
        struct outlay_report_row row = {.has_pct = 1, .pct_tenths = t};
        char buf[32];
        cr_assert_str_eq(outlay_report_pct_format(&row, buf), c->text, "case %zu", i);
    }
}

Test(report, pct_format_edges)
{
    char buf[32];
    struct outlay_report_row row = {.has_pct = 0, .pct_tenths = 5};
    cr_assert_str_eq(outlay_report_pct_format(&row, buf), "");
    row = (struct outlay_report_row){.has_pct = 1, .pct_tenths = INT64_MIN};
    cr_assert_str_eq(outlay_report_pct_format(&row, buf), "-922337203685477580.8");
}

static void check(const struct outlay_report_row *r, const char *cat, int64_t b, int64_t a,
                  int has_pct, int64_t tenths, int over)
{
    if (cat)
        cr_assert_str_eq(r->category, cat);
    else
        cr_assert_null(r->category);
    cr_assert_eq(r->budgeted, b, "%s budgeted", cat ? cat : "TOTAL");
    cr_assert_eq(r->actual, a, "%s actual", cat ? cat : "TOTAL");
    cr_assert_eq(r->variance, b - a, "%s variance", cat ? cat : "TOTAL");
    cr_assert_eq(r->has_pct, has_pct, "%s has_pct", cat ? cat : "TOTAL");
    cr_assert_eq(r->pct_tenths, tenths, "%s pct", cat ? cat : "TOTAL");
    cr_assert_eq(r->over, over, "%s over", cat ? cat : "TOTAL");
}

/* Budget order first (prizes summed from two lines), then the categories
 * only in the actuals in their order (taxi summed from two). */
Test(report, merges_in_order_and_sums_repeats)
{
    const struct outlay_report_amount budget[] = {
        {"prizes", 10000}, {"lunch", 50000}, {"prizes", 5000}, {"bus", 0}, {"props", 3000}};
    const struct outlay_report_amount actual[] = {{"taxi", 2000},    {"lunch", 51450},
                                                  {"prizes", 15000}, {"water", 800},
                                                  {"taxi", -500},    {"bus", 1200}};
    struct outlay_report rep = {0};
    outlay_err err = {0};
    cr_assert_eq(outlay_report_compute(budget, 5, actual, 6, &rep, &err), OUTLAY_OK);
    cr_assert_eq(rep.nrows, 6);
    check(&rep.rows[0], "prizes", 15000, 15000, 1, 1000, 0);
    check(&rep.rows[1], "lunch", 50000, 51450, 1, 1029, 1); /* 102.9 */
    check(&rep.rows[2], "bus", 0, 1200, 0, 0, 1);
    check(&rep.rows[3], "props", 3000, 0, 1, 0, 0);
    check(&rep.rows[4], "taxi", 0, 1500, 0, 0, 1);
    check(&rep.rows[5], "water", 0, 800, 0, 0, 1);
    /* TOTAL: 68000 budgeted, 69950 actual: 1028.67 tenths -> 102.9 */
    check(&rep.total, NULL, 68000, 69950, 1, 1029, 1);
    outlay_report_release(&rep);
    cr_assert_null(rep.rows);
    cr_assert_eq(rep.nrows, 0);
    outlay_report_release(NULL);
}

Test(report, empty_and_negative)
{
    struct outlay_report rep = {0};
    cr_assert_eq(outlay_report_compute(NULL, 0, NULL, 0, &rep, NULL), OUTLAY_OK);
    cr_assert_eq(rep.nrows, 0);
    check(&rep.total, NULL, 0, 0, 0, 0, 0);
    outlay_report_release(&rep);

    /* a vendor credit makes the actual negative: -1/16 -> -6.3 */
    const struct outlay_report_amount budget[] = {{"props", 1600}};
    const struct outlay_report_amount actual[] = {{"props", -100}};
    cr_assert_eq(outlay_report_compute(budget, 1, actual, 1, &rep, NULL), OUTLAY_OK);
    check(&rep.rows[0], "props", 1600, -100, 1, -63, 0);
    check(&rep.total, NULL, 1600, -100, 1, -63, 0);
    outlay_report_release(&rep);
}

Test(report, overflow_is_an_error)
{
    const struct outlay_report_amount budget[] = {{"a", INT64_MAX}, {"b", 1}};
    const struct outlay_report_amount twice[] = {{"a", INT64_MAX}, {"a", 1}};
    const struct outlay_report_amount neg[] = {{"a", -2}};
    struct outlay_report rep = {0};
    outlay_err err = {0};
    cr_assert_eq(outlay_report_compute(twice, 2, NULL, 0, &rep, &err), OUTLAY_EOVERFLOW);
    cr_assert_str_eq(problem_str(&err), "report_category_range(a)");
    cr_assert_null(rep.rows);
    cr_assert_eq(outlay_report_compute(budget, 2, NULL, 0, &rep, &err), OUTLAY_EOVERFLOW);
    cr_assert_null(rep.rows);
    /* variance INT64_MAX - (-2) overflows */
    cr_assert_eq(outlay_report_compute(budget, 1, neg, 1, &rep, &err), OUTLAY_EOVERFLOW);
    cr_assert_null(rep.rows);
}

/* Many categories: the merge is by hash, and order is still kept. */
Test(report, many_categories)
{
    enum { N = 20000 };
    static char names[N][8];
    static struct outlay_report_amount budget[N], actual[N];
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "c%d", i);
        budget[i] = (struct outlay_report_amount){names[i], 100};
        actual[i] = (struct outlay_report_amount){names[N - 1 - i], 50};
    }
    struct outlay_report rep = {0};
    cr_assert_eq(outlay_report_compute(budget, N, actual, N, &rep, NULL), OUTLAY_OK);
    cr_assert_eq(rep.nrows, N);
    for (int i = 0; i < N; i++)
        check(&rep.rows[i], names[i], 100, 50, 1, 500, 0);
    check(&rep.total, NULL, 100 * N, 50 * N, 1, 500, 0);
    outlay_report_release(&rep);
}

/* The one share-per-head rule: ROUNDUP(total/headcount, 2), away from zero,
 * on fen; the extremes of int64_t without overflow. */
Test(report, share_per_head)
{
    static const struct {
        int64_t total, headcount, want;
    } cases[] = {
        {100000, 3, 33334},
        {-100000, 3, -33334},
        {99999, 3, 33333},
        {-99999, 3, -33333},
        {1, 1000000, 1},
        {-1, 1000000, -1},
        {0, 5, 0},
        {720000, 20, 36000},
        {720001, 20, 36001},
        {5, 0, 0},
        {5, -2, 0},
        {INT64_MAX, 1, INT64_MAX},
        {INT64_MIN, 1, INT64_MIN},
        {INT64_MAX, 2, INT64_MAX / 2 + 1},
        {INT64_MIN, 3, INT64_MIN / 3 - 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_expect_eq(outlay_report_share_per_head(cases[i].total, cases[i].headcount),
                     cases[i].want, "case %zu: %lld / %lld", i, (long long)cases[i].total,
                     (long long)cases[i].headcount);
}
