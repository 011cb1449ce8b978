/* c_numeric: the "C" number scope of the writers (see c_numeric.h). It is a
 * thread's locale (uselocale), not setlocale(): the process locale belongs
 * to the program that calls the library, and other threads keep theirs. */
#include "c_numeric.h"

enum outlay_status outlay_c_numeric_enter(struct outlay_c_numeric *s, outlay_err *err)
{
    s->prev = (locale_t)0;
    s->loc = (locale_t)0;
    /* A copy, because newlocale() consumes its base, and the current
     * locale may be the global one, which must not be changed. */
    locale_t base = duplocale(uselocale((locale_t)0));
    if (base == (locale_t)0)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    locale_t loc = newlocale(LC_NUMERIC_MASK, "C", base);
    if (loc == (locale_t)0) {
        freelocale(base); /* still valid when newlocale() fails */
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    }
    s->loc = loc;
    s->prev = uselocale(loc);
    return OUTLAY_OK;
}

void outlay_c_numeric_leave(struct outlay_c_numeric *s)
{
    if (!s || s->loc == (locale_t)0)
        return;
    uselocale(s->prev);
    freelocale(s->loc);
    s->loc = (locale_t)0;
}
