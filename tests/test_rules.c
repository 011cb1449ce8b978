/* tests/test_rules.c: SPEC §14, the union's rules: kinds on budget lines and
 * expenses, rules files, their findings, approval and small balances. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger_fixture.h"
#include "outlay/import.h"
#include "outlay/records.h"
#include "test_util.h"

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
