/*
 * serve: the parts of `outlay serve` (SPEC §16) that hold no HTTP and no
 * words: a growing text buffer with the one HTML escape every page uses,
 * access and CSRF tokens (random, compared in constant time), the limit on
 * wrong tokens per client address, the static files served from a fixed
 * table (no path from a URL ever reaches the file system), and the reading
 * of cookies, Accept-Language and page numbers. The server itself (the
 * libmicrohttpd glue, the pages and forms) is src/cli_serve*.c.
 *
 *     struct outlay_buf b = {0};
 *     outlay_buf_html(&b, "<script>");            // "&lt;script&gt;"
 *     outlay_buf_free(&b);
 */
#ifndef OUTLAY_SERVE_H
#define OUTLAY_SERVE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "outlay/status.h"

/* Text built piece by piece. A failed allocation sets failed and every
 * later add is ignored, so a page is checked once at its end. Free with
 * outlay_buf_free (fine on a zeroed buffer). p is NUL-terminated when
 * len > 0 and not failed. */
struct outlay_buf {
    char *p;
    size_t len, cap;
    int failed;
};
void outlay_buf_add(struct outlay_buf *b, const char *s, size_t n);
void outlay_buf_puts(struct outlay_buf *b, const char *s);
void outlay_buf_printf(struct outlay_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* s (NULL: nothing) escaped for HTML text and for attribute values in
 * double or single quotes: & < > " ' become entities; bytes that are not
 * valid UTF-8 and control characters other than tab and newline become
 * U+FFFD, so nothing a user typed can open a tag, close an attribute or
 * hide a character. */
void outlay_buf_html(struct outlay_buf *b, const char *s);
void outlay_buf_free(struct outlay_buf *b);

/* A token: 32 random bytes from getrandom(), as 64 lowercase hex digits. */
#define OUTLAY_TOKEN_HEX 64
enum outlay_status outlay_serve_token_new(char hex[OUTLAY_TOKEN_HEX + 1], outlay_err *err);
/* 1 when given (NULL: 0) is exactly the expected token. The time taken
 * depends only on the expected token's length, never on where they first
 * differ. */
int outlay_serve_token_equal(const char *expected, const char *given);

/* SPEC §16: wrong tokens, counted per client address in a window of
 * OUTLAY_SERVE_WINDOW seconds; past OUTLAY_SERVE_MAX_WRONG of them the
 * address is refused at once until the window ends. A fixed table: when it
 * is full the oldest window is forgotten (an attacker with many addresses
 * only forgets himself). Thread-safe. */
#define OUTLAY_SERVE_MAX_WRONG 10
#define OUTLAY_SERVE_WINDOW 60
#define OUTLAY_SERVE_CLIENTS 256
struct outlay_serve_limiter {
    pthread_mutex_t lock;
    struct {
        char addr[48];
        int64_t since; /* start of the window, seconds */
        int wrong;
    } c[OUTLAY_SERVE_CLIENTS];
};
void outlay_serve_limiter_init(struct outlay_serve_limiter *l);
void outlay_serve_limiter_release(struct outlay_serve_limiter *l);
/* 1 when addr has had OUTLAY_SERVE_MAX_WRONG wrong tokens in the window
 * that holds `now`. */
int outlay_serve_limiter_blocked(struct outlay_serve_limiter *l, const char *addr, int64_t now);
/* Counts one wrong token from addr at `now`. */
void outlay_serve_limiter_wrong(struct outlay_serve_limiter *l, const char *addr, int64_t now);

/* A file served as it is (a style sheet, a script), from the binary. */
struct outlay_static_file {
    const char *path; /* the whole URL path, e.g. "/static/outlay.css" */
    const char *type; /* its Content-Type */
    const char *body;
    size_t len;
};
/* The file whose path is exactly url (no decoding, no normalisation: any
 * other string, "/static/../x" included, is NULL). */
const struct outlay_static_file *outlay_serve_static(const char *url);

/* The value of cookie `name` in a Cookie header (NULL: none) copied into
 * out (n bytes); 1 when found and it fit, else 0 with out "". */
int outlay_serve_cookie(const char *header, const char *name, char *out, size_t n);
/* "zh" or "en" for an Accept-Language header (NULL: "en"): the first
 * language range of zh* or en* with the highest q wins; "en" when none. */
const char *outlay_serve_lang(const char *accept_language);
/* A page number as typed in ?page=N: 1..1000000000, else 1. */
int64_t outlay_serve_page(const char *text);

#endif
