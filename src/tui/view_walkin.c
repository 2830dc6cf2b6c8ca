/* view_walkin: a traveller, vehicle or consignment not on any manifest.
 *
 * A small form (form.h): the kind, then the name (a traveller), the plate
 * (a vehicle) or the reference (a consignment), the country (nationality,
 * plate country or origin), the date of birth of a traveller, and a note.
 * F2 (or Enter on the last field) stores the subject through the store API
 * and appends the walk-in event (EVENT_WALK_IN) in one transaction
 * (store_begin, store_subject_put, events_append, store_commit), then
 * scores what is new (store_risk_score) so the subject takes its place in
 * the queue with its lane.  A traveller or vehicle gets a reference of its
 * own, "WI-" and the time, made unique.
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

static const struct outcome_code kinds[] = {
	/* L10N: the kinds of walk-in. */
	{"traveller", N_("a person on foot or a passenger")},
	{"vehicle", N_("a vehicle and its driver")},
	{"consignment", N_("goods")},
	{NULL, NULL},
};

struct walkin_form {
	char kind[16];
	char name[STORE_TEXT_MAX];
	char country[8];
	char born[16];
	char note[256];
	struct form form;
};

static struct form_row *
walkin_text(struct form *f, const char *label, char *text, size_t size, const char *name)
{
	struct form_row *r = form_add(f, FORM_TEXT, label);

	if (r != NULL) {
		r->text = text;
		r->size = size;
		snprintf(r->name, sizeof(r->name), "%s", name);
	}
	return r;
}

static void
walkin_rows(struct walkin_form *w)
{
	struct form *f = &w->form;
	struct form_row *r;
	const char *label;

	form_reset(f);
	/* L10N: heading of the walk-in form. */
	form_add(f, FORM_HEADING, _("Someone or something not on any manifest"));
	form_add(f, FORM_HEADING, "");
	/* L10N: walk-in form field labels, at most 15 columns. */
	if ((r = form_add(f, FORM_CHOICE, _("Kind"))) != NULL) {
		r->text = w->kind;
		r->size = sizeof(w->kind);
		r->codes = kinds;
		r->required = true;
		snprintf(r->name, sizeof(r->name), "kind");
	}
	if (strcmp(w->kind, "vehicle") == 0)
		label = _("Plate");
	else if (strcmp(w->kind, "consignment") == 0)
		label = _("Reference");
	else
		label = _("Name");
	if ((r = walkin_text(f, label, w->name, sizeof(w->name), "name")) != NULL)
		r->required = true;
	if ((r = walkin_text(f, _("Country"), w->country, sizeof(w->country), "country")) != NULL)
		r->check = FORM_CHECK_COUNTRY;
	if (strcmp(w->kind, "traveller") == 0 &&
	    (r = walkin_text(f, _("Date of birth"), w->born, sizeof(w->born), "born")) != NULL)
		r->check = FORM_CHECK_DATE;
	walkin_text(f, _("Note"), w->note, sizeof(w->note), "note");
	form_settle(f);
}

static enum diag_status
walkin_open(struct view *v, int64_t arg, struct diag *d)
{
	struct walkin_form *w;

	(void)arg;
	if (v->ctx->vault == NULL)
		return diag_set(d, DIAG_NOPERM, NULL, 0, _("not signed in"));
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	snprintf(w->kind, sizeof(w->kind), "traveller");
	v->priv = w;
	walkin_rows(w);
	return DIAG_OK;
}

static void
walkin_close(struct view *v)
{
	view_wipe(v->priv, sizeof(struct walkin_form));
	free(v->priv);
}

/* S filled in from the form; false when out of memory.  */
static bool
walkin_subject(struct view *v, const struct walkin_form *w, struct subject *s, const char *ref,
	       const char *now)
{
	const char *crossing = view_crossing(v);
	bool ok = true;

	s->ref = subject_strdup(ref);
	s->arrival = subject_strdup(now);
	s->crossing = crossing[0] ? subject_strdup(crossing) : NULL;
	ok = s->ref && s->arrival && (!crossing[0] || s->crossing);
	switch (s->kind) {
	case SUBJECT_TRAVELLER:
		s->name = subject_strdup(w->name);
		s->nationality = w->country[0] ? subject_strdup(w->country) : NULL;
		s->birth_date = w->born[0] ? subject_strdup(w->born) : NULL;
		ok = ok && s->name;
		break;
	case SUBJECT_VEHICLE:
		s->plate = subject_strdup(w->name);
		s->plate_country = w->country[0] ? subject_strdup(w->country) : NULL;
		ok = ok && s->plate;
		break;
	case SUBJECT_CONSIGNMENT:
		if (w->country[0])
			ok = ok && subject_add_route(s, w->country);
		break;
	}
	return ok;
}

/* The time the interface shows ("2026-11-24T09:05Z", or DOUANE_NOW's
 * full form) as "YYYY-MM-DDTHH:MM:SSZ": the walk-in arrives when the
 * inspector sees it arrive.  The clock's time when there is none.  */
static void
walkin_now(const struct view *v, char now[EVENT_TIME_LEN + 1])
{
	const char *shown = v->ctx->now;
	size_t len = strlen(shown);

	events_now(now);
	if ((len == 17 || len == 20) && shown[10] == 'T' && shown[len - 1] == 'Z')
		snprintf(now, EVENT_TIME_LEN + 1, "%.16s%s", shown,
			 len == 20 ? shown + 16 : ":00Z");
}

/* A reference of its own for a traveller or vehicle: WI-20261124090000,
 * then -2, -3 ... when taken.  */
static enum diag_status
walkin_ref(struct view *v, const char *now, char *ref, size_t size, struct diag *d)
{
	int64_t id = 0;
	enum diag_status rc;

	snprintf(ref, size, "WI-%.4s%.2s%.2s%.2s%.2s%.2s", now, now + 5, now + 8, now + 11,
		 now + 14, now + 17);
	for (int n = 2; n < 1000; n++) {
		diag_clear(d);
		rc = store_subject_find(v->ctx->store, ref, &id, d);
		if (rc == DIAG_NOINPUT || (rc == DIAG_OK && id == 0))
			return DIAG_OK;
		if (rc != DIAG_OK)
			return rc;
		snprintf(ref + 17, size - 17, "-%d", n);
	}
	return diag_set(d, DIAG_DATA, NULL, 0, "%s", _("no free reference"));
}

static unsigned
walkin_save(struct view *v, struct walkin_form *w)
{
	char why[DIAG_MSG_MAX], ref[STORE_TEXT_MAX], now[EVENT_TIME_LEN + 1];
	char *payload = NULL;
	size_t len = 0, cap = 0;
	enum subject_kind kind;
	struct subject s;
	struct store_score_stats stats;
	int64_t id = 0;
	struct diag d;
	enum diag_status rc;

	if (form_problem(&w->form, why, sizeof(why))) {
		view_message(v, "%s", why);
		return VIEW_HANDLED;
	}
	if (!subject_kind_parse(w->kind, &kind))
		return VIEW_HANDLED;
	walkin_now(v, now);
	diag_clear(&d);
	if (kind == SUBJECT_CONSIGNMENT) {
		snprintf(ref, sizeof(ref), "%s", w->name);
		rc = store_subject_find(v->ctx->store, ref, &id, &d);
		if (rc == DIAG_OK && id > 0) {
			form_focus(&w->form, "name");
			/* L10N: a walk-in consignment whose reference is taken. */
			view_message(v, _("name: %s is already in the queue"), ref);
			return VIEW_HANDLED;
		}
	} else if ((rc = walkin_ref(v, now, ref, sizeof(ref), &d)) != DIAG_OK) {
		view_message(v, "%s", d.msg);
		return VIEW_HANDLED;
	}
	if (json_put_raw(&payload, &len, &cap, "{\"kind\":") != 0 ||
	    json_put_string(&payload, &len, &cap, w->kind) != 0 ||
	    json_put_raw(&payload, &len, &cap, ",\"name\":") != 0 ||
	    json_put_string(&payload, &len, &cap, w->name) != 0 ||
	    (w->note[0] && (json_put_raw(&payload, &len, &cap, ",\"note\":") != 0 ||
			    json_put_string(&payload, &len, &cap, w->note) != 0)) ||
	    json_put_raw(&payload, &len, &cap, "}") != 0) {
		free(payload);
		view_message(v, "%s", _("out of memory"));
		return VIEW_HANDLED;
	}
	subject_init(&s, kind);
	diag_clear(&d);
	if (!walkin_subject(v, w, &s, ref, now)) {
		rc = diag_set(&d, DIAG_SOFTWARE, NULL, 0, "%s", _("out of memory"));
	} else if ((rc = store_begin(v->ctx->store, &d)) == DIAG_OK) {
		rc = store_subject_put(v->ctx->store, &s, 0, false, &d);
		if (rc == DIAG_OK)
			rc = events_append(v->ctx->store, v->ctx->vault, EVENT_WALK_IN, ref, payload,
					   NULL, &d);
		if (rc == DIAG_OK)
			rc = store_commit(v->ctx->store, &d);
		if (rc != DIAG_OK)
			store_rollback(v->ctx->store);
	}
	subject_clear(&s);
	view_wipe(payload, len);
	free(payload);
	if (rc != DIAG_OK) {
		view_message(v, "%s", d.msg);
		return VIEW_HANDLED;
	}
	/* Its lane: score what is new (nothing to do without a rule set). */
	diag_clear(&d);
	rc = store_risk_score(v->ctx->store, 0, v->ctx->today[0] ? v->ctx->today : NULL, &stats,
			      &d);
	if (rc != DIAG_OK && rc != DIAG_NOINPUT) {
		/* L10N: a walk-in stored but not scored; %s says why. */
		view_message(v, _("%s added, not scored: %s"), ref, d.msg);
		return VIEW_HANDLED | VIEW_BACK;
	}
	/* L10N: after a walk-in is added; %s is its reference. */
	view_message(v, _("%s added to the queue"), ref);
	return VIEW_HANDLED | VIEW_BACK;
}

static void
walkin_draw(struct view *v)
{
	struct walkin_form *w = v->priv;

	walkin_rows(w);
	form_draw(v, &w->form);
}

static unsigned
walkin_input(struct view *v, int key)
{
	struct walkin_form *w = v->priv;

	walkin_rows(w);
	return form_input(v, &w->form, key);
}

static unsigned
walkin_handle(struct view *v, enum action_id action)
{
	struct walkin_form *w = v->priv;

	walkin_rows(w);
	switch (action) {
	case ACTION_FORM_SAVE:
		return walkin_save(v, w);
	case ACTION_FIELD_NEXT:
		if (w->form.cursor + 1 >= w->form.n)
			return walkin_save(v, w);
		break;
	case ACTION_VIEW_CLOSE:
		view_message(v, "%s", _("Nothing added"));
		return VIEW_HANDLED | VIEW_BACK;
	default:
		break;
	}
	return form_handle(v, &w->form, action);
}

static void
walkin_title(struct view *v, char *buf, size_t size)
{
	(void)v;
	/* L10N: title of the walk-in form. */
	snprintf(buf, size, "%s", _("Walk-in"));
}

static void
walkin_status(struct view *v, char *buf, size_t size)
{
	(void)v;
	buf[0] = '\0';
}

const struct view_ops view_walkin_ops = {
	.name = "walk-in",
	.keymap = KEYMAP_FORM,
	.open = walkin_open,
	.draw = walkin_draw,
	.input = walkin_input,
	.handle = walkin_handle,
	.title = walkin_title,
	.status = walkin_status,
	.close = walkin_close,
	.suspend = NULL,
};
