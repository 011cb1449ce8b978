/* date: YYYY-MM-DD validation and today's date. The years are 1900 to 2999
 * (docs/spec-notes.md): wide enough for any activity, narrow enough that a
 * typo in the century (0026, 9026) is refused, and the range every message
 * states so the fix is plain. */
#include "outlay/date.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <time.h>

#include "outlay/text.h"

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

/* Reads 1 to max digits at *p; -1 when there are none. */
static int digits(const char **p, int max)
{
    int v = 0, n = 0;
    while (n < max && **p >= '0' && **p <= '9') {
        v = v * 10 + (**p - '0');
        ++*p;
        n++;
    }
    return n ? v : -1;
}

/* Skips the separator sep at *p: one ASCII character, or a UTF-8 string. */
static int separator(const char **p, const char *sep)
{
    size_t n = strlen(sep);
    if (strncmp(*p, sep, n) != 0)
        return 0;
    *p += n;
    return 1;
}

enum outlay_status outlay_date_parse(const char *s, char iso[11], outlay_err *err)
{
    char buf[64];
    if (!s)
        s = "";
    size_t len = strlen(s);
    if (len >= sizeof buf) /* no date is that long: say so with what was typed */
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_DATE_FORM, OUTLAY_A_INPUT(s));
    outlay_text_narrow(s, len, buf);
    const char *p = buf, *end = buf + strlen(buf);
    while (*p == ' ' || *p == '\t')
        p++;
    while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    *(char *)end = '\0';
    /* The separators of one date are all the same kind. */
    static const char *const seps[][3] = {
        {"-", "-", ""}, {"/", "/", ""}, {".", ".", ""}, {"年", "月", "日"}};
    const char *start = p;
    int y = digits(&p, 4), m = -1, d = -1, ok = 0;
    for (size_t k = 0; y >= 0 && p - start == 4 && !ok && k < sizeof seps / sizeof seps[0]; k++) {
        const char *q = p;
        if (!separator(&q, seps[k][0]) || (m = digits(&q, 2)) < 0 || !separator(&q, seps[k][1]) ||
            (d = digits(&q, 2)) < 0)
            continue;
        if (seps[k][2][0])
            separator(&q, seps[k][2]);
        ok = *q == '\0';
    }
    if (!ok)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_DATE_FORM, OUTLAY_A_INPUT(s));
    char out[32];
    snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
    enum outlay_status rc = outlay_date_check(out, err);
    if (rc != OUTLAY_OK) /* the problem quotes what was typed */
        return outlay_fail(err, rc, err ? err->code : OUTLAY_P_DATE_FORM, OUTLAY_A_INPUT(s));
    memcpy(iso, out, 11);
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

long outlay_date_days(const char *iso)
{
    if (!iso || outlay_date_check(iso, NULL) != OUTLAY_OK)
        return OUTLAY_DATE_NONE;
    long y = atol(iso), m = atol(iso + 5), d = atol(iso + 8);
    /* Days from civil (Howard Hinnant's algorithm), with the year starting
     * in March so that the leap day comes last. */
    y -= m <= 2;
    long era = y / 400; /* years 1900..2999: never negative */
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}
