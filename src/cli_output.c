/*
 * cli_output: listings for people (aligned tables), for spreadsheets (CSV,
 * SPEC §5) and for programs (JSON: one array, an object per row, every value
 * a string so amounts stay exact). CSV and JSON stream row by row; a table
 * must see every row to align its columns.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"

struct cli_table {
    enum cli_format fmt;
    const struct cli_column *cols;
    size_t ncols;
    size_t nrows, cap;
    char **cells; /* nrows * (ncols + 1): the last is the mark */
    unsigned char *rule_before;
    int rule_pending;
    int json_rows;
    int failed;
    iconv_t gbk; /* (iconv_t)-1 unless --encoding gbk */
};

/* One CSV row on stdout, in GB18030 when the table was asked for GBK
 * (SPEC §12: what Chinese Excel opens without garbling). */
static int csv_row(struct cli_table *t, const char *const *cells, const int *is_number)
{
    if (t->gbk == (iconv_t)-1)
        return outlay_csv_write_row(stdout, cells, is_number, t->ncols) == OUTLAY_OK ? 0 : -1;
    char *row = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&row, &len);
    if (!m)
        return -1;
    int rc = outlay_csv_write_row(m, cells, is_number, t->ncols) == OUTLAY_OK ? 0 : -1;
    if (fclose(m) != 0)
        rc = -1;
    char out[4096];
    char *in = row;
    size_t left = rc == 0 ? len : 0;
    while (left > 0 && rc == 0) {
        char *o = out;
        size_t room = sizeof out;
        size_t r = iconv(t->gbk, &in, &left, &o, &room);
        if (o > out)
            fwrite(out, 1, (size_t)(o - out), stdout);
        if (r == (size_t)-1 && errno != E2BIG)
            rc = -1; /* stored text is valid UTF-8, and GB18030 holds all of Unicode */
    }
    free(row);
    return rc;
}

size_t cli_text_width(const char *s)
{
    return outlay_text_width(s);
}

/* The values a table shows in the reader's language (SPEC §12), marked for
 * xgettext with the context "value" (a "void" value is not the verb). */
#define NC_(ctx, s) (s)
static const char *const table_values[] = {
    NC_("value", "participants"), NC_("value", "union"), NC_("value", "ok"), NC_("value", "void"),
    NC_("value", "active"), NC_("value", "withdrawn"), NC_("value", "open"), NC_("value", "closed"),
    NC_("value", "yes"), NC_("value", "refund"), NC_("value", "supplement"),
    NC_("value", "settled"),
    /* SPEC §14: kinds (rules.c) */
    NC_("value", "other"), NC_("value", "prize-winner"), NC_("value", "prize-participation"),
    NC_("value", "souvenir"), NC_("value", "meal"), NC_("value", "clothing"),
    NC_("value", "gift-card"), NC_("value", "kept"), /* SPEC §14: a small refund kept in the fund */
};

const char *cli_value(const struct cli *c, const char *value)
{
    if (!value || !*value || c->fmt != FMT_TABLE)
        return value;
    for (size_t i = 0; i < sizeof table_values / sizeof table_values[0]; i++) {
        if (strcmp(value, table_values[i]) != 0)
            continue;
        char key[64];
        snprintf(key, sizeof key, "value\004%s", value);
        const char *t = dgettext(OUTLAY_TEXTDOMAIN, key);
        return t == key || !strcmp(t, key) ? value : t;
    }
    return value;
}

void cli_field(const char *label, const char *fmt, ...)
{
    enum { LABEL_COLUMNS = 18 };
    size_t w = cli_text_width(label);
    fputs(label, stdout);
    for (; w < LABEL_COLUMNS; w++)
        putchar(' ');
    putchar(' ');
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

struct cli_column *cli_columns(const struct cli_column *cols, size_t n, struct cli_column *out)
{
    for (size_t i = 0; i < n; i++) {
        out[i] = cols[i];
        out[i].label = _(cols[i].label);
    }
    return out;
}

struct cli_table *cli_table_begin(const struct cli *c, const struct cli_column *cols, size_t ncols)
{
    struct cli_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->fmt = c->fmt;
    t->cols = cols;
    t->ncols = ncols;
    t->gbk = (iconv_t)-1;
    if (t->fmt == FMT_CSV) {
        const char *head[32];
        for (size_t i = 0; i < ncols && i < 32; i++)
            head[i] = cols[i].key;
        if (c->csv_gbk && (t->gbk = iconv_open("GB18030", "UTF-8")) == (iconv_t)-1) {
            free(t);
            return NULL;
        }
        if (c->csv_bom)
            fputs("\xef\xbb\xbf", stdout);
        csv_row(t, head, NULL);
    } else if (t->fmt == FMT_JSON) {
        fputs("[", stdout);
    }
    return t;
}

static int table_store(struct cli_table *t, const char *const *cells, const char *mark)
{
    size_t w = t->ncols + 1;
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        char **cells2 = realloc(t->cells, cap * w * sizeof *cells2);
        if (!cells2)
            return -1;
        t->cells = cells2;
        unsigned char *r = realloc(t->rule_before, cap);
        if (!r)
            return -1;
        t->rule_before = r;
        t->cap = cap;
    }
    char **row = t->cells + t->nrows * w;
    for (size_t i = 0; i < w; i++) {
        const char *v = i < t->ncols ? cells[i] : mark;
        row[i] = strdup(v ? v : "");
        if (!row[i]) {
            for (size_t j = 0; j < i; j++)
                free(row[j]);
            return -1;
        }
    }
    t->rule_before[t->nrows] = (unsigned char)t->rule_pending;
    t->rule_pending = 0;
    t->nrows++;
    return 0;
}

int cli_table_row(struct cli_table *t, const char *const *cells, const int *is_number,
                  const char *mark)
{
    if (!t)
        return -1;
    if (t->fmt == FMT_CSV)
        return csv_row(t, cells, is_number);
    if (t->fmt == FMT_JSON) {
        cJSON *o = cJSON_CreateObject();
        for (size_t i = 0; o && i < t->ncols; i++)
            cJSON_AddStringToObject(o, t->cols[i].key, cells[i] ? cells[i] : "");
        char *s = o ? cJSON_PrintUnformatted(o) : NULL;
        cJSON_Delete(o);
        if (!s)
            return -1;
        printf("%s\n%s", t->json_rows++ ? "," : "", s);
        cJSON_free(s);
        return 0;
    }
    if (table_store(t, cells, mark) != 0) {
        t->failed = 1;
        return -1;
    }
    return 0;
}

void cli_table_rule(struct cli_table *t)
{
    if (t)
        t->rule_pending = 1;
}

/* Spaces owed before the next visible text: a row never ends in blanks. */
static size_t pending;

static void pad(size_t n)
{
    pending += n;
}

static void put(const char *s)
{
    if (!*s)
        return;
    for (; pending > 0; pending--)
        putchar(' ');
    fputs(s, stdout);
}

static void end_line(void)
{
    pending = 0;
    putchar('\n');
}

static void print_rule(const size_t *width, size_t ncols)
{
    for (size_t i = 0; i < ncols; i++) {
        if (i)
            pad(2);
        for (size_t k = 0; k < width[i]; k++)
            put("-");
    }
    end_line();
}

static void print_cells(const struct cli_table *t, const char *const *cells, const size_t *width,
                        const char *mark)
{
    for (size_t i = 0; i < t->ncols; i++) {
        size_t w = cli_text_width(cells[i]);
        if (i)
            pad(2);
        if (t->cols[i].align == AL_RIGHT)
            pad(width[i] - w);
        put(cells[i]);
        if (t->cols[i].align == AL_LEFT)
            pad(width[i] - w);
    }
    if (mark && *mark) {
        pad(2);
        put(mark);
    }
    end_line();
}

void cli_table_end(struct cli_table *t)
{
    if (!t)
        return;
    if (t->gbk != (iconv_t)-1)
        iconv_close(t->gbk);
    if (t->fmt == FMT_JSON) {
        fputs(t->json_rows ? "\n]\n" : "]\n", stdout);
    } else if (t->fmt == FMT_TABLE) {
        size_t w = t->ncols + 1;
        size_t *width = calloc(t->ncols, sizeof *width);
        const char **head = calloc(t->ncols, sizeof *head);
        if (width && head) {
            for (size_t i = 0; i < t->ncols; i++) {
                head[i] = t->cols[i].label;
                width[i] = cli_text_width(head[i]);
            }
            for (size_t r = 0; r < t->nrows; r++)
                for (size_t i = 0; i < t->ncols; i++) {
                    size_t cw = cli_text_width(t->cells[r * w + i]);
                    if (cw > width[i])
                        width[i] = cw;
                }
            print_cells(t, head, width, NULL);
            print_rule(width, t->ncols);
            for (size_t r = 0; r < t->nrows; r++) {
                if (t->rule_before[r])
                    print_rule(width, t->ncols);
                print_cells(t, (const char *const *)t->cells + r * w, width,
                            t->cells[r * w + t->ncols]);
            }
        }
        free(width);
        free(head);
    }
    for (size_t i = 0; i < t->nrows * (t->ncols + 1); i++)
        free(t->cells[i]);
    free(t->cells);
    free(t->rule_before);
    free(t);
}
