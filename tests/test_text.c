#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <uninorm.h>
#include <unistr.h>

#include "outlay/text.h"
#include "test_util.h"

struct utf8_case {
    const char *bytes;
    size_t len;
    int valid;
};

#define U(s, v)                                                                                    \
    {                                                                                              \
        s, sizeof s - 1, v                                                                         \
    }

static const struct utf8_case utf8_cases[] = {
    U("", 1),
    U("plain ascii", 1),
    U("工会活动 ¥", 1),
    U("\x7f", 1),             /* DEL is UTF-8; text_check refuses it */
    U("\xc2\x80", 1),         /* U+0080, smallest 2-byte */
    U("\xdf\xbf", 1),         /* U+07FF */
    U("\xe0\xa0\x80", 1),     /* U+0800, smallest 3-byte */
    U("\xed\x9f\xbf", 1),     /* U+D7FF, just below the surrogates */
    U("\xee\x80\x80", 1),     /* U+E000, just above */
    U("\xef\xbf\xbf", 1),     /* U+FFFF */
    U("\xf0\x90\x80\x80", 1), /* U+10000, smallest 4-byte */
    U("\xf4\x8f\xbf\xbf", 1), /* U+10FFFF, the last code point */
    U("a\0b", 1),             /* NUL is a code point; len counts it */
    U("\xc0\x80", 0),         /* overlong NUL */
    U("\xc1\xbf", 0),         /* overlong U+007F */
    U("\xe0\x80\xaf", 0),     /* overlong '/' */
    U("\xe0\x9f\xbf", 0),     /* overlong U+07FF */
    U("\xf0\x8f\xbf\xbf", 0), /* overlong U+FFFF */
    U("\xed\xa0\x80", 0),     /* U+D800 */
    U("\xed\xbf\xbf", 0),     /* U+DFFF */
    U("\xf4\x90\x80\x80", 0), /* U+110000 */
    U("\xf5\x80\x80\x80", 0),
    U("\xf8\x88\x80\x80\x80", 0), /* old 5-byte form */
    U("\xff", 0),
    U("\xfe", 0),
    U("\x80", 0), /* stray continuation */
    U("a\xbf", 0),
    U("\xc2", 0), /* truncated */
    U("\xe4\xb8", 0),
    U("\xf0\x9f\x98", 0),
    U("\xe4\xb8z", 0), /* continuation missing */
    U("\xc2\xc2\x80", 0),
};

Test(text, utf8_valid_table)
{
    for (size_t i = 0; i < sizeof utf8_cases / sizeof utf8_cases[0]; i++)
        cr_assert_eq(outlay_utf8_valid(utf8_cases[i].bytes, utf8_cases[i].len), utf8_cases[i].valid,
                     "case %zu", i);
    cr_assert_eq(outlay_utf8_valid(NULL, 0), 1);
}

/* A valid sequence cut anywhere before its end is invalid. */
Test(text, utf8_every_prefix_of_a_sequence)
{
    const char *s = "\xf0\x9f\x98\x80";
    for (size_t n = 1; n < 4; n++)
        cr_assert_eq(outlay_utf8_valid(s, n), 0, "prefix %zu", n);
    cr_assert_eq(outlay_utf8_valid(s, 4), 1);
}

Test(text, utf8_length)
{
    cr_assert_eq(outlay_utf8_length(""), 0);
    cr_assert_eq(outlay_utf8_length(NULL), 0);
    cr_assert_eq(outlay_utf8_length("abc"), 3);
    cr_assert_eq(outlay_utf8_length("工会"), 2);
    cr_assert_eq(outlay_utf8_length("a¥\xf0\x9f\x98\x80z"), 4);
}

/* "column: problem", or "" when there is none. */
static const char *placed(const outlay_err *e)
{
    static char buf[2200];
    if (e->code == OUTLAY_P_NONE)
        return "";
    snprintf(buf, sizeof buf, "%s: %s", e->column, problem_str(e));
    return buf;
}

struct check_case {
    const char *s;
    size_t max;
    enum outlay_status status;
    const char *msg;
};

static const struct check_case check_cases[] = {
    {"Tea and fruit", 1000, OUTLAY_OK, ""},
    {"茶歇\t水果", 1000, OUTLAY_OK, ""},
    {"", 1000, OUTLAY_OK, ""},
    {"12345", 5, OUTLAY_OK, ""},
    {"工会活动经费", 6, OUTLAY_OK, ""},
    {"123456", 5, OUTLAY_EINVAL, "item: text_long(6, 5)"},
    {"工会活动经费", 5, OUTLAY_EINVAL, "item: text_long(6, 5)"},
    {"abcd\nx", 1000, OUTLAY_EINVAL, "item: text_control(U+000A, 5)"},
    {"\r", 1000, OUTLAY_EINVAL, "item: text_control(U+000D, 1)"},
    {"工会\x1b", 1000, OUTLAY_EINVAL, "item: text_control(U+001B, 3)"},
    {"a\x7f", 1000, OUTLAY_EINVAL, "item: text_control(U+007F, 2)"},
    {"a\xc2\x80", 1000, OUTLAY_EINVAL, "item: text_control(U+0080, 2)"},
    {"a\xc2\x9f", 1000, OUTLAY_EINVAL, "item: text_control(U+009F, 2)"},
    {"a\xc2\xa0", 1000, OUTLAY_OK, ""},                            /* no-break space is text */
    {"\xb9\xa4\xbb\xe1", 1000, OUTLAY_EINVAL, "item: not_utf8()"}, /* GBK 工会 */
    {"ok\xed\xa0\x80", 1000, OUTLAY_EINVAL, "item: not_utf8()"},
};

Test(text, check_table)
{
    for (size_t i = 0; i < sizeof check_cases / sizeof check_cases[0]; i++) {
        const struct check_case *c = &check_cases[i];
        outlay_err err = {0};
        cr_assert_eq(outlay_text_check(c->s, "item", c->max, &err), c->status, "case %zu", i);
        cr_assert_str_eq(placed(&err), c->msg, "case %zu", i);
    }
}

Test(text, check_null_means_not_given)
{
    outlay_err err = {0};
    cr_assert_eq(outlay_text_check(NULL, "item", OUTLAY_TEXT_MAX, &err), OUTLAY_OK);
    cr_assert_eq(outlay_text_check("\n", "item", OUTLAY_TEXT_MAX, NULL), OUTLAY_EINVAL);
}

Test(text, check_limit_is_code_points)
{
    char s[3 * OUTLAY_TEXT_MAX + 4];
    outlay_err err = {0};

    for (size_t i = 0; i < OUTLAY_TEXT_MAX; i++)
        memcpy(s + 3 * i, "费", 3);
    s[3 * OUTLAY_TEXT_MAX] = '\0';
    cr_assert_eq(outlay_text_check(s, "note", OUTLAY_TEXT_MAX, &err), OUTLAY_OK);
    strcat(s, "x");
    cr_assert_eq(outlay_text_check(s, "note", OUTLAY_TEXT_MAX, &err), OUTLAY_EINVAL);
    cr_assert_str_eq(placed(&err), "note: text_long(1001, 1000)");
}

struct quote_case {
    const char *s;
    const char *want;
};

static const struct quote_case quote_cases[] = {
    {"12a", "12a"},
    {"¥12", "¥12"},
    {"a\tb\n", "a\\x09b\\x0A"},
    {"\x7f", "\\x7F"},
    {"\xc2\x85", "\\u0085"},
    {"\xff\xfe", "\\xFF\\xFE"},
    {"\xe4\xb8", "\\xE4\\xB8"},
    {"1234567890123456789012345678901234567890", "1234567890123456789012345678901234567890"},
    {"12345678901234567890123456789012345678901", "1234567890123456789012345678901234567890…"},
    {"工工工工工工工工工工工工工工工工工工工工工工工工工工工工工工工工工工工工工工工工工",
     "工工工工工工工工工工工工工工工工工工工工工工工工工工工工工工工工工工工工工工工工…"},
};

Test(text, quote_table)
{
    for (size_t i = 0; i < sizeof quote_cases / sizeof quote_cases[0]; i++) {
        char buf[OUTLAY_TEXT_QUOTE_BUFSZ];
        const char *s = quote_cases[i].s;
        cr_assert_str_eq(outlay_text_quote(s, strlen(s), buf, sizeof buf), quote_cases[i].want);
    }
}

/* Worst case: 40 escapes of 6 bytes and more after them fit the buffer. */
Test(text, quote_worst_case_fits)
{
    char in[200], buf[OUTLAY_TEXT_QUOTE_BUFSZ];
    for (size_t i = 0; i < sizeof in; i += 2)
        memcpy(in + i, "\xc2\x85", 2);
    outlay_text_quote(in, sizeof in, buf, sizeof buf);
    cr_assert_eq(strlen(buf), 40 * 6 + strlen("…"));
}

Test(text, quote_small_buffer_never_overflows)
{
    const char *s = "工会活动经费 with a long tail of text that goes on";
    for (size_t n = 1; n < 64; n++) {
        char buf[64];
        memset(buf, 'x', sizeof buf);
        outlay_text_quote(s, strlen(s), buf, n);
        cr_assert_lt(strlen(buf), n, "n %zu", n);
        cr_assert_eq(buf[n], 'x', "n %zu", n);
        cr_assert_eq(outlay_utf8_valid(buf, strlen(buf)), 1, "n %zu", n);
    }
}

Test(text, distance_for_hints)
{
    /* SPEC §11: in code points, so a Chinese name one character off is near */
    cr_assert_eq(outlay_text_distance("王方", "王芳"), 1);
    cr_assert_eq(outlay_text_distance("王芳", "王小芳"), 1);
    cr_assert_eq(outlay_text_distance("Zoë", "Zoe"), 1);
    cr_assert_eq(outlay_text_distance("😀", ""), 1);
    cr_assert_eq(outlay_text_distance("\xff\xfe", "\xff"), 1, "a bad byte counts as one");
    cr_assert_eq(outlay_text_distance("category", "catgory"), 1);
    cr_assert_eq(outlay_text_distance("paid-by", "paidby"), 1);
    cr_assert_eq(outlay_text_distance("", "abc"), 3);
    cr_assert_eq(outlay_text_distance("same", "same"), 0);
    cr_assert_eq(outlay_text_distance("kitten", "sitting"), 3);
    char long_text[80];
    memset(long_text, 'x', 79);
    long_text[79] = 0;
    cr_assert_eq(outlay_text_distance(long_text, "x"), (size_t)-1);
    /* the bound is 64 code points, not bytes: 64 Chinese characters are 192 bytes */
    char han[65 * 3 + 1] = "";
    for (int i = 0; i < 64; i++)
        strcat(han, "王");
    cr_assert_eq(outlay_text_distance(han, "王"), 63);
    strcat(han, "王");
    cr_assert_eq(outlay_text_distance(han, "王"), (size_t)-1);
}

/* SPEC §11: a name's spaces are trimmed and squeezed; only a change is
 * copied. */
Test(text, names_trimmed_and_squeezed)
{
    static const struct {
        const char *in, *want; /* want NULL: kept as it is */
    } cases[] = {
        {"Wang Fang", NULL},
        {"王芳", NULL},
        {"", NULL},
        {"  Wang   Fang ", "Wang Fang"},
        {"Wang\tFang", "Wang Fang"},
        {"\xe3\x80\x80王\xe3\x80\x80\xe3\x80\x80芳\xe3\x80\x80", "王 芳"}, /* U+3000 */
        {"Wang\xc2\xa0"
         "Fang",
         "Wang Fang"}, /* U+00A0 */
        {"   ", ""},
        {" x", "x"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = (char *)1;
        outlay_err err = {0};
        cr_assert_eq(outlay_text_name(cases[i].in, &out, &err), OUTLAY_OK);
        if (cases[i].want)
            cr_assert_str_eq(out, cases[i].want, "'%s'", cases[i].in);
        else
            cr_assert_null(out, "'%s' needs no copy", cases[i].in);
        free(out);
    }
}

/* SPEC §11: names that differ only in letter case (Unicode's, not only
 * ASCII's) or in spaces share one key; other names do not. */
Test(text, name_keys_fold_case_and_spaces)
{
    static const struct {
        const char *a, *b;
        int same;
    } cases[] = {
        {"Wang Fang", "wang fang", 1},
        {"Wang Fang", "  WANG   FANG ", 1},
        {"\xc3\x89va", "\xc3\xa9VA", 1}, /* Éva, éVA */
        {"Stra\xc3\x9f"
         "e",
         "STRASSE", 1},                     /* ß folds to ss */
        {"Jos\xc3\xa9", "JOSE\xcc\x81", 1}, /* NFC after folding */
        {"王芳", "王芳", 1},
        {"王芳", "王方", 0},
        {"Wang Fang", "WangFang", 0},
        {"Ann", "Anne", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *ka = NULL, *kb = NULL;
        outlay_err err = {0};
        cr_assert_eq(outlay_text_name_key(cases[i].a, &ka, &err), OUTLAY_OK);
        cr_assert_eq(outlay_text_name_key(cases[i].b, &kb, &err), OUTLAY_OK);
        cr_assert_eq(strcmp(ka, kb) == 0, cases[i].same, "'%s' (%s) and '%s' (%s)", cases[i].a, ka,
                     cases[i].b, kb);
        free(ka);
        free(kb);
    }
    char *k = NULL;
    outlay_err err = {0};
    cr_assert_eq(outlay_text_name_key("AB\xff", &k, &err), OUTLAY_OK, "not UTF-8: ASCII folds");
    cr_assert_str_eq(k, "ab\xff");
    free(k);
}

Test(text, tag_separators)
{
    cr_assert_eq(outlay_text_tag_separator(";a"), 1);
    cr_assert_eq(outlay_text_tag_separator(",a"), 1);
    cr_assert_eq(outlay_text_tag_separator("；a"), 3);
    cr_assert_eq(outlay_text_tag_separator("，a"), 3);
    cr_assert_eq(outlay_text_tag_separator("、a"), 3);
    cr_assert_eq(outlay_text_tag_separator("a;"), 0);
    cr_assert_eq(outlay_text_tag_separator("。"), 0);
    cr_assert_eq(outlay_text_tag_separator(""), 0);
}

/* strcasecmp follows LC_CTYPE: under tr_TR "I" is not the capital of "i",
 * so an import header ITEM was not item. Keywords fold ASCII only. */
Test(text, casecmp_is_the_same_under_every_locale)
{
    static const char *const locales[] = {"C", "C.UTF-8", "tr_TR.UTF-8", "de_DE.UTF-8"};
    for (size_t i = 0; i < sizeof locales / sizeof locales[0]; i++) {
        use_locale(locales[i]);
        cr_assert_eq(outlay_text_casecmp("ITEM", "item"), 0, "%s", locales[i]);
        cr_assert_eq(outlay_text_casecmp("Unit_Price", "UNIT_PRICE"), 0);
        cr_assert_eq(outlay_text_casecmp("", ""), 0);
        cr_assert_lt(outlay_text_casecmp("a", "B"), 0);
        cr_assert_gt(outlay_text_casecmp("item", "ITE"), 0);
        cr_assert_lt(outlay_text_casecmp("ITE", "item"), 0);
        cr_assert_neq(outlay_text_casecmp("É", "é"), 0, "only ASCII folds");
        cr_assert_neq(outlay_text_casecmp("[", "{"), 0, "not letters");
    }
    setlocale(LC_ALL, "C");
}

/* NFC (docs/spec-notes.md): one form for text that looks the same. */
Test(text, nfc)
{
    static const struct {
        const char *in, *want; /* want NULL: in is NFC already */
    } cases[] = {
        {"plain ascii", NULL},
        {"", NULL},
        {"Jos\xc3\xa9", NULL},                        /* é precomposed */
        {"王芳 ¥", NULL},                             /* CJK is NFC */
        {"Jose\xcc\x81", "Jos\xc3\xa9"},              /* e + U+0301 -> U+00E9 */
        {"A\xcc\x8a", "\xc3\x85"},                    /* A + ring -> U+00C5 */
        {"\xe2\x84\xab", "\xc3\x85"},                 /* ANGSTROM SIGN -> U+00C5 */
        {"\xe1\x84\x80\xe1\x85\xa1", "\xea\xb0\x80"}, /* Hangul jamo -> 가 */
        {"\xe0\xa5\x98", "\xe0\xa4\x95\xe0\xa4\xbc"}, /* U+0958 grows: excluded */
        {"cafe\xcc\x81;Jose\xcc\x81", "caf\xc3\xa9;Jos\xc3\xa9"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = (char *)1;
        outlay_err err = {0};
        cr_assert_eq(outlay_text_nfc(cases[i].in, &out, &err), OUTLAY_OK, "case %zu", i);
        if (cases[i].want)
            cr_assert_str_eq(out, cases[i].want, "case %zu", i);
        else
            cr_assert_null(out, "case %zu: already NFC, nothing to free", i);
        free(out);
    }
    char *out = (char *)1;
    outlay_err err = {0};
    cr_assert_eq(outlay_text_nfc(NULL, &out, &err), OUTLAY_OK);
    cr_assert_null(out);
    cr_assert_eq(outlay_text_nfc("caf\xff", &out, &err), OUTLAY_EINVAL);
    cr_assert_null(out);
    cr_assert_eq(outlay_text_nfc("cafe\xcc", &out, &err), OUTLAY_EINVAL, "cut short");
}

/* Past the stack buffer (4 KiB), libunistring allocates: 2,000 "é" as NFD
 * (6,000 bytes) become 4,000 bytes; as NFC already, nothing is allocated. */
Test(text, nfc_of_long_text)
{
    char nfd[6001], nfc[4001], *out = NULL;
    outlay_err err = {0};
    for (size_t i = 0; i < 2000; i++) {
        memcpy(nfd + 3 * i, "e\xcc\x81", 3);
        memcpy(nfc + 2 * i, "\xc3\xa9", 2);
    }
    nfd[6000] = nfc[4000] = '\0';
    cr_assert_eq(outlay_text_nfc(nfd, &out, &err), OUTLAY_OK);
    cr_assert_str_eq(out, nfc);
    free(out);
    out = (char *)1;
    cr_assert_eq(outlay_text_nfc(nfc, &out, &err), OUTLAY_OK);
    cr_assert_null(out);
}

/* The code points of valid UTF-8 s, into a heap array; *n their count. A
 * decoder of its own: the reference shares no code with src/text.c. */
static unsigned long *points(const char *s, size_t *n)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned long *v = malloc((strlen(s) + 1) * sizeof *v);
    cr_assert_not_null(v);
    *n = 0;
    while (*p) {
        int k = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
        unsigned long c = k == 1 ? *p : *p & (0x3F >> (k - 1));
        for (int i = 1; i < k; i++)
            c = c << 6 | (p[i] & 0x3F);
        v[(*n)++] = c;
        p += k;
    }
    return v;
}

/* Levenshtein over code points, the whole matrix on the heap: the
 * reference. */
static size_t reference_distance(const char *sa, const char *sb)
{
    size_t n, m;
    unsigned long *a = points(sa, &n), *b = points(sb, &m);
    size_t *d = malloc((n + 1) * (m + 1) * sizeof *d);
    cr_assert_not_null(d);
    for (size_t i = 0; i <= n; i++)
        for (size_t j = 0; j <= m; j++) {
            size_t v;
            if (i == 0 || j == 0) {
                v = i + j;
            } else {
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

/* Exactly len bytes of valid UTF-8: whole copies of the character ch (1 to 4
 * bytes), then ASCII 'a' for the bytes left over. */
static void fill_utf8(char *out, size_t len, const char *ch)
{
    size_t k = strlen(ch), i = 0;
    for (; i + k <= len; i += k)
        memcpy(out + i, ch, k);
    for (; i < len; i++)
        out[i] = 'a';
    out[len] = 0;
}

/* The "did you mean" hints compare what was typed, of any length, with known
 * names: stack buffers sized for 64 code points must never be overrun
 * (ASan, in make test, turns an overrun into a crash), and the header's
 * contract holds for every length on either side: (size_t)-1 past 64 code
 * points, the true distance in code points otherwise. Typed text: 1 to 300
 * bytes, ASCII and UTF-8 of 2, 3 and 4 bytes a character. */
Test(text, distance_every_length_either_side)
{
    static const char *const chars[] = {"x", "é", "王", "😀"};
    static const size_t known[] = {0, 1, 7, 8, 63, 64, 65, 66, 72, 79, 80, 81, 128, 300};
    char typed[301], name[301];
    for (size_t c = 0; c < sizeof chars / sizeof chars[0]; c++)
        for (size_t len = 1; len <= 300; len++) {
            fill_utf8(typed, len, chars[c]);
            for (size_t k = 0; k < sizeof known / sizeof known[0]; k++) {
                /* Names are ASCII or the same characters, for near misses. */
                fill_utf8(name, known[k], k % 2 ? chars[c] : "y");
                size_t want = outlay_utf8_length(typed) > 64 || outlay_utf8_length(name) > 64
                                  ? (size_t)-1
                                  : reference_distance(typed, name);
                cr_assert_eq(outlay_text_distance(typed, name), want,
                             "typed %zu bytes of '%s', name of %zu bytes", len, chars[c], known[k]);
                cr_assert_eq(outlay_text_distance(name, typed), want,
                             "name of %zu bytes, typed %zu bytes of '%s'", known[k], len, chars[c]);
            }
        }
}

/* The fast path of outlay_text_nfc: every code point it calls stable is
 * left alone by libunistring's NFC itself, alone, after a starter that
 * could compose with it ("e"), and between two of its own kind. */
Test(text, nfc_fast_path_agrees_with_libunistring)
{
    size_t checked = 0;
    for (uint32_t cp = 1; cp < 0x10000; cp++) {
        if (!outlay_text_nfc_stable_cp(cp) || (cp >= 0xD800 && cp <= 0xDFFF))
            continue;
        uint8_t one[4];
        int k = u8_uctomb(one, cp, sizeof one);
        cr_assert_gt(k, 0);
        uint8_t text[16];
        const char *const before[] = {"", "e", "\xe4\xb8\xad" /* 中 */};
        for (size_t b = 0; b < 3; b++) {
            size_t n = strlen(before[b]);
            memcpy(text, before[b], n);
            memcpy(text + n, one, (size_t)k);
            memcpy(text + n + k, one, (size_t)k);
            size_t len = n + 2 * (size_t)k, out_len = 0;
            uint8_t *r = u8_normalize(UNINORM_NFC, text, len, NULL, &out_len);
            cr_assert_not_null(r);
            cr_expect(out_len == len && memcmp(r, text, len) == 0, "U+%04X changes under NFC",
                      (unsigned)cp);
            free(r);
        }
        checked++;
    }
    cr_expect_gt(checked, 20000);
}

Test(text, narrow_reads_full_width_ascii)
{
    char out[64];
    cr_assert_eq(outlay_text_narrow("５０", 6, out), 2);
    cr_assert_str_eq(out, "50");
    outlay_text_narrow("１，０００．５０－＋／", 33, out);
    cr_assert_str_eq(out, "1,000.50-+/");
    outlay_text_narrow("\u3000工会～ｚ", 15, out);
    cr_assert_str_eq(out, " 工会~z");
    /* a cut sequence and other text stay as they are */
    outlay_text_narrow("a\xef\xbc", 3, out);
    cr_assert_str_eq(out, "a\xef\xbc");
    outlay_text_narrow("￥５", 6, out);
    cr_assert_str_eq(out, "￥5", "U+FFE5 is not in the ASCII block");
}

Test(text, width_counts_terminal_columns)
{
    cr_assert_eq(outlay_text_width(NULL), 0);
    cr_assert_eq(outlay_text_width(""), 0);
    cr_assert_eq(outlay_text_width("Ann"), 3);
    cr_assert_eq(outlay_text_width("王芳 Ann"), 8);
    cr_assert_eq(outlay_text_width("５０元"), 6, "full-width forms are wide");
    cr_assert_eq(outlay_text_width("Jose\xcc\x81"), 4, "a combining accent takes no column");
    cr_assert_eq(outlay_text_width("\xf0\x9f\x98\x80"), 2, "an emoji takes two");
    cr_assert_eq(outlay_text_width("a\tb"), 3);
    cr_assert_eq(outlay_text_width("a\xff"), 2, "a stray byte shows as one");
    cr_assert_eq(outlay_text_width("￥"), 2);
    cr_assert_eq(outlay_text_width("—"), 1, "ambiguous width is narrow in UTF-8");
}
