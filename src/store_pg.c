/*
 * store_pg: a ledger in a PostgreSQL database (SPEC §17), for a federation
 * of branch unions: connecting (libpq), the server's errors in our words,
 * transactions, the schema with its branches under row-level security, the
 * integrity check, and COPY for imports. The records themselves are read
 * and written by the same code as on SQLite (store_rows.c, store_sums.c,
 * store_totals.c), its SQL translated here (store_pg_sql).
 *
 * Branches (docs/federation.md says why this way and not a schema per
 * branch): activities and the audit log carry a `branch` column; every
 * other table reaches its branch through its activity. Row-level security,
 * forced even on the tables' owner, shows and lets write only the rows of
 * outlay_branch(): the branch outlay_branch_role gives the database role,
 * else `main`. A member of the role outlay_admin may choose another with
 * the setting outlay.branch (the federation's year reads each so). The policies are
 * the database's own: a role that connects with psql is held to its branch
 * as outlay is.
 *
 * Transactions: a writing command takes its branch's advisory lock first,
 * so writers of a branch queue (as SQLite's BEGIN IMMEDIATE makes them)
 * and run one after the other, each statement reading what the one before
 * committed (READ COMMITTED); writers of different branches touch
 * different rows and never wait for each other; a reading command reads
 * one snapshot (REPEATABLE READ). No serialization failure can reach a
 * user, and no write is lost.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/text.h"
#include "store_internal.h"

/* The seconds a connection attempt may take unless the URL says. */
#define CONNECT_TIMEOUT "10"
/* The advisory locks' first key: 'OUTL', as SQLite ledgers' application_id. */
#define LOCK_CLASS "1330992204"

int store_is_pg(const char *path)
{
    return path && (!strncmp(path, "postgresql://", 13) || !strncmp(path, "postgres://", 11));
}

/* The URL without its password (in user:password@ or ?password=), for
 * every message that names the ledger. */
static char *redact(const char *url)
{
    char *r = strdup(url);
    if (!r)
        return NULL;
    char *start = strstr(r, "://");
    if (start) {
        start += 3;
        char *end = start + strcspn(start, "/?");
        char *at = memchr(start, '@', (size_t)(end - start));
        char *colon = at ? memchr(start, ':', (size_t)(at - start)) : NULL;
        if (colon)
            memmove(colon, at, strlen(at) + 1);
    }
    for (char *q = strchr(r, '?'); q;) {
        char *key = q + 1, *amp = strchr(key, '&');
        if (!strncmp(key, "password=", 9)) {
            if (amp)
                memmove(key, amp + 1, strlen(amp + 1) + 1);
            else
                *q = 0; /* the last (or only) one: drop its separator too */
            if (!amp)
                break;
            continue;
        }
        q = amp;
    }
    size_t n = strlen(r);
    if (n && (r[n - 1] == '?' || r[n - 1] == '&'))
        r[n - 1] = 0;
    return r;
}

/* libpq's message, first line only, without its trailing newline. */
static void first_line(const char *msg, char *out, size_t n)
{
    snprintf(out, n, "%s", msg ? msg : "");
    out[strcspn(out, "\n")] = 0;
}

enum outlay_status store_pg_error(outlay_store *st, const PGresult *res, outlay_err *err)
{
    const char *path = st->path ? st->path : "?";
    char msg[512];
    if (!res || PQstatus(st->pg) != CONNECTION_OK) {
        first_line(res ? PQresultErrorMessage(res) : PQerrorMessage(st->pg), msg, sizeof msg);
        if (!*msg)
            first_line(PQerrorMessage(st->pg), msg, sizeof msg);
        return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_STORE_PG_CONNECT, OUTLAY_A_TEXT(path),
                           OUTLAY_A_TEXT(msg));
    }
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    const char *primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    first_line(primary ? primary : PQresultErrorMessage(res), msg, sizeof msg);
    if (!state)
        state = "";
    if (!strcmp(state, "55P03") || !strcmp(state, "40001") || !strcmp(state, "40P01") ||
        !strcmp(state, "57014"))
        return outlay_fail(err, OUTLAY_EBUSY, OUTLAY_P_STORE_BUSY, OUTLAY_A_TEXT(path),
                           OUTLAY_A_INT(BUSY_TIMEOUT_MS / 1000));
    if (!strcmp(state, "53100"))
        return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_STORE_DISK_FULL, OUTLAY_A_TEXT(path));
    if (!strcmp(state, "53200"))
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    /* the branch wall; other privileges missing are the server's words */
    if (!strcmp(state, "42501") && strstr(msg, "row-level security"))
        return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_STORE_PG_DENIED, OUTLAY_A_TEXT(path),
                           OUTLAY_A_TEXT(msg));
    if (!strncmp(state, "23", 2) || !strcmp(state, "22003"))
        return outlay_fail(err, OUTLAY_EOVERFLOW, OUTLAY_P_STORE_CONSTRAINT, OUTLAY_A_TEXT(path),
                           OUTLAY_A_TEXT(msg));
    if (!strncmp(state, "08", 2) || !strncmp(state, "57", 2))
        return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_STORE_PG_CONNECT, OUTLAY_A_TEXT(path),
                           OUTLAY_A_TEXT(msg));
    return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_STORE_PG_ERROR, OUTLAY_A_TEXT(path),
                       OUTLAY_A_TEXT(state), OUTLAY_A_TEXT(msg));
}

/* Drops an import's rows not yet sent (a rollback is coming). */
static void copy_abort(outlay_store *st)
{
    st->pg_copy = 0;
    st->pg_rows.n = 0;
    st->pg_rows.bad = 0;
}

enum outlay_status store_pg_settle(outlay_store *st, outlay_err *err)
{
    if (st->pg_pending) {
        st->pg_pending = 0;
        PGresult *r;
        while ((r = PQgetResult(st->pg))) {
            if (!st->pg_failed && PQresultStatus(r) != PGRES_COMMAND_OK)
                st->pg_failed = r;
            else
                PQclear(r);
        }
    }
    return st->pg_failed ? store_pg_error(st, st->pg_failed, err) : OUTLAY_OK;
}

int outlay_store_failed(const outlay_store *st)
{
    return st->backend == STORE_PG && st->pg_failed != NULL;
}

/* Forgets a batch's failure, or waits for the batch unheard: a rollback. */
static void settle_for_rollback(outlay_store *st)
{
    outlay_err ignored = {0};
    store_pg_settle(st, &ignored);
    outlay_err_clear(&ignored);
    PQclear(st->pg_failed);
    st->pg_failed = NULL;
}

enum outlay_status store_pg_exec(outlay_store *st, const char *sql, outlay_err *err)
{
    int rollback = !strcmp(sql, "ROLLBACK");
    if (st->pg_copy) {
        if (rollback)
            copy_abort(st);
        else if (store_pg_copy_reads(st, sql) && store_pg_copy_end(st, err) != OUTLAY_OK)
            return err->status;
    }
    if (rollback)
        settle_for_rollback(st);
    else if (store_pg_settle(st, err) != OUTLAY_OK)
        return err->status;
    PGresult *r = PQexec(st->pg, sql);
    ExecStatusType es = PQresultStatus(r);
    enum outlay_status rc = OUTLAY_OK;
    if (es != PGRES_COMMAND_OK && es != PGRES_TUPLES_OK)
        rc = store_pg_error(st, r, err);
    else if (!strcmp(sql, "COMMIT") && strcmp(PQcmdStatus(r), "COMMIT"))
        /* a transaction that had failed ends in ROLLBACK, "successfully" */
        rc = outlay_fail(err, OUTLAY_EIO, OUTLAY_P_STORE_PG_ERROR, OUTLAY_A_TEXT(st->path),
                         OUTLAY_A_TEXT("25P02"),
                         OUTLAY_A_TEXT("the transaction had failed and was rolled back"));
    PQclear(r);
    return rc;
}

/* One value of a one-row query with one text parameter (NULL for none):
 * copied into out (n bytes; "" for SQL NULL). */
static enum outlay_status query_value(outlay_store *st, const char *sql, const char *param,
                                      char *out, size_t n, outlay_err *err)
{
    if (store_pg_settle(st, err) != OUTLAY_OK)
        return err->status;
    PGresult *r = PQexecParams(st->pg, sql, param ? 1 : 0, NULL, &param, NULL, NULL, 0);
    enum outlay_status rc = OUTLAY_OK;
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        rc = store_pg_error(st, r, err);
    else
        snprintf(out, n, "%s", PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "");
    PQclear(r);
    return rc;
}

/* --- SQL ---------------------------------------------------------------- */

/* What SQLite's dialect says that PostgreSQL's says otherwise (the store's
 * queries are written so that these are all). */
static const struct {
    const char *sqlite, *pg;
} dialect[] = {
    {STORE_TXN_ID_GLOB, "receipt ~ '^[0-9]{8}'"},
    {"group_concat(", "string_agg("},
    {"instr(", "strpos("},
};

char *store_pg_sql(const char *sql, unsigned char used[STORE_MAX_PARAMS + 1], int *nparams)
{
    size_t len = strlen(sql);
    /* each ?N grows by at most one character ($N for ?, ?N for ?N), and
     * each dialect change by less than 64 */
    size_t cap = len * 2 + 64 * 8 + 1;
    char *out = malloc(cap), *o = out;
    int max = 0;
    memset(used, 0, STORE_MAX_PARAMS + 1);
    if (!out)
        return NULL;
    for (const char *p = sql; *p;) {
        if (*p == '\'') {
            /* a literal, copied as it is */
            const char *e = p + 1;
            while (*e && !(*e == '\'' && e[1] != '\''))
                e += *e == '\'' ? 2 : 1;
            if (*e)
                e++;
            memcpy(o, p, (size_t)(e - p));
            o += e - p;
            p = e;
            continue;
        }
        int matched = 0;
        for (size_t i = 0; i < sizeof dialect / sizeof dialect[0]; i++) {
            size_t k = strlen(dialect[i].sqlite);
            if (!strncmp(p, dialect[i].sqlite, k)) {
                size_t m = strlen(dialect[i].pg);
                if ((size_t)(o - out) + m + (len - (size_t)(p - sql)) * 2 + 1 >= cap) {
                    free(out);
                    return NULL;
                }
                memcpy(o, dialect[i].pg, m);
                o += m;
                p += k;
                matched = 1;
                break;
            }
        }
        if (matched)
            continue;
        if (*p == '?') {
            int n = 0;
            p++;
            if (*p >= '0' && *p <= '9') {
                while (*p >= '0' && *p <= '9')
                    n = n * 10 + (*p++ - '0');
            } else {
                n = max + 1; /* SQLite: one more than the largest so far */
            }
            if (n > max)
                max = n;
            if (n >= 1 && n <= STORE_MAX_PARAMS)
                used[n] = 1;
            o += sprintf(o, "$%d", n);
            continue;
        }
        *o++ = *p++;
    }
    *o = 0;
    *nparams = max;
    return out;
}

/* --- the schema --------------------------------------------------------- */

/* Schema 9 of SQLite ledgers (store_schema.c), as PostgreSQL tables, with
 * branches. %1$s is the schema's name, quoted, for the functions (a role's
 * own temporary table must not stand in for outlay_branch_role). Text
 * compares as SQLite's does (bytes: COLLATE "C"). */
#define T "text COLLATE \"C\""
#define I "bigint"
#define ID "bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
#define KINDS                                                                                      \
    "('other','prize-winner','prize-participation','souvenir','meal','clothing','gift-card')"
#define FUNDERS "('participants','union')"

/* Schema 10: each activity's figures for the year (store_schema.c), as
 * migration 9 -> 10 made them. */
#define YEAR_TABLE_10                                                                              \
    "CREATE TABLE activity_year(activity_id " I " PRIMARY KEY REFERENCES activity(id),"            \
    " kept " I " NOT NULL, budgeted " I " NOT NULL, actual " I " NOT NULL,"                        \
    " variance " I " NOT NULL, union_share " I " NOT NULL, deposits " I " NOT NULL,"               \
    " paid_out " I " NOT NULL);"
/* Schema 11: every activity has its row of the year, which carries the
 * activity's branch and void, so that a federation's rollup sums this one
 * narrow table behind a policy of its own (store_years.c) instead of
 * joining 20,000 activities twice under theirs. The branch is the
 * activity's (a foreign key on both), so the policy holds as the
 * activity's does: a role can neither read another branch's row nor write
 * one for another branch's activity. */
#define YEAR_TABLE                                                                                 \
    "CREATE TABLE activity_year(activity_id " I " PRIMARY KEY REFERENCES activity(id),"            \
    " kept " I " NOT NULL, budgeted " I " NOT NULL, actual " I " NOT NULL,"                        \
    " variance " I " NOT NULL, union_share " I " NOT NULL, deposits " I " NOT NULL,"               \
    " paid_out " I " NOT NULL, branch " T " NOT NULL, void " I " NOT NULL DEFAULT 0,"              \
    " FOREIGN KEY(activity_id, branch) REFERENCES activity(id, branch));" YEAR_WALL
#define YEAR_WALL                                                                                  \
    "CREATE INDEX activity_year_branch ON activity_year(branch);"                                  \
    "ALTER TABLE activity_year ENABLE ROW LEVEL SECURITY;"                                         \
    "ALTER TABLE activity_year FORCE ROW LEVEL SECURITY;"                                          \
    "CREATE POLICY branch ON activity_year"                                                        \
    " USING (branch = ANY ((SELECT outlay_visible())::text[]));"
/* Who a session is (SPEC §17): outlay_is_admin(), a member of
 * outlay_admin; outlay_branch(), its branch: the setting outlay.branch for
 * an administrator, else its row of outlay_branch_role, else main. A
 * role's own operators or tables in a schema it may create in must not
 * change what they answer: tables are named with their schema (%1$s) and
 * operators as pg_catalog's. PL/pgSQL, which keeps its plans for the
 * session, and no search_path of their own (a change of configuration at
 * every call): a SQL function's body is planned again in every statement
 * that calls it, which cost each upsert of the kept totals 0.3 ms. */
#define BRANCH_FUNCTIONS                                                                           \
    "CREATE OR REPLACE FUNCTION outlay_is_admin() RETURNS boolean LANGUAGE plpgsql STABLE"         \
    " AS $f$ BEGIN RETURN CASE WHEN pg_catalog.to_regrole('outlay_admin') IS NULL THEN false"      \
    " ELSE pg_catalog.pg_has_role(CURRENT_USER, pg_catalog.to_regrole('outlay_admin'), 'MEMBER')"  \
    " END; END $f$;"                                                                               \
    "CREATE OR REPLACE FUNCTION outlay_branch() RETURNS text LANGUAGE plpgsql STABLE AS $f$"       \
    " DECLARE s text := pg_catalog.current_setting('outlay.branch', true); r text; BEGIN"          \
    " IF coalesce(s, '') OPERATOR(pg_catalog.<>) '' AND %1$s.outlay_is_admin() THEN RETURN s;"     \
    " END IF;"                                                                                     \
    " SELECT b.branch INTO r FROM %1$s.outlay_branch_role b"                                       \
    " WHERE b.role OPERATOR(pg_catalog.=) CAST(CURRENT_USER AS pg_catalog.text);"                  \
    " RETURN coalesce(r, 'main'); END $f$;"
/* The branches a session sees: its own, or, for an outlay_admin member
 * whose outlay.branch is '*' (the federation's year: rollup), every branch
 * (SPEC §17). Nobody writes as '*': no branch may be named so, and outlay
 * refuses to open a ledger as '*' (store_pg_open). */
#define VISIBLE_FUNCTION                                                                           \
    "CREATE OR REPLACE FUNCTION outlay_visible() RETURNS text[] LANGUAGE plpgsql STABLE AS $f$"    \
    " DECLARE b text := %1$s.outlay_branch(); BEGIN"                                               \
    " IF b OPERATOR(pg_catalog.=) '*' THEN"                                                        \
    " RETURN ARRAY(SELECT x.branch FROM %1$s.outlay_branches x); END IF;"                          \
    " RETURN ARRAY[b]; END $f$;"
/* The policies of the two tables with a branch: the function called once
 * a statement (an initplan), not once a row, and the branch found through
 * the index on (branch, slug): with a federation's 20,000 activities, a
 * call per row and a scan of them all made every query on a child table
 * (whose policy reads activity) milliseconds long. */
#define BRANCH_POLICIES                                                                            \
    "CREATE POLICY branch ON activity USING (branch = ANY ((SELECT outlay_visible())::text[]));"   \
    "CREATE POLICY branch ON audit USING (branch = ANY ((SELECT outlay_visible())::text[]));"

static const char schema_sql[] =
    "CREATE TABLE outlay_meta(key " T " PRIMARY KEY, value " T " NOT NULL);"
    "CREATE TABLE outlay_branch_role(role " T " PRIMARY KEY,"
    " branch " T " NOT NULL CHECK(branch <> '' AND branch <> '*'));" BRANCH_FUNCTIONS
    /* Every branch a writing command has opened: a branch's ledger exists
     * from then on, as a SQLite ledger does once its file is made (reading
     * a branch nobody wrote is "no ledger"); the federation's year lists
     * them. Names only, readable by every role (the rows stay behind the
     * wall); a role adds its own branch only. */
    "CREATE TABLE outlay_branches(branch " T " PRIMARY KEY CHECK(branch <> '*'));"
    "ALTER TABLE outlay_branches ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE outlay_branches FORCE ROW LEVEL SECURITY;"
    "CREATE POLICY names ON outlay_branches FOR SELECT USING (true);"
    "CREATE POLICY own ON outlay_branches FOR INSERT"
    " WITH CHECK (branch = %1$s.outlay_branch());" VISIBLE_FUNCTION "CREATE TABLE activity(id " ID
    ", branch " T " NOT NULL DEFAULT outlay_branch()"
    " CHECK(branch <> '' AND branch <> '*'),"
    " slug " T " NOT NULL, title " T " NOT NULL, date " T ", end_date " T ", venue " T ","
    " organizer " T ", currency " T " NOT NULL DEFAULT 'CNY', deposit " I " NOT NULL DEFAULT 0,"
    " headcount " I " NOT NULL DEFAULT 0, budget_total " I ","
    " subsidy_per_head " I " NOT NULL DEFAULT 0, funded_by " T " NOT NULL DEFAULT 'participants'"
    " CHECK(funded_by IN " FUNDERS "), closed " I " NOT NULL DEFAULT 0,"
    " created_at " T " NOT NULL, void " I " NOT NULL DEFAULT 0, void_reason " T ","
    " settle_rule " I " NOT NULL DEFAULT 1 CHECK(settle_rule IN (1, 2)), rules_name " T ","
    " rules_text " T ", min_refund " I " NOT NULL DEFAULT 0 CHECK(min_refund >= 0),"
    " flags_ok " I " NOT NULL DEFAULT 0, UNIQUE(branch, slug), UNIQUE(id, branch));"

    "CREATE TABLE budget_line(id " ID ", activity_id " I " NOT NULL REFERENCES activity(id),"
    " category " T " NOT NULL, item " T " NOT NULL, unit_price " I " NOT NULL,"
    " qty " I " NOT NULL CHECK(qty >= 1), amount " I " NOT NULL,"
    " per_head " I " NOT NULL DEFAULT 0, unit " T ", note " T ","
    " funded_by " T " NOT NULL CHECK(funded_by IN " FUNDERS "),"
    " no " I " NOT NULL, void " I " NOT NULL DEFAULT 0, void_reason " T ","
    " kind " T " NOT NULL DEFAULT 'other' CHECK(kind IN " KINDS "), UNIQUE(activity_id, no));"
    "CREATE TABLE participant(id " ID ", activity_id " I " NOT NULL REFERENCES activity(id),"
    " name " T " NOT NULL, dept " T ", tags " T " NOT NULL DEFAULT '',"
    " weight " I " NOT NULL DEFAULT 1 CHECK(weight >= 1), withdrawn " I " NOT NULL DEFAULT 0,"
    " name_key " T ", UNIQUE(activity_id, name));"
    "CREATE INDEX participant_key ON participant(activity_id, name_key);"
    "CREATE INDEX participant_withdrawn ON participant(activity_id) WHERE withdrawn = 1;"
    "CREATE TABLE deposit(id " ID ", activity_id " I " NOT NULL REFERENCES activity(id),"
    " participant_id " I " NOT NULL REFERENCES participant(id), amount " I " NOT NULL,"
    " date " T ", method " T ", no " I " NOT NULL, void " I " NOT NULL DEFAULT 0,"
    " void_reason " T ", reference " T ", UNIQUE(activity_id, no));"
    "CREATE INDEX deposit_reference ON deposit(activity_id, reference)"
    " WHERE reference IS NOT NULL;"
    "CREATE TABLE payout(id " ID ", activity_id " I " NOT NULL REFERENCES activity(id),"
    " participant_id " I " NOT NULL REFERENCES participant(id), amount " I " NOT NULL,"
    " date " T ", method " T ", no " I " NOT NULL, void " I " NOT NULL DEFAULT 0,"
    " void_reason " T ", reference " T ", UNIQUE(activity_id, no));"
    "CREATE INDEX payout_reference ON payout(activity_id, reference)"
    " WHERE reference IS NOT NULL;"
    "CREATE TABLE expense(id " ID ", activity_id " I " NOT NULL REFERENCES activity(id),"
    " date " T ", category " T " NOT NULL, item " T ", amount " I " NOT NULL, payee " T ","
    " paid_by " I " REFERENCES participant(id), receipt " T ", for_tag " T ","
    " funded_by " T " NOT NULL CHECK(funded_by IN " FUNDERS "),"
    " void " I " NOT NULL DEFAULT 0, void_reason " T ", no " I " NOT NULL,"
    " kind " T " NOT NULL DEFAULT 'other' CHECK(kind IN " KINDS "),"
    " flags " I " NOT NULL DEFAULT 0, UNIQUE(activity_id, no));"
    "CREATE INDEX expense_paid_by ON expense(paid_by) WHERE paid_by IS NOT NULL;"
    "CREATE INDEX expense_receipt ON expense(activity_id, receipt)"
    " WHERE receipt ~ '^[0-9]{8}';"
    "CREATE INDEX expense_flagged ON expense(activity_id, no) WHERE flags <> 0;"
    "CREATE TABLE category_total(activity_id " I " NOT NULL REFERENCES activity(id),"
    " category " T " NOT NULL, actual " I " NOT NULL, n " I " NOT NULL, first_id " I " NOT NULL,"
    " PRIMARY KEY(activity_id, category));"
    "CREATE TABLE group_total(activity_id " I " NOT NULL REFERENCES activity(id),"
    " for_tag " T " NOT NULL, funded_by " T " NOT NULL, amount " I " NOT NULL, n " I " NOT NULL,"
    " first_id " I " NOT NULL, PRIMARY KEY(activity_id, for_tag, funded_by));"
    "CREATE TABLE kind_total(activity_id " I " NOT NULL REFERENCES activity(id),"
    " kind " T " NOT NULL, amount " I " NOT NULL, n " I " NOT NULL, flagged " I " NOT NULL,"
    " PRIMARY KEY(activity_id, kind));"
    "CREATE TABLE audit(id " ID ", branch " T " NOT NULL DEFAULT outlay_branch(),"
    " at " T " NOT NULL, command " T " NOT NULL, activity " T ", detail " T " NOT NULL,"
    " who " T " NOT NULL DEFAULT '');"
    "CREATE INDEX audit_branch ON audit(branch, id);"
    "CREATE TABLE approval(id " ID ", activity_id " I " NOT NULL REFERENCES activity(id),"
    " no " I " NOT NULL, by_name " T " NOT NULL, date " T " NOT NULL, total " I " NOT NULL,"
    " at " T " NOT NULL, UNIQUE(activity_id, no));"
    "CREATE TABLE approval_line(approval_id " I " NOT NULL REFERENCES approval(id),"
    " no " I " NOT NULL, category " T " NOT NULL, item " T " NOT NULL,"
    " unit_price " I " NOT NULL, qty " I " NOT NULL, amount " I " NOT NULL,"
    " funded_by " T " NOT NULL, kind " T " NOT NULL, PRIMARY KEY(approval_id, no));"
    "CREATE TABLE participant_alias(activity_id " I " NOT NULL REFERENCES activity(id),"
    " participant_id " I " NOT NULL REFERENCES participant(id), alias " T " NOT NULL,"
    " alias_key " T " NOT NULL, UNIQUE(activity_id, alias_key));"
    "CREATE INDEX participant_alias_of ON participant_alias(participant_id);"
    "CREATE TABLE participant_link(participant_id " I " PRIMARY KEY"
    " REFERENCES participant(id), token " T " NOT NULL UNIQUE, created_at " T
    " NOT NULL);" YEAR_TABLE
    /* the branch wall: forced, so the tables' owner is held to it too */
    "ALTER TABLE activity ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE activity FORCE ROW LEVEL SECURITY;"
    "ALTER TABLE audit ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE audit FORCE ROW LEVEL SECURITY;" BRANCH_POLICIES;

/* The tables whose rows belong to a branch through their activity (or,
 * for the two last, through their approval and participant). */
static const char *const child_tables[][2] = {
    {"budget_line", "activity_id IN (SELECT a.id FROM activity a)"},
    {"participant", "activity_id IN (SELECT a.id FROM activity a)"},
    {"deposit", "activity_id IN (SELECT a.id FROM activity a)"},
    {"payout", "activity_id IN (SELECT a.id FROM activity a)"},
    {"expense", "activity_id IN (SELECT a.id FROM activity a)"},
    {"category_total", "activity_id IN (SELECT a.id FROM activity a)"},
    {"group_total", "activity_id IN (SELECT a.id FROM activity a)"},
    {"kind_total", "activity_id IN (SELECT a.id FROM activity a)"},
    {"approval", "activity_id IN (SELECT a.id FROM activity a)"},
    {"participant_alias", "activity_id IN (SELECT a.id FROM activity a)"},
    {"approval_line", "approval_id IN (SELECT p.id FROM approval p)"},
    {"participant_link", "participant_id IN (SELECT p.id FROM participant p)"},
};

/* Runs a batch of statements built with the schema's quoted name. */
static enum outlay_status exec_with_schema(outlay_store *st, const char *fmt, const char *schema,
                                           outlay_err *err)
{
    size_t uses = 0;
    for (const char *p = fmt; (p = strstr(p, "%1$s")); p += 4)
        uses++;
    size_t n = strlen(fmt) + strlen(schema) * uses + 1;
    char *sql = malloc(n);
    if (!sql)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    snprintf(sql, n, fmt, schema);
    enum outlay_status rc = store_pg_exec(st, sql, err);
    free(sql);
    return rc;
}

static enum outlay_status create_schema(outlay_store *st, outlay_err *err)
{
    char name[256], buf[1024];
    enum outlay_status rc =
        query_value(st, "SELECT current_schema()", NULL, name, sizeof name, err);
    if (rc != OUTLAY_OK)
        return rc;
    if (!*name)
        return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_STORE_PG_ERROR, OUTLAY_A_TEXT(st->path),
                           OUTLAY_A_TEXT("3F000"),
                           OUTLAY_A_TEXT("no schema to create the tables in (search_path)"));
    char *quoted = PQescapeIdentifier(st->pg, name, strlen(name));
    if (!quoted)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    rc = exec_with_schema(st, schema_sql, quoted, err);
    for (size_t i = 0; rc == OUTLAY_OK && i < sizeof child_tables / sizeof child_tables[0]; i++) {
        snprintf(buf, sizeof buf,
                 "ALTER TABLE %s ENABLE ROW LEVEL SECURITY; ALTER TABLE %s FORCE ROW LEVEL "
                 "SECURITY; CREATE POLICY branch ON %s USING (%s)",
                 child_tables[i][0], child_tables[i][0], child_tables[i][0], child_tables[i][1]);
        rc = store_pg_exec(st, buf, err);
    }
    /* Every role that may connect may use outlay, each in its branch (the
     * policies above); connecting is the administrator's to grant. Only
     * aliases are ever deleted (an alias taken back). */
    if (rc == OUTLAY_OK) {
        snprintf(buf, sizeof buf,
                 "GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA %s TO PUBLIC;"
                 "REVOKE INSERT, UPDATE ON outlay_meta, outlay_branch_role FROM PUBLIC;"
                 "REVOKE UPDATE ON outlay_branches, audit FROM PUBLIC;"
                 "GRANT DELETE ON participant_alias TO PUBLIC;"
                 "GRANT USAGE ON ALL SEQUENCES IN SCHEMA %s TO PUBLIC;"
                 "INSERT INTO outlay_meta(key, value) VALUES ('application', 'outlay'),"
                 " ('schema_version', '%d')",
                 quoted, quoted, OUTLAY_SCHEMA_VERSION);
        rc = store_pg_exec(st, buf, err);
    }
    PQfreemem(quoted);
    return rc;
}

/* Forward migrations of PostgreSQL ledgers, which begin at schema 9:
 * pg_migrations[v - 9] takes schema v to v + 1. Run by the tables' owner
 * (an older database refuses anyone else: store_pg_open). */
static const char *const pg_migrations[] = {
    /* 9 -> 10: the year's figures (schema_sql) and the federation's read */
    "ALTER TABLE outlay_branches ADD CHECK(branch <> '*');"
    "ALTER TABLE activity ADD CHECK(branch <> '*');" YEAR_TABLE_10 BRANCH_FUNCTIONS VISIBLE_FUNCTION
    "DROP POLICY branch ON activity; DROP POLICY branch ON audit;" BRANCH_POLICIES
    "ALTER TABLE activity_year ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE activity_year FORCE ROW LEVEL SECURITY;"
    "CREATE POLICY branch ON activity_year USING (activity_id IN (SELECT a.id FROM activity a));"
    "GRANT SELECT, INSERT, UPDATE ON activity_year TO PUBLIC;",
    /* 10 -> 11: activity_year carries the branch and void (YEAR_TABLE);
     * every activity gets its row. The owner fills them in past the wall
     * (lifted for the owner inside this transaction, whose ACCESS
     * EXCLUSIVE locks keep every other session out until it commits; the
     * new foreign key is checked before, as its check is held to a forced
     * wall). */
    "ALTER TABLE activity ADD UNIQUE(id, branch);"
    "ALTER TABLE activity_year ADD COLUMN branch " T ", ADD COLUMN void " I " NOT NULL DEFAULT 0;"
    "ALTER TABLE activity NO FORCE ROW LEVEL SECURITY;"
    "ALTER TABLE activity_year NO FORCE ROW LEVEL SECURITY;"
    "UPDATE activity_year y SET branch = a.branch, void = a.void FROM activity a"
    " WHERE a.id = y.activity_id;"
    "INSERT INTO activity_year(activity_id, kept, budgeted, actual, variance, union_share,"
    " deposits, paid_out, branch, void) SELECT a.id, 0, 0, 0, 0, 0, 0, 0, a.branch, a.void"
    " FROM activity a WHERE NOT EXISTS"
    " (SELECT 1 FROM activity_year y WHERE y.activity_id = a.id);"
    "ALTER TABLE activity_year ALTER COLUMN branch SET NOT NULL,"
    " ADD FOREIGN KEY(activity_id, branch) REFERENCES activity(id, branch);"
    "ALTER TABLE activity FORCE ROW LEVEL SECURITY;"
    "DROP POLICY branch ON activity_year;" YEAR_WALL,
};
_Static_assert(9 + sizeof pg_migrations / sizeof pg_migrations[0] == OUTLAY_SCHEMA_VERSION,
               "one PostgreSQL migration per version from 9");

static enum outlay_status migrate(outlay_store *st, long from, outlay_err *err)
{
    enum outlay_status rc = OUTLAY_OK;
    char name[256];
    char *quoted = NULL;
    rc = query_value(st, "SELECT current_schema()", NULL, name, sizeof name, err);
    if (rc == OUTLAY_OK && !(quoted = PQescapeIdentifier(st->pg, name, strlen(name))))
        rc = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    for (long v = from < 9 ? 9 : from; v < OUTLAY_SCHEMA_VERSION && rc == OUTLAY_OK; v++)
        rc = exec_with_schema(st, pg_migrations[v - 9], quoted, err);
    PQfreemem(quoted);
    if (rc == OUTLAY_OK) {
        char sql[96];
        snprintf(sql, sizeof sql,
                 "UPDATE outlay_meta SET value = '%d' WHERE key = 'schema_version'",
                 OUTLAY_SCHEMA_VERSION);
        rc = store_pg_exec(st, sql, err);
    }
    return rc;
}

/* What the database holds: *fresh when it has no table in the schema
 * outlay would use; else its schema version (OUTLAY_ENOTLEDGER when it is
 * another program's database, OUTLAY_ENEWER when from a newer outlay). */
static enum outlay_status check_database(outlay_store *st, int *fresh, long *version,
                                         outlay_err *err)
{
    char v[64];
    enum outlay_status rc = query_value(
        st,
        "SELECT CASE WHEN to_regclass('outlay_meta') IS NOT NULL THEN 'meta'"
        " WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
        "       ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
        "       AND c.relkind IN ('r', 'p', 'v', 'm', 'f')) THEN 'other' ELSE 'fresh' END",
        NULL, v, sizeof v, err);
    if (rc == OUTLAY_OK && !strcmp(v, "meta"))
        rc = query_value(st,
                         "SELECT coalesce(max(CASE WHEN key = 'schema_version' THEN value END),"
                         " '0') || ':' || coalesce(max(CASE WHEN key = 'application'"
                         " THEN value END), '') FROM outlay_meta",
                         NULL, v, sizeof v, err);
    if (rc != OUTLAY_OK)
        return rc;
    *fresh = !strcmp(v, "fresh");
    *version = 0;
    if (*fresh)
        return OUTLAY_OK;
    char *colon = strchr(v, ':');
    if (!colon || strcmp(colon + 1, "outlay"))
        return outlay_fail(err, OUTLAY_ENOTLEDGER, OUTLAY_P_STORE_NOT_OURS,
                           OUTLAY_A_TEXT(st->path));
    *version = strtol(v, NULL, 10);
    if (*version > OUTLAY_SCHEMA_VERSION)
        return outlay_fail(err, OUTLAY_ENEWER, OUTLAY_P_STORE_NEWER, OUTLAY_A_TEXT(st->path),
                           OUTLAY_A_INT(*version), OUTLAY_A_INT(OUTLAY_SCHEMA_VERSION));
    return OUTLAY_OK;
}

static void quiet_notices(void *arg, const char *message)
{
    /* The library never prints (the server's NOTICEs are not for users). */
    (void)arg;
    (void)message;
}

/* A reader's branch must be a ledger (a writing command opened it); '*'
 * (the federation's read, rollup) is chosen inside a transaction, never
 * by the connection. */
static enum outlay_status read_check(outlay_store *st, outlay_err *err)
{
    char v[8] = "";
    enum outlay_status rc = query_value(st,
                                        "SELECT CASE WHEN outlay_branch() = '*' THEN '*'"
                                        " WHEN EXISTS (SELECT 1 FROM outlay_branches"
                                        " WHERE branch = outlay_branch()) THEN 't' ELSE 'f' END",
                                        NULL, v, sizeof v, err);
    if (rc == OUTLAY_OK && !strcmp(v, "*"))
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_STORE_PG_ALL, OUTLAY_A_TEXT(st->path));
    if (rc == OUTLAY_OK && strcmp(v, "t") != 0)
        return outlay_fail(err, OUTLAY_ENOLEDGER, OUTLAY_P_STORE_NO_LEDGER,
                           OUTLAY_A_TEXT(st->path));
    return rc;
}

enum outlay_status store_pg_open(outlay_store *st, const char *url, enum outlay_store_mode mode,
                                 outlay_err *err)
{
    if (!(st->path = redact(url)))
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    /* The URL's own settings win over these defaults (expand_dbname). */
    const char *keys[] = {"connect_timeout", "application_name", "client_encoding", "dbname", NULL};
    const char *vals[] = {CONNECT_TIMEOUT, "outlay", "UTF8", url, NULL};
    st->pg = PQconnectdbParams(keys, vals, 1);
    if (!st->pg)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    if (PQstatus(st->pg) != CONNECTION_OK)
        return store_pg_error(st, NULL, err);
    PQsetNoticeProcessor(st->pg, quiet_notices, NULL);
    char sql[160];
    /* as SQLite's busy timeout: a writer waits this long for its branch */
    snprintf(sql, sizeof sql,
             "SET lock_timeout = '%ds'; SET client_min_messages = warning;"
             " SET DateStyle = 'ISO'; SET temp_buffers = '32MB'",
             BUSY_TIMEOUT_MS / 1000);
    enum outlay_status rc = store_pg_exec(st, sql, err);
    int fresh = 0;
    long version = 0;
    if (rc == OUTLAY_OK)
        rc = check_database(st, &fresh, &version, err);
    if (rc != OUTLAY_OK)
        return rc;
    char v[16] = "";
    if (mode == OUTLAY_STORE_READ && (fresh || version == OUTLAY_SCHEMA_VERSION))
        return fresh ? outlay_fail(err, OUTLAY_ENOLEDGER, OUTLAY_P_STORE_NO_LEDGER,
                                   OUTLAY_A_TEXT(st->path))
                     : read_check(st, err);
    /* Of two first writers, one makes the schema (or brings an older one
     * up to date); the other finds it. */
    rc = store_pg_exec(st, "BEGIN; SELECT pg_advisory_xact_lock(" LOCK_CLASS ", 0)", err);
    if (rc == OUTLAY_OK)
        rc = check_database(st, &fresh, &version, err);
    if (rc == OUTLAY_OK && fresh)
        rc = create_schema(st, err);
    else if (rc == OUTLAY_OK && version < OUTLAY_SCHEMA_VERSION)
        rc = migrate(st, version, err);
    if (rc == OUTLAY_OK && mode != OUTLAY_STORE_READ &&
        (rc = query_value(st, "SELECT outlay_branch() = '*'", NULL, v, sizeof v, err)) ==
            OUTLAY_OK &&
        !strcmp(v, "t"))
        rc = outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_STORE_PG_ALL, OUTLAY_A_TEXT(st->path));
    if (rc == OUTLAY_OK && mode != OUTLAY_STORE_READ)
        rc = query_value(st,
                         "INSERT INTO outlay_branches(branch) VALUES (outlay_branch())"
                         " ON CONFLICT DO NOTHING RETURNING true",
                         NULL, v, sizeof v, err);
    if (rc == OUTLAY_OK)
        rc = store_pg_exec(st, "COMMIT", err);
    else
        store_pg_exec(st, "ROLLBACK", &(outlay_err){0});
    if (rc == OUTLAY_OK && mode == OUTLAY_STORE_READ)
        return read_check(st, err); /* an older schema, now current */
    /* a new branch is a new ledger (outlay init says so) */
    st->created = rc == OUTLAY_OK && !strcmp(v, "t");
    return rc;
}

void store_pg_close(outlay_store *st)
{
    if (!st->pg)
        return;
    copy_abort(st);
    free(st->pg_rows.p);
    st->pg_rows.p = NULL;
    PQclear(st->pg_failed);
    st->pg_failed = NULL;
    st->pg_pending = 0;
    PQfinish(st->pg);
    st->pg = NULL;
}

enum outlay_status store_pg_begin(outlay_store *st, int write, outlay_err *err)
{
    if (!write)
        return store_pg_exec(st, "BEGIN ISOLATION LEVEL REPEATABLE READ", err);
    return store_pg_exec(st,
                         "BEGIN ISOLATION LEVEL READ COMMITTED;"
                         " SELECT pg_advisory_xact_lock(" LOCK_CLASS ", hashtext(outlay_branch()))",
                         err);
}

/* --- branches (SPEC §17) ----------------------------------------------- */

enum outlay_status outlay_store_branches(outlay_store *st, char ***names, size_t *n,
                                         outlay_err *err)
{
    *names = NULL;
    *n = 0;
    if (st->backend != STORE_PG)
        return OUTLAY_OK;
    void *c = NULL;
    size_t cap = 0;
    enum outlay_status rc =
        store_cursor_new(st, sizeof(struct store_cursor),
                         "SELECT branch FROM outlay_branches ORDER BY branch", 0, NULL, &c, err);
    int r = rc == OUTLAY_OK ? 1 : -1;
    while (r == 1 && (r = store_cursor_step(c, err)) == 1) {
        const char *b = store_col_text(((struct store_cursor *)c)->stmt, 0);
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            char **v = realloc(*names, cap * sizeof *v);
            if (!v) {
                r = -2;
                break;
            }
            *names = v;
        }
        if (!((*names)[*n] = strdup(b ? b : ""))) {
            r = -2;
            break;
        }
        ++*n;
    }
    store_cursor_free(c);
    if (r == -2)
        rc = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    else if (r < 0)
        rc = err->status;
    if (rc != OUTLAY_OK) {
        outlay_store_branches_free(*names, *n);
        *names = NULL;
        *n = 0;
    }
    return rc;
}

void outlay_store_branches_free(char **names, size_t n)
{
    for (size_t i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
}

enum outlay_status outlay_store_use_branch(outlay_store *st, const char *branch, outlay_err *err)
{
    if (st->backend != STORE_PG)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_STORE_PG_BRANCH, OUTLAY_A_TEXT(branch));
    char v[8];
    /* local to the transaction; the server honours it for outlay_admin
     * only (outlay_branch()), so ask which branch it now is */
    enum outlay_status rc =
        query_value(st, "SELECT set_config('outlay.branch', $1, true) = outlay_branch()", branch, v,
                    sizeof v, err);
    if (rc == OUTLAY_OK && strcmp(v, "t") != 0)
        rc = outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_STORE_PG_BRANCH, OUTLAY_A_TEXT(branch));
    return rc;
}

/* --- imports: COPY ------------------------------------------------------ */

/* In bulk mode (an import) the rows of one table are kept in the store's
 * buffer, in COPY's text format, and sent when a statement is about to
 * read that table, when another table's rows begin, at 8 MiB, and at the
 * end of bulk mode or the transaction (store_pg_copy_end): an import that
 * looks up a participant for each deposit sends its deposits once, not
 * once a row. */
#define COPY_FLUSH (8 * 1024 * 1024)

static void put(struct store_pg_rows *b, const char *s, size_t n)
{
    if (b->bad)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64 * 1024;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->bad = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

/* A field of COPY's text format: \N for NULL (and for "" when
 * empty_is_null, as store_bind_text binds it), tabs, newlines and
 * backslashes escaped. */
static void put_text(struct store_pg_rows *b, const char *s, int empty_is_null, int last)
{
    if (!s || (!*s && empty_is_null)) {
        put(b, "\\N", 2);
    } else {
        const char *run = s;
        for (const char *c = s;; c++) {
            const char *esc = *c == '\\'   ? "\\\\"
                              : *c == '\t' ? "\\t"
                              : *c == '\n' ? "\\n"
                              : *c == '\r' ? "\\r"
                                           : NULL;
            if (!esc && *c)
                continue;
            put(b, run, (size_t)(c - run));
            if (!*c)
                break;
            put(b, esc, 2);
            run = c + 1;
        }
    }
    put(b, last ? "\n" : "\t", 1);
}

/* What an import copies, by enum store_copy: the table, its columns, and
 * the temporary table's (COPY cannot write a table under row-level
 * security: the rows go to a temporary table first, then into theirs by
 * one INSERT that the policies check). */
static const struct {
    const char *table, *columns, *temp;
} copies[] = {
    [STORE_COPY_EXPENSE] = {"expense",
                            "activity_id, date, category, item, amount, payee, paid_by, receipt,"
                            " for_tag, funded_by, no, kind, flags",
                            "activity_id bigint, date text, category text, item text,"
                            " amount bigint, payee text, paid_by bigint, receipt text,"
                            " for_tag text, funded_by text, no bigint, kind text, flags bigint"},
    [STORE_COPY_DEPOSIT] = {"deposit",
                            "activity_id, participant_id, amount, date, method, no, reference",
                            "activity_id bigint, participant_id bigint, amount bigint,"
                            " date text, method text, no bigint, reference text"},
    [STORE_COPY_PAYOUT] = {"payout",
                           "activity_id, participant_id, amount, date, method, no, reference",
                           "activity_id bigint, participant_id bigint, amount bigint,"
                           " date text, method text, no bigint, reference text"},
    [STORE_COPY_LINE] = {"budget_line",
                         "category, item, unit_price, qty, amount, per_head, unit, note,"
                         " funded_by, activity_id, no, kind",
                         "category text, item text, unit_price bigint, qty bigint,"
                         " amount bigint, per_head bigint, unit text, note text,"
                         " funded_by text, activity_id bigint, no bigint, kind text"},
};

int store_pg_copy_begin(outlay_store *st, enum store_copy kind, outlay_err *err)
{
    if (st->backend != STORE_PG || !st->bulk.on)
        return 0;
    if (st->pg_copy && st->pg_copy != (int)kind && store_pg_copy_end(st, err) != OUTLAY_OK)
        return -1;
    st->pg_copy = (int)kind;
    return 1;
}

void store_pg_copy_str(outlay_store *st, const char *v, int last)
{
    put_text(&st->pg_rows, v, 0, last);
}

void store_pg_copy_text(outlay_store *st, const char *v, int last)
{
    put_text(&st->pg_rows, v, 1, last);
}

void store_pg_copy_int(outlay_store *st, int64_t v, int last)
{
    char n[32];
    int k = snprintf(n, sizeof n, "%lld%c", (long long)v, last ? '\n' : '\t');
    put(&st->pg_rows, n, (size_t)k);
}

void store_pg_copy_null(outlay_store *st, int last)
{
    put(&st->pg_rows, last ? "\\N\n" : "\\N\t", 3);
}

enum outlay_status store_pg_copy_row(outlay_store *st, outlay_err *err)
{
    if (st->pg_rows.n >= COPY_FLUSH || st->pg_rows.bad)
        return store_pg_copy_end(st, err);
    return OUTLAY_OK;
}

int store_pg_copy_reads(const outlay_store *st, const char *sql)
{
    return st->pg_copy && strstr(sql, copies[st->pg_copy].table) != NULL;
}

enum outlay_status store_pg_copy_end(outlay_store *st, outlay_err *err)
{
    if (!st->pg_copy)
        return OUTLAY_OK;
    int kind = st->pg_copy;
    struct store_pg_rows *b = &st->pg_rows;
    st->pg_copy = 0; /* before the statements below, which would send them */
    if (b->bad) {
        copy_abort(st);
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    }
    char sql[512];
    snprintf(sql, sizeof sql, "CREATE TEMP TABLE IF NOT EXISTS outlay_%s_in(%s) ON COMMIT DROP",
             copies[kind].table, copies[kind].temp);
    enum outlay_status rc = store_pg_exec(st, sql, err);
    if (rc == OUTLAY_OK) {
        snprintf(sql, sizeof sql, "COPY outlay_%s_in(%s) FROM STDIN", copies[kind].table,
                 copies[kind].columns);
        PGresult *r = PQexec(st->pg, sql);
        if (PQresultStatus(r) != PGRES_COPY_IN)
            rc = store_pg_error(st, r, err);
        PQclear(r);
    }
    if (rc == OUTLAY_OK) {
        /* in pieces of at most 1 MiB (PQputCopyData takes an int) */
        int ok = 1;
        for (size_t at = 0; ok && at < b->n; at += 1u << 20) {
            size_t k = b->n - at < (1u << 20) ? b->n - at : (1u << 20);
            ok = PQputCopyData(st->pg, b->p + at, (int)k) == 1;
        }
        ok = PQputCopyEnd(st->pg, ok ? NULL : "not sent") == 1 && ok;
        PGresult *r;
        while ((r = PQgetResult(st->pg))) {
            if (rc == OUTLAY_OK && PQresultStatus(r) != PGRES_COMMAND_OK)
                rc = store_pg_error(st, r, err);
            PQclear(r);
        }
        if (rc == OUTLAY_OK && !ok)
            rc = store_pg_error(st, NULL, err);
    }
    b->n = 0;
    if (rc == OUTLAY_OK) {
        /* sent, not waited for: the import reads its next batch while the
         * server writes this one (store_pg_settle waits, before the next
         * statement) */
        char ins[1024];
        snprintf(ins, sizeof ins,
                 "INSERT INTO %s(%s) SELECT %s FROM outlay_%s_in; TRUNCATE outlay_%s_in",
                 copies[kind].table, copies[kind].columns, copies[kind].columns, copies[kind].table,
                 copies[kind].table);
        if (PQsendQuery(st->pg, ins) == 1)
            st->pg_pending = 1;
        else
            rc = store_pg_error(st, NULL, err);
    }
    return rc;
}

/* --- integrity ---------------------------------------------------------- */

long store_pg_name_keys(outlay_store *st, outlay_problem_cb cb, void *ctx, outlay_err *err)
{
    /* SQLite's check computes each key in SQL (outlay_name_key); here the
     * keys are computed as outlay writes them, in C. */
    void *c = NULL;
    long problems = 0;
    if (store_cursor_new(st, sizeof(struct store_cursor),
                         "SELECT a.slug, p.name, p.name_key FROM participant p"
                         " JOIN activity a ON a.id = p.activity_id ORDER BY p.id",
                         0, NULL, &c, err) != OUTLAY_OK)
        return -1;
    store_q *q = ((struct store_cursor *)c)->stmt;
    int r;
    while ((r = store_cursor_step(c, err)) == 1) {
        const char *slug = store_col_text(q, 0), *name = store_col_text(q, 1);
        const char *kept = store_col_text(q, 2);
        char *key = NULL;
        if (outlay_text_name_key(name ? name : "", &key, err) != OUTLAY_OK) {
            r = -1;
            break;
        }
        if (!kept || strcmp(kept, key) != 0) {
            outlay_err p = {0};
            outlay_fail(&p, OUTLAY_ECHECK, OUTLAY_P_STORE_NAME_KEY, OUTLAY_A_TEXT(slug ? slug : ""),
                        OUTLAY_A_TEXT(name ? name : ""));
            problems++;
            cb(ctx, &p);
        }
        free(key);
    }
    store_cursor_free(c);
    return r < 0 ? -1 : problems;
}
