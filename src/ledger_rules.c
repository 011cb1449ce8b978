/*
 * ledger_rules: the union's rules applied to an activity's records (SPEC
 * §14): its copy of the rules read back from the ledger, its lines loaded
 * and its expenses streamed through the steps of outlay_rules_check, the
 * findings passed on with the activity named.
 */
#include <stdarg.h>
#include <stdint.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/date.h"
#include "outlay/ledger.h"
#include "outlay/money.h"
#include "outlay/rules.h"
#include "outlay/text.h"
#include "ledger_internal.h"

/* Growing arrays of records whose strings are copied into `strings`. */
struct loaded {
    struct outlay_budget_line *lines;
    size_t nlines, caplines;
    char **strings;
    size_t nstrings, capstrings;
    int nomem;
};

/* A copy of s kept by ld (NULL stays NULL). */
static char *keep(struct loaded *ld, const char *s)
{
    if (!s || ld->nomem)
        return NULL;
    if (ld->nstrings == ld->capstrings) {
        size_t cap = ld->capstrings ? ld->capstrings * 2 : 64;
        char **v = realloc(ld->strings, cap * sizeof *v);
        if (!v) {
            ld->nomem = 1;
            return NULL;
        }
        ld->strings = v;
        ld->capstrings = cap;
    }
    char *c = strdup(s);
    if (!c)
        ld->nomem = 1;
    else
        ld->strings[ld->nstrings++] = c;
    return c;
}

static void loaded_release(struct loaded *ld)
{
    for (size_t i = 0; i < ld->nstrings; i++)
        free(ld->strings[i]);
    free(ld->strings);
    free(ld->lines);
    memset(ld, 0, sizeof *ld);
}

/* Grows *v (of *cap elements of size sz) to hold n + 1. */
static int grow(void **v, size_t *cap, size_t n, size_t sz)
{
    if (n < *cap)
        return 0;
    size_t c = *cap ? *cap * 2 : 32;
    void *p = realloc(*v, c * sz);
    if (!p)
        return -1;
    *v = p;
    *cap = c;
    return 0;
}

/* The activity's non-void lines, with copies of the texts the rules read
 * (expenses are streamed: an activity may hold a million). */
static enum outlay_status load(outlay_store *st, const struct outlay_activity *a, struct loaded *ld,
                               outlay_err *err)
{
    outlay_line_cursor *lc = NULL;
    struct outlay_budget_line l;
    int r = 0;
    enum outlay_status rc = outlay_store_lines(st, a->id, &lc, err);
    while (rc == OUTLAY_OK && !ld->nomem && (r = outlay_line_cursor_next(lc, &l, err)) == 1) {
        if (l.is_void)
            continue;
        if (grow((void **)&ld->lines, &ld->caplines, ld->nlines, sizeof l)) {
            ld->nomem = 1;
            break;
        }
        l.category = keep(ld, l.category);
        l.item = keep(ld, l.item);
        l.unit = l.note = l.void_reason = NULL;
        ld->lines[ld->nlines++] = l;
    }
    outlay_line_cursor_close(lc);
    if (rc == OUTLAY_OK && r < 0)
        rc = err->status;
    if (rc == OUTLAY_OK && ld->nomem)
        rc = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    return rc;
}

/* --- flags: what the rules find in each expense, kept when written ------ */

enum outlay_status ledger_rules_load(struct outlay_activity *a, outlay_err *err)
{
    outlay_err bad = {0};
    if (a->rules || !a->rules_name || !a->rules_text)
        return OUTLAY_OK;
    struct outlay_rules *r = malloc(sizeof *r);
    if (!r)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    enum outlay_status rc = outlay_rules_parse(a->rules_text, strlen(a->rules_text), a->rules_name,
                                               a->rules_name, r, &bad);
    if (rc == OUTLAY_OK) {
        a->rules = r;
        return OUTLAY_OK;
    }
    free(r);
    /* changed behind outlay's back: check names it (OUTLAY_P_RULES_STORED) */
    return rc == OUTLAY_ENOMEM ? outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM) : OUTLAY_OK;
}

unsigned ledger_expense_flags(const struct outlay_activity *a, const struct outlay_expense *e)
{
    if (a->rules || !a->rules_name || !a->rules_text)
        return outlay_rules_expense_flags(a->rules, e);
    struct outlay_rules r;
    outlay_err bad = {0};
    if (outlay_rules_parse(a->rules_text, strlen(a->rules_text), a->rules_name, a->rules_name, &r,
                           &bad) != OUTLAY_OK)
        return 0;
    unsigned flags = outlay_rules_expense_flags(&r, e);
    outlay_rules_release(&r);
    return flags;
}

/* An expense whose flags change. */
struct reflag {
    struct outlay_expense e; /* no, kind, flags and void as read */
    unsigned flags;
};

enum outlay_status ledger_reflag(outlay_store *st, const struct outlay_activity *a,
                                 const struct outlay_rules *r, outlay_err *err)
{
    struct reflag *v = NULL;
    size_t n = 0, cap = 0;
    outlay_expense_cursor *ec = NULL;
    struct outlay_expense e;
    int got = 0;
    enum outlay_status rc = outlay_store_expenses(st, a->id, &ec, err);
    while (rc == OUTLAY_OK && (got = outlay_expense_cursor_next(ec, &e, err)) == 1) {
        unsigned f = outlay_rules_expense_flags(r, &e);
        if (f == e.flags)
            continue;
        if (grow((void **)&v, &cap, n, sizeof *v)) {
            rc = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
            break;
        }
        v[n++] = (struct reflag){
            .e = {.id = e.id, .kind = e.kind, .flags = e.flags, .is_void = e.is_void}, .flags = f};
    }
    outlay_expense_cursor_close(ec);
    if (rc == OUTLAY_OK && got < 0)
        rc = err->status;
    for (size_t i = 0; i < n && rc == OUTLAY_OK; i++)
        rc = outlay_store_expense_flags(st, a->id, &v[i].e, v[i].flags, err);
    free(v);
    return rc ? rc : outlay_store_activity_flags_ok(st, a->id, 1, err);
}

/* Passes a finding on with its activity named. */
struct named {
    const struct outlay_activity *a;
    outlay_problem_cb cb;
    void *ctx;
};

static void pass_named(void *ctx, const outlay_err *p)
{
    struct named *n = ctx;
    outlay_err q = *p;
    snprintf(q.activity, sizeof q.activity, "%s", n->a->slug);
    if (n->cb)
        n->cb(n->ctx, &q);
}

/* SPEC §14: spent more than pct% over the approved total, exactly:
 * (spent - approved) × 100 > approved × pct; *over gets the percentage
 * over, rounded down. */
static int over_by(int64_t approved, int64_t spent, int64_t pct, int64_t *over)
{
    int64_t diff, lhs, rhs;
    if (approved <= 0 || spent <= approved || outlay_money_add(spent, -approved, &diff) ||
        outlay_money_mul(approved, pct, &rhs))
        return 0;
    if (outlay_money_mul(diff, 100, &lhs)) /* diff > 9.2 × 10^16: far over */
        lhs = INT64_MAX;
    /* *over in tenths of a percent, rounded up, so that one fen past a
     * limit of 10% reads 10.1%, never "10%, more than the 10%" */
    int64_t tenths = 0;
    if (outlay_money_mul(diff, 1000, &tenths))
        *over = INT64_MAX / approved;
    else
        *over = tenths / approved + (tenths % approved != 0);
    return lhs > rhs;
}

/* The approval's findings (see outlay_ledger_rules_problems). */
static long approval_problems(outlay_store *st, const struct outlay_activity *a,
                              const struct outlay_rules *r, int64_t spent, struct named *nm,
                              outlay_err *err)
{
    struct outlay_approval ap;
    int changed = 0;
    long n = 0;
    int found = outlay_store_approval_last(st, a->id, &ap, &changed, err);
    if (found <= 0)
        return found;
    outlay_err p = {0};
    if (changed) {
        struct outlay_budget_summary sum;
        if (outlay_ledger_budget_summary(st, a, &sum, err) != OUTLAY_OK)
            return -1;
        outlay_fail(&p, OUTLAY_ECHECK, OUTLAY_P_APPROVAL_CHANGED, OUTLAY_A_TEXT(ap.by),
                    OUTLAY_A_TEXT(ap.date), OUTLAY_A_MONEY(ap.total), OUTLAY_A_MONEY(sum.total));
        pass_named(nm, &p);
        n++;
    }
    int64_t over = 0;
    if (r && r->reapproval_over_pct != OUTLAY_RULES_UNSET &&
        over_by(ap.total, spent, r->reapproval_over_pct, &over)) {
        char pct[32];
        snprintf(pct, sizeof pct, "%" PRId64 ".%" PRId64, over / 10, over % 10);
        if (over % 10 == 0)
            snprintf(pct, sizeof pct, "%" PRId64, over / 10);
        outlay_fail(&p, OUTLAY_ECHECK, OUTLAY_P_APPROVAL_OVER, OUTLAY_A_TEXT(r->name),
                    OUTLAY_A_MONEY(ap.total), OUTLAY_A_MONEY(spent), OUTLAY_A_TEXT(pct),
                    OUTLAY_A_INT(r->reapproval_over_pct));
        pass_named(nm, &p);
        n++;
    }
    return n;
}

long outlay_ledger_rules_problems(outlay_store *st, const struct outlay_activity *a,
                                  outlay_problem_cb cb, void *ctx, outlay_err *err)
{
    struct named nm = {a, cb, ctx};
    struct outlay_rules r;
    outlay_err bad = {0};
    long n = 0;
    int have = a->rules_name && a->rules_text;
    if (have && outlay_rules_parse(a->rules_text, strlen(a->rules_text), a->rules_name,
                                   a->rules_name, &r, &bad) != OUTLAY_OK) {
        /* Changed behind outlay's back: say so, and go on checking. */
        outlay_err p = {0};
        outlay_fail(&p, OUTLAY_ECHECK, OUTLAY_P_RULES_STORED, OUTLAY_A_TEXT(a->rules_name));
        pass_named(&nm, &p);
        have = 0;
        n = 1;
    }
    struct loaded ld = {0};
    int64_t spent = 0, spent_meals = 0;
    struct outlay_kind_total kt[OUTLAY_KIND_COUNT];
    outlay_expense_cursor *ec = NULL;
    struct outlay_expense e;
    int got = 0;
    if (load(st, a, &ld, err) != OUTLAY_OK ||
        outlay_store_kind_totals(st, a->id, kt, err) != OUTLAY_OK) {
        n = -1;
    } else {
        /* The totals per kind give what is spent, and on meals; the
         * expenses a rule may find are read only when the flags say some
         * are there (or were not kept yet: an older ledger's activity). */
        int scan = 0;
        for (int k = 0; k < OUTLAY_KIND_COUNT; k++) {
            if (outlay_money_add(spent, kt[k].amount, &spent) != OUTLAY_OK)
                spent = INT64_MAX; /* within the activity's limit, never */
            scan |= kt[k].flagged != 0;
        }
        spent_meals = kt[OUTLAY_KIND_MEAL].amount;
        struct outlay_rules_input in = {a, ld.lines, ld.nlines, NULL, 0};
        if (have)
            n += outlay_rules_check_lines(&r, &in, pass_named, &nm);
        if (have && (scan || !a->flags_ok)) {
            int64_t meals = 0; /* read again with the rows: the same sum */
            if ((a->flags_ok ? outlay_store_expenses_flagged(st, a->id, &ec, err)
                             : outlay_store_expenses(st, a->id, &ec, err)) != OUTLAY_OK)
                got = -1;
            while (got == 0 && (got = outlay_expense_cursor_next(ec, &e, err)) == 1) {
                got = 0;
                if (!e.is_void)
                    n += outlay_rules_check_expense(&r, &e, &meals, pass_named, &nm);
            }
        }
        if (got < 0) {
            n = -1;
        } else {
            if (have)
                n += outlay_rules_check_spent(&r, a, spent_meals, pass_named, &nm);
            long m = approval_problems(st, a, have ? &r : NULL, spent, &nm, err);
            n = m < 0 ? -1 : n + m;
        }
    }
    outlay_expense_cursor_close(ec);
    loaded_release(&ld);
    if (have)
        outlay_rules_release(&r);
    return n;
}

/* The approver's name as outlay_ledger_who takes a who: checked, NFC,
 * spaces trimmed and squeezed, into out. */
static enum outlay_status approver(const char *by, char *out, size_t n, outlay_err *err)
{
    char *nfc = NULL, *name = NULL;
    enum outlay_status rc = OUTLAY_OK;
    if (!by || !*by)
        rc = outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_WHO_EMPTY);
    if (rc == OUTLAY_OK)
        rc = outlay_text_check(by, "by", OUTLAY_TEXT_MAX, err);
    if (rc == OUTLAY_OK)
        rc = outlay_text_nfc(by, &nfc, err);
    if (rc == OUTLAY_OK)
        rc = outlay_text_name(nfc ? nfc : by, &name, err);
    const char *use = name ? name : nfc ? nfc : by;
    if (rc == OUTLAY_OK && !*use)
        rc = outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_WHO_EMPTY);
    if (rc == OUTLAY_OK)
        snprintf(out, n, "%s", use);
    else if (rc != OUTLAY_ENOMEM)
        snprintf(err->column, sizeof err->column, "by");
    free(name);
    free(nfc);
    return rc;
}

enum outlay_status outlay_ledger_approve(outlay_store *st, const char *slug, const char *by,
                                         const char *date, struct outlay_approval *out,
                                         outlay_err *err)
{
    struct outlay_activity a;
    struct outlay_approval ap = {0};
    struct outlay_budget_summary sum;
    char today[11];
    enum outlay_status rc = approver(by, ap.by, sizeof ap.by, err);
    if (rc == OUTLAY_OK &&
        outlay_date_parse(date ? date : outlay_date_today(today), ap.date, err) != OUTLAY_OK) {
        snprintf(err->column, sizeof err->column, "date");
        rc = err->status;
    }
    if (rc != OUTLAY_OK || (rc = outlay_ledger_activity(st, slug, 1, &a, err)) != OUTLAY_OK)
        return rc;
    /* the approver is the audit row's who (SPEC §14) */
    if ((rc = outlay_ledger_budget_summary(st, &a, &sum, err)) == OUTLAY_OK &&
        (rc = outlay_ledger_who(st, ap.by, err)) == OUTLAY_OK) {
        ap.total = sum.total;
        rc = outlay_store_approval_add(st, a.id, &ap, err);
    }
    char total[OUTLAY_MONEY_BUFSZ];
    if (rc == OUTLAY_OK)
        rc = ledger_audit(st, "activity approve", a.slug, err,
                          "approval %lld: budget total %s approved by %s on %s", (long long)ap.no,
                          outlay_money_format(ap.total, 0, total), ap.by, ap.date);
    if (rc == OUTLAY_OK && out)
        *out = ap;
    outlay_activity_release(&a);
    return rc;
}

int outlay_ledger_approval(outlay_store *st, const struct outlay_activity *a,
                           struct outlay_approval *ap, int *changed, outlay_err *err)
{
    return outlay_store_approval_last(st, a->id, ap, changed, err);
}
