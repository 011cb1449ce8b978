/*
 * date: calendar dates as ISO text (YYYY-MM-DD), checked for real days.
 *
 *     outlay_err err = {0};
 *     outlay_date_check("2026-02-30", &err);   // OUTLAY_EINVAL: no such day
 *     char today[11]; outlay_date_today(today);
 */
#ifndef OUTLAY_DATE_H
#define OUTLAY_DATE_H

#include "outlay/status.h"

/* OUTLAY_OK when s is YYYY-MM-DD naming a real day (years 1900..2999). */
enum outlay_status outlay_date_check(const char *s, outlay_err *err);

/* Today's local date as YYYY-MM-DD; $OUTLAY_TODAY overrides it (tests). */
char *outlay_date_today(char buf[11]);

#endif
