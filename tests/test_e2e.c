/*
 * End-to-end: every directory tests/e2e/<case>/ holds `cmd` (a shell script
 * run in a fresh temporary directory with `outlay` on PATH), and the
 * expected `stdout`, `stderr` and `status` of that script. Compared exactly.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "test_util.h"

#define E2E_DIR OUTLAY_TESTDIR "/e2e"

struct e2e_case {
    char name[64];
};

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct e2e_case *)a)->name, ((const struct e2e_case *)b)->name);
}

ParameterizedTestParameters(e2e, golden)
{
    static struct e2e_case cases[256];
    size_t n = 0;
    DIR *d = opendir(E2E_DIR);
    struct dirent *de;
    while (d && (de = readdir(d)) && n < 256) {
        if (de->d_name[0] == '.' || strstr(de->d_name, ".sh"))
            continue;
        snprintf(cases[n++].name, sizeof cases[0].name, "%.63s", de->d_name);
    }
    if (d)
        closedir(d);
    qsort(cases, n, sizeof cases[0], by_name);
    return cr_make_param_array(struct e2e_case, cases, n);
}

ParameterizedTest(struct e2e_case *c, e2e, golden, .timeout = 120)
{
    char dir[] = "/tmp/outlay-e2e-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char bin[4096], cmd[20000], path[8192];
    snprintf(bin, sizeof bin, "%s", OUTLAY_BIN);
    *strrchr(bin, '/') = 0;
    snprintf(cmd, sizeof cmd,
             "mkdir '%s/work' && cd '%s/work' && env -i PATH='%s:/usr/bin:/bin' HOME='%s' LANG=C "
             "LC_ALL=C.UTF-8 "
             "OUTLAY_TODAY=2026-03-08 OUTLAY_TEMPLATES='%s/../templates' "
             "OUTLAY_EXAMPLES='%s/../examples' OUTLAY_TESTDATA='%s/data' "
             "sh -e '%s/%s/cmd' >../out.txt 2>../err.txt; echo $? >../status.txt",
             dir, dir, bin, dir, OUTLAY_TESTDIR, OUTLAY_TESTDIR, OUTLAY_TESTDIR, E2E_DIR, c->name);
    int rc = system(cmd);
    cr_assert_neq(rc, -1);
    static const char *const parts[][2] = {
        {"stdout", "out.txt"}, {"stderr", "err.txt"}, {"status", "status.txt"}};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s/%s", E2E_DIR, c->name, parts[i][0]);
        char *want = slurp(path, NULL);
        snprintf(path, sizeof path, "%s/%s", dir, parts[i][1]);
        char *got = slurp(path, NULL);
        cr_assert_not_null(got);
        if (!want)
            want = strdup(i == 2 ? "0\n" : "");
        cr_expect_str_eq(got, want, "case %s: %s differs\n--- expected\n%s--- got\n%s", c->name,
                         parts[i][0], want, got);
        free(want);
        free(got);
    }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        cr_log_warn("could not remove %s", dir);
}
