/*
 * test_util: small helpers the test files share.
 *
 *     char *text = slurp("out.txt", NULL);   // whole file, NUL-terminated; free()
 *     use_locale("de_DE.UTF-8");             // LC_ALL, or the test fails
 *     cr_assert_str_eq(problem_str(&err), "date_form(2026-13-45)");
 */
#ifndef OUTLAY_TESTS_UTIL_H
#define OUTLAY_TESTS_UTIL_H

#include <criterion/criterion.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/money.h"
#include "outlay/status.h"

/* The whole file at path, NUL-terminated (malloc'ed; free it), its length in
 * *len when len is not NULL; NULL when it cannot be read. */
static inline char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, k;
    char *buf = malloc(cap);
    while (buf && (k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (cap - n < 2) {
            char *b = realloc(buf, cap *= 2);
            if (!b)
                free(buf);
            buf = b;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

/* Switches the whole process (LC_ALL) to the locale `name`. A missing locale
 * fails the test with the fix instead of letting it pass without testing
 * anything: `make deps` (as root) generates de_DE, fr_FR, tr_TR and zh_CN. */
static inline void use_locale(const char *name)
{
    cr_assert_not_null(setlocale(LC_ALL, name),
                       "locale %s is missing; generate it with 'make deps' as root "
                       "(or localedef -i %.5s -f UTF-8 %s)",
                       name, name, name);
}

static inline const char *errno_name(int e)
{
    static char other[24];
    switch (e) {
    case ENOENT:
        return "ENOENT";
    case EACCES:
        return "EACCES";
    case ENOSPC:
        return "ENOSPC";
    case EROFS:
        return "EROFS";
    case EISDIR:
        return "EISDIR";
    case ENOTDIR:
        return "ENOTDIR";
    case EEXIST:
        return "EEXIST";
    case EFBIG:
        return "EFBIG";
    case EIO:
        return "EIO";
    default:
        snprintf(other, sizeof other, "errno %d", e);
        return other;
    }
}

/* A problem as a test asserts it: "[activity] name(arg, arg)", texts as
 * stored, amounts as 12.50, errors by name (ENOSPC), code points U+0007;
 * in one of four rotating buffers. */
static inline const char *problem_str(const outlay_err *p)
{
    static char bufs[4][2048];
    static int next;
    char *b = bufs[next++ % 4];
    size_t len = 0, n = sizeof bufs[0];
    b[0] = '\0';
    if (p->activity[0])
        len += (size_t)snprintf(b + len, n - len, "[%s] ", p->activity);
    len += (size_t)snprintf(b + len, n - len, "%s(", outlay_problem_name(p->code));
    for (int i = 0; i < p->nargs && len < n; i++) {
        const struct outlay_arg *a = &p->args[i];
        char m[OUTLAY_MONEY_BUFSZ];
        const char *sep = i ? ", " : "";
        if (a->kind == 'i')
            len += (size_t)snprintf(b + len, n - len, "%s%lld", sep, a->n);
        else if (a->kind == 'm')
            len += (size_t)snprintf(b + len, n - len, "%s%s", sep,
                                    outlay_money_format((int64_t)a->n, 0, m));
        else if (a->kind == 'e')
            len += (size_t)snprintf(b + len, n - len, "%s%s", sep, errno_name((int)a->n));
        else if (a->kind == 'u')
            len += (size_t)snprintf(b + len, n - len, "%sU+%04llX", sep, a->n);
        else
            len += (size_t)snprintf(b + len, n - len, "%s%s", sep, a->text);
    }
    if (len < n)
        snprintf(b + len, n - len, ")");
    return b;
}

/* An outlay_problem_cb that collects the problems it hears as their
 * problem_str(), joined by "; ":
 *
 *     struct heard h = {0};
 *     outlay_ledger_expense_add(st, &a, &in, 1, NULL, hear, &h, &err);
 *     cr_assert_str_eq(h.s, "expense_early(2026-01-02, 2026-05-25, 143)");
 */
struct heard {
    char s[4096];
    int n;
};

static inline void hear(void *ctx, const outlay_err *p)
{
    struct heard *h = ctx;
    size_t len = strlen(h->s);
    snprintf(h->s + len, sizeof h->s - len, "%s%s", h->n++ ? "; " : "", problem_str(p));
}

#endif
