/* view_shifts: the list of shifts for supervisors (report.h,
 * report_shifts), newest first: inspector, crossing, start and end,
 * inspections by lane, seizures, overrides, the median inspection time,
 * red subjects left uninspected and whether it is countersigned.  Enter
 * opens a shift (view_shift_detail.c).  Inspectors are refused when it
 * opens.  The list is a booth's shifts, held whole: a few a day.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "report.h"
#include "view.h"

struct shifts {
	struct report_shift *v;
	size_t n, cursor, top;
	bool stale; /* a shift was opened: it may have been countersigned */
};

static enum diag_status
shifts_load(struct view *v, struct diag *d)
{
	struct shifts *s = v->priv;

	free(s->v);
	s->v = NULL;
	s->n = 0;
	return report_shifts(v->ctx->store, v->ctx->vault, &s->v, &s->n, d);
}

static enum diag_status
shifts_open(struct view *v, int64_t arg, struct diag *d)
{
	struct shifts *s;
	enum diag_status rc;

	(void)arg;
	if ((rc = report_allowed(v->ctx->vault, d)))
		return rc;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	v->priv = s;
	if ((rc = shifts_load(v, d))) {
		free(s);
		v->priv = NULL;
	}
	return rc;
}

static void
shifts_close(struct view *v)
{
	struct shifts *s = v->priv;

	if (s)
		free(s->v);
	free(s);
}

/* "08:14" of an ISO 8601 time, or "open".  */
static const char *
clock_of(const char *iso, char *buf, size_t size)
{
	if (iso[0] == '\0')
		snprintf(buf, size, "%s", _("open"));
	else
		snprintf(buf, size, "%.5s", strlen(iso) >= 16 ? iso + 11 : iso);
	return buf;
}

static void
shifts_draw(struct view *v)
{
	struct shifts *s = v->priv;
	size_t rows = v->height > 1 ? (size_t)v->height - 1 : 1;
	char line[256];

	if (s->stale) {
		struct diag d;

		s->stale = false;
		diag_clear(&d);
		if (shifts_load(v, &d))
			view_message(v, "%s", d.msg);
	}
	/* L10N: column heads of the shifts screen; keep the widths.  */
	snprintf(line, sizeof line, "%5s %-8s %-5s %-16s %-5s %3s %3s %3s %3s %3s %3s %5s %3s %s",
		 _("Shift"), _("Who"), _("Xing"), _("Opened"), _("Close"), _("Ins"), _("R"),
		 _("Y"), _("G"), _("Sz"), _("Ovr"), _("Med"), _("RL"), _("S"));
	tui_draw_text(v->top, 0, v->width, tui_attr(ELEM_HEADER), line);
	if (s->n == 0) {
		tui_draw_text(v->top + 1, 0, v->width, A_NORMAL, _("No shifts recorded."));
		return;
	}
	if (s->cursor >= s->n)
		s->cursor = s->n - 1;
	if (s->cursor < s->top)
		s->top = s->cursor;
	if (s->cursor >= s->top + rows)
		s->top = s->cursor - rows + 1;
	for (size_t i = 0; i < rows && s->top + i < s->n; i++) {
		const struct report_shift *r = &s->v[s->top + i];
		char closed[16], med[16];

		if (r->median_seconds < 0)
			snprintf(med, sizeof med, "-");
		else
			snprintf(med, sizeof med, "%d:%02d", (int)(r->median_seconds / 60 % 1000),
				 (int)(r->median_seconds % 60));
		snprintf(line, sizeof line,
			 "%5lld %-8.8s %-5.5s %-16.16s %-5.5s %3lld %3lld %3lld %3lld %3lld %3lld %5s "
			 "%3lld %s",
			 (long long)r->id, r->actor, r->crossing[0] ? r->crossing : "-",
			 r->opened_at, clock_of(r->closed_at, closed, sizeof closed),
			 (long long)r->inspected, (long long)r->by_lane[LANE_RED],
			 (long long)r->by_lane[LANE_YELLOW], (long long)r->by_lane[LANE_GREEN],
			 (long long)r->seizures, (long long)r->overrides, med,
			 (long long)r->red_uninspected, r->countersign_seq ? "*" : "-");
		tui_draw_text(v->top + 1 + (int)i, 0, v->width,
			      s->top + i == s->cursor ? tui_attr(ELEM_CURSOR) : A_NORMAL, line);
	}
}

static unsigned
shifts_handle(struct view *v, enum action_id action)
{
	struct shifts *s = v->priv;
	size_t page = v->height > 2 ? (size_t)v->height - 1 : 1;

	switch (action) {
	case ACTION_MOVE_DOWN:
		if (s->cursor + 1 < s->n)
			s->cursor++;
		break;
	case ACTION_MOVE_UP:
		if (s->cursor > 0)
			s->cursor--;
		break;
	case ACTION_PAGE_DOWN:
		s->cursor = s->n && s->cursor + page < s->n ? s->cursor + page : s->n ? s->n - 1 : 0;
		break;
	case ACTION_PAGE_UP:
		s->cursor = s->cursor > page ? s->cursor - page : 0;
		break;
	case ACTION_MOVE_FIRST:
		s->cursor = 0;
		break;
	case ACTION_MOVE_LAST:
		s->cursor = s->n ? s->n - 1 : 0;
		break;
	case ACTION_ENTER:
		if (s->n == 0)
			break;
		s->stale = true;
		v->ctx->push_ops = &view_shift_detail_ops;
		v->ctx->push_arg = s->v[s->cursor].id;
		return VIEW_HANDLED | VIEW_PUSH;
	case ACTION_VIEW_CLOSE:
		return VIEW_HANDLED | VIEW_BACK;
	default:
		return 0;
	}
	return VIEW_HANDLED;
}

static void
shifts_title(struct view *v, char *buf, size_t size)
{
	(void)v;
	snprintf(buf, size, "%s", _("Shifts"));
}

static void
shifts_status(struct view *v, char *buf, size_t size)
{
	struct shifts *s = v->priv;

	/* L10N: status bar of the shifts screen: "2/14 shifts".  */
	snprintf(buf, size, _("%zu/%zu shifts"), s->n ? s->cursor + 1 : 0, s->n);
}

const struct view_ops view_shifts_ops = {
	.name = "shifts",
	.keymap = KEYMAP_SUPER,
	.open = shifts_open,
	.draw = shifts_draw,
	.input = NULL,
	.handle = shifts_handle,
	.title = shifts_title,
	.status = shifts_status,
	.close = shifts_close,
};
