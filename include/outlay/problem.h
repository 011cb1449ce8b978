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
    /* --- ledger_query.c: errors and the checks of SPEC §7 ----------------- */                  \
    /* --- store*.c, outfile.c, c_numeric.c --------------------------------- */                   \
    X(STORE_BUSY, "ti")              /* LEDGER locked by another outlay past the N s timeout */    \
    X(STORE_DISK_FULL, "t")          /* disk full while writing LEDGER; nothing changed */         \
    X(STORE_READ_ONLY_FS, "t")       /* LEDGER on a read-only file system (reading writes too) */  \
    X(STORE_CANNOT_WRITE, "tt")      /* LEDGER, SQLite's reason: permissions */                    \
    X(STORE_CANNOT_WRITE_SYS, "tte") /* LEDGER, SQLite's reason, the system error */               \
    X(STORE_NOT_WRITABLE, "te")      /* LEDGER, why it cannot be written: permissions */           \
    X(STORE_DAMAGED, "tt")           /* LEDGER, SQLite's reason; nothing changed */                \
    X(STORE_CONSTRAINT, "tt")       /* a total in LEDGER would go out of range; SQLite's reason */ \
    X(STORE_NO_SPACE, "te")         /* LEDGER, ENOSPC, EFBIG or EDQUOT; nothing changed */         \
    X(STORE_IO, "tt")               /* LEDGER, SQLite's I/O error without a system error */        \
    X(STORE_ERROR, "tt")            /* LEDGER, SQLite's reason */                                  \
    X(STORE_ERROR_SYS, "tte")       /* LEDGER, SQLite's reason, the system error */                \
    X(STORE_OWNER_WRITING, "t")     /* another user's LEDGER is being written right now */         \
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
    X(OUTFILE_NO_SPACE, "te")         /* PATH, ENOSPC, EFBIG or EDQUOT; nothing written */         \
    X(OUTFILE_WRITE, "te")            /* PATH, the system error */                                 \
    X(OUTFILE_TMPDIR, "tte")          /* PATH, the temporary directory, the system error */        \
    X(OUTFILE_NO_NAME, "")            /* no output file name given */                              \
    X(OUTFILE_LEDGER, "t")            /* PATH is the ledger or one of its -wal, -shm, -journal */  \
    X(OUTFILE_DANGLING, "t")          /* PATH is a symbolic link to nothing */                     \
    X(OUTFILE_DIRECTORY, "t")         /* PATH is a directory */                                    \
    X(OUTFILE_DISK, "t")              /* PATH is a block device */                                 \
    X(OUTFILE_IS_LEDGER, "t")         /* the device PATH opened is the ledger */                   \
    X(OUTFILE_NOT_STARTED, "")        /* commit without begin */                                   \
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
    /* --- xlsx*.c --------------------------------------------------------- */                    \
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
