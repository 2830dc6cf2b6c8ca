/* view_lookup: look a name up on the watchlists, at the desk.
 *
 * Three screens over one state (struct lookup_state, in the context, so
 * the query typed stays for the session and goes with the lock):
 *
 *   the form (F in the queue): name, and optionally date of birth,
 *     country and kind.  Enter or F2 screens it against every loaded
 *     watchlist (screen_query_run); the index is built on the first
 *     lookup (store_screen_index) and kept in the context until the vault
 *     closes.  Every lookup is recorded first, signed: who searched for
 *     whom, and when (screen_lookup_record, EVENT_LOOKUP); a lookup that
 *     cannot be recorded shows nothing.
 *   the results: score, list, reference, kind and alias matched, best
 *     first; Enter opens one.
 *   the entry: the hit's explanation (the lines `douane screen` prints)
 *     and the watchlist entry as stored (store_wl_entry_get): names and
 *     aliases with their quality, birth dates and places, nationalities,
 *     documents, addresses, list, programme, reason.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "i18n.h"
#include "ref.h"
#include "screen.h"
#include "screen_explain.h"
#include "screen_lookup.h"
#include "view.h"

#define LOOKUP_MAX 20

struct lookup_state {
	char name[256], dob[16], country[8], kind[16];
	char query[256]; /* the name of the results shown */
	struct screen_hit hits[LOOKUP_MAX];
	char *explain[LOOKUP_MAX];
	size_t n;
};

static const struct outcome_code kinds[] = {
	/* L10N: kinds of watchlist entry a lookup can ask for. */
	{"person", N_("person")},
	{"company", N_("company")},
	{"vessel", N_("vessel")},
	{"vehicle", N_("vehicle")},
	{"aircraft", N_("aircraft")},
	{NULL, NULL},
};

static void
lookup_results_clear(struct lookup_state *ls)
{
	for (size_t i = 0; i < ls->n; i++) {
		if (ls->explain[i])
			view_wipe(ls->explain[i], strlen(ls->explain[i]));
		free(ls->explain[i]);
		ls->explain[i] = NULL;
	}
	ls->n = 0;
}

void
view_lookup_forget(struct view_context *ctx)
{
	if (ctx->lookup) {
		lookup_results_clear(ctx->lookup);
		view_wipe(ctx->lookup, sizeof *ctx->lookup);
		free(ctx->lookup);
		ctx->lookup = NULL;
	}
	screen_index_free(ctx->screen_index);
	ctx->screen_index = NULL;
}

/* --- The form ------------------------------------------------------------------ */

struct lookup_form {
	struct form form;
};

static void
lookup_rows(struct view *v, struct lookup_form *lf)
{
	struct lookup_state *ls = v->ctx->lookup;
	struct form *f = &lf->form;
	struct form_row *r;

	form_reset(f);
	/* L10N: heading of the lookup form. */
	form_add(f, FORM_HEADING, _("Look a name up on the watchlists (the lookup is recorded)"));
	form_add(f, FORM_HEADING, "");
	/* L10N: fields of the lookup form, at most 15 columns. */
	if ((r = form_add(f, FORM_TEXT, _("Name"))) != NULL) {
		r->text = ls->name;
		r->size = sizeof ls->name;
		r->required = true;
		snprintf(r->name, sizeof r->name, "name");
	}
	if ((r = form_add(f, FORM_TEXT, _("Born"))) != NULL) {
		r->text = ls->dob;
		r->size = sizeof ls->dob;
		r->check = FORM_CHECK_DATE;
		snprintf(r->name, sizeof r->name, "dob");
	}
	if ((r = form_add(f, FORM_TEXT, _("Country"))) != NULL) {
		r->text = ls->country;
		r->size = sizeof ls->country;
		r->check = FORM_CHECK_COUNTRY;
		snprintf(r->name, sizeof r->name, "country");
	}
	if ((r = form_add(f, FORM_CHOICE, _("Kind"))) != NULL) {
		r->text = ls->kind;
		r->size = sizeof ls->kind;
		r->codes = kinds;
		snprintf(r->name, sizeof r->name, "kind");
	}
	form_settle(f);
}

static enum diag_status
lookup_open(struct view *v, int64_t arg, struct diag *d)
{
	struct lookup_form *lf;

	(void)arg;
	if (v->ctx->vault == NULL)
		return diag_set(d, DIAG_NOPERM, NULL, 0, "%s", _("not signed in"));
	if (v->ctx->lookup == NULL && (v->ctx->lookup = calloc(1, sizeof *v->ctx->lookup)) == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, "%s", _("out of memory"));
	if ((lf = calloc(1, sizeof *lf)) == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, "%s", _("out of memory"));
	v->priv = lf;
	lookup_rows(v, lf);
	return DIAG_OK;
}

static void
lookup_close(struct view *v)
{
	free(v->priv);
}

/* Screen the name typed, record the lookup, show the results.  */
static unsigned
lookup_run(struct view *v, struct lookup_form *lf)
{
	struct lookup_state *ls = v->ctx->lookup;
	struct screen_query q = {ls->name, NULL, NULL, 0, NULL};
	char why[DIAG_MSG_MAX];
	struct diag d;
	size_t n = 0;

	if (form_problem(&lf->form, why, sizeof why)) {
		view_message(v, "%s", why);
		return VIEW_HANDLED;
	}
	q.dob = ls->dob[0] ? ls->dob : NULL;
	q.country = ls->country[0] ? ls->country : NULL;
	if (ls->kind[0] && !screen_kind_parse(ls->kind, &q.kind))
		q.kind = 0;
	diag_clear(&d);
	if (v->ctx->screen_index == NULL &&
	    store_screen_index(v->ctx->store, &v->ctx->screen_index, &d) != DIAG_OK) {
		view_message(v, "%s", d.msg);
		return VIEW_HANDLED;
	}
	lookup_results_clear(ls);
	if (screen_query_run(v->ctx->screen_index, &q, SCREEN_THRESHOLD, ls->hits, LOOKUP_MAX, &n,
			     &d) != DIAG_OK) {
		form_focus(&lf->form, "name:");
		view_message(v, "%s", d.msg);
		return VIEW_HANDLED;
	}
	/* Recorded before anything is shown.  */
	if (screen_lookup_record(v->ctx->store, v->ctx->vault, ls->name, n, NULL, &d) != DIAG_OK) {
		view_message(v, "%s", d.msg);
		return VIEW_HANDLED;
	}
	for (size_t i = 0; i < n; i++)
		ls->explain[i] = screen_explain_json(v->ctx->screen_index, &q, &ls->hits[i]);
	ls->n = n;
	snprintf(ls->query, sizeof ls->query, "%s", ls->name);
	v->ctx->push_ops = &view_lookup_results_ops;
	v->ctx->push_arg = 0;
	return VIEW_HANDLED | VIEW_PUSH;
}

static void
lookup_draw(struct view *v)
{
	struct lookup_form *lf = v->priv;

	lookup_rows(v, lf);
	form_draw(v, &lf->form);
}

static unsigned
lookup_input(struct view *v, int key)
{
	struct lookup_form *lf = v->priv;

	lookup_rows(v, lf);
	/* Enter screens at once, from any field; Tab and Down move. */
	if (key == ACTION_KEY_ENTER)
		return lookup_run(v, lf);
	return form_input(v, &lf->form, key);
}

static unsigned
lookup_handle(struct view *v, enum action_id action)
{
	struct lookup_form *lf = v->priv;

	lookup_rows(v, lf);
	switch (action) {
	case ACTION_FORM_SAVE:
		return lookup_run(v, lf);
	case ACTION_VIEW_CLOSE:
		return VIEW_HANDLED | VIEW_BACK;
	default:
		break;
	}
	return form_handle(v, &lf->form, action);
}

static void
lookup_title(struct view *v, char *buf, size_t size)
{
	(void)v;
	/* L10N: title of the lookup form. */
	snprintf(buf, size, "%s", _("Watchlist lookup"));
}

static void
lookup_status(struct view *v, char *buf, size_t size)
{
	(void)v;
	buf[0] = '\0';
}

const struct view_ops view_lookup_ops = {
	.name = "lookup",
	.keymap = KEYMAP_FORM,
	.open = lookup_open,
	.draw = lookup_draw,
	.input = lookup_input,
	.handle = lookup_handle,
	.title = lookup_title,
	.status = lookup_status,
	.close = lookup_close,
	.suspend = NULL,
};

/* --- The results -------------------------------------------------------------------- */

struct lookup_results {
	size_t cursor, top;
};

static enum diag_status
results_open(struct view *v, int64_t arg, struct diag *d)
{
	(void)arg;
	if (v->ctx->lookup == NULL || v->ctx->screen_index == NULL)
		return diag_set(d, DIAG_NOINPUT, NULL, 0, "%s", _("no lookup to show"));
	if ((v->priv = calloc(1, sizeof(struct lookup_results))) == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, "%s", _("out of memory"));
	return DIAG_OK;
}

static void
results_close(struct view *v)
{
	free(v->priv);
}

static void
results_draw(struct view *v)
{
	struct lookup_results *lr = v->priv;
	struct lookup_state *ls = v->ctx->lookup;
	size_t rows = v->height > 1 ? (size_t)v->height - 1 : 1;
	char line[512];

	/* L10N: column heads of the lookup results; keep the widths. */
	snprintf(line, sizeof line, "%-5s %-10s %-14s %-8s %s", _("Score"), _("List"),
		 _("Reference"), _("Kind"), _("Alias matched"));
	tui_draw_text(v->top, 0, v->width, tui_attr(ELEM_HEADER), line);
	if (ls->n == 0) {
		/* L10N: a lookup found nothing; %.2f is the threshold. */
		snprintf(line, sizeof line, _("No hit at or above %.2f."), SCREEN_THRESHOLD);
		tui_draw_text(v->top + 1, 0, v->width, A_NORMAL, line);
		return;
	}
	if (lr->cursor < lr->top)
		lr->top = lr->cursor;
	if (lr->cursor >= lr->top + rows)
		lr->top = lr->cursor - rows + 1;
	for (size_t i = 0; i < rows && lr->top + i < ls->n; i++) {
		struct screen_entry_view ev;

		screen_entry_view(v->ctx->screen_index, &ls->hits[lr->top + i], &ev);
		snprintf(line, sizeof line, "%.2f  %-10.10s %-14.14s %-8.8s %s%s",
			 ls->hits[lr->top + i].score, ev.source, ev.ref && ev.ref[0] ? ev.ref : "-",
			 _(wl_kind_name(ev.kind)), ev.alias, ev.weak ? _(" (weak alias)") : "");
		tui_draw_text(v->top + 1 + (int)i, 0, v->width,
			      lr->top + i == lr->cursor ? tui_attr(ELEM_CURSOR) : A_NORMAL, line);
	}
}

static unsigned
results_handle(struct view *v, enum action_id action)
{
	struct lookup_results *lr = v->priv;
	size_t n = v->ctx->lookup->n;

	switch (action) {
	case ACTION_MOVE_DOWN:
		if (lr->cursor + 1 < n)
			lr->cursor++;
		break;
	case ACTION_MOVE_UP:
		if (lr->cursor > 0)
			lr->cursor--;
		break;
	case ACTION_MOVE_FIRST:
	case ACTION_PAGE_UP:
		lr->cursor = 0;
		break;
	case ACTION_MOVE_LAST:
	case ACTION_PAGE_DOWN:
		lr->cursor = n ? n - 1 : 0;
		break;
	case ACTION_ENTER:
		if (n == 0)
			break;
		v->ctx->push_ops = &view_lookup_entry_ops;
		v->ctx->push_arg = (int64_t)lr->cursor;
		return VIEW_HANDLED | VIEW_PUSH;
	case ACTION_VIEW_CLOSE:
		return VIEW_HANDLED | VIEW_BACK;
	default:
		return 0;
	}
	return VIEW_HANDLED;
}

static void
results_title(struct view *v, char *buf, size_t size)
{
	/* L10N: title of the lookup results; %s is the name looked up. */
	snprintf(buf, size, _("Lookup: %s"), v->ctx->lookup->query);
}

static void
results_status(struct view *v, char *buf, size_t size)
{
	struct lookup_results *lr = v->priv;
	size_t n = v->ctx->lookup->n;

	/* L10N: status bar of the lookup results: "1/3 results". */
	snprintf(buf, size, _("%zu/%zu results"), n ? lr->cursor + 1 : 0, n);
}

const struct view_ops view_lookup_results_ops = {
	.name = "lookup-results",
	.keymap = KEYMAP_SCREENING,
	.open = results_open,
	.draw = results_draw,
	.input = NULL,
	.handle = results_handle,
	.title = results_title,
	.status = results_status,
	.close = results_close,
	.suspend = NULL,
};

/* --- One result's entry --------------------------------------------------------------- */

struct lookup_entry {
	struct pager pager;
	char title[256];
};

#define ADD(...) ok = ok && text_lines_add(tl, __VA_ARGS__)

static bool
entry_build(struct text_lines *tl, const struct wl_entry *e, const struct screen_entry_view *ev,
	    const char *explain)
{
	char b[160];
	bool ok = true;

	ADD(TEXT_HEADING, "%s  %s", e->n_names ? e->names[0].name : "?", _(wl_kind_name(e->kind)));
	/* L10N: fields of a watchlist entry in the lookup, padded to 14 columns. */
	ADD(TEXT_NORMAL, _("  List          %s %s"), ev->source, e->ref ? e->ref : "-");
	if (e->programme)
		ADD(TEXT_NORMAL, _("  Programme     %s"), e->programme);
	if (e->listed_on)
		ADD(TEXT_NORMAL, _("  Listed        %s"), e->listed_on);
	if (e->valid_until)
		ADD(TEXT_NORMAL, _("  Until         %s"), e->valid_until);
	if (e->reason)
		ADD(TEXT_NORMAL, _("  Reason        %s"), e->reason);
	ADD(TEXT_NORMAL, "%s", "");
	/* L10N: heading of a lookup result's explanation. */
	ADD(TEXT_HEADING, "%s", _("Why it matched"));
	ok = ok && view_explain_lines(tl, explain, 2, 0);
	ADD(TEXT_NORMAL, "%s", "");
	/* L10N: headings of a watchlist entry's data in the lookup. */
	ADD(TEXT_HEADING, "%s", _("Names"));
	for (size_t i = 0; i < e->n_names; i++)
		/* L10N: a name of a listed entry: type, name, and "weak" or "". */
		ADD(TEXT_NORMAL, "  %-16s %s%s", e->names[i].type ? e->names[i].type : "-",
		    e->names[i].name, e->names[i].weak ? _(" (weak alias)") : "");
	if (e->n_birth_dates || e->n_birth_places) {
		ADD(TEXT_NORMAL, "%s", "");
		ADD(TEXT_HEADING, "%s", _("Birth"));
		for (size_t i = 0; i < e->n_birth_dates; i++)
			ADD(TEXT_NORMAL, "  %s", e->birth_dates[i]);
		for (size_t i = 0; i < e->n_birth_places; i++)
			ADD(TEXT_NORMAL, "  %s", e->birth_places[i]);
	}
	if (e->n_nationalities) {
		ADD(TEXT_NORMAL, "%s", "");
		ADD(TEXT_HEADING, "%s", _("Nationalities"));
		for (size_t i = 0; i < e->n_nationalities; i++) {
			const char *name = ref_country_name(e->nationalities[i]);

			ADD(TEXT_NORMAL, "  %s%s%s", e->nationalities[i], name ? " " : "",
			    name ? name : "");
		}
	}
	if (e->n_idents) {
		ADD(TEXT_NORMAL, "%s", "");
		ADD(TEXT_HEADING, "%s", _("Documents"));
		for (size_t i = 0; i < e->n_idents; i++) {
			const struct wl_ident *id = &e->idents[i];

			snprintf(b, sizeof b, "%s%s%s%s", id->country ? " (" : "",
				 id->country ? id->country : "", id->country ? ")" : "",
				 "");
			ADD(TEXT_NORMAL, "  %-12s %s%s%s%s", id->type ? id->type : "-",
			    id->number ? id->number : "-", b, id->note ? ", " : "",
			    id->note ? id->note : "");
		}
	}
	if (e->n_addresses) {
		ADD(TEXT_NORMAL, "%s", "");
		ADD(TEXT_HEADING, "%s", _("Addresses"));
		for (size_t i = 0; i < e->n_addresses; i++)
			ADD(TEXT_NORMAL, "  %s", e->addresses[i]);
	}
	if (e->remarks) {
		ADD(TEXT_NORMAL, "%s", "");
		ADD(TEXT_HEADING, "%s", _("Remarks"));
		ADD(TEXT_NORMAL, "  %s", e->remarks);
	}
	return ok;
}

#undef ADD

static enum diag_status
entry_open(struct view *v, int64_t arg, struct diag *d)
{
	struct lookup_state *ls = v->ctx->lookup;
	struct lookup_entry *le;
	struct screen_entry_view ev;
	struct wl_entry e;
	enum diag_status rc;

	if (ls == NULL || v->ctx->screen_index == NULL || arg < 0 || (size_t)arg >= ls->n)
		return diag_set(d, DIAG_NOINPUT, NULL, 0, "%s", _("no lookup to show"));
	if ((le = calloc(1, sizeof *le)) == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, "%s", _("out of memory"));
	pager_init(&le->pager);
	screen_entry_view(v->ctx->screen_index, &ls->hits[arg], &ev);
	rc = store_wl_entry_get(v->ctx->store, ls->hits[arg].entry_id, &e, NULL, d);
	if (rc == DIAG_OK) {
		snprintf(le->title, sizeof le->title, "%s %s", ev.source,
			 e.ref ? e.ref : ev.primary);
		if (!entry_build(&le->pager.lines, &e, &ev, ls->explain[arg]))
			rc = diag_set(d, DIAG_SOFTWARE, NULL, 0, "%s", _("out of memory"));
		wl_entry_clear(&e);
	}
	if (rc != DIAG_OK) {
		pager_clear(&le->pager);
		free(le);
		return rc;
	}
	v->priv = le;
	return DIAG_OK;
}

static void
entry_close(struct view *v)
{
	struct lookup_entry *le = v->priv;

	pager_clear(&le->pager);
	free(le);
}

static void
entry_draw(struct view *v)
{
	struct lookup_entry *le = v->priv;

	pager_draw(v, &le->pager);
}

static unsigned
entry_handle(struct view *v, enum action_id action)
{
	struct lookup_entry *le = v->priv;

	return pager_handle(v, &le->pager, action);
}

static void
entry_title(struct view *v, char *buf, size_t size)
{
	struct lookup_entry *le = v->priv;

	/* L10N: title of a watchlist entry in the lookup; %s list and reference. */
	snprintf(buf, size, _("Watchlist entry %s"), le->title);
}

static void
entry_status(struct view *v, char *buf, size_t size)
{
	struct lookup_entry *le = v->priv;

	pager_status(v, &le->pager, buf, size);
}

const struct view_ops view_lookup_entry_ops = {
	.name = "lookup-entry",
	.keymap = KEYMAP_SCREENING,
	.open = entry_open,
	.draw = entry_draw,
	.input = NULL,
	.handle = entry_handle,
	.title = entry_title,
	.status = entry_status,
	.close = entry_close,
	.suspend = NULL,
};
