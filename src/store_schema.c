/*
 * store_schema: what a SQLite ledger is (SPEC §2): its tables and their
 * forward migrations (PRAGMA user_version), how a file is recognised as one
 * (application_id) before and after SQLite opens it, and the integrity check
 * of the file and of the store's own invariants.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outlay/text.h"
#include "store_internal.h"

/* --- the tables --------------------------------------------------------- */

/* The kinds a line or an expense may be (SPEC §14, outlay_kind_name). */
#define KIND_CHECK                                                                                 \
    "kind = 'other' OR kind = 'prize-winner' OR kind = 'prize-participation'"                      \
    " OR kind = 'souvenir' OR kind = 'meal' OR kind = 'clothing' OR kind = 'gift-card'"

/* A payment app's transaction id as the expense_receipt index holds them
 * (store_internal.h: STORE_TXN_ID_GLOB, the same text). */
#define TXN_ID_GLOB STORE_TXN_ID_GLOB

/* Forward migrations: migrations[v] takes user_version v to v+1. */
static const char *const migrations[] = {
    "CREATE TABLE activity("
    " id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, title TEXT NOT NULL,"
    " date TEXT, end_date TEXT, venue TEXT, organizer TEXT,"
    " currency TEXT NOT NULL DEFAULT 'CNY',"
    " deposit INTEGER NOT NULL DEFAULT 0, headcount INTEGER NOT NULL DEFAULT 0,"
    " budget_total INTEGER, subsidy_per_head INTEGER NOT NULL DEFAULT 0,"
    " funded_by TEXT NOT NULL DEFAULT 'participants'"
    "  CHECK(funded_by IN ('participants','union')),"
    " closed INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL);"
    "CREATE TABLE budget_line("
    " id INTEGER PRIMARY KEY, activity_id INTEGER NOT NULL REFERENCES activity(id),"
    " category TEXT NOT NULL, item TEXT NOT NULL, unit_price INTEGER NOT NULL,"
    " qty INTEGER NOT NULL CHECK(qty >= 1), amount INTEGER NOT NULL,"
    " per_head INTEGER NOT NULL DEFAULT 0, unit TEXT, note TEXT,"
    " funded_by TEXT NOT NULL CHECK(funded_by IN ('participants','union')));"
    "CREATE INDEX budget_line_activity ON budget_line(activity_id, id);"
    "CREATE TABLE participant("
    " id INTEGER PRIMARY KEY, activity_id INTEGER NOT NULL REFERENCES activity(id),"
    " name TEXT NOT NULL, dept TEXT, tags TEXT NOT NULL DEFAULT '',"
    " weight INTEGER NOT NULL DEFAULT 1 CHECK(weight >= 1),"
    " withdrawn INTEGER NOT NULL DEFAULT 0, UNIQUE(activity_id, name));"
    "CREATE TABLE deposit("
    " id INTEGER PRIMARY KEY, activity_id INTEGER NOT NULL REFERENCES activity(id),"
    " participant_id INTEGER NOT NULL REFERENCES participant(id),"
    " amount INTEGER NOT NULL, date TEXT, method TEXT);"
    "CREATE INDEX deposit_activity ON deposit(activity_id, id);"
    "CREATE TABLE payout("
    " id INTEGER PRIMARY KEY, activity_id INTEGER NOT NULL REFERENCES activity(id),"
    " participant_id INTEGER NOT NULL REFERENCES participant(id),"
    " amount INTEGER NOT NULL, date TEXT, method TEXT);"
    "CREATE INDEX payout_activity ON payout(activity_id, id);"
    "CREATE TABLE expense("
    " id INTEGER PRIMARY KEY, activity_id INTEGER NOT NULL REFERENCES activity(id),"
    " date TEXT, category TEXT NOT NULL, item TEXT, amount INTEGER NOT NULL,"
    " payee TEXT, paid_by INTEGER REFERENCES participant(id), receipt TEXT,"
    " for_tag TEXT, funded_by TEXT NOT NULL CHECK(funded_by IN ('participants','union')),"
    " void INTEGER NOT NULL DEFAULT 0, void_reason TEXT);"
    "CREATE INDEX expense_activity ON expense(activity_id, id);"
    "CREATE TABLE category_total("
    " activity_id INTEGER NOT NULL REFERENCES activity(id), category TEXT NOT NULL,"
    " actual INTEGER NOT NULL CHECK(typeof(actual) = 'integer'),"
    " n INTEGER NOT NULL, first_id INTEGER NOT NULL,"
    " PRIMARY KEY(activity_id, category)) WITHOUT ROWID;"
    "CREATE TABLE group_total("
    " activity_id INTEGER NOT NULL REFERENCES activity(id), for_tag TEXT NOT NULL,"
    " funded_by TEXT NOT NULL, amount INTEGER NOT NULL CHECK(typeof(amount) = 'integer'),"
    " n INTEGER NOT NULL, first_id INTEGER NOT NULL,"
    " PRIMARY KEY(activity_id, for_tag, funded_by)) WITHOUT ROWID;"
    "CREATE INDEX expense_paid_by ON expense(paid_by) WHERE paid_by IS NOT NULL;"
    /* SPEC §7 check of advances by withdrawn participants starts from these
     * few rows instead of walking every participant. */
    "CREATE INDEX participant_withdrawn ON participant(activity_id) WHERE withdrawn = 1;"
    /* Listings and settlement read participants in registration order. */
    "CREATE INDEX participant_activity ON participant(activity_id, id);"
    "CREATE TABLE audit("
    " id INTEGER PRIMARY KEY, at TEXT NOT NULL, command TEXT NOT NULL,"
    " activity TEXT, detail TEXT NOT NULL);",
    /* SPEC §11: budget lines, expenses, deposits and payouts numbered 1, 2,
     * 3... within their activity (no), each kind on its own, in recording
     * order: an old ledger's records are numbered in the order of their
     * ledger-wide ids. The (activity_id, no) index replaces (activity_id,
     * id): a new record's number is max(no) + 1 on it, and listings read in
     * its order. Lines, deposits and payouts can be voided, as expenses
     * could, and so can an activity. The maintained totals name their first
     * expense by its number from now on (store_totals.c). */
    "ALTER TABLE activity ADD COLUMN void INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE activity ADD COLUMN void_reason TEXT;"
    "ALTER TABLE budget_line ADD COLUMN no INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE budget_line ADD COLUMN void INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE budget_line ADD COLUMN void_reason TEXT;"
    "ALTER TABLE deposit ADD COLUMN no INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE deposit ADD COLUMN void INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE deposit ADD COLUMN void_reason TEXT;"
    "ALTER TABLE payout ADD COLUMN no INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE payout ADD COLUMN void INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE payout ADD COLUMN void_reason TEXT;"
    "ALTER TABLE expense ADD COLUMN no INTEGER NOT NULL DEFAULT 0;"
    "UPDATE budget_line SET no = r.n FROM (SELECT id, row_number() OVER"
    " (PARTITION BY activity_id ORDER BY id) AS n FROM budget_line) AS r"
    " WHERE r.id = budget_line.id;"
    "UPDATE deposit SET no = r.n FROM (SELECT id, row_number() OVER"
    " (PARTITION BY activity_id ORDER BY id) AS n FROM deposit) AS r WHERE r.id = deposit.id;"
    "UPDATE payout SET no = r.n FROM (SELECT id, row_number() OVER"
    " (PARTITION BY activity_id ORDER BY id) AS n FROM payout) AS r WHERE r.id = payout.id;"
    "UPDATE expense SET no = r.n FROM (SELECT id, row_number() OVER"
    " (PARTITION BY activity_id ORDER BY id) AS n FROM expense) AS r WHERE r.id = expense.id;"
    "UPDATE category_total SET first_id = e.no FROM expense e WHERE e.id = category_total.first_id;"
    "UPDATE group_total SET first_id = e.no FROM expense e WHERE e.id = group_total.first_id;"
    "DROP INDEX budget_line_activity;"
    "DROP INDEX deposit_activity;"
    "DROP INDEX payout_activity;"
    "DROP INDEX expense_activity;"
    "CREATE UNIQUE INDEX budget_line_no ON budget_line(activity_id, no);"
    "CREATE UNIQUE INDEX deposit_no ON deposit(activity_id, no);"
    "CREATE UNIQUE INDEX payout_no ON payout(activity_id, no);"
    "CREATE UNIQUE INDEX expense_no ON expense(activity_id, no);",
    /* SPEC §11.1: the settlement rule. Activities a ledger holds when it is
     * upgraded keep rule 1; outlay writes 2 for every new one. */
    /* (in parentheses: clang takes two adjacent literals for a missing comma) */
    ("ALTER TABLE activity ADD COLUMN settle_rule INTEGER NOT NULL DEFAULT 1"
     " CHECK(settle_rule IN (1, 2));"),
    /* SPEC §11, issue 14: who wrote each audit row (rows from before say
     * nothing: ''), and participants found by a key that ignores letter
     * case and runs of spaces (outlay_name_key, store_functions), kept by
     * triggers whoever inserts or renames, indexed for lookups. Not
     * unique: an older ledger may hold two names that now share a key
     * (a lookup prefers the exact name, then the first registered). */
    ("ALTER TABLE audit ADD COLUMN who TEXT NOT NULL DEFAULT '';"
     "ALTER TABLE participant ADD COLUMN name_key TEXT;"
     "UPDATE participant SET name_key = outlay_name_key(name);"
     "CREATE INDEX participant_key ON participant(activity_id, name_key);"
     "CREATE TRIGGER participant_key_insert AFTER INSERT ON participant BEGIN"
     " UPDATE participant SET name_key = outlay_name_key(NEW.name) WHERE id = NEW.id; END;"
     "CREATE TRIGGER participant_key_rename AFTER UPDATE OF name ON participant BEGIN"
     " UPDATE participant SET name_key = outlay_name_key(NEW.name) WHERE id = NEW.id; END;"),
    /* outlay writes a participant's name key with the row
     * (outlay_store_participant_insert), as the PostgreSQL store will have
     * to; the insert trigger of schema 4 goes. Any trigger on inserts made
     * each one keep a statement journal, which SQLite spills to a
     * temporary file that every later row writes through (an import of
     * 100,000 participants: 431,000 writes, 2.2 times as long). Renames
     * keep their trigger; a row inserted by another program without its
     * key is reported by check (OUTLAY_P_STORE_NAME_KEY). */
    "DROP TRIGGER participant_key_insert;",
    /* SPEC §14, issue 17: the kind of each budget line and expense (what
     * the union's rules cap or ban); the rules of each activity, copied
     * from their file when set (rules_name, rules_text: a check gives the
     * same answer wherever the ledger goes; NULL for activities an older
     * ledger held, until `activity set --rules`); the smallest refund paid
     * out (min_refund, fen; smaller balances are kept); and approvals, each
     * a snapshot of the budget lines and their total when approved. */
    /* The kinds' CHECK is a chain of ORs, not IN (...): SQLite builds an
     * IN list of constants into a temporary b-tree once per run of the
     * statement, which for an import's INSERT is once per row (a million
     * b-trees for a million expenses). */
    ("ALTER TABLE budget_line ADD COLUMN kind TEXT NOT NULL DEFAULT 'other'"
     " CHECK(" KIND_CHECK ");"
     "ALTER TABLE expense ADD COLUMN kind TEXT NOT NULL DEFAULT 'other'"
     " CHECK(" KIND_CHECK ");"
     "ALTER TABLE activity ADD COLUMN rules_name TEXT;"
     "ALTER TABLE activity ADD COLUMN rules_text TEXT;"
     "ALTER TABLE activity ADD COLUMN min_refund INTEGER NOT NULL DEFAULT 0"
     " CHECK(min_refund >= 0);"
     "CREATE TABLE approval("
     " id INTEGER PRIMARY KEY, activity_id INTEGER NOT NULL REFERENCES activity(id),"
     " no INTEGER NOT NULL, by_name TEXT NOT NULL, date TEXT NOT NULL,"
     " total INTEGER NOT NULL, at TEXT NOT NULL, UNIQUE(activity_id, no));"
     "CREATE TABLE approval_line("
     " approval_id INTEGER NOT NULL REFERENCES approval(id), no INTEGER NOT NULL,"
     " category TEXT NOT NULL, item TEXT NOT NULL, unit_price INTEGER NOT NULL,"
     " qty INTEGER NOT NULL, amount INTEGER NOT NULL, funded_by TEXT NOT NULL,"
     " kind TEXT NOT NULL, PRIMARY KEY(approval_id, no)) WITHOUT ROWID;"),
    /* SPEC §15, issue 18: the names a payment app shows for a participant
     * (aliases, unique within the activity by their name key; a rowid
     * table: SQLite 3.40's integrity check misreads a WITHOUT ROWID one
     * whose key is not its first columns), and the
     * transaction id an imported bill gives each deposit and payout (an
     * expense keeps it as its receipt), found by activity so that the same
     * bill imported twice adds nothing. */
    ("CREATE TABLE participant_alias("
     " activity_id INTEGER NOT NULL REFERENCES activity(id),"
     " participant_id INTEGER NOT NULL REFERENCES participant(id),"
     " alias TEXT NOT NULL, alias_key TEXT NOT NULL, UNIQUE(activity_id, alias_key));"
     "CREATE INDEX participant_alias_of ON participant_alias(participant_id);"
     "ALTER TABLE deposit ADD COLUMN reference TEXT;"
     "ALTER TABLE payout ADD COLUMN reference TEXT;"
     "CREATE INDEX deposit_reference ON deposit(activity_id, reference)"
     " WHERE reference IS NOT NULL;"
     "CREATE INDEX payout_reference ON payout(activity_id, reference)"
     " WHERE reference IS NOT NULL;"
     /* Only receipts that look like a payment app's transaction id (8
      * digits or more, as WeChat's and Alipay's are): an index of every
      * receipt made each imported expense update one more b-tree (a
      * million: 1.29x the insert floor became 1.72x). */
     "CREATE INDEX expense_receipt ON expense(activity_id, receipt) WHERE " TXN_ID_GLOB ";"),
    /* SPEC §14, issue 17: what the activity's rules find in each expense
     * (flags, OUTLAY_EXPENSE_BANNED_*: the ledger sets them when it writes
     * an expense and again when the rules change), under an index that
     * holds only the flagged ones; the totals per kind (meals spent against
     * their cap) with how many are flagged, kept like category_total; so
     * that check and report read the few expenses that break a rule, not a
     * million. An older ledger's expenses are not flagged yet (SQL does not
     * read rules files): flags_ok 0 makes the check read them all until
     * the activity's next write flags them. */
    ("ALTER TABLE expense ADD COLUMN flags INTEGER NOT NULL DEFAULT 0;"
     "CREATE INDEX expense_flagged ON expense(activity_id, no) WHERE flags != 0;"
     "CREATE TABLE kind_total("
     " activity_id INTEGER NOT NULL REFERENCES activity(id), kind TEXT NOT NULL,"
     " amount INTEGER NOT NULL CHECK(typeof(amount) = 'integer'),"
     " n INTEGER NOT NULL, flagged INTEGER NOT NULL,"
     " PRIMARY KEY(activity_id, kind)) WITHOUT ROWID;"
     "INSERT INTO kind_total(activity_id, kind, amount, n, flagged)"
     " SELECT activity_id, kind, sum(amount), count(*), 0 FROM expense WHERE void = 0"
     " GROUP BY activity_id, kind;"
     "ALTER TABLE activity ADD COLUMN flags_ok INTEGER NOT NULL DEFAULT 0;"
     "UPDATE activity SET flags_ok = 1 WHERE rules_text IS NULL"
     " OR NOT EXISTS (SELECT 1 FROM expense e WHERE e.activity_id = activity.id);"),
    /* 8 -> 9: SPEC §16, a participant's private link (/s/TOKEN): one
     * random token per participant, made on first request and kept. */
    "CREATE TABLE participant_link("
    " participant_id INTEGER PRIMARY KEY REFERENCES participant(id),"
    " token TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL);",
    /* 9 -> 10: SPEC §17, each activity's figures for the year (rollup),
     * kept by the command that last changed the activity (ledger.c,
     * outlay_ledger_commit); kept = 0 when they are to be worked out as
     * they are read (a large activity, one that cannot be settled yet).
     * An older ledger's activities have no row: worked out as read. */
    "CREATE TABLE activity_year("
    " activity_id INTEGER PRIMARY KEY REFERENCES activity(id),"
    " kept INTEGER NOT NULL, budgeted INTEGER NOT NULL, actual INTEGER NOT NULL,"
    " variance INTEGER NOT NULL, union_share INTEGER NOT NULL, deposits INTEGER NOT NULL,"
    " paid_out INTEGER NOT NULL);",
    /* 10 -> 11: every activity has its row of the year (kept = 0 until a
     * command keeps its figures), so that a federation's rollup sums
     * activity_year alone (store_years.c); outlay check names a missing one */
    "INSERT INTO activity_year(activity_id, kept, budgeted, actual, variance, union_share,"
    " deposits, paid_out) SELECT id, 0, 0, 0, 0, 0, 0, 0 FROM activity"
    " WHERE id NOT IN (SELECT activity_id FROM activity_year);",
};
#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))
_Static_assert(NMIGRATIONS == OUTLAY_SCHEMA_VERSION, "one migration per version");

/* Brings the schema from `from` to OUTLAY_SCHEMA_VERSION inside the caller's
 * write transaction. An upgrade of a ledger that had a schema is recorded
 * in its audit log, in the same transaction (SPEC §11 "Upgrades"). */
static enum outlay_status migrate(outlay_store *st, int64_t from, outlay_err *err)
{
    enum outlay_status rc = OUTLAY_OK;
    for (int64_t v = from; v < OUTLAY_SCHEMA_VERSION && rc == OUTLAY_OK; v++)
        rc = store_exec(st, migrations[v], err);
    if (rc != OUTLAY_OK)
        return rc;
    char sql[96];
    snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d",
             OUTLAY_APPLICATION_ID, OUTLAY_SCHEMA_VERSION);
    if ((rc = store_exec(st, sql, err)) != OUTLAY_OK || from == 0)
        return rc;
    char detail[96];
    snprintf(detail, sizeof detail, "ledger upgraded from schema %lld to %d", (long long)from,
             OUTLAY_SCHEMA_VERSION);
    return outlay_store_audit(st, "upgrade", NULL, detail, err);
}

enum outlay_status store_prepare_schema(outlay_store *st, outlay_err *err)
{
    int fresh = 0;
    int64_t version = 0;
    enum outlay_status rc = store_exec(st, "BEGIN IMMEDIATE", err);
    if (rc != OUTLAY_OK)
        return rc;
    rc = store_check_header(st, &fresh, &version, err);
    if (rc == OUTLAY_OK && version < OUTLAY_SCHEMA_VERSION)
        rc = migrate(st, fresh ? 0 : version, err);
    if (rc == OUTLAY_OK)
        rc = store_exec(st, "COMMIT", err);
    /* Decided under the write lock: of two first writers, one made it. */
    st->created = rc == OUTLAY_OK && fresh;
    if (rc != OUTLAY_OK)
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* outlay_name_key(NAME): outlay_text_name_key as SQL (NULL for NULL). */
static void name_key_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *name = (const char *)sqlite3_value_text(argv[0]);
    char *key = NULL;
    outlay_err err = {0};
    if (!name)
        return; /* NULL */
    if (outlay_text_name_key(name, &key, &err) != OUTLAY_OK) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_text(ctx, key, -1, free);
}

enum outlay_status store_functions(outlay_store *st, outlay_err *err)
{
    /* Innocuous, so that triggers may call it whatever trusted_schema says. */
    int rc = sqlite3_create_function(st->db, "outlay_name_key", 1,
                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                     name_key_fn, NULL, NULL);
    return rc == SQLITE_OK ? OUTLAY_OK : store_db_error(st, rc, err);
}

/* --- recognising a ledger ----------------------------------------------- */

/* The refusals, the same whether the header was read by store_probe_file
 * or by SQLite. */
static enum outlay_status not_sqlite(const char *path, outlay_err *err)
{
    return outlay_fail(err, OUTLAY_ENOTLEDGER, OUTLAY_P_STORE_NOT_SQLITE, OUTLAY_A_TEXT(path));
}

static enum outlay_status not_ours(const char *path, outlay_err *err)
{
    return outlay_fail(err, OUTLAY_ENOTLEDGER, OUTLAY_P_STORE_NOT_OURS, OUTLAY_A_TEXT(path));
}

static enum outlay_status too_new(const char *path, int64_t version, outlay_err *err)
{
    return outlay_fail(err, OUTLAY_ENEWER, OUTLAY_P_STORE_NEWER, OUTLAY_A_TEXT(path),
                       OUTLAY_A_INT(version), OUTLAY_A_INT(OUTLAY_SCHEMA_VERSION));
}

static int pragma_int(outlay_store *st, const char *sql, int64_t *out)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
            *out = sqlite3_column_int64(s, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(s);
    return rc;
}

enum outlay_status store_check_header(outlay_store *st, int *fresh, int64_t *version,
                                      outlay_err *err)
{
    int64_t app = 0, tables = 0;
    int rc = pragma_int(st, "PRAGMA application_id", &app);
    if (rc == SQLITE_OK)
        rc = pragma_int(st, "PRAGMA user_version", version);
    if (rc == SQLITE_OK)
        rc = pragma_int(st, "SELECT count(*) FROM sqlite_master", &tables);
    if ((rc & 0xff) == SQLITE_NOTADB)
        return not_sqlite(st->path, err);
    if (rc != SQLITE_OK)
        return store_db_error(st, rc, err);
    *fresh = app == 0 && *version == 0 && tables == 0;
    if (*fresh)
        return OUTLAY_OK;
    if (app != OUTLAY_APPLICATION_ID)
        return not_ours(st->path, err);
    if (*version > OUTLAY_SCHEMA_VERSION)
        return too_new(st->path, *version, err);
    return OUTLAY_OK;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Looks with stat() first and opens only a regular file (opening some
 * devices has effects of its own); non-blocking all the same, so a FIFO
 * swapped in meanwhile cannot hang us. */
int store_probe_file(const char *path, struct store_probe *pr)
{
    struct stat sb;
    memset(pr, 0, sizeof *pr);
    if (stat(path, &sb) != 0) {
        if (errno == ENOENT && lstat(path, &sb) != 0)
            return 0;
        pr->exists = 1;
        return -1;
    }
    pr->exists = 1;
    pr->dir = S_ISDIR(sb.st_mode);
    if (!S_ISREG(sb.st_mode))
        return 0;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    unsigned char h[100];
    ssize_t n = 0;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
        pr->regular = 1;
        pr->empty = sb.st_size == 0;
        n = pread(fd, h, sizeof h, 0);
    }
    close(fd);
    /* The SQLite file format: a 16-byte magic string, user_version at
     * offset 60 and application_id at 68, both big-endian. */
    if (n == (ssize_t)sizeof h && memcmp(h, "SQLite format 3", 16) == 0) {
        pr->sqlite = 1;
        pr->user_version = be32(h + 60);
        pr->app_id = be32(h + 68);
    }
    return 0;
}

/* The header of a file that exists decides, before SQLite opens it, whether
 * it may be opened at all. An application_id of 0 is left to
 * store_check_header:
 * a fresh database, or ours with its first commit still in the WAL. */
enum outlay_status store_refuse_by_header(const char *path, const struct store_probe *pr,
                                          outlay_err *err)
{
    if (pr->dir)
        return outlay_fail(err, OUTLAY_ENOTLEDGER, OUTLAY_P_STORE_DIRECTORY, OUTLAY_A_TEXT(path));
    if (!pr->regular)
        return outlay_fail(err, OUTLAY_ENOTLEDGER, OUTLAY_P_STORE_NOT_REGULAR, OUTLAY_A_TEXT(path));
    if (pr->empty)
        return OUTLAY_OK;
    if (!pr->sqlite)
        return not_sqlite(path, err);
    if (pr->app_id != 0 && pr->app_id != OUTLAY_APPLICATION_ID)
        return not_ours(path, err);
    if (pr->app_id == OUTLAY_APPLICATION_ID && pr->user_version > OUTLAY_SCHEMA_VERSION)
        return too_new(path, pr->user_version, err);
    return OUTLAY_OK;
}

/* --- integrity ---------------------------------------------------------- */

long outlay_store_integrity(outlay_store *st, outlay_problem_cb cb, void *ctx, long *damage,
                            outlay_err *err)
{
    /* Each query returns the arguments of its problem, one row per problem. */
    static const struct {
        enum outlay_problem code;
        const char *sql;
    } checks[] = {
        /* A line of text each ("ok" when the file is whole): damage. */
        {OUTLAY_P_STORE_INTEGRITY, "PRAGMA integrity_check"},
        /* The table and the row id. */
        {OUTLAY_P_STORE_FOREIGN_KEY, "PRAGMA foreign_key_check"},
        /* The maintained per-category totals must equal a recount: the
         * activity, the category, the total kept and the recount (fen). */
        {OUTLAY_P_STORE_CATEGORY_TOTALS,
         "SELECT a.slug, coalesce(c.category, r.category), coalesce(c.actual, 0),"
         " coalesce(r.actual, 0)"
         " FROM (SELECT activity_id, category, sum(amount) AS actual, count(*) AS n"
         "       FROM expense WHERE void = 0 GROUP BY activity_id, category) r"
         " FULL JOIN category_total c USING (activity_id, category)"
         " JOIN activity a ON a.id = coalesce(c.activity_id, r.activity_id)"
         " WHERE coalesce(c.n, 0) > 0 AND (r.actual IS NULL OR r.actual != c.actual"
         "       OR r.n != c.n) OR (c.category IS NULL AND r.n > 0)"},
        /* The same for the group totals, by tag ('' for everybody). */
        {OUTLAY_P_STORE_GROUP_TOTALS,
         "SELECT a.slug, coalesce(g.for_tag, r.for_tag), coalesce(g.amount, 0),"
         " coalesce(r.amount, 0)"
         " FROM (SELECT activity_id, coalesce(for_tag, '') AS for_tag, funded_by,"
         "       sum(amount) AS amount, count(*) AS n"
         "       FROM expense WHERE void = 0 GROUP BY 1, 2, 3) r"
         " FULL JOIN group_total g USING (activity_id, for_tag, funded_by)"
         " JOIN activity a ON a.id = coalesce(g.activity_id, r.activity_id)"
         " WHERE coalesce(g.n, 0) > 0 AND (r.amount IS NULL OR r.amount != g.amount"
         "       OR r.n != g.n) OR (g.for_tag IS NULL AND r.n > 0)"},
        /* The same for the totals per kind (meals spent, SPEC §14)... */
        {OUTLAY_P_STORE_KIND_TOTALS,
         "SELECT a.slug, coalesce(k.kind, r.kind), coalesce(k.amount, 0), coalesce(r.amount, 0)"
         " FROM (SELECT activity_id, kind, sum(amount) AS amount, count(*) AS n"
         "       FROM expense WHERE void = 0 GROUP BY 1, 2) r"
         " FULL JOIN kind_total k USING (activity_id, kind)"
         " JOIN activity a ON a.id = coalesce(k.activity_id, r.activity_id)"
         " WHERE coalesce(k.n, 0) > 0 AND (r.amount IS NULL OR r.amount != k.amount"
         "       OR r.n != k.n) OR (k.kind IS NULL AND r.n > 0)"},
        /* ...and how many of each kind the rules flag: the kept count, and
         * the expenses with flags. */
        {OUTLAY_P_STORE_KIND_FLAGGED,
         "SELECT a.slug, coalesce(k.kind, r.kind), coalesce(k.flagged, 0), coalesce(r.flagged, 0)"
         " FROM (SELECT activity_id, kind, count(*) AS flagged FROM expense"
         "       WHERE void = 0 AND flags != 0 GROUP BY 1, 2) r"
         " FULL JOIN kind_total k USING (activity_id, kind)"
         " JOIN activity a ON a.id = coalesce(k.activity_id, r.activity_id)"
         " WHERE coalesce(k.flagged, 0) != coalesce(r.flagged, 0)"},
        /* Participants whose name key is not their name's (inserted by
         * another program, schema 5): the activity and the name. */
        {OUTLAY_P_STORE_NAME_KEY,
         "SELECT a.slug, p.name FROM participant p JOIN activity a ON a.id = p.activity_id"
         " WHERE p.name_key IS NOT outlay_name_key(p.name) ORDER BY p.id"},
        /* Every activity has its row of the year (schema 11), which a
         * federation's rollup sums alone: the activity. */
        {OUTLAY_P_STORE_YEAR_MISSING,
         "SELECT a.slug FROM activity a WHERE NOT EXISTS"
         " (SELECT 1 FROM activity_year y WHERE y.activity_id = a.id) ORDER BY a.id"},
        /* On PostgreSQL the row carries the activity's void, by which the
         * rollup leaves a void activity out: kept and the activity's. */
        {OUTLAY_P_STORE_YEAR_FIGURES,
         "SELECT a.slug, 'void', y.void, a.void FROM activity a"
         " JOIN activity_year y ON y.activity_id = a.id WHERE y.void <> a.void ORDER BY a.id"},
    };
    long problems = 0;
    int pg = st->backend == STORE_PG;
    /* an older SQLite file read where it could not be upgraded */
    int64_t version = OUTLAY_SCHEMA_VERSION;
    if (!pg && pragma_int(st, "PRAGMA user_version", &version) != SQLITE_OK)
        version = 0;
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        store_q *s = NULL;
        enum outlay_problem code = checks[i].code;
        /* PostgreSQL keeps its files and foreign keys whole itself; its
         * name keys are checked in C (store_pg_name_keys) */
        if (pg && (code == OUTLAY_P_STORE_INTEGRITY || code == OUTLAY_P_STORE_FOREIGN_KEY ||
                   code == OUTLAY_P_STORE_NAME_KEY))
            continue;
        if ((!pg && code == OUTLAY_P_STORE_YEAR_FIGURES) ||
            (code == OUTLAY_P_STORE_YEAR_MISSING && version < 11))
            continue;
        if (store_q_prepare(st, checks[i].sql, &s, err) != OUTLAY_OK)
            return -1;
        int r;
        while ((r = store_q_step(s, err)) == 1) {
            const char *t = store_col_text(s, 0);
            if (code == OUTLAY_P_STORE_INTEGRITY && t && strcmp(t, "ok") == 0)
                continue;
            outlay_err p = {0};
            if (!t)
                t = "?";
            if (code == OUTLAY_P_STORE_INTEGRITY || code == OUTLAY_P_STORE_YEAR_MISSING) {
                outlay_fail(&p, OUTLAY_ECHECK, code, OUTLAY_A_TEXT(t));
            } else if (code == OUTLAY_P_STORE_NAME_KEY) {
                const char *name = store_col_text(s, 1);
                outlay_fail(&p, OUTLAY_ECHECK, code, OUTLAY_A_TEXT(t),
                            OUTLAY_A_TEXT(name ? name : ""));
            } else if (code == OUTLAY_P_STORE_FOREIGN_KEY) {
                outlay_fail(&p, OUTLAY_ECHECK, code, OUTLAY_A_TEXT(t),
                            OUTLAY_A_INT(store_col_int64(s, 1)));
            } else {
                const char *key = store_col_text(s, 1);
                outlay_fail(&p, OUTLAY_ECHECK, code, OUTLAY_A_TEXT(t),
                            OUTLAY_A_TEXT(key ? key : ""), OUTLAY_A_INT(store_col_int64(s, 2)),
                            OUTLAY_A_INT(store_col_int64(s, 3)));
            }
            problems++;
            if (code == OUTLAY_P_STORE_INTEGRITY && damage)
                ++*damage;
            cb(ctx, &p);
        }
        store_q_free(s);
        if (r < 0)
            return -1;
    }
    if (pg) {
        long n = store_pg_name_keys(st, cb, ctx, err);
        if (n < 0)
            return -1;
        problems += n;
    }
    return problems;
}
