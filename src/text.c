/* text: UTF-8 validation and the checks every text field passes at the
 * boundary (SPEC §10), its normalisation to NFC (libunistring), plus
 * quoting of untrusted input for messages. */
#include "outlay/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <uninorm.h>
#include <unistr.h>
#include <uniwidth.h>

/* Characters of input shown in a message before it is cut with "…". */
#define QUOTE_CHARS 40

/* Decodes one code point at s (len > 0 bytes left). Returns its length in
 * bytes, or 0 when s does not start a valid sequence: stray continuation
 * byte, overlong form, surrogate, beyond U+10FFFF or cut short. */
static size_t decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t need;
    uint32_t v, min;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1, v = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        need = 2, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (len <= need)
        return 0;
    for (size_t i = 1; i <= need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = v << 6 | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return need + 1;
}

/* C0 controls other than tab, DEL and the C1 controls (SPEC §10). */
static int is_control(uint32_t cp)
{
    return (cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F);
}

int outlay_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    uint32_t cp;

    while (i < len) {
        /* ASCII, the common case, eight bytes at a time. */
        uint64_t w;
        if (len - i >= 8 && (memcpy(&w, p + i, 8), !(w & 0x8080808080808080ull))) {
            i += 8;
            continue;
        }
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = decode(p + i, len - i, &cp);
        if (k == 0)
            return 0;
        i += k;
    }
    return 1;
}

size_t outlay_utf8_length(const char *s)
{
    size_t n = 0;

    if (!s)
        return 0;
    /* Every code point has exactly one byte that is not 10xxxxxx. */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xC0) != 0x80;
    return n;
}

/* A problem of the text field `what`: the field is its place (err->column). */
static enum outlay_status field_fail(outlay_err *err, const char *what, enum outlay_problem code,
                                     long long a, long long b)
{
    if (err)
        snprintf(err->column, sizeof err->column, "%s", what ? what : "");
    if (code == OUTLAY_P_TEXT_CONTROL)
        return outlay_fail(err, OUTLAY_EINVAL, code, OUTLAY_A_CHAR(a), OUTLAY_A_INT(b));
    if (code == OUTLAY_P_TEXT_LONG)
        return outlay_fail(err, OUTLAY_EINVAL, code, OUTLAY_A_INT(a), OUTLAY_A_INT(b));
    return outlay_fail(err, OUTLAY_EINVAL, code);
}

enum outlay_status outlay_text_check(const char *s, const char *what, size_t max, outlay_err *err)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len, i = 0, chars = 0;
    uint32_t cp;

    if (!s)
        return OUTLAY_OK; /* not given */
    if (!what)
        what = "text";
    len = strlen(s);
    /* One pass. Invalid UTF-8 anywhere is reported before a control
     * character, as when validation was a pass of its own. */
    uint32_t bad = 0;
    size_t bad_at = 0;
    while (i < len) {
        /* Printable ASCII, the common case, needs no decoding. */
        if (p[i] >= 0x20 && p[i] < 0x7F) {
            i++;
            chars++;
            continue;
        }
        size_t k = decode(p + i, len - i, &cp);
        if (k == 0)
            return field_fail(err, what, OUTLAY_P_NOT_UTF8, 0, 0);
        i += k;
        chars++;
        if (!bad_at && is_control(cp))
            bad = cp, bad_at = chars;
    }
    if (bad_at)
        return field_fail(err, what, OUTLAY_P_TEXT_CONTROL, bad, (long long)bad_at);
    if (chars > max)
        return field_fail(err, what, OUTLAY_P_TEXT_LONG, (long long)chars, (long long)max);
    return OUTLAY_OK;
}

/* Whether valid UTF-8 text is NFC as it stands because each of its code
 * points is a starter that NFC leaves alone and that composes with nothing
 * (NFC_Quick_Check=Yes, canonical combining class 0, never the second of a
 * composite): below U+0300 (Latin-1 and Latin Extended, whose accented
 * letters are precomposed), CJK punctuation U+3000..U+3029, the unified
 * ideographs U+4E00..U+9FFF, and the full-width forms U+FF01..U+FF5E and
 * U+FFE0..U+FFE6 (，．￥). A treasurer's Chinese text is nearly all of
 * these, and then libunistring is not needed: an import's text costs one
 * scan. tests/test_text.c checks every one of these code points against
 * u8_normalize(). */
int outlay_text_nfc_stable_cp(uint32_t cp)
{
    return cp < 0x300 || (cp >= 0x3000 && cp <= 0x3029) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xFF01 && cp <= 0xFF5E) || (cp >= 0xFFE0 && cp <= 0xFFE6);
}

static int nfc_stable(const unsigned char *p, size_t n)
{
    const unsigned char *end = p + n;
    while (p < end) {
        uint32_t cp;
        if (*p < 0x80) {
            cp = *p++;
        } else if (*p < 0xE0) {
            cp = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
            p += 2;
        } else if (*p < 0xF0) {
            cp = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
            p += 3;
        } else {
            return 0; /* beyond the BMP: let libunistring decide */
        }
        if (!outlay_text_nfc_stable_cp(cp))
            return 0;
    }
    return 1;
}

enum outlay_status outlay_text_nfc(const char *s, char **out, outlay_err *err)
{
    /* Room for any text within the limit (1,000 code points, 4 bytes
     * each), so that libunistring allocates only for a longer one. */
    uint8_t buf[4096], *r;
    size_t len, n = sizeof buf, i = 0;

    *out = NULL;
    if (!s)
        return OUTLAY_OK;
    len = strlen(s);
    while (i < len && !(s[i] & 0x80))
        i++;
    if (i == len)
        return OUTLAY_OK; /* ASCII is NFC */
    /* u8_normalize() would turn a bad sequence into U+FFFD silently. */
    if (!outlay_utf8_valid(s, len))
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_NOT_UTF8);
    if (nfc_stable((const unsigned char *)s + i, len - i))
        return OUTLAY_OK;
    r = u8_normalize(UNINORM_NFC, (const uint8_t *)s, len, buf, &n);
    if (!r)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    int differs = n != len || memcmp(r, s, len) != 0;
    if (differs && (*out = malloc(n + 1)) != NULL) {
        memcpy(*out, r, n);
        (*out)[n] = '\0';
    }
    if (r != buf)
        free(r);
    if (differs && !*out)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    return OUTLAY_OK;
}

/* Renders one code point, or one bad byte when k == 0, into piece. */
static size_t quote_piece(const unsigned char *p, size_t k, uint32_t cp, char *piece)
{
    if (k == 0)
        return (size_t)snprintf(piece, 8, "\\x%02X", p[0]);
    if (cp < 0x20 || cp == 0x7F)
        return (size_t)snprintf(piece, 8, "\\x%02X", (unsigned)cp);
    if (cp >= 0x80 && cp <= 0x9F)
        return (size_t)snprintf(piece, 8, "\\u%04X", (unsigned)cp);
    memcpy(piece, p, k);
    return k;
}

char *outlay_text_quote(const char *s, size_t len, char *buf, size_t n)
{
    static const char ellipsis[] = "…";
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, used = 0, chars = 0;

    if (n == 0)
        return buf;
    buf[0] = '\0';
    if (!s || n < sizeof ellipsis)
        return buf;
    while (i < len) {
        char piece[8];
        uint32_t cp = 0;
        size_t k = decode(p + i, len - i, &cp);
        size_t w = quote_piece(p + i, k, cp, piece);

        /* Keep room for the ellipsis and the NUL in case more follows. */
        if (chars == QUOTE_CHARS || used + w + sizeof ellipsis > n) {
            memcpy(buf + used, ellipsis, sizeof ellipsis);
            return buf;
        }
        memcpy(buf + used, piece, w);
        used += w;
        chars++;
        i += k ? k : 1;
    }
    buf[used] = '\0';
    return buf;
}

int outlay_text_casecmp(const char *a, const char *b)
{
    const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
    int x, y;

    do {
        x = *p++, y = *q++;
        x += x >= 'A' && x <= 'Z' ? 'a' - 'A' : 0;
        y += y >= 'A' && y <= 'Z' ? 'a' - 'A' : 0;
    } while (x == y && x != 0);
    return x - y;
}

/* Decodes s into at most max code points (a byte that is not UTF-8 counts
 * as one, so typed text of any kind is measured). Returns how many, or
 * max + 1 when s holds more. */
static size_t code_points(const char *s, uint32_t *cp, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s), i = 0, n = 0;
    while (i < len) {
        if (n == max)
            return max + 1;
        size_t k = decode(p + i, len - i, &cp[n]);
        if (k == 0) {
            cp[n] = 0xDC00u | p[i]; /* a lone byte, unlike any code point of text */
            k = 1;
        }
        n++;
        i += k;
    }
    return n;
}

size_t outlay_text_distance(const char *a, const char *b)
{
    /* Levenshtein over code points, so that 王方 is one edit from 王芳 (it
     * is three bytes), in two rows; long inputs are not worth a hint. */
    enum { MAX = OUTLAY_TEXT_DISTANCE_MAX };
    uint32_t x[MAX], y[MAX];
    size_t n = code_points(a, x, MAX), m = code_points(b, y, MAX);
    if (n > MAX || m > MAX)
        return (size_t)-1;
    size_t prev[MAX + 1], cur[MAX + 1];
    for (size_t j = 0; j <= m; j++)
        prev[j] = j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t sub = prev[j - 1] + (x[i - 1] != y[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, (m + 1) * sizeof *prev);
    }
    return prev[m];
}

/* The spaces a name may hold: space, tab, no-break space U+00A0 and the
 * ideographic space U+3000 a Chinese input method types. Returns the
 * length of the one at p (n bytes left), 0 when there is none. */
static size_t name_space(const unsigned char *p, size_t n)
{
    if (p[0] == ' ' || p[0] == '\t')
        return 1;
    if (n >= 2 && p[0] == 0xC2 && p[1] == 0xA0)
        return 2;
    if (n >= 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
        return 3;
    return 0;
}

/* s with its spaces trimmed and each inner run made one ' ', into out (as
 * long as s, plus one). Returns the length written. */
static size_t squeeze_spaces(const char *s, size_t len, char *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, k = 0, w;
    int pending = 0;
    while (i < len) {
        if ((w = name_space(p + i, len - i)) > 0) {
            pending = k > 0;
            i += w;
            continue;
        }
        if (pending)
            out[k++] = ' ';
        pending = 0;
        out[k++] = (char)p[i++];
    }
    out[k] = '\0';
    return k;
}

enum outlay_status outlay_text_name(const char *s, char **out, outlay_err *err)
{
    *out = NULL;
    if (!s)
        return OUTLAY_OK;
    size_t len = strlen(s);
    char *q = malloc(len + 1);
    if (!q)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    size_t k = squeeze_spaces(s, len, q);
    if (k == len && memcmp(q, s, len) == 0) { /* the same text */
        free(q);
        return OUTLAY_OK;
    }
    *out = q;
    return OUTLAY_OK;
}

enum outlay_status outlay_text_name_key(const char *s, char **out, outlay_err *err)
{
    size_t len = strlen(s), i = 0;
    *out = NULL;
    char *q = malloc(len + 1);
    if (!q)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    len = squeeze_spaces(s, len, q);
    while (i < len && !(q[i] & 0x80)) {
        q[i] += q[i] >= 'A' && q[i] <= 'Z' ? 'a' - 'A' : 0;
        i++;
    }
    if (i == len || !outlay_utf8_valid(q, len)) {
        /* ASCII folds by itself; text that is not UTF-8 (an old ledger's,
         * or typed and about to be refused) keeps its other bytes. */
        for (; i < len; i++)
            q[i] += q[i] >= 'A' && q[i] <= 'Z' ? 'a' - 'A' : 0;
        *out = q;
        return OUTLAY_OK;
    }
    /* Unicode's full case folding, then NFC: "ÉVA" and "éva" are one key,
     * and so are "STRASSE" and "Straße". */
    size_t n = 0;
    uint8_t *f = u8_casefold((const uint8_t *)q, len, NULL, UNINORM_NFC, NULL, &n);
    free(q);
    if (!f || !(q = realloc(f, n + 1))) {
        free(f);
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    }
    q[n] = '\0';
    *out = q;
    return OUTLAY_OK;
}

size_t outlay_text_tag_separator(const char *s)
{
    static const char *const seps[] = {";", ",", "\xef\xbc\x9b" /* ； */, "\xef\xbc\x8c" /* ， */,
                                       "\xe3\x80\x81" /* 、 */};
    for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++) {
        size_t k = strlen(seps[i]);
        if (strncmp(s, seps[i], k) == 0)
            return k;
    }
    return 0;
}

size_t outlay_text_hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a, 64 bits */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211u;
    }
    return (size_t)h;
}

size_t outlay_text_narrow(const char *s, size_t len, char *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        /* U+FF01..U+FF5E is EF BC 81..BF and EF BD 80..9E: ASCII + 0xFEE0. */
        if (i + 2 < len && p[i] == 0xEF && (p[i + 1] == 0xBC || p[i + 1] == 0xBD) &&
            p[i + 2] >= 0x80 && p[i + 2] <= 0xBF) {
            unsigned cp = 0xF000u | (unsigned)(p[i + 1] & 0x3F) << 6 | (p[i + 2] & 0x3F);
            if (cp >= 0xFF01 && cp <= 0xFF5E) {
                out[n++] = (char)(cp - 0xFEE0);
                i += 3;
                continue;
            }
        }
        if (i + 2 < len && p[i] == 0xE3 && p[i + 1] == 0x80 && p[i + 2] == 0x80) {
            out[n++] = ' ';
            i += 3;
            continue;
        }
        out[n++] = (char)p[i++];
    }
    out[n] = '\0';
    return n;
}

size_t outlay_text_width(const char *s)
{
    const uint8_t *p = (const uint8_t *)(s ? s : "");
    size_t w = 0, n = strlen((const char *)p);
    while (n > 0) {
        if (*p < 0x80) { /* ASCII: one column (a tab too, as a table cell) */
            w++, p++, n--;
            continue;
        }
        ucs4_t cp;
        int k = u8_mbtouc(&cp, p, n); /* a bad byte is U+FFFD, k = 1 */
        int cw = uc_width(cp, "UTF-8");
        w += cw < 0 ? 1 : (size_t)cw;
        p += k, n -= (size_t)k;
    }
    return w;
}
