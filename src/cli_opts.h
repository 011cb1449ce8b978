/* cli_opts: option slots shared by the command tables (cli.c) and the
 * commands that read them (c->values[O_...]). */
#ifndef OUTLAY_CLI_OPTS_H
#define OUTLAY_CLI_OPTS_H

enum cli_slot {
    O_TITLE,
    O_DATE,
    O_END_DATE,
    O_VENUE,
    O_ORGANIZER,
    O_DEPOSIT,
    O_HEADCOUNT,
    O_BUDGET_TOTAL,
    O_SUBSIDY,
    O_CURRENCY,
    O_FUNDED_BY,
    O_TEMPLATE,
    O_CATEGORY,
    O_ITEM,
    O_UNIT_PRICE,
    O_QTY,
    O_PER_HEAD,
    O_UNIT,
    O_NOTE,
    O_AMOUNT,
    O_PAYEE,
    O_PAID_BY,
    O_RECEIPT,
    O_FOR,
    O_REASON,
    O_DEPT,
    O_TAGS,
    O_WEIGHT,
    O_METHOD,
    O_ENCODING,
    O_OUTPUT,
    O_LANG,
    O_SLOT_COUNT
};

#endif
