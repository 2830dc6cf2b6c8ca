/* view_shift: opening and closing the inspector's shift from any view.
 *
 * A shift is an event in the signed log (EVENT_SHIFT_OPEN, _CLOSE; see
 * events.h); inspections and outcomes need one open.  The shift opens at
 * the crossing the queue is at (its crossing filter, else the one
 * crossing of all its subjects), or at none when that is not clear.  The
 * status bar shows the open shift from the derived tables
 * (tui_session_facts), so nothing more is kept here.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "events.h"
#include "i18n.h"
#include "json.h"
#include "view.h"

const char *
view_crossing(const struct view *v)
{
	return v->ctx->crossing_filter[0] ? v->ctx->crossing_filter : v->ctx->crossing;
}

bool
view_shift_open(struct view *v)
{
	const char *crossing = view_crossing(v);
	char *payload = NULL;
	size_t len = 0, cap = 0;
	int64_t seq = 0, open = 0;
	struct diag d;

	diag_clear(&d);
	if (store_shift_open_id(v->ctx->store, v->ctx->user, &open, &d) == DIAG_OK && open > 0) {
		/* L10N: %lld is the shift's number. */
		view_message(v, _("Shift %lld is already open"), (long long)open);
		return false;
	}
	if (json_put_raw(&payload, &len, &cap, "{") != 0 ||
	    (crossing[0] && (json_put_raw(&payload, &len, &cap, "\"crossing\":") != 0 ||
			     json_put_string(&payload, &len, &cap, crossing) != 0)) ||
	    json_put_raw(&payload, &len, &cap, "}") != 0) {
		free(payload);
		view_message(v, "%s", _("out of memory"));
		return false;
	}
	if (events_append(v->ctx->store, v->ctx->vault, EVENT_SHIFT_OPEN, NULL, payload, &seq,
			  &d) != DIAG_OK) {
		free(payload);
		view_message(v, "%s", d.msg);
		return false;
	}
	free(payload);
	if (crossing[0])
		/* L10N: %lld is the shift's number, %s the crossing. */
		view_message(v, _("Shift %lld opened at %s"), (long long)seq, crossing);
	else
		view_message(v, _("Shift %lld opened"), (long long)seq);
	return true;
}

bool
view_shift_close(struct view *v)
{
	int64_t seq = 0, open = 0;
	struct diag d;

	diag_clear(&d);
	if (store_shift_open_id(v->ctx->store, v->ctx->user, &open, &d) != DIAG_OK || open == 0) {
		view_message(v, "%s", _("No shift is open"));
		return false;
	}
	if (events_append(v->ctx->store, v->ctx->vault, EVENT_SHIFT_CLOSE, NULL, NULL, &seq, &d) !=
	    DIAG_OK) {
		view_message(v, "%s", d.msg);
		return false;
	}
	view_message(v, _("Shift %lld closed"), (long long)open);
	return true;
}
