/* screen_lookup: an ad-hoc lookup of a name against the watchlists is
 * recorded, signed: who searched for whom, and when (EVENT_LOOKUP).
 *
 * Both `douane screen NAME` and the interface's lookup screen call
 * screen_lookup_record() once the query has run, before its results are
 * shown: a lookup that cannot be recorded is not shown.  The payload is
 * {"query":TEXT,"results":N}; supervisors read lookups in the audit.
 */
#ifndef DOUANE_SCREEN_LOOKUP_H
#define DOUANE_SCREEN_LOOKUP_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

struct store;
struct vault;

/* Append the lookup of QUERY (the name, or the identifier screened) that
 * gave RESULTS hits, signed by the user who unlocked VAULT.  *SEQ (may be
 * NULL) is the event's number.  */
enum diag_status screen_lookup_record(struct store *st, struct vault *vault, const char *query,
				      size_t results, int64_t *seq, struct diag *d);

#endif
