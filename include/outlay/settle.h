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

struct outlay_settle_input {
    const struct outlay_settle_person *people;
    size_t npeople;
    const struct outlay_settle_expense *expenses;
    size_t nexpenses;
    int64_t subsidy_per_head; /* fen per unit of weight */
    const char *slug;         /* the activity, for the fix a message names; may be NULL */
};

enum outlay_settle_action {
    OUTLAY_SETTLE_SETTLED = 0,
    OUTLAY_SETTLE_REFUND,
    OUTLAY_SETTLE_SUPPLEMENT
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
    int64_t cash;         /* deposits - paid_out - (expenses - advanced) */
    int64_t union_share;  /* subsidy + union_funded */
};

struct outlay_settle_result {
    struct outlay_settle_row *rows; /* npeople rows; freed by _release */
    size_t nrows;
    struct outlay_settle_totals totals;
};

/* Computes SPEC §6. On OUTLAY_EINVAL (a group with no active member; the
 * message names the tag, or "everybody", and up to 20 expense ids) or
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

/* "refund", "supplement" or "settled" (untranslated: CSV/JSON values). */
const char *outlay_settle_action_name(enum outlay_settle_action a);

#endif
