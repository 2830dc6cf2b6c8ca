/* actions: every user action of the interface, and the keys bound to them.
 *
 * There is one table of actions (actions.c).  Each action has an id, a name
 * ("move-down") that a douanerc `bind` line can use, a one-line help text
 * for the help screen and, for the few that deserve it, a short label for
 * the function-key bar.  Key dispatch, the help view and the key bar are
 * all generated from that table and from the key map, so they cannot
 * disagree.
 *
 * Keys are ints: a Unicode character as itself, a curses function key
 * (KEY_DOWN, KEY_F(1)...) with ACTION_KEY_FUNC or'ed in so that it never
 * collides with a character.  Enter is '\n' and Escape is 27 whatever the
 * terminal sends.
 *
 * The key map is a table of (map, key, action) rows, initialised from the
 * compiled-in defaults.  A view looks a key up in its own map first, then
 * in the generic one.  keymap_bind() is what a douanerc `bind` line will
 * call.
 */
#ifndef DOUANE_TUI_ACTIONS_H
#define DOUANE_TUI_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

enum action_id {
	ACTION_NONE = 0,
	ACTION_HELP, /* first: the key bar follows this order */
	ACTION_MOVE_UP,
	ACTION_MOVE_DOWN,
	ACTION_PAGE_UP,
	ACTION_PAGE_DOWN,
	ACTION_MOVE_FIRST,
	ACTION_MOVE_LAST,
	ACTION_ENTER,
	ACTION_SEARCH,
	ACTION_SEARCH_CLEAR,
	ACTION_FILTER_LANE,
	ACTION_SORT,
	ACTION_FILTER_KIND,
	ACTION_FILTER_STATUS,
	ACTION_FILTER_CROSSING,
	ACTION_FILTER_CLEAR,
	ACTION_VIEW_CLOSE,
	ACTION_REFRESH,
	ACTION_UNLOCK,
	ACTION_FIELD_NEXT,
	ACTION_FIELD_PREV,
	ACTION_FIELD_CLEAR,
	ACTION_OUTCOME,
	ACTION_OVERRIDE,
	ACTION_WALK_IN,
	ACTION_SHIFT_OPEN,
	ACTION_SHIFT_CLOSE,
	ACTION_FORM_SAVE,
	ACTION_LINE_ADD,
	ACTION_LINE_REMOVE,
	ACTION_CHOICE_NEXT,
	ACTION_CHOICE_PREV,
	ACTION_TOGGLE,
	ACTION_SWITCH_USER,
	ACTION_LOCK,
	ACTION_QUIT,
	/* Supervisors (view_shifts.c, view_shift_detail.c, view_rules.c,
	 * view_audit.c).  */
	ACTION_SHIFTS,
	ACTION_RULES,
	ACTION_AUDIT,
	ACTION_COUNTERSIGN,
	ACTION_FLAG,
	/* Screening (view_hits.c, view_hit_decide.c, view_lookup.c).  */
	ACTION_HITS,
	ACTION_HIT_DECIDE,
	ACTION_LOOKUP,
	ACTION_COUNT
};

struct action {
	enum action_id id;
	const char *name;  /* "move-down": stable, used in douanerc */
	const char *label; /* short label for the key bar (N_), or NULL */
	const char *help;  /* one line for the help view (N_) */
};

/* Key maps: one per view, and the generic map every view falls back to.  */
enum keymap_id {
	KEYMAP_GENERIC = 0,
	KEYMAP_QUEUE,
	KEYMAP_DETAIL,
	KEYMAP_HELP,
	KEYMAP_UNLOCK,
	KEYMAP_LOCK,
	KEYMAP_SUPER, /* the supervisors' screens */
	KEYMAP_FORM,
	KEYMAP_SCREENING, /* a subject's watchlist hits, lookup results */
	KEYMAP_COUNT
};

#define ACTION_KEY_FUNC 0x1000000 /* above every Unicode code point */
#define ACTION_KEY_ESC 27
#define ACTION_KEY_ENTER '\n'
#define ACTION_KEY_NAME_MAX 32

const struct action *action_get(enum action_id id);
const struct action *action_find(const char *name);

const char *keymap_name(enum keymap_id map); /* "generic", "queue" ... */
bool keymap_find(const char *name, enum keymap_id *out);

/* Restore the compiled-in bindings (called by tui_run).  */
void keymap_init(void);

/* Bind KEY in MAP to ACTION (ACTION_NONE unbinds).  Returns false when the
 * table is full.  */
bool keymap_bind(enum keymap_id map, int key, enum action_id action);

/* The action KEY means in MAP (then in the generic map), or ACTION_NONE.  */
enum action_id keymap_lookup(enum keymap_id map, int key);

/* The Nth key (from 0) bound to ACTION in MAP itself, or -1.  */
int keymap_key_for(enum keymap_id map, enum action_id action, int n);

/* The first key bound to ACTION as seen from MAP (its own map first, then
 * the generic one), or -1.  */
int keymap_first_key(enum keymap_id map, enum action_id action);

/* Parse one key at *SPEC: a single character ("j", "/", "é") or a name in
 * angle brackets ("<Down>", "<C-f>", "<F1>", "<Enter>", "<Esc>", "<Space>",
 * "<Lt>" for '<').  On success *KEY is set, *SPEC advanced, and true
 * returned.  */
bool action_key_parse(const char **spec, int *key);

/* Name KEY for humans into BUF ("j", "Down", "C-f", "F1", "Enter").  */
const char *action_key_name(int key, char *buf, size_t size);

/* Map what curses' get_wch() returned (KEY_CODE_YES or OK, and the value)
 * to a key as above.  */
int action_key_from_curses(int ret, unsigned value);

#endif
