/*
 * The harness of the reliability tests (tests/test_reliability*.c): run the
 * built outlay (OUTLAY_BIN) in a fresh temporary directory per test and
 * capture its exit code, stdout and stderr. Header-only so that each test
 * file stays a plain Criterion file.
 */
#ifndef OUTLAY_TESTS_RELIABILITY_HARNESS_H
#define OUTLAY_TESTS_RELIABILITY_HARNESS_H

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../test_util.h"

#define HOSTILE OUTLAY_TESTDIR "/data/hostile"

/* One timeout (a guard against hangs, not a timed assertion) for every
 * test: Criterion 2.4.1's runner leaks a timer when tests with different
 * timeouts run in parallel, and LeakSanitizer then fails the binary. */
#define TIMEOUT 900

extern char **environ;

/* --- running commands ---------------------------------------------------- */

static char dir[200];    /* this test's temporary directory (also the cwd) */
static char ledger[320]; /* dir/l.db unless a test moves it */
static char mnt[240];    /* a private tmpfs, when a test mounts one */
static char shm[200];    /* a directory in /dev/shm, when a test makes one */
static unsigned nruns;

struct res {
    int code; /* exit status, or 128 + signal */
    char *out, *err;
    size_t outlen;
};

static inline void res_free(struct res *r)
{
    free(r->out);
    free(r->err);
    memset(r, 0, sizeof *r);
}

static inline int wait_code(pid_t pid)
{
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Starts argv (searched in PATH) with stdin from in (or /dev/null) and
 * stdout/stderr appended to out/err. */
static inline pid_t spawn(const char *const *argv, const char *in, const char *out, const char *err)
{
    posix_spawn_file_actions_t fa;
    pid_t pid;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, in ? in : "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err, O_WRONLY | O_CREAT | O_APPEND, 0644);
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    return rc == 0 ? pid : -1;
}

/* Runs argv to completion; stdout to out_path when given (kept), else
 * captured in r->out. */
static inline void run_to(struct res *r, const char *const *argv, const char *out_path)
{
    char out[320], err[320];
    unsigned n = nruns++;
    snprintf(out, sizeof out, "%s/.run%u.out", dir, n);
    snprintf(err, sizeof err, "%s/.run%u.err", dir, n);
    pid_t pid = spawn(argv, NULL, out_path ? out_path : out, err);
    cr_assert_neq(pid, -1, "cannot start %s", argv[0]);
    r->code = wait_code(pid);
    r->out = out_path ? strdup("") : slurp(out, &r->outlen);
    r->err = slurp(err, NULL);
    cr_assert(r->out && r->err);
    unlink(out);
    unlink(err);
}

/* `outlay -L LEDGER ARGS...`. */
static inline void outlay_to(struct res *r, const char *const *args, const char *out_path)
{
    const char *argv[64] = {OUTLAY_BIN, "-L", ledger};
    size_t n = 3;
    while (*args && n < 63)
        argv[n++] = *args++;
    argv[n] = NULL;
    run_to(r, argv, out_path);
}

#define OUTLAY(r, ...) outlay_to((r), (const char *const[]){__VA_ARGS__, NULL}, NULL)
#define OUTLAY_TO(r, path, ...) outlay_to((r), (const char *const[]){__VA_ARGS__, NULL}, (path))
#define RUN(r, ...) run_to((r), (const char *const[]){__VA_ARGS__, NULL}, NULL)

/* Runs and demands success. */
#define MUST(...)                                                                                  \
    do {                                                                                           \
        struct res m_ = {0};                                                                       \
        OUTLAY(&m_, __VA_ARGS__);                                                                  \
        cr_assert_eq(m_.code, 0, "outlay %s failed (%d): %s", #__VA_ARGS__, m_.code, m_.err);      \
        res_free(&m_);                                                                             \
    } while (0)

static inline size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static inline size_t count_substr(const char *s, const char *sub)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, sub)); p += strlen(sub))
        n++;
    return n;
}

/* Exactly one "outlay: error:" line, naming `what` when given. */
static inline void one_error(const struct res *r, const char *what)
{
    cr_expect_eq(count_substr(r->err, "outlay: error: "), 1, "want one error line, got:\n%s",
                 r->err);
    if (what)
        cr_expect(strstr(r->err, what) != NULL, "error should name '%s': %s", what, r->err);
}

/* The whole file, which must exist; free it. */
static inline char *bytes_of(const char *path, size_t *len)
{
    char *b = slurp(path, len);
    cr_assert_not_null(b, "cannot read %s", path);
    return b;
}

/* The file holds exactly the len bytes of before. */
static inline void same_bytes(const char *path, const char *before, size_t len)
{
    size_t n = 0;
    char *now_ = bytes_of(path, &n);
    cr_expect(n == len && memcmp(now_, before, len) == 0, "'%s' changed (%zu bytes, was %zu)", path,
              n, len);
    free(now_);
}

static inline int exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* Names in d that begin with prefix. */
static inline int count_files(const char *d, const char *prefix)
{
    DIR *dd = opendir(d);
    struct dirent *de;
    int n = 0;
    while (dd && (de = readdir(dd)))
        n += strncmp(de->d_name, prefix, strlen(prefix)) == 0;
    if (dd)
        closedir(dd);
    return n;
}

/* SPEC §17: under OUTLAY_TEST_PG (make test-pg) the ledger called name is
 * a branch of its own in that PostgreSQL database (Criterion runs each test
 * in a process of its own), else the file dir/name; a test about SQLite's
 * files is skipped there. */
static inline const char *test_pg(void)
{
    const char *pg = getenv("OUTLAY_TEST_PG");
    return pg && *pg ? pg : NULL;
}

static inline void ledger_named(const char *name)
{
    if (test_pg())
        snprintf(ledger, sizeof ledger, "%s&options=-c%%20outlay.branch%%3Drel_%ld_%s", test_pg(),
                 (long)getpid(), name);
    else
        snprintf(ledger, sizeof ledger, "%s/%s", dir, name);
}

#define SQLITE_ONLY(why)                                                                           \
    do {                                                                                           \
        if (test_pg())                                                                             \
            cr_skip_test("a SQLite ledger's own: %s", why);                                        \
    } while (0)

static inline void setup(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/outlay-rel-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    cr_assert_not_null(mkdtemp(dir));
    cr_assert_eq(chdir(dir), 0);
    ledger_named("l.db");
    mnt[0] = shm[0] = '\0';
    nruns = 0;
}

static inline void teardown(void)
{
    char cmd[400];
    if (mnt[0])
        umount2(mnt, MNT_DETACH);
    if (chdir("/") != 0)
        return;
    if (shm[0]) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", shm);
        if (system(cmd) != 0)
            cr_log_warn("could not remove %s", shm);
    }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        cr_log_warn("could not remove %s", dir);
}

/* An activity `t` with one participant. */
static inline void make_ledger(void)
{
    MUST("init");
    MUST("activity", "add", "t", "--title", "Trip");
    MUST("participant", "add", "t", "alice");
}

/* Everything the ledger holds for `t`, as CSV: to show nothing changed. */
static inline char *state(void)
{
    static const char *const what[][2] = {{"expense", "list"},
                                          {"participant", "list"},
                                          {"budget", "list"},
                                          {"deposit", "list"},
                                          {"log", NULL}};
    size_t total = 1;
    char *s = calloc(1, 1);
    for (size_t i = 0; i < sizeof what / sizeof what[0]; i++) {
        struct res r = {0};
        if (what[i][1])
            OUTLAY(&r, what[i][0], what[i][1], "t", "--csv");
        else
            OUTLAY(&r, what[i][0], "t", "--csv");
        cr_assert_eq(r.code, 0, "%s: %s", what[i][0], r.err);
        total += r.outlen;
        s = realloc(s, total);
        strcat(s, r.out);
        res_free(&r);
    }
    return s;
}

static inline void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fputs(text, f) >= 0, 1);
    cr_assert_eq(fclose(f), 0);
}

/* A deterministic expenses CSV of n rows; item "needle-%06d". */
static inline void expenses_csv(const char *path, long n)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fputs("category,amount,date,item,payee\n", f);
    for (long i = 1; i <= n; i++)
        fprintf(f, "c%ld,%ld.%02ld,2026-05-%02ld,needle-%06ld,payee %ld\n", i % 13, i % 997,
                i % 100, 1 + i % 28, i, i % 50);
    cr_assert_eq(fclose(f), 0);
}

static inline long expense_count(void)
{
    struct res r = {0};
    OUTLAY(&r, "expense", "list", "t", "--csv");
    cr_assert_eq(r.code, 0, "expense list: %s", r.err);
    long n = (long)count_lines(r.out) - 1;
    res_free(&r);
    return n;
}

static inline void check_passes(void)
{
    struct res r = {0};
    OUTLAY(&r, "check");
    cr_assert_eq(r.code, 0, "check failed (%d): %s%s", r.code, r.out, r.err);
    res_free(&r);
}

static inline double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

#endif
