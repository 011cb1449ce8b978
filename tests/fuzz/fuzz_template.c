/*
 * fuzz_template: activity templates and label catalogues (SPEC §9) from
 * arbitrary bytes. The input is written to a file in a private temporary
 * directory, loaded as a template (outlay_template_load) and as a label
 * catalogue (outlay_lang_load).
 *
 * Properties: a loaded template obeys what template.h promises (every line
 * has category, item and a price in range; qty 1..10^6, or 0 with per_head;
 * text is valid UTF-8 within the text limit); a refused one is left empty and
 * its message is set and names a line inside the file; a catalogue's keys
 * are sorted and unique, and each can be looked up.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outlay/money.h"
#include "outlay/template.h"
#include "outlay/text.h"

static char dir[64], tpl_path[128], lang_path[128];

static void cleanup(void)
{
    unlink(tpl_path);
    unlink(lang_path);
    char sub[96];
    snprintf(sub, sizeof sub, "%s/lang", dir);
    rmdir(sub);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/outlay-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
        abort();
    snprintf(tpl_path, sizeof tpl_path, "%s/t.ini", dir);
    char sub[96];
    snprintf(sub, sizeof sub, "%s/lang", dir);
    if (mkdir(sub, 0700) != 0)
        abort();
    snprintf(lang_path, sizeof lang_path, "%s/fz.ini", sub);
    atexit(cleanup);
    return 0;
}

static void put_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
}

/* Optional text must be NULL or valid, checked text. */
static void check_text(const char *s)
{
    if (!s)
        return;
    if (!outlay_utf8_valid(s, strlen(s)) || outlay_utf8_length(s) > OUTLAY_TEXT_MAX)
        abort();
}

static int64_t count_lines(const uint8_t *data, size_t size)
{
    int64_t n = 1;
    for (size_t i = 0; i < size; i++)
        n += data[i] == '\n';
    return n;
}

/* Whether e fails to report a problem: no code, or a code given the wrong
 * arguments. */
static int no_problem(const outlay_err *e)
{
    return e->code <= OUTLAY_P_NONE || e->code >= OUTLAY_P_COUNT || e->code == OUTLAY_P_BAD_PROBLEM;
}

static void check_template(const uint8_t *data, size_t size)
{
    struct outlay_template t = {0};
    outlay_err err = {0};
    enum outlay_status rc = outlay_template_load(tpl_path, &t, &err);
    if (rc != OUTLAY_OK) {
        if (no_problem(&err) || t.lines || t.nlines || t.title)
            abort();
        if (err.line < 0 || err.line > count_lines(data, size))
            abort();
        outlay_template_release(&t);
        return;
    }
    check_text(t.title);
    check_text(t.organizer);
    check_text(t.venue);
    if (t.funded_by && strcmp(t.funded_by, "participants") && strcmp(t.funded_by, "union"))
        abort();
    if (t.nlines > 0 && !t.lines)
        abort();
    for (size_t i = 0; i < t.nlines; i++) {
        const struct outlay_template_line *l = &t.lines[i];
        if (!l->category || !l->item || !l->category[0] || !l->item[0])
            abort();
        check_text(l->category);
        check_text(l->item);
        check_text(l->unit);
        check_text(l->note);
        if (l->unit_price < -OUTLAY_MONEY_MAX || l->unit_price > OUTLAY_MONEY_MAX)
            abort();
        if (l->per_head ? l->qty != 0 : (l->qty < 1 || l->qty > OUTLAY_QTY_MAX))
            abort();
        if (l->line < 1 || l->line > count_lines(data, size))
            abort();
    }
    outlay_template_release(&t);
}

static void check_lang(void)
{
    const char *dirs[] = {dir};
    outlay_lang *lang = NULL;
    outlay_err err = {0};
    if (outlay_lang_load("fz", dirs, 1, &lang, &err) != OUTLAY_OK) {
        if (lang || no_problem(&err))
            abort();
        return;
    }
    size_t n = outlay_lang_count(lang);
    for (size_t i = 0; i < n; i++) {
        const char *k = outlay_lang_key(lang, i);
        if (!k || (i > 0 && strcmp(outlay_lang_key(lang, i - 1), k) >= 0))
            abort();
        if (!outlay_lang_get(lang, k))
            abort();
    }
    if (outlay_lang_key(lang, n) != NULL)
        abort();
    outlay_lang_free(lang);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    put_file(tpl_path, data, size);
    check_template(data, size);
    put_file(lang_path, data, size);
    check_lang();
    return 0;
}
