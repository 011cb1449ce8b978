/* Tests for csvio: every reader case is fed at every chunk size from 1 to its
 * length (as libcsv's own tests do), so each buffer boundary is crossed. */
#include <criterion/criterion.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/csvio.h"
#include "test_util.h"

#ifndef OUTLAY_TESTDIR
#define OUTLAY_TESTDIR "tests"
#endif

/* Appends s to o with CR, LF and tab visible, so a trace is one line. */
static void put_escaped(FILE *o, const char *s)
{
    for (; *s; s++) {
        if (*s == '\n')
            fputs("\\n", o);
        else if (*s == '\r')
            fputs("\\r", o);
        else if (*s == '\t')
            fputs("\\t", o);
        else
            fputc(*s, o);
    }
}

/* Reads all of the reader into "LINE:f1|f2;..." and, on error, "E<line>". */
static char *trace_reader(outlay_csv_reader *r, outlay_err *err)
{
    struct outlay_csv_row row;
    char *out = NULL;
    size_t outlen = 0;
    FILE *o = open_memstream(&out, &outlen);
    int rc;

    cr_assert_not_null(o);
    while ((rc = outlay_csv_reader_next(r, &row, err)) == 1) {
        fprintf(o, "%ld:", row.line);
        for (size_t i = 0; i < row.nfields; i++) {
            if (i)
                fputc('|', o);
            put_escaped(o, row.fields[i]);
        }
        fputc(';', o);
    }
    if (rc < 0) {
        outlay_err again = {0};
        fprintf(o, "E%ld", err->line);
        /* The reader stays finished. */
        cr_assert_eq(outlay_csv_reader_next(r, &row, &again), -1);
        cr_assert_str_eq(problem_str(&again), problem_str(err));
    } else {
        cr_assert_eq(outlay_csv_reader_next(r, &row, err), 0);
    }
    fclose(o);
    return out;
}

/* Trace of len bytes of in, read `chunk` bytes at a time (0: default). */
static char *trace(const char *in, size_t len, enum outlay_encoding enc, size_t chunk,
                   outlay_err *err)
{
    FILE *fp = fmemopen((void *)in, len, "r");
    outlay_csv_reader *r = NULL;

    cr_assert_not_null(fp);
    cr_assert_eq(outlay_csv_reader_open_stream(&r, fp, "t.csv", enc, err), OUTLAY_OK);
    if (chunk)
        outlay_csv_reader_set_chunk(r, chunk);
    char *t = trace_reader(r, err);
    outlay_csv_reader_close(r);
    fclose(fp);
    return t;
}

struct rcase {
    const char *name;
    const char *in;
    size_t len; /* 0: strlen(in) */
    enum outlay_encoding enc;
    const char *want;    /* trace */
    const char *problem; /* problem_str() when want ends with E<line> */
    enum outlay_status err_status;
};

static void check_case(const struct rcase *c)
{
    size_t len = c->len ? c->len : strlen(c->in);

    for (size_t chunk = 1; chunk <= len + 1; chunk++) {
        outlay_err err = {0};
        char *t = trace(c->in, len, c->enc, chunk, &err);
        cr_assert_str_eq(t, c->want, "%s, chunk %zu", c->name, chunk);
        if (c->problem) {
            cr_assert_str_eq(problem_str(&err), c->problem, "%s, chunk %zu", c->name, chunk);
            cr_assert_eq(err.status, c->err_status ? c->err_status : OUTLAY_EINVAL, "%s", c->name);
            cr_assert_str_eq(err.file, "t.csv");
            cr_assert_null(strstr(problem_str(&err), "t.csv"), "%s: file in the problem", c->name);
        }
        free(t);
    }
}

static void check_cases(const struct rcase *cases, size_t n)
{
    for (size_t i = 0; i < n; i++)
        check_case(&cases[i]);
}

Test(csvio, rows_and_line_ends)
{
    static const struct rcase cases[] = {
        {"lf", "a,b\nc,d\n", 0, 0, "1:a|b;2:c|d;", NULL, 0},
        {"no final newline", "a,b\nc,d", 0, 0, "1:a|b;2:c|d;", NULL, 0},
        {"crlf", "a,b\r\nc,d\r\n", 0, 0, "1:a|b;2:c|d;", NULL, 0},
        {"mixed", "a,b\r\nc,d\ne,f\r\ng", 0, 0, "1:a|b;2:c|d;3:e|f;4:g;", NULL, 0},
        {"cr only", "a\rb\r\rc", 0, 0, "1:a;2:b;4:c;", NULL, 0},
        {"blank lines", "\n\na,b\n\n\r\n\nc\n\n", 0, 0, "3:a|b;7:c;", NULL, 0},
        {"empty fields", ",\n,,x\n\"\"\n", 0, 0, "1:|;2:||x;3:;", NULL, 0},
        {"spaces kept", " a , b \n\t\"q\",x\n", 0, 0, "1: a | b ;E2", "csv_stray_quote()", 0},
        {"empty", "", 0, 0, "", NULL, 0},
        {"one field", "x", 0, 0, "1:x;", NULL, 0},
        {"utf-8", "类别,金额\n交通,120.00\n", 0, 0, "1:类别|金额;2:交通|120.00;", NULL, 0},
    };
    check_cases(cases, sizeof cases / sizeof cases[0]);
}

Test(csvio, quotes_and_embedded_newlines)
{
    static const struct rcase cases[] = {
        {"quoted", "\"x,y\",\"say \"\"hi\"\"\",\"\"\n", 0, 0, "1:x,y|say \"hi\"|;", NULL, 0},
        {"embedded lf", "h1,h2\n\"line1\nline2\",x\nnext,row\n", 0, 0,
         "1:h1|h2;2:line1\\nline2|x;4:next|row;", NULL, 0},
        {"embedded crlf", "\"a\r\nb\",c\r\nd,e\r\n", 0, 0, "1:a\\r\\nb|c;3:d|e;", NULL, 0},
        {"quote later in row", "a,\"b\n\nc\"\nd\n", 0, 0, "1:a|b\\n\\nc;4:d;", NULL, 0},
        {"quoted last line", "a\n\"b\nc\"", 0, 0, "1:a;2:b\\nc;", NULL, 0},
        {"quote at end of quoted", "\"a\"\"\"\n", 0, 0, "1:a\";", NULL, 0},
        {"many lines", "\"1\n2\n3\n4\",\"5\r\n6\"\n\n\"x\"\n", 0, 0,
         "1:1\\n2\\n3\\n4|5\\r\\n6;7:x;", NULL, 0},
    };
    check_cases(cases, sizeof cases / sizeof cases[0]);
}

Test(csvio, bom)
{
    static const struct rcase cases[] = {
        {"utf-8 bom", "\xEF\xBB\xBFname,amount\r\nx,1\r\n", 0, 0, "1:name|amount;2:x|1;", NULL, 0},
        {"bom only", "\xEF\xBB\xBF", 0, 0, "", NULL, 0},
        {"bom then blank", "\xEF\xBB\xBF\n\nx\n", 0, 0, "3:x;", NULL, 0},
        {"bom not at start", "x\n\xEF\xBB\xBFy\n", 0, 0, "1:x;2:\xEF\xBB\xBFy;", NULL, 0},
        {"utf-16le", "\xFF\xFEn\0a\0", 6, 0, "E1", "csv_utf16()", 0},
        {"utf-16be", "\xFE\xFF\0n\0a", 6, 0, "E1", "csv_utf16()", 0},
        {"utf-16 in gbk mode", "\xFF\xFEn\0", 4, OUTLAY_ENC_GBK, "E1", "csv_utf16()", 0},
        {"utf-8 bom in gbk mode", "\xEF\xBB\xBFx\n", 0, OUTLAY_ENC_GBK, "E1", "csv_bom_gbk()", 0},
    };
    check_cases(cases, sizeof cases / sizeof cases[0]);
}

Test(csvio, malformed)
{
    static const struct rcase cases[] = {
        {"unterminated", "a,b\nc,\"open\nmore\n", 0, 0, "1:a|b;E2", "csv_unclosed_quote()", 0},
        {"unterminated later field", "a,b\nc,d,\r\n\"x\"\"\n", 0, 0, "1:a|b;2:c|d|;E3",
         "csv_unclosed_quote()", 0},
        {"stray quote", "a,b\nc,d\"e\n", 0, 0, "1:a|b;E2", "csv_stray_quote()", 0},
        {"text after quote", "x\n\"a\"b\n", 0, 0, "1:x;E2", "csv_stray_quote()", 0},
        {"space after quote", "\"a\" ,b\n", 0, 0, "E1", "csv_stray_quote()", 0},
        {"stray quote on 3rd line of row", "\"a\nb\nc\"\"\"d\"\n", 0, 0, "E3", "csv_stray_quote()",
         0},
        {"nul", "a,b\nc\0d\n", 8, 0, "1:a|b;E2", "csv_nul()", 0},
        {"nul in quoted", "\"a\n\0\"\n", 6, 0, "E2", "csv_nul()", 0},
        {"invalid utf-8", "a\nb,\xB4\xF3\n", 0, 0, "1:a;E2", "csv_not_utf8()", 0},
        {"overlong utf-8", "\xC0\xAF\n", 0, 0, "E1", "csv_not_utf8()", 0},
        {"cut utf-8", "x,\xE4\xBA", 0, 0, "E1", "csv_not_utf8()", 0},
        {"not gbk", "a\nb,\xFF\n", 0, OUTLAY_ENC_GBK, "1:a;E2", "csv_not_gbk()", 0},
        {"gbk cut at eof", "a\n\xB4", 0, OUTLAY_ENC_GBK, "1:a;E2", "csv_not_gbk()", 0},
        /* SPEC §12: UTF-8 imported with --encoding gbk is named, not turned
         * into mojibake, whatever the chunk */
        {"utf-8 read as gbk", "name\n王芳\n", 0, OUTLAY_ENC_GBK, "E1", "csv_looks_utf8()", 0},
        {"utf-8 cut at eof read as gbk", "name\n王\xE8\x8A", 0, OUTLAY_ENC_GBK, "1:name;E2",
         "csv_not_gbk()", 0},
        {"ascii read as gbk", "a,b\n", 0, OUTLAY_ENC_GBK, "1:a|b;", NULL, 0},
        {"gbk 王芳", "name\n\xCD\xF5\xB7\xBC\n", 0, OUTLAY_ENC_GBK, "1:name;2:王芳;", NULL, 0},
    };
    check_cases(cases, sizeof cases / sizeof cases[0]);
}

/* UTF-8 -> GBK with iconv, as Excel in a Chinese locale would save it. */
static char *to_gbk(const char *utf8, size_t *len)
{
    iconv_t cd = iconv_open("GBK", "UTF-8");
    size_t inleft = strlen(utf8), outleft = 2 * inleft + 1;
    char *out = malloc(outleft), *in = (char *)utf8, *o = out;

    cr_assert_neq(cd, (iconv_t)-1);
    cr_assert_eq(iconv(cd, &in, &inleft, &o, &outleft), 0);
    iconv_close(cd);
    *len = (size_t)(o - out);
    return out;
}

Test(csvio, gbk)
{
    size_t len;
    char *gbk = to_gbk("类别,项目\r\n交通,大巴\r\n\"多\n行\",\"引号\"\"\"\n餐饮,午餐", &len);
    const char *want = "1:类别|项目;2:交通|大巴;3:多\\n行|引号\";5:餐饮|午餐;";
    struct rcase cases[] = {
        {"gbk round trip", gbk, len, OUTLAY_ENC_GBK, want, NULL, 0},
        {"gbk read as utf-8", gbk, len, OUTLAY_ENC_UTF8, "E1", "csv_not_utf8()", 0},
    };

    cr_assert_eq((unsigned char)gbk[0], 0xC0); /* really GBK bytes */
    check_cases(cases, sizeof cases / sizeof cases[0]);
    free(gbk);

    /* Bytes that are not GBK after good rows name their line. */
    gbk = to_gbk("交通,大巴\n餐饮,\n", &len);
    char *bad = malloc(len + 2);
    memcpy(bad, gbk, len - 1);
    memcpy(bad + len - 1, "\x80\n", 2);
    struct rcase badcase = {"bad gbk",       bad, len + 1, OUTLAY_ENC_GBK, "1:交通|大巴;E2",
                            "csv_not_gbk()", 0};
    check_case(&badcase);
    free(bad);
    free(gbk);
}

/* Builds prefix + n times `fill` + suffix. */
static char *build(const char *prefix, size_t n, char fill, const char *suffix, size_t *len)
{
    size_t p = strlen(prefix), s = strlen(suffix);
    char *b = malloc(p + n + s + 1);

    cr_assert_not_null(b);
    memcpy(b, prefix, p);
    memset(b + p, fill, n);
    memcpy(b + p + n, suffix, s + 1);
    *len = p + n + s;
    return b;
}

static const size_t big_chunks[] = {0, 1, 7, 4096, 65536, 65537, 1 << 20};

/* Reads the input expecting the problem `want` (problem_str) on `line`; also
 * checks how far the stream was read: memory stays bounded because reading
 * stops. */
static void check_big_error(const char *in, size_t len, long line, const char *want)
{
    for (size_t i = 0; i < sizeof big_chunks / sizeof big_chunks[0]; i++) {
        FILE *fp = fmemopen((void *)in, len, "r");
        outlay_csv_reader *r = NULL;
        struct outlay_csv_row row;
        outlay_err err = {0};
        int rc;

        cr_assert_eq(outlay_csv_reader_open_stream(&r, fp, "big.csv", 0, &err), OUTLAY_OK);
        if (big_chunks[i])
            outlay_csv_reader_set_chunk(r, big_chunks[i]);
        while ((rc = outlay_csv_reader_next(r, &row, &err)) == 1)
            ;
        cr_assert_eq(rc, -1, "chunk %zu", big_chunks[i]);
        cr_assert_eq(err.status, OUTLAY_EINVAL);
        cr_assert_eq(err.line, line, "chunk %zu: line %ld", big_chunks[i], err.line);
        cr_assert_str_eq(problem_str(&err), want, "chunk %zu", big_chunks[i]);
        cr_assert_lt(ftell(fp), 3L << 20, "read %ld bytes", ftell(fp));
        outlay_csv_reader_close(r);
        fclose(fp);
    }
}

Test(csvio, field_too_long)
{
    size_t len;
    char *in = build("a,b\nx,", 10u << 20, 'y', "\n", &len);
    check_big_error(in, len, 2, "csv_field_long(65536)");
    free(in);

    in = build("a,b\nx,\"\n", 10u << 20, 'y', "\"\n", &len);
    check_big_error(in, len, 2, "csv_field_long(65536)");
    free(in);

    in = build("a\n", OUTLAY_CSV_MAX_FIELD + 1, 'y', "", &len);
    check_big_error(in, len, 2, "csv_field_long(65536)");
    free(in);
}

/* A field of exactly OUTLAY_CSV_MAX_FIELD bytes, quoted or not, is fine. */
Test(csvio, field_at_limit)
{
    const char *forms[][2] = {{"a\n", "\nb\n"}, {"a\n\"", "\"\nb\n"}, {"a\n\"", "\""}};

    for (size_t f = 0; f < 3; f++) {
        size_t len;
        char *in = build(forms[f][0], OUTLAY_CSV_MAX_FIELD, 'y', forms[f][1], &len);
        for (size_t i = 0; i < sizeof big_chunks / sizeof big_chunks[0]; i++) {
            FILE *fp = fmemopen(in, len, "r");
            outlay_csv_reader *r = NULL;
            struct outlay_csv_row row;
            outlay_err err = {0};

            cr_assert_eq(outlay_csv_reader_open_stream(&r, fp, "t", 0, &err), OUTLAY_OK);
            if (big_chunks[i])
                outlay_csv_reader_set_chunk(r, big_chunks[i]);
            cr_assert_eq(outlay_csv_reader_next(r, &row, &err), 1);
            cr_assert_eq(outlay_csv_reader_next(r, &row, &err), 1, "%s", problem_str(&err));
            cr_assert_eq(row.line, 2);
            cr_assert_eq(strlen(row.fields[0]), OUTLAY_CSV_MAX_FIELD);
            outlay_csv_reader_close(r);
            fclose(fp);
        }
        free(in);
    }
}

Test(csvio, too_many_columns)
{
    size_t len;
    char *in = build("h\n\n", 2000000, ',', "\n", &len); /* 2,000,001 fields */
    for (size_t i = 0; i < 2000000; i += 2)
        in[3 + i] = 'a';
    check_big_error(in, len, 3, "csv_columns(256)");
    free(in);

    /* 256 columns are fine, 257 are not. */
    char *ok = build("", OUTLAY_CSV_MAX_COLUMNS - 1, ',', "\n", &len);
    outlay_err err = {0};
    char *t = trace(ok, len, 0, 0, &err);
    cr_assert_eq(strlen(t), strlen("1:;") + OUTLAY_CSV_MAX_COLUMNS - 1);
    free(t);
    free(ok);
    char *over = build("", OUTLAY_CSV_MAX_COLUMNS, ',', "\n", &len);
    t = trace(over, len, 0, 0, &err);
    cr_assert_str_eq(t, "E1");
    free(t);
    free(over);
}

Test(csvio, open_files)
{
    outlay_csv_reader *r = NULL;
    outlay_err err = {0};
    char *t;

    cr_assert_eq(
        outlay_csv_reader_open(&r, OUTLAY_TESTDIR "/data/csv/bom_crlf.csv", OUTLAY_ENC_UTF8, &err),
        OUTLAY_OK);
    t = trace_reader(r, &err);
    cr_assert_str_eq(t, "1:category|amount|item;2:交通|120.00|大巴;"
                        "3:餐饮|=1+1|\"多行\"\\r\\n备注;6:住宿|300|;");
    free(t);
    outlay_csv_reader_close(r);

    cr_assert_eq(
        outlay_csv_reader_open(&r, OUTLAY_TESTDIR "/data/csv/gbk.csv", OUTLAY_ENC_GBK, &err),
        OUTLAY_OK);
    t = trace_reader(r, &err);
    cr_assert_str_eq(t, "1:category|amount|item;2:交通|120.00|大巴;3:餐饮|45.50|午餐;");
    free(t);
    outlay_csv_reader_close(r);

    cr_assert_eq(
        outlay_csv_reader_open(&r, OUTLAY_TESTDIR "/data/csv/gbk.csv", OUTLAY_ENC_UTF8, &err),
        OUTLAY_OK);
    t = trace_reader(r, &err);
    cr_assert_str_eq(t, "1:category|amount|item;E2");
    cr_assert_str_eq(err.file, OUTLAY_TESTDIR "/data/csv/gbk.csv");
    free(t);
    outlay_csv_reader_close(r);

    cr_assert_eq(
        outlay_csv_reader_open(&r, OUTLAY_TESTDIR "/data/csv/missing.csv", OUTLAY_ENC_UTF8, &err),
        OUTLAY_EIO);
    cr_assert_null(r);
    cr_assert_str_eq(problem_str(&err),
                     "csv_open(" OUTLAY_TESTDIR "/data/csv/missing.csv, ENOENT)");
    cr_assert_str_eq(err.file, OUTLAY_TESTDIR "/data/csv/missing.csv");
    outlay_csv_reader_close(NULL);
}

/* Writes one row to a string. */
static char *write_row(const char *const *cells, const int *is_number, size_t n)
{
    char *out = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&out, &len);

    cr_assert_eq(outlay_csv_write_row(o, cells, is_number, n), OUTLAY_OK);
    fclose(o);
    return out;
}

Test(csvio, writer_quoting)
{
    static const struct {
        const char *cell;
        const char *want;
    } cases[] = {
        {"plain", "plain"},
        {"", ""},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"two\nlines", "\"two\nlines\""},
        {"cr\rhere", "\"cr\rhere\""},
        {" lead", "\" lead\""},
        {"trail ", "\"trail \""},
        {"tab\t", "\"tab\t\""},
        {"in side", "in side"},
        {"交通", "交通"},
        {"'quoted'", "'quoted'"},
        {"=1+1", "'=1+1"},
        {"+86 10", "'+86 10"},
        {"-12.00", "'-12.00"},
        {"@sum", "'@sum"},
        {"\tx", "'\tx"},
        {"\rx", "\"'\rx\""},
        {"=a,b", "\"'=a,b\""},
        {"-x ", "\"'-x \""},
        /* Text that looks marked already gets a mark of its own. */
        {"'=x", "''=x"},
        {"''+1", "'''+1"},
        {"'-", "''-"},
        {"'@a", "''@a"},
        {"'\tx", "''\tx"},
        {"'\rx", "\"''\rx\""},
        {"'", "'"},
        {"''", "''"},
        {"'x=", "'x="},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *cells[] = {"x", cases[i].cell};
        char want[64];
        snprintf(want, sizeof want, "x,%s\n", cases[i].want);
        char *got = write_row(cells, NULL, 2);
        cr_assert_str_eq(got, want, "cell '%s'", cases[i].cell);
        free(got);
    }
}

Test(csvio, writer_numbers_nulls_and_empty_rows)
{
    const char *cells[] = {"-12.00", "-12.00", NULL, "+1", "=x"};
    const int num[] = {1, 0, 0, 1, 0};
    char *got = write_row(cells, num, 5);
    cr_assert_str_eq(got, "-12.00,'-12.00,,+1,'=x\n");
    free(got);

    /* An empty row alone would be a blank line, which readers skip. */
    const char *empty[] = {""};
    got = write_row(empty, NULL, 1);
    cr_assert_str_eq(got, "\"\"\n");
    free(got);
    const char *two[] = {NULL, ""};
    got = write_row(two, NULL, 2);
    cr_assert_str_eq(got, ",\n");
    free(got);

    FILE *ro = fmemopen((char[8]){0}, 8, "r");
    cr_assert_eq(outlay_csv_write_row(ro, cells, num, 5), OUTLAY_EIO);
    fclose(ro);
}

Test(csvio, unmark)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"'=1+1", "=1+1"}, {"'+86", "+86"},  {"'-5", "-5"},     {"'@x", "@x"}, {"'\tx", "\tx"},
        {"'\rx", "\rx"},   {"''=x", "'=x"},  {"'''-x", "''-x"}, {"'x", "'x"},  {"'", "'"},
        {"''", "''"},      {"''x=", "''x="}, {"", ""},          {"=x", "=x"},  {"a'=", "a'="},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[16];
        snprintf(buf, sizeof buf, "%s", cases[i].in);
        cr_assert_eq(outlay_csv_unmark(buf), buf);
        cr_assert_str_eq(buf, cases[i].want, "in '%s'", cases[i].in);
    }
    cr_assert_null(outlay_csv_unmark(NULL));
}

/* Export then import gives back the cells (SPEC §5: listings round-trip). */
Test(csvio, round_trip)
{
    static const char *const rows[][4] = {
        {"id", "item", "amount", "note"},
        {"1", "=HYPERLINK(\"x\")", "-12.00", "a,b"},
        {"2", "+86 10 1234", "0.50", "two\nlines"},
        {"3", "@sum", "1.00", "\tindented"},
        {"4", "\rcr", "2.00", " spaced "},
        {"5", "-", "3.00", "say \"hi\""},
        {"6", "", "4.00", "交通,大巴"},
        {"7", "'", "5.00", "''"},
    };
    const int num[] = {0, 0, 1, 0};
    const size_t nrows = sizeof rows / sizeof rows[0];
    char *out = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&out, &len);

    for (size_t i = 0; i < nrows; i++)
        cr_assert_eq(outlay_csv_write_row(o, rows[i], i ? num : NULL, 4), OUTLAY_OK);
    fclose(o);

    for (size_t chunk = 1; chunk <= len + 1; chunk++) {
        FILE *fp = fmemopen(out, len, "r");
        outlay_csv_reader *r = NULL;
        struct outlay_csv_row row;
        outlay_err err = {0};
        size_t i = 0;

        cr_assert_eq(outlay_csv_reader_open_stream(&r, fp, "-", 0, &err), OUTLAY_OK);
        outlay_csv_reader_set_chunk(r, chunk);
        while (outlay_csv_reader_next(r, &row, &err) == 1) {
            cr_assert_lt(i, nrows);
            cr_assert_eq(row.nfields, 4);
            for (size_t f = 0; f < 4; f++)
                cr_assert_str_eq(outlay_csv_unmark(row.fields[f]), rows[i][f],
                                 "row %zu field %zu chunk %zu", i, f, chunk);
            i++;
        }
        cr_assert_eq(err.status, OUTLAY_OK, "%s", problem_str(&err));
        cr_assert_eq(i, nrows);
        outlay_csv_reader_close(r);
        fclose(fp);
    }
    free(out);
}

/* Reads back what outlay_csv_write_row wrote, `chunk` bytes at a time, and
 * checks every cell, unmarked, against cells (nrows rows of ncols). */
static void assert_reads_back(const char *csv, size_t len, size_t chunk, const char *const *cells,
                              size_t nrows, size_t ncols)
{
    FILE *fp = fmemopen((void *)csv, len, "r");
    outlay_csv_reader *r = NULL;
    struct outlay_csv_row row;
    outlay_err err = {0};
    size_t i = 0;

    cr_assert_eq(outlay_csv_reader_open_stream(&r, fp, "-", 0, &err), OUTLAY_OK);
    outlay_csv_reader_set_chunk(r, chunk);
    while (outlay_csv_reader_next(r, &row, &err) == 1) {
        cr_assert_lt(i, nrows);
        cr_assert_eq(row.nfields, ncols);
        for (size_t f = 0; f < ncols; f++)
            cr_assert_str_eq(outlay_csv_unmark(row.fields[f]), cells[i * ncols + f],
                             "row %zu field %zu chunk %zu", i, f, chunk);
        i++;
    }
    cr_assert_eq(err.status, OUTLAY_OK, "%s", problem_str(&err));
    cr_assert_eq(i, nrows);
    outlay_csv_reader_close(r);
    fclose(fp);
}

/* Every text comes back as it was written (SPEC §5), whatever run of "'"
 * and formula character it starts with: 0 to 3 apostrophes, then a formula
 * character, a plain one, a space, a comma, a quote or nothing, then a tail. */
Test(csvio, round_trip_of_every_mark_prefix)
{
    static const char *const heads[] = {"=", "+", "-", "@", "\t", "\r", "x", " ", ",", "\"", ""};
    static const char *const tails[] = {"", "1+1", "x'", "'=y", " "};
    enum { K = 4, H = sizeof heads / sizeof heads[0], T = sizeof tails / sizeof tails[0] };
    static char texts[K * H * T][16];
    static const char *cells[K * H * T * 2];
    size_t n = 0;

    for (size_t k = 0; k < K; k++)
        for (size_t h = 0; h < H; h++)
            for (size_t t = 0; t < T; t++, n++) {
                snprintf(texts[n], sizeof texts[n], "%.*s%s%s", (int)k, "'''", heads[h], tails[t]);
                cells[2 * n] = texts[n];
                cells[2 * n + 1] = texts[n]; /* also as the last cell of a row */
            }
    char *out = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&out, &len);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(outlay_csv_write_row(o, cells + 2 * i, NULL, 2), OUTLAY_OK);
    fclose(o);
    assert_reads_back(out, len, 1, cells, n, 2);
    assert_reads_back(out, len, 7, cells, n, 2);
    assert_reads_back(out, len, 64 * 1024, cells, n, 2);
    free(out);

    /* The case of the issue, alone on its row as a one-column listing. */
    const char *row[] = {"'=x"};
    char *got = write_row(row, NULL, 1);
    cr_assert_str_eq(got, "''=x\n");
    assert_reads_back(got, strlen(got), 1, row, 1, 1);
    free(got);
}

/* Past the first 4,096 bytes a GBK import looks at: a character cut at
 * that boundary does not hide that the file is UTF-8. */
Test(csvio, long_utf8_file_read_as_gbk)
{
    for (size_t pad = 0; pad < 3; pad++) {
        char in[6000];
        size_t n = 0;
        memcpy(in, "name\n", 5);
        n = 5;
        for (size_t i = 0; i < pad; i++)
            in[n++] = 'x';
        while (n + 4 < sizeof in) {
            memcpy(in + n, "芳\n", 4); /* 3 bytes + LF: boundaries fall everywhere */
            n += 4;
        }
        outlay_err err = {0};
        char *t = trace(in, n, OUTLAY_ENC_GBK, 0, &err);
        cr_assert_str_eq(t, "E1", "pad %zu", pad);
        cr_assert_str_eq(problem_str(&err), "csv_looks_utf8()");
        free(t);
    }
}
