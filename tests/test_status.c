#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "outlay/status.h"
#include "test_util.h"

Test(status, exit_codes_follow_spec)
{
    cr_assert_eq(outlay_exit_code(OUTLAY_OK), 0);
    cr_assert_eq(outlay_exit_code(OUTLAY_EINVAL), 1);
    cr_assert_eq(outlay_exit_code(OUTLAY_ECHECK), 1);
    cr_assert_eq(outlay_exit_code(OUTLAY_ECLOSED), 1);
    cr_assert_eq(outlay_exit_code(OUTLAY_EUSAGE), 2);
    cr_assert_eq(outlay_exit_code(OUTLAY_ENOTLEDGER), 3);
    cr_assert_eq(outlay_exit_code(OUTLAY_ENEWER), 3);
    cr_assert_eq(outlay_exit_code(OUTLAY_EBUSY), 3);
    cr_assert_eq(outlay_exit_code(OUTLAY_EIO), 3);
}

Test(status, fail_keeps_a_code_and_typed_arguments)
{
    outlay_err e = {0};
    cr_assert_eq(outlay_fail(&e, OUTLAY_EINVAL, OUTLAY_P_SETTLE_WEIGHT, OUTLAY_A_TEXT("王芳"),
                             OUTLAY_A_INT(-3)),
                 OUTLAY_EINVAL);
    cr_assert_eq(e.status, OUTLAY_EINVAL);
    cr_assert_eq(e.code, OUTLAY_P_SETTLE_WEIGHT);
    cr_assert_eq(e.nargs, 2);
    cr_assert_str_eq(e.args[0].text, "王芳");
    cr_assert_eq(e.args[1].n, -3);
    cr_assert_str_eq(problem_str(&e), "settle_weight(王芳, -3)");
    cr_assert_eq(outlay_fail(NULL, OUTLAY_EIO, OUTLAY_P_NOMEM), OUTLAY_EIO);
    outlay_err_clear(&e);
    cr_assert_eq(e.status, OUTLAY_OK);
    cr_assert_eq(e.code, OUTLAY_P_NONE);
}

Test(status, typed_input_is_quoted_and_cut)
{
    outlay_err e = {0};
    outlay_fail(&e, OUTLAY_EINVAL, OUTLAY_P_DATE_FORM,
                OUTLAY_A_INPUT("a\x01"
                               "b"));
    cr_assert_str_eq(e.args[0].text, "a\\x01b");
    outlay_fail(
        &e, OUTLAY_EINVAL, OUTLAY_P_DATE_FORM,
        OUTLAY_A_INPUT(
            "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一"));
    cr_assert_str_eq(
        e.args[0].text,
        "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十…");
}

Test(status, long_text_is_cut_at_a_character_boundary)
{
    char name[1200];
    for (int i = 0; i < 400; i++)
        memcpy(name + 3 * i, "芳", 3);
    name[1200 - 1] = '\0';
    name[1197] = '\0';
    outlay_err e = {0};
    outlay_fail(&e, OUTLAY_EINVAL, OUTLAY_P_SETTLE_WEIGHT, OUTLAY_A_TEXT(name), OUTLAY_A_INT(0));
    size_t n = strlen(e.args[0].text);
    cr_assert_lt(n, sizeof e.args[0].text);
    cr_assert_eq(n % 3, 0, "whole characters: %zu bytes", n);
    cr_assert_str_eq(e.args[0].text + n - 3, "…");
}

Test(status, wrong_arguments_become_a_bad_problem)
{
    outlay_err e = {0};
    outlay_fail(&e, OUTLAY_EINVAL, OUTLAY_P_DATE_FORM, OUTLAY_A_INT(3));
    cr_assert_str_eq(problem_str(&e), "bad_problem(date_form, 1)");
    outlay_fail(&e, OUTLAY_EINVAL, OUTLAY_P_DATE_FORM);
    cr_assert_str_eq(problem_str(&e), "bad_problem(date_form, 0)");
    outlay_fail(&e, OUTLAY_EINVAL, OUTLAY_P_COUNT);
    cr_assert_eq(e.code, OUTLAY_P_BAD_PROBLEM);
}

Test(status, every_code_has_a_name_and_argument_kinds)
{
    for (int c = 1; c < OUTLAY_P_COUNT; c++) {
        const char *name = outlay_problem_name((enum outlay_problem)c);
        cr_assert(name[0], "code %d has a name", c);
        for (const char *k = outlay_problem_args((enum outlay_problem)c); *k; k++)
            cr_assert(strchr("tqimeu", *k), "code %s: kind '%c'", name, *k);
        cr_assert_leq(strlen(outlay_problem_args((enum outlay_problem)c)), OUTLAY_PROBLEM_ARGS_MAX);
        for (int d = 1; d < c; d++)
            cr_assert_str_neq(name, outlay_problem_name((enum outlay_problem)d));
    }
    cr_assert_str_eq(outlay_problem_name(OUTLAY_P_DATE_FORM), "date_form");
    cr_assert_str_eq(outlay_problem_name(OUTLAY_P_COUNT), "");
}

Test(status, fill_words_each_kind_of_argument)
{
    outlay_err e = {0};
    char buf[256];
    outlay_fail(&e, OUTLAY_EINVAL, OUTLAY_P_SETTLE_SUBSIDY, OUTLAY_A_MONEY(-123456789));
    cr_assert_str_eq(outlay_problem_fill(&e, "subsidy {1} ({2})", buf, sizeof buf),
                     "subsidy -1,234,567.89 ({2})");
    outlay_fail(&e, OUTLAY_EINVAL, OUTLAY_P_TEXT_CONTROL, OUTLAY_A_CHAR(7), OUTLAY_A_INT(12));
    cr_assert_str_eq(outlay_problem_fill(&e, "{1} at {2}; {1} {3}", buf, sizeof buf),
                     "U+0007 at 12; U+0007 {3}");
    /* cut to the buffer, never in the middle of a character */
    outlay_fail(&e, OUTLAY_EINVAL, OUTLAY_P_SETTLE_WEIGHT, OUTLAY_A_TEXT("王芳"), OUTLAY_A_INT(0));
    cr_assert_str_eq(outlay_problem_fill(&e, "'{1}'", buf, 6), "'王");
}
