/*
 * fuzz_text: the "did you mean" distance and the quoting of untrusted text
 * for messages (src/text.c), on arbitrary bytes.
 *
 * Input: two strings, split at the first NUL (a, then b up to the next NUL).
 * - outlay_text_distance(a, b) is (size_t)-1 when either is longer than 64
 *   bytes (text.h); otherwise it equals a Levenshtein distance computed here
 *   with a whole matrix on the heap, and is symmetric. Its own buffers are
 *   sized for 64 bytes on the stack: an overrun is an ASan or UBSan report.
 * - outlay_text_quote(a) into heap buffers of exactly n bytes, for sizes
 *   around its limits, writes a NUL-terminated string shorter than n that
 *   is valid UTF-8 (ASan sees a write past n).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/text.h"

static size_t reference_distance(const char *a, size_t n, const char *b, size_t m)
{
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
    if (n > 64 || m > 64) {
        if (d != (size_t)-1)
            abort();
    } else if (d != reference_distance(a, n, b, m)) {
        abort();
    }
    check_quote(a, n);
    free(copy);
    return 0;
}
