/*
 * The command table, walked through the binary: every command listed by
 * `outlay --help` answers -h with its usage (exit 0), and refuses an
 * unknown option with exit 2 and its usage line on stderr. Every usage
 * error of every command in cli_commands (a missing argument or required
 * option, an unknown option, an option without its value) exits 2 in an
 * empty directory and leaves it empty; every option's -h line has its
 * description. The CLI sources are also linked in, for tests that run
 * outlay_cli_main in this process.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "test_util.h"

static int run(const char *args, char *out, size_t n)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "cd /tmp && env -i LANG=C OUTLAY_LEDGER=/nonexistent/x.db '%s' %s 2>&1", OUTLAY_BIN,
             args);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    size_t k = fread(out, 1, n - 1, p);
    out[k] = 0;
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Command names from `outlay --help`: lines "  noun [verb]   summary". */
static size_t commands(char names[][40], size_t max)
{
    static char out[16384];
    cr_assert_eq(run("--help", out, sizeof out), 0);
    size_t n = 0;
    char *save = NULL;
    int in_commands = 0;
    for (char *line = strtok_r(out, "\n", &save); line && n < max;
         line = strtok_r(NULL, "\n", &save)) {
        if (!strcmp(line, "Commands:")) {
            in_commands = 1;
            continue;
        }
        if (in_commands && strncmp(line, "  ", 2) != 0)
            break;
        if (in_commands) {
            char *end = strstr(line + 2, "  ");
            cr_assert_not_null(end);
            snprintf(names[n++], 40, "%.*s", (int)(end - line - 2), line + 2);
        }
    }
    return n;
}

Test(cli, every_command_answers_help)
{
    char names[64][40];
    size_t n = commands(names, 64);
    cr_assert_geq(n, 30, "only %zu commands listed", n);
    for (size_t i = 0; i < n; i++) {
        char args[128], out[8192];
        snprintf(args, sizeof args, "%s -h", names[i]);
        cr_expect_eq(run(args, out, sizeof out), 0, "%s -h failed: %s", names[i], out);
        char want[64];
        snprintf(want, sizeof want, "usage: outlay %s", names[i]);
        cr_expect_not_null(strstr(out, want), "%s -h: %s", names[i], out);
    }
}

Test(cli, every_command_refuses_unknown_option)
{
    char names[64][40];
    size_t n = commands(names, 64);
    for (size_t i = 0; i < n; i++) {
        char args[128], out[8192];
        snprintf(args, sizeof args, "%s --frobnicate", names[i]);
        cr_expect_eq(run(args, out, sizeof out), 2, "%s: %s", names[i], out);
        cr_expect_not_null(strstr(out, "outlay: error: unknown option '--frobnicate'"), "%s: %s",
                           names[i], out);
        cr_expect_not_null(strstr(out, "usage: outlay "), "%s: %s", names[i], out);
    }
}

Test(cli, unknown_command_and_version)
{
    char out[4096];
    cr_assert_eq(run("frobnicate", out, sizeof out), 2);
    cr_assert_str_eq(
        out,
        "outlay: error: unknown command 'frobnicate'; see 'outlay --help'\n"
        "usage: outlay [-L PATH] [--templates DIR] [--by NAME] COMMAND [ARGS] [--csv|--json]\n");
    cr_assert_eq(run("--version", out, sizeof out), 0);
    cr_assert_str_eq(out, "outlay " OUTLAY_VERSION "\n");
}

/* Unknown options of every length from 1 to 300 bytes, ASCII and UTF-8 of
 * 2, 3 and 4 bytes a character: the "did you mean" hint compares each with
 * the command's options (outlay_text_distance, whose stack buffer is sized
 * for 64 bytes). Run in this process, so that ASan (make test) watches that
 * buffer: the answer is always a usage error, never a crash. */
Test(cli, hint_for_unknown_option_of_every_length)
{
    static const char *const chars[] = {"x", "é", "王", "😀"};
    char path[] = "/tmp/outlay-cli-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    fflush(stderr);
    cr_assert_eq(dup2(fd, 2), 2); /* the messages, read back below */
    close(fd);
    for (size_t c = 0; c < sizeof chars / sizeof chars[0]; c++)
        for (size_t len = 1; len <= 300; len++) {
            char opt[2 + 300 + 1] = "--", noun[] = "expense", verb[] = "add", slug[] = "trip",
                               prog[] = "outlay";
            size_t k = strlen(chars[c]), i = 2;
            for (; i + k <= len + 2; i += k)
                memcpy(opt + i, chars[c], k);
            for (; i < len + 2; i++)
                opt[i] = 'a';
            opt[i] = 0;
            char *argv[] = {prog, noun, verb, slug, opt, NULL};
            cr_assert_eq(outlay_cli_main(5, argv), 2, "--%zu bytes of '%s'", len, chars[c]);
        }
    char near[] = "--catgory", prog[] = "outlay", noun[] = "expense", verb[] = "add",
         slug[] = "trip";
    char *argv[] = {prog, noun, verb, slug, near, NULL};
    cr_assert_eq(outlay_cli_main(5, argv), 2);
    fflush(stderr);
    char *err = slurp(path, NULL);
    unlink(path);
    cr_assert_not_null(err);
    cr_expect_not_null(
        strstr(err, "outlay: error: unknown option '--catgory'; did you mean '--category'?\n"),
        "%.2000s", err);
    free(err);
}

/* --- usage errors touch nothing (SPEC §10) --------------------------------- */

/* Runs the binary with args in dir, with an environment of only LANG=C and
 * LC_ALL=C.UTF-8 (no $OUTLAY_LEDGER: the ledger would be ./outlay.db).
 * Writes its stdout and stderr, NUL-terminated, to out and err. Returns
 * its exit status. */
static int run_in(const char *dir, const char *const *args, char *out, char *err, size_t n)
{
    char tmp[2][32] = {"/tmp/outlay-cli-out-XXXXXX", "/tmp/outlay-cli-err-XXXXXX"};
    int fd[2];
    for (int k = 0; k < 2; k++) {
        fd[k] = mkstemp(tmp[k]);
        cr_assert_geq(fd[k], 0);
    }
    fflush(NULL);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        char *env[] = {"LANG=C", "LC_ALL=C.UTF-8", NULL};
        if (chdir(dir) != 0 || dup2(fd[0], 1) < 0 || dup2(fd[1], 2) < 0)
            _exit(126);
        execve(OUTLAY_BIN, (char *const *)args, env);
        _exit(127);
    }
    int st = 0;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    char *bufs[2] = {out, err};
    for (int k = 0; k < 2; k++) {
        ssize_t r = pread(fd[k], bufs[k], n - 1, 0);
        bufs[k][r > 0 ? r : 0] = 0;
        close(fd[k]);
        unlink(tmp[k]);
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The names in dir, for a message; "" when it is empty. Removes them, so
 * that the next case starts from an empty directory again. */
static void empty_dir(const char *dir, char *names, size_t n)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    struct dirent *e;
    names[0] = 0;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        size_t k = strlen(names);
        snprintf(names + k, n - k, "%s%s", k ? ", " : "", e->d_name);
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
}

struct usage_case {
    const char *args[48];
    size_t n;
    const char *want; /* the start of the error message */
    char what[160];   /* for messages: the command line */
};

/* The command's words and npos positional arguments that parse. */
static void case_begin(struct usage_case *u, const struct command *cmd, int npos)
{
    /* An import kind first, so that `import` sees a valid kind. */
    static const char *const pos[] = {"budget", "trip", "1", "x", "y"};
    u->n = 0;
    u->args[u->n++] = OUTLAY_BIN;
    u->args[u->n++] = cmd->noun;
    if (cmd->verb)
        u->args[u->n++] = cmd->verb;
    for (int i = 0; i < npos && i < 5; i++)
        u->args[u->n++] = pos[i];
}

/* The required options of cmd with a value, but the one at row skip. */
static void case_required(struct usage_case *u, const struct command *cmd, int skip)
{
    for (int r = 0; cmd->opts && cmd->opts[r].name; r++) {
        if (!cmd->opts[r].required || r == skip)
            continue;
        static char names[64][72];
        cr_assert_lt(u->n, 40);
        snprintf(names[r], sizeof names[r], "--%s", cmd->opts[r].name);
        u->args[u->n++] = names[r];
        u->args[u->n++] = "1";
    }
}

static void case_end(struct usage_case *u, const char *want)
{
    u->args[u->n] = NULL;
    u->want = want;
    u->what[0] = 0;
    for (size_t i = 1; i < u->n; i++) {
        size_t k = strlen(u->what);
        snprintf(u->what + k, sizeof u->what - k, "%s'%s'", i > 1 ? " " : "", u->args[i]);
    }
}

/* Runs one case in the empty dir: exit 2, nothing on stdout, the error and
 * the command's usage line on stderr, and still no file in dir. */
/* Exit `code` with u->want on stderr, nothing on stdout, no file left; the
 * usage line too for a usage error (2). */
static void expect_refused(const char *dir, const struct command *cmd, const struct usage_case *u,
                           int code)
{
    static char out[8192], err[8192];
    char usage[512], left[1024];
    int rc = run_in(dir, u->args, out, err, sizeof out);
    empty_dir(dir, left, sizeof left);
    snprintf(usage, sizeof usage, "usage: outlay %s\n", cmd->usage);
    cr_expect_eq(rc, code, "outlay %s: exit %d, not %d: %s", u->what, rc, code, err);
    cr_expect_str_empty(left, "outlay %s wrote %s in an empty directory", u->what, left);
    cr_expect_str_empty(out, "outlay %s printed on stdout: %s", u->what, out);
    cr_expect(!strncmp(err, u->want, strlen(u->want)), "outlay %s: want '%s...', got: %s", u->what,
              u->want, err);
    if (code == 2)
        cr_expect_not_null(strstr(err, usage), "outlay %s: no usage line: %s", u->what, err);
}

static void expect_usage_error(const char *dir, const struct command *cmd,
                               const struct usage_case *u)
{
    expect_refused(dir, cmd, u, 2);
}

Test(cli, usage_errors_touch_nothing)
{
    char dir[] = "/tmp/outlay-cli-empty-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    size_t ncases = 0;
    for (const struct command *cmd = cli_commands; cmd->noun; cmd++) {
        struct usage_case u;
        char want[128];
        if (cmd->min_pos > 0) {
            case_begin(&u, cmd, cmd->min_pos - 1);
            case_required(&u, cmd, -1);
            case_end(&u, "outlay: error: missing argument\n");
            expect_usage_error(dir, cmd, &u), ncases++;
        }
        /* rollup takes any number of files */
        int most = cmd->max_pos < CLI_MAX_POS ? cmd->max_pos : CLI_MAX_POS;
        if (cmd->max_pos <= CLI_MAX_POS) {
            case_begin(&u, cmd, cmd->max_pos + 1);
            case_required(&u, cmd, -1);
            case_end(&u, "outlay: error: unexpected argument");
            expect_usage_error(dir, cmd, &u), ncases++;
        }

        case_begin(&u, cmd, most);
        case_required(&u, cmd, -1);
        u.args[u.n++] = "--frobnicate";
        case_end(&u, "outlay: error: unknown option '--frobnicate'");
        expect_usage_error(dir, cmd, &u), ncases++;

        /* Each option that takes a value, last and without it; each
         * required option left out, then given empty. */
        const struct cli_opt *tables[] = {cmd->opts, cli_global_opts};
        for (size_t t = 0; t < 2; t++)
            for (int r = 0; tables[t] && tables[t][r].name; r++) {
                const struct cli_opt *o = &tables[t][r];
                char opt[72];
                snprintf(opt, sizeof opt, "--%s", o->name);
                if (o->arg) {
                    case_begin(&u, cmd, most);
                    case_required(&u, cmd, t == 0 ? r : -1);
                    u.args[u.n++] = opt;
                    snprintf(want, sizeof want, "outlay: error: option '%s' needs a value", opt);
                    case_end(&u, want);
                    expect_usage_error(dir, cmd, &u), ncases++;
                }
                if (t == 0 && o->required) {
                    case_begin(&u, cmd, most);
                    case_required(&u, cmd, r);
                    snprintf(want, sizeof want, "outlay: error: missing option '%s'\n", opt);
                    case_end(&u, want);
                    expect_usage_error(dir, cmd, &u), ncases++;

                    case_begin(&u, cmd, most);
                    case_required(&u, cmd, r);
                    /* Given, but empty: invalid input (SPEC §3, §10: exit 1),
                     * found before anything is opened all the same. */
                    u.args[u.n++] = opt;
                    u.args[u.n++] = "";
                    snprintf(want, sizeof want, "outlay: error: %s: is required but empty\n", opt);
                    case_end(&u, want);
                    expect_refused(dir, cmd, &u, 1), ncases++;
                }
            }
    }
    rmdir(dir);
    cr_expect_geq(ncases, 150, "only %zu cases", ncases);
}

/* --- every option is described ------------------------------------------- */

/* The description printed for option --name in the Options section of -h:
 * on its line after the option, or on the next line when the option is too
 * long. Copies it to desc; 0 when the option is not listed. */
static int help_line(const char *out, const char *name, char *desc, size_t n)
{
    const char *p = strstr(out, "\nOptions:\n");
    char opt[72];
    snprintf(opt, sizeof opt, "--%s", name);
    for (p = p ? p + 10 : NULL; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        const char *o = strstr(p, opt);
        if (!o || o >= p + len || (o[strlen(opt)] != ' ' && o[strlen(opt)] != '\n'))
            continue;
        /* The description follows the first run of two or more spaces
         * after the option (and its value's name), or is the next line. */
        const char *gap = strstr(o, "  ");
        if (gap && gap < p + len) {
            while (*gap == ' ')
                gap++;
            snprintf(desc, n, "%.*s", (int)(p + len - gap), gap);
        } else if (eol) {
            const char *next = eol + 1;
            while (*next == ' ')
                next++;
            const char *end = strchr(next, '\n');
            snprintf(desc, n, "%.*s", (int)(end ? end - next : (long)strlen(next)), next);
        } else {
            desc[0] = 0;
        }
        return 1;
    }
    return 0;
}

Test(cli, every_option_has_a_description_in_help)
{
    char dir[] = "/tmp/outlay-cli-help-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    size_t nopts = 0;
    for (const struct command *cmd = cli_commands; cmd->noun; cmd++) {
        static char out[16384], err[8192];
        const char *args[] = {OUTLAY_BIN, cmd->noun, cmd->verb ? cmd->verb : "-h",
                              cmd->verb ? "-h" : NULL, NULL};
        char name[40], desc[256];
        snprintf(name, sizeof name, "%s%s%s", cmd->noun, cmd->verb ? " " : "",
                 cmd->verb ? cmd->verb : "");
        cr_expect_eq(run_in(dir, args, out, err, sizeof out), 0, "%s -h: %s", name, err);
        const struct cli_opt *tables[] = {
            cmd->opts, cmd->flags & CMD_LISTING ? cli_listing_opts : NULL, cli_global_opts};
        for (size_t t = 0; t < 3; t++)
            for (const struct cli_opt *o = tables[t]; o && o->name; o++, nopts++) {
                cr_expect(o->help && o->help[0], "%s --%s: no description in the table", name,
                          o->name);
                if (!help_line(out, o->name, desc, sizeof desc)) {
                    cr_expect_fail("%s -h does not list --%s:\n%s", name, o->name, out);
                    continue;
                }
                cr_expect_str_eq(desc, o->help ? o->help : "", "%s -h, --%s:\n%s", name, o->name,
                                 out);
            }
    }
    rmdir(dir);
    cr_expect_geq(nopts, 100, "only %zu options", nopts);
}

/* Where option o stands in a usage line as a whole word (--name, or -c
 * when it has a short name), or NULL. */
static const char *usage_option(const char *usage, const struct cli_opt *o)
{
    char opt[72];
    if (o->short_name && strstr(usage, (char[]){'-', o->short_name, ' ', 0}))
        snprintf(opt, sizeof opt, "-%c", o->short_name);
    else
        snprintf(opt, sizeof opt, "--%s", o->name);
    for (const char *p = strstr(usage, opt); p; p = strstr(p + 1, opt)) {
        char next = p[strlen(opt)];
        if (next == ' ' || next == ']' || next == '|' || next == 0)
            return p;
    }
    return NULL;
}

/* The option tables agree with the usage lines and with each other: each
 * option of a command is in its usage line (a required one outside
 * brackets), no command option hides a global one (or, in a listing, a
 * listing one), and no table holds more
 * than cli.values can. */
Test(cli, option_tables_match_usage)
{
    for (const struct command *cmd = cli_commands; cmd->noun; cmd++) {
        const char *verb = cmd->verb ? cmd->verb : "";
        int any = strstr(cmd->usage, "[any option of") != NULL;
        int r = 0;
        for (; cmd->opts && cmd->opts[r].name; r++) {
            const struct cli_opt *o = &cmd->opts[r];
            const char *at = usage_option(cmd->usage, o);
            if (!any || o->required)
                cr_expect_not_null(at, "usage of '%s %s' lacks --%s", cmd->noun, verb, o->name);
            if (o->required && at)
                cr_expect(at == cmd->usage || at[-1] != '[', "'%s %s': required --%s in brackets",
                          cmd->noun, verb, o->name);
            /* a listing's --csv options are in scope only for listings */
            const struct cli_opt *others[] = {cli_global_opts, cli_listing_opts};
            for (size_t t = 0; t < (cmd->flags & CMD_LISTING ? 2u : 1u); t++)
                for (const struct cli_opt *g = others[t]; g->name; g++) {
                    cr_expect_str_neq(o->name, g->name, "'%s %s' --%s hides a global option",
                                      cmd->noun, verb, o->name);
                    cr_expect(!o->short_name || o->short_name != g->short_name,
                              "'%s %s' -%c hides a global option", cmd->noun, verb, o->short_name);
                }
        }
        cr_expect_leq(r, CLI_MAX_OPTS, "'%s %s' has %d options", cmd->noun, verb, r);
    }
}

/* Runs a sh script in a fresh directory (outlay on PATH, OUTLAY_LEDGER
 * l.db), with env_extra before it (NAME=VALUE ...); stdout and stderr in
 * out. Returns the status. dir gets the directory. */
static int sh_in(char dir[64], const char *env_extra, const char *script, char *out, size_t n)
{
    char cmd[4096], bindir[512];
    snprintf(dir, 64, "/tmp/outlay-cli-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(bindir, sizeof bindir, "%s", OUTLAY_BIN);
    *strrchr(bindir, '/') = 0;
    snprintf(cmd, sizeof cmd,
             "cd '%s' && env -i LANG=C LC_ALL=C.UTF-8 PATH='%s:/usr/bin:/bin' OUTLAY_LEDGER=l.db "
             "OUTLAY_TODAY=2026-03-08 %s sh -e -c '%s' 2>&1",
             dir, bindir, env_extra, script);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    size_t k = fread(out, 1, n - 1, p);
    out[k] = 0;
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void rm_rf(const char *dir)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

/* SPEC §11: who each audit row names: --by (before or after the command),
 * else $OUTLAY_USER, else the login name, else "uid N"; a --by that is no
 * name is refused before any file is made. */
Test(cli, who_is_by_then_outlay_user_then_the_login_name)
{
    char dir[64], out[8192], login[256] = "";
    if (getlogin_r(login, sizeof login) != 0 || !login[0]) {
        struct passwd *pw = getpwuid(getuid());
        if (pw && pw->pw_name && pw->pw_name[0])
            snprintf(login, sizeof login, "%s", pw->pw_name);
        else
            snprintf(login, sizeof login, "uid %lu", (unsigned long)getuid());
    }
    cr_assert_eq(sh_in(dir, "OUTLAY_USER=Ann",
                       "outlay init\n"
                       "outlay activity add trip --title T --by \"Li  Wei\"\n"
                       "outlay --by 王芳 participant add trip Bob\n"
                       "OUTLAY_USER= outlay participant add trip Cai\n"
                       "outlay log --csv | cut -d, -f2,3\n",
                       out, sizeof out),
                 0, "%s", out);
    char want[1024];
    snprintf(want, sizeof want,
             "outlay: ledger 'l.db' is ready\n"
             "who,command\nAnn,init\nLi Wei,activity add\n王芳,participant add\n%s,participant "
             "add\n",
             login);
    cr_assert_str_eq(out, want);
    rm_rf(dir);
    cr_assert_eq(sh_in(dir, "", "outlay --by \" \" init || echo \"exit $?\"; ls", out, sizeof out),
                 0);
    cr_assert_str_eq(
        out,
        "outlay: error: --by: the name of who makes the change cannot be empty or only "
        "spaces; leave out --by for $OUTLAY_USER or the login name\nexit 1\n",
        "and no file");
    rm_rf(dir);
}

/* SPEC §11: init on a ledger that is there changes nothing and logs
 * nothing, and says so; check counts in words ("1 activity"). */
Test(cli, init_again_changes_nothing)
{
    char dir[64], out[8192];
    cr_assert_eq(sh_in(dir, "OUTLAY_USER=Ann",
                       "outlay init\n"
                       "outlay activity add trip --title T\n"
                       "before=$(cksum < l.db)\n"
                       "outlay init\n"
                       "[ \"$(cksum < l.db)\" = \"$before\" ] && echo same bytes\n"
                       "outlay log --csv | cut -d, -f3\n"
                       "outlay check\n"
                       "outlay activity add two --title Two\n"
                       "outlay check\n",
                       out, sizeof out),
                 0, "%s", out);
    cr_assert_str_eq(out, "outlay: ledger 'l.db' is ready\n"
                          "outlay: ledger 'l.db' exists already; nothing was changed\n"
                          "same bytes\n"
                          "command\ninit\nactivity add\n"
                          "ledger 'l.db' is consistent (1 activity checked)\n"
                          "ledger 'l.db' is consistent (2 activities checked)\n");
    rm_rf(dir);
}
