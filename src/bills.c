/*
 * bills: WeChat Pay and Alipay bills as deposits, payouts and expenses
 * (SPEC §15). A bill is read whole (it is small: a year of one person's
 * payments), from its text (converted from GBK unless it is UTF-8) or from
 * the sheet of a WeChat Pay .xlsx (the xlsx import's reader), its preamble
 * skipped by finding the header row, and each row split by a lenient
 * splitter of its own: the apps pad cells after a closing quote, put a
 * quote inside an unquoted cell and a tab after an id, which a strict CSV
 * reader (csvio.c, kept strict for ordinary files) would refuse.
 */
#include "outlay/bills.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/date.h"
#include "outlay/money.h"
#include "outlay/store.h"
#include "outlay/text.h"
#include "outlay/xlsxin.h"

#define BILL_MAX_BYTES (64L << 20)
#define BILL_MAX_CELLS 24

/* The header row of each app (SPEC §15) and where its fields are. */
static const struct app_def {
    const char *name;
    int ncols;
    const char *cols[12];
    int time, type, party, account, goods, direction, amount, status, id;
} apps[] = {
    [OUTLAY_BILL_WECHAT] = {"wechat",
                            11,
                            {"交易时间", "交易类型", "交易对方", "商品", "收/支", "金额(元)",
                             "支付方式", "当前状态", "交易单号", "商户单号", "备注"},
                            0,
                            1,
                            2,
                            -1,
                            3,
                            4,
                            5,
                            7,
                            8},
    [OUTLAY_BILL_ALIPAY] = {"alipay",
                            12,
                            {"交易时间", "交易分类", "交易对方", "对方账号", "商品说明", "收/支",
                             "金额", "收/付款方式", "交易状态", "交易订单号", "商家订单号", "备注"},
                            0,
                            1,
                            2,
                            3,
                            4,
                            5,
                            6,
                            8,
                            9},
};

/* SPEC §15: only these are money that moved; and 对方已收钱, which WeChat
 * Pay shows on a transfer the treasurer sent once the participant accepted
 * it (beyond SPEC §15's list: without it such a payout would be skipped).
 * Refunds (已全额退款, 对方已退还, 退款成功), pending and failed rows are
 * not. */
static const char *const done_words[] = {"支付成功", "已收钱", "朋友已收钱", "已存入零钱",
                                         "已转账",   "已到账", "交易成功",   "对方已收钱"};

/* Names the file and the line (from 1; 0: none) of the problem in err. */
static enum outlay_status at(outlay_err *err, const char *path, long line)
{
    snprintf(err->file, sizeof err->file, "%s", path);
    err->line = line;
    return err->status;
}

static enum outlay_status read_all(const char *path, char **out, size_t *len, outlay_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        outlay_fail(err, OUTLAY_EIO, OUTLAY_P_BILL_READ, OUTLAY_A_TEXT(path),
                    OUTLAY_A_ERRNO(errno));
        return at(err, path, 0);
    }
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap + 1);
    while (b) {
        size_t got = fread(b + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        if ((long)cap >= BILL_MAX_BYTES) {
            free(b);
            fclose(f);
            outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_BILL_READ, OUTLAY_A_TEXT(path),
                        OUTLAY_A_ERRNO(EFBIG));
            return at(err, path, 0);
        }
        char *b2 = realloc(b, cap * 2 + 1);
        if (!b2) {
            free(b);
            b = NULL;
            break;
        }
        b = b2;
        cap *= 2;
    }
    int bad = ferror(f);
    fclose(f);
    if (!b)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    if (bad) {
        free(b);
        return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_BILL_READ, OUTLAY_A_TEXT(path),
                           OUTLAY_A_ERRNO(EIO));
    }
    b[n] = 0;
    *out = b;
    *len = n;
    return OUTLAY_OK;
}

/* GBK (as GB18030, its superset) to UTF-8; *b replaced. */
static enum outlay_status from_gbk(const char *path, char **b, size_t *len, outlay_err *err)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_BILL_READ, OUTLAY_A_TEXT(path),
                           OUTLAY_A_ERRNO(errno));
    size_t cap = *len * 2 + 16;
    char *out = malloc(cap), *in = *b, *o = out;
    size_t inleft = *len, outleft = cap - 1;
    size_t r = out ? iconv(cd, &in, &inleft, &o, &outleft) : (size_t)-1;
    iconv_close(cd);
    if (!out)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    if (r == (size_t)-1 || inleft) {
        free(out);
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_BILL_ENCODING,
                    OUTLAY_A_INT((long long)(in - *b) + 1));
        return at(err, path, 0);
    }
    *o = 0;
    free(*b);
    *b = out;
    *len = (size_t)(o - out);
    return OUTLAY_OK;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = 0;
    return s;
}

/* Splits one line in place into at most max cells, trimmed of spaces and
 * tabs. A cell that opens with a quote runs to its closing quote ("" is
 * one); what follows up to the comma is padding and kept. A quote inside
 * an unquoted cell is data. -1 for a quote never closed (a cut line). */
static int split_line(char *line, char **cells, int max)
{
    int n = 0;
    char *p = line;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        char *start = p, *o = p;
        if (*p == '"') {
            p++;
            for (;;) {
                if (!*p)
                    return -1;
                if (*p == '"' && p[1] == '"') {
                    *o++ = '"';
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    *o++ = *p++;
                }
            }
        }
        while (*p && *p != ',')
            *o++ = *p++;
        int more = *p == ',';
        p += more;
        *o = 0;
        if (n < max)
            cells[n++] = trim(start);
        if (!more)
            return n;
    }
}

static int is_header(char **cells, int n, const struct app_def *d)
{
    if (n < d->ncols)
        return 0;
    for (int i = 0; i < d->ncols; i++)
        if (strcmp(cells[i], d->cols[i]) != 0)
            return 0;
    return 1;
}

struct row {
    struct outlay_bill_row r;
    enum outlay_bill_fate fate;
    char name[1024];
};

static int by_time(const void *x, const void *y)
{
    const struct row *a = x, *b = y;
    int c = strcmp(a->r.time, b->r.time);
    return c ? c : (a->r.line > b->r.line) - (a->r.line < b->r.line);
}

static int by_id(const void *x, const void *y)
{
    const struct row *a = *(const struct row *const *)x, *b = *(const struct row *const *)y;
    int c = strcmp(a->r.id, b->r.id);
    return c ? c : (a->r.line > b->r.line) - (a->r.line < b->r.line);
}

static int done_status(const char *s)
{
    for (size_t i = 0; i < sizeof done_words / sizeof done_words[0]; i++)
        if (!strcmp(s, done_words[i]))
            return 1;
    return 0;
}

/* The participant a counterparty is: by name, else by alias. */
static int match(outlay_store *st, const struct outlay_activity *a, const char *who, char *name,
                 size_t n, outlay_err *err)
{
    struct outlay_participant p;
    if (!who || !*who)
        return 0;
    enum outlay_status rc = outlay_store_participant_get(st, a->id, who, &p, err);
    if (rc == OUTLAY_ENOTFOUND) {
        outlay_err_clear(err);
        rc = outlay_store_alias_get(st, a->id, who, &p, err);
    }
    if (rc == OUTLAY_ENOTFOUND) {
        outlay_err_clear(err);
        return 0;
    }
    if (rc != OUTLAY_OK)
        return -1;
    snprintf(name, n, "%s", p.name);
    return 1;
}

static enum outlay_status field_problem(const char *path, long line, const char *col, const char *v,
                                        outlay_err *err)
{
    outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_BILL_FIELD, OUTLAY_A_TEXT(col), OUTLAY_A_INPUT(v));
    return at(err, path, line);
}

/* The lines of a bill, from its text (CSV) or its first sheet (xlsx). */
struct lines {
    char *p;                        /* CSV: the text not yet read */
    outlay_xlsx_reader *x;          /* or the sheet */
    long line;                      /* of the row given last */
    char **owned;                   /* xlsx: each row's cells, copied */
    size_t nowned, owned_cap, held; /* held: bytes copied, at most BILL_MAX_BYTES */
    const char *path;
};

/* An xlsx row's cells copied (the reader's are valid until its next row)
 * and trimmed, as many as BILL_MAX_CELLS; missing cells are "". */
static int copy_row(struct lines *l, const struct outlay_csv_row *row, char **cells,
                    outlay_err *err)
{
    size_t n = row->nfields < BILL_MAX_CELLS ? row->nfields : BILL_MAX_CELLS, len = 0;
    for (size_t i = 0; i < n; i++)
        len += strlen(row->fields[i]) + 1;
    /* as much as a CSV bill may hold, whatever the sheet inflates to */
    l->held += len + 1 + sizeof(char *);
    if (l->held > (size_t)BILL_MAX_BYTES) {
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_BILL_READ, OUTLAY_A_TEXT(l->path),
                    OUTLAY_A_ERRNO(EFBIG));
        at(err, l->path, row->line);
        return -1;
    }
    if (l->nowned == l->owned_cap) {
        size_t cap = l->owned_cap ? l->owned_cap * 2 : 64;
        char **o = realloc(l->owned, cap * sizeof *o);
        if (!o)
            return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM), -1;
        l->owned = o;
        l->owned_cap = cap;
    }
    char *b = malloc(len + 1);
    if (!b)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM), -1;
    l->owned[l->nowned++] = b;
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(row->fields[i]);
        memcpy(b, row->fields[i], k + 1);
        cells[i] = trim(b);
        b += k + 1;
    }
    *b = 0;
    for (size_t i = n; i < BILL_MAX_CELLS; i++)
        cells[i] = b; /* "" */
    return (int)n;
}

/* The next line's cells: their count (-1 for a CSV line cut inside a
 * quote), 0 at the end of the bill; *end set when the line closes the rows
 * (blank, or a rule of dashes; only looked for when rows is set); -2 on an
 * error of the sheet (err set). An xlsx row gives every cell up to
 * BILL_MAX_CELLS (missing ones ""): a sheet drops empty trailing cells. */
static int next_line(struct lines *l, int rows, char **cells, int *end, outlay_err *err)
{
    *end = 0;
    if (l->x) {
        struct outlay_csv_row row;
        int got = outlay_xlsx_reader_next(l->x, &row, err);
        if (got <= 0)
            return got < 0 ? -2 : 0;
        l->line = row.line;
        int n = copy_row(l, &row, cells, err);
        if (n < 0)
            return -2;
        *end = rows && !strncmp(cells[0], "---", 3);
        return n ? BILL_MAX_CELLS : 0;
    }
    if (!*l->p)
        return 0;
    char *nl = strchr(l->p, '\n');
    if (nl)
        *nl = 0;
    char *text = l->p;
    l->p = nl ? nl + 1 : l->p + strlen(l->p);
    l->line++;
    if (rows) {
        char *t = trim(text);
        if (!*t || !strncmp(t, "---", 3)) {
            *end = 1;
            return 1;
        }
    }
    return split_line(text, cells, BILL_MAX_CELLS);
}

/* Reads the rows of the bill into *rows (pointing into buf or l's rows). */
static enum outlay_status parse(const struct outlay_bill_opts *o, struct lines *l,
                                struct row **rows, size_t *nrows, outlay_err *err)
{
    const struct app_def *d = &apps[o->app], *other = &apps[!o->app];
    char *cells[BILL_MAX_CELLS];
    int in_rows = 0, ended = 0, end, n;
    size_t cap = 0;
    *rows = NULL;
    *nrows = 0;
    while (!ended && (n = next_line(l, in_rows, cells, &end, err)) != 0) {
        if (n == -2)
            return err->status;
        long line = l->line;
        if (!in_rows) {
            if (n > 0 && is_header(cells, n, d)) {
                in_rows = 1;
                /* a bill saved again by Excel holds its times as serial
                 * numbers; read them as the app writes them */
                if (l->x)
                    outlay_xlsx_reader_datetime_column(l->x, (size_t)d->time);
            } else if (n > 0 && is_header(cells, n, other)) {
                outlay_fail(err, OUTLAY_EINVAL,
                            o->app == OUTLAY_BILL_WECHAT ? OUTLAY_P_BILL_IS_ALIPAY
                                                         : OUTLAY_P_BILL_IS_WECHAT);
                return at(err, o->path, line);
            }
            continue;
        }
        if (end) {
            ended = 1;
            break;
        }
        if (n < d->ncols) {
            outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_BILL_TRUNCATED);
            return at(err, o->path, line);
        }
        if (*nrows == cap) {
            cap = cap ? cap * 2 : 64;
            struct row *r2 = realloc(*rows, cap * sizeof *r2);
            if (!r2)
                return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
            *rows = r2;
        }
        struct row *r = &(*rows)[(*nrows)++];
        memset(r, 0, sizeof *r);
        r->r.line = line;
        r->r.time = cells[d->time];
        r->r.type = cells[d->type];
        r->r.party = cells[d->party];
        r->r.account = d->account >= 0 ? cells[d->account] : "";
        r->r.goods = cells[d->goods];
        r->r.direction = cells[d->direction];
        r->r.status = cells[d->status];
        r->r.id = cells[d->id];
        char day[11];
        snprintf(day, sizeof day, "%s", r->r.time);
        if (strlen(r->r.time) < 10 || outlay_date_parse(day, r->r.date, err) != OUTLAY_OK)
            return field_problem(o->path, line, d->cols[d->time], r->r.time, err);
        if (outlay_money_parse(cells[d->amount], 0, &r->r.amount, err) != OUTLAY_OK)
            return field_problem(o->path, line, d->cols[d->amount], cells[d->amount], err);
    }
    if (!in_rows) {
        outlay_fail(err, OUTLAY_EINVAL,
                    o->app == OUTLAY_BILL_WECHAT ? OUTLAY_P_BILL_NOT_WECHAT
                                                 : OUTLAY_P_BILL_NOT_ALIPAY,
                    OUTLAY_A_TEXT(o->path));
        return at(err, o->path, 0);
    }
    /* Alipay closes its rows with a rule and notes; without it the file
     * was cut after a whole row. (A sheet cut short is a damaged archive.) */
    if (o->app == OUTLAY_BILL_ALIPAY && !ended && !l->x) {
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_BILL_TRUNCATED);
        return at(err, o->path, l->line + 1);
    }
    return OUTLAY_OK;
}

/* What each row is to become (before anything is written). */
static enum outlay_status classify(outlay_store *st, const struct outlay_activity *a,
                                   const struct outlay_bill_opts *o, struct row *rows, size_t n,
                                   outlay_err *err)
{
    for (size_t i = 0; i < n; i++) {
        struct row *r = &rows[i];
        int income = !strcmp(r->r.direction, "收入"), out = !strcmp(r->r.direction, "支出");
        r->fate = OUTLAY_BILL_SKIPPED;
        if (!done_status(r->r.status) || (!income && !out) || r->r.amount == 0 ||
            (o->from && strcmp(r->r.date, o->from) < 0) || (o->to && strcmp(r->r.date, o->to) > 0))
            continue;
        int m = match(st, a, r->r.party, r->name, sizeof r->name, err);
        if (m == 0)
            m = match(st, a, r->r.account, r->name, sizeof r->name, err);
        if (m < 0)
            return err->status;
        int transfer = strstr(r->r.type, "转账") || strstr(r->r.type, "红包");
        if (income)
            r->fate = m ? OUTLAY_BILL_DEPOSIT : OUTLAY_BILL_UNMATCHED;
        else if (transfer && m)
            r->fate = OUTLAY_BILL_PAYOUT;
        else if (o->expenses)
            r->fate = OUTLAY_BILL_EXPENSE;
        if (r->fate == OUTLAY_BILL_SKIPPED || r->fate == OUTLAY_BILL_UNMATCHED)
            continue;
        if (!*r->r.id)
            return field_problem(o->path, r->r.line, apps[o->app].cols[apps[o->app].id], "", err);
        int held = outlay_store_reference_held(st, a->id, r->r.id, err);
        if (held < 0)
            return err->status;
        if (held)
            r->fate = OUTLAY_BILL_PRESENT;
        r->r.name = m ? r->name : NULL;
    }
    return OUTLAY_OK;
}

/* SPEC §15: an id twice among the rows that would be recorded. */
static enum outlay_status duplicates(const char *path, struct row *rows, size_t n, outlay_err *err)
{
    struct row **v = malloc((n ? n : 1) * sizeof *v);
    size_t k = 0;
    if (!v)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    for (size_t i = 0; i < n; i++)
        if (rows[i].fate <= OUTLAY_BILL_EXPENSE)
            v[k++] = &rows[i];
    qsort(v, k, sizeof *v, by_id);
    enum outlay_status rc = OUTLAY_OK;
    for (size_t i = 1; i < k && rc == OUTLAY_OK; i++)
        if (!strcmp(v[i]->r.id, v[i - 1]->r.id)) {
            outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_BILL_DUPLICATE_ID, OUTLAY_A_TEXT(v[i]->r.id),
                        OUTLAY_A_INT(v[i - 1]->r.line));
            rc = at(err, path, v[i]->r.line);
        }
    free(v);
    return rc;
}

static int payout_refused(const outlay_err *e)
{
    return e->code == OUTLAY_P_PAYOUT_OVER_REFUND || e->code == OUTLAY_P_PAYOUT_NO_REFUND;
}

static enum outlay_status record(outlay_store *st, const struct outlay_activity *a,
                                 const struct outlay_bill_opts *o, struct row *r, outlay_bill_cb cb,
                                 void *ctx, struct outlay_bill_summary *sum, outlay_err *err)
{
    char amount[OUTLAY_MONEY_BUFSZ];
    outlay_money_format(r->r.amount, 0, amount);
    const char *method = o->app == OUTLAY_BILL_WECHAT ? "微信" : "支付宝";
    enum outlay_status rc;
    if (r->fate == OUTLAY_BILL_EXPENSE) {
        struct outlay_expense_in in = {.category = o->expenses,
                                       .amount = amount,
                                       .date = r->r.date,
                                       .item = r->r.goods,
                                       .payee = r->r.party,
                                       .receipt = r->r.id};
        rc = outlay_ledger_expense_add(st, a, &in, 0, NULL, NULL, NULL, err);
    } else {
        struct outlay_payment_in in = {.name = r->name,
                                       .amount = amount,
                                       .date = r->r.date,
                                       .method = method,
                                       .reference = r->r.id};
        rc = outlay_ledger_payment_add(
            st, a, r->fate == OUTLAY_BILL_DEPOSIT ? OUTLAY_DEPOSIT : OUTLAY_PAYOUT, &in, 0, NULL,
            NULL, NULL, err);
        if (rc != OUTLAY_OK && r->fate == OUTLAY_BILL_PAYOUT && payout_refused(err)) {
            r->fate = OUTLAY_BILL_SKIPPED;
            if (cb)
                cb(ctx, &r->r, r->fate, err);
            outlay_err_clear(err);
            sum->n[OUTLAY_BILL_SKIPPED]++;
            return OUTLAY_OK;
        }
    }
    if (rc != OUTLAY_OK) /* what the ledger refused, at its row */
        return at(err, o->path, r->r.line);
    sum->n[r->fate]++;
    if (outlay_money_add(sum->fen[r->fate], r->r.amount, &sum->fen[r->fate]) != OUTLAY_OK) {
        outlay_fail(err, OUTLAY_EOVERFLOW, OUTLAY_P_BILL_FIELD, OUTLAY_A_TEXT("amount"),
                    OUTLAY_A_INPUT(amount));
        return at(err, o->path, r->r.line);
    }
    if (cb)
        cb(ctx, &r->r, r->fate, NULL);
    return OUTLAY_OK;
}

static void tell_unmatched(outlay_store *st, const struct outlay_activity *a, struct row *r,
                           outlay_bill_cb cb, void *ctx)
{
    outlay_err why = {0};
    outlay_ledger_no_participant(st, a, r->r.party, 1, &why);
    /* nobody near: a payment app's name is most often a nickname */
    if (why.code == OUTLAY_P_NO_PARTICIPANT)
        outlay_fail(&why, OUTLAY_EINVAL, OUTLAY_P_BILL_NOBODY, OUTLAY_A_INPUT(r->r.party),
                    OUTLAY_A_TEXT(a->slug));
    cb(ctx, &r->r, OUTLAY_BILL_UNMATCHED, &why);
}

enum outlay_status outlay_bills_import(outlay_store *st, const struct outlay_activity *a,
                                       const struct outlay_bill_opts *o, outlay_bill_cb cb,
                                       void *ctx, struct outlay_bill_summary *sum, outlay_err *err)
{
    char *buf = NULL;
    size_t len = 0;
    struct row *rows = NULL;
    size_t n = 0;
    memset(sum, 0, sizeof *sum);
    struct lines l = {.path = o->path};
    enum outlay_status rc;
    if (outlay_xlsx_looks(o->path)) {
        /* WeChat Pay exports its bill as .xlsx too: the same rows in a
         * sheet, read by the streaming reader of xlsx import. */
        rc = outlay_xlsx_reader_open(&l.x, o->path, NULL, err);
        if (rc != OUTLAY_OK)
            at(err, o->path, 0); /* the whole file */
    } else {
        rc = read_all(o->path, &buf, &len, err);
        /* Alipay writes GBK, WeChat UTF-8; a bill is taken as UTF-8 when it
         * is valid UTF-8 (GBK Chinese never is), else as GBK, and its header
         * then says which app wrote it. */
        if (rc == OUTLAY_OK && !outlay_utf8_valid(buf, len))
            rc = from_gbk(o->path, &buf, &len, err);
        if (rc == OUTLAY_OK)
            l.p = buf + (strncmp(buf, "\xEF\xBB\xBF", 3) ? 0 : 3);
    }
    if (rc == OUTLAY_OK)
        rc = parse(o, &l, &rows, &n, err);
    if (rc == OUTLAY_OK) {
        /* SPEC §11: numbered in transaction-time order (bills list the
         * newest first). */
        if (n > 1) /* qsort's base may not be NULL, even for no rows */
            qsort(rows, n, sizeof *rows, by_time);
        rc = classify(st, a, o, rows, n, err);
    }
    if (rc == OUTLAY_OK)
        rc = duplicates(o->path, rows, n, err);
    for (size_t i = 0; rc == OUTLAY_OK && i < n; i++) {
        enum outlay_bill_fate f = rows[i].fate;
        if (f == OUTLAY_BILL_PRESENT || f == OUTLAY_BILL_SKIPPED)
            sum->n[f]++;
        else if (f == OUTLAY_BILL_UNMATCHED) {
            sum->n[f]++;
            if (cb)
                tell_unmatched(st, a, &rows[i], cb, ctx);
        }
    }
    /* Deposits first, so that each payout is checked against the balance
     * after them; then payouts, then expenses. */
    static const enum outlay_bill_fate order[] = {OUTLAY_BILL_DEPOSIT, OUTLAY_BILL_PAYOUT,
                                                  OUTLAY_BILL_EXPENSE};
    for (size_t k = 0; k < 3 && rc == OUTLAY_OK; k++)
        for (size_t i = 0; rc == OUTLAY_OK && i < n; i++)
            if (rows[i].fate == order[k])
                rc = record(st, a, o, &rows[i], cb, ctx, sum, err);
    static const enum outlay_amounts kinds[] = {OUTLAY_AMOUNTS_DEPOSITS, OUTLAY_AMOUNTS_PAYOUTS,
                                                OUTLAY_AMOUNTS_EXPENSES};
    for (size_t k = 0; k < 3 && rc == OUTLAY_OK; k++)
        if (sum->n[k])
            rc = outlay_ledger_limit(st, a, kinds[k], err);
    if (rc == OUTLAY_OK && sum->n[0] + sum->n[1] + sum->n[2] > 0) {
        char detail[512], command[32];
        snprintf(command, sizeof command, "import %s", apps[o->app].name);
        snprintf(detail, sizeof detail, "imported %ld deposits, %ld payouts, %ld expenses from %s",
                 sum->n[0], sum->n[1], sum->n[2], o->path);
        rc = outlay_store_audit(st, command, a->slug, detail, err);
    }
    free(rows);
    free(buf);
    for (size_t i = 0; i < l.nowned; i++)
        free(l.owned[i]);
    free(l.owned);
    outlay_xlsx_reader_close(l.x);
    return rc;
}
