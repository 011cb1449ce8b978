/* import: every row error reported with its line and column; a clean file
 * imported whole with one audit row. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outlay/import.h"
#include "outlay/ledger.h"

#include "ledger_fixture.h"
#include "test_util.h"

static struct ledger_fixture fx;
static char errors[8192];

static void setup(void)
{
    struct outlay_activity_in in = {.title = "Trip"};
    ledger_fixture_open(&fx, "/tmp/outlay-import-XXXXXX", &in);
    errors[0] = 0;
}

static void teardown(void)
{
    ledger_fixture_close(&fx);
}

TestSuite(import, .init = setup, .fini = teardown);

static void on_error(void *ctx, const outlay_err *p)
{
    (void)ctx;
    size_t n = strlen(errors);
    snprintf(errors + n, sizeof errors - n, "%ld|%s|%s\n", p->line, p->column, problem_str(p));
}

static enum outlay_status import_text(enum outlay_import_kind kind, const char *text, long *rows)
{
    char path[128];
    snprintf(path, sizeof path, "%s/in.csv", fx.dir);
    FILE *f = fopen(path, "wb");
    fputs(text, f);
    fclose(f);
    struct outlay_import_opts o = {.kind = kind, .path = path, .on_error = on_error};
    outlay_err err = {0};
    return outlay_import(fx.st, &fx.act, &o, rows, &err);
}

Test(import, kinds)
{
    cr_assert_eq(outlay_import_kind_parse("budget"), OUTLAY_IMPORT_BUDGET);
    cr_assert_eq(outlay_import_kind_parse("expenses"), OUTLAY_IMPORT_EXPENSES);
    cr_assert_eq(outlay_import_kind_parse("participants"), OUTLAY_IMPORT_PARTICIPANTS);
    cr_assert_eq(outlay_import_kind_parse("deposits"), OUTLAY_IMPORT_DEPOSITS);
    cr_assert_eq(outlay_import_kind_parse("expense"), -1);
    cr_assert_eq(outlay_import_kind_parse(NULL), -1);
}

Test(import, every_row_error_with_line_and_column)
{
    long rows = 0;
    cr_assert_eq(import_text(OUTLAY_IMPORT_EXPENSES,
                             "Amount , CATEGORY,item\n"
                             "10,meals,\"two\nlines\"\n"
                             "12.345,meals,x\n"
                             ",,\n"
                             "5,,y\n"
                             "1,a,b,c\n",
                             &rows),
                 OUTLAY_EINVAL);
    /* SPEC §10: a quoted newline parses, but text fields refuse it. */
    cr_assert_str_eq(errors, "2|item|text_control(U+000A, 4)\n"
                             "4|amount|amount_decimals(12.345)\n"
                             "6|category|field_empty()\n"
                             "7||import_wide_row(4, 3)\n");
}

Test(import, header_problems_listed)
{
    long rows = 0;
    cr_assert_eq(import_text(OUTLAY_IMPORT_DEPOSITS, "name,name,colour\n", &rows), OUTLAY_EINVAL);
    cr_assert_str_eq(errors,
                     "1|name|import_twice_column()\n"
                     "1|colour|import_unknown_column(deposits, name, amount, date, method)\n"
                     "1|amount|import_missing_column(deposits, name, amount, date, method)\n");
}

Test(import, clean_file_imports_whole)
{
    long rows = 0;
    cr_assert_eq(import_text(OUTLAY_IMPORT_PARTICIPANTS,
                             "\xEF\xBB\xBFname,tags,weight\r\nAnn,raft,1\r\n\"Bo, Jr\",,2\r\n",
                             &rows),
                 OUTLAY_OK, "%s", errors);
    cr_assert_eq(rows, 2);
    struct outlay_participant p;
    outlay_err err = {0};
    cr_assert_eq(outlay_store_participant_get(fx.st, fx.act.id, "Bo, Jr", &p, &err), OUTLAY_OK);
    cr_assert_eq(p.weight, 2);
}

Test(import, stops_after_one_hundred_errors)
{
    char *text = malloc(200 * 16 + 32);
    strcpy(text, "category,amount\n");
    for (int i = 0; i < 200; i++)
        strcat(text, "x,abc\n");
    long rows = 0;
    cr_assert_eq(import_text(OUTLAY_IMPORT_EXPENSES, text, &rows), OUTLAY_EINVAL);
    size_t lines = 0;
    for (const char *p = errors; *p; p++)
        lines += *p == '\n';
    cr_assert_eq(lines, OUTLAY_IMPORT_MAX_ERRORS);
    free(text);
}

/* n rows "prefix999999999999.99" after a header, imported; err kept. */
static enum outlay_status import_max_rows(enum outlay_import_kind kind, const char *header,
                                          const char *prefix, int n, outlay_err *err)
{
    char path[128];
    snprintf(path, sizeof path, "%s/in.csv", fx.dir);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fprintf(f, "%s\n", header);
    for (int i = 0; i < n; i++)
        fprintf(f, "%s999999999999.99\n", prefix);
    cr_assert_eq(fclose(f), 0);
    struct outlay_import_opts o = {.kind = kind, .path = path, .on_error = on_error};
    long rows = 0;
    return outlay_import(fx.st, &fx.act, &o, &rows, err);
}

/* The per-activity limit (ledger.h) is checked once for the file: refused
 * whole, with one message naming the activity, the total and the limit. */
Test(import, over_the_activity_limit_is_refused_whole, .timeout = 60)
{
    outlay_err err = {0};
    struct outlay_participant_in ann = {.name = "Ann"};
    cr_assert_eq(outlay_ledger_participant_add(fx.st, &fx.act, &ann, 1, &err), OUTLAY_OK);
    cr_assert_eq(import_max_rows(OUTLAY_IMPORT_DEPOSITS, "name,amount", "Ann,", 10001, &err),
                 OUTLAY_EOVERFLOW);
    cr_assert_str_eq(problem_str(&err),
                     "[trip] limit_deposits(10000999999999899.99, 10000000000000000.00)");
    cr_assert_str_eq(errors, "");
}

/* 93,000 expenses at the largest amount in one category: past int64 itself.
 * One message for the file, not an error on each row after the 92,234th. */
Test(import, expenses_past_int64_are_one_error, .timeout = 60)
{
    outlay_err err = {0};
    cr_assert_eq(
        import_max_rows(OUTLAY_IMPORT_EXPENSES, "category,amount", "tickets,", 93000, &err),
        OUTLAY_EOVERFLOW);
    cr_assert_str_eq(problem_str(&err),
                     "[trip] limit_expenses_past(92233720368547758.07, 10000000000000000.00)");
    cr_assert_str_eq(errors, "");
}

/* What an import wrote is known to the store (outlay_store_bulk_added), so
 * the limit needs no pass over the amounts when what was there before, at
 * the largest amount each, and what was added cannot reach it; when they
 * can, the amounts are added up and the limit holds to the fen. 10,000
 * deposits at the largest amount are 100.00 short; an import of 99.99 and
 * 0.01 reaches the limit exactly, a later one of 0.01 passes it. */
Test(import, the_limit_after_an_import_holds_to_the_fen, .timeout = 60)
{
    outlay_err err = {0};
    long rows = 0;
    struct outlay_participant_in ann = {.name = "Ann"};
    cr_assert_eq(outlay_ledger_participant_add(fx.st, &fx.act, &ann, 1, &err), OUTLAY_OK);
    cr_assert_eq(import_max_rows(OUTLAY_IMPORT_DEPOSITS, "name,amount", "Ann,", 10000, &err),
                 OUTLAY_OK, "%s", problem_str(&err));
    cr_assert_eq(import_text(OUTLAY_IMPORT_DEPOSITS, "name,amount\nAnn,99.99\nAnn,0.01\n", &rows),
                 OUTLAY_OK);
    cr_assert_eq(rows, 2);
    cr_assert_eq(outlay_ledger_limit(fx.st, &fx.act, OUTLAY_AMOUNTS_DEPOSITS, &err), OUTLAY_OK);
    cr_assert_eq(import_text(OUTLAY_IMPORT_DEPOSITS, "name,amount\nAnn,0.01\n", &rows),
                 OUTLAY_EOVERFLOW);
    /* (the command's transaction, rolled back, takes the row away again) */
    cr_assert_eq(outlay_ledger_limit(fx.st, &fx.act, OUTLAY_AMOUNTS_DEPOSITS, &err),
                 OUTLAY_EOVERFLOW);
    cr_assert_str_eq(problem_str(&err),
                     "[trip] limit_deposits(10000000000000000.01, 10000000000000000.00)");
    cr_assert_str_eq(errors, "");
}

/* The store counts what bulk mode writes to one activity; records of a kind
 * written to a second activity make it say nothing (0, 0), and so does
 * the end of bulk mode. */
Test(import, the_store_counts_what_bulk_mode_wrote)
{
    outlay_err err = {0};
    int64_t n = -1, m = -1;
    struct outlay_activity_in in = {.title = "Other"};
    struct outlay_activity other;
    cr_assert_eq(outlay_ledger_activity_add(fx.st, "other", &in, &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_activity(fx.st, "other", 1, &other, &err), OUTLAY_OK);
    struct outlay_expense_in e = {.category = "tickets", .amount = "-12.50"};
    cr_assert_eq(outlay_store_bulk(fx.st, 1, &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &e, 0, NULL, NULL, NULL, &err),
                 OUTLAY_OK);
    e.amount = "7.25";
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &e, 0, NULL, NULL, NULL, &err),
                 OUTLAY_OK);
    outlay_store_bulk_added(fx.st, fx.act.id, OUTLAY_AMOUNTS_EXPENSES, &n, &m);
    cr_assert_eq(n, 2);
    cr_assert_eq(m, 1975, "|-12.50| + 7.25");
    /* numbered 1 and 2: none before them, both below 3 */
    cr_assert_eq(outlay_store_bulk_first_no(fx.st, fx.act.id, OUTLAY_AMOUNTS_EXPENSES), 1);
    cr_assert_eq(
        outlay_store_amount_count_below(fx.st, fx.act.id, OUTLAY_AMOUNTS_EXPENSES, 1, 10, &n, &err),
        OUTLAY_OK);
    cr_assert_eq(n, 0);
    cr_assert_eq(outlay_store_amount_count_below(fx.st, fx.act.id, OUTLAY_AMOUNTS_EXPENSES,
                                                 INT64_MAX, 10, &n, &err),
                 OUTLAY_OK);
    cr_assert_eq(n, 2);
    cr_assert_eq(outlay_store_amount_count_below(fx.st, fx.act.id, OUTLAY_AMOUNTS_EXPENSES,
                                                 INT64_MAX, 1, &n, &err),
                 OUTLAY_OK);
    cr_assert_eq(n, 1, "counted no further than the cap");
    cr_assert_eq(outlay_store_bulk_first_no(fx.st, other.id, OUTLAY_AMOUNTS_EXPENSES), 0);
    outlay_store_bulk_added(fx.st, other.id, OUTLAY_AMOUNTS_EXPENSES, &n, &m);
    cr_assert(n == 0 && m == 0, "another activity: %lld %lld", (long long)n, (long long)m);
    outlay_store_bulk_added(fx.st, fx.act.id, OUTLAY_AMOUNTS_DEPOSITS, &n, &m);
    cr_assert(n == 0 && m == 0, "another kind");
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &other, &e, 0, NULL, NULL, NULL, &err),
                 OUTLAY_OK);
    outlay_store_bulk_added(fx.st, fx.act.id, OUTLAY_AMOUNTS_EXPENSES, &n, &m);
    cr_assert(n == 0 && m == 0, "two activities: unknown");
    outlay_store_bulk_added(fx.st, other.id, OUTLAY_AMOUNTS_EXPENSES, &n, &m);
    cr_assert(n == 0 && m == 0, "two activities: unknown");
    cr_assert_eq(outlay_store_bulk(fx.st, 0, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_bulk(fx.st, 1, &err), OUTLAY_OK);
    outlay_store_bulk_added(fx.st, fx.act.id, OUTLAY_AMOUNTS_EXPENSES, &n, &m);
    cr_assert(n == 0 && m == 0, "a new bulk session starts from nothing");
    cr_assert_eq(outlay_store_bulk(fx.st, 0, &err), OUTLAY_OK);
    outlay_activity_release(&other);
}

/* SPEC §11: names as people type them in a sheet (spaces, another case),
 * tags separated by any of ; ； , ， 、; a second spelling of a name in the
 * file is the same person, refused with the first. */
Test(import, names_and_tags_as_people_type_them)
{
    long rows = 0;
    cr_assert_eq(import_text(OUTLAY_IMPORT_PARTICIPANTS,
                             "name,tags\n 王芳 ,漂流，住宿\nwang  fang,a、b;c\n", &rows),
                 OUTLAY_OK, "%s", errors);
    struct outlay_participant p;
    outlay_err err = {0};
    cr_assert_eq(outlay_store_participant_get(fx.st, fx.act.id, "王芳", &p, &err), OUTLAY_OK);
    cr_assert_str_eq(p.tags, "漂流;住宿");
    cr_assert_eq(outlay_store_participant_get(fx.st, fx.act.id, "WANG FANG", &p, &err), OUTLAY_OK);
    cr_assert_str_eq(p.name, "wang fang");
    cr_assert_str_eq(p.tags, "a;b;c");
    cr_assert_eq(import_text(OUTLAY_IMPORT_PARTICIPANTS, "name\nZed\nWang Fang\n", &rows),
                 OUTLAY_EINVAL);
    cr_assert_str_eq(errors, "3|name|participant_exists_as(Wang Fang, trip, wang fang)\n");
}

/* The warnings an import hears. */
static char warned[4096];

static void on_warning(void *ctx, const outlay_err *p)
{
    (void)ctx;
    size_t n = strlen(warned);
    snprintf(warned + n, sizeof warned - n, "%s\n", problem_str(p));
}

static enum outlay_status import_deposits(const char *text, long *rows)
{
    char path[128];
    snprintf(path, sizeof path, "%s/in.csv", fx.dir);
    FILE *f = fopen(path, "wb");
    fputs(text, f);
    fclose(f);
    struct outlay_import_opts o = {.kind = OUTLAY_IMPORT_DEPOSITS,
                                   .path = path,
                                   .on_error = on_error,
                                   .on_warning = on_warning};
    outlay_err err = {0};
    warned[0] = 0;
    return outlay_import(fx.st, &fx.act, &o, rows, &err);
}

/* SPEC §11: an import of deposits warns once, after its rows, of each
 * participant it took past twice the planned deposit; one who was past it
 * before and got nothing from the file is not named again. */
Test(import, deposits_past_twice_the_plan_are_named_after_the_import)
{
    outlay_err err = {0};
    long rows = 0;
    struct outlay_activity_in plan = {.deposit = "100"};
    cr_assert_eq(outlay_ledger_activity_set(fx.st, "trip", &plan, &err), OUTLAY_OK);
    outlay_activity_release(&fx.act);
    cr_assert_eq(outlay_ledger_activity(fx.st, "trip", 1, &fx.act, &err), OUTLAY_OK);
    cr_assert_eq(
        import_text(OUTLAY_IMPORT_PARTICIPANTS, "name,weight\nAnn,1\nBob,1\nCai,2\n", &rows),
        OUTLAY_OK);
    struct outlay_payment_in d = {.name = "Ann", .amount = "300"};
    cr_assert_eq(
        outlay_ledger_payment_add(fx.st, &fx.act, OUTLAY_DEPOSIT, &d, 1, NULL, NULL, NULL, &err),
        OUTLAY_OK);
    cr_assert_eq(import_deposits("name,amount\nCai,400\n", &rows), OUTLAY_OK, "%s", errors);
    cr_assert_str_eq(warned, "", "Ann was past it before; Cai (weight 2) is at twice");
    cr_assert_eq(import_deposits("name,amount\nBob,150\nbob,60\nCai,1\nann,0.01\n", &rows),
                 OUTLAY_OK, "%s", errors);
    cr_assert_str_eq(warned, "[trip] deposit_excess(Ann, 300.01, 200.00)\n"
                             "[trip] deposit_excess(Bob, 210.00, 200.00)\n"
                             "[trip] deposit_excess(Cai, 401.00, 400.00)\n");
    cr_assert_eq(import_deposits("name,amount\nBob,x\n", &rows), OUTLAY_EINVAL);
    cr_assert_str_eq(warned, "", "nothing imported, nothing to say");
}

/* The "did you mean" hint passes over the participants, so an import gives
 * it only to the errors it shows (OUTLAY_IMPORT_MAX_ERRORS): the rows past
 * them cost a lookup each, and a file of unknown names stays linear. */
Test(import, hints_only_for_the_errors_shown, .timeout = 60)
{
    long rows = 0;
    cr_assert_eq(import_text(OUTLAY_IMPORT_PARTICIPANTS, "name\nAnn\n王芳\n", &rows), OUTLAY_OK);
    uint64_t queries[2];
    for (int k = 0; k < 2; k++) {
        char *text = malloc(600 * 16 + 32);
        strcpy(text, "name,amount\n");
        for (int i = 0; i < (k ? 600 : 150); i++)
            strcat(text, i % 2 ? "Anm,1\n" : "王方,1\n");
        struct outlay_store_stats before, after;
        outlay_store_stats_get(fx.st, &before);
        errors[0] = 0;
        cr_assert_eq(import_text(OUTLAY_IMPORT_DEPOSITS, text, &rows), OUTLAY_EINVAL);
        outlay_store_stats_get(fx.st, &after);
        queries[k] = after.queries - before.queries;
        free(text);
        cr_assert(strstr(errors, "2|name|no_participant_near(王方, trip, 王芳)\n"), "%s", errors);
        cr_assert(strstr(errors, "3|name|no_participant_near(Anm, trip, Ann)\n"), "%s", errors);
    }
    cr_assert_eq(queries[1], queries[0], "150 rows: %llu queries, 600 rows: %llu",
                 (unsigned long long)queries[0], (unsigned long long)queries[1]);
}

/* A file that takes many past the limit names ten, then counts the rest:
 * `check` lists them all. */
Test(import, many_deposits_past_the_plan_name_ten)
{
    outlay_err err = {0};
    long rows = 0;
    struct outlay_activity_in plan = {.deposit = "1"};
    cr_assert_eq(outlay_ledger_activity_set(fx.st, "trip", &plan, &err), OUTLAY_OK);
    outlay_activity_release(&fx.act);
    cr_assert_eq(outlay_ledger_activity(fx.st, "trip", 1, &fx.act, &err), OUTLAY_OK);
    char people[512] = "name\n", deposits[512] = "name,amount\n";
    for (int i = 0; i < 15; i++) {
        snprintf(people + strlen(people), sizeof people - strlen(people), "P%02d\n", i);
        snprintf(deposits + strlen(deposits), sizeof deposits - strlen(deposits), "p%02d,3\n", i);
    }
    cr_assert_eq(import_text(OUTLAY_IMPORT_PARTICIPANTS, people, &rows), OUTLAY_OK, "%s", errors);
    cr_assert_eq(import_deposits(deposits, &rows), OUTLAY_OK, "%s", errors);
    char want[2048] = "";
    for (int i = 0; i < 10; i++)
        snprintf(want + strlen(want), sizeof want - strlen(want),
                 "[trip] deposit_excess(P%02d, 3.00, 2.00)\n", i);
    strcat(want, "import_excess_more(5, trip)\n");
    cr_assert_str_eq(warned, want);
}

/* SPEC §11: a listing's id column is ignored (rows are numbered after the
 * activity's records, in file order), and a row whose status is void is
 * recorded void with the reason "imported"; both the old headers and the
 * new are read. */
Test(import, listings_are_numbered_after_the_records_and_voids_kept)
{
    outlay_err err = {0};
    long rows = 0;
    struct outlay_participant_in ann = {.name = "Ann"};
    cr_assert_eq(outlay_ledger_participant_add(fx.st, &fx.act, &ann, 1, &err), OUTLAY_OK);
    struct outlay_expense_in e = {.category = "meals", .amount = "10"};
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &e, 1, NULL, NULL, NULL, &err),
                 OUTLAY_OK);
    struct outlay_payment_in d = {.name = "Ann", .amount = "10"};
    cr_assert_eq(
        outlay_ledger_payment_add(fx.st, &fx.act, OUTLAY_DEPOSIT, &d, 1, NULL, NULL, NULL, &err),
        OUTLAY_OK);

    cr_assert_eq(import_text(OUTLAY_IMPORT_EXPENSES,
                             "id,date,category,item,amount,payee,paid_by,receipt,for,funded_by,"
                             "status\n"
                             "7,,meals,a,1.00,,,,,participants,ok\n"
                             "1,,meals,b,2.00,,,,,participants,void\n"
                             "1,,meals,c,3.00,,,,,participants,作废\n",
                             &rows),
                 OUTLAY_OK, "%s", errors);
    cr_assert_eq(import_text(OUTLAY_IMPORT_BUDGET,
                             "id,category,item,unit_price,qty,unit,amount,funded_by,per_head,note,"
                             "kind,status\n"
                             "3,props,Rope,12.50,2,,25.00,participants,,,other,ok\n"
                             "4,props,Cones,1.00,5,,5.00,participants,,,other,void\n",
                             &rows),
                 OUTLAY_OK, "%s", errors);
    cr_assert_eq(import_text(OUTLAY_IMPORT_DEPOSITS,
                             "id,name,amount,date,method,reference,status\n"
                             "1,Ann,360.00,2026-05-10,WeChat,,ok\n"
                             "2,Ann,20.00,2026-05-11,cash,,void\n",
                             &rows),
                 OUTLAY_OK, "%s", errors);
    /* the headers of part one still import */
    cr_assert_eq(import_text(OUTLAY_IMPORT_DEPOSITS, "name,amount,date,method\nAnn,5,,\n", &rows),
                 OUTLAY_OK, "%s", errors);

    outlay_expense_cursor *ec = NULL;
    struct outlay_expense x;
    static const int64_t amounts[] = {1000, 100, 200, 300};
    int n = 0;
    cr_assert_eq(outlay_ledger_expenses(fx.st, &fx.act, &ec, &err), OUTLAY_OK);
    for (; outlay_expense_cursor_next(ec, &x, &err) == 1; n++) {
        cr_assert_lt(n, 4);
        cr_expect_eq(x.id, n + 1);
        cr_expect_eq(x.amount, amounts[n]);
        cr_expect_eq(x.is_void, n >= 2);
        if (x.is_void)
            cr_expect_str_eq(x.void_reason, "imported");
    }
    outlay_expense_cursor_close(ec);
    cr_assert_eq(n, 4);

    outlay_line_cursor *lc = NULL;
    struct outlay_budget_line l;
    n = 0;
    cr_assert_eq(outlay_ledger_lines(fx.st, &fx.act, &lc, &err), OUTLAY_OK);
    for (; outlay_line_cursor_next(lc, &l, &err) == 1; n++) {
        cr_expect_eq(l.id, n + 1);
        cr_expect_eq(l.is_void, n == 1);
        if (l.is_void)
            cr_expect_str_eq(l.void_reason, "imported");
    }
    outlay_line_cursor_close(lc);
    cr_assert_eq(n, 2);

    outlay_payment_cursor *pc = NULL;
    struct outlay_payment p;
    static const int64_t paid[] = {1000, 36000, 2000, 500};
    n = 0;
    cr_assert_eq(outlay_ledger_payments(fx.st, &fx.act, OUTLAY_DEPOSIT, &pc, &err), OUTLAY_OK);
    for (; outlay_payment_cursor_next(pc, &p, &err) == 1; n++) {
        cr_assert_lt(n, 4);
        cr_expect_eq(p.id, n + 1);
        cr_expect_eq(p.amount, paid[n]);
        cr_expect_eq(p.is_void, n == 2);
    }
    outlay_payment_cursor_close(pc);
    cr_assert_eq(n, 4);
    /* what counts: 10 + 1 of expenses, 25 of budget, 10 + 360 + 5 of deposits */
    struct outlay_budget_summary sum;
    cr_assert_eq(outlay_ledger_budget_summary(fx.st, &fx.act, &sum, &err), OUTLAY_OK);
    cr_assert_eq(sum.total, 2500);
    int64_t total = 0;
    cr_assert_eq(
        outlay_ledger_amount_magnitude(fx.st, &fx.act, OUTLAY_AMOUNTS_DEPOSITS, &total, &err),
        OUTLAY_OK);
    cr_assert_eq(total, 37500);
    cr_assert_eq(
        outlay_ledger_amount_magnitude(fx.st, &fx.act, OUTLAY_AMOUNTS_EXPENSES, &total, &err),
        OUTLAY_OK);
    cr_assert_eq(total, 1100);
}

/* A status that is neither is an error naming the row and column. */
Test(import, a_status_is_ok_or_void)
{
    long rows = 0;
    cr_assert_eq(import_text(OUTLAY_IMPORT_BUDGET,
                             "category,item,unit_price,status\nprops,Rope,1,maybe\n", &rows),
                 OUTLAY_EINVAL);
    cr_assert_str_eq(errors, "2|status|not_expense_status(maybe)\n");
}

/* Numbering costs the same at every row, however many records the
 * activity holds: a record's number is read from the (activity_id, no)
 * index (a few steps), and an import asks it once for the file, then counts
 * on in memory. */
static void one_expense(struct outlay_store_stats *work)
{
    struct outlay_store_stats before, after;
    outlay_err err = {0};
    struct outlay_expense_in e = {.category = "meals", .amount = "1"};
    outlay_store_stats_get(fx.st, &before);
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &e, 0, NULL, NULL, NULL, &err),
                 OUTLAY_OK);
    outlay_store_stats_get(fx.st, &after);
    work->queries = after.queries - before.queries;
    work->steps = after.steps - before.steps;
}

static void import_rows(int n, struct outlay_store_stats *work)
{
    struct outlay_store_stats before, after;
    outlay_err err = {0};
    long rows = 0;
    char path[128];
    snprintf(path, sizeof path, "%s/big.csv", fx.dir);
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fputs("category,amount\n", f);
    for (int i = 0; i < n; i++)
        fputs("meals,1\n", f);
    cr_assert_eq(fclose(f), 0);
    struct outlay_import_opts o = {
        .kind = OUTLAY_IMPORT_EXPENSES, .path = path, .on_error = on_error};
    outlay_store_stats_get(fx.st, &before);
    cr_assert_eq(outlay_import(fx.st, &fx.act, &o, &rows, &err), OUTLAY_OK, "%s", errors);
    outlay_store_stats_get(fx.st, &after);
    cr_assert_eq(rows, n);
    work->queries = after.queries - before.queries;
    work->steps = after.steps - before.steps;
}

Test(import, numbering_does_not_grow_with_the_activity, .timeout = 60)
{
    struct outlay_store_stats small, large, one, many;
    outlay_err err = {0};
    one_expense(&small);
    import_rows(1, &one);
    import_rows(5000, &many);
    one_expense(&large);
    cr_expect_eq(large.queries, small.queries);
    /* a few steps either way (the index is deeper); a count of the
     * records would be thousands */
    cr_expect_lt(large.steps, small.steps + 50, "steps: %llu with 2 expenses, %llu with 5,002",
                 (unsigned long long)small.steps, (unsigned long long)large.steps);
    cr_expect_eq(many.queries, one.queries, "queries: %llu for 1 row, %llu for 5,000",
                 (unsigned long long)one.queries, (unsigned long long)many.queries);
    struct outlay_expense e;
    cr_assert_eq(outlay_store_expense_get(fx.st, fx.act.id, 5003, &e, &err), OUTLAY_OK);
}

/* An import looks its names up in memory (store_people.c): as typed (any
 * case, any spaces), including the rows it has just added, and a name
 * nobody has is still an error naming its row. */
Test(import, lookups_in_memory_find_what_the_database_would)
{
    long rows = 0;
    cr_assert_eq(import_text(OUTLAY_IMPORT_PARTICIPANTS, "name\nAnn Lee\nBo\n", &rows), OUTLAY_OK,
                 "%s", errors);
    cr_assert_eq(import_deposits("name,amount\nann  lee,10\nBO,5\nAnn Lee,1\n", &rows), OUTLAY_OK,
                 "%s", errors);
    outlay_err err = {0};
    int64_t total = 0;
    cr_assert_eq(
        outlay_ledger_amount_magnitude(fx.st, &fx.act, OUTLAY_AMOUNTS_DEPOSITS, &total, &err),
        OUTLAY_OK);
    cr_assert_eq(total, 1600, "%lld", (long long)total);
    cr_assert_eq(import_deposits("name,amount\nann lee,10\nNobody,3\nbo,5\n", &rows),
                 OUTLAY_EINVAL);
    cr_assert_not_null(strstr(errors, "3|name|"), "%s", errors);
    cr_assert_null(strstr(errors, "2|"), "%s", errors);
    cr_assert_null(strstr(errors, "4|"), "%s", errors);
    /* a row the same import added is found by its key */
    errors[0] = 0;
    cr_assert_eq(import_text(OUTLAY_IMPORT_PARTICIPANTS, "name\nCai\ncai\n", &rows), OUTLAY_EINVAL);
    cr_assert_str_eq(errors, "3|name|participant_exists_as(cai, trip, Cai)\n");
}
