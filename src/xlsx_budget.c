/*
 * xlsx_budget: the Budget sheet of SPEC §8, the form the union leader reads,
 * signs and files: title, information block, the lines grouped by category
 * with subtotals, the grand total as a formula, the total in capital
 * numerals, warnings, and the signature block.
 *
 * Every figure is computed here in fen first (the layout, the cached values
 * of the formulas), then the sheet is written top to bottom in one pass, as
 * constant-memory mode requires.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/money.h"
#include "outlay/report.h"
#include "outlay/words.h"
#include "xlsx_internal.h"

enum { COL_NO, COL_CAT, COL_ITEM, COL_PRICE, COL_QTY, COL_UNIT, COL_AMOUNT, COL_NOTE };

#define ROW_TITLE 0
#define ROW_INFO 2      /* four rows of label/value pairs */
#define ROW_HEADCOUNT 3 /* the headcount sits in H4 */
#define ROW_SUBSIDY 5   /* the subsidy per head in H6 */
#define ROW_HEAD 7
#define ROW_FIRST_LINE 8

/* Column widths: portrait A4, one page wide, at a readable scale; Item and
 * Note are the widest because their text wraps (rows grow to fit it). */
static const double widths[] = {5, 12, 28, 12, 9, 8, 15, 28};

/* Longest formula text Excel accepts is 8,192 characters; SUM takes 255
 * arguments. Past either, a funding subtotal is written as a number. */
#define FORMULA_MAX 8000
#define SUM_ARGS_MAX 255

/* A label (at most OUTLAY_TEXT_MAX code points, 4 bytes each) and a colon:
 * never cut, so never a broken character. */
#define LABEL_BUFSZ 4100

/* SPEC §13: the problems the form shows itself; the rest are counted and
 * left to the Checks sheet. */
#define PROBLEMS_SHOWN 5

/* SPEC §13: a budget of up to this many lines prints on one page, the
 * signatures included (scaled to fit); a longer one prints one page wide
 * over as many pages as it needs. */
#define ONE_PAGE_LINES 30

struct plan {
    size_t *order;    /* line indices in display order */
    size_t *cat_end;  /* for each category, its end in order[] */
    int64_t *cat_sum; /* for each category, the sum of its lines */
    size_t ncats;
    int64_t *amount; /* per line (by line index): unit price × qty */
    int64_t total, by_funder[2];
    /* SPEC §13: the split as settle makes it at the planned headcount, the
     * figures of outlay_ledger_budget_summary */
    int64_t subsidy, union_share, participants_share, share_per_head;
    lxw_row_t total_row, declared_row, words_row, funder_row[2]; /* declared_row:
                                                           0 without a declared total */
    lxw_row_t subsidy_row, union_share_row, participants_share_row, share_row;
};

static void plan_release(struct plan *p)
{
    free(p->order);
    free(p->cat_end);
    free(p->cat_sum);
    free(p->amount);
}

static const char *cat_of(const struct outlay_budget_line *l)
{
    return l->category ? l->category : "";
}

/* Sorting key: the line's category's first appearance, then its index. */
struct key {
    const char *cat;
    size_t first, index;
};

static int by_cat(const void *a, const void *b)
{
    const struct key *x = a, *y = b;
    int c = strcmp(x->cat, y->cat);
    if (c)
        return c;
    return (x->index > y->index) - (x->index < y->index);
}

static int by_first(const void *a, const void *b)
{
    const struct key *x = a, *y = b;
    if (x->first != y->first)
        return (x->first > y->first) - (x->first < y->first);
    return (x->index > y->index) - (x->index < y->index);
}

/* SPEC §8: lines grouped by category, categories in order of first
 * appearance, lines in recorded order within. O(n log n) for big budgets. */
static enum outlay_status group_lines(const struct outlay_workbook_input *in, struct plan *p,
                                      outlay_err *err)
{
    size_t n = in->nlines;
    struct key *k = calloc(n ? n : 1, sizeof *k);
    if (!k)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    for (size_t i = 0; i < n; i++)
        k[i] = (struct key){.cat = cat_of(&in->lines[i]), .index = i};
    qsort(k, n, sizeof *k, by_cat);
    for (size_t i = 0; i < n; i++)
        k[i].first = i && strcmp(k[i].cat, k[i - 1].cat) == 0 ? k[i - 1].first : k[i].index;
    qsort(k, n, sizeof *k, by_first);
    for (size_t i = 0; i < n; i++) {
        p->order[i] = k[i].index;
        if (i + 1 == n || k[i + 1].first != k[i].first)
            p->cat_end[p->ncats++] = i + 1;
    }
    free(k);
    return OUTLAY_OK;
}

/* The amounts as the formulas compute them (SPEC §3: checked integers):
 * each line's unit price × qty, the category subtotals, the totals. */
static enum outlay_status sum_lines(const struct outlay_workbook_input *in, struct plan *p,
                                    outlay_err *err)
{
    size_t c = 0;

    for (size_t k = 0; k < in->nlines; k++) {
        size_t i = p->order[k];
        const struct outlay_budget_line *l = &in->lines[i];
        int f = l->funded_by == OUTLAY_FUND_UNION;
        if (k == p->cat_end[c])
            c++;
        if (outlay_money_mul(l->unit_price, l->qty, &p->amount[i]) != OUTLAY_OK ||
            outlay_money_add(p->cat_sum[c], p->amount[i], &p->cat_sum[c]) != OUTLAY_OK ||
            outlay_money_add(p->total, p->amount[i], &p->total) != OUTLAY_OK ||
            outlay_money_add(p->by_funder[f], p->amount[i], &p->by_funder[f]) != OUTLAY_OK)
            return outlay_fail(err, OUTLAY_EOVERFLOW, OUTLAY_P_XLSX_LINE_RANGE,
                               OUTLAY_A_TEXT(l->item ? l->item : cat_of(l)));
    }
    /* SPEC §13, as outlay_ledger_budget_summary: the subsidy is the union's
     * at the planned headcount, so the participants share what is left. */
    const struct outlay_activity *a = in->activity;
    p->union_share = p->by_funder[OUTLAY_FUND_UNION];
    p->participants_share = p->by_funder[OUTLAY_FUND_PARTICIPANTS];
    int split =
        a->headcount > 0 &&
        (outlay_money_mul(a->subsidy_per_head, a->headcount, &p->subsidy) != OUTLAY_OK ||
         outlay_money_add(p->union_share, p->subsidy, &p->union_share) != OUTLAY_OK ||
         outlay_money_add(p->participants_share, -p->subsidy, &p->participants_share) != OUTLAY_OK);
    if (split || p->total > OUTLAY_MONEY_MAX || p->total < -OUTLAY_MONEY_MAX) {
        if (err && in->activity->slug)
            snprintf(err->activity, sizeof err->activity, "%s", in->activity->slug);
        return outlay_fail(err, OUTLAY_EOVERFLOW, OUTLAY_P_XLSX_WORDS_RANGE,
                           OUTLAY_A_MONEY(OUTLAY_MONEY_MAX));
    }
    if (a->headcount > 0)
        p->share_per_head = outlay_report_share_per_head(p->participants_share, a->headcount);
    return OUTLAY_OK;
}

static enum outlay_status make_plan(const struct outlay_workbook_input *in, struct plan *p,
                                    outlay_err *err)
{
    size_t n = in->nlines ? in->nlines : 1;
    p->order = calloc(n, sizeof *p->order);
    p->cat_end = calloc(n, sizeof *p->cat_end);
    p->cat_sum = calloc(n, sizeof *p->cat_sum);
    p->amount = calloc(n, sizeof *p->amount);
    if (!p->order || !p->cat_end || !p->cat_sum || !p->amount)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    enum outlay_status st = group_lines(in, p, err);
    if (st == OUTLAY_OK)
        st = sum_lines(in, p, err);
    if (st != OUTLAY_OK)
        return st;
    /* One row per line, per category subtotal and per problem, then the
     * totals and the signatures (16 rows are plenty). */
    if (in->nlines > LXW_ROW_MAX || in->nproblems > LXW_ROW_MAX ||
        in->nlines + p->ncats + in->nproblems > LXW_ROW_MAX - ROW_FIRST_LINE - 16)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_XLSX_TOO_MANY_LINES);
    lxw_row_t r = (lxw_row_t)(ROW_FIRST_LINE + in->nlines + p->ncats);
    p->total_row = r++;
    p->words_row = r++;
    p->declared_row = in->activity->has_budget_total ? r++ : 0;
    p->funder_row[OUTLAY_FUND_UNION] = r++;
    p->funder_row[OUTLAY_FUND_PARTICIPANTS] = r++;
    p->subsidy_row = r++;
    p->union_share_row = r++;
    p->participants_share_row = r++;
    p->share_row = r;
    return OUTLAY_OK;
}

/* Text helpers --------------------------------------------------------------- */

/* "label:" with the colon of the language. Returns buf. */
static const char *colon(const struct xw *x, const char *key, char *buf, size_t n)
{
    snprintf(buf, n, x->zh ? "%s：" : "%s:", xw_label(x, key));
    return buf;
}

/* A growing string for formulas and notes; on ENOMEM s stays NULL. */
struct sbuf {
    char *s;
    size_t len, cap;
    int failed;
};

static void sb_add(struct sbuf *b, const char *t)
{
    size_t n = strlen(t);
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *s = realloc(b->s, cap);
        if (!s) {
            b->failed = 1;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    memcpy(b->s + b->len, t, n + 1);
    b->len += n;
}

/* Sheet parts ---------------------------------------------------------------- */

static double sheet_width(void)
{
    double w = 0;
    for (size_t c = 0; c < sizeof widths / sizeof widths[0]; c++)
        w += widths[c];
    return w;
}

/* SPEC §13: a title of any length wraps and is printed whole. Up to two
 * lines in the title's large type; a longer one in the table's type, as
 * many lines as it takes (a row holds 409 points, 27 lines of it: more than
 * OUTLAY_TEXT_MAX characters need). */
static void write_title(struct xw *x, lxw_worksheet *ws)
{
    char *title = xw_title(x, "budget.title");
    double w = sheet_width() - 2; /* the cell's padding */
    size_t big = title ? xw_text_lines(title, w * 11.0 / 16.0) : 1;
    lxw_format *f = big <= 2 ? x->f.title : x->f.title_small;
    double h = big <= 2 ? 10 + 21.0 * (double)big : 6 + xw_row_height(xw_text_lines(title, w));

    worksheet_set_row(ws, ROW_TITLE, h < 32 ? 32 : h > 409 ? 409 : h, NULL);
    xw_merge(x, ws, ROW_TITLE, COL_NO, COL_NOTE, title ? title : "", f);
    if (!title)
        xw_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, ROW_TITLE, COL_NO);
    free(title);
}

static void info_pair(struct xw *x, lxw_worksheet *ws, lxw_row_t r, int right, const char *key)
{
    char buf[LABEL_BUFSZ];

    if (right)
        xw_merge(x, ws, r, COL_QTY, COL_AMOUNT, colon(x, key, buf, sizeof buf), x->f.info_label);
    else
        xw_merge(x, ws, r, COL_NO, COL_CAT, colon(x, key, buf, sizeof buf), x->f.info_label);
}

/* SPEC §13: the participants' share per head after the subsidy, the
 * figure the split under the totals ends with. */
static void write_share(struct xw *x, lxw_worksheet *ws, const struct plan *p)
{
    char f[32], a[16];

    snprintf(f, sizeof f, "=%s", xw_cell(a, p->share_row, COL_AMOUNT));
    xw_formula(x, ws, ROW_INFO + 2, COL_NOTE, f, p->share_per_head, x->f.info_money);
}

/* An information row 20 points high, or as high as its values need when
 * they wrap (a venue such as "Music and sports activity room (or ...)"). */
static void info_row(lxw_worksheet *ws, lxw_row_t r, const char *left, const char *right)
{
    size_t lines = left ? xw_text_lines(left, widths[COL_ITEM] + widths[COL_PRICE]) : 1;
    size_t k = right ? xw_text_lines(right, widths[COL_NOTE]) : 1;
    double h = xw_row_height(k > lines ? k : lines);
    worksheet_set_row(ws, r, h > 20 ? h : 20, NULL);
}

/* Four rows of label/value pairs. In constant-memory mode a row's height
 * is set before its cells, and rows are finished one after the other. */
static void write_info(struct xw *x, lxw_worksheet *ws, const struct plan *p)
{
    const struct outlay_activity *a = x->in->activity;
    char dates[128];
    lxw_row_t r = ROW_INFO;
    const char *funder =
        xw_label(x, a->funded_by == OUTLAY_FUND_UNION ? "budget.funded_by_union"
                                                      : "budget.funded_by_participants");

    info_row(ws, r, a->organizer, xw_dates(x, dates, sizeof dates));
    info_pair(x, ws, r, 0, "budget.organizer");
    xw_merge(x, ws, r, COL_ITEM, COL_PRICE, a->organizer, x->f.info_value);
    info_pair(x, ws, r, 1, "budget.dates");
    xw_str(x, ws, r, COL_NOTE, dates, x->f.info_value);

    info_row(ws, ++r, a->venue, NULL);
    info_pair(x, ws, r, 0, "budget.venue");
    xw_merge(x, ws, r, COL_ITEM, COL_PRICE, a->venue, x->f.info_value);
    info_pair(x, ws, r, 1, "budget.participants");
    if (a->headcount > 0)
        xw_num(x, ws, r, COL_NOTE, (double)a->headcount, x->f.info_int);
    else
        xw_blank(x, ws, r, COL_NOTE, x->f.info_int);

    info_row(ws, ++r, NULL, NULL);
    info_pair(x, ws, r, 0, "budget.deposit_per_head");
    xw_merge(x, ws, r, COL_ITEM, COL_PRICE, "", x->f.info_money);
    xw_money(x, ws, r, COL_ITEM, a->deposit, x->f.info_money);
    info_pair(x, ws, r, 1, "budget.share_per_head");
    if (a->headcount > 0)
        write_share(x, ws, p);
    else
        xw_blank(x, ws, r, COL_NOTE, x->f.info_money);

    /* Who pays by default, and the union's subsidy when there is one. */
    info_row(ws, ++r, funder, NULL);
    info_pair(x, ws, r, 0, "budget.funded_by");
    xw_merge(x, ws, r, COL_ITEM, COL_PRICE, funder, x->f.info_value);
    /* Always there, 0.00 without a subsidy: the split's formula reads it. */
    info_pair(x, ws, r, 1, "budget.subsidy_per_head");
    xw_money(x, ws, r, COL_NOTE, a->subsidy_per_head, x->f.info_money);
}

static void write_header(struct xw *x, lxw_worksheet *ws)
{
    static const char *const keys[] = {
        "budget.no",  "budget.category", "budget.item",   "budget.unit_price",
        "budget.qty", "budget.unit",     "budget.amount", "budget.note",
    };
    worksheet_set_row(ws, ROW_HEAD, 30, NULL);
    for (lxw_col_t c = 0; c < sizeof keys / sizeof keys[0]; c++)
        xw_str(x, ws, ROW_HEAD, c, xw_label(x, keys[c]), x->f.head);
}

/* The note column carries the marks a reader needs beside the user's note:
 * per head (qty follows the headcount) and union-funded (SPEC §4). Caller
 * frees; NULL on ENOMEM. */
static char *line_note(const struct xw *x, const struct outlay_budget_line *l)
{
    struct sbuf b = {0};
    char buf[LABEL_BUFSZ];

    if (l->per_head)
        sb_add(&b, xw_label(x, "budget.per_head_mark"));
    if (l->funded_by == OUTLAY_FUND_UNION) {
        if (b.len)
            sb_add(&b, x->zh ? "；" : "; ");
        sb_add(&b, colon(x, "budget.funded_by", buf, sizeof buf));
        sb_add(&b, x->zh ? "" : " ");
        sb_add(&b, xw_label(x, "funder.union"));
    }
    if (l->note && *l->note) {
        if (b.len)
            sb_add(&b, x->zh ? "；" : "; ");
        sb_add(&b, l->note);
    }
    sb_add(&b, ""); /* an empty note is "", not NULL */
    if (b.failed) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

/* One budget line, its row as tall as its wrapped category, item, unit or
 * note needs (spreadsheets do not grow rows when they open a file). */
static void write_line(struct xw *x, lxw_worksheet *ws, lxw_row_t r, size_t no,
                       const struct outlay_budget_line *l, int64_t amount)
{
    char f[64], d[16], e[16];
    char *note = line_note(x, l);
    const char *texts[] = {NULL, l->category, l->item, NULL, NULL, l->unit, NULL, note};

    if (!note)
        xw_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, r, COL_NOTE);
    xw_fit_row(x, ws, r, texts, widths, sizeof texts / sizeof texts[0]);

    xw_num(x, ws, r, COL_NO, (double)no, x->f.integer);
    xw_str(x, ws, r, COL_CAT, l->category, x->f.wrap);
    xw_str(x, ws, r, COL_ITEM, l->item, x->f.wrap);
    xw_money(x, ws, r, COL_PRICE, l->unit_price, x->f.money);
    xw_num(x, ws, r, COL_QTY, (double)l->qty, x->f.integer);
    xw_str(x, ws, r, COL_UNIT, l->unit, x->f.center);
    snprintf(f, sizeof f, "=%s*%s", xw_cell(d, r, COL_PRICE), xw_cell(e, r, COL_QTY));
    xw_formula(x, ws, r, COL_AMOUNT, f, amount, x->f.money);
    xw_str(x, ws, r, COL_NOTE, note ? note : "", x->f.wrap);
    free(note);
}

static void write_subtotal(struct xw *x, lxw_worksheet *ws, lxw_row_t r, const char *cat,
                           lxw_row_t first, int64_t sum)
{
    struct sbuf label = {0};
    char f[64], a[16], b[16];

    char cut[256];
    sb_add(&label, xw_label(x, "budget.subtotal"));
    sb_add(&label, x->zh ? "（" : " (");
    /* One line in the merged cell: a long category is cut with "…". */
    sb_add(&label, xw_ellipsis(cut, sizeof cut, cat, 40));
    sb_add(&label, x->zh ? "）" : ")");
    if (label.failed)
        xw_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, r, COL_NO);
    xw_merge(x, ws, r, COL_NO, COL_UNIT, label.s ? label.s : "", x->f.sub_label);
    free(label.s);
    snprintf(f, sizeof f, "=SUBTOTAL(9,%s:%s)", xw_cell(a, first, COL_AMOUNT),
             xw_cell(b, r - 1, COL_AMOUNT));
    xw_formula(x, ws, r, COL_AMOUNT, f, sum, x->f.sub_money);
    xw_blank(x, ws, r, COL_NOTE, x->f.sub_label);
}

static void write_lines(struct xw *x, lxw_worksheet *ws, const struct plan *p)
{
    const struct outlay_budget_line *lines = x->in->lines;
    lxw_row_t r = ROW_FIRST_LINE;
    size_t i = 0;

    for (size_t c = 0; c < p->ncats; c++) {
        lxw_row_t first = r;
        const char *cat = cat_of(&lines[p->order[i]]);
        for (; i < p->cat_end[c]; i++, r++)
            write_line(x, ws, r, i + 1, &lines[p->order[i]], p->amount[p->order[i]]);
        write_subtotal(x, ws, r++, cat, first, p->cat_sum[c]);
    }
}

static void add_run(struct sbuf *b, size_t *runs, lxw_row_t first, lxw_row_t last)
{
    char c1[16], c2[16], part[48];

    if (first == last)
        snprintf(part, sizeof part, "%s%s", *runs ? "," : "", xw_cell(c1, first, COL_AMOUNT));
    else
        snprintf(part, sizeof part, "%s%s:%s", *runs ? "," : "", xw_cell(c1, first, COL_AMOUNT),
                 xw_cell(c2, last, COL_AMOUNT));
    sb_add(b, part);
    (*runs)++;
}

/* =SUM(G8:G9,G12) over the lines of one funder: runs of consecutive line
 * rows, broken by the subtotal rows. NULL (write a number instead) when
 * there are none or too many for a formula. Caller frees. */
static char *funder_formula(const struct xw *x, const struct plan *p, int union_funded)
{
    struct sbuf b = {0};
    lxw_row_t r = ROW_FIRST_LINE, start = 0;
    size_t i = 0, runs = 0;
    int open = 0;

    sb_add(&b, "=SUM(");
    for (size_t c = 0; c < p->ncats; c++, r++) { /* r++: the subtotal row */
        for (; i < p->cat_end[c]; i++, r++) {
            int mine = (x->in->lines[p->order[i]].funded_by == OUTLAY_FUND_UNION) == union_funded;
            if (mine && !open)
                start = r;
            else if (!mine && open)
                add_run(&b, &runs, start, r - 1);
            open = mine;
        }
        if (open)
            add_run(&b, &runs, start, r - 1);
        open = 0;
    }
    sb_add(&b, ")");
    if (b.failed || runs == 0 || runs > SUM_ARGS_MAX || b.len > FORMULA_MAX) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

static void write_totals(struct xw *x, lxw_worksheet *ws, const struct plan *p)
{
    char f[96], a[16], b[16], words[OUTLAY_WORDS_BUFSZ], buf[LABEL_BUFSZ];

    /* SPEC §8: the grand total is a formula. SUBTOTAL skips the category
     * SUBTOTAL rows inside its range, so it adds each line once. */
    worksheet_set_row(ws, p->total_row, 20, NULL);
    xw_merge(x, ws, p->total_row, COL_NO, COL_UNIT, xw_label(x, "budget.total"), x->f.total_label);
    if (x->in->nlines)
        snprintf(f, sizeof f, "=SUBTOTAL(9,%s:%s)", xw_cell(a, ROW_FIRST_LINE, COL_AMOUNT),
                 xw_cell(b, p->total_row - 1, COL_AMOUNT));
    else
        snprintf(f, sizeof f, "=0");
    xw_formula(x, ws, p->total_row, COL_AMOUNT, f, p->total, x->f.total_money);
    xw_blank(x, ws, p->total_row, COL_NOTE, x->f.total_label);

    worksheet_set_row(ws, p->words_row, 22, NULL);
    xw_merge(x, ws, p->words_row, COL_NO, COL_ITEM,
             colon(x, "budget.total_in_words", buf, sizeof buf), x->f.words_label);
    if (outlay_words(p->total, words, sizeof words) != OUTLAY_OK)
        words[0] = '\0'; /* unreachable: make_plan bounds the total */
    xw_merge(x, ws, p->words_row, COL_PRICE, COL_NOTE, words, x->f.words);

    /* The declared total beside the lines' total, for the reader to compare;
     * a difference is also spelt out in the warnings below. */
    if (p->declared_row) {
        xw_merge(x, ws, p->declared_row, COL_NO, COL_UNIT, xw_label(x, "budget.declared_total"),
                 x->f.sub_label);
        xw_money(x, ws, p->declared_row, COL_AMOUNT, x->in->activity->budget_total, x->f.sub_money);
        xw_blank(x, ws, p->declared_row, COL_NOTE, x->f.sub_label);
    }

    static const char *const keys[2] = {
        [OUTLAY_FUND_PARTICIPANTS] = "budget.participant_funded_subtotal",
        [OUTLAY_FUND_UNION] = "budget.union_funded_subtotal",
    };
    for (int u = OUTLAY_FUND_UNION; u >= OUTLAY_FUND_PARTICIPANTS; u--) {
        lxw_row_t r = p->funder_row[u];
        char *sum = funder_formula(x, p, u);
        xw_merge(x, ws, r, COL_NO, COL_UNIT, xw_label(x, keys[u]), x->f.sub_label);
        if (sum)
            xw_formula(x, ws, r, COL_AMOUNT, sum, p->by_funder[u], x->f.sub_money);
        else
            xw_money(x, ws, r, COL_AMOUNT, p->by_funder[u], x->f.sub_money);
        xw_blank(x, ws, r, COL_NOTE, x->f.sub_label);
        free(sum);
    }
}

/* One row of the split: a label over the columns left of the amount, the
 * amount (a formula, or blank when cached is NULL), an empty note. */
static void split_row(struct xw *x, lxw_worksheet *ws, lxw_row_t r, const char *key,
                      const char *formula, const int64_t *cached, int strong)
{
    xw_merge(x, ws, r, COL_NO, COL_UNIT, xw_label(x, key),
             strong ? x->f.total_label : x->f.sub_label);
    if (cached)
        xw_formula(x, ws, r, COL_AMOUNT, formula, *cached,
                   strong ? x->f.total_money : x->f.sub_money);
    else
        xw_blank(x, ws, r, COL_AMOUNT, strong ? x->f.total_money : x->f.sub_money);
    xw_blank(x, ws, r, COL_NOTE, strong ? x->f.total_label : x->f.sub_label);
}

/* SPEC §13: the money split as it will be settled at the planned
 * headcount, over the sheet's own cells: the union pays its lines and the
 * subsidy per head for every head; the participants the rest of their
 * lines, per head rounded up (the largest `due` settle gives when that
 * many people of weight 1 spent the plan). The cached figures are those of
 * outlay_ledger_budget_summary. */
static void write_split(struct xw *x, lxw_worksheet *ws, const struct plan *p)
{
    char f[96], a[16], b[16];
    const char *head = xw_cell(b, ROW_HEADCOUNT, COL_NOTE);

    snprintf(f, sizeof f, "=%s*%s", xw_cell(a, ROW_SUBSIDY, COL_NOTE), head);
    split_row(x, ws, p->subsidy_row, "budget.subsidy_total", f, &p->subsidy, 0);
    char u[16], s[16], q[16];
    xw_cell(u, p->funder_row[OUTLAY_FUND_UNION], COL_AMOUNT);
    xw_cell(s, p->subsidy_row, COL_AMOUNT);
    snprintf(f, sizeof f, "=%s+%s", u, s);
    split_row(x, ws, p->union_share_row, "budget.union_share", f, &p->union_share, 1);
    snprintf(f, sizeof f, "=%s-%s", xw_cell(q, p->funder_row[OUTLAY_FUND_PARTICIPANTS], COL_AMOUNT),
             s);
    split_row(x, ws, p->participants_share_row, "budget.participants_share", f,
              &p->participants_share, 1);
    snprintf(f, sizeof f, "=ROUNDUP(%s/%s,2)", xw_cell(q, p->participants_share_row, COL_AMOUNT),
             head);
    split_row(x, ws, p->share_row, "budget.share_after_subsidy", f,
              x->in->activity->headcount > 0 ? &p->share_per_head : NULL, 0);
}

/* A merged row of red text, tall enough for its wrapped lines: spreadsheets
 * do not grow merged rows by themselves. */
static void warn_row(struct xw *x, lxw_worksheet *ws, lxw_row_t r, const char *text)
{
    worksheet_set_row(ws, r, xw_row_height(xw_text_lines(text, sheet_width() - 2)), NULL);
    xw_merge(x, ws, r, COL_NO, COL_NOTE, text, x->f.warn);
}

/* The declared total against the lines (SPEC §7), in words a reader can act
 * on: "declared total 4,200.00 differs from the lines by 120.00". */
static void declared_warning(struct xw *x, lxw_worksheet *ws, lxw_row_t r, const struct plan *p)
{
    const struct outlay_activity *a = x->in->activity;
    char d[OUTLAY_MONEY_BUFSZ], t[OUTLAY_MONEY_BUFSZ], diff[OUTLAY_MONEY_BUFSZ];
    char text[2 * LABEL_BUFSZ + 3 * OUTLAY_MONEY_BUFSZ + 32];
    int64_t delta = 0;

    if (outlay_money_add(a->budget_total, -p->total, &delta) != OUTLAY_OK)
        delta = 0;
    outlay_money_format(a->budget_total, 1, d);
    outlay_money_format(p->total, 1, t);
    outlay_money_format(delta, 1, diff);
    snprintf(text, sizeof text, x->zh ? "%s：%s ≠ %s（%s %s）" : "%s: %s ≠ %s (%s %s)",
             xw_label(x, "budget.declared_total_differs"), d, t, xw_label(x, "report.variance"),
             diff);
    warn_row(x, ws, r, text);
}

/* The declared total's row, then the problems in the workbook's language
 * (SPEC §7; the deposit against the share per head of SPEC §4 among them):
 * at most PROBLEMS_SHOWN lines in all, then one saying how many more the
 * Checks sheet lists (SPEC §13). A declared total that differs is the
 * sheet's own row: the problem that says so is known by its code and not
 * written twice. */
static lxw_row_t write_warnings(struct xw *x, lxw_worksheet *ws, lxw_row_t r, const struct plan *p)
{
    const struct outlay_activity *a = x->in->activity;
    char *text = NULL;
    size_t shown = 0, more = 0;

    if (a->has_budget_total && a->budget_total != p->total) {
        declared_warning(x, ws, r++, p);
        shown++;
    }
    for (size_t i = 0; i < x->in->nproblems; i++) {
        const outlay_err *e = &x->in->problems[i];
        if (e->code == OUTLAY_P_DECLARED_DIFFERS)
            continue;
        if (shown == PROBLEMS_SHOWN) {
            more++;
            continue;
        }
        if (!text && !(text = malloc(XW_PROBLEM_BUFSZ))) {
            xw_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, r, COL_NO);
            break;
        }
        warn_row(x, ws, r++, xw_problem(x, e, text, XW_PROBLEM_BUFSZ));
        shown++;
    }
    if (more && text) {
        outlay_err m = {.nargs = 1};
        m.args[0] = (struct outlay_arg){.kind = 'i', .n = (long long)more};
        warn_row(
            x, ws, r++,
            outlay_problem_fill(&m, xw_label(x, "budget.more_problems"), text, XW_PROBLEM_BUFSZ));
    }
    free(text);
    return r;
}

/* Prepared by / reviewed by / approved by, each with a line to sign on and
 * a line for the date. */
static void write_signatures(struct xw *x, lxw_worksheet *ws, lxw_row_t r)
{
    static const lxw_col_t at[8] = {COL_NO,  COL_CAT,  COL_ITEM,   COL_PRICE,
                                    COL_QTY, COL_UNIT, COL_AMOUNT, COL_NOTE};
    xw_signatures(x, ws, r, at);
}

static void layout(struct xw *x, lxw_worksheet *ws)
{
    _Static_assert(sizeof widths / sizeof widths[0] == COL_NOTE + 1, "a width per column");
    for (lxw_col_t c = 0; c < sizeof widths / sizeof widths[0]; c++)
        worksheet_set_column(ws, c, c, widths[c], NULL);
    xw_print_setup(x, ws, 0, ROW_HEAD);
    /* SPEC §13: the signatures of a budget of up to ONE_PAGE_LINES lines
     * on the page with its lines, however many problems it has. */
    if (x->in->nlines <= ONE_PAGE_LINES)
        worksheet_fit_to_pages(ws, 1, 1);
    worksheet_center_horizontally(ws);
}

enum outlay_status xw_sheet_budget(struct xw *x, lxw_worksheet *ws, const char *name,
                                   outlay_err *err)
{
    struct plan p = {0};
    enum outlay_status st = make_plan(x->in, &p, err);
    (void)name;

    if (st == OUTLAY_OK) {
        layout(x, ws);
        write_title(x, ws);
        write_info(x, ws, &p);
        write_header(x, ws);
        write_lines(x, ws, &p);
        write_totals(x, ws, &p);
        write_split(x, ws, &p);
        lxw_row_t r = write_warnings(x, ws, p.share_row + 2, &p);
        write_signatures(x, ws, r + 1);
    }
    plan_release(&p);
    return st;
}
