/*
 * import: CSV files into an activity, all or nothing (SPEC §5). Reads with
 * csvio, validates every row with the same ledger rules as the commands,
 * and reports every error (up to OUTLAY_IMPORT_MAX_ERRORS) with its line.
 *
 *     void print_it(void *ctx, const outlay_err *problem); // problem->file, ->line, ->column
 *     outlay_store *st = NULL; struct outlay_activity a;   // a transaction; a open for writing
 *     struct outlay_import_opts o = { .kind = OUTLAY_IMPORT_EXPENSES, .path = "x.csv",
 *                                     .on_error = print_it };
 *     long rows; outlay_err err = {0};
 *     outlay_import(st, &a, &o, &rows, &err);   // OUTLAY_EINVAL: roll back
 */
#ifndef OUTLAY_IMPORT_H
#define OUTLAY_IMPORT_H

#include <stdint.h>

#include "outlay/csvio.h"
#include "outlay/records.h"
#include "outlay/status.h"
#include "outlay/store.h"

#define OUTLAY_IMPORT_MAX_ERRORS 100

enum outlay_import_kind {
    OUTLAY_IMPORT_BUDGET = 0,
    OUTLAY_IMPORT_EXPENSES,
    OUTLAY_IMPORT_PARTICIPANTS,
    OUTLAY_IMPORT_DEPOSITS
};

struct outlay_import_opts {
    enum outlay_import_kind kind;
    const char *path;  /* "-" for stdin */
    const char *sheet; /* xlsx: the sheet to read; NULL: the first (SPEC §15) */
    enum outlay_encoding encoding;
    /* Each row's problem, with its place: file as given, physical line,
     * column ("" for problems of the file itself). */
    void (*on_error)(void *ctx, const outlay_err *problem);
    void (*progress)(void *ctx, long rows); /* every 10,000 rows; may be NULL */
    /* Warnings about what was imported (SPEC §11: deposits that took a
     * participant past twice the planned deposit, the first ten named, then
     * OUTLAY_P_IMPORT_EXCESS_MORE counting the rest), after the rows are
     * in; NULL for none (and none of their work). */
    outlay_problem_cb on_warning;
    void *ctx;
};

/* Parses "budget", "expenses", "participants", "deposits"; -1 otherwise. */
int outlay_import_kind_parse(const char *s);

/* Imports into activity a (already checked open for writing) inside the
 * caller's transaction, appending one audit row on success. Returns
 * OUTLAY_EINVAL when any row was refused (all reported through on_error, the
 * caller must roll back), other statuses for storage errors. *rows is the
 * number of rows added. */
enum outlay_status outlay_import(outlay_store *st, const struct outlay_activity *a,
                                 const struct outlay_import_opts *o, long *rows, outlay_err *err);

#endif
