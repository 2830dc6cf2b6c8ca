/* view_override: put a subject in another lane, with a reason.
 *
 * A two-field form (form.h): the lane and the reason, both required.  F2
 * (or Enter on the reason) records a signed lane-override event
 * (EVENT_LANE_OVERRIDE); the event log moves the subject's lane at once
 * and later scorings keep it, so the queue below shows it when this view
 * closes.  The explanation in the detail view names the override and its
 * reason.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "form.h"
#include "i18n.h"
#include "json.h"
#include "subject.h"
#include "view.h"

static const struct outcome_code lanes[] = {
	/* L10N: the lanes an override can choose. */
	{"red", N_("red: examine")},
	{"yellow", N_("yellow: check documents")},
	{"green", N_("green: release")},
	{NULL, NULL},
};

struct override_form {
	int64_t id;
	char ref[STORE_TEXT_MAX];
	char lane[16];
	char reason[400];
	struct form form;
};

static void
override_rows(struct override_form *of)
{
	struct form *f = &of->form;
	struct form_row *r;

	form_reset(f);
	/* L10N: heading of the lane override form. */
	form_add(f, FORM_HEADING, _("Put this subject in another lane"));
	form_add(f, FORM_HEADING, "");
	if ((r = form_add(f, FORM_CHOICE, _("Lane"))) != NULL) {
		r->text = of->lane;
		r->size = sizeof(of->lane);
		r->codes = lanes;
		r->required = true;
		snprintf(r->name, sizeof(r->name), "lane");
	}
	/* L10N: field of the lane override form. */
	if ((r = form_add(f, FORM_TEXT, _("Reason"))) != NULL) {
		r->text = of->reason;
		r->size = sizeof(of->reason);
		r->required = true;
		snprintf(r->name, sizeof(r->name), "reason");
	}
	form_settle(f);
}

static enum diag_status
override_open(struct view *v, int64_t id, struct diag *d)
{
	struct override_form *of;
	struct subject s;
	enum diag_status rc;

	if (v->ctx->vault == NULL)
		return diag_set(d, DIAG_NOPERM, NULL, 0, _("not signed in"));
	if ((of = calloc(1, sizeof(*of))) == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	subject_init(&s, SUBJECT_CONSIGNMENT);
	rc = store_subject_get(v->ctx->store, id, &s, d);
	if (rc == DIAG_OK) {
		of->id = id;
		snprintf(of->ref, sizeof(of->ref), "%s", s.ref ? s.ref : "");
		if (s.lane != LANE_NONE)
			snprintf(of->lane, sizeof(of->lane), "%s", subject_lane_name(s.lane));
	}
	subject_clear(&s);
	if (rc != DIAG_OK) {
		free(of);
		return rc;
	}
	v->priv = of;
	override_rows(of);
	return DIAG_OK;
}

static void
override_close(struct view *v)
{
	view_wipe(v->priv, sizeof(struct override_form));
	free(v->priv);
}

static unsigned
override_save(struct view *v, struct override_form *of)
{
	char why[DIAG_MSG_MAX];
	char *payload = NULL;
	size_t len = 0, cap = 0;
	int64_t seq = 0;
	struct diag d;
	enum diag_status rc;

	if (form_problem(&of->form, why, sizeof(why))) {
		view_message(v, "%s", why);
		return VIEW_HANDLED;
	}
	if (json_put_raw(&payload, &len, &cap, "{\"lane\":") != 0 ||
	    json_put_string(&payload, &len, &cap, of->lane) != 0 ||
	    json_put_raw(&payload, &len, &cap, ",\"reason\":") != 0 ||
	    json_put_string(&payload, &len, &cap, of->reason) != 0 ||
	    json_put_raw(&payload, &len, &cap, "}") != 0) {
		free(payload);
		view_message(v, "%s", _("out of memory"));
		return VIEW_HANDLED;
	}
	diag_clear(&d);
	rc = events_append(v->ctx->store, v->ctx->vault, EVENT_LANE_OVERRIDE, of->ref, payload,
			   &seq, &d);
	free(payload);
	if (rc != DIAG_OK) {
		form_focus(&of->form, d.msg);
		view_message(v, "%s", d.msg);
		return VIEW_HANDLED;
	}
	/* L10N: after a lane override; %s the subject, then the lane. */
	view_message(v, _("%s is now in lane %s (event %lld)"), of->ref, of->lane, (long long)seq);
	return VIEW_HANDLED | VIEW_BACK;
}

static void
override_draw(struct view *v)
{
	struct override_form *of = v->priv;

	override_rows(of);
	form_draw(v, &of->form);
}

static unsigned
override_input(struct view *v, int key)
{
	struct override_form *of = v->priv;

	override_rows(of);
	return form_input(v, &of->form, key);
}

static unsigned
override_handle(struct view *v, enum action_id action)
{
	struct override_form *of = v->priv;

	override_rows(of);
	switch (action) {
	case ACTION_FORM_SAVE:
		return override_save(v, of);
	case ACTION_FIELD_NEXT:
		if (of->form.cursor + 1 >= of->form.n)
			return override_save(v, of);
		break;
	case ACTION_VIEW_CLOSE:
		view_message(v, "%s", _("The lane is unchanged"));
		return VIEW_HANDLED | VIEW_BACK;
	default:
		break;
	}
	return form_handle(v, &of->form, action);
}

static void
override_title(struct view *v, char *buf, size_t size)
{
	struct override_form *of = v->priv;

	/* L10N: title of the lane override form. */
	snprintf(buf, size, _("Lane override of %s"), of->ref);
}

static void
override_status(struct view *v, char *buf, size_t size)
{
	(void)v;
	buf[0] = '\0';
}

const struct view_ops view_override_ops = {
	.name = "override",
	.keymap = KEYMAP_FORM,
	.open = override_open,
	.draw = override_draw,
	.input = override_input,
	.handle = override_handle,
	.title = override_title,
	.status = override_status,
	.close = override_close,
	.suspend = NULL,
};
