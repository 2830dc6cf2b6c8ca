/* view_audit: the audit figures for supervisors (report.h, report_audit):
 * whether the event log's chain and signatures verify, the failed unlocks,
 * countersignatures and follow-up flags, and the newest lookups (who
 * searched for whom), as a pager.  Inspectors are refused when it opens.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "report.h"
#include "view.h"

#define AUDIT_LOOKUPS 200

static bool
audit_build(struct text_lines *tl, const struct report_audit *a)
{
	bool ok = true;

	if (a->chain_ok)
		ok = text_lines_add(tl, TEXT_NORMAL, "%-22s %lld %s", _("Event log"),
				    (long long)a->events, _("events: chain and signatures verified"));
	else
		ok = text_lines_add(tl, TEXT_HEADING, "%-22s %s %lld: %s", _("Event log"),
				    _("BROKEN at event"), (long long)a->bad_seq, a->why);
	ok = ok && text_lines_add(tl, TEXT_NORMAL, "%-22s %u", _("Failed unlocks"),
				  a->failed_unlocks);
	ok = ok && text_lines_add(tl, TEXT_NORMAL, "%-22s %lld", _("Shifts countersigned"),
				  (long long)a->countersigned);
	ok = ok && text_lines_add(tl, TEXT_NORMAL, "%-22s %lld", _("Follow-up flags"),
				  (long long)a->flags);
	ok = ok && text_lines_add(tl, TEXT_NORMAL, "%-22s %lld", _("Lookups"),
				  (long long)a->lookups);
	ok = ok && text_lines_add(tl, TEXT_NORMAL, "%s", "");
	ok = ok && text_lines_add(tl, TEXT_HEADING, "%6s  %-20s  %-12s  %s", _("Event"), _("Time"),
				  _("Who"), _("Searched for"));
	for (size_t i = 0; ok && i < a->nlookup; i++)
		ok = text_lines_add(tl, TEXT_NORMAL, "%6lld  %-20s  %-12.12s  %s",
				    (long long)a->lookup[i].seq, a->lookup[i].at, a->lookup[i].actor,
				    a->lookup[i].query);
	return ok;
}

static enum diag_status
audit_open(struct view *v, int64_t arg, struct diag *d)
{
	struct report_audit a;
	struct pager *p;
	enum diag_status rc;

	(void)arg;
	if ((rc = report_audit(v->ctx->store, v->ctx->vault, AUDIT_LOOKUPS, &a, d)))
		return rc;
	if ((p = calloc(1, sizeof *p)) == NULL) {
		report_audit_clear(&a);
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	}
	pager_init(p);
	if (!audit_build(&p->lines, &a)) {
		report_audit_clear(&a);
		pager_clear(p);
		free(p);
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	}
	report_audit_clear(&a);
	v->priv = p;
	return DIAG_OK;
}

static void
audit_close(struct view *v)
{
	pager_clear(v->priv);
	free(v->priv);
}

static void
audit_draw(struct view *v)
{
	pager_draw(v, v->priv);
}

static unsigned
audit_handle(struct view *v, enum action_id action)
{
	return pager_handle(v, v->priv, action);
}

static void
audit_title(struct view *v, char *buf, size_t size)
{
	(void)v;
	snprintf(buf, size, "%s", _("Audit"));
}

static void
audit_status(struct view *v, char *buf, size_t size)
{
	pager_status(v, v->priv, buf, size);
}

const struct view_ops view_audit_ops = {
	.name = "audit",
	.keymap = KEYMAP_SUPER,
	.open = audit_open,
	.draw = audit_draw,
	.input = NULL,
	.handle = audit_handle,
	.title = audit_title,
	.status = audit_status,
	.close = audit_close,
};
