/* pager: the scrolling shared by the text views (detail, help).
 *
 * The text is built once when the view opens, as a list of UTF-8 lines;
 * drawing cuts each line to the width of the screen, so a resize needs no
 * rebuild.  j/k scroll by a line, PgUp/PgDn by a screen, g/G to the ends.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "view.h"

void
pager_init(struct pager *p)
{
	text_lines_init(&p->lines);
	p->top = 0;
}

void
pager_clear(struct pager *p)
{
	/* The text may be a subject's: wipe it before it is freed. */
	for (size_t i = 0; i < p->lines.n; i++)
		if (p->lines.lines[i].text)
			view_wipe(p->lines.lines[i].text, strlen(p->lines.lines[i].text));
	text_lines_clear(&p->lines);
	p->top = 0;
}

static size_t
pager_max_top(const struct view *v, const struct pager *p)
{
	size_t h = (size_t)v->height;

	return p->lines.n > h ? p->lines.n - h : 0;
}

void
pager_draw(struct view *v, struct pager *p)
{
	if (p->top > pager_max_top(v, p))
		p->top = pager_max_top(v, p);
	for (int y = 0; y < v->height; y++) {
		size_t i = p->top + (size_t)y;

		if (i >= p->lines.n)
			break;
		tui_draw_text(v->top + y, 0, v->width,
			      tui_attr(p->lines.lines[i].style == TEXT_HEADING ? ELEM_HEADING
										: ELEM_NORMAL),
			      p->lines.lines[i].text);
	}
}

unsigned
pager_handle(struct view *v, struct pager *p, enum action_id action)
{
	size_t max = pager_max_top(v, p);
	size_t page = v->height > 1 ? (size_t)v->height - 1 : 1;

	switch (action) {
	case ACTION_MOVE_UP:
		if (p->top > 0)
			p->top--;
		break;
	case ACTION_MOVE_DOWN:
		if (p->top < max)
			p->top++;
		break;
	case ACTION_PAGE_UP:
		p->top = p->top > page ? p->top - page : 0;
		break;
	case ACTION_PAGE_DOWN:
		p->top = p->top + page < max ? p->top + page : max;
		break;
	case ACTION_MOVE_FIRST:
		p->top = 0;
		break;
	case ACTION_MOVE_LAST:
		p->top = max;
		break;
	case ACTION_VIEW_CLOSE:
		return VIEW_HANDLED | VIEW_BACK;
	default:
		return 0;
	}
	return VIEW_HANDLED;
}

void
pager_status(struct view *v, struct pager *p, char *buf, size_t size)
{
	size_t last = p->top + (size_t)v->height;

	if (last > p->lines.n)
		last = p->lines.n;
	/* L10N: first and last line on screen, and the number of lines. */
	snprintf(buf, size, _("lines %zu-%zu/%zu"), p->lines.n ? p->top + 1 : 0, last,
		 p->lines.n);
}
