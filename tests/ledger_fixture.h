/*
 * ledger_fixture: a fresh ledger in a temporary directory with one activity
 * "trip", inside an open write transaction, for the ledger-level suites.
 *
 *     ledger_fixture_open(&fx, "/tmp/outlay-ledger-XXXXXX", &in);   // .init
 *     ... fx.st, fx.act ...
 *     ledger_fixture_close(&fx);                                    // .fini
 */
#ifndef OUTLAY_TESTS_LEDGER_FIXTURE_H
#define OUTLAY_TESTS_LEDGER_FIXTURE_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "outlay/ledger.h"

struct ledger_fixture {
    char dir[64];
    outlay_store *st;
    struct outlay_activity act;
};

static inline void ledger_fixture_open(struct ledger_fixture *fx, const char *dir_template,
                                       const struct outlay_activity_in *in)
{
    outlay_err err = {0};
    char path[512];
    snprintf(fx->dir, sizeof fx->dir, "%s", dir_template);
    cr_assert_not_null(mkdtemp(fx->dir));
    snprintf(path, sizeof path, "%s/l.db", fx->dir);
    /* SPEC §17: with OUTLAY_TEST_PG (make test-pg) the ledger is a branch of
     * its own in that PostgreSQL database (one per test: Criterion runs each
     * in a process of its own) */
    const char *pg = getenv("OUTLAY_TEST_PG");
    static unsigned serial;
    if (pg && *pg)
        snprintf(path, sizeof path, "%s&options=-c%%20outlay.branch%%3Dfx_%ld_%u", pg,
                 (long)getpid(), serial++);
    cr_assert_eq(outlay_store_open(&fx->st, path, OUTLAY_STORE_WRITE, &err), OUTLAY_OK);
    cr_assert_eq(outlay_store_begin(fx->st, 1, &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_activity_add(fx->st, "trip", in, &err), OUTLAY_OK, "%s",
                 outlay_problem_name(err.code));
    cr_assert_eq(outlay_ledger_activity(fx->st, "trip", 1, &fx->act, &err), OUTLAY_OK);
}

static inline void ledger_fixture_close(struct ledger_fixture *fx)
{
    char cmd[128];
    outlay_activity_release(&fx->act);
    outlay_store_rollback(fx->st);
    outlay_store_close(fx->st);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    cr_assert_eq(system(cmd), 0);
}

#endif
