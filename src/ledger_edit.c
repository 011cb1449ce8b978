/*
 * ledger_edit: corrections (SPEC §11). Records are named by their number
 * within the activity; budget lines, expenses, deposits and payouts are
 * voided with a reason and stay on record, counting nowhere; an activity
 * with nothing left on it is voided and refuses every change from then on.
 * budget set, expense set and participant rename live in ledger.c, beside
 * the add whose rules they share.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ledger_internal.h"

/* What each kind of numbered record (enum outlay_amounts) is called and
 * the problems that name it. */
static const struct {
    const char *name;    /* in the audit log */
    const char *command; /* its void, in the audit log */
    enum outlay_problem not_no, missing, void_already, is_void;
} kinds[OUTLAY_AMOUNTS_KINDS] = {
    [OUTLAY_AMOUNTS_BUDGET] = {"line", "budget void", OUTLAY_P_NOT_LINE_NO, OUTLAY_P_NO_LINE,
                               OUTLAY_P_LINE_VOID_ALREADY, OUTLAY_P_LINE_IS_VOID},
    [OUTLAY_AMOUNTS_EXPENSES] = {"expense", "expense void", OUTLAY_P_NOT_EXPENSE_NO,
                                 OUTLAY_P_NO_EXPENSE, OUTLAY_P_EXPENSE_VOID_ALREADY,
                                 OUTLAY_P_EXPENSE_IS_VOID},
    /* deposits and payouts are voided, never changed */
    [OUTLAY_AMOUNTS_DEPOSITS] = {"deposit", "deposit void", OUTLAY_P_NOT_DEPOSIT_NO,
                                 OUTLAY_P_NO_DEPOSIT, OUTLAY_P_DEPOSIT_VOID_ALREADY, OUTLAY_P_NONE},
    [OUTLAY_AMOUNTS_PAYOUTS] = {"payout", "payout void", OUTLAY_P_NOT_PAYOUT_NO, OUTLAY_P_NO_PAYOUT,
                                OUTLAY_P_PAYOUT_VOID_ALREADY, OUTLAY_P_NONE},
};

int outlay_ledger_no_parse(const char *text, int64_t *no)
{
    int64_t v = 0;
    size_t i = 0;
    /* Digits only: no sign, no space, no point; at most 18, so it fits. */
    for (; text && text[i] >= '0' && text[i] <= '9' && i < 18; i++)
        v = v * 10 + (text[i] - '0');
    if (i == 0 || text[i] != '\0')
        return 0;
    *no = v;
    return 1;
}

enum outlay_status ledger_record_no(enum outlay_amounts kind, const struct outlay_activity *a,
                                    const char *text, int64_t *no, outlay_err *err)
{
    if ((unsigned)kind >= OUTLAY_AMOUNTS_KINDS)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_INTERNAL_KIND, OUTLAY_A_TEXT("record"),
                           OUTLAY_A_INT(kind));
    if (outlay_ledger_no_parse(text, no))
        return OUTLAY_OK;
    return outlay_fail(err, OUTLAY_EUSAGE, kinds[kind].not_no, OUTLAY_A_INPUT(text ? text : ""),
                       OUTLAY_A_TEXT(a->slug));
}

enum outlay_status ledger_record_missing(enum outlay_amounts kind, const struct outlay_activity *a,
                                         int64_t no, enum outlay_status rc, outlay_err *err)
{
    if (rc != OUTLAY_ENOTFOUND)
        return rc;
    return outlay_fail(err, OUTLAY_EINVAL, kinds[kind].missing, OUTLAY_A_TEXT(a->slug),
                       OUTLAY_A_INT(no));
}

enum outlay_status ledger_record_void(enum outlay_amounts kind, int64_t no, const char *reason,
                                      int changing, outlay_err *err)
{
    enum outlay_problem code = changing ? kinds[kind].is_void : kinds[kind].void_already;
    return outlay_fail(err, OUTLAY_EINVAL, code, OUTLAY_A_INT(no),
                       OUTLAY_A_TEXT(reason ? reason : ""));
}

/* Whether record no of the kind is there and not void; its void reason
 * is copied into the refusal. */
static enum outlay_status load_for_void(outlay_store *st, enum outlay_amounts kind,
                                        const struct outlay_activity *a, int64_t no,
                                        outlay_err *err)
{
    enum outlay_status rc;
    int is_void = 0;
    const char *why = NULL;
    if (kind == OUTLAY_AMOUNTS_BUDGET) {
        struct outlay_budget_line l;
        if ((rc = outlay_store_line_get(st, a->id, no, &l, err)) == OUTLAY_OK) {
            is_void = l.is_void;
            why = l.void_reason;
        }
    } else if (kind == OUTLAY_AMOUNTS_EXPENSES) {
        struct outlay_expense e;
        if ((rc = outlay_store_expense_get(st, a->id, no, &e, err)) == OUTLAY_OK) {
            is_void = e.is_void;
            why = e.void_reason;
        }
    } else {
        struct outlay_payment p;
        enum outlay_payment_kind pk =
            kind == OUTLAY_AMOUNTS_DEPOSITS ? OUTLAY_DEPOSIT : OUTLAY_PAYOUT;
        if ((rc = outlay_store_payment_get(st, pk, a->id, no, &p, err)) == OUTLAY_OK) {
            is_void = p.is_void;
            why = p.void_reason;
        }
    }
    if (rc != OUTLAY_OK)
        return ledger_record_missing(kind, a, no, rc, err);
    /* the reason is copied into err before the statement moves on */
    return is_void ? ledger_record_void(kind, no, why, 0, err) : OUTLAY_OK;
}

/* Voids record no_text of the kind: the number first (usage), then the
 * reason, then the record itself. */
static enum outlay_status record_void(outlay_store *st, const struct outlay_activity *a,
                                      enum outlay_amounts kind, const char *no_text,
                                      const char *reason, outlay_err *err)
{
    int64_t no = 0;
    char *nfc = NULL;
    enum outlay_status rc = ledger_record_no(kind, a, no_text, &no, err);
    if (rc == OUTLAY_OK)
        rc = ledger_check_reason(reason, &nfc, err);
    if (nfc)
        reason = nfc;
    if (rc == OUTLAY_OK)
        rc = load_for_void(st, kind, a, no, err);
    if (rc == OUTLAY_OK)
        rc = outlay_store_void(st, kind, a->id, no, reason, err);
    if (rc == OUTLAY_OK)
        rc = ledger_audit(st, kinds[kind].command, a->slug, err, "%s %lld voided: %s",
                          kinds[kind].name, (long long)no, reason);
    free(nfc);
    return rc;
}

enum outlay_status outlay_ledger_line_void(outlay_store *st, const struct outlay_activity *a,
                                           const char *no, const char *reason, outlay_err *err)
{
    return record_void(st, a, OUTLAY_AMOUNTS_BUDGET, no, reason, err);
}

enum outlay_status outlay_ledger_expense_void(outlay_store *st, const struct outlay_activity *a,
                                              const char *no, const char *reason, outlay_err *err)
{
    return record_void(st, a, OUTLAY_AMOUNTS_EXPENSES, no, reason, err);
}

enum outlay_status outlay_ledger_payment_void(outlay_store *st, const struct outlay_activity *a,
                                              enum outlay_payment_kind kind, const char *no,
                                              const char *reason, outlay_err *err)
{
    if (kind != OUTLAY_DEPOSIT && kind != OUTLAY_PAYOUT)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_INTERNAL_KIND, OUTLAY_A_TEXT("payment"),
                           OUTLAY_A_INT(kind));
    return record_void(st, a,
                       kind == OUTLAY_DEPOSIT ? OUTLAY_AMOUNTS_DEPOSITS : OUTLAY_AMOUNTS_PAYOUTS,
                       no, reason, err);
}

/* activity void on a loaded activity (the caller releases it). */
static enum outlay_status void_loaded(outlay_store *st, const struct outlay_activity *a,
                                      const char *reason, outlay_err *err)
{
    int64_t live[OUTLAY_AMOUNTS_KINDS] = {0}, any = 0;
    if (a->is_void)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_ACTIVITY_VOID_ALREADY,
                           OUTLAY_A_TEXT(a->slug),
                           OUTLAY_A_TEXT(a->void_reason ? a->void_reason : ""));
    if (a->closed)
        return outlay_fail(err, OUTLAY_ECLOSED, OUTLAY_P_ACTIVITY_CLOSED, OUTLAY_A_TEXT(a->slug));
    /* SPEC §11: only when nothing that counts hangs on it; participants do
     * not count. */
    for (int k = 0; k < OUTLAY_AMOUNTS_KINDS; k++) {
        enum outlay_status rc =
            outlay_store_live_count(st, a->id, (enum outlay_amounts)k, &live[k], err);
        if (rc != OUTLAY_OK)
            return rc;
        any += live[k];
    }
    if (any)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_ACTIVITY_HAS_RECORDS,
                           OUTLAY_A_TEXT(a->slug), OUTLAY_A_INT(live[OUTLAY_AMOUNTS_BUDGET]),
                           OUTLAY_A_INT(live[OUTLAY_AMOUNTS_EXPENSES]),
                           OUTLAY_A_INT(live[OUTLAY_AMOUNTS_DEPOSITS]),
                           OUTLAY_A_INT(live[OUTLAY_AMOUNTS_PAYOUTS]));
    enum outlay_status rc = outlay_store_activity_void(st, a->id, reason, err);
    return rc ? rc : ledger_audit(st, "activity void", a->slug, err, "activity voided: %s", reason);
}

enum outlay_status outlay_ledger_activity_void(outlay_store *st, const char *slug,
                                               const char *reason, outlay_err *err)
{
    struct outlay_activity a;
    char *nfc = NULL;
    enum outlay_status rc = ledger_check_reason(reason, &nfc, err);
    if (rc == OUTLAY_OK && (rc = outlay_ledger_activity(st, slug, 0, &a, err)) == OUTLAY_OK) {
        rc = void_loaded(st, &a, nfc ? nfc : reason, err);
        outlay_activity_release(&a);
    }
    free(nfc);
    return rc;
}
