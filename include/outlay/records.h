/*
 * records: the plain structs a ledger is made of, shared by the store (which
 * loads and saves them), the computations and the exporters. Strings are
 * UTF-8; NULL means "not given". Who owns them is said by the function that
 * hands a record out.
 *
 *     struct outlay_budget_line l = { .category = "prizes", .item = "Winner prizes",
 *                                     .unit_price = 500, .qty = 20 };
 */
#ifndef OUTLAY_RECORDS_H
#define OUTLAY_RECORDS_H

#include <stdint.h>

#include "outlay/settle.h"

struct outlay_rules;

#define OUTLAY_SLUG_MAX 64

enum outlay_funder { OUTLAY_FUND_PARTICIPANTS = 0, OUTLAY_FUND_UNION = 1 };

/* SPEC §14: what a budget line or an expense buys, as the union's rules
 * see it (caps, bans). "other" is the default. */
enum outlay_kind {
    OUTLAY_KIND_OTHER = 0,
    OUTLAY_KIND_PRIZE_WINNER,
    OUTLAY_KIND_PRIZE_PARTICIPATION,
    OUTLAY_KIND_SOUVENIR,
    OUTLAY_KIND_MEAL,
    OUTLAY_KIND_CLOTHING,
    OUTLAY_KIND_GIFT_CARD,
    OUTLAY_KIND_COUNT
};

struct outlay_activity {
    int64_t id;
    char *slug, *title;
    char *date, *end_date; /* YYYY-MM-DD or NULL */
    char *venue, *organizer;
    char *currency;    /* "CNY" by default */
    int64_t deposit;   /* planned deposit per head, fen */
    int64_t headcount; /* planned headcount, 0 when not set */
    int has_budget_total;
    int64_t budget_total; /* declared total, fen */
    int64_t subsidy_per_head;
    enum outlay_funder funded_by; /* default for new lines and expenses */
    int closed;
    int is_void;       /* SPEC §11: voided, kept on record, refusing every change */
    char *void_reason; /* why, when is_void */
    /* SPEC §11.1: rule 2 for new activities (0 when inserting means that),
     * rule 1 for those a ledger held when it was upgraded */
    enum outlay_settle_rule settle_rule;
    /* SPEC §14: the union's rules it is held to, copied from their file
     * (NULL: none, an activity of an older ledger), and the smallest
     * refund paid out (fen; 0: every refund) */
    char *rules_name, *rules_text;
    int64_t min_refund;
    /* rules_text parsed: filled by outlay_ledger_activity (NULL: no rules,
     * or a copy changed behind outlay's back that no longer parses);
     * freed by outlay_activity_release */
    struct outlay_rules *rules;
    /* the flags of its expenses agree with its rules (0: kept by an older
     * ledger, not yet flagged; the rules' check then reads every expense) */
    int flags_ok;
    void *owned; /* the strings, when a _get copied them; see outlay_activity_release */
};

/* Frees the strings of an activity loaded by outlay_store_activity_get (or
 * outlay_ledger_activity); NULL and borrowed records are fine. */
void outlay_activity_release(struct outlay_activity *a);

/* SPEC §11: budget lines, expenses, deposits and payouts are numbered 1, 2,
 * 3... within their activity, each kind on its own, in recording order. The
 * id of such a record is that number: the one listings show and commands
 * take (SLUG NO). A void record keeps its number and counts nowhere. */
struct outlay_budget_line {
    int64_t id; /* its number within the activity */
    char *category, *item, *unit, *note;
    int64_t unit_price;
    int64_t qty;    /* for per-head lines: the activity's headcount */
    int64_t amount; /* unit_price * qty */
    int per_head;
    enum outlay_funder funded_by;
    enum outlay_kind kind; /* SPEC §14 */
    int is_void;
    char *void_reason;
};

struct outlay_participant {
    int64_t id;
    char *name, *dept, *tags; /* tags ';'-separated */
    int64_t weight;
    int withdrawn;
};

struct outlay_expense {
    int64_t id; /* its number within the activity */
    char *date, *category, *item, *payee;
    char *paid_by; /* participant name or NULL */
    char *receipt, *for_tag;
    int64_t amount;
    enum outlay_funder funded_by;
    enum outlay_kind kind; /* SPEC §14 */
    int is_void;
    char *void_reason;
    /* what the activity's rules find in it (OUTLAY_EXPENSE_BANNED_*), set
     * by the ledger when it is written, so that a check finds the expenses
     * that break a rule without reading the others */
    unsigned flags;
};

#define OUTLAY_EXPENSE_BANNED_WORD 1u /* its category, item or payee holds a banned word */
#define OUTLAY_EXPENSE_BANNED_KIND 2u /* its kind is banned */

/* SPEC §14: an approval of an activity's budget, with a snapshot of its
 * lines (kept in the ledger) and their total. */
struct outlay_approval {
    int64_t no;    /* 1, 2, 3... within the activity */
    char by[1024]; /* who approved, as typed (in NFC, spaces squeezed) */
    char date[11]; /* YYYY-MM-DD */
    int64_t total; /* the budget's total when approved, fen */
};

/* A deposit or a payout. */
struct outlay_payment {
    int64_t id; /* its number within the activity, among its kind */
    char *name; /* participant */
    int64_t amount;
    char *date, *method;
    int is_void;
    char *void_reason;
    char *reference; /* a payment app's transaction id (SPEC §15), or NULL */
};

/* "prize-winner", ..., "other": the English name CSV, JSON and the
 * ledger hold; "other" for a value out of range. */
const char *outlay_kind_name(enum outlay_kind k);
/* Parses a kind by its English name or its Chinese alias (SPEC §14:
 * 获奖奖品, 参与奖, 纪念品, 伙食, 服装, 购物卡, 其他); -1 for anything else. */
int outlay_kind_parse(const char *s);

/* "participants" or "union". */
const char *outlay_funder_name(enum outlay_funder f);
/* Parses "participants" / "union"; returns -1 for anything else. */
int outlay_funder_parse(const char *s);

#endif
