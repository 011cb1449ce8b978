/*
 * print: the PDF of SPEC §13 (`outlay print`), drawn with cairo and pango:
 * first the approval form (the content of the workbook's Budget sheet),
 * then one settlement slip per participant, three to an A4 page with cut
 * lines. Takes computed structs; knows nothing of storage; never prints.
 *
 *     struct outlay_activity a = {.slug = "trip", .title = "Spring hike"};
 *     struct outlay_print_input in = {.activity = &a, .lang_code = "zh"};   // and the rest
 *     outlay_err err = {0};
 *     outlay_print_write("trip-print.pdf", &in, &err);
 */
#ifndef OUTLAY_PRINT_H
#define OUTLAY_PRINT_H

#include <stddef.h>

#include "outlay/ledger.h"
#include "outlay/records.h"
#include "outlay/settle.h"
#include "outlay/status.h"
#include "outlay/template.h"

/* Slips on one A4 page. */
#define OUTLAY_PRINT_SLIPS_PER_PAGE 3

struct outlay_print_input {
    const struct outlay_activity *activity;
    const struct outlay_budget_line *lines; /* non-void, recorded order */
    size_t nlines;
    /* the split at the planned headcount (outlay_ledger_budget_summary) */
    const struct outlay_budget_summary *summary;
    const struct outlay_participant *people; /* registration order */
    size_t npeople;
    const struct outlay_settle_person *settle_people; /* deposits etc. of people[i] */
    /* settle rows and group shares of people[i]; both NULL when the
     * activity cannot be settled, and then settle_error says why (worded
     * where the slips would be). */
    const struct outlay_settle_result *settle;
    const struct outlay_settle_breakdown *groups;
    const outlay_err *settle_error;
    /* Problems under the form's totals (outlay_ledger_share_problems, then
     * outlay_ledger_problems): the first five worded from [problem] of
     * templates/lang/<code>.ini, then how many more. */
    const outlay_err *problems;
    size_t nproblems;
    /* SPEC §14: the latest approval, NULL when none: the form says who
     * approved what total on which date, as the Budget sheet does. */
    const struct outlay_approval *approval;
    const outlay_lang *lang; /* labels: templates/lang/<code>.ini */
    const char *lang_code;   /* "en" or "zh" */
    const char *guard;       /* a ledger path never to be written; may be NULL */
};

/* Writes the PDF to path through outlay_outfile (outfile.h): never over the
 * ledger at in->guard, atomically over a regular file, into a pipe or "-"
 * (stdout). OUTLAY_ENOMEM when cairo or pango runs out of memory;
 * OUTLAY_EIO with OUTLAY_P_PRINT_CAIRO (the file and cairo's reason) or an
 * outfile problem; OUTLAY_EOVERFLOW (OUTLAY_P_PRINT_LINE_RANGE) for a
 * budget line or total that cannot be summed. */
enum outlay_status outlay_print_write(const char *path, const struct outlay_print_input *in,
                                      outlay_err *err);

/* The codes the PDF words (the problems of the form, a settle_error): each
 * has a wording, [problem] <name>, in every templates/lang/<code>.ini. *n
 * is set to how many. */
const enum outlay_problem *outlay_print_problem_codes(size_t *n);

#endif
