/*
 * serve (SPEC §16): the library part (escape, tokens, the wrong-token
 * limit, static files, cookies, languages, pages) directly; then the
 * server itself, started as `outlay serve --port 0` on a temporary ledger
 * and spoken to over raw sockets, so that nothing between the test and the
 * server normalises a hostile path: 403 without the token, the cookie, the
 * headers, traversal, CSRF, 413, a bad amount, the CLI writing at the same
 * time, participant slips, the stop on SIGTERM.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "outlay/serve.h"

static char *escaped(const char *s)
{
    static char out[256];
    struct outlay_buf b = {0};
    outlay_buf_html(&b, s);
    snprintf(out, sizeof out, "%s", b.len ? b.p : "");
    outlay_buf_free(&b);
    return out;
}

Test(serve, escape)
{
    cr_assert_str_eq(escaped("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
    cr_assert_str_eq(escaped("\"x\" & 'y'"), "&quot;x&quot; &amp; &#39;y&#39;");
    cr_assert_str_eq(escaped("&amp;"), "&amp;amp;");
    cr_assert_str_eq(escaped("张三 ¥1,234.50"), "张三 ¥1,234.50");
    cr_assert_str_eq(escaped("a\tb\nc"), "a\tb\nc");
    /* control characters and bytes that are not UTF-8 cannot hide anything */
    cr_assert_str_eq(escaped("a\x01"
                             "b\x7f"),
                     "a\xEF\xBF\xBD"
                     "b\xEF\xBF\xBD");
    cr_assert_str_eq(escaped("\xC0\xBCscript"), "\xEF\xBF\xBD\xEF\xBF\xBDscript"); /* overlong < */
    cr_assert_str_eq(escaped("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    cr_assert_str_eq(escaped("\xE4\xB8"), "\xEF\xBF\xBD\xEF\xBF\xBD"); /* cut short */
    cr_assert_str_eq(escaped(""), "");
    struct outlay_buf b = {0};
    outlay_buf_html(&b, NULL);
    cr_assert_eq(b.len, 0);
    outlay_buf_printf(&b, "%0600d|", 7); /* past printf's small buffer */
    cr_assert_eq(b.len, 601);
    cr_assert_eq(b.p[599], '7');
    outlay_buf_free(&b);
}

Test(serve, tokens)
{
    char a[OUTLAY_TOKEN_HEX + 1], b[OUTLAY_TOKEN_HEX + 1];
    outlay_err err = {0};
    cr_assert_eq(outlay_serve_token_new(a, &err), OUTLAY_OK);
    cr_assert_eq(outlay_serve_token_new(b, &err), OUTLAY_OK);
    cr_assert_eq(strlen(a), 64);
    cr_assert_eq(strspn(a, "0123456789abcdef"), 64);
    cr_assert_str_neq(a, b);
    cr_assert(outlay_serve_token_equal(a, a));
    char c[OUTLAY_TOKEN_HEX + 2];
    memcpy(c, a, sizeof a);
    c[63] = c[63] == '0' ? '1' : '0';
    cr_assert_not(outlay_serve_token_equal(a, c));
    c[63] = a[63];
    c[0] = c[0] == '0' ? '1' : '0';
    cr_assert_not(outlay_serve_token_equal(a, c));
    memcpy(c, a, sizeof a);
    c[63] = '\0'; /* a prefix */
    cr_assert_not(outlay_serve_token_equal(a, c));
    memcpy(c, a, sizeof a);
    c[64] = 'f', c[65] = '\0'; /* longer */
    cr_assert_not(outlay_serve_token_equal(a, c));
    cr_assert_not(outlay_serve_token_equal(a, ""));
    cr_assert_not(outlay_serve_token_equal(a, NULL));
}

Test(serve, wrong_tokens_are_limited_per_address)
{
    struct outlay_serve_limiter l;
    outlay_serve_limiter_init(&l);
    for (int i = 0; i < OUTLAY_SERVE_MAX_WRONG; i++) {
        cr_assert_not(outlay_serve_limiter_blocked(&l, "10.0.0.1", 1000 + i));
        outlay_serve_limiter_wrong(&l, "10.0.0.1", 1000 + i);
    }
    cr_assert(outlay_serve_limiter_blocked(&l, "10.0.0.1", 1010));
    cr_assert(outlay_serve_limiter_blocked(&l, "10.0.0.1", 1000 + OUTLAY_SERVE_WINDOW - 1));
    cr_assert_not(outlay_serve_limiter_blocked(&l, "10.0.0.2", 1010));
    /* the window ends */
    cr_assert_not(outlay_serve_limiter_blocked(&l, "10.0.0.1", 1000 + OUTLAY_SERVE_WINDOW));
    outlay_serve_limiter_wrong(&l, "10.0.0.1", 1000 + OUTLAY_SERVE_WINDOW);
    cr_assert_not(outlay_serve_limiter_blocked(&l, "10.0.0.1", 1000 + OUTLAY_SERVE_WINDOW));
    /* a full table forgets the oldest, and still counts */
    char addr[32];
    for (int i = 0; i < OUTLAY_SERVE_CLIENTS + 5; i++) {
        snprintf(addr, sizeof addr, "10.1.%d.%d", i / 256, i % 256);
        outlay_serve_limiter_wrong(&l, addr, 5000 + i);
    }
    for (int i = 0; i < OUTLAY_SERVE_MAX_WRONG; i++)
        outlay_serve_limiter_wrong(&l, "10.9.9.9", 6000);
    cr_assert(outlay_serve_limiter_blocked(&l, "10.9.9.9", 6001));
    outlay_serve_limiter_release(&l);
}

Test(serve, static_files_by_exact_name_only)
{
    const struct outlay_static_file *f = outlay_serve_static("/static/outlay.css");
    cr_assert_not_null(f);
    cr_assert_str_eq(f->type, "text/css; charset=utf-8");
    cr_assert_gt(f->len, 100);
    static const char *const hostile[] = {"/static/../static/outlay.css",
                                          "/static/outlay.css/",
                                          "/static//outlay.css",
                                          "/static/./outlay.css",
                                          "/static/%2e%2e/etc/passwd",
                                          "/../../etc/passwd",
                                          "/static/outlay.css\\..",
                                          "/static/OUTLAY.CSS",
                                          "/static/",
                                          "",
                                          "/etc/passwd"};
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++)
        cr_assert_null(outlay_serve_static(hostile[i]), "%s", hostile[i]);
    cr_assert_null(outlay_serve_static(NULL));
}

Test(serve, cookies_languages_pages)
{
    char v[80];
    cr_assert(outlay_serve_cookie("a=1; outlay_token=abc; b=2", "outlay_token", v, sizeof v));
    cr_assert_str_eq(v, "abc");
    cr_assert(outlay_serve_cookie("outlay_token=", "outlay_token", v, sizeof v) == 0 ||
              !strcmp(v, ""));
    cr_assert_not(outlay_serve_cookie("xoutlay_token=abc", "outlay_token", v, sizeof v));
    cr_assert_not(outlay_serve_cookie(NULL, "outlay_token", v, sizeof v));
    cr_assert_not(outlay_serve_cookie("outlay_token=0123456789", "outlay_token", v, 4));
    cr_assert_str_eq(v, "");
    cr_assert_str_eq(outlay_serve_lang("zh-CN,zh;q=0.9,en;q=0.8"), "zh");
    cr_assert_str_eq(outlay_serve_lang("en-US,en;q=0.9,zh-CN;q=0.8"), "en");
    cr_assert_str_eq(outlay_serve_lang("fr;q=1, zh-TW;q=0.5, en;q=0.4"), "zh");
    cr_assert_str_eq(outlay_serve_lang("zh;q=0, en;q=0.1"), "en");
    cr_assert_str_eq(outlay_serve_lang("de"), "en");
    cr_assert_str_eq(outlay_serve_lang("en;q=0.85, zh;q=0.8"), "en");
    cr_assert_str_eq(outlay_serve_lang("en;q=0.8, zh;q=0.85"), "zh");
    cr_assert_str_eq(outlay_serve_lang("\xa0a=1,zh;q="), "en"); /* found by fuzz_serve */
    cr_assert_str_eq(outlay_serve_lang("zh;q"), "zh");
    cr_assert_str_eq(outlay_serve_lang(NULL), "en");
    cr_assert_eq(outlay_serve_page("3"), 3);
    cr_assert_eq(outlay_serve_page(NULL), 1);
    cr_assert_eq(outlay_serve_page("0"), 1);
    cr_assert_eq(outlay_serve_page("-2"), 1);
    cr_assert_eq(outlay_serve_page("2x"), 1);
    cr_assert_eq(outlay_serve_page("99999999999999999999"), 1);
}

/* --- the server ------------------------------------------------------------ */

struct server {
    pid_t pid;
    int port;
    char token[80], dir[64], ledger[512], cookie[160];
};

static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The first line of a command's output, trailing newline cut. */
static void run_line(char *out, size_t n, const char *cmd)
{
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    out[0] = '\0';
    if (!fgets(out, (int)n, p))
        out[0] = '\0';
    out[strcspn(out, "\n")] = '\0';
    pclose(p);
}

static unsigned serial; /* servers started by this test */

static void server_start(struct server *s)
{
    int fds[2];
    memset(s, 0, sizeof *s);
    snprintf(s->dir, sizeof s->dir, "/tmp/outlay-serve-test-XXXXXX");
    cr_assert_not_null(mkdtemp(s->dir));
    snprintf(s->ledger, sizeof s->ledger, "%s/l.db", s->dir);
    /* SPEC §17: under OUTLAY_TEST_PG (make test-pg) a branch of its own */
    const char *pg = getenv("OUTLAY_TEST_PG");
    if (pg && *pg)
        snprintf(s->ledger, sizeof s->ledger, "%s&options=-c%%20outlay.branch%%3Dserve_%ld_%u", pg,
                 (long)getpid(), serial++);
    cr_assert_eq(run("'%s' -L '%s' activity add trip --title Trip --headcount 2 --deposit 100 "
                     ">/dev/null && '%s' -L '%s' participant add trip 'Li Wei' && "
                     "'%s' -L '%s' participant add trip '张三'",
                     OUTLAY_BIN, s->ledger, OUTLAY_BIN, s->ledger, OUTLAY_BIN, s->ledger),
                 0);
    cr_assert_eq(pipe(fds), 0);
    s->pid = fork();
    cr_assert_geq(s->pid, 0);
    if (s->pid == 0) {
        /* gone with the test, even when an assertion ends it early */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execl(OUTLAY_BIN, OUTLAY_BIN, "-L", s->ledger, "serve", "--port", "0", (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    FILE *f = fdopen(fds[0], "r");
    char line[256] = "";
    cr_assert_not_null(fgets(line, sizeof line, f), "serve printed no URL");
    fclose(f);
    /* SPEC §16: http://127.0.0.1:PORT/?token=TOKEN alone on its line */
    cr_assert_eq(sscanf(line, "http://127.0.0.1:%d/?token=%64[0-9a-f]\n", &s->port, s->token), 2,
                 "%s", line);
    cr_assert_eq(strlen(s->token), 64);
    snprintf(s->cookie, sizeof s->cookie, "Cookie: outlay_token=%s\r\n", s->token);
}

static int server_stop(struct server *s)
{
    int st = 0;
    kill(s->pid, SIGTERM);
    waitpid(s->pid, &st, 0);
    run("rm -rf '%s'", s->dir);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Sends raw (its Content-Length worked out when body is not NULL) and
 * reads the whole answer into out (malloc'd; free it). Returns the status. */
static int http(const struct server *s, const char *head, const char *body, char **out)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)s->port)};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    cr_assert_eq(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    char req[8192];
    int n = body ? snprintf(req, sizeof req, "%sContent-Length: %zu\r\nConnection: close\r\n\r\n",
                            head, strlen(body))
                 : snprintf(req, sizeof req, "%sConnection: close\r\n\r\n", head);
    cr_assert(send(fd, req, (size_t)n, MSG_NOSIGNAL) == n);
    /* the body in pieces; the server may answer and close before the end
     * (413), which is no failure of the test's */
    for (size_t off = 0, len = body ? strlen(body) : 0; off < len;) {
        ssize_t k = send(fd, body + off, len - off < 65536 ? len - off : 65536, MSG_NOSIGNAL);
        if (k <= 0)
            break;
        off += (size_t)k;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    ssize_t k;
    while ((k = read(fd, buf + len, cap - len - 1)) > 0) {
        len += (size_t)k;
        if (cap - len < 2)
            buf = realloc(buf, cap *= 2);
    }
    buf[len] = '\0';
    close(fd);
    int status = 0;
    sscanf(buf, "HTTP/1.1 %d", &status);
    if (out)
        *out = buf;
    else
        free(buf);
    return status;
}

static int get(const struct server *s, const char *path, int with_cookie, char **out)
{
    char head[1024];
    snprintf(head, sizeof head, "GET %s HTTP/1.1\r\nHost: x\r\n%s", path,
             with_cookie ? s->cookie : "");
    return http(s, head, NULL, out);
}

/* A GET with a header of the test's own (a cookie of another run). */
static int get_with(const struct server *s, const char *path, const char *header, char **out)
{
    char head[1024];
    snprintf(head, sizeof head, "GET %s HTTP/1.1\r\nHost: x\r\n%s", path, header);
    return http(s, head, NULL, out);
}

/* The CSRF token of the forms of a page. */
static void csrf_of(const char *page, char *out)
{
    const char *p = strstr(page, "name=\"csrf\" value=\"");
    cr_assert_not_null(p);
    snprintf(out, 65, "%s", p + strlen("name=\"csrf\" value=\""));
}

static int post(const struct server *s, const char *path, const char *body, char **out)
{
    char head[1024];
    snprintf(head, sizeof head,
             "POST %s HTTP/1.1\r\nHost: x\r\n%sContent-Type: application/x-www-form-urlencoded\r\n",
             path, s->cookie);
    return http(s, head, body, out);
}

static int count_lines(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    int n = 0, c;
    while ((c = fgetc(p)) != EOF)
        n += c == '\n';
    pclose(p);
    return n;
}

Test(serve, access_headers_and_traversal)
{
    struct server s;
    char *page = NULL, path[256];
    server_start(&s);
    cr_assert_eq(get(&s, "/", 0, NULL), 403);
    cr_assert_eq(get(&s, "/a/trip", 0, NULL), 403);
    /* the token in the URL: a cookie, and a redirect that drops it */
    snprintf(path, sizeof path, "/a/trip?token=%s", s.token);
    cr_assert_eq(get(&s, path, 0, &page), 303);
    cr_assert_not_null(strstr(page, "Set-Cookie: outlay_token="));
    cr_assert_not_null(strstr(page, "; HttpOnly; SameSite=Strict; Path=/"));
    cr_assert_not_null(strstr(page, "Location: /a/trip\r\n"));
    free(page);
    cr_assert_eq(get(&s, "/a/trip", 1, &page), 200);
    cr_assert_not_null(strstr(page, "Content-Security-Policy: default-src 'self'; img-src 'self' "
                                    "data:; style-src 'self'; script-src 'self'; "
                                    "frame-ancestors 'none'; form-action 'self'; "
                                    "base-uri 'none'\r\n"));
    cr_assert_not_null(strstr(page, "X-Content-Type-Options: nosniff\r\n"));
    cr_assert_not_null(strstr(page, "Referrer-Policy: no-referrer\r\n"));
    cr_assert_not_null(strstr(page, "Cache-Control: no-store\r\n"));
    cr_assert_not_null(strstr(page, "张三"));
    free(page);
    /* static files: exact names, with or without the token; nothing else */
    cr_assert_eq(get(&s, "/static/outlay.css", 0, &page), 200);
    cr_assert_not_null(strstr(page, "Cache-Control: no-store\r\n"));
    free(page);
    static const char *const hostile[] = {"/static/../../../../etc/passwd",
                                          "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                                          "/static/outlay.css/../../../../etc/passwd",
                                          "/../../../../etc/passwd",
                                          "/static/..%2f..%2f..%2fetc%2fpasswd",
                                          "/a/../../../etc/passwd",
                                          "/a/trip/../../../../etc/passwd"};
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        int st = get(&s, hostile[i], 1, &page);
        cr_assert(st == 404 || st == 400 || st == 403, "%s: %d", hostile[i], st);
        cr_assert_null(strstr(page, "root:"), "%s", hostile[i]);
        free(page);
        st = get(&s, hostile[i], 0, &page);
        cr_assert_null(strstr(page, "root:"), "%s", hostile[i]);
        free(page);
    }
    cr_assert_eq(server_stop(&s), 0); /* SIGTERM: a clean stop, exit 0 */
}

Test(serve, writes_need_the_form_token_and_fit)
{
    struct server s;
    char *page = NULL, csrf[65], body[512], cmd[1536];
    server_start(&s);
    cr_assert_eq(get(&s, "/a/trip", 1, &page), 200);
    csrf_of(page, csrf);
    free(page);
    snprintf(cmd, sizeof cmd, "'%s' -L '%s' expense list trip --csv", OUTLAY_BIN, s.ledger);
    /* no CSRF token, a wrong one: 403, nothing written */
    cr_assert_eq(post(&s, "/a/trip/expense", "category=food&amount=10", NULL), 403);
    cr_assert_eq(post(&s, "/a/trip/expense",
                      "csrf=0000000000000000000000000000000000000000000000000000000000000000&"
                      "category=food&amount=10",
                      NULL),
                 403);
    /* without the access token, even with the form's */
    snprintf(body, sizeof body, "csrf=%s&category=food&amount=10", csrf);
    char head[512];
    snprintf(head, sizeof head,
             "POST /a/trip/expense HTTP/1.1\r\nHost: x\r\nContent-Type: "
             "application/x-www-form-urlencoded\r\n");
    cr_assert_eq(http(&s, head, body, NULL), 403);
    cr_assert_eq(count_lines(cmd), 1); /* the header row only */
    /* a bad amount: the form again, the CLI's words beside the field */
    snprintf(body, sizeof body, "csrf=%s&category=food&amount=12.345", csrf);
    cr_assert_eq(post(&s, "/a/trip/expense", body, &page), 422);
    char cli_err[512];
    snprintf(cmd, sizeof cmd, "'%s' -L '%s' expense add trip --category food --amount 12.345 2>&1",
             OUTLAY_BIN, s.ledger);
    run_line(cli_err, sizeof cli_err, cmd);
    /* "outlay: error: --amount: TEXT" -> TEXT, escaped as the page has it */
    const char *text = strstr(cli_err, "--amount: ");
    cr_assert_not_null(text, "%s", cli_err);
    text += strlen("--amount: ");
    struct outlay_buf want = {0};
    outlay_buf_puts(&want, "<span class=\"error\" id=\"error-amount\">");
    outlay_buf_html(&want, text);
    cr_assert_not_null(strstr(page, want.p), "%s not in the page", want.p);
    outlay_buf_free(&want);
    cr_assert_not_null(strstr(page, "value=\"12.345\""));
    free(page);
    snprintf(cmd, sizeof cmd, "'%s' -L '%s' expense list trip --csv", OUTLAY_BIN, s.ledger);
    cr_assert_eq(count_lines(cmd), 1);
    /* a good one: Post/Redirect/Get */
    snprintf(body, sizeof body, "csrf=%s&category=food&amount=12.50&item=%%3Cscript%%3E", csrf);
    cr_assert_eq(post(&s, "/a/trip/expense", body, &page), 303);
    cr_assert_not_null(strstr(page, "Location: /a/trip?done=expense#expenses"));
    free(page);
    cr_assert_eq(count_lines(cmd), 2);
    cr_assert_eq(get(&s, "/a/trip", 1, &page), 200);
    cr_assert_not_null(strstr(page, "&lt;script&gt;"));
    cr_assert_null(strstr(page, "<script>"));
    free(page);
    /* 10 MB: refused from its Content-Length, before a byte is read */
    snprintf(head, sizeof head,
             "POST /a/trip/expense HTTP/1.1\r\nHost: x\r\n%sContent-Type: "
             "application/x-www-form-urlencoded\r\nContent-Length: 10485760\r\n"
             "Connection: close\r\n\r\n",
             s.cookie);
    cr_assert_eq(http(&s, head, NULL, &page), 413);
    free(page);
    /* and one that sends it all: refused, nothing written */
    size_t big = 10u << 20;
    char *huge = malloc(big + 1);
    memset(huge, 'a', big);
    memcpy(huge, "csrf=", 5);
    memcpy(huge + 5, csrf, 64);
    memcpy(huge + 69, "&item=", 6);
    huge[big] = '\0';
    int st = post(&s, "/a/trip/expense", huge, &page);
    cr_assert(st == 413 || st == 0, "%d", st); /* 0: closed while still sending */
    free(page);
    free(huge);
    cr_assert_eq(count_lines(cmd), 2);
    cr_assert_eq(get(&s, "/a/trip", 1, NULL), 200); /* and still answering */
    cr_assert_eq(server_stop(&s), 0);
}

struct cli_writer {
    const struct server *s;
    int n, failed;
};

static void *cli_writes(void *arg)
{
    struct cli_writer *w = arg;
    for (int i = 0; i < w->n; i++)
        w->failed += run("'%s' -L '%s' expense add trip --category cli --amount 1 >/dev/null",
                         OUTLAY_BIN, w->s->ledger) != 0;
    return NULL;
}

/* SPEC §16: the CLI and the page write the same ledger at once, and no
 * write is lost. */
Test(serve, cli_and_page_write_at_once, .timeout = 120)
{
    struct server s;
    char *page = NULL, csrf[65], body[256], cmd[1536];
    enum { N = 40 };
    server_start(&s);
    cr_assert_eq(get(&s, "/a/trip", 1, &page), 200);
    csrf_of(page, csrf);
    free(page);
    struct cli_writer w = {&s, N, 0};
    pthread_t t;
    pthread_create(&t, NULL, cli_writes, &w);
    int failed = 0;
    for (int i = 0; i < N; i++) {
        snprintf(body, sizeof body, "csrf=%s&category=web&amount=2", csrf);
        failed += post(&s, "/a/trip/expense", body, NULL) != 303;
    }
    pthread_join(t, NULL);
    cr_assert_eq(failed, 0);
    cr_assert_eq(w.failed, 0);
    snprintf(cmd, sizeof cmd, "'%s' -L '%s' expense list trip --csv | grep -c ',cli,'", OUTLAY_BIN,
             s.ledger);
    char line[32];
    run_line(line, sizeof line, cmd);
    cr_assert_str_eq(line, "40");
    snprintf(cmd, sizeof cmd, "'%s' -L '%s' expense list trip --csv | grep -c ',web,'", OUTLAY_BIN,
             s.ledger);
    run_line(line, sizeof line, cmd);
    cr_assert_str_eq(line, "40");
    snprintf(cmd, sizeof cmd, "'%s' -L '%s' check >/dev/null", OUTLAY_BIN, s.ledger);
    cr_assert_eq(run("%s", cmd), 0);
    cr_assert_eq(server_stop(&s), 0);
}

Test(serve, paged_expenses_and_participant_slips)
{
    struct server s;
    char *page = NULL, link[128], cmd[1536], path[256];
    server_start(&s);
    snprintf(cmd, sizeof cmd,
             "for i in $(seq 1 120); do echo \"food,$i,2026-05-01\"; done | "
             "(echo category,amount,date; cat) > '%s/e.csv' && '%s' -L '%s' import expenses trip "
             "'%s/e.csv' >/dev/null",
             s.dir, OUTLAY_BIN, s.ledger, s.dir);
    cr_assert_eq(run("%s", cmd), 0);
    cr_assert_eq(get(&s, "/a/trip?page=3", 1, &page), 200);
    cr_assert_not_null(strstr(page, "<td class=\"n\">101</td>"));
    cr_assert_not_null(strstr(page, "<td class=\"n\">120</td>"));
    cr_assert_null(strstr(page, "<td class=\"n\">100</td><td>2026"));
    free(page);
    /* the private link: the same each time, the slip only */
    snprintf(cmd, sizeof cmd, "'%s' -L '%s' participant link trip 张三", OUTLAY_BIN, s.ledger);
    run_line(link, sizeof link, cmd);
    cr_assert_eq(strlen(link), 3 + 64, "%s", link);
    char again[128];
    run_line(again, sizeof again, cmd);
    cr_assert_str_eq(link, again);
    cr_assert_eq(get(&s, link, 0, &page), 200);
    cr_assert_not_null(strstr(page, "<h2>张三</h2>"));
    cr_assert_null(strstr(page, "Li Wei"));
    free(page);
    /* the slip's token opens nothing else */
    struct server t = s;
    snprintf(t.cookie, sizeof t.cookie, "Cookie: outlay_token=%s\r\n", link + 3);
    cr_assert_eq(get(&t, "/a/trip", 1, NULL), 403);
    cr_assert_eq(get(&t, "/", 1, NULL), 403);
    snprintf(path, sizeof path, "/a/trip?token=%s", link + 3);
    cr_assert_eq(get(&s, path, 0, NULL), 403);
    cr_assert_eq(
        get(&s, "/s/0000000000000000000000000000000000000000000000000000000000000000", 0, NULL),
        403);
    cr_assert_eq(server_stop(&s), 0);
}

/* SPEC §16: a token guessed by brute force: after 10 wrong ones in a
 * minute even the right one is refused in the URL from that address;
 * the treasurer's cookie still opens (a guesser has none). A stale cookie
 * (an earlier run's) and wrong slip links count for nothing here: neither
 * can lock the treasurer out (the review of issue 19). */
Test(serve, brute_force_is_refused)
{
    struct server s;
    char path[256], cookie[256];
    server_start(&s);
    snprintf(cookie, sizeof cookie, "Cookie: outlay_token=%064d\r\n", 7);
    for (int i = 0; i < 3 * OUTLAY_SERVE_MAX_WRONG; i++)
        cr_assert_eq(get_with(&s, "/", cookie, NULL), 403, "a stale cookie");
    for (int i = 0; i < 2 * OUTLAY_SERVE_MAX_WRONG; i++)
        cr_assert_eq(get(&s, "/s/00000000000000000000000000000000", 0, NULL), 403);
    cr_assert_eq(get(&s, "/", 1, NULL), 200, "not locked out by either");
    for (int i = 0; i < OUTLAY_SERVE_MAX_WRONG; i++) {
        snprintf(path, sizeof path, "/?token=%064d", i);
        cr_assert_eq(get(&s, path, 0, NULL), 403);
    }
    snprintf(path, sizeof path, "/?token=%s", s.token);
    cr_assert_eq(get(&s, path, 0, NULL), 403, "guessing is stopped");
    cr_assert_eq(get(&s, "/", 1, NULL), 200, "the treasurer's cookie still opens");
    cr_assert_eq(server_stop(&s), 0);
}

/* The activity page is kept between reads, until the ledger's next write
 * by anyone (here the CLI's): never an old page after a write. Lists of
 * participants are paged like the expenses (?pp=N). */
Test(serve, page_kept_until_a_write_and_people_paged)
{
    struct server s;
    char *page = NULL;
    server_start(&s);
    for (int i = 1; i <= 60; i++)
        cr_assert_eq(
            run("'%s' -L '%s' participant add trip 'P%02d' >/dev/null", OUTLAY_BIN, s.ledger, i),
            0);
    cr_assert_eq(get(&s, "/a/trip", 1, &page), 200);
    cr_assert_not_null(strstr(page, ">P48<"), "on page 1 (after Li Wei and 张三)");
    cr_assert_null(strstr(page, ">P49<"), "on page 2");
    cr_assert_not_null(strstr(page, "?pp=2#participants"));
    free(page);
    cr_assert_eq(get(&s, "/a/trip?pp=2", 1, &page), 200);
    char *deposits = strstr(page, "id=\"deposits\"");
    cr_assert_not_null(deposits);
    *deposits = '\0'; /* the participants' list, not the settlement's */
    cr_assert_not_null(strstr(page, ">P49<"));
    cr_assert_not_null(strstr(page, ">P60<"));
    cr_assert_null(strstr(page, ">P48<"));
    free(page);
    cr_assert_eq(get(&s, "/a/trip", 1, &page), 200);
    cr_assert_null(strstr(page, "kept-or-not"));
    free(page);
    cr_assert_eq(run("'%s' -L '%s' expense add trip --category misc --amount 1 --item kept-or-not "
                     ">/dev/null",
                     OUTLAY_BIN, s.ledger),
                 0);
    cr_assert_eq(get(&s, "/a/trip", 1, &page), 200);
    cr_assert_not_null(strstr(page, "kept-or-not"), "the CLI's write shows at once");
    free(page);
    cr_assert_eq(server_stop(&s), 0);
}

/* A write saved with warnings (a deposit past twice the planned one) is
 * redirected like any other: the page shows its warnings once, and a
 * reload of it writes nothing again (the review of issue 19). */
Test(serve, saved_with_warnings_then_a_reload_writes_nothing)
{
    struct server s;
    char *page = NULL, csrf[65], body[256], cmd[1536], path[256];
    server_start(&s);
    cr_assert_eq(get(&s, "/a/trip", 1, &page), 200);
    csrf_of(page, csrf);
    free(page);
    snprintf(body, sizeof body, "csrf=%s&name=Li+Wei&amount=250", csrf);
    cr_assert_eq(post(&s, "/a/trip/deposit", body, &page), 303);
    const char *loc = strstr(page, "Location: ");
    cr_assert_not_null(loc, "%s", page);
    cr_assert_not_null(strstr(loc, "&flash="), "%s", page);
    cr_assert_eq(sscanf(loc, "Location: %255[^#\r]", path), 1);
    free(page);
    cr_assert_eq(get(&s, path, 1, &page), 200);
    cr_assert_not_null(strstr(page, "flash warn"), "the warnings, once");
    free(page);
    cr_assert_eq(get(&s, path, 1, &page), 200, "a reload");
    cr_assert_null(strstr(page, "flash warn"));
    free(page);
    snprintf(cmd, sizeof cmd, "'%s' -L '%s' deposit list trip --csv", OUTLAY_BIN, s.ledger);
    cr_assert_eq(count_lines(cmd), 2, "one deposit and the header");
    cr_assert_eq(server_stop(&s), 0);
}

/* The forms for the corrections a treasurer makes in the page: withdraw
 * a participant, give an alias, void a deposit and a budget line, close
 * the activity; each one transaction, the CLI's words on a wrong one. */
Test(serve, withdraw_alias_voids_and_close)
{
    struct server s;
    char *page = NULL, csrf[65], body[256], cmd[4096];
    server_start(&s);
    cr_assert_eq(run("'%s' -L '%s' deposit add trip 'Li Wei' 100 >/dev/null && "
                     "'%s' -L '%s' budget add trip --category bus --item Bus --unit-price 1 "
                     ">/dev/null",
                     OUTLAY_BIN, s.ledger, OUTLAY_BIN, s.ledger),
                 0);
    cr_assert_eq(get(&s, "/a/trip", 1, &page), 200);
    csrf_of(page, csrf);
    cr_assert_not_null(strstr(page, "id=\"form-void-payment\""));
    free(page);
    snprintf(body, sizeof body, "csrf=%s&name=%%E5%%BC%%A0%%E4%%B8%%89", csrf); /* 张三 */
    cr_assert_eq(post(&s, "/a/trip/withdraw", body, NULL), 303);
    snprintf(body, sizeof body, "csrf=%s&name=Li+Wei&alias=%%E5%%B0%%8F%%E6%%9D%%8E", csrf);
    cr_assert_eq(post(&s, "/a/trip/alias", body, NULL), 303); /* 小李 */
    snprintf(body, sizeof body, "csrf=%s&which=deposit&no=9&reason=typo", csrf);
    cr_assert_eq(post(&s, "/a/trip/void-payment", body, &page), 422, "no deposit 9");
    free(page);
    snprintf(body, sizeof body, "csrf=%s&which=deposit&no=1&reason=typo", csrf);
    cr_assert_eq(post(&s, "/a/trip/void-payment", body, NULL), 303);
    snprintf(body, sizeof body, "csrf=%s&no=1&reason=typo", csrf);
    cr_assert_eq(post(&s, "/a/trip/void-line", body, NULL), 303);
    snprintf(body, sizeof body, "csrf=%s", csrf);
    cr_assert_eq(post(&s, "/a/trip/close", body, NULL), 303);
    FILE *f;
    char all[16384] = "";
    snprintf(cmd, sizeof cmd,
             "'%s' -L '%s' participant list trip --csv; '%s' -L '%s' deposit list trip --csv; "
             "'%s' -L '%s' budget list trip --csv; '%s' -L '%s' activity show trip",
             OUTLAY_BIN, s.ledger, OUTLAY_BIN, s.ledger, OUTLAY_BIN, s.ledger, OUTLAY_BIN,
             s.ledger);
    cr_assert_not_null(f = popen(cmd, "r"));
    size_t n = fread(all, 1, sizeof all - 1, f);
    all[n] = 0;
    pclose(f);
    cr_assert_not_null(strstr(all, "张三,"), "%s", all);
    cr_assert_not_null(strstr(all, "withdrawn"), "%s", all);
    cr_assert_not_null(strstr(all, "小李"), "%s", all);
    cr_assert_not_null(strstr(all, ",void"), "the deposit and the line: %s", all);
    cr_assert_not_null(strstr(all, "closed"), "%s", all);
    cr_assert_eq(server_stop(&s), 0);
}

/* The token's redirect stays on this server: "//host/x?token=T" goes to
 * "/", never to another host. */
Test(serve, token_redirect_stays_here)
{
    struct server s;
    char path[256], *page = NULL;
    server_start(&s);
    snprintf(path, sizeof path, "//evil.example/x?token=%s", s.token);
    cr_assert_eq(get(&s, path, 0, &page), 303);
    cr_assert_not_null(strstr(page, "Location: /\r\n"), "%s", page);
    cr_assert_null(strstr(page, "evil"), "%s", page);
    free(page);
    cr_assert_eq(server_stop(&s), 0);
}

/* --- the edit forms (SPEC §11's `set` commands), reopen, bills ------------ */

/* All a command prints, into out (n bytes). */
static void run_all(char *out, size_t n, const char *cmd)
{
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    size_t k = fread(out, 1, n - 1, p);
    out[k] = '\0';
    pclose(p);
}

/* What the CLI lists of activity trip: its expenses, lines, participants,
 * the activity, and the log without its time column. */
static void listings(const char *ledger, char *out, size_t n)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "B='%s'; L='%s'; \"$B\" -L \"$L\" expense list trip --csv; \"$B\" -L \"$L\" budget "
             "list trip --csv; \"$B\" -L \"$L\" participant list trip --csv; \"$B\" -L \"$L\" "
             "activity show trip; \"$B\" -L \"$L\" log trip | cut -c25-",
             OUTLAY_BIN, ledger);
    run_all(out, n, cmd);
}

/* The records the edit tests change, on a ledger server_start made (or
 * one made the same way). */
static void edit_records(const char *ledger)
{
    cr_assert_eq(run("B='%s'; L='%s'; \"$B\" -L \"$L\" budget add trip --category bus --item Bus "
                     "--unit-price 10 --per-head >/dev/null && \"$B\" -L \"$L\" expense add trip "
                     "--category bus --amount 12.50 --item Ticket --date 2026-05-01 >/dev/null",
                     OUTLAY_BIN, ledger),
                 0);
}

static int post_edit(const struct server *s, const char *csrf, const char *path, const char *fields,
                     char **out)
{
    char body[2048];
    snprintf(body, sizeof body, "csrf=%s&%s", csrf, fields);
    return post(s, path, body, out);
}

/* An edit in the page gives the ledger the CLI's edit gives: the same
 * listings and the same log (each changed field's old value kept), and
 * only the fields changed are passed. */
Test(serve, edits_equal_the_cli)
{
    struct server s;
    char *page = NULL, csrf[65], other[160];
    static char want[65536], got[65536];
    server_start(&s);
    edit_records(s.ledger);
    /* the same ledger, edited by the CLI */
    snprintf(other, sizeof other, "%s/cli.db", s.dir);
    cr_assert_eq(
        run("B='%s'; L='%s'; \"$B\" -L \"$L\" activity add trip --title Trip --headcount 2 "
            "--deposit 100 >/dev/null && \"$B\" -L \"$L\" participant add trip 'Li Wei' && "
            "\"$B\" -L \"$L\" participant add trip '张三'",
            OUTLAY_BIN, other),
        0);
    edit_records(other);
    cr_assert_eq(
        run("B='%s'; L='%s'; \"$B\" -L \"$L\" expense set trip 1 --amount 15 --item "
            "Tickets && \"$B\" -L \"$L\" budget set trip 1 --unit-price 12 && \"$B\" -L "
            "\"$L\" participant set trip '张三' --dept Finance && \"$B\" -L \"$L\" "
            "participant rename trip '张三' '张三丰' && \"$B\" -L \"$L\" activity set trip "
            "--title 'Spring trip' --venue Park",
            OUTLAY_BIN, other),
        0);
    /* the edit pages show the record's values */
    cr_assert_eq(get(&s, "/a/trip/edit-expense?no=1", 1, &page), 200);
    csrf_of(page, csrf);
    cr_assert_not_null(strstr(page, "name=\"amount\" value=\"12.50\""), "%s", page);
    cr_assert_not_null(strstr(page, "name=\"item\" value=\"Ticket\""));
    /* the language switch stays on this record's form */
    cr_assert_not_null(
        strstr(page, "class=\"lang\" href=\"/a/trip/edit-expense?no=1&amp;lang=zh\""), "%s", page);
    free(page);
    cr_assert_eq(get(&s, "/a/trip/edit-person?name=%E5%BC%A0%E4%B8%89", 1, &page), 200);
    cr_assert_not_null(strstr(page, "name=\"new_name\" value=\"张三\""), "%s", page);
    free(page);
    cr_assert_eq(get(&s, "/a/trip/edit-line?no=1", 1, &page), 200);
    cr_assert_not_null(strstr(page, "name=\"unit_price\" value=\"10.00\""));
    cr_assert_not_null(strstr(page, "name=\"per_head\" value=\"yes\" checked"));
    free(page);
    cr_assert_eq(get(&s, "/a/trip/edit-expense?no=7", 1, NULL), 404);
    /* every field sent back, as a browser sends the form */
    cr_assert_eq(post_edit(&s, csrf, "/a/trip/edit-expense",
                           "no=1&category=bus&amount=15&date=2026-05-01&item=Tickets&payee=&"
                           "paid_by=&receipt=&for=&funded_by=participants&kind=other",
                           NULL),
                 303);
    cr_assert_eq(post_edit(&s, csrf, "/a/trip/edit-line",
                           "no=1&category=bus&item=Bus&unit_price=12&qty=2&per_head=yes&unit=&"
                           "note=&funded_by=participants&kind=other",
                           NULL),
                 303);
    cr_assert_eq(post_edit(&s, csrf, "/a/trip/edit-person",
                           "name=%E5%BC%A0%E4%B8%89&new_name=%E5%BC%A0%E4%B8%89%E4%B8%B0&"
                           "dept=Finance&tags=&weight=1",
                           NULL),
                 303);
    cr_assert_eq(post_edit(&s, csrf, "/a/trip/edit-activity",
                           "title=Spring+trip&date=&end_date=&venue=Park&organizer=&deposit=100.00&"
                           "headcount=2&budget_total=&subsidy_per_head=0.00&min_refund=&"
                           "funded_by=participants&settle_rule=2&rules=national&currency=CNY",
                           NULL),
                 303);
    listings(s.ledger, got, sizeof got);
    listings(other, want, sizeof want);
    cr_assert_str_eq(got, want);
    cr_assert_not_null(strstr(got, "amount 12.50 -> 15.00"), "the old value: %s", got);
    /* saved with nothing changed: the ledger's words, nothing written */
    cr_assert_eq(post_edit(&s, csrf, "/a/trip/edit-expense",
                           "no=1&category=bus&amount=15.00&date=2026-05-01&item=Tickets&payee=&"
                           "paid_by=&receipt=&for=&funded_by=participants&kind=other",
                           &page),
                 422);
    cr_assert_not_null(strstr(page, "already has these values"), "%s", page);
    free(page);
    cr_assert_eq(post_edit(&s, csrf, "/a/trip/edit-activity",
                           "title=Spring+trip&date=&end_date=&venue=Park&organizer=&deposit=100.00&"
                           "headcount=2&budget_total=&subsidy_per_head=0.00&min_refund=&"
                           "funded_by=participants&settle_rule=2&rules=national&currency=CNY",
                           &page),
                 422);
    cr_assert_not_null(strstr(page, "nothing to change"), "%s", page);
    free(page);
    listings(s.ledger, got, sizeof got);
    cr_assert_str_eq(got, want);
    /* "One per head" unticked: a line of the quantity shown, as --qty */
    cr_assert_eq(run("'%s' -L '%s' budget set trip 1 --qty 3", OUTLAY_BIN, other), 0);
    cr_assert_eq(post_edit(&s, csrf, "/a/trip/edit-line",
                           "no=1&category=bus&item=Bus&unit_price=12.00&qty=3&unit=&note=&"
                           "funded_by=participants&kind=other",
                           NULL),
                 303);
    cr_assert_eq(get(&s, "/a/trip/edit-line?no=1", 1, &page), 200);
    cr_assert_not_null(strstr(page, "name=\"per_head\" value=\"yes\">"), "unticked: %s", page);
    free(page);
    listings(s.ledger, got, sizeof got);
    listings(other, want, sizeof want);
    cr_assert_str_eq(got, want);
    cr_assert_eq(server_stop(&s), 0);
}

/* A bad value in an edit form: the form again (422) with the CLI's words
 * beside the field, as typed, and nothing written. */
Test(serve, a_bad_edit_writes_nothing)
{
    struct server s;
    char *page = NULL, csrf[65];
    static char before[65536], after[65536];
    server_start(&s);
    edit_records(s.ledger);
    listings(s.ledger, before, sizeof before);
    cr_assert_eq(get(&s, "/a/trip/edit-expense?no=1", 1, &page), 200);
    csrf_of(page, csrf);
    free(page);
    cr_assert_eq(post_edit(&s, csrf, "/a/trip/edit-expense",
                           "no=1&category=bus&amount=12%2C5x&date=2026-05-01&item=Other&payee=&"
                           "paid_by=&receipt=&for=&funded_by=participants&kind=other",
                           &page),
                 422);
    cr_assert_not_null(strstr(page, "id=\"error-amount\""), "%s", page);
    cr_assert_not_null(strstr(page, "not a number"), "%s", page);
    cr_assert_not_null(strstr(page, "href=\"/a/trip/edit-expense?no=1&amp;lang=zh\""),
                       "the switch of a refused edit: its form, not the POST's address");
    cr_assert_not_null(strstr(page, "value=\"12,5x\""), "as typed");
    cr_assert_not_null(strstr(page, "value=\"Other\""), "as typed");
    free(page);
    cr_assert_eq(post_edit(&s, csrf, "/a/trip/edit-line",
                           "no=1&category=bus&item=Bus&unit_price=-&qty=2&per_head=yes&unit=&"
                           "note=&funded_by=participants&kind=other",
                           &page),
                 422);
    cr_assert_not_null(strstr(page, "id=\"error-unit_price\""), "%s", page);
    free(page);
    cr_assert_eq(post_edit(&s, csrf, "/a/trip/edit-person",
                           "name=Li+Wei&new_name=%E5%BC%A0%E4%B8%89&dept=&tags=&weight=1", &page),
                 422, "another participant's name");
    cr_assert_not_null(strstr(page, "id=\"error-new_name\""), "%s", page);
    free(page);
    cr_assert_eq(post_edit(&s, csrf, "/a/trip/edit-person",
                           "name=Li+Wei&new_name=Li+Wei&dept=IT&tags=&weight=zero", &page),
                 422, "a weight and a department: neither written");
    cr_assert_not_null(strstr(page, "id=\"error-weight\""), "%s", page);
    free(page);
    cr_assert_eq(post_edit(&s, csrf, "/a/trip/edit-activity",
                           "title=New&date=2026-13-01&end_date=&venue=&organizer=&deposit=100.00&"
                           "headcount=2&budget_total=&subsidy_per_head=0.00&min_refund=&"
                           "funded_by=participants&settle_rule=2&rules=national&currency=CNY",
                           &page),
                 422);
    cr_assert_not_null(strstr(page, "id=\"error-date\""), "%s", page);
    free(page);
    cr_assert_eq(post_edit(&s, csrf, "/a/trip/edit-activity",
                           "title=New&date=&end_date=&venue=&organizer=&deposit=100.00&"
                           "headcount=2&budget_total=&subsidy_per_head=0.00&min_refund=&"
                           "funded_by=participants&settle_rule=2&rules=no-such&currency=CNY",
                           &page),
                 422);
    cr_assert_not_null(strstr(page, "id=\"error-rules\""), "%s", page);
    free(page);
    listings(s.ledger, after, sizeof after);
    cr_assert_str_eq(after, before);
    cr_assert_eq(server_stop(&s), 0);
}

/* A multipart POST of a bill file (its bytes as they are). */
static int post_bill(const struct server *s, const char *path, const char *csrf, const char *app,
                     const char *file, const char *pending, int preview, char **out)
{
    static char body[1 << 20];
    char data[1 << 19] = "", head[1024];
    size_t n = 0;
    if (file) {
        FILE *f = fopen(file, "rb");
        cr_assert_not_null(f, "%s", file);
        n = fread(data, 1, sizeof data - 1, f);
        fclose(f);
        data[n] = '\0';
    }
    int len = snprintf(body, sizeof body,
                       "--XB\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
                       "--XB\r\nContent-Disposition: form-data; name=\"app\"\r\n\r\n%s\r\n"
                       "--XB\r\nContent-Disposition: form-data; name=\"pending\"\r\n\r\n%s\r\n"
                       "%s"
                       "--XB\r\nContent-Disposition: form-data; name=\"file\"; "
                       "filename=\"%s\"\r\nContent-Type: text/csv\r\n\r\n%s\r\n--XB--\r\n",
                       csrf, app, pending ? pending : "",
                       preview ? "--XB\r\nContent-Disposition: form-data; "
                                 "name=\"preview\"\r\n\r\nyes\r\n"
                               : "",
                       file ? "bill.csv" : "", data);
    cr_assert_lt((size_t)len, sizeof body);
    snprintf(head, sizeof head,
             "POST %s HTTP/1.1\r\nHost: x\r\n%sContent-Type: multipart/form-data; "
             "boundary=XB\r\n",
             path, s->cookie);
    return http(s, head, body, out);
}

/* A WeChat Pay bill: previewed (the CLI's --dry-run: what would be
 * recorded, the rows left with the CLI's words, nothing written), then
 * imported from the bill the server kept, as the CLI imports it; a bill
 * of the other app is refused beside the file field. Then a closed
 * activity is reopened from its page. */
Test(serve, bill_preview_import_and_reopen)
{
    struct server s;
    char *page = NULL, csrf[65], pending[40] = "", other[160], file[512];
    static char want[65536], got[65536];
    server_start(&s);
    snprintf(file, sizeof file, "%s/data/bills/wechat-60.csv", OUTLAY_TESTDIR);
    snprintf(other, sizeof other, "%s/cli.db", s.dir);
    const char *people = "while read -r n; do \"$B\" -L \"$L\" participant add trip \"$n\"; done "
                         "< '" OUTLAY_TESTDIR "/data/bills/wechat-60.names'";
    cr_assert_eq(run("B='%s'; L='%s'; %s", OUTLAY_BIN, s.ledger, people), 0);
    cr_assert_eq(
        run("B='%s'; L='%s'; \"$B\" -L \"$L\" activity add trip --title Trip --headcount 2 "
            "--deposit 100 >/dev/null && \"$B\" -L \"$L\" participant add trip 'Li Wei' && "
            "\"$B\" -L \"$L\" participant add trip '张三' && %s && \"$B\" -L \"$L\" import "
            "wechat trip '%s' >/dev/null",
            OUTLAY_BIN, other, people, file),
        0);
    cr_assert_eq(get(&s, "/a/trip", 1, &page), 200);
    csrf_of(page, csrf);
    cr_assert_not_null(strstr(page, "id=\"form-bill\""));
    free(page);
    cr_assert_eq(post_bill(&s, "/a/trip/bill", csrf, "alipay", file, NULL, 0, &page), 422);
    cr_assert_not_null(strstr(page, "id=\"error-file\""), "%s", page);
    cr_assert_not_null(strstr(page, "import wechat"), "%s", page);
    free(page);
    cr_assert_eq(post_bill(&s, "/a/trip/bill", csrf, "wechat", file, NULL, 1, &page), 200);
    /* the CLI's --dry-run says the same of this bill and these names */
    cr_assert_not_null(strstr(page, "would record 47 deposits (16,022.50), 1 payout (50.00); 0 "
                                    "already present; 10 unmatched; 6 skipped"),
                       "%s", page);
    cr_assert_not_null(strstr(page, "<li class=\"warn\">line "), "rows left: %s", page);
    cr_assert_not_null(strstr(page, ": would record deposit "), "%s", page);
    const char *p = strstr(page, "name=\"pending\" value=\"");
    cr_assert_not_null(p, "%s", page);
    snprintf(pending, 33, "%s", p + strlen("name=\"pending\" value=\""));
    free(page);
    snprintf(got, sizeof got, "'%s' -L '%s' deposit list trip --csv", OUTLAY_BIN, s.ledger);
    cr_assert_eq(count_lines(got), 1, "a preview writes nothing");
    /* Import: no file chosen again, the previewed one */
    cr_assert_eq(post_bill(&s, "/a/trip/bill", csrf, "wechat", NULL, pending, 0, &page), 303);
    cr_assert_not_null(strstr(page, "&flash="), "%s", page);
    free(page);
    snprintf(got, sizeof got, "'%s' -L '%s' deposit list trip --csv", OUTLAY_BIN, s.ledger);
    run_all(want, sizeof want, got);
    snprintf(got, sizeof got, "'%s' -L '%s' deposit list trip --csv", OUTLAY_BIN, other);
    static char cli[65536];
    run_all(cli, sizeof cli, got);
    cr_assert_str_eq(want, cli);
    /* closed, then reopened from its page */
    cr_assert_eq(run("'%s' -L '%s' activity add done --title Done >/dev/null && '%s' -L '%s' "
                     "activity close done",
                     OUTLAY_BIN, s.ledger, OUTLAY_BIN, s.ledger),
                 0);
    cr_assert_eq(get(&s, "/a/done", 1, &page), 200);
    cr_assert_not_null(strstr(page, "id=\"form-reopen\""));
    cr_assert_null(strstr(page, "/edit-"), "no edit link on a closed activity");
    free(page);
    char body[128];
    snprintf(body, sizeof body, "csrf=%s", csrf);
    cr_assert_eq(post(&s, "/a/done/reopen", body, NULL), 303);
    cr_assert_eq(post(&s, "/a/done/reopen", body, NULL), 409, "open already");
    snprintf(got, sizeof got, "'%s' -L '%s' activity list --csv | grep '^done,'", OUTLAY_BIN,
             s.ledger);
    run_all(want, sizeof want, got);
    cr_assert_not_null(strstr(want, "open"), "%s", want);
    cr_assert_eq(server_stop(&s), 0);
}

/* Issue 19's review: a POST to / is 405 in words, not "not found"; the
 * downloads are written under $TMPDIR; --listen 0.0.0.0 prints a URL a
 * browser opens. */
Test(serve, method_tmpdir_and_listen_all)
{
    struct server s;
    char *page = NULL, csrf[65], body[128], line[1024];
    setenv("TMPDIR", "/nonexistent-outlay-dir", 1);
    server_start(&s);
    unsetenv("TMPDIR");
    cr_assert_eq(get(&s, "/", 1, &page), 200);
    csrf_of(page, csrf);
    free(page);
    snprintf(body, sizeof body, "csrf=%s", csrf);
    cr_assert_eq(post(&s, "/", body, &page), 405);
    cr_assert_not_null(strstr(page, "method not allowed"), "%s", page);
    cr_assert_not_null(strstr(page, "Allow: GET"), "%s", page);
    free(page);
    cr_assert_eq(get(&s, "/a/trip/export.xlsx", 1, NULL), 500, "$TMPDIR is where it writes");
    cr_assert_eq(server_stop(&s), 0);
    char dir[] = "/tmp/outlay-listen-XXXXXX", cmd[1024];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(cmd, sizeof cmd,
             "cd '%s' && '%s' -L l.db serve --port 0 --listen 0.0.0.0 2>err & p=$!; sleep 1; "
             "kill $p; wait $p; cat '%s/err'",
             dir, OUTLAY_BIN, dir);
    run_all(line, sizeof line, cmd);
    cr_assert_eq(strncmp(line, "http://127.0.0.1:", 17), 0, "%s", line);
    cr_assert_not_null(strstr(line, "\noutlay: listening on every address"), "%s", line);
    run("rm -rf '%s'", dir);
}
