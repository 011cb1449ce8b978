/* cli_serve_pages: the pages of `outlay serve` (SPEC §16): the year, an
 * activity, an error. Every text from the ledger goes through
 * outlay_buf_html; every label through gettext, in the page's language. */
#include <stdlib.h>
#include <string.h>

#include "cli_serve.h"
#include "i18n.h"

void serve_money(struct outlay_buf *b, int64_t fen)
{
    char m[OUTLAY_MONEY_BUFSZ];
    outlay_buf_html(b, outlay_money_format(fen, 1, m));
}

void serve_page_begin(struct serve_req *r, struct outlay_buf *b, const char *title)
{
    int zh = !strcmp(r->lang, "zh");
    outlay_buf_printf(b,
                      "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                      "<title>",
                      zh ? "zh-CN" : "en");
    outlay_buf_html(b, title);
    outlay_buf_puts(b, " – outlay</title><link rel=\"stylesheet\" href=\"/static/outlay.css\">"
                       "</head><body><header>");
    if (!r->slip) { /* a slip's reader can reach nothing else */
        outlay_buf_puts(b, "<a class=\"home\" href=\"/\">");
        outlay_buf_html(b, _("outlay: the year's activities"));
        outlay_buf_puts(b, "</a>");
    }
    /* the switch keeps the page (an edit page's record, a list's page);
     * it names the other language in its own words */
    struct outlay_buf href = {0};
    serve_switch_href(r, zh ? "en" : "zh", &href);
    outlay_buf_puts(b, "<a class=\"lang\" href=\"");
    outlay_buf_html(b, href.len && !href.failed ? href.p : "/");
    outlay_buf_free(&href);
    outlay_buf_puts(b, zh ? "\" hreflang=\"en\">English" : "\" hreflang=\"zh-CN\">中文");
    outlay_buf_puts(b, "</a></header><main>\n");
}

void serve_page_end(struct outlay_buf *b)
{
    outlay_buf_puts(b, "</main></body></html>\n");
}

void serve_page_error(struct serve_req *r, struct serve_answer *a, int status, const char *message)
{
    a->status = status;
    serve_page_begin(r, &a->body, message);
    outlay_buf_puts(&a->body, "<h1>");
    outlay_buf_html(&a->body, message);
    outlay_buf_puts(&a->body, "</h1><p><a href=\"/\">");
    outlay_buf_html(&a->body, _("back to the year"));
    outlay_buf_puts(&a->body, "</a></p>");
    serve_page_end(&a->body);
}

/* A problem from the ledger as a page: the CLI's words for it. */
static void page_problem(struct serve_req *r, struct serve_answer *a, const outlay_err *err)
{
    char text[2048];
    int status = err->status == OUTLAY_ENOTFOUND ? 404 : err->status == OUTLAY_EINVAL ? 400 : 500;
    serve_page_error(r, a, status, cli_problem_text(err, text, sizeof text));
}

/* The ledger for reading, in a transaction; close_read ends it. */
static enum outlay_status open_read(struct serve_req *r, outlay_store **st, outlay_err *err)
{
    return cli_ledger_begin(r->sv->ledger_path, 0, NULL, st, err);
}

static void close_read(outlay_store *st)
{
    outlay_err err = {0};
    cli_ledger_end(st, 0, &err);
}

static void th(struct outlay_buf *b, const char *label, int num)
{
    outlay_buf_puts(b, num ? "<th class=\"n\">" : "<th>");
    outlay_buf_html(b, label);
    outlay_buf_puts(b, "</th>");
}

static void td_text(struct outlay_buf *b, const char *s)
{
    outlay_buf_puts(b, "<td>");
    outlay_buf_html(b, s);
    outlay_buf_puts(b, "</td>");
}

static void td_money(struct outlay_buf *b, int64_t fen)
{
    outlay_buf_puts(b, "<td class=\"n\">");
    serve_money(b, fen);
    outlay_buf_puts(b, "</td>");
}

static void td_int(struct outlay_buf *b, int64_t n)
{
    outlay_buf_printf(b, "<td class=\"n\">%lld</td>", (long long)n);
}

static void h2(struct outlay_buf *b, const char *id, const char *label)
{
    outlay_buf_printf(b, "<h2 id=\"%s\">", id);
    outlay_buf_html(b, label);
    outlay_buf_puts(b, "</h2>\n");
}

/* A link to the edit page of one record (SPEC §11's `set`): its key
 * percent-encoded into the query, the whole escaped for the attribute. */
static void edit_link(struct outlay_buf *b, const char *slug, const char *what, const char *param,
                      const char *key, const char *label)
{
    struct outlay_buf u = {0};
    outlay_buf_puts(&u, "/a/");
    outlay_buf_puts(&u, slug);
    outlay_buf_printf(&u, "/edit-%s", what);
    if (param) {
        outlay_buf_printf(&u, "?%s=", param);
        serve_url_encode(&u, key);
    }
    outlay_buf_puts(b, "<a class=\"edit\" href=\"");
    outlay_buf_html(b, u.len ? u.p : "");
    outlay_buf_puts(b, "\">");
    outlay_buf_html(b, label);
    outlay_buf_puts(b, "</a>");
    if (u.failed)
        b->failed = 1;
    outlay_buf_free(&u);
}

/* --- the year ------------------------------------------------------------ */

/* One activity's row of the year (SPEC §7's figures, as `outlay report`):
 * budgeted, actual, and the union's share when it can be settled. */
static void year_row(struct outlay_buf *b, outlay_store *st, const struct outlay_activity *act)
{
    struct outlay_ledger_report rep;
    struct outlay_settlement s;
    outlay_err err = {0};
    outlay_buf_puts(b, "<tr><td><a href=\"/a/");
    outlay_buf_html(b, act->slug);
    outlay_buf_puts(b, "\">");
    outlay_buf_html(b, act->slug);
    outlay_buf_puts(b, "</a></td>");
    td_text(b, act->title);
    td_text(b, act->date);
    if (outlay_ledger_report(st, act, &rep, &err) == OUTLAY_OK) {
        td_money(b, rep.report.total.budgeted);
        td_money(b, rep.report.total.actual);
        outlay_ledger_report_release(&rep);
    } else {
        outlay_buf_puts(b, "<td></td><td></td>");
    }
    if (outlay_ledger_settle(st, act, &s, &err) == OUTLAY_OK)
        td_money(b, s.result.totals.union_share);
    else
        outlay_buf_puts(b, "<td></td>");
    outlay_settlement_release(&s);
    td_text(b, act->closed ? _("closed") : _("open"));
    outlay_buf_puts(b, "</tr>\n");
}

void serve_page_year(struct serve_req *r, struct serve_answer *a, const struct serve_form_state *fs)
{
    outlay_store *st = NULL;
    outlay_activity_cursor *cur = NULL;
    outlay_err err = {0};
    struct outlay_buf *b = &a->body;
    if (open_read(r, &st, &err) != OUTLAY_OK) {
        page_problem(r, a, &err);
        return;
    }
    serve_page_begin(r, b, _("The year's activities"));
    outlay_buf_puts(b, "<h1>");
    outlay_buf_html(b, _("The year's activities"));
    outlay_buf_puts(b, "</h1>\n<table><thead><tr>");
    th(b, _("Activity"), 0);
    th(b, _("Title"), 0);
    th(b, _("Date"), 0);
    th(b, _("Budgeted"), 1);
    th(b, _("Actual"), 1);
    th(b, _("Union share"), 1);
    th(b, _("Status"), 0);
    outlay_buf_puts(b, "</tr></thead><tbody>\n");
    struct outlay_activity act;
    int rc = 0;
    /* Each row's own queries would reuse the cursor's strings: the
     * activities are loaded one by one by slug. */
    char **slugs = NULL;
    size_t n = 0;
    if (outlay_ledger_activities(st, &cur, &err) == OUTLAY_OK)
        while ((rc = outlay_activity_cursor_next(cur, &act, &err)) == 1) {
            if (act.is_void)
                continue;
            char **v = realloc(slugs, (n + 1) * sizeof *slugs);
            if (!v || !(v[n] = strdup(act.slug))) {
                slugs = v ? v : slugs;
                b->failed = 1;
                break;
            }
            slugs = v;
            n++;
        }
    outlay_activity_cursor_close(cur);
    for (size_t i = 0; i < n; i++) {
        if (outlay_ledger_activity(st, slugs[i], 0, &act, &err) == OUTLAY_OK)
            year_row(b, st, &act);
        outlay_activity_release(&act);
        free(slugs[i]);
    }
    free(slugs);
    if (!n) {
        outlay_buf_puts(b, "<tr><td colspan=\"7\">");
        outlay_buf_html(b, _("No activity yet: add one from a template below."));
        outlay_buf_puts(b, "</td></tr>");
    }
    outlay_buf_puts(b, "</tbody></table>\n");
    close_read(st);
    serve_forms_year(r, b, fs);
    serve_page_end(b);
}

/* --- an activity --------------------------------------------------------- */

/* Budget lines by category (in the order each category first appears),
 * each category with its subtotal, then the total and its 大写. */
static void section_budget(const struct cli *c, struct outlay_buf *b, outlay_store *st,
                           const struct outlay_activity *act)
{
    outlay_line_cursor *cur = NULL;
    struct outlay_budget_line l;
    outlay_err err = {0};
    struct line {
        int64_t no, unit_price, qty, amount;
        char *category, *item, *unit;
        int funder_union;
    } *v = NULL;
    size_t n = 0;
    int rc = 0;
    h2(b, "budget", _("Budget"));
    if (outlay_ledger_lines(st, act, &cur, &err) == OUTLAY_OK)
        while ((rc = outlay_line_cursor_next(cur, &l, &err)) == 1) {
            if (l.is_void)
                continue;
            struct line *w = realloc(v, (n + 1) * sizeof *v);
            if (!w) {
                b->failed = 1;
                break;
            }
            v = w;
            v[n] = (struct line){l.id,
                                 l.unit_price,
                                 l.qty,
                                 l.amount,
                                 strdup(l.category ? l.category : ""),
                                 strdup(l.item ? l.item : ""),
                                 l.unit ? strdup(l.unit) : NULL,
                                 l.funded_by == OUTLAY_FUND_UNION};
            n++;
        }
    outlay_line_cursor_close(cur);
    outlay_buf_puts(b, "<table class=\"budget\"><thead><tr>");
    th(b, _("No."), 1);
    th(b, _("Category"), 0);
    th(b, _("Item"), 0);
    th(b, _("Unit price"), 1);
    th(b, _("Qty"), 1);
    th(b, _("Amount"), 1);
    th(b, _("Funded by"), 0);
    th(b, "", 0);
    outlay_buf_puts(b, "</tr></thead><tbody>\n");
    int64_t total = 0;
    char *done = calloc(n ? n : 1, 1);
    for (size_t i = 0; done && i < n; i++) {
        if (done[i])
            continue;
        int64_t sub = 0;
        for (size_t j = i; j < n; j++) {
            if (done[j] || strcmp(v[j].category, v[i].category) != 0)
                continue;
            done[j] = 1;
            outlay_buf_puts(b, "<tr>");
            td_int(b, v[j].no);
            td_text(b, v[j].category);
            td_text(b, v[j].item);
            td_money(b, v[j].unit_price);
            outlay_buf_printf(b, "<td class=\"n\">%lld ", (long long)v[j].qty);
            outlay_buf_html(b, v[j].unit);
            outlay_buf_puts(b, "</td>");
            td_money(b, v[j].amount);
            td_text(b, cli_value(c, v[j].funder_union ? "union" : "participants"));
            outlay_buf_puts(b, "<td>");
            if (!act->closed) {
                char no[32];
                snprintf(no, sizeof no, "%lld", (long long)v[j].no);
                edit_link(b, act->slug, "line", "no", no, _("edit"));
            }
            outlay_buf_puts(b, "</td></tr>\n");
            outlay_money_add(sub, v[j].amount, &sub);
        }
        outlay_buf_puts(b, "<tr class=\"sub\"><td></td><td colspan=\"4\">");
        /* TRANSLATORS: the subtotal of one budget category */
        outlay_buf_html(b, _("Subtotal"));
        outlay_buf_puts(b, ": ");
        outlay_buf_html(b, v[i].category);
        outlay_buf_puts(b, "</td>");
        td_money(b, sub);
        outlay_buf_puts(b, "<td></td><td></td></tr>\n");
        outlay_money_add(total, sub, &total);
    }
    free(done);
    outlay_buf_puts(b, "<tr class=\"total\"><td></td><td colspan=\"4\">");
    outlay_buf_html(b, _("TOTAL"));
    outlay_buf_puts(b, "</td>");
    td_money(b, total);
    outlay_buf_puts(b, "<td></td><td></td></tr></tbody></table>\n");
    char words[OUTLAY_WORDS_BUFSZ];
    if (outlay_words(total, words, sizeof words) == OUTLAY_OK) {
        outlay_buf_puts(b, "<p class=\"words\">");
        outlay_buf_html(b, _("Total in capital numerals:"));
        outlay_buf_puts(b, " <strong>");
        outlay_buf_html(b, words);
        outlay_buf_puts(b, "</strong></p>\n");
    }
    for (size_t i = 0; i < n; i++) {
        free(v[i].category);
        free(v[i].item);
        free(v[i].unit);
    }
    free(v);
}

/* Budget vs actual (SPEC §7) as `outlay report` shows it, and a bar chart:
 * SVG with classes, so no inline style is needed (the CSP forbids it). */
static void section_report(struct outlay_buf *b, outlay_store *st,
                           const struct outlay_activity *act)
{
    struct outlay_ledger_report rep;
    outlay_err err = {0};
    h2(b, "report", _("Budget vs actual"));
    if (outlay_ledger_report(st, act, &rep, &err) != OUTLAY_OK) {
        char text[1024];
        outlay_buf_puts(b, "<p class=\"error\">");
        outlay_buf_html(b, cli_problem_text(&err, text, sizeof text));
        outlay_buf_puts(b, "</p>");
        return;
    }
    const struct outlay_report *R = &rep.report;
    outlay_buf_puts(b, "<table><thead><tr>");
    th(b, _("Category"), 0);
    th(b, _("Budgeted"), 1);
    th(b, _("Actual"), 1);
    th(b, _("Variance"), 1);
    th(b, _("Used %"), 1);
    outlay_buf_puts(b, "</tr></thead><tbody>\n");
    for (size_t i = 0; i <= R->nrows; i++) {
        const struct outlay_report_row *row = i < R->nrows ? &R->rows[i] : &R->total;
        char pct[32];
        outlay_buf_puts(b, i < R->nrows ? "<tr>" : "<tr class=\"total\">");
        td_text(b, i < R->nrows ? row->category : _("TOTAL"));
        td_money(b, row->budgeted);
        td_money(b, row->actual);
        td_money(b, row->variance);
        outlay_buf_printf(b, "<td class=\"n%s\">", row->over ? " over" : "");
        outlay_buf_html(b, outlay_report_pct_format(row, pct));
        if (row->over) {
            outlay_buf_puts(b, " ");
            outlay_buf_html(b, _("over budget"));
        }
        outlay_buf_puts(b, "</td></tr>\n");
    }
    outlay_buf_puts(b, "</tbody></table>\n");
    /* The chart: two bars a category, scaled to the largest figure. */
    int64_t max = 1;
    for (size_t i = 0; i < R->nrows; i++) {
        if (R->rows[i].budgeted > max)
            max = R->rows[i].budgeted;
        if (R->rows[i].actual > max)
            max = R->rows[i].actual;
    }
    const int left = 150, width = 520, row_h = 34;
    outlay_buf_printf(b,
                      "<svg class=\"bars\" viewBox=\"0 0 %d %d\" role=\"img\" "
                      "xmlns=\"http://www.w3.org/2000/svg\"><title>",
                      left + width + 10, (int)(R->nrows * row_h + 30));
    outlay_buf_html(b, _("Budget vs actual"));
    outlay_buf_puts(b, "</title>");
    for (size_t i = 0; i < R->nrows; i++) {
        const struct outlay_report_row *row = &R->rows[i];
        int y = (int)i * row_h;
        /* whole pixels from fen, in integers: no float near money */
        long long wb = 0, wa = 0;
        /* the bound before the products (a category past 1.8e16 fen) */
        if (row->budgeted <= INT64_MAX / width && row->actual <= INT64_MAX / width) {
            wb = row->budgeted > 0 ? (long long)(row->budgeted * width / max) : 0;
            wa = row->actual > 0 ? (long long)(row->actual * width / max) : 0;
        }
        outlay_buf_printf(b, "<text x=\"0\" y=\"%d\">", y + 20);
        outlay_buf_html(b, row->category);
        outlay_buf_printf(b,
                          "</text><rect class=\"budget\" x=\"%d\" y=\"%d\" width=\"%lld\" "
                          "height=\"12\"/><rect class=\"actual%s\" x=\"%d\" y=\"%d\" "
                          "width=\"%lld\" height=\"12\"/>",
                          left, y + 4, wb, row->over ? " over" : "", left, y + 17, wa);
    }
    int ly = (int)R->nrows * row_h + 14;
    outlay_buf_printf(b, "<rect class=\"budget\" x=\"%d\" y=\"%d\" width=\"12\" height=\"12\"/>",
                      left, ly);
    outlay_buf_printf(b, "<text x=\"%d\" y=\"%d\">", left + 16, ly + 11);
    outlay_buf_html(b, _("Budgeted"));
    outlay_buf_printf(b,
                      "</text><rect class=\"actual\" x=\"%d\" y=\"%d\" width=\"12\" "
                      "height=\"12\"/><text x=\"%d\" y=\"%d\">",
                      left + 120, ly, left + 136, ly + 11);
    outlay_buf_html(b, _("Actual"));
    outlay_buf_puts(b, "</text></svg>\n");
    outlay_ledger_report_release(&rep);
}

/* SPEC §16: lists of thousands are paged, SERVE_PAGE_ROWS rows a page:
 * links to the first, the last and the pages near this one (?param=N). */
static void page_nav(struct outlay_buf *b, const char *param, const char *anchor, int64_t page,
                     int64_t pages)
{
    if (pages <= 1)
        return;
    outlay_buf_puts(b, "<nav class=\"pages\">");
    for (int64_t p = 1; p <= pages; p++) {
        if (p != 1 && p != pages && (p < page - 3 || p > page + 3)) {
            if (p == page - 4 || p == page + 4)
                outlay_buf_puts(b, "<span>…</span>");
            continue;
        }
        if (p == page)
            outlay_buf_printf(b, "<span>%lld</span>", (long long)p);
        else
            outlay_buf_printf(b, "<a href=\"?%s=%lld#%s\">%lld</a>", param, (long long)p, anchor,
                              (long long)p);
    }
    outlay_buf_puts(b, "</nav>\n");
}

/* Whether row i (from 0) is on page `page` of a list. */
static int on_page(int64_t i, int64_t page)
{
    return i >= (page - 1) * SERVE_PAGE_ROWS && i < page * SERVE_PAGE_ROWS;
}

static int64_t pages_of(int64_t rows)
{
    return rows ? (rows + SERVE_PAGE_ROWS - 1) / SERVE_PAGE_ROWS : 1;
}

static void section_people(struct serve_req *r, const struct cli *c, struct outlay_buf *b,
                           outlay_store *st, const struct outlay_activity *act)
{
    outlay_participant_cursor *cur = NULL;
    struct outlay_participant p;
    outlay_err err = {0};
    int64_t page = outlay_serve_page(serve_query(r, "pp")), n = 0;
    h2(b, "participants", _("Participants"));
    outlay_buf_puts(b, "<table><thead><tr>");
    th(b, _("Name"), 0);
    th(b, _("Dept"), 0);
    th(b, _("Tags"), 0);
    th(b, _("Weight"), 1);
    th(b, _("Status"), 0);
    th(b, "", 0);
    outlay_buf_puts(b, "</tr></thead><tbody>\n");
    if (outlay_ledger_participants(st, act, &cur, &err) == OUTLAY_OK)
        while (outlay_participant_cursor_next(cur, &p, &err) == 1) {
            if (!on_page(n++, page))
                continue;
            outlay_buf_puts(b, "<tr>");
            td_text(b, p.name);
            td_text(b, p.dept);
            td_text(b, p.tags);
            td_int(b, p.weight);
            td_text(b, cli_value(c, p.withdrawn ? "withdrawn" : "active"));
            outlay_buf_puts(b, "<td>");
            if (!act->closed)
                edit_link(b, act->slug, "person", "name", p.name, _("edit"));
            outlay_buf_puts(b, "</td></tr>\n");
        }
    outlay_participant_cursor_close(cur);
    outlay_buf_puts(b, "</tbody></table>\n");
    page_nav(b, "pp", "participants", page, pages_of(n));
}

static void section_deposits(struct serve_req *r, struct outlay_buf *b, outlay_store *st,
                             const struct outlay_activity *act)
{
    outlay_payment_cursor *cur = NULL;
    struct outlay_payment p;
    outlay_err err = {0};
    int64_t page = outlay_serve_page(serve_query(r, "dp")), n = 0;
    h2(b, "deposits", _("Deposits"));
    outlay_buf_puts(b, "<table><thead><tr>");
    th(b, _("No."), 1);
    th(b, _("Name"), 0);
    th(b, _("Amount"), 1);
    th(b, _("Date"), 0);
    th(b, _("Method"), 0);
    outlay_buf_puts(b, "</tr></thead><tbody>\n");
    if (outlay_ledger_payments(st, act, OUTLAY_DEPOSIT, &cur, &err) == OUTLAY_OK)
        while (outlay_payment_cursor_next(cur, &p, &err) == 1) {
            if (!on_page(n++, page))
                continue;
            outlay_buf_puts(b, p.is_void ? "<tr class=\"void\">" : "<tr>");
            td_int(b, p.id);
            td_text(b, p.name);
            td_money(b, p.amount);
            td_text(b, p.date);
            td_text(b, p.method);
            outlay_buf_puts(b, "</tr>\n");
        }
    outlay_payment_cursor_close(cur);
    outlay_buf_puts(b, "</tbody></table>\n");
    page_nav(b, "dp", "deposits", page, pages_of(n));
}

/* SPEC §16: 50 expenses a page (?page=N), read as a range of numbers. */
static void section_expenses(struct serve_req *r, struct outlay_buf *b, outlay_store *st,
                             const struct outlay_activity *act)
{
    outlay_expense_cursor *cur = NULL;
    struct outlay_expense e;
    outlay_err err = {0};
    int64_t count = 0, page = outlay_serve_page(serve_query(r, "page"));
    outlay_ledger_expense_count(st, act, &count, &err);
    int64_t pages = count ? (count + SERVE_PAGE_ROWS - 1) / SERVE_PAGE_ROWS : 1;
    if (page > pages)
        page = pages;
    h2(b, "expenses", _("Expenses recorded"));
    outlay_buf_puts(b, "<table><thead><tr>");
    th(b, _("No."), 1);
    th(b, _("Date"), 0);
    th(b, _("Category"), 0);
    th(b, _("Item"), 0);
    th(b, _("Payee"), 0);
    th(b, _("Paid by"), 0);
    th(b, _("Amount"), 1);
    th(b, "", 0);
    outlay_buf_puts(b, "</tr></thead><tbody>\n");
    if (outlay_ledger_expenses_page(st, act, (page - 1) * SERVE_PAGE_ROWS, SERVE_PAGE_ROWS, &cur,
                                    &err) == OUTLAY_OK)
        while (outlay_expense_cursor_next(cur, &e, &err) == 1) {
            outlay_buf_puts(b, e.is_void ? "<tr class=\"void\">" : "<tr>");
            td_int(b, e.id);
            td_text(b, e.date);
            td_text(b, e.category);
            td_text(b, e.item);
            td_text(b, e.payee);
            td_text(b, e.paid_by);
            td_money(b, e.amount);
            outlay_buf_puts(b, "<td>");
            if (e.is_void) {
                outlay_buf_html(b, _("void"));
                outlay_buf_puts(b, ": ");
                outlay_buf_html(b, e.void_reason);
            } else if (!act->closed) {
                char no[32];
                snprintf(no, sizeof no, "%lld", (long long)e.id);
                edit_link(b, act->slug, "expense", "no", no, _("edit"));
                outlay_buf_puts(b, " ");
                /* a void needs a reason (SPEC §11): a small form per row */
                outlay_buf_puts(b, "<form class=\"inline\" method=\"post\" action=\"/a/");
                outlay_buf_html(b, act->slug);
                outlay_buf_printf(b, "/void\"><input type=\"hidden\" name=\"no\" value=\"%lld\">",
                                  (long long)e.id);
                serve_csrf_input(r, b);
                outlay_buf_puts(b, "<input name=\"reason\" size=\"10\" required placeholder=\"");
                outlay_buf_html(b, _("reason"));
                outlay_buf_puts(b, "\"><button>");
                outlay_buf_html(b, _("Void"));
                outlay_buf_puts(b, "</button></form>");
            }
            outlay_buf_puts(b, "</td></tr>\n");
        }
    outlay_expense_cursor_close(cur);
    outlay_buf_puts(b, "</tbody></table>\n");
    page_nav(b, "page", "expenses", page, pages);
}

/* The settlement, the numbers of `outlay settle`. */
static void section_settle(struct serve_req *r, const struct cli *c, struct outlay_buf *b,
                           outlay_store *st, const struct outlay_activity *act)
{
    struct outlay_settlement s;
    outlay_err err = {0};
    int64_t page = outlay_serve_page(serve_query(r, "sp"));
    h2(b, "settlement", _("Settlement"));
    if (outlay_ledger_settle(st, act, &s, &err) != OUTLAY_OK) {
        char text[2048];
        outlay_buf_puts(b, "<p class=\"error\">");
        outlay_buf_html(b, cli_problem_text(&err, text, sizeof text));
        outlay_buf_puts(b, "</p>\n");
        outlay_settlement_release(&s);
        return;
    }
    outlay_buf_puts(b, "<table><thead><tr>");
    static const char *const heads[] = {
        N_("Name"),    N_("Deposits"), N_("Advanced"), N_("Paid out"), N_("Cost"),
        N_("Subsidy"), N_("Due"),      N_("Balance"),  N_("Action"),   N_("Amount")};
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
        th(b, _(heads[i]), i != 0 && i != 8);
    outlay_buf_puts(b, "</tr></thead><tbody>\n");
    for (size_t i = 0; i < s.npeople; i++) {
        if (!on_page((int64_t)i, page))
            continue;
        const struct outlay_settle_person *in = &s.inputs[i];
        const struct outlay_settle_row *row = &s.result.rows[i];
        outlay_buf_puts(b, "<tr>");
        td_text(b, s.people[i].name);
        td_money(b, in->deposits);
        td_money(b, in->advanced);
        td_money(b, in->paid_out);
        td_money(b, row->cost);
        td_money(b, row->subsidy);
        td_money(b, row->due);
        td_money(b, row->balance);
        td_text(b, cli_value(c, outlay_settle_action_name(row->action)));
        td_money(b, row->amount);
        outlay_buf_puts(b, "</tr>\n");
    }
    const struct outlay_settle_totals *t = &s.result.totals;
    outlay_buf_puts(b, "</tbody></table>\n");
    page_nav(b, "sp", "settlement", page, pages_of((int64_t)s.npeople));
    outlay_buf_puts(b, "<table class=\"totals\"><tbody>\n");
    const struct {
        const char *label;
        int64_t v;
    } rows[] = {{N_("Expenses"), t->expenses},      {N_("Union share"), t->union_share},
                {N_("Deposits"), t->deposits},      {N_("Paid out"), t->paid_out},
                {N_("Refunds to pay"), t->refunds}, {N_("Supplements to collect"), t->supplements},
                {N_("Cash in the fund"), t->cash}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        outlay_buf_puts(b, "<tr>");
        td_text(b, _(rows[i].label));
        td_money(b, rows[i].v);
        outlay_buf_puts(b, "</tr>\n");
    }
    outlay_buf_puts(b, "</tbody></table>\n<p>");
    outlay_buf_html(b, _("Settlement rule:"));
    outlay_buf_puts(b, " ");
    outlay_buf_html(b, cli_settle_rule_text(act->settle_rule));
    outlay_buf_puts(b, "</p>\n");
    outlay_settlement_release(&s);
}

static void add_problem(void *ctx, const outlay_err *p)
{
    struct outlay_buf *b = ctx;
    char text[2048];
    outlay_err q = *p;
    q.activity[0] = '\0'; /* the page names its activity */
    outlay_buf_puts(b, "<li>");
    outlay_buf_html(b, cli_problem_text(&q, text, sizeof text));
    outlay_buf_puts(b, "</li>\n");
}

/* Rule findings and consistency checks (`outlay check`'s words), and the
 * approval. */
static void section_checks(struct outlay_buf *b, outlay_store *st,
                           const struct outlay_activity *act)
{
    outlay_err err = {0};
    struct outlay_approval ap;
    int changed = 0;
    h2(b, "checks", _("Findings and approval"));
    int found = outlay_ledger_approval(st, act, &ap, &changed, &err);
    outlay_buf_puts(b, "<p>");
    outlay_buf_html(b, _("Approved:"));
    outlay_buf_puts(b, " ");
    if (found == 1) {
        char total[OUTLAY_MONEY_BUFSZ], line[1200];
        snprintf(line, sizeof line, _("%s by %s on %s"), outlay_money_format(ap.total, 1, total),
                 ap.by, ap.date);
        outlay_buf_html(b, line);
        if (changed) {
            outlay_buf_puts(b, "<span class=\"over\">");
            outlay_buf_html(b, _(" (changed since approval)"));
            outlay_buf_puts(b, "</span>");
        }
    } else {
        outlay_buf_html(b, _("not yet"));
    }
    outlay_buf_puts(b, "</p>\n<ul class=\"problems\">\n");
    size_t before = b->len;
    struct outlay_budget_summary sum;
    if (outlay_ledger_budget_summary(st, act, &sum, &err) == OUTLAY_OK)
        outlay_ledger_share_problems(act, &sum, add_problem, b);
    outlay_ledger_problems(st, act, add_problem, b, &err);
    if (b->len == before) {
        outlay_buf_puts(b, "<li class=\"ok\">");
        outlay_buf_html(b, _("No findings."));
        outlay_buf_puts(b, "</li>");
    }
    outlay_buf_puts(b, "</ul>\n");
}

/* The page kept for key at version into b: 1, or 0 when none is. */
static int cache_get(struct serve *sv, const char *key, int64_t version, struct outlay_buf *b)
{
    int hit = 0;
    pthread_mutex_lock(&sv->cache_lock);
    for (size_t i = 0; i < SERVE_CACHE && !hit; i++) {
        struct serve_cached *c = &sv->cache[i];
        if (c->body && c->version == version && !strcmp(c->key, key)) {
            outlay_buf_add(b, c->body, c->len);
            c->used = ++sv->cache_clock;
            hit = !b->failed;
        }
    }
    pthread_mutex_unlock(&sv->cache_lock);
    return hit;
}

/* Keeps b as the page for key at version, in place of the same key's
 * older page or the least recently used one. */
static void cache_put(struct serve *sv, const char *key, int64_t version,
                      const struct outlay_buf *b)
{
    char *copy = malloc(b->len ? b->len : 1);
    if (!copy)
        return;
    memcpy(copy, b->p, b->len);
    pthread_mutex_lock(&sv->cache_lock);
    struct serve_cached *slot = &sv->cache[0];
    for (size_t i = 0; i < SERVE_CACHE; i++) {
        struct serve_cached *c = &sv->cache[i];
        if (c->body && !strcmp(c->key, key)) {
            slot = c;
            break;
        }
        if (c->used < slot->used)
            slot = c;
    }
    free(slot->body);
    snprintf(slot->key, sizeof slot->key, "%s", key);
    slot->version = version;
    slot->body = copy;
    slot->len = b->len;
    slot->used = ++sv->cache_clock;
    pthread_mutex_unlock(&sv->cache_lock);
}

void serve_page_activity(struct serve_req *r, struct serve_answer *a, const char *slug,
                         const struct serve_form_state *fs)
{
    outlay_store *st = NULL;
    outlay_err err = {0};
    struct outlay_activity act = {0};
    struct outlay_buf *b = &a->body;
    int64_t version = -1;
    /* a plain read of the page (no form shown again, no warnings of a
     * write) is kept until the ledger's next write */
    int keep = !fs && !r->warnings[0];
    char key[320];
    const char *q[] = {serve_query(r, "page"), serve_query(r, "pp"), serve_query(r, "dp"),
                       serve_query(r, "sp")};
    snprintf(key, sizeof key, "%.64s|%s|%.16s|%.16s|%.16s|%.16s|%d", slug, r->lang,
             q[0] ? q[0] : "", q[1] ? q[1] : "", q[2] ? q[2] : "", q[3] ? q[3] : "",
             serve_query(r, "done") != NULL);
    if (open_read(r, &st, &err) != OUTLAY_OK ||
        (keep && outlay_ledger_version(st, &version, &err) != OUTLAY_OK) ||
        outlay_ledger_activity(st, slug, 0, &act, &err) != OUTLAY_OK) {
        close_read(st);
        page_problem(r, a, &err);
        return;
    }
    if (keep && cache_get(r->sv, key, version, b)) {
        close_read(st);
        outlay_activity_release(&act);
        return;
    }
    serve_page_begin(r, b, act.title ? act.title : act.slug);
    outlay_buf_puts(b, "<h1>");
    outlay_buf_html(b, act.title);
    outlay_buf_puts(b, " <small>");
    outlay_buf_html(b, act.slug);
    outlay_buf_puts(b, "</small></h1>\n<p>");
    outlay_buf_html(b, act.date);
    if (act.end_date) {
        outlay_buf_puts(b, " – ");
        outlay_buf_html(b, act.end_date);
    }
    if (act.venue) {
        outlay_buf_puts(b, " · ");
        outlay_buf_html(b, act.venue);
    }
    if (act.organizer) {
        outlay_buf_puts(b, " · ");
        outlay_buf_html(b, act.organizer);
    }
    if (act.closed) {
        outlay_buf_puts(b, " · <strong>");
        outlay_buf_html(b, _("closed"));
        outlay_buf_puts(b, "</strong>");
    }
    outlay_buf_puts(b, "</p>\n<p>");
    outlay_buf_html(b, _("Deposit per head:"));
    outlay_buf_puts(b, " ");
    serve_money(b, act.deposit);
    outlay_buf_puts(b, " · ");
    outlay_buf_html(b, _("Planned headcount:"));
    outlay_buf_printf(b, " %lld · <a href=\"/a/", (long long)act.headcount);
    outlay_buf_html(b, act.slug);
    outlay_buf_puts(b, "/export.xlsx\">");
    outlay_buf_html(b, _("Download the workbook"));
    outlay_buf_puts(b, "</a> · <a href=\"/a/");
    outlay_buf_html(b, act.slug);
    outlay_buf_puts(b, "/print.pdf\">");
    outlay_buf_html(b, _("Download the PDF"));
    outlay_buf_puts(b, "</a>");
    if (!act.closed) {
        outlay_buf_puts(b, " · ");
        edit_link(b, act.slug, "activity", NULL, NULL, _("Edit the activity"));
    }
    outlay_buf_puts(b, "</p>\n");
    if (r->warnings[0]) {
        /* SPEC §11: saved, and what the CLI would warn of */
        outlay_buf_puts(b, "<div class=\"flash warn\" id=\"warnings\"><p>");
        outlay_buf_html(b, _("Saved."));
        outlay_buf_puts(b, "</p><ul>");
        for (char *line = r->warnings, *nl; line && *line; line = nl ? nl + 1 : NULL) {
            nl = strchr(line, '\n');
            if (nl)
                *nl = '\0';
            outlay_buf_puts(b, "<li>");
            outlay_buf_html(b, line);
            outlay_buf_puts(b, "</li>");
        }
        outlay_buf_puts(b, "</ul></div>\n");
    } else if (serve_query(r, "done")) {
        outlay_buf_puts(b, "<p class=\"flash\">");
        outlay_buf_html(b, _("Saved."));
        outlay_buf_puts(b, "</p>\n");
    }
    section_budget(&r->sv->cli, b, st, &act);
    section_report(b, st, &act);
    section_people(r, &r->sv->cli, b, st, &act);
    section_deposits(r, b, st, &act);
    section_expenses(r, b, st, &act);
    section_settle(r, &r->sv->cli, b, st, &act);
    section_checks(b, st, &act);
    close_read(st);
    if (!act.closed)
        serve_forms_activity(r, b, act.slug, fs);
    else
        serve_forms_closed(r, b, act.slug);
    outlay_activity_release(&act);
    serve_page_end(b);
    if (keep && !b->failed)
        cache_put(r->sv, key, version, b);
}

/* SPEC §16: /s/TOKEN, one participant's slip for a phone: the numbers
 * of `outlay notice` and the PDF's slip (deposit, advanced, share, paid
 * out, refund or supplement, in figures and in capital numerals). The
 * token opens this page only: every other path still wants the access
 * token. A wrong one counts as a wrong access token. */
void serve_page_slip(struct serve_req *r, struct serve_answer *a, const char *token)
{
    outlay_store *st = NULL;
    outlay_err err = {0};
    struct outlay_activity act = {0};
    struct outlay_settlement s = {0};
    struct outlay_buf *b = &a->body;
    int64_t pid = 0;
    int found = 0;
    if (open_read(r, &st, &err) == OUTLAY_OK)
        found = outlay_ledger_link_find(st, token, &act, &pid, &err);
    if (found != 1) {
        close_read(st);
        outlay_activity_release(&act);
        if (found == 0)
            serve_wrong_token(r);
        serve_page_error(r, a, found == 0 ? 403 : 500, _("forbidden"));
        return;
    }
    enum outlay_status rc = outlay_ledger_settle(st, &act, &s, &err);
    close_read(st);
    r->slip = 1;
    serve_page_begin(r, b, act.title ? act.title : act.slug);
    outlay_buf_puts(b, "<div class=\"slip\"><h1>");
    outlay_buf_html(b, act.title);
    outlay_buf_puts(b, "</h1><p>");
    outlay_buf_html(b, act.date);
    outlay_buf_puts(b, "</p>\n");
    size_t i = 0;
    while (rc == OUTLAY_OK && i < s.npeople && s.people[i].id != pid)
        i++;
    if (rc != OUTLAY_OK || i == s.npeople) {
        char text[2048];
        outlay_buf_puts(b, "<p class=\"error\">");
        outlay_buf_html(b, rc != OUTLAY_OK ? cli_problem_text(&err, text, sizeof text)
                                           : _("not settled yet"));
        outlay_buf_puts(b, "</p>");
    } else {
        const struct outlay_settle_person *in = &s.inputs[i];
        const struct outlay_settle_row *row = &s.result.rows[i];
        outlay_buf_puts(b, "<h2>");
        outlay_buf_html(b, s.people[i].name);
        outlay_buf_puts(b, "</h2><table><tbody>\n");
        const struct {
            const char *label;
            int64_t v;
        } rows[] = {{N_("Deposits"), in->deposits},
                    {N_("Advanced"), in->advanced},
                    {N_("Your share"), row->due},
                    {N_("Paid out"), in->paid_out}};
        for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
            outlay_buf_puts(b, "<tr>");
            td_text(b, _(rows[k].label));
            td_money(b, rows[k].v);
            outlay_buf_puts(b, "</tr>\n");
        }
        outlay_buf_puts(b, "</tbody></table>\n<p class=\"big\" id=\"slip-action\">");
        outlay_buf_html(b, cli_value(&r->sv->cli, outlay_settle_action_name(row->action)));
        if (row->action != OUTLAY_SETTLE_SETTLED) {
            outlay_buf_puts(b, " ");
            serve_money(b, row->amount);
        }
        outlay_buf_puts(b, "</p>");
        char words[OUTLAY_WORDS_BUFSZ];
        if (outlay_words(row->amount, words, sizeof words) == OUTLAY_OK) {
            outlay_buf_puts(b, "<p class=\"words\">");
            outlay_buf_html(b, _("In capital numerals:"));
            outlay_buf_puts(b, " ");
            outlay_buf_html(b, words);
            outlay_buf_puts(b, "</p>");
        }
    }
    outlay_buf_puts(b, "</div>");
    outlay_settlement_release(&s);
    outlay_activity_release(&act);
    serve_page_end(b);
}
