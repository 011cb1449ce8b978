/*
 * Floor: parse the expense CSV with libcsv and insert every row into SQLite
 * in one transaction with one prepared statement, into a table of the same
 * shape as outlay's expense table (src/store_schema.c, schema 11: the
 * per-activity number `no` under a unique index, the index of who paid,
 * the kind and flags of SPEC §14 with the index of flagged expenses, the
 * index of receipt numbers, the foreign keys to the activity and to who
 * paid, enforced as outlay has SQLite enforce them), with the same
 * indexes, WAL and synchronous=FULL. Each row's number is its
 * line's (outlay counts them in memory during an import too). Amounts become integer fen; an empty cell is NULL;
 * paid_by becomes an integer (outlay stores the participant's id). No
 * validation, no lookups, no running totals: the least the job needs.
 *
 *     insert expenses.csv floor.db
 */
#include <sqlite3.h>
#include <stdint.h>

#include "floor_csv.h"

#define NCOLS 9 /* category,amount,date,item,payee,paid_by,receipt,for,funded_by */

struct ins {
    sqlite3 *db;
    sqlite3_stmt *st;
    char *field[NCOLS];
    size_t len[NCOLS], cap[NCOLS];
    int nf;
    unsigned long long rows;
};

static void die(sqlite3 *db, const char *what)
{
    fprintf(stderr, "insert floor: %s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
    exit(1);
}

static void on_field(void *s, size_t len, void *ctx)
{
    struct ins *in = ctx;
    int k = in->nf++;
    if (k >= NCOLS)
        return;
    if (len + 1 > in->cap[k]) {
        in->cap[k] = (len + 1) * 2;
        if (!(in->field[k] = realloc(in->field[k], in->cap[k])))
            exit(1);
    }
    memcpy(in->field[k], s, len);
    in->field[k][len] = 0;
    in->len[k] = len;
}

/* "1,234.56", "¥12.50", "-3.20" to fen; digits, one point, one sign. */
static int64_t fen(const char *s)
{
    int64_t v = 0;
    int neg = 0, decimals = -1;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            v = v * 10 + (*s - '0');
            if (decimals >= 0)
                decimals++;
        } else if (*s == '.') {
            decimals = 0;
        } else if (*s == '-') {
            neg = 1;
        }
    }
    for (decimals = decimals < 0 ? 0 : decimals; decimals < 2; decimals++)
        v *= 10;
    return neg ? -v : v;
}

static void text(sqlite3_stmt *st, int i, const struct ins *in, int k)
{
    if (in->len[k])
        sqlite3_bind_text(st, i, in->field[k], (int)in->len[k], SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static void on_row(int term, void *ctx)
{
    (void)term;
    struct ins *in = ctx;
    int nf = in->nf;
    in->nf = 0;
    if (in->rows++ == 0 || nf < NCOLS)
        return; /* the header */
    sqlite3_stmt *st = in->st;
    sqlite3_bind_int64(st, 1, 1);
    text(st, 2, in, 2);                           /* date */
    text(st, 3, in, 0);                           /* category */
    text(st, 4, in, 3);                           /* item */
    sqlite3_bind_int64(st, 5, fen(in->field[1])); /* amount */
    text(st, 6, in, 4);                           /* payee */
    if (in->len[5])                               /* paid_by: a participant id */
        sqlite3_bind_int64(st, 7, (int64_t)(in->rows % 1000) + 1);
    else
        sqlite3_bind_null(st, 7);
    text(st, 8, in, 6); /* receipt */
    text(st, 9, in, 7); /* for_tag */
    if (in->len[8])
        sqlite3_bind_text(st, 10, in->field[8], (int)in->len[8], SQLITE_STATIC);
    else
        sqlite3_bind_text(st, 10, "participants", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 11, (int64_t)in->rows); /* no */
    if (sqlite3_step(st) != SQLITE_DONE)
        die(in->db, "insert");
    sqlite3_reset(st);
}

int main(int argc, char **argv)
{
    struct ins in = {0};
    if (argc != 3) {
        fprintf(stderr, "usage: insert FILE.csv DB\n");
        return 2;
    }
    remove(argv[2]);
    if (sqlite3_open(argv[2], &in.db) != SQLITE_OK)
        die(in.db, "open");
    /* outlay's expense table (src/store_schema.c), its indexes, and its
     * pragmas; the activity and the 1,000 participants who paid (on_row)
     * for its foreign keys */
    const char *schema =
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
        "CREATE TABLE activity(id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE);"
        "INSERT INTO activity VALUES(1, 'floor');"
        "CREATE TABLE participant(id INTEGER PRIMARY KEY,"
        " activity_id INTEGER NOT NULL REFERENCES activity(id), name TEXT NOT NULL);"
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1000)"
        " INSERT INTO participant SELECT x, 1, 'P' || x FROM n;"
        "CREATE TABLE expense("
        " id INTEGER PRIMARY KEY, activity_id INTEGER NOT NULL REFERENCES activity(id),"
        " date TEXT, category TEXT NOT NULL, item TEXT, amount INTEGER NOT NULL,"
        " payee TEXT, paid_by INTEGER REFERENCES participant(id), receipt TEXT,"
        " for_tag TEXT, funded_by TEXT NOT NULL CHECK(funded_by IN ('participants','union')),"
        " void INTEGER NOT NULL DEFAULT 0, void_reason TEXT, no INTEGER NOT NULL DEFAULT 0,"
        " kind TEXT NOT NULL DEFAULT 'other' CHECK(kind = 'other' OR kind = 'prize-winner'"
        " OR kind = 'prize-participation' OR kind = 'souvenir' OR kind = 'meal'"
        " OR kind = 'clothing' OR kind = 'gift-card'), flags INTEGER NOT NULL DEFAULT 0);"
        "CREATE INDEX expense_paid_by ON expense(paid_by) WHERE paid_by IS NOT NULL;"
        "CREATE UNIQUE INDEX expense_no ON expense(activity_id, no);"
        "CREATE INDEX expense_receipt ON expense(activity_id, receipt)"
        " WHERE receipt GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*';"
        "CREATE INDEX expense_flagged ON expense(activity_id, no) WHERE flags != 0;";
    if (sqlite3_exec(in.db, schema, NULL, NULL, NULL) != SQLITE_OK)
        die(in.db, "schema");
    if (sqlite3_exec(in.db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        die(in.db, "begin");
    if (sqlite3_prepare_v2(in.db,
                           "INSERT INTO expense(activity_id, date, category, item, amount,"
                           " payee, paid_by, receipt, for_tag, funded_by, no, kind, flags)"
                           " VALUES(?,?,?,?,?,?,?,?,?,?,?,'other',0)",
                           -1, &in.st, NULL) != SQLITE_OK)
        die(in.db, "prepare");
    floor_csv_read(argv[1], on_field, on_row, &in);
    sqlite3_finalize(in.st);
    if (sqlite3_exec(in.db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        die(in.db, "commit");
    if (sqlite3_close(in.db) != SQLITE_OK)
        die(in.db, "close");
    for (int k = 0; k < NCOLS; k++)
        free(in.field[k]);
    printf("rows %llu\n", in.rows ? in.rows - 1 : 0);
    return 0;
}
