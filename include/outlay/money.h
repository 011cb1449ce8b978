/*
 * money: amounts as int64_t minor units (fen). Parsing of what people type,
 * formatting for tables and for CSV/JSON, and checked arithmetic. No floating
 * point anywhere (SPEC §3).
 *
 *     int64_t fen; outlay_err err = {0};
 *     outlay_money_parse("¥1,234.5", 0, &fen, &err);      // fen == 123450
 *     char buf[OUTLAY_MONEY_BUFSZ]; outlay_money_format(fen, 1, buf); // "1,234.50"
 */
#ifndef OUTLAY_MONEY_H
#define OUTLAY_MONEY_H

#include <stdint.h>

#include "outlay/status.h"

/* Largest accepted magnitude: 10^12 yuan minus one fen. */
#define OUTLAY_MONEY_MAX INT64_C(99999999999999)
/* Largest quantity on a budget line (SPEC §3). */
#define OUTLAY_QTY_MAX 1000000
/* Enough for any int64_t with separators, sign and NUL. */
#define OUTLAY_MONEY_BUFSZ 40

/* Parses an amount (SPEC §3): `1234`, `1234.5`, `1,234.56`, optional leading
 * `¥`, `￥` or `CNY `, surrounding spaces trimmed; a leading `-` (before the
 * currency mark) only when allow_negative. `-0.00` is 0. On failure returns
 * OUTLAY_EINVAL (or OUTLAY_EOVERFLOW for |amount| >= 10^12 yuan) with a
 * message saying what is wrong with the text and what is accepted; *out is
 * untouched. */
enum outlay_status outlay_money_parse(const char *s, int allow_negative, int64_t *out,
                                      outlay_err *err);

/* Formats fen as yuan with two decimals: "4,080.00" when thousands is
 * non-zero (tables), "4080.00" otherwise (CSV, JSON). Negative values get a
 * leading '-'. Returns buf. */
char *outlay_money_format(int64_t fen, int thousands, char buf[OUTLAY_MONEY_BUFSZ]);

/* *out = a + b; OUTLAY_EOVERFLOW (out untouched) if it would overflow int64. */
enum outlay_status outlay_money_add(int64_t a, int64_t b, int64_t *out);

/* *out = a * b; OUTLAY_EOVERFLOW (out untouched) if it would overflow int64. */
enum outlay_status outlay_money_mul(int64_t a, int64_t b, int64_t *out);

/* Parses a quantity: a positive decimal integer 1..OUTLAY_QTY_MAX, spaces
 * trimmed. OUTLAY_EINVAL with a message otherwise. */
enum outlay_status outlay_qty_parse(const char *s, int64_t *out, outlay_err *err);

#endif
