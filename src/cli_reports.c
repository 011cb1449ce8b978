/* cli_reports: report, settle, words, check, log and backup. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "i18n.h"

static const struct cli_column report_cols[] = {
    {"category", N_("Category"), AL_LEFT}, {"budgeted", N_("Budgeted"), AL_RIGHT},
    {"actual", N_("Actual"), AL_RIGHT},    {"variance", N_("Variance"), AL_RIGHT},
    {"used_pct", N_("Used %"), AL_RIGHT},
};

static void report_row(struct cli_table *t, int th, const char *name,
                       const struct outlay_report_row *r)
{
    char b[OUTLAY_MONEY_BUFSZ], a[OUTLAY_MONEY_BUFSZ], v[OUTLAY_MONEY_BUFSZ], pct[32];
    const char *cells[5] = {
        name, outlay_money_format(r->budgeted, th, b), outlay_money_format(r->actual, th, a),
        outlay_money_format(r->variance, th, v), outlay_report_pct_format(r, pct)};
    static const int num[5] = {0, 1, 1, 1, 1};
    cli_table_row(t, cells, num, th && r->over ? _("over budget") : NULL);
}

static int report_one(struct cli *c)
{
    struct outlay_activity a;
    struct outlay_ledger_report rep;
    struct cli_column cols[5];
    outlay_err err = {0};
    int th = c->fmt == FMT_TABLE;
    int code = cli_activity(c, c->pos[0], 0, &a);
    if (code)
        return code;
    if (outlay_ledger_report(c->st, &a, &rep, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    struct cli_table *t = cli_table_begin(c, cli_columns(report_cols, 5, cols), 5);
    for (size_t i = 0; i < rep.report.nrows; i++)
        report_row(t, th, rep.report.rows[i].category, &rep.report.rows[i]);
    cli_table_rule(t);
    report_row(t, th, th ? _("TOTAL") : "TOTAL", &rep.report.total);
    cli_table_end(t);
    outlay_ledger_report_release(&rep);
    if (th && (code = cli_approval_line(c, &a, 1, 0)))
        return code;
    if (outlay_ledger_problems(c->st, &a, cli_warn, c, &err) < 0)
        return cli_fail(c, &err);
    return 0;
}

int cli_approval_line(struct cli *c, const struct outlay_activity *a, int blank, int none)
{
    outlay_err err = {0};
    struct outlay_approval ap;
    int changed = 0;
    char total[OUTLAY_MONEY_BUFSZ];
    int found = outlay_ledger_approval(c->st, a, &ap, &changed, &err);
    if (found < 0)
        return cli_fail(c, &err);
    if (!found && !none)
        return 0;
    if (blank)
        putchar('\n');
    if (!found) {
        cli_field(_("Approved:"), "%s\n", _("not yet"));
        return 0;
    }
    /* TRANSLATORS: the approved total, who approved it, the date */
    cli_field(_("Approved:"), _("%s by %s on %s"), outlay_money_format(ap.total, 1, total), ap.by,
              ap.date);
    /* SPEC §14: flagged until approved again */
    printf("%s\n", changed ? _(" (changed since approval)") : "");
    return 0;
}

/* Prints the re-approval finding (SPEC §14) as a field of activity show. */
static void show_over(void *ctx, const outlay_err *p)
{
    (void)ctx;
    char text[1024];
    outlay_err q = *p;
    if (p->code != OUTLAY_P_APPROVAL_OVER)
        return;
    q.activity[0] = '\0';
    cli_field(_("Re-approval:"), "%s\n", cli_problem_text(&q, text, sizeof text));
}

int cli_reapproval_line(struct cli *c, const struct outlay_activity *a)
{
    outlay_err err = {0};
    if (outlay_ledger_rules_problems(c->st, a, show_over, c, &err) < 0)
        return cli_fail(c, &err);
    return 0;
}

static const char *const year_names[Y_N] = {N_("budgeted"),    N_("actual"),   N_("variance"),
                                            N_("union share"), N_("deposits"), N_("paid out")};

/* An error about one activity of the year: printed once per activity (the
 * later ones share its cause). */
static void year_error(struct cli *c, const outlay_err *e, int *failed)
{
    if (!*failed)
        cli_fail(c, e);
    *failed = 1;
}

/* Σ deposits or payouts of the activity into y->v[col]; OUTLAY_EOVERFLOW
 * worded in *e. */
static enum outlay_status year_payments(struct cli *c, const struct outlay_activity *a,
                                        enum outlay_amounts kind, struct year_figures *y, int col,
                                        outlay_err *e)
{
    enum outlay_status rc = outlay_ledger_amount_magnitude(c->st, a, kind, &y->v[col], e);
    y->known[col] = rc == OUTLAY_OK;
    return rc;
}

/* One activity's row. An activity whose figures are out of range (a ledger
 * an older outlay wrote) gets empty cells and an error naming it; one that
 * cannot be settled yet, an empty union share and a warning. Returns 1 when
 * an error was printed, 0, or -1 on a storage error (in *err). */
int cli_year_row(struct cli *c, const struct outlay_activity *a, const struct outlay_year *kept,
                 struct year_figures *y, outlay_err *err)
{
    struct outlay_ledger_report rep;
    struct outlay_settlement s;
    outlay_err e = {0};
    int failed = 0;
    memset(y, 0, sizeof *y);
    if (kept) {
        /* kept by the command that last changed it: every figure known */
        const int64_t v[Y_N] = {kept->budgeted,    kept->actual,   kept->variance,
                                kept->union_share, kept->deposits, kept->paid_out};
        for (int k = 0; k < Y_N; k++) {
            y->v[k] = v[k];
            y->known[k] = 1;
        }
        cli_year_finish(y);
        y->row.variance = kept->variance;
        return 0;
    }
    enum outlay_status rc = outlay_ledger_report(c->st, a, &rep, &e);
    if (rc == OUTLAY_OK) {
        y->row = rep.report.total;
        y->v[Y_BUDGETED] = y->row.budgeted;
        y->v[Y_ACTUAL] = y->row.actual;
        y->v[Y_VARIANCE] = y->row.variance;
        y->known[Y_BUDGETED] = y->known[Y_ACTUAL] = y->known[Y_VARIANCE] = 1;
        outlay_ledger_report_release(&rep);
    } else if (rc == OUTLAY_EOVERFLOW) {
        year_error(c, &e, &failed);
    } else {
        *err = e;
        return -1;
    }
    outlay_err_clear(&e);
    rc = outlay_ledger_settle(c->st, a, &s, &e);
    y->v[Y_UNION] = s.result.totals.union_share;
    y->known[Y_UNION] = rc == OUTLAY_OK;
    outlay_settlement_release(&s);
    if (rc == OUTLAY_EINVAL) {
        char text[2048];
        if (c->branch)
            cli_warnf(c, _("branch '%s': activity '%s' cannot be settled yet: %s"), c->branch,
                      a->slug, cli_problem_text(&e, text, sizeof text));
        else
            cli_warnf(c, _("activity '%s' cannot be settled yet: %s"), a->slug,
                      cli_problem_text(&e, text, sizeof text));
    } else if (rc == OUTLAY_EOVERFLOW) {
        year_error(c, &e, &failed);
    } else if (rc != OUTLAY_OK) {
        *err = e;
        return -1;
    }
    static const struct {
        enum outlay_amounts kind;
        int col;
    } pay[] = {{OUTLAY_AMOUNTS_DEPOSITS, Y_DEPOSITS}, {OUTLAY_AMOUNTS_PAYOUTS, Y_PAID}};
    for (size_t i = 0; i < sizeof pay / sizeof pay[0]; i++) {
        outlay_err_clear(&e);
        rc = year_payments(c, a, pay[i].kind, y, pay[i].col, &e);
        if (rc == OUTLAY_EOVERFLOW) {
            year_error(c, &e, &failed);
        } else if (rc != OUTLAY_OK) {
            *err = e;
            return -1;
        }
    }
    return failed;
}

int cli_year_add(struct cli *c, const char *slug, const struct year_figures *y,
                 struct year_figures *total)
{
    int failed = 0;
    for (int k = 0; k < Y_N; k++) {
        if (!total->known[k])
            continue;
        if (!y->known[k]) {
            total->known[k] = 0;
        } else if (outlay_money_add(total->v[k], y->v[k], &total->v[k]) != OUTLAY_OK) {
            total->known[k] = 0;
            cli_failf(c, 1,
                      _("activity '%s' takes the year's %s total out of range; the TOTAL row "
                        "leaves it empty"),
                      slug, _(year_names[k]));
            failed = 1;
        }
    }
    return failed;
}

void cli_year_money(const struct year_figures *y, int th, char m[Y_N][OUTLAY_MONEY_BUFSZ],
                    char pct[32])
{
    pct[0] = 0;
    for (int k = 0; k < Y_N; k++) {
        m[k][0] = 0;
        if (y->known[k])
            outlay_money_format(y->v[k], th, m[k]);
    }
    /* used_pct needs both; the TOTAL's variance is the sum of the rows' */
    if (y->known[Y_BUDGETED] && y->known[Y_ACTUAL])
        outlay_report_pct_format(&y->row, pct);
}

void cli_year_finish(struct year_figures *total)
{
    struct outlay_report_row *tr = &total->row;
    tr->budgeted = total->v[Y_BUDGETED];
    tr->actual = total->v[Y_ACTUAL];
    tr->has_pct = tr->budgeted != 0;
    if (tr->has_pct)
        tr->pct_tenths = outlay_report_pct_tenths(tr->actual, tr->budgeted);
    tr->over = tr->actual > tr->budgeted;
}

int cli_year_over(const struct year_figures *y)
{
    return y->known[Y_BUDGETED] && y->known[Y_ACTUAL] && y->row.over;
}

static void year_cells(const struct cli *c, const struct outlay_activity *a,
                       const struct year_figures *y, int th, struct cli_table *t)
{
    enum { N = 10 };
    char m[Y_N][OUTLAY_MONEY_BUFSZ], pct[32];
    cli_year_money(y, th, m, pct);
    const char *cells[N] = {a    ? a->slug
                            : th ? _("TOTAL")
                                 : "TOTAL",
                            a ? a->title : "",
                            a ? cli_value(c, a->closed ? "closed" : "open") : "",
                            m[Y_BUDGETED],
                            m[Y_ACTUAL],
                            m[Y_VARIANCE],
                            pct,
                            m[Y_UNION],
                            m[Y_DEPOSITS],
                            m[Y_PAID]};
    static const int num[N] = {0, 0, 0, 1, 1, 1, 1, 1, 1, 1};
    cli_table_row(t, cells, num, th && cli_year_over(y) ? _("over budget") : NULL);
}

/* SPEC §7: one row per activity, the treasurer's year. */
static int report_all(struct cli *c)
{
    static const struct cli_column src[] = {
        {"activity", N_("Activity"), AL_LEFT},  {"title", N_("Title"), AL_LEFT},
        {"status", N_("Status"), AL_LEFT},      {"budgeted", N_("Budgeted"), AL_RIGHT},
        {"actual", N_("Actual"), AL_RIGHT},     {"variance", N_("Variance"), AL_RIGHT},
        {"used_pct", N_("Used %"), AL_RIGHT},   {"union_share", N_("Union share"), AL_RIGHT},
        {"deposits", N_("Deposits"), AL_RIGHT}, {"paid_out", N_("Paid out"), AL_RIGHT}};
    enum { N = sizeof src / sizeof src[0] };
    struct cli_column cols[N];
    outlay_err err = {0};
    outlay_year_cursor *cur = NULL;
    struct outlay_activity a;
    struct outlay_year kept;
    const char *branch;
    int has_kept;
    struct year_figures y, total = {.known = {1, 1, 1, 1, 1, 1}};
    int r, failed = 0, th = c->fmt == FMT_TABLE;
    if (outlay_ledger_years(c->st, &cur, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    struct cli_table *t = cli_table_begin(c, cli_columns(src, N, cols), N);
    while ((r = outlay_year_cursor_next(cur, &a, &branch, &kept, &has_kept, &err)) == 1) {
        if (a.is_void)
            continue; /* SPEC §11: left out of the year */
        int f = cli_year_row(c, &a, has_kept ? &kept : NULL, &y, &err);
        if (f < 0) {
            r = -1;
            break;
        }
        year_cells(c, &a, &y, th, t);
        failed |= f | cli_year_add(c, a.slug, &y, &total);
    }
    outlay_year_cursor_close(cur);
    if (r == 0) {
        cli_year_finish(&total);
        cli_table_rule(t);
        year_cells(c, NULL, &total, th, t);
    }
    cli_table_end(t);
    if (r < 0)
        return cli_fail(c, &err);
    return failed ? 1 : 0;
}

int cmd_report(struct cli *c)
{
    return c->npos ? report_one(c) : report_all(c);
}

static void settle_totals(const struct outlay_settle_totals *t)
{
    struct {
        const char *label;
        int64_t v;
    } rows[] = {
        {_("Expenses"), t->expenses},
        {_("  of which union-funded"), t->union_funded},
        {_("  of which advanced by participants"), t->advanced},
        {_("Union subsidy"), t->subsidy},
        {_("Deposits collected"), t->deposits},
        {_("Paid out"), t->paid_out},
        {_("Refunds still to pay"), t->refunds},
        {_("Supplements still to collect"), t->supplements},
        {_("Fund's cash now"), t->cash},
        {NULL, 0}, /* room for the kept row */
    };
    /* SPEC §14: what was kept as income, shown when there is some */
    size_t n = sizeof rows / sizeof rows[0] - 1, w = 0;
    if (t->kept) {
        rows[n - 1].label = _("Kept as income (small refunds)");
        rows[n - 1].v = t->kept;
        rows[n].label = _("Fund's cash now");
        rows[n].v = t->cash;
        n++;
    }
    for (size_t i = 0; i < n; i++)
        if (cli_text_width(rows[i].label) > w)
            w = cli_text_width(rows[i].label);
    putchar('\n');
    for (size_t i = 0; i < n; i++) {
        char buf[OUTLAY_MONEY_BUFSZ];
        fputs(rows[i].label, stdout);
        for (size_t k = cli_text_width(rows[i].label); k < w; k++)
            putchar(' ');
        printf("  %16s\n", outlay_money_format(rows[i].v, 1, buf));
    }
    if (t->refunds == 0 && t->supplements == 0) {
        char buf[OUTLAY_MONEY_BUFSZ];
        /* SPEC §14: kept balances count as zero */
        printf(_("Every balance is zero: the union covers %s (subsidy plus union-funded "
                 "expenses).\n"),
               outlay_money_format(t->union_share, 1, buf));
    }
}

const char *cli_settle_rule_text(enum outlay_settle_rule rule)
{
    return rule == OUTLAY_SETTLE_RULE_PERSON ? _("2 (each person's exact share rounded once)")
                                             : _("1 (each group's split rounded on its own)");
}

int cmd_settle(struct cli *c)
{
    static const struct cli_column src[] = {
        {"name", N_("Name"), AL_LEFT},          {"dept", N_("Dept"), AL_LEFT},
        {"weight", N_("Wt"), AL_RIGHT},         {"status", N_("Status"), AL_LEFT},
        {"deposits", N_("Deposits"), AL_RIGHT}, {"advanced", N_("Advanced"), AL_RIGHT},
        {"paid_out", N_("Paid out"), AL_RIGHT}, {"cost", N_("Cost"), AL_RIGHT},
        {"subsidy", N_("Subsidy"), AL_RIGHT},   {"due", N_("Due"), AL_RIGHT},
        {"balance", N_("Balance"), AL_RIGHT},   {"action", N_("Action"), AL_LEFT},
        {"amount", N_("Amount"), AL_RIGHT}};
    enum { N = sizeof src / sizeof src[0] };
    struct cli_column cols[N];
    struct outlay_activity a;
    struct outlay_settlement s;
    outlay_err err = {0};
    int th = c->fmt == FMT_TABLE;
    int code = cli_activity(c, c->pos[0], 0, &a);
    if (code)
        return code;
    if (outlay_ledger_settle(c->st, &a, &s, &err) != OUTLAY_OK) {
        outlay_settlement_release(&s);
        return cli_fail(c, &err);
    }
    struct cli_table *t = cli_table_begin(c, cli_columns(src, N, cols), N);
    for (size_t i = 0; i < s.npeople; i++) {
        const struct outlay_participant *p = &s.people[i];
        const struct outlay_settle_person *in = &s.inputs[i];
        const struct outlay_settle_row *r = &s.result.rows[i];
        char w[24], m[8][OUTLAY_MONEY_BUFSZ], amount[OUTLAY_MONEY_BUFSZ];
        snprintf(w, sizeof w, "%lld", (long long)p->weight);
        const char *cells[N] = {p->name,
                                p->dept,
                                w,
                                cli_value(c, p->withdrawn ? "withdrawn" : "active"),
                                outlay_money_format(in->deposits, th, m[0]),
                                outlay_money_format(in->advanced, th, m[1]),
                                outlay_money_format(in->paid_out, th, m[2]),
                                outlay_money_format(r->cost, th, m[3]),
                                outlay_money_format(r->subsidy, th, m[4]),
                                outlay_money_format(r->due, th, m[5]),
                                outlay_money_format(r->balance, th, m[6]),
                                cli_value(c, outlay_settle_action_name(r->action)),
                                outlay_money_format(r->amount, th, amount)};
        static const int num[N] = {0, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 1};
        cli_table_row(t, cells, num, NULL);
    }
    cli_table_end(t);
    if (th) {
        settle_totals(&s.result.totals);
        /* SPEC §11.1: the table says which rule made its costs */
        putchar('\n');
        cli_field(_("Settlement rule:"), "%s\n", cli_settle_rule_text(a.settle_rule));
    }
    outlay_settlement_release(&s);
    return 0;
}

int cmd_words(struct cli *c)
{
    outlay_err err = {0};
    int64_t fen = 0;
    char buf[OUTLAY_WORDS_BUFSZ];
    if (outlay_money_parse(c->pos[0], 1, &fen, &err) != OUTLAY_OK ||
        outlay_words(fen, buf, sizeof buf) != OUTLAY_OK)
        return cli_fail(c, &err);
    printf("%s\n", buf);
    return 0;
}

static void print_problem(void *ctx, const outlay_err *p)
{
    char text[2048];
    (void)ctx;
    printf("%s\n", cli_problem_text(p, text, sizeof text));
}

int cmd_check(struct cli *c)
{
    outlay_err err = {0};
    outlay_activity_cursor *cur = NULL;
    struct outlay_activity a;
    long damage = 0;
    long problems = outlay_ledger_integrity(c->st, print_problem, c, &damage, &err);
    long activities = 0;
    int r = 0;
    if (problems < 0)
        return cli_fail(c, &err);
    if (damage)
        return cli_failf(c, 3,
                         _("ledger '%s' is damaged: SQLite's integrity check found %ld "
                           "problem(s); restore it from a backup ('outlay backup' makes one)"),
                         c->ledger_path, damage);
    if (outlay_ledger_activities(c->st, &cur, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    while ((r = outlay_activity_cursor_next(cur, &a, &err)) == 1) {
        /* An activity over the limit is named, and checking goes on. */
        long n = outlay_ledger_limit_problems(c->st, &a, print_problem, c, &err);
        long m = n < 0 ? -1 : outlay_ledger_problems(c->st, &a, print_problem, c, &err);
        n = m < 0 ? -1 : n + m;
        if (n < 0) {
            r = -1;
            break;
        }
        problems += n;
        activities++;
    }
    outlay_activity_cursor_close(cur);
    if (r < 0)
        return cli_fail(c, &err);
    if (problems)
        return cli_failf(c, 1, _("check found %ld problem(s) in ledger '%s'"), problems,
                         c->ledger_path);
    printf(P_("ledger '%s' is consistent (%ld activity checked)\n",
              "ledger '%s' is consistent (%ld activities checked)\n", activities),
           c->ledger_path, activities);
    return 0;
}

int cmd_log(struct cli *c)
{
    /* SPEC §11: at,who,command,activity,detail */
    static const struct cli_column src[] = {{"at", N_("Time"), AL_LEFT},
                                            {"who", N_("Who"), AL_LEFT},
                                            {"command", N_("Command"), AL_LEFT},
                                            {"activity", N_("Activity"), AL_LEFT},
                                            {"detail", N_("What changed"), AL_LEFT}};
    struct cli_column cols[5];
    outlay_err err = {0};
    outlay_audit_cursor *cur = NULL;
    const char *cells[5];
    int r;
    if (c->npos) {
        struct outlay_activity a;
        int code = cli_activity(c, c->pos[0], 0, &a);
        if (code)
            return code;
    }
    if (outlay_ledger_log(c->st, c->npos ? c->pos[0] : NULL, &cur, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    struct cli_table *t = cli_table_begin(c, cli_columns(src, 5, cols), 5);
    while ((r = outlay_audit_cursor_next(cur, cells, cells + 1, cells + 2, cells + 3, cells + 4,
                                         &err)) == 1)
        cli_table_row(t, cells, NULL, NULL);
    cli_table_end(t);
    outlay_audit_cursor_close(cur);
    return r < 0 ? cli_fail(c, &err) : 0;
}

int cmd_backup(struct cli *c)
{
    outlay_err err = {0};
    struct stat sb;
    /* A device or pipe (or "-") is written into; the ledger's own files are
     * refused by the store. */
    if (!outlay_outfile_is_guarded(c->pos[0], c->ledger_path) && stat(c->pos[0], &sb) == 0 &&
        (S_ISREG(sb.st_mode) || S_ISDIR(sb.st_mode)))
        return cli_failf(c, 1, _("'%s' already exists; choose a new file name for the backup"),
                         c->pos[0]);
    if (outlay_ledger_backup(c->st, c->pos[0], &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    fprintf(stderr, _("outlay: backup written to '%s'\n"), c->pos[0]);
    return 0;
}
