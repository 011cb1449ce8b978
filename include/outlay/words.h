/*
 * words: an amount in Chinese capital numerals (大写金额), as written on
 * approval forms. The rules and their worked examples are in
 * docs/capital-numerals.md.
 *
 *     char buf[OUTLAY_WORDS_BUFSZ];
 *     outlay_words(408000, buf, sizeof buf);   // "肆仟零捌拾元整"
 */
#ifndef OUTLAY_WORDS_H
#define OUTLAY_WORDS_H

#include <stddef.h>
#include <stdint.h>

#include "outlay/status.h"

/* Enough for any amount up to OUTLAY_MONEY_MAX in magnitude. */
#define OUTLAY_WORDS_BUFSZ 256

/* Writes fen in capital numerals, UTF-8, NUL-terminated, into buf.
 * Returns OUTLAY_EOVERFLOW when |fen| > OUTLAY_MONEY_MAX, OUTLAY_EINVAL when
 * n is too small; buf is then an empty string (if n > 0). */
enum outlay_status outlay_words(int64_t fen, char *buf, size_t n);

#endif
