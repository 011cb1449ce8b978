/*
 * store_internal: what the store's files share (src/store*.c only; no other
 * file includes this header or sqlite3.h, SPEC §1). The store is split the
 * way the workbook is:
 *
 *   store.c         the connection: opening a ledger safely, transactions,
 *                   the statement cache, SQLite's errors in our words, backup
 *   store_schema.c  what a ledger is: the tables and their migrations, how a
 *                   file is recognised as one, the integrity check
 *   store_rows.c    the records: row mapping, inserts, gets, listing cursors,
 *                   the audit log
 *   store_sums.c    sums over the records for reports, settlement and checks
 *   store_totals.c  the maintained per-category and per-group totals, and
 *                   bulk mode
 *
 *     void *c = NULL;
 *     if (store_cursor_new(st, sizeof(struct store_cursor), "SELECT count(*) FROM audit", 0,
 *                          NULL, &c, err) == OUTLAY_OK && store_cursor_step(c, err) == 1)
 *         n = sqlite3_column_int64(((struct store_cursor *)c)->stmt, 0);
 *     store_cursor_free(c);
 */
#ifndef OUTLAY_STORE_INTERNAL_H
#define OUTLAY_STORE_INTERNAL_H

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "outlay/records.h"
#include "outlay/status.h"
#include "outlay/store.h"

/* 'OUTL' in the SQLite header's application_id field marks our files. */
#define OUTLAY_APPLICATION_ID 0x4F55544C
#define BUSY_TIMEOUT_MS 30000

/* Receipts that look like a payment app's transaction id (schema 7's
 * partial index expense_receipt); a query that wants the index repeats it. */
#define STORE_TXN_ID_GLOB "receipt GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*'"

/* The statements a store prepares once and keeps (store_stmt); each file
 * holds the SQL of its own. */
enum store_stmt_id {
    S_AUDIT,
    S_ACT_GET,
    S_ACT_INSERT,
    S_ACT_UPDATE,
    S_LINE_INSERT,
    S_PART_INSERT,
    S_PART_UPDATE,
    S_PART_GET,
    S_PART_GET_EXACT,
    S_ALIAS_GET,
    S_DEPOSIT_INSERT,
    S_PAYOUT_INSERT,
    S_EXP_INSERT,
    S_EXP_GET,
    S_CAT_ADD,
    S_GROUP_ADD,
    S_KIND_ADD,
    S_KIND_GET,
    S_EXP_FLAGS,
    S_ACT_FLAGS_OK,
    S_LINE_GET,
    S_PAY_GET,
    S_PAY_GET_PAYOUT,
    /* max(no) of each kind of numbered record, in the order of enum
     * outlay_amounts (store_next_no) */
    S_ACT_ID,
    S_ACT_BY_ID,
    S_ACT_SIZE,
    S_YEAR_KEEP,
    S_NEXT_NO,
    S_NEXT_NO_LAST = S_NEXT_NO + OUTLAY_AMOUNTS_KINDS - 1,
    S_COUNT
};

typedef struct store_q store_q;

/* Bulk mode's pending additions to the maintained totals (store_totals.c). */
struct store_pending;
struct store_bulk {
    int on;
    struct store_pending *pend;
    size_t npend, cap; /* open addressing, cap a power of two */
    /* The last number given to a record of each kind (enum outlay_amounts)
     * and its activity, so that an import asks the index once (0: ask). */
    int64_t last_no[OUTLAY_AMOUNTS_KINDS], last_no_activity[OUTLAY_AMOUNTS_KINDS];
    /* How many records of each kind bulk mode wrote to that activity and
     * the sum of their |amount| (saturating), for outlay_store_bulk_added;
     * added_n -1 once records of a kind went to two activities. */
    int64_t added_n[OUTLAY_AMOUNTS_KINDS], added_magnitude[OUTLAY_AMOUNTS_KINDS];
};

/* Which database a store is on (outlay_store_open: by the path). */
enum store_backend { STORE_SQLITE = 0, STORE_PG };

struct outlay_store {
    enum store_backend backend;
    sqlite3 *db;
    /* PostgreSQL (store_pg.c): the connection; which cached statements it
     * has prepared; the COPY of an import under way (bulk mode); a counter
     * naming server-side cursors. */
    PGconn *pg;
    unsigned char pg_prepared[S_COUNT];
    int pg_copy; /* enum store_copy of the rows in pg_rows, 0 for none */
    struct store_pg_rows {
        char *p;
        size_t n, cap;
        int bad;
    } pg_rows;
    uint64_t pg_cursors;
    /* An import's INSERT of a batch, sent without waiting so that the next
     * batch is read while the server writes this one (store_pg_copy_end);
     * its failure, kept until the transaction is rolled back: every later
     * statement fails with it (store_pg_settle). */
    int pg_pending;
    PGresult *pg_failed;
    /* The ledger as messages name it (a PostgreSQL URL without its
     * password). */
    char *path;
    store_q *stmts[S_COUNT];
    int in_tx;
    /* Bulk mode (imports): the maintained totals are summed in memory and
     * written once at the end instead of two upserts per row. */
    struct store_bulk bulk;
    struct outlay_store_stats stats;
    /* Read as an immutable file (store.c, read_only_open): the file as it
     * was when opened, to tell afterwards whether its owner wrote meanwhile. */
    int watched;
    struct stat seen;
    /* Who the audit rows of this session name (outlay_store_set_who); ""
     * until told. */
    char *who;
    /* Opening made the schema in an empty file (outlay_store_created). */
    int created;
    /* Bulk mode: the participants of the activity imported into
     * (store_people.c). */
    struct store_people *people;
    /* The activities this transaction's audit rows named (store_touch). */
    int64_t *touched;
    size_t ntouched, touched_cap;
};

/* --- store_query.c ------------------------------------------------------ */

/* A statement of either backend: the store's files write their SQL once,
 * in SQLite's dialect with ?N parameters, and read and bind through these
 * calls; on PostgreSQL the text is translated (store_pg_sql) and run with
 * libpq. Bindings are kept until store_stmt hands the statement out again
 * (a reset keeps them, as SQLite's does). */
/* The most parameters one statement binds. */
#define STORE_MAX_PARAMS 24

/* Prepares sql (uncached); *q is NULL on error. Free with store_q_free. */
enum outlay_status store_q_prepare(outlay_store *st, const char *sql, store_q **q, outlay_err *err);
void store_q_free(store_q *q);
/* Marks a statement as a listing: on PostgreSQL its rows are fetched from
 * a server-side cursor a batch at a time (inside a transaction). */
void store_q_listing(store_q *q);
/* Ends the statement's current run (its bindings stay). */
void store_q_reset(store_q *q);
/* 1 with a row, 0 at the end, -1 on error (err set). */
int store_q_step(store_q *q, outlay_err *err);
/* Runs a statement that returns no row, then resets it. */
enum outlay_status store_q_done(store_q *q, outlay_err *err);
/* Runs an INSERT ... RETURNING id: *id, then resets it. */
enum outlay_status store_q_insert_id(store_q *q, int64_t *id, outlay_err *err);
/* Rows the last run of the statement changed. */
int64_t store_q_changes(const store_q *q);
/* Work done by the statement's runs (SQLite: virtual-machine steps; the
 * other backend: rows read); reset with reset != 0. */
uint64_t store_q_steps(store_q *q, int reset);

void store_bind_int64(store_q *q, int i, int64_t v);
void store_bind_null(store_q *q, int i);
/* Binds v as it is (NULL binds SQL NULL). */
void store_bind_str(store_q *q, int i, const char *v);
/* Binds a nullable text: NULL or "" binds SQL NULL. */
void store_bind_text(store_q *q, int i, const char *v);
/* As the two above, without a copy on SQLite: the caller keeps v unchanged
 * until the statement has run and binds the parameter again before each
 * run (the import's hot rows). */
void store_bind_str_kept(store_q *q, int i, const char *v);
void store_bind_text_kept(store_q *q, int i, const char *v);

/* Column i of the current row: text borrowed until the next step (NULL for
 * SQL NULL), integers (0 for NULL; a boolean is 1 or 0). */
char *store_col_text(store_q *q, int i);
int64_t store_col_int64(store_q *q, int i);
int store_col_int(store_q *q, int i);
int store_col_null(store_q *q, int i);

/* --- store.c ------------------------------------------------------------ */

/* Maps a SQLite result code to our status, with a message naming the
 * ledger and what to do. */
enum outlay_status store_db_error(outlay_store *st, int rc, outlay_err *err);

/* The cached statement id, prepared from sql the first time, else reset
 * with its bindings cleared; NULL on error (err set). */
store_q *store_stmt(outlay_store *st, enum store_stmt_id id, const char *sql, outlay_err *err);

/* Runs sql (no rows; several statements may be separated by ';'). */
enum outlay_status store_exec(outlay_store *st, const char *sql, outlay_err *err);
/* Runs a cached statement that returns no row, then resets it. */
enum outlay_status store_step_done(outlay_store *st, store_q *s, outlay_err *err);

/* "2026-05-25T09:30:00+0800", the local time now, into at (32 bytes). */
void store_now(char at[32]);

/* A query being read. Every typed cursor of store.h is a struct whose first
 * member is one of these, so the cursor code is written once. */
struct store_cursor {
    outlay_store *st;
    store_q *stmt;
};

/* A cursor on the heap: allocates size bytes (a typed cursor, whose first
 * member is a struct store_cursor, or just the struct store_cursor),
 * prepares sql on it and binds ?1 to a1 and ?2 to the nullable text t2 when
 * the query has them. Counts a query in the store's stats. *out is NULL on
 * error. Free with store_cursor_free(). On PostgreSQL inside a transaction
 * the rows are fetched a batch at a time from a server-side cursor. */
enum outlay_status store_cursor_new(outlay_store *st, size_t size, const char *sql, int64_t a1,
                                    const char *t2, void **out, outlay_err *err);
/* 1 with a row, 0 at the end, -1 on error (err set). */
int store_cursor_step(struct store_cursor *c, outlay_err *err);
/* Frees the cursor's statement (adding its steps to the stats) and the
 * cursor; takes its first member; NULL is fine. */
void store_cursor_free(struct store_cursor *c);

/* An activity's columns (store_rows.c): select ACTIVITY_COLUMNS first,
 * read them with store_row_activity (its texts borrowed until the next
 * step). */
#define ACTIVITY_COLUMNS                                                                           \
    "id, slug, title, date, end_date, venue, organizer, currency, deposit, headcount,"             \
    " budget_total, subsidy_per_head, funded_by, closed, void, void_reason, settle_rule,"          \
    " rules_name, rules_text, min_refund, flags_ok"
void store_row_activity(store_q *s, struct outlay_activity *a);
/* As store_row_activity, the record owning copies of its texts (free with
 * outlay_activity_release). */
enum outlay_status store_row_activity_owned(store_q *s, struct outlay_activity *a, outlay_err *err);

/* Notes that the transaction's audit names activity `slug` (store_years.c:
 * its figures for the year are refreshed before commit). */
enum outlay_status store_touch(outlay_store *st, const char *slug, outlay_err *err);

/* --- store_people.c: an import's participants in memory ---------------- */

/* In bulk mode: 1 with the participant of that exact name, else of that
 * key (strings borrowed until bulk mode ends), 0 when there is none, -1 on
 * error (err set); -2 outside bulk mode (ask the database). */
int store_people_find(outlay_store *st, int64_t activity_id, const char *name,
                      struct outlay_participant *p, outlay_err *err);
/* The store wrote a participant: inserted (with its key), changed
 * (dept, tags, weight, withdrawn), or anything else (forget them all). */
void store_people_added(outlay_store *st, int64_t activity_id, const struct outlay_participant *p,
                        const char *key);
void store_people_changed(outlay_store *st, const struct outlay_participant *p);
void store_people_forget(outlay_store *st);

/* --- store_pg.c --------------------------------------------------------- */

/* Whether a ledger path names a PostgreSQL database (postgresql:// or
 * postgres://, SPEC §17). */
int store_is_pg(const char *path);
/* Connects st to the database at url (st->path is set to the URL without a
 * password), checks or makes the schema as outlay_store_open does. */
enum outlay_status store_pg_open(outlay_store *st, const char *url, enum outlay_store_mode mode,
                                 outlay_err *err);
void store_pg_close(outlay_store *st);
/* sql in PostgreSQL's dialect (malloc'd; NULL when out of memory): ?N as
 * $N, SQLite's functions as PostgreSQL's. used[n] is set for each $n it
 * holds, *nparams to the largest. */
char *store_pg_sql(const char *sql, unsigned char used[STORE_MAX_PARAMS + 1], int *nparams);
/* The error of a failed result (or of the connection, res NULL) in our
 * words. */
enum outlay_status store_pg_error(outlay_store *st, const PGresult *res, outlay_err *err);
/* Runs sql (no rows, no parameters). */
enum outlay_status store_pg_exec(outlay_store *st, const char *sql, outlay_err *err);
/* Sends bulk mode's waiting rows, if there are some: before a statement
 * reads their table, at the end of bulk mode and of the transaction. */
enum outlay_status store_pg_copy_end(outlay_store *st, outlay_err *err);
/* Waits for an import's batch still being written (store_pg_copy_end);
 * before every statement. Its failure is the command's: returned here and
 * by every later call until a ROLLBACK. */
enum outlay_status store_pg_settle(outlay_store *st, outlay_err *err);
/* Bulk mode's rows go to a COPY on PostgreSQL (imports): _begin opens (or
 * keeps) the COPY of a kind of row: 1 when the row is to be sent with the
 * field calls below, then store_pg_copy_row; 0 when not in bulk mode or on
 * SQLite (insert as usual); -1 on error. Fields in the order of the
 * table's columns (store_pg.c, copies[]): _str as store_bind_str, _text as
 * store_bind_text; last for the row's last field. */
enum store_copy {
    STORE_COPY_NONE = 0,
    STORE_COPY_EXPENSE,
    STORE_COPY_DEPOSIT,
    STORE_COPY_PAYOUT,
    STORE_COPY_LINE
};
int store_pg_copy_begin(outlay_store *st, enum store_copy kind, outlay_err *err);
void store_pg_copy_str(outlay_store *st, const char *v, int last);
void store_pg_copy_text(outlay_store *st, const char *v, int last);
void store_pg_copy_int(outlay_store *st, int64_t v, int last);
void store_pg_copy_null(outlay_store *st, int last);
enum outlay_status store_pg_copy_row(outlay_store *st, outlay_err *err);
/* Whether sql may read the table whose rows are waiting to be sent (it
 * names it): they are sent first (store_pg_copy_end). */
int store_pg_copy_reads(const outlay_store *st, const char *sql);
enum outlay_status store_pg_begin(outlay_store *st, int write, outlay_err *err);
/* The participants whose name key is not their name's, each passed to cb
 * (OUTLAY_P_STORE_NAME_KEY); how many, -1 on error. */
long store_pg_name_keys(outlay_store *st, outlay_problem_cb cb, void *ctx, outlay_err *err);

/* --- store_rows.c ------------------------------------------------------- */

/* The number the next record of a kind gets in the activity (SPEC §11): one
 * more than the largest it holds, void ones included, read from the
 * (activity_id, no) index; in bulk mode counted on in memory after the
 * first. store_took_no() records a number once its row is written. */
enum outlay_status store_next_no(outlay_store *st, enum outlay_amounts kind, int64_t activity_id,
                                 int64_t *no, outlay_err *err);
void store_took_no(outlay_store *st, enum outlay_amounts kind, int64_t activity_id, int64_t no,
                   int64_t amount);

/* --- store_schema.c ----------------------------------------------------- */

/* What the file at a ledger path is, read without SQLite: SQLite must not
 * touch a file before we know it is ours (it would run WAL recovery, and a
 * checkpoint on close rewrites the file and deletes its -wal and -shm). */
struct store_probe {
    int exists, regular, dir, empty, sqlite;
    uint32_t app_id, user_version;
};

/* Fills pr; -1 with errno set when the file exists but cannot be read. */
int store_probe_file(const char *path, struct store_probe *pr);

/* Whether the file that exists at path, as probed, may be opened at all:
 * OUTLAY_ENOTLEDGER or OUTLAY_ENEWER (worded) if not. */
enum outlay_status store_refuse_by_header(const char *path, const struct store_probe *pr,
                                          outlay_err *err);

/* Reads the open database's header and decides whether it is ours: *fresh
 * when it is an empty database we may initialise; *version its schema. */
enum outlay_status store_check_header(outlay_store *st, int *fresh, int64_t *version,
                                      outlay_err *err);

/* Creates the schema in an empty file, or migrates an older one, under a
 * write lock so two first writers cannot both do it. */
enum outlay_status store_prepare_schema(outlay_store *st, outlay_err *err);

/* Registers the SQL functions the schema's triggers and the store's
 * queries call: outlay_name_key(NAME), a participant's key
 * (outlay_text_name_key). Before anything else runs on a connection. */
enum outlay_status store_functions(outlay_store *st, outlay_err *err);

/* --- store_totals.c ----------------------------------------------------- */

/* Adds an expense (n = 1) or removes a voided one (n = -1, amount negated)
 * to the maintained per-category and per-group totals: at once, or in
 * memory in bulk mode. */
/* Adds flagged (+1 or -1) to the flagged count of kind's total. */
enum outlay_status store_totals_flagged(outlay_store *st, int64_t activity_id,
                                        enum outlay_kind kind, int64_t flagged, outlay_err *err);
enum outlay_status store_totals_add(outlay_store *st, int64_t activity_id,
                                    const struct outlay_expense *e, int64_t amount, int64_t n,
                                    outlay_err *err);

/* Drops bulk mode's pending totals unwritten (the store is closing). */
void store_totals_release(outlay_store *st);

#endif
