/* view_rules: rule performance for supervisors (report.h, report_rules):
 * each rule's fired, inspected, found and hit rate beside random
 * selection, the control, as a pager; the sort key (ACTION_SORT) cycles
 * through rule order, fired, inspected, found and hit rate.  Inspectors
 * are refused when it opens.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "report.h"
#include "view.h"

struct rules_view {
	struct pager pager;
	int key; /* index into report_rule_keys */
};

static enum diag_status
rules_build(struct view *v, struct diag *d)
{
	struct rules_view *r = v->priv;
	struct store_rule_stats *s = NULL;
	enum diag_status rc;
	double control = -1;
	size_t n = 0;
	bool ok = true;

	if ((rc = report_rules(v->ctx->store, v->ctx->vault, report_rule_keys[r->key], &s, &n, d)))
		return rc;
	pager_clear(&r->pager);
	for (size_t i = 0; i < n; i++)
		if (strcmp(s[i].rule_id, "random") == 0)
			control = s[i].hit_rate;
	/* L10N: column heads of the rule performance screen; keep the widths. */
	ok = text_lines_add(&r->pager.lines, TEXT_HEADING, "%-24s %4s %7s %9s %6s %8s %9s",
			    _("Rule"), _("Ver"), _("Fired"), _("Inspected"), _("Found"),
			    _("Hit rate"), _("vs random"));
	for (size_t i = 0; ok && i < n; i++) {
		bool random = strcmp(s[i].rule_id, "random") == 0;
		char rate[32] = "-", ratio[32] = "-";

		if (s[i].hit_rate >= 0)
			snprintf(rate, sizeof rate, "%.1f%%", 100 * s[i].hit_rate);
		if (!random && s[i].hit_rate >= 0 && control > 0)
			snprintf(ratio, sizeof ratio, "%.2fx", s[i].hit_rate / control);
		ok = text_lines_add(&r->pager.lines, TEXT_NORMAL,
				    "%-24.24s %4d %7lld %9lld %6lld %8s %9s",
				    random ? _("random (control)") : s[i].rule_id, s[i].version,
				    (long long)s[i].fired, (long long)s[i].inspected,
				    (long long)s[i].findings, rate, ratio);
	}
	free(s);
	if (!ok)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	return DIAG_OK;
}

static enum diag_status
rules_open(struct view *v, int64_t arg, struct diag *d)
{
	struct rules_view *r;
	enum diag_status rc;

	(void)arg;
	if ((rc = report_allowed(v->ctx->vault, d)))
		return rc;
	if ((r = calloc(1, sizeof *r)) == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	pager_init(&r->pager);
	v->priv = r;
	if ((rc = rules_build(v, d))) {
		pager_clear(&r->pager);
		free(r);
		v->priv = NULL;
	}
	return rc;
}

static void
rules_close(struct view *v)
{
	struct rules_view *r = v->priv;

	if (r) {
		pager_clear(&r->pager);
		free(r);
	}
}

static void
rules_draw(struct view *v)
{
	struct rules_view *r = v->priv;

	pager_draw(v, &r->pager);
}

static unsigned
rules_handle(struct view *v, enum action_id action)
{
	struct rules_view *r = v->priv;
	struct diag d;

	if (action != ACTION_SORT)
		return pager_handle(v, &r->pager, action);
	r->key = report_rule_keys[r->key + 1] ? r->key + 1 : 0;
	diag_clear(&d);
	if (rules_build(v, &d))
		view_message(v, "%s", d.msg);
	else
		/* L10N: %s is the sort key: rule, fired, inspected, found, hit-rate. */
		view_message(v, _("Sorted by %s"), report_rule_keys[r->key]);
	return VIEW_HANDLED;
}

static void
rules_title(struct view *v, char *buf, size_t size)
{
	struct rules_view *r = v->priv;

	/* L10N: %s is the sort key.  */
	snprintf(buf, size, _("Rule performance, by %s"), r ? report_rule_keys[r->key] : "rule");
}

static void
rules_status(struct view *v, char *buf, size_t size)
{
	pager_status(v, &((struct rules_view *)v->priv)->pager, buf, size);
}

const struct view_ops view_rules_ops = {
	.name = "rules",
	.keymap = KEYMAP_SUPER,
	.open = rules_open,
	.draw = rules_draw,
	.input = NULL,
	.handle = rules_handle,
	.title = rules_title,
	.status = rules_status,
	.close = rules_close,
};
