/*
 * print_slips: one settlement slip per participant (SPEC §13), three to an
 * A4 page with dashed cut lines between them, for the treasurer to hand out
 * with the refund (or the request for a supplement) and keep the signed
 * stub: who, their deposits, advances and payouts, their share of each
 * group, subsidy, due, balance, and what is to be paid in figures and in
 * capital numerals, with a line for the recipient's signature and date.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/money.h"
#include "outlay/words.h"
#include "print_internal.h"

#define SLIP_H ((PR_PAGE_H - 2 * PR_MARGIN) / OUTLAY_PRINT_SLIPS_PER_PAGE)
#define SHARES_BUFSZ 2048

/* A label and its value on one line, the value cut with "…" when long. */
static void pair(struct pr *p, double x, double y, double w, const char *key, const char *value,
                 unsigned vflags)
{
    char buf[256];
    pr_colon(p, key, buf, sizeof buf);
    double lw = pr_width(p, buf, 8.5, PR_BOLD) + 3;
    if (lw > w / 2)
        lw = w / 2;
    pr_text(p, x, y + 0.5, lw, buf, 8.5, PR_BOLD, 1);
    pr_text(p, x + lw, y, w - lw, value ? value : "", 9.5, vflags, 1);
}

/* "everybody 300.00; rafting ≈ 33.33": the person's share of each group,
 * approximate under rule 2 (each rounded on its own). */
static void shares_text(const struct pr *p, size_t i, char *buf, size_t n)
{
    const struct outlay_settle_breakdown *b = p->in->groups;
    const char *sep = p->zh ? "；" : "; ";
    size_t k = 0;
    buf[0] = '\0';
    for (size_t s = b->first[i]; s < b->first[i + 1] && k + 1 < n; s++) {
        const struct outlay_settle_group *g = &b->groups[b->shares[s].group];
        char amount[OUTLAY_MONEY_BUFSZ];
        int w =
            snprintf(buf + k, n - k, "%s%s %s%s", k ? sep : "",
                     g->tag ? g->tag : pr_label(p, "print.everybody"), b->approximate ? "≈ " : "",
                     outlay_money_format(b->shares[s].amount, 1, amount));
        if (w < 0)
            break;
        k += (size_t)w < n - k ? (size_t)w : n - k - 1;
    }
    if (k == 0)
        snprintf(buf, n, "%s", pr_label(p, "print.no_shares"));
}

/* Deposits, advanced, paid out, cost; subsidy, due, balance: label above,
 * figure below, in a grid of boxes. */
static double figures(struct pr *p, double y, const struct outlay_settle_person *sp,
                      const struct outlay_settle_row *r)
{
    static const char *const keys[7] = {"settle.deposits", "settle.advanced", "settle.paid_out",
                                        "settle.cost",     "settle.subsidy",  "settle.due",
                                        "settle.balance"};
    const int64_t fen[7] = {sp->deposits, sp->advanced, sp->paid_out, r->cost,
                            r->subsidy,   r->due,       r->balance};
    char amount[OUTLAY_MONEY_BUFSZ];
    const double h = 28;
    for (int i = 0; i < 7; i++) {
        int row = i / 4, per = row ? 3 : 4, col = row ? i - 4 : i;
        double w = PR_WIDTH / per, x = PR_MARGIN + col * w, yy = y + row * h;
        pr_box(p, x, yy, w, h);
        pr_text(p, x + 4, yy + 2, w - 8, pr_label(p, keys[i]), 7.5, PR_GREY, 1);
        pr_fit(p, x + 4, yy + 12, w - 8, outlay_money_format(fen[i], 1, amount), 10,
               PR_RIGHT | (i == 6 ? PR_BOLD : 0));
    }
    return 2 * h;
}

/* The refund or supplement, in figures and in capital numerals. */
static double outcome(struct pr *p, double y, const struct outlay_settle_row *r)
{
    char amount[OUTLAY_MONEY_BUFSZ], words[OUTLAY_WORDS_BUFSZ], label[256];
    /* SPEC §14: a refund under the activity's smallest is kept by the fund */
    const char *key = r->action == OUTLAY_SETTLE_REFUND       ? "print.refund"
                      : r->action == OUTLAY_SETTLE_SUPPLEMENT ? "print.supplement"
                      : r->action == OUTLAY_SETTLE_KEPT       ? "print.kept"
                                                              : "print.settled";
    if (r->action == OUTLAY_SETTLE_SETTLED) {
        pr_text(p, PR_MARGIN, y, PR_WIDTH, pr_label(p, key), 11, PR_BOLD, 1);
        return 30;
    }
    pr_colon(p, key, label, sizeof label);
    pr_fill(p, PR_MARGIN, y - 3, PR_WIDTH, 26, 0.93);
    pr_text(p, PR_MARGIN + 4, y + 2, 150, label, 10, PR_BOLD, 1);
    pr_fit(p, PR_MARGIN + 154, y, 118, outlay_money_format(r->amount, 1, amount), 12,
           PR_BOLD | PR_RIGHT);
    /* |balance| may pass what capital numerals go up to (deposits without
     * limit): then the figures stand alone */
    if (outlay_words(r->amount, words, sizeof words) != OUTLAY_OK)
        words[0] = '\0';
    pr_fit(p, PR_MARGIN + 284, y, PR_WIDTH - 288, words, 11, PR_BOLD);
    return 26;
}

static void slip(struct pr *p, size_t i, double y0)
{
    const struct outlay_print_input *in = p->in;
    const struct outlay_participant *who = &in->people[i];
    const struct outlay_settle_row *r = &in->settle->rows[i];
    char buf[1024], no[64], a[32], b[32], weight[32], shares[SHARES_BUFSZ], tags[4200];
    double y = y0 + 10;

    /* the slip's title, its activity, and its number */
    const char *t =
        in->activity->title && *in->activity->title ? in->activity->title : in->activity->slug;
    snprintf(buf, sizeof buf, "%s%s", pr_label(p, "print.slip_title"), p->zh ? "：" : ": ");
    double lw = pr_width(p, buf, 11, PR_BOLD) + 2;
    if (lw > PR_WIDTH / 2)
        lw = PR_WIDTH / 2;
    pr_text(p, PR_MARGIN, y, lw, buf, 11, PR_BOLD, 1);
    pr_text(p, PR_MARGIN + lw, y, PR_WIDTH - lw - 110, t ? t : "", 11, PR_BOLD, 1);
    snprintf(a, sizeof a, "%zu", i + 1);
    snprintf(b, sizeof b, "%zu", in->npeople);
    outlay_err e = {.nargs = 2};
    e.args[0] = (struct outlay_arg){.kind = 't'};
    e.args[1] = (struct outlay_arg){.kind = 't'};
    snprintf(e.args[0].text, sizeof e.args[0].text, "%s", a);
    snprintf(e.args[1].text, sizeof e.args[1].text, "%s", b);
    outlay_problem_fill(&e, pr_label(p, "print.slip_no"), no, sizeof no);
    pr_text(p, PR_MARGIN + PR_WIDTH - 105, y + 2, 105, no, 8, PR_GREY | PR_RIGHT, 1);
    y += 20;

    /* who: a name of 1,000 characters is cut with "…", never over the dept */
    snprintf(weight, sizeof weight, "%lld", (long long)who->weight);
    pair(p, PR_MARGIN, y, 230, "settle.name", who->name, PR_BOLD);
    pair(p, PR_MARGIN + 236, y, 200, "settle.dept", who->dept, 0);
    pair(p, PR_MARGIN + 442, y, PR_WIDTH - 442, "settle.weight", weight, 0);
    y += 15;
    /* SPEC §6.8: a withdrawn participant shares nothing; the slip says why */
    if (who->withdrawn)
        snprintf(tags, sizeof tags, p->zh ? "%s（%s）" : "%s (%s)", who->tags ? who->tags : "",
                 pr_label(p, "settle.withdrawn"));
    else
        snprintf(tags, sizeof tags, "%s", who->tags ? who->tags : "");
    pair(p, PR_MARGIN, y, PR_WIDTH, "print.tags", tags, 0);
    y += 17;

    y += figures(p, y, &in->settle_people[i], r) + 5;

    shares_text(p, i, shares, sizeof shares);
    pair(p, PR_MARGIN, y, PR_WIDTH, "print.shares", NULL, 0);
    pr_text(p, PR_MARGIN + 90, y, PR_WIDTH - 90, shares, 9, 0, 2);
    y += 25;
    if (in->groups->approximate) {
        pr_text(p, PR_MARGIN + 90, y - 1, PR_WIDTH - 90, pr_label(p, "print.approximate"), 7,
                PR_GREY, 1);
        y += 10;
    }
    y += 4;
    outcome(p, y, r);

    /* the recipient signs and dates the slip */
    double ys = y0 + SLIP_H - 26;
    char sign[256], date[256];
    pr_colon(p, "print.recipient", sign, sizeof sign);
    pr_colon(p, "sign.date", date, sizeof date);
    pr_text(p, PR_MARGIN, ys, 110, sign, 9, PR_BOLD, 1);
    pr_rule(p, PR_MARGIN + 110, ys + 13, PR_MARGIN + 320, ys + 13, 0.6, 0);
    pr_text(p, PR_MARGIN + 340, ys, 50, date, 9, PR_BOLD, 1);
    pr_rule(p, PR_MARGIN + 390, ys + 13, PR_MARGIN + PR_WIDTH, ys + 13, 0.6, 0);
}

/* The page that stands for the slips when the activity cannot be settled:
 * why, in the document's language. */
static void cannot_settle(struct pr *p)
{
    char *text = malloc(PR_PROBLEM_BUFSZ);
    if (!text)
        p->nomem = 1;
    pr_new_page(p);
    p->y +=
        pr_text(p, PR_MARGIN, p->y, PR_WIDTH, pr_label(p, "print.cannot_settle"), 13, PR_BOLD, 0) +
        8;
    if (text && p->in->settle_error)
        pr_text(p, PR_MARGIN, p->y, PR_WIDTH,
                pr_problem(p, p->in->settle_error, text, PR_PROBLEM_BUFSZ), 10, PR_RED, 0);
    free(text);
}

void pr_slips(struct pr *p)
{
    const struct outlay_print_input *in = p->in;
    if (!in->settle || !in->groups) {
        cannot_settle(p);
        return;
    }
    for (size_t i = 0; i < in->npeople; i++) {
        size_t k = i % OUTLAY_PRINT_SLIPS_PER_PAGE;
        if (k == 0)
            pr_new_page(p);
        double y0 = PR_MARGIN + k * SLIP_H;
        if (k > 0)
            pr_rule(p, PR_MARGIN - 20, y0, PR_PAGE_W - PR_MARGIN + 20, y0, 0.5, 1);
        slip(p, i, y0);
    }
}
