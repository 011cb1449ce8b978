/* cli_export: the approval workbook (SPEC §8). Loads what the sheets show,
 * streams the expenses, and lets the xlsx module write the file. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"

struct expense_stream {
    outlay_expense_cursor *cur;
};

static int next_expense(void *ctx, struct outlay_expense *e, outlay_err *err)
{
    struct expense_stream *s = ctx;
    return outlay_expense_cursor_next(s->cur, e, err);
}

/* The problems the Budget sheet shows, each worded there in the workbook's
 * language; those of the checks are printed as well, as every report
 * prints them. */
struct problem_list {
    struct cli *c;
    int print;
    outlay_err *v;
    size_t n, cap;
    int failed; /* out of memory: the sheet would leave some out */
};

static void collect_problem(void *ctx, const outlay_err *p)
{
    struct problem_list *w = ctx;
    if (w->print)
        cli_warn(w->c, p);
    /* Geometric growth: a ledger can have a problem per tag group. */
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

static void export_progress(void *ctx, uint64_t rows)
{
    (void)ctx;
    fprintf(stderr, "\r");
    fprintf(stderr, _("%llu expenses written..."), (unsigned long long)rows);
}

enum { EXPORT_OUTPUT, EXPORT_LANG };

const struct cli_opt cli_export_opts[] = {
    [EXPORT_OUTPUT] = {.name = "output",
                       .short_name = 'o',
                       .arg = "FILE.xlsx",
                       .help = N_("the file to write (default SLUG-approval.xlsx)")},
    [EXPORT_LANG] = {.name = "lang",
                     .arg = "en|zh",
                     .help = N_("its language (default: the interface's)")},
    {0}};

int check_export(struct cli *c)
{
    return cli_check_lang(c, c->values[EXPORT_LANG]);
}

int cmd_export(struct cli *c)
{
    struct outlay_activity a;
    struct outlay_ledger_report rep = {0};
    struct outlay_settlement s = {0};
    struct problem_list problems = {.c = c};
    struct expense_stream stream = {0};
    outlay_lang *lang = NULL;
    outlay_err err = {0}, serr = {0};
    const char *dirs[4];
    char path[4096];
    int code = cli_activity(c, c->pos[0], 0, &a);
    if (code)
        return code;
    const char *code_lang = cli_lang(c->values[EXPORT_LANG]);
    cli_output_path(c->values[EXPORT_OUTPUT], a.slug, "-approval.xlsx", path, sizeof path);
    size_t ndirs = cli_template_dirs(c, dirs);
    if (outlay_lang_load(code_lang, dirs, ndirs, &lang, &err) != OUTLAY_OK)
        return cli_fail(c, &err);

    struct outlay_budget_line *lines = NULL;
    size_t nlines = 0, cap = 0;
    outlay_line_cursor *lc = NULL;
    struct outlay_budget_line l;
    int r = 0;
    /* Budget lines are few: copy them so their strings outlive the cursor. */
    char **owned = NULL;
    size_t nowned = 0;
    if (outlay_ledger_lines(c->st, &a, &lc, &err) != OUTLAY_OK) {
        code = cli_fail(c, &err);
        goto out;
    }
    while ((r = outlay_line_cursor_next(lc, &l, &err)) == 1) {
        if (l.is_void)
            continue; /* SPEC §11: a void line counts nowhere, the workbook included */
        if (nlines == cap) {
            cap = cap ? cap * 2 : 32;
            void *v = realloc(lines, cap * sizeof *lines);
            void *o = v ? realloc(owned, cap * 4 * sizeof *owned) : NULL;
            if (v)
                lines = v;
            if (!o) {
                r = -1;
                outlay_fail(&err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
                break;
            }
            owned = o;
        }
        char **f[4] = {&l.category, &l.item, &l.unit, &l.note};
        for (int k = 0; k < 4; k++)
            if (*f[k])
                *f[k] = owned[nowned++] = strdup(*f[k]);
        lines[nlines++] = l;
    }
    outlay_line_cursor_close(lc);
    if (r < 0) {
        code = cli_fail(c, &err);
        goto out;
    }
    struct outlay_budget_summary sum;
    if (outlay_ledger_budget_summary(c->st, &a, &sum, &err) != OUTLAY_OK) {
        code = cli_fail(c, &err);
        goto out;
    }
    /* The deposit against the share per head, as `budget list` says it;
     * not printed here, as before. Then the checks, printed too. */
    outlay_ledger_share_problems(&a, &sum, collect_problem, &problems);
    problems.print = 1;
    if (outlay_ledger_report(c->st, &a, &rep, &err) != OUTLAY_OK ||
        outlay_ledger_problems(c->st, &a, collect_problem, &problems, &err) < 0 ||
        outlay_ledger_expenses(c->st, &a, &stream.cur, &err) != OUTLAY_OK) {
        code = cli_fail(c, &err);
        goto out;
    }
    if (problems.failed) {
        outlay_fail(&err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
        code = cli_fail(c, &err);
        goto out;
    }
    struct outlay_approval ap;
    int changed = 0;
    int approved = outlay_ledger_approval(c->st, &a, &ap, &changed, &err);
    if (approved < 0) {
        code = cli_fail(c, &err);
        goto out;
    }
    enum outlay_status sr = outlay_ledger_settle(c->st, &a, &s, &serr);
    if (sr != OUTLAY_OK && sr != OUTLAY_EINVAL) {
        code = cli_fail(c, &serr);
        goto out;
    }
    int tty = !c->quiet && isatty(STDERR_FILENO); /* serve's downloads: quiet */
    struct outlay_workbook_input in = {.activity = &a,
                                       .lines = lines,
                                       .nlines = nlines,
                                       .report = &rep.report,
                                       .next_expense = next_expense,
                                       .expense_ctx = &stream,
                                       .people = s.people,
                                       .npeople = s.npeople,
                                       .settle = sr == OUTLAY_OK ? &s.result : NULL,
                                       .settle_people = s.inputs,
                                       .settle_error = sr == OUTLAY_OK ? NULL : &serr,
                                       .problems = problems.v,
                                       .nproblems = problems.n,
                                       .approval = approved ? &ap : NULL,
                                       .lang = lang,
                                       .lang_code = code_lang,
                                       .author = a.organizer,
                                       .company = NULL,
                                       .progress = tty ? export_progress : NULL,
                                       .guard = c->ledger_path};
    int to_stdout = outlay_outfile_is_stdout(path);
    if (outlay_xlsx_write(path, &in, &err) != OUTLAY_OK) {
        code = cli_fail(c, &err);
        goto out;
    }
    if (tty)
        fputs("\r\033[K", stderr);
    /* Not when stdout holds the workbook itself ("-", /dev/stdout). */
    if (!to_stdout && !c->quiet)
        printf(_("wrote %s\n"), path);
out:
    outlay_expense_cursor_close(stream.cur);
    outlay_settlement_release(&s);
    outlay_ledger_report_release(&rep);
    free(problems.v);
    for (size_t i = 0; i < nowned; i++)
        free(owned[i]);
    free(owned);
    free(lines);
    outlay_lang_free(lang);
    return code;
}
