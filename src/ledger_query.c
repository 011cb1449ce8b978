/*
 * ledger_query: what the reports read from a ledger (SPEC §4, §6, §7): the
 * budget summary, the inputs of settlement and report loaded from the store
 * and computed, and the consistency checks. Nothing here writes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/date.h"
#include "outlay/ledger.h"
#include "outlay/money.h"
#include "outlay/report.h"
#include "outlay/text.h"

/* --- the per-activity limit (OUTLAY_ACTIVITY_MAX) ------------------------- */

/* The codes of each kind of records (enum outlay_amounts): a whole sentence
 * each, so that every language words it as a whole. */
static const enum outlay_problem limit_codes[OUTLAY_AMOUNTS_KINDS][2] = {
    [OUTLAY_AMOUNTS_BUDGET] = {OUTLAY_P_LIMIT_LINES, OUTLAY_P_LIMIT_LINES_PAST},
    [OUTLAY_AMOUNTS_EXPENSES] = {OUTLAY_P_LIMIT_EXPENSES, OUTLAY_P_LIMIT_EXPENSES_PAST},
    [OUTLAY_AMOUNTS_DEPOSITS] = {OUTLAY_P_LIMIT_DEPOSITS, OUTLAY_P_LIMIT_DEPOSITS_PAST},
    [OUTLAY_AMOUNTS_PAYOUTS] = {OUTLAY_P_LIMIT_PAYOUTS, OUTLAY_P_LIMIT_PAYOUTS_PAST},
};
static const enum outlay_problem over_codes[OUTLAY_AMOUNTS_KINDS][2] = {
    [OUTLAY_AMOUNTS_BUDGET] = {OUTLAY_P_OVER_LINES, OUTLAY_P_OVER_LINES_PAST},
    [OUTLAY_AMOUNTS_EXPENSES] = {OUTLAY_P_OVER_EXPENSES, OUTLAY_P_OVER_EXPENSES_PAST},
    [OUTLAY_AMOUNTS_DEPOSITS] = {OUTLAY_P_OVER_DEPOSITS, OUTLAY_P_OVER_DEPOSITS_PAST},
    [OUTLAY_AMOUNTS_PAYOUTS] = {OUTLAY_P_OVER_PAYOUTS, OUTLAY_P_OVER_PAYOUTS_PAST},
};
static const enum outlay_problem total_codes[OUTLAY_AMOUNTS_KINDS] = {
    [OUTLAY_AMOUNTS_BUDGET] = OUTLAY_P_TOTAL_LINES,
    [OUTLAY_AMOUNTS_EXPENSES] = OUTLAY_P_TOTAL_EXPENSES,
    [OUTLAY_AMOUNTS_DEPOSITS] = OUTLAY_P_TOTAL_DEPOSITS,
    [OUTLAY_AMOUNTS_PAYOUTS] = OUTLAY_P_TOTAL_PAYOUTS,
};

/* The problems below belong to activity a. */
static void name_activity(outlay_err *err, const struct outlay_activity *a)
{
    if (err)
        snprintf(err->activity, sizeof err->activity, "%s", a->slug);
}

/* Whether the activity's records of a kind add up to more than the limit;
 * if so, *total says to how much, and *past that it is more than int64_t
 * holds (*total is then INT64_MAX). Unless exact, a count small enough
 * proves it without a pass over the amounts. */
static enum outlay_status over_limit(outlay_store *st, const struct outlay_activity *a,
                                     enum outlay_amounts kind, int exact, int *over, int *past,
                                     int64_t *total, outlay_err *err)
{
    int64_t n = 0, sum = 0, added = 0, added_sum = 0;
    *over = *past = 0;
    enum outlay_status rc = OUTLAY_OK;
    /* Every amount is at most OUTLAY_MONEY_MAX (SPEC §3), so up to 10,000
     * records cannot pass the limit: the usual activity costs no scan.
     * Those an import just wrote are known exactly and numbered after all
     * the others, which are counted no further than the bound: a million
     * imported into an empty activity cost neither a scan nor a count. */
    if (!exact) {
        outlay_store_bulk_added(st, a->id, kind, &added, &added_sum);
        if (added_sum <= OUTLAY_ACTIVITY_MAX) {
            int64_t bound = (OUTLAY_ACTIVITY_MAX - added_sum) / OUTLAY_MONEY_MAX;
            int64_t first = outlay_store_bulk_first_no(st, a->id, kind);
            rc = outlay_store_amount_count_below(st, a->id, kind, first > 0 ? first : INT64_MAX,
                                                 bound + 1, &n, err);
            if (rc != OUTLAY_OK || n <= bound)
                return rc;
        }
    }
    rc = outlay_store_amount_magnitude(st, a->id, kind, &sum, err);
    if (rc == OUTLAY_EOVERFLOW && !outlay_store_failed(st)) {
        outlay_err_clear(err);
        *total = INT64_MAX;
        *over = *past = 1;
        return OUTLAY_OK;
    }
    if (rc == OUTLAY_OK && sum > OUTLAY_ACTIVITY_MAX) {
        *total = sum;
        *over = 1;
    }
    return rc;
}

enum outlay_status outlay_ledger_limit(outlay_store *st, const struct outlay_activity *a,
                                       enum outlay_amounts kind, outlay_err *err)
{
    int64_t total = 0;
    int over = 0, past = 0;
    if ((unsigned)kind >= OUTLAY_AMOUNTS_KINDS)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_INTERNAL_KIND, OUTLAY_A_TEXT("amounts"),
                           OUTLAY_A_INT(kind));
    enum outlay_status rc = over_limit(st, a, kind, 0, &over, &past, &total, err);
    if (rc != OUTLAY_OK || !over)
        return rc;
    name_activity(err, a);
    return outlay_fail(err, OUTLAY_EOVERFLOW, limit_codes[kind][past], OUTLAY_A_MONEY(total),
                       OUTLAY_A_MONEY(OUTLAY_ACTIVITY_MAX));
}

long outlay_ledger_limit_problems(outlay_store *st, const struct outlay_activity *a,
                                  outlay_problem_cb cb, void *ctx, outlay_err *err)
{
    long count = 0;
    for (int k = 0; k < OUTLAY_AMOUNTS_KINDS; k++) {
        int64_t total = 0;
        int over = 0, past = 0;
        /* exact: a ledger written before the limit may hold anything */
        if (over_limit(st, a, (enum outlay_amounts)k, 1, &over, &past, &total, err) != OUTLAY_OK)
            return -1;
        if (!over)
            continue;
        outlay_err p = {0};
        name_activity(&p, a);
        outlay_fail(&p, OUTLAY_ECHECK, over_codes[k][past], OUTLAY_A_MONEY(total),
                    OUTLAY_A_MONEY(OUTLAY_ACTIVITY_MAX));
        cb(ctx, &p);
        count++;
    }
    return count;
}

/* OUTLAY_EOVERFLOW for a sum of the activity's records that does not fit in
 * int64_t: `code` names them, with `who` (a person or a category) first
 * when it takes one. */
static enum outlay_status sum_error(const struct outlay_activity *a, enum outlay_problem code,
                                    const char *who, outlay_err *err)
{
    name_activity(err, a);
    if (who)
        return outlay_fail(err, OUTLAY_EOVERFLOW, code, OUTLAY_A_INPUT(who),
                           OUTLAY_A_MONEY(INT64_MAX));
    return outlay_fail(err, OUTLAY_EOVERFLOW, code, OUTLAY_A_MONEY(INT64_MAX));
}

enum outlay_status outlay_ledger_total_error(const struct outlay_activity *a,
                                             enum outlay_amounts kind, outlay_err *err)
{
    if ((unsigned)kind >= OUTLAY_AMOUNTS_KINDS)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_INTERNAL_KIND, OUTLAY_A_TEXT("amounts"),
                           OUTLAY_A_INT(kind));
    return sum_error(a, total_codes[kind], NULL, err);
}

/* --- budget, settlement and report figures -------------------------------- */

enum outlay_status outlay_ledger_budget_summary(outlay_store *st, const struct outlay_activity *a,
                                                struct outlay_budget_summary *s, outlay_err *err)
{
    outlay_line_cursor *c = NULL;
    struct outlay_budget_line l;
    int r = 0;
    memset(s, 0, sizeof *s);
    enum outlay_status rc = outlay_store_lines(st, a->id, &c, err);
    while (rc == OUTLAY_OK && (r = outlay_line_cursor_next(c, &l, err)) == 1) {
        if (l.is_void)
            continue; /* SPEC §11: listed, counted nowhere */
        int64_t *part = l.funded_by == OUTLAY_FUND_UNION ? &s->union_funded : &s->participants;
        if (outlay_money_add(s->total, l.amount, &s->total) ||
            outlay_money_add(*part, l.amount, part))
            rc = outlay_ledger_total_error(a, OUTLAY_AMOUNTS_BUDGET, err);
    }
    outlay_line_cursor_close(c);
    if (rc == OUTLAY_OK && r < 0)
        rc = err->status;
    /* SPEC §13: the split settle will make at the planned headcount, and
     * the figure a treasurer sets the deposit from, rounded up. */
    s->participants_share = s->participants;
    s->union_share = s->union_funded;
    if (rc == OUTLAY_OK && a->headcount > 0 &&
        (outlay_money_mul(a->subsidy_per_head, a->headcount, &s->subsidy) ||
         outlay_money_add(s->union_funded, s->subsidy, &s->union_share) ||
         outlay_money_add(s->participants, -s->subsidy, &s->participants_share)))
        rc = outlay_ledger_total_error(a, OUTLAY_AMOUNTS_BUDGET, err);
    if (rc == OUTLAY_OK && a->headcount > 0)
        s->share_per_head = outlay_report_share_per_head(s->participants_share, a->headcount);
    return rc;
}

/* Index of participant `id` in people (sorted by id), or -1. */
static long person_index(const struct outlay_participant *people, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (people[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && people[lo].id == id ? (long)lo : -1;
}

/* A string interner with a hash index: settlement holds a million expenses
 * but fewer distinct tags, so each expense points at one shared copy, and
 * the checks use it as a set of tags. A lookup costs the same however many
 * tags there are: a ledger can have a tag group per participant (issue 12),
 * where a linear search made settle quadratic. The strings keep the order
 * in which they were first added. */
struct interner {
    char **v;
    size_t n, cap;
    size_t *slots; /* 2 * cap slots: 1 + an index into v, or 0 when empty */
};

/* The slot holding s[0, len), or the empty slot where it would go. */
static size_t *intern_slot(const struct interner *in, const char *s, size_t len)
{
    size_t mask = 2 * in->cap - 1;
    for (size_t h = outlay_text_hash(s, len) & mask;; h = (h + 1) & mask) {
        size_t k = in->slots[h];
        if (!k || (strncmp(in->v[k - 1], s, len) == 0 && in->v[k - 1][len] == 0))
            return &in->slots[h];
    }
}

/* Doubles the room, keeping the hash at most half full. */
static int intern_grow(struct interner *in)
{
    size_t cap = in->cap ? in->cap * 2 : 16;
    char **v = realloc(in->v, cap * sizeof *v);
    if (!v)
        return -1;
    in->v = v;
    size_t *slots = calloc(2 * cap, sizeof *slots);
    if (!slots)
        return -1;
    free(in->slots);
    in->slots = slots;
    in->cap = cap;
    for (size_t i = 0; i < in->n; i++)
        *intern_slot(in, in->v[i], strlen(in->v[i])) = i + 1;
    return 0;
}

/* The index of s[0, len) among the interned strings, or -1. */
static long intern_find(const struct interner *in, const char *s, size_t len)
{
    size_t k = in->n ? *intern_slot(in, s, len) : 0;
    return k ? (long)k - 1 : -1;
}

/* The shared copy of s[0, len), added on first sight; NULL when out of
 * memory. It lives until interner_release. */
static const char *intern_n(struct interner *in, const char *s, size_t len)
{
    if (in->n == in->cap && intern_grow(in) != 0)
        return NULL;
    size_t *slot = intern_slot(in, s, len);
    if (*slot)
        return in->v[*slot - 1];
    char *copy = strndup(s, len);
    if (!copy)
        return NULL;
    in->v[in->n++] = copy;
    *slot = in->n;
    return copy;
}

/* As intern_n for a whole string; NULL for NULL or "" too. */
static const char *intern(struct interner *in, const char *s)
{
    return s && *s ? intern_n(in, s, strlen(s)) : NULL;
}

static void interner_release(struct interner *in)
{
    for (size_t i = 0; i < in->n; i++)
        free(in->v[i]);
    free(in->v);
    free(in->slots);
    memset(in, 0, sizeof *in);
}

static enum outlay_status load_people(outlay_store *st, const struct outlay_activity *a,
                                      struct outlay_settlement *s, outlay_err *err)
{
    outlay_participant_cursor *c = NULL;
    struct outlay_participant p;
    size_t cap = 0;
    int r = 0;
    enum outlay_status rc = outlay_store_participants(st, a->id, &c, err);
    while (rc == OUTLAY_OK && (r = outlay_participant_cursor_next(c, &p, err)) == 1) {
        if (s->npeople == cap) {
            cap = cap ? cap * 2 : 64;
            void *np = realloc(s->people, cap * sizeof *s->people);
            void *ni = np ? realloc(s->inputs, cap * sizeof *s->inputs) : NULL;
            if (np)
                s->people = np;
            if (!ni) {
                rc = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
                break;
            }
            s->inputs = ni;
        }
        struct outlay_participant *q = &s->people[s->npeople];
        *q = p;
        q->name = strdup(p.name);
        q->dept = p.dept ? strdup(p.dept) : NULL;
        q->tags = strdup(p.tags ? p.tags : "");
        s->npeople++;
        if (!q->name || !q->tags || (p.dept && !q->dept))
            rc = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
        s->inputs[s->npeople - 1] = (struct outlay_settle_person){
            .name = q->name, .tags = q->tags, .weight = q->weight, .withdrawn = q->withdrawn};
    }
    outlay_participant_cursor_close(c);
    if (rc == OUTLAY_OK && r < 0)
        rc = err->status;
    return rc;
}

/* Adds per-person sums of one kind (deposits, payouts, advances). */
static enum outlay_status load_person_sums(outlay_store *st, const struct outlay_activity *a,
                                           struct outlay_settlement *s, enum outlay_person_sum kind,
                                           outlay_err *err)
{
    outlay_id_sum_cursor *c = NULL;
    int64_t id = 0, amount;
    int r = 0;
    enum outlay_status rc = outlay_store_person_sums(st, a->id, kind, &c, err);
    while (rc == OUTLAY_OK && (r = outlay_id_sum_cursor_next(c, &id, &amount, err)) == 1) {
        long i = person_index(s->people, s->npeople, id);
        if (i < 0)
            continue;
        struct outlay_settle_person *p = &s->inputs[i];
        int64_t *field = kind == OUTLAY_PERSON_DEPOSITS  ? &p->deposits
                         : kind == OUTLAY_PERSON_PAYOUTS ? &p->paid_out
                                                         : &p->advanced;
        *field = amount;
    }
    outlay_id_sum_cursor_close(c);
    if (rc == OUTLAY_OK && r < 0)
        rc = err->status;
    long who = rc == OUTLAY_EOVERFLOW ? person_index(s->people, s->npeople, id) : -1;
    if (rc == OUTLAY_EOVERFLOW && who < 0) {
        rc = outlay_ledger_total_error(a,
                                       kind == OUTLAY_PERSON_DEPOSITS  ? OUTLAY_AMOUNTS_DEPOSITS
                                       : kind == OUTLAY_PERSON_PAYOUTS ? OUTLAY_AMOUNTS_PAYOUTS
                                                                       : OUTLAY_AMOUNTS_EXPENSES,
                                       err);
    } else if (who >= 0) {
        rc = sum_error(a,
                       kind == OUTLAY_PERSON_DEPOSITS  ? OUTLAY_P_TOTAL_PERSON_DEPOSITS
                       : kind == OUTLAY_PERSON_PAYOUTS ? OUTLAY_P_TOTAL_PERSON_PAYOUTS
                                                       : OUTLAY_P_TOTAL_PERSON_ADVANCES,
                       s->people[who].name, err);
    }
    return rc;
}

/* Loads what settlement shares: the maintained group totals (one pseudo
 * expense per group), or with each=1 every non-void expense. */
static enum outlay_status load_expenses(outlay_store *st, const struct outlay_activity *a, int each,
                                        struct outlay_settle_expense **ex, size_t *nex,
                                        struct interner *tags, outlay_err *err)
{
    outlay_share_cursor *c = NULL;
    struct outlay_expense e;
    size_t cap = 0;
    int r = 0;
    enum outlay_status rc = each ? outlay_store_settle_expenses(st, a->id, &c, err)
                                 : outlay_store_groups(st, a->id, &c, err);
    while (rc == OUTLAY_OK && (r = outlay_share_cursor_next(c, &e, err)) == 1) {
        if (*nex == cap) {
            cap = cap ? cap * 2 : 64;
            void *n = realloc(*ex, cap * sizeof **ex);
            if (!n) {
                rc = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
                break;
            }
            *ex = n;
        }
        const char *tag = intern(tags, e.for_tag);
        if (e.for_tag && *e.for_tag && !tag) {
            rc = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
            break;
        }
        (*ex)[(*nex)++] =
            (struct outlay_settle_expense){.id = e.id,
                                           .amount = e.amount,
                                           .for_tag = tag,
                                           .union_funded = e.funded_by == OUTLAY_FUND_UNION};
    }
    outlay_share_cursor_close(c);
    if (rc == OUTLAY_OK && r < 0)
        rc = err->status;
    return rc;
}

enum outlay_status outlay_ledger_settle(outlay_store *st, const struct outlay_activity *a,
                                        struct outlay_settlement *s, outlay_err *err)
{
    struct outlay_settle_expense *ex = NULL;
    size_t nex = 0;
    struct interner tags = {0};
    memset(s, 0, sizeof *s);
    enum outlay_status rc = load_people(st, a, s, err);
    for (int kind = 0; kind < OUTLAY_PERSON_SUMS && rc == OUTLAY_OK; kind++)
        rc = load_person_sums(st, a, s, (enum outlay_person_sum)kind, err);
    /* Shares depend only on each group's total (SPEC §6.3), so the
     * maintained totals settle exactly what every expense would. */
    if (rc == OUTLAY_OK)
        rc = load_expenses(st, a, 0, &ex, &nex, &tags, err);
    for (int each = 0; rc == OUTLAY_OK && each < 2; each++) {
        struct outlay_settle_input in = {.people = s->inputs,
                                         .npeople = s->npeople,
                                         .expenses = ex,
                                         .nexpenses = nex,
                                         .subsidy_per_head = a->subsidy_per_head,
                                         .slug = a->slug,
                                         .rule = a->settle_rule,
                                         .min_refund = a->min_refund};
        rc = outlay_settle_compute(&in, &s->result, err);
        if (rc != OUTLAY_EINVAL || each)
            break;
        /* A group nobody shares: load every expense so the message can
         * name their ids. */
        nex = 0;
        rc = load_expenses(st, a, 1, &ex, &nex, &tags, err);
    }
    free(ex);
    interner_release(&tags);
    return rc;
}

void outlay_settlement_release(struct outlay_settlement *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->npeople; i++) {
        free(s->people[i].name);
        free(s->people[i].dept);
        free(s->people[i].tags);
    }
    free(s->people);
    free(s->inputs);
    outlay_settle_result_release(&s->result);
    memset(s, 0, sizeof *s);
}

/* Loads one side's per-category sums, copying the names into r->strings. */
static enum outlay_status load_sums(outlay_store *st, const struct outlay_activity *a,
                                    enum outlay_category_side side, struct outlay_ledger_report *r,
                                    struct outlay_report_amount **out, size_t *n, outlay_err *err)
{
    outlay_sum_cursor *c = NULL;
    const char *key = NULL;
    int64_t amount;
    size_t cap = 0;
    int k = 0;
    enum outlay_status rc = outlay_store_category_sums(st, a->id, side, &c, err);
    while (rc == OUTLAY_OK && (k = outlay_sum_cursor_next(c, &key, &amount, err)) == 1) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            void *v = realloc(*out, cap * sizeof **out);
            void *s = v ? realloc(r->strings, (r->nstrings + cap) * sizeof *r->strings) : NULL;
            if (v)
                *out = v;
            if (!s) {
                rc = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
                break;
            }
            r->strings = s;
        }
        char *copy = strdup(key ? key : "");
        if (!copy) {
            rc = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
            break;
        }
        r->strings[r->nstrings++] = copy;
        (*out)[(*n)++] = (struct outlay_report_amount){copy, amount};
    }
    if (rc == OUTLAY_OK && k < 0)
        rc = err->status;
    if (rc == OUTLAY_EOVERFLOW)
        rc = sum_error(a, OUTLAY_P_TOTAL_CATEGORY_LINES, key ? key : "", err);
    outlay_sum_cursor_close(c);
    return rc;
}

enum outlay_status outlay_ledger_report(outlay_store *st, const struct outlay_activity *a,
                                        struct outlay_ledger_report *r, outlay_err *err)
{
    struct outlay_report_amount *budget = NULL, *actual = NULL;
    size_t nb = 0, na = 0;
    memset(r, 0, sizeof *r);
    enum outlay_status rc = load_sums(st, a, OUTLAY_CATEGORY_BUDGET, r, &budget, &nb, err);
    if (rc == OUTLAY_OK)
        rc = load_sums(st, a, OUTLAY_CATEGORY_ACTUAL, r, &actual, &na, err);
    if (rc == OUTLAY_OK &&
        (rc = outlay_report_compute(budget, nb, actual, na, &r->report, err)) == OUTLAY_EOVERFLOW) {
        /* report.c names the category; say which activity it is in. */
        snprintf(err->activity, sizeof err->activity, "%s", a->slug);
    }
    free(budget);
    free(actual);
    if (rc != OUTLAY_OK)
        outlay_ledger_report_release(r);
    return rc;
}

void outlay_ledger_report_release(struct outlay_ledger_report *r)
{
    if (!r)
        return;
    outlay_report_release(&r->report);
    for (size_t i = 0; i < r->nstrings; i++)
        free(r->strings[i]);
    free(r->strings);
    memset(r, 0, sizeof *r);
}

/* Passes a problem of activity a to cb and counts it. */
static void report(outlay_problem_cb cb, void *ctx, long *count, outlay_err *p,
                   const struct outlay_activity *a)
{
    name_activity(p, a);
    (*count)++;
    cb(ctx, p);
}

/* SPEC §7: advances by participants who have withdrawn. */
static enum outlay_status withdrawn_problems(outlay_store *st, const struct outlay_activity *a,
                                             outlay_problem_cb cb, void *ctx, long *count,
                                             outlay_err *err)
{
    outlay_id_text_cursor *c = NULL;
    const char *name;
    int64_t id;
    int r = 0;
    enum outlay_status rc = outlay_store_withdrawn_advances(st, a->id, &c, err);
    while (rc == OUTLAY_OK && (r = outlay_id_text_cursor_next(c, &id, &name, err)) == 1) {
        outlay_err p = {0};
        outlay_fail(&p, OUTLAY_ECHECK, OUTLAY_P_WITHDRAWN_PAYER, OUTLAY_A_INT(id),
                    OUTLAY_A_TEXT(name));
        report(cb, ctx, count, &p, a);
    }
    outlay_id_text_cursor_close(c);
    return rc == OUTLAY_OK && r < 0 ? err->status : rc;
}

/* The distinct tags of the expense groups (one group per tag and funder),
 * in order of each tag's first expense. */
static enum outlay_status group_tags(outlay_store *st, const struct outlay_activity *a,
                                     struct interner *tags, outlay_err *err)
{
    outlay_share_cursor *c = NULL;
    struct outlay_expense g;
    int r = 0;
    enum outlay_status rc = outlay_store_groups(st, a->id, &c, err);
    while (rc == OUTLAY_OK && (r = outlay_share_cursor_next(c, &g, err)) == 1)
        if (g.for_tag && *g.for_tag && !intern(tags, g.for_tag))
            rc = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    outlay_share_cursor_close(c);
    return rc == OUTLAY_OK && r < 0 ? err->status : rc;
}

/* Sets carried[k] when an active participant carries tags->v[k]. A tag is
 * one whole ';'-separated item of the stored list (stored trimmed, so this
 * is the match settlement makes): 'raft' is not carried by 'rafting'. Reads
 * the participants once, and only until every tag is found, so a ledger
 * whose tags are all carried early reads few of them. */
static enum outlay_status mark_carried(outlay_store *st, const struct outlay_activity *a,
                                       const struct interner *tags, unsigned char *carried,
                                       outlay_err *err)
{
    outlay_participant_cursor *c = NULL;
    struct outlay_participant p;
    size_t left = tags->n;
    int r = 0;
    enum outlay_status rc = outlay_store_participants(st, a->id, &c, err);
    while (rc == OUTLAY_OK && left > 0 && (r = outlay_participant_cursor_next(c, &p, err)) == 1) {
        if (p.withdrawn || !p.tags)
            continue;
        for (const char *t = p.tags; *t;) {
            size_t len = strcspn(t, ";");
            long k = len > 0 ? intern_find(tags, t, len) : -1;
            if (k >= 0 && !carried[k]) {
                carried[k] = 1;
                left--;
            }
            t += len + (t[len] == ';');
        }
    }
    outlay_participant_cursor_close(c);
    return rc == OUTLAY_OK && r < 0 ? err->status : rc;
}

#define ORPHAN_IDS 10 /* expense ids a message names */

struct orphan_ids {
    int64_t id[ORPHAN_IDS];
    size_t n;
};

/* The first ten non-void expenses of each orphan tag, in one pass over the
 * tagged expenses that ends once every orphan has its ten. */
static enum outlay_status orphan_ids(outlay_store *st, const struct outlay_activity *a,
                                     const struct interner *orphans, struct orphan_ids *ids,
                                     outlay_err *err)
{
    outlay_id_text_cursor *c = NULL;
    const char *tag;
    int64_t id;
    size_t full = 0;
    int r = 0;
    enum outlay_status rc = outlay_store_tagged_expenses(st, a->id, &c, err);
    while (rc == OUTLAY_OK && full < orphans->n &&
           (r = outlay_id_text_cursor_next(c, &id, &tag, err)) == 1) {
        long k = intern_find(orphans, tag, strlen(tag));
        if (k < 0 || ids[k].n == ORPHAN_IDS)
            continue;
        ids[k].id[ids[k].n++] = id;
        full += ids[k].n == ORPHAN_IDS;
    }
    outlay_id_text_cursor_close(c);
    return rc == OUTLAY_OK && r < 0 ? err->status : rc;
}

/* SPEC §7: expenses for a tag no active participant carries. The work is
 * linear in participants, groups and tagged expenses (issue 12): the group
 * tags go into a hash set and one pass over the participants marks those
 * carried, instead of a search of the participants for each group. */
static enum outlay_status orphan_problems(outlay_store *st, const struct outlay_activity *a,
                                          outlay_problem_cb cb, void *ctx, long *count,
                                          outlay_err *err)
{
    struct interner tags = {0}, orphans = {0};
    unsigned char *carried = NULL;
    struct orphan_ids *ids = NULL;
    enum outlay_status rc = group_tags(st, a, &tags, err);
    if (rc == OUTLAY_OK && tags.n > 0 && !(carried = calloc(tags.n, 1)))
        rc = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    if (rc == OUTLAY_OK && tags.n > 0)
        rc = mark_carried(st, a, &tags, carried, err);
    for (size_t k = 0; rc == OUTLAY_OK && k < tags.n; k++)
        if (!carried[k] && !intern(&orphans, tags.v[k]))
            rc = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    if (rc == OUTLAY_OK && orphans.n > 0 && !(ids = calloc(orphans.n, sizeof *ids)))
        rc = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    if (rc == OUTLAY_OK && orphans.n > 0)
        rc = orphan_ids(st, a, &orphans, ids, err);
    for (size_t k = 0; rc == OUTLAY_OK && k < orphans.n; k++) {
        char list[ORPHAN_IDS * 22] = ""; /* "4, 7, 9": room for ten int64 */
        size_t len = 0;
        for (size_t i = 0; i < ids[k].n; i++)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%lld", i ? ", " : "",
                                    (long long)ids[k].id[i]);
        outlay_err p = {0};
        outlay_fail(&p, OUTLAY_ECHECK, OUTLAY_P_ORPHAN_TAG, OUTLAY_A_TEXT(orphans.v[k]),
                    OUTLAY_A_TEXT(list), OUTLAY_A_TEXT(a->slug));
        report(cb, ctx, count, &p, a);
    }
    free(ids);
    free(carried);
    interner_release(&tags);
    interner_release(&orphans);
    return rc;
}

long outlay_ledger_deposit_problems(outlay_store *st, const struct outlay_activity *a,
                                    int64_t participant_id, outlay_problem_cb cb, void *ctx,
                                    outlay_err *err)
{
    struct outlay_settlement s = {0};
    long count = 0;
    if (a->deposit <= 0)
        return 0; /* nothing planned, nothing to compare with */
    enum outlay_status rc = load_people(st, a, &s, err);
    if (rc == OUTLAY_OK)
        rc = load_person_sums(st, a, &s, OUTLAY_PERSON_DEPOSITS, err);
    for (size_t i = 0; rc == OUTLAY_OK && i < s.npeople; i++) {
        int64_t limit;
        if (participant_id && s.people[i].id != participant_id)
            continue;
        /* Past int64 the limit is out of reach of any deposit. */
        if (__builtin_mul_overflow(a->deposit, s.people[i].weight, &limit) ||
            __builtin_mul_overflow(limit, 2, &limit) || s.inputs[i].deposits <= limit)
            continue;
        outlay_err p = {0};
        outlay_fail(&p, OUTLAY_ECHECK, OUTLAY_P_DEPOSIT_EXCESS, OUTLAY_A_TEXT(s.people[i].name),
                    OUTLAY_A_MONEY(s.inputs[i].deposits), OUTLAY_A_MONEY(limit));
        report(cb, ctx, &count, &p, a);
    }
    outlay_settlement_release(&s);
    if (rc == OUTLAY_EOVERFLOW) { /* an older ledger past the limit: check names it */
        outlay_err_clear(err);
        rc = OUTLAY_OK;
    }
    return rc == OUTLAY_OK ? count : -1;
}

/* SPEC §11: a category the budget has no line in, and the nearest one it
 * has (in code points; the first of equals). */
static enum outlay_status category_problem(outlay_store *st, const struct outlay_activity *a,
                                           const char *category, outlay_problem_cb cb, void *ctx,
                                           long *count, outlay_err *err)
{
    outlay_sum_cursor *c = NULL;
    const char *key;
    int64_t amount;
    int r = 0, lines = 0;
    size_t best = (size_t)-1;
    char *nearest = NULL;
    enum outlay_status rc = outlay_store_category_sums(st, a->id, OUTLAY_CATEGORY_BUDGET, &c, err);
    while (rc == OUTLAY_OK && (r = outlay_sum_cursor_next(c, &key, &amount, err)) == 1) {
        lines = 1;
        if (strcmp(key, category) == 0)
            break;
        size_t d =
            outlay_text_casecmp(key, category) == 0 ? 0 : outlay_text_distance(key, category);
        if (d < best) {
            best = d;
            free(nearest);
            if (!(nearest = strdup(key)))
                rc = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
        }
    }
    outlay_sum_cursor_close(c);
    if (rc == OUTLAY_OK && r < 0 && err->status == OUTLAY_EOVERFLOW)
        outlay_err_clear(err); /* sums past int64 (an older ledger): names suffice */
    else if (rc == OUTLAY_OK && r < 0)
        rc = err->status;
    if (rc == OUTLAY_OK && lines && r == 0) {
        outlay_err p = {0};
        if (nearest)
            outlay_fail(&p, OUTLAY_ECHECK, OUTLAY_P_EXPENSE_UNBUDGETED_NEAR,
                        OUTLAY_A_TEXT(category), OUTLAY_A_TEXT(a->slug), OUTLAY_A_TEXT(nearest));
        else
            outlay_fail(&p, OUTLAY_ECHECK, OUTLAY_P_EXPENSE_UNBUDGETED, OUTLAY_A_TEXT(category),
                        OUTLAY_A_TEXT(a->slug));
        (*count)++;
        cb(ctx, &p);
    }
    free(nearest);
    return rc;
}

long outlay_ledger_expense_problems(outlay_store *st, const struct outlay_activity *a,
                                    const char *date, const char *category, outlay_problem_cb cb,
                                    void *ctx, outlay_err *err)
{
    long count = 0;
    long day = outlay_date_days(date);
    const char *start = a->date && *a->date ? a->date : NULL;
    const char *end = a->end_date && *a->end_date ? a->end_date : start;
    /* SPEC §11: more than 30 days before the start or after the end. */
    if (day != OUTLAY_DATE_NONE && start && outlay_date_days(start) - day > 30) {
        outlay_err p = {0};
        outlay_fail(&p, OUTLAY_ECHECK, OUTLAY_P_EXPENSE_EARLY, OUTLAY_A_TEXT(date),
                    OUTLAY_A_TEXT(start), OUTLAY_A_INT(outlay_date_days(start) - day));
        count++;
        cb(ctx, &p);
    }
    if (day != OUTLAY_DATE_NONE && end && day - outlay_date_days(end) > 30) {
        outlay_err p = {0};
        outlay_fail(&p, OUTLAY_ECHECK, OUTLAY_P_EXPENSE_LATE, OUTLAY_A_TEXT(date),
                    OUTLAY_A_TEXT(end), OUTLAY_A_INT(day - outlay_date_days(end)));
        count++;
        cb(ctx, &p);
    }
    if (category && *category &&
        category_problem(st, a, category, cb, ctx, &count, err) != OUTLAY_OK)
        return -1;
    return count;
}

long outlay_ledger_problems(outlay_store *st, const struct outlay_activity *a, outlay_problem_cb cb,
                            void *ctx, outlay_err *err)
{
    long count = 0;
    struct outlay_budget_summary sum = {0};
    outlay_err p = {0};
    enum outlay_status rc =
        a->has_budget_total ? outlay_ledger_budget_summary(st, a, &sum, err) : OUTLAY_OK;
    if (rc == OUTLAY_EOVERFLOW) {
        /* A ledger from before the limit: say so, and go on checking. */
        outlay_err_clear(err);
        outlay_fail(&p, OUTLAY_ECHECK, OUTLAY_P_DECLARED_UNCOMPARABLE,
                    OUTLAY_A_MONEY(a->budget_total));
        report(cb, ctx, &count, &p, a);
    } else if (rc != OUTLAY_OK) {
        return -1;
    } else if (a->has_budget_total && a->budget_total != sum.total) {
        /* Both within OUTLAY_ACTIVITY_MAX: the difference fits. */
        int64_t diff = a->budget_total - sum.total;
        outlay_fail(&p, OUTLAY_ECHECK, OUTLAY_P_DECLARED_DIFFERS, OUTLAY_A_MONEY(a->budget_total),
                    OUTLAY_A_MONEY(sum.total), OUTLAY_A_MONEY(diff < 0 ? -diff : diff));
        report(cb, ctx, &count, &p, a);
    }
    rc = withdrawn_problems(st, a, cb, ctx, &count, err);
    if (rc == OUTLAY_OK)
        rc = orphan_problems(st, a, cb, ctx, &count, err);
    /* SPEC §7: a deposit over ten times the planned one is likely a typo. */
    outlay_sum_cursor *c = NULL;
    const char *name;
    int64_t amount;
    int r = 0;
    if (rc == OUTLAY_OK && a->deposit > 0)
        rc = outlay_store_large_deposits(st, a->id, a->deposit, &c, err);
    while (c && rc == OUTLAY_OK && (r = outlay_sum_cursor_next(c, &name, &amount, err)) == 1) {
        outlay_fail(&p, OUTLAY_ECHECK, OUTLAY_P_LARGE_DEPOSIT, OUTLAY_A_TEXT(name),
                    OUTLAY_A_MONEY(amount), OUTLAY_A_MONEY(a->deposit));
        report(cb, ctx, &count, &p, a);
    }
    outlay_sum_cursor_close(c);
    if (rc == OUTLAY_OK && r < 0)
        rc = err->status;
    /* SPEC §11: deposits adding up past twice the planned one. */
    long n = rc == OUTLAY_OK ? outlay_ledger_deposit_problems(st, a, 0, cb, ctx, err) : -1;
    /* SPEC §14: the union's rules (ledger_rules.c) */
    long m = n < 0 ? -1 : outlay_ledger_rules_problems(st, a, cb, ctx, err);
    return n < 0 || m < 0 ? -1 : count + n + m;
}

long outlay_ledger_share_problems(const struct outlay_activity *a,
                                  const struct outlay_budget_summary *s, outlay_problem_cb cb,
                                  void *ctx)
{
    long count = 0;
    /* SPEC §4, issue 6: the share is rounded up to the fen, as the Budget
     * sheet's ROUNDUP formula does (outlay_report_share_per_head). */
    if (a->headcount <= 0 || s->participants_share <= 0)
        return 0;
    int64_t share = outlay_report_share_per_head(s->participants_share, a->headcount);
    if (a->deposit >= share)
        return 0;
    outlay_err p = {0};
    outlay_fail(&p, OUTLAY_ECHECK, OUTLAY_P_DEPOSIT_SHORT, OUTLAY_A_MONEY(a->deposit),
                OUTLAY_A_MONEY(share));
    report(cb, ctx, &count, &p, a);
    return count;
}
