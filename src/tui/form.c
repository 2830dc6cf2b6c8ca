/* form: drawing and editing the rows of a form view (see form.h).
 *
 * Layout of a row, cut to the screen's width:
 *
 *   ▸ Label           value_typed            what it means, or its problem
 *   ▸ [x] documentary check
 *
 * The arrow marks the field under the cursor.  The list scrolls to keep
 * the cursor on screen.
 */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "form.h"
#include "i18n.h"
#include "ref.h"

#define FORM_LABEL_WIDTH 16
#define FORM_VALUE_WIDTH 24

void
form_reset(struct form *f)
{
	f->n = 0;
}

struct form_row *
form_add(struct form *f, enum form_row_kind kind, const char *label)
{
	struct form_row *r;

	if (f->n == FORM_ROWS_MAX)
		return NULL;
	r = &f->rows[f->n++];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->label = label;
	return r;
}

static bool
form_field(const struct form *f, size_t i)
{
	return i < f->n && f->rows[i].kind != FORM_HEADING;
}

void
form_settle(struct form *f)
{
	if (f->n == 0) {
		f->cursor = 0;
		return;
	}
	if (f->cursor >= f->n)
		f->cursor = f->n - 1;
	for (size_t i = f->cursor; i < f->n; i++)
		if (form_field(f, i)) {
			f->cursor = i;
			return;
		}
	for (size_t i = f->cursor + 1; i-- > 0;)
		if (form_field(f, i)) {
			f->cursor = i;
			return;
		}
}

const char *
form_code_label(const struct outcome_code *codes, const char *code)
{
	for (const struct outcome_code *c = codes; c && c->code; c++)
		if (strcmp(c->code, code) == 0)
			return _(c->label);
	return NULL;
}

/* The first code of CODES that starts with PREFIX, or NULL.  */
static const struct outcome_code *
form_code_prefix(const struct outcome_code *codes, const char *prefix)
{
	size_t len = strlen(prefix);

	for (const struct outcome_code *c = codes; c && c->code; c++)
		if (strncmp(c->code, prefix, len) == 0)
			return c;
	return NULL;
}

static bool
form_decimal(const char *s)
{
	bool dot = false, digit = false;

	for (const char *p = s; *p; p++) {
		if (*p == '.') {
			if (dot || p == s || p[1] == '\0')
				return false;
			dot = true;
		} else if (isdigit((unsigned char)*p))
			digit = true;
		else
			return false;
	}
	return digit;
}

static bool
form_date(const char *s)
{
	int y, m, d;
	char extra;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return false;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3)
		return false;
	return y > 1880 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

const char *
form_row_problem(const struct form_row *r, bool missing)
{
	if (r->kind != FORM_TEXT && r->kind != FORM_CHOICE)
		return NULL;
	if (r->text[0] == '\0')
		/* L10N: next to a form field that must be filled in. */
		return missing && r->required ? _("missing") : NULL;
	if (r->kind == FORM_CHOICE) {
		if (form_code_label(r->codes, r->text))
			return NULL;
		/* While typing, the start of a code is no problem yet. */
		if (!missing && form_code_prefix(r->codes, r->text) != NULL)
			return NULL;
		/* L10N: next to a list field whose code is not in its list. */
		return _("unknown code (Left/Right)");
	}
	switch (r->check) {
	case FORM_CHECK_HS:
		/* L10N: next to a seizure line's HS code. */
		return ref_hs_valid(r->text) ? NULL : _("unknown HS code");
	case FORM_CHECK_DECIMAL:
		return form_decimal(r->text) ? NULL : _("not a number (12 or 12.5)");
	case FORM_CHECK_CURRENCY:
		return strlen(r->text) == 3 && isupper((unsigned char)r->text[0]) &&
				       isupper((unsigned char)r->text[1]) &&
				       isupper((unsigned char)r->text[2])
			       ? NULL
			       : _("three capitals (EUR)");
	case FORM_CHECK_COUNTRY:
		return ref_country_valid(r->text) ? NULL : _("unknown country code");
	case FORM_CHECK_DATE:
		return form_date(r->text) ? NULL : _("a date, 1980-02-29");
	case FORM_CHECK_NONE:
		break;
	}
	return NULL;
}

/* What a valid field means: a code's label, a country's or HS code's name. */
static const char *
form_row_hint(const struct form_row *r)
{
	if (r->kind == FORM_CHOICE && r->text[0]) {
		static char more[160];
		const struct outcome_code *c;

		if (form_code_label(r->codes, r->text))
			return form_code_label(r->codes, r->text);
		if ((c = form_code_prefix(r->codes, r->text)) == NULL)
			return NULL;
		/* L10N: a list field's typed start: the code Right completes. */
		snprintf(more, sizeof(more), _("%s? (Right completes)"), c->code);
		return more;
	}
	if (r->kind != FORM_TEXT || r->text[0] == '\0')
		return NULL;
	if (r->check == FORM_CHECK_COUNTRY)
		return ref_country_name(r->text);
	if (r->check == FORM_CHECK_HS)
		return ref_hs_description(r->text);
	return NULL;
}

bool
form_problem(struct form *f, char *buf, size_t size)
{
	for (size_t i = 0; i < f->n; i++) {
		const char *p = form_row_problem(&f->rows[i], true);

		if (p != NULL) {
			f->cursor = i;
			snprintf(buf, size, _("%s: %s"), f->rows[i].name, p);
			return true;
		}
	}
	return false;
}

bool
form_focus(struct form *f, const char *message)
{
	size_t len = strcspn(message, ":");

	for (size_t i = 0; i < f->n; i++) {
		if (f->rows[i].name[0] && strlen(f->rows[i].name) == len &&
		    strncmp(f->rows[i].name, message, len) == 0) {
			f->cursor = i;
			return true;
		}
	}
	return false;
}

static void
form_scroll(const struct view *v, struct form *f)
{
	size_t h = v->height > 0 ? (size_t)v->height : 1;

	/* A new size: the least scrolling that shows the cursor, so that
	 * resizing back gives back the same screen. */
	if (h != f->height) {
		f->height = h;
		f->top = f->cursor >= h ? f->cursor - h + 1 : 0;
	}

	if (f->cursor < f->top)
		f->top = f->cursor > 0 && f->rows[f->cursor - 1].kind == FORM_HEADING
				 ? f->cursor - 1
				 : f->cursor;
	if (f->cursor >= f->top + h)
		f->top = f->cursor - h + 1;
	if (f->n <= h)
		f->top = 0;
	else if (f->top > f->n - h)
		f->top = f->n - h;
}

void
form_draw(struct view *v, struct form *f)
{
	form_scroll(v, f);
	for (int y = 0; y < v->height; y++) {
		size_t i = f->top + (size_t)y;
		const struct form_row *r;
		char buf[512];
		bool here = i == f->cursor;
		int x = 0, w;

		if (i >= f->n)
			break;
		r = &f->rows[i];
		if (r->kind == FORM_HEADING) {
			tui_draw_text(v->top + y, 0, v->width, tui_attr(ELEM_HEADING), r->label);
			continue;
		}
		/* "▸ " marks the field under the cursor. */
		tui_draw_text(v->top + y, 0, 2, tui_attr(ELEM_CURSOR), here ? "\xe2\x96\xb8 " : "  ");
		x = 2;
		if (r->kind == FORM_TOGGLE) {
			snprintf(buf, sizeof(buf), "[%c] %s", *r->on ? 'x' : ' ', r->label);
			tui_draw_text(v->top + y, x, v->width - x,
				      here ? tui_attr(ELEM_CURSOR) : A_NORMAL, buf);
			continue;
		}
		w = text_width(r->label);
		tui_draw_text(v->top + y, x, FORM_LABEL_WIDTH, A_NORMAL, r->label);
		x += (w < FORM_LABEL_WIDTH ? FORM_LABEL_WIDTH : w + 1);
		if (x >= v->width)
			continue;
		{
			int vw = FORM_VALUE_WIDTH, tw = text_width(r->text);
			const char *problem = form_row_problem(r, false);
			const char *hint = form_row_hint(r);
			const char *text = r->text;

			/* The end of a long text stays in view while typing. */
			while (tw >= vw && *text) {
				text++;
				while ((*text & 0xc0) == 0x80)
					text++;
				tw = text_width(text);
			}
			snprintf(buf, sizeof(buf), "%s%s", text, here ? "_" : "");
			if (vw > v->width - x)
				vw = v->width - x;
			tui_draw_text(v->top + y, x, vw, here ? tui_attr(ELEM_CURSOR) : A_UNDERLINE,
				      buf);
			x += vw + 1;
			if (x < v->width && problem)
				tui_draw_text(v->top + y, x, v->width - x, tui_attr(ELEM_ERROR), problem);
			else if (x < v->width && hint)
				tui_draw_text(v->top + y, x, v->width - x, A_NORMAL, hint);
			else if (x < v->width && here && r->kind == FORM_CHOICE)
				/* L10N: next to an empty list field under the cursor. */
				tui_draw_text(v->top + y, x, v->width - x, A_NORMAL,
					      _("Left/Right to choose"));
		}
	}
}

/* Append the UTF-8 form of KEY to R's text.  */
static void
form_type(struct form_row *r, int key)
{
	char mb[MB_LEN_MAX];
	mbstate_t mbs;
	size_t len, used = strlen(r->text);

	memset(&mbs, 0, sizeof(mbs));
	len = wcrtomb(mb, (wchar_t)key, &mbs);
	if (len == (size_t)-1 || used + len + 1 > r->size)
		return;
	memcpy(r->text + used, mb, len);
	r->text[used + len] = '\0';
}

static void
form_erase(struct form_row *r)
{
	size_t len = strlen(r->text);

	while (len > 0) {
		unsigned char c = (unsigned char)r->text[--len];

		r->text[len] = '\0';
		if ((c & 0xc0) != 0x80)
			break;
	}
}

unsigned
form_input(struct view *v, struct form *f, int key)
{
	struct form_row *r;

	(void)v;
	if (f->cursor >= f->n)
		return 0;
	r = &f->rows[f->cursor];
	if (r->kind != FORM_TEXT && r->kind != FORM_CHOICE)
		return 0;
	if (key == (ACTION_KEY_FUNC | KEY_BACKSPACE)) {
		form_erase(r);
		return VIEW_HANDLED;
	}
	if ((key & ACTION_KEY_FUNC) || key < 0x20 || key == 0x7f)
		return 0;
	/* A space in a list field steps it (codes have no spaces). */
	if (key == ' ' && r->kind == FORM_CHOICE)
		return 0;
	form_type(r, key);
	return VIEW_HANDLED;
}

/* Step list field R by DIR through its codes.  */
static void
form_step(struct form_row *r, int dir)
{
	size_t n = 0, at = SIZE_MAX;

	for (const struct outcome_code *c = r->codes; c->code; c++, n++)
		if (strcmp(c->code, r->text) == 0)
			at = n;
	if (n == 0)
		return;
	if (at == SIZE_MAX && r->text[0] && dir > 0) {
		const struct outcome_code *c = form_code_prefix(r->codes, r->text);

		if (c != NULL) {
			snprintf(r->text, r->size, "%s", c->code);
			return;
		}
	}
	if (at == SIZE_MAX)
		at = dir > 0 ? 0 : n - 1;
	else
		at = (at + n + (size_t)(dir > 0 ? 1 : n - 1)) % n;
	snprintf(r->text, r->size, "%s", r->codes[at].code);
}

unsigned
form_handle(struct view *v, struct form *f, enum action_id action)
{
	struct form_row *r = f->cursor < f->n ? &f->rows[f->cursor] : NULL;
	size_t page = v->height > 1 ? (size_t)v->height - 1 : 1;

	switch (action) {
	case ACTION_FIELD_NEXT:
	case ACTION_MOVE_DOWN:
		for (size_t i = f->cursor + 1; i < f->n; i++)
			if (form_field(f, i)) {
				f->cursor = i;
				break;
			}
		return VIEW_HANDLED;
	case ACTION_FIELD_PREV:
	case ACTION_MOVE_UP:
		for (size_t i = f->cursor; i-- > 0;)
			if (form_field(f, i)) {
				f->cursor = i;
				break;
			}
		return VIEW_HANDLED;
	case ACTION_PAGE_DOWN:
		f->cursor = f->cursor + page < f->n ? f->cursor + page : (f->n ? f->n - 1 : 0);
		form_settle(f);
		return VIEW_HANDLED;
	case ACTION_PAGE_UP:
		f->cursor = f->cursor > page ? f->cursor - page : 0;
		form_settle(f);
		return VIEW_HANDLED;
	case ACTION_CHOICE_NEXT:
	case ACTION_CHOICE_PREV:
	case ACTION_TOGGLE:
		if (r == NULL)
			return VIEW_HANDLED;
		if (r->kind == FORM_TOGGLE && action == ACTION_TOGGLE)
			*r->on = !*r->on;
		else if (r->kind == FORM_CHOICE)
			form_step(r, action == ACTION_CHOICE_PREV ? -1 : 1);
		return VIEW_HANDLED;
	case ACTION_FIELD_CLEAR:
		if (r != NULL && r->text != NULL)
			r->text[0] = '\0';
		return VIEW_HANDLED;
	default:
		return 0;
	}
}
