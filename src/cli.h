/*
 * cli: the command table, the dispatcher and the helpers every command
 * shares. The CLI is the only code that parses argv, prints or exits
 * (STYLE §2, §7). Each command is a `cmd_<noun>_<verb>` with an option table
 * and one usage string, used both for -h and for usage errors.
 */
#ifndef OUTLAY_CLI_H
#define OUTLAY_CLI_H

#include <stdio.h>

#include "outlay.h"

int outlay_cli_main(int argc, char **argv);

enum cli_format { FMT_TABLE = 0, FMT_CSV, FMT_JSON };

/*
 * One row of a command's option table (git's `struct option`, reduced).
 * Rows are written as designated initializers, indexed by an enum of the
 * file that holds the table, and a row whose name is NULL ends the table:
 *
 *     enum { EXP_CATEGORY, EXP_AMOUNT };
 *     const struct cli_opt cli_expense_add_opts[] = {
 *         [EXP_CATEGORY] = {.name = "category", .arg = "CAT", .required = 1,
 *                           .help = N_("the budget category it counts against")},
 *         ...
 *         {0}};
 *
 * The dispatcher stores what was given for row i in cli.values[i], so the
 * command reads c->values[EXP_CATEGORY].
 */
struct cli_opt {
    const char *name; /* --name, without the dashes; NULL ends the table */
    char short_name;  /* -c, or 0 */
    const char *arg;  /* the value's name in -h (AMOUNT); NULL for a flag */
    int required;     /* a usage error, before anything is opened, without it */
    const char *help; /* one line for -h, marked for translation with N_() */
};

#define CLI_MAX_OPTS 16
/* The most positional arguments a command other than rollup takes (the
 * e2e coverage counts up to it); rollup takes any number of files. */
#define CLI_MAX_POS 4
#define CLI_POS_MANY 0x7fffffff

struct cli {
    const char *ledger_path;   /* -L; $OUTLAY_LEDGER or outlay.db once opened */
    const char *templates_dir; /* --templates */
    const char *by;            /* --by: who makes the change (SPEC §11) */
    enum cli_format fmt;
    int csv_gbk, csv_bom; /* --encoding gbk, --bom (SPEC §12) */
    const struct command *cmd;
    /* The options given, by row of cmd->opts: the value, "" for a flag,
     * NULL when not given. */
    const char *values[CLI_MAX_OPTS];
    const char **pos; /* positional arguments (room for all of argv) */
    int npos;
    outlay_store *st;
    outlay_err err;
    int warnings;
    struct outlay_activity activity; /* loaded by cli_activity, released at the end */
    int rollback;       /* the command succeeded but changes nothing (--dry-run, SPEC §15) */
    const char *branch; /* rollup: the branch being read, named in its warnings */
    int quiet;          /* no "wrote FILE" line: export and print for `serve` (SPEC §16) */
};

enum cmd_flags {
    CMD_LEDGER = 1, /* opens the ledger, runs in one transaction */
    CMD_WRITES = 2, /* writing transaction; creates the ledger when missing */
    CMD_LISTING = 4 /* accepts --csv / --json */
};

/* One row of the command table (git.c's `struct cmd_struct`). The
 * dispatcher parses the arguments against opts and the positional counts,
 * runs check, and only then opens the ledger and runs the command: a usage
 * error (exit 2) never touches a file. */
struct command {
    const char *noun, *verb; /* verb NULL for one-word commands */
    int (*run)(struct cli *c);
    /* Usage rules the option table cannot say (one of two options, a
     * choice of words); returns 0 or cli_usage_error(). NULL when none. */
    int (*check)(struct cli *c);
    int flags;
    int min_pos, max_pos;       /* how many positional arguments */
    const struct cli_opt *opts; /* its own options; NULL when none */
    const char *usage;          /* after "usage: outlay " */
    const char *summary;        /* one line for `outlay --help` */
};

extern const struct command cli_commands[];
/* The options of every command, before or after it (SPEC §4, §11), and
 * those of listings; each ends with a NULL name. */
extern const struct cli_opt cli_global_opts[];
extern const struct cli_opt cli_listing_opts[];

/* Prints "outlay: error: MESSAGE" (with the field as its option when set)
 * and returns the exit code for err's status. */
int cli_fail(struct cli *c, const outlay_err *err);
/* A ledger opened as the dispatcher opens it for a command (rollup's
 * files): open, in its transaction (write: BEGIN IMMEDIATE, the audit rows
 * naming who). *st is NULL on failure. End it with cli_ledger_end: commit
 * (non-zero) or roll back, then close. */
enum outlay_status cli_ledger_begin(const char *path, int write, const char *who, outlay_store **st,
                                    outlay_err *err);
enum outlay_status cli_ledger_end(outlay_store *st, int commit, outlay_err *err);
/* The ledger's path: -L, else $OUTLAY_LEDGER, else outlay.db. */
const char *cli_ledger_path(const struct cli *c);
/* Prints "outlay: error: " + formatted message; returns code. */
int cli_failf(struct cli *c, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Prints a usage error (exit 2) with the command's usage line. */
int cli_usage_error(struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints "outlay: warning: " + the problem in the reader's words. Also an
 * outlay_problem_cb. */
void cli_warn(void *cli, const outlay_err *problem);
/* Prints "outlay: warning: " + a message the CLI worded itself. */
void cli_warnf(struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* cli_problems.c: the words of a problem (a library code and its
 * arguments) in the reader's language, "activity 'x': " first when the
 * problem carries its activity; buf is always terminated. Returns buf. */
char *cli_problem_text(const outlay_err *p, char *buf, size_t n);
/* The wording of a code, with {1}..{5} for its arguments; NULL when it has
 * none (a test makes sure every code has one). */
const char *cli_problem_wording(enum outlay_problem code);
/* A short description of a status ("invalid input"). */
const char *cli_status_text(enum outlay_status s);
/* The check of a command on record NO (c->pos[1]) of activity SLUG
 * (c->pos[0]): 0 when NO is a number, else a usage error (exit 2) whose
 * problem not_no (OUTLAY_P_NOT_EXPENSE_NO, ...) names the listing that
 * shows the numbers. */
int cli_check_record_no(struct cli *c, enum outlay_problem not_no);
/* Loads the activity named slug into *a (the dispatcher releases its
 * strings after the command); prints the error on failure. */
int cli_activity(struct cli *c, const char *slug, int for_write, struct outlay_activity *a);
/* The settlement rule in force as `activity show` and `settle` name it:
 * its number and what it does, in the reader's language (cli_reports.c). */
const char *cli_settle_rule_text(enum outlay_settle_rule rule);
/* SPEC §14: "Approved: TOTAL by WHO on DATE", flagged "(changed since
 * approval)", after a blank line when blank; with none, "Approved: not
 * yet" when there is no approval (activity show), else nothing (budget
 * list and report; cli_reports.c). 0, or the exit code of the error
 * printed. */
int cli_approval_line(struct cli *c, const struct outlay_activity *a, int blank, int none);
/* "Re-approval: needs re-approval: ..." when spending is past the rules'
 * threshold over the approved total (activity show); nothing otherwise. */
int cli_reapproval_line(struct cli *c, const struct outlay_activity *a);
/* Template search directories (SPEC §9); returns how many. */
size_t cli_template_dirs(const struct cli *c, const char *dirs[4]);

/* --- output: aligned tables for people, CSV, JSON (cli_output.c) ------- */
enum cli_align { AL_LEFT = 0, AL_RIGHT = 1 };

struct cli_column {
    const char *key;   /* CSV header / JSON key */
    const char *label; /* table heading (translated) */
    enum cli_align align;
};

struct cli_table;
/* Copies n columns to out with their labels translated; returns out. */
struct cli_column *cli_columns(const struct cli_column *cols, size_t n, struct cli_column *out);
/* The language of what a command writes: opt when given (--lang), else the
 * interface's: "zh" when gettext speaks Chinese (LANGUAGE, LC_ALL,
 * LC_MESSAGES, LANG, as gettext reads them), else "en". */
/* --lang en|zh (NULL: not given), or a usage error (exit 2). */
int cli_check_lang(struct cli *c, const char *lang);
/* The file a command writes: -o when given, else SLUG + suffix. */
void cli_output_path(const char *given, const char *slug, const char *suffix, char *path, size_t n);
const char *cli_lang(const char *opt);

/* --encoding NAME: utf-8 (also utf8; NULL) or gbk (also gb18030, gb2312), in
 * any letter case. 1 when known, with *enc set. */
int cli_encoding(const char *name, enum outlay_encoding *enc);

/* A value of kind, funded_by, status or action as a table shows it: in the
 * reader's language for a table, as it is (English) for CSV and JSON. */
const char *cli_value(const struct cli *c, const char *value);

/* "Label:           value": the label padded to 18 terminal columns by its
 * display width (a Chinese label is as wide as it looks), a space, then the
 * formatted value (no newline added). */
void cli_field(const char *label, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Starts an output of ncols columns in c->fmt; free with cli_table_end. */
struct cli_table *cli_table_begin(const struct cli *c, const struct cli_column *cols, size_t ncols);
/* One row; is_number marks cells the command formatted itself (no CSV
 * formula mark). A NULL cell is empty. mark (tables only) is appended
 * after the row ("over budget"). Returns 0, or -1 when out of memory. */
int cli_table_row(struct cli_table *t, const char *const *cells, const int *is_number,
                  const char *mark);
/* A horizontal rule before the next row (tables only). */
void cli_table_rule(struct cli_table *t);
/* Prints (tables) or closes (JSON) and frees. */
void cli_table_end(struct cli_table *t);
/* Display width of UTF-8 text in a terminal (CJK counts 2). */
size_t cli_text_width(const char *s);

/* Commands, by file: each with its option table and its usage check, if
 * any, beside it. */

/* cli_activity.c */
extern const struct cli_opt cli_activity_approve_opts[];
extern const struct cli_opt cli_activity_add_opts[], cli_activity_new_opts[],
    cli_activity_set_opts[], cli_activity_void_opts[], cli_budget_add_opts[], cli_budget_set_opts[],
    cli_budget_void_opts[];
int cmd_init(struct cli *c);
int cmd_activity_add(struct cli *c);
int cmd_activity_new(struct cli *c);
int cmd_activity_list(struct cli *c);
int cmd_activity_show(struct cli *c);
int check_activity_set(struct cli *c);
int cmd_activity_set(struct cli *c);
int cmd_activity_close(struct cli *c);
int cmd_activity_reopen(struct cli *c);
int cmd_activity_void(struct cli *c);
int check_activity_approve(struct cli *c);
int cmd_activity_approve(struct cli *c);
int cmd_template_list(struct cli *c);
/* cli_rules.c (SPEC §14) */
int cmd_rules_list(struct cli *c);
int cmd_rules_show(struct cli *c);
/* Loads rules NAME from the template directories for `--rules` (the text
 * into *text, malloc'd); given 0: NAME is the default, and a default not
 * found is no rules (*text NULL, 0). Prints the error and returns its exit
 * code on failure. */
int cli_rules_text(struct cli *c, const char *name, int given, char **text);
int check_budget_add(struct cli *c);
int cmd_budget_add(struct cli *c);
int check_budget_set(struct cli *c);
int cmd_budget_set(struct cli *c);
int check_budget_void(struct cli *c);
int cmd_budget_void(struct cli *c);
int cmd_budget_list(struct cli *c);

/* cli_entries.c */
extern const struct cli_opt cli_expense_add_opts[], cli_expense_set_opts[], cli_expense_void_opts[],
    cli_participant_opts[], cli_payment_opts[], cli_payout_opts[], cli_deposit_void_opts[],
    cli_payout_void_opts[], cli_import_opts[], cli_participant_alias_opts[];
int cmd_expense_add(struct cli *c);
int check_expense_set(struct cli *c);
int cmd_expense_set(struct cli *c);
int check_expense_void(struct cli *c);
int cmd_expense_void(struct cli *c);
int cmd_expense_list(struct cli *c);
int cmd_participant_add(struct cli *c);
int check_participant_set(struct cli *c);
int cmd_participant_set(struct cli *c);
int cmd_participant_withdraw(struct cli *c);
int cmd_participant_rejoin(struct cli *c);
int cmd_participant_rename(struct cli *c);
int cmd_participant_list(struct cli *c);
int cmd_participant_alias(struct cli *c);

/* cli_bills.c */
extern const struct cli_opt cli_bill_opts[];
int check_import_bill(struct cli *c);
int cmd_import_bill(struct cli *c);
int cmd_deposit_add(struct cli *c);
int cmd_deposit_list(struct cli *c);
int check_deposit_void(struct cli *c);
int cmd_deposit_void(struct cli *c);
int cmd_payout_add(struct cli *c);
int cmd_payout_list(struct cli *c);
int check_payout_void(struct cli *c);
int cmd_payout_void(struct cli *c);
int check_import(struct cli *c);
int cmd_import(struct cli *c);

/* cli_export.c */
extern const struct cli_opt cli_export_opts[];
int check_export(struct cli *c);
int check_activity_new(struct cli *c);
int cmd_export(struct cli *c);

/* cli_print.c */
extern const struct cli_opt cli_print_opts[];
int check_print(struct cli *c);
int cmd_print(struct cli *c);

/* cli_notice.c */
extern const struct cli_opt cli_notice_opts[];
int check_notice(struct cli *c);
int cmd_notice(struct cli *c);

/* cli_serve.c (SPEC §16) */
extern const struct cli_opt cli_serve_opts[];
int check_serve(struct cli *c);
int cmd_serve(struct cli *c);
int cmd_participant_link(struct cli *c);
/* Who the audit rows name (cli.c): --by, $OUTLAY_USER, the login name, or
 * "uid N"; in buf when made there. */
const char *cli_who_text(const struct cli *c, char *buf, size_t n);

/* The ledger for one request of `serve` (SPEC §16), as the dispatcher
 * opens it for a command: open, in its transaction (write: BEGIN
 * IMMEDIATE, the audit rows naming who). *st is NULL on failure. End it
 * with cli_ledger_end: commit (non-zero) or roll back, then close. */
enum outlay_status cli_ledger_begin(const char *path, int write, const char *who, outlay_store **st,
                                    outlay_err *err);
enum outlay_status cli_ledger_end(outlay_store *st, int commit, outlay_err *err);

/* cli_reports.c */
int cmd_report(struct cli *c);

/* The treasurer's year (SPEC §7), shared with rollup (SPEC §17): an
 * activity's figures, in the money columns after the report's used_pct. A
 * figure that cannot be known is an empty cell, never a wrong number; so
 * is a TOTAL that one of them would leave. */
enum { Y_BUDGETED, Y_ACTUAL, Y_VARIANCE, Y_UNION, Y_DEPOSITS, Y_PAID, Y_N };
struct year_figures {
    struct outlay_report_row row; /* the report's TOTAL, for used_pct */
    int64_t v[Y_N];
    int known[Y_N];
};
/* One activity's figures: those kept (not NULL), else from c->st. One whose figures are out of
 * range (a ledger an older outlay wrote) gets unknown figures and an error naming it; one that
 * cannot be settled yet, an unknown union share and a warning. Returns 1 when an error was printed,
 * 0, or -1 on a storage error (in *err). */
int cli_year_row(struct cli *c, const struct outlay_activity *a, const struct outlay_year *kept,
                 struct year_figures *y, outlay_err *err);
/* Adds y into *total (start it with every known[] 1); a column whose sum
 * would leave int64 becomes unknown, with an error naming `name`, which
 * took it out of range. Returns 1 when it printed an error. */
int cli_year_add(struct cli *c, const char *name, const struct year_figures *y,
                 struct year_figures *total);
/* Sets a sum's used_pct and over from its budgeted and actual. */
void cli_year_finish(struct year_figures *total);
/* Its money cells (th: thousands separators; "" when unknown) and used_pct. */
void cli_year_money(const struct year_figures *y, int th, char m[Y_N][OUTLAY_MONEY_BUFSZ],
                    char pct[32]);
/* Known to be over budget. */
int cli_year_over(const struct year_figures *y);

/* cli_rollup.c */
extern const struct cli_opt cli_rollup_opts[];
int cmd_rollup(struct cli *c);
int cmd_settle(struct cli *c);
int cmd_words(struct cli *c);
int cmd_check(struct cli *c);
int cmd_log(struct cli *c);
int cmd_backup(struct cli *c);

#endif
