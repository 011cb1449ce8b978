/*
 * print: the PDF of SPEC §13. This file owns the drawing engine (text that
 * wraps or is cut with an ellipsis, amounts that shrink to fit, pages), the
 * write through outlay_outfile, and the approval form: the same content as
 * the workbook's Budget sheet (src/xlsx_budget.c), laid out on A4. The
 * slips are in print_slips.c.
 *
 * Every figure is an outlay_money_format string: no money becomes a float
 * here. cairo writes its numbers itself, whatever LC_NUMERIC says.
 */
#include <cairo-pdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/money.h"
#include "outlay/outfile.h"
#include "outlay/report.h"
#include "outlay/words.h"
#include "print_internal.h"

/* The engine ----------------------------------------------------------------- */

const char *pr_label(const struct pr *p, const char *key)
{
    return p->in->lang ? outlay_lang_get(p->in->lang, key) : key;
}

const char *pr_colon(const struct pr *p, const char *key, char *buf, size_t n)
{
    snprintf(buf, n, p->zh ? "%s：" : "%s:", pr_label(p, key));
    return buf;
}

static void set_font(struct pr *p, double size)
{
    pango_font_description_set_absolute_size(p->font, size * PANGO_SCALE);
    p->size = size;
    pango_layout_set_font_description(p->layout, p->font);
}

static void show(struct pr *p, double x, double y, unsigned flags)
{
    if (flags & PR_MEASURE)
        return;
    cairo_save(p->cr);
    if (flags & PR_RED)
        cairo_set_source_rgb(p->cr, 0.65, 0, 0);
    else if (flags & PR_GREY)
        cairo_set_source_rgb(p->cr, 0.35, 0.35, 0.35);
    else
        cairo_set_source_rgb(p->cr, 0, 0, 0);
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, p->layout);
    if (flags & PR_BOLD) {
        /* Bold by striking the text again a hair to the right: a second
         * face of Noto Sans CJK would cost its ~20 MB once more when cairo
         * subsets it into the PDF (issue 16's 64 MB). Readers of the text
         * (pdftotext, copy and paste) drop the overlapping copy. */
        cairo_move_to(p->cr, x + p->size * 0.045, y);
        pango_cairo_show_layout(p->cr, p->layout);
    }
    cairo_restore(p->cr);
}

double pr_text(struct pr *p, double x, double y, double w, const char *s, double size,
               unsigned flags, int maxlines)
{
    PangoLayout *l = p->layout;
    int pw, ph;

    set_font(p, size);
    pango_layout_set_width(l, (int)(w * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l, flags & PR_RIGHT    ? PANGO_ALIGN_RIGHT
                                  : flags & PR_CENTER ? PANGO_ALIGN_CENTER
                                                      : PANGO_ALIGN_LEFT);
    /* A negative height is a number of lines: past it, "…" ends the text. */
    pango_layout_set_height(l, maxlines > 0 ? -maxlines : -1);
    pango_layout_set_ellipsize(l, maxlines > 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
    pango_layout_set_text(l, s ? s : "", -1);
    pango_layout_get_size(l, &pw, &ph);
    show(p, x, y, flags);
    return (double)ph / PANGO_SCALE;
}

double pr_fit(struct pr *p, double x, double y, double w, const char *s, double size,
              unsigned flags)
{
    PangoLayout *l = p->layout;
    int pw, ph;

    set_font(p, size);
    pango_layout_set_width(l, -1);
    pango_layout_set_height(l, -1);
    pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_NONE);
    pango_layout_set_alignment(l, PANGO_ALIGN_LEFT);
    pango_layout_set_text(l, s ? s : "", -1);
    pango_layout_get_size(l, &pw, &ph);
    double tw = (double)pw / PANGO_SCALE;
    if (tw > w && tw > 0) {
        /* 26 characters of 10,000,000,000,000,000.00 in a column made for
         * 18: smaller, never cut */
        set_font(p, size * w / tw * 0.98);
        pango_layout_get_size(l, &pw, &ph);
        tw = (double)pw / PANGO_SCALE;
    }
    double dx = flags & PR_RIGHT ? w - tw : flags & PR_CENTER ? (w - tw) / 2 : 0;
    /* vertically centred on the line the full size would take */
    double full = size * 1.45;
    show(p, x + dx, y + (full - (double)ph / PANGO_SCALE) / 2, flags);
    return full;
}

double pr_width(struct pr *p, const char *s, double size, unsigned flags)
{
    int pw, ph;
    set_font(p, size);
    pango_layout_set_width(p->layout, -1);
    pango_layout_set_height(p->layout, -1);
    pango_layout_set_ellipsize(p->layout, PANGO_ELLIPSIZE_NONE);
    pango_layout_set_text(p->layout, s ? s : "", -1);
    pango_layout_get_size(p->layout, &pw, &ph);
    return (double)pw / PANGO_SCALE + (flags & PR_BOLD ? size * 0.045 : 0);
}

void pr_rule(struct pr *p, double x0, double y0, double x1, double y1, double width, int dashed)
{
    static const double dash[] = {4, 3};
    cairo_save(p->cr);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    cairo_set_line_width(p->cr, width);
    if (dashed)
        cairo_set_dash(p->cr, dash, 2, 0);
    cairo_move_to(p->cr, x0, y0);
    cairo_line_to(p->cr, x1, y1);
    cairo_stroke(p->cr);
    cairo_restore(p->cr);
}

void pr_fill(struct pr *p, double x, double y, double w, double h, double grey)
{
    cairo_save(p->cr);
    cairo_set_source_rgb(p->cr, grey, grey, grey);
    cairo_rectangle(p->cr, x, y, w, h);
    cairo_fill(p->cr);
    cairo_restore(p->cr);
}

void pr_box(struct pr *p, double x, double y, double w, double h)
{
    cairo_save(p->cr);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    cairo_set_line_width(p->cr, 0.6);
    cairo_rectangle(p->cr, x, y, w, h);
    cairo_stroke(p->cr);
    cairo_restore(p->cr);
}

/* {1} and {2} of a label replaced by a and b. Returns buf. */
static const char *subst(const char *wording, const char *a, const char *b, char *buf, size_t n)
{
    outlay_err e = {.nargs = 2};
    e.args[0].kind = e.args[1].kind = 't';
    snprintf(e.args[0].text, sizeof e.args[0].text, "%s", a ? a : "");
    snprintf(e.args[1].text, sizeof e.args[1].text, "%s", b ? b : "");
    return outlay_problem_fill(&e, wording, buf, n);
}

static void footer(struct pr *p)
{
    char num[16], buf[128];
    snprintf(num, sizeof num, "%d", p->page);
    subst(pr_label(p, "print.page"), num, NULL, buf, sizeof buf);
    pr_text(p, PR_MARGIN, PR_PAGE_H - 26, PR_WIDTH, buf, 7, PR_CENTER | PR_GREY, 1);
}

void pr_new_page(struct pr *p)
{
    if (p->page > 0) {
        footer(p);
        cairo_show_page(p->cr);
    }
    p->page++;
    p->y = PR_MARGIN;
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
    /* why an activity cannot be settled */
    OUTLAY_P_SETTLE_NOBODY,
    OUTLAY_P_SETTLE_TAG_NOBODY,
    OUTLAY_P_SETTLE_SUBSIDY,
    OUTLAY_P_SETTLE_WEIGHT,
    OUTLAY_P_SETTLE_RULE,
};

const enum outlay_problem *outlay_print_problem_codes(size_t *n)
{
    *n = sizeof shown / sizeof shown[0];
    return shown;
}

char *pr_problem(const struct pr *p, const outlay_err *e, char *buf, size_t n)
{
    return outlay_lang_problem(p->in->lang, p->zh, e, buf, n);
}

/* The form ------------------------------------------------------------------- */

enum { COL_NO, COL_CAT, COL_ITEM, COL_PRICE, COL_QTY, COL_UNIT, COL_AMOUNT, COL_NOTE, NCOLS };

/* Portrait A4 less the margins: the item and the note are the widest, as
 * their text wraps; an amount column holds 999,999,999,999.99. */
static const double col_w[NCOLS] = {24, 68, 130, 72, 40, 38, 82, PR_WIDTH - 454};

#define PAD 1.0
#define BODY 7.5 /* points: the table's text */
#define CELL_LINES 3

static double col_x(int c)
{
    double x = PR_MARGIN;
    for (int i = 0; i < c; i++)
        x += col_w[i];
    return x;
}

static double span_w(int from, int to)
{
    double w = 0;
    for (int i = from; i <= to; i++)
        w += col_w[i];
    return w;
}

struct plan {
    size_t *order;   /* line indices in display order */
    size_t *cat_end; /* for each category, its end in order[] */
    int64_t *cat_sum;
    size_t ncats;
    int64_t total, by_funder[2];
};

struct key {
    const char *cat;
    size_t first, index;
};

static const char *cat_of(const struct outlay_budget_line *l)
{
    return l->category ? l->category : "";
}

static int key_by_cat(const void *a, const void *b)
{
    const struct key *x = a, *y = b;
    int c = strcmp(x->cat, y->cat);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

static int key_by_first(const void *a, const void *b)
{
    const struct key *x = a, *y = b;
    if (x->first != y->first)
        return (x->first > y->first) - (x->first < y->first);
    return (x->index > y->index) - (x->index < y->index);
}

static void plan_release(struct plan *pl)
{
    free(pl->order);
    free(pl->cat_end);
    free(pl->cat_sum);
}

/* SPEC §8: lines grouped by category, categories in order of first
 * appearance, lines in recorded order within; sums checked (SPEC §3). */
static enum outlay_status make_plan(const struct outlay_print_input *in, struct plan *pl,
                                    outlay_err *err)
{
    size_t n = in->nlines, m = n ? n : 1;
    struct key *k = calloc(m, sizeof *k);
    pl->order = calloc(m, sizeof *pl->order);
    pl->cat_end = calloc(m, sizeof *pl->cat_end);
    pl->cat_sum = calloc(m, sizeof *pl->cat_sum);
    if (!k || !pl->order || !pl->cat_end || !pl->cat_sum) {
        free(k);
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    }
    for (size_t i = 0; i < n; i++)
        k[i] = (struct key){.cat = cat_of(&in->lines[i]), .index = i};
    qsort(k, n, sizeof *k, key_by_cat);
    for (size_t i = 0; i < n; i++)
        k[i].first = i && strcmp(k[i].cat, k[i - 1].cat) == 0 ? k[i - 1].first : k[i].index;
    qsort(k, n, sizeof *k, key_by_first);
    for (size_t i = 0; i < n; i++) {
        pl->order[i] = k[i].index;
        if (i + 1 == n || k[i + 1].first != k[i].first)
            pl->cat_end[pl->ncats++] = i + 1;
    }
    free(k);
    for (size_t i = 0, c = 0; i < n; i++) {
        const struct outlay_budget_line *l = &in->lines[pl->order[i]];
        int f = l->funded_by == OUTLAY_FUND_UNION;
        int64_t amount;
        if (i == pl->cat_end[c])
            c++;
        if (outlay_money_mul(l->unit_price, l->qty, &amount) != OUTLAY_OK ||
            outlay_money_add(pl->cat_sum[c], amount, &pl->cat_sum[c]) != OUTLAY_OK ||
            outlay_money_add(pl->total, amount, &pl->total) != OUTLAY_OK ||
            outlay_money_add(pl->by_funder[f], amount, &pl->by_funder[f]) != OUTLAY_OK)
            return outlay_fail(err, OUTLAY_EOVERFLOW, OUTLAY_P_PRINT_LINE_RANGE,
                               OUTLAY_A_TEXT(l->item ? l->item : cat_of(l)));
    }
    if (pl->total > OUTLAY_MONEY_MAX || pl->total < -OUTLAY_MONEY_MAX)
        return outlay_fail(err, OUTLAY_EOVERFLOW, OUTLAY_P_PRINT_TOTAL_RANGE,
                           OUTLAY_A_MONEY(OUTLAY_MONEY_MAX));
    return OUTLAY_OK;
}

static void need(struct pr *p, double h);

static void table_header(struct pr *p)
{
    static const char *const keys[NCOLS] = {
        "budget.no",  "budget.category", "budget.item",   "budget.unit_price",
        "budget.qty", "budget.unit",     "budget.amount", "budget.note",
    };
    double h = 0;
    for (int c = 0; c < NCOLS; c++) {
        double t = pr_text(p, 0, 0, col_w[c] - 2 * PAD, pr_label(p, keys[c]), BODY,
                           PR_BOLD | PR_MEASURE, 2);
        h = t > h ? t : h;
    }
    h += 2 * PAD;
    pr_fill(p, PR_MARGIN, p->y, PR_WIDTH, h, 0.88);
    for (int c = 0; c < NCOLS; c++) {
        pr_box(p, col_x(c), p->y, col_w[c], h);
        pr_text(p, col_x(c) + PAD, p->y + PAD, col_w[c] - 2 * PAD, pr_label(p, keys[c]), BODY,
                PR_BOLD | PR_CENTER, 2);
    }
    p->y += h;
}

/* Room for h more points on this page, or a new page (with the table's
 * header again when inside the table). */
static void need(struct pr *p, double h)
{
    if (p->y + h <= PR_BOTTOM)
        return;
    pr_new_page(p);
    if (p->table)
        table_header(p);
}

static void title(struct pr *p)
{
    const char *t = p->in->activity->title ? p->in->activity->title : "";
    const char *what = pr_label(p, "budget.title");
    size_t n = strlen(t) + strlen(what) + 8;
    char *s = malloc(n);
    /* as xw_title: Chinese runs the words together ("三八节运动会预算审批表") */
    const char *sep = !*t ? "" : !p->zh ? " — " : (unsigned char)t[strlen(t) - 1] < 0x80 ? " " : "";
    if (s)
        snprintf(s, n, "%s%s%s", t, sep, what);
    else
        p->nomem = 1;
    /* printed whole, whatever its length: 1,000 characters take half a page */
    double h =
        pr_text(p, PR_MARGIN, p->y, PR_WIDTH, s ? s : t, 13, PR_BOLD | PR_CENTER | PR_MEASURE, 0);
    need(p, h);
    p->y += pr_text(p, PR_MARGIN, p->y, PR_WIDTH, s ? s : t, 13, PR_BOLD | PR_CENTER, 0) + 5;
    free(s);
}

/* One row of the information block: two label/value pairs. */
static void info_row(struct pr *p, const char *lkey, const char *lval, const char *rkey,
                     const char *rval)
{
    static const double lw = 90, vw = 166, rw = 150;
    double vw2 = PR_WIDTH - lw - vw - rw, x = PR_MARGIN;
    char a[256], b[256];
    double h = 11;
    pr_colon(p, lkey, a, sizeof a);
    if (rkey)
        pr_colon(p, rkey, b, sizeof b);
    double hs[4] = {pr_text(p, 0, 0, vw - PAD, lval, 8.5, PR_MEASURE, 3),
                    pr_text(p, 0, 0, vw2, rval, 8.5, PR_MEASURE, 3),
                    pr_text(p, 0, 0, lw - PAD, a, 8.5, PR_BOLD | PR_MEASURE, 2),
                    rkey ? pr_text(p, 0, 0, rw - PAD, b, 8.5, PR_BOLD | PR_MEASURE, 2) : 0};
    for (int i = 0; i < 4; i++)
        h = hs[i] > h ? hs[i] : h;
    need(p, h + 1);
    pr_text(p, x, p->y, lw - PAD, a, 8.5, PR_BOLD, 2);
    pr_text(p, x + lw, p->y, vw - PAD, lval, 8.5, 0, 3);
    if (rkey) {
        pr_text(p, x + lw + vw, p->y, rw - PAD, b, 8.5, PR_BOLD, 2);
        pr_text(p, x + lw + vw + rw, p->y, vw2, rval, 8.5, 0, 3);
    }
    p->y += h + 1;
}

static void info(struct pr *p)
{
    const struct outlay_activity *a = p->in->activity;
    const struct outlay_budget_summary *s = p->in->summary;
    char dates[128], head[32], dep[OUTLAY_MONEY_BUFSZ], share[OUTLAY_MONEY_BUFSZ],
        sub[OUTLAY_MONEY_BUFSZ];

    if (a->date && a->end_date && strcmp(a->date, a->end_date) != 0)
        snprintf(dates, sizeof dates, "%s – %s", a->date, a->end_date);
    else
        snprintf(dates, sizeof dates, "%s", a->date ? a->date : a->end_date ? a->end_date : "");
    if (a->headcount > 0)
        snprintf(head, sizeof head, "%lld", (long long)a->headcount);
    else
        head[0] = '\0';
    outlay_money_format(a->deposit, 1, dep);
    if (a->headcount > 0 && s)
        outlay_money_format(s->share_per_head, 1, share);
    else
        share[0] = '\0';
    outlay_money_format(a->subsidy_per_head, 1, sub);
    const char *funder =
        pr_label(p, a->funded_by == OUTLAY_FUND_UNION ? "budget.funded_by_union"
                                                      : "budget.funded_by_participants");

    info_row(p, "budget.organizer", a->organizer, "budget.dates", dates);
    info_row(p, "budget.venue", a->venue, "budget.participants", head);
    info_row(p, "budget.deposit_per_head", dep, "budget.share_per_head", share);
    info_row(p, "budget.funded_by", funder, a->subsidy_per_head ? "budget.subsidy_per_head" : NULL,
             sub);
    p->y += 4;
}

/* The marks a reader needs beside the user's note, as the sheet gives
 * them: per head, union-funded. */
static void line_note(const struct pr *p, const struct outlay_budget_line *l, char *buf, size_t n)
{
    char fb[256];
    const char *sep = p->zh ? "；" : "; ";
    size_t k = 0;
    buf[0] = '\0';
    if (l->per_head)
        k += (size_t)snprintf(buf + k, n - k, "%s", pr_label(p, "budget.per_head_mark"));
    if (l->funded_by == OUTLAY_FUND_UNION && k < n)
        k += (size_t)snprintf(buf + k, n - k, "%s%s%s%s", k ? sep : "",
                              pr_colon(p, "budget.funded_by", fb, sizeof fb), p->zh ? "" : " ",
                              pr_label(p, "funder.union"));
    if (l->note && *l->note && k < n)
        snprintf(buf + k, n - k, "%s%s", k ? sep : "", l->note);
}

static void line_row(struct pr *p, size_t no, const struct outlay_budget_line *l)
{
    char num[32], qty[32], price[OUTLAY_MONEY_BUFSZ], amount[OUTLAY_MONEY_BUFSZ], note[4608];
    int64_t a = 0;
    line_note(p, l, note, sizeof note);
    const char *texts[NCOLS] = {NULL, l->category, l->item, NULL, NULL, l->unit, NULL, note};
    double h = BODY * 1.45;

    for (int c = 0; c < NCOLS; c++)
        if (texts[c]) {
            double t = pr_text(p, 0, 0, col_w[c] - 2 * PAD, texts[c], BODY, PR_MEASURE, CELL_LINES);
            h = t > h ? t : h;
        }
    h += 2 * PAD;
    need(p, h);
    snprintf(num, sizeof num, "%zu", no);
    snprintf(qty, sizeof qty, "%lld", (long long)l->qty);
    outlay_money_format(l->unit_price, 1, price);
    if (outlay_money_mul(l->unit_price, l->qty, &a) != OUTLAY_OK)
        a = 0; /* make_plan refused such a line */
    outlay_money_format(a, 1, amount);
    for (int c = 0; c < NCOLS; c++) {
        double x = col_x(c) + PAD, w = col_w[c] - 2 * PAD, y = p->y + PAD;
        pr_box(p, col_x(c), p->y, col_w[c], h);
        if (c == COL_NO)
            pr_fit(p, x, y, w, num, BODY, PR_CENTER);
        else if (c == COL_PRICE)
            pr_fit(p, x, y, w, price, BODY, PR_RIGHT);
        else if (c == COL_QTY)
            pr_fit(p, x, y, w, qty, BODY, PR_RIGHT);
        else if (c == COL_AMOUNT)
            pr_fit(p, x, y, w, amount, BODY, PR_RIGHT);
        else
            pr_text(p, x, y, w, texts[c], BODY, c == COL_UNIT ? PR_CENTER : 0, CELL_LINES);
    }
    p->y += h;
}

/* A row whose label spans the columns before the amount: subtotals, the
 * total, the funders' parts. */
static void sum_row(struct pr *p, const char *label, int64_t fen, unsigned flags, double grey)
{
    char amount[OUTLAY_MONEY_BUFSZ];
    double lw = span_w(COL_NO, COL_UNIT) - 2 * PAD;
    double h = pr_text(p, 0, 0, lw, label, BODY, flags | PR_MEASURE, 2);
    h = (h > BODY * 1.45 ? h : BODY * 1.45) + 2 * PAD;
    need(p, h);
    if (grey < 1)
        pr_fill(p, PR_MARGIN, p->y, PR_WIDTH, h, grey);
    pr_box(p, PR_MARGIN, p->y, span_w(COL_NO, COL_UNIT), h);
    pr_box(p, col_x(COL_AMOUNT), p->y, col_w[COL_AMOUNT], h);
    pr_box(p, col_x(COL_NOTE), p->y, col_w[COL_NOTE], h);
    pr_text(p, PR_MARGIN + PAD, p->y + PAD, lw, label, BODY, flags | PR_RIGHT, 2);
    pr_fit(p, col_x(COL_AMOUNT) + PAD, p->y + PAD, col_w[COL_AMOUNT] - 2 * PAD,
           outlay_money_format(fen, 1, amount), BODY, flags | PR_RIGHT);
    p->y += h;
}

static void lines(struct pr *p, const struct plan *pl)
{
    char label[4200];
    size_t i = 0;
    p->table = 1;
    need(p, 60); /* the header and a line or two together */
    table_header(p);
    for (size_t c = 0; c < pl->ncats; c++) {
        const char *cat = cat_of(&p->in->lines[pl->order[i]]);
        for (; i < pl->cat_end[c]; i++)
            line_row(p, i + 1, &p->in->lines[pl->order[i]]);
        snprintf(label, sizeof label, p->zh ? "%s（%s）" : "%s (%s)",
                 pr_label(p, "budget.subtotal"), cat);
        sum_row(p, label, pl->cat_sum[c], 0, 0.95);
    }
    sum_row(p, pr_label(p, "budget.total"), pl->total, PR_BOLD, 0.88);
    p->table = 0;
}

static void totals(struct pr *p, const struct plan *pl)
{
    const struct outlay_activity *a = p->in->activity;
    char words[OUTLAY_WORDS_BUFSZ], label[256];

    if (outlay_words(pl->total, words, sizeof words) != OUTLAY_OK)
        words[0] = '\0'; /* unreachable: make_plan bounds the total */
    pr_colon(p, "budget.total_in_words", label, sizeof label);
    double lw = span_w(COL_NO, COL_ITEM), h = 14;
    need(p, h + 2 * PAD);
    pr_box(p, PR_MARGIN, p->y, lw, h + 2 * PAD);
    pr_box(p, PR_MARGIN + lw, p->y, PR_WIDTH - lw, h + 2 * PAD);
    pr_text(p, PR_MARGIN + PAD, p->y + PAD + 1.5, lw - 2 * PAD, label, 8.5, PR_BOLD | PR_RIGHT, 1);
    pr_fit(p, PR_MARGIN + lw + 2 * PAD, p->y + PAD - 0.5, PR_WIDTH - lw - 4 * PAD, words, 10,
           PR_BOLD);
    p->y += h + 2 * PAD;
    if (a->has_budget_total) {
        p->table = 1;
        sum_row(p, pr_label(p, "budget.declared_total"), a->budget_total, 0, 1);
        p->table = 0;
    }
    p->y += 6;
}

/* SPEC §13: the lines each funder pays, then the union's share as it will
 * be settled at the planned headcount, the participants' share and the
 * share per head: two pairs to a row. */
static void split(struct pr *p, const struct plan *pl)
{
    const struct outlay_budget_summary *s = p->in->summary;
    const struct outlay_activity *a = p->in->activity;
    char head[32], per[OUTLAY_MONEY_BUFSZ], buf[512], sub[512], v[OUTLAY_MONEY_BUFSZ];

    snprintf(head, sizeof head, "%lld", (long long)a->headcount);
    subst(pr_label(p, "print.subsidy_total"), outlay_money_format(a->subsidy_per_head, 1, per),
          head, sub, sizeof sub);
    const char *labels[6] = {pr_label(p, "budget.participant_funded_subtotal"),
                             pr_label(p, "budget.union_funded_subtotal"),
                             sub,
                             pr_label(p, "budget.participants_share"),
                             pr_label(p, "budget.share_after_subsidy"),
                             pr_label(p, "budget.union_share")};
    int64_t fen[6] = {pl->by_funder[OUTLAY_FUND_PARTICIPANTS],
                      pl->by_funder[OUTLAY_FUND_UNION],
                      s ? s->subsidy : 0,
                      s ? s->participants_share : 0,
                      s ? s->share_per_head : 0,
                      s ? s->union_share : 0};
    size_t n = s ? 6 : 2;
    const double row = 11.5, pw = PR_WIDTH / 2, fw = 80, lw = pw - fw - 16;
    need(p, 13 + 3 * row);
    pr_text(p, PR_MARGIN, p->y, PR_WIDTH,
            subst(pr_label(p, "print.split_title"), head, NULL, buf, sizeof buf), 8.5, PR_BOLD, 1);
    p->y += 12;
    for (size_t i = 0; i < n; i++) {
        double x = PR_MARGIN + (double)(i % 2) * pw, y = p->y + (double)(i / 2) * row;
        pr_text(p, x, y, lw, labels[i], 7.5, 0, 1);
        pr_fit(p, x + lw, y, fw, outlay_money_format(fen[i], 1, v), 7.5, PR_RIGHT);
        pr_rule(p, x + lw, y + 10.5, x + lw + fw, y + 10.5, 0.3, 0);
    }
    p->y += (double)((n + 1) / 2) * row + 4;
}

static void problems(struct pr *p)
{
    const struct outlay_print_input *in = p->in;
    char *text = NULL, more[128], n[32];
    if (!in->nproblems)
        return;
    text = malloc(PR_PROBLEM_BUFSZ);
    if (!text) {
        p->nomem = 1; /* never a form without its warnings */
        return;
    }
    need(p, 24);
    pr_text(p, PR_MARGIN, p->y, PR_WIDTH, pr_label(p, "print.problems"), 8, PR_BOLD | PR_RED, 1);
    p->y += 12;
    /* SPEC §13: at most five, in the form's language */
    for (size_t i = 0; i < in->nproblems && i < 5; i++) {
        pr_problem(p, &in->problems[i], text, PR_PROBLEM_BUFSZ);
        double h = pr_text(p, 0, 0, PR_WIDTH - 12, text, 8, PR_MEASURE, 3);
        need(p, h + 2);
        pr_text(p, PR_MARGIN, p->y, 12, "•", 8, PR_RED, 1);
        p->y += pr_text(p, PR_MARGIN + 12, p->y, PR_WIDTH - 12, text, 8, PR_RED, 3) + 2;
    }
    if (in->nproblems > 5) {
        snprintf(n, sizeof n, "%zu", in->nproblems - 5);
        subst(pr_label(p, "print.more_problems"), n, NULL, more, sizeof more);
        need(p, 14);
        p->y += pr_text(p, PR_MARGIN + 12, p->y, PR_WIDTH - 12, more, 8, PR_RED, 1) + 2;
    }
    free(text);
    p->y += 4;
}

/* SPEC §14: who approved what total on which date, above the signatures
 * (the words of the Budget sheet's line, budget.approved). */
static void approval(struct pr *p)
{
    const struct outlay_approval *ap = p->in->approval;
    char total[OUTLAY_MONEY_BUFSZ], text[sizeof ap->by + OUTLAY_MONEY_BUFSZ + 256];
    if (!ap)
        return;
    snprintf(text, sizeof text,
             p->zh ? "%s：第%lld次，审批人%s，%s，批准总额 %s"
                   : "%s: no. %lld, by %s on %s, total %s",
             pr_label(p, "budget.approved"), (long long)ap->no, ap->by, ap->date,
             outlay_money_format(ap->total, 1, total));
    double h = pr_text(p, 0, 0, PR_WIDTH, text, 9, PR_MEASURE, 3);
    need(p, h + 4);
    p->y += pr_text(p, PR_MARGIN, p->y, PR_WIDTH, text, 9, PR_BOLD, 3) + 4;
}

/* Prepared by / reviewed by / approved by side by side, each with a line to
 * sign on and a date line. */
static void signatures(struct pr *p)
{
    static const char *const who[] = {"sign.prepared_by", "sign.reviewed_by", "sign.approved_by"};
    char buf[256], date[256];
    double cw = PR_WIDTH / 3;
    pr_colon(p, "sign.date", date, sizeof date);
    need(p, 44);
    p->y += 8;
    for (int i = 0; i < 3; i++) {
        double x = PR_MARGIN + i * cw, lw = 64;
        pr_text(p, x, p->y, lw, pr_colon(p, who[i], buf, sizeof buf), 9, PR_BOLD, 1);
        pr_rule(p, x + lw, p->y + 13, x + cw - 12, p->y + 13, 0.6, 0);
        pr_text(p, x, p->y + 20, lw, date, 9, 0, 1);
        pr_rule(p, x + lw, p->y + 33, x + cw - 12, p->y + 33, 0.6, 0);
    }
    p->y += 38;
}

static enum outlay_status form(struct pr *p, outlay_err *err)
{
    struct plan pl = {0};
    enum outlay_status st = make_plan(p->in, &pl, err);
    if (st == OUTLAY_OK) {
        pr_new_page(p);
        title(p);
        info(p);
        lines(p, &pl);
        totals(p, &pl);
        split(p, &pl);
        problems(p);
        approval(p);
        signatures(p);
    }
    plan_release(&pl);
    return st;
}

/* The write ------------------------------------------------------------------ */

/* LeakSanitizer (the suite's ASan run, SPEC §1): fontconfig, cairo and
 * pango keep process-wide caches (the font configuration, scaled fonts,
 * the font map) that they free only in their debug teardown functions,
 * which a library must not call under its caller. Those blocks are
 * reported at exit from inside the libraries, whose frames hide ours (no
 * frame pointers there); they do not grow with the number of documents,
 * and everything print creates is destroyed in draw() and checked by the
 * fault tests. A program that links print gets this hook; LSan reads it. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n"
           "leak:libcairo.so\n"
           "leak:libpango-1.0.so\n"
           "leak:libpangocairo-1.0.so\n"
           "leak:libpangoft2-1.0.so\n"
           "leak:libharfbuzz.so\n"
           "leak:libfreetype.so\n"
           "leak:libglib-2.0.so\n"
           "leak:libgobject-2.0.so\n";
}

/* ... and says nothing of them: the table of suppressions used would be
 * written to stderr, which golden cases compare. */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
    return "print_suppressions=0";
}

enum outlay_status pr_cairo_status(cairo_status_t st, const char *path, outlay_err *err)
{
    if (st == CAIRO_STATUS_SUCCESS)
        return OUTLAY_OK;
    if (st == CAIRO_STATUS_NO_MEMORY)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_PRINT_CAIRO, OUTLAY_A_TEXT(path ? path : ""),
                       OUTLAY_A_TEXT(cairo_status_to_string(st)));
}

static enum outlay_status check_input(const struct outlay_print_input *in, outlay_err *err)
{
    const char *missing = !in->activity                                    ? "activity"
                          : in->nlines && !in->lines                       ? "lines"
                          : in->npeople && !in->people                     ? "people"
                          : in->settle && !in->settle_people               ? "settle_people"
                          : in->settle && !in->groups                      ? "groups"
                          : in->settle && in->settle->nrows != in->npeople ? "settle rows"
                          : in->nproblems && !in->problems                 ? "problems"
                                                                           : NULL;
    if (missing)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_PRINT_INPUT, OUTLAY_A_TEXT(missing));
    return OUTLAY_OK;
}

/* Draws the whole document onto the PDF surface at file. */
static enum outlay_status draw(const struct outlay_print_input *in, const char *file,
                               const char *path, outlay_err *err)
{
    struct pr p = {.in = in, .zh = in->lang_code && strcmp(in->lang_code, "zh") == 0};
    cairo_surface_t *surface = cairo_pdf_surface_create(file, PR_PAGE_W, PR_PAGE_H);
    enum outlay_status st = pr_cairo_status(cairo_surface_status(surface), path, err);
    if (st != OUTLAY_OK)
        goto out;
    p.cr = cairo_create(surface);
    if ((st = pr_cairo_status(cairo_status(p.cr), path, err)) != OUTLAY_OK)
        goto out;
    p.layout = pango_cairo_create_layout(p.cr);
    p.font = pango_font_description_from_string(PR_FONT);
    if (!p.layout || !p.font) {
        st = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
        goto out;
    }
    st = form(&p, err);
    if (st == OUTLAY_OK) {
        pr_slips(&p);
        footer(&p);
        cairo_show_page(p.cr);
        st = pr_cairo_status(cairo_status(p.cr), path, err);
    }
    if (st == OUTLAY_OK && p.nomem)
        st = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
out:
    if (p.font)
        pango_font_description_free(p.font);
    if (p.layout)
        g_object_unref(p.layout);
    if (p.cr)
        cairo_destroy(p.cr);
    /* finishing writes the file: its failure is the write's */
    cairo_surface_finish(surface);
    if (st == OUTLAY_OK)
        st = pr_cairo_status(cairo_surface_status(surface), path, err);
    cairo_surface_destroy(surface);
    return st;
}

enum outlay_status outlay_print_write(const char *path, const struct outlay_print_input *in,
                                      outlay_err *err)
{
    struct outlay_outfile of = {0};
    enum outlay_status st = check_input(in, err);
    if (st != OUTLAY_OK)
        return st;
    st = outlay_outfile_begin(&of, path, in->guard, 0666, err);
    if (st == OUTLAY_OK)
        st = draw(in, of.tmp, path, err);
    if (st == OUTLAY_OK)
        st = outlay_outfile_commit(&of, err);
    outlay_outfile_release(&of);
    return st;
}
