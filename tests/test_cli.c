/*
 * The command table, walked through the binary: every command listed by
 * `outlay --help` answers -h with its usage (exit 0), and refuses an
 * unknown option with exit 2 and its usage line on stderr. The CLI sources
 * are also linked in, for tests that run outlay_cli_main in this process.
 */
#include <criterion/criterion.h>
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
    cr_assert_str_eq(out,
                     "outlay: error: unknown command 'frobnicate'; see 'outlay --help'\n"
                     "usage: outlay [-L PATH] [--templates DIR] COMMAND [ARGS] [--csv|--json]\n");
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
