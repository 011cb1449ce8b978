/* store: opening, refusing files that are not ours, transactions, the
 * maintained category totals and backups. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outlay/ledger.h"
#include "outlay/store.h"
#include "test_util.h"

static char dir[64];

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/outlay-store-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

static char *path_of(const char *name)
{
    static char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return p;
}

static size_t read_all(const char *path, unsigned char *buf, size_t n)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f);
    size_t k = fread(buf, 1, n, f);
    fclose(f);
    return k;
}

static void write_at(const char *path, long off, const unsigned char *b, size_t n)
{
    FILE *f = fopen(path, "r+b");
    cr_assert_not_null(f);
    fseek(f, off, SEEK_SET);
    cr_assert_eq(fwrite(b, 1, n, f), n);
    fclose(f);
}

/* SPEC §17: under OUTLAY_TEST_PG (make test-pg, the URL of a throw-away
 * PostgreSQL database) a test's ledger is a branch of its own in it, and a
 * test about a SQLite ledger's own files is skipped. */
static const char *pg_base(void)
{
    const char *u = getenv("OUTLAY_TEST_PG");
    return u && *u ? u : NULL;
}

#define SQLITE_ONLY(why)                                                                           \
    do {                                                                                           \
        if (pg_base())                                                                             \
            cr_skip_test("a SQLite ledger's own: %s", why);                                        \
    } while (0)

/* The ledger called name: a file in the test's directory, or a branch. */
static char *ledger_of(const char *name)
{
    static char p[512];
    if (!pg_base())
        return path_of(name);
    snprintf(p, sizeof p, "%s&options=-c%%20outlay.branch%%3Dst_%ld_%s", pg_base(), (long)getpid(),
             name);
    return p;
}

/* Changes the ledger behind outlay's back (another program): sql run by the
 * sqlite3 shell or psql. */
static void tamper(const char *name, const char *sql)
{
    char cmd[2048];
    if (pg_base())
        snprintf(cmd, sizeof cmd, "psql -X -q -v ON_ERROR_STOP=1 '%s' -c \"%s\" >/dev/null",
                 ledger_of(name), sql);
    else
        snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"%s\"", path_of(name), sql);
    cr_assert_eq(system(cmd), 0, "%s", cmd);
}

static outlay_store *fresh(const char *name)
{
    outlay_store *st = NULL;
    outlay_err err = {0};
    cr_assert_eq(outlay_store_open(&st, ledger_of(name), OUTLAY_STORE_WRITE, &err), OUTLAY_OK, "%s",
                 problem_str(&err));
    return st;
}

TestSuite(store, .init = setup, .fini = teardown);

Test(store, reading_never_creates)
{
    SQLITE_ONLY(
        "no file is made by a read (a branch: pg_reading_an_unwritten_branch_is_no_ledger)");
    outlay_store *st = NULL;
    outlay_err err = {0};
    cr_assert_eq(outlay_store_open(&st, path_of("none.db"), OUTLAY_STORE_READ, &err),
                 OUTLAY_ENOLEDGER);
    cr_assert_null(st);
    char want[300];
    snprintf(want, sizeof want, "store_no_ledger(%s)", path_of("none.db"));
    cr_assert_str_eq(problem_str(&err), want);
    cr_assert_neq(access(path_of("none.db"), F_OK), 0);
}

Test(store, refuses_text_and_leaves_it_alone)
{
    SQLITE_ONLY("files that are not SQLite databases");
    const char *p = path_of("passwd");
    FILE *f = fopen(p, "w");
    fputs("root:x:0:0:root:/root:/bin/bash\n", f);
    fclose(f);
    outlay_store *st = NULL;
    outlay_err err = {0};
    cr_assert_eq(outlay_store_open(&st, p, OUTLAY_STORE_WRITE, &err), OUTLAY_ENOTLEDGER);
    char want[300];
    snprintf(want, sizeof want, "store_not_sqlite(%s)", p);
    cr_assert_str_eq(problem_str(&err), want);
    unsigned char buf[256];
    size_t n = read_all(p, buf, sizeof buf);
    cr_assert_eq(n, 32);
    cr_assert_eq(memcmp(buf, "root:x:0:0:root:/root:/bin/bash\n", 32), 0);
    cr_assert_neq(access(path_of("passwd-wal"), F_OK), 0);
}

Test(store, refuses_newer_schema_and_other_applications)
{
    SQLITE_ONLY("the SQLite header's application_id and user_version");
    outlay_store *st = fresh("a.db");
    outlay_store_close(st);
    unsigned char before[8192], after[8192], v99[4] = {0, 0, 0, 99}, app[4] = {1, 2, 3, 4};
    write_at(path_of("a.db"), 60, v99, 4); /* user_version in the header */
    size_t n = read_all(path_of("a.db"), before, sizeof before);
    outlay_err err = {0};
    cr_assert_eq(outlay_store_open(&st, path_of("a.db"), OUTLAY_STORE_WRITE, &err), OUTLAY_ENEWER);
    char want[300];
    snprintf(want, sizeof want, "store_newer(%s, 99, %d)", path_of("a.db"), OUTLAY_SCHEMA_VERSION);
    cr_assert_str_eq(problem_str(&err), want);
    cr_assert_eq(read_all(path_of("a.db"), after, sizeof after), n);
    cr_assert_eq(memcmp(before, after, n), 0);

    st = fresh("b.db");
    outlay_store_close(st);
    write_at(path_of("b.db"), 68, app, 4); /* application_id */
    cr_assert_eq(outlay_store_open(&st, path_of("b.db"), OUTLAY_STORE_READ, &err),
                 OUTLAY_ENOTLEDGER);
    snprintf(want, sizeof want, "store_not_ours(%s)", path_of("b.db"));
    cr_assert_str_eq(problem_str(&err), want);
}

Test(store, activity_round_trip_and_rollback)
{
    outlay_store *st = fresh("c.db");
    outlay_err err = {0};
    struct outlay_activity a = {.slug = "trip",
                                .title = "Trip",
                                .deposit = 36000,
                                .headcount = 20,
                                .has_budget_total = 1,
                                .budget_total = 700000,
                                .funded_by = OUTLAY_FUND_UNION};
    cr_assert_eq(outlay_store_begin(st, 1, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_activity_insert(st, &a, &err), OUTLAY_OK);
    cr_assert_gt(a.id, 0);
    cr_assert_eq(outlay_store_commit(st, &err), OUTLAY_OK);

    struct outlay_activity got;
    cr_assert_eq(outlay_store_activity_get(st, "trip", &got, &err), OUTLAY_OK);
    cr_assert_str_eq(got.title, "Trip");
    cr_assert_str_eq(got.currency, "CNY");
    cr_assert_eq(got.deposit, 36000);
    cr_assert_eq(got.headcount, 20);
    cr_assert_eq(got.budget_total, 700000);
    cr_assert_eq(got.funded_by, OUTLAY_FUND_UNION);
    cr_assert_eq(got.date, NULL);
    outlay_activity_release(&got);

    struct outlay_activity b = {.slug = "gone", .title = "Gone"};
    cr_assert_eq(outlay_store_begin(st, 1, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_activity_insert(st, &b, &err), OUTLAY_OK);
    outlay_store_rollback(st);
    cr_assert_eq(outlay_store_activity_get(st, "gone", &got, &err), OUTLAY_ENOTFOUND);
    cr_assert_str_eq(problem_str(&err), "store_no_activity(gone)");
    outlay_store_close(st);
}

static void count_problem(void *ctx, const outlay_err *msg)
{
    (void)msg;
    ++*(int *)ctx;
}

/* Appends "problem; " to the buffer ctx (1024 bytes). */
static void collect_problem(void *ctx, const outlay_err *p)
{
    char *found = ctx;
    size_t n = strlen(found);
    cr_assert_eq(p->status, OUTLAY_ECHECK);
    snprintf(found + n, 1024 - n, "%s; ", problem_str(p));
}

Test(store, category_totals_follow_writes_and_voids)
{
    outlay_store *st = fresh("d.db");
    outlay_err err = {0};
    struct outlay_activity a = {.slug = "t", .title = "T"};
    cr_assert_eq(outlay_store_begin(st, 1, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_activity_insert(st, &a, &err), OUTLAY_OK);
    const char *cats[] = {"meals", "hotel", "meals", "bus"};
    int64_t amounts[] = {1000, 30000, -250, 500};
    int64_t ids[4];
    for (int i = 0; i < 4; i++) {
        struct outlay_expense e = {.category = (char *)cats[i], .amount = amounts[i]};
        cr_assert_eq(outlay_store_expense_insert(st, a.id, &e, 0, &err), OUTLAY_OK, "%s",
                     problem_str(&err));
        ids[i] = e.id;
    }
    cr_assert_eq(outlay_store_expense_void(st, a.id, ids[3], "typo", &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_commit(st, &err), OUTLAY_OK);

    outlay_sum_cursor *c = NULL;
    const char *key;
    int64_t amount;
    cr_assert_eq(outlay_store_category_sums(st, a.id, OUTLAY_CATEGORY_ACTUAL, &c, &err), OUTLAY_OK);
    cr_assert_eq(outlay_sum_cursor_next(c, &key, &amount, &err), 1);
    cr_assert_str_eq(key, "meals");
    cr_assert_eq(amount, 750);
    cr_assert_eq(outlay_sum_cursor_next(c, &key, &amount, &err), 1);
    cr_assert_str_eq(key, "hotel");
    cr_assert_eq(amount, 30000);
    cr_assert_eq(outlay_sum_cursor_next(c, &key, &amount, &err), 0,
                 "voided bus must not be listed");
    outlay_sum_cursor_close(c);

    int problems = 0;
    cr_assert_eq(outlay_store_integrity(st, count_problem, &problems, NULL, &err), 0);
    cr_assert_eq(problems, 0);
    outlay_store_close(st);
}

Test(store, backup_is_a_ledger)
{
    outlay_store *st = fresh("e.db");
    outlay_err err = {0};
    struct outlay_activity a = {.slug = "t", .title = "T"};
    cr_assert_eq(outlay_store_begin(st, 1, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_activity_insert(st, &a, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_commit(st, &err), OUTLAY_OK);
    if (pg_base()) {
        /* a PostgreSQL ledger is backed up by pg_dump: refused, named, no file */
        char want[600];
        cr_assert_eq(outlay_store_backup(st, path_of("copy.db"), &err), OUTLAY_EINVAL);
        snprintf(want, sizeof want, "store_pg_backup(%s)", ledger_of("e.db"));
        cr_assert_str_eq(problem_str(&err), want);
        cr_assert_neq(access(path_of("copy.db"), F_OK), 0);
        outlay_store_close(st);
        return;
    }
    cr_assert_eq(outlay_store_backup(st, path_of("copy.db"), &err), OUTLAY_OK, "%s",
                 problem_str(&err));
    outlay_store_close(st);
    cr_assert_eq(outlay_store_open(&st, path_of("copy.db"), OUTLAY_STORE_READ, &err), OUTLAY_OK);
    struct outlay_activity got;
    cr_assert_eq(outlay_store_activity_get(st, "t", &got, &err), OUTLAY_OK);
    outlay_activity_release(&got);
    outlay_store_close(st);
}

Test(store, integrity_catches_tampered_totals)
{
    outlay_store *st = fresh("f.db");
    outlay_err err = {0};
    struct outlay_activity a = {.slug = "t", .title = "T"};
    cr_assert_eq(outlay_store_begin(st, 1, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_activity_insert(st, &a, &err), OUTLAY_OK);
    struct outlay_expense e1 = {.category = "meals", .amount = 1000, .for_tag = "raft"};
    struct outlay_expense e2 = {.category = "meals", .amount = 500};
    cr_assert_eq(outlay_store_expense_insert(st, a.id, &e1, 0, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_expense_insert(st, a.id, &e2, 0, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_commit(st, &err), OUTLAY_OK);

    outlay_share_cursor *c = NULL;
    struct outlay_expense g;
    cr_assert_eq(outlay_store_groups(st, a.id, &c, &err), OUTLAY_OK);
    cr_assert_eq(outlay_share_cursor_next(c, &g, &err), 1);
    cr_assert_str_eq(g.for_tag, "raft");
    cr_assert_eq(g.amount, 1000);
    cr_assert_eq(outlay_share_cursor_next(c, &g, &err), 1);
    cr_assert_null(g.for_tag);
    cr_assert_eq(g.amount, 500);
    cr_assert_eq(outlay_share_cursor_next(c, &g, &err), 0);
    outlay_share_cursor_close(c);
    outlay_store_close(st);

    tamper("f.db", "UPDATE category_total SET actual = actual + 1;"
                   " UPDATE group_total SET amount = amount - 1 WHERE for_tag = ''");
    cr_assert_eq(outlay_store_open(&st, ledger_of("f.db"), OUTLAY_STORE_READ, &err), OUTLAY_OK);
    char found[1024] = "";
    long damage = 0;
    cr_assert_eq(outlay_store_integrity(st, collect_problem, found, &damage, &err), 2);
    /* the activity, the category or tag ('' for everybody), kept, recount (fen) */
    cr_assert_str_eq(found, "store_category_totals(t, meals, 1501, 1500); "
                            "store_group_totals(t, , 499, 500); ");
    cr_assert_eq(damage, 0);
    outlay_store_close(st);
}

/* SPEC §14: the totals per kind and their flagged counts (schema 8) are
 * recounted by check like the others. */
Test(store, integrity_catches_tampered_kind_totals_and_flags)
{
    outlay_store *st = fresh("k.db");
    outlay_err err = {0};
    struct outlay_activity a = {.slug = "t", .title = "T"};
    cr_assert_eq(outlay_store_begin(st, 1, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_activity_insert(st, &a, &err), OUTLAY_OK);
    struct outlay_expense e1 = {.category = "lunch", .amount = 1000, .kind = OUTLAY_KIND_MEAL};
    struct outlay_expense e2 = {
        .category = "cards", .amount = 500, .kind = OUTLAY_KIND_GIFT_CARD, .flags = 2};
    cr_assert_eq(outlay_store_expense_insert(st, a.id, &e1, 0, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_expense_insert(st, a.id, &e2, 0, &err), OUTLAY_OK);
    struct outlay_kind_total kt[OUTLAY_KIND_COUNT];
    cr_assert_eq(outlay_store_kind_totals(st, a.id, kt, &err), OUTLAY_OK);
    cr_assert_eq(kt[OUTLAY_KIND_MEAL].amount, 1000);
    cr_assert_eq(kt[OUTLAY_KIND_GIFT_CARD].flagged, 1);
    cr_assert_eq(outlay_store_commit(st, &err), OUTLAY_OK);
    long damage = 0;
    char found[1024] = "";
    cr_assert_eq(outlay_store_integrity(st, collect_problem, found, &damage, &err), 0, "%s", found);
    outlay_store_close(st);

    tamper("k.db", "UPDATE kind_total SET amount = amount + 1 WHERE kind = 'meal';"
                   " UPDATE expense SET flags = 0 WHERE kind = 'gift-card'");
    cr_assert_eq(outlay_store_open(&st, ledger_of("k.db"), OUTLAY_STORE_READ, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_integrity(st, collect_problem, found, &damage, &err), 2);
    /* the activity, the kind, kept, recount (fen; then expenses) */
    cr_assert_str_eq(found, "store_kind_totals(t, meal, 1001, 1000); "
                            "store_kind_flagged(t, gift-card, 1, 0); ");
    cr_assert_eq(damage, 0);
    outlay_store_close(st);
}

/* Schema 11: an activity has its row of the year from its insert, and
 * (PostgreSQL) the row's void follows the activity's; check names an
 * activity without one, which a federation's rollup would leave out. */
Test(store, integrity_names_a_missing_or_stale_row_of_the_year)
{
    outlay_store *st = fresh("y.db");
    outlay_err err = {0};
    struct outlay_activity a = {.slug = "t", .title = "T"}, b = {.slug = "u", .title = "U"};
    cr_assert_eq(outlay_store_begin(st, 1, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_activity_insert(st, &a, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_activity_insert(st, &b, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_activity_void(st, b.id, "twice", &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_commit(st, &err), OUTLAY_OK);
    char found[1024] = "";
    long damage = 0;
    cr_assert_eq(outlay_store_integrity(st, collect_problem, found, &damage, &err), 0, "%s", found);
    outlay_store_close(st);

    tamper("y.db", pg_base() ? "DELETE FROM activity_year WHERE activity_id IN"
                               " (SELECT id FROM activity WHERE slug = 't');"
                               " UPDATE activity_year SET void = 0"
                             : "DELETE FROM activity_year WHERE activity_id IN"
                               " (SELECT id FROM activity WHERE slug = 't')");
    cr_assert_eq(outlay_store_open(&st, ledger_of("y.db"), OUTLAY_STORE_READ, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_integrity(st, collect_problem, found, &damage, &err),
                 pg_base() ? 2 : 1);
    cr_assert_str_eq(found, pg_base() ? "store_year_missing(t); store_year_figures(u, void, 0, 1); "
                                      : "store_year_missing(t); ");
    cr_assert_eq(damage, 0);
    outlay_store_close(st);
}

/* 93,000 amounts at the largest value: past int64, where SQLite's sum()
 * fails with "integer overflow" and names nothing. */
#define PAST_INT64 93000
#define MAX_FEN INT64_C(99999999999999)

Test(store, amounts_are_summed_without_sqlite_overflowing, .timeout = 180)
{
    outlay_store *st = fresh("f.db");
    outlay_err err = {0};
    struct outlay_activity a = {.slug = "t", .title = "T"};
    struct outlay_participant p = {.name = "Ann", .tags = "", .weight = 1};
    cr_assert_eq(outlay_store_begin(st, 1, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_activity_insert(st, &a, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_participant_insert(st, a.id, &p, &err), OUTLAY_OK);
    /* expenses: counted without sign; a void one is counted, not summed */
    const int64_t amounts[] = {500, -700, 1100};
    for (int i = 0; i < 3; i++) {
        struct outlay_expense e = {.category = "x", .amount = amounts[i]};
        cr_assert_eq(outlay_store_expense_insert(st, a.id, &e, 0, &err), OUTLAY_OK);
        if (i == 2)
            cr_assert_eq(outlay_store_expense_void(st, a.id, e.id, "typo", &err), OUTLAY_OK);
    }
    int64_t n = 0, sum = 0;
    cr_assert_eq(outlay_store_amount_count(st, a.id, OUTLAY_AMOUNTS_EXPENSES, &n, &err), OUTLAY_OK);
    cr_assert_eq(n, 3);
    cr_assert_eq(outlay_store_amount_magnitude(st, a.id, OUTLAY_AMOUNTS_EXPENSES, &sum, &err),
                 OUTLAY_OK);
    cr_assert_eq(sum, 1200);

    /* bulk mode numbers them in memory: half the round trips on PostgreSQL */
    cr_assert_eq(outlay_store_bulk(st, 1, &err), OUTLAY_OK);
    for (int i = 0; i < PAST_INT64; i++) {
        struct outlay_payment d = {.amount = MAX_FEN};
        cr_assert_eq(outlay_store_payment_insert(st, OUTLAY_DEPOSIT, a.id, p.id, &d, &err),
                     OUTLAY_OK);
    }
    cr_assert_eq(outlay_store_bulk(st, 0, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_live_count(st, a.id, OUTLAY_AMOUNTS_DEPOSITS, &n, &err), OUTLAY_OK);
    cr_assert_eq(n, PAST_INT64);
    cr_assert_eq(outlay_store_amount_magnitude(st, a.id, OUTLAY_AMOUNTS_DEPOSITS, &sum, &err),
                 OUTLAY_EOVERFLOW);
    char want[600];
    snprintf(want, sizeof want, "store_sum_range(%s)", ledger_of("f.db"));
    cr_assert_str_eq(problem_str(&err), want);
    outlay_id_sum_cursor *c = NULL;
    int64_t id = 0;
    cr_assert_eq(outlay_store_person_sums(st, a.id, OUTLAY_PERSON_DEPOSITS, &c, &err), OUTLAY_OK);
    cr_assert_eq(outlay_id_sum_cursor_next(c, &id, &sum, &err), -1);
    cr_assert_eq(err.status, OUTLAY_EOVERFLOW);
    cr_assert_eq(id, p.id, "the row is named");
    outlay_id_sum_cursor_close(c);
    /* below the edge the sum is exact */
    cr_assert_eq(outlay_store_amount_magnitude(st, a.id, OUTLAY_AMOUNTS_PAYOUTS, &sum, &err),
                 OUTLAY_OK);
    cr_assert_eq(sum, 0);
    outlay_store_rollback(st);
    outlay_store_close(st);
}

/* In bulk mode the maintained totals are summed in memory without an error
 * per row; one that leaves int64 is an error when they are written. */
Test(store, bulk_totals_past_int64_fail_once, .timeout = 180)
{
    outlay_store *st = fresh("g.db");
    outlay_err err = {0};
    struct outlay_activity a = {.slug = "t", .title = "T"};
    cr_assert_eq(outlay_store_begin(st, 1, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_activity_insert(st, &a, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_bulk(st, 1, &err), OUTLAY_OK);
    for (int i = 0; i < PAST_INT64; i++) {
        struct outlay_expense e = {.category = "x", .amount = MAX_FEN};
        cr_assert_eq(outlay_store_expense_insert(st, a.id, &e, 0, &err), OUTLAY_OK, "row %d: %s", i,
                     problem_str(&err));
    }
    cr_assert_eq(outlay_store_bulk(st, 0, &err), OUTLAY_EOVERFLOW);
    char want[600];
    snprintf(want, sizeof want, "store_total_range(%s)", ledger_of("g.db"));
    cr_assert_str_eq(problem_str(&err), want);
    outlay_store_rollback(st);
    outlay_store_close(st);
}

/* A kind outside its enum is refused before any query, not used as an
 * index (the bounds were an assert(), compiled out of release builds). */
Test(store, kinds_out_of_range_are_refused)
{
    outlay_store *st = fresh("k.db");
    outlay_err err = {0};
    struct outlay_activity a = {.slug = "t", .title = "T"};
    cr_assert_eq(outlay_store_begin(st, 1, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_activity_insert(st, &a, &err), OUTLAY_OK);
    int64_t n = 0;
    cr_assert_eq(outlay_store_amount_count(st, a.id, OUTLAY_AMOUNTS_KINDS, &n, &err),
                 OUTLAY_EINVAL);
    char want[64];
    snprintf(want, sizeof want, "internal_kind(amounts, %d)", (int)OUTLAY_AMOUNTS_KINDS);
    cr_assert_str_eq(problem_str(&err), want);
    cr_assert_eq(outlay_store_amount_magnitude(st, a.id, (enum outlay_amounts) - 1, &n, &err),
                 OUTLAY_EINVAL);
    void *poison = &n; /* the cursors must come back NULL */
    outlay_id_sum_cursor *ids = poison;
    cr_assert_eq(outlay_store_person_sums(st, a.id, OUTLAY_PERSON_SUMS, &ids, &err), OUTLAY_EINVAL);
    cr_assert_null(ids);
    outlay_sum_cursor *sums = poison;
    cr_assert_eq(outlay_store_category_sums(st, a.id, OUTLAY_CATEGORY_SIDES, &sums, &err),
                 OUTLAY_EINVAL);
    cr_assert_null(sums);
    outlay_payment_cursor *pays = poison;
    cr_assert_eq(outlay_store_payments(st, (enum outlay_payment_kind)2, a.id, &pays, &err),
                 OUTLAY_EINVAL);
    cr_assert_null(pays);
    struct outlay_payment d = {.amount = 100};
    cr_assert_eq(outlay_store_payment_insert(st, (enum outlay_payment_kind)2, a.id, 1, &d, &err),
                 OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "internal_kind(payment, 2)");
    /* and the kinds in range still work */
    cr_assert_eq(outlay_store_amount_count(st, a.id, OUTLAY_AMOUNTS_PAYOUTS, &n, &err), OUTLAY_OK);
    cr_assert_eq(n, 0);
    outlay_store_rollback(st);
    outlay_store_close(st);
}

/* SPEC §11: a ledger of schema 1 (tests/data/ledgers/schema-1.db) opened
 * for writing is upgraded to this outlay's schema: its old audit rows say
 * nobody (who is ''), its participants are found in any letter case, and
 * the upgrade is not a new ledger. A new file is one. */
Test(store, a_schema_1_ledger_is_upgraded)
{
    SQLITE_ONLY("ledgers written by an older outlay (PostgreSQL ledgers begin at schema 9)");
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cp '%s/data/ledgers/schema-1.db' '%s'", OUTLAY_TESTDIR,
             path_of("old.db"));
    cr_assert_eq(system(cmd), 0);
    outlay_store *st = NULL;
    outlay_err err = {0};
    cr_assert_eq(outlay_store_open(&st, path_of("old.db"), OUTLAY_STORE_WRITE, &err), OUTLAY_OK,
                 "%s", problem_str(&err));
    cr_assert_eq(outlay_store_created(st), 0);
    cr_assert_eq(outlay_store_begin(st, 1, &err), OUTLAY_OK);
    outlay_audit_cursor *c = NULL;
    const char *at, *who, *command, *slug, *detail;
    int rows = 0;
    cr_assert_eq(outlay_store_audit_list(st, NULL, &c, &err), OUTLAY_OK);
    while (outlay_audit_cursor_next(c, &at, &who, &command, &slug, &detail, &err) == 1) {
        cr_assert_str_eq(who, "", "%s: %s", command, detail);
        rows++;
    }
    outlay_audit_cursor_close(c);
    cr_assert_geq(rows, 20);
    struct outlay_activity a = {0};
    struct outlay_participant p;
    cr_assert_eq(outlay_store_activity_get(st, "trip", &a, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_participant_get(st, a.id, "WANG  fang", &p, &err), OUTLAY_OK, "%s",
                 problem_str(&err));
    cr_assert_str_eq(p.name, "Wang Fang");
    cr_assert_str_eq(p.tags, "rafting");
    outlay_activity_release(&a);
    cr_assert_eq(outlay_store_activity_get(st, "meet", &a, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_participant_get(st, a.id, "李雷", &p, &err), OUTLAY_OK);
    outlay_activity_release(&a);
    /* the rows written now name who */
    cr_assert_eq(outlay_store_set_who(st, "Li Wei", &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_audit(st, "test", NULL, "after the upgrade", &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_audit_list(st, NULL, &c, &err), OUTLAY_OK);
    while (outlay_audit_cursor_next(c, &at, &who, &command, &slug, &detail, &err) == 1)
        ;
    outlay_audit_cursor_close(c);
    cr_assert_eq(outlay_store_audit_list(st, NULL, &c, &err), OUTLAY_OK);
    int last_is_li = 0;
    while (outlay_audit_cursor_next(c, &at, &who, &command, &slug, &detail, &err) == 1)
        last_is_li = strcmp(who, "Li Wei") == 0;
    outlay_audit_cursor_close(c);
    cr_assert(last_is_li);
    outlay_store_close(st);
    unsigned char h[100]; /* closed: the WAL is in the file */
    cr_assert_eq(read_all(path_of("old.db"), h, sizeof h), sizeof h);
    uint32_t v = (uint32_t)h[60] << 24 | (uint32_t)h[61] << 16 | (uint32_t)h[62] << 8 | h[63];
    cr_assert_eq(v, OUTLAY_SCHEMA_VERSION);

    st = fresh("new.db");
    cr_assert_eq(outlay_store_created(st), 1);
    outlay_store_close(st);
    cr_assert_eq(outlay_store_open(&st, path_of("new.db"), OUTLAY_STORE_WRITE, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_created(st), 0, "opened again: there already");
    outlay_store_close(st);
}

/* Names inserted by outlay keep their key, and so do names renamed by
 * anyone (the rename trigger): a rename through SQL is refused by a shell
 * without outlay_name_key() rather than leave a stale key. */
Test(store, the_name_key_follows_inserts_and_renames)
{
    SQLITE_ONLY("the sqlite3 shell against the rename trigger");
    outlay_store *st = fresh("k.db");
    outlay_err err = {0};
    struct outlay_activity a = {.slug = "trip", .title = "Trip"};
    struct outlay_participant p = {.name = "Éva Kovács", .weight = 1}, q;
    cr_assert_eq(outlay_store_begin(st, 1, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_activity_insert(st, &a, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_participant_insert(st, a.id, &p, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_participant_get(st, a.id, "éVA KOVÁCS", &q, &err), OUTLAY_OK);
    cr_assert_eq(q.id, p.id);
    cr_assert_eq(outlay_store_participant_get(st, a.id, "Eva Kovacs", &q, &err), OUTLAY_ENOTFOUND,
                 "accents are not case");
    cr_assert_eq(outlay_store_commit(st, &err), OUTLAY_OK);
    outlay_store_close(st);
    char cmd[512], db[128];
    snprintf(db, sizeof db, "%s", path_of("k.db")); /* path_of's buffer is one */
    snprintf(cmd, sizeof cmd,
             "sqlite3 '%s' \"UPDATE participant SET name = 'Anna' WHERE id = %lld\" "
             ">'%s' 2>&1",
             db, (long long)p.id, path_of("shell.txt"));
    /* the sqlite3 shell has no outlay_name_key(): the trigger's call fails
     * there, and the rename with it, rather than leave a stale key */
    cr_assert_neq(system(cmd), 0);
    char *said = slurp(path_of("shell.txt"), NULL);
    cr_assert_not_null(strstr(said, "no such function: outlay_name_key"), "%s", said);
    free(said);
    st = NULL;
    cr_assert_eq(outlay_store_open(&st, path_of("k.db"), OUTLAY_STORE_WRITE, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_begin(st, 1, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_participant_get(st, a.id, "ÉVA kovács", &q, &err), OUTLAY_OK);
    outlay_store_close(st);
}

static void note_problem(void *ctx, const outlay_err *p)
{
    char *buf = ctx;
    size_t n = strlen(buf);
    snprintf(buf + n, 512 - n, "%s\n", problem_str(p));
}

/* Schema 5: outlay writes the key with the row, and no trigger runs on
 * inserts. A row another program inserts without its key is found by its
 * exact name only, and check names it (the rename trigger stays). */
Test(store, a_participant_inserted_elsewhere_without_a_key_is_reported)
{
    outlay_store *st = fresh("e.db");
    outlay_err err = {0};
    struct outlay_activity a = {.slug = "trip", .title = "Trip"};
    struct outlay_participant p = {.name = "Ann", .weight = 1}, q;
    cr_assert_eq(outlay_store_begin(st, 1, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_activity_insert(st, &a, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_participant_insert(st, a.id, &p, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_commit(st, &err), OUTLAY_OK);
    outlay_store_close(st);
    char cmd[512], db[128], sql[128];
    snprintf(sql, sizeof sql, "INSERT INTO participant(activity_id, name) VALUES(%lld, 'Bob')",
             (long long)a.id);
    if (pg_base()) {
        tamper("e.db", sql);
    } else {
        snprintf(db, sizeof db, "%s", path_of("e.db"));
        snprintf(cmd, sizeof cmd,
                 "sqlite3 '%s' \"SELECT count(*) FROM sqlite_master WHERE type = 'trigger';"
                 " %s\" >'%s' 2>&1",
                 db, sql, path_of("shell.txt"));
        cr_assert_eq(system(cmd), 0);
        char *said = slurp(path_of("shell.txt"), NULL);
        cr_assert_str_eq(said, "1\n", "the rename trigger alone");
        free(said);
    }
    st = NULL;
    cr_assert_eq(outlay_store_open(&st, ledger_of("e.db"), OUTLAY_STORE_WRITE, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_begin(st, 0, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_participant_get(st, a.id, "Bob", &q, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_participant_get(st, a.id, "BOB", &q, &err), OUTLAY_ENOTFOUND);
    cr_assert_eq(outlay_store_participant_get(st, a.id, "ANN", &q, &err), OUTLAY_OK);
    char problems[512] = "";
    cr_assert_eq(outlay_store_integrity(st, note_problem, problems, NULL, &err), 1);
    cr_assert_str_eq(problems, "store_name_key(trip, Bob)\n");
    outlay_store_close(st);
}

/* --- the upgrade of an old ledger (SPEC §11) ------------------------------ */

/* tests/data/ledgers/schema-1.db, copied to name in the test's directory. */
static void copy_schema_1(const char *name)
{
    size_t len = 0;
    char *bytes = slurp(OUTLAY_TESTDIR "/data/ledgers/schema-1.db", &len);
    cr_assert_not_null(bytes);
    FILE *f = fopen(path_of(name), "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(bytes, 1, len, f), len);
    cr_assert_eq(fclose(f), 0);
    free(bytes);
}

struct want_payment {
    int64_t no;
    const char *name;
    int64_t amount;
};

static void expect_payments(outlay_store *st, enum outlay_payment_kind kind, int64_t activity_id,
                            const struct want_payment *want, size_t n)
{
    outlay_payment_cursor *c = NULL;
    struct outlay_payment p;
    outlay_err err = {0};
    size_t i = 0;
    cr_assert_eq(outlay_store_payments(st, kind, activity_id, &c, &err), OUTLAY_OK);
    for (; outlay_payment_cursor_next(c, &p, &err) == 1; i++) {
        cr_assert_lt(i, n, "more than %zu payments", n);
        cr_expect_eq(p.id, want[i].no, "payment %zu", i);
        cr_expect_str_eq(p.name, want[i].name, "payment %zu", i);
        cr_expect_eq(p.amount, want[i].amount, "payment %zu", i);
        cr_expect_eq(p.is_void, 0);
    }
    outlay_payment_cursor_close(c);
    cr_assert_eq(i, n);
}

/* The ledger's records renumbered within each activity, in the order they
 * were recorded (their ledger-wide ids): trip's expenses 1, 3, 4 become 1,
 * 2, 3 and meet's 2, 5 become 1, 2, and the same for the other kinds; the
 * maintained totals still equal a recount and keep their order; the
 * upgrade is in the audit log; a reading command does it. */
Test(store, schema_1_ledger_is_numbered_in_recording_order)
{
    SQLITE_ONLY("ledgers written by an older outlay");
    outlay_store *st = NULL;
    outlay_err err = {0};
    struct outlay_activity trip, meet;
    copy_schema_1("old.db");
    cr_assert_eq(outlay_store_open(&st, path_of("old.db"), OUTLAY_STORE_READ, &err), OUTLAY_OK,
                 "%s", problem_str(&err));
    cr_assert_eq(outlay_store_begin(st, 0, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_activity_get(st, "trip", &trip, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_activity_get(st, "meet", &meet, &err), OUTLAY_OK);
    cr_assert(!trip.is_void && !meet.is_void);

    static const struct {
        int64_t no, amount;
        int is_void;
        const char *category, *paid_by;
    } trip_exp[] = {{1, 150000, 0, "transport", NULL},
                    {2, 30000, 0, "tickets", NULL},
                    {3, 88700, 1, "meals", "Wang Fang"}},
      meet_exp[] = {{1, 28000, 0, "奖品", "王芳"}, {2, 3550, 0, "道具", NULL}};
    for (int k = 0; k < 2; k++) {
        outlay_expense_cursor *c = NULL;
        struct outlay_expense e;
        size_t i = 0, n = k ? 2 : 3;
        cr_assert_eq(outlay_store_expenses(st, k ? meet.id : trip.id, &c, &err), OUTLAY_OK);
        for (; outlay_expense_cursor_next(c, &e, &err) == 1; i++) {
            cr_assert_lt(i, n);
            int64_t no = k ? meet_exp[i].no : trip_exp[i].no;
            cr_expect_eq(e.id, no, "expense %zu of %s", i, k ? "meet" : "trip");
            cr_expect_eq(e.amount, k ? meet_exp[i].amount : trip_exp[i].amount);
            cr_expect_eq(e.is_void, k ? meet_exp[i].is_void : trip_exp[i].is_void);
            cr_expect_str_eq(e.category, k ? meet_exp[i].category : trip_exp[i].category);
            const char *payer = k ? meet_exp[i].paid_by : trip_exp[i].paid_by;
            if (payer)
                cr_expect_str_eq(e.paid_by, payer);
            else
                cr_expect_null(e.paid_by);
        }
        outlay_expense_cursor_close(c);
        cr_assert_eq(i, n);
    }
    struct outlay_expense e;
    cr_assert_eq(outlay_store_expense_get(st, trip.id, 3, &e, &err), OUTLAY_OK);
    cr_assert_str_eq(e.void_reason, "entered twice");

    const struct want_payment trip_dep[] = {
        {1, "Wang Fang", 36000}, {2, "Li Wei", 36000}, {3, "Chen Jing", 72000}};
    const struct want_payment meet_dep[] = {{1, "王芳", 2000}, {2, "李雷", 2000}};
    const struct want_payment trip_pay[] = {{1, "Li Wei", 5000}};
    const struct want_payment meet_pay[] = {{1, "李雷", 500}};
    expect_payments(st, OUTLAY_DEPOSIT, trip.id, trip_dep, 3);
    expect_payments(st, OUTLAY_DEPOSIT, meet.id, meet_dep, 2);
    expect_payments(st, OUTLAY_PAYOUT, trip.id, trip_pay, 1);
    expect_payments(st, OUTLAY_PAYOUT, meet.id, meet_pay, 1);

    outlay_line_cursor *lc = NULL;
    struct outlay_budget_line l;
    cr_assert_eq(outlay_store_lines(st, trip.id, &lc, &err), OUTLAY_OK);
    cr_assert_eq(outlay_line_cursor_next(lc, &l, &err), 1);
    cr_expect(l.id == 1 && !strcmp(l.category, "transport") && l.amount == 150000);
    cr_assert_eq(outlay_line_cursor_next(lc, &l, &err), 1);
    cr_expect(l.id == 2 && !strcmp(l.category, "hotel") && l.amount == 48000 && l.per_head);
    cr_assert_eq(outlay_line_cursor_next(lc, &l, &err), 0);
    outlay_line_cursor_close(lc);
    cr_assert_eq(outlay_store_line_get(st, meet.id, 1, &l, &err), OUTLAY_OK);
    cr_expect(!strcmp(l.category, "奖品") && l.amount == 30000 && !l.is_void);
    cr_assert_eq(outlay_store_line_get(st, meet.id, 2, &l, &err), OUTLAY_ENOTFOUND);
    cr_assert_str_eq(problem_str(&err), "store_no_record(budget_line, 2)");

    /* the maintained totals: equal to a recount, in the order of their
     * first expense, which they name by its number now */
    int problems = 0;
    cr_assert_eq(outlay_store_integrity(st, count_problem, &problems, NULL, &err), 0);
    outlay_share_cursor *gc = NULL;
    cr_assert_eq(outlay_store_groups(st, trip.id, &gc, &err), OUTLAY_OK);
    cr_assert_eq(outlay_share_cursor_next(gc, &e, &err), 1);
    cr_expect(e.id == 1 && e.for_tag == NULL && e.amount == 150000);
    cr_assert_eq(outlay_share_cursor_next(gc, &e, &err), 1);
    cr_expect(e.id == 2 && !strcmp(e.for_tag, "rafting") && e.amount == 30000);
    cr_assert_eq(outlay_share_cursor_next(gc, &e, &err), 0);
    outlay_share_cursor_close(gc);
    outlay_sum_cursor *sc = NULL;
    const char *key;
    int64_t amount;
    cr_assert_eq(outlay_store_category_sums(st, meet.id, OUTLAY_CATEGORY_ACTUAL, &sc, &err),
                 OUTLAY_OK);
    cr_assert_eq(outlay_sum_cursor_next(sc, &key, &amount, &err), 1);
    cr_expect(!strcmp(key, "奖品") && amount == 28000);
    cr_assert_eq(outlay_sum_cursor_next(sc, &key, &amount, &err), 1);
    cr_expect(!strcmp(key, "道具") && amount == 3550);
    cr_assert_eq(outlay_sum_cursor_next(sc, &key, &amount, &err), 0);
    outlay_sum_cursor_close(sc);

    /* the last audit row says so, once */
    outlay_audit_cursor *ac = NULL;
    const char *at, *who, *cmd, *slug, *detail;
    int upgrades = 0;
    char want[96];
    snprintf(want, sizeof want, "ledger upgraded from schema 1 to %d", OUTLAY_SCHEMA_VERSION);
    cr_assert_eq(outlay_store_audit_list(st, NULL, &ac, &err), OUTLAY_OK);
    while (outlay_audit_cursor_next(ac, &at, &who, &cmd, &slug, &detail, &err) == 1)
        if (!strcmp(cmd, "upgrade")) {
            upgrades++;
            cr_expect_str_eq(detail, want);
            cr_expect_null(slug);
            /* written on opening, before any command says who it is */
            cr_expect_str_eq(who, "");
        }
    outlay_audit_cursor_close(ac);
    cr_assert_eq(upgrades, 1);
    outlay_activity_release(&trip);
    outlay_activity_release(&meet);
    outlay_store_rollback(st);
    outlay_store_close(st);
}

/* New records are numbered after the old ones, each kind in its activity;
 * the ledger is upgraded only once. */
Test(store, schema_1_ledger_numbers_on_after_its_records)
{
    SQLITE_ONLY("ledgers written by an older outlay");
    outlay_store *st = NULL;
    outlay_err err = {0};
    struct outlay_activity trip, meet;
    copy_schema_1("old.db");
    for (int round = 0; round < 2; round++) {
        cr_assert_eq(outlay_store_open(&st, path_of("old.db"), OUTLAY_STORE_WRITE, &err), OUTLAY_OK,
                     "%s", problem_str(&err));
        cr_assert_eq(outlay_store_begin(st, 1, &err), OUTLAY_OK);
        cr_assert_eq(outlay_store_activity_get(st, "trip", &trip, &err), OUTLAY_OK);
        cr_assert_eq(outlay_store_activity_get(st, "meet", &meet, &err), OUTLAY_OK);
        struct outlay_expense e = {.category = "meals", .amount = 100};
        cr_assert_eq(outlay_store_expense_insert(st, trip.id, &e, 0, &err), OUTLAY_OK);
        cr_expect_eq(e.id, 4 + round);
        cr_assert_eq(outlay_store_expense_insert(st, meet.id, &e, 0, &err), OUTLAY_OK);
        cr_expect_eq(e.id, 3 + round);
        struct outlay_budget_line l = {.category = "x", .item = "y", .unit_price = 1, .qty = 1};
        cr_assert_eq(outlay_store_line_insert(st, meet.id, &l, &err), OUTLAY_OK);
        cr_expect_eq(l.id, 2 + round);
        struct outlay_participant p;
        cr_assert_eq(outlay_store_participant_get(st, meet.id, "李雷", &p, &err), OUTLAY_OK);
        struct outlay_payment d = {.amount = 100};
        cr_assert_eq(outlay_store_payment_insert(st, OUTLAY_DEPOSIT, meet.id, p.id, &d, &err),
                     OUTLAY_OK);
        cr_expect_eq(d.id, 3 + round);
        cr_assert_eq(outlay_store_payment_insert(st, OUTLAY_PAYOUT, meet.id, p.id, &d, &err),
                     OUTLAY_OK);
        cr_expect_eq(d.id, 2 + round);
        int problems = 0;
        cr_assert_eq(outlay_store_integrity(st, count_problem, &problems, NULL, &err), 0);
        cr_assert_eq(outlay_store_commit(st, &err), OUTLAY_OK);
        outlay_activity_release(&trip);
        outlay_activity_release(&meet);
        outlay_store_close(st);
    }
    cr_assert_eq(outlay_store_open(&st, path_of("old.db"), OUTLAY_STORE_READ, &err), OUTLAY_OK);
    outlay_audit_cursor *ac = NULL;
    const char *at, *who, *cmd, *slug, *detail;
    int upgrades = 0;
    cr_assert_eq(outlay_store_begin(st, 0, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_audit_list(st, NULL, &ac, &err), OUTLAY_OK);
    while (outlay_audit_cursor_next(ac, &at, &who, &cmd, &slug, &detail, &err) == 1)
        upgrades += !strcmp(cmd, "upgrade");
    outlay_audit_cursor_close(ac);
    cr_assert_eq(upgrades, 1);
    outlay_store_close(st);
}

/* Every sum, settlement and check as before the upgrade, worked by hand
 * from the README: trip's 1,500.00 "all" over weights 1, 1, 2 and 300.00
 * for rafting over Wang Fang (1) and Chen Jing (2), the 887.00 dinner
 * void; meet's 315.50 over two, 280.00 advanced by 王芳. */
Test(store, schema_1_ledger_settles_and_reports_as_before)
{
    SQLITE_ONLY("ledgers written by an older outlay");
    outlay_store *st = NULL;
    outlay_err err = {0};
    copy_schema_1("old.db");
    cr_assert_eq(outlay_store_open(&st, path_of("old.db"), OUTLAY_STORE_READ, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_begin(st, 0, &err), OUTLAY_OK);
    static const struct {
        const char *slug;
        int64_t budgeted, actual;
        struct {
            const char *name;
            int64_t cost, balance;
        } people[3];
    } want[] = {
        {"trip",
         198000,
         180000,
         {{"Wang Fang", 47500, -11500}, {"Li Wei", 37500, -6500}, {"Chen Jing", 95000, -23000}}},
        {"meet", 30000, 31550, {{"王芳", 15775, 14225}, {"李雷", 15775, -14275}}},
    };
    for (size_t k = 0; k < 2; k++) {
        struct outlay_activity a;
        struct outlay_settlement s;
        struct outlay_ledger_report r;
        cr_assert_eq(outlay_ledger_activity(st, want[k].slug, 0, &a, &err), OUTLAY_OK);
        cr_assert_eq(outlay_ledger_report(st, &a, &r, &err), OUTLAY_OK);
        cr_expect_eq(r.report.total.budgeted, want[k].budgeted, "%s", want[k].slug);
        cr_expect_eq(r.report.total.actual, want[k].actual, "%s", want[k].slug);
        outlay_ledger_report_release(&r);
        cr_assert_eq(outlay_ledger_settle(st, &a, &s, &err), OUTLAY_OK, "%s", problem_str(&err));
        for (size_t i = 0; i < s.npeople; i++) {
            cr_assert_lt(i, 3);
            cr_expect_str_eq(s.people[i].name, want[k].people[i].name);
            cr_expect_eq(s.result.rows[i].cost, want[k].people[i].cost, "%s", s.people[i].name);
            cr_expect_eq(s.result.rows[i].balance, want[k].people[i].balance, "%s",
                         s.people[i].name);
        }
        cr_expect_eq(s.npeople, k ? 2u : 3u);
        outlay_settlement_release(&s);
        int problems = 0;
        cr_expect_eq(outlay_ledger_problems(st, &a, count_problem, &problems, &err), 0);
        outlay_activity_release(&a);
    }
    outlay_store_close(st);
}

/* A ledger of schema 3 (tests/data/ledgers/schema-3.db, written by the
 * outlay of numbers, voids and rule 2) is upgraded to schema 4 and on: its
 * numbers, voids and rule stay; its audit rows, the upgrade's included,
 * say nobody; its participants get their keys, and two names that share
 * one (schema 3 allowed "Li Wei" and "li wei") are each found by their
 * exact name, another spelling finding the first registered. */
Test(store, a_schema_3_ledger_is_upgraded)
{
    SQLITE_ONLY("ledgers written by an older outlay");
    size_t len = 0;
    char *bytes = slurp(OUTLAY_TESTDIR "/data/ledgers/schema-3.db", &len);
    cr_assert_not_null(bytes);
    FILE *f = fopen(path_of("s3.db"), "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(bytes, 1, len, f), len);
    cr_assert_eq(fclose(f), 0);
    free(bytes);
    outlay_store *st = NULL;
    outlay_err err = {0};
    struct outlay_activity a;
    struct outlay_participant p;
    cr_assert_eq(outlay_store_open(&st, path_of("s3.db"), OUTLAY_STORE_WRITE, &err), OUTLAY_OK,
                 "%s", problem_str(&err));
    cr_assert_eq(outlay_store_begin(st, 0, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_activity_get(st, "trip", &a, &err), OUTLAY_OK);
    cr_expect_eq(a.settle_rule, OUTLAY_SETTLE_RULE_PERSON);
    cr_assert_eq(outlay_store_participant_get(st, a.id, "wang fang", &p, &err), OUTLAY_OK);
    cr_expect_str_eq(p.name, "Wang  Fang");
    cr_assert_eq(outlay_store_participant_get(st, a.id, "li wei", &p, &err), OUTLAY_OK);
    cr_expect_str_eq(p.name, "li wei");
    cr_assert_eq(outlay_store_participant_get(st, a.id, "Li Wei", &p, &err), OUTLAY_OK);
    cr_expect_str_eq(p.name, "Li Wei");
    cr_assert_eq(outlay_store_participant_get(st, a.id, "LI  WEI", &p, &err), OUTLAY_OK);
    cr_expect_str_eq(p.name, "Li Wei", "the first registered");
    struct outlay_budget_line l;
    cr_assert_eq(outlay_store_line_get(st, a.id, 2, &l, &err), OUTLAY_OK);
    cr_expect(l.is_void && !strcmp(l.void_reason, "no lunch"));
    int64_t n = 0;
    cr_assert_eq(outlay_store_live_count(st, a.id, OUTLAY_AMOUNTS_DEPOSITS, &n, &err), OUTLAY_OK);
    cr_expect_eq(n, 3, "deposits 2, 3, 4; 1 is void");
    int problems = 0;
    cr_assert_eq(outlay_store_integrity(st, count_problem, &problems, NULL, &err), 0);

    outlay_audit_cursor *ac = NULL;
    const char *at, *who, *cmd, *slug, *detail;
    int rows = 0, upgrades = 0;
    cr_assert_eq(outlay_store_audit_list(st, NULL, &ac, &err), OUTLAY_OK);
    while (outlay_audit_cursor_next(ac, &at, &who, &cmd, &slug, &detail, &err) == 1) {
        rows++;
        cr_expect_str_eq(who, "", "row %d (%s)", rows, cmd);
        if (!strcmp(cmd, "upgrade")) {
            upgrades++;
            char want[64];
            snprintf(want, sizeof want, "ledger upgraded from schema 3 to %d",
                     OUTLAY_SCHEMA_VERSION);
            cr_expect_str_eq(detail, want);
        }
    }
    outlay_audit_cursor_close(ac);
    cr_expect_eq(rows, 17);
    cr_expect_eq(upgrades, 1);
    outlay_activity_release(&a);
    outlay_store_rollback(st);
    outlay_store_close(st);
}

/* SPEC §17: a branch nobody wrote is no ledger, as a missing file is; the
 * first writer makes it (a new ledger for outlay init), the next finds it. */
TestSuite(store_pg, .init = setup, .fini = teardown);

Test(store_pg, reading_an_unwritten_branch_is_no_ledger)
{
    if (!pg_base())
        cr_skip_test("PostgreSQL only (make test-pg)");
    outlay_store *st = NULL;
    outlay_err err = {0};
    char want[600];
    cr_assert_eq(outlay_store_open(&st, ledger_of("n.db"), OUTLAY_STORE_READ, &err),
                 OUTLAY_ENOLEDGER);
    snprintf(want, sizeof want, "store_no_ledger(%s)", ledger_of("n.db"));
    cr_assert_str_eq(problem_str(&err), want);
    st = fresh("n.db");
    cr_assert_eq(outlay_store_created(st), 1);
    outlay_store_close(st);
    st = fresh("n.db");
    cr_assert_eq(outlay_store_created(st), 0);
    outlay_store_close(st);
    cr_assert_eq(outlay_store_open(&st, ledger_of("n.db"), OUTLAY_STORE_READ, &err), OUTLAY_OK);
    outlay_store_close(st);
}

/* A password is never in a message: the ledger is named by its URL
 * without it. */
Test(store_pg, a_wrong_password_is_named_without_it)
{
    if (!pg_base())
        cr_skip_test("PostgreSQL only (make test-pg)");
    outlay_store *st = NULL;
    outlay_err err = {0};
    cr_assert_eq(outlay_store_open(&st,
                                   "postgresql://nobody:s3cret@127.0.0.1:1/outlay"
                                   "?connect_timeout=2&password=s3cret2",
                                   OUTLAY_STORE_READ, &err),
                 OUTLAY_EIO);
    const char *said = problem_str(&err);
    cr_assert(strstr(said, "store_pg_connect(postgresql://nobody@127.0.0.1:1/outlay"
                           "?connect_timeout=2, ") == said,
              "%s", said);
    cr_assert_null(strstr(said, "s3cret"), "%s", said);
}
