/*
 * Floor: parse the expense CSV with libcsv and nothing else. Touches every
 * byte of every field so the work cannot be skipped.
 *
 *     parse expenses.csv
 */
#include "floor_csv.h"

struct counts {
    unsigned long long rows, fields, bytes, sum;
};

static void on_field(void *s, size_t len, void *ctx)
{
    struct counts *c = ctx;
    const unsigned char *p = s;
    c->fields++;
    c->bytes += len;
    for (size_t i = 0; i < len; i++)
        c->sum += p[i];
}

static void on_row(int term, void *ctx)
{
    (void)term;
    ((struct counts *)ctx)->rows++;
}

int main(int argc, char **argv)
{
    struct counts c = {0};
    if (argc != 2) {
        fprintf(stderr, "usage: parse FILE.csv\n");
        return 2;
    }
    floor_csv_read(argv[1], on_field, on_row, &c);
    printf("rows %llu fields %llu bytes %llu checksum %llu\n", c.rows ? c.rows - 1 : 0, c.fields,
           c.bytes, c.sum);
    return 0;
}
