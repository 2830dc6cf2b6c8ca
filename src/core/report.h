/* report: what a supervisor reads — shifts, their inspections and
 * overrides, rule performance beside random selection, and the audit
 * figures (chain and signatures, failed unlocks, who searched for whom).
 *
 * Everything is computed from the derived tables of the signed event log
 * (events.h) by SQL in store_report.c and handed back as structs; the
 * interface (src/tui/view_shifts.c ...) and "douane report" only lay them
 * out.  Every entry point first checks the unlocked user's role: an
 * inspector gets DIAG_NOPERM ("supervisors only"), so the screens and the
 * reports refuse in one place.
 *
 * Definitions (doc/douane.1, "report"):
 *  - a shift's inspections are those recorded in it (inspection.shift_id);
 *    their lane is the subject's lane now;
 *  - seizures are seizure lines of its inspections;
 *  - overrides are lane overrides its inspector made while it was open;
 *  - the median inspection time is over inspections with both a start and
 *    an end, the mean of the two middle ones for an even count;
 *  - red subjects left uninspected are subjects in the red lane at the
 *    shift's crossing (any crossing when it names none; a subject whose
 *    manifest names no crossing is at every one) that had arrived by the
 *    shift's end, or by now while it is open (or have no arrival time),
 *    and had no outcome recorded by then;
 *  - a shift is countersigned by a countersign event naming its
 *    shift-open event; an inspection is flagged for follow-up by a
 *    countersign event with "follow-up": true naming it.
 */
#ifndef DOUANE_REPORT_H
#define DOUANE_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

struct store;
struct vault;

enum report_result {
	REPORT_RELEASED,
	REPORT_DISCREPANCY,
	REPORT_SEIZURE,
	REPORT_REFUSED,
	REPORT_REFERRED,
	REPORT_DETAINED,
	REPORT_RESULTS /* how many */
};

/* "released", "discrepancy-corrected", ... as in outcome.h.  */
const char *report_result_name(enum report_result r);

struct report_shift {
	int64_t id; /* the seq of its shift-open event */
	int64_t closed_seq; /* the seq of its shift-close event, 0 while open */
	char actor[72];
	char crossing[16];  /* "" when none */
	char opened_at[24]; /* ISO 8601 UTC */
	char closed_at[24]; /* "" while open */
	int64_t inspected;   /* inspections with an outcome */
	int64_t by_lane[4];  /* indexed by enum subject_lane: none, green, yellow, red */
	int64_t results[REPORT_RESULTS];
	int64_t seizures;    /* seizure lines */
	int64_t overrides;
	int64_t red_uninspected;
	int64_t median_seconds; /* -1 when no timed inspection */
	int64_t flags;          /* inspections flagged for follow-up */
	int64_t countersign_seq; /* 0 when not countersigned */
	char countersign_by[72];
	char countersign_at[24];
	char countersign_note[256];
};

/* The median of N seconds in V (sorted here); -1 when N is 0.  Even
 * counts give the mean of the middle two, rounded down.  */
int64_t report_median(int64_t *v, size_t n);

/* DIAG_OK when V's user may read reports (supervisor or admin), else
 * DIAG_NOPERM "supervisors only".  */
enum diag_status report_allowed(struct vault *v, struct diag *d);

/* Every shift, newest first; *OUT malloc'd (free()).  */
enum diag_status report_shifts(struct store *st, struct vault *v, struct report_shift **out,
			       size_t *n, struct diag *d);
/* Shift ID; DIAG_NOINPUT when there is none.  */
enum diag_status report_shift(struct store *st, struct vault *v, int64_t id,
			      struct report_shift *out, struct diag *d);

enum report_item_kind {
	REPORT_ITEM_INSPECTION = 1,
	REPORT_ITEM_OVERRIDE,
};

/* One line of a shift's detail, in time order (by seq).  */
struct report_item {
	enum report_item_kind kind;
	int64_t seq;        /* the inspection's id or the override's seq */
	char at[24];        /* its end (inspection) or when it was made */
	char subject[72];
	int lane;           /* inspection: the subject's lane now; override: the new lane */
	char result[32];    /* inspection: the result ("" if none yet) */
	char started_at[24];
	char ended_at[24];
	int64_t seconds;    /* inspection time, -1 unknown */
	int64_t seizures;   /* seizure lines */
	char checks[128];
	char text[512];     /* inspection: its notes; override: its reason */
	int64_t flag_seq;   /* a follow-up flag on it, 0 when none */
	char flag_note[256];
};

/* The inspections and overrides of shift ID; *OUT malloc'd.  */
enum diag_status report_shift_items(struct store *st, struct vault *v, int64_t id,
				    struct report_item **out, size_t *n, struct diag *d);

/* Countersign shift ID (a countersign event naming it) with NOTE (may be
 * NULL or ""), or flag inspection ID for follow-up (NOTE required).
 * *SEQ (may be NULL) is the new event's seq.  */
enum diag_status report_countersign(struct store *st, struct vault *v, int64_t shift_id,
				    const char *note, int64_t *seq, struct diag *d);
enum diag_status report_flag(struct store *st, struct vault *v, int64_t inspection_id,
			     const char *note, int64_t *seq, struct diag *d);

/* Rule performance (store_risk_stats) sorted by KEY: "rule" (file order,
 * random last), "fired", "inspected", "found", "hit-rate" (highest
 * first; ties keep file order).  Unknown key: DIAG_USAGE.  */
struct store_rule_stats;
enum diag_status report_rules(struct store *st, struct vault *v, const char *key,
			      struct store_rule_stats **out, size_t *n, struct diag *d);
/* The sort keys, NULL-terminated.  */
extern const char *const report_rule_keys[];

struct report_lookup {
	int64_t seq;
	char at[24];
	char actor[72];
	char query[256];
};

struct report_audit {
	bool chain_ok;       /* hashes, links and signatures all hold */
	int64_t events;      /* events checked */
	int64_t bad_seq;     /* the first bad one, or 0 */
	char why[160];
	unsigned failed_unlocks; /* failed attempts before this unlock */
	int64_t countersigned;   /* shifts countersigned */
	int64_t flags;           /* follow-up flags */
	int64_t lookups;         /* lookups in all */
	size_t nlookup;          /* the newest, at most LIMIT of them, newest first */
	struct report_lookup *lookup;
};

/* Audit figures; at most LIMIT lookups listed.  report_audit_clear()
 * frees.  */
enum diag_status report_audit(struct store *st, struct vault *v, size_t limit,
			      struct report_audit *a, struct diag *d);
void report_audit_clear(struct report_audit *a);

/* --- The SQL side (store_report.c) ----------------------------------- */

enum diag_status store_report_shifts(struct store *st, int64_t id, struct report_shift **out,
				     size_t *n, struct diag *d);
enum diag_status store_report_items(struct store *st, int64_t id, struct report_item **out,
				    size_t *n, struct diag *d);
enum diag_status store_report_audit(struct store *st, size_t limit, struct report_audit *a,
				    struct diag *d);
/* The event seq that made inspection ID, its shift, or 0s.  */
enum diag_status store_report_inspection_shift(struct store *st, int64_t id, int64_t *shift,
					       struct diag *d);

#endif
