/*
 * xlsx: the approval workbook (SPEC §8) written with libxlsxwriter in
 * constant-memory mode. Takes computed structs; knows nothing of storage.
 *
 *     struct outlay_activity a = {.slug = "trip", .title = "Spring hike"};
 *     struct outlay_workbook_input in = {.activity = &a, .lang_code = "en"};   // and the rest
 *     outlay_err err = {0};
 *     outlay_xlsx_write("trip-approval.xlsx", &in, &err);
 */
#ifndef OUTLAY_XLSX_H
#define OUTLAY_XLSX_H

#include <stddef.h>
#include <stdint.h>

#include "outlay/records.h"
#include "outlay/report.h"
#include "outlay/settle.h"
#include "outlay/status.h"
#include "outlay/template.h"

/* Streams expenses in recorded order: returns 1 and fills *e (borrowed,
 * valid until the next call), 0 at the end, -1 on error (err set). */
typedef int (*outlay_expense_iter)(void *ctx, struct outlay_expense *e, outlay_err *err);

struct outlay_workbook_input {
    const struct outlay_activity *activity;
    const struct outlay_budget_line *lines; /* recorded order */
    size_t nlines;
    const struct outlay_report *report;
    outlay_expense_iter next_expense; /* every expense, voided included */
    void *expense_ctx;
    const struct outlay_participant *people; /* registration order */
    size_t npeople;
    /* settle rows for people[i]; NULL when the activity cannot be settled,
     * and then settle_error says why (worded on the Settlement sheet). */
    const struct outlay_settle_result *settle;
    const struct outlay_settle_person *settle_people; /* deposits etc. per person */
    const outlay_err *settle_error;
    /* Problems shown under the Budget sheet's totals, in this order (SPEC
     * §7: outlay_ledger_share_problems, outlay_ledger_problems). Like
     * settle_error, each is worded in the workbook's language by its code
     * ([problem] of templates/lang/<code>.ini), never as the caller's
     * sentence. OUTLAY_P_DECLARED_DIFFERS is not worded: the sheet compares
     * the declared total with its own lines, above the other problems. */
    const outlay_err *problems;
    size_t nproblems;
    /* SPEC §14: the activity's latest approval, NULL when it has none;
     * the Budget sheet says who approved what total on which date. */
    const struct outlay_approval *approval;
    const outlay_lang *lang; /* labels: templates/lang/<code>.ini */
    const char *lang_code;   /* "en" or "zh" */
    const char *author;      /* document properties; may be NULL */
    const char *company;
    void (*progress)(void *ctx, uint64_t rows_done); /* may be NULL */
    void *progress_ctx;
    const char *guard; /* a ledger path whose files must never be written; may be NULL */
};

/* Writes the workbook to path through outlay_outfile (outfile.h): never over
 * the ledger at in->guard, atomically over a regular file (a crash never
 * leaves a truncated file under the final name), straight into a device, a
 * pipe or "-" (stdout). OUTLAY_EIO with a problem naming the file on
 * failure. */
enum outlay_status outlay_xlsx_write(const char *path, const struct outlay_workbook_input *in,
                                     outlay_err *err);

/* The codes a workbook words (as settle_error or among the problems): each
 * has a wording, [problem] <name> = ..., in every templates/lang/<code>.ini.
 * *n is set to how many. */
const enum outlay_problem *outlay_xlsx_problem_codes(size_t *n);

#endif
