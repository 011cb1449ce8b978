/*
 * report: SPEC §7 budget vs actual per category, a pure computation over
 * per-category sums the caller has loaded.
 *
 *     struct outlay_report_amount budget[] = {{"meals", 60000}}, actual[] = {{"meals", 61740}};
 *     struct outlay_report rep = {0}; outlay_err err = {0};
 *     if (outlay_report_compute(budget, 1, actual, 1, &rep, &err) == OUTLAY_OK)
 *         printf("%lld over\n", (long long)-rep.rows[0].variance);   // 1740
 *     outlay_report_release(&rep);
 */
#ifndef OUTLAY_REPORT_H
#define OUTLAY_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "outlay/status.h"

/* A per-category sum; category is borrowed. */
struct outlay_report_amount {
    const char *category;
    int64_t amount;
};

struct outlay_report_row {
    const char *category;               /* borrowed from the inputs; "TOTAL" not used here */
    int64_t budgeted, actual, variance; /* variance = budgeted - actual */
    int has_pct;                        /* 0 when budgeted == 0: used_pct is empty */
    int64_t pct_tenths;                 /* used_pct * 10, rounded half away from zero */
    int over;                           /* actual > budgeted */
};

struct outlay_report {
    struct outlay_report_row *rows; /* freed by _release */
    size_t nrows;
    struct outlay_report_row total; /* category NULL */
};

/* Merges the two lists (SPEC §7): categories in the order of `budget`, then
 * those only in `actual`, in its order; a category repeated in a list is
 * summed. used_pct = actual/budgeted*100 to one decimal, in integers. */
enum outlay_status outlay_report_compute(const struct outlay_report_amount *budget, size_t nbudget,
                                         const struct outlay_report_amount *actual, size_t nactual,
                                         struct outlay_report *out, outlay_err *err);

void outlay_report_release(struct outlay_report *r);

/* used_pct as text ("102.9", "-3.0"); "" when !has_pct. Returns buf. */
char *outlay_report_pct_format(const struct outlay_report_row *row, char buf[32]);

/* used_pct in tenths of a percent for actual/budgeted, rounded half away from
 * zero, computed in integers without overflow. budgeted must be non-zero. */
int64_t outlay_report_pct_tenths(int64_t actual, int64_t budgeted);

/* SPEC §4: the participants' share per head, the figure a treasurer sets the
 * deposit from: total / headcount rounded up to the fen, away from zero, as
 * the workbook's =ROUNDUP(total/headcount,2) computes it (so 1000.00 over 3
 * is 333.34, and -1000.00 over 3 is -333.34). 0 when headcount <= 0. The
 * one place this is computed: the budget summary, the Budget sheet and its
 * deposit warning all call it. */
int64_t outlay_report_share_per_head(int64_t total, int64_t headcount);

#endif
