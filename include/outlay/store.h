/*
 * store: the ledger file. The only module that knows SQL (and the only file
 * that includes sqlite3.h); everything else reaches storage through these
 * calls, so a second backend could sit beside it (SPEC §1, §2).
 *
 *     outlay_store *st = NULL;
 *     outlay_store_open(&st, "outlay.db", OUTLAY_STORE_CREATE, &err);
 *     outlay_store_begin(st, 1, &err); ...; outlay_store_commit(st, &err);
 *     outlay_store_close(st);
 *
 * Records handed out by the _get and cursor calls borrow their strings from the store:
 * they stay valid until the next call on the same cursor (or, for _get, the
 * next _get of that kind). Copy what must live longer.
 */
#ifndef OUTLAY_STORE_H
#define OUTLAY_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "outlay/records.h"
#include "outlay/status.h"

/* Schema version written to PRAGMA user_version. */
#define OUTLAY_SCHEMA_VERSION 1

typedef struct outlay_store outlay_store;
typedef struct outlay_cursor outlay_cursor;

enum outlay_store_mode {
    OUTLAY_STORE_READ = 0, /* the ledger must exist (OUTLAY_ENOLEDGER) */
    OUTLAY_STORE_WRITE,    /* created (with its schema) when missing */
};

/* Opens the ledger at path. A file that is not an outlay ledger
 * (OUTLAY_ENOTLEDGER) or from a newer schema (OUTLAY_ENEWER) is refused
 * before anything is written to it. Free with outlay_store_close(). */
enum outlay_status outlay_store_open(outlay_store **st, const char *path,
                                     enum outlay_store_mode mode, outlay_err *err);
void outlay_store_close(outlay_store *st);

/* One transaction per command: begin (write: BEGIN IMMEDIATE, so writers
 * queue on the busy timeout), then commit or rollback. */
enum outlay_status outlay_store_begin(outlay_store *st, int write, outlay_err *err);
enum outlay_status outlay_store_commit(outlay_store *st, outlay_err *err);
void outlay_store_rollback(outlay_store *st);

/* OUTLAY_EBUSY when a ledger this process could only read as an immutable
 * file (another user's, with no -wal: see outlay_store_open) was written by
 * its owner since it was opened, so what was read may be torn; OUTLAY_OK
 * otherwise, and always for a ledger opened the ordinary way. A read-only
 * command calls it before it reports success. */
enum outlay_status outlay_store_unchanged(outlay_store *st, outlay_err *err);

/* Appends an audit row (time, command, activity slug or NULL, detail). */
enum outlay_status outlay_store_audit(outlay_store *st, const char *command, const char *slug,
                                      const char *detail, outlay_err *err);

/* Writes a consistent copy of the ledger to path (SQLite backup API). */
enum outlay_status outlay_store_backup(outlay_store *st, const char *path, outlay_err *err);

/* SQLite's integrity check plus the store's own invariants (category and
 * group totals equal a recount). Each problem is passed to cb; returns how
 * many (-1 on error). *damage (may be NULL) counts those that are damage to
 * the file itself, which only a backup mends. */
typedef void (*outlay_problem_cb)(void *ctx, const char *problem);
long outlay_store_integrity(outlay_store *st, outlay_problem_cb cb, void *ctx, long *damage,
                            outlay_err *err);

/* The work the store has done since it was opened, for tests that pin how
 * a command's work grows with the ledger (speed itself is measured only by
 * bench/): queries run through cursors, and their steps in the backend's
 * own unit (SQLite: virtual-machine steps, which count every row a query
 * visits, not only those it returns). Both only grow; compare differences.
 *
 *     struct outlay_store_stats before, after;
 *     outlay_store_stats_get(st, &before); ...; outlay_store_stats_get(st, &after);
 */
struct outlay_store_stats {
    uint64_t queries, steps;
};
void outlay_store_stats_get(const outlay_store *st, struct outlay_store_stats *s);

/* --- activities --------------------------------------------------------- */
enum outlay_status outlay_store_activity_insert(outlay_store *st, struct outlay_activity *a,
                                                outlay_err *err);
enum outlay_status outlay_store_activity_update(outlay_store *st, const struct outlay_activity *a,
                                                outlay_err *err);
/* OUTLAY_ENOTFOUND when there is no such slug. The record owns copies of
 * its strings: free them with outlay_activity_release(). */
enum outlay_status outlay_store_activity_get(outlay_store *st, const char *slug,
                                             struct outlay_activity *a, outlay_err *err);
enum outlay_status outlay_store_activities(outlay_store *st, outlay_cursor **c, outlay_err *err);
int outlay_cursor_activity(outlay_cursor *c, struct outlay_activity *a, outlay_err *err);

/* --- budget lines ------------------------------------------------------- */
enum outlay_status outlay_store_line_insert(outlay_store *st, int64_t activity_id,
                                            struct outlay_budget_line *l, outlay_err *err);
/* Sets qty of every per-head line of the activity to headcount. */
enum outlay_status outlay_store_lines_set_headcount(outlay_store *st, int64_t activity_id,
                                                    int64_t headcount, outlay_err *err);
enum outlay_status outlay_store_lines(outlay_store *st, int64_t activity_id, outlay_cursor **c,
                                      outlay_err *err);
int outlay_cursor_line(outlay_cursor *c, struct outlay_budget_line *l, outlay_err *err);

/* --- participants ------------------------------------------------------- */
enum outlay_status outlay_store_participant_insert(outlay_store *st, int64_t activity_id,
                                                   struct outlay_participant *p, outlay_err *err);
enum outlay_status outlay_store_participant_update(outlay_store *st,
                                                   const struct outlay_participant *p,
                                                   outlay_err *err);
/* OUTLAY_ENOTFOUND when the activity has no participant of that name. */
enum outlay_status outlay_store_participant_get(outlay_store *st, int64_t activity_id,
                                                const char *name, struct outlay_participant *p,
                                                outlay_err *err);
enum outlay_status outlay_store_participants(outlay_store *st, int64_t activity_id,
                                             outlay_cursor **c, outlay_err *err);
int outlay_cursor_participant(outlay_cursor *c, struct outlay_participant *p, outlay_err *err);
/* 1 if some active participant of the activity carries tag, else 0. */
int outlay_store_tag_carried(outlay_store *st, int64_t activity_id, const char *tag,
                             outlay_err *err);

/* --- deposits and payouts ----------------------------------------------- */
enum outlay_payment_kind { OUTLAY_DEPOSIT = 0, OUTLAY_PAYOUT = 1 };
enum outlay_status outlay_store_payment_insert(outlay_store *st, enum outlay_payment_kind kind,
                                               int64_t activity_id, int64_t participant_id,
                                               struct outlay_payment *p, outlay_err *err);
enum outlay_status outlay_store_payments(outlay_store *st, enum outlay_payment_kind kind,
                                         int64_t activity_id, outlay_cursor **c, outlay_err *err);
int outlay_cursor_payment(outlay_cursor *c, struct outlay_payment *p, outlay_err *err);

/* --- expenses ----------------------------------------------------------- */
/* paid_by_id is the participant's id or 0. Sets e->id. Keeps the per-category
 * totals current in the same transaction. */
enum outlay_status outlay_store_expense_insert(outlay_store *st, int64_t activity_id,
                                               struct outlay_expense *e, int64_t paid_by_id,
                                               outlay_err *err);
/* Bulk mode for imports: with on=1 the per-category and per-group totals
 * are summed in memory; on=0 writes them (once per category and group;
 * OUTLAY_EOVERFLOW when one would leave int64_t). Reports read the
 * maintained totals, so turn it off before reading. */
enum outlay_status outlay_store_bulk(outlay_store *st, int on, outlay_err *err);
/* Loads one expense of the activity by id (OUTLAY_ENOTFOUND). */
enum outlay_status outlay_store_expense_get(outlay_store *st, int64_t activity_id, int64_t id,
                                            struct outlay_expense *e, outlay_err *err);
enum outlay_status outlay_store_expense_void(outlay_store *st, int64_t activity_id, int64_t id,
                                             const char *reason, outlay_err *err);
enum outlay_status outlay_store_expenses(outlay_store *st, int64_t activity_id, outlay_cursor **c,
                                         outlay_err *err);
int outlay_cursor_expense(outlay_cursor *c, struct outlay_expense *e, outlay_err *err);

/* --- sums for reports and settlement ------------------------------------ */
/* Sums of amounts are made without SQLite's sum() overflowing: a sum that
 * does not fit in int64_t is OUTLAY_EOVERFLOW (a cursor returns -1 with the
 * row's key or id already set, so the caller can name it). */

/* Per-category sums, in order of first appearance: budget lines (kind 0) or
 * non-void expenses (kind 1, from the maintained totals). Row: category and
 * amount through outlay_cursor_sum. */
enum outlay_status outlay_store_category_sums(outlay_store *st, int64_t activity_id, int expenses,
                                              outlay_cursor **c, outlay_err *err);
int outlay_cursor_sum(outlay_cursor *c, const char **key, int64_t *amount, outlay_err *err);
/* Per-participant sums keyed by participant id: deposits (kind 0), payouts
 * (kind 1) or non-void expenses they paid (kind 2); rows through
 * outlay_cursor_id_sum. */
enum outlay_status outlay_store_person_sums(outlay_store *st, int64_t activity_id, int kind,
                                            outlay_cursor **c, outlay_err *err);
int outlay_cursor_id_sum(outlay_cursor *c, int64_t *id, int64_t *amount, outlay_err *err);

/* The kinds of record whose amounts an activity adds up, each held to
 * OUTLAY_ACTIVITY_MAX (ledger.h). */
enum outlay_amounts {
    OUTLAY_AMOUNTS_BUDGET = 0, /* budget lines */
    OUTLAY_AMOUNTS_EXPENSES,   /* non-void expenses */
    OUTLAY_AMOUNTS_DEPOSITS,
    OUTLAY_AMOUNTS_PAYOUTS,
    OUTLAY_AMOUNTS_KINDS
};
/* How many records of a kind the activity holds (expenses: void ones too),
 * counted on an index without reading any amount. */
enum outlay_status outlay_store_amount_count(outlay_store *st, int64_t activity_id,
                                             enum outlay_amounts kind, int64_t *n, outlay_err *err);
/* The sum of |amount| over the activity's records of a kind (expenses: the
 * non-void ones); one pass over them. */
enum outlay_status outlay_store_amount_magnitude(outlay_store *st, int64_t activity_id,
                                                 enum outlay_amounts kind, int64_t *sum,
                                                 outlay_err *err);
/* Non-void expenses for settlement, recorded order; rows through
 * outlay_cursor_settle_expense, which fills id, amount, for_tag, funded_by. */
enum outlay_status outlay_store_settle_expenses(outlay_store *st, int64_t activity_id,
                                                outlay_cursor **c, outlay_err *err);
int outlay_cursor_settle_expense(outlay_cursor *c, struct outlay_expense *e, outlay_err *err);

/* SPEC §6 groups of non-void expenses, from the maintained totals: one row
 * per (tag, funder), read with outlay_cursor_settle_expense (id = the
 * group's first expense, amount = its total, for_tag NULL for "all"). */
enum outlay_status outlay_store_groups(outlay_store *st, int64_t activity_id, outlay_cursor **c,
                                       outlay_err *err);
/* Non-void expenses that have a tag, in recorded order: (id, for_tag)
 * through outlay_cursor_id_text. */
enum outlay_status outlay_store_tagged_expenses(outlay_store *st, int64_t activity_id,
                                                outlay_cursor **c, outlay_err *err);
/* Non-void expenses paid by withdrawn participants: (id, name) through
 * outlay_cursor_id_text. */
enum outlay_status outlay_store_withdrawn_advances(outlay_store *st, int64_t activity_id,
                                                   outlay_cursor **c, outlay_err *err);
int outlay_cursor_id_text(outlay_cursor *c, int64_t *id, const char **text, outlay_err *err);

/* Deposits larger than ten times the planned one (SPEC §7): participant's
 * name and amount through outlay_cursor_sum. */
enum outlay_status outlay_store_large_deposits(outlay_store *st, int64_t activity_id,
                                               int64_t planned, outlay_cursor **c, outlay_err *err);

/* Audit log, oldest first; slug NULL for all. Fields: at, command, slug, detail. */
enum outlay_status outlay_store_audit_list(outlay_store *st, const char *slug, outlay_cursor **c,
                                           outlay_err *err);
int outlay_cursor_audit(outlay_cursor *c, const char **at, const char **command, const char **slug,
                        const char **detail, outlay_err *err);

/* Closes a cursor; NULL is fine. */
void outlay_cursor_close(outlay_cursor *c);

#endif
