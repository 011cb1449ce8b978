/* cli_serve_edit: the corrections of `outlay serve` (SPEC §11, §16): an
 * edit form for each `set` command (activity, budget line, expense,
 * participant with its rename), the reopen of a closed activity, and the
 * payment apps' bills (`import wechat|alipay`, its --dry-run a preview).
 *
 * An edit form is filled with the record's values; on save only the
 * fields that differ from the record (read again in the write's own
 * transaction) are passed to the ledger, as the CLI passes only the
 * options given, so the audit log keeps each changed field's old value.
 * A refused value shows the edit form again with the CLI's words beside
 * it, and nothing is written. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_serve.h"
#include "i18n.h"
#include "outlay/bills.h"
#include "outlay/date.h"
#include "outlay/rules.h"

static const char *const kind_choices[] = {
    "other", NULL, "prize-winner", NULL, "prize-participation", NULL, "souvenir", NULL,
    "meal",  NULL, "clothing",     NULL, "gift-card",           NULL, NULL};
static const char *const funder_choices[] = {"participants", NULL, "union", NULL, NULL};
static const char *const rule_choices[] = {"1", N_("1: each group rounded on its own"), "2",
                                           N_("2: rounded once per person"), NULL};
static const char *const app_choices[] = {"wechat", N_("WeChat Pay"), "alipay", N_("Alipay"), NULL};

static const struct serve_fdef expense_edit[] = {
    {"no", "", F_HIDDEN, 1, NULL},
    {"category", N_("Category"), F_TEXT, 1, NULL},
    {"amount", N_("Amount"), F_MONEY, 1, NULL},
    {"date", N_("Date"), F_DATE, 1, NULL},
    {"item", N_("Item"), F_TEXT, 0, NULL},
    {"payee", N_("Payee"), F_TEXT, 0, NULL},
    {"paid_by", N_("Paid by"), F_TEXT, 0, NULL},
    {"receipt", N_("Receipt"), F_TEXT, 0, NULL},
    {"for", N_("For"), F_TEXT, 0, NULL},
    {"funded_by", N_("Funded by"), F_CHOICE, 1, funder_choices},
    {"kind", N_("Kind"), F_CHOICE, 1, kind_choices},
    {NULL, NULL, 0, 0, NULL}};
static const struct serve_fdef line_edit[] = {
    {"no", "", F_HIDDEN, 1, NULL},
    {"category", N_("Category"), F_TEXT, 1, NULL},
    {"item", N_("Item"), F_TEXT, 1, NULL},
    {"unit_price", N_("Unit price"), F_MONEY, 1, NULL},
    {"qty", N_("Qty"), F_NUMBER, 0, NULL},
    {"per_head", N_("One per head"), F_CHECK, 0, NULL},
    {"unit", N_("Unit"), F_TEXT, 0, NULL},
    {"note", N_("Note"), F_TEXT, 0, NULL},
    {"funded_by", N_("Funded by"), F_CHOICE, 1, funder_choices},
    {"kind", N_("Kind"), F_CHOICE, 1, kind_choices},
    {NULL, NULL, 0, 0, NULL}};
static const struct serve_fdef person_edit[] = {{"name", "", F_HIDDEN, 1, NULL},
                                                {"new_name", N_("Name"), F_TEXT, 1, NULL},
                                                {"dept", N_("Dept"), F_TEXT, 0, NULL},
                                                {"tags", N_("Tags"), F_TEXT, 0, NULL},
                                                {"weight", N_("Weight"), F_NUMBER, 1, NULL},
                                                {NULL, NULL, 0, 0, NULL}};
static const struct serve_fdef activity_edit[] = {
    {"title", N_("Title"), F_TEXT, 1, NULL},
    {"date", N_("Date"), F_DATE, 0, NULL},
    {"end_date", N_("Last day"), F_DATE, 0, NULL},
    {"venue", N_("Venue"), F_TEXT, 0, NULL},
    {"organizer", N_("Organizer"), F_TEXT, 0, NULL},
    {"deposit", N_("Deposit per head"), F_MONEY, 0, NULL},
    {"headcount", N_("Planned headcount"), F_NUMBER, 0, NULL},
    {"budget_total", N_("Budget total declared for approval"), F_MONEY, 0, NULL},
    {"subsidy_per_head", N_("Union subsidy per head"), F_MONEY, 0, NULL},
    {"min_refund", N_("Smallest refund paid out"), F_MONEY, 0, NULL},
    {"funded_by", N_("Funded by (default)"), F_CHOICE, 1, funder_choices},
    {"settle_rule", N_("Settlement rule"), F_CHOICE, 1, rule_choices},
    {"rules", N_("Rules"), F_TEXT, 0, NULL},
    {"currency", N_("Currency"), F_TEXT, 0, NULL},
    {NULL, NULL, 0, 0, NULL}};
static const struct serve_fdef reopen_fields[] = {{NULL, NULL, 0, 0, NULL}};
static const struct serve_fdef bill_fields[] = {
    {"app", N_("The app the bill is from"), F_CHOICE, 1, app_choices},
    {"file", N_("Bill file (CSV or Excel, as the app exports it)"), F_FILE, 1, NULL},
    {"from", N_("Only rows from this day"), F_DATE, 0, NULL},
    {"to", N_("Only rows up to this day"), F_DATE, 0, NULL},
    {"expenses", N_("Record other payments as expenses in category"), F_TEXT, 0, NULL},
    {"pending", "", F_HIDDEN, 0, NULL},
    {NULL, NULL, 0, 0, NULL}};

static const struct serve_form edit_forms[] = {
    {"edit-expense", N_("Edit an expense"), expense_edit, NULL, NULL, "expenses"},
    {"edit-line", N_("Edit a budget line"), line_edit, NULL, NULL, "budget"},
    {"edit-person", N_("Edit a participant"), person_edit, NULL, NULL, "participants"},
    {"edit-activity", N_("Edit the activity"), activity_edit, NULL, NULL, "budget"},
    {"reopen", N_("Reopen the activity (to correct it)"), reopen_fields, N_("Reopen"), NULL, NULL},
    {"bill", N_("Import a WeChat Pay or Alipay bill"), bill_fields, N_("Import"), N_("Preview"),
     NULL},
};
enum { E_EXPENSE, E_LINE, E_PERSON, E_ACTIVITY, E_REOPEN, E_BILL };

static const struct serve_form *edit_form(const char *action)
{
    for (size_t i = 0; i < sizeof edit_forms / sizeof edit_forms[0]; i++)
        if (!strcmp(edit_forms[i].action, action))
            return &edit_forms[i];
    return NULL;
}

int serve_edit_action(const char *action)
{
    return edit_form(action) != NULL;
}

/* --- a record's values, as its edit form shows them ---------------------- */

#define VALS 16
struct vals {
    const char *name[VALS];
    char *value[VALS];
    size_t n;
    int found;
};

static void put(struct vals *v, const char *name, const char *value)
{
    if (v->n < VALS) {
        v->name[v->n] = name;
        v->value[v->n++] = strdup(value ? value : "");
    }
}

static void put_money(struct vals *v, const char *name, int64_t fen)
{
    char m[OUTLAY_MONEY_BUFSZ];
    put(v, name, outlay_money_format(fen, 1, m));
}

static void put_int(struct vals *v, const char *name, int64_t n)
{
    char t[32];
    snprintf(t, sizeof t, "%lld", (long long)n);
    put(v, name, t);
}

static const char *val(void *ctx, const char *name)
{
    const struct vals *v = ctx;
    for (size_t i = 0; i < v->n; i++)
        if (!strcmp(v->name[i], name))
            return v->value[i];
    return NULL;
}

static void vals_free(struct vals *v)
{
    for (size_t i = 0; i < v->n; i++)
        free(v->value[i]);
    v->n = 0;
}

static void load_expense(outlay_store *st, const struct outlay_activity *a, const char *no_text,
                         struct vals *v, outlay_err *err)
{
    int64_t no = 0;
    outlay_expense_cursor *cur = NULL;
    struct outlay_expense e;
    if (!no_text || !outlay_ledger_no_parse(no_text, &no) || no < 1)
        return;
    /* the expenses are numbered 1, 2, ... within the activity */
    if (outlay_ledger_expenses_page(st, a, no - 1, 1, &cur, err) == OUTLAY_OK)
        while (outlay_expense_cursor_next(cur, &e, err) == 1)
            if (e.id == no && !e.is_void) {
                put(v, "no", no_text);
                put(v, "category", e.category);
                put_money(v, "amount", e.amount);
                put(v, "date", e.date);
                put(v, "item", e.item);
                put(v, "payee", e.payee);
                put(v, "paid_by", e.paid_by);
                put(v, "receipt", e.receipt);
                put(v, "for", e.for_tag);
                put(v, "funded_by", outlay_funder_name(e.funded_by));
                put(v, "kind", outlay_kind_name(e.kind));
                v->found = 1;
            }
    outlay_expense_cursor_close(cur);
}

static void load_line(outlay_store *st, const struct outlay_activity *a, const char *no_text,
                      struct vals *v, outlay_err *err)
{
    int64_t no = 0;
    outlay_line_cursor *cur = NULL;
    struct outlay_budget_line l;
    if (!no_text || !outlay_ledger_no_parse(no_text, &no))
        return;
    if (outlay_ledger_lines(st, a, &cur, err) == OUTLAY_OK)
        while (!v->found && outlay_line_cursor_next(cur, &l, err) == 1)
            if (l.id == no && !l.is_void) {
                put(v, "no", no_text);
                put(v, "category", l.category);
                put(v, "item", l.item);
                put_money(v, "unit_price", l.unit_price);
                put_int(v, "qty", l.qty);
                put(v, "per_head", l.per_head ? "yes" : "");
                put(v, "unit", l.unit);
                put(v, "note", l.note);
                put(v, "funded_by", outlay_funder_name(l.funded_by));
                put(v, "kind", outlay_kind_name(l.kind));
                v->found = 1;
            }
    outlay_line_cursor_close(cur);
}

static void load_person(outlay_store *st, const struct outlay_activity *a, const char *name,
                        struct vals *v, outlay_err *err)
{
    outlay_participant_cursor *cur = NULL;
    struct outlay_participant p;
    if (!name)
        return;
    if (outlay_ledger_participants(st, a, &cur, err) == OUTLAY_OK)
        while (!v->found && outlay_participant_cursor_next(cur, &p, err) == 1)
            if (!strcmp(p.name, name)) {
                put(v, "name", p.name);
                put(v, "new_name", p.name);
                put(v, "dept", p.dept);
                put(v, "tags", p.tags);
                put_int(v, "weight", p.weight);
                v->found = 1;
            }
    outlay_participant_cursor_close(cur);
}

static void load_activity(const struct outlay_activity *a, struct vals *v)
{
    put(v, "title", a->title);
    put(v, "date", a->date);
    put(v, "end_date", a->end_date);
    put(v, "venue", a->venue);
    put(v, "organizer", a->organizer);
    put_money(v, "deposit", a->deposit);
    if (a->headcount)
        put_int(v, "headcount", a->headcount);
    else
        put(v, "headcount", "");
    if (a->has_budget_total)
        put_money(v, "budget_total", a->budget_total);
    else
        put(v, "budget_total", "");
    put_money(v, "subsidy_per_head", a->subsidy_per_head);
    if (a->min_refund)
        put_money(v, "min_refund", a->min_refund);
    else
        put(v, "min_refund", "");
    put(v, "funded_by", outlay_funder_name(a->funded_by));
    put_int(v, "settle_rule", (int64_t)a->settle_rule);
    put(v, "rules", a->rules_name);
    put(v, "currency", a->currency);
    v->found = 1;
}

/* The record form f is about, its values into v (v->found 0: none). */
static void load(const struct serve_form *f, outlay_store *st, const struct outlay_activity *a,
                 const char *key, struct vals *v, outlay_err *err)
{
    if (f == &edit_forms[E_EXPENSE])
        load_expense(st, a, key, v, err);
    else if (f == &edit_forms[E_LINE])
        load_line(st, a, key, v, err);
    else if (f == &edit_forms[E_PERSON])
        load_person(st, a, key, v, err);
    else if (f == &edit_forms[E_ACTIVITY])
        load_activity(a, v);
}

static const char *key_field(const struct serve_form *f)
{
    return f == &edit_forms[E_PERSON] ? "name" : "no";
}

/* A field as sent when it differs from the record's value (a checkbox
 * not sent is ""), else NULL: not given, so kept. */
static const char *changed(const struct serve_req *r, const struct vals *v, const char *name)
{
    const char *sent = serve_field(r, name);
    const char *now = val((void *)v, name);
    if (!sent)
        sent = "";
    return strcmp(sent, now ? now : "") ? sent : NULL;
}

/* --- the pages -------------------------------------------------------------- */

static void page_message(struct serve_req *r, struct serve_answer *a, int status,
                         const outlay_err *err)
{
    char text[2048];
    outlay_err e = *err;
    serve_page_error(r, a, status, cli_problem_text(&e, text, sizeof text));
}

/* The edit page: the form alone, what it is about above it. */
static void edit_page(struct serve_req *r, struct serve_answer *a, const char *slug,
                      const char *title, const struct serve_form *f,
                      const struct serve_form_state *fs, const char *about)
{
    struct outlay_buf *b = &a->body;
    serve_page_begin(r, b, _(f->title));
    outlay_buf_puts(b, "<h1>");
    outlay_buf_html(b, _(f->title));
    outlay_buf_puts(b, "</h1>\n<p><a href=\"/a/");
    outlay_buf_html(b, slug);
    outlay_buf_puts(b, "\">");
    outlay_buf_html(b, title);
    outlay_buf_puts(b, "</a>");
    if (about && *about) {
        outlay_buf_puts(b, " · <strong>");
        outlay_buf_html(b, about);
        outlay_buf_puts(b, "</strong>");
    }
    outlay_buf_puts(b, "</p>\n<p class=\"hint\">");
    outlay_buf_html(b, _("Change what is wrong and save: only the fields you change are "
                         "recorded, and the log keeps their old values."));
    outlay_buf_puts(b, "</p>\n<div class=\"forms single\">\n");
    serve_form_html(r, b, slug, f, fs);
    outlay_buf_puts(b, "</div>\n");
    serve_page_end(b);
}

/* What an edit page names: the expense's or line's number, the person. */
static void about_text(const struct serve_form *f, const char *key, char *out, size_t n)
{
    if (f == &edit_forms[E_EXPENSE])
        snprintf(out, n, _("Expense No. %s"), key ? key : "");
    else if (f == &edit_forms[E_LINE])
        snprintf(out, n, _("Budget line No. %s"), key ? key : "");
    else
        snprintf(out, n, "%s", f == &edit_forms[E_PERSON] && key ? key : "");
}

void serve_get_edit(struct serve_req *r, struct serve_answer *a, const char *slug, const char *what)
{
    char action[32], about[300];
    snprintf(action, sizeof action, "edit-%.20s", what);
    const struct serve_form *f = edit_form(action);
    outlay_store *st = NULL;
    outlay_err err = {0};
    struct outlay_activity act = {0};
    struct vals v = {0};
    if (!f || f == &edit_forms[E_REOPEN] || f == &edit_forms[E_BILL]) {
        serve_page_error(r, a, 404, _("not found"));
        return;
    }
    const char *key = serve_query(r, key_field(f));
    if (cli_ledger_begin(r->sv->ledger_path, 0, NULL, &st, &err) != OUTLAY_OK ||
        outlay_ledger_activity(st, slug, 1, &act, &err) != OUTLAY_OK) {
        outlay_err e = err;
        cli_ledger_end(st, 0, &err);
        outlay_activity_release(&act);
        page_message(r, a, e.status == OUTLAY_ENOTFOUND ? 404 : 409, &e);
        return;
    }
    load(f, st, &act, key, &v, &err);
    cli_ledger_end(st, 0, &err);
    if (!v.found) {
        outlay_activity_release(&act);
        vals_free(&v);
        serve_page_error(r, a, 404, _("not found"));
        return;
    }
    struct serve_form_state fs = {.form = f->action, .r = r, .prefill = val, .prefill_ctx = &v};
    about_text(f, key, about, sizeof about);
    edit_page(r, a, slug, act.title ? act.title : slug, f, &fs, about);
    outlay_activity_release(&act);
    vals_free(&v);
}

/* --- the writes ------------------------------------------------------------- */

static void keep_warning(void *ctx, const outlay_err *p)
{
    struct serve_req *r = ctx;
    char text[1024];
    outlay_err q = *p;
    size_t len = strlen(r->warnings);
    q.activity[0] = '\0';
    cli_problem_text(&q, text, sizeof text);
    if (len + strlen(text) + 2 < sizeof r->warnings)
        snprintf(r->warnings + len, sizeof r->warnings - len, "%s%s", len ? "\n" : "", text);
}

/* SPEC §14: the rules of the activity by name, as `activity set --rules`
 * finds and checks them (text: theirs to free). */
static enum outlay_status rules_by_name(struct serve_req *r, const char *name, char **text,
                                        outlay_err *err)
{
    const char *dirs[4];
    char path[4096];
    struct outlay_rules ru;
    size_t ndirs = cli_template_dirs(&r->sv->cli, dirs);
    enum outlay_status rc = outlay_rules_find(name, dirs, ndirs, path, sizeof path, err);
    if (rc == OUTLAY_OK && (rc = outlay_rules_load(path, name, &ru, text, err)) == OUTLAY_OK)
        outlay_rules_release(&ru);
    if (rc != OUTLAY_OK && !err->file[0])
        snprintf(err->column, sizeof err->column, "rules");
    return rc;
}

static enum outlay_status write_activity(struct serve_req *r, outlay_store *st,
                                         const struct outlay_activity *a, const struct vals *v,
                                         outlay_err *err)
{
    struct outlay_activity_in in = {.title = changed(r, v, "title"),
                                    .date = changed(r, v, "date"),
                                    .end_date = changed(r, v, "end_date"),
                                    .venue = changed(r, v, "venue"),
                                    .organizer = changed(r, v, "organizer"),
                                    .deposit = changed(r, v, "deposit"),
                                    .headcount = changed(r, v, "headcount"),
                                    .budget_total = changed(r, v, "budget_total"),
                                    .subsidy_per_head = changed(r, v, "subsidy_per_head"),
                                    .currency = changed(r, v, "currency"),
                                    .funded_by = changed(r, v, "funded_by"),
                                    .settle_rule = changed(r, v, "settle_rule"),
                                    .min_refund = changed(r, v, "min_refund")};
    const char *rules = changed(r, v, "rules");
    char *text = NULL;
    enum outlay_status rc = OUTLAY_OK;
    /* rules are changed, never taken away (as --rules NAME) */
    if (rules && *rules && (rc = rules_by_name(r, rules, &text, err)) == OUTLAY_OK) {
        in.rules_name = rules;
        in.rules_text = text;
    }
    int any = in.title || in.date || in.end_date || in.venue || in.organizer || in.deposit ||
              in.headcount || in.budget_total || in.subsidy_per_head || in.currency ||
              in.funded_by || in.settle_rule || in.min_refund || in.rules_name;
    if (rc == OUTLAY_OK && !any)
        rc = outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_SERVE_UNCHANGED);
    if (rc == OUTLAY_OK)
        rc = outlay_ledger_activity_set(st, a->slug, &in, err);
    free(text);
    return rc;
}

static enum outlay_status write_person(struct serve_req *r, outlay_store *st,
                                       const struct outlay_activity *a, const struct vals *v,
                                       outlay_err *err)
{
    const char *name = serve_field(r, "name");
    const char *new_name = changed(r, v, "new_name");
    struct outlay_participant_in in = {name, changed(r, v, "dept"), changed(r, v, "tags"),
                                       changed(r, v, "weight"), NULL};
    enum outlay_status rc = OUTLAY_OK;
    if (!v->found) /* no such person: the ledger's words, with its hint */
        return outlay_ledger_no_participant(st, a, name ? name : "", 1, err);
    if (!new_name && !in.dept && !in.tags && !in.weight)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_SERVE_UNCHANGED);
    if ((in.dept || in.tags || in.weight) &&
        (rc = outlay_ledger_participant_set(st, a, &in, -1, err)) != OUTLAY_OK)
        return rc;
    if (new_name &&
        (rc = outlay_ledger_participant_rename(st, a, name, new_name, err)) != OUTLAY_OK)
        snprintf(err->column, sizeof err->column, "new_name");
    return rc;
}

static enum outlay_status write_edit(struct serve_req *r, outlay_store *st,
                                     const struct serve_form *f, const char *slug, outlay_err *err)
{
    struct outlay_activity a = {0};
    struct vals v = {0};
    enum outlay_status rc;
    if (f == &edit_forms[E_REOPEN])
        return outlay_ledger_activity_close(st, slug, 0, err);
    if ((rc = outlay_ledger_activity(st, slug, 1, &a, err)) != OUTLAY_OK)
        return rc;
    const char *key = serve_field(r, key_field(f));
    load(f, st, &a, key, &v, err);
    if (f == &edit_forms[E_EXPENSE]) {
        struct outlay_expense_in in = {.category = changed(r, &v, "category"),
                                       .amount = changed(r, &v, "amount"),
                                       .date = changed(r, &v, "date"),
                                       .item = changed(r, &v, "item"),
                                       .payee = changed(r, &v, "payee"),
                                       .paid_by = changed(r, &v, "paid_by"),
                                       .receipt = changed(r, &v, "receipt"),
                                       .for_tag = changed(r, &v, "for"),
                                       .funded_by = changed(r, &v, "funded_by"),
                                       .kind = changed(r, &v, "kind")};
        rc = outlay_ledger_expense_set(st, &a, key ? key : "", &in, keep_warning, r, err);
    } else if (f == &edit_forms[E_LINE]) {
        struct outlay_line_in in = {.category = changed(r, &v, "category"),
                                    .item = changed(r, &v, "item"),
                                    .unit_price = changed(r, &v, "unit_price"),
                                    .unit = changed(r, &v, "unit"),
                                    .note = changed(r, &v, "note"),
                                    .funded_by = changed(r, &v, "funded_by"),
                                    .kind = changed(r, &v, "kind")};
        /* "One per head" ticked: the planned headcount's quantity (a qty
         * typed beside it is not read); unticked: the quantity shown */
        const char *ph = serve_field(r, "per_head");
        int was = v.found && !strcmp(val(&v, "per_head"), "yes");
        if (ph && *ph && !was)
            in.per_head = "yes";
        else if (!(ph && *ph))
            in.qty =
                was ? (serve_field(r, "qty") ? serve_field(r, "qty") : "") : changed(r, &v, "qty");
        rc = outlay_ledger_line_set(st, &a, key ? key : "", &in, err);
    } else if (f == &edit_forms[E_PERSON]) {
        rc = write_person(r, st, &a, &v, err);
    } else {
        rc = write_activity(r, st, &a, &v, err);
    }
    vals_free(&v);
    outlay_activity_release(&a);
    return rc;
}

/* --- bills ----------------------------------------------------------------- */

/* A bill previewed: its bytes kept under a new random id (into id). */
static void pending_put(struct serve *sv, const char *data, size_t len, const char *filename,
                        char id[33])
{
    char token[OUTLAY_TOKEN_HEX + 1];
    outlay_err err = {0};
    id[0] = '\0';
    char *copy = malloc(len ? len : 1);
    if (!copy || outlay_serve_token_new(token, &err) != OUTLAY_OK) {
        free(copy);
        return;
    }
    memcpy(copy, data, len);
    memcpy(id, token, 32);
    id[32] = '\0';
    pthread_mutex_lock(&sv->pending_lock);
    struct serve_pending *slot = &sv->pending[0];
    for (size_t i = 1; i < SERVE_PENDING; i++)
        if (sv->pending[i].at < slot->at)
            slot = &sv->pending[i];
    free(slot->data);
    snprintf(slot->id, sizeof slot->id, "%s", id);
    snprintf(slot->filename, sizeof slot->filename, "%s", filename);
    slot->data = copy;
    slot->len = len;
    slot->at = (int64_t)time(NULL);
    pthread_mutex_unlock(&sv->pending_lock);
}

/* The bill kept under id (ten minutes), copied into out: 1, or 0. */
static int pending_get(struct serve *sv, const char *id, struct outlay_buf *out, char *filename,
                       size_t fn)
{
    int found = 0;
    int64_t now = (int64_t)time(NULL);
    if (!id || strlen(id) != 32)
        return 0;
    pthread_mutex_lock(&sv->pending_lock);
    for (size_t i = 0; i < SERVE_PENDING && !found; i++) {
        struct serve_pending *p = &sv->pending[i];
        if (p->data && now - p->at <= 600 && outlay_serve_token_equal(p->id, id)) {
            outlay_buf_add(out, p->data, p->len);
            snprintf(filename, fn, "%s", p->filename);
            found = !out->failed;
        }
    }
    pthread_mutex_unlock(&sv->pending_lock);
    return found;
}

/* The bill kept under id, forgotten (it was imported). */
static void pending_drop(struct serve *sv, const char *id)
{
    if (!id || strlen(id) != 32)
        return;
    pthread_mutex_lock(&sv->pending_lock);
    for (size_t i = 0; i < SERVE_PENDING; i++) {
        struct serve_pending *p = &sv->pending[i];
        if (p->data && outlay_serve_token_equal(p->id, id)) {
            free(p->data);
            memset(p, 0, sizeof *p);
        }
    }
    pthread_mutex_unlock(&sv->pending_lock);
}

void serve_pending_release(struct serve *sv)
{
    for (size_t i = 0; i < SERVE_PENDING; i++) {
        free(sv->pending[i].data);
        memset(&sv->pending[i], 0, sizeof sv->pending[i]);
    }
}

/* What a bill's import says, in the CLI's words: each row not recorded
 * (and, in a preview, each row that would be), then the summary. */
struct bill_words {
    struct outlay_buf rows;
    int dry;
    long nrows;
};

static void bill_row(void *ctx, const struct outlay_bill_row *row, enum outlay_bill_fate f,
                     const outlay_err *why)
{
    struct bill_words *w = ctx;
    char amount[OUTLAY_MONEY_BUFSZ], msg[1024], line[2048];
    outlay_money_format(row->amount, 1, amount);
    if (why) {
        outlay_err q = *why;
        q.activity[0] = '\0';
        snprintf(line, sizeof line,
                 f == OUTLAY_BILL_UNMATCHED ? _("line %ld: unmatched: %s %s %s: %s\n")
                                            : _("line %ld: skipped: %s %s %s: %s\n"),
                 row->line, row->date, row->party, amount, cli_problem_text(&q, msg, sizeof msg));
    } else if (w->dry) {
        static const char *const what[] = {N_("deposit"), N_("payout"), N_("expense")};
        snprintf(line, sizeof line, _("line %ld: would record %s %s %s %s (%s)\n"), row->line,
                 _(what[f]), row->date, row->name ? row->name : row->party, amount, row->id);
    } else {
        return;
    }
    /* '!' before a row left out, ' ' before one recorded */
    outlay_buf_puts(&w->rows, why ? "!" : " ");
    outlay_buf_puts(&w->rows, line);
    w->nrows++;
}

/* The CLI's summary; above: the rows it speaks of are shown above it. */
static void bill_summary(const struct outlay_bill_summary *sum, int dry, int expenses, int above,
                         char *out, size_t n)
{
    char dep[OUTLAY_MONEY_BUFSZ], pay[OUTLAY_MONEY_BUFSZ], exp[OUTLAY_MONEY_BUFSZ];
    size_t len = 0;
    outlay_money_format(sum->fen[0], 1, dep);
    outlay_money_format(sum->fen[1], 1, pay);
    outlay_money_format(sum->fen[2], 1, exp);
#define ADD(...) len += (size_t)snprintf(out + len, len < n ? n - len : 0, __VA_ARGS__)
    ADD("%s", dry ? _("would record ") : _("recorded "));
    ADD(P_("%ld deposit (%s)", "%ld deposits (%s)", sum->n[0]), sum->n[0], dep);
    ADD(P_(", %ld payout (%s)", ", %ld payouts (%s)", sum->n[1]), sum->n[1], pay);
    if (expenses)
        ADD(P_(", %ld expense (%s)", ", %ld expenses (%s)", sum->n[2]), sum->n[2], exp);
    ADD(_("; %ld already present"), sum->n[OUTLAY_BILL_PRESENT]);
    ADD(sum->n[OUTLAY_BILL_UNMATCHED] && above ? _("; %ld unmatched (see above)")
                                               : _("; %ld unmatched"),
        sum->n[OUTLAY_BILL_UNMATCHED]);
    ADD(_("; %ld skipped\n"), sum->n[OUTLAY_BILL_SKIPPED]);
#undef ADD
    if (len && len < n && out[len - 1] == '\n')
        out[len - 1] = '\0';
}

static const struct serve_field *file_field(const struct serve_req *r)
{
    for (size_t i = 0; i < r->nf; i++)
        if (!strcmp(r->f[i].name, "file") && r->f[i].value.len)
            return &r->f[i];
    return NULL;
}

static enum outlay_status field_error(outlay_err *err, const char *field)
{
    outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_FIELD_EMPTY);
    snprintf(err->column, sizeof err->column, "%s", field);
    return OUTLAY_EINVAL;
}

/* The bill's import in the open transaction (rolled back by the caller
 * for a preview): its file written to a private directory under $TMPDIR
 * and read by the same outlay_bills_import as `outlay import wechat`. */
static enum outlay_status write_bill(struct serve_req *r, outlay_store *st, const char *slug,
                                     const struct outlay_buf *data, struct bill_words *w,
                                     struct outlay_bill_summary *sum, outlay_err *err)
{
    struct outlay_activity a = {0};
    char from[11] = "", to[11] = "", dir[4096], path[4200];
    const char *app = serve_field(r, "app");
    enum outlay_status rc;
    if (!app || (strcmp(app, "wechat") && strcmp(app, "alipay")))
        return field_error(err, "app");
    if (!data->len)
        return field_error(err, "file");
    static const char *const dates[] = {"from", "to"};
    for (int i = 0; i < 2; i++) {
        const char *d = serve_field(r, dates[i]);
        if (d && *d && (rc = outlay_date_parse(d, i ? to : from, err)) != OUTLAY_OK) {
            snprintf(err->column, sizeof err->column, "%s", dates[i]);
            return rc;
        }
    }
    if ((rc = outlay_ledger_activity(st, slug, 1, &a, err)) != OUTLAY_OK)
        return rc;
    if (!serve_tmp_template(dir, sizeof dir) || !mkdtemp(dir)) {
        outlay_activity_release(&a);
        return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_RANDOM, OUTLAY_A_ERRNO(errno));
    }
    snprintf(path, sizeof path, "%s/bill", dir);
    FILE *out = fopen(path, "wb");
    int written = out && fwrite(data->p, 1, data->len, out) == data->len;
    if (out && fclose(out) != 0)
        written = 0;
    if (!written) {
        rc = outlay_fail(err, OUTLAY_EIO, OUTLAY_P_RANDOM, OUTLAY_A_ERRNO(errno));
    } else {
        const char *exp = serve_field(r, "expenses");
        struct outlay_bill_opts o = {.app = !strcmp(app, "alipay") ? OUTLAY_BILL_ALIPAY
                                                                   : OUTLAY_BILL_WECHAT,
                                     .path = path,
                                     .from = *from ? from : NULL,
                                     .to = *to ? to : NULL,
                                     .expenses = exp && *exp ? exp : NULL};
        rc = outlay_bills_import(st, &a, &o, bill_row, w, sum, err);
        if (rc != OUTLAY_OK) {
            /* the file is the upload, not the temporary copy */
            const struct serve_field *ff = file_field(r);
            snprintf(err->file, sizeof err->file, "%s",
                     ff && ff->filename[0] ? ff->filename : "bill");
            snprintf(err->column, sizeof err->column, "file");
        }
    }
    unlink(path);
    rmdir(dir);
    outlay_activity_release(&a);
    return rc;
}

void serve_form_bill(struct serve_req *r, struct outlay_buf *b, const char *slug,
                     const struct serve_form_state *fs)
{
    serve_form_html(r, b, slug, &edit_forms[E_BILL], fs);
}

void serve_forms_closed(struct serve_req *r, struct outlay_buf *b, const char *slug)
{
    outlay_buf_puts(b, "<div class=\"forms\">\n");
    serve_form_html(r, b, slug, &edit_forms[E_REOPEN], NULL);
    outlay_buf_puts(b, "</div>\n");
}

/* The preview page: what the import would record and leave, and the form
 * again, its Import button reading the bill kept in the server. */
static void bill_preview(struct serve_req *r, struct serve_answer *a, const char *slug,
                         const struct bill_words *w, const char *summary, const char *pending,
                         const char *filename)
{
    struct outlay_buf *b = &a->body;
    struct serve_form_state fs = {.form = "bill", .r = r, .saved = 0};
    serve_page_begin(r, b, _("Preview of the bill"));
    outlay_buf_puts(b, "<h1>");
    outlay_buf_html(b, _("Preview of the bill"));
    outlay_buf_puts(b, "</h1>\n<p><a href=\"/a/");
    outlay_buf_html(b, slug);
    outlay_buf_puts(b, "\">");
    outlay_buf_html(b, slug);
    outlay_buf_puts(b, "</a> · ");
    outlay_buf_html(b, _("Nothing is recorded until you press Import."));
    outlay_buf_puts(b, "</p>\n<p class=\"flash\" id=\"bill-summary\">");
    outlay_buf_html(b, summary);
    outlay_buf_puts(b, "</p>\n<ul class=\"bill-rows\" id=\"bill-rows\">\n");
    const char *p = w->rows.len ? w->rows.p : "";
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char line[2048];
        snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line ? len : sizeof line - 1), p);
        outlay_buf_puts(b, line[0] == '!' ? "<li class=\"warn\">" : "<li>");
        outlay_buf_html(b, line + (line[0] != '\0'));
        outlay_buf_puts(b, "</li>\n");
        p += len + (nl != NULL);
    }
    outlay_buf_puts(b, "</ul>\n<p class=\"hint\" id=\"bill-kept\">");
    {
        char kept[512];
        snprintf(kept, sizeof kept,
                 _("The bill previewed (%s) is kept: press Import to record it, or choose "
                   "another file."),
                 filename);
        outlay_buf_html(b, kept);
    }
    outlay_buf_puts(b, "</p>\n<div class=\"forms single\">\n");
    /* the form keeps what was chosen; the bill itself is kept by id */
    struct serve_req copy = *r;
    fs.r = &copy;
    struct serve_field *pf = NULL;
    for (size_t i = 0; i < copy.nf; i++)
        if (!strcmp(copy.f[i].name, "pending"))
            pf = &copy.f[i];
    if (!pf && copy.nf < SERVE_FIELDS) {
        pf = &copy.f[copy.nf++];
        memset(pf, 0, sizeof *pf);
        snprintf(pf->name, sizeof pf->name, "pending");
    }
    struct outlay_buf idbuf = {0};
    if (pf) {
        outlay_buf_puts(&idbuf, pending);
        pf->value = idbuf;
    }
    serve_form_html(&copy, b, slug, &edit_forms[E_BILL], &fs);
    outlay_buf_free(&idbuf);
    outlay_buf_puts(b, "</div>\n");
    serve_page_end(b);
}

/* The activity's title (its slug when it cannot be read) into out. */
static void activity_title(struct serve_req *r, const char *slug, char *out, size_t n)
{
    outlay_store *st = NULL;
    outlay_err err = {0};
    struct outlay_activity act = {0};
    snprintf(out, n, "%s", slug);
    if (cli_ledger_begin(r->sv->ledger_path, 0, NULL, &st, &err) == OUTLAY_OK &&
        outlay_ledger_activity(st, slug, 0, &act, &err) == OUTLAY_OK && act.title)
        snprintf(out, n, "%s", act.title);
    cli_ledger_end(st, 0, &err);
    outlay_activity_release(&act);
}

void serve_post_edit(struct serve_req *r, struct serve_answer *a, const char *slug,
                     const char *action)
{
    const struct serve_form *f = edit_form(action);
    outlay_store *st = NULL;
    outlay_err err = {0};
    enum outlay_status rc;
    int bill = f == &edit_forms[E_BILL];
    int preview = bill && serve_field(r, "preview") != NULL;
    struct bill_words w = {.dry = preview};
    struct outlay_bill_summary sum = {0};
    struct outlay_buf data = {0};
    char filename[256] = "bill", pending[33] = "";
    if (bill) {
        const struct serve_field *ff = file_field(r);
        if (ff) {
            outlay_buf_add(&data, ff->value.p, ff->value.len);
            snprintf(filename, sizeof filename, "%s", ff->filename[0] ? ff->filename : "bill");
        } else {
            pending_get(r->sv, serve_field(r, "pending"), &data, filename, sizeof filename);
        }
    }
    /* One transaction, as a command of the CLI; a preview's is rolled
     * back, as --dry-run's is. */
    if ((rc = cli_ledger_begin(r->sv->ledger_path, 1, r->sv->who, &st, &err)) == OUTLAY_OK) {
        rc = bill ? write_bill(r, st, slug, &data, &w, &sum, &err)
                  : write_edit(r, st, f, slug, &err);
        enum outlay_status end = cli_ledger_end(st, rc == OUTLAY_OK && !preview, &err);
        if (rc == OUTLAY_OK && !preview)
            rc = end;
    }
    if (rc != OUTLAY_OK)
        r->warnings[0] = '\0';
    if (rc == OUTLAY_OK && preview) {
        char summary[1024];
        bill_summary(&sum, 1, serve_field(r, "expenses") && *serve_field(r, "expenses"), 0, summary,
                     sizeof summary);
        /* a new upload is kept; one kept already keeps its id */
        const char *old = serve_field(r, "pending");
        if (file_field(r) || !old)
            pending_put(r->sv, data.len ? data.p : "", data.len, filename, pending);
        else
            snprintf(pending, sizeof pending, "%s", old);
        snprintf(r->self, sizeof r->self, "/a/%.80s", slug);
        bill_preview(r, a, slug, &w, summary, pending, filename);
        outlay_buf_free(&w.rows);
        outlay_buf_free(&data);
        return;
    }
    if (rc == OUTLAY_OK) {
        char id[33] = "";
        if (bill) {
            pending_drop(r->sv, serve_field(r, "pending"));
            /* the summary and the rows left, shown once on the page */
            char summary[1024];
            bill_summary(&sum, 0, serve_field(r, "expenses") && *serve_field(r, "expenses"), 0,
                         summary, sizeof summary);
            /* the summary first: a long list of rows left is cut, at a
             * whole row, with an ellipsis */
            size_t len = (size_t)snprintf(r->warnings, sizeof r->warnings, "%s", summary);
            const char *p = w.rows.len ? w.rows.p : "";
            while (*p) {
                const char *nl = strchr(p, '\n');
                size_t k = nl ? (size_t)(nl - p) : strlen(p);
                if (len + k + 6 >= sizeof r->warnings) {
                    snprintf(r->warnings + len, sizeof r->warnings - len, "\n…");
                    break;
                }
                if (k) /* without its '!' */
                    len += (size_t)snprintf(r->warnings + len, sizeof r->warnings - len, "\n%.*s",
                                            (int)k - 1, p + 1);
                p += k + (nl != NULL);
            }
        }
        if (r->warnings[0])
            serve_flash_put(r->sv, action, r->warnings, id);
        static const char *const anchors[] = {"expenses", "budget", "participants",
                                              "budget",   "budget", "deposits"};
        a->status = 303;
        snprintf(a->location, sizeof a->location, "/a/%.80s?done=%s%s%s#%s", slug, action,
                 id[0] ? "&flash=" : "", id, id[0] ? "warnings" : anchors[f - edit_forms]);
        outlay_buf_free(&w.rows);
        outlay_buf_free(&data);
        return;
    }
    outlay_buf_free(&w.rows);
    outlay_buf_free(&data);
    /* refused: the form again, the CLI's words beside the field */
    struct serve_form_state fs = {.form = action, .r = r};
    {
        /* the language switch: the edit page of this record, or the
         * activity's */
        struct outlay_buf self = {0};
        outlay_buf_printf(&self, "/a/%.80s", slug);
        if (!bill && f != &edit_forms[E_REOPEN]) {
            const char *key = serve_field(r, key_field(f));
            outlay_buf_printf(&self, "/%s", action);
            if (f != &edit_forms[E_ACTIVITY]) {
                outlay_buf_printf(&self, "?%s=", key_field(f));
                serve_url_encode(&self, key ? key : "");
            }
        }
        if (self.len && !self.failed && self.len < sizeof r->self)
            memcpy(r->self, self.p, self.len + 1);
        outlay_buf_free(&self);
    }
    snprintf(fs.field, sizeof fs.field, "%s", err.column);
    if (!strcmp(fs.field, "for_tag"))
        snprintf(fs.field, sizeof fs.field, "for");
    outlay_err shown = err;
    shown.activity[0] = '\0';
    cli_problem_text(&shown, fs.message, sizeof fs.message);
    if (f == &edit_forms[E_REOPEN] || (!err.code && err.status == OUTLAY_ENOTFOUND) ||
        err.status == OUTLAY_ECLOSED) {
        page_message(r, a, err.status == OUTLAY_ENOTFOUND ? 404 : 409, &err);
        return;
    }
    if (bill) {
        serve_page_activity(r, a, slug, &fs);
    } else {
        char about[300], title[400];
        const char *key = serve_field(r, key_field(f));
        about_text(f, key, about, sizeof about);
        activity_title(r, slug, title, sizeof title);
        edit_page(r, a, slug, title, f, &fs, about);
    }
    if (a->status == 200 || a->status == 0)
        a->status = 422;
}
