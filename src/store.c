/*
 * store: the connection to a SQLite ledger (SPEC §2): opening a file safely,
 * one transaction per command, the statement cache, SQLite's errors in our
 * words, and backup. What a ledger holds is in store_schema.c, its records
 * in store_rows.c, sums over them in store_sums.c, the maintained totals in
 * store_totals.c (store_internal.h says who owns what).
 *
 * Why the open sequence is careful: a file that is not ours must be left
 * byte-for-byte unchanged, so we read its header (application_id,
 * user_version) before any pragma that writes (journal_mode=WAL does).
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "outlay/outfile.h"
#include "store_internal.h"

/* --- errors and statements ---------------------------------------------- */

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

enum outlay_status store_db_error(outlay_store *st, int rc, outlay_err *err)
{
    const char *path = st && st->path ? st->path : "?";
    /* SQLite's own reason, as SQLite words it. */
    const char *detail = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
    /* The operating system's reason (ENOSPC, EROFS...) says what to do. */
    int sys = st && st->db ? sqlite3_system_errno(st->db) : 0;
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return outlay_fail(err, OUTLAY_EBUSY, OUTLAY_P_STORE_BUSY, OUTLAY_A_TEXT(path),
                           OUTLAY_A_INT(BUSY_TIMEOUT_MS / 1000));
    case SQLITE_FULL:
        return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_STORE_DISK_FULL, OUTLAY_A_TEXT(path));
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
        if (sys == EROFS || on_read_only_fs(path))
            return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_STORE_READ_ONLY_FS, OUTLAY_A_TEXT(path));
        if (sys)
            return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_STORE_CANNOT_WRITE_SYS,
                               OUTLAY_A_TEXT(path), OUTLAY_A_TEXT(detail), OUTLAY_A_ERRNO(sys));
        return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_STORE_CANNOT_WRITE, OUTLAY_A_TEXT(path),
                           OUTLAY_A_TEXT(detail));
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        /* Another user's ledger read as an immutable file, written by its
         * owner meanwhile: torn, not damaged. */
        if (st && st->watched && outlay_store_unchanged(st, err) != OUTLAY_OK)
            return err ? err->status : OUTLAY_EBUSY;
        return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_STORE_DAMAGED, OUTLAY_A_TEXT(path),
                           OUTLAY_A_TEXT(detail));
    case SQLITE_NOMEM:
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    case SQLITE_CONSTRAINT:
        return outlay_fail(err, OUTLAY_EOVERFLOW, OUTLAY_P_STORE_CONSTRAINT, OUTLAY_A_TEXT(path),
                           OUTLAY_A_TEXT(detail));
    default:
        if (sys == ENOSPC || sys == EFBIG || sys == EDQUOT)
            return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_STORE_NO_SPACE, OUTLAY_A_TEXT(path),
                               OUTLAY_A_ERRNO(sys));
        if ((rc & 0xff) == SQLITE_IOERR && !sys)
            return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_STORE_IO, OUTLAY_A_TEXT(path),
                               OUTLAY_A_TEXT(detail));
        if (sys)
            return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_STORE_ERROR_SYS, OUTLAY_A_TEXT(path),
                               OUTLAY_A_TEXT(detail), OUTLAY_A_ERRNO(sys));
        return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_STORE_ERROR, OUTLAY_A_TEXT(path),
                           OUTLAY_A_TEXT(detail));
    }
}

enum outlay_status store_step_done(outlay_store *st, store_q *s, outlay_err *err)
{
    (void)st;
    return store_q_done(s, err);
}

enum outlay_status store_exec(outlay_store *st, const char *sql, outlay_err *err)
{
    if (st->backend == STORE_PG)
        return store_pg_exec(st, sql, err);
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? OUTLAY_OK : store_db_error(st, rc, err);
}

void store_now(char at[32])
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(at, 32, "%Y-%m-%dT%H:%M:%S%z", &tm);
}

enum outlay_status outlay_store_set_who(outlay_store *st, const char *who, outlay_err *err)
{
    char *copy = strdup(who ? who : "");
    if (!copy)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    free(st->who);
    st->who = copy;
    return OUTLAY_OK;
}

int outlay_store_created(const outlay_store *st)
{
    return st->created;
}

/* --- opening ------------------------------------------------------------ */

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
    return outlay_fail(err, OUTLAY_EBUSY, OUTLAY_P_STORE_OWNER_WRITING, OUTLAY_A_TEXT(path));
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
        return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_STORE_OWNER_UNFINISHED, OUTLAY_A_TEXT(path),
                           OUTLAY_A_TEXT(wal ? "-shm" : "-wal"));
    int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
    char *uri = NULL;
    if (!wal) {
        enum outlay_status rc = wait_until_quiet(st, path, err);
        if (rc != OUTLAY_OK)
            return rc;
        if (!(uri = uri_for(path, "immutable=1")))
            return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
        flags |= SQLITE_OPEN_URI;
    }
    int src = sqlite3_open_v2(uri ? uri : path, &st->db, flags, NULL);
    free(uri);
    if (src == SQLITE_OK)
        return OUTLAY_OK;
    return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_STORE_CANNOT_READ, OUTLAY_A_TEXT(path),
                       OUTLAY_A_TEXT(st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(src)));
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
    return outlay_fail(err, OUTLAY_EBUSY, OUTLAY_P_STORE_CHANGED, OUTLAY_A_TEXT(st->path));
}

enum outlay_status outlay_store_open(outlay_store **out, const char *path,
                                     enum outlay_store_mode mode, outlay_err *err)
{
    enum outlay_status rc = OUTLAY_OK;
    outlay_store *st = NULL;
    struct store_probe pr;

    *out = NULL;
    if (store_is_pg(path)) {
        /* SPEC §17: a PostgreSQL database */
        if (!(st = calloc(1, sizeof *st)))
            return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
        st->backend = STORE_PG;
        rc = store_pg_open(st, path, mode, err);
        if (rc != OUTLAY_OK) {
            outlay_store_close(st);
            return rc;
        }
        *out = st;
        return OUTLAY_OK;
    }
    if (store_probe_file(path, &pr) != 0) {
        return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_STORE_CANNOT_OPEN, OUTLAY_A_TEXT(path),
                           OUTLAY_A_ERRNO(errno));
    }
    if (pr.exists && (rc = store_refuse_by_header(path, &pr, err)) != OUTLAY_OK)
        return rc;
    if ((!pr.exists || pr.empty) && mode == OUTLAY_STORE_READ)
        return outlay_fail(err, OUTLAY_ENOLEDGER, OUTLAY_P_STORE_NO_LEDGER, OUTLAY_A_TEXT(path));
    st = calloc(1, sizeof *st);
    if (!st || !(st->path = strdup(path))) {
        rc = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
        goto out;
    }
    int exists = pr.exists;
    int writable = !exists || access(path, W_OK) == 0;
    int why = writable ? 0 : errno;
    if (!writable && mode == OUTLAY_STORE_WRITE && why != EROFS) {
        /* SQLite would open it read-only and, before failing the first
         * write, create -wal and -shm files the owner could not use. */
        rc = outlay_fail(err, OUTLAY_EIO, OUTLAY_P_STORE_NOT_WRITABLE, OUTLAY_A_TEXT(path),
                         OUTLAY_A_ERRNO(why));
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
            const char *detail = st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(src);
            if (on_read_only_fs(path))
                rc = outlay_fail(err, OUTLAY_EIO,
                                 exists ? OUTLAY_P_STORE_OPEN_READ_ONLY_FS
                                        : OUTLAY_P_STORE_CREATE_READ_ONLY_FS,
                                 OUTLAY_A_TEXT(path));
            else if (sys)
                rc = outlay_fail(err, OUTLAY_EIO, OUTLAY_P_STORE_OPEN_FAILED_SYS,
                                 OUTLAY_A_TEXT(path), OUTLAY_A_TEXT(detail), OUTLAY_A_ERRNO(sys));
            else
                rc = outlay_fail(err, OUTLAY_EIO, OUTLAY_P_STORE_OPEN_FAILED, OUTLAY_A_TEXT(path),
                                 OUTLAY_A_TEXT(detail));
            goto out;
        }
    }
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
    if ((rc = store_functions(st, err)) != OUTLAY_OK)
        goto out;

    int fresh = 0;
    int64_t version = 0;
    rc = store_check_header(st, &fresh, &version, err);
    if (rc != OUTLAY_OK)
        goto out;
    /* Only now, knowing the file is ours (or empty), may we write to it. */
    if (mode == OUTLAY_STORE_WRITE || !sqlite3_db_readonly(st->db, "main"))
        sqlite3_exec(st->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
    rc = store_exec(st, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON", err);
    if (rc == OUTLAY_OK && (fresh || version < OUTLAY_SCHEMA_VERSION))
        rc = store_prepare_schema(st, err);
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
        store_q_free(st->stmts[i]);
    if (st->in_tx && st->db)
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    store_totals_release(st);
    sqlite3_close(st->db);
    store_pg_close(st);
    free(st->path);
    free(st->who);
    free(st->touched);
    store_people_forget(st);
    free(st);
}

/* --- transactions ------------------------------------------------------- */

enum outlay_status outlay_store_begin(outlay_store *st, int write, outlay_err *err)
{
    enum outlay_status rc = st->backend == STORE_PG
                                ? store_pg_begin(st, write, err)
                                : store_exec(st, write ? "BEGIN IMMEDIATE" : "BEGIN", err);
    if (rc == OUTLAY_OK)
        st->in_tx = 1;
    st->ntouched = 0;
    store_people_forget(st);
    return rc;
}

enum outlay_status outlay_store_commit(outlay_store *st, outlay_err *err)
{
    /* Finished statements must not hold the read snapshot open. */
    for (int i = 0; i < S_COUNT; i++)
        store_q_reset(st->stmts[i]);
    enum outlay_status rc = OUTLAY_OK;
    if (st->pg_copy)
        rc = store_pg_copy_end(st, err);
    if (rc == OUTLAY_OK)
        rc = store_exec(st, "COMMIT", err);
    if (rc == OUTLAY_OK) {
        st->in_tx = 0;
        st->ntouched = 0;
    }
    store_people_forget(st);
    return rc;
}

void outlay_store_rollback(outlay_store *st)
{
    if (!st || !st->in_tx)
        return;
    for (int i = 0; i < S_COUNT; i++)
        store_q_reset(st->stmts[i]);
    if (st->backend == STORE_PG) {
        outlay_err ignored = {0};
        store_pg_exec(st, "ROLLBACK", &ignored); /* also ends a COPY under way */
        outlay_err_clear(&ignored);
    } else {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    }
    st->in_tx = 0;
    st->ntouched = 0;
    store_people_forget(st);
}

/* --- backup ------------------------------------------------------------- */

enum outlay_status outlay_store_backup(outlay_store *st, const char *path, outlay_err *err)
{
    struct outlay_outfile of = {0};
    sqlite3 *dst = NULL;
    if (st->backend == STORE_PG)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_STORE_PG_BACKUP, OUTLAY_A_TEXT(st->path));
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
            rc = outlay_fail(err, OUTLAY_EBUSY, OUTLAY_P_STORE_BACKUP_CHANGED,
                             OUTLAY_A_TEXT(st->path));
            src = SQLITE_OK;
        }
    }
    if (src != SQLITE_OK) {
        int sys = dst ? sqlite3_system_errno(dst) : 0;
        if ((src & 0xff) == SQLITE_BUSY || (src & 0xff) == SQLITE_LOCKED)
            rc =
                outlay_fail(err, OUTLAY_EBUSY, OUTLAY_P_STORE_BACKUP_BUSY, OUTLAY_A_TEXT(st->path));
        else if (sys)
            rc = outlay_fail(err, OUTLAY_EIO, OUTLAY_P_STORE_BACKUP_WRITE_SYS, OUTLAY_A_TEXT(path),
                             OUTLAY_A_ERRNO(sys));
        else
            rc = outlay_fail(err, OUTLAY_EIO, OUTLAY_P_STORE_BACKUP_WRITE, OUTLAY_A_TEXT(path),
                             OUTLAY_A_TEXT(dst ? sqlite3_errmsg(dst) : sqlite3_errstr(src)));
    }
    if (sqlite3_close(dst) != SQLITE_OK && rc == OUTLAY_OK)
        rc = outlay_fail(err, OUTLAY_EIO, OUTLAY_P_STORE_BACKUP_CLOSE, OUTLAY_A_TEXT(path));
    dst = NULL;
    if (rc == OUTLAY_OK)
        rc = outlay_outfile_commit(&of, err);
out:
    sqlite3_close(dst); /* NULL unless an early failure left it open */
    outlay_outfile_release(&of);
    return rc;
}

/* --- cursors ------------------------------------------------------------ */

/* Prepares sql on c and binds ?1 to a1 and ?2 to the nullable text t2 (when
 * the query has them); counts a query in the stats. */
static enum outlay_status cursor_open(struct store_cursor *c, outlay_store *st, const char *sql,
                                      int64_t a1, const char *t2, outlay_err *err)
{
    c->st = st;
    st->stats.queries++;
    enum outlay_status rc = store_q_prepare(st, sql, &c->stmt, err);
    if (rc != OUTLAY_OK)
        return rc;
    store_q_listing(c->stmt);
    store_bind_int64(c->stmt, 1, a1);
    store_bind_text(c->stmt, 2, t2);
    return OUTLAY_OK;
}

int store_cursor_step(struct store_cursor *c, outlay_err *err)
{
    return store_q_step(c->stmt, err);
}

enum outlay_status store_cursor_new(outlay_store *st, size_t size, const char *sql, int64_t a1,
                                    const char *t2, void **out, outlay_err *err)
{
    assert(size >= sizeof(struct store_cursor));
    struct store_cursor *c = calloc(1, size);
    *out = NULL;
    if (!c)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    enum outlay_status rc = cursor_open(c, st, sql, a1, t2, err);
    if (rc != OUTLAY_OK) {
        store_cursor_free(c);
        return rc;
    }
    *out = c;
    return OUTLAY_OK;
}

void store_cursor_free(struct store_cursor *c)
{
    if (!c)
        return;
    if (c->stmt)
        c->st->stats.steps += store_q_steps(c->stmt, 0);
    store_q_free(c->stmt);
    free(c);
}

void outlay_store_stats_get(const outlay_store *st, struct outlay_store_stats *s)
{
    *s = st->stats;
}
