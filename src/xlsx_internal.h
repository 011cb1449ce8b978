/*
 * xlsx_internal: what the workbook's sheets share (src/xlsx*.c only): the
 * writer state, the cell formats and the cell helpers that enforce SPEC §8
 * (amounts as numbers, user text as strings cut to 32,767 characters,
 * formulas with cached values).
 *
 *     xw_money(x, ws, row, col, 408000, x->f.money);   // 4,080.00, a number
 *     xw_str(x, ws, row, col, e->item, x->f.text);     // "=1+1" stays text
 */
#ifndef OUTLAY_XLSX_INTERNAL_H
#define OUTLAY_XLSX_INTERNAL_H

#include <stdint.h>
#include <xlsxwriter.h>

#include "outlay/status.h"
#include "outlay/xlsx.h"

/* Excel's limit on the characters of one cell (counted in UTF-16 units). */
#define XW_CELL_MAX 32767

/* Sheets 2-4 open with the activity's title (row 1) and dates (row 2), a
 * spacer, then their table's header row (row 4): a printed page on its own
 * says what it is. */
#define XW_ROW_TITLE 0
#define XW_ROW_SUBTITLE 1
#define XW_ROW_HEAD 3

struct xw_formats {
    lxw_format *title, *title_small, *subtitle, *info_label, *info_value, *info_money, *info_int;
    lxw_format *head, *text, *wrap, *center, *integer, *money, *date, *pct;
    lxw_format *sub_label, *sub_money, *total_label, *total_money;
    lxw_format *words_label, *words, *warn, *error;
    lxw_format *sign_label, *sign_line;
    lxw_format *over_text, *over_money, *over_pct, *over_bold_text, *over_bold_money;
    lxw_format *void_text, *void_wrap, *void_int, *void_money, *void_date;
    lxw_format *refund_text, *refund_money, *supp_text, *supp_money;
    lxw_format *muted, *muted_int, *withdrawn, *bold, *bold_money, *indent;
    lxw_format *total_fit; /* a total row's amount: shrinks rather than shows ### */
};

struct xw {
    lxw_workbook *wb;
    const struct outlay_workbook_input *in;
    int zh; /* lang_code "zh": CJK punctuation in titles */
    struct xw_formats f;
    lxw_error lerr;     /* first libxlsxwriter error, 0 if none */
    lxw_row_t lerr_row; /* and where it happened */
    lxw_col_t lerr_col;
};

/* The label for "section.key" (SPEC §8 labels, templates/lang/<code>.ini);
 * valid as long as in->lang. */
const char *xw_label(const struct xw *x, const char *key);

/* Problem p in the workbook's language: its code's wording ("problem.<name>"
 * of the labels) filled with its arguments, into buf (n bytes), returned.
 * Lists of expense ids are written as the language writes them. */
char *xw_problem(const struct xw *x, const outlay_err *p, char *buf, size_t n);
/* Room for a worded problem: a wording of up to OUTLAY_TEXT_MAX characters
 * and its arguments. */
#define XW_PROBLEM_BUFSZ 8192

/* Cell writers. A failure is remembered in x->lerr (first one wins) so the
 * sheet code reads top to bottom; xw_failed() reports it. */
void xw_str(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
            lxw_format *f);
void xw_num(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *f);
/* SPEC §3: the one place fen become a double. */
void xw_money(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, int64_t fen,
              lxw_format *f);
/* A money formula whose cached value (fen) is what a spreadsheet computes. */
void xw_formula(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *formula,
                int64_t cached_fen, lxw_format *f);
void xw_blank(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, lxw_format *f);
/* Merges columns c1..c2 of row r (one row only: constant-memory mode). */
void xw_merge(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c1, lxw_col_t c2,
              const char *s, lxw_format *f);
void xw_check(struct xw *x, lxw_error e, lxw_row_t r, lxw_col_t c);

/* OUTLAY_EIO naming the sheet and cell of the first libxlsxwriter error, or
 * OUTLAY_OK. */
enum outlay_status xw_failed(const struct xw *x, const char *sheet, outlay_err *err);

/* "<activity title> — <label of key>" (zh: no separator), e.g. key
 * "budget.title" for the Budget sheet and the document properties. Caller
 * frees; NULL on ENOMEM. */
char *xw_title(const struct xw *x, const char *key);

/* Bytes at the end of title that repeat the start of label, a word of two
 * characters or more ("…健步走活动" and "活动经费预算审批表": the six bytes
 * of 活动), so that a Chinese title runs on into its label without saying
 * it twice; 0 when none. */
size_t xw_overlap(const char *title, const char *label);

/* s cut to max_chars characters, an ellipsis marking the cut, into buf (n
 * bytes, at least 4), returned: for a cell that cannot wrap (a merged
 * label) and must not run into the next one. */
char *xw_ellipsis(char *buf, size_t n, const char *s, size_t max_chars);

/* The activity's dates, "2026-05-25 – 2026-05-27" or one date, "" when it
 * has none; into buf, returned. */
const char *xw_dates(const struct xw *x, char *buf, size_t n);

/* Title rows of sheets 2-5 (XW_ROW_TITLE, XW_ROW_SUBTITLE) merged over
 * columns 0..last, `width` wide in all; key names the sheet's title label.
 * The title wraps, its row as tall as it needs; an activity's title longer
 * than XW_SHEET_TITLE_CHARS characters is cut there with "…" (the Budget
 * sheet has it whole). */
#define XW_SHEET_TITLE_CHARS 100
void xw_sheet_title(struct xw *x, lxw_worksheet *ws, lxw_col_t last, double width, const char *key);

/* Lines that text takes when wrapped in a column `width` characters wide
 * (Excel's unit, the default font's digit): words move to the next line
 * whole, CJK characters count double and may break anywhere. An estimate
 * that errs on the long side, since spreadsheets do not grow rows on load. */
size_t xw_text_lines(const char *text, double width);

/* Sets the height of row r so that texts[i], wrapped in a column widths[i]
 * wide, fits (NULL texts are skipped); leaves one-line rows at the default
 * height. Call before writing the row's cells (constant-memory mode). */
void xw_fit_row(struct xw *x, lxw_worksheet *ws, lxw_row_t r, const char *const *texts,
                const double *widths, size_t n);

/* Height in points of a row of `lines` wrapped lines, and of the default row. */
double xw_row_height(size_t lines);
#define XW_ROW_DEFAULT 18.0

/* The signature block (SPEC §8, §13) from row r: prepared / reviewed /
 * approved by, each a row XW_SIGN_ROW high with a line to sign on and a
 * date line. at[] gives the columns, first and last, of the label, its
 * line, the date's label and its line. Returns the row after the block. */
lxw_row_t xw_signatures(struct xw *x, lxw_worksheet *ws, lxw_row_t r, const lxw_col_t at[8]);
#define XW_SIGN_ROW 30.0

/* "A1"-style name of a cell, into buf (at least 16 bytes). */
char *xw_cell(char *buf, lxw_row_t r, lxw_col_t c);

/* Common print setup: A4, one page wide, the header row `repeat` at the
 * top of every printed page, a footer with the activity's slug, the page
 * number and the sheet's name. */
void xw_print_setup(struct xw *x, lxw_worksheet *ws, int landscape, lxw_row_t repeat);

/* The sheets, each written top to bottom (constant-memory mode). */
enum outlay_status xw_sheet_budget(struct xw *x, lxw_worksheet *ws, const char *name,
                                   outlay_err *err);
enum outlay_status xw_sheet_report(struct xw *x, lxw_worksheet *ws, const char *name,
                                   outlay_err *err);
enum outlay_status xw_sheet_expenses(struct xw *x, lxw_worksheet *ws, const char *name,
                                     outlay_err *err);
enum outlay_status xw_sheet_settle(struct xw *x, lxw_worksheet *ws, const char *name,
                                   outlay_err *err);
/* Every problem, numbered (SPEC §13); written only when there is one. */
enum outlay_status xw_sheet_checks(struct xw *x, lxw_worksheet *ws, const char *name,
                                   outlay_err *err);

#endif
