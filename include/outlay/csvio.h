/*
 * csvio: streaming CSV reading (libcsv; UTF-8 with optional BOM, or GBK via
 * iconv) and RFC 4180 writing with the formula-injection mark (SPEC §5).
 *
 *     outlay_csv_reader *r = NULL; struct outlay_csv_row row; outlay_err err = {0};
 *     if (outlay_csv_reader_open(&r, "expenses.csv", OUTLAY_ENC_UTF8, &err) == OUTLAY_OK)
 *         while (outlay_csv_reader_next(r, &row, &err) == 1) puts(row.fields[0]);
 *     outlay_csv_reader_close(r);
 */
#ifndef OUTLAY_CSVIO_H
#define OUTLAY_CSVIO_H

#include <stddef.h>
#include <stdio.h>

#include "outlay/status.h"

enum outlay_encoding { OUTLAY_ENC_UTF8 = 0, OUTLAY_ENC_GBK };

/* Limits that keep hostile files from exhausting memory. */
#define OUTLAY_CSV_MAX_FIELD (64 * 1024) /* bytes in one field */
#define OUTLAY_CSV_MAX_COLUMNS 256       /* fields in one row */

typedef struct outlay_csv_reader outlay_csv_reader;

/* One parsed row. Fields are NUL-terminated UTF-8 (already converted from
 * GBK) and valid only until the next call to _next or _close. */
struct outlay_csv_row {
    size_t nfields;
    char **fields;
    long line; /* physical line (1-based) on which the row starts */
};

/* Opens path ("-" for stdin) for reading; a leading UTF-8 BOM is skipped.
 * Free with outlay_csv_reader_close(). OUTLAY_EIO when it cannot be opened
 * (OUTLAY_P_CSV_OPEN: the path and the system error). */
enum outlay_status outlay_csv_reader_open(outlay_csv_reader **r, const char *path,
                                          enum outlay_encoding enc, outlay_err *err);

/* Same, over an open stream the caller keeps owning (not closed by _close). */
enum outlay_status outlay_csv_reader_open_stream(outlay_csv_reader **r, FILE *fp, const char *name,
                                                 enum outlay_encoding enc, outlay_err *err);

/* Next row: returns 1 with *row filled, 0 at end of file, -1 on error with
 * err set: err->file the name, err->line the line, and the problem, one of
 * OUTLAY_P_CSV_* (a quote never closed, a stray quote, a field longer than
 * OUTLAY_CSV_MAX_FIELD, too many columns, invalid UTF-8 — perhaps GBK —,
 * bytes that are not GBK, a NUL byte, a byte order mark that does not fit)
 * or OUTLAY_P_FILE_READ. Empty lines are skipped. After -1 the reader is
 * finished: further calls return -1. */
int outlay_csv_reader_next(outlay_csv_reader *r, struct outlay_csv_row *row, outlay_err *err);

/* For tests: read the file `bytes` at a time (default 64 KiB) so that every
 * chunk boundary is exercised. Call before the first _next. */
void outlay_csv_reader_set_chunk(outlay_csv_reader *r, size_t bytes);

/* Closes and frees; NULL is fine. */
void outlay_csv_reader_close(outlay_csv_reader *r);

/* Writes one CSV row (RFC 4180, quoting only when needed, "\n" line end) to
 * fp. A cell whose is_number[i] is 0 (or is_number NULL) and that begins
 * with '=', '+', '-', '@', tab or CR, after any run of "'", gets a leading
 * "'" (SPEC §5): "=x" -> "'=x", "'=x" -> "''=x". NULL cells are written
 * empty. Returns OUTLAY_EIO on a write error. */
enum outlay_status outlay_csv_write_row(FILE *fp, const char *const *cells, const int *is_number,
                                        size_t n);

/* Removes the one leading "'" that outlay_csv_write_row adds (SPEC §5), in
 * place: "'=1+1" -> "=1+1", "''=x" -> "'=x"; anything else ("'x", "'") is
 * unchanged. So unmark(written cell) is the cell, for every text. Returns s. */
char *outlay_csv_unmark(char *s);

#endif
