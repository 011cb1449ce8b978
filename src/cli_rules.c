/* cli_rules: `rules list`, `rules show` and the rules of `--rules` (SPEC §14). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"
#include "outlay/rules.h"

int cli_rules_text(struct cli *c, const char *name, int given, char **text)
{
    outlay_err err = {0};
    const char *dirs[4];
    char path[4096];
    struct outlay_rules r;
    size_t ndirs = cli_template_dirs(c, dirs);
    *text = NULL;
    enum outlay_status s = outlay_rules_find(name, dirs, ndirs, path, sizeof path, &err);
    if (s == OUTLAY_ENOTFOUND && !given)
        return 0; /* no national.ini where we looked: no rules */
    if (s != OUTLAY_OK || outlay_rules_load(path, name, &r, text, &err) != OUTLAY_OK) {
        outlay_err e = err;
        if (!e.file[0])
            snprintf(e.column, sizeof e.column, "rules");
        return cli_fail(c, &e);
    }
    outlay_rules_release(&r);
    return 0;
}

/* The rules' title and source in the reader's language: the .zh keys for
 * a Chinese interface, when the file has them. */
static void rules_words(const struct outlay_rules *r, const char **title, const char **source)
{
    int zh = !strcmp(cli_lang(NULL), "zh");
    *title = zh && r->title_zh ? r->title_zh : r->title;
    *source = zh && r->source_zh ? r->source_zh : r->source;
}

int cmd_rules_list(struct cli *c)
{
    outlay_err err = {0};
    const char *dirs[4];
    char **names = NULL, path[4096];
    size_t n = 0, ndirs = cli_template_dirs(c, dirs);
    static const struct cli_column src[] = {{"name", N_("Rules"), AL_LEFT},
                                            {"title", N_("Title"), AL_LEFT},
                                            {"source", N_("Source"), AL_LEFT}};
    struct cli_column cols[3];
    if (outlay_rules_list(dirs, ndirs, &names, &n, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    struct cli_table *t = cli_table_begin(c, cli_columns(src, 3, cols), 3);
    for (size_t i = 0; i < n; i++) {
        struct outlay_rules r;
        outlay_err rerr = {0};
        const char *title = _("(invalid: see 'outlay rules show')"), *source = "";
        int ok = outlay_rules_find(names[i], dirs, ndirs, path, sizeof path, &rerr) == OUTLAY_OK &&
                 outlay_rules_load(path, names[i], &r, NULL, &rerr) == OUTLAY_OK;
        if (ok) {
            rules_words(&r, &title, &source);
            title = title ? title : "";
            source = source ? source : "";
        }
        const char *cells[3] = {names[i], title, source};
        cli_table_row(t, cells, NULL, NULL);
        if (ok)
            outlay_rules_release(&r);
    }
    cli_table_end(t);
    outlay_template_names_free(names, n);
    return 0;
}

/* One cap of `rules show`: the label and the amount, or "no cap". */
static void show_cap(const char *label, int64_t cap, const char *unit)
{
    char b[OUTLAY_MONEY_BUFSZ];
    if (cap == OUTLAY_RULES_UNSET)
        cli_field(label, "%s\n", _("no cap"));
    else
        cli_field(label, "%s%s\n", outlay_money_format(cap, 1, b), unit);
}

int cmd_rules_show(struct cli *c)
{
    outlay_err err = {0};
    const char *dirs[4];
    char path[4096];
    struct outlay_rules r;
    size_t ndirs = cli_template_dirs(c, dirs);
    if (outlay_rules_find(c->pos[0], dirs, ndirs, path, sizeof path, &err) != OUTLAY_OK ||
        outlay_rules_load(path, c->pos[0], &r, NULL, &err) != OUTLAY_OK)
        return cli_fail(c, &err);
    cli_field(_("Rules:"), "%s\n", r.name);
    cli_field(_("File:"), "%s\n", path);
    const char *title, *source;
    rules_words(&r, &title, &source);
    if (title)
        cli_field(_("Title:"), "%s\n", title);
    if (source)
        cli_field(_("Source:"), "%s\n", source);
    if (r.winners_den)
        cli_field(_("Winners:"), _("at most %lld/%lld of the planned participants\n"),
                  (long long)r.winners_num, (long long)r.winners_den);
    else
        cli_field(_("Winners:"), "%s\n", _("no limit"));
    show_cap(_("Winner's prize:"), r.prize_winner_max, "");
    show_cap(_("Participation prize:"), r.prize_participation_max, "");
    show_cap(_("Souvenir:"), r.souvenir_max,
             r.souvenir_only_without_prizes ? _(" (only when there are no prizes)") : "");
    show_cap(_("Clothing:"), r.clothing_max, "");
    show_cap(_("Meals a head a day:"), r.meal_max_per_day, "");
    char kinds[256] = "";
    size_t k = 0;
    for (int i = 0; i < OUTLAY_KIND_COUNT; i++)
        if (r.banned_kinds & (1u << i))
            k += (size_t)snprintf(kinds + k, sizeof kinds - k, "%s%s", k ? _(", ") : "",
                                  cli_value(c, outlay_kind_name((enum outlay_kind)i)));
    cli_field(_("Banned kinds:"), "%s\n", k ? kinds : _("none"));
    cli_field(_("Banned words:"), "%s", r.nbanned_words ? "" : _("none"));
    for (size_t i = 0; i < r.nbanned_words; i++)
        printf("%s%s", i ? _(", ") : "", r.banned_words[i]);
    putchar('\n');
    if (r.reapproval_over_pct == OUTLAY_RULES_UNSET)
        cli_field(_("Re-approval:"), "%s\n", _("not required"));
    else
        cli_field(_("Re-approval:"),
                  _("when spending exceeds the approved total by more than %lld%%\n"),
                  (long long)r.reapproval_over_pct);
    outlay_rules_release(&r);
    return 0;
}
