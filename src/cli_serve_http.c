/* cli_serve_http: libmicrohttpd glue for `outlay serve` (SPEC §16): the
 * daemon and its limits, the access token and its cookie, the CSRF token
 * of a POST, the headers of every answer, and the routes. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli_serve.h"
#include "i18n.h"

static const char csp[] = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                          "script-src 'self'; frame-ancestors 'none'; form-action 'self'; "
                          "base-uri 'none'";

const char *serve_field(const struct serve_req *r, const char *name)
{
    for (size_t i = 0; i < r->nf; i++)
        if (!strcmp(r->f[i].name, name))
            return r->f[i].value.p ? r->f[i].value.p : "";
    return NULL;
}

const char *serve_query(const struct serve_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

/* Sends answer a (its body handed to libmicrohttpd) with the headers every
 * answer carries. */
static enum MHD_Result send_answer(struct serve_req *r, struct serve_answer *a, int fd,
                                   uint64_t fd_size)
{
    struct MHD_Response *resp;
    if (a->body.failed) {
        outlay_buf_free(&a->body);
        a->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
    }
    if (fd >= 0) {
        resp = MHD_create_response_from_fd(fd_size, fd);
    } else {
        size_t len = a->body.len;
        char *p = a->body.p;
        a->body.p = NULL;
        resp = MHD_create_response_from_buffer(len, p ? p : (char *)"",
                                               p ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
        if (!resp)
            free(p);
    }
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, "Content-Security-Policy", csp);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Content-Type", a->type ? a->type : "text/html; charset=utf-8");
    if (a->status == MHD_HTTP_METHOD_NOT_ALLOWED)
        MHD_add_response_header(resp, "Allow", "GET, HEAD");
    if (a->location[0])
        MHD_add_response_header(resp, "Location", a->location);
    for (int i = 0; i < 2; i++)
        if (a->cookie[i][0])
            MHD_add_response_header(resp, "Set-Cookie", a->cookie[i]);
    if (a->filename[0]) {
        char disp[256];
        snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", a->filename);
        MHD_add_response_header(resp, "Content-Disposition", disp);
    }
    enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)a->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* A short answer with no page around it (403, 413, 404 before anything is
 * read): plain text, the same in both languages. */
static enum MHD_Result send_plain(struct serve_req *r, int status, const char *text)
{
    struct serve_answer a = {.status = status, .type = "text/plain; charset=utf-8"};
    outlay_buf_puts(&a.body, text);
    outlay_buf_puts(&a.body, "\n");
    return send_answer(r, &a, -1, 0);
}

static void client_address(struct MHD_Connection *conn, char *out, size_t n)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(out, n, "?");
    if (!ci || !ci->client_addr)
        return;
    if (ci->client_addr->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)ci->client_addr)->sin_addr,
                  out, (socklen_t)n);
    else if (ci->client_addr->sa_family == AF_INET6)
        inet_ntop(AF_INET6,
                  &((const struct sockaddr_in6 *)(const void *)ci->client_addr)->sin6_addr, out,
                  (socklen_t)n);
}

void serve_url_encode(struct outlay_buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.')
            outlay_buf_add(b, (const char *)p, 1);
        else
            outlay_buf_printf(b, "%%%02X", *p);
}

static enum MHD_Result query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    struct outlay_buf *b = cls;
    (void)kind;
    if (!strcmp(key, "lang") || !strcmp(key, "token"))
        return MHD_YES;
    outlay_buf_puts(b, b->p && strchr(b->p, '?') ? "&" : "?");
    serve_url_encode(b, key);
    if (value) {
        outlay_buf_puts(b, "=");
        serve_url_encode(b, value);
    }
    return MHD_YES;
}

void serve_switch_href(const struct serve_req *r, const char *lang, struct outlay_buf *b)
{
    size_t start = b->len;
    if (r->self[0]) {
        outlay_buf_puts(b, r->self);
    } else if (!r->post && r->url[0] == '/' && r->url[1] != '/') {
        for (const char *p = r->url; *p; p++) /* the path as it came, re-encoded */
            if (*p == '/')
                outlay_buf_add(b, p, 1);
            else {
                char c[2] = {*p, 0};
                serve_url_encode(b, c);
            }
        MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, query_arg, b);
    } else {
        outlay_buf_puts(b, "/");
    }
    outlay_buf_puts(b, b->p && strchr(b->p + start, '?') ? "&lang=" : "?lang=");
    outlay_buf_puts(b, lang);
}

void serve_wrong_token(struct serve_req *r)
{
    char addr[64];
    client_address(r->conn, addr, sizeof addr);
    outlay_serve_limiter_wrong(&r->sv->slip_limiter, addr, (int64_t)time(NULL));
}

enum access { ACCESS_OK, ACCESS_REDIRECT, ACCESS_DENIED };

/* SPEC §16: the token in the cookie, or in the query (then a cookie, and a
 * redirect that drops it from the URL); anything else is 403. Only a wrong
 * token in the query counts as a guess: a cookie left from an earlier run
 * (or another server's, on another port) is refused without counting, so
 * the treasurer is never locked out by their own browser. An address with
 * too many wrong guesses has its next ones refused before any comparison;
 * a right cookie still opens. */
static enum access check_access(struct serve_req *r, struct serve_answer *a)
{
    char addr[64], cookie[OUTLAY_TOKEN_HEX + 8];
    int64_t now = (int64_t)time(NULL);
    const char *q = serve_query(r, "token");
    const char *h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE);
    if (outlay_serve_cookie(h, "outlay_token", cookie, sizeof cookie) &&
        outlay_serve_token_equal(r->sv->token, cookie))
        return ACCESS_OK;
    if (!q)
        return ACCESS_DENIED;
    client_address(r->conn, addr, sizeof addr);
    if (outlay_serve_limiter_blocked(&r->sv->limiter, addr, now))
        return ACCESS_DENIED;
    if (!outlay_serve_token_equal(r->sv->token, q)) {
        outlay_serve_limiter_wrong(&r->sv->limiter, addr, now);
        return ACCESS_DENIED;
    }
    snprintf(a->cookie[0], sizeof a->cookie[0],
             "outlay_token=%s; HttpOnly; SameSite=Strict; Path=/", r->sv->token);
    /* back to the path, on this server: "//host/x" would leave it */
    snprintf(a->location, sizeof a->location, "%.500s",
             r->url[0] == '/' && r->url[1] != '/' && r->url[1] != '\\' ? r->url : "/");
    a->status = MHD_HTTP_SEE_OTHER;
    return ACCESS_REDIRECT;
}

/* The page's language: ?lang= (kept in a cookie), the cookie, then the
 * browser's Accept-Language. */
static void choose_lang(struct serve_req *r, struct serve_answer *a)
{
    char c[8];
    const char *q = serve_query(r, "lang");
    if (q && (!strcmp(q, "zh") || !strcmp(q, "en"))) {
        r->lang = !strcmp(q, "zh") ? "zh" : "en";
        snprintf(a->cookie[1], sizeof a->cookie[1], "outlay_lang=%s; SameSite=Strict; Path=/",
                 r->lang);
        return;
    }
    const char *h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_COOKIE);
    if (outlay_serve_cookie(h, "outlay_lang", c, sizeof c) &&
        (!strcmp(c, "zh") || !strcmp(c, "en")))
        r->lang = !strcmp(c, "zh") ? "zh" : "en";
    else
        r->lang = outlay_serve_lang(
            MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE));
}

static enum MHD_Result post_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *filename, const char *content_type,
                                  const char *transfer_encoding, const char *data, uint64_t off,
                                  size_t size)
{
    struct serve_req *r = cls;
    (void)kind, (void)content_type, (void)transfer_encoding, (void)off;
    struct serve_field *f = NULL;
    for (size_t i = 0; i < r->nf; i++)
        if (!strcmp(r->f[i].name, key))
            f = &r->f[i];
    if (!f) {
        if (r->nf == SERVE_FIELDS || strlen(key) >= sizeof f->name) {
            r->bad_form = 1;
            return MHD_YES;
        }
        f = &r->f[r->nf++];
        snprintf(f->name, sizeof f->name, "%s", key);
        if (filename)
            snprintf(f->filename, sizeof f->filename, "%s", filename);
        outlay_buf_add(&f->value, "", 0);
    }
    outlay_buf_add(&f->value, data, size);
    return MHD_YES;
}

/* The path after prefix, up to the next '/', into out; the rest in *rest. */
static int path_part(const char *url, const char *prefix, char *out, size_t n, const char **rest)
{
    size_t p = strlen(prefix);
    if (strncmp(url, prefix, p) != 0)
        return 0;
    const char *s = url + p, *e = strchr(s, '/');
    size_t len = e ? (size_t)(e - s) : strlen(s);
    if (!len || len >= n)
        return 0;
    memcpy(out, s, len);
    out[len] = '\0';
    *rest = e ? e : "";
    return 1;
}

/* The answer to an authorised request, by its path. */
static void route(struct serve_req *r, struct serve_answer *a)
{
    char slug[OUTLAY_SLUG_MAX + 1];
    const char *rest = "";
    if (!strcmp(r->url, "/")) {
        if (r->post)
            serve_page_error(r, a, MHD_HTTP_METHOD_NOT_ALLOWED, _("method not allowed"));
        else
            serve_page_year(r, a, NULL);
    } else if (r->post && !strcmp(r->url, "/new")) {
        serve_post(r, a, NULL, "new");
    } else if (path_part(r->url, "/a/", slug, sizeof slug, &rest)) {
        if (!*rest && !r->post)
            serve_get_activity(r, a, slug);
        else if (r->post && rest[0] == '/' && serve_edit_action(rest + 1))
            serve_post_edit(r, a, slug, rest + 1);
        else if (r->post && rest[0] == '/' && !strchr(rest + 1, '/'))
            serve_post(r, a, slug, rest + 1);
        else if (!r->post && !strncmp(rest, "/edit-", 6) && !strchr(rest + 1, '/'))
            serve_get_edit(r, a, slug, rest + 6);
        else if (!r->post && (!strcmp(rest, "/export.xlsx") || !strcmp(rest, "/print.pdf")))
            serve_download(r, a, slug, rest + 1);
        else
            serve_page_error(r, a, MHD_HTTP_NOT_FOUND, _("not found"));
    } else {
        serve_page_error(r, a, MHD_HTTP_NOT_FOUND, _("not found"));
    }
}

static int is_upload_path(const char *url)
{
    const char *s = strrchr(url, '/');
    return s && (!strcmp(s, "/import") || !strcmp(s, "/bill"));
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    struct serve *sv = cls;
    struct serve_req *r = *con_cls;
    (void)version;
    if (!r) {
        /* The first call: only the headers are in. Whatever is refused is
         * refused now, before a byte of the body is read. */
        if (!(r = calloc(1, sizeof *r)))
            return MHD_NO;
        *con_cls = r;
        r->sv = sv;
        r->conn = conn;
        r->url = url;
        r->method = method;
        r->post = !strcmp(method, MHD_HTTP_METHOD_POST);
        const struct outlay_static_file *sf = outlay_serve_static(url);
        if (sf && !r->post) {
            struct serve_answer a = {.status = MHD_HTTP_OK, .type = sf->type};
            outlay_buf_add(&a.body, sf->body, sf->len);
            return send_answer(r, &a, -1, 0);
        }
        if (!r->post && strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
            return send_plain(r, MHD_HTTP_METHOD_NOT_ALLOWED, "405 method not allowed");
        if (!strncmp(url, "/s/", 3)) {
            /* a participant's slip: its own token (the page), limited as
             * the access token is; GET only */
            char addr[64];
            client_address(conn, addr, sizeof addr);
            if (r->post ||
                outlay_serve_limiter_blocked(&sv->slip_limiter, addr, (int64_t)time(NULL)))
                return send_plain(r, MHD_HTTP_FORBIDDEN, "403 forbidden");
            return MHD_YES;
        }
        struct serve_answer a = {0};
        enum access acc = check_access(r, &a);
        if (acc == ACCESS_DENIED)
            return send_plain(r, MHD_HTTP_FORBIDDEN, "403 forbidden");
        if (acc == ACCESS_REDIRECT)
            return send_answer(r, &a, -1, 0);
        if (r->post) {
            r->body_max = is_upload_path(url) ? SERVE_UPLOAD_MAX : SERVE_FORM_MAX;
            const char *cl =
                MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
            if (cl && strtoull(cl, NULL, 10) > r->body_max)
                return send_plain(r, MHD_HTTP_CONTENT_TOO_LARGE, "413 too large");
            r->pp = MHD_create_post_processor(conn, 16 * 1024, post_field, r);
            if (!r->pp)
                return send_plain(r, MHD_HTTP_BAD_REQUEST, "400 not a form");
        }
        return MHD_YES;
    }
    if (*upload_size) {
        /* a body past its bound with no Content-Length: answered 413 at
         * once, the rest never read; a GET's body is read and dropped */
        r->body += *upload_size;
        if (r->post && r->body > r->body_max)
            return send_plain(r, MHD_HTTP_CONTENT_TOO_LARGE, "413 too large");
        if (r->post && MHD_post_process(r->pp, upload, *upload_size) != MHD_YES)
            r->bad_form = 1;
        *upload_size = 0;
        return MHD_YES;
    }
    if (r->too_big)
        return send_plain(r, MHD_HTTP_CONTENT_TOO_LARGE, "413 too large");
    struct serve_answer a = {.status = MHD_HTTP_OK};
    locale_t old = uselocale((locale_t)0);
    choose_lang(r, &a);
    uselocale(!strcmp(r->lang, "zh") ? sv->loc_zh : sv->loc_en);
    if (!strncmp(url, "/s/", 3)) {
        serve_page_slip(r, &a, url + 3);
    } else if (r->post &&
               (r->bad_form || !outlay_serve_token_equal(sv->csrf, serve_field(r, "csrf")))) {
        /* SPEC §16: a write without the form's CSRF token */
        uselocale(old);
        return send_plain(r, MHD_HTTP_FORBIDDEN, "403 forbidden (no valid form token)");
    } else {
        route(r, &a);
    }
    uselocale(old);
    int fd = -1;
    uint64_t size = 0;
    if (a.type && !strcmp(a.type, "file")) {
        /* a download: the temporary file's path is the body; opened, then
         * unlinked, and streamed from the open descriptor */
        struct stat stt;
        fd = open(a.body.p, O_RDONLY | O_CLOEXEC);
        unlink(a.body.p);
        char *slash = strrchr(a.body.p, '/');
        if (slash) {
            *slash = '\0';
            rmdir(a.body.p); /* the private directory it was written in */
        }
        outlay_buf_free(&a.body);
        if (fd < 0 || fstat(fd, &stt) != 0) {
            if (fd >= 0)
                close(fd);
            return send_plain(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "500 cannot read the file");
        }
        size = (uint64_t)stt.st_size;
        a.type = strstr(a.filename, ".pdf") ? "application/pdf"
                                            : "application/vnd.openxmlformats-officedocument."
                                              "spreadsheetml.sheet";
    }
    return send_answer(r, &a, fd, size);
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    struct serve_req *r = *con_cls;
    (void)cls, (void)conn, (void)toe;
    if (!r)
        return;
    if (r->pp)
        MHD_destroy_post_processor(r->pp);
    for (size_t i = 0; i < r->nf; i++)
        outlay_buf_free(&r->f[i].value);
    free(r);
    *con_cls = NULL;
}

int serve_run(struct serve *sv, const char *listen, unsigned port)
{
    outlay_err err = {0};
    struct sockaddr_in a4 = {0};
    struct sockaddr_in6 a6 = {0};
    const struct sockaddr *sa = NULL;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL_LINUX_ONLY;
    if (inet_pton(AF_INET, listen, &a4.sin_addr) == 1) {
        a4.sin_family = AF_INET;
        a4.sin_port = htons((uint16_t)port);
        sa = (const struct sockaddr *)&a4;
    } else if (inet_pton(AF_INET6, listen, &a6.sin6_addr) == 1) {
        a6.sin6_family = AF_INET6;
        a6.sin6_port = htons((uint16_t)port);
        sa = (const struct sockaddr *)&a6;
        flags |= MHD_USE_IPv6;
    } else {
        outlay_fail(&err, OUTLAY_EUSAGE, OUTLAY_P_SERVE_LISTEN, OUTLAY_A_INPUT(listen));
        return cli_fail(&sv->cli, &err);
    }
    /* SIGINT and SIGTERM are waited for by this thread (sigwait), so the
     * daemon's threads, started after, must not take them. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, (uint16_t)port, NULL, NULL, handle, sv, MHD_OPTION_SOCK_ADDR, sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)SERVE_THREADS, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)SERVE_CONNECTIONS, MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)SERVE_PER_IP,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVE_TIMEOUT_S, MHD_OPTION_NOTIFY_COMPLETED,
        completed, sv, MHD_OPTION_END);
    if (!d) {
        int e = errno;
        char where[80];
        snprintf(where, sizeof where, "%s:%u", listen, port);
        outlay_fail(&err, OUTLAY_EIO, OUTLAY_P_SERVE_START, OUTLAY_A_TEXT(where),
                    OUTLAY_A_ERRNO(e ? e : EADDRINUSE));
        return cli_fail(&sv->cli, &err);
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned bound = info ? info->port : port;
    int v6 = sa->sa_family == AF_INET6;
    /* every address (0.0.0.0, ::) is no address a browser can open: the
     * URL names this computer's loopback, and stderr says the rest */
    int any = v6 ? IN6_IS_ADDR_UNSPECIFIED(&a6.sin6_addr) : a4.sin_addr.s_addr == htonl(INADDR_ANY);
    const char *host = any ? (v6 ? "::1" : "127.0.0.1") : listen;
    /* SPEC §16: the URL alone on a flushed line */
    printf("http://%s%s%s:%u/?token=%s\n", v6 ? "[" : "", host, v6 ? "]" : "", bound, sv->token);
    if (any && !sv->cli.quiet)
        fprintf(stderr,
                _("outlay: listening on every address of this computer: on another computer "
                  "of the network, open the address above with this computer's address in "
                  "place of %s\n"),
                host);
    int code = 0;
    if (fflush(stdout) != 0 || ferror(stdout))
        code = 3;
    int sig = 0;
    while (code == 0 && sigwait(&stop, &sig) != 0)
        ;
    MHD_stop_daemon(d);
    return code;
}
