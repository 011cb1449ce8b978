/*
 * test_util: small helpers the test files share.
 *
 *     char *text = slurp("out.txt", NULL);   // whole file, NUL-terminated; free()
 */
#ifndef OUTLAY_TESTS_UTIL_H
#define OUTLAY_TESTS_UTIL_H

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

#endif
