/*
 * ledger_rules: the union's rules applied to an activity's records (SPEC
 * §14): its copy of the rules read back from the ledger, its lines and
 * expenses loaded, and the findings of outlay_rules_check passed on with
 * the activity named.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/ledger.h"
#include "outlay/rules.h"
#include "ledger_internal.h"

/* Growing arrays of records whose strings are copied into `strings`. */
struct loaded {
    struct outlay_budget_line *lines;
    size_t nlines, caplines;
    struct outlay_expense *expenses;
    size_t nexpenses, capexpenses;
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
    free(ld->expenses);
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

/* The activity's non-void lines and expenses, with copies of the texts the
 * rules read. */
static enum outlay_status load(outlay_store *st, const struct outlay_activity *a, struct loaded *ld,
                               outlay_err *err)
{
    outlay_line_cursor *lc = NULL;
    outlay_expense_cursor *ec = NULL;
    struct outlay_budget_line l;
    struct outlay_expense e;
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
    if (rc == OUTLAY_OK)
        rc = outlay_store_expenses(st, a->id, &ec, err);
    while (rc == OUTLAY_OK && !ld->nomem && (r = outlay_expense_cursor_next(ec, &e, err)) == 1) {
        if (e.is_void)
            continue;
        if (grow((void **)&ld->expenses, &ld->capexpenses, ld->nexpenses, sizeof e)) {
            ld->nomem = 1;
            break;
        }
        e.category = keep(ld, e.category);
        e.item = keep(ld, e.item);
        e.payee = keep(ld, e.payee);
        e.date = e.paid_by = e.receipt = e.for_tag = e.void_reason = NULL;
        ld->expenses[ld->nexpenses++] = e;
    }
    outlay_expense_cursor_close(ec);
    if (rc == OUTLAY_OK && r < 0)
        rc = err->status;
    if (rc == OUTLAY_OK && ld->nomem)
        rc = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    return rc;
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

long outlay_ledger_rules_problems(outlay_store *st, const struct outlay_activity *a,
                                  outlay_problem_cb cb, void *ctx, outlay_err *err)
{
    struct named nm = {a, cb, ctx};
    struct outlay_rules r;
    outlay_err bad = {0};
    if (!a->rules_name || !a->rules_text)
        return 0;
    if (outlay_rules_parse(a->rules_text, strlen(a->rules_text), a->rules_name, a->rules_name, &r,
                           &bad) != OUTLAY_OK) {
        /* Changed behind outlay's back: say so, and go on checking. */
        outlay_err p = {0};
        outlay_fail(&p, OUTLAY_ECHECK, OUTLAY_P_RULES_STORED, OUTLAY_A_TEXT(a->rules_name));
        pass_named(&nm, &p);
        return 1;
    }
    struct loaded ld = {0};
    long n = -1;
    if (load(st, a, &ld, err) == OUTLAY_OK) {
        struct outlay_rules_input in = {a, ld.lines, ld.nlines, ld.expenses, ld.nexpenses};
        n = outlay_rules_check(&r, &in, pass_named, &nm);
    }
    loaded_release(&ld);
    outlay_rules_release(&r);
    return n;
}
