/* Tests for the "C" number scope of the writers (src/c_numeric.h). */
#include <criterion/criterion.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "c_numeric.h"
#include "test_util.h"

static const char *const comma_locales[] = {"de_DE.UTF-8", "fr_FR.UTF-8", "tr_TR.UTF-8"};

static const char *fmt(char *buf, size_t n, double v)
{
    snprintf(buf, n, "%.16G|%.2f|%g", v, v, v);
    return buf;
}

Test(c_numeric, a_point_inside_the_scope_and_the_callers_comma_after)
{
    for (size_t i = 0; i < sizeof comma_locales / sizeof comma_locales[0]; i++) {
        const char *loc = comma_locales[i];
        struct outlay_c_numeric scope = {0}, inner = {0};
        outlay_err err = {0};
        char buf[64];

        use_locale(loc);
        cr_assert_str_eq(fmt(buf, sizeof buf, 12.5), "12,5|12,50|12,5", "%s", loc);
        cr_assert_eq(outlay_c_numeric_enter(&scope, &err), OUTLAY_OK, "%s", problem_str(&err));
        cr_assert_str_eq(fmt(buf, sizeof buf, 12.5), "12.5|12.50|12.5", "%s", loc);
        cr_assert_str_eq(localeconv()->decimal_point, ".");
        /* The character set is still the caller's (gettext converts to it). */
        cr_assert_str_eq(nl_langinfo(CODESET), "UTF-8");
        /* Scopes nest. */
        cr_assert_eq(outlay_c_numeric_enter(&inner, &err), OUTLAY_OK);
        outlay_c_numeric_leave(&inner);
        cr_assert_str_eq(fmt(buf, sizeof buf, -0.25), "-0.25|-0.25|-0.25", "%s", loc);
        outlay_c_numeric_leave(&scope);
        /* The caller's locale is back, and the process locale never moved. */
        cr_assert_str_eq(fmt(buf, sizeof buf, 4080.5), "4080,5|4080,50|4080,5", "%s", loc);
        cr_assert_str_eq(setlocale(LC_NUMERIC, NULL), loc);
        outlay_c_numeric_leave(&scope); /* twice: a no-op */
        cr_assert_str_eq(localeconv()->decimal_point, ",");
    }
    setlocale(LC_ALL, "C");
}

/* A thread locale the caller set itself (uselocale) is what it gets back. */
Test(c_numeric, keeps_a_thread_locale_of_the_caller)
{
    use_locale("C");
    locale_t de = newlocale(LC_ALL_MASK, "de_DE.UTF-8", (locale_t)0);
    cr_assert_neq(de, (locale_t)0, "locale de_DE.UTF-8 is missing; generate it with 'make deps'");
    locale_t before = uselocale(de);
    struct outlay_c_numeric scope = {0};
    outlay_err err = {0};
    char buf[64];

    cr_assert_eq(outlay_c_numeric_enter(&scope, &err), OUTLAY_OK);
    cr_assert_str_eq(fmt(buf, sizeof buf, 1.5), "1.5|1.50|1.5");
    outlay_c_numeric_leave(&scope);
    cr_assert_eq(uselocale((locale_t)0), de);
    cr_assert_str_eq(fmt(buf, sizeof buf, 1.5), "1,5|1,50|1,5");
    uselocale(before);
    freelocale(de);
}

Test(c_numeric, leave_without_enter_is_a_no_op)
{
    struct outlay_c_numeric scope = {0};
    outlay_c_numeric_leave(&scope);
    outlay_c_numeric_leave(NULL);
    cr_assert_eq(uselocale((locale_t)0), LC_GLOBAL_LOCALE);
}
