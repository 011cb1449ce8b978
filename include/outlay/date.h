/*
 * date: calendar dates as ISO text (YYYY-MM-DD), checked for real days.
 *
 *     outlay_err err = {0};
 *     outlay_date_check("2026-02-30", &err);   // OUTLAY_EINVAL: no such day
 *     char iso[11]; outlay_date_parse("2026年5月10日", iso, &err); // iso: "2026-05-10"
 *     char today[11]; outlay_date_today(today);
 *     long days = outlay_date_days("2026-05-25") - outlay_date_days(today);
 */
#ifndef OUTLAY_DATE_H
#define OUTLAY_DATE_H

#include "outlay/status.h"

/* OUTLAY_OK when s is YYYY-MM-DD naming a real day (years 1900..2999). */
enum outlay_status outlay_date_check(const char *s, outlay_err *err);

/* Reads a date as people type it (SPEC §12): 2026-05-10, 2026-5-10,
 * 2026/5/10, 2026.5.10, 2026年5月10日 (the 日 may be left out), with ASCII or
 * full-width digits and spaces around it; writes it as YYYY-MM-DD into iso.
 * The same problems as outlay_date_check when it is not a real day. */
enum outlay_status outlay_date_parse(const char *s, char iso[11], outlay_err *err);

/* The day number of an ISO date (days since 1970-01-01), so that two
 * dates can be subtracted; OUTLAY_DATE_NONE for NULL or a text that is not
 * a real YYYY-MM-DD day.
 *
 *     outlay_date_days("2026-05-25") - outlay_date_days("2026-03-08");   // 78
 */
#define OUTLAY_DATE_NONE (-1000000L)
long outlay_date_days(const char *iso);

/* Today's local date as YYYY-MM-DD; $OUTLAY_TODAY overrides it (tests). */
char *outlay_date_today(char buf[11]);

#endif
