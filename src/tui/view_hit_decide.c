/* view_hit_decide: confirm or dismiss a watchlist hit, with a reason.
 *
 * A two-field form (form.h) on one hit (the hits view's selected one):
 * the decision and the reason, both required.  F2 (or Enter on the
 * reason) appends a signed hit-decision event (EVENT_HIT_DECISION,
 * {"hit":ID,"decision":"confirmed|dismissed","reason":TEXT}); the event
 * log applies it to the hit (store_screen_decide) and marks the subject
 * for scoring, which is done at once (store_risk_score, as after an
 * outcome) so the lane follows the decision.  A dismissed pair is not
 * raised again by later screenings unless the name or the entry changes.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "form.h"
#include "i18n.h"
#include "json.h"
#include "view.h"

static const struct outcome_code decisions[] = {
	/* L10N: the decisions on a watchlist hit. */
	{"confirmed", N_("confirmed: it is the listed party")},
	{"dismissed", N_("dismissed: not the listed party")},
	{NULL, NULL},
};

struct decide_form {
	int64_t hit;
	char ref[STORE_TEXT_MAX];
	char heading[256], matched[256];
	char decision[16];
	char reason[400];
	struct form form;
};

static void
decide_rows(struct decide_form *df)
{
	struct form *f = &df->form;
	struct form_row *r;

	form_reset(f);
	form_add(f, FORM_HEADING, df->heading);
	form_add(f, FORM_HEADING, df->matched);
	form_add(f, FORM_HEADING, "");
	/* L10N: fields of the hit decision form, at most 15 columns. */
	if ((r = form_add(f, FORM_CHOICE, _("Decision"))) != NULL) {
		r->text = df->decision;
		r->size = sizeof df->decision;
		r->codes = decisions;
		r->required = true;
		snprintf(r->name, sizeof r->name, "decision");
	}
	if ((r = form_add(f, FORM_TEXT, _("Reason"))) != NULL) {
		r->text = df->reason;
		r->size = sizeof df->reason;
		r->required = true;
		snprintf(r->name, sizeof r->name, "reason");
	}
	form_settle(f);
}

/* The hit's lines for the form's headings, found among its subject's. */
static enum diag_status
decide_find(void *ctx, const struct store_screen_hit *h)
{
	struct decide_form *df = ctx;

	if (h->id != df->hit)
		return DIAG_OK;
	/* L10N: the hit decided on: its number, score, role and name. */
	snprintf(df->heading, sizeof df->heading, _("Hit %lld (%.2f): %s %s"), (long long)h->id,
		 h->score, h->role ? h->role : "", h->name ? h->name : "");
	/* L10N: what the hit matched: the alias and its list. */
	snprintf(df->matched, sizeof df->matched, _("matches %s on %s"), h->alias ? h->alias : "",
		 h->list_source ? h->list_source : "-");
	if (h->decision == SCREEN_CONFIRMED || h->decision == SCREEN_DISMISSED)
		snprintf(df->decision, sizeof df->decision, "%s",
			 h->decision == SCREEN_CONFIRMED ? "confirmed" : "dismissed");
	return DIAG_OK;
}

static enum diag_status
decide_open(struct view *v, int64_t hit, struct diag *d)
{
	struct decide_form *df;
	int64_t subject = 0;
	enum diag_status rc;

	if (v->ctx->vault == NULL)
		return diag_set(d, DIAG_NOPERM, NULL, 0, "%s", _("not signed in"));
	if ((df = calloc(1, sizeof *df)) == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, "%s", _("out of memory"));
	df->hit = hit;
	rc = store_screen_hit_ref(v->ctx->store, hit, df->ref, sizeof df->ref, d);
	if (rc == DIAG_OK)
		rc = store_subject_find(v->ctx->store, df->ref, &subject, d);
	if (rc == DIAG_OK && subject != 0)
		rc = store_screen_hits(v->ctx->store, subject, decide_find, df, d);
	if (rc != DIAG_OK) {
		free(df);
		return rc;
	}
	v->priv = df;
	decide_rows(df);
	return DIAG_OK;
}

static void
decide_close(struct view *v)
{
	view_wipe(v->priv, sizeof(struct decide_form));
	free(v->priv);
}

static unsigned
decide_save(struct view *v, struct decide_form *df)
{
	char why[DIAG_MSG_MAX], head[64];
	char *payload = NULL;
	size_t len = 0, cap = 0;
	int64_t seq = 0;
	struct diag d;
	enum diag_status rc;

	if (form_problem(&df->form, why, sizeof why)) {
		view_message(v, "%s", why);
		return VIEW_HANDLED;
	}
	snprintf(head, sizeof head, "{\"hit\":%lld,\"decision\":", (long long)df->hit);
	if (json_put_raw(&payload, &len, &cap, head) != 0 ||
	    json_put_string(&payload, &len, &cap, df->decision) != 0 ||
	    json_put_raw(&payload, &len, &cap, ",\"reason\":") != 0 ||
	    json_put_string(&payload, &len, &cap, df->reason) != 0 ||
	    json_put_raw(&payload, &len, &cap, "}") != 0) {
		free(payload);
		view_message(v, "%s", _("out of memory"));
		return VIEW_HANDLED;
	}
	diag_clear(&d);
	rc = events_append(v->ctx->store, v->ctx->vault, EVENT_HIT_DECISION, df->ref, payload,
			   &seq, &d);
	view_wipe(payload, len);
	free(payload);
	if (rc != DIAG_OK) {
		form_focus(&df->form, d.msg);
		view_message(v, "%s", d.msg);
		return VIEW_HANDLED;
	}
	/* The subject was marked for scoring: score it now, so the lane
	 * follows (nothing to do without rules).  */
	{
		struct store_score_stats stats;
		struct diag sd;

		diag_clear(&sd);
		(void)store_risk_score(v->ctx->store, 0, v->ctx->today[0] ? v->ctx->today : NULL,
				       &stats, &sd);
	}
	if (strcmp(df->decision, "confirmed") == 0)
		/* L10N: after a decision on a hit; %lld the hit, then the event. */
		view_message(v, _("Hit %lld confirmed (event %lld)"), (long long)df->hit,
			     (long long)seq);
	else
		view_message(v, _("Hit %lld dismissed (event %lld)"), (long long)df->hit,
			     (long long)seq);
	return VIEW_HANDLED | VIEW_BACK;
}

static void
decide_draw(struct view *v)
{
	struct decide_form *df = v->priv;

	decide_rows(df);
	form_draw(v, &df->form);
}

static unsigned
decide_input(struct view *v, int key)
{
	struct decide_form *df = v->priv;

	decide_rows(df);
	return form_input(v, &df->form, key);
}

static unsigned
decide_handle(struct view *v, enum action_id action)
{
	struct decide_form *df = v->priv;

	decide_rows(df);
	switch (action) {
	case ACTION_FORM_SAVE:
		return decide_save(v, df);
	case ACTION_FIELD_NEXT:
		if (df->form.cursor + 1 >= df->form.n)
			return decide_save(v, df);
		break;
	case ACTION_VIEW_CLOSE:
		/* L10N: the hit decision form closed without recording. */
		view_message(v, "%s", _("No decision recorded"));
		return VIEW_HANDLED | VIEW_BACK;
	default:
		break;
	}
	return form_handle(v, &df->form, action);
}

static void
decide_title(struct view *v, char *buf, size_t size)
{
	struct decide_form *df = v->priv;

	/* L10N: title of the hit decision form; %s the subject's reference. */
	snprintf(buf, size, _("Decision on a hit of %s"), df->ref);
}

static void
decide_status(struct view *v, char *buf, size_t size)
{
	(void)v;
	buf[0] = '\0';
}

const struct view_ops view_hit_decide_ops = {
	.name = "hit-decision",
	.keymap = KEYMAP_FORM,
	.open = decide_open,
	.draw = decide_draw,
	.input = decide_input,
	.handle = decide_handle,
	.title = decide_title,
	.status = decide_status,
	.close = decide_close,
	.suspend = NULL,
};
