/*
 * settle_model: SPEC §6 written a second time, for the tests, from the text
 * of the SPEC and nothing else, so that a test can say what outlay_settle
 * must answer without asking it. It works on the activity as a treasurer
 * records it (people, every expense with its void flag and who paid it,
 * each deposit and payout), in exact integers (__int128: no product of an
 * amount and a weight comes near its range), with no sorting, no hashing
 * and no tag strings: a tag is a bit.
 *
 *     struct model_activity a;
 *     model_random(&a, &rng);          // or fill it by hand
 *     struct model_result want;
 *     model_settle(&a, &want);         // want.rows[i].cost, want.totals.cash ...
 *
 * model_random() draws activities with every feature §6 has: weights (a few
 * of them huge), tag groups, negative group totals, union-funded expenses,
 * a subsidy per head (sometimes larger than any cost), withdrawn people with
 * deposits and advances, payouts and voided expenses; small amounts often,
 * so that remainders tie and the tie order matters.
 *
 * Rule 2 (SPEC §11.1, a.rule = 2) sums fractions over several groups whose
 * denominators are different total weights, which no fixed-width integer
 * holds in general; the model does it in GMP rationals, the plain way: one
 * rational per person, compared pairwise, no keys, no sorting.
 */
#ifndef OUTLAY_TESTS_SETTLE_MODEL_H
#define OUTLAY_TESTS_SETTLE_MODEL_H

#include <gmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/settle.h"

#define MODEL_MAX_PEOPLE 40
#define MODEL_MAX_EXPENSES 60
#define MODEL_MAX_PAYMENTS 80
#define MODEL_NTAGS 4
#define MODEL_ALL (-1) /* the group of an expense without a tag */

/* Tag t of the pool is model_tag_names[t]; "walk" is carried by some but
 * named by no expense. */
static const char *const model_tag_names[MODEL_NTAGS + 1] = {"rafting", "hotel", "kids", "bus",
                                                             "walk"};

struct model_person {
    char name[16];
    unsigned tags; /* bit t: carries model_tag_names[t] */
    int64_t weight;
    int withdrawn;
};

struct model_expense {
    int64_t amount; /* fen, may be negative */
    int tag;        /* MODEL_ALL or a tag index */
    int union_funded;
    int paid_by; /* -1: the treasurer paid it, else a person's index */
    int is_void;
};

struct model_payment {
    int who;
    int64_t amount;
};

struct model_activity {
    struct model_person people[MODEL_MAX_PEOPLE]; /* registration order */
    size_t npeople;
    struct model_expense expenses[MODEL_MAX_EXPENSES]; /* recording order */
    size_t nexpenses;
    struct model_payment deposits[MODEL_MAX_PAYMENTS], payouts[MODEL_MAX_PAYMENTS];
    size_t ndeposits, npayouts;
    int64_t subsidy_per_head;
    int rule; /* 2: SPEC §11.1; anything else: rule 1 (§6.3). model_random leaves 0 */
};

struct model_row {
    int64_t deposits, advanced, paid_out, cost, subsidy, due, balance, amount;
    enum outlay_settle_action action;
};

struct model_result {
    int error;           /* a group with expenses has no active member */
    unsigned empty_tags; /* bit t: tag group t is such a group */
    int empty_all;       /* "all" is such a group */
    struct model_row rows[MODEL_MAX_PEOPLE];
    struct outlay_settle_totals totals;
};

/* SPEC §6.3 for one group: share[i] = floor(A*w_i/W), then the leftover fen
 * one each to the members with the largest fractional parts, ties in
 * registration order (members are listed in that order); a negative total
 * is the negation of the split of its absolute value. Member i gets a
 * leftover fen exactly when fewer than `leftover` members come before it in
 * that ordering; the fractional parts all have the denominator W, so their
 * numerators compare as the parts do. */
static inline void model_split(__int128 total, const int64_t *w, size_t n, __int128 *share)
{
    __int128 mag = total < 0 ? -total : total, wsum = 0, leftover = mag;
    __int128 frac[MODEL_MAX_PEOPLE];
    for (size_t i = 0; i < n; i++)
        wsum += w[i];
    for (size_t i = 0; i < n; i++) {
        share[i] = mag * w[i] / wsum;
        frac[i] = mag * w[i] % wsum;
        leftover -= share[i];
    }
    for (size_t i = 0; i < n; i++) {
        __int128 before = 0;
        for (size_t j = 0; j < n; j++)
            before += frac[j] > frac[i] || (frac[j] == frac[i] && j < i);
        share[i] += before < leftover;
        if (total < 0)
            share[i] = -share[i];
    }
}

/* SPEC §11.1 for n people and ngroups groups: in[i * ngroups + g] says
 * whether person i belongs to group g, whose total is total[g]; W_g is the
 * weight of its members (the caller makes sure each group with a non-zero
 * total has one). Person i's exact share is c_i = sum of total[g] * w_i /
 * W_g over their groups; each gets floor(c_i), and the T - sum of floors
 * fen left over go one each to the largest fractional parts c_i -
 * floor(c_i), ties in registration order: person i gets one exactly when
 * fewer than `leftover` people come before it in that ordering. exact[i]
 * (initialised by the caller, may be NULL) receives c_i. */
static inline void model_share_people(const int64_t *total, size_t ngroups, const int64_t *w,
                                      size_t n, const unsigned char *in, __int128 *cost,
                                      mpq_t *exact)
{
    mpq_t c[MODEL_MAX_PEOPLE], frac[MODEL_MAX_PEOPLE], part;
    mpz_t fl, wsum, sum_total, sum_floor;
    mpq_init(part);
    mpz_inits(fl, wsum, sum_total, sum_floor, NULL);
    for (size_t i = 0; i < n; i++) {
        mpq_init(c[i]);
        mpq_init(frac[i]);
    }
    for (size_t g = 0; g < ngroups; g++) {
        mpz_set_si(wsum, 0);
        for (size_t i = 0; i < n; i++)
            if (in[i * ngroups + g])
                mpz_add_ui(wsum, wsum, (unsigned long)w[i]);
        mpz_set_si(fl, (long)total[g]);
        mpz_add(sum_total, sum_total, fl);
        for (size_t i = 0; i < n; i++) {
            if (!in[i * ngroups + g])
                continue;
            /* total[g] * w_i / W_g */
            mpz_mul_si(mpq_numref(part), fl, (long)w[i]);
            mpz_set(mpq_denref(part), wsum);
            mpq_canonicalize(part);
            mpq_add(c[i], c[i], part);
        }
    }
    for (size_t i = 0; i < n; i++) {
        mpz_fdiv_q(fl, mpq_numref(c[i]), mpq_denref(c[i])); /* floor, also below zero */
        mpz_add(sum_floor, sum_floor, fl);
        mpq_set_z(part, fl);
        mpq_sub(frac[i], c[i], part);
        cost[i] = (__int128)mpz_get_si(fl);
        if (exact)
            mpq_set(exact[i], c[i]);
    }
    mpz_sub(sum_total, sum_total, sum_floor);
    long leftover = mpz_get_si(sum_total);
    for (size_t i = 0; i < n; i++) {
        long before = 0;
        for (size_t j = 0; j < n; j++) {
            int cmp = mpq_cmp(frac[j], frac[i]);
            before += cmp > 0 || (cmp == 0 && j < i);
        }
        cost[i] += before < leftover;
    }
    for (size_t i = 0; i < n; i++) {
        mpq_clear(c[i]);
        mpq_clear(frac[i]);
    }
    mpq_clear(part);
    mpz_clears(fl, wsum, sum_total, sum_floor, NULL);
}

static inline int model_in_group(const struct model_person *p, int g)
{
    return !p->withdrawn && (g == MODEL_ALL || (p->tags >> g & 1u));
}

/* Narrows an exact result; the generator keeps every figure in range. */
static inline int64_t model_i64(__int128 v)
{
    if (v > INT64_MAX || v < INT64_MIN) {
        fprintf(stderr, "settle_model: a figure is out of int64 range\n");
        abort();
    }
    return (int64_t)v;
}

static inline void model_settle(const struct model_activity *a, struct model_result *r)
{
    __int128 cost[MODEL_MAX_PEOPLE] = {0}, share[MODEL_MAX_PEOPLE];
    __int128 expenses = 0, union_funded = 0;
    memset(r, 0, sizeof *r);

    /* §6.6: deposits, advances (non-void expenses a person paid, whoever
     * funds them) and payouts per person. */
    for (size_t k = 0; k < a->ndeposits; k++)
        r->rows[a->deposits[k].who].deposits += a->deposits[k].amount;
    for (size_t k = 0; k < a->npayouts; k++)
        r->rows[a->payouts[k].who].paid_out += a->payouts[k].amount;
    for (size_t k = 0; k < a->nexpenses; k++) {
        const struct model_expense *e = &a->expenses[k];
        if (e->is_void)
            continue;
        expenses += e->amount;
        union_funded += e->union_funded ? e->amount : 0;
        if (e->paid_by >= 0)
            r->rows[e->paid_by].advanced += e->amount;
    }

    /* §6.2-4: every group that has a non-void participant-funded expense is
     * split among its active members; cost is the sum of a person's shares.
     * Rule 2 (§11.1) rounds each person's exact share over their groups
     * once instead (below), once the same groups have been found. */
    int64_t group_total[MODEL_NTAGS + 1] = {0};
    unsigned char in[MODEL_MAX_PEOPLE * (MODEL_NTAGS + 1)] = {0};
    for (int g = MODEL_ALL; g < MODEL_NTAGS; g++) {
        __int128 total = 0;
        int has = 0;
        for (size_t k = 0; k < a->nexpenses; k++) {
            const struct model_expense *e = &a->expenses[k];
            if (!e->is_void && !e->union_funded && e->tag == g) {
                total += e->amount;
                has = 1;
            }
        }
        if (!has)
            continue;
        size_t who[MODEL_MAX_PEOPLE], n = 0;
        int64_t w[MODEL_MAX_PEOPLE];
        for (size_t i = 0; i < a->npeople; i++)
            if (model_in_group(&a->people[i], g)) {
                who[n] = i;
                w[n++] = a->people[i].weight;
            }
        if (n == 0) {
            r->error = 1;
            if (g == MODEL_ALL)
                r->empty_all = 1;
            else
                r->empty_tags |= 1u << g;
            continue;
        }
        if (a->rule == 2) {
            group_total[g + 1] = model_i64(total);
            for (size_t k = 0; k < n; k++)
                in[who[k] * (MODEL_NTAGS + 1) + (size_t)(g + 1)] = 1;
            continue;
        }
        model_split(total, w, n, share);
        for (size_t k = 0; k < n; k++)
            cost[who[k]] += share[k];
    }
    if (r->error)
        return;
    if (a->rule == 2) {
        /* withdrawn people are in no group: their share is 0 */
        int64_t w[MODEL_MAX_PEOPLE];
        for (size_t i = 0; i < a->npeople; i++)
            w[i] = a->people[i].weight;
        model_share_people(group_total, MODEL_NTAGS + 1, w, a->npeople, in, cost, NULL);
    }

    /* §6.5, 6.7, 6.8 per person, then the totals the table ends with. */
    struct outlay_settle_totals *t = &r->totals;
    __int128 sum[8] = {0}; /* cost, subsidy, due, deposits, advanced, paid_out, refunds, supp */
    for (size_t i = 0; i < a->npeople; i++) {
        struct model_row *row = &r->rows[i];
        const struct model_person *p = &a->people[i];
        __int128 c = p->withdrawn ? 0 : cost[i];
        __int128 cap = (__int128)a->subsidy_per_head * p->weight;
        __int128 s = c > 0 ? (c < cap ? c : cap) : 0;
        __int128 bal = (__int128)row->deposits + row->advanced - row->paid_out - (c - s);
        row->cost = model_i64(c);
        row->subsidy = model_i64(s);
        row->due = model_i64(c - s);
        row->balance = model_i64(bal);
        row->action = bal > 0   ? OUTLAY_SETTLE_REFUND
                      : bal < 0 ? OUTLAY_SETTLE_SUPPLEMENT
                                : OUTLAY_SETTLE_SETTLED;
        row->amount = model_i64(bal < 0 ? -bal : bal);
        sum[0] += c;
        sum[1] += s;
        sum[2] += c - s;
        sum[3] += row->deposits;
        sum[4] += row->advanced;
        sum[5] += row->paid_out;
        sum[6] += bal > 0 ? bal : 0;
        sum[7] += bal < 0 ? -bal : 0;
    }
    t->expenses = model_i64(expenses);
    t->union_funded = model_i64(union_funded);
    t->cost = model_i64(sum[0]);
    t->subsidy = model_i64(sum[1]);
    t->due = model_i64(sum[2]);
    t->deposits = model_i64(sum[3]);
    t->advanced = model_i64(sum[4]);
    t->paid_out = model_i64(sum[5]);
    t->refunds = model_i64(sum[6]);
    t->supplements = model_i64(sum[7]);
    /* the fund's cash: deposits - paid out - what the treasurer paid */
    t->cash = model_i64((__int128)sum[3] - sum[5] - (expenses - sum[4]));
    t->union_share = model_i64(sum[1] + union_funded);
}

/* Every person's exact share c_i (SPEC §11.1) into exact[] (initialised by
 * the caller): the groups as model_settle finds them, withdrawn people in
 * none. For an activity model_settle settles (no empty group). */
static inline void model_exact_shares(const struct model_activity *a, mpq_t *exact)
{
    int64_t total[MODEL_NTAGS + 1] = {0}, w[MODEL_MAX_PEOPLE];
    unsigned char in[MODEL_MAX_PEOPLE * (MODEL_NTAGS + 1)] = {0};
    __int128 cost[MODEL_MAX_PEOPLE];
    for (int g = MODEL_ALL; g < MODEL_NTAGS; g++) {
        for (size_t k = 0; k < a->nexpenses; k++) {
            const struct model_expense *e = &a->expenses[k];
            if (!e->is_void && !e->union_funded && e->tag == g)
                total[g + 1] += e->amount;
        }
        for (size_t i = 0; i < a->npeople; i++)
            in[i * (MODEL_NTAGS + 1) + (size_t)(g + 1)] =
                (unsigned char)model_in_group(&a->people[i], g);
    }
    for (size_t i = 0; i < a->npeople; i++)
        w[i] = a->people[i].weight;
    model_share_people(total, MODEL_NTAGS + 1, w, a->npeople, in, cost, exact);
}

/* --- random activities -------------------------------------------------- */

static inline uint64_t model_rng(uint64_t *s)
{
    uint64_t x = *s; /* xorshift64 */
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

/* Uniform in [lo, hi] (near enough: hi - lo is far below 2^64); the
 * arithmetic is unsigned so that wide ranges do not overflow. */
static inline int64_t model_rnd(uint64_t *s, int64_t lo, int64_t hi)
{
    uint64_t span = (uint64_t)hi - (uint64_t)lo + 1;
    return (int64_t)((uint64_t)lo + model_rng(s) % span);
}

/* An amount in fen: a few fen (remainders tie), an everyday bill, or now
 * and then one of up to 10^10 yuan. */
static inline int64_t model_amount(uint64_t *s, int scale)
{
    switch (scale) {
    case 0:
        return model_rnd(s, 1, 9);
    case 1:
        return model_rnd(s, 1, 200000);
    default:
        return model_rnd(s, 0, 30) ? model_rnd(s, 1, 5000000) : model_rnd(s, 1, 1000000000000);
    }
}

static inline void model_random(struct model_activity *a, uint64_t *s)
{
    memset(a, 0, sizeof *a);
    int scale = (int)model_rnd(s, 0, 2);
    int small = model_rnd(s, 0, 5) == 0; /* few people: empty groups happen */
    a->npeople = (size_t)(small ? model_rnd(s, 1, 3) : model_rnd(s, 2, MODEL_MAX_PEOPLE));
    int heavy = model_rnd(s, 0, 9) == 0; /* some weights near the CLI's 10^6 */
    for (size_t i = 0; i < a->npeople; i++) {
        struct model_person *p = &a->people[i];
        snprintf(p->name, sizeof p->name, "P%02u", (unsigned)i);
        p->tags = (unsigned)model_rnd(s, 0, (1 << (MODEL_NTAGS + 1)) - 1);
        p->weight = heavy && model_rnd(s, 0, 3) == 0 ? model_rnd(s, 1, 1000000)
                    : model_rnd(s, 0, 2)             ? 1
                                                     : model_rnd(s, 2, 5);
        p->withdrawn = model_rnd(s, 0, 5) == 0;
    }
    a->nexpenses = (size_t)model_rnd(s, 0, MODEL_MAX_EXPENSES);
    int credits = model_rnd(s, 0, 3) == 0; /* credits dominate: negative groups */
    for (size_t k = 0; k < a->nexpenses; k++) {
        struct model_expense *e = &a->expenses[k];
        e->amount = model_amount(s, scale);
        if (model_rnd(s, 0, credits ? 1 : 9) == 0)
            e->amount = -e->amount;
        e->tag = model_rnd(s, 0, 1) ? MODEL_ALL : (int)model_rnd(s, 0, MODEL_NTAGS - 1);
        e->union_funded = model_rnd(s, 0, 7) == 0;
        e->paid_by = model_rnd(s, 0, 4) == 0 ? (int)model_rnd(s, 0, (int64_t)a->npeople - 1) : -1;
        e->is_void = model_rnd(s, 0, 7) == 0;
    }
    for (size_t i = 0; i < a->npeople; i++)
        for (int64_t k = model_rnd(s, 0, 2); k > 0 && a->ndeposits < MODEL_MAX_PAYMENTS; k--)
            a->deposits[a->ndeposits++] = (struct model_payment){(int)i, model_amount(s, scale)};
    for (int64_t k = model_rnd(s, 0, 6); k > 0; k--)
        a->payouts[a->npayouts++] = (struct model_payment){
            (int)model_rnd(s, 0, (int64_t)a->npeople - 1), model_amount(s, scale)};
    switch (model_rnd(s, 0, 3)) {
    case 0:
        a->subsidy_per_head = 0;
        break;
    case 1: /* larger than any cost: everybody's subsidy is their cost */
        a->subsidy_per_head = model_rnd(s, 0, 1) ? 1000000000000 : model_rnd(s, 1, 10);
        break;
    default:
        a->subsidy_per_head = model_amount(s, scale) / 4;
    }
}

/* The model's activity as outlay_settle's input, as the ledger loads it
 * (SPEC §6.6: void expenses left out, each person's deposits, advances and
 * payouts summed). tags[i] receives person i's tag list, written with the
 * spaces, repeats and empty items people type; buffers live as long as *a. */
struct model_input {
    struct outlay_settle_person people[MODEL_MAX_PEOPLE];
    struct outlay_settle_expense expenses[MODEL_MAX_EXPENSES];
    char tags[MODEL_MAX_PEOPLE][160];
    char for_tags[MODEL_MAX_EXPENSES][16];
    struct outlay_settle_input in;
};

static inline void model_input(const struct model_activity *a, struct model_input *m, uint64_t *s)
{
    static const char *const seps[] = {";", " ; ", ";;", "; "};
    memset(m, 0, sizeof *m);
    for (size_t i = 0; i < a->npeople; i++) {
        const struct model_person *p = &a->people[i];
        char *t = m->tags[i];
        size_t len = 0;
        for (int k = MODEL_NTAGS; k >= 0; k--) /* reverse order: order is no matter */
            if (p->tags >> k & 1u)
                for (int rep = model_rnd(s, 0, 4) == 0 ? 2 : 1; rep > 0; rep--)
                    len +=
                        (size_t)snprintf(t + len, sizeof m->tags[i] - len, "%s%s",
                                         len ? seps[model_rnd(s, 0, 3)] : "", model_tag_names[k]);
        m->people[i] = (struct outlay_settle_person){.name = p->name,
                                                     .tags = model_rnd(s, 0, 9) || len ? t : NULL,
                                                     .weight = p->weight,
                                                     .withdrawn = p->withdrawn};
    }
    for (size_t k = 0; k < a->ndeposits; k++)
        m->people[a->deposits[k].who].deposits += a->deposits[k].amount;
    for (size_t k = 0; k < a->npayouts; k++)
        m->people[a->payouts[k].who].paid_out += a->payouts[k].amount;
    size_t n = 0;
    for (size_t k = 0; k < a->nexpenses; k++) {
        const struct model_expense *e = &a->expenses[k];
        if (e->is_void)
            continue;
        if (e->paid_by >= 0)
            m->people[e->paid_by].advanced += e->amount;
        const char *tag = NULL;
        if (e->tag != MODEL_ALL) {
            snprintf(m->for_tags[n], sizeof m->for_tags[n], model_rnd(s, 0, 3) ? "%s" : " %s ",
                     model_tag_names[e->tag]);
            tag = m->for_tags[n];
        } else if (model_rnd(s, 0, 1)) {
            tag = "";
        }
        m->expenses[n++] = (struct outlay_settle_expense){.id = (int64_t)k + 1,
                                                          .amount = e->amount,
                                                          .for_tag = tag,
                                                          .union_funded = e->union_funded};
    }
    m->in = (struct outlay_settle_input){m->people,
                                         a->npeople,
                                         m->expenses,
                                         n,
                                         a->subsidy_per_head,
                                         "rnd",
                                         a->rule == 2 ? OUTLAY_SETTLE_RULE_PERSON
                                                      : OUTLAY_SETTLE_RULE_GROUP,
                                         0};
}

#endif
