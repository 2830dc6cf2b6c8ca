/* screen_lookup: record an ad-hoc lookup as a signed event (see
 * screen_lookup.h).  The payload is written with the canonical JSON
 * writer, so a name with quotes or any script is carried as typed.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "i18n.h"
#include "json.h"
#include "screen_lookup.h"

enum diag_status
screen_lookup_record(struct store *st, struct vault *vault, const char *query, size_t results,
		     int64_t *seq, struct diag *d)
{
	char *payload = NULL, tail[48];
	size_t len = 0, cap = 0;
	enum diag_status rc;

	snprintf(tail, sizeof tail, ",\"results\":%zu}", results);
	if (json_put_raw(&payload, &len, &cap, "{\"query\":") < 0 ||
	    json_put_string(&payload, &len, &cap, query ? query : "") < 0 ||
	    json_put_raw(&payload, &len, &cap, tail) < 0) {
		free(payload);
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, "%s", _("out of memory"));
	}
	rc = events_append(st, vault, EVENT_LOOKUP, NULL, payload, seq, d);
	free(payload);
	return rc;
}
