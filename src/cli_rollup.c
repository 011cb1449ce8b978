/*
 * cli_rollup: `outlay rollup [FILE.db...] [--activities]` (SPEC §17), the
 * federation's year over SQLite ledgers, one per branch union: a branch is
 * its file's base name without .db; each file is read in a transaction of
 * its own; one row per branch with its activities' totals (the columns of
 * the year's report, SPEC §7), then TOTAL; with --activities, one row per
 * activity with its branch. Without files, the ledger (-L) is the one
 * branch. Every file is read before anything is printed, so a ledger that
 * cannot be read prints nothing but its error.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"

enum { ROLLUP_ACTIVITIES };

const struct cli_opt cli_rollup_opts[] = {
    [ROLLUP_ACTIVITIES] = {.name = "activities",
                           .help = N_("one row per activity, with its branch")},
    {0}};

/* A branch's sum, or one of its activities (slug not NULL). */
struct rollup_row {
    const char *branch;
    char *slug, *title; /* copies; NULL for a branch's row */
    int closed;
    int64_t activities; /* a branch's non-void activities */
    struct year_figures y;
};

struct rollup {
    struct rollup_row *rows;
    size_t n, cap;
};

static struct rollup_row *rollup_push(struct rollup *r)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        struct rollup_row *v = realloc(r->rows, cap * sizeof *v);
        if (!v)
            return NULL;
        r->rows = v;
        r->cap = cap;
    }
    struct rollup_row *row = &r->rows[r->n++];
    memset(row, 0, sizeof *row);
    for (int k = 0; k < Y_N; k++)
        row->y.known[k] = 1;
    return row;
}

static void rollup_release(struct rollup *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->rows[i].slug);
        free(r->rows[i].title);
    }
    free(r->rows);
}

/* A file's branch: its base name without .db (malloc'd; NULL when out of
 * memory). */
static char *branch_of(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 3 && !strcmp(base + n - 3, ".db"))
        n -= 3;
    char *b = malloc(n + 1);
    if (b) {
        memcpy(b, base, n);
        b[n] = 0;
    }
    return b;
}

/* Reads one ledger's activities into r: the branch's row, then (with
 * --activities) one row per activity. Returns 0, 1 when an error about a
 * figure was printed (the rest still read), or an exit code > 1... as
 * cli_fail gives, with *fatal set. */
static int read_branch(struct cli *c, const char *path, const char *branch, int by_activity,
                       struct rollup *r, struct year_figures *total, int *fatal)
{
    outlay_err err = {0};
    outlay_activity_cursor *cur = NULL;
    struct outlay_activity a;
    int failed = 0, got = 0;
    /* a federation's branch (SPEC §17) is read in the transaction its
     * database is already open in; a file, in one of its own */
    int own = c->st == NULL;
    c->branch = branch;
    if ((own && cli_ledger_begin(path, 0, NULL, &c->st, &err) != OUTLAY_OK) ||
        (!own && outlay_ledger_use_branch(c->st, branch, &err) != OUTLAY_OK) ||
        outlay_ledger_activities(c->st, &cur, &err) != OUTLAY_OK) {
        got = -1;
    } else {
        size_t at = r->n;
        struct rollup_row *b = rollup_push(r);
        if (!b)
            got = -2;
        else
            b->branch = branch;
        while (got >= 0 && (got = outlay_activity_cursor_next(cur, &a, &err)) == 1) {
            if (a.is_void)
                continue; /* SPEC §11: left out of the year */
            struct year_figures y;
            int f = cli_year_row(c, &a, &y, &err);
            if (f < 0) {
                got = -1;
                break;
            }
            /* the branch's row may have moved with the array */
            failed |= f | cli_year_add(c, a.slug, &y, &r->rows[at].y);
            r->rows[at].activities++;
            if (!by_activity)
                continue;
            struct rollup_row *row = rollup_push(r);
            if (!row || !(row->slug = strdup(a.slug)) || !(row->title = strdup(a.title))) {
                got = -2;
                break;
            }
            row->branch = branch;
            row->closed = a.closed;
            row->y = y;
        }
        if (got >= 0) {
            cli_year_finish(&r->rows[at].y);
            failed |= cli_year_add(c, branch, &r->rows[at].y, total);
        }
    }
    outlay_activity_cursor_close(cur);
    if (own) {
        cli_ledger_end(c->st, 0, &err);
        c->st = NULL;
    }
    c->branch = NULL;
    if (got == -2) {
        outlay_fail(&err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
        got = -1;
    }
    if (got < 0) {
        *fatal = 1;
        return cli_fail(c, &err);
    }
    return failed;
}

static void print_rollup(struct cli *c, const struct rollup *r, const struct year_figures *total,
                         int64_t nactivities, int by_activity)
{
    static const struct cli_column money[] = {
        {"budgeted", N_("Budgeted"), AL_RIGHT},       {"actual", N_("Actual"), AL_RIGHT},
        {"variance", N_("Variance"), AL_RIGHT},       {"used_pct", N_("Used %"), AL_RIGHT},
        {"union_share", N_("Union share"), AL_RIGHT}, {"deposits", N_("Deposits"), AL_RIGHT},
        {"paid_out", N_("Paid out"), AL_RIGHT}};
    static const struct cli_column head_branch[] = {{"branch", N_("Branch"), AL_LEFT},
                                                    {"activities", N_("Activities"), AL_RIGHT}};
    static const struct cli_column head_activity[] = {{"branch", N_("Branch"), AL_LEFT},
                                                      {"activity", N_("Activity"), AL_LEFT},
                                                      {"title", N_("Title"), AL_LEFT},
                                                      {"status", N_("Status"), AL_LEFT}};
    enum { NM = 7, MAXN = 11 };
    struct cli_column src[MAXN], cols[MAXN];
    size_t nh = by_activity ? 4 : 2, n = nh + NM;
    memcpy(src, by_activity ? head_activity : head_branch, nh * sizeof *src);
    memcpy(src + nh, money, sizeof money);
    int th = c->fmt == FMT_TABLE;
    struct cli_table *t = cli_table_begin(c, cli_columns(src, n, cols), n);
    for (size_t i = 0; i <= r->n; i++) {
        const struct rollup_row *row = i < r->n ? &r->rows[i] : NULL;
        if (row && by_activity != (row->slug != NULL))
            continue;
        const struct year_figures *y = row ? &row->y : total;
        char m[Y_N][OUTLAY_MONEY_BUFSZ], pct[32], count[32];
        cli_year_money(y, th, m, pct);
        snprintf(count, sizeof count, "%lld", (long long)(row ? row->activities : nactivities));
        const char *cells[MAXN];
        int num[MAXN] = {0};
        cells[0] = row ? row->branch : th ? _("TOTAL") : "TOTAL";
        if (by_activity) {
            cells[1] = row ? row->slug : "";
            cells[2] = row ? row->title : "";
            cells[3] = row ? cli_value(c, row->closed ? "closed" : "open") : "";
        } else {
            cells[1] = count;
            num[1] = 1;
        }
        const char *mc[NM] = {m[Y_BUDGETED], m[Y_ACTUAL],   m[Y_VARIANCE], pct,
                              m[Y_UNION],    m[Y_DEPOSITS], m[Y_PAID]};
        for (size_t k = 0; k < NM; k++) {
            cells[nh + k] = mc[k];
            num[nh + k] = 1;
        }
        if (!row)
            cli_table_rule(t);
        cli_table_row(t, cells, num, th && cli_year_over(y) ? _("over budget") : NULL);
    }
    cli_table_end(t);
}

int cmd_rollup(struct cli *c)
{
    int by_activity = c->values[ROLLUP_ACTIVITIES] != NULL;
    const char *one = cli_ledger_path(c);
    const char *const *files = c->npos ? c->pos : &one;
    size_t nfiles = c->npos ? (size_t)c->npos : 1;
    char **branch = calloc(nfiles, sizeof *branch);
    struct rollup r = {0};
    struct year_figures total = {.known = {1, 1, 1, 1, 1, 1}};
    int64_t nactivities = 0;
    int code = 0, failed = 0, fatal = 0;
    for (size_t i = 0; branch && i < nfiles && !code; i++) {
        if (!(branch[i] = branch_of(files[i]))) {
            free(branch[i]);
            code = cli_failf(c, 3, "%s", _("out of memory"));
            break;
        }
        if (!*branch[i])
            code = cli_usage_error(c, _("'%.200s' names no ledger file; give FILE.db"), files[i]);
        for (size_t j = 0; j < i && !code; j++)
            if (!strcmp(branch[i], branch[j]))
                code = cli_usage_error(
                    c, _("'%.200s' and '%.200s' are both branch '%s'; rename one of the files"),
                    files[j], files[i], branch[i]);
    }
    if (!branch)
        code = cli_failf(c, 3, "%s", _("out of memory"));
    /* SPEC §17: the ledger alone may be a federation's database, whose
     * branches are read one after the other in one snapshot */
    char **fed = NULL;
    size_t nfed = 0;
    if (!code && !c->npos) {
        outlay_err err = {0};
        if (cli_ledger_begin(one, 0, NULL, &c->st, &err) != OUTLAY_OK ||
            outlay_ledger_branches(c->st, &fed, &nfed, &err) != OUTLAY_OK)
            code = cli_fail(c, &err);
        for (size_t i = 0; i < nfed && !code; i++) {
            int f = read_branch(c, one, fed[i], by_activity, &r, &total, &fatal);
            if (fatal)
                code = f;
            else
                failed |= f;
        }
        if (c->st)
            cli_ledger_end(c->st, 0, &err);
        c->st = NULL;
    }
    for (size_t i = 0; i < nfiles && !code && !nfed; i++) {
        int f = read_branch(c, files[i], branch[i], by_activity, &r, &total, &fatal);
        if (fatal)
            code = f;
        else
            failed |= f;
    }
    if (!code) {
        for (size_t i = 0; i < r.n; i++)
            nactivities += r.rows[i].slug ? 0 : r.rows[i].activities;
        cli_year_finish(&total);
        print_rollup(c, &r, &total, nactivities, by_activity);
    }
    rollup_release(&r);
    for (size_t i = 0; i < nfed; i++)
        free(fed[i]);
    free(fed);
    for (size_t i = 0; branch && i < nfiles; i++)
        free(branch[i]);
    free(branch);
    return code ? code : failed ? 1 : 0;
}
