/* cli_serve: the command `outlay serve [--port N] [--listen ADDR]` (SPEC
 * §16): makes the tokens, creates the ledger when missing, serves until
 * SIGINT or SIGTERM, exits 0. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "cli_serve.h"
#include "i18n.h"

enum { SERVE_PORT, SERVE_LISTEN };
const struct cli_opt cli_serve_opts[] = {
    [SERVE_PORT] = {.name = "port",
                    .short_name = 'p',
                    .arg = "N",
                    .help = N_("the port to listen on (default 8080; 0: any free port)")},
    [SERVE_LISTEN] = {.name = "listen",
                      .arg = "ADDR",
                      .help = N_("the address to listen on (default 127.0.0.1, this computer "
                                 "only; 0.0.0.0: the office network too)")},
    {0}};

static int parse_port(const char *s, unsigned *port)
{
    unsigned long v = 0;
    if (!s)
        return 1;
    if (!*s || strlen(s) > 5)
        return 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            return 0;
        v = v * 10 + (unsigned long)(*p - '0');
    }
    if (v > 65535)
        return 0;
    *port = (unsigned)v;
    return 1;
}

int check_serve(struct cli *c)
{
    unsigned port = 0;
    outlay_err err = {0};
    unsigned char addr[sizeof(struct in6_addr)];
    const char *listen = c->values[SERVE_LISTEN];
    if (!parse_port(c->values[SERVE_PORT], &port)) {
        outlay_fail(&err, OUTLAY_EUSAGE, OUTLAY_P_SERVE_PORT,
                    OUTLAY_A_INPUT(c->values[SERVE_PORT]));
        return cli_fail(c, &err);
    }
    /* an address, not a name: nothing is looked up */
    if (listen && inet_pton(AF_INET, listen, addr) != 1 && inet_pton(AF_INET6, listen, addr) != 1) {
        outlay_fail(&err, OUTLAY_EUSAGE, OUTLAY_P_SERVE_LISTEN, OUTLAY_A_INPUT(listen));
        return cli_fail(c, &err);
    }
    return 0;
}

/* The ledger is created when missing and upgraded, as by `outlay init`,
 * so every request can open it for reading. */
static int prepare_ledger(struct cli *c, struct serve *sv)
{
    outlay_err err = {0};
    outlay_store *st = NULL;
    int created = 0;
    enum outlay_status rc = cli_ledger_begin(sv->ledger_path, 1, sv->who, &st, &err);
    if (rc == OUTLAY_OK)
        rc = outlay_ledger_init(st, &created, &err);
    if (cli_ledger_end(st, rc == OUTLAY_OK, &err) != OUTLAY_OK || rc != OUTLAY_OK)
        return cli_fail(c, &err);
    return 0;
}

int cmd_serve(struct cli *c)
{
    static struct serve sv; /* read by the daemon's threads until it stops */
    outlay_err err = {0};
    unsigned port = 8080;
    parse_port(c->values[SERVE_PORT], &port);
    const char *listen = c->values[SERVE_LISTEN] ? c->values[SERVE_LISTEN] : "127.0.0.1";
    const char *path = cli_ledger_path(c);
    memset(&sv, 0, sizeof sv);
    sv.ledger_path = path;
    sv.templates_dir = c->templates_dir;
    sv.cli = *c;
    sv.cli.ledger_path = path;
    char who[256];
    snprintf(sv.who, sizeof sv.who, "%s", cli_who_text(c, who, sizeof who));
    if (outlay_serve_token_new(sv.token, &err) != OUTLAY_OK ||
        outlay_serve_token_new(sv.csrf, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    int code = prepare_ledger(c, &sv);
    if (code)
        return code;
    /* A page's words follow its reader, not the process: each request
     * switches its thread's locale (gettext reads LC_MESSAGES from it).
     * LANGUAGE would override both, so it is set aside. */
    unsetenv("LANGUAGE");
    locale_t base = newlocale(LC_ALL_MASK, "C.UTF-8", (locale_t)0);
    if (!base)
        base = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    locale_t base2 = duplocale(base);
    sv.loc_en = base;
    sv.loc_zh = newlocale(LC_MESSAGES_MASK, "zh_CN.UTF-8", base2);
    if (!sv.loc_zh)
        sv.loc_zh = base2; /* no Chinese locale installed: English pages */
    outlay_serve_limiter_init(&sv.limiter);
    outlay_serve_limiter_init(&sv.slip_limiter);
    pthread_mutex_init(&sv.cache_lock, NULL);
    pthread_mutex_init(&sv.flash_lock, NULL);
    pthread_mutex_init(&sv.pending_lock, NULL);
    code = serve_run(&sv, listen, port);
    for (size_t i = 0; i < SERVE_CACHE; i++)
        free(sv.cache[i].body);
    pthread_mutex_destroy(&sv.cache_lock);
    pthread_mutex_destroy(&sv.flash_lock);
    serve_pending_release(&sv);
    pthread_mutex_destroy(&sv.pending_lock);
    outlay_serve_limiter_release(&sv.limiter);
    outlay_serve_limiter_release(&sv.slip_limiter);
    freelocale(sv.loc_zh);
    freelocale(sv.loc_en);
    return code;
}

/* SPEC §16: `participant link SLUG NAME` prints the path of the
 * participant's private slip page, made on first request and kept: the
 * treasurer puts it after the address `serve` prints. */
int cmd_participant_link(struct cli *c)
{
    outlay_err err = {0};
    struct outlay_activity a;
    char token[OUTLAY_TOKEN_HEX + 1];
    int code = cli_activity(c, c->pos[0], 1, &a);
    if (code)
        return code;
    if (outlay_ledger_participant_link(c->st, &a, c->pos[1], token, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    printf("/s/%s\n", token);
    return 0;
}
