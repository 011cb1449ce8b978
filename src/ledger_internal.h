/*
 * ledger_internal: what the ledger's files share (src/ledger*.c only):
 * ledger.c checks and writes records, ledger_edit.c voids them and knows
 * how records are named by their numbers (SPEC §11).
 *
 *     int64_t no;
 *     if (ledger_record_no(OUTLAY_AMOUNTS_EXPENSES, a, "3", &no, err) == OUTLAY_OK)
 *         ledger_audit(st, "expense void", a->slug, err, "expense %lld voided", (long long)no);
 */
#ifndef OUTLAY_LEDGER_INTERNAL_H
#define OUTLAY_LEDGER_INTERNAL_H

#include <stdarg.h>

#include "outlay/ledger.h"

/* --- ledger.c ------------------------------------------------------------ */

/* Appends the audit row of `command` on activity slug (NULL for none), its
 * detail formatted as by printf and cut, at a character boundary, to what
 * an audit row holds. */
/* An audit row whose detail is printf(fmt, ...) (ledger_auditv). */
enum outlay_status ledger_audit(outlay_store *st, const char *command, const char *slug,
                                outlay_err *err, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
enum outlay_status ledger_auditv(outlay_store *st, const char *command, const char *slug,
                                 outlay_err *err, const char *fmt, va_list ap);

/* A void's reason: given, valid text (SPEC §10), in NFC. *nfc is NULL, or
 * a copy in NFC (free it) that stands for reason. Problems name the field
 * "reason". */
enum outlay_status ledger_check_reason(const char *reason, char **nfc, outlay_err *err);

/* --- ledger_edit.c ------------------------------------------------------- */

/* The number a command typed for a record of kind in activity a:
 * OUTLAY_EUSAGE when it is not one (outlay_ledger_no_parse). */
enum outlay_status ledger_record_no(enum outlay_amounts kind, const struct outlay_activity *a,
                                    const char *text, int64_t *no, outlay_err *err);

/* The refusals of a record that is not there (rc OUTLAY_ENOTFOUND from the
 * store) or is void: OUTLAY_EINVAL naming the activity and the number (and
 * the void's reason). changing: the record was to be changed, not voided.
 * Other statuses are returned as they are. */
enum outlay_status ledger_record_missing(enum outlay_amounts kind, const struct outlay_activity *a,
                                         int64_t no, enum outlay_status rc, outlay_err *err);
enum outlay_status ledger_record_void(enum outlay_amounts kind, int64_t no, const char *reason,
                                      int changing, outlay_err *err);

/* SPEC §14: the flags of expense e under a's rules (a->rules, or its
 * rules_text parsed here when a was not loaded by outlay_ledger_activity). */
unsigned ledger_expense_flags(const struct outlay_activity *a, const struct outlay_expense *e);

/* Parses a->rules_text into a->rules (left NULL when there is none or it no
 * longer parses: check says so); OUTLAY_ENOMEM only. */
enum outlay_status ledger_rules_load(struct outlay_activity *a, outlay_err *err);

/* Flags every expense of activity a under rules r (NULL: none) and marks
 * its flags trusted (an older ledger's activity, or its rules changed). */
enum outlay_status ledger_reflag(outlay_store *st, const struct outlay_activity *a,
                                 const struct outlay_rules *r, outlay_err *err);

/* ledger_year.c: the kept figures of the year against those worked out
 * afresh (outlay_ledger_integrity); problems passed to cb; -1 on error. */
long ledger_year_check(outlay_store *st, outlay_problem_cb cb, void *ctx, outlay_err *err);

#endif
