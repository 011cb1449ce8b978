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
    if (strcmp(s, "participants") == 0)
        return OUTLAY_FUND_PARTICIPANTS;
    if (strcmp(s, "union") == 0)
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
