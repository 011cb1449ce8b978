/* The PDF of `outlay print` (SPEC §13), read back with pdftotext and
 * rendered with pdftoppm (poppler-utils). */
#include <cairo.h>
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outlay/money.h"
#include "outlay/print.h"
#include "outlay/words.h"
#include "print_internal.h"
#include "test_util.h"

/* A trip as a union runs it: a union-funded bus, a per-head hotel, a
 * rafting trip for those who carry the tag, a withdrawal, an advance. */
struct fixture {
    struct outlay_activity a;
    struct outlay_budget_line lines[64];
    size_t nlines;
    struct outlay_budget_summary sum;
    struct outlay_participant *people;
    struct outlay_settle_person *sp;
    size_t npeople;
    struct outlay_settle_expense ex[8];
    size_t nex;
    struct outlay_settle_result r;
    struct outlay_settle_breakdown g;
    outlay_err problems[8];
    size_t nproblems;
    outlay_lang *lang;
    char dir[64];
    char path[128];
};

static void add_person(struct fixture *f, const char *name, const char *dept, const char *tags,
                       int64_t weight, int64_t deposit)
{
    size_t i = f->npeople++;
    f->people[i] = (struct outlay_participant){.id = (int64_t)i + 1,
                                               .name = (char *)name,
                                               .dept = (char *)dept,
                                               .tags = (char *)tags,
                                               .weight = weight};
    f->sp[i] = (struct outlay_settle_person){
        .name = name, .tags = tags, .weight = weight, .deposits = deposit};
}

static void fixture_init(struct fixture *f, size_t cap)
{
    memset(f, 0, sizeof *f);
    f->people = calloc(cap, sizeof *f->people);
    f->sp = calloc(cap, sizeof *f->sp);
    cr_assert(f->people && f->sp);
    f->a = (struct outlay_activity){.slug = "trip",
                                    .title = "Three-day trip",
                                    .date = "2026-05-01",
                                    .end_date = "2026-05-03",
                                    .venue = "Moganshan",
                                    .organizer = "Trade union of the works",
                                    .deposit = 36000,
                                    .headcount = 4,
                                    .subsidy_per_head = 5000,
                                    .settle_rule = OUTLAY_SETTLE_RULE_GROUP};
    f->lines[f->nlines++] = (struct outlay_budget_line){.category = "transport",
                                                        .item = "Bus",
                                                        .unit = "trip",
                                                        .unit_price = 240000,
                                                        .qty = 1,
                                                        .funded_by = OUTLAY_FUND_UNION};
    f->lines[f->nlines++] = (struct outlay_budget_line){.category = "hotel",
                                                        .item = "Rooms",
                                                        .unit = "night",
                                                        .unit_price = 30000,
                                                        .qty = 4,
                                                        .per_head = 1};
    f->sum = (struct outlay_budget_summary){.total = 360000,
                                            .union_funded = 240000,
                                            .participants = 120000,
                                            .subsidy = 20000,
                                            .union_share = 260000,
                                            .participants_share = 100000,
                                            .share_per_head = 25000};
    f->ex[f->nex++] = (struct outlay_settle_expense){.id = 1, .amount = 240000, .union_funded = 1};
    f->ex[f->nex++] = (struct outlay_settle_expense){.id = 2, .amount = 120000};
    f->ex[f->nex++] =
        (struct outlay_settle_expense){.id = 3, .amount = 10000, .for_tag = "rafting"};
    snprintf(f->dir, sizeof f->dir, "/tmp/outlay-print-XXXXXX");
    cr_assert_not_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/trip.pdf", f->dir);
}

static void trip_people(struct fixture *f)
{
    add_person(f, "Ann", "Finance", "rafting", 2, 36000);
    add_person(f, "王芳", "工会办公室", "rafting", 1, 36000);
    add_person(f, "Cai", "Workshop 2", "", 1, 36000);
    add_person(f, "Dan", "Workshop 3", "rafting", 1, 36000);
    f->sp[1].advanced = 10000; /* 王芳 paid the rafting */
    f->people[3].withdrawn = f->sp[3].withdrawn = 1;
}

static void settle(struct fixture *f)
{
    struct outlay_settle_input in = {.people = f->sp,
                                     .npeople = f->npeople,
                                     .expenses = f->ex,
                                     .nexpenses = f->nex,
                                     .subsidy_per_head = f->a.subsidy_per_head,
                                     .slug = "trip",
                                     .rule = f->a.settle_rule};
    outlay_err err = {0};
    cr_assert_eq(outlay_settle_compute(&in, &f->r, &err), OUTLAY_OK, "%s", problem_str(&err));
    cr_assert_eq(outlay_settle_groups(&in, &f->g, &err), OUTLAY_OK, "%s", problem_str(&err));
}

static struct outlay_print_input input(struct fixture *f, const char *lang)
{
    const char *dirs[] = {OUTLAY_TESTDIR "/../templates"};
    outlay_err err = {0};
    outlay_lang_free(f->lang);
    f->lang = NULL;
    cr_assert_eq(outlay_lang_load(lang, dirs, 1, &f->lang, &err), OUTLAY_OK, "%s",
                 problem_str(&err));
    return (struct outlay_print_input){.activity = &f->a,
                                       .lines = f->lines,
                                       .nlines = f->nlines,
                                       .summary = &f->sum,
                                       .people = f->people,
                                       .npeople = f->npeople,
                                       .settle_people = f->sp,
                                       .settle = &f->r,
                                       .groups = &f->g,
                                       .problems = f->problems,
                                       .nproblems = f->nproblems,
                                       .lang = f->lang,
                                       .lang_code = lang};
}

static void fixture_fini(struct fixture *f)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    cr_assert_eq(system(cmd), 0);
    outlay_settle_result_release(&f->r);
    outlay_settle_breakdown_release(&f->g);
    outlay_lang_free(f->lang);
    free(f->people);
    free(f->sp);
}

static void write_pdf(struct fixture *f, const char *lang)
{
    struct outlay_print_input in = input(f, lang);
    outlay_err err = {0};
    cr_assert_eq(outlay_print_write(f->path, &in, &err), OUTLAY_OK, "%s", problem_str(&err));
}

/* pdftotext -layout of pages first..last (0: to the end); caller frees. */
static char *pdf_text(const char *path, int first, int last)
{
    char cmd[512], out[256];
    snprintf(out, sizeof out, "%s.txt", path);
    if (last)
        snprintf(cmd, sizeof cmd, "pdftotext -layout -f %d -l %d '%s' '%s'", first, last, path,
                 out);
    else
        snprintf(cmd, sizeof cmd, "pdftotext -layout -f %d '%s' '%s'", first, path, out);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
    size_t n;
    char *s = slurp(out, &n);
    cr_assert_not_null(s);
    return s;
}

static int pdf_pages(const char *path)
{
    char cmd[512];
    int pages = -1;
    snprintf(cmd, sizeof cmd, "pdfinfo '%s'", path);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    char line[256];
    while (fgets(line, sizeof line, p))
        if (sscanf(line, "Pages: %d", &pages) == 1)
            break;
    while (fgets(line, sizeof line, p))
        ;
    cr_assert_eq(pclose(p), 0);
    return pages;
}

/* The left (end=0) or right (end=1) edge of the first word on page that
 * contains what, from pdftotext -bbox. */
static double word_box(const char *path, int page, const char *what, int end)
{
    char cmd[512], line[8192];
    double x0 = -1, y0, x1 = -1, y1;
    snprintf(cmd, sizeof cmd, "pdftotext -bbox -f %d -l %d '%s' -", page, page, path);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    while (fgets(line, sizeof line, p))
        if (x0 < 0 && strstr(line, what) && strstr(line, "<word"))
            cr_assert_eq(sscanf(strstr(line, "xMin"),
                                "xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &x0, &y0,
                                &x1, &y1),
                         4, "%s", line);
    cr_assert_eq(pclose(p), 0);
    cr_assert_geq(x0, 0, "no word '%s' on page %d", what, page);
    return end ? x1 : x0;
}

static void assert_has(const char *text, const char *what)
{
    cr_assert_not_null(strstr(text, what), "'%s' not in the PDF's text:\n%s", what, text);
}

static void assert_money(const char *text, int64_t fen, int words)
{
    char buf[OUTLAY_MONEY_BUFSZ], w[OUTLAY_WORDS_BUFSZ];
    assert_has(text, outlay_money_format(fen, 1, buf));
    if (words) {
        cr_assert_eq(outlay_words(fen, w, sizeof w), OUTLAY_OK);
        assert_has(text, w);
    }
}

/* By hand (rule 1): hotel 1,200.00 over Ann (2), 王芳, Cai = 600/300/300;
 * rafting 100.00 over Ann (2), 王芳 = 66.67/33.33. Ann: 666.67 - 100.00
 * subsidy = 566.67 due, supplement 206.67. 王芳: 333.33 - 50 = 283.33 due,
 * 360 + 100 - 283.33 = refund 176.67. Cai: 250.00 due, refund 110.00. Dan
 * withdrew: refund 360.00. */
static void check_trip(const char *text, const char *lang)
{
    int zh = strcmp(lang, "zh") == 0;
    for (const char *const *n = (const char *const[]){"Ann", "王芳", "Cai", "Dan", NULL}; *n; n++)
        assert_has(text, *n);
    assert_money(text, 20667, 1);
    assert_money(text, 17667, 1);
    assert_money(text, 11000, 1);
    assert_money(text, 36000, 1);
    /* the form: total in figures and words, the split, the signatures */
    assert_money(text, 360000, 1);
    assert_money(text, 260000, 0);
    assert_money(text, 25000, 0);
    assert_has(text, zh ? "经办人" : "Prepared by");
    assert_has(text, zh ? "审核人" : "Reviewed by");
    assert_has(text, zh ? "审批人" : "Approved by");
    assert_has(text, zh ? "领款人签字" : "Recipient's signature");
    assert_has(text, zh ? "应补交" : "Supplement to collect");
    assert_has(text, zh ? "应退还本人" : "Refund to the participant");
    /* each group's share, rule 1: exact splits, no ≈ */
    assert_has(text, zh ? "全员 600.00" : "everybody 600.00");
    assert_has(text, "rafting 66.67");
    assert_has(text, "rafting 33.33");
    cr_assert_null(strstr(text, "≈"));
}

Test(print, trip_in_both_languages)
{
    static const char *const langs[] = {"en", "zh"};
    for (size_t l = 0; l < 2; l++) {
        struct fixture f;
        fixture_init(&f, 8);
        trip_people(&f);
        settle(&f);
        write_pdf(&f, langs[l]);
        char *text = pdf_text(f.path, 1, 0);
        check_trip(text, langs[l]);
        /* the form on page 1, then three slips a page */
        cr_assert_eq(pdf_pages(f.path), 3);
        free(text);
        text = pdf_text(f.path, 1, 1);
        assert_has(text, strcmp(langs[l], "zh") == 0 ? "审批人" : "Approved by");
        cr_assert_null(strstr(text, "Cai"));
        free(text);
        fixture_fini(&f);
    }
}

/* SPEC §14: a refund under the activity's smallest (Cai's 110.00 here, as
 * settle gives it with --min-refund 200) is kept by the fund: the slip says
 * so instead of offering to pay it. */
Test(print, a_kept_balance_says_so)
{
    static const char *const langs[] = {"en", "zh"};
    for (size_t l = 0; l < 2; l++) {
        struct fixture f;
        fixture_init(&f, 8);
        trip_people(&f);
        settle(&f);
        cr_assert_eq(f.r.rows[2].action, OUTLAY_SETTLE_REFUND);
        f.r.rows[2].action = OUTLAY_SETTLE_KEPT;
        write_pdf(&f, langs[l]);
        char *text = pdf_text(f.path, 2, 0);
        assert_has(text,
                   l ? "低于起退金额，留作经费" : "Kept by the fund (under the smallest refund)");
        assert_money(text, 11000, 1);
        free(text);
        fixture_fini(&f);
    }
}

/* SPEC §14: the form says who approved what total on which date. */
Test(print, the_approval_is_on_the_form)
{
    struct outlay_approval ap = {.no = 1, .date = "2026-04-20", .total = 360000};
    snprintf(ap.by, sizeof ap.by, "%s", "Director Wang");
    static const char *const langs[] = {"en", "zh"};
    static const char *const want[] = {
        "Approved: no. 1, by Director Wang on 2026-04-20, total 3,600.00",
        "已批准：第1次，审批人Director Wang，2026-04-20，批准总额 3,600.00"};
    for (size_t l = 0; l < 2; l++) {
        struct fixture f;
        fixture_init(&f, 8);
        trip_people(&f);
        settle(&f);
        struct outlay_print_input in = input(&f, langs[l]);
        in.approval = &ap;
        outlay_err err = {0};
        cr_assert_eq(outlay_print_write(f.path, &in, &err), OUTLAY_OK, "%s", problem_str(&err));
        char *text = pdf_text(f.path, 1, 1);
        assert_has(text, want[l]);
        free(text);
        fixture_fini(&f);
    }
}

/* Rule 2: each group's share is the exact share rounded, marked ≈. */
Test(print, rule_2_marks_approximate_shares)
{
    struct fixture f;
    fixture_init(&f, 8);
    f.a.settle_rule = OUTLAY_SETTLE_RULE_PERSON;
    trip_people(&f);
    settle(&f);
    write_pdf(&f, "en");
    char *text = pdf_text(f.path, 2, 0);
    assert_has(text, "everybody ≈ 600.00");
    assert_has(text, "rafting ≈ 66.67");
    assert_has(text, "each group's exact share rounded to the fen");
    free(text);
    fixture_fini(&f);
}

/* At most five problems, worded in the form's language, then how many more. */
Test(print, five_problems_then_how_many_more)
{
    struct fixture f;
    fixture_init(&f, 8);
    trip_people(&f);
    settle(&f);
    for (int i = 0; i < 7; i++)
        outlay_fail(&f.problems[f.nproblems++], OUTLAY_EINVAL, OUTLAY_P_LARGE_DEPOSIT,
                    OUTLAY_A_TEXT(i < 5 ? "Ann" : "Zed"), OUTLAY_A_MONEY(400000 + i),
                    OUTLAY_A_MONEY(36000));
    write_pdf(&f, "zh");
    char *text = pdf_text(f.path, 1, 1);
    assert_has(text, "Ann的预交款4,000.04超过计划每人预交款360.00的十倍");
    cr_assert_null(strstr(text, "4,000.05"));
    cr_assert_null(strstr(text, "Zed"));
    assert_has(text, "另有2条");
    free(text);
    fixture_fini(&f);
}

/* A title and a name of 1,000 characters: the title wraps and is printed
 * whole, the name is cut with an ellipsis; neither pushes the form past a
 * sane number of pages. */
Test(print, long_title_and_name)
{
    static char title[4001], name[4001];
    for (int i = 0; i < 1000; i++) {
        memcpy(title + 3 * i, "节", 3);
        name[i] = (char)('a' + i % 26);
    }
    title[3000] = '\0';
    name[1000] = '\0';
    memcpy(title, "长标题", 9);
    struct fixture f;
    fixture_init(&f, 8);
    f.a.title = title;
    add_person(&f, name, name, name, 1, 36000);
    add_person(&f, "Bob", "Finance", "", 1, 36000);
    f.ex[2].for_tag = NULL;
    settle(&f);
    write_pdf(&f, "zh");
    cr_assert_leq(pdf_pages(f.path), 3);
    char *text = pdf_text(f.path, 1, 0);
    assert_has(text, "长标题");
    assert_has(text, "abcdefghij");
    assert_has(text, "Bob");
    /* cut where the department begins (pdftotext gives the cut text back:
     * cairo maps the "…" glyph to the characters it stands for) */
    double name_end = word_box(f.path, 2, "abcdefghij", 1);
    double dept = word_box(f.path, 2, "部门", 0);
    cr_assert_gt(name_end, 100);
    cr_assert_leq(name_end, dept, "the name ends at %g, over the department at %g", name_end, dept);
    /* the title whole: 1,000 characters less the three above, on lines
     * broken anywhere; pdftotext puts them back in order */
    size_t count = 0;
    for (const char *s = text; (s = strstr(s, "节")); s += 3)
        count++;
    cr_assert_geq(count, 997, "%zu of the title's characters", count);
    free(text);
    fixture_fini(&f);
}

/* Amounts at the limit stay whole (smaller, never cut): 999,999,999,999.99
 * each, and deposits adding up to far more. */
Test(print, amounts_at_the_limit)
{
    struct fixture f;
    fixture_init(&f, 8);
    f.a.subsidy_per_head = 0;
    f.lines[0].unit_price = OUTLAY_MONEY_MAX;
    f.lines[1].unit_price = 0;
    f.lines[1].qty = 1;
    f.ex[1].amount = OUTLAY_MONEY_MAX;
    f.nex = 2;
    add_person(&f, "Ann", "Finance", "", 1, OUTLAY_MONEY_MAX);
    add_person(&f, "Ben", "Finance", "", 1, 0);
    f.sp[0].deposits = 1000000000000000000; /* 10,000,000,000,000,000.00 */
    f.sum.union_funded = OUTLAY_MONEY_MAX;
    settle(&f);
    write_pdf(&f, "en");
    char *text = pdf_text(f.path, 1, 0);
    assert_has(text, "999,999,999,999.99");
    assert_has(text, "10,000,000,000,000,000.00");
    free(text);
    fixture_fini(&f);
}

/* SPEC §13: up to 30 lines, the signature block stays on page 1. */
Test(print, thirty_lines_fit_a_page)
{
    static char items[30][32];
    struct fixture f;
    fixture_init(&f, 8);
    f.nlines = 0;
    static const char *const cats[] = {"transport", "hotel", "meals", "tickets", "insurance"};
    for (int i = 0; i < 30; i++) {
        snprintf(items[i], sizeof items[i], "Item number %d", i + 1);
        f.lines[f.nlines++] = (struct outlay_budget_line){.category = (char *)cats[i % 5],
                                                          .item = items[i],
                                                          .unit = "each",
                                                          .unit_price = 10000 + i,
                                                          .qty = 2};
    }
    for (int i = 0; i < 5; i++)
        outlay_fail(&f.problems[f.nproblems++], OUTLAY_EINVAL, OUTLAY_P_DEPOSIT_SHORT,
                    OUTLAY_A_MONEY(36000), OUTLAY_A_MONEY(40000 + i));
    trip_people(&f);
    settle(&f);
    static const char *const langs[] = {"en", "zh"};
    for (size_t l = 0; l < 2; l++) {
        write_pdf(&f, langs[l]);
        char *text = pdf_text(f.path, 1, 1);
        assert_has(text, "Item number 30");
        assert_has(text, l ? "审批人" : "Approved by");
        assert_has(text, "400.04");
        free(text);
        cr_assert_eq(pdf_pages(f.path), 3, "%s", langs[l]);
    }
    fixture_fini(&f);
}

/* More lines flow onto further pages, the table's header repeated. */
Test(print, long_budget_repeats_the_header)
{
    static char items[60][32];
    struct fixture f;
    fixture_init(&f, 8);
    f.nlines = 0;
    for (int i = 0; i < 60; i++) {
        snprintf(items[i], sizeof items[i], "Item number %d", i + 1);
        f.lines[f.nlines++] = (struct outlay_budget_line){
            .category = "meals", .item = items[i], .unit_price = 100, .qty = 1};
    }
    trip_people(&f);
    settle(&f);
    write_pdf(&f, "en");
    /* two pages of form, two of slips */
    cr_assert_eq(pdf_pages(f.path), 4);
    char *text = pdf_text(f.path, 2, 2);
    assert_has(text, "Unit price");
    assert_has(text, "Item number 60");
    assert_has(text, "Approved by");
    free(text);
    fixture_fini(&f);
}

/* 2,000 participants: one page of form, then three slips a page. */
Test(print, two_thousand_participants, .timeout = 120)
{
    enum { N = 2000 };
    static char names[N][24];
    struct fixture f;
    fixture_init(&f, N);
    f.a.headcount = N;
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "Person %04d", i + 1);
        add_person(&f, names[i], "Works", i % 2 ? "rafting" : "", 1 + i % 2, 36000);
    }
    settle(&f);
    write_pdf(&f, "en");
    cr_assert_eq(pdf_pages(f.path),
                 1 + (N + OUTLAY_PRINT_SLIPS_PER_PAGE - 1) / OUTLAY_PRINT_SLIPS_PER_PAGE);
    char *text = pdf_text(f.path, 668, 668);
    assert_has(text, "Person 2000");
    free(text);
    fixture_fini(&f);
}

/* An activity that cannot be settled still gets its form; the slips' page
 * says why, in the document's language. */
Test(print, cannot_settle)
{
    struct fixture f;
    fixture_init(&f, 8);
    trip_people(&f);
    outlay_err serr = {0};
    outlay_fail(&serr, OUTLAY_EINVAL, OUTLAY_P_SETTLE_TAG_NOBODY, OUTLAY_A_TEXT("kayak"),
                OUTLAY_A_TEXT("4, 5"), OUTLAY_A_INT(0), OUTLAY_A_TEXT("trip"));
    struct outlay_print_input in = input(&f, "zh");
    in.settle = NULL;
    in.groups = NULL;
    in.settle_error = &serr;
    outlay_err err = {0};
    cr_assert_eq(outlay_print_write(f.path, &in, &err), OUTLAY_OK, "%s", problem_str(&err));
    char *text = pdf_text(f.path, 2, 0);
    assert_has(text, "暂无法打印结算单");
    assert_has(text, "分摊标签为“kayak”的支出（编号4、5）无法结算");
    free(text);
    fixture_fini(&f);
}

Test(print, refuses_the_ledger_and_bad_input)
{
    struct fixture f;
    fixture_init(&f, 8);
    trip_people(&f);
    settle(&f);
    char ledger[160];
    snprintf(ledger, sizeof ledger, "%s/outlay.db", f.dir);
    FILE *l = fopen(ledger, "w");
    cr_assert_not_null(l);
    fputs("ledger", l);
    fclose(l);
    struct outlay_print_input in = input(&f, "en");
    in.guard = ledger;
    outlay_err err = {0};
    cr_assert_eq(outlay_print_write(ledger, &in, &err), OUTLAY_EINVAL);
    cr_assert_eq(err.code, OUTLAY_P_OUTFILE_LEDGER);
    size_t n;
    char *s = slurp(ledger, &n);
    cr_assert_str_eq(s, "ledger");
    free(s);
    in.settle_people = NULL;
    err = (outlay_err){0};
    cr_assert_eq(outlay_print_write(f.path, &in, &err), OUTLAY_EINVAL);
    cr_assert_eq(err.code, OUTLAY_P_PRINT_INPUT);
    cr_assert_eq(access(f.path, F_OK), -1);
    /* a line too large to total */
    in = input(&f, "en");
    f.lines[0].unit_price = OUTLAY_MONEY_MAX;
    f.lines[0].qty = 1000000;
    cr_assert_eq(outlay_print_write(f.path, &in, &err), OUTLAY_EOVERFLOW);
    cr_assert_eq(err.code, OUTLAY_P_PRINT_LINE_RANGE);
    cr_assert_str_eq(err.args[0].text, "Bus");
    cr_assert_eq(access(f.path, F_OK), -1);
    fixture_fini(&f);
}

/* cairo's failures: out of memory is OUTLAY_ENOMEM, any other a problem
 * naming the file. */
Test(print, cairo_status)
{
    outlay_err err = {0};
    cr_assert_eq(pr_cairo_status(CAIRO_STATUS_SUCCESS, "a.pdf", &err), OUTLAY_OK);
    cr_assert_eq(pr_cairo_status(CAIRO_STATUS_NO_MEMORY, "a.pdf", &err), OUTLAY_ENOMEM);
    cr_assert_eq(err.code, OUTLAY_P_NOMEM);
    cr_assert_eq(pr_cairo_status(CAIRO_STATUS_WRITE_ERROR, "a.pdf", &err), OUTLAY_EIO);
    cr_assert_eq(err.code, OUTLAY_P_PRINT_CAIRO);
    cr_assert_str_eq(err.args[0].text, "a.pdf");
    cr_assert_str_eq(err.args[1].text, cairo_status_to_string(CAIRO_STATUS_WRITE_ERROR));
}

/* Every code the PDF words has its words in both languages. */
Test(print, problem_codes_have_words)
{
    static const char *const langs[] = {"en", "zh"};
    const char *dirs[] = {OUTLAY_TESTDIR "/../templates"};
    size_t n;
    const enum outlay_problem *codes = outlay_print_problem_codes(&n);
    for (size_t l = 0; l < 2; l++) {
        outlay_lang *lang = NULL;
        outlay_err err = {0};
        cr_assert_eq(outlay_lang_load(langs[l], dirs, 1, &lang, &err), OUTLAY_OK);
        for (size_t i = 0; i < n; i++) {
            char key[96];
            snprintf(key, sizeof key, "problem.%s", outlay_problem_name(codes[i]));
            cr_assert_str_neq(outlay_lang_get(lang, key), key, "%s: %s", langs[l], key);
        }
        outlay_lang_free(lang);
    }
}

/* --- what it looks like --------------------------------------------------- */

/* Pages 1 (the form) and 2 (slips) of the trip at 50 DPI against the
 * references in tests/data/print/: fewer than 0.5% of the pixels may differ
 * by more than 64 in a channel (fonts hint a little differently from one
 * build of freetype to the next). To regenerate the references after a
 * deliberate change of the layout, run
 *     OUTLAY_PRINT_REGEN=1 build/test_print --filter 'print/looks*'
 * and look at the PNGs under tests/data/print/ before committing them. */
static void compare_png(const char *got, const char *want)
{
    cairo_surface_t *a = cairo_image_surface_create_from_png(got);
    cairo_surface_t *b = cairo_image_surface_create_from_png(want);
    cr_assert_eq(cairo_surface_status(a), CAIRO_STATUS_SUCCESS, "%s", got);
    cr_assert_eq(cairo_surface_status(b), CAIRO_STATUS_SUCCESS, "%s: regenerate it", want);
    cairo_surface_flush(a);
    cairo_surface_flush(b);
    int w = cairo_image_surface_get_width(a), h = cairo_image_surface_get_height(a);
    cr_assert_eq(w, cairo_image_surface_get_width(b));
    cr_assert_eq(h, cairo_image_surface_get_height(b));
    cr_assert_eq(cairo_image_surface_get_format(a), cairo_image_surface_get_format(b));
    int sa = cairo_image_surface_get_stride(a), sb = cairo_image_surface_get_stride(b);
    const unsigned char *da = cairo_image_surface_get_data(a);
    const unsigned char *db = cairo_image_surface_get_data(b);
    long differ = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            for (int c = 0; c < 4; c++) {
                int d = da[y * sa + 4 * x + c] - db[y * sb + 4 * x + c];
                if (d > 64 || d < -64) {
                    differ++;
                    break;
                }
            }
    cr_assert_lt(differ * 200, (long)w * h, "%s: %ld of %d pixels differ from %s", got, differ,
                 w * h, want);
    cairo_surface_destroy(a);
    cairo_surface_destroy(b);
}

Test(print, looks_like_the_reference)
{
    static const char *const langs[] = {"en", "zh"};
    for (size_t l = 0; l < 2; l++) {
        struct fixture f;
        fixture_init(&f, 8);
        trip_people(&f);
        settle(&f);
        outlay_fail(&f.problems[f.nproblems++], OUTLAY_EINVAL, OUTLAY_P_WITHDRAWN_PAYER,
                    OUTLAY_A_INT(3), OUTLAY_A_TEXT("Dan"));
        write_pdf(&f, langs[l]);
        char cmd[512], got[160], want[256];
        snprintf(cmd, sizeof cmd, "pdftoppm -r 50 -png -f 1 -l 2 '%s' '%s/page'", f.path, f.dir);
        cr_assert_eq(system(cmd), 0);
        for (int page = 1; page <= 2; page++) {
            snprintf(got, sizeof got, "%s/page-%d.png", f.dir, page);
            snprintf(want, sizeof want, "%s/data/print/trip-%s-%d.png", OUTLAY_TESTDIR, langs[l],
                     page);
            if (getenv("OUTLAY_PRINT_REGEN")) {
                snprintf(cmd, sizeof cmd, "cp '%s' '%s'", got, want);
                cr_assert_eq(system(cmd), 0);
            }
            compare_png(got, want);
        }
        fixture_fini(&f);
    }
}
