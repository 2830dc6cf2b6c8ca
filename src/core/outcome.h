/* outcome: what an inspection found, as the inspector records it.
 *
 * An outcome names the subject, the checks done, the result, the seizures
 * (one line per commodity), free notes, and when the inspection started and
 * ended.  Every coded field takes its value from a table below; the tables
 * follow the WCO Customs Enforcement Network (CEN) seizure data terms where
 * that model has them (commodity groups, concealment and detection
 * methods), UN/ECE Recommendation 20 for units of measure, ISO 4217 for
 * currencies and HS 2022 for tariff codes.  doc/formats.md lists every code.
 *
 * An outcome travels as the payload of an "outcome" event, in canonical
 * JSON (json.h):
 *
 *   {"checks":["documents","x-ray"],"ended":"2026-11-24T09:12:00Z",
 *    "notes":"...","result":"seizure","seizures":[{"commodity":"cigarettes",
 *    "concealment":"false-bottom","currency":"EUR","detection":"x-ray",
 *    "hs":"240220","quantity":"12000","unit":"H87","value":"3600.00"}],
 *    "started":"2026-11-24T08:40:00Z"}
 *
 * Quantities and values are decimal strings ("12.5"), never binary
 * floating point, so that what is signed is exactly what was typed.
 * outcome_validate() names the first bad field ("seizures[2].unit") in the
 * diag's message, so a form or a script can point at it.
 */
#ifndef DOUANE_OUTCOME_H
#define DOUANE_OUTCOME_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

struct json;

/* A code and its label (N_() marked: translate where shown).  */
struct outcome_code {
	const char *code;
	const char *label;
};

enum outcome_table {
	OUTCOME_CHECKS,
	OUTCOME_RESULTS,
	OUTCOME_COMMODITIES,
	OUTCOME_UNITS,
	OUTCOME_CONCEALMENTS,
	OUTCOME_DETECTIONS,
	OUTCOME_TABLES_
};

/* The codes of table T, ending with a {NULL, NULL} entry.  */
const struct outcome_code *outcome_codes(enum outcome_table t);
/* Whether CODE is in table T.  */
bool outcome_code_valid(enum outcome_table t, const char *code);

struct outcome_seizure {
	char *commodity;   /* OUTCOME_COMMODITIES, required */
	char *hs;          /* HS 2022, 6/8/10 digits, optional */
	char *quantity;    /* decimal > 0, required */
	char *unit;        /* OUTCOME_UNITS, required */
	char *value;       /* decimal >= 0, optional */
	char *currency;    /* ISO 4217, required with value */
	char *concealment; /* OUTCOME_CONCEALMENTS, required */
	char *detection;   /* OUTCOME_DETECTIONS, required */
};

#define OUTCOME_CHECKS_MAX 16
#define OUTCOME_SEIZURES_MAX 64
#define OUTCOME_NOTES_MAX 4000

struct outcome {
	char *checks[OUTCOME_CHECKS_MAX]; /* OUTCOME_CHECKS, at least one */
	size_t nchecks;
	char *result;                     /* OUTCOME_RESULTS, required */
	struct outcome_seizure seizures[OUTCOME_SEIZURES_MAX];
	size_t nseizures;
	char *notes;   /* optional */
	char *started; /* "YYYY-MM-DDTHH:MM:SSZ", required */
	char *ended;   /* the same form, required, not before started */
};

void outcome_init(struct outcome *o);
void outcome_clear(struct outcome *o);

/* Fill O (outcome_init'ed) from the JSON object J: unknown members are
 * refused, named.  FILE (may be NULL) goes into D.  */
enum diag_status outcome_from_json(struct outcome *o, const struct json *j, const char *file,
				   struct diag *d);
/* Parse one seizure from "commodity=...,hs=...,qty=...,unit=...,
 * value=...,currency=...,concealment=...,detection=..." into S. */
enum diag_status outcome_seizure_parse(struct outcome_seizure *s, const char *spec,
				       struct diag *d);

/* Check every field; on the first problem DIAG_DATA with "FIELD: reason". */
enum diag_status outcome_validate(const struct outcome *o, const char *file, struct diag *d);

/* O as canonical JSON (malloc'd), or NULL when out of memory.  */
char *outcome_to_json(const struct outcome *o);

/* Whether S is a UTC time "YYYY-MM-DDTHH:MM:SSZ" that exists.  */
bool outcome_time_valid(const char *s);

#endif
