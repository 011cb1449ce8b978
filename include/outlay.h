/*
 * outlay.h: the umbrella header of liboutlay, the budget and expense ledger
 * for group activities. Include this, or the one module you need.
 *
 *     #include <outlay.h>
 *     outlay_store *st; outlay_err err = {0};
 *     outlay_store_open(&st, "outlay.db", OUTLAY_STORE_READ, &err);
 */
#ifndef OUTLAY_H
#define OUTLAY_H

#include "outlay/status.h"
#include "outlay/money.h"
#include "outlay/outfile.h"
#include "outlay/text.h"
#include "outlay/date.h"
#include "outlay/words.h"
#include "outlay/records.h"
#include "outlay/store.h"
#include "outlay/ledger.h"
#include "outlay/settle.h"
#include "outlay/report.h"
#include "outlay/csvio.h"
#include "outlay/import.h"
#include "outlay/template.h"
#include "outlay/xlsx.h"

#endif
