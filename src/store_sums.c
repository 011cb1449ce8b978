/*
 * store_sums: what reports, settlement and the checks read from a ledger
 * besides the records themselves: sums per category and per participant,
 * the counts and magnitudes behind the per-activity limit, what settlement
 * shares (every expense, or the maintained group totals), and the rows the
 * SPEC §7 checks name. Every sum is made so that it cannot overflow
 * unnoticed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* SQLite's sum() fails with "integer overflow" as soon as its running total
 * leaves int64, in whatever order it meets the rows, and names nothing. So
 * amounts are summed in two parts, amount / 10^6 and amount % 10^6 (both
 * small: an amount is at most 10^14, SPEC §3), and the parts are combined
 * here, in 128 bits, then checked against int64 (as SQLite's own sumStep
 * checks; STYLE "overflow checked where int64 sums are made"). Truncating
 * division keeps each row's two parts of one sign, so the combination is
 * exact. */
#define SPLIT 1000000
#define SPLIT_SUM "sum(amount / 1000000), sum(amount % 1000000)"
#define SPLIT_ABS_SUM "sum(abs(amount / 1000000)), sum(abs(amount % 1000000))"

/* The sum held in columns col (the 10^6 part) and col + 1 (the rest); -1
 * when it does not fit in int64. */
static int split_sum(store_q *s, int col, int64_t *out)
{
    __int128 v = (__int128)store_col_int64(s, col) * SPLIT + store_col_int64(s, col + 1);
    if (v > INT64_MAX || v < INT64_MIN)
        return -1;
    *out = (int64_t)v;
    return 0;
}

static enum outlay_status sum_out_of_range(const outlay_store *st, outlay_err *err)
{
    return outlay_fail(err, OUTLAY_EOVERFLOW, OUTLAY_P_STORE_SUM_RANGE, OUTLAY_A_TEXT(st->path));
}

/* A kind outside its enum: a caller's bug, refused before any query. */
static enum outlay_status bad_kind(const char *what, int kind, outlay_err *err)
{
    return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_INTERNAL_KIND, OUTLAY_A_TEXT(what),
                       OUTLAY_A_INT(kind));
}

/* --- (name, amount) rows ------------------------------------------------ */

struct outlay_sum_cursor {
    struct store_cursor c;
    int split; /* the amount is a split sum (two columns), not one column */
};

static enum outlay_status sum_cursor_new(outlay_store *st, const char *sql, int split,
                                         int64_t activity_id, outlay_sum_cursor **c,
                                         outlay_err *err)
{
    void *cur;
    enum outlay_status rc = store_cursor_new(st, sizeof **c, sql, activity_id, NULL, &cur, err);
    *c = cur;
    if (*c)
        (*c)->split = split;
    return rc;
}

enum outlay_status outlay_store_category_sums(outlay_store *st, int64_t activity_id,
                                              enum outlay_category_side side, outlay_sum_cursor **c,
                                              outlay_err *err)
{
    *c = NULL;
    switch (side) {
    case OUTLAY_CATEGORY_BUDGET:
        return sum_cursor_new(st,
                              "SELECT category, " SPLIT_SUM " FROM budget_line"
                              " WHERE activity_id = ? AND void = 0 GROUP BY category"
                              " ORDER BY min(no)",
                              1, activity_id, c, err);
    case OUTLAY_CATEGORY_ACTUAL:
        /* store_totals.c keeps these current with every expense. */
        return sum_cursor_new(st,
                              "SELECT category, actual FROM category_total"
                              " WHERE activity_id = ? AND n > 0 ORDER BY first_id",
                              0, activity_id, c, err);
    case OUTLAY_CATEGORY_SIDES:
        break;
    }
    return bad_kind("category side", (int)side, err);
}

enum outlay_status outlay_store_large_deposits(outlay_store *st, int64_t activity_id,
                                               int64_t planned, outlay_sum_cursor **c,
                                               outlay_err *err)
{
    /* amount > 10 * planned, without overflow: amount / 10 > planned, or
     * equal with a remainder. */
    enum outlay_status rc = sum_cursor_new(
        st,
        "SELECT p.name, d.amount FROM deposit d JOIN participant p ON p.id = d.participant_id"
        " WHERE d.activity_id = ?1 AND d.void = 0 AND (d.amount / 10 > ?3 OR (d.amount / 10 = ?3"
        " AND d.amount % 10 > 0)) ORDER BY d.no",
        0, activity_id, c, err);
    if (rc == OUTLAY_OK)
        store_bind_int64((*c)->c.stmt, 3, planned);
    return rc;
}

int outlay_sum_cursor_next(outlay_sum_cursor *c, const char **key, int64_t *amount, outlay_err *err)
{
    int r = store_cursor_step(&c->c, err);
    if (r != 1)
        return r;
    *key = store_col_text(c->c.stmt, 0);
    if (!c->split) {
        *amount = store_col_int64(c->c.stmt, 1);
        return 1;
    }
    if (split_sum(c->c.stmt, 1, amount) == 0)
        return 1;
    sum_out_of_range(c->c.st, err);
    return -1;
}

void outlay_sum_cursor_close(outlay_sum_cursor *c)
{
    store_cursor_free(c ? &c->c : NULL);
}

/* --- per-participant sums ----------------------------------------------- */

struct outlay_id_sum_cursor {
    struct store_cursor c;
};

enum outlay_status outlay_store_person_sums(outlay_store *st, int64_t activity_id,
                                            enum outlay_person_sum kind, outlay_id_sum_cursor **c,
                                            outlay_err *err)
{
    static const char *const sql[OUTLAY_PERSON_SUMS] = {
        [OUTLAY_PERSON_DEPOSITS] = "SELECT participant_id, " SPLIT_SUM " FROM deposit"
                                   " WHERE activity_id = ? AND void = 0 GROUP BY participant_id",
        [OUTLAY_PERSON_PAYOUTS] = "SELECT participant_id, " SPLIT_SUM " FROM payout"
                                  " WHERE activity_id = ? AND void = 0 GROUP BY participant_id",
        [OUTLAY_PERSON_ADVANCES] =
            "SELECT paid_by, " SPLIT_SUM " FROM expense WHERE activity_id = ? AND void = 0"
            " AND paid_by IS NOT NULL GROUP BY paid_by",
    };
    void *cur = NULL;
    enum outlay_status rc =
        (unsigned)kind < OUTLAY_PERSON_SUMS
            ? store_cursor_new(st, sizeof **c, sql[kind], activity_id, NULL, &cur, err)
            : bad_kind("person sum", (int)kind, err);
    *c = cur;
    return rc;
}

int outlay_id_sum_cursor_next(outlay_id_sum_cursor *c, int64_t *id, int64_t *amount,
                              outlay_err *err)
{
    int r = store_cursor_step(&c->c, err);
    if (r != 1)
        return r;
    *id = store_col_int64(c->c.stmt, 0);
    if (split_sum(c->c.stmt, 1, amount) == 0)
        return 1;
    sum_out_of_range(c->c.st, err);
    return -1;
}

void outlay_id_sum_cursor_close(outlay_id_sum_cursor *c)
{
    store_cursor_free(c ? &c->c : NULL);
}

/* --- counts and magnitudes for the per-activity limit ------------------- */

/* Records of each kind (enum outlay_amounts): their table. Void ones
 * (SPEC §11) count nowhere. */
static const char *const amount_tables[OUTLAY_AMOUNTS_KINDS] = {
    [OUTLAY_AMOUNTS_BUDGET] = "budget_line",
    [OUTLAY_AMOUNTS_EXPENSES] = "expense",
    [OUTLAY_AMOUNTS_DEPOSITS] = "deposit",
    [OUTLAY_AMOUNTS_PAYOUTS] = "payout",
};

/* What amount_query reads. */
enum amount_what {
    COUNT_ALL,  /* how many records, void ones too */
    COUNT_LIVE, /* how many that are not void */
    MAGNITUDE   /* the split sum of |amount| of those not void */
};

/* The one value of sql (its ? the activity): a count, or when magnitude
 * a split sum (split_sum). */
static enum outlay_status one_value(outlay_store *st, const char *sql, int64_t activity_id,
                                    int magnitude, int64_t *out, outlay_err *err)
{
    void *cur = NULL;
    enum outlay_status rc =
        store_cursor_new(st, sizeof(struct store_cursor), sql, activity_id, NULL, &cur, err);
    struct store_cursor *c = cur;
    int r = rc == OUTLAY_OK ? store_cursor_step(c, err) : 0;
    if (r < 0)
        rc = err->status;
    else if (r == 1 && !magnitude)
        *out = store_col_int64(c->stmt, 0);
    else if (r == 1 && split_sum(c->stmt, 0, out) != 0)
        rc = sum_out_of_range(st, err);
    store_cursor_free(c);
    return rc;
}

/* The one row of "SELECT what FROM <kind's table> WHERE activity_id = ?". */
static enum outlay_status amount_query(outlay_store *st, int64_t activity_id,
                                       enum outlay_amounts kind, enum amount_what what,
                                       int64_t *out, outlay_err *err)
{
    char sql[256];
    int magnitude = what == MAGNITUDE;
    if ((unsigned)kind >= OUTLAY_AMOUNTS_KINDS)
        return bad_kind("amounts", (int)kind, err);
    snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE activity_id = ?%s",
             magnitude ? SPLIT_ABS_SUM : "count(*)", amount_tables[kind],
             what == COUNT_ALL ? "" : " AND void = 0");
    return one_value(st, sql, activity_id, magnitude, out, err);
}

enum outlay_status outlay_store_amount_count(outlay_store *st, int64_t activity_id,
                                             enum outlay_amounts kind, int64_t *n, outlay_err *err)
{
    /* Void records are counted too: the count is a bound, and it is read
     * from the (activity_id, no) index alone. */
    return amount_query(st, activity_id, kind, COUNT_ALL, n, err);
}

enum outlay_status outlay_store_amount_count_below(outlay_store *st, int64_t activity_id,
                                                   enum outlay_amounts kind, int64_t below_no,
                                                   int64_t cap, int64_t *n, outlay_err *err)
{
    /* (activity_id, no) is unique: a range of the index, no more of it
     * than cap rows (an import's million after them is never read) */
    char sql[256];
    *n = 0;
    if ((unsigned)kind >= OUTLAY_AMOUNTS_KINDS)
        return bad_kind("amounts", (int)kind, err);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM (SELECT 1 FROM %s WHERE activity_id = ? AND no < %lld"
             " LIMIT %lld) x",
             amount_tables[kind], (long long)below_no, (long long)(cap < 0 ? 0 : cap));
    return one_value(st, sql, activity_id, 0, n, err);
}

enum outlay_status outlay_store_live_count(outlay_store *st, int64_t activity_id,
                                           enum outlay_amounts kind, int64_t *n, outlay_err *err)
{
    return amount_query(st, activity_id, kind, COUNT_LIVE, n, err);
}

enum outlay_status outlay_store_amount_magnitude(outlay_store *st, int64_t activity_id,
                                                 enum outlay_amounts kind, int64_t *sum,
                                                 outlay_err *err)
{
    return amount_query(st, activity_id, kind, MAGNITUDE, sum, err);
}

/* --- what settlement shares --------------------------------------------- */

struct outlay_share_cursor {
    struct store_cursor c;
};

static enum outlay_status share_cursor_new(outlay_store *st, const char *sql, int64_t activity_id,
                                           outlay_share_cursor **c, outlay_err *err)
{
    void *cur;
    enum outlay_status rc = store_cursor_new(st, sizeof **c, sql, activity_id, NULL, &cur, err);
    *c = cur;
    return rc;
}

enum outlay_status outlay_store_settle_expenses(outlay_store *st, int64_t activity_id,
                                                outlay_share_cursor **c, outlay_err *err)
{
    return share_cursor_new(st,
                            "SELECT no, amount, for_tag, funded_by FROM expense"
                            " WHERE activity_id = ? AND void = 0 ORDER BY no",
                            activity_id, c, err);
}

enum outlay_status outlay_store_groups(outlay_store *st, int64_t activity_id,
                                       outlay_share_cursor **c, outlay_err *err)
{
    /* store_totals.c keeps these current with every expense. */
    return share_cursor_new(st,
                            "SELECT first_id, amount, nullif(for_tag, ''), funded_by"
                            " FROM group_total WHERE activity_id = ? AND n > 0 ORDER BY first_id",
                            activity_id, c, err);
}

int outlay_share_cursor_next(outlay_share_cursor *c, struct outlay_expense *e, outlay_err *err)
{
    int r = store_cursor_step(&c->c, err);
    if (r == 1) {
        store_q *s = c->c.stmt;
        memset(e, 0, sizeof *e);
        e->id = store_col_int64(s, 0);
        e->amount = store_col_int64(s, 1);
        e->for_tag = store_col_text(s, 2);
        e->funded_by = outlay_funder_parse(store_col_text(s, 3)) == OUTLAY_FUND_UNION;
    }
    return r;
}

void outlay_share_cursor_close(outlay_share_cursor *c)
{
    store_cursor_free(c ? &c->c : NULL);
}

/* --- (expense id, text) rows for the checks ----------------------------- */

struct outlay_id_text_cursor {
    struct store_cursor c;
};

static enum outlay_status id_text_cursor_new(outlay_store *st, const char *sql, int64_t activity_id,
                                             outlay_id_text_cursor **c, outlay_err *err)
{
    void *cur;
    enum outlay_status rc = store_cursor_new(st, sizeof **c, sql, activity_id, NULL, &cur, err);
    *c = cur;
    return rc;
}

enum outlay_status outlay_store_tagged_expenses(outlay_store *st, int64_t activity_id,
                                                outlay_id_text_cursor **c, outlay_err *err)
{
    return id_text_cursor_new(st,
                              "SELECT no, for_tag FROM expense WHERE activity_id = ? AND void = 0"
                              " AND for_tag IS NOT NULL AND for_tag != '' ORDER BY no",
                              activity_id, c, err);
}

enum outlay_status outlay_store_withdrawn_advances(outlay_store *st, int64_t activity_id,
                                                   outlay_id_text_cursor **c, outlay_err *err)
{
    return id_text_cursor_new(
        st,
        "SELECT e.no, p.name FROM participant p JOIN expense e ON e.paid_by = p.id"
        " WHERE p.activity_id = ? AND p.withdrawn = 1 AND e.void = 0 ORDER BY e.no",
        activity_id, c, err);
}

int outlay_id_text_cursor_next(outlay_id_text_cursor *c, int64_t *id, const char **text,
                               outlay_err *err)
{
    int r = store_cursor_step(&c->c, err);
    if (r == 1) {
        *id = store_col_int64(c->c.stmt, 0);
        *text = store_col_text(c->c.stmt, 1);
    }
    return r;
}

void outlay_id_text_cursor_close(outlay_id_text_cursor *c)
{
    store_cursor_free(c ? &c->c : NULL);
}

enum outlay_status outlay_store_kind_totals(outlay_store *st, int64_t activity_id,
                                            struct outlay_kind_total out[OUTLAY_KIND_COUNT],
                                            outlay_err *err)
{
    /* store_totals.c keeps these current with every expense. */
    store_q *s = store_stmt(st, S_KIND_GET,
                            "SELECT kind, amount, n, flagged FROM kind_total"
                            " WHERE activity_id = ?",
                            err);
    if (!s)
        return err->status;
    memset(out, 0, OUTLAY_KIND_COUNT * sizeof *out);
    store_bind_int64(s, 1, activity_id);
    int rc;
    while ((rc = store_q_step(s, err)) == 1) {
        int k = outlay_kind_parse(store_col_text(s, 0));
        if (k < 0)
            continue; /* the schema's CHECK keeps them known */
        out[k].amount = store_col_int64(s, 1);
        out[k].n = store_col_int64(s, 2);
        out[k].flagged = store_col_int64(s, 3);
    }
    store_q_reset(s);
    return rc == 0 ? OUTLAY_OK : err->status;
}
