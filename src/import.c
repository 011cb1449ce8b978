/*
 * import: CSV rows into the ledger through the same validation as the
 * commands (SPEC §5). The caller's transaction makes it all-or-nothing: on
 * any refused row we keep reading to report every error, then return
 * OUTLAY_EINVAL so the caller rolls back.
 */
#include "outlay/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/ledger.h"
#include "outlay/text.h"
#include "outlay/xlsxin.h"

#define MAX_COLS 12

struct kind_def {
    const char *name;
    const char *cols[MAX_COLS];
    int required; /* how many leading cols are required */
    int listed;   /* cols from here on are those only outlay's listings carry */
};

/* SPEC §15: the aliases column of participant list, ';'-separated, given
 * to the participant just added. */
static enum outlay_status import_aliases(outlay_store *st, const struct outlay_activity *a,
                                         const char *name, const char *aliases, outlay_err *err)
{
    enum outlay_status rc = OUTLAY_OK;
    char one[OUTLAY_TEXT_MAX * 4 + 1];
    while (rc == OUTLAY_OK && aliases && *aliases) {
        size_t n = strcspn(aliases, ";");
        if (n >= sizeof one)
            n = sizeof one - 1;
        memcpy(one, aliases, n);
        one[n] = 0;
        aliases += strcspn(aliases, ";");
        aliases += *aliases == ';';
        if (one[strspn(one, " \t")] == 0)
            continue;
        rc = outlay_ledger_participant_alias(st, a, name, one, 0, err);
        if (rc != OUTLAY_OK && !err->column[0])
            snprintf(err->column, sizeof err->column, "aliases");
    }
    return rc;
}

/* SPEC §5 columns; the required ones first. Those of outlay's listings
 * (SPEC §11) are accepted too: an id is ignored (rows are numbered after
 * the activity's records, in file order), a status "void" is recorded void
 * with the reason "imported", and a payment's reference is kept
 * (SPEC §15). A kind (SPEC §14; empty: other) may be given by anyone. */
static const struct kind_def kinds[] = {
    [OUTLAY_IMPORT_BUDGET] = {"budget",
                              {"category", "item", "unit_price", "qty", "unit", "note", "funded_by",
                               "per_head", "kind", "amount", "id", "status"},
                              3,
                              9},
    [OUTLAY_IMPORT_EXPENSES] = {"expenses",
                                {"category", "amount", "date", "item", "payee", "paid_by",
                                 "receipt", "for", "funded_by", "kind", "status", "id"},
                                2,
                                10},
    [OUTLAY_IMPORT_PARTICIPANTS] = {"participants",
                                    {"name", "dept", "tags", "weight", "status", "aliases"},
                                    1,
                                    4},
    [OUTLAY_IMPORT_DEPOSITS] = {"deposits",
                                {"name", "amount", "date", "method", "id", "reference", "status"},
                                2,
                                4},
};

/* Whose amounts an import of each kind adds to (participants: none). */
static const enum outlay_amounts limit_kinds[] = {
    [OUTLAY_IMPORT_BUDGET] = OUTLAY_AMOUNTS_BUDGET,
    [OUTLAY_IMPORT_EXPENSES] = OUTLAY_AMOUNTS_EXPENSES,
    [OUTLAY_IMPORT_PARTICIPANTS] = OUTLAY_AMOUNTS_KINDS,
    [OUTLAY_IMPORT_DEPOSITS] = OUTLAY_AMOUNTS_DEPOSITS,
};

/* SPEC §12: each column may be named in Chinese, as a sheet from Chinese
 * Excel or WPS names it. */
static const struct {
    const char *col, *zh;
} zh_names[] = {
    {"category", "类别"},   {"item", "项目"},      {"item", "品名"},   {"unit_price", "单价"},
    {"qty", "数量"},        {"unit", "单位"},      {"note", "备注"},   {"funded_by", "经费来源"},
    {"per_head", "按人数"}, {"amount", "金额"},    {"date", "日期"},   {"payee", "收款方"},
    {"paid_by", "垫付人"},  {"receipt", "票据号"}, {"for", "适用"},    {"name", "姓名"},
    {"dept", "部门"},       {"tags", "标签"},      {"weight", "份数"}, {"method", "方式"},
    {"status", "状态"},     {"id", "编号"},        {"kind", "性质"},   {"reference", "参考号"},
    {"kind", "类型"},       {"aliases", "别名"},
};

/* The column a header cell names: English in any letter case, or Chinese. */
static int column_of(const struct kind_def *def, const char *name)
{
    const char *en = name;
    for (size_t z = 0; z < sizeof zh_names / sizeof zh_names[0]; z++)
        if (!strcmp(name, zh_names[z].zh))
            en = zh_names[z].col;
    int k = 0;
    while (k < MAX_COLS && def->cols[k] && outlay_text_casecmp(def->cols[k], en) != 0)
        k++;
    return k < MAX_COLS && def->cols[k] ? k : -1;
}

int outlay_import_kind_parse(const char *s)
{
    for (size_t i = 0; s && i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(s, kinds[i].name) == 0)
            return (int)i;
    return -1;
}

struct importer {
    const struct outlay_import_opts *o;
    const struct kind_def *def;
    const char *file;
    int map[MAX_COLS]; /* column index in the file, or -1 */
    long errors;
    size_t width; /* fields in the header */
};

/* A row's problem p, at line and column, to the caller. */
static void row_error(struct importer *im, long line, const char *column, outlay_err *p)
{
    if (im->errors++ < OUTLAY_IMPORT_MAX_ERRORS && im->o->on_error) {
        snprintf(p->file, sizeof p->file, "%s", im->file);
        p->line = line;
        snprintf(p->column, sizeof p->column, "%s", column ? column : "");
        im->o->on_error(im->o->ctx, p);
    }
}

/* A problem naming the columns of the kind: its name, the required
 * columns, the others (", "-joined). */
static void columns_problem(const struct kind_def *def, enum outlay_problem code, outlay_err *p)
{
    char req[256] = "", other[256] = "";
    for (int i = 0; i < def->listed; i++) {
        char *b = i < def->required ? req : other;
        size_t len = strlen(b);
        snprintf(b + len, 256 - len, "%s%s", len ? ", " : "", def->cols[i]);
    }
    outlay_fail(p, OUTLAY_EINVAL, code, OUTLAY_A_TEXT(def->name), OUTLAY_A_TEXT(req),
                OUTLAY_A_TEXT(other));
}

/* Maps header names to our columns; reports unknown, repeated and missing. */
static int read_header(struct importer *im, const struct outlay_csv_row *row)
{
    int ok = 1;
    for (int i = 0; i < MAX_COLS; i++)
        im->map[i] = -1;
    for (size_t f = 0; f < row->nfields; f++) {
        char *name = row->fields[f];
        /* Hand-typed headers ("category, item") carry spaces: forgive them. */
        while (*name == ' ' || *name == '\t')
            name++;
        for (size_t n = strlen(name); n > 0 && (name[n - 1] == ' ' || name[n - 1] == '\t');)
            name[--n] = 0;
        int k = column_of(im->def, name);
        outlay_err p = {0};
        if (k < 0) {
            columns_problem(im->def, OUTLAY_P_IMPORT_UNKNOWN_COLUMN, &p);
            /* an empty header cell has no name: the CLI says so */
            row_error(im, row->line, name, &p);
            ok = 0;
        } else if (im->map[k] >= 0) {
            outlay_fail(&p, OUTLAY_EINVAL, OUTLAY_P_IMPORT_TWICE_COLUMN);
            row_error(im, row->line, name, &p);
            ok = 0;
        } else {
            im->map[k] = (int)f;
        }
    }
    for (int k = 0; k < im->def->required; k++) {
        if (im->map[k] >= 0)
            continue;
        outlay_err p = {0};
        columns_problem(im->def, OUTLAY_P_IMPORT_MISSING_COLUMN, &p);
        row_error(im, row->line, im->def->cols[k], &p);
        ok = 0;
    }
    return ok;
}

/* The cell of column k, unmarked (SPEC §5), or NULL when absent or empty. */
static const char *cell(const struct importer *im, const struct outlay_csv_row *row, int k)
{
    int f = im->map[k];
    if (f < 0 || (size_t)f >= row->nfields || !row->fields[f][0])
        return NULL;
    return outlay_csv_unmark(row->fields[f]);
}

static enum outlay_status import_row(outlay_store *st, const struct outlay_activity *a,
                                     struct importer *im, const struct outlay_csv_row *row,
                                     outlay_err *err)
{
#define C(k) cell(im, row, k)
    switch (im->o->kind) {
    case OUTLAY_IMPORT_BUDGET: {
        struct outlay_line_in in = {.category = C(0),
                                    .item = C(1),
                                    .unit_price = C(2),
                                    .qty = C(3),
                                    .unit = C(4),
                                    .note = C(5),
                                    .funded_by = C(6),
                                    .per_head = C(7),
                                    .kind = C(8),
                                    .amount = C(9),
                                    .status = C(11)};
        return outlay_ledger_line_add(st, a, &in, 0, NULL, err);
    }
    case OUTLAY_IMPORT_EXPENSES: {
        struct outlay_expense_in in = {.category = C(0),
                                       .amount = C(1),
                                       .date = C(2),
                                       .item = C(3),
                                       .payee = C(4),
                                       .paid_by = C(5),
                                       .receipt = C(6),
                                       .for_tag = C(7),
                                       .funded_by = C(8),
                                       .kind = C(9),
                                       .status = C(10)};
        return outlay_ledger_expense_add(st, a, &in, 0, NULL, NULL, NULL, err);
    }
    case OUTLAY_IMPORT_PARTICIPANTS: {
        struct outlay_participant_in in = {C(0), C(1), C(2), C(3), C(4)};
        enum outlay_status rc = outlay_ledger_participant_add(st, a, &in, 0, err);
        return rc == OUTLAY_OK ? import_aliases(st, a, C(0), C(5), err) : rc;
    }
    case OUTLAY_IMPORT_DEPOSITS: {
        struct outlay_payment_in in = {C(0), C(1), C(2), C(3), .status = C(6), .reference = C(5)};
        return outlay_ledger_payment_add(st, a, OUTLAY_DEPOSIT, &in, 0, NULL, NULL, NULL, err);
    }
    }
#undef C
    return OUTLAY_EINVAL;
}

/* A name the activity does not know gets a "did you mean" hint when the
 * error is one of those shown: the search passes over the participants,
 * so that the rows past them, counted only, cost no more than a lookup. */
static void hint(outlay_store *st, const struct outlay_activity *a, const struct importer *im,
                 const struct outlay_csv_row *row, outlay_err *p)
{
    char column[sizeof p->column];
    if (p->code != OUTLAY_P_NO_PARTICIPANT)
        return;
    int k = column_of(im->def, p->column);
    const char *typed = k >= 0 ? cell(im, row, k) : NULL;
    if (!typed)
        return;
    enum outlay_status status = p->status;
    snprintf(column, sizeof column, "%s", p->column);
    outlay_ledger_no_participant(st, a, typed, 1, p);
    p->status = status;
    snprintf(p->column, sizeof p->column, "%s", column);
}

/* SPEC §11: who the deposits of this import take past twice the planned
 * deposit. Those past it before are remembered (name and total, sorted)
 * and left out afterwards unless their total moved. */
struct excess {
    struct excess_one {
        char *name;
        int64_t total;
    } * v;
    size_t n, cap;
    int failed;
};

static void excess_note(void *ctx, const outlay_err *p)
{
    struct excess *x = ctx;
    if (x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 16;
        void *v = realloc(x->v, cap * sizeof *x->v);
        if (!v) {
            x->failed = 1;
            return;
        }
        x->v = v;
        x->cap = cap;
    }
    if (!(x->v[x->n].name = strdup(p->args[0].text))) {
        x->failed = 1;
        return;
    }
    x->v[x->n++].total = p->args[1].n;
}

static int excess_cmp(const void *a, const void *b)
{
    const struct excess_one *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->total > y->total) - (x->total < y->total);
}

/* The participants an import names, at most; the rest are counted. */
#define EXCESS_SHOWN 10

struct excess_filter {
    const struct excess *before;
    const struct outlay_import_opts *o;
    long more;
};

static void excess_warn(void *ctx, const outlay_err *p)
{
    struct excess_filter *f = ctx;
    struct excess_one key = {(char *)p->args[0].text, p->args[1].n};
    if (f->before->n && bsearch(&key, f->before->v, f->before->n, sizeof key, excess_cmp))
        return; /* past it before, and the import added nothing */
    if (f->more++ < EXCESS_SHOWN)
        f->o->on_warning(f->o->ctx, p);
}

static void excess_release(struct excess *x)
{
    for (size_t i = 0; i < x->n; i++)
        free(x->v[i].name);
    free(x->v);
}

/* Statuses that are about the row, not the storage. */
static int row_status(enum outlay_status s)
{
    return s == OUTLAY_EINVAL || s == OUTLAY_EEXIST || s == OUTLAY_EOVERFLOW ||
           s == OUTLAY_EUSAGE || s == OUTLAY_ENOTFOUND;
}

/* --- row source: CSV or an xlsx sheet (SPEC §15) ------------------------ */

/* The rows of the file, from the CSV reader or, when the file is a zip or
 * named .xlsx, from the sheet (outlay_xlsx_looks): both give rows as
 * struct outlay_csv_row, LINE being the line or the sheet's row number. */
struct row_source {
    outlay_csv_reader *csv;
    outlay_xlsx_reader *xlsx;
};

static enum outlay_status source_open(struct row_source *src, const struct outlay_import_opts *o,
                                      outlay_err *err)
{
    if (outlay_xlsx_looks(o->path))
        return outlay_xlsx_reader_open(&src->xlsx, o->path, o->sheet, err);
    if (o->sheet)
        return outlay_fail(err, OUTLAY_EUSAGE, OUTLAY_P_XLSX_SHEET_NOT_XLSX,
                           OUTLAY_A_INPUT(o->sheet));
    return outlay_csv_reader_open(&src->csv, o->path, o->encoding, err);
}

static int source_next(struct row_source *src, struct outlay_csv_row *row, outlay_err *err)
{
    return src->xlsx ? outlay_xlsx_reader_next(src->xlsx, row, err)
                     : outlay_csv_reader_next(src->csv, row, err);
}

/* After the header: the sheet's serial numbers in the date column are
 * dates. */
static void source_header(struct row_source *src, const struct importer *im)
{
    int k = column_of(im->def, "date");
    if (src->xlsx && k >= 0 && im->map[k] >= 0)
        outlay_xlsx_reader_date_column(src->xlsx, (size_t)im->map[k]);
}

static void source_close(struct row_source *src)
{
    outlay_xlsx_reader_close(src->xlsx);
    outlay_csv_reader_close(src->csv);
}

/* The import itself (outlay_import), all of it inside bulk mode. */
static enum outlay_status import_file(outlay_store *st, const struct outlay_activity *a,
                                      const struct outlay_import_opts *o, long *rows,
                                      outlay_err *err)
{
    struct importer im = {
        .o = o, .def = &kinds[o->kind], .file = strcmp(o->path, "-") == 0 ? "<stdin>" : o->path};
    struct row_source r = {0};
    struct outlay_csv_row row;
    outlay_err rerr = {0};
    int got, header_ok = 0, have_header = 0;
    *rows = 0;
    enum outlay_status rc = source_open(&r, o, err);
    if (rc != OUTLAY_OK)
        return rc;
    outlay_store_bulk(st, 1, err);
    while ((got = source_next(&r, &row, &rerr)) == 1) {
        if (!have_header) {
            have_header = 1;
            header_ok = read_header(&im, &row);
            im.width = row.nfields;
            if (!header_ok)
                break;
            source_header(&r, &im);
            continue;
        }
        size_t filled = 0;
        for (size_t f = 0; f < row.nfields; f++)
            filled += row.fields[f][0] != 0;
        if (filled == 0)
            continue; /* a spreadsheet's blank row: ",,," */
        if (row.nfields > im.width) {
            outlay_err p = {0};
            outlay_fail(&p, OUTLAY_EINVAL, OUTLAY_P_IMPORT_WIDE_ROW, OUTLAY_A_INT(row.nfields),
                        OUTLAY_A_INT(im.width));
            row_error(&im, row.line, "", &p);
            continue;
        }
        outlay_err rowerr = {0};
        enum outlay_status s = import_row(st, a, &im, &row, &rowerr);
        if (s == OUTLAY_OK) {
            ++*rows;
            if (o->progress && *rows % 10000 == 0)
                o->progress(o->ctx, *rows);
        } else if (row_status(s) && !outlay_store_failed(st)) {
            char column[sizeof rowerr.column];
            snprintf(column, sizeof column, "%s", rowerr.column);
            if (im.errors < OUTLAY_IMPORT_MAX_ERRORS)
                hint(st, a, &im, &row, &rowerr);
            row_error(&im, row.line, column, &rowerr);
        } else {
            *err = rowerr;
            rc = s;
            break;
        }
    }
    if (got < 0) {
        char column[sizeof rerr.column]; /* the xlsx cell, as "C7" */
        snprintf(column, sizeof column, "%s", rerr.column);
        row_error(&im, rerr.line, column, &rerr);
    } else if (got == 0 && !have_header) {
        outlay_err p = {0};
        columns_problem(im.def, OUTLAY_P_IMPORT_EMPTY_FILE, &p);
        row_error(&im, 1, "", &p);
    }
    source_close(&r);
    /* The rows were added without the per-activity limit (checking it per
     * row would make an import quadratic): check it once for the file. It
     * reads the records themselves, so it holds in bulk mode too. */
    outlay_err lerr = {0};
    enum outlay_status lrc = OUTLAY_OK;
    if (rc == OUTLAY_OK && im.errors == 0 && o->kind != OUTLAY_IMPORT_PARTICIPANTS)
        lrc = outlay_ledger_limit(st, a, limit_kinds[o->kind], &lerr);
    outlay_err berr = {0};
    enum outlay_status brc = outlay_store_bulk(st, 0, &berr);
    if (rc != OUTLAY_OK)
        return rc;
    if (lrc != OUTLAY_OK) {
        *err = lerr; /* the CLI adds that nothing was imported */
        return lrc;
    }
    if (im.errors > OUTLAY_IMPORT_MAX_ERRORS)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_IMPORT_ERRORS_MANY, OUTLAY_A_INT(im.errors),
                           OUTLAY_A_INT(OUTLAY_IMPORT_MAX_ERRORS));
    if (im.errors > 0)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_IMPORT_ERRORS, OUTLAY_A_INT(im.errors));
    if (brc != OUTLAY_OK) {
        *err = berr;
        return brc;
    }
    char detail[512];
    snprintf(detail, sizeof detail, "imported %ld %s from %s", *rows, im.def->name, im.file);
    char command[32];
    snprintf(command, sizeof command, "import %s", im.def->name);
    return outlay_store_audit(st, command, a->slug, detail, err);
}

enum outlay_status outlay_import(outlay_store *st, const struct outlay_activity *a,
                                 const struct outlay_import_opts *o, long *rows, outlay_err *err)
{
    struct excess before = {0};
    int deposits = o->kind == OUTLAY_IMPORT_DEPOSITS && o->on_warning && a->deposit > 0;
    enum outlay_status rc = OUTLAY_OK;
    *rows = 0;
    if (deposits && outlay_ledger_deposit_problems(st, a, 0, excess_note, &before, err) < 0)
        rc = err->status;
    else if (before.failed)
        rc = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    if (rc == OUTLAY_OK && before.n)
        qsort(before.v, before.n, sizeof *before.v, excess_cmp);
    if (rc == OUTLAY_OK)
        rc = import_file(st, a, o, rows, err);
    struct excess_filter f = {&before, o, 0};
    if (rc == OUTLAY_OK && deposits &&
        outlay_ledger_deposit_problems(st, a, 0, excess_warn, &f, err) < 0)
        rc = err->status;
    if (rc == OUTLAY_OK && f.more > EXCESS_SHOWN) {
        outlay_err p = {0};
        outlay_fail(&p, OUTLAY_ECHECK, OUTLAY_P_IMPORT_EXCESS_MORE,
                    OUTLAY_A_INT(f.more - EXCESS_SHOWN), OUTLAY_A_TEXT(a->slug));
        o->on_warning(o->ctx, &p);
    }
    excess_release(&before);
    return rc;
}
