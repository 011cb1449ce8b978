/*
 * xlsx_sheets: the three tables of the workbook after the Budget form
 * (SPEC §8): Budget vs Actual with its chart, every expense, and the
 * settlement with its totals. Each is written top to bottom.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/money.h"
#include "xlsx_internal.h"

/* Progress is reported every this many expense rows. */
#define PROGRESS_EVERY 10000

/* The rows a table starts with: the title rows, then the header row, frozen
 * on screen and repeated on every printed page. */
static double total_width(const double *w, size_t n)
{
    double t = 0;
    for (size_t c = 0; c < n; c++)
        t += w[c];
    return t;
}

static void table_top(struct xw *x, lxw_worksheet *ws, const char *title_key,
                      const char *const *keys, const double *w, size_t n)
{
    xw_sheet_title(x, ws, (lxw_col_t)(n - 1), total_width(w, n), title_key);
    worksheet_set_row(ws, XW_ROW_HEAD, 30, NULL);
    for (lxw_col_t c = 0; c < n; c++)
        xw_str(x, ws, XW_ROW_HEAD, c, xw_label(x, keys[c]), x->f.head);
}

/* The first row of a table's body. */
#define FIRST (XW_ROW_HEAD + 1)

static void widths(lxw_worksheet *ws, const double *w, size_t n)
{
    for (lxw_col_t c = 0; c < n; c++)
        worksheet_set_column(ws, c, c, w[c], NULL);
}

static enum outlay_status too_large(const struct xw *x, outlay_err *err, const char *sheet)
{
    if (err && x->in->activity->slug)
        snprintf(err->activity, sizeof err->activity, "%s", x->in->activity->slug);
    return outlay_fail(err, OUTLAY_EOVERFLOW, OUTLAY_P_XLSX_SHEET_RANGE, OUTLAY_A_TEXT(sheet));
}

/* Budget vs Actual ------------------------------------------------------------ */

enum { R_CAT, R_BUDGETED, R_ACTUAL, R_VARIANCE, R_PCT, R_OVER, R_NCOLS };

/* A formula whose result is text, cached: `=IF(...,"label","")`. */
static void text_formula(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
                         const char *formula, const char *cached, lxw_format *f)
{
    xw_check(x, worksheet_write_formula_str(ws, r, c, formula, f, cached), r, c);
}

/* A label as a formula's string literal: quotes doubled, cut to fit n. */
static void quoted(char *buf, size_t n, const char *s)
{
    size_t k = 0;
    buf[k++] = '"';
    for (; *s && k + 4 < n; s++) {
        if (*s == '"')
            buf[k++] = '"';
        buf[k++] = *s;
    }
    buf[k++] = '"';
    buf[k] = '\0';
}

static void report_row(struct xw *x, lxw_worksheet *ws, lxw_row_t r,
                       const struct outlay_report_row *row, const char *cat, int total)
{
    char f[512], a[16], b[16], over[384];
    lxw_format *text = row->over ? (total ? x->f.over_bold_text : x->f.over_text)
                       : total   ? x->f.bold
                                 : x->f.text;
    lxw_format *money = row->over ? (total ? x->f.over_bold_money : x->f.over_money)
                        : total   ? x->f.bold_money
                                  : x->f.money;
    lxw_format *pct = row->over ? x->f.over_pct : x->f.pct;

    xw_str(x, ws, r, R_CAT, cat, text);
    if (total) {
        /* The TOTAL row adds up the rows above it, if there are some. */
        for (lxw_col_t c = R_BUDGETED; c <= R_ACTUAL; c++) {
            snprintf(f, sizeof f, "=SUM(%s:%s)", xw_cell(a, FIRST, c), xw_cell(b, r - 1, c));
            xw_formula(x, ws, r, c, r > FIRST ? f : "=0",
                       c == R_BUDGETED ? row->budgeted : row->actual, money);
        }
    } else {
        xw_money(x, ws, r, R_BUDGETED, row->budgeted, money);
        xw_money(x, ws, r, R_ACTUAL, row->actual, money);
    }
    snprintf(f, sizeof f, "=%s-%s", xw_cell(a, r, R_BUDGETED), xw_cell(b, r, R_ACTUAL));
    xw_formula(x, ws, r, R_VARIANCE, f, row->variance, money);
    /* Used % and Action follow an edit of the row (SPEC §13); cached, the
     * report's figures: its rounding (outlay_report_pct_tenths) is ROUND's,
     * half away from zero, and "over" is actual > budgeted. */
    xw_cell(a, r, R_BUDGETED);
    xw_cell(b, r, R_ACTUAL);
    snprintf(f, sizeof f, "=IF(%s=0,\"\",ROUND(%s/%s,3))", a, b, a);
    if (row->has_pct)
        xw_check(
            x, worksheet_write_formula_num(ws, r, R_PCT, f, pct, (double)row->pct_tenths / 1000.0),
            r, R_PCT);
    else
        text_formula(x, ws, r, R_PCT, f, "", pct);
    quoted(over, sizeof over, xw_label(x, "report.over"));
    snprintf(f, sizeof f, "=IF(%s>%s,%s,\"\")", b, a, over);
    text_formula(x, ws, r, R_OVER, f, row->over ? xw_label(x, "report.over") : "", text);
}

static void report_chart(struct xw *x, lxw_worksheet *ws, const char *name, lxw_row_t last)
{
    lxw_chart *chart = workbook_add_chart(x->wb, LXW_CHART_COLUMN);
    if (!chart) {
        xw_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, last, 0);
        return;
    }
    chart_title_set_name(chart, xw_label(x, "report.chart_title"));
    for (lxw_col_t c = R_BUDGETED; c <= R_ACTUAL; c++) {
        lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
        if (!s) {
            xw_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, last, c);
            return;
        }
        chart_series_set_categories(s, name, FIRST, R_CAT, last, R_CAT);
        chart_series_set_values(s, name, FIRST, c, last, c);
        chart_series_set_name_range(s, name, XW_ROW_HEAD, c);
    }
    chart_axis_set_num_format(chart->y_axis, "#,##0");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    lxw_chart_options opt = {.x_offset = 4, .y_offset = 10, .x_scale = 1.35, .y_scale = 1.2};
    xw_check(x, worksheet_insert_chart_opt(ws, last + 2, 0, chart, &opt), last + 2, 0);
}

enum outlay_status xw_sheet_report(struct xw *x, lxw_worksheet *ws, const char *name,
                                   outlay_err *err)
{
    static const char *const keys[R_NCOLS] = {
        "report.category", "report.budgeted", "report.actual",
        "report.variance", "report.used_pct", "report.over",
    };
    static const double w[R_NCOLS] = {24, 15, 15, 15, 11, 15};
    const struct outlay_report *rep = x->in->report;
    struct outlay_report_row total = {0};
    lxw_row_t r = FIRST;

    widths(ws, w, R_NCOLS);
    xw_print_setup(x, ws, 0, XW_ROW_HEAD);
    worksheet_freeze_panes(ws, FIRST, 0);
    table_top(x, ws, "report.title", keys, w, R_NCOLS);
    if (!rep)
        return OUTLAY_OK;
    if (rep->nrows > LXW_ROW_MAX - 64)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_XLSX_TOO_MANY_CATEGORIES);
    /* Cached values are what the formulas compute from the cells shown:
     * variance = budgeted - actual, the TOTAL row the sums of the rows. */
    total = rep->total;
    total.budgeted = total.actual = 0;
    for (size_t i = 0; i < rep->nrows; i++, r++) {
        struct outlay_report_row row = rep->rows[i];
        if (outlay_money_add(total.budgeted, row.budgeted, &total.budgeted) != OUTLAY_OK ||
            outlay_money_add(total.actual, row.actual, &total.actual) != OUTLAY_OK ||
            outlay_money_add(row.budgeted, -row.actual, &row.variance) != OUTLAY_OK)
            return too_large(x, err, name);
        report_row(x, ws, r, &row, row.category, 0);
    }
    if (outlay_money_add(total.budgeted, -total.actual, &total.variance) != OUTLAY_OK)
        return too_large(x, err, name);
    /* The TOTAL row's Used % and Action of the sums it shows. */
    total.has_pct = total.budgeted != 0;
    total.pct_tenths = total.has_pct ? outlay_report_pct_tenths(total.actual, total.budgeted) : 0;
    total.over = total.actual > total.budgeted;
    report_row(x, ws, r, &total, xw_label(x, "report.total"), 1);
    if (rep->nrows)
        report_chart(x, ws, name, r - 1);
    return OUTLAY_OK;
}

/* Expenses -------------------------------------------------------------------- */

enum {
    E_ID,
    E_DATE,
    E_CAT,
    E_ITEM,
    E_AMOUNT,
    E_PAYEE,
    E_PAID_BY,
    E_RECEIPT,
    E_FOR,
    E_FUNDED,
    E_STATUS,
    E_REASON,
    E_NCOLS
};

static int valid_date(unsigned y, unsigned m, unsigned d)
{
    static const unsigned days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1] &&
           (m != 2 || d <= 28 || leap);
}

/* A YYYY-MM-DD date as a real date cell, so it sorts and filters as one;
 * anything else stays the text it was. */
static void date_cell(struct xw *x, lxw_worksheet *ws, lxw_row_t r, const char *s, lxw_format *date,
                      lxw_format *text)
{
    unsigned y, m, d;
    char tail;

    if (s && strlen(s) == 10 && s[4] == '-' && s[7] == '-' &&
        sscanf(s, "%4u-%2u-%2u%c", &y, &m, &d, &tail) == 3 && valid_date(y, m, d)) {
        lxw_datetime dt = {.year = (int)y, .month = (int)m, .day = (int)d};
        xw_check(x, worksheet_write_datetime(ws, r, E_DATE, &dt, date), r, E_DATE);
    } else {
        xw_str(x, ws, r, E_DATE, s, text);
    }
}

static const double expense_widths[E_NCOLS] = {7, 11, 12, 28, 13, 20, 12, 12, 10, 12, 9, 24};

static void expense_row(struct xw *x, lxw_worksheet *ws, lxw_row_t r,
                        const struct outlay_expense *e)
{
    /* SPEC §2: voided expenses stay visible, amount included, struck out. */
    lxw_format *text = e->is_void ? x->f.void_wrap : x->f.wrap;
    lxw_format *money = e->is_void ? x->f.void_money : x->f.money;
    const char *texts[E_NCOLS] = {
        [E_CAT] = e->category,
        [E_ITEM] = e->item,
        [E_PAYEE] = e->payee,
        [E_PAID_BY] = e->paid_by,
        [E_RECEIPT] = e->receipt,
        [E_FOR] = e->for_tag,
        [E_REASON] = e->is_void ? e->void_reason : NULL,
    };

    xw_fit_row(x, ws, r, texts, expense_widths, E_NCOLS);

    xw_num(x, ws, r, E_ID, (double)e->id, e->is_void ? x->f.void_int : x->f.integer);
    date_cell(x, ws, r, e->date, e->is_void ? x->f.void_date : x->f.date, text);
    xw_str(x, ws, r, E_CAT, e->category, text);
    xw_str(x, ws, r, E_ITEM, e->item, text);
    xw_money(x, ws, r, E_AMOUNT, e->amount, money);
    xw_str(x, ws, r, E_PAYEE, e->payee, text);
    xw_str(x, ws, r, E_PAID_BY, e->paid_by, text);
    xw_str(x, ws, r, E_RECEIPT, e->receipt, text);
    xw_str(x, ws, r, E_FOR, e->for_tag, text);
    xw_str(x, ws, r, E_FUNDED,
           xw_label(x, e->funded_by == OUTLAY_FUND_UNION ? "funder.union" : "funder.participants"),
           text);
    xw_str(x, ws, r, E_STATUS, xw_label(x, e->is_void ? "expenses.void" : "expenses.ok"), text);
    xw_str(x, ws, r, E_REASON, e->is_void ? e->void_reason : NULL, text);
}

/* SPEC §13: the total of the non-void expenses, a row apart from the
 * filtered table: =SUMIFS(amounts, statuses, "<>void"), the status column
 * saying void in the sheet's language. */
static void expenses_total(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_row_t last,
                           int64_t sum)
{
    char f[512], a[16], b[16], c[16], d[16], v[384], crit[400];

    worksheet_set_row(ws, r, 20, NULL);
    xw_merge(x, ws, r, E_ID, E_ITEM, xw_label(x, "expenses.total"), x->f.total_label);
    snprintf(crit, sizeof crit, "<>%s", xw_label(x, "expenses.void"));
    quoted(v, sizeof v, crit);
    if (last >= FIRST)
        snprintf(f, sizeof f, "=SUMIFS(%s:%s,%s:%s,%s)", xw_cell(a, FIRST, E_AMOUNT),
                 xw_cell(b, last, E_AMOUNT), xw_cell(c, FIRST, E_STATUS),
                 xw_cell(d, last, E_STATUS), v);
    else
        snprintf(f, sizeof f, "=0");
    xw_formula(x, ws, r, E_AMOUNT, f, sum, x->f.total_fit);
}

enum outlay_status xw_sheet_expenses(struct xw *x, lxw_worksheet *ws, const char *name,
                                     outlay_err *err)
{
    static const char *const keys[E_NCOLS] = {
        "expenses.id",     "expenses.date",      "expenses.category", "expenses.item",
        "expenses.amount", "expenses.payee",     "expenses.paid_by",  "expenses.receipt",
        "expenses.for",    "expenses.funded_by", "expenses.status",   "expenses.void_reason",
    };
    const struct outlay_workbook_input *in = x->in;
    struct outlay_expense e;
    lxw_row_t r = FIRST;
    int64_t sum = 0;

    widths(ws, expense_widths, E_NCOLS);
    xw_print_setup(x, ws, 1, XW_ROW_HEAD);
    worksheet_freeze_panes(ws, FIRST, 0);
    table_top(x, ws, "expenses.title", keys, expense_widths, E_NCOLS);
    while (in->next_expense) {
        memset(&e, 0, sizeof e);
        int got = in->next_expense(in->expense_ctx, &e, err);
        if (got < 0)
            return err && err->status != OUTLAY_OK
                       ? err->status
                       : outlay_fail(err, OUTLAY_EIO, OUTLAY_P_XLSX_READ_EXPENSES);
        if (got == 0)
            break;
        if (r >= LXW_ROW_MAX)
            return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_XLSX_TOO_MANY_EXPENSES,
                               OUTLAY_A_INT(LXW_ROW_MAX - FIRST), OUTLAY_A_TEXT(name));
        if (!e.is_void && outlay_money_add(sum, e.amount, &sum) != OUTLAY_OK)
            return too_large(x, err, name);
        expense_row(x, ws, r, &e);
        if (x->lerr != LXW_NO_ERROR)
            break;
        r++;
        if (in->progress && (r - FIRST) % PROGRESS_EVERY == 0)
            in->progress(in->progress_ctx, r - FIRST);
    }
    xw_check(x, worksheet_autofilter(ws, XW_ROW_HEAD, 0, r - 1, E_NCOLS - 1), XW_ROW_HEAD, 0);
    if (r < LXW_ROW_MAX - 1)
        expenses_total(x, ws, r + 1, r - 1, sum);
    return OUTLAY_OK;
}

/* Settlement ------------------------------------------------------------------ */

enum {
    S_NAME,
    S_DEPT,
    S_TAGS,
    S_WEIGHT,
    S_STATUS,
    S_DEPOSITS,
    S_ADVANCED,
    S_PAID_OUT,
    S_COST,
    S_SUBSIDY,
    S_DUE,
    S_BALANCE,
    S_ACTION,
    S_AMOUNT,
    S_SIGN, /* the recipient's signature (SPEC §13) */
    S_NCOLS
};

/* Per-row figures as the formulas compute them (SPEC §6.5, §6.7), which is
 * what outlay_settle_compute() computed; sums for the total row. */
struct settle_sums {
    int64_t v[S_NCOLS];
};

static int add_to(int64_t *sum, int64_t v)
{
    return outlay_money_add(*sum, v, sum) == OUTLAY_OK;
}

static int settle_figures(const struct outlay_settle_person *p, const struct outlay_settle_row *row,
                          int64_t v[S_NCOLS])
{
    v[S_DEPOSITS] = p->deposits;
    v[S_ADVANCED] = p->advanced;
    v[S_PAID_OUT] = p->paid_out;
    v[S_COST] = row->cost;
    v[S_SUBSIDY] = row->subsidy;
    int64_t due = 0, bal = 0;
    if (outlay_money_add(row->cost, -row->subsidy, &due) != OUTLAY_OK ||
        outlay_money_add(p->deposits, p->advanced, &bal) != OUTLAY_OK ||
        outlay_money_add(bal, -p->paid_out, &bal) != OUTLAY_OK ||
        outlay_money_add(bal, -due, &bal) != OUTLAY_OK || bal == INT64_MIN)
        return 0;
    v[S_DUE] = due;
    v[S_BALANCE] = bal;
    v[S_AMOUNT] = bal < 0 ? -bal : bal;
    return 1;
}

/* An amount column holds 999,999,999,999.99 (OUTLAY_MONEY_MAX) without
 * ###; the total rows shrink what is wider still (SPEC §13). */
#define AMOUNT_WIDTH 17.5
/* Name, dept, tags, weight, status, seven amounts, action, amount, the
 * recipient's signature. */
static const double settle_widths[S_NCOLS] = {14,
                                              12,
                                              10,
                                              6,
                                              8,
                                              AMOUNT_WIDTH,
                                              AMOUNT_WIDTH,
                                              AMOUNT_WIDTH,
                                              AMOUNT_WIDTH,
                                              AMOUNT_WIDTH,
                                              AMOUNT_WIDTH,
                                              AMOUNT_WIDTH,
                                              11,
                                              AMOUNT_WIDTH,
                                              14};

/* A participant's tags as the language lists them: "a;b" is "a, b", or
 * "a、b" in Chinese. Into buf (n bytes), returned. */
static const char *tag_list(const struct xw *x, const char *tags, char *buf, size_t n)
{
    size_t k = 0;
    for (const char *p = tags ? tags : ""; *p && k + 4 < n; p++) {
        if (*p == ';') {
            const char *sep = x->zh ? "、" : ", ";
            memcpy(buf + k, sep, strlen(sep));
            k += strlen(sep);
        } else {
            buf[k++] = *p;
        }
    }
    buf[k] = '\0';
    return buf;
}

static void settle_row(struct xw *x, lxw_worksheet *ws, lxw_row_t r,
                       const struct outlay_participant *who, const struct outlay_settle_row *row,
                       const int64_t v[S_NCOLS])
{
    /* A withdrawn participant stays in the table (deposits are refunded,
     * SPEC §6) but greyed, so the row reads as out of the sharing. */
    lxw_format *name = who->withdrawn ? x->f.muted : x->f.wrap;
    lxw_format *act = x->f.center, *amount = x->f.money;
    const char *label = xw_label(x, "settle.settled");
    char f[96], c[5][16];

    if (row->action == OUTLAY_SETTLE_REFUND) {
        act = x->f.refund_text;
        amount = x->f.refund_money;
        label = xw_label(x, "settle.refund");
    } else if (row->action == OUTLAY_SETTLE_SUPPLEMENT) {
        act = x->f.supp_text;
        amount = x->f.supp_money;
        label = xw_label(x, "settle.supplement");
    }
    const char *status = xw_label(x, who->withdrawn ? "settle.withdrawn" : "settle.active");
    char *tags = malloc(XW_PROBLEM_BUFSZ);
    if (tags)
        tag_list(x, who->tags, tags, XW_PROBLEM_BUFSZ);
    else
        xw_check(x, LXW_ERROR_MEMORY_MALLOC_FAILED, r, S_TAGS);
    const char *texts[] = {who->name, who->dept, tags, NULL, status};
    size_t lines = 1;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        size_t k = texts[i] ? xw_text_lines(texts[i], settle_widths[i]) : 1;
        lines = k > lines ? k : lines;
    }
    /* Room for a signature in the last column, or for the wrapped text. */
    double h = xw_row_height(lines);
    worksheet_set_row(ws, r, h > 26 ? h : 26, NULL);
    xw_str(x, ws, r, S_NAME, who->name, name);
    xw_str(x, ws, r, S_DEPT, who->dept, name);
    xw_str(x, ws, r, S_TAGS, tags, name);
    free(tags);
    xw_num(x, ws, r, S_WEIGHT, (double)who->weight, who->withdrawn ? x->f.muted_int : x->f.integer);
    xw_str(x, ws, r, S_STATUS, status, who->withdrawn ? x->f.withdrawn : name);
    for (lxw_col_t k = S_DEPOSITS; k <= S_SUBSIDY; k++)
        xw_money(x, ws, r, k, v[k], x->f.money);
    /* SPEC §6.5: due = cost - subsidy. */
    snprintf(f, sizeof f, "=%s-%s", xw_cell(c[0], r, S_COST), xw_cell(c[1], r, S_SUBSIDY));
    xw_formula(x, ws, r, S_DUE, f, v[S_DUE], x->f.money);
    /* SPEC §6.7: balance = deposits + advanced - paid out - due. */
    snprintf(f, sizeof f, "=%s+%s-%s-%s", xw_cell(c[0], r, S_DEPOSITS),
             xw_cell(c[1], r, S_ADVANCED), xw_cell(c[2], r, S_PAID_OUT), xw_cell(c[3], r, S_DUE));
    xw_formula(x, ws, r, S_BALANCE, f, v[S_BALANCE], x->f.money);
    xw_str(x, ws, r, S_ACTION, label, act);
    snprintf(f, sizeof f, "=ABS(%s)", xw_cell(c[4], r, S_BALANCE));
    xw_formula(x, ws, r, S_AMOUNT, f, v[S_AMOUNT], amount);
    xw_blank(x, ws, r, S_SIGN, x->f.text);
}

static void settle_total_row(struct xw *x, lxw_worksheet *ws, lxw_row_t r,
                             const int64_t sum[S_NCOLS])
{
    char f[64], a[16], b[16];

    worksheet_set_row(ws, r, 20, NULL);
    xw_str(x, ws, r, S_NAME, xw_label(x, "report.total"), x->f.bold);
    for (lxw_col_t c = S_DEPT; c <= S_STATUS; c++)
        xw_blank(x, ws, r, c, x->f.bold);
    for (lxw_col_t c = S_DEPOSITS; c <= S_BALANCE; c++) {
        snprintf(f, sizeof f, "=SUM(%s:%s)", xw_cell(a, FIRST, c), xw_cell(b, r - 1, c));
        xw_formula(x, ws, r, c, r > FIRST ? f : "=0", sum[c], x->f.total_fit);
    }
    xw_blank(x, ws, r, S_ACTION, x->f.bold);
    xw_blank(x, ws, r, S_AMOUNT, x->f.bold);
    xw_blank(x, ws, r, S_SIGN, x->f.bold);
}

/* SPEC §6: the totals `outlay settle` ends with, then what the union owes
 * the fund and where the fund stands once it has paid (SPEC §13). Returns
 * the row after the last. */
enum {
    T_EXPENSES,
    T_UNION,
    T_ADVANCED,
    T_SUBSIDY,
    T_DEPOSITS,
    T_PAID_OUT,
    T_REFUNDS,
    T_SUPP,
    T_CASH
};

static lxw_row_t settle_totals(struct xw *x, lxw_worksheet *ws, lxw_row_t r,
                               const struct outlay_settle_totals *t, const int64_t after[2])
{
    const lxw_row_t top = r;
    const struct {
        const char *key;
        int64_t v;
        int indent, bold;
    } rows[] = {
        {"settle.expenses", t->expenses, 0, 0},
        {"settle.of_which_union", t->union_funded, 1, 0},
        {"settle.of_which_advanced", t->advanced, 1, 0},
        {"settle.union_subsidy", t->subsidy, 0, 0},
        {"settle.deposits_collected", t->deposits, 0, 0},
        {"settle.paid_out", t->paid_out, 0, 0},
        {"settle.refunds_to_pay", t->refunds, 0, 0},
        {"settle.supplements_to_collect", t->supplements, 0, 0},
        {"settle.fund_cash", t->cash, 0, 1},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++, r++) {
        lxw_format *label = rows[i].indent ? x->f.indent : rows[i].bold ? x->f.bold : x->f.text;
        xw_merge(x, ws, r, S_NAME, S_STATUS, xw_label(x, rows[i].key), label);
        xw_money(x, ws, r, S_DEPOSITS, rows[i].v, rows[i].bold ? x->f.total_fit : x->f.money);
    }
    /* SPEC §6: once every balance is zero the fund's cash is minus the
     * union's share (subsidy plus union-funded expenses), which the union
     * covers. So: the union's share; the cash once the union has paid it
     * (cash + union's share); and once the refunds are paid and the
     * supplements collected (that - refunds + supplements), 0.00 when the
     * books close. Formulas over the rows above. */
    char f[128], a[16], b[16], c[16];
    xw_cell(a, top + T_SUBSIDY, S_DEPOSITS);
    xw_cell(b, top + T_UNION, S_DEPOSITS);
    snprintf(f, sizeof f, "=%s+%s", a, b);
    xw_merge(x, ws, r, S_NAME, S_STATUS, xw_label(x, "settle.union_share"), x->f.bold);
    xw_formula(x, ws, r, S_DEPOSITS, f, t->union_share, x->f.total_fit);
    r++;
    xw_cell(a, top + T_CASH, S_DEPOSITS);
    xw_cell(b, r - 1, S_DEPOSITS);
    snprintf(f, sizeof f, "=%s+%s", a, b);
    xw_merge(x, ws, r, S_NAME, S_STATUS, xw_label(x, "settle.fund_after_union"), x->f.text);
    xw_formula(x, ws, r, S_DEPOSITS, f, after[0], x->f.money);
    r++;
    xw_cell(a, r - 1, S_DEPOSITS);
    xw_cell(b, top + T_REFUNDS, S_DEPOSITS);
    xw_cell(c, top + T_SUPP, S_DEPOSITS);
    snprintf(f, sizeof f, "=%s-%s+%s", a, b, c);
    xw_merge(x, ws, r, S_NAME, S_STATUS, xw_label(x, "settle.fund_after_all"), x->f.text);
    xw_formula(x, ws, r, S_DEPOSITS, f, after[1], x->f.money);
    r++;
    /* SPEC §11.1: the rule that made the costs, under the totals */
    xw_merge(x, ws, r + 1, S_NAME, S_SIGN,
             xw_label(x, x->in->activity->settle_rule == OUTLAY_SETTLE_RULE_PERSON
                             ? "settle.rule_2"
                             : "settle.rule_1"),
             x->f.text);
    return r + 2;
}

static enum outlay_status settle_table(struct xw *x, lxw_worksheet *ws, const char *name,
                                       outlay_err *err)
{
    const struct outlay_workbook_input *in = x->in;
    int64_t sum[S_NCOLS] = {0}, v[S_NCOLS] = {0};
    lxw_row_t r = FIRST;

    if (in->npeople > LXW_ROW_MAX - 64)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_XLSX_TOO_MANY_PEOPLE);
    for (size_t i = 0; i < in->npeople; i++, r++) {
        if (!settle_figures(&in->settle_people[i], &in->settle->rows[i], v))
            return too_large(x, err, name);
        for (lxw_col_t c = S_DEPOSITS; c <= S_BALANCE; c++)
            if (!add_to(&sum[c], v[c]))
                return too_large(x, err, name);
        settle_row(x, ws, r, &in->people[i], &in->settle->rows[i], v);
    }
    settle_total_row(x, ws, r, sum);
    const struct outlay_settle_totals *t = &in->settle->totals;
    int64_t after[2];
    if (outlay_money_add(t->cash, t->union_share, &after[0]) != OUTLAY_OK ||
        outlay_money_add(after[0], -t->refunds, &after[1]) != OUTLAY_OK ||
        outlay_money_add(after[1], t->supplements, &after[1]) != OUTLAY_OK)
        return too_large(x, err, name);
    r = settle_totals(x, ws, r + 2, t, after);
    static const lxw_col_t at[8] = {S_NAME,     S_DEPT,     S_TAGS,     S_STATUS,
                                    S_DEPOSITS, S_DEPOSITS, S_ADVANCED, S_COST};
    xw_signatures(x, ws, r + 1, at);
    return OUTLAY_OK;
}

enum outlay_status xw_sheet_settle(struct xw *x, lxw_worksheet *ws, const char *name,
                                   outlay_err *err)
{
    static const char *const keys[S_NCOLS] = {
        "settle.name",     "settle.dept",     "settle.tags",
        "settle.weight",   "settle.status",   "settle.deposits",
        "settle.advanced", "settle.paid_out", "settle.cost",
        "settle.subsidy",  "settle.due",      "settle.balance",
        "settle.action",   "settle.amount",   "settle.recipient_sign",
    };
    widths(ws, settle_widths, S_NCOLS);
    xw_print_setup(x, ws, 1, XW_ROW_HEAD);
    if (!x->in->settle) {
        /* SPEC §7: an activity that cannot be settled yet still exports;
         * the sheet says why, in its language, instead of showing figures. */
        char *why = x->in->settle_error ? malloc(XW_PROBLEM_BUFSZ) : NULL;
        if (x->in->settle_error && !why)
            return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
        if (why)
            xw_problem(x, x->in->settle_error, why, XW_PROBLEM_BUFSZ);
        xw_sheet_title(x, ws, S_SIGN, total_width(settle_widths, S_NCOLS), "settle.title");
        worksheet_set_row(ws, XW_ROW_HEAD, 45, NULL);
        xw_merge(x, ws, XW_ROW_HEAD, S_NAME, S_SIGN, why ? why : "", x->f.error);
        free(why);
        return OUTLAY_OK;
    }
    worksheet_freeze_panes(ws, FIRST, 0);
    table_top(x, ws, "settle.title", keys, settle_widths, S_NCOLS);
    return settle_table(x, ws, name, err);
}

/* Checks ---------------------------------------------------------------------- */

enum { C_NO, C_PROBLEM, C_NCOLS };

enum outlay_status xw_sheet_checks(struct xw *x, lxw_worksheet *ws, const char *name,
                                   outlay_err *err)
{
    static const char *const keys[C_NCOLS] = {"checks.no", "checks.problem"};
    static const double w[C_NCOLS] = {7, 90};
    char *text = malloc(XW_PROBLEM_BUFSZ);
    lxw_row_t r = FIRST;
    (void)name;

    if (!text)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    widths(ws, w, C_NCOLS);
    xw_print_setup(x, ws, 0, XW_ROW_HEAD);
    worksheet_freeze_panes(ws, FIRST, 0);
    table_top(x, ws, "checks.title", keys, w, C_NCOLS);
    for (size_t i = 0; i < x->in->nproblems && r < LXW_ROW_MAX; i++, r++) {
        const char *t = xw_problem(x, &x->in->problems[i], text, XW_PROBLEM_BUFSZ);
        const char *texts[C_NCOLS] = {NULL, t};
        xw_fit_row(x, ws, r, texts, w, C_NCOLS);
        xw_num(x, ws, r, C_NO, (double)(i + 1), x->f.integer);
        xw_str(x, ws, r, C_PROBLEM, t, x->f.wrap);
    }
    free(text);
    return OUTLAY_OK;
}
