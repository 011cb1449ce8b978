/* outfile: where written files land (include/outlay/outfile.h). */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "outlay/outfile.h"
#include "test_util.h"

static char dir[128];

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/outlay-outfile-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_eq(chdir(dir), 0);
}

static void teardown(void)
{
    char cmd[200];
    if (chdir("/") == 0) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        cr_expect_eq(system(cmd), 0);
    }
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "%s", path);
    fputs(text, f);
    cr_assert_eq(fclose(f), 0);
}

static char *get(const char *path)
{
    char *s = slurp(path, NULL);
    cr_assert_not_null(s, "cannot read %s", path);
    return s;
}

/* Writes text through outlay_outfile to path; returns the status. */
static enum outlay_status write_through(const char *path, const char *guard, const char *text,
                                        outlay_err *err)
{
    struct outlay_outfile of;
    enum outlay_status rc = outlay_outfile_begin(&of, path, guard, 0666, err);
    if (rc == OUTLAY_OK) {
        put(of.tmp, text);
        rc = outlay_outfile_commit(&of, err);
    }
    outlay_outfile_release(&of);
    return rc;
}

TestSuite(outfile, .init = setup, .fini = teardown);

Test(outfile, guarded_however_spelled)
{
    put("l.db", "ledger");
    put("l.db-wal", "wal");
    cr_assert_eq(symlink("l.db", "link.db"), 0);
    cr_assert_eq(link("l.db", "hard.db"), 0);
    cr_assert_eq(mkdir("sub", 0755), 0);
    char abs[300];
    snprintf(abs, sizeof abs, "%s/l.db", dir);
    /* By identity when the file exists, by canonical name when it does not
     * (-shm, -journal), whichever spelling names the ledger. */
    const char *const guarded[] = {"l.db",     "./l.db",        "sub/../l.db", abs,
                                   "link.db",  "hard.db",       "l.db-wal",    "sub/../l.db-wal",
                                   "l.db-shm", "./l.db-journal"};
    for (size_t i = 0; i < sizeof guarded / sizeof guarded[0]; i++) {
        cr_expect(outlay_outfile_is_guarded(guarded[i], "l.db"), "%s", guarded[i]);
        cr_expect(outlay_outfile_is_guarded(guarded[i], "link.db"), "%s via link", guarded[i]);
        cr_expect(outlay_outfile_is_guarded(guarded[i], abs), "%s via absolute", guarded[i]);
        outlay_err err = {0};
        cr_expect_eq(write_through(guarded[i], "l.db", "oops", &err), OUTLAY_EINVAL, "%s",
                     guarded[i]);
        char want[400];
        snprintf(want, sizeof want, "outfile_ledger(%s)", guarded[i]);
        cr_expect_str_eq(problem_str(&err), want);
    }
    const char *const free_[] = {"l.db2", "l.db-wal2", "sub/l.db", "l.dbx-wal", "other.xlsx"};
    for (size_t i = 0; i < sizeof free_ / sizeof free_[0]; i++)
        cr_expect(!outlay_outfile_is_guarded(free_[i], "l.db"), "%s", free_[i]);
    cr_expect(!outlay_outfile_is_guarded("l.db", NULL));
    char *s = get("l.db");
    cr_expect_str_eq(s, "ledger");
    free(s);
    s = get("l.db-wal");
    cr_expect_str_eq(s, "wal");
    free(s);
}

Test(outfile, regular_files_replaced_whole)
{
    outlay_err err = {0};
    cr_assert_eq(write_through("new.txt", NULL, "one", &err), OUTLAY_OK, "%s", problem_str(&err));
    char *s = get("new.txt");
    cr_expect_str_eq(s, "one");
    free(s);
    cr_assert_eq(chmod("new.txt", 0640), 0);
    cr_assert_eq(write_through("new.txt", NULL, "two", &err), OUTLAY_OK, "%s", problem_str(&err));
    s = get("new.txt");
    cr_expect_str_eq(s, "two");
    free(s);
    struct stat sb;
    cr_assert_eq(stat("new.txt", &sb), 0);
    cr_expect_eq(sb.st_mode & 0777, 0640, "an existing file keeps its permissions");

    /* Through a link: the target is replaced, the link stays. */
    cr_assert_eq(mkdir("d", 0755), 0);
    put("d/t.txt", "old");
    cr_assert_eq(symlink("d/t.txt", "ln.txt"), 0);
    cr_assert_eq(write_through("ln.txt", NULL, "new", &err), OUTLAY_OK, "%s", problem_str(&err));
    cr_assert_eq(lstat("ln.txt", &sb), 0);
    cr_expect(S_ISLNK(sb.st_mode));
    s = get("d/t.txt");
    cr_expect_str_eq(s, "new");
    free(s);

    /* Abandoned: nothing under the name, no temporary file left. */
    struct outlay_outfile of;
    cr_assert_eq(outlay_outfile_begin(&of, "gone.txt", NULL, 0666, &err), OUTLAY_OK);
    char tmp[300];
    snprintf(tmp, sizeof tmp, "%s", of.tmp);
    outlay_outfile_release(&of);
    cr_expect_neq(access("gone.txt", F_OK), 0);
    cr_expect_neq(access(tmp, F_OK), 0);
    outlay_outfile_release(&of); /* twice is harmless */
}

Test(outfile, devices_and_pipes_written_into)
{
    outlay_err err = {0};
    struct stat before, after;
    cr_assert_eq(stat("/dev/null", &before), 0);
    cr_expect_eq(write_through("/dev/null", NULL, "bytes", &err), OUTLAY_OK, "%s",
                 problem_str(&err));
    cr_assert_eq(stat("/dev/null", &after), 0);
    cr_expect(S_ISCHR(after.st_mode) && after.st_ino == before.st_ino);

    /* A FIFO with a reader gets the bytes. */
    cr_assert_eq(mkfifo("fifo", 0600), 0);
    pid_t pid = fork();
    cr_assert_neq(pid, -1);
    if (pid == 0) {
        int in = open("fifo", O_RDONLY), out = open("got", O_WRONLY | O_CREAT, 0600);
        char buf[64];
        ssize_t n;
        while ((n = read(in, buf, sizeof buf)) > 0)
            if (write(out, buf, (size_t)n) != n)
                _exit(1);
        _exit(0);
    }
    cr_expect_eq(write_through("fifo", NULL, "through the pipe", &err), OUTLAY_OK, "%s",
                 problem_str(&err));
    int st;
    waitpid(pid, &st, 0);
    char *s = get("got");
    cr_expect_str_eq(s, "through the pipe");
    free(s);
    struct stat sb;
    cr_assert_eq(lstat("fifo", &sb), 0);
    cr_expect(S_ISFIFO(sb.st_mode), "the FIFO is still a FIFO");
}

Test(outfile, refused_paths)
{
    outlay_err err = {0};
    cr_assert_eq(mkdir("adir", 0755), 0);
    cr_expect_eq(write_through("adir", NULL, "x", &err), OUTLAY_EINVAL);
    cr_expect_str_eq(problem_str(&err), "outfile_directory(adir)");
    cr_assert_eq(symlink("missing/x", "dangling"), 0);
    cr_expect_eq(write_through("dangling", NULL, "x", &err), OUTLAY_EINVAL);
    cr_expect_str_eq(problem_str(&err), "outfile_dangling(dangling)");
    cr_expect_eq(write_through("no/such/dir/x", NULL, "x", &err), OUTLAY_EIO);
    cr_expect_str_eq(problem_str(&err), "outfile_write(no/such/dir/x, ENOENT)");
    cr_expect_eq(write_through("", NULL, "x", &err), OUTLAY_EINVAL);
    cr_expect_str_eq(problem_str(&err), "outfile_no_name()");
}
