/* Tests for template: the shipped templates, refusal of bad ones with their
 * file and line, finding and listing, and the workbook label catalogues. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outlay/money.h"
#include "outlay/records.h"
#include "outlay/template.h"
#include "test_util.h"

#define TEMPLATES OUTLAY_SRCDIR "/templates"
#define BAD OUTLAY_SRCDIR "/tests/data/templates"

static const char *const shipped_dirs[] = {TEMPLATES};

/* A scratch directory for files made by a test, removed with its files. */
static char scratch[64];

static void make_scratch(void)
{
    snprintf(scratch, sizeof scratch, "/tmp/outlay-template-XXXXXX");
    cr_assert_not_null(mkdtemp(scratch));
}

static void remove_scratch(void)
{
    char cmd[128];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch);
    cr_assert_eq(system(cmd), 0);
}

/* Writes len bytes to scratch/name; returns the path (static buffer). */
static const char *put_bytes(const char *name, const char *text, size_t len)
{
    static char path[256];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", scratch, name);
    f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(text, 1, len, f), len);
    cr_assert_eq(fclose(f), 0);
    return path;
}

static const char *put(const char *name, const char *text)
{
    return put_bytes(name, text, strlen(text));
}

static int64_t lines_total(const struct outlay_template *t, int64_t headcount)
{
    int64_t sum = 0;

    for (size_t i = 0; i < t->nlines; i++)
        sum += t->lines[i].unit_price * (t->lines[i].per_head ? headcount : t->lines[i].qty);
    return sum;
}

static int is_category(const char *c)
{
    static const char *const known[] = {"props",     "prizes",   "lunch",     "souvenirs",
                                        "transport", "hotel",    "tickets",   "meals",
                                        "insurance", "trip-fee", "materials", "misc"};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(c, known[i]) == 0)
            return 1;
    return 0;
}

/* Shipped templates -------------------------------------------------------- */

Test(template, ships_the_six_templates)
{
    static const char *const want[] = {"fitness-games", "fun-sports-meet", "interest-clubs",
                                       "spring-hike",   "trip-prepaid",    "tug-of-war"};
    char **names = NULL;
    size_t n = 0;
    outlay_err err = {0};

    cr_assert_eq(outlay_template_list(shipped_dirs, 1, &names, &n, &err), OUTLAY_OK, "%s",
                 problem_str(&err));
    cr_assert_eq(n, 6);
    for (size_t i = 0; i < n; i++)
        cr_assert_str_eq(names[i], want[i]);
    outlay_template_names_free(names, n);
}

Test(template, every_shipped_template_loads)
{
    char **names = NULL, path[512];
    size_t n = 0;
    outlay_err err = {0};

    cr_assert_eq(outlay_template_list(shipped_dirs, 1, &names, &n, &err), OUTLAY_OK);
    for (size_t i = 0; i < n; i++) {
        struct outlay_template t;
        cr_assert_eq(outlay_template_find(names[i], shipped_dirs, 1, path, sizeof path, &err),
                     OUTLAY_OK, "%s", problem_str(&err));
        cr_assert_eq(outlay_template_load(path, &t, &err), OUTLAY_OK, "%s", problem_str(&err));
        cr_assert_not_null(t.title, "%s", names[i]);
        cr_assert(t.has_headcount && t.headcount > 0, "%s", names[i]);
        cr_assert(t.has_deposit, "%s", names[i]);
        cr_assert_not_null(t.funded_by, "%s", names[i]);
        cr_assert_gt(t.nlines, 2, "%s", names[i]);
        for (size_t k = 0; k < t.nlines; k++) {
            const struct outlay_template_line *l = &t.lines[k];
            cr_assert(is_category(l->category), "%s: %s", names[i], l->category);
            cr_assert_gt(l->unit_price, 0, "%s: %s", names[i], l->item);
            cr_assert(l->per_head ? l->qty == 0 : l->qty >= 1, "%s: %s", names[i], l->item);
            cr_assert_gt(l->line, k ? t.lines[k - 1].line : 0);
        }
        /* A union-funded activity collects no deposit. */
        if (strcmp(t.funded_by, "union") == 0)
            cr_assert_eq(t.deposit, 0, "%s", names[i]);
        outlay_template_release(&t);
    }
    outlay_template_names_free(names, n);
}

/* SPEC §12: every shipped template speaks both languages, and no text of
 * it (in either) is a command-line instruction (a signed sheet shows it). */
static int has_command_text(const char *s)
{
    return s && (strstr(s, "--") || strstr(s, "outlay "));
}

Test(template, every_shipped_template_is_in_both_languages)
{
    char **names = NULL, path[512];
    size_t n = 0;
    outlay_err err = {0};

    cr_assert_eq(outlay_template_list(shipped_dirs, 1, &names, &n, &err), OUTLAY_OK);
    cr_assert_geq(n, 6);
    for (size_t i = 0; i < n; i++) {
        struct outlay_template t;
        cr_assert_eq(outlay_template_find(names[i], shipped_dirs, 1, path, sizeof path, &err),
                     OUTLAY_OK);
        cr_assert_eq(outlay_template_load(path, &t, &err), OUTLAY_OK, "%s", problem_str(&err));
        cr_assert(outlay_template_bilingual(&t), "%s: a text without its .zh twin", names[i]);
        char *en_title = strdup(t.title), *en_item = strdup(t.lines[0].item);
        cr_assert_eq(outlay_template_choose(&t, "zh"), 0);
        cr_assert_str_neq(t.title, en_title, "%s: the Chinese title is its own", names[i]);
        cr_assert_str_neq(t.lines[0].item, en_item, "%s", names[i]);
        const char *texts[] = {t.title, t.organizer, t.venue};
        for (size_t k = 0; k < 3; k++)
            cr_assert(!has_command_text(texts[k]), "%s: %s", names[i], texts[k]);
        for (size_t k = 0; k < t.nlines; k++) {
            const struct outlay_template_line *l = &t.lines[k];
            const char *lt[] = {l->category, l->item, l->unit, l->note};
            for (size_t j = 0; j < 4; j++) {
                cr_assert(!has_command_text(lt[j]), "%s: %s", names[i], lt[j]);
                /* Chinese text: no ASCII letter in it */
                for (const char *p = lt[j]; p && *p; p++)
                    cr_assert(!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')),
                              "%s: '%s' is not Chinese", names[i], lt[j]);
            }
        }
        free(en_title);
        free(en_item);
        outlay_template_release(&t);
        /* and in English too: no command line in the notes */
        cr_assert_eq(outlay_template_load(path, &t, &err), OUTLAY_OK);
        cr_assert_eq(outlay_template_choose(&t, "en"), 0);
        for (size_t k = 0; k < t.nlines; k++)
            cr_assert(!has_command_text(t.lines[k].note), "%s: %s", names[i], t.lines[k].note);
        cr_assert_eq(outlay_template_choose(&t, "fr"), -1);
        outlay_template_release(&t);
    }
    outlay_template_names_free(names, n);
}

Test(template, fun_sports_meet_is_the_march_8th_plan)
{
    static const struct {
        const char *category, *item, *unit;
        int64_t unit_price, qty;
        int per_head;
        enum outlay_kind kind; /* SPEC §14: what the rules read */
    } want[] = {
        {"props", "Dates, drinks, balloons", "lot", 5000, 1, 0, OUTLAY_KIND_OTHER},
        {"prizes", "Winner prizes", "winner", 500, 20, 0, OUTLAY_KIND_PRIZE_WINNER},
        {"prizes", "Participation prizes", "person", 300, 60, 0, OUTLAY_KIND_PRIZE_PARTICIPATION},
        {"lunch", "Lunch", NULL, 100000, 1, 0, OUTLAY_KIND_MEAL},
        {"souvenirs", "Souvenir", "person", 5000, 0, 1, OUTLAY_KIND_SOUVENIR},
    };
    struct outlay_template t;
    outlay_err err = {0};

    cr_assert_eq(outlay_template_load(TEMPLATES "/fun-sports-meet.ini", &t, &err), OUTLAY_OK, "%s",
                 problem_str(&err));
    cr_assert_str_eq(t.title, "March 8th fun sports meet");
    cr_assert(t.has_budget_total);
    cr_assert_eq(t.budget_total, 420000);
    cr_assert(t.has_headcount);
    cr_assert_eq(t.headcount, 55);
    cr_assert_str_eq(t.funded_by, "union");
    cr_assert(!t.has_subsidy);
    cr_assert_eq(t.nlines, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < t.nlines; i++) {
        const struct outlay_template_line *l = &t.lines[i];
        cr_assert_str_eq(l->category, want[i].category);
        cr_assert_str_eq(l->item, want[i].item);
        if (want[i].unit)
            cr_assert_str_eq(l->unit, want[i].unit);
        else
            cr_assert_null(l->unit);
        cr_assert_eq(l->unit_price, want[i].unit_price, "%s", l->item);
        cr_assert_eq(l->qty, want[i].qty, "%s", l->item);
        cr_assert_eq(l->per_head, want[i].per_head, "%s", l->item);
        cr_assert_eq(l->kind, (int)want[i].kind, "%s", l->item);
        cr_assert_null(l->funded_by, "%s: the activity's union applies", l->item);
    }
    cr_assert_eq(lines_total(&t, 55), 408000);
    cr_assert_eq(lines_total(&t, 60), 433000);
    outlay_template_release(&t);
}

Test(template, trip_prepaid_collects_360_and_rafting_is_for_rafters)
{
    struct outlay_template t;
    outlay_err err = {0};
    const struct outlay_template_line *rafting = NULL;

    cr_assert_eq(outlay_template_load(TEMPLATES "/trip-prepaid.ini", &t, &err), OUTLAY_OK, "%s",
                 problem_str(&err));
    cr_assert(t.has_deposit);
    cr_assert_eq(t.deposit, 36000);
    cr_assert_str_eq(t.funded_by, "participants");
    for (size_t i = 0; i < t.nlines; i++)
        if (strcmp(t.lines[i].item, "Rafting") == 0)
            rafting = &t.lines[i];
    cr_assert_not_null(rafting);
    cr_assert(!rafting->per_head);
    cr_assert_not_null(rafting->note);
    cr_assert_not_null(strstr(rafting->note, "raft"));
    outlay_template_release(&t);
}

/* "key: problem(args)": the key the problem is about (err->column), if any. */
static const char *placed(const outlay_err *e)
{
    static char buf[2200];
    if (e->column[0])
        snprintf(buf, sizeof buf, "%s: %s", e->column, problem_str(e));
    else
        snprintf(buf, sizeof buf, "%s", problem_str(e));
    return buf;
}

/* Bad templates ---------------------------------------------------------------- */

Test(template, bad_templates_are_refused_with_file_and_line)
{
    static const struct {
        const char *file;
        long line;
        const char *problem;
    } cases[] = {
        {"missing-item", 10, "item: template_key_missing(item)"},
        {"bad-amount", 8, "unit_price: amount_decimals(12.345)"},
        {"unknown-key", 8,
         "template_unknown_key(colour, line, category, item, unit_price, qty, per_head, unit, "
         "note, funded_by, kind, category.zh, item.zh, unit.zh, note.zh)"},
        {"qty-and-per-head", 10, "per_head: template_qty_per_head(qty)"},
        {"bad-per-head", 9, "per_head: template_flag(sometimes)"},
        {"unknown-section", 5, "template_unknown_section(lines)"},
        {"duplicate-key", 9, "item: template_key_twice(line, 7)"},
        {"bad-funder", 9, "funded_by: template_funder(company)"},
        {"bad-kind", 9, "kind: not_kind(voucher)"}, /* SPEC §14 */
        {"outside-section", 2, "template_outside(title)"},
        {"bad-qty", 9, "qty: qty_form(0)"},
        {"bad-headcount", 4, "headcount: qty_form(-5)"},
        {"negative-deposit", 4, "deposit: amount_negative(-360)"},
        {"syntax-error", 7, "ini_syntax()"},
        {"indented-header", 9, "ini_indented_header()"},
        {"unclosed-header", 5, "ini_unclosed_header()"},
        {"two-activities", 5, "template_activity_twice()"},
        {"continued-amount", 9, "unit_price: template_continued()"},
        {"empty-item", 7, "item: template_empty()"},
        {"too-large", 9, "template_line_large()"},
        {"bad-utf8", 7, "item: not_utf8()"},
        {"long-line", 9, "ini_line_long(197)"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[512];
        struct outlay_template t;
        outlay_err err = {0};

        snprintf(path, sizeof path, "%s/%s.ini", BAD, cases[i].file);
        cr_assert_eq(outlay_template_load(path, &t, &err), OUTLAY_EINVAL, "%s", path);
        cr_assert_str_eq(placed(&err), cases[i].problem);
        cr_assert_str_eq(err.file, path);
        cr_assert_eq(err.line, cases[i].line, "%s", path);
        cr_assert_null(t.lines, "%s: left empty", path);
        cr_assert_null(t.title, "%s: left empty", path);
        cr_assert_eq(t.nlines, 0);
    }
}

Test(template, nul_byte_is_refused, .init = make_scratch, .fini = remove_scratch)
{
    static const char text[] = "[activity]\ntitle = A\0B\n";
    struct outlay_template t;
    outlay_err err = {0};
    const char *path = put_bytes("nul.ini", text, sizeof text - 1);

    cr_assert_eq(outlay_template_load(path, &t, &err), OUTLAY_EINVAL);
    cr_assert_eq(err.line, 2);
    cr_assert_str_eq(placed(&err), "ini_nul()");
    cr_assert_str_eq(err.file, path);
}

Test(template, missing_file_is_not_found)
{
    struct outlay_template t;
    outlay_err err = {0};

    cr_assert_eq(outlay_template_load(BAD "/no-such-file.ini", &t, &err), OUTLAY_ENOTFOUND);
    cr_assert_str_eq(problem_str(&err), "ini_open(" BAD "/no-such-file.ini, ENOENT)");
    cr_assert_str_eq(err.file, BAD "/no-such-file.ini");
    cr_assert_eq(err.line, 0);
}

/* What the reader accepts: a BOM, CRLF, comments, continuation lines,
 * "key: value", per_head = no with no qty (one), a template with no lines. */
Test(template, reader_accepts_what_inih_reads, .init = make_scratch, .fini = remove_scratch)
{
    static const char text[] = "\xEF\xBB\xBF[activity]\r\n"
                               "title = Spring\r\n"
                               "  outing ; an inline comment\r\n"
                               "# a comment\r\n"
                               "subsidy_per_head: 25.5\r\n"
                               "[line] ; the only line\r\n"
                               "category = props\r\n"
                               "item = 气球\r\n"
                               "unit_price = ¥1,234.50\r\n"
                               "per_head = No\r\n"
                               "note = first part\r\n"
                               "\r\n"
                               "\tsecond part\r\n"
                               "[line]\n"
                               "category=misc\n"
                               "item=Rope\n"
                               "unit_price=3\n"
                               "per_head=YES\n"
                               "funded_by=union";
    struct outlay_template t;
    outlay_err err = {0};
    const char *path = put("ok.ini", text);

    cr_assert_eq(outlay_template_load(path, &t, &err), OUTLAY_OK, "%s", problem_str(&err));
    cr_assert_str_eq(t.title, "Spring outing");
    cr_assert(t.has_subsidy);
    cr_assert_eq(t.subsidy_per_head, 2550);
    cr_assert(!t.has_deposit && !t.has_headcount && !t.has_budget_total);
    cr_assert_null(t.funded_by);
    cr_assert_eq(t.nlines, 2);
    cr_assert_str_eq(t.lines[0].item, "气球");
    cr_assert_eq(t.lines[0].unit_price, 123450);
    cr_assert_eq(t.lines[0].qty, 1);
    cr_assert_eq(t.lines[0].per_head, 0);
    cr_assert_str_eq(t.lines[0].note, "first part second part");
    cr_assert_eq(t.lines[0].line, 6);
    cr_assert_eq(t.lines[1].per_head, 1);
    cr_assert_eq(t.lines[1].qty, 0);
    cr_assert_str_eq(t.lines[1].funded_by, "union");
    cr_assert_eq(t.lines[1].line, 14);
    outlay_template_release(&t);
    outlay_template_release(&t); /* released twice: still empty */

    path = put("empty.ini", "");
    cr_assert_eq(outlay_template_load(path, &t, &err), OUTLAY_OK);
    cr_assert_eq(t.nlines, 0);
    cr_assert_null(t.title);
    outlay_template_release(&t);
}

/* Find and list ---------------------------------------------------------------- */

Test(template, find_refuses_names_that_leave_the_directory)
{
    static const char *const bad[] = {
        "../fun-sports-meet",
        "lang/en",
        "/etc/passwd",
        "",
        ".hidden",
        "-x",
        "Spring",
        "spring hike",
        "spring_hike",
        "fun-sports-meet.ini",
        "a12345678901234567890123456789012345678901234567890123456789012345",
    };
    char path[512];

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        outlay_err err = {0};
        cr_assert_eq(outlay_template_find(bad[i], shipped_dirs, 1, path, sizeof path, &err),
                     OUTLAY_EINVAL, "%s", bad[i]);
        cr_assert_eq(err.code, OUTLAY_P_TEMPLATE_NAME, "%s", bad[i]);
    }
    outlay_err err = {0};
    cr_assert_eq(
        outlay_template_find("../fun-sports-meet", shipped_dirs, 1, path, sizeof path, &err),
        OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "template_name(../fun-sports-meet)");
    cr_assert_eq(outlay_template_find(NULL, shipped_dirs, 1, path, sizeof path, &err),
                 OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "template_name()");
}

Test(template, find_searches_dirs_in_order, .init = make_scratch, .fini = remove_scratch)
{
    const char *dirs[] = {NULL, scratch, TEMPLATES};
    char path[512], want[512];
    outlay_err err = {0};

    /* Not in scratch: found in the source tree, NULL entries skipped. */
    cr_assert_eq(outlay_template_find("spring-hike", dirs, 3, path, sizeof path, &err), OUTLAY_OK,
                 "%s", problem_str(&err));
    cr_assert_str_eq(path, TEMPLATES "/spring-hike.ini");
    /* In both: the first directory wins. */
    put("spring-hike.ini", "[activity]\n");
    cr_assert_eq(outlay_template_find("spring-hike", dirs, 3, path, sizeof path, &err), OUTLAY_OK);
    snprintf(want, sizeof want, "%s/spring-hike.ini", scratch);
    cr_assert_str_eq(path, want);
    /* A directory called NAME.ini is not a template. */
    snprintf(want, sizeof want, "%s/tug-of-war.ini", scratch);
    cr_assert_eq(mkdir(want, 0700), 0);
    cr_assert_eq(outlay_template_find("tug-of-war", dirs, 3, path, sizeof path, &err), OUTLAY_OK);
    cr_assert_str_eq(path, TEMPLATES "/tug-of-war.ini");
    /* The path does not fit. */
    cr_assert_eq(outlay_template_find("tug-of-war", dirs, 3, path, 10, &err), OUTLAY_EINVAL);
    snprintf(want, sizeof want, "template_dir_long(%s)", scratch);
    cr_assert_str_eq(problem_str(&err), want);
}

Test(template, find_names_the_dirs_when_not_found)
{
    const char *dirs[] = {TEMPLATES, NULL, BAD};
    char path[512], want[1024];
    outlay_err err = {0};

    cr_assert_eq(outlay_template_find("cruise", dirs, 3, path, sizeof path, &err),
                 OUTLAY_ENOTFOUND);
    snprintf(want, sizeof want, "template_not_found(cruise, %s, %s)", TEMPLATES, BAD);
    cr_assert_str_eq(problem_str(&err), want);
    cr_assert_str_eq(path, "");
    cr_assert_eq(outlay_template_find("cruise", dirs + 1, 1, path, sizeof path, &err),
                 OUTLAY_ENOTFOUND);
    cr_assert_str_eq(problem_str(&err), "template_no_dir(cruise)");
}

Test(template, list_merges_dirs_sorted_once_each, .init = make_scratch, .fini = remove_scratch)
{
    const char *dirs[] = {scratch, NULL, "/nonexistent/outlay", TEMPLATES};
    char **names = NULL;
    size_t n = 0;
    outlay_err err = {0};

    put("aaa-picnic.ini", "");
    put("spring-hike.ini", "");
    put("Bad_Name.ini", ""); /* not a template name: skipped */
    put("notes.txt", "");    /* not .ini: skipped */
    put(".ini", "");
    cr_assert_eq(outlay_template_list(dirs, 4, &names, &n, &err), OUTLAY_OK, "%s",
                 problem_str(&err));
    cr_assert_eq(n, 7);
    cr_assert_str_eq(names[0], "aaa-picnic");
    cr_assert_str_eq(names[1], "fitness-games");
    cr_assert_str_eq(names[4], "spring-hike");
    cr_assert_str_eq(names[6], "tug-of-war");
    outlay_template_names_free(names, n);

    cr_assert_eq(outlay_template_list(dirs + 1, 2, &names, &n, &err), OUTLAY_OK);
    cr_assert_eq(n, 0);
    outlay_template_names_free(names, n);
}

/* Label catalogues ------------------------------------------------------------ */

Test(template, en_and_zh_have_the_same_keys)
{
    outlay_lang *en = NULL, *zh = NULL;
    outlay_err err = {0};

    cr_assert_eq(outlay_lang_load("en", shipped_dirs, 1, &en, &err), OUTLAY_OK, "%s",
                 problem_str(&err));
    cr_assert_eq(outlay_lang_load("zh", shipped_dirs, 1, &zh, &err), OUTLAY_OK, "%s",
                 problem_str(&err));
    /* 127 labels (7 kinds), 12 problem wordings, 16 of the rules (SPEC §14), 18 of the PDF */
    cr_assert_eq(outlay_lang_count(en), 173);
    cr_assert_eq(outlay_lang_count(en), outlay_lang_count(zh));
    for (size_t i = 0; i < outlay_lang_count(en); i++) {
        cr_assert_str_eq(outlay_lang_key(en, i), outlay_lang_key(zh, i));
        cr_assert_str_neq(outlay_lang_get(zh, outlay_lang_key(zh, i)), "", "%s",
                          outlay_lang_key(zh, i));
    }
    cr_assert_null(outlay_lang_key(en, outlay_lang_count(en)));
    outlay_lang_free(en);
    outlay_lang_free(zh);
}

/* The labels SPEC §8 and the workbook rely on. */
Test(template, zh_labels_are_exact)
{
    static const struct {
        const char *key, *zh, *en;
    } want[] = {
        {"sheet.budget", "预算审批表", "Budget"},
        {"sheet.budget_vs_actual", "预算执行", "Budget vs Actual"},
        {"sheet.expenses", "支出明细", "Expenses"},
        {"sheet.settlement", "结算", "Settlement"},
        {"budget.title", "活动经费预算审批表", "Budget for approval"},
        {"settle.paid_out", "已退付", "Paid out"},
        {"funder.union", "工会", "union"},
    };
    outlay_lang *en = NULL, *zh = NULL;
    outlay_err err = {0};

    cr_assert_eq(outlay_lang_load("zh", shipped_dirs, 1, &zh, &err), OUTLAY_OK);
    cr_assert_eq(outlay_lang_load("en", shipped_dirs, 1, &en, &err), OUTLAY_OK);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        cr_assert_str_eq(outlay_lang_get(zh, want[i].key), want[i].zh);
        cr_assert_str_eq(outlay_lang_get(en, want[i].key), want[i].en);
    }
    /* A missing label falls back to its key. */
    cr_assert_str_eq(outlay_lang_get(zh, "budget.nonexistent"), "budget.nonexistent");
    cr_assert_str_eq(outlay_lang_get(NULL, "sheet.budget"), "sheet.budget");
    outlay_lang_free(en);
    outlay_lang_free(zh);
    outlay_lang_free(NULL);
}

Test(template, lang_load_refusals, .init = make_scratch, .fini = remove_scratch)
{
    const char *dirs[] = {scratch};
    char dir[128], want[1024];
    outlay_lang *lang = (outlay_lang *)1;
    outlay_err err = {0};

    cr_assert_eq(outlay_lang_load("../en", shipped_dirs, 1, &lang, &err), OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "lang_code(../en)");
    cr_assert_null(lang);
    cr_assert_eq(outlay_lang_load("fr", dirs, 1, &lang, &err), OUTLAY_ENOTFOUND);
    snprintf(want, sizeof want, "lang_not_found(fr, %s/lang)", scratch);
    cr_assert_str_eq(problem_str(&err), want);
    const char *none[] = {NULL};
    cr_assert_eq(outlay_lang_load("fr", none, 1, &lang, &err), OUTLAY_ENOTFOUND);
    cr_assert_str_eq(problem_str(&err), "lang_no_dir(fr)");

    snprintf(dir, sizeof dir, "%s/lang", scratch);
    cr_assert_eq(mkdir(dir, 0700), 0);
    put("lang/xx.ini", "[sheet]\nbudget = A\n[report]\ntotal = T\n[sheet]\nbudget = B\n");
    cr_assert_eq(outlay_lang_load("xx", dirs, 1, &lang, &err), OUTLAY_EINVAL);
    snprintf(want, sizeof want, "%s/lang/xx.ini", scratch);
    cr_assert_str_eq(placed(&err), "lang_key_twice(sheet.budget, 2)");
    cr_assert_str_eq(err.file, want);
    cr_assert_eq(err.line, 6);
    cr_assert_null(lang);

    put("lang/xx.ini", "total = T\n");
    cr_assert_eq(outlay_lang_load("xx", dirs, 1, &lang, &err), OUTLAY_EINVAL);
    cr_assert_eq(err.line, 1);
    cr_assert_str_eq(placed(&err), "lang_key_name(total)");

    put("lang/xx.ini", "[Sheet]\nbudget = A\n");
    cr_assert_eq(outlay_lang_load("xx", dirs, 1, &lang, &err), OUTLAY_EINVAL);
    cr_assert_eq(err.line, 1);
    cr_assert_str_eq(placed(&err), "lang_section_name(Sheet)");

    put("lang/xx.ini", "[report]\ntotal = T\n  and more\n");
    cr_assert_eq(outlay_lang_load("xx", dirs, 1, &lang, &err), OUTLAY_OK, "%s", problem_str(&err));
    cr_assert_str_eq(outlay_lang_get(lang, "report.total"), "T and more");
    cr_assert_eq(outlay_lang_count(lang), 1);
    outlay_lang_free(lang);
}
