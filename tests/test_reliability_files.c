/*
 * The ledger's own files and the files outlay writes (SPEC §2, §10: never a
 * file written over the ledger, a refused file left byte for byte): output
 * onto the ledger however spelled, devices and pipes as outputs and as
 * ledgers, foreign and newer files in WAL mode, a reader who is not the
 * owner, and a backup while writers keep committing. Runs the built binary
 * like the other reliability suites (tests/reliability/harness.h);
 * docs/reliability.md has the table.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/sysmacros.h>

#include "outlay/ledger.h"
#include "outlay/store.h"
#include "reliability/harness.h"

/* A ledger with a little of everything, then every listing still works. */
static void fill_ledger(void)
{
    make_ledger();
    MUST("deposit", "add", "t", "alice", "100");
    MUST("expense", "add", "t", "--category", "a", "--amount", "12.50");
}

static void ledger_still_works(void)
{
    struct res r = {0};
    OUTLAY(&r, "deposit", "list", "t", "--csv");
    cr_expect_eq(r.code, 0, "deposit list after: %d %s", r.code, r.err);
    cr_expect_str_eq(r.out, "id,name,amount,date,method,reference,status\n"
                            "1,alice,100.00,2026-03-08,,,ok\n");
    res_free(&r);
    OUTLAY(&r, "check");
    cr_expect_eq(r.code, 0, "check after: %d %s %s", r.code, r.out, r.err);
    res_free(&r);
}

/* --- 1. no output over the ledger, however the path is spelled ------------ */

Test(ledger_files, output_never_over_the_ledger, .init = setup, .fini = teardown,
     .timeout = TIMEOUT)
{
    setenv("OUTLAY_TODAY", "2026-03-08", 1);
    fill_ledger();
    cr_assert_eq(symlink("l.db", "link.db"), 0);
    cr_assert_eq(link("l.db", "hard.db"), 0);
    cr_assert_eq(mkdir("sub", 0755), 0);
    /* The ledger is opened by the command itself: its -wal and -shm exist
     * while it runs, and -journal would be its rollback journal. */
    const char *const spellings[] = {"l.db",         "./l.db",         "sub/../l.db", ledger,
                                     "link.db",      "hard.db",        "l.db-wal",    "./l.db-shm",
                                     "l.db-journal", "sub/../l.db-wal"};
    for (size_t i = 0; i < sizeof spellings / sizeof spellings[0]; i++) {
        const char *p = spellings[i];
        size_t len;
        char *before = bytes_of("l.db", &len);
        struct res r = {0};
        OUTLAY(&r, "export", "t", "-o", p);
        cr_expect_eq(r.code, 1, "export -o %s: exit %d %s", p, r.code, r.err);
        cr_expect_str_eq(r.out, "");
        one_error(&r, "writing there would destroy it");
        res_free(&r);
        OUTLAY(&r, "backup", p);
        cr_expect_eq(r.code, 1, "backup %s: exit %d %s", p, r.code, r.err);
        one_error(&r, "writing there would destroy it");
        res_free(&r);
        same_bytes("l.db", before, len);
        free(before);
        ledger_still_works();
    }
    cr_expect(!exists("l.db-journal"), "no journal was created");
    cr_expect_eq(count_files(dir, "l.db.tmp-"), 0, "no temporary file left");
    /* The ledger named through the link: its real file is still guarded. */
    snprintf(ledger, sizeof ledger, "%s/link.db", dir);
    struct res r = {0};
    OUTLAY(&r, "export", "t", "-o", "l.db");
    cr_expect_eq(r.code, 1, "export through a linked ledger: %d %s", r.code, r.err);
    res_free(&r);
    ledger_still_works();
}

/* --- 2. devices, pipes and stdout are written into, never replaced -------- */

static void expect_workbook(const char *path)
{
    struct res r = {0};
    RUN(&r, "unzip", "-tq", path);
    cr_expect_eq(r.code, 0, "'%s' is not a complete workbook: %s%s", path, r.out, r.err);
    res_free(&r);
}

Test(ledger_files, devices_and_stdout, .init = setup, .fini = teardown, .timeout = TIMEOUT)
{
    setenv("OUTLAY_TODAY", "2026-03-08", 1);
    fill_ledger();
    struct res r = {0};
    struct stat before, after;
    /* Written into, never renamed over: a device stays the device. As root
     * the old rename replaced it, so the device is a copy of /dev/null made
     * here, never the machine's own. */
    const char *dev = "/dev/null";
    if (geteuid() == 0) {
        cr_assert_eq(stat("/dev/null", &before), 0);
        cr_assert_eq(mknod("null", S_IFCHR | 0666, before.st_rdev), 0, "%s", strerror(errno));
        dev = "null";
    }
    cr_assert_eq(stat(dev, &before), 0);
    OUTLAY(&r, "export", "t", "-o", dev);
    cr_expect_eq(r.code, 0, "export -o %s: %d %s", dev, r.code, r.err);
    res_free(&r);
    OUTLAY(&r, "backup", dev);
    cr_expect_eq(r.code, 0, "backup %s: %d %s", dev, r.code, r.err);
    res_free(&r);
    cr_assert_eq(stat(dev, &after), 0);
    cr_expect(S_ISCHR(after.st_mode) && after.st_rdev == before.st_rdev &&
                  after.st_ino == before.st_ino,
              "%s is no longer the device", dev);
    cr_expect_eq(count_files(dir, "null.tmp-"), 0, "no temporary file left");

    /* "-" and /dev/stdout: the workbook itself on stdout, nothing else. */
    OUTLAY_TO(&r, "dash.xlsx", "export", "t", "-o", "-");
    cr_expect_eq(r.code, 0, "export -o -: %d %s", r.code, r.err);
    res_free(&r);
    expect_workbook("dash.xlsx");
    /* /dev/stdout is a link to /proc/self/fd/1; a link of the test's own
     * stands in for it, so a regression replaces that and not the
     * machine's. */
    cr_assert_eq(symlink("/proc/self/fd/1", "my-stdout"), 0);
    OUTLAY_TO(&r, "stdout.xlsx", "export", "t", "-o", "my-stdout");
    cr_expect_eq(r.code, 0, "export -o my-stdout: %d %s", r.code, r.err);
    res_free(&r);
    expect_workbook("stdout.xlsx");
    struct stat ls;
    cr_expect(lstat("my-stdout", &ls) == 0 && S_ISLNK(ls.st_mode), "the link is still a link");
    /* Only the workbook there: no "wrote ..." line after its last byte. */
    size_t wlen;
    char *wb = bytes_of("stdout.xlsx", &wlen);
    cr_expect(wlen > 22 && memcmp(wb + wlen - 22, "PK\5\6", 4) == 0,
              "the file ends with the zip's end record");
    free(wb);

    /* Standard output that is the ledger itself (1<>l.db): refused. */
    size_t llen;
    char *lbefore = bytes_of(ledger, &llen);
    OUTLAY_TO(&r, ledger, "export", "t", "-o", "-");
    cr_expect_eq(r.code, 1, "export -o - into the ledger: %d %s", r.code, r.err);
    one_error(&r, "writing there would destroy it");
    res_free(&r);
    OUTLAY_TO(&r, ledger, "backup", "-");
    cr_expect_eq(r.code, 1, "backup - into the ledger: %d %s", r.code, r.err);
    res_free(&r);
    same_bytes(ledger, lbefore, llen);
    free(lbefore);

    /* A disk (block device) is refused, never written. */
    if (geteuid() == 0) {
        cr_assert_eq(mknod("disk", S_IFBLK | 0600, makedev(7, 250)), 0, "%s", strerror(errno));
        OUTLAY(&r, "export", "t", "-o", "disk");
        cr_expect_eq(r.code, 1, "export -o a block device: %d %s", r.code, r.err);
        one_error(&r, "is a disk");
        res_free(&r);
    }
    OUTLAY_TO(&r, "copy.db", "backup", "-");
    cr_expect_eq(r.code, 0, "backup -: %d %s", r.code, r.err);
    res_free(&r);
    char *saved = strdup(ledger);
    snprintf(ledger, sizeof ledger, "%s/copy.db", dir);
    ledger_still_works();
    snprintf(ledger, sizeof ledger, "%s", saved);
    free(saved);

    /* A symbolic link to a workbook: the file it points to is replaced, the
     * link stays a link. */
    cr_assert_eq(symlink("target.xlsx", "link.xlsx"), 0);
    FILE *f = fopen("target.xlsx", "w");
    cr_assert_not_null(f);
    fputs("old", f);
    fclose(f);
    OUTLAY(&r, "export", "t", "-o", "link.xlsx");
    cr_expect_eq(r.code, 0, "export -o link.xlsx: %d %s", r.code, r.err);
    res_free(&r);
    cr_expect(lstat("link.xlsx", &ls) == 0 && S_ISLNK(ls.st_mode), "the link is still a link");
    expect_workbook("target.xlsx");

    /* A directory, a dangling link: refused, naming the path. */
    cr_assert_eq(mkdir("adir", 0755), 0);
    OUTLAY(&r, "export", "t", "-o", "adir");
    cr_expect_eq(r.code, 1, "export -o adir: %d %s", r.code, r.err);
    one_error(&r, "'adir' is a directory");
    res_free(&r);
    cr_assert_eq(symlink("nowhere/x.xlsx", "dangling.xlsx"), 0);
    OUTLAY(&r, "export", "t", "-o", "dangling.xlsx");
    cr_expect_eq(r.code, 1, "export -o dangling.xlsx: %d %s", r.code, r.err);
    one_error(&r, "does not exist");
    res_free(&r);
}

/* --- 9. a ledger path that is not a regular file -------------------------- */

Test(ledger_files, ledger_not_a_regular_file, .init = setup, .fini = teardown, .timeout = TIMEOUT)
{
    cr_assert_eq(mkfifo("fifo", 0644), 0);
    /* A device: as root a copy of /dev/null made here (the old code left a
     * -journal beside it), else the machine's own, which nobody can harm. */
    const char *dev = "/dev/null";
    struct stat sb;
    if (geteuid() == 0) {
        cr_assert_eq(stat("/dev/null", &sb), 0);
        cr_assert_eq(mknod("null", S_IFCHR | 0666, sb.st_rdev), 0, "%s", strerror(errno));
        dev = "null";
    }
    const char *const paths[] = {"fifo", dev};
    const char *const commands[][3] = {{"expense", "list", "t"}, {"init", NULL, NULL}};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        snprintf(ledger, sizeof ledger, "%s", paths[i]);
        for (size_t k = 0; k < 2; k++) {
            struct res r = {0};
            /* Before: a FIFO blocked forever in open(); the harness would
             * hang here until the test's timeout. */
            if (commands[k][1])
                OUTLAY(&r, commands[k][0], commands[k][1], commands[k][2]);
            else
                OUTLAY(&r, commands[k][0]);
            cr_expect_eq(r.code, 3, "%s on %s: %d %s", commands[k][0], paths[i], r.code, r.err);
            one_error(&r, "is not a regular file");
            res_free(&r);
        }
    }
    cr_expect(stat(dev, &sb) == 0 && S_ISCHR(sb.st_mode));
    cr_expect(count_files(dir, "null-") == 0, "nothing created beside the device");
    cr_expect(!exists("fifo-journal") && !exists("fifo-wal"), "nothing beside the FIFO");
}

/* --- 10. refused WAL-mode files keep every byte --------------------------- */

/* A SQLite file in WAL mode whose last commits are still in its -wal (as
 * while its own program has it open): application_id and user_version as
 * given, set in the WAL, not yet in the main file. */
static void wal_file(const char *path, int app_id, int user_version)
{
    sqlite3 *db = NULL;
    char sql[256];
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    cr_assert_eq(
        sqlite3_exec(db, "PRAGMA journal_mode=WAL; CREATE TABLE notes(x);", NULL, NULL, NULL),
        SQLITE_OK);
    cr_assert_eq(sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), SQLITE_OK);
    snprintf(sql, sizeof sql,
             "PRAGMA application_id=%d; PRAGMA user_version=%d;"
             "INSERT INTO notes VALUES('keep me');",
             app_id, user_version);
    cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)NULL),
                 SQLITE_OK);
    sqlite3_close(db);
}

Test(ledger_files, refused_wal_files_keep_every_byte, .init = setup, .fini = teardown,
     .timeout = TIMEOUT)
{
    static const struct {
        const char *name;
        int app_id, user_version;
        const char *says;
    } files[] = {
        {"other-app.db", 0x12345678, 3, "not an outlay ledger"},
        {"plain.db", 0, 7, "not an outlay ledger"},
        {"newer.db", 0x4F55544C, 999, "newer outlay"},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char wal[340];
        snprintf(ledger, sizeof ledger, "%s/%s", dir, files[i].name);
        snprintf(wal, sizeof wal, "%s-wal", ledger);
        wal_file(ledger, files[i].app_id, files[i].user_version);
        size_t len, wlen;
        char *main_before = bytes_of(ledger, &len);
        char *wal_before = bytes_of(wal, &wlen);
        cr_assert_gt(wlen, 0, "the test file keeps commits in its WAL");
        const char *const *cmds[] = {(const char *const[]){"expense", "list", "t", NULL},
                                     (const char *const[]){"init", NULL},
                                     (const char *const[]){"check", NULL}};
        for (size_t k = 0; k < 3; k++) {
            struct res r = {0};
            outlay_to(&r, cmds[k], NULL);
            cr_expect_eq(r.code, 3, "%s on %s: %d %s", cmds[k][0], files[i].name, r.code, r.err);
            one_error(&r, files[i].says);
            res_free(&r);
            same_bytes(ledger, main_before, len);
            same_bytes(wal, wal_before, wlen);
        }
        char shm_[340];
        snprintf(shm_, sizeof shm_, "%s-shm", ledger);
        cr_expect(exists(shm_), "%s-shm is still there", files[i].name);
        free(main_before);
        free(wal_before);
    }
}

/* --- 5. a reader who is not the owner ------------------------------------- */

#define OWNER "12345"
#define READER "12346"

/* A copy of the binary the other users can run: the build tree may be under
 * a directory only root can enter (a clone in /root). */
static char bin_copy[340];

static void copy_binary(void)
{
    struct res r = {0};
    snprintf(bin_copy, sizeof bin_copy, "%s/outlay", dir);
    RUN(&r, "cp", OUTLAY_BIN, bin_copy);
    cr_assert_eq(r.code, 0, "cp: %s", r.err);
    res_free(&r);
    cr_assert_eq(chmod(bin_copy, 0755), 0);
}

/* `outlay -L LEDGER ARGS` as uid:gid `who`, with setpriv(1). */
static void as_user(struct res *r, const char *who, const char *const *args)
{
    char ids[64], gid[64];
    snprintf(ids, sizeof ids, "--reuid=%s", who);
    snprintf(gid, sizeof gid, "--regid=%s", who);
    const char *argv[32] = {"setpriv", ids, gid, "--clear-groups", bin_copy, "-L", ledger};
    size_t n = 7;
    while (*args && n < 31)
        argv[n++] = *args++;
    argv[n] = NULL;
    run_to(r, argv, NULL);
}

#define AS(r, who, ...) as_user((r), (who), (const char *const[]){__VA_ARGS__, NULL})

Test(ledger_files_root, a_reader_cannot_lock_out_the_owner, .init = setup, .fini = teardown,
     .timeout = TIMEOUT)
{
    if (geteuid() != 0)
        cr_skip_test("needs root to act as two users (setpriv)");
    struct res r = {0};
    /* A shared directory (like /tmp): anyone may create files in it. */
    cr_assert_eq(chmod(dir, 01777), 0);
    copy_binary();
    AS(&r, OWNER, "activity", "add", "t", "--title", "Trip");
    cr_assert_eq(r.code, 0, "owner creates the ledger: %s", r.err);
    res_free(&r);
    AS(&r, OWNER, "participant", "add", "t", "alice");
    cr_assert_eq(r.code, 0, "%s", r.err);
    res_free(&r);
    cr_assert_eq(chmod(ledger, 0644), 0);
    char wal[340], shm_[340];
    snprintf(wal, sizeof wal, "%s-wal", ledger);
    snprintf(shm_, sizeof shm_, "%s-shm", ledger);
    cr_assert(!exists(wal) && !exists(shm_), "the owner's commands close the ledger cleanly");

    AS(&r, READER, "participant", "list", "t", "--csv");
    cr_expect_eq(r.code, 0, "another user reads: %d %s", r.code, r.err);
    cr_expect_str_eq(r.out, "name,dept,tags,weight,status,aliases\nalice,,,1,active,\n");
    res_free(&r);
    cr_expect(!exists(wal) && !exists(shm_), "the reader left no -wal or -shm behind");

    /* Before: "attempt to write a readonly database" from here on. */
    AS(&r, OWNER, "participant", "add", "t", "bob");
    cr_expect_eq(r.code, 0, "the owner writes after the reader: %d %s", r.code, r.err);
    res_free(&r);
    AS(&r, READER, "participant", "add", "t", "carol");
    cr_expect_eq(r.code, 3, "the reader may not write: %d %s", r.code, r.err);
    one_error(&r, "cannot write ledger");
    res_free(&r);
    AS(&r, OWNER, "participant", "list", "t", "--csv");
    cr_expect_str_eq(r.out,
                     "name,dept,tags,weight,status,aliases\nalice,,,1,active,\nbob,,,1,active,\n");
    res_free(&r);

    /* Half a pair of WAL files: refused with the fix, nothing created. */
    FILE *f = fopen(wal, "w");
    cr_assert_not_null(f);
    fclose(f);
    cr_assert_eq(chown(wal, 12345, 12345), 0);
    AS(&r, READER, "participant", "list", "t");
    cr_expect_eq(r.code, 3, "%d %s", r.code, r.err);
    one_error(&r, "its -shm file is missing");
    res_free(&r);
    cr_expect(!exists(shm_), "no -shm created by the reader");
}

/* --- 4. backup while writers keep committing ------------------------------ */

static volatile int stop_writing;
static volatile long commits;
static outlay_err writer_err;

/* Commits expenses one transaction each, as fast as it can, until told to
 * stop: a steady stream of writers in another connection. Criterion's
 * asserts belong to the test's thread, so a failure is left in writer_err. */
static void *keep_writing(void *arg)
{
    (void)arg;
    outlay_store *st = NULL;
    outlay_err *err = &writer_err;
    if (outlay_store_open(&st, ledger, OUTLAY_STORE_WRITE, err) != OUTLAY_OK) {
        commits = -1;
        return NULL;
    }
    while (!stop_writing) {
        struct outlay_activity a;
        struct outlay_expense_in in = {.category = "load", .amount = "1.00"};
        if (outlay_store_begin(st, 1, err) != OUTLAY_OK)
            break;
        if (outlay_ledger_activity(st, "t", 1, &a, err) != OUTLAY_OK) {
            outlay_store_rollback(st);
            break;
        }
        enum outlay_status rc = outlay_ledger_expense_add(st, &a, &in, 1, NULL, NULL, NULL, err);
        outlay_activity_release(&a);
        if (rc != OUTLAY_OK || outlay_store_commit(st, err) != OUTLAY_OK) {
            outlay_store_rollback(st);
            break;
        }
        commits++;
    }
    outlay_store_close(st);
    return NULL;
}

Test(ledger_files, backup_finishes_under_write_load, .init = setup, .fini = teardown,
     .timeout = TIMEOUT)
{
    setenv("OUTLAY_TODAY", "2026-03-08", 1);
    /* On /dev/shm when there is one, so that commits (no real fsync) come
     * faster than the old copy's steps, as with many writers on a disk. */
    snprintf(shm, sizeof shm, "/dev/shm/outlay-rel-XXXXXX");
    if (mkdtemp(shm))
        snprintf(ledger, sizeof ledger, "%s/l.db", shm);
    else
        shm[0] = '\0';
    make_ledger();
    /* Big enough that the copy takes many steps of 1,024 pages: 60,000
     * expenses with long items, some 25 MB. */
    FILE *f = fopen("rows.csv", "w");
    cr_assert_not_null(f);
    fputs("category,amount,item\n", f);
    for (int i = 0; i < 60000; i++)
        fprintf(f, "c%d,%d.%02d,item %d %0300d\n", i % 7, i % 1000, i % 100, i, i);
    fclose(f);
    MUST("import", "expenses", "t", "rows.csv");
    pthread_t th;
    stop_writing = 0;
    cr_assert_eq(pthread_create(&th, NULL, keep_writing, NULL), 0);
    while (commits >= 0 && commits < 10 && !writer_err.status) /* the writer is under way */
        usleep(1000);
    cr_assert_eq(writer_err.status, OUTLAY_OK, "writer: %s", problem_str(&writer_err));
    /* Before: the copy restarted at every commit and never finished; the
     * test then hung until its timeout. */
    struct res r = {0};
    long during = 0;
    /* A copy can be quick enough that no commit falls inside it: copy
     * again (each must succeed) until one ran while the other wrote. */
    for (int attempt = 0; attempt < 8 && during == 0; attempt++) {
        long at_start = commits;
        res_free(&r);
        r = (struct res){0};
        OUTLAY(&r, "backup", "copy.db");
        during = commits - at_start;
        cr_assert_eq(r.code, 0, "backup under load: %d %s", r.code, r.err);
    }
    stop_writing = 1;
    pthread_join(th, NULL);
    cr_expect_eq(writer_err.status, OUTLAY_OK, "writer: %s", problem_str(&writer_err));
    cr_expect_gt(during, 0, "writers committed while one of the backups ran");
    res_free(&r);
    /* The copy is one consistent snapshot: a ledger that passes check. */
    snprintf(ledger, sizeof ledger, "%s/copy.db", dir);
    OUTLAY(&r, "check");
    cr_expect_eq(r.code, 0, "the copy passes check: %s %s", r.out, r.err);
    res_free(&r);
    cr_log_info("backup of a 60,000-expense ledger with %ld commits by another writer meanwhile",
                during);
}

/* A reader who cannot write the ledger reads it as an immutable file when
 * its owner has it closed (above). Should the owner write meanwhile, what
 * was read may be torn: outlay_store_unchanged() says so, so the command
 * fails with "run the command again" instead of showing it. The reader is
 * a child process with another uid, holding the ledger open while the
 * owner (here root, as any writer) commits. */
Test(ledger_files_root, a_reader_learns_the_owner_wrote_meanwhile, .init = setup, .fini = teardown,
     .timeout = TIMEOUT)
{
    if (geteuid() != 0)
        cr_skip_test("needs root to act as two users");
    cr_assert_eq(chmod(dir, 01777), 0);
    make_ledger();
    cr_assert_eq(chown(ledger, 12346, 12346), 0);
    int go[2], ready[2];
    cr_assert_eq(pipe(go), 0);
    cr_assert_eq(pipe(ready), 0);
    for (int write_meanwhile = 0; write_meanwhile < 2; write_meanwhile++) {
        pid_t pid = fork();
        cr_assert_neq(pid, -1);
        if (pid == 0) {
            outlay_store *st = NULL;
            outlay_err err = {0};
            char c = 0;
            if (setgid(12345) != 0 || setuid(12345) != 0)
                _exit(10);
            if (outlay_store_open(&st, ledger, OUTLAY_STORE_READ, &err) != OUTLAY_OK)
                _exit(11);
            if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
                _exit(12);
            enum outlay_status rc = outlay_store_unchanged(st, &err);
            outlay_store_close(st);
            if (rc == OUTLAY_OK)
                _exit(0);
            _exit(rc == OUTLAY_EBUSY && err.code == OUTLAY_P_STORE_CHANGED ? 1 : 13);
        }
        char c;
        cr_assert_eq(read(ready[0], &c, 1), 1);
        if (write_meanwhile)
            MUST("participant", "add", "t", write_meanwhile ? "bob" : "x");
        cr_assert_eq(write(go[1], "g", 1), 1);
        int code = wait_code(pid);
        cr_expect_eq(code, write_meanwhile, "%s: child exit %d",
                     write_meanwhile ? "the owner wrote" : "nobody wrote", code);
    }
    close(go[0]);
    close(go[1]);
    close(ready[0]);
    close(ready[1]);
}
