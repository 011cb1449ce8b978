/*
 * c_numeric: a scope in which the calling thread writes numbers the one way
 * files need them (a decimal point: "12.5"), whatever LC_NUMERIC the process
 * runs under. Under de_DE, fr_FR or tr_TR printf writes "12,5", and a
 * spreadsheet reads <v>12,5</v> as 12 (docs/reliability.md). The other
 * categories stay the caller's, so messages are still translated.
 *
 *     struct outlay_c_numeric scope;
 *     if (outlay_c_numeric_enter(&scope, &err) != OUTLAY_OK) return err.status;
 *     snprintf(buf, n, "%g", 12.5);   // "12.5" under every locale
 *     outlay_c_numeric_leave(&scope);
 */
#ifndef OUTLAY_C_NUMERIC_H
#define OUTLAY_C_NUMERIC_H

#include <locale.h>

#include "outlay/status.h"

struct outlay_c_numeric {
    locale_t prev; /* the thread's locale before enter (maybe LC_GLOBAL_LOCALE) */
    locale_t loc;  /* the caller's locale with LC_NUMERIC "C"; 0 when not entered */
};

/* Makes the calling thread use a copy of its current locale whose
 * LC_NUMERIC is "C" (uselocale), until outlay_c_numeric_leave. Scopes nest.
 * OUTLAY_ENOMEM when the copy cannot be made (nothing changed then). */
enum outlay_status outlay_c_numeric_enter(struct outlay_c_numeric *s, outlay_err *err);

/* Gives the thread back the locale it had at enter and frees the copy; a
 * scope that was never entered (or already left) is a no-op. */
void outlay_c_numeric_leave(struct outlay_c_numeric *s);

#endif
