#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "outlay/money.h"
#include "outlay/words.h"

struct words_case {
    int64_t fen;
    const char *want;
};

/* The worked examples of docs/capital-numerals.md, amounts in fen. */
static const struct words_case examples[] = {
    {408000, "肆仟零捌拾元整"},
    {420000, "肆仟贰佰元整"},
    {36050, "叁佰陆拾元零伍角整"},
    {168032, "壹仟陆佰捌拾元零叁角贰分"},
    {10700053, "壹拾万柒仟元零伍角叁分"},
    {10005, "壹佰元零伍分"},
    {1000, "壹拾元整"},
    {5, "伍分"},
    {100456, "壹仟零肆元伍角陆分"},
    {100000000, "壹佰万元整"},
    {10001000000, "壹亿零壹万元整"},
    {10000100000, "壹亿零壹仟元整"},
    {3000006, "叁万元零陆分"},
    {10050000, "壹拾万零伍佰元整"},
    {1640902, "壹万陆仟肆佰零玖元零贰分"},
    {140950, "壹仟肆佰零玖元伍角整"},
    {0, "零元整"},
    {50, "伍角整"},
    {55, "伍角伍分"},
    {1, "壹分"},
    {100, "壹元整"},
    {105, "壹元零伍分"},
    {150, "壹元伍角整"},
    {11000, "壹佰壹拾元整"},
    {10000000000, "壹亿元整"},
    {1200, "壹拾贰元整"},
    {1010, "壹拾元零壹角整"},
    {10101, "壹佰零壹元零壹分"},
    {1000000, "壹万元整"},
    {1000100, "壹万零壹元整"},
    {1001000, "壹万零壹拾元整"},
    {1100000, "壹万壹仟元整"},
    {100000100, "壹佰万零壹元整"},
    {100100000000, "壹拾亿零壹佰万元整"},
    {100000000100, "壹拾亿零壹元整"},
    {99999999999999, "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"},
    {99999999999900, "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元整"},
    {90000000000000, "玖仟亿元整"},
    {90000000000001, "玖仟亿元零壹分"},
    {90000000000010, "玖仟亿元零壹角整"},
    {10101010101010, "壹仟零壹拾亿壹仟零壹拾万壹仟零壹拾元零壹角整"},
    {-5000, "负伍拾元整"},
    {-1, "负壹分"},
    {-408000, "负肆仟零捌拾元整"},
    {-99999999999999, "负玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"},
};

Test(words, worked_examples)
{
    for (size_t i = 0; i < sizeof examples / sizeof examples[0]; i++) {
        char buf[OUTLAY_WORDS_BUFSZ];
        cr_assert_eq(outlay_words(examples[i].fen, buf, sizeof buf), OUTLAY_OK, "fen %lld",
                     (long long)examples[i].fen);
        cr_assert_str_eq(buf, examples[i].want, "fen %lld", (long long)examples[i].fen);
    }
}

Test(words, overflow)
{
    static const int64_t bad[] = {OUTLAY_MONEY_MAX + 1, -OUTLAY_MONEY_MAX - 1, INT64_MAX,
                                  INT64_MIN};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char buf[OUTLAY_WORDS_BUFSZ] = "junk";
        cr_assert_eq(outlay_words(bad[i], buf, sizeof buf), OUTLAY_EOVERFLOW);
        cr_assert_str_eq(buf, "");
    }
}

Test(words, small_buffer)
{
    char buf[OUTLAY_WORDS_BUFSZ];
    const char *want = "肆仟零捌拾元整"; /* 7 characters, 21 bytes */

    memset(buf, 'x', sizeof buf);
    cr_assert_eq(outlay_words(408000, buf, 21), OUTLAY_EINVAL);
    cr_assert_str_eq(buf, "");
    cr_assert_eq(buf[1], 'x', "wrote past the end of a short buffer");
    cr_assert_eq(outlay_words(408000, buf, 22), OUTLAY_OK);
    cr_assert_str_eq(buf, want);
    cr_assert_eq(outlay_words(408000, buf, 1), OUTLAY_EINVAL);
    cr_assert_str_eq(buf, "");
    cr_assert_eq(outlay_words(408000, NULL, 0), OUTLAY_EINVAL);
}

Test(words, bufsz_holds_the_longest)
{
    char buf[OUTLAY_WORDS_BUFSZ];
    cr_assert_eq(outlay_words(-OUTLAY_MONEY_MAX, buf, sizeof buf), OUTLAY_OK);
    cr_assert_lt(strlen(buf), sizeof buf);
}

/* An independent reader of capital numerals: fen, or -1 if it cannot read. */
static int64_t decode(const char *s)
{
    static const char *const d[10] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
    int64_t total = 0, section = 0, digit = 0, yuan = 0, jiao = 0, fen = 0;
    int neg = 0;

    if (strncmp(s, "负", 3) == 0)
        neg = 1, s += 3;
    while (*s) {
        int k;
        for (k = 0; k < 10 && strncmp(s, d[k], 3) != 0; k++)
            ;
        if (k < 10)
            digit = k;
        else if (strncmp(s, "拾", 3) == 0)
            section += digit * 10, digit = 0;
        else if (strncmp(s, "佰", 3) == 0)
            section += digit * 100, digit = 0;
        else if (strncmp(s, "仟", 3) == 0)
            section += digit * 1000, digit = 0;
        else if (strncmp(s, "亿", 3) == 0)
            total = (total + section + digit) * 100000000, section = digit = 0;
        else if (strncmp(s, "万", 3) == 0)
            total += (section + digit) * 10000, section = digit = 0;
        else if (strncmp(s, "元", 3) == 0)
            yuan = total + section + digit, total = section = digit = 0;
        else if (strncmp(s, "角", 3) == 0)
            jiao = digit, digit = 0;
        else if (strncmp(s, "分", 3) == 0)
            fen = digit, digit = 0;
        else if (strcmp(s, "整") != 0)
            return -1; /* 整 only at the very end */
        s += 3;
    }
    return (neg ? -1 : 1) * (yuan * 100 + jiao * 10 + fen);
}

/* Amounts with many zeros, where the rules are hard: each digit is 0 half
 * the time. A fixed LCG keeps the run reproducible. */
static int64_t next_amount(uint64_t *state)
{
    int64_t v = 0;
    int len;

    *state = *state * 6364136223846793005u + 1442695040888963407u;
    len = (int)(*state >> 60) % 14 + 1;
    for (int i = 0; i < len; i++) {
        *state = *state * 6364136223846793005u + 1442695040888963407u;
        uint64_t r = *state >> 33;
        v = v * 10 + (r & 1 ? 0 : (int64_t)(r >> 1) % 9 + 1);
    }
    return (*state >> 32) % 5 == 0 ? -v : v;
}

static int has_unit_after_zero(const char *s)
{
    static const char *const units[] = {"拾", "佰", "仟", "万", "亿", "元", "角", "分"};
    for (const char *p = strstr(s, "零"); p; p = strstr(p + 3, "零"))
        for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
            if (strncmp(p + 3, units[i], 3) == 0 && !(i == 5 && p == s))
                return 1;
    return 0;
}

Test(words, invariants_over_generated_amounts)
{
    uint64_t state = 20240601;

    for (int i = 0; i < 20000; i++) {
        int64_t v = next_amount(&state);
        char buf[OUTLAY_WORDS_BUFSZ];
        size_t len;

        cr_assert_eq(outlay_words(v, buf, sizeof buf), OUTLAY_OK, "%lld", (long long)v);
        len = strlen(buf);
        cr_assert_null(strstr(buf, "零零"), "%lld: %s", (long long)v, buf);
        cr_assert_null(strstr(buf, "分整"), "%lld: %s", (long long)v, buf);
        cr_assert(len >= 3 &&
                      (strcmp(buf + len - 3, "整") == 0 || strcmp(buf + len - 3, "分") == 0),
                  "%lld: %s", (long long)v, buf);
        cr_assert_not(has_unit_after_zero(buf), "%lld: %s", (long long)v, buf);
        cr_assert_eq(decode(buf), v, "%lld: %s", (long long)v, buf);
    }
}
