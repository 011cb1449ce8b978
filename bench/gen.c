/*
 * gen: the benchmark's input files. `gen N DIR` writes, for N expenses and
 * N/10 participants (at least one) and a fixed seed, the four import CSVs of
 * SPEC §5 and the same expenses as a ledger-cli journal:
 *
 *     DIR/budget.csv DIR/participants.csv DIR/deposits.csv DIR/expenses.csv
 *     DIR/expenses.journal
 *
 * `gen --tag-groups G DIR` writes the tag-group case instead (issue 12): G
 * participants, each carrying a tag of their own (`team-1` ... `team-G`,
 * so `team-1` is a prefix of `team-10`; a few also carry `rafting` or
 * `hotel`), and G expenses, one for each tag:
 *
 *     DIR/groups-participants.csv DIR/groups-expenses.csv
 *
 * `gen --overlap NP DIR` writes the rule-2 case (issue 14): NP participants
 * of weight 1 to 3, each carrying two or three of 50 tags (`g-1` ...
 * `g-50`), so the groups overlap and a person's exact share sums fractions
 * of several group weights; and 1,020 expenses, 20 for each tag and 20 for
 * everybody, of odd amounts so that no share comes out even:
 *
 *     DIR/overlap-participants.csv DIR/overlap-expenses.csv
 *
 * The rows themselves come from gen_data.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_data.h"

static FILE *open_out(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "gen: cannot write '%s': %s\n", path, strerror(errno));
        exit(1);
    }
    static char bufs[5][1 << 16];
    static int nbuf;
    setvbuf(f, bufs[nbuf++ % 5], _IOFBF, sizeof bufs[0]);
    return f;
}

static void close_out(FILE *f, const char *name)
{
    if (ferror(f) || fclose(f) != 0) {
        fprintf(stderr, "gen: cannot write '%s': %s\n", name, strerror(errno));
        exit(1);
    }
}

/* One CSV cell, RFC 4180: quoted when it holds a comma, quote or newline. */
static void cell(FILE *f, const char *s, int last)
{
    if (strpbrk(s, ",\"\n\r")) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
    fputc(last ? '\n' : ',', f);
}

/* The tag-group case: every participant in a tag group of their own. */
/* One row of expenses.csv (category,amount,date,item,payee,paid_by,
 * receipt,for,funded_by), paid by `payer` and shared by tag `for_tag`. */
static void expense_row(FILE *ef, const struct gen_expense *e, const char *payer,
                        const char *for_tag)
{
    cell(ef, e->category, 0);
    cell(ef, e->amount_text, 0);
    cell(ef, e->date, 0);
    cell(ef, e->item, 0);
    cell(ef, e->payee, 0);
    cell(ef, payer, 0);
    cell(ef, e->receipt, 0);
    cell(ef, for_tag, 0);
    cell(ef, e->funded_by, 1);
}

static void tag_groups(uint64_t g, const char *dir)
{
    FILE *pf = open_out(dir, "groups-participants.csv");
    FILE *ef = open_out(dir, "groups-expenses.csv");
    fputs("name,dept,tags,weight\n", pf);
    fputs("category,amount,date,item,payee,paid_by,receipt,for,funded_by\n", ef);
    for (uint64_t i = 0; i < g; i++) {
        struct gen_participant p;
        struct gen_expense e;
        char tags[96], tag[32], w[8];
        gen_participant(GEN_SEED, i, &p);
        snprintf(tag, sizeof tag, "team-%llu", (unsigned long long)i + 1);
        snprintf(tags, sizeof tags, "%s%s%s", p.tags, *p.tags ? ";" : "", tag);
        snprintf(w, sizeof w, "%u", p.weight);
        cell(pf, p.name, 0);
        cell(pf, p.dept, 0);
        cell(pf, tags, 0);
        cell(pf, w, 1);
        gen_expense(GEN_SEED, i, g, &e);
        if (e.paid_by)
            gen_participant(GEN_SEED, e.paid_by - 1, &p);
        expense_row(ef, &e, e.paid_by ? p.name : "", tag);
    }
    close_out(pf, "groups-participants.csv");
    close_out(ef, "groups-expenses.csv");
}

/* The rule-2 case: NP people in 50 overlapping tag groups. */
#define OVERLAP_TAGS 50
#define OVERLAP_PER_GROUP 20

static void overlap(uint64_t np, const char *dir)
{
    FILE *pf = open_out(dir, "overlap-participants.csv");
    FILE *ef = open_out(dir, "overlap-expenses.csv");
    fputs("name,dept,tags,weight\n", pf);
    fputs("category,amount,date,item,payee,paid_by,receipt,for,funded_by\n", ef);
    for (uint64_t i = 0; i < np; i++) {
        struct gen_participant p;
        uint64_t h = gen_hash(GEN_SEED, 4, i);
        /* two or three different tags; participant i % 50 carries g-(i % 50 + 1),
         * so with 50 people or more every tag has a member */
        unsigned t1 = (unsigned)(i % OVERLAP_TAGS);
        unsigned t2 = (t1 + 1 + (unsigned)(h % (OVERLAP_TAGS - 1))) % OVERLAP_TAGS;
        unsigned t3 = (t1 + 1 + (unsigned)((h >> 8) % (OVERLAP_TAGS - 1))) % OVERLAP_TAGS;
        char tags[48], w[8];
        int n = snprintf(tags, sizeof tags, "g-%u;g-%u", t1 + 1, t2 + 1);
        if ((h >> 16) % 2 && t3 != t2)
            snprintf(tags + n, sizeof tags - (size_t)n, ";g-%u", t3 + 1);
        gen_participant(GEN_SEED, i, &p);
        snprintf(w, sizeof w, "%u", 1 + (unsigned)((h >> 24) % 3));
        cell(pf, p.name, 0);
        cell(pf, p.dept, 0);
        cell(pf, tags, 0);
        cell(pf, w, 1);
    }
    for (uint64_t k = 0; k < (OVERLAP_TAGS + 1) * OVERLAP_PER_GROUP; k++) {
        struct gen_expense e;
        char tag[16] = "";
        gen_expense(GEN_SEED, k, 0, &e);
        if (k % (OVERLAP_TAGS + 1) != OVERLAP_TAGS) /* one in 51 for everybody */
            snprintf(tag, sizeof tag, "g-%u", (unsigned)(k % (OVERLAP_TAGS + 1)) + 1);
        e.funded_by = "";
        /* an odd number of fen: no group total divides evenly */
        e.amount |= 1;
        gen_money(e.amount, e.amount_text, sizeof e.amount_text);
        expense_row(ef, &e, "", tag);
    }
    close_out(pf, "overlap-participants.csv");
    close_out(ef, "overlap-expenses.csv");
}

int main(int argc, char **argv)
{
    int groups = argc == 4 && strcmp(argv[1], "--tag-groups") == 0;
    int over = argc == 4 && strcmp(argv[1], "--overlap") == 0;
    if (argc != 3 && !groups && !over) {
        fprintf(stderr, "usage: gen N DIR\n       gen --tag-groups G DIR\n"
                        "       gen --overlap NP DIR\n");
        return 2;
    }
    char *end;
    unsigned long long n = strtoull(argv[1 + groups + over], &end, 10);
    if (*end || n == 0) {
        fprintf(stderr, "gen: %s must be a positive integer\n", groups ? "G" : over ? "NP" : "N");
        return 2;
    }
    const char *dir = argv[2 + groups + over];
    if (groups) {
        tag_groups(n, dir);
        return 0;
    }
    if (over) {
        overlap(n, dir);
        return 0;
    }
    uint64_t np = n / 10 ? n / 10 : 1;
    char money[32];

    /* Budget: one line per category, near what the expenses will add up to,
     * so the report has both columns and some categories run over. */
    FILE *f = open_out(dir, "budget.csv");
    fputs("category,item,unit_price,qty,unit,note\n", f);
    uint64_t qty = n / GEN_NCATEGORIES ? n / GEN_NCATEGORIES : 1;
    if (qty > 1000000)
        qty = 1000000;
    for (size_t c = 0; c < GEN_NCATEGORIES; c++) {
        char item[64], q[24];
        cell(f, gen_categories[c], 0);
        snprintf(item, sizeof item, "Planned %s", gen_categories[c]);
        cell(f, item, 0);
        gen_money(240000 + (int64_t)c * 2000, money, sizeof money);
        cell(f, money, 0);
        snprintf(q, sizeof q, "%llu", (unsigned long long)qty);
        cell(f, q, 0);
        cell(f, c % 2 ? "批" : "lot", 0);
        cell(f, c == 3 ? "one each, 纪念品" : "", 1);
    }
    close_out(f, "budget.csv");

    FILE *pf = open_out(dir, "participants.csv");
    FILE *df = open_out(dir, "deposits.csv");
    fputs("name,dept,tags,weight\n", pf);
    fputs("name,amount,date,method\n", df);
    for (uint64_t i = 0; i < np; i++) {
        struct gen_participant p;
        char w[8];
        gen_participant(GEN_SEED, i, &p);
        snprintf(w, sizeof w, "%u", p.weight);
        cell(pf, p.name, 0);
        cell(pf, p.dept, 0);
        cell(pf, p.tags, 0);
        cell(pf, w, 1);
        gen_money(p.deposit, money, sizeof money);
        cell(df, p.name, 0);
        cell(df, money, 0);
        cell(df, p.deposit_date, 0);
        cell(df, p.method, 1);
    }
    close_out(pf, "participants.csv");
    close_out(df, "deposits.csv");

    FILE *ef = open_out(dir, "expenses.csv");
    FILE *jf = open_out(dir, "expenses.journal");
    fputs("category,amount,date,item,payee,paid_by,receipt,for,funded_by\n", ef);
    fputs("; outlay benchmark: the expenses of expenses.csv, one transaction each\n", jf);
    for (uint64_t i = 0; i < n; i++) {
        struct gen_expense e;
        struct gen_participant p;
        gen_expense(GEN_SEED, i, np, &e);
        if (e.paid_by)
            gen_participant(GEN_SEED, e.paid_by - 1, &p);
        expense_row(ef, &e, e.paid_by ? p.name : "", e.for_tag);
        /* ledger-cli: a date, a payee, then the posting and its balance. */
        gen_money(e.amount, money, sizeof money);
        fprintf(jf, "%s %s\n    Expenses:%s  %s\n    Assets:Fund\n\n", e.date, e.payee, e.category,
                money);
    }
    close_out(ef, "expenses.csv");
    close_out(jf, "expenses.journal");
    return 0;
}
