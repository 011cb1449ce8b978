/*
 * The main() of every test program: Criterion's own, plus skips that show.
 *
 * Criterion prints a test that called cr_skip_test() only with --verbose,
 * counts it neither as passed nor as failed, and exits 0, so ctest would
 * report the program as Passed. Here each skip is named on stderr, and a run
 * with a skip and no failure exits OUTLAY_TEST_SKIPPED, which CMakeLists.txt
 * gives ctest as SKIP_RETURN_CODE: ctest then reports the program as
 * skipped, never as passed. A failure still exits 1, and so does a run in
 * which no test ran at all (a --filter that matches nothing, a suite
 * renamed): nothing tested is not a pass.
 */
#include <criterion/criterion.h>
#include <criterion/hooks.h>
#include <stdio.h>

/* Automake's and ctest's conventional "skipped" status. */
#define OUTLAY_TEST_SKIPPED 77

static size_t ran, skipped;

/* Report hooks run in the runner process, once per test that ran (tests
 * left out by --filter or .disabled never reach them). */
ReportHook(POST_TEST)(struct criterion_test_stats *stats)
{
    ran++;
    if (stats->test_status != CR_STATUS_SKIPPED)
        return;
    skipped++;
    fprintf(stderr, "SKIPPED %s::%s: %s\n", stats->test->category, stats->test->name,
            stats->message ? stats->message : "(no reason given)");
}

int main(int argc, char *argv[])
{
    struct criterion_test_set *tests = criterion_initialize();
    int result = 0, run = criterion_handle_args(argc, argv, true);
    if (run)
        result = !criterion_run_all_tests(tests);
    criterion_finalize(tests);
    if (run && result == 0 && ran == 0) {
        fputs("no test ran: nothing was tested\n", stderr);
        return 1;
    }
    if (result == 0 && skipped > 0) {
        fprintf(stderr, "%zu test(s) SKIPPED, not passed (exit %d)\n", skipped,
                OUTLAY_TEST_SKIPPED);
        return OUTLAY_TEST_SKIPPED;
    }
    return result;
}
