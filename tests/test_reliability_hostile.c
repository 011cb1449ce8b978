/*
 * Hostile input (issue 7, SPEC §10: "no input — however long, malformed, or
 * hostile — crashes the program, corrupts the ledger, or is half-applied"):
 * the CSV files of tests/data/hostile/ and bigger ones generated here,
 * formulas in every text column, option values of 100,000 characters and
 * activity names that try to leave the directory. Each gets a clear error
 * naming the place, or is handled; nothing is ever half-written.
 * docs/reliability.md has the table.
 */
#include "reliability/harness.h"

/* --- 6. hostile input ------------------------------------------------------ */

struct hostile {
    const char *file; /* in tests/data/hostile, or generated in the test dir */
    const char *kind;
    const char *encoding;
    int code;
    const char *where; /* "FILE:LINE: " the error must name, and the message */
    const char *what;
};

static const struct hostile refused[] = {
    {"nul-byte.csv", "expenses", NULL, 1, "nul-byte.csv:3: ", "NUL byte"},
    {"unterminated-quote.csv", "expenses", NULL, 1,
     "unterminated-quote.csv:2: ", "quoted field is never closed"},
    {"stray-quote.csv", "expenses", NULL, 1, "stray-quote.csv:2: ", "stray quote"},
    {"mixed-line-ends-bad.csv", "expenses", NULL, 1,
     "mixed-line-ends-bad.csv:4: amount: ", "not a number"},
    {"crlf-in-quotes.csv", "expenses", NULL, 1,
     "crlf-in-quotes.csv:2: item: ", "control character"},
    {"overlong-utf8-2.csv", "expenses", NULL, 1, "overlong-utf8-2.csv:2: ", "not valid UTF-8"},
    {"overlong-utf8-3.csv", "expenses", NULL, 1, "overlong-utf8-3.csv:2: ", "not valid UTF-8"},
    {"surrogate-utf8.csv", "expenses", NULL, 1, "surrogate-utf8.csv:2: ", "not valid UTF-8"},
    {"above-max-utf8.csv", "expenses", NULL, 1, "above-max-utf8.csv:2: ", "not valid UTF-8"},
    {"utf16-bom.csv", "expenses", NULL, 1, "utf16-bom.csv:1: ", "UTF-16"},
    {"utf16be-bom.csv", "expenses", NULL, 1, "utf16be-bom.csv:1: ", "UTF-16"},
    {"utf16le-nobom.csv", "expenses", NULL, 1, "utf16le-nobom.csv:1: ", "NUL byte"},
    {"bad-gbk.csv", "expenses", "gbk", 1, "bad-gbk.csv:2: ", "not GBK"},
    {"utf8-bom-as-gbk.csv", "expenses", "gbk", 1, "utf8-bom-as-gbk.csv:1: ", "byte order mark"},
    {"formula-refs.csv", "expenses", NULL, 1, "formula-refs.csv:2: funded_by: ", "is not a funder"},
    /* Generated below. */
    {"@big-field.csv", "expenses", NULL, 1, "big-field.csv:2: ", "longer than 65536 bytes"},
    {"@wide-row.csv", "expenses", NULL, 1, "wide-row.csv:2: ", "more than 256 columns"},
    {"@wide-header.csv", "expenses", NULL, 1, "wide-header.csv:1: ", "more than 256 columns"},
    {"@last-row-bad.csv", "expenses", NULL, 1, "last-row-bad.csv:20002: amount: ", "not a number"},
    {"@long-cell.csv", "participants", NULL, 1,
     "long-cell.csv:2: name: ", "10000 characters, the limit is 1000"},
};

static void generate(const char *name)
{
    FILE *f = fopen(name, "wb");
    cr_assert_not_null(f);
    if (!strcmp(name, "big-field.csv")) { /* one 10 MB field */
        fputs("category,amount,item\nmisc,1,", f);
        for (int i = 0; i < 10 * 1024; i++)
            for (int k = 0; k < 1024; k++)
                fputc('x', f);
        fputc('\n', f);
    } else if (!strcmp(name, "wide-row.csv")) { /* 1,000,000 columns */
        fputs("category,amount\nmisc,1", f);
        for (int i = 0; i < 1000000; i++)
            fputc(',', f);
        fputc('\n', f);
    } else if (!strcmp(name, "wide-header.csv")) {
        fputs("category,amount", f);
        for (int i = 0; i < 1000000; i++)
            fputs(",x", f);
        fputs("\nmisc,1\n", f);
    } else if (!strcmp(name, "last-row-bad.csv")) { /* 20,000 good rows, then one bad */
        fputs("category,amount\n", f);
        for (int i = 1; i <= 20000; i++)
            fprintf(f, "c%d,%d.50\n", i % 7, i);
        fputs("misc,twelve\n", f);
    } else if (!strcmp(name, "long-cell.csv")) { /* a 10,000-character name */
        fputs("name\n", f);
        for (int i = 0; i < 10000; i++)
            fputc('n', f);
        fputc('\n', f);
    }
    cr_assert_eq(fclose(f), 0);
}

Test(hostile, refused_files_change_nothing, .init = setup, .fini = teardown, .timeout = TIMEOUT)
{
    make_ledger();
    MUST("expense", "add", "t", "--category", "a", "--amount", "1");
    char *before = state();
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        const struct hostile *h = &refused[i];
        char path[512];
        if (h->file[0] == '@') {
            generate(h->file + 1);
            snprintf(path, sizeof path, "%s/%s", dir, h->file + 1);
        } else {
            snprintf(path, sizeof path, "%s/%s", HOSTILE, h->file);
        }
        struct res r = {0};
        if (h->encoding)
            OUTLAY(&r, "import", h->kind, "t", path, "--encoding", h->encoding);
        else
            OUTLAY(&r, "import", h->kind, "t", path);
        cr_expect_eq(r.code, h->code, "%s: exit %d: %s", h->file, r.code, r.err);
        cr_expect(strstr(r.err, h->where) != NULL, "%s: should name '%s': %.1000s", h->file,
                  h->where, r.err);
        cr_expect(strstr(r.err, h->what) != NULL, "%s: should say '%s': %.1000s", h->file, h->what,
                  r.err);
        cr_expect(strstr(r.err, "nothing was imported") != NULL, "%s", h->file);
        cr_expect_lt(strlen(r.err), 4096, "%s: a bounded message", h->file);
        cr_expect_str_eq(r.out, "");
        res_free(&r);
        if (h->file[0] == '@')
            unlink(h->file + 1);
    }
    char *after = state();
    cr_expect_str_eq(after, before, "a refused import changed the ledger");
    free(before);
    free(after);
    check_passes();
}

/* Formulas in every text column: stored as given, marked in CSV output,
 * plain strings (never formulas) in the workbook. */
Test(hostile, formulas_in_every_text_column, .init = setup, .fini = teardown, .timeout = TIMEOUT)
{
    make_ledger();
    MUST("import", "expenses", "t", HOSTILE "/formulas.csv");
    MUST("import", "participants", "t", HOSTILE "/formulas-participants.csv");
    MUST("import", "budget", "t", HOSTILE "/formulas-budget.csv");
    struct res r = {0};
    OUTLAY(&r, "expense", "list", "t", "--csv");
    cr_expect_str_eq(
        r.out, "id,date,category,item,amount,payee,paid_by,receipt,for,funded_by,status,kind\n"
               "1,,'=1+1,\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"click\"\")\",1.00,"
               "'+cmd|'/C calc'!A0,,'-2+3,'@SUM(A1),participants,ok,other\n"
               "2,,'\t=tab,'@item,2.00,'=payee,,'+receipt,'=tag,participants,ok,other\n");
    res_free(&r);
    OUTLAY(&r, "participant", "list", "t", "--csv");
    cr_expect_str_eq(r.out, "name,dept,tags,weight,status,aliases\n"
                            "alice,,,1,active,\n"
                            "'=evil,'=dept,'=a;+b,1,active,\n"
                            "'@bob,'-x,'@t,2,active,\n");
    res_free(&r);
    OUTLAY(&r, "budget", "list", "t", "--csv");
    cr_expect(strstr(r.out, "\n1,'=cat,'+item,1.00,1,'=u,1.00,participants,,'@note,other,ok\n") !=
                  NULL,
              "%s", r.out);
    res_free(&r);
    /* JSON is not marked (SPEC §5). */
    OUTLAY(&r, "expense", "list", "t", "--json");
    cr_expect(strstr(r.out, "\"category\":\"=1+1\"") != NULL, "%s", r.out);
    res_free(&r);

    OUTLAY(&r, "export", "t", "-o", "f.xlsx");
    cr_assert_eq(r.code, 0, "%s", r.err);
    res_free(&r);
    RUN(&r, "unzip", "-p", "f.xlsx", "xl/worksheets/*.xml", "xl/sharedStrings.xml");
    cr_assert(strstr(r.out, "evil.example") != NULL, "the text is in the workbook");
    for (const char *f = r.out; (f = strstr(f, "<f>")); f++) {
        const char *end = strstr(f, "</f>");
        cr_assert_not_null(end);
        static const char *const user[] = {"evil", "SUM(A1)", "1+1", "cmd", "payee", "=tab"};
        for (size_t k = 0; k < sizeof user / sizeof user[0]; k++) {
            const char *u = strstr(f, user[k]);
            cr_expect(!u || u > end, "user text '%s' became a formula: %.200s", user[k], f);
        }
    }
    res_free(&r);
}

/* Option values of 100,000 characters. */
Test(hostile, huge_option_values, .init = setup, .fini = teardown, .timeout = TIMEOUT)
{
    make_ledger();
    MUST("expense", "add", "t", "--category", "a", "--amount", "1");
    char *before = state();
    static char text[100001], digits[100001], opt[100003], path[100400];
    memset(text, 'a', 100000);
    memset(digits, '9', 100000);
    snprintf(opt, sizeof opt, "--%s", text);
    snprintf(path, sizeof path, "%s/%s", dir, text);
    struct {
        const char *argv[16];
        int code;
        const char *what;
    } cases[] = {
        {{"activity", "add", "t2", "--title", text}, 1, "--title: 100000 characters"},
        {{"activity", "set", "t", "--venue", text}, 1, "100000 characters"},
        {{"expense", "add", "t", "--category", text, "--amount", "1"}, 1, "--category"},
        {{"expense", "add", "t", "--category", "a", "--amount", digits}, 1, "too large"},
        {{"expense", "add", "t", "--category", "a", "--amount", "1", "--item", text}, 1, "--item"},
        {{"expense", "add", "t", "--category", "a", "--amount", "1", "--date", text},
         1,
         "not a date"},
        {{"expense", "add", text, "--category", "a", "--amount", "1"},
         1,
         "not a valid activity name"},
        {{"expense", "void", "t", "1", "--reason", text}, 1, "--reason"},
        /* SPEC §11: a record number has at most 18 digits; more is not one
         * (usage), not a record that is missing */
        {{"expense", "void", "t", digits, "--reason", "x"}, 2, "is not an expense number"},
        {{"participant", "add", "t", text}, 1, "100000 characters"},
        {{"participant", "add", "t", "bob", "--tags", text}, 1, "--tags"},
        {{"participant", "add", "t", "bob", "--weight", digits}, 1, "--weight"},
        {{"deposit", "add", "t", "alice", digits}, 1, "too large"},
        {{"budget", "add", "t", "--category", "a", "--item", "b", "--unit-price", "1", "--qty",
          digits},
         1,
         "--qty"},
        {{"activity", "new", "t3", "--template", text}, 1, "template name"},
        {{"export", "t", "--lang", text}, 2, "unknown language"},
        {{"export", "t", "-o", path}, 3, "cannot write"},
        {{"import", "expenses", "t", path}, 3, "cannot open"},
        {{"import", "expenses", "t", HOSTILE "/formulas.csv", "--encoding", text},
         2,
         "unknown encoding"},
        {{"backup", path}, 3, "File name too long"},
        {{"words", digits}, 1, "too large"},
        {{"expense", "list", "t", text}, 2, "unexpected argument"},
        {{"expense", "list", "t", opt}, 2, "unknown option"},
        {{"--templates", path, "template", "list"}, 3, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct res r = {0};
        OUTLAY(&r, cases[i].argv[0], cases[i].argv[1], cases[i].argv[2], cases[i].argv[3],
               cases[i].argv[4], cases[i].argv[5], cases[i].argv[6], cases[i].argv[7],
               cases[i].argv[8], cases[i].argv[9], cases[i].argv[10]);
        cr_expect_eq(r.code, cases[i].code, "case %zu (%s %s): exit %d: %.300s", i,
                     cases[i].argv[0], cases[i].argv[1], r.code, r.err);
        if (cases[i].what)
            cr_expect(strstr(r.err, cases[i].what) != NULL, "case %zu: should say '%s': %.300s", i,
                      cases[i].what, r.err);
        cr_expect_eq(count_substr(r.err, "outlay: error: "), 1, "case %zu: %.300s", i, r.err);
        cr_expect_lt(strlen(r.err), 4096, "case %zu: a bounded message", i);
        res_free(&r);
    }
    /* -L with a 100,000-character path. */
    const char *argv[] = {OUTLAY_BIN, "-L", path, "expense", "list", "t", NULL};
    struct res r = {0};
    run_to(&r, argv, NULL);
    cr_expect_eq(r.code, 3, "%.300s", r.err);
    cr_expect_lt(strlen(r.err), 4096);
    res_free(&r);
    char *after = state();
    cr_expect_str_eq(after, before);
    free(before);
    free(after);
}

/* Activity names that try to leave the directory. */
Test(hostile, slugs_with_dot_dot, .init = setup, .fini = teardown, .timeout = TIMEOUT)
{
    make_ledger();
    char *before = state();
    static const char *const slugs[] = {
        "../evil", "..", "a/../b", "../../tmp/evil", "t/../t", "./t", "t/", "/tmp/evil", "T", "-"};
    for (size_t i = 0; i < sizeof slugs / sizeof slugs[0]; i++) {
        const char *s = slugs[i];
        struct res r = {0};
        const char *const cmds[][8] = {
            {"activity", "add", s, "--title", "x"},
            {"activity", "new", s, "--template", "spring-hike"},
            {"expense", "add", s, "--category", "a", "--amount", "1"},
            {"export", s},
            {"settle", s},
            {"report", s},
        };
        for (size_t k = 0; k < sizeof cmds / sizeof cmds[0]; k++) {
            OUTLAY(&r, cmds[k][0], cmds[k][1], cmds[k][2], cmds[k][3], cmds[k][4], cmds[k][5],
                   cmds[k][6]);
            cr_expect(r.code == 1 || r.code == 2, "'%s %s': exit %d %s", cmds[k][0], s, r.code,
                      r.err);
            cr_expect_eq(count_substr(r.err, "outlay: error: "), 1, "%s", r.err);
            res_free(&r);
        }
    }
    cr_expect(!exists("../evil-approval.xlsx") && !exists("/tmp/evil-approval.xlsx"));
    cr_expect_eq(count_files(dir, ""), 3, "nothing but ., .. and l.db in %s", dir);
    char *after = state();
    cr_expect_str_eq(after, before);
    free(before);
    free(after);
}
