/* Tests for notice: one message per participant (SPEC §13), in both
 * shipped catalogues, exact to the byte. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "outlay/notice.h"
#include "outlay/text.h"
#include "test_util.h"

static const char *const dirs[] = {OUTLAY_SRCDIR "/templates"};
static outlay_lang *en, *zh;

static void setup(void)
{
    outlay_err err = {0};
    cr_assert_eq(outlay_lang_load("en", dirs, 1, &en, &err), OUTLAY_OK, "%s", problem_str(&err));
    cr_assert_eq(outlay_lang_load("zh", dirs, 1, &zh, &err), OUTLAY_OK, "%s", problem_str(&err));
}

static void teardown(void)
{
    outlay_lang_free(en);
    outlay_lang_free(zh);
}

TestSuite(notice, .init = setup, .fini = teardown);

static char buf[OUTLAY_NOTICE_BUFSZ];

static const char *message(const outlay_lang *lang, const char *currency,
                           const struct outlay_settle_person *p, const struct outlay_settle_row *r)
{
    outlay_err err = {0};
    cr_assert_eq(outlay_notice_message(lang, currency, p, r, buf, sizeof buf, &err), OUTLAY_OK,
                 "%s", problem_str(&err));
    return buf;
}

/* SPEC §13's example: 360.00 paid, 720.00 advanced, 453.34 due: 626.66 back. */
Test(notice, the_spec_example_in_both_languages)
{
    struct outlay_settle_person p = {
        .name = "王芳", .weight = 1, .deposits = 36000, .advanced = 72000};
    struct outlay_settle_row r = {.cost = 456334,
                                  .subsidy = 3000,
                                  .due = 45334,
                                  .balance = 62666,
                                  .action = OUTLAY_SETTLE_REFUND,
                                  .amount = 62666};
    cr_assert_str_eq(message(zh, "CNY", &p, &r),
                     "王芳：预交 360.00 元，垫付 720.00 元，应摊 453.34 元，"
                     "应退 626.66 元（陆佰贰拾陆元陆角陆分）。");
    cr_assert_str_eq(message(en, "CNY", &p, &r),
                     "王芳: paid in advance 360.00 yuan, advanced 720.00 yuan, share 453.34 yuan, "
                     "refund 626.66 yuan (陆佰贰拾陆元陆角陆分).");
}

/* Nothing advanced: no such piece; what was paid back already is said. */
Test(notice, a_supplement_and_a_payout_already_made)
{
    struct outlay_settle_person p = {
        .name = "Li Wei", .weight = 1, .deposits = 36000, .paid_out = 10000};
    struct outlay_settle_row r = {
        .due = 41060, .balance = -15060, .action = OUTLAY_SETTLE_SUPPLEMENT, .amount = 15060};
    cr_assert_str_eq(message(zh, NULL, &p, &r),
                     "Li Wei：预交 360.00 元，已退 100.00 元，应摊 410.60 元，"
                     "应补交 150.60 元（壹佰伍拾元零陆角整）。");
    cr_assert_str_eq(message(en, "", &p, &r),
                     "Li Wei: paid in advance 360.00 yuan, already paid back 100.00 yuan, "
                     "share 410.60 yuan, to pay 150.60 yuan (壹佰伍拾元零陆角整).");
}

Test(notice, settled_and_thousands)
{
    struct outlay_settle_person p = {.name = "Zhang Min", .weight = 2, .deposits = 123456789};
    struct outlay_settle_row r = {.due = 123456789, .action = OUTLAY_SETTLE_SETTLED};
    cr_assert_str_eq(message(zh, "CNY", &p, &r),
                     "Zhang Min：预交 1,234,567.89 元，应摊 1,234,567.89 元，无需退补。");
    cr_assert_str_eq(message(en, "CNY", &p, &r),
                     "Zhang Min: paid in advance 1,234,567.89 yuan, share 1,234,567.89 yuan, "
                     "nothing to refund or pay.");
}

/* Another currency is written as its code, without capital numerals. */
Test(notice, another_currency_has_no_capitals)
{
    struct outlay_settle_person p = {.name = "Ann", .weight = 1, .deposits = 5000};
    struct outlay_settle_row r = {
        .due = 4000, .balance = 1000, .action = OUTLAY_SETTLE_REFUND, .amount = 1000};
    cr_assert_str_eq(message(en, "HKD", &p, &r),
                     "Ann: paid in advance 50.00 HKD, share 40.00 HKD, refund 10.00 HKD.");
    cr_assert_str_eq(message(zh, "HKD", &p, &r),
                     "Ann：预交 50.00 HKD，应摊 40.00 HKD，应退 10.00 HKD。");
}

/* A name of OUTLAY_TEXT_MAX four-byte characters and amounts at the limit
 * fit the buffer; a buffer too small is an error naming the person, never
 * a message cut short. */
Test(notice, the_longest_message_fits_and_a_short_buffer_is_refused)
{
    size_t n = OUTLAY_TEXT_MAX * 4;
    char *name = malloc(n + 1);
    for (size_t i = 0; i < n; i += 4)
        memcpy(name + i, "\xf0\x9f\x98\x80", 4); /* U+1F600 */
    name[n] = '\0';
    struct outlay_settle_person p = {.name = name,
                                     .weight = 1,
                                     .deposits = INT64_C(99999999999999),
                                     .advanced = INT64_C(99999999999999),
                                     .paid_out = INT64_C(99999999999999)};
    struct outlay_settle_row r = {.due = -INT64_C(99999999999999),
                                  .action = OUTLAY_SETTLE_REFUND,
                                  .amount = INT64_C(99999999999999)};
    const char *m = message(zh, "CNY", &p, &r);
    cr_assert(strstr(m, "应退 999,999,999,999.99 元（玖仟玖佰玖拾玖亿"), "%s", m + n);
    char small[64];
    outlay_err err = {0};
    struct outlay_settle_person ann = {.name = "Ann", .weight = 1, .deposits = 36000};
    cr_assert_eq(outlay_notice_message(en, "CNY", &ann, &r, small, sizeof small, &err),
                 OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "notice_long(Ann)");
    free(name);
}

/* A catalogue without the [notice] section (a user's own language file
 * made before it existed) is an error naming the key. */
Test(notice, a_catalogue_without_notice_words_names_the_key)
{
    char dir[] = "/tmp/outlay-notice-XXXXXX", path[128], cmd[160];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/lang", dir);
    cr_assert_eq(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/lang/xx.ini", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("[sheet]\nbudget = Budget\n", f);
    cr_assert_eq(fclose(f), 0);
    const char *mine[] = {dir};
    outlay_lang *xx = NULL;
    outlay_err err = {0};
    cr_assert_eq(outlay_lang_load("xx", mine, 1, &xx, &err), OUTLAY_OK, "%s", problem_str(&err));
    struct outlay_settle_person p = {.name = "Ann", .weight = 1};
    struct outlay_settle_row r = {.action = OUTLAY_SETTLE_SETTLED};
    cr_assert_eq(outlay_notice_message(xx, "CNY", &p, &r, buf, sizeof buf, &err), OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "notice_key(unit)");
    outlay_lang_free(xx);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}
