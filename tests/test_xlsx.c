/* Tests for the approval workbook (SPEC §8): the March 8th sports meet is
 * written to a temporary directory, then its XML parts are read back with
 * `unzip -p` and checked exactly. */
#include <criterion/criterion.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outlay/ledger.h"
#include "outlay/template.h"
#include "ledger_fixture.h"
#include "outlay/xlsx.h"
#include "test_util.h"
#include "xlsx_internal.h"
#include "xlsx_reader.h"

#ifndef OUTLAY_TESTDIR
#define OUTLAY_TESTDIR "tests"
#endif

/* The meet -------------------------------------------------------------------- */

static struct outlay_activity meet = {
    .id = 1,
    .slug = "march8-meet",
    .title = "March 8th Sports Meet",
    .date = "2024-03-08",
    .venue = "Staff gymnasium",
    .organizer = "Trade union committee",
    .currency = "CNY",
    .deposit = 8000,
    .headcount = 55,
    .has_budget_total = 1,
    .budget_total = 420000,
};

/* Recorded order; the second prizes line comes after lunch so that grouping
 * by category shows. 50 + 100 + 1000 + 180 + 2750 = 4,080.00. */
static struct outlay_budget_line lines[] = {
    {.id = 1,
     .category = "props",
     .item = "Cones and ropes",
     .unit = "set",
     .unit_price = 5000,
     .qty = 1,
     .amount = 5000},
    {.id = 2,
     .category = "prizes",
     .item = "Winner prizes",
     .unit = "piece",
     .unit_price = 500,
     .qty = 20,
     .amount = 10000,
     .funded_by = OUTLAY_FUND_UNION},
    {.id = 3,
     .category = "lunch",
     .item = "Box lunches",
     .unit = "lot",
     .unit_price = 100000,
     .qty = 1,
     .amount = 100000,
     .note = "canteen"},
    {.id = 4,
     .category = "prizes",
     .item = "Runner-up prizes",
     .unit = "piece",
     .unit_price = 300,
     .qty = 60,
     .amount = 18000,
     .funded_by = OUTLAY_FUND_UNION},
    {.id = 5,
     .category = "souvenirs",
     .item = "T-shirts",
     .unit = "person",
     .unit_price = 5000,
     .qty = 55,
     .amount = 275000,
     .per_head = 1},
};

static struct outlay_expense expenses[] = {
    {.id = 1,
     .date = "2024-03-01",
     .category = "props",
     .item = "Cones and ropes",
     .payee = "Sports shop",
     .paid_by = "Li Na",
     .receipt = "R-001",
     .amount = 4800},
    {.id = 2,
     .date = "2024-03-05",
     .category = "prizes",
     .item = "Winner prizes",
     .payee = "Gift shop",
     .amount = 10000,
     .funded_by = OUTLAY_FUND_UNION},
    {.id = 3,
     .date = "2024-03-06",
     .category = "lunch",
     .item = "Box lunches",
     .payee = "Canteen",
     .amount = 98000,
     .is_void = 1,
     .void_reason = "entered twice"},
    {.id = 4,
     .date = "2024-03-08",
     .category = "lunch",
     .item = "=1+1",
     .payee = "Canteen",
     .amount = 103000},
};

static struct outlay_report_row report_rows[] = {
    {.category = "props",
     .budgeted = 5000,
     .actual = 4800,
     .variance = 200,
     .has_pct = 1,
     .pct_tenths = 960},
    {.category = "prizes",
     .budgeted = 28000,
     .actual = 10000,
     .variance = 18000,
     .has_pct = 1,
     .pct_tenths = 357},
    {.category = "lunch",
     .budgeted = 100000,
     .actual = 103000,
     .variance = -3000,
     .has_pct = 1,
     .pct_tenths = 1030,
     .over = 1},
    {.category = "souvenirs",
     .budgeted = 275000,
     .actual = 0,
     .variance = 275000,
     .has_pct = 1,
     .pct_tenths = 0},
};

static struct outlay_report report = {
    .rows = report_rows,
    .nrows = 4,
    .total =
        {.budgeted = 408000, .actual = 117800, .variance = 290200, .has_pct = 1, .pct_tenths = 289},
};

static struct outlay_participant people[] = {
    {.id = 1, .name = "Wang Fang", .dept = "Finance", .weight = 1},
    {.id = 2, .name = "Li Na", .dept = "HR", .weight = 2},
    {.id = 3, .name = "Zhao Lei", .dept = "IT", .weight = 1, .withdrawn = 1},
};

static struct outlay_settle_person settle_people[] = {
    {.name = "Wang Fang", .weight = 1, .deposits = 8000},
    {.name = "Li Na", .weight = 2, .deposits = 16000, .advanced = 4800},
    {.name = "Zhao Lei", .weight = 1, .withdrawn = 1, .deposits = 8000},
};

/* SPEC §6 by hand: 48.00 + 1,030.00 shared 1:2 by the two active people. */
static struct outlay_settle_row settle_rows[] = {
    {.cost = 35933,
     .due = 35933,
     .balance = -27933,
     .action = OUTLAY_SETTLE_SUPPLEMENT,
     .amount = 27933},
    {.cost = 71867,
     .due = 71867,
     .balance = -51067,
     .action = OUTLAY_SETTLE_SUPPLEMENT,
     .amount = 51067},
    {.balance = 8000, .action = OUTLAY_SETTLE_REFUND, .amount = 8000},
};

static struct outlay_settle_result settle = {
    .rows = settle_rows,
    .nrows = 3,
    .totals = {.expenses = 117800,
               .union_funded = 10000,
               .advanced = 4800,
               .cost = 107800,
               .due = 107800,
               .deposits = 32000,
               .refunds = 8000,
               .supplements = 79000,
               .cash = -81000,
               .union_share = 10000},
};

/* The iterator over an array of expenses. */
struct iter {
    const struct outlay_expense *v;
    size_t n, i;
    size_t fail_at; /* 0: never */
};

static int next_expense(void *ctx, struct outlay_expense *e, outlay_err *err)
{
    struct iter *it = ctx;
    if (it->fail_at && it->i + 1 == it->fail_at) {
        outlay_fail(err, OUTLAY_EIO, OUTLAY_P_STORE_IO, OUTLAY_A_TEXT("ledger.db"),
                    OUTLAY_A_TEXT("disk on fire"));
        return -1;
    }
    if (it->i == it->n)
        return 0;
    *e = it->v[it->i++];
    return 1;
}

/* Fixture --------------------------------------------------------------------- */

static char dir[64];
static outlay_lang *lang_en, *lang_zh;
static struct iter it;
/* The meet's problems, as the ledger reports them: the declared total the
 * Budget sheet compares itself (not worded twice), then a withdrawn payer. */
static outlay_err problems[2];

static outlay_lang *load_lang(const char *code)
{
    const char *dirs[] = {OUTLAY_TESTDIR "/../templates"};
    outlay_lang *l = NULL;
    outlay_err err = {0};
    cr_assert_eq(outlay_lang_load(code, dirs, 1, &l, &err), OUTLAY_OK, "%s", problem_str(&err));
    return l;
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/test_xlsx.XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    lang_en = load_lang("en");
    lang_zh = load_lang("zh");
    memset(problems, 0, sizeof problems);
    outlay_fail(&problems[0], OUTLAY_ECHECK, OUTLAY_P_DECLARED_DIFFERS, OUTLAY_A_MONEY(420000),
                OUTLAY_A_MONEY(408000), OUTLAY_A_MONEY(12000));
    outlay_fail(&problems[1], OUTLAY_ECHECK, OUTLAY_P_WITHDRAWN_PAYER, OUTLAY_A_INT(7),
                OUTLAY_A_TEXT("Zhao Lei"));
    for (size_t i = 0; i < 2; i++)
        snprintf(problems[i].activity, sizeof problems[i].activity, "%s", meet.slug);
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
    outlay_lang_free(lang_en);
    outlay_lang_free(lang_zh);
}

static struct outlay_workbook_input input(const char *code)
{
    it = (struct iter){.v = expenses, .n = sizeof expenses / sizeof expenses[0]};
    return (struct outlay_workbook_input){
        .activity = &meet,
        .lines = lines,
        .nlines = sizeof lines / sizeof lines[0],
        .report = &report,
        .next_expense = next_expense,
        .expense_ctx = &it,
        .people = people,
        .npeople = 3,
        .settle = &settle,
        .settle_people = settle_people,
        .problems = problems,
        .nproblems = 2,
        .lang = strcmp(code, "zh") == 0 ? lang_zh : lang_en,
        .lang_code = code,
        .author = "Chen Jing",
        .company = "Staff union",
    };
}

/* Writes the workbook to dir/name and returns its path (static buffer). */
static const char *write_book(const struct outlay_workbook_input *in, const char *name)
{
    static char path[128];
    outlay_err err = {0};
    snprintf(path, sizeof path, "%s/%s", dir, name);
    cr_assert_eq(outlay_xlsx_write(path, in, &err), OUTLAY_OK, "%s", problem_str(&err));
    return path;
}

/* The text of one part of the zip, malloc'ed. */
static char *part(const char *path, const char *name)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", path, name);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    size_t len = 0, cap = 1 << 16;
    char *s = malloc(cap);
    size_t got;
    while ((got = fread(s + len, 1, cap - len - 1, p)) > 0) {
        len += got;
        if (cap - len < 2)
            s = realloc(s, cap *= 2);
    }
    s[len] = '\0';
    cr_assert_eq(pclose(p), 0, "unzip %s %s", path, name);
    return s;
}

/* The XML of cell `ref` ("<c r="G17" ...>...</c>"), malloc'ed, or NULL. */
static char *cell(const char *xml, const char *ref)
{
    char open[32];
    snprintf(open, sizeof open, "<c r=\"%s\"", ref);
    const char *a = strstr(xml, open);
    if (!a)
        return NULL;
    const char *b = strstr(a, "</c>");
    const char *selfclose = strstr(a, "/>");
    size_t n =
        b && (!selfclose || b < selfclose) ? (size_t)(b - a) + 4 : (size_t)(selfclose - a) + 2;
    return strndup(a, n);
}

static void assert_cell_has(const char *xml, const char *ref, const char *want)
{
    char *c = cell(xml, ref);
    cr_assert_not_null(c, "no cell %s", ref);
    cr_assert_not_null(strstr(c, want), "cell %s is %s, expected it to contain %s", ref, c, want);
    free(c);
}

/* The cached number of cell `ref`, as a spreadsheet reads it back. */
static double cell_num(const char *xml, const char *ref)
{
    char *c = cell(xml, ref);
    cr_assert_not_null(c, "no cell %s", ref);
    const char *v = strstr(c, "<v>");
    cr_assert_not_null(v, "cell %s has no value: %s", ref, c);
    double d = strtod(v + 3, NULL);
    free(c);
    return d;
}

/* The footer of every sheet: the activity's slug, page / pages, the sheet. */
#define FOOTER "<oddFooter>&amp;Lmarch8-meet&amp;C&amp;P / &amp;N&amp;R&amp;A</oddFooter>"

/* Tests ----------------------------------------------------------------------- */

TestSuite(xlsx, .init = setup, .fini = teardown);

Test(xlsx, sheet_names_in_order_en)
{
    struct outlay_workbook_input in = input("en");
    char *wb = part(write_book(&in, "en.xlsx"), "xl/workbook.xml");
    const char *names[] = {
        "<sheet name=\"Budget\" sheetId=\"1\"", "<sheet name=\"Budget vs Actual\" sheetId=\"2\"",
        "<sheet name=\"Expenses\" sheetId=\"3\"", "<sheet name=\"Settlement\" sheetId=\"4\""};
    for (size_t i = 0; i < 4; i++)
        cr_assert_not_null(strstr(wb, names[i]), "%s missing in %s", names[i], wb);
    free(wb);
}

Test(xlsx, sheet_names_in_order_zh)
{
    struct outlay_workbook_input in = input("zh");
    char *wb = part(write_book(&in, "zh.xlsx"), "xl/workbook.xml");
    const char *names[] = {
        "<sheet name=\"预算审批表\" sheetId=\"1\"", "<sheet name=\"预算执行\" sheetId=\"2\"",
        "<sheet name=\"支出明细\" sheetId=\"3\"", "<sheet name=\"结算\" sheetId=\"4\""};
    for (size_t i = 0; i < 4; i++)
        cr_assert_not_null(strstr(wb, names[i]), "%s missing in %s", names[i], wb);
    free(wb);
}

/* Rows: header 8; props 9, subtotal 10; prizes 11-12, subtotal 13; lunch 14,
 * subtotal 15; souvenirs 16, subtotal 17; total 18, words 19, declared total
 * 20, union 21, participants 22. */
Test(xlsx, budget_formulas_and_cached_values)
{
    struct outlay_workbook_input in = input("en");
    char *s = part(write_book(&in, "b.xlsx"), "xl/worksheets/sheet1.xml");
    assert_cell_has(s, "G18", "<f>SUBTOTAL(9,G9:G17)</f><v>4080</v>");
    assert_cell_has(s, "G11", "<f>D11*E11</f><v>100</v>");
    assert_cell_has(s, "G12", "<f>D12*E12</f><v>180</v>");
    assert_cell_has(s, "C12", "<t>Runner-up prizes</t>");
    assert_cell_has(s, "G13", "<f>SUBTOTAL(9,G11:G12)</f><v>280</v>");
    assert_cell_has(s, "G16", "<f>D16*E16</f><v>2750</v>");
    assert_cell_has(s, "G21", "<f>SUM(G11:G12)</f><v>280</v>");
    assert_cell_has(s, "G22", "<f>SUM(G9,G14,G16)</f><v>3800</v>");
    /* SPEC §13, the split at the headcount: no subsidy here, so the union's
     * share is its lines and the participants' is theirs; 3,800.00 / 55 =
     * 69.0909..., rounded up to the fen, shown in the information block. */
    assert_cell_has(s, "G23", "<f>H6*H4</f><v>0</v>");
    assert_cell_has(s, "G24", "<f>G21+G23</f><v>280</v>");
    assert_cell_has(s, "G25", "<f>G22-G23</f><v>3800</v>");
    assert_cell_has(s, "G26", "<f>ROUNDUP(G25/H4,2)</f>");
    cr_assert_eq(cell_num(s, "G26"), 69.1);
    assert_cell_has(s, "H5", "<f>G26</f>");
    cr_assert_eq(cell_num(s, "H5"), 69.1);
    assert_cell_has(s, "H4", "<v>55</v>");
    assert_cell_has(s, "C5", "<v>80</v>");
    assert_cell_has(s, "H16", "<t>per head</t>");
    assert_cell_has(s, "H11", "<t>Funded by: union</t>");
    assert_cell_has(s, "D19", "<t>肆仟零捌拾元整</t>");
    /* The declared total, a number beside the lines' total. */
    assert_cell_has(s, "A20", "<t>Declared total</t>");
    assert_cell_has(s, "G20", "<v>4200</v>");
    char *declared = cell(s, "G20");
    cr_assert_null(strstr(declared, "<f>"), "the declared total is a figure: %s", declared);
    free(declared);
    cr_assert_not_null(strstr(s, "The declared total differs from the sum of the lines: "
                                 "4,200.00 ≠ 4,080.00 (Variance 120.00)"));
    cr_assert_not_null(strstr(s, "<t>Expense 7 was paid by 'Zhao Lei', who has withdrawn: the "
                                 "advance is refunded at settlement</t>"));
    cr_assert_null(strstr(s, "The declared budget total"), "the declared total is worded twice");
    cr_assert_not_null(strstr(s, "<t>Approved by:</t>"));
    free(s);
}

Test(xlsx, budget_print_setup)
{
    struct outlay_workbook_input in = input("en");
    const char *path = write_book(&in, "p.xlsx");
    char *s = part(path, "xl/worksheets/sheet1.xml");
    /* fitToWidth="1" is the default and so not written by libxlsxwriter. */
    cr_assert_not_null(strstr(s, "<pageSetUpPr fitToPage=\"1\"/>"));
    /* SPEC §13: a budget of up to 30 lines on one page, signatures
     * included (fitToHeight="1" is the default too). */
    cr_assert_not_null(strstr(s, "<pageSetup paperSize=\"9\" orientation=\"portrait\""));
    cr_assert_not_null(strstr(s, FOOTER));
    cr_assert_null(strstr(s, "gridLines"));
    free(s);
    char *wb = part(path, "xl/workbook.xml");
    cr_assert_not_null(strstr(wb, "<definedName name=\"_xlnm.Print_Titles\" "
                                  "localSheetId=\"0\">Budget!$8:$8</definedName>"));
    free(wb);
}

/* Every sheet prints on A4, one page wide, its header row on every page,
 * the slug, page and sheet in the footer; the wide tables in landscape. */
Test(xlsx, print_setup_of_every_sheet)
{
    static const struct {
        const char *part, *orientation, *titles;
    } want[] = {
        {"xl/worksheets/sheet2.xml", "portrait",
         "localSheetId=\"1\">'Budget vs Actual'!$4:$4</definedName>"},
        {"xl/worksheets/sheet3.xml", "landscape",
         "localSheetId=\"2\">Expenses!$4:$4</definedName>"},
        {"xl/worksheets/sheet4.xml", "landscape",
         "localSheetId=\"3\">Settlement!$4:$4</definedName>"},
    };
    char setup[128];
    struct outlay_workbook_input in = input("en");
    const char *path = write_book(&in, "ps.xlsx");
    char *wb = part(path, "xl/workbook.xml");

    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char *s = part(path, want[i].part);
        snprintf(setup, sizeof setup,
                 "<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"%s\"",
                 want[i].orientation);
        cr_assert_not_null(strstr(s, "<pageSetUpPr fitToPage=\"1\"/>"), "%s", want[i].part);
        cr_assert_not_null(strstr(s, setup), "%s: want %s", want[i].part, setup);
        cr_assert_not_null(strstr(s, FOOTER), "%s", want[i].part);
        cr_assert_not_null(strstr(wb, want[i].titles), "%s", want[i].titles);
        free(s);
    }
    free(wb);
}

/* Sheets 2-4 say what they are on paper: the activity, the sheet, the dates. */
Test(xlsx, sheet_titles)
{
    static const char *const en[] = {
        "<t>March 8th Sports Meet — Budget vs Actual</t>",
        "<t>March 8th Sports Meet — Expenses</t>",
        "<t>March 8th Sports Meet — Settlement</t>",
    };
    static const char *const zh[] = {
        "<t>March 8th Sports Meet 预算执行情况表</t>",
        "<t>March 8th Sports Meet 支出明细表</t>",
        "<t>March 8th Sports Meet 结算表</t>",
    };
    char name[32];
    for (int z = 0; z < 2; z++) {
        struct outlay_workbook_input in = input(z ? "zh" : "en");
        const char *path = write_book(&in, z ? "tz.xlsx" : "te.xlsx");
        for (int i = 0; i < 3; i++) {
            snprintf(name, sizeof name, "xl/worksheets/sheet%d.xml", i + 2);
            char *s = part(path, name);
            assert_cell_has(s, "A1", z ? zh[i] : en[i]);
            assert_cell_has(s, "A2",
                            z ? "<t>活动日期：2024-03-08</t>" : "<t>Dates: 2024-03-08</t>");
            cr_assert_not_null(strstr(s, "<mergeCell ref=\"A1:"), "%s: title merged", name);
            free(s);
        }
    }
}

/* Budget information block: who funds the activity, the subsidy per head
 * when there is one; a long venue wraps in a taller row. */
Test(xlsx, budget_info_funder_and_subsidy)
{
    struct outlay_activity a = meet;
    a.funded_by = OUTLAY_FUND_UNION;
    a.subsidy_per_head = 3000;
    a.venue = "Music and sports activity room (or Hutou Mountain)";
    struct outlay_workbook_input in = input("zh");
    in.activity = &a;
    char *s = part(write_book(&in, "i.xlsx"), "xl/worksheets/sheet1.xml");
    assert_cell_has(s, "A6", "<t>经费来源：</t>");
    assert_cell_has(s, "C6", "<t>工会经费</t>");
    assert_cell_has(s, "E6", "<t>工会每人补贴：</t>");
    assert_cell_has(s, "H6", "<v>30</v>");
    cr_assert_not_null(strstr(s, "<row r=\"4\" ht=\"33\" customHeight=\"1\">"), "%s", s);
    free(s);

    in = input("en"); /* no subsidy: 0.00, which the split's formula reads */
    s = part(write_book(&in, "i2.xlsx"), "xl/worksheets/sheet1.xml");
    assert_cell_has(s, "C6", "<t>Participants (deposits)</t>");
    assert_cell_has(s, "E6", "<t>Union subsidy per head:</t>");
    assert_cell_has(s, "H6", "<v>0</v>");
    free(s);
}

/* A line whose item or note wraps gets a row tall enough for it; a line
 * that fits keeps the default height. */
Test(xlsx, budget_rows_grow_with_wrapped_text)
{
    struct outlay_budget_line two[] = {
        {.category = "insurance",
         .item = "Travel accident insurance, three days",
         .unit = "person",
         .unit_price = 500,
         .qty = 20,
         .amount = 10000},
        {.category = "insurance",
         .item = "Short",
         .unit = "person",
         .unit_price = 500,
         .qty = 1,
         .amount = 500,
         .note =
             "这是一条很长的中文备注，用来检查中文文字换行之后行高是否足够，不会压到上下两行。"},
        {.category = "insurance", .item = "Short", .unit_price = 1, .qty = 1, .amount = 1},
    };
    struct outlay_workbook_input in = input("en");
    in.lines = two;
    in.nlines = 3;
    char *s = part(write_book(&in, "w.xlsx"), "xl/worksheets/sheet1.xml");
    cr_assert_not_null(strstr(s, "<row r=\"9\" ht=\"33\" customHeight=\"1\">"), "%s", s);
    /* 41 CJK characters, 2 units each, in 25.5 units: 4 lines. */
    cr_assert_not_null(strstr(s, "<row r=\"10\" ht=\"63\" customHeight=\"1\">"), "%s", s);
    cr_assert_not_null(strstr(s, "<row r=\"11\">"), "%s", s);
    free(s);
}

/* The line estimate behind the row heights (xlsx.c). */
Test(xlsx, text_lines_estimate)
{
    static const struct {
        const char *text;
        double width;
        size_t lines;
    } cases[] = {
        {"", 28, 1},
        {NULL, 28, 1},
        {"Hotel, two nights, twin room", 28, 1},
        {"Travel accident insurance, three days", 28, 2},
        {"Only for those who raft: record the bill with --for rafting", 28, 2},
        {"Only for those who raft: record the bill with --for rafting", 24, 3},
        {"person", 8, 1},
        {"per head; Funded by: union", 28, 1},
        {"按人数；经费来源：工会", 28, 1},         /* 11 wide = 22 units */
        {"按人数；经费来源：工会经费承担", 28, 2}, /* 15 wide = 30 units */
        {"line one\nline two", 28, 2},
        {"a\nb", 28, 2},
        {"a\n", 28, 2},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 28, 3}, /* 64 × 0.9 */
        {"withdrawn", 12, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_assert_eq(xw_text_lines(cases[i].text, cases[i].width), cases[i].lines,
                     "'%s' in %g: %zu lines, want %zu", cases[i].text ? cases[i].text : "(null)",
                     cases[i].width, xw_text_lines(cases[i].text, cases[i].width), cases[i].lines);
    cr_assert_eq(xw_row_height(1), XW_ROW_DEFAULT);
    cr_assert_eq(xw_row_height(2), 33);
    cr_assert_eq(xw_row_height(100), 409, "Excel's highest row");
}

Test(xlsx, amounts_are_numbers_with_format)
{
    struct outlay_workbook_input in = input("en");
    const char *path = write_book(&in, "n.xlsx");
    char *st = part(path, "xl/styles.xml");
    cr_assert_not_null(strstr(st, "formatCode=\"#,##0.00\""));
    cr_assert_not_null(strstr(st, "<strike/>"), "voided expenses are struck out");
    free(st);
    char *s = part(path, "xl/worksheets/sheet3.xml");
    assert_cell_has(s, "E8", "<v>1030</v>");
    assert_cell_has(s, "E7", "<v>980</v>");
    assert_cell_has(s, "K7", "<t>void</t>");
    assert_cell_has(s, "L7", "<t>entered twice</t>");
    free(s);
}

/* libxlsxwriter writes numbers with printf, which follows LC_NUMERIC: under
 * de_DE, fr_FR or tr_TR a cached 359.33 was <v>359,33</v>, read back by a
 * spreadsheet as 359, and a column width "5,7109375" made the file need
 * repair. Whatever the caller's locale, the workbook is byte for byte the
 * one written under "C", and the caller's locale is left as it was. */
Test(xlsx, numbers_ignore_lc_numeric)
{
    static const char *const locales[] = {"de_DE.UTF-8", "fr_FR.UTF-8", "tr_TR.UTF-8"};
    static const char *const names[] = {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
                                        "xl/worksheets/sheet3.xml", "xl/worksheets/sheet4.xml",
                                        "xl/charts/chart1.xml",     "xl/styles.xml",
                                        "xl/workbook.xml"};
    enum { N = sizeof names / sizeof names[0] };
    struct outlay_workbook_input in = input("en");
    const char *path = write_book(&in, "c.xlsx");
    char *want[N];

    for (size_t k = 0; k < N; k++)
        want[k] = part(path, names[k]);
    for (size_t i = 0; i < sizeof locales / sizeof locales[0]; i++) {
        char file[32];
        use_locale(locales[i]);
        in = input("en");
        snprintf(file, sizeof file, "%zu.xlsx", i);
        path = write_book(&in, file);
        for (size_t k = 0; k < N; k++) {
            char *got = part(path, names[k]);
            cr_assert(strcmp(got, want[k]) == 0, "%s under %s differs from C's", names[k],
                      locales[i]);
            free(got);
        }
        char *s = part(path, "xl/worksheets/sheet4.xml");
        assert_cell_has(s, "K5", "<f>I5-J5</f><v>359.33</v>");
        assert_cell_has(s, "L5", "<f>F5+G5-H5-K5</f><v>-279.33</v>");
        cr_assert_not_null(strstr(s, "<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.6\""));
        free(s);
        s = part(path, "xl/worksheets/sheet2.xml");
        assert_cell_has(s, "E7", "<v>1.03</v>");
        cr_assert_not_null(strstr(s, "<col min=\"6\" max=\"6\" width=\"15.7109375\""));
        free(s);
        cr_assert_str_eq(localeconv()->decimal_point, ",", "the caller's locale is kept");
        cr_assert_str_eq(setlocale(LC_NUMERIC, NULL), locales[i]);
    }
    setlocale(LC_ALL, "C");
    for (size_t k = 0; k < N; k++)
        free(want[k]);
}

Test(xlsx, user_text_is_never_a_formula)
{
    struct outlay_workbook_input in = input("en");
    char *s = part(write_book(&in, "t.xlsx"), "xl/worksheets/sheet3.xml");
    assert_cell_has(s, "D8", "t=\"inlineStr\"><is><t>=1+1</t></is>");
    cr_assert_null(strstr(s, "<f>1+1</f>"));
    cr_assert_null(strstr(s, "<f>=1+1</f>"));
    free(s);
}

Test(xlsx, expenses_filter_and_frozen_header)
{
    struct outlay_workbook_input in = input("en");
    const char *path = write_book(&in, "e.xlsx");
    char *s = part(path, "xl/worksheets/sheet3.xml");
    cr_assert_not_null(strstr(s, "<autoFilter ref=\"A4:L8\"/>"), "%s", s);
    cr_assert_not_null(strstr(s, "<pane ySplit=\"4\" topLeftCell=\"A5\" "
                                 "activePane=\"bottomLeft\" state=\"frozen\"/>"));
    assert_cell_has(s, "B5", "<v>45352</v>"); /* 2024-03-01 as a date */
    free(s);
}

Test(xlsx, report_sheet_and_chart)
{
    struct outlay_workbook_input in = input("en");
    const char *path = write_book(&in, "r.xlsx");
    char *s = part(path, "xl/worksheets/sheet2.xml");
    assert_cell_has(s, "D7", "<f>B7-C7</f><v>-30</v>");
    /* SPEC §13: Used % and Action follow an edit of the row. */
    assert_cell_has(s, "F7", "<f>IF(C7&gt;B7,\"Over budget\",\"\")</f><v>Over budget</v>");
    assert_cell_has(s, "E7", "<f>IF(B7=0,\"\",ROUND(C7/B7,3))</f><v>1.03</v>");
    assert_cell_has(s, "F5", "<f>IF(C5&gt;B5,\"Over budget\",\"\")</f><v></v>");
    assert_cell_has(s, "B9", "<f>SUM(B5:B8)</f><v>4080</v>");
    assert_cell_has(s, "C9", "<f>SUM(C5:C8)</f><v>1178</v>");
    assert_cell_has(s, "A9", "<t>TOTAL</t>");
    cr_assert_not_null(strstr(s, "<pane ySplit=\"4\" topLeftCell=\"A5\""));
    /* "Over budget" fits its column on one line (it spilt out before). */
    cr_assert_not_null(strstr(s, "<col min=\"6\" max=\"6\" width=\"15.7109375\""), "%s", s);
    free(s);
    char *c = part(path, "xl/charts/chart1.xml");
    cr_assert_not_null(strstr(c, "<c:barDir val=\"col\"/>"));
    cr_assert_not_null(strstr(c, "<c:f>'Budget vs Actual'!$B$5:$B$8</c:f>"));
    cr_assert_not_null(strstr(c, "<c:f>'Budget vs Actual'!$C$5:$C$8</c:f>"));
    cr_assert_not_null(strstr(c, "<c:f>'Budget vs Actual'!$A$5:$A$8</c:f>"));
    free(c);
}

Test(xlsx, settlement_rows_and_totals)
{
    struct outlay_workbook_input in = input("en");
    struct outlay_participant tagged[3];
    memcpy(tagged, people, sizeof tagged);
    tagged[1].tags = "rafting;dinner";
    in.people = tagged;
    char *s = part(write_book(&in, "s.xlsx"), "xl/worksheets/sheet4.xml");
    assert_cell_has(s, "C4", "<t>Tags</t>");
    assert_cell_has(s, "C6", "<t>rafting, dinner</t>");
    assert_cell_has(s, "O4", "<t>Recipient's signature</t>");
    assert_cell_has(s, "K5", "<f>I5-J5</f><v>359.33</v>");
    assert_cell_has(s, "L5", "<f>F5+G5-H5-K5</f><v>-279.33</v>");
    assert_cell_has(s, "N5", "<f>ABS(L5)</f><v>279.33</v>");
    assert_cell_has(s, "M5", "<t>supplement</t>");
    assert_cell_has(s, "M7", "<t>refund</t>");
    assert_cell_has(s, "L7", "<v>80</v>");
    assert_cell_has(s, "F8", "<f>SUM(F5:F7)</f><v>320</v>");
    assert_cell_has(s, "L8", "<f>SUM(L5:L7)</f><v>-710</v>");
    assert_cell_has(s, "A18", "<t>Fund's cash now</t>");
    assert_cell_has(s, "F18", "<v>-810</v>");
    assert_cell_has(s, "F16", "<v>80</v>");
    /* SPEC §13: what the union owes the fund, and where the fund stands
     * once it has paid, then once the refunds and supplements are done. */
    assert_cell_has(s, "A19", "<t>Union's share (subsidy + union-funded expenses)</t>");
    assert_cell_has(s, "F19", "<f>F13+F11</f><v>100</v>");
    assert_cell_has(s, "F20", "<f>F18+F19</f><v>-710</v>");
    assert_cell_has(s, "F21", "<f>F20-F16+F17</f><v>0</v>");
    assert_cell_has(s, "A25", "<t>Prepared by:</t>");
    assert_cell_has(s, "F27", "<t>Date:</t>");
    cr_assert_not_null(strstr(s, "<pane ySplit=\"4\" topLeftCell=\"A5\""));
    free(s);
    in = input("zh");
    s = part(write_book(&in, "s.xlsx"), "xl/worksheets/sheet4.xml");
    assert_cell_has(s, "O4", "<t>领款人签字</t>");
    assert_cell_has(s, "A27", "<t>审批人：</t>");
    free(s);
}

/* Every formula on every sheet caches what it computes from the cells it
 * names (tests/xlsx_reader.h, exact in fen), in both languages, with the
 * union subsidising the two active people: due = cost - subsidy. */
Test(xlsx, every_formula_caches_what_it_computes)
{
    struct outlay_settle_row rows[3];
    memcpy(rows, settle_rows, sizeof rows);
    rows[0].subsidy = 5000;
    rows[1].subsidy = 10000;
    struct outlay_settle_result subsidised = settle;
    subsidised.rows = rows;
    for (int z = 0; z < 2; z++) {
        struct outlay_workbook_input in = input(z ? "zh" : "en");
        in.settle = &subsidised;
        struct xr_book b;
        char why[512];
        xr_open(&b, write_book(&in, "f.xlsx"));
        /* Budget 5 lines, 4 subtotals, total, 2 funders, share per head
         * and the split's 4; report 4 variances, TOTAL's 3, Used % and
         * Action of 5 rows (text results too); the expenses' total;
         * settlement 3 x 3, 7 sums and the union's 3 */
        long n = xr_check_formulas(&b, why, sizeof why);
        cr_assert_eq(n, 17 + 17 + 1 + 19, "%s (%ld)", n < 0 ? why : "a formula more or less", n);
        const struct xr_sheet *s = &b.sheets[3];
        cr_assert_eq(xr_fen(&b, s, "K5"), 35933 - 5000);
        cr_assert_eq(xr_fen(&b, s, "L5"), 8000 - 30933);
        cr_assert_eq(xr_fen(&b, s, "K8"), 107800 - 15000);
        xr_close(&b);
    }
}

/* A withdrawn participant's row says so in the workbook's language, in a
 * style of its own (grey), not the style of the active rows. */
Test(xlsx, settlement_withdrawn_row)
{
    for (int z = 0; z < 2; z++) {
        struct outlay_workbook_input in = input(z ? "zh" : "en");
        char *s = part(write_book(&in, "sw.xlsx"), "xl/worksheets/sheet4.xml");
        assert_cell_has(s, "E7", z ? "<t>已退出</t>" : "<t>withdrawn</t>");
        assert_cell_has(s, "E5", z ? "<t>参加</t>" : "<t>active</t>");
        char *active = cell(s, "A5"), *gone = cell(s, "A7");
        const char *sa = strstr(active, " s=\""), *sg = strstr(gone, " s=\"");
        cr_assert(sa && sg);
        cr_assert_neq(strtol(sa + 4, NULL, 10), strtol(sg + 4, NULL, 10),
                      "withdrawn row styled like an active one: %s / %s", active, gone);
        free(active);
        free(gone);
        free(s);
    }
}

/* Why the activity cannot be settled, worded by the workbook in its own
 * language (the ids as it lists them), with no command line to type. */
Test(xlsx, settle_error_is_shown)
{
    outlay_err why = {0};
    snprintf(why.activity, sizeof why.activity, "march8-meet");
    outlay_fail(&why, OUTLAY_EINVAL, OUTLAY_P_SETTLE_TAG_NOBODY, OUTLAY_A_TEXT("rafting"),
                OUTLAY_A_TEXT("12, 13"), OUTLAY_A_INT(0), OUTLAY_A_TEXT("march8-meet"));
    struct outlay_workbook_input in = input("en");
    in.settle = NULL;
    in.settle_people = NULL;
    in.settle_error = &why;
    char *s = part(write_book(&in, "x.xlsx"), "xl/worksheets/sheet4.xml");
    assert_cell_has(s, "A1", "<t>March 8th Sports Meet — Settlement</t>");
    assert_cell_has(s, "A4",
                    "<t>The expenses for tag 'rafting' (ids 12, 13) cannot be settled: "
                    "no active participant carries that tag</t>");
    free(s);
    /* Ten ids shown and 3 more, in Chinese. */
    outlay_fail(&why, OUTLAY_EINVAL, OUTLAY_P_SETTLE_NOBODY, OUTLAY_A_TEXT("1, 2, 3"),
                OUTLAY_A_INT(3), OUTLAY_A_TEXT("march8-meet"));
    in = input("zh");
    in.settle = NULL;
    in.settle_people = NULL;
    in.settle_error = &why;
    s = part(write_book(&in, "x.xlsx"), "xl/worksheets/sheet4.xml");
    assert_cell_has(s, "A4",
                    "<t>全员分摊的支出（编号1、2、3等，另有3笔）无法结算：参加人员均已退出</t>");
    cr_assert_null(strstr(s, "outlay"));
    free(s);
}

Test(xlsx, properties)
{
    struct outlay_workbook_input in = input("en");
    char *s = part(write_book(&in, "d.xlsx"), "docProps/core.xml");
    cr_assert_not_null(strstr(s, "<dc:title>March 8th Sports Meet — Budget for approval"
                                 "</dc:title>"),
                       "%s", s);
    cr_assert_not_null(strstr(s, "<dc:creator>Chen Jing</dc:creator>"));
    free(s);
    s = part(write_book(&in, "d.xlsx"), "docProps/app.xml");
    cr_assert_not_null(strstr(s, "<Company>Staff union</Company>"));
    free(s);
}

static int count_tmp(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    cr_assert_not_null(d);
    while ((e = readdir(d)))
        n += strstr(e->d_name, ".tmp-") != NULL;
    closedir(d);
    return n;
}

Test(xlsx, atomic_no_temp_left)
{
    struct outlay_workbook_input in = input("en");
    const char *path = write_book(&in, "a.xlsx");
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    cr_assert_eq(count_tmp(), 0);
    /* A failing iterator leaves neither the file nor a temporary. */
    char bad[128];
    snprintf(bad, sizeof bad, "%s/bad.xlsx", dir);
    in = input("en");
    it.fail_at = 3;
    outlay_err err = {0};
    cr_assert_eq(outlay_xlsx_write(bad, &in, &err), OUTLAY_EIO);
    cr_assert_str_eq(problem_str(&err), "store_io(ledger.db, disk on fire)");
    cr_assert_neq(stat(bad, &st), 0);
    cr_assert_eq(count_tmp(), 0);
}

Test(xlsx, unwritable_directory_is_eio)
{
    char file[128], path[160];
    snprintf(file, sizeof file, "%s/plain-file", dir);
    FILE *f = fopen(file, "w");
    cr_assert_not_null(f);
    fclose(f);
    /* A path under a regular file cannot be created, even by root. */
    snprintf(path, sizeof path, "%s/out.xlsx", file);
    struct outlay_workbook_input in = input("en");
    outlay_err err = {0};
    cr_assert_eq(outlay_xlsx_write(path, &in, &err), OUTLAY_EIO);
    char want[300];
    snprintf(want, sizeof want, "outfile_write(%s, ENOTDIR)", path);
    cr_assert_str_eq(problem_str(&err), want);
}

Test(xlsx, long_text_is_cut_on_a_character)
{
    /* 20,000 "é" (2 bytes) and 20,000 "😀" (4 bytes, two UTF-16 units):
     * the cell keeps 20,000 + 6,383 characters = 32,767 units. */
    size_t n = 20000 * 2 + 20000 * 4;
    char *item = malloc(n + 1), *p = item;
    for (int i = 0; i < 20000; i++, p += 2)
        memcpy(p, "é", 2);
    for (int i = 0; i < 20000; i++, p += 4)
        memcpy(p, "😀", 4);
    *p = '\0';
    struct outlay_expense one = {.id = 9, .category = "misc", .item = item, .amount = 100};
    struct outlay_workbook_input in = input("en");
    it = (struct iter){.v = &one, .n = 1};
    char *s = part(write_book(&in, "l.xlsx"), "xl/worksheets/sheet3.xml");
    char *c = cell(s, "D5");
    cr_assert_not_null(c);
    const char *t = strstr(c, "<t>") + 3;
    size_t len = (size_t)(strstr(t, "</t>") - t);
    cr_assert_eq(len, 20000 * 2 + 6383 * 4);
    free(c);
    free(s);
    free(item);
}

static uint64_t progress_calls[8];
static size_t nprogress;

static void on_progress(void *ctx, uint64_t rows)
{
    (void)ctx;
    if (nprogress < 8)
        progress_calls[nprogress++] = rows;
}

Test(xlsx, progress_every_ten_thousand_rows)
{
    size_t n = 25000;
    struct outlay_expense *v = calloc(n, sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = (struct outlay_expense){.id = (int64_t)i + 1,
                                       .date = "2024-03-08",
                                       .category = "misc",
                                       .item = "Water",
                                       .amount = 150};
    struct outlay_workbook_input in = input("en");
    it = (struct iter){.v = v, .n = n};
    in.progress = on_progress;
    nprogress = 0;
    char *s = part(write_book(&in, "big.xlsx"), "xl/worksheets/sheet3.xml");
    cr_assert_eq(nprogress, 2);
    cr_assert_eq(progress_calls[0], 10000);
    cr_assert_eq(progress_calls[1], 20000);
    cr_assert_not_null(strstr(s, "<autoFilter ref=\"A4:L25004\"/>"));
    free(s);
    free(v);
}

Test(xlsx, invalid_input)
{
    outlay_err err = {0};
    struct outlay_workbook_input in = input("en");
    in.activity = NULL;
    cr_assert_eq(outlay_xlsx_write("/tmp/never.xlsx", &in, &err), OUTLAY_EINVAL);
    in = input("en");
    in.npeople = 2; /* settle has 3 rows */
    cr_assert_eq(outlay_xlsx_write("/tmp/never.xlsx", &in, &err), OUTLAY_EINVAL);
    cr_assert_eq(count_tmp(), 0);
}

Test(xlsx, empty_activity)
{
    /* Nothing recorded yet: the form still prints, with a zero total. */
    struct outlay_activity bare = {.title = "Spring hike"};
    struct outlay_workbook_input in = {.activity = &bare, .lang = lang_zh, .lang_code = "zh"};
    const char *path = write_book(&in, "empty.xlsx");
    char *s = part(path, "xl/worksheets/sheet1.xml");
    /* Header row 8, total row 9, words row 10; no declared total row. */
    assert_cell_has(s, "G9", "<f>0</f><v>0</v>");
    assert_cell_has(s, "D10", "<t>零元整</t>");
    cr_assert_null(strstr(s, "申报预算总额"));
    cr_assert_null(strstr(s, "ROUNDUP"), "no share per head without a headcount");
    free(s);
    s = part(path, "docProps/core.xml");
    cr_assert_not_null(strstr(s, "<dc:title>Spring hike 活动经费预算审批表</dc:title>"));
    free(s);
}

/* Issue 6: a deposit that does not cover the participants' share per head
 * (3,800.00 participant-funded / 55 = 69.10, rounded up) is a warning on the Budget sheet. */
static void collect_one(void *ctx, const outlay_err *p)
{
    *(outlay_err *)ctx = *p;
}

Test(xlsx, deposit_short_of_share_is_warned)
{
    struct outlay_activity a = meet;
    struct outlay_budget_summary sum = {
        .total = 408000, .participants = 380000, .participants_share = 380000};
    outlay_err short_of = {0};
    a.deposit = 5000;
    /* The ledger's problem (the same for `budget list`), worded by the sheet. */
    cr_assert_eq(outlay_ledger_share_problems(&a, &sum, collect_one, &short_of), 1);
    cr_assert_str_eq(problem_str(&short_of), "[march8-meet] deposit_short(50.00, 69.10)");
    struct outlay_workbook_input in = input("en");
    in.activity = &a;
    in.problems = &short_of;
    in.nproblems = 1;
    char *s = part(write_book(&in, "d.xlsx"), "xl/worksheets/sheet1.xml");
    cr_assert_not_null(strstr(s, "<t>The deposit per head does not cover the participants' share "
                                 "per head: 50.00 &lt; 69.10</t>"),
                       "%s", s);
    free(s);
    in = input("zh");
    in.activity = &a;
    in.problems = &short_of;
    in.nproblems = 1;
    s = part(write_book(&in, "dz.xlsx"), "xl/worksheets/sheet1.xml");
    cr_assert_not_null(strstr(s, "<t>每人预交款不足参加人员人均分摊：50.00 &lt; 69.10</t>"), "%s",
                       s);
    free(s);
    /* 80.00 covers 69.10: no problem */
    cr_assert_eq(outlay_ledger_share_problems(&meet, &sum, collect_one, &short_of), 0);
}

/* SPEC §13, the split on the Budget sheet: its cached values are
 * outlay_ledger_budget_summary's figures, and those settle gives when
 * people matching the headcount spend the plan. */
static long row_of_label(const struct xr_sheet *s, const char *text)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->cells[i].col == 0 && s->cells[i].kind == XR_STRING &&
            strcmp(s->cells[i].text, text) == 0)
            return (long)s->cells[i].row;
    return -1;
}

Test(xlsx, budget_split_is_the_summary_and_what_settle_gives)
{
    struct ledger_fixture fx;
    struct outlay_activity_in ain = {
        .title = "Trip", .headcount = "7", .subsidy_per_head = "50", .deposit = "300"};
    ledger_fixture_open(&fx, "/tmp/test_xlsx_split.XXXXXX", &ain);
    outlay_err err = {0};
    struct outlay_activity *a = &fx.act;
    const struct outlay_line_in lines_in[] = {
        {.category = "transport", .item = "Coach", .unit_price = "1500", .funded_by = "union"},
        {.category = "hotel", .item = "Rooms", .unit_price = "150", .qty = "8"},
        {.category = "tickets", .item = "Rafting", .unit_price = "80", .qty = "3"},
        {.category = "meals", .item = "Lunch", .unit_price = "60", .per_head = "yes"},
        {.category = "insurance",
         .item = "Insurance",
         .unit_price = "14.29",
         .per_head = "yes",
         .funded_by = "union"},
        {.category = "misc", .item = "Odd fen", .unit_price = "0.01"},
    };
    enum { NL = sizeof lines_in / sizeof lines_in[0] };
    for (size_t i = 0; i < NL; i++)
        cr_assert_eq(outlay_ledger_line_add(fx.st, a, &lines_in[i], 1, NULL, &err), OUTLAY_OK);
    struct outlay_budget_summary sum;
    cr_assert_eq(outlay_ledger_budget_summary(fx.st, a, &sum, &err), OUTLAY_OK);

    /* The lines as export loads them. */
    struct outlay_budget_line got[NL], l;
    size_t n = 0;
    outlay_line_cursor *c = NULL;
    cr_assert_eq(outlay_ledger_lines(fx.st, a, &c, &err), OUTLAY_OK);
    while (outlay_line_cursor_next(c, &l, &err) == 1 && n < NL) {
        got[n] = l;
        got[n].category = strdup(l.category);
        got[n].item = strdup(l.item);
        got[n].unit = l.unit ? strdup(l.unit) : NULL;
        got[n].note = l.note ? strdup(l.note) : NULL;
        n++;
    }
    outlay_line_cursor_close(c);
    cr_assert_eq(n, NL);

    /* Spend the plan, seven people of weight 1, and settle. */
    const char *const spent[][3] = {{"transport", "1500", "union"},   {"hotel", "1200", NULL},
                                    {"tickets", "240", NULL},         {"meals", "420", NULL},
                                    {"insurance", "100.03", "union"}, {"misc", "0.01", NULL}};
    for (size_t i = 0; i < sizeof spent / sizeof spent[0]; i++) {
        struct outlay_expense_in e = {
            .category = spent[i][0], .amount = spent[i][1], .funded_by = spent[i][2]};
        cr_assert_eq(outlay_ledger_expense_add(fx.st, a, &e, 1, NULL, NULL, NULL, &err), OUTLAY_OK);
    }
    for (int i = 0; i < 7; i++) {
        char name[16];
        snprintf(name, sizeof name, "P%d", i + 1);
        struct outlay_participant_in p = {.name = name};
        cr_assert_eq(outlay_ledger_participant_add(fx.st, a, &p, 1, &err), OUTLAY_OK);
    }
    struct outlay_settlement s;
    cr_assert_eq(outlay_ledger_settle(fx.st, a, &s, &err), OUTLAY_OK);
    int64_t most = INT64_MIN;
    for (size_t i = 0; i < s.result.nrows; i++)
        most = s.result.rows[i].due > most ? s.result.rows[i].due : most;

    for (int z = 0; z < 2; z++) {
        struct outlay_workbook_input in = input(z ? "zh" : "en");
        in.activity = a;
        in.lines = got;
        in.nlines = n;
        in.people = s.people;
        in.npeople = s.npeople;
        in.settle = &s.result;
        in.settle_people = s.inputs;
        in.nproblems = 0;
        struct xr_book b;
        char why[512];
        xr_open(&b, write_book(&in, "split.xlsx"));
        cr_assert_geq(xr_check_formulas(&b, why, sizeof why), 0, "%s", why);
        const struct xr_sheet *sh = &b.sheets[0];
        const outlay_lang *lg = z ? lang_zh : lang_en;
        const struct {
            const char *key;
            int64_t summary, settled;
        } want[] = {
            {"budget.union_funded_subtotal", sum.union_funded, s.result.totals.union_funded},
            {"budget.subsidy_total", sum.subsidy, s.result.totals.subsidy},
            {"budget.union_share", sum.union_share, s.result.totals.union_share},
            {"budget.participants_share", sum.participants_share, s.result.totals.due},
            {"budget.share_after_subsidy", sum.share_per_head, most},
        };
        for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
            long r = row_of_label(sh, outlay_lang_get(lg, want[k].key));
            cr_assert_geq(r, 0, "no row %s", want[k].key);
            const struct xr_cell *cell_ = xr_at(sh, (unsigned)r, 6);
            cr_assert(cell_ && cell_->formula, "%s is not a formula", want[k].key);
            int64_t v = xr_fen_at(&b, sh, cell_, want[k].key);
            cr_assert_eq(v, want[k].summary, "%s: sheet %lld, summary %lld", want[k].key,
                         (long long)v, (long long)want[k].summary);
            cr_assert_eq(v, want[k].settled, "%s: sheet %lld, settle %lld", want[k].key,
                         (long long)v, (long long)want[k].settled);
        }
        /* 350.00 of subsidy beside 1,500.00 + 100.03 of union lines. */
        cr_assert_eq(sum.union_share, 150000 + 10003 + 35000);
        cr_assert_eq(xr_fen(&b, sh, "H5"), sum.share_per_head);
        xr_close(&b);
    }
    for (size_t i = 0; i < n; i++) {
        free(got[i].category);
        free(got[i].item);
        free(got[i].unit);
        free(got[i].note);
    }
    outlay_settlement_release(&s);
    ledger_fixture_close(&fx);
}

/* SPEC §13: a Chinese title that ends with the label's first word says it
 * once ("…健步走活动经费预算审批表"); a single shared character is no word. */
Test(xlsx, title_does_not_repeat_the_label)
{
    static const struct {
        const char *title, *want;
    } cases[] = {
        {"2026年度公司工会职工莽山生态园三日游暨第二届职工健步走活动",
         "<t>2026年度公司工会职工莽山生态园三日游暨第二届职工健步走活动经费预算审批表</t>"},
        {"三八节活动经费", "<t>三八节活动经费预算审批表</t>"},
        {"快乐生活", "<t>快乐生活活动经费预算审批表</t>"},
        {"春季登山", "<t>春季登山活动经费预算审批表</t>"},
    };
    cr_assert_eq(xw_overlap("职工健步走活动", "活动经费预算审批表"), strlen("活动"));
    cr_assert_eq(xw_overlap("快乐生活", "活动经费预算审批表"), 0);
    cr_assert_eq(xw_overlap("Walk", "Walk"), 4);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct outlay_activity a = meet;
        a.title = (char *)cases[i].title;
        struct outlay_workbook_input in = input("zh");
        in.activity = &a;
        char *s = part(write_book(&in, "t.xlsx"), "xl/worksheets/sheet1.xml");
        assert_cell_has(s, "A1", cases[i].want);
        free(s);
    }
    /* English keeps its separator: nothing is run together. */
    struct outlay_activity a = meet;
    a.title = "Spring walk activity";
    struct outlay_workbook_input in = input("en");
    in.activity = &a;
    char *s = part(write_book(&in, "t.xlsx"), "xl/worksheets/sheet1.xml");
    assert_cell_has(s, "A1", "<t>Spring walk activity — Budget for approval</t>");
    free(s);
}

/* The row height libxlsxwriter wrote for row r (1-based), 0 when default. */
static double row_height(const char *xml, int r)
{
    char want[48];
    snprintf(want, sizeof want, "<row r=\"%d\" ", r);
    const char *row = strstr(xml, want), *ht = row ? strstr(row, "ht=\"") : NULL;
    const char *gt = row ? strchr(row, '>') : NULL;
    return ht && ht < gt ? strtod(ht + 4, NULL) : 0;
}

/* Whether cellXfs entry `style` of the workbook's styles carries attr. */
static int style_has(const char *path, const char *cell_xml, const char *attr)
{
    const char *sa = strstr(cell_xml, " s=\"");
    cr_assert_not_null(sa, "no style: %s", cell_xml);
    long k = strtol(sa + 4, NULL, 10);
    char *styles = part(path, "xl/styles.xml");
    const char *xf = strstr(styles, "<cellXfs");
    for (long i = 0; xf && i <= k; i++)
        xf = strstr(xf + 1, "<xf ");
    cr_assert_not_null(xf);
    const char *end = strstr(xf, "</xf>"), *self = strstr(xf, "/>");
    if (!end || (self && self < end))
        end = self;
    const char *hit = strstr(xf, attr);
    int has = hit && hit < end;
    free(styles);
    return has;
}

/* SPEC §13, bad input: a title and a participant's name of 1,000
 * characters, 2,000 participants, amounts at the limit. The Budget sheet
 * has the title whole in a wrapped, taller row; the other sheets cut it
 * with an ellipsis; every amount shrinks rather than show ###; the totals
 * cache what they compute. (Read as XML text: the test reader's strstr on
 * a 3 MB sheet is quadratic under ASan.) */
Test(xlsx, bad_input_stays_readable)
{
    enum { N = 2000 };
    char *title = malloc(3 * 1000 + 1), *name = malloc(1001);
    for (int i = 0; i < 1000; i++)
        memcpy(title + 3 * i, "长", 3);
    title[3000] = '\0';
    memset(name, 'N', 1000);
    name[1000] = '\0';
    struct outlay_participant *pp = calloc(N, sizeof *pp);
    struct outlay_settle_person *sp = calloc(N, sizeof *sp);
    struct outlay_settle_row *rows = calloc(N, sizeof *rows);
    char(*names)[16] = calloc(N, sizeof *names);
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "P%04d", i);
        pp[i] = (struct outlay_participant){.id = i + 1, .name = i ? names[i] : name, .weight = 1};
        sp[i] = (struct outlay_settle_person){
            .name = pp[i].name, .weight = 1, .deposits = OUTLAY_MONEY_MAX};
        rows[i] = (struct outlay_settle_row){
            .cost = OUTLAY_MONEY_MAX, .due = OUTLAY_MONEY_MAX, .action = OUTLAY_SETTLE_SETTLED};
    }
    struct outlay_settle_result big = {
        .rows = rows,
        .nrows = N,
        .totals = {.expenses = OUTLAY_MONEY_MAX * N, .deposits = OUTLAY_MONEY_MAX * N, .cash = 0}};
    struct outlay_budget_line line = {.category = name,
                                      .item = name,
                                      .unit_price = OUTLAY_MONEY_MAX,
                                      .qty = 1,
                                      .amount = OUTLAY_MONEY_MAX};
    struct outlay_activity a = meet;
    a.title = title;
    a.headcount = N;
    a.has_budget_total = 0;
    struct outlay_workbook_input in = input("zh");
    in.activity = &a;
    in.lines = &line;
    in.nlines = 1;
    in.people = pp;
    in.npeople = N;
    in.settle = &big;
    in.settle_people = sp;
    const char *path = write_book(&in, "bad.xlsx");

    char *s = part(path, "xl/worksheets/sheet1.xml");
    char *a1 = cell(s, "A1");
    cr_assert_not_null(strstr(a1, title), "the Budget sheet's title is whole");
    cr_assert_gt(row_height(s, 1), 200, "its row grew: %g", row_height(s, 1));
    cr_assert(style_has(path, a1, "wrapText=\"1\""), "the title wraps");
    char *amount = cell(s, "G9");
    cr_assert(style_has(path, amount, "shrinkToFit=\"1\""), "an amount shrinks: %s", amount);
    cr_assert_not_null(strstr(s, "…）</t>"), "the subtotal's category is cut");
    free(amount);
    free(a1);
    free(s);
    s = part(path, "xl/worksheets/sheet4.xml");
    a1 = cell(s, "A1");
    cr_assert_not_null(strstr(a1, "…结算表</t>"), "%s", a1);
    char *total = cell(s, "F2005");
    /* 2,000 x 999,999,999,999.99 */
    cr_assert_not_null(strstr(total, "<f>SUM(F5:F2004)</f><v>1999999999999980</v>"), "%s", total);
    assert_cell_has(s, "K2004", "<f>I2004-J2004</f><v>999999999999.99</v>");
    assert_cell_has(s, "L2004", "<f>F2004+G2004-H2004-K2004</f><v>0</v>");
    cr_assert(style_has(path, total, "shrinkToFit=\"1\""), "a total shrinks: %s", total);
    free(total);
    free(a1);
    free(s);
    free(title);
    free(name);
    free(pp);
    free(sp);
    free(rows);
    free(names);
}

/* SPEC §13: the Checks sheet exists only with a problem; with seven, the
 * form shows five and says two more are there. */
Test(xlsx, checks_sheet_only_with_problems)
{
    struct outlay_workbook_input in = input("en");
    in.nproblems = 0;
    char *wb = part(write_book(&in, "n.xlsx"), "xl/workbook.xml");
    cr_assert_null(strstr(wb, "name=\"Checks\""));
    free(wb);

    outlay_err many[7] = {0};
    for (int i = 0; i < 7; i++)
        outlay_fail(&many[i], OUTLAY_ECHECK, OUTLAY_P_WITHDRAWN_PAYER, OUTLAY_A_INT(i + 1),
                    OUTLAY_A_TEXT("Zhao Lei"));
    struct outlay_activity a = meet;
    a.has_budget_total = 0;
    in = input("en");
    in.activity = &a;
    in.problems = many;
    in.nproblems = 7;
    const char *path = write_book(&in, "m.xlsx");
    wb = part(path, "xl/workbook.xml");
    cr_assert_not_null(strstr(wb, "<sheet name=\"Checks\" sheetId=\"5\""), "%s", wb);
    free(wb);
    char *s = part(path, "xl/worksheets/sheet1.xml");
    cr_assert_not_null(strstr(s, "<t>Expense 5 was paid by 'Zhao Lei'"));
    cr_assert_null(strstr(s, "<t>Expense 6 was paid"), "a sixth problem on the form");
    cr_assert_not_null(strstr(s, "<t>2 more on the Checks sheet</t>"));
    free(s);
    s = part(path, "xl/worksheets/sheet5.xml");
    assert_cell_has(s, "A1", "<t>March 8th Sports Meet — Checks</t>");
    assert_cell_has(s, "B4", "<t>Problem</t>");
    assert_cell_has(s, "A11", "<v>7</v>");
    assert_cell_has(s, "B11",
                    "<t>Expense 7 was paid by 'Zhao Lei', who has withdrawn: the advance "
                    "is refunded at settlement</t>");
    free(s);
}

/* SPEC §13: an over-budget TOTAL row is shaded like an over-budget row. */
Test(xlsx, over_budget_total_is_shaded)
{
    struct outlay_report_row r[1] = {
        {.category = "meals", .budgeted = 10000, .actual = 12000, .over = 1}};
    struct outlay_report over = {.rows = r, .nrows = 1, .total = r[0]};
    struct outlay_workbook_input in = input("en");
    in.report = &over;
    const char *path = write_book(&in, "o.xlsx");
    char *s = part(path, "xl/worksheets/sheet2.xml");
    char *row = cell(s, "A5"), *total = cell(s, "A6"), *money = cell(s, "B6");
    cr_assert(style_has(path, row, "applyFill=\"1\""), "the over row is shaded: %s", row);
    cr_assert(style_has(path, total, "applyFill=\"1\""), "the TOTAL row is shaded: %s", total);
    cr_assert(style_has(path, money, "applyFill=\"1\""), "its amounts too: %s", money);
    assert_cell_has(s, "F6", "<v>Over budget</v>");
    assert_cell_has(s, "E6", "<f>IF(B6=0,\"\",ROUND(C6/B6,3))</f><v>1.2</v>");
    free(row);
    free(total);
    free(money);
    free(s);
}

/* SPEC §14 on the workbook: the Budget sheet says who approved what total
 * on which date; a balance under the activity's smallest refund reads
 * "kept" on the Settlement sheet, and the fund's income from such balances
 * has a row of its own under the totals. */
Test(xlsx, approval_and_kept_balances)
{
    struct outlay_approval ap = {.no = 2, .date = "2026-05-20", .total = 408000};
    snprintf(ap.by, sizeof ap.by, "%s", "王主席");
    struct outlay_settle_row rows[3];
    memcpy(rows, settle_rows, sizeof rows);
    rows[2] = (struct outlay_settle_row){.balance = 50, .action = OUTLAY_SETTLE_KEPT, .amount = 50};
    struct outlay_settle_result kept = settle;
    kept.rows = rows;
    kept.totals.kept = 50;
    kept.totals.refunds = 0;
    static const char *const want_approved[2] = {
        "Approved: no. 2, by 王主席 on 2026-05-20, total 4,080.00",
        "已批准：第2次，审批人王主席，2026-05-20，批准总额 4,080.00"};
    static const char *const want_kept[2][2] = {{"<t>Kept</t>", "Small balances kept by the fund"},
                                                {"<t>留存</t>", "留作经费的小额余额"}};
    for (int z = 0; z < 2; z++) {
        struct outlay_workbook_input in = input(z ? "zh" : "en");
        in.approval = &ap;
        in.settle = &kept;
        const char *path = write_book(&in, "ak.xlsx");
        char *s = part(path, "xl/worksheets/sheet1.xml");
        cr_assert_not_null(strstr(s, want_approved[z]), "no approval line in %s", z ? "zh" : "en");
        free(s);
        s = part(path, "xl/worksheets/sheet4.xml");
        assert_cell_has(s, "M7", want_kept[z][0]);
        cr_assert_not_null(strstr(s, want_kept[z][1]));
        free(s);
        in.approval = NULL;
        s = part(write_book(&in, "na.xlsx"), "xl/worksheets/sheet1.xml");
        cr_assert_null(strstr(s, z ? "已批准：" : "Approved:"), "no approval, no line");
        free(s);
    }
}

/* SPEC §14: a banned kind is named in the sheet's language. */
Test(xlsx, a_banned_kind_in_the_sheets_language)
{
    outlay_err p = {0};
    outlay_fail(&p, OUTLAY_ECHECK, OUTLAY_P_RULE_BANNED_KIND_EXPENSE, OUTLAY_A_TEXT("national"),
                OUTLAY_A_INT(2), OUTLAY_A_TEXT("gift-card"));
    static const char *const want[2] = {"gift card", "购物卡"};
    for (int z = 0; z < 2; z++) {
        struct outlay_workbook_input in = input(z ? "zh" : "en");
        in.problems = &p;
        in.nproblems = 1;
        char *s = part(write_book(&in, "k.xlsx"), "xl/worksheets/sheet1.xml");
        cr_assert_not_null(strstr(s, want[z]), "%s", z ? "zh" : "en");
        cr_assert_null(strstr(s, "gift-card"));
        free(s);
    }
}
