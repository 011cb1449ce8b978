/* cli_notice: `outlay notice` (SPEC §13), one message per participant of
 * the settlement, ready to paste into a chat group; the messages are the
 * notice module's, in the language chosen by --lang. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "outlay/notice.h"

enum { NOTICE_LANG };

const struct cli_opt cli_notice_opts[] = {
    [NOTICE_LANG] = {.name = "lang",
                     .arg = "en|zh",
                     .help = N_("the messages' language (default: the interface's)")},
    {0}};

int check_notice(struct cli *c)
{
    return cli_check_lang(c, c->values[NOTICE_LANG]);
}

int cmd_notice(struct cli *c)
{
    static const struct cli_column src[] = {{"name", N_("Name"), AL_LEFT},
                                            {"action", N_("Action"), AL_LEFT},
                                            {"amount", N_("Amount"), AL_RIGHT},
                                            {"message", N_("Message"), AL_LEFT}};
    enum { N = sizeof src / sizeof src[0] };
    struct cli_column cols[N];
    struct outlay_activity a;
    struct outlay_settlement s;
    outlay_lang *lang = NULL;
    outlay_err err = {0};
    const char *dirs[4];
    int code = cli_activity(c, c->pos[0], 0, &a);
    if (code)
        return code;
    size_t ndirs = cli_template_dirs(c, dirs);
    if (outlay_lang_load(cli_lang(c->values[NOTICE_LANG]), dirs, ndirs, &lang, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    if (outlay_ledger_settle(c->st, &a, &s, &err) != OUTLAY_OK) {
        outlay_settlement_release(&s);
        outlay_lang_free(lang);
        return cli_fail(c, &err);
    }
    char *msg = malloc(OUTLAY_NOTICE_BUFSZ);
    if (!msg) {
        outlay_fail(&err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
        code = cli_fail(c, &err);
        goto out;
    }
    /* A table would pad every message to the longest: a message per line. */
    struct cli_table *t =
        c->fmt == FMT_TABLE ? NULL : cli_table_begin(c, cli_columns(src, N, cols), N);
    for (size_t i = 0; i < s.npeople; i++) {
        const struct outlay_settle_row *r = &s.result.rows[i];
        if (outlay_notice_message(lang, a.currency, &s.inputs[i], r, msg, OUTLAY_NOTICE_BUFSZ,
                                  &err) != OUTLAY_OK) {
            code = cli_fail(c, &err);
            break;
        }
        if (!t) {
            printf("%s\n", msg);
            continue;
        }
        char amount[OUTLAY_MONEY_BUFSZ];
        const char *cells[N] = {s.people[i].name, outlay_settle_action_name(r->action),
                                outlay_money_format(r->amount, 0, amount), msg};
        static const int num[N] = {0, 0, 1, 0};
        cli_table_row(t, cells, num, NULL);
    }
    if (t)
        cli_table_end(t);
out:
    free(msg);
    outlay_settlement_release(&s);
    outlay_lang_free(lang);
    return code;
}
