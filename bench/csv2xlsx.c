/*
 * csv2xlsx: bench/gen's expenses.csv as an .xlsx sheet, as a spreadsheet
 * program would store it, for the xlsx import case of bench/run (issue 18):
 * the date a serial number with a date format, the rest text. The amount is
 * text too: libxlsxwriter writes a number with "%.16G", so 575.07 would be
 * stored as 575.0700000000001, which the import refuses (more than two
 * decimals; SPEC §15 takes a number exactly as the cell XML writes it). libxlsxwriter in
 * constant-memory mode (rows streamed, strings inline), so a million rows need no more memory than
 * one.
 *
 *     csv2xlsx expenses.csv expenses.xlsx
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

struct state {
    lxw_worksheet *ws;
    lxw_format *date;
    lxw_row_t row;
    lxw_col_t col;
};

/* Days since 1899-12-30 of YYYY-MM-DD (days_from_civil, H. Hinnant). */
static double serial(const char *s)
{
    int y, m, d;
    if (sscanf(s, "%d-%d-%d", &y, &m, &d) != 3)
        return -1;
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (double)(era * 146097 + doe - 719468 + 25569);
}

static void on_field(void *p, size_t n, void *data)
{
    struct state *st = data;
    char buf[1024];
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, p ? p : "", n);
    buf[n] = 0;
    if (n == 0) {
        /* an empty cell is not written */
    } else if (st->row > 0 && st->col == 2 && serial(buf) > 0) {
        worksheet_write_number(st->ws, st->row, st->col, serial(buf), st->date);
    } else {
        worksheet_write_string(st->ws, st->row, st->col, buf, NULL);
    }
    st->col++;
}

static void on_row(int c, void *data)
{
    struct state *st = data;
    (void)c;
    st->row++;
    st->col = 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: csv2xlsx IN.csv OUT.xlsx\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "rb");
    if (!in) {
        perror(argv[1]);
        return 1;
    }
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    lxw_workbook *wb = workbook_new_opt(argv[2], &opt);
    struct state st = {.ws = workbook_add_worksheet(wb, "expenses")};
    st.date = workbook_add_format(wb);
    format_set_num_format(st.date, "yyyy-mm-dd");
    struct csv_parser p;
    csv_init(&p, CSV_APPEND_NULL);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (csv_parse(&p, buf, n, on_field, on_row, &st) != n) {
            fprintf(stderr, "%s: %s\n", argv[1], csv_strerror(csv_error(&p)));
            return 1;
        }
    csv_fini(&p, on_field, on_row, &st);
    csv_free(&p);
    fclose(in);
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR) {
        fprintf(stderr, "%s: %s\n", argv[2], lxw_strerror(e));
        return 1;
    }
    return 0;
}
