/* report: SPEC §7 budget vs actual per category. Categories are matched
 * exactly through a small open-addressing hash, so the merge stays linear
 * however many categories the caller passes. */
#include "outlay/report.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/text.h"

#define NO_ROW SIZE_MAX

struct merge {
    struct outlay_report_row *rows;
    size_t n;
    size_t *slots; /* row index or NO_ROW */
    size_t mask;
};

static const char *category_of(const struct outlay_report_amount *a)
{
    return a->category ? a->category : "";
}

/* The row of category c, appended (zeroed) on first sight. */
static struct outlay_report_row *row_of(struct merge *m, const char *c)
{
    size_t h = outlay_text_hash(c, strlen(c)) & m->mask;
    for (; m->slots[h] != NO_ROW; h = (h + 1) & m->mask)
        if (strcmp(m->rows[m->slots[h]].category, c) == 0)
            return &m->rows[m->slots[h]];
    m->slots[h] = m->n;
    m->rows[m->n] = (struct outlay_report_row){.category = c};
    return &m->rows[m->n++];
}

/* Adds a list into the budgeted (actual = 0) or actual (actual = 1) column.
 * Returns the offending category on overflow, else NULL. */
static const char *merge_list(struct merge *m, const struct outlay_report_amount *list, size_t n,
                              int actual)
{
    for (size_t i = 0; i < n; i++) {
        struct outlay_report_row *r = row_of(m, category_of(&list[i]));
        int64_t *sum = actual ? &r->actual : &r->budgeted;
        if (__builtin_add_overflow(*sum, list[i].amount, sum))
            return r->category;
    }
    return NULL;
}

int64_t outlay_report_pct_tenths(int64_t actual, int64_t budgeted)
{
    /* SPEC §7: actual / budgeted x 100 to one decimal = actual x 1000 /
     * budgeted tenths; C division truncates toward zero, so a remainder of
     * at least half the divisor moves one step away from zero. */
    __int128 num = (__int128)actual * 1000, den = budgeted;
    __int128 q = num / den, r = num % den;
    if (2 * (r < 0 ? -r : r) >= (den < 0 ? -den : den))
        q += (num < 0) != (den < 0) ? -1 : 1;
    /* only |actual| > 2^63/1000 per fen budgeted gets here */
    if (q > INT64_MAX)
        return INT64_MAX;
    if (q < INT64_MIN)
        return INT64_MIN;
    return (int64_t)q;
}

/* variance, used_pct and the over flag from budgeted and actual. */
static int finish_row(struct outlay_report_row *r)
{
    if (__builtin_sub_overflow(r->budgeted, r->actual, &r->variance))
        return -1;
    r->has_pct = r->budgeted != 0;
    r->pct_tenths = r->has_pct ? outlay_report_pct_tenths(r->actual, r->budgeted) : 0;
    r->over = r->actual > r->budgeted;
    return 0;
}

static enum outlay_status overflow(outlay_err *err, const char *category)
{
    if (!category)
        return outlay_fail(err, OUTLAY_EOVERFLOW, OUTLAY_P_REPORT_RANGE);
    return outlay_fail(err, OUTLAY_EOVERFLOW, OUTLAY_P_REPORT_CATEGORY_RANGE,
                       OUTLAY_A_TEXT(category));
}

/* Fills the rows' derived columns and the TOTAL row. */
static enum outlay_status finish(struct outlay_report *out, outlay_err *err)
{
    struct outlay_report_row *t = &out->total;
    for (size_t i = 0; i < out->nrows; i++) {
        struct outlay_report_row *r = &out->rows[i];
        if (finish_row(r) != 0)
            return overflow(err, r->category);
        if (__builtin_add_overflow(t->budgeted, r->budgeted, &t->budgeted) ||
            __builtin_add_overflow(t->actual, r->actual, &t->actual))
            return overflow(err, NULL);
    }
    if (finish_row(t) != 0)
        return overflow(err, NULL);
    return OUTLAY_OK;
}

enum outlay_status outlay_report_compute(const struct outlay_report_amount *budget, size_t nbudget,
                                         const struct outlay_report_amount *actual, size_t nactual,
                                         struct outlay_report *out, outlay_err *err)
{
    struct merge m = {0};
    enum outlay_status st = OUTLAY_ENOMEM;
    size_t n = nbudget + nactual, cap = 16;
    const char *bad;

    memset(out, 0, sizeof *out);
    while (cap / 2 < n)
        cap *= 2;
    m.rows = calloc(n ? n : 1, sizeof *m.rows);
    m.slots = malloc(cap * sizeof *m.slots);
    if (!m.rows || !m.slots) {
        outlay_fail(err, st, OUTLAY_P_REPORT_MEMORY, OUTLAY_A_INT(n));
        goto out;
    }
    for (size_t i = 0; i < cap; i++)
        m.slots[i] = NO_ROW;
    m.mask = cap - 1;
    /* SPEC §7: budget order first, then categories only in the actuals */
    if ((bad = merge_list(&m, budget, nbudget, 0)) != NULL ||
        (bad = merge_list(&m, actual, nactual, 1)) != NULL) {
        st = overflow(err, bad);
        goto out;
    }
    out->rows = m.rows;
    out->nrows = m.n;
    m.rows = NULL;
    st = finish(out, err);
    if (st != OUTLAY_OK)
        outlay_report_release(out);
out:
    free(m.rows);
    free(m.slots);
    return st;
}

void outlay_report_release(struct outlay_report *r)
{
    if (!r)
        return;
    free(r->rows);
    memset(r, 0, sizeof *r);
}

char *outlay_report_pct_format(const struct outlay_report_row *row, char buf[32])
{
    if (!row->has_pct) {
        buf[0] = '\0';
        return buf;
    }
    int64_t t = row->pct_tenths;
    uint64_t u = t < 0 ? -(uint64_t)t : (uint64_t)t; /* INT64_MIN too */
    snprintf(buf, 32, "%s%" PRIu64 ".%" PRIu64, t < 0 ? "-" : "", u / 10, u % 10);
    return buf;
}

int64_t outlay_report_share_per_head(int64_t total, int64_t headcount)
{
    if (headcount <= 0)
        return 0;
    /* C division truncates toward zero; a remainder moves the quotient one
     * fen further from zero. No negation, so INT64_MIN cannot overflow. */
    int64_t q = total / headcount;
    if (total % headcount != 0)
        q += total > 0 ? 1 : -1;
    return q;
}
