/*
 * ledger: the operations behind outlay's commands. Each validates every input
 * first (SPEC §3, §4, §10), then writes through the store and appends its
 * audit row, inside the caller's transaction. Inputs are the raw text a user
 * typed or a CSV cell held, so the CLI and the importer share one set of
 * rules; on a bad field err->column names it ("amount", "paid_by").
 *
 *     outlay_store *st = NULL; outlay_err err = {0};   // opened, in a transaction
 *     struct outlay_activity a; int64_t id;
 *     outlay_ledger_activity(st, "trip", 1, &a, &err);          // open for writing
 *     struct outlay_expense_in in = { .category = "transport", .amount = "2400" };
 *     outlay_ledger_expense_add(st, &a, &in, 1, &id, NULL, NULL, &err);
 *
 * Reading goes through the ledger too: a listing opens the store's typed
 * cursor with outlay_ledger_<rows> and closes it with the store's _close.
 *
 *     outlay_expense_cursor *cur = NULL;
 *     struct outlay_expense x;
 *     if (outlay_ledger_expenses(st, &a, &cur, &err) == OUTLAY_OK)
 *         while (outlay_expense_cursor_next(cur, &x, &err) == 1) printf("%s\n", x.category);
 *     outlay_expense_cursor_close(cur);
 */
#ifndef OUTLAY_LEDGER_H
#define OUTLAY_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "outlay/records.h"
#include "outlay/report.h"
#include "outlay/serve.h"
#include "outlay/settle.h"
#include "outlay/status.h"
#include "outlay/store.h"
#include "outlay/template.h"

/* Raw fields of `activity add|set`; NULL = not given. */
struct outlay_activity_in {
    const char *title, *date, *end_date, *venue, *organizer, *deposit, *headcount, *budget_total,
        *subsidy_per_head, *currency, *funded_by;
    const char *settle_rule; /* "1" or "2" (SPEC §11.1); new activities get 2 */
    /* SPEC §14: the rules to hold it to, their name and the text of their
     * file (both or neither; the text is checked with outlay_rules_parse
     * and copied into the ledger); NULL: kept (add: none) */
    const char *rules_name, *rules_text;
    const char *min_refund; /* SPEC §14: refunds below it are kept (set only) */
};

/* per_head "yes" takes the quantity from the headcount (a qty given too is
 * ignored: listings carry both). amount, when given (a re-imported listing),
 * must equal unit_price x qty. status: "ok", "void" (a re-imported
 * listing's void line, recorded void) or NULL. */
struct outlay_line_in {
    const char *category, *item, *unit_price, *qty, *unit, *note, *funded_by, *per_head, *amount,
        *status;
    const char
        *kind; /* SPEC §14: a kind's name or Chinese alias; NULL or "": other (add), kept (set) */
};

/* status: "ok", "void" (recorded, then voided: a re-imported listing) or NULL. */
struct outlay_expense_in {
    const char *category, *amount, *date, *item, *payee, *paid_by, *receipt, *for_tag, *funded_by,
        *status;
    const char *kind; /* as for budget lines */
};

/* status: "active", "withdrawn" or NULL (add only). */
struct outlay_participant_in {
    const char *name, *dept, *tags, *weight, *status;
};

/* status as for budget lines. force: a payout larger than the participant's
 * refund is recorded all the same, with a warning (SPEC §11); deposits
 * ignore it. */
struct outlay_payment_in {
    const char *name, *amount, *date, *method, *status;
    int force;
    const char *reference; /* a payment app's transaction id (SPEC §15) */
};

/* The most one kind of record of one activity may add up to, counted
 * without sign: its budget lines, its non-void expenses, its deposits and
 * its payouts, each on its own: 10^16 yuan, or 10,000 records at the
 * largest amount (SPEC §3). Every figure outlay derives from an activity is
 * a sum of at most four such parts (a balance is deposits + advanced - paid
 * out - due; the fund's cash is deposits - paid out - expenses + advanced),
 * so it stays within 4 x 10^18, inside int64_t (9.2 x 10^18): an activity
 * within the limit can always be reported and settled. */
#define OUTLAY_ACTIVITY_MAX INT64_C(1000000000000000000)

/* Checked after a write: OUTLAY_EOVERFLOW, naming the activity, the total
 * and the limit, when its records of `kind` now add up (without sign) to
 * more than OUTLAY_ACTIVITY_MAX. Costs a count on an index, and a pass over
 * the records only when there are more than 10,000 of them. The operations
 * below check it themselves when `audit` is non-zero; the importer, which
 * passes 0, checks it once at the end of the file. */
enum outlay_status outlay_ledger_limit(outlay_store *st, const struct outlay_activity *a,
                                       enum outlay_amounts kind, outlay_err *err);

/* For `outlay check`: every kind of record of the activity that adds up to
 * more than OUTLAY_ACTIVITY_MAX (a ledger an older outlay wrote) is a
 * problem passed to cb. Returns how many, or -1 on a storage error. */
long outlay_ledger_limit_problems(outlay_store *st, const struct outlay_activity *a,
                                  outlay_problem_cb cb, void *ctx, outlay_err *err);

/* Sets err to OUTLAY_EOVERFLOW for a total of the activity's records of
 * `kind` that does not fit in int64_t (a listing's TOTAL row), naming the
 * activity; returns OUTLAY_EOVERFLOW (OUTLAY_EINVAL for a kind out of range). */
enum outlay_status outlay_ledger_total_error(const struct outlay_activity *a,
                                             enum outlay_amounts kind, outlay_err *err);

/* OUTLAY_OK when slug matches [a-z0-9][a-z0-9-]{0,63}. */
enum outlay_status outlay_ledger_slug_check(const char *slug, outlay_err *err);

/* Loads activity `slug` into *a (free with outlay_activity_release). for_write: a closed activity
 * is OUTLAY_ECLOSED, naming `outlay activity reopen`; a void one too
 * (OUTLAY_P_ACTIVITY_VOID), for good. */
enum outlay_status outlay_ledger_activity(outlay_store *st, const char *slug, int for_write,
                                          struct outlay_activity *a, outlay_err *err);

enum outlay_status outlay_ledger_activity_add(outlay_store *st, const char *slug,
                                              const struct outlay_activity_in *in, outlay_err *err);
/* Creates an activity from a loaded template; `in` overrides its values.
 * Its budget lines are held to OUTLAY_ACTIVITY_MAX. */
enum outlay_status outlay_ledger_activity_new(outlay_store *st, const char *slug,
                                              const struct outlay_template *t,
                                              const char *template_name,
                                              const struct outlay_activity_in *in, outlay_err *err);
/* Changes the given fields; a new headcount recomputes per-head lines
 * (held to OUTLAY_ACTIVITY_MAX). */
enum outlay_status outlay_ledger_activity_set(outlay_store *st, const char *slug,
                                              const struct outlay_activity_in *in, outlay_err *err);
/* close: only when every balance is zero (else OUTLAY_ECHECK listing who);
 * reopen: only a closed activity. */
enum outlay_status outlay_ledger_activity_close(outlay_store *st, const char *slug, int close,
                                                outlay_err *err);

/* audit: non-zero for a command on one record: append its audit row and
 * check the activity's limit (outlay_ledger_limit). The importer passes 0
 * and does both once for the whole file. no (may be NULL) gets the new
 * line's number within the activity (SPEC §11). */
enum outlay_status outlay_ledger_line_add(outlay_store *st, const struct outlay_activity *a,
                                          const struct outlay_line_in *in, int audit, int64_t *no,
                                          outlay_err *err);
/* id (may be NULL) gets the new expense's number. Warnings go to cb (NULL:
 * no warnings and none of their queries, as the importer wants), each a
 * problem with status OUTLAY_ECHECK: those of outlay_ledger_expense_problems,
 * then OUTLAY_P_EXPENSE_TAG_UNHELD when in->for_tag is given and no active
 * participant carries it yet, so settling would fail until one does (SPEC
 * §6). */
enum outlay_status outlay_ledger_expense_add(outlay_store *st, const struct outlay_activity *a,
                                             const struct outlay_expense_in *in, int audit,
                                             int64_t *id, outlay_problem_cb cb, void *ctx,
                                             outlay_err *err);
/* SPEC §11 guards of an expense of activity a dated `date` (YYYY-MM-DD, or
 * NULL) in `category` (as stored): to cb, OUTLAY_P_EXPENSE_EARLY when the
 * date is more than 30 days before the activity's date, _LATE more than 30
 * days after its end date (its date without one; neither without dates),
 * _UNBUDGETED_NEAR (naming the nearest category, by code points) or
 * _UNBUDGETED when the activity has budget lines but none in the category.
 * Returns how many, or -1 on a storage error. For `expense add` and `set`. */
long outlay_ledger_expense_problems(outlay_store *st, const struct outlay_activity *a,
                                    const char *date, const char *category, outlay_problem_cb cb,
                                    void *ctx, outlay_err *err);
enum outlay_status outlay_ledger_expense_void(outlay_store *st, const struct outlay_activity *a,
                                              const char *id, const char *reason, outlay_err *err);
enum outlay_status outlay_ledger_participant_add(outlay_store *st, const struct outlay_activity *a,
                                                 const struct outlay_participant_in *in, int audit,
                                                 outlay_err *err);
/* set: changes dept/tags/weight given; withdraw: 1 withdraw, 0 rejoin, -1 leave. */
enum outlay_status outlay_ledger_participant_set(outlay_store *st, const struct outlay_activity *a,
                                                 const struct outlay_participant_in *in,
                                                 int withdraw, outlay_err *err);
/* A deposit or payout to the participant in->name (found by its key:
 * letter case and runs of spaces aside). SPEC §11 guards: a payout larger
 * than the participant's refund now (the settlement's balance) is
 * OUTLAY_EINVAL, OUTLAY_P_PAYOUT_OVER_REFUND (_NO_REFUND when nothing is
 * due); with in->force it is
 * recorded, the audit row says so, and cb hears OUTLAY_P_PAYOUT_FORCED
 * (or _UNCHECKED when the activity cannot be settled yet: without force
 * that is settlement's OUTLAY_EINVAL). A deposit that takes the person's
 * deposits past twice the planned deposit x weight is
 * OUTLAY_P_DEPOSIT_EXCESS to cb (NULL: no warnings, none of their work).
 * no (may be NULL) gets the new deposit's or payout's number. */
enum outlay_status outlay_ledger_payment_add(outlay_store *st, const struct outlay_activity *a,
                                             enum outlay_payment_kind kind,
                                             const struct outlay_payment_in *in, int audit,
                                             int64_t *no, outlay_problem_cb cb, void *ctx,
                                             outlay_err *err);

/* The participant whose name or alias is nearest to `name`, copied into
 * out (n bytes): a "did you mean" hint. Near: another case or spacing, or
 * edits in code points, at most 1 for a name of 2 or 3 (王方 for 王芳; two
 * would make any 2-character name near any other) and 2 for a longer one;
 * a name of one code point is near only another case of itself. 0 when
 * none is near, or when several participants are equally near (a guess
 * among them would credit the wrong person as often as the right one).
 * A pass over the participants and their aliases: the operations above
 * make it for a command on one record; an import asks for the errors it
 * shows. */
int outlay_ledger_nearest_participant(outlay_store *st, const struct outlay_activity *a,
                                      const char *name, char *out, size_t n);

/* Raises in err (OUTLAY_EINVAL, returned) that name is no participant of
 * a: NO_PARTICIPANT, or with hint the nearest as above: NO_PARTICIPANT_NEAR
 * (its name), _NEAR_ALIAS (the alias it is near, and whose), _NEAR_TWO (two
 * participants equally near, as the names or aliases that are) or
 * _NEAR_MANY (how many are). */
enum outlay_status outlay_ledger_no_participant(outlay_store *st, const struct outlay_activity *a,
                                                const char *name, int hint, outlay_err *err);

/* --- corrections (SPEC §11; src/ledger_edit.c, and ledger.c beside the
 * _add each shares its rules with) ----------------------------------------
 *
 * A record is named by its number within the activity, as typed (`no`):
 * digits only, else OUTLAY_EUSAGE (OUTLAY_P_NOT_LINE_NO, _NOT_EXPENSE_NO,
 * _NOT_DEPOSIT_NO, _NOT_PAYOUT_NO: what was typed, the activity). A number
 * the activity does not have is OUTLAY_EINVAL (OUTLAY_P_NO_LINE, ...), and
 * so is a void record (OUTLAY_P_LINE_VOID_ALREADY, ..., or for a change
 * OUTLAY_P_LINE_IS_VOID, _EXPENSE_IS_VOID). A void needs a reason
 * (OUTLAY_P_VOID_NO_REASON, field "reason"). Each appends its audit row;
 * a change keeps every changed field's old and new value there. */

/* 1 with *no set when text is a record number as typed (digits only), else
 * 0. The CLI checks it before it opens the ledger. */
int outlay_ledger_no_parse(const char *text, int64_t *no);

/* budget set: the fields given in `in` (NULL: kept; a unit or note given
 * empty: cleared; category, item and unit_price must not be empty; a qty
 * makes it a line of that quantity, per_head "yes" one per planned head).
 * in->amount and in->status are not read. OUTLAY_P_LINE_UNCHANGED when
 * nothing would change. Held to OUTLAY_ACTIVITY_MAX. */
enum outlay_status outlay_ledger_line_set(outlay_store *st, const struct outlay_activity *a,
                                          const char *no, const struct outlay_line_in *in,
                                          outlay_err *err);
enum outlay_status outlay_ledger_line_void(outlay_store *st, const struct outlay_activity *a,
                                           const char *no, const char *reason, outlay_err *err);
/* expense set: as budget set, for the fields of expense add (paid_by, date,
 * item, payee, receipt, for_tag given empty are cleared; in->status is not
 * read); OUTLAY_P_EXPENSE_UNCHANGED when nothing would change. Warnings
 * to cb as for outlay_ledger_expense_add, for the expense as changed. */
enum outlay_status outlay_ledger_expense_set(outlay_store *st, const struct outlay_activity *a,
                                             const char *no, const struct outlay_expense_in *in,
                                             outlay_problem_cb cb, void *ctx, outlay_err *err);
enum outlay_status outlay_ledger_payment_void(outlay_store *st, const struct outlay_activity *a,
                                              enum outlay_payment_kind kind, const char *no,
                                              const char *reason, outlay_err *err);
/* participant rename: every record of the participant keeps them. Both
 * names are taken as participant add takes one (trimmed, inner runs of
 * spaces made one), the person found by the key of the name; a new name
 * whose key another participant has is OUTLAY_EEXIST
 * (OUTLAY_P_PARTICIPANT_EXISTS, or _EXISTS_AS when written otherwise),
 * another spelling of the same person's name is allowed, the same name is
 * OUTLAY_P_NAME_UNCHANGED. */
enum outlay_status outlay_ledger_participant_rename(outlay_store *st,
                                                    const struct outlay_activity *a,
                                                    const char *name, const char *new_name,
                                                    outlay_err *err);

/* Participant participant_id's aliases (SPEC §15), ';'-joined and sorted,
 * "" when none; free *joined. */
enum outlay_status outlay_ledger_participant_aliases(outlay_store *st, int64_t participant_id,
                                                     char **joined, outlay_err *err);

/* participant alias (SPEC §15): gives participant `name` the alias (a name
 * a payment app shows for them; taken as a name is), or removes it. An
 * alias whose key is a participant's name is OUTLAY_P_ALIAS_IS_NAME,
 * another's alias OUTLAY_P_ALIAS_TAKEN (both OUTLAY_EEXIST); removing one
 * the participant has not is OUTLAY_P_ALIAS_NONE. Deposits, payouts and
 * paid_by find a participant by an alias when no name matches.
 *
 *     outlay_ledger_participant_alias(st, &a, "Li Wei", "小李", 0, &err);
 */
enum outlay_status outlay_ledger_participant_alias(outlay_store *st,
                                                   const struct outlay_activity *a,
                                                   const char *name, const char *alias, int remove,
                                                   outlay_err *err);
/* SPEC §16: participant link: the token of participant `name`'s private
 * slip page (/s/TOKEN), made (random, OUTLAY_TOKEN_HEX hex digits, with an
 * audit row naming the person) on the first call and the same ever after.
 *
 *     char token[OUTLAY_TOKEN_HEX + 1];
 *     outlay_ledger_participant_link(st, &a, "Li Wei", token, &err);
 */
enum outlay_status outlay_ledger_participant_link(outlay_store *st, const struct outlay_activity *a,
                                                  const char *name,
                                                  char token[OUTLAY_TOKEN_HEX + 1],
                                                  outlay_err *err);
/* activity void: only an open activity with no non-void budget line,
 * expense, deposit or payout (else OUTLAY_P_ACTIVITY_HAS_RECORDS, counting
 * each kind); its participants stay. A void activity keeps its slug, is
 * left out of the year's report and refuses every change
 * (OUTLAY_P_ACTIVITY_VOID from outlay_ledger_activity for writing). */
enum outlay_status outlay_ledger_activity_void(outlay_store *st, const char *slug,
                                               const char *reason, outlay_err *err);

/* Budget figures of an activity (SPEC §4, §13): totals by funder, and the
 * split as it will be settled at the planned headcount H (every weight 1):
 * the union pays its lines and subsidy_per_head x H, the participants the
 * rest, each at most share_per_head (their share over H rounded up to the
 * fen, as the largest settled cost is; 0 without a headcount). */
struct outlay_budget_summary {
    int64_t total;              /* every non-void line */
    int64_t union_funded;       /* lines the union pays */
    int64_t participants;       /* lines the participants pay, before the subsidy */
    int64_t subsidy;            /* subsidy_per_head x headcount */
    int64_t union_share;        /* union_funded + subsidy */
    int64_t participants_share; /* participants - subsidy (negative: the subsidy is larger) */
    int64_t share_per_head;     /* participants_share / headcount, rounded up */
};
enum outlay_status outlay_ledger_budget_summary(outlay_store *st, const struct outlay_activity *a,
                                                struct outlay_budget_summary *s, outlay_err *err);

/* Everything settle needs and gives, loaded and computed. */
struct outlay_settlement {
    struct outlay_participant *people;   /* owned copies, registration order */
    struct outlay_settle_person *inputs; /* inputs[i] for people[i] */
    size_t npeople;
    struct outlay_settle_result result;
};
/* Loads and settles (SPEC §6). On OUTLAY_EINVAL (a group with no member) the
 * people are still loaded; result is empty. Release with _release. */
enum outlay_status outlay_ledger_settle(outlay_store *st, const struct outlay_activity *a,
                                        struct outlay_settlement *s, outlay_err *err);
void outlay_settlement_release(struct outlay_settlement *s);

/* The budget-vs-actual report (SPEC §7); categories owned by *r. On
 * failure *r is left empty (nothing to release). */
struct outlay_ledger_report {
    struct outlay_report report;
    char **strings;
    size_t nstrings;
};
enum outlay_status outlay_ledger_report(outlay_store *st, const struct outlay_activity *a,
                                        struct outlay_ledger_report *r, outlay_err *err);
void outlay_ledger_report_release(struct outlay_ledger_report *r);

/* An activity's figures for the year (store.h, struct outlay_year): its
 * report's TOTAL, the union's share of its settlement, its deposits and
 * what was paid out. The first problem met is returned (OUTLAY_EINVAL: it
 * cannot be settled yet; OUTLAY_EOVERFLOW: a sum out of range). */
enum outlay_status outlay_ledger_year(outlay_store *st, const struct outlay_activity *a,
                                      struct outlay_year *y, outlay_err *err);
/* Commits the writing command's transaction (outlay_store_commit), keeping
 * first the year's figures of every activity it changed. */
enum outlay_status outlay_ledger_commit(outlay_store *st, outlay_err *err);

/* SPEC §7 consistency checks of one activity; each problem (a code with
 * its arguments and err->activity, problem.h: OUTLAY_P_DECLARED_DIFFERS,
 * _DECLARED_UNCOMPARABLE, _WITHDRAWN_PAYER, _ORPHAN_TAG, _LARGE_DEPOSIT,
 * _DEPOSIT_EXCESS)
 * goes to cb, the declared total's first. Returns the count, or -1 on a
 * storage error. */
long outlay_ledger_problems(outlay_store *st, const struct outlay_activity *a, outlay_problem_cb cb,
                            void *ctx, outlay_err *err);

/* SPEC §14: the findings of the activity's rules (outlay_rules_check) on
 * its non-void budget lines and expenses, to cb; none when it has no
 * rules. Then those of its latest approval: OUTLAY_P_APPROVAL_CHANGED when
 * the budget lines are no longer those approved, OUTLAY_P_APPROVAL_OVER
 * when the non-void expenses exceed the approved total by more than the
 * rules' reapproval_over_pct. Rules the ledger holds but cannot read are OUTLAY_P_RULES_STORED
 * (a finding, not a failure). One of outlay_ledger_problems' checks.
 * Returns how many, -1 on a storage error. */
long outlay_ledger_rules_problems(outlay_store *st, const struct outlay_activity *a,
                                  outlay_problem_cb cb, void *ctx, outlay_err *err);

/* SPEC §14: `activity approve`: records an approval of the activity's
 * budget by `by` (who is also the audit row's who: a name checked as
 * outlay_ledger_who checks one) on `date` (as typed; NULL: today), with a
 * snapshot of its non-void lines and their total; *ap (may be NULL) gets
 * it. A closed or void activity refuses (outlay_ledger_activity). */
enum outlay_status outlay_ledger_approve(outlay_store *st, const char *slug, const char *by,
                                         const char *date, struct outlay_approval *ap,
                                         outlay_err *err);
/* The activity's latest approval: 1 with *ap and *changed (the budget's
 * lines differ from the snapshot), 0 when it has none, -1 on error. */
int outlay_ledger_approval(outlay_store *st, const struct outlay_activity *a,
                           struct outlay_approval *ap, int *changed, outlay_err *err);

/* SPEC §4 / issue 6: OUTLAY_P_DEPOSIT_SHORT to cb when the deposit per head
 * does not cover the participants' share per head of summary s (rounded up
 * to the fen: outlay_report_share_per_head). Not one of the checks above: a
 * plan, not the records, and only shown with the budget (`budget list`, the
 * Budget sheet). Returns how many problems (0 or 1). */
/* SPEC §11: OUTLAY_P_DEPOSIT_EXCESS to cb for each participant (only
 * participant_id's, when not 0) whose deposits add up to more than twice
 * the planned deposit x their weight; none when nothing is planned. One of
 * outlay_ledger_problems' checks; `deposit add` and an import of deposits
 * warn with it. Returns how many, -1 on a storage error. */
long outlay_ledger_deposit_problems(outlay_store *st, const struct outlay_activity *a,
                                    int64_t participant_id, outlay_problem_cb cb, void *ctx,
                                    outlay_err *err);

long outlay_ledger_share_problems(const struct outlay_activity *a,
                                  const struct outlay_budget_summary *s, outlay_problem_cb cb,
                                  void *ctx);

/* --- reading row by row, and the ledger as a whole (src/ledger_list.c) --- */

/* Each opens the store's typed cursor over one kind of row (store.h: order,
 * and how long a row's strings live); the caller closes it with the
 * cursor's _close. */
enum outlay_status outlay_ledger_activities(outlay_store *st, outlay_activity_cursor **c,
                                            outlay_err *err);
/* SPEC §17: a federation's branches and reading one of them (store.h:
 * outlay_store_branches, outlay_store_use_branch). */
enum outlay_status outlay_ledger_branches(outlay_store *st, char ***names, size_t *n,
                                          outlay_err *err);
enum outlay_status outlay_ledger_use_branch(outlay_store *st, const char *branch, outlay_err *err);
/* Every activity with its kept figures for the year (store.h,
 * outlay_store_years). */
enum outlay_status outlay_ledger_years(outlay_store *st, outlay_year_cursor **c, outlay_err *err);
enum outlay_status outlay_ledger_years_unkept(outlay_store *st, outlay_year_cursor **c,
                                              outlay_err *err);
/* A federation's kept figures summed per branch (store.h). */
enum outlay_status outlay_ledger_year_sums(outlay_store *st, outlay_year_sum_cursor **c,
                                           outlay_err *err);
enum outlay_status outlay_ledger_lines(outlay_store *st, const struct outlay_activity *a,
                                       outlay_line_cursor **c, outlay_err *err);
/* Lines, expenses, deposits and payouts: void ones too, in recorded order. */
enum outlay_status outlay_ledger_expenses(outlay_store *st, const struct outlay_activity *a,
                                          outlay_expense_cursor **c, outlay_err *err);
enum outlay_status outlay_ledger_participants(outlay_store *st, const struct outlay_activity *a,
                                              outlay_participant_cursor **c, outlay_err *err);
/* SPEC §16: the participant whose private link token is (a slip page):
 * 1 with their activity loaded into *a (release it) and their id, 0 when
 * no one has it (anything not 64 hex digits is no one's), -1 on error. */
int outlay_ledger_link_find(outlay_store *st, const char *token, struct outlay_activity *a,
                            int64_t *participant_id, outlay_err *err);
/* The ledger's version: it changes with every command that writes (the
 * last audit row; SPEC §11), so what was read at one version holds until
 * the next. */
enum outlay_status outlay_ledger_version(outlay_store *st, int64_t *version, outlay_err *err);
/* How many expenses the activity has, void ones too: the last number. */
enum outlay_status outlay_ledger_expense_count(outlay_store *st, const struct outlay_activity *a,
                                               int64_t *n, outlay_err *err);
/* A page of the expenses: at most count, numbered after `after` (page N of
 * 50: after (N-1) x 50), void ones too; reads no row before the page. */
enum outlay_status outlay_ledger_expenses_page(outlay_store *st, const struct outlay_activity *a,
                                               int64_t after, int64_t count,
                                               outlay_expense_cursor **c, outlay_err *err);
enum outlay_status outlay_ledger_payments(outlay_store *st, const struct outlay_activity *a,
                                          enum outlay_payment_kind kind, outlay_payment_cursor **c,
                                          outlay_err *err);
/* The audit log, oldest first: of activity `slug`, or all of it for NULL. */
enum outlay_status outlay_ledger_log(outlay_store *st, const char *slug, outlay_audit_cursor **c,
                                     outlay_err *err);

/* The sum of |amount| over the activity's records of `kind` (expenses: the
 * non-void ones) into *total; past int64_t, OUTLAY_EOVERFLOW worded by
 * outlay_ledger_total_error. */
enum outlay_status outlay_ledger_amount_magnitude(outlay_store *st, const struct outlay_activity *a,
                                                  enum outlay_amounts kind, int64_t *total,
                                                  outlay_err *err);

/* `outlay init`: the audit row of a ledger just created (opening it for
 * writing made the schema), *created 1. A ledger that was there already is
 * left as it is, with no audit row: *created 0 (SPEC §11). */
enum outlay_status outlay_ledger_init(outlay_store *st, int *created, outlay_err *err);
/* Who the audit rows of this session name (SPEC §11): a name as people
 * type it (checked as text, in NFC, spaces trimmed and squeezed; empty is
 * OUTLAY_P_WHO_EMPTY), err->column "by" when refused. With st NULL it
 * only checks. */
enum outlay_status outlay_ledger_who(outlay_store *st, const char *who, outlay_err *err);
/* A consistent copy of the whole ledger at path (outlay_store_backup). */
enum outlay_status outlay_ledger_backup(outlay_store *st, const char *path, outlay_err *err);
/* The file's own integrity, before any activity's checks: see
 * outlay_store_integrity (problems to cb, *damage those only a backup mends). */
long outlay_ledger_integrity(outlay_store *st, outlay_problem_cb cb, void *ctx, long *damage,
                             outlay_err *err);

#endif
