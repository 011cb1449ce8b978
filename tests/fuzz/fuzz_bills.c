/*
 * fuzz_bills: the payment-app bill import (SPEC §15) on arbitrary bytes.
 *
 * Input: one selector byte, then the bill. Selector bit 0 is the app
 * (WeChat Pay, Alipay), bit 1 --expenses. The bill is written to a file in
 * a private temporary directory and imported into a ledger holding an
 * activity with three participants (one with an alias), inside a
 * transaction that is then rolled back.
 *
 * An import that succeeds recorded as many records as its summary counts
 * (deposits, payouts, expenses) and their amounts add up to its sums; one
 * that fails names the file; after the rollback the ledger holds nothing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outlay/bills.h"
#include "outlay/ledger.h"
#include "outlay/store.h"

static char dir[64], ledger_path[128], bill_path[128];
static outlay_store *st;

static void die(const char *what)
{
    fprintf(stderr, "fuzz_bills: %s\n", what);
    abort();
}

static void setup(void)
{
    outlay_err err = {0};
    snprintf(dir, sizeof dir, "/tmp/fuzz-bills-XXXXXX");
    if (!mkdtemp(dir))
        die("mkdtemp");
    snprintf(ledger_path, sizeof ledger_path, "%s/l.db", dir);
    snprintf(bill_path, sizeof bill_path, "%s/bill.csv", dir);
    struct outlay_activity_in in = {.title = "t", .deposit = "360", .headcount = "3"};
    struct outlay_activity a;
    if (outlay_store_open(&st, ledger_path, OUTLAY_STORE_WRITE, &err) ||
        outlay_store_begin(st, 1, &err) || outlay_ledger_activity_add(st, "t", &in, &err) ||
        outlay_ledger_activity(st, "t", 1, &a, &err))
        die("ledger");
    const char *names[] = {"王伟", "李芳", "Zhang Min"};
    for (int i = 0; i < 3; i++) {
        struct outlay_participant_in p = {.name = names[i]};
        if (outlay_ledger_participant_add(st, &a, &p, 0, &err))
            die("participant");
    }
    if (outlay_ledger_participant_alias(st, &a, "李芳", "小芳", 0, &err) ||
        outlay_store_commit(st, &err))
        die("alias");
    outlay_activity_release(&a);
}

static long count(enum outlay_amounts kind, int64_t *sum)
{
    outlay_err err = {0};
    int64_t n = 0;
    struct outlay_activity a;
    if (outlay_ledger_activity(st, "t", 0, &a, &err))
        die("activity");
    *sum = 0;
    if (kind == OUTLAY_AMOUNTS_EXPENSES) {
        outlay_expense_cursor *c = NULL;
        struct outlay_expense e;
        if (outlay_ledger_expenses(st, &a, &c, &err))
            die("expenses");
        while (outlay_expense_cursor_next(c, &e, &err) == 1)
            n++, *sum += e.amount;
        outlay_expense_cursor_close(c);
    } else {
        outlay_payment_cursor *c = NULL;
        struct outlay_payment p;
        if (outlay_ledger_payments(
                st, &a, kind == OUTLAY_AMOUNTS_DEPOSITS ? OUTLAY_DEPOSIT : OUTLAY_PAYOUT, &c, &err))
            die("payments");
        while (outlay_payment_cursor_next(c, &p, &err) == 1)
            n++, *sum += p.amount;
        outlay_payment_cursor_close(c);
    }
    outlay_activity_release(&a);
    return (long)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!st)
        setup();
    if (size < 1)
        return 0;
    FILE *f = fopen(bill_path, "wb");
    if (!f || fwrite(data + 1, 1, size - 1, f) != size - 1 || fclose(f))
        die("write");
    outlay_err err = {0};
    struct outlay_activity a;
    if (outlay_store_begin(st, 1, &err) || outlay_ledger_activity(st, "t", 1, &a, &err))
        die("begin");
    struct outlay_bill_opts o = {.app = data[0] & 1 ? OUTLAY_BILL_ALIPAY : OUTLAY_BILL_WECHAT,
                                 .path = bill_path,
                                 .expenses = data[0] & 2 ? "misc" : NULL};
    struct outlay_bill_summary sum;
    enum outlay_status rc = outlay_bills_import(st, &a, &o, NULL, NULL, &sum, &err);
    static const enum outlay_amounts kinds[] = {OUTLAY_AMOUNTS_DEPOSITS, OUTLAY_AMOUNTS_PAYOUTS,
                                                OUTLAY_AMOUNTS_EXPENSES};
    int64_t total;
    if (rc == OUTLAY_OK) {
        for (int k = 0; k < 3; k++)
            if (count(kinds[k], &total) != sum.n[k] || total != sum.fen[k])
                die("the summary does not count what was recorded");
    } else if (rc != OUTLAY_ENOMEM && strcmp(err.file, bill_path) != 0) {
        die("a refused bill does not name its file");
    }
    outlay_store_rollback(st);
    outlay_activity_release(&a);
    for (int k = 0; k < 3; k++)
        if (count(kinds[k], &total) != 0)
            die("the rollback left records");
    return 0;
}
