/*
 * store_rows: the records of a ledger (records.h) as rows: how each struct
 * maps to its table's columns, their inserts, updates and gets, the listing
 * cursors (one type per kind of row, store.h), and the audit log. An
 * expense written or voided also moves the maintained totals
 * (store_totals.c) in the same transaction.
 */
#include <stdlib.h>
#include <string.h>

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

/* --- activities --------------------------------------------------------- */

#define ACTIVITY_COLUMNS                                                                           \
    "id, slug, title, date, end_date, venue, organizer, currency, deposit, headcount,"             \
    " budget_total, subsidy_per_head, funded_by, closed"

static const char act_insert_sql[] =
    "INSERT INTO activity(slug, title, date, end_date, venue, organizer, currency, deposit,"
    " headcount, budget_total, subsidy_per_head, funded_by, closed, created_at)"
    " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
static const char act_update_sql[] =
    "UPDATE activity SET slug=?, title=?, date=?, end_date=?, venue=?, organizer=?, currency=?,"
    " deposit=?, headcount=?, budget_total=?, subsidy_per_head=?, funded_by=?, closed=?"
    " WHERE id=?";
static const char act_get_sql[] = "SELECT " ACTIVITY_COLUMNS " FROM activity WHERE slug = ?";

static void bind_activity(sqlite3_stmt *s, const struct outlay_activity *a)
{
    sqlite3_bind_text(s, 1, a->slug, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, a->title, -1, SQLITE_STATIC);
    store_bind_text(s, 3, a->date);
    store_bind_text(s, 4, a->end_date);
    store_bind_text(s, 5, a->venue);
    store_bind_text(s, 6, a->organizer);
    sqlite3_bind_text(s, 7, a->currency && *a->currency ? a->currency : "CNY", -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 8, a->deposit);
    sqlite3_bind_int64(s, 9, a->headcount);
    if (a->has_budget_total)
        sqlite3_bind_int64(s, 10, a->budget_total);
    else
        sqlite3_bind_null(s, 10);
    sqlite3_bind_int64(s, 11, a->subsidy_per_head);
    sqlite3_bind_text(s, 12, outlay_funder_name(a->funded_by), -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 13, a->closed);
}

enum outlay_status outlay_store_activity_insert(outlay_store *st, struct outlay_activity *a,
                                                outlay_err *err)
{
    sqlite3_stmt *s = store_stmt(st, S_ACT_INSERT, act_insert_sql, err);
    if (!s)
        return err->status;
    bind_activity(s, a);
    char at[32];
    store_now(at);
    sqlite3_bind_text(s, 14, at, -1, SQLITE_TRANSIENT);
    enum outlay_status rc = store_step_done(st, s, err);
    if (rc == OUTLAY_OK)
        a->id = sqlite3_last_insert_rowid(st->db);
    return rc;
}

enum outlay_status outlay_store_activity_update(outlay_store *st, const struct outlay_activity *a,
                                                outlay_err *err)
{
    sqlite3_stmt *s = store_stmt(st, S_ACT_UPDATE, act_update_sql, err);
    if (!s)
        return err->status;
    bind_activity(s, a);
    sqlite3_bind_int64(s, 14, a->id);
    return store_step_done(st, s, err);
}

static void row_activity(sqlite3_stmt *s, struct outlay_activity *a)
{
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(s, 0);
    a->slug = store_col_text(s, 1);
    a->title = store_col_text(s, 2);
    a->date = store_col_text(s, 3);
    a->end_date = store_col_text(s, 4);
    a->venue = store_col_text(s, 5);
    a->organizer = store_col_text(s, 6);
    a->currency = store_col_text(s, 7);
    a->deposit = sqlite3_column_int64(s, 8);
    a->headcount = sqlite3_column_int64(s, 9);
    a->has_budget_total = sqlite3_column_type(s, 10) != SQLITE_NULL;
    a->budget_total = sqlite3_column_int64(s, 10);
    a->subsidy_per_head = sqlite3_column_int64(s, 11);
    a->funded_by = outlay_funder_parse(store_col_text(s, 12)) == OUTLAY_FUND_UNION
                       ? OUTLAY_FUND_UNION
                       : OUTLAY_FUND_PARTICIPANTS;
    a->closed = sqlite3_column_int(s, 13);
}

enum outlay_status outlay_store_activity_get(outlay_store *st, const char *slug,
                                             struct outlay_activity *a, outlay_err *err)
{
    sqlite3_stmt *s = store_stmt(st, S_ACT_GET, act_get_sql, err);
    if (!s)
        return err->status;
    sqlite3_bind_text(s, 1, slug, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        row_activity(s, a);
        /* Copy the strings: a record that outlives the statement must not
         * point into it (free with outlay_activity_release). */
        char **f[] = {&a->slug,  &a->title,     &a->date,    &a->end_date,
                      &a->venue, &a->organizer, &a->currency};
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
        sqlite3_reset(s);
        if (!buf)
            return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
        a->owned = buf;
        return OUTLAY_OK;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return store_db_error(st, rc, err);
    return outlay_fail(err, OUTLAY_ENOTFOUND, OUTLAY_P_STORE_NO_ACTIVITY, OUTLAY_A_TEXT(slug));
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
        row_activity(c->c.stmt, a);
    return r;
}

/* --- budget lines ------------------------------------------------------- */

static const char line_insert_sql[] =
    "INSERT INTO budget_line(activity_id, category, item, unit_price, qty, amount, per_head,"
    " unit, note, funded_by) VALUES(?,?,?,?,?,?,?,?,?,?)";

enum outlay_status outlay_store_line_insert(outlay_store *st, int64_t activity_id,
                                            struct outlay_budget_line *l, outlay_err *err)
{
    sqlite3_stmt *s = store_stmt(st, S_LINE_INSERT, line_insert_sql, err);
    if (!s)
        return err->status;
    sqlite3_bind_int64(s, 1, activity_id);
    sqlite3_bind_text(s, 2, l->category, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, l->item, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, l->unit_price);
    sqlite3_bind_int64(s, 5, l->qty);
    sqlite3_bind_int64(s, 6, l->amount);
    sqlite3_bind_int(s, 7, l->per_head);
    store_bind_text(s, 8, l->unit);
    store_bind_text(s, 9, l->note);
    sqlite3_bind_text(s, 10, outlay_funder_name(l->funded_by), -1, SQLITE_STATIC);
    enum outlay_status rc = store_step_done(st, s, err);
    if (rc == OUTLAY_OK)
        l->id = sqlite3_last_insert_rowid(st->db);
    return rc;
}

enum outlay_status outlay_store_lines_set_headcount(outlay_store *st, int64_t activity_id,
                                                    int64_t headcount, outlay_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db,
                                "UPDATE budget_line SET qty = ?2, amount = unit_price * ?2"
                                " WHERE activity_id = ?1 AND per_head = 1",
                                -1, &s, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, activity_id);
        sqlite3_bind_int64(s, 2, headcount);
        rc = sqlite3_step(s);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? OUTLAY_OK : store_db_error(st, rc, err);
}

enum outlay_status outlay_store_lines(outlay_store *st, int64_t activity_id, outlay_line_cursor **c,
                                      outlay_err *err)
{
    void *cur;
    enum outlay_status rc =
        store_cursor_new(st, sizeof **c,
                         "SELECT id, category, item, unit_price, qty, amount, per_head, unit,"
                         " note, funded_by FROM budget_line WHERE activity_id = ? ORDER BY id",
                         activity_id, NULL, &cur, err);
    *c = cur;
    return rc;
}

int outlay_line_cursor_next(outlay_line_cursor *c, struct outlay_budget_line *l, outlay_err *err)
{
    int r = store_cursor_step(&c->c, err);
    if (r != 1)
        return r;
    sqlite3_stmt *s = c->c.stmt;
    memset(l, 0, sizeof *l);
    l->id = sqlite3_column_int64(s, 0);
    l->category = store_col_text(s, 1);
    l->item = store_col_text(s, 2);
    l->unit_price = sqlite3_column_int64(s, 3);
    l->qty = sqlite3_column_int64(s, 4);
    l->amount = sqlite3_column_int64(s, 5);
    l->per_head = sqlite3_column_int(s, 6);
    l->unit = store_col_text(s, 7);
    l->note = store_col_text(s, 8);
    l->funded_by = outlay_funder_parse(store_col_text(s, 9)) == OUTLAY_FUND_UNION
                       ? OUTLAY_FUND_UNION
                       : OUTLAY_FUND_PARTICIPANTS;
    return 1;
}

/* --- participants ------------------------------------------------------- */

#define PARTICIPANT_COLUMNS "id, name, dept, tags, weight, withdrawn"

static const char part_insert_sql[] =
    "INSERT INTO participant(activity_id, name, dept, tags, weight, withdrawn)"
    " VALUES(?,?,?,?,?,?)";
static const char part_update_sql[] =
    "UPDATE participant SET dept=?, tags=?, weight=?, withdrawn=? WHERE id=?";
/* By key (participant_key), the exact name first (SPEC §11). */
static const char part_get_sql[] =
    "SELECT " PARTICIPANT_COLUMNS " FROM participant"
    " WHERE activity_id=?1 AND name_key=outlay_name_key(?2) ORDER BY name=?2 DESC, id LIMIT 1";

enum outlay_status outlay_store_participant_insert(outlay_store *st, int64_t activity_id,
                                                   struct outlay_participant *p, outlay_err *err)
{
    sqlite3_stmt *s = store_stmt(st, S_PART_INSERT, part_insert_sql, err);
    if (!s)
        return err->status;
    sqlite3_bind_int64(s, 1, activity_id);
    sqlite3_bind_text(s, 2, p->name, -1, SQLITE_STATIC);
    store_bind_text(s, 3, p->dept);
    sqlite3_bind_text(s, 4, p->tags ? p->tags : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 5, p->weight);
    sqlite3_bind_int(s, 6, p->withdrawn);
    enum outlay_status rc = store_step_done(st, s, err);
    if (rc == OUTLAY_OK)
        p->id = sqlite3_last_insert_rowid(st->db);
    return rc;
}

enum outlay_status outlay_store_participant_update(outlay_store *st,
                                                   const struct outlay_participant *p,
                                                   outlay_err *err)
{
    sqlite3_stmt *s = store_stmt(st, S_PART_UPDATE, part_update_sql, err);
    if (!s)
        return err->status;
    store_bind_text(s, 1, p->dept);
    sqlite3_bind_text(s, 2, p->tags ? p->tags : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, p->weight);
    sqlite3_bind_int(s, 4, p->withdrawn);
    sqlite3_bind_int64(s, 5, p->id);
    return store_step_done(st, s, err);
}

static void row_participant(sqlite3_stmt *s, struct outlay_participant *p)
{
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(s, 0);
    p->name = store_col_text(s, 1);
    p->dept = store_col_text(s, 2);
    p->tags = store_col_text(s, 3);
    p->weight = sqlite3_column_int64(s, 4);
    p->withdrawn = sqlite3_column_int(s, 5);
}

enum outlay_status outlay_store_participant_get(outlay_store *st, int64_t activity_id,
                                                const char *name, struct outlay_participant *p,
                                                outlay_err *err)
{
    sqlite3_stmt *s = store_stmt(st, S_PART_GET, part_get_sql, err);
    if (!s)
        return err->status;
    sqlite3_bind_int64(s, 1, activity_id);
    sqlite3_bind_text(s, 2, name, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        row_participant(s, p);
        return OUTLAY_OK;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return store_db_error(st, rc, err);
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

static const char deposit_insert_sql[] =
    "INSERT INTO deposit(activity_id, participant_id, amount, date, method) VALUES(?,?,?,?,?)";
static const char payout_insert_sql[] =
    "INSERT INTO payout(activity_id, participant_id, amount, date, method) VALUES(?,?,?,?,?)";

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
    sqlite3_stmt *s = kind == OUTLAY_DEPOSIT
                          ? store_stmt(st, S_DEPOSIT_INSERT, deposit_insert_sql, err)
                          : store_stmt(st, S_PAYOUT_INSERT, payout_insert_sql, err);
    if (!s)
        return err->status;
    sqlite3_bind_int64(s, 1, activity_id);
    sqlite3_bind_int64(s, 2, participant_id);
    sqlite3_bind_int64(s, 3, p->amount);
    store_bind_text(s, 4, p->date);
    store_bind_text(s, 5, p->method);
    enum outlay_status rc = store_step_done(st, s, err);
    if (rc == OUTLAY_OK)
        p->id = sqlite3_last_insert_rowid(st->db);
    return rc;
}

enum outlay_status outlay_store_payments(outlay_store *st, enum outlay_payment_kind kind,
                                         int64_t activity_id, outlay_payment_cursor **c,
                                         outlay_err *err)
{
    static const char *const sql[] = {
        [OUTLAY_DEPOSIT] = "SELECT d.id, p.name, d.amount, d.date, d.method FROM deposit d"
                           " JOIN participant p ON p.id = d.participant_id"
                           " WHERE d.activity_id = ? ORDER BY d.id",
        [OUTLAY_PAYOUT] = "SELECT d.id, p.name, d.amount, d.date, d.method FROM payout d"
                          " JOIN participant p ON p.id = d.participant_id"
                          " WHERE d.activity_id = ? ORDER BY d.id",
    };
    void *cur = NULL;
    enum outlay_status rc =
        kind == OUTLAY_DEPOSIT || kind == OUTLAY_PAYOUT
            ? store_cursor_new(st, sizeof **c, sql[kind], activity_id, NULL, &cur, err)
            : bad_payment_kind(kind, err);
    *c = cur;
    return rc;
}

int outlay_payment_cursor_next(outlay_payment_cursor *c, struct outlay_payment *p, outlay_err *err)
{
    int r = store_cursor_step(&c->c, err);
    if (r != 1)
        return r;
    sqlite3_stmt *s = c->c.stmt;
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(s, 0);
    p->name = store_col_text(s, 1);
    p->amount = sqlite3_column_int64(s, 2);
    p->date = store_col_text(s, 3);
    p->method = store_col_text(s, 4);
    return 1;
}

/* --- expenses ----------------------------------------------------------- */

#define EXPENSE_SELECT                                                                             \
    "SELECT e.id, e.date, e.category, e.item, e.amount, e.payee, p.name, e.receipt,"               \
    " e.for_tag, e.funded_by, e.void, e.void_reason"                                               \
    " FROM expense e LEFT JOIN participant p ON p.id = e.paid_by"

static const char exp_insert_sql[] =
    "INSERT INTO expense(activity_id, date, category, item, amount, payee, paid_by, receipt,"
    " for_tag, funded_by) VALUES(?,?,?,?,?,?,?,?,?,?)";
static const char exp_get_sql[] = EXPENSE_SELECT " WHERE e.activity_id=? AND e.id=?";

static void row_expense(sqlite3_stmt *s, struct outlay_expense *e)
{
    memset(e, 0, sizeof *e);
    e->id = sqlite3_column_int64(s, 0);
    e->date = store_col_text(s, 1);
    e->category = store_col_text(s, 2);
    e->item = store_col_text(s, 3);
    e->amount = sqlite3_column_int64(s, 4);
    e->payee = store_col_text(s, 5);
    e->paid_by = store_col_text(s, 6);
    e->receipt = store_col_text(s, 7);
    e->for_tag = store_col_text(s, 8);
    e->funded_by = outlay_funder_parse(store_col_text(s, 9)) == OUTLAY_FUND_UNION;
    e->is_void = sqlite3_column_int(s, 10);
    e->void_reason = store_col_text(s, 11);
}

enum outlay_status outlay_store_expense_insert(outlay_store *st, int64_t activity_id,
                                               struct outlay_expense *e, int64_t paid_by_id,
                                               outlay_err *err)
{
    sqlite3_stmt *s = store_stmt(st, S_EXP_INSERT, exp_insert_sql, err);
    if (!s)
        return err->status;
    sqlite3_bind_int64(s, 1, activity_id);
    store_bind_text(s, 2, e->date);
    sqlite3_bind_text(s, 3, e->category, -1, SQLITE_STATIC);
    store_bind_text(s, 4, e->item);
    sqlite3_bind_int64(s, 5, e->amount);
    store_bind_text(s, 6, e->payee);
    if (paid_by_id > 0)
        sqlite3_bind_int64(s, 7, paid_by_id);
    else
        sqlite3_bind_null(s, 7);
    store_bind_text(s, 8, e->receipt);
    store_bind_text(s, 9, e->for_tag);
    sqlite3_bind_text(s, 10, outlay_funder_name(e->funded_by), -1, SQLITE_STATIC);
    enum outlay_status rc = store_step_done(st, s, err);
    if (rc != OUTLAY_OK)
        return rc;
    e->id = sqlite3_last_insert_rowid(st->db);
    return store_totals_add(st, activity_id, e, e->amount, 1, err);
}

enum outlay_status outlay_store_expense_get(outlay_store *st, int64_t activity_id, int64_t id,
                                            struct outlay_expense *e, outlay_err *err)
{
    sqlite3_stmt *s = store_stmt(st, S_EXP_GET, exp_get_sql, err);
    if (!s)
        return err->status;
    sqlite3_bind_int64(s, 1, activity_id);
    sqlite3_bind_int64(s, 2, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        row_expense(s, e);
        return OUTLAY_OK;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return store_db_error(st, rc, err);
    return outlay_fail(err, OUTLAY_ENOTFOUND, OUTLAY_P_STORE_NO_EXPENSE, OUTLAY_A_INT(id));
}

enum outlay_status outlay_store_expense_void(outlay_store *st, int64_t activity_id, int64_t id,
                                             const char *reason, outlay_err *err)
{
    struct outlay_expense e;
    enum outlay_status rc = outlay_store_expense_get(st, activity_id, id, &e, err);
    if (rc != OUTLAY_OK)
        return rc;
    char *category = strdup(e.category), *tag = e.for_tag ? strdup(e.for_tag) : NULL;
    struct outlay_expense gone = {
        .id = id, .category = category, .for_tag = tag, .funded_by = e.funded_by};
    int64_t amount = e.amount;
    sqlite3_reset(st->stmts[S_EXP_GET]);
    if (!category || (e.for_tag && !tag)) {
        free(category);
        free(tag);
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    }
    sqlite3_stmt *s = NULL;
    int src = sqlite3_prepare_v2(st->db,
                                 "UPDATE expense SET void = 1, void_reason = ?"
                                 " WHERE id = ? AND void = 0",
                                 -1, &s, NULL);
    if (src == SQLITE_OK) {
        sqlite3_bind_text(s, 1, reason, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 2, id);
        src = sqlite3_step(s);
    }
    sqlite3_finalize(s);
    if (src != SQLITE_DONE)
        rc = store_db_error(st, src, err);
    else
        rc = store_totals_add(st, activity_id, &gone, -amount, -1, err);
    free(category);
    free(tag);
    return rc;
}

enum outlay_status outlay_store_expenses(outlay_store *st, int64_t activity_id,
                                         outlay_expense_cursor **c, outlay_err *err)
{
    void *cur;
    enum outlay_status rc =
        store_cursor_new(st, sizeof **c, EXPENSE_SELECT " WHERE e.activity_id = ? ORDER BY e.id",
                         activity_id, NULL, &cur, err);
    *c = cur;
    return rc;
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

enum outlay_status outlay_store_audit(outlay_store *st, const char *command, const char *slug,
                                      const char *detail, outlay_err *err)
{
    sqlite3_stmt *s = store_stmt(st, S_AUDIT, audit_insert_sql, err);
    if (!s)
        return err->status;
    char at[32];
    store_now(at);
    sqlite3_bind_text(s, 1, at, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, command, -1, SQLITE_STATIC);
    store_bind_text(s, 3, slug);
    sqlite3_bind_text(s, 4, detail ? detail : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, st->who ? st->who : "", -1, SQLITE_STATIC);
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
        sqlite3_stmt *s = c->c.stmt;
        *at = store_col_text(s, 0);
        *who = store_col_text(s, 1);
        *command = store_col_text(s, 2);
        *slug = store_col_text(s, 3);
        *detail = store_col_text(s, 4);
    }
    return r;
}
