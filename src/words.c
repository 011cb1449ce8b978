/* words: an amount in Chinese capital numerals (大写金额). The rules (a)..(e)
 * cited below, with worked examples, are in docs/capital-numerals.md. */
#include "outlay/words.h"

#include <assert.h>
#include <string.h>

#include "outlay/money.h"

static const char *const digits[10] = {
    "零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖",
};
/* Units inside a four-digit group, indexed by position from the right. */
static const char *const places[4] = {"", "拾", "佰", "仟"};
/* Group units: 亿, 万, then the 元 group (its 元 is written separately). */
static const char *const groups[3] = {"亿", "万", ""};

struct out {
    char s[OUTLAY_WORDS_BUFSZ];
    size_t len;
};

static void put(struct out *o, const char *u)
{
    size_t n = strlen(u);

    assert(o->len + n < sizeof o->s); /* bounded: |fen| <= OUTLAY_MONEY_MAX */
    memcpy(o->s + o->len, u, n + 1);
    o->len += n;
}

/* Rule (a): one group 1..9999; inner runs of zeros are one 零, trailing
 * zeros write nothing, a leading ten is 壹拾. */
static void put_group(struct out *o, int g)
{
    static const int pow10[4] = {1, 10, 100, 1000};
    int started = 0, zero = 0;

    for (int i = 3; i >= 0; i--) {
        int d = g / pow10[i] % 10;

        if (d == 0) {
            zero = started;
            continue;
        }
        if (zero)
            put(o, digits[0]);
        put(o, digits[d]);
        put(o, places[i]);
        started = 1;
        zero = 0;
    }
}

/* The yuan part, y > 0: groups of four under 亿, 万 and 元, rule (b). */
static void put_yuan(struct out *o, int64_t y)
{
    int g[3] = {(int)(y / 100000000), (int)(y / 10000 % 10000), (int)(y % 10000)};
    int started = 0, gap = 0;

    for (int i = 0; i < 3; i++) {
        if (g[i] == 0) {
            gap = started;
            continue;
        }
        if (started && (gap || g[i] < 1000))
            put(o, digits[0]);
        put_group(o, g[i]);
        put(o, groups[i]);
        started = 1;
        gap = 0;
    }
    put(o, "元");
}

/* 角 and 分 after a non-zero yuan part: rules (c) and (d). */
static void put_cents(struct out *o, int64_t y, int jiao, int fen)
{
    if (jiao == 0 && fen == 0) {
        put(o, "整");
        return;
    }
    if (jiao != 0) {
        if (y % 10 == 0)
            put(o, digits[0]);
        put(o, digits[jiao]);
        put(o, "角");
    } else {
        put(o, digits[0]); /* one 零 even when the 元 digit is 0 too */
    }
    if (fen != 0) {
        put(o, digits[fen]);
        put(o, "分");
    } else {
        put(o, "整");
    }
}

/* Below one yuan, rule (e): no 元 and no leading 零. */
static void put_small(struct out *o, int jiao, int fen)
{
    if (jiao == 0 && fen == 0) {
        put(o, "零元整");
        return;
    }
    if (jiao != 0) {
        put(o, digits[jiao]);
        put(o, "角");
    }
    if (fen != 0) {
        put(o, digits[fen]);
        put(o, "分");
    } else {
        put(o, "整");
    }
}

enum outlay_status outlay_words(int64_t fen, char *buf, size_t n)
{
    struct out o = {.len = 0};
    int64_t mag, y;

    if (n > 0)
        buf[0] = '\0';
    /* Compare before negating: -INT64_MIN is undefined. */
    if (fen > OUTLAY_MONEY_MAX || fen < -OUTLAY_MONEY_MAX)
        return OUTLAY_EOVERFLOW;
    o.s[0] = '\0';
    mag = fen < 0 ? -fen : fen;
    y = mag / 100;
    if (fen < 0)
        put(&o, "负");
    if (y > 0) {
        put_yuan(&o, y);
        put_cents(&o, y, (int)(mag / 10 % 10), (int)(mag % 10));
    } else {
        put_small(&o, (int)(mag / 10 % 10), (int)(mag % 10));
    }
    if (o.len + 1 > n)
        return OUTLAY_EINVAL;
    memcpy(buf, o.s, o.len + 1);
    return OUTLAY_OK;
}
