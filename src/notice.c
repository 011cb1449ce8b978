/* notice: a participant's settlement as one message (SPEC §13). The words
 * and their punctuation are the catalogue's ([notice] of
 * templates/lang/<code>.ini); each piece after the first carries its own
 * separator, so a language writes "，" or ", " as it likes. */
#include "outlay/notice.h"

#include <stdio.h>
#include <string.h>

#include "outlay/money.h"
#include "outlay/words.h"

struct msg {
    char *buf;
    size_t n, len;
    int full;
};

static void put(struct msg *m, const char *s, size_t k)
{
    if (m->full || k >= m->n - m->len) {
        m->full = 1;
        return;
    }
    memcpy(m->buf + m->len, s, k);
    m->len += k;
    m->buf[m->len] = '\0';
}

/* Appends wording with {1} and {2} replaced by a1 and a2. */
static void fill(struct msg *m, const char *wording, const char *a1, const char *a2)
{
    const char *w = wording;
    while (*w) {
        const char *open = strchr(w, '{');
        if (!open) {
            put(m, w, strlen(w));
            break;
        }
        put(m, w, (size_t)(open - w));
        if ((open[1] == '1' || open[1] == '2') && open[2] == '}') {
            const char *a = open[1] == '1' ? a1 : a2;
            put(m, a ? a : "", a ? strlen(a) : 0);
            w = open + 3;
        } else {
            put(m, open, 1);
            w = open + 1;
        }
    }
}

static const char *word(const outlay_lang *lang, const char *key, outlay_err *err)
{
    char full[64];
    snprintf(full, sizeof full, "notice.%s", key);
    const char *w = outlay_lang_get(lang, full);
    if (w && strcmp(w, full) != 0) /* a missing label comes back as its key */
        return w;
    outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_NOTICE_KEY, OUTLAY_A_TEXT(key));
    return NULL;
}

/* "360.00 元": the amount and the currency's unit. */
static const char *amount(int64_t fen, const char *unit, char *buf, size_t n)
{
    char figures[OUTLAY_MONEY_BUFSZ];
    snprintf(buf, n, "%s %s", outlay_money_format(fen, 1, figures), unit);
    return buf;
}

enum outlay_status outlay_notice_message(const outlay_lang *lang, const char *currency,
                                         const struct outlay_settle_person *p,
                                         const struct outlay_settle_row *r, char *buf, size_t n,
                                         outlay_err *err)
{
    static const char *const keys[] = {
        "unit",   "head",       "advanced",     "paid_out",         "due",
        "refund", "supplement", "refund_plain", "supplement_plain", "settled"};
    enum {
        UNIT,
        HEAD,
        ADVANCED,
        PAID_OUT,
        DUE,
        REFUND,
        SUPPLEMENT,
        REFUND_PLAIN,
        SUPPLEMENT_PLAIN,
        SETTLED,
        NKEYS
    };
    _Static_assert(sizeof keys / sizeof keys[0] == NKEYS, "one key per piece");
    const char *w[NKEYS];
    for (int k = 0; k < NKEYS; k++)
        if (!(w[k] = word(lang, keys[k], err)))
            return err->status;
    int cny = !currency || !*currency || strcmp(currency, "CNY") == 0;
    const char *unit = cny ? w[UNIT] : currency;
    char a[OUTLAY_MONEY_BUFSZ + 64], capitals[OUTLAY_WORDS_BUFSZ];
    struct msg m = {.buf = buf, .n = n};
    if (n == 0)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_NOTICE_LONG, OUTLAY_A_TEXT(p->name));
    buf[0] = '\0';
    fill(&m, w[HEAD], p->name, amount(p->deposits, unit, a, sizeof a));
    if (p->advanced != 0)
        fill(&m, w[ADVANCED], amount(p->advanced, unit, a, sizeof a), NULL);
    if (p->paid_out != 0)
        fill(&m, w[PAID_OUT], amount(p->paid_out, unit, a, sizeof a), NULL);
    fill(&m, w[DUE], amount(r->due, unit, a, sizeof a), NULL);
    if (r->action == OUTLAY_SETTLE_SETTLED) {
        fill(&m, w[SETTLED], NULL, NULL);
    } else {
        int refund = r->action == OUTLAY_SETTLE_REFUND;
        amount(r->amount, unit, a, sizeof a);
        /* capital numerals are for yuan; |amount| <= OUTLAY_MONEY_MAX */
        if (cny && outlay_words(r->amount, capitals, sizeof capitals) == OUTLAY_OK)
            fill(&m, w[refund ? REFUND : SUPPLEMENT], a, capitals);
        else
            fill(&m, w[refund ? REFUND_PLAIN : SUPPLEMENT_PLAIN], a, NULL);
    }
    if (m.full)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_NOTICE_LONG, OUTLAY_A_TEXT(p->name));
    return OUTLAY_OK;
}
