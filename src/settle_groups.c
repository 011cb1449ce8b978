/* settle_groups: each person's share of each expense group, for the
 * settlement slips of SPEC §13 ("their share of each group they are in").
 *
 * The groups and their members are those of settle.c (SPEC §6.2): "all"
 * for the expenses without a tag, a group per tag an expense names, union-
 * funded expenses in none; a person belongs to "all" and to each tag group
 * they carry, once, while active. Tags are found by binary search in the
 * sorted list of the expenses' tags, so the work is O((E + P·t) log G). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/settle.h"

#define NO_GROUP SIZE_MAX
#define MAX_LISTED_IDS 20

/* A trimmed tag, not NUL-terminated, and where it first appears. */
struct tag {
    const char *s;
    size_t len;
    size_t first_expense;
    size_t group; /* its index in out->groups */
};

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

static void trim(const char **s, size_t *len)
{
    while (*len > 0 && is_space(**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && is_space((*s)[*len - 1]))
        (*len)--;
}

static int tag_bytes_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    if (c)
        return c;
    return (alen > blen) - (alen < blen);
}

static int by_bytes(const void *a, const void *b)
{
    const struct tag *x = a, *y = b;
    int c = tag_bytes_cmp(x->s, x->len, y->s, y->len);
    if (c)
        return c;
    return (x->first_expense > y->first_expense) - (x->first_expense < y->first_expense);
}

static int by_first(const void *a, const void *b)
{
    const struct tag *x = a, *y = b;
    return (x->first_expense > y->first_expense) - (x->first_expense < y->first_expense);
}

/* The group of tag [s, s+len) among the n sorted tags, or NO_GROUP. */
static size_t find_tag(const struct tag *tags, size_t n, const char *s, size_t len)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = tag_bytes_cmp(tags[mid].s, tags[mid].len, s, len);
        if (c == 0)
            return tags[mid].group;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NO_GROUP;
}

struct work {
    const struct outlay_settle_input *in;
    struct outlay_settle_breakdown *out;
    struct tag *tags; /* distinct tags sorted by bytes */
    size_t ntags;
    size_t all; /* the group "all", or NO_GROUP when no expense is for everybody */
};

/* The group of an expense that is not union-funded. */
static size_t expense_group(const struct work *w, const struct outlay_settle_expense *x)
{
    const char *t = x->for_tag ? x->for_tag : "";
    size_t len = strlen(t);
    trim(&t, &len);
    return len == 0 ? w->all : find_tag(w->tags, w->ntags, t, len);
}

/* The expenses' groups: "all" first when some expense has no tag, then the
 * tags in the order the expenses first name them; their totals. */
static enum outlay_status make_groups(struct work *w)
{
    const struct outlay_settle_input *in = w->in;
    struct outlay_settle_breakdown *out = w->out;
    size_t n = 0, has_all = 0;

    w->tags = malloc((in->nexpenses ? in->nexpenses : 1) * sizeof *w->tags);
    if (!w->tags)
        return OUTLAY_ENOMEM;
    for (size_t e = 0; e < in->nexpenses; e++) {
        const struct outlay_settle_expense *x = &in->expenses[e];
        const char *t = x->for_tag ? x->for_tag : "";
        size_t len = strlen(t);
        if (x->union_funded)
            continue;
        trim(&t, &len);
        if (len == 0)
            has_all = 1;
        else
            w->tags[n++] = (struct tag){.s = t, .len = len, .first_expense = e};
    }
    /* Sorted by bytes, then by first appearance: the first of each run of
     * equal tags is where the tag first appears. */
    qsort(w->tags, n, sizeof *w->tags, by_bytes);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (k == 0 ||
            tag_bytes_cmp(w->tags[k - 1].s, w->tags[k - 1].len, w->tags[i].s, w->tags[i].len) != 0)
            w->tags[k++] = w->tags[i];
    w->ntags = k;
    w->all = has_all ? 0 : NO_GROUP;

    out->ngroups = has_all + k;
    out->groups = calloc(out->ngroups ? out->ngroups : 1, sizeof *out->groups);
    struct tag *order = malloc((k ? k : 1) * sizeof *order);
    if (!out->groups || !order) {
        free(order);
        return OUTLAY_ENOMEM;
    }
    /* Group numbers in order of first appearance (the group field carries
     * the position in the sorted list meanwhile). */
    for (size_t i = 0; i < k; i++) {
        order[i] = w->tags[i];
        order[i].group = i;
    }
    qsort(order, k, sizeof *order, by_first);
    for (size_t r = 0; r < k; r++) {
        struct outlay_settle_group *g = &out->groups[has_all + r];
        w->tags[order[r].group].group = has_all + r;
        g->tag = malloc(order[r].len + 1);
        if (!g->tag) {
            free(order);
            return OUTLAY_ENOMEM;
        }
        memcpy(g->tag, order[r].s, order[r].len);
        g->tag[order[r].len] = '\0';
    }
    free(order);

    for (size_t e = 0; e < in->nexpenses; e++) {
        const struct outlay_settle_expense *x = &in->expenses[e];
        if (x->union_funded)
            continue;
        struct outlay_settle_group *g = &out->groups[expense_group(w, x)];
        if (__builtin_add_overflow(g->total, x->amount, &g->total))
            return OUTLAY_EOVERFLOW;
    }
    return OUTLAY_OK;
}

/* How many distinct groups person p belongs to: "all", then the tag groups
 * their tags name ("rafting;rafting" once: seen[g] is the last person
 * counted in g); written to dst when not NULL. */
static size_t person_groups(const struct work *w, size_t p, size_t *seen,
                            struct outlay_settle_share *dst)
{
    const struct outlay_settle_person *who = &w->in->people[p];
    size_t n = 0;
    if (who->withdrawn)
        return 0;
    if (w->all != NO_GROUP) {
        if (dst)
            dst[n].group = w->all;
        n++;
    }
    for (const char *s = who->tags ? who->tags : "";;) {
        const char *end = strchr(s, ';');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        const char *t = s;
        trim(&t, &len);
        size_t g = len ? find_tag(w->tags, w->ntags, t, len) : NO_GROUP;
        if (g != NO_GROUP && seen[g] != p) {
            seen[g] = p;
            if (dst)
                dst[n].group = g;
            n++;
        }
        if (!end)
            break;
        s = end + 1;
    }
    return n;
}

static int by_group(const void *a, const void *b)
{
    const struct outlay_settle_share *x = a, *y = b;
    return (x->group > y->group) - (x->group < y->group);
}

/* SPEC §6.3, rule 1: each group split among its members in registration
 * order, the amounts written to their share slots. */
static enum outlay_status split_groups(struct work *w)
{
    struct outlay_settle_breakdown *out = w->out;
    const struct outlay_settle_input *in = w->in;
    size_t nshares = out->first[out->npeople];
    enum outlay_status st = OUTLAY_ENOMEM;
    size_t *gfirst = calloc(out->ngroups + 1, sizeof *gfirst);
    size_t *slot = malloc((nshares ? nshares : 1) * sizeof *slot);
    int64_t *weights = malloc((nshares ? nshares : 1) * sizeof *weights);
    int64_t *amounts = malloc((nshares ? nshares : 1) * sizeof *amounts);
    if (!gfirst || !slot || !weights || !amounts)
        goto out;
    for (size_t k = 0; k < nshares; k++)
        gfirst[out->shares[k].group + 1]++;
    for (size_t g = 0; g < out->ngroups; g++)
        gfirst[g + 1] += gfirst[g];
    /* Members of each group in registration order: people are visited in
     * order, so each group's slice fills in that order. */
    for (size_t p = 0; p < out->npeople; p++)
        for (size_t k = out->first[p]; k < out->first[p + 1]; k++) {
            size_t g = out->shares[k].group;
            slot[gfirst[g]] = k;
            weights[gfirst[g]++] = in->people[p].weight;
        }
    st = OUTLAY_OK;
    for (size_t g = 0; g < out->ngroups && st == OUTLAY_OK; g++) {
        /* placing moved gfirst[g] to the end of group g */
        size_t start = g ? gfirst[g - 1] : 0, end = gfirst[g];
        st = outlay_settle_split(out->groups[g].total, weights + start, end - start,
                                 amounts + start);
        for (size_t m = start; st == OUTLAY_OK && m < end; m++)
            out->shares[slot[m]].amount = amounts[m];
    }
out:
    free(gfirst);
    free(slot);
    free(weights);
    free(amounts);
    return st;
}

/* SPEC §11.1, rule 2: A_g·w_i / W_g rounded to the fen, half away from
 * zero. |A_g| < 2^63 and w_i < 2^63: the product fits in 128 bits. */
static int64_t exact_share(int64_t total, int64_t weight, int64_t group_weight)
{
    __int128 num = (__int128)total * weight;
    __int128 mag = num < 0 ? -num : num;
    /* Half away from zero: round up when the remainder is at least half. */
    __int128 r = mag % group_weight;
    __int128 q = mag / group_weight + (2 * r >= group_weight ? 1 : 0);
    return (int64_t)(num < 0 ? -q : q);
}

/* An expense group with no active member: the problem settle gives. */
static enum outlay_status empty_group(const struct work *w, size_t g, outlay_err *err)
{
    const struct outlay_settle_input *in = w->in;
    char ids[OUTLAY_ARG_TEXT_MAX];
    size_t used = 0, listed = 0, more = 0;
    ids[0] = '\0';
    for (size_t e = 0; e < in->nexpenses; e++) {
        const struct outlay_settle_expense *x = &in->expenses[e];
        if (x->union_funded || expense_group(w, x) != g)
            continue;
        if (listed == MAX_LISTED_IDS) {
            more++;
            continue;
        }
        int n = snprintf(ids + used, sizeof ids - used, "%s%" PRId64, listed ? ", " : "", x->id);
        if (n > 0 && (size_t)n < sizeof ids - used)
            used += (size_t)n;
        listed++;
    }
    const char *slug = in->slug ? in->slug : "";
    if (g == w->all)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_SETTLE_NOBODY, OUTLAY_A_TEXT(ids),
                           OUTLAY_A_INT(more), OUTLAY_A_TEXT(slug));
    return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_SETTLE_TAG_NOBODY,
                       OUTLAY_A_TEXT(w->out->groups[g].tag), OUTLAY_A_TEXT(ids), OUTLAY_A_INT(more),
                       OUTLAY_A_TEXT(slug));
}

static enum outlay_status check_input(const struct outlay_settle_input *in, outlay_err *err)
{
    if (in->rule != 0 && in->rule != OUTLAY_SETTLE_RULE_GROUP &&
        in->rule != OUTLAY_SETTLE_RULE_PERSON)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_SETTLE_RULE, OUTLAY_A_INT(in->rule));
    for (size_t p = 0; p < in->npeople; p++)
        if (in->people[p].weight < 1)
            return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_SETTLE_WEIGHT,
                               OUTLAY_A_TEXT(in->people[p].name ? in->people[p].name : ""),
                               OUTLAY_A_INT(in->people[p].weight));
    return OUTLAY_OK;
}

static enum outlay_status breakdown(struct work *w, outlay_err *err)
{
    const struct outlay_settle_input *in = w->in;
    struct outlay_settle_breakdown *out = w->out;
    enum outlay_status st = make_groups(w);
    size_t *seen = NULL;
    if (st != OUTLAY_OK)
        return st;
    out->npeople = in->npeople;
    out->first = calloc(in->npeople + 1, sizeof *out->first);
    seen = malloc((out->ngroups ? out->ngroups : 1) * sizeof *seen);
    if (!out->first || !seen) {
        free(seen);
        return OUTLAY_ENOMEM;
    }
    for (size_t g = 0; g < out->ngroups; g++)
        seen[g] = NO_GROUP;
    for (size_t p = 0; p < in->npeople; p++)
        out->first[p + 1] = out->first[p] + person_groups(w, p, seen, NULL);
    size_t nshares = out->first[in->npeople];
    out->shares = calloc(nshares ? nshares : 1, sizeof *out->shares);
    if (!out->shares) {
        free(seen);
        return OUTLAY_ENOMEM;
    }
    for (size_t g = 0; g < out->ngroups; g++)
        seen[g] = NO_GROUP;
    for (size_t p = 0; p < in->npeople; p++) {
        struct outlay_settle_share *mine = out->shares + out->first[p];
        size_t n = person_groups(w, p, seen, mine);
        qsort(mine, n, sizeof *mine, by_group);
        for (size_t k = 0; k < n; k++) {
            int64_t *wg = &out->groups[mine[k].group].weight;
            if (__builtin_add_overflow(*wg, in->people[p].weight, wg)) {
                free(seen);
                return OUTLAY_EOVERFLOW;
            }
        }
    }
    free(seen);
    for (size_t g = 0; g < out->ngroups; g++)
        if (out->groups[g].weight == 0)
            return empty_group(w, g, err);
    if (!out->approximate)
        return split_groups(w);
    for (size_t p = 0; p < in->npeople; p++)
        for (size_t k = out->first[p]; k < out->first[p + 1]; k++) {
            const struct outlay_settle_group *g = &out->groups[out->shares[k].group];
            out->shares[k].amount = exact_share(g->total, in->people[p].weight, g->weight);
        }
    return OUTLAY_OK;
}

enum outlay_status outlay_settle_groups(const struct outlay_settle_input *in,
                                        struct outlay_settle_breakdown *out, outlay_err *err)
{
    struct work w = {.in = in, .out = out, .all = NO_GROUP};
    *out = (struct outlay_settle_breakdown){0};
    enum outlay_status st = check_input(in, err);
    if (st != OUTLAY_OK)
        return st;
    out->approximate = in->rule == OUTLAY_SETTLE_RULE_PERSON;
    st = breakdown(&w, err);
    free(w.tags);
    if (st != OUTLAY_OK) {
        outlay_settle_breakdown_release(out);
        if (st == OUTLAY_ENOMEM)
            outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
        else if (st == OUTLAY_EOVERFLOW)
            outlay_fail(err, OUTLAY_EOVERFLOW, OUTLAY_P_SETTLE_RANGE);
    }
    return st;
}

void outlay_settle_breakdown_release(struct outlay_settle_breakdown *b)
{
    if (!b)
        return;
    for (size_t g = 0; g < b->ngroups && b->groups; g++)
        free(b->groups[g].tag);
    free(b->groups);
    free(b->shares);
    free(b->first);
    *b = (struct outlay_settle_breakdown){0};
}
