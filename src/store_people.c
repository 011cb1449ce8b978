/*
 * store_people: in bulk mode (an import), the participants of the activity
 * being imported into, held in memory and found by exact name or by key as
 * outlay_store_participant_get finds them in the database. An import of
 * 93,000 deposits looked its payer up 93,000 times: on PostgreSQL a round
 * trip to the server each. Loaded on the first lookup, kept current by the
 * store's own participant writes (an insert adds, an update changes, a
 * rename or an alias forgets), dropped when bulk mode or the transaction
 * ends.
 */
#include <stdlib.h>
#include <string.h>

#include "outlay/text.h"
#include "store_internal.h"

struct person {
    int64_t id, weight;
    int withdrawn;
    char *name, *dept, *tags, *key;
};

/* The texts live in blocks that are freed together (100,000 participants
 * were 400,000 mallocs of a few bytes each): a text, once handed out, stays
 * where it is until the list is dropped. */
struct block {
    struct block *next;
    size_t used, cap;
    char data[];
};
#define BLOCK_SIZE (64 * 1024)

struct store_people {
    int64_t activity_id;
    struct block *blocks;
    struct person *v; /* by id: loaded in order, inserts come after */
    size_t n, cap;
    size_t *by_name, *by_key; /* open addressing: 1 + index, 0 empty */
    size_t slots;             /* a power of two, at least 2 * n */
};

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* The slot of `s` in `table` (its entry, or the empty slot it would take). */
static size_t *slot(const struct store_people *pp, size_t *table, const char *s, int by_key)
{
    size_t mask = pp->slots - 1, i = (size_t)hash(s) & mask;
    for (;; i = (i + 1) & mask) {
        size_t k = table[i];
        if (!k)
            return &table[i];
        const struct person *p = &pp->v[k - 1];
        if (!strcmp(by_key ? p->key : p->name, s))
            return &table[i];
    }
}

/* Indexes entry i; an exact name is unique, a key keeps its first. */
static void index_one(struct store_people *pp, size_t i)
{
    size_t *a = slot(pp, pp->by_name, pp->v[i].name, 0);
    if (!*a)
        *a = i + 1;
    size_t *b = slot(pp, pp->by_key, pp->v[i].key, 1);
    if (!*b)
        *b = i + 1;
}

static int rehash(struct store_people *pp, size_t slots)
{
    size_t *a = calloc(slots, sizeof *a), *b = calloc(slots, sizeof *b);
    if (!a || !b) {
        free(a);
        free(b);
        return -1;
    }
    free(pp->by_name);
    free(pp->by_key);
    pp->by_name = a;
    pp->by_key = b;
    pp->slots = slots;
    for (size_t i = 0; i < pp->n; i++)
        index_one(pp, i);
    return 0;
}

/* A copy of s kept with the list (NULL for NULL); sets *bad when out of
 * memory. */
static char *keep(struct store_people *pp, const char *s, int *bad)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    struct block *b = pp->blocks;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > BLOCK_SIZE ? n : BLOCK_SIZE;
        if (!(b = malloc(sizeof *b + cap))) {
            *bad = 1;
            return NULL;
        }
        b->used = 0;
        b->cap = cap;
        b->next = pp->blocks;
        pp->blocks = b;
    }
    char *t = memcpy(b->data + b->used, s, n);
    b->used += n;
    return t;
}

void store_people_forget(outlay_store *st)
{
    struct store_people *pp = st->people;
    if (!pp)
        return;
    for (struct block *b = pp->blocks, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(pp->v);
    free(pp->by_name);
    free(pp->by_key);
    free(pp);
    st->people = NULL;
}

/* Appends a participant (copies of its texts); -1 when out of memory. */
static int push(struct store_people *pp, int64_t id, const char *name, const char *dept,
                const char *tags, int64_t weight, int withdrawn, const char *key)
{
    if (pp->n == pp->cap) {
        size_t cap = pp->cap ? pp->cap * 2 : 64;
        struct person *v = realloc(pp->v, cap * sizeof *v);
        if (!v)
            return -1;
        pp->v = v;
        pp->cap = cap;
    }
    struct person *p = &pp->v[pp->n];
    int bad = 0;
    *p = (struct person){.id = id, .weight = weight, .withdrawn = withdrawn};
    p->name = keep(pp, name ? name : "", &bad);
    p->dept = keep(pp, dept, &bad);
    p->tags = keep(pp, tags, &bad);
    p->key = keep(pp, key ? key : "", &bad);
    if (bad)
        return -1;
    pp->n++;
    if (2 * pp->n > pp->slots)
        return rehash(pp, pp->slots ? pp->slots * 2 : 256);
    index_one(pp, pp->n - 1);
    return 0;
}

/* Loads the activity's participants; OUTLAY_OK with st->people set. */
static enum outlay_status load(outlay_store *st, int64_t activity_id, outlay_err *err)
{
    store_people_forget(st);
    struct store_people *pp = calloc(1, sizeof *pp);
    if (!pp)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    pp->activity_id = activity_id;
    struct store_cursor *c = NULL;
    int r = 0;
    enum outlay_status rc =
        store_cursor_new(st, sizeof *c,
                         "SELECT id, name, dept, tags, weight, withdrawn, name_key FROM participant"
                         " WHERE activity_id = ?1 ORDER BY id",
                         activity_id, NULL, (void **)&c, err);
    while (rc == OUTLAY_OK && (r = store_cursor_step(c, err)) == 1) {
        store_q *s = c->stmt;
        if (push(pp, store_col_int64(s, 0), store_col_text(s, 1), store_col_text(s, 2),
                 store_col_text(s, 3), store_col_int64(s, 4), store_col_int(s, 5),
                 store_col_text(s, 6)) < 0)
            rc = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    }
    if (rc == OUTLAY_OK && r < 0)
        rc = err->status;
    if (rc == OUTLAY_OK && !pp->slots && rehash(pp, 256) < 0)
        rc = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    store_cursor_free(c);
    st->people = pp;
    if (rc != OUTLAY_OK)
        store_people_forget(st);
    return rc;
}

static void fill(const struct person *q, struct outlay_participant *p)
{
    memset(p, 0, sizeof *p);
    p->id = q->id;
    p->name = q->name;
    p->dept = q->dept;
    p->tags = q->tags;
    p->weight = q->weight;
    p->withdrawn = q->withdrawn;
}

int store_people_find(outlay_store *st, int64_t activity_id, const char *name,
                      struct outlay_participant *p, outlay_err *err)
{
    if (!st->bulk.on)
        return -2;
    if ((!st->people || st->people->activity_id != activity_id) &&
        load(st, activity_id, err) != OUTLAY_OK)
        return -1;
    struct store_people *pp = st->people;
    size_t k = *slot(pp, pp->by_name, name, 0);
    if (!k) {
        char *key = NULL;
        if (outlay_text_name_key(name, &key, err) != OUTLAY_OK)
            return -1;
        k = *slot(pp, pp->by_key, key, 1);
        free(key);
    }
    if (!k)
        return 0;
    fill(&pp->v[k - 1], p);
    return 1;
}

void store_people_added(outlay_store *st, int64_t activity_id, const struct outlay_participant *p,
                        const char *key)
{
    struct store_people *pp = st->people;
    if (!pp || pp->activity_id != activity_id)
        return;
    /* as the database keeps them (outlay_store_participant_insert) */
    if (push(pp, p->id, p->name, p->dept && *p->dept ? p->dept : NULL, p->tags ? p->tags : "",
             p->weight, p->withdrawn, key) < 0)
        store_people_forget(st); /* read from the database again */
}

void store_people_changed(outlay_store *st, const struct outlay_participant *p)
{
    struct store_people *pp = st->people;
    if (!pp)
        return;
    size_t lo = 0, hi = pp->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pp->v[mid].id < p->id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == pp->n || pp->v[lo].id != p->id)
        return; /* another activity's */
    struct person *q = &pp->v[lo];
    int bad = 0;
    char *dept = keep(pp, p->dept && *p->dept ? p->dept : NULL, &bad);
    char *tags = keep(pp, p->tags ? p->tags : "", &bad);
    if (bad) {
        store_people_forget(st);
        return;
    }
    /* (the old texts stay in their block: a caller may still hold them) */
    q->dept = dept;
    q->tags = tags;
    q->weight = p->weight;
    q->withdrawn = p->withdrawn;
}
