/*
 * fuzz_money: outlay_money_parse and outlay_qty_parse on arbitrary text.
 *
 * Properties checked for every input (SPEC §3):
 * - an accepted amount is within ±OUTLAY_MONEY_MAX, and accepting it without
 *   negatives implies accepting it with negatives, to the same value;
 * - its value equals the one read from the input's digits and point alone
 *   (every accepted form is sign, currency mark, digits, commas, one point
 *   and blanks, and only the digits carry value);
 * - round trip: both formats of the value (plain and with thousands) parse
 *   back to the same value;
 * - a refused amount leaves *out untouched and says why, with EINVAL or
 *   EOVERFLOW;
 * - an accepted quantity is 1..OUTLAY_QTY_MAX.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/money.h"

#define SENTINEL INT64_C(0x5A5A5A5A5A5A5A5A)

/* The amount written by the digits and the one point of s (ASCII or
 * full-width), in fen, or -1 when it does not fit (the parser must then have
 * refused it). */
static int64_t digits_value(const char *s)
{
    int64_t yuan = 0, frac = 0;
    int after_point = 0, decimals = 0;

    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        int c = *p;
        /* SPEC §12: full-width digits (U+FF10..U+FF19) and point (U+FF0E) */
        if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99)
            c = '0' + (p[2] - 0x90), p += 2;
        else if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8E)
            c = '.', p += 2;
        if (c == '.') {
            after_point = 1;
        } else if (c >= '0' && c <= '9') {
            if (after_point) {
                if (++decimals > 2)
                    abort(); /* accepted with 3 decimals */
                frac = frac * 10 + (c - '0');
            } else {
                yuan = yuan * 10 + (c - '0');
                if (yuan > OUTLAY_MONEY_MAX)
                    return -1;
            }
        }
    }
    if (decimals == 1)
        frac *= 10;
    if (yuan > OUTLAY_MONEY_MAX / 100)
        return -1;
    return yuan * 100 + frac;
}

/* A refusal reports a problem: a code of the money module's, with the
 * arguments its kinds promise. */
static int is_problem(const outlay_err *e)
{
    return e->code > OUTLAY_P_NONE && e->code < OUTLAY_P_COUNT && e->code != OUTLAY_P_BAD_PROBLEM &&
           e->nargs == (int)strlen(outlay_problem_args(e->code));
}

static void check_refused(enum outlay_status rc, int64_t v, const outlay_err *err)
{
    if (rc != OUTLAY_EINVAL && rc != OUTLAY_EOVERFLOW)
        abort();
    if (v != SENTINEL || err->status != rc || !is_problem(err))
        abort();
}

static void round_trip(int64_t v)
{
    char buf[OUTLAY_MONEY_BUFSZ];
    for (int thousands = 0; thousands <= 1; thousands++) {
        int64_t back = SENTINEL;
        outlay_err err = {0};
        outlay_money_format(v, thousands, buf);
        if (outlay_money_parse(buf, 1, &back, &err) != OUTLAY_OK || back != v)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';

    int64_t pos = SENTINEL, any = SENTINEL;
    outlay_err e1 = {0}, e2 = {0};
    enum outlay_status r1 = outlay_money_parse(s, 0, &pos, &e1);
    enum outlay_status r2 = outlay_money_parse(s, 1, &any, &e2);

    if (r1 == OUTLAY_OK) {
        if (r2 != OUTLAY_OK || any != pos || pos < 0)
            abort();
    } else {
        check_refused(r1, pos, &e1);
    }
    if (r2 == OUTLAY_OK) {
        if (any > OUTLAY_MONEY_MAX || any < -OUTLAY_MONEY_MAX)
            abort();
        int64_t want = digits_value(s);
        if (want < 0 || (any < 0 ? -any : any) != want)
            abort();
        round_trip(any);
    } else {
        check_refused(r2, any, &e2);
    }

    int64_t q = SENTINEL;
    outlay_err e3 = {0};
    if (outlay_qty_parse(s, &q, &e3) == OUTLAY_OK) {
        if (q < 1 || q > OUTLAY_QTY_MAX)
            abort();
    } else if (q != SENTINEL || !is_problem(&e3)) {
        abort();
    }
    free(s);
    return 0;
}
