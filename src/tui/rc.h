/* rc: douanerc, the user's key bindings, settings and colours.
 *
 * Like tig's tigrc: the defaults are compiled in (actions.c, colours.c,
 * struct tui_settings below) and the file only overrides them, one line
 * at a time:
 *
 *   # a comment
 *   bind queue j move-down        bind MAP KEY ACTION
 *   set idle-lock 300             set NAME VALUE
 *   color lane-red white red bold color ELEMENT FG BG [ATTR...]
 *
 * The file is $XDG_CONFIG_HOME/douane/douanerc, or
 * ~/.config/douane/douanerc.  A line that cannot be understood is reported
 * as "FILE:LINE: what is wrong" and skipped: douane still starts.
 */
#ifndef DOUANE_TUI_RC_H
#define DOUANE_TUI_RC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "store.h"

/* What a `set` line can change.  */
struct tui_settings {
	unsigned idle_lock;          /* seconds without a key before the lock */
	bool idle_lock_set;          /* a `set idle-lock` line gave it */
	enum store_queue_sort sort;  /* the queue's order when it opens */
};

/* The path of douanerc into BUF, or NULL when neither $XDG_CONFIG_HOME nor
 * $HOME is set.  */
const char *rc_path(char *buf, size_t size);

/* Read PATH (a missing file is no error) into the key map, the colour
 * table and SET.  Each bad line is written to ERR (if not NULL) as
 * "PATH:LINE: message"; the first one is also copied into FIRST.  Returns
 * how many lines were bad.  */
int rc_load(const char *path, struct tui_settings *set, FILE *err, char *first, size_t size);

/* Apply one line (no newline).  Returns true, or false with the reason in
 * WHY.  */
bool rc_line(char *line, struct tui_settings *set, char *why, size_t size);

#endif
