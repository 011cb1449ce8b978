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
    S_NEXT_NO,
    S_NEXT_NO_LAST = S_NEXT_NO + OUTLAY_AMOUNTS_KINDS - 1,
    S_COUNT
};

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

struct outlay_store {
    sqlite3 *db;
    char *path;
    sqlite3_stmt *stmts[S_COUNT];
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
};

/* --- store.c ------------------------------------------------------------ */

/* Maps a SQLite result code to our status, with a message naming the
 * ledger and what to do. */
enum outlay_status store_db_error(outlay_store *st, int rc, outlay_err *err);

/* The cached statement id, prepared from sql the first time, else reset
 * with its bindings cleared; NULL on error (err set). */
sqlite3_stmt *store_stmt(outlay_store *st, enum store_stmt_id id, const char *sql, outlay_err *err);

/* Runs sql (no rows), or a statement that returns none (then resets it). */
enum outlay_status store_exec(outlay_store *st, const char *sql, outlay_err *err);
enum outlay_status store_step_done(outlay_store *st, sqlite3_stmt *s, outlay_err *err);

/* Binds a nullable text: NULL or "" binds SQL NULL. */
void store_bind_text(sqlite3_stmt *s, int i, const char *v);

/* Column i as text, borrowed from the statement until its next step. */
static inline char *store_col_text(sqlite3_stmt *s, int i)
{
    return (char *)sqlite3_column_text(s, i);
}

/* "2026-05-25T09:30:00+0800", the local time now, into at (32 bytes). */
void store_now(char at[32]);

/* A query being read. Every typed cursor of store.h is a struct whose first
 * member is one of these, so the cursor code is written once. */
struct store_cursor {
    outlay_store *st;
    sqlite3_stmt *stmt;
};

/* A cursor on the heap: allocates size bytes (a typed cursor, whose first
 * member is a struct store_cursor, or just the struct store_cursor),
 * prepares sql on it and binds ?1 to a1 and ?2 to the nullable text t2 when
 * the query has them. Counts a query in the store's stats. *out is NULL on
 * error. Free with store_cursor_free(). */
enum outlay_status store_cursor_new(outlay_store *st, size_t size, const char *sql, int64_t a1,
                                    const char *t2, void **out, outlay_err *err);
/* 1 with a row, 0 at the end, -1 on error (err set). */
int store_cursor_step(struct store_cursor *c, outlay_err *err);
/* Finalizes the cursor's statement (adding its steps to the stats) and
 * frees it; takes its first member; NULL is fine. */
void store_cursor_free(struct store_cursor *c);

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
