/*
 * End-to-end: every directory tests/e2e/<case>/ holds `cmd` (a bash script
 * run by tests/e2e/run-case.sh in a fresh temporary directory with `outlay`
 * on PATH, under -e -u -o pipefail), and the expected `stdout`, `stderr` and
 * `status` of that script. Compared exactly. Each case runs twice: under
 * C.UTF-8 and under zh_CN.UTF-8 (SPEC §12), where `stdout.zh_CN`,
 * `stderr.zh_CN` and `status.zh_CN` hold what differs in Chinese (a part
 * with no .zh_CN file is the same in both; regen.sh writes them).
 *
 * Three more tests keep the cases honest: there are cases to run; no `cmd`
 * hides a failure (outlay piped into another command, output thrown into
 * /dev/null, `|| true`); and every listing command of the command table has
 * a case that runs its --csv and its --json form, with each number of
 * arguments it takes (`report` and `report SLUG`).
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <dirent.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "cli.h"
#include "test_util.h"

#define E2E_DIR OUTLAY_TESTDIR "/e2e"
#define MAX_CASES 256

struct e2e_case {
    char name[64];
    char locale[16]; /* "C.UTF-8" or "zh_CN.UTF-8" */
};

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct e2e_case *)a)->name, ((const struct e2e_case *)b)->name);
}

/* The cases, sorted: every directory of tests/e2e (the files beside them,
 * regen.sh and the scripts cases source, are not cases). Returns how many,
 * or -1 when tests/e2e cannot be read. A name too long for e2e_case is kept
 * cut, so that the case fails instead of vanishing. */
static int list_cases(struct e2e_case *cases, size_t max)
{
    DIR *d = opendir(E2E_DIR);
    struct dirent *de;
    size_t n = 0;
    if (!d)
        return -1;
    while ((de = readdir(d)) && n < max) {
        char path[4096];
        struct stat sb;
        snprintf(path, sizeof path, "%s/%s", E2E_DIR, de->d_name);
        if (de->d_name[0] == '.' || stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
            continue;
        snprintf(cases[n++].name, sizeof cases[0].name, "%.63s", de->d_name);
    }
    closedir(d);
    qsort(cases, n, sizeof cases[0], by_name);
    return (int)n;
}

static const char *const golden_files[] = {"cmd", "stdout", "stderr", "status"};

/* A runner that finds nothing to run must not pass. */
Test(e2e, cases_are_found)
{
    static struct e2e_case cases[MAX_CASES];
    int n = list_cases(cases, MAX_CASES);
    cr_assert_geq(n, 0, "cannot read %s", E2E_DIR);
    cr_assert_gt(n, 0, "no e2e case in %s: nothing was tested", E2E_DIR);
    cr_assert_lt(n, MAX_CASES, "more than %d cases; raise MAX_CASES", MAX_CASES - 1);
    for (int i = 0; i < n; i++) {
        cr_expect_lt(strlen(cases[i].name), sizeof cases[i].name - 1, "case name too long: %s",
                     cases[i].name);
        for (size_t k = 0; k < sizeof golden_files / sizeof golden_files[0]; k++) {
            char path[4096];
            struct stat sb;
            snprintf(path, sizeof path, "%s/%s/%s", E2E_DIR, cases[i].name, golden_files[k]);
            cr_expect(stat(path, &sb) == 0 && S_ISREG(sb.st_mode),
                      "case %s has no %s file; write it with tests/e2e/regen.sh build/outlay %s",
                      cases[i].name, golden_files[k], cases[i].name);
        }
    }
}

ParameterizedTestParameters(e2e, golden)
{
    static struct e2e_case cases[MAX_CASES], runs[2 * MAX_CASES];
    int n = list_cases(cases, MAX_CASES);
    size_t k = 0;
    for (int i = 0; i < n; i++)
        for (int zh = 0; zh < 2; zh++) {
            runs[k] = cases[i];
            snprintf(runs[k].locale, sizeof runs[k].locale, "%s", zh ? "zh_CN.UTF-8" : "C.UTF-8");
            k++;
        }
    return cr_make_param_array(struct e2e_case, runs, k);
}

ParameterizedTest(struct e2e_case *c, e2e, golden, .timeout = 120)
{
    char dir[] = "/tmp/outlay-e2e-out-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char bin[4096], cmd[20000], path[8192];
    snprintf(bin, sizeof bin, "%s", OUTLAY_BIN);
    *strrchr(bin, '/') = 0;
    int zh = strcmp(c->locale, "C.UTF-8") != 0;
    if (zh && !setlocale(LC_ALL, c->locale))
        cr_skip_test("the %s locale is missing (make deps generates it)", c->locale);
    snprintf(cmd, sizeof cmd, "'%s/run-case.sh' '%s' '%s' '%s' '%s'", E2E_DIR, bin, c->name, dir,
             c->locale);
    int rc = system(cmd);
    int ran = rc != -1 && WIFEXITED(rc) && WEXITSTATUS(rc) == 0;
    cr_expect(ran, "case %s could not be run (run-case.sh: status %d)", c->name, rc);
    for (size_t i = 1; ran && i < sizeof golden_files / sizeof golden_files[0]; i++) {
        const char *part = golden_files[i];
        char *want = NULL;
        if (zh) { /* what differs in Chinese, else the same as in C */
            snprintf(path, sizeof path, "%s/%s/%s.zh_CN", E2E_DIR, c->name, part);
            want = slurp(path, NULL);
        }
        snprintf(path, sizeof path, "%s/%s/%s", E2E_DIR, c->name, part);
        if (!want)
            want = slurp(path, NULL);
        snprintf(path, sizeof path, "%s/%s", dir, part);
        char *got = slurp(path, NULL);
        cr_expect_not_null(want, "case %s: no golden %s file", c->name, part);
        cr_expect_not_null(got, "case %s: run-case.sh wrote no %s", c->name, part);
        if (want && got)
            cr_expect_str_eq(got, want, "case %s (%s): %s differs\n--- expected\n%s--- got\n%s",
                             c->name, c->locale, part, want, got);
        free(want);
        free(got);
    }
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        cr_log_warn("could not remove %s", dir);
}

/* --- reading cmd files ----------------------------------------------------
 * Enough of the shell's grammar to find commands in a cmd file: words
 * (quotes kept in the text), pipes, separators and redirections. */

enum tok_kind { TOK_WORD, TOK_PIPE, TOK_SEP, TOK_REDIR };

struct tok {
    enum tok_kind kind;
    char text[256];
};

#define MAX_TOKS 256

static int is_op_char(char ch)
{
    return ch == '|' || ch == '&' || ch == ';' || ch == '<' || ch == '>' || ch == '(' || ch == ')';
}

static void push(struct tok *t, size_t *n, enum tok_kind kind, const char *s, size_t len)
{
    if (*n >= MAX_TOKS)
        return;
    t[*n].kind = kind;
    snprintf(t[*n].text, sizeof t[*n].text, "%.*s", (int)len, s);
    (*n)++;
}

/* Splits one logical line into tokens; a comment ends it. */
static size_t tokenize(const char *p, struct tok *t)
{
    size_t n = 0;
    while (*p) {
        if (*p == ' ' || *p == '\t') {
            p++;
            continue;
        }
        if (*p == '#')
            break;
        if (is_op_char(*p)) {
            const char *s = p;
            if ((p[0] == '|' && p[1] == '|') || (p[0] == '&' && p[1] == '&')) {
                push(t, &n, TOK_SEP, s, 2);
                p += 2;
            } else if (*p == '|') {
                push(t, &n, TOK_PIPE, s, 1);
                p++;
            } else if (*p == '<' || *p == '>') {
                p++;
                while (*p == '<' || *p == '>' || *p == '&' || *p == '-')
                    p++;
                push(t, &n, TOK_REDIR, s, (size_t)(p - s));
            } else {
                push(t, &n, TOK_SEP, s, 1);
                p++;
            }
            continue;
        }
        const char *s = p;
        while (*p && *p != ' ' && *p != '\t' && !is_op_char(*p)) {
            if (*p == '\\' && p[1]) {
                p += 2;
            } else if (*p == '\'' || *p == '"') {
                char q = *p++;
                while (*p && *p != q)
                    p += (q == '"' && *p == '\\' && p[1]) ? 2 : 1;
                if (*p)
                    p++;
            } else {
                p++;
            }
        }
        /* "2>" and "2>&1": the digits are the redirection's descriptor. */
        if ((*p == '>' || *p == '<') && strspn(s, "0123456789") == (size_t)(p - s)) {
            p++;
            while (*p == '<' || *p == '>' || *p == '&' || *p == '-')
                p++;
            push(t, &n, TOK_REDIR, s, (size_t)(p - s));
            continue;
        }
        push(t, &n, TOK_WORD, s, (size_t)(p - s));
    }
    return n;
}

/* Calls fn for each logical line of a cmd file (continuation lines joined,
 * here-documents skipped) with its tokens. */
static void each_command_line(const char *file, const char *text,
                              void (*fn)(const char *file, int line, const struct tok *t, size_t n,
                                         void *arg),
                              void *arg)
{
    static struct tok toks[MAX_TOKS];
    char logical[8192], heredoc[64] = "";
    size_t used = 0;
    int lineno = 0, first = 0;
    for (const char *p = text; *p;) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        lineno++;
        if (heredoc[0]) {
            if (len == strlen(heredoc) && !strncmp(p, heredoc, len))
                heredoc[0] = 0;
            p += len + (end != NULL);
            continue;
        }
        if (!used)
            first = lineno;
        int more = len > 0 && p[len - 1] == '\\';
        size_t take = more ? len - 1 : len;
        if (used + take < sizeof logical) {
            memcpy(logical + used, p, take);
            used += take;
        }
        p += len + (end != NULL);
        if (more)
            continue;
        logical[used] = 0;
        used = 0;
        size_t n = tokenize(logical, toks);
        fn(file, first, toks, n, arg);
        for (size_t i = 0; i + 1 < n; i++)
            if (toks[i].kind == TOK_REDIR && !strcmp(toks[i].text, "<<")) {
                const char *w = toks[i + 1].text;
                size_t k = strlen(w);
                if (k >= 2 && (w[0] == '\'' || w[0] == '"'))
                    snprintf(heredoc, sizeof heredoc, "%.*s", (int)(k - 2 < 63 ? k - 2 : 63),
                             w + 1);
                else
                    snprintf(heredoc, sizeof heredoc, "%.63s", w);
            }
    }
}

static void scan_file(const char *path, const char *name,
                      void (*fn)(const char *file, int line, const struct tok *t, size_t n,
                                 void *arg),
                      void *arg)
{
    char *text = slurp(path, NULL);
    cr_assert_not_null(text, "cannot read %s", path);
    each_command_line(name, text, fn, arg);
    free(text);
}

/* Calls each_command_line for the cmd file of every case and for the
 * scripts beside them (listing-setup.sh, which cases source). */
static void each_script(void (*fn)(const char *file, int line, const struct tok *t, size_t n,
                                   void *arg),
                        void *arg)
{
    static struct e2e_case cases[MAX_CASES];
    char path[4096], name[128];
    int n = list_cases(cases, MAX_CASES);
    cr_assert_gt(n, 0, "no e2e case in %s", E2E_DIR);
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, E2E_DIR "/%.63s/cmd", cases[i].name);
        snprintf(name, sizeof name, "%.63s/cmd", cases[i].name);
        scan_file(path, name, fn, arg);
    }
    DIR *d = opendir(E2E_DIR);
    struct dirent *de;
    cr_assert_not_null(d);
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len < 4 || len > 100 || strcmp(de->d_name + len - 3, ".sh") != 0)
            continue;
        snprintf(path, sizeof path, E2E_DIR "/%s", de->d_name);
        scan_file(path, de->d_name, fn, arg);
    }
    closedir(d);
}

static int is_word(const struct tok *t, const char *s)
{
    return t->kind == TOK_WORD && !strcmp(t->text, s);
}

/* --- no cmd file hides a failure ------------------------------------------ */

/* Why one line of a cmd file hides a failure, or NULL when it does not. */
static const char *hides_failure(const struct tok *t, size_t n)
{
    int outlay_in_stage = 0;
    for (size_t i = 0; i < n; i++) {
        if (is_word(&t[i], "outlay"))
            outlay_in_stage = 1;
        if (t[i].kind == TOK_PIPE && outlay_in_stage)
            return "pipes outlay's output into another command (its exit status and, with a "
                   "reader that stops early, its output are lost): write it to a file, then "
                   "filter the file";
        if (t[i].kind == TOK_PIPE || t[i].kind == TOK_SEP)
            outlay_in_stage = 0;
        if (t[i].kind == TOK_WORD && strstr(t[i].text, "/dev/null"))
            return "throws output into /dev/null: let it reach the golden stdout or stderr";
        if (t[i].kind == TOK_SEP && !strcmp(t[i].text, "||") && i + 1 < n &&
            (is_word(&t[i + 1], "true") || is_word(&t[i + 1], ":")))
            return "hides a failure with '|| true': use || echo \"exit $?\"";
        if (is_word(&t[i], "set") && i + 1 < n && t[i + 1].text[0] == '+')
            return "turns off -e, -u or pipefail";
    }
    return NULL;
}

static void check_visible(const char *file, int line, const struct tok *t, size_t n, void *arg)
{
    int *bad = arg;
    const char *why = hides_failure(t, n);
    if (why) {
        cr_expect_fail("tests/e2e/%s:%d %s", file, line, why);
        (*bad)++;
    }
}

Test(e2e, cmd_files_keep_failures_visible)
{
    int bad = 0;
    each_script(check_visible, &bad);
    cr_expect_eq(bad, 0, "%d line(s) of e2e scripts hide a failure", bad);
}

/* The checker itself, on lines it must refuse and lines it must accept. */
Test(e2e, visibility_checker)
{
    static const struct {
        const char *text;
        int bad;
    } lines[] = {
        {"outlay log t --csv | cut -d, -f2-", 1},
        {"outlay import expenses t x.csv 2>&1 | tail -n 2", 1},
        {"OUTLAY_LEDGER=x.db outlay check | wc -l", 1},
        {"outlay -L x.db init 2>/dev/null", 1},
        {"outlay settle t >/dev/null", 1},
        {"outlay settle t || true", 1},
        {"set +o pipefail", 1},
        {"outlay log t --csv > log.csv; cut -d, -f2- log.csv | sort", 0},
        {"printf 'name\\nCy\\n' | outlay import participants trip -", 0},
        {"outlay participant add meet '=cmd|calc' --dept '+1'", 0},
        {"outlay expense add t --for \"$(printf '\\tx')\" || echo \"exit $?\"", 0},
        {"outlay words 12 > /dev/full || echo \"exit $?\" # not | here", 0},
    };
    static struct tok toks[MAX_TOKS];
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        size_t n = tokenize(lines[i].text, toks);
        cr_expect_eq(hides_failure(toks, n) != NULL, lines[i].bad, "line %s", lines[i].text);
    }
}

/* --- every listing has golden --csv and --json output ---------------------- */

struct coverage {
    /* seen[command][0 = --csv, 1 = --json][number of positional arguments] */
    unsigned char seen[64][2][CLI_MAX_POS + 1];
};

/* Records each `outlay NOUN [VERB] ARGS... --csv|--json` of a line. */
static void note_listing(const char *file, int line, const struct tok *t, size_t n, void *arg)
{
    struct coverage *cov = arg;
    (void)file, (void)line;
    for (size_t i = 0; i < n; i++) {
        if (!is_word(&t[i], "outlay"))
            continue;
        size_t k = i + 1;
        /* Global options before the command (SPEC §4). */
        while (k < n && t[k].kind == TOK_WORD && t[k].text[0] == '-') {
            int takes = !strcmp(t[k].text, "-L") || !strcmp(t[k].text, "--ledger") ||
                        !strcmp(t[k].text, "--templates");
            k += takes ? 2 : 1;
        }
        for (size_t c = 0; cli_commands[c].noun && c < 64; c++) {
            const struct command *cmd = &cli_commands[c];
            size_t j = k;
            if (!(cmd->flags & CMD_LISTING) || j >= n || !is_word(&t[j++], cmd->noun))
                continue;
            if (cmd->verb && (j >= n || !is_word(&t[j++], cmd->verb)))
                continue;
            int fmt = -1, npos = 0;
            for (; j < n && t[j].kind == TOK_WORD; j++) {
                if (!strcmp(t[j].text, "--csv"))
                    fmt = 0;
                else if (!strcmp(t[j].text, "--json"))
                    fmt = 1;
                else if (t[j].text[0] != '-')
                    npos++;
            }
            /* rollup's any number of files counts as CLI_MAX_POS */
            if (fmt >= 0)
                cov->seen[c][fmt][npos < CLI_MAX_POS ? npos : CLI_MAX_POS] = 1;
        }
    }
}

Test(e2e, every_listing_has_golden_csv_and_json)
{
    static struct coverage cov;
    static const char *const fmts[] = {"--csv", "--json"};
    size_t listings = 0;
    each_script(note_listing, &cov);
    for (size_t c = 0; cli_commands[c].noun; c++) {
        const struct command *cmd = &cli_commands[c];
        cr_assert_lt(c, 64, "more than 64 commands; enlarge struct coverage");
        if (!(cmd->flags & CMD_LISTING))
            continue;
        listings++;
        for (int f = 0; f < 2; f++)
            for (int npos = cmd->min_pos; npos <= cmd->max_pos && npos <= CLI_MAX_POS; npos++) {
                /* Both ends of an optional argument: `report` and `report
                 * SLUG`; for any number of files, none and at least 4. */
                int most = cmd->max_pos < CLI_MAX_POS ? cmd->max_pos : CLI_MAX_POS;
                if (npos != cmd->min_pos && npos != most)
                    continue;
                cr_expect(cov.seen[c][f][npos],
                          "no e2e case runs 'outlay %s%s%s %s' with %d argument(s): add one "
                          "under tests/e2e/ and write its golden files with regen.sh",
                          cmd->noun, cmd->verb ? " " : "", cmd->verb ? cmd->verb : "", fmts[f],
                          npos);
            }
    }
    cr_expect_geq(listings, 11, "only %zu listing commands in the table", listings);
}
