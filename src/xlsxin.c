/* xlsxin: rows out of an .xlsx sheet (SPEC §15).
 *
 * The archive is opened with libzip; each XML part is inflated as libxml2's
 * pull parser (xmlTextReader) asks for bytes, so nothing but the shared
 * strings and one row is ever held. Every entry is read through a counter
 * that stops at a bound: an entry that inflates past it is refused (a zip
 * bomb), as is a shared string table past its size or count bound.
 *
 * Cells are taken as the XML writes them: a number is the text of <v>
 * (never through a double: "0.1" stays "0.1"), a shared string (t="s") is
 * looked up, an inline string (t="inlineStr") and a formula's cached text
 * (t="str") are read as text, a boolean is TRUE or FALSE. A cell with a
 * formula (<f>) is refused: its value is whatever the writer last computed.
 * In the columns the importer marks as dates, a whole number is a serial
 * date and becomes YYYY-MM-DD. */
#include "outlay/xlsxin.h"

#include <errno.h>
#include <libxml/xmlreader.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "outlay/text.h"

static uint64_t limit_sheet = OUTLAY_XLSX_MAX_SHEET;
static uint64_t limit_strings = OUTLAY_XLSX_MAX_STRINGS;

void outlay_xlsx_set_limits(uint64_t sheet, uint64_t strings)
{
    limit_sheet = sheet ? sheet : OUTLAY_XLSX_MAX_SHEET;
    limit_strings = strings ? strings : OUTLAY_XLSX_MAX_STRINGS;
}

/* One zip entry being inflated for libxml2, with its bound. */
struct entry {
    zip_file_t *zf;
    const char *name;
    uint64_t read, limit;
    int too_big, zip_error;
};

/* One libxml2 parser over an entry, and its first error: a pull parser
 * (the workbook's small parts and the shared strings) or a SAX2 push
 * parser (the sheet, which may hold a million rows). */
struct xml {
    struct entry e;
    xmlTextReaderPtr rd;
    xmlParserCtxtPtr ctx;
    int err_code, err_line;
};

/* A cell as the sheet's XML holds it: its column, type and formula flag,
 * and its value's text at off in the queue's text (NUL-terminated). */
struct raw_cell {
    long col;
    char type[16];
    int formula;
    size_t off, len;
};

/* A row the parser finished, waiting to be handed out: its cells. */
struct raw_row {
    long row_no;
    size_t first, n;
};

/* What the SAX2 callbacks build from the sheet: the rows of the chunks
 * parsed so far that were not handed out yet, the row and the cell being
 * read, and the first problem found in a callback. The queue holds what
 * one chunk of XML holds (values, not yet looked up), so it is bounded by
 * the chunk, as the pull parser's tree was by a row. */
struct sheet_sax {
    struct raw_row *rows;
    size_t nrows, caprows, head;
    struct raw_cell *cells;
    size_t ncells, capcells;
    char *text;
    size_t text_len, text_cap;
    /* the row being read: its cells from row_first, its text from row_text */
    size_t row_first, row_text;
    long row_no, next_col;
    int in_row, in_cell, in_v, in_t, in_rph, eof, nomem;
    struct raw_cell cur;
    /* a value past the field's bound: where, and the parser stopped */
    int too_long;
    long bad_row, bad_col;
};

struct outlay_xlsx_reader {
    zip_t *zip;
    char path[256];
    int date1904;
    /* shared strings: NUL-terminated, one after another */
    char *strings;
    size_t strings_len, strings_cap;
    size_t *offsets;
    size_t nstrings, offsets_cap;
    /* the sheet */
    char sheet_entry[512];
    struct xml sheet;
    struct sheet_sax sax;
    int done, failed;
    outlay_err last; /* the problem that finished the reader */
    unsigned char dates[OUTLAY_CSV_MAX_COLUMNS];
    /* the row being handed out */
    char *cells[OUTLAY_CSV_MAX_COLUMNS];
    size_t cell_len[OUTLAY_CSV_MAX_COLUMNS], cell_cap[OUTLAY_CSV_MAX_COLUMNS];
    char *fields[OUTLAY_CSV_MAX_COLUMNS];
    size_t nfields;
    long row_no;
};

int outlay_xlsx_serial_date(long serial, int date1904, char out[11])
{
    long days; /* since 1970-01-01 */
    if (date1904) {
        if (serial < 0 || serial > 2957003)
            return -1;
        days = serial - 24107; /* 1904-01-01 */
    } else {
        if (serial < 1 || serial > 2958465)
            return -1;
        if (serial == 60) { /* Lotus's leap day, kept by Excel */
            memcpy(out, "1900-02-29", 11);
            return 0;
        }
        days = serial < 60 ? serial - 25568 : serial - 25569;
    }
    /* civil_from_days (H. Hinnant) */
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    /* y is 1900..9999, m 1..12, d 1..31 within the bounds above */
    long v[3] = {y, m, d};
    int w[3] = {4, 2, 2}, o = 0;
    for (int i = 0; i < 3; i++) {
        for (int k = w[i] - 1; k >= 0; k--, v[i] /= 10)
            out[o + k] = (char)('0' + v[i] % 10);
        o += w[i];
        if (i < 2)
            out[o++] = '-';
    }
    out[10] = 0;
    return 0;
}

int outlay_xlsx_looks(const char *path)
{
    if (!path || strcmp(path, "-") == 0)
        return 0;
    size_t n = strlen(path);
    if (n >= 5 && strcasecmp(path + n - 5, ".xlsx") == 0)
        return 1;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return 0;
    unsigned char head[4] = {0};
    size_t got = fread(head, 1, 4, fp);
    fclose(fp);
    return got == 4 && memcmp(head, "PK\3\4", 4) == 0;
}

static int entry_read(void *ctx, char *buf, int len)
{
    struct entry *e = ctx;
    if (e->read >= e->limit) {
        /* one byte past the bound tells a bomb from an entry that fits */
        char c;
        if (zip_fread(e->zf, &c, 1) > 0)
            e->too_big = 1;
        return e->too_big ? -1 : 0;
    }
    uint64_t room = e->limit - e->read;
    if ((uint64_t)len > room)
        len = (int)room;
    zip_int64_t got = zip_fread(e->zf, buf, (zip_uint64_t)len);
    if (got < 0) {
        e->zip_error = 1;
        return -1;
    }
    e->read += (uint64_t)got;
    return (int)got;
}

static int entry_close(void *ctx)
{
    (void)ctx; /* closed by xml_close: the counters outlive the parser */
    return 0;
}

static void xml_error(void *arg, xmlErrorPtr error)
{
    struct xml *x = arg;
    if (!x->err_code && error && error->level >= XML_ERR_ERROR) {
        x->err_code = error->code ? error->code : -1;
        x->err_line = error->line;
    }
}

static void no_generic_error(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* Opens entry name for pull parsing; 0, or -1 when the archive has no such
 * entry (*missing = 1) or it cannot be opened. */
static int xml_open(outlay_xlsx_reader *r, struct xml *x, const char *name, uint64_t limit,
                    int *missing)
{
    memset(x, 0, sizeof *x);
    *missing = 0;
    zip_int64_t idx = zip_name_locate(r->zip, name, 0);
    if (idx < 0) {
        *missing = 1;
        return -1;
    }
    x->e.zf = zip_fopen_index(r->zip, (zip_uint64_t)idx, 0);
    if (!x->e.zf)
        return -1;
    x->e.name = name;
    x->e.limit = limit;
    xmlSetGenericErrorFunc(NULL, no_generic_error);
    x->rd = xmlReaderForIO(entry_read, entry_close, &x->e, name, NULL, XML_PARSE_NONET);
    if (!x->rd) {
        zip_fclose(x->e.zf);
        x->e.zf = NULL;
        return -1;
    }
    xmlTextReaderSetStructuredErrorHandler(x->rd, xml_error, x);
    return 0;
}

static void xml_close(struct xml *x)
{
    if (x->rd)
        xmlFreeTextReader(x->rd);
    if (x->ctx)
        xmlFreeParserCtxt(x->ctx);
    if (x->e.zf)
        zip_fclose(x->e.zf);
    memset(x, 0, sizeof *x);
}

/* The problem of a parser that returned -1. */
static int xml_fail(outlay_xlsx_reader *r, struct xml *x, outlay_err *err)
{
    if (x->e.too_big)
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_XLSX_TOO_BIG, OUTLAY_A_TEXT(r->path),
                    OUTLAY_A_TEXT(x->e.name), OUTLAY_A_INT(x->e.limit >> 20));
    else if (x->e.zip_error)
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_XLSX_DAMAGED_ENTRY, OUTLAY_A_TEXT(r->path),
                    OUTLAY_A_TEXT(x->e.name));
    else if (x->err_code == XML_ERR_INVALID_CHAR || x->err_code == XML_ERR_INVALID_ENCODING ||
             x->err_code == XML_ERR_UNKNOWN_ENCODING)
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_XLSX_NOT_UTF8, OUTLAY_A_TEXT(r->path),
                    OUTLAY_A_TEXT(x->e.name));
    else if (x->err_code == XML_ERR_NO_MEMORY)
        outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    else
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_XLSX_BAD_XML, OUTLAY_A_TEXT(r->path),
                    OUTLAY_A_TEXT(x->e.name), OUTLAY_A_INT(x->err_line));
    snprintf(err->file, sizeof err->file, "%s", r->path);
    return -1;
}

/* The element's local name is n (namespaces aside). */
static int is(xmlTextReaderPtr rd, const char *n)
{
    const xmlChar *ln = xmlTextReaderConstLocalName(rd);
    return ln && strcmp((const char *)ln, n) == 0;
}

static char *attr(xmlTextReaderPtr rd, const char *name)
{
    return (char *)xmlTextReaderGetAttribute(rd, (const xmlChar *)name);
}

/* An attribute in the relationships namespace (r:id). */
static char *rel_attr(xmlTextReaderPtr rd, const char *name)
{
    xmlChar *v = xmlTextReaderGetAttributeNs(
        rd, (const xmlChar *)name,
        (const xmlChar *)"http://schemas.openxmlformats.org/officeDocument/2006/relationships");
    if (!v) /* strict OOXML */
        v = xmlTextReaderGetAttributeNs(
            rd, (const xmlChar *)name,
            (const xmlChar *)"http://purl.oclc.org/ooxml/officeDocument/relationships");
    return (char *)v;
}

static int text_node(int type)
{
    return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
           type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

/* xl/workbook.xml: the r:id of the first sheet or of the one named want;
 * the 1904 date system. 0, or -1 with err set. */
static int read_workbook(outlay_xlsx_reader *r, const char *want, char **rid, outlay_err *err)
{
    struct xml x;
    int missing, got;
    *rid = NULL;
    if (xml_open(r, &x, "xl/workbook.xml", OUTLAY_XLSX_MAX_SMALL, &missing) < 0) {
        if (missing)
            outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_XLSX_NO_WORKBOOK, OUTLAY_A_TEXT(r->path));
        else
            outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_XLSX_DAMAGED_ENTRY, OUTLAY_A_TEXT(r->path),
                        OUTLAY_A_TEXT("xl/workbook.xml"));
        return -1;
    }
    while ((got = xmlTextReaderRead(x.rd)) == 1) {
        if (xmlTextReaderNodeType(x.rd) != XML_READER_TYPE_ELEMENT)
            continue;
        if (is(x.rd, "workbookPr")) {
            char *d = attr(x.rd, "date1904");
            r->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
            xmlFree(d);
        } else if (is(x.rd, "sheet") && !*rid) {
            char *name = attr(x.rd, "name");
            if (!want || (name && strcmp(name, want) == 0))
                *rid = rel_attr(x.rd, "id");
            xmlFree(name);
        }
    }
    int rc = 0;
    if (got < 0) {
        rc = xml_fail(r, &x, err);
    } else if (!*rid) {
        if (want)
            outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_XLSX_NO_SHEET, OUTLAY_A_TEXT(r->path),
                        OUTLAY_A_INPUT(want));
        else
            outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_XLSX_NO_WORKBOOK, OUTLAY_A_TEXT(r->path));
        rc = -1;
    }
    xml_close(&x);
    return rc;
}

/* A relationship target, relative to xl/, as an entry name. */
static void target_entry(const char *target, char *out, size_t n)
{
    if (target[0] == '/')
        snprintf(out, n, "%s", target + 1);
    else
        snprintf(out, n, "xl/%s", target);
}

/* xl/_rels/workbook.xml.rels: the sheet's entry (rid's target) and the
 * shared strings' entry ("" when none). */
static int read_rels(outlay_xlsx_reader *r, const char *rid, char *strings, size_t n,
                     outlay_err *err)
{
    struct xml x;
    int missing, got;
    strings[0] = 0;
    r->sheet_entry[0] = 0;
    if (xml_open(r, &x, "xl/_rels/workbook.xml.rels", OUTLAY_XLSX_MAX_SMALL, &missing) < 0) {
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_XLSX_DAMAGED_ENTRY, OUTLAY_A_TEXT(r->path),
                    OUTLAY_A_TEXT("xl/_rels/workbook.xml.rels"));
        return -1;
    }
    while ((got = xmlTextReaderRead(x.rd)) == 1) {
        if (xmlTextReaderNodeType(x.rd) != XML_READER_TYPE_ELEMENT || !is(x.rd, "Relationship"))
            continue;
        char *id = attr(x.rd, "Id"), *type = attr(x.rd, "Type"), *target = attr(x.rd, "Target");
        if (id && target && strcmp(id, rid) == 0)
            target_entry(target, r->sheet_entry, sizeof r->sheet_entry);
        size_t tl = type ? strlen(type) : 0;
        if (target && tl >= 14 && strcmp(type + tl - 14, "/sharedStrings") == 0)
            target_entry(target, strings, n);
        xmlFree(id);
        xmlFree(type);
        xmlFree(target);
    }
    int rc = 0;
    if (got < 0)
        rc = xml_fail(r, &x, err);
    else if (!r->sheet_entry[0]) {
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_XLSX_DAMAGED_ENTRY, OUTLAY_A_TEXT(r->path),
                    OUTLAY_A_TEXT("xl/_rels/workbook.xml.rels"));
        rc = -1;
    }
    xml_close(&x);
    return rc;
}

static int strings_add(outlay_xlsx_reader *r, const char *s, size_t len)
{
    if (r->strings_len + len + 1 > r->strings_cap) {
        size_t cap = r->strings_cap ? r->strings_cap : 4096;
        while (cap < r->strings_len + len + 1)
            cap *= 2;
        char *p = realloc(r->strings, cap);
        if (!p)
            return -1;
        r->strings = p;
        r->strings_cap = cap;
    }
    memcpy(r->strings + r->strings_len, s, len);
    r->strings_len += len;
    r->strings[r->strings_len++] = 0;
    return 0;
}

/* A growing text buffer for one string or cell. */
struct buf {
    char *p;
    size_t len, cap;
};

static int buf_add(struct buf *b, const char *s, size_t n, size_t max)
{
    if (b->len + n > max)
        return 1;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p)
            return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
    return 0;
}

/* xl/sharedStrings.xml: every <si>'s text (its <t>s, not the phonetic
 * <rPh> runs), held, within the size and count bounds. */
static int read_strings(outlay_xlsx_reader *r, const char *entry, outlay_err *err)
{
    struct xml x;
    int missing, got, in_si = 0, in_t = 0, in_rph = 0, rc = 0;
    struct buf b = {0};
    if (!entry[0])
        return 0;
    if (xml_open(r, &x, entry, limit_strings, &missing) < 0) {
        if (missing)
            return 0; /* a workbook with no text at all */
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_XLSX_DAMAGED_ENTRY, OUTLAY_A_TEXT(r->path),
                    OUTLAY_A_TEXT(entry));
        return -1;
    }
    while (rc == 0 && (got = xmlTextReaderRead(x.rd)) == 1) {
        int type = xmlTextReaderNodeType(x.rd);
        if (type == XML_READER_TYPE_ELEMENT) {
            int empty = xmlTextReaderIsEmptyElement(x.rd);
            if (is(x.rd, "si")) {
                in_si = 1;
                b.len = 0;
                if (buf_add(&b, "", 0, SIZE_MAX) < 0)
                    rc = -2;
            } else if (is(x.rd, "rPh") && !empty) {
                in_rph = 1;
            } else if (is(x.rd, "t") && !empty) {
                in_t = 1;
            }
            if (in_si && empty && is(x.rd, "si"))
                type = XML_READER_TYPE_END_ELEMENT; /* <si/> ends here */
        }
        if (type == XML_READER_TYPE_END_ELEMENT) {
            if (is(x.rd, "t"))
                in_t = 0;
            else if (is(x.rd, "rPh"))
                in_rph = 0;
            else if (is(x.rd, "si") && in_si) {
                in_si = 0;
                if (r->nstrings >= OUTLAY_XLSX_MAX_STRING_COUNT) {
                    outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_XLSX_MANY_STRINGS,
                                OUTLAY_A_TEXT(r->path), OUTLAY_A_INT(OUTLAY_XLSX_MAX_STRING_COUNT));
                    rc = -1;
                    break;
                }
                if (r->nstrings == r->offsets_cap) {
                    size_t cap = r->offsets_cap ? r->offsets_cap * 2 : 256;
                    size_t *p = realloc(r->offsets, cap * sizeof *p);
                    if (!p) {
                        rc = -2;
                        break;
                    }
                    r->offsets = p;
                    r->offsets_cap = cap;
                }
                r->offsets[r->nstrings++] = r->strings_len;
                if (strings_add(r, b.p ? b.p : "", b.len) < 0)
                    rc = -2;
            }
        } else if (text_node(type) && in_si && in_t && !in_rph) {
            const char *v = (const char *)xmlTextReaderConstValue(x.rd);
            if (v && buf_add(&b, v, strlen(v), SIZE_MAX) < 0)
                rc = -2;
        }
    }
    if (rc == -2)
        outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    else if (rc == 0 && got < 0)
        rc = xml_fail(r, &x, err);
    free(b.p);
    xml_close(&x);
    return rc < 0 ? -1 : 0;
}

static int sheet_open(outlay_xlsx_reader *r, int *missing);

enum outlay_status outlay_xlsx_reader_open(outlay_xlsx_reader **out, const char *path,
                                           const char *sheet, outlay_err *err)
{
    *out = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_CSV_OPEN, OUTLAY_A_TEXT(path),
                           OUTLAY_A_ERRNO(errno));
    unsigned char head[4] = {0};
    size_t got = fread(head, 1, 4, fp);
    fclose(fp);
    if (got < 4 || memcmp(head, "PK\3\4", 4) != 0)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_XLSX_NOT_ZIP, OUTLAY_A_TEXT(path));
    outlay_xlsx_reader *r = calloc(1, sizeof *r);
    if (!r)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    snprintf(r->path, sizeof r->path, "%s", path);
    int zerr = 0;
    r->zip = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
    if (!r->zip) {
        outlay_xlsx_reader_close(r);
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_XLSX_DAMAGED, OUTLAY_A_TEXT(path));
    }
    char *rid = NULL, strings[512];
    int missing;
    if (read_workbook(r, sheet, &rid, err) < 0 ||
        read_rels(r, rid, strings, sizeof strings, err) < 0 || read_strings(r, strings, err) < 0 ||
        sheet_open(r, &missing) < 0) {
        if (err->code == OUTLAY_P_NONE)
            outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_XLSX_DAMAGED_ENTRY, OUTLAY_A_TEXT(path),
                        OUTLAY_A_TEXT(r->sheet_entry));
        xmlFree(rid);
        outlay_xlsx_reader_close(r);
        return err->status;
    }
    xmlFree(rid);
    *out = r;
    return OUTLAY_OK;
}

void outlay_xlsx_reader_date_column(outlay_xlsx_reader *r, size_t col)
{
    if (r && col < OUTLAY_CSV_MAX_COLUMNS)
        r->dates[col] = 1;
}

void outlay_xlsx_reader_datetime_column(outlay_xlsx_reader *r, size_t col)
{
    if (r && col < OUTLAY_CSV_MAX_COLUMNS)
        r->dates[col] = 2;
}

int outlay_xlsx_serial_datetime(const char *text, int date1904, int with_time, char out[20])
{
    char num[96];
    if (outlay_xlsx_number_text(text, num, sizeof num) != 0)
        return -1;
    const char *p = num;
    long serial = 0;
    int digits = 0;
    for (; *p >= '0' && *p <= '9'; p++, digits++) {
        if (digits >= 9)
            return -1;
        serial = serial * 10 + (*p - '0');
    }
    if (!digits)
        return -1;
    /* the time of day: the fraction of 86,400 seconds, to the nearest */
    long secs = 0;
    if (*p == '.') {
        unsigned __int128 num_frac = 0, den = 1;
        int k = 0;
        for (p++; *p >= '0' && *p <= '9'; p++, k++) {
            if (k >= 30)
                return -1;
            num_frac = num_frac * 10 + (unsigned)(*p - '0');
            den *= 10;
        }
        if (!k)
            return -1;
        secs = (long)((num_frac * 86400 + den / 2) / den);
        if (secs == 86400) { /* 23:59:59.6 and on: the next day */
            secs = 0;
            serial++;
        }
    }
    if (*p || outlay_xlsx_serial_date(serial, date1904, out) != 0)
        return -1;
    if (with_time) {
        unsigned t = (unsigned)secs; /* 0..86399 */
        snprintf(out + 10, 10, " %02u:%02u:%02u", t / 3600 % 24, t / 60 % 60, t % 60);
    }
    return 0;
}

int outlay_xlsx_number_text(const char *in, char *out, size_t n)
{
    enum { KEEP = 15, FAR = 64 };
    const char *p = in;
    int neg = 0, exp_given = 0;
    if (*p == '-' || *p == '+')
        neg = *p++ == '-';
    /* the digits without leading zeros, and where the point falls in them */
    char dig[KEEP + 2];
    int nd = 0, more = 0, any = 0;
    long point = 0, exp10 = 0;
    int after = 0, first_more = -1;
    for (;; p++) {
        if (*p == '.' && !after) {
            after = 1;
            continue;
        }
        if (*p < '0' || *p > '9')
            break;
        any = 1;
        if (nd == 0 && *p == '0') { /* a leading zero: only a place after the point */
            if (after)
                point--;
            continue;
        }
        if (!after)
            point++;
        if (nd < KEEP) {
            dig[nd++] = *p;
        } else {
            if (first_more < 0)
                first_more = *p - '0';
            more = 1;
        }
    }
    if (!any)
        return -1;
    if (*p == 'e' || *p == 'E') {
        p++;
        int eneg = 0;
        if (*p == '-' || *p == '+')
            eneg = *p++ == '-';
        if (*p < '0' || *p > '9')
            return -1;
        for (; *p >= '0' && *p <= '9'; p++)
            if (exp10 < 100000)
                exp10 = exp10 * 10 + (*p - '0');
        exp10 = eneg ? -exp10 : exp10;
        exp_given = 1;
    }
    if (*p)
        return -1;
    if (!more && !exp_given) { /* as written */
        if (strlen(in) + 1 > n)
            return -1;
        memcpy(out, in, strlen(in) + 1);
        return 0;
    }
    /* half away from zero: the first digit dropped decides */
    if (more && first_more >= 5) {
        int k = nd - 1;
        while (k >= 0 && dig[k] == '9')
            dig[k--] = '0';
        if (k >= 0) {
            dig[k]++;
        } else { /* 999...9 -> 1000...0 */
            memmove(dig + 1, dig, (size_t)nd);
            dig[0] = '1';
            if (nd < KEEP)
                nd++;
            point++;
        }
    }
    while (nd > 0 && dig[nd - 1] == '0') /* the places are kept by point */
        nd--;
    point += exp10;
    if (nd == 0) {
        if (n < 2)
            return -1;
        memcpy(out, "0", 2);
        return 0;
    }
    if (point > FAR || point < -FAR)
        return -1;
    /* sign, "0.", zeros before the digits, the digits, zeros after */
    size_t len = (size_t)neg + (point <= 0 ? 2 + (size_t)-point : 0) + (size_t)nd +
                 (point > nd ? (size_t)(point - nd) : 0) + (point > 0 && point < nd);
    if (len + 1 > n)
        return -1;
    size_t o = 0;
    if (neg)
        out[o++] = '-';
    if (point <= 0) {
        out[o++] = '0';
        out[o++] = '.';
        for (long z = point; z < 0; z++)
            out[o++] = '0';
        memcpy(out + o, dig, (size_t)nd);
        o += (size_t)nd;
    } else {
        for (long i = 0; i < (point > nd ? point : nd); i++) {
            if (i == point)
                out[o++] = '.';
            out[o++] = i < nd ? dig[i] : '0';
        }
    }
    out[o] = 0;
    return 0;
}

/* "C7" -> column 2 (0-based); -1 when there are no letters. */
static long column_of_ref(const char *ref)
{
    long col = 0;
    int letters = 0;
    for (; ref && *ref >= 'A' && *ref <= 'Z' && letters < 4; ref++, letters++)
        col = col * 26 + (*ref - 'A' + 1);
    return letters ? col - 1 : -1;
}

/* The cell reference of column col in row: "C7". */
static void cell_ref(long col, long row, char *out, size_t n)
{
    char letters[8];
    int k = 0;
    for (long c = col + 1; c > 0 && k < 7; c = (c - 1) / 26)
        letters[k++] = (char)('A' + (c - 1) % 26);
    size_t o = 0;
    while (k > 0 && o + 1 < n)
        out[o++] = letters[--k];
    snprintf(out + o, n - o, "%ld", row);
}

static int row_fail(outlay_xlsx_reader *r, long col, outlay_err *err)
{
    r->failed = 1;
    snprintf(err->file, sizeof err->file, "%s", r->path);
    err->line = r->row_no;
    if (col >= 0)
        cell_ref(col, r->row_no, err->column, sizeof err->column);
    return -1;
}

/* Stores the cell c, whose text is val, into the row: its value as text. */
static int put_cell(outlay_xlsx_reader *r, const struct raw_cell *c, const char *val,
                    outlay_err *err)
{
    char date[20], number[96];
    if (c->formula) {
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_XLSX_FORMULA);
        return row_fail(r, c->col, err);
    }
    if (strcmp(c->type, "s") == 0) {
        char *end;
        unsigned long long k = strtoull(val, &end, 10);
        if (!*val || *end || k >= r->nstrings) {
            outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_XLSX_STRING_INDEX,
                        OUTLAY_A_INT(k > (unsigned long long)LONG_MAX ? LONG_MAX : (long)k));
            return row_fail(r, c->col, err);
        }
        val = r->strings + r->offsets[k];
    } else if (strcmp(c->type, "b") == 0) {
        val = strcmp(val, "1") == 0 ? "TRUE" : strcmp(val, "0") == 0 ? "FALSE" : val;
    } else if ((!c->type[0] || strcmp(c->type, "n") == 0) && c->col < OUTLAY_CSV_MAX_COLUMNS &&
               r->dates[c->col]) {
        /* a serial date, with the time of day as its fraction (a date
         * column keeps the day; a date-time column both) */
        if (*val >= '0' && *val <= '9' &&
            outlay_xlsx_serial_datetime(val, r->date1904, r->dates[c->col] == 2, date) == 0)
            val = date;
        else if (outlay_xlsx_number_text(val, number, sizeof number) == 0)
            val = number;
    } else if (!c->type[0] || strcmp(c->type, "n") == 0) {
        if (outlay_xlsx_number_text(val, number, sizeof number) == 0)
            val = number;
    }
    if (!*val)
        return 0; /* an empty or styled cell: nothing there */
    if (c->col >= OUTLAY_CSV_MAX_COLUMNS) {
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_CSV_COLUMNS, OUTLAY_A_INT(OUTLAY_CSV_MAX_COLUMNS));
        return row_fail(r, c->col, err);
    }
    size_t n = strlen(val), k = (size_t)c->col;
    if (n > OUTLAY_CSV_MAX_FIELD) {
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_CSV_FIELD_LONG,
                    OUTLAY_A_INT(OUTLAY_CSV_MAX_FIELD));
        return row_fail(r, c->col, err);
    }
    if (n + 1 > r->cell_cap[k]) {
        size_t cap = n + 1 < 64 ? 64 : n + 1;
        char *p = realloc(r->cells[k], cap);
        if (!p) {
            outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
            return row_fail(r, c->col, err);
        }
        r->cells[k] = p;
        r->cell_cap[k] = cap;
    }
    memcpy(r->cells[k], val, n + 1);
    r->cell_len[k] = n;
    if (k + 1 > r->nfields)
        r->nfields = k + 1;
    return 0;
}

static void clear_row(outlay_xlsx_reader *r)
{
    for (size_t k = 0; k < r->nfields; k++)
        r->cell_len[k] = 0;
    r->nfields = 0;
}

static void give_row(outlay_xlsx_reader *r, struct outlay_csv_row *row)
{
    static char empty[OUTLAY_CSV_MAX_COLUMNS][1];
    for (size_t k = 0; k < r->nfields; k++) {
        if (r->cell_len[k]) {
            r->fields[k] = r->cells[k];
        } else {
            empty[k][0] = 0; /* outlay_csv_unmark never writes into "" */
            r->fields[k] = empty[k];
        }
    }
    row->nfields = r->nfields;
    row->fields = r->fields;
    row->line = r->row_no;
}

static int next_row(outlay_xlsx_reader *r, struct outlay_csv_row *row, outlay_err *err);

int outlay_xlsx_reader_next(outlay_xlsx_reader *r, struct outlay_csv_row *row, outlay_err *err)
{
    if (!r)
        return -1;
    if (r->failed) {
        *err = r->last;
        return -1;
    }
    int rc = next_row(r, row, err);
    if (rc < 0) {
        r->failed = 1;
        r->last = *err;
    }
    return rc;
}

/* --- the sheet: SAX2 callbacks ------------------------------------------ */

static int sax_grow(void **v, size_t *cap, size_t need, size_t sz)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *p = realloc(*v, c * sz);
    if (!p)
        return -1;
    *v = p;
    *cap = c;
    return 0;
}

/* Appends n bytes of text (no terminator). */
static int sax_text(struct sheet_sax *q, const char *t, size_t n)
{
    if (sax_grow((void **)&q->text, &q->text_cap, q->text_len + n + 1, 1))
        return -1;
    memcpy(q->text + q->text_len, t, n);
    q->text_len += n;
    return 0;
}

/* An attribute's value in libxml2's SAX2 array (localname, prefix, URI,
 * value, end; 5 each), copied into out; 0 when absent. */
static int sax_attr(const xmlChar **attrs, int n, const char *name, char *out, size_t size)
{
    for (int i = 0; i < n; i++) {
        const xmlChar **a = attrs + 5 * i;
        if (strcmp((const char *)a[0], name) != 0)
            continue;
        size_t len = (size_t)(a[4] - a[3]);
        if (len >= size)
            len = size - 1;
        memcpy(out, a[3], len);
        out[len] = 0;
        return 1;
    }
    return 0;
}

static void sax_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                      int nns, const xmlChar **ns, int nattrs, int ndefaulted,
                      const xmlChar **attrs)
{
    outlay_xlsx_reader *r = ctx;
    struct sheet_sax *q = &r->sax;
    const char *n = (const char *)local;
    char v[64];
    (void)prefix, (void)uri, (void)nns, (void)ns, (void)ndefaulted;
    if (!strcmp(n, "row")) {
        q->row_no = sax_attr(attrs, nattrs, "r", v, sizeof v) ? strtol(v, NULL, 10) : q->row_no + 1;
        q->next_col = 0;
        q->in_row = 1;
    } else if (q->in_row && !strcmp(n, "c")) {
        struct raw_cell *c = &q->cur;
        long col = sax_attr(attrs, nattrs, "r", v, sizeof v) ? column_of_ref(v) : -1;
        c->col = col >= 0 ? col : q->next_col;
        q->next_col = c->col + 1;
        if (!sax_attr(attrs, nattrs, "t", c->type, sizeof c->type))
            c->type[0] = 0;
        c->formula = 0;
        c->off = q->text_len;
        c->len = 0;
        q->in_cell = 1;
        q->in_v = q->in_t = q->in_rph = 0;
    } else if (q->in_cell) {
        if (!strcmp(n, "f"))
            q->cur.formula = 1;
        else if (!strcmp(n, "v"))
            q->in_v = 1;
        else if (!strcmp(n, "rPh"))
            q->in_rph = 1;
        else if (!strcmp(n, "t"))
            q->in_t = 1;
    }
}

static void sax_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    outlay_xlsx_reader *r = ctx;
    struct sheet_sax *q = &r->sax;
    const char *n = (const char *)local;
    (void)prefix, (void)uri;
    if (q->in_cell && !strcmp(n, "v")) {
        q->in_v = 0;
    } else if (q->in_cell && !strcmp(n, "t")) {
        q->in_t = 0;
    } else if (q->in_cell && !strcmp(n, "rPh")) {
        q->in_rph = 0;
    } else if (q->in_cell && !strcmp(n, "c")) {
        q->in_cell = 0;
        if (sax_text(q, "", 1) ||
            sax_grow((void **)&q->cells, &q->capcells, q->ncells + 1, sizeof *q->cells)) {
            q->nomem = 1;
            xmlStopParser(r->sheet.ctx);
            return;
        }
        q->cells[q->ncells++] = q->cur;
    } else if (q->in_row && !strcmp(n, "row")) {
        q->in_row = 0;
        if (sax_grow((void **)&q->rows, &q->caprows, q->nrows + 1, sizeof *q->rows)) {
            q->nomem = 1;
            xmlStopParser(r->sheet.ctx);
            return;
        }
        q->rows[q->nrows++] = (struct raw_row){
            .row_no = q->row_no, .first = q->row_first, .n = q->ncells - q->row_first};
        q->row_first = q->ncells;
        q->row_text = q->text_len;
    }
}

static void sax_chars(void *ctx, const xmlChar *ch, int len)
{
    outlay_xlsx_reader *r = ctx;
    struct sheet_sax *q = &r->sax;
    struct raw_cell *c = &q->cur;
    if (!q->in_cell || q->too_long || q->nomem ||
        !(q->in_v || (q->in_t && !q->in_rph && strcmp(c->type, "inlineStr") == 0)))
        return;
    if (c->len + (size_t)len > OUTLAY_CSV_MAX_FIELD) {
        q->too_long = 1;
        q->bad_row = q->row_no;
        q->bad_col = c->col;
        xmlStopParser(r->sheet.ctx);
        return;
    }
    if (sax_text(q, (const char *)ch, (size_t)len)) {
        q->nomem = 1;
        xmlStopParser(r->sheet.ctx);
        return;
    }
    c->len += (size_t)len;
}

static void sax_error(void *arg, xmlErrorPtr error)
{
    outlay_xlsx_reader *r = arg;
    xml_error(&r->sheet, error);
}

/* Opens the sheet's entry under a SAX2 push parser; 0 or -1. */
static int sheet_open(outlay_xlsx_reader *r, int *missing)
{
    struct xml *x = &r->sheet;
    memset(x, 0, sizeof *x);
    *missing = 0;
    zip_int64_t idx = zip_name_locate(r->zip, r->sheet_entry, 0);
    if (idx < 0) {
        *missing = 1;
        return -1;
    }
    if (!(x->e.zf = zip_fopen_index(r->zip, (zip_uint64_t)idx, 0)))
        return -1;
    x->e.name = r->sheet_entry;
    x->e.limit = limit_sheet;
    /* Only these: libxml2's default handlers build a tree (and take the
     * parser, not r, as their context); entities and character references
     * are expanded by the parser itself. */
    static xmlSAXHandler sax = {.startElementNs = sax_start,
                                .endElementNs = sax_end,
                                .characters = sax_chars,
                                .cdataBlock = sax_chars,
                                .ignorableWhitespace = sax_chars,
                                .serror = sax_error,
                                .initialized = XML_SAX2_MAGIC};
    xmlSetGenericErrorFunc(NULL, no_generic_error);
    x->ctx = xmlCreatePushParserCtxt(&sax, r, NULL, 0, r->sheet_entry);
    if (!x->ctx)
        return -1;
    xmlCtxtUseOptions(x->ctx, XML_PARSE_NONET);
    return 0;
}

/* Drops the rows handed out, keeping the row being read (its cells and
 * text move to the front). */
static void sax_compact(struct sheet_sax *q)
{
    size_t nc = q->ncells - q->row_first, nt = q->text_len - q->row_text;
    if (nc)
        memmove(q->cells, q->cells + q->row_first, nc * sizeof *q->cells);
    for (size_t i = 0; i < nc; i++)
        q->cells[i].off -= q->row_text;
    if (q->in_cell)
        q->cur.off -= q->row_text;
    if (nt)
        memmove(q->text, q->text + q->row_text, nt);
    q->ncells = nc;
    q->text_len = nt;
    q->row_first = q->row_text = 0;
    q->nrows = q->head = 0;
}

/* Parses the next chunk of the sheet: 0, or -1 when reading the entry or
 * the parser failed (the problem in r->sheet). */
static int sax_feed(outlay_xlsx_reader *r)
{
    char buf[1 << 16];
    struct sheet_sax *q = &r->sax;
    sax_compact(q);
    int got = entry_read(&r->sheet.e, buf, (int)sizeof buf);
    if (got < 0)
        return -1;
    if (got == 0)
        q->eof = 1;
    int rc = xmlParseChunk(r->sheet.ctx, buf, got, got == 0);
    if (rc != 0 && !r->sheet.err_code && !q->too_long && !q->nomem)
        r->sheet.err_code = rc;
    return 0;
}

static int next_row(outlay_xlsx_reader *r, struct outlay_csv_row *row, outlay_err *err)
{
    struct sheet_sax *q = &r->sax;
    for (;;) {
        while (q->head < q->nrows) {
            const struct raw_row *rr = &q->rows[q->head++];
            clear_row(r);
            r->row_no = rr->row_no;
            for (size_t i = 0; i < rr->n; i++) {
                const struct raw_cell *c = &q->cells[rr->first + i];
                if (put_cell(r, c, q->text + c->off, err) < 0)
                    return -1;
            }
            if (r->nfields > 0) {
                give_row(r, row);
                return 1;
            }
        }
        /* every row before a problem is handed out first */
        if (q->nomem)
            return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM), -1;
        if (q->too_long) {
            r->row_no = q->bad_row;
            outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_CSV_FIELD_LONG,
                        OUTLAY_A_INT(OUTLAY_CSV_MAX_FIELD));
            return row_fail(r, q->bad_col, err);
        }
        if (r->sheet.err_code || r->sheet.e.too_big || r->sheet.e.zip_error) {
            /* named by the row the parser was in (or had last read) */
            r->failed = 1;
            xml_fail(r, &r->sheet, err);
            err->line = q->row_no;
            return -1;
        }
        if (q->eof) {
            r->done = 1;
            return 0;
        }
        if (sax_feed(r) < 0 && !r->sheet.e.too_big && !r->sheet.e.zip_error)
            r->sheet.e.zip_error = 1;
    }
}

void outlay_xlsx_reader_close(outlay_xlsx_reader *r)
{
    if (!r)
        return;
    xml_close(&r->sheet);
    free(r->sax.rows);
    free(r->sax.cells);
    free(r->sax.text);
    if (r->zip)
        zip_discard(r->zip);
    free(r->strings);
    free(r->offsets);
    for (size_t k = 0; k < OUTLAY_CSV_MAX_COLUMNS; k++)
        free(r->cells[k]);
    free(r);
}
