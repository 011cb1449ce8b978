/* cli_bills: outlay import wechat|alipay (SPEC §15). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "outlay/bills.h"
#include "outlay/date.h"
#include "outlay/money.h"

enum { BILL_DRY_RUN, BILL_FROM, BILL_TO, BILL_EXPENSES };

const struct cli_opt cli_bill_opts[] = {
    [BILL_DRY_RUN] = {.name = "dry-run", .help = N_("show what would be recorded; change nothing")},
    [BILL_FROM] = {.name = "from", .arg = "YYYY-MM-DD", .help = N_("only rows from this day on")},
    [BILL_TO] = {.name = "to", .arg = "YYYY-MM-DD", .help = N_("only rows up to this day")},
    [BILL_EXPENSES] = {.name = "expenses",
                       .arg = "CATEGORY",
                       .help = N_("record other payments as expenses in this category")},
    {0}};

int check_import_bill(struct cli *c)
{
    outlay_err err = {0};
    char iso[11];
    for (int i = BILL_FROM; i <= BILL_TO; i++)
        if (c->values[i] && outlay_date_parse(c->values[i], iso, &err) != OUTLAY_OK) {
            char msg[512];
            return cli_usage_error(c, "--%s: %s", cli_bill_opts[i].name,
                                   cli_problem_text(&err, msg, sizeof msg));
        }
    return 0;
}

struct shown {
    struct cli *c;
    int dry;
};

static void show_row(void *ctx, const struct outlay_bill_row *r, enum outlay_bill_fate f,
                     const outlay_err *why)
{
    struct shown *s = ctx;
    char amount[OUTLAY_MONEY_BUFSZ], msg[1024];
    outlay_money_format(r->amount, 1, amount);
    if (why) {
        /* TRANSLATORS: line NO of the bill: a row not recorded, and why */
        printf(f == OUTLAY_BILL_UNMATCHED ? _("line %ld: unmatched: %s %s %s: %s\n")
                                          : _("line %ld: skipped: %s %s %s: %s\n"),
               r->line, r->date, r->party, amount, cli_problem_text(why, msg, sizeof msg));
        return;
    }
    if (!s->dry)
        return;
    static const char *const what[] = {N_("deposit"), N_("payout"), N_("expense")};
    /* TRANSLATORS: --dry-run: line NO: deposit|payout|expense DATE NAME AMOUNT (ID) */
    printf(_("line %ld: would record %s %s %s %s (%s)\n"), r->line, _(what[f]), r->date,
           r->name ? r->name : r->party, amount, r->id);
}

/* import wechat|alipay SLUG FILE */
int cmd_import_bill(struct cli *c)
{
    outlay_err err = {0};
    struct outlay_activity a;
    int code = cli_activity(c, c->pos[0], 1, &a);
    if (code)
        return code;
    char from[11] = "", to[11] = "";
    if (c->values[BILL_FROM])
        outlay_date_parse(c->values[BILL_FROM], from, &err); /* check_import_bill made sure */
    if (c->values[BILL_TO])
        outlay_date_parse(c->values[BILL_TO], to, &err);
    struct outlay_bill_opts o = {.app = !strcmp(c->cmd->verb, "alipay") ? OUTLAY_BILL_ALIPAY
                                                                        : OUTLAY_BILL_WECHAT,
                                 .path = c->pos[1],
                                 .from = *from ? from : NULL,
                                 .to = *to ? to : NULL,
                                 .expenses = c->values[BILL_EXPENSES]};
    struct shown s = {c, c->values[BILL_DRY_RUN] != NULL};
    struct outlay_bill_summary sum;
    if (outlay_bills_import(c->st, &a, &o, show_row, &s, &sum, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    char dep[OUTLAY_MONEY_BUFSZ], pay[OUTLAY_MONEY_BUFSZ], exp[OUTLAY_MONEY_BUFSZ];
    outlay_money_format(sum.fen[0], 1, dep);
    outlay_money_format(sum.fen[1], 1, pay);
    outlay_money_format(sum.fen[2], 1, exp);
    /* The summary (issue 18): "recorded 41 deposits (14,760.00), 2 payouts
     * (720.00); 3 already present; 2 unmatched (see above); 57 skipped". */
    printf(s.dry ? _("would record ") : _("recorded "));
    printf(P_("%ld deposit (%s)", "%ld deposits (%s)", sum.n[0]), sum.n[0], dep);
    printf(P_(", %ld payout (%s)", ", %ld payouts (%s)", sum.n[1]), sum.n[1], pay);
    if (o.expenses)
        printf(P_(", %ld expense (%s)", ", %ld expenses (%s)", sum.n[2]), sum.n[2], exp);
    printf(_("; %ld already present"), sum.n[OUTLAY_BILL_PRESENT]);
    printf(sum.n[OUTLAY_BILL_UNMATCHED] ? _("; %ld unmatched (see above)") : _("; %ld unmatched"),
           sum.n[OUTLAY_BILL_UNMATCHED]);
    printf(_("; %ld skipped\n"), sum.n[OUTLAY_BILL_SKIPPED]);
    /* --dry-run: the same import, rolled back. */
    c->rollback = s.dry;
    return 0;
}
