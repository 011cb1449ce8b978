/*
 * xlsxin: streaming rows out of an .xlsx sheet (SPEC §15), for import. Owns
 * the archive (libzip), the workbook's sheet list and shared strings, and
 * the sheet XML read row by row with libxml2's pull parser, in bounded
 * memory. Rows come as the CSV reader gives them (struct outlay_csv_row):
 * numbers exactly as written in the cell XML, serial dates in the columns
 * marked as dates converted to YYYY-MM-DD, line = the sheet's row number.
 *
 *     outlay_xlsx_reader *r = NULL; struct outlay_csv_row row; outlay_err err = {0};
 *     if (outlay_xlsx_reader_open(&r, "expenses.xlsx", NULL, &err) == OUTLAY_OK)
 *         while (outlay_xlsx_reader_next(r, &row, &err) == 1) puts(row.fields[0]);
 *     outlay_xlsx_reader_close(r);
 */
#ifndef OUTLAY_XLSXIN_H
#define OUTLAY_XLSXIN_H

#include <stddef.h>
#include <stdint.h>

#include "outlay/csvio.h"
#include "outlay/status.h"

/* Bounds on what inflating an entry may produce (a zip bomb is refused). */
#define OUTLAY_XLSX_MAX_SHEET ((uint64_t)1 << 30)       /* 1 GiB of sheet XML */
#define OUTLAY_XLSX_MAX_STRINGS ((uint64_t)256 << 20)   /* 256 MiB of shared strings */
#define OUTLAY_XLSX_MAX_STRING_COUNT ((size_t)16 << 20) /* shared strings held */
#define OUTLAY_XLSX_MAX_SMALL ((uint64_t)16 << 20)      /* workbook.xml and its rels */

typedef struct outlay_xlsx_reader outlay_xlsx_reader;

/* 1 when the file at path is a zip archive ("PK\3\4") or its name ends in
 * .xlsx (case aside): it is then read with this reader, which says so when
 * it is not a workbook. 0 otherwise ("-" included). */
int outlay_xlsx_looks(const char *path);

/* Opens path and finds the sheet: the first, or the one named sheet (NULL:
 * the first). Shared strings are read here. Errors (err->file the path):
 * OUTLAY_P_CSV_OPEN, OUTLAY_P_XLSX_NOT_ZIP, _DAMAGED, _DAMAGED_ENTRY, _NO_WORKBOOK,
 * _NO_SHEET, _TOO_BIG, _BAD_XML, _NOT_UTF8, _NOMEM, _MANY_STRINGS. */
enum outlay_status outlay_xlsx_reader_open(outlay_xlsx_reader **r, const char *path,
                                           const char *sheet, outlay_err *err);

/* Marks the 0-based column col as a date column: a whole number 1..2958465
 * stored there is a serial date (1900 system, 1900-02-29 included, or the
 * 1904 system when the workbook says so) and is given as YYYY-MM-DD. */
void outlay_xlsx_reader_date_column(outlay_xlsx_reader *r, size_t col);
/* Marks col as a date-time column (a bill's 交易时间): a serial date with
 * the time of day as its fraction is given as YYYY-MM-DD HH:MM:SS (to the
 * nearest second). A fraction in a date column gives the day alone. */
void outlay_xlsx_reader_datetime_column(outlay_xlsx_reader *r, size_t col);

/* A serial date's text (a whole number of days, a fraction for the time of
 * day; at most 15 significant digits as a sheet holds them) as YYYY-MM-DD,
 * and with_time " HH:MM:SS" after it; 0, or -1 when it is not one. */
int outlay_xlsx_serial_datetime(const char *text, int date1904, int with_time, char out[20]);

/* Next row that has a cell: 1 with *row filled (fields valid until the next
 * call; missing cells are ""), 0 at the end, -1 on error with err set
 * (err->file, err->line the sheet row, err->column the cell reference):
 * OUTLAY_P_XLSX_FORMULA, _STRING_INDEX, _TOO_BIG, _BAD_XML, _NOT_UTF8,
 * _DAMAGED_ENTRY, _NOMEM, OUTLAY_P_CSV_COLUMNS, OUTLAY_P_CSV_FIELD_LONG. After -1
 * further calls return -1. */
int outlay_xlsx_reader_next(outlay_xlsx_reader *r, struct outlay_csv_row *row, outlay_err *err);

/* Closes and frees; NULL is fine. */
void outlay_xlsx_reader_close(outlay_xlsx_reader *r);

/* YYYY-MM-DD of an Excel serial day (1900 system unless date1904) into out
 * (11 bytes). Returns 0, or -1 when serial is outside 1..2958465 (0.. for
 * 1904). Serial 60 is 1900-02-29, as Excel has it. */
int outlay_xlsx_serial_date(long serial, int date1904, char out[11]);

/* A number cell's text as a spreadsheet keeps and shows it: rounded to 15
 * significant digits (half away from zero, in decimal, never through a
 * double), trailing zeros of the fraction dropped, an exponent written out
 * ("5.7507E2" -> "575.07"). libxlsxwriter prints 16 digits, so 575.07
 * arrives as 575.0700000000001; Excel and LibreOffice hold 15. A text of 15
 * digits or fewer and no exponent is given as written. Returns 0 with out
 * filled (n bytes), or -1 when in is not a plain decimal number or its
 * digits would not fit in n (or lie more than 64 places from the point):
 * it is then taken as written. */
int outlay_xlsx_number_text(const char *in, char *out, size_t n);

/* For tests: lowers the inflate bounds (0: the defaults above). */
void outlay_xlsx_set_limits(uint64_t sheet, uint64_t strings);

#endif
