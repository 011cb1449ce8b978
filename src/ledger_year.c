/*
 * ledger_year: an activity's figures for the year (SPEC §7's year report,
 * SPEC §17's rollup) and keeping them current: before a writing command
 * commits, the activities its audit rows named get their figures worked
 * out again and kept with them (store.h, outlay_store_year_keep), so that
 * a federation's year reads one row per activity.
 */
#include <stdint.h>
#include <string.h>

#include "ledger_internal.h"
#include "outlay/ledger.h"

/* Activities of more rows than this (expenses and participants) are not
 * refreshed by every command: settling a million expenses would cost each
 * `expense add` a second, and a writer settles while it holds its branch's
 * lock. Union activities hold tens to hundreds; larger ones have their
 * figures worked out when read, as they always had. */
#define YEAR_KEEP_MAX_ROWS 1000

enum outlay_status outlay_ledger_year(outlay_store *st, const struct outlay_activity *a,
                                      struct outlay_year *y, outlay_err *err)
{
    struct outlay_ledger_report rep;
    memset(y, 0, sizeof *y);
    enum outlay_status rc = outlay_ledger_report(st, a, &rep, err);
    if (rc != OUTLAY_OK)
        return rc;
    y->budgeted = rep.report.total.budgeted;
    y->actual = rep.report.total.actual;
    y->variance = rep.report.total.variance;
    outlay_ledger_report_release(&rep);
    struct outlay_settlement s;
    rc = outlay_ledger_settle(st, a, &s, err);
    y->union_share = s.result.totals.union_share;
    outlay_settlement_release(&s);
    if (rc == OUTLAY_OK)
        rc = outlay_ledger_amount_magnitude(st, a, OUTLAY_AMOUNTS_DEPOSITS, &y->deposits, err);
    if (rc == OUTLAY_OK)
        rc = outlay_ledger_amount_magnitude(st, a, OUTLAY_AMOUNTS_PAYOUTS, &y->paid_out, err);
    return rc;
}

/* Works out the figures of one activity the transaction changed and keeps
 * them; or keeps none, for a large activity or one whose figures are not
 * all known (cannot be settled yet, out of range): those are worked out,
 * with their warnings, when read. */
static enum outlay_status refresh(outlay_store *st, int64_t id, outlay_err *err)
{
    struct outlay_activity a = {0};
    int64_t rows = 0;
    enum outlay_status rc = outlay_store_activity_by_id(st, id, &a, err);
    if (rc == OUTLAY_OK)
        rc = outlay_store_activity_size(st, id, YEAR_KEEP_MAX_ROWS + 1, &rows, err);
    if (rc == OUTLAY_OK) {
        struct outlay_year y;
        outlay_err e = {0};
        enum outlay_status got =
            rows > YEAR_KEEP_MAX_ROWS ? OUTLAY_EINVAL : outlay_ledger_year(st, &a, &y, &e);
        if (got == OUTLAY_OK || got == OUTLAY_EINVAL || got == OUTLAY_EOVERFLOW) {
            outlay_err_clear(&e);
            rc = outlay_store_year_keep(st, id, got == OUTLAY_OK ? &y : NULL, err);
        } else {
            *err = e; /* a storage error: the command fails with it */
            rc = got;
        }
    }
    outlay_activity_release(&a);
    return rc;
}

enum outlay_status outlay_ledger_commit(outlay_store *st, outlay_err *err)
{
    const int64_t *ids;
    size_t n;
    outlay_store_touched(st, &ids, &n);
    for (size_t i = 0; i < n; i++)
        if (refresh(st, ids[i], err) != OUTLAY_OK)
            return err->status;
    return outlay_store_commit(st, err);
}

long ledger_year_check(outlay_store *st, outlay_problem_cb cb, void *ctx, outlay_err *err)
{
    outlay_year_cursor *c = NULL;
    struct outlay_activity a;
    struct outlay_year y, fresh;
    const char *branch;
    int has, r;
    long problems = 0;
    if (outlay_store_years(st, &c, err) != OUTLAY_OK)
        return -1;
    while ((r = outlay_year_cursor_next(c, &a, &branch, &y, &has, err)) == 1) {
        if (!has)
            continue;
        outlay_err e = {0};
        enum outlay_status rc = outlay_ledger_year(st, &a, &fresh, &e);
        if (rc != OUTLAY_OK && rc != OUTLAY_EINVAL && rc != OUTLAY_EOVERFLOW) {
            outlay_year_cursor_close(c);
            *err = e;
            return -1;
        }
        outlay_err_clear(&e);
        /* an activity that cannot be settled now has no union share to
         * compare (check names why: ledger_problems) */
        const struct {
            const char *name;
            int64_t kept, now;
        } f[] = {
            {"budgeted", y.budgeted, fresh.budgeted},
            {"actual", y.actual, fresh.actual},
            {"variance", y.variance, fresh.variance},
            {"union_share", y.union_share, rc == OUTLAY_OK ? fresh.union_share : y.union_share},
            {"deposits", y.deposits, fresh.deposits},
            {"paid_out", y.paid_out, fresh.paid_out}};
        for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
            if (f[i].kept == f[i].now)
                continue;
            problems++;
            if (cb) {
                outlay_fail(&e, OUTLAY_ECHECK, OUTLAY_P_STORE_YEAR_FIGURES, OUTLAY_A_TEXT(a.slug),
                            OUTLAY_A_TEXT(f[i].name), OUTLAY_A_INT(f[i].kept),
                            OUTLAY_A_INT(f[i].now));
                cb(ctx, &e);
                outlay_err_clear(&e);
            }
        }
    }
    outlay_year_cursor_close(c);
    return r < 0 ? -1 : problems;
}
