/*
 * rules: the union's rules files and their findings (SPEC §14).
 *
 * A rules file is read by a strict line parser of its own rather than
 * inih: the same text is parsed again from the ledger's copy (no file to
 * hand inih), and every refusal must name its line, which Debian's inih
 * does not give a handler. The syntax is inih's: `[rules]`, `key = value`,
 * comments after ';' or '#' at the start of a line.
 */
#include "outlay/rules.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outlay/date.h"
#include "outlay/money.h"
#include "outlay/template.h"
#include "outlay/text.h"

/* --- parsing ------------------------------------------------------------ */

/* A malloc'd NFC copy of s (len bytes) into *out: 0, or -1 when out of
 * memory (s is valid UTF-8 already). */
static int nfc_copy(const char *s, size_t len, char **out)
{
    outlay_err e = {0};
    char *raw = strndup(s, len), *nfc = NULL;
    if (!raw || outlay_text_nfc(raw, &nfc, &e) != OUTLAY_OK) {
        free(raw);
        return -1;
    }
    if (nfc) {
        free(raw);
        raw = nfc;
    }
    *out = raw;
    return 0;
}

enum key_kind { R_TEXT, R_SHARE, R_CAP, R_FLAG, R_KINDS, R_WORDS, R_PCT };

static const struct rules_key {
    const char *name;
    enum key_kind kind;
    size_t off; /* in struct outlay_rules */
} keys[] = {
    {"title", R_TEXT, offsetof(struct outlay_rules, title)},
    {"source", R_TEXT, offsetof(struct outlay_rules, source)},
    {"title.zh", R_TEXT, offsetof(struct outlay_rules, title_zh)},
    {"source.zh", R_TEXT, offsetof(struct outlay_rules, source_zh)},
    {"winners_max_share", R_SHARE, 0},
    {"prize_winner_max", R_CAP, offsetof(struct outlay_rules, prize_winner_max)},
    {"prize_participation_max", R_CAP, offsetof(struct outlay_rules, prize_participation_max)},
    {"souvenir_max", R_CAP, offsetof(struct outlay_rules, souvenir_max)},
    {"souvenir_only_without_prizes", R_FLAG,
     offsetof(struct outlay_rules, souvenir_only_without_prizes)},
    {"clothing_max", R_CAP, offsetof(struct outlay_rules, clothing_max)},
    {"meal_max_per_day", R_CAP, offsetof(struct outlay_rules, meal_max_per_day)},
    {"banned_kinds", R_KINDS, 0},
    {"banned_words", R_WORDS, 0},
    {"reapproval_over_pct", R_PCT, 0},
};
#define NKEYS (sizeof keys / sizeof keys[0])

/* A file being parsed: where problems are placed. */
struct parse {
    const char *file;
    long line;
    outlay_err *err;
    long seen[NKEYS]; /* the line of each key given, else 0 */
};

/* Places the problem already in err at the file's line, in key (may be NULL). */
static enum outlay_status placed(struct parse *p, const char *key)
{
    snprintf(p->err->file, sizeof p->err->file, "%s", p->file);
    p->err->line = p->line;
    snprintf(p->err->column, sizeof p->err->column, "%s", key ? key : "");
    return p->err->status;
}

/* A whole number of at most 18 digits, nothing else; -1 otherwise. */
static int64_t whole(const char *s, size_t len)
{
    int64_t v = 0;
    if (len == 0 || len > 18)
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* The largest denominator of a share. Headcounts are at most 10^6 (a
 * quantity, SPEC §3), so headcount × numerator stays within 10^18 and the
 * check compares winners × den with it exactly in int64_t: when winners ×
 * den overflows, it is larger (rules.h). */
#define SHARE_DEN_MAX INT64_C(1000000000000)

/* "2/3", or "30%" (30/100): 0 <= N <= D, 1 <= D <= SHARE_DEN_MAX. */
static int parse_share(const char *v, int64_t *num, int64_t *den)
{
    const char *slash = strchr(v, '/');
    size_t len = strlen(v);
    if (slash) {
        *num = whole(v, (size_t)(slash - v));
        *den = whole(slash + 1, strlen(slash + 1));
    } else if (len > 1 && v[len - 1] == '%') {
        *num = whole(v, len - 1);
        *den = 100;
    } else {
        return -1;
    }
    return *num >= 0 && *den >= 1 && *den <= SHARE_DEN_MAX && *num <= *den ? 0 : -1;
}

static int parse_flag(const char *v)
{
    if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "是"))
        return 1;
    if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "否"))
        return 0;
    return -1;
}

/* Splits v at ';' (or the full-width '；'); calls each(word, len) for each
 * word trimmed of spaces, empty ones skipped. Stops at the first non-zero. */
static int split(const char *v, int (*each)(void *, const char *, size_t), void *ctx)
{
    while (*v) {
        const char *end = v;
        size_t sep = 0;
        while (*end && !sep) {
            if (*end == ';')
                sep = 1;
            else if (!strncmp(end, "\xEF\xBC\x9B", 3)) /* ； */
                sep = 3;
            else
                end++;
        }
        const char *a = v, *b = end;
        while (a < b && (*a == ' ' || *a == '\t'))
            a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
        int r = b > a ? each(ctx, a, (size_t)(b - a)) : 0;
        if (r)
            return r;
        v = end + sep;
    }
    return 0;
}

struct kinds_ctx {
    unsigned bits;
    char bad[OUTLAY_TEXT_MAX + 1];
};

static int add_kind(void *ctx, const char *w, size_t len)
{
    struct kinds_ctx *k = ctx;
    char buf[64];
    int kind = -1;
    if (len < sizeof buf) {
        memcpy(buf, w, len);
        buf[len] = '\0';
        kind = outlay_kind_parse(buf);
    }
    if (kind < 0) {
        snprintf(k->bad, sizeof k->bad, "%.*s", (int)(len < 200 ? len : 200), w);
        return 1;
    }
    k->bits |= 1u << kind;
    return 0;
}

static int add_word(void *ctx, const char *w, size_t len)
{
    struct outlay_rules *r = ctx;
    char *word = NULL;
    char **v = realloc(r->banned_words, (r->nbanned_words + 1) * sizeof *v);
    if (v)
        r->banned_words = v;
    if (!v || nfc_copy(w, len, &word) != 0)
        return 1;
    r->banned_words[r->nbanned_words++] = word;
    return 0;
}

static enum outlay_status set_key(struct parse *p, struct outlay_rules *r,
                                  const struct rules_key *k, const char *v)
{
    outlay_err *err = p->err;
    if (outlay_text_check(v, k->name, OUTLAY_TEXT_MAX, err) != OUTLAY_OK)
        return placed(p, k->name);
    switch (k->kind) {
    case R_TEXT: {
        char **dst = (char **)((char *)r + k->off);
        if (nfc_copy(v, strlen(v), dst) != 0) {
            outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
            return placed(p, k->name);
        }
        return OUTLAY_OK;
    }
    case R_SHARE:
        if (parse_share(v, &r->winners_num, &r->winners_den) != 0) {
            r->winners_den = 0;
            outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_RULES_SHARE, OUTLAY_A_INPUT(v));
            return placed(p, k->name);
        }
        return OUTLAY_OK;
    case R_CAP: /* SPEC §3 amounts; a cap is never negative */
        if (outlay_money_parse(v, 0, (int64_t *)((char *)r + k->off), err) != OUTLAY_OK)
            return placed(p, k->name);
        return OUTLAY_OK;
    case R_FLAG: {
        int f = parse_flag(v);
        if (f < 0) {
            outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_RULES_FLAG, OUTLAY_A_INPUT(v));
            return placed(p, k->name);
        }
        *(int *)((char *)r + k->off) = f;
        return OUTLAY_OK;
    }
    case R_KINDS: {
        struct kinds_ctx kc = {0};
        if (split(v, add_kind, &kc)) {
            outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_NOT_KIND, OUTLAY_A_INPUT(kc.bad));
            return placed(p, k->name);
        }
        r->banned_kinds = kc.bits;
        return OUTLAY_OK;
    }
    case R_WORDS:
        if (split(v, add_word, r)) {
            outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
            return placed(p, k->name);
        }
        return OUTLAY_OK;
    case R_PCT: {
        int64_t pct = whole(v, strlen(v));
        if (pct < 0 || pct > 1000) {
            outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_RULES_PCT, OUTLAY_A_INPUT(v));
            return placed(p, k->name);
        }
        r->reapproval_over_pct = pct;
        return OUTLAY_OK;
    }
    }
    return OUTLAY_OK;
}

/* One line, without its '\n' (len bytes, no NUL inside). */
static enum outlay_status parse_line(struct parse *p, struct outlay_rules *r, char *s,
                                     int *in_rules)
{
    outlay_err *err = p->err;
    while (*s == ' ' || *s == '\t' || *s == '\r')
        s++;
    size_t len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
        s[--len] = '\0';
    if (len == 0 || *s == ';' || *s == '#')
        return OUTLAY_OK;
    if (*s == '[') {
        if (s[len - 1] != ']') {
            outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_RULES_SYNTAX);
            return placed(p, NULL);
        }
        s[len - 1] = '\0';
        if (strcmp(s + 1, "rules") != 0) {
            outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_RULES_SECTION, OUTLAY_A_INPUT(s + 1));
            return placed(p, NULL);
        }
        *in_rules = 1;
        return OUTLAY_OK;
    }
    char *eq = strchr(s, '=');
    if (!eq) {
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_RULES_SYNTAX);
        return placed(p, NULL);
    }
    char *ke = eq;
    while (ke > s && (ke[-1] == ' ' || ke[-1] == '\t'))
        ke--;
    *ke = '\0';
    char *v = eq + 1;
    while (*v == ' ' || *v == '\t')
        v++;
    /* an inline comment, as inih takes it: " ;" */
    for (char *c = v; *c; c++)
        if ((*c == ';' || *c == '#') && c > v && (c[-1] == ' ' || c[-1] == '\t')) {
            char *e = c;
            while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
                e--;
            *e = '\0';
            break;
        }
    size_t i = 0;
    while (i < NKEYS && strcmp(keys[i].name, s) != 0)
        i++;
    if (i == NKEYS) {
        char known[512] = "";
        size_t used = 0;
        for (size_t j = 0; j < NKEYS; j++)
            used += (size_t)snprintf(known + used, sizeof known - used, "%s%s", j ? ", " : "",
                                     keys[j].name);
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_RULES_KEY, OUTLAY_A_INPUT(s),
                    OUTLAY_A_TEXT(known));
        return placed(p, NULL);
    }
    if (!*in_rules) {
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_RULES_OUTSIDE, OUTLAY_A_TEXT(s));
        return placed(p, s);
    }
    if (p->seen[i]) {
        outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_RULES_KEY_TWICE, OUTLAY_A_TEXT(s),
                    OUTLAY_A_INT(p->seen[i]));
        return placed(p, s);
    }
    p->seen[i] = p->line;
    if (*v == '\0')
        return OUTLAY_OK; /* given empty: not set */
    return set_key(p, r, &keys[i], v);
}

static void rules_init(struct outlay_rules *r, const char *name)
{
    memset(r, 0, sizeof *r);
    snprintf(r->name, sizeof r->name, "%s", name ? name : "");
    r->prize_winner_max = r->prize_participation_max = r->souvenir_max = r->clothing_max =
        r->meal_max_per_day = r->reapproval_over_pct = OUTLAY_RULES_UNSET;
}

enum outlay_status outlay_rules_parse(const char *text, size_t len, const char *name,
                                      const char *file, struct outlay_rules *r, outlay_err *err)
{
    struct parse p = {.file = file ? file : name, .line = 0, .err = err};
    int in_rules = 0;
    enum outlay_status rc = OUTLAY_OK;
    rules_init(r, name);
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
        text += 3;
        len -= 3;
    }
    const char *start = text, *end = text + len;
    while (text < end && rc == OUTLAY_OK) {
        const char *nl = memchr(text, '\n', (size_t)(end - text));
        size_t n = (size_t)((nl ? nl : end) - text);
        p.line++;
        /* the line, its newline included, goes past the limit */
        if ((size_t)(text - start) + n + (nl != NULL) > OUTLAY_RULES_MAX_BYTES) {
            outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_RULES_LARGE,
                        OUTLAY_A_INT(OUTLAY_RULES_MAX_BYTES));
            rc = placed(&p, NULL);
            break;
        }
        if (memchr(text, '\0', n) || !outlay_utf8_valid(text, n)) {
            outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_NOT_UTF8);
            rc = placed(&p, NULL);
            break;
        }
        char *line = strndup(text, n);
        if (!line) {
            rc = outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
            break;
        }
        rc = parse_line(&p, r, line, &in_rules);
        free(line);
        text += n + (nl != NULL);
    }
    if (rc != OUTLAY_OK)
        outlay_rules_release(r); /* never half-applied */
    return rc;
}

enum outlay_status outlay_rules_load(const char *path, const char *name, struct outlay_rules *r,
                                     char **text, outlay_err *err)
{
    rules_init(r, name);
    if (text)
        *text = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        enum outlay_status s = e == ENOENT ? OUTLAY_ENOTFOUND : OUTLAY_EIO;
        outlay_fail(err, s, OUTLAY_P_INI_OPEN, OUTLAY_A_TEXT(path), OUTLAY_A_ERRNO(e));
        snprintf(err->file, sizeof err->file, "%s", path);
        return s;
    }
    /* One byte past the limit tells a file that is too large. */
    char *buf = malloc(OUTLAY_RULES_MAX_BYTES + 2);
    size_t n = buf ? fread(buf, 1, OUTLAY_RULES_MAX_BYTES + 1, f) : 0;
    int e = errno, bad = buf && ferror(f);
    fclose(f);
    if (!buf)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    if (bad) {
        free(buf);
        outlay_fail(err, OUTLAY_EIO, OUTLAY_P_FILE_READ, OUTLAY_A_ERRNO(e));
        snprintf(err->file, sizeof err->file, "%s", path);
        return OUTLAY_EIO;
    }
    buf[n] = '\0';
    enum outlay_status rc = outlay_rules_parse(buf, n, name, path, r, err);
    if (rc == OUTLAY_OK && text)
        *text = buf;
    else
        free(buf);
    return rc;
}

void outlay_rules_release(struct outlay_rules *r)
{
    if (!r)
        return;
    free(r->title);
    free(r->source);
    free(r->title_zh);
    free(r->source_zh);
    for (size_t i = 0; i < r->nbanned_words; i++)
        free(r->banned_words[i]);
    free(r->banned_words);
    char name[sizeof r->name];
    memcpy(name, r->name, sizeof name);
    rules_init(r, name);
}

/* --- finding the files -------------------------------------------------- */

/* dirs with "/rules" appended, into bufs; returns how many. */
static size_t rules_dirs(const char *const *dirs, size_t ndirs, char bufs[][4096], const char **out,
                         size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < ndirs && n < max; i++) {
        if (!dirs[i])
            continue;
        snprintf(bufs[n], sizeof bufs[n], "%s/rules", dirs[i]);
        out[n] = bufs[n];
        n++;
    }
    return n;
}

#define MAX_DIRS 8

/* The template module's problem about a file, as one about a rules file. */
static enum outlay_status as_rules(enum outlay_status s, outlay_err *err)
{
    static const struct {
        enum outlay_problem from, to;
    } map[] = {{OUTLAY_P_TEMPLATE_NAME, OUTLAY_P_RULES_NAME},
               {OUTLAY_P_TEMPLATE_NO_DIR, OUTLAY_P_RULES_NO_DIR},
               {OUTLAY_P_TEMPLATE_NOT_FOUND, OUTLAY_P_RULES_NOT_FOUND}};
    for (size_t i = 0; s != OUTLAY_OK && i < sizeof map / sizeof map[0]; i++)
        if (err->code == map[i].from)
            err->code = map[i].to; /* the same arguments */
    return s;
}

enum outlay_status outlay_rules_find(const char *name, const char *const *dirs, size_t ndirs,
                                     char *out, size_t n, outlay_err *err)
{
    char bufs[MAX_DIRS][4096];
    const char *rd[MAX_DIRS];
    size_t nd = rules_dirs(dirs, ndirs, bufs, rd, MAX_DIRS);
    return as_rules(outlay_template_find(name, rd, nd, out, n, err), err);
}

enum outlay_status outlay_rules_list(const char *const *dirs, size_t ndirs, char ***names,
                                     size_t *count, outlay_err *err)
{
    char bufs[MAX_DIRS][4096];
    const char *rd[MAX_DIRS];
    size_t nd = rules_dirs(dirs, ndirs, bufs, rd, MAX_DIRS);
    return outlay_template_list(rd, nd, names, count, err);
}

/* --- findings ----------------------------------------------------------- */

int64_t outlay_rules_days(const struct outlay_activity *a)
{
    if (!a->date)
        return 1;
    long d0 = outlay_date_days(a->date);
    long d1 = a->end_date ? outlay_date_days(a->end_date) : d0;
    return d1 >= d0 ? (int64_t)(d1 - d0) + 1 : 1;
}

static void found(outlay_problem_cb cb, void *ctx, long *count, outlay_err *p)
{
    (*count)++;
    if (cb)
        cb(ctx, p);
}

/* The caps by kind, and the problem of a line over each. */
static int64_t cap_of(const struct outlay_rules *r, enum outlay_kind k, enum outlay_problem *code)
{
    switch (k) {
    case OUTLAY_KIND_PRIZE_WINNER:
        *code = OUTLAY_P_RULE_PRIZE_WINNER_OVER;
        return r->prize_winner_max;
    case OUTLAY_KIND_PRIZE_PARTICIPATION:
        *code = OUTLAY_P_RULE_PRIZE_PARTICIPATION_OVER;
        return r->prize_participation_max;
    case OUTLAY_KIND_SOUVENIR:
        *code = OUTLAY_P_RULE_SOUVENIR_OVER;
        return r->souvenir_max;
    case OUTLAY_KIND_CLOTHING:
        *code = OUTLAY_P_RULE_CLOTHING_OVER;
        return r->clothing_max;
    default:
        return OUTLAY_RULES_UNSET;
    }
}

/* The first banned word found in any of the texts (NULL ones skipped). */
static const char *banned_word(const struct outlay_rules *r, const char *const *texts, size_t n)
{
    for (size_t w = 0; w < r->nbanned_words; w++)
        for (size_t i = 0; i < n; i++)
            if (texts[i] && strstr(texts[i], r->banned_words[w]))
                return r->banned_words[w];
    return NULL;
}

/* SPEC §14: winners (Σ qty of prize-winner lines) over the share of the
 * planned headcount, compared exactly: winners × den > headcount × num. */
static void winners_rule(const struct outlay_rules *r, const struct outlay_rules_input *in,
                         outlay_problem_cb cb, void *ctx, long *count)
{
    int64_t winners = 0, hc = in->a->headcount, lhs, rhs;
    outlay_err p = {0};
    if (r->winners_den == 0)
        return;
    for (size_t i = 0; i < in->nlines; i++)
        if (in->lines[i].kind == OUTLAY_KIND_PRIZE_WINNER &&
            outlay_money_add(winners, in->lines[i].qty, &winners) != OUTLAY_OK)
            winners = INT64_MAX;
    if (winners == 0)
        return;
    if (hc <= 0) {
        outlay_fail(&p, OUTLAY_ECHECK, OUTLAY_P_RULE_WINNERS_NO_HEADCOUNT, OUTLAY_A_TEXT(r->name),
                    OUTLAY_A_INT(winners));
        found(cb, ctx, count, &p);
        return;
    }
    /* SPEC §14, exact: winners × den > hc × num. hc × num fits (hc ≤ 10^6,
     * num ≤ den ≤ 10^12: SHARE_DEN_MAX); winners × den past int64_t is
     * larger than it. A headcount past 10^6 (not one outlay writes) is
     * compared only when its product fits too. */
    if (outlay_money_mul(hc, r->winners_num, &rhs) != OUTLAY_OK)
        return;
    if (outlay_money_mul(winners, r->winners_den, &lhs) == OUTLAY_OK && lhs <= rhs)
        return;
    char share[48];
    snprintf(share, sizeof share, "%lld/%lld", (long long)r->winners_num,
             (long long)r->winners_den);
    /* the most allowed: floor(hc × num / den) */
    outlay_fail(&p, OUTLAY_ECHECK, OUTLAY_P_RULE_WINNERS, OUTLAY_A_TEXT(r->name),
                OUTLAY_A_INT(winners), OUTLAY_A_INT(hc), OUTLAY_A_TEXT(share),
                OUTLAY_A_INT(rhs / r->winners_den));
    found(cb, ctx, count, &p);
}

/* Meals over the cap per head per day: total > cap × headcount × days. */
static void meal_rule(const struct outlay_rules *r, const struct outlay_activity *a, int64_t total,
                      enum outlay_problem code, outlay_problem_cb cb, void *ctx, long *count)
{
    int64_t days = outlay_rules_days(a), limit = 0, heads;
    if (r->meal_max_per_day == OUTLAY_RULES_UNSET || total <= 0 || a->headcount <= 0)
        return;
    if (outlay_money_mul(a->headcount, days, &heads) != OUTLAY_OK ||
        outlay_money_mul(r->meal_max_per_day, heads, &limit) != OUTLAY_OK || total <= limit)
        return;
    outlay_err p = {0};
    outlay_fail(&p, OUTLAY_ECHECK, code, OUTLAY_A_TEXT(r->name), OUTLAY_A_MONEY(total),
                OUTLAY_A_MONEY(r->meal_max_per_day), OUTLAY_A_INT(a->headcount),
                OUTLAY_A_INT(days));
    found(cb, ctx, count, &p);
}

long outlay_rules_check_lines(const struct outlay_rules *r, const struct outlay_rules_input *in,
                              outlay_problem_cb cb, void *ctx)
{
    long count = 0;
    outlay_err p = {0};
    int64_t meals = 0;
    const struct outlay_budget_line *souvenir = NULL, *prize = NULL;
    winners_rule(r, in, cb, ctx, &count);
    for (size_t i = 0; i < in->nlines; i++) {
        const struct outlay_budget_line *l = &in->lines[i];
        enum outlay_problem code = OUTLAY_P_NONE;
        int64_t cap = cap_of(r, l->kind, &code);
        if (cap != OUTLAY_RULES_UNSET && l->unit_price > cap) {
            outlay_fail(&p, OUTLAY_ECHECK, code, OUTLAY_A_TEXT(r->name), OUTLAY_A_INT(l->id),
                        OUTLAY_A_TEXT(l->item), OUTLAY_A_MONEY(l->unit_price), OUTLAY_A_MONEY(cap));
            found(cb, ctx, &count, &p);
        }
        if (l->kind == OUTLAY_KIND_SOUVENIR && !souvenir)
            souvenir = l;
        if ((l->kind == OUTLAY_KIND_PRIZE_WINNER || l->kind == OUTLAY_KIND_PRIZE_PARTICIPATION) &&
            !prize)
            prize = l;
        if (l->kind == OUTLAY_KIND_MEAL && outlay_money_add(meals, l->amount, &meals) != OUTLAY_OK)
            meals = INT64_MAX;
        if (r->banned_kinds & (1u << l->kind)) {
            outlay_fail(&p, OUTLAY_ECHECK, OUTLAY_P_RULE_BANNED_KIND_LINE, OUTLAY_A_TEXT(r->name),
                        OUTLAY_A_INT(l->id), OUTLAY_A_TEXT(outlay_kind_name(l->kind)));
            found(cb, ctx, &count, &p);
        }
        const char *texts[] = {l->category, l->item};
        const char *w = banned_word(r, texts, 2);
        if (w) {
            outlay_fail(&p, OUTLAY_ECHECK, OUTLAY_P_RULE_BANNED_WORD_LINE, OUTLAY_A_TEXT(r->name),
                        OUTLAY_A_INT(l->id), OUTLAY_A_TEXT(w));
            found(cb, ctx, &count, &p);
        }
    }
    if (r->souvenir_only_without_prizes && souvenir && prize) {
        outlay_fail(&p, OUTLAY_ECHECK, OUTLAY_P_RULE_SOUVENIR_WITH_PRIZES, OUTLAY_A_TEXT(r->name),
                    OUTLAY_A_INT(souvenir->id), OUTLAY_A_INT(prize->id));
        found(cb, ctx, &count, &p);
    }
    meal_rule(r, in->a, meals, OUTLAY_P_RULE_MEAL_OVER, cb, ctx, &count);
    return count;
}

unsigned outlay_rules_expense_flags(const struct outlay_rules *r, const struct outlay_expense *e)
{
    const char *texts[] = {e->category, e->item, e->payee};
    unsigned flags = 0;
    if (!r)
        return 0;
    if (r->banned_kinds & (1u << e->kind))
        flags |= OUTLAY_EXPENSE_BANNED_KIND;
    if (banned_word(r, texts, 3))
        flags |= OUTLAY_EXPENSE_BANNED_WORD;
    return flags;
}

long outlay_rules_check_expense(const struct outlay_rules *r, const struct outlay_expense *e,
                                int64_t *spent_meals, outlay_problem_cb cb, void *ctx)
{
    long count = 0;
    outlay_err p = {0};
    if (e->kind == OUTLAY_KIND_MEAL &&
        outlay_money_add(*spent_meals, e->amount, spent_meals) != OUTLAY_OK)
        *spent_meals = INT64_MAX;
    if (r->banned_kinds & (1u << e->kind)) {
        outlay_fail(&p, OUTLAY_ECHECK, OUTLAY_P_RULE_BANNED_KIND_EXPENSE, OUTLAY_A_TEXT(r->name),
                    OUTLAY_A_INT(e->id), OUTLAY_A_TEXT(outlay_kind_name(e->kind)));
        found(cb, ctx, &count, &p);
    }
    const char *texts[] = {e->category, e->item, e->payee};
    const char *w = banned_word(r, texts, 3);
    if (w) {
        outlay_fail(&p, OUTLAY_ECHECK, OUTLAY_P_RULE_BANNED_WORD_EXPENSE, OUTLAY_A_TEXT(r->name),
                    OUTLAY_A_INT(e->id), OUTLAY_A_TEXT(w));
        found(cb, ctx, &count, &p);
    }
    return count;
}

long outlay_rules_check_spent(const struct outlay_rules *r, const struct outlay_activity *a,
                              int64_t spent_meals, outlay_problem_cb cb, void *ctx)
{
    long count = 0;
    meal_rule(r, a, spent_meals, OUTLAY_P_RULE_MEAL_SPENT_OVER, cb, ctx, &count);
    return count;
}

long outlay_rules_check(const struct outlay_rules *r, const struct outlay_rules_input *in,
                        outlay_problem_cb cb, void *ctx)
{
    int64_t spent_meals = 0;
    long count = outlay_rules_check_lines(r, in, cb, ctx);
    for (size_t i = 0; i < in->nexpenses; i++)
        count += outlay_rules_check_expense(r, &in->expenses[i], &spent_meals, cb, ctx);
    return count + outlay_rules_check_spent(r, in->a, spent_meals, cb, ctx);
}
