/*
 * ledger_list: what the CLI reads from a ledger row by row, and the
 * ledger-wide operations that are not about one record (init's audit row,
 * backup, the file's integrity). Each is a thin door onto the store, so the
 * arrows run CLI -> ledger -> store (STYLE §3, §7): the cursors handed out
 * are the store's typed ones, closed by the caller.
 */
#include <stdint.h>

#include "outlay/ledger.h"

enum outlay_status outlay_ledger_init(outlay_store *st, outlay_err *err)
{
    /* Opening for writing created the schema; record that it happened. */
    return outlay_store_audit(st, "init", NULL, "ledger initialised", err);
}

enum outlay_status outlay_ledger_backup(outlay_store *st, const char *path, outlay_err *err)
{
    return outlay_store_backup(st, path, err);
}

long outlay_ledger_integrity(outlay_store *st, outlay_problem_cb cb, void *ctx, long *damage,
                             outlay_err *err)
{
    return outlay_store_integrity(st, cb, ctx, damage, err);
}

enum outlay_status outlay_ledger_activities(outlay_store *st, outlay_activity_cursor **c,
                                            outlay_err *err)
{
    return outlay_store_activities(st, c, err);
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
