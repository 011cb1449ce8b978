/* cli_activity: init, activity, template and budget commands. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"

int cmd_init(struct cli *c)
{
    outlay_err err = {0};
    int created = 0;
    if (outlay_ledger_init(c->st, &created, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    if (created)
        fprintf(stderr, _("outlay: ledger '%s' is ready\n"), c->ledger_path);
    else
        fprintf(stderr, _("outlay: ledger '%s' exists already; nothing was changed\n"),
                c->ledger_path);
    return 0;
}

/* The options of 'activity add', 'set' and 'new', one index for all three
 * so that activity_in() reads any of them. */
enum {
    ACT_TITLE,
    ACT_DATE,
    ACT_END_DATE,
    ACT_VENUE,
    ACT_ORGANIZER,
    ACT_DEPOSIT,
    ACT_HEADCOUNT,
    ACT_BUDGET_TOTAL,
    ACT_SUBSIDY,
    ACT_CURRENCY,
    ACT_FUNDED_BY,
    ACT_RULES,
    ACT_TEMPLATE, /* 'activity new' only */
    ACT_LANG,
    /* 'activity set' only, in the rows where 'new' has --template, --lang */
    ACT_SETTLE_RULE = ACT_TEMPLATE,
    ACT_MIN_REFUND = ACT_LANG
};

#define TITLE_HELP N_("the title listings and the workbook show")
#define ACTIVITY_ROWS                                                                              \
    [ACT_DATE] = {.name = "date",                                                                  \
                  .arg = "YYYY-MM-DD",                                                             \
                  .help = N_("the day it takes place, or its first day")},                         \
    [ACT_END_DATE] = {.name = "end-date",                                                          \
                      .arg = "YYYY-MM-DD",                                                         \
                      .help = N_("its last day, when it takes several")},                          \
    [ACT_VENUE] = {.name = "venue", .arg = "TEXT", .help = N_("where it takes place")},            \
    [ACT_ORGANIZER] = {.name = "organizer",                                                        \
                       .arg = "TEXT",                                                              \
                       .help = N_("who organizes it (the workbook's author)")},                    \
    [ACT_DEPOSIT] = {.name = "deposit",                                                            \
                     .arg = "AMOUNT",                                                              \
                     .help = N_("the deposit collected per head in advance")},                     \
    [ACT_HEADCOUNT] = {.name = "headcount",                                                        \
                       .arg = "N",                                                                 \
                       .help = N_("planned participants (per-head lines use it)")},                \
    [ACT_BUDGET_TOTAL] = {.name = "budget-total",                                                  \
                          .arg = "AMOUNT",                                                         \
                          .help = N_("the budget total declared for approval")},                   \
    [ACT_SUBSIDY] = {.name = "subsidy-per-head",                                                   \
                     .arg = "AMOUNT",                                                              \
                     .help = N_("the union's subsidy per participant")},                           \
    [ACT_CURRENCY] = {.name = "currency",                                                          \
                      .arg = "CODE",                                                               \
                      .help = N_("the currency of its amounts (default CNY)")},                    \
    [ACT_FUNDED_BY] = {.name = "funded-by",                                                        \
                       .arg = "participants|union",                                                \
                       .help = N_("who pays its lines and expenses by default")},                  \
    [ACT_RULES] = {.name = "rules",                                                                \
                   .arg = "NAME",                                                                  \
                   .help = N_("the union's rules it is held to (default national; see 'rules "     \
                              "list')")}

const struct cli_opt cli_activity_add_opts[] = {
    [ACT_TITLE] = {.name = "title", .arg = "TEXT", .required = 1, .help = TITLE_HELP},
    ACTIVITY_ROWS,
    {0}};
const struct cli_opt cli_activity_set_opts[] = {
    [ACT_TITLE] = {.name = "title", .arg = "TEXT", .help = TITLE_HELP},
    ACTIVITY_ROWS,
    [ACT_SETTLE_RULE] = {.name = "settle-rule",
                         .arg = "1|2",
                         .help = N_("how costs are rounded: 1 each group on its own, 2 once per "
                                    "person (new activities)")},
    [ACT_MIN_REFUND] = {.name = "min-refund",
                        .arg = "AMOUNT",
                        .help = N_("refunds below it are not paid out but kept in the fund")},
    {0}};
const struct cli_opt cli_activity_new_opts[] = {
    [ACT_TITLE] = {.name = "title", .arg = "TEXT", .help = TITLE_HELP},
    ACTIVITY_ROWS,
    [ACT_TEMPLATE] = {.name = "template",
                      .arg = "NAME",
                      .required = 1,
                      .help = N_("the template to start from (see 'template list')")},
    [ACT_LANG] = {.name = "lang",
                  .arg = "en|zh",
                  .help = N_("the language of its text (default: the interface's)")},
    {0}};

int check_activity_new(struct cli *c)
{
    return cli_check_lang(c, c->values[ACT_LANG]);
}

static struct outlay_activity_in activity_in(const struct cli *c)
{
    return (struct outlay_activity_in){.title = c->values[ACT_TITLE],
                                       .date = c->values[ACT_DATE],
                                       .end_date = c->values[ACT_END_DATE],
                                       .venue = c->values[ACT_VENUE],
                                       .organizer = c->values[ACT_ORGANIZER],
                                       .deposit = c->values[ACT_DEPOSIT],
                                       .headcount = c->values[ACT_HEADCOUNT],
                                       .budget_total = c->values[ACT_BUDGET_TOTAL],
                                       .subsidy_per_head = c->values[ACT_SUBSIDY],
                                       .currency = c->values[ACT_CURRENCY],
                                       .funded_by = c->values[ACT_FUNDED_BY]};
}

/* SPEC §14: the rules of --rules NAME (default national) into in; *text
 * is theirs to free. 0, or the exit code of the error printed. */
static int rules_in(struct cli *c, struct outlay_activity_in *in, int defaults, char **text)
{
    const char *name = c->values[ACT_RULES];
    *text = NULL;
    if (!name && !defaults)
        return 0;
    int code = cli_rules_text(c, name ? name : "national", name != NULL, text);
    if (code == 0 && *text) {
        in->rules_name = name ? name : "national";
        in->rules_text = *text;
    }
    return code;
}

int cmd_activity_add(struct cli *c)
{
    outlay_err err = {0};
    struct outlay_activity_in in = activity_in(c);
    char *text = NULL;
    int code = rules_in(c, &in, 1, &text);
    if (code == 0 && outlay_ledger_activity_add(c->st, c->pos[0], &in, &err) != OUTLAY_OK)
        code = cli_fail(c, &err);
    free(text);
    return code;
}

int cmd_activity_new(struct cli *c)
{
    outlay_err err = {0};
    struct outlay_template t = {0};
    const char *dirs[4];
    char path[4096];
    const char *name = c->values[ACT_TEMPLATE];
    size_t ndirs = cli_template_dirs(c, dirs);
    struct outlay_activity_in in = activity_in(c);
    char *text = NULL;
    int code = rules_in(c, &in, 1, &text);
    if (code) {
        /* printed */
    } else if (outlay_template_find(name, dirs, ndirs, path, sizeof path, &err) != OUTLAY_OK ||
               outlay_template_load(path, &t, &err) != OUTLAY_OK) {
        code = cli_fail(c, &err);
    } else if (outlay_template_choose(&t, cli_lang(c->values[ACT_LANG])) != 0) {
        code = cli_failf(c, 2, _("unknown language; choose en or zh"));
    } else if (outlay_ledger_activity_new(c->st, c->pos[0], &t, name, &in, &err) != OUTLAY_OK) {
        code = cli_fail(c, &err);
    }
    outlay_template_release(&t);
    free(text);
    return code;
}

static const struct cli_column activity_cols[] = {
    {"slug", N_("Activity"), AL_LEFT},
    {"title", N_("Title"), AL_LEFT},
    {"date", N_("Date"), AL_LEFT},
    {"end_date", N_("End"), AL_LEFT},
    {"venue", N_("Venue"), AL_LEFT},
    {"organizer", N_("Organizer"), AL_LEFT},
    {"currency", N_("Cur."), AL_LEFT},
    {"deposit", N_("Deposit"), AL_RIGHT},
    {"headcount", N_("Headcount"), AL_RIGHT},
    {"budget_total", N_("Declared"), AL_RIGHT},
    {"subsidy_per_head", N_("Subsidy/head"), AL_RIGHT},
    {"funded_by", N_("Funded by"), AL_LEFT},
    {"status", N_("Status"), AL_LEFT},
};
#define NACT (sizeof activity_cols / sizeof activity_cols[0])

/* open, closed or (SPEC §11) void. */
static const char *activity_status(const struct outlay_activity *a)
{
    return a->is_void ? "void" : a->closed ? "closed" : "open";
}

/* One activity; pick (NULL for all) selects and orders the columns. */
static int activity_row(struct cli_table *t, const struct cli *c, const struct outlay_activity *a,
                        const size_t *pick, size_t ncols)
{
    char dep[OUTLAY_MONEY_BUFSZ], tot[OUTLAY_MONEY_BUFSZ], sub[OUTLAY_MONEY_BUFSZ], hc[24];
    int th = c->fmt == FMT_TABLE;
    snprintf(hc, sizeof hc, "%lld", (long long)a->headcount);
    const char *cells[NACT] = {a->slug,
                               a->title,
                               a->date,
                               a->end_date,
                               a->venue,
                               a->organizer,
                               a->currency,
                               outlay_money_format(a->deposit, th, dep),
                               a->headcount ? hc : "",
                               a->has_budget_total ? outlay_money_format(a->budget_total, th, tot)
                                                   : "",
                               outlay_money_format(a->subsidy_per_head, th, sub),
                               cli_value(c, outlay_funder_name(a->funded_by)),
                               cli_value(c, activity_status(a))};
    static const int num[NACT] = {0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0};
    const char *sel[NACT];
    int selnum[NACT];
    for (size_t i = 0; i < ncols; i++) {
        sel[i] = cells[pick ? pick[i] : i];
        selnum[i] = num[pick ? pick[i] : i];
    }
    return cli_table_row(t, sel, selnum, NULL);
}

int cmd_activity_list(struct cli *c)
{
    outlay_err err = {0};
    outlay_activity_cursor *cur = NULL;
    struct outlay_activity a;
    struct cli_column cols[NACT];
    int r;
    if (outlay_ledger_activities(c->st, &cur, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    /* People see the essentials; CSV and JSON carry every field. */
    static const size_t brief[] = {0, 1, 2, 11, 7, 8, 12};
    size_t ncols = c->fmt == FMT_TABLE ? sizeof brief / sizeof brief[0] : NACT;
    struct cli_column picked[NACT];
    for (size_t i = 0; i < ncols; i++)
        picked[i] = activity_cols[c->fmt == FMT_TABLE ? brief[i] : i];
    struct cli_table *t = cli_table_begin(c, cli_columns(picked, ncols, cols), ncols);
    while ((r = outlay_activity_cursor_next(cur, &a, &err)) == 1)
        activity_row(t, c, &a, c->fmt == FMT_TABLE ? brief : NULL, ncols);
    cli_table_end(t);
    outlay_activity_cursor_close(cur);
    return r < 0 ? cli_fail(c, &err) : 0;
}

int cmd_activity_show(struct cli *c)
{
    struct outlay_activity a;
    int code = cli_activity(c, c->pos[0], 0, &a);
    if (code)
        return code;
    if (c->fmt != FMT_TABLE) {
        struct cli_column cols[NACT];
        struct cli_table *t = cli_table_begin(c, cli_columns(activity_cols, NACT, cols), NACT);
        activity_row(t, c, &a, NULL, NACT);
        cli_table_end(t);
        return 0;
    }
    outlay_err err = {0};
    struct outlay_budget_summary sum;
    char b1[OUTLAY_MONEY_BUFSZ], b2[OUTLAY_MONEY_BUFSZ];
    if (outlay_ledger_budget_summary(c->st, &a, &sum, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    cli_field(_("Activity:"), "%s\n", a.slug);
    cli_field(_("Title:"), "%s\n", a.title);
    if (a.date)
        cli_field(_("Dates:"), "%s%s%s\n", a.date, a.end_date ? " – " : "",
                  a.end_date ? a.end_date : "");
    if (a.venue)
        cli_field(_("Venue:"), "%s\n", a.venue);
    if (a.organizer)
        cli_field(_("Organizer:"), "%s\n", a.organizer);
    cli_field(_("Funded by:"), "%s\n", cli_value(c, outlay_funder_name(a.funded_by)));
    if (a.headcount)
        cli_field(_("Headcount:"), "%lld\n", (long long)a.headcount);
    cli_field(_("Deposit per head:"), "%s %s\n", outlay_money_format(a.deposit, 1, b1), a.currency);
    if (a.subsidy_per_head)
        cli_field(_("Subsidy per head:"), "%s\n", outlay_money_format(a.subsidy_per_head, 1, b1));
    cli_field(_("Budget:"), "%s", outlay_money_format(sum.total, 1, b1));
    if (a.has_budget_total)
        printf(_(" (declared %s)"), outlay_money_format(a.budget_total, 1, b2));
    putchar('\n');
    struct outlay_ledger_report rep;
    if (outlay_ledger_report(c->st, &a, &rep, &err) != OUTLAY_OK) {
        outlay_ledger_report_release(&rep);
        return cli_fail(c, &err);
    }
    cli_field(_("Spent so far:"), "%s\n", outlay_money_format(rep.report.total.actual, 1, b1));
    outlay_ledger_report_release(&rep);
    if (a.is_void)
        /* TRANSLATORS: the status, then why the activity was voided */
        cli_field(_("Status:"), _("%s (%s)\n"), cli_value(c, "void"),
                  a.void_reason ? a.void_reason : "");
    else
        cli_field(_("Status:"), "%s\n", cli_value(c, activity_status(&a)));
    cli_field(_("Settlement rule:"), "%s\n", cli_settle_rule_text(a.settle_rule));
    /* SPEC §14 */
    cli_field(_("Rules:"), "%s\n", a.rules_name ? a.rules_name : _("none"));
    if (a.min_refund)
        cli_field(_("Smallest refund:"), _("%s (smaller ones are kept)\n"),
                  outlay_money_format(a.min_refund, 1, b1));
    int code2 = cli_approval_line(c, &a, 0, 1);
    return code2 ? code2 : cli_reapproval_line(c, &a);
}

int check_activity_set(struct cli *c)
{
    for (int i = 0; cli_activity_set_opts[i].name; i++)
        if (c->values[i])
            return 0;
    return cli_usage_error(c, _("nothing to change; give at least one option"));
}

int cmd_activity_set(struct cli *c)
{
    outlay_err err = {0};
    struct outlay_activity_in in = activity_in(c);
    in.settle_rule = c->values[ACT_SETTLE_RULE];
    in.min_refund = c->values[ACT_MIN_REFUND];
    char *text = NULL;
    int code = rules_in(c, &in, 0, &text);
    if (code == 0 && outlay_ledger_activity_set(c->st, c->pos[0], &in, &err) != OUTLAY_OK)
        code = cli_fail(c, &err);
    free(text);
    return code;
}

int cmd_activity_close(struct cli *c)
{
    outlay_err err = {0};
    if (outlay_ledger_activity_close(c->st, c->pos[0], 1, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    return 0;
}

int cmd_activity_reopen(struct cli *c)
{
    outlay_err err = {0};
    if (outlay_ledger_activity_close(c->st, c->pos[0], 0, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    return 0;
}

/* SPEC §14: the approver is the global --by, who the audit row names. */
enum { AP_DATE };

const struct cli_opt cli_activity_approve_opts[] = {
    [AP_DATE] = {.name = "date",
                 .arg = "YYYY-MM-DD",
                 .help = N_("the day it was approved (default today)")},
    {0}};

int check_activity_approve(struct cli *c)
{
    if (!c->by)
        return cli_usage_error(c, _("give --by NAME: who approves the budget"));
    return 0;
}

int cmd_activity_approve(struct cli *c)
{
    outlay_err err = {0};
    struct outlay_approval ap;
    char total[OUTLAY_MONEY_BUFSZ];
    if (outlay_ledger_approve(c->st, c->pos[0], c->by, c->values[AP_DATE], &ap, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    fprintf(stderr, _("outlay: activity '%s': budget total %s approved by %s on %s\n"), c->pos[0],
            outlay_money_format(ap.total, 1, total), ap.by, ap.date);
    return 0;
}

enum { AV_REASON };

const struct cli_opt cli_activity_void_opts[] = {
    [AV_REASON] = {.name = "reason",
                   .arg = "TEXT",
                   .required = 1,
                   .help = N_("why the activity is voided (kept on record)")},
    {0}};

int cmd_activity_void(struct cli *c)
{
    outlay_err err = {0};
    if (outlay_ledger_activity_void(c->st, c->pos[0], c->values[AV_REASON], &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    return 0;
}

int cmd_template_list(struct cli *c)
{
    outlay_err err = {0};
    const char *dirs[4];
    char **names = NULL, path[4096];
    size_t n = 0, ndirs = cli_template_dirs(c, dirs);
    static const struct cli_column cols_src[] = {{"name", N_("Template"), AL_LEFT},
                                                 {"title", N_("Title"), AL_LEFT},
                                                 {"lines", N_("Lines"), AL_RIGHT},
                                                 {"path", N_("File"), AL_LEFT}};
    struct cli_column cols[4];
    if (outlay_template_list(dirs, ndirs, &names, &n, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    struct cli_table *t = cli_table_begin(c, cli_columns(cols_src, 4, cols), 4);
    for (size_t i = 0; i < n; i++) {
        struct outlay_template tp = {0};
        outlay_err terr = {0};
        char lines[24] = "";
        const char *title = "";
        if (outlay_template_find(names[i], dirs, ndirs, path, sizeof path, &terr) == OUTLAY_OK &&
            outlay_template_load(path, &tp, &terr) == OUTLAY_OK) {
            outlay_template_choose(&tp, cli_lang(NULL)); /* titles in the reader's language */
            snprintf(lines, sizeof lines, "%zu", tp.nlines);
            title = tp.title ? tp.title : "";
        } else {
            title = _("(invalid: see 'outlay activity new')");
        }
        const char *cells[4] = {names[i], title, lines, path};
        static const int num[4] = {0, 0, 1, 0};
        cli_table_row(t, cells, num, NULL);
        outlay_template_release(&tp);
    }
    cli_table_end(t);
    outlay_template_names_free(names, n);
    return 0;
}

enum {
    BL_CATEGORY,
    BL_ITEM,
    BL_UNIT_PRICE,
    BL_QTY,
    BL_PER_HEAD,
    BL_UNIT,
    BL_NOTE,
    BL_FUNDED_BY,
    BL_KIND
};

#define FUNDED_BY_HELP N_("participants or union (default: the activity's)")

/* The rows of 'budget add' and 'budget set' but those whose help differs
 * (what add requires, and the defaults of add). */
#define BUDGET_ROWS                                                                                \
    [BL_PER_HEAD] = {.name = "per-head",                                                           \
                     .help = N_("one unit per planned participant (--headcount)")},                \
    [BL_UNIT] = {.name = "unit",                                                                   \
                 .arg = "TEXT",                                                                    \
                 .help = N_("the unit counted: piece, person, day...")},                           \
    [BL_NOTE] = {.name = "note", .arg = "TEXT", .help = N_("a remark shown in the workbook")}

/* SPEC §14; after funded-by, the last row of both tables. */
#define KIND_ROW                                                                                   \
    [BL_KIND] = {.name = "kind",                                                                   \
                 .arg = "KIND",                                                                    \
                 .help = N_("prize-winner, prize-participation, souvenir, meal, clothing, "        \
                            "gift-card or other")}

#define CATEGORY_HELP N_("the budget category: props, prizes, lunch...")
#define ITEM_HELP N_("what is bought")
#define UNIT_PRICE_HELP N_("the price of one unit")

const struct cli_opt cli_budget_add_opts[] = {
    [BL_CATEGORY] = {.name = "category", .arg = "CAT", .required = 1, .help = CATEGORY_HELP},
    [BL_ITEM] = {.name = "item", .arg = "TEXT", .required = 1, .help = ITEM_HELP},
    [BL_UNIT_PRICE] = {.name = "unit-price",
                       .arg = "AMOUNT",
                       .required = 1,
                       .help = UNIT_PRICE_HELP},
    [BL_QTY] = {.name = "qty", .arg = "N", .help = N_("how many units (default 1)")},
    BUDGET_ROWS,
    [BL_FUNDED_BY] = {.name = "funded-by", .arg = "participants|union", .help = FUNDED_BY_HELP},
    KIND_ROW,
    {0}};

/* SPEC §11: any option of 'budget add', none required; what is not given
 * is kept. */
const struct cli_opt cli_budget_set_opts[] = {
    [BL_CATEGORY] = {.name = "category", .arg = "CAT", .help = CATEGORY_HELP},
    [BL_ITEM] = {.name = "item", .arg = "TEXT", .help = ITEM_HELP},
    [BL_UNIT_PRICE] = {.name = "unit-price", .arg = "AMOUNT", .help = UNIT_PRICE_HELP},
    [BL_QTY] = {.name = "qty",
                .arg = "N",
                .help = N_("how many units (a per-head line becomes one of N)")},
    BUDGET_ROWS,
    [BL_FUNDED_BY] = {.name = "funded-by",
                      .arg = "participants|union",
                      .help = N_("who pays it: participants or union")},
    KIND_ROW,
    {0}};

int check_budget_add(struct cli *c)
{
    if (c->values[BL_QTY] && c->values[BL_PER_HEAD])
        return cli_usage_error(c, _("give either --qty or --per-head, not both"));
    return 0;
}

static struct outlay_line_in line_in(const struct cli *c)
{
    return (struct outlay_line_in){.category = c->values[BL_CATEGORY],
                                   .item = c->values[BL_ITEM],
                                   .unit_price = c->values[BL_UNIT_PRICE],
                                   .qty = c->values[BL_QTY],
                                   .unit = c->values[BL_UNIT],
                                   .note = c->values[BL_NOTE],
                                   .funded_by = c->values[BL_FUNDED_BY],
                                   .per_head = c->values[BL_PER_HEAD] ? "yes" : NULL,
                                   .kind = c->values[BL_KIND]};
}

int cmd_budget_add(struct cli *c)
{
    outlay_err err = {0};
    struct outlay_activity a;
    int64_t no = 0;
    int code = cli_activity(c, c->pos[0], 1, &a);
    if (code)
        return code;
    struct outlay_line_in in = line_in(c);
    if (outlay_ledger_line_add(c->st, &a, &in, 1, &no, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    printf("%lld\n", (long long)no);
    return 0;
}

int check_budget_set(struct cli *c)
{
    int any = 0;
    for (int i = 0; cli_budget_set_opts[i].name; i++)
        any |= c->values[i] != NULL;
    if (!any)
        return cli_usage_error(c, _("nothing to change; give at least one option"));
    return check_budget_add(c) ? 2 : cli_check_record_no(c, OUTLAY_P_NOT_LINE_NO);
}

int cmd_budget_set(struct cli *c)
{
    outlay_err err = {0};
    struct outlay_activity a;
    int code = cli_activity(c, c->pos[0], 1, &a);
    if (code)
        return code;
    struct outlay_line_in in = line_in(c);
    if (outlay_ledger_line_set(c->st, &a, c->pos[1], &in, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    return 0;
}

enum { BV_REASON };

const struct cli_opt cli_budget_void_opts[] = {
    [BV_REASON] = {.name = "reason",
                   .arg = "TEXT",
                   .required = 1,
                   .help = N_("why the line is voided (kept on record)")},
    {0}};

int check_budget_void(struct cli *c)
{
    return cli_check_record_no(c, OUTLAY_P_NOT_LINE_NO);
}

int cmd_budget_void(struct cli *c)
{
    outlay_err err = {0};
    struct outlay_activity a;
    int code = cli_activity(c, c->pos[0], 1, &a);
    if (code)
        return code;
    if (outlay_ledger_line_void(c->st, &a, c->pos[1], c->values[BV_REASON], &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    return 0;
}

/* A budget line with its own copies of the strings. */
struct line_copy {
    struct outlay_budget_line l;
    char *buf;
};

static void free_lines(struct line_copy *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].buf);
    free(v);
}

/* Copies the strings of l into one allocation owned by lc. */
static int copy_line(struct line_copy *lc, const struct outlay_budget_line *l)
{
    enum { NSTR = 5 };
    const char *src[NSTR] = {l->category, l->item, l->unit, l->note, l->void_reason};
    size_t len = 0;
    for (int i = 0; i < NSTR; i++)
        len += src[i] ? strlen(src[i]) + 1 : 0;
    lc->l = *l;
    lc->buf = malloc(len ? len : 1);
    if (!lc->buf)
        return -1;
    char *p = lc->buf;
    char **dst[NSTR] = {&lc->l.category, &lc->l.item, &lc->l.unit, &lc->l.note, &lc->l.void_reason};
    for (int i = 0; i < NSTR; i++) {
        if (!src[i]) {
            *dst[i] = NULL;
            continue;
        }
        size_t k = strlen(src[i]) + 1;
        memcpy(p, src[i], k);
        *dst[i] = p;
        p += k;
    }
    return 0;
}

static int load_lines(struct cli *c, const struct outlay_activity *a, struct line_copy **out,
                      size_t *n)
{
    outlay_err err = {0};
    outlay_line_cursor *cur = NULL;
    struct outlay_budget_line l;
    size_t cap = 0;
    int r;
    *out = NULL;
    *n = 0;
    if (outlay_ledger_lines(c->st, a, &cur, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    while ((r = outlay_line_cursor_next(cur, &l, &err)) == 1) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 32;
            struct line_copy *v = realloc(*out, cap * sizeof *v);
            if (!v) {
                r = -1;
                outlay_fail(&err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
                break;
            }
            *out = v;
        }
        if (copy_line(&(*out)[*n], &l) != 0) {
            r = -1;
            outlay_fail(&err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
            break;
        }
        (*n)++;
    }
    outlay_line_cursor_close(cur);
    return r < 0 ? cli_fail(c, &err) : 0;
}

static const struct cli_column budget_cols[] = {
    {"id", N_("ID"), AL_RIGHT},
    {"category", N_("Category"), AL_LEFT},
    {"item", N_("Item"), AL_LEFT},
    {"unit_price", N_("Unit price"), AL_RIGHT},
    {"qty", N_("Qty"), AL_RIGHT},
    {"unit", N_("Unit"), AL_LEFT},
    {"amount", N_("Amount"), AL_RIGHT},
    {"funded_by", N_("Funded by"), AL_LEFT},
    {"per_head", N_("Per head"), AL_LEFT},
    {"note", N_("Note"), AL_LEFT},
    {"kind", N_("Kind"), AL_LEFT}, /* SPEC §11, §14 */
    {"status", N_("Status"), AL_LEFT},
};
#define NBUDGET (sizeof budget_cols / sizeof budget_cols[0])

/* A table's columns: every one (SPEC §14: the kind too, which the rules
 * read). */
static size_t budget_table_cols(int th, struct cli_column *out)
{
    (void)th;
    for (size_t i = 0; i < NBUDGET; i++)
        out[i] = budget_cols[i];
    return NBUDGET;
}

static void budget_cells(struct cli_table *t, int th, const char **cells, const int *num,
                         const char *mark)
{
    (void)th;
    int selnum[NBUDGET];
    for (size_t i = 0; i < NBUDGET; i++)
        selnum[i] = num ? num[i] : 0;
    cli_table_row(t, cells, selnum, mark);
}

static void budget_row(const struct cli *c, struct cli_table *t, int th,
                       const struct outlay_budget_line *l)
{
    char id[24], qty[24], price[OUTLAY_MONEY_BUFSZ], amount[OUTLAY_MONEY_BUFSZ], mark[1100] = "";
    snprintf(id, sizeof id, "%lld", (long long)l->id);
    snprintf(qty, sizeof qty, "%lld", (long long)l->qty);
    const char *cells[NBUDGET] = {id,
                                  l->category,
                                  l->item,
                                  outlay_money_format(l->unit_price, th, price),
                                  qty,
                                  l->unit,
                                  outlay_money_format(l->amount, th, amount),
                                  cli_value(c, outlay_funder_name(l->funded_by)),
                                  cli_value(c, l->per_head ? "yes" : ""),
                                  l->note,
                                  cli_value(c, outlay_kind_name(l->kind)),
                                  cli_value(c, l->is_void ? "void" : "ok")};
    static const int num[NBUDGET] = {1, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0};
    if (l->is_void)
        snprintf(mark, sizeof mark, _("voided: %s"), l->void_reason ? l->void_reason : "");
    budget_cells(t, th, cells, num, mark);
}

/* Subtotal and summary rows of the table form (SPEC §4). */
static void budget_total_row(struct cli_table *t, const char *label, int64_t amount)
{
    char buf[OUTLAY_MONEY_BUFSZ];
    const char *cells[NBUDGET] = {"", label, "", "", "", "", outlay_money_format(amount, 1, buf),
                                  "", "",    "", "", ""};
    budget_cells(t, 1, cells, NULL, NULL);
}

int cmd_budget_list(struct cli *c)
{
    struct outlay_activity a;
    struct line_copy *lines = NULL;
    size_t n = 0;
    struct cli_column cols[NBUDGET];
    outlay_err err = {0};
    struct outlay_budget_summary sum;
    int out_of_range = 0;
    int code = cli_activity(c, c->pos[0], 0, &a);
    if (code || (code = load_lines(c, &a, &lines, &n)))
        return code;
    if (outlay_ledger_budget_summary(c->st, &a, &sum, &err) != OUTLAY_OK) {
        free_lines(lines, n);
        return cli_fail(c, &err);
    }
    struct cli_column picked[NBUDGET];
    size_t ncols = budget_table_cols(c->fmt == FMT_TABLE, picked);
    struct cli_table *t = cli_table_begin(c, cli_columns(picked, ncols, cols), ncols);
    if (c->fmt != FMT_TABLE) {
        for (size_t i = 0; i < n; i++)
            budget_row(c, t, 0, &lines[i].l);
    } else {
        /* Grouped by category in order of first appearance, each with its
         * subtotal. */
        unsigned char *done = calloc(n ? n : 1, 1);
        for (size_t i = 0; done && i < n; i++) {
            if (done[i])
                continue;
            int64_t subtotal = 0;
            int subtotal_ok = 1;
            for (size_t j = i; j < n; j++) {
                if (done[j] || strcmp(lines[j].l.category, lines[i].l.category) != 0)
                    continue;
                done[j] = 1;
                budget_row(c, t, 1, &lines[j].l);
                /* SPEC §11: a void line is listed and counts nowhere */
                if (!lines[j].l.is_void &&
                    outlay_money_add(subtotal, lines[j].l.amount, &subtotal) != OUTLAY_OK)
                    subtotal_ok = 0;
            }
            char label[160];
            snprintf(label, sizeof label, _("subtotal %s"), lines[i].l.category);
            /* Lines are never negative, so the summary above has already
             * failed on any subtotal out of range; still, never a wrong one. */
            if (subtotal_ok)
                budget_total_row(t, label, subtotal);
            else
                out_of_range = 1;
        }
        free(done);
        cli_table_rule(t);
        budget_total_row(t, _("participant-funded"), sum.participants);
        budget_total_row(t, _("union-funded"), sum.union_funded);
        budget_total_row(t, _("TOTAL"), sum.total);
    }
    cli_table_end(t);
    if (c->fmt == FMT_TABLE && a.headcount > 0) {
        char share[OUTLAY_MONEY_BUFSZ], dep[OUTLAY_MONEY_BUFSZ];
        if (sum.subsidy != 0) {
            /* SPEC §13: the split as settle will make it at the headcount */
            char per[OUTLAY_MONEY_BUFSZ], sub[OUTLAY_MONEY_BUFSZ], un[OUTLAY_MONEY_BUFSZ],
                part[OUTLAY_MONEY_BUFSZ];
            printf(_("\nUnion subsidy (%lld people × %s): %s; union's share: %s; participants' "
                     "share: %s"),
                   (long long)a.headcount, outlay_money_format(a.subsidy_per_head, 1, per),
                   outlay_money_format(sum.subsidy, 1, sub),
                   outlay_money_format(sum.union_share, 1, un),
                   outlay_money_format(sum.participants_share, 1, part));
        }
        printf(_("\nParticipants' share per head (%lld people): %s; deposit per head: %s\n"),
               (long long)a.headcount, outlay_money_format(sum.share_per_head, 1, share),
               outlay_money_format(a.deposit, 1, dep));
        outlay_ledger_share_problems(&a, &sum, cli_warn, c);
    }
    if (c->fmt == FMT_TABLE && (code = cli_approval_line(c, &a, a.headcount <= 0, 0))) {
        free_lines(lines, n);
        return code;
    }
    free_lines(lines, n);
    if (out_of_range) {
        outlay_ledger_total_error(&a, OUTLAY_AMOUNTS_BUDGET, &err);
        return cli_fail(c, &err);
    }
    if (outlay_ledger_problems(c->st, &a, cli_warn, c, &err) < 0)
        return cli_fail(c, &err);
    return 0;
}
