/*
 * cli: the command table and the dispatcher (STYLE §7). The dispatcher
 * parses the options of the command it found, opens the ledger, runs the
 * command inside one transaction, commits or rolls back, then flushes and
 * checks stdout so a full disk is an error and not a silent success.
 */
#include "cli.h"

#include <locale.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"

/* The options every command takes, before or after its name (SPEC §4,
 * §11), parsed in one place: parse_option(). */
enum { G_LEDGER, G_TEMPLATES, G_BY, G_HELP, G_COUNT };
const struct cli_opt cli_global_opts[] = {
    [G_LEDGER] = {.name = "ledger",
                  .short_name = 'L',
                  .arg = "PATH",
                  .help = N_("ledger file (default $OUTLAY_LEDGER, else ./outlay.db)")},
    [G_TEMPLATES] = {.name = "templates",
                     .arg = "DIR",
                     .help = N_("look for templates in DIR first")},
    [G_BY] = {.name = "by",
              .arg = "NAME",
              .help = N_("who is making the change, for the audit log (default $OUTLAY_USER, "
                         "else the login name)")},
    [G_HELP] = {.name = "help",
                .short_name = 'h',
                .help = N_("help for outlay or for one command")},
    {0}};

/* Only before the command: `outlay --version`. */
static const struct cli_opt version_opts[] = {{.name = "version", .help = N_("print the version")},
                                              {0}};

/* Listings and reports (CMD_LISTING). */
enum { L_CSV, L_JSON, L_ENCODING, L_BOM, L_COUNT };
const struct cli_opt cli_listing_opts[] = {
    [L_CSV] = {.name = "csv", .help = N_("CSV instead of a table")},
    [L_JSON] = {.name = "json", .help = N_("JSON instead of a table")},
    [L_ENCODING] = {.name = "encoding",
                    .arg = "utf-8|gbk",
                    .help = N_("the CSV's encoding: gbk (GB18030) for Chinese Excel")},
    [L_BOM] = {.name = "bom", .help = N_("start the CSV with a UTF-8 byte order mark (Excel)")},
    {0}};

#define ACT_ADD_USAGE                                                                              \
    "[--date YYYY-MM-DD] [--end-date YYYY-MM-DD] [--venue TEXT] [--organizer TEXT] "               \
    "[--deposit AMOUNT] [--headcount N] [--budget-total AMOUNT] "                                  \
    "[--subsidy-per-head AMOUNT] [--currency CODE] [--funded-by participants|union] "              \
    "[--rules NAME]"

/* The command table: every command, what the dispatcher sets up for it,
 * its arguments, options and usage. */
const struct command cli_commands[] = {
    {.noun = "init",
     .run = cmd_init,
     .flags = CMD_LEDGER | CMD_WRITES,
     .usage = "init",
     .summary = N_("create the ledger file")},
    {.noun = "activity",
     .verb = "add",
     .run = cmd_activity_add,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 1,
     .max_pos = 1,
     .opts = cli_activity_add_opts,
     .usage = "activity add SLUG --title TEXT " ACT_ADD_USAGE,
     .summary = N_("add an activity")},
    {.noun = "activity",
     .verb = "new",
     .run = cmd_activity_new,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 1,
     .max_pos = 1,
     .opts = cli_activity_new_opts,
     .check = check_activity_new,
     .usage = "activity new SLUG --template NAME [--lang en|zh] [any option of 'activity add']",
     .summary = N_("add an activity from a template")},
    {.noun = "activity",
     .verb = "list",
     .run = cmd_activity_list,
     .flags = CMD_LEDGER | CMD_LISTING,
     .usage = "activity list [--csv|--json]",
     .summary = N_("list activities")},
    {.noun = "activity",
     .verb = "show",
     .run = cmd_activity_show,
     .flags = CMD_LEDGER | CMD_LISTING,
     .min_pos = 1,
     .max_pos = 1,
     .usage = "activity show SLUG [--csv|--json]",
     .summary = N_("show one activity")},
    {.noun = "activity",
     .verb = "set",
     .run = cmd_activity_set,
     .check = check_activity_set,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 1,
     .max_pos = 1,
     .opts = cli_activity_set_opts,
     .usage = "activity set SLUG [--title TEXT] " ACT_ADD_USAGE
              " [--settle-rule 1|2] [--min-refund AMOUNT]",
     .summary = N_("change an activity")},
    {.noun = "activity",
     .verb = "close",
     .run = cmd_activity_close,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 1,
     .max_pos = 1,
     .usage = "activity close SLUG",
     .summary = N_("close the books once every balance is zero")},
    {.noun = "activity",
     .verb = "reopen",
     .run = cmd_activity_reopen,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 1,
     .max_pos = 1,
     .usage = "activity reopen SLUG",
     .summary = N_("reopen a closed activity")},
    {.noun = "activity",
     .verb = "void",
     .run = cmd_activity_void,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 1,
     .max_pos = 1,
     .opts = cli_activity_void_opts,
     .usage = "activity void SLUG --reason TEXT",
     .summary = N_("void an activity with nothing left on it, keeping it on record")},
    {.noun = "activity",
     .verb = "approve",
     .run = cmd_activity_approve,
     .check = check_activity_approve,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 1,
     .max_pos = 1,
     .opts = cli_activity_approve_opts,
     .usage = "activity approve SLUG --by NAME [--date YYYY-MM-DD]",
     .summary = N_("record who approved the budget, its total and when")},
    {.noun = "template",
     .verb = "list",
     .run = cmd_template_list,
     .flags = CMD_LISTING,
     .usage = "template list [--csv|--json]",
     .summary = N_("list activity templates")},
    /* SPEC §14: the union's rules, found like templates; no ledger */
    {.noun = "rules",
     .verb = "list",
     .run = cmd_rules_list,
     .flags = CMD_LISTING,
     .usage = "rules list [--csv|--json]",
     .summary = N_("list the rules files an activity can be held to")},
    {.noun = "rules",
     .verb = "show",
     .run = cmd_rules_show,
     .min_pos = 1,
     .max_pos = 1,
     .usage = "rules show NAME",
     .summary = N_("show what a rules file allows and where its figures come from")},
    {.noun = "budget",
     .verb = "add",
     .run = cmd_budget_add,
     .check = check_budget_add,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 1,
     .max_pos = 1,
     .opts = cli_budget_add_opts,
     .usage = "budget add SLUG --category CAT --item TEXT --unit-price AMOUNT "
              "[--qty N | --per-head] [--unit TEXT] [--note TEXT] "
              "[--funded-by participants|union] [--kind KIND]",
     .summary = N_("add a budget line; prints its number")},
    {.noun = "budget",
     .verb = "set",
     .run = cmd_budget_set,
     .check = check_budget_set,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 2,
     .max_pos = 2,
     .opts = cli_budget_set_opts,
     .usage = "budget set SLUG NO [any option of 'budget add']",
     .summary = N_("change a budget line")},
    {.noun = "budget",
     .verb = "void",
     .run = cmd_budget_void,
     .check = check_budget_void,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 2,
     .max_pos = 2,
     .opts = cli_budget_void_opts,
     .usage = "budget void SLUG NO --reason TEXT",
     .summary = N_("void a budget line, keeping it on record")},
    {.noun = "budget",
     .verb = "list",
     .run = cmd_budget_list,
     .flags = CMD_LEDGER | CMD_LISTING,
     .min_pos = 1,
     .max_pos = 1,
     .usage = "budget list SLUG [--csv|--json]",
     .summary = N_("list budget lines with subtotals")},
    {.noun = "expense",
     .verb = "add",
     .run = cmd_expense_add,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 1,
     .max_pos = 1,
     .opts = cli_expense_add_opts,
     .usage = "expense add SLUG --category CAT --amount AMOUNT [--item TEXT] [--date YYYY-MM-DD] "
              "[--payee TEXT] [--paid-by NAME] [--receipt REF] [--for TAG] "
              "[--funded-by participants|union] [--kind KIND]",
     .summary = N_("record an expense; prints its number")},
    {.noun = "expense",
     .verb = "set",
     .run = cmd_expense_set,
     .check = check_expense_set,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 2,
     .max_pos = 2,
     .opts = cli_expense_set_opts,
     .usage = "expense set SLUG NO [any option of 'expense add']",
     .summary = N_("change an expense")},
    {.noun = "expense",
     .verb = "void",
     .run = cmd_expense_void,
     .check = check_expense_void,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 2,
     .max_pos = 2,
     .opts = cli_expense_void_opts,
     .usage = "expense void SLUG NO --reason TEXT",
     .summary = N_("void an expense, keeping it on record")},
    {.noun = "expense",
     .verb = "list",
     .run = cmd_expense_list,
     .flags = CMD_LEDGER | CMD_LISTING,
     .min_pos = 1,
     .max_pos = 1,
     .usage = "expense list SLUG [--csv|--json]",
     .summary = N_("list expenses, voided ones included")},
    {.noun = "participant",
     .verb = "add",
     .run = cmd_participant_add,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 2,
     .max_pos = 2,
     .opts = cli_participant_opts,
     .usage = "participant add SLUG NAME [--dept TEXT] [--tags TAG[;TAG...]] [--weight N]",
     .summary = N_("add a participant")},
    {.noun = "participant",
     .verb = "set",
     .run = cmd_participant_set,
     .check = check_participant_set,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 2,
     .max_pos = 2,
     .opts = cli_participant_opts,
     .usage = "participant set SLUG NAME [--dept TEXT] [--tags TAG[;TAG...]] [--weight N]",
     .summary = N_("change a participant")},
    {.noun = "participant",
     .verb = "rename",
     .run = cmd_participant_rename,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 3,
     .max_pos = 3,
     .usage = "participant rename SLUG NAME NEW-NAME",
     .summary = N_("correct a participant's name, keeping their records")},
    {.noun = "participant",
     .verb = "withdraw",
     .run = cmd_participant_withdraw,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 2,
     .max_pos = 2,
     .usage = "participant withdraw SLUG NAME",
     .summary = N_("withdraw a participant")},
    {.noun = "participant",
     .verb = "rejoin",
     .run = cmd_participant_rejoin,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 2,
     .max_pos = 2,
     .usage = "participant rejoin SLUG NAME",
     .summary = N_("bring a withdrawn participant back")},
    {.noun = "participant",
     .verb = "alias",
     .run = cmd_participant_alias,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 3,
     .max_pos = 3,
     .opts = cli_participant_alias_opts,
     .usage = "participant alias SLUG NAME ALIAS [--remove]",
     .summary = N_("give a participant the name a payment app shows for them (or --remove it)")},
    {.noun = "participant",
     .verb = "link",
     .run = cmd_participant_link,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 2,
     .max_pos = 2,
     .usage = "participant link SLUG NAME",
     .summary = N_("the private link to a participant's own slip (for 'outlay serve')")},
    {.noun = "participant",
     .verb = "list",
     .run = cmd_participant_list,
     .flags = CMD_LEDGER | CMD_LISTING,
     .min_pos = 1,
     .max_pos = 1,
     .usage = "participant list SLUG [--csv|--json]",
     .summary = N_("list participants")},
    {.noun = "deposit",
     .verb = "add",
     .run = cmd_deposit_add,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 3,
     .max_pos = 3,
     .opts = cli_payment_opts,
     .usage = "deposit add SLUG NAME AMOUNT [--date YYYY-MM-DD] [--method TEXT]",
     .summary = N_("record a deposit (or a supplement collected); prints its number")},
    {.noun = "deposit",
     .verb = "void",
     .run = cmd_deposit_void,
     .check = check_deposit_void,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 2,
     .max_pos = 2,
     .opts = cli_deposit_void_opts,
     .usage = "deposit void SLUG NO --reason TEXT",
     .summary = N_("void a deposit, keeping it on record")},
    {.noun = "deposit",
     .verb = "list",
     .run = cmd_deposit_list,
     .flags = CMD_LEDGER | CMD_LISTING,
     .min_pos = 1,
     .max_pos = 1,
     .usage = "deposit list SLUG [--csv|--json]",
     .summary = N_("list deposits")},
    {.noun = "payout",
     .verb = "add",
     .run = cmd_payout_add,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 3,
     .max_pos = 3,
     .opts = cli_payout_opts,
     .usage = "payout add SLUG NAME AMOUNT [--date YYYY-MM-DD] [--method TEXT] [--force]",
     .summary = N_("record money paid back to a participant; prints its number")},
    {.noun = "payout",
     .verb = "void",
     .run = cmd_payout_void,
     .check = check_payout_void,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 2,
     .max_pos = 2,
     .opts = cli_payout_void_opts,
     .usage = "payout void SLUG NO --reason TEXT",
     .summary = N_("void a payout, keeping it on record")},
    {.noun = "payout",
     .verb = "list",
     .run = cmd_payout_list,
     .flags = CMD_LEDGER | CMD_LISTING,
     .min_pos = 1,
     .max_pos = 1,
     .usage = "payout list SLUG [--csv|--json]",
     .summary = N_("list payouts")},
    /* SPEC §15: before the import of a KIND, which takes any verb. */
    {.noun = "import",
     .verb = "wechat",
     .run = cmd_import_bill,
     .check = check_import_bill,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 2,
     .max_pos = 2,
     .opts = cli_bill_opts,
     .usage = "import wechat SLUG FILE [--dry-run] [--from DATE] [--to DATE] [--expenses CATEGORY]",
     .summary = N_("record the deposits and payouts of a WeChat Pay bill (CSV)")},
    {.noun = "import",
     .verb = "alipay",
     .run = cmd_import_bill,
     .check = check_import_bill,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 2,
     .max_pos = 2,
     .opts = cli_bill_opts,
     .usage = "import alipay SLUG FILE [--dry-run] [--from DATE] [--to DATE] [--expenses CATEGORY]",
     .summary = N_("record the deposits and payouts of an Alipay bill (GBK CSV)")},
    {.noun = "import",
     .run = cmd_import,
     .check = check_import,
     .flags = CMD_LEDGER | CMD_WRITES,
     .min_pos = 3,
     .max_pos = 3,
     .opts = cli_import_opts,
     .usage = "import budget|expenses|participants|deposits SLUG FILE [--encoding utf-8|gbk] "
              "[--sheet NAME]",
     .summary = N_("import a CSV or xlsx file, all rows or none")},
    {.noun = "report",
     .run = cmd_report,
     .flags = CMD_LEDGER | CMD_LISTING,
     .min_pos = 0,
     .max_pos = 1,
     .usage = "report [SLUG] [--csv|--json]",
     .summary = N_("budget vs actual, per category or per activity")},
    {.noun = "rollup",
     .run = cmd_rollup,
     .flags = CMD_LISTING,
     .min_pos = 0,
     .max_pos = CLI_POS_MANY,
     .opts = cli_rollup_opts,
     .usage = "rollup [FILE.db...] [--activities] [--csv|--json]",
     .summary = N_("the federation's year: each branch's totals, from its ledger")},
    {.noun = "settle",
     .run = cmd_settle,
     .flags = CMD_LEDGER | CMD_LISTING,
     .min_pos = 1,
     .max_pos = 1,
     .usage = "settle SLUG [--csv|--json]",
     .summary = N_("settle every participant: refund or supplement")},
    {.noun = "notice",
     .run = cmd_notice,
     .check = check_notice,
     .flags = CMD_LEDGER | CMD_LISTING,
     .min_pos = 1,
     .max_pos = 1,
     .opts = cli_notice_opts,
     .usage = "notice SLUG [--lang en|zh] [--csv|--json]",
     .summary = N_("one settlement message per participant, to send")},
    {.noun = "export",
     .run = cmd_export,
     .check = check_export,
     .flags = CMD_LEDGER,
     .min_pos = 1,
     .max_pos = 1,
     .opts = cli_export_opts,
     .usage = "export SLUG [-o FILE.xlsx] [--lang en|zh]",
     .summary = N_("write the approval workbook")},
    {.noun = "print",
     .run = cmd_print,
     .check = check_print,
     .flags = CMD_LEDGER,
     .min_pos = 1,
     .max_pos = 1,
     .opts = cli_print_opts,
     .usage = "print SLUG [-o FILE.pdf] [--lang en|zh]",
     .summary = N_("write the approval form and settlement slips as a PDF")},
    {.noun = "words",
     .run = cmd_words,
     .min_pos = 1,
     .max_pos = 1,
     .usage = "words AMOUNT",
     .summary = N_("an amount in Chinese capital numerals")},
    {.noun = "check",
     .run = cmd_check,
     .flags = CMD_LEDGER,
     .usage = "check",
     .summary = N_("check the ledger's integrity and consistency")},
    {.noun = "log",
     .run = cmd_log,
     .flags = CMD_LEDGER | CMD_LISTING,
     .min_pos = 0,
     .max_pos = 1,
     .usage = "log [SLUG] [--csv|--json]",
     .summary = N_("show the audit log")},
    {.noun = "backup",
     .run = cmd_backup,
     .flags = CMD_LEDGER,
     .min_pos = 1,
     .max_pos = 1,
     .usage = "backup FILE",
     .summary = N_("write a consistent copy of the ledger")},
    /* SPEC §16: the ledger in a browser (src/cli_serve*.c); it opens the
     * ledger itself, once per request */
    {.noun = "serve",
     .run = cmd_serve,
     .check = check_serve,
     .opts = cli_serve_opts,
     .usage = "serve [--port N] [--listen ADDR]",
     .summary = N_("serve the ledger to a web browser (Ctrl-C stops it)")},
    {0},
};

static const char global_usage[] =
    N_("usage: outlay [-L PATH] [--templates DIR] [--by NAME] COMMAND [ARGS] [--csv|--json]\n");

int cli_failf(struct cli *c, int code, const char *fmt, ...)
{
    (void)c;
    va_list ap;
    fflush(stdout);
    fputs(_("outlay: error: "), stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return code;
}

/* "unit_price" -> "--unit-price" when the command has that option (or it
 * is --by); "" for a
 * positional argument, which the message itself quotes. */
static void field_label(const struct cli *c, const char *column, char *buf, size_t n)
{
    char opt[64];
    snprintf(opt, sizeof opt, "%s", column);
    for (char *p = opt; *p; p++)
        if (*p == '_')
            *p = '-';
    for (const struct cli_opt *o = c->cmd ? c->cmd->opts : NULL; o && o->name; o++)
        if (!strcmp(o->name, opt)) {
            snprintf(buf, n, "--%s", opt);
            return;
        }
    if (!strcmp(opt,
                cli_global_opts[G_BY].name)) { /* the one global option with a value to check */
        snprintf(buf, n, "--%s", opt);
        return;
    }
    buf[0] = 0;
}

int cli_fail(struct cli *c, const outlay_err *err)
{
    int code = outlay_exit_code(err->status);
    if (code == 0)
        code = 1;
    char label[80] = "", text[2048];
    cli_problem_text(err, text, sizeof text);
    if (err->file[0] && err->line > 0) {
        /* A place in a file (a template, a CSV): FILE:LINE: field: ... */
        if (err->column[0])
            code = cli_failf(c, code, "%s:%ld: %s: %s", err->file, err->line, err->column, text);
        else
            code = cli_failf(c, code, "%s:%ld: %s", err->file, err->line, text);
    } else {
        if (err->column[0])
            field_label(c, err->column, label, sizeof label);
        if (label[0])
            /* TRANSLATORS: an option, then what is wrong with its value */
            code = cli_failf(c, code, _("%s: %s"), label, text);
        else
            code = cli_failf(c, code, "%s", text);
    }
    if (err->status == OUTLAY_EUSAGE && c->cmd)
        fprintf(stderr, _("usage: outlay %s\n"), c->cmd->usage);
    return code;
}

int cli_usage_error(struct cli *c, const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fputs(_("outlay: error: "), stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (c->cmd)
        fprintf(stderr, _("usage: outlay %s\n"), c->cmd->usage);
    else
        fputs(_(global_usage), stderr);
    return 2;
}

void cli_warn(void *cli, const outlay_err *problem)
{
    struct cli *c = cli;
    char text[2048];
    fflush(stdout);
    fprintf(stderr, _("outlay: warning: %s\n"), cli_problem_text(problem, text, sizeof text));
    if (c)
        c->warnings++;
}

void cli_warnf(struct cli *c, const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fputs(_("outlay: warning: "), stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (c)
        c->warnings++;
}

int cli_check_record_no(struct cli *c, enum outlay_problem not_no)
{
    int64_t no;
    if (outlay_ledger_no_parse(c->pos[1], &no))
        return 0;
    /* Found before anything is opened: the slug as typed, if it is one. */
    const char *slug = outlay_ledger_slug_check(c->pos[0], NULL) == OUTLAY_OK ? c->pos[0] : "SLUG";
    outlay_err err = {0};
    outlay_fail(&err, OUTLAY_EUSAGE, not_no, OUTLAY_A_INPUT(c->pos[1]), OUTLAY_A_TEXT(slug));
    return cli_fail(c, &err);
}

int cli_activity(struct cli *c, const char *slug, int for_write, struct outlay_activity *a)
{
    outlay_err err = {0};
    outlay_activity_release(&c->activity);
    if (outlay_ledger_activity(c->st, slug, for_write, &c->activity, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    *a = c->activity;
    return 0;
}

int cli_check_lang(struct cli *c, const char *lang)
{
    if (lang && strcmp(lang, "en") != 0 && strcmp(lang, "zh") != 0)
        return cli_usage_error(c, _("unknown language '%.20s'; choose en or zh"), lang);
    return 0;
}

void cli_output_path(const char *given, const char *slug, const char *suffix, char *path, size_t n)
{
    if (given)
        snprintf(path, n, "%s", given);
    else
        snprintf(path, n, "%s%s", slug, suffix);
}

const char *cli_lang(const char *opt)
{
    if (opt)
        return opt;
    /* gettext's order: LANGUAGE (a list; its first entry), unless the
     * locale is C, then LC_ALL, LC_MESSAGES, LANG. */
    const char *msgs = setlocale(LC_MESSAGES, NULL);
    int c_locale = !msgs || !strcmp(msgs, "C") || !strcmp(msgs, "POSIX");
    const char *language = getenv("LANGUAGE");
    if (!c_locale && language && *language)
        return !strncmp(language, "zh", 2) ? "zh" : "en";
    return msgs && !strncmp(msgs, "zh", 2) ? "zh" : "en";
}

size_t cli_template_dirs(const struct cli *c, const char *dirs[4])
{
    size_t n = 0;
    const char *env = getenv("OUTLAY_TEMPLATES");
    if (c->templates_dir)
        dirs[n++] = c->templates_dir;
    if (env && *env)
        dirs[n++] = env;
    dirs[n++] = OUTLAY_DATADIR "/templates";
    dirs[n++] = OUTLAY_SRCDIR "/templates";
    return n;
}

/* "-L, --ledger PATH"; a long-only option is indented past the short
 * ones' column when aligned. Returns the length written. */
static int opt_spec(const struct cli_opt *o, int aligned, char *buf, size_t n)
{
    char shrt[8] = "";
    if (o->short_name)
        snprintf(shrt, sizeof shrt, "-%c, ", o->short_name);
    else if (aligned)
        snprintf(shrt, sizeof shrt, "    ");
    return snprintf(buf, n, "%s--%s%s%s", shrt, o->name, o->arg ? " " : "", o->arg ? o->arg : "");
}

/* The options one table stands for while parsing, and where the values
 * given go: values[i] for row i. */
struct opt_scope {
    const struct cli_opt *opts;
    const char **values;
};

/* What the arguments gave beyond a command's own options. */
struct given {
    const char *global[G_COUNT];
    const char *listing[L_COUNT];
    const char *version[1];
};

static void print_help(void)
{
    printf("%s", _(global_usage));
    printf("\n%s\n", _("outlay: budget and expense ledger for union and club activities."));
    printf("\n%s\n", _("Commands:"));
    for (const struct command *cmd = cli_commands; cmd->noun; cmd++) {
        char name[40];
        snprintf(name, sizeof name, "%s%s%s", cmd->noun, cmd->verb ? " " : "",
                 cmd->verb ? cmd->verb : "");
        printf("  %-22s %s\n", name, _(cmd->summary));
    }
    printf("\n%s\n", _("Global options:"));
    const struct cli_opt *tables[] = {cli_global_opts, version_opts};
    for (size_t t = 0; t < 2; t++)
        for (const struct cli_opt *o = tables[t]; o->name; o++) {
            char spec[80];
            opt_spec(o, 0, spec, sizeof spec);
            printf("  %-22s %s\n", spec, _(o->help));
        }
    printf("\n%s\n", _("Run 'outlay COMMAND -h' for a command's options; 'man outlay' for more."));
}

/* The options c->cmd accepts, its own first, then --csv/--json for a
 * listing, then the global ones; each with where its values go. Returns
 * how many tables. */
static size_t command_scope(struct cli *c, struct given *g, struct opt_scope scope[3])
{
    size_t n = 0;
    if (c->cmd->opts)
        scope[n++] = (struct opt_scope){c->cmd->opts, c->values};
    if (c->cmd->flags & CMD_LISTING)
        scope[n++] = (struct opt_scope){cli_listing_opts, g->listing};
    scope[n++] = (struct opt_scope){cli_global_opts, g->global};
    return n;
}

/* Every option the command takes, each with its description: its own
 * (required ones first, as in the usage line), then --csv/--json, then
 * the global ones. Descriptions start in one column, as git's do; an
 * option too long for it has its description on the next line. */
static void print_command_help(struct cli *c, struct given *g)
{
    enum { WIDTH = 26 };
    struct opt_scope scope[3];
    size_t nscope = command_scope(c, g, scope);
    printf(_("usage: outlay %s\n"), c->cmd->usage);
    printf("\n%s\n", _(c->cmd->summary));
    printf("\n%s\n", _("Options:"));
    for (size_t s = 0; s < nscope; s++)
        for (int required = 1; required >= 0; required--)
            for (const struct cli_opt *o = scope[s].opts; o->name; o++) {
                char spec[80];
                if ((o->required != 0) != required)
                    continue;
                if (opt_spec(o, 1, spec, sizeof spec) > WIDTH)
                    printf("  %s\n  %-*s  %s\n", spec, WIDTH, "", _(o->help));
                else
                    printf("  %-*s  %s\n", WIDTH, spec, _(o->help));
            }
}

/* Prints the subcommands of a noun (for `outlay activity` or `-h`). */
static void print_noun_usage(FILE *f, const char *noun)
{
    fputs(_("usage:\n"), f);
    for (const struct command *cmd = cli_commands; cmd->noun; cmd++)
        if (!strcmp(cmd->noun, noun))
            fprintf(f, "  outlay %s\n", cmd->usage);
}

/* An argument that looks like a negative amount is a value (SPEC §4). */
static int looks_negative(const char *a)
{
    return a[0] == '-' &&
           (a[1] == '.' || (a[1] >= '0' && a[1] <= '9') || !strncmp(a + 1, "¥", strlen("¥")) ||
            !strncmp(a + 1, "￥", strlen("￥")) || !strncmp(a + 1, "CNY", 3));
}

enum { PARSE_OK = 0, PARSE_HELP = -1 };

/* A usage error for an unknown option, with the nearest one in scope as a
 * hint. */
static int unknown_option(struct cli *c, const struct opt_scope *scope, size_t nscope,
                          const char *arg, const char *name)
{
    const char *best = NULL;
    size_t best_d = 3; /* hint only for near misses */
    for (size_t s = 0; name[0] && s < nscope; s++)
        for (const struct cli_opt *o = scope[s].opts; o->name; o++) {
            size_t d = outlay_text_distance(name, o->name);
            if (d < best_d) {
                best_d = d;
                best = o->name;
            }
        }
    if (best)
        return cli_usage_error(c, _("unknown option '%.60s'; did you mean '--%s'?"), arg, best);
    return cli_usage_error(c, _("unknown option '%.60s'"), arg);
}

/* Parses the option argv[*i] against the tables in scope (--name,
 * --name=VALUE, --name VALUE, -c, -cVALUE, -c VALUE) and stores its value;
 * *i ends on the last argument it used. Returns 0, or 2 after printing the
 * usage error. */
static int parse_option(struct cli *c, const struct opt_scope *scope, size_t nscope, int argc,
                        char **argv, int *i)
{
    const char *a = argv[*i], *value = NULL;
    char name[64] = "", short_name = 0;
    if (a[1] == '-') {
        const char *eq = strchr(a, '=');
        size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
        snprintf(name, sizeof name, "%.*s", (int)(len < 63 ? len : 63), a + 2);
        value = eq ? eq + 1 : NULL;
    } else {
        short_name = a[1];
    }
    for (size_t s = 0; s < nscope; s++)
        for (size_t r = 0; scope[s].opts[r].name; r++) {
            const struct cli_opt *o = &scope[s].opts[r];
            if (short_name ? o->short_name != short_name : strcmp(o->name, name) != 0)
                continue;
            if (short_name && a[2]) {
                if (!o->arg)
                    return cli_usage_error(c, _("unknown option '%.60s'"), a);
                value = a + 2;
            }
            if (o->arg && !value) {
                if (*i + 1 >= argc)
                    return cli_usage_error(c, _("option '%.60s' needs a value"), a);
                value = argv[++*i];
            } else if (!o->arg && value) {
                return cli_usage_error(c, _("option '%.60s' takes no value"), a);
            }
            scope[s].values[r] = o->arg ? value : "";
            return 0;
        }
    return unknown_option(c, scope, nscope, a, name);
}

/* The global options before the command, up to its name. Returns PARSE_OK,
 * PARSE_HELP (for -h or --version, in g), or an exit code. */
static int parse_global(struct cli *c, struct given *g, int argc, char **argv, int *i)
{
    const struct opt_scope scope[] = {{cli_global_opts, g->global}, {version_opts, g->version}};
    for (; *i < argc && argv[*i][0] == '-' && argv[*i][1]; ++*i) {
        int rc = parse_option(c, scope, 2, argc, argv, i);
        if (rc)
            return rc;
        if (g->global[G_HELP] || g->version[0])
            return PARSE_HELP;
    }
    return PARSE_OK;
}

/* Parses argv[i..] for command c->cmd: its options, the global ones, and
 * positionals; then checks that nothing the command needs is missing.
 * Returns PARSE_OK, PARSE_HELP, or an exit code. Opens nothing. */
static int parse_args(struct cli *c, struct given *g, int argc, char **argv, int i)
{
    const struct command *cmd = c->cmd;
    struct opt_scope scope[3];
    size_t nscope = command_scope(c, g, scope);
    int only_pos = 0;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (only_pos || a[0] != '-' || a[1] == 0 || looks_negative(a)) {
            if (c->npos >= cmd->max_pos)
                return cli_usage_error(c, _("unexpected argument '%.60s'"), a);
            c->pos[c->npos++] = a;
            continue;
        }
        if (!strcmp(a, "--")) {
            only_pos = 1;
            continue;
        }
        int rc = parse_option(c, scope, nscope, argc, argv, &i);
        if (rc)
            return rc;
        if (g->global[G_HELP])
            return PARSE_HELP;
        if (g->listing[L_CSV] && g->listing[L_JSON])
            return cli_usage_error(c, _("choose one of --csv and --json"));
    }
    const char *enc = g->listing[L_ENCODING];
    if ((enc || g->listing[L_BOM]) && !g->listing[L_CSV])
        return cli_usage_error(c, _("--encoding and --bom are for --csv output; add --csv"));
    enum outlay_encoding e = OUTLAY_ENC_UTF8;
    if (enc && !cli_encoding(enc, &e))
        return cli_usage_error(c, _("unknown encoding '%.20s'; choose utf-8 or gbk"), enc);
    if (e == OUTLAY_ENC_GBK && g->listing[L_BOM])
        return cli_usage_error(c, _("--bom is for UTF-8; a GBK file has none (choose one)"));
    if (c->npos < cmd->min_pos)
        return cli_usage_error(c, _("missing argument"));
    for (size_t r = 0; cmd->opts && cmd->opts[r].name; r++) {
        if (!cmd->opts[r].required)
            continue;
        if (!c->values[r])
            return cli_usage_error(c, _("missing option '--%s'"), cmd->opts[r].name);
        /* Given but empty is invalid input, not usage (SPEC §3, §10: exit
         * 1, as the ledger says of an empty field); still found before the
         * ledger is opened, so nothing is created. A required flag has no
         * value to be empty. */
        if (cmd->opts[r].arg && !c->values[r][0]) {
            outlay_err err = {0};
            outlay_fail(&err, OUTLAY_EINVAL, OUTLAY_P_FIELD_EMPTY);
            snprintf(err.column, sizeof err.column, "%s", cmd->opts[r].name);
            return cli_fail(c, &err);
        }
    }
    return PARSE_OK;
}

static const struct command *find_command(const char *noun, const char *verb, int *noun_known)
{
    *noun_known = 0;
    for (const struct command *cmd = cli_commands; cmd->noun; cmd++) {
        if (strcmp(cmd->noun, noun) != 0)
            continue;
        *noun_known = 1;
        if (!cmd->verb || (verb && !strcmp(cmd->verb, verb)))
            return cmd;
    }
    return NULL;
}

/* Who the audit rows name (SPEC §11): --by NAME, else $OUTLAY_USER, else
 * the login name (the session's, else the user's in the password
 * database), else "uid N": never an error. --by was checked already; a
 * name from elsewhere that would be refused (a control character) is
 * passed over. */
const char *cli_who_text(const struct cli *c, char *buf, size_t n)
{
    const char *user = getenv("OUTLAY_USER");
    if (c->by)
        return c->by;
    if (user && *user && outlay_ledger_who(NULL, user, NULL) == OUTLAY_OK)
        return user;
    if (getlogin_r(buf, n) == 0 && *buf && outlay_ledger_who(NULL, buf, NULL) == OUTLAY_OK)
        return buf;
    struct passwd *pw = getpwuid(getuid());
    if (pw && pw->pw_name && *pw->pw_name && outlay_ledger_who(NULL, pw->pw_name, NULL) == 0)
        return pw->pw_name;
    snprintf(buf, n, "uid %lu", (unsigned long)getuid());
    return buf;
}

enum outlay_status cli_ledger_begin(const char *path, int write, const char *who, outlay_store **st,
                                    outlay_err *err)
{
    *st = NULL;
    enum outlay_status rc =
        outlay_store_open(st, path, write ? OUTLAY_STORE_WRITE : OUTLAY_STORE_READ, err);
    if (rc == OUTLAY_OK)
        rc = outlay_store_begin(*st, write, err);
    if (rc == OUTLAY_OK && write)
        rc = outlay_ledger_who(*st, who, err);
    if (rc != OUTLAY_OK) {
        outlay_store_close(*st);
        *st = NULL;
    }
    return rc;
}

enum outlay_status cli_ledger_end(outlay_store *st, int commit, outlay_err *err)
{
    enum outlay_status rc = OUTLAY_OK;
    if (!st)
        return OUTLAY_OK;
    if (commit)
        rc = outlay_ledger_commit(st, err);
    else
        outlay_store_rollback(st);
    outlay_store_close(st);
    return rc;
}

const char *cli_ledger_path(const struct cli *c)
{
    const char *path = c->ledger_path;
    if (!path || !*path)
        path = getenv("OUTLAY_LEDGER");
    return path && *path ? path : "outlay.db";
}

/* Opens the ledger, runs the command in one transaction, commits or rolls
 * back. */
static int run_command(struct cli *c)
{
    const struct command *cmd = c->cmd;
    if (!(cmd->flags & CMD_LEDGER))
        return cmd->run(c);
    outlay_err err = {0};
    const char *path = c->ledger_path = cli_ledger_path(c);
    int writes = (cmd->flags & CMD_WRITES) != 0;
    if (outlay_store_open(&c->st, path, writes ? OUTLAY_STORE_WRITE : OUTLAY_STORE_READ, &err) !=
        OUTLAY_OK)
        return cli_fail(c, &err);
    int code = 0;
    char who[256];
    if (outlay_store_begin(c->st, writes, &err) != OUTLAY_OK ||
        (writes && outlay_ledger_who(c->st, cli_who_text(c, who, sizeof who), &err) != OUTLAY_OK)) {
        code = cli_fail(c, &err);
    } else {
        code = cmd->run(c);
        /* The output is part of the command: an id that could not be
         * printed (disk full, closed pipe) must not leave a row behind. */
        /* What another user's ledger showed is only good if its owner did
         * not write meanwhile (outlay_store_unchanged). */
        if (code == 0 && !writes && outlay_store_unchanged(c->st, &err) != OUTLAY_OK)
            code = cli_fail(c, &err);
        if (code == 0 && (fflush(stdout) != 0 || ferror(stdout)))
            code = cli_failf(c, 3, "%s",
                             _("cannot write the output (disk full or closed "
                               "pipe?); nothing was changed"));
        if (code == 0 && !c->rollback) {
            if (outlay_ledger_commit(c->st, &err) != OUTLAY_OK)
                code = cli_fail(c, &err);
        } else {
            outlay_store_rollback(c->st);
        }
    }
    outlay_activity_release(&c->activity);
    outlay_store_close(c->st);
    c->st = NULL;
    return code;
}

/* After help or --version: 0, or 3 when stdout could not be written. */
/* Help and version are output too: a full disk or a closed pipe is an
 * error with a message (SPEC §10), not a silent exit 3. */
static int flushed(void)
{
    if (!fflush(stdout) && !ferror(stdout))
        return 0;
    fprintf(stderr, _("outlay: error: %s\n"),
            _("cannot write the output (disk full or closed pipe?)"));
    return 3;
}

/* Where the message catalogues are: $OUTLAY_LOCALEDIR; the build tree's
 * for an outlay run from its build tree (tests, `make demo`), so that an
 * older installed catalogue never answers for it; else the installed ones. */
static const char *locale_dir(void)
{
    const char *env = getenv("OUTLAY_LOCALEDIR");
    if (env && *env)
        return env;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    const char *build = OUTLAY_BUILD_LOCALEDIR;
    size_t root = strlen(build) - strlen("/locale");
    if (n > 0 && (size_t)n > root && strncmp(exe, build, root) == 0 && exe[root] == '/')
        return build;
    return OUTLAY_LOCALEDIR;
}

static int cli_run(int argc, char **argv, const char **pos)
{
    struct cli c = {.pos = pos};
    struct given g = {0};
    int i = 1;
    /* Only the language of messages and the character set follow the user's
     * locale (all gettext needs). Numbers, dates and sorting stay "C": a
     * file outlay writes is the same under every locale (under de_DE a
     * workbook's 12.50 would otherwise be written 12,5). */
    setlocale(LC_CTYPE, "");
    setlocale(LC_MESSAGES, "");
    bindtextdomain(OUTLAY_TEXTDOMAIN, locale_dir());
    int rc = parse_global(&c, &g, argc, argv, &i);
    if (rc == PARSE_HELP && g.version[0]) {
        printf("outlay %s\n", OUTLAY_VERSION);
        return flushed();
    } else if (rc == PARSE_HELP) {
        print_help();
        return flushed();
    } else if (rc) {
        return rc;
    }
    if (i >= argc)
        return cli_usage_error(&c, _("no command given; see 'outlay --help'"));
    if (!strcmp(argv[i], "help")) {
        print_help();
        return flushed();
    }
    int noun_known = 0;
    const char *verb = i + 1 < argc ? argv[i + 1] : NULL;
    c.cmd = find_command(argv[i], verb, &noun_known);
    if (!c.cmd) {
        if (!noun_known)
            return cli_usage_error(&c, _("unknown command '%.60s'; see 'outlay --help'"), argv[i]);
        if (verb && (!strcmp(verb, "-h") || !strcmp(verb, "--help"))) {
            print_noun_usage(stdout, argv[i]);
            return flushed();
        }
        fflush(stdout);
        if (verb)
            fprintf(stderr, _("outlay: error: unknown command '%.60s %.60s'\n"), argv[i], verb);
        else
            fprintf(stderr, _("outlay: error: '%s' needs a subcommand\n"), argv[i]);
        print_noun_usage(stderr, argv[i]);
        return 2;
    }
    rc = parse_args(&c, &g, argc, argv, i + (c.cmd->verb ? 2 : 1));
    c.ledger_path = g.global[G_LEDGER];
    c.templates_dir = g.global[G_TEMPLATES];
    c.by = g.global[G_BY];
    /* --by is input: refused (exit 1) before any file is opened. */
    if (rc == PARSE_OK && c.by && outlay_ledger_who(NULL, c.by, &c.err) != OUTLAY_OK)
        rc = cli_fail(&c, &c.err);
    c.fmt = g.listing[L_CSV] ? FMT_CSV : g.listing[L_JSON] ? FMT_JSON : FMT_TABLE;
    enum outlay_encoding csv_enc = OUTLAY_ENC_UTF8;
    cli_encoding(g.listing[L_ENCODING], &csv_enc); /* parse_args made sure */
    c.csv_gbk = csv_enc == OUTLAY_ENC_GBK;
    c.csv_bom = g.listing[L_BOM] != NULL;
    if (rc == PARSE_OK && c.cmd->check)
        rc = c.cmd->check(&c);
    if (rc == PARSE_HELP) {
        print_command_help(&c, &g);
        rc = 0;
    } else if (rc == PARSE_OK) {
        rc = run_command(&c);
    }
    if ((fflush(stdout) != 0 || ferror(stdout)) && rc != 3) {
        fprintf(stderr, _("outlay: error: %s\n"),
                _("cannot write the output (disk full or closed pipe?)"));
        return 3;
    }
    return rc;
}

int outlay_cli_main(int argc, char **argv)
{
    /* room for every argument as a positional one (rollup's files) */
    const char **pos = calloc(argc > 0 ? (size_t)argc : 1, sizeof *pos);
    if (!pos) {
        fputs("outlay: error: out of memory\n", stderr);
        return 3;
    }
    int rc = cli_run(argc, argv, pos);
    free(pos);
    return rc;
}
