/*
 * ledger: validate, then write through the store, then audit (SPEC §2–§4,
 * §10). Every function here checks all of its input before the first write,
 * so a refused command leaves nothing behind even before the rollback.
 */
#include "outlay/ledger.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/date.h"
#include "outlay/money.h"
#include "outlay/rules.h"
#include "outlay/text.h"
#include "ledger_internal.h"
#include "outlay/serve.h"

/* Marks err with the field it is about (a CSV column name). */
static enum outlay_status field_err(outlay_err *err, const char *column)
{
    if (err) {
        snprintf(err->column, sizeof err->column, "%s", column);
    }
    return err ? err->status : OUTLAY_EINVAL;
}

static int given(const char *v)
{
    return v && *v;
}

/* The NFC copies of its input that one operation makes (check_text): the
 * operation owns them, points its fields at them, and frees them all with
 * texts_release() once it has written and audited. */
struct texts {
    char **v;
    size_t n, cap;
};

static void texts_release(struct texts *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->v[i]);
    free(t->v);
    *t = (struct texts){0};
}

/* Keeps the malloc'd copy (NULL: out of memory) in own and points *v at it. */
static enum outlay_status keep(struct texts *own, const char **v, char *copy, outlay_err *err)
{
    if (copy && own->n == own->cap) {
        size_t cap = own->cap ? own->cap * 2 : 8;
        char **v2 = realloc(own->v, cap * sizeof *v2);
        if (v2) {
            own->v = v2;
            own->cap = cap;
        } else {
            free(copy);
            copy = NULL;
        }
    }
    if (!copy)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    own->v[own->n++] = copy;
    *v = copy;
    return OUTLAY_OK;
}

/* Puts *v (valid UTF-8) in NFC; a copy that differs is kept in own. */
static enum outlay_status keep_nfc(struct texts *own, const char **v, outlay_err *err)
{
    char *nfc = NULL;
    enum outlay_status rc = outlay_text_nfc(*v, &nfc, err);
    if (rc != OUTLAY_OK || !nfc)
        return rc;
    return keep(own, v, nfc, err);
}

/* A text field: NULL/"" is fine unless required. Every text that enters the
 * ledger passes here (SPEC §10) and leaves in Unicode NFC, *v then pointing
 * at the copy own keeps when it had to change: "e" + U+0301 is stored, and
 * looked up, as the "é" U+00E9 that another keyboard types
 * (docs/spec-notes.md). */
static enum outlay_status check_text(struct texts *own, const char **v, const char *column,
                                     int required, outlay_err *err)
{
    if (!given(*v)) {
        if (!required)
            return OUTLAY_OK;
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_FIELD_EMPTY);
        return field_err(err, column);
    }
    /* Valid UTF-8 without control characters first (NFC needs it), then
     * the limit on what is stored: e + U+0301 six hundred times is 1,200
     * code points typed but 600 stored, and U+0958 grows to two. */
    /* One scan when the text is within the limit and already NFC, as
     * nearly all text is; the same answers as the three steps otherwise. */
    const char *typed = *v;
    enum outlay_status rc = outlay_text_check(*v, column, OUTLAY_TEXT_MAX, err);
    int long_typed = rc != OUTLAY_OK && err->code == OUTLAY_P_TEXT_LONG;
    if (long_typed) {
        outlay_err_clear(err);
        rc = outlay_text_check(*v, column, SIZE_MAX, err);
    }
    if (rc == OUTLAY_OK)
        rc = keep_nfc(own, v, err);
    if (rc == OUTLAY_OK && (*v != typed || long_typed))
        rc = outlay_text_check(*v, column, OUTLAY_TEXT_MAX, err);
    if (rc != OUTLAY_OK)
        return field_err(err, column);
    return OUTLAY_OK;
}

/* A participant's name (SPEC §11): a text field (check_text), its spaces
 * trimmed and inner runs made one (outlay_text_name), *v then pointing at
 * the copy own keeps when it changed. Empty or only spaces is
 * OUTLAY_P_NAME_EMPTY when required. */
static enum outlay_status check_name(struct texts *own, const char **v, const char *column,
                                     int required, outlay_err *err)
{
    if (required && !given(*v)) {
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_NAME_EMPTY);
        return field_err(err, column);
    }
    enum outlay_status rc = check_text(own, v, column, required, err);
    char *name = NULL;
    if (rc != OUTLAY_OK || !given(*v))
        return rc;
    if ((rc = outlay_text_name(*v, &name, err)) != OUTLAY_OK)
        return rc;
    if (name && (rc = keep(own, v, name, err)) != OUTLAY_OK)
        return rc;
    if (!**v && required) {
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_NAME_EMPTY);
        return field_err(err, column);
    }
    return OUTLAY_OK;
}

static enum outlay_status check_money(const char *v, const char *column, int required,
                                      int allow_negative, int64_t *out, outlay_err *err)
{
    if (!given(v)) {
        if (!required)
            return OUTLAY_OK;
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_FIELD_EMPTY);
        return field_err(err, column);
    }
    if (outlay_money_parse(v, allow_negative, out, err) != OUTLAY_OK)
        return field_err(err, column);
    return OUTLAY_OK;
}

static enum outlay_status check_count(const char *v, const char *column, int64_t *out,
                                      outlay_err *err)
{
    if (given(v) && outlay_qty_parse(v, out, err) != OUTLAY_OK)
        return field_err(err, column);
    return OUTLAY_OK;
}

/* A date as people type it (2026/5/10, 2026年5月10日: SPEC §12), kept as
 * YYYY-MM-DD, *v then pointing at the copy own keeps. */
static enum outlay_status check_date(struct texts *own, const char **v, const char *column,
                                     outlay_err *err)
{
    char iso[11];
    if (!given(*v))
        return OUTLAY_OK;
    if (outlay_date_check(*v, NULL) == OUTLAY_OK)
        return OUTLAY_OK; /* already YYYY-MM-DD, as a file outlay wrote has it */
    if (outlay_date_parse(*v, iso, err) != OUTLAY_OK)
        return field_err(err, column);
    if (strcmp(iso, *v) == 0)
        return OUTLAY_OK;
    return keep(own, v, strdup(iso), err);
}

/* funded_by: "" or NULL keeps *out (the activity's default). */
static enum outlay_status check_funder(const char *v, enum outlay_funder *out, outlay_err *err)
{
    if (!given(v))
        return OUTLAY_OK;
    int f = outlay_funder_parse(v);
    if (f < 0) {
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_NOT_FUNDER, OUTLAY_A_INPUT(v));
        return field_err(err, "funded_by");
    }
    *out = (enum outlay_funder)f;
    return OUTLAY_OK;
}

/* SPEC §14: a kind by name or Chinese alias; NULL or "" keeps *out (an
 * import's empty cell: other, SPEC §11). */
static enum outlay_status check_kind(const char *v, enum outlay_kind *out, outlay_err *err)
{
    if (!given(v))
        return OUTLAY_OK;
    int k = outlay_kind_parse(v);
    if (k < 0) {
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_NOT_KIND, OUTLAY_A_INPUT(v));
        return field_err(err, "kind");
    }
    *out = (enum outlay_kind)k;
    return OUTLAY_OK;
}

/* SPEC §11.1: "1" or "2"; NULL or "" keeps *out. */
static enum outlay_status check_settle_rule(const char *v, enum outlay_settle_rule *out,
                                            outlay_err *err)
{
    if (!given(v))
        return OUTLAY_OK;
    if (strcmp(v, "1") != 0 && strcmp(v, "2") != 0) {
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_NOT_SETTLE_RULE, OUTLAY_A_INPUT(v));
        return field_err(err, "settle_rule");
    }
    *out = v[0] == '1' ? OUTLAY_SETTLE_RULE_GROUP : OUTLAY_SETTLE_RULE_PERSON;
    return OUTLAY_OK;
}

/* v is one of the words (a NULL-terminated list). */
static int one_of(const char *v, const char *const *words)
{
    for (; *words; words++)
        if (!strcmp(v, *words))
            return 1;
    return 0;
}

/* The values of per_head and status, in English and as a Chinese sheet or
 * a listing under zh writes them (SPEC §12). */
static const char *const flag_no[] = {"no", "false", "0", "否", NULL};
static const char *const flag_yes[] = {"yes", "true", "1", "是", NULL};
static const char *const status_ok[] = {"ok", "正常", NULL};
static const char *const status_void[] = {"void", "作废", NULL};
static const char *const status_active[] = {"active", "参加", NULL};
static const char *const status_withdrawn[] = {"withdrawn", "退出", "已退出", NULL};

/* yes/true/1/是 or no/false/0/否/empty. */
static enum outlay_status check_flag(const char *v, const char *column, int *out, outlay_err *err)
{
    if (!given(v) || one_of(v, flag_no)) {
        *out = 0;
        return OUTLAY_OK;
    }
    if (one_of(v, flag_yes)) {
        *out = 1;
        return OUTLAY_OK;
    }
    outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_NOT_FLAG, OUTLAY_A_INPUT(v));
    return field_err(err, column);
}

/* The status of a re-imported listing's row: ok (or empty) or void. */
static enum outlay_status check_status(const char *v, int *is_void, outlay_err *err)
{
    *is_void = 0;
    if (!given(v) || one_of(v, status_ok))
        return OUTLAY_OK;
    if (one_of(v, status_void)) {
        *is_void = 1;
        return OUTLAY_OK;
    }
    outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_NOT_EXPENSE_STATUS, OUTLAY_A_INPUT(v));
    return field_err(err, "status");
}

/* SPEC §11: what an import writes for a row whose status is void. */
#define IMPORTED_VOID_REASON "imported"

/* Points each of the n fields at a copy of its text that own keeps (a
 * record read from the store borrows its strings from a statement). */
static enum outlay_status own_copies(struct texts *own, char **const *fields, size_t n,
                                     outlay_err *err)
{
    for (size_t i = 0; i < n; i++) {
        const char *v = NULL;
        if (!*fields[i])
            continue;
        enum outlay_status rc = keep(own, &v, strdup(*fields[i]), err);
        if (rc != OUTLAY_OK)
            return rc;
        *fields[i] = (char *)v;
    }
    return OUTLAY_OK;
}

/* The audit detail of a change (SPEC §11): "line 3: item 'Cap' -> 'Hat',
 * qty 20 -> 25", every changed field with its old and its new value, in
 * full, on the heap (free s). */
struct change {
    char *s;
    size_t len, cap;
    int fields, nomem;
};

static void change_add(struct change *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void change_add(struct change *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (c->nomem || n < 0) {
        c->nomem = 1;
        return;
    }
    if (c->len + (size_t)n + 1 > c->cap) {
        size_t cap = (c->len + (size_t)n + 1) * 2;
        char *v = realloc(c->s, cap);
        if (!v) {
            c->nomem = 1;
            return;
        }
        c->s = v;
        c->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(c->s + c->len, c->cap - c->len, fmt, ap);
    va_end(ap);
    c->len += (size_t)n;
}

static void change_text(struct change *c, const char *field, const char *old, const char *new)
{
    if (!strcmp(old ? old : "", new ? new : ""))
        return;
    change_add(c, "%s%s '%s' -> '%s'", c->fields++ ? ", " : "", field, old ? old : "",
               new ? new : "");
}

static void change_money(struct change *c, const char *field, int64_t old, int64_t new)
{
    char o[OUTLAY_MONEY_BUFSZ], n[OUTLAY_MONEY_BUFSZ];
    if (old != new)
        change_add(c, "%s%s %s -> %s", c->fields++ ? ", " : "", field,
                   outlay_money_format(old, 0, o), outlay_money_format(new, 0, n));
}

static void change_int(struct change *c, const char *field, int64_t old, int64_t new)
{
    if (old != new)
        change_add(c, "%s%s %lld -> %lld", c->fields++ ? ", " : "", field, (long long)old,
                   (long long)new);
}

/* Appends the change's audit row; nothing changed is OUTLAY_EINVAL with
 * problem `same` (the record's number its argument). Frees c->s. */
static enum outlay_status change_audit(outlay_store *st, struct change *c, const char *command,
                                       const char *slug, enum outlay_problem same, int64_t no,
                                       outlay_err *err)
{
    enum outlay_status rc = OUTLAY_OK;
    if (c->nomem)
        rc = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    else if (!c->fields)
        rc = outlay_fail(err, OUTLAY_EINVAL, same, OUTLAY_A_INT(no));
    else
        rc = outlay_store_audit(st, command, slug, c->s, err);
    free(c->s);
    c->s = NULL;
    return rc;
}

enum outlay_status outlay_ledger_slug_check(const char *slug, outlay_err *err)
{
    size_t n = slug ? strlen(slug) : 0;
    int ok = n >= 1 && n <= OUTLAY_SLUG_MAX;
    for (size_t i = 0; ok && i < n; i++) {
        char c = slug[i];
        ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
    }
    if (!ok)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_SLUG_FORM, OUTLAY_A_INPUT(slug));
    return OUTLAY_OK;
}

/* Drops the character cut short at the end of s by a byte-counted cut
 * (vsnprintf's, or a precision): s was valid UTF-8 before the cut, so only
 * its last sequence can be incomplete, and the audit log must stay UTF-8
 * (`log --json`). */
static void drop_partial_char(char *s)
{
    size_t len = strlen(s), start = len;
    while (start > 0 && ((unsigned char)s[start - 1] & 0xC0) == 0x80)
        start--;
    if (start == 0)
        return;
    unsigned char lead = (unsigned char)s[start - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (len - (start - 1) < need)
        s[start - 1] = '\0';
}

enum outlay_status ledger_auditv(outlay_store *st, const char *command, const char *slug,
                                 outlay_err *err, const char *fmt, va_list ap)
{
    char detail[1536];
    int n = vsnprintf(detail, sizeof detail, fmt, ap);
    if (n >= (int)sizeof detail)
        drop_partial_char(detail);
    return outlay_store_audit(st, command, slug, detail, err);
}

enum outlay_status ledger_audit(outlay_store *st, const char *command, const char *slug,
                                outlay_err *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    enum outlay_status rc = ledger_auditv(st, command, slug, err, fmt, ap);
    va_end(ap);
    return rc;
}

enum outlay_status ledger_check_reason(const char *reason, char **nfc, outlay_err *err)
{
    struct texts own = {0};
    *nfc = NULL;
    /* spaces alone say no more than nothing */
    if (!given(reason) || !reason[strspn(reason, " \t")]) {
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_VOID_NO_REASON);
        return field_err(err, "reason");
    }
    enum outlay_status rc = check_text(&own, &reason, "reason", 1, err);
    if (rc == OUTLAY_OK && own.n) {
        *nfc = own.v[own.n - 1]; /* the copy reason now points at */
        own.n--;
    }
    texts_release(&own);
    return rc;
}

/* Warns through cb (NULL: nobody to tell) with a problem made here. */
static void warn(outlay_problem_cb cb, void *ctx, const outlay_err *p)
{
    if (cb)
        cb(ctx, p);
}

/* The nearest of some names to a mistyped one (another case, or one or two
 * typos), for a "did you mean" hint. */
struct nearest {
    const char *want;
    char *out;
    size_t n, best;
    int found;
};

/* key: what is compared with nr->want (candidate itself, or its name key). */
static void nearest_consider_as(struct nearest *nr, const char *candidate, const char *key)
{
    size_t d = outlay_text_casecmp(key, nr->want) == 0 ? 0 : outlay_text_distance(key, nr->want);
    if (d < nr->best) {
        nr->best = d;
        snprintf(nr->out, nr->n, "%s", candidate);
        nr->found = 1;
    }
}

static void nearest_consider(struct nearest *nr, const char *candidate)
{
    nearest_consider_as(nr, candidate, candidate);
}

/* The activity whose slug is nearest to `slug`; 0 when none is near. */
static int nearest_activity(outlay_store *st, const char *slug, char *out, size_t n)
{
    outlay_activity_cursor *c = NULL;
    struct outlay_activity a;
    outlay_err err = {0};
    struct nearest nr = {.want = slug, .out = out, .n = n, .best = 3};
    if (outlay_store_activities(st, &c, &err) != OUTLAY_OK)
        return 0;
    while (outlay_activity_cursor_next(c, &a, &err) == 1)
        nearest_consider(&nr, a.slug);
    outlay_activity_cursor_close(c);
    return nr.found;
}

enum outlay_status outlay_ledger_activity(outlay_store *st, const char *slug, int for_write,
                                          struct outlay_activity *a, outlay_err *err)
{
    enum outlay_status rc = outlay_ledger_slug_check(slug, err);
    if (rc == OUTLAY_OK)
        rc = outlay_store_activity_get(st, slug, a, err);
    char near[OUTLAY_SLUG_MAX + 1];
    if ((rc == OUTLAY_EINVAL || rc == OUTLAY_ENOTFOUND) && slug &&
        nearest_activity(st, slug, near, sizeof near))
        return outlay_fail(err, OUTLAY_ENOTFOUND, OUTLAY_P_NO_ACTIVITY_NEAR, OUTLAY_A_INPUT(slug),
                           OUTLAY_A_TEXT(near));
    if (rc == OUTLAY_OK && for_write && a->is_void) {
        /* SPEC §11: for good; the reason is copied before the release */
        rc = outlay_fail(err, OUTLAY_ECLOSED, OUTLAY_P_ACTIVITY_VOID, OUTLAY_A_TEXT(slug),
                         OUTLAY_A_TEXT(a->void_reason ? a->void_reason : ""));
        outlay_activity_release(a);
    } else if (rc == OUTLAY_OK && for_write && a->closed) {
        outlay_activity_release(a);
        rc = outlay_fail(err, OUTLAY_ECLOSED, OUTLAY_P_ACTIVITY_CLOSED, OUTLAY_A_TEXT(slug));
    } else if (rc == OUTLAY_OK) {
        /* SPEC §14: the rules parsed once for the command (an import
         * flags a million expenses); an older ledger's expenses flagged
         * by the first command that writes */
        rc = ledger_rules_load(a, err);
        if (rc == OUTLAY_OK && for_write && !a->flags_ok &&
            (rc = ledger_reflag(st, a, a->rules, err)) == OUTLAY_OK)
            a->flags_ok = 1;
        if (rc != OUTLAY_OK)
            outlay_activity_release(a);
    }
    return rc;
}

/* Applies the given fields of `in` to a (SPEC §4 activity options). Its
 * texts are put in NFC in place: `in` is the operation's copy. */
static enum outlay_status apply_activity_in(struct outlay_activity *a,
                                            struct outlay_activity_in *in, struct texts *own,
                                            outlay_err *err)
{
    enum outlay_status rc;
    if (in->title && !given(in->title)) {
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_TITLE_EMPTY);
        return field_err(err, "title");
    }
    if ((rc = check_text(own, &in->title, "title", 0, err)) ||
        (rc = check_text(own, &in->venue, "venue", 0, err)) ||
        (rc = check_text(own, &in->organizer, "organizer", 0, err)) ||
        (rc = check_date(own, &in->date, "date", err)) ||
        (rc = check_date(own, &in->end_date, "end_date", err)) ||
        (rc = check_money(in->deposit, "deposit", 0, 0, &a->deposit, err)) ||
        (rc = check_count(in->headcount, "headcount", &a->headcount, err)) ||
        (rc = check_money(in->subsidy_per_head, "subsidy_per_head", 0, 0, &a->subsidy_per_head,
                          err)) ||
        (rc = check_funder(in->funded_by, &a->funded_by, err)) ||
        (rc = check_settle_rule(in->settle_rule, &a->settle_rule, err)))
        return rc;
    if (in->rules_name || in->rules_text) {
        /* SPEC §14: the copy must read as its file did, wherever it goes */
        struct outlay_rules r;
        if (!given(in->rules_name) || !in->rules_text) {
            outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_FIELD_EMPTY);
            return field_err(err, "rules");
        }
        if ((rc = outlay_rules_parse(in->rules_text, strlen(in->rules_text), in->rules_name,
                                     in->rules_name, &r, err)))
            return rc;
        outlay_rules_release(&r);
        a->rules_name = (char *)in->rules_name;
        a->rules_text = (char *)in->rules_text;
    }
    if (in->min_refund &&
        (rc = check_money(in->min_refund, "min_refund", 0, 0, &a->min_refund, err)))
        return rc;
    if (in->budget_total) {
        a->has_budget_total = given(in->budget_total);
        if ((rc = check_money(in->budget_total, "budget_total", 0, 0, &a->budget_total, err)))
            return rc;
    }
    if (given(in->currency)) {
        const char *c = in->currency;
        int ok = strlen(c) == 3;
        for (int i = 0; ok && i < 3; i++)
            ok = c[i] >= 'A' && c[i] <= 'Z';
        if (!ok) {
            outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_NOT_CURRENCY, OUTLAY_A_INPUT(c));
            return field_err(err, "currency");
        }
        a->currency = (char *)c;
    }
    if (in->title)
        a->title = (char *)in->title;
    if (in->venue)
        a->venue = (char *)in->venue;
    if (in->organizer)
        a->organizer = (char *)in->organizer;
    if (in->date)
        a->date = (char *)in->date;
    if (in->end_date)
        a->end_date = (char *)in->end_date;
    if (given(a->date) && given(a->end_date) && strcmp(a->end_date, a->date) < 0) {
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_END_BEFORE_START, OUTLAY_A_TEXT(a->end_date),
                    OUTLAY_A_TEXT(a->date));
        return field_err(err, "end_date");
    }
    return OUTLAY_OK;
}

static enum outlay_status ensure_new_slug(outlay_store *st, const char *slug, outlay_err *err)
{
    struct outlay_activity old = {0};
    enum outlay_status rc = outlay_ledger_slug_check(slug, err);
    if (rc != OUTLAY_OK)
        return rc;
    rc = outlay_store_activity_get(st, slug, &old, err);
    outlay_activity_release(&old);
    if (rc == OUTLAY_OK)
        return outlay_fail(err, OUTLAY_EEXIST, OUTLAY_P_ACTIVITY_EXISTS, OUTLAY_A_TEXT(slug));
    if (rc == OUTLAY_ENOTFOUND) {
        outlay_err_clear(err);
        return OUTLAY_OK;
    }
    return rc;
}

static enum outlay_status activity_add(outlay_store *st, const char *slug,
                                       struct outlay_activity_in *in, struct texts *own,
                                       outlay_err *err)
{
    /* SPEC §11.1: every new activity settles by rule 2 */
    struct outlay_activity a = {
        .slug = (char *)slug, .currency = "CNY", .settle_rule = OUTLAY_SETTLE_RULE_PERSON};
    enum outlay_status rc = ensure_new_slug(st, slug, err);
    if (rc != OUTLAY_OK)
        return rc;
    if (!given(in->title)) {
        /* The CLI asks for --title before it opens anything; a caller of
         * the library is told which field is missing (err->column). */
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_ACTIVITY_NO_TITLE);
        return field_err(err, "title");
    }
    if ((rc = apply_activity_in(&a, in, own, err)))
        return rc;
    if ((rc = outlay_store_activity_insert(st, &a, err)))
        return rc;
    return ledger_audit(st, "activity add", slug, err, "created activity '%s'", a.title);
}

enum outlay_status outlay_ledger_activity_add(outlay_store *st, const char *slug,
                                              const struct outlay_activity_in *in, outlay_err *err)
{
    struct outlay_activity_in copy = *in;
    struct texts own = {0};
    enum outlay_status rc = activity_add(st, slug, &copy, &own, err);
    texts_release(&own);
    return rc;
}

/* Sets a validated line's qty (per-head: the headcount) and amount, checked
 * against the money limit. */
static enum outlay_status price_line(const struct outlay_activity *a, struct outlay_budget_line *l,
                                     outlay_err *err)
{
    if (l->per_head) {
        if (a->headcount <= 0) {
            outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_PER_HEAD_NO_HEADCOUNT, OUTLAY_A_TEXT(a->slug));
            return field_err(err, "per_head");
        }
        l->qty = a->headcount;
    }
    if (outlay_money_mul(l->unit_price, l->qty, &l->amount) != OUTLAY_OK ||
        l->amount > OUTLAY_MONEY_MAX || l->amount < -OUTLAY_MONEY_MAX) {
        outlay_fail(err, OUTLAY_EOVERFLOW, OUTLAY_P_LINE_AMOUNT_LARGE);
        return field_err(err, "qty");
    }
    return OUTLAY_OK;
}

static enum outlay_status insert_line(outlay_store *st, const struct outlay_activity *a,
                                      struct outlay_budget_line *l, outlay_err *err)
{
    enum outlay_status rc = price_line(a, l, err);
    return rc ? rc : outlay_store_line_insert(st, a->id, l, err);
}

/* A template's text enters the ledger like a typed one: checked, in NFC. */
static enum outlay_status template_text(struct texts *own, char **field, const char *column,
                                        outlay_err *err)
{
    const char *v = *field;
    enum outlay_status rc = check_text(own, &v, column, 0, err);
    *field = (char *)v;
    return rc;
}

static enum outlay_status activity_new(outlay_store *st, const char *slug,
                                       const struct outlay_template *t, const char *template_name,
                                       struct outlay_activity_in *in, struct texts *own,
                                       outlay_err *err)
{
    struct outlay_activity a = {
        .slug = (char *)slug, .currency = "CNY", .settle_rule = OUTLAY_SETTLE_RULE_PERSON};
    enum outlay_status rc = ensure_new_slug(st, slug, err);
    if (rc != OUTLAY_OK)
        return rc;
    a.title = t->title ? t->title : (char *)template_name;
    a.organizer = t->organizer;
    a.venue = t->venue;
    if ((rc = template_text(own, &a.title, "title", err)) ||
        (rc = template_text(own, &a.organizer, "organizer", err)) ||
        (rc = template_text(own, &a.venue, "venue", err)))
        return rc;
    a.deposit = t->deposit;
    a.headcount = t->headcount;
    a.has_budget_total = t->has_budget_total;
    a.budget_total = t->budget_total;
    a.subsidy_per_head = t->subsidy_per_head;
    if (t->funded_by && outlay_funder_parse(t->funded_by) == OUTLAY_FUND_UNION)
        a.funded_by = OUTLAY_FUND_UNION;
    if ((rc = apply_activity_in(&a, in, own, err)))
        return rc;
    for (size_t i = 0; i < t->nlines && a.headcount <= 0; i++)
        if (t->lines[i].per_head)
            return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_TEMPLATE_NO_HEADCOUNT,
                               OUTLAY_A_TEXT(template_name));
    if ((rc = outlay_store_activity_insert(st, &a, err)))
        return rc;
    for (size_t i = 0; i < t->nlines; i++) {
        const struct outlay_template_line *tl = &t->lines[i];
        struct outlay_budget_line l = {.category = tl->category,
                                       .item = tl->item,
                                       .unit = tl->unit,
                                       .note = tl->note,
                                       .unit_price = tl->unit_price,
                                       .qty = tl->qty ? tl->qty : 1,
                                       .per_head = tl->per_head,
                                       .funded_by = a.funded_by,
                                       .kind = tl->kind};
        if (tl->funded_by)
            check_funder(tl->funded_by, &l.funded_by, NULL);
        if ((rc = template_text(own, &l.category, "category", err)) ||
            (rc = template_text(own, &l.item, "item", err)) ||
            (rc = template_text(own, &l.unit, "unit", err)) ||
            (rc = template_text(own, &l.note, "note", err)) || (rc = insert_line(st, &a, &l, err)))
            return rc;
    }
    /* Once for the template, not per line: a long one stays linear. */
    if ((rc = outlay_ledger_limit(st, &a, OUTLAY_AMOUNTS_BUDGET, err)))
        return rc;
    return ledger_audit(st, "activity new", slug, err,
                        "created activity '%s' from template %s with %zu budget lines", a.title,
                        template_name, t->nlines);
}

enum outlay_status outlay_ledger_activity_new(outlay_store *st, const char *slug,
                                              const struct outlay_template *t,
                                              const char *template_name,
                                              const struct outlay_activity_in *in, outlay_err *err)
{
    struct outlay_activity_in copy = *in;
    struct texts own = {0};
    enum outlay_status rc = activity_new(st, slug, t, template_name, &copy, &own, err);
    texts_release(&own);
    return rc;
}

/* Per-head lines follow the headcount; their amounts must stay in range. */
static enum outlay_status check_headcount_lines(outlay_store *st, const struct outlay_activity *a,
                                                int64_t headcount, outlay_err *err)
{
    outlay_line_cursor *c = NULL;
    struct outlay_budget_line l;
    int r = 0, per_head = 0;
    enum outlay_status rc = outlay_store_lines(st, a->id, &c, err);
    while (rc == OUTLAY_OK && (r = outlay_line_cursor_next(c, &l, err)) == 1) {
        int64_t amount;
        if (!l.per_head || l.is_void)
            continue;
        per_head = 1;
        if (outlay_money_mul(l.unit_price, headcount, &amount) != OUTLAY_OK ||
            amount > OUTLAY_MONEY_MAX || amount < -OUTLAY_MONEY_MAX) {
            rc = outlay_fail(err, OUTLAY_EOVERFLOW, OUTLAY_P_HEADCOUNT_LINE_LARGE,
                             OUTLAY_A_INT(headcount), OUTLAY_A_INT(l.id));
            field_err(err, "headcount");
        }
    }
    outlay_line_cursor_close(c);
    if (rc == OUTLAY_OK && r < 0)
        rc = err->status;
    if (rc == OUTLAY_OK && per_head && headcount <= 0)
        rc = outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_HEADCOUNT_PER_HEAD);
    return rc;
}

/* activity set on a loaded activity (the caller releases it). */
static enum outlay_status set_loaded(outlay_store *st, const char *slug,
                                     struct outlay_activity_in *in, struct texts *own,
                                     struct outlay_activity a, outlay_err *err)
{
    enum outlay_status rc;
    int64_t old_headcount = a.headcount;
    if ((rc = apply_activity_in(&a, in, own, err)))
        return rc;
    if (a.headcount != old_headcount) {
        if ((rc = check_headcount_lines(st, &a, a.headcount, err)) ||
            (rc = outlay_store_lines_set_headcount(st, a.id, a.headcount, err)) ||
            (rc = outlay_ledger_limit(st, &a, OUTLAY_AMOUNTS_BUDGET, err)))
            return rc;
    }
    if ((rc = outlay_store_activity_update(st, &a, err)))
        return rc;
    if (in->rules_name || in->rules_text) {
        /* SPEC §14: other rules find other things in the same expenses */
        struct outlay_activity now = a;
        now.rules = NULL;
        now.owned = NULL;
        rc = ledger_rules_load(&now, err);
        if (rc == OUTLAY_OK)
            rc = ledger_reflag(st, &now, now.rules, err);
        outlay_activity_release(&now);
        if (rc != OUTLAY_OK)
            return rc;
    }
    char changed[1024] = "";
    static const char *const names[] = {
        "title",     "date",         "end-date",         "venue",    "organizer", "deposit",
        "headcount", "budget-total", "subsidy-per-head", "currency", "funded-by", "settle-rule",
        "rules",     "min-refund"};
    const char *const values[] = {in->title,      in->date,         in->end_date,
                                  in->venue,      in->organizer,    in->deposit,
                                  in->headcount,  in->budget_total, in->subsidy_per_head,
                                  in->currency,   in->funded_by,    in->settle_rule,
                                  in->rules_name, in->min_refund};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!values[i])
            continue;
        char value[61]; /* the first 60 bytes, in whole characters */
        snprintf(value, sizeof value, "%s", values[i]);
        drop_partial_char(value);
        size_t n = strlen(changed);
        snprintf(changed + n, sizeof changed - n, "%s%s=%s", n ? ", " : "", names[i], value);
    }
    return ledger_audit(st, "activity set", slug, err, "set %s", changed);
}

enum outlay_status outlay_ledger_activity_set(outlay_store *st, const char *slug,
                                              const struct outlay_activity_in *in, outlay_err *err)
{
    struct outlay_activity a;
    struct outlay_activity_in copy = *in;
    struct texts own = {0};
    enum outlay_status rc = outlay_ledger_activity(st, slug, 1, &a, err);
    if (rc != OUTLAY_OK)
        return rc;
    rc = set_loaded(st, slug, &copy, &own, a, err);
    outlay_activity_release(&a);
    texts_release(&own);
    return rc;
}

/* Applies the fields of `in` to *l, each checked (SPEC §3, §10) and its
 * text in NFC (copies kept in own), then prices the line. adding: a new
 * line, whose category, item and unit_price are required; else `budget
 * set`: a field not given (NULL) is kept, a category, item or unit_price
 * given empty is refused, a unit or a note given empty is cleared, and a
 * qty without per_head makes the line one of that quantity. */
static enum outlay_status line_apply(const struct outlay_activity *a, struct outlay_line_in *in,
                                     struct texts *own, int adding, struct outlay_budget_line *l,
                                     outlay_err *err)
{
    enum outlay_status rc;
    int per_head = l->per_head;
    if ((rc = check_text(own, &in->category, "category", adding || in->category, err)) ||
        (rc = check_text(own, &in->item, "item", adding || in->item, err)) ||
        (rc = check_money(in->unit_price, "unit_price", adding || in->unit_price, 0, &l->unit_price,
                          err)) ||
        (rc = check_count(in->qty, "qty", &l->qty, err)) ||
        (rc = check_text(own, &in->unit, "unit", 0, err)) ||
        (rc = check_text(own, &in->note, "note", 0, err)) ||
        (rc = check_funder(in->funded_by, &l->funded_by, err)) ||
        (rc = check_kind(in->kind, &l->kind, err)) ||
        (in->per_head && (rc = check_flag(in->per_head, "per_head", &per_head, err))))
        return rc;
    if (!adding && given(in->qty) && !in->per_head)
        per_head = 0;
    l->per_head = per_head;
    const char *const *from[] = {&in->category, &in->item, &in->unit, &in->note};
    char **to[] = {&l->category, &l->item, &l->unit, &l->note};
    for (size_t i = 0; i < sizeof to / sizeof to[0]; i++)
        if (*from[i])
            *to[i] = (char *)*from[i];
    return price_line(a, l, err);
}

static enum outlay_status line_add(outlay_store *st, const struct outlay_activity *a,
                                   struct outlay_line_in *in, struct texts *own, int do_audit,
                                   int64_t *no, outlay_err *err)
{
    struct outlay_budget_line l = {.qty = 1, .funded_by = a->funded_by};
    int64_t listed = 0;
    int is_void = 0;
    enum outlay_status rc;
    if ((rc = line_apply(a, in, own, 1, &l, err)) ||
        (rc = check_money(in->amount, "amount", 0, 0, &listed, err)) ||
        (rc = check_status(in->status, &is_void, err)))
        return rc;
    if (given(in->amount) && listed != l.amount) {
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_LINE_AMOUNT_MISMATCH, OUTLAY_A_MONEY(listed),
                    OUTLAY_A_MONEY(l.amount));
        return field_err(err, "amount");
    }
    if ((rc = outlay_store_line_insert(st, a->id, &l, err)) ||
        (is_void && (rc = outlay_store_void(st, OUTLAY_AMOUNTS_BUDGET, a->id, l.id,
                                            IMPORTED_VOID_REASON, err))))
        return rc;
    if (no)
        *no = l.id;
    if (!do_audit || (rc = outlay_ledger_limit(st, a, OUTLAY_AMOUNTS_BUDGET, err)))
        return rc;
    char price[OUTLAY_MONEY_BUFSZ], amount[OUTLAY_MONEY_BUFSZ];
    return ledger_audit(st, "budget add", a->slug, err, "line %lld: %s '%s' %s x %lld = %s",
                        (long long)l.id, l.category, l.item,
                        outlay_money_format(l.unit_price, 0, price), (long long)l.qty,
                        outlay_money_format(l.amount, 0, amount));
}

enum outlay_status outlay_ledger_line_add(outlay_store *st, const struct outlay_activity *a,
                                          const struct outlay_line_in *in, int do_audit,
                                          int64_t *no, outlay_err *err)
{
    struct outlay_line_in copy = *in;
    struct texts own = {0};
    enum outlay_status rc = line_add(st, a, &copy, &own, do_audit, no, err);
    texts_release(&own);
    return rc;
}

static enum outlay_status line_set(outlay_store *st, const struct outlay_activity *a,
                                   const char *no_text, struct outlay_line_in *in,
                                   struct texts *own, outlay_err *err)
{
    int64_t no = 0;
    struct outlay_budget_line old;
    enum outlay_status rc = ledger_record_no(OUTLAY_AMOUNTS_BUDGET, a, no_text, &no, err);
    if (rc != OUTLAY_OK)
        return rc;
    if ((rc = outlay_store_line_get(st, a->id, no, &old, err)) != OUTLAY_OK)
        return ledger_record_missing(OUTLAY_AMOUNTS_BUDGET, a, no, rc, err);
    if (old.is_void)
        return ledger_record_void(OUTLAY_AMOUNTS_BUDGET, no, old.void_reason, 1, err);
    char **const strings[] = {&old.category, &old.item, &old.unit, &old.note};
    if ((rc = own_copies(own, strings, sizeof strings / sizeof strings[0], err)))
        return rc;
    struct outlay_budget_line l = old;
    if ((rc = line_apply(a, in, own, 0, &l, err)))
        return rc;
    struct change c = {0};
    change_add(&c, "line %lld: ", (long long)no);
    change_text(&c, "category", old.category, l.category);
    change_text(&c, "item", old.item, l.item);
    change_money(&c, "unit_price", old.unit_price, l.unit_price);
    change_int(&c, "qty", old.qty, l.qty);
    change_text(&c, "per_head", old.per_head ? "yes" : "no", l.per_head ? "yes" : "no");
    change_text(&c, "unit", old.unit, l.unit);
    change_text(&c, "note", old.note, l.note);
    change_text(&c, "funded_by", outlay_funder_name(old.funded_by),
                outlay_funder_name(l.funded_by));
    change_text(&c, "kind", outlay_kind_name(old.kind), outlay_kind_name(l.kind));
    change_money(&c, "amount", old.amount, l.amount);
    if (c.fields && !c.nomem &&
        ((rc = outlay_store_line_update(st, a->id, &l, err)) ||
         (rc = outlay_ledger_limit(st, a, OUTLAY_AMOUNTS_BUDGET, err)))) {
        free(c.s);
        return rc;
    }
    return change_audit(st, &c, "budget set", a->slug, OUTLAY_P_LINE_UNCHANGED, no, err);
}

enum outlay_status outlay_ledger_line_set(outlay_store *st, const struct outlay_activity *a,
                                          const char *no, const struct outlay_line_in *in,
                                          outlay_err *err)
{
    struct outlay_line_in copy = *in;
    struct texts own = {0};
    copy.amount = copy.status = NULL; /* a listing's, not a change's */
    enum outlay_status rc = line_set(st, a, no, &copy, &own, err);
    texts_release(&own);
    return rc;
}

/* Whether v holds a tag separator (outlay_text_tag_separator). */
static int has_separator(const char *v)
{
    for (; *v; v++)
        if (outlay_text_tag_separator(v))
            return 1;
    return 0;
}

/* A tag: text without a separator (; ； , ， 、), trimmed, not empty; in NFC. */
static enum outlay_status check_tag(struct texts *own, const char **tag, const char *column,
                                    outlay_err *err)
{
    enum outlay_status rc = check_text(own, tag, column, 0, err);
    const char *v = *tag;
    if (rc == OUTLAY_OK && given(v) &&
        (has_separator(v) || strchr(" \t", v[0]) || strchr(" \t", v[strlen(v) - 1]))) {
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_NOT_ONE_TAG, OUTLAY_A_INPUT(v));
        return field_err(err, column);
    }
    return rc;
}

/* The participants nearest to a name that is none of them, by name or
 * alias (outlay_ledger_nearest_participant says what near is). */
struct near_people {
    const char *want; /* its key */
    size_t limit, best;
    long count; /* participants at best */
    char name[2][OUTLAY_TEXT_MAX * 4 + 1], alias[2][OUTLAY_TEXT_MAX * 4 + 1];
};

/* How near text is to the wanted key (SIZE_MAX: beyond the limit). */
static size_t near_by(const struct near_people *np, const char *text)
{
    char *key = NULL;
    outlay_err err = {0};
    if (outlay_text_name_key(text, &key, &err) != OUTLAY_OK)
        return SIZE_MAX;
    size_t d = outlay_text_casecmp(key, np->want) == 0 ? 0 : outlay_text_distance(key, np->want);
    free(key);
    return d <= np->limit ? d : SIZE_MAX;
}

/* Weighs participant p: its name, then each of its aliases (a name is
 * preferred to an alias equally near). */
static void near_consider(outlay_store *st, struct near_people *np,
                          const struct outlay_participant *p)
{
    size_t d = near_by(np, p->name);
    const char *alias = NULL;
    char *joined = NULL;
    outlay_err err = {0};
    if (outlay_store_aliases(st, p->id, &joined, &err) == OUTLAY_OK && joined) {
        for (char *s = joined, *semi; *s; s = semi ? semi + 1 : s + strlen(s)) {
            semi = strchr(s, ';');
            if (semi)
                *semi = 0;
            size_t da = near_by(np, s);
            if (da < d) {
                d = da;
                alias = s;
            }
            if (!semi)
                break;
        }
    }
    if (d != SIZE_MAX && d <= np->best) {
        if (d < np->best) {
            np->best = d;
            np->count = 0;
        }
        if (np->count < 2) {
            snprintf(np->name[np->count], sizeof np->name[0], "%s", p->name);
            snprintf(np->alias[np->count], sizeof np->alias[0], "%s", alias ? alias : "");
        }
        np->count++;
    }
    free(joined);
}

/* Fills np for name; 0 when nothing could be weighed. */
static int near_people(outlay_store *st, const struct outlay_activity *a, const char *name,
                       struct near_people *np)
{
    outlay_participant_cursor *c = NULL;
    struct outlay_participant p;
    outlay_err err = {0};
    char *want = NULL;
    memset(np, 0, sizeof *np);
    np->best = SIZE_MAX;
    /* Names compared by their keys (SPEC §11): "Han Meimei" is one space
     * from "han mei mei", not three edits. */
    if (outlay_text_name_key(name, &want, &err) != OUTLAY_OK)
        return 0;
    size_t len = outlay_text_distance(want, ""); /* code points; SIZE_MAX when long */
    np->want = want;
    np->limit = len <= 1 ? 0 : len <= 3 ? 1 : 2;
    if (outlay_store_participants(st, a->id, &c, &err) == OUTLAY_OK)
        while (outlay_participant_cursor_next(c, &p, &err) == 1)
            near_consider(st, np, &p);
    outlay_participant_cursor_close(c);
    free(want);
    np->want = NULL;
    return 1;
}

int outlay_ledger_nearest_participant(outlay_store *st, const struct outlay_activity *a,
                                      const char *name, char *out, size_t n)
{
    struct near_people np;
    if (!near_people(st, a, name, &np) || np.count != 1)
        return 0;
    snprintf(out, n, "%s", np.name[0]);
    return 1;
}

enum outlay_status outlay_ledger_no_participant(outlay_store *st, const struct outlay_activity *a,
                                                const char *name, int hint, outlay_err *err)
{
    struct near_people np;
    if (!hint || !near_people(st, a, name, &np) || np.count == 0)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_NO_PARTICIPANT, OUTLAY_A_INPUT(name),
                           OUTLAY_A_TEXT(a->slug));
    if (np.count == 1 && !np.alias[0][0])
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_NO_PARTICIPANT_NEAR, OUTLAY_A_INPUT(name),
                           OUTLAY_A_TEXT(a->slug), OUTLAY_A_TEXT(np.name[0]));
    if (np.count == 1)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_NO_PARTICIPANT_NEAR_ALIAS,
                           OUTLAY_A_INPUT(name), OUTLAY_A_TEXT(a->slug), OUTLAY_A_TEXT(np.alias[0]),
                           OUTLAY_A_TEXT(np.name[0]));
    if (np.count == 2)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_NO_PARTICIPANT_NEAR_TWO,
                           OUTLAY_A_INPUT(name), OUTLAY_A_TEXT(a->slug),
                           OUTLAY_A_TEXT(np.alias[0][0] ? np.alias[0] : np.name[0]),
                           OUTLAY_A_TEXT(np.alias[1][0] ? np.alias[1] : np.name[1]));
    return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_NO_PARTICIPANT_NEAR_MANY, OUTLAY_A_INPUT(name),
                       OUTLAY_A_TEXT(a->slug), OUTLAY_A_INT(np.count));
}

/* Finds a participant of the activity by name (its key: letter case and
 * runs of spaces aside), for paid_by and payments. hint: look for the
 * nearest name when there is none, a pass over the participants that a
 * command on one record can afford and an import cannot (it asks
 * outlay_ledger_nearest_participant for the errors it shows). */
static enum outlay_status find_participant(outlay_store *st, const struct outlay_activity *a,
                                           const char *name, const char *column, int hint,
                                           struct outlay_participant *p, outlay_err *err)
{
    enum outlay_status rc = outlay_store_participant_get(st, a->id, name, p, err);
    /* SPEC §15: else the participant with that alias. */
    if (rc == OUTLAY_ENOTFOUND) {
        outlay_err_clear(err);
        rc = outlay_store_alias_get(st, a->id, name, p, err);
    }
    if (rc != OUTLAY_ENOTFOUND)
        return rc;
    outlay_ledger_no_participant(st, a, name, hint, err);
    return field_err(err, column);
}

/* Applies the fields of `in` to *e as line_apply does to a line: adding,
 * category and amount are required; else a field not given is kept, a
 * category or amount given empty is refused and the others given empty are
 * cleared. paid_by names a participant, found by its key (another case,
 * other spaces) and kept as registered: *paid_by_id gets their id (0 when
 * cleared; left alone when not given). hint as for find_participant. */
static enum outlay_status expense_apply(outlay_store *st, const struct outlay_activity *a,
                                        struct outlay_expense_in *in, struct texts *own, int adding,
                                        int hint, struct outlay_expense *e, int64_t *paid_by_id,
                                        outlay_err *err)
{
    struct outlay_participant p = {0};
    enum outlay_status rc;
    if ((rc = check_text(own, &in->category, "category", adding || in->category, err)) ||
        (rc = check_money(in->amount, "amount", adding || in->amount, 1, &e->amount, err)) ||
        (rc = check_date(own, &in->date, "date", err)) ||
        (rc = check_text(own, &in->item, "item", 0, err)) ||
        (rc = check_text(own, &in->payee, "payee", 0, err)) ||
        (rc = check_name(own, &in->paid_by, "paid_by", 0, err)) ||
        (rc = check_text(own, &in->receipt, "receipt", 0, err)) ||
        (rc = check_tag(own, &in->for_tag, "for", err)) ||
        (rc = check_funder(in->funded_by, &e->funded_by, err)) ||
        (rc = check_kind(in->kind, &e->kind, err)))
        return rc;
    /* paid_by as registered (found by its key: another case, other spaces) */
    if (given(in->paid_by) &&
        ((rc = find_participant(st, a, in->paid_by, "paid_by", hint, &p, err)) ||
         (rc = keep(own, &in->paid_by, strdup(p.name), err))))
        return rc;
    const char *const *from[] = {&in->category, &in->item,    &in->date,   &in->payee,
                                 &in->paid_by,  &in->receipt, &in->for_tag};
    char **to[] = {&e->category, &e->item,    &e->date,   &e->payee,
                   &e->paid_by,  &e->receipt, &e->for_tag};
    for (size_t i = 0; i < sizeof to / sizeof to[0]; i++)
        if (*from[i])
            *to[i] = (char *)*from[i];
    if (in->paid_by)
        *paid_by_id = given(in->paid_by) ? p.id : 0;
    return OUTLAY_OK;
}

/* The warnings of an expense as it now stands (SPEC §11, to cb; NULL: none
 * and none of their queries): far from the activity's dates or outside its
 * budget (outlay_ledger_expense_problems), then OUTLAY_P_EXPENSE_TAG_UNHELD
 * when tag (as given to this command, stored in NFC like the participants'
 * tags) is given and no active participant carries it yet. */
static enum outlay_status expense_warnings(outlay_store *st, const struct outlay_activity *a,
                                           const struct outlay_expense *e, const char *tag,
                                           outlay_problem_cb cb, void *ctx, outlay_err *err)
{
    if (!cb)
        return OUTLAY_OK;
    if (outlay_ledger_expense_problems(st, a, e->date, e->category, cb, ctx, err) < 0)
        return err->status;
    if (!given(tag))
        return OUTLAY_OK;
    int carried = outlay_store_tag_carried(st, a->id, tag, err);
    if (carried < 0)
        return err->status ? err->status : OUTLAY_EIO;
    if (!carried) {
        outlay_err w = {0};
        outlay_fail(&w, OUTLAY_ECHECK, OUTLAY_P_EXPENSE_TAG_UNHELD, OUTLAY_A_TEXT(tag),
                    OUTLAY_A_TEXT(a->slug));
        warn(cb, ctx, &w);
    }
    return OUTLAY_OK;
}

static enum outlay_status expense_add(outlay_store *st, const struct outlay_activity *a,
                                      struct outlay_expense_in *in, struct texts *own, int do_audit,
                                      int64_t *id, outlay_problem_cb cb, void *ctx, outlay_err *err)
{
    struct outlay_expense e = {.funded_by = a->funded_by};
    int64_t paid_by_id = 0;
    int is_void = 0;
    enum outlay_status rc;
    if ((rc = expense_apply(st, a, in, own, 1, do_audit, &e, &paid_by_id, err)) ||
        (rc = check_status(in->status, &is_void, err)))
        return rc;
    e.flags = ledger_expense_flags(a, &e);
    if ((rc = outlay_store_expense_insert(st, a->id, &e, paid_by_id, err)))
        return rc;
    if (is_void && (rc = outlay_store_expense_void(st, a->id, e.id, IMPORTED_VOID_REASON, err)))
        return rc;
    if (id)
        *id = e.id;
    if (do_audit) {
        char amount[OUTLAY_MONEY_BUFSZ];
        if ((!is_void && (rc = outlay_ledger_limit(st, a, OUTLAY_AMOUNTS_EXPENSES, err))) ||
            (rc = ledger_audit(
                 st, "expense add", a->slug, err, "expense %lld: %s %s '%s'%s%s", (long long)e.id,
                 outlay_money_format(e.amount, 0, amount), e.category, e.item ? e.item : "",
                 given(in->paid_by) ? " paid by " : "", given(in->paid_by) ? in->paid_by : "")))
            return rc;
    }
    return expense_warnings(st, a, &e, in->for_tag, cb, ctx, err);
}

enum outlay_status outlay_ledger_expense_add(outlay_store *st, const struct outlay_activity *a,
                                             const struct outlay_expense_in *in, int do_audit,
                                             int64_t *id, outlay_problem_cb cb, void *ctx,
                                             outlay_err *err)
{
    struct outlay_expense_in copy = *in;
    struct texts own = {0};
    enum outlay_status rc = expense_add(st, a, &copy, &own, do_audit, id, cb, ctx, err);
    texts_release(&own);
    return rc;
}

static enum outlay_status expense_set(outlay_store *st, const struct outlay_activity *a,
                                      const char *no_text, struct outlay_expense_in *in,
                                      struct texts *own, outlay_problem_cb cb, void *ctx,
                                      outlay_err *err)
{
    int64_t no = 0, paid_by_id = 0;
    struct outlay_expense old;
    struct outlay_participant p;
    enum outlay_status rc = ledger_record_no(OUTLAY_AMOUNTS_EXPENSES, a, no_text, &no, err);
    if (rc != OUTLAY_OK)
        return rc;
    if ((rc = outlay_store_expense_get(st, a->id, no, &old, err)) != OUTLAY_OK)
        return ledger_record_missing(OUTLAY_AMOUNTS_EXPENSES, a, no, rc, err);
    if (old.is_void)
        return ledger_record_void(OUTLAY_AMOUNTS_EXPENSES, no, old.void_reason, 1, err);
    char **const strings[] = {&old.date,    &old.category, &old.item,   &old.payee,
                              &old.paid_by, &old.receipt,  &old.for_tag};
    if ((rc = own_copies(own, strings, sizeof strings / sizeof strings[0], err)))
        return rc;
    old.void_reason = NULL;
    if (old.paid_by) {
        if ((rc = find_participant(st, a, old.paid_by, "paid_by", 0, &p, err)))
            return rc;
        paid_by_id = p.id;
    }
    struct outlay_expense e = old;
    if ((rc = expense_apply(st, a, in, own, 0, 1, &e, &paid_by_id, err)))
        return rc;
    struct change c = {0};
    change_add(&c, "expense %lld: ", (long long)no);
    change_text(&c, "date", old.date, e.date);
    change_text(&c, "category", old.category, e.category);
    change_text(&c, "item", old.item, e.item);
    change_money(&c, "amount", old.amount, e.amount);
    change_text(&c, "payee", old.payee, e.payee);
    change_text(&c, "paid_by", old.paid_by, e.paid_by);
    change_text(&c, "receipt", old.receipt, e.receipt);
    change_text(&c, "for", old.for_tag, e.for_tag);
    change_text(&c, "funded_by", outlay_funder_name(old.funded_by),
                outlay_funder_name(e.funded_by));
    change_text(&c, "kind", outlay_kind_name(old.kind), outlay_kind_name(e.kind));
    e.flags = ledger_expense_flags(a, &e);
    if (c.fields && !c.nomem &&
        ((rc = outlay_store_expense_update(st, a->id, &e, paid_by_id, err)) ||
         (rc = outlay_ledger_limit(st, a, OUTLAY_AMOUNTS_EXPENSES, err)))) {
        free(c.s);
        return rc;
    }
    rc = change_audit(st, &c, "expense set", a->slug, OUTLAY_P_EXPENSE_UNCHANGED, no, err);
    /* SPEC §11: the warnings of expense add, for the expense as it now is. */
    return rc ? rc : expense_warnings(st, a, &e, in->for_tag, cb, ctx, err);
}

enum outlay_status outlay_ledger_expense_set(outlay_store *st, const struct outlay_activity *a,
                                             const char *no, const struct outlay_expense_in *in,
                                             outlay_problem_cb cb, void *ctx, outlay_err *err)
{
    struct outlay_expense_in copy = *in;
    struct texts own = {0};
    copy.status = NULL; /* a listing's, not a change's */
    enum outlay_status rc = expense_set(st, a, no, &copy, &own, cb, ctx, err);
    texts_release(&own);
    return rc;
}

/* Normalises a tag list "a; b;;c" to "a;b;c" into buf: tags may be
 * separated by ; ； , ， or 、 as people type them (SPEC §11), and are
 * kept separated by ';'. */
static enum outlay_status normalise_tags(const char *in, char *buf, size_t n, outlay_err *err)
{
    size_t len = 0;
    buf[0] = 0;
    for (const char *p = in; p && *p;) {
        while (*p == ' ' || *p == '\t')
            p++;
        size_t k = 0, sep = 0;
        while (p[k] && !(sep = outlay_text_tag_separator(p + k)))
            k++;
        size_t t = k;
        while (t > 0 && (p[t - 1] == ' ' || p[t - 1] == '\t'))
            t--;
        if (t > 0) {
            if (len + t + 2 > n)
                return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_TOO_MANY_TAGS);
            if (len)
                buf[len++] = ';';
            memcpy(buf + len, p, t);
            len += t;
            buf[len] = 0;
        }
        p += k + sep;
    }
    return OUTLAY_OK;
}

/* Validates name/dept/tags/weight shared by participant add and set; the
 * texts of `in` (the operation's copy) are put in NFC in place. */
static enum outlay_status check_participant_in(struct outlay_participant_in *in, struct texts *own,
                                               char *tags, size_t ntags, int64_t *weight,
                                               outlay_err *err)
{
    enum outlay_status rc;
    if ((rc = check_name(own, &in->name, "name", 1, err)) ||
        (rc = check_text(own, &in->dept, "dept", 0, err)) ||
        (rc = check_text(own, &in->tags, "tags", 0, err)))
        return rc;
    if ((rc = normalise_tags(in->tags, tags, ntags, err)))
        return field_err(err, "tags");
    if (in->weight && !given(in->weight)) {
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_WEIGHT_EMPTY);
        return field_err(err, "weight");
    }
    return check_count(in->weight, "weight", weight, err);
}

static enum outlay_status participant_add(outlay_store *st, const struct outlay_activity *a,
                                          struct outlay_participant_in *in, struct texts *own,
                                          int do_audit, outlay_err *err)
{
    char tags[OUTLAY_TEXT_MAX * 4 + 1];
    struct outlay_participant p = {.tags = tags, .weight = 1};
    enum outlay_status rc = check_participant_in(in, own, tags, sizeof tags, &p.weight, err);
    if (rc != OUTLAY_OK)
        return rc;
    p.name = (char *)in->name;
    p.dept = (char *)in->dept;
    if (given(in->status) && !(p.withdrawn = one_of(in->status, status_withdrawn)) &&
        !one_of(in->status, status_active)) {
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_NOT_PARTICIPANT_STATUS,
                    OUTLAY_A_INPUT(in->status));
        return field_err(err, "status");
    }
    struct outlay_participant old;
    rc = outlay_store_participant_get(st, a->id, in->name, &old, err);
    if (rc == OUTLAY_OK && strcmp(old.name, in->name) != 0) {
        /* SPEC §11: another case or other spaces is the same person */
        outlay_fail(err, OUTLAY_EEXIST, OUTLAY_P_PARTICIPANT_EXISTS_AS, OUTLAY_A_INPUT(in->name),
                    OUTLAY_A_TEXT(a->slug), OUTLAY_A_TEXT(old.name));
        return field_err(err, "name");
    }
    if (rc == OUTLAY_OK) {
        outlay_fail(err, OUTLAY_EEXIST, OUTLAY_P_PARTICIPANT_EXISTS, OUTLAY_A_INPUT(in->name),
                    OUTLAY_A_TEXT(a->slug));
        return field_err(err, "name");
    }
    if (rc != OUTLAY_ENOTFOUND)
        return rc;
    outlay_err_clear(err);
    if ((rc = outlay_store_participant_insert(st, a->id, &p, err)) || !do_audit)
        return rc;
    return ledger_audit(st, "participant add", a->slug, err,
                        "participant '%s' added (weight %lld%s%s)", p.name, (long long)p.weight,
                        *tags ? ", tags " : "", tags);
}

enum outlay_status outlay_ledger_participant_add(outlay_store *st, const struct outlay_activity *a,
                                                 const struct outlay_participant_in *in,
                                                 int do_audit, outlay_err *err)
{
    struct outlay_participant_in copy = *in;
    struct texts own = {0};
    enum outlay_status rc = participant_add(st, a, &copy, &own, do_audit, err);
    texts_release(&own);
    return rc;
}

static enum outlay_status participant_set(outlay_store *st, const struct outlay_activity *a,
                                          struct outlay_participant_in *in, struct texts *own,
                                          int withdraw, outlay_err *err)
{
    char tags[OUTLAY_TEXT_MAX * 4 + 1];
    int64_t weight = 0;
    struct outlay_participant p;
    enum outlay_status rc = check_participant_in(in, own, tags, sizeof tags, &weight, err);
    if (rc != OUTLAY_OK)
        return rc;
    rc = outlay_store_participant_get(st, a->id, in->name, &p, err);
    if (rc == OUTLAY_ENOTFOUND)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_NO_PARTICIPANT_TO_SET,
                           OUTLAY_A_INPUT(in->name), OUTLAY_A_TEXT(a->slug));
    if (rc != OUTLAY_OK)
        return rc;
    const char *what = "participant set";
    if (withdraw >= 0) {
        if (p.withdrawn == withdraw)
            return outlay_fail(err, OUTLAY_EINVAL,
                               withdraw ? OUTLAY_P_WITHDRAWN_ALREADY : OUTLAY_P_NOT_WITHDRAWN,
                               OUTLAY_A_TEXT(p.name));
        p.withdrawn = withdraw;
        what = withdraw ? "participant withdraw" : "participant rejoin";
    }
    if (in->dept)
        p.dept = (char *)in->dept;
    if (in->tags)
        p.tags = tags;
    if (given(in->weight))
        p.weight = weight;
    if ((rc = outlay_store_participant_update(st, &p, err)))
        return rc;
    return ledger_audit(st, what, a->slug, err, "participant '%s': dept=%s tags=%s weight=%lld%s",
                        p.name, p.dept ? p.dept : "", p.tags ? p.tags : "", (long long)p.weight,
                        p.withdrawn ? " withdrawn" : "");
}

enum outlay_status outlay_ledger_participant_set(outlay_store *st, const struct outlay_activity *a,
                                                 const struct outlay_participant_in *in,
                                                 int withdraw, outlay_err *err)
{
    struct outlay_participant_in copy = *in;
    struct texts own = {0};
    enum outlay_status rc = participant_set(st, a, &copy, &own, withdraw, err);
    texts_release(&own);
    return rc;
}

/* The participant a rename or an alias changes: both names checked as
 * participant add takes a name (trimmed, inner runs of spaces made one,
 * SPEC §11; the second, `what`, in its column), the person found by the
 * key of the first; its id and a kept copy of its name. */
static enum outlay_status participant_to_change(outlay_store *st, const struct outlay_activity *a,
                                                const char **name, const char **second,
                                                const char *what, struct texts *own, int64_t *id,
                                                const char **kept, outlay_err *err)
{
    struct outlay_participant p;
    enum outlay_status rc;
    if ((rc = check_name(own, name, "name", 1, err)) ||
        (rc = check_name(own, second, what, 1, err)))
        return rc;
    rc = outlay_store_participant_get(st, a->id, *name, &p, err);
    if (rc == OUTLAY_ENOTFOUND)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_NO_PARTICIPANT_TO_SET,
                           OUTLAY_A_INPUT(*name), OUTLAY_A_TEXT(a->slug));
    if (rc == OUTLAY_OK) {
        *id = p.id;
        rc = keep(own, kept, strdup(p.name), err);
    }
    return rc;
}

static enum outlay_status participant_rename(outlay_store *st, const struct outlay_activity *a,
                                             const char *name, const char *new_name,
                                             struct texts *own, outlay_err *err)
{
    struct outlay_participant other;
    const char *old = NULL;
    int64_t id = 0;
    enum outlay_status rc =
        participant_to_change(st, a, &name, &new_name, "name", own, &id, &old, err);
    if (rc != OUTLAY_OK)
        return rc;
    if (!strcmp(old, new_name)) {
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_NAME_UNCHANGED, OUTLAY_A_INPUT(new_name));
        return field_err(err, "name");
    }
    /* Names are unique within an activity up to their key (letter case and
     * runs of spaces aside); a name the same person already answers to may
     * still change its spelling ("li wei" to "Li Wei"). */
    rc = outlay_store_participant_get(st, a->id, new_name, &other, err);
    if (rc == OUTLAY_OK && other.id != id) {
        if (strcmp(other.name, new_name) != 0)
            outlay_fail(err, OUTLAY_EEXIST, OUTLAY_P_PARTICIPANT_EXISTS_AS,
                        OUTLAY_A_INPUT(new_name), OUTLAY_A_TEXT(a->slug),
                        OUTLAY_A_TEXT(other.name));
        else
            outlay_fail(err, OUTLAY_EEXIST, OUTLAY_P_PARTICIPANT_EXISTS, OUTLAY_A_INPUT(new_name),
                        OUTLAY_A_TEXT(a->slug));
        return field_err(err, "name");
    }
    if (rc != OUTLAY_OK && rc != OUTLAY_ENOTFOUND)
        return rc;
    outlay_err_clear(err);
    if ((rc = outlay_store_participant_rename(st, id, new_name, err)))
        return rc;
    return ledger_audit(st, "participant rename", a->slug, err, "participant '%s' renamed '%s'",
                        old, new_name);
}

enum outlay_status outlay_ledger_participant_rename(outlay_store *st,
                                                    const struct outlay_activity *a,
                                                    const char *name, const char *new_name,
                                                    outlay_err *err)
{
    struct texts own = {0};
    enum outlay_status rc = participant_rename(st, a, name, new_name, &own, err);
    texts_release(&own);
    return rc;
}

static enum outlay_status participant_alias(outlay_store *st, const struct outlay_activity *a,
                                            const char *name, const char *alias, int remove,
                                            struct texts *own, outlay_err *err)
{
    struct outlay_participant other;
    const char *who = NULL;
    int64_t id = 0;
    enum outlay_status rc =
        participant_to_change(st, a, &name, &alias, "alias", own, &id, &who, err);
    if (rc != OUTLAY_OK)
        return rc;
    if (remove) {
        int removed = 0;
        if ((rc = outlay_store_alias_remove(st, a->id, id, alias, &removed, err)))
            return rc;
        if (!removed)
            return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_ALIAS_NONE, OUTLAY_A_INPUT(alias),
                               OUTLAY_A_TEXT(who));
        return ledger_audit(st, "participant alias", a->slug, err, "alias '%s' of '%s' removed",
                            alias, who);
    }
    /* Unique within the activity: no participant's name (a name is found
     * before an alias, so that alias would never be used) and no other
     * alias, each by its key. */
    rc = outlay_store_participant_get(st, a->id, alias, &other, err);
    if (rc == OUTLAY_OK) {
        outlay_fail(err, OUTLAY_EEXIST, OUTLAY_P_ALIAS_IS_NAME, OUTLAY_A_INPUT(alias),
                    OUTLAY_A_TEXT(other.name));
        return field_err(err, "alias");
    }
    if (rc != OUTLAY_ENOTFOUND)
        return rc;
    outlay_err_clear(err);
    rc = outlay_store_alias_get(st, a->id, alias, &other, err);
    if (rc == OUTLAY_OK) {
        outlay_fail(err, OUTLAY_EEXIST, OUTLAY_P_ALIAS_TAKEN, OUTLAY_A_INPUT(alias),
                    OUTLAY_A_TEXT(other.name));
        return field_err(err, "alias");
    }
    if (rc != OUTLAY_ENOTFOUND)
        return rc;
    outlay_err_clear(err);
    if ((rc = outlay_store_alias_add(st, a->id, id, alias, err)))
        return rc;
    return ledger_audit(st, "participant alias", a->slug, err, "alias '%s' added to '%s'", alias,
                        who);
}

enum outlay_status outlay_ledger_participant_aliases(outlay_store *st, int64_t participant_id,
                                                     char **joined, outlay_err *err)
{
    return outlay_store_aliases(st, participant_id, joined, err);
}

enum outlay_status outlay_ledger_participant_alias(outlay_store *st,
                                                   const struct outlay_activity *a,
                                                   const char *name, const char *alias, int remove,
                                                   outlay_err *err)
{
    struct texts own = {0};
    enum outlay_status rc = participant_alias(st, a, name, alias, remove, &own, err);
    texts_release(&own);
    return rc;
}

enum outlay_status outlay_ledger_participant_link(outlay_store *st, const struct outlay_activity *a,
                                                  const char *name,
                                                  char token[OUTLAY_TOKEN_HEX + 1], outlay_err *err)
{
    struct outlay_participant p;
    enum outlay_status rc = find_participant(st, a, name, "name", 1, &p, err);
    if (rc != OUTLAY_OK)
        return rc;
    int64_t id = p.id;
    char who[OUTLAY_TEXT_MAX * 4 + 1]; /* as registered: p's strings last until the next call */
    snprintf(who, sizeof who, "%s", p.name);
    int found = outlay_store_link_get(st, id, token, OUTLAY_TOKEN_HEX + 1, err);
    if (found < 0)
        return err->status;
    if (found)
        return OUTLAY_OK; /* kept: a link already sent stays good */
    /* the audit row names the person, never the token (it is a key) */
    if ((rc = outlay_serve_token_new(token, err)) != OUTLAY_OK ||
        (rc = outlay_store_link_add(st, id, token, err)) != OUTLAY_OK)
        return rc;
    return outlay_store_audit(st, "participant link", a->slug, who, err);
}

/* The refund participant `id` would be paid now (SPEC §6.7: the balance
 * when positive, else 0), from a settlement of the activity. OUTLAY_EINVAL
 * (worded) when it cannot be settled yet. */
static enum outlay_status refund_now(outlay_store *st, const struct outlay_activity *a, int64_t id,
                                     int64_t *refund, outlay_err *err)
{
    struct outlay_settlement s;
    enum outlay_status rc = outlay_ledger_settle(st, a, &s, err);
    *refund = 0;
    for (size_t i = 0; rc == OUTLAY_OK && i < s.npeople; i++)
        if (s.people[i].id == id && s.result.rows[i].action == OUTLAY_SETTLE_REFUND)
            *refund = s.result.rows[i].amount;
    outlay_settlement_release(&s);
    return rc;
}

/* What payout_guard found: the refund due, whether it could be computed,
 * and whether the payout goes past it (or unchecked) by force. */
struct payout_check {
    int64_t refund;
    int checked, forced;
};

/* SPEC §11: a payout pays back at most the refund due now, unless forced;
 * an activity that cannot be settled yet refuses it with the reason, or,
 * forced, records it unchecked. */
static enum outlay_status payout_guard(outlay_store *st, const struct outlay_activity *a,
                                       int64_t id, const char *name, int64_t amount, int force,
                                       struct payout_check *pc, outlay_err *err)
{
    enum outlay_status rc = refund_now(st, a, id, &pc->refund, err);
    if (rc == OUTLAY_EINVAL && force)
        outlay_err_clear(err);
    else if (rc != OUTLAY_OK)
        return rc;
    pc->checked = rc == OUTLAY_OK;
    pc->forced = !pc->checked || amount > pc->refund;
    if (!pc->forced || force)
        return OUTLAY_OK;
    if (pc->refund == 0)
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_PAYOUT_NO_REFUND, OUTLAY_A_TEXT(name),
                    OUTLAY_A_MONEY(amount));
    else
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_PAYOUT_OVER_REFUND, OUTLAY_A_TEXT(name),
                    OUTLAY_A_MONEY(amount), OUTLAY_A_MONEY(pc->refund));
    return field_err(err, "amount");
}

/* The audit row's note on a forced payout ("" for any other), in buf. */
static const char *forced_note(const struct payout_check *pc, int64_t amount, char *buf, size_t n)
{
    char over[OUTLAY_MONEY_BUFSZ], due[OUTLAY_MONEY_BUFSZ];
    buf[0] = '\0';
    if (pc->forced && pc->checked)
        snprintf(buf, n, " (forced: %s more than the refund of %s)",
                 outlay_money_format(amount - pc->refund, 0, over),
                 outlay_money_format(pc->refund, 0, due));
    else if (pc->forced)
        snprintf(buf, n, " (forced: not checked, the activity cannot be settled)");
    return buf;
}

/* The warning of a forced payout: the refund and the excess, or that
 * there was no refund to compare with. */
static void forced_warning(const struct payout_check *pc, const char *name, int64_t amount,
                           outlay_problem_cb cb, void *ctx)
{
    outlay_err w = {0};
    if (pc->checked)
        outlay_fail(&w, OUTLAY_ECHECK, OUTLAY_P_PAYOUT_FORCED, OUTLAY_A_TEXT(name),
                    OUTLAY_A_MONEY(pc->refund), OUTLAY_A_MONEY(amount - pc->refund));
    else
        outlay_fail(&w, OUTLAY_ECHECK, OUTLAY_P_PAYOUT_UNCHECKED, OUTLAY_A_TEXT(name));
    warn(cb, ctx, &w);
}

static enum outlay_status payment_add(outlay_store *st, const struct outlay_activity *a,
                                      enum outlay_payment_kind kind, struct outlay_payment_in *in,
                                      struct texts *own, int do_audit, int64_t *no,
                                      outlay_problem_cb cb, void *ctx, outlay_err *err)
{
    struct outlay_payment pay = {0};
    struct outlay_participant p;
    const char *name = NULL;
    enum outlay_amounts amounts =
        kind == OUTLAY_DEPOSIT ? OUTLAY_AMOUNTS_DEPOSITS : OUTLAY_AMOUNTS_PAYOUTS;
    int is_void = 0;
    enum outlay_status rc;
    if ((rc = check_name(own, &in->name, "name", 1, err)) ||
        (rc = check_money(in->amount, "amount", 1, 0, &pay.amount, err)) ||
        (rc = check_date(own, &in->date, "date", err)) ||
        (rc = check_text(own, &in->method, "method", 0, err)) ||
        (rc = check_text(own, &in->reference, "reference", 0, err)) ||
        (rc = check_status(in->status, &is_void, err)))
        return rc;
    pay.reference = (char *)in->reference;
    pay.name = (char *)in->name;
    pay.date = (char *)in->date;
    pay.method = (char *)in->method;
    if (pay.amount == 0) {
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_PAYMENT_ZERO);
        return field_err(err, "amount");
    }
    /* The name as registered (found by its key: another case, other spaces). */
    if ((rc = find_participant(st, a, in->name, "name", do_audit, &p, err)) ||
        (rc = keep(own, &name, strdup(p.name), err)))
        return rc;
    /* SPEC §11: a payout pays back at most the refund due now (an imported
     * void payout pays nothing, so nothing to guard). */
    struct payout_check pc = {0};
    if (kind == OUTLAY_PAYOUT && !is_void &&
        (rc = payout_guard(st, a, p.id, name, pay.amount, in->force, &pc, err)))
        return rc;
    if ((rc = outlay_store_payment_insert(st, kind, a->id, p.id, &pay, err)) ||
        (is_void &&
         (rc = outlay_store_void(st, amounts, a->id, pay.id, IMPORTED_VOID_REASON, err))))
        return rc;
    if (no)
        *no = pay.id;
    if (!do_audit || (rc = outlay_ledger_limit(st, a, amounts, err)))
        return rc;
    char amount[OUTLAY_MONEY_BUFSZ], note[128];
    if ((rc = ledger_audit(st, kind == OUTLAY_DEPOSIT ? "deposit add" : "payout add", a->slug, err,
                           "%s %lld: %s %s '%s'%s", kind == OUTLAY_DEPOSIT ? "deposit" : "payout",
                           (long long)pay.id, outlay_money_format(pay.amount, 0, amount),
                           kind == OUTLAY_DEPOSIT ? "from" : "to", name,
                           forced_note(&pc, pay.amount, note, sizeof note))))
        return rc;
    if (pc.forced)
        forced_warning(&pc, name, pay.amount, cb, ctx);
    /* SPEC §11: deposits past twice the planned one (check lists them too). */
    if (kind == OUTLAY_DEPOSIT && !is_void && cb &&
        outlay_ledger_deposit_problems(st, a, p.id, cb, ctx, err) < 0)
        return err->status;
    return OUTLAY_OK;
}

enum outlay_status outlay_ledger_payment_add(outlay_store *st, const struct outlay_activity *a,
                                             enum outlay_payment_kind kind,
                                             const struct outlay_payment_in *in, int do_audit,
                                             int64_t *no, outlay_problem_cb cb, void *ctx,
                                             outlay_err *err)
{
    struct outlay_payment_in copy = *in;
    struct texts own = {0};
    enum outlay_status rc = payment_add(st, a, kind, &copy, &own, do_audit, no, cb, ctx, err);
    texts_release(&own);
    return rc;
}

/* close or reopen a loaded activity (the caller releases it). */
static enum outlay_status close_loaded(outlay_store *st, const char *slug, int close,
                                       struct outlay_activity a, outlay_err *err)
{
    struct outlay_settlement s;
    enum outlay_status rc;
    if (!close) {
        if (!a.closed)
            return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_ACTIVITY_NOT_CLOSED,
                               OUTLAY_A_TEXT(slug));
        a.closed = 0;
        if ((rc = outlay_store_activity_update(st, &a, err)))
            return rc;
        return ledger_audit(st, "activity reopen", slug, err, "activity reopened");
    }
    if ((rc = outlay_ledger_settle(st, &a, &s, err)) == OUTLAY_OK) {
        /* The first balances that fit, one a line (OUTLAY_P_CLOSE_BALANCES):
         * NAME (its first 60 bytes, in whole characters), refund or
         * supplement, the amount in fen; the rest are counted. */
        char open[OUTLAY_ARG_TEXT_MAX] = "";
        size_t pending = 0, shown = 0, len = 0;
        for (size_t i = 0; i < s.npeople; i++) {
            const struct outlay_settle_row *row = &s.result.rows[i];
            /* SPEC §14: a kept balance counts as zero */
            if (row->action == OUTLAY_SETTLE_SETTLED || row->action == OUTLAY_SETTLE_KEPT)
                continue;
            char name[64], line[128];
            snprintf(name, sizeof name, "%.60s", s.people[i].name);
            drop_partial_char(name);
            int k = snprintf(line, sizeof line, "%s%s%s\t%s\t%lld", shown ? "\n" : "", name,
                             strlen(s.people[i].name) > strlen(name) ? "\xe2\x80\xa6" : "",
                             outlay_settle_action_name(row->action), (long long)row->amount);
            pending++;
            if (shown == pending - 1 && shown < 10 && len + (size_t)k < sizeof open) {
                memcpy(open + len, line, (size_t)k + 1);
                len += (size_t)k;
                shown++;
            }
        }
        if (pending)
            rc = outlay_fail(err, OUTLAY_ECHECK, OUTLAY_P_CLOSE_BALANCES, OUTLAY_A_TEXT(slug),
                             OUTLAY_A_INT(pending), OUTLAY_A_TEXT(open));
    }
    outlay_settlement_release(&s);
    if (rc != OUTLAY_OK)
        return rc;
    a.closed = 1;
    if ((rc = outlay_store_activity_update(st, &a, err)))
        return rc;
    return ledger_audit(st, "activity close", slug, err, "activity closed; every balance is zero");
}

enum outlay_status outlay_ledger_activity_close(outlay_store *st, const char *slug, int close,
                                                outlay_err *err)
{
    struct outlay_activity a;
    /* reopen reads it (a closed activity may be reopened), but a void
     * one refuses that too */
    enum outlay_status rc = outlay_ledger_activity(st, slug, close, &a, err);
    if (rc != OUTLAY_OK)
        return rc;
    if (a.is_void)
        rc = outlay_fail(err, OUTLAY_ECLOSED, OUTLAY_P_ACTIVITY_VOID, OUTLAY_A_TEXT(slug),
                         OUTLAY_A_TEXT(a.void_reason ? a.void_reason : ""));
    else
        rc = close_loaded(st, slug, close, a, err);
    outlay_activity_release(&a);
    return rc;
}
