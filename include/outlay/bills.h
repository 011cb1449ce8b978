/*
 * bills: money from payment apps (SPEC §15). Reads the bill a person
 * exports from WeChat Pay (CSV, or .xlsx read by xlsxin) or Alipay (GBK CSV), leniently as the apps
 * write them, and records its rows as deposits (income from a participant,
 * by name or alias), payouts (transfers to one, checked against the
 * refund) and, when asked, expenses; each keeps its transaction id, so a
 * bill imported twice adds nothing. All rows or none (the caller's
 * transaction); a dry run is the same import rolled back by the caller.
 *
 *     outlay_store *st; outlay_err err = {0}; struct outlay_activity a; // open, load
 *     struct outlay_bill_opts o = {.app = OUTLAY_BILL_WECHAT, .path = "bill.csv"};
 *     struct outlay_bill_summary sum; outlay_bills_import(st, &a, &o, NULL, NULL, &sum, &err);
 */
#ifndef OUTLAY_BILLS_H
#define OUTLAY_BILLS_H

#include <stdint.h>

#include "outlay/ledger.h"

enum outlay_bill_app { OUTLAY_BILL_WECHAT, OUTLAY_BILL_ALIPAY };

struct outlay_bill_opts {
    enum outlay_bill_app app;
    const char *path;
    const char *from, *to; /* YYYY-MM-DD, inclusive, or NULL */
    const char *expenses;  /* the category of other payments, or NULL: skip them */
};

/* What became of a row. */
enum outlay_bill_fate {
    OUTLAY_BILL_DEPOSIT,
    OUTLAY_BILL_PAYOUT,
    OUTLAY_BILL_EXPENSE,
    OUTLAY_BILL_PRESENT,   /* its transaction id is in the activity already */
    OUTLAY_BILL_UNMATCHED, /* income from nobody of the activity */
    OUTLAY_BILL_SKIPPED,   /* status, direction, dates, or a payout refused */
    OUTLAY_BILL_FATES
};

/* A row as the bill gives it (UTF-8, cells trimmed). */
struct outlay_bill_row {
    long line; /* in the file, from 1 */
    const char *time, *type, *party, *account, *goods, *direction, *status, *id;
    char date[11];
    int64_t amount;   /* fen */
    const char *name; /* the participant it was matched to, or NULL */
};

struct outlay_bill_summary {
    long n[OUTLAY_BILL_FATES];
    int64_t fen[3]; /* deposits, payouts, expenses recorded */
};

/* Told of each row recorded (fate DEPOSIT, PAYOUT, EXPENSE; why NULL), each
 * unmatched one (why: no_participant or no_participant_near, the "did you
 * mean") and each payout refused (SKIPPED; why: the payout guard's
 * problem), in transaction-time order within each kind. */
typedef void (*outlay_bill_cb)(void *ctx, const struct outlay_bill_row *r, enum outlay_bill_fate f,
                               const outlay_err *why);

/* A bill that cannot be read is refused whole, err naming the file and
 * (err->line) its line: OUTLAY_P_BILL_READ, BILL_ENCODING, BILL_NOT_WECHAT
 * or BILL_NOT_ALIPAY (no header row), BILL_IS_ALIPAY or BILL_IS_WECHAT (the
 * other app's bill), BILL_TRUNCATED, BILL_FIELD, BILL_DUPLICATE_ID, or the
 * ledger's refusal of a row; for an .xlsx bill also the problems of
 * outlay_xlsx_reader_open (line 0) and _next (line the sheet row); BILL_READ
 * with EFBIG past 64 MiB of cells. The caller then rolls back. */
enum outlay_status outlay_bills_import(outlay_store *st, const struct outlay_activity *a,
                                       const struct outlay_bill_opts *o, outlay_bill_cb cb,
                                       void *ctx, struct outlay_bill_summary *sum, outlay_err *err);

#endif
