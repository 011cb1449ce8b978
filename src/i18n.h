/* i18n: every message meant for people goes through _() (GNU gettext), so a
 * Chinese interface is a catalogue to add, not a rewrite. N_() marks a string
 * for extraction where it is translated later (tables of labels). */
#ifndef OUTLAY_I18N_H
#define OUTLAY_I18N_H
#include <libintl.h>
#define OUTLAY_TEXTDOMAIN "outlay"
#define _(s) dgettext(OUTLAY_TEXTDOMAIN, s)
#define N_(s) (s)
#endif
