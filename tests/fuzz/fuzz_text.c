/*
 * fuzz_text: the "did you mean" distance and the quoting of untrusted text
 * for messages (src/text.c), on arbitrary bytes.
 *
 * Input: two strings, split at the first NUL (a, then b up to the next NUL).
 * - outlay_text_distance(a, b) is (size_t)-1 when either is longer than 64
 *   code points (text.h; a byte that starts no valid UTF-8 sequence counts
 *   as one); otherwise it equals a Levenshtein distance over code points
 *   computed here with a decoder of its own and a whole matrix on the heap,
 *   and is symmetric. Its own buffers are sized for 64 code points on the
 *   stack: an overrun is an ASan or UBSan report.
 * - outlay_text_quote(a) into heap buffers of exactly n bytes, for sizes
 *   around its limits, writes a NUL-terminated string shorter than n that
 *   is valid UTF-8 (ASan sees a write past n).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/text.h"

/* The units of s (len bytes): each valid UTF-8 sequence is its code point;
 * any other byte is one unit of its own, 0x110000 + the byte (no code
 * point). *count gets how many. */
static uint32_t *units(const char *s, size_t len, size_t *count)
{
    const unsigned char *p = (const unsigned char *)s;
    uint32_t *u = malloc((len + 1) * sizeof *u);
    if (!u)
        abort();
    size_t i = 0, n = 0;
    while (i < len) {
        unsigned c = p[i];
        size_t k = c < 0x80                   ? 1
                   : (c >= 0xC2 && c <= 0xDF) ? 2
                   : (c & 0xF0) == 0xE0       ? 3
                   : (c >= 0xF0 && c <= 0xF4) ? 4
                                              : 0;
        uint32_t v = k == 1 ? c : k == 2 ? c & 0x1F : k == 3 ? c & 0x0F : c & 0x07;
        for (size_t j = 1; k > 1 && j < k; j++) {
            if (i + j >= len || (p[i + j] & 0xC0) != 0x80) {
                k = 0;
                break;
            }
            v = v << 6 | (p[i + j] & 0x3F);
        }
        static const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
        if (k > 1 && (v < least[k] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)))
            k = 0;
        if (k == 0) {
            u[n++] = 0x110000u + c;
            i++;
        } else {
            u[n++] = v;
            i += k;
        }
    }
    *count = n;
    return u;
}

static size_t reference_distance(const char *sa, size_t na, const char *sb, size_t nb)
{
    size_t n, m;
    uint32_t *a = units(sa, na, &n), *b = units(sb, nb, &m);
    if (n > 64 || m > 64) {
        free(a);
        free(b);
        return (size_t)-1;
    }
    size_t *d = malloc((n + 1) * (m + 1) * sizeof *d);
    if (!d)
        abort();
    for (size_t i = 0; i <= n; i++)
        for (size_t j = 0; j <= m; j++) {
            size_t v = i + j;
            if (i && j) {
                size_t sub = d[(i - 1) * (m + 1) + j - 1] + (a[i - 1] != b[j - 1]);
                size_t del = d[(i - 1) * (m + 1) + j] + 1, ins = d[i * (m + 1) + j - 1] + 1;
                v = sub < del ? sub : del;
                v = v < ins ? v : ins;
            }
            d[i * (m + 1) + j] = v;
        }
    size_t r = d[n * (m + 1) + m];
    free(d);
    free(a);
    free(b);
    return r;
}

static void check_quote(const char *s, size_t len)
{
    static const size_t sizes[] = {4, 5, 7, 8, 16, 63, 64, 65, OUTLAY_TEXT_QUOTE_BUFSZ};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        size_t n = sizes[k];
        char *buf = malloc(n);
        if (!buf)
            abort();
        outlay_text_quote(s, len, buf, n);
        size_t out = strnlen(buf, n);
        if (out >= n || !outlay_utf8_valid(buf, out))
            abort();
        free(buf);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *copy = malloc(size + 2);
    if (!copy)
        abort();
    memcpy(copy, data, size);
    copy[size] = copy[size + 1] = 0;
    const char *a = copy;
    size_t n = strlen(a);
    const char *b = copy + n + (n < size);
    size_t m = strlen(b);

    size_t d = outlay_text_distance(a, b);
    if (d != outlay_text_distance(b, a))
        abort();
    if (d != reference_distance(a, n, b, m))
        abort();
    check_quote(a, n);
    free(copy);
    return 0;
}
