/* money: amounts as int64_t fen — parsing what people type, formatting, and
 * checked arithmetic (SPEC §3). No floating point anywhere. */
#include "outlay/money.h"

#include <stdlib.h>
#include <string.h>

#include "outlay/text.h"

/* Why a text is not an amount; each reason is one message. */
enum reason {
    R_OK,
    R_EMPTY,
    R_NAN,
    R_PLUS,
    R_SIGN_FIRST,
    R_POINT,
    R_COMMA,
    R_DECIMALS,
    R_NEGATIVE,
    R_LARGE,
};

static const enum outlay_problem reasons[] = {
    [R_EMPTY] = OUTLAY_P_AMOUNT_EMPTY,       [R_NAN] = OUTLAY_P_AMOUNT_FORM,
    [R_PLUS] = OUTLAY_P_AMOUNT_PLUS,         [R_SIGN_FIRST] = OUTLAY_P_AMOUNT_SIGN_FIRST,
    [R_POINT] = OUTLAY_P_AMOUNT_POINT,       [R_COMMA] = OUTLAY_P_AMOUNT_COMMA,
    [R_DECIMALS] = OUTLAY_P_AMOUNT_DECIMALS, [R_NEGATIVE] = OUTLAY_P_AMOUNT_NEGATIVE,
    [R_LARGE] = OUTLAY_P_AMOUNT_LARGE,
};

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Trims ASCII spaces and tabs: the text is [*b, *e). */
static void trim(const char *s, const char **b, const char **e)
{
    const char *end = s + strlen(s);

    while (is_blank(*s))
        s++;
    while (end > s && is_blank(end[-1]))
        end--;
    *b = s;
    *e = end;
}

/* Skips the literal lit at *p (within e) if it is there. */
static int skip(const char **p, const char *e, const char *lit)
{
    size_t n = strlen(lit);

    if ((size_t)(e - *p) < n || memcmp(*p, lit, n) != 0)
        return 0;
    *p += n;
    return 1;
}

/* Commas in [b, e) stand only between groups of three digits, the first
 * group having one to three (SPEC §3: `1,234.56`). */
static int commas_ok(const char *b, const char *e)
{
    const char *c = memchr(b, ',', (size_t)(e - b));
    size_t group = 0;

    if (!c)
        return 1;
    if (c - b < 1 || c - b > 3)
        return 0;
    for (const char *p = c + 1; p < e; p++) {
        if (*p == ',') {
            if (group != 3)
                return 0;
            group = 0;
        } else {
            group++;
        }
    }
    return group == 3;
}

/* Reads the unsigned number [p, e): digits, thousands commas, at most one
 * point with one or two decimals. Magnitude is capped so a long digit string
 * cannot overflow: anything over OUTLAY_MONEY_MAX is R_LARGE. */
static enum reason number(const char *p, const char *e, int64_t *fen)
{
    const char *dot = NULL;
    int64_t yuan = 0, frac = 0;
    int large = 0;

    if (p == e)
        return R_NAN;
    for (const char *q = p; q < e; q++) {
        if (*q == '.' && !dot)
            dot = q;
        else if (!is_digit(*q) && *q != ',')
            return R_NAN;
    }
    if (dot && (dot == p || dot + 1 == e))
        return R_POINT;
    if (!dot)
        dot = e;
    if (memchr(dot, ',', (size_t)(e - dot)) || !commas_ok(p, dot))
        return R_COMMA;
    if (e - dot > 3)
        return R_DECIMALS;
    for (const char *q = p; q < dot; q++) {
        if (*q == ',')
            continue;
        yuan = yuan * 10 + (*q - '0');
        if (yuan > OUTLAY_MONEY_MAX / 100) {
            large = 1;
            yuan = 0; /* keep going only to finish the scan */
        }
    }
    if (large)
        return R_LARGE;
    for (const char *q = dot + 1; q < dot + 3; q++)
        frac = frac * 10 + (q < e ? *q - '0' : 0);
    *fen = yuan * 100 + frac;
    return R_OK;
}

/* The sign, the currency mark and the number, in that order (SPEC §3). */
static enum reason amount(const char *p, const char *e, int allow_negative, int64_t *out)
{
    int neg = 0, mark;
    int64_t fen = 0;
    enum reason r;

    if (p == e)
        return R_EMPTY;
    if (*p == '+')
        return R_PLUS;
    if (*p == '-')
        neg = 1, p++;
    mark = skip(&p, e, "¥") || skip(&p, e, "￥") || skip(&p, e, "CNY ");
    if (mark && !neg && p < e && *p == '+')
        return R_PLUS;
    if (mark && !neg && p < e && *p == '-')
        return allow_negative ? R_SIGN_FIRST : R_NEGATIVE;
    r = number(p, e, &fen);
    /* A refused minus is named before the size: it is the first thing to
     * fix. `-0.00` is zero, not negative, so it passes. */
    if (neg && !allow_negative && (r == R_LARGE || (r == R_OK && fen != 0)))
        return R_NEGATIVE;
    if (r != R_OK)
        return r;
    *out = neg ? -fen : fen; /* -0.00 is 0 */
    return R_OK;
}

/* What people type, as the parser reads it (SPEC §12): full-width digits,
 * signs, commas and points as ASCII, and a trailing 元 left out. Into
 * small (n bytes) when it fits, else a malloc'd copy in *big; NULL when
 * out of memory. The result is trimmed: [*b, *e). */
static const char *as_typed(const char *s, int yuan_mark, char *small, size_t n, char **big,
                            const char **b, const char **e)
{
    size_t len = 0;
    int ascii = 1;
    for (; s[len]; len++)
        ascii &= (unsigned char)s[len] < 0x80;
    *big = NULL;
    if (ascii) { /* the common case: nothing to narrow, no 元: read it in place */
        trim(s, b, e);
        return s;
    }
    char *buf = small;
    if (len >= n && !(buf = *big = malloc(len + 1)))
        return NULL;
    outlay_text_narrow(s, len, buf);
    trim(buf, b, e);
    static const char yuan[] = "\xe5\x85\x83"; /* 元 */
    if (yuan_mark && (size_t)(*e - *b) > 3 && memcmp(*e - 3, yuan, 3) == 0) {
        *e -= 3;
        while (*e > *b && is_blank((*e)[-1]))
            --*e;
    }
    return buf;
}

enum outlay_status outlay_money_parse(const char *s, int allow_negative, int64_t *out,
                                      outlay_err *err)
{
    const char *b, *e, *ob, *oe;
    char small[256], *big;
    int64_t fen = 0;
    enum reason r;

    if (!s)
        s = "";
    if (!as_typed(s, 1, small, sizeof small, &big, &b, &e))
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    r = amount(b, e, allow_negative, &fen);
    free(big);
    if (r == R_OK) {
        *out = fen;
        return OUTLAY_OK;
    }
    trim(s, &ob, &oe); /* the message quotes what was typed */
    return outlay_fail(err, r == R_LARGE ? OUTLAY_EOVERFLOW : OUTLAY_EINVAL, reasons[r],
                       OUTLAY_A_INPUTN(ob, (size_t)(oe - ob)));
}

char *outlay_money_format(int64_t fen, int thousands, char buf[OUTLAY_MONEY_BUFSZ])
{
    /* Work on the unsigned magnitude so INT64_MIN needs no negation. */
    uint64_t mag = fen < 0 ? 0 - (uint64_t)fen : (uint64_t)fen;
    uint64_t yuan = mag / 100;
    char rev[OUTLAY_MONEY_BUFSZ];
    size_t n = 0, k = 0;

    rev[n++] = (char)('0' + mag % 10);
    rev[n++] = (char)('0' + mag / 10 % 10);
    rev[n++] = '.';
    do {
        if (thousands && k && k % 3 == 0)
            rev[n++] = ',';
        rev[n++] = (char)('0' + yuan % 10);
        yuan /= 10;
        k++;
    } while (yuan);
    if (fen < 0)
        rev[n++] = '-';
    for (size_t i = 0; i < n; i++)
        buf[i] = rev[n - 1 - i];
    buf[n] = '\0';
    return buf;
}

enum outlay_status outlay_money_add(int64_t a, int64_t b, int64_t *out)
{
    int64_t r;

    if (__builtin_add_overflow(a, b, &r))
        return OUTLAY_EOVERFLOW;
    *out = r;
    return OUTLAY_OK;
}

enum outlay_status outlay_money_mul(int64_t a, int64_t b, int64_t *out)
{
    int64_t r;

    if (__builtin_mul_overflow(a, b, &r))
        return OUTLAY_EOVERFLOW;
    *out = r;
    return OUTLAY_OK;
}

enum outlay_status outlay_qty_parse(const char *s, int64_t *out, outlay_err *err)
{
    const char *b, *e, *ob, *oe;
    char small[256], *big;
    int64_t v = 0;

    if (!s)
        s = "";
    if (!as_typed(s, 0, small, sizeof small, &big, &b, &e))
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    if (b == e) {
        free(big);
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_QTY_EMPTY);
    }
    for (const char *p = b; p < e; p++) {
        if (!is_digit(*p)) {
            v = -1;
            break;
        }
        v = v * 10 + (*p - '0');
        if (v > OUTLAY_QTY_MAX)
            break; /* too large already; no need to read on */
    }
    free(big);
    if (v < 1 || v > OUTLAY_QTY_MAX) {
        trim(s, &ob, &oe); /* the message quotes what was typed */
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_QTY_FORM,
                           OUTLAY_A_INPUTN(ob, (size_t)(oe - ob)));
    }
    *out = v;
    return OUTLAY_OK;
}
