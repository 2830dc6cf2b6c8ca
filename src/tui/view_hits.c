/* view_hits: a subject's watchlist hits, where the inspector confirms or
 * dismisses them.
 *
 * Opened from the detail view (h) on a subject.  The hits are read with
 * store_screen_hits(), best first, and held whole (a subject has a few).
 * The top of the view lists them, one line each: score, decision, role,
 * list, the subject's name and the alias it matched; below, the selected
 * hit's explanation: the token pairs and their scores, each qualifier's
 * effect, the list, programme and reason (screen_explain_lines(), the
 * lines `douane screen` prints), and the decision's reason once there is
 * one.
 *
 * Enter (or d) opens the decision form on the selected hit
 * (view_hit_decide.c); back from it the hits are read again, so the
 * decision shows at once.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "screen_explain.h"
#include "subject.h"
#include "view.h"

struct hit_row {
	int64_t id;
	double score;
	int decision;
	char *role, *name, *list, *alias, *explain, *reason;
};

struct hits {
	int64_t subject;
	char ref[STORE_TEXT_MAX];
	struct hit_row *v;
	size_t n, cap, cursor, top;
	struct text_lines lines; /* the selected hit's explanation */
};

/* --- Shared with the detail and lookup views ------------------------------ */

struct explain_sink {
	struct text_lines *tl;
	int indent;
};

static int
explain_line(void *ctx, const char *line)
{
	struct explain_sink *s = ctx;

	return text_lines_add(s->tl, TEXT_NORMAL, "%*s%s", s->indent, "", line) ? 0 : -1;
}

bool
view_explain_lines(struct text_lines *tl, const char *explain, int indent, unsigned flags)
{
	struct explain_sink s = {tl, indent};
	struct diag d;

	diag_clear(&d);
	if (screen_explain_lines(explain, flags, explain_line, &s, &d) == DIAG_OK)
		return true;
	if (d.status == DIAG_SOFTWARE)
		return false;
	return text_lines_add(tl, TEXT_NORMAL, "%*s%s", indent, "", d.msg);
}

/* --- Loading ---------------------------------------------------------------------- */

static const char *
hits_decision(int decision)
{
	switch (decision) {
	/* L10N: decisions on a watchlist hit, in the hits list (10 columns). */
	case SCREEN_CONFIRMED:
		return _("confirmed");
	case SCREEN_DISMISSED:
		return _("dismissed");
	default:
		return _("open");
	}
}

static char *
dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

static void
hits_free_rows(struct hits *h)
{
	for (size_t i = 0; i < h->n; i++) {
		struct hit_row *r = &h->v[i];

		free(r->role);
		free(r->name);
		free(r->list);
		free(r->alias);
		free(r->explain);
		free(r->reason);
	}
	free(h->v);
	h->v = NULL;
	h->n = h->cap = 0;
}

static enum diag_status
hits_add(void *ctx, const struct store_screen_hit *sh)
{
	struct hits *h = ctx;
	struct hit_row *r;

	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 8;
		struct hit_row *v = realloc(h->v, cap * sizeof *v);

		if (v == NULL)
			return DIAG_SOFTWARE;
		h->v = v;
		h->cap = cap;
	}
	r = &h->v[h->n++];
	memset(r, 0, sizeof *r);
	r->id = sh->id;
	r->score = sh->score;
	r->decision = sh->decision;
	r->role = dup_or_empty(sh->role);
	r->name = dup_or_empty(sh->name);
	r->list = dup_or_empty(sh->list_source);
	r->alias = dup_or_empty(sh->alias);
	r->explain = dup_or_empty(sh->explain);
	r->reason = sh->reason ? strdup(sh->reason) : NULL;
	if (!r->role || !r->name || !r->list || !r->alias || !r->explain ||
	    (sh->reason && !r->reason))
		return DIAG_SOFTWARE;
	return DIAG_OK;
}

static enum diag_status
hits_load(struct view *v, struct hits *h, struct diag *d)
{
	enum diag_status rc;

	hits_free_rows(h);
	rc = store_screen_hits(v->ctx->store, h->subject, hits_add, h, d);
	if (rc == DIAG_SOFTWARE && d->msg[0] == '\0')
		rc = diag_set(d, DIAG_SOFTWARE, NULL, 0, "%s", _("out of memory"));
	if (h->cursor >= h->n)
		h->cursor = h->n ? h->n - 1 : 0;
	return rc;
}

static enum diag_status
hits_open(struct view *v, int64_t id, struct diag *d)
{
	struct hits *h;
	struct subject s;
	enum diag_status rc;

	if ((h = calloc(1, sizeof *h)) == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, "%s", _("out of memory"));
	text_lines_init(&h->lines);
	subject_init(&s, SUBJECT_CONSIGNMENT);
	rc = store_subject_get(v->ctx->store, id, &s, d);
	if (rc == DIAG_OK) {
		h->subject = id;
		snprintf(h->ref, sizeof h->ref, "%s", s.ref ? s.ref : "?");
		rc = hits_load(v, h, d);
	}
	subject_clear(&s);
	if (rc != DIAG_OK) {
		hits_free_rows(h);
		free(h);
		return rc;
	}
	v->priv = h;
	return DIAG_OK;
}

static void
hits_close(struct view *v)
{
	struct hits *h = v->priv;

	hits_free_rows(h);
	text_lines_clear(&h->lines);
	view_wipe(h, sizeof *h);
	free(h);
}

/* Back from a decision: read the hits again.  */
static void
hits_reveal(struct view *v)
{
	struct hits *h = v->priv;
	struct diag d;

	diag_clear(&d);
	if (hits_load(v, h, &d) != DIAG_OK)
		view_message(v, "%s", d.msg);
}

/* --- Drawing ---------------------------------------------------------------------- */

static bool
hits_explain(struct hits *h)
{
	const struct hit_row *r;
	struct text_lines *tl = &h->lines;
	bool ok = true;

	text_lines_clear(tl);
	text_lines_init(tl);
	if (h->n == 0)
		return true;
	r = &h->v[h->cursor];
	/* L10N: heading of the selected hit's explanation; %lld its number. */
	ok = ok && text_lines_add(tl, TEXT_HEADING, _("Hit %lld: %s %s"), (long long)r->id, r->role,
				  r->name);
	ok = ok && view_explain_lines(tl, r->explain, 2, SCREEN_EXPLAIN_LIST);
	if (r->decision != SCREEN_OPEN && r->reason)
		ok = ok && text_lines_add(tl, TEXT_NORMAL, "  %s: %s", hits_decision(r->decision),
					  r->reason);
	return ok;
}

static void
hits_draw(struct view *v)
{
	struct hits *h = v->priv;
	size_t rows, shown;
	char line[512];
	int y;

	/* L10N: column heads of the hits list; keep the widths. */
	snprintf(line, sizeof line, "%-5s %-10s %-10s %-10s %s", _("Score"), _("Decision"),
		 _("Role"), _("List"), _("Name ~ alias matched"));
	tui_draw_text(v->top, 0, v->width, tui_attr(ELEM_HEADER), line);
	if (h->n == 0) {
		tui_draw_text(v->top + 1, 0, v->width, A_NORMAL,
			      _("No watchlist hit for this subject."));
		return;
	}
	/* The list takes at most half the area; the explanation the rest. */
	rows = v->height > 4 ? (size_t)(v->height - 2) / 2 : 1;
	if (rows > h->n)
		rows = h->n;
	if (h->cursor < h->top)
		h->top = h->cursor;
	if (h->cursor >= h->top + rows)
		h->top = h->cursor - rows + 1;
	for (shown = 0; shown < rows && h->top + shown < h->n; shown++) {
		const struct hit_row *r = &h->v[h->top + shown];

		snprintf(line, sizeof line, "%.2f  %-10s %-10.10s %-10.10s %s ~ %s", r->score,
			 hits_decision(r->decision), r->role, r->list, r->name, r->alias);
		tui_draw_text(v->top + 1 + (int)shown, 0, v->width,
			      h->top + shown == h->cursor ? tui_attr(ELEM_CURSOR) : A_NORMAL, line);
	}
	if (!hits_explain(h)) {
		view_message(v, "%s", _("out of memory"));
		return;
	}
	y = v->top + 2 + (int)shown;
	for (size_t i = 0; i < h->lines.n && y < v->top + v->height; i++, y++)
		tui_draw_text(y, 0, v->width,
			      h->lines.lines[i].style == TEXT_HEADING ? tui_attr(ELEM_HEADING)
								     : A_NORMAL,
			      h->lines.lines[i].text);
}

static unsigned
hits_handle(struct view *v, enum action_id action)
{
	struct hits *h = v->priv;

	switch (action) {
	case ACTION_MOVE_DOWN:
		if (h->cursor + 1 < h->n)
			h->cursor++;
		break;
	case ACTION_MOVE_UP:
		if (h->cursor > 0)
			h->cursor--;
		break;
	case ACTION_MOVE_FIRST:
	case ACTION_PAGE_UP:
		h->cursor = 0;
		break;
	case ACTION_MOVE_LAST:
	case ACTION_PAGE_DOWN:
		h->cursor = h->n ? h->n - 1 : 0;
		break;
	case ACTION_ENTER:
	case ACTION_HIT_DECIDE:
		if (h->n == 0)
			break;
		v->ctx->push_ops = &view_hit_decide_ops;
		v->ctx->push_arg = h->v[h->cursor].id;
		return VIEW_HANDLED | VIEW_PUSH;
	case ACTION_VIEW_CLOSE:
		return VIEW_HANDLED | VIEW_BACK;
	default:
		return 0;
	}
	return VIEW_HANDLED;
}

static void
hits_title(struct view *v, char *buf, size_t size)
{
	struct hits *h = v->priv;

	/* L10N: title of the hits view; %s is the subject's reference. */
	snprintf(buf, size, _("Watchlist hits of %s"), h->ref);
}

static void
hits_status(struct view *v, char *buf, size_t size)
{
	struct hits *h = v->priv;

	/* L10N: status bar of the hits view: "1/2 hits". */
	snprintf(buf, size, _("%zu/%zu hits"), h->n ? h->cursor + 1 : 0, h->n);
}

const struct view_ops view_hits_ops = {
	.name = "hits",
	.keymap = KEYMAP_SCREENING,
	.open = hits_open,
	.draw = hits_draw,
	.input = NULL,
	.handle = hits_handle,
	.title = hits_title,
	.status = hits_status,
	.close = hits_close,
	.suspend = NULL,
	.reveal = hits_reveal,
};
