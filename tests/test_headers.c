/*
 * The public headers and the include rules of the layout (STYLE §2, §3;
 * SPEC §1).
 *
 * Each header's example compiles. The example of include/outlay.h and of
 * every include/outlay/<module>.h is the lines of the file's first comment
 * that are indented by at least four spaces after its " * " (so a bullet's
 * continuation lines must not be). Lines starting with #include go to the
 * top of a small C file; the others become the body of a function, after
 * the header itself (first: it must stand alone), <outlay.h>, <stdio.h>,
 * <stdlib.h> and <string.h>:
 *
 *     #include "outlay/words.h"     the header itself
 *     #include <outlay.h>  ...
 *     int example(void)
 *     {
 *         <the example's lines>
 *         return 0;
 *     }
 *
 * which `cc -std=c11 -fsyntax-only -Wall -Wextra -Werror -I include` must
 * accept (unused variables aside). So an example declares what it uses, and
 * what stands for the reader's own code is a call of a function the example
 * declares, or a comment.
 *
 * A cursor of one kind of row cannot be read as another (store.h). SQLite
 * is included by the store's own files only (src/store*.c and their
 * src/store_internal.h), so a second backend sits beside it (SPEC §1, §17);
 * and no CLI file but src/cli.c calls an outlay_store_ function: the rest go
 * through the ledger.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ROOT OUTLAY_SRCDIR

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The example of the header at path, split into its #include lines and the
 * rest; how many lines it has in all. */
static int extract_example(const char *path, FILE *includes, FILE *body)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot read %s", path);
    char line[1024];
    int in_comment = 0, lines = 0;
    while (fgets(line, sizeof line, f)) {
        if (!in_comment && starts_with(line, "/*")) {
            in_comment = 1;
            continue;
        }
        if (!in_comment)
            continue;
        if (strstr(line, "*/"))
            break;
        /* " *" then at least five spaces: " * " and an indent of four */
        if (!starts_with(line, " *     "))
            continue;
        const char *code = line + 2;
        while (*code == ' ')
            code++;
        fputs(line + 2, starts_with(code, "#include") ? includes : body);
        lines++;
    }
    fclose(f);
    return lines;
}

/* Runs the compiler over the C source text; 0 when it accepts it, else -1
 * with the compiler's words in out. */
static int compile(const char *text, char *out, size_t n)
{
    char dir[] = "/tmp/outlay-headers-XXXXXX", src[64], cmd[1024];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(src, sizeof src, "%s/example.c", dir);
    FILE *c = fopen(src, "w");
    cr_assert_not_null(c);
    fputs(text, c);
    fclose(c);
    snprintf(cmd, sizeof cmd,
             "cc -std=c11 -fsyntax-only -Wall -Wextra -Werror -Wno-unused-variable"
             " -Wno-unused-but-set-variable -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE"
             " -I '%s/include' '%s' 2>&1",
             ROOT, src);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    size_t got = fread(out, 1, n - 1, p);
    out[got] = 0;
    int status = pclose(p);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
    return status == 0 ? 0 : -1;
}

/* Compiles the example of the header at path (included as `name`, e.g.
 * "outlay/store.h"); 0 when it compiles, else -1 with the compiler's words
 * (or "no example") in out. */
static int compile_example(const char *path, const char *name, char *out, size_t n)
{
    char *text = NULL, *inc = NULL, *body = NULL;
    size_t ntext = 0, ninc = 0, nbody = 0;
    FILE *includes = open_memstream(&inc, &ninc), *code = open_memstream(&body, &nbody);
    cr_assert(includes && code);
    int lines = extract_example(path, includes, code);
    fclose(includes);
    fclose(code);
    FILE *c = open_memstream(&text, &ntext);
    cr_assert_not_null(c);
    fprintf(c,
            "#include \"%s\"\n#include <outlay.h>\n#include <stdio.h>\n#include <stdlib.h>\n"
            "#include <string.h>\n%s\nint example(void);\nint example(void)\n{\n%s"
            "    return 0;\n}\n",
            name, inc, body);
    fclose(c);
    int rc = compile(text, out, n);
    free(text);
    free(inc);
    free(body);
    if (lines == 0) {
        snprintf(out, n, "no example: no line of the first comment is indented by four spaces");
        return -1;
    }
    return rc;
}

Test(headers, every_example_compiles, .timeout = 120)
{
    char failed[8192] = "", out[4096], path[1024], name[512];
    int headers = 0;
    DIR *d = opendir(ROOT "/include/outlay");
    cr_assert_not_null(d);
    for (struct dirent *e; (e = readdir(d));) {
        if (!ends_with(e->d_name, ".h"))
            continue;
        snprintf(path, sizeof path, "%s/include/outlay/%s", ROOT, e->d_name);
        snprintf(name, sizeof name, "outlay/%s", e->d_name);
        headers++;
        if (compile_example(path, name, out, sizeof out) != 0)
            snprintf(failed + strlen(failed), sizeof failed - strlen(failed),
                     "\n--- the example in include/%s:\n%s", name, out);
    }
    closedir(d);
    if (compile_example(ROOT "/include/outlay.h", "outlay.h", out, sizeof out) != 0)
        snprintf(failed + strlen(failed), sizeof failed - strlen(failed),
                 "\n--- the example in include/outlay.h:\n%s", out);
    cr_assert_gt(headers, 10, "the headers were not found under %s/include/outlay", ROOT);
    cr_assert_str_empty(failed, "header examples that do not compile:%s", failed);
}

/* The check itself fails on a wrong example, and on a header without one. */
Test(headers, a_wrong_example_is_caught)
{
    char path[] = "/tmp/outlay-header-XXXXXX", out[4096];
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    FILE *f = fdopen(fd, "w");
    fputs("/*\n * store, as it was documented:\n *\n"
          " *     outlay_store *st = NULL; outlay_err err = {0};\n"
          " *     outlay_store_open(&st, \"outlay.db\", OUTLAY_STORE_CREATE, &err);\n"
          " */\n",
          f);
    fclose(f);
    cr_assert_eq(compile_example(path, "outlay/store.h", out, sizeof out), -1);
    cr_assert_not_null(strstr(out, "OUTLAY_STORE_CREATE"), "%s", out);
    f = fopen(path, "w");
    fputs("/*\n * no example here\n *   - a bullet\n */\n", f);
    fclose(f);
    cr_assert_eq(compile_example(path, "outlay/store.h", out, sizeof out), -1);
    cr_assert_not_null(strstr(out, "no example"), "%s", out);
    unlink(path);
}

/* Each kind of row has a cursor type of its own: reading a participant
 * listing as expenses does not compile. */
Test(headers, a_cursor_reads_only_its_own_rows)
{
    char out[4096];
    static const char ok[] =
        "#include <outlay.h>\n"
        "int f(outlay_store *st, struct outlay_participant *p, outlay_err *e);\n"
        "int f(outlay_store *st, struct outlay_participant *p, outlay_err *e)\n"
        "{\n"
        "    outlay_participant_cursor *c = NULL;\n"
        "    outlay_store_participants(st, 1, &c, e);\n"
        "    int r = outlay_participant_cursor_next(c, p, e);\n"
        "    outlay_participant_cursor_close(c);\n"
        "    return r;\n"
        "}\n";
    cr_assert_eq(compile(ok, out, sizeof out), 0, "%s", out);
    static const char wrong[] =
        "#include <outlay.h>\n"
        "int f(outlay_store *st, struct outlay_expense *x, outlay_err *e);\n"
        "int f(outlay_store *st, struct outlay_expense *x, outlay_err *e)\n"
        "{\n"
        "    outlay_participant_cursor *c = NULL;\n"
        "    outlay_store_participants(st, 1, &c, e);\n"
        "    int r = outlay_expense_cursor_next(c, x, e);\n"
        "    outlay_participant_cursor_close(c);\n"
        "    return r;\n"
        "}\n";
    cr_assert_eq(compile(wrong, out, sizeof out), -1);
    cr_assert_not_null(strstr(out, "incompatible pointer type"), "%s", out);
}

/* Whether the file at path has an #include of `header` ("x.h" or <x.h>). */
static int includes(const char *path, const char *header)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot read %s", path);
    char line[1024], quoted[256], angled[256];
    snprintf(quoted, sizeof quoted, "\"%s\"", header);
    snprintf(angled, sizeof angled, "<%s>", header);
    int found = 0;
    while (!found && fgets(line, sizeof line, f)) {
        const char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p++ != '#')
            continue;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!starts_with(p, "include"))
            continue;
        p += strlen("include");
        while (*p == ' ' || *p == '\t')
            p++;
        found = starts_with(p, quoted) || starts_with(p, angled);
    }
    fclose(f);
    return found;
}

/* Calls check(dir, name) for every .c and .h file of src/, include/ and
 * include/outlay/; returns how many there were. */
static int each_source(void (*check)(const char *dir, const char *name, char *bad, size_t n),
                       char *bad, size_t n)
{
    static const char *const dirs[] = {"src", "include", "include/outlay"};
    int files = 0;
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        char dir[512];
        snprintf(dir, sizeof dir, "%s/%s", ROOT, dirs[i]);
        DIR *d = opendir(dir);
        cr_assert_not_null(d, "cannot list %s", dir);
        for (struct dirent *e; (e = readdir(d));) {
            if (!ends_with(e->d_name, ".c") && !ends_with(e->d_name, ".h"))
                continue;
            files++;
            check(dirs[i], e->d_name, bad, n);
        }
        closedir(d);
    }
    return files;
}

static void check_sqlite(const char *dir, const char *name, char *bad, size_t n)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s/%s", ROOT, dir, name);
    int store = strcmp(dir, "src") == 0 && starts_with(name, "store") &&
                (ends_with(name, ".c") || strcmp(name, "store_internal.h") == 0);
    if (!store && includes(path, "sqlite3.h"))
        snprintf(bad + strlen(bad), n - strlen(bad), " %s/%s (sqlite3.h)", dir, name);
    /* store_internal.h brings sqlite3.h: only the store's files may use it */
    int store_c = strcmp(dir, "src") == 0 && starts_with(name, "store") && ends_with(name, ".c");
    if (!store_c && includes(path, "store_internal.h"))
        snprintf(bad + strlen(bad), n - strlen(bad), " %s/%s (store_internal.h)", dir, name);
}

Test(headers, only_the_store_includes_sqlite)
{
    char bad[4096] = "";
    cr_assert_gt(each_source(check_sqlite, bad, sizeof bad), 20);
    cr_assert_str_empty(bad, "files other than src/store*.c that include SQLite:%s", bad);
    /* and the rule is not empty: the store does include it */
    cr_assert(includes(ROOT "/src/store_internal.h", "sqlite3.h"));
    cr_assert(includes(ROOT "/src/store.c", "store_internal.h"));
}

/* The outlay_store_ functions the file at path names, outside the allowed
 * ones (NULL-terminated suffixes: "open" allows outlay_store_open), each
 * appended to bad as " file:line:outlay_store_x". Returns how many. A plain
 * scan of the text, like `grep outlay_store_`: a comment naming one counts too. */
static int store_calls(const char *path, const char *shown, const char *const *allowed, char *bad,
                       size_t n)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot read %s", path);
    char line[4096];
    int found = 0, lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        for (const char *p = line; (p = strstr(p, "outlay_store_"));) {
            const char *name = p + strlen("outlay_store_"), *end = name;
            while ((*end >= 'a' && *end <= 'z') || (*end >= '0' && *end <= '9') || *end == '_')
                end++;
            int ok = 0;
            for (size_t i = 0; allowed && allowed[i] && !ok; i++)
                ok = strlen(allowed[i]) == (size_t)(end - name) &&
                     strncmp(name, allowed[i], (size_t)(end - name)) == 0;
            if (!ok) {
                found++;
                snprintf(bad + strlen(bad), n - strlen(bad), " %s:%d:%.*s", shown, lineno,
                         (int)(end - p), p);
            }
            p = end;
        }
    }
    fclose(f);
    return found;
}

/* What the dispatcher may ask the store itself: the ledger's file and its
 * transaction (STYLE §7). */
static const char *const dispatcher_calls[] = {"open",  "begin",     "commit", "rollback",
                                               "close", "unchanged", NULL};

static void check_cli(const char *dir, const char *name, char *bad, size_t n)
{
    char path[1024], shown[600];
    if (strcmp(dir, "src") != 0 || !starts_with(name, "cli"))
        return;
    snprintf(path, sizeof path, "%s/%s/%s", ROOT, dir, name);
    snprintf(shown, sizeof shown, "%s/%s", dir, name);
    int dispatcher = strcmp(name, "cli.c") == 0;
    store_calls(path, shown, dispatcher ? dispatcher_calls : NULL, bad, n);
    if (!dispatcher && ends_with(name, ".c") && includes(path, "outlay/store.h"))
        snprintf(bad + strlen(bad), n - strlen(bad), " %s (includes outlay/store.h)", shown);
}

/* The arrows run CLI -> ledger -> store (STYLE §3, §7): only the
 * dispatcher, src/cli.c, opens the ledger and runs the transaction; every
 * other CLI file reads and writes through the ledger (include/outlay/
 * ledger.h). They still see store.h, through cli.h's <outlay.h>, for the
 * cursor types the ledger hands out; what they may not do is call the store. */
Test(headers, cli_files_go_through_the_ledger)
{
    char bad[8192] = "";
    each_source(check_cli, bad, sizeof bad);
    cr_assert_str_empty(bad, "CLI files that call the store instead of the ledger:%s", bad);
    /* and the rule is not empty: the dispatcher does call the store */
    char seen[1024] = "";
    static const char *const none[] = {NULL};
    cr_assert_geq(store_calls(ROOT "/src/cli.c", "src/cli.c", none, seen, sizeof seen), 5);
}

/* The scan catches a call, and lets the dispatcher's own through. */
Test(headers, a_store_call_in_the_cli_is_caught)
{
    char path[] = "/tmp/outlay-cli-XXXXXX", bad[1024] = "";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    FILE *f = fdopen(fd, "w");
    fputs("int cmd_x(struct cli *c)\n{\n"
          "    outlay_store_begin(c->st, 0, &err);\n"
          "    if (outlay_store_activities(c->st, &cur, &err) != OUTLAY_OK)\n"
          "        return 1;\n}\n",
          f);
    fclose(f);
    cr_assert_eq(store_calls(path, "cli_x.c", NULL, bad, sizeof bad), 2);
    bad[0] = 0;
    cr_assert_eq(store_calls(path, "cli_x.c", dispatcher_calls, bad, sizeof bad), 1);
    cr_assert_str_eq(bad, " cli_x.c:4:outlay_store_activities");
    unlink(path);
}

/* Whether the file at path marks a string for translation: `_("` or `N_("`
 * (a plain scan, comments included). */
static int words_for_people(const char *path)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot read %s", path);
    char line[4096];
    int found = 0;
    while (!found && fgets(line, sizeof line, f))
        found = strstr(line, "_(\"") != NULL;
    fclose(f);
    return found;
}

/* Issue 13: no library file words a problem. Sentences for people are the
 * CLI's (src/cli*.c, through gettext) and the exporters' (their label
 * files); the library reports codes with arguments (problem.h). */
static void check_words(const char *dir, const char *name, char *bad, size_t n)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s/%s", ROOT, dir, name);
    int cli = strcmp(dir, "src") == 0 &&
              (starts_with(name, "cli") || !strcmp(name, "main.c") || !strcmp(name, "i18n.h"));
    if (cli)
        return;
    if (includes(path, "i18n.h"))
        snprintf(bad + strlen(bad), n - strlen(bad), " %s/%s (i18n.h)", dir, name);
    if (words_for_people(path))
        snprintf(bad + strlen(bad), n - strlen(bad), " %s/%s (_(\"...\"))", dir, name);
}

Test(headers, the_library_returns_codes_not_sentences)
{
    char bad[4096] = "";
    cr_assert_gt(each_source(check_words, bad, sizeof bad), 20);
    cr_assert_str_empty(bad, "library files that word messages:%s", bad);
    /* and the scan sees a marked string where there is one */
    cr_assert(words_for_people(ROOT "/src/cli_problems.c"));
    cr_assert(includes(ROOT "/src/cli.c", "i18n.h"));
}
