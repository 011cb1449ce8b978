/*
 * ledger_list: what the CLI reads from a ledger row by row, and the
 * ledger-wide operations that are not about one record (init's audit row,
 * backup, the file's integrity). Each is a thin door onto the store, so the
 * arrows run CLI -> ledger -> store (STYLE §3, §7): the cursors handed out
 * are the store's typed ones, closed by the caller.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger_internal.h"
#include "outlay/ledger.h"

#include <string.h>
#include "outlay/text.h"

enum outlay_status outlay_ledger_init(outlay_store *st, int *created, outlay_err *err)
{
    /* Opening for writing created the schema: record that it happened. A
     * ledger that was there is left as it was (SPEC §11), unlogged. */
    *created = outlay_store_created(st);
    if (!*created)
        return OUTLAY_OK;
    return outlay_store_audit(st, "init", NULL, "ledger initialised", err);
}

enum outlay_status outlay_ledger_who(outlay_store *st, const char *who, outlay_err *err)
{
    char *name = NULL, *nfc = NULL;
    enum outlay_status rc = OUTLAY_OK;
    if (!who || !*who)
        rc = outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_WHO_EMPTY);
    if (rc == OUTLAY_OK)
        rc = outlay_text_check(who, "by", OUTLAY_TEXT_MAX, err);
    if (rc == OUTLAY_OK)
        rc = outlay_text_nfc(who, &nfc, err);
    if (rc == OUTLAY_OK)
        rc = outlay_text_name(nfc ? nfc : who, &name, err);
    const char *use = name ? name : nfc ? nfc : who;
    if (rc == OUTLAY_OK && !*use)
        rc = outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_WHO_EMPTY);
    if (rc != OUTLAY_OK && err && rc != OUTLAY_ENOMEM)
        snprintf(err->column, sizeof err->column, "by");
    if (rc == OUTLAY_OK && st)
        rc = outlay_store_set_who(st, use, err);
    free(name);
    free(nfc);
    return rc;
}

enum outlay_status outlay_ledger_backup(outlay_store *st, const char *path, outlay_err *err)
{
    return outlay_store_backup(st, path, err);
}

long outlay_ledger_integrity(outlay_store *st, outlay_problem_cb cb, void *ctx, long *damage,
                             outlay_err *err)
{
    long n = outlay_store_integrity(st, cb, ctx, damage, err);
    long m = n < 0 ? -1 : ledger_year_check(st, cb, ctx, err);
    return m < 0 ? -1 : n + m;
}

enum outlay_status outlay_ledger_activities(outlay_store *st, outlay_activity_cursor **c,
                                            outlay_err *err)
{
    return outlay_store_activities(st, c, err);
}

enum outlay_status outlay_ledger_branches(outlay_store *st, char ***names, size_t *n,
                                          outlay_err *err)
{
    return outlay_store_branches(st, names, n, err);
}

enum outlay_status outlay_ledger_use_branch(outlay_store *st, const char *branch, outlay_err *err)
{
    return outlay_store_use_branch(st, branch, err);
}

enum outlay_status outlay_ledger_years(outlay_store *st, outlay_year_cursor **c, outlay_err *err)
{
    return outlay_store_years(st, c, err);
}

enum outlay_status outlay_ledger_years_unkept(outlay_store *st, outlay_year_cursor **c,
                                              outlay_err *err)
{
    return outlay_store_years_unkept(st, c, err);
}

enum outlay_status outlay_ledger_year_sums(outlay_store *st, outlay_year_sum_cursor **c,
                                           outlay_err *err)
{
    return outlay_store_year_sums(st, c, err);
}

enum outlay_status outlay_ledger_lines(outlay_store *st, const struct outlay_activity *a,
                                       outlay_line_cursor **c, outlay_err *err)
{
    return outlay_store_lines(st, a->id, c, err);
}

enum outlay_status outlay_ledger_expenses(outlay_store *st, const struct outlay_activity *a,
                                          outlay_expense_cursor **c, outlay_err *err)
{
    return outlay_store_expenses(st, a->id, c, err);
}

int outlay_ledger_link_find(outlay_store *st, const char *token, struct outlay_activity *a,
                            int64_t *participant_id, outlay_err *err)
{
    char slug[OUTLAY_SLUG_MAX + 1];
    /* only the shape of a token reaches the query */
    size_t len = strspn(token, "0123456789abcdef");
    if (len != OUTLAY_TOKEN_HEX || token[len])
        return 0;
    int r = outlay_store_link_find(st, token, slug, sizeof slug, participant_id, err);
    if (r != 1)
        return r;
    return outlay_ledger_activity(st, slug, 0, a, err) == OUTLAY_OK ? 1 : -1;
}

enum outlay_status outlay_ledger_version(outlay_store *st, int64_t *version, outlay_err *err)
{
    return outlay_store_audit_last(st, version, err);
}

enum outlay_status outlay_ledger_expense_count(outlay_store *st, const struct outlay_activity *a,
                                               int64_t *n, outlay_err *err)
{
    return outlay_store_amount_count(st, a->id, OUTLAY_AMOUNTS_EXPENSES, n, err);
}

enum outlay_status outlay_ledger_expenses_page(outlay_store *st, const struct outlay_activity *a,
                                               int64_t after, int64_t count,
                                               outlay_expense_cursor **c, outlay_err *err)
{
    return outlay_store_expenses_page(st, a->id, after, count, c, err);
}

enum outlay_status outlay_ledger_participants(outlay_store *st, const struct outlay_activity *a,
                                              outlay_participant_cursor **c, outlay_err *err)
{
    return outlay_store_participants(st, a->id, c, err);
}

enum outlay_status outlay_ledger_payments(outlay_store *st, const struct outlay_activity *a,
                                          enum outlay_payment_kind kind, outlay_payment_cursor **c,
                                          outlay_err *err)
{
    return outlay_store_payments(st, kind, a->id, c, err);
}

enum outlay_status outlay_ledger_log(outlay_store *st, const char *slug, outlay_audit_cursor **c,
                                     outlay_err *err)
{
    return outlay_store_audit_list(st, slug, c, err);
}

enum outlay_status outlay_ledger_amount_magnitude(outlay_store *st, const struct outlay_activity *a,
                                                  enum outlay_amounts kind, int64_t *total,
                                                  outlay_err *err)
{
    enum outlay_status rc = outlay_store_amount_magnitude(st, a->id, kind, total, err);
    return rc == OUTLAY_EOVERFLOW ? outlay_ledger_total_error(a, kind, err) : rc;
}
