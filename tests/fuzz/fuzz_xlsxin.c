/*
 * fuzz_xlsxin: the xlsx row reader (SPEC §15) on arbitrary bytes.
 *
 * Input: one selector byte, then the data. Selector bit 0 clear: the data is
 * the whole .xlsx file (archive damage, zip structure). Bit 0 set: the data
 * is the sheet XML inside a well-formed workbook made here with libzip (bit 1
 * set: the data is the shared strings part instead, with a sheet that looks
 * up strings 0..3), so the XML reading is exercised past the inflater.
 * Bits 2-7: the date column.
 *
 * The reader is run twice over the file and must give the same rows, lines
 * and final problem both times. Every row obeys csvio.h's limits (at most
 * OUTLAY_CSV_MAX_COLUMNS fields of at most OUTLAY_CSV_MAX_FIELD bytes); every
 * field is valid UTF-8; after an error or the end the reader stays there.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "outlay/text.h"
#include "outlay/xlsxin.h"

static char dir[64], path[128];

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static void add(zip_t *z, const char *name, const void *p, size_t n)
{
    zip_source_t *s = zip_source_buffer(z, p, n, 0);
    if (!s || zip_file_add(z, name, s, 0) < 0)
        abort();
}

static void write_book(const uint8_t *data, size_t n, int strings)
{
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!z)
        abort();
    static const char wb[] =
        "<workbook " NS " xmlns:r=\"" REL "\"><workbookPr date1904=\"0\"/><sheets>"
        "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    static const char rels[] =
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"" REL "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
        "<Relationship Id=\"rId2\" Type=\"" REL "sharedStrings\" Target=\"sharedStrings.xml\"/>"
        "</Relationships>";
    static const char sheet[] =
        "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
        "<c r=\"B1\" t=\"s\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c>"
        "<c r=\"C2\" t=\"s\"><v>3</v></c><c "
        "r=\"D2\"><v>46167</v></c></row></sheetData></worksheet>";
    add(z, "xl/workbook.xml", wb, sizeof wb - 1);
    add(z, "xl/_rels/workbook.xml.rels", rels, sizeof rels - 1);
    if (strings) {
        add(z, "xl/worksheets/sheet1.xml", sheet, sizeof sheet - 1);
        add(z, "xl/sharedStrings.xml", data, n);
    } else {
        add(z, "xl/worksheets/sheet1.xml", data, n);
    }
    if (zip_close(z) < 0)
        abort();
}

/* The rows and the final problem as one text. */
static char *read_all(int date_col)
{
    outlay_xlsx_reader *r = NULL;
    outlay_err err = {0};
    struct outlay_csv_row row;
    char *out = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&out, &len);
    if (!o)
        abort();
    if (outlay_xlsx_reader_open(&r, path, NULL, &err) != OUTLAY_OK) {
        if (r || err.code == OUTLAY_P_NONE)
            abort();
        fprintf(o, "open %d", (int)err.code);
        fclose(o);
        return out;
    }
    outlay_xlsx_reader_date_column(r, (size_t)date_col);
    int rc;
    while ((rc = outlay_xlsx_reader_next(r, &row, &err)) == 1) {
        if (row.nfields == 0 || row.nfields > OUTLAY_CSV_MAX_COLUMNS)
            abort();
        fprintf(o, "%ld:", row.line);
        for (size_t i = 0; i < row.nfields; i++) {
            size_t n = strlen(row.fields[i]);
            if (n > OUTLAY_CSV_MAX_FIELD || !outlay_utf8_valid(row.fields[i], n))
                abort();
            fprintf(o, "%s\x1f", row.fields[i]);
        }
        fputc('\n', o);
    }
    if (rc < 0) {
        if (err.code == OUTLAY_P_NONE)
            abort();
        fprintf(o, "E%ld %s %d", err.line, err.column, (int)err.code);
    }
    outlay_err again = {0};
    if (outlay_xlsx_reader_next(r, &row, &again) != (rc < 0 ? -1 : 0))
        abort();
    outlay_xlsx_reader_close(r);
    fclose(o);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "%s/fuzz-xlsxin-XXXXXX",
                 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        if (!mkdtemp(dir))
            abort();
        snprintf(path, sizeof path, "%s/in.xlsx", dir);
    }
    if (size < 1)
        return 0;
    int sel = data[0];
    data++;
    size--;
    if (sel & 1) {
        write_book(data, size, sel & 2);
    } else {
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
            abort();
    }
    char *a = read_all(sel >> 2), *b = read_all(sel >> 2);
    if (strcmp(a, b) != 0)
        abort();
    free(a);
    free(b);
    return 0;
}
