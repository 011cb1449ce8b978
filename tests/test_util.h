/*
 * test_util: small helpers the test files share.
 *
 *     char *text = slurp("out.txt", NULL);   // whole file, NUL-terminated; free()
 *     use_locale("de_DE.UTF-8");             // LC_ALL, or the test fails
 */
#ifndef OUTLAY_TESTS_UTIL_H
#define OUTLAY_TESTS_UTIL_H

#include <criterion/criterion.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

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

#endif
