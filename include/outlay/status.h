/*
 * status: the one status type of liboutlay, and the error record every
 * library call fills in for its caller.
 *
 *     outlay_err err = {0}; int64_t fen;
 *     if (outlay_money_parse("12.345", 0, &fen, &err) != OUTLAY_OK)
 *         return outlay_exit_code(err.status); // err.code: OUTLAY_P_AMOUNT_DECIMALS
 */
#ifndef OUTLAY_STATUS_H
#define OUTLAY_STATUS_H

#include <stddef.h>

#include "outlay/problem.h"

enum outlay_status {
    OUTLAY_OK = 0,     /* success */
    OUTLAY_EINVAL,     /* invalid input */
    OUTLAY_ENOTFOUND,  /* no such thing */
    OUTLAY_EEXIST,     /* already exists */
    OUTLAY_ECLOSED,    /* the activity is closed */
    OUTLAY_ECHECK,     /* a consistency check failed */
    OUTLAY_EOVERFLOW,  /* amount out of range */
    OUTLAY_EUSAGE,     /* wrong usage of a command */
    OUTLAY_ENOLEDGER,  /* no ledger at that path */
    OUTLAY_ENOTLEDGER, /* file is not an outlay ledger */
    OUTLAY_ENEWER,     /* ledger was written by a newer outlay */
    OUTLAY_EBUSY,      /* ledger is busy */
    OUTLAY_EIO,        /* storage or I/O error */
    OUTLAY_ENOMEM,     /* out of memory */
    OUTLAY_STATUS_COUNT
};

/* One argument of a problem, as the library stored it (see problem.h for
 * the kinds). */
#define OUTLAY_ARG_TEXT_MAX 256
#define OUTLAY_PROBLEM_ARGS_MAX 5
struct outlay_arg {
    char kind;                      /* 't', 'q', 'i', 'm', 'e', 'u' */
    long long n;                    /* for 'i', 'm' (fen), 'e' and 'u' */
    char text[OUTLAY_ARG_TEXT_MAX]; /* for 't' and 'q' */
};

/* Error record, owned by the caller (usually on its stack); a warning is one
 * too. Library calls write the status and a problem (a code and its
 * arguments, never a sentence: SPEC §12); `file`/`line`/`column` are set when
 * the problem has a place in an input, `activity` when it belongs to one
 * activity and its code does not name it. */
typedef struct outlay_err {
    enum outlay_status status;
    enum outlay_problem code;
    int nargs;
    struct outlay_arg args[OUTLAY_PROBLEM_ARGS_MAX];
    char file[256];
    long line;
    char column[64];
    char activity[72];
} outlay_err;

/* An argument as a library call passes it; made with the OUTLAY_A_* macros. */
struct outlay_arg_in {
    char kind;
    long long n;
    const char *s;
    size_t len; /* bytes of s; (size_t)-1: up to its NUL */
};
#define OUTLAY_A_TEXT(x) ((struct outlay_arg_in){.kind = 't', .s = (x), .len = (size_t)-1})
#define OUTLAY_A_TEXTN(x, n) ((struct outlay_arg_in){.kind = 't', .s = (x), .len = (n)})
#define OUTLAY_A_INPUT(x) ((struct outlay_arg_in){.kind = 'q', .s = (x), .len = (size_t)-1})
#define OUTLAY_A_INPUTN(x, n) ((struct outlay_arg_in){.kind = 'q', .s = (x), .len = (n)})
#define OUTLAY_A_INT(x) ((struct outlay_arg_in){.kind = 'i', .n = (long long)(x)})
#define OUTLAY_A_MONEY(x) ((struct outlay_arg_in){.kind = 'm', .n = (long long)(x)})
#define OUTLAY_A_ERRNO(x) ((struct outlay_arg_in){.kind = 'e', .n = (long long)(x)})
#define OUTLAY_A_CHAR(x) ((struct outlay_arg_in){.kind = 'u', .n = (long long)(x)})

/* Sets err (may be NULL) to status s and problem `code` with its arguments
 * (as many as outlay_problem_args(code) lists, of those kinds; otherwise the
 * problem becomes OUTLAY_P_BAD_PROBLEM, which a test catches). Keeps the
 * place (file, line, column) and activity already set. Returns s.
 *
 *     return outlay_fail(err, OUTLAY_ENOTFOUND, OUTLAY_P_NO_ACTIVITY, OUTLAY_A_TEXT(slug));
 */
#define outlay_fail(err, s, code, ...)                                                             \
    outlay_fail_((err), (s), (code),                                                               \
                 (int)(sizeof((struct outlay_arg_in[]){{0}, ##__VA_ARGS__}) /                      \
                       sizeof(struct outlay_arg_in)) -                                             \
                     1,                                                                            \
                 (const struct outlay_arg_in[]){{0}, ##__VA_ARGS__} + 1)
enum outlay_status outlay_fail_(outlay_err *err, enum outlay_status s, enum outlay_problem code,
                                int nargs, const struct outlay_arg_in *args);

/* SPEC §10 exit code for a status: 0, 1 (input/check), 2 (usage), 3 (storage). */
int outlay_exit_code(enum outlay_status s);

/* Clears err to OUTLAY_OK with no problem and no place. */
void outlay_err_clear(outlay_err *err);

#endif
