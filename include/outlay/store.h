/*
 * store: the ledger file (SPEC §2). The only module that knows SQL: its files
 * (src/store*.c) are the only ones that include sqlite3.h, and everything
 * else reaches storage through these calls, so a second backend can sit
 * beside the first (SPEC §1, §17).
 *
 *     outlay_store *st = NULL; outlay_err err = {0};
 *     struct outlay_activity a = {0}; struct outlay_participant p;
 *     outlay_participant_cursor *c = NULL;
 *     if (outlay_store_open(&st, "outlay.db", OUTLAY_STORE_READ, &err) == OUTLAY_OK &&
 *         outlay_store_begin(st, 0, &err) == OUTLAY_OK &&
 *         outlay_store_activity_get(st, "trip", &a, &err) == OUTLAY_OK &&
 *         outlay_store_participants(st, a.id, &c, &err) == OUTLAY_OK)
 *         while (outlay_participant_cursor_next(c, &p, &err) == 1) puts(p.name);
 *     outlay_participant_cursor_close(c);
 *     outlay_activity_release(&a);
 *     outlay_store_close(st);   // what was not committed is rolled back
 *
 * Each kind of row has its own cursor type, opened by an outlay_store_<rows>
 * call and read with its _next (1 with a row, 0 at the end, -1 on error,
 * err set), so a listing cannot be read as rows of another kind. Records
 * handed out by the _get and cursor calls borrow their strings from the
 * store (activities from _get excepted): they stay valid until the next
 * call on the same cursor (or, for _get, the next _get of that kind). Copy
 * what must live longer.
 */
#ifndef OUTLAY_STORE_H
#define OUTLAY_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "outlay/records.h"
#include "outlay/status.h"

/* Schema version written to PRAGMA user_version. */
#define OUTLAY_SCHEMA_VERSION 11

typedef struct outlay_store outlay_store;

enum outlay_store_mode {
    OUTLAY_STORE_READ = 0, /* the ledger must exist (OUTLAY_ENOLEDGER) */
    OUTLAY_STORE_WRITE,    /* created (with its schema) when missing */
};

/* Opens the ledger at path. A file that is not an outlay ledger
 * (OUTLAY_ENOTLEDGER) or from a newer schema (OUTLAY_ENEWER) is refused
 * before anything is written to it. Problems name the path (OUTLAY_P_STORE_*;
 * reading where there is no ledger: OUTLAY_P_STORE_NO_LEDGER). Free with
 * outlay_store_close(). */
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

/* Writes a consistent copy of the ledger to path (SQLite backup API). */
enum outlay_status outlay_store_backup(outlay_store *st, const char *path, outlay_err *err);

/* SQLite's integrity check plus the store's own invariants (category and
 * group totals equal a recount). Each problem is passed to cb, with status
 * OUTLAY_ECHECK: OUTLAY_P_STORE_INTEGRITY (a line of SQLite's own check),
 * OUTLAY_P_STORE_FOREIGN_KEY (the table and row), or
 * OUTLAY_P_STORE_CATEGORY_TOTALS and OUTLAY_P_STORE_GROUP_TOTALS (the
 * activity, the category or tag, the total kept and the recount, in fen).
 * Returns how many (-1 on error). *damage (may be NULL) counts those that
 * are damage to the file itself (OUTLAY_P_STORE_INTEGRITY), which only a
 * backup mends. */
typedef void (*outlay_problem_cb)(void *ctx, const outlay_err *problem);
long outlay_store_integrity(outlay_store *st, outlay_problem_cb cb, void *ctx, long *damage,
                            outlay_err *err);

/* The work the store has done since it was opened, for tests that pin how
 * a command's work grows with the ledger (speed itself is measured only by
 * bench/): queries run through cursors, and their steps in the backend's
 * own unit (SQLite: virtual-machine steps, which count every row a query
 * visits, not only those it returns). Both only grow; compare differences.
 *
 *     struct outlay_store_stats before, after;
 *     outlay_store_stats_get(st, &before);
 *     run_the_command(st);
 *     outlay_store_stats_get(st, &after);   // after.steps - before.steps
 */
struct outlay_store_stats {
    uint64_t queries, steps;
};
void outlay_store_stats_get(const outlay_store *st, struct outlay_store_stats *s);

/* Who the audit rows this store writes from now on name (SPEC §11: the
 * person at the keyboard, as the caller found out); copied. OUTLAY_ENOMEM. */
enum outlay_status outlay_store_set_who(outlay_store *st, const char *who, outlay_err *err);

/* 1 when opening this store made the schema in a file that had none (a new
 * ledger), 0 for a ledger that was there already. */
int outlay_store_created(const outlay_store *st);

/* SPEC §17: the branches of a PostgreSQL ledger (a federation). _branches:
 * every branch a writing command has opened, by name, into a malloc'd
 * array of malloc'd names (free with outlay_store_branches_free); a SQLite
 * ledger is one branch and has none (*n 0). _use_branch: the rest of the
 * transaction reads branch (begin first); OUTLAY_EINVAL
 * (OUTLAY_P_STORE_PG_BRANCH) when the role may read its own branch only,
 * or on a SQLite ledger. */
enum outlay_status outlay_store_branches(outlay_store *st, char ***names, size_t *n,
                                         outlay_err *err);
void outlay_store_branches_free(char **names, size_t n);
enum outlay_status outlay_store_use_branch(outlay_store *st, const char *branch, outlay_err *err);

/* --- activities --------------------------------------------------------- */
enum outlay_status outlay_store_activity_insert(outlay_store *st, struct outlay_activity *a,
                                                outlay_err *err);
enum outlay_status outlay_store_activity_update(outlay_store *st, const struct outlay_activity *a,
                                                outlay_err *err);
/* OUTLAY_ENOTFOUND when there is no such slug. The record owns copies of
 * its strings: free them with outlay_activity_release(). */
enum outlay_status outlay_store_activity_get(outlay_store *st, const char *slug,
                                             struct outlay_activity *a, outlay_err *err);
/* Marks the activity void with its reason (SPEC §11). */
enum outlay_status outlay_store_activity_void(outlay_store *st, int64_t activity_id,
                                              const char *reason, outlay_err *err);
/* Every activity, in order of creation. */
typedef struct outlay_activity_cursor outlay_activity_cursor;
enum outlay_status outlay_store_activities(outlay_store *st, outlay_activity_cursor **c,
                                           outlay_err *err);
int outlay_activity_cursor_next(outlay_activity_cursor *c, struct outlay_activity *a,
                                outlay_err *err);
void outlay_activity_cursor_close(outlay_activity_cursor *c);

/* --- the year's figures (SPEC §7, §17) ---------------------------------- */
/* An activity's row in the year's report and in rollup. The store keeps
 * them with the activity (schema 10), refreshed by the command that last
 * changed it (outlay_ledger_commit), so a federation's year reads one row
 * per activity; "not kept" means they are worked out as they are read. */
struct outlay_year {
    int64_t budgeted, actual, variance, union_share, deposits, paid_out;
};
/* The activities this transaction's audit rows named, by id (ids stay
 * valid until the next write). */
void outlay_store_touched(outlay_store *st, const int64_t **ids, size_t *n);
/* The activity with this id (strings as outlay_store_activity_get). */
enum outlay_status outlay_store_activity_by_id(outlay_store *st, int64_t id,
                                               struct outlay_activity *a, outlay_err *err);
/* How many rows settling the activity reads: its expenses and
 * participants, from the kept totals and one count of at most cap
 * participants (*rows is then past cap: enough to say "too large"). */
enum outlay_status outlay_store_activity_size(outlay_store *st, int64_t activity_id, int64_t cap,
                                              int64_t *rows, outlay_err *err);
/* Keeps y as the activity's figures; y NULL: none kept, worked out as read. */
enum outlay_status outlay_store_year_keep(outlay_store *st, int64_t activity_id,
                                          const struct outlay_year *y, outlay_err *err);
/* Every activity as outlay_store_activities gives them (on a federation's
 * database read as branch '*', ordered by branch: *branch names it; else
 * NULL), with its kept figures (*kept 0 when there are none). */
typedef struct outlay_year_cursor outlay_year_cursor;
enum outlay_status outlay_store_years(outlay_store *st, outlay_year_cursor **c, outlay_err *err);
/* The same, only the activities that keep no figures (to be worked out)
 * and are not void. */
enum outlay_status outlay_store_years_unkept(outlay_store *st, outlay_year_cursor **c,
                                             outlay_err *err);
/* Per branch with activities (PostgreSQL as '*'; in branch order), the
 * non-void activities that keep their figures: how many and the sums of
 * each figure; and how many keep none. fits is
 * 0 when a sum, or the sum of the figures' magnitudes (so any partial
 * sum), would leave int64: add them one by one instead. */
struct outlay_year_sum {
    const char *branch; /* borrowed until the next row */
    int64_t activities; /* that keep their figures */
    int64_t unkept;     /* non-void activities that keep none */
    struct outlay_year sum;
    int fits;
};
typedef struct outlay_year_sum_cursor outlay_year_sum_cursor;
enum outlay_status outlay_store_year_sums(outlay_store *st, outlay_year_sum_cursor **c,
                                          outlay_err *err);
int outlay_year_sum_cursor_next(outlay_year_sum_cursor *c, struct outlay_year_sum *s,
                                outlay_err *err);
void outlay_year_sum_cursor_close(outlay_year_sum_cursor *c);
int outlay_year_cursor_next(outlay_year_cursor *c, struct outlay_activity *a, const char **branch,
                            struct outlay_year *y, int *kept, outlay_err *err);
void outlay_year_cursor_close(outlay_year_cursor *c);

/* --- budget lines ------------------------------------------------------- */
/* Budget lines, expenses, deposits and payouts are numbered within their
 * activity (records.h): an insert sets the record's id to the next number
 * of its kind, and a get, an update or a void takes that number. A get of a
 * number the activity does not have is OUTLAY_ENOTFOUND
 * (OUTLAY_P_STORE_NO_RECORD: the table and the number). */
enum outlay_status outlay_store_line_insert(outlay_store *st, int64_t activity_id,
                                            struct outlay_budget_line *l, outlay_err *err);
/* Loads line number no of the activity (void or not). */
enum outlay_status outlay_store_line_get(outlay_store *st, int64_t activity_id, int64_t no,
                                         struct outlay_budget_line *l, outlay_err *err);
/* Writes every field of the non-void line number l->id. */
enum outlay_status outlay_store_line_update(outlay_store *st, int64_t activity_id,
                                            const struct outlay_budget_line *l, outlay_err *err);
/* Sets qty of every non-void per-head line of the activity to headcount. */
enum outlay_status outlay_store_lines_set_headcount(outlay_store *st, int64_t activity_id,
                                                    int64_t headcount, outlay_err *err);
/* The activity's budget lines, in recorded order. */
typedef struct outlay_line_cursor outlay_line_cursor;
enum outlay_status outlay_store_lines(outlay_store *st, int64_t activity_id, outlay_line_cursor **c,
                                      outlay_err *err);
int outlay_line_cursor_next(outlay_line_cursor *c, struct outlay_budget_line *l, outlay_err *err);
void outlay_line_cursor_close(outlay_line_cursor *c);

/* --- participants ------------------------------------------------------- */
enum outlay_status outlay_store_participant_insert(outlay_store *st, int64_t activity_id,
                                                   struct outlay_participant *p, outlay_err *err);
enum outlay_status outlay_store_participant_update(outlay_store *st,
                                                   const struct outlay_participant *p,
                                                   outlay_err *err);
/* Gives participant `participant_id` a new name; every record of theirs
 * follows, as they refer to the participant's id. */
enum outlay_status outlay_store_participant_rename(outlay_store *st, int64_t participant_id,
                                                   const char *name, outlay_err *err);
/* The participant of the activity whose name has name's key
 * (outlay_text_name_key: letter case and runs of spaces aside); of two that
 * share it (an older ledger), the one of exactly that name, else the first
 * registered. OUTLAY_ENOTFOUND when there is none. */
enum outlay_status outlay_store_participant_get(outlay_store *st, int64_t activity_id,
                                                const char *name, struct outlay_participant *p,
                                                outlay_err *err);
/* SPEC §16: participants' private links (schema 8; src/store_links.c).
 * _get: 1 with the participant's token copied into token (n bytes), 0 when
 * it has none, -1 on error. _add: records one. _find: 1 with the slug of
 * the activity (into slug, n bytes) and the participant id of token, 0
 * when no participant has it, -1 on error. */
int outlay_store_link_get(outlay_store *st, int64_t participant_id, char *token, size_t n,
                          outlay_err *err);
enum outlay_status outlay_store_link_add(outlay_store *st, int64_t participant_id,
                                         const char *token, outlay_err *err);
int outlay_store_link_find(outlay_store *st, const char *token, char *slug, size_t n,
                           int64_t *participant_id, outlay_err *err);
/* The activity's participants, in registration order. */
typedef struct outlay_participant_cursor outlay_participant_cursor;
enum outlay_status outlay_store_participants(outlay_store *st, int64_t activity_id,
                                             outlay_participant_cursor **c, outlay_err *err);
int outlay_participant_cursor_next(outlay_participant_cursor *c, struct outlay_participant *p,
                                   outlay_err *err);
void outlay_participant_cursor_close(outlay_participant_cursor *c);
/* Aliases (SPEC §15): the names a payment app shows for a participant,
 * unique within the activity by their name key (outlay_text_name_key).
 * alias_add: a key already taken is a database error (check first);
 * alias_remove: *removed 0 when the participant had no such alias;
 * alias_get: the participant with that alias, OUTLAY_ENOTFOUND when none
 * (its strings borrowed as outlay_store_participant_get's); aliases: a
 * participant's aliases ';'-joined, sorted, "" when none (free it). */
enum outlay_status outlay_store_alias_add(outlay_store *st, int64_t activity_id,
                                          int64_t participant_id, const char *alias,
                                          outlay_err *err);
enum outlay_status outlay_store_alias_remove(outlay_store *st, int64_t activity_id,
                                             int64_t participant_id, const char *alias,
                                             int *removed, outlay_err *err);
enum outlay_status outlay_store_alias_get(outlay_store *st, int64_t activity_id, const char *alias,
                                          struct outlay_participant *p, outlay_err *err);
enum outlay_status outlay_store_aliases(outlay_store *st, int64_t participant_id, char **joined,
                                        outlay_err *err);
/* SPEC §15: 1 if a deposit, payout (its reference) or expense (its
 * receipt, when it looks like a payment app's transaction id: 8 digits or
 * more first) of the activity, void or not, holds the transaction id
 * reference; 0 if none; -1 on error. */
int outlay_store_reference_held(outlay_store *st, int64_t activity_id, const char *reference,
                                outlay_err *err);
/* 1 if some active participant of the activity carries tag, 0 if none, -1
 * on error. */
int outlay_store_tag_carried(outlay_store *st, int64_t activity_id, const char *tag,
                             outlay_err *err);

/* --- deposits and payouts ----------------------------------------------- */
enum outlay_payment_kind { OUTLAY_DEPOSIT = 0, OUTLAY_PAYOUT = 1 };
/* A kind that is neither is OUTLAY_EINVAL. */
enum outlay_status outlay_store_payment_insert(outlay_store *st, enum outlay_payment_kind kind,
                                               int64_t activity_id, int64_t participant_id,
                                               struct outlay_payment *p, outlay_err *err);
/* Loads deposit (or payout) number no of the activity, void or not. */
enum outlay_status outlay_store_payment_get(outlay_store *st, enum outlay_payment_kind kind,
                                            int64_t activity_id, int64_t no,
                                            struct outlay_payment *p, outlay_err *err);
/* The activity's deposits or payouts, in recorded order (void ones too),
 * with the participant's name. */
typedef struct outlay_payment_cursor outlay_payment_cursor;
enum outlay_status outlay_store_payments(outlay_store *st, enum outlay_payment_kind kind,
                                         int64_t activity_id, outlay_payment_cursor **c,
                                         outlay_err *err);
int outlay_payment_cursor_next(outlay_payment_cursor *c, struct outlay_payment *p, outlay_err *err);
void outlay_payment_cursor_close(outlay_payment_cursor *c);

/* --- expenses ----------------------------------------------------------- */
/* paid_by_id is the participant's id or 0. Sets e->id to the expense's
 * number. Keeps the per-category totals current in the same transaction. */
enum outlay_status outlay_store_expense_insert(outlay_store *st, int64_t activity_id,
                                               struct outlay_expense *e, int64_t paid_by_id,
                                               outlay_err *err);
/* Bulk mode for imports: with on=1 the per-category and per-group totals
 * are summed in memory; on=0 writes them (once per category and group;
 * OUTLAY_EOVERFLOW when one would leave int64_t). Reports read the
 * maintained totals, so turn it off before reading. */
enum outlay_status outlay_store_bulk(outlay_store *st, int on, outlay_err *err);
/* 1 when the transaction has failed in the database and only a rollback
 * remains (PostgreSQL: a batch of an import that the server refused while
 * the import read on; every later call fails with its reason): an error
 * then is the command's, not the row's the import was reading. */
int outlay_store_failed(const outlay_store *st);
/* Loads expense number id of the activity (OUTLAY_ENOTFOUND). */
enum outlay_status outlay_store_expense_get(outlay_store *st, int64_t activity_id, int64_t id,
                                            struct outlay_expense *e, outlay_err *err);
enum outlay_status outlay_store_expense_void(outlay_store *st, int64_t activity_id, int64_t id,
                                             const char *reason, outlay_err *err);
/* Writes every field of the non-void expense number e->id (paid_by_id as
 * in _insert), moving its amount between the maintained totals. */
enum outlay_status outlay_store_expense_update(outlay_store *st, int64_t activity_id,
                                               const struct outlay_expense *e, int64_t paid_by_id,
                                               outlay_err *err);
/* Every expense of the activity (void ones too), in recorded order. */
typedef struct outlay_expense_cursor outlay_expense_cursor;
enum outlay_status outlay_store_expenses(outlay_store *st, int64_t activity_id,
                                         outlay_expense_cursor **c, outlay_err *err);
/* At most count expenses numbered after `after`, in order (a page of a
 * listing, SPEC §16): reads no row before the page. */
enum outlay_status outlay_store_expenses_page(outlay_store *st, int64_t activity_id, int64_t after,
                                              int64_t count, outlay_expense_cursor **c,
                                              outlay_err *err);
/* SPEC §14: the non-void expenses whose flags are not 0, in recorded order
 * (read from an index that holds them only). */
enum outlay_status outlay_store_expenses_flagged(outlay_store *st, int64_t activity_id,
                                                 outlay_expense_cursor **c, outlay_err *err);
/* Sets the flags of expense e (as read: its number, kind, flags and void),
 * keeping its kind's flagged count. */
enum outlay_status outlay_store_expense_flags(outlay_store *st, int64_t activity_id,
                                              const struct outlay_expense *e, unsigned flags,
                                              outlay_err *err);
/* The activity's expenses are flagged under its rules (ok 1), or must be
 * flagged again before the flags are trusted (ok 0). */
enum outlay_status outlay_store_activity_flags_ok(outlay_store *st, int64_t activity_id, int ok,
                                                  outlay_err *err);

/* SPEC §14: the non-void expenses of each kind, kept current with every
 * write: their sum (fen), how many, and how many have flags. */
struct outlay_kind_total {
    int64_t amount, n, flagged;
};
enum outlay_status outlay_store_kind_totals(outlay_store *st, int64_t activity_id,
                                            struct outlay_kind_total out[OUTLAY_KIND_COUNT],
                                            outlay_err *err);
int outlay_expense_cursor_next(outlay_expense_cursor *c, struct outlay_expense *e, outlay_err *err);
void outlay_expense_cursor_close(outlay_expense_cursor *c);

/* --- approvals (SPEC §14) ----------------------------------------------- */
/* Records approval ap->no (set here: the next number) of the activity with
 * a snapshot of its non-void budget lines. */
enum outlay_status outlay_store_approval_add(outlay_store *st, int64_t activity_id,
                                             struct outlay_approval *ap, outlay_err *err);
/* The activity's latest approval into *ap: 1, 0 when it has none, -1 on
 * error. *changed (may be NULL) is 1 when its non-void budget lines are no
 * longer those of the snapshot (a field, a line more or less). */
int outlay_store_approval_last(outlay_store *st, int64_t activity_id, struct outlay_approval *ap,
                               int *changed, outlay_err *err);

/* --- audit log ---------------------------------------------------------- */
/* Appends an audit row (time, who (outlay_store_set_who), command, activity
 * slug or NULL, detail). */
enum outlay_status outlay_store_audit(outlay_store *st, const char *command, const char *slug,
                                      const char *detail, outlay_err *err);
/* The number of the last audit row (0: none). Every command that writes
 * appends one in its transaction: the ledger's version, for what is kept
 * between reads (`serve`'s pages). */
enum outlay_status outlay_store_audit_last(outlay_store *st, int64_t *id, outlay_err *err);
/* The audit log, oldest first; slug NULL for all. Fields: at, who ("" when
 * the row's writer did not record it), command, slug (NULL for none),
 * detail. */
typedef struct outlay_audit_cursor outlay_audit_cursor;
enum outlay_status outlay_store_audit_list(outlay_store *st, const char *slug,
                                           outlay_audit_cursor **c, outlay_err *err);
int outlay_audit_cursor_next(outlay_audit_cursor *c, const char **at, const char **who,
                             const char **command, const char **slug, const char **detail,
                             outlay_err *err);
void outlay_audit_cursor_close(outlay_audit_cursor *c);

/* --- sums for reports and settlement ------------------------------------ */
/* Sums of amounts are made without SQLite's sum() overflowing: a sum that
 * does not fit in int64_t is OUTLAY_EOVERFLOW (a cursor returns -1 with the
 * row's key or id already set, so the caller can name it). A kind out of
 * its enum's range is OUTLAY_EINVAL. */

/* A (name, amount) row: a category and its sum, or a participant and one
 * amount. */
typedef struct outlay_sum_cursor outlay_sum_cursor;
int outlay_sum_cursor_next(outlay_sum_cursor *c, const char **key, int64_t *amount,
                           outlay_err *err);
void outlay_sum_cursor_close(outlay_sum_cursor *c);

/* Which side of SPEC §7's report a category sum is from. */
enum outlay_category_side {
    OUTLAY_CATEGORY_BUDGET = 0, /* budget lines */
    OUTLAY_CATEGORY_ACTUAL,     /* non-void expenses, from the maintained totals */
    OUTLAY_CATEGORY_SIDES
};
/* Per-category sums of one side, in order of first appearance. */
enum outlay_status outlay_store_category_sums(outlay_store *st, int64_t activity_id,
                                              enum outlay_category_side side, outlay_sum_cursor **c,
                                              outlay_err *err);
/* Deposits larger than ten times the planned one (SPEC §7): participant's
 * name and amount. */
enum outlay_status outlay_store_large_deposits(outlay_store *st, int64_t activity_id,
                                               int64_t planned, outlay_sum_cursor **c,
                                               outlay_err *err);

/* What a per-participant sum adds up. */
enum outlay_person_sum {
    OUTLAY_PERSON_DEPOSITS = 0, /* deposits they paid */
    OUTLAY_PERSON_PAYOUTS,      /* payouts made to them */
    OUTLAY_PERSON_ADVANCES,     /* non-void expenses they paid out of pocket */
    OUTLAY_PERSON_SUMS
};
/* Per-participant sums of one kind, keyed by participant id (only those
 * who have any). */
typedef struct outlay_id_sum_cursor outlay_id_sum_cursor;
enum outlay_status outlay_store_person_sums(outlay_store *st, int64_t activity_id,
                                            enum outlay_person_sum kind, outlay_id_sum_cursor **c,
                                            outlay_err *err);
int outlay_id_sum_cursor_next(outlay_id_sum_cursor *c, int64_t *id, int64_t *amount,
                              outlay_err *err);
void outlay_id_sum_cursor_close(outlay_id_sum_cursor *c);

/* The kinds of record whose amounts an activity adds up, each held to
 * OUTLAY_ACTIVITY_MAX (ledger.h). */
enum outlay_amounts {
    OUTLAY_AMOUNTS_BUDGET = 0, /* budget lines */
    OUTLAY_AMOUNTS_EXPENSES,   /* non-void expenses */
    OUTLAY_AMOUNTS_DEPOSITS,
    OUTLAY_AMOUNTS_PAYOUTS,
    OUTLAY_AMOUNTS_KINDS
};
/* How many records of a kind the activity holds (void ones too), counted
 * on an index without reading any amount. */
enum outlay_status outlay_store_amount_count(outlay_store *st, int64_t activity_id,
                                             enum outlay_amounts kind, int64_t *n, outlay_err *err);
/* In bulk mode (outlay_store_bulk), how many records of a kind it has
 * written to the activity and the sum of their |amount| (INT64_MAX when
 * past it): a bound on what they add to the activity's sums. 0 and 0
 * outside bulk mode, for another activity, or once it wrote to two. */
void outlay_store_bulk_added(outlay_store *st, int64_t activity_id, enum outlay_amounts kind,
                             int64_t *n, int64_t *magnitude);
/* The number of the first of those records (they are numbered one after
 * another): every record of the kind the activity had before is numbered
 * below it. 0 when outlay_store_bulk_added says nothing. */
int64_t outlay_store_bulk_first_no(outlay_store *st, int64_t activity_id, enum outlay_amounts kind);
/* How many records of a kind the activity holds numbered below below_no
 * (void ones too; INT64_MAX: all), counted on the index and at most cap:
 * *n is min(that, cap). */
enum outlay_status outlay_store_amount_count_below(outlay_store *st, int64_t activity_id,
                                                   enum outlay_amounts kind, int64_t below_no,
                                                   int64_t cap, int64_t *n, outlay_err *err);
/* How many of them are not void. */
enum outlay_status outlay_store_live_count(outlay_store *st, int64_t activity_id,
                                           enum outlay_amounts kind, int64_t *n, outlay_err *err);
/* Voids record number no of a kind (expenses: outlay_store_expense_void),
 * keeping the reason; OUTLAY_ENOTFOUND when there is no such non-void
 * record. */
enum outlay_status outlay_store_void(outlay_store *st, enum outlay_amounts kind,
                                     int64_t activity_id, int64_t no, const char *reason,
                                     outlay_err *err);
/* The sum of |amount| over the activity's non-void records of a kind; one
 * pass over them. */
enum outlay_status outlay_store_amount_magnitude(outlay_store *st, int64_t activity_id,
                                                 enum outlay_amounts kind, int64_t *sum,
                                                 outlay_err *err);

/* What settlement shares (SPEC §6): rows that fill id, amount, for_tag and
 * funded_by of an outlay_expense (the other fields zero). */
typedef struct outlay_share_cursor outlay_share_cursor;
int outlay_share_cursor_next(outlay_share_cursor *c, struct outlay_expense *e, outlay_err *err);
void outlay_share_cursor_close(outlay_share_cursor *c);
/* Every non-void expense, in recorded order. */
enum outlay_status outlay_store_settle_expenses(outlay_store *st, int64_t activity_id,
                                                outlay_share_cursor **c, outlay_err *err);
/* SPEC §6 groups of non-void expenses, from the maintained totals: one row
 * per (tag, funder), id = the group's first expense, amount = its total,
 * for_tag NULL for "all". */
enum outlay_status outlay_store_groups(outlay_store *st, int64_t activity_id,
                                       outlay_share_cursor **c, outlay_err *err);

/* An (expense id, text) row. */
typedef struct outlay_id_text_cursor outlay_id_text_cursor;
int outlay_id_text_cursor_next(outlay_id_text_cursor *c, int64_t *id, const char **text,
                               outlay_err *err);
void outlay_id_text_cursor_close(outlay_id_text_cursor *c);
/* Non-void expenses that have a tag, in recorded order: (id, for_tag). */
enum outlay_status outlay_store_tagged_expenses(outlay_store *st, int64_t activity_id,
                                                outlay_id_text_cursor **c, outlay_err *err);
/* Non-void expenses paid by withdrawn participants: (id, their name). */
enum outlay_status outlay_store_withdrawn_advances(outlay_store *st, int64_t activity_id,
                                                   outlay_id_text_cursor **c, outlay_err *err);

#endif
