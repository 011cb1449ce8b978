/* bills: participant aliases (SPEC §15) and the deposits they find. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/ledger.h"
#include "outlay/store.h"

#include "ledger_fixture.h"
#include "test_util.h"

static struct ledger_fixture fx;

static void setup(void)
{
    struct outlay_activity_in in = {.title = "Trip", .deposit = "360", .headcount = "3"};
    ledger_fixture_open(&fx, "/tmp/outlay-bills-XXXXXX", &in);
    outlay_err err = {0};
    const char *names[] = {"Li Wei", "Wang Fang"};
    for (size_t i = 0; i < 2; i++) {
        struct outlay_participant_in p = {.name = names[i]};
        cr_assert_eq(outlay_ledger_participant_add(fx.st, &fx.act, &p, 1, &err), OUTLAY_OK);
    }
}

static void teardown(void)
{
    ledger_fixture_close(&fx);
}

TestSuite(alias, .init = setup, .fini = teardown);

static char *aliases_of(const char *name)
{
    outlay_err err = {0};
    struct outlay_participant p;
    char *joined = NULL;
    cr_assert_eq(outlay_store_participant_get(fx.st, fx.act.id, name, &p, &err), OUTLAY_OK);
    cr_assert_eq(outlay_ledger_participant_aliases(fx.st, p.id, &joined, &err), OUTLAY_OK);
    return joined;
}

Test(alias, added_listed_sorted_and_removed)
{
    outlay_err err = {0};
    /* The participant by the key of the name; the alias as a name is taken
     * (trimmed, inner runs of spaces made one). */
    cr_assert_eq(outlay_ledger_participant_alias(fx.st, &fx.act, "li  wei", " 小李 ", 0, &err),
                 OUTLAY_OK);
    cr_assert_eq(outlay_ledger_participant_alias(fx.st, &fx.act, "Li Wei", "LW  88", 0, &err),
                 OUTLAY_OK);
    char *a = aliases_of("Li Wei");
    cr_assert_str_eq(a, "LW 88;小李");
    free(a);
    a = aliases_of("Wang Fang");
    cr_assert_str_eq(a, "");
    free(a);
    /* Removed by its key. */
    cr_assert_eq(outlay_ledger_participant_alias(fx.st, &fx.act, "Li Wei", "lw 88", 1, &err),
                 OUTLAY_OK);
    a = aliases_of("Li Wei");
    cr_assert_str_eq(a, "小李");
    free(a);
}

Test(alias, unique_within_the_activity)
{
    outlay_err err = {0};
    cr_assert_eq(outlay_ledger_participant_alias(fx.st, &fx.act, "Li Wei", "小李", 0, &err),
                 OUTLAY_OK);
    cr_assert_eq(outlay_ledger_participant_alias(fx.st, &fx.act, "Wang Fang", "小李", 0, &err),
                 OUTLAY_EEXIST);
    cr_assert_str_eq(problem_str(&err), "alias_taken(小李, Li Wei)");
    cr_assert_eq(outlay_ledger_participant_alias(fx.st, &fx.act, "Li Wei", "小李", 0, &err),
                 OUTLAY_EEXIST);
    cr_assert_str_eq(problem_str(&err), "alias_taken(小李, Li Wei)");
    cr_assert_eq(outlay_ledger_participant_alias(fx.st, &fx.act, "Li Wei", "WANG fang", 0, &err),
                 OUTLAY_EEXIST);
    cr_assert_str_eq(problem_str(&err), "alias_is_name(WANG fang, Wang Fang)");
    cr_assert_eq(outlay_ledger_participant_alias(fx.st, &fx.act, "Wang Fang", "小李", 1, &err),
                 OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "alias_none(小李, Wang Fang)");
    cr_assert_eq(outlay_ledger_participant_alias(fx.st, &fx.act, "Nobody", "x", 0, &err),
                 OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "no_participant_to_set(Nobody, trip)");
    cr_assert_eq(outlay_ledger_participant_alias(fx.st, &fx.act, "Li Wei", "  ", 0, &err),
                 OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "name_empty()");
}

Test(alias, payments_find_the_participant_by_alias)
{
    outlay_err err = {0};
    cr_assert_eq(outlay_ledger_participant_alias(fx.st, &fx.act, "Wang Fang", "芳芳", 0, &err),
                 OUTLAY_OK);
    struct outlay_payment_in in = {.name = "芳芳", .amount = "360", .date = "2026-05-01"};
    int64_t no = 0;
    cr_assert_eq(
        outlay_ledger_payment_add(fx.st, &fx.act, OUTLAY_DEPOSIT, &in, 1, &no, NULL, NULL, &err),
        OUTLAY_OK, "%s", problem_str(&err));
    struct outlay_payment p;
    cr_assert_eq(outlay_store_payment_get(fx.st, OUTLAY_DEPOSIT, fx.act.id, no, &p, &err),
                 OUTLAY_OK);
    cr_assert_str_eq(p.name, "Wang Fang");
    cr_assert_eq(p.amount, 36000);
    /* A name still comes first, and neither is a stranger. */
    in.name = "李四";
    cr_assert_eq(
        outlay_ledger_payment_add(fx.st, &fx.act, OUTLAY_DEPOSIT, &in, 0, &no, NULL, NULL, &err),
        OUTLAY_EINVAL);
    cr_assert_str_eq(problem_str(&err), "no_participant(李四, trip)");
}

/* Schema 7: a deposit keeps a payment app's transaction id, and the
 * activity knows it holds it (deposits, payouts, expense receipts). */
Test(alias, references_are_kept_and_found)
{
    outlay_err err = {0};
    struct outlay_payment_in in = {
        .name = "Li Wei", .amount = "360", .date = "2026-05-01", .reference = "4200001234"};
    int64_t no = 0;
    cr_assert_eq(
        outlay_ledger_payment_add(fx.st, &fx.act, OUTLAY_DEPOSIT, &in, 0, &no, NULL, NULL, &err),
        OUTLAY_OK);
    struct outlay_payment p;
    cr_assert_eq(outlay_store_payment_get(fx.st, OUTLAY_DEPOSIT, fx.act.id, no, &p, &err),
                 OUTLAY_OK);
    cr_assert_str_eq(p.reference, "4200001234");
    cr_assert_eq(outlay_store_reference_held(fx.st, fx.act.id, "4200001234", &err), 1);
    cr_assert_eq(outlay_store_reference_held(fx.st, fx.act.id, "4200001235", &err), 0);
    struct outlay_expense_in e = {.category = "meals", .amount = "10", .receipt = "T-9"};
    cr_assert_eq(outlay_ledger_expense_add(fx.st, &fx.act, &e, 0, NULL, NULL, NULL, &err),
                 OUTLAY_OK, "%s", problem_str(&err));
    cr_assert_eq(outlay_store_reference_held(fx.st, fx.act.id, "T-9", &err), 1);
}
