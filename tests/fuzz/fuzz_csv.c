/*
 * fuzz_csv: the CSV import path (SPEC §5) on arbitrary bytes.
 *
 * Input: one selector byte, then the file. Selector bits 0-1 are the import
 * kind (budget, expenses, participants, deposits), bit 2 the encoding (UTF-8
 * or GBK), bits 3-7 pick a small chunk size.
 *
 * 1. The reader (outlay_csv_reader_open_stream over fmemopen) reads the file
 *    twice: in 64 KiB chunks and in small ones. Both reads must give the same
 *    rows, lines and final error (STYLE's libcsv lesson: chunk boundaries
 *    must not matter). Every row obeys the limits of csvio.h; every field is valid
 *    UTF-8; rows start on increasing lines.
 * 2. Round trip: the rows read are written with outlay_csv_write_row and read
 *    back; each field comes back as written, with the formula mark added
 *    where SPEC §5 says.
 * 3. The file is imported with outlay_import into a ledger in a private
 *    temporary directory, inside a transaction that is then rolled back. An
 *    import that succeeds added exactly one record per non-blank data row; a
 *    file the reader refused is refused by the import; a refused import
 *    reported at least one error (or, over the per-activity limit, none and
 *    OUTLAY_EOVERFLOW); after the rollback the ledger is unchanged.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outlay/csvio.h"
#include "outlay/import.h"
#include "outlay/ledger.h"
#include "outlay/store.h"
#include "outlay/text.h"

static const size_t small_chunks[] = {1, 2, 3, 4, 5, 7, 8, 11, 13, 16, 31, 64, 127, 4096};

static char dir[64], ledger_path[128], csv_path[128];
static outlay_store *st;

/* --- rows read, kept for comparison -------------------------------------- */

struct rowcopy {
    size_t n;
    char **f;
    size_t *len;
    long line;
};

struct read_result {
    struct rowcopy *rows;
    size_t nrows;
    int failed;
    outlay_err err;
};

static void result_free(struct read_result *r)
{
    for (size_t i = 0; i < r->nrows; i++) {
        for (size_t k = 0; k < r->rows[i].n; k++)
            free(r->rows[i].f[k]);
        free(r->rows[i].f);
        free(r->rows[i].len);
    }
    free(r->rows);
    memset(r, 0, sizeof *r);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        abort();
    return p;
}

/* Whether e fails to report a problem: no code, or a code given the wrong
 * arguments. */
static int no_problem(const outlay_err *e)
{
    return e->code <= OUTLAY_P_NONE || e->code >= OUTLAY_P_COUNT || e->code == OUTLAY_P_BAD_PROBLEM;
}

static void read_all(const uint8_t *data, size_t size, enum outlay_encoding enc, size_t chunk,
                     struct read_result *out)
{
    memset(out, 0, sizeof *out);
    FILE *fp = fmemopen((void *)(size ? data : (const uint8_t *)""), size, "rb");
    if (!fp)
        abort();
    outlay_csv_reader *r = NULL;
    outlay_err err = {0};
    if (outlay_csv_reader_open_stream(&r, fp, "fuzz.csv", enc, &err) != OUTLAY_OK)
        abort();
    if (chunk)
        outlay_csv_reader_set_chunk(r, chunk);
    struct outlay_csv_row row;
    int got;
    long last_line = 0;
    size_t cap = 0;
    while ((got = outlay_csv_reader_next(r, &row, &err)) == 1) {
        if (row.nfields > OUTLAY_CSV_MAX_COLUMNS || row.line <= last_line)
            abort();
        last_line = row.line;
        if (out->nrows == cap) {
            cap = cap ? 2 * cap : 16;
            out->rows = realloc(out->rows, cap * sizeof *out->rows);
            if (!out->rows)
                abort();
        }
        struct rowcopy *c = &out->rows[out->nrows++];
        c->n = row.nfields;
        c->line = row.line;
        c->f = xmalloc(row.nfields * sizeof *c->f);
        c->len = xmalloc(row.nfields * sizeof *c->len);
        for (size_t k = 0; k < row.nfields; k++) {
            size_t len = strlen(row.fields[k]);
            if (len > OUTLAY_CSV_MAX_FIELD || !outlay_utf8_valid(row.fields[k], len))
                abort();
            c->len[k] = len;
            c->f[k] = xmalloc(len + 1);
            memcpy(c->f[k], row.fields[k], len + 1);
        }
    }
    if (got < 0) {
        out->failed = 1;
        out->err = err;
        if (no_problem(&err) || err.line < 1)
            abort();
    }
    /* After the end (or an error) the reader stays finished. */
    if (outlay_csv_reader_next(r, &row, &err) != got)
        abort();
    outlay_csv_reader_close(r);
    fclose(fp);
}

static void same_result(const struct read_result *a, const struct read_result *b)
{
    if (a->nrows != b->nrows || a->failed != b->failed)
        abort();
    for (size_t i = 0; i < a->nrows; i++) {
        if (a->rows[i].n != b->rows[i].n || a->rows[i].line != b->rows[i].line)
            abort();
        for (size_t k = 0; k < a->rows[i].n; k++)
            if (strcmp(a->rows[i].f[k], b->rows[i].f[k]) != 0)
                abort();
    }
    if (a->failed && (a->err.status != b->err.status || a->err.line != b->err.line ||
                      a->err.code != b->err.code || a->err.nargs != b->err.nargs))
        abort();
    for (int i = 0; a->failed && i < a->err.nargs; i++)
        if (a->err.args[i].n != b->err.args[i].n ||
            strcmp(a->err.args[i].text, b->err.args[i].text) != 0)
            abort();
}

/* --- 2. write, read back ----------------------------------------------- */

/* SPEC §5 and docs/spec-notes.md: a text whose run of leading "'" (maybe
 * none) is followed by a formula character gets one more "'". */
static int needs_mark(const char *s)
{
    s += strspn(s, "'");
    return s[0] && strchr("=+-@\t\r", s[0]);
}

static void round_trip(const struct read_result *res)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *w = open_memstream(&buf, &len);
    if (!w)
        abort();
    /* outlay's CSV output always starts with its header: without it a field
     * starting with U+FEFF would be read back as a byte order mark. */
    const char *header[] = {"h"};
    if (outlay_csv_write_row(w, header, NULL, 1) != OUTLAY_OK)
        abort();
    size_t nrows = 1;
    for (size_t i = 0; i < res->nrows; i++) {
        const struct rowcopy *c = &res->rows[i];
        int fits = c->n > 0;
        for (size_t k = 0; k < c->n; k++)
            fits = fits && c->len[k] + needs_mark(c->f[k]) <= OUTLAY_CSV_MAX_FIELD;
        if (!fits)
            continue;
        if (outlay_csv_write_row(w, (const char *const *)c->f, NULL, c->n) != OUTLAY_OK)
            abort();
        nrows++;
    }
    if (fclose(w) != 0)
        abort();
    struct read_result back;
    read_all((const uint8_t *)buf, len, OUTLAY_ENC_UTF8, 0, &back);
    if (back.failed || back.nrows != nrows)
        abort();
    size_t j = 1;
    for (size_t i = 0; i < res->nrows; i++) {
        const struct rowcopy *c = &res->rows[i];
        int fits = c->n > 0;
        for (size_t k = 0; k < c->n; k++)
            fits = fits && c->len[k] + needs_mark(c->f[k]) <= OUTLAY_CSV_MAX_FIELD;
        if (!fits)
            continue;
        const struct rowcopy *d = &back.rows[j++];
        if (d->n != c->n)
            abort();
        for (size_t k = 0; k < c->n; k++) {
            const char *got = d->f[k];
            if (needs_mark(c->f[k]) && *got++ != '\'')
                abort();
            if (strcmp(got, c->f[k]) != 0)
                abort();
            /* What the importer makes of it: the text itself. */
            if (strcmp(outlay_csv_unmark(d->f[k]), c->f[k]) != 0)
                abort();
        }
    }
    result_free(&back);
    free(buf);
}

/* --- 3. import into a ledger ------------------------------------------- */

static void cleanup(void)
{
    outlay_store_close(st);
    st = NULL;
    const char *suffix[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < 4; i++) {
        char p[160];
        snprintf(p, sizeof p, "%s%s", ledger_path, suffix[i]);
        unlink(p);
    }
    unlink(csv_path);
    rmdir(dir);
}

static void must(enum outlay_status s, const outlay_err *err)
{
    if (s != OUTLAY_OK) {
        fprintf(stderr, "fuzz_csv setup: %s\n", outlay_problem_name(err->code));
        abort();
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    outlay_err err = {0};
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/outlay-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        abort();
    snprintf(ledger_path, sizeof ledger_path, "%s/ledger.db", dir);
    snprintf(csv_path, sizeof csv_path, "%s/in.csv", dir);
    atexit(cleanup);
    must(outlay_store_open(&st, ledger_path, OUTLAY_STORE_WRITE, &err), &err);
    must(outlay_store_begin(st, 1, &err), &err);
    struct outlay_activity_in ain = {.title = "Trip", .deposit = "360", .headcount = "10"};
    must(outlay_ledger_activity_add(st, "trip", &ain, &err), &err);
    struct outlay_activity a;
    must(outlay_ledger_activity(st, "trip", 1, &a, &err), &err);
    static const struct outlay_participant_in people[] = {
        {.name = "alice", .dept = "hr", .tags = "rafting", .weight = "1"},
        {.name = "bob", .tags = "hotel;rafting", .weight = "2"},
        {.name = "张三"}};
    for (size_t i = 0; i < 3; i++)
        must(outlay_ledger_participant_add(st, &a, &people[i], 1, &err), &err);
    outlay_activity_release(&a);
    must(outlay_store_commit(st, &err), &err);
    return 0;
}

/* Records of each kind in activity a, and audit rows. */
static void counts(const struct outlay_activity *a, long c[5])
{
    outlay_err err = {0};
    outlay_line_cursor *lines = NULL;
    outlay_expense_cursor *expenses = NULL;
    outlay_participant_cursor *people = NULL;
    outlay_payment_cursor *deposits = NULL;
    outlay_audit_cursor *audit = NULL;
    struct outlay_budget_line l;
    struct outlay_expense e;
    struct outlay_participant p;
    struct outlay_payment pay;
    const char *at, *who, *cmd, *slug, *detail;
    memset(c, 0, 5 * sizeof *c);
    must(outlay_store_lines(st, a->id, &lines, &err), &err);
    while (outlay_line_cursor_next(lines, &l, &err) == 1)
        c[0]++;
    outlay_line_cursor_close(lines);
    must(outlay_store_expenses(st, a->id, &expenses, &err), &err);
    while (outlay_expense_cursor_next(expenses, &e, &err) == 1)
        c[1]++;
    outlay_expense_cursor_close(expenses);
    must(outlay_store_participants(st, a->id, &people, &err), &err);
    while (outlay_participant_cursor_next(people, &p, &err) == 1)
        c[2]++;
    outlay_participant_cursor_close(people);
    must(outlay_store_payments(st, OUTLAY_DEPOSIT, a->id, &deposits, &err), &err);
    while (outlay_payment_cursor_next(deposits, &pay, &err) == 1)
        c[3]++;
    outlay_payment_cursor_close(deposits);
    must(outlay_store_audit_list(st, NULL, &audit, &err), &err);
    while (outlay_audit_cursor_next(audit, &at, &who, &cmd, &slug, &detail, &err) == 1)
        c[4]++;
    outlay_audit_cursor_close(audit);
}

static long reported;

static void on_error(void *ctx, const outlay_err *p)
{
    (void)ctx;
    if (!p || no_problem(p) || p->line < 0)
        abort();
    reported++;
}

static void import(const uint8_t *data, size_t size, enum outlay_import_kind kind,
                   enum outlay_encoding enc, const struct read_result *res)
{
    FILE *f = fopen(csv_path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    outlay_err err = {0};
    struct outlay_activity a;
    long before[5], during[5], after[5];
    must(outlay_store_begin(st, 1, &err), &err);
    must(outlay_ledger_activity(st, "trip", 1, &a, &err), &err);
    counts(&a, before);
    struct outlay_import_opts o = {
        .kind = kind, .path = csv_path, .encoding = enc, .on_error = on_error};
    long rows = -1;
    reported = 0;
    enum outlay_status rc = outlay_import(st, &a, &o, &rows, &err);
    if (rc == OUTLAY_OK) {
        /* Non-blank data rows the reader gave. */
        long want = 0;
        for (size_t i = 1; i < res->nrows; i++) {
            int filled = 0;
            for (size_t k = 0; k < res->rows[i].n; k++)
                filled |= res->rows[i].f[k][0] != 0;
            want += filled;
        }
        if (res->failed || reported != 0 || rows != want)
            abort();
        counts(&a, during);
        for (int k = 0; k < 4; k++)
            if (during[k] != before[k] + (k == (int)kind ? rows : 0))
                abort();
        if (during[4] != before[4] + 1)
            abort(); /* one audit row for the whole file */
    } else if (rc == OUTLAY_EINVAL) {
        /* A file that starts as a zip archive is read as an xlsx workbook
         * (SPEC §15): refused as a whole file, no row reported. */
        int zip = size >= 4 && memcmp(data, "PK\3\4", 4) == 0;
        if ((reported == 0 && !zip) || no_problem(&err))
            abort();
    } else if (rc == OUTLAY_EOVERFLOW) {
        /* over the per-activity limit: refused whole, with a message */
        if (reported != 0 || no_problem(&err))
            abort();
    } else {
        /* Storage errors are not expected on a private ledger. */
        fprintf(stderr, "fuzz_csv: import failed with %d: %s\n", rc, outlay_problem_name(err.code));
        abort();
    }
    outlay_store_rollback(st);
    outlay_activity_release(&a);
    must(outlay_store_begin(st, 0, &err), &err);
    must(outlay_ledger_activity(st, "trip", 0, &a, &err), &err);
    counts(&a, after);
    outlay_store_rollback(st);
    outlay_activity_release(&a);
    if (memcmp(before, after, sizeof before) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    enum outlay_import_kind kind = (enum outlay_import_kind)(data[0] & 3);
    enum outlay_encoding enc = (data[0] & 4) ? OUTLAY_ENC_GBK : OUTLAY_ENC_UTF8;
    size_t chunk = small_chunks[(data[0] >> 3) % (sizeof small_chunks / sizeof small_chunks[0])];
    data++;
    size--;

    struct read_result whole, pieces;
    read_all(data, size, enc, 0, &whole);
    read_all(data, size, enc, chunk, &pieces);
    same_result(&whole, &pieces);
    result_free(&pieces);
    round_trip(&whole);
    import(data, size, kind, enc, &whole);
    result_free(&whole);
    return 0;
}
