#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/date.h"
#include "test_util.h"

Test(date, accepts_real_days)
{
    const char *ok[] = {"2026-03-08", "2024-02-29", "2000-02-29", "1900-01-01", "2999-12-31"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        cr_assert_eq(outlay_date_check(ok[i], NULL), OUTLAY_OK, "%s", ok[i]);
}

Test(date, rejects_bad_days_and_shapes)
{
    const char *bad[] = {"2026-02-30", "2023-02-29", "1900-02-29",  "2026-13-01",
                         "2026-00-10", "2026-04-31", "2026-3-8",    "26-03-08",
                         "2026/03/08", "",           "2026-03-08x", "abcd-ef-gh"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        outlay_err e = {0};
        cr_assert_eq(outlay_date_check(bad[i], &e), OUTLAY_EINVAL, "%s", bad[i]);
        cr_assert_neq(e.code, OUTLAY_P_NONE);
    }
}

/* Each refusal says which rule the date breaks (the CLI states the years). */
Test(date, messages_state_the_years)
{
    static const struct {
        const char *in, *msg;
    } cases[] = {
        {"1899-12-31", "date_year(1899-12-31)"}, {"3000-01-01", "date_year(3000-01-01)"},
        {"0026-03-08", "date_year(0026-03-08)"}, {"9026-02-30", "date_year(9026-02-30)"},
        {"2026-3-8", "date_form(2026-3-8)"},     {"2026-02-30", "date_day(2026-02-30)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        outlay_err e = {0};
        cr_assert_eq(outlay_date_check(cases[i].in, &e), OUTLAY_EINVAL, "%s", cases[i].in);
        cr_assert_str_eq(problem_str(&e), cases[i].msg);
    }
}

Test(date, today_honours_override)
{
    char buf[11];
    setenv("OUTLAY_TODAY", "2026-03-08", 1);
    cr_assert_str_eq(outlay_date_today(buf), "2026-03-08");
    unsetenv("OUTLAY_TODAY");
    cr_assert_eq(outlay_date_check(outlay_date_today(buf), NULL), OUTLAY_OK);
}

/* SPEC §12: dates as people type them, written back as ISO. */
Test(date, parse_reads_the_forms_people_type)
{
    static const struct {
        const char *in, *iso;
    } ok[] = {
        {"2026-05-10", "2026-05-10"},         {"2026-5-10", "2026-05-10"},
        {"2026/5/10", "2026-05-10"},          {"2026.5.10", "2026-05-10"},
        {"2026年5月10日", "2026-05-10"},      {"2026年05月1日", "2026-05-01"},
        {"2026年5月10", "2026-05-10"},        {" 2026/12/31\t", "2026-12-31"},
        {"２０２６／５／１０", "2026-05-10"}, {"\u30002026-3-8\u3000", "2026-03-08"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        outlay_err e = {0};
        char iso[11] = "";
        cr_assert_eq(outlay_date_parse(ok[i].in, iso, &e), OUTLAY_OK, "%s: %s", ok[i].in,
                     problem_str(&e));
        cr_assert_str_eq(iso, ok[i].iso, "%s", ok[i].in);
    }
    static const struct {
        const char *in, *problem;
    } bad[] = {
        {"2026/5-10", "date_form(2026/5-10)"},
        {"26/5/10", "date_form(26/5/10)"},
        {"2026-5-100", "date_form(2026-5-100)"},
        {"2026年5月", "date_form(2026年5月)"},
        {"2026年5月10日x", "date_form(2026年5月10日x)"},
        {"5/10/2026", "date_form(5/10/2026)"},
        {"", "date_form()"},
        {"2026/2/30", "date_day(2026/2/30)"},
        {"1899年1月1日", "date_year(1899年1月1日)"},
        {"2026-+5-10", "date_form(2026-+5-10)"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        outlay_err e = {0};
        char iso[11] = "untouched";
        cr_assert_neq(outlay_date_parse(bad[i].in, iso, &e), OUTLAY_OK, "%s", bad[i].in);
        cr_assert_str_eq(problem_str(&e), bad[i].problem);
        cr_assert_str_eq(iso, "untouched");
    }
    char long_in[200];
    memset(long_in, '1', sizeof long_in - 1);
    long_in[sizeof long_in - 1] = '\0';
    char iso[11];
    cr_assert_eq(outlay_date_parse(long_in, iso, NULL), OUTLAY_EINVAL);
}
