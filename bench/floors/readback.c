/*
 * Floor: read every expense back from the insert floor's database, all
 * columns, touching each value, in one read transaction.
 *
 *     readback floor.db
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    unsigned long long rows = 0, bytes = 0;
    int64_t sum = 0;
    if (argc != 2) {
        fprintf(stderr, "usage: readback DB\n");
        return 2;
    }
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "SELECT id, activity_id, date, category, item, amount, payee,"
                           " paid_by, receipt, for_tag, funded_by, void, void_reason"
                           " FROM expense",
                           -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "readback floor: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        rows++;
        for (int c = 0; c < 13; c++) {
            if (sqlite3_column_type(st, c) == SQLITE_TEXT) {
                const unsigned char *s = sqlite3_column_text(st, c);
                int n = sqlite3_column_bytes(st, c);
                bytes += (unsigned)n;
                sum += n ? s[0] + s[n - 1] : 0;
            } else {
                sum += sqlite3_column_int64(st, c);
            }
        }
    }
    if (rc != SQLITE_DONE) {
        fprintf(stderr, "readback floor: %s\n", sqlite3_errmsg(db));
        return 1;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    printf("rows %llu bytes %llu checksum %lld\n", rows, bytes, (long long)sum);
    return 0;
}
