/* status: exit codes, and the error record's problems (codes with
 * arguments, problem.h) and helpers. */
#include "outlay/status.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "outlay/money.h"
#include "outlay/text.h"

static const char *const problem_args[OUTLAY_P_COUNT] = {[OUTLAY_P_NONE] = "",
#define ARGS_(name, kinds) [OUTLAY_P_##name] = kinds,
                                                         OUTLAY_PROBLEMS(ARGS_)
#undef ARGS_
};

/* Upper-case X-macro names, lowered once on first use. */
static const char *const problem_upper[OUTLAY_P_COUNT] = {[OUTLAY_P_NONE] = "NONE",
#define NAME_(name, kinds) [OUTLAY_P_##name] = #name,
                                                          OUTLAY_PROBLEMS(NAME_)
#undef NAME_
};

const char *outlay_problem_args(enum outlay_problem code)
{
    return (unsigned)code < OUTLAY_P_COUNT ? problem_args[code] : "";
}

/* The names in lower case, made once for every code (threads of `serve`
 * read them at once: made under pthread_once, never half-written). */
static char problem_lower[OUTLAY_P_COUNT][48];
static pthread_once_t problem_lower_once = PTHREAD_ONCE_INIT;

static void make_problem_lower(void)
{
    for (int code = 0; code < OUTLAY_P_COUNT; code++) {
        const char *u = problem_upper[code];
        size_t i = 0;
        for (; u[i] && i + 1 < sizeof problem_lower[code]; i++)
            problem_lower[code][i] = (char)(u[i] >= 'A' && u[i] <= 'Z' ? u[i] - 'A' + 'a' : u[i]);
        problem_lower[code][i] = '\0';
    }
}

const char *outlay_problem_name(enum outlay_problem code)
{
    if ((unsigned)code >= OUTLAY_P_COUNT)
        return "";
    pthread_once(&problem_lower_once, make_problem_lower);
    return problem_lower[code];
}

int outlay_exit_code(enum outlay_status s)
{
    switch (s) {
    case OUTLAY_OK:
        return 0;
    case OUTLAY_EUSAGE:
        return 2;
    case OUTLAY_ENOLEDGER:
    case OUTLAY_ENOTLEDGER:
    case OUTLAY_ENEWER:
    case OUTLAY_EBUSY:
    case OUTLAY_EIO:
    case OUTLAY_ENOMEM:
        return 3;
    default:
        return 1;
    }
}

/* Copies len bytes of s (all of it for (size_t)-1) into buf, cut at a
 * character boundary with "…" when it does not fit. */
static void copy_text(char *buf, size_t n, const char *s, size_t len)
{
    if (!s)
        s = "";
    if (len == (size_t)-1)
        len = strlen(s);
    if (len < n) {
        memcpy(buf, s, len);
        buf[len] = '\0';
        return;
    }
    size_t k = n - 4; /* room for "…" (3 bytes) and the NUL */
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    memcpy(buf, s, k);
    memcpy(buf + k, "\xe2\x80\xa6", 4);
}

static int kinds_match(enum outlay_problem code, int nargs, const struct outlay_arg_in *args)
{
    const char *kinds = outlay_problem_args(code);
    if (code <= OUTLAY_P_NONE || code >= OUTLAY_P_COUNT || (size_t)nargs != strlen(kinds) ||
        nargs > OUTLAY_PROBLEM_ARGS_MAX)
        return 0;
    for (int i = 0; i < nargs; i++)
        if (args[i].kind != kinds[i])
            return 0;
    return 1;
}

enum outlay_status outlay_fail_(outlay_err *err, enum outlay_status s, enum outlay_problem code,
                                int nargs, const struct outlay_arg_in *args)
{
    if (!err)
        return s;
    err->status = s;
    if (!kinds_match(code, nargs, args)) {
        const struct outlay_arg_in bad[2] = {OUTLAY_A_TEXT(outlay_problem_name(code)),
                                             OUTLAY_A_INT(nargs)};
        code = OUTLAY_P_BAD_PROBLEM;
        nargs = 2;
        args = bad;
        err->code = code;
        err->nargs = nargs;
        memset(err->args, 0, sizeof err->args);
        for (int i = 0; i < nargs; i++) {
            err->args[i].kind = args[i].kind;
            err->args[i].n = args[i].n;
            if (args[i].s)
                copy_text(err->args[i].text, sizeof err->args[i].text, args[i].s, args[i].len);
        }
        return s;
    }
    err->code = code;
    err->nargs = nargs;
    memset(err->args, 0, sizeof err->args);
    for (int i = 0; i < nargs; i++) {
        struct outlay_arg *a = &err->args[i];
        a->kind = args[i].kind;
        a->n = args[i].n;
        if (a->kind == 'q') {
            const char *t = args[i].s ? args[i].s : "";
            size_t len = args[i].len == (size_t)-1 ? strlen(t) : args[i].len;
            outlay_text_quote(t, len, a->text, sizeof a->text);
        } else if (a->kind == 't') {
            copy_text(a->text, sizeof a->text, args[i].s, args[i].len);
        }
    }
    return s;
}

void outlay_err_clear(outlay_err *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

char *outlay_problem_fill(const outlay_err *p, const char *wording, char *buf, size_t n)
{
    size_t len = 0;
    if (n == 0)
        return buf;
    buf[0] = '\0';
    for (const char *w = wording ? wording : ""; *w && len + 1 < n;) {
        char one[OUTLAY_ARG_TEXT_MAX + 32];
        const char *add = NULL;
        if (w[0] == '{' && w[1] >= '1' && w[1] <= '9' && w[2] == '}' && w[1] - '0' <= p->nargs) {
            const struct outlay_arg *a = &p->args[w[1] - '1'];
            switch (a->kind) {
            case 'i':
                snprintf(one, sizeof one, "%lld", a->n);
                add = one;
                break;
            case 'm':
                add = outlay_money_format((int64_t)a->n, 1, one);
                break;
            case 'e':
                add = strerror((int)a->n);
                break;
            case 'u':
                snprintf(one, sizeof one, "U+%04llX", (unsigned long long)a->n);
                add = one;
                break;
            default:
                add = a->text;
            }
            w += 3;
        }
        if (add) {
            size_t k = strlen(add), full = k;
            if (k > n - 1 - len)
                k = n - 1 - len; /* cut at a character boundary */
            while (k > 0 && k < full && ((unsigned char)add[k] & 0xC0) == 0x80)
                k--;
            memcpy(buf + len, add, k);
            len += k;
            if (k < full)
                break; /* nothing after a cut argument */
        } else {
            buf[len++] = *w++;
        }
    }
    buf[len] = '\0';
    return buf;
}
