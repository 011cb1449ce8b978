/* store_links: participants' private links (SPEC §16, schema 8): the
 * random token of /s/TOKEN, one per participant, kept once made. */
#include <stdio.h>
#include <string.h>

#include "store_internal.h"

int outlay_store_link_get(outlay_store *st, int64_t participant_id, char *token, size_t n,
                          outlay_err *err)
{
    struct store_cursor *c = NULL;
    if (store_cursor_new(st, sizeof *c,
                         "SELECT token FROM participant_link WHERE participant_id = ?1",
                         participant_id, NULL, (void **)&c, err) != OUTLAY_OK)
        return -1;
    int r = store_cursor_step(c, err);
    if (r == 1) {
        const char *t = store_col_text(c->stmt, 0);
        snprintf(token, n, "%s", t ? t : "");
    }
    store_cursor_free(c);
    return r;
}

enum outlay_status outlay_store_link_add(outlay_store *st, int64_t participant_id,
                                         const char *token, outlay_err *err)
{
    struct store_cursor *c = NULL;
    char at[32];
    store_now(at);
    if (store_cursor_new(st, sizeof *c,
                         "INSERT INTO participant_link(participant_id, token, created_at)"
                         " VALUES(?1, ?2, ?3)",
                         participant_id, token, (void **)&c, err) != OUTLAY_OK)
        return err->status;
    store_bind_str(c->stmt, 3, at);
    int r = store_cursor_step(c, err);
    store_cursor_free(c);
    return r < 0 ? err->status : OUTLAY_OK;
}

int outlay_store_link_find(outlay_store *st, const char *token, char *slug, size_t n,
                           int64_t *participant_id, outlay_err *err)
{
    struct store_cursor *c = NULL;
    if (store_cursor_new(st, sizeof *c,
                         "SELECT a.slug, p.id FROM participant_link l"
                         " JOIN participant p ON p.id = l.participant_id"
                         " JOIN activity a ON a.id = p.activity_id WHERE l.token = ?2",
                         0, token, (void **)&c, err) != OUTLAY_OK)
        return -1;
    int r = store_cursor_step(c, err);
    if (r == 1) {
        const char *s = store_col_text(c->stmt, 0);
        snprintf(slug, n, "%s", s ? s : "");
        *participant_id = store_col_int64(c->stmt, 1);
    }
    store_cursor_free(c);
    return r;
}
