/*
 * cli: the command table and the dispatcher (STYLE §7). The dispatcher
 * parses the options of the command it found, opens the ledger, runs the
 * command inside one transaction, commits or rolls back, then flushes and
 * checks stdout so a full disk is an error and not a silent success.
 */
#include "cli.h"

#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli_opts.h"
#include "i18n.h"

#define V(n, s, slot)                                                                              \
    {                                                                                              \
        n, s, 1, slot                                                                              \
    }
#define F(n, slot)                                                                                 \
    {                                                                                              \
        n, 0, 0, slot                                                                              \
    }
#define END                                                                                        \
    {                                                                                              \
        NULL, 0, 0, 0                                                                              \
    }

#define ACTIVITY_OPTS                                                                              \
    V("title", 0, O_TITLE), V("date", 0, O_DATE), V("end-date", 0, O_END_DATE),                    \
        V("venue", 0, O_VENUE), V("organizer", 0, O_ORGANIZER), V("deposit", 0, O_DEPOSIT),        \
        V("headcount", 0, O_HEADCOUNT), V("budget-total", 0, O_BUDGET_TOTAL),                      \
        V("subsidy-per-head", 0, O_SUBSIDY), V("currency", 0, O_CURRENCY),                         \
        V("funded-by", 0, O_FUNDED_BY)

static const struct cli_opt no_opts[] = {END};
static const struct cli_opt activity_opts[] = {ACTIVITY_OPTS, END};
static const struct cli_opt activity_new_opts[] = {V("template", 0, O_TEMPLATE), ACTIVITY_OPTS,
                                                   END};
static const struct cli_opt budget_add_opts[] = {
    V("category", 0, O_CATEGORY), V("item", 0, O_ITEM),           V("unit-price", 0, O_UNIT_PRICE),
    V("qty", 0, O_QTY),           F("per-head", O_PER_HEAD),      V("unit", 0, O_UNIT),
    V("note", 0, O_NOTE),         V("funded-by", 0, O_FUNDED_BY), END};
static const struct cli_opt expense_add_opts[] = {
    V("category", 0, O_CATEGORY),   V("amount", 0, O_AMOUNT),
    V("item", 0, O_ITEM),           V("date", 0, O_DATE),
    V("payee", 0, O_PAYEE),         V("paid-by", 0, O_PAID_BY),
    V("receipt", 0, O_RECEIPT),     V("for", 0, O_FOR),
    V("funded-by", 0, O_FUNDED_BY), END};
static const struct cli_opt void_opts[] = {V("reason", 0, O_REASON), END};
static const struct cli_opt participant_opts[] = {V("dept", 0, O_DEPT), V("tags", 0, O_TAGS),
                                                  V("weight", 0, O_WEIGHT), END};
static const struct cli_opt payment_opts[] = {V("date", 0, O_DATE), V("method", 0, O_METHOD), END};
static const struct cli_opt import_opts[] = {V("encoding", 0, O_ENCODING), END};
static const struct cli_opt export_opts[] = {V("output", 'o', O_OUTPUT), V("lang", 0, O_LANG), END};

#define ACT_ADD_USAGE                                                                              \
    "[--date YYYY-MM-DD] [--end-date YYYY-MM-DD] [--venue TEXT] [--organizer TEXT] "               \
    "[--deposit AMOUNT] [--headcount N] [--budget-total AMOUNT] "                                  \
    "[--subsidy-per-head AMOUNT] [--currency CODE] [--funded-by participants|union]"

/* The command table: every command, its flags, options and usage. */
const struct command cli_commands[] = {
    {"init", NULL, cmd_init, CMD_LEDGER | CMD_WRITES, 0, 0, no_opts, "init",
     N_("create the ledger file")},
    {"activity", "add", cmd_activity_add, CMD_LEDGER | CMD_WRITES, 1, 1, activity_opts,
     "activity add SLUG --title TEXT " ACT_ADD_USAGE, N_("add an activity")},
    {"activity", "new", cmd_activity_new, CMD_LEDGER | CMD_WRITES, 1, 1, activity_new_opts,
     "activity new SLUG --template NAME [any option of 'activity add']",
     N_("add an activity from a template")},
    {"activity", "list", cmd_activity_list, CMD_LEDGER | CMD_LISTING, 0, 0, no_opts,
     "activity list [--csv|--json]", N_("list activities")},
    {"activity", "show", cmd_activity_show, CMD_LEDGER | CMD_LISTING, 1, 1, no_opts,
     "activity show SLUG [--csv|--json]", N_("show one activity")},
    {"activity", "set", cmd_activity_set, CMD_LEDGER | CMD_WRITES, 1, 1, activity_opts,
     "activity set SLUG [--title TEXT] " ACT_ADD_USAGE, N_("change an activity")},
    {"activity", "close", cmd_activity_close, CMD_LEDGER | CMD_WRITES, 1, 1, no_opts,
     "activity close SLUG", N_("close the books once every balance is zero")},
    {"activity", "reopen", cmd_activity_reopen, CMD_LEDGER | CMD_WRITES, 1, 1, no_opts,
     "activity reopen SLUG", N_("reopen a closed activity")},
    {"template", "list", cmd_template_list, CMD_LISTING, 0, 0, no_opts,
     "template list [--csv|--json]", N_("list activity templates")},
    {"budget", "add", cmd_budget_add, CMD_LEDGER | CMD_WRITES, 1, 1, budget_add_opts,
     "budget add SLUG --category CAT --item TEXT --unit-price AMOUNT [--qty N | --per-head] "
     "[--unit TEXT] [--note TEXT] [--funded-by participants|union]",
     N_("add a budget line")},
    {"budget", "list", cmd_budget_list, CMD_LEDGER | CMD_LISTING, 1, 1, no_opts,
     "budget list SLUG [--csv|--json]", N_("list budget lines with subtotals")},
    {"expense", "add", cmd_expense_add, CMD_LEDGER | CMD_WRITES, 1, 1, expense_add_opts,
     "expense add SLUG --category CAT --amount AMOUNT [--item TEXT] [--date YYYY-MM-DD] "
     "[--payee TEXT] [--paid-by NAME] [--receipt REF] [--for TAG] "
     "[--funded-by participants|union]",
     N_("record an expense; prints its id")},
    {"expense", "void", cmd_expense_void, CMD_LEDGER | CMD_WRITES, 2, 2, void_opts,
     "expense void SLUG ID --reason TEXT", N_("void an expense, keeping it on record")},
    {"expense", "list", cmd_expense_list, CMD_LEDGER | CMD_LISTING, 1, 1, no_opts,
     "expense list SLUG [--csv|--json]", N_("list expenses, voided ones included")},
    {"participant", "add", cmd_participant_add, CMD_LEDGER | CMD_WRITES, 2, 2, participant_opts,
     "participant add SLUG NAME [--dept TEXT] [--tags TAG[;TAG...]] [--weight N]",
     N_("add a participant")},
    {"participant", "set", cmd_participant_set, CMD_LEDGER | CMD_WRITES, 2, 2, participant_opts,
     "participant set SLUG NAME [--dept TEXT] [--tags TAG[;TAG...]] [--weight N]",
     N_("change a participant")},
    {"participant", "withdraw", cmd_participant_withdraw, CMD_LEDGER | CMD_WRITES, 2, 2, no_opts,
     "participant withdraw SLUG NAME", N_("withdraw a participant")},
    {"participant", "rejoin", cmd_participant_rejoin, CMD_LEDGER | CMD_WRITES, 2, 2, no_opts,
     "participant rejoin SLUG NAME", N_("bring a withdrawn participant back")},
    {"participant", "list", cmd_participant_list, CMD_LEDGER | CMD_LISTING, 1, 1, no_opts,
     "participant list SLUG [--csv|--json]", N_("list participants")},
    {"deposit", "add", cmd_deposit_add, CMD_LEDGER | CMD_WRITES, 3, 3, payment_opts,
     "deposit add SLUG NAME AMOUNT [--date YYYY-MM-DD] [--method TEXT]",
     N_("record a deposit (or a supplement collected)")},
    {"deposit", "list", cmd_deposit_list, CMD_LEDGER | CMD_LISTING, 1, 1, no_opts,
     "deposit list SLUG [--csv|--json]", N_("list deposits")},
    {"payout", "add", cmd_payout_add, CMD_LEDGER | CMD_WRITES, 3, 3, payment_opts,
     "payout add SLUG NAME AMOUNT [--date YYYY-MM-DD] [--method TEXT]",
     N_("record money paid back to a participant")},
    {"payout", "list", cmd_payout_list, CMD_LEDGER | CMD_LISTING, 1, 1, no_opts,
     "payout list SLUG [--csv|--json]", N_("list payouts")},
    {"import", NULL, cmd_import, CMD_LEDGER | CMD_WRITES, 3, 3, import_opts,
     "import budget|expenses|participants|deposits SLUG FILE [--encoding utf-8|gbk]",
     N_("import a CSV file, all rows or none")},
    {"report", NULL, cmd_report, CMD_LEDGER | CMD_LISTING, 0, 1, no_opts,
     "report [SLUG] [--csv|--json]", N_("budget vs actual, per category or per activity")},
    {"settle", NULL, cmd_settle, CMD_LEDGER | CMD_LISTING, 1, 1, no_opts,
     "settle SLUG [--csv|--json]", N_("settle every participant: refund or supplement")},
    {"export", NULL, cmd_export, CMD_LEDGER, 1, 1, export_opts,
     "export SLUG [-o FILE.xlsx] [--lang en|zh]", N_("write the approval workbook")},
    {"words", NULL, cmd_words, 0, 1, 1, no_opts, "words AMOUNT",
     N_("an amount in Chinese capital numerals")},
    {"check", NULL, cmd_check, CMD_LEDGER, 0, 0, no_opts, "check",
     N_("check the ledger's integrity and consistency")},
    {"log", NULL, cmd_log, CMD_LEDGER | CMD_LISTING, 0, 1, no_opts, "log [SLUG] [--csv|--json]",
     N_("show the audit log")},
    {"backup", NULL, cmd_backup, CMD_LEDGER, 1, 1, no_opts, "backup FILE",
     N_("write a consistent copy of the ledger")},
    {NULL, NULL, NULL, 0, 0, 0, NULL, NULL, NULL},
};

static const char global_usage[] =
    "usage: outlay [-L PATH] [--templates DIR] COMMAND [ARGS] [--csv|--json]\n";

int cli_failf(struct cli *c, int code, const char *fmt, ...)
{
    (void)c;
    va_list ap;
    fflush(stdout);
    fputs("outlay: error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return code;
}

/* "unit_price" -> "--unit-price" when the command has that option; "" for a
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
    buf[0] = 0;
}

int cli_fail(struct cli *c, const outlay_err *err)
{
    int code = outlay_exit_code(err->status);
    if (code == 0)
        code = 1;
    char label[80] = "";
    if (err->column[0])
        field_label(c, err->column, label, sizeof label);
    if (label[0]) {
        code = cli_failf(c, code, "%s: %s", label, err->msg);
    } else {
        code = cli_failf(c, code, "%s", err->msg[0] ? err->msg : outlay_strerror(err->status));
    }
    if (err->status == OUTLAY_EUSAGE && c->cmd)
        fprintf(stderr, "usage: outlay %s\n", c->cmd->usage);
    return code;
}

int cli_usage_error(struct cli *c, const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fputs("outlay: error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (c->cmd)
        fprintf(stderr, "usage: outlay %s\n", c->cmd->usage);
    else
        fputs(global_usage, stderr);
    return 2;
}

void cli_warn(void *cli, const char *msg)
{
    struct cli *c = cli;
    fflush(stdout);
    fprintf(stderr, "outlay: warning: %s\n", msg);
    if (c)
        c->warnings++;
}

int cli_activity(struct cli *c, int for_write, struct outlay_activity *a)
{
    outlay_err err = {0};
    outlay_activity_release(&c->activity);
    if (outlay_ledger_activity(c->st, c->pos[0], for_write, &c->activity, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    *a = c->activity;
    return 0;
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

static void print_help(void)
{
    printf("%s", global_usage);
    printf("\n%s\n", _("outlay: budget and expense ledger for union and club activities."));
    printf("\n%s\n", _("Commands:"));
    for (const struct command *cmd = cli_commands; cmd->noun; cmd++) {
        char name[40];
        snprintf(name, sizeof name, "%s%s%s", cmd->noun, cmd->verb ? " " : "",
                 cmd->verb ? cmd->verb : "");
        printf("  %-22s %s\n", name, _(cmd->summary));
    }
    printf("\n%s\n", _("Global options:"));
    printf("  -L, --ledger PATH      %s\n",
           _("ledger file (default $OUTLAY_LEDGER, else ./outlay.db)"));
    printf("  --templates DIR        %s\n", _("look for templates in DIR first"));
    printf("  -h, --help             %s\n", _("help for outlay or for one command"));
    printf("  --version              %s\n", _("print the version"));
    printf("\n%s\n", _("Run 'outlay COMMAND -h' for a command's options; 'man outlay' for more."));
}

static void print_command_help(const struct command *cmd)
{
    printf("usage: outlay %s\n\n%s\n", cmd->usage, _(cmd->summary));
    printf("\n%s\n", _("Options:"));
    for (const struct cli_opt *o = cmd->opts; o->name; o++) {
        if (o->short_name)
            printf("  -%c, --%s%s\n", o->short_name, o->name, o->takes_value ? " VALUE" : "");
        else
            printf("      --%s%s\n", o->name, o->takes_value ? " VALUE" : "");
    }
    if (cmd->flags & CMD_LISTING)
        printf("      --csv | --json      %s\n", _("CSV or JSON instead of a table"));
    if (cmd->flags & CMD_LEDGER)
        printf("  -L, --ledger PATH       %s\n", _("ledger file"));
    printf("  -h, --help              %s\n", _("this help"));
}

/* Prints the subcommands of a noun (for `outlay activity` or `-h`). */
static void print_noun_usage(FILE *f, const char *noun)
{
    fprintf(f, "usage:\n");
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

/* A usage error for an unknown option, with the nearest one as a hint. */
static int unknown_option(struct cli *c, const char *arg, const char *name)
{
    const char *best = NULL;
    size_t best_d = 3; /* hint only for near misses */
    for (const struct cli_opt *o = c->cmd->opts; name[0] && o->name; o++) {
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

/* Parses argv[i..] for command c->cmd: its options, the global ones, and
 * positionals. Returns PARSE_OK, PARSE_HELP, or an exit code. */
static int parse_args(struct cli *c, int argc, char **argv, int i)
{
    const struct command *cmd = c->cmd;
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
        const char *name = NULL, *value = NULL;
        char buf[64];
        if (a[1] == '-') {
            const char *eq = strchr(a, '=');
            size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
            snprintf(buf, sizeof buf, "%.*s", (int)(len < 63 ? len : 63), a + 2);
            name = buf;
            value = eq ? eq + 1 : NULL;
        } else if (a[2] == 0 || a[1] == 'L' || a[1] == 'o') {
            buf[0] = 0;
            name = buf;
            if (a[2])
                value = a + 2; /* -Lpath */
        } else {
            return cli_usage_error(c, _("unknown option '%.60s'"), a);
        }
        char sc = a[1] == '-' ? 0 : a[1];
        int want_value = 0, slot = -1;
        const char **global = NULL;
        if (!strcmp(name, "help") || sc == 'h') {
            return PARSE_HELP;
        } else if (!strcmp(name, "ledger") || sc == 'L') {
            global = &c->ledger_path;
            want_value = 1;
        } else if (!strcmp(name, "templates")) {
            global = &c->templates_dir;
            want_value = 1;
        } else if ((cmd->flags & CMD_LISTING) && (!strcmp(name, "csv") || !strcmp(name, "json"))) {
            enum cli_format f = name[0] == 'c' ? FMT_CSV : FMT_JSON;
            if (c->fmt != FMT_TABLE && c->fmt != f)
                return cli_usage_error(c, _("choose one of --csv and --json"));
            c->fmt = f;
            continue;
        } else {
            const struct cli_opt *o = cmd->opts;
            while (o->name && !(sc ? o->short_name == sc : !strcmp(o->name, name)))
                o++;
            if (!o->name)
                return unknown_option(c, a, name);
            want_value = o->takes_value;
            slot = o->slot;
        }
        if (want_value && !value) {
            if (i + 1 >= argc)
                return cli_usage_error(c, _("option '%.60s' needs a value"), a);
            value = argv[++i];
        } else if (!want_value && value) {
            return cli_usage_error(c, _("option '%.60s' takes no value"), a);
        }
        if (global)
            *global = value;
        else
            c->values[slot] = want_value ? value : "";
    }
    if (c->npos < cmd->min_pos)
        return cli_usage_error(c, _("missing argument"));
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

/* Opens the ledger, runs the command in one transaction, commits or rolls
 * back. */
static int run_command(struct cli *c)
{
    const struct command *cmd = c->cmd;
    if (!(cmd->flags & CMD_LEDGER))
        return cmd->run(c);
    outlay_err err = {0};
    const char *path = c->ledger_path;
    if (!path || !*path)
        path = getenv("OUTLAY_LEDGER");
    if (!path || !*path)
        path = "outlay.db";
    c->ledger_path = path;
    int writes = (cmd->flags & CMD_WRITES) != 0;
    if (outlay_store_open(&c->st, path, writes ? OUTLAY_STORE_WRITE : OUTLAY_STORE_READ, &err) !=
        OUTLAY_OK)
        return cli_fail(c, &err);
    int code = 0;
    if (outlay_store_begin(c->st, writes, &err) != OUTLAY_OK) {
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
        if (code == 0) {
            if (outlay_store_commit(c->st, &err) != OUTLAY_OK)
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

int outlay_cli_main(int argc, char **argv)
{
    struct cli c = {0};
    int i = 1;
    /* Only the language of messages and the character set follow the user's
     * locale (all gettext needs). Numbers, dates and sorting stay "C": a
     * file outlay writes is the same under every locale (under de_DE a
     * workbook's 12.50 would otherwise be written 12,5). */
    setlocale(LC_CTYPE, "");
    setlocale(LC_MESSAGES, "");
    bindtextdomain(OUTLAY_TEXTDOMAIN, OUTLAY_DATADIR "/../locale");
    /* Global options before the command. */
    while (i < argc && argv[i][0] == '-' && argv[i][1]) {
        const char *a = argv[i];
        if (!strcmp(a, "--version")) {
            printf("outlay %s\n", OUTLAY_VERSION);
            return fflush(stdout) || ferror(stdout) ? 3 : 0;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            print_help();
            return fflush(stdout) || ferror(stdout) ? 3 : 0;
        } else if ((!strcmp(a, "-L") || !strcmp(a, "--ledger") || !strcmp(a, "--templates")) &&
                   i + 1 < argc) {
            if (!strcmp(a, "--templates"))
                c.templates_dir = argv[i + 1];
            else
                c.ledger_path = argv[i + 1];
            i += 2;
        } else if (!strncmp(a, "--ledger=", 9)) {
            c.ledger_path = a + 9;
            i++;
        } else if (!strncmp(a, "-L", 2) && a[2]) {
            c.ledger_path = a + 2;
            i++;
        } else if (!strncmp(a, "--templates=", 12)) {
            c.templates_dir = a + 12;
            i++;
        } else if (!strcmp(a, "-L") || !strcmp(a, "--ledger") || !strcmp(a, "--templates")) {
            return cli_usage_error(&c, _("option '%s' needs a value"), a);
        } else {
            return cli_usage_error(&c, _("unknown option '%.60s'"), a);
        }
    }
    if (i >= argc)
        return cli_usage_error(&c, _("no command given; see 'outlay --help'"));
    if (!strcmp(argv[i], "help")) {
        print_help();
        return fflush(stdout) || ferror(stdout) ? 3 : 0;
    }
    int noun_known = 0;
    const char *verb = i + 1 < argc ? argv[i + 1] : NULL;
    c.cmd = find_command(argv[i], verb, &noun_known);
    if (!c.cmd) {
        if (!noun_known)
            return cli_usage_error(&c, _("unknown command '%.60s'; see 'outlay --help'"), argv[i]);
        if (verb && (!strcmp(verb, "-h") || !strcmp(verb, "--help"))) {
            print_noun_usage(stdout, argv[i]);
            return fflush(stdout) || ferror(stdout) ? 3 : 0;
        }
        fflush(stdout);
        if (verb)
            fprintf(stderr, _("outlay: error: unknown command '%.60s %.60s'\n"), argv[i], verb);
        else
            fprintf(stderr, _("outlay: error: '%s' needs a subcommand\n"), argv[i]);
        print_noun_usage(stderr, argv[i]);
        return 2;
    }
    int rc = parse_args(&c, argc, argv, i + (c.cmd->verb ? 2 : 1));
    if (rc == PARSE_HELP) {
        print_command_help(c.cmd);
        rc = 0;
    } else if (rc == PARSE_OK) {
        rc = run_command(&c);
    }
    if ((fflush(stdout) != 0 || ferror(stdout)) && rc != 3) {
        fprintf(stderr, "outlay: error: %s\n",
                _("cannot write the output (disk full or closed pipe?)"));
        return 3;
    }
    return rc;
}
