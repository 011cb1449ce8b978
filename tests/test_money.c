#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "outlay/money.h"
#include "test_util.h"

struct parse_case {
    const char *in;
    int allow_negative;
    enum outlay_status status;
    int64_t fen;     /* when OUTLAY_OK */
    const char *msg; /* when not */
};

static const struct parse_case parse_cases[] = {
    /* accepted forms (SPEC §3) */
    {"1234", 0, OUTLAY_OK, 123400, NULL},
    {"1234.5", 0, OUTLAY_OK, 123450, NULL},
    {"1234.56", 0, OUTLAY_OK, 123456, NULL},
    {"1,234.56", 0, OUTLAY_OK, 123456, NULL},
    {"1,234", 0, OUTLAY_OK, 123400, NULL},
    {"12,345,678.90", 0, OUTLAY_OK, 1234567890, NULL},
    {"0", 0, OUTLAY_OK, 0, NULL},
    {"0.05", 0, OUTLAY_OK, 5, NULL},
    {"007", 0, OUTLAY_OK, 700, NULL},
    {"¥12.50", 0, OUTLAY_OK, 1250, NULL},
    {"￥12.50", 0, OUTLAY_OK, 1250, NULL},
    {"CNY 5", 0, OUTLAY_OK, 500, NULL},
    {"¥1,234.5", 0, OUTLAY_OK, 123450, NULL},
    {"  42  ", 0, OUTLAY_OK, 4200, NULL},
    {"\t42.1\t ", 0, OUTLAY_OK, 4210, NULL},
    {" ¥ 5", 0, OUTLAY_EINVAL, 0, "amount_form(¥ 5)"},
    {"999999999999.99", 0, OUTLAY_OK, 99999999999999, NULL},
    {"999,999,999,999.99", 0, OUTLAY_OK, 99999999999999, NULL},
    {"-999999999999.99", 1, OUTLAY_OK, -99999999999999, NULL},
    {"00000000000000000000000000001", 0, OUTLAY_OK, 100, NULL},
    /* negatives */
    {"-12.50", 1, OUTLAY_OK, -1250, NULL},
    {"-¥12.50", 1, OUTLAY_OK, -1250, NULL},
    {"-￥12.50", 1, OUTLAY_OK, -1250, NULL},
    {"-CNY 12.50", 1, OUTLAY_OK, -1250, NULL},
    {"-0.00", 1, OUTLAY_OK, 0, NULL},
    {"-0.00", 0, OUTLAY_OK, 0, NULL},
    {"-5", 0, OUTLAY_EINVAL, 0, "amount_negative(-5)"},
    {"-¥12.50", 0, OUTLAY_EINVAL, 0, "amount_negative(-¥12.50)"},
    {"-1000000000000", 0, OUTLAY_EINVAL, 0, "amount_negative(-1000000000000)"},
    {"¥-12.50", 1, OUTLAY_EINVAL, 0, "amount_sign_first(¥-12.50)"},
    {"¥-12.50", 0, OUTLAY_EINVAL, 0, "amount_negative(¥-12.50)"},
    {"--5", 1, OUTLAY_EINVAL, 0, "amount_form(--5)"},
    {"-¥-5", 1, OUTLAY_EINVAL, 0, "amount_form(-¥-5)"},
    {"- 5", 1, OUTLAY_EINVAL, 0, "amount_form(- 5)"},
    {"-", 1, OUTLAY_EINVAL, 0, "amount_form(-)"},
    {"+5", 0, OUTLAY_EINVAL, 0, "amount_plus(+5)"},
    {"¥+5", 0, OUTLAY_EINVAL, 0, "amount_plus(¥+5)"},
    /* empty */
    {"", 0, OUTLAY_EINVAL, 0, "amount_empty()"},
    {"   \t ", 0, OUTLAY_EINVAL, 0, "amount_empty()"},
    {"¥", 0, OUTLAY_EINVAL, 0, "amount_form(¥)"},
    {"CNY ", 0, OUTLAY_EINVAL, 0, "amount_form(CNY)"},
    /* not numbers */
    {"12a", 0, OUTLAY_EINVAL, 0, "amount_form(12a)"},
    {"1e3", 0, OUTLAY_EINVAL, 0, "amount_form(1e3)"},
    {"0x10", 0, OUTLAY_EINVAL, 0, "amount_form(0x10)"},
    {"1.2.3", 0, OUTLAY_EINVAL, 0, "amount_form(1.2.3)"},
    {"1 234", 0, OUTLAY_EINVAL, 0, "amount_form(1 234)"},
    {"CNY5", 0, OUTLAY_EINVAL, 0, "amount_form(CNY5)"},
    {"CNY  5", 0, OUTLAY_EINVAL, 0, "amount_form(CNY  5)"},
    {"cny 5", 0, OUTLAY_EINVAL, 0, "amount_form(cny 5)"},
    {"5¥", 0, OUTLAY_EINVAL, 0, "amount_form(5¥)"},
    /* SPEC §12: as a Chinese input method types it */
    {"１２", 0, OUTLAY_OK, 1200, NULL},
    {"５０", 0, OUTLAY_OK, 5000, NULL},
    {"１，０００．５０", 0, OUTLAY_OK, 100050, NULL},
    {"￥１２．５", 0, OUTLAY_OK, 1250, NULL},
    {"－１２", 1, OUTLAY_OK, -1200, NULL},
    {"－１２", 0, OUTLAY_EINVAL, 0, "amount_negative(－１２)"},
    {"50元", 0, OUTLAY_OK, 5000, NULL},
    {"50 元", 0, OUTLAY_OK, 5000, NULL},
    {"¥1,234.5元", 0, OUTLAY_OK, 123450, NULL},
    {"\u3000５０元\u3000", 0, OUTLAY_OK, 5000, NULL},
    {"元", 0, OUTLAY_EINVAL, 0, "amount_form(元)"},
    {"50元元", 0, OUTLAY_EINVAL, 0, "amount_form(50元元)"},
    {"１２．３４５", 0, OUTLAY_EINVAL, 0, "amount_decimals(１２．３４５)"},
    {"五十", 0, OUTLAY_EINVAL, 0, "amount_form(五十)"},
    {"NaN", 0, OUTLAY_EINVAL, 0, "amount_form(NaN)"},
    {"12\n", 0, OUTLAY_EINVAL, 0, "amount_form(12\\x0A)"},
    {"1\x7f", 0, OUTLAY_EINVAL, 0, "amount_form(1\\x7F)"},
    {"1\xff", 0, OUTLAY_EINVAL, 0, "amount_form(1\\xFF)"},
    /* points */
    {".5", 0, OUTLAY_EINVAL, 0, "amount_point(.5)"},
    {"12.", 0, OUTLAY_EINVAL, 0, "amount_point(12.)"},
    {".", 0, OUTLAY_EINVAL, 0, "amount_point(.)"},
    {"¥.5", 0, OUTLAY_EINVAL, 0, "amount_point(¥.5)"},
    /* decimals */
    {"12.345", 0, OUTLAY_EINVAL, 0, "amount_decimals(12.345)"},
    {"12.340", 0, OUTLAY_EINVAL, 0, "amount_decimals(12.340)"},
    {"0.001", 0, OUTLAY_EINVAL, 0, "amount_decimals(0.001)"},
    /* commas */
    {"1,23.00", 0, OUTLAY_EINVAL, 0, "amount_comma(1,23.00)"},
    {",123", 0, OUTLAY_EINVAL, 0, "amount_comma(,123)"},
    {"1,,234", 0, OUTLAY_EINVAL, 0, "amount_comma(1,,234)"},
    {"12,34", 0, OUTLAY_EINVAL, 0, "amount_comma(12,34)"},
    {"1234,567", 0, OUTLAY_EINVAL, 0, "amount_comma(1234,567)"},
    {"1,234,", 0, OUTLAY_EINVAL, 0, "amount_comma(1,234,)"},
    {"1,234.5,6", 0, OUTLAY_EINVAL, 0, "amount_comma(1,234.5,6)"},
    {"1,2345", 0, OUTLAY_EINVAL, 0, "amount_comma(1,2345)"},
    {",", 0, OUTLAY_EINVAL, 0, "amount_comma(,)"},
    /* magnitude */
    {"1000000000000", 0, OUTLAY_EOVERFLOW, 0, "amount_large(1000000000000)"},
    {"1,000,000,000,000.00", 0, OUTLAY_EOVERFLOW, 0, "amount_large(1,000,000,000,000.00)"},
    {"-1000000000000", 1, OUTLAY_EOVERFLOW, 0, "amount_large(-1000000000000)"},
    {"9223372036854775808", 0, OUTLAY_EOVERFLOW, 0, "amount_large(9223372036854775808)"},
    {"99999999999999999999999999999999999999", 0, OUTLAY_EOVERFLOW, 0,
     "amount_large(99999999999999999999999999999999999999)"},
    {"1234567890123456789012345678901234567890123456789", 0, OUTLAY_EOVERFLOW, 0,
     "amount_large(1234567890123456789012345678901234567890…)"},
    {"99999999999999999999999999999999999999.999", 0, OUTLAY_EINVAL, 0,
     "amount_decimals(99999999999999999999999999999999999999.9…)"},
};

Test(money, parse_table)
{
    for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
        const struct parse_case *c = &parse_cases[i];
        outlay_err err = {0};
        int64_t fen = 77;
        enum outlay_status st = outlay_money_parse(c->in, c->allow_negative, &fen, &err);

        cr_assert_eq(st, c->status, "'%s': status %d, want %d (%s)", c->in, st, c->status,
                     problem_str(&err));
        if (st == OUTLAY_OK) {
            cr_assert_eq(fen, c->fen, "'%s': %lld", c->in, (long long)fen);
        } else {
            cr_assert_eq(fen, 77, "'%s': *out touched on failure", c->in);
            cr_assert_eq(err.status, c->status);
            cr_assert_str_eq(problem_str(&err), c->msg, "'%s'", c->in);
        }
    }
}

Test(money, parse_null_err_and_null_input)
{
    int64_t fen = 1;
    cr_assert_eq(outlay_money_parse("12.345", 0, &fen, NULL), OUTLAY_EINVAL);
    cr_assert_eq(fen, 1);
    outlay_err err = {0};
    cr_assert_eq(outlay_money_parse(NULL, 0, &fen, &err), OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "amount_empty()");
}

Test(money, parse_long_input_is_cut_in_message)
{
    char in[4096];
    outlay_err err = {0};
    int64_t fen;

    memset(in, 'a', sizeof in - 1);
    in[sizeof in - 1] = '\0';
    cr_assert_eq(outlay_money_parse(in, 0, &fen, &err), OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "amount_form(aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…)");
}

/* Every amount a table can show parses back to itself (SPEC §3 display). */
Test(money, format_round_trips_through_parse)
{
    static const int64_t v[] = {
        0, 1, 99, 100, 123456, -123456, 100000000, OUTLAY_MONEY_MAX, -OUTLAY_MONEY_MAX};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        for (int th = 0; th <= 1; th++) {
            char buf[OUTLAY_MONEY_BUFSZ];
            int64_t back = 0;
            cr_assert_eq(outlay_money_parse(outlay_money_format(v[i], th, buf), 1, &back, NULL),
                         OUTLAY_OK, "%s", buf);
            cr_assert_eq(back, v[i], "%s", buf);
        }
    }
}

struct format_case {
    int64_t fen;
    const char *plain, *grouped;
};

static const struct format_case format_cases[] = {
    {0, "0.00", "0.00"},
    {5, "0.05", "0.05"},
    {-5, "-0.05", "-0.05"},
    {50, "0.50", "0.50"},
    {100, "1.00", "1.00"},
    {99999, "999.99", "999.99"},
    {100000, "1000.00", "1,000.00"},
    {408000, "4080.00", "4,080.00"},
    {-408000, "-4080.00", "-4,080.00"},
    {123456789, "1234567.89", "1,234,567.89"},
    {OUTLAY_MONEY_MAX, "999999999999.99", "999,999,999,999.99"},
    {INT64_MAX, "92233720368547758.07", "92,233,720,368,547,758.07"},
    {INT64_MIN, "-92233720368547758.08", "-92,233,720,368,547,758.08"},
};

Test(money, format_table)
{
    for (size_t i = 0; i < sizeof format_cases / sizeof format_cases[0]; i++) {
        char buf[OUTLAY_MONEY_BUFSZ];
        const struct format_case *c = &format_cases[i];
        cr_assert_eq(outlay_money_format(c->fen, 0, buf), buf);
        cr_assert_str_eq(buf, c->plain);
        cr_assert_str_eq(outlay_money_format(c->fen, 1, buf), c->grouped);
    }
}

Test(money, add_checked)
{
    int64_t r = 7;
    cr_assert_eq(outlay_money_add(2, 3, &r), OUTLAY_OK);
    cr_assert_eq(r, 5);
    cr_assert_eq(outlay_money_add(INT64_MAX, -1, &r), OUTLAY_OK);
    cr_assert_eq(r, INT64_MAX - 1);
    r = 7;
    cr_assert_eq(outlay_money_add(INT64_MAX, 1, &r), OUTLAY_EOVERFLOW);
    cr_assert_eq(outlay_money_add(INT64_MIN, -1, &r), OUTLAY_EOVERFLOW);
    cr_assert_eq(r, 7);
}

Test(money, mul_checked)
{
    int64_t r = 7;
    cr_assert_eq(outlay_money_mul(99999999999999, 1000, &r), OUTLAY_OK);
    cr_assert_eq(r, INT64_C(99999999999999000));
    cr_assert_eq(outlay_money_mul(-5, 3, &r), OUTLAY_OK);
    cr_assert_eq(r, -15);
    r = 7;
    cr_assert_eq(outlay_money_mul(INT64_MAX / 2 + 1, 2, &r), OUTLAY_EOVERFLOW);
    cr_assert_eq(outlay_money_mul(INT64_MIN, -1, &r), OUTLAY_EOVERFLOW);
    /* the largest price times the largest quantity does not fit: callers check */
    cr_assert_eq(outlay_money_mul(OUTLAY_MONEY_MAX, OUTLAY_QTY_MAX, &r), OUTLAY_EOVERFLOW);
    cr_assert_eq(r, 7);
}

struct qty_case {
    const char *in;
    enum outlay_status status;
    int64_t qty;
};

static const struct qty_case qty_cases[] = {
    {"1", OUTLAY_OK, 1},
    {" 12 ", OUTLAY_OK, 12},
    {"1000000", OUTLAY_OK, 1000000},
    {"0001", OUTLAY_OK, 1},
    {"0", OUTLAY_EINVAL, 0},
    {"1000001", OUTLAY_EINVAL, 0},
    {"99999999999999999999999999", OUTLAY_EINVAL, 0},
    {"-1", OUTLAY_EINVAL, 0},
    {"+1", OUTLAY_EINVAL, 0},
    {"1.0", OUTLAY_EINVAL, 0},
    {"1,000", OUTLAY_EINVAL, 0},
    {"1e3", OUTLAY_EINVAL, 0},
    {"12a", OUTLAY_EINVAL, 0},
    {"", OUTLAY_EINVAL, 0},
    {"  ", OUTLAY_EINVAL, 0},
};

Test(money, qty_table)
{
    for (size_t i = 0; i < sizeof qty_cases / sizeof qty_cases[0]; i++) {
        const struct qty_case *c = &qty_cases[i];
        outlay_err err = {0};
        int64_t q = 77;
        cr_assert_eq(outlay_qty_parse(c->in, &q, &err), c->status, "'%s'", c->in);
        cr_assert_eq(q, c->status == OUTLAY_OK ? c->qty : 77, "'%s'", c->in);
    }
}

Test(money, qty_messages)
{
    outlay_err err = {0};
    int64_t q;
    cr_assert_eq(outlay_qty_parse("1.5", &q, &err), OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "qty_form(1.5)");
    cr_assert_eq(outlay_qty_parse(" ", &q, &err), OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "qty_empty()");
    /* full-width digits, as a Chinese input method types them; no 元 on a count */
    cr_assert_eq(outlay_qty_parse("\u3000２０ ", &q, &err), OUTLAY_OK);
    cr_assert_eq(q, 20);
    cr_assert_eq(outlay_qty_parse("20元", &q, &err), OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "qty_form(20元)");
}

Test(money, long_full_width_input_is_read_whole)
{
    /* past the parser's stack buffer: 300 full-width zeros, then a five */
    char in[3 * 300 + 8];
    size_t n = 0;
    for (int i = 0; i < 300; i++, n += 3)
        memcpy(in + n, "０", 3);
    memcpy(in + n, "５", 4);
    outlay_err err = {0};
    int64_t fen = 0;
    cr_assert_eq(outlay_money_parse(in, 0, &fen, &err), OUTLAY_OK);
    cr_assert_eq(fen, 500);
}
