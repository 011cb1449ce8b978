/* records: small helpers over the shared record structs. */
#include "outlay/records.h"
#include "outlay/rules.h"

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

/* SPEC §14: the kinds, by enum outlay_kind, with their Chinese aliases. */
static const struct {
    const char *en, *zh;
} kind_names[OUTLAY_KIND_COUNT] = {
    [OUTLAY_KIND_OTHER] = {"other", "其他"},
    [OUTLAY_KIND_PRIZE_WINNER] = {"prize-winner", "获奖奖品"},
    [OUTLAY_KIND_PRIZE_PARTICIPATION] = {"prize-participation", "参与奖"},
    [OUTLAY_KIND_SOUVENIR] = {"souvenir", "纪念品"},
    [OUTLAY_KIND_MEAL] = {"meal", "伙食"},
    [OUTLAY_KIND_CLOTHING] = {"clothing", "服装"},
    [OUTLAY_KIND_GIFT_CARD] = {"gift-card", "购物卡"},
};

const char *outlay_kind_name(enum outlay_kind k)
{
    return (unsigned)k < OUTLAY_KIND_COUNT ? kind_names[k].en : kind_names[0].en;
}

int outlay_kind_parse(const char *s)
{
    for (int k = 0; s && k < OUTLAY_KIND_COUNT; k++)
        if (!strcmp(s, kind_names[k].en) || !strcmp(s, kind_names[k].zh))
            return k;
    return -1;
}

void outlay_activity_release(struct outlay_activity *a)
{
    if (!a)
        return;
    free(a->owned);
    a->owned = NULL;
    if (a->rules) {
        outlay_rules_release(a->rules);
        free(a->rules);
        a->rules = NULL;
    }
}
