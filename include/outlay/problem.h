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
    X(SETTLE_RULE, "i")           /* settlement rule N is neither 1 nor 2 (SPEC §11.1) */         \
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
    X(IMPORT_EXCESS_MORE, "it") /* N more participants of SLUG past twice the planned deposit */   \
    /* --- ledger.c -------------------------------------------------------- */                    \
    X(FIELD_EMPTY, "")             /* a required field (err->column) is empty */                   \
    X(NOT_FUNDER, "q")             /* not participants or union */                                 \
    X(NOT_FLAG, "q")               /* not yes, no or empty (per_head) */                           \
    X(NOT_SETTLE_RULE, "q")        /* not 1 or 2 (--settle-rule, SPEC §11.1) */                   \
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
    X(NOT_ONE_TAG, "q")            /* a separator or surrounding spaces in a tag */                \
    X(NO_PARTICIPANT, "qt")        /* NAME not in SLUG (paid_by, a payment) */                     \
    X(NO_PARTICIPANT_NEAR, "qtt")  /* NAME not in SLUG; NEAREST is */                              \
    X(NOT_EXPENSE_STATUS, "q")     /* not ok or void */                                            \
    X(NOT_EXPENSE_NO, "qt")        /* TYPED is not an expense number; SLUG (usage) */              \
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
    /* SPEC §11 guards: a payout past the refund (an error, or with force a */                    \
    /* warning), an expense far from the activity's dates or outside its budget */                 \
    X(NAME_EMPTY, "")            /* a participant's name empty or only spaces (err->column) */     \
    X(WHO_EMPTY, "")             /* who makes the change (--by): empty or only spaces */           \
    X(PAYOUT_OVER_REFUND, "tmm") /* NAME, the payout, their refund now */                          \
    X(PAYOUT_NO_REFUND, "tm")    /* NAME has no refund due now; the payout */                      \
    X(PAYOUT_FORCED, "tmm")      /* NAME, their refund, the excess: recorded (force) */            \
    X(PAYOUT_UNCHECKED, "t")     /* NAME: recorded (force); no settlement to check */              \
    X(EXPENSE_EARLY, "tti")      /* expense DATE, the activity's START, N days before */           \
    X(EXPENSE_LATE, "tti")       /* expense DATE, the activity's END, N days after */              \
    X(EXPENSE_UNBUDGETED, "tt")  /* CATEGORY, SLUG: it has budget lines, none in it */             \
    X(EXPENSE_UNBUDGETED_NEAR, "ttt") /* CATEGORY, SLUG, the NEAREST budget category */            \
    X(EXPENSE_TAG_UNHELD, "tt")       /* TAG, SLUG: no active participant carries it yet */        \
    X(PARTICIPANT_EXISTS_AS, "qtt")   /* NAME is in SLUG already, written NAME-AS-REGISTERED */    \
    /* corrections (SPEC §11): records named by their number within the activity */               \
    X(NOT_LINE_NO, "qt")           /* TYPED is not a budget line number; SLUG (usage) */           \
    X(NOT_DEPOSIT_NO, "qt")        /* TYPED is not a deposit number; SLUG (usage) */               \
    X(NOT_PAYOUT_NO, "qt")         /* TYPED is not a payout number; SLUG (usage) */                \
    X(NO_LINE, "ti")               /* SLUG has no budget line N */                                 \
    X(NO_DEPOSIT, "ti")            /* SLUG has no deposit N */                                     \
    X(NO_PAYOUT, "ti")             /* SLUG has no payout N */                                      \
    X(LINE_VOID_ALREADY, "it")     /* budget line N is void already; REASON */                     \
    X(DEPOSIT_VOID_ALREADY, "it")  /* deposit N is void already; REASON */                         \
    X(PAYOUT_VOID_ALREADY, "it")   /* payout N is void already; REASON */                          \
    X(LINE_IS_VOID, "it")          /* budget line N is void (REASON): cannot be changed */         \
    X(EXPENSE_IS_VOID, "it")       /* expense N is void (REASON): cannot be changed */             \
    X(LINE_UNCHANGED, "i")         /* budget line N has these values already */                    \
    X(EXPENSE_UNCHANGED, "i")      /* expense N has these values already */                        \
    X(NAME_UNCHANGED, "q")         /* renaming to the name it has */                               \
    X(ACTIVITY_VOID, "tt")         /* SLUG is void (REASON): it refuses every change */            \
    X(ACTIVITY_VOID_ALREADY, "tt") /* SLUG is void already; REASON */                              \
    X(ACTIVITY_HAS_RECORDS,                                                                        \
      "tiiii") /* SLUG still has N lines, N expenses, N deposits, N payouts */                     \
    /* that are not void (activity void) */                                                        \
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
    X(DEPOSIT_EXCESS, "tmm") /* NAME's deposits TOTAL, over twice the planned x weight LIMIT */    \
    /* --- store*.c, outfile.c, c_numeric.c --------------------------------- */                   \
    X(STORE_BUSY, "ti")              /* LEDGER locked by another outlay past the N s timeout */    \
    X(STORE_DISK_FULL, "t")          /* disk full while writing LEDGER; nothing changed */         \
    X(STORE_READ_ONLY_FS, "t")       /* LEDGER on a read-only file system (reading writes too) */  \
    X(STORE_CANNOT_WRITE, "tt")      /* LEDGER, SQLite's reason: permissions */                    \
    X(STORE_CANNOT_WRITE_SYS, "tte") /* LEDGER, SQLite's reason, the system error */               \
    X(STORE_NOT_WRITABLE, "te")      /* LEDGER, why it cannot be written: permissions */           \
    X(STORE_DAMAGED, "tt")           /* LEDGER, SQLite's reason; nothing changed */                \
    X(STORE_CONSTRAINT, "tt")        /* LEDGER refused a record (a constraint); its reason */      \
    X(STORE_NO_SPACE, "te")          /* LEDGER, ENOSPC, EFBIG or EDQUOT; nothing changed */        \
    X(STORE_IO, "tt")                /* LEDGER, SQLite's I/O error without a system error */       \
    X(STORE_ERROR, "tt")             /* LEDGER, SQLite's reason */                                 \
    X(STORE_ERROR_SYS, "tte")        /* LEDGER, SQLite's reason, the system error */               \
    X(STORE_OWNER_WRITING, "t")      /* another user's LEDGER is being written right now */        \
    X(STORE_OWNER_UNFINISHED, "tt") /* another user's LEDGER lacks its file SUFFIX (-wal, -shm) */ \
    X(STORE_CANNOT_READ, "tt")      /* LEDGER, SQLite's reason */                                  \
    X(STORE_CHANGED, "t")           /* LEDGER written by its owner while being read */             \
    X(STORE_CANNOT_OPEN, "te")      /* LEDGER, the system error */                                 \
    X(STORE_NO_LEDGER, "t")         /* no ledger at PATH (reading never creates one) */            \
    X(STORE_OPEN_READ_ONLY_FS, "t") /* LEDGER on a read-only file system */                        \
    X(STORE_CREATE_READ_ONLY_FS, "t") /* LEDGER cannot be created: read-only file system */        \
    X(STORE_OPEN_FAILED, "tt")        /* LEDGER, SQLite's reason */                                \
    X(STORE_OPEN_FAILED_SYS, "tte")   /* LEDGER, SQLite's reason, the system error */              \
    X(STORE_NOT_SQLITE, "t")          /* PATH is not a SQLite database; left untouched */          \
    X(STORE_NOT_OURS, "t")            /* PATH is another program's database; left untouched */     \
    X(STORE_NEWER, "tii")             /* LEDGER has schema N, this outlay knows up to M */         \
    X(STORE_DIRECTORY, "t")           /* PATH is a directory */                                    \
    X(STORE_NOT_REGULAR, "t")         /* PATH is a device, a pipe or a socket */                   \
    X(STORE_SUM_RANGE, "t")           /* a sum in LEDGER out of range */                           \
    X(STORE_TOTAL_RANGE, "t")         /* a total in LEDGER would go out of range */                \
    X(STORE_NO_ACTIVITY, "t")         /* no activity SLUG */                                       \
    X(STORE_NO_PARTICIPANT, "t")      /* no participant NAME */                                    \
    X(STORE_NO_EXPENSE, "i")          /* no expense N in this activity */                          \
    X(STORE_BACKUP_CHANGED, "t")      /* LEDGER written by its owner while being copied */         \
    X(STORE_BACKUP_BUSY, "t")         /* LEDGER locked by another outlay; nothing written */       \
    X(STORE_BACKUP_WRITE, "tt")       /* backup PATH, SQLite's reason; nothing written */          \
    X(STORE_BACKUP_WRITE_SYS, "te")   /* backup PATH, the system error; nothing written */         \
    X(STORE_BACKUP_CLOSE, "t")        /* backup PATH could not be finished */                      \
    X(STORE_INTEGRITY, "t")           /* a line of SQLite's integrity_check (damage) */            \
    X(STORE_FOREIGN_KEY, "ti")        /* foreign key violation in TABLE, row N */                  \
    X(STORE_CATEGORY_TOTALS, "ttii")  /* SLUG, CATEGORY: kept total N, recount M (fen) */          \
    X(STORE_GROUP_TOTALS, "ttii")     /* SLUG, TAG: kept total N, recount M (fen) */               \
    X(STORE_YEAR_FIGURES, "ttii")     /* SLUG, FIGURE of the year: kept N, worked out M (fen) */   \
    X(STORE_YEAR_MISSING, "t")        /* SLUG has no row of the year's figures (schema 11) */      \
    X(STORE_KIND_TOTALS, "ttii")      /* SLUG, KIND: kept total N, recount M (fen) */              \
    X(STORE_KIND_FLAGGED, "ttii")     /* SLUG, KIND: flagged expenses kept N, recount M */         \
    X(STORE_NAME_KEY, "tt")           /* SLUG, NAME: its key is not the name's */                  \
    X(STORE_NO_RECORD, "ti")          /* no TABLE record N here (or it is void) */                 \
    /* --- store_pg.c (SPEC §17) ------------------------------------------ */                    \
    X(STORE_PG_CONNECT, "tt")  /* cannot connect to LEDGER (URL), libpq's reason */                \
    X(STORE_PG_DENIED, "tt")   /* LEDGER: the role may not (privilege, row security) */            \
    X(STORE_PG_ERROR, "ttt")   /* LEDGER, SQLSTATE, the server's message */                        \
    X(STORE_PG_BACKUP, "t")    /* backup of a PostgreSQL LEDGER: pg_dump does it */                \
    X(STORE_PG_BRANCH, "t")    /* BRANCH cannot be read: the role may read its own only */         \
    X(STORE_PG_ALL, "t")       /* LEDGER opened as branch '*', which rollup alone reads */         \
    X(OUTFILE_NO_SPACE, "te")  /* PATH, ENOSPC, EFBIG or EDQUOT; nothing written */                \
    X(OUTFILE_WRITE, "te")     /* PATH, the system error */                                        \
    X(OUTFILE_TMPDIR, "tte")   /* PATH, the temporary directory, the system error */               \
    X(OUTFILE_NO_NAME, "")     /* no output file name given */                                     \
    X(OUTFILE_LEDGER, "t")     /* PATH is the ledger or one of its -wal, -shm, -journal */         \
    X(OUTFILE_DANGLING, "t")   /* PATH is a symbolic link to nothing */                            \
    X(OUTFILE_DIRECTORY, "t")  /* PATH is a directory */                                           \
    X(OUTFILE_DISK, "t")       /* PATH is a block device */                                        \
    X(OUTFILE_IS_LEDGER, "t")  /* the device PATH opened is the ledger */                          \
    X(OUTFILE_NOT_STARTED, "") /* commit without begin */                                          \
    /* --- csvio.c, template.c ---------------------------------------------- */                   \
    X(FILE_READ, "e")              /* cannot read the file (its place in err) */                   \
    X(CSV_OPEN, "te")              /* PATH, the system error */                                    \
    X(CSV_FIELD_LONG, "i")         /* a field longer than N bytes */                               \
    X(CSV_COLUMNS, "i")            /* a row with more than N columns */                            \
    X(CSV_NOT_UTF8, "")            /* not UTF-8 (perhaps GBK) */                                   \
    X(CSV_NOMEM, "")               /* out of memory reading the file */                            \
    X(CSV_STRAY_QUOTE, "")         /* a quote inside an unquoted field */                          \
    X(CSV_NUL, "")                 /* a NUL byte (UTF-16?) */                                      \
    X(CSV_UTF16, "")               /* a UTF-16 byte order mark */                                  \
    X(CSV_BOM_GBK, "")             /* a UTF-8 byte order mark, read as GBK */                      \
    X(CSV_NOT_GBK, "")             /* bytes that are not GBK */                                    \
    X(CSV_UNCLOSED_QUOTE, "")      /* a quoted field never closed */                               \
    X(CSV_ICONV, "e")              /* no GBK converter: the system error */                        \
    X(CSV_LOOKS_UTF8, "")          /* --encoding gbk, but the file is UTF-8 */                     \
    X(INI_OPEN, "te")              /* PATH, the system error */                                    \
    X(INI_SYNTAX, "")              /* not key = value, a [section] or a comment */                 \
    X(INI_NUL, "")                 /* a NUL byte */                                                \
    X(INI_LINE_LONG, "i")          /* a line longer than N bytes */                                \
    X(INI_INDENTED_HEADER, "")     /* an indented [section] header */                              \
    X(INI_UNCLOSED_HEADER, "")     /* a [section header without ']' */                             \
    X(INI_SECTION_LONG, "q")       /* [SECTION] with too long a name */                            \
    X(TEMPLATE_EMPTY, "")          /* the key (err->column) is empty */                            \
    X(TEMPLATE_FUNDER, "q")        /* VALUE of funded_by (err->column) */                          \
    X(TEMPLATE_FLAG, "q")          /* VALUE of a flag (err->column): not true or false */          \
    X(TEMPLATE_CONTINUED, "")      /* the key (err->column) continued on an indented line */       \
    X(TEMPLATE_OUTSIDE, "q")       /* KEY outside any section */                                   \
    X(TEMPLATE_UNKNOWN_KEY, "qtt") /* KEY, SECTION, its keys (", ") */                             \
    X(TEMPLATE_KEY_TWICE, "ti")    /* the key (err->column) twice in SECTION, first on line N */   \
    X(TEMPLATE_KEY_MISSING, "t")   /* KEY (also err->column) missing in a [line] */                \
    X(TEMPLATE_QTY_PER_HEAD, "t")  /* the key (err->column) with OTHER: qty or per_head = true */  \
    X(TEMPLATE_LINE_LARGE, "")     /* unit_price × qty too large */                               \
    X(TEMPLATE_ACTIVITY_TWICE, "") /* [activity] given twice */                                    \
    X(TEMPLATE_UNKNOWN_SECTION, "q") /* [SECTION] unknown */                                       \
    X(TEMPLATE_DIR_LONG, "t")        /* DIR: the path of a file in it is too long */               \
    X(TEMPLATE_NAME, "q")            /* NAME is not a template name */                             \
    X(TEMPLATE_NO_DIR, "t")          /* NAME: no template directory */                             \
    X(TEMPLATE_NOT_FOUND, "tt")      /* NAME, the directories searched (", ") */                   \
    X(TEMPLATE_DIR, "te")            /* DIR, the system error */                                   \
    X(LANG_SECTION_NAME, "q")        /* [SECTION]: not a-z, 0-9 and '_' */                         \
    X(LANG_KEY_NAME, "q")            /* KEY: not a-z, 0-9 and '_', or outside a section */         \
    X(LANG_CONTINUES_NOTHING, "")    /* an indented line before any key */                         \
    X(LANG_KEY_TWICE, "ti")          /* SECTION.KEY given twice, also on line N */                 \
    X(LANG_CODE, "q")                /* CODE is not a language code */                             \
    X(LANG_NOT_FOUND, "tt")          /* CODE, the directories searched (", ") */                   \
    X(LANG_NO_DIR, "t")              /* CODE: no template directory */                             \
    /* --- notice.c ------------------------------------------------------- */                     \
    X(NOTICE_KEY, "t")  /* the language catalogue lacks [notice] KEY */                            \
    X(NOTICE_LONG, "t") /* the message for NAME does not fit the buffer */                         \
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
    /* --- rules (rules.c, ledger_rules.c: SPEC §14) ------------------------ */                  \
    X(NOT_KIND, "q")                   /* not a kind */                                            \
    X(RULES_NAME, "q")                 /* NAME is not a rules name */                              \
    X(RULES_NO_DIR, "t")               /* NAME: no template directory to look in */                \
    X(RULES_NOT_FOUND, "tt")           /* NAME, the directories searched (", ") */                 \
    X(RULES_LARGE, "i")                /* the file goes past N bytes (at err->line) */             \
    X(RULES_SYNTAX, "")                /* not [rules], key = value or a comment */                 \
    X(RULES_SECTION, "q")              /* [SECTION] is not [rules] */                              \
    X(RULES_OUTSIDE, "t")              /* KEY before [rules] */                                    \
    X(RULES_KEY, "qt")                 /* KEY unknown; the keys known (", ") */                    \
    X(RULES_KEY_TWICE, "ti")           /* KEY given twice, first on line N */                      \
    X(RULES_SHARE, "q")                /* not a share N/D or P% with N <= D */                     \
    X(RULES_FLAG, "q")                 /* not yes or no */                                         \
    X(RULES_PCT, "q")                  /* not a whole percentage 0..1000 */                        \
    X(RULES_STORED, "t")               /* the copy of rules NAME in the ledger cannot be read */   \
    X(RULE_WINNERS, "tiiti")           /* RULES: WINNERS of HEADCOUNT over SHARE, at most N */     \
    X(RULE_WINNERS_NO_HEADCOUNT, "ti") /* RULES: N winners and no headcount to compare */          \
    X(RULE_PRIZE_WINNER_OVER, "titmm") /* RULES, line NO ITEM: unit price over the cap */          \
    X(RULE_PRIZE_PARTICIPATION_OVER, "titmm") /* the same for a participation prize */             \
    X(RULE_SOUVENIR_OVER, "titmm")            /* the same for a souvenir */                        \
    X(RULE_CLOTHING_OVER, "titmm")            /* the same for clothing */                          \
    X(RULE_SOUVENIR_WITH_PRIZES, "tii")       /* RULES: souvenir line NO beside prize line NO */   \
    X(RULE_MEAL_OVER, "tmmii") /* RULES: meals budgeted TOTAL, cap a head a day, HEADS, DAYS */    \
    X(RULE_MEAL_SPENT_OVER, "tmmii")   /* the same for meals spent */                              \
    X(RULE_BANNED_KIND_LINE, "tit")    /* RULES: line NO is of banned KIND */                      \
    X(RULE_BANNED_KIND_EXPENSE, "tit") /* RULES: expense NO is of banned KIND */                   \
    X(RULE_BANNED_WORD_LINE, "tit")    /* RULES: line NO says banned WORD */                       \
    X(RULE_BANNED_WORD_EXPENSE, "tit") /* RULES: expense NO says banned WORD */                    \
    X(APPROVAL_CHANGED, "ttmm") /* approved by WHO on DATE at TOTAL; the budget is now TOTAL */    \
    X(APPROVAL_OVER, "tmmti")   /* RULES: spent TOTAL over approved TOTAL by P% (limit M%) */      \
    /* --- print*.c (outlay print, SPEC §13) ---------------------------------- */                \
    X(PRINT_CAIRO, "tt")      /* PATH: cairo's reason */                                           \
    X(PRINT_LINE_RANGE, "t")  /* budget line ITEM (or category) too large to total */              \
    X(PRINT_TOTAL_RANGE, "m") /* budget total past the capital numerals' MAX */                    \
    X(PRINT_INPUT, "t")       /* internal: the print input lacks FIELD */                          \
    /* --- xlsxin.c (xlsx input, SPEC §15) --------------------------------- */                   \
    X(XLSX_NOT_ZIP, "t")        /* PATH is not a zip archive */                                    \
    X(XLSX_DAMAGED, "t")        /* PATH: the archive is damaged or truncated */                    \
    X(XLSX_DAMAGED_ENTRY, "tt") /* PATH: ENTRY is damaged or missing */                            \
    X(XLSX_NO_WORKBOOK, "t")    /* PATH: a zip without xl/workbook.xml */                          \
    X(XLSX_NO_SHEET, "tq")      /* PATH has no sheet NAME */                                       \
    X(XLSX_TOO_BIG, "tti")      /* PATH: ENTRY inflates past N MiB */                              \
    X(XLSX_BAD_XML, "tti")      /* PATH: ENTRY is not well-formed XML at line N */                 \
    X(XLSX_NOT_UTF8, "tt")      /* PATH: ENTRY has text that is not UTF-8 */                       \
    X(XLSX_MANY_STRINGS, "ti")  /* PATH has more than N shared strings */                          \
    X(XLSX_FORMULA, "")         /* a cell holds a formula */                                       \
    X(XLSX_STRING_INDEX, "i")   /* shared string N does not exist */                               \
    X(XLSX_SHEET_NOT_XLSX, "q") /* --sheet NAME given for a CSV file */                            \
    /* --- bills.c, participant aliases (SPEC §15) --------------------------- */                 \
    X(ALIAS_IS_NAME, "qt")     /* ALIAS is the name of participant NAME */                         \
    X(ALIAS_TAKEN, "qt")       /* ALIAS is already an alias of NAME */                             \
    X(ALIAS_NONE, "qt")        /* ALIAS is not an alias of NAME */                                 \
    X(BILL_READ, "te")         /* cannot read the bill PATH: errno */                              \
    X(BILL_ENCODING, "i")      /* not GBK text at byte N */                                        \
    X(BILL_NOT_WECHAT, "t")    /* PATH has no header row of a WeChat Pay bill */                   \
    X(BILL_NOT_ALIPAY, "t")    /* PATH has no header row of an Alipay bill */                      \
    X(BILL_IS_ALIPAY, "")      /* import wechat given an Alipay bill */                            \
    X(BILL_IS_WECHAT, "")      /* import alipay given a WeChat Pay bill */                         \
    X(BILL_TRUNCATED, "")      /* the rows end mid-row or without the closing rule */              \
    X(BILL_FIELD, "tq")        /* COLUMN holds VALUE, which cannot be read */                      \
    X(BILL_DUPLICATE_ID, "ti") /* transaction ID also on line N, both to be recorded */            \
    X(BILL_NOBODY, "qt")       /* the bill's NAME is nobody of SLUG, nor near anybody */           \
    /* --- "did you mean" among participants and aliases (ledger.c, issue 18) */                   \
    X(NO_PARTICIPANT_NEAR_ALIAS, "qttt") /* NAME not in SLUG; nearest ALIAS, of PARTICIPANT */     \
    X(NO_PARTICIPANT_NEAR_TWO, "qttt")   /* NAME not in SLUG; A and B equally near */              \
    X(NO_PARTICIPANT_NEAR_MANY, "qti")   /* NAME not in SLUG; N participants equally near */       \
    /* --- serve (src/serve.c, src/cli_serve*.c; SPEC §16) ---------------- */                    \
    X(RANDOM, "e")           /* getrandom() failed: errno */                                       \
    X(SERVE_START, "te")     /* cannot listen on ADDR: errno */                                    \
    X(SERVE_LISTEN, "q")     /* --listen ADDR is not an IPv4 or IPv6 address */                    \
    X(SERVE_PORT, "q")       /* --port N is not 0..65535 */                                        \
    X(SERVE_NO_TEMPLATE, "") /* the form's template was not chosen */                              \
    /* serve's edit forms (src/cli_serve_edit.c) */                                                \
    X(SERVE_UNCHANGED, "") /* an edit form saved with no field changed */                          \
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
