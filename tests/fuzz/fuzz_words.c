/*
 * fuzz_words: the capital-numeral writer (docs/capital-numerals.md).
 *
 * The input's first 8 bytes are an int64_t amount in fen (little-endian),
 * the 9th a buffer size. For every amount:
 * - beyond ±OUTLAY_MONEY_MAX: OUTLAY_EOVERFLOW and an empty buffer;
 * - within range: the text decodes back to the same amount, obeys the rules
 *   that can be checked on the text alone (never 零零, 整 never after 分, a
 *   ten always written 壹拾, ends in 整 or 分), and the amount also round
 *   trips through the parser that `outlay words AMOUNT` uses;
 * - with a small buffer: either the same text (it fits) or OUTLAY_EINVAL and
 *   an empty string, never a write past n.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/money.h"
#include "outlay/words.h"

enum tok { T_DIGIT, T_PLACE, T_GROUP, T_YUAN, T_JIAO, T_FEN, T_ZHENG, T_NEG };

static const struct {
    const char *s;
    enum tok t;
    int64_t v;
} chars[] = {
    {"零", T_DIGIT, 0},    {"壹", T_DIGIT, 1},     {"贰", T_DIGIT, 2},         {"叁", T_DIGIT, 3},
    {"肆", T_DIGIT, 4},    {"伍", T_DIGIT, 5},     {"陆", T_DIGIT, 6},         {"柒", T_DIGIT, 7},
    {"捌", T_DIGIT, 8},    {"玖", T_DIGIT, 9},     {"拾", T_PLACE, 10},        {"佰", T_PLACE, 100},
    {"仟", T_PLACE, 1000}, {"万", T_GROUP, 10000}, {"亿", T_GROUP, 100000000}, {"元", T_YUAN, 1},
    {"角", T_JIAO, 10},    {"分", T_FEN, 1},       {"整", T_ZHENG, 0},         {"负", T_NEG, 0},
};

/* Decodes text written by outlay_words; aborts on anything it would not
 * write. */
static int64_t decode(const char *s)
{
    int64_t total = 0, group = 0, fen = 0;
    int neg = 0, pending = -1, prev_zero = 0, prev_fen = 0, n = 0;
    enum tok last = T_NEG;

    while (*s) {
        size_t k = 0;
        while (k < sizeof chars / sizeof chars[0] && strncmp(s, chars[k].s, 3) != 0)
            k++;
        if (k == sizeof chars / sizeof chars[0])
            abort(); /* a character outlay_words never writes */
        enum tok t = chars[k].t;
        int64_t v = chars[k].v;
        s += 3;
        if (t == T_NEG) {
            if (n != 0)
                abort();
            neg = 1;
        } else if (t == T_DIGIT && v == 0) {
            if (prev_zero)
                abort(); /* rule (a)/(b): never two 零 in a row */
            prev_zero = 1;
        } else if (t == T_DIGIT) {
            if (pending >= 0)
                abort(); /* two digits without a unit between */
            pending = (int)v;
        } else if (t == T_PLACE) {
            if (pending < 1)
                abort(); /* rule (a): 壹拾, never a bare 拾 */
            group += pending * v;
            pending = -1;
        } else if (t == T_GROUP || t == T_YUAN) {
            group += pending > 0 ? pending : 0;
            total += group * v;
            group = 0;
            pending = -1;
        } else if (t == T_JIAO || t == T_FEN) {
            if (pending < 1)
                abort();
            fen += pending * v;
            pending = -1;
        } else if (t == T_ZHENG) {
            if (prev_fen || *s)
                abort(); /* rule (d): 整 ends the text, never after 分 */
        }
        if (t != T_DIGIT || v != 0)
            prev_zero = 0;
        prev_fen = t == T_FEN;
        last = t;
        n++;
    }
    if (pending >= 0 || group != 0 || (last != T_ZHENG && last != T_FEN))
        abort();
    int64_t v = total * 100 + fen;
    return neg ? -v : v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 8)
        return 0;
    uint64_t u = 0;
    for (int i = 7; i >= 0; i--)
        u = u << 8 | data[i];
    int64_t fen = (int64_t)u;
    /* Most int64 values are out of range; fold half of them in. */
    if (size > 9 && (data[9] & 1))
        fen %= OUTLAY_MONEY_MAX + 1;
    size_t small = size > 8 ? data[8] : 0;

    char buf[OUTLAY_WORDS_BUFSZ];
    memset(buf, 'x', sizeof buf);
    enum outlay_status rc = outlay_words(fen, buf, sizeof buf);
    if (fen > OUTLAY_MONEY_MAX || fen < -OUTLAY_MONEY_MAX) {
        if (rc != OUTLAY_EOVERFLOW || buf[0] != '\0')
            abort();
        return 0;
    }
    if (rc != OUTLAY_OK || decode(buf) != fen)
        abort();

    char text[OUTLAY_MONEY_BUFSZ];
    int64_t back = 0;
    outlay_err err = {0};
    if (outlay_money_parse(outlay_money_format(fen, size > 10 && (data[10] & 1), text), 1, &back,
                           &err) != OUTLAY_OK ||
        back != fen)
        abort();

    /* A buffer of `small` bytes, on the heap so ASan sees an overflow. */
    char *tiny = malloc(small ? small : 1);
    if (!tiny)
        return 0;
    rc = outlay_words(fen, tiny, small);
    if (rc == OUTLAY_OK) {
        if (strlen(buf) + 1 > small || strcmp(tiny, buf) != 0)
            abort();
    } else if (rc != OUTLAY_EINVAL || strlen(buf) + 1 <= small || (small > 0 && tiny[0] != '\0')) {
        abort();
    }
    free(tiny);
    return 0;
}
