/*
 * store_query: one statement over two backends (SPEC §17). The store's
 * files write each query once, in SQLite's dialect with ?N parameters, and
 * bind, step and read columns through store_q; on SQLite a store_q is a
 * prepared sqlite3_stmt, on PostgreSQL the translated text (store_pg_sql)
 * with its parameters as text, run when first stepped: a cached statement
 * prepared once per connection, a listing (store_cursor_new) through a
 * server-side cursor fetched a batch at a time, so that a million expenses
 * are never all in memory.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* Rows fetched at a time from a server-side cursor. */
#define FETCH_ROWS 1000

struct store_q {
    outlay_store *st;
    sqlite3_stmt *s; /* SQLite */
    /* PostgreSQL */
    int cached;  /* a cached statement: its id + 1, prepared by name */
    int listing; /* run through a server-side cursor */
    char *sql;   /* translated */
    int nparams;
    unsigned char used[STORE_MAX_PARAMS + 1];
    char *vals[STORE_MAX_PARAMS];
    char *owned[STORE_MAX_PARAMS];
    char num[STORE_MAX_PARAMS][24];
    PGresult *res;
    int row, nrows, ran, at_end;
    char cursor[32]; /* the cursor's name while it is open, else "" */
    int64_t changes;
    uint64_t steps;
};

static enum outlay_status nomem(outlay_err *err)
{
    return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
}

static store_q *q_new(outlay_store *st)
{
    store_q *q = calloc(1, sizeof *q);
    if (q)
        q->st = st;
    return q;
}

/* A PostgreSQL statement: the text translated, nothing run yet. */
static enum outlay_status pg_prepare(store_q *q, const char *sql, outlay_err *err)
{
    q->sql = store_pg_sql(sql, q->used, &q->nparams);
    if (!q->sql)
        return nomem(err);
    if (q->nparams > STORE_MAX_PARAMS)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_INTERNAL_KIND,
                           OUTLAY_A_TEXT("statement parameters"), OUTLAY_A_INT(q->nparams));
    return OUTLAY_OK;
}

enum outlay_status store_q_prepare(outlay_store *st, const char *sql, store_q **out,
                                   outlay_err *err)
{
    store_q *q = q_new(st);
    *out = NULL;
    if (!q)
        return nomem(err);
    enum outlay_status rc = OUTLAY_OK;
    if (st->backend == STORE_PG) {
        rc = pg_prepare(q, sql, err);
    } else {
        int src = sqlite3_prepare_v2(st->db, sql, -1, &q->s, NULL);
        if (src != SQLITE_OK)
            rc = store_db_error(st, src, err);
    }
    if (rc != OUTLAY_OK) {
        store_q_free(q);
        return rc;
    }
    *out = q;
    return OUTLAY_OK;
}

void store_q_listing(store_q *q)
{
    /* Only a query can be a cursor's (an INSERT run as a "listing" is
     * not), and only one that may return rows without bound needs one:
     * those of the expenses and the audit log (a million of them). The
     * rest (participants, sums, totals) come whole in one round trip
     * instead of three (DECLARE, FETCH, CLOSE). */
    q->listing = q->sql && !strncmp(q->sql, "SELECT ", 7) &&
                 (strstr(q->sql, "FROM expense") || strstr(q->sql, "FROM audit"));
}

store_q *store_stmt(outlay_store *st, enum store_stmt_id id, const char *sql, outlay_err *err)
{
    store_q *q = st->stmts[id];
    if (q) {
        store_q_reset(q);
        if (q->s) {
            sqlite3_clear_bindings(q->s);
        } else {
            for (int i = 0; i < STORE_MAX_PARAMS; i++) {
                free(q->owned[i]);
                q->owned[i] = q->vals[i] = NULL;
            }
        }
        return q;
    }
    if (!(q = q_new(st))) {
        nomem(err);
        return NULL;
    }
    if (st->backend == STORE_PG) {
        if (pg_prepare(q, sql, err) != OUTLAY_OK) {
            store_q_free(q);
            return NULL;
        }
        q->cached = (int)id + 1;
    } else {
        int rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &q->s, NULL);
        if (rc != SQLITE_OK) {
            store_db_error(st, rc, err);
            store_q_free(q);
            return NULL;
        }
    }
    st->stmts[id] = q;
    return q;
}

/* Closes the statement's server-side cursor (it is gone already when its
 * transaction ended: then the CLOSE fails harmlessly). */
static void pg_close_cursor(store_q *q)
{
    if (!q->cursor[0] || !q->st->pg)
        return;
    outlay_err late = {0}; /* kept by the store: the next statement fails with it */
    store_pg_settle(q->st, &late);
    outlay_err_clear(&late);
    if (PQtransactionStatus(q->st->pg) == PQTRANS_INTRANS) {
        char sql[64];
        snprintf(sql, sizeof sql, "CLOSE %s", q->cursor);
        PQclear(PQexec(q->st->pg, sql));
    }
    q->cursor[0] = 0;
}

void store_q_reset(store_q *q)
{
    if (!q)
        return;
    if (q->s) {
        sqlite3_reset(q->s);
        return;
    }
    pg_close_cursor(q);
    PQclear(q->res);
    q->res = NULL;
    q->ran = q->at_end = 0;
    q->row = q->nrows = 0;
}

void store_q_free(store_q *q)
{
    if (!q)
        return;
    store_q_reset(q);
    sqlite3_finalize(q->s);
    for (int i = 0; i < STORE_MAX_PARAMS; i++)
        free(q->owned[i]);
    free(q->sql);
    free(q);
}

/* --- bindings ----------------------------------------------------------- */

static int pg_slot(store_q *q, int i)
{
    /* SQLite ignores a binding the statement has no parameter for; so do
     * we (the statement's text decides how many it sends). */
    if (i < 1 || i > STORE_MAX_PARAMS)
        return -1;
    free(q->owned[i - 1]);
    q->owned[i - 1] = NULL;
    return i - 1;
}

void store_bind_int64(store_q *q, int i, int64_t v)
{
    if (q->s) {
        sqlite3_bind_int64(q->s, i, v);
        return;
    }
    int k = pg_slot(q, i);
    if (k < 0)
        return;
    snprintf(q->num[k], sizeof q->num[k], "%" PRId64, v);
    q->vals[k] = q->num[k];
}

void store_bind_null(store_q *q, int i)
{
    if (q->s) {
        sqlite3_bind_null(q->s, i);
        return;
    }
    int k = pg_slot(q, i);
    if (k >= 0)
        q->vals[k] = NULL;
}

/* Binds v; kept != 0 when the caller keeps v unchanged until the statement
 * has run (SQLite then reads it in place instead of copying it). */
static void bind_str(store_q *q, int i, const char *v, int kept)
{
    if (!v) {
        store_bind_null(q, i);
        return;
    }
    if (q->s) {
        sqlite3_bind_text(q->s, i, v, -1, kept ? SQLITE_STATIC : SQLITE_TRANSIENT);
        return;
    }
    int k = pg_slot(q, i);
    if (k < 0)
        return;
    /* a copy, as SQLITE_TRANSIENT makes: a failed copy binds NULL, which
     * the NOT NULL constraints refuse rather than store a wrong value */
    q->vals[k] = q->owned[k] = strdup(v);
}

void store_bind_str(store_q *q, int i, const char *v)
{
    bind_str(q, i, v, 0);
}

void store_bind_text(store_q *q, int i, const char *v)
{
    bind_str(q, i, v && *v ? v : NULL, 0);
}

void store_bind_str_kept(store_q *q, int i, const char *v)
{
    bind_str(q, i, v, 1);
}

void store_bind_text_kept(store_q *q, int i, const char *v)
{
    bind_str(q, i, v && *v ? v : NULL, 1);
}

/* --- running ------------------------------------------------------------ */

/* Runs the statement on PostgreSQL: its result (or the cursor's first
 * batch) into q->res. */
static int pg_run(store_q *q, outlay_err *err)
{
    outlay_store *st = q->st;
    const char *vals[STORE_MAX_PARAMS];
    Oid types[STORE_MAX_PARAMS];
    int n = q->nparams;
    if (store_pg_copy_reads(st, q->sql) && store_pg_copy_end(st, err) != OUTLAY_OK)
        return -1;
    if (store_pg_settle(st, err) != OUTLAY_OK)
        return -1;
    for (int i = 0; i < n; i++) {
        /* a parameter the text does not use is sent as text, typed, so
         * that the server need not infer what it cannot */
        vals[i] = q->used[i + 1] ? q->vals[i] : NULL;
        types[i] = q->used[i + 1] ? 0 : 25 /* text */;
    }
    PGresult *r = NULL;
    if (q->listing && PQtransactionStatus(st->pg) == PQTRANS_INTRANS) {
        snprintf(q->cursor, sizeof q->cursor, "outlay_c%" PRIu64, ++st->pg_cursors);
        size_t len = strlen(q->sql) + 64;
        char *decl = malloc(len);
        if (!decl) {
            q->cursor[0] = 0;
            nomem(err);
            return -1;
        }
        snprintf(decl, len, "DECLARE %s NO SCROLL CURSOR FOR %s", q->cursor, q->sql);
        r = PQexecParams(st->pg, decl, n, types, vals, NULL, NULL, 0);
        free(decl);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            q->cursor[0] = 0;
            store_pg_error(st, r, err);
            PQclear(r);
            return -1;
        }
        PQclear(r);
        char fetch[64];
        snprintf(fetch, sizeof fetch, "FETCH %d FROM %s", FETCH_ROWS, q->cursor);
        r = PQexec(st->pg, fetch);
    } else if (q->cached) {
        char name[24];
        int id = q->cached - 1;
        snprintf(name, sizeof name, "outlay_s%d", id);
        if (!st->pg_prepared[id]) {
            PGresult *p = PQprepare(st->pg, name, q->sql, n, types);
            if (PQresultStatus(p) != PGRES_COMMAND_OK) {
                store_pg_error(st, p, err);
                PQclear(p);
                return -1;
            }
            PQclear(p);
            st->pg_prepared[id] = 1;
        }
        r = PQexecPrepared(st->pg, name, n, vals, NULL, NULL, 0);
    } else {
        r = PQexecParams(st->pg, q->sql, n, types, vals, NULL, NULL, 0);
    }
    ExecStatusType es = PQresultStatus(r);
    if (es != PGRES_TUPLES_OK && es != PGRES_COMMAND_OK) {
        store_pg_error(st, r, err);
        PQclear(r);
        q->cursor[0] = 0;
        return -1;
    }
    const char *ct = PQcmdTuples(r);
    q->changes = ct && *ct ? strtoll(ct, NULL, 10) : 0;
    q->res = r;
    q->nrows = PQntuples(r);
    q->row = -1;
    q->ran = 1;
    q->at_end = !q->cursor[0] || q->nrows < FETCH_ROWS;
    return 0;
}

static int pg_step(store_q *q, outlay_err *err)
{
    if (!q->ran && pg_run(q, err) != 0)
        return -1;
    if (++q->row < q->nrows) {
        q->steps++;
        return 1;
    }
    if (q->at_end)
        return 0;
    /* the cursor's next batch */
    if (store_pg_settle(q->st, err) != OUTLAY_OK)
        return -1;
    char fetch[64];
    snprintf(fetch, sizeof fetch, "FETCH %d FROM %s", FETCH_ROWS, q->cursor);
    PGresult *r = PQexec(q->st->pg, fetch);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        store_pg_error(q->st, r, err);
        PQclear(r);
        return -1;
    }
    PQclear(q->res);
    q->res = r;
    q->nrows = PQntuples(r);
    q->row = 0;
    q->at_end = q->nrows < FETCH_ROWS;
    if (q->nrows == 0)
        return 0;
    q->steps++;
    return 1;
}

int store_q_step(store_q *q, outlay_err *err)
{
    if (!q->s)
        return pg_step(q, err);
    int rc = sqlite3_step(q->s);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE) {
        q->changes = sqlite3_changes(sqlite3_db_handle(q->s));
        return 0;
    }
    store_db_error(q->st, rc, err);
    return -1;
}

enum outlay_status store_q_done(store_q *q, outlay_err *err)
{
    int r = store_q_step(q, err);
    /* a statement that answers with rows runs to its end all the same */
    while (r == 1)
        r = store_q_step(q, err);
    store_q_reset(q);
    return r == 0 ? OUTLAY_OK : err->status;
}

enum outlay_status store_q_insert_id(store_q *q, int64_t *id, outlay_err *err)
{
    int r = store_q_step(q, err);
    if (r == 1) {
        *id = store_col_int64(q, 0);
        r = store_q_step(q, err);
    } else if (r == 0) {
        r = -1;
        outlay_fail(err, OUTLAY_EIO, OUTLAY_P_INTERNAL_KIND, OUTLAY_A_TEXT("insert without id"),
                    OUTLAY_A_INT(0));
    }
    store_q_reset(q);
    return r == 0 ? OUTLAY_OK : err->status;
}

int64_t store_q_changes(const store_q *q)
{
    return q->changes;
}

uint64_t store_q_steps(store_q *q, int reset)
{
    if (q->s)
        return (uint64_t)sqlite3_stmt_status(q->s, SQLITE_STMTSTATUS_VM_STEP, reset);
    uint64_t n = q->steps;
    if (reset)
        q->steps = 0;
    return n;
}

/* --- columns ------------------------------------------------------------ */

static const char *pg_value(store_q *q, int i)
{
    if (!q->res || q->row < 0 || q->row >= q->nrows || i >= PQnfields(q->res) ||
        PQgetisnull(q->res, q->row, i))
        return NULL;
    return PQgetvalue(q->res, q->row, i);
}

char *store_col_text(store_q *q, int i)
{
    if (q->s)
        return (char *)sqlite3_column_text(q->s, i);
    return (char *)pg_value(q, i);
}

int store_col_null(store_q *q, int i)
{
    if (q->s)
        return sqlite3_column_type(q->s, i) == SQLITE_NULL;
    return pg_value(q, i) == NULL;
}

int64_t store_col_int64(store_q *q, int i)
{
    if (q->s)
        return sqlite3_column_int64(q->s, i);
    const char *v = pg_value(q, i);
    if (!v)
        return 0;
    if (v[0] == 't' && !v[1])
        return 1; /* a boolean */
    if (v[0] == 'f' && !v[1])
        return 0;
    /* sums come as numeric: whole numbers of fen, in range (the queries
     * split what could overflow) */
    return strtoll(v, NULL, 10);
}

int store_col_int(store_q *q, int i)
{
    return (int)store_col_int64(q, i);
}
