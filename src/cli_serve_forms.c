/* cli_serve_forms: the forms of `outlay serve` and the writes behind them
 * (SPEC §16). Each write is one transaction through the same ledger call
 * the CLI makes (src/cli_entries.c, src/cli_activity.c); a refused value
 * re-shows the form with the CLI's words for it beside its field, and
 * nothing is written. Field names are the ledger's column names, so the
 * field a problem is about (err->column) is the field it is shown beside. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli_serve.h"
#include "i18n.h"

static const struct serve_fdef new_fields[] = {
    {"slug", N_("Short name (letters, digits, -)"), F_TEXT, 1, NULL},
    {"template", N_("Template"), F_TEMPLATE, 1, NULL},
    {"title", N_("Title"), F_TEXT, 0, NULL},
    {"date", N_("Date"), F_DATE, 0, NULL},
    {"venue", N_("Venue"), F_TEXT, 0, NULL},
    {"organizer", N_("Organizer"), F_TEXT, 0, NULL},
    {"headcount", N_("Planned headcount"), F_NUMBER, 0, NULL},
    {"deposit", N_("Deposit per head"), F_MONEY, 0, NULL},
    {NULL, NULL, 0, 0, NULL}};
static const struct serve_fdef participant_fields[] = {{"name", N_("Name"), F_TEXT, 1, NULL},
                                                       {"dept", N_("Dept"), F_TEXT, 0, NULL},
                                                       {"tags", N_("Tags"), F_TEXT, 0, NULL},
                                                       {"weight", N_("Weight"), F_NUMBER, 0, NULL},
                                                       {NULL, NULL, 0, 0, NULL}};
static const struct serve_fdef payment_fields[] = {{"name", N_("Name"), F_TEXT, 1, NULL},
                                                   {"amount", N_("Amount"), F_MONEY, 1, NULL},
                                                   {"date", N_("Date"), F_DATE, 0, NULL},
                                                   {"method", N_("Method"), F_TEXT, 0, NULL},
                                                   {NULL, NULL, 0, 0, NULL}};
static const struct serve_fdef expense_fields[] = {
    {"category", N_("Category"), F_TEXT, 1, NULL},
    {"amount", N_("Amount"), F_MONEY, 1, NULL},
    {"date", N_("Date"), F_DATE, 0, NULL},
    {"item", N_("Item"), F_TEXT, 0, NULL},
    {"payee", N_("Payee"), F_TEXT, 0, NULL},
    {"paid_by", N_("Paid by"), F_TEXT, 0, NULL},
    {"receipt", N_("Receipt"), F_TEXT, 0, NULL},
    {"for", N_("For"), F_TEXT, 0, NULL},
    {"funded_by", N_("Funded by"), F_FUNDER, 0, NULL},
    {NULL, NULL, 0, 0, NULL}};
static const struct serve_fdef line_fields[] = {
    {"category", N_("Category"), F_TEXT, 1, NULL},      {"item", N_("Item"), F_TEXT, 1, NULL},
    {"unit_price", N_("Unit price"), F_MONEY, 1, NULL}, {"qty", N_("Qty"), F_NUMBER, 0, NULL},
    {"per_head", N_("One per head"), F_CHECK, 0, NULL}, {"unit", N_("Unit"), F_TEXT, 0, NULL},
    {"funded_by", N_("Funded by"), F_FUNDER, 0, NULL},  {NULL, NULL, 0, 0, NULL}};
static const struct serve_fdef import_fields[] = {
    {"what", N_("What the file holds"), F_IMPORT_KIND, 1, NULL},
    {"file", N_("CSV or Excel file"), F_FILE, 1, NULL},
    {"encoding", N_("Encoding (CSV)"), F_ENCODING, 0, NULL},
    {NULL, NULL, 0, 0, NULL}};
static const struct serve_fdef withdraw_fields[] = {
    {"name", N_("Name"), F_TEXT, 1, NULL},
    {"rejoin", N_("Rejoin instead"), F_CHECK, 0, NULL},
    {NULL, NULL, 0, 0, NULL}};
static const struct serve_fdef alias_fields[] = {
    {"name", N_("Name"), F_TEXT, 1, NULL},
    {"alias", N_("Alias"), F_TEXT, 1, NULL},
    {"remove", N_("Remove it instead"), F_CHECK, 0, NULL},
    {NULL, NULL, 0, 0, NULL}};
static const struct serve_fdef void_payment_fields[] = {
    {"which", N_("Which"), F_PAYMENT_KIND, 1, NULL},
    {"no", N_("No."), F_NUMBER, 1, NULL},
    {"reason", N_("Reason"), F_TEXT, 1, NULL},
    {NULL, NULL, 0, 0, NULL}};
static const struct serve_fdef void_line_fields[] = {{"no", N_("No."), F_NUMBER, 1, NULL},
                                                     {"reason", N_("Reason"), F_TEXT, 1, NULL},
                                                     {NULL, NULL, 0, 0, NULL}};
static const struct serve_fdef close_fields[] = {{NULL, NULL, 0, 0, NULL}};
static const struct serve_fdef approve_fields[] = {{"by", N_("Approved by"), F_TEXT, 1, NULL},
                                                   {"date", N_("Date"), F_DATE, 0, NULL},
                                                   {NULL, NULL, 0, 0, NULL}};

static const struct serve_form forms[] = {
    {"new", N_("New activity from a template"), new_fields, NULL, NULL, NULL},
    {"participant", N_("Add a participant"), participant_fields, NULL, NULL, NULL},
    {"deposit", N_("Record a deposit"), payment_fields, NULL, NULL, NULL},
    {"expense", N_("Record an expense"), expense_fields, NULL, NULL, NULL},
    {"budget", N_("Add a budget line"), line_fields, NULL, NULL, NULL},
    {"payout", N_("Record a payout (refund paid)"), payment_fields, NULL, NULL, NULL},
    {"approve", N_("Record the approval of the budget"), approve_fields, NULL, NULL, NULL},
    {"import", N_("Import a file (CSV or Excel)"), import_fields, NULL, NULL, NULL},
    {"withdraw", N_("Withdraw a participant (or rejoin)"), withdraw_fields, NULL, NULL, NULL},
    {"alias", N_("Give a participant the name a payment app shows"), alias_fields, NULL, NULL,
     NULL},
    {"void-payment", N_("Void a deposit or a payout"), void_payment_fields, NULL, NULL, NULL},
    {"void-line", N_("Void a budget line"), void_line_fields, NULL, NULL, NULL},
    {"close", N_("Close the activity (every balance settled)"), close_fields, NULL, NULL, NULL},
};

void serve_csrf_input(const struct serve_req *r, struct outlay_buf *b)
{
    outlay_buf_printf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", r->sv->csrf);
}

/* The templates, for the new-activity form's choice. */
static void template_options(struct serve_req *r, struct outlay_buf *b, const char *chosen)
{
    const char *dirs[4];
    char **names = NULL;
    size_t n = 0;
    outlay_err err = {0};
    size_t ndirs = cli_template_dirs(&r->sv->cli, dirs);
    outlay_buf_puts(b, "<option value=\"\"></option>");
    if (outlay_template_list(dirs, ndirs, &names, &n, &err) != OUTLAY_OK)
        return;
    for (size_t i = 0; i < n; i++) {
        outlay_buf_puts(b, "<option value=\"");
        outlay_buf_html(b, names[i]);
        outlay_buf_puts(b, chosen && !strcmp(chosen, names[i]) ? "\" selected>" : "\">");
        outlay_buf_html(b, names[i]);
        outlay_buf_puts(b, "</option>");
    }
    outlay_template_names_free(names, n);
}

void serve_form_html(struct serve_req *r, struct outlay_buf *b, const char *slug,
                     const struct serve_form *f, const struct serve_form_state *fs)
{
    int here = fs && fs->form && !strcmp(fs->form, f->action);
    int mine = here && !fs->saved && !fs->prefill; /* shown again: its fields as typed */
    int filled = here && fs->prefill;              /* an edit form: the record's values */
    int shown = 0;
    outlay_buf_printf(b, "<form class=\"card\" id=\"form-%s\" method=\"post\" action=\"",
                      f->action);
    if (slug) {
        outlay_buf_puts(b, "/a/");
        outlay_buf_html(b, slug);
        outlay_buf_puts(b, "/");
    } else {
        outlay_buf_puts(b, "/");
    }
    outlay_buf_html(b, f->action);
    /* a form shown again with its message is scrolled to */
    outlay_buf_printf(b, "#form-%s", f->action);
    /* an upload is multipart; the server reads it with the same limits */
    int multipart = 0;
    for (const struct serve_fdef *d = f->fields; d->name; d++)
        multipart |= d->type == F_FILE;
    outlay_buf_puts(b, multipart ? "\" enctype=\"multipart/form-data\"><h3>" : "\"><h3>");
    outlay_buf_html(b, _(f->title));
    outlay_buf_puts(b, "</h3>");
    serve_csrf_input(r, b);
    for (const struct serve_fdef *d = f->fields; d->name; d++) {
        const char *v = mine     ? serve_field(fs->r, d->name)
                        : filled ? fs->prefill(fs->prefill_ctx, d->name)
                                 : NULL;
        int bad = mine && !strcmp(fs->field, d->name);
        if (d->type == F_HIDDEN) {
            /* the record an edit form is about */
            outlay_buf_printf(b, "<input type=\"hidden\" name=\"%s\" value=\"", d->name);
            outlay_buf_html(b, v);
            outlay_buf_puts(b, "\">");
            continue;
        }
        outlay_buf_printf(b, "<div class=\"field\"><label for=\"%s-%s\">", f->action, d->name);
        outlay_buf_html(b, _(d->label));
        outlay_buf_puts(b, d->required ? " *</label>" : "</label>");
        switch (d->type) {
        case F_TEMPLATE:
            outlay_buf_printf(b, "<select id=\"%s-%s\" name=\"%s\"%s>", f->action, d->name, d->name,
                              bad ? " class=\"bad\"" : "");
            template_options(r, b, v);
            outlay_buf_puts(b, "</select>");
            break;
        case F_FUNDER:
            outlay_buf_printf(b, "<select id=\"%s-%s\" name=\"%s\"><option value=\"\"></option>",
                              f->action, d->name, d->name);
            for (int k = 0; k < 2; k++) {
                const char *val = k ? "union" : "participants";
                outlay_buf_printf(b, "<option value=\"%s\"%s>", val,
                                  v && !strcmp(v, val) ? " selected" : "");
                outlay_buf_html(b, cli_value(&r->sv->cli, val));
                outlay_buf_puts(b, "</option>");
            }
            outlay_buf_puts(b, "</select>");
            break;
        case F_IMPORT_KIND:
        case F_ENCODING: {
            static const char *const kinds[] = {"expenses", "deposits", "participants", "budget",
                                                NULL};
            static const char *const encodings[] = {"utf-8", "gbk", NULL};
            const char *const *vals = d->type == F_ENCODING ? encodings : kinds;
            outlay_buf_printf(b, "<select id=\"%s-%s\" name=\"%s\">", f->action, d->name, d->name);
            for (int k = 0; vals[k]; k++) {
                outlay_buf_printf(b, "<option value=\"%s\"%s>", vals[k],
                                  v && !strcmp(v, vals[k]) ? " selected" : "");
                /* TRANSLATORS: what an imported file holds, or its encoding */
                outlay_buf_html(b, d->type == F_ENCODING ? vals[k] : _(vals[k]));
                outlay_buf_puts(b, "</option>");
            }
            outlay_buf_puts(b, "</select>");
            break;
        }
        case F_CHOICE:
            /* a fixed choice (d->choices: value, label pairs; a label
             * NULL shows the value as it is); "" first when not required */
            outlay_buf_printf(b, "<select id=\"%s-%s\" name=\"%s\"%s>", f->action, d->name, d->name,
                              bad ? " class=\"bad\"" : "");
            if (!d->required)
                outlay_buf_puts(b, "<option value=\"\"></option>");
            for (int k = 0; d->choices[k]; k += 2) {
                outlay_buf_puts(b, "<option value=\"");
                outlay_buf_html(b, d->choices[k]);
                outlay_buf_puts(b, v && !strcmp(v, d->choices[k]) ? "\" selected>" : "\">");
                outlay_buf_html(b, d->choices[k + 1] ? _(d->choices[k + 1])
                                                     : cli_value(&r->sv->cli, d->choices[k]));
                outlay_buf_puts(b, "</option>");
            }
            outlay_buf_puts(b, "</select>");
            break;
        case F_PAYMENT_KIND:
            outlay_buf_printf(b, "<select id=\"%s-%s\" name=\"%s\">", f->action, d->name, d->name);
            for (int k = 0; k < 2; k++) {
                const char *val = k ? "payout" : "deposit";
                outlay_buf_printf(b, "<option value=\"%s\"%s>", val,
                                  v && !strcmp(v, val) ? " selected" : "");
                outlay_buf_html(b, k ? _("a payout") : _("a deposit"));
                outlay_buf_puts(b, "</option>");
            }
            outlay_buf_puts(b, "</select>");
            break;
        case F_FILE:
            outlay_buf_printf(b,
                              "<input type=\"file\" id=\"%s-%s\" name=\"%s\" "
                              "accept=\".csv,.xlsx,text/csv\"%s>",
                              f->action, d->name, d->name, bad ? " class=\"bad\"" : "");
            break;
        case F_CHECK:
            outlay_buf_printf(b,
                              "<input type=\"checkbox\" id=\"%s-%s\" name=\"%s\" value=\"yes\"%s>",
                              f->action, d->name, d->name, v && *v ? " checked" : "");
            break;
        default:
            /* Amounts are text: the ledger reads them (1,234.50, ¥12) and
             * says what is wrong, in the CLI's words. */
            outlay_buf_printf(b, "<input id=\"%s-%s\" name=\"%s\"%s%s value=\"", f->action, d->name,
                              d->name, d->type == F_DATE ? " placeholder=\"YYYY-MM-DD\"" : "",
                              bad ? " class=\"bad\" aria-invalid=\"true\"" : "");
            outlay_buf_html(b, v);
            outlay_buf_puts(b, "\">");
        }
        if (bad) {
            outlay_buf_printf(b, "<span class=\"error\" id=\"error-%s\">", d->name);
            outlay_buf_html(b, fs->message);
            outlay_buf_puts(b, "</span>");
            shown = 1;
        }
        outlay_buf_puts(b, "</div>");
    }
    if (here && fs->saved) {
        /* saved with warnings: they are said where the reader is */
        outlay_buf_puts(b, "<p class=\"warn\" id=\"warning-form\">");
        outlay_buf_html(b, _("Saved."));
        outlay_buf_puts(b, " ");
        outlay_buf_html(b, fs->message);
        outlay_buf_puts(b, "</p>");
    }
    if (mine && !shown) {
        outlay_buf_puts(b, "<p class=\"error\" id=\"error-form\">");
        outlay_buf_html(b, fs->message);
        outlay_buf_puts(b, "</p>");
    }
    if (f->preview) {
        /* a dry run first (the CLI's --dry-run) */
        outlay_buf_puts(b,
                        "<button type=\"submit\" name=\"preview\" value=\"yes\" class=\"second\">");
        outlay_buf_html(b, _(f->preview));
        outlay_buf_puts(b, "</button> ");
    }
    outlay_buf_puts(b, "<button type=\"submit\">");
    outlay_buf_html(b, f->button ? _(f->button) : _("Save"));
    outlay_buf_puts(b, "</button>");
    if (f->cancel && slug) {
        outlay_buf_puts(b, " <a class=\"cancel\" href=\"/a/");
        outlay_buf_html(b, slug);
        outlay_buf_printf(b, "#%s\">", f->cancel);
        outlay_buf_html(b, _("Cancel"));
        outlay_buf_puts(b, "</a>");
    }
    outlay_buf_puts(b, "</form>\n");
}

void serve_forms_activity(struct serve_req *r, struct outlay_buf *b, const char *slug,
                          const struct serve_form_state *fs)
{
    outlay_buf_puts(b, "<h2 id=\"forms\">");
    outlay_buf_html(b, _("Record"));
    outlay_buf_puts(b, "</h2>\n<div class=\"forms\">\n");
    for (size_t i = 1; i < sizeof forms / sizeof forms[0]; i++)
        serve_form_html(r, b, slug, &forms[i], fs);
    serve_form_bill(r, b, slug, fs);
    outlay_buf_puts(b, "</div>\n");
    if (fs && fs->form && !strcmp(fs->form, "void")) {
        outlay_buf_puts(b, "<p class=\"error\" id=\"error-form\">");
        outlay_buf_html(b, fs->message);
        outlay_buf_puts(b, "</p>");
    }
}

void serve_forms_year(struct serve_req *r, struct outlay_buf *b, const struct serve_form_state *fs)
{
    serve_form_html(r, b, NULL, &forms[0], fs);
}

/* A field as the ledger takes it: NULL when not sent or left empty (not
 * given), required ones "" so that the ledger names them. */
static const char *opt(const struct serve_req *r, const char *name)
{
    const char *v = serve_field(r, name);
    return v && *v ? v : NULL;
}

static const char *req(const struct serve_req *r, const char *name)
{
    const char *v = serve_field(r, name);
    return v ? v : "";
}

/* An empty required field: the CLI's OUTLAY_P_FIELD_EMPTY for it. */
static enum outlay_status need(const struct serve_req *r, const char *name, outlay_err *err)
{
    if (opt(r, name))
        return OUTLAY_OK;
    outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_FIELD_EMPTY);
    snprintf(err->column, sizeof err->column, "%s", name);
    return OUTLAY_EINVAL;
}

static enum outlay_status write_new(struct serve_req *r, outlay_store *st, outlay_err *err)
{
    struct outlay_template t = {0};
    const char *dirs[4];
    char path[4096], *rules = NULL;
    const char *name = opt(r, "template");
    enum outlay_status rc;
    struct outlay_activity_in in = {.title = opt(r, "title"),
                                    .date = opt(r, "date"),
                                    .venue = opt(r, "venue"),
                                    .organizer = opt(r, "organizer"),
                                    .headcount = opt(r, "headcount"),
                                    .deposit = opt(r, "deposit")};
    if ((rc = need(r, "slug", err)) != OUTLAY_OK)
        return rc;
    if (!name) {
        snprintf(err->column, sizeof err->column, "template");
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_SERVE_NO_TEMPLATE);
    }
    /* The rules every new activity is held to, as `activity new` does
     * (SPEC §14): the default when found, else none. */
    if (cli_rules_text(&r->sv->cli, "national", 0, &rules) == 0 && rules) {
        in.rules_name = "national";
        in.rules_text = rules;
    }
    size_t ndirs = cli_template_dirs(&r->sv->cli, dirs);
    if ((rc = outlay_template_find(name, dirs, ndirs, path, sizeof path, err)) == OUTLAY_OK &&
        (rc = outlay_template_load(path, &t, err)) == OUTLAY_OK) {
        outlay_template_choose(&t, r->lang);
        rc = outlay_ledger_activity_new(st, req(r, "slug"), &t, name, &in, err);
    }
    if (rc != OUTLAY_OK && !err->column[0] && err->code == OUTLAY_P_NONE)
        snprintf(err->column, sizeof err->column, "template");
    outlay_template_release(&t);
    free(rules);
    return rc;
}

/* An import's row problems, worded as the CLI words them, up to ten. */
struct import_errors {
    char text[2048];
    size_t n;
    const char *filename;
};

static void import_error(void *ctx, const outlay_err *p)
{
    struct import_errors *e = ctx;
    char msg[1024];
    size_t len = strlen(e->text);
    if (e->n++ >= 10 || len + 8 >= sizeof e->text)
        return;
    cli_problem_text(p, msg, sizeof msg);
    /* the uploaded file's own name, not the temporary file's */
    if (p->column[0])
        snprintf(e->text + len, sizeof e->text - len, "%s%s:%ld: %s: %s", len ? "; " : "",
                 e->filename, p->line, p->column, msg);
    else
        snprintf(e->text + len, sizeof e->text - len, "%s%s:%ld: %s", len ? "; " : "", e->filename,
                 p->line, msg);
}

/* SPEC §16: an import by upload: the file is written to a private
 * directory and read by the same outlay_import as `outlay import`. */
static enum outlay_status write_import(struct serve_req *r, outlay_store *st,
                                       const struct outlay_activity *a, outlay_err *err)
{
    const struct serve_field *f = NULL;
    for (size_t i = 0; i < r->nf; i++)
        if (!strcmp(r->f[i].name, "file"))
            f = &r->f[i];
    int kind = outlay_import_kind_parse(req(r, "what"));
    enum outlay_encoding enc = OUTLAY_ENC_UTF8;
    if (kind < 0 || !cli_encoding(opt(r, "encoding"), &enc)) {
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_FIELD_EMPTY);
        snprintf(err->column, sizeof err->column, "%s", kind < 0 ? "what" : "encoding");
        return OUTLAY_EINVAL;
    }
    if (!f || !f->value.len) {
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_FIELD_EMPTY);
        snprintf(err->column, sizeof err->column, "file");
        return OUTLAY_EINVAL;
    }
    char dir[4096], path[4200];
    if (!serve_tmp_template(dir, sizeof dir) || !mkdtemp(dir))
        return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_RANDOM, OUTLAY_A_ERRNO(errno));
    snprintf(path, sizeof path, "%s/upload", dir);
    FILE *out = fopen(path, "wb");
    int written = out && fwrite(f->value.p, 1, f->value.len, out) == f->value.len;
    if (out && fclose(out) != 0)
        written = 0;
    enum outlay_status rc;
    struct import_errors e = {.filename = f->filename[0] ? f->filename : "upload"};
    if (!written) {
        rc = outlay_fail(err, OUTLAY_EIO, OUTLAY_P_RANDOM, OUTLAY_A_ERRNO(errno));
    } else {
        struct outlay_import_opts o = {.kind = (enum outlay_import_kind)kind,
                                       .path = path,
                                       .encoding = enc,
                                       .on_error = import_error,
                                       .ctx = &e};
        long rows = 0;
        rc = outlay_import(st, a, &o, &rows, err);
        if (rc == OUTLAY_EINVAL && e.n) {
            /* the rows' problems, beside the file field */
            outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_NONE);
            snprintf(err->column, sizeof err->column, "file");
            snprintf(r->notice, sizeof r->notice, "%s", e.text);
        }
    }
    unlink(path);
    rmdir(dir);
    return rc;
}

/* Warnings of a write that was made (SPEC §11: a deposit past twice the
 * planned one, an expense for a tag no one carries...), worded as the CLI
 * words them after its output; the page shows them above itself. */
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

/* The write of one form, in the open transaction. */
static enum outlay_status write_form(struct serve_req *r, outlay_store *st, const char *slug,
                                     const char *action, outlay_err *err)
{
    struct outlay_activity a = {0};
    char today[11];
    enum outlay_status rc;
    if ((rc = outlay_ledger_activity(st, slug, 1, &a, err)) != OUTLAY_OK)
        return rc;
    const char *date = opt(r, "date") ? opt(r, "date") : outlay_date_today(today);
    if (!strcmp(action, "participant")) {
        struct outlay_participant_in in = {req(r, "name"), opt(r, "dept"), opt(r, "tags"),
                                           opt(r, "weight"), NULL};
        rc = outlay_ledger_participant_add(st, &a, &in, 1, err);
    } else if (!strcmp(action, "deposit") || !strcmp(action, "payout")) {
        struct outlay_payment_in in = {
            req(r, "name"), req(r, "amount"), date, opt(r, "method"), NULL, 0, NULL};
        if ((rc = need(r, "amount", err)) == OUTLAY_OK)
            rc = outlay_ledger_payment_add(
                st, &a, !strcmp(action, "deposit") ? OUTLAY_DEPOSIT : OUTLAY_PAYOUT, &in, 1, NULL,
                keep_warning, r, err);
    } else if (!strcmp(action, "expense")) {
        struct outlay_expense_in in = {.category = req(r, "category"),
                                       .amount = req(r, "amount"),
                                       .date = date,
                                       .item = opt(r, "item"),
                                       .payee = opt(r, "payee"),
                                       .paid_by = opt(r, "paid_by"),
                                       .receipt = opt(r, "receipt"),
                                       .for_tag = opt(r, "for"),
                                       .funded_by = opt(r, "funded_by")};
        if ((rc = need(r, "amount", err)) == OUTLAY_OK)
            rc = outlay_ledger_expense_add(st, &a, &in, 1, NULL, keep_warning, r, err);
    } else if (!strcmp(action, "budget")) {
        struct outlay_line_in in = {.category = req(r, "category"),
                                    .item = req(r, "item"),
                                    .unit_price = req(r, "unit_price"),
                                    .qty = opt(r, "qty"),
                                    .unit = opt(r, "unit"),
                                    .funded_by = opt(r, "funded_by"),
                                    .per_head = opt(r, "per_head") ? "yes" : NULL};
        if ((rc = need(r, "unit_price", err)) == OUTLAY_OK)
            rc = outlay_ledger_line_add(st, &a, &in, 1, NULL, err);
    } else if (!strcmp(action, "approve")) {
        if ((rc = need(r, "by", err)) == OUTLAY_OK)
            rc = outlay_ledger_approve(st, slug, req(r, "by"), opt(r, "date"), NULL, err);
    } else if (!strcmp(action, "import")) {
        rc = write_import(r, st, &a, err);
    } else if (!strcmp(action, "void")) {
        rc = outlay_ledger_expense_void(st, &a, req(r, "no"), req(r, "reason"), err);
    } else if (!strcmp(action, "withdraw")) {
        struct outlay_participant_in in = {req(r, "name"), NULL, NULL, NULL, NULL};
        rc = outlay_ledger_participant_set(st, &a, &in, opt(r, "rejoin") ? 0 : 1, err);
    } else if (!strcmp(action, "alias")) {
        rc = outlay_ledger_participant_alias(st, &a, req(r, "name"), req(r, "alias"),
                                             opt(r, "remove") != NULL, err);
    } else if (!strcmp(action, "void-payment")) {
        const char *which = req(r, "which");
        rc = outlay_ledger_payment_void(st, &a,
                                        !strcmp(which, "payout") ? OUTLAY_PAYOUT : OUTLAY_DEPOSIT,
                                        req(r, "no"), req(r, "reason"), err);
    } else if (!strcmp(action, "void-line")) {
        rc = outlay_ledger_line_void(st, &a, req(r, "no"), req(r, "reason"), err);
    } else if (!strcmp(action, "close")) {
        rc = outlay_ledger_activity_close(st, slug, 1, err);
    } else {
        rc = outlay_fail(err, OUTLAY_ENOTFOUND, OUTLAY_P_NONE);
    }
    outlay_activity_release(&a);
    return rc;
}

static int known_action(const char *action)
{
    if (!strcmp(action, "void"))
        return 1;
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
        if (!strcmp(forms[i].action, action))
            return 1;
    return 0;
}

/* The section a write shows up in, for the redirect after it. */
static const char *anchor(const char *action)
{
    static const char *const map[][2] = {{"new", "budget"},         {"participant", "participants"},
                                         {"deposit", "deposits"},   {"expense", "expenses"},
                                         {"void", "expenses"},      {"budget", "budget"},
                                         {"payout", "settlement"},  {"approve", "checks"},
                                         {"import", "expenses"},    {"withdraw", "participants"},
                                         {"alias", "participants"}, {"void-payment", "deposits"},
                                         {"void-line", "budget"},   {"close", "budget"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(map[i][0], action))
            return map[i][1];
    return "forms";
}

/* Keeps a write's warnings for the page its redirect shows; *id gets
 * their random id ("" when none could be made). */
void serve_flash_put(struct serve *sv, const char *action, const char *text, char id[33])
{
    char token[OUTLAY_TOKEN_HEX + 1];
    outlay_err err = {0};
    id[0] = '\0';
    if (outlay_serve_token_new(token, &err) != OUTLAY_OK)
        return;
    memcpy(id, token, 32);
    id[32] = '\0';
    pthread_mutex_lock(&sv->flash_lock);
    struct serve_flash *slot = &sv->flash[0];
    for (size_t i = 1; i < SERVE_FLASH; i++)
        if (sv->flash[i].at < slot->at)
            slot = &sv->flash[i];
    snprintf(slot->id, sizeof slot->id, "%s", id);
    snprintf(slot->action, sizeof slot->action, "%s", action);
    snprintf(slot->text, sizeof slot->text, "%s", text);
    slot->at = (int64_t)time(NULL);
    pthread_mutex_unlock(&sv->flash_lock);
}

/* Takes the warnings kept under id (once; for ten minutes): 1, or 0. */
static int flash_take(struct serve *sv, const char *id, char *action, size_t an, char *text,
                      size_t tn)
{
    int found = 0;
    int64_t now = (int64_t)time(NULL);
    if (!id || strlen(id) != 32)
        return 0;
    pthread_mutex_lock(&sv->flash_lock);
    for (size_t i = 0; i < SERVE_FLASH && !found; i++) {
        struct serve_flash *f = &sv->flash[i];
        if (f->id[0] && now - f->at <= 600 && outlay_serve_token_equal(f->id, id)) {
            snprintf(action, an, "%s", f->action);
            snprintf(text, tn, "%s", f->text);
            memset(f, 0, sizeof *f);
            found = 1;
        }
    }
    pthread_mutex_unlock(&sv->flash_lock);
    return found;
}

void serve_get_activity(struct serve_req *r, struct serve_answer *a, const char *slug)
{
    char action[16];
    struct serve_form_state saved = {.r = r, .saved = 1};
    if (!flash_take(r->sv, serve_query(r, "flash"), action, sizeof action, r->warnings,
                    sizeof r->warnings)) {
        serve_page_activity(r, a, slug, NULL);
        return;
    }
    /* saved, with warnings: on top of the page and beside the form */
    saved.form = action;
    snprintf(saved.message, sizeof saved.message, "%s", r->warnings);
    for (char *p = saved.message; (p = strchr(p, '\n'));)
        *p = ' ';
    serve_page_activity(r, a, slug, &saved);
}

void serve_post(struct serve_req *r, struct serve_answer *a, const char *slug, const char *action)
{
    outlay_store *st = NULL;
    outlay_err err = {0};
    enum outlay_status rc;
    if (!known_action(action) || (!slug) != !strcmp(action, "new")) {
        serve_page_error(r, a, 404, _("not found"));
        return;
    }
    /* One transaction, as a command of the CLI: BEGIN IMMEDIATE waits on
     * the store's busy timeout while the CLI writes (SPEC §16). */
    if ((rc = cli_ledger_begin(r->sv->ledger_path, 1, r->sv->who, &st, &err)) == OUTLAY_OK) {
        rc = slug ? write_form(r, st, slug, action, &err) : write_new(r, st, &err);
        enum outlay_status end = cli_ledger_end(st, rc == OUTLAY_OK, &err);
        if (rc == OUTLAY_OK)
            rc = end;
    }
    const char *target = slug ? slug : req(r, "slug");
    if (rc != OUTLAY_OK)
        r->warnings[0] = '\0'; /* nothing was written: nothing to warn of */
    if (rc == OUTLAY_OK) {
        /* Post/Redirect/Get: a reload does not write twice; warnings go
         * with the redirect, kept in the server under a random id */
        char id[33] = "";
        if (r->warnings[0] && slug)
            serve_flash_put(r->sv, action, r->warnings, id);
        a->status = 303;
        snprintf(a->location, sizeof a->location, "/a/%.80s?done=%s%s%s#%s", target, action,
                 id[0] ? "&flash=" : "", id, anchor(action));
        return;
    }
    struct serve_form_state fs = {.form = action, .r = r};
    snprintf(r->self, sizeof r->self, "/%s%.80s", slug ? "a/" : "", slug ? slug : "");
    snprintf(fs.field, sizeof fs.field, "%s", err.column);
    outlay_err shown = err;
    if (slug)
        shown.activity[0] = '\0'; /* the page is the activity's */
    if (r->notice[0])
        snprintf(fs.message, sizeof fs.message, "%s", r->notice);
    else
        cli_problem_text(&shown, fs.message, sizeof fs.message);
    if (!err.code && err.status == OUTLAY_ENOTFOUND) {
        serve_page_error(r, a, 404, _("not found"));
        return;
    }
    if (slug)
        serve_page_activity(r, a, slug, &fs);
    else
        serve_page_year(r, a, &fs);
    if (a->status == 200)
        a->status = 422; /* the form again, with what is wrong */
}

int serve_tmp_template(char *out, size_t n)
{
    /* issue 19's review: $TMPDIR when set (an absolute path), else /tmp */
    const char *t = getenv("TMPDIR");
    if (!t || t[0] != '/')
        t = "/tmp";
    size_t len = strlen(t);
    while (len > 1 && t[len - 1] == '/')
        len--;
    int k = snprintf(out, n, "%.*s/outlay-serve-XXXXXX", (int)len, t);
    return k > 0 && (size_t)k < n - 16; /* room for "/out.xlsx" after it */
}

/* Finds option `name` of an option table: its row. */
static int opt_row(const struct cli_opt *opts, const char *name)
{
    for (int i = 0; opts[i].name; i++)
        if (!strcmp(opts[i].name, name))
            return i;
    return -1;
}

void serve_download(struct serve_req *r, struct serve_answer *a, const char *slug, const char *what)
{
    /* The workbook and the PDF are made by the commands themselves
     * (cmd_export, cmd_print) into a temporary file, streamed back. */
    int pdf = !strcmp(what, "print.pdf");
    const struct cli_opt *opts = pdf ? cli_print_opts : cli_export_opts;
    char dir[4096], path[4200];
    outlay_err err = {0};
    struct cli c = r->sv->cli;
    if (!serve_tmp_template(dir, sizeof dir) || !mkdtemp(dir)) {
        serve_page_error(r, a, 500, _("cannot write the file"));
        return;
    }
    snprintf(path, sizeof path, "%s/%s", dir, pdf ? "out.pdf" : "out.xlsx");
    memset(c.values, 0, sizeof c.values);
    memset(&c.activity, 0, sizeof c.activity);
    c.pos[0] = slug;
    c.npos = 1;
    c.quiet = 1;
    c.values[opt_row(opts, "output")] = path;
    c.values[opt_row(opts, "lang")] = r->lang;
    int code = 1;
    if (cli_ledger_begin(r->sv->ledger_path, 0, NULL, &c.st, &err) == OUTLAY_OK)
        code = pdf ? cmd_print(&c) : cmd_export(&c);
    cli_ledger_end(c.st, 0, &err);
    outlay_activity_release(&c.activity);
    if (code != 0 || access(path, R_OK) != 0) {
        unlink(path);
        rmdir(dir);
        serve_page_error(r, a, 500, _("cannot write the file"));
        return;
    }
    /* The path goes to the HTTP side, which opens and unlinks it. */
    a->type = "file";
    snprintf(a->filename, sizeof a->filename, "%.60s-%s", slug,
             pdf ? "approval.pdf" : "approval.xlsx");
    outlay_buf_puts(&a->body, path);
}
