/* Every problem code the library can report has words in the CLI (and, for
 * the problems a workbook shows, in each workbook language): the walk of
 * issue 13. A code added without its wording fails here. */
#include <criterion/criterion.h>
#include <libintl.h>
#include <locale.h>
#include <string.h>

#include "cli.h"
#include "outlay/status.h"
#include "outlay/template.h"
#include "outlay/xlsx.h"
#include "test_util.h"

/* Arguments the wording does not show as {k}, because the CLI words them
 * another way (cli_problem_text): "and N more" after a list of ids. */
static int shown_otherwise(enum outlay_problem code, int k)
{
    return (code == OUTLAY_P_SETTLE_NOBODY && k == 2) ||
           (code == OUTLAY_P_SETTLE_TAG_NOBODY && k == 3) ||
           /* the columns of an import: {2} lists the required and the rest */
           ((code == OUTLAY_P_IMPORT_UNKNOWN_COLUMN || code == OUTLAY_P_IMPORT_MISSING_COLUMN) &&
            k == 3) ||
           (code == OUTLAY_P_IMPORT_EMPTY_FILE && (k == 1 || k == 3));
}

/* A problem with sample arguments of the kinds its code lists. */
static void sample(enum outlay_problem code, outlay_err *e)
{
    memset(e, 0, sizeof *e);
    e->status = OUTLAY_EINVAL;
    e->code = code;
    const char *kinds = outlay_problem_args(code);
    e->nargs = (int)strlen(kinds);
    for (int i = 0; i < e->nargs; i++) {
        e->args[i].kind = kinds[i];
        e->args[i].n = i + 2;
        snprintf(e->args[i].text, sizeof e->args[i].text, "ARG%d", i + 1);
    }
}

Test(problems, every_code_has_cli_words_for_its_arguments)
{
    for (int c = 1; c < OUTLAY_P_COUNT; c++) {
        enum outlay_problem code = (enum outlay_problem)c;
        const char *name = outlay_problem_name(code);
        const char *w = cli_problem_wording(code);
        cr_assert_not_null(w, "problem %s has no words in src/cli_problems.c", name);
        cr_assert(w[0], "problem %s has empty words", name);
        int nargs = (int)strlen(outlay_problem_args(code));
        for (const char *p = strchr(w, '{'); p; p = strchr(p + 1, '{'))
            if (p[1] >= '0' && p[1] <= '9')
                cr_assert(p[1] >= '1' && p[1] - '0' <= nargs && p[2] == '}',
                          "problem %s: '%.4s' is not one of its %d arguments", name, p, nargs);
        for (int k = 1; k <= nargs; k++) {
            char ph[4] = {'{', (char)('0' + k), '}', 0};
            cr_assert(strstr(w, ph) || shown_otherwise(code, k),
                      "problem %s: argument %d is never shown", name, k);
        }
        outlay_err e;
        char text[2048];
        sample(code, &e);
        cli_problem_text(&e, text, sizeof text);
        cr_assert_null(strstr(text, "{"), "problem %s worded as '%s'", name, text);
    }
}

Test(problems, cli_words_a_problem_with_its_activity_and_fix)
{
    outlay_err e = {0};
    char text[2048];
    outlay_fail(&e, OUTLAY_EINVAL, OUTLAY_P_SETTLE_NOBODY, OUTLAY_A_TEXT("3, 7"), OUTLAY_A_INT(2),
                OUTLAY_A_TEXT(""));
    cr_assert_str_eq(cli_problem_text(&e, text, sizeof text),
                     "expenses shared by everybody (ids 3, 7 and 2 more) have no active "
                     "participant: everybody has withdrawn; rejoin a participant with 'outlay "
                     "participant rejoin SLUG NAME' or void the expenses");
    snprintf(e.activity, sizeof e.activity, "trip");
    outlay_fail(&e, OUTLAY_EOVERFLOW, OUTLAY_P_SETTLE_RANGE);
    cr_assert_str_eq(cli_problem_text(&e, text, sizeof text),
                     "activity 'trip': settlement amounts are out of range; check the expense, "
                     "deposit and payout amounts");
}

/* A close's balances: the first ones the problem holds, worded one by one
 * (a name may hold a tab), "; ..." for the others it counts. */
Test(problems, cli_words_the_balances_a_close_found)
{
    outlay_err e = {0};
    char text[2048];
    outlay_fail(&e, OUTLAY_ECHECK, OUTLAY_P_CLOSE_BALANCES, OUTLAY_A_TEXT("picnic"),
                OUTLAY_A_INT(2), OUTLAY_A_TEXT("Ann\trefund\t2500\nBob\tB\tsupplement\t123456"));
    cr_assert_str_eq(cli_problem_text(&e, text, sizeof text),
                     "activity 'picnic' cannot be closed: 2 balance(s) are not zero (Ann gets a "
                     "refund of 25.00; Bob\tB owes a supplement of 1,234.56); record them with "
                     "'outlay payout add' or 'outlay deposit add', then close");
    outlay_fail(&e, OUTLAY_ECHECK, OUTLAY_P_CLOSE_BALANCES, OUTLAY_A_TEXT("picnic"),
                OUTLAY_A_INT(12), OUTLAY_A_TEXT("Ann\trefund\t2500"));
    cr_assert_str_eq(cli_problem_text(&e, text, sizeof text),
                     "activity 'picnic' cannot be closed: 12 balance(s) are not zero (Ann gets a "
                     "refund of 25.00; ...); record them with 'outlay payout add' or 'outlay "
                     "deposit add', then close");
    /* a short buffer: cut at a character boundary, nothing after the cut */
    outlay_fail(&e, OUTLAY_ECHECK, OUTLAY_P_CLOSE_BALANCES, OUTLAY_A_TEXT("picnic"),
                OUTLAY_A_INT(1), OUTLAY_A_TEXT("王王\trefund\t2500"));
    cr_assert_str_eq(cli_problem_text(&e, text, 68), "activity 'picnic' cannot be closed: 1 "
                                                     "balance(s) are not zero (王");
}

Test(problems, every_status_has_a_description)
{
    for (int s = 0; s < OUTLAY_STATUS_COUNT; s++)
        cr_assert_str_neq(cli_status_text((enum outlay_status)s), "unknown status", "status %d", s);
    cr_assert_str_eq(cli_status_text(OUTLAY_STATUS_COUNT), "unknown status");
}

/* Whether every {k} of wording w names one of nargs arguments. */
static int placeholders_ok(const char *w, int nargs, char *bad, size_t n)
{
    for (const char *p = strchr(w, '{'); p; p = strchr(p + 1, '{'))
        if (!(p[1] >= '1' && p[1] - '0' <= nargs && p[2] == '}')) {
            snprintf(bad, n, "%.4s", p);
            return 0;
        }
    return 1;
}

/* A workbook (src/xlsx*.c) words the problems it shows by their codes in its
 * own language: each code it can show has a wording in every label file,
 * whose placeholders are its arguments; the Chinese ones hold no English
 * (no Latin letter at all) and no wording a command line: a workbook is
 * signed on paper. */
Test(problems, every_code_a_workbook_shows_has_words_in_each_language)
{
    static const char *const dirs[] = {OUTLAY_SRCDIR "/templates"};
    static const char *const langs[] = {"en", "zh"};
    size_t ncodes = 0;
    const enum outlay_problem *codes = outlay_xlsx_problem_codes(&ncodes);
    cr_assert_geq(ncodes, 10);
    for (size_t l = 0; l < 2; l++) {
        outlay_lang *lang = NULL;
        outlay_err err = {0};
        char key[96], bad[8];
        cr_assert_eq(outlay_lang_load(langs[l], dirs, 1, &lang, &err), OUTLAY_OK, "%s",
                     problem_str(&err));
        for (size_t i = 0; i < ncodes; i++) {
            const char *name = outlay_problem_name(codes[i]);
            int nargs = (int)strlen(outlay_problem_args(codes[i]));
            snprintf(key, sizeof key, "problem.%s", name);
            const char *w = outlay_lang_get(lang, key);
            cr_assert_str_neq(w, key, "%s.ini has no [problem] %s", langs[l], name);
            cr_assert(w[0], "%s.ini: [problem] %s is empty", langs[l], name);
            cr_assert(placeholders_ok(w, nargs, bad, sizeof bad),
                      "%s.ini: [problem] %s: '%s' is not one of its %d arguments", langs[l], name,
                      bad, nargs);
            cr_assert_null(strstr(w, "outlay "), "%s.ini: [problem] %s names a command", langs[l],
                           name);
            cr_assert_null(strstr(w, "--"), "%s.ini: [problem] %s names an option", langs[l], name);
            for (const char *p = w; l == 1 && *p; p++)
                cr_assert(!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')),
                          "zh.ini: [problem] %s has Latin text: %s", name, w);
        }
        /* ...and nothing else: every wording there is a code's. */
        for (size_t k = 0; k < outlay_lang_count(lang); k++) {
            const char *have = outlay_lang_key(lang, k);
            if (strncmp(have, "problem.", 8) != 0)
                continue;
            int found = 0;
            for (int c = 1; c < OUTLAY_P_COUNT && !found; c++)
                found = strcmp(have + 8, outlay_problem_name((enum outlay_problem)c)) == 0;
            cr_assert(found, "%s.ini: [problem] %s is no problem's name", langs[l], have + 8);
        }
        /* The ids a settle problem leaves out: {1} the ids, {2} how many. */
        const char *more = outlay_lang_get(lang, "settle.more_ids");
        cr_assert(strstr(more, "{1}") && strstr(more, "{2}") &&
                      placeholders_ok(more, 2, bad, sizeof bad),
                  "%s.ini: settle.more_ids is '%s'", langs[l], more);
        outlay_lang_free(lang);
    }
}

/* Under zh_CN every code is worded in Chinese (the catalogue built into the
 * build tree), with the same arguments shown. */
Test(problems, every_code_has_chinese_words_in_the_cli)
{
    const char *english[OUTLAY_P_COUNT];
    for (int c = 1; c < OUTLAY_P_COUNT; c++)
        english[c] = cli_problem_wording((enum outlay_problem)c);
    if (!setlocale(LC_ALL, "zh_CN.UTF-8"))
        cr_skip_test("the zh_CN.UTF-8 locale is missing (make deps generates it)");
    bindtextdomain("outlay", OUTLAY_BUILD_LOCALEDIR);
    for (int c = 1; c < OUTLAY_P_COUNT; c++) {
        enum outlay_problem code = (enum outlay_problem)c;
        const char *zh = cli_problem_wording(code);
        int words = 0; /* "{1}" alone (SQLite's own line) has none to translate */
        for (const char *p = english[c]; *p; p++)
            words |= (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z');
        if (words)
            cr_assert_str_neq(zh, english[c], "problem %s has no Chinese words",
                              outlay_problem_name(code));
        int nargs = (int)strlen(outlay_problem_args(code));
        for (int k = 1; k <= nargs; k++) {
            char ph[4] = {'{', (char)('0' + k), '}', 0};
            cr_assert(strstr(zh, ph) || !strstr(english[c], ph),
                      "problem %s: the Chinese drops argument %d", outlay_problem_name(code), k);
        }
        outlay_err e;
        char text[2048];
        sample(code, &e);
        cli_problem_text(&e, text, sizeof text);
        cr_assert_null(strstr(text, "{"), "problem %s worded as '%s'", outlay_problem_name(code),
                       text);
    }
    setlocale(LC_ALL, "C.UTF-8");
}
