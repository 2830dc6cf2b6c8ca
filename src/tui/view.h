/* view: what every screen of the interface is (tig's view, htop's panel).
 *
 * A view is a table of operations and a private state.  The main loop
 * (tui.c) keeps a stack of views, draws the one on top between a title line
 * and a status bar, turns each key into an action through the key map
 * (actions.h) and hands the action to the view.  The view answers with
 * flags, as htop's panels do:
 *
 *   VIEW_HANDLED  the action meant something here (else the loop tries
 *                 the generic ones: help, quit, redraw)
 *   VIEW_BACK     close this view and show the one below
 *   VIEW_QUIT     leave the interface
 *   VIEW_PUSH     open ctx->push_ops with ctx->push_arg on top
 *   VIEW_REPLACE  close this view and open ctx->push_ops in its place
 *   VIEW_UNLOCK   the unlock or lock screen's fields are filled in: the
 *                 loop tries the passphrase (tui.c, tui_unlock)
 *
 * The unlock and lock screens (view_unlock.c) are views like the others;
 * what they edit lives in the context, because the loop needs it: the
 * user's id, and the passphrase in guarded memory (secret.h).  Locking
 * asks each view on the stack, top down, to note where it was in a
 * struct view_resume (plain numbers, nothing of the work's text), closes
 * every view, the store and the vault, and shows the lock screen; after
 * the passphrase, the queue (and the subject that was open) come back from
 * those numbers.
 *
 * The screen is always redrawn after a key; curses only sends what changed.
 * A new screen is a new file with one `const struct view_ops`.
 */
#ifndef DOUANE_TUI_VIEW_H
#define DOUANE_TUI_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "actions.h"
#include "diag.h"
#include "display.h"
#include "secret.h"
#include "store.h"

enum view_flags {
	VIEW_HANDLED = 1 << 0,
	VIEW_BACK = 1 << 1,
	VIEW_QUIT = 1 << 2,
	VIEW_PUSH = 1 << 3,
	VIEW_REPLACE = 1 << 4,
	VIEW_UNLOCK = 1 << 5,
};

struct view_ops;
struct vault;
struct screen_index;
struct lookup_state; /* view_lookup.c */

#define VIEW_USER_MAX 64 /* bytes of a user id: VAULT_USER_MAX */

/* Where the work was when the screen locked: numbers only (a queue key is
 * a lane, a score and a subject id), never a name, a reference or a
 * search text.  */
struct view_resume {
	bool queue;                 /* the queue fields below are set */
	int lane, kind, status;     /* the queue's filters (store_queue_filter) */
	int sort;                   /* and its order (enum store_queue_sort) */
	struct store_queue_key top; /* the first row on screen */
	size_t cursor;              /* the cursor's row on screen */
	int64_t first_pos;          /* the position of the first row */
	int64_t detail_id;          /* the subject open, or 0 */
};

/* What all views share: the store, who is signed in, the time, and a
 * one-shot message for the status bar.  */
struct view_context {
	struct store *store;    /* NULL until unlocked and while locked */
	struct vault *vault;    /* the unlocked vault (signs events), or NULL */
	const char *vault_path;
	char user[VIEW_USER_MAX + 1]; /* the unlock screen's field; then who is signed in */
	const char *role;       /* "inspector"...; NULL while not signed in */
	struct secret pass;     /* the passphrase being typed */
	bool locked;            /* the lock screen is up: only the passphrase returns */
	char unlock_error[DIAG_MSG_MAX + 64]; /* on the unlock/lock screen until the next try */
	unsigned wait_s;        /* seconds before another try is allowed (0: now) */
	struct view_resume resume;
	enum store_queue_sort default_sort; /* douanerc's `set sort` */
	/* The status bar's facts of the session (tui.c, tui_session_facts):
	 * the shift, the crossing, the events not yet sent to HQ.  */
	char shift[64];           /* "" while no shift is open */
	char crossing[16];        /* the one crossing of the queue, or "" */
	char crossing_filter[16]; /* the queue's crossing filter, or "" */
	long long unsent;         /* events not yet sent to HQ */
	char now[40];   /* ISO 8601, or "" when no clock is shown */
	char today[16]; /* the date part of now: "2026-11-24" */
	char message[DIAG_MSG_MAX + 64];
	const struct view_ops *push_ops;
	int64_t push_arg;
	/* The lookup screens (view_lookup.c): the watchlist index, built on
	 * the first lookup and kept for the session, and the last lookup's
	 * query and results.  Freed (the query wiped) when the vault closes. */
	struct screen_index *screen_index;
	struct lookup_state *lookup;
};

struct view {
	const struct view_ops *ops;
	struct view_context *ctx;
	void *priv;
	int top;    /* first screen row of the view's area */
	int height; /* rows of that area (at least 1) */
	int width;  /* columns */
};

struct view_ops {
	const char *name;      /* "queue" */
	enum keymap_id keymap; /* keys looked up here first */
	/* Set v->priv up for ARG (a subject id, or unused).  */
	enum diag_status (*open)(struct view *v, int64_t arg, struct diag *d);
	/* Draw inside rows top .. top+height-1; the size may have changed. */
	void (*draw)(struct view *v);
	/* Keys before the key map, for text entry; NULL or 0: not taken. */
	unsigned (*input)(struct view *v, int key);
	unsigned (*handle)(struct view *v, enum action_id action);
	/* Title line text, and the view's part of the status bar. */
	void (*title)(struct view *v, char *buf, size_t size);
	void (*status)(struct view *v, char *buf, size_t size);
	void (*close)(struct view *v);
	/* Before a lock: note in R where the view is (NULL: nothing to note).
	 * Called top down, before close().  */
	void (*suspend)(struct view *v, struct view_resume *r);
	/* The view is on top again after the one above it closed: read
	 * again what that one may have changed (NULL: nothing to do).  */
	void (*reveal)(struct view *v);
};

extern const struct view_ops view_unlock_ops;
extern const struct view_ops view_lock_ops;
extern const struct view_ops view_queue_ops;
extern const struct view_ops view_detail_ops;
extern const struct view_ops view_help_ops;
/* The supervisors' screens: refused (DIAG_NOPERM) to inspectors.  */
extern const struct view_ops view_shifts_ops;
extern const struct view_ops view_shift_detail_ops; /* arg: the shift id */
extern const struct view_ops view_rules_ops;
extern const struct view_ops view_audit_ops;
extern const struct view_ops view_outcome_ops;  /* arg: subject id */
extern const struct view_ops view_override_ops; /* arg: subject id */
extern const struct view_ops view_walkin_ops;
/* Screening: a subject's watchlist hits and a decision on one; looking a
 * name up on the watchlists, its results, one result's entry.  */
extern const struct view_ops view_hits_ops;       /* arg: subject id */
extern const struct view_ops view_hit_decide_ops; /* arg: hit id */
extern const struct view_ops view_lookup_ops;
extern const struct view_ops view_lookup_results_ops;
extern const struct view_ops view_lookup_entry_ops; /* arg: the result's index */

/* Free the lookup screens' index and results, wiping the query
 * (view_lookup.c); called when the vault closes.  */
void view_lookup_forget(struct view_context *ctx);

/* Open or close the user's shift (events EVENT_SHIFT_OPEN, _CLOSE), at
 * the queue's crossing; the outcome says so on the message line.
 * view_shift.c.  */
bool view_shift_open(struct view *v);
bool view_shift_close(struct view *v);
/* The crossing the work is at: the queue's filter, else its one
 * crossing, else "".  */
const char *view_crossing(const struct view *v);

/* Translated name of a subject status ("expected", "in progress").  */
const char *view_status_label(enum subject_status st);

/* Wipe SIZE bytes at P (sodium_memzero: not optimised away).  */
void view_wipe(void *p, size_t size);

/* Set the one-shot status message.  */
void view_message(struct view *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* --- Drawing: the colour table (tui.c) ---------------------------------- */

enum tui_element {
	ELEM_NORMAL = 0,
	ELEM_TITLE,
	ELEM_STATUS,
	ELEM_KEY,
	ELEM_HEADER,
	ELEM_CURSOR,
	ELEM_HEADING,
	ELEM_LANE_RED,
	ELEM_LANE_YELLOW,
	ELEM_LANE_GREEN,
	ELEM_LANE_NONE,
	ELEM_ERROR,
	ELEM_COUNT
};

/* The colour table (colours.c).  */

/* Use colours (COLOUR) or the monochrome scheme from now on.  */
void tui_colours_init(bool colour);

/* Attributes for E: colours when the terminal has them and NO_COLOR is not
 * set, the monochrome scheme otherwise.  */
attr_t tui_attr(enum tui_element e);

/* douanerc's names: "lane-red", "white", "color12", "bold".  */
bool tui_element_find(const char *name, enum tui_element *out);
bool tui_colour_parse(const char *name, short *out);
bool tui_attr_parse(const char *name, attr_t *out);

/* Change E's row of the colour scheme (before tui_colours_init).  */
void tui_colour_set(enum tui_element e, short fg, short bg, attr_t attrs);

/* "bold reverse white/blue" for ATTR and colour PAIR, into BUF.  */
size_t tui_attr_describe(attr_t attr, short pair, char *buf, size_t size);

/* Draw the UTF-8 text S at row Y, column X, cut or padded to WIDTH
 * columns, with ATTR.  */
void tui_draw_text(int y, int x, int width, attr_t attr, const char *s);

/* --- Pager: a scrollable list of text lines (detail, help) ------------ */

#include "text.h"

struct pager {
	struct text_lines lines;
	size_t top; /* first line shown */
};

void pager_init(struct pager *p);
void pager_clear(struct pager *p);
void pager_draw(struct view *v, struct pager *p);
unsigned pager_handle(struct view *v, struct pager *p, enum action_id action);
void pager_status(struct view *v, struct pager *p, char *buf, size_t size);

/* Lines of a hit's explanation JSON into TL, each indented by INDENT
 * columns (view_hits.c); false when out of memory.  */
bool view_explain_lines(struct text_lines *tl, const char *explain, int indent,
			unsigned flags);

#endif
