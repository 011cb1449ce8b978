/* date: YYYY-MM-DD validation and today's date. The years are 1900 to 2999
 * (docs/spec-notes.md): wide enough for any activity, narrow enough that a
 * typo in the century (0026, 9026) is refused, and the range every message
 * states so the fix is plain. */
#include "outlay/date.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

enum outlay_status outlay_date_check(const char *s, outlay_err *err)
{
    static const char shape[] = "dddd-dd-dd";
    int ok = s && strlen(s) == 10;
    for (int i = 0; ok && i < 10; i++)
        ok = shape[i] == 'd' ? isdigit((unsigned char)s[i]) != 0 : s[i] == '-';
    if (!ok)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_DATE_FORM, OUTLAY_A_INPUT(s ? s : ""));
    /* The shape is checked: digits where digits go. */
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || y > 2999)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_DATE_YEAR, OUTLAY_A_INPUT(s));
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_DATE_DAY, OUTLAY_A_INPUT(s));
    return OUTLAY_OK;
}

char *outlay_date_today(char buf[11])
{
    const char *fixed = getenv("OUTLAY_TODAY");
    if (fixed && outlay_date_check(fixed, NULL) == OUTLAY_OK) {
        memcpy(buf, fixed, 11);
        return buf;
    }
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(buf, 11, "%Y-%m-%d", &tm);
    return buf;
}
