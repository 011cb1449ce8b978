/* status: outlay_strerror(), exit codes, and the error-record helpers. */
#include "outlay/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"

static const char *const descriptions[OUTLAY_STATUS_COUNT] = {
    [OUTLAY_OK] = N_("success"),
    [OUTLAY_EINVAL] = N_("invalid input"),
    [OUTLAY_ENOTFOUND] = N_("no such thing"),
    [OUTLAY_EEXIST] = N_("already exists"),
    [OUTLAY_ECLOSED] = N_("the activity is closed"),
    [OUTLAY_ECHECK] = N_("a consistency check failed"),
    [OUTLAY_EOVERFLOW] = N_("amount out of range"),
    [OUTLAY_EUSAGE] = N_("wrong usage"),
    [OUTLAY_ENOLEDGER] = N_("no ledger at that path"),
    [OUTLAY_ENOTLEDGER] = N_("not an outlay ledger"),
    [OUTLAY_ENEWER] = N_("ledger written by a newer outlay"),
    [OUTLAY_EBUSY] = N_("ledger is busy"),
    [OUTLAY_EIO] = N_("storage or I/O error"),
    [OUTLAY_ENOMEM] = N_("out of memory"),
};

const char *outlay_strerror(enum outlay_status s)
{
    if ((unsigned)s >= OUTLAY_STATUS_COUNT)
        return _("unknown status");
    return _(descriptions[s]);
}

int outlay_exit_code(enum outlay_status s)
{
    switch (s) {
    case OUTLAY_OK:
        return 0;
    case OUTLAY_EUSAGE:
        return 2;
    case OUTLAY_ENOLEDGER:
    case OUTLAY_ENOTLEDGER:
    case OUTLAY_ENEWER:
    case OUTLAY_EBUSY:
    case OUTLAY_EIO:
    case OUTLAY_ENOMEM:
        return 3;
    default:
        return 1;
    }
}

enum outlay_status outlay_err_set(outlay_err *err, enum outlay_status s, const char *fmt, ...)
{
    if (!err)
        return s;
    err->status = s;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return s;
}

void outlay_err_clear(outlay_err *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}
