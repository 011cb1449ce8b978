/* cli_print: `outlay print SLUG` (SPEC §13), the approval form and the
 * settlement slips as a PDF. Gathers what cli_export.c gathers for the
 * workbook (the lines, the summary at the planned headcount, the problems,
 * the settlement), breaks each cost down by group, and lets the print
 * module draw the file. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "outlay/print.h"

/* The problems the form shows; those of the checks are printed as well, as
 * `export` prints them. */
struct problem_list {
    struct cli *c;
    int print;
    outlay_err *v;
    size_t n, cap;
    int failed;
};

static void collect_problem(void *ctx, const outlay_err *p)
{
    struct problem_list *w = ctx;
    if (w->print)
        cli_warn(w->c, p);
    if (w->n == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 16;
        outlay_err *v = realloc(w->v, cap * sizeof *v);
        if (!v) {
            w->failed = 1;
            return;
        }
        w->v = v;
        w->cap = cap;
    }
    w->v[w->n++] = *p;
}

/* Budget lines, copied so that their strings outlive the cursor. */
struct line_list {
    struct outlay_budget_line *v;
    size_t n, cap;
    char **owned;
    size_t nowned;
};

static void lines_release(struct line_list *l)
{
    for (size_t i = 0; i < l->nowned; i++)
        free(l->owned[i]);
    free(l->owned);
    free(l->v);
}

static enum outlay_status load_lines(struct cli *c, const struct outlay_activity *a,
                                     struct line_list *out, outlay_err *err)
{
    outlay_line_cursor *lc = NULL;
    struct outlay_budget_line l;
    int r = 0;
    if (outlay_ledger_lines(c->st, a, &lc, err) != OUTLAY_OK)
        return err->status;
    while ((r = outlay_line_cursor_next(lc, &l, err)) == 1) {
        if (l.is_void)
            continue; /* SPEC §11: a void line counts nowhere */
        if (out->n == out->cap) {
            size_t cap = out->cap ? out->cap * 2 : 32;
            void *v = realloc(out->v, cap * sizeof *out->v);
            if (v)
                out->v = v;
            void *o = v ? realloc(out->owned, cap * 4 * sizeof *out->owned) : NULL;
            if (!o) {
                r = -1;
                outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
                break;
            }
            out->owned = o;
            out->cap = cap;
        }
        char **f[4] = {&l.category, &l.item, &l.unit, &l.note};
        for (int k = 0; k < 4; k++)
            if (*f[k] && !(*f[k] = out->owned[out->nowned++] = strdup(*f[k]))) {
                r = -1;
                outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
            }
        out->v[out->n++] = l;
        if (r < 0)
            break;
    }
    outlay_line_cursor_close(lc);
    return r < 0 ? err->status : OUTLAY_OK;
}

/* The non-void expenses as settle shares them, their tags owned. */
struct expense_list {
    struct outlay_settle_expense *v;
    size_t n, cap;
};

static void expenses_release(struct expense_list *e)
{
    for (size_t i = 0; i < e->n; i++)
        free((char *)e->v[i].for_tag);
    free(e->v);
}

static enum outlay_status load_expenses(struct cli *c, const struct outlay_activity *a,
                                        struct expense_list *out, outlay_err *err)
{
    outlay_expense_cursor *cur = NULL;
    struct outlay_expense e;
    int r = 0;
    if (outlay_ledger_expenses(c->st, a, &cur, err) != OUTLAY_OK)
        return err->status;
    while ((r = outlay_expense_cursor_next(cur, &e, err)) == 1) {
        if (e.is_void)
            continue;
        if (out->n == out->cap) {
            size_t cap = out->cap ? out->cap * 2 : 64;
            void *v = realloc(out->v, cap * sizeof *out->v);
            if (!v) {
                r = -1;
                outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
                break;
            }
            out->v = v;
            out->cap = cap;
        }
        char *tag = e.for_tag && *e.for_tag ? strdup(e.for_tag) : NULL;
        if (e.for_tag && *e.for_tag && !tag) {
            r = -1;
            outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
            break;
        }
        out->v[out->n++] =
            (struct outlay_settle_expense){.id = e.id,
                                           .amount = e.amount,
                                           .for_tag = tag,
                                           .union_funded = e.funded_by == OUTLAY_FUND_UNION};
    }
    outlay_expense_cursor_close(cur);
    return r < 0 ? err->status : OUTLAY_OK;
}

enum { PRINT_OUTPUT, PRINT_LANG };

const struct cli_opt cli_print_opts[] = {
    [PRINT_OUTPUT] = {.name = "output",
                      .short_name = 'o',
                      .arg = "FILE.pdf",
                      .help = N_("the file to write (default SLUG-print.pdf)")},
    [PRINT_LANG] = {.name = "lang",
                    .arg = "en|zh",
                    .help = N_("its language (default: the interface's)")},
    {0}};

int check_print(struct cli *c)
{
    return cli_check_lang(c, c->values[PRINT_LANG]);
}

int cmd_print(struct cli *c)
{
    struct outlay_activity a;
    struct outlay_settlement s = {0};
    struct outlay_settle_breakdown groups = {0};
    struct problem_list problems = {.c = c};
    struct line_list lines = {0};
    struct expense_list ex = {0};
    struct outlay_budget_summary sum;
    outlay_lang *lang = NULL;
    outlay_err err = {0}, serr = {0};
    const char *dirs[4];
    char path[4096];
    int code = cli_activity(c, c->pos[0], 0, &a);
    if (code)
        return code;
    const char *code_lang = cli_lang(c->values[PRINT_LANG]);
    cli_output_path(c->values[PRINT_OUTPUT], a.slug, "-print.pdf", path, sizeof path);
    size_t ndirs = cli_template_dirs(c, dirs);
    if (outlay_lang_load(code_lang, dirs, ndirs, &lang, &err) != OUTLAY_OK)
        return cli_fail(c, &err);

    if (load_lines(c, &a, &lines, &err) != OUTLAY_OK ||
        outlay_ledger_budget_summary(c->st, &a, &sum, &err) != OUTLAY_OK) {
        code = cli_fail(c, &err);
        goto out;
    }
    /* The deposit against the share per head, not printed (as `export`);
     * then the checks, printed too. */
    outlay_ledger_share_problems(&a, &sum, collect_problem, &problems);
    problems.print = 1;
    if (outlay_ledger_problems(c->st, &a, collect_problem, &problems, &err) < 0) {
        code = cli_fail(c, &err);
        goto out;
    }
    if (problems.failed) {
        outlay_fail(&err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
        code = cli_fail(c, &err);
        goto out;
    }
    /* An activity that cannot be settled yet still gets its form; the
     * slips' page says why. */
    enum outlay_status sr = outlay_ledger_settle(c->st, &a, &s, &serr);
    if (sr != OUTLAY_OK && sr != OUTLAY_EINVAL) {
        code = cli_fail(c, &serr);
        goto out;
    }
    if (sr == OUTLAY_OK) {
        if (load_expenses(c, &a, &ex, &err) != OUTLAY_OK) {
            code = cli_fail(c, &err);
            goto out;
        }
        struct outlay_settle_input in = {.people = s.inputs,
                                         .npeople = s.npeople,
                                         .expenses = ex.v,
                                         .nexpenses = ex.n,
                                         .subsidy_per_head = a.subsidy_per_head,
                                         .slug = a.slug,
                                         .rule = a.settle_rule};
        if (outlay_settle_groups(&in, &groups, &err) != OUTLAY_OK) {
            code = cli_fail(c, &err);
            goto out;
        }
    }
    struct outlay_approval ap;
    int changed = 0, approved = outlay_ledger_approval(c->st, &a, &ap, &changed, &err);
    if (approved < 0) {
        code = cli_fail(c, &err);
        goto out;
    }
    struct outlay_print_input in = {.activity = &a,
                                    .lines = lines.v,
                                    .nlines = lines.n,
                                    .summary = &sum,
                                    .people = s.people,
                                    .npeople = s.npeople,
                                    .settle_people = s.inputs,
                                    .settle = sr == OUTLAY_OK ? &s.result : NULL,
                                    .groups = sr == OUTLAY_OK ? &groups : NULL,
                                    .settle_error = sr == OUTLAY_OK ? NULL : &serr,
                                    .problems = problems.v,
                                    .nproblems = problems.n,
                                    .approval = approved ? &ap : NULL,
                                    .lang = lang,
                                    .lang_code = code_lang,
                                    .guard = c->ledger_path};
    int to_stdout = outlay_outfile_is_stdout(path);
    if (outlay_print_write(path, &in, &err) != OUTLAY_OK) {
        code = cli_fail(c, &err);
        goto out;
    }
    /* Not when stdout holds the PDF itself ("-", /dev/stdout). */
    if (!to_stdout && !c->quiet)
        printf(_("wrote %s\n"), path);
out:
    outlay_settle_breakdown_release(&groups);
    expenses_release(&ex);
    outlay_settlement_release(&s);
    free(problems.v);
    lines_release(&lines);
    outlay_lang_free(lang);
    return code;
}
