/*
 * store_totals: the totals the store keeps current with every expense
 * written or voided, so that reports (SPEC §7, category_total) and
 * settlement (SPEC §6 groups, group_total) read a handful of rows instead of
 * every expense; and bulk mode, in which an import sums them in memory and
 * writes each once at the end. store_schema.c's integrity check recounts
 * them; store_sums.c reads them.
 *
 * Only totals_write() and the page-cache pragmas speak SQL: the summing is
 * the backend's business no more than the rules are.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "store_internal.h"

/* The three tables of maintained totals. */
enum total_table {
    TOTAL_CATEGORY, /* category_total: per (activity, category) */
    TOTAL_GROUP,    /* group_total: per (activity, tag, funder) */
    TOTAL_KIND,     /* kind_total: per (activity, kind), with the flagged count */
};

/* SPEC §7 report: per-category totals kept current with every write, so a
 * report never scans the expenses. The schema's typeof() CHECK turns
 * SQLite's silent integer-to-real overflow into an error. */
static const char cat_add_sql[] =
    "INSERT INTO category_total(activity_id, category, actual, n, first_id)"
    " VALUES(?1,?2,?3,?4,?5) ON CONFLICT(activity_id, category) DO UPDATE"
    " SET actual = category_total.actual + excluded.actual, n = category_total.n + excluded.n";

/* SPEC §6 groups ("all" is tag ''), kept current the same way, so settling
 * reads a handful of group totals instead of every expense. */
static const char group_add_sql[] =
    "INSERT INTO group_total(activity_id, for_tag, funded_by, amount, n, first_id)"
    " VALUES(?1, coalesce(?2, ''), ?3, ?4, ?5, ?6)"
    " ON CONFLICT(activity_id, for_tag, funded_by) DO UPDATE"
    " SET amount = group_total.amount + excluded.amount, n = group_total.n + excluded.n";

/* SPEC §14: per kind (meals spent against their cap), with how many of
 * them the activity's rules flag (OUTLAY_EXPENSE_BANNED_*), so that a check
 * reads the flagged expenses only when there are some. */
static const char kind_add_sql[] =
    "INSERT INTO kind_total(activity_id, kind, amount, n, flagged) VALUES(?1,?2,?3,?4,?5)"
    " ON CONFLICT(activity_id, kind) DO UPDATE SET amount = kind_total.amount + excluded.amount,"
    " n = kind_total.n + excluded.n, flagged = kind_total.flagged + excluded.flagged";

/* One upsert into category_total (key: category), group_total (key: tag
 * and funder) or kind_total (key: the kind's name in category; first_id
 * is then the number of flagged expenses). */
static enum outlay_status totals_write(outlay_store *st, int64_t activity_id,
                                       enum total_table table, const char *category,
                                       const char *tag, const char *funder, int64_t amount,
                                       int64_t n, int64_t first_id, outlay_err *err)
{
    store_q *s = table == TOTAL_GROUP  ? store_stmt(st, S_GROUP_ADD, group_add_sql, err)
                 : table == TOTAL_KIND ? store_stmt(st, S_KIND_ADD, kind_add_sql, err)
                                       : store_stmt(st, S_CAT_ADD, cat_add_sql, err);
    if (!s)
        return err->status;
    store_bind_int64(s, 1, activity_id);
    if (table == TOTAL_KIND) {
        store_bind_str_kept(s, 2, category);
        store_bind_int64(s, 3, amount);
        store_bind_int64(s, 4, n);
        store_bind_int64(s, 5, first_id);
    } else if (table == TOTAL_GROUP) {
        store_bind_text_kept(s, 2, tag);
        store_bind_str_kept(s, 3, funder);
        store_bind_int64(s, 4, amount);
        store_bind_int64(s, 5, n);
        store_bind_int64(s, 6, first_id);
    } else {
        store_bind_str_kept(s, 2, category);
        store_bind_int64(s, 3, amount);
        store_bind_int64(s, 4, n);
        store_bind_int64(s, 5, first_id);
    }
    return store_step_done(st, s, err);
}

/* --- bulk mode ---------------------------------------------------------- */

/* A pending addition to one total. */
struct store_pending {
    int64_t activity_id, n, first_id; /* first_id: flagged, for TOTAL_KIND */
    __int128 amount;                  /* cannot overflow: checked against int64 when written */
    char *key;                        /* category, or for_tag '\x1f' funded_by */
    enum total_table table;
};

static uint64_t hash_key(int64_t activity_id, enum total_table table, const char *key)
{
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)activity_id ^ ((uint64_t)table << 61);
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return h;
}

static int pending_grow(struct store_bulk *b)
{
    size_t cap = b->cap ? b->cap * 2 : 64;
    struct store_pending *v = calloc(cap, sizeof *v);
    if (!v)
        return -1;
    for (size_t i = 0; i < b->cap; i++) {
        struct store_pending *p = &b->pend[i];
        if (!p->key)
            continue;
        size_t j = hash_key(p->activity_id, p->table, p->key) & (cap - 1);
        while (v[j].key)
            j = (j + 1) & (cap - 1);
        v[j] = *p;
    }
    free(b->pend);
    b->pend = v;
    b->cap = cap;
    return 0;
}

/* Sums one addition into the pending totals. */
static enum outlay_status pending_add(struct store_bulk *b, int64_t activity_id,
                                      enum total_table table, const char *key, int64_t amount,
                                      int64_t n, int64_t first_id, outlay_err *err)
{
    if ((b->npend + 1) * 2 > b->cap && pending_grow(b) != 0)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    size_t j = hash_key(activity_id, table, key) & (b->cap - 1);
    struct store_pending *p;
    while ((p = &b->pend[j])->key &&
           !(p->activity_id == activity_id && p->table == table && !strcmp(p->key, key)))
        j = (j + 1) & (b->cap - 1);
    if (!p->key) {
        if (!(p->key = strdup(key)))
            return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
        p->activity_id = activity_id;
        p->table = table;
        p->first_id = table == TOTAL_KIND ? 0 : first_id;
        b->npend++;
    }
    if (table == TOTAL_KIND)
        p->first_id += first_id; /* the flagged count, summed */
    /* No error here: the importer checks the activity's limit once at the
     * end (ledger.h), which keeps every total in range; a row-by-row error
     * would name the row where a running sum happened to leave int64. */
    p->amount += amount;
    p->n += n;
    return OUTLAY_OK;
}

void store_totals_release(outlay_store *st)
{
    struct store_bulk *b = &st->bulk;
    for (size_t i = 0; i < b->cap; i++)
        free(b->pend[i].key);
    free(b->pend);
    b->pend = NULL;
    b->npend = b->cap = 0;
}

/* Writes every pending total (OUTLAY_EOVERFLOW for the first that leaves
 * int64_t, and none after it) and empties the table. */
static enum outlay_status pending_write(outlay_store *st, outlay_err *err)
{
    struct store_bulk *b = &st->bulk;
    enum outlay_status rc = OUTLAY_OK;
    for (size_t i = 0; i < b->cap && rc == OUTLAY_OK; i++) {
        struct store_pending *p = &b->pend[i];
        if (!p->key)
            continue;
        if (p->amount > INT64_MAX || p->amount < INT64_MIN) {
            rc = outlay_fail(err, OUTLAY_EOVERFLOW, OUTLAY_P_STORE_TOTAL_RANGE,
                             OUTLAY_A_TEXT(st->path));
        } else if (p->table == TOTAL_GROUP) {
            char *sep = strchr(p->key, '\x1f'); /* as store_totals_add made it */
            assert(sep);
            *sep = 0;
            rc = totals_write(st, p->activity_id, TOTAL_GROUP, NULL, p->key, sep + 1,
                              (int64_t)p->amount, p->n, p->first_id, err);
        } else {
            rc = totals_write(st, p->activity_id, p->table, p->key, NULL, NULL, (int64_t)p->amount,
                              p->n, p->first_id, err);
        }
    }
    store_totals_release(st);
    return rc;
}

enum outlay_status outlay_store_bulk(outlay_store *st, int on, outlay_err *err)
{
    /* A 16 MiB page cache keeps a million-row import's index pages in
     * memory (SQLite's default is 2 MiB); other commands keep the default. */
    /* The numbers counted in memory hold only while bulk mode lasts. */
    memset(st->bulk.last_no, 0, sizeof st->bulk.last_no);
    memset(st->bulk.added_n, 0, sizeof st->bulk.added_n);
    memset(st->bulk.added_magnitude, 0, sizeof st->bulk.added_magnitude);
    if (on) {
        st->bulk.on = 1;
        return st->backend == STORE_PG ? OUTLAY_OK
                                       : store_exec(st, "PRAGMA cache_size=-16384", err);
    }
    st->bulk.on = 0;
    store_people_forget(st);
    /* PostgreSQL: the import's rows waiting to be sent go first */
    if (store_pg_copy_end(st, err) != OUTLAY_OK)
        return err->status;
    if (st->backend == STORE_SQLITE)
        sqlite3_exec(st->db, "PRAGMA cache_size=-2000", NULL, NULL, NULL);
    return pending_write(st, err);
}

/* --- every expense ------------------------------------------------------ */

enum outlay_status store_totals_add(outlay_store *st, int64_t activity_id,
                                    const struct outlay_expense *e, int64_t amount, int64_t n,
                                    outlay_err *err)
{
    const char *funder = outlay_funder_name(e->funded_by);
    const char *kind = outlay_kind_name(e->kind);
    int64_t flagged = e->flags ? n : 0;
    enum outlay_status rc;
    if (st->bulk.on) {
        char key[4096 + 32];
        /* "tag\x1ffunder", without the cost of snprintf on every row */
        const char *tag = e->for_tag ? e->for_tag : "";
        size_t nt = strnlen(tag, 4096), nf = strlen(funder);
        memcpy(key, tag, nt);
        key[nt] = '\x1f';
        memcpy(key + nt + 1, funder, nf + 1);
        rc =
            pending_add(&st->bulk, activity_id, TOTAL_CATEGORY, e->category, amount, n, e->id, err);
        if (rc == OUTLAY_OK)
            rc = pending_add(&st->bulk, activity_id, TOTAL_GROUP, key, amount, n, e->id, err);
        return rc ? rc
                  : pending_add(&st->bulk, activity_id, TOTAL_KIND, kind, amount, n, flagged, err);
    }
    rc = totals_write(st, activity_id, TOTAL_CATEGORY, e->category, NULL, NULL, amount, n, e->id,
                      err);
    if (rc == OUTLAY_OK)
        rc = totals_write(st, activity_id, TOTAL_GROUP, NULL, e->for_tag, funder, amount, n, e->id,
                          err);
    return rc ? rc
              : totals_write(st, activity_id, TOTAL_KIND, kind, NULL, NULL, amount, n, flagged,
                             err);
}

enum outlay_status store_totals_flagged(outlay_store *st, int64_t activity_id,
                                        enum outlay_kind kind, int64_t flagged, outlay_err *err)
{
    assert(!st->bulk.on);
    return totals_write(st, activity_id, TOTAL_KIND, outlay_kind_name(kind), NULL, NULL, 0, 0,
                        flagged, err);
}
