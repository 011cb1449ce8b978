/*
 * The benchmark harness at small N, so it cannot rot: `bench/run 10000`
 * against the outlay under test (the ASan build's in the sanitizer run),
 * with its scratch directory and results file in a temporary directory so
 * bench/results/latest.md is left alone. Without ledger-cli installed the
 * totals are checked against the journal summed by awk instead.
 *
 * The data are generated from a fixed seed, so the totals are exact.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "test_util.h"

#define BENCH_RUN OUTLAY_TESTDIR "/../bench/run"

static int sh(const char *cmd)
{
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void file_has(const char *dir, const char *name, const char *want)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *s = slurp(path, NULL);
    cr_assert_not_null(s, "%s was not written", path);
    cr_expect_not_null(strstr(s, want), "%s lacks \"%s\":\n%s", path, want, s);
    free(s);
}

static void file_lacks(const char *dir, const char *name, const char *unwanted)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *s = slurp(path, NULL);
    cr_assert_not_null(s, "%s was not written", path);
    cr_expect_null(strstr(s, unwanted), "%s still has \"%s\"", path, unwanted);
    free(s);
}

Test(bench, run_10000, .timeout = 600)
{
    char dir[] = "/tmp/outlay-bench-smoke-XXXXXX";
    char cmd[16384];
    cr_assert_not_null(mkdtemp(dir));
    /* Hand-written notes below the marker survive a run. */
    snprintf(cmd, sizeof cmd, "%s/latest.md", dir);
    FILE *f = fopen(cmd, "w");
    cr_assert_not_null(f);
    fputs("# old run\n\n<!-- notes below this line are kept by bench/run -->\n"
          "## Why 为什么\n\nkept note\n",
          f);
    cr_assert_eq(fclose(f), 0);
    const char *peer = sh("command -v ledger >/dev/null 2>&1") == 0 ? "ledger" : "awk";
    /* Two rounds exercise the restoring of the starting ledger; one is
     * enough under the sanitizers, which are slow. */
    int rounds = getenv("OUTLAY_SANITIZED") ? 1 : 2;
    snprintf(cmd, sizeof cmd,
             "OUTLAY='%s' BENCH_DIR='%s/work' BENCH_RESULTS='%s/latest.md' BENCH_PEER=%s "
             "BENCH_ROUNDS=%d bash '%s' 10000 >'%s/out.txt' 2>'%s/err.txt'",
             OUTLAY_BIN, dir, dir, peer, rounds, BENCH_RUN, dir, dir);
    int code = sh(cmd);
    if (code != 0) {
        snprintf(cmd, sizeof cmd, "%s/err.txt", dir);
        char *err = slurp(cmd, NULL);
        cr_assert_eq(code, 0, "bench/run 10000 exited %d:\n%s", code, err ? err : "");
        free(err);
    }

    /* The table, the targets and the check, on stdout and in the results. */
    file_has(dir, "out.txt", "| import expenses | ");
    file_has(dir, "out.txt", "| floor: write cells (libxlsxwriter) | ");
    file_has(dir, "out.txt", "export peak RSS ≤ 64 MB");
    file_has(dir, "out.txt", "PASS: outlay's per-category actual totals equal");
    file_has(dir, "out.txt", "(14 categories)");
    /* SPEC §17: the PostgreSQL case, on a throw-away cluster */
    file_has(dir, "out.txt", "import on PostgreSQL ≤ 1.5 × COPY floor");
    file_has(dir, "out.txt", "| outlay rollup (10 branches x 20 activities x 50 expenses) | ");
    file_has(dir, "latest.md", "- N = 10000 expenses, 1000 participants");
    file_has(dir, "latest.md", "Totals check: PASS");
    file_has(dir, "latest.md", "outlay settle bench --csv\n");
    file_lacks(dir, "latest.md", "# old run");
    file_has(dir, "latest.md",
             "<!-- notes below this line are kept by bench/run -->\n## Why 为什么\n\nkept note\n");

    /* Every step saw all the rows: outlay's own totals, and the floors'. */
    file_has(dir, "work/logs/imp_exp.out", "imported 10000 expenses into 'bench'");
    file_has(dir, "work/logs/imp_part.out", "imported 1000 participants into 'bench'");
    file_has(dir, "work/logs/imp_dep.out", "imported 1000 deposits into 'bench'");
    file_has(dir, "work/logs/report.csv", "\nTOTAL,25289880.00,24946651.28,343228.72,98.6\n");
    file_has(dir, "work/logs/report.csv", "\n门票,1899240.00,1883391.22,15848.78,99.2\n");
    file_has(dir, "work/logs/peer.totals", "门票 188339122\n");
    file_has(dir, "work/logs/f_parse.out", "rows 10000 fields 90009 ");
    file_has(dir, "work/logs/f_insert.out", "rows 10000\n");
    file_has(dir, "work/logs/f_read.out", "rows 10000 ");
    file_has(dir, "work/logs/f_xlsx.out", "rows 10000 + 1000\n");
    file_has(dir, "work/logs/export.out", "bench.xlsx");

    /* The tag-group case (issue 12): G = N/50 groups, and G/4. */
    file_has(dir, "out.txt", "G = 200 participants, each in a tag group of their own");
    file_has(dir, "out.txt", "| check | ");
    file_has(dir, "out.txt", "check ≤ 5 × settle, CPU (200 tag groups)");
    file_has(dir, "out.txt", "PASS: check found the 200-group ledger consistent");
    file_has(dir, "latest.md", "\n## Tag groups (issue 12)\n");
    file_has(dir, "work/logs/g_check.out", "is consistent (1 activity checked)");
    file_has(dir, "work/logs/g_check_q.out", "is consistent (1 activity checked)");
    file_has(dir, "work/logs/g_export.out", "groups-200.xlsx");
    file_has(dir, "work/data/groups-50/groups-participants.csv", "team-50,");

    /* Settlement rule 2 (issue 14): N/10 people in 50 overlapping groups. */
    file_has(dir, "out.txt", "Rule 2 (issue 14): 1000 participants in 50 overlapping tag groups");
    file_has(dir, "out.txt", "| settle --csv, rule 2 | ");
    file_has(
        dir, "out.txt",
        "settle by rule 2 (1000 participants, 50 overlapping tag groups) ≤ 2 × read-back floor");
    file_has(dir, "out.txt", "PASS: 1000 participants settled; the costs add up to the expenses");
    file_has(dir, "latest.md", "\n## Settlement rule 2 (issue 14)\n");
    file_has(dir, "latest.md", "the read-back floor is the pipeline's, same run;");
    file_has(dir, "work/data/overlap/overlap-participants.csv", ";g-50");
    file_has(dir, "work/logs/r2_settle.out", "name,dept,weight,status,deposits,");

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    sh(cmd);
}

Test(bench, usage)
{
    cr_expect_eq(sh("bash '" BENCH_RUN "' 10k >/dev/null 2>&1"), 2);
    cr_expect_eq(sh("OUTLAY=/nonexistent/outlay bash '" BENCH_RUN "' 10 >/dev/null 2>&1"), 2);
    cr_expect_eq(sh("BENCH_CASES=nope bash '" BENCH_RUN "' 10 >/dev/null 2>&1"), 2);
    cr_expect_eq(sh("BENCH_TAG_GROUPS=3 bash '" BENCH_RUN "' 10 >/dev/null 2>&1"), 2);
}
