#include <criterion/criterion.h>
#include <string.h>

#include "outlay/status.h"

Test(status, every_value_has_a_description)
{
    for (int s = 0; s < OUTLAY_STATUS_COUNT; s++) {
        const char *d = outlay_strerror((enum outlay_status)s);
        cr_assert_not_null(d);
        cr_assert_neq(strcmp(d, "unknown status"), 0, "status %d undescribed", s);
    }
    cr_assert_str_eq(outlay_strerror(OUTLAY_STATUS_COUNT), "unknown status");
}

Test(status, exit_codes_follow_spec)
{
    cr_assert_eq(outlay_exit_code(OUTLAY_OK), 0);
    cr_assert_eq(outlay_exit_code(OUTLAY_EINVAL), 1);
    cr_assert_eq(outlay_exit_code(OUTLAY_ECHECK), 1);
    cr_assert_eq(outlay_exit_code(OUTLAY_ECLOSED), 1);
    cr_assert_eq(outlay_exit_code(OUTLAY_EUSAGE), 2);
    cr_assert_eq(outlay_exit_code(OUTLAY_ENOTLEDGER), 3);
    cr_assert_eq(outlay_exit_code(OUTLAY_ENEWER), 3);
    cr_assert_eq(outlay_exit_code(OUTLAY_EBUSY), 3);
    cr_assert_eq(outlay_exit_code(OUTLAY_EIO), 3);
}

Test(status, err_set_formats_and_returns)
{
    outlay_err e = {0};
    cr_assert_eq(outlay_err_set(&e, OUTLAY_EINVAL, "bad '%s'", "x"), OUTLAY_EINVAL);
    cr_assert_eq(e.status, OUTLAY_EINVAL);
    cr_assert_str_eq(e.msg, "bad 'x'");
    cr_assert_eq(outlay_err_set(NULL, OUTLAY_EIO, "ignored"), OUTLAY_EIO);
    outlay_err_clear(&e);
    cr_assert_eq(e.status, OUTLAY_OK);
    cr_assert_str_eq(e.msg, "");
}
