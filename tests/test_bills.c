/* bills: participant aliases (SPEC §15) and the deposits they find; WeChat
 * and Alipay bills (tests/data/bills, made by make-bills.py in the layout
 * of the apps' exports) imported exactly, idempotently, all or nothing. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "outlay/bills.h"
#include "outlay/ledger.h"
#include "outlay/store.h"
#include "outlay/xlsxin.h"

#include "ledger_fixture.h"
#include "test_util.h"

static struct ledger_fixture fx;

static void setup(void)
{
    struct outlay_activity_in in = {.title = "Trip", .deposit = "360", .headcount = "3"};
    ledger_fixture_open(&fx, "/tmp/outlay-bills-XXXXXX", &in);
    outlay_err err = {0};
    const char *names[] = {"Li Wei", "Wang Fang"};
    for (size_t i = 0; i < 2; i++) {
        struct outlay_participant_in p = {.name = names[i]};
        cr_assert_eq(outlay_ledger_participant_add(fx.st, &fx.act, &p, 1, &err), OUTLAY_OK);
    }
}

static void teardown(void)
{
    ledger_fixture_close(&fx);
}

TestSuite(alias, .init = setup, .fini = teardown);

static char *aliases_of(const char *name)
{
    outlay_err err = {0};
    struct outlay_participant p;
    char *joined = NULL;
    cr_assert_eq(outlay_store_participant_get(fx.st, fx.act.id, name, &p, &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_participant_aliases(fx.st, p.id, &joined, &err), OUTLAY_OK);
    return joined;
}

Test(alias, added_listed_sorted_and_removed)
{
    outlay_err err = {0};
    /* The participant by the key of the name; the alias as a name is taken
     * (trimmed, inner runs of spaces made one). */
    cr_assert_eq(outlay_ledger_participant_alias(fx.st, &fx.act, "li  wei", " 小李 ", 0, &err),
                 OUTLAY_OK);
    cr_assert_eq(outlay_ledger_participant_alias(fx.st, &fx.act, "Li Wei", "LW  88", 0, &err),
                 OUTLAY_OK);
    char *a = aliases_of("Li Wei");
    cr_assert_str_eq(a, "LW 88;小李");
    free(a);
    a = aliases_of("Wang Fang");
    cr_assert_str_eq(a, "");
    free(a);
    /* Removed by its key. */
    cr_assert_eq(outlay_ledger_participant_alias(fx.st, &fx.act, "Li Wei", "lw 88", 1, &err),
                 OUTLAY_OK);
    a = aliases_of("Li Wei");
    cr_assert_str_eq(a, "小李");
    free(a);
}

Test(alias, unique_within_the_activity)
{
    outlay_err err = {0};
    cr_assert_eq(outlay_ledger_participant_alias(fx.st, &fx.act, "Li Wei", "小李", 0, &err),
                 OUTLAY_OK);
    cr_assert_eq(outlay_ledger_participant_alias(fx.st, &fx.act, "Wang Fang", "小李", 0, &err),
                 OUTLAY_EEXIST);
    cr_assert_str_eq(problem_str(&err), "alias_taken(小李, Li Wei)");
    cr_assert_eq(outlay_ledger_participant_alias(fx.st, &fx.act, "Li Wei", "小李", 0, &err),
                 OUTLAY_EEXIST);
    cr_assert_str_eq(problem_str(&err), "alias_taken(小李, Li Wei)");
    cr_assert_eq(outlay_ledger_participant_alias(fx.st, &fx.act, "Li Wei", "WANG fang", 0, &err),
                 OUTLAY_EEXIST);
    cr_assert_str_eq(problem_str(&err), "alias_is_name(WANG fang, Wang Fang)");
    cr_assert_eq(outlay_ledger_participant_alias(fx.st, &fx.act, "Wang Fang", "小李", 1, &err),
                 OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "alias_none(小李, Wang Fang)");
    cr_assert_eq(outlay_ledger_participant_alias(fx.st, &fx.act, "Nobody", "x", 0, &err),
                 OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "no_participant_to_set(Nobody, trip)");
    cr_assert_eq(outlay_ledger_participant_alias(fx.st, &fx.act, "Li Wei", "  ", 0, &err),
                 OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "name_empty()");
}

Test(alias, payments_find_the_participant_by_alias)
{
    outlay_err err = {0};
    cr_assert_eq(outlay_ledger_participant_alias(fx.st, &fx.act, "Wang Fang", "芳芳", 0, &err),
                 OUTLAY_OK);
    struct outlay_payment_in in = {.name = "芳芳", .amount = "360", .date = "2026-05-01"};
    int64_t no = 0;
    cr_assert_eq(
        outlay_ledger_payment_add(fx.st, &fx.act, OUTLAY_DEPOSIT, &in, 1, &no, NULL, NULL, &err),
        OUTLAY_OK, "%s", problem_str(&err));
    struct outlay_payment p;
    cr_assert_eq(outlay_store_payment_get(fx.st, OUTLAY_DEPOSIT, fx.act.id, no, &p, &err),
                 OUTLAY_OK);
    cr_assert_str_eq(p.name, "Wang Fang");
    cr_assert_eq(p.amount, 36000);
    /* A name still comes first, and neither is a stranger. */
    in.name = "李四";
    cr_assert_eq(
        outlay_ledger_payment_add(fx.st, &fx.act, OUTLAY_DEPOSIT, &in, 0, &no, NULL, NULL, &err),
        OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "no_participant(李四, trip)");
}

static const char *hint_for(const char *typed)
{
    static char got[512];
    outlay_err err = {0};
    cr_assert_eq(outlay_ledger_no_participant(fx.st, &fx.act, typed, 1, &err), OUTLAY_EINVAL);
    snprintf(got, sizeof got, "%s", problem_str(&err));
    return got;
}

/* "Did you mean" for short Chinese names (issue 18): one character off in a
 * name of 2 or 3 (two would make every 2-character name near every other),
 * aliases as candidates, and no guess among participants equally near. */
Test(alias, did_you_mean_for_short_names_and_aliases)
{
    outlay_err err = {0};
    const char *names[] = {"王芳", "李雷", "张伟", "陈芳"};
    for (size_t i = 0; i < 4; i++) {
        struct outlay_participant_in p = {.name = names[i]};
        cr_assert_eq(outlay_ledger_participant_add(fx.st, &fx.act, &p, 0, &err), OUTLAY_OK);
    }
    cr_assert_eq(outlay_ledger_participant_alias(fx.st, &fx.act, "陈芳", "一只猫", 0, &err),
                 OUTLAY_OK);
    cr_assert_eq(outlay_ledger_participant_alias(fx.st, &fx.act, "Li Wei", "李伟伟", 0, &err),
                 OUTLAY_OK);
    cr_assert_str_eq(hint_for("王方"), "no_participant_near(王方, trip, 王芳)");
    cr_assert_str_eq(hint_for("李蕾"), "no_participant_near(李蕾, trip, 李雷)");
    /* an alias one character off: the alias, and whose it is */
    cr_assert_str_eq(hint_for("一只喵"), "no_participant_near_alias(一只喵, trip, 一只猫, 陈芳)");
    /* 李雷, 张伟 and Li Wei by the alias 李伟伟: each one edit away */
    cr_assert_str_eq(hint_for("李伟"), "no_participant_near_many(李伟, trip, 3)");
    /* a participant near by name and by alias is one participant, named */
    cr_assert_eq(outlay_ledger_participant_alias(fx.st, &fx.act, "陈芳", "陈芳儿", 0, &err),
                 OUTLAY_OK);
    cr_assert_str_eq(hint_for("陈芳2"), "no_participant_near(陈芳2, trip, 陈芳)");
    /* two participants equally near: both, in the order they were added */
    cr_assert_str_eq(hint_for("王伟"), "no_participant_near_two(王伟, trip, 王芳, 张伟)");
    /* 2 characters both different, 1 character: no hint (老孙 was '王芳') */
    cr_assert_str_eq(hint_for("老孙"), "no_participant(老孙, trip)");
    cr_assert_str_eq(hint_for("王"), "no_participant(王, trip)");
    /* a nickname made of a given name: both who have it */
    cr_assert_str_eq(hint_for("芳芳"), "no_participant_near_two(芳芳, trip, 王芳, 陈芳)");
    /* Latin names keep two edits past 3 letters; case and spaces are free */
    cr_assert_str_eq(hint_for("Li Wie"), "no_participant_near(Li Wie, trip, Li Wei)");
    cr_assert_str_eq(hint_for("wang  fnag"), "no_participant_near(wang  fnag, trip, Wang Fang)");
    struct outlay_participant_in more[] = {{.name = "王丽"}, {.name = "王强"}};
    for (size_t i = 0; i < 2; i++)
        cr_assert_eq(outlay_ledger_participant_add(fx.st, &fx.act, &more[i], 0, &err), OUTLAY_OK);
    cr_assert_str_eq(hint_for("王明"), "no_participant_near_many(王明, trip, 3)");
    cr_assert_str_eq(hint_for("王伟"), "no_participant_near_many(王伟, trip, 4)");
    /* without the hint asked for: the plain problem */
    cr_assert_eq(outlay_ledger_no_participant(fx.st, &fx.act, "王方", 0, &err), OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "no_participant(王方, trip)");
    /* and where a command meets it */
    struct outlay_payment_in in = {.name = "一只喵", .amount = "1", .date = "2026-05-01"};
    cr_assert_eq(
        outlay_ledger_payment_add(fx.st, &fx.act, OUTLAY_DEPOSIT, &in, 1, NULL, NULL, NULL, &err),
        OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "no_participant_near_alias(一只喵, trip, 一只猫, 陈芳)");
}

/* Schema 7: a deposit keeps a payment app's transaction id, and the
 * activity knows it holds it (deposits, payouts, expense receipts). */
Test(alias, references_are_kept_and_found)
{
    outlay_err err = {0};
    struct outlay_payment_in in = {
        .name = "Li Wei", .amount = "360", .date = "2026-05-01", .reference = "4200001234"};
    int64_t no = 0;
    cr_assert_eq(
        outlay_ledger_payment_add(fx.st, &fx.act, OUTLAY_DEPOSIT, &in, 0, &no, NULL, NULL, &err),
        OUTLAY_OK);
    struct outlay_payment p;
    cr_assert_eq(outlay_store_payment_get(fx.st, OUTLAY_DEPOSIT, fx.act.id, no, &p, &err),
                 OUTLAY_OK);
    cr_assert_str_eq(p.reference, "4200001234");
    cr_assert_eq(outlay_store_reference_held(fx.st, fx.act.id, "4200001234", &err), 1);
    cr_assert_eq(outlay_store_reference_held(fx.st, fx.act.id, "4200001235", &err), 0);
    struct outlay_expense_in e = {.category = "meals", .amount = "10", .receipt = "4200009999"};
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &e, 0, NULL, NULL, NULL, &err),
                 OUTLAY_OK, "%s", problem_str(&err));
    cr_assert_eq(outlay_store_reference_held(fx.st, fx.act.id, "4200009999", &err), 1);
    /* a receipt typed by hand is not a transaction id (8 digits or more) */
    e.receipt = "T-9";
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &e, 0, NULL, NULL, NULL, &err),
                 OUTLAY_OK, "%s", problem_str(&err));
    cr_assert_eq(outlay_store_reference_held(fx.st, fx.act.id, "T-9", &err), 0);
}

/* --- bills ---------------------------------------------------------------- */

#define BILLS OUTLAY_SRCDIR "/tests/data/bills/"

static void add_people(void)
{
    outlay_err err = {0};
    char line[256];
    FILE *f = fopen(BILLS "wechat-60.names", "r");
    cr_assert_not_null(f);
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        struct outlay_participant_in p = {.name = line};
        cr_assert_eq(outlay_ledger_participant_add(fx.st, &fx.act, &p, 0, &err), OUTLAY_OK);
    }
    fclose(f);
}

/* Gives the aliases of a "NAME<TAB>ALIAS" file. */
static void add_aliases(const char *file)
{
    outlay_err err = {0};
    char line[256];
    FILE *f = fopen(file, "r");
    cr_assert_not_null(f);
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        char *tab = strchr(line, '\t');
        cr_assert_not_null(tab);
        *tab = 0;
        cr_assert_eq(outlay_ledger_participant_alias(fx.st, &fx.act, line, tab + 1, 0, &err),
                     OUTLAY_OK, "%s", problem_str(&err));
    }
    fclose(f);
}

static void bills_setup(void)
{
    struct outlay_activity_in in = {.title = "春游", .deposit = "360", .headcount = "55"};
    ledger_fixture_open(&fx, "/tmp/outlay-bills-XXXXXX", &in);
    add_people();
    add_aliases(BILLS "wechat-60.aliases");
}

TestSuite(bills, .init = bills_setup, .fini = teardown);

struct seen {
    char text[64][160];
    int n;
};

static void see(void *ctx, const struct outlay_bill_row *r, enum outlay_bill_fate f,
                const outlay_err *why)
{
    struct seen *s = ctx;
    if (s->n < 64 && f != OUTLAY_BILL_DEPOSIT)
        snprintf(s->text[s->n++], sizeof s->text[0], "%ld %d %s %lld %s", r->line, (int)f, r->party,
                 (long long)r->amount, why ? problem_str(why) : "-");
}

static enum outlay_status import(enum outlay_bill_app app, const char *file,
                                 struct outlay_bill_summary *sum, struct seen *seen,
                                 outlay_err *err)
{
    struct outlay_bill_opts o = {.app = app, .path = file};
    return outlay_bills_import(fx.st, &fx.act, &o, seen ? see : NULL, seen, sum, err);
}

/* The deposits of the activity as "NAME AMOUNT REFERENCE" lines, and their
 * count and total. */
static long deposits(int64_t *total, char *first, size_t n)
{
    outlay_err err = {0};
    outlay_payment_cursor *c = NULL;
    struct outlay_payment p;
    long count = 0;
    *total = 0;
    cr_assert_eq(outlay_ledger_payments(fx.st, &fx.act, OUTLAY_DEPOSIT, &c, &err), OUTLAY_OK);
    while (outlay_payment_cursor_next(c, &p, &err) == 1) {
        if (count++ == 0)
            snprintf(first, n, "%lld %s %lld %s %s %s", (long long)p.id, p.name,
                     (long long)p.amount, p.date, p.method, p.reference);
        *total += p.amount;
    }
    outlay_payment_cursor_close(c);
    return count;
}

/* The 60 income rows of file (the CSV, or the .xlsx LibreOffice made of
 * it: a sheet row is the CSV's line): the same records, hints and counts. */
static void sixty(const char *file)
{
    outlay_err err = {0};
    struct outlay_bill_summary sum;
    struct seen seen = {0};
    cr_assert_eq(import(OUTLAY_BILL_WECHAT, file, &sum, &seen, &err), OUTLAY_OK, "%s",
                 problem_str(&err));
    /* 55 participants: 52 by name or alias (6 pay 180.50), 3 by nicknames
     * with no alias yet; 2 strangers; 3 refunded; out: 50.00 to 王勇
     * within the refund, 500.00 to 李伟 beyond it, a shop, a withdrawal. */
    cr_assert_eq(sum.n[OUTLAY_BILL_DEPOSIT], 52);
    cr_assert_eq(sum.fen[0], 6 * 18050 + 46 * 36000);
    cr_assert_eq(sum.n[OUTLAY_BILL_PAYOUT], 1);
    cr_assert_eq(sum.fen[1], 5000);
    cr_assert_eq(sum.n[OUTLAY_BILL_EXPENSE], 0);
    cr_assert_eq(sum.n[OUTLAY_BILL_PRESENT], 0);
    cr_assert_eq(sum.n[OUTLAY_BILL_UNMATCHED], 5);
    cr_assert_eq(sum.n[OUTLAY_BILL_SKIPPED], 6);
    int64_t total;
    char first[256];
    cr_assert_eq(deposits(&total, first, sizeof first), 52);
    cr_assert_eq(total, 6 * 18050 + 46 * 36000);
    /* Numbered in transaction-time order: the oldest row is the last line. */
    cr_assert_str_eq(first, "1 王伟 18050 2026-05-01 微信 100005000120260500000001");
    /* Unmatched in time order, with the did-you-mean; the refused payout. */
    cr_assert_eq(seen.n, 7);
    cr_assert_str_eq(seen.text[0], "36 4 一只猫 36000 bill_nobody(一只猫, trip)");
    /* 王玮 is one character from each of the 11 王s: no guess among them */
    cr_assert_str_eq(seen.text[3], "26 4 王玮 36000 no_participant_near_many(王玮, trip, 11)");
    cr_assert_str_eq(seen.text[4], "25 4 快递小哥 888 bill_nobody(快递小哥, trip)");
    cr_assert_str_eq(seen.text[5], "21 1 王勇 5000 -");
    cr_assert_str_eq(seen.text[6], "20 5 李伟 50000 payout_over_refund(李伟, 500.00, 360.00)");

    /* Again: nothing new. */
    cr_assert_eq(import(OUTLAY_BILL_WECHAT, file, &sum, NULL, &err), OUTLAY_OK);
    cr_assert_eq(sum.n[OUTLAY_BILL_DEPOSIT] + sum.n[OUTLAY_BILL_PAYOUT], 0);
    cr_assert_eq(sum.n[OUTLAY_BILL_PRESENT], 53);
    cr_assert_eq(sum.n[OUTLAY_BILL_UNMATCHED], 5);
    cr_assert_eq(sum.n[OUTLAY_BILL_SKIPPED], 6);

    /* The nicknames given as aliases: their three rows, and no more. */
    add_aliases(BILLS "wechat-60.nicknames");
    cr_assert_eq(import(OUTLAY_BILL_WECHAT, file, &sum, NULL, &err), OUTLAY_OK);
    cr_assert_eq(sum.n[OUTLAY_BILL_DEPOSIT], 3);
    cr_assert_eq(sum.fen[0], 3 * 36000);
    cr_assert_eq(sum.n[OUTLAY_BILL_PRESENT], 53);
    cr_assert_eq(sum.n[OUTLAY_BILL_UNMATCHED], 2);
    cr_assert_eq(deposits(&total, first, sizeof first), 55);
    cr_assert_eq(total, 6 * 18050 + 49 * 36000);
}

Test(bills, wechat_sixty_income_rows_exactly_then_nothing_again)
{
    sixty(BILLS "wechat-60.csv");
}

/* WeChat Pay's .xlsx export, read through the xlsx import's reader. */
Test(bills, wechat_xlsx_same_as_its_csv)
{
    sixty(BILLS "wechat-60.xlsx");
}

/* The CSV after the xlsx, or the other way: the same transaction ids. */
Test(bills, wechat_xlsx_then_csv_adds_nothing)
{
    outlay_err err = {0};
    struct outlay_bill_summary sum;
    cr_assert_eq(import(OUTLAY_BILL_WECHAT, BILLS "wechat-60.xlsx", &sum, NULL, &err), OUTLAY_OK);
    cr_assert_eq(sum.n[OUTLAY_BILL_DEPOSIT], 52);
    cr_assert_eq(import(OUTLAY_BILL_WECHAT, BILLS "wechat-60.csv", &sum, NULL, &err), OUTLAY_OK);
    cr_assert_eq(sum.n[OUTLAY_BILL_DEPOSIT] + sum.n[OUTLAY_BILL_PAYOUT], 0);
    cr_assert_eq(sum.n[OUTLAY_BILL_PRESENT], 53);
}

Test(bills, other_payments_become_expenses_when_asked)
{
    outlay_err err = {0};
    struct outlay_bill_summary sum;
    struct outlay_bill_opts o = {
        .app = OUTLAY_BILL_WECHAT, .path = BILLS "wechat-60.csv", .expenses = "门票"};
    cr_assert_eq(outlay_bills_import(fx.st, &fx.act, &o, NULL, NULL, &sum, &err), OUTLAY_OK);
    cr_assert_eq(sum.n[OUTLAY_BILL_EXPENSE], 1);
    cr_assert_eq(sum.fen[2], 13800);
    struct outlay_expense e;
    cr_assert_eq(outlay_store_expense_get(fx.st, fx.act.id, 1, &e, &err), OUTLAY_OK);
    /* A quote inside an unquoted cell is data; the id's tab is not. */
    cr_assert_str_eq(e.payee, "蟒山\"景区\"");
    cr_assert_str_eq(e.item, "门票(成人)");
    cr_assert_str_eq(e.receipt, "4200001234202605018003");
    cr_assert_str_eq(e.category, "门票");
}

Test(bills, from_and_to_keep_the_days_between)
{
    outlay_err err = {0};
    struct outlay_bill_summary sum;
    struct outlay_bill_opts o = {.app = OUTLAY_BILL_WECHAT,
                                 .path = BILLS "wechat-60.csv",
                                 .from = "2026-05-02",
                                 .to = "2026-05-02"};
    cr_assert_eq(outlay_bills_import(fx.st, &fx.act, &o, NULL, NULL, &sum, &err), OUTLAY_OK);
    /* 2026-05-02 holds rows 7 to 14 of the generator (王磊 to 李敏), one 180.50 */
    cr_assert_eq(sum.n[OUTLAY_BILL_DEPOSIT], 8);
    cr_assert_eq(sum.fen[0], 7 * 36000 + 18050);
}

Test(bills, alipay_gbk_padded)
{
    outlay_err err = {0};
    struct outlay_bill_summary sum;
    struct seen seen = {0};
    cr_assert_eq(import(OUTLAY_BILL_ALIPAY, BILLS "alipay.csv", &sum, &seen, &err), OUTLAY_OK, "%s",
                 problem_str(&err));
    /* 李伟 by name, 小风车 by alias (刘磊); a refund, a closed row, a meal. */
    cr_assert_eq(sum.n[OUTLAY_BILL_DEPOSIT], 2);
    cr_assert_eq(sum.fen[0], 72000);
    cr_assert_eq(sum.n[OUTLAY_BILL_SKIPPED], 3);
    int64_t total;
    char first[256];
    cr_assert_eq(deposits(&total, first, sizeof first), 2);
    cr_assert_str_eq(first, "1 刘磊 36000 2026-05-06 支付宝 2026050622001400002");
}

static void refused(enum outlay_bill_app app, const char *file, const char *want, long line)
{
    outlay_err err = {0};
    struct outlay_bill_summary sum;
    cr_assert_neq(import(app, file, &sum, NULL, &err), OUTLAY_OK, "%s", file);
    cr_assert_str_eq(problem_str(&err), want);
    cr_assert_str_eq(err.file, file);
    cr_assert_eq(err.line, line, "%s: line %ld", file, err.line);
    int64_t total;
    char first[256];
    cr_assert_eq(deposits(&total, first, sizeof first), 0);
}

Test(bills, bad_bills_are_refused_whole)
{
    refused(OUTLAY_BILL_ALIPAY, BILLS "wechat-60.csv", "bill_is_wechat()", 17);
    refused(OUTLAY_BILL_WECHAT, BILLS "alipay.csv", "bill_is_alipay()", 16);
    refused(OUTLAY_BILL_WECHAT, BILLS "wechat-60.names",
            "bill_not_wechat(" BILLS "wechat-60.names)", 0);
    refused(OUTLAY_BILL_WECHAT, BILLS "wechat-truncated.csv", "bill_truncated()", 31);
    refused(OUTLAY_BILL_ALIPAY, BILLS "alipay-truncated.csv", "bill_truncated()", 19);
    refused(OUTLAY_BILL_WECHAT, BILLS "wechat-duplicate.csv",
            "bill_duplicate_id(100005000120260500000001, 18)", 19);
    refused(OUTLAY_BILL_WECHAT, BILLS "none.csv", "bill_read(" BILLS "none.csv, ENOENT)", 0);
}

/* A bill in another year's layout (columns renamed or gone: here 商品名称,
 * 金额 and 交易状态, and no 商户单号) has no header row outlay knows: refused
 * as not a WeChat Pay bill, naming the file, rather than read by guesswork. */
Test(bills, another_years_layout_is_refused)
{
    char path[512];
    snprintf(path, sizeof path, "%s/old.csv", fx.dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("微信支付账单明细,,,,,,,\n"
          "交易时间,交易类型,交易对方,商品名称,收/支,金额,支付方式,交易状态,交易单号,备注\n"
          "2019-05-01 08:00:00,转账,王伟,/,收入,¥360.00,/,已存入零钱,90000000,/\n",
          f);
    fclose(f);
    char want[600];
    snprintf(want, sizeof want, "bill_not_wechat(%s)", path);
    refused(OUTLAY_BILL_WECHAT, path, want, 0);
}

/* The same as sheets: another app's bill at its header row, the Alipay
 * bill's sheet given to import alipay reads (lenient: a sheet is a sheet),
 * a workbook cut short, a CSV renamed .xlsx, one id on two rows. */
Test(bills, bad_xlsx_bills_are_refused_whole)
{
    refused(OUTLAY_BILL_ALIPAY, BILLS "wechat-60.xlsx", "bill_is_wechat()", 17);
    refused(OUTLAY_BILL_WECHAT, BILLS "alipay.xlsx", "bill_is_alipay()", 16);
    refused(OUTLAY_BILL_WECHAT, BILLS "wechat-truncated.xlsx",
            "xlsx_damaged(" BILLS "wechat-truncated.xlsx)", 0);
    refused(OUTLAY_BILL_WECHAT, BILLS "wechat-renamed.xlsx",
            "xlsx_not_zip(" BILLS "wechat-renamed.xlsx)", 0);
    refused(OUTLAY_BILL_WECHAT, BILLS "wechat-duplicate.xlsx",
            "bill_duplicate_id(100005000120260500000001, 18)", 19);
    outlay_err err = {0};
    struct outlay_bill_summary sum;
    cr_assert_eq(import(OUTLAY_BILL_ALIPAY, BILLS "alipay.xlsx", &sum, NULL, &err), OUTLAY_OK, "%s",
                 problem_str(&err));
    cr_assert_eq(sum.n[OUTLAY_BILL_DEPOSIT], 2);
    cr_assert_eq(sum.fen[0], 72000);
}

/* A copy of wechat-60.xlsx in the fixture's directory with the first
 * `old` of its sheet XML made `new`; its path. */
static const char *patched(const char *name, const char *old, const char *new)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", fx.dir, name);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", BILLS "wechat-60.xlsx", path);
    cr_assert_eq(system(cmd), 0);
    int zerr = 0;
    zip_t *z = zip_open(path, 0, &zerr);
    cr_assert_not_null(z);
    zip_stat_t zs;
    cr_assert_eq(zip_stat(z, "xl/worksheets/sheet1.xml", 0, &zs), 0);
    char *xml = calloc(1, zs.size + 1);
    zip_file_t *f = zip_fopen(z, "xl/worksheets/sheet1.xml", 0);
    cr_assert_eq(zip_fread(f, xml, zs.size), (zip_int64_t)zs.size);
    zip_fclose(f);
    char *at = strstr(xml, old);
    cr_assert_not_null(at, "%s", old);
    size_t n = zs.size - strlen(old) + strlen(new);
    char *out = malloc(n + 1);
    size_t k = (size_t)(at - xml);
    memcpy(out, xml, k);
    memcpy(out + k, new, strlen(new));
    strcpy(out + k + strlen(new), at + strlen(old));
    zip_source_t *src = zip_source_buffer(z, out, n, 1);
    cr_assert_geq(zip_file_add(z, "xl/worksheets/sheet1.xml", src, ZIP_FL_OVERWRITE), 0);
    cr_assert_eq(zip_close(z), 0);
    free(xml);
    return path;
}

/* The sheet's own refusals name the file and the row: a formula in a cell,
 * a row of 16,384 columns, a sheet inflating past the bound (a zip bomb:
 * the bound lowered here, 1 GiB otherwise). */
Test(bills, xlsx_bill_sheet_refusals_name_file_and_row)
{
    const char *p = patched("formula.xlsx", "<c r=\"F20\" s=\"0\" t=\"s\">",
                            "<c r=\"F20\" s=\"0\" t=\"s\"><f>1+1</f>");
    refused(OUTLAY_BILL_WECHAT, p, "xlsx_formula()", 20);
    p = patched("wide.xlsx", "</row><row r=\"21\"",
                "<c r=\"XFD20\" t=\"inlineStr\"><is><t>x</t></is></c></row><row r=\"21\"");
    refused(OUTLAY_BILL_WECHAT, p, "csv_columns(256)", 20);
    outlay_xlsx_set_limits(4096, 0);
    outlay_err err = {0};
    struct outlay_bill_summary sum;
    cr_assert_neq(import(OUTLAY_BILL_WECHAT, BILLS "wechat-60.xlsx", &sum, NULL, &err), OUTLAY_OK);
    outlay_xlsx_set_limits(0, 0);
    cr_assert_str_eq(problem_str(&err),
                     "xlsx_too_big(" BILLS "wechat-60.xlsx, xl/worksheets/sheet1.xml, 0)");
    cr_assert_str_eq(err.file, BILLS "wechat-60.xlsx");
    cr_assert_gt(err.line, 1);
}

/* The bill saved again by Excel: its oldest time (2026-05-01 09:07:13,
 * row 81) a serial number, 46143 days and 32,833 s of 86,400
 * (0.3800115741 at 15 digits): read as the app wrote it, the same import
 * to the fen and in the same order (the oldest row is deposit 1). */
Test(bills, xlsx_bill_with_a_serial_time_reads_as_written)
{
    sixty(patched("serial.xlsx", "<c r=\"A81\" s=\"2\" t=\"s\"><v>236</v></c>",
                  "<c r=\"A81\" s=\"2\"><v>46143.3800115741</v></c>"));
}

struct fates {
    char text[2048];
};

static void note_fate(void *ctx, const struct outlay_bill_row *r, enum outlay_bill_fate f,
                      const outlay_err *why)
{
    struct fates *s = ctx;
    size_t n = strlen(s->text);
    snprintf(s->text + n, sizeof s->text - n, "%s%s:%d%s", n ? " " : "", r->id, (int)f,
             why ? "!" : "");
}

/* Each status word both ways: on an income row from a participant and on
 * a transfer out to one (within the refund). Recorded only when the money
 * moved: SPEC §15's words and 对方已收钱 (WeChat Pay's word on a transfer
 * the treasurer sent once the participant accepted it); refunds, pending,
 * failed and neutral rows skipped. */
Test(bills, status_words_both_ways)
{
    static const struct {
        const char *word;
        int done;
    } words[] = {
        {"支付成功", 1},      {"已收钱", 1},     {"朋友已收钱", 1}, {"已存入零钱", 1},
        {"已转账", 1},        {"已到账", 1},     {"交易成功", 1},   {"对方已收钱", 1},
        {"已全额退款", 0},    {"对方已退还", 0}, {"退款成功", 0},   {"等待确认收货", 0},
        {"已退款(¥1.00)", 0}, {"支付失败", 0},   {"待接收", 0},     {"/", 0},
    };
    size_t nw = sizeof words / sizeof words[0];
    char path[512];
    snprintf(path, sizeof path, "%s/words.csv", fx.dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(
        "微信支付账单明细,,,,,,,,\n"
        "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
        "2026-05-01 08:00:00,转账,王伟,/,收入,¥360.00,/,已存入零钱,90000000,/,/\n",
        f);
    for (size_t i = 0; i < nw; i++) {
        fprintf(f, "2026-05-02 08:%02zu:00,转账,王芳,/,收入,¥1.00,/,%s,9100%04zu,/,/\n", i,
                words[i].word, i);
        fprintf(f, "2026-05-03 08:%02zu:00,转账,王伟,/,支出,¥1.00,零钱,%s,9200%04zu,/,/\n", i,
                words[i].word, i);
    }
    fclose(f);
    outlay_err err = {0};
    struct outlay_bill_summary sum;
    struct fates seen = {""};
    struct outlay_bill_opts o = {.app = OUTLAY_BILL_WECHAT, .path = path};
    cr_assert_eq(outlay_bills_import(fx.st, &fx.act, &o, note_fate, &seen, &sum, &err), OUTLAY_OK,
                 "%s", problem_str(&err));
    char want[2048] = "90000000:0";
    size_t done = 0;
    for (size_t i = 0; i < nw; i++)
        if (words[i].done) {
            size_t n = strlen(want);
            snprintf(want + n, sizeof want - n, " 9100%04zu:0", i);
            done++;
        }
    for (size_t i = 0; i < nw; i++)
        if (words[i].done) {
            size_t n = strlen(want);
            snprintf(want + n, sizeof want - n, " 9200%04zu:1", i);
        }
    cr_assert_str_eq(seen.text, want);
    cr_assert_eq(done, 8);
    cr_assert_eq(sum.n[OUTLAY_BILL_DEPOSIT], 1 + 8);
    cr_assert_eq(sum.n[OUTLAY_BILL_PAYOUT], 8);
    cr_assert_eq(sum.fen[1], 800);
    cr_assert_eq(sum.n[OUTLAY_BILL_SKIPPED], 2 * 8);
}
