/* tests/test_rules.c: SPEC §14, the union's rules: kinds on budget lines and
 * expenses, rules files, their findings, approval and small balances. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger_fixture.h"
#include "outlay/import.h"
#include "outlay/records.h"
#include "outlay/rules.h"
#include "outlay/template.h"
#include "test_util.h"
#include <unistd.h>

static struct ledger_fixture fx;

static void setup(void)
{
    struct outlay_activity_in in = {.title = "Meet", .headcount = "55"};
    ledger_fixture_open(&fx, "/tmp/outlay-rules-XXXXXX", &in);
}

static void teardown(void)
{
    ledger_fixture_close(&fx);
}

TestSuite(kinds, .init = setup, .fini = teardown);

Test(kinds, names_and_chinese_aliases_round_trip)
{
    static const struct {
        const char *en, *zh;
        enum outlay_kind k;
    } want[] = {
        {"other", "其他", OUTLAY_KIND_OTHER},
        {"prize-winner", "获奖奖品", OUTLAY_KIND_PRIZE_WINNER},
        {"prize-participation", "参与奖", OUTLAY_KIND_PRIZE_PARTICIPATION},
        {"souvenir", "纪念品", OUTLAY_KIND_SOUVENIR},
        {"meal", "伙食", OUTLAY_KIND_MEAL},
        {"clothing", "服装", OUTLAY_KIND_CLOTHING},
        {"gift-card", "购物卡", OUTLAY_KIND_GIFT_CARD},
    };
    cr_assert_eq(sizeof want / sizeof want[0], OUTLAY_KIND_COUNT);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        cr_assert_eq(outlay_kind_parse(want[i].en), (int)want[i].k);
        cr_assert_eq(outlay_kind_parse(want[i].zh), (int)want[i].k);
        cr_assert_str_eq(outlay_kind_name(want[i].k), want[i].en);
    }
    cr_assert_eq(outlay_kind_parse("Prize-Winner"), -1, "names are exact, as CSV writes them");
    cr_assert_eq(outlay_kind_parse(""), -1);
    cr_assert_eq(outlay_kind_parse(NULL), -1);
    cr_assert_str_eq(outlay_kind_name(OUTLAY_KIND_COUNT), "other");
}

/* The kind of line 1 and of expense 1 as stored. */
static enum outlay_kind line_kind(int64_t no)
{
    outlay_err err = {0};
    struct outlay_budget_line l;
    cr_assert_eq(outlay_store_line_get(fx.st, fx.act.id, no, &l, &err), OUTLAY_OK);
    return l.kind;
}

static enum outlay_kind expense_kind(int64_t no)
{
    outlay_err err = {0};
    struct outlay_expense e;
    cr_assert_eq(outlay_store_expense_get(fx.st, fx.act.id, no, &e, &err), OUTLAY_OK);
    return e.kind;
}

Test(kinds, lines_and_expenses_keep_their_kind_and_refuse_others)
{
    outlay_err err = {0};
    int64_t no = 0;
    struct outlay_line_in l = {.category = "prizes",
                               .item = "Winner prizes",
                               .unit_price = "5",
                               .qty = "20",
                               .kind = "获奖奖品"};
    cr_assert_eq(outlay_ledger_line_add(fx.st, &fx.act, &l, 1, &no, &err), OUTLAY_OK);
    cr_assert_eq(line_kind(no), OUTLAY_KIND_PRIZE_WINNER);
    struct outlay_line_in plain = {.category = "props", .item = "Rope", .unit_price = "50"};
    cr_assert_eq(outlay_ledger_line_add(fx.st, &fx.act, &plain, 1, &no, &err), OUTLAY_OK);
    cr_assert_eq(line_kind(no), OUTLAY_KIND_OTHER, "no kind given: other");

    /* budget set changes the kind alone, and the audit row says so */
    struct outlay_line_in set = {.kind = "souvenir"};
    cr_assert_eq(outlay_ledger_line_set(fx.st, &fx.act, "2", &set, &err), OUTLAY_OK);
    cr_assert_eq(line_kind(2), OUTLAY_KIND_SOUVENIR);
    cr_assert_eq(outlay_ledger_line_set(fx.st, &fx.act, "2", &set, &err), OUTLAY_EINVAL);
    cr_assert_eq(err.code, OUTLAY_P_LINE_UNCHANGED);

    struct outlay_line_in bad = {
        .category = "x", .item = "y", .unit_price = "1", .kind = "voucher"};
    outlay_err_clear(&err);
    cr_assert_eq(outlay_ledger_line_add(fx.st, &fx.act, &bad, 1, &no, &err), OUTLAY_EINVAL);
    cr_assert_eq(err.code, OUTLAY_P_NOT_KIND);
    cr_assert_str_eq(err.column, "kind");
    cr_assert_str_eq(err.args[0].text, "voucher");

    struct outlay_expense_in e = {.category = "prizes", .amount = "100", .kind = "gift-card"};
    outlay_err_clear(&err);
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &e, 1, &no, NULL, NULL, &err),
                 OUTLAY_OK);
    cr_assert_eq(expense_kind(no), OUTLAY_KIND_GIFT_CARD);
    struct outlay_expense_in es = {.kind = "其他"};
    cr_assert_eq(outlay_ledger_expense_set(fx.st, &fx.act, "1", &es, NULL, NULL, &err), OUTLAY_OK);
    cr_assert_eq(expense_kind(1), OUTLAY_KIND_OTHER);
    struct outlay_expense_in ebad = {.category = "prizes", .amount = "1", .kind = "card"};
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &ebad, 1, &no, NULL, NULL, &err),
                 OUTLAY_EINVAL);
    cr_assert_eq(err.code, OUTLAY_P_NOT_KIND);
}

/* --- rules files (rules.c) ---------------------------------------------- */

#define RULES_DIR OUTLAY_SRCDIR "/templates/rules"
static const char *const shipped[] = {OUTLAY_SRCDIR "/templates"};

static void load_shipped(const char *name, struct outlay_rules *r)
{
    outlay_err err = {0};
    char path[4096];
    cr_assert_eq(outlay_rules_find(name, shipped, 1, path, sizeof path, &err), OUTLAY_OK, "%s",
                 problem_str(&err));
    cr_assert_eq(outlay_rules_load(path, name, r, NULL, &err), OUTLAY_OK, "%s: %s", path,
                 problem_str(&err));
}

Test(rules, ships_national_and_three_provincial_examples_each_naming_its_source)
{
    static const char *const want[] = {"changsha", "guide-2018", "national", "ningxia"};
    char **names = NULL;
    size_t n = 0;
    outlay_err err = {0};
    cr_assert_eq(outlay_rules_list(shipped, 1, &names, &n, &err), OUTLAY_OK);
    cr_assert_eq(n, 4);
    for (size_t i = 0; i < n; i++) {
        struct outlay_rules r;
        cr_assert_str_eq(names[i], want[i]);
        load_shipped(names[i], &r);
        cr_assert_not_null(r.source, "%s names where its figures come from", names[i]);
        cr_assert_not_null(r.title);
        /* a Chinese treasurer reads them in Chinese (title.zh, source.zh) */
        cr_assert_not_null(r.title_zh, "%s has title.zh", names[i]);
        cr_assert_not_null(r.source_zh, "%s has source.zh", names[i]);
        cr_assert_gt(strlen(r.source_zh), 30);
        cr_assert(r.banned_kinds & (1u << OUTLAY_KIND_GIFT_CARD), "%s bans gift cards", names[i]);
        cr_assert_eq(r.reapproval_over_pct, 10);
        outlay_rules_release(&r);
    }
    outlay_template_names_free(names, n);

    struct outlay_rules r;
    load_shipped("national", &r);
    cr_assert_eq(r.winners_den, 0, "the national rules set no caps: the provinces do");
    cr_assert_eq(r.prize_winner_max, OUTLAY_RULES_UNSET);
    cr_assert_eq(r.nbanned_words, 5);
    cr_assert_str_eq(r.banned_words[0], "购物卡");
    cr_assert_str_eq(r.banned_words[1], "代金券");
    cr_assert_str_eq(r.banned_words[2], "储值卡");
    outlay_rules_release(&r);
    load_shipped("guide-2018", &r);
    cr_assert_eq(r.winners_num, 2);
    cr_assert_eq(r.winners_den, 3);
    cr_assert_eq(r.prize_winner_max, 80000);
    cr_assert_eq(r.souvenir_max, 10000);
    cr_assert(r.souvenir_only_without_prizes);
    cr_assert_eq(r.meal_max_per_day, 5000);
    cr_assert_eq(r.clothing_max, 50000);
    outlay_rules_release(&r);
    load_shipped("changsha", &r);
    cr_assert_str_eq(r.title_zh, "长沙：获奖面不超过 30%，每个奖项不超过 400 元（示例）");
    cr_assert_eq(r.winners_num, 30, "30%% is kept as the exact 30/100");
    cr_assert_eq(r.winners_den, 100);
    cr_assert_eq(r.prize_winner_max, 40000);
    outlay_rules_release(&r);
}

Test(rules, hostile_files_are_refused_with_their_line_and_nothing_half_applied)
{
    static const struct {
        const char *text;
        long line;
        const char *problem, *column;
    } cases[] = {
        {"[rules]\nprize_winner_max = -5\n", 2, "amount_negative(-5)", "prize_winner_max"},
        {"[rules]\nsouvenir_max = 100\nwinners_max_share = 2/0\n", 3, "rules_share(2/0)",
         "winners_max_share"},
        {"[rules]\nwinners_max_share = 3/2\n", 2, "rules_share(3/2)", "winners_max_share"},
        {"[rules]\nwinners_max_share = two thirds\n", 2, "rules_share(two thirds)",
         "winners_max_share"},
        {"[rules]\nwinners_max_share = -1/3\n", 2, "rules_share(-1/3)", "winners_max_share"},
        {"[rules]\ncolour = red\n", 2,
         "rules_key(colour, title, source, title.zh, source.zh, winners_max_share, "
         "prize_winner_max, "
         "prize_participation_max, souvenir_max, souvenir_only_without_prizes, clothing_max, "
         "meal_max_per_day, banned_kinds, banned_words, reapproval_over_pct)",
         ""},
        {"[rules]\ntitle = \xff\xfe\n", 2, "not_utf8()", ""},
        {"; \xc3\x28 a bad comment\n[rules]\n", 1, "not_utf8()", ""},
        {"[rules]\nsouvenir_max = 1\nsouvenir_max = 2\n", 3, "rules_key_twice(souvenir_max, 2)",
         "souvenir_max"},
        {"[limits]\n", 1, "rules_section(limits)", ""},
        {"souvenir_max = 1\n[rules]\n", 1, "rules_outside(souvenir_max)", "souvenir_max"},
        {"[rules]\njust words\n", 2, "rules_syntax()", ""},
        {"[rules\n", 1, "rules_syntax()", ""},
        {"[rules]\nreapproval_over_pct = 10.5\n", 2, "rules_pct(10.5)", "reapproval_over_pct"},
        {"[rules]\nreapproval_over_pct = 1001\n", 2, "rules_pct(1001)", "reapproval_over_pct"},
        {"[rules]\nbanned_kinds = gift-card; vouchers\n", 2, "not_kind(vouchers)", "banned_kinds"},
        {"[rules]\nsouvenir_only_without_prizes = sometimes\n", 2, "rules_flag(sometimes)",
         "souvenir_only_without_prizes"},
        {"[rules]\nsouvenir_max = 12.345\n", 2, "amount_decimals(12.345)", "souvenir_max"},
        {"[rules]\ntitle = a\x07"
         "bell\n",
         2, "text_control(U+0007, 2)", "title"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct outlay_rules r;
        outlay_err err = {0};
        cr_assert_eq(
            outlay_rules_parse(cases[i].text, strlen(cases[i].text), "x", "x.ini", &r, &err),
            OUTLAY_EINVAL, "case %zu", i);
        cr_assert_str_eq(problem_str(&err), cases[i].problem, "case %zu", i);
        cr_assert_eq(err.line, cases[i].line, "case %zu", i);
        cr_assert_str_eq(err.file, "x.ini");
        cr_assert_str_eq(err.column, cases[i].column, "case %zu", i);
        /* never half-applied: what came before the bad line is gone too */
        cr_assert_eq(r.souvenir_max, OUTLAY_RULES_UNSET, "case %zu", i);
        cr_assert_null(r.title);
        cr_assert_null(r.banned_words);
        cr_assert_eq(r.winners_den, 0);
    }
}

Test(rules, a_million_lines_are_refused_at_the_line_past_the_limit)
{
    size_t n = 1000000, len = 0;
    char *text = malloc(n * 12 + 16);
    cr_assert_not_null(text);
    len += (size_t)sprintf(text, "[rules]\n");
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(text + len, "; line %zu\n", i % 10);
    struct outlay_rules r;
    outlay_err err = {0};
    cr_assert_eq(outlay_rules_parse(text, len, "big", "big.ini", &r, &err), OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "rules_large(65536)");
    /* "[rules]\n" is 8 bytes, each comment 9: line k ends at 8 + 9 (k - 1) */
    cr_assert_eq(err.line, 1 + (65536 - 8) / 9 + 1);
    free(text);
    /* the same text from a file: read no further than the limit */
    char path[] = "/tmp/outlay-rules-big-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("[rules]\n", f);
    for (size_t i = 0; i < n; i++)
        fputs("; line 0\n", f);
    fclose(f);
    char *copy = NULL;
    cr_assert_eq(outlay_rules_load(path, "big", &r, &copy, &err), OUTLAY_EINVAL);
    cr_assert_eq(err.code, OUTLAY_P_RULES_LARGE);
    cr_assert_null(copy);
    unlink(path);
}

Test(rules, names_are_checked_and_missing_files_name_the_directories)
{
    outlay_err err = {0};
    char path[4096];
    cr_assert_eq(outlay_rules_find("../national", shipped, 1, path, sizeof path, &err),
                 OUTLAY_EINVAL);
    cr_assert_eq(err.code, OUTLAY_P_RULES_NAME);
    cr_assert_eq(outlay_rules_find("nowhere", shipped, 1, path, sizeof path, &err),
                 OUTLAY_ENOTFOUND);
    cr_assert_str_eq(problem_str(&err), "rules_not_found(nowhere, " RULES_DIR ")");
    cr_assert_eq(outlay_rules_find("nowhere", NULL, 0, path, sizeof path, &err), OUTLAY_ENOTFOUND);
    cr_assert_eq(err.code, OUTLAY_P_RULES_NO_DIR);
}

/* The seed's March 8th meet (templates/fun-sports-meet.ini) as lines. */
static const struct outlay_budget_line meet[] = {
    {.id = 1,
     .category = "props",
     .item = "Dates, drinks, balloons",
     .unit_price = 5000,
     .qty = 1,
     .amount = 5000},
    {.id = 2,
     .category = "prizes",
     .item = "Winner prizes",
     .unit_price = 500,
     .qty = 20,
     .amount = 10000,
     .kind = OUTLAY_KIND_PRIZE_WINNER},
    {.id = 3,
     .category = "prizes",
     .item = "Participation prizes",
     .unit_price = 300,
     .qty = 60,
     .amount = 18000,
     .kind = OUTLAY_KIND_PRIZE_PARTICIPATION},
    {.id = 4,
     .category = "lunch",
     .item = "Lunch",
     .unit_price = 100000,
     .qty = 1,
     .amount = 100000,
     .kind = OUTLAY_KIND_MEAL},
    {.id = 5,
     .category = "souvenirs",
     .item = "Souvenir",
     .unit_price = 5000,
     .qty = 55,
     .amount = 275000,
     .per_head = 1,
     .kind = OUTLAY_KIND_SOUVENIR},
};

static const char *meet_findings(const char *rules)
{
    static struct heard h;
    struct outlay_rules r;
    struct outlay_activity a = {.slug = "meet", .headcount = 55, .date = "2026-03-08"};
    struct outlay_rules_input in = {&a, meet, 5, NULL, 0};
    memset(&h, 0, sizeof h);
    load_shipped(rules, &r);
    long n = outlay_rules_check(&r, &in, hear, &h);
    cr_assert_eq(n, h.n);
    outlay_rules_release(&r);
    return h.s;
}

/* The done-when of issue 17, worked by hand. 55 people, 20 winners at 5
 * yuan, 60 participation prizes at 3 yuan, lunch 1,000 yuan for the day,
 * a 50-yuan souvenir each.
 *   national: bans gift cards and their words only; no line is one: nothing.
 *   guide-2018: winners 20 × 3 = 60 ≤ 55 × 2 = 110, within 2/3; prize 5 ≤
 *     800; souvenir 50 ≤ 100, but souvenirs only without prizes and there
 *     are prizes (line 2): one finding; lunch 1,000 ≤ 50 × 55 × 1 = 2,750.
 *   ningxia: 20 × 3 = 60 > 55 × 1 = 55: over 1/3; at most floor(55/3) = 18.
 *   changsha: 20 × 100 = 2,000 > 55 × 30 = 1,650: over 30%; at most
 *     floor(1,650/100) = 16; prize 5 ≤ 400. */
Test(rules, the_march_8th_meet_against_each_shipped_file)
{
    cr_assert_str_eq(meet_findings("national"), "");
    cr_assert_str_eq(meet_findings("guide-2018"), "rule_souvenir_with_prizes(guide-2018, 5, 2)");
    cr_assert_str_eq(meet_findings("ningxia"), "rule_winners(ningxia, 20, 55, 1/3, 18)");
    cr_assert_str_eq(meet_findings("changsha"), "rule_winners(changsha, 20, 55, 30/100, 16)");
}

static long check_text(const char *text, const struct outlay_activity *a,
                       const struct outlay_budget_line *lines, size_t nlines,
                       const struct outlay_expense *ex, size_t nex, struct heard *h)
{
    struct outlay_rules r;
    outlay_err err = {0};
    cr_assert_eq(outlay_rules_parse(text, strlen(text), "t", "t.ini", &r, &err), OUTLAY_OK, "%s",
                 problem_str(&err));
    struct outlay_rules_input in = {a, lines, nlines, ex, nex};
    memset(h, 0, sizeof *h);
    long n = outlay_rules_check(&r, &in, hear, h);
    outlay_rules_release(&r);
    return n;
}

Test(rules, shares_are_exact_at_the_boundary_and_past_int64)
{
    struct heard h;
    struct outlay_activity a = {.slug = "x", .headcount = 3};
    struct outlay_budget_line l = {
        .id = 1, .item = "w", .qty = 2, .kind = OUTLAY_KIND_PRIZE_WINNER};
    /* 2 of 3 is exactly 2/3: allowed; 3 of 3 is not */
    cr_assert_eq(check_text("[rules]\nwinners_max_share = 2/3\n", &a, &l, 1, NULL, 0, &h), 0);
    l.qty = 3;
    cr_assert_eq(check_text("[rules]\nwinners_max_share = 2/3\n", &a, &l, 1, NULL, 0, &h), 1);
    cr_assert_str_eq(h.s, "rule_winners(t, 3, 3, 2/3, 2)");
    /* the largest denominator, at the largest headcount: exact */
    a.headcount = 1000000;
    l.qty = 999999;
    const char *fine = "[rules]\nwinners_max_share = 999999999999/1000000000000\n";
    cr_assert_eq(check_text(fine, &a, &l, 1, NULL, 0, &h), 0, "999,999 ≤ 999,999.999999: %s", h.s);
    l.qty = 1000000;
    cr_assert_eq(check_text(fine, &a, &l, 1, NULL, 0, &h), 1);
    cr_assert_str_eq(h.s, "rule_winners(t, 1000000, 1000000, 999999999999/1000000000000, 999999)");
    /* winners × den past int64_t: over, and said so */
    struct outlay_budget_line many[] = {l, l};
    many[0].qty = many[1].qty = INT64_MAX / 2;
    cr_assert_eq(check_text(fine, &a, many, 2, NULL, 0, &h), 1);
    /* a denominator past 10^12 is refused: the products could not be exact */
    struct outlay_rules r;
    outlay_err err = {0};
    const char *big = "[rules]\nwinners_max_share = 1/1000000000001\n";
    cr_assert_eq(outlay_rules_parse(big, strlen(big), "t", "t.ini", &r, &err), OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "rules_share(1/1000000000001)");
    a.headcount = 0;
    cr_assert_eq(check_text("[rules]\nwinners_max_share = 1/2\n", &a, &l, 1, NULL, 0, &h), 1);
    cr_assert_str_eq(h.s, "rule_winners_no_headcount(t, 1000000)");
}

Test(rules, caps_meals_and_bans)
{
    struct heard h;
    struct outlay_activity a = {
        .slug = "x", .headcount = 10, .date = "2026-05-25", .end_date = "2026-05-27"};
    struct outlay_budget_line lines[] = {
        {.id = 1,
         .category = "prizes",
         .item = "Cup",
         .unit_price = 80001,
         .qty = 1,
         .kind = OUTLAY_KIND_PRIZE_WINNER},
        {.id = 2,
         .category = "prizes",
         .item = "Medal",
         .unit_price = 80000,
         .qty = 1,
         .kind = OUTLAY_KIND_PRIZE_WINNER},
        {.id = 3,
         .category = "shirts",
         .item = "T-shirt",
         .unit_price = 50100,
         .qty = 10,
         .kind = OUTLAY_KIND_CLOTHING},
        {.id = 4,
         .category = "meals",
         .item = "Meals",
         .unit_price = 150001,
         .qty = 1,
         .amount = 150001,
         .kind = OUTLAY_KIND_MEAL},
        {.id = 5,
         .category = "misc",
         .item = "超市购物卡",
         .unit_price = 10000,
         .qty = 1,
         .kind = OUTLAY_KIND_GIFT_CARD},
        {.id = 6,
         .category = "gifts",
         .item = "Thanks",
         .unit_price = 3001,
         .qty = 1,
         .kind = OUTLAY_KIND_PRIZE_PARTICIPATION},
    };
    struct outlay_expense ex[] = {
        {.id = 1, .category = "meals", .amount = 150000, .kind = OUTLAY_KIND_MEAL},
        {.id = 2, .category = "misc", .payee = "某某代金券公司", .amount = 100},
        {.id = 3, .category = "misc", .amount = 100, .kind = OUTLAY_KIND_GIFT_CARD},
    };
    /* meals: 50 a head a day × 10 heads × 3 days (25th to 27th) = 1,500.00 */
    cr_assert_eq(outlay_rules_days(&a), 3);
    long n =
        check_text("[rules]\nprize_winner_max = 800\nclothing_max = 500\n"
                   "prize_participation_max = 30\n"
                   "meal_max_per_day = 50\nbanned_kinds = 购物卡\nbanned_words = 购物卡；代金券\n",
                   &a, lines, 6, ex, 3, &h);
    cr_assert_str_eq(h.s, "rule_prize_winner_over(t, 1, Cup, 800.01, 800.00); "
                          "rule_clothing_over(t, 3, T-shirt, 501.00, 500.00); "
                          "rule_banned_kind_line(t, 5, gift-card); "
                          "rule_banned_word_line(t, 5, 购物卡); "
                          "rule_prize_participation_over(t, 6, Thanks, 30.01, 30.00); "
                          "rule_meal_over(t, 1500.01, 50.00, 10, 3); "
                          "rule_banned_word_expense(t, 2, 代金券); "
                          "rule_banned_kind_expense(t, 3, gift-card)");
    cr_assert_eq(n, 8);
    ex[0].amount = 150001;
    n = check_text("[rules]\nmeal_max_per_day = 50\n", &a, NULL, 0, ex, 1, &h);
    cr_assert_str_eq(h.s, "rule_meal_spent_over(t, 1500.01, 50.00, 10, 3)");
    /* without rules of a kind, nothing is found of it */
    cr_assert_eq(check_text("[rules]\n", &a, lines, 6, ex, 3, &h), 0);
}

/* --- the ledger's copy (ledger_rules.c) ---------------------------------- */

TestSuite(ledger_rules, .init = setup, .fini = teardown);

Test(ledger_rules, the_copy_decides_and_a_bad_text_changes_nothing)
{
    outlay_err err = {0};
    struct heard h = {0};
    struct outlay_line_in l = {.category = "prizes",
                               .item = "Cups",
                               .unit_price = "5",
                               .qty = "30",
                               .kind = "prize-winner"};
    cr_assert_eq(outlay_ledger_line_add(fx.st, &fx.act, &l, 1, NULL, &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_rules_problems(fx.st, &fx.act, hear, &h, &err), 0, "no rules yet");
    struct outlay_activity_in bad = {.rules_name = "x",
                                     .rules_text = "[rules]\nsouvenir_max = -1\n"};
    cr_assert_eq(outlay_ledger_activity_set(fx.st, "trip", &bad, &err), OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "amount_negative(-1)");
    struct outlay_activity a;
    cr_assert_eq(outlay_ledger_activity(fx.st, "trip", 0, &a, &err), OUTLAY_OK);
    cr_assert_null(a.rules_name, "refused: nothing copied");
    outlay_activity_release(&a);
    struct outlay_activity_in in = {.rules_name = "half",
                                    .rules_text = "[rules]\nwinners_max_share = 1/2\n"};
    cr_assert_eq(outlay_ledger_activity_set(fx.st, "trip", &in, &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_activity(fx.st, "trip", 0, &a, &err), OUTLAY_OK);
    cr_assert_str_eq(a.rules_name, "half");
    cr_assert_str_eq(a.rules_text, "[rules]\nwinners_max_share = 1/2\n");
    /* 30 winners of 55 > 1/2; through outlay_ledger_problems as well */
    cr_assert_eq(outlay_ledger_rules_problems(fx.st, &a, hear, &h, &err), 1);
    cr_assert_str_eq(h.s, "[trip] rule_winners(half, 30, 55, 1/2, 27)");
    memset(&h, 0, sizeof h);
    cr_assert_geq(outlay_ledger_problems(fx.st, &a, hear, &h, &err), 1);
    cr_assert(strstr(h.s, "rule_winners(half, 30, 55, 1/2, 27)"), "%s", h.s);
    outlay_activity_release(&a);
}

/* The findings of the rules for activity "trip", reloaded (its flags as
 * the ledger has them). */
static const char *trip_findings(void)
{
    static struct heard h;
    outlay_err err = {0};
    struct outlay_activity a;
    memset(&h, 0, sizeof h);
    cr_assert_eq(outlay_ledger_activity(fx.st, "trip", 0, &a, &err), OUTLAY_OK);
    cr_assert_geq(outlay_ledger_rules_problems(fx.st, &a, hear, &h, &err), 0);
    outlay_activity_release(&a);
    return h.s;
}

/* The numbers of the expenses the store's index of flags holds. */
static const char *flagged_ids(void)
{
    static char s[256];
    outlay_err err = {0};
    outlay_expense_cursor *c = NULL;
    struct outlay_expense e;
    s[0] = 0;
    cr_assert_eq(outlay_store_expenses_flagged(fx.st, fx.act.id, &c, &err), OUTLAY_OK);
    while (outlay_expense_cursor_next(c, &e, &err) == 1)
        snprintf(s + strlen(s), sizeof s - strlen(s), "%s%lld:%u", *s ? " " : "", (long long)e.id,
                 e.flags);
    outlay_expense_cursor_close(c);
    return s;
}

/* Issue 17: the rules' findings in the expenses are read from flags kept
 * when each expense is written (a report of a million expenses must not
 * read them all), and must be what reading every expense finds: through
 * adds, an edit, a void, new rules, and an older ledger's unflagged
 * expenses. */
Test(ledger_rules, flags_kept_with_every_write_find_what_reading_every_expense_finds)
{
    outlay_err err = {0};
    struct outlay_activity_in rules = {
        .rules_name = "bans",
        .rules_text = "[rules]\nmeal_max_per_day = 50\nbanned_kinds = gift-card\n"
                      "banned_words = 购物卡; 代金券\n"};
    cr_assert_eq(outlay_ledger_activity_set(fx.st, "trip", &rules, &err), OUTLAY_OK);
    struct outlay_activity a;
    cr_assert_eq(outlay_ledger_activity(fx.st, "trip", 1, &a, &err), OUTLAY_OK);
    cr_assert_not_null(a.rules, "parsed once for the command");
    cr_assert_eq(a.flags_ok, 1);
    struct outlay_expense_in ex[] = {
        {.category = "meals", .amount = "3000", .kind = "meal"},
        {.category = "misc", .amount = "100", .payee = "某某代金券公司"},
        {.category = "misc", .amount = "100", .kind = "gift-card"},
        {.category = "misc", .amount = "10", .item = "水"},
    };
    for (size_t i = 0; i < 4; i++)
        cr_assert_eq(outlay_ledger_expense_add(fx.st, &a, &ex[i], 1, NULL, NULL, NULL, &err),
                     OUTLAY_OK, "%zu: %s", i, problem_str(&err));
    /* meals: 50.00 a head a day x 55 heads x 1 day = 2,750.00 < 3,000.00 */
    cr_assert_str_eq(trip_findings(), "[trip] rule_banned_word_expense(bans, 2, 代金券); "
                                      "[trip] rule_banned_kind_expense(bans, 3, gift-card); "
                                      "[trip] rule_meal_spent_over(bans, 3000.00, 50.00, 55, 1)");
    cr_assert_str_eq(flagged_ids(), "2:1 3:2");
    struct outlay_kind_total kt[OUTLAY_KIND_COUNT];
    cr_assert_eq(outlay_store_kind_totals(fx.st, a.id, kt, &err), OUTLAY_OK);
    cr_assert_eq(kt[OUTLAY_KIND_MEAL].amount, 300000);
    cr_assert_eq(kt[OUTLAY_KIND_OTHER].amount, 11000);
    cr_assert_eq(kt[OUTLAY_KIND_OTHER].n, 2);
    cr_assert_eq(kt[OUTLAY_KIND_OTHER].flagged, 1);
    cr_assert_eq(kt[OUTLAY_KIND_GIFT_CARD].flagged, 1);

    /* an edit takes the word away; a void takes the gift card out */
    struct outlay_expense_in fix = {.payee = "某某公司"};
    cr_assert_eq(outlay_ledger_expense_set(fx.st, &a, "2", &fix, NULL, NULL, &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_expense_void(fx.st, &a, "3", "bought by mistake", &err), OUTLAY_OK);
    cr_assert_str_eq(flagged_ids(), "");
    cr_assert_str_eq(trip_findings(), "[trip] rule_meal_spent_over(bans, 3000.00, 50.00, 55, 1)");
    cr_assert_eq(outlay_store_kind_totals(fx.st, a.id, kt, &err), OUTLAY_OK);
    cr_assert_eq(kt[OUTLAY_KIND_GIFT_CARD].n + kt[OUTLAY_KIND_GIFT_CARD].flagged, 0);
    cr_assert_eq(kt[OUTLAY_KIND_OTHER].flagged, 0);
    outlay_activity_release(&a);

    /* other rules find other things in the same expenses */
    struct outlay_activity_in water = {.rules_name = "water",
                                       .rules_text = "[rules]\nbanned_words = 水\n"};
    cr_assert_eq(outlay_ledger_activity_set(fx.st, "trip", &water, &err), OUTLAY_OK);
    cr_assert_str_eq(flagged_ids(), "4:1");
    cr_assert_str_eq(trip_findings(), "[trip] rule_banned_word_expense(water, 4, 水)");

    /* an older ledger's activity: nothing flagged yet (schema 8's
     * migration cannot read rules); the check reads every expense and
     * finds the same, and the next command that writes flags them */
    struct outlay_expense four = {.id = 4, .kind = OUTLAY_KIND_OTHER, .flags = 1};
    cr_assert_eq(outlay_store_expense_flags(fx.st, fx.act.id, &four, 0, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_activity_flags_ok(fx.st, fx.act.id, 0, &err), OUTLAY_OK);
    cr_assert_str_eq(flagged_ids(), "");
    cr_assert_str_eq(trip_findings(), "[trip] rule_banned_word_expense(water, 4, 水)");
    cr_assert_eq(outlay_ledger_activity(fx.st, "trip", 1, &a, &err), OUTLAY_OK);
    cr_assert_eq(a.flags_ok, 1);
    outlay_activity_release(&a);
    cr_assert_str_eq(flagged_ids(), "4:1");
    cr_assert_str_eq(trip_findings(), "[trip] rule_banned_word_expense(water, 4, 水)");

    /* and the totals kept agree with a recount all along */
    long damage = 0;
    struct heard h = {0};
    cr_assert_eq(outlay_store_integrity(fx.st, hear, &h, &damage, &err), 0, "%s", h.s);
}

/* --- approval (ledger_rules.c, SPEC §14) --------------------------------- */

TestSuite(approval, .init = setup, .fini = teardown);

/* The walk of the issue: approve, change a line, approve again, spend 10%
 * over (allowed), then 11% (needs re-approval). */
Test(approval, approve_change_approve_overspend)
{
    outlay_err err = {0};
    struct outlay_approval ap;
    int changed = -1;
    struct outlay_line_in l = {.category = "lunch", .item = "Lunch", .unit_price = "1000"};
    struct outlay_activity_in in = {.rules_name = "national",
                                    .rules_text = "[rules]\nreapproval_over_pct = 10\n"};
    cr_assert_eq(outlay_ledger_activity_set(fx.st, "trip", &in, &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_line_add(fx.st, &fx.act, &l, 1, NULL, &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_approval(fx.st, &fx.act, &ap, &changed, &err), 0, "none yet");
    cr_assert_eq(outlay_ledger_approve(fx.st, "trip", "  王  主席 ", "2026年3月1日", &ap, &err),
                 OUTLAY_OK, "%s", problem_str(&err));
    cr_assert_eq(ap.no, 1);
    cr_assert_str_eq(ap.by, "王 主席", "spaces trimmed and squeezed as for --by");
    cr_assert_str_eq(ap.date, "2026-03-01");
    cr_assert_eq(ap.total, 100000);
    cr_assert_str_eq(trip_findings(), "");

    struct outlay_line_in set = {.unit_price = "1100"};
    cr_assert_eq(outlay_ledger_line_set(fx.st, &fx.act, "1", &set, &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_approval(fx.st, &fx.act, &ap, &changed, &err), 1);
    cr_assert_eq(changed, 1);
    cr_assert_str_eq(trip_findings(),
                     "[trip] approval_changed(王 主席, 2026-03-01, 1000.00, 1100.00)");
    /* changed back: the snapshot matches again */
    set.unit_price = "1000";
    cr_assert_eq(outlay_ledger_line_set(fx.st, &fx.act, "1", &set, &err), OUTLAY_OK);
    cr_assert_str_eq(trip_findings(), "");
    set.unit_price = "1100";
    cr_assert_eq(outlay_ledger_line_set(fx.st, &fx.act, "1", &set, &err), OUTLAY_OK);
    /* a kind is part of what was approved, and so is a line voided */
    cr_assert_eq(outlay_ledger_approve(fx.st, "trip", "王主席", NULL, &ap, &err), OUTLAY_OK);
    cr_assert_eq(ap.no, 2);
    cr_assert_eq(ap.total, 110000);
    cr_assert_str_eq(trip_findings(), "");

    /* 1,210.00 is exactly 10% over 1,100.00: allowed */
    struct outlay_expense_in e = {.category = "lunch", .amount = "1210"};
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &e, 1, NULL, NULL, NULL, &err),
                 OUTLAY_OK);
    cr_assert_str_eq(trip_findings(), "");
    /* 1,221.00: (1,221 - 1,100) × 100 / 1,100 = 11% */
    e.amount = "11";
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &e, 1, NULL, NULL, NULL, &err),
                 OUTLAY_OK);
    cr_assert_str_eq(trip_findings(), "[trip] approval_over(national, 1100.00, 1221.00, 11, 10)");
    /* one fen more than 10% is over too, and says 10% (rounded down) */
    cr_assert_eq(outlay_ledger_expense_void(fx.st, &fx.act, "2", "typo", &err), OUTLAY_OK);
    e.amount = "0.01";
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &e, 1, NULL, NULL, NULL, &err),
                 OUTLAY_OK);
    cr_assert_str_eq(trip_findings(), "[trip] approval_over(national, 1100.00, 1210.01, 10.1, 10)");
}

Test(approval, refusals_change_nothing)
{
    outlay_err err = {0};
    struct outlay_approval ap;
    int changed = 0;
    cr_assert_eq(outlay_ledger_approve(fx.st, "trip", "", NULL, &ap, &err), OUTLAY_EINVAL);
    cr_assert_eq(err.code, OUTLAY_P_WHO_EMPTY);
    cr_assert_str_eq(err.column, "by");
    cr_assert_eq(outlay_ledger_approve(fx.st, "trip", "Ann", "2026-13-01", &ap, &err),
                 OUTLAY_EINVAL);
    cr_assert_str_eq(err.column, "date");
    cr_assert_eq(outlay_ledger_approve(fx.st, "nope", "Ann", NULL, &ap, &err), OUTLAY_ENOTFOUND);
    cr_assert_eq(outlay_ledger_approval(fx.st, &fx.act, &ap, &changed, &err), 0);
}
