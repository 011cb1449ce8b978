/*
 * problem: what the library reports instead of sentences (SPEC §12). A
 * problem is a code plus typed arguments; the CLI (src/cli_problems.c,
 * through gettext), the workbook (templates/lang/<code>.ini, keys
 * "problem.<name>") and later the PDF and the web page word it in their
 * own language. No library function returns a sentence meant for people.
 *
 *     outlay_err err = {0};
 *     outlay_fail(&err, OUTLAY_EINVAL, OUTLAY_P_DATE_FORM, OUTLAY_A_INPUT("2026-13-45"));
 *     // err.code == OUTLAY_P_DATE_FORM, err.args[0].text == "2026-13-45"
 *     const char *kinds = outlay_problem_args(err.code); // "q"
 *
 * Each code lists the kinds of its arguments, in order: t is text outlay
 * already holds (a name, a slug, a category; cut at a character boundary to
 * fit); q is text as the user typed it, made safe to show (outlay_text_quote:
 * control characters as \xNN, cut at 40 characters with "…"); i is a whole
 * number (an id, a count, a line number); m is an amount in fen, worded as
 * yuan (1,234.50); e is a system error number, worded by strerror() in the
 * reader's language; u is a Unicode code point (U+0007).
 * Wordings refer to the arguments as {1}..{5}.
 */
#ifndef OUTLAY_PROBLEM_H
#define OUTLAY_PROBLEM_H

#include <stddef.h>

/* X(NAME, "argument kinds"). Grouped by the module that reports them; a
 * new code goes at the end of its group. */
#define OUTLAY_PROBLEMS(X)                                                                         \
    /* --- general ----------------------------------------------------------- */                  \
    X(TEXT, "")            /* transitional: a sentence not yet made a code */                      \
    X(NOMEM, "")           /* out of memory */                                                     \
    X(BAD_PROBLEM, "ti")   /* internal: code NAME given the wrong arguments */                     \
    X(INTERNAL_KIND, "ti") /* internal: no WHAT kind N */                                          \
    /* --- date.c ------------------------------------------------------------ */                  \
    X(DATE_FORM, "q") /* not YYYY-MM-DD */                                                         \
    X(DATE_YEAR, "q") /* year outside 1900..2999 */                                                \
    X(DATE_DAY, "q")  /* no such day in the calendar */                                            \
    /* --- money.c ----------------------------------------------------------- */                  \
    X(AMOUNT_EMPTY, "q")      /* an empty amount */                                                \
    X(AMOUNT_FORM, "q")       /* not a number */                                                   \
    X(AMOUNT_PLUS, "q")       /* a plus sign */                                                    \
    X(AMOUNT_SIGN_FIRST, "q") /* the minus after the currency mark */                              \
    X(AMOUNT_POINT, "q")      /* a point without a digit on each side */                           \
    X(AMOUNT_COMMA, "q")      /* a comma not between thousands */                                  \
    X(AMOUNT_DECIMALS, "q")   /* more than two decimals */                                         \
    X(AMOUNT_NEGATIVE, "q")   /* negative where it is not allowed */                               \
    X(AMOUNT_LARGE, "q")      /* more than 999,999,999,999.99 */                                   \
    X(QTY_EMPTY, "")          /* an empty quantity */                                              \
    X(QTY_FORM, "q")          /* not a whole number from 1 to 1,000,000 */                         \
    /* --- text.c ------------------------------------------------------------ */                  \
    X(NOT_UTF8, "")       /* not valid UTF-8 (the field in err->column) */                         \
    X(TEXT_CONTROL, "ui") /* a control character, at character N */                                \
    X(TEXT_LONG, "ii")    /* characters, the limit */                                              \
    /* --- settle.c, report.c ----------------------------------------------- */                   \
    X(SETTLE_NOBODY, "tit")       /* ids shared by everybody, N more; nobody active; SLUG */       \
    X(SETTLE_TAG_NOBODY, "ttit")  /* TAG, ids, N more: nobody active carries it; SLUG */           \
    X(SETTLE_SUBSIDY, "m")        /* negative subsidy per head */                                  \
    X(SETTLE_WEIGHT, "ti")        /* PERSON has weight N below 1 */                                \
    X(SETTLE_MEMORY, "ii")        /* out of memory settling N people and M expenses */             \
    X(SETTLE_RANGE, "")           /* settlement amounts out of range */                            \
    X(REPORT_RANGE, "")           /* report totals out of range */                                 \
    X(REPORT_CATEGORY_RANGE, "t") /* report amounts of CATEGORY out of range */                    \
    X(REPORT_MEMORY, "i")         /* out of memory merging N categories */                         \
    /* --- import.c -------------------------------------------------------- */                    \
    X(IMPORT_UNKNOWN_COLUMN, "ttt") /* KIND, required columns, other columns (", ") */             \
    X(IMPORT_TWICE_COLUMN, "")      /* the column (err->column) appears twice */                   \
    X(IMPORT_MISSING_COLUMN, "ttt") /* KIND, required, other columns */                            \
    X(IMPORT_WIDE_ROW, "ii")        /* fields in the row, fields in the header */                  \
    X(IMPORT_EMPTY_FILE, "ttt")     /* KIND, required, other columns */                            \
    X(IMPORT_ERRORS, "i")           /* N rows refused, all shown; nothing imported */              \
    X(IMPORT_ERRORS_MANY, "ii")     /* N rows refused, the first M shown; nothing imported */      \
    /* --- ledger.c -------------------------------------------------------- */                    \
    X(FIELD_EMPTY, "")             /* a required field (err->column) is empty */                   \
    X(NOT_FUNDER, "q")             /* not participants or union */                                 \
    X(NOT_FLAG, "q")               /* not yes, no or empty (per_head) */                           \
    X(SLUG_FORM, "q")              /* not a valid activity name */                                 \
    X(NO_ACTIVITY_NEAR, "qt")      /* no activity TYPED; SLUG is the nearest */                    \
    X(ACTIVITY_CLOSED, "t")        /* SLUG is closed */                                            \
    X(TITLE_EMPTY, "")             /* a title given empty */                                       \
    X(NOT_CURRENCY, "q")           /* not three capital letters */                                 \
    X(END_BEFORE_START, "tt")      /* END, START */                                                \
    X(ACTIVITY_EXISTS, "t")        /* SLUG is taken */                                             \
    X(ACTIVITY_NO_TITLE, "")       /* a new activity without a title */                            \
    X(PER_HEAD_NO_HEADCOUNT, "t")  /* a per-head line; SLUG has no headcount */                    \
    X(LINE_AMOUNT_LARGE, "")       /* unit price x qty over the money limit */                     \
    X(TEMPLATE_NO_HEADCOUNT, "t")  /* TEMPLATE has per-head lines, no headcount */                 \
    X(HEADCOUNT_LINE_LARGE, "ii")  /* headcount N makes budget line ID too large */                \
    X(HEADCOUNT_PER_HEAD, "")      /* headcount below 1 with per-head lines */                     \
    X(LINE_AMOUNT_MISMATCH, "mm")  /* the amount given, unit price x qty */                        \
    X(NOT_ONE_TAG, "q")            /* a ';' or surrounding spaces in a tag */                      \
    X(NO_PARTICIPANT, "qt")        /* NAME not in SLUG (paid_by, a payment) */                     \
    X(NO_PARTICIPANT_NEAR, "qtt")  /* NAME not in SLUG; NEAREST is */                              \
    X(NOT_EXPENSE_STATUS, "q")     /* not ok or void */                                            \
    X(NOT_EXPENSE_ID, "qt")        /* TYPED is not an expense id; SLUG */                          \
    X(VOID_NO_REASON, "")          /* a void without a reason */                                   \
    X(NO_EXPENSE, "ti")            /* SLUG has no expense ID */                                    \
    X(EXPENSE_VOID_ALREADY, "it")  /* expense ID is void already; REASON */                        \
    X(TOO_MANY_TAGS, "")           /* the tags do not fit */                                       \
    X(WEIGHT_EMPTY, "")            /* a weight given empty */                                      \
    X(NOT_PARTICIPANT_STATUS, "q") /* not active or withdrawn */                                   \
    X(PARTICIPANT_EXISTS, "qt")    /* NAME is in SLUG already */                                   \
    X(NO_PARTICIPANT_TO_SET, "qt") /* NAME not in SLUG (set, withdraw, rejoin) */                  \
    X(WITHDRAWN_ALREADY, "t")      /* NAME has withdrawn already */                                \
    X(NOT_WITHDRAWN, "t")          /* NAME has not withdrawn (rejoin) */                           \
    X(PAYMENT_ZERO, "")            /* a deposit or payout of 0 */                                  \
    X(ACTIVITY_NOT_CLOSED, "t")    /* reopening SLUG, which is open */                             \
    X(CLOSE_BALANCES, "tit")       /* SLUG; N balances not zero; LIST, one a line: */              \
    /* NAME (may hold a tab), a tab, refund or supplement, a tab, fen; at most 10 */               \
    /* --- ledger_query.c: errors and the checks of SPEC §7 ----------------- */                  \
    /* the limit of one activity: its records of a kind would add up to TOTAL */                   \
    /* (or, _PAST, to more than the int64 MAX), over LIMIT; err->activity */                       \
    X(LIMIT_LINES, "mm")         /* budget lines: TOTAL, LIMIT */                                  \
    X(LIMIT_EXPENSES, "mm")      /* non-void expenses: TOTAL, LIMIT */                             \
    X(LIMIT_DEPOSITS, "mm")      /* deposits: TOTAL, LIMIT */                                      \
    X(LIMIT_PAYOUTS, "mm")       /* payouts: TOTAL, LIMIT */                                       \
    X(LIMIT_LINES_PAST, "mm")    /* budget lines: MAX, LIMIT */                                    \
    X(LIMIT_EXPENSES_PAST, "mm") /* expenses: MAX, LIMIT */                                        \
    X(LIMIT_DEPOSITS_PAST, "mm") /* deposits: MAX, LIMIT */                                        \
    X(LIMIT_PAYOUTS_PAST, "mm")  /* payouts: MAX, LIMIT */                                         \
    /* check: a ledger from before the limit already adds up past it */                            \
    X(OVER_LINES, "mm")         /* budget lines: TOTAL, LIMIT */                                   \
    X(OVER_EXPENSES, "mm")      /* expenses: TOTAL, LIMIT */                                       \
    X(OVER_DEPOSITS, "mm")      /* deposits: TOTAL, LIMIT */                                       \
    X(OVER_PAYOUTS, "mm")       /* payouts: TOTAL, LIMIT */                                        \
    X(OVER_LINES_PAST, "mm")    /* budget lines: MAX, LIMIT */                                     \
    X(OVER_EXPENSES_PAST, "mm") /* expenses: MAX, LIMIT */                                         \
    X(OVER_DEPOSITS_PAST, "mm") /* deposits: MAX, LIMIT */                                         \
    X(OVER_PAYOUTS_PAST, "mm")  /* payouts: MAX, LIMIT */                                          \
    /* a sum that does not fit in int64: more than MAX; err->activity */                           \
    X(TOTAL_LINES, "m")            /* the budget lines */                                          \
    X(TOTAL_EXPENSES, "m")         /* the non-void expenses */                                     \
    X(TOTAL_DEPOSITS, "m")         /* the deposits */                                              \
    X(TOTAL_PAYOUTS, "m")          /* the payouts */                                               \
    X(TOTAL_PERSON_DEPOSITS, "qm") /* the deposits of NAME */                                      \
    X(TOTAL_PERSON_PAYOUTS, "qm")  /* the payouts to NAME */                                       \
    X(TOTAL_PERSON_ADVANCES, "qm") /* the expenses paid by NAME */                                 \
    X(TOTAL_CATEGORY_LINES, "qm")  /* the budget lines of CATEGORY */                              \
    /* SPEC §7 checks (outlay_ledger_problems), each with err->activity */                        \
    X(DECLARED_DIFFERS, "mmm")    /* declared total, sum of the lines, |difference| */             \
    X(DECLARED_UNCOMPARABLE, "m") /* declared total; the lines add up past int64 */                \
    X(WITHDRAWN_PAYER, "it")      /* expense ID paid by NAME, who has withdrawn */                 \
    X(ORPHAN_TAG, "ttt")          /* TAG, its first ten expense ids ("1, 6, 7"), SLUG */           \
    X(LARGE_DEPOSIT, "tmm")       /* NAME's deposit AMOUNT, over ten times the PLANNED one */      \
    X(DEPOSIT_SHORT, "mm")        /* deposit per head below the participants' share per head */    \
    /* --- store*.c, outfile.c, c_numeric.c --------------------------------- */                   \
    /* --- csvio.c, template.c ---------------------------------------------- */                   \
    /* --- xlsx*.c --------------------------------------------------------- */                    \
    X(XLSX_INPUT, "t")              /* internal: the workbook input lacks FIELD */                 \
    X(XLSX_SETTLE_ROWS, "ii")       /* internal: N settle rows for M participants */               \
    X(XLSX_NO_PATH, "")             /* no file name given */                                       \
    X(XLSX_START, "t")              /* cannot start the workbook at PATH */                        \
    X(XLSX_PROPERTIES, "t")         /* document properties: libxlsxwriter's WHY */                 \
    X(XLSX_ADD_SHEET, "t")          /* cannot add sheet NAME */                                    \
    X(XLSX_CELL, "ttt")             /* cell REF of sheet NAME: libxlsxwriter's WHY */              \
    X(XLSX_NO_SPACE, "te")          /* PATH: the disk is full (errno) */                           \
    X(XLSX_CLOSE, "tt")             /* PATH: libxlsxwriter's WHY */                                \
    X(XLSX_LINE_RANGE, "t")         /* budget line ITEM (or category) too large to total */        \
    X(XLSX_WORDS_RANGE, "m")        /* budget total past the capital numerals' MAX */              \
    X(XLSX_TOO_MANY_LINES, "")      /* budget lines and warnings past one sheet */                 \
    X(XLSX_TOO_MANY_CATEGORIES, "") /* report categories past one sheet */                         \
    X(XLSX_TOO_MANY_PEOPLE, "")     /* participants past one sheet */                              \
    X(XLSX_SHEET_RANGE, "t")        /* a total on sheet NAME out of range; err->activity */        \
    X(XLSX_READ_EXPENSES, "")       /* the expense stream failed without saying why */             \
    X(XLSX_TOO_MANY_EXPENSES, "it") /* more than N expenses for sheet NAME */                      \
    /* --- end ------------------------------------------------------------- */

enum outlay_problem {
    OUTLAY_P_NONE = 0,
#define OUTLAY_P_ENUM_(name, kinds) OUTLAY_P_##name,
    OUTLAY_PROBLEMS(OUTLAY_P_ENUM_)
#undef OUTLAY_P_ENUM_
        OUTLAY_P_COUNT
};

/* The argument kinds of a code ("tq..."); "" for OUTLAY_P_NONE or a code
 * out of range. */
const char *outlay_problem_args(enum outlay_problem code);

/* The code's name in lower case ("date_form"): the key of its wording in
 * templates/lang/<code>.ini ("problem.date_form") and in JSON. */
const char *outlay_problem_name(enum outlay_problem code);

/* Fills a wording the caller chose for problem p's code (its own language,
 * with {1}..{5} for the arguments) into buf (n bytes, always terminated):
 * texts as stored, whole numbers in ASCII digits, amounts as 1,234.50,
 * system errors through strerror(). A {k} with no argument stays as it is.
 * Returns buf.
 *
 *     char buf[512];
 *     outlay_problem_fill(&err, "'{1}' is not a date", buf, sizeof buf);
 */
struct outlay_err;
char *outlay_problem_fill(const struct outlay_err *p, const char *wording, char *buf, size_t n);

#endif
