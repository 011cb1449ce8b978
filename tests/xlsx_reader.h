/*
 * xlsx_reader: reads an exported workbook back for the tests (`unzip -p`
 * for the parts, a few string searches for the XML outlay's writer
 * produces), and recomputes every formula from the cells it references, so
 * a test can check each cached value against what a spreadsheet computes
 * without trusting the code that wrote it.
 *
 *     struct xr_book b;
 *     xr_open(&b, "trip.xlsx");                       // asserts it reads
 *     char why[512];
 *     long n = xr_check_formulas(&b, why, sizeof why);  // -1: why says which cell
 *     int64_t fen = xr_fen(&b, xr_sheet(&b, "Settlement"), "J5");
 *     xr_close(&b);
 *
 * Values are exact: a number cell's <v> text is read as a decimal (never
 * through a float) and must be a whole number of fen, or of tenths of a
 * percent in a percentage cell. One allowance, exact as well: libxlsxwriter
 * prints doubles with 16 significant digits, so 0.07 reaches the file as
 * 0.07000000000000001; such a text is taken as 0.07 only when it denotes the
 * very same IEEE double as 0.07 does. Anything else with more decimals is
 * an error.
 *
 * The formulas outlay writes (src/xlsx_budget.c, src/xlsx_sheets.c) are the
 * only ones the evaluator knows, so a new form fails loudly until it is
 * taught here: + - * / and unary minus, numbers, cell references, SUM of
 * cells and ranges, SUBTOTAL(9, ranges) (which skips cells that hold a
 * SUBTOTAL themselves, as spreadsheets do), ROUNDUP(x, digits), ROUND(x,
 * digits) (half away from zero), ABS(x), SUMIFS(range, range, "<>text")
 * and IF(a op b, then, else) with op one of = <> < > <= >= and branches
 * that are expressions or "text". A formula whose result is text (IF with a
 * text branch; t="str" in the file) is checked against its cached text.
 * A referenced cell counts with its cached value, so each formula is checked
 * on its own; blank and missing cells count as 0; text in arithmetic is an
 * error (#VALUE! in a spreadsheet), text in a SUM range is skipped.
 */
#ifndef OUTLAY_TESTS_XLSX_READER_H
#define OUTLAY_TESTS_XLSX_READER_H

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XR_MAX_SHEETS 8

enum xr_kind { XR_BLANK, XR_NUMBER, XR_STRING };

struct xr_cell {
    unsigned row, col; /* 0-based */
    unsigned style;    /* index into cellXfs (the s attribute), 0 without one */
    enum xr_kind kind;
    char *formula; /* without the '=', unescaped; NULL when none */
    char *v;       /* a number's <v> text; NULL when none */
    char *text;    /* a string cell's text, unescaped */
};

struct xr_sheet {
    char *name;
    struct xr_cell *cells; /* in file order: row by row, left to right */
    size_t n;
};

struct xr_book {
    struct xr_sheet sheets[XR_MAX_SHEETS];
    size_t nsheets;
    unsigned char *pct; /* pct[style]: its number format is a percentage */
    size_t nstyles;
};

/* An exact rational n/d, d > 0. */
struct xr_q {
    __int128 n, d;
};

/* --- the zip and the XML ------------------------------------------------ */

/* Part `name` of the zip at path, malloc'ed; NULL when it is not there. */
static inline char *xr_part(const char *path, const char *name)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s' 2>/dev/null", path, name);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p);
    size_t len = 0, cap = 1 << 16, got;
    char *s = malloc(cap);
    cr_assert_not_null(s);
    while ((got = fread(s + len, 1, cap - len - 1, p)) > 0)
        if ((len += got) + 1 == cap)
            cr_assert_not_null(s = realloc(s, cap *= 2));
    s[len] = '\0';
    if (pclose(p) != 0) {
        free(s);
        return NULL;
    }
    return s;
}

/* The XML text [a, b) with its five entities and character references
 * decoded, malloc'ed. */
static inline char *xr_unescape(const char *a, const char *b)
{
    static const char *const ent[][2] = {
        {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}};
    char *out = malloc((size_t)(b - a) + 1), *o = out;
    cr_assert_not_null(out);
    while (a < b) {
        size_t k = 0;
        while (k < 5 && strncmp(a, ent[k][0], strlen(ent[k][0])) != 0)
            k++;
        if (k < 5) {
            *o++ = ent[k][1][0];
            a += strlen(ent[k][0]);
        } else if (a[0] == '&' && a[1] == '#') {
            char *end;
            long c = a[2] == 'x' ? strtol(a + 3, &end, 16) : strtol(a + 2, &end, 10);
            cr_assert(*end == ';' && c > 0 && c < 0x80, "character reference %.12s", a);
            *o++ = (char)c;
            a = end + 1;
        } else {
            *o++ = *a++;
        }
    }
    *o = '\0';
    return out;
}

/* Attribute `name` of the tag starting at tag (up to its '>'), unescaped
 * and malloc'ed; NULL when absent. */
static inline char *xr_attr(const char *tag, const char *name)
{
    const char *end = strchr(tag, '>');
    char pat[64];
    snprintf(pat, sizeof pat, " %s=\"", name);
    const char *a = strstr(tag, pat);
    if (!a || !end || a > end)
        return NULL;
    a += strlen(pat);
    return xr_unescape(a, strchr(a, '"'));
}

/* The text between <tag ...> (or <tag>) and </tag> inside [from, to), or
 * NULL; *after is set past the closing tag. */
static inline char *xr_element(const char *from, const char *to, const char *tag,
                               const char **after)
{
    char open[32], close[32];
    snprintf(open, sizeof open, "<%s", tag);
    snprintf(close, sizeof close, "</%s>", tag);
    for (const char *a = strstr(from, open); a && a < to; a = strstr(a + 1, open)) {
        char c = a[strlen(open)];
        if (c != '>' && c != ' ')
            continue; /* <t> must not match <tableParts> */
        const char *gt = strchr(a, '>');
        if (gt[-1] == '/') { /* <t/> */
            if (after)
                *after = gt + 1;
            return strdup("");
        }
        const char *b = strstr(gt, close);
        cr_assert(b && b < to, "unclosed <%s>", tag);
        if (after)
            *after = b + strlen(close);
        return xr_unescape(gt + 1, b);
    }
    return NULL;
}

/* "AB12" -> row 11, col 27; '$' allowed. Returns the characters read, 0
 * when ref is not a cell reference. */
static inline size_t xr_ref(const char *ref, unsigned *row, unsigned *col)
{
    const char *p = ref;
    unsigned c = 0, r = 0;
    if (*p == '$')
        p++;
    const char *letters = p;
    while (*p >= 'A' && *p <= 'Z')
        c = c * 26 + (unsigned)(*p++ - 'A' + 1);
    if (p == letters || p - letters > 3)
        return 0;
    if (*p == '$')
        p++;
    const char *digits = p;
    while (*p >= '0' && *p <= '9')
        r = r * 10 + (unsigned)(*p++ - '0');
    if (p == digits || r == 0)
        return 0;
    *row = r - 1;
    *col = c - 1;
    return (size_t)(p - ref);
}

/* "AB12" for row 11, col 27, into buf. */
static inline const char *xr_a1(char buf[16], unsigned row, unsigned col)
{
    char letters[8];
    int k = 0;
    for (unsigned c = col + 1; c > 0; c = (c - 1) / 26)
        letters[k++] = (char)('A' + (c - 1) % 26);
    int len = 0;
    while (k > 0)
        buf[len++] = letters[--k];
    snprintf(buf + len, 16 - (size_t)len, "%u", row + 1);
    return buf;
}

/* Shared strings, for cells of type "s" (outlay's constant-memory writer
 * uses inline strings, but a reader should not depend on that). */
static inline char **xr_shared_strings(const char *path, size_t *n)
{
    char *xml = xr_part(path, "xl/sharedStrings.xml");
    char **v = NULL;
    *n = 0;
    if (!xml)
        return NULL;
    const char *end = xml + strlen(xml), *p = xml, *after;
    char *si;
    while ((si = xr_element(p, end, "si", &after)) != NULL) {
        /* the text of every run, <t> after <t> */
        size_t len = 0;
        char *all = calloc(1, strlen(si) + 1), *t;
        const char *q = si, *qa;
        while ((t = xr_element(q, si + strlen(si), "t", &qa)) != NULL) {
            strcpy(all + len, t);
            len += strlen(t);
            free(t);
            q = qa;
        }
        v = realloc(v, (*n + 1) * sizeof *v);
        v[(*n)++] = all;
        free(si);
        p = after;
    }
    free(xml);
    return v;
}

/* cellXfs[i] -> whether its number format is a percentage: built-in
 * formats 9 and 10, or a custom format code with a '%'. */
static inline void xr_styles(struct xr_book *b, const char *path)
{
    char *xml = xr_part(path, "xl/styles.xml");
    cr_assert_not_null(xml, "no xl/styles.xml");
    const char *xfs = strstr(xml, "<cellXfs"), *xfs_end = strstr(xml, "</cellXfs>");
    cr_assert(xfs && xfs_end);
    for (const char *x = strstr(xfs, "<xf "); x && x < xfs_end; x = strstr(x + 1, "<xf ")) {
        char *id = xr_attr(x, "numFmtId");
        long fmt = id ? strtol(id, NULL, 10) : 0;
        int pct = fmt == 9 || fmt == 10;
        if (fmt >= 164) {
            char pat[48];
            snprintf(pat, sizeof pat, "<numFmt numFmtId=\"%ld\" ", fmt);
            const char *nf = strstr(xml, pat);
            cr_assert_not_null(nf, "number format %ld is not defined", fmt);
            char *code = xr_attr(nf, "formatCode");
            pct = code && strchr(code, '%');
            free(code);
        }
        free(id);
        b->pct = realloc(b->pct, b->nstyles + 1);
        b->pct[b->nstyles++] = (unsigned char)pct;
    }
    free(xml);
}

static inline void xr_read_sheet(struct xr_sheet *s, const char *xml, char **sst, size_t nsst)
{
    const char *data = strstr(xml, "<sheetData"), *end = strstr(xml, "</sheetData>");
    if (!data || !end)
        return; /* <sheetData/>: an empty sheet */
    for (const char *c = strstr(data, "<c "); c && c < end; c = strstr(c + 1, "<c ")) {
        const char *gt = strchr(c, '>');
        struct xr_cell cell = {.kind = XR_BLANK};
        char *ref = xr_attr(c, "r"), *style = xr_attr(c, "s"), *type = xr_attr(c, "t");
        cr_assert(ref && xr_ref(ref, &cell.row, &cell.col) == strlen(ref), "cell %s", ref);
        cell.style = style ? (unsigned)strtoul(style, NULL, 10) : 0;
        if (gt[-1] != '/') {
            const char *close = strstr(gt, "</c>"), *after;
            char *is = xr_element(gt, close, "is", &after);
            cell.formula = xr_element(gt, close, "f", &after);
            cell.v = xr_element(gt, close, "v", &after);
            cr_assert(!strstr(gt, "<f ") || strstr(gt, "<f ") > close,
                      "cell %s: shared or array formulas are not read here", ref);
            if (type && strcmp(type, "inlineStr") == 0) {
                cr_assert_not_null(is, "cell %s: inline string without <is>", ref);
                cell.kind = XR_STRING;
                cell.text = xr_element(is, is + strlen(is), "t", NULL);
                cr_assert_not_null(cell.text);
            } else if (type && strcmp(type, "str") == 0) {
                cr_assert_not_null(cell.formula, "cell %s: t=\"str\" without a formula", ref);
                cell.kind = XR_STRING; /* a formula's text result, cached in <v> */
                cell.text = cell.v ? cell.v : strdup("");
                cell.v = NULL;
            } else if (type && strcmp(type, "s") == 0) {
                size_t k = cell.v ? strtoul(cell.v, NULL, 10) : nsst;
                cr_assert(k < nsst, "cell %s: shared string %s", ref, cell.v);
                cell.kind = XR_STRING;
                cell.text = strdup(sst[k]);
            } else {
                cr_assert(!type || strcmp(type, "n") == 0,
                          "cell %s: type '%s' is not read here (outlay writes numbers, "
                          "strings and number formulas)",
                          ref, type);
                cell.kind = cell.v ? XR_NUMBER : XR_BLANK;
                cr_assert(cell.v || !cell.formula, "cell %s: a formula without a cached value",
                          ref);
            }
            free(is);
        }
        free(ref);
        free(style);
        free(type);
        if ((s->n & (s->n - 1)) == 0) /* room doubles at each power of two */
            s->cells = realloc(s->cells, (s->n ? 2 * s->n : 1) * sizeof *s->cells);
        s->cells[s->n++] = cell;
    }
}

/* Reads the workbook at path: its sheets in tab order, their cells, and
 * which styles are percentages. Asserts that it is readable. */
static inline void xr_open(struct xr_book *b, const char *path)
{
    memset(b, 0, sizeof *b);
    char *wb = xr_part(path, "xl/workbook.xml");
    char *rels = xr_part(path, "xl/_rels/workbook.xml.rels");
    cr_assert(wb && rels, "%s is not a workbook", path);
    size_t nsst = 0;
    char **sst = xr_shared_strings(path, &nsst);
    xr_styles(b, path);
    for (const char *s = strstr(wb, "<sheet "); s; s = strstr(s + 1, "<sheet ")) {
        cr_assert(b->nsheets < XR_MAX_SHEETS);
        struct xr_sheet *sh = &b->sheets[b->nsheets++];
        char *rid = xr_attr(s, "r:id"), pat[64], part[128];
        sh->name = xr_attr(s, "name");
        cr_assert(rid && sh->name);
        snprintf(pat, sizeof pat, "Id=\"%s\"", rid);
        const char *rel = strstr(rels, pat);
        cr_assert_not_null(rel, "no relationship %s", rid);
        while (rel > rels && *rel != '<')
            rel--;
        char *target = xr_attr(rel, "Target");
        cr_assert_not_null(target);
        snprintf(part, sizeof part, "xl/%s", target);
        char *xml = xr_part(path, part);
        cr_assert_not_null(xml, "no part %s", part);
        xr_read_sheet(sh, xml, sst, nsst);
        free(xml);
        free(target);
        free(rid);
    }
    for (size_t i = 0; i < nsst; i++)
        free(sst[i]);
    free(sst);
    free(wb);
    free(rels);
}

static inline void xr_close(struct xr_book *b)
{
    for (size_t i = 0; i < b->nsheets; i++) {
        for (size_t k = 0; k < b->sheets[i].n; k++) {
            free(b->sheets[i].cells[k].formula);
            free(b->sheets[i].cells[k].v);
            free(b->sheets[i].cells[k].text);
        }
        free(b->sheets[i].cells);
        free(b->sheets[i].name);
    }
    free(b->pct);
    memset(b, 0, sizeof *b);
}

static inline const struct xr_sheet *xr_sheet(const struct xr_book *b, const char *name)
{
    for (size_t i = 0; i < b->nsheets; i++)
        if (strcmp(b->sheets[i].name, name) == 0)
            return &b->sheets[i];
    cr_assert_fail("no sheet '%s'", name);
    return NULL;
}

/* The cell at row, col (0-based), or NULL when the file has none. */
static inline const struct xr_cell *xr_at(const struct xr_sheet *s, unsigned row, unsigned col)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->cells[i].row == row && s->cells[i].col == col)
            return &s->cells[i];
    return NULL;
}

static inline const struct xr_cell *xr_cell(const struct xr_sheet *s, const char *ref)
{
    unsigned row, col;
    cr_assert(xr_ref(ref, &row, &col) == strlen(ref), "bad reference %s", ref);
    return xr_at(s, row, col);
}

/* --- exact numbers -------------------------------------------------------- */

static inline __int128 xr_gcd(__int128 a, __int128 b)
{
    if (a < 0)
        a = -a;
    while (b) {
        __int128 t = a % b;
        a = b;
        b = t;
    }
    return a ? a : 1;
}

static inline struct xr_q xr_make(__int128 n, __int128 d)
{
    if (d < 0) {
        n = -n;
        d = -d;
    }
    __int128 g = xr_gcd(n, d);
    return (struct xr_q){n / g, d / g};
}

static inline __int128 xr_pow10(int k)
{
    __int128 p = 1;
    while (k-- > 0)
        p *= 10;
    return p;
}

/* The decimal text "-12.5", "1E-3", "0.07000000000000001" as an exact
 * rational; 0 on anything else. */
static inline int xr_decimal(const char *s, struct xr_q *out)
{
    __int128 n = 0;
    int neg = *s == '-', point = 0, digits = 0, decimals = 0;
    const char *p = s + (neg || *s == '+');
    for (; (*p >= '0' && *p <= '9') || (*p == '.' && !point); p++) {
        if (*p == '.') {
            point = 1;
            continue;
        }
        if (++digits > 30)
            return 0;
        n = n * 10 + (*p - '0');
        decimals += point;
    }
    if (*p == 'E' || *p == 'e') {
        char *end;
        long exp = strtol(p + 1, &end, 10);
        if (exp > 20 || exp < -20)
            return 0;
        decimals -= (int)exp;
        p = end;
    }
    if (*p || digits == 0)
        return 0;
    if (neg)
        n = -n;
    *out = decimals >= 0 ? xr_make(n, xr_pow10(decimals)) : xr_make(n * xr_pow10(-decimals), 1);
    return 1;
}

static inline int xr_is_pct(const struct xr_book *b, const struct xr_cell *c)
{
    return c->style < b->nstyles && b->pct[c->style];
}

/* The exact value of a number cell (see the top of this file): a whole
 * number of fen (1/100), or of tenths of a percent (1/1000) in a percentage
 * cell. 0 with why filled when the text is anything else. */
static inline int xr_value(const struct xr_book *b, const struct xr_sheet *s,
                           const struct xr_cell *c, struct xr_q *out, char *why, size_t n)
{
    int k = xr_is_pct(b, c) ? 3 : 2;
    struct xr_q q;
    char a1[16];
    if (!xr_decimal(c->v, &q)) {
        snprintf(why, n, "%s!%s: '%s' is not a number", s->name, xr_a1(a1, c->row, c->col), c->v);
        return 0;
    }
    __int128 unit = xr_pow10(k);
    if (unit % q.d == 0) {
        *out = q;
        return 1;
    }
    /* More decimals: round to k, half away from zero, and take it only if
     * the text is the same double as that k-decimal value. */
    __int128 scaled = q.n * unit, whole = scaled / q.d, rem = scaled % q.d;
    if (2 * (rem < 0 ? -rem : rem) >= q.d)
        whole += q.n < 0 ? -1 : 1;
    if (strtod(c->v, NULL) == (double)(int64_t)whole / (double)(int64_t)unit) {
        *out = xr_make(whole, unit);
        return 1;
    }
    snprintf(why, n, "%s!%s holds %s: more than %d decimals%s", s->name, xr_a1(a1, c->row, c->col),
             c->v, k, k == 3 ? " in a percentage" : ", not a whole number of fen");
    return 0;
}

/* A number cell's value in fen (asserts that it is one). */
static inline int64_t xr_fen_at(const struct xr_book *b, const struct xr_sheet *s,
                                const struct xr_cell *c, const char *what)
{
    char why[256] = "";
    struct xr_q q = {0, 1};
    cr_assert(c && c->kind == XR_NUMBER, "%s!%s is not a number", s->name, what);
    cr_assert(xr_value(b, s, c, &q, why, sizeof why), "%s", why);
    cr_assert(q.d == 1 || 100 % (int64_t)q.d == 0, "%s!%s holds %s: not whole fen", s->name, what,
              c->v);
    return (int64_t)(q.n * (100 / q.d));
}

static inline int64_t xr_fen(const struct xr_book *b, const struct xr_sheet *s, const char *ref)
{
    return xr_fen_at(b, s, xr_cell(s, ref), ref);
}

/* --- the evaluator -------------------------------------------------------- */

struct xr_eval {
    const struct xr_book *b;
    const struct xr_sheet *s;
    const char *p;
    char *why;
    size_t n;
    int failed;
    int lazy;         /* in the branch IF does not take: #DIV/0! there is none */
    int is_text;      /* the last IF chose a text branch: its result is text */
    const char *text; /* that text, quoted as in the formula ("" doubled) */
    size_t ntext;
};

static inline void xr_fail(struct xr_eval *e, const char *fmt, ...)
{
    if (e->failed++)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->why, e->n, fmt, ap);
    va_end(ap);
}

/* A "text" literal at e->p: its extent (quotes included) in *start, *len. */
static inline int xr_literal(struct xr_eval *e, const char **start, size_t *len)
{
    const char *p = e->p;
    if (*p != '"')
        return 0;
    for (p++; *p; p++) {
        if (*p == '"' && p[1] == '"')
            p++;
        else if (*p == '"')
            break;
    }
    if (*p != '"') {
        xr_fail(e, "unterminated text at '%s'", e->p);
        return 0;
    }
    *start = e->p;
    *len = (size_t)(p + 1 - e->p);
    e->p = p + 1;
    return 1;
}

/* Whether literal (with its quotes) says text. */
static inline int xr_literal_is(const char *lit, size_t len, const char *text)
{
    size_t k = 0;
    for (size_t i = 1; i + 1 < len; i++, k++) {
        if (lit[i] == '"')
            i++;
        if (text[k] != lit[i])
            return 0;
    }
    return text[k] == '\0';
}

static inline struct xr_q xr_add(struct xr_q a, struct xr_q b)
{
    return xr_make(a.n * b.d + b.n * a.d, a.d * b.d);
}

/* The value of cell row, col as arithmetic sees it. */
static inline struct xr_q xr_cell_value(struct xr_eval *e, unsigned row, unsigned col)
{
    const struct xr_cell *c = xr_at(e->s, row, col);
    struct xr_q q = {0, 1};
    char a1[16];
    if (!c || c->kind == XR_BLANK)
        return q;
    if (c->kind == XR_STRING)
        xr_fail(e, "%s holds text '%s' used as a number", xr_a1(a1, row, col), c->text);
    else if (!xr_value(e->b, e->s, c, &q, e->why, e->n))
        e->failed++;
    return q;
}

static inline struct xr_q xr_expr(struct xr_eval *e);

/* A reference or range argument of SUM/SUBTOTAL: "G9", "G9:G17". Adds its
 * numbers (text and blanks skipped; with skip_subtotals, cells holding a
 * SUBTOTAL too). Returns 0 when the argument is not a reference. */
static inline int xr_range(struct xr_eval *e, struct xr_q *sum, int skip_subtotals)
{
    unsigned r1, c1, r2, c2;
    size_t k = xr_ref(e->p, &r1, &c1);
    if (!k)
        return 0;
    const char *p = e->p + k;
    r2 = r1;
    c2 = c1;
    if (*p == ':') {
        size_t k2 = xr_ref(p + 1, &r2, &c2);
        if (!k2) {
            xr_fail(e, "bad range at '%s'", e->p);
            return 1;
        }
        p += 1 + k2;
    }
    if (*p != ',' && *p != ')')
        return 0; /* an expression that starts with a reference */
    e->p = p;
    for (size_t i = 0; i < e->s->n; i++) {
        const struct xr_cell *c = &e->s->cells[i];
        if (c->row < r1 || c->row > r2 || c->col < c1 || c->col > c2 || c->kind != XR_NUMBER)
            continue;
        if (skip_subtotals && c->formula && strstr(c->formula, "SUBTOTAL("))
            continue;
        *sum = xr_add(*sum, xr_cell_value(e, c->row, c->col));
    }
    return 1;
}

static inline int xr_eat(struct xr_eval *e, char c)
{
    if (*e->p != c)
        return 0;
    e->p++;
    return 1;
}

static inline void xr_expect(struct xr_eval *e, char c)
{
    if (!xr_eat(e, c))
        xr_fail(e, "expected '%c' at '%s'", c, e->p);
}

static inline struct xr_q xr_call(struct xr_eval *e, const char *name)
{
    struct xr_q v = {0, 1}, x;
    if (strcmp(name, "SUM") == 0 || strcmp(name, "SUBTOTAL") == 0) {
        int sub = name[1] == 'U' && name[2] == 'B';
        if (sub) { /* only function 9, SUM */
            x = xr_expr(e);
            if (x.n != 9 || x.d != 1)
                xr_fail(e, "SUBTOTAL function other than 9");
            xr_expect(e, ',');
        }
        do {
            if (!xr_range(e, &v, sub)) {
                if (sub)
                    xr_fail(e, "SUBTOTAL of something other than a range at '%s'", e->p);
                v = xr_add(v, xr_expr(e));
            }
        } while (!e->failed && xr_eat(e, ','));
    } else if (strcmp(name, "ROUNDUP") == 0) {
        x = xr_expr(e);
        xr_expect(e, ',');
        struct xr_q k = xr_expr(e);
        if (k.d != 1 || k.n < 0 || k.n > 6) {
            xr_fail(e, "ROUNDUP to an unusual number of digits");
            return v;
        }
        /* away from zero to a multiple of 10^-k */
        __int128 unit = xr_pow10((int)k.n), m = x.n < 0 ? -x.n : x.n;
        __int128 up = (m * unit + x.d - 1) / x.d;
        v = xr_make(x.n < 0 ? -up : up, unit);
    } else if (strcmp(name, "ROUND") == 0) {
        x = xr_expr(e);
        xr_expect(e, ',');
        struct xr_q k = xr_expr(e);
        if (k.d != 1 || k.n < 0 || k.n > 6) {
            xr_fail(e, "ROUND to an unusual number of digits");
            return v;
        }
        /* half away from zero to a multiple of 10^-k */
        __int128 unit = xr_pow10((int)k.n), m = x.n < 0 ? -x.n : x.n;
        __int128 r = (2 * m * unit + x.d) / (2 * x.d);
        v = xr_make(x.n < 0 ? -r : r, unit);
    } else if (strcmp(name, "ABS") == 0) {
        v = xr_expr(e);
        v.n = v.n < 0 ? -v.n : v.n;
    } else if (strcmp(name, "SUMIFS") == 0) {
        /* SUMIFS(sum, criteria, "<>text"): one column each, same rows */
        unsigned r1, c1, r2, c2, s1, sc1, s2, sc2;
        const char *lit;
        size_t len, k1 = xr_ref(e->p, &r1, &c1), k2;
        if (!k1 || e->p[k1] != ':' || !(k2 = xr_ref(e->p + k1 + 1, &r2, &c2))) {
            xr_fail(e, "SUMIFS without a sum range at '%s'", e->p);
            return v;
        }
        e->p += k1 + 1 + k2;
        xr_expect(e, ',');
        k1 = xr_ref(e->p, &s1, &sc1);
        if (!k1 || e->p[k1] != ':' || !(k2 = xr_ref(e->p + k1 + 1, &s2, &sc2))) {
            xr_fail(e, "SUMIFS without a criteria range at '%s'", e->p);
            return v;
        }
        e->p += k1 + 1 + k2;
        xr_expect(e, ',');
        if (c1 != c2 || sc1 != sc2 || s1 != r1 || s2 != r2 || !xr_literal(e, &lit, &len) ||
            len < 4 || lit[1] != '<' || lit[2] != '>') {
            xr_fail(e, "SUMIFS other than (column, column of the same rows, \"<>text\")");
            return v;
        }
        char *want = calloc(len, 1);
        for (size_t i = 3, k = 0; i + 1 < len; i++) {
            if (lit[i] == '"')
                i++;
            want[k++] = lit[i];
        }
        for (unsigned row = r1; row <= r2; row++) {
            const struct xr_cell *crit = xr_at(e->s, row, sc1), *c = xr_at(e->s, row, c1);
            int equal =
                crit && crit->kind == XR_STRING ? strcmp(crit->text, want) == 0 : want[0] == '\0';
            if (!equal && c && c->kind == XR_NUMBER)
                v = xr_add(v, xr_cell_value(e, row, c1));
        }
        free(want);
    } else if (strcmp(name, "IF") == 0) {
        struct xr_q a = xr_expr(e), b;
        const char *op = e->p;
        size_t k =
            strncmp(op, "<>", 2) == 0 || strncmp(op, ">=", 2) == 0 || strncmp(op, "<=", 2) == 0 ? 2
            : *op == '=' || *op == '<' || *op == '>'                                            ? 1
                                                                                                : 0;
        if (!k) {
            xr_fail(e, "IF without a comparison at '%s'", e->p);
            return v;
        }
        e->p += k;
        b = xr_expr(e);
        __int128 l = a.n * b.d, r = b.n * a.d; /* denominators are positive */
        int yes = k == 2       ? (op[0] == '<' && op[1] == '>' ? l != r
                                  : op[0] == '>'               ? l >= r
                                                               : l <= r)
                  : *op == '=' ? l == r
                  : *op == '<' ? l < r
                               : l > r;
        for (int branch = 1; branch >= 0 && !e->failed; branch--) {
            const char *lit;
            size_t len;
            xr_expect(e, ',');
            if (xr_literal(e, &lit, &len)) {
                if (branch == yes) {
                    e->is_text = 1;
                    e->text = lit;
                    e->ntext = len;
                }
            } else {
                int was = e->is_text;
                e->lazy += branch != yes;
                x = xr_expr(e);
                e->lazy -= branch != yes;
                if (branch == yes) {
                    v = x;
                    e->is_text = 0;
                } else {
                    e->is_text = was;
                }
            }
        }
    } else {
        xr_fail(e, "the test's evaluator does not know %s(); teach tests/xlsx_reader.h", name);
    }
    xr_expect(e, ')');
    return v;
}

static inline struct xr_q xr_factor(struct xr_eval *e)
{
    struct xr_q v = {0, 1};
    unsigned row, col;
    if (e->failed)
        return v;
    if (xr_eat(e, '-')) {
        v = xr_factor(e);
        v.n = -v.n;
        return v;
    }
    if (xr_eat(e, '(')) {
        v = xr_expr(e);
        xr_expect(e, ')');
        return v;
    }
    if ((*e->p >= '0' && *e->p <= '9') || *e->p == '.') {
        char num[48];
        size_t k = strspn(e->p, "0123456789.");
        snprintf(num, sizeof num, "%.*s", (int)k, e->p);
        if (!xr_decimal(num, &v))
            xr_fail(e, "bad number '%s'", num);
        e->p += k;
        return v;
    }
    size_t k = strspn(e->p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    if (k > 0 && e->p[k] == '(') {
        char name[16];
        snprintf(name, sizeof name, "%.*s", (int)k, e->p);
        e->p += k + 1;
        return xr_call(e, name);
    }
    k = xr_ref(e->p, &row, &col);
    if (k > 0 && e->p[k] != ':' && e->p[k] != '!') {
        e->p += k;
        return xr_cell_value(e, row, col);
    }
    xr_fail(e, "the test's evaluator does not read '%s'", e->p);
    return v;
}

static inline struct xr_q xr_term(struct xr_eval *e)
{
    struct xr_q v = xr_factor(e);
    for (;;) {
        if (xr_eat(e, '*')) {
            struct xr_q x = xr_factor(e);
            v = xr_make(v.n * x.n, v.d * x.d);
        } else if (xr_eat(e, '/')) {
            struct xr_q x = xr_factor(e);
            if (x.n == 0) {
                if (!e->lazy)
                    xr_fail(e, "division by zero (#DIV/0!)");
                return v;
            }
            v = xr_make(v.n * x.d, v.d * x.n);
        } else {
            return v;
        }
    }
}

static inline struct xr_q xr_expr(struct xr_eval *e)
{
    struct xr_q v = xr_term(e);
    for (;;) {
        if (xr_eat(e, '+')) {
            v = xr_add(v, xr_term(e));
        } else if (xr_eat(e, '-')) {
            struct xr_q x = xr_term(e);
            x.n = -x.n;
            v = xr_add(v, x);
        } else {
            return v;
        }
    }
}

/* What formula f computes on sheet s. 0 with why filled when it cannot be
 * computed (an unknown form, text in arithmetic, #DIV/0!). */
static inline int xr_compute(const struct xr_book *b, const struct xr_sheet *s, const char *f,
                             struct xr_q *out, char *why, size_t n)
{
    struct xr_eval e = {b, s, f, why, n, 0, 0, 0, NULL, 0};
    *out = xr_expr(&e);
    if (!e.failed && *e.p)
        xr_fail(&e, "unexpected '%s'", e.p);
    if (!e.failed && e.is_text)
        xr_fail(&e, "computes text where a number is cached");
    return !e.failed;
}

/* What formula f computes on sheet s when its result is text: 1 when that
 * is `text`, 0 with why filled otherwise. */
static inline int xr_compute_text(const struct xr_book *b, const struct xr_sheet *s, const char *f,
                                  const char *text, char *why, size_t n)
{
    struct xr_eval e = {b, s, f, why, n, 0, 0, 0, NULL, 0};
    (void)xr_expr(&e);
    if (!e.failed && *e.p)
        xr_fail(&e, "unexpected '%s'", e.p);
    if (!e.failed && !e.is_text)
        xr_fail(&e, "computes a number where text '%s' is cached", text);
    if (!e.failed && !xr_literal_is(e.text, e.ntext, text))
        xr_fail(&e, "computes %.*s where '%s' is cached", (int)e.ntext, e.text, text);
    return !e.failed;
}

/* Recomputes every formula of every sheet and compares it with its cached
 * value, exactly. Returns how many formulas were checked, or -1 with why
 * naming the first cell that is wrong. Every number cell is read with
 * xr_value too, so a stray third decimal anywhere fails. */
static inline long xr_check_formulas(const struct xr_book *b, char *why, size_t n)
{
    long checked = 0;
    for (size_t i = 0; i < b->nsheets; i++) {
        const struct xr_sheet *s = &b->sheets[i];
        for (size_t k = 0; k < s->n; k++) {
            const struct xr_cell *c = &s->cells[k];
            struct xr_q cached, computed;
            char err[384] = "", a1[16];
            if (c->kind == XR_STRING && c->formula) {
                if (!xr_compute_text(b, s, c->formula, c->text, err, sizeof err)) {
                    snprintf(why, n, "%s!%s =%s: %s", s->name, xr_a1(a1, c->row, c->col),
                             c->formula, err);
                    return -1;
                }
                checked++;
                continue;
            }
            if (c->kind != XR_NUMBER)
                continue;
            if (!xr_value(b, s, c, &cached, err, sizeof err)) {
                snprintf(why, n, "%s", err);
                return -1;
            }
            if (!c->formula)
                continue;
            if (!xr_compute(b, s, c->formula, &computed, err, sizeof err)) {
                snprintf(why, n, "%s!%s =%s: %s", s->name, xr_a1(a1, c->row, c->col), c->formula,
                         err);
                return -1;
            }
            if (computed.n * cached.d != cached.n * computed.d) {
                snprintf(why, n, "%s!%s =%s caches %s but computes %lld/%lld (%.4f)", s->name,
                         xr_a1(a1, c->row, c->col), c->formula, c->v, (long long)computed.n,
                         (long long)computed.d, (double)computed.n / (double)computed.d);
                return -1;
            }
            checked++;
        }
    }
    return checked;
}

#endif
