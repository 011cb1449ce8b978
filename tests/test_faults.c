/*
 * faults: SQLite's habit — fail each allocation in turn and demand either the
 * right answer or a clean OUTLAY_ENOMEM, never a crash or a leak (the suite
 * also runs under ASan with leak checks). Linked with --wrap for malloc,
 * calloc and realloc, so only outlay's own allocations are failed.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outlay/csvio.h"
#include "outlay/ledger.h"
#include "outlay/print.h"
#include "outlay/report.h"
#include "outlay/settle.h"
#include "outlay/template.h"

#include "ledger_fixture.h"
#include "test_util.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t k);
void *__real_realloc(void *p, size_t n);

/* Allocations left before one fails; -1: never fail. */
static long fail_after = -1;

static int should_fail(void)
{
    if (fail_after < 0)
        return 0;
    return fail_after-- == 0;
}

void *__wrap_malloc(size_t n)
{
    return should_fail() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t k)
{
    return should_fail() ? NULL : __real_calloc(n, k);
}

void *__wrap_realloc(void *p, size_t n)
{
    return should_fail() ? NULL : __real_realloc(p, n);
}

/* The SPEC trip: 10 people, 6 rafting, a union bus, an advance. */
static struct outlay_settle_person people[10];
static const struct outlay_settle_expense expenses[] = {
    {1, 240000, NULL, 1}, {2, 300000, NULL, 0}, {3, 120000, "rafting", 0}, {4, 88700, NULL, 0}};

static void trip(struct outlay_settle_input *in, enum outlay_settle_rule rule)
{
    static const char *names[] = {"Ann", "Ben", "Cai", "Dan", "Eve",
                                  "Fay", "Gus", "Hal", "Ivy", "Jon"};
    for (int i = 0; i < 10; i++)
        people[i] = (struct outlay_settle_person){.name = names[i],
                                                  .tags = i < 6 ? "rafting" : "",
                                                  .weight = 1 + (i == 4),
                                                  .deposits = 36000,
                                                  .advanced = i == 0 ? 88700 : 0};
    *in = (struct outlay_settle_input){people, 10, expenses, 4, 5000, "trip", rule, 0};
}

/* Under both rules (SPEC §6.3, §11.1). GMP's own allocations are not
 * outlay's and are not failed here (GMP ends the process when one fails). */
Test(faults, settle_fails_cleanly_at_every_allocation)
{
    for (int rule = OUTLAY_SETTLE_RULE_GROUP; rule <= OUTLAY_SETTLE_RULE_PERSON; rule++) {
        struct outlay_settle_input in;
        struct outlay_settle_result want = {0}, got = {0};
        trip(&in, (enum outlay_settle_rule)rule);
        cr_assert_eq(outlay_settle_compute(&in, &want, NULL), OUTLAY_OK);
        long n = 0;
        for (;; n++) {
            outlay_err err = {0};
            fail_after = n;
            enum outlay_status rc = outlay_settle_compute(&in, &got, &err);
            fail_after = -1;
            if (rc == OUTLAY_OK)
                break;
            cr_assert_eq(rc, OUTLAY_ENOMEM, "rule %d, allocation %ld: status %d", rule, n, rc);
            cr_assert_null(got.rows, "rule %d: allocation %ld left rows behind", rule, n);
        }
        cr_assert_gt(n, 0, "settle allocated nothing?");
        for (size_t i = 0; i < 10; i++)
            cr_assert_eq(memcmp(&got.rows[i], &want.rows[i], sizeof got.rows[i]), 0,
                         "rule %d, row %zu", rule, i);
        cr_assert_eq(memcmp(&got.totals, &want.totals, sizeof got.totals), 0);
        outlay_settle_result_release(&got);
        outlay_settle_result_release(&want);
    }
}

Test(faults, report_fails_cleanly_at_every_allocation)
{
    const struct outlay_report_amount budget[] = {{"meals", 110000}, {"hotel", 240000}};
    const struct outlay_report_amount actual[] = {{"meals", 194700}, {"misc", -3500}};
    long n = 0;
    struct outlay_report got = {0};
    for (;; n++) {
        outlay_err err = {0};
        fail_after = n;
        enum outlay_status rc = outlay_report_compute(budget, 2, actual, 2, &got, &err);
        fail_after = -1;
        if (rc == OUTLAY_OK)
            break;
        cr_assert_eq(rc, OUTLAY_ENOMEM, "allocation %ld: status %d", n, rc);
        cr_assert_null(got.rows);
    }
    cr_assert_eq(got.nrows, 3);
    cr_assert_eq(got.total.actual, 191200);
    outlay_report_release(&got);
}

Test(faults, csv_reader_fails_cleanly_at_every_allocation)
{
    static const char text[] = "category,amount,item\nmeals,10,\"two, words\"\nhotel,20,x\n";
    long n = 0;
    for (;; n++) {
        FILE *fp = fmemopen((void *)text, sizeof text - 1, "r");
        cr_assert_not_null(fp);
        outlay_csv_reader *r = NULL;
        struct outlay_csv_row row;
        outlay_err err = {0};
        int got = 0, rows = 0;
        fail_after = n;
        enum outlay_status rc =
            outlay_csv_reader_open_stream(&r, fp, "x.csv", OUTLAY_ENC_UTF8, &err);
        if (rc == OUTLAY_OK)
            while ((got = outlay_csv_reader_next(r, &row, &err)) == 1)
                rows++;
        fail_after = -1;
        outlay_csv_reader_close(r);
        fclose(fp);
        if (rc == OUTLAY_OK && got == 0) {
            cr_assert_eq(rows, 3);
            break;
        }
        cr_assert_eq(err.status, OUTLAY_ENOMEM, "allocation %ld: %s", n, problem_str(&err));
    }
    cr_assert_gt(n, 0);
}

Test(faults, template_fails_cleanly_at_every_allocation)
{
    long n = 0;
    for (;; n++) {
        struct outlay_template t = {0};
        outlay_err err = {0};
        fail_after = n;
        enum outlay_status rc =
            outlay_template_load(OUTLAY_TESTDIR "/../templates/fun-sports-meet.ini", &t, &err);
        fail_after = -1;
        if (rc == OUTLAY_OK) {
            cr_assert_eq(t.nlines, 5);
            outlay_template_release(&t);
            break;
        }
        cr_assert(rc == OUTLAY_ENOMEM || rc == OUTLAY_EIO, "allocation %ld: %d %s", n, rc,
                  problem_str(&err));
        cr_assert_null(t.lines);
    }
    cr_assert_gt(n, 0);
}

/* A ledger with 40 tag groups (past the interner's first 16 slots), every
 * third tag carried only by a withdrawn participant. */
static void tagged_ledger(struct ledger_fixture *fx)
{
    struct outlay_activity_in in = {.title = "Trip"};
    outlay_err err = {0};
    ledger_fixture_open(fx, "/tmp/outlay-faults-XXXXXX", &in);
    for (int i = 0; i < 40; i++) {
        char name[24], tag[24];
        snprintf(name, sizeof name, "P%02d", i);
        snprintf(tag, sizeof tag, "t%02d", i);
        struct outlay_participant_in p = {.name = name, .tags = tag};
        struct outlay_expense_in e = {.category = "c", .amount = "10", .for_tag = tag};
        cr_assert_eq(outlay_ledger_participant_add(fx->st, &fx->act, &p, 1, &err), OUTLAY_OK);
        cr_assert_eq(outlay_ledger_expense_add(fx->st, &fx->act, &e, 1, NULL, NULL, NULL, &err),
                     OUTLAY_OK);
        if (i % 3 == 0)
            cr_assert_eq(outlay_ledger_participant_set(fx->st, &fx->act, &p, 1, &err), OUTLAY_OK);
    }
}

static void count_problem(void *ctx, const outlay_err *msg)
{
    (void)msg;
    (*(long *)ctx)++;
}

Test(faults, checks_fail_cleanly_at_every_allocation)
{
    struct ledger_fixture fx;
    tagged_ledger(&fx);
    long n = 0;
    for (;; n++) {
        outlay_err err = {0};
        long seen = 0;
        fail_after = n;
        long got = outlay_ledger_problems(fx.st, &fx.act, count_problem, &seen, &err);
        fail_after = -1;
        if (got >= 0) {
            cr_assert_eq(got, 14);
            cr_assert_eq(seen, 14);
            break;
        }
        cr_assert_eq(err.status, OUTLAY_ENOMEM, "allocation %ld: %s", n, problem_str(&err));
    }
    cr_assert_gt(n, 0);
    ledger_fixture_close(&fx);
}

Test(faults, ledger_settle_fails_cleanly_at_every_allocation)
{
    struct ledger_fixture fx;
    tagged_ledger(&fx);
    long n = 0;
    for (;; n++) {
        outlay_err err = {0};
        struct outlay_settlement s = {0};
        fail_after = n;
        enum outlay_status rc = outlay_ledger_settle(fx.st, &fx.act, &s, &err);
        fail_after = -1;
        /* A tag nobody active carries: the error names its expenses. */
        if (rc == OUTLAY_EINVAL) {
            cr_assert_eq(err.code, OUTLAY_P_SETTLE_TAG_NOBODY, "%s", problem_str(&err));
            cr_assert_str_eq(err.args[0].text, "t00");
            cr_assert_eq(s.npeople, 40);
            outlay_settlement_release(&s);
            break;
        }
        cr_assert_eq(rc, OUTLAY_ENOMEM, "allocation %ld: %d %s", n, rc, problem_str(&err));
        outlay_settlement_release(&s);
    }
    cr_assert_gt(n, 0);
    ledger_fixture_close(&fx);
}

/* The NFC copies a ledger operation makes (check_text in src/ledger.c):
 * each allocation failing in turn gives a clean OUTLAY_ENOMEM, and no copy
 * leaks. A template of three lines brings fifteen texts to normalise, so
 * the list that owns them grows past its first size; the transaction is
 * rolled back after each failure, as the CLI does. */
Test(faults, nfc_copies_fail_cleanly_at_every_allocation)
{
    char dir[] = "/tmp/outlay-faults-XXXXXX", path[64];
    outlay_store *st = NULL;
    outlay_err err = {0};
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/l.db", dir);
    cr_assert_eq(outlay_store_open(&st, path, OUTLAY_STORE_WRITE, &err), OUTLAY_OK);

#define E "e\xcc\x81" /* e + U+0301, NFC é */
    struct outlay_template_line lines[3] = {
        {.category = "a" E, .item = "b" E, .unit = "c" E, .note = "d" E, .unit_price = 1, .qty = 1},
        {.category = "e" E, .item = "f" E, .unit = "g" E, .note = "h" E, .unit_price = 1, .qty = 1},
        {.category = "i" E, .item = "j" E, .unit = "k" E, .note = "l" E, .unit_price = 1, .qty = 1},
    };
    struct outlay_template t = {
        .title = "caf" E, .organizer = "Jos" E, .venue = "Cr" E "te", .lines = lines, .nlines = 3};
    struct outlay_activity_in in = {0};
    long n = 0;
    for (;; n++) {
        cr_assert_eq(outlay_store_begin(st, 1, &err), OUTLAY_OK);
        fail_after = n;
        enum outlay_status rc = outlay_ledger_activity_new(st, "trip", &t, "x", &in, &err);
        fail_after = -1;
        if (rc == OUTLAY_OK)
            break;
        outlay_store_rollback(st);
        cr_assert_eq(rc, OUTLAY_ENOMEM, "allocation %ld: %d %s", n, rc, problem_str(&err));
    }
#undef E
    /* and one for the cursor of the per-activity limit check (OUTLAY_ACTIVITY_MAX), and
     * two for the store's statements of either backend (store_query.c: the
     * cursor's and the activity's insert), and one for the list of the
     * activities the transaction changed (store_years.c, store_touch) */
    cr_assert_eq(n, 21,
                 "fifteen copies, the list, its growth, the limit check, two statements and the "
                 "changed activities: %ld",
                 n);
    struct outlay_activity a;
    cr_assert_eq(outlay_ledger_activity(st, "trip", 0, &a, &err), OUTLAY_OK);
    cr_assert_str_eq(a.title, "caf\xc3\xa9");
    outlay_activity_release(&a);
    outlay_store_rollback(st);
    outlay_store_close(st);
    snprintf(path, sizeof path, "rm -rf '%s'", dir);
    cr_assert_eq(system(path), 0);
}

/* Each group's share (src/settle_groups.c), under both rules: the right
 * breakdown or a clean OUTLAY_ENOMEM with nothing left behind. */
Test(faults, settle_groups_fail_cleanly_at_every_allocation)
{
    for (int rule = OUTLAY_SETTLE_RULE_GROUP; rule <= OUTLAY_SETTLE_RULE_PERSON; rule++) {
        struct outlay_settle_input in;
        struct outlay_settle_breakdown want = {0}, got = {0};
        trip(&in, (enum outlay_settle_rule)rule);
        cr_assert_eq(outlay_settle_groups(&in, &want, NULL), OUTLAY_OK);
        long n = 0;
        for (;; n++) {
            outlay_err err = {0};
            fail_after = n;
            enum outlay_status rc = outlay_settle_groups(&in, &got, &err);
            fail_after = -1;
            if (rc == OUTLAY_OK)
                break;
            cr_assert_eq(rc, OUTLAY_ENOMEM, "rule %d, allocation %ld: status %d", rule, n, rc);
            cr_assert_eq(err.code, OUTLAY_P_NOMEM);
            cr_assert_null(got.groups, "rule %d: allocation %ld left groups behind", rule, n);
        }
        cr_assert_gt(n, 3);
        cr_assert_eq(got.ngroups, want.ngroups);
        cr_assert_eq(memcmp(got.first, want.first, 11 * sizeof *got.first), 0);
        for (size_t k = 0; k < want.first[10]; k++)
            cr_assert_eq(memcmp(&got.shares[k], &want.shares[k], sizeof got.shares[k]), 0);
        outlay_settle_breakdown_release(&got);
        outlay_settle_breakdown_release(&want);
    }
}

/* outlay print: each of outlay's own allocations failing in turn (cairo's
 * and pango's are their libraries' and not failed here) gives the PDF or a
 * clean OUTLAY_ENOMEM that leaves no file behind, never a document with a
 * part missing. Once with the slips, once with the page that says why the
 * activity cannot be settled. */
Test(faults, print_fails_cleanly_at_every_allocation)
{
    const char *dirs[] = {OUTLAY_TESTDIR "/../templates"};
    outlay_lang *lang = NULL;
    cr_assert_eq(outlay_lang_load("zh", dirs, 1, &lang, NULL), OUTLAY_OK);
    struct outlay_settle_input sin;
    struct outlay_settle_result r = {0};
    struct outlay_settle_breakdown g = {0};
    trip(&sin, OUTLAY_SETTLE_RULE_PERSON);
    cr_assert_eq(outlay_settle_compute(&sin, &r, NULL), OUTLAY_OK);
    cr_assert_eq(outlay_settle_groups(&sin, &g, NULL), OUTLAY_OK);
    struct outlay_participant who[10];
    for (int i = 0; i < 10; i++)
        who[i] = (struct outlay_participant){.id = i + 1,
                                             .name = (char *)people[i].name,
                                             .tags = (char *)people[i].tags,
                                             .weight = people[i].weight};
    struct outlay_activity a = {.slug = "trip", .title = "春游", .deposit = 36000, .headcount = 10};
    struct outlay_budget_line lines[] = {
        {.category = "交通",
         .item = "大巴",
         .unit_price = 240000,
         .qty = 1,
         .funded_by = OUTLAY_FUND_UNION},
        {.category = "餐饮", .item = "午餐", .unit_price = 8000, .qty = 10, .per_head = 1}};
    struct outlay_budget_summary sum = {.total = 320000, .union_funded = 240000};
    outlay_err problem = {0}, serr = {0};
    outlay_fail(&problem, OUTLAY_EINVAL, OUTLAY_P_WITHDRAWN_PAYER, OUTLAY_A_INT(3),
                OUTLAY_A_TEXT("Dan"));
    outlay_fail(&serr, OUTLAY_EINVAL, OUTLAY_P_SETTLE_NOBODY, OUTLAY_A_TEXT("2, 4"),
                OUTLAY_A_INT(0), OUTLAY_A_TEXT("trip"));
    char dir[] = "/tmp/outlay-faults-XXXXXX", path[64];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/trip.pdf", dir);
    for (int settled = 1; settled >= 0; settled--) {
        struct outlay_print_input in = {.activity = &a,
                                        .lines = lines,
                                        .nlines = 2,
                                        .summary = &sum,
                                        .people = who,
                                        .npeople = 10,
                                        .settle_people = people,
                                        .settle = settled ? &r : NULL,
                                        .groups = settled ? &g : NULL,
                                        .settle_error = settled ? NULL : &serr,
                                        .problems = &problem,
                                        .nproblems = 1,
                                        .lang = lang,
                                        .lang_code = "zh"};
        long n = 0;
        for (;; n++) {
            outlay_err err = {0};
            fail_after = n;
            enum outlay_status rc = outlay_print_write(path, &in, &err);
            fail_after = -1;
            if (rc == OUTLAY_OK)
                break;
            cr_assert_eq(rc, OUTLAY_ENOMEM, "allocation %ld: %d %s", n, rc, problem_str(&err));
            cr_assert_eq(access(path, F_OK), -1, "allocation %ld left %s", n, path);
        }
        cr_assert_gt(n, 3);
        cr_assert_eq(unlink(path), 0);
    }
    cr_assert_eq(rmdir(dir), 0, "a temporary file was left in %s", dir);
    outlay_settle_result_release(&r);
    outlay_settle_breakdown_release(&g);
    outlay_lang_free(lang);
}
