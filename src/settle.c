/* settle: SPEC §6 settlement of one activity over plain structs.
 *
 * The work is linear in people, tags and expenses: expense groups are keyed
 * in a small open-addressing hash, each person's tags are parsed twice (once
 * to count group members, once to place them), and every group is split once
 * (rule 1) or every person's share summed once over their groups (rule 2).
 * Nothing here matches strings per (group, person) pair, so 10^5 people and
 * 10^6 expenses settle in well under a second. */
#include "outlay/settle.h"

#include <assert.h>
#include <gmp.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/text.h"

#define NO_GROUP SIZE_MAX
#define MAX_LISTED_IDS 20

/* An expense group (SPEC §6.2). Group 0 is "all"; its members are all active
 * people, so it keeps no member list. Tag groups exist only when some
 * expense names them, so every tag group has at least one expense. */
struct group {
    const char *key; /* trimmed tag, not NUL-terminated */
    size_t len;
    int64_t total;
    int has_expenses;
    size_t first, count; /* slice of the members array */
    size_t last_person;  /* dedupes "rafting;rafting" */
};

struct groups {
    struct group *v;
    size_t n;
    size_t *slots; /* hash slots: group index or NO_GROUP */
    size_t mask;
    size_t *members; /* person indexes, grouped, registration order */
};

/* One member's remainder in a split, for the leftover ordering. */
struct rem {
    int64_t rem;
    size_t idx;
};

/* --- largest remainder (SPEC §6.3) ------------------------------------- */

/* Larger remainder first; ties in registration order (lower index). */
static int rem_cmp(const void *a, const void *b)
{
    const struct rem *x = a, *y = b;
    if (x->rem != y->rem)
        return x->rem > y->rem ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

/* Splits |total| = mag >= 0 with total weight w_sum; scratch holds n rems.
 * Products use __int128: mag (< 2^63) times a weight (< 2^63) fits. */
static void split_magnitude(int64_t mag, int64_t w_sum, const int64_t *weights, size_t n,
                            int64_t *shares, struct rem *scratch)
{
    int64_t given = 0;
    for (size_t i = 0; i < n; i++) {
        __int128 p = (__int128)mag * weights[i];
        shares[i] = (int64_t)(p / w_sum); /* <= mag */
        scratch[i].rem = (int64_t)(p % w_sum);
        scratch[i].idx = i;
        given += shares[i]; /* sum of floors <= mag: cannot overflow */
    }
    int64_t leftover = mag - given; /* < n */
    if (leftover == 0)
        return;
    qsort(scratch, n, sizeof *scratch, rem_cmp);
    for (int64_t k = 0; k < leftover; k++)
        shares[scratch[k].idx]++;
}

static enum outlay_status split_with(int64_t total, const int64_t *weights, size_t n,
                                     int64_t *shares, struct rem *scratch)
{
    int64_t w_sum = 0;
    for (size_t i = 0; i < n; i++)
        if (__builtin_add_overflow(w_sum, weights[i], &w_sum))
            return OUTLAY_EOVERFLOW;
    if (total == INT64_MIN)
        return OUTLAY_EOVERFLOW; /* |total| has no int64 */
    /* SPEC §6.3: a negative total is the negation of the split of |total| */
    split_magnitude(total < 0 ? -total : total, w_sum, weights, n, shares, scratch);
    if (total < 0)
        for (size_t i = 0; i < n; i++)
            shares[i] = -shares[i];
    return OUTLAY_OK;
}

enum outlay_status outlay_settle_split(int64_t total, const int64_t *weights, size_t n,
                                       int64_t *shares)
{
    if (n == 0 || !weights || !shares)
        return OUTLAY_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (weights[i] < 1)
            return OUTLAY_EINVAL;
    struct rem *scratch = malloc(n * sizeof *scratch);
    if (!scratch)
        return OUTLAY_ENOMEM;
    enum outlay_status st = split_with(total, weights, n, shares, scratch);
    free(scratch);
    return st;
}

/* --- one rounding per person (SPEC §11.1) ------------------------------- */

/* Exact shares need rationals: a person's share sums fractions whose
 * denominators are the total weights of several groups, and their
 * fractional parts must be compared exactly to give the leftover fen. GMP
 * does it (mpq_t). Its allocations are its own (GMP ends the process when
 * one fails, as its manual says); outlay's own arrays fail cleanly with
 * OUTLAY_ENOMEM. */

static void mpz_set_i64(mpz_t z, int64_t v)
{
#if LONG_MAX >= INT64_MAX
    mpz_set_si(z, (long)v);
#else
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
    mpz_import(z, 1, -1, sizeof u, 0, 0, &u);
    if (v < 0)
        mpz_neg(z, z);
#endif
}

/* 0 when z is outside (-2^63, 2^63). */
static int mpz_get_i64(const mpz_t z, int64_t *out)
{
    if (mpz_sizeinbase(z, 2) > 63)
        return 0;
    uint64_t u = 0;
    mpz_export(&u, NULL, -1, sizeof u, 0, 0, z);
    *out = mpz_sgn(z) < 0 ? -(int64_t)u : (int64_t)u;
    return 1;
}

/* A fractional part in [0, 1) as the 64 bits after the point, rounded down:
 * a larger key is a larger part; equal keys need the exact parts. */
struct frac_key {
    uint64_t key;
    size_t idx;
};

/* Larger key first. Equal keys stay in any order: those the cut does not
 * split all get a fen or none does, and order_run() puts the ones it
 * splits in their exact order. */
static int frac_key_cmp(const void *a, const void *b)
{
    const struct frac_key *x = a, *y = b;
    return (x->key < y->key) - (x->key > y->key);
}

struct frac_exact {
    mpq_t part;
    size_t idx;
};

static int frac_exact_cmp(const void *a, const void *b)
{
    const struct frac_exact *x = a, *y = b;
    int c = mpq_cmp(y->part, x->part);
    if (c != 0)
        return (c > 0) - (c < 0);
    return (x->idx > y->idx) - (x->idx < y->idx);
}

/* What person i's share is made of: the groups' A_g / W_g (q) and their
 * memberships; scratch numbers reused person after person. */
struct people_split {
    const mpq_t *q;
    const int64_t *weights;
    const size_t *first, *member;
    mpq_t share, part;
    mpz_t floor, rem, w;
};

/* c_i = w_i * sum of q_g over i's groups; floor(c_i) into *fl, the
 * fractional part's numerator over share's denominator left in rem. */
static int person_share(struct people_split *ps, size_t i, int64_t *fl)
{
    mpq_set_ui(ps->share, 0, 1);
    for (size_t k = ps->first[i]; k < ps->first[i + 1]; k++)
        mpq_add(ps->share, ps->share, ps->q[ps->member[k]]);
    mpz_set_i64(ps->w, ps->weights[i]);
    mpz_mul(mpq_numref(ps->share), mpq_numref(ps->share), ps->w);
    /* floor, not truncation: a negative share's part is in [0, 1) too */
    mpz_fdiv_qr(ps->floor, ps->rem, mpq_numref(ps->share), mpq_denref(ps->share));
    return mpz_get_i64(ps->floor, fl);
}

/* The top 64 bits of rem / denominator, which is below 1. */
static uint64_t person_key(struct people_split *ps)
{
    uint64_t key = 0;
    mpz_mul_2exp(ps->rem, ps->rem, 64);
    mpz_fdiv_q(ps->rem, ps->rem, mpq_denref(ps->share));
    mpz_export(&key, NULL, -1, sizeof key, 0, 0, ps->rem);
    return key;
}

/* Person i's exact fractional part, c_i - floor(c_i), into out. */
static void person_part(struct people_split *ps, size_t i, mpq_t out)
{
    int64_t fl;
    person_share(ps, i, &fl);
    mpq_set_num(out, ps->rem);
    mpq_set_den(out, mpq_denref(ps->share));
    mpq_canonicalize(out);
}

/* In a run, after ranking: key is the rank of the part (0 the largest);
 * equal parts in registration order. */
static int rank_cmp(const void *a, const void *b)
{
    const struct frac_key *x = a, *y = b;
    if (x->key != y->key)
        return x->key > y->key ? 1 : -1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

/* ord[s, e) by their exact parts, each part kept: any number of distinct
 * values, a rational per person. */
static enum outlay_status order_run_exact(struct people_split *ps, struct frac_key *ord, size_t s,
                                          size_t e)
{
    size_t n = e - s;
    struct frac_exact *run = malloc(n * sizeof *run);
    if (!run)
        return OUTLAY_ENOMEM;
    for (size_t k = 0; k < n; k++) {
        run[k].idx = ord[s + k].idx;
        mpq_init(run[k].part);
        person_part(ps, run[k].idx, run[k].part);
    }
    qsort(run, n, sizeof *run, frac_exact_cmp);
    for (size_t k = 0; k < n; k++) {
        ord[s + k].idx = run[k].idx;
        mpq_clear(run[k].part);
    }
    free(run);
    return OUTLAY_OK;
}

/* At most this many distinct parts in a run are ranked as classes. */
#define RUN_CLASSES 64

/* ord[s, e) hold equal keys around the cut at `leftover`: orders them by
 * their exact parts, so that the cut falls where SPEC §11.1 puts it. Those
 * parts are nearly always a few values shared by many (the people of the
 * same groups and weight, tens of thousands in a large activity), so each
 * person is matched to one of at most RUN_CLASSES distinct values, which
 * are ranked exactly, and nothing is kept per person; a run of more
 * distinct values than that is ordered by order_run_exact(). */
static enum outlay_status order_run(struct people_split *ps, struct frac_key *ord, size_t s,
                                    size_t e)
{
    mpq_t cls[RUN_CLASSES];
    size_t ncls = 0, rank[RUN_CLASSES], last = 0;
    for (size_t k = s; k < e; k++) {
        person_part(ps, ord[k].idx, ps->part);
        size_t j = last < ncls && mpq_equal(cls[last], ps->part) ? last : 0;
        while (j < ncls && !mpq_equal(cls[j], ps->part))
            j++;
        if (j == RUN_CLASSES) {
            for (size_t c = 0; c < ncls; c++)
                mpq_clear(cls[c]);
            return order_run_exact(ps, ord, s, e);
        }
        if (j == ncls) {
            mpq_init(cls[ncls]);
            mpq_set(cls[ncls++], ps->part);
        }
        ord[k].key = last = j; /* the key was the same for all: now the class */
    }
    for (size_t j = 0; j < ncls; j++) {
        rank[j] = 0;
        for (size_t c = 0; c < ncls; c++)
            rank[j] += mpq_cmp(cls[c], cls[j]) > 0;
    }
    for (size_t k = s; k < e; k++)
        ord[k].key = rank[ord[k].key];
    qsort(ord + s, e - s, sizeof *ord, rank_cmp);
    for (size_t c = 0; c < ncls; c++)
        mpq_clear(cls[c]);
    return OUTLAY_OK;
}

/* Gives the leftover fen (SPEC §11.1) given each person's floor in cost[]. */
static enum outlay_status give_leftover(struct people_split *ps, struct frac_key *ord, size_t n,
                                        size_t leftover, int64_t *cost)
{
    if (leftover == 0)
        return OUTLAY_OK;
    qsort(ord, n, sizeof *ord, frac_key_cmp);
    if (leftover < n && ord[leftover - 1].key == ord[leftover].key) {
        size_t s = leftover - 1, e = leftover + 1;
        while (s > 0 && ord[s - 1].key == ord[leftover].key)
            s--;
        while (e < n && ord[e].key == ord[leftover].key)
            e++;
        enum outlay_status st = order_run(ps, ord, s, e);
        if (st != OUTLAY_OK)
            return st;
    }
    for (size_t k = 0; k < leftover; k++)
        if (__builtin_add_overflow(cost[ord[k].idx], 1, &cost[ord[k].idx]))
            return OUTLAY_EOVERFLOW;
    return OUTLAY_OK;
}

/* q[g] = A_g / W_g; *sum = T. A group without members must be empty. */
static enum outlay_status group_quotients(const int64_t *totals, size_t ngroups,
                                          const int64_t *weights, size_t n, const size_t *first,
                                          const size_t *member, mpq_t *q, int64_t *sum)
{
    int64_t *w_sum = calloc(ngroups ? ngroups : 1, sizeof *w_sum);
    enum outlay_status st = OUTLAY_OK;
    if (!w_sum)
        return OUTLAY_ENOMEM;
    for (size_t i = 0; i < n && st == OUTLAY_OK; i++)
        for (size_t k = first[i]; k < first[i + 1] && st == OUTLAY_OK; k++)
            if (member[k] >= ngroups)
                st = OUTLAY_EINVAL;
            else if (__builtin_add_overflow(w_sum[member[k]], weights[i], &w_sum[member[k]]))
                st = OUTLAY_EOVERFLOW;
    *sum = 0;
    for (size_t g = 0; g < ngroups && st == OUTLAY_OK; g++) {
        if (__builtin_add_overflow(*sum, totals[g], sum))
            st = OUTLAY_EOVERFLOW;
        else if (w_sum[g] == 0 && totals[g] != 0)
            st = OUTLAY_EINVAL;
        else if (w_sum[g] != 0) {
            mpz_set_i64(mpq_numref(q[g]), totals[g]);
            mpz_set_i64(mpq_denref(q[g]), w_sum[g]);
            mpq_canonicalize(q[g]);
        }
    }
    free(w_sum);
    return st;
}

static enum outlay_status split_people(const int64_t *totals, size_t ngroups,
                                       const int64_t *weights, size_t n, const size_t *first,
                                       const size_t *member, int64_t *cost)
{
    mpq_t *q = malloc((ngroups ? ngroups : 1) * sizeof *q);
    struct frac_key *ord = malloc((n ? n : 1) * sizeof *ord);
    struct people_split ps = {.weights = weights, .first = first, .member = member};
    enum outlay_status st = OUTLAY_ENOMEM;
    int64_t total = 0;
    __int128 floors = 0;
    if (!q || !ord)
        goto out;
    for (size_t g = 0; g < ngroups; g++)
        mpq_init(q[g]);
    mpq_init(ps.share);
    mpq_init(ps.part);
    mpz_inits(ps.floor, ps.rem, ps.w, NULL);
    ps.q = (const mpq_t *)q;
    st = group_quotients(totals, ngroups, weights, n, first, member, q, &total);
    for (size_t i = 0; i < n && st == OUTLAY_OK; i++) {
        if (!person_share(&ps, i, &cost[i]))
            st = OUTLAY_EOVERFLOW;
        ord[i] = (struct frac_key){.key = person_key(&ps), .idx = i};
        floors += cost[i];
    }
    if (st == OUTLAY_OK) {
        /* The parts add up to T - sum of floors, each below 1: 0 <= leftover < n. */
        __int128 leftover = total - floors;
        assert(leftover >= 0 && (n == 0 || leftover < (__int128)n));
        st = give_leftover(&ps, ord, n, (size_t)leftover, cost);
    }
    for (size_t g = 0; g < ngroups; g++)
        mpq_clear(q[g]);
    mpq_clear(ps.share);
    mpq_clear(ps.part);
    mpz_clears(ps.floor, ps.rem, ps.w, NULL);
out:
    free(q);
    free(ord);
    return st;
}

enum outlay_status outlay_settle_split_people(const int64_t *totals, size_t ngroups,
                                              const int64_t *weights, size_t n, const size_t *first,
                                              const size_t *member, int64_t *cost)
{
    if ((ngroups && !totals) || (n && (!weights || !cost)) || !first || (first[n] && !member))
        return OUTLAY_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (weights[i] < 1 || first[i + 1] < first[i])
            return OUTLAY_EINVAL;
    return split_people(totals, ngroups, weights, n, first, member, cost);
}

const char *outlay_settle_action_name(enum outlay_settle_action a)
{
    switch (a) {
    case OUTLAY_SETTLE_REFUND:
        return "refund";
    case OUTLAY_SETTLE_SUPPLEMENT:
        return "supplement";
    case OUTLAY_SETTLE_KEPT:
        return "kept";
    default:
        return "settled";
    }
}

void outlay_settle_result_release(struct outlay_settle_result *r)
{
    if (!r)
        return;
    free(r->rows);
    memset(r, 0, sizeof *r);
}

/* --- groups -------------------------------------------------------------- */

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Trims spaces around [s, s+len). */
static void trim(const char **s, size_t *len)
{
    while (*len > 0 && is_space(**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && is_space((*s)[*len - 1]))
        (*len)--;
}

/* The hash slot holding key, or the empty slot where it would go. */
static size_t *group_slot(struct groups *g, const char *key, size_t len)
{
    size_t h = outlay_text_hash(key, len) & g->mask;
    for (;; h = (h + 1) & g->mask) {
        size_t k = g->slots[h];
        if (k == NO_GROUP || (g->v[k].len == len && memcmp(g->v[k].key, key, len) == 0))
            return &g->slots[h];
    }
}

/* The group of an expense's for_tag, added on first sight. */
static size_t group_of(struct groups *g, const char *tag)
{
    size_t len = tag ? strlen(tag) : 0;
    trim(&tag, &len);
    if (len == 0)
        return 0; /* SPEC §6.2: no tag, shared by everybody */
    size_t *slot = group_slot(g, tag, len);
    if (*slot == NO_GROUP) {
        g->v[g->n] = (struct group){.key = tag, .len = len, .last_person = NO_GROUP};
        *slot = g->n++;
    }
    return *slot;
}

static void groups_free(struct groups *g)
{
    free(g->v);
    free(g->slots);
    free(g->members);
}

/* Room for group 0 plus one group per expense, hash at most half full. */
static enum outlay_status groups_alloc(struct groups *g, size_t nexpenses)
{
    size_t cap = 16;
    while (cap / 2 < nexpenses + 1)
        cap *= 2;
    g->v = malloc((nexpenses + 1) * sizeof *g->v);
    g->slots = malloc(cap * sizeof *g->slots);
    if (!g->v || !g->slots)
        return OUTLAY_ENOMEM;
    for (size_t i = 0; i < cap; i++)
        g->slots[i] = NO_GROUP;
    g->mask = cap - 1;
    g->v[0] = (struct group){.last_person = NO_GROUP};
    g->n = 1;
    return OUTLAY_OK;
}

/* SPEC §6.2: sums each group's expenses; union-funded ones enter no group. */
static enum outlay_status groups_sum(struct groups *g, const struct outlay_settle_input *in)
{
    for (size_t e = 0; e < in->nexpenses; e++) {
        const struct outlay_settle_expense *x = &in->expenses[e];
        if (x->union_funded)
            continue;
        struct group *gr = &g->v[group_of(g, x->for_tag)];
        gr->has_expenses = 1;
        if (__builtin_add_overflow(gr->total, x->amount, &gr->total))
            return OUTLAY_EOVERFLOW;
    }
    return OUTLAY_OK;
}

/* Calls visit(g, group, person) once per distinct tag group of person p. */
static void each_tag_group(struct groups *g, const char *tags, size_t p,
                           void (*visit)(struct groups *, size_t, size_t))
{
    if (!tags)
        return;
    for (const char *s = tags;;) {
        const char *end = strchr(s, ';');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        const char *t = s;
        trim(&t, &len);
        if (len > 0) {
            size_t k = *group_slot(g, t, len);
            if (k != NO_GROUP && g->v[k].last_person != p) {
                g->v[k].last_person = p;
                visit(g, k, p);
            }
        }
        if (!end)
            return;
        s = end + 1;
    }
}

static void count_member(struct groups *g, size_t k, size_t p)
{
    (void)p;
    g->v[k].count++;
}

static void place_member(struct groups *g, size_t k, size_t p)
{
    g->members[g->v[k].first + g->v[k].count++] = p;
}

/* SPEC §6.2: tag group T holds the active people carrying T. Two passes
 * (count, then place) lay the members out contiguously per group. */
static enum outlay_status groups_members(struct groups *g, const struct outlay_settle_input *in)
{
    for (size_t p = 0; p < in->npeople; p++)
        if (!in->people[p].withdrawn)
            each_tag_group(g, in->people[p].tags, p, count_member);
    size_t total = 0;
    for (size_t k = 1; k < g->n; k++) {
        g->v[k].first = total;
        total += g->v[k].count;
        g->v[k].count = 0;
        g->v[k].last_person = NO_GROUP;
    }
    g->members = malloc((total ? total : 1) * sizeof *g->members);
    if (!g->members)
        return OUTLAY_ENOMEM;
    for (size_t p = 0; p < in->npeople; p++)
        if (!in->people[p].withdrawn)
            each_tag_group(g, in->people[p].tags, p, place_member);
    return OUTLAY_OK;
}

/* --- the empty-group error (SPEC §6.3) ---------------------------------- */

/* Writes "4, 7" (at most MAX_LISTED_IDS, then "and N more") for the expenses
 * of group k into buf. */
/* The first ids into buf ("3, 7, 9"); returns how many more there are. */
static size_t list_ids(struct groups *g, const struct outlay_settle_input *in, size_t k, char *buf,
                       size_t size)
{
    size_t used = 0, listed = 0, more = 0;
    buf[0] = '\0';
    for (size_t e = 0; e < in->nexpenses; e++) {
        const struct outlay_settle_expense *x = &in->expenses[e];
        if (x->union_funded || group_of(g, x->for_tag) != k)
            continue;
        if (listed == MAX_LISTED_IDS) {
            more++;
            continue;
        }
        int w = snprintf(buf + used, size - used, "%s%" PRId64, listed ? ", " : "", x->id);
        if (w > 0 && (size_t)w < size - used)
            used += (size_t)w;
        listed++;
    }
    return more;
}

static enum outlay_status empty_group_error(struct groups *g, const struct outlay_settle_input *in,
                                            size_t k, outlay_err *err)
{
    char ids[OUTLAY_ARG_TEXT_MAX];
    size_t more = list_ids(g, in, k, ids, sizeof ids);
    /* The fix names the activity when the caller told us which it is. */
    const char *slug = in->slug ? in->slug : "";
    if (k == 0)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_SETTLE_NOBODY, OUTLAY_A_TEXT(ids),
                           OUTLAY_A_INT(more), OUTLAY_A_TEXT(slug));
    const struct group *gr = &g->v[k];
    return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_SETTLE_TAG_NOBODY,
                       OUTLAY_A_TEXTN(gr->key, gr->len), OUTLAY_A_TEXT(ids), OUTLAY_A_INT(more),
                       OUTLAY_A_TEXT(slug));
}

/* --- shares --------------------------------------------------------------- */

struct split_buf {
    int64_t *weights, *shares;
    struct rem *scratch;
};

/* Splits group k among its members and adds the shares to cost[]. */
static enum outlay_status share_group(struct groups *g, const struct outlay_settle_input *in,
                                      const size_t *active, size_t nactive, size_t k,
                                      struct split_buf *b, int64_t *cost)
{
    const size_t *who = k == 0 ? active : g->members + g->v[k].first;
    size_t n = k == 0 ? nactive : g->v[k].count;
    for (size_t i = 0; i < n; i++)
        b->weights[i] = in->people[who[i]].weight;
    enum outlay_status st = split_with(g->v[k].total, b->weights, n, b->shares, b->scratch);
    if (st != OUTLAY_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        if (__builtin_add_overflow(cost[who[i]], b->shares[i], &cost[who[i]]))
            return OUTLAY_EOVERFLOW;
    return OUTLAY_OK;
}

/* SPEC §11.1: every active person's groups (CSR: first, member), their
 * weights and the groups' totals for outlay_settle_split_people(); the costs
 * go back to cost[] by person. Group 0 ("all") counts only when it has
 * expenses; tag groups always have some. */
static enum outlay_status share_by_person(struct groups *g, const struct outlay_settle_input *in,
                                          const size_t *active, size_t nactive, int64_t *cost)
{
    enum outlay_status st = OUTLAY_ENOMEM;
    size_t *pos = malloc((in->npeople ? in->npeople : 1) * sizeof *pos);
    size_t *first = calloc(nactive + 2, sizeof *first);
    int64_t *weights = malloc((nactive ? nactive : 1) * sizeof *weights);
    int64_t *shares = malloc((nactive ? nactive : 1) * sizeof *shares);
    int64_t *totals = malloc(g->n * sizeof *totals);
    size_t *member = NULL, nmember = 0, all = g->v[0].has_expenses;
    if (!pos || !first || !weights || !shares || !totals)
        goto out;
    for (size_t j = 0; j < nactive; j++) {
        pos[active[j]] = j;
        weights[j] = in->people[active[j]].weight;
        first[j + 2] = all; /* counted at j + 2, placed from j + 1 (below) */
    }
    for (size_t k = 0; k < g->n; k++)
        totals[k] = g->v[k].total;
    for (size_t k = 1; k < g->n; k++)
        for (size_t m = 0; m < g->v[k].count; m++)
            first[pos[g->members[g->v[k].first + m]] + 2]++;
    for (size_t j = 0; j < nactive; j++)
        first[j + 2] += first[j + 1];
    nmember = first[nactive + 1];
    member = malloc((nmember ? nmember : 1) * sizeof *member);
    if (!member)
        goto out;
    /* first[j + 1] is where person j's groups go; after placing, it is where
     * person j + 1's begin, which is what first[] must say. */
    for (size_t j = 0; all && j < nactive; j++)
        member[first[j + 1]++] = 0;
    for (size_t k = 1; k < g->n; k++)
        for (size_t m = 0; m < g->v[k].count; m++)
            member[first[pos[g->members[g->v[k].first + m]] + 1]++] = k;
    st = outlay_settle_split_people(totals, g->n, weights, nactive, first, member, shares);
    for (size_t j = 0; j < nactive && st == OUTLAY_OK; j++)
        cost[active[j]] = shares[j];
out:
    free(pos);
    free(first);
    free(weights);
    free(shares);
    free(totals);
    free(member);
    return st;
}

/* SPEC §6.3-4 (rule 1) or §11.1 (rule 2): cost[p] = p's share of the
 * groups; errors on a group without members. */
static enum outlay_status compute_costs(struct groups *g, const struct outlay_settle_input *in,
                                        int64_t *cost, outlay_err *err)
{
    enum outlay_status st = OUTLAY_ENOMEM;
    size_t *active = malloc((in->npeople ? in->npeople : 1) * sizeof *active);
    struct split_buf b = {0};
    size_t nactive = 0, widest = 0;
    if (!active)
        goto out;
    for (size_t p = 0; p < in->npeople; p++)
        if (!in->people[p].withdrawn)
            active[nactive++] = p;
    for (size_t k = 0; k < g->n; k++) {
        size_t n = k == 0 ? nactive : g->v[k].count;
        if (g->v[k].has_expenses && n == 0) {
            st = empty_group_error(g, in, k, err);
            goto out;
        }
        widest = n > widest ? n : widest;
    }
    if (in->rule == OUTLAY_SETTLE_RULE_PERSON) {
        st = share_by_person(g, in, active, nactive, cost);
        goto out;
    }
    b.weights = malloc((widest + 1) * sizeof *b.weights);
    b.shares = malloc((widest + 1) * sizeof *b.shares);
    b.scratch = malloc((widest + 1) * sizeof *b.scratch);
    if (!b.weights || !b.shares || !b.scratch)
        goto out;
    st = OUTLAY_OK;
    for (size_t k = 0; k < g->n && st == OUTLAY_OK; k++)
        if (g->v[k].has_expenses)
            st = share_group(g, in, active, nactive, k, &b, cost);
out:
    free(active);
    free(b.weights);
    free(b.shares);
    free(b.scratch);
    return st;
}

/* --- rows and totals ------------------------------------------------------ */

/* SPEC §6.5-8 for one person, given their cost. */
static enum outlay_status fill_row(const struct outlay_settle_person *p, int64_t cost,
                                   int64_t subsidy_per_head, int64_t min_refund,
                                   struct outlay_settle_row *r)
{
    int64_t cap, bal;
    if (p->withdrawn)
        cost = 0; /* SPEC §6.8: cost, subsidy, due all 0 */
    /* an overflowing cap is larger than any cost, so min() picks the cost */
    if (__builtin_mul_overflow(subsidy_per_head, p->weight, &cap))
        cap = INT64_MAX;
    r->cost = cost;
    r->subsidy = cost > 0 ? (cost < cap ? cost : cap) : 0;
    r->due = cost - r->subsidy; /* 0 <= subsidy <= max(cost, 0): no overflow */
    if (__builtin_add_overflow(p->deposits, p->advanced, &bal) ||
        __builtin_sub_overflow(bal, p->paid_out, &bal) ||
        __builtin_sub_overflow(bal, r->due, &bal) || bal == INT64_MIN)
        return OUTLAY_EOVERFLOW;
    r->balance = bal;
    r->action = bal > 0   ? OUTLAY_SETTLE_REFUND
                : bal < 0 ? OUTLAY_SETTLE_SUPPLEMENT
                          : OUTLAY_SETTLE_SETTLED;
    r->amount = bal < 0 ? -bal : bal;
    /* SPEC §14: a small balance is not paid out; the fund keeps it */
    if (r->action == OUTLAY_SETTLE_REFUND && bal < min_refund)
        r->action = OUTLAY_SETTLE_KEPT;
    return OUTLAY_OK;
}

static int add_to(int64_t *sum, int64_t v)
{
    return __builtin_add_overflow(*sum, v, sum);
}

/* Totals as the settlement table ends (SPEC §6, after the invariants). */
static enum outlay_status fill_totals(const struct outlay_settle_input *in,
                                      const struct outlay_settle_row *rows,
                                      struct outlay_settle_totals *t)
{
    int bad = 0;
    for (size_t e = 0; e < in->nexpenses; e++) {
        bad |= add_to(&t->expenses, in->expenses[e].amount);
        if (in->expenses[e].union_funded)
            bad |= add_to(&t->union_funded, in->expenses[e].amount);
    }
    for (size_t p = 0; p < in->npeople; p++) {
        const struct outlay_settle_person *q = &in->people[p];
        bad |= add_to(&t->advanced, q->advanced) | add_to(&t->deposits, q->deposits) |
               add_to(&t->paid_out, q->paid_out) | add_to(&t->cost, rows[p].cost) |
               add_to(&t->subsidy, rows[p].subsidy) | add_to(&t->due, rows[p].due);
        if (rows[p].action == OUTLAY_SETTLE_REFUND)
            bad |= add_to(&t->refunds, rows[p].amount);
        else if (rows[p].action == OUTLAY_SETTLE_SUPPLEMENT)
            bad |= add_to(&t->supplements, rows[p].amount);
        else if (rows[p].action == OUTLAY_SETTLE_KEPT)
            bad |= add_to(&t->kept, rows[p].amount);
    }
    int64_t treasurer_paid;
    bad |= __builtin_sub_overflow(t->expenses, t->advanced, &treasurer_paid);
    bad |= __builtin_sub_overflow(t->deposits, t->paid_out, &t->cash);
    bad |= __builtin_sub_overflow(t->cash, treasurer_paid, &t->cash);
    bad |= __builtin_add_overflow(t->subsidy, t->union_funded, &t->union_share);
    return bad ? OUTLAY_EOVERFLOW : OUTLAY_OK;
}

static enum outlay_status check_input(const struct outlay_settle_input *in, outlay_err *err)
{
    if (in->rule != 0 && in->rule != OUTLAY_SETTLE_RULE_GROUP &&
        in->rule != OUTLAY_SETTLE_RULE_PERSON)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_SETTLE_RULE, OUTLAY_A_INT(in->rule));
    if (in->subsidy_per_head < 0)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_SETTLE_SUBSIDY,
                           OUTLAY_A_MONEY(in->subsidy_per_head));
    for (size_t p = 0; p < in->npeople; p++)
        if (in->people[p].weight < 1)
            return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_SETTLE_WEIGHT,
                               OUTLAY_A_TEXT(in->people[p].name ? in->people[p].name : ""),
                               OUTLAY_A_INT(in->people[p].weight));
    return OUTLAY_OK;
}

enum outlay_status outlay_settle_compute(const struct outlay_settle_input *in,
                                         struct outlay_settle_result *out, outlay_err *err)
{
    struct groups g = {0};
    int64_t *cost = NULL;
    struct outlay_settle_row *rows = NULL;
    enum outlay_status st;

    memset(out, 0, sizeof *out);
    st = check_input(in, err);
    if (st != OUTLAY_OK)
        goto out;
    st = OUTLAY_ENOMEM;
    cost = calloc(in->npeople ? in->npeople : 1, sizeof *cost);
    rows = calloc(in->npeople ? in->npeople : 1, sizeof *rows);
    if (!cost || !rows || groups_alloc(&g, in->nexpenses) != OUTLAY_OK)
        goto out;
    if ((st = groups_sum(&g, in)) != OUTLAY_OK || (st = groups_members(&g, in)) != OUTLAY_OK ||
        (st = compute_costs(&g, in, cost, err)) != OUTLAY_OK)
        goto out;
    for (size_t p = 0; p < in->npeople && st == OUTLAY_OK; p++)
        st = fill_row(&in->people[p], cost[p], in->subsidy_per_head, in->min_refund, &rows[p]);
    if (st == OUTLAY_OK)
        st = fill_totals(in, rows, &out->totals);
    if (st == OUTLAY_OK) {
        out->rows = rows;
        out->nrows = in->npeople;
        rows = NULL;
    }
out:
    if (st == OUTLAY_ENOMEM)
        outlay_fail(err, st, OUTLAY_P_SETTLE_MEMORY, OUTLAY_A_INT(in->npeople),
                    OUTLAY_A_INT(in->nexpenses));
    else if (st == OUTLAY_EOVERFLOW) {
        if (err && in->slug)
            snprintf(err->activity, sizeof err->activity, "%s", in->slug);
        outlay_fail(err, st, OUTLAY_P_SETTLE_RANGE);
    }
    if (st != OUTLAY_OK)
        memset(out, 0, sizeof *out);
    groups_free(&g);
    free(cost);
    free(rows);
    return st;
}
