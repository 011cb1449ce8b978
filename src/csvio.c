/* csvio: streaming CSV reader over libcsv (UTF-8, or GBK through iconv) and
 * the RFC 4180 writer with the formula-injection mark (SPEC §5).
 *
 * Reading. libcsv is push-based and reports no positions, so the reader feeds
 * it in pieces that end at each CR or LF: within one piece the physical line
 * is constant, at most one row can end in it (only at its last byte), and the
 * line on which a row or field starts is known by looking at the parser's
 * state after each piece. A row is therefore handed out as soon as the piece
 * that ends it is parsed; nothing is queued and memory is bounded by the chunk
 * size plus one row (at most OUTLAY_CSV_MAX_COLUMNS fields of at most
 * OUTLAY_CSV_MAX_FIELD bytes), whatever the file size.
 *
 * Parsing choices: CSV_STRICT (a stray quote is an error, not data),
 * CSV_STRICT_FINI (a quoted field still open at end of file is an error, not a
 * silently accepted field), CSV_APPEND_NULL, and not CSV_EMPTY_IS_NULL (an
 * empty field is "", never NULL). libcsv trims spaces and tabs around
 * unquoted fields by default; RFC 4180 says spaces are part of a field, so
 * the reader installs a space function that matches nothing and keeps them. */
#include "outlay/csvio.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/text.h"

#define DEFAULT_CHUNK (64 * 1024)

/* libcsv.c's parser states (csv.h does not export them; unchanged since
 * libcsv 3.0): 0 no field of the row seen, 1 between fields, 2 and 3 inside a
 * field. */
#define LIBCSV_ROW_NOT_BEGUN 0
#define LIBCSV_FIELD_NOT_BEGUN 1

/* Largest entry buffer libcsv may hold: the field, the closing quote of a
 * quoted field (kept until the next byte shows it was not doubled), the NUL
 * of CSV_APPEND_NULL, and one byte because libcsv grows its buffer before it
 * looks at the next byte. Growing past it fails with CSV_ENOMEM, which the
 * reader reports as a field too long; a field of MAX + 1 bytes that still
 * fits is caught in on_field. */
#define FIELD_BUF_CAP ((size_t)OUTLAY_CSV_MAX_FIELD + 3)

struct outlay_csv_reader {
    FILE *fp;
    int own_fp;
    char *name;
    enum outlay_encoding enc;
    iconv_t cd;
    struct csv_parser parser;
    int parser_ready;

    size_t chunk; /* bytes asked of fread at a time */
    char *raw;    /* GBK bytes not converted yet (a cut character) */
    size_t rlen, rcap;
    char *data; /* UTF-8 bytes not parsed yet: data[dpos..dlen) */
    size_t dpos, dlen, dcap;
    int started; /* the first bytes (BOMs) have been looked at */
    int eof;
    int bad_gbk; /* conversion stopped at bytes that are not GBK */
    int done;    /* end of file reached and reported */
    int failed;

    long line;       /* physical line of the next byte to parse */
    int last_cr;     /* last byte parsed was CR (CRLF is one break) */
    long row_line;   /* line the row being parsed starts on, or 0 */
    long field_line; /* line the field being parsed starts on, or 0 */

    char *buf; /* fields of the current row, NUL-terminated */
    size_t blen, bcap;
    size_t offs[OUTLAY_CSV_MAX_COLUMNS];
    char *fields[OUTLAY_CSV_MAX_COLUMNS];
    size_t nfields;
    int row_ready;
    long ready_line;

    outlay_err err; /* the error once failed; copied to each caller */
};

/* Realloc for libcsv that refuses to grow a field buffer past FIELD_BUF_CAP:
 * without it a 10 GB field would be buffered whole. */
static void *capped_realloc(void *p, size_t n)
{
    if (n > FIELD_BUF_CAP)
        return NULL;
    return realloc(p, n);
}

/* RFC 4180: spaces are data. */
static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

/* Takes the reader's one error for the file's `line`: 0 when it has one
 * already. */
static int claim(outlay_csv_reader *r, long line)
{
    if (r->failed)
        return 0;
    r->failed = 1;
    outlay_err_clear(&r->err);
    snprintf(r->err.file, sizeof r->err.file, "%s", r->name);
    r->err.line = line;
    return 1;
}

/* Records the first error, at `line`: status s and a problem (a code and
 * its arguments, as for outlay_fail); the reader is finished after it.
 *
 *     fail(r, OUTLAY_EINVAL, line, OUTLAY_P_CSV_COLUMNS, OUTLAY_A_INT(256));
 */
#define fail(r, s, line, ...)                                                                      \
    (claim((r), (line)) ? (void)outlay_fail(&(r)->err, (s), __VA_ARGS__) : (void)0)

/* libcsv field callback: checks the field and appends it to the row. */
static void on_field(void *s, size_t len, void *data)
{
    outlay_csv_reader *r = data;
    long line = r->field_line ? r->field_line : r->line;

    r->field_line = 0;
    if (!r->row_line)
        r->row_line = r->line;
    if (r->failed)
        return; /* libcsv finishes its piece; the rest is ignored */
    if (len > OUTLAY_CSV_MAX_FIELD) {
        fail(r, OUTLAY_EINVAL, line, OUTLAY_P_CSV_FIELD_LONG, OUTLAY_A_INT(OUTLAY_CSV_MAX_FIELD));
        return;
    }
    if (r->nfields == OUTLAY_CSV_MAX_COLUMNS) {
        fail(r, OUTLAY_EINVAL, r->row_line, OUTLAY_P_CSV_COLUMNS,
             OUTLAY_A_INT(OUTLAY_CSV_MAX_COLUMNS));
        return;
    }
    if (r->enc == OUTLAY_ENC_UTF8 && !outlay_utf8_valid(s, len)) {
        fail(r, OUTLAY_EINVAL, line, OUTLAY_P_CSV_NOT_UTF8);
        return;
    }
    if (r->bcap - r->blen < len + 1) {
        size_t cap = r->bcap ? r->bcap : 256;
        while (cap - r->blen < len + 1)
            cap *= 2; /* bounded: 256 fields of 64 KiB */
        char *p = realloc(r->buf, cap);
        if (!p) {
            fail(r, OUTLAY_ENOMEM, line, OUTLAY_P_CSV_NOMEM);
            return;
        }
        r->buf = p;
        r->bcap = cap;
    }
    memcpy(r->buf + r->blen, s, len);
    r->buf[r->blen + len] = '\0';
    r->offs[r->nfields++] = r->blen;
    r->blen += len + 1;
}

/* libcsv row callback: the row is complete (only at the end of a piece). */
static void on_row(int c, void *data)
{
    outlay_csv_reader *r = data;

    (void)c;
    if (r->failed)
        return;
    r->row_ready = 1;
    r->ready_line = r->row_line;
    r->row_line = 0;
    r->field_line = 0;
}

/* Turns a libcsv failure into an error naming the problem. */
static void parse_failed(outlay_csv_reader *r)
{
    long line = r->field_line ? r->field_line : r->line;

    if (csv_error(&r->parser) == CSV_EPARSE)
        fail(r, OUTLAY_EINVAL, r->line, OUTLAY_P_CSV_STRAY_QUOTE);
    else if (csv_error(&r->parser) == CSV_ENOMEM &&
             csv_get_buffer_size(&r->parser) >= FIELD_BUF_CAP)
        fail(r, OUTLAY_EINVAL, line, OUTLAY_P_CSV_FIELD_LONG, OUTLAY_A_INT(OUTLAY_CSV_MAX_FIELD));
    else
        fail(r, OUTLAY_ENOMEM, line, OUTLAY_P_CSV_NOMEM);
}

/* Parses the next piece of data: up to and including the next CR or LF. */
static void feed_piece(outlay_csv_reader *r)
{
    const char *s = r->data + r->dpos;
    size_t n = r->dlen - r->dpos, k = 0;

    while (k < n && s[k] != '\n' && s[k] != '\r' && s[k] != '\0')
        k++;
    if (k < n && s[k] == '\0') {
        /* Report the first problem in file order, whatever the chunk size:
         * the bytes before the NUL may hold one. */
        if (k > 0 && csv_parse(&r->parser, s, k, on_field, on_row, r) != k)
            parse_failed(r);
        if (!r->failed)
            fail(r, OUTLAY_EINVAL, r->line, OUTLAY_P_CSV_NUL);
        return;
    }
    if (k < n)
        k++;
    if (csv_parse(&r->parser, s, k, on_field, on_row, r) != k) {
        parse_failed(r);
        return;
    }
    r->dpos += k;
    /* A row or field that began in this piece and is still open began here. */
    if (r->parser.pstate != LIBCSV_ROW_NOT_BEGUN && !r->row_line)
        r->row_line = r->line;
    if (r->parser.pstate > LIBCSV_FIELD_NOT_BEGUN && !r->field_line)
        r->field_line = r->line;
    /* An LF is the second half of a CRLF only when it follows the CR at
     * once, i.e. when it is the whole of this piece. */
    if (s[k - 1] == '\r' || (s[k - 1] == '\n' && !(r->last_cr && k == 1)))
        r->line++;
    r->last_cr = s[k - 1] == '\r';
}

#define SNIFF 4096 /* bytes of a GBK file looked at for UTF-8 */

/* Whether the first n bytes of a file said to be GBK are UTF-8 instead:
 * valid UTF-8 with a character outside ASCII (a character cut at the end of
 * the chunk forgiven unless it is the end of the file). GBK text is almost
 * never valid UTF-8: its second bytes are rarely continuation bytes in the
 * right places. */
static int looks_utf8(const char *p, size_t n, int eof)
{
    const unsigned char *u = (const unsigned char *)p;
    size_t k = 0;
    int wide = 0;
    while (k < n && u[k] < 0x80)
        k++;
    if (k == n)
        return 0; /* ASCII: both, and harmless */
    for (size_t i = k; i < n; i++)
        wide |= u[i] >= 0x80;
    size_t end = n;
    if (!eof) { /* back off a sequence the chunk may have cut */
        size_t j = n, back = 0;
        while (j > k && back < 3 && (u[j - 1] & 0xC0) == 0x80)
            j--, back++;
        if (j > k && u[j - 1] >= 0xC0)
            end = j - 1;
    }
    return wide && outlay_utf8_valid(p + k, end - k);
}

/* Looks at the first bytes of the file (n of them at p): a UTF-16 BOM is an
 * error, a UTF-8 BOM is skipped. Returns the bytes left at p, or -1. */
static long strip_head(outlay_csv_reader *r, char *p, size_t n)
{
    const unsigned char *u = (const unsigned char *)p;

    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        fail(r, OUTLAY_EINVAL, 1, OUTLAY_P_CSV_UTF16);
        return -1;
    }
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        if (r->enc != OUTLAY_ENC_UTF8) {
            /* As GBK these bytes would become two wrong characters. */
            fail(r, OUTLAY_EINVAL, 1, OUTLAY_P_CSV_BOM_GBK);
            return -1;
        }
        memmove(p, p + 3, n - 3);
        n -= 3;
    }
    return (long)n;
}

/* Converts the GBK bytes in raw to UTF-8 at the end of data. A character cut
 * by the chunk boundary (EINVAL) stays in raw for the next read; bytes that
 * are not GBK (EILSEQ) stop conversion: the data before them is parsed first
 * so the error names their line. */
static void convert(outlay_csv_reader *r)
{
    char *in = r->raw, *out = r->data + r->dlen;
    size_t inleft = r->rlen, outleft = r->dcap - r->dlen;

    if (iconv(r->cd, &in, &inleft, &out, &outleft) == (size_t)-1 && errno == EILSEQ)
        r->bad_gbk = 1;
    r->dlen = (size_t)(out - r->data);
    memmove(r->raw, in, inleft);
    r->rlen = inleft;
}

static int alloc_buffers(outlay_csv_reader *r)
{
    /* GB18030 -> UTF-8 grows at most 1.5 times; 2x + slack never fills.
     * A GBK file's first read is SNIFF bytes, whatever the chunk. */
    size_t most = r->enc == OUTLAY_ENC_GBK && r->chunk < SNIFF ? SNIFF : r->chunk;
    r->dcap = 2 * most + 16;
    r->rcap = 2 * most + 16;
    r->data = malloc(r->dcap);
    if (r->enc == OUTLAY_ENC_GBK)
        r->raw = malloc(r->rcap);
    if (!r->data || (r->enc == OUTLAY_ENC_GBK && !r->raw)) {
        fail(r, OUTLAY_ENOMEM, r->line, OUTLAY_P_CSV_NOMEM);
        return -1;
    }
    return 0;
}

/* Reads and converts until there is data to parse. 1: data, 0: end of
 * file, -1: failed. */
static int refill(outlay_csv_reader *r)
{
    r->dpos = r->dlen = 0;
    if (!r->data && alloc_buffers(r) < 0)
        return -1;
    while (r->dlen == 0) {
        if (r->bad_gbk || (r->eof && r->rlen)) {
            fail(r, OUTLAY_EINVAL, r->line, OUTLAY_P_CSV_NOT_GBK);
            return -1;
        }
        if (r->eof)
            return 0;
        int gbk = r->enc == OUTLAY_ENC_GBK;
        char *dst = gbk ? r->raw + r->rlen : r->data;
        /* UTF-8 looks at 3 bytes first (a BOM); GBK at its first SNIFF
         * bytes, whatever the chunk, to see whether the file is UTF-8. */
        size_t want = r->started ? r->chunk : gbk ? SNIFF : 3;
        if (gbk && want > r->rcap - r->rlen)
            want = r->rcap - r->rlen;
        size_t got = fread(dst, 1, want, r->fp);
        while (!r->started && gbk && got < want && !ferror(r->fp) && !feof(r->fp))
            got += fread(dst + got, 1, want - got, r->fp); /* a pipe gives less */
        if (got < want) {
            if (ferror(r->fp)) {
                int e = errno; /* before claim()'s calls may change it */
                fail(r, OUTLAY_EIO, r->line, OUTLAY_P_FILE_READ, OUTLAY_A_ERRNO(e));
                return -1;
            }
            r->eof = 1;
        }
        if (!r->started) {
            long left = strip_head(r, dst, got);
            if (left < 0)
                return -1;
            got = (size_t)left;
            r->started = 1;
            if (gbk && looks_utf8(dst, got, r->eof)) {
                fail(r, OUTLAY_EINVAL, 1, OUTLAY_P_CSV_LOOKS_UTF8);
                return -1;
            }
        }
        if (gbk) {
            r->rlen += got;
            convert(r);
        } else {
            r->dlen = got;
        }
    }
    return 1;
}

/* End of file: libcsv submits a last row without a line end, or reports a
 * quoted field that never closed (CSV_STRICT_FINI). */
static void finish(outlay_csv_reader *r)
{
    if (csv_fini(&r->parser, on_field, on_row, r) != 0)
        fail(r, OUTLAY_EINVAL, r->field_line ? r->field_line : r->line,
             OUTLAY_P_CSV_UNCLOSED_QUOTE);
}

static void clear_row(outlay_csv_reader *r)
{
    r->blen = 0;
    r->nfields = 0;
    r->row_ready = 0;
}

static void give_row(outlay_csv_reader *r, struct outlay_csv_row *row)
{
    for (size_t i = 0; i < r->nfields; i++)
        r->fields[i] = r->buf + r->offs[i];
    row->nfields = r->nfields;
    row->fields = r->fields;
    row->line = r->ready_line;
}

int outlay_csv_reader_next(outlay_csv_reader *r, struct outlay_csv_row *row, outlay_err *err)
{
    if (!r->failed && !r->done) {
        clear_row(r);
        while (!r->failed && !r->row_ready) {
            if (r->dpos == r->dlen) {
                int rc = refill(r);
                if (rc < 0)
                    break;
                if (rc == 0) {
                    finish(r);
                    r->done = 1;
                    break;
                }
            }
            feed_piece(r);
        }
        if (!r->failed && r->row_ready) {
            give_row(r, row);
            return 1;
        }
    }
    if (r->failed) {
        if (err)
            *err = r->err;
        return -1;
    }
    return 0;
}

enum outlay_status outlay_csv_reader_open_stream(outlay_csv_reader **out, FILE *fp,
                                                 const char *name, enum outlay_encoding enc,
                                                 outlay_err *err)
{
    outlay_csv_reader *r = calloc(1, sizeof *r);

    *out = NULL;
    if (!r || !(r->name = strdup(name ? name : ""))) {
        free(r);
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    }
    r->fp = fp;
    r->enc = enc;
    r->cd = (iconv_t)-1;
    r->chunk = DEFAULT_CHUNK;
    r->line = 1;
    if (enc == OUTLAY_ENC_GBK) {
        /* GB18030 is a superset of GBK (and of Windows code page 936 but for
         * 0x80, the euro sign). */
        r->cd = iconv_open("UTF-8", "GB18030");
        if (r->cd == (iconv_t)-1) {
            int e = errno; /* before the close may change it */
            outlay_csv_reader_close(r);
            return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_CSV_ICONV, OUTLAY_A_ERRNO(e));
        }
    }
    if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        outlay_csv_reader_close(r);
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    }
    r->parser_ready = 1;
    csv_set_realloc_func(&r->parser, capped_realloc);
    csv_set_space_func(&r->parser, no_space);
    csv_set_blk_size(&r->parser, 4096);
    *out = r;
    return OUTLAY_OK;
}

enum outlay_status outlay_csv_reader_open(outlay_csv_reader **out, const char *path,
                                          enum outlay_encoding enc, outlay_err *err)
{
    int is_stdin = strcmp(path, "-") == 0;
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    enum outlay_status s;

    *out = NULL;
    if (!fp) {
        s = outlay_fail(err, OUTLAY_EIO, OUTLAY_P_CSV_OPEN, OUTLAY_A_TEXT(path),
                        OUTLAY_A_ERRNO(errno));
        if (err)
            snprintf(err->file, sizeof err->file, "%s", path);
        return s;
    }
    s = outlay_csv_reader_open_stream(out, fp, path, enc, err);
    if (s != OUTLAY_OK) {
        if (!is_stdin)
            fclose(fp);
        return s;
    }
    (*out)->own_fp = !is_stdin;
    return OUTLAY_OK;
}

void outlay_csv_reader_set_chunk(outlay_csv_reader *r, size_t bytes)
{
    if (r && !r->data && bytes > 0)
        r->chunk = bytes;
}

void outlay_csv_reader_close(outlay_csv_reader *r)
{
    if (!r)
        return;
    if (r->parser_ready)
        csv_free(&r->parser);
    if (r->cd != (iconv_t)-1)
        iconv_close(r->cd);
    if (r->own_fp)
        fclose(r->fp);
    free(r->raw);
    free(r->data);
    free(r->buf);
    free(r->name);
    free(r);
}

/* The characters that make a spreadsheet take a cell for a formula. */
static int formula_char(char c)
{
    return c != '\0' && strchr("=+-@\t\r", c) != NULL;
}

/* SPEC §5: a text cell a spreadsheet would take for a formula gets a mark.
 * So does one that looks marked already (any run of "'" before a formula
 * character): the reader takes one "'" off such a cell, so without its own
 * mark "'=x" would come back as "=x". With it, writing adds exactly the "'"
 * that reading removes, and every text round-trips. */
static int needs_mark(const char *s)
{
    while (*s == '\'')
        s++;
    return formula_char(*s);
}

/* Quoting only when needed: a delimiter, quote or line end inside, or a space
 * or tab at either end of what is written (kept by our reader, trimmed by
 * many others; after a mark a leading tab is no longer at the end). An empty
 * cell alone on its row is quoted so the line is not blank (blank lines are
 * skipped on reading). */
static int needs_quotes(const char *s, size_t len, int marked, int alone)
{
    if (len == 0)
        return alone;
    if (strpbrk(s, ",\"\r\n"))
        return 1;
    if (!marked && (s[0] == ' ' || s[0] == '\t'))
        return 1;
    return s[len - 1] == ' ' || s[len - 1] == '\t';
}

static enum outlay_status write_cell(FILE *fp, const char *cell, int number, int alone)
{
    size_t len = strlen(cell);
    int mark = !number && needs_mark(cell);
    char *marked = NULL;
    enum outlay_status s = OUTLAY_EIO;

    if (!needs_quotes(cell, len, mark, alone)) {
        if ((mark && fputc('\'', fp) == EOF) || fwrite(cell, 1, len, fp) != len)
            goto out;
        s = OUTLAY_OK;
        goto out;
    }
    if (mark) {
        marked = malloc(len + 2);
        if (!marked) {
            s = OUTLAY_ENOMEM;
            goto out;
        }
        marked[0] = '\'';
        memcpy(marked + 1, cell, len + 1);
        cell = marked;
        len++;
    }
    if (csv_fwrite(fp, cell, len) == 0)
        s = OUTLAY_OK;
out:
    free(marked);
    return s;
}

enum outlay_status outlay_csv_write_row(FILE *fp, const char *const *cells, const int *is_number,
                                        size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *cell = cells[i] ? cells[i] : "";
        enum outlay_status s;

        if (i > 0 && fputc(',', fp) == EOF)
            return OUTLAY_EIO;
        s = write_cell(fp, cell, is_number && is_number[i], n == 1);
        if (s != OUTLAY_OK)
            return s;
    }
    if (fputc('\n', fp) == EOF)
        return OUTLAY_EIO;
    return OUTLAY_OK;
}

char *outlay_csv_unmark(char *s)
{
    if (s && s[0] == '\'' && needs_mark(s))
        memmove(s, s + 1, strlen(s)); /* moves the NUL too */
    return s;
}
