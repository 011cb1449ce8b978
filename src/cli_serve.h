/*
 * cli_serve: `outlay serve` (SPEC §16), the ledger in a browser. A front
 * end like the command line, so it lives beside it (src/cli_serve*.c): it
 * words problems with the CLI's words (cli_problem_text) and its labels
 * with gettext, in the page's language. The parts without HTTP or words
 * (escape, tokens, limits, static files) are the library's serve.h.
 *
 *   cli_serve.c        the command: options, start, the URL, signals
 *   cli_serve_http.c   libmicrohttpd: limits, tokens, CSRF, headers, routes
 *   cli_serve_pages.c  the year, an activity, a participant's slip
 *   cli_serve_forms.c  the forms and the writes behind them
 *   cli_serve_edit.c   the edit forms (the `set` commands, rename, reopen)
 *                      and the payment apps' bills, previewed then imported
 */
#ifndef OUTLAY_CLI_SERVE_H
#define OUTLAY_CLI_SERVE_H

#include <locale.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "cli.h"
#include "outlay/serve.h"

/* Limits (SPEC §16, issue 19: a 10 MB POST, slowloris, load) */
#define SERVE_FORM_MAX (64 * 1024)          /* a form's body */
#define SERVE_UPLOAD_MAX (16 * 1024 * 1024) /* an import's upload */
#define SERVE_TIMEOUT_S 10                  /* an idle connection is closed */
#define SERVE_CONNECTIONS 256
#define SERVE_PER_IP 64
#define SERVE_THREADS 8
#define SERVE_FIELDS 24
#define SERVE_PAGE_ROWS 50 /* expenses on one page */

/* An activity page as last rendered, for the ledger version it was read
 * at (SPEC §16: a page is read far more often than the ledger changes;
 * every write of outlay, the CLI's too, changes the version). */
#define SERVE_CACHE 16
struct serve_cached {
    char key[320]; /* slug, language, the page numbers asked for */
    int64_t version;
    char *body;
    size_t len;
    uint64_t used; /* for the least recently used to go first */
};

/* A write's warnings, kept for the page its redirect shows (once, for
 * ten minutes): a reload of that page does not write again. */
#define SERVE_FLASH 16
struct serve_flash {
    char id[33]; /* random, in the redirect's ?flash= */
    char action[16];
    char text[2048];
    int64_t at;
};

/* A bill previewed (`import wechat|alipay --dry-run`), kept so that its
 * Import button needs no second upload: for ten minutes, the oldest
 * forgotten first. */
#define SERVE_PENDING 4
struct serve_pending {
    char id[33]; /* random, in the preview page's form */
    char *data;
    size_t len;
    char filename[128];
    int64_t at;
};

/* The server: set up once, read by every worker thread. */
struct serve {
    const char *ledger_path, *templates_dir;
    char who[256];                            /* who the audit rows name */
    char token[OUTLAY_TOKEN_HEX + 1];         /* access (the URL, the cookie) */
    char csrf[OUTLAY_TOKEN_HEX + 1];          /* in every form (another secret) */
    struct outlay_serve_limiter limiter;      /* wrong access tokens */
    struct outlay_serve_limiter slip_limiter; /* wrong slip links (/s/TOKEN) */
    locale_t loc_en, loc_zh;                  /* the words of a page (uselocale) */
    pthread_mutex_t cache_lock;
    struct serve_cached cache[SERVE_CACHE];
    uint64_t cache_clock;
    pthread_mutex_t flash_lock;
    struct serve_flash flash[SERVE_FLASH];
    struct cli cli; /* templates_dir, for cli_template_dirs */
    pthread_mutex_t pending_lock;
    struct serve_pending pending[SERVE_PENDING];
};

/* One field of a POST. */
struct serve_field {
    char name[32];
    struct outlay_buf value;
    char filename[256]; /* of an upload; "" otherwise */
};

/* One request, from its first call to its answer. */
struct serve_req {
    struct serve *sv;
    void *conn; /* struct MHD_Connection */
    const char *url, *method;
    const char *lang; /* "en" or "zh" */
    int post;
    void *pp; /* struct MHD_PostProcessor */
    size_t body, body_max;
    int too_big, bad_form;
    int slip;            /* a participant's slip page: no way to the rest */
    char self[600];      /* a POST's page: the address to read it again (the language
                          * switch's); "": the request's own, a GET's */
    char notice[2048];   /* an import's row problems, worded */
    char warnings[2048]; /* a write's warnings, worded, one a line */
    struct serve_field f[SERVE_FIELDS];
    size_t nf;
};

/* What a page answers. */
struct serve_answer {
    int status;
    struct outlay_buf body;
    const char *type;   /* Content-Type; NULL: HTML */
    char location[512]; /* a redirect (303) */
    char filename[128]; /* a download's name (Content-Disposition) */
    char cookie[2][160];
};

/* A form re-shown: the fields as typed and the message beside one. */
struct serve_form_state {
    const char *form; /* which form ("expense", ...); NULL: none */
    const struct serve_req *r;
    char field[64]; /* the field the message is about ("" : the form's) */
    char message[2048];
    int saved; /* the form was saved, and message holds its warnings */
    /* an edit form first shown: the record's value of each field (NULL:
     * empty) */
    const char *(*prefill)(void *ctx, const char *name);
    void *prefill_ctx;
};

/* A form's fields and how each is shown. */
enum serve_ftype {
    F_TEXT,
    F_MONEY,
    F_NUMBER,
    F_DATE,
    F_TEMPLATE,
    F_FUNDER,
    F_CHECK,
    F_FILE,
    F_IMPORT_KIND,
    F_ENCODING,
    F_PAYMENT_KIND,
    F_HIDDEN, /* which record an edit form changes */
    F_CHOICE  /* one of d->choices */
};

struct serve_fdef {
    const char *name, *label;
    enum serve_ftype type;
    int required;
    const char *const *choices; /* F_CHOICE: value, label (N_(), or NULL: cli_value) ..., NULL */
};

struct serve_form {
    const char *action; /* the path after /a/SLUG/, or "new" */
    const char *title;
    const struct serve_fdef *fields;
    const char *button;  /* the submit button's label (NULL: Save) */
    const char *preview; /* a second button sending preview=yes, or NULL */
    const char *cancel;  /* an edit page: a link back to this section */
};

/* Form f into b, its action /a/SLUG/ACTION (slug NULL: /ACTION); fs, when
 * it is about f, fills it again (as typed, or an edit's record) with the
 * message beside its field. */
void serve_form_html(struct serve_req *r, struct outlay_buf *b, const char *slug,
                     const struct serve_form *f, const struct serve_form_state *fs);
/* Keeps a write's warnings for the page its redirect shows; id gets their
 * random id for ?flash= ("" when none could be made). */
void serve_flash_put(struct serve *sv, const char *action, const char *text, char id[33]);

/* cli_serve_edit.c: the edit forms (SPEC §11's `set` commands, rename,
 * reopen) and the payment apps' bills (`import wechat|alipay`). */
/* 1 when POST /a/SLUG/ACTION is one of them. */
int serve_edit_action(const char *action);
/* GET /a/SLUG/edit-WHAT?no=N|name=NAME: the edit form of one record. */
void serve_get_edit(struct serve_req *r, struct serve_answer *a, const char *slug,
                    const char *what);
/* POST /a/SLUG/ACTION of serve_edit_action. */
void serve_post_edit(struct serve_req *r, struct serve_answer *a, const char *slug,
                     const char *action);
/* The reopen form of a closed activity's page, the bill form of an open
 * one. */
void serve_forms_closed(struct serve_req *r, struct outlay_buf *b, const char *slug);
void serve_form_bill(struct serve_req *r, struct outlay_buf *b, const char *slug,
                     const struct serve_form_state *fs);
/* Where uploads and downloads are written: $TMPDIR, else /tmp, with
 * "/outlay-serve-XXXXXX" (n bytes at least 64); 0 when it does not fit. */
int serve_tmp_template(char *out, size_t n);
/* Frees what the server keeps of previewed bills. */
void serve_pending_release(struct serve *sv);

/* GET /a/SLUG: the activity page, with the warnings of the write that
 * led here (?flash=) once (cli_serve_forms.c). */
void serve_get_activity(struct serve_req *r, struct serve_answer *a, const char *slug);

/* cli_serve_http.c */
/* The value of POST field name, NULL when not sent. */
const char *serve_field(const struct serve_req *r, const char *name);
/* The value of query argument name, NULL when not given. */
const char *serve_query(const struct serve_req *r, const char *name);
/* The language switch's address for a page: r->self, else a GET's own
 * path and query (lang and token left out), else "/"; with lang=LANG
 * added, percent-encoded, not yet HTML-escaped, into b. */
void serve_switch_href(const struct serve_req *r, const char *lang, struct outlay_buf *b);
/* s percent-encoded for a URL's path or query (all but A-Z a-z 0-9 - _ .). */
void serve_url_encode(struct outlay_buf *b, const char *s);
/* Counts a wrong token from the request's client (the limiter). */
void serve_wrong_token(struct serve_req *r);
/* Runs the server until SIGINT or SIGTERM; 0, or an exit code with the
 * error printed. */
int serve_run(struct serve *sv, const char *listen, unsigned port);

/* cli_serve_pages.c: each fills a->body (and a->status). */
void serve_page_year(struct serve_req *r, struct serve_answer *a,
                     const struct serve_form_state *fs);
void serve_page_activity(struct serve_req *r, struct serve_answer *a, const char *slug,
                         const struct serve_form_state *fs);
/* GET /s/TOKEN: a participant's own slip, and nothing else (SPEC §16). */
void serve_page_slip(struct serve_req *r, struct serve_answer *a, const char *token);
void serve_page_error(struct serve_req *r, struct serve_answer *a, int status, const char *message);
/* The page's start (up to <main>) and end. */
void serve_page_begin(struct serve_req *r, struct outlay_buf *b, const char *title);
void serve_page_end(struct outlay_buf *b);
/* fen as 1,234.50, escaped into b. */
void serve_money(struct outlay_buf *b, int64_t fen);

/* cli_serve_forms.c */
/* The forms of an activity page (or of the year page for slug NULL). */
void serve_forms_activity(struct serve_req *r, struct outlay_buf *b, const char *slug,
                          const struct serve_form_state *fs);
void serve_forms_year(struct serve_req *r, struct outlay_buf *b, const struct serve_form_state *fs);
/* POST /a/SLUG/ACTION or /new: the write, then a redirect, or the page
 * again with the message. */
void serve_post(struct serve_req *r, struct serve_answer *a, const char *slug, const char *action);
/* GET /a/SLUG/export.xlsx and /a/SLUG/print.pdf. */
void serve_download(struct serve_req *r, struct serve_answer *a, const char *slug,
                    const char *what);
/* <input type=hidden name=csrf ...> */
void serve_csrf_input(const struct serve_req *r, struct outlay_buf *b);

#endif
