/* view_shift_detail: one shift for a supervisor (report.h): its figures,
 * then every inspection and lane override in order, with the selected
 * one's notes or reason at the foot.  Enter opens the selected subject
 * (view_detail.c); the countersign key signs the shift and the flag key
 * flags the selected inspection for follow-up, each after a note typed
 * on the prompt line (Enter to sign, Esc to cancel) and each a signed
 * countersign event (report_countersign, report_flag).
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "i18n.h"
#include "report.h"
#include "view.h"

#define SUMMARY_ROWS 5 /* figures, blank, column heads: before the items */
#define FOOT_ROWS 3    /* the selected item's text, the prompt */

enum prompt { PROMPT_NONE, PROMPT_COUNTERSIGN, PROMPT_FLAG };

struct shift_detail {
	int64_t id;
	struct report_shift shift;
	struct report_item *items;
	size_t n, cursor, top;
	enum prompt prompt;
	char note[256];
};

static enum diag_status
detail_load(struct view *v, struct diag *d)
{
	struct shift_detail *s = v->priv;
	enum diag_status rc;

	free(s->items);
	s->items = NULL;
	s->n = 0;
	if ((rc = report_shift(v->ctx->store, v->ctx->vault, s->id, &s->shift, d)))
		return rc;
	return report_shift_items(v->ctx->store, v->ctx->vault, s->id, &s->items, &s->n, d);
}

static enum diag_status
sd_open(struct view *v, int64_t id, struct diag *d)
{
	struct shift_detail *s;
	enum diag_status rc;

	if ((rc = report_allowed(v->ctx->vault, d)))
		return rc;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	s->id = id;
	v->priv = s;
	if ((rc = detail_load(v, d))) {
		free(s->items);
		free(s);
		v->priv = NULL;
	}
	return rc;
}

static void
sd_close(struct view *v)
{
	struct shift_detail *s = v->priv;

	if (s)
		free(s->items);
	free(s);
}

static const char *
lane_word(int lane)
{
	return lane >= LANE_GREEN && lane <= LANE_RED ? subject_lane_name((enum subject_lane)lane)
						       : "-";
}

static void
sd_draw(struct view *v)
{
	struct shift_detail *s = v->priv;
	const struct report_shift *r = &s->shift;
	int list_rows = v->height - SUMMARY_ROWS - FOOT_ROWS;
	char line[600], med[16];

	if (r->median_seconds < 0)
		snprintf(med, sizeof med, "-");
	else
		snprintf(med, sizeof med, "%d:%02d", (int)(r->median_seconds / 60 % 1000),
			 (int)(r->median_seconds % 60));
	snprintf(line, sizeof line, "%s %s  %s %s  %s .. %s", _("Inspector"), r->actor,
		 _("Crossing"), r->crossing[0] ? r->crossing : "-", r->opened_at,
		 r->closed_at[0] ? r->closed_at : _("open"));
	tui_draw_text(v->top, 0, v->width, A_NORMAL, line);
	snprintf(line, sizeof line,
		 _("Inspected %lld (red %lld, yellow %lld, green %lld)  seizure lines %lld  "
		   "overrides %lld"),
		 (long long)r->inspected, (long long)r->by_lane[LANE_RED],
		 (long long)r->by_lane[LANE_YELLOW], (long long)r->by_lane[LANE_GREEN],
		 (long long)r->seizures, (long long)r->overrides);
	tui_draw_text(v->top + 1, 0, v->width, A_NORMAL, line);
	snprintf(line, sizeof line, _("Median %s  red left uninspected %lld  flagged %lld"), med,
		 (long long)r->red_uninspected, (long long)r->flags);
	tui_draw_text(v->top + 2, 0, v->width, A_NORMAL, line);
	if (r->countersign_seq)
		snprintf(line, sizeof line, _("Countersigned by %s at %s: %s"), r->countersign_by,
			 r->countersign_at, r->countersign_note[0] ? r->countersign_note : "-");
	else
		snprintf(line, sizeof line, "%s", _("Not countersigned yet"));
	tui_draw_text(v->top + 3, 0, v->width,
		      r->countersign_seq ? tui_attr(ELEM_HEADING) : A_NORMAL, line);
	/* L10N: column heads of a shift's inspections; keep the widths.  */
	snprintf(line, sizeof line, "%6s %-20s %-16s %-6s %-22s %s", _("Event"), _("Time"),
		 _("Subject"), _("Lane"), _("Result"), _("F"));
	tui_draw_text(v->top + 4, 0, v->width, tui_attr(ELEM_HEADER), line);
	if (list_rows < 1)
		list_rows = 1;
	if (s->n == 0)
		tui_draw_text(v->top + SUMMARY_ROWS, 0, v->width, A_NORMAL,
			      _("Nothing recorded in this shift."));
	if (s->cursor >= s->n)
		s->cursor = s->n ? s->n - 1 : 0;
	if (s->cursor < s->top)
		s->top = s->cursor;
	if (s->cursor >= s->top + (size_t)list_rows)
		s->top = s->cursor - (size_t)list_rows + 1;
	for (int i = 0; i < list_rows && s->top + (size_t)i < s->n; i++) {
		const struct report_item *x = &s->items[s->top + (size_t)i];
		char what[64];

		if (x->kind == REPORT_ITEM_OVERRIDE)
			snprintf(what, sizeof what, _("override to %s"), lane_word(x->lane));
		else
			snprintf(what, sizeof what, "%s", x->result[0] ? x->result : "-");
		snprintf(line, sizeof line, "%6lld %-20s %-16.16s %-6s %-22.22s %s",
			 (long long)x->seq, x->at, x->subject,
			 x->kind == REPORT_ITEM_OVERRIDE ? "" : lane_word(x->lane), what,
			 x->flag_seq ? "!" : "");
		tui_draw_text(v->top + SUMMARY_ROWS - 1 + 1 + i, 0, v->width,
			      s->top + (size_t)i == s->cursor ? tui_attr(ELEM_CURSOR) : A_NORMAL,
			      line);
	}
	if (s->n) {
		const struct report_item *x = &s->items[s->cursor];

		snprintf(line, sizeof line, "%s %s",
			 x->kind == REPORT_ITEM_OVERRIDE ? _("Reason:") : _("Notes:"),
			 x->text[0] ? x->text : "-");
		tui_draw_text(v->top + v->height - 3, 0, v->width, A_NORMAL, line);
		if (x->flag_seq) {
			snprintf(line, sizeof line, "%s %s", _("Follow-up:"), x->flag_note);
			tui_draw_text(v->top + v->height - 2, 0, v->width, tui_attr(ELEM_HEADING),
				      line);
		}
	}
	if (s->prompt != PROMPT_NONE) {
		snprintf(line, sizeof line, "%s %s_",
			 s->prompt == PROMPT_COUNTERSIGN
				 ? _("Countersign, note (optional; Enter signs, Esc cancels):")
				 : _("Follow-up note (Enter flags, Esc cancels):"),
			 s->note);
		tui_draw_text(v->top + v->height - 1, 0, v->width, tui_attr(ELEM_KEY), line);
	}
}

static void
note_add(struct shift_detail *s, int key)
{
	char mb[MB_LEN_MAX];
	mbstate_t mbs;
	size_t len, used = strlen(s->note);

	memset(&mbs, 0, sizeof mbs);
	len = wcrtomb(mb, (wchar_t)key, &mbs);
	if (len == (size_t)-1 || used + len + 1 > sizeof s->note)
		return;
	memcpy(s->note + used, mb, len);
	s->note[used + len] = '\0';
}

static void
note_erase(struct shift_detail *s)
{
	size_t len = strlen(s->note);

	while (len > 0) {
		unsigned char c = (unsigned char)s->note[--len];

		s->note[len] = '\0';
		if ((c & 0xc0) != 0x80)
			break;
	}
}

/* Sign what the prompt was for, then reload.  */
static void
sd_commit(struct view *v)
{
	struct shift_detail *s = v->priv;
	enum prompt what = s->prompt;
	struct diag d;
	int64_t seq = 0, target = s->n ? s->items[s->cursor].seq : 0;
	enum diag_status rc;

	s->prompt = PROMPT_NONE;
	diag_clear(&d);
	if (what == PROMPT_COUNTERSIGN)
		rc = report_countersign(v->ctx->store, v->ctx->vault, s->id, s->note, &seq, &d);
	else
		rc = report_flag(v->ctx->store, v->ctx->vault, target, s->note, &seq, &d);
	view_wipe(s->note, sizeof s->note);
	if (rc) {
		view_message(v, "%s", d.msg);
		return;
	}
	if (what == PROMPT_COUNTERSIGN)
		/* L10N: %lld: the shift, then the event that signs it.  */
		view_message(v, _("Shift %lld countersigned (event %lld)"), (long long)s->id,
			     (long long)seq);
	else
		/* L10N: %lld: the inspection, then the event that flags it.  */
		view_message(v, _("Inspection %lld flagged for follow-up (event %lld)"),
			     (long long)target, (long long)seq);
	diag_clear(&d);
	if (detail_load(v, &d))
		view_message(v, "%s", d.msg);
}

static unsigned
sd_input(struct view *v, int key)
{
	struct shift_detail *s = v->priv;

	if (s->prompt == PROMPT_NONE)
		return 0;
	switch (key) {
	case ACTION_KEY_ENTER:
		sd_commit(v);
		return VIEW_HANDLED;
	case ACTION_KEY_ESC:
		s->prompt = PROMPT_NONE;
		view_wipe(s->note, sizeof s->note);
		return VIEW_HANDLED;
	case ACTION_KEY_FUNC | KEY_BACKSPACE:
	case 127:
	case 8:
		note_erase(s);
		return VIEW_HANDLED;
	default:
		break;
	}
	if (!(key & ACTION_KEY_FUNC) && key >= 0x20)
		note_add(s, key);
	return VIEW_HANDLED; /* nothing else acts while typing */
}

static unsigned
sd_handle(struct view *v, enum action_id action)
{
	struct shift_detail *s = v->priv;
	size_t page = v->height > SUMMARY_ROWS + FOOT_ROWS + 1
			      ? (size_t)(v->height - SUMMARY_ROWS - FOOT_ROWS)
			      : 1;
	struct diag d;
	int64_t id = 0;

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
		diag_clear(&d);
		if (store_subject_find(v->ctx->store, s->items[s->cursor].subject, &id, &d) ||
		    id <= 0) {
			/* L10N: %s is a subject reference.  */
			view_message(v, _("No subject %s in the vault"), s->items[s->cursor].subject);
			break;
		}
		v->ctx->push_ops = &view_detail_ops;
		v->ctx->push_arg = id;
		return VIEW_HANDLED | VIEW_PUSH;
	case ACTION_COUNTERSIGN:
		if (s->shift.closed_at[0] == '\0') {
			view_message(v, "%s", _("This shift is still open: countersign it once closed"));
			break;
		}
		s->note[0] = '\0';
		s->prompt = PROMPT_COUNTERSIGN;
		break;
	case ACTION_FLAG:
		if (s->n == 0 || s->items[s->cursor].kind != REPORT_ITEM_INSPECTION) {
			view_message(v, "%s", _("Select an inspection to flag"));
			break;
		}
		s->note[0] = '\0';
		s->prompt = PROMPT_FLAG;
		break;
	case ACTION_VIEW_CLOSE:
		return VIEW_HANDLED | VIEW_BACK;
	default:
		return 0;
	}
	return VIEW_HANDLED;
}

static void
sd_title(struct view *v, char *buf, size_t size)
{
	struct shift_detail *s = v->priv;

	/* L10N: %lld is the shift number.  */
	snprintf(buf, size, _("Shift %lld"), s ? (long long)s->id : 0LL);
}

static void
sd_status(struct view *v, char *buf, size_t size)
{
	struct shift_detail *s = v->priv;

	/* L10N: status bar of a shift's detail: "3/9 events".  */
	snprintf(buf, size, _("%zu/%zu events"), s->n ? s->cursor + 1 : 0, s->n);
}

const struct view_ops view_shift_detail_ops = {
	.name = "shift",
	.keymap = KEYMAP_SUPER,
	.open = sd_open,
	.draw = sd_draw,
	.input = sd_input,
	.handle = sd_handle,
	.title = sd_title,
	.status = sd_status,
	.close = sd_close,
};
