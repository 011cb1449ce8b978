/*
 * Floor: write the cells of outlay's export with libxlsxwriter in
 * constant-memory mode and nothing else: the Expenses sheet (one row per
 * expense, the same twelve columns, formats and cell types as
 * src/xlsx_sheets.c) and the Settlement sheet (one row per participant, its
 * three formulas per row). The values come from gen_data.h, rebuilt in
 * memory, so no reading is timed.
 *
 *     xlsx N OUT.xlsx
 */
#include <stdlib.h>
#include <xlsxwriter.h>

#include "../gen_data.h"

static void check(lxw_error e)
{
    if (e != LXW_NO_ERROR) {
        fprintf(stderr, "xlsx floor: %s\n", lxw_strerror(e));
        exit(1);
    }
}

static lxw_format *fmt(lxw_workbook *wb, const char *num)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    if (num) {
        format_set_num_format(f, num);
        format_set_align(f, LXW_ALIGN_RIGHT);
    }
    format_set_indent(f, 1);
    return f;
}

static void str(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
    check(s && *s ? worksheet_write_string(ws, r, c, s, f) : worksheet_write_blank(ws, r, c, f));
}

static char *cell(char *buf, lxw_row_t r, lxw_col_t c)
{
    lxw_rowcol_to_cell(buf, r, c);
    return buf;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: xlsx N OUT.xlsx\n");
        return 2;
    }
    uint64_t n = strtoull(argv[1], NULL, 10), np = n / 10 ? n / 10 : 1;
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
    lxw_workbook *wb = workbook_new_opt(argv[2], &opt);
    if (!wb)
        return 1;
    lxw_format *text = fmt(wb, NULL), *money = fmt(wb, "#,##0.00"), *integer = fmt(wb, "0"),
               *date = fmt(wb, "yyyy-mm-dd"), *head = fmt(wb, NULL);
    format_set_bold(head);
    lxw_worksheet *es = workbook_add_worksheet(wb, "Expenses");
    lxw_worksheet *ss = workbook_add_worksheet(wb, "Settlement");

    static const char *const eh[] = {"ID",     "Date",      "Category", "Item",
                                     "Amount", "Payee",     "Paid by",  "Receipt",
                                     "For",    "Funded by", "Status",   "Void reason"};
    worksheet_freeze_panes(es, 1, 0);
    for (lxw_col_t c = 0; c < 12; c++)
        str(es, 0, c, eh[c], head);
    for (uint64_t i = 0; i < n; i++) {
        struct gen_expense e;
        struct gen_participant p;
        lxw_row_t r = (lxw_row_t)i + 1;
        unsigned y, m, d;
        gen_expense(GEN_SEED, i, np, &e);
        if (e.paid_by)
            gen_participant(GEN_SEED, e.paid_by - 1, &p);
        sscanf(e.date, "%4u-%2u-%2u", &y, &m, &d);
        lxw_datetime dt = {.year = (int)y, .month = (int)m, .day = (int)d};
        check(worksheet_write_number(es, r, 0, (double)(i + 1), integer));
        check(worksheet_write_datetime(es, r, 1, &dt, date));
        str(es, r, 2, e.category, text);
        str(es, r, 3, e.item, text);
        check(worksheet_write_number(es, r, 4, (double)e.amount / 100.0, money));
        str(es, r, 5, e.payee, text);
        str(es, r, 6, e.paid_by ? p.name : NULL, text);
        str(es, r, 7, e.receipt, text);
        str(es, r, 8, e.for_tag, text);
        str(es, r, 9, *e.funded_by ? "Union" : "Participants", text);
        str(es, r, 10, "ok", text);
        str(es, r, 11, NULL, text);
    }
    check(worksheet_autofilter(es, 0, 0, (lxw_row_t)n, 11));

    static const char *const sh[] = {"Name",     "Department", "Weight", "Status",  "Deposits",
                                     "Advanced", "Paid out",   "Cost",   "Subsidy", "Due",
                                     "Balance",  "Action",     "Amount"};
    worksheet_freeze_panes(ss, 1, 0);
    for (lxw_col_t c = 0; c < 13; c++)
        str(ss, 0, c, sh[c], head);
    for (uint64_t i = 0; i < np; i++) {
        struct gen_participant p;
        lxw_row_t r = (lxw_row_t)i + 1;
        char f[96], a[16], b[16], c2[16], d2[16];
        gen_participant(GEN_SEED, i, &p);
        double dep = (double)p.deposit / 100.0, cost = dep * 1.5;
        str(ss, r, 0, p.name, text);
        str(ss, r, 1, p.dept, text);
        check(worksheet_write_number(ss, r, 2, p.weight, integer));
        str(ss, r, 3, "Active", text);
        check(worksheet_write_number(ss, r, 4, dep, money));
        check(worksheet_write_number(ss, r, 5, 0, money));
        check(worksheet_write_number(ss, r, 6, 0, money));
        check(worksheet_write_number(ss, r, 7, cost, money));
        check(worksheet_write_number(ss, r, 8, 30, money));
        snprintf(f, sizeof f, "=%s-%s", cell(a, r, 7), cell(b, r, 8));
        check(worksheet_write_formula_num(ss, r, 9, f, money, cost - 30));
        snprintf(f, sizeof f, "=%s+%s-%s-%s", cell(a, r, 4), cell(b, r, 5), cell(c2, r, 6),
                 cell(d2, r, 9));
        check(worksheet_write_formula_num(ss, r, 10, f, money, dep - cost + 30));
        str(ss, r, 11, "Supplement", text);
        snprintf(f, sizeof f, "=ABS(%s)", cell(a, r, 10));
        check(worksheet_write_formula_num(ss, r, 12, f, money, cost - 30 - dep));
    }
    check(workbook_close(wb));
    printf("rows %llu + %llu\n", (unsigned long long)n, (unsigned long long)np);
    return 0;
}
