/*
 * store: the SQLite ledger (SPEC §2). The only file that includes sqlite3.h.
 *
 * Why the open sequence is careful: a file that is not ours must be left
 * byte-for-byte unchanged, so we read its header (application_id,
 * user_version) before any pragma that writes (journal_mode=WAL does).
 */
#include "outlay/store.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "outlay/outfile.h"

/* 'OUTL' in the SQLite header's application_id field marks our files. */
#define OUTLAY_APPLICATION_ID 0x4F55544C
#define BUSY_TIMEOUT_MS 30000

enum stmt_id {
    S_AUDIT,
    S_ACT_GET,
    S_ACT_INSERT,
    S_ACT_UPDATE,
    S_LINE_INSERT,
    S_PART_INSERT,
    S_PART_UPDATE,
    S_PART_GET,
    S_PAY_INSERT0,
    S_PAY_INSERT1,
    S_EXP_INSERT,
    S_EXP_GET,
    S_CAT_ADD,
    S_GROUP_ADD,
    S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
    [S_AUDIT] = "INSERT INTO audit(at, command, activity, detail) VALUES(?,?,?,?)",
    [S_ACT_GET] = "SELECT id, slug, title, date, end_date, venue, organizer, currency,"
                  " deposit, headcount, budget_total, subsidy_per_head, funded_by, closed"
                  " FROM activity WHERE slug = ?",
    [S_ACT_INSERT] = "INSERT INTO activity(slug, title, date, end_date, venue, organizer,"
                     " currency, deposit, headcount, budget_total, subsidy_per_head,"
                     " funded_by, closed, created_at)"
                     " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    [S_ACT_UPDATE] = "UPDATE activity SET slug=?, title=?, date=?, end_date=?, venue=?,"
                     " organizer=?, currency=?, deposit=?, headcount=?, budget_total=?,"
                     " subsidy_per_head=?, funded_by=?, closed=? WHERE id=?",
    [S_LINE_INSERT] = "INSERT INTO budget_line(activity_id, category, item, unit_price, qty,"
                      " amount, per_head, unit, note, funded_by) VALUES(?,?,?,?,?,?,?,?,?,?)",
    [S_PART_INSERT] = "INSERT INTO participant(activity_id, name, dept, tags, weight, withdrawn)"
                      " VALUES(?,?,?,?,?,?)",
    [S_PART_UPDATE] = "UPDATE participant SET dept=?, tags=?, weight=?, withdrawn=? WHERE id=?",
    [S_PART_GET] = "SELECT id, name, dept, tags, weight, withdrawn FROM participant"
                   " WHERE activity_id=? AND name=?",
    [S_PAY_INSERT0] = "INSERT INTO deposit(activity_id, participant_id, amount, date, method)"
                      " VALUES(?,?,?,?,?)",
    [S_PAY_INSERT1] = "INSERT INTO payout(activity_id, participant_id, amount, date, method)"
                      " VALUES(?,?,?,?,?)",
    [S_EXP_INSERT] = "INSERT INTO expense(activity_id, date, category, item, amount, payee,"
                     " paid_by, receipt, for_tag, funded_by) VALUES(?,?,?,?,?,?,?,?,?,?)",
    [S_EXP_GET] = "SELECT e.id, e.date, e.category, e.item, e.amount, e.payee, p.name,"
                  " e.receipt, e.for_tag, e.funded_by, e.void, e.void_reason"
                  " FROM expense e LEFT JOIN participant p ON p.id = e.paid_by"
                  " WHERE e.activity_id=? AND e.id=?",
    /* SPEC §7 report: per-category totals kept current with every write, so
     * a report never scans the expenses. typeof() CHECK turns SQLite's
     * silent integer-to-real overflow into an error. */
    [S_CAT_ADD] = "INSERT INTO category_total(activity_id, category, actual, n, first_id)"
                  " VALUES(?1,?2,?3,?4,?5) ON CONFLICT(activity_id, category) DO UPDATE"
                  " SET actual = actual + excluded.actual, n = n + excluded.n",
    /* SPEC §6 groups ("all" is tag ''), kept current the same way, so
     * settling reads a handful of group totals instead of every expense. */
    [S_GROUP_ADD] = "INSERT INTO group_total(activity_id, for_tag, funded_by, amount, n, first_id)"
                    " VALUES(?1, coalesce(?2, ''), ?3, ?4, ?5, ?6)"
                    " ON CONFLICT(activity_id, for_tag, funded_by) DO UPDATE"
                    " SET amount = amount + excluded.amount, n = n + excluded.n",
};

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
};
#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))
_Static_assert(NMIGRATIONS == OUTLAY_SCHEMA_VERSION, "one migration per version");

/* A pending addition to category_total or group_total during a bulk write. */
struct pending {
    int64_t activity_id, n, first_id;
    __int128 amount; /* cannot overflow: checked against int64 when written */
    char *key;       /* category, or for_tag '\x1f' funded_by */
    int group;       /* 0: category_total, 1: group_total */
};

struct outlay_store {
    sqlite3 *db;
    char *path;
    sqlite3_stmt *stmts[S_COUNT];
    int in_tx;
    /* Bulk mode (imports): the maintained totals are summed here and
     * written once at the end instead of two upserts per row. */
    int bulk;
    struct pending *pend;
    size_t npend, cap; /* open addressing, cap a power of two */
    struct outlay_store_stats stats;
    /* Read as an immutable file (read_only_open): the file as it was when
     * opened, to tell afterwards whether its owner wrote meanwhile. */
    int watched;
    struct stat seen;
};

struct outlay_cursor {
    outlay_store *st;
    sqlite3_stmt *stmt;
};

/* Whether the file system holding path is mounted read-only: SQLite's own
 * errno then often belongs to a later attempt (a missing -shm), not the cause. */
static int on_read_only_fs(const char *path)
{
    char dir[4096];
    struct statvfs vfs;
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == dir)
        dir[1] = 0;
    else
        *slash = 0;
    return statvfs(dir, &vfs) == 0 && (vfs.f_flag & ST_RDONLY);
}

/* Maps a SQLite result code to our status, with a message naming the
 * ledger and what to do. */
static enum outlay_status db_error(outlay_store *st, int rc, outlay_err *err)
{
    const char *path = st && st->path ? st->path : "?";
    const char *detail = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
    /* The operating system's reason (ENOSPC, EROFS...) says what to do. */
    int sys = st && st->db ? sqlite3_system_errno(st->db) : 0;
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return outlay_err_set(err, OUTLAY_EBUSY,
                              _("ledger '%s' is busy: another outlay kept it locked past "
                                "the %d s timeout; try again"),
                              path, BUSY_TIMEOUT_MS / 1000);
    case SQLITE_FULL:
        return outlay_err_set(err, OUTLAY_EIO,
                              _("disk full while writing ledger '%s'; nothing was changed; "
                                "free some space and try again"),
                              path);
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
        if (sys == EROFS || on_read_only_fs(path))
            return outlay_err_set(err, OUTLAY_EIO,
                                  _("ledger '%s' is on a read-only file system; outlay needs to "
                                    "write beside it even to read it: copy it somewhere writable "
                                    "and use -L"),
                                  path);
        return outlay_err_set(err, OUTLAY_EIO,
                              _("cannot write ledger '%s' (%s%s%s); check the permissions of the "
                                "file and its directory, or use -L to choose another ledger"),
                              path, detail, sys ? ": " : "", sys ? strerror(sys) : "");
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        /* Another user's ledger read as an immutable file, written by its
         * owner meanwhile: torn, not damaged. */
        if (st && st->watched && outlay_store_unchanged(st, err) != OUTLAY_OK)
            return err ? err->status : OUTLAY_EBUSY;
        return outlay_err_set(err, OUTLAY_EIO,
                              _("ledger '%s' is damaged (%s); nothing was changed; restore "
                                "it from a backup ('outlay backup' makes one)"),
                              path, detail);
    case SQLITE_NOMEM:
        return outlay_err_set(err, OUTLAY_ENOMEM, _("out of memory"));
    case SQLITE_CONSTRAINT:
        return outlay_err_set(err, OUTLAY_EOVERFLOW,
                              _("a total in ledger '%s' would go out of range (%s)"), path, detail);
    default:
        if (sys == ENOSPC || sys == EFBIG || sys == EDQUOT)
            return outlay_err_set(err, OUTLAY_EIO,
                                  _("cannot write ledger '%s' (%s); nothing was changed; free "
                                    "some space and try again"),
                                  path, strerror(sys));
        if ((rc & 0xff) == SQLITE_IOERR && !sys)
            return outlay_err_set(err, OUTLAY_EIO,
                                  _("cannot write ledger '%s' (%s: the disk is full, the file "
                                    "would be too large, or the device failed); nothing was "
                                    "changed; free some space and try again"),
                                  path, detail);
        return outlay_err_set(err, OUTLAY_EIO, _("ledger '%s': %s%s%s"), path, detail,
                              sys ? ": " : "", sys ? strerror(sys) : "");
    }
}

static sqlite3_stmt *stmt_get(outlay_store *st, enum stmt_id id, outlay_err *err)
{
    if (!st->stmts[id]) {
        int rc = sqlite3_prepare_v3(st->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
                                    &st->stmts[id], NULL);
        if (rc != SQLITE_OK) {
            db_error(st, rc, err);
            return NULL;
        }
    } else {
        sqlite3_reset(st->stmts[id]);
        sqlite3_clear_bindings(st->stmts[id]);
    }
    return st->stmts[id];
}

/* Binds a nullable text (NULL or "" binds SQL NULL). */
static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if (v && *v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

static char *col_text(sqlite3_stmt *s, int i)
{
    return (char *)sqlite3_column_text(s, i);
}

/* Runs a statement that returns no rows; resets it. */
static enum outlay_status step_done(outlay_store *st, sqlite3_stmt *s, outlay_err *err)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return db_error(st, rc, err);
    return OUTLAY_OK;
}

static enum outlay_status exec(outlay_store *st, const char *sql, outlay_err *err)
{
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? OUTLAY_OK : db_error(st, rc, err);
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

/* Brings the schema from `from` to OUTLAY_SCHEMA_VERSION inside the caller's
 * write transaction. */
static enum outlay_status migrate(outlay_store *st, int64_t from, outlay_err *err)
{
    enum outlay_status rc = OUTLAY_OK;
    for (int64_t v = from; v < OUTLAY_SCHEMA_VERSION && rc == OUTLAY_OK; v++)
        rc = exec(st, migrations[v], err);
    if (rc != OUTLAY_OK)
        return rc;
    char sql[96];
    snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d",
             OUTLAY_APPLICATION_ID, OUTLAY_SCHEMA_VERSION);
    return exec(st, sql, err);
}

/* Reads the header and decides whether the file is ours. *fresh is set
 * when it is an empty database we may initialise. */
static enum outlay_status check_header(outlay_store *st, int *fresh, int64_t *version,
                                       outlay_err *err)
{
    int64_t app = 0, tables = 0;
    int rc = pragma_int(st, "PRAGMA application_id", &app);
    if (rc == SQLITE_OK)
        rc = pragma_int(st, "PRAGMA user_version", version);
    if (rc == SQLITE_OK)
        rc = pragma_int(st, "SELECT count(*) FROM sqlite_master", &tables);
    if ((rc & 0xff) == SQLITE_NOTADB)
        return outlay_err_set(err, OUTLAY_ENOTLEDGER,
                              _("'%s' is not an outlay ledger (it is not a SQLite "
                                "database); it was left untouched; choose the ledger "
                                "with -L PATH or create one with 'outlay init'"),
                              st->path);
    if (rc != SQLITE_OK)
        return db_error(st, rc, err);
    *fresh = app == 0 && *version == 0 && tables == 0;
    if (*fresh)
        return OUTLAY_OK;
    if (app != OUTLAY_APPLICATION_ID)
        return outlay_err_set(err, OUTLAY_ENOTLEDGER,
                              _("'%s' is a SQLite database but not an outlay ledger; it "
                                "was left untouched; choose the ledger with -L PATH"),
                              st->path);
    if (*version > OUTLAY_SCHEMA_VERSION)
        return outlay_err_set(err, OUTLAY_ENEWER,
                              _("ledger '%s' was written by a newer outlay (schema %lld, "
                                "this outlay knows up to %d); it was left untouched; "
                                "upgrade outlay to use it"),
                              st->path, (long long)*version, OUTLAY_SCHEMA_VERSION);
    return OUTLAY_OK;
}

/* Creates the schema in an empty file, or migrates an older one, under a
 * write lock so two first writers cannot both do it. */
static enum outlay_status prepare_schema(outlay_store *st, outlay_err *err)
{
    int fresh = 0;
    int64_t version = 0;
    enum outlay_status rc = exec(st, "BEGIN IMMEDIATE", err);
    if (rc != OUTLAY_OK)
        return rc;
    rc = check_header(st, &fresh, &version, err);
    if (rc == OUTLAY_OK && version < OUTLAY_SCHEMA_VERSION)
        rc = migrate(st, fresh ? 0 : version, err);
    if (rc == OUTLAY_OK)
        rc = exec(st, "COMMIT", err);
    if (rc != OUTLAY_OK)
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* What the file at a ledger path is, read without SQLite: SQLite must not
 * touch a file before we know it is ours (it would run WAL recovery, and a
 * checkpoint on close rewrites the file and deletes its -wal and -shm). */
struct probe {
    int exists, regular, dir, empty, sqlite;
    uint32_t app_id, user_version;
};

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Looks with stat() first and opens only a regular file (opening some
 * devices has effects of its own); non-blocking all the same, so a FIFO
 * swapped in meanwhile cannot hang us. */
static int probe_file(const char *path, struct probe *pr)
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

static int exists_beside(const char *path, const char *suffix)
{
    char name[4200];
    struct stat sb;
    snprintf(name, sizeof name, "%s%s", path, suffix);
    return stat(name, &sb) == 0;
}

/* "file:" URI for path with the given query, for SQLITE_OPEN_URI. */
static char *uri_for(const char *path, const char *query)
{
    size_t n = strlen(path) * 3 + strlen(query) + 8;
    char *u = malloc(n), *p = u;
    if (!u)
        return NULL;
    p += sprintf(p, "file:");
    for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
        if (*c == '%' || *c == '?' || *c == '#' || *c <= ' ' || *c == 0x7f)
            p += sprintf(p, "%%%02X", *c);
        else
            *p++ = (char)*c;
    }
    sprintf(p, "?%s", query);
    return u;
}

/* The header of a file that exists decides, before SQLite opens it, whether
 * it may be opened at all. An application_id of 0 is left to check_header:
 * a fresh database, or ours with its first commit still in the WAL. */
static enum outlay_status refuse_by_header(const char *path, const struct probe *pr,
                                           outlay_err *err)
{
    if (pr->dir)
        return outlay_err_set(err, OUTLAY_ENOTLEDGER,
                              _("'%s' is a directory, not an outlay ledger; pass the "
                                "ledger file with -L PATH"),
                              path);
    if (!pr->regular)
        return outlay_err_set(err, OUTLAY_ENOTLEDGER,
                              _("'%s' is not a regular file (a device, a pipe or a socket), so "
                                "it cannot be an outlay ledger; it was left untouched; pass "
                                "the ledger file with -L PATH"),
                              path);
    if (pr->empty)
        return OUTLAY_OK;
    if (!pr->sqlite)
        return outlay_err_set(err, OUTLAY_ENOTLEDGER,
                              _("'%s' is not an outlay ledger (it is not a SQLite "
                                "database); it was left untouched; choose the ledger "
                                "with -L PATH or create one with 'outlay init'"),
                              path);
    if (pr->app_id != 0 && pr->app_id != OUTLAY_APPLICATION_ID)
        return outlay_err_set(err, OUTLAY_ENOTLEDGER,
                              _("'%s' is a SQLite database but not an outlay ledger; it "
                                "was left untouched; choose the ledger with -L PATH"),
                              path);
    if (pr->app_id == OUTLAY_APPLICATION_ID && pr->user_version > OUTLAY_SCHEMA_VERSION)
        return outlay_err_set(err, OUTLAY_ENEWER,
                              _("ledger '%s' was written by a newer outlay (schema %lld, "
                                "this outlay knows up to %d); it was left untouched; "
                                "upgrade outlay to use it"),
                              path, (long long)pr->user_version, OUTLAY_SCHEMA_VERSION);
    return OUTLAY_OK;
}

/* Before a ledger is read as an immutable file: it must not be being
 * written. A writer's own -wal appears as soon as it opens the ledger, and
 * a file written less than QUIET_MS ago may be written again within the
 * same tick of the coarse clock that stamps mtime, where a change would go
 * unseen; so wait (up to about two seconds) for a quiet file, then remember
 * it as it is. outlay_store_unchanged() compares at the end. */
#define QUIET_MS 50

static enum outlay_status wait_until_quiet(outlay_store *st, const char *path, outlay_err *err)
{
    for (int tries = 0; tries < 40; tries++) {
        struct timespec now;
        if (stat(path, &st->seen) != 0)
            break;
        clock_gettime(CLOCK_REALTIME, &now);
        int64_t age_ms = ((int64_t)now.tv_sec - st->seen.st_mtim.tv_sec) * 1000 +
                         (now.tv_nsec - st->seen.st_mtim.tv_nsec) / 1000000;
        if (!exists_beside(path, "-wal") && age_ms > QUIET_MS) {
            st->watched = 1;
            return OUTLAY_OK;
        }
        struct timespec pause = {0, QUIET_MS * 1000000L};
        nanosleep(&pause, NULL);
    }
    return outlay_err_set(err, OUTLAY_EBUSY,
                          _("ledger '%s' is being written by its owner right now and is not "
                            "yours to write; try again in a moment"),
                          path);
}

/* How a command that only reads opens a ledger it may not write (another
 * user's file, a read-only disk). SQLite would create the -wal and -shm
 * files with the reader as their owner, and the owner's next write would
 * then fail. So: with both files there (the owner has it open), share them
 * read-only; with neither (nobody has it open, the file is complete), read
 * the file as immutable, creating nothing; with one of the two, refuse. */
static enum outlay_status read_only_open(outlay_store *st, const char *path, outlay_err *err)
{
    int wal = exists_beside(path, "-wal"), shm = exists_beside(path, "-shm");
    if (wal != shm)
        return outlay_err_set(err, OUTLAY_EIO,
                              _("ledger '%s' is not yours to write and its owner's last "
                                "command did not finish cleanly (its %s file is missing); ask "
                                "the owner to run any outlay command on it, or to give you a "
                                "copy with 'outlay backup'"),
                              path, wal ? "-shm" : "-wal");
    int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
    char *uri = NULL;
    if (!wal) {
        enum outlay_status rc = wait_until_quiet(st, path, err);
        if (rc != OUTLAY_OK)
            return rc;
        if (!(uri = uri_for(path, "immutable=1")))
            return outlay_err_set(err, OUTLAY_ENOMEM, _("out of memory"));
        flags |= SQLITE_OPEN_URI;
    }
    int src = sqlite3_open_v2(uri ? uri : path, &st->db, flags, NULL);
    free(uri);
    if (src == SQLITE_OK)
        return OUTLAY_OK;
    return outlay_err_set(err, OUTLAY_EIO, _("cannot read ledger '%s' (%s); check its permissions"),
                          path, st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(src));
}

enum outlay_status outlay_store_unchanged(outlay_store *st, outlay_err *err)
{
    struct stat now;
    if (!st->watched)
        return OUTLAY_OK;
    if (stat(st->path, &now) == 0 && !exists_beside(st->path, "-wal") &&
        now.st_dev == st->seen.st_dev && now.st_ino == st->seen.st_ino &&
        now.st_size == st->seen.st_size && now.st_mtim.tv_sec == st->seen.st_mtim.tv_sec &&
        now.st_mtim.tv_nsec == st->seen.st_mtim.tv_nsec)
        return OUTLAY_OK;
    return outlay_err_set(err, OUTLAY_EBUSY,
                          _("ledger '%s' changed while it was being read (its owner wrote to "
                            "it), so what was read may not be consistent; run the command "
                            "again"),
                          st->path);
}

enum outlay_status outlay_store_open(outlay_store **out, const char *path,
                                     enum outlay_store_mode mode, outlay_err *err)
{
    enum outlay_status rc = OUTLAY_OK;
    outlay_store *st = NULL;
    struct probe pr;

    *out = NULL;
    if (probe_file(path, &pr) != 0) {
        int e = errno;
        return outlay_err_set(err, OUTLAY_EIO,
                              _("cannot open ledger '%s' (%s); check its permissions or "
                                "choose another with -L"),
                              path, strerror(e));
    }
    if (pr.exists && (rc = refuse_by_header(path, &pr, err)) != OUTLAY_OK)
        return rc;
    if ((!pr.exists || pr.empty) && mode == OUTLAY_STORE_READ)
        return outlay_err_set(err, OUTLAY_ENOLEDGER,
                              _("no ledger at '%s'; create one with 'outlay init' (or "
                                "choose another with -L PATH or $OUTLAY_LEDGER)"),
                              path);
    st = calloc(1, sizeof *st);
    if (!st || !(st->path = strdup(path))) {
        rc = outlay_err_set(err, OUTLAY_ENOMEM, _("out of memory"));
        goto out;
    }
    int exists = pr.exists;
    int writable = !exists || access(path, W_OK) == 0;
    int why = writable ? 0 : errno;
    if (!writable && mode == OUTLAY_STORE_WRITE && why != EROFS) {
        /* SQLite would open it read-only and, before failing the first
         * write, create -wal and -shm files the owner could not use. */
        rc = outlay_err_set(err, OUTLAY_EIO,
                            _("cannot write ledger '%s' (%s); check the permissions of the file "
                              "and its directory, or use -L to choose another ledger"),
                            path, strerror(why));
        goto out;
    }
    if (!writable && mode == OUTLAY_STORE_READ) {
        if ((rc = read_only_open(st, path, err)) != OUTLAY_OK)
            goto out;
    } else {
        /* One connection, one thread: SQLite's mutexes would only cost time. */
        int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                    (mode == OUTLAY_STORE_WRITE ? SQLITE_OPEN_CREATE : 0);
        int src = sqlite3_open_v2(path, &st->db, flags, NULL);
        if (src != SQLITE_OK) {
            int sys = st->db ? sqlite3_system_errno(st->db) : 0;
            if (on_read_only_fs(path))
                rc = outlay_err_set(err, OUTLAY_EIO,
                                    exists ? _("ledger '%s' is on a read-only file system; copy "
                                               "it somewhere writable and use -L")
                                           : _("cannot create ledger '%s': the file system is "
                                               "read-only; choose a writable directory with -L"),
                                    path);
            else
                rc = outlay_err_set(err, OUTLAY_EIO,
                                    _("cannot open ledger '%s' (%s%s%s); choose a writable "
                                      "directory with -L"),
                                    path, st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(src),
                                    sys ? ": " : "", sys ? strerror(sys) : "");
            goto out;
        }
    }
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);

    int fresh = 0;
    int64_t version = 0;
    rc = check_header(st, &fresh, &version, err);
    if (rc != OUTLAY_OK)
        goto out;
    /* Only now, knowing the file is ours (or empty), may we write to it. */
    if (mode == OUTLAY_STORE_WRITE || !sqlite3_db_readonly(st->db, "main"))
        sqlite3_exec(st->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
    rc = exec(st, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON", err);
    if (rc == OUTLAY_OK && (fresh || version < OUTLAY_SCHEMA_VERSION))
        rc = prepare_schema(st, err);
out:
    if (rc != OUTLAY_OK) {
        /* A refused file keeps every byte: no checkpoint into it on close,
         * and its -wal and -shm stay. */
        if (st && st->db)
            sqlite3_db_config(st->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)NULL);
        outlay_store_close(st);
        return rc;
    }
    *out = st;
    return OUTLAY_OK;
}

void outlay_store_close(outlay_store *st)
{
    if (!st)
        return;
    for (int i = 0; i < S_COUNT; i++)
        sqlite3_finalize(st->stmts[i]);
    if (st->in_tx)
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    for (size_t i = 0; i < st->cap; i++)
        free(st->pend[i].key);
    free(st->pend);
    sqlite3_close(st->db);
    free(st->path);
    free(st);
}

enum outlay_status outlay_store_begin(outlay_store *st, int write, outlay_err *err)
{
    enum outlay_status rc = exec(st, write ? "BEGIN IMMEDIATE" : "BEGIN", err);
    if (rc == OUTLAY_OK)
        st->in_tx = 1;
    return rc;
}

enum outlay_status outlay_store_commit(outlay_store *st, outlay_err *err)
{
    /* Finished statements must not hold the read snapshot open. */
    for (int i = 0; i < S_COUNT; i++)
        if (st->stmts[i])
            sqlite3_reset(st->stmts[i]);
    enum outlay_status rc = exec(st, "COMMIT", err);
    if (rc == OUTLAY_OK)
        st->in_tx = 0;
    return rc;
}

void outlay_store_rollback(outlay_store *st)
{
    if (!st || !st->in_tx)
        return;
    for (int i = 0; i < S_COUNT; i++)
        if (st->stmts[i])
            sqlite3_reset(st->stmts[i]);
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    st->in_tx = 0;
}

enum outlay_status outlay_store_audit(outlay_store *st, const char *command, const char *slug,
                                      const char *detail, outlay_err *err)
{
    sqlite3_stmt *s = stmt_get(st, S_AUDIT, err);
    if (!s)
        return err->status;
    char at[32];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%S%z", &tm);
    sqlite3_bind_text(s, 1, at, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, command, -1, SQLITE_STATIC);
    bind_text(s, 3, slug);
    sqlite3_bind_text(s, 4, detail ? detail : "", -1, SQLITE_STATIC);
    return step_done(st, s, err);
}

enum outlay_status outlay_store_backup(outlay_store *st, const char *path, outlay_err *err)
{
    struct outlay_outfile of = {0};
    sqlite3 *dst = NULL;
    /* Never over the ledger itself; a regular file is written beside the
     * target and renamed, so a failed backup (disk full) never leaves a file
     * under the final name. A copy of the ledger is private: 0600. */
    enum outlay_status rc = outlay_outfile_begin(&of, path, st->path, 0600, err);
    if (rc != OUTLAY_OK)
        goto out;
    int src = sqlite3_open_v2(of.tmp, &dst, SQLITE_OPEN_READWRITE, NULL);
    if (src == SQLITE_OK) {
        sqlite3_backup *b = sqlite3_backup_init(dst, "main", st->db, "main");
        if (!b) {
            src = sqlite3_errcode(dst);
        } else {
            /* One step copies every page inside the command's read
             * transaction: a consistent snapshot in bounded time, however
             * busy the writers are. Copying in small steps let each commit
             * of another writer restart the copy, so under steady writes it
             * never finished. */
            src = sqlite3_backup_step(b, -1);
            sqlite3_backup_finish(b);
            if (src == SQLITE_DONE)
                src = SQLITE_OK;
        }
    }
    if (src == SQLITE_OK)
        src = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
    /* Another user's ledger read as an immutable file: a copy is kept only
     * if the owner did not write meanwhile and the copy is whole. */
    if (src == SQLITE_OK && st->watched) {
        int64_t ok = 0;
        sqlite3_stmt *q = NULL;
        if (sqlite3_prepare_v2(dst, "PRAGMA quick_check", -1, &q, NULL) == SQLITE_OK &&
            sqlite3_step(q) == SQLITE_ROW)
            ok = strcmp((const char *)sqlite3_column_text(q, 0), "ok") == 0;
        sqlite3_finalize(q);
        if (!ok || outlay_store_unchanged(st, err) != OUTLAY_OK) {
            rc = outlay_err_set(err, OUTLAY_EBUSY,
                                _("ledger '%s' changed while it was being copied (its owner "
                                  "wrote to it); nothing was written; run the backup again"),
                                st->path);
            src = SQLITE_OK;
        }
    }
    if (src != SQLITE_OK) {
        int sys = dst ? sqlite3_system_errno(dst) : 0;
        if ((src & 0xff) == SQLITE_BUSY || (src & 0xff) == SQLITE_LOCKED)
            rc = outlay_err_set(err, OUTLAY_EBUSY,
                                _("cannot back up ledger '%s': another outlay kept it locked; "
                                  "nothing was written; try again"),
                                st->path);
        else
            rc = outlay_err_set(err, OUTLAY_EIO,
                                _("cannot write backup '%s' (%s); nothing was written; choose a "
                                  "writable path with free space"),
                                path,
                                sys   ? strerror(sys)
                                : dst ? sqlite3_errmsg(dst)
                                      : sqlite3_errstr(src));
    }
    if (sqlite3_close(dst) != SQLITE_OK && rc == OUTLAY_OK)
        rc = outlay_err_set(err, OUTLAY_EIO, _("cannot write backup '%s'"), path);
    dst = NULL;
    if (rc == OUTLAY_OK)
        rc = outlay_outfile_commit(&of, err);
out:
    sqlite3_close(dst); /* NULL unless an early failure left it open */
    outlay_outfile_release(&of);
    return rc;
}

long outlay_store_integrity(outlay_store *st, outlay_problem_cb cb, void *ctx, long *damage,
                            outlay_err *err)
{
    static const char *const checks[] = {
        "PRAGMA integrity_check",
        "PRAGMA foreign_key_check",
        /* The maintained per-category totals must equal a recount. */
        "SELECT 'category totals for activity ' || a.slug || ', category ''' ||"
        " coalesce(c.category, r.category) || ''' do not match the expenses (kept '"
        " || coalesce(c.actual, 0) || ', recount ' || coalesce(r.actual, 0) || ')'"
        " FROM (SELECT activity_id, category, sum(amount) AS actual, count(*) AS n"
        "       FROM expense WHERE void = 0 GROUP BY activity_id, category) r"
        " FULL JOIN category_total c USING (activity_id, category)"
        " JOIN activity a ON a.id = coalesce(c.activity_id, r.activity_id)"
        " WHERE coalesce(c.n, 0) > 0 AND (r.actual IS NULL OR r.actual != c.actual"
        "       OR r.n != c.n) OR (c.category IS NULL AND r.n > 0)",
        "SELECT 'group totals for activity ' || a.slug || ', tag ''' ||"
        " coalesce(g.for_tag, r.for_tag) || ''' do not match the expenses (kept '"
        " || coalesce(g.amount, 0) || ', recount ' || coalesce(r.amount, 0) || ')'"
        " FROM (SELECT activity_id, coalesce(for_tag, '') AS for_tag, funded_by,"
        "       sum(amount) AS amount, count(*) AS n"
        "       FROM expense WHERE void = 0 GROUP BY 1, 2, 3) r"
        " FULL JOIN group_total g USING (activity_id, for_tag, funded_by)"
        " JOIN activity a ON a.id = coalesce(g.activity_id, r.activity_id)"
        " WHERE coalesce(g.n, 0) > 0 AND (r.amount IS NULL OR r.amount != g.amount"
        "       OR r.n != g.n) OR (g.for_tag IS NULL AND r.n > 0)",
    };
    long problems = 0;
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        sqlite3_stmt *s = NULL;
        int rc = sqlite3_prepare_v2(st->db, checks[i], -1, &s, NULL);
        while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
            const char *t = (const char *)sqlite3_column_text(s, 0);
            rc = SQLITE_OK;
            if (i == 0 && t && strcmp(t, "ok") == 0)
                continue;
            char buf[512];
            if (i == 1)
                snprintf(buf, sizeof buf, "foreign key violation in table %s row %lld", t ? t : "?",
                         (long long)sqlite3_column_int64(s, 1));
            problems++;
            if (i == 0 && damage)
                ++*damage;
            cb(ctx, i == 1 ? buf : (t ? t : "?"));
        }
        sqlite3_finalize(s);
        if (rc != SQLITE_DONE && rc != SQLITE_OK) {
            db_error(st, rc, err);
            return -1;
        }
    }
    return problems;
}

/* --- cursors ------------------------------------------------------------ */

static enum outlay_status cursor_open(outlay_store *st, const char *sql, outlay_cursor **c,
                                      outlay_err *err, int64_t a1, const char *t2)
{
    *c = calloc(1, sizeof **c);
    if (!*c)
        return outlay_err_set(err, OUTLAY_ENOMEM, _("out of memory"));
    (*c)->st = st;
    st->stats.queries++;
    int rc = sqlite3_prepare_v2(st->db, sql, -1, &(*c)->stmt, NULL);
    if (rc != SQLITE_OK) {
        outlay_cursor_close(*c);
        *c = NULL;
        return db_error(st, rc, err);
    }
    if (sqlite3_bind_parameter_count((*c)->stmt) >= 1)
        sqlite3_bind_int64((*c)->stmt, 1, a1);
    if (sqlite3_bind_parameter_count((*c)->stmt) >= 2)
        bind_text((*c)->stmt, 2, t2);
    return OUTLAY_OK;
}

/* 1 with a row, 0 at the end, -1 on error. */
static int cursor_step(outlay_cursor *c, outlay_err *err)
{
    int rc = sqlite3_step(c->stmt);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    db_error(c->st, rc, err);
    return -1;
}

void outlay_cursor_close(outlay_cursor *c)
{
    if (!c)
        return;
    if (c->stmt)
        c->st->stats.steps += (uint64_t)sqlite3_stmt_status(c->stmt, SQLITE_STMTSTATUS_VM_STEP, 0);
    sqlite3_finalize(c->stmt);
    free(c);
}

void outlay_store_stats_get(const outlay_store *st, struct outlay_store_stats *s)
{
    *s = st->stats;
}

/* --- activities --------------------------------------------------------- */

static void bind_activity(sqlite3_stmt *s, const struct outlay_activity *a)
{
    sqlite3_bind_text(s, 1, a->slug, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, a->title, -1, SQLITE_STATIC);
    bind_text(s, 3, a->date);
    bind_text(s, 4, a->end_date);
    bind_text(s, 5, a->venue);
    bind_text(s, 6, a->organizer);
    sqlite3_bind_text(s, 7, a->currency && *a->currency ? a->currency : "CNY", -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 8, a->deposit);
    sqlite3_bind_int64(s, 9, a->headcount);
    if (a->has_budget_total)
        sqlite3_bind_int64(s, 10, a->budget_total);
    else
        sqlite3_bind_null(s, 10);
    sqlite3_bind_int64(s, 11, a->subsidy_per_head);
    sqlite3_bind_text(s, 12, outlay_funder_name(a->funded_by), -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 13, a->closed);
}

enum outlay_status outlay_store_activity_insert(outlay_store *st, struct outlay_activity *a,
                                                outlay_err *err)
{
    sqlite3_stmt *s = stmt_get(st, S_ACT_INSERT, err);
    if (!s)
        return err->status;
    bind_activity(s, a);
    char at[32];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%S%z", &tm);
    sqlite3_bind_text(s, 14, at, -1, SQLITE_TRANSIENT);
    enum outlay_status rc = step_done(st, s, err);
    if (rc == OUTLAY_OK)
        a->id = sqlite3_last_insert_rowid(st->db);
    return rc;
}

enum outlay_status outlay_store_activity_update(outlay_store *st, const struct outlay_activity *a,
                                                outlay_err *err)
{
    sqlite3_stmt *s = stmt_get(st, S_ACT_UPDATE, err);
    if (!s)
        return err->status;
    bind_activity(s, a);
    sqlite3_bind_int64(s, 14, a->id);
    return step_done(st, s, err);
}

static void row_activity(sqlite3_stmt *s, struct outlay_activity *a)
{
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(s, 0);
    a->slug = col_text(s, 1);
    a->title = col_text(s, 2);
    a->date = col_text(s, 3);
    a->end_date = col_text(s, 4);
    a->venue = col_text(s, 5);
    a->organizer = col_text(s, 6);
    a->currency = col_text(s, 7);
    a->deposit = sqlite3_column_int64(s, 8);
    a->headcount = sqlite3_column_int64(s, 9);
    a->has_budget_total = sqlite3_column_type(s, 10) != SQLITE_NULL;
    a->budget_total = sqlite3_column_int64(s, 10);
    a->subsidy_per_head = sqlite3_column_int64(s, 11);
    a->funded_by = outlay_funder_parse(col_text(s, 12)) == OUTLAY_FUND_UNION
                       ? OUTLAY_FUND_UNION
                       : OUTLAY_FUND_PARTICIPANTS;
    a->closed = sqlite3_column_int(s, 13);
}

enum outlay_status outlay_store_activity_get(outlay_store *st, const char *slug,
                                             struct outlay_activity *a, outlay_err *err)
{
    sqlite3_stmt *s = stmt_get(st, S_ACT_GET, err);
    if (!s)
        return err->status;
    sqlite3_bind_text(s, 1, slug, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        row_activity(s, a);
        /* Copy the strings: a record that outlives the statement must not
         * point into it (free with outlay_activity_release). */
        char **f[] = {&a->slug,  &a->title,     &a->date,    &a->end_date,
                      &a->venue, &a->organizer, &a->currency};
        size_t len = 0;
        for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
            len += *f[i] ? strlen(*f[i]) + 1 : 0;
        char *buf = malloc(len ? len : 1), *p = buf;
        for (size_t i = 0; buf && i < sizeof f / sizeof f[0]; i++) {
            if (!*f[i])
                continue;
            size_t k = strlen(*f[i]) + 1;
            memcpy(p, *f[i], k);
            *f[i] = p;
            p += k;
        }
        sqlite3_reset(s);
        if (!buf)
            return outlay_err_set(err, OUTLAY_ENOMEM, _("out of memory"));
        a->owned = buf;
        return OUTLAY_OK;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return db_error(st, rc, err);
    return outlay_err_set(err, OUTLAY_ENOTFOUND,
                          _("no activity '%s'; see 'outlay activity list', or create it "
                            "with 'outlay activity add %s --title TEXT'"),
                          slug, slug);
}

enum outlay_status outlay_store_activities(outlay_store *st, outlay_cursor **c, outlay_err *err)
{
    return cursor_open(st,
                       "SELECT id, slug, title, date, end_date, venue, organizer, currency,"
                       " deposit, headcount, budget_total, subsidy_per_head, funded_by, closed"
                       " FROM activity ORDER BY id",
                       c, err, 0, NULL);
}

int outlay_cursor_activity(outlay_cursor *c, struct outlay_activity *a, outlay_err *err)
{
    int r = cursor_step(c, err);
    if (r == 1)
        row_activity(c->stmt, a);
    return r;
}

/* --- budget lines ------------------------------------------------------- */

enum outlay_status outlay_store_line_insert(outlay_store *st, int64_t activity_id,
                                            struct outlay_budget_line *l, outlay_err *err)
{
    sqlite3_stmt *s = stmt_get(st, S_LINE_INSERT, err);
    if (!s)
        return err->status;
    sqlite3_bind_int64(s, 1, activity_id);
    sqlite3_bind_text(s, 2, l->category, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, l->item, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, l->unit_price);
    sqlite3_bind_int64(s, 5, l->qty);
    sqlite3_bind_int64(s, 6, l->amount);
    sqlite3_bind_int(s, 7, l->per_head);
    bind_text(s, 8, l->unit);
    bind_text(s, 9, l->note);
    sqlite3_bind_text(s, 10, outlay_funder_name(l->funded_by), -1, SQLITE_STATIC);
    enum outlay_status rc = step_done(st, s, err);
    if (rc == OUTLAY_OK)
        l->id = sqlite3_last_insert_rowid(st->db);
    return rc;
}

enum outlay_status outlay_store_lines_set_headcount(outlay_store *st, int64_t activity_id,
                                                    int64_t headcount, outlay_err *err)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db,
                                "UPDATE budget_line SET qty = ?2, amount = unit_price * ?2"
                                " WHERE activity_id = ?1 AND per_head = 1",
                                -1, &s, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, activity_id);
        sqlite3_bind_int64(s, 2, headcount);
        rc = sqlite3_step(s);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? OUTLAY_OK : db_error(st, rc, err);
}

enum outlay_status outlay_store_lines(outlay_store *st, int64_t activity_id, outlay_cursor **c,
                                      outlay_err *err)
{
    return cursor_open(st,
                       "SELECT id, category, item, unit_price, qty, amount, per_head, unit,"
                       " note, funded_by FROM budget_line WHERE activity_id = ? ORDER BY id",
                       c, err, activity_id, NULL);
}

int outlay_cursor_line(outlay_cursor *c, struct outlay_budget_line *l, outlay_err *err)
{
    int r = cursor_step(c, err);
    if (r != 1)
        return r;
    sqlite3_stmt *s = c->stmt;
    memset(l, 0, sizeof *l);
    l->id = sqlite3_column_int64(s, 0);
    l->category = col_text(s, 1);
    l->item = col_text(s, 2);
    l->unit_price = sqlite3_column_int64(s, 3);
    l->qty = sqlite3_column_int64(s, 4);
    l->amount = sqlite3_column_int64(s, 5);
    l->per_head = sqlite3_column_int(s, 6);
    l->unit = col_text(s, 7);
    l->note = col_text(s, 8);
    l->funded_by = outlay_funder_parse(col_text(s, 9)) == OUTLAY_FUND_UNION
                       ? OUTLAY_FUND_UNION
                       : OUTLAY_FUND_PARTICIPANTS;
    return 1;
}

/* --- participants ------------------------------------------------------- */

enum outlay_status outlay_store_participant_insert(outlay_store *st, int64_t activity_id,
                                                   struct outlay_participant *p, outlay_err *err)
{
    sqlite3_stmt *s = stmt_get(st, S_PART_INSERT, err);
    if (!s)
        return err->status;
    sqlite3_bind_int64(s, 1, activity_id);
    sqlite3_bind_text(s, 2, p->name, -1, SQLITE_STATIC);
    bind_text(s, 3, p->dept);
    sqlite3_bind_text(s, 4, p->tags ? p->tags : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 5, p->weight);
    sqlite3_bind_int(s, 6, p->withdrawn);
    enum outlay_status rc = step_done(st, s, err);
    if (rc == OUTLAY_OK)
        p->id = sqlite3_last_insert_rowid(st->db);
    return rc;
}

enum outlay_status outlay_store_participant_update(outlay_store *st,
                                                   const struct outlay_participant *p,
                                                   outlay_err *err)
{
    sqlite3_stmt *s = stmt_get(st, S_PART_UPDATE, err);
    if (!s)
        return err->status;
    bind_text(s, 1, p->dept);
    sqlite3_bind_text(s, 2, p->tags ? p->tags : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, p->weight);
    sqlite3_bind_int(s, 4, p->withdrawn);
    sqlite3_bind_int64(s, 5, p->id);
    return step_done(st, s, err);
}

static void row_participant(sqlite3_stmt *s, struct outlay_participant *p)
{
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(s, 0);
    p->name = col_text(s, 1);
    p->dept = col_text(s, 2);
    p->tags = col_text(s, 3);
    p->weight = sqlite3_column_int64(s, 4);
    p->withdrawn = sqlite3_column_int(s, 5);
}

enum outlay_status outlay_store_participant_get(outlay_store *st, int64_t activity_id,
                                                const char *name, struct outlay_participant *p,
                                                outlay_err *err)
{
    sqlite3_stmt *s = stmt_get(st, S_PART_GET, err);
    if (!s)
        return err->status;
    sqlite3_bind_int64(s, 1, activity_id);
    sqlite3_bind_text(s, 2, name, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        row_participant(s, p);
        return OUTLAY_OK;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return db_error(st, rc, err);
    return outlay_err_set(err, OUTLAY_ENOTFOUND, _("no participant '%s'"), name);
}

enum outlay_status outlay_store_participants(outlay_store *st, int64_t activity_id,
                                             outlay_cursor **c, outlay_err *err)
{
    return cursor_open(st,
                       "SELECT id, name, dept, tags, weight, withdrawn FROM participant"
                       " WHERE activity_id = ? ORDER BY id",
                       c, err, activity_id, NULL);
}

int outlay_cursor_participant(outlay_cursor *c, struct outlay_participant *p, outlay_err *err)
{
    int r = cursor_step(c, err);
    if (r == 1)
        row_participant(c->stmt, p);
    return r;
}

int outlay_store_tag_carried(outlay_store *st, int64_t activity_id, const char *tag,
                             outlay_err *err)
{
    outlay_cursor *c = NULL;
    /* Tags are stored ';'-separated and trimmed; compare whole tags, exactly
     * as settlement does (no LIKE: it ignores case and has wildcards). */
    if (cursor_open(st,
                    "SELECT 1 FROM participant WHERE activity_id = ?1 AND withdrawn = 0"
                    " AND instr(';' || tags || ';', ';' || ?2 || ';') > 0 LIMIT 1",
                    &c, err, activity_id, tag) != OUTLAY_OK)
        return -1;
    int r = cursor_step(c, err);
    outlay_cursor_close(c);
    return r;
}

/* --- deposits and payouts ----------------------------------------------- */

enum outlay_status outlay_store_payment_insert(outlay_store *st, enum outlay_payment_kind kind,
                                               int64_t activity_id, int64_t participant_id,
                                               struct outlay_payment *p, outlay_err *err)
{
    sqlite3_stmt *s = stmt_get(st, kind == OUTLAY_DEPOSIT ? S_PAY_INSERT0 : S_PAY_INSERT1, err);
    if (!s)
        return err->status;
    sqlite3_bind_int64(s, 1, activity_id);
    sqlite3_bind_int64(s, 2, participant_id);
    sqlite3_bind_int64(s, 3, p->amount);
    bind_text(s, 4, p->date);
    bind_text(s, 5, p->method);
    enum outlay_status rc = step_done(st, s, err);
    if (rc == OUTLAY_OK)
        p->id = sqlite3_last_insert_rowid(st->db);
    return rc;
}

enum outlay_status outlay_store_payments(outlay_store *st, enum outlay_payment_kind kind,
                                         int64_t activity_id, outlay_cursor **c, outlay_err *err)
{
    return cursor_open(st,
                       kind == OUTLAY_DEPOSIT
                           ? "SELECT d.id, p.name, d.amount, d.date, d.method FROM deposit d"
                             " JOIN participant p ON p.id = d.participant_id"
                             " WHERE d.activity_id = ? ORDER BY d.id"
                           : "SELECT d.id, p.name, d.amount, d.date, d.method FROM payout d"
                             " JOIN participant p ON p.id = d.participant_id"
                             " WHERE d.activity_id = ? ORDER BY d.id",
                       c, err, activity_id, NULL);
}

int outlay_cursor_payment(outlay_cursor *c, struct outlay_payment *p, outlay_err *err)
{
    int r = cursor_step(c, err);
    if (r != 1)
        return r;
    memset(p, 0, sizeof *p);
    p->id = sqlite3_column_int64(c->stmt, 0);
    p->name = col_text(c->stmt, 1);
    p->amount = sqlite3_column_int64(c->stmt, 2);
    p->date = col_text(c->stmt, 3);
    p->method = col_text(c->stmt, 4);
    return 1;
}

/* --- expenses ----------------------------------------------------------- */

static uint64_t hash_key(int64_t activity_id, int group, const char *key)
{
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)activity_id ^ ((uint64_t)group << 63);
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return h;
}

static int pending_grow(outlay_store *st)
{
    size_t cap = st->cap ? st->cap * 2 : 64;
    struct pending *v = calloc(cap, sizeof *v);
    if (!v)
        return -1;
    for (size_t i = 0; i < st->cap; i++) {
        struct pending *p = &st->pend[i];
        if (!p->key)
            continue;
        size_t j = hash_key(p->activity_id, p->group, p->key) & (cap - 1);
        while (v[j].key)
            j = (j + 1) & (cap - 1);
        v[j] = *p;
    }
    free(st->pend);
    st->pend = v;
    st->cap = cap;
    return 0;
}

/* Sums one addition into the pending totals (bulk mode). */
static enum outlay_status pending_add(outlay_store *st, int64_t activity_id, int group,
                                      const char *key, int64_t amount, int64_t n, int64_t first_id,
                                      outlay_err *err)
{
    if ((st->npend + 1) * 2 > st->cap && pending_grow(st) != 0)
        return outlay_err_set(err, OUTLAY_ENOMEM, _("out of memory"));
    size_t j = hash_key(activity_id, group, key) & (st->cap - 1);
    struct pending *p;
    while ((p = &st->pend[j])->key &&
           !(p->activity_id == activity_id && p->group == group && !strcmp(p->key, key)))
        j = (j + 1) & (st->cap - 1);
    if (!p->key) {
        if (!(p->key = strdup(key)))
            return outlay_err_set(err, OUTLAY_ENOMEM, _("out of memory"));
        p->activity_id = activity_id;
        p->group = group;
        p->first_id = first_id;
        st->npend++;
    }
    /* No error here: the importer checks the activity's limit once at the
     * end (ledger.h), which keeps every total in range; a row-by-row error
     * would name the row where a running sum happened to leave int64. */
    p->amount += amount;
    p->n += n;
    return OUTLAY_OK;
}

static enum outlay_status totals_write(outlay_store *st, int64_t activity_id, int group,
                                       const char *category, const char *tag, const char *funder,
                                       int64_t amount, int64_t n, int64_t first_id,
                                       outlay_err *err);

/* Adds an expense (n = 1) or removes a voided one (n = -1, amount negated)
 * to the maintained per-category and per-group totals. */
static enum outlay_status totals_add(outlay_store *st, int64_t activity_id,
                                     const struct outlay_expense *e, int64_t amount, int64_t n,
                                     outlay_err *err)
{
    const char *funder = outlay_funder_name(e->funded_by);
    if (st->bulk) {
        char key[4096 + 32];
        /* "tag\x1ffunder", without the cost of snprintf on every row */
        const char *tag = e->for_tag ? e->for_tag : "";
        size_t nt = strnlen(tag, 4096), nf = strlen(funder);
        memcpy(key, tag, nt);
        key[nt] = '\x1f';
        memcpy(key + nt + 1, funder, nf + 1);
        enum outlay_status rc = pending_add(st, activity_id, 0, e->category, amount, n, e->id, err);
        return rc ? rc : pending_add(st, activity_id, 1, key, amount, n, e->id, err);
    }
    enum outlay_status rc =
        totals_write(st, activity_id, 0, e->category, NULL, NULL, amount, n, e->id, err);
    return rc ? rc
              : totals_write(st, activity_id, 1, NULL, e->for_tag, funder, amount, n, e->id, err);
}

enum outlay_status outlay_store_bulk(outlay_store *st, int on, outlay_err *err)
{
    enum outlay_status rc = OUTLAY_OK;
    /* A 16 MiB page cache keeps a million-row import's index pages in
     * memory (SQLite's default is 2 MiB); other commands keep the default. */
    if (on) {
        st->bulk = 1;
        return exec(st, "PRAGMA cache_size=-16384", err);
    }
    st->bulk = 0;
    sqlite3_exec(st->db, "PRAGMA cache_size=-2000", NULL, NULL, NULL);
    for (size_t i = 0; i < st->cap; i++) {
        struct pending *p = &st->pend[i];
        if (!p->key)
            continue;
        if (rc == OUTLAY_OK && (p->amount > INT64_MAX || p->amount < INT64_MIN))
            rc = outlay_err_set(err, OUTLAY_EOVERFLOW,
                                _("a total in ledger '%s' would go out of range"), st->path);
        if (rc == OUTLAY_OK) {
            char *sep = p->group ? strchr(p->key, '\x1f') : NULL;
            if (sep)
                *sep = 0;
            rc = totals_write(st, p->activity_id, p->group, p->group ? NULL : p->key,
                              p->group ? p->key : NULL, sep ? sep + 1 : NULL, (int64_t)p->amount,
                              p->n, p->first_id, err);
        }
        free(p->key);
    }
    free(st->pend);
    st->pend = NULL;
    st->npend = st->cap = 0;
    return rc;
}

/* One upsert into category_total (group 0) or group_total (group 1). */
static enum outlay_status totals_write(outlay_store *st, int64_t activity_id, int group,
                                       const char *category, const char *tag, const char *funder,
                                       int64_t amount, int64_t n, int64_t first_id, outlay_err *err)
{
    sqlite3_stmt *s = stmt_get(st, group ? S_GROUP_ADD : S_CAT_ADD, err);
    if (!s)
        return err->status;
    sqlite3_bind_int64(s, 1, activity_id);
    if (group) {
        bind_text(s, 2, tag);
        sqlite3_bind_text(s, 3, funder, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 4, amount);
        sqlite3_bind_int64(s, 5, n);
        sqlite3_bind_int64(s, 6, first_id);
    } else {
        sqlite3_bind_text(s, 2, category, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 3, amount);
        sqlite3_bind_int64(s, 4, n);
        sqlite3_bind_int64(s, 5, first_id);
    }
    return step_done(st, s, err);
}

enum outlay_status outlay_store_expense_insert(outlay_store *st, int64_t activity_id,
                                               struct outlay_expense *e, int64_t paid_by_id,
                                               outlay_err *err)
{
    sqlite3_stmt *s = stmt_get(st, S_EXP_INSERT, err);
    if (!s)
        return err->status;
    sqlite3_bind_int64(s, 1, activity_id);
    bind_text(s, 2, e->date);
    sqlite3_bind_text(s, 3, e->category, -1, SQLITE_STATIC);
    bind_text(s, 4, e->item);
    sqlite3_bind_int64(s, 5, e->amount);
    bind_text(s, 6, e->payee);
    if (paid_by_id > 0)
        sqlite3_bind_int64(s, 7, paid_by_id);
    else
        sqlite3_bind_null(s, 7);
    bind_text(s, 8, e->receipt);
    bind_text(s, 9, e->for_tag);
    sqlite3_bind_text(s, 10, outlay_funder_name(e->funded_by), -1, SQLITE_STATIC);
    enum outlay_status rc = step_done(st, s, err);
    if (rc != OUTLAY_OK)
        return rc;
    e->id = sqlite3_last_insert_rowid(st->db);
    return totals_add(st, activity_id, e, e->amount, 1, err);
}

enum outlay_status outlay_store_expense_get(outlay_store *st, int64_t activity_id, int64_t id,
                                            struct outlay_expense *e, outlay_err *err)
{
    sqlite3_stmt *s = stmt_get(st, S_EXP_GET, err);
    if (!s)
        return err->status;
    sqlite3_bind_int64(s, 1, activity_id);
    sqlite3_bind_int64(s, 2, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        memset(e, 0, sizeof *e);
        e->id = sqlite3_column_int64(s, 0);
        e->date = col_text(s, 1);
        e->category = col_text(s, 2);
        e->item = col_text(s, 3);
        e->amount = sqlite3_column_int64(s, 4);
        e->payee = col_text(s, 5);
        e->paid_by = col_text(s, 6);
        e->receipt = col_text(s, 7);
        e->for_tag = col_text(s, 8);
        e->funded_by = outlay_funder_parse(col_text(s, 9)) == OUTLAY_FUND_UNION;
        e->is_void = sqlite3_column_int(s, 10);
        e->void_reason = col_text(s, 11);
        return OUTLAY_OK;
    }
    sqlite3_reset(s);
    if (rc != SQLITE_DONE)
        return db_error(st, rc, err);
    return outlay_err_set(err, OUTLAY_ENOTFOUND, _("no expense %lld in this activity"),
                          (long long)id);
}

enum outlay_status outlay_store_expense_void(outlay_store *st, int64_t activity_id, int64_t id,
                                             const char *reason, outlay_err *err)
{
    struct outlay_expense e;
    enum outlay_status rc = outlay_store_expense_get(st, activity_id, id, &e, err);
    if (rc != OUTLAY_OK)
        return rc;
    char *category = strdup(e.category), *tag = e.for_tag ? strdup(e.for_tag) : NULL;
    struct outlay_expense gone = {
        .id = id, .category = category, .for_tag = tag, .funded_by = e.funded_by};
    int64_t amount = e.amount;
    sqlite3_reset(st->stmts[S_EXP_GET]);
    if (!category || (e.for_tag && !tag)) {
        free(category);
        free(tag);
        return outlay_err_set(err, OUTLAY_ENOMEM, _("out of memory"));
    }
    sqlite3_stmt *s = NULL;
    int src = sqlite3_prepare_v2(st->db,
                                 "UPDATE expense SET void = 1, void_reason = ?"
                                 " WHERE id = ? AND void = 0",
                                 -1, &s, NULL);
    if (src == SQLITE_OK) {
        sqlite3_bind_text(s, 1, reason, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 2, id);
        src = sqlite3_step(s);
    }
    sqlite3_finalize(s);
    if (src != SQLITE_DONE)
        rc = db_error(st, src, err);
    else
        rc = totals_add(st, activity_id, &gone, -amount, -1, err);
    free(category);
    free(tag);
    return rc;
}

static const char expense_select[] =
    "SELECT e.id, e.date, e.category, e.item, e.amount, e.payee, p.name, e.receipt,"
    " e.for_tag, e.funded_by, e.void, e.void_reason"
    " FROM expense e LEFT JOIN participant p ON p.id = e.paid_by"
    " WHERE e.activity_id = ? ORDER BY e.id";

enum outlay_status outlay_store_expenses(outlay_store *st, int64_t activity_id, outlay_cursor **c,
                                         outlay_err *err)
{
    return cursor_open(st, expense_select, c, err, activity_id, NULL);
}

int outlay_cursor_expense(outlay_cursor *c, struct outlay_expense *e, outlay_err *err)
{
    int r = cursor_step(c, err);
    if (r != 1)
        return r;
    sqlite3_stmt *s = c->stmt;
    memset(e, 0, sizeof *e);
    e->id = sqlite3_column_int64(s, 0);
    e->date = col_text(s, 1);
    e->category = col_text(s, 2);
    e->item = col_text(s, 3);
    e->amount = sqlite3_column_int64(s, 4);
    e->payee = col_text(s, 5);
    e->paid_by = col_text(s, 6);
    e->receipt = col_text(s, 7);
    e->for_tag = col_text(s, 8);
    e->funded_by = outlay_funder_parse(col_text(s, 9)) == OUTLAY_FUND_UNION;
    e->is_void = sqlite3_column_int(s, 10);
    e->void_reason = col_text(s, 11);
    return 1;
}

/* --- sums --------------------------------------------------------------- */

/* SQLite's sum() fails with "integer overflow" as soon as its running total
 * leaves int64, in whatever order it meets the rows, and names nothing. So
 * amounts are summed in two parts, amount / 10^6 and amount % 10^6 (both
 * small: an amount is at most 10^14, SPEC §3), and the parts are combined
 * here, in 128 bits, then checked against int64 (as SQLite's own sumStep
 * checks; STYLE "overflow checked where int64 sums are made"). Truncating
 * division keeps each row's two parts of one sign, so the combination is
 * exact. */
#define SPLIT 1000000
#define SPLIT_SUM "sum(amount / 1000000), sum(amount % 1000000)"
#define SPLIT_ABS_SUM "sum(abs(amount / 1000000)), sum(abs(amount % 1000000))"

/* The sum held in columns col (the 10^6 part) and col + 1 (the rest); -1
 * when it does not fit in int64. */
static int split_sum(sqlite3_stmt *s, int col, int64_t *out)
{
    __int128 v = (__int128)sqlite3_column_int64(s, col) * SPLIT + sqlite3_column_int64(s, col + 1);
    if (v > INT64_MAX || v < INT64_MIN)
        return -1;
    *out = (int64_t)v;
    return 0;
}

/* A cursor row whose sum does not fit: -1, OUTLAY_EOVERFLOW. */
static int sum_out_of_range(outlay_cursor *c, outlay_err *err)
{
    outlay_err_set(err, OUTLAY_EOVERFLOW, _("a sum in ledger '%s' is out of range"), c->st->path);
    return -1;
}

enum outlay_status outlay_store_category_sums(outlay_store *st, int64_t activity_id, int expenses,
                                              outlay_cursor **c, outlay_err *err)
{
    return cursor_open(st,
                       expenses ? "SELECT category, actual FROM category_total"
                                  " WHERE activity_id = ? AND n > 0 ORDER BY first_id"
                                : "SELECT category, " SPLIT_SUM " FROM budget_line"
                                  " WHERE activity_id = ? GROUP BY category ORDER BY min(id)",
                       c, err, activity_id, NULL);
}

int outlay_cursor_sum(outlay_cursor *c, const char **key, int64_t *amount, outlay_err *err)
{
    int r = cursor_step(c, err);
    if (r == 1) {
        *key = col_text(c->stmt, 0);
        /* Sums come in two parts (three columns); kept totals in one. */
        if (sqlite3_column_count(c->stmt) == 3)
            return split_sum(c->stmt, 1, amount) == 0 ? 1 : sum_out_of_range(c, err);
        *amount = sqlite3_column_int64(c->stmt, 1);
    }
    return r;
}

enum outlay_status outlay_store_person_sums(outlay_store *st, int64_t activity_id, int kind,
                                            outlay_cursor **c, outlay_err *err)
{
    static const char *const sql[] = {
        "SELECT participant_id, " SPLIT_SUM " FROM deposit WHERE activity_id = ?"
        " GROUP BY participant_id",
        "SELECT participant_id, " SPLIT_SUM " FROM payout WHERE activity_id = ?"
        " GROUP BY participant_id",
        "SELECT paid_by, " SPLIT_SUM " FROM expense WHERE activity_id = ? AND void = 0"
        " AND paid_by IS NOT NULL GROUP BY paid_by",
    };
    return cursor_open(st, sql[kind], c, err, activity_id, NULL);
}

/* Records of each kind (enum outlay_amounts), for the per-activity limit. */
static const char *const amount_tables[OUTLAY_AMOUNTS_KINDS][2] = {
    [OUTLAY_AMOUNTS_BUDGET] = {"budget_line", ""},
    [OUTLAY_AMOUNTS_EXPENSES] = {"expense", " AND void = 0"},
    [OUTLAY_AMOUNTS_DEPOSITS] = {"deposit", ""},
    [OUTLAY_AMOUNTS_PAYOUTS] = {"payout", ""},
};

/* The one row of "SELECT what FROM <kind's table> WHERE activity_id = ?",
 * non-void expenses only when magnitude: a count, or a split sum of |amount|. */
static enum outlay_status amount_query(outlay_store *st, int64_t activity_id,
                                       enum outlay_amounts kind, int magnitude, int64_t *out,
                                       outlay_err *err)
{
    char sql[256];
    outlay_cursor *c = NULL;
    assert(kind >= 0 && kind < OUTLAY_AMOUNTS_KINDS);
    snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE activity_id = ?%s",
             magnitude ? SPLIT_ABS_SUM : "count(*)", amount_tables[kind][0],
             magnitude ? amount_tables[kind][1] : "");
    enum outlay_status rc = cursor_open(st, sql, &c, err, activity_id, NULL);
    int r = rc == OUTLAY_OK ? cursor_step(c, err) : 0;
    if (r < 0)
        rc = err->status;
    else if (r == 1 && !magnitude)
        *out = sqlite3_column_int64(c->stmt, 0);
    else if (r == 1 && split_sum(c->stmt, 0, out) != 0)
        rc = outlay_err_set(err, OUTLAY_EOVERFLOW, _("a sum in ledger '%s' is out of range"),
                            st->path);
    outlay_cursor_close(c);
    return rc;
}

enum outlay_status outlay_store_amount_count(outlay_store *st, int64_t activity_id,
                                             enum outlay_amounts kind, int64_t *n, outlay_err *err)
{
    /* Void expenses are counted too: the count is a bound, and it is read
     * from the (activity_id, id) index alone. */
    return amount_query(st, activity_id, kind, 0, n, err);
}

enum outlay_status outlay_store_amount_magnitude(outlay_store *st, int64_t activity_id,
                                                 enum outlay_amounts kind, int64_t *sum,
                                                 outlay_err *err)
{
    return amount_query(st, activity_id, kind, 1, sum, err);
}

enum outlay_status outlay_store_settle_expenses(outlay_store *st, int64_t activity_id,
                                                outlay_cursor **c, outlay_err *err)
{
    return cursor_open(st,
                       "SELECT id, amount, for_tag, funded_by FROM expense"
                       " WHERE activity_id = ? AND void = 0 ORDER BY id",
                       c, err, activity_id, NULL);
}

enum outlay_status outlay_store_audit_list(outlay_store *st, const char *slug, outlay_cursor **c,
                                           outlay_err *err)
{
    return cursor_open(st,
                       "SELECT at, command, activity, detail FROM audit"
                       " WHERE ?1 = 0 OR activity = ?2 ORDER BY id",
                       c, err, slug != NULL, slug);
}

int outlay_cursor_audit(outlay_cursor *c, const char **at, const char **command, const char **slug,
                        const char **detail, outlay_err *err)
{
    int r = cursor_step(c, err);
    if (r == 1) {
        *at = col_text(c->stmt, 0);
        *command = col_text(c->stmt, 1);
        *slug = col_text(c->stmt, 2);
        *detail = col_text(c->stmt, 3);
    }
    return r;
}

int outlay_cursor_id_sum(outlay_cursor *c, int64_t *id, int64_t *amount, outlay_err *err)
{
    int r = cursor_step(c, err);
    if (r == 1) {
        *id = sqlite3_column_int64(c->stmt, 0);
        if (sqlite3_column_count(c->stmt) == 3)
            return split_sum(c->stmt, 1, amount) == 0 ? 1 : sum_out_of_range(c, err);
        *amount = sqlite3_column_int64(c->stmt, 1);
    }
    return r;
}

int outlay_cursor_settle_expense(outlay_cursor *c, struct outlay_expense *e, outlay_err *err)
{
    int r = cursor_step(c, err);
    if (r == 1) {
        memset(e, 0, sizeof *e);
        e->id = sqlite3_column_int64(c->stmt, 0);
        e->amount = sqlite3_column_int64(c->stmt, 1);
        e->for_tag = col_text(c->stmt, 2);
        e->funded_by = outlay_funder_parse(col_text(c->stmt, 3)) == OUTLAY_FUND_UNION;
    }
    return r;
}

enum outlay_status outlay_store_groups(outlay_store *st, int64_t activity_id, outlay_cursor **c,
                                       outlay_err *err)
{
    return cursor_open(st,
                       "SELECT first_id, amount, nullif(for_tag, ''), funded_by FROM group_total"
                       " WHERE activity_id = ? AND n > 0 ORDER BY first_id",
                       c, err, activity_id, NULL);
}

enum outlay_status outlay_store_tagged_expenses(outlay_store *st, int64_t activity_id,
                                                outlay_cursor **c, outlay_err *err)
{
    return cursor_open(st,
                       "SELECT id, for_tag FROM expense WHERE activity_id = ? AND void = 0"
                       " AND for_tag IS NOT NULL AND for_tag != '' ORDER BY id",
                       c, err, activity_id, NULL);
}

enum outlay_status outlay_store_withdrawn_advances(outlay_store *st, int64_t activity_id,
                                                   outlay_cursor **c, outlay_err *err)
{
    return cursor_open(st,
                       "SELECT e.id, p.name FROM participant p JOIN expense e ON e.paid_by = p.id"
                       " WHERE p.activity_id = ? AND p.withdrawn = 1 AND e.void = 0"
                       " ORDER BY e.id",
                       c, err, activity_id, NULL);
}

int outlay_cursor_id_text(outlay_cursor *c, int64_t *id, const char **text, outlay_err *err)
{
    int r = cursor_step(c, err);
    if (r == 1) {
        *id = sqlite3_column_int64(c->stmt, 0);
        *text = col_text(c->stmt, 1);
    }
    return r;
}

enum outlay_status outlay_store_large_deposits(outlay_store *st, int64_t activity_id,
                                               int64_t planned, outlay_cursor **c, outlay_err *err)
{
    /* amount > 10 * planned, without overflow: amount / 10 > planned, or
     * equal with a remainder. */
    outlay_cursor *cur = NULL;
    enum outlay_status rc = cursor_open(
        st,
        "SELECT p.name, d.amount FROM deposit d JOIN participant p ON p.id = d.participant_id"
        " WHERE d.activity_id = ?1 AND (d.amount / 10 > ?3 OR (d.amount / 10 = ?3"
        " AND d.amount % 10 > 0)) ORDER BY d.id",
        &cur, err, activity_id, NULL);
    if (rc == OUTLAY_OK)
        sqlite3_bind_int64(cur->stmt, 3, planned);
    *c = cur;
    return rc;
}
