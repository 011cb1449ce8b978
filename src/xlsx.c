/*
 * xlsx: the approval workbook of SPEC §8. This file owns the atomic write,
 * the workbook (properties, formats, sheet names) and the cell helpers; the
 * sheets are in xlsx_budget.c and xlsx_sheets.c.
 *
 * libxlsxwriter runs in constant-memory mode so that a million expenses fit
 * in a few megabytes: each sheet is written strictly top to bottom, a row
 * at a time, and strings are stored inline.
 *
 * libxlsxwriter writes numbers with printf ("%.16G"), which follows
 * LC_NUMERIC: under de_DE a unit price of 12.50 would be <v>12,5</v>, read
 * as 12. Every byte of the workbook is therefore written inside a "C"
 * number scope (c_numeric.h), whatever locale the caller runs under.
 */
#include "outlay/xlsx.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "c_numeric.h"
#include "outlay/outfile.h"
#include "xlsx_internal.h"

const char *xw_label(const struct xw *x, const char *key)
{
    if (!x->in->lang)
        return key;
    return outlay_lang_get(x->in->lang, key);
}

/* Problems ------------------------------------------------------------------- */

static const enum outlay_problem shown[] = {
    /* outlay_ledger_problems, outlay_ledger_share_problems */
    OUTLAY_P_DECLARED_DIFFERS,
    OUTLAY_P_DECLARED_UNCOMPARABLE,
    OUTLAY_P_WITHDRAWN_PAYER,
    OUTLAY_P_ORPHAN_TAG,
    OUTLAY_P_LARGE_DEPOSIT,
    OUTLAY_P_DEPOSIT_SHORT,
    OUTLAY_P_DEPOSIT_EXCESS,
    /* why an activity cannot be settled (outlay_settle_compute's OUTLAY_EINVAL) */
    OUTLAY_P_SETTLE_NOBODY,
    OUTLAY_P_SETTLE_TAG_NOBODY,
    OUTLAY_P_SETTLE_SUBSIDY,
    OUTLAY_P_SETTLE_WEIGHT,
    OUTLAY_P_SETTLE_RULE,
    /* SPEC §14: the union's rules (rules.c, through outlay_ledger_problems) */
    OUTLAY_P_RULES_STORED,
    OUTLAY_P_RULE_WINNERS,
    OUTLAY_P_RULE_WINNERS_NO_HEADCOUNT,
    OUTLAY_P_RULE_PRIZE_WINNER_OVER,
    OUTLAY_P_RULE_PRIZE_PARTICIPATION_OVER,
    OUTLAY_P_RULE_SOUVENIR_OVER,
    OUTLAY_P_RULE_CLOTHING_OVER,
    OUTLAY_P_RULE_SOUVENIR_WITH_PRIZES,
    OUTLAY_P_RULE_MEAL_OVER,
    OUTLAY_P_RULE_MEAL_SPENT_OVER,
    OUTLAY_P_RULE_BANNED_KIND_LINE,
    OUTLAY_P_RULE_BANNED_KIND_EXPENSE,
    OUTLAY_P_RULE_BANNED_WORD_LINE,
    OUTLAY_P_RULE_BANNED_WORD_EXPENSE,
    OUTLAY_P_APPROVAL_CHANGED,
    OUTLAY_P_APPROVAL_OVER,
};

const enum outlay_problem *outlay_xlsx_problem_codes(size_t *n)
{
    *n = sizeof shown / sizeof shown[0];
    return shown;
}

char *xw_problem(const struct xw *x, const outlay_err *p, char *buf, size_t n)
{
    return outlay_lang_problem(x->in->lang, x->zh, p, buf, n);
}

/* xw_title with the activity's title cut to max_chars characters and an
 * ellipsis (0: whole). */
static char *title_cut(const struct xw *x, const char *key, size_t max_chars)
{
    const char *title = x->in->activity->title ? x->in->activity->title : "";
    const char *what = xw_label(x, key);
    char *cut = NULL;
    if (max_chars) {
        size_t m = 4 * max_chars + 4;
        if (!(cut = malloc(m)))
            return NULL;
        title = xw_ellipsis(cut, m, title, max_chars);
    }
    size_t n = strlen(title) + strlen(what) + 8;
    char *s = malloc(n);

    /* Chinese runs the words together ("三八节运动会预算审批表"), but keeps a
     * space after a title that ends in a Latin letter or digit. */
    const char *sep = !*title                                          ? ""
                      : !x->zh                                         ? " — "
                      : (unsigned char)title[strlen(title) - 1] < 0x80 ? " "
                                                                       : "";
    size_t keep = strlen(title);
    if (!*sep)
        keep -= xw_overlap(title, what);
    if (s)
        snprintf(s, n, "%.*s%s%s", (int)keep, title, sep, what);
    free(cut);
    return s;
}

char *xw_title(const struct xw *x, const char *key)
{
    return title_cut(x, key, 0);
}

size_t xw_overlap(const char *title, const char *label)
{
    size_t t = strlen(title), best = 0;

    /* Every end of the label's leading characters, from the second on: a
     * common word ("活动") is two characters at least, so "生活" and
     * "活动…" share no word and both stay. */
    size_t chars = 0;
    for (size_t k = 0; label[k]; k++) {
        if (((unsigned char)label[k + 1] & 0xC0) == 0x80)
            continue; /* k is not the last byte of a character */
        chars++;
        size_t len = k + 1;
        if (chars >= 2 && len <= t && memcmp(title + t - len, label, len) == 0)
            best = len;
    }
    return best;
}

const char *xw_dates(const struct xw *x, char *buf, size_t n)
{
    const struct outlay_activity *a = x->in->activity;

    if (a->date && a->end_date && strcmp(a->date, a->end_date) != 0)
        snprintf(buf, n, "%s – %s", a->date, a->end_date);
    else if (a->date || a->end_date)
        snprintf(buf, n, "%s", a->date ? a->date : a->end_date);
    else if (n)
        buf[0] = '\0';
    return buf;
}

void xw_sheet_title(struct xw *x, lxw_worksheet *ws, lxw_col_t last, double width, const char *key)
{
    /* A few lines over the table at most: the Budget sheet has it whole. */
    char *title = title_cut(x, key, XW_SHEET_TITLE_CHARS);
    char dates[128], line[256] = "";
    /* in the title's 16-point type, less the cell's padding */
    size_t lines = title ? xw_text_lines(title, width * 11.0 / 16.0 - 2) : 1;

    worksheet_set_row(ws, XW_ROW_TITLE, lines > 1 ? 10 + 21.0 * (double)lines : 30, NULL);
    xw_merge(x, ws, XW_ROW_TITLE, 0, last, title ? title : "", x->f.title);
    if (!title)
        xw_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, XW_ROW_TITLE, 0);
    free(title);
    if (*xw_dates(x, dates, sizeof dates))
        snprintf(line, sizeof line, x->zh ? "%s：%s" : "%s: %s", xw_label(x, "budget.dates"),
                 dates);
    xw_merge(x, ws, XW_ROW_SUBTITLE, 0, last, line, x->f.subtitle);
    worksheet_set_row(ws, XW_ROW_HEAD - 1, 8, NULL); /* a little air above the table */
}

/* Lines ---------------------------------------------------------------------- */

/* Width of one narrow character in Excel's column unit (the default font's
 * digit): measured on LibreOffice's rendering of Calibri (DejaVu Sans when
 * Carlito is missing), which is close to Calibri's own proportions. */
static double narrow_width(unsigned char c)
{
    if (c >= 0x80)
        return 1.0; /* two-byte: accented Latin, Greek, Cyrillic */
    if (c && strchr("ijl.,:;'|!()[]I", c))
        return 0.5;
    if (c && strchr("frt-", c))
        return 0.6;
    if (c && strchr("mwMW@%", c))
        return 1.4;
    if (c >= 'A' && c <= 'Z')
        return 1.1;
    return 0.9;
}

size_t xw_text_lines(const char *text, double width)
{
    /* Two and a half units go to the cells' indent and padding: text
     * LibreOffice kept on one line left at least 3.3 units free, text it
     * wrapped at most 1.7. */
    const double avail = width > 6.5 ? width - 2.5 : 4;
    const unsigned char *p = (const unsigned char *)text;
    double line = 0, spaces = 0;
    size_t lines = 1;

    /* Most cells are short: no character is wider than 1.4 units a byte. */
    if (!text)
        return 1;
    size_t n = strnlen(text, (size_t)avail);
    if ((double)n * 1.4 <= avail && !memchr(text, '\n', n))
        return 1;
    while (*p) {
        if (*p == '\n') {
            lines++;
            line = spaces = 0;
            p++;
            continue;
        }
        if (*p == ' ') {
            spaces += line > 0 ? 0.5 : 0;
            p++;
            continue;
        }
        /* The next piece that cannot be broken: a run of narrow characters
         * (a word), or one wide character (lead bytes 0xE0 and up: CJK, CJK
         * punctuation, emoji; a few narrow symbols counted wide, erring long). */
        double w = 0;
        if (*p >= 0xE0) {
            w = 2;
            for (p++; (*p & 0xC0) == 0x80; p++)
                ;
        } else {
            while (*p && *p != ' ' && *p != '\n' && *p < 0xE0)
                for (w += narrow_width(*p++); (*p & 0xC0) == 0x80; p++)
                    ;
        }
        if (line > 0 && line + spaces + w > avail) {
            lines++;
            line = 0;
        } else {
            line += spaces;
        }
        spaces = 0;
        for (line += w; line > avail; line -= avail)
            lines++; /* a word longer than the column is broken */
    }
    return lines;
}

double xw_row_height(size_t lines)
{
    /* 15 points a line hold a line of CJK (Noto Sans CJK is taller than
     * Latin fonts); Excel's highest row is 409 points. */
    double h = 15.0 * (double)lines + 3.0;
    return h < XW_ROW_DEFAULT ? XW_ROW_DEFAULT : h > 409.0 ? 409.0 : h;
}

void xw_fit_row(struct xw *x, lxw_worksheet *ws, lxw_row_t r, const char *const *texts,
                const double *widths, size_t n)
{
    size_t lines = 1;

    for (size_t i = 0; i < n; i++) {
        size_t k = texts[i] ? xw_text_lines(texts[i], widths[i]) : 1;
        if (k > lines)
            lines = k;
    }
    if (lines > 1)
        xw_check(x, worksheet_set_row(ws, r, xw_row_height(lines), NULL), r, 0);
}

char *xw_cell(char *buf, lxw_row_t r, lxw_col_t c)
{
    lxw_rowcol_to_cell(buf, r, c);
    return buf;
}

void xw_check(struct xw *x, lxw_error e, lxw_row_t r, lxw_col_t c)
{
    if (e != LXW_NO_ERROR && x->lerr == LXW_NO_ERROR) {
        x->lerr = e;
        x->lerr_row = r;
        x->lerr_col = c;
    }
}

enum outlay_status xw_failed(const struct xw *x, const char *sheet, outlay_err *err)
{
    char cell[16];

    if (x->lerr == LXW_NO_ERROR)
        return OUTLAY_OK;
    return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_XLSX_CELL,
                       OUTLAY_A_TEXT(xw_cell(cell, x->lerr_row, x->lerr_col)), OUTLAY_A_TEXT(sheet),
                       OUTLAY_A_TEXT(lxw_strerror(x->lerr)));
}

/* Bytes of s that fit in one cell: at most XW_CELL_MAX UTF-16 units (a
 * 4-byte sequence is a surrogate pair, two units), cut on a UTF-8 character
 * boundary so the workbook never holds a broken character (SPEC §8). */
static size_t cell_bytes(const char *s)
{
    size_t i = 0, units = 0;

    while (s[i]) {
        unsigned char b = (unsigned char)s[i];
        size_t len = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        size_t u = len == 4 ? 2 : 1;

        if (units + u > XW_CELL_MAX)
            break;
        for (size_t k = 1; k < len; k++) {
            if (!s[i + k]) {
                len = k; /* truncated sequence at the end: keep what is there */
                break;
            }
        }
        i += len;
        units += u;
    }
    return i;
}

void xw_str(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
    if (!s || !*s) {
        if (f)
            xw_blank(x, ws, r, c, f);
        return;
    }
    size_t n = cell_bytes(s);
    if (!s[n]) {
        xw_check(x, worksheet_write_string(ws, r, c, s, f), r, c);
        return;
    }
    char *cut = malloc(n + 1);
    if (!cut) {
        xw_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, r, c);
        return;
    }
    memcpy(cut, s, n);
    cut[n] = '\0';
    xw_check(x, worksheet_write_string(ws, r, c, cut, f), r, c);
    free(cut);
}

void xw_num(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *f)
{
    xw_check(x, worksheet_write_number(ws, r, c, v, f), r, c);
}

void xw_money(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, int64_t fen, lxw_format *f)
{
    xw_num(x, ws, r, c, (double)fen / 100.0, f);
}

void xw_formula(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *formula,
                int64_t cached_fen, lxw_format *f)
{
    xw_check(x, worksheet_write_formula_num(ws, r, c, formula, f, (double)cached_fen / 100.0), r,
             c);
}

void xw_blank(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, lxw_format *f)
{
    xw_check(x, worksheet_write_blank(ws, r, c, f), r, c);
}

void xw_merge(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c1, lxw_col_t c2,
              const char *s, lxw_format *f)
{
    /* The range is merged with an empty first cell, then the text is written
     * over it through xw_str so that it is cut like any other cell. */
    xw_check(x, worksheet_merge_range(ws, r, c1, r, c2, "", f), r, c1);
    xw_str(x, ws, r, c1, s, f);
}

/* A cell or a merged range of one row. */
static void span(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c1, lxw_col_t c2,
                 const char *s, lxw_format *f)
{
    if (c2 > c1)
        xw_merge(x, ws, r, c1, c2, s, f);
    else
        xw_str(x, ws, r, c1, s, f);
}

lxw_row_t xw_signatures(struct xw *x, lxw_worksheet *ws, lxw_row_t r, const lxw_col_t at[8])
{
    static const char *const who[] = {"sign.prepared_by", "sign.reviewed_by", "sign.approved_by"};
    char label[4200], date[4200];

    snprintf(date, sizeof date, x->zh ? "%s：" : "%s:", xw_label(x, "sign.date"));
    for (size_t i = 0; i < sizeof who / sizeof who[0]; i++, r++) {
        snprintf(label, sizeof label, x->zh ? "%s：" : "%s:", xw_label(x, who[i]));
        worksheet_set_row(ws, r, XW_SIGN_ROW, NULL);
        span(x, ws, r, at[0], at[1], label, x->f.sign_label);
        span(x, ws, r, at[2], at[3], "", x->f.sign_line);
        span(x, ws, r, at[4], at[5], date, x->f.sign_label);
        span(x, ws, r, at[6], at[7], "", x->f.sign_line);
    }
    return r;
}

char *xw_ellipsis(char *buf, size_t n, const char *s, size_t max_chars)
{
    size_t i = 0, chars = 0;
    s = s ? s : "";
    while (s[i] && chars < max_chars) {
        size_t k = 1;
        while (((unsigned char)s[i + k] & 0xC0) == 0x80)
            k++;
        if (i + k + 4 > n)
            break;
        i += k;
        chars++;
    }
    memcpy(buf, s, i);
    if (s[i]) { /* the loop left room for it */
        memcpy(buf + i, "…", 3);
        i += 3;
    }
    buf[i] = '\0';
    return buf;
}

/* "&L<slug>&C<page> / <pages>&R<sheet>": every printed page names its
 * activity. A slug is [a-z0-9-] (SPEC §4); anything else is left out
 * rather than read as a header/footer code. */
static void footer(struct xw *x, lxw_worksheet *ws)
{
    const char *slug = x->in->activity->slug ? x->in->activity->slug : "";
    char f[128];

    if (strlen(slug) > 64 || strspn(slug, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(slug))
        slug = "";
    snprintf(f, sizeof f, "&L%s&C&P / &N&R&A", slug);
    xw_check(x, worksheet_set_footer(ws, f), 0, 0);
}

void xw_print_setup(struct xw *x, lxw_worksheet *ws, int landscape, lxw_row_t repeat)
{
    worksheet_set_paper(ws, 9); /* A4 */
    if (landscape)
        worksheet_set_landscape(ws);
    else
        worksheet_set_portrait(ws);
    worksheet_fit_to_pages(ws, 1, 0); /* one page wide, as many long as needed */
    worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.7);
    worksheet_gridlines(ws, LXW_SHOW_SCREEN_GRIDLINES);
    worksheet_set_default_row(ws, XW_ROW_DEFAULT, LXW_FALSE); /* room around the text */
    xw_check(x, worksheet_repeat_rows(ws, repeat, repeat), repeat, 0);
    footer(x, ws);
}

/* Formats ------------------------------------------------------------------ */

#define GREY_FILL 0xF2F2F2
#define HEAD_FILL 0xDDE4EE
#define RED_TEXT 0xC00000
#define OVER_FILL 0xFFC7CE
#define OVER_TEXT 0x9C0006
#define REFUND_FILL 0xC6EFCE
#define REFUND_TEXT 0x006100
#define SUPP_FILL 0xFCD5B4
#define SUPP_TEXT 0x974706
#define VOID_TEXT 0x808080
#define MUTED_TEXT 0x595959
#define MONEY "#,##0.00" /* SPEC §8 */

/* A bordered table cell. Text and amounts get one character of indent so
 * they do not touch the borders on paper (indent applies to left- and
 * right-aligned cells only; centred formats reset it). A number wider than
 * its column shrinks to fit rather than print as ### (SPEC §13): columns
 * are sized for the amounts people enter, and the rare total of many
 * amounts at the limit still reads. */
static lxw_format *cell_fmt(lxw_format *f, const char *num)
{
    format_set_border(f, LXW_BORDER_THIN);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (num) {
        format_set_num_format(f, num);
        format_set_align(f, LXW_ALIGN_RIGHT);
        format_set_shrink(f);
    }
    format_set_indent(f, 1);
    return f;
}

static lxw_format *centred(lxw_format *f)
{
    format_set_align(f, LXW_ALIGN_CENTER);
    format_set_indent(f, 0);
    return f;
}

static lxw_format *colored(lxw_format *f, const char *num, lxw_color_t fill, lxw_color_t font)
{
    cell_fmt(f, num);
    if (fill)
        format_set_bg_color(f, fill);
    format_set_font_color(f, font);
    return f;
}

static lxw_format *voided(lxw_format *f, const char *num)
{
    colored(f, num, 0, VOID_TEXT);
    format_set_italic(f);
    format_set_font_strikeout(f);
    return f;
}

static void info(lxw_format *f, const char *num)
{
    format_set_bottom(f, LXW_BORDER_HAIR);
    if (!num)
        format_set_text_wrap(f);
    format_set_align(f, LXW_ALIGN_LEFT);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (num) {
        format_set_num_format(f, num);
        format_set_shrink(f);
    }
}

static void table_formats(struct xw_formats *f)
{
    format_set_bold(centred(cell_fmt(f->head, NULL)));
    format_set_bg_color(f->head, HEAD_FILL);
    format_set_text_wrap(f->head);
    cell_fmt(f->text, NULL);
    format_set_text_wrap(cell_fmt(f->wrap, NULL));
    centred(cell_fmt(f->center, NULL));
    centred(cell_fmt(f->integer, "0"));
    cell_fmt(f->money, MONEY);
    centred(cell_fmt(f->date, "yyyy-mm-dd"));
    cell_fmt(f->pct, "0.0%");
    format_set_italic(colored(f->sub_label, NULL, GREY_FILL, LXW_COLOR_BLACK));
    format_set_align(f->sub_label, LXW_ALIGN_RIGHT);
    format_set_italic(colored(f->sub_money, MONEY, GREY_FILL, LXW_COLOR_BLACK));
    format_set_bold(colored(f->total_label, NULL, HEAD_FILL, LXW_COLOR_BLACK));
    format_set_align(f->total_label, LXW_ALIGN_RIGHT);
    format_set_bold(colored(f->total_money, MONEY, HEAD_FILL, LXW_COLOR_BLACK));
    format_set_bold(cell_fmt(f->bold, NULL));
    format_set_bold(cell_fmt(f->bold_money, MONEY));
    format_set_bold(cell_fmt(f->total_fit, MONEY));
    format_set_indent(cell_fmt(f->indent, NULL), 2);
    /* A withdrawn participant's row: grey, so it reads as out of the
     * sharing at a glance, on paper too; the status word in bold. Not
     * italic: slanted CJK is hard to read. */
    format_set_text_wrap(colored(f->muted, NULL, GREY_FILL, MUTED_TEXT));
    centred(colored(f->muted_int, "0", GREY_FILL, MUTED_TEXT));
    format_set_bold(colored(f->withdrawn, NULL, GREY_FILL, MUTED_TEXT));
}

static void state_formats(struct xw_formats *f)
{
    colored(f->over_text, NULL, OVER_FILL, OVER_TEXT);
    colored(f->over_money, MONEY, OVER_FILL, OVER_TEXT);
    colored(f->over_pct, "0.0%", OVER_FILL, OVER_TEXT);
    format_set_bold(colored(f->over_bold_text, NULL, OVER_FILL, OVER_TEXT));
    format_set_bold(colored(f->over_bold_money, MONEY, OVER_FILL, OVER_TEXT));
    voided(f->void_text, NULL);
    format_set_text_wrap(voided(f->void_wrap, NULL));
    centred(voided(f->void_int, "0"));
    voided(f->void_money, MONEY);
    centred(voided(f->void_date, "yyyy-mm-dd"));
    colored(f->refund_text, NULL, REFUND_FILL, REFUND_TEXT);
    colored(f->refund_money, MONEY, REFUND_FILL, REFUND_TEXT);
    colored(f->supp_text, NULL, SUPP_FILL, SUPP_TEXT);
    colored(f->supp_money, MONEY, SUPP_FILL, SUPP_TEXT);
}

static void form_formats(struct xw_formats *f)
{
    format_set_bold(f->title);
    format_set_font_size(f->title, 16);
    format_set_align(f->title, LXW_ALIGN_CENTER);
    format_set_align(f->title, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(f->title); /* SPEC §13: a title of any length, whole */
    format_set_bold(f->title_small);
    format_set_font_size(f->title_small, 11);
    format_set_align(f->title_small, LXW_ALIGN_CENTER);
    format_set_align(f->title_small, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(f->title_small);
    format_set_align(f->subtitle, LXW_ALIGN_CENTER);
    format_set_align(f->subtitle, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bold(f->info_label);
    format_set_align(f->info_label, LXW_ALIGN_VERTICAL_CENTER);
    info(f->info_value, NULL);
    info(f->info_money, MONEY);
    info(f->info_int, "0");
    format_set_bold(cell_fmt(f->words_label, NULL));
    format_set_align(f->words_label, LXW_ALIGN_RIGHT);
    format_set_bold(cell_fmt(f->words, NULL));
    format_set_font_size(f->words, 12);
    format_set_font_color(f->warn, RED_TEXT);
    format_set_text_wrap(f->warn);
    format_set_align(f->warn, LXW_ALIGN_VERTICAL_TOP);
    format_set_font_color(f->error, RED_TEXT);
    format_set_bold(f->error);
    format_set_text_wrap(f->error);
    format_set_align(f->error, LXW_ALIGN_VERTICAL_TOP);
    format_set_bold(f->sign_label);
    format_set_align(f->sign_label, LXW_ALIGN_VERTICAL_BOTTOM);
    format_set_bottom(f->sign_line, LXW_BORDER_THIN);
}

/* Every format is created first (libxlsxwriter's format_set_* do not
 * accept NULL), walking struct xw_formats as the array of pointers it is,
 * then each is styled. */
_Static_assert(sizeof(struct xw_formats) % sizeof(lxw_format *) == 0,
               "struct xw_formats holds only format pointers");

static enum outlay_status make_formats(struct xw *x, outlay_err *err)
{
    lxw_format **all = (lxw_format **)&x->f;

    for (size_t i = 0; i < sizeof x->f / sizeof all[0]; i++)
        if (!(all[i] = workbook_add_format(x->wb)))
            return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    table_formats(&x->f);
    state_formats(&x->f);
    form_formats(&x->f);
    return OUTLAY_OK;
}

/* Workbook ----------------------------------------------------------------- */

static enum outlay_status set_properties(struct xw *x, outlay_err *err)
{
    char *title = xw_title(x, "budget.title");
    if (!title)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);

    lxw_doc_properties props = {
        .title = title,
        .subject = (char *)xw_label(x, "budget.title"),
        .author = (char *)x->in->author,
        .company = (char *)x->in->company,
        .comments = "outlay",
    };
    lxw_error e = workbook_set_properties(x->wb, &props);
    free(title);
    if (e != LXW_NO_ERROR)
        return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_XLSX_PROPERTIES,
                           OUTLAY_A_TEXT(lxw_strerror(e)));
    return OUTLAY_OK;
}

/* A sheet name from a label: Excel forbids []:*?/\ and more than 31
 * characters; a label that still cannot be used falls back to English. */
static lxw_worksheet *add_sheet(struct xw *x, const char *key, const char *fallback, char name[128])
{
    const char *label = xw_label(x, key);
    size_t i = 0, chars = 0;

    for (const char *p = label; *p && i < 124; p++) {
        unsigned char b = (unsigned char)*p;
        if ((b & 0xC0) != 0x80 && ++chars > 31)
            break;
        name[i++] = strchr("[]:*?/\\", *p) ? '_' : *p;
    }
    name[i] = '\0';
    if (workbook_validate_sheet_name(x->wb, name) != LXW_NO_ERROR)
        snprintf(name, 128, "%s", fallback);
    return workbook_add_worksheet(x->wb, name);
}

static enum outlay_status write_sheets(struct xw *x, outlay_err *err)
{
    static const struct {
        const char *key, *fallback;
        enum outlay_status (*write)(struct xw *, lxw_worksheet *, const char *, outlay_err *);
    } sheets[] = {
        {"sheet.budget", "Budget", xw_sheet_budget},
        {"sheet.budget_vs_actual", "Budget vs Actual", xw_sheet_report},
        {"sheet.expenses", "Expenses", xw_sheet_expenses},
        {"sheet.settlement", "Settlement", xw_sheet_settle},
        {"sheet.checks", "Checks", xw_sheet_checks}, /* SPEC §13: only with a problem */
    };
    enum { NSHEETS = sizeof sheets / sizeof sheets[0] };
    lxw_worksheet *ws[NSHEETS];
    char names[NSHEETS][128];
    size_t n = x->in->nproblems ? NSHEETS : NSHEETS - 1;

    /* All sheets exist before any is written: the order of creation is the
     * order of the tabs (SPEC §8). */
    for (size_t i = 0; i < n; i++) {
        ws[i] = add_sheet(x, sheets[i].key, sheets[i].fallback, names[i]);
        if (!ws[i])
            return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_XLSX_ADD_SHEET, OUTLAY_A_TEXT(names[i]));
    }
    for (size_t i = 0; i < n; i++) {
        enum outlay_status st = sheets[i].write(x, ws[i], names[i], err);
        if (st != OUTLAY_OK)
            return st;
        st = xw_failed(x, names[i], err);
        if (st != OUTLAY_OK)
            return st;
    }
    return OUTLAY_OK;
}

static enum outlay_status check_input(const struct outlay_workbook_input *in, outlay_err *err)
{
    const char *missing = !in || !in->activity             ? "activity"
                          : in->nlines && !in->lines       ? "lines"
                          : in->npeople && !in->people     ? "people"
                          : in->nproblems && !in->problems ? "problems"
                                                           : NULL;
    if (missing)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_XLSX_INPUT, OUTLAY_A_TEXT(missing));
    if (in->settle && (in->settle->nrows != in->npeople || (in->npeople && !in->settle_people)))
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_XLSX_SETTLE_ROWS,
                           OUTLAY_A_INT(in->settle->nrows), OUTLAY_A_INT(in->npeople));
    return OUTLAY_OK;
}

enum outlay_status outlay_xlsx_write(const char *path, const struct outlay_workbook_input *in,
                                     outlay_err *err)
{
    struct outlay_outfile of = {0};
    lxw_workbook *wb = NULL;
    struct outlay_c_numeric numbers = {0};
    enum outlay_status st = check_input(in, err);

    if (st != OUTLAY_OK)
        return st;
    if (!path || !*path)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_XLSX_NO_PATH);
    st = outlay_outfile_begin(&of, path, in->guard, 0666, err);
    if (st != OUTLAY_OK)
        goto out;
    /* From the first XML part to the last: constant-memory mode writes
     * rows as they come, the other parts at workbook_close(). */
    st = outlay_c_numeric_enter(&numbers, err);
    if (st != OUTLAY_OK)
        goto out;
    /* libxlsxwriter's own scratch files live beside the temporary file, on
     * the disk that will hold the workbook anyway. */
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = of.tmpdir};
    wb = workbook_new_opt(of.tmp, &opt);
    if (!wb) {
        st = outlay_fail(err, OUTLAY_EIO, OUTLAY_P_XLSX_START, OUTLAY_A_TEXT(path));
        goto out;
    }
    struct xw x = {.wb = wb, .in = in};
    x.zh = in->lang_code && strcmp(in->lang_code, "zh") == 0;
    st = make_formats(&x, err);
    if (st == OUTLAY_OK)
        st = set_properties(&x, err);
    if (st == OUTLAY_OK)
        st = write_sheets(&x, err);
    /* Closing is the only way to release the workbook, even after an error;
     * the half-written file is then removed by outlay_outfile_release(). */
    errno = 0;
    lxw_error e = workbook_close(wb);
    int sys = errno;
    wb = NULL;
    outlay_c_numeric_leave(&numbers);
    if (st != OUTLAY_OK)
        goto out;
    if (e != LXW_NO_ERROR && (sys == ENOSPC || sys == EDQUOT || sys == EFBIG)) {
        st = outlay_fail(err, OUTLAY_EIO, OUTLAY_P_XLSX_NO_SPACE, OUTLAY_A_TEXT(path),
                         OUTLAY_A_ERRNO(sys));
        goto out;
    }
    if (e != LXW_NO_ERROR) {
        st = outlay_fail(err, OUTLAY_EIO, OUTLAY_P_XLSX_CLOSE, OUTLAY_A_TEXT(path),
                         OUTLAY_A_TEXT(lxw_strerror(e)));
        goto out;
    }
    st = outlay_outfile_commit(&of, err);
out:
    outlay_c_numeric_leave(&numbers);
    outlay_outfile_release(&of);
    return st;
}
