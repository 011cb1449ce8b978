/*
 * template: activity templates (templates/NAME.ini, read with inih; SPEC §9)
 * and workbook label catalogues (templates/lang/LANG.ini).
 *
 *     struct outlay_template t = {0}; outlay_err err = {0};
 *     if (outlay_template_load("templates/spring-hike.ini", &t, &err) == OUTLAY_OK)
 *         printf("%zu lines, the first: %s\n", t.nlines, t.lines[0].item);
 *     outlay_template_release(&t);
 */
#ifndef OUTLAY_TEMPLATE_H
#define OUTLAY_TEMPLATE_H

#include <stddef.h>
#include <stdint.h>

#include "outlay/status.h"

/* The Chinese text of a template (SPEC §12): each text key has a ".zh"
 * twin ("item.zh = 大巴往返"); outlay_template_choose() puts it in place. */
struct outlay_template_zh {
    char *title, *organizer, *venue;     /* of the [activity] */
    char *category, *item, *unit, *note; /* of a [line] */
};

struct outlay_template_line {
    char *category, *item, *unit, *note; /* unit/note may be NULL */
    struct outlay_template_zh zh;        /* their ".zh" keys, NULL when absent */
    char *funded_by;                     /* "participants", "union" or NULL */
    int kind;                            /* enum outlay_kind (SPEC §14): other by default */
    int64_t unit_price;                  /* fen */
    int64_t qty;                         /* 0 when per_head */
    int per_head;
    long line; /* line of its [line] header */
};

struct outlay_template {
    char *title, *organizer, *venue, *funded_by; /* NULL when absent */
    struct outlay_template_zh zh;                /* title.zh ...: NULL when absent */
    int64_t deposit, budget_total, subsidy_per_head, headcount;
    int has_deposit, has_budget_total, has_subsidy, has_headcount;
    struct outlay_template_line *lines;
    size_t nlines;
};

/* Loads and validates a template file: every [line] needs category, item and
 * unit_price, and at most one of qty (1..10^6) or per_head = true (neither:
 * qty 1); amounts follow SPEC §3; unknown sections or keys are errors. On
 * error returns OUTLAY_EINVAL with err->file and err->line set, the key in
 * err->column when the problem is about a known one, and the problem
 * (OUTLAY_P_TEMPLATE_*, OUTLAY_P_INI_*, or that of the value: an amount, a
 * quantity, a text), which the CLI prints as "templates/x.ini:12: item:
 * missing in this [line]; add 'item = ...'" (the line of a missing key is
 * its [line] header's); t is left empty. A file that cannot be opened:
 * OUTLAY_ENOTFOUND or OUTLAY_EIO with OUTLAY_P_INI_OPEN, err->line 0. Text
 * values are checked with outlay_text_check; a long one continues on
 * indented lines (joined with a space), as no line may exceed inih's buffer
 * (197 bytes in Debian's build). Free with outlay_template_release. */
enum outlay_status outlay_template_load(const char *path, struct outlay_template *t,
                                        outlay_err *err);

void outlay_template_release(struct outlay_template *t);

/* Puts the template's text in language lang ("zh" or "en"; SPEC §12): for
 * "zh" each text that has a ".zh" key takes its Chinese value (the others
 * stay as written); "en" keeps the plain keys. 0, or -1 for another lang. */
int outlay_template_choose(struct outlay_template *t, const char *lang);

/* 1 when every text of t (the title, organizer and venue given, each line's
 * category, item, unit and note given) has its Chinese twin: what every
 * shipped template must have. */
int outlay_template_bilingual(const struct outlay_template *t);

/* Finds NAME.ini in the first of dirs (NULL entries skipped) that has it;
 * writes its path to out. name must match [a-z0-9][a-z0-9-]*
 * (OUTLAY_P_TEMPLATE_NAME). OUTLAY_ENOTFOUND: OUTLAY_P_TEMPLATE_NOT_FOUND
 * lists the directories searched, OUTLAY_P_TEMPLATE_NO_DIR when there was
 * none. */
enum outlay_status outlay_template_find(const char *name, const char *const *dirs, size_t ndirs,
                                        char *out, size_t n, outlay_err *err);

/* Names (without .ini) of all templates in dirs, sorted, first directory
 * winning on duplicates. *names is a malloc'ed array of malloc'ed strings;
 * free with outlay_template_names_free. */
enum outlay_status outlay_template_list(const char *const *dirs, size_t ndirs, char ***names,
                                        size_t *count, outlay_err *err);
void outlay_template_names_free(char **names, size_t count);

/* A label catalogue: flat `key = value` pairs in sections, looked up as
 * "section.key". */
typedef struct outlay_lang outlay_lang;

/* Loads templates/lang/<code>.ini from the first dir that has it
 * (OUTLAY_ENOTFOUND: OUTLAY_P_LANG_NOT_FOUND or OUTLAY_P_LANG_NO_DIR); its
 * errors have their place as outlay_template_load's. Free with
 * outlay_lang_free. */
enum outlay_status outlay_lang_load(const char *code, const char *const *dirs, size_t ndirs,
                                    outlay_lang **lang, outlay_err *err);

/* The label for "section.key", or key itself when missing. Valid until
 * outlay_lang_free. */
const char *outlay_lang_get(const outlay_lang *lang, const char *key);

/* The number of labels, and the i-th "section.key" in byte order (NULL past
 * the end; valid until outlay_lang_free): to check that catalogues agree. */
size_t outlay_lang_count(const outlay_lang *lang);
const char *outlay_lang_key(const outlay_lang *lang, size_t i);

/* A problem in a document's words (the workbook's, the PDF's): the
 * "problem.NAME" label filled with its arguments, lists of ids with the
 * language's comma (zh: "、"), a banned kind by its [kind] label; without
 * a label (or a catalogue), its name and argument places. Returns buf. */
char *outlay_lang_problem(const outlay_lang *lang, int zh, const outlay_err *p, char *buf,
                          size_t n);

void outlay_lang_free(outlay_lang *lang);

#endif
