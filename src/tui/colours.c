/* colours: the one colour table of the interface (htop's CRT.c).
 *
 * Every screen element that is drawn differently from plain text has a
 * named row here: its foreground and background colours and the
 * attributes that go with them, and the attributes used instead on a
 * terminal without colours or when NO_COLOR is set (https://no-color.org).
 * The monochrome scheme is made of bold, reverse and underline only, and
 * nothing is ever told by colour alone: a lane is always its letter too.
 *
 * A douanerc `color ELEMENT FG BG [ATTR...]` line changes a row of the
 * colour scheme (tui_colour_set); the monochrome scheme is fixed.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "view.h"

struct tui_colour {
	short fg, bg;  /* -1: the terminal's default */
	attr_t colour; /* extra attributes with colours */
	attr_t mono;   /* attributes without colours */
};

static struct tui_colour colour_table[ELEM_COUNT] = {
	[ELEM_NORMAL] = {-1, -1, A_NORMAL, A_NORMAL},
	[ELEM_TITLE] = {COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD},
	[ELEM_STATUS] = {COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE},
	[ELEM_KEY] = {COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE},
	[ELEM_HEADER] = {-1, -1, A_BOLD | A_UNDERLINE, A_BOLD | A_UNDERLINE},
	[ELEM_CURSOR] = {COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE},
	[ELEM_HEADING] = {COLOR_YELLOW, -1, A_BOLD, A_BOLD},
	[ELEM_LANE_RED] = {COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD},
	[ELEM_LANE_YELLOW] = {COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_BOLD},
	[ELEM_LANE_GREEN] = {COLOR_BLACK, COLOR_GREEN, A_NORMAL, A_UNDERLINE},
	[ELEM_LANE_NONE] = {-1, -1, A_NORMAL, A_NORMAL},
	[ELEM_ERROR] = {COLOR_RED, -1, A_BOLD, A_BOLD},
};

/* The names douanerc uses, in the table's order.  */
static const char *const element_names[ELEM_COUNT] = {
	[ELEM_NORMAL] = "normal",
	[ELEM_TITLE] = "title",
	[ELEM_STATUS] = "status",
	[ELEM_KEY] = "key",
	[ELEM_HEADER] = "header",
	[ELEM_CURSOR] = "cursor",
	[ELEM_HEADING] = "heading",
	[ELEM_LANE_RED] = "lane-red",
	[ELEM_LANE_YELLOW] = "lane-yellow",
	[ELEM_LANE_GREEN] = "lane-green",
	[ELEM_LANE_NONE] = "lane-none",
	[ELEM_ERROR] = "error",
};

static const struct {
	const char *name;
	short colour;
} colour_names[] = {
	{"default", -1}, {"black", COLOR_BLACK},     {"red", COLOR_RED},
	{"green", COLOR_GREEN}, {"yellow", COLOR_YELLOW}, {"blue", COLOR_BLUE},
	{"magenta", COLOR_MAGENTA}, {"cyan", COLOR_CYAN}, {"white", COLOR_WHITE},
};

static const struct {
	const char *name;
	attr_t attr;
} attr_names[] = {
	{"normal", A_NORMAL},       {"bold", A_BOLD},   {"dim", A_DIM},
	{"reverse", A_REVERSE},     {"underline", A_UNDERLINE},
	{"blink", A_BLINK},         {"standout", A_STANDOUT},
};

static bool colours_on;

void
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

bool
tui_element_find(const char *name, enum tui_element *out)
{
	for (int e = 0; e < ELEM_COUNT; e++) {
		if (strcmp(element_names[e], name) == 0) {
			*out = (enum tui_element)e;
			return true;
		}
	}
	return false;
}

bool
tui_colour_parse(const char *name, short *out)
{
	char *end;
	long n;

	for (size_t i = 0; i < sizeof colour_names / sizeof colour_names[0]; i++) {
		if (strcasecmp(colour_names[i].name, name) == 0) {
			*out = colour_names[i].colour;
			return true;
		}
	}
	/* color0 ... color255, for terminals with more than eight.  */
	if (strncasecmp(name, "color", 5) != 0 || name[5] == '\0')
		return false;
	n = strtol(name + 5, &end, 10);
	if (*end != '\0' || n < 0 || n > 255)
		return false;
	*out = (short)n;
	return true;
}

bool
tui_attr_parse(const char *name, attr_t *out)
{
	for (size_t i = 0; i < sizeof attr_names / sizeof attr_names[0]; i++) {
		if (strcasecmp(attr_names[i].name, name) == 0) {
			*out = attr_names[i].attr;
			return true;
		}
	}
	return false;
}

void
tui_colour_set(enum tui_element e, short fg, short bg, attr_t attrs)
{
	if (e >= ELEM_COUNT)
		return;
	colour_table[e].fg = fg;
	colour_table[e].bg = bg;
	colour_table[e].colour = attrs;
}

size_t
tui_attr_describe(attr_t attr, short pair, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 1; i < sizeof attr_names / sizeof attr_names[0]; i++) {
		if ((attr & attr_names[i].attr) == attr_names[i].attr && n < size)
			n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? " " : "",
					      attr_names[i].name);
	}
	if (pair > 0 && n < size) {
		short fg = -1, bg = -1;
		const char *fgn = "?", *bgn = "?";

		pair_content(pair, &fg, &bg);
		for (size_t i = 0; i < sizeof colour_names / sizeof colour_names[0]; i++) {
			if (colour_names[i].colour == fg)
				fgn = colour_names[i].name;
			if (colour_names[i].colour == bg)
				bgn = colour_names[i].name;
		}
		n += (size_t)snprintf(buf + n, size - n, "%s%s/%s", n ? " " : "", fgn, bgn);
	}
	if (n == 0 && size > 0)
		n = (size_t)snprintf(buf, size, "normal");
	return n < size ? n : size - 1;
}
