/*
 * status: the one status type of liboutlay, and the error record every
 * library call fills in for its caller.
 *
 *     outlay_err err = {0}; int64_t fen;
 *     if (outlay_money_parse("12.345", 0, &fen, &err) != OUTLAY_OK)
 *         fprintf(stderr, "outlay: error: %s\n", err.msg);
 */
#ifndef OUTLAY_STATUS_H
#define OUTLAY_STATUS_H

#include <stddef.h>

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

/* Error record, owned by the caller (usually on its stack). Library calls
 * write the status and a message naming the thing that is wrong and the fix;
 * `file`/`line`/`column` are set when the error has a place in an input. */
typedef struct outlay_err {
    enum outlay_status status;
    char msg[1024];
    char file[256];
    long line;
    char column[64];
} outlay_err;

/* A short static description of a status ("invalid input"). */
const char *outlay_strerror(enum outlay_status s);

/* SPEC §10 exit code for a status: 0, 1 (input/check), 2 (usage), 3 (storage). */
int outlay_exit_code(enum outlay_status s);

/* Sets err (may be NULL) to status s with a printf-style message; returns s. */
enum outlay_status outlay_err_set(outlay_err *err, enum outlay_status s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Clears err to OUTLAY_OK with empty message and place. */
void outlay_err_clear(outlay_err *err);

#endif
