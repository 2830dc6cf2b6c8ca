/* tui: the ncurses (wide-character) front end.
 *
 * A thin client of the core: it reads through the store API and never runs
 * SQL of its own.  It starts at the unlock screen: the user's id and
 * passphrase open the vault (vault_open) and then the store; locking (on
 * a key, or after idle_lock_seconds without a key) closes the store and the
 * vault, wiping the keys and SQLite's memory, and shows a screen with
 * nothing of the work on it, from which only the passphrase returns.
 *
 * For tests it runs headless, the way tig tests itself: keystrokes come
 * from a script, curses draws to /dev/null, and a command in the script
 * dumps the screen text to a file.
 */
#ifndef DOUANE_TUI_H
#define DOUANE_TUI_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"

struct tui_options {
	const char *vault_path; /* the vault to unlock */
	const char *user;       /* user id to offer at the unlock screen, or NULL */
	unsigned idle_lock_seconds; /* lock after this long without a key; 0: never */
	bool idle_lock_given;   /* given on the command line: douanerc cannot change it */
	const char *script;     /* headless: file of keystrokes and commands, or NULL */
	int lines, columns;     /* headless screen size (default 24x80) */
	/* Benchmarks: called in headless mode after each key of the script is
	 * handled and the screen drawn, with the nanoseconds that took; KEY -1
	 * is the first screen, timed from the start of tui_run().  */
	void (*on_key)(void *arg, int key, uint64_t ns);
	void *on_key_arg;
};

/* Run the interface until the user quits.  Returns DIAG_OK or a status with
 * D filled in (a bad script, a vault that cannot be read).  */
enum diag_status tui_run(const struct tui_options *o, struct diag *d);

#endif
