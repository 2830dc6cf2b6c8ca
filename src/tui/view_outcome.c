/* view_outcome: the outcome form, where an inspection is recorded.
 *
 * Opened on a subject (from its detail, or the queue's cursor).  It needs
 * the inspector's shift open: without one it says so and offers to open
 * it (Enter; Esc goes back).  With a shift, it starts the inspection
 * (EVENT_INSPECTION_START) unless one of this inspector's is already open
 * on the subject, and takes the start time from it
 * (store_inspection_started), so the outcome's timing is the
 * inspection's, not the form's.
 *
 * The form: the checks done (tick boxes), the result (a list), seizure
 * lines (F3 adds one, F4 removes the one under the cursor: commodity, HS
 * code, quantity and unit, value and currency, concealment and detection
 * methods) and notes.  What is typed lives in struct outcome_form below;
 * the rows of the form (form.h) are rebuilt from it before every draw and
 * key, so a resize or a line added loses nothing.
 *
 * F2 (or Enter on the last field) checks the form: first each field as
 * typed, then the whole outcome with outcome_validate(), whose message
 * names the field ("seizures[1].hs: ..."); the cursor goes there.  A good
 * form shows a summary; Enter there records it as a signed event
 * (EVENT_OUTCOME) and goes back, Esc returns to the form.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "form.h"
#include "i18n.h"
#include "outcome.h"
#include "subject.h"
#include "view.h"

struct seizure_line {
	char commodity[32], hs[16], quantity[24], unit[8], value[24], currency[8];
	char concealment[32], detection[32];
};

enum outcome_mode {
	MODE_NEED_SHIFT, /* no shift open: offer to open one */
	MODE_EDIT,
	MODE_CONFIRM,
};

struct outcome_form {
	int64_t id;
	char ref[STORE_TEXT_MAX];
	enum outcome_mode mode;
	char started[EVENT_TIME_LEN + 1];
	bool checks[OUTCOME_CHECKS_MAX];
	char result[32];
	char notes[512];
	struct seizure_line lines[OUTCOME_SEIZURES_MAX];
	size_t nlines;
	char headings[OUTCOME_SEIZURES_MAX][96];
	struct form form;
	struct pager summary;
};

/* --- Rows ----------------------------------------------------------------- */

static struct form_row *
row_text(struct form *f, const char *label, char *text, size_t size, const char *name)
{
	struct form_row *r = form_add(f, FORM_TEXT, label);

	if (r != NULL) {
		r->text = text;
		r->size = size;
		snprintf(r->name, sizeof(r->name), "%s", name);
	}
	return r;
}

static struct form_row *
row_choice(struct form *f, const char *label, char *text, size_t size, const char *name,
	   enum outcome_table t)
{
	struct form_row *r = row_text(f, label, text, size, name);

	if (r != NULL) {
		r->kind = FORM_CHOICE;
		r->codes = outcome_codes(t);
		r->required = true;
	}
	return r;
}

static void
outcome_rows(struct outcome_form *of)
{
	struct form *f = &of->form;
	const struct outcome_code *checks = outcome_codes(OUTCOME_CHECKS);
	struct form_row *r;
	char name[40];

	form_reset(f);
	/* L10N: headings of the outcome form. */
	form_add(f, FORM_HEADING, _("Checks done (Space ticks)"));
	for (size_t i = 0; checks[i].code && i < OUTCOME_CHECKS_MAX; i++) {
		if ((r = form_add(f, FORM_TOGGLE, _(checks[i].label))) != NULL) {
			r->on = &of->checks[i];
			snprintf(r->name, sizeof(r->name), "checks");
		}
	}
	form_add(f, FORM_HEADING, "");
	/* L10N: outcome form field labels, at most 15 columns. */
	row_choice(f, _("Result"), of->result, sizeof(of->result), "result", OUTCOME_RESULTS);
	for (size_t i = 0; i < of->nlines; i++) {
		struct seizure_line *l = &of->lines[i];
		char *heading = of->headings[i];

		form_add(f, FORM_HEADING, "");
		/* L10N: heading of seizure line %zu in the outcome form. */
		snprintf(heading, sizeof(of->headings[i]), _("Seizure line %zu (F4 removes it)"),
			 i + 1);
		form_add(f, FORM_HEADING, heading);
#define NAME(field) (snprintf(name, sizeof(name), "seizures[%d].%s", (int)(i + 1) % 100, field), name)
		row_choice(f, _("Commodity"), l->commodity, sizeof(l->commodity), NAME("commodity"),
			   OUTCOME_COMMODITIES);
		if ((r = row_text(f, _("HS code"), l->hs, sizeof(l->hs), NAME("hs"))) != NULL)
			r->check = FORM_CHECK_HS;
		if ((r = row_text(f, _("Quantity"), l->quantity, sizeof(l->quantity),
				  NAME("quantity"))) != NULL) {
			r->check = FORM_CHECK_DECIMAL;
			r->required = true;
		}
		row_choice(f, _("Unit"), l->unit, sizeof(l->unit), NAME("unit"), OUTCOME_UNITS);
		if ((r = row_text(f, _("Value"), l->value, sizeof(l->value), NAME("value"))) != NULL)
			r->check = FORM_CHECK_DECIMAL;
		if ((r = row_text(f, _("Currency"), l->currency, sizeof(l->currency),
				  NAME("currency"))) != NULL)
			r->check = FORM_CHECK_CURRENCY;
		row_choice(f, _("Concealment"), l->concealment, sizeof(l->concealment),
			   NAME("concealment"), OUTCOME_CONCEALMENTS);
		row_choice(f, _("Detection"), l->detection, sizeof(l->detection), NAME("detection"),
			   OUTCOME_DETECTIONS);
#undef NAME
		for (size_t k = f->n; k-- > 0 && f->rows[k].kind != FORM_HEADING;)
			f->rows[k].line = (int)i + 1;
	}
	form_add(f, FORM_HEADING, "");
	row_text(f, _("Notes"), of->notes, sizeof(of->notes), "notes");
	form_settle(f);
}

/* --- Opening: the shift and the inspection ---------------------------------- */

/* Start the inspection unless one is open; note when it started.  */
static enum diag_status
outcome_start(struct view *v, struct outcome_form *of, struct diag *d)
{
	enum diag_status rc;

	rc = store_inspection_started(v->ctx->store, of->ref, v->ctx->user, of->started, d);
	if (rc != DIAG_OK || of->started[0])
		return rc;
	rc = events_append(v->ctx->store, v->ctx->vault, EVENT_INSPECTION_START, of->ref, NULL,
			   NULL, d);
	if (rc != DIAG_OK)
		return rc;
	return store_inspection_started(v->ctx->store, of->ref, v->ctx->user, of->started, d);
}

static enum diag_status
outcome_begin(struct view *v, struct outcome_form *of, struct diag *d)
{
	int64_t shift = 0;
	enum diag_status rc;

	rc = store_shift_open_id(v->ctx->store, v->ctx->user, &shift, d);
	if (rc != DIAG_OK)
		return rc;
	if (shift == 0) {
		of->mode = MODE_NEED_SHIFT;
		return DIAG_OK;
	}
	if ((rc = outcome_start(v, of, d)) != DIAG_OK)
		return rc;
	of->mode = MODE_EDIT;
	return DIAG_OK;
}

static enum diag_status
outcome_open(struct view *v, int64_t id, struct diag *d)
{
	struct outcome_form *of;
	struct subject s;
	enum diag_status rc;

	if (v->ctx->vault == NULL)
		return diag_set(d, DIAG_NOPERM, NULL, 0, _("not signed in"));
	if ((of = calloc(1, sizeof(*of))) == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	pager_init(&of->summary);
	subject_init(&s, SUBJECT_CONSIGNMENT);
	rc = store_subject_get(v->ctx->store, id, &s, d);
	if (rc == DIAG_OK) {
		of->id = id;
		snprintf(of->ref, sizeof(of->ref), "%s", s.ref ? s.ref : "");
	}
	subject_clear(&s);
	if (rc == DIAG_OK)
		rc = outcome_begin(v, of, d);
	if (rc != DIAG_OK) {
		free(of);
		return rc;
	}
	v->priv = of;
	outcome_rows(of);
	return DIAG_OK;
}

static void
outcome_close(struct view *v)
{
	struct outcome_form *of = v->priv;

	pager_clear(&of->summary);
	view_wipe(of, sizeof(*of));
	free(of);
}

/* --- Checking and recording -------------------------------------------------- */

static int
set(char **field, const char *text)
{
	if (text == NULL || *text == '\0')
		return 0;
	return (*field = strdup(text)) == NULL ? -1 : 0;
}

/* The outcome as typed into O, ended now.  */
static int
outcome_collect(const struct outcome_form *of, struct outcome *o)
{
	const struct outcome_code *checks = outcome_codes(OUTCOME_CHECKS);
	char now[EVENT_TIME_LEN + 1];
	int bad = 0;

	events_now(now);
	for (size_t i = 0; checks[i].code && i < OUTCOME_CHECKS_MAX; i++)
		if (of->checks[i] && (o->checks[o->nchecks++] = strdup(checks[i].code)) == NULL)
			bad = -1;
	bad |= set(&o->result, of->result);
	for (size_t i = 0; i < of->nlines; i++) {
		const struct seizure_line *l = &of->lines[i];
		struct outcome_seizure *s = &o->seizures[o->nseizures++];

		bad |= set(&s->commodity, l->commodity) | set(&s->hs, l->hs) |
		       set(&s->quantity, l->quantity) | set(&s->unit, l->unit) |
		       set(&s->value, l->value) | set(&s->currency, l->currency) |
		       set(&s->concealment, l->concealment) | set(&s->detection, l->detection);
	}
	bad |= set(&o->notes, of->notes);
	bad |= set(&o->started, of->started);
	bad |= set(&o->ended, now);
	return bad;
}

/* The summary to confirm.  */
static bool
outcome_summarise(struct outcome_form *of, const struct outcome *o)
{
	struct text_lines *tl = &of->summary.lines;
	bool ok = true;

	pager_clear(&of->summary);
	/* L10N: the outcome summary, before it is recorded. */
	ok = ok && text_lines_add(tl, TEXT_HEADING, _("Record this outcome for %s?"), of->ref);
	ok = ok && text_lines_add(tl, TEXT_NORMAL, "%s", "");
	ok = ok && text_lines_add(tl, TEXT_NORMAL, _("  Result    %s"),
				  form_code_label(outcome_codes(OUTCOME_RESULTS), o->result));
	for (size_t i = 0; i < o->nchecks; i++)
		ok = ok && text_lines_add(tl, TEXT_NORMAL, _("  Check     %s"),
					  form_code_label(outcome_codes(OUTCOME_CHECKS),
							  o->checks[i]));
	ok = ok && text_lines_add(tl, TEXT_NORMAL, _("  Started   %s"), o->started);
	ok = ok && text_lines_add(tl, TEXT_NORMAL, _("  Ended     %s"), o->ended);
	for (size_t i = 0; i < o->nseizures; i++) {
		const struct outcome_seizure *s = &o->seizures[i];

		ok = ok && text_lines_add(tl, TEXT_NORMAL, "%s", "");
		ok = ok && text_lines_add(tl, TEXT_HEADING, _("  Seizure %zu"), i + 1);
		ok = ok && text_lines_add(
				   tl, TEXT_NORMAL, "    %s%s%s, %s %s",
				   form_code_label(outcome_codes(OUTCOME_COMMODITIES), s->commodity),
				   s->hs ? ", HS " : "", s->hs ? s->hs : "", s->quantity,
				   form_code_label(outcome_codes(OUTCOME_UNITS), s->unit));
		if (s->value)
			ok = ok && text_lines_add(tl, TEXT_NORMAL, _("    value %s %s"), s->value,
						  s->currency ? s->currency : "");
		ok = ok && text_lines_add(
				   tl, TEXT_NORMAL, _("    concealment: %s; detection: %s"),
				   form_code_label(outcome_codes(OUTCOME_CONCEALMENTS), s->concealment),
				   form_code_label(outcome_codes(OUTCOME_DETECTIONS), s->detection));
	}
	if (o->notes)
		ok = ok && text_lines_add(tl, TEXT_NORMAL, _("  Notes     %s"), o->notes);
	ok = ok && text_lines_add(tl, TEXT_NORMAL, "%s", "");
	ok = ok && text_lines_add(tl, TEXT_NORMAL, "%s",
				  _("Enter records it, signed; Esc goes back to the form."));
	return ok;
}

/* F2: check everything; a good form goes to the summary.  */
static unsigned
outcome_check(struct view *v, struct outcome_form *of)
{
	struct outcome o;
	struct diag d;
	char why[DIAG_MSG_MAX];
	bool any = false;

	for (size_t i = 0; i < OUTCOME_CHECKS_MAX; i++)
		any |= of->checks[i];
	if (form_problem(&of->form, why, sizeof(why))) {
		view_message(v, "%s", why);
		return VIEW_HANDLED;
	}
	if (!any) {
		of->form.cursor = 1;
		/* L10N: the outcome form is checked and no check is ticked. */
		view_message(v, "%s", _("checks: tick at least one check done"));
		return VIEW_HANDLED;
	}
	outcome_init(&o);
	diag_clear(&d);
	if (outcome_collect(of, &o) != 0) {
		view_message(v, "%s", _("out of memory"));
	} else if (outcome_validate(&o, NULL, &d) != DIAG_OK) {
		form_focus(&of->form, d.msg);
		view_message(v, "%s", d.msg);
	} else if (!outcome_summarise(of, &o)) {
		view_message(v, "%s", _("out of memory"));
	} else {
		of->mode = MODE_CONFIRM;
	}
	outcome_clear(&o);
	return VIEW_HANDLED;
}

/* Enter on the summary: the signed event.  */
static unsigned
outcome_record(struct view *v, struct outcome_form *of)
{
	struct outcome o;
	struct diag d;
	char *payload = NULL;
	int64_t seq = 0;
	enum diag_status rc;

	outcome_init(&o);
	diag_clear(&d);
	if (outcome_collect(of, &o) != 0 || (payload = outcome_to_json(&o)) == NULL) {
		outcome_clear(&o);
		view_message(v, "%s", _("out of memory"));
		return VIEW_HANDLED;
	}
	rc = events_append(v->ctx->store, v->ctx->vault, EVENT_OUTCOME, of->ref, payload, &seq, &d);
	view_wipe(payload, strlen(payload));
	free(payload);
	outcome_clear(&o);
	if (rc != DIAG_OK) {
		of->mode = MODE_EDIT;
		form_focus(&of->form, d.msg);
		view_message(v, "%s", d.msg);
		return VIEW_HANDLED;
	}
	/* An outcome is history: the subjects sharing a party or vehicle with
	 * this one were marked for scoring; score them now, so the queue and
	 * their explanations are current (nothing to do without rules).  */
	{
		struct store_score_stats stats;
		struct diag sd;

		diag_clear(&sd);
		(void)store_risk_score(v->ctx->store, 0, v->ctx->today[0] ? v->ctx->today : NULL,
				       &stats, &sd);
	}
	/* L10N: after an outcome is recorded; %s is the subject, %lld the event. */
	view_message(v, _("Outcome for %s recorded (event %lld)"), of->ref, (long long)seq);
	return VIEW_HANDLED | VIEW_BACK;
}

/* --- Operations ------------------------------------------------------------------ */

static void
outcome_draw(struct view *v)
{
	struct outcome_form *of = v->priv;

	switch (of->mode) {
	case MODE_NEED_SHIFT:
		/* L10N: the outcome form when no shift is open. */
		tui_draw_text(v->top + 1, 2, v->width - 2, tui_attr(ELEM_ERROR),
			      _("You have no shift open: an inspection needs one."));
		tui_draw_text(v->top + 3, 2, v->width - 2, A_NORMAL,
			      _("Enter opens your shift now and starts the inspection;"));
		tui_draw_text(v->top + 4, 2, v->width - 2, A_NORMAL, _("Esc goes back."));
		break;
	case MODE_EDIT:
		outcome_rows(of);
		form_draw(v, &of->form);
		break;
	case MODE_CONFIRM:
		pager_draw(v, &of->summary);
		break;
	}
}

static unsigned
outcome_input(struct view *v, int key)
{
	struct outcome_form *of = v->priv;

	if (of->mode != MODE_EDIT)
		return 0;
	outcome_rows(of);
	return form_input(v, &of->form, key);
}

static bool
outcome_last_field(const struct form *f)
{
	for (size_t i = f->cursor + 1; i < f->n; i++)
		if (f->rows[i].kind != FORM_HEADING)
			return false;
	return true;
}

static unsigned
outcome_edit(struct view *v, struct outcome_form *of, enum action_id action)
{
	struct form *f = &of->form;

	outcome_rows(of);
	switch (action) {
	case ACTION_FIELD_NEXT:
		if (outcome_last_field(f))
			return outcome_check(v, of);
		break;
	case ACTION_FORM_SAVE:
		return outcome_check(v, of);
	case ACTION_LINE_ADD:
		if (of->nlines == OUTCOME_SEIZURES_MAX)
			return VIEW_HANDLED;
		memset(&of->lines[of->nlines], 0, sizeof(of->lines[0]));
		of->nlines++;
		if (of->result[0] == '\0')
			snprintf(of->result, sizeof(of->result), "seizure");
		outcome_rows(of);
		/* The cursor to the new line's first field. */
		for (size_t i = 0; i < f->n; i++)
			if (f->rows[i].line == (int)of->nlines) {
				f->cursor = i;
				break;
			}
		return VIEW_HANDLED;
	case ACTION_LINE_REMOVE: {
		int line = f->cursor < f->n ? f->rows[f->cursor].line : 0;

		if (line == 0) {
			view_message(v, "%s", _("Put the cursor on a seizure line to remove it"));
			return VIEW_HANDLED;
		}
		memmove(&of->lines[line - 1], &of->lines[line],
			(of->nlines - (size_t)line) * sizeof(of->lines[0]));
		of->nlines--;
		view_wipe(&of->lines[of->nlines], sizeof(of->lines[0]));
		outcome_rows(of);
		return VIEW_HANDLED;
	}
	case ACTION_VIEW_CLOSE:
		/* L10N: the outcome form closed without recording. */
		view_message(v, "%s", _("Nothing recorded; the inspection stays open"));
		return VIEW_HANDLED | VIEW_BACK;
	default:
		break;
	}
	return form_handle(v, f, action);
}

static unsigned
outcome_handle(struct view *v, enum action_id action)
{
	struct outcome_form *of = v->priv;
	struct diag d;

	switch (of->mode) {
	case MODE_NEED_SHIFT:
		if (action == ACTION_FIELD_NEXT || action == ACTION_FORM_SAVE) {
			diag_clear(&d);
			if (!view_shift_open(v))
				return VIEW_HANDLED;
			if (outcome_begin(v, of, &d) != DIAG_OK)
				view_message(v, "%s", d.msg);
			return VIEW_HANDLED;
		}
		if (action == ACTION_VIEW_CLOSE)
			return VIEW_HANDLED | VIEW_BACK;
		return 0;
	case MODE_EDIT:
		return outcome_edit(v, of, action);
	case MODE_CONFIRM:
		if (action == ACTION_FIELD_NEXT || action == ACTION_FORM_SAVE)
			return outcome_record(v, of);
		if (action == ACTION_VIEW_CLOSE) {
			of->mode = MODE_EDIT;
			return VIEW_HANDLED;
		}
		return pager_handle(v, &of->summary, action);
	}
	return 0;
}

static void
outcome_title(struct view *v, char *buf, size_t size)
{
	struct outcome_form *of = v->priv;

	/* L10N: title of the outcome form; %s is the subject's reference. */
	snprintf(buf, size, _("Outcome of %s"), of->ref);
}

static void
outcome_status(struct view *v, char *buf, size_t size)
{
	struct outcome_form *of = v->priv;

	if (of->mode == MODE_EDIT && of->started[0])
		/* L10N: status bar of the outcome form: when the inspection started. */
		snprintf(buf, size, _("started %.5s"), of->started + 11);
	else
		buf[0] = '\0';
}

const struct view_ops view_outcome_ops = {
	.name = "outcome",
	.keymap = KEYMAP_FORM,
	.open = outcome_open,
	.draw = outcome_draw,
	.input = outcome_input,
	.handle = outcome_handle,
	.title = outcome_title,
	.status = outcome_status,
	.close = outcome_close,
	.suspend = NULL,
};
