/* print_internal: what print.c (the engine and the approval form) shares
 * with print_slips.c (the settlement slips). Units are PostScript points
 * (1/72 inch); y grows down the page. */
#ifndef OUTLAY_PRINT_INTERNAL_H
#define OUTLAY_PRINT_INTERNAL_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "outlay/print.h"

/* A4 portrait */
#define PR_PAGE_W 595.276
#define PR_PAGE_H 841.890
#define PR_MARGIN 30.0
#define PR_WIDTH (PR_PAGE_W - 2 * PR_MARGIN)
#define PR_BOTTOM (PR_PAGE_H - PR_MARGIN) /* the footer is below, in the margin */
#define PR_FONT "Noto Sans CJK SC"

/* Enough for a worded problem: five arguments of up to OUTLAY_ARG_TEXT_MAX
 * bytes and the wording around them. */
#define PR_PROBLEM_BUFSZ 4096

enum pr_flags {
    PR_BOLD = 1,
    PR_RIGHT = 2,
    PR_CENTER = 4,
    PR_MEASURE = 8, /* measure only, draw nothing */
    PR_GREY = 16,
    PR_RED = 32,
};

struct pr {
    const struct outlay_print_input *in;
    cairo_t *cr;
    PangoLayout *layout; /* one layout, reused for every text */
    PangoFontDescription *font;
    int zh;
    double y;    /* where the next block goes on the current page */
    int page;    /* pages begun */
    int table;   /* in the form's table: a new page repeats its header */
    double size; /* of the text being set, in points */
    int nomem;   /* an allocation of ours failed: the document is incomplete */
};

/* The label for "section.key" in the document's language. */
const char *pr_label(const struct pr *p, const char *key);
/* "label:" with the colon of the language, into buf. Returns buf. */
const char *pr_colon(const struct pr *p, const char *key, char *buf, size_t n);
/* Draws s in a box w wide at (x, y): wrapped, and cut with "…" after
 * maxlines lines (0: never cut). Returns the height it takes. */
double pr_text(struct pr *p, double x, double y, double w, const char *s, double size,
               unsigned flags, int maxlines);
/* Draws s on one line in a box w wide, its size reduced until it fits (an
 * amount is never cut). Returns the height it takes. */
double pr_fit(struct pr *p, double x, double y, double w, const char *s, double size,
              unsigned flags);
/* The width of s on one line. */
double pr_width(struct pr *p, const char *s, double size, unsigned flags);
void pr_rule(struct pr *p, double x0, double y0, double x1, double y1, double width, int dashed);
void pr_fill(struct pr *p, double x, double y, double w, double h, double grey);
void pr_box(struct pr *p, double x, double y, double w, double h);
/* Ends the current page (its footer) and begins the next. */
void pr_new_page(struct pr *p);
/* A problem worded in the document's language ([problem] <name>). */
char *pr_problem(const struct pr *p, const outlay_err *e, char *buf, size_t n);

/* print_slips.c: the slips, from a new page on. */
void pr_slips(struct pr *p);

/* Maps a cairo status to outlay's: CAIRO_STATUS_NO_MEMORY is OUTLAY_ENOMEM
 * (OUTLAY_P_NOMEM); any other failure OUTLAY_EIO with OUTLAY_P_PRINT_CAIRO
 * naming path and cairo's reason. */
enum outlay_status pr_cairo_status(cairo_status_t st, const char *path, outlay_err *err);

#endif
