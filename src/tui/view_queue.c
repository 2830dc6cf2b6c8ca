/* view_queue: the risk-ranked queue, paged through the store by key.
 *
 * The queue may hold a million subjects; this view never holds more than
 * the rows on screen.  It keeps them in `rows` (at most `cap`, the list
 * height), the cursor as an index into them, and the absolute position of
 * the first one (`first_pos`) for the "12/1500" in the status bar.  Every
 * movement asks the store for rows next to a key it already has:
 *
 *   down at the last row   1 row after the last key (forward)
 *   up at the first row    1 row before the first key (backward)
 *   page down / page up    a screen after the last / before the first key
 *   first / last           a screen forward from NULL / backward from NULL
 *
 * so a keypress costs one indexed query of at most one screen, whatever the
 * length of the queue.  The count is asked for only when the view opens or
 * the search changes.
 *
 * Search (`/`) is incremental: each character typed narrows the filter
 * (reference or party contains the text) and goes back to the top.  The
 * store finds a page of a rare text through its trigram index, so a key
 * costs milliseconds on a million subjects; the matches are counted only
 * up to QUEUE_SEARCH_COUNT_MAX ("1000+"), since an exact count of a
 * common text reads every subject.  Enter keeps the filter, Esc restores
 * the previous one; Esc outside the prompt clears it.
 *
 * Filters (lane, kind, status, crossing) and the order (risk, arrival,
 * reference) each have a key that steps through their values; each step
 * recounts and goes back to the top, like the search.  Every order is an
 * index of the store, paged by key the same way (store.h).
 *
 * On a lock the view notes the key of its first row, the cursor's row, the
 * position, the filters and the order (suspend); when it opens again after
 * the unlock it asks for the row before that key and a screen after it,
 * so the inspector finds the same screen.  A search text may be a name: it
 * is not kept, and a queue locked while searching (or showing one
 * crossing) comes back from the top.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "i18n.h"
#include "subject.h"
#include "view.h"

struct queue {
	struct store_queue_filter filter;
	char search[STORE_TEXT_MAX];       /* the filter text ("" for none) */
	char saved_search[STORE_TEXT_MAX]; /* before the prompt opened */
	bool prompting;
	char crossing[16]; /* the crossing filter ("" for every crossing) */

	struct store_queue_row *rows; /* the rows on screen */
	struct store_queue_row *scratch;
	size_t n, cap;
	size_t cursor;
	int64_t first_pos; /* position in the queue of rows[0], from 0 */
	int64_t count;
	bool count_more; /* a search's count stopped: "count+" */
	bool pos_unknown; /* at the end of a search whose count stopped */
};

/* A search counts its matches up to this; an exact count may read the
 * whole queue.  */
#define QUEUE_SEARCH_COUNT_MAX 1000

/* Columns of the list, left to right; the party takes what is left.  */
enum queue_col {
	COL_LANE,
	COL_SCORE,
	COL_REF,
	COL_KIND,
	COL_PARTY,
	COL_ROUTE,
	COL_HS,
	COL_ARRIVAL,
	COL_STATUS,
	COL_COUNT
};

struct queue_column {
	const char *title; /* N_ */
	int width;         /* 0: flexible */
	bool right;
};

static const struct queue_column queue_columns[COL_COUNT] = {
	/* L10N: column titles of the queue; each is cut to the width shown
	 * after it, so keep them as short as the English. */
	[COL_LANE] = {N_("L"), 1, false},             /* 1 */
	[COL_SCORE] = {N_("Scr"), 3, true},           /* 3 */
	[COL_REF] = {N_("Reference"), 12, false},     /* 12 */
	[COL_KIND] = {N_("Kind"), 4, false},          /* 4 */
	[COL_PARTY] = {N_("Party"), 0, false},        /* the rest */
	[COL_ROUTE] = {N_("Route"), 5, false},        /* 5 */
	[COL_HS] = {N_("HS"), 9, false},              /* 9 */
	[COL_ARRIVAL] = {N_("Arrival"), 10, false},   /* 10 */
	[COL_STATUS] = {N_("Status"), 11, false},     /* 11 */
};

#define QUEUE_PARTY_MIN 8

/* --- Paging -------------------------------------------------------------- */

static bool
queue_fetch(struct view *v, const struct store_queue_key *key, enum store_direction dir,
	    struct store_queue_row *out, size_t max, size_t *n)
{
	struct queue *q = v->priv;
	struct diag d;

	*n = 0;
	if (max == 0)
		return true;
	diag_clear(&d);
	if (store_queue_page(v->ctx->store, &q->filter, key, dir, out, max, n, &d) != DIAG_OK) {
		view_message(v, "%s", d.msg);
		*n = 0;
		return false;
	}
	return true;
}

static void
queue_recount(struct view *v)
{
	struct queue *q = v->priv;
	struct diag d;

	diag_clear(&d);
	q->count_more = false;
	if (q->filter.text) {
		if (store_queue_count_max(v->ctx->store, &q->filter, QUEUE_SEARCH_COUNT_MAX,
					  &q->count, &d) != DIAG_OK) {
			view_message(v, "%s", d.msg);
			q->count = 0;
		}
		q->count_more = q->count >= QUEUE_SEARCH_COUNT_MAX;
		return;
	}
	if (store_queue_count(v->ctx->store, &q->filter, &q->count, &d) != DIAG_OK) {
		view_message(v, "%s", d.msg);
		q->count = 0;
	}
}

/* Reverse the K rows nearest-first that a backward page returned.  */
static void
queue_reverse(struct store_queue_row *r, size_t k)
{
	for (size_t i = 0; i < k / 2; i++) {
		struct store_queue_row tmp = r[i];

		r[i] = r[k - 1 - i];
		r[k - 1 - i] = tmp;
	}
}

static void
queue_load_first(struct view *v)
{
	struct queue *q = v->priv;

	queue_fetch(v, NULL, STORE_FORWARD, q->rows, q->cap, &q->n);
	q->cursor = 0;
	q->first_pos = 0;
	q->pos_unknown = false;
}

static void
queue_load_last(struct view *v)
{
	struct queue *q = v->priv;

	queue_fetch(v, NULL, STORE_BACKWARD, q->rows, q->cap, &q->n);
	queue_reverse(q->rows, q->n);
	q->cursor = q->n ? q->n - 1 : 0;
	q->first_pos = q->count > (int64_t)q->n ? q->count - (int64_t)q->n : 0;
	q->pos_unknown = q->count_more;
}

/* Fill the screen after the last row, then before the first one.  */
static void
queue_fill(struct view *v)
{
	struct queue *q = v->priv;
	size_t k;

	if (q->n == 0) {
		queue_load_first(v);
		return;
	}
	if (q->n < q->cap) {
		queue_fetch(v, &q->rows[q->n - 1].key, STORE_FORWARD, q->rows + q->n,
			    q->cap - q->n, &k);
		q->n += k;
	}
	if (q->n < q->cap) {
		queue_fetch(v, &q->rows[0].key, STORE_BACKWARD, q->scratch, q->cap - q->n, &k);
		if (k > 0) {
			memmove(q->rows + k, q->rows, q->n * sizeof(*q->rows));
			for (size_t i = 0; i < k; i++)
				q->rows[k - 1 - i] = q->scratch[i];
			q->n += k;
			q->cursor += k;
			q->first_pos -= (int64_t)k;
			if (q->first_pos < 0)
				q->first_pos = 0;
		}
	}
}

/* Make the buffers hold a screen of HEIGHT rows, keeping the cursor row.  */
static bool
queue_resize(struct view *v, size_t height)
{
	struct queue *q = v->priv;
	struct store_queue_row *rows, *scratch;

	if (height == 0)
		height = 1;
	if (height == q->cap)
		return true;
	if (q->n > height) {
		size_t drop = q->cursor >= height ? q->cursor - height + 1 : 0;

		memmove(q->rows, q->rows + drop, (q->n - drop) * sizeof(*q->rows));
		q->n -= drop;
		q->cursor -= drop;
		q->first_pos += (int64_t)drop;
		if (q->n > height)
			q->n = height;
	}
	rows = realloc(q->rows, height * sizeof(*rows));
	if (rows == NULL)
		return false;
	q->rows = rows;
	scratch = realloc(q->scratch, height * sizeof(*scratch));
	if (scratch == NULL)
		return false;
	q->scratch = scratch;
	q->cap = height;
	queue_fill(v);
	return true;
}

static size_t
queue_list_height(const struct view *v)
{
	/* One row for the column titles. */
	return v->height > 1 ? (size_t)v->height - 1 : 1;
}

static void
queue_move_down(struct view *v)
{
	struct queue *q = v->priv;
	size_t k;

	if (q->n == 0)
		return;
	if (q->cursor + 1 < q->n) {
		q->cursor++;
		return;
	}
	queue_fetch(v, &q->rows[q->n - 1].key, STORE_FORWARD, q->scratch, 1, &k);
	if (k == 0)
		return;
	if (q->n == q->cap) {
		memmove(q->rows, q->rows + 1, (q->n - 1) * sizeof(*q->rows));
		q->first_pos++;
	} else {
		q->n++;
	}
	q->rows[q->n - 1] = q->scratch[0];
	q->cursor = q->n - 1;
}

static void
queue_move_up(struct view *v)
{
	struct queue *q = v->priv;
	size_t k;

	if (q->n == 0)
		return;
	if (q->cursor > 0) {
		q->cursor--;
		return;
	}
	queue_fetch(v, &q->rows[0].key, STORE_BACKWARD, q->scratch, 1, &k);
	if (k == 0)
		return;
	if (q->n < q->cap)
		q->n++;
	memmove(q->rows + 1, q->rows, (q->n - 1) * sizeof(*q->rows));
	q->rows[0] = q->scratch[0];
	if (q->first_pos > 0)
		q->first_pos--;
}

static void
queue_page_down(struct view *v)
{
	struct queue *q = v->priv;
	size_t k, total, drop;

	if (q->n == 0)
		return;
	queue_fetch(v, &q->rows[q->n - 1].key, STORE_FORWARD, q->scratch, q->cap, &k);
	if (k == 0) {
		q->cursor = q->n - 1;
		return;
	}
	/* Scroll by what came: the cursor stays on the same screen line. */
	total = q->n + k;
	drop = total > q->cap ? total - q->cap : 0;
	memmove(q->rows, q->rows + drop, (q->n - drop) * sizeof(*q->rows));
	memcpy(q->rows + (q->n - drop), q->scratch, k * sizeof(*q->rows));
	q->n = total - drop;
	q->first_pos += (int64_t)drop;
	if (drop == 0)
		q->cursor = q->n - 1;
}

static void
queue_page_up(struct view *v)
{
	struct queue *q = v->priv;
	size_t k, keep;

	if (q->n == 0)
		return;
	queue_fetch(v, &q->rows[0].key, STORE_BACKWARD, q->scratch, q->cap, &k);
	if (k == 0) {
		q->cursor = 0;
		return;
	}
	keep = q->n + k > q->cap ? q->cap - k : q->n;
	memmove(q->rows + k, q->rows, keep * sizeof(*q->rows));
	for (size_t i = 0; i < k; i++)
		q->rows[k - 1 - i] = q->scratch[i];
	q->n = keep + k;
	q->first_pos -= (int64_t)k;
	if (q->first_pos < 0)
		q->first_pos = 0;
	if (q->cursor >= q->n)
		q->cursor = q->n - 1;
}

/* The filter text changed: count again and start from the top.  */
static void
queue_refilter(struct view *v)
{
	struct queue *q = v->priv;

	q->filter.text = q->search[0] ? q->search : NULL;
	q->filter.crossing = q->crossing[0] ? q->crossing : NULL;
	snprintf(v->ctx->crossing_filter, sizeof(v->ctx->crossing_filter), "%s", q->crossing);
	queue_recount(v);
	queue_load_first(v);
}

/* The next value of a filter that steps through a list.  */
static int
queue_step(int value, const int *values, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		if (values[i] == value)
			return values[i + 1];
	return values[0];
}

/* The crossing after the one shown, then every crossing again.  */
static void
queue_next_crossing(struct view *v)
{
	struct queue *q = v->priv;
	char next[sizeof(q->crossing)];
	bool found;
	struct diag d;

	diag_clear(&d);
	if (store_queue_crossing_next(v->ctx->store, q->crossing[0] ? q->crossing : NULL, next,
				      sizeof(next), &found, &d) != DIAG_OK) {
		view_message(v, "%s", d.msg);
		return;
	}
	snprintf(q->crossing, sizeof(q->crossing), "%s", found ? next : "");
}

/* Step filter or order ACTION to its next value.  */
static void
queue_filter_step(struct view *v, enum action_id action)
{
	static const int lanes[] = {-1, LANE_RED, LANE_YELLOW, LANE_GREEN, LANE_NONE};
	static const int kinds[] = {0, SUBJECT_CONSIGNMENT, SUBJECT_TRAVELLER, SUBJECT_VEHICLE};
	static const int statuses[] = {-1, STATUS_EXPECTED, STATUS_IN_PROGRESS, STATUS_DONE};
	static const int sorts[] = {STORE_SORT_RANK, STORE_SORT_ARRIVAL, STORE_SORT_REF};
	struct queue *q = v->priv;
	struct store_queue_filter *f = &q->filter;

	switch (action) {
	case ACTION_FILTER_LANE:
		f->lane = queue_step(f->lane, lanes, sizeof lanes / sizeof lanes[0]);
		break;
	case ACTION_FILTER_KIND:
		f->kind = queue_step(f->kind, kinds, sizeof kinds / sizeof kinds[0]);
		break;
	case ACTION_FILTER_STATUS:
		f->status = queue_step(f->status, statuses, sizeof statuses / sizeof statuses[0]);
		break;
	case ACTION_SORT:
		f->sort = (enum store_queue_sort)queue_step((int)f->sort, sorts,
							    sizeof sorts / sizeof sorts[0]);
		break;
	case ACTION_FILTER_CROSSING:
		queue_next_crossing(v);
		break;
	case ACTION_FILTER_CLEAR: {
		enum store_queue_sort sort = f->sort;

		store_queue_filter_init(f);
		f->sort = sort;
		q->search[0] = '\0';
		q->crossing[0] = '\0';
		break;
	}
	default:
		return;
	}
	queue_refilter(v);
}

/* Open at the screen R noted before a lock: R->top first, the cursor on
 * the same row.  The queue may have changed meanwhile; the screen is
 * filled from what is there now.  */
static void
queue_load_at(struct view *v, const struct view_resume *r)
{
	struct queue *q = v->priv;
	size_t k;

	queue_fetch(v, &r->top, STORE_BACKWARD, q->scratch, 1, &k);
	if (k == 0) {
		queue_load_first(v);
	} else {
		queue_fetch(v, &q->scratch[0].key, STORE_FORWARD, q->rows, q->cap, &q->n);
		q->first_pos = r->first_pos;
	}
	q->cursor = r->cursor < q->n ? r->cursor : (q->n ? q->n - 1 : 0);
	queue_fill(v);
	if (!q->count_more && q->first_pos + (int64_t)q->n > q->count)
		q->first_pos = q->count > (int64_t)q->n ? q->count - (int64_t)q->n : 0;
}

/* --- Operations ---------------------------------------------------------- */

static enum diag_status
queue_open(struct view *v, int64_t arg, struct diag *d)
{
	struct queue *q = calloc(1, sizeof(*q));

	(void)arg;
	if (q == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	store_queue_filter_init(&q->filter);
	q->filter.sort = v->ctx->default_sort;
	v->ctx->crossing_filter[0] = '\0';
	if (v->ctx->resume.queue) {
		q->filter.lane = v->ctx->resume.lane;
		q->filter.kind = v->ctx->resume.kind;
		q->filter.status = v->ctx->resume.status;
		q->filter.sort = (enum store_queue_sort)v->ctx->resume.sort;
	}
	v->priv = q;
	if (!queue_resize(v, queue_list_height(v))) {
		free(q->rows);
		free(q->scratch);
		free(q);
		v->priv = NULL;
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	}
	queue_recount(v);
	if (v->ctx->resume.queue)
		queue_load_at(v, &v->ctx->resume);
	else
		queue_load_first(v);
	return DIAG_OK;
}

static void
queue_suspend(struct view *v, struct view_resume *r)
{
	struct queue *q = v->priv;

	if (q->search[0] || q->crossing[0] || q->n == 0)
		return;
	r->queue = true;
	r->lane = q->filter.lane;
	r->kind = q->filter.kind;
	r->status = q->filter.status;
	r->sort = (int)q->filter.sort;
	r->top = q->rows[0].key;
	r->cursor = q->cursor;
	r->first_pos = q->first_pos;
}

/* Back from a view that may have changed the queue (an outcome, an
 * override, a walk-in): count again and read the screen again from the
 * key of its first row, so the rows show their new lane and status.  The
 * cursor stays on its row of the screen.  */
static void
queue_reveal(struct view *v)
{
	struct queue *q = v->priv;
	struct view_resume r;

	memset(&r, 0, sizeof(r));
	queue_recount(v);
	if (q->n == 0) {
		queue_load_first(v);
		return;
	}
	r.top = q->rows[0].key;
	r.cursor = q->cursor;
	r.first_pos = q->first_pos;
	queue_load_at(v, &r);
}

static void
queue_close(struct view *v)
{
	struct queue *q = v->priv;

	if (q == NULL)
		return;
	/* Names and references do not outlive the view (nor a lock). */
	view_wipe(q->rows, q->cap * sizeof(*q->rows));
	view_wipe(q->scratch, q->cap * sizeof(*q->scratch));
	view_wipe(q->search, sizeof(q->search));
	view_wipe(q->saved_search, sizeof(q->saved_search));
	v->ctx->crossing_filter[0] = '\0';
	free(q->rows);
	free(q->scratch);
	free(q);
	v->priv = NULL;
}

static const char *
queue_kind_label(enum subject_kind k)
{
	switch (k) {
	/* L10N: kinds of subject in the queue, at most 4 columns. */
	case SUBJECT_CONSIGNMENT:
		return _("cons");
	case SUBJECT_TRAVELLER:
		return _("trav");
	case SUBJECT_VEHICLE:
		return _("veh");
	}
	return "?";
}

const char *
view_status_label(enum subject_status st)
{
	switch (st) {
	/* L10N: status of a subject, at most 11 columns in the queue. */
	case STATUS_EXPECTED:
		return _("expected");
	case STATUS_IN_PROGRESS:
		return _("in progress");
	case STATUS_DONE:
		return _("done");
	}
	return "?";
}

static enum tui_element
queue_lane_element(int lane)
{
	switch (lane) {
	case LANE_RED:
		return ELEM_LANE_RED;
	case LANE_YELLOW:
		return ELEM_LANE_YELLOW;
	case LANE_GREEN:
		return ELEM_LANE_GREEN;
	default:
		return ELEM_LANE_NONE;
	}
}

/* The text of cell COL for row R into BUF.  */
static const char *
queue_cell(const struct view *v, const struct store_queue_row *r, enum queue_col col,
	   char *buf, size_t size)
{
	switch (col) {
	case COL_LANE:
		snprintf(buf, size, "%c", subject_lane_letter((enum subject_lane)r->key.lane));
		break;
	case COL_SCORE:
		if (r->key.lane == LANE_NONE)
			buf[0] = '\0';
		else
			snprintf(buf, size, "%d", r->key.score);
		break;
	case COL_REF:
		return r->ref;
	case COL_KIND:
		return queue_kind_label(r->kind);
	case COL_PARTY:
		return r->party;
	case COL_ROUTE:
		/* A traveller has only an origin (the nationality). */
		if (r->origin[0] == '\0' || r->destination[0] == '\0')
			snprintf(buf, size, "%s%s", r->origin, r->destination);
		else
			snprintf(buf, size, "%s%s%s", r->origin,
				 MB_CUR_MAX > 1 ? "\xe2\x86\x92" : ">", r->destination);
		break;
	case COL_HS:
		return r->hs_summary;
	case COL_ARRIVAL:
		/* Today's arrivals by time, others by date. */
		if (strlen(r->arrival) >= 16 && v->ctx->today[0] &&
		    strncmp(r->arrival, v->ctx->today, 10) == 0)
			snprintf(buf, size, "%.5s", r->arrival + 11);
		else
			snprintf(buf, size, "%.10s", r->arrival);
		break;
	case COL_STATUS:
		return view_status_label(r->status);
	default:
		buf[0] = '\0';
		break;
	}
	return buf;
}

static void
queue_widths(const struct view *v, int widths[COL_COUNT])
{
	int fixed = 0;

	for (int c = 0; c < COL_COUNT; c++) {
		widths[c] = queue_columns[c].width;
		fixed += widths[c] + (c > 0);
	}
	widths[COL_PARTY] = v->width - fixed;
	/* Narrow screens lose columns from the right, never the party. */
	for (int c = COL_COUNT - 1; widths[COL_PARTY] < QUEUE_PARTY_MIN && c > COL_PARTY; c--) {
		widths[COL_PARTY] += widths[c] + 1;
		widths[c] = 0;
	}
	if (widths[COL_PARTY] < 1)
		widths[COL_PARTY] = 1;
}

static void
queue_draw_row(const struct view *v, int y, const int widths[COL_COUNT],
	       const struct store_queue_row *r, bool cursor)
{
	attr_t base = cursor ? tui_attr(ELEM_CURSOR) : A_NORMAL;
	int x = 0;

	tui_draw_text(y, 0, v->width, base, "");
	for (int c = 0; c < COL_COUNT && x < v->width; c++) {
		char buf[STORE_TEXT_MAX + 16];
		const char *text;
		attr_t attr = base;
		int w = widths[c];

		if (w == 0)
			continue;
		if (x + w > v->width)
			w = v->width - x;
		if (r == NULL) {
			text = _(queue_columns[c].title);
			attr = tui_attr(ELEM_HEADER);
		} else {
			text = queue_cell(v, r, (enum queue_col)c, buf, sizeof(buf));
			if (c == COL_LANE)
				attr = tui_attr(queue_lane_element(r->key.lane)) |
				       (cursor ? A_REVERSE : 0);
		}
		if (queue_columns[c].right && r != NULL) {
			wchar_t wbuf[64];

			text_fit_right(wbuf, sizeof(wbuf) / sizeof(wbuf[0]), text, w);
			attrset(attr);
			mvaddnwstr(y, x, wbuf, -1);
			attrset(A_NORMAL);
		} else {
			tui_draw_text(y, x, w, attr, text);
		}
		x += w + 1;
	}
}

static bool
queue_filtered(const struct queue *q)
{
	return q->filter.lane >= 0 || q->filter.kind > 0 || q->filter.status >= 0 ||
	       q->crossing[0];
}

static void
queue_draw(struct view *v)
{
	struct queue *q = v->priv;
	int widths[COL_COUNT];

	if (!queue_resize(v, queue_list_height(v)))
		view_message(v, _("out of memory"));
	queue_widths(v, widths);
	queue_draw_row(v, v->top, widths, NULL, false);
	if (q->n == 0) {
		tui_draw_text(v->top + 2, 2, v->width - 2, A_NORMAL,
			      q->search[0] ? _("No subject matches the search.")
			      : queue_filtered(q)
				      ? _("No subject matches the filters; x clears them.")
				      : _("The queue is empty: import a manifest first."));
		return;
	}
	for (size_t i = 0; i < q->n; i++)
		queue_draw_row(v, v->top + 1 + (int)i, widths, &q->rows[i], i == q->cursor);
}

/* Append the UTF-8 form of KEY to the search text.  */
static void
queue_search_add(struct queue *q, int key)
{
	char mb[MB_LEN_MAX];
	mbstate_t mbs;
	size_t len, used = strlen(q->search);

	memset(&mbs, 0, sizeof(mbs));
	len = wcrtomb(mb, (wchar_t)key, &mbs);
	if (len == (size_t)-1 || used + len + 1 > sizeof(q->search))
		return;
	memcpy(q->search + used, mb, len);
	q->search[used + len] = '\0';
}

/* Remove the last character (not byte) of the search text.  */
static void
queue_search_erase(struct queue *q)
{
	size_t len = strlen(q->search);

	while (len > 0) {
		unsigned char c = (unsigned char)q->search[--len];

		q->search[len] = '\0';
		if ((c & 0xc0) != 0x80)
			break;
	}
}

static unsigned
queue_input(struct view *v, int key)
{
	struct queue *q = v->priv;

	if (!q->prompting)
		return 0;
	switch (key) {
	case ACTION_KEY_ENTER:
		q->prompting = false;
		return VIEW_HANDLED;
	case ACTION_KEY_ESC:
		q->prompting = false;
		memcpy(q->search, q->saved_search, sizeof(q->search));
		queue_refilter(v);
		return VIEW_HANDLED;
	case ACTION_KEY_FUNC | KEY_BACKSPACE:
		queue_search_erase(q);
		queue_refilter(v);
		return VIEW_HANDLED;
	default:
		break;
	}
	/* Other function keys (arrows, PgDn) move in the filtered queue. */
	if ((key & ACTION_KEY_FUNC) || key < 0x20)
		return 0;
	queue_search_add(q, key);
	queue_refilter(v);
	return VIEW_HANDLED;
}

static unsigned
queue_handle(struct view *v, enum action_id action)
{
	struct queue *q = v->priv;

	switch (action) {
	case ACTION_MOVE_DOWN:
		queue_move_down(v);
		break;
	case ACTION_MOVE_UP:
		queue_move_up(v);
		break;
	case ACTION_PAGE_DOWN:
		queue_page_down(v);
		break;
	case ACTION_PAGE_UP:
		queue_page_up(v);
		break;
	case ACTION_MOVE_FIRST:
		queue_load_first(v);
		break;
	case ACTION_MOVE_LAST:
		queue_load_last(v);
		break;
	case ACTION_ENTER:
		if (q->n == 0)
			return VIEW_HANDLED;
		v->ctx->push_ops = &view_detail_ops;
		v->ctx->push_arg = q->rows[q->cursor].key.id;
		return VIEW_HANDLED | VIEW_PUSH;
	case ACTION_SHIFTS:
	case ACTION_RULES:
	case ACTION_AUDIT:
		/* The supervisors' screens refuse an inspector when they open:
		 * the refusal is the status bar's message.  */
		v->ctx->push_ops = action == ACTION_SHIFTS  ? &view_shifts_ops
				   : action == ACTION_RULES ? &view_rules_ops
							    : &view_audit_ops;
		v->ctx->push_arg = 0;
		return VIEW_HANDLED | VIEW_PUSH;
	case ACTION_OUTCOME:
	case ACTION_OVERRIDE:
		if (q->n == 0)
			return VIEW_HANDLED;
		v->ctx->push_ops = action == ACTION_OUTCOME ? &view_outcome_ops : &view_override_ops;
		v->ctx->push_arg = q->rows[q->cursor].key.id;
		return VIEW_HANDLED | VIEW_PUSH;
	case ACTION_WALK_IN:
		v->ctx->push_ops = &view_walkin_ops;
		v->ctx->push_arg = 0;
		return VIEW_HANDLED | VIEW_PUSH;
	case ACTION_SEARCH:
		memcpy(q->saved_search, q->search, sizeof(q->search));
		q->prompting = true;
		break;
	case ACTION_SEARCH_CLEAR:
		if (q->search[0] == '\0')
			return 0;
		q->search[0] = '\0';
		queue_refilter(v);
		break;
	case ACTION_FILTER_LANE:
	case ACTION_FILTER_KIND:
	case ACTION_FILTER_STATUS:
	case ACTION_FILTER_CROSSING:
	case ACTION_FILTER_CLEAR:
	case ACTION_SORT:
		queue_filter_step(v, action);
		break;
	default:
		return 0;
	}
	return VIEW_HANDLED;
}

/* Append ", PART" to BUF.  */
static void
queue_title_add(char *buf, size_t size, const char *part)
{
	size_t n = strlen(buf);

	if (n < size)
		snprintf(buf + n, size - n, ", %s", part);
}

static void
queue_title(struct view *v, char *buf, size_t size)
{
	struct queue *q = v->priv;
	const struct store_queue_filter *f = &q->filter;
	char part[STORE_TEXT_MAX + 32];

	snprintf(buf, size, "%s", _("Queue"));
	if (f->lane >= 0) {
		/* L10N: in the queue's title: only lane R (Y, G, -) is shown. */
		snprintf(part, sizeof(part), _("lane %c"),
			 subject_lane_letter((enum subject_lane)f->lane));
		queue_title_add(buf, size, part);
	}
	switch (f->kind) {
	/* L10N: in the queue's title, when only one kind is shown. */
	case SUBJECT_CONSIGNMENT:
		queue_title_add(buf, size, _("consignments"));
		break;
	case SUBJECT_TRAVELLER:
		queue_title_add(buf, size, _("travellers"));
		break;
	case SUBJECT_VEHICLE:
		queue_title_add(buf, size, _("vehicles"));
		break;
	default:
		break;
	}
	if (f->status >= 0)
		queue_title_add(buf, size, view_status_label((enum subject_status)f->status));
	if (q->crossing[0])
		queue_title_add(buf, size, q->crossing);
	if (f->sort == STORE_SORT_ARRIVAL)
		/* L10N: in the queue's title: the order of the rows. */
		queue_title_add(buf, size, _("by arrival"));
	else if (f->sort == STORE_SORT_REF)
		queue_title_add(buf, size, _("by reference"));
	if (q->search[0]) {
		/* L10N: in the queue's title when a search narrows it. */
		snprintf(part, sizeof(part), _("search \"%s\""), q->search);
		queue_title_add(buf, size, part);
	}
}

static void
queue_status(struct view *v, char *buf, size_t size)
{
	struct queue *q = v->priv;

	if (q->prompting) {
		snprintf(buf, size, "/%s", q->search);
		return;
	}
	if (q->count_more && (q->n == 0 || q->pos_unknown))
		/* L10N: a search's matches, counted up to %lld and no further. */
		snprintf(buf, size, _("%lld+ matches"), (long long)q->count);
	else if (q->count_more)
		/* L10N: the row's position among a search's %lld or more matches. */
		snprintf(buf, size, _("%lld/%lld+"),
			 (long long)(q->first_pos + (int64_t)q->cursor + 1), (long long)q->count);
	else if (q->n == 0)
		/* L10N: the number of subjects in the queue (or matching a search). */
		snprintf(buf, size, P_("%lld subject", "%lld subjects", q->count),
			 (long long)q->count);
	else
		snprintf(buf, size, "%lld/%lld",
			 (long long)(q->first_pos + (int64_t)q->cursor + 1), (long long)q->count);
}

const struct view_ops view_queue_ops = {
	.name = "queue",
	.keymap = KEYMAP_QUEUE,
	.open = queue_open,
	.draw = queue_draw,
	.input = queue_input,
	.handle = queue_handle,
	.title = queue_title,
	.status = queue_status,
	.close = queue_close,
	.suspend = queue_suspend,
	.reveal = queue_reveal,
};
