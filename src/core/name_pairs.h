/* name_pairs: labelled pairs of names, and how well a matcher does on them.
 *
 * The file is CSV (RFC 4180: quoted fields may hold commas, quotes and
 * line breaks) with a header naming at least the columns name1, name2 and
 * is_match ("true"/"false", "1"/"0"), and optionally schema (Person,
 * Company, Organization, LegalEntity, Vessel), in any order: the layout of
 * OpenSanctions' name_bench cases.  Each pair is scored with
 * screen_pair_score() and counted against the threshold.
 */
#ifndef DOUANE_NAME_PAIRS_H
#define DOUANE_NAME_PAIRS_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

struct name_pair {
	long line;          /* line of the record in the file */
	const char *schema; /* "" when the file has no such column */
	const char *name1;
	const char *name2;
	bool is_match;
	double score;       /* set by name_pairs_run() */
	bool cross_script;  /* either name is not in Latin script */
};

struct name_pairs_stats {
	long pairs, tp, fp, tn, fn;
	long cross_script, cross_script_right;
	double precision, recall, f1;
};

/* Called for each pair after it is scored; non-zero stops the run.  */
typedef int (*name_pair_fn)(void *ctx, const struct name_pair *p, bool decision);

/* Read PATH, score every pair, count at THRESHOLD.  Missing file is
 * DIAG_NOINPUT; a malformed file DIAG_DATA naming the line.  */
enum diag_status name_pairs_run(const char *path, double threshold, name_pair_fn fn, void *ctx,
				struct name_pairs_stats *stats, struct diag *d);

#endif
