/* display: setting curses up and down, for a terminal or headless.
 *
 * Interactive: curses on the process's terminal, keys from get_wch().
 * Headless (tig's test mode): curses writes to /dev/null and reads nothing;
 * the screen has the fixed size the caller asks for; keys come from a
 * script read by tui.c; display_save() writes the screen's text to a file,
 * one line per row, trailing blanks trimmed, UTF-8, so a test can compare
 * it with diff; its attributes and colours can be saved too, as text.
 *
 * Every file of src/tui includes curses through this header, so the wide
 * character API is always the one declared.
 */
#ifndef DOUANE_TUI_DISPLAY_H
#define DOUANE_TUI_DISPLAY_H

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>
#include <stdbool.h>
#include <stdio.h>

#include "diag.h"

struct display {
	SCREEN *screen;
	FILE *out, *in; /* headless only: /dev/null */
	bool headless;
	bool colour; /* colours may be used */
};

/* Start curses.  HEADLESS uses a LINES x COLUMNS screen on /dev/null.  */
enum diag_status display_open(struct display *dp, bool headless, int lines, int columns,
			      struct diag *d);
void display_close(struct display *dp);

/* Headless: change the screen size, as a terminal resize would.  */
void display_resize(struct display *dp, int lines, int columns);

/* Wait at most TIMEOUT_MS (-1: for ever) for a key; returns it (see
 * actions.h), or -1 on timeout.  Interactive only.  */
int display_get_key(struct display *dp, int timeout_ms);

/* Write the text of the screen to PATH, or with ATTRIBUTES its attribute
 * layer: one line per run of cells drawn alike, "ROW COL+LEN ATTRS".  */
enum diag_status display_save(const char *path, bool attributes, struct diag *d);

#endif
