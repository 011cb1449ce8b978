/* i18n: every message meant for people goes through _() (GNU gettext), so a
 * Chinese interface is a catalogue to add, not a rewrite. N_() marks a string
 * for extraction where it is translated later (tables of labels); P_() one
 * with a plural. */
#ifndef OUTLAY_I18N_H
#define OUTLAY_I18N_H
#include <libintl.h>
#define OUTLAY_TEXTDOMAIN "outlay"
#define _(s) dgettext(OUTLAY_TEXTDOMAIN, s)
#define N_(s) (s)
/* A message with a plural: singular, plural, the count (ngettext; Chinese
 * has one form). */
#define P_(s, p, n) dngettext(OUTLAY_TEXTDOMAIN, s, p, (unsigned long)(n))
#endif
