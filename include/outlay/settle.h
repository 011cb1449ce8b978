/*
 * settle: SPEC §6 settlement of one activity, as a pure computation over
 * plain structs (no storage, no I/O). The caller loads the inputs.
 *
 *     struct outlay_settle_person people[] = {{.name = "Ann", .weight = 1, .deposits = 36000}};
 *     struct outlay_settle_expense bus = {.id = 1, .amount = 30000};
 *     struct outlay_settle_input in = {.people = people, .npeople = 1,
 *                                      .expenses = &bus, .nexpenses = 1};
 *     struct outlay_settle_result r = {0}; outlay_err err = {0};
 *     if (outlay_settle_compute(&in, &r, &err) == OUTLAY_OK)
 *         printf("%lld\n", (long long)r.rows[0].balance);   // 6000: a refund
 *     outlay_settle_result_release(&r);
 */
#ifndef OUTLAY_SETTLE_H
#define OUTLAY_SETTLE_H

#include <stddef.h>
#include <stdint.h>

#include "outlay/status.h"

/* One participant, in registration order. Strings are borrowed. */
struct outlay_settle_person {
    const char *name;
    const char *tags; /* ';'-separated tags, "" or NULL for none */
    int64_t weight;   /* >= 1 */
    int withdrawn;    /* non-zero: withdrawn (SPEC §6.8) */
    int64_t deposits; /* deposits paid, supplements included */
    int64_t advanced; /* non-void expenses this person paid (paid_by) */
    int64_t paid_out; /* payouts made to this person */
};

/* One non-void expense (the caller leaves void ones out). */
struct outlay_settle_expense {
    int64_t id;
    int64_t amount;      /* fen, may be negative (a credit) */
    const char *for_tag; /* NULL or "" : shared by everybody ("all") */
    int union_funded;    /* non-zero: paid by the union, shared by nobody */
};

/* How the shared expenses become each person's cost (SPEC §6.3, §11.1). */
enum outlay_settle_rule {
    /* rule 1: each group split on its own by the largest remainder, so a
     * person in several groups may end more than a fen from their exact
     * share */
    OUTLAY_SETTLE_RULE_GROUP = 1,
    /* rule 2: each person's exact share over all their groups, rounded once:
     * every cost strictly within a fen of it */
    OUTLAY_SETTLE_RULE_PERSON = 2
};

struct outlay_settle_input {
    const struct outlay_settle_person *people;
    size_t npeople;
    const struct outlay_settle_expense *expenses;
    size_t nexpenses;
    int64_t subsidy_per_head; /* fen per unit of weight */
    const char *slug;         /* the activity, for the fix a message names; may be NULL */
    /* 0 is rule 1, which inputs written before rule 2 existed mean; any
     * other value is OUTLAY_EINVAL (OUTLAY_P_SETTLE_RULE) */
    enum outlay_settle_rule rule;
    /* SPEC §14: a refund below it is not paid out but kept (0: every
     * refund is paid) */
    int64_t min_refund;
};

enum outlay_settle_action {
    OUTLAY_SETTLE_SETTLED = 0,
    OUTLAY_SETTLE_REFUND,
    OUTLAY_SETTLE_SUPPLEMENT,
    /* SPEC §14: a refund below the activity's min_refund, kept in the fund
     * as income; counts as zero for closing */
    OUTLAY_SETTLE_KEPT
};

/* Row i belongs to people[i]. */
struct outlay_settle_row {
    int64_t cost, subsidy, due, balance;
    enum outlay_settle_action action;
    int64_t amount; /* |balance| */
};

struct outlay_settle_totals {
    int64_t expenses;     /* all non-void expenses */
    int64_t union_funded; /* of which funded by the union */
    int64_t advanced;     /* of which advanced by participants */
    int64_t cost;         /* sum of cost_i (== participant-funded expenses) */
    int64_t subsidy;      /* union subsidy */
    int64_t due;          /* sum of due_i */
    int64_t deposits;     /* deposits collected */
    int64_t paid_out;     /* paid out */
    int64_t refunds;      /* refunds still to pay */
    int64_t supplements;  /* supplements still to collect */
    int64_t kept;         /* refunds below min_refund, kept as income (SPEC §14) */
    int64_t cash;         /* deposits - paid_out - (expenses - advanced) */
    int64_t union_share;  /* subsidy + union_funded */
};

struct outlay_settle_result {
    struct outlay_settle_row *rows; /* npeople rows; freed by _release */
    size_t nrows;
    struct outlay_settle_totals totals;
};

/* Computes SPEC §6 under in->rule (§11.1). On OUTLAY_EINVAL (a group with
 * no active member; the message names the tag, or "everybody", and up to
 * 20 expense ids; a weight below 1, a negative subsidy, an unknown rule) or
 * OUTLAY_EOVERFLOW / OUTLAY_ENOMEM, out is left empty. Free with
 * outlay_settle_result_release(). */
enum outlay_status outlay_settle_compute(const struct outlay_settle_input *in,
                                         struct outlay_settle_result *out, outlay_err *err);

/* Frees rows and zeroes r; NULL and zeroed results are fine. */
void outlay_settle_result_release(struct outlay_settle_result *r);

/* Splits total among n weights by the largest-remainder method (SPEC §6.3):
 * shares[i] = floor(total*w_i/W), leftover fen one each to the largest
 * fractional parts, ties to the lower index; a negative total is the
 * negation of the split of its absolute value. Sum of shares == total.
 * OUTLAY_EINVAL if n == 0 or a weight < 1; OUTLAY_EOVERFLOW, OUTLAY_ENOMEM. */
enum outlay_status outlay_settle_split(int64_t total, const int64_t *weights, size_t n,
                                       int64_t *shares);

/* Rule 2's costs (SPEC §11.1) for n people: cost[i] gets person i's share
 * of the groups they belong to, exact share c_i = sum over g of
 * totals[g] * weights[i] / W_g, where W_g is the total weight of group g's
 * members, rounded once: floor(c_i) (towards minus infinity, so negative
 * shares work too), then the fen left over, total - sum of floors, one
 * each to the largest fractional parts c_i - floor(c_i), ties to the lower
 * index. So sum(cost) = sum(totals) and |cost[i] - c_i| < 1 fen.
 * Person i belongs to groups member[first[i]] .. member[first[i+1] - 1]
 * (first has n + 1 entries; a group at most once per person); a group that
 * has no member is OUTLAY_EINVAL. OUTLAY_EOVERFLOW when a group's weight
 * or a cost leaves int64; OUTLAY_ENOMEM. Exact: GMP rationals. */
enum outlay_status outlay_settle_split_people(const int64_t *totals, size_t ngroups,
                                              const int64_t *weights, size_t n, const size_t *first,
                                              const size_t *member, int64_t *cost);

/* "refund", "supplement", "kept" or "settled" (untranslated: CSV/JSON
 * values). */
const char *outlay_settle_action_name(enum outlay_settle_action a);

/* --- each person's share of each group (src/settle_groups.c) ----------- */

/* One expense group (SPEC §6.2) that has expenses. */
struct outlay_settle_group {
    char *tag;      /* the tag, trimmed, owned; NULL for "all" (everybody) */
    int64_t total;  /* A_g: the sum of its expenses */
    int64_t weight; /* W_g: the total weight of its active members */
};

/* Person i's share of groups[group]. */
struct outlay_settle_share {
    size_t group;
    int64_t amount; /* fen */
};

/* What each person's cost is made of, for a slip that shows it. Person i's
 * shares are shares[first[i]] .. shares[first[i + 1] - 1], in the order of
 * groups[] ("all" first, then the tags as the expenses name them); a
 * withdrawn person has none. */
struct outlay_settle_breakdown {
    struct outlay_settle_group *groups;
    size_t ngroups;
    struct outlay_settle_share *shares;
    size_t *first; /* npeople + 1 entries */
    size_t npeople;
    /* Rule 2 (SPEC §11.1): each amount is the group's exact share rounded to
     * the fen, half away from zero, so the amounts need not add up to the
     * cost, which is rounded once over all the groups. Rule 1: each amount
     * is the group's largest-remainder split (SPEC §6.3), and a person's
     * amounts add up to their cost exactly. */
    int approximate;
};

/* Breaks each active person's cost down by group under in->rule, with the
 * groups and memberships of outlay_settle_compute(). OUTLAY_EINVAL on what
 * outlay_settle_compute() refuses (a group with expenses and no active
 * member, with the same problems; a weight below 1; an unknown rule);
 * OUTLAY_EOVERFLOW, OUTLAY_ENOMEM. On failure out is left empty. Free with
 * outlay_settle_breakdown_release(). */
enum outlay_status outlay_settle_groups(const struct outlay_settle_input *in,
                                        struct outlay_settle_breakdown *out, outlay_err *err);
/* Frees and zeroes b; NULL and zeroed breakdowns are fine. */
void outlay_settle_breakdown_release(struct outlay_settle_breakdown *b);

#endif
