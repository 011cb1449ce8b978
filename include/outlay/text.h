/*
 * text: validation of text fields at the boundary (SPEC §10): valid UTF-8,
 * no control characters except tab, at most 1,000 code points; and their
 * normalisation to NFC.
 *
 *     const char *item = "Winner prizes"; outlay_err err = {0};
 *     if (outlay_text_check(item, "item", 1000, &err) != OUTLAY_OK) return err.status;
 */
#ifndef OUTLAY_TEXT_H
#define OUTLAY_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "outlay/status.h"

#define OUTLAY_TEXT_MAX 1000

/* 1 if s (len bytes) is valid UTF-8 (no overlongs, surrogates or > U+10FFFF). */
int outlay_utf8_valid(const char *s, size_t len);

/* Number of code points of a valid UTF-8 string. */
size_t outlay_utf8_length(const char *s);

/* Checks a text field; `what` names it ("item"), as the problem's place
 * (err->column). max is the limit in code points (OUTLAY_TEXT_MAX).
 * OUTLAY_EINVAL on failure: OUTLAY_P_NOT_UTF8, _TEXT_CONTROL or _TEXT_LONG. */
enum outlay_status outlay_text_check(const char *s, const char *what, size_t max, outlay_err *err);

/* Unicode Normalization Form C of a valid UTF-8 string: the one form every
 * text is kept in, so that "é" typed as U+00E9 and as e + U+0301 is one name
 * (docs/spec-notes.md). *out is NULL when s is in NFC already (all ASCII
 * is), else a malloc'd NFC copy the caller frees. OUTLAY_EINVAL when s is
 * not valid UTF-8, OUTLAY_ENOMEM.
 *
 *     char *nfc = NULL;
 *     outlay_text_nfc("Jose\xcc\x81", &nfc, &err);   // nfc: "Jos\xc3\xa9"; free(nfc)
 */
enum outlay_status outlay_text_nfc(const char *s, char **out, outlay_err *err);

/* Copies len bytes of s to out (room for len + 1 bytes), with the
 * full-width forms of ASCII that a Chinese input method types (U+FF01 to
 * U+FF5E: "５０", "１，０００．５０", "－") as ASCII and the ideographic
 * space U+3000 as a space, so "５０" reads as "50" (SPEC §12). Returns the
 * length written; out is NUL-terminated.
 *
 *     char out[16]; outlay_text_narrow("５０", 6, out);   // "50", returns 2
 */
size_t outlay_text_narrow(const char *s, size_t len, char *out);

/* The columns s takes on a terminal or in a fixed-width layout
 * (libunistring's uc_width): CJK, full-width forms and emoji take two,
 * combining marks none, everything else (a tab, a byte that is not UTF-8)
 * one. NULL is "".
 *
 *     outlay_text_width("王芳 Ann");   // 8
 */
size_t outlay_text_width(const char *s);

/* Size of a buffer that holds any outlay_text_quote() result. */
#define OUTLAY_TEXT_QUOTE_BUFSZ 256

/* Makes len bytes of s safe to show inside a message: printable UTF-8 is kept,
 * control characters and bytes that are not UTF-8 become \xNN (C1 controls
 * \u0080..\u009F), and text past 40 characters is cut with "…". The result
 * always fits in buf (n bytes, n >= 4) and is NUL-terminated. Returns buf.
 *
 *     char q[OUTLAY_TEXT_QUOTE_BUFSZ];
 *     outlay_err_set(err, OUTLAY_EINVAL, "'%s': ...", outlay_text_quote(s, strlen(s), q, sizeof
 * q));
 */
char *outlay_text_quote(const char *s, size_t len, char *buf, size_t n);

/* Compares like strcasecmp, folding the ASCII letters only: the same under
 * every locale, where strcasecmp follows LC_CTYPE (under tr_TR "ITEM" is not
 * "item"). For keywords: CSV headers, option values, flags. */
int outlay_text_casecmp(const char *a, const char *b);

/* The longest text, in code points, that outlay_text_distance measures. */
#define OUTLAY_TEXT_DISTANCE_MAX 64

/* Edit distance between two short strings in code points ("王方" is one
 * edit from "王芳"; a byte that is not UTF-8 counts as one), for "did you
 * mean" hints; (size_t)-1 when either is longer than
 * OUTLAY_TEXT_DISTANCE_MAX code points. */
size_t outlay_text_distance(const char *a, const char *b);

/* A participant's name as it is kept (SPEC §11): spaces (space, tab,
 * U+00A0, the ideographic space U+3000) trimmed at both ends and each inner
 * run of them made one ASCII space. *out is NULL when s is already so,
 * else a malloc'd copy the caller frees. OUTLAY_ENOMEM.
 *
 *     char *name = NULL;
 *     outlay_text_name("  Wang   Fang ", &name, &err);   // "Wang Fang"; free(name)
 */
enum outlay_status outlay_text_name(const char *s, char **out, outlay_err *err);

/* The key under which a name is one person (SPEC §11): its spaces as
 * outlay_text_name leaves them, then Unicode case folding and NFC, so
 * "WANG fang" and "Wang Fang" have one key. *out is always a malloc'd
 * string the caller frees (on OUTLAY_OK). Text that is not UTF-8 folds its
 * ASCII letters only. OUTLAY_ENOMEM. */
enum outlay_status outlay_text_name_key(const char *s, char **out, outlay_err *err);

/* The length of the tag separator s starts with: ';' or ',' (1), the
 * full-width '；' or '，' or the enumeration comma '、' (3); 0 for none. */
size_t outlay_text_tag_separator(const char *s);

/* Whether NFC leaves code point cp alone in any text (the fast path of
 * outlay_text_nfc; exposed for its test). */
int outlay_text_nfc_stable_cp(uint32_t cp);

/* FNV-1a hash of len bytes of s, for the hash tables of settle (tag
 * groups), report (categories) and the checks (tags): one function. */
size_t outlay_text_hash(const char *s, size_t len);

#endif
