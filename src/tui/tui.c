/* tui: the main loop of the interface.
 *
 * tui_run() starts curses (display.c), opens the queue view and loops:
 * draw the whole screen (title line, the top view, status bar, key bar),
 * read a key, dispatch it.  Keys come from the terminal, or in headless
 * mode from a script; both end up in tui_key(), so the tests drive exactly
 * the code an inspector does.
 *
 * Screen layout, top to bottom:
 *
 *   row 0            title: "douane — queue"
 *   rows 1..LINES-3  the view on top of the stack
 *   row LINES-2      status: user, the view's position, the clock
 *   row LINES-1      key bar, generated from the action table
 *
 * The script (headless) is read line by line:
 *
 *   # a comment
 *   jjj<Down><PgDn>          keys: characters, or names in angle brackets
 *   :save-display FILE       write the screen text to FILE
 *   :resize LINES COLUMNS    as if the terminal were resized
 *
 * A line that cannot be understood stops the run with DIAG_USAGE, naming
 * the script and the line.  The clock is $DOUANE_NOW when set (tests set
 * it, so screen dumps are stable), else the real time in UTC; headless
 * runs without DOUANE_NOW show no clock and every arrival as a date.
 *
 * The colour table is below: one row per screen element, with its colours
 * and the attributes used on a monochrome terminal or under NO_COLOR.
 * Lanes are never shown by colour alone: the letter R/Y/G/- is always there.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "tui.h"
#include "view.h"

/* --- Colours -------------------------------------------------------------- */

struct tui_colour {
	short fg, bg;   /* -1: the terminal's default */
	attr_t colour;  /* extra attributes with colours */
	attr_t mono;    /* attributes without colours */
};

static const struct tui_colour colour_table[ELEM_COUNT] = {
	[ELEM_NORMAL] = {-1, -1, A_NORMAL, A_NORMAL},
	[ELEM_TITLE] = {COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD},
	[ELEM_STATUS] = {COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE},
	[ELEM_KEY] = {COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE},
	[ELEM_HEADER] = {-1, -1, A_BOLD | A_UNDERLINE, A_BOLD | A_UNDERLINE},
	[ELEM_CURSOR] = {COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE},
	[ELEM_HEADING] = {COLOR_YELLOW, -1, A_BOLD, A_BOLD},
	[ELEM_LANE_RED] = {COLOR_WHITE, COLOR_RED, A_BOLD, A_BOLD},
	[ELEM_LANE_YELLOW] = {COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_NORMAL},
	[ELEM_LANE_GREEN] = {COLOR_BLACK, COLOR_GREEN, A_NORMAL, A_NORMAL},
	[ELEM_LANE_NONE] = {-1, -1, A_NORMAL, A_NORMAL},
	[ELEM_ERROR] = {COLOR_RED, -1, A_BOLD, A_BOLD},
};

static bool colours_on;

static void
tui_colours_init(bool colour)
{
	colours_on = colour;
	if (!colour)
		return;
	for (int e = 1; e < ELEM_COUNT; e++)
		init_pair((short)e, colour_table[e].fg, colour_table[e].bg);
}

attr_t
tui_attr(enum tui_element e)
{
	if (e >= ELEM_COUNT)
		e = ELEM_NORMAL;
	if (!colours_on)
		return colour_table[e].mono;
	return colour_table[e].colour | (e ? COLOR_PAIR(e) : 0);
}

void
tui_draw_text(int y, int x, int width, attr_t attr, const char *s)
{
	wchar_t buf[512];

	if (width <= 0)
		return;
	if ((size_t)width >= sizeof(buf) / sizeof(buf[0]))
		width = (int)(sizeof(buf) / sizeof(buf[0])) - 1;
	text_fit(buf, sizeof(buf) / sizeof(buf[0]), s, width, true);
	attrset(attr);
	mvaddnwstr(y, x, buf, -1);
	attrset(A_NORMAL);
}

/* --- The loop ------------------------------------------------------------- */

#define TUI_STACK_MAX 8

struct tui {
	struct display display;
	struct view_context ctx;
	struct view *stack[TUI_STACK_MAX];
	int depth;
	const struct tui_options *o;
};

void
view_message(struct view *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v->ctx->message, sizeof(v->ctx->message), fmt, ap);
	va_end(ap);
}

static void
tui_clock(struct tui *t)
{
	const char *fixed = getenv("DOUANE_NOW");
	time_t now;
	struct tm tm;

	if (fixed != NULL && *fixed != '\0') {
		snprintf(t->ctx.now, sizeof(t->ctx.now), "%s", fixed);
	} else if (t->o->script != NULL) {
		/* Headless with no fixed time: no clock, so dumps are stable. */
		t->ctx.now[0] = '\0';
	} else {
		now = time(NULL);
		gmtime_r(&now, &tm);
		strftime(t->ctx.now, sizeof(t->ctx.now), "%Y-%m-%dT%H:%MZ", &tm);
	}
	snprintf(t->ctx.today, sizeof(t->ctx.today), "%.10s", t->ctx.now);
}

static struct view *
tui_top(struct tui *t)
{
	return t->depth > 0 ? t->stack[t->depth - 1] : NULL;
}

static void
tui_layout(struct view *v)
{
	v->top = 1;
	v->height = LINES - 3 > 1 ? LINES - 3 : 1;
	v->width = COLS;
}

static enum diag_status
tui_push(struct tui *t, const struct view_ops *ops, int64_t arg, struct diag *d)
{
	struct view *v;
	enum diag_status rc;

	if (t->depth == TUI_STACK_MAX)
		return DIAG_OK;
	v = calloc(1, sizeof(*v));
	if (v == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, "%s", strerror(ENOMEM));
	v->ops = ops;
	v->ctx = &t->ctx;
	tui_layout(v);
	rc = ops->open(v, arg, d);
	if (rc != DIAG_OK) {
		free(v);
		return rc;
	}
	t->stack[t->depth++] = v;
	return DIAG_OK;
}

static void
tui_pop(struct tui *t)
{
	struct view *v = t->stack[--t->depth];

	if (v->ops->close)
		v->ops->close(v);
	free(v);
}

static void
tui_draw_keybar(struct view *v, int y)
{
	int x = 0;

	move(y, 0);
	clrtoeol();
	for (int a = 1; a < ACTION_COUNT && x < COLS; a++) {
		const struct action *act = action_get((enum action_id)a);
		char name[ACTION_KEY_NAME_MAX];
		int key, w;

		if (act->label == NULL)
			continue;
		key = keymap_first_key(v->ops->keymap, act->id);
		if (key < 0)
			continue;
		action_key_name(key, name, sizeof(name));
		/* "F1 Help  Enter Open": the key highlighted, two blanks after. */
		w = text_width(name);
		if (x + w > COLS)
			break;
		tui_draw_text(y, x, w, tui_attr(ELEM_KEY), name);
		x += w + 1;
		w = text_width(_(act->label));
		if (x + w > COLS)
			w = COLS - x;
		tui_draw_text(y, x, w, A_NORMAL, _(act->label));
		x += w + 2;
	}
}

static void
tui_draw(struct tui *t)
{
	struct view *v = tui_top(t);
	char left[1024], part[256], title[256];
	int clock_w;

	erase();
	if (LINES < 4 || COLS < 20) {
		tui_draw_text(0, 0, COLS, A_NORMAL, _("Terminal too small"));
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	tui_layout(v);

	/* Title. */
	title[0] = '\0';
	v->ops->title(v, title, sizeof(title));
	snprintf(left, sizeof(left), "douane \xe2\x80\x94 %s", title);
	tui_draw_text(0, 0, COLS, tui_attr(ELEM_TITLE), left);

	/* The view. */
	v->ops->draw(v);

	/* Status bar: a message, or who and where; the clock on the right. */
	part[0] = '\0';
	v->ops->status(v, part, sizeof(part));
	if (t->ctx.message[0])
		snprintf(left, sizeof(left), " %s", t->ctx.message);
	else if (t->ctx.user && *t->ctx.user)
		snprintf(left, sizeof(left), " %s \xe2\x94\x82 %s", t->ctx.user, part);
	else
		snprintf(left, sizeof(left), " %s", part);
	clock_w = t->ctx.now[0] ? text_width(t->ctx.now) + 1 : 0;
	if (clock_w > COLS / 2)
		clock_w = 0;
	tui_draw_text(LINES - 2, 0, COLS - clock_w,
		      tui_attr(t->ctx.message[0] ? ELEM_ERROR : ELEM_STATUS) |
			      (t->ctx.message[0] ? A_REVERSE : 0),
		      left);
	if (clock_w > 0) {
		char clock[48];

		snprintf(clock, sizeof(clock), "%s ", t->ctx.now);
		tui_draw_text(LINES - 2, COLS - clock_w, clock_w, tui_attr(ELEM_STATUS), clock);
	}

	tui_draw_keybar(v, LINES - 1);
	wnoutrefresh(stdscr);
	doupdate();
}

/* Dispatch one key.  Returns true when the interface should end.  */
static bool
tui_key(struct tui *t, int key)
{
	struct view *v = tui_top(t);
	enum action_id action = ACTION_NONE;
	unsigned flags = 0;

	t->ctx.message[0] = '\0';
	t->ctx.push_ops = NULL;
	tui_layout(v);

	if ((key & ~ACTION_KEY_FUNC) == KEY_RESIZE && (key & ACTION_KEY_FUNC))
		return false;
	if (v->ops->input)
		flags = v->ops->input(v, key);
	if (!(flags & VIEW_HANDLED)) {
		action = keymap_lookup(v->ops->keymap, key);
		flags = action == ACTION_NONE ? 0 : v->ops->handle(v, action);
	}
	if (!(flags & VIEW_HANDLED)) {
		char name[ACTION_KEY_NAME_MAX];

		switch (action) {
		case ACTION_NONE:
			/* L10N: %s names a key: "x", "F5", "C-t". */
			view_message(v, _("Key %s does nothing here; press ? for help"),
				     action_key_name(key, name, sizeof(name)));
			break;
		case ACTION_HELP:
			if (v->ops != &view_help_ops) {
				t->ctx.push_ops = &view_help_ops;
				t->ctx.push_arg = 0;
				flags |= VIEW_PUSH;
			}
			break;
		case ACTION_QUIT:
			flags |= VIEW_QUIT;
			break;
		case ACTION_VIEW_CLOSE:
			if (t->depth > 1)
				flags |= VIEW_BACK;
			break;
		case ACTION_REFRESH:
			clearok(curscr, TRUE);
			break;
		default:
			break;
		}
	}
	if (flags & VIEW_QUIT)
		return true;
	if ((flags & VIEW_BACK) && t->depth > 1)
		tui_pop(t);
	if ((flags & VIEW_PUSH) && t->ctx.push_ops != NULL) {
		struct diag err;

		diag_clear(&err);
		if (tui_push(t, t->ctx.push_ops, t->ctx.push_arg, &err) != DIAG_OK) {
			/* A view that cannot open is a message, not the end. */
			snprintf(t->ctx.message, sizeof(t->ctx.message), "%s", err.msg);
		}
	}
	return false;
}

static void
tui_interactive(struct tui *t)
{
	char shown[sizeof(t->ctx.now)];

	for (;;) {
		int key;

		tui_clock(t);
		memcpy(shown, t->ctx.now, sizeof(shown));
		tui_draw(t);
		/* Wake up now and then, only to keep the clock right. */
		do {
			key = display_get_key(&t->display, 1000);
			if (key < 0)
				tui_clock(t);
		} while (key < 0 && strcmp(shown, t->ctx.now) == 0);
		if (key < 0)
			continue;
		if (tui_key(t, key))
			return;
	}
}

/* Run one script command (the line without its ':').  */
static enum diag_status
tui_script_command(struct tui *t, char *cmd, const char *file, long line, struct diag *d)
{
	char *arg = cmd + strcspn(cmd, " \t");

	if (*arg) {
		*arg++ = '\0';
		arg += strspn(arg, " \t");
	}
	if (strcmp(cmd, "save-display") == 0) {
		if (*arg == '\0')
			return diag_set(d, DIAG_USAGE, file, line,
					_("save-display needs a file name"));
		tui_draw(t);
		return display_save(arg, d);
	}
	if (strcmp(cmd, "resize") == 0) {
		int lines, cols;
		char extra;

		if (sscanf(arg, "%d %d %c", &lines, &cols, &extra) != 2 || lines < 1 ||
		    lines > 1000 || cols < 1 || cols > 1000)
			return diag_set(d, DIAG_USAGE, file, line,
					_("resize needs a number of lines and of columns"));
		display_resize(&t->display, lines, cols);
		tui_draw(t);
		return DIAG_OK;
	}
	/* L10N: %s is a command in a test script, like "save-display". */
	return diag_set(d, DIAG_USAGE, file, line, _("unknown command ':%s'"), cmd);
}

static enum diag_status
tui_script(struct tui *t, const char *file, struct diag *d)
{
	FILE *f = fopen(file, "r");
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	long line = 0;
	enum diag_status rc = DIAG_OK;

	if (f == NULL)
		return diag_set(d, errno == ENOENT ? DIAG_NOINPUT : DIAG_IO, file, 0, "%s",
				strerror(errno));
	tui_clock(t);
	tui_draw(t);
	while (rc == DIAG_OK && (len = getline(&buf, &cap, f)) >= 0) {
		const char *s = buf;
		bool quit = false;

		line++;
		while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = '\0';
		if (buf[0] == '\0' || buf[0] == '#')
			continue;
		if (buf[0] == ':') {
			rc = tui_script_command(t, buf + 1, file, line, d);
			continue;
		}
		while (*s && !quit) {
			int key;

			if (!action_key_parse(&s, &key)) {
				/* L10N: %s is the rest of the line from the bad key on. */
				rc = diag_set(d, DIAG_USAGE, file, line, _("unknown key at '%s'"), s);
				break;
			}
			quit = tui_key(t, key);
			tui_draw(t);
		}
		if (quit)
			break;
	}
	if (rc == DIAG_OK && ferror(f))
		rc = diag_set(d, DIAG_IO, file, line, "%s", strerror(errno));
	free(buf);
	fclose(f);
	return rc;
}

enum diag_status
tui_run(struct store *st, const struct tui_options *o, struct diag *d)
{
	struct tui t;
	enum diag_status rc;

	memset(&t, 0, sizeof(t));
	t.o = o;
	t.ctx.store = st;
	t.ctx.user = o->user;
	keymap_init();
	tui_clock(&t);

	rc = display_open(&t.display, o->script != NULL, o->lines, o->columns, d);
	if (rc != DIAG_OK)
		return rc;
	tui_colours_init(t.display.colour);

	rc = tui_push(&t, &view_queue_ops, 0, d);
	if (rc == DIAG_OK) {
		if (o->script)
			rc = tui_script(&t, o->script, d);
		else
			tui_interactive(&t);
	}
	while (t.depth > 0)
		tui_pop(&t);
	display_close(&t.display);
	return rc;
}
