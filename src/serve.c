/* serve: buffers, the HTML escape, tokens, the wrong-token limit and the
 * static files of `outlay serve` (SPEC §16); see include/outlay/serve.h. */
#include "outlay/serve.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "outlay/problem.h"

void outlay_buf_add(struct outlay_buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void outlay_buf_puts(struct outlay_buf *b, const char *s)
{
    if (s)
        outlay_buf_add(b, s, strlen(s));
}

void outlay_buf_printf(struct outlay_buf *b, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        outlay_buf_add(b, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        b->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    outlay_buf_add(b, big, (size_t)n);
    free(big);
}

/* The length of the valid UTF-8 sequence at s (1..4), 0 when it is not
 * one (overlong forms, surrogates and code points past U+10FFFF too). */
static size_t utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (!n || c > 0xF4)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if (c == 0xE0 && s[1] < 0xA0)
        return 0; /* overlong */
    if (c == 0xED && s[1] >= 0xA0)
        return 0; /* surrogate */
    if (c == 0xF0 && s[1] < 0x90)
        return 0; /* overlong */
    if (c == 0xF4 && s[1] >= 0x90)
        return 0; /* past U+10FFFF */
    return n;
}

void outlay_buf_html(struct outlay_buf *b, const char *s)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    const unsigned char *p = (const unsigned char *)s;
    if (!s)
        return;
    while (*p) {
        const char *rep = NULL;
        size_t n = 1;
        switch (*p) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        case '\t':
        case '\n':
            break;
        default:
            if (*p < 0x20 || *p == 0x7F)
                rep = replacement;
            else if (!(n = utf8_len(p)))
                rep = replacement, n = 1;
        }
        if (rep)
            outlay_buf_puts(b, rep);
        else
            outlay_buf_add(b, (const char *)p, n);
        p += n;
    }
}

void outlay_buf_free(struct outlay_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

enum outlay_status outlay_serve_token_new(char hex[OUTLAY_TOKEN_HEX + 1], outlay_err *err)
{
    unsigned char raw[OUTLAY_TOKEN_HEX / 2];
    size_t got = 0;
    while (got < sizeof raw) {
        ssize_t n = getrandom(raw + got, sizeof raw - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_RANDOM, OUTLAY_A_ERRNO(errno));
        got += (size_t)n;
    }
    for (size_t i = 0; i < sizeof raw; i++)
        snprintf(hex + 2 * i, 3, "%02x", raw[i]);
    return OUTLAY_OK;
}

int outlay_serve_token_equal(const char *expected, const char *given)
{
    size_t n = strlen(expected);
    unsigned char diff = 0;
    int ended = 0;
    if (!given)
        return 0;
    /* Every byte of expected is compared; given is read up to its end and
     * no further (ended), so a short guess cannot be told from a long one
     * by time either. */
    for (size_t i = 0; i < n; i++) {
        unsigned char g = ended ? 0 : (unsigned char)given[i];
        ended |= g == 0;
        diff |= (unsigned char)(g ^ (unsigned char)expected[i]);
    }
    diff |= (unsigned char)(ended ? 1 : given[n] != '\0');
    return diff == 0;
}

void outlay_serve_limiter_init(struct outlay_serve_limiter *l)
{
    memset(l, 0, sizeof *l);
    pthread_mutex_init(&l->lock, NULL);
}

void outlay_serve_limiter_release(struct outlay_serve_limiter *l)
{
    pthread_mutex_destroy(&l->lock);
}

/* The slot of addr, or NULL; the lock is held. */
static size_t slot_of(struct outlay_serve_limiter *l, const char *addr, int *found)
{
    size_t oldest = 0;
    for (size_t i = 0; i < OUTLAY_SERVE_CLIENTS; i++) {
        if (l->c[i].addr[0] && !strcmp(l->c[i].addr, addr)) {
            *found = 1;
            return i;
        }
        if (!l->c[i].addr[0] || l->c[i].since < l->c[oldest].since)
            oldest = i;
        if (!l->c[i].addr[0])
            break;
    }
    *found = 0;
    return oldest;
}

int outlay_serve_limiter_blocked(struct outlay_serve_limiter *l, const char *addr, int64_t now)
{
    int found = 0, blocked = 0;
    pthread_mutex_lock(&l->lock);
    size_t i = slot_of(l, addr, &found);
    if (found && now - l->c[i].since < OUTLAY_SERVE_WINDOW)
        blocked = l->c[i].wrong >= OUTLAY_SERVE_MAX_WRONG;
    pthread_mutex_unlock(&l->lock);
    return blocked;
}

void outlay_serve_limiter_wrong(struct outlay_serve_limiter *l, const char *addr, int64_t now)
{
    int found = 0;
    pthread_mutex_lock(&l->lock);
    size_t i = slot_of(l, addr, &found);
    if (!found || now - l->c[i].since >= OUTLAY_SERVE_WINDOW) {
        snprintf(l->c[i].addr, sizeof l->c[i].addr, "%s", addr);
        l->c[i].since = now;
        l->c[i].wrong = 0;
    }
    l->c[i].wrong++;
    pthread_mutex_unlock(&l->lock);
}

/* The one style sheet (SPEC §16: no external resource; printable, phone
 * sized). The bar chart is SVG with classes, so the Content-Security-Policy
 * needs no inline style. */
static const char css[] =
    "*{box-sizing:border-box}\n"
    "body{font-family:\"Noto Sans CJK SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif;"
    "margin:0 auto;max-width:1100px;padding:0 12px 40px;color:#222;line-height:1.45}\n"
    "header{display:flex;flex-wrap:wrap;gap:8px 20px;align-items:baseline;"
    "border-bottom:2px solid #345;padding:10px 0;margin-bottom:10px}\n"
    "header .home{font-weight:bold;font-size:1.2em;color:#345;text-decoration:none}\n"
    "header .lang{margin-left:auto}\n"
    "h1{font-size:1.4em;margin:.4em 0}h2{font-size:1.15em;margin:1.2em 0 .4em;color:#345;"
    "border-bottom:1px solid #ccd}\n"
    "table{border-collapse:collapse;width:100%;margin:.3em 0 .8em}\n"
    "th,td{border:1px solid #ccd;padding:3px 6px;text-align:left;vertical-align:top}\n"
    "th{background:#eef1f5}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;"
    "white-space:nowrap}\n"
    "tr.sub td{background:#f6f7f9;font-weight:bold}tr.total td{font-weight:bold;"
    "border-top:2px solid #345}\n"
    "tr.void td{color:#999;text-decoration:line-through}\n"
    ".words{font-size:1.05em;margin:.3em 0}\n"
    ".over{color:#b00;font-weight:bold}\n"
    ".problems li{color:#8a4b00}.problems li.ok{color:#175}\n"
    ".ok{color:#175}\n"
    ".flash{background:#e8f5e9;border:1px solid #9c9;padding:6px 10px}\n"
    ".flash.warn{background:#fff8e1;border-color:#e0b050}\n"
    "p.warn{color:#8a4b00;font-weight:bold}\n"
    "form.card{border:1px solid #ccd;padding:8px 10px;margin:.5em 0;background:#fafbfc}\n"
    "form.card h3{margin:0 0 .4em;font-size:1em}\n"
    ".field{display:flex;flex-wrap:wrap;gap:2px 8px;margin:4px 0;align-items:baseline}\n"
    ".field label{min-width:9em}\n"
    ".field input,.field select{min-width:12em;padding:3px}\n"
    ".error{color:#b00;font-weight:bold}\n"
    "input.bad{border:2px solid #b00}\n"
    "button{padding:4px 14px}\n"
    "form.inline{display:inline}\n"
    ".forms{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:8px}\n"
    "nav.pages a,nav.pages span{margin-right:8px}\n"
    "svg.bars{width:100%;max-width:700px;height:auto}\n"
    "svg .budget{fill:#9bb3cc}svg .actual{fill:#345}svg .actual.over{fill:#c33}\n"
    "svg text{font-size:12px;fill:#222}\n"
    ".slip{max-width:360px;margin:0 auto;font-size:17px}\n"
    ".slip table td{padding:6px}\n"
    ".slip .big{font-size:1.5em;font-weight:bold;text-align:center;margin:.5em 0}\n"
    /* the edit pages, the bill's preview */
    ".forms.single{grid-template-columns:minmax(300px,720px)}\n"
    ".forms.single .field label{min-width:17em}\n"
    "a.edit{font-size:.9em;white-space:nowrap;margin-right:6px}\n"
    "a.cancel{margin-left:12px}\n"
    "button.second{background:#fff;border:1px solid #345;color:#345}\n"
    "p.hint{color:#555}\n"
    "ul.bill-rows{padding-left:1.2em}ul.bill-rows li{margin:2px 0}"
    "ul.bill-rows li.warn{color:#8a4b00}\n"
    "select.bad{border:2px solid #b00}\n"
    "@media print{header .lang,form,.forms,nav.pages,a.edit{display:none}body{max-width:none}}\n"
    "@media (max-width:600px){.field label,.forms.single .field label{min-width:0;width:100%}"
    "table{font-size:.9em}}\n";

static const struct outlay_static_file static_files[] = {
    {"/static/outlay.css", "text/css; charset=utf-8", css, sizeof css - 1},
};

const struct outlay_static_file *outlay_serve_static(const char *url)
{
    for (size_t i = 0; url && i < sizeof static_files / sizeof static_files[0]; i++)
        if (!strcmp(url, static_files[i].path))
            return &static_files[i];
    return NULL;
}

int outlay_serve_cookie(const char *header, const char *name, char *out, size_t n)
{
    size_t len = strlen(name);
    out[0] = '\0';
    for (const char *p = header; p && *p;) {
        while (*p == ' ' || *p == ';')
            p++;
        const char *end = strchr(p, ';');
        size_t plen = end ? (size_t)(end - p) : strlen(p);
        if (plen > len && !strncmp(p, name, len) && p[len] == '=') {
            size_t vlen = plen - len - 1;
            if (vlen >= n)
                return 0;
            memcpy(out, p + len + 1, vlen);
            out[vlen] = '\0';
            return 1;
        }
        p += plen;
    }
    return 0;
}

const char *outlay_serve_lang(const char *h)
{
    const char *best = "en";
    int best_q = -1;
    for (const char *p = h; p && *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        int q = 1000;
        /* ";q=0.8" -> 800, a digit at a time (no locale), never read
         * past this range: the header may end anywhere */
        const char *end = p + len, *d = memchr(p, ';', len);
        while (d && d + 1 < end && !(d[0] == 'q' && d[1] == '='))
            d++;
        if (d && d + 1 < end) {
            d += 2;
            q = d < end && *d == '1' ? 1000 : 0;
            if (d < end && *d == '0' && ++d < end && *d == '.')
                for (int scale = 100; ++d < end && *d >= '0' && *d <= '9' && scale; scale /= 10)
                    q += (*d - '0') * scale;
        }
        const char *lang = NULL;
        if (len >= 2 && (p[0] == 'z' || p[0] == 'Z') && (p[1] == 'h' || p[1] == 'H'))
            lang = "zh";
        else if (len >= 2 && (p[0] == 'e' || p[0] == 'E') && (p[1] == 'n' || p[1] == 'N'))
            lang = "en";
        if (lang && q > best_q && q > 0) {
            best = lang;
            best_q = q;
        }
        p += len;
    }
    return best;
}

int64_t outlay_serve_page(const char *text)
{
    int64_t n = 0;
    if (!text || !*text)
        return 1;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9' || n > 100000000)
            return 1;
        n = n * 10 + (*p - '0');
    }
    return n >= 1 && n <= 1000000000 ? n : 1;
}
