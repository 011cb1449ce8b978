/*
 * notice: one short message per participant of a settlement (SPEC §13),
 * ready to paste into a chat group, in the words of a language catalogue
 * (templates/lang/<code>.ini, [notice]), with the refund or supplement in
 * capital numerals. An exporter: computed structs in, text out; no storage.
 *
 *     struct outlay_settle_person p = {.name = "Wang", .deposits = 36000};
 *     struct outlay_settle_row r = {.due = 45334, .action = OUTLAY_SETTLE_SUPPLEMENT};
 *     char buf[OUTLAY_NOTICE_BUFSZ];
 *     outlay_err err = {0};
 *     outlay_lang *zh = NULL; // outlay_lang_load("zh", ...), template.h
 *     r.amount = 9334;
 *     outlay_notice_message(zh, "CNY", &p, &r, buf, sizeof buf, &err);
 *     // Wang：预交 360.00 元，应摊 453.34 元，应补交 93.34 元（玖拾叁元叁角肆分）。
 */
#ifndef OUTLAY_NOTICE_H
#define OUTLAY_NOTICE_H

#include <stddef.h>

#include "outlay/settle.h"
#include "outlay/status.h"
#include "outlay/template.h"
#include "outlay/text.h"

/* Room for any message: a name of OUTLAY_TEXT_MAX characters (4 bytes
 * each at most) and the catalogue's words around five amounts. */
#define OUTLAY_NOTICE_BUFSZ (OUTLAY_TEXT_MAX * 4 + 4096)

/* The message for person p and their settlement row r, into buf (n bytes):
 * what they paid in advance, what they advanced (when anything), what was
 * paid back already (when anything), their share after the subsidy (due),
 * and the refund or the supplement, in figures with the currency's unit
 * and, for CNY, in capital numerals, or that nothing is left to settle.
 * currency is the activity's code ("CNY" words its unit as the catalogue
 * does: 元, yuan; another is written as its code). OUTLAY_EINVAL when the
 * catalogue lacks a [notice] key (OUTLAY_P_LANG_KEY) or buf is too small
 * (OUTLAY_P_NOTICE_LONG). */
enum outlay_status outlay_notice_message(const outlay_lang *lang, const char *currency,
                                         const struct outlay_settle_person *p,
                                         const struct outlay_settle_row *r, char *buf, size_t n,
                                         outlay_err *err);

#endif
