/* screen_subjects: screen what the vault holds against the watchlists.
 *
 * Every party of a consignment (by its role), its conveyance (a vessel
 * when it comes by sea), every traveller (name, date of birth,
 * nationality, document number) and every vehicle (plate, and its
 * driver) is screened with the index; the subject's hits are then
 * replaced in the store.  screen_subjects_new() screens only the subjects
 * imported since the last run, screen_subjects_all() every one (after a
 * watchlist changed).
 */
#ifndef DOUANE_SCREEN_SUBJECTS_H
#define DOUANE_SCREEN_SUBJECTS_H

#include <stdint.h>

#include "diag.h"
#include "screen.h"
#include "store.h"

struct screen_subjects_stats {
	int64_t subjects; /* screened */
	int64_t names;    /* names and identifiers screened */
	int64_t hits;     /* hits stored */
	int64_t pruned;   /* hits to entries no longer listed, removed */
};

/* Screen subject ID with IX and store its hits.  */
enum diag_status screen_subject(struct store *st, const struct screen_index *ix, int64_t id,
				double threshold, struct screen_subjects_stats *stats,
				struct diag *d);

/* Every subject (ALL) or those imported since the last run.  IX may be
 * NULL: it is built from the store.  */
enum diag_status screen_subjects_run(struct store *st, const struct screen_index *ix, bool all,
				     double threshold, struct screen_subjects_stats *stats,
				     struct diag *d);

#endif
