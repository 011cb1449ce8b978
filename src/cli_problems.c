/* cli_problems: the CLI's words for every problem the library reports
 * (include/outlay/problem.h), through gettext. The library gives a code and
 * its arguments; this file says it in the reader's language, and adds the
 * command-line fix ("see 'outlay activity list'", "use -L PATH") that the
 * library must not know about. tests/test_problems.c walks every code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"

static const char *const words[OUTLAY_P_COUNT] = {
    /* --- general --- */
    [OUTLAY_P_NOMEM] = N_("out of memory"),
    [OUTLAY_P_BAD_PROBLEM] = N_("internal error: problem '{1}' was given {2} arguments of the "
                                "wrong kinds"),
    [OUTLAY_P_INTERNAL_KIND] = N_("internal error: no {1} kind {2}"),
    /* --- date.c --- */
    [OUTLAY_P_DATE_FORM] = N_("'{1}' is not a date; write it as YYYY-MM-DD, like 2026-03-08 (years "
                              "1900 to 2999)"),
    [OUTLAY_P_DATE_YEAR] = N_("'{1}' is out of range; the year must be from 1900 to 2999"),
    [OUTLAY_P_DATE_DAY] = N_("'{1}' is not a day of the calendar; check the month and day"),
    /* --- money.c --- */
    [OUTLAY_P_AMOUNT_EMPTY] = N_("'{1}': empty amount"),
    [OUTLAY_P_AMOUNT_FORM] = N_("'{1}': not a number; write it like 1234.56"),
    [OUTLAY_P_AMOUNT_PLUS] = N_("'{1}': leave out the plus sign"),
    [OUTLAY_P_AMOUNT_SIGN_FIRST] = N_("'{1}': put the minus sign first, like -¥12.50"),
    [OUTLAY_P_AMOUNT_POINT] = N_("'{1}': write a digit on both sides of the point, like 0.5"),
    [OUTLAY_P_AMOUNT_COMMA] = N_("'{1}': misplaced comma; a comma only separates thousands "
                                 "(1,234.56), decimals follow a point (12.50)"),
    [OUTLAY_P_AMOUNT_DECIMALS] = N_("'{1}': more than 2 decimals"),
    [OUTLAY_P_AMOUNT_NEGATIVE] = N_("'{1}': negative amounts are not allowed here"),
    [OUTLAY_P_AMOUNT_LARGE] = N_("'{1}': too large (the limit is 999,999,999,999.99)"),
    [OUTLAY_P_QTY_EMPTY] = N_("'': empty quantity"),
    [OUTLAY_P_QTY_FORM] = N_("'{1}': write a whole number from 1 to 1,000,000"),
    /* --- text.c --- */
    [OUTLAY_P_NOT_UTF8] = N_("not valid UTF-8"),
    [OUTLAY_P_TEXT_CONTROL] = N_("control character {1} at character {2}; remove it"),
    [OUTLAY_P_TEXT_LONG] = N_("{1} characters, the limit is {2}"),
    /* --- settle.c, report.c --- */
    [OUTLAY_P_SETTLE_NOBODY] = N_("expenses shared by everybody (ids {1}) have no active "
                                  "participant: everybody has withdrawn; rejoin a participant "
                                  "with 'outlay participant rejoin {3} NAME' or void the expenses"),
    [OUTLAY_P_SETTLE_TAG_NOBODY] = N_("expenses for tag '{1}' (ids {2}) have no active participant "
                                      "carrying that tag; add the tag with 'outlay participant "
                                      "set {4} NAME --tags {1}' or void the expenses"),
    [OUTLAY_P_SETTLE_SUBSIDY] = N_("subsidy per head {1} is negative; give a subsidy of 0 or more"),
    [OUTLAY_P_SETTLE_WEIGHT] = N_("participant '{1}' has weight {2}; give a weight of 1 or more"),
    [OUTLAY_P_SETTLE_MEMORY] = N_("out of memory while settling {1} participants and {2} expenses"),
    [OUTLAY_P_SETTLE_RANGE] = N_("settlement amounts are out of range; check the expense, deposit "
                                 "and payout amounts"),
    [OUTLAY_P_SETTLE_RULE] = N_("settlement rule {1} is unknown; the rules are 1 (each group "
                                "rounded on its own) and 2 (one rounding per person)"),
    [OUTLAY_P_REPORT_RANGE] = N_("report totals are out of range; check the budget lines and "
                                 "expense amounts"),
    [OUTLAY_P_REPORT_CATEGORY_RANGE] = N_("report amounts for category '{1}' are out of range; "
                                          "check its budget lines and expense amounts"),
    [OUTLAY_P_REPORT_MEMORY] = N_("out of memory while merging {1} report categories"),
    /* --- import.c --- */
    [OUTLAY_P_IMPORT_UNKNOWN_COLUMN] = N_("unknown column; the columns of {1} are: {2}"),
    [OUTLAY_P_IMPORT_TWICE_COLUMN] = N_("column appears twice in the header"),
    [OUTLAY_P_IMPORT_MISSING_COLUMN] =
        N_("required column is missing; the columns of {1} are: {2}"),
    [OUTLAY_P_IMPORT_WIDE_ROW] = N_("this row has {1} fields but the header has {2}; quote cells "
                                    "that contain commas"),
    [OUTLAY_P_IMPORT_EMPTY_FILE] = N_("the file is empty; it needs a header row with: {2}"),
    [OUTLAY_P_IMPORT_ERRORS] =
        N_("{1} error(s); nothing was imported; fix them and import the file "
           "again"),
    [OUTLAY_P_IMPORT_EXCESS_MORE] = N_("{1} more participants of '{2}' have deposits past twice "
                                       "the planned deposit; 'outlay check' lists them all"),
    [OUTLAY_P_IMPORT_ERRORS_MANY] =
        N_("{1} errors (the first {2} shown); nothing was imported; fix "
           "them and import the file again"),
    /* --- ledger.c --- */
    [OUTLAY_P_FIELD_EMPTY] = N_("is required but empty"),
    [OUTLAY_P_NOT_FUNDER] = N_("'{1}' is not a funder; write participants or union"),
    [OUTLAY_P_NOT_KIND] = N_("'{1}' is not a kind; write prize-winner, prize-participation, "
                             "souvenir, meal, clothing, gift-card or other"),
    [OUTLAY_P_NOT_FLAG] = N_("'{1}' is not yes or empty"),
    [OUTLAY_P_NOT_SETTLE_RULE] = N_("'{1}' is not a settlement rule; write 1 (each group rounded "
                                    "on its own) or 2 (one rounding per person)"),
    [OUTLAY_P_SLUG_FORM] = N_("'{1}' is not a valid activity name; use lowercase letters, digits "
                              "and '-', starting with a letter or digit, at most 64 characters "
                              "(like spring-hike-2026)"),
    [OUTLAY_P_NO_ACTIVITY_NEAR] = N_("no activity '{1}'; did you mean '{2}'?"),
    [OUTLAY_P_ACTIVITY_CLOSED] = N_("activity '{1}' is closed; reopen it with 'outlay activity "
                                    "reopen {1}' to change it"),
    [OUTLAY_P_TITLE_EMPTY] = N_("title must not be empty"),
    [OUTLAY_P_NOT_CURRENCY] = N_("'{1}' is not a currency code; write three capital letters like "
                                 "CNY"),
    [OUTLAY_P_END_BEFORE_START] = N_("end date {1} is before the start date {2}"),
    [OUTLAY_P_ACTIVITY_EXISTS] =
        N_("activity '{1}' already exists; see 'outlay activity show {1}', "
           "or choose another name"),
    [OUTLAY_P_ACTIVITY_NO_TITLE] = N_("an activity needs a title"),
    [OUTLAY_P_PER_HEAD_NO_HEADCOUNT] = N_("a per-head line needs the activity's planned headcount; "
                                          "set it with 'outlay activity set {1} --headcount N'"),
    [OUTLAY_P_LINE_AMOUNT_LARGE] = N_("unit price × quantity is too large (the limit is "
                                      "999,999,999,999.99)"),
    [OUTLAY_P_TEMPLATE_NO_HEADCOUNT] =
        N_("template '{1}' has per-head lines but no headcount; add "
           "--headcount N to 'outlay activity new' (or set headcount "
           "in the template)"),
    [OUTLAY_P_HEADCOUNT_LINE_LARGE] = N_("headcount {1} makes budget line {2} too large"),
    [OUTLAY_P_HEADCOUNT_PER_HEAD] = N_("the activity has per-head budget lines, so its headcount "
                                       "must stay at least 1"),
    [OUTLAY_P_LINE_AMOUNT_MISMATCH] = N_("{1} is not unit_price x qty ({2}); correct it or leave "
                                         "the amount column empty"),
    [OUTLAY_P_NOT_ONE_TAG] = N_("'{1}' is not one tag; a tag has no separator (; ； , ， 、) and "
                                "no surrounding spaces"),
    [OUTLAY_P_NO_PARTICIPANT] = N_("no participant '{1}' in activity '{2}'; add them with 'outlay "
                                   "participant add {2} NAME' or check the spelling"),
    [OUTLAY_P_NO_PARTICIPANT_NEAR] = N_("no participant '{1}' in activity '{2}'; did you mean "
                                        "'{3}'?"),
    [OUTLAY_P_NOT_EXPENSE_STATUS] = N_("'{1}' is not a status; write ok or void"),
    [OUTLAY_P_NOT_EXPENSE_NO] = N_("'{1}' is not an expense number; write the number shown in the "
                                   "id column of 'outlay expense list {2}'"),
    [OUTLAY_P_VOID_NO_REASON] = N_("a void needs a reason"),
    [OUTLAY_P_NO_EXPENSE] = N_("activity '{1}' has no expense {2}; see 'outlay expense list {1}'"),
    [OUTLAY_P_EXPENSE_VOID_ALREADY] = N_("expense {1} is already void (reason: {2}); nothing to "
                                         "do"),
    [OUTLAY_P_TOO_MANY_TAGS] = N_("too many tags"),
    [OUTLAY_P_WEIGHT_EMPTY] = N_("weight must be a whole number from 1"),
    [OUTLAY_P_NOT_PARTICIPANT_STATUS] = N_("'{1}' is not a status; write active or withdrawn"),
    [OUTLAY_P_PARTICIPANT_EXISTS] = N_("participant '{1}' is already in activity '{2}'; names are "
                                       "unique (add a department or initial to tell two people "
                                       "apart)"),
    [OUTLAY_P_NO_PARTICIPANT_TO_SET] = N_("no participant '{1}' in activity '{2}'; see 'outlay "
                                          "participant list {2}'"),
    [OUTLAY_P_WITHDRAWN_ALREADY] = N_("'{1}' has already withdrawn; nothing to do"),
    [OUTLAY_P_NOT_WITHDRAWN] = N_("'{1}' has not withdrawn; nothing to do"),
    [OUTLAY_P_PAYMENT_ZERO] = N_("the amount is zero; nothing to record"),
    [OUTLAY_P_ACTIVITY_NOT_CLOSED] = N_("activity '{1}' is not closed"),
    /* {3}: cli_problem_text words the list ("Ann gets a refund of 25.00; ..."). */
    [OUTLAY_P_CLOSE_BALANCES] = N_("activity '{1}' cannot be closed: {2} balance(s) are not zero "
                                   "({3}); record them with 'outlay payout add' or 'outlay "
                                   "deposit add', then close"),
    /* SPEC §11 names and guards */
    [OUTLAY_P_WHO_EMPTY] = N_("the name of who makes the change cannot be empty or only spaces; "
                              "leave out --by for $OUTLAY_USER or the login name"),
    [OUTLAY_P_NAME_EMPTY] = N_("a participant's name is needed: it cannot be empty or only "
                               "spaces"),
    [OUTLAY_P_PAYOUT_OVER_REFUND] = N_("a payout of {2} to '{1}' is more than their refund of {3}; "
                                       "pay {3} or less (see 'outlay settle'), or add --force to "
                                       "record it all the same"),
    [OUTLAY_P_PAYOUT_NO_REFUND] = N_("'{1}' has no refund due (see 'outlay settle'); add --force "
                                     "to record a payout of {2} all the same"),
    [OUTLAY_P_PAYOUT_FORCED] = N_("recorded with --force: the payout to '{1}' is {3} more than "
                                  "their refund of {2}"),
    [OUTLAY_P_PAYOUT_UNCHECKED] = N_("recorded with --force: the payout to '{1}' was not checked "
                                     "against a refund, as the activity cannot be settled yet "
                                     "(see 'outlay settle')"),
    [OUTLAY_P_EXPENSE_EARLY] = N_("the expense is dated {1}, {3} days before the activity starts "
                                  "({2}); check the date"),
    [OUTLAY_P_EXPENSE_LATE] = N_("the expense is dated {1}, {3} days after the activity ends "
                                 "({2}); check the date"),
    [OUTLAY_P_EXPENSE_UNBUDGETED] = N_("the budget of '{2}' has no line in category '{1}'; check "
                                       "the category, or budget it with 'outlay budget add {2} "
                                       "--category {1} --item ... --unit-price ...'"),
    [OUTLAY_P_EXPENSE_UNBUDGETED_NEAR] =
        N_("the budget of '{2}' has no line in category '{1}' (the "
           "nearest is '{3}'); check the category, or budget it "
           "with 'outlay budget add {2} --category {1} --item ... "
           "--unit-price ...'"),
    [OUTLAY_P_PARTICIPANT_EXISTS_AS] = N_("participant '{1}' is already in activity '{2}', written "
                                          "'{3}'; names that differ only in letter case or spaces "
                                          "are one person"),
    [OUTLAY_P_EXPENSE_TAG_UNHELD] = N_("no active participant of '{2}' carries the tag '{1}' yet; "
                                       "add it with 'outlay participant set {2} NAME --tags {1}' "
                                       "before you settle"),
    [OUTLAY_P_NOT_LINE_NO] = N_("'{1}' is not a budget line number; write the number shown in the "
                                "id column of 'outlay budget list {2}'"),
    [OUTLAY_P_NOT_DEPOSIT_NO] = N_("'{1}' is not a deposit number; write the number shown in the "
                                   "id column of 'outlay deposit list {2}'"),
    [OUTLAY_P_NOT_PAYOUT_NO] = N_("'{1}' is not a payout number; write the number shown in the id "
                                  "column of 'outlay payout list {2}'"),
    [OUTLAY_P_NO_LINE] = N_("activity '{1}' has no budget line {2}; see 'outlay budget list {1}'"),
    [OUTLAY_P_NO_DEPOSIT] = N_("activity '{1}' has no deposit {2}; see 'outlay deposit list {1}'"),
    [OUTLAY_P_NO_PAYOUT] = N_("activity '{1}' has no payout {2}; see 'outlay payout list {1}'"),
    [OUTLAY_P_LINE_VOID_ALREADY] = N_("budget line {1} is already void (reason: {2}); nothing to "
                                      "do"),
    [OUTLAY_P_DEPOSIT_VOID_ALREADY] = N_("deposit {1} is already void (reason: {2}); nothing to "
                                         "do"),
    [OUTLAY_P_PAYOUT_VOID_ALREADY] = N_("payout {1} is already void (reason: {2}); nothing to do"),
    [OUTLAY_P_LINE_IS_VOID] = N_("budget line {1} is void (reason: {2}) and cannot be changed; "
                                 "add a new line with 'outlay budget add'"),
    [OUTLAY_P_EXPENSE_IS_VOID] = N_("expense {1} is void (reason: {2}) and cannot be changed; "
                                    "record it again with 'outlay expense add'"),
    [OUTLAY_P_LINE_UNCHANGED] = N_("budget line {1} already has these values; nothing to change"),
    [OUTLAY_P_EXPENSE_UNCHANGED] = N_("expense {1} already has these values; nothing to change"),
    [OUTLAY_P_NAME_UNCHANGED] = N_("the participant is already called '{1}'; nothing to change"),
    [OUTLAY_P_ACTIVITY_VOID] = N_("activity '{1}' is void (reason: {2}) and cannot be changed; "
                                  "add a new activity with 'outlay activity add'"),
    [OUTLAY_P_ACTIVITY_VOID_ALREADY] = N_("activity '{1}' is already void (reason: {2}); nothing "
                                          "to do"),
    [OUTLAY_P_ACTIVITY_HAS_RECORDS] =
        N_("activity '{1}' still has records that are not void: {2} budget line(s), {3} "
           "expense(s), {4} deposit(s), {5} payout(s); void them first with 'outlay budget void "
           "{1} NO --reason TEXT' (and 'expense void', 'deposit void', 'payout void' alike), then "
           "void the activity"),
    /* --- ledger_query.c --- */
    [OUTLAY_P_LIMIT_LINES] = N_("its budget lines would add up to {1}, over the limit of {2} for "
                                "one activity; check the amounts for a typo"),
    [OUTLAY_P_LIMIT_EXPENSES] = N_("its expenses would add up to {1}, over the limit of {2} for "
                                   "one activity; check the amounts for a typo"),
    [OUTLAY_P_LIMIT_DEPOSITS] = N_("its deposits would add up to {1}, over the limit of {2} for "
                                   "one activity; check the amounts for a typo"),
    [OUTLAY_P_LIMIT_PAYOUTS] = N_("its payouts would add up to {1}, over the limit of {2} for one "
                                  "activity; check the amounts for a typo"),
    [OUTLAY_P_LIMIT_LINES_PAST] = N_("its budget lines would add up to more than {1}, over the "
                                     "limit of {2} for one activity; check the amounts for a "
                                     "typo"),
    [OUTLAY_P_LIMIT_EXPENSES_PAST] = N_("its expenses would add up to more than {1}, over the "
                                        "limit of {2} for one activity; check the amounts for a "
                                        "typo"),
    [OUTLAY_P_LIMIT_DEPOSITS_PAST] = N_("its deposits would add up to more than {1}, over the "
                                        "limit of {2} for one activity; check the amounts for a "
                                        "typo"),
    [OUTLAY_P_LIMIT_PAYOUTS_PAST] = N_("its payouts would add up to more than {1}, over the limit "
                                       "of {2} for one activity; check the amounts for a typo"),
    [OUTLAY_P_OVER_LINES] = N_("its budget lines add up to {1}, over the limit of {2} for one "
                               "activity; outlay may be unable to total, report or settle it"),
    [OUTLAY_P_OVER_EXPENSES] = N_("its expenses add up to {1}, over the limit of {2} for one "
                                  "activity; outlay may be unable to total, report or settle it"),
    [OUTLAY_P_OVER_DEPOSITS] = N_("its deposits add up to {1}, over the limit of {2} for one "
                                  "activity; outlay may be unable to total, report or settle it"),
    [OUTLAY_P_OVER_PAYOUTS] = N_("its payouts add up to {1}, over the limit of {2} for one "
                                 "activity; outlay may be unable to total, report or settle it"),
    [OUTLAY_P_OVER_LINES_PAST] = N_("its budget lines add up to more than {1}, over the limit of "
                                    "{2} for one activity; outlay may be unable to total, report "
                                    "or settle it"),
    [OUTLAY_P_OVER_EXPENSES_PAST] =
        N_("its expenses add up to more than {1}, over the limit of {2} "
           "for one activity; outlay may be unable to total, report or "
           "settle it"),
    [OUTLAY_P_OVER_DEPOSITS_PAST] =
        N_("its deposits add up to more than {1}, over the limit of {2} "
           "for one activity; outlay may be unable to total, report or "
           "settle it"),
    [OUTLAY_P_OVER_PAYOUTS_PAST] = N_("its payouts add up to more than {1}, over the limit of {2} "
                                      "for one activity; outlay may be unable to total, report or "
                                      "settle it"),
    [OUTLAY_P_TOTAL_LINES] = N_("its budget lines add up to more than {1}, which outlay cannot "
                                "total; 'outlay check' shows what is over the limit for one "
                                "activity"),
    [OUTLAY_P_TOTAL_EXPENSES] = N_("its expenses add up to more than {1}, which outlay cannot "
                                   "total; 'outlay check' shows what is over the limit for one "
                                   "activity"),
    [OUTLAY_P_TOTAL_DEPOSITS] = N_("its deposits add up to more than {1}, which outlay cannot "
                                   "total; 'outlay check' shows what is over the limit for one "
                                   "activity"),
    [OUTLAY_P_TOTAL_PAYOUTS] = N_("its payouts add up to more than {1}, which outlay cannot "
                                  "total; 'outlay check' shows what is over the limit for one "
                                  "activity"),
    [OUTLAY_P_TOTAL_PERSON_DEPOSITS] = N_("the deposits of '{1}' add up to more than {2}, which "
                                          "outlay cannot total; 'outlay check' shows what is over "
                                          "the limit for one activity"),
    [OUTLAY_P_TOTAL_PERSON_PAYOUTS] = N_("the payouts to '{1}' add up to more than {2}, which "
                                         "outlay cannot total; 'outlay check' shows what is over "
                                         "the limit for one activity"),
    [OUTLAY_P_TOTAL_PERSON_ADVANCES] = N_("the expenses paid by '{1}' add up to more than {2}, "
                                          "which outlay cannot total; 'outlay check' shows what "
                                          "is over the limit for one activity"),
    [OUTLAY_P_TOTAL_CATEGORY_LINES] = N_("the budget lines of category '{1}' add up to more than "
                                         "{2}, which outlay cannot total; 'outlay check' shows "
                                         "what is over the limit for one activity"),
    [OUTLAY_P_DECLARED_DIFFERS] = N_("the declared budget total {1} differs from the sum of the "
                                     "budget lines {2} by {3}"),
    [OUTLAY_P_DECLARED_UNCOMPARABLE] = N_("the declared budget total {1} cannot be compared with "
                                          "the budget lines, which add up to more than outlay can "
                                          "total"),
    [OUTLAY_P_WITHDRAWN_PAYER] = N_("expense {1} was paid by '{2}', who has withdrawn; their "
                                    "advance is refunded at settlement"),
    [OUTLAY_P_ORPHAN_TAG] = N_("expenses {2} are for tag '{1}', which no active participant "
                               "carries; add it with 'outlay participant set {3} NAME --tags {1}'"),
    [OUTLAY_P_LARGE_DEPOSIT] = N_("deposit of {2} from '{1}' is more than ten times the planned "
                                  "deposit {3}; check it for a typo"),
    [OUTLAY_P_DEPOSIT_SHORT] = N_("the deposit per head {1} does not cover the participants' share "
                                  "per head {2}"),
    [OUTLAY_P_DEPOSIT_EXCESS] = N_("deposits from '{1}' add up to {2}, more than twice the planned "
                                   "deposit for their weight ({3}); check for one entered twice"),
    /* --- store*.c, outfile.c, c_numeric.c --- */
    [OUTLAY_P_STORE_BUSY] = N_("ledger '{1}' is busy: another outlay kept it locked past the {2} s "
                               "timeout; try again"),
    [OUTLAY_P_STORE_DISK_FULL] =
        N_("disk full while writing ledger '{1}'; nothing was changed; free "
           "some space and try again"),
    [OUTLAY_P_STORE_READ_ONLY_FS] =
        N_("ledger '{1}' is on a read-only file system; outlay needs to "
           "write beside it even to read it: copy it somewhere writable "
           "and use -L"),
    [OUTLAY_P_STORE_CANNOT_WRITE] = N_("cannot write ledger '{1}' ({2}); check the permissions of "
                                       "the file and its directory, or use -L to choose another "
                                       "ledger"),
    [OUTLAY_P_STORE_CANNOT_WRITE_SYS] = N_("cannot write ledger '{1}' ({2}: {3}); check the "
                                           "permissions of the file and its directory, or use -L "
                                           "to choose another ledger"),
    [OUTLAY_P_STORE_NOT_WRITABLE] = N_("cannot write ledger '{1}' ({2}); check the permissions of "
                                       "the file and its directory, or use -L to choose another "
                                       "ledger"),
    [OUTLAY_P_STORE_DAMAGED] = N_("ledger '{1}' is damaged ({2}); nothing was changed; restore it "
                                  "from a backup ('outlay backup' makes one)"),
    [OUTLAY_P_STORE_CONSTRAINT] = N_("ledger '{1}' refused a record: {2}"),
    [OUTLAY_P_STORE_NO_SPACE] =
        N_("cannot write ledger '{1}' ({2}); nothing was changed; free some "
           "space and try again"),
    [OUTLAY_P_STORE_IO] = N_("cannot write ledger '{1}' ({2}: the disk is full, the file would be "
                             "too large, or the device failed); nothing was changed; free some "
                             "space and try again"),
    [OUTLAY_P_STORE_ERROR] = N_("ledger '{1}': {2}"),
    [OUTLAY_P_STORE_ERROR_SYS] = N_("ledger '{1}': {2}: {3}"),
    [OUTLAY_P_STORE_OWNER_WRITING] = N_("ledger '{1}' is being written by its owner right now and "
                                        "is not yours to write; try again in a moment"),
    [OUTLAY_P_STORE_OWNER_UNFINISHED] =
        N_("ledger '{1}' is not yours to write and its owner's last "
           "command did not finish cleanly (its {2} file is "
           "missing); ask the owner to run any outlay command on "
           "it, or to give you a copy with 'outlay backup'"),
    [OUTLAY_P_STORE_CANNOT_READ] = N_("cannot read ledger '{1}' ({2}); check its permissions"),
    [OUTLAY_P_STORE_CHANGED] = N_("ledger '{1}' changed while it was being read (its owner wrote "
                                  "to it), so what was read may not be consistent; run the command "
                                  "again"),
    [OUTLAY_P_STORE_CANNOT_OPEN] = N_("cannot open ledger '{1}' ({2}); check its permissions or "
                                      "choose another with -L"),
    [OUTLAY_P_STORE_NO_LEDGER] = N_("no ledger at '{1}'; create one with 'outlay init' (or choose "
                                    "another with -L PATH or $OUTLAY_LEDGER)"),
    [OUTLAY_P_STORE_OPEN_READ_ONLY_FS] = N_("ledger '{1}' is on a read-only file system; copy it "
                                            "somewhere writable and use -L"),
    [OUTLAY_P_STORE_CREATE_READ_ONLY_FS] = N_("cannot create ledger '{1}': the file system is "
                                              "read-only; choose a writable directory with -L"),
    [OUTLAY_P_STORE_OPEN_FAILED] = N_("cannot open ledger '{1}' ({2}); choose a writable directory "
                                      "with -L"),
    [OUTLAY_P_STORE_OPEN_FAILED_SYS] = N_("cannot open ledger '{1}' ({2}: {3}); choose a writable "
                                          "directory with -L"),
    [OUTLAY_P_STORE_NOT_SQLITE] = N_("'{1}' is not an outlay ledger (it is not a SQLite database); "
                                     "it was left untouched; choose the ledger with -L PATH or "
                                     "create one with 'outlay init'"),
    [OUTLAY_P_STORE_NOT_OURS] = N_("'{1}' is a SQLite database but not an outlay ledger; it was "
                                   "left untouched; choose the ledger with -L PATH"),
    [OUTLAY_P_STORE_NEWER] = N_("ledger '{1}' was written by a newer outlay (schema {2}, this "
                                "outlay knows up to {3}); it was left untouched; upgrade outlay to "
                                "use it"),
    [OUTLAY_P_STORE_DIRECTORY] = N_("'{1}' is a directory, not an outlay ledger; pass the ledger "
                                    "file with -L PATH"),
    [OUTLAY_P_STORE_NOT_REGULAR] = N_("'{1}' is not a regular file (a device, a pipe or a socket), "
                                      "so it cannot be an outlay ledger; it was left untouched; "
                                      "pass the ledger file with -L PATH"),
    [OUTLAY_P_STORE_SUM_RANGE] = N_("a sum in ledger '{1}' is out of range"),
    [OUTLAY_P_STORE_TOTAL_RANGE] = N_("a total in ledger '{1}' would go out of range"),
    [OUTLAY_P_STORE_NO_ACTIVITY] = N_("no activity '{1}'; see 'outlay activity list', or create it "
                                      "with 'outlay activity add {1} --title TEXT'"),
    [OUTLAY_P_STORE_NO_PARTICIPANT] = N_("no participant '{1}'"),
    [OUTLAY_P_STORE_NO_EXPENSE] = N_("no expense {1} in this activity"),
    [OUTLAY_P_STORE_BACKUP_CHANGED] = N_("ledger '{1}' changed while it was being copied (its "
                                         "owner wrote to it); nothing was written; run the backup "
                                         "again"),
    [OUTLAY_P_STORE_BACKUP_BUSY] = N_("cannot back up ledger '{1}': another outlay kept it locked; "
                                      "nothing was written; try again"),
    [OUTLAY_P_STORE_BACKUP_WRITE] = N_("cannot write backup '{1}' ({2}); nothing was written; "
                                       "choose a writable path with free space"),
    [OUTLAY_P_STORE_BACKUP_WRITE_SYS] = N_("cannot write backup '{1}' ({2}); nothing was written; "
                                           "choose a writable path with free space"),
    [OUTLAY_P_STORE_BACKUP_CLOSE] = N_("cannot write backup '{1}'"),
    [OUTLAY_P_STORE_INTEGRITY] = N_("{1}"),
    [OUTLAY_P_STORE_FOREIGN_KEY] = N_("foreign key violation in table {1} row {2}"),
    [OUTLAY_P_STORE_CATEGORY_TOTALS] = N_("category totals for activity {1}, category '{2}' do not "
                                          "match the expenses (kept {3}, recount {4})"),
    [OUTLAY_P_STORE_GROUP_TOTALS] = N_("group totals for activity {1}, tag '{2}' do not match the "
                                       "expenses (kept {3}, recount {4})"),
    [OUTLAY_P_STORE_YEAR_FIGURES] = N_("the year's figure '{2}' kept for activity {1} does not "
                                       "match its records (kept {3}, worked out {4}); any change "
                                       "to the activity keeps it again"),
    [OUTLAY_P_STORE_YEAR_MISSING] = N_("activity {1} has no figures of the year kept, so a "
                                       "federation's rollup leaves it out; any change to the "
                                       "activity keeps them"),
    [OUTLAY_P_STORE_KIND_TOTALS] = N_("totals of kind '{2}' for activity {1} do not match the "
                                      "expenses (kept {3}, recount {4})"),
    [OUTLAY_P_STORE_KIND_FLAGGED] = N_("the count of expenses of kind '{2}' that break a rule in "
                                       "activity {1} does not match the expenses (kept {3}, "
                                       "recount {4})"),
    [OUTLAY_P_STORE_NAME_KEY] = N_("participant '{2}' of activity {1} was written by another "
                                   "program without its name key: only the exact name finds them"),
    [OUTLAY_P_STORE_NO_RECORD] = N_("no record {2} of table {1} that is not void in this "
                                    "activity"),
    [OUTLAY_P_STORE_PG_CONNECT] = N_("cannot connect to the ledger {1}: {2}; check the host, "
                                     "the port, the user and the password in the URL"),
    [OUTLAY_P_STORE_PG_DENIED] = N_("the ledger {1} refused: {2}; your database role may read "
                                    "and write only its own branch (ask the federation's "
                                    "administrator)"),
    [OUTLAY_P_STORE_PG_ERROR] = N_("the ledger {1} refused: {3} (SQLSTATE {2}); nothing was "
                                   "changed"),
    [OUTLAY_P_STORE_PG_BACKUP] = N_("the ledger {1} is a PostgreSQL database: back it up with "
                                    "pg_dump (docs/federation.md)"),
    [OUTLAY_P_STORE_PG_BRANCH] = N_("branch '{1}' cannot be read: a role reads its own branch "
                                    "only; the federation's year needs a role in outlay_admin"),
    [OUTLAY_P_STORE_PG_ALL] = N_("'{1}' chooses branch '*', which only rollup reads (every "
                                 "branch at once); choose one branch with outlay.branch"),
    [OUTLAY_P_OUTFILE_NO_SPACE] = N_("cannot write '{1}' ({2}); nothing was written; free some "
                                     "space and try again"),
    [OUTLAY_P_OUTFILE_WRITE] = N_("cannot write '{1}' ({2}); choose another file"),
    [OUTLAY_P_OUTFILE_TMPDIR] = N_("cannot write '{1}': no temporary file can be made in '{2}' "
                                   "({3}); set TMPDIR to a writable directory"),
    [OUTLAY_P_OUTFILE_NO_NAME] = N_("no output file name given"),
    [OUTLAY_P_OUTFILE_LEDGER] = N_("'{1}' is the ledger itself (or one of its -wal, -shm or "
                                   "-journal files); writing there would destroy it; choose "
                                   "another file name"),
    [OUTLAY_P_OUTFILE_DANGLING] = N_("'{1}' is a symbolic link to a file that does not exist; "
                                     "choose another file name"),
    [OUTLAY_P_OUTFILE_DIRECTORY] = N_("'{1}' is a directory; give a file name inside it"),
    [OUTLAY_P_OUTFILE_DISK] = N_("'{1}' is a disk (a block device); writing there would destroy "
                                 "what it holds; choose a file name"),
    [OUTLAY_P_OUTFILE_IS_LEDGER] = N_("'{1}' is the ledger itself; choose another file name"),
    [OUTLAY_P_OUTFILE_NOT_STARTED] = N_("no output file was started"),
    /* --- csvio.c, template.c --- */
    [OUTLAY_P_FILE_READ] = N_("cannot read: {1}"),
    [OUTLAY_P_CSV_OPEN] = N_("cannot open '{1}': {2}"),
    [OUTLAY_P_CSV_FIELD_LONG] = N_("field is longer than {1} bytes"),
    [OUTLAY_P_CSV_COLUMNS] = N_("row has more than {1} columns"),
    [OUTLAY_P_CSV_NOT_UTF8] = N_("not valid UTF-8; if the file was saved by Excel in a Chinese "
                                 "locale, import it with --encoding gbk"),
    [OUTLAY_P_CSV_NOMEM] = N_("out of memory reading the file"),
    [OUTLAY_P_CSV_STRAY_QUOTE] =
        N_("stray quote; a field that contains a quote must be enclosed in "
           "quotes, with each quote inside doubled (\"\")"),
    [OUTLAY_P_CSV_NUL] = N_("NUL byte; the file is probably not text (UTF-16?)"),
    [OUTLAY_P_CSV_UTF16] = N_("file is UTF-16; save it as UTF-8 CSV"),
    [OUTLAY_P_CSV_BOM_GBK] = N_("file starts with a UTF-8 byte order mark; import it without "
                                "--encoding gbk"),
    [OUTLAY_P_CSV_NOT_GBK] = N_("bytes that are not GBK; check the file's encoding (without "
                                "--encoding gbk it is read as UTF-8)"),
    [OUTLAY_P_CSV_UNCLOSED_QUOTE] = N_("quoted field is never closed; add the closing quote (\")"),
    [OUTLAY_P_CSV_ICONV] = N_("cannot convert from GBK: {1}"),
    [OUTLAY_P_CSV_LOOKS_UTF8] = N_("the file looks like UTF-8, not GBK; import it without "
                                   "--encoding gbk"),
    [OUTLAY_P_INI_OPEN] = N_("{1}: cannot open: {2}"),
    [OUTLAY_P_INI_SYNTAX] = N_("expected 'key = value', a [section] header or a ';' comment"),
    [OUTLAY_P_INI_NUL] = N_("NUL byte; the file must be UTF-8 text"),
    [OUTLAY_P_INI_LINE_LONG] = N_("line longer than {1} bytes; continue a long value on indented "
                                  "lines"),
    [OUTLAY_P_INI_INDENTED_HEADER] = N_("indented section header; start it at the beginning of the "
                                        "line"),
    [OUTLAY_P_INI_UNCLOSED_HEADER] = N_("section header without ']'; write it like [line]"),
    [OUTLAY_P_INI_SECTION_LONG] = N_("[{1}]: unknown section"),
    [OUTLAY_P_TEMPLATE_EMPTY] = N_("empty; give it a value"),
    [OUTLAY_P_TEMPLATE_FUNDER] = N_("'{1}': use participants or union"),
    [OUTLAY_P_TEMPLATE_FLAG] = N_("'{1}': use true or false"),
    [OUTLAY_P_TEMPLATE_CONTINUED] = N_("indented line continues the value; write it on one line"),
    [OUTLAY_P_TEMPLATE_OUTSIDE] = N_("{1}: outside any section; put it under [activity] or [line]"),
    [OUTLAY_P_TEMPLATE_UNKNOWN_KEY] = N_("{1}: unknown key in [{2}]; the keys are {3}"),
    [OUTLAY_P_TEMPLATE_KEY_TWICE] = N_("given twice in this [{1}] (first on line {2}); keep one"),
    [OUTLAY_P_TEMPLATE_KEY_MISSING] = N_("missing in this [line]; add '{1} = ...'"),
    [OUTLAY_P_TEMPLATE_QTY_PER_HEAD] = N_("cannot go with {1}; per_head = true takes the quantity "
                                          "from the headcount, so give only one"),
    [OUTLAY_P_TEMPLATE_LINE_LARGE] = N_("unit_price × qty: too large (the limit is "
                                        "999,999,999,999.99)"),
    [OUTLAY_P_TEMPLATE_ACTIVITY_TWICE] = N_("[activity]: given twice; keep one [activity] section"),
    [OUTLAY_P_TEMPLATE_UNKNOWN_SECTION] = N_("[{1}]: unknown section; use [activity] or [line]"),
    [OUTLAY_P_TEMPLATE_DIR_LONG] = N_("'{1}': directory path too long"),
    [OUTLAY_P_TEMPLATE_NAME] = N_("template name '{1}': use lowercase letters, digits and '-', "
                                  "like spring-hike"),
    [OUTLAY_P_TEMPLATE_NO_DIR] = N_("template '{1}' not found: no template directory; use "
                                    "--templates DIR"),
    [OUTLAY_P_TEMPLATE_NOT_FOUND] = N_("template '{1}' not found in {2}; 'outlay template list' "
                                       "shows the templates there"),
    [OUTLAY_P_TEMPLATE_DIR] = N_("template directory '{1}': {2}"),
    [OUTLAY_P_LANG_SECTION_NAME] = N_("[{1}]: section names use a-z, 0-9 and '_'"),
    [OUTLAY_P_LANG_KEY_NAME] = N_("{1}: keys use a-z, 0-9 and '_' and go under a [section]"),
    [OUTLAY_P_LANG_CONTINUES_NOTHING] = N_("indented line continues no value; unindent it"),
    [OUTLAY_P_LANG_KEY_TWICE] = N_("{1}: given twice (also on line {2}); keep one"),
    [OUTLAY_P_LANG_CODE] = N_("language '{1}': use a code like en or zh"),
    [OUTLAY_P_LANG_NOT_FOUND] = N_("language '{1}' not found in {2}; use en or zh"),
    [OUTLAY_P_LANG_NO_DIR] = N_("language '{1}' not found in any template directory; use en or zh"),
    /* --- notice.c --- */
    [OUTLAY_P_NOTICE_KEY] = N_("the language file has no '[notice] {1}'; add it, as in "
                               "templates/lang/en.ini"),
    [OUTLAY_P_NOTICE_LONG] = N_("the message for '{1}' is too long to write"),
    /* --- xlsx*.c --- */
    [OUTLAY_P_XLSX_INPUT] = N_("internal error: the workbook input has no {1}"),
    [OUTLAY_P_XLSX_SETTLE_ROWS] = N_("internal error: settle rows ({1}) do not match the "
                                     "participants ({2})"),
    [OUTLAY_P_XLSX_NO_PATH] = N_("no workbook file name given"),
    [OUTLAY_P_XLSX_START] = N_("cannot write '{1}': cannot start the workbook"),
    [OUTLAY_P_XLSX_PROPERTIES] = N_("cannot set the document properties: {1}"),
    [OUTLAY_P_XLSX_ADD_SHEET] = N_("cannot add sheet '{1}' (temporary file or memory)"),
    [OUTLAY_P_XLSX_CELL] = N_("cannot write cell {1} of sheet '{2}': {3}"),
    [OUTLAY_P_XLSX_NO_SPACE] = N_("cannot write '{1}' ({2}); nothing was written; free some space "
                                  "and export again"),
    [OUTLAY_P_XLSX_CLOSE] = N_("cannot write '{1}': {2}"),
    [OUTLAY_P_XLSX_LINE_RANGE] = N_("budget line '{1}' is too large to total; check its unit "
                                    "price and quantity"),
    [OUTLAY_P_XLSX_WORDS_RANGE] = N_("the budget total is too large for the approval form, whose "
                                     "total in capital numerals goes up to {1}; check the budget "
                                     "lines for a typo"),
    [OUTLAY_P_XLSX_TOO_MANY_LINES] = N_("too many budget lines for one sheet"),
    [OUTLAY_P_XLSX_TOO_MANY_CATEGORIES] = N_("too many categories for one sheet"),
    [OUTLAY_P_XLSX_TOO_MANY_PEOPLE] = N_("too many participants for one sheet"),
    [OUTLAY_P_XLSX_SHEET_RANGE] = N_("a total on sheet '{1}' is out of range; check the amounts "
                                     "for a typo"),
    [OUTLAY_P_XLSX_READ_EXPENSES] = N_("cannot read the expenses"),
    [OUTLAY_P_XLSX_TOO_MANY_EXPENSES] = N_("more than {1} expenses do not fit on sheet '{2}'; use "
                                           "'outlay expense list --csv' for them"),
    /* --- rules (SPEC §14) --- */
    [OUTLAY_P_RULES_NAME] = N_(
        "rules name '{1}': use lowercase letters, digits and '-', as in templates/rules/NAME.ini"),
    [OUTLAY_P_RULES_NO_DIR] = N_(
        "rules '{1}' not found: no template directory; use --templates DIR or $OUTLAY_TEMPLATES"),
    [OUTLAY_P_RULES_NOT_FOUND] =
        N_("rules '{1}' not found in {2}; 'outlay rules list' shows those there are"),
    [OUTLAY_P_RULES_LARGE] =
        N_("the rules file goes past {1} bytes here; a rules file is a page of keys"),
    [OUTLAY_P_RULES_SYNTAX] = N_("not '[rules]', 'key = value' or a comment"),
    [OUTLAY_P_RULES_SECTION] = N_("unknown section [{1}]; a rules file has one section, [rules]"),
    [OUTLAY_P_RULES_OUTSIDE] = N_("'{1}' comes before [rules]; put the keys under [rules]"),
    [OUTLAY_P_RULES_KEY] = N_("unknown key '{1}'; the keys are {2}"),
    [OUTLAY_P_RULES_KEY_TWICE] = N_("'{1}' is given twice (first on line {2}); keep one"),
    [OUTLAY_P_RULES_SHARE] = N_("'{1}' is not a share; write a fraction such as 2/3 or a "
                                "percentage such as 30%, at most 1"),
    [OUTLAY_P_RULES_FLAG] = N_("'{1}' is not yes or no"),
    [OUTLAY_P_RULES_PCT] = N_("'{1}' is not a percentage; write a whole number from 0 to 1000"),
    [OUTLAY_P_RULES_STORED] = N_("the copy of rules '{1}' in the ledger cannot be read; run "
                                 "'outlay activity set SLUG --rules NAME' again"),
    [OUTLAY_P_RULE_WINNERS] = N_("{2} winners of {3} planned participants is more than the share "
                                 "{4} that rules '{1}' allow (at most {5})"),
    [OUTLAY_P_RULE_WINNERS_NO_HEADCOUNT] = N_("{2} winners, and no planned headcount to hold them "
                                              "to the share of rules '{1}'; set --headcount"),
    [OUTLAY_P_RULE_PRIZE_WINNER_OVER] = N_(
        "budget line {2} ('{3}'): a winner's prize of {4} is over the cap of {5} of rules '{1}'"),
    [OUTLAY_P_RULE_PRIZE_PARTICIPATION_OVER] = N_("budget line {2} ('{3}'): a participation prize "
                                                  "of {4} is over the cap of {5} of rules '{1}'"),
    [OUTLAY_P_RULE_SOUVENIR_OVER] =
        N_("budget line {2} ('{3}'): a souvenir of {4} is over the cap of {5} of rules '{1}'"),
    [OUTLAY_P_RULE_CLOTHING_OVER] =
        N_("budget line {2} ('{3}'): clothing of {4} a unit is over the cap of {5} of rules '{1}'"),
    [OUTLAY_P_RULE_SOUVENIR_WITH_PRIZES] =
        N_("budget line {2} gives souvenirs beside the prizes of line {3}; rules '{1}' allow "
           "souvenirs only without prizes"),
    [OUTLAY_P_RULE_MEAL_OVER] = N_("meals budgeted at {2} for {4} people over {5} day(s) are over "
                                   "{3} a head a day, the cap of rules '{1}'"),
    [OUTLAY_P_RULE_MEAL_SPENT_OVER] = N_("meals spent, {2} for {4} people over {5} day(s), are "
                                         "over {3} a head a day, the cap of rules '{1}'"),
    [OUTLAY_P_RULE_BANNED_KIND_LINE] = N_("budget line {2} is of kind {3}, which rules '{1}' ban"),
    [OUTLAY_P_RULE_BANNED_KIND_EXPENSE] = N_("expense {2} is of kind {3}, which rules '{1}' ban"),
    [OUTLAY_P_RULE_BANNED_WORD_LINE] = N_("budget line {2} names '{3}', which rules '{1}' ban"),
    [OUTLAY_P_RULE_BANNED_WORD_EXPENSE] = N_("expense {2} names '{3}', which rules '{1}' ban"),
    [OUTLAY_P_APPROVAL_CHANGED] =
        N_("the budget was approved at {3} by {1} on {2} and has changed since (now {4}); approve "
           "it again: outlay activity approve SLUG --by NAME"),
    [OUTLAY_P_APPROVAL_OVER] = N_("needs re-approval: spending of {3} exceeds the approved total "
                                  "{2} by {4}%, more than the {5}% that rules '{1}' allow"),
    /* --- print*.c --- */
    [OUTLAY_P_PRINT_CAIRO] = N_("cannot write '{1}': {2}"),
    [OUTLAY_P_PRINT_LINE_RANGE] = N_("budget line '{1}' is too large to total; check its unit "
                                     "price and quantity"),
    [OUTLAY_P_PRINT_TOTAL_RANGE] = N_("the budget total is too large for the approval form, whose "
                                      "total in capital numerals goes up to {1}; check the budget "
                                      "lines for a typo"),
    [OUTLAY_P_PRINT_INPUT] = N_("internal error: the print input has no {1}"),
    /* --- xlsxin.c --- */
    [OUTLAY_P_XLSX_NOT_ZIP] = N_("'{1}' is not an xlsx workbook (not a zip archive); "
                                 "save it as .xlsx again, or give it a .csv name if it is CSV"),
    [OUTLAY_P_XLSX_DAMAGED] = N_("'{1}' is a damaged or truncated xlsx archive"),
    [OUTLAY_P_XLSX_DAMAGED_ENTRY] = N_("'{1}': {2} is damaged or missing in the xlsx archive"),
    [OUTLAY_P_XLSX_NO_WORKBOOK] = N_("'{1}' is a zip archive but not an xlsx workbook "
                                     "(no xl/workbook.xml)"),
    [OUTLAY_P_XLSX_NO_SHEET] = N_("'{1}' has no sheet named '{2}'"),
    [OUTLAY_P_XLSX_TOO_BIG] = N_("'{1}': {2} inflates past {3} MiB; refused (a zip bomb?)"),
    [OUTLAY_P_XLSX_BAD_XML] = N_("'{1}': {2} is not well-formed XML (line {3})"),
    [OUTLAY_P_XLSX_NOT_UTF8] = N_("'{1}': {2} holds text that is not valid UTF-8"),
    [OUTLAY_P_XLSX_MANY_STRINGS] = N_("'{1}' has more than {2} shared strings"),
    [OUTLAY_P_XLSX_FORMULA] = N_("formulas are not read; paste values"),
    [OUTLAY_P_XLSX_STRING_INDEX] = N_("shared string {1} does not exist in the workbook"),
    [OUTLAY_P_XLSX_SHEET_NOT_XLSX] = N_("--sheet '{1}' is for an xlsx file; this file is CSV"),
    /* bills.c, participant aliases (SPEC §15) */
    [OUTLAY_P_ALIAS_IS_NAME] = N_("'{1}' is the name of participant '{2}'; an alias must differ "
                                  "from every name"),
    [OUTLAY_P_ALIAS_TAKEN] = N_("'{1}' is already an alias of '{2}'"),
    [OUTLAY_P_ALIAS_NONE] = N_("'{1}' is not an alias of '{2}'; see 'outlay participant list'"),
    [OUTLAY_P_BILL_READ] = N_("cannot read the bill '{1}': {2}"),
    [OUTLAY_P_BILL_ENCODING] = N_("not GBK text at byte {1}; an Alipay bill is exported as GBK"),
    [OUTLAY_P_BILL_NOT_WECHAT] =
        N_("'{1}' is not a WeChat Pay bill: no header row starting 交易时间,交易类型,"
           "交易对方; export the bill again from WeChat"),
    [OUTLAY_P_BILL_NOT_ALIPAY] =
        N_("'{1}' is not an Alipay bill: no header row starting 交易时间,交易分类,"
           "交易对方; export the bill again from Alipay"),
    [OUTLAY_P_BILL_IS_ALIPAY] = N_("this is an Alipay bill; import it with 'outlay import alipay'"),
    [OUTLAY_P_BILL_IS_WECHAT] = N_("this is a WeChat Pay bill; import it with 'outlay import "
                                   "wechat'"),
    [OUTLAY_P_BILL_TRUNCATED] = N_("the bill is cut short here; export it again"),
    [OUTLAY_P_BILL_FIELD] = N_("{1} '{2}' cannot be read"),
    [OUTLAY_P_BILL_DUPLICATE_ID] = N_("transaction {1} is also on line {2}, and both would be "
                                      "recorded; nothing was imported"),
    [OUTLAY_P_BILL_NOBODY] = N_("'{1}' is nobody of activity '{2}'; if it is a participant's "
                                "nickname, make it their alias with 'outlay participant alias "
                                "{2} NAME {1}', if a newcomer, 'outlay participant add {2} {1}'"),
    /* --- "did you mean" among participants and aliases (ledger.c) --- */
    [OUTLAY_P_NO_PARTICIPANT_NEAR_ALIAS] = N_("no participant '{1}' in activity '{2}'; did you "
                                              "mean '{3}' (the alias of '{4}')?"),
    [OUTLAY_P_NO_PARTICIPANT_NEAR_TWO] = N_("no participant '{1}' in activity '{2}'; did you mean "
                                            "'{3}' or '{4}'?"),
    [OUTLAY_P_NO_PARTICIPANT_NEAR_MANY] =
        N_("no participant '{1}' in activity '{2}'; {3} participants are equally near it: check "
           "the spelling, or make it the alias of the right one with 'outlay participant alias "
           "{2} NAME {1}'"),
    /* serve (SPEC §16) */
    [OUTLAY_P_RANDOM] = N_("cannot get random bytes for a token: {1}"),
    [OUTLAY_P_SERVE_START] = N_("cannot serve on {1}: {2}"),
    [OUTLAY_P_SERVE_LISTEN] = N_("'{1}' is not an IP address (e.g. 127.0.0.1 or 0.0.0.0)"),
    [OUTLAY_P_SERVE_PORT] = N_("'{1}' is not a port number (0 to 65535; 0: any free port)"),
    [OUTLAY_P_SERVE_NO_TEMPLATE] = N_("choose a template"),
    /* serve's edit forms */
    [OUTLAY_P_SERVE_UNCHANGED] = N_("nothing to change: every field is as recorded"),
    /* --- end --- */
};

static const char *const status_words[OUTLAY_STATUS_COUNT] = {
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

const char *cli_status_text(enum outlay_status s)
{
    if ((unsigned)s >= OUTLAY_STATUS_COUNT)
        return _("unknown status");
    return _(status_words[s]);
}

const char *cli_problem_wording(enum outlay_problem code)
{
    if ((unsigned)code >= OUTLAY_P_COUNT || !words[code])
        return NULL;
    return _(words[code]);
}

/* The balances a close found (OUTLAY_P_CLOSE_BALANCES {3}: one a line,
 * NAME, a tab, refund or supplement, a tab, the amount in fen; read from
 * the right, as a name may hold a tab) as "Ann gets a refund of 25.00;
 * ...", with "; ..." when {2} counts more than the list holds. A line of
 * another form is left out. */
static void close_balances_list(const outlay_err *p, char *buf, size_t n)
{
    char lines[OUTLAY_ARG_TEXT_MAX];
    size_t len = 0, shown = 0;
    buf[0] = '\0';
    snprintf(lines, sizeof lines, "%s", p->args[2].text);
    for (char *save = NULL, *l = strtok_r(lines, "\n", &save); l && len < n;
         l = strtok_r(NULL, "\n", &save)) {
        char *fen = strrchr(l, '\t'), *action = NULL, *end;
        if (fen) {
            *fen++ = '\0';
            action = strrchr(l, '\t');
        }
        if (!action)
            continue;
        *action++ = '\0';
        long long v = strtoll(fen, &end, 10);
        if (end == fen || *end || (strcmp(action, "refund") && strcmp(action, "supplement")))
            continue;
        char amount[OUTLAY_MONEY_BUFSZ];
        outlay_money_format((int64_t)v, 1, amount);
        /* TRANSLATORS: between two balances in a list */
        len += (size_t)snprintf(buf + len, n - len, "%s", shown++ ? _("; ") : "");
        if (len < n)
            len += (size_t)snprintf(buf + len, n - len,
                                    strcmp(action, "refund") ? _("%s owes a supplement of %s")
                                                             : _("%s gets a refund of %s"),
                                    l, amount);
    }
    if (len < n && p->args[1].n > (long long)shown)
        snprintf(buf + len, n - len, "%s...", shown ? _("; ") : "");
}

/* Fills wording w like outlay_problem_fill, with `text` (longer than an
 * argument holds) in place of argument `arg`. */
static void fill_with(const outlay_err *p, const char *w, int arg, const char *text, char *buf,
                      size_t n)
{
    char ph[4] = {'{', (char)('0' + arg), '}', 0}, head[1024];
    const char *at = strstr(w, ph);
    if (!at || (size_t)(at - w) >= sizeof head) {
        outlay_problem_fill(p, w, buf, n);
        return;
    }
    snprintf(head, sizeof head, "%.*s", (int)(at - w), w);
    outlay_problem_fill(p, head, buf, n);
    size_t len = strlen(buf), k = strlen(text);
    if (k > n - 1 - len) /* cut at a character boundary; nothing after it */
        for (k = n - 1 - len; k > 0 && ((unsigned char)text[k] & 0xC0) == 0x80;)
            k--;
    memcpy(buf + len, text, k);
    buf[len + k] = '\0';
    if (!text[k])
        outlay_problem_fill(p, at + 3, buf + len + k, n - len - k);
}

char *cli_problem_text(const outlay_err *p, char *buf, size_t n)
{
    outlay_err q;
    const outlay_err *use = p;
    size_t len = 0;
    if (n == 0)
        return buf;
    buf[0] = '\0';
    if (p->activity[0])
        len = (size_t)snprintf(buf, n, _("activity '%s': "), p->activity);
    if (len >= n)
        return buf;
    if (p->code == OUTLAY_P_NONE) {
        snprintf(buf + len, n - len, "%s", cli_status_text(p->status));
        return buf;
    }
    const char *w = cli_problem_wording(p->code);
    if (!w) {
        snprintf(buf + len, n - len, _("%s (problem %s)"), cli_status_text(p->status),
                 outlay_problem_name(p->code));
        return buf;
    }
    /* The columns of an import: the required ones marked, then the rest. */
    if (p->code == OUTLAY_P_IMPORT_UNKNOWN_COLUMN || p->code == OUTLAY_P_IMPORT_MISSING_COLUMN ||
        p->code == OUTLAY_P_IMPORT_EMPTY_FILE) {
        char list[OUTLAY_ARG_TEXT_MAX] = "";
        size_t k = 0;
        q = *p;
        for (int a = 1; a <= 2; a++) {
            char names[OUTLAY_ARG_TEXT_MAX];
            snprintf(names, sizeof names, "%s", p->args[a].text);
            for (char *save = NULL, *t = strtok_r(names, ", ", &save); t && k < sizeof list;
                 t = strtok_r(NULL, ", ", &save))
                k += (size_t)snprintf(list + k, sizeof list - k,
                                      a == 1 ? _("%s%s (required)") : "%s%s",
                                      /* TRANSLATORS: between two column names in a list */
                                      k ? _(", ") : "", t);
        }
        snprintf(q.args[1].text, sizeof q.args[1].text, "%s", list);
        use = &q;
    }
    /* A list of expense ids says how many more it left out, and the fix
     * names the activity (SLUG when the computation was not told which). */
    if (p->code == OUTLAY_P_SETTLE_NOBODY || p->code == OUTLAY_P_SETTLE_TAG_NOBODY) {
        int ids = p->code == OUTLAY_P_SETTLE_NOBODY ? 0 : 1;
        q = *p;
        if (q.args[ids + 1].n > 0) {
            size_t k = strlen(q.args[ids].text);
            snprintf(q.args[ids].text + k, sizeof q.args[ids].text - k, _(" and %lld more"),
                     q.args[ids + 1].n);
        }
        if (!q.args[ids + 2].text[0])
            snprintf(q.args[ids + 2].text, sizeof q.args[0].text, "SLUG");
        use = &q;
    }
    /* SPEC §14: a banned kind in the reader's language (gift-card: 购物卡) */
    if (p->code == OUTLAY_P_RULE_BANNED_KIND_LINE || p->code == OUTLAY_P_RULE_BANNED_KIND_EXPENSE) {
        char key[OUTLAY_ARG_TEXT_MAX + 8];
        q = *p;
        snprintf(key, sizeof key, "value\004%s", p->args[2].text);
        const char *t = dgettext(OUTLAY_TEXTDOMAIN, key);
        if (t != key && strcmp(t, key) != 0)
            snprintf(q.args[2].text, sizeof q.args[2].text, "%s", t);
        use = &q;
    }
    if (p->code == OUTLAY_P_CLOSE_BALANCES) {
        char list[1024];
        close_balances_list(p, list, sizeof list);
        fill_with(p, w, 3, list, buf + len, n - len);
        return buf;
    }
    outlay_problem_fill(use, w, buf + len, n - len);
    /* The fix names the activity when the problem says which (the wording
     * writes SLUG where it does not know). */
    char *slug = p->code == OUTLAY_P_APPROVAL_CHANGED && p->activity[0]
                     ? strstr(buf + len, "approve SLUG")
                     : NULL;
    if (slug) {
        char rest[2048];
        slug += strlen("approve ");
        snprintf(rest, sizeof rest, "%s", slug + strlen("SLUG"));
        snprintf(slug, n - (size_t)(slug - buf), "%s%s", p->activity, rest);
    }
    return buf;
}
