/*
 * ledger: validate, then write through the store, then audit (SPEC §2–§4,
 * §10). Every function here checks all of its input before the first write,
 * so a refused command leaves nothing behind even before the rollback.
 */
#include "outlay/ledger.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "outlay/date.h"
#include "outlay/money.h"
#include "outlay/text.h"

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

/* A text field: NULL/"" is fine unless required. */
static enum outlay_status check_text(const char *v, const char *column, int required,
                                     outlay_err *err)
{
    if (!given(v)) {
        if (!required)
            return OUTLAY_OK;
        outlay_err_set(err, OUTLAY_EINVAL, _("is required but empty"));
        return field_err(err, column);
    }
    if (outlay_text_check(v, column, OUTLAY_TEXT_MAX, err) != OUTLAY_OK) {
        /* The column is named where the error is printed: drop "item: ". */
        size_t k = strlen(column);
        if (err && !strncmp(err->msg, column, k) && !strncmp(err->msg + k, ": ", 2))
            memmove(err->msg, err->msg + k + 2, strlen(err->msg + k + 2) + 1);
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
        outlay_err_set(err, OUTLAY_EINVAL, _("is required but empty"));
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

static enum outlay_status check_date(const char *v, const char *column, outlay_err *err)
{
    if (given(v) && outlay_date_check(v, err) != OUTLAY_OK)
        return field_err(err, column);
    return OUTLAY_OK;
}

/* funded_by: "" or NULL keeps *out (the activity's default). */
static enum outlay_status check_funder(const char *v, enum outlay_funder *out,
                                       outlay_err *err)
{
    if (!given(v))
        return OUTLAY_OK;
    int f = outlay_funder_parse(v);
    if (f < 0) {
        outlay_err_set(err, OUTLAY_EINVAL,
                       _("'%.40s' is not a funder; write participants or union"), v);
        return field_err(err, "funded_by");
    }
    *out = (enum outlay_funder)f;
    return OUTLAY_OK;
}

/* yes/true/1 or no/false/0/empty. */
static enum outlay_status check_flag(const char *v, const char *column, int *out,
                                     outlay_err *err)
{
    if (!given(v) || !strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0")) {
        *out = 0;
        return OUTLAY_OK;
    }
    if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1")) {
        *out = 1;
        return OUTLAY_OK;
    }
    outlay_err_set(err, OUTLAY_EINVAL, _("'%.40s' is not yes or empty"), v);
    return field_err(err, column);
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
        return outlay_err_set(err, OUTLAY_EINVAL,
                              _("'%.70s' is not a valid activity name; use lowercase "
                                "letters, digits and '-', starting with a letter or digit, "
                                "at most 64 characters (like spring-hike-2026)"),
                              slug ? slug : "");
    return OUTLAY_OK;
}

static enum outlay_status audit(outlay_store *st, const char *command, const char *slug,
                                outlay_err *err, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static enum outlay_status audit(outlay_store *st, const char *command, const char *slug,
                                outlay_err *err, const char *fmt, ...)
{
    char detail[1536];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    return outlay_store_audit(st, command, slug, detail, err);
}

enum outlay_status outlay_ledger_activity(outlay_store *st, const char *slug, int for_write,
                                          struct outlay_activity *a, outlay_err *err)
{
    enum outlay_status rc = outlay_ledger_slug_check(slug, err);
    if (rc == OUTLAY_OK)
        rc = outlay_store_activity_get(st, slug, a, err);
    if (rc == OUTLAY_OK && for_write && a->closed)
        rc = outlay_err_set(err, OUTLAY_ECLOSED,
                            _("activity '%s' is closed; reopen it with 'outlay activity "
                              "reopen %s' to change it"),
                            slug, slug);
    return rc;
}

/* Applies the given fields of `in` to a (SPEC §4 activity options). */
static enum outlay_status apply_activity_in(struct outlay_activity *a,
                                            const struct outlay_activity_in *in,
                                            outlay_err *err)
{
    enum outlay_status rc;
    if (in->title && !given(in->title)) {
        outlay_err_set(err, OUTLAY_EINVAL, _("title must not be empty"));
        return field_err(err, "title");
    }
    if ((rc = check_text(in->title, "title", 0, err)) ||
        (rc = check_text(in->venue, "venue", 0, err)) ||
        (rc = check_text(in->organizer, "organizer", 0, err)) ||
        (rc = check_date(in->date, "date", err)) ||
        (rc = check_date(in->end_date, "end_date", err)) ||
        (rc = check_money(in->deposit, "deposit", 0, 0, &a->deposit, err)) ||
        (rc = check_count(in->headcount, "headcount", &a->headcount, err)) ||
        (rc = check_money(in->subsidy_per_head, "subsidy_per_head", 0, 0,
                          &a->subsidy_per_head, err)) ||
        (rc = check_funder(in->funded_by, &a->funded_by, err)))
        return rc;
    if (in->budget_total) {
        a->has_budget_total = given(in->budget_total);
        if ((rc = check_money(in->budget_total, "budget_total", 0, 0, &a->budget_total,
                              err)))
            return rc;
    }
    if (given(in->currency)) {
        const char *c = in->currency;
        int ok = strlen(c) == 3;
        for (int i = 0; ok && i < 3; i++)
            ok = c[i] >= 'A' && c[i] <= 'Z';
        if (!ok) {
            outlay_err_set(err, OUTLAY_EINVAL,
                           _("'%.40s' is not a currency code; write three capital letters "
                             "like CNY"),
                           c);
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
        outlay_err_set(err, OUTLAY_EINVAL, _("end date %s is before the start date %s"),
                       a->end_date, a->date);
        return field_err(err, "end_date");
    }
    return OUTLAY_OK;
}

static enum outlay_status ensure_new_slug(outlay_store *st, const char *slug, outlay_err *err)
{
    struct outlay_activity old;
    enum outlay_status rc = outlay_ledger_slug_check(slug, err);
    if (rc != OUTLAY_OK)
        return rc;
    rc = outlay_store_activity_get(st, slug, &old, err);
    if (rc == OUTLAY_OK)
        return outlay_err_set(err, OUTLAY_EEXIST,
                              _("activity '%s' already exists; see 'outlay activity show "
                                "%s', or choose another name"),
                              slug, slug);
    if (rc == OUTLAY_ENOTFOUND) {
        outlay_err_clear(err);
        return OUTLAY_OK;
    }
    return rc;
}

enum outlay_status outlay_ledger_activity_add(outlay_store *st, const char *slug,
                                              const struct outlay_activity_in *in,
                                              outlay_err *err)
{
    struct outlay_activity a = {.slug = (char *)slug, .currency = "CNY"};
    enum outlay_status rc = ensure_new_slug(st, slug, err);
    if (rc != OUTLAY_OK)
        return rc;
    if (!given(in->title)) {
        outlay_err_set(err, OUTLAY_EUSAGE,
                       _("an activity needs a title; add --title \"...\""));
        return field_err(err, "title");
    }
    if ((rc = apply_activity_in(&a, in, err)))
        return rc;
    if ((rc = outlay_store_activity_insert(st, &a, err)))
        return rc;
    return audit(st, "activity add", slug, err, "created activity '%s'", a.title);
}

/* Inserts a validated line; the amount is checked against the money limit. */
static enum outlay_status insert_line(outlay_store *st, const struct outlay_activity *a,
                                      struct outlay_budget_line *l, outlay_err *err)
{
    if (l->per_head) {
        if (a->headcount <= 0) {
            outlay_err_set(err, OUTLAY_EINVAL,
                           _("a per-head line needs the activity's planned headcount; set "
                             "it with 'outlay activity set %s --headcount N'"),
                           a->slug);
            return field_err(err, "per_head");
        }
        l->qty = a->headcount;
    }
    if (outlay_money_mul(l->unit_price, l->qty, &l->amount) != OUTLAY_OK ||
        l->amount > OUTLAY_MONEY_MAX || l->amount < -OUTLAY_MONEY_MAX) {
        outlay_err_set(err, OUTLAY_EOVERFLOW,
                       _("unit price × quantity is too large (the limit is "
                         "999,999,999,999.99)"));
        return field_err(err, "qty");
    }
    return outlay_store_line_insert(st, a->id, l, err);
}

enum outlay_status outlay_ledger_activity_new(outlay_store *st, const char *slug,
                                              const struct outlay_template *t,
                                              const char *template_name,
                                              const struct outlay_activity_in *in,
                                              outlay_err *err)
{
    struct outlay_activity a = {.slug = (char *)slug, .currency = "CNY"};
    enum outlay_status rc = ensure_new_slug(st, slug, err);
    if (rc != OUTLAY_OK)
        return rc;
    a.title = t->title ? t->title : (char *)template_name;
    a.organizer = t->organizer;
    a.venue = t->venue;
    a.deposit = t->deposit;
    a.headcount = t->headcount;
    a.has_budget_total = t->has_budget_total;
    a.budget_total = t->budget_total;
    a.subsidy_per_head = t->subsidy_per_head;
    if (t->funded_by && outlay_funder_parse(t->funded_by) == OUTLAY_FUND_UNION)
        a.funded_by = OUTLAY_FUND_UNION;
    if ((rc = apply_activity_in(&a, in, err)) || (rc = outlay_store_activity_insert(st, &a, err)))
        return rc;
    for (size_t i = 0; i < t->nlines; i++) {
        const struct outlay_template_line *tl = &t->lines[i];
        struct outlay_budget_line l = {
            .category = tl->category, .item = tl->item, .unit = tl->unit, .note = tl->note,
            .unit_price = tl->unit_price, .qty = tl->qty ? tl->qty : 1,
            .per_head = tl->per_head, .funded_by = a.funded_by};
        if (tl->funded_by)
            check_funder(tl->funded_by, &l.funded_by, NULL);
        if ((rc = insert_line(st, &a, &l, err)))
            return rc;
    }
    return audit(st, "activity new", slug, err,
                 "created activity '%s' from template %s with %zu budget lines", a.title,
                 template_name, t->nlines);
}

/* Per-head lines follow the headcount; their amounts must stay in range. */
static enum outlay_status check_headcount_lines(outlay_store *st,
                                                const struct outlay_activity *a,
                                                int64_t headcount, outlay_err *err)
{
    outlay_cursor *c = NULL;
    struct outlay_budget_line l;
    int r = 0, per_head = 0;
    enum outlay_status rc = outlay_store_lines(st, a->id, &c, err);
    while (rc == OUTLAY_OK && (r = outlay_cursor_line(c, &l, err)) == 1) {
        int64_t amount;
        if (!l.per_head)
            continue;
        per_head = 1;
        if (outlay_money_mul(l.unit_price, headcount, &amount) != OUTLAY_OK ||
            amount > OUTLAY_MONEY_MAX || amount < -OUTLAY_MONEY_MAX) {
            rc = outlay_err_set(err, OUTLAY_EOVERFLOW,
                                _("headcount %lld makes budget line %lld too large"),
                                (long long)headcount, (long long)l.id);
            field_err(err, "headcount");
        }
    }
    outlay_cursor_close(c);
    if (rc == OUTLAY_OK && r < 0)
        rc = err->status;
    if (rc == OUTLAY_OK && per_head && headcount <= 0)
        rc = outlay_err_set(err, OUTLAY_EINVAL,
                            _("the activity has per-head budget lines, so its headcount "
                              "must stay at least 1"));
    return rc;
}

enum outlay_status outlay_ledger_activity_set(outlay_store *st, const char *slug,
                                              const struct outlay_activity_in *in,
                                              outlay_err *err)
{
    struct outlay_activity a;
    enum outlay_status rc = outlay_ledger_activity(st, slug, 1, &a, err);
    if (rc != OUTLAY_OK)
        return rc;
    int64_t old_headcount = a.headcount;
    if ((rc = apply_activity_in(&a, in, err)))
        return rc;
    if (a.headcount != old_headcount) {
        if ((rc = check_headcount_lines(st, &a, a.headcount, err)) ||
            (rc = outlay_store_lines_set_headcount(st, a.id, a.headcount, err)))
            return rc;
    }
    if ((rc = outlay_store_activity_update(st, &a, err)))
        return rc;
    char changed[512] = "";
    static const char *const names[] = {"title", "date", "end-date", "venue", "organizer",
                                        "deposit", "headcount", "budget-total",
                                        "subsidy-per-head", "currency", "funded-by"};
    const char *const values[] = {in->title, in->date, in->end_date, in->venue,
                                  in->organizer, in->deposit, in->headcount,
                                  in->budget_total, in->subsidy_per_head, in->currency,
                                  in->funded_by};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!values[i])
            continue;
        size_t n = strlen(changed);
        snprintf(changed + n, sizeof changed - n, "%s%s=%.60s", n ? ", " : "", names[i],
                 values[i]);
    }
    return audit(st, "activity set", slug, err, "set %s", changed);
}

enum outlay_status outlay_ledger_line_add(outlay_store *st, const struct outlay_activity *a,
                                          const struct outlay_line_in *in, int do_audit,
                                          outlay_err *err)
{
    struct outlay_budget_line l = {.category = (char *)in->category, .item = (char *)in->item,
                                   .unit = (char *)in->unit, .note = (char *)in->note,
                                   .qty = 1, .funded_by = a->funded_by};
    enum outlay_status rc;
    if ((rc = check_text(in->category, "category", 1, err)) ||
        (rc = check_text(in->item, "item", 1, err)) ||
        (rc = check_money(in->unit_price, "unit_price", 1, 0, &l.unit_price, err)) ||
        (rc = check_count(in->qty, "qty", &l.qty, err)) ||
        (rc = check_text(in->unit, "unit", 0, err)) ||
        (rc = check_text(in->note, "note", 0, err)) ||
        (rc = check_funder(in->funded_by, &l.funded_by, err)) ||
        (rc = check_flag(in->per_head, "per_head", &l.per_head, err)))
        return rc;
    int64_t listed = 0;
    if ((rc = check_money(in->amount, "amount", 0, 0, &listed, err)))
        return rc;
    if ((rc = insert_line(st, a, &l, err)))
        return rc;
    if (given(in->amount) && listed != l.amount) {
        char x[OUTLAY_MONEY_BUFSZ], y[OUTLAY_MONEY_BUFSZ];
        outlay_err_set(err, OUTLAY_EINVAL,
                       _("%s is not unit_price x qty (%s); correct it or leave the amount "
                         "column empty"),
                       outlay_money_format(listed, 0, x), outlay_money_format(l.amount, 0, y));
        return field_err(err, "amount");
    }
    if (!do_audit)
        return rc;
    char price[OUTLAY_MONEY_BUFSZ], amount[OUTLAY_MONEY_BUFSZ];
    return audit(st, "budget add", a->slug, err, "line %lld: %s '%s' %s x %lld = %s",
                 (long long)l.id, l.category, l.item, outlay_money_format(l.unit_price, 0, price),
                 (long long)l.qty, outlay_money_format(l.amount, 0, amount));
}

/* A tag: text without ';' (the separator), trimmed, not empty. */
static enum outlay_status check_tag(const char *v, const char *column, outlay_err *err)
{
    enum outlay_status rc = check_text(v, column, 0, err);
    if (rc == OUTLAY_OK && given(v) && (strchr(v, ';') || v[0] == ' ' || v[strlen(v) - 1] == ' ')) {
        outlay_err_set(err, OUTLAY_EINVAL,
                       _("'%.40s' is not one tag; a tag has no ';' and no surrounding spaces"),
                       v);
        return field_err(err, column);
    }
    return rc;
}

/* Finds a participant of the activity by name, for paid_by and payments. */
static enum outlay_status find_participant(outlay_store *st, const struct outlay_activity *a,
                                           const char *name, const char *column,
                                           struct outlay_participant *p, outlay_err *err)
{
    enum outlay_status rc = outlay_store_participant_get(st, a->id, name, p, err);
    if (rc == OUTLAY_ENOTFOUND) {
        outlay_err_set(err, OUTLAY_EINVAL,
                       _("no participant '%.100s' in activity '%s'; add them with 'outlay "
                         "participant add %s NAME' or check the spelling"),
                       name, a->slug, a->slug);
        return field_err(err, column);
    }
    return rc;
}

enum outlay_status outlay_ledger_expense_add(outlay_store *st, const struct outlay_activity *a,
                                             const struct outlay_expense_in *in, int do_audit,
                                             int64_t *id, outlay_err *err)
{
    struct outlay_expense e = {.category = (char *)in->category, .item = (char *)in->item,
                               .date = (char *)in->date, .payee = (char *)in->payee,
                               .receipt = (char *)in->receipt, .for_tag = (char *)in->for_tag,
                               .funded_by = a->funded_by};
    struct outlay_participant p = {0};
    enum outlay_status rc;
    if ((rc = check_text(in->category, "category", 1, err)) ||
        (rc = check_money(in->amount, "amount", 1, 1, &e.amount, err)) ||
        (rc = check_date(in->date, "date", err)) ||
        (rc = check_text(in->item, "item", 0, err)) ||
        (rc = check_text(in->payee, "payee", 0, err)) ||
        (rc = check_text(in->paid_by, "paid_by", 0, err)) ||
        (rc = check_text(in->receipt, "receipt", 0, err)) ||
        (rc = check_tag(in->for_tag, "for", err)) ||
        (rc = check_funder(in->funded_by, &e.funded_by, err)))
        return rc;
    if (given(in->paid_by) && (rc = find_participant(st, a, in->paid_by, "paid_by", &p, err)))
        return rc;
    int is_void = 0;
    if (given(in->status) && !(is_void = !strcmp(in->status, "void")) && strcmp(in->status, "ok")) {
        outlay_err_set(err, OUTLAY_EINVAL, _("'%.40s' is not a status; write ok or void"),
                       in->status);
        return field_err(err, "status");
    }
    if ((rc = outlay_store_expense_insert(st, a->id, &e, p.id, err)))
        return rc;
    if (is_void && (rc = outlay_store_expense_void(st, a->id, e.id,
                                                   _("void in the imported file"), err)))
        return rc;
    if (id)
        *id = e.id;
    if (!do_audit)
        return OUTLAY_OK;
    char amount[OUTLAY_MONEY_BUFSZ];
    return audit(st, "expense add", a->slug, err, "expense %lld: %s %s '%s'%s%s", (long long)e.id,
                 outlay_money_format(e.amount, 0, amount), e.category, e.item ? e.item : "",
                 given(in->paid_by) ? " paid by " : "", given(in->paid_by) ? in->paid_by : "");
}

enum outlay_status outlay_ledger_expense_void(outlay_store *st, const struct outlay_activity *a,
                                              const char *id_text, const char *reason,
                                              outlay_err *err)
{
    int64_t id = 0;
    char *end = NULL;
    long long v = id_text ? strtoll(id_text, &end, 10) : 0;
    if (!given(id_text) || *end || v <= 0)
        return outlay_err_set(err, OUTLAY_EINVAL,
                              _("'%.40s' is not an expense id; see the ids with 'outlay "
                                "expense list %s'"),
                              id_text ? id_text : "", a->slug);
    id = v;
    enum outlay_status rc;
    if (!given(reason)) {
        outlay_err_set(err, OUTLAY_EUSAGE, _("a void needs a reason; add --reason \"...\""));
        return field_err(err, "reason");
    }
    if ((rc = check_text(reason, "reason", 1, err)))
        return rc;
    struct outlay_expense e;
    rc = outlay_store_expense_get(st, a->id, id, &e, err);
    if (rc == OUTLAY_ENOTFOUND)
        return outlay_err_set(err, OUTLAY_EINVAL,
                              _("activity '%s' has no expense %lld; see 'outlay expense list "
                                "%s'"),
                              a->slug, (long long)id, a->slug);
    if (rc != OUTLAY_OK)
        return rc;
    if (e.is_void)
        return outlay_err_set(err, OUTLAY_EINVAL,
                              _("expense %lld is already void (reason: %s); nothing to do"),
                              (long long)id, e.void_reason ? e.void_reason : "");
    if ((rc = outlay_store_expense_void(st, a->id, id, reason, err)))
        return rc;
    return audit(st, "expense void", a->slug, err, "expense %lld voided: %s", (long long)id,
                 reason);
}

/* Normalises a tag list "a; b;;c" to "a;b;c" into buf. */
static enum outlay_status normalise_tags(const char *in, char *buf, size_t n, outlay_err *err)
{
    size_t len = 0;
    buf[0] = 0;
    for (const char *p = in; p && *p;) {
        while (*p == ' ' || *p == '\t')
            p++;
        const char *e = strchr(p, ';');
        size_t k = e ? (size_t)(e - p) : strlen(p);
        size_t t = k;
        while (t > 0 && (p[t - 1] == ' ' || p[t - 1] == '\t'))
            t--;
        if (t > 0) {
            if (len + t + 2 > n)
                return outlay_err_set(err, OUTLAY_EINVAL, _("too many tags"));
            if (len)
                buf[len++] = ';';
            memcpy(buf + len, p, t);
            len += t;
            buf[len] = 0;
        }
        p += k + (e != NULL);
    }
    return OUTLAY_OK;
}

/* Validates name/dept/tags/weight shared by participant add and set. */
static enum outlay_status check_participant_in(const struct outlay_participant_in *in,
                                               char *tags, size_t ntags, int64_t *weight,
                                               outlay_err *err)
{
    enum outlay_status rc;
    if ((rc = check_text(in->name, "name", 1, err)) ||
        (rc = check_text(in->dept, "dept", 0, err)) ||
        (rc = check_text(in->tags, "tags", 0, err)))
        return rc;
    if ((rc = normalise_tags(in->tags, tags, ntags, err)))
        return field_err(err, "tags");
    if (in->weight && !given(in->weight)) {
        outlay_err_set(err, OUTLAY_EINVAL, _("weight must be a whole number from 1"));
        return field_err(err, "weight");
    }
    return check_count(in->weight, "weight", weight, err);
}

enum outlay_status outlay_ledger_participant_add(outlay_store *st,
                                                 const struct outlay_activity *a,
                                                 const struct outlay_participant_in *in,
                                                 int do_audit, outlay_err *err)
{
    char tags[OUTLAY_TEXT_MAX * 4 + 1];
    struct outlay_participant p = {.name = (char *)in->name, .dept = (char *)in->dept,
                                   .tags = tags, .weight = 1};
    enum outlay_status rc = check_participant_in(in, tags, sizeof tags, &p.weight, err);
    if (rc != OUTLAY_OK)
        return rc;
    if (given(in->status) && !(p.withdrawn = !strcmp(in->status, "withdrawn")) &&
        strcmp(in->status, "active")) {
        outlay_err_set(err, OUTLAY_EINVAL, _("'%.40s' is not a status; write active or withdrawn"),
                       in->status);
        return field_err(err, "status");
    }
    struct outlay_participant old;
    rc = outlay_store_participant_get(st, a->id, in->name, &old, err);
    if (rc == OUTLAY_OK) {
        outlay_err_set(err, OUTLAY_EEXIST,
                       _("participant '%.100s' is already in activity '%s'; names are "
                         "unique (add a department or initial to tell two people apart)"),
                       in->name, a->slug);
        return field_err(err, "name");
    }
    if (rc != OUTLAY_ENOTFOUND)
        return rc;
    outlay_err_clear(err);
    if ((rc = outlay_store_participant_insert(st, a->id, &p, err)) || !do_audit)
        return rc;
    return audit(st, "participant add", a->slug, err, "participant '%s' added (weight %lld%s%s)",
                 p.name, (long long)p.weight, *tags ? ", tags " : "", tags);
}

enum outlay_status outlay_ledger_participant_set(outlay_store *st,
                                                 const struct outlay_activity *a,
                                                 const struct outlay_participant_in *in,
                                                 int withdraw, outlay_err *err)
{
    char tags[OUTLAY_TEXT_MAX * 4 + 1];
    int64_t weight = 0;
    struct outlay_participant p;
    enum outlay_status rc = check_participant_in(in, tags, sizeof tags, &weight, err);
    if (rc != OUTLAY_OK)
        return rc;
    rc = outlay_store_participant_get(st, a->id, in->name, &p, err);
    if (rc == OUTLAY_ENOTFOUND)
        return outlay_err_set(err, OUTLAY_EINVAL,
                              _("no participant '%.100s' in activity '%s'; see 'outlay "
                                "participant list %s'"),
                              in->name, a->slug, a->slug);
    if (rc != OUTLAY_OK)
        return rc;
    const char *what = "participant set";
    if (withdraw >= 0) {
        if (p.withdrawn == withdraw)
            return outlay_err_set(err, OUTLAY_EINVAL,
                                  withdraw ? _("'%s' has already withdrawn; nothing to do")
                                           : _("'%s' has not withdrawn; nothing to do"),
                                  p.name);
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
    return audit(st, what, a->slug, err, "participant '%s': dept=%s tags=%s weight=%lld%s",
                 p.name, p.dept ? p.dept : "", p.tags ? p.tags : "", (long long)p.weight,
                 p.withdrawn ? " withdrawn" : "");
}

enum outlay_status outlay_ledger_payment_add(outlay_store *st, const struct outlay_activity *a,
                                             enum outlay_payment_kind kind,
                                             const struct outlay_payment_in *in, int do_audit,
                                             outlay_err *err)
{
    struct outlay_payment pay = {.name = (char *)in->name, .date = (char *)in->date,
                                 .method = (char *)in->method};
    struct outlay_participant p;
    enum outlay_status rc;
    if ((rc = check_text(in->name, "name", 1, err)) ||
        (rc = check_money(in->amount, "amount", 1, 0, &pay.amount, err)) ||
        (rc = check_date(in->date, "date", err)) ||
        (rc = check_text(in->method, "method", 0, err)))
        return rc;
    if (pay.amount == 0) {
        outlay_err_set(err, OUTLAY_EINVAL, _("the amount is zero; nothing to record"));
        return field_err(err, "amount");
    }
    if ((rc = find_participant(st, a, in->name, "name", &p, err)) ||
        (rc = outlay_store_payment_insert(st, kind, a->id, p.id, &pay, err)) || !do_audit)
        return rc;
    char amount[OUTLAY_MONEY_BUFSZ];
    return audit(st, kind == OUTLAY_DEPOSIT ? "deposit add" : "payout add", a->slug, err,
                 "%s %s %s '%s'", kind == OUTLAY_DEPOSIT ? "deposit" : "payout",
                 outlay_money_format(pay.amount, 0, amount), kind == OUTLAY_DEPOSIT ? "from" : "to",
                 p.name);
}

enum outlay_status outlay_ledger_budget_summary(outlay_store *st,
                                                const struct outlay_activity *a,
                                                struct outlay_budget_summary *s,
                                                outlay_err *err)
{
    outlay_cursor *c = NULL;
    struct outlay_budget_line l;
    int r = 0;
    memset(s, 0, sizeof *s);
    enum outlay_status rc = outlay_store_lines(st, a->id, &c, err);
    while (rc == OUTLAY_OK && (r = outlay_cursor_line(c, &l, err)) == 1) {
        int64_t *part = l.funded_by == OUTLAY_FUND_UNION ? &s->union_funded : &s->participants;
        if (outlay_money_add(s->total, l.amount, &s->total) ||
            outlay_money_add(*part, l.amount, part))
            rc = outlay_err_set(err, OUTLAY_EOVERFLOW, _("the budget total is out of range"));
    }
    outlay_cursor_close(c);
    if (rc == OUTLAY_OK && r < 0)
        rc = err->status;
    /* SPEC §4: the figure a treasurer sets the deposit from, rounded up. */
    if (rc == OUTLAY_OK && a->headcount > 0 && s->participants > 0)
        s->share_per_head = (s->participants + a->headcount - 1) / a->headcount;
    return rc;
}

/* Index of participant `id` in people (sorted by id), or -1. */
static long person_index(const struct outlay_participant *people, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (people[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && people[lo].id == id ? (long)lo : -1;
}

/* A tiny string interner: settlement holds a million expenses but a handful
 * of distinct tags, so each expense points at one shared copy. */
struct interner {
    char **v;
    size_t n, cap;
};

static const char *intern(struct interner *in, const char *s)
{
    if (!s || !*s)
        return NULL;
    for (size_t i = in->n; i-- > 0;)
        if (strcmp(in->v[i], s) == 0)
            return in->v[i];
    if (in->n == in->cap) {
        size_t cap = in->cap ? in->cap * 2 : 16;
        char **v = realloc(in->v, cap * sizeof *v);
        if (!v)
            return NULL;
        in->v = v;
        in->cap = cap;
    }
    char *copy = strdup(s);
    if (copy)
        in->v[in->n++] = copy;
    return copy;
}

static void interner_release(struct interner *in)
{
    for (size_t i = 0; i < in->n; i++)
        free(in->v[i]);
    free(in->v);
    memset(in, 0, sizeof *in);
}

static enum outlay_status load_people(outlay_store *st, const struct outlay_activity *a,
                                      struct outlay_settlement *s, outlay_err *err)
{
    outlay_cursor *c = NULL;
    struct outlay_participant p;
    size_t cap = 0;
    int r = 0;
    enum outlay_status rc = outlay_store_participants(st, a->id, &c, err);
    while (rc == OUTLAY_OK && (r = outlay_cursor_participant(c, &p, err)) == 1) {
        if (s->npeople == cap) {
            cap = cap ? cap * 2 : 64;
            void *np = realloc(s->people, cap * sizeof *s->people);
            void *ni = np ? realloc(s->inputs, cap * sizeof *s->inputs) : NULL;
            if (np)
                s->people = np;
            if (!ni) {
                rc = outlay_err_set(err, OUTLAY_ENOMEM, _("out of memory"));
                break;
            }
            s->inputs = ni;
        }
        struct outlay_participant *q = &s->people[s->npeople];
        *q = p;
        q->name = strdup(p.name);
        q->dept = p.dept ? strdup(p.dept) : NULL;
        q->tags = strdup(p.tags ? p.tags : "");
        s->npeople++;
        if (!q->name || !q->tags || (p.dept && !q->dept))
            rc = outlay_err_set(err, OUTLAY_ENOMEM, _("out of memory"));
        s->inputs[s->npeople - 1] = (struct outlay_settle_person){
            .name = q->name, .tags = q->tags, .weight = q->weight, .withdrawn = q->withdrawn};
    }
    outlay_cursor_close(c);
    if (rc == OUTLAY_OK && r < 0)
        rc = err->status;
    return rc;
}

/* Adds per-person sums of one kind (deposits, payouts, advances). */
static enum outlay_status load_person_sums(outlay_store *st, const struct outlay_activity *a,
                                           struct outlay_settlement *s, int kind,
                                           outlay_err *err)
{
    outlay_cursor *c = NULL;
    int64_t id, amount;
    int r = 0;
    enum outlay_status rc = outlay_store_person_sums(st, a->id, kind, &c, err);
    while (rc == OUTLAY_OK && (r = outlay_cursor_id_sum(c, &id, &amount, err)) == 1) {
        long i = person_index(s->people, s->npeople, id);
        if (i < 0)
            continue;
        struct outlay_settle_person *p = &s->inputs[i];
        int64_t *field = kind == 0 ? &p->deposits : kind == 1 ? &p->paid_out : &p->advanced;
        *field = amount;
    }
    outlay_cursor_close(c);
    if (rc == OUTLAY_OK && r < 0)
        rc = err->status;
    return rc;
}

enum outlay_status outlay_ledger_settle(outlay_store *st, const struct outlay_activity *a,
                                        struct outlay_settlement *s, outlay_err *err)
{
    struct outlay_settle_expense *ex = NULL;
    size_t nex = 0, cap = 0;
    struct interner tags = {0};
    outlay_cursor *c = NULL;
    struct outlay_expense e;
    int r = 0;
    memset(s, 0, sizeof *s);
    enum outlay_status rc = load_people(st, a, s, err);
    for (int kind = 0; kind < 3 && rc == OUTLAY_OK; kind++)
        rc = load_person_sums(st, a, s, kind, err);
    if (rc == OUTLAY_OK)
        rc = outlay_store_settle_expenses(st, a->id, &c, err);
    while (rc == OUTLAY_OK && (r = outlay_cursor_settle_expense(c, &e, err)) == 1) {
        if (nex == cap) {
            cap = cap ? cap * 2 : 256;
            void *n = realloc(ex, cap * sizeof *ex);
            if (!n) {
                rc = outlay_err_set(err, OUTLAY_ENOMEM, _("out of memory"));
                break;
            }
            ex = n;
        }
        const char *tag = intern(&tags, e.for_tag);
        if (e.for_tag && *e.for_tag && !tag) {
            rc = outlay_err_set(err, OUTLAY_ENOMEM, _("out of memory"));
            break;
        }
        ex[nex++] = (struct outlay_settle_expense){.id = e.id, .amount = e.amount, .for_tag = tag,
                                                   .union_funded = e.funded_by == OUTLAY_FUND_UNION};
    }
    outlay_cursor_close(c);
    if (rc == OUTLAY_OK && r < 0)
        rc = err->status;
    if (rc == OUTLAY_OK) {
        struct outlay_settle_input in = {.people = s->inputs, .npeople = s->npeople,
                                         .expenses = ex, .nexpenses = nex,
                                         .subsidy_per_head = a->subsidy_per_head};
        rc = outlay_settle_compute(&in, &s->result, err);
    }
    free(ex);
    interner_release(&tags);
    return rc;
}

void outlay_settlement_release(struct outlay_settlement *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->npeople; i++) {
        free(s->people[i].name);
        free(s->people[i].dept);
        free(s->people[i].tags);
    }
    free(s->people);
    free(s->inputs);
    outlay_settle_result_release(&s->result);
    memset(s, 0, sizeof *s);
}

/* Loads one side's per-category sums, copying the names into r->strings. */
static enum outlay_status load_sums(outlay_store *st, const struct outlay_activity *a,
                                    int expenses, struct outlay_ledger_report *r,
                                    struct outlay_report_amount **out, size_t *n,
                                    outlay_err *err)
{
    outlay_cursor *c = NULL;
    const char *key;
    int64_t amount;
    size_t cap = 0;
    int k = 0;
    enum outlay_status rc = outlay_store_category_sums(st, a->id, expenses, &c, err);
    while (rc == OUTLAY_OK && (k = outlay_cursor_sum(c, &key, &amount, err)) == 1) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            void *v = realloc(*out, cap * sizeof **out);
            void *s = v ? realloc(r->strings, (r->nstrings + cap) * sizeof *r->strings) : NULL;
            if (v)
                *out = v;
            if (!s) {
                rc = outlay_err_set(err, OUTLAY_ENOMEM, _("out of memory"));
                break;
            }
            r->strings = s;
        }
        char *copy = strdup(key ? key : "");
        if (!copy) {
            rc = outlay_err_set(err, OUTLAY_ENOMEM, _("out of memory"));
            break;
        }
        r->strings[r->nstrings++] = copy;
        (*out)[(*n)++] = (struct outlay_report_amount){copy, amount};
    }
    outlay_cursor_close(c);
    if (rc == OUTLAY_OK && k < 0)
        rc = err->status;
    return rc;
}

enum outlay_status outlay_ledger_report(outlay_store *st, const struct outlay_activity *a,
                                        struct outlay_ledger_report *r, outlay_err *err)
{
    struct outlay_report_amount *budget = NULL, *actual = NULL;
    size_t nb = 0, na = 0;
    memset(r, 0, sizeof *r);
    enum outlay_status rc = load_sums(st, a, 0, r, &budget, &nb, err);
    if (rc == OUTLAY_OK)
        rc = load_sums(st, a, 1, r, &actual, &na, err);
    if (rc == OUTLAY_OK)
        rc = outlay_report_compute(budget, nb, actual, na, &r->report, err);
    free(budget);
    free(actual);
    return rc;
}

void outlay_ledger_report_release(struct outlay_ledger_report *r)
{
    if (!r)
        return;
    outlay_report_release(&r->report);
    for (size_t i = 0; i < r->nstrings; i++)
        free(r->strings[i]);
    free(r->strings);
    memset(r, 0, sizeof *r);
}

/* Expense ids per tag that nobody active carries, for the message. */
struct tag_ids {
    const char *tag;
    int64_t ids[10];
    size_t n, total;
};

static int carries(const char *tags, const char *tag)
{
    size_t k = strlen(tag);
    for (const char *p = tags; p && *p;) {
        const char *e = strchr(p, ';');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == k && memcmp(p, tag, k) == 0)
            return 1;
        p += len + (e != NULL);
    }
    return 0;
}

static void report_problem(outlay_problem_cb cb, void *ctx, long *count, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void report_problem(outlay_problem_cb cb, void *ctx, long *count, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    (*count)++;
    cb(ctx, msg);
}

/* SPEC §7: tags nobody active carries; advances by withdrawn participants. */
static enum outlay_status expense_problems(outlay_store *st, const struct outlay_activity *a,
                                           const struct outlay_settlement *s,
                                           outlay_problem_cb cb, void *ctx, long *count,
                                           outlay_err *err)
{
    struct tag_ids orphans[16];
    size_t norphans = 0;
    outlay_cursor *c = NULL;
    struct outlay_expense e;
    int r = 0;
    enum outlay_status rc = outlay_store_expenses(st, a->id, &c, err);
    while (rc == OUTLAY_OK && (r = outlay_cursor_expense(c, &e, err)) == 1) {
        if (e.is_void)
            continue;
        if (e.paid_by) {
            for (size_t i = 0; i < s->npeople; i++)
                if (s->people[i].withdrawn && strcmp(s->people[i].name, e.paid_by) == 0)
                    report_problem(cb, ctx, count,
                                   _("activity '%s': expense %lld was paid by '%s', who has "
                                     "withdrawn; their advance is refunded at settlement"),
                                   a->slug, (long long)e.id, e.paid_by);
        }
        if (!e.for_tag || !*e.for_tag)
            continue;
        int carried = 0;
        for (size_t i = 0; i < s->npeople && !carried; i++)
            carried = !s->people[i].withdrawn && carries(s->people[i].tags, e.for_tag);
        if (carried)
            continue;
        size_t k = 0;
        while (k < norphans && strcmp(orphans[k].tag, e.for_tag) != 0)
            k++;
        if (k == norphans) {
            if (norphans == sizeof orphans / sizeof orphans[0])
                continue;
            orphans[norphans++] = (struct tag_ids){.tag = strdup(e.for_tag)};
            if (!orphans[k].tag) {
                norphans--;
                continue;
            }
        }
        if (orphans[k].n < 10)
            orphans[k].ids[orphans[k].n++] = e.id;
        orphans[k].total++;
    }
    outlay_cursor_close(c);
    if (rc == OUTLAY_OK && r < 0)
        rc = err->status;
    for (size_t k = 0; k < norphans; k++) {
        char ids[160] = "";
        for (size_t i = 0; i < orphans[k].n; i++) {
            size_t len = strlen(ids);
            snprintf(ids + len, sizeof ids - len, "%s%lld", i ? ", " : "",
                     (long long)orphans[k].ids[i]);
        }
        if (rc == OUTLAY_OK)
            report_problem(cb, ctx, count,
                           _("activity '%s': expenses %s%s are for tag '%s', which no active "
                             "participant carries; add it with 'outlay participant set %s "
                             "NAME --tags %s'"),
                           a->slug, ids, orphans[k].total > orphans[k].n ? ", ..." : "",
                           orphans[k].tag, a->slug, orphans[k].tag);
        free((char *)orphans[k].tag);
    }
    return rc;
}

long outlay_ledger_problems(outlay_store *st, const struct outlay_activity *a,
                            outlay_problem_cb cb, void *ctx, outlay_err *err)
{
    long count = 0;
    struct outlay_budget_summary sum;
    struct outlay_settlement s;
    char x[OUTLAY_MONEY_BUFSZ], y[OUTLAY_MONEY_BUFSZ], d[OUTLAY_MONEY_BUFSZ];
    enum outlay_status rc = outlay_ledger_budget_summary(st, a, &sum, err);
    if (rc != OUTLAY_OK)
        return -1;
    if (a->has_budget_total && a->budget_total != sum.total) {
        int64_t diff = a->budget_total - sum.total;
        report_problem(cb, ctx, &count,
                       _("activity '%s': the declared budget total %s differs from the sum "
                         "of the budget lines %s by %s"),
                       a->slug, outlay_money_format(a->budget_total, 1, x),
                       outlay_money_format(sum.total, 1, y),
                       outlay_money_format(diff < 0 ? -diff : diff, 1, d));
    }
    memset(&s, 0, sizeof s);
    rc = load_people(st, a, &s, err);
    if (rc == OUTLAY_OK)
        rc = expense_problems(st, a, &s, cb, ctx, &count, err);
    /* SPEC §7: a deposit over ten times the planned one is likely a typo. */
    outlay_cursor *c = NULL;
    struct outlay_payment p;
    int r = 0;
    if (rc == OUTLAY_OK && a->deposit > 0)
        rc = outlay_store_payments(st, OUTLAY_DEPOSIT, a->id, &c, err);
    while (c && rc == OUTLAY_OK && (r = outlay_cursor_payment(c, &p, err)) == 1)
        if (p.amount / 10 > a->deposit || (p.amount / 10 == a->deposit && p.amount % 10))
            report_problem(cb, ctx, &count,
                           _("activity '%s': deposit of %s from '%s' is more than ten times "
                             "the planned deposit %s; check it for a typo"),
                           a->slug, outlay_money_format(p.amount, 1, x), p.name,
                           outlay_money_format(a->deposit, 1, y));
    outlay_cursor_close(c);
    if (rc == OUTLAY_OK && r < 0)
        rc = err->status;
    outlay_settlement_release(&s);
    return rc == OUTLAY_OK ? count : -1;
}

enum outlay_status outlay_ledger_activity_close(outlay_store *st, const char *slug, int close,
                                                outlay_err *err)
{
    struct outlay_activity a;
    struct outlay_settlement s;
    enum outlay_status rc = outlay_ledger_activity(st, slug, close, &a, err);
    if (rc != OUTLAY_OK)
        return rc;
    if (!close) {
        if (!a.closed)
            return outlay_err_set(err, OUTLAY_EINVAL, _("activity '%s' is not closed"), slug);
        a.closed = 0;
        if ((rc = outlay_store_activity_update(st, &a, err)))
            return rc;
        return audit(st, "activity reopen", slug, err, "activity reopened");
    }
    if ((rc = outlay_ledger_settle(st, &a, &s, err)) == OUTLAY_OK) {
        char open[768] = "";
        size_t pending = 0;
        for (size_t i = 0; i < s.npeople; i++) {
            const struct outlay_settle_row *row = &s.result.rows[i];
            if (row->action == OUTLAY_SETTLE_SETTLED)
                continue;
            char amount[OUTLAY_MONEY_BUFSZ];
            size_t len = strlen(open);
            if (pending++ < 10)
                snprintf(open + len, sizeof open - len, "%s%s %s %s", len ? "; " : "",
                         s.people[i].name,
                         row->action == OUTLAY_SETTLE_REFUND ? _("gets a refund of")
                                                             : _("owes a supplement of"),
                         outlay_money_format(row->amount, 1, amount));
        }
        if (pending)
            rc = outlay_err_set(err, OUTLAY_ECHECK,
                                _("activity '%s' cannot be closed: %zu balance(s) are not "
                                  "zero (%s%s); record them with 'outlay payout add' or "
                                  "'outlay deposit add', then close"),
                                slug, pending, open, pending > 10 ? "; ..." : "");
    }
    outlay_settlement_release(&s);
    if (rc != OUTLAY_OK)
        return rc;
    a.closed = 1;
    if ((rc = outlay_store_activity_update(st, &a, err)))
        return rc;
    return audit(st, "activity close", slug, err, "activity closed; every balance is zero");
}
