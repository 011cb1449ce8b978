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
