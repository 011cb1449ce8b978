/*
 * template: activity templates (templates/NAME.ini) and workbook label
 * catalogues (templates/lang/CODE.ini), both INI files read with inih
 * (SPEC §9).
 *
 * inih is driven through ini_parse_stream() with our own line reader. inih
 * only reports keys, and Debian builds it without
 * INI_CALL_HANDLER_ON_NEW_SECTION, so on its own it would merge the repeated
 * [line] sections of a template into one. The reader sees every physical
 * line first: it counts lines (so errors name the line of a key, or of a
 * [line] header), announces each section header to its owner, even a header
 * with no keys under it, and refuses lines inih would cut at its line buffer
 * (ini_max_line) instead of reading them wrongly.
 */
#include "outlay/template.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "outlay/money.h"
#include "outlay/records.h"
#include "outlay/text.h"

#define NAME_MAX_LEN 64 /* SPEC §4 slug rule, also for templates and languages */

/* Reader ------------------------------------------------------------------- */

/* One INI file being read. The owner gets section headers (name NULL at the
 * end of the file) and keys; `continued` marks an indented line that inih
 * appends to the previous key (its multi-line values). */
struct reader {
    FILE *fp;
    const char *path;
    outlay_err *err;
    long lineno;  /* the physical line inih is working on */
    int indented; /* it begins with white space */
    int have_key; /* a key was read since the last header (inih's prev_name) */
    int failed;   /* err holds this file's first error; stop reading */
    long fail_line;
    void *owner;
    enum outlay_status (*section)(void *owner, const char *name);
    enum outlay_status (*key)(void *owner, const char *name, const char *value, int continued);
};

/* Takes the file's one error, at `line`, in the key `column` (NULL: none):
 * 0 when it has one already. */
static int claim(struct reader *r, long line, const char *column)
{
    if (r->failed)
        return 0;
    r->failed = 1;
    r->fail_line = line;
    outlay_err_clear(r->err);
    snprintf(r->err->file, sizeof r->err->file, "%s", r->path);
    r->err->line = line;
    snprintf(r->err->column, sizeof r->err->column, "%s", column ? column : "");
    return 1;
}

/* Records the file's first error: status s and a problem (a code and its
 * arguments, as for outlay_fail), its place in err->file, err->line and
 * err->column, the key it is about (NULL: none; the caller prints
 * "FILE:LINE: key: problem", as for CSV imports). Returns the status of the
 * file's first error.
 *
 *     return fail(r, OUTLAY_EINVAL, r->lineno, "item", OUTLAY_P_TEMPLATE_EMPTY);
 */
#define fail(r, s, line, column, ...)                                                              \
    (claim((r), (line), (column)) ? outlay_fail((r)->err, (s), __VA_ARGS__) : (r)->err->status)

/* Records a problem another module reported (sub) as the file's first
 * error, at line, in field `name` unless the problem has its place. */
static enum outlay_status fail_sub(struct reader *r, long line, const char *name,
                                   const outlay_err *sub)
{
    if (r->failed)
        return r->err->status;
    r->failed = 1;
    r->fail_line = line;
    *r->err = *sub;
    if (!r->err->column[0])
        snprintf(r->err->column, sizeof r->err->column, "%s", name);
    snprintf(r->err->file, sizeof r->err->file, "%s", r->path);
    r->err->line = line;
    return r->err->status;
}

static enum outlay_status no_memory(struct reader *r)
{
    return fail(r, OUTLAY_ENOMEM, r->lineno, NULL, OUTLAY_P_NOMEM);
}

/* Where inih's inline comment starts (a ';' after white space), else the end. */
static const char *comment_start(const char *s)
{
    const char *p = s;

    while ((p = strchr(p, ';')) && !(p > s && isspace((unsigned char)p[-1])))
        p++;
    return p ? p : s + strlen(s);
}

/* A header: the owner hears of every section, in order, even one without
 * keys. s is the line from its '['. */
static enum outlay_status see_header(struct reader *r, const char *s)
{
    const char *end = strchr(s, ']');
    char name[NAME_MAX_LEN + 1];
    size_t len;

    if (r->indented) /* inih would append it to the previous value */
        return fail(r, OUTLAY_EINVAL, r->lineno, NULL, OUTLAY_P_INI_INDENTED_HEADER);
    if (!end)
        return fail(r, OUTLAY_EINVAL, r->lineno, NULL, OUTLAY_P_INI_UNCLOSED_HEADER);
    len = (size_t)(end - s - 1);
    if (len > NAME_MAX_LEN)
        return fail(r, OUTLAY_EINVAL, r->lineno, NULL, OUTLAY_P_INI_SECTION_LONG,
                    OUTLAY_A_INPUTN(s + 1, len));
    memcpy(name, s + 1, len);
    name[len] = '\0';
    r->have_key = 0;
    return r->section(r->owner, name);
}

/* Reads a line the way inih will (a BOM on line 1 skipped; then a comment or
 * blank line, a header, a continuation: indented, after a key; or `key =
 * value`, also `key: value`), so sections reach the owner and a line inih
 * cannot read is refused in reading order, not by inih's bare line number at
 * the end. */
static enum outlay_status see_line(struct reader *r, const char *line)
{
    const char *s = line, *end;

    if (r->lineno == 1 && strncmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3;
    r->indented = isspace((unsigned char)*s);
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '[')
        return see_header(r, s);
    if (*s == '\0' || *s == ';' || *s == '#' || (r->indented && r->have_key))
        return OUTLAY_OK;
    end = comment_start(s);
    if (memchr(s, '=', (size_t)(end - s)) || memchr(s, ':', (size_t)(end - s)))
        return OUTLAY_OK;
    return fail(r, OUTLAY_EINVAL, r->lineno, NULL, OUTLAY_P_INI_SYNTAX);
}

/* ini_reader: hands inih one physical line, '\n'-terminated, in str (num
 * bytes). inih's own limit is num - 3 bytes of text. */
static char *read_line(char *str, int num, void *stream)
{
    struct reader *r = stream;
    size_t len = 0, max = num > 3 ? (size_t)num - 3 : 0;
    int c;

    if (r->failed)
        return NULL;
    c = getc(r->fp);
    if (c == EOF) {
        int e = errno; /* before claim()'s calls may change it */
        if (ferror(r->fp))
            fail(r, OUTLAY_EIO, r->lineno + 1, NULL, OUTLAY_P_FILE_READ, OUTLAY_A_ERRNO(e));
        else
            r->section(r->owner, NULL);
        return NULL;
    }
    r->lineno++;
    for (; c != EOF && c != '\n'; c = getc(r->fp)) {
        if (c == '\0') {
            fail(r, OUTLAY_EINVAL, r->lineno, NULL, OUTLAY_P_INI_NUL);
            return NULL;
        }
        if (len == max) {
            fail(r, OUTLAY_EINVAL, r->lineno, NULL, OUTLAY_P_INI_LINE_LONG, OUTLAY_A_INT(max));
            return NULL;
        }
        str[len++] = (char)c;
    }
    if (ferror(r->fp)) {
        int e = errno;
        fail(r, OUTLAY_EIO, r->lineno, NULL, OUTLAY_P_FILE_READ, OUTLAY_A_ERRNO(e));
        return NULL;
    }
    str[len++] = '\n';
    str[len] = '\0';
    return see_line(r, str) == OUTLAY_OK ? str : NULL;
}

/* ini_handler: every name = value, and every continuation line. inih keeps
 * an inline comment in a continuation line; it is cut here as on the first. */
static int read_key(void *user, const char *section, const char *name, const char *value)
{
    struct reader *r = user;
    int continued = r->indented && r->have_key; /* inih's multi-line rule */
    char *cut = NULL;
    enum outlay_status s;

    (void)section; /* the reader follows sections itself, with their lines */
    if (r->failed)
        return 0;
    r->have_key = 1;
    if (continued) {
        size_t len = (size_t)(comment_start(value) - value);
        while (len && isspace((unsigned char)value[len - 1]))
            len--;
        if (!(cut = strndup(value, len))) {
            no_memory(r);
            return 0;
        }
        value = cut;
    }
    s = r->key(r->owner, name, value, continued);
    free(cut);
    return s == OUTLAY_OK;
}

/* Reads r->path through inih. The first error in the file wins: ours, or a
 * line inih could not read (its return value). */
static enum outlay_status read_file(struct reader *r)
{
    int rc;

    r->fp = fopen(r->path, "r");
    if (!r->fp) {
        int e = errno;
        enum outlay_status s = e == ENOENT ? OUTLAY_ENOTFOUND : OUTLAY_EIO;
        outlay_fail(r->err, s, OUTLAY_P_INI_OPEN, OUTLAY_A_TEXT(r->path), OUTLAY_A_ERRNO(e));
        snprintf(r->err->file, sizeof r->err->file, "%s", r->path);
        r->err->line = 0;
        return s;
    }
    rc = ini_parse_stream(read_line, r, read_key, r);
    fclose(r->fp);
    r->fp = NULL;
    if (rc > 0 && (!r->failed || rc < r->fail_line)) {
        r->failed = 0;
        return fail(r, OUTLAY_EINVAL, rc, NULL, OUTLAY_P_INI_SYNTAX);
    }
    if (rc == -2 && !r->failed)
        return no_memory(r);
    return r->failed ? r->err->status : OUTLAY_OK;
}

/* Appends " more" to *s (inih's continuation lines of one value). */
static int append_text(char **s, const char *more)
{
    size_t a = strlen(*s), b = strlen(more);
    char *joined = realloc(*s, a + b + 2);

    if (!joined)
        return -1;
    joined[a] = ' ';
    memcpy(joined + a + 1, more, b + 1);
    *s = joined;
    return 0;
}

/* Templates ---------------------------------------------------------------- */

enum kind { K_TEXT, K_MONEY, K_COUNT, K_FUNDER, K_FLAG, K_KIND };

/* A key of a section, and where its value goes. */
struct field {
    const char *name;
    enum kind kind;
    int required;
    size_t off; /* in struct outlay_template or struct outlay_template_line */
    size_t has; /* of its has_ flag, or NO_FLAG */
};

#define NO_FLAG ((size_t)-1)
#define A(m) offsetof(struct outlay_template, m)
#define L(m) offsetof(struct outlay_template_line, m)

static const struct field activity_fields[] = {
    {"title", K_TEXT, 0, A(title), NO_FLAG},
    {"deposit", K_MONEY, 0, A(deposit), A(has_deposit)},
    {"headcount", K_COUNT, 0, A(headcount), A(has_headcount)},
    {"budget_total", K_MONEY, 0, A(budget_total), A(has_budget_total)},
    {"subsidy_per_head", K_MONEY, 0, A(subsidy_per_head), A(has_subsidy)},
    {"funded_by", K_FUNDER, 0, A(funded_by), NO_FLAG},
    {"organizer", K_TEXT, 0, A(organizer), NO_FLAG},
    {"venue", K_TEXT, 0, A(venue), NO_FLAG},
    {"title.zh", K_TEXT, 0, A(zh.title), NO_FLAG},
    {"organizer.zh", K_TEXT, 0, A(zh.organizer), NO_FLAG},
    {"venue.zh", K_TEXT, 0, A(zh.venue), NO_FLAG},
};

enum { F_CATEGORY, F_ITEM, F_UNIT_PRICE, F_QTY, F_PER_HEAD, F_UNIT, F_NOTE, F_FUNDED_BY, F_KIND };

static const struct field line_fields[] = {
    [F_CATEGORY] = {"category", K_TEXT, 1, L(category), NO_FLAG},
    [F_ITEM] = {"item", K_TEXT, 1, L(item), NO_FLAG},
    [F_UNIT_PRICE] = {"unit_price", K_MONEY, 1, L(unit_price), NO_FLAG},
    [F_QTY] = {"qty", K_COUNT, 0, L(qty), NO_FLAG},
    [F_PER_HEAD] = {"per_head", K_FLAG, 0, L(per_head), NO_FLAG},
    [F_UNIT] = {"unit", K_TEXT, 0, L(unit), NO_FLAG},
    [F_NOTE] = {"note", K_TEXT, 0, L(note), NO_FLAG},
    [F_FUNDED_BY] = {"funded_by", K_FUNDER, 0, L(funded_by), NO_FLAG},
    [F_KIND] = {"kind", K_KIND, 0, L(kind), NO_FLAG}, /* SPEC §14 */
    {"category.zh", K_TEXT, 0, L(zh.category), NO_FLAG},
    {"item.zh", K_TEXT, 0, L(zh.item), NO_FLAG},
    {"unit.zh", K_TEXT, 0, L(zh.unit), NO_FLAG},
    {"note.zh", K_TEXT, 0, L(zh.note), NO_FLAG},
};

#define NFIELDS(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_FIELDS 16
_Static_assert(NFIELDS(activity_fields) <= MAX_FIELDS, "key_line too small");
_Static_assert(NFIELDS(line_fields) <= MAX_FIELDS, "key_line too small");

/* A template being loaded. */
struct loader {
    struct reader r;
    struct outlay_template *t;
    size_t cap;                 /* of t->lines */
    const char *section;        /* "activity", "line" or NULL */
    const struct field *fields; /* the section's keys */
    size_t nfields;
    void *base; /* where they go: t or &line */
    long header_line;
    long key_line[MAX_FIELDS]; /* line of each key given, else 0 */
    int seen_activity;
    struct outlay_template_line line; /* the [line] being read */
};

static void zh_release(struct outlay_template_zh *z)
{
    free(z->title);
    free(z->organizer);
    free(z->venue);
    free(z->category);
    free(z->item);
    free(z->unit);
    free(z->note);
    memset(z, 0, sizeof *z);
}

static void line_release(struct outlay_template_line *l)
{
    free(l->category);
    free(l->item);
    free(l->unit);
    free(l->note);
    free(l->funded_by);
    zh_release(&l->zh);
    memset(l, 0, sizeof *l);
}

/* *text takes *zh's value when there is one. */
static void take(char **text, char **zh)
{
    if (!*zh)
        return;
    free(*text);
    *text = *zh;
    *zh = NULL;
}

int outlay_template_choose(struct outlay_template *t, const char *lang)
{
    if (!lang || (strcmp(lang, "zh") != 0 && strcmp(lang, "en") != 0))
        return -1;
    if (strcmp(lang, "en") == 0)
        return 0;
    take(&t->title, &t->zh.title);
    take(&t->organizer, &t->zh.organizer);
    take(&t->venue, &t->zh.venue);
    for (size_t i = 0; i < t->nlines; i++) {
        struct outlay_template_line *l = &t->lines[i];
        take(&l->category, &l->zh.category);
        take(&l->item, &l->zh.item);
        take(&l->unit, &l->zh.unit);
        take(&l->note, &l->zh.note);
    }
    return 0;
}

/* A text given has its twin. */
static int twin(const char *text, const char *zh)
{
    return !text || zh;
}

int outlay_template_bilingual(const struct outlay_template *t)
{
    int ok = twin(t->title, t->zh.title) && twin(t->organizer, t->zh.organizer) &&
             twin(t->venue, t->zh.venue);
    for (size_t i = 0; ok && i < t->nlines; i++) {
        const struct outlay_template_line *l = &t->lines[i];
        ok = twin(l->category, l->zh.category) && twin(l->item, l->zh.item) &&
             twin(l->unit, l->zh.unit) && twin(l->note, l->zh.note);
    }
    return ok;
}

static int parse_flag(const char *s)
{
    if (outlay_text_casecmp(s, "true") == 0 || outlay_text_casecmp(s, "yes") == 0)
        return 1;
    if (outlay_text_casecmp(s, "false") == 0 || outlay_text_casecmp(s, "no") == 0)
        return 0;
    return -1;
}

/* Text keys: empty means not given, except for required ones. */
static enum outlay_status set_text(struct loader *ld, const struct field *f, char **dst,
                                   const char *value)
{
    outlay_err sub = {0};

    if (*value == '\0')
        return f->required
                   ? fail(&ld->r, OUTLAY_EINVAL, ld->r.lineno, f->name, OUTLAY_P_TEMPLATE_EMPTY)
                   : OUTLAY_OK;
    if (outlay_text_check(value, f->name, OUTLAY_TEXT_MAX, &sub) != OUTLAY_OK)
        return fail_sub(&ld->r, ld->r.lineno, f->name, &sub);
    *dst = strdup(value);
    return *dst ? OUTLAY_OK : no_memory(&ld->r);
}

static enum outlay_status set_field(struct loader *ld, const struct field *f, const char *value)
{
    char *p = (char *)ld->base + f->off;
    outlay_err sub = {0};
    long line = ld->r.lineno;
    int v;

    switch (f->kind) {
    case K_TEXT:
        return set_text(ld, f, (char **)p, value);
    case K_MONEY: /* SPEC §3; the money module's problem quotes the value */
        if (outlay_money_parse(value, 0, (int64_t *)p, &sub) != OUTLAY_OK)
            return fail_sub(&ld->r, line, f->name, &sub);
        break;
    case K_COUNT:
        if (outlay_qty_parse(value, (int64_t *)p, &sub) != OUTLAY_OK)
            return fail_sub(&ld->r, line, f->name, &sub);
        break;
    case K_FUNDER:
        if ((v = outlay_funder_parse(value)) < 0)
            return fail(&ld->r, OUTLAY_EINVAL, line, f->name, OUTLAY_P_TEMPLATE_FUNDER,
                        OUTLAY_A_INPUT(value));
        if (!(*(char **)p = strdup(outlay_funder_name(v))))
            return no_memory(&ld->r);
        break;
    case K_KIND:
        if ((v = outlay_kind_parse(value)) < 0)
            return fail(&ld->r, OUTLAY_EINVAL, line, f->name, OUTLAY_P_NOT_KIND,
                        OUTLAY_A_INPUT(value));
        *(int *)p = v;
        break;
    case K_FLAG:
        if ((v = parse_flag(value)) < 0)
            return fail(&ld->r, OUTLAY_EINVAL, line, f->name, OUTLAY_P_TEMPLATE_FLAG,
                        OUTLAY_A_INPUT(value));
        *(int *)p = v;
        break;
    }
    if (f->has != NO_FLAG)
        *(int *)((char *)ld->base + f->has) = 1;
    return OUTLAY_OK;
}

/* "title, deposit, ..." for a problem. */
static const char *field_names(const struct field *fields, size_t n, char *buf, size_t size)
{
    size_t used = 0;

    buf[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? ", " : "", fields[i].name);
    return buf;
}

/* An indented line after a text key: more of the same value. */
static enum outlay_status continue_text(struct loader *ld, const struct field *f, const char *value)
{
    char **dst = (char **)((char *)ld->base + f->off);
    outlay_err sub = {0};

    if (f->kind != K_TEXT)
        return fail(&ld->r, OUTLAY_EINVAL, ld->r.lineno, f->name, OUTLAY_P_TEMPLATE_CONTINUED);
    if (!*dst) /* the first line was empty */
        return set_text(ld, f, dst, value);
    if (append_text(dst, value) != 0)
        return no_memory(&ld->r);
    if (outlay_text_check(*dst, f->name, OUTLAY_TEXT_MAX, &sub) != OUTLAY_OK)
        return fail_sub(&ld->r, ld->r.lineno, f->name, &sub);
    return OUTLAY_OK;
}

static enum outlay_status template_key(void *owner, const char *name, const char *value,
                                       int continued)
{
    struct loader *ld = owner;
    char known[256];
    size_t i;

    if (!ld->section)
        return fail(&ld->r, OUTLAY_EINVAL, ld->r.lineno, NULL, OUTLAY_P_TEMPLATE_OUTSIDE,
                    OUTLAY_A_INPUT(name));
    for (i = 0; i < ld->nfields && strcmp(ld->fields[i].name, name) != 0; i++)
        ;
    if (i == ld->nfields)
        return fail(&ld->r, OUTLAY_EINVAL, ld->r.lineno, NULL, OUTLAY_P_TEMPLATE_UNKNOWN_KEY,
                    OUTLAY_A_INPUT(name), OUTLAY_A_TEXT(ld->section),
                    OUTLAY_A_TEXT(field_names(ld->fields, ld->nfields, known, sizeof known)));
    if (continued)
        return continue_text(ld, &ld->fields[i], value);
    if (ld->key_line[i])
        return fail(&ld->r, OUTLAY_EINVAL, ld->r.lineno, name, OUTLAY_P_TEMPLATE_KEY_TWICE,
                    OUTLAY_A_TEXT(ld->section), OUTLAY_A_INT(ld->key_line[i]));
    ld->key_line[i] = ld->r.lineno;
    return set_field(ld, &ld->fields[i], value);
}

/* SPEC §9: a [line] needs category, item and unit_price, and a quantity:
 * qty, or per_head = true (the activity's headcount, known when the activity
 * is made), or neither, meaning one. */
static enum outlay_status finish_line(struct loader *ld)
{
    struct outlay_template_line *l = &ld->line;
    const long *at = ld->key_line;
    int64_t amount;

    for (size_t i = 0; i < NFIELDS(line_fields); i++)
        if (line_fields[i].required && !at[i])
            return fail(&ld->r, OUTLAY_EINVAL, ld->header_line, line_fields[i].name,
                        OUTLAY_P_TEMPLATE_KEY_MISSING, OUTLAY_A_TEXT(line_fields[i].name));
    if (l->per_head && at[F_QTY]) {
        int qty_last = at[F_QTY] > at[F_PER_HEAD];
        return fail(&ld->r, OUTLAY_EINVAL, qty_last ? at[F_QTY] : at[F_PER_HEAD],
                    qty_last ? "qty" : "per_head", OUTLAY_P_TEMPLATE_QTY_PER_HEAD,
                    OUTLAY_A_TEXT(qty_last ? "per_head = true" : "qty"));
    }
    if (!l->per_head && !at[F_QTY])
        l->qty = 1;
    if (!l->per_head && (outlay_money_mul(l->unit_price, l->qty, &amount) != OUTLAY_OK ||
                         amount > OUTLAY_MONEY_MAX))
        return fail(&ld->r, OUTLAY_EINVAL, at[F_QTY] ? at[F_QTY] : at[F_UNIT_PRICE], NULL,
                    OUTLAY_P_TEMPLATE_LINE_LARGE);
    if (ld->t->nlines == ld->cap) {
        size_t cap = ld->cap ? 2 * ld->cap : 8;
        void *p = realloc(ld->t->lines, cap * sizeof *ld->t->lines);
        if (!p)
            return no_memory(&ld->r);
        ld->t->lines = p;
        ld->cap = cap;
    }
    l->line = ld->header_line;
    ld->t->lines[ld->t->nlines++] = *l;
    memset(l, 0, sizeof *l);
    return OUTLAY_OK;
}

/* A header, or the end of the file (name NULL): ends the section before. */
static enum outlay_status template_section(void *owner, const char *name)
{
    struct loader *ld = owner;

    if (ld->section && strcmp(ld->section, "line") == 0 && finish_line(ld) != OUTLAY_OK)
        return ld->r.err->status;
    ld->section = NULL;
    if (!name)
        return OUTLAY_OK;
    memset(ld->key_line, 0, sizeof ld->key_line);
    ld->header_line = ld->r.lineno;
    if (strcmp(name, "activity") == 0) {
        if (ld->seen_activity)
            return fail(&ld->r, OUTLAY_EINVAL, ld->r.lineno, NULL,
                        OUTLAY_P_TEMPLATE_ACTIVITY_TWICE);
        ld->seen_activity = 1;
        ld->section = "activity";
        ld->fields = activity_fields;
        ld->nfields = NFIELDS(activity_fields);
        ld->base = ld->t;
    } else if (strcmp(name, "line") == 0) {
        ld->section = "line";
        ld->fields = line_fields;
        ld->nfields = NFIELDS(line_fields);
        ld->base = &ld->line;
    } else {
        return fail(&ld->r, OUTLAY_EINVAL, ld->r.lineno, NULL, OUTLAY_P_TEMPLATE_UNKNOWN_SECTION,
                    OUTLAY_A_INPUT(name));
    }
    return OUTLAY_OK;
}

enum outlay_status outlay_template_load(const char *path, struct outlay_template *t,
                                        outlay_err *err)
{
    outlay_err local;
    struct loader ld = {0};
    enum outlay_status s;

    if (!err)
        err = &local;
    memset(t, 0, sizeof *t);
    ld.r = (struct reader){
        .path = path, .err = err, .owner = &ld, .section = template_section, .key = template_key};
    ld.t = t;
    s = read_file(&ld.r);
    line_release(&ld.line);
    if (s != OUTLAY_OK)
        outlay_template_release(t);
    return s;
}

void outlay_template_release(struct outlay_template *t)
{
    if (!t)
        return;
    free(t->title);
    free(t->organizer);
    free(t->venue);
    free(t->funded_by);
    zh_release(&t->zh);
    for (size_t i = 0; i < t->nlines; i++)
        line_release(&t->lines[i]);
    free(t->lines);
    memset(t, 0, sizeof *t);
}

/* Finding files -------------------------------------------------------------- */

/* [a-z0-9][a-z0-9-]{0,63}: no '/', no '.', so a name cannot leave its
 * directory ("../x") or name a hidden file. */
static int name_ok(const char *s)
{
    size_t n;

    if (!s)
        return 0;
    for (n = 0; s[n]; n++) {
        char c = s[n];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && n > 0)))
            return 0;
    }
    return n >= 1 && n <= NAME_MAX_LEN;
}

/* Writes DIR/SUBNAME.ini of the first dir (NULL ones skipped) where it is a
 * regular file to out. OUTLAY_ENOTFOUND (err untouched) lists the directories
 * searched in tried. */
static enum outlay_status search(const char *sub, const char *name, const char *const *dirs,
                                 size_t ndirs, char *out, size_t n, char *tried, size_t tsize,
                                 outlay_err *err)
{
    struct stat st;
    size_t used = 0;

    tried[0] = '\0';
    for (size_t i = 0; i < ndirs; i++) {
        if (!dirs[i])
            continue;
        int len = snprintf(out, n, "%s/%s%s.ini", dirs[i], sub, name);
        if (len < 0 || (size_t)len >= n)
            return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_TEMPLATE_DIR_LONG,
                               OUTLAY_A_TEXT(dirs[i]));
        if (stat(out, &st) == 0 && S_ISREG(st.st_mode))
            return OUTLAY_OK;
        if (used < tsize)
            used += (size_t)snprintf(tried + used, tsize - used, "%s%s%s", used ? ", " : "",
                                     dirs[i], *sub ? "/lang" : "");
    }
    if (n)
        out[0] = '\0';
    return OUTLAY_ENOTFOUND;
}

enum outlay_status outlay_template_find(const char *name, const char *const *dirs, size_t ndirs,
                                        char *out, size_t n, outlay_err *err)
{
    char tried[512];
    enum outlay_status s;

    if (!name_ok(name))
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_TEMPLATE_NAME,
                           OUTLAY_A_INPUT(name ? name : ""));
    s = search("", name, dirs, ndirs, out, n, tried, sizeof tried, err);
    if (s != OUTLAY_ENOTFOUND)
        return s;
    if (!tried[0])
        return outlay_fail(err, OUTLAY_ENOTFOUND, OUTLAY_P_TEMPLATE_NO_DIR, OUTLAY_A_TEXT(name));
    return outlay_fail(err, OUTLAY_ENOTFOUND, OUTLAY_P_TEMPLATE_NOT_FOUND, OUTLAY_A_TEXT(name),
                       OUTLAY_A_TEXT(tried));
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the NAME.ini files of dir to *v. A directory that does not exist is
 * skipped: the installed data directory may not be there. */
static enum outlay_status list_dir(const char *dir, char ***v, size_t *n, size_t *cap,
                                   outlay_err *err)
{
    enum outlay_status s = OUTLAY_OK;
    DIR *d = opendir(dir);
    struct dirent *e;
    char stem[NAME_MAX_LEN + 1], path[4096];
    struct stat st;

    if (!d)
        return errno == ENOENT || errno == ENOTDIR
                   ? OUTLAY_OK
                   : outlay_fail(err, OUTLAY_EIO, OUTLAY_P_TEMPLATE_DIR, OUTLAY_A_TEXT(dir),
                                 OUTLAY_A_ERRNO(errno));
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 5 || len - 4 > NAME_MAX_LEN || strcmp(e->d_name + len - 4, ".ini") != 0)
            continue;
        memcpy(stem, e->d_name, len - 4);
        stem[len - 4] = '\0';
        if (!name_ok(stem) ||
            (size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= sizeof path ||
            stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (*n == *cap) {
            size_t c = *cap ? 2 * *cap : 16;
            char **p = realloc(*v, c * sizeof **v);
            if (!p) {
                s = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
                goto out;
            }
            *v = p;
            *cap = c;
        }
        if (!((*v)[*n] = strdup(stem))) {
            s = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
            goto out;
        }
        (*n)++;
    }
out:
    closedir(d);
    return s;
}

enum outlay_status outlay_template_list(const char *const *dirs, size_t ndirs, char ***names,
                                        size_t *count, outlay_err *err)
{
    char **v = NULL;
    size_t n = 0, cap = 0, kept = 0;
    enum outlay_status s = OUTLAY_OK;

    *names = NULL;
    *count = 0;
    for (size_t i = 0; i < ndirs && s == OUTLAY_OK; i++)
        if (dirs[i])
            s = list_dir(dirs[i], &v, &n, &cap, err);
    if (s != OUTLAY_OK) {
        outlay_template_names_free(v, n);
        return s;
    }
    /* Names only: a name found in two directories is listed once. */
    if (n)
        qsort(v, n, sizeof *v, compare_names);
    for (size_t i = 0; i < n; i++) {
        if (kept && strcmp(v[kept - 1], v[i]) == 0)
            free(v[i]);
        else
            v[kept++] = v[i];
    }
    *names = v;
    *count = kept;
    return OUTLAY_OK;
}

void outlay_template_names_free(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}

/* Label catalogues ------------------------------------------------------------ */

struct label {
    char *key; /* "section.key" */
    char *value;
    long line;
};

struct outlay_lang {
    struct label *v; /* sorted by key once loaded */
    size_t n, cap;
};

struct lang_loader {
    struct reader r;
    outlay_lang *lang;
    char section[NAME_MAX_LEN + 1]; /* empty before the first header */
};

/* Section and key names of a catalogue: [a-z0-9_]+. */
static int label_name_ok(const char *s)
{
    size_t n;

    for (n = 0; s[n]; n++)
        if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '_'))
            return 0;
    return n >= 1 && n <= NAME_MAX_LEN;
}

static enum outlay_status lang_section(void *owner, const char *name)
{
    struct lang_loader *ll = owner;

    if (!name)
        return OUTLAY_OK;
    if (!label_name_ok(name))
        return fail(&ll->r, OUTLAY_EINVAL, ll->r.lineno, NULL, OUTLAY_P_LANG_SECTION_NAME,
                    OUTLAY_A_INPUT(name));
    snprintf(ll->section, sizeof ll->section, "%s", name);
    return OUTLAY_OK;
}

static enum outlay_status lang_key(void *owner, const char *name, const char *value, int continued)
{
    struct lang_loader *ll = owner;
    outlay_lang *lang = ll->lang;
    outlay_err sub = {0};
    struct label *l;

    if (!ll->section[0] || !label_name_ok(name))
        return fail(&ll->r, OUTLAY_EINVAL, ll->r.lineno, NULL, OUTLAY_P_LANG_KEY_NAME,
                    OUTLAY_A_INPUT(name));
    if (continued) { /* the last label is the one continued */
        if (!lang->n)
            return fail(&ll->r, OUTLAY_EINVAL, ll->r.lineno, NULL, OUTLAY_P_LANG_CONTINUES_NOTHING);
        l = &lang->v[lang->n - 1];
        if (append_text(&l->value, value) != 0)
            return no_memory(&ll->r);
    } else {
        if (lang->n == lang->cap) {
            size_t cap = lang->cap ? 2 * lang->cap : 64;
            void *p = realloc(lang->v, cap * sizeof *lang->v);
            if (!p)
                return no_memory(&ll->r);
            lang->v = p;
            lang->cap = cap;
        }
        l = &lang->v[lang->n];
        *l = (struct label){.line = ll->r.lineno};
        size_t size = strlen(ll->section) + strlen(name) + 2;
        if (!(l->key = malloc(size)) || !(l->value = strdup(value))) {
            free(l->key);
            return no_memory(&ll->r);
        }
        snprintf(l->key, size, "%s.%s", ll->section, name);
        lang->n++;
    }
    if (outlay_text_check(l->value, name, OUTLAY_TEXT_MAX, &sub) != OUTLAY_OK)
        return fail_sub(&ll->r, ll->r.lineno, name, &sub);
    return OUTLAY_OK;
}

static int compare_labels(const void *a, const void *b)
{
    return strcmp(((const struct label *)a)->key, ((const struct label *)b)->key);
}

/* Sorts the labels for lookup; a key given twice is an error. */
static enum outlay_status lang_index(struct lang_loader *ll)
{
    outlay_lang *lang = ll->lang;

    if (lang->n)
        qsort(lang->v, lang->n, sizeof *lang->v, compare_labels);
    for (size_t i = 1; i < lang->n; i++) {
        const struct label *a = &lang->v[i - 1], *b = &lang->v[i];
        if (strcmp(a->key, b->key) == 0) {
            const struct label *later = a->line > b->line ? a : b;
            return fail(&ll->r, OUTLAY_EINVAL, later->line, NULL, OUTLAY_P_LANG_KEY_TWICE,
                        OUTLAY_A_TEXT(later->key), OUTLAY_A_INT(later == a ? b->line : a->line));
        }
    }
    return OUTLAY_OK;
}

enum outlay_status outlay_lang_load(const char *code, const char *const *dirs, size_t ndirs,
                                    outlay_lang **lang, outlay_err *err)
{
    outlay_err local;
    struct lang_loader ll = {0};
    char path[4096], tried[512];
    enum outlay_status s;

    if (!err)
        err = &local;
    *lang = NULL;
    if (!name_ok(code))
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_LANG_CODE,
                           OUTLAY_A_INPUT(code ? code : ""));
    s = search("lang/", code, dirs, ndirs, path, sizeof path, tried, sizeof tried, err);
    if (s == OUTLAY_ENOTFOUND && !tried[0])
        return outlay_fail(err, s, OUTLAY_P_LANG_NO_DIR, OUTLAY_A_TEXT(code));
    if (s == OUTLAY_ENOTFOUND)
        return outlay_fail(err, s, OUTLAY_P_LANG_NOT_FOUND, OUTLAY_A_TEXT(code),
                           OUTLAY_A_TEXT(tried));
    if (s != OUTLAY_OK)
        return s;
    if (!(ll.lang = calloc(1, sizeof *ll.lang)))
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    ll.r = (struct reader){
        .path = path, .err = err, .owner = &ll, .section = lang_section, .key = lang_key};
    s = read_file(&ll.r);
    if (s == OUTLAY_OK)
        s = lang_index(&ll);
    if (s != OUTLAY_OK) {
        outlay_lang_free(ll.lang);
        return s;
    }
    *lang = ll.lang;
    return OUTLAY_OK;
}

static const struct label *lang_find(const outlay_lang *lang, const char *key)
{
    struct label k = {.key = (char *)key};

    if (!lang || !key || !lang->n)
        return NULL;
    return bsearch(&k, lang->v, lang->n, sizeof *lang->v, compare_labels);
}

const char *outlay_lang_get(const outlay_lang *lang, const char *key)
{
    const struct label *l = lang_find(lang, key);

    return l ? l->value : key;
}

size_t outlay_lang_count(const outlay_lang *lang)
{
    return lang ? lang->n : 0;
}

const char *outlay_lang_key(const outlay_lang *lang, size_t i)
{
    return lang && i < lang->n ? lang->v[i].key : NULL;
}

void outlay_lang_free(outlay_lang *lang)
{
    if (!lang)
        return;
    for (size_t i = 0; i < lang->n; i++) {
        free(lang->v[i].key);
        free(lang->v[i].value);
    }
    free(lang->v);
    free(lang);
}

/* --- problems in a document's words ------------------------------------- */

/* A list of expense ids ("3, 7") as the language writes it (Chinese with
 * the enumeration comma: "3、7"), and how many more were left out. */
static void word_ids(const outlay_lang *lang, int zh, struct outlay_arg *ids, long long more)
{
    char list[OUTLAY_ARG_TEXT_MAX];
    size_t k = 0;
    for (const char *s = ids->text; *s && k + 4 < sizeof list; s++) {
        if (zh && s[0] == ',' && s[1] == ' ') {
            memcpy(list + k, "、", 3);
            k += 3;
            s++;
        } else {
            list[k++] = *s;
        }
    }
    list[k] = '\0';
    if (more > 0) {
        outlay_err m = {.nargs = 2};
        m.args[0].kind = 't';
        snprintf(m.args[0].text, sizeof m.args[0].text, "%s", list);
        m.args[1] = (struct outlay_arg){.kind = 'i', .n = more};
        outlay_problem_fill(&m, outlay_lang_get(lang, "settle.more_ids"), ids->text,
                            sizeof ids->text);
    } else {
        snprintf(ids->text, sizeof ids->text, "%s", list);
    }
}

/* SPEC §14: a banned kind in the document's language ([kind] of the
 * labels; "gift-card" is looked up as kind.gift_card). */
static void word_kind(const outlay_lang *lang, struct outlay_arg *kind)
{
    char key[96];
    size_t k = (size_t)snprintf(key, sizeof key, "kind.%s", kind->text);
    for (size_t i = 5; i < k && i < sizeof key; i++)
        key[i] = key[i] == '-' ? '_' : key[i];
    const char *w = outlay_lang_get(lang, key);
    if (strcmp(w, key) != 0)
        snprintf(kind->text, sizeof kind->text, "%s", w);
}

char *outlay_lang_problem(const outlay_lang *lang, int zh, const outlay_err *p, char *buf, size_t n)
{
    char key[96], fallback[64];
    outlay_err q = *p;
    snprintf(key, sizeof key, "problem.%s", outlay_problem_name(p->code));
    const char *w = lang ? outlay_lang_get(lang, key) : key;
    if (strcmp(w, key) == 0) {
        /* No wording in this language (tests see to it that the codes a
         * workbook or a PDF shows have one): its name and arguments. */
        size_t k = (size_t)snprintf(fallback, sizeof fallback, "%s", outlay_problem_name(p->code));
        for (int i = 0; i < p->nargs && k + 8 < sizeof fallback; i++)
            k += (size_t)snprintf(fallback + k, sizeof fallback - k, "%s{%d}", i ? ", " : ": ",
                                  i + 1);
        w = fallback;
    }
    if (lang && p->code == OUTLAY_P_SETTLE_NOBODY && p->nargs == 3)
        word_ids(lang, zh, &q.args[0], q.args[1].n);
    else if (lang && p->code == OUTLAY_P_SETTLE_TAG_NOBODY && p->nargs == 4)
        word_ids(lang, zh, &q.args[1], q.args[2].n);
    else if (lang && p->code == OUTLAY_P_ORPHAN_TAG && p->nargs == 3)
        word_ids(lang, zh, &q.args[1], 0);
    else if (lang &&
             (p->code == OUTLAY_P_RULE_BANNED_KIND_LINE ||
              p->code == OUTLAY_P_RULE_BANNED_KIND_EXPENSE) &&
             p->nargs == 3)
        word_kind(lang, &q.args[2]);
    return outlay_problem_fill(&q, w, buf, n);
}
