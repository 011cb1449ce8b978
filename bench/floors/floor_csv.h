/*
 * floor_csv: the least a program can do to read a CSV file with libcsv
 * (the same options outlay's reader uses): fread in 64 KiB chunks, one
 * callback per field and per row. Shared by the parse and insert floors.
 */
#ifndef BENCH_FLOOR_CSV_H
#define BENCH_FLOOR_CSV_H

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int floor_no_space(unsigned char c)
{
    (void)c;
    return 0; /* spaces are data, as in outlay */
}

/* Feeds the file at path to libcsv; exits 1 on any error. */
static void floor_csv_read(const char *path, void (*on_field)(void *, size_t, void *),
                           void (*on_row)(int, void *), void *ctx)
{
    static char buf[1 << 16];
    struct csv_parser p;
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "floor: cannot open '%s': %s\n", path, strerror(errno));
        exit(1);
    }
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        fprintf(stderr, "floor: csv_init failed\n");
        exit(1);
    }
    csv_set_space_func(&p, floor_no_space);
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        if (csv_parse(&p, buf, n, on_field, on_row, ctx) != n) {
            fprintf(stderr, "floor: '%s': %s\n", path, csv_strerror(csv_error(&p)));
            exit(1);
        }
    }
    if (ferror(f) || csv_fini(&p, on_field, on_row, ctx) != 0) {
        fprintf(stderr, "floor: cannot read '%s'\n", path);
        exit(1);
    }
    csv_free(&p);
    fclose(f);
}

#endif
