/* cli_entries: participants, deposits, payouts, expenses and imports. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"

/* --- expenses ----------------------------------------------------------- */

enum {
    EXP_CATEGORY,
    EXP_AMOUNT,
    EXP_ITEM,
    EXP_DATE,
    EXP_PAYEE,
    EXP_PAID_BY,
    EXP_RECEIPT,
    EXP_FOR,
    EXP_FUNDED_BY,
    EXP_KIND
};

/* The rows of 'expense add' and 'expense set' but those whose help
 * differs (what add requires, and the defaults of add). */
#define EXPENSE_ROWS                                                                               \
    [EXP_ITEM] = {.name = "item", .arg = "TEXT", .help = N_("what was bought")},                   \
    [EXP_PAYEE] = {.name = "payee", .arg = "TEXT", .help = N_("who was paid")},                    \
    [EXP_PAID_BY] = {.name = "paid-by",                                                            \
                     .arg = "NAME",                                                                \
                     .help = N_("the participant who paid it out of pocket")},                     \
    [EXP_RECEIPT] = {.name = "receipt",                                                            \
                     .arg = "REF",                                                                 \
                     .help = N_("the receipt or invoice number")},                                 \
    [EXP_FOR] = {                                                                                  \
        .name = "for", .arg = "TAG", .help = N_("shared only by the participants with this tag")}

/* SPEC §14 */
#define KIND_HELP                                                                                  \
    N_("prize-winner, prize-participation, souvenir, meal, clothing, gift-card or other")
#define EXP_CATEGORY_HELP N_("the budget category it counts against")
#define EXP_AMOUNT_HELP N_("the amount paid; negative for a vendor's credit")

const struct cli_opt cli_expense_add_opts[] = {
    [EXP_CATEGORY] = {.name = "category", .arg = "CAT", .required = 1, .help = EXP_CATEGORY_HELP},
    [EXP_AMOUNT] = {.name = "amount", .arg = "AMOUNT", .required = 1, .help = EXP_AMOUNT_HELP},
    [EXP_DATE] = {.name = "date",
                  .arg = "YYYY-MM-DD",
                  .help = N_("the day it was paid (default today)")},
    EXPENSE_ROWS,
    [EXP_FUNDED_BY] = {.name = "funded-by",
                       .arg = "participants|union",
                       .help = N_("participants or union (default: the activity's)")},
    [EXP_KIND] = {.name = "kind", .arg = "KIND", .help = KIND_HELP},
    {0}};

/* Warnings held until the command's own output is printed. */
struct warnings {
    struct cli *c;
    outlay_err p[8];
    size_t n;
};

static void keep_warning(void *ctx, const outlay_err *p)
{
    struct warnings *w = ctx;
    if (w->n < sizeof w->p / sizeof w->p[0])
        w->p[w->n++] = *p;
    else
        cli_warn(w->c, p);
}

/* SPEC §11: any option of 'expense add', none required; what is not given
 * is kept. */
const struct cli_opt cli_expense_set_opts[] = {
    [EXP_CATEGORY] = {.name = "category", .arg = "CAT", .help = EXP_CATEGORY_HELP},
    [EXP_AMOUNT] = {.name = "amount", .arg = "AMOUNT", .help = EXP_AMOUNT_HELP},
    [EXP_DATE] = {.name = "date", .arg = "YYYY-MM-DD", .help = N_("the day it was paid")},
    EXPENSE_ROWS,
    [EXP_FUNDED_BY] = {.name = "funded-by",
                       .arg = "participants|union",
                       .help = N_("who pays it: participants or union")},
    [EXP_KIND] = {.name = "kind", .arg = "KIND", .help = KIND_HELP},
    {0}};

static struct outlay_expense_in expense_in(const struct cli *c, const char *date)
{
    return (struct outlay_expense_in){.category = c->values[EXP_CATEGORY],
                                      .amount = c->values[EXP_AMOUNT],
                                      .date = date,
                                      .item = c->values[EXP_ITEM],
                                      .payee = c->values[EXP_PAYEE],
                                      .paid_by = c->values[EXP_PAID_BY],
                                      .receipt = c->values[EXP_RECEIPT],
                                      .for_tag = c->values[EXP_FOR],
                                      .funded_by = c->values[EXP_FUNDED_BY],
                                      .kind = c->values[EXP_KIND]};
}

int cmd_expense_add(struct cli *c)
{
    outlay_err err = {0};
    struct outlay_activity a;
    char today[11];
    int64_t id = 0;
    int code = cli_activity(c, c->pos[0], 1, &a);
    if (code)
        return code;
    struct outlay_expense_in in =
        expense_in(c, c->values[EXP_DATE] ? c->values[EXP_DATE] : outlay_date_today(today));
    /* The number first, then the warnings (SPEC §11), each after the line
     * it is about: cli_warn flushes stdout. */
    struct warnings w = {c, {{0}}, 0};
    if (outlay_ledger_expense_add(c->st, &a, &in, 1, &id, keep_warning, &w, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    printf("%lld\n", (long long)id);
    for (size_t i = 0; i < w.n; i++)
        cli_warn(c, &w.p[i]);
    return 0;
}

int check_expense_set(struct cli *c)
{
    int any = 0;
    for (int i = 0; cli_expense_set_opts[i].name; i++)
        any |= c->values[i] != NULL;
    if (!any)
        return cli_usage_error(c, _("nothing to change; give at least one option"));
    return cli_check_record_no(c, OUTLAY_P_NOT_EXPENSE_NO);
}

int cmd_expense_set(struct cli *c)
{
    outlay_err err = {0};
    struct outlay_activity a;
    int code = cli_activity(c, c->pos[0], 1, &a);
    if (code)
        return code;
    struct outlay_expense_in in = expense_in(c, c->values[EXP_DATE]);
    /* SPEC §11: the warnings of expense add, for the expense as changed. */
    if (outlay_ledger_expense_set(c->st, &a, c->pos[1], &in, cli_warn, c, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    return 0;
}

/* The option table of each void: --reason, its help naming the record. */
#define VOID_OPTS(what)                                                                            \
    {                                                                                              \
        {.name = "reason", .arg = "TEXT", .required = 1, .help = what},                            \
        {                                                                                          \
            0                                                                                      \
        }                                                                                          \
    }

const struct cli_opt cli_expense_void_opts[] =
    VOID_OPTS(N_("why the expense is voided (kept on record)"));
const struct cli_opt cli_deposit_void_opts[] =
    VOID_OPTS(N_("why the deposit is voided (kept on record)"));
const struct cli_opt cli_payout_void_opts[] =
    VOID_OPTS(N_("why the payout is voided (kept on record)"));
enum { VOID_REASON };

int check_expense_void(struct cli *c)
{
    return cli_check_record_no(c, OUTLAY_P_NOT_EXPENSE_NO);
}

int cmd_expense_void(struct cli *c)
{
    outlay_err err = {0};
    struct outlay_activity a;
    int code = cli_activity(c, c->pos[0], 1, &a);
    if (code)
        return code;
    if (outlay_ledger_expense_void(c->st, &a, c->pos[1], c->values[VOID_REASON], &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    return 0;
}

static const struct cli_column expense_cols[] = {
    {"id", N_("ID"), AL_RIGHT},
    {"date", N_("Date"), AL_LEFT},
    {"category", N_("Category"), AL_LEFT},
    {"item", N_("Item"), AL_LEFT},
    {"amount", N_("Amount"), AL_RIGHT},
    {"payee", N_("Payee"), AL_LEFT},
    {"paid_by", N_("Paid by"), AL_LEFT},
    {"receipt", N_("Receipt"), AL_LEFT},
    {"for", N_("For"), AL_LEFT},
    {"funded_by", N_("Funded by"), AL_LEFT},
    {"status", N_("Status"), AL_LEFT},
    {"kind", N_("Kind"), AL_LEFT}, /* SPEC §14: CSV and JSON only */
};
#define NEXP (sizeof expense_cols / sizeof expense_cols[0])

int cmd_expense_list(struct cli *c)
{
    outlay_err err = {0};
    struct outlay_activity a;
    outlay_expense_cursor *cur = NULL;
    struct outlay_expense e;
    struct cli_column cols[NEXP];
    int r, th = c->fmt == FMT_TABLE;
    int code = cli_activity(c, c->pos[0], 0, &a);
    if (code)
        return code;
    if (outlay_ledger_expenses(c->st, &a, &cur, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    /* A table leaves the kind out: it is as wide as a terminal already. */
    size_t ncols = th ? NEXP - 1 : NEXP;
    struct cli_table *t = cli_table_begin(c, cli_columns(expense_cols, ncols, cols), ncols);
    int64_t total = 0;
    int total_ok = 1; /* the TOTAL row is left out, with an error, past int64 */
    while ((r = outlay_expense_cursor_next(cur, &e, &err)) == 1) {
        char id[24], amount[OUTLAY_MONEY_BUFSZ], mark[1100] = "";
        snprintf(id, sizeof id, "%lld", (long long)e.id);
        const char *cells[NEXP] = {id,
                                   e.date,
                                   e.category,
                                   e.item,
                                   outlay_money_format(e.amount, th, amount),
                                   e.payee,
                                   e.paid_by,
                                   e.receipt,
                                   e.for_tag,
                                   cli_value(c, outlay_funder_name(e.funded_by)),
                                   cli_value(c, e.is_void ? "void" : "ok"),
                                   outlay_kind_name(e.kind)};
        static const int num[NEXP] = {1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0};
        if (e.is_void)
            snprintf(mark, sizeof mark, _("voided: %s"), e.void_reason ? e.void_reason : "");
        else if (outlay_money_add(total, e.amount, &total) != OUTLAY_OK)
            total_ok = 0;
        cli_table_row(t, cells, num, mark);
    }
    if (th && r == 0 && total_ok) {
        char amount[OUTLAY_MONEY_BUFSZ];
        const char *cells[NEXP] = {"", "", _("TOTAL"), "", outlay_money_format(total, 1, amount),
                                   "", "", "",         "", "",
                                   "", ""};
        cli_table_rule(t);
        cli_table_row(t, cells, NULL, NULL);
    }
    cli_table_end(t);
    outlay_expense_cursor_close(cur);
    if (r == 0 && th && !total_ok)
        outlay_ledger_total_error(&a, OUTLAY_AMOUNTS_EXPENSES, &err);
    return r < 0 || (th && !total_ok) ? cli_fail(c, &err) : 0;
}

/* --- participants ------------------------------------------------------- */

enum { PART_DEPT, PART_TAGS, PART_WEIGHT };

const struct cli_opt cli_participant_opts[] = {
    [PART_DEPT] = {.name = "dept", .arg = "TEXT", .help = N_("the person's department")},
    [PART_TAGS] = {.name = "tags",
                   .arg = "TAG[;TAG...]",
                   .help = N_("the groups the person is in (expense add --for)")},
    [PART_WEIGHT] = {.name = "weight",
                     .arg = "N",
                     .help = N_("how many shares the person pays (default 1)")},
    {0}};

static struct outlay_participant_in participant_in(const struct cli *c)
{
    return (struct outlay_participant_in){c->pos[1], c->values[PART_DEPT], c->values[PART_TAGS],
                                          c->values[PART_WEIGHT], NULL};
}

int cmd_participant_add(struct cli *c)
{
    outlay_err err = {0};
    struct outlay_activity a;
    int code = cli_activity(c, c->pos[0], 1, &a);
    if (code)
        return code;
    struct outlay_participant_in in = participant_in(c);
    if (outlay_ledger_participant_add(c->st, &a, &in, 1, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    return 0;
}

/* withdraw: -1 to change the fields only, 1 to withdraw, 0 to rejoin.
 * withdraw and rejoin have no options, so their fields are all NULL. */
static int participant_change(struct cli *c, int withdraw)
{
    outlay_err err = {0};
    struct outlay_activity a;
    int code = cli_activity(c, c->pos[0], 1, &a);
    if (code)
        return code;
    struct outlay_participant_in in = participant_in(c);
    if (outlay_ledger_participant_set(c->st, &a, &in, withdraw, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    return 0;
}

int check_participant_set(struct cli *c)
{
    if (!c->values[PART_DEPT] && !c->values[PART_TAGS] && !c->values[PART_WEIGHT])
        return cli_usage_error(c, _("nothing to change; give --dept, --tags or --weight"));
    return 0;
}

int cmd_participant_set(struct cli *c)
{
    return participant_change(c, -1);
}

int cmd_participant_withdraw(struct cli *c)
{
    return participant_change(c, 1);
}

int cmd_participant_rejoin(struct cli *c)
{
    return participant_change(c, 0);
}

int cmd_participant_rename(struct cli *c)
{
    outlay_err err = {0};
    struct outlay_activity a;
    int code = cli_activity(c, c->pos[0], 1, &a);
    if (code)
        return code;
    if (outlay_ledger_participant_rename(c->st, &a, c->pos[1], c->pos[2], &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    return 0;
}

const struct cli_opt cli_participant_alias_opts[] = {
    {.name = "remove", .help = N_("remove the alias instead of adding it")}, {0}};

int cmd_participant_alias(struct cli *c)
{
    outlay_err err = {0};
    struct outlay_activity a;
    int code = cli_activity(c, c->pos[0], 1, &a);
    if (code)
        return code;
    if (outlay_ledger_participant_alias(c->st, &a, c->pos[1], c->pos[2], c->values[0] != NULL,
                                        &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    return 0;
}

int cmd_participant_list(struct cli *c)
{
    static const struct cli_column src[] = {
        {"name", N_("Name"), AL_LEFT},     {"dept", N_("Dept"), AL_LEFT},
        {"tags", N_("Tags"), AL_LEFT},     {"weight", N_("Weight"), AL_RIGHT},
        {"status", N_("Status"), AL_LEFT}, {"aliases", N_("Aliases"), AL_LEFT}};
    struct cli_column cols[6];
    outlay_err err = {0};
    struct outlay_activity a;
    outlay_participant_cursor *cur = NULL;
    struct outlay_participant p;
    int r;
    int code = cli_activity(c, c->pos[0], 0, &a);
    if (code)
        return code;
    if (outlay_ledger_participants(c->st, &a, &cur, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    struct cli_table *t = cli_table_begin(c, cli_columns(src, 6, cols), 6);
    while ((r = outlay_participant_cursor_next(cur, &p, &err)) == 1) {
        char w[24], *aliases = NULL;
        snprintf(w, sizeof w, "%lld", (long long)p.weight);
        /* SPEC §15: the names a payment app shows for them. */
        if (outlay_ledger_participant_aliases(c->st, p.id, &aliases, &err) != OUTLAY_OK) {
            r = -1;
            break;
        }
        const char *cells[6] = {
            p.name, p.dept, p.tags, w, cli_value(c, p.withdrawn ? "withdrawn" : "active"), aliases};
        static const int num[6] = {0, 0, 0, 1, 0, 0};
        cli_table_row(t, cells, num, NULL);
        free(aliases);
    }
    cli_table_end(t);
    outlay_participant_cursor_close(cur);
    return r < 0 ? cli_fail(c, &err) : 0;
}

/* --- deposits and payouts ----------------------------------------------- */

enum { PAY_DATE, PAY_METHOD, PAY_FORCE };

#define PAYMENT_ROWS                                                                               \
    [PAY_DATE] = {.name = "date",                                                                  \
                  .arg = "YYYY-MM-DD",                                                             \
                  .help = N_("the day it was paid (default today)")},                              \
    [PAY_METHOD] = {                                                                               \
        .name = "method", .arg = "TEXT", .help = N_("how it was paid: cash, WeChat, bank...")}

const struct cli_opt cli_payment_opts[] = {PAYMENT_ROWS, {0}};

const struct cli_opt cli_payout_opts[] = {
    PAYMENT_ROWS,
    [PAY_FORCE] = {.name = "force",
                   .help = N_("record it even when it is more than the participant's refund")},
    {0}};

static int payment_add(struct cli *c, enum outlay_payment_kind kind)
{
    outlay_err err = {0};
    struct outlay_activity a;
    char today[11];
    int code = cli_activity(c, c->pos[0], 1, &a);
    if (code)
        return code;
    int64_t no = 0;
    struct outlay_payment_in in = {c->pos[1],
                                   c->pos[2],
                                   c->values[PAY_DATE] ? c->values[PAY_DATE]
                                                       : outlay_date_today(today),
                                   c->values[PAY_METHOD],
                                   NULL,
                                   kind == OUTLAY_PAYOUT && c->values[PAY_FORCE] != NULL,
                                   NULL};
    /* The number first, then the warnings (SPEC §11), as for expense add. */
    struct warnings w = {c, {{0}}, 0};
    if (outlay_ledger_payment_add(c->st, &a, kind, &in, 1, &no, keep_warning, &w, &err) !=
        OUTLAY_OK)
        return cli_fail(c, &err);
    printf("%lld\n", (long long)no);
    for (size_t i = 0; i < w.n; i++)
        cli_warn(c, &w.p[i]);
    return 0;
}

static int payment_void(struct cli *c, enum outlay_payment_kind kind)
{
    outlay_err err = {0};
    struct outlay_activity a;
    int code = cli_activity(c, c->pos[0], 1, &a);
    if (code)
        return code;
    if (outlay_ledger_payment_void(c->st, &a, kind, c->pos[1], c->values[VOID_REASON], &err) !=
        OUTLAY_OK)
        return cli_fail(c, &err);
    return 0;
}

/* SPEC §11: id, name, amount, date, method, reference, status; a table
 * leaves out the reference (a payment app's transaction id, SPEC §15). */
static const struct cli_column payment_cols[] = {
    {"id", N_("ID"), AL_RIGHT},         {"name", N_("Name"), AL_LEFT},
    {"amount", N_("Amount"), AL_RIGHT}, {"date", N_("Date"), AL_LEFT},
    {"method", N_("Method"), AL_LEFT},  {"reference", N_("Reference"), AL_LEFT},
    {"status", N_("Status"), AL_LEFT},
};
enum { NPAY = sizeof payment_cols / sizeof payment_cols[0], P_REFERENCE = 5 };

/* One row of a payment listing; a table skips the reference column. */
static void payment_cells(struct cli_table *t, int th, const char *const *cells, const int *num,
                          const char *mark)
{
    const char *sel[NPAY];
    int selnum[NPAY];
    size_t n = 0;
    for (size_t i = 0; i < NPAY; i++)
        if (!th || i != P_REFERENCE) {
            sel[n] = cells[i];
            selnum[n++] = num ? num[i] : 0;
        }
    cli_table_row(t, sel, selnum, mark);
}

static int payment_list(struct cli *c, enum outlay_payment_kind kind)
{
    struct cli_column cols[NPAY], picked[NPAY];
    size_t ncols = 0;
    outlay_err err = {0};
    struct outlay_activity a;
    outlay_payment_cursor *cur = NULL;
    struct outlay_payment p;
    int r, th = c->fmt == FMT_TABLE;
    int64_t total = 0;
    int total_ok = 1; /* the TOTAL row is left out, with an error, past int64 */
    int code = cli_activity(c, c->pos[0], 0, &a);
    if (code)
        return code;
    if (outlay_ledger_payments(c->st, &a, kind, &cur, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    for (size_t i = 0; i < NPAY; i++)
        if (!th || i != P_REFERENCE)
            picked[ncols++] = payment_cols[i];
    struct cli_table *t = cli_table_begin(c, cli_columns(picked, ncols, cols), ncols);
    while ((r = outlay_payment_cursor_next(cur, &p, &err)) == 1) {
        char id[24], amount[OUTLAY_MONEY_BUFSZ], mark[1100] = "";
        snprintf(id, sizeof id, "%lld", (long long)p.id);
        const char *cells[NPAY] = {id,
                                   p.name,
                                   outlay_money_format(p.amount, th, amount),
                                   p.date,
                                   p.method,
                                   p.reference ? p.reference : "",
                                   cli_value(c, p.is_void ? "void" : "ok")};
        static const int num[NPAY] = {1, 0, 1, 0, 0, 0, 0};
        /* SPEC §11: a void one is listed and counts nowhere */
        if (p.is_void)
            snprintf(mark, sizeof mark, _("voided: %s"), p.void_reason ? p.void_reason : "");
        else if (outlay_money_add(total, p.amount, &total) != OUTLAY_OK)
            total_ok = 0;
        payment_cells(t, th, cells, num, mark);
    }
    if (th && r == 0 && total_ok) {
        char amount[OUTLAY_MONEY_BUFSZ];
        const char *cells[NPAY] = {"", _("TOTAL"), outlay_money_format(total, 1, amount), "", "",
                                   "", ""};
        cli_table_rule(t);
        payment_cells(t, th, cells, NULL, NULL);
    }
    cli_table_end(t);
    outlay_payment_cursor_close(cur);
    if (r == 0 && th && !total_ok)
        outlay_ledger_total_error(
            &a, kind == OUTLAY_DEPOSIT ? OUTLAY_AMOUNTS_DEPOSITS : OUTLAY_AMOUNTS_PAYOUTS, &err);
    return r < 0 || (th && !total_ok) ? cli_fail(c, &err) : 0;
}

int cmd_deposit_add(struct cli *c)
{
    return payment_add(c, OUTLAY_DEPOSIT);
}

int cmd_deposit_list(struct cli *c)
{
    return payment_list(c, OUTLAY_DEPOSIT);
}

int check_deposit_void(struct cli *c)
{
    return cli_check_record_no(c, OUTLAY_P_NOT_DEPOSIT_NO);
}

int cmd_deposit_void(struct cli *c)
{
    return payment_void(c, OUTLAY_DEPOSIT);
}

int cmd_payout_add(struct cli *c)
{
    return payment_add(c, OUTLAY_PAYOUT);
}

int cmd_payout_list(struct cli *c)
{
    return payment_list(c, OUTLAY_PAYOUT);
}

int check_payout_void(struct cli *c)
{
    return cli_check_record_no(c, OUTLAY_P_NOT_PAYOUT_NO);
}

int cmd_payout_void(struct cli *c)
{
    return payment_void(c, OUTLAY_PAYOUT);
}

/* --- import ------------------------------------------------------------- */

static void import_error(void *ctx, const outlay_err *p)
{
    char msg[2048];
    (void)ctx;
    cli_problem_text(p, msg, sizeof msg);
    if (p->column[0])
        fprintf(stderr, "%s:%ld: %s: %s\n", p->file, p->line, p->column, msg);
    else if (p->code == OUTLAY_P_IMPORT_UNKNOWN_COLUMN)
        fprintf(stderr, "%s:%ld: %s: %s\n", p->file, p->line, _("(empty header)"), msg);
    else
        fprintf(stderr, "%s:%ld: %s\n", p->file, p->line, msg);
}

/* Progress for people watching a terminal, never for scripts (issue 8). */
static void import_progress(void *ctx, long rows)
{
    (void)ctx;
    fprintf(stderr, "\r");
    fprintf(stderr, _("%ld rows read..."), rows);
}

enum { IMP_ENCODING, IMP_SHEET };

const struct cli_opt cli_import_opts[] = {
    [IMP_ENCODING] = {.name = "encoding",
                      .arg = "utf-8|gbk",
                      .help = N_("default utf-8; gbk for a file from Chinese Excel")},
    [IMP_SHEET] = {.name = "sheet",
                   .arg = "NAME",
                   .help = N_("the sheet of an .xlsx file to read; default the first")},
    {0}};

/* --encoding: 1 and *enc set when the name is known, else 0. Not given is
 * UTF-8. */
int cli_encoding(const char *name, enum outlay_encoding *enc)
{
    *enc = OUTLAY_ENC_UTF8;
    if (!name || !outlay_text_casecmp(name, "utf-8") || !outlay_text_casecmp(name, "utf8"))
        return 1;
    *enc = OUTLAY_ENC_GBK;
    return !outlay_text_casecmp(name, "gbk") || !outlay_text_casecmp(name, "gb18030") ||
           !outlay_text_casecmp(name, "gb2312");
}

int check_import(struct cli *c)
{
    enum outlay_encoding encoding;
    if (outlay_import_kind_parse(c->pos[0]) < 0)
        return cli_usage_error(c,
                               _("'%.40s' is not something to import; choose budget, "
                                 "expenses, participants or deposits"),
                               c->pos[0]);
    if (!cli_encoding(c->values[IMP_ENCODING], &encoding))
        return cli_usage_error(c, _("unknown encoding '%.40s'; choose utf-8 or gbk"),
                               c->values[IMP_ENCODING]);
    return 0;
}

/* import KIND SLUG FILE */
int cmd_import(struct cli *c)
{
    outlay_err err = {0};
    struct outlay_activity a;
    const char *what = c->pos[0];
    int kind = outlay_import_kind_parse(what);
    enum outlay_encoding encoding;
    cli_encoding(c->values[IMP_ENCODING], &encoding); /* check_import made sure */
    int code = cli_activity(c, c->pos[1], 1, &a);
    if (code)
        return code;
    int tty = isatty(STDERR_FILENO);
    struct outlay_import_opts o = {.kind = (enum outlay_import_kind)kind,
                                   .path = c->pos[2],
                                   .encoding = encoding,
                                   .sheet = c->values[IMP_SHEET],
                                   .on_error = import_error,
                                   .progress = tty ? import_progress : NULL,
                                   .on_warning = cli_warn,
                                   .ctx = c};
    long rows = 0;
    enum outlay_status rc = outlay_import(c->st, &a, &o, &rows, &err);
    if (tty && rows >= 10000)
        fputs("\r\033[K", stderr);
    if (rc == OUTLAY_EOVERFLOW) {
        char msg[2048];
        return cli_failf(c, 1, _("%s; nothing was imported"),
                         cli_problem_text(&err, msg, sizeof msg));
    }
    if (rc != OUTLAY_OK)
        return cli_fail(c, &err);
    static const char *const kinds[] = {
        [OUTLAY_IMPORT_BUDGET] = N_("budget lines"),
        [OUTLAY_IMPORT_EXPENSES] = N_("expenses"),
        [OUTLAY_IMPORT_PARTICIPANTS] = N_("participants"),
        [OUTLAY_IMPORT_DEPOSITS] = N_("deposits"),
    };
    printf(_("imported %ld %s into '%s'\n"), rows, _(kinds[kind]), a.slug);
    return 0;
}
