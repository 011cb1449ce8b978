/*
 * fuzz_serve: what `outlay serve` does with bytes a browser, or anyone who
 * reaches the port, sends (src/serve.c), on arbitrary input.
 *
 * - outlay_buf_html(input) is valid UTF-8 (checked here with iconv-free
 *   rules of its own) with no < > " ' and no control byte but tab and
 *   newline, and every & starts one of the five entities it writes; so
 *   nothing a user typed can open a tag or leave an attribute.
 * - outlay_serve_cookie, outlay_serve_lang and outlay_serve_page on the
 *   input as a header or a query value: no overrun (ASan), the cookie's
 *   value fits and is a piece of the input, the language is "zh" or "en",
 *   the page is 1..10^9.
 * - outlay_serve_static(input) is NULL unless it is the one name served.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/serve.h"

static size_t seq_len(const unsigned char *s, size_t left)
{
    unsigned c = s[0];
    size_t n = c < 0x80                   ? 1
               : (c >= 0xC2 && c <= 0xDF) ? 2
               : (c & 0xF0) == 0xE0       ? 3
               : (c >= 0xF0 && c <= 0xF4) ? 4
                                          : 0;
    if (!n || n > left)
        abort();
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            abort();
    if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0) || (c == 0xF0 && s[1] < 0x90) ||
        (c == 0xF4 && s[1] >= 0x90))
        abort();
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    struct outlay_buf b = {0};
    outlay_buf_html(&b, s);
    if (b.failed)
        abort();
    static const char *const entities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
    for (size_t i = 0; i < b.len;) {
        unsigned char c = (unsigned char)b.p[i];
        if (c == '<' || c == '>' || c == '"' || c == '\'' || c == 0x7F ||
            (c < 0x20 && c != '\t' && c != '\n'))
            abort();
        if (c == '&') {
            int ok = 0;
            for (size_t k = 0; k < 5; k++)
                ok |= !strncmp(b.p + i, entities[k], strlen(entities[k]));
            if (!ok)
                abort();
        }
        i += seq_len((const unsigned char *)b.p + i, b.len - i);
    }
    outlay_buf_free(&b);
    char v[80];
    if (outlay_serve_cookie(s, "outlay_token", v, sizeof v) &&
        (strlen(v) >= sizeof v || !strstr(s, v)))
        abort();
    const char *lang = outlay_serve_lang(s);
    if (strcmp(lang, "zh") && strcmp(lang, "en"))
        abort();
    int64_t page = outlay_serve_page(s);
    if (page < 1 || page > 1000000000)
        abort();
    const struct outlay_static_file *f = outlay_serve_static(s);
    if (f && strcmp(s, "/static/outlay.css"))
        abort();
    free(s);
    return 0;
}
