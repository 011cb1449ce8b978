/*
 * rules: the union's rules an activity is held to (SPEC §14). A rules file,
 * templates/rules/NAME.ini, has one [rules] section of optional keys (a
 * title and a source, each with its Chinese in a .zh key, as templates
 * have; caps
 * per unit, the share of winners, banned kinds and words, the re-approval
 * threshold); an activity keeps a copy of its file's text in the ledger, so
 * a check gives the same answer wherever it runs. outlay_rules_check is a
 * pure function of the rules and an activity's lines and expenses: each
 * broken rule is a problem (OUTLAY_P_RULE_*) to a callback.
 *
 *     struct outlay_rules r; outlay_err err = {0};
 *     const char *text = "[rules]\nwinners_max_share = 2/3\n";
 *     if (outlay_rules_parse(text, strlen(text), "x", "x.ini", &r, &err) == OUTLAY_OK)
 *         outlay_rules_release(&r);   // r.winners_num == 2, r.winners_den == 3
 */
#ifndef OUTLAY_RULES_H
#define OUTLAY_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "outlay/records.h"
#include "outlay/status.h"
#include "outlay/store.h" /* outlay_problem_cb */

/* The most a rules file may hold: a page of rules is a few hundred bytes. */
#define OUTLAY_RULES_MAX_BYTES 65536

/* A cap or threshold that the rules do not set. */
#define OUTLAY_RULES_UNSET (-1)

struct outlay_rules {
    char name[65];              /* the file's name without .ini */
    char *title, *source;       /* NULL when not given */
    char *title_zh, *source_zh; /* title.zh, source.zh: in Chinese (as templates' .zh keys) */
    /* winners_max_share as the exact fraction num/den (den 0: not set) */
    int64_t winners_num, winners_den;
    /* caps per unit, fen; OUTLAY_RULES_UNSET when not set */
    int64_t prize_winner_max, prize_participation_max, souvenir_max, clothing_max;
    int64_t meal_max_per_day; /* per head per day */
    int souvenir_only_without_prizes;
    unsigned banned_kinds; /* bit 1 << enum outlay_kind */
    char **banned_words;   /* NFC, matched in category, item and payee */
    size_t nbanned_words;
    int64_t reapproval_over_pct; /* whole percent; OUTLAY_RULES_UNSET when not set */
};

/* Parses the text of a rules file (len bytes, not necessarily terminated;
 * at most OUTLAY_RULES_MAX_BYTES) named `name`, read from `file` (for
 * problems: err->file and err->line). Anything not understood is refused,
 * never half-applied: OUTLAY_EINVAL with OUTLAY_P_RULES_* (or the problem of
 * the value: an amount, a kind, invalid UTF-8), err->line and err->column
 * (the key) set; *r is then empty. Free with outlay_rules_release. */
enum outlay_status outlay_rules_parse(const char *text, size_t len, const char *name,
                                      const char *file, struct outlay_rules *r, outlay_err *err);

/* Reads and parses the rules file at path; *text (may be NULL) gets its
 * text as read (malloc'd, terminated; free it), the copy an activity keeps.
 * A file past OUTLAY_RULES_MAX_BYTES is OUTLAY_P_RULES_LARGE at the line
 * where the limit falls. */
enum outlay_status outlay_rules_load(const char *path, const char *name, struct outlay_rules *r,
                                     char **text, outlay_err *err);

void outlay_rules_release(struct outlay_rules *r);

/* Finds NAME.ini in the rules/ directory of the first of dirs that has it
 * (as outlay_template_find finds templates); OUTLAY_ENOTFOUND names the
 * directories searched (OUTLAY_P_RULES_NOT_FOUND, _NO_DIR); a bad name is
 * OUTLAY_P_RULES_NAME. */
enum outlay_status outlay_rules_find(const char *name, const char *const *dirs, size_t ndirs,
                                     char *out, size_t n, outlay_err *err);
/* Names of every rules file in the dirs' rules/ directories, sorted; free
 * with outlay_template_names_free. */
enum outlay_status outlay_rules_list(const char *const *dirs, size_t ndirs, char ***names,
                                     size_t *count, outlay_err *err);

/* What the rules are applied to: an activity (its headcount and dates),
 * its non-void budget lines and its non-void expenses. */
struct outlay_rules_input {
    const struct outlay_activity *a;
    const struct outlay_budget_line *lines;
    size_t nlines;
    const struct outlay_expense *expenses;
    size_t nexpenses;
};

/* SPEC §14 findings, each a problem (status OUTLAY_ECHECK) to cb naming
 * the rule, the figure, the limit and the rules: winners over the share of
 * the headcount (OUTLAY_P_RULE_WINNERS), a line's unit price over its
 * kind's cap (_PRIZE_WINNER_OVER, _PRIZE_PARTICIPATION_OVER,
 * _SOUVENIR_OVER, _CLOTHING_OVER), souvenirs beside prizes
 * (_SOUVENIR_WITH_PRIZES), meals over the cap per head per day in the
 * budget or spent (_MEAL_OVER, _MEAL_SPENT_OVER), a banned kind or word in
 * a line or an expense (_BANNED_KIND_LINE, ...). Returns how many. */
long outlay_rules_check(const struct outlay_rules *r, const struct outlay_rules_input *in,
                        outlay_problem_cb cb, void *ctx);

/* outlay_rules_check in three steps, so that a million expenses need not
 * be held in memory: the budget's findings (in->expenses unused), then
 * each expense's (banned kind or word; meals added to *spent_meals, start
 * it at 0), then the meals spent against their cap. The same findings, in
 * the same order, as outlay_rules_check. */
long outlay_rules_check_lines(const struct outlay_rules *r, const struct outlay_rules_input *in,
                              outlay_problem_cb cb, void *ctx);
long outlay_rules_check_expense(const struct outlay_rules *r, const struct outlay_expense *e,
                                int64_t *spent_meals, outlay_problem_cb cb, void *ctx);
long outlay_rules_check_spent(const struct outlay_rules *r, const struct outlay_activity *a,
                              int64_t spent_meals, outlay_problem_cb cb, void *ctx);

/* What outlay_rules_check_expense would find in e, as the flags of
 * struct outlay_expense (OUTLAY_EXPENSE_BANNED_*); 0 when r is NULL. */
unsigned outlay_rules_expense_flags(const struct outlay_rules *r, const struct outlay_expense *e);

/* Days an activity takes: end_date - date + 1, 1 without dates. */
int64_t outlay_rules_days(const struct outlay_activity *a);

#endif
