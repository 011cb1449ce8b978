/*
 * store_rows: the records of a ledger (records.h) as rows: how each struct
 * maps to its table's columns, their inserts, updates, voids and gets, the
 * listing cursors (one type per kind of row, store.h), the numbers of
 * records within their activity (SPEC §11), and the audit log. An expense
 * written, changed or voided also moves the maintained totals
 * (store_totals.c) in the same transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/text.h"
#include "store_internal.h"

/* --- typed cursors ------------------------------------------------------ */

/* Each kind of row has its own cursor type (store.h), all of them a
 * store_cursor underneath. */
struct outlay_activity_cursor {
    struct store_cursor c;
};
struct outlay_line_cursor {
    struct store_cursor c;
};
struct outlay_participant_cursor {
    struct store_cursor c;
};
struct outlay_payment_cursor {
    struct store_cursor c;
};
struct outlay_expense_cursor {
    struct store_cursor c;
};
struct outlay_audit_cursor {
    struct store_cursor c;
};

void outlay_activity_cursor_close(outlay_activity_cursor *c)
{
    store_cursor_free(c ? &c->c : NULL);
}

void outlay_line_cursor_close(outlay_line_cursor *c)
{
    store_cursor_free(c ? &c->c : NULL);
}

void outlay_participant_cursor_close(outlay_participant_cursor *c)
{
    store_cursor_free(c ? &c->c : NULL);
}

void outlay_payment_cursor_close(outlay_payment_cursor *c)
{
    store_cursor_free(c ? &c->c : NULL);
}

void outlay_expense_cursor_close(outlay_expense_cursor *c)
{
    store_cursor_free(c ? &c->c : NULL);
}

void outlay_audit_cursor_close(outlay_audit_cursor *c)
{
    store_cursor_free(c ? &c->c : NULL);
}

/* --- record numbers (SPEC §11) ------------------------------------------ */

/* The tables of the numbered records, by enum outlay_amounts. */
static const char *const numbered_tables[OUTLAY_AMOUNTS_KINDS] = {
    [OUTLAY_AMOUNTS_BUDGET] = "budget_line",
    [OUTLAY_AMOUNTS_EXPENSES] = "expense",
    [OUTLAY_AMOUNTS_DEPOSITS] = "deposit",
    [OUTLAY_AMOUNTS_PAYOUTS] = "payout",
};

enum outlay_status store_next_no(outlay_store *st, enum outlay_amounts kind, int64_t activity_id,
                                 int64_t *no, outlay_err *err)
{
    struct store_bulk *b = &st->bulk;
    if ((unsigned)kind >= OUTLAY_AMOUNTS_KINDS)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_INTERNAL_KIND, OUTLAY_A_TEXT("record"),
                           OUTLAY_A_INT(kind));
    if (b->on && b->last_no[kind] > 0 && b->last_no_activity[kind] == activity_id) {
        *no = b->last_no[kind] + 1;
        return OUTLAY_OK;
    }
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT coalesce(max(no), 0) + 1 FROM %s WHERE activity_id = ?",
             numbered_tables[kind]);
    store_q *s = store_stmt(st, (enum store_stmt_id)(S_NEXT_NO + kind), sql, err);
    if (!s)
        return err->status;
    store_bind_int64(s, 1, activity_id);
    int r = store_q_step(s, err);
    if (r == 1)
        *no = store_col_int64(s, 0);
    store_q_reset(s);
    /* work that could grow with the activity: counted as a query's */
    st->stats.queries++;
    st->stats.steps += store_q_steps(s, 1);
    return r == 1 ? OUTLAY_OK : err->status;
}

void store_took_no(outlay_store *st, enum outlay_amounts kind, int64_t activity_id, int64_t no,
                   int64_t amount)
{
    struct store_bulk *b = &st->bulk;
    if (!b->on)
        return;
    if (b->added_n[kind] != 0 && b->last_no_activity[kind] != activity_id)
        b->added_n[kind] = -1;
    else if (b->added_n[kind] >= 0) {
        uint64_t m = amount < 0 ? -(uint64_t)amount : (uint64_t)amount;
        b->added_n[kind]++;
        b->added_magnitude[kind] = (uint64_t)(INT64_MAX - b->added_magnitude[kind]) < m
                                       ? INT64_MAX
                                       : b->added_magnitude[kind] + (int64_t)m;
    }
    b->last_no[kind] = no;
    b->last_no_activity[kind] = activity_id;
}

void outlay_store_bulk_added(outlay_store *st, int64_t activity_id, enum outlay_amounts kind,
                             int64_t *n, int64_t *magnitude)
{
    const struct store_bulk *b = &st->bulk;
    *n = *magnitude = 0;
    if (b->on && (unsigned)kind < OUTLAY_AMOUNTS_KINDS && b->added_n[kind] > 0 &&
        b->last_no_activity[kind] == activity_id) {
        *n = b->added_n[kind];
        *magnitude = b->added_magnitude[kind];
    }
}

int64_t outlay_store_bulk_first_no(outlay_store *st, int64_t activity_id, enum outlay_amounts kind)
{
    int64_t n, magnitude;
    outlay_store_bulk_added(st, activity_id, kind, &n, &magnitude);
    return n > 0 ? st->bulk.last_no[kind] - n + 1 : 0;
}

/* Runs a statement that writes, with ?1 and ?2 bound to numbers and ?3
 * and ?4 to texts (a statement may leave any out); *changed (may be NULL)
 * says how many rows it changed. */
static enum outlay_status write_row(outlay_store *st, const char *sql, int64_t a1, int64_t a2,
                                    const char *t3, const char *t4, int *changed, outlay_err *err)
{
    store_q *s = NULL;
    enum outlay_status rc = store_q_prepare(st, sql, &s, err);
    if (rc == OUTLAY_OK) {
        store_bind_int64(s, 1, a1);
        store_bind_int64(s, 2, a2);
        store_bind_str(s, 3, t3);
        store_bind_str(s, 4, t4);
        rc = store_q_done(s, err);
    }
    if (rc == OUTLAY_OK && changed)
        *changed = (int)store_q_changes(s);
    store_q_free(s);
    return rc;
}

static enum outlay_status update_row(outlay_store *st, const char *sql, int64_t a1, int64_t a2,
                                     const char *t3, int *changed, outlay_err *err)
{
    return write_row(st, sql, a1, a2, t3, NULL, changed, err);
}

/* --- activities --------------------------------------------------------- */

/* settle_rule is parameter 15 of both statements, the rules and min_refund
 * 16 to 18 (bind_activity). */
static const char act_insert_sql[] =
    "INSERT INTO activity(slug, title, date, end_date, venue, organizer, currency, deposit,"
    " headcount, budget_total, subsidy_per_head, funded_by, closed, created_at, settle_rule,"
    " rules_name, rules_text, min_refund, flags_ok)"
    " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?15,?16,?17,?18,1) RETURNING id";
static const char act_update_sql[] =
    "UPDATE activity SET slug=?, title=?, date=?, end_date=?, venue=?, organizer=?, currency=?,"
    " deposit=?, headcount=?, budget_total=?, subsidy_per_head=?, funded_by=?, closed=?,"
    " settle_rule=?15, rules_name=?16, rules_text=?17, min_refund=?18 WHERE id=?14";
static const char act_get_sql[] = "SELECT " ACTIVITY_COLUMNS " FROM activity WHERE slug = ?";

static void bind_activity(store_q *s, const struct outlay_activity *a)
{
    store_bind_str(s, 1, a->slug);
    store_bind_str(s, 2, a->title);
    store_bind_text(s, 3, a->date);
    store_bind_text(s, 4, a->end_date);
    store_bind_text(s, 5, a->venue);
    store_bind_text(s, 6, a->organizer);
    store_bind_str(s, 7, a->currency && *a->currency ? a->currency : "CNY");
    store_bind_int64(s, 8, a->deposit);
    store_bind_int64(s, 9, a->headcount);
    if (a->has_budget_total)
        store_bind_int64(s, 10, a->budget_total);
    else
        store_bind_null(s, 10);
    store_bind_int64(s, 11, a->subsidy_per_head);
    store_bind_str(s, 12, outlay_funder_name(a->funded_by));
    store_bind_int64(s, 13, a->closed);
    /* SPEC §11.1: a new activity settles by rule 2 unless told otherwise */
    store_bind_int64(s, 15, a->settle_rule ? (int)a->settle_rule : OUTLAY_SETTLE_RULE_PERSON);
    store_bind_text(s, 16, a->rules_name);
    store_bind_text(s, 17, a->rules_text);
    store_bind_int64(s, 18, a->min_refund);
}

enum outlay_status outlay_store_activity_insert(outlay_store *st, struct outlay_activity *a,
                                                outlay_err *err)
{
    store_q *s = store_stmt(st, S_ACT_INSERT, act_insert_sql, err);
    if (!s)
        return err->status;
    bind_activity(s, a);
    char at[32];
    store_now(at);
    store_bind_str(s, 14, at);
    if (store_q_insert_id(s, &a->id, err) != OUTLAY_OK)
        return err->status;
    /* its row of the year, with no figures kept yet (schema 11: every
     * activity has one; outlay_ledger_commit keeps them) */
    return outlay_store_year_keep(st, a->id, NULL, err);
}

enum outlay_status outlay_store_activity_update(outlay_store *st, const struct outlay_activity *a,
                                                outlay_err *err)
{
    store_q *s = store_stmt(st, S_ACT_UPDATE, act_update_sql, err);
    if (!s)
        return err->status;
    bind_activity(s, a);
    store_bind_int64(s, 14, a->id);
    return store_step_done(st, s, err);
}

void store_row_activity(store_q *s, struct outlay_activity *a)
{
    memset(a, 0, sizeof *a);
    a->id = store_col_int64(s, 0);
    a->slug = store_col_text(s, 1);
    a->title = store_col_text(s, 2);
    a->date = store_col_text(s, 3);
    a->end_date = store_col_text(s, 4);
    a->venue = store_col_text(s, 5);
    a->organizer = store_col_text(s, 6);
    a->currency = store_col_text(s, 7);
    a->deposit = store_col_int64(s, 8);
    a->headcount = store_col_int64(s, 9);
    a->has_budget_total = !store_col_null(s, 10);
    a->budget_total = store_col_int64(s, 10);
    a->subsidy_per_head = store_col_int64(s, 11);
    a->funded_by = outlay_funder_parse(store_col_text(s, 12)) == OUTLAY_FUND_UNION
                       ? OUTLAY_FUND_UNION
                       : OUTLAY_FUND_PARTICIPANTS;
    a->closed = store_col_int(s, 13);
    a->is_void = store_col_int(s, 14);
    a->void_reason = store_col_text(s, 15);
    a->settle_rule = store_col_int(s, 16) == OUTLAY_SETTLE_RULE_PERSON ? OUTLAY_SETTLE_RULE_PERSON
                                                                       : OUTLAY_SETTLE_RULE_GROUP;
    a->rules_name = store_col_text(s, 17);
    a->rules_text = store_col_text(s, 18);
    a->min_refund = store_col_int64(s, 19);
    a->flags_ok = store_col_int(s, 20);
}

enum outlay_status store_row_activity_owned(store_q *s, struct outlay_activity *a, outlay_err *err)
{
    store_row_activity(s, a);
    /* Copy the strings: a record that outlives the statement must not
     * point into it (free with outlay_activity_release). */
    char **f[] = {&a->slug,      &a->title,    &a->date,        &a->end_date,   &a->venue,
                  &a->organizer, &a->currency, &a->void_reason, &a->rules_name, &a->rules_text};
    size_t len = 0;
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        len += *f[i] ? strlen(*f[i]) + 1 : 0;
    char *buf = malloc(len ? len : 1), *p = buf;
    for (size_t i = 0; buf && i < sizeof f / sizeof f[0]; i++) {
        if (!*f[i])
            continue;
        size_t k = strlen(*f[i]) + 1;
        memcpy(p, *f[i], k);
        *f[i] = p;
        p += k;
    }
    if (!buf)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    a->owned = buf;
    return OUTLAY_OK;
}

enum outlay_status outlay_store_activity_get(outlay_store *st, const char *slug,
                                             struct outlay_activity *a, outlay_err *err)
{
    store_q *s = store_stmt(st, S_ACT_GET, act_get_sql, err);
    if (!s)
        return err->status;
    store_bind_str(s, 1, slug);
    int r = store_q_step(s, err);
    if (r == 1) {
        enum outlay_status rc = store_row_activity_owned(s, a, err);
        store_q_reset(s);
        return rc;
    }
    store_q_reset(s);
    if (r < 0)
        return err->status;
    return outlay_fail(err, OUTLAY_ENOTFOUND, OUTLAY_P_STORE_NO_ACTIVITY, OUTLAY_A_TEXT(slug));
}

enum outlay_status outlay_store_activity_void(outlay_store *st, int64_t activity_id,
                                              const char *reason, outlay_err *err)
{
    enum outlay_status rc =
        update_row(st, "UPDATE activity SET void = 1, void_reason = ?3 WHERE id = ?1", activity_id,
                   0, reason, NULL, err);
    /* a federation's rollup leaves it out by its row of the year's void */
    if (rc == OUTLAY_OK && st->backend == STORE_PG)
        rc = update_row(st, "UPDATE activity_year SET void = 1 WHERE activity_id = ?1", activity_id,
                        0, NULL, NULL, err);
    return rc;
}

enum outlay_status outlay_store_activities(outlay_store *st, outlay_activity_cursor **c,
                                           outlay_err *err)
{
    void *cur;
    enum outlay_status rc =
        store_cursor_new(st, sizeof **c, "SELECT " ACTIVITY_COLUMNS " FROM activity ORDER BY id", 0,
                         NULL, &cur, err);
    *c = cur;
    return rc;
}

int outlay_activity_cursor_next(outlay_activity_cursor *c, struct outlay_activity *a,
                                outlay_err *err)
{
    int r = store_cursor_step(&c->c, err);
    if (r == 1)
        store_row_activity(c->c.stmt, a);
    return r;
}

/* --- budget lines ------------------------------------------------------- */

#define LINE_COLUMNS                                                                               \
    "no, category, item, unit_price, qty, amount, per_head, unit, note, funded_by, void,"          \
    " void_reason, kind"

static const char line_insert_sql[] =
    "INSERT INTO budget_line(category, item, unit_price, qty, amount, per_head, unit, note,"
    " funded_by, activity_id, no, kind) VALUES(?,?,?,?,?,?,?,?,?,?,?,?12)";
static const char line_get_sql[] =
    "SELECT " LINE_COLUMNS " FROM budget_line WHERE activity_id = ? AND no = ?";

/* Binds the fields of a line to ?1..?9 and its kind to ?12, in the order
 * of line_insert_sql. */
static void bind_line(store_q *s, const struct outlay_budget_line *l)
{
    store_bind_str(s, 1, l->category);
    store_bind_str(s, 2, l->item);
    store_bind_int64(s, 3, l->unit_price);
    store_bind_int64(s, 4, l->qty);
    store_bind_int64(s, 5, l->amount);
    store_bind_int64(s, 6, l->per_head);
    store_bind_text(s, 7, l->unit);
    store_bind_text(s, 8, l->note);
    store_bind_str(s, 9, outlay_funder_name(l->funded_by));
    store_bind_str(s, 12, outlay_kind_name(l->kind));
}

enum outlay_status outlay_store_line_insert(outlay_store *st, int64_t activity_id,
                                            struct outlay_budget_line *l, outlay_err *err)
{
    int64_t no = 0;
    enum outlay_status rc = store_next_no(st, OUTLAY_AMOUNTS_BUDGET, activity_id, &no, err);
    /* PostgreSQL in bulk mode: the row goes to the import's COPY */
    int copied = rc ? -1 : store_pg_copy_begin(st, STORE_COPY_LINE, err);
    if (copied < 0)
        return err->status;
    if (copied) {
        store_pg_copy_str(st, l->category, 0);
        store_pg_copy_str(st, l->item, 0);
        store_pg_copy_int(st, l->unit_price, 0);
        store_pg_copy_int(st, l->qty, 0);
        store_pg_copy_int(st, l->amount, 0);
        store_pg_copy_int(st, l->per_head, 0);
        store_pg_copy_text(st, l->unit, 0);
        store_pg_copy_text(st, l->note, 0);
        store_pg_copy_str(st, outlay_funder_name(l->funded_by), 0);
        store_pg_copy_int(st, activity_id, 0);
        store_pg_copy_int(st, no, 0);
        store_pg_copy_str(st, outlay_kind_name(l->kind), 1);
        if (store_pg_copy_row(st, err) != OUTLAY_OK)
            return err->status;
        l->id = no;
        store_took_no(st, OUTLAY_AMOUNTS_BUDGET, activity_id, no, l->amount);
        return OUTLAY_OK;
    }
    store_q *s = store_stmt(st, S_LINE_INSERT, line_insert_sql, err);
    if (!s)
        return err->status;
    bind_line(s, l);
    store_bind_int64(s, 10, activity_id);
    store_bind_int64(s, 11, no);
    rc = store_step_done(st, s, err);
    if (rc == OUTLAY_OK) {
        l->id = no;
        store_took_no(st, OUTLAY_AMOUNTS_BUDGET, activity_id, no, l->amount);
    }
    return rc;
}

enum outlay_status outlay_store_line_update(outlay_store *st, int64_t activity_id,
                                            const struct outlay_budget_line *l, outlay_err *err)
{
    store_q *s = NULL;
    enum outlay_status rc = store_q_prepare(
        st,
        "UPDATE budget_line SET category = ?1, item = ?2, unit_price = ?3,"
        " qty = ?4, amount = ?5, per_head = ?6, unit = ?7, note = ?8,"
        " funded_by = ?9, kind = ?12 WHERE activity_id = ?10 AND no = ?11 AND void = 0",
        &s, err);
    if (rc == OUTLAY_OK) {
        bind_line(s, l);
        store_bind_int64(s, 10, activity_id);
        store_bind_int64(s, 11, l->id);
        rc = store_q_done(s, err);
    }
    store_q_free(s);
    return rc;
}

enum outlay_status outlay_store_lines_set_headcount(outlay_store *st, int64_t activity_id,
                                                    int64_t headcount, outlay_err *err)
{
    store_q *s = NULL;
    enum outlay_status rc =
        store_q_prepare(st,
                        "UPDATE budget_line SET qty = ?2, amount = unit_price * ?2"
                        " WHERE activity_id = ?1 AND per_head = 1 AND void = 0",
                        &s, err);
    if (rc == OUTLAY_OK) {
        store_bind_int64(s, 1, activity_id);
        store_bind_int64(s, 2, headcount);
        rc = store_q_done(s, err);
    }
    store_q_free(s);
    return rc;
}

enum outlay_status outlay_store_lines(outlay_store *st, int64_t activity_id, outlay_line_cursor **c,
                                      outlay_err *err)
{
    void *cur;
    enum outlay_status rc = store_cursor_new(st, sizeof **c,
                                             "SELECT " LINE_COLUMNS " FROM budget_line"
                                             " WHERE activity_id = ? ORDER BY no",
                                             activity_id, NULL, &cur, err);
    *c = cur;
    return rc;
}

static void row_line(store_q *s, struct outlay_budget_line *l)
{
    memset(l, 0, sizeof *l);
    l->id = store_col_int64(s, 0);
    l->category = store_col_text(s, 1);
    l->item = store_col_text(s, 2);
    l->unit_price = store_col_int64(s, 3);
    l->qty = store_col_int64(s, 4);
    l->amount = store_col_int64(s, 5);
    l->per_head = store_col_int(s, 6);
    l->unit = store_col_text(s, 7);
    l->note = store_col_text(s, 8);
    l->funded_by = outlay_funder_parse(store_col_text(s, 9)) == OUTLAY_FUND_UNION
                       ? OUTLAY_FUND_UNION
                       : OUTLAY_FUND_PARTICIPANTS;
    l->is_void = store_col_int(s, 10);
    l->void_reason = store_col_text(s, 11);
    int k = outlay_kind_parse(store_col_text(s, 12));
    l->kind = k < 0 ? OUTLAY_KIND_OTHER : (enum outlay_kind)k;
}

int outlay_line_cursor_next(outlay_line_cursor *c, struct outlay_budget_line *l, outlay_err *err)
{
    int r = store_cursor_step(&c->c, err);
    if (r == 1)
        row_line(c->c.stmt, l);
    return r;
}

/* One row of a cached get statement, bound to (activity_id, no): 1 with the
 * row (read it before the next call on the statement), 0 with err set to
 * OUTLAY_ENOTFOUND (OUTLAY_P_STORE_NO_RECORD naming table and no), -1 on
 * error. */
static int get_row(outlay_store *st, store_q *s, const char *table, int64_t activity_id, int64_t no,
                   outlay_err *err)
{
    store_bind_int64(s, 1, activity_id);
    store_bind_int64(s, 2, no);
    int r = store_q_step(s, err);
    if (r == 1)
        return 1;
    store_q_reset(s);
    if (r < 0)
        return -1;
    (void)st;
    outlay_fail(err, OUTLAY_ENOTFOUND, OUTLAY_P_STORE_NO_RECORD, OUTLAY_A_TEXT(table),
                OUTLAY_A_INT(no));
    return 0;
}

enum outlay_status outlay_store_line_get(outlay_store *st, int64_t activity_id, int64_t no,
                                         struct outlay_budget_line *l, outlay_err *err)
{
    store_q *s = store_stmt(st, S_LINE_GET, line_get_sql, err);
    if (!s)
        return err->status;
    if (get_row(st, s, "budget_line", activity_id, no, err) != 1)
        return err->status;
    row_line(s, l);
    return OUTLAY_OK;
}

/* --- participants ------------------------------------------------------- */

#define PARTICIPANT_COLUMNS "id, name, dept, tags, weight, withdrawn"

static const char part_insert_sql[] =
    "INSERT INTO participant(activity_id, name, dept, tags, weight, withdrawn, name_key)"
    " VALUES(?,?,?,?,?,?,?) RETURNING id";
static const char part_update_sql[] =
    "UPDATE participant SET dept=?, tags=?, weight=?, withdrawn=? WHERE id=?";
/* The exact name first (SPEC §11): UNIQUE(activity_id, name) finds it
 * without computing a key, as on most rows of an import; else by key
 * (participant_key), the first registered. */
static const char part_get_exact_sql[] =
    "SELECT " PARTICIPANT_COLUMNS " FROM participant WHERE activity_id=?1 AND name=?2";
static const char part_get_sql[] = "SELECT " PARTICIPANT_COLUMNS " FROM participant"
                                   " WHERE activity_id=?1 AND name_key=?2 ORDER BY id LIMIT 1";

enum outlay_status outlay_store_participant_insert(outlay_store *st, int64_t activity_id,
                                                   struct outlay_participant *p, outlay_err *err)
{
    store_q *s = store_stmt(st, S_PART_INSERT, part_insert_sql, err);
    if (!s)
        return err->status;
    store_bind_int64(s, 1, activity_id);
    store_bind_str(s, 2, p->name);
    store_bind_text(s, 3, p->dept);
    store_bind_str(s, 4, p->tags ? p->tags : "");
    store_bind_int64(s, 5, p->weight);
    store_bind_int64(s, 6, p->withdrawn);
    /* The key with the name: schema 5 has no trigger on inserts. */
    char *key = NULL;
    enum outlay_status rc = outlay_text_name_key(p->name, &key, err);
    if (rc != OUTLAY_OK)
        return rc;
    store_bind_str(s, 7, key);
    rc = store_q_insert_id(s, &p->id, err);
    if (rc == OUTLAY_OK)
        store_people_added(st, activity_id, p, key);
    free(key);
    return rc;
}

enum outlay_status outlay_store_participant_update(outlay_store *st,
                                                   const struct outlay_participant *p,
                                                   outlay_err *err)
{
    store_q *s = store_stmt(st, S_PART_UPDATE, part_update_sql, err);
    if (!s)
        return err->status;
    store_bind_text(s, 1, p->dept);
    store_bind_str(s, 2, p->tags ? p->tags : "");
    store_bind_int64(s, 3, p->weight);
    store_bind_int64(s, 4, p->withdrawn);
    store_bind_int64(s, 5, p->id);
    enum outlay_status rc = store_step_done(st, s, err);
    if (rc == OUTLAY_OK)
        store_people_changed(st, p);
    return rc;
}

/* Runs sql with ?1 a1, ?2 a2, ?3 text and ?4 the name key of text;
 * *changed gets the rows it changed. */
static enum outlay_status alias_write(outlay_store *st, const char *sql, int64_t a1, int64_t a2,
                                      const char *text, int *changed, outlay_err *err)
{
    store_people_forget(st); /* a name or an alias changes: read again */
    char *key = NULL;
    enum outlay_status rc = outlay_text_name_key(text, &key, err);
    if (rc == OUTLAY_OK)
        rc = write_row(st, sql, a1, a2, text, key, changed, err);
    free(key);
    return rc;
}

enum outlay_status outlay_store_participant_rename(outlay_store *st, int64_t participant_id,
                                                   const char *name, outlay_err *err)
{
    /* The key is written with the name (a SQLite ledger's trigger
     * participant_key_rename also keeps it, whoever renames). */
    return alias_write(st, "UPDATE participant SET name = ?3, name_key = ?4 WHERE id = ?1",
                       participant_id, 0, name, NULL, err);
}

static void row_participant(store_q *s, struct outlay_participant *p)
{
    memset(p, 0, sizeof *p);
    p->id = store_col_int64(s, 0);
    p->name = store_col_text(s, 1);
    p->dept = store_col_text(s, 2);
    p->tags = store_col_text(s, 3);
    p->weight = store_col_int64(s, 4);
    p->withdrawn = store_col_int(s, 5);
}

enum outlay_status outlay_store_participant_get(outlay_store *st, int64_t activity_id,
                                                const char *name, struct outlay_participant *p,
                                                outlay_err *err)
{
    static const struct {
        enum store_stmt_id id;
        const char *sql;
    } ways[] = {{S_PART_GET_EXACT, part_get_exact_sql}, {S_PART_GET, part_get_sql}};
    int found = store_people_find(st, activity_id, name, p, err);
    if (found == 1)
        return OUTLAY_OK;
    if (found == -1)
        return err->status;
    if (found == 0)
        return outlay_fail(err, OUTLAY_ENOTFOUND, OUTLAY_P_STORE_NO_PARTICIPANT,
                           OUTLAY_A_TEXT(name));
    char *key = NULL;
    for (size_t i = 0; i < sizeof ways / sizeof ways[0]; i++) {
        if (i == 1 && outlay_text_name_key(name, &key, err) != OUTLAY_OK)
            return err->status;
        store_q *s = store_stmt(st, ways[i].id, ways[i].sql, err);
        if (!s) {
            free(key);
            return err->status;
        }
        store_bind_int64(s, 1, activity_id);
        store_bind_str(s, 2, i == 0 ? name : key);
        int r = store_q_step(s, err);
        if (r == 1) {
            row_participant(s, p);
            free(key);
            return OUTLAY_OK;
        }
        store_q_reset(s);
        if (r < 0) {
            free(key);
            return err->status;
        }
    }
    free(key);
    return outlay_fail(err, OUTLAY_ENOTFOUND, OUTLAY_P_STORE_NO_PARTICIPANT, OUTLAY_A_TEXT(name));
}

enum outlay_status outlay_store_participants(outlay_store *st, int64_t activity_id,
                                             outlay_participant_cursor **c, outlay_err *err)
{
    void *cur;
    enum outlay_status rc = store_cursor_new(st, sizeof **c,
                                             "SELECT " PARTICIPANT_COLUMNS " FROM participant"
                                             " WHERE activity_id = ? ORDER BY id",
                                             activity_id, NULL, &cur, err);
    *c = cur;
    return rc;
}

int outlay_participant_cursor_next(outlay_participant_cursor *c, struct outlay_participant *p,
                                   outlay_err *err)
{
    int r = store_cursor_step(&c->c, err);
    if (r == 1)
        row_participant(c->c.stmt, p);
    return r;
}

/* --- aliases (SPEC §15) ------------------------------------------------ */

static const char alias_get_sql[] =
    "SELECT p.id, p.name, p.dept, p.tags, p.weight, p.withdrawn FROM participant_alias x"
    " JOIN participant p ON p.id = x.participant_id WHERE x.activity_id=?1 AND x.alias_key=?2";

enum outlay_status outlay_store_alias_add(outlay_store *st, int64_t activity_id,
                                          int64_t participant_id, const char *alias,
                                          outlay_err *err)
{
    return alias_write(
        st,
        "INSERT INTO participant_alias(activity_id, participant_id, alias, alias_key)"
        " VALUES(?1, ?2, ?3, ?4)",
        activity_id, participant_id, alias, NULL, err);
}

enum outlay_status outlay_store_alias_remove(outlay_store *st, int64_t activity_id,
                                             int64_t participant_id, const char *alias,
                                             int *removed, outlay_err *err)
{
    return alias_write(st,
                       "DELETE FROM participant_alias WHERE activity_id=?1 AND participant_id=?2"
                       " AND alias_key=?4 AND CAST(?3 AS TEXT) IS NOT NULL",
                       activity_id, participant_id, alias, removed, err);
}

enum outlay_status outlay_store_alias_get(outlay_store *st, int64_t activity_id, const char *alias,
                                          struct outlay_participant *p, outlay_err *err)
{
    char *key = NULL;
    if (outlay_text_name_key(alias, &key, err) != OUTLAY_OK)
        return err->status;
    store_q *s = store_stmt(st, S_ALIAS_GET, alias_get_sql, err);
    if (!s) {
        free(key);
        return err->status;
    }
    store_bind_int64(s, 1, activity_id);
    store_bind_str(s, 2, key);
    free(key);
    int r = store_q_step(s, err);
    if (r == 1) {
        row_participant(s, p);
        return OUTLAY_OK;
    }
    store_q_reset(s);
    if (r < 0)
        return err->status;
    return outlay_fail(err, OUTLAY_ENOTFOUND, OUTLAY_P_STORE_NO_PARTICIPANT, OUTLAY_A_TEXT(alias));
}

enum outlay_status outlay_store_aliases(outlay_store *st, int64_t participant_id, char **joined,
                                        outlay_err *err)
{
    void *c = NULL;
    *joined = NULL;
    enum outlay_status rc =
        store_cursor_new(st, sizeof(struct store_cursor),
                         "SELECT coalesce(group_concat(alias, ';'), '') FROM"
                         " (SELECT alias FROM participant_alias WHERE participant_id = ?1"
                         " ORDER BY alias) AS a",
                         participant_id, NULL, &c, err);
    if (rc == OUTLAY_OK && store_cursor_step(c, err) == 1) {
        const char *t = store_col_text(((struct store_cursor *)c)->stmt, 0);
        *joined = strdup(t ? t : "");
        if (!*joined)
            rc = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    } else if (rc == OUTLAY_OK) {
        rc = err->status;
    }
    store_cursor_free(c);
    return rc;
}

int outlay_store_reference_held(outlay_store *st, int64_t activity_id, const char *reference,
                                outlay_err *err)
{
    void *c = NULL;
    int r = store_cursor_new(st, sizeof(struct store_cursor),
                             "SELECT 1 FROM deposit WHERE activity_id = ?1 AND reference = ?2"
                             " UNION ALL SELECT 1 FROM payout WHERE activity_id = ?1"
                             " AND reference = ?2 UNION ALL SELECT 1 FROM expense"
                             " WHERE activity_id = ?1 AND receipt = ?2 AND " STORE_TXN_ID_GLOB
                             " LIMIT 1",
                             activity_id, reference, &c, err) == OUTLAY_OK
                ? store_cursor_step(c, err)
                : -1;
    store_cursor_free(c);
    return r;
}

int outlay_store_tag_carried(outlay_store *st, int64_t activity_id, const char *tag,
                             outlay_err *err)
{
    void *c = NULL;
    /* Tags are stored ';'-separated and trimmed; compare whole tags, exactly
     * as settlement does (no LIKE: it ignores case and has wildcards). */
    int r = store_cursor_new(st, sizeof(struct store_cursor),
                             "SELECT 1 FROM participant WHERE activity_id = ?1 AND withdrawn = 0"
                             " AND instr(';' || tags || ';', ';' || ?2 || ';') > 0 LIMIT 1",
                             activity_id, tag, &c, err) == OUTLAY_OK
                ? store_cursor_step(c, err)
                : -1;
    store_cursor_free(c);
    return r;
}

/* --- deposits and payouts ----------------------------------------------- */

static const char deposit_insert_sql[] = "INSERT INTO deposit(activity_id, participant_id, amount,"
                                         " date, method, no, reference) VALUES(?,?,?,?,?,?,?)";
static const char payout_insert_sql[] = "INSERT INTO payout(activity_id, participant_id, amount,"
                                        " date, method, no, reference) VALUES(?,?,?,?,?,?,?)";
#define PAYMENT_SELECT(table)                                                                      \
    "SELECT d.no, p.name, d.amount, d.date, d.method, d.void, d.void_reason, d.reference"          \
    " FROM " table " d"                                                                            \
    " JOIN participant p ON p.id = d.participant_id"

static enum outlay_amounts payment_amounts(enum outlay_payment_kind kind)
{
    return kind == OUTLAY_DEPOSIT ? OUTLAY_AMOUNTS_DEPOSITS : OUTLAY_AMOUNTS_PAYOUTS;
}

static enum outlay_status bad_payment_kind(enum outlay_payment_kind kind, outlay_err *err)
{
    return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_INTERNAL_KIND, OUTLAY_A_TEXT("payment"),
                       OUTLAY_A_INT(kind));
}

enum outlay_status outlay_store_payment_insert(outlay_store *st, enum outlay_payment_kind kind,
                                               int64_t activity_id, int64_t participant_id,
                                               struct outlay_payment *p, outlay_err *err)
{
    if (kind != OUTLAY_DEPOSIT && kind != OUTLAY_PAYOUT)
        return bad_payment_kind(kind, err);
    int64_t no = 0;
    if (store_next_no(st, payment_amounts(kind), activity_id, &no, err) != OUTLAY_OK)
        return err->status;
    /* PostgreSQL in bulk mode: the row goes to the import's COPY */
    int copied = store_pg_copy_begin(
        st, kind == OUTLAY_DEPOSIT ? STORE_COPY_DEPOSIT : STORE_COPY_PAYOUT, err);
    if (copied < 0)
        return err->status;
    if (copied) {
        store_pg_copy_int(st, activity_id, 0);
        store_pg_copy_int(st, participant_id, 0);
        store_pg_copy_int(st, p->amount, 0);
        store_pg_copy_text(st, p->date, 0);
        store_pg_copy_text(st, p->method, 0);
        store_pg_copy_int(st, no, 0);
        store_pg_copy_text(st, p->reference, 1);
        if (store_pg_copy_row(st, err) != OUTLAY_OK)
            return err->status;
        p->id = no;
        store_took_no(st, payment_amounts(kind), activity_id, no, p->amount);
        return OUTLAY_OK;
    }
    store_q *s = kind == OUTLAY_DEPOSIT ? store_stmt(st, S_DEPOSIT_INSERT, deposit_insert_sql, err)
                                        : store_stmt(st, S_PAYOUT_INSERT, payout_insert_sql, err);
    if (!s)
        return err->status;
    store_bind_int64(s, 1, activity_id);
    store_bind_int64(s, 2, participant_id);
    store_bind_int64(s, 3, p->amount);
    store_bind_text(s, 4, p->date);
    store_bind_text(s, 5, p->method);
    store_bind_int64(s, 6, no);
    store_bind_text(s, 7, p->reference);
    enum outlay_status rc = store_step_done(st, s, err);
    if (rc == OUTLAY_OK) {
        p->id = no;
        store_took_no(st, payment_amounts(kind), activity_id, no, p->amount);
    }
    return rc;
}

enum outlay_status outlay_store_payments(outlay_store *st, enum outlay_payment_kind kind,
                                         int64_t activity_id, outlay_payment_cursor **c,
                                         outlay_err *err)
{
    static const char *const sql[] = {
        [OUTLAY_DEPOSIT] = PAYMENT_SELECT("deposit") " WHERE d.activity_id = ? ORDER BY d.no",
        [OUTLAY_PAYOUT] = PAYMENT_SELECT("payout") " WHERE d.activity_id = ? ORDER BY d.no",
    };
    void *cur = NULL;
    enum outlay_status rc =
        kind == OUTLAY_DEPOSIT || kind == OUTLAY_PAYOUT
            ? store_cursor_new(st, sizeof **c, sql[kind], activity_id, NULL, &cur, err)
            : bad_payment_kind(kind, err);
    *c = cur;
    return rc;
}

static void row_payment(store_q *s, struct outlay_payment *p)
{
    memset(p, 0, sizeof *p);
    p->id = store_col_int64(s, 0);
    p->name = store_col_text(s, 1);
    p->amount = store_col_int64(s, 2);
    p->date = store_col_text(s, 3);
    p->method = store_col_text(s, 4);
    p->is_void = store_col_int(s, 5);
    p->void_reason = store_col_text(s, 6);
    p->reference = store_col_text(s, 7);
}

int outlay_payment_cursor_next(outlay_payment_cursor *c, struct outlay_payment *p, outlay_err *err)
{
    int r = store_cursor_step(&c->c, err);
    if (r == 1)
        row_payment(c->c.stmt, p);
    return r;
}

enum outlay_status outlay_store_payment_get(outlay_store *st, enum outlay_payment_kind kind,
                                            int64_t activity_id, int64_t no,
                                            struct outlay_payment *p, outlay_err *err)
{
    if (kind != OUTLAY_DEPOSIT && kind != OUTLAY_PAYOUT)
        return bad_payment_kind(kind, err);
    store_q *s =
        kind == OUTLAY_DEPOSIT
            ? store_stmt(st, S_PAY_GET,
                         PAYMENT_SELECT("deposit") " WHERE d.activity_id = ? AND d.no = ?", err)
            : store_stmt(st, S_PAY_GET_PAYOUT,
                         PAYMENT_SELECT("payout") " WHERE d.activity_id = ? AND d.no = ?", err);
    if (!s)
        return err->status;
    if (get_row(st, s, kind == OUTLAY_DEPOSIT ? "deposit" : "payout", activity_id, no, err) != 1)
        return err->status;
    row_payment(s, p);
    return OUTLAY_OK;
}

/* --- approvals (SPEC §14) ----------------------------------------------- */

#define SNAPSHOT_COLUMNS "no, category, item, unit_price, qty, amount, funded_by, kind"

enum outlay_status outlay_store_approval_add(outlay_store *st, int64_t activity_id,
                                             struct outlay_approval *ap, outlay_err *err)
{
    store_q *s = NULL;
    char at[32];
    store_now(at);
    enum outlay_status rc = store_q_prepare(
        st,
        "INSERT INTO approval(activity_id, no, by_name, date, total, at)"
        " SELECT ?1, coalesce(max(no), 0) + 1, ?2, ?3, ?4, ?5 FROM approval WHERE activity_id = ?1"
        " RETURNING id, no",
        &s, err);
    int64_t id = 0;
    if (rc == OUTLAY_OK) {
        store_bind_int64(s, 1, activity_id);
        store_bind_str(s, 2, ap->by);
        store_bind_str(s, 3, ap->date);
        store_bind_int64(s, 4, ap->total);
        store_bind_str(s, 5, at);
        int r = store_q_step(s, err);
        if (r == 1) {
            id = store_col_int64(s, 0);
            ap->no = store_col_int64(s, 1);
            r = store_q_step(s, err);
        }
        if (r != 0)
            rc = r < 0 ? err->status : OUTLAY_EIO;
    }
    store_q_free(s);
    if (rc != OUTLAY_OK)
        return rc;
    return update_row(st,
                      "INSERT INTO approval_line(approval_id, " SNAPSHOT_COLUMNS ")"
                      " SELECT ?2, " SNAPSHOT_COLUMNS " FROM budget_line"
                      " WHERE activity_id = ?1 AND void = 0",
                      activity_id, id, NULL, NULL, err);
}

int outlay_store_approval_last(outlay_store *st, int64_t activity_id, struct outlay_approval *ap,
                               int *changed, outlay_err *err)
{
    store_q *s = NULL;
    /* The snapshot and the lines now, each EXCEPT the other: any row left
     * is a change (SQLite compares the integers and texts exactly). */
    enum outlay_status rc = store_q_prepare(
        st,
        "SELECT a.no, a.by_name, a.date, a.total,"
        " EXISTS (SELECT " SNAPSHOT_COLUMNS " FROM budget_line"
        "         WHERE activity_id = ?1 AND void = 0"
        "         EXCEPT SELECT " SNAPSHOT_COLUMNS " FROM approval_line WHERE approval_id = a.id)"
        " OR EXISTS (SELECT " SNAPSHOT_COLUMNS " FROM approval_line WHERE approval_id = a.id"
        "         EXCEPT SELECT " SNAPSHOT_COLUMNS " FROM budget_line"
        "         WHERE activity_id = ?1 AND void = 0)"
        " FROM approval a WHERE a.activity_id = ?1 ORDER BY a.no DESC LIMIT 1",
        &s, err);
    int found = 0;
    if (rc == OUTLAY_OK) {
        store_bind_int64(s, 1, activity_id);
        int r = store_q_step(s, err);
        if (r < 0)
            rc = err->status;
        if (r == 1) {
            const char *by = store_col_text(s, 1);
            const char *date = store_col_text(s, 2);
            found = 1;
            ap->no = store_col_int64(s, 0);
            snprintf(ap->by, sizeof ap->by, "%s", by ? by : "");
            snprintf(ap->date, sizeof ap->date, "%s", date ? date : "");
            ap->total = store_col_int64(s, 3);
            if (changed)
                *changed = store_col_int(s, 4);
        }
    }
    store_q_free(s);
    if (rc != OUTLAY_OK)
        return -1;
    return found;
}

/* --- expenses ----------------------------------------------------------- */

#define EXPENSE_SELECT                                                                             \
    "SELECT e.no, e.date, e.category, e.item, e.amount, e.payee, p.name, e.receipt,"               \
    " e.for_tag, e.funded_by, e.void, e.void_reason, e.kind, e.flags"                              \
    " FROM expense e LEFT JOIN participant p ON p.id = e.paid_by"

static const char exp_insert_sql[] =
    "INSERT INTO expense(activity_id, date, category, item, amount, payee, paid_by, receipt,"
    " for_tag, funded_by, no, kind, flags) VALUES(?,?,?,?,?,?,?,?,?,?,?,?12,?13)";
static const char exp_get_sql[] = EXPENSE_SELECT " WHERE e.activity_id=? AND e.no=?";

static void row_expense(store_q *s, struct outlay_expense *e)
{
    memset(e, 0, sizeof *e);
    e->id = store_col_int64(s, 0);
    e->date = store_col_text(s, 1);
    e->category = store_col_text(s, 2);
    e->item = store_col_text(s, 3);
    e->amount = store_col_int64(s, 4);
    e->payee = store_col_text(s, 5);
    e->paid_by = store_col_text(s, 6);
    e->receipt = store_col_text(s, 7);
    e->for_tag = store_col_text(s, 8);
    e->funded_by = outlay_funder_parse(store_col_text(s, 9)) == OUTLAY_FUND_UNION;
    e->is_void = store_col_int(s, 10);
    e->void_reason = store_col_text(s, 11);
    int k = outlay_kind_parse(store_col_text(s, 12));
    e->kind = k < 0 ? OUTLAY_KIND_OTHER : (enum outlay_kind)k;
    e->flags = (unsigned)store_col_int(s, 13);
}

/* Binds the fields of an expense to ?2..?10, its kind to ?12 and its flags
 * to ?13, in the order of exp_insert_sql. */
static void bind_expense(store_q *s, const struct outlay_expense *e, int64_t paid_by_id)
{
    store_bind_text_kept(s, 2, e->date);
    store_bind_str_kept(s, 3, e->category);
    store_bind_text_kept(s, 4, e->item);
    store_bind_int64(s, 5, e->amount);
    store_bind_text_kept(s, 6, e->payee);
    if (paid_by_id > 0)
        store_bind_int64(s, 7, paid_by_id);
    else
        store_bind_null(s, 7);
    store_bind_text_kept(s, 8, e->receipt);
    store_bind_text_kept(s, 9, e->for_tag);
    store_bind_str_kept(s, 10, outlay_funder_name(e->funded_by));
    store_bind_str_kept(s, 12, outlay_kind_name(e->kind));
    store_bind_int64(s, 13, (int)e->flags);
}

enum outlay_status outlay_store_expense_insert(outlay_store *st, int64_t activity_id,
                                               struct outlay_expense *e, int64_t paid_by_id,
                                               outlay_err *err)
{
    int64_t no = 0;
    if (store_next_no(st, OUTLAY_AMOUNTS_EXPENSES, activity_id, &no, err) != OUTLAY_OK)
        return err->status;
    /* PostgreSQL in bulk mode: the row goes to the import's COPY */
    int copied = store_pg_copy_begin(st, STORE_COPY_EXPENSE, err);
    if (copied < 0)
        return err->status;
    if (copied) {
        store_pg_copy_int(st, activity_id, 0);
        store_pg_copy_text(st, e->date, 0);
        store_pg_copy_str(st, e->category, 0);
        store_pg_copy_text(st, e->item, 0);
        store_pg_copy_int(st, e->amount, 0);
        store_pg_copy_text(st, e->payee, 0);
        if (paid_by_id > 0)
            store_pg_copy_int(st, paid_by_id, 0);
        else
            store_pg_copy_null(st, 0);
        store_pg_copy_text(st, e->receipt, 0);
        store_pg_copy_text(st, e->for_tag, 0);
        store_pg_copy_str(st, outlay_funder_name(e->funded_by), 0);
        store_pg_copy_int(st, no, 0);
        store_pg_copy_str(st, outlay_kind_name(e->kind), 0);
        store_pg_copy_int(st, (int64_t)e->flags, 1);
        if (store_pg_copy_row(st, err) != OUTLAY_OK)
            return err->status;
        e->id = no;
        store_took_no(st, OUTLAY_AMOUNTS_EXPENSES, activity_id, no, e->amount);
        return store_totals_add(st, activity_id, e, e->amount, 1, err);
    }
    store_q *s = store_stmt(st, S_EXP_INSERT, exp_insert_sql, err);
    if (!s)
        return err->status;
    store_bind_int64(s, 1, activity_id);
    bind_expense(s, e, paid_by_id);
    store_bind_int64(s, 11, no);
    enum outlay_status rc = store_step_done(st, s, err);
    if (rc != OUTLAY_OK)
        return rc;
    e->id = no;
    store_took_no(st, OUTLAY_AMOUNTS_EXPENSES, activity_id, no, e->amount);
    return store_totals_add(st, activity_id, e, e->amount, 1, err);
}

enum outlay_status outlay_store_expense_get(outlay_store *st, int64_t activity_id, int64_t id,
                                            struct outlay_expense *e, outlay_err *err)
{
    store_q *s = store_stmt(st, S_EXP_GET, exp_get_sql, err);
    if (!s)
        return err->status;
    store_bind_int64(s, 1, activity_id);
    store_bind_int64(s, 2, id);
    int r = store_q_step(s, err);
    if (r == 1) {
        row_expense(s, e);
        return OUTLAY_OK;
    }
    store_q_reset(s);
    if (r < 0)
        return err->status;
    return outlay_fail(err, OUTLAY_ENOTFOUND, OUTLAY_P_STORE_NO_EXPENSE, OUTLAY_A_INT(id));
}

/* What the maintained totals know of a non-void expense: its number,
 * category, tag, funder, kind, flags and amount, copied (free with share_release). */
struct share {
    struct outlay_expense e;
    char *category, *tag;
};

static void share_release(struct share *sh)
{
    free(sh->category);
    free(sh->tag);
}

static enum outlay_status share_load(outlay_store *st, int64_t activity_id, int64_t no,
                                     struct share *sh, outlay_err *err)
{
    struct outlay_expense e;
    memset(sh, 0, sizeof *sh);
    enum outlay_status rc = outlay_store_expense_get(st, activity_id, no, &e, err);
    if (rc != OUTLAY_OK)
        return rc;
    sh->category = strdup(e.category);
    sh->tag = e.for_tag ? strdup(e.for_tag) : NULL;
    sh->e = (struct outlay_expense){.id = no,
                                    .category = sh->category,
                                    .for_tag = sh->tag,
                                    .amount = e.amount,
                                    .funded_by = e.funded_by,
                                    .kind = e.kind,
                                    .flags = e.flags,
                                    .is_void = e.is_void};
    store_q_reset(st->stmts[S_EXP_GET]);
    if (!sh->category || (e.for_tag && !sh->tag)) {
        share_release(sh);
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    }
    return OUTLAY_OK;
}

enum outlay_status outlay_store_expense_void(outlay_store *st, int64_t activity_id, int64_t id,
                                             const char *reason, outlay_err *err)
{
    struct share gone;
    int changed = 0;
    enum outlay_status rc = share_load(st, activity_id, id, &gone, err);
    if (rc != OUTLAY_OK)
        return rc;
    rc = update_row(st,
                    "UPDATE expense SET void = 1, void_reason = ?3"
                    " WHERE activity_id = ?1 AND no = ?2 AND void = 0",
                    activity_id, id, reason, &changed, err);
    if (rc == OUTLAY_OK && changed)
        rc = store_totals_add(st, activity_id, &gone.e, -gone.e.amount, -1, err);
    share_release(&gone);
    return rc;
}

enum outlay_status outlay_store_expense_update(outlay_store *st, int64_t activity_id,
                                               const struct outlay_expense *e, int64_t paid_by_id,
                                               outlay_err *err)
{
    struct share old;
    enum outlay_status rc = share_load(st, activity_id, e->id, &old, err);
    if (rc != OUTLAY_OK)
        return rc;
    if (old.e.is_void) {
        share_release(&old);
        return outlay_fail(err, OUTLAY_ENOTFOUND, OUTLAY_P_STORE_NO_RECORD,
                           OUTLAY_A_TEXT("expense"), OUTLAY_A_INT(e->id));
    }
    store_q *s = NULL;
    rc = store_q_prepare(st,
                         "UPDATE expense SET date = ?2, category = ?3, item = ?4,"
                         " amount = ?5, payee = ?6, paid_by = ?7, receipt = ?8,"
                         " for_tag = ?9, funded_by = ?10, kind = ?12, flags = ?13"
                         " WHERE activity_id = ?1 AND no = ?11 AND void = 0",
                         &s, err);
    if (rc == OUTLAY_OK) {
        store_bind_int64(s, 1, activity_id);
        bind_expense(s, e, paid_by_id);
        store_bind_int64(s, 11, e->id);
        rc = store_q_done(s, err);
    }
    store_q_free(s);
    /* Out of its old groups, into its new ones (the same, often). */
    if (rc != OUTLAY_OK)
        ;
    else if ((rc = store_totals_add(st, activity_id, &old.e, -old.e.amount, -1, err)) == OUTLAY_OK)
        rc = store_totals_add(st, activity_id, e, e->amount, 1, err);
    share_release(&old);
    return rc;
}

enum outlay_status outlay_store_void(outlay_store *st, enum outlay_amounts kind,
                                     int64_t activity_id, int64_t no, const char *reason,
                                     outlay_err *err)
{
    static const char *const sql[OUTLAY_AMOUNTS_KINDS] = {
        [OUTLAY_AMOUNTS_BUDGET] = "UPDATE budget_line SET void = 1, void_reason = ?3"
                                  " WHERE activity_id = ?1 AND no = ?2 AND void = 0",
        [OUTLAY_AMOUNTS_DEPOSITS] = "UPDATE deposit SET void = 1, void_reason = ?3"
                                    " WHERE activity_id = ?1 AND no = ?2 AND void = 0",
        [OUTLAY_AMOUNTS_PAYOUTS] = "UPDATE payout SET void = 1, void_reason = ?3"
                                   " WHERE activity_id = ?1 AND no = ?2 AND void = 0",
    };
    int changed = 0;
    if (kind == OUTLAY_AMOUNTS_EXPENSES)
        return outlay_store_expense_void(st, activity_id, no, reason, err);
    if ((unsigned)kind >= OUTLAY_AMOUNTS_KINDS)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_INTERNAL_KIND, OUTLAY_A_TEXT("record"),
                           OUTLAY_A_INT(kind));
    enum outlay_status rc = update_row(st, sql[kind], activity_id, no, reason, &changed, err);
    if (rc == OUTLAY_OK && !changed)
        rc = outlay_fail(err, OUTLAY_ENOTFOUND, OUTLAY_P_STORE_NO_RECORD,
                         OUTLAY_A_TEXT(numbered_tables[kind]), OUTLAY_A_INT(no));
    return rc;
}

enum outlay_status outlay_store_expenses(outlay_store *st, int64_t activity_id,
                                         outlay_expense_cursor **c, outlay_err *err)
{
    void *cur;
    enum outlay_status rc =
        store_cursor_new(st, sizeof **c, EXPENSE_SELECT " WHERE e.activity_id = ? ORDER BY e.no",
                         activity_id, NULL, &cur, err);
    *c = cur;
    return rc;
}

enum outlay_status outlay_store_expenses_page(outlay_store *st, int64_t activity_id, int64_t after,
                                              int64_t count, outlay_expense_cursor **c,
                                              outlay_err *err)
{
    void *cur;
    /* Expenses are numbered 1, 2, 3... within their activity (SPEC §11),
     * void ones keeping theirs: a page is a range of numbers, read on the
     * (activity_id, no) key without passing over the rows before it. */
    enum outlay_status rc = store_cursor_new(
        st, sizeof **c,
        EXPENSE_SELECT " WHERE e.activity_id = ?1 AND e.no > ?3 ORDER BY e.no LIMIT ?4",
        activity_id, NULL, &cur, err);
    *c = cur;
    if (rc == OUTLAY_OK) {
        store_bind_int64((*c)->c.stmt, 3, after);
        store_bind_int64((*c)->c.stmt, 4, count);
    }
    return rc;
}

enum outlay_status outlay_store_expenses_flagged(outlay_store *st, int64_t activity_id,
                                                 outlay_expense_cursor **c, outlay_err *err)
{
    void *cur;
    /* the partial index expense_flagged holds these rows only */
    enum outlay_status rc = store_cursor_new(
        st, sizeof **c,
        EXPENSE_SELECT " WHERE e.activity_id = ? AND e.flags != 0 AND e.void = 0 ORDER BY e.no",
        activity_id, NULL, &cur, err);
    *c = cur;
    return rc;
}

enum outlay_status outlay_store_expense_flags(outlay_store *st, int64_t activity_id,
                                              const struct outlay_expense *e, unsigned flags,
                                              outlay_err *err)
{
    store_q *s = store_stmt(
        st, S_EXP_FLAGS, "UPDATE expense SET flags = ?3 WHERE activity_id = ?1 AND no = ?2", err);
    if (!s)
        return err->status;
    store_bind_int64(s, 1, activity_id);
    store_bind_int64(s, 2, e->id);
    store_bind_int64(s, 3, (int)flags);
    enum outlay_status rc = store_step_done(st, s, err);
    if (rc == OUTLAY_OK && !e->is_void && !e->flags != !flags)
        rc = store_totals_flagged(st, activity_id, e->kind, flags ? 1 : -1, err);
    return rc;
}

enum outlay_status outlay_store_activity_flags_ok(outlay_store *st, int64_t activity_id, int ok,
                                                  outlay_err *err)
{
    store_q *s =
        store_stmt(st, S_ACT_FLAGS_OK, "UPDATE activity SET flags_ok = ?2 WHERE id = ?1", err);
    if (!s)
        return err->status;
    store_bind_int64(s, 1, activity_id);
    store_bind_int64(s, 2, ok);
    return store_step_done(st, s, err);
}

int outlay_expense_cursor_next(outlay_expense_cursor *c, struct outlay_expense *e, outlay_err *err)
{
    int r = store_cursor_step(&c->c, err);
    if (r == 1)
        row_expense(c->c.stmt, e);
    return r;
}

/* --- audit log ---------------------------------------------------------- */

static const char audit_insert_sql[] =
    "INSERT INTO audit(at, command, activity, detail, who) VALUES(?,?,?,?,?)";

enum outlay_status outlay_store_audit_last(outlay_store *st, int64_t *id, outlay_err *err)
{
    store_q *s = NULL;
    enum outlay_status rc = store_q_prepare(st, "SELECT coalesce(max(id), 0) FROM audit", &s, err);
    if (rc == OUTLAY_OK) {
        int r = store_q_step(s, err);
        if (r == 1)
            *id = store_col_int64(s, 0);
        else
            rc = r < 0 ? err->status : OUTLAY_EIO;
    }
    store_q_free(s);
    return rc;
}

enum outlay_status outlay_store_audit(outlay_store *st, const char *command, const char *slug,
                                      const char *detail, outlay_err *err)
{
    if (store_touch(st, slug, err) != OUTLAY_OK)
        return err->status;
    store_q *s = store_stmt(st, S_AUDIT, audit_insert_sql, err);
    if (!s)
        return err->status;
    char at[32];
    store_now(at);
    store_bind_str(s, 1, at);
    store_bind_str(s, 2, command);
    store_bind_text(s, 3, slug);
    store_bind_str(s, 4, detail ? detail : "");
    store_bind_str(s, 5, st->who ? st->who : "");
    return store_step_done(st, s, err);
}

enum outlay_status outlay_store_audit_list(outlay_store *st, const char *slug,
                                           outlay_audit_cursor **c, outlay_err *err)
{
    void *cur;
    enum outlay_status rc = store_cursor_new(st, sizeof **c,
                                             "SELECT at, who, command, activity, detail FROM audit"
                                             " WHERE ?1 = 0 OR activity = ?2 ORDER BY id",
                                             slug != NULL, slug, &cur, err);
    *c = cur;
    return rc;
}

int outlay_audit_cursor_next(outlay_audit_cursor *c, const char **at, const char **who,
                             const char **command, const char **slug, const char **detail,
                             outlay_err *err)
{
    int r = store_cursor_step(&c->c, err);
    if (r == 1) {
        store_q *s = c->c.stmt;
        *at = store_col_text(s, 0);
        *who = store_col_text(s, 1);
        *command = store_col_text(s, 2);
        *slug = store_col_text(s, 3);
        *detail = store_col_text(s, 4);
    }
    return r;
}
