/*
 * cli_rollup: `outlay rollup [FILE.db...] [--activities]` (SPEC §17), the
 * federation's year over SQLite ledgers, one per branch union: a branch is
 * its file's base name without .db; each file is read in a transaction of
 * its own; one row per branch with its activities' totals (the columns of
 * the year's report, SPEC §7), then TOTAL; with --activities, one row per
 * activity with its branch. Without files, the ledger (-L) is the one
 * branch, or a federation's database, all of whose branches are read in
 * one statement (branch '*', store_pg.c). Each activity's figures are
 * those kept with it (ledger_year.c), else worked out here. Every file is
 * read before anything is printed, so a ledger that cannot be read prints
 * nothing but its error.
 */
#include <stdint.h>
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
    char *branch_copy;  /* a branch's name when not one of the list's */
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
        free(r->rows[i].branch_copy);
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

/* Where read_years is: the branch row being summed (r->rows[at]), and
 * the next of the branches to list. */
struct reading {
    struct rollup *r;
    struct year_figures *total;
    const char *const *names; /* the branches, in the cursor's order */
    size_t nnames, next;
    size_t at; /* SIZE_MAX: no branch row open */
    int by_activity, failed;
};

/* Closes the branch row being summed: its used % and its share of the
 * TOTAL. */
static void branch_end(struct cli *c, struct reading *g)
{
    if (g->at == SIZE_MAX)
        return;
    struct rollup_row *row = &g->r->rows[g->at];
    cli_year_finish(&row->y);
    g->failed |= cli_year_add(c, row->branch, &row->y, g->total);
    g->at = SIZE_MAX;
    c->branch = NULL;
}

/* Opens the row of branch `name` (it outlives the rollup); 0, or -1 when
 * out of memory. */
static int branch_begin(struct cli *c, struct reading *g, const char *name)
{
    branch_end(c, g);
    struct rollup_row *b = rollup_push(g->r);
    if (!b)
        return -1;
    b->branch = name;
    g->at = g->r->n - 1;
    c->branch = name;
    return 0;
}

/* Reads the activities of a years cursor into r: one row per branch (every
 * name of g->names, with or without activities, in order; a cursor
 * without branches is all names[0]), with --activities one per activity.
 * Returns 0, or -1 with *err (-2: out of memory). */
static int read_years(struct cli *c, struct reading *g, outlay_year_cursor *cur, outlay_err *err)
{
    struct outlay_activity a;
    struct outlay_year kept;
    const char *branch;
    int has_kept, got;
    while ((got = outlay_year_cursor_next(cur, &a, &branch, &kept, &has_kept, err)) == 1) {
        if (!branch)
            branch = g->names[0];
        if (g->at == SIZE_MAX || strcmp(g->r->rows[g->at].branch, branch) != 0) {
            /* the branches before this one have no activity */
            while (g->next < g->nnames && strcmp(g->names[g->next], branch) < 0)
                if (branch_begin(c, g, g->names[g->next++]) < 0)
                    return -2;
            if (g->next < g->nnames && !strcmp(g->names[g->next], branch)) {
                if (branch_begin(c, g, g->names[g->next++]) < 0)
                    return -2;
            } else {
                /* a branch not in the list (a branch is listed by the
                 * command that opens it: only by hand), summed all the same */
                char *copy = strdup(branch);
                if (!copy || branch_begin(c, g, copy) < 0) {
                    free(copy);
                    return -2;
                }
                g->r->rows[g->at].branch_copy = copy;
            }
        }
        if (a.is_void)
            continue; /* SPEC §11: left out of the year */
        struct year_figures y;
        int f = cli_year_row(c, &a, has_kept ? &kept : NULL, &y, err);
        if (f < 0)
            return -1;
        /* the branch's row may have moved with the array */
        g->failed |= f | cli_year_add(c, a.slug, &y, &g->r->rows[g->at].y);
        g->r->rows[g->at].activities++;
        if (!g->by_activity)
            continue;
        struct rollup_row *row = rollup_push(g->r);
        if (!row || !(row->slug = strdup(a.slug)) || !(row->title = strdup(a.title)))
            return -2;
        row->branch = g->r->rows[g->at].branch;
        row->closed = a.closed;
        row->y = y;
    }
    if (got < 0)
        return -1;
    while (g->next < g->nnames)
        if (branch_begin(c, g, g->names[g->next++]) < 0)
            return -2;
    branch_end(c, g);
    return 0;
}

/* The row of branch `name` among the n rows from `from` (the branches'
 * rows, in order, then any not listed); a row of its own when there is
 * none. NULL when out of memory. */
static struct rollup_row *branch_row(struct reading *g, size_t from, const char *name)
{
    struct rollup *r = g->r;
    size_t lo = 0, hi = g->nnames;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int k = strcmp(g->names[mid], name);
        if (k == 0)
            return &r->rows[from + mid];
        if (k < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = from + g->nnames; i < r->n; i++)
        if (!strcmp(r->rows[i].branch, name))
            return &r->rows[i];
    char *copy = strdup(name);
    struct rollup_row *row = copy ? rollup_push(r) : NULL;
    if (!row) {
        free(copy);
        return NULL;
    }
    row->branch = row->branch_copy = copy;
    return row;
}

/* A federation's year without --activities (SPEC §17): the figures its
 * activities keep, summed per branch by the server in one statement; then
 * each activity that keeps none worked out and added to its branch. *again
 * when a sum would leave int64: the caller adds them one by one instead
 * (read_years), for its errors naming the activity. Returns as
 * read_years. */
static int read_sums(struct cli *c, struct reading *g, int *again, outlay_err *err)
{
    size_t from = g->r->n;
    for (size_t i = 0; i < g->nnames; i++) {
        struct rollup_row *row = rollup_push(g->r);
        if (!row)
            return -2;
        row->branch = g->names[i];
    }
    outlay_year_sum_cursor *sc = NULL;
    struct outlay_year_sum sum;
    int64_t unkept = 0;
    int r;
    if (outlay_ledger_year_sums(c->st, &sc, err) != OUTLAY_OK)
        return -1;
    while ((r = outlay_year_sum_cursor_next(sc, &sum, err)) == 1) {
        if (!sum.fits) {
            *again = 1;
            break;
        }
        struct rollup_row *row = branch_row(g, from, sum.branch);
        if (!row) {
            r = -2;
            break;
        }
        const int64_t v[Y_N] = {sum.sum.budgeted,    sum.sum.actual,   sum.sum.variance,
                                sum.sum.union_share, sum.sum.deposits, sum.sum.paid_out};
        memcpy(row->y.v, v, sizeof v);
        row->activities = sum.activities;
        unkept += sum.unkept;
    }
    outlay_year_sum_cursor_close(sc);
    if (r < 0 || *again)
        return r < 0 ? r : 0;
    if (!unkept)
        goto finish;
    outlay_year_cursor *cur = NULL;
    struct outlay_activity a;
    struct outlay_year kept;
    const char *branch;
    int has_kept;
    if (outlay_ledger_years_unkept(c->st, &cur, err) != OUTLAY_OK)
        return -1;
    while ((r = outlay_year_cursor_next(cur, &a, &branch, &kept, &has_kept, err)) == 1) {
        struct rollup_row *row = branch_row(g, from, branch ? branch : "");
        if (!row) {
            r = -2;
            break;
        }
        c->branch = row->branch;
        struct year_figures y;
        int f = cli_year_row(c, &a, NULL, &y, err);
        if (f < 0) {
            r = -1;
            break;
        }
        g->failed |= f | cli_year_add(c, a.slug, &y, &row->y);
        row->activities++;
    }
    outlay_year_cursor_close(cur);
    c->branch = NULL;
    if (r < 0)
        return r;
finish:
    for (size_t i = from; i < g->r->n; i++) {
        struct rollup_row *row = &g->r->rows[i];
        cli_year_finish(&row->y);
        g->failed |= cli_year_add(c, row->branch, &row->y, g->total);
    }
    return 0;
}

/* Reads one SQLite ledger (path, a transaction of its own) or a
 * federation's database (c->st, already open: every branch at once, as
 * '*'). Returns 0, 1 when an error about a figure was printed (the rest
 * still read), or an exit code > 1 as cli_fail gives, with *fatal set. */
static int read_ledger(struct cli *c, const char *path, const char *const *names, size_t nnames,
                       struct reading *g, int *fatal)
{
    outlay_err err = {0};
    outlay_year_cursor *cur = NULL;
    int own = c->st == NULL, got = 0;
    g->names = names;
    g->nnames = nnames;
    g->next = 0;
    g->at = SIZE_MAX;
    g->failed = 0;
    int again = 0, federation = !own && nnames > 1;
    size_t start = g->r->n;
    if ((own && cli_ledger_begin(path, 0, NULL, &c->st, &err) != OUTLAY_OK) ||
        (!own && outlay_ledger_use_branch(c->st, federation ? "*" : names[0], &err) != OUTLAY_OK))
        got = -1;
    else if (federation && !g->by_activity)
        got = read_sums(c, g, &again, &err);
    if (got == 0 && again) {
        /* a sum out of range: the rows again, one activity at a time */
        for (size_t i = start; i < g->r->n; i++)
            free(g->r->rows[i].branch_copy);
        g->r->n = start;
        g->failed = 0;
    }
    if (got == 0 && (!federation || g->by_activity || again))
        got =
            outlay_ledger_years(c->st, &cur, &err) != OUTLAY_OK ? -1 : read_years(c, g, cur, &err);
    if (cur)
        outlay_year_cursor_close(cur);
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
    return g->failed;
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
    struct reading g = {.r = &r, .total = &total, .by_activity = by_activity};
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
        if (!code && nfed) {
            int f = read_ledger(c, one, (const char *const *)fed, nfed, &g, &fatal);
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
        int f = read_ledger(c, files[i], (const char *const *)&branch[i], 1, &g, &fatal);
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
