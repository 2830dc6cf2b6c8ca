/* tui: the ncurses (wide-character) front end.
 *
 * A thin client of the core: it reads through the store API and never runs
 * SQL of its own.  For tests it runs headless, the way tig tests itself:
 * keystrokes come from a script, curses draws to /dev/null, and a command
 * in the script dumps the screen text to a file.
 */
#ifndef DOUANE_TUI_H
#define DOUANE_TUI_H

#include "diag.h"
#include "store.h"

struct tui_options {
	const char *user;     /* who is signed in, shown in the status bar */
	const char *script;   /* headless: file of keystrokes and commands, or NULL */
	int lines, columns;   /* headless screen size (default 24x80) */
};

/* Run the interface on ST until the user quits.  Returns DIAG_OK or a
 * status with D filled in (a bad script, a store error).  */
enum diag_status tui_run(struct store *st, const struct tui_options *o, struct diag *d);

#endif
