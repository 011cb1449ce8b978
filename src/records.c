/* records: small helpers over the shared record structs. */
#include "outlay/records.h"

#include <stdlib.h>
#include <string.h>

const char *outlay_funder_name(enum outlay_funder f)
{
    return f == OUTLAY_FUND_UNION ? "union" : "participants";
}

int outlay_funder_parse(const char *s)
{
    if (!s)
        return -1;
    /* SPEC §12: the Chinese values a sign-up sheet or a listing under zh
     * carries (经费来源: 工会 / 个人, 自费, 参加人员). */
    if (!strcmp(s, "participants") || !strcmp(s, "个人") || !strcmp(s, "自费") ||
        !strcmp(s, "参加人员"))
        return OUTLAY_FUND_PARTICIPANTS;
    if (!strcmp(s, "union") || !strcmp(s, "工会"))
        return OUTLAY_FUND_UNION;
    return -1;
}

void outlay_activity_release(struct outlay_activity *a)
{
    if (!a)
        return;
    free(a->owned);
    a->owned = NULL;
}
