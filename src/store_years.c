/*
 * store_years: each activity's figures for the year (SPEC §7, §17), kept
 * in activity_year (schema 10) so that a federation's rollup reads one row
 * per activity instead of settling thousands of them. Which activities a
 * transaction changed is known from its audit rows (every writing command
 * writes one naming its activity: store_touch); outlay_ledger_commit works
 * their figures out again and keeps them here before it commits.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

struct outlay_year_cursor {
    struct store_cursor c;
    int has_branch;
};

enum outlay_status store_touch(outlay_store *st, const char *slug, outlay_err *err)
{
    if (!slug || !*slug)
        return OUTLAY_OK;
    store_q *s = store_stmt(st, S_ACT_ID, "SELECT id FROM activity WHERE slug = ?1", err);
    if (!s)
        return err->status;
    store_bind_str(s, 1, slug);
    int r = store_q_step(s, err);
    int64_t id = r == 1 ? store_col_int64(s, 0) : 0;
    store_q_reset(s);
    if (r < 0)
        return err->status;
    if (r == 0)
        return OUTLAY_OK; /* no such activity (yet): nothing to refresh */
    for (size_t i = 0; i < st->ntouched; i++)
        if (st->touched[i] == id)
            return OUTLAY_OK;
    if (st->ntouched == st->touched_cap) {
        size_t cap = st->touched_cap ? st->touched_cap * 2 : 8;
        int64_t *v = realloc(st->touched, cap * sizeof *v);
        if (!v)
            return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
        st->touched = v;
        st->touched_cap = cap;
    }
    st->touched[st->ntouched++] = id;
    return OUTLAY_OK;
}

void outlay_store_touched(outlay_store *st, const int64_t **ids, size_t *n)
{
    *ids = st->touched;
    *n = st->ntouched;
}

enum outlay_status outlay_store_activity_by_id(outlay_store *st, int64_t id,
                                               struct outlay_activity *a, outlay_err *err)
{
    store_q *s =
        store_stmt(st, S_ACT_BY_ID, "SELECT " ACTIVITY_COLUMNS " FROM activity WHERE id = ?1", err);
    if (!s)
        return err->status;
    store_bind_int64(s, 1, id);
    int r = store_q_step(s, err);
    enum outlay_status rc = OUTLAY_OK;
    if (r == 1) {
        rc = store_row_activity_owned(s, a, err);
    } else if (r == 0) {
        char no[32];
        snprintf(no, sizeof no, "#%lld", (long long)id);
        rc = outlay_fail(err, OUTLAY_ENOTFOUND, OUTLAY_P_STORE_NO_ACTIVITY, OUTLAY_A_TEXT(no));
    } else {
        rc = err->status;
    }
    store_q_reset(s);
    return rc;
}

enum outlay_status outlay_store_activity_size(outlay_store *st, int64_t activity_id, int64_t cap,
                                              int64_t *rows, outlay_err *err)
{
    /* the participants counted no further than cap: 100,000 of them cost
     * a command 50 ms on PostgreSQL to learn what 1,001 tell */
    store_q *s = store_stmt(st, S_ACT_SIZE,
                            "SELECT (SELECT coalesce(sum(n), 0) FROM category_total"
                            " WHERE activity_id = ?1)"
                            " + (SELECT count(*) FROM (SELECT 1 FROM participant"
                            " WHERE activity_id = ?1 LIMIT ?2) p)",
                            err);
    if (!s)
        return err->status;
    store_bind_int64(s, 1, activity_id);
    store_bind_int64(s, 2, cap < 0 ? 0 : cap);
    int r = store_q_step(s, err);
    *rows = r == 1 ? store_col_int64(s, 0) : 0;
    store_q_reset(s);
    return r < 0 ? err->status : OUTLAY_OK;
}

enum outlay_status outlay_store_year_keep(outlay_store *st, int64_t activity_id,
                                          const struct outlay_year *y, outlay_err *err)
{
    /* on PostgreSQL with the activity's branch and void (schema 11), which
     * the federation's sums read from this table alone */
#define YEAR_KEEP_SET                                                                              \
    " ON CONFLICT(activity_id) DO UPDATE SET kept = excluded.kept,"                                \
    " budgeted = excluded.budgeted, actual = excluded.actual, variance = excluded.variance,"       \
    " union_share = excluded.union_share, deposits = excluded.deposits,"                           \
    " paid_out = excluded.paid_out"
    store_q *s = store_stmt(
        st, S_YEAR_KEEP,
        st->backend == STORE_PG
            ? "INSERT INTO activity_year(activity_id, kept, budgeted, actual, variance,"
              " union_share, deposits, paid_out, branch, void) VALUES(?1, ?2, ?3, ?4, ?5, ?6,"
              " ?7, ?8, (SELECT a.branch FROM activity a WHERE a.id = ?1),"
              " (SELECT a.void FROM activity a WHERE a.id = ?1))" YEAR_KEEP_SET
              ", void = excluded.void"
            : "INSERT INTO activity_year(activity_id, kept, budgeted, actual, variance,"
              " union_share, deposits, paid_out) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, "
              "?8)" YEAR_KEEP_SET,
        err);
#undef YEAR_KEEP_SET
    if (!s)
        return err->status;
    static const struct outlay_year none;
    const struct outlay_year *v = y ? y : &none;
    store_bind_int64(s, 1, activity_id);
    store_bind_int64(s, 2, y != NULL);
    store_bind_int64(s, 3, v->budgeted);
    store_bind_int64(s, 4, v->actual);
    store_bind_int64(s, 5, v->variance);
    store_bind_int64(s, 6, v->union_share);
    store_bind_int64(s, 7, v->deposits);
    store_bind_int64(s, 8, v->paid_out);
    return store_step_done(st, s, err);
}

/* Whether the ledger has the table (an older SQLite file read where it
 * could not be upgraded does not). */
static int has_year_table(outlay_store *st)
{
    if (st->backend == STORE_PG)
        return 1;
    outlay_err ignored = {0};
    struct store_cursor *c = NULL;
    int r = 0;
    if (store_cursor_new(st, sizeof *c,
                         "SELECT 1 FROM sqlite_master WHERE type = 'table'"
                         " AND name = 'activity_year'",
                         0, NULL, (void **)&c, &ignored) == OUTLAY_OK)
        r = store_cursor_step(c, &ignored) == 1;
    store_cursor_free(c);
    outlay_err_clear(&ignored);
    return r;
}

static enum outlay_status years(outlay_store *st, int unkept, outlay_year_cursor **c,
                                outlay_err *err)
{
    /* columns 21 to 28: the figures, then the branch */
#define YEAR_COLUMNS                                                                               \
    ", y.kept, y.budgeted, y.actual, y.variance, y.union_share, y.deposits, y.paid_out"
#define UNKEPT " WHERE a.void = 0 AND coalesce(y.kept, 0) = 0"
    /* the figures only: on PostgreSQL the row also has the activity's
     * branch and void, whose names ACTIVITY_COLUMNS uses unqualified */
#define YEAR_JOIN                                                                                  \
    " LEFT JOIN (SELECT activity_id, kept, budgeted, actual, variance, union_share, deposits,"     \
    " paid_out FROM activity_year) y ON y.activity_id = a.id"
    const char *sql;
    int has_branch = st->backend == STORE_PG;
    if (!has_year_table(st))
        sql = unkept ? "SELECT " ACTIVITY_COLUMNS ", 0, 0, 0, 0, 0, 0, 0, NULL FROM activity"
                       " WHERE void = 0 ORDER BY id"
                     : "SELECT " ACTIVITY_COLUMNS ", 0, 0, 0, 0, 0, 0, 0, NULL FROM activity"
                       " ORDER BY id";
    else if (has_branch)
        sql = unkept ? "SELECT " ACTIVITY_COLUMNS YEAR_COLUMNS
                       ", a.branch FROM activity a" YEAR_JOIN UNKEPT " ORDER BY a.branch, a.id"
                     : "SELECT " ACTIVITY_COLUMNS YEAR_COLUMNS
                       ", a.branch FROM activity a" YEAR_JOIN " ORDER BY a.branch, a.id";
    else
        sql = unkept ? "SELECT " ACTIVITY_COLUMNS YEAR_COLUMNS
                       ", NULL FROM activity a" YEAR_JOIN UNKEPT " ORDER BY a.id"
                     : "SELECT " ACTIVITY_COLUMNS YEAR_COLUMNS ", NULL FROM activity a" YEAR_JOIN
                       " ORDER BY a.id";
#undef UNKEPT
#undef YEAR_JOIN
#undef YEAR_COLUMNS
    /* a federation's 20,000 activities sort in memory, not on disk */
    if (has_branch && store_exec(st, "SET LOCAL work_mem = '64MB'", err) != OUTLAY_OK)
        return err->status;
    void *cur = NULL;
    enum outlay_status rc = store_cursor_new(st, sizeof **c, sql, 0, NULL, &cur, err);
    *c = cur;
    if (rc == OUTLAY_OK)
        (*c)->has_branch = has_branch;
    return rc;
}

enum outlay_status outlay_store_years(outlay_store *st, outlay_year_cursor **c, outlay_err *err)
{
    return years(st, 0, c, err);
}

enum outlay_status outlay_store_years_unkept(outlay_store *st, outlay_year_cursor **c,
                                             outlay_err *err)
{
    return years(st, 1, c, err);
}

struct outlay_year_sum_cursor {
    struct store_cursor c;
};

enum outlay_status outlay_store_year_sums(outlay_store *st, outlay_year_sum_cursor **c,
                                          outlay_err *err)
{
    /* numeric sums on PostgreSQL, which never overflow: text, read back
     * with a range check; SQLite has one branch a file (rollup adds its
     * activities one by one) */
    *c = NULL;
    if (st->backend != STORE_PG)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_STORE_PG_BRANCH, OUTLAY_A_TEXT("*"));
#define K " FILTER (WHERE y.kept = 1)"
#define S(x) ", coalesce(sum(y." x ")" K ", 0)::text, coalesce(sum(abs(y." x "))" K ", 0)::text"
    /* every activity has its row (schema 11), with its branch and void:
     * one table, behind its own policy, not activity joined under its */
    void *cur = NULL;
    enum outlay_status rc = store_cursor_new(
        st, sizeof **c,
        "SELECT y.branch, count(*)" K ", count(*) FILTER (WHERE y.kept <> 1)" S("budgeted")
            S("actual") S("variance") S("union_share") S("deposits")
                S("paid_out") " FROM activity_year y WHERE y.void = 0"
                              " GROUP BY y.branch ORDER BY y.branch",
        0, NULL, &cur, err);
#undef S
#undef K
    *c = cur;
    return rc;
}

/* A numeric's text as int64; 0 when it is not one. */
static int int64_of(const char *t, int64_t *v)
{
    if (!t || !*t)
        return 0;
    errno = 0;
    char *end = NULL;
    long long n = strtoll(t, &end, 10);
    if (errno == ERANGE || *end)
        return 0;
    *v = n;
    return 1;
}

int outlay_year_sum_cursor_next(outlay_year_sum_cursor *c, struct outlay_year_sum *s,
                                outlay_err *err)
{
    int r = store_cursor_step(&c->c, err);
    if (r != 1)
        return r;
    store_q *q = c->c.stmt;
    int64_t *f[] = {&s->sum.budgeted,    &s->sum.actual,   &s->sum.variance,
                    &s->sum.union_share, &s->sum.deposits, &s->sum.paid_out};
    memset(s, 0, sizeof *s);
    s->branch = store_col_text(q, 0);
    s->activities = store_col_int64(q, 1);
    s->unkept = store_col_int64(q, 2);
    s->fits = 1;
    for (int i = 0; i < 6; i++) {
        int64_t magnitude = 0;
        s->fits &= int64_of(store_col_text(q, 3 + 2 * i), f[i]) &&
                   int64_of(store_col_text(q, 4 + 2 * i), &magnitude);
    }
    return 1;
}

void outlay_year_sum_cursor_close(outlay_year_sum_cursor *c)
{
    if (c)
        store_cursor_free(&c->c);
}

int outlay_year_cursor_next(outlay_year_cursor *c, struct outlay_activity *a, const char **branch,
                            struct outlay_year *y, int *kept, outlay_err *err)
{
    int r = store_cursor_step(&c->c, err);
    if (r != 1)
        return r;
    store_q *s = c->c.stmt;
    store_row_activity(s, a);
    *kept = store_col_int(s, 21);
    y->budgeted = store_col_int64(s, 22);
    y->actual = store_col_int64(s, 23);
    y->variance = store_col_int64(s, 24);
    y->union_share = store_col_int64(s, 25);
    y->deposits = store_col_int64(s, 26);
    y->paid_out = store_col_int64(s, 27);
    *branch = c->has_branch ? store_col_text(s, 28) : NULL;
    return 1;
}

void outlay_year_cursor_close(outlay_year_cursor *c)
{
    store_cursor_free(&c->c);
}
