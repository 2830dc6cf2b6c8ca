/* tui: the main loop of the interface, and unlocking and locking.
 *
 * tui_run() starts curses (display.c), opens the unlock screen and loops:
 * draw the whole screen (title line, the top view, status bar, key bar),
 * read a key, dispatch it.  Keys come from the terminal, or in headless
 * mode from a script; both end up in tui_key(), so the tests drive exactly
 * the code an inspector does.
 *
 * The session (tui_unlock, tui_lock):
 *
 *   unlock screen --passphrase--> vault_open, store_open, the queue
 *   the work --F9/L, or idle--> every view notes where it was (numbers
 *       only) and closes; store_close, vault_close (the keys and SQLite's
 *       memory go); the lock screen
 *   lock screen --passphrase--> vault_open again as the same user, the
 *       queue where it was, the subject that was open
 *   lock screen --F2--> the unlock screen, for another user
 *
 * The passphrase is read from the guarded buffer (secret.h) for the one
 * vault_open() call and wiped as soon as it returns.  A wrong one counts:
 * after it the next try waits vault_unlock_delay_ms(failures), where
 * failures is the larger of this session's and the vault's own count (so
 * starting again does not skip the wait).  A terminal really waits,
 * drawing the seconds left and throwing away what is typed meanwhile; a
 * script never sleeps: it has a clock of its own that only `:wait` and
 * `:idle` move, and a try before the time is refused.
 *
 * Idle lock: after idle_lock_seconds without a key.  A terminal wakes up
 * every second (the clock needs it anyway) to look; a script says
 * `:idle SECONDS` to move its clock on.
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
 *   :idle SECONDS            no key for that long (may lock the screen)
 *   :wait                    as long as the delay after wrong passphrases
 *
 * A line that cannot be understood stops the run with DIAG_USAGE, naming
 * the script and the line.  The clock is $DOUANE_NOW when set (tests set
 * it, so screen dumps are stable), else the real time in UTC; headless
 * runs without DOUANE_NOW show no clock and every arrival as a date.
 *
 * The colour table is in colours.c.  Lanes are never shown by colour
 * alone: the letter R/Y/G/- is always there.
 */
#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#include <sodium.h>

#include "i18n.h"
#include "rc.h"
#include "store.h"
#include "tui.h"
#include "vault.h"
#include "view.h"

_Static_assert(VIEW_USER_MAX == VAULT_USER_MAX, "a user id fits the unlock screen's field");

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

	struct vault *vault;  /* NULL while not unlocked */
	unsigned failures;    /* wrong passphrases in a row, this session */
	uint64_t wait_until;  /* no try before this time (ms, tui_ms) */
	uint64_t last_key;    /* when the last key came (ms) */
	uint64_t script_ms;   /* a script's clock: only :idle and :wait move it */
	unsigned idle_lock;   /* seconds; the option, else douanerc's, 0: never */
};

static uint64_t
tui_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* What the status bar says of the session besides who is signed in: the
 * shift, the crossing, and the events not yet sent to HQ.
 *
 * THE place to plug the event log in: until it exists there is no shift
 * ("no shift" on the bar) and nothing waits to be sent (0).  Called after
 * unlocking and after every key, so it must stay cheap (an indexed
 * lookup or two).  */
static void
tui_session_facts(struct tui *t)
{
	char first[sizeof(t->ctx.crossing)], second[sizeof(t->ctx.crossing)];
	bool found = false, more = false;
	int64_t shift = 0, unsent = 0;
	struct diag d;

	t->ctx.shift[0] = '\0';
	t->ctx.unsent = 0;
	t->ctx.crossing[0] = '\0';
	if (t->ctx.store == NULL)
		return;
	/* The user's open shift, and what the event log has not yet had
	 * acknowledged by HQ.  */
	diag_clear(&d);
	if (t->ctx.user[0] && store_shift_open_id(t->ctx.store, t->ctx.user, &shift, &d) == DIAG_OK &&
	    shift > 0)
		/* L10N: status bar: the open shift, by its number.  */
		snprintf(t->ctx.shift, sizeof(t->ctx.shift), _("shift %lld"), (long long)shift);
	if (store_events_undelivered(t->ctx.store, &unsent, &d) == DIAG_OK)
		t->ctx.unsent = unsent;
	/* The crossing: the queue's own when all its subjects share one. */
	diag_clear(&d);
	if (store_queue_crossing_next(t->ctx.store, NULL, first, sizeof(first), &found, &d) !=
		    DIAG_OK ||
	    !found)
		return;
	if (store_queue_crossing_next(t->ctx.store, first, second, sizeof(second), &more, &d) ==
		    DIAG_OK &&
	    !more)
		memcpy(t->ctx.crossing, first, sizeof(first));
}

void
view_wipe(void *p, size_t size)
{
	if (p != NULL && size > 0)
		sodium_memzero(p, size);
}

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

/* Milliseconds on a clock that only goes forward: the real one, or a
 * script's own.  */
static uint64_t
tui_ms(const struct tui *t)
{
	struct timespec ts;

	if (t->o->script != NULL)
		return t->script_ms;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Seconds (rounded up) before another try at the passphrase.  */
static unsigned
tui_wait_left(const struct tui *t)
{
	uint64_t now = tui_ms(t);

	return t->wait_until > now ? (unsigned)((t->wait_until - now + 999) / 1000) : 0;
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

/* Close the top view; with REVEAL, let the one below read again what
 * that view may have changed.  */
static void
tui_pop_view(struct tui *t, bool reveal)
{
	struct view *v = t->stack[--t->depth];

	if (v->ops->close)
		v->ops->close(v);
	free(v);
	v = tui_top(t);
	if (reveal && v != NULL && v->ops->reveal != NULL && t->ctx.store != NULL) {
		tui_layout(v);
		v->ops->reveal(v);
	}
}

static void
tui_pop(struct tui *t)
{
	tui_pop_view(t, true);
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

	t->ctx.wait_s = tui_wait_left(t);
	if (v == NULL)
		return; /* only after running out of memory: the loop ends */
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
	tui_session_facts(t);
	part[0] = '\0';
	v->ops->status(v, part, sizeof(part));
	if (t->ctx.message[0])
		snprintf(left, sizeof(left), " %s", t->ctx.message);
	else if (t->ctx.store != NULL && t->ctx.role != NULL) {
		/* The crossing: the queue's filter, else the queue's one crossing;
		 * nothing when it holds several. */
		const char *crossing = t->ctx.crossing_filter[0] ? t->ctx.crossing_filter
								 : t->ctx.crossing;
		char unsent[64], where[sizeof(t->ctx.crossing) + 8];

		/* L10N: status bar: events recorded here, not yet sent to HQ. */
		snprintf(unsent, sizeof(unsent), _("unsent %lld"), t->ctx.unsent);
		snprintf(where, sizeof(where), "%s%s", crossing, crossing[0] ? " \xe2\x94\x82 " : "");
		snprintf(left, sizeof(left), " %s (%s) \xe2\x94\x82 %s \xe2\x94\x82 %s%s%s%s",
			 t->ctx.user, t->ctx.role,
			 /* L10N: status bar, while no shift is open. */
			 t->ctx.shift[0] ? t->ctx.shift : _("no shift"), where, part,
			 part[0] ? " \xe2\x94\x82 " : "", unsent);
	} else
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

/* Close every view, top first.  */
static void
tui_pop_all(struct tui *t)
{
	while (t->depth > 0)
		tui_pop_view(t, false);
}

/* Close the store, then the vault: the keys are wiped and SQLite's memory
 * goes with the connection.  */
static void
tui_close_vault(struct tui *t)
{
	view_lookup_forget(&t->ctx);
	store_close(t->ctx.store);
	t->ctx.store = NULL;
	vault_close(t->vault);
	t->vault = NULL;
	t->ctx.vault = NULL;
	t->ctx.role = NULL;
}

/* Lock: note where the work was, close it all, show the lock screen.  */
static void
tui_lock(struct tui *t)
{
	struct diag d;

	if (t->ctx.store == NULL)
		return;
	memset(&t->ctx.resume, 0, sizeof(t->ctx.resume));
	for (int i = t->depth - 1; i >= 0; i--)
		if (t->stack[i]->ops->suspend)
			t->stack[i]->ops->suspend(t->stack[i], &t->ctx.resume);
	tui_pop_all(t);
	tui_close_vault(t);
	t->ctx.locked = true;
	t->last_key = tui_ms(t);
	t->ctx.message[0] = '\0';
	t->ctx.unlock_error[0] = '\0';
	secret_clear(&t->ctx.pass);
	diag_clear(&d);
	if (tui_push(t, &view_lock_ops, 0, &d) != DIAG_OK) {
		/* Out of memory with nothing on the screen: better to end. */
		t->ctx.locked = false;
		return;
	}
	/* Send the whole screen again: nothing of the work may stay on it. */
	clearok(curscr, TRUE);
}

/* What went wrong, for the unlock screen.  */
static void
tui_unlock_error(struct tui *t, enum diag_status rc, const struct diag *d)
{
	char *e = t->ctx.unlock_error;
	size_t size = sizeof(t->ctx.unlock_error);

	switch (rc) {
	case DIAG_NOPERM:
		if (t->ctx.locked)
			snprintf(e, size, "%s", _("Wrong passphrase."));
		else
			snprintf(e, size, "%s", _("Wrong user or passphrase."));
		break;
	default:
		snprintf(e, size, "%s", d->msg[0] ? d->msg : _("cannot open the vault"));
		break;
	}
}

/* A wrong passphrase: count it and set the time of the next try.  */
static void
tui_unlock_failed(struct tui *t)
{
	unsigned failed = ++t->failures, recorded = 0;
	struct diag d;

	diag_clear(&d);
	if (vault_path_failed_attempts(t->ctx.vault_path, &recorded, &d) == DIAG_OK &&
	    recorded > failed)
		failed = recorded;
	t->wait_until = tui_ms(t) + vault_unlock_delay_ms(failed);
}

/* Try the passphrase typed on the unlock or lock screen.  */
static void
tui_unlock(struct tui *t)
{
	struct vault *v = NULL;
	struct store *st = NULL;
	const char *pass;
	size_t len;
	struct diag d;
	enum diag_status rc;
	unsigned before;

	if (tui_wait_left(t) > 0) {
		/* Too soon: the vault is not even asked; type it again later. */
		secret_clear(&t->ctx.pass);
		return;
	}
	if (t->ctx.user[0] == '\0') {
		snprintf(t->ctx.unlock_error, sizeof(t->ctx.unlock_error), "%s",
			 _("Type your user id first."));
		secret_clear(&t->ctx.pass);
		return;
	}
	diag_clear(&d);
	pass = secret_begin(&t->ctx.pass, &len);
	rc = vault_open(t->ctx.vault_path, t->ctx.user, pass, len, &v, &d);
	secret_end(&t->ctx.pass);
	pass = NULL;
	if (rc == DIAG_OK)
		rc = store_open(&st, v, STORE_INTERACTIVE, &d);
	if (rc != DIAG_OK) {
		vault_close(v);
		tui_unlock_error(t, rc, &d);
		if (rc == DIAG_NOPERM)
			tui_unlock_failed(t);
		return;
	}

	before = vault_failed_attempts(v);
	t->vault = v;
	t->ctx.vault = v;
	t->ctx.store = st;
	snprintf(t->ctx.user, sizeof(t->ctx.user), "%s", vault_user(v));
	t->ctx.role = vault_role_name(vault_role(v));
	t->ctx.locked = false;
	t->ctx.unlock_error[0] = '\0';
	t->failures = 0;
	t->wait_until = 0;

	tui_pop_all(t);
	tui_session_facts(t);
	diag_clear(&d);
	rc = tui_push(t, &view_queue_ops, 0, &d);
	if (rc == DIAG_OK && t->ctx.resume.detail_id > 0) {
		struct diag ignored;

		/* The subject may have gone meanwhile: then the queue it is. */
		diag_clear(&ignored);
		tui_push(t, &view_detail_ops, t->ctx.resume.detail_id, &ignored);
	}
	memset(&t->ctx.resume, 0, sizeof(t->ctx.resume));
	if (rc != DIAG_OK) {
		tui_pop_all(t);
		tui_close_vault(t);
		tui_unlock_error(t, rc, &d);
		diag_clear(&d);
		tui_push(t, &view_unlock_ops, 0, &d);
		return;
	}
	if (before > 0)
		/* L10N: on the status line right after unlocking. */
		snprintf(t->ctx.message, sizeof(t->ctx.message),
			 P_("%u failed attempt since the last unlock",
			    "%u failed attempts since the last unlock", before),
			 before);
}

/* Lock when no key came for idle_lock_seconds; true when it did.  A
 * passphrase half typed on the unlock or lock screen is forgotten too.  */
static bool
tui_idle(struct tui *t)
{
	uint64_t idle = (uint64_t)t->idle_lock * 1000u;

	if (idle == 0 || tui_ms(t) - t->last_key < idle)
		return false;
	if (t->ctx.store == NULL) {
		secret_clear(&t->ctx.pass);
		return false;
	}
	tui_lock(t);
	return true;
}

/* Dispatch one key.  Returns true when the interface should end.  */
static bool
tui_key(struct tui *t, int key)
{
	struct view *v = tui_top(t);
	enum action_id action = ACTION_NONE;
	unsigned flags = 0;

	if (v == NULL)
		return true;
	t->ctx.message[0] = '\0';
	t->ctx.push_ops = NULL;
	t->last_key = tui_ms(t);
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
		case ACTION_LOCK:
			tui_lock(t);
			return t->depth == 0;
		case ACTION_SHIFT_OPEN:
			if (t->ctx.store != NULL)
				view_shift_open(v);
			break;
		case ACTION_SHIFT_CLOSE:
			if (t->ctx.store != NULL)
				view_shift_close(v);
			break;
		case ACTION_LOOKUP:
			/* Bound in the queue; the lookup screens are their own. */
			if (t->ctx.store != NULL) {
				t->ctx.push_ops = &view_lookup_ops;
				t->ctx.push_arg = 0;
				flags |= VIEW_PUSH;
			}
			break;
		default:
			break;
		}
	}
	if (flags & VIEW_QUIT)
		return true;
	if (flags & VIEW_UNLOCK) {
		tui_unlock(t);
		return t->depth == 0;
	}
	if ((flags & VIEW_REPLACE) && t->ctx.push_ops != NULL) {
		struct diag err;
		const struct view_ops *ops = t->ctx.push_ops;

		/* Only the lock screen does this: to another user's unlock. */
		tui_pop(t);
		t->ctx.locked = false;
		t->ctx.user[0] = '\0';
		t->ctx.unlock_error[0] = '\0';
		memset(&t->ctx.resume, 0, sizeof(t->ctx.resume));
		secret_clear(&t->ctx.pass);
		diag_clear(&err);
		if (tui_push(t, ops, t->ctx.push_arg, &err) != DIAG_OK)
			return true; /* nothing left to show */
		return false;
	}
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

/* After a wrong passphrase: wait, showing the seconds left, and throw
 * away whatever is typed meanwhile.  */
static void
tui_interactive_wait(struct tui *t)
{
	bool waited = false;
	unsigned left;

	while ((left = tui_wait_left(t)) > 0) {
		uint64_t ms = t->wait_until - tui_ms(t);

		tui_clock(t);
		tui_draw(t);
		napms(ms > 200 ? 200 : (int)ms);
		waited = true;
	}
	if (waited)
		flushinp();
}

static void
tui_interactive(struct tui *t)
{
	char shown[sizeof(t->ctx.now)];

	t->last_key = tui_ms(t);
	for (;;) {
		int key;

		if (t->depth == 0)
			return;
		tui_interactive_wait(t);
		tui_clock(t);
		memcpy(shown, t->ctx.now, sizeof(shown));
		tui_draw(t);
		/* Wake up every second: for the clock, and for the idle lock. */
		for (;;) {
			key = display_get_key(&t->display, 1000);
			if (key >= 0 || tui_idle(t))
				break;
			tui_clock(t);
			if (strcmp(shown, t->ctx.now) != 0)
				break;
		}
		if (key < 0)
			continue;
		if (tui_key(t, key))
			return;
	}
}

#define SCAN_WINDOW ((size_t)1 << 16)
#define SCAN_REGION_MAX ((uintptr_t)1 << 30)

/* For the tests (":assert-forgotten HEX"): whether the secret given as
 * HEX, each byte XORed with 0x5a so that the script's own text never holds
 * it in clear, is anywhere in this process's readable memory.  The needle
 * lives in guarded memory, which the scan skips with the other unreadable
 * mappings.  Use it once per run: decoding the needle can leave a trace of
 * it that a second scan would find.  Returns the address found, or 0.  */
static uintptr_t
tui_find_in_memory(const char *hex, struct diag *d, const char *file, long line, bool *bad)
{
	size_t n = strlen(hex) / 2;
	unsigned char *needle, *window = NULL;
	uintptr_t found = 0;
	char row[512];
	FILE *maps = NULL;
	int mem = -1;

	*bad = false;
	if (n < 4 || strlen(hex) % 2 != 0 || (needle = sodium_malloc(n)) == NULL) {
		*bad = true;
		diag_set(d, DIAG_USAGE, file, line, _("assert-forgotten needs a hexadecimal secret"));
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned v;

		if (sscanf(hex + 2 * i, "%2x", &v) != 1) {
			*bad = true;
			diag_set(d, DIAG_USAGE, file, line,
				 _("assert-forgotten needs a hexadecimal secret"));
			sodium_free(needle);
			return 0;
		}
		needle[i] = (unsigned char)(v ^ 0x5a);
	}
	if ((maps = fopen("/proc/self/maps", "r")) == NULL ||
	    (mem = open("/proc/self/mem", O_RDONLY)) < 0 ||
	    (window = sodium_malloc(SCAN_WINDOW + n)) == NULL) {
		*bad = true;
		diag_set(d, DIAG_IO, "/proc/self", 0, "%s", strerror(errno));
		if (maps)
			fclose(maps);
		if (mem >= 0)
			close(mem);
		sodium_free(needle);
		return 0;
	}
	while (found == 0 && fgets(row, sizeof row, maps) != NULL) {
		uintptr_t lo, hi;
		char perms[8] = "";

		if (sscanf(row, "%" SCNxPTR "-%" SCNxPTR " %7s", &lo, &hi, perms) != 3 ||
		    perms[0] != 'r' || strstr(row, "[vvar]") || strstr(row, "[vsyscall]"))
			continue;
		/* Memory the program writes: heap, stack, anonymous mappings and
		 * writable data.  Read-only file mappings (code, the locale
		 * archive) cannot hold a secret typed at run time, and reading
		 * one past its file's end would fault.  */
		if (perms[1] != 'w')
			continue;
		/* Nor reservations of gigabytes, such as a sanitizer's shadow
		 * memory: read page by page they would take hours, and nothing
		 * douane allocates is that large.  */
		if (hi - lo > SCAN_REGION_MAX)
			continue;
		/* The needle's and the window's own pages are skipped.  */
		if (((uintptr_t)needle >= lo && (uintptr_t)needle < hi) ||
		    ((uintptr_t)window >= lo && (uintptr_t)window < hi))
			continue;
		/* Read through /proc/self/mem, not by pointer: a sanitizer's
		 * poisoned memory is read as bytes, like any other.  */
		for (uintptr_t off = lo; found == 0 && off + n <= hi; off += SCAN_WINDOW) {
			size_t want = (size_t)(hi - off < SCAN_WINDOW + n - 1 ? hi - off
									     : SCAN_WINDOW + n - 1);
			ssize_t got = pread(mem, window, want, (off_t)off);
			const unsigned char *hit;

			if (got < (ssize_t)n)
				break;
			hit = memmem(window, (size_t)got, needle, n);
			if (hit != NULL)
				found = off + (uintptr_t)(hit - window);
		}
	}
	fclose(maps);
	close(mem);
	sodium_free(window);
	sodium_free(needle);
	return found;
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
		bool attributes = strncmp(arg, "--attributes", 12) == 0 &&
				  (arg[12] == ' ' || arg[12] == '\t');

		if (attributes)
			arg += 12 + strspn(arg + 12, " \t");
		if (*arg == '\0')
			return diag_set(d, DIAG_USAGE, file, line,
					_("save-display needs a file name"));
		tui_draw(t);
		return display_save(arg, attributes, d);
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
	if (strcmp(cmd, "idle") == 0) {
		unsigned secs;
		char extra;

		if (sscanf(arg, "%u %c", &secs, &extra) != 1 || secs > 86400 || *arg == '-')
			return diag_set(d, DIAG_USAGE, file, line,
					_("idle needs a number of seconds"));
		t->script_ms += (uint64_t)secs * 1000u;
		tui_idle(t);
		if (t->depth == 0)
			return diag_set(d, DIAG_SOFTWARE, file, line, _("out of memory"));
		tui_draw(t);
		return DIAG_OK;
	}
	if (strcmp(cmd, "wait") == 0) {
		if (*arg != '\0')
			return diag_set(d, DIAG_USAGE, file, line, _("wait takes no argument"));
		if (t->wait_until > t->script_ms)
			t->script_ms = t->wait_until;
		tui_draw(t);
		return DIAG_OK;
	}
	if (strcmp(cmd, "assert-forgotten") == 0) {
		bool bad;
		uintptr_t at = tui_find_in_memory(arg, d, file, line, &bad);

		if (bad)
			return d ? d->status : DIAG_USAGE;
		if (at != 0)
			/* L10N: a test found a secret in memory; %p is where.  */
			return diag_set(d, DIAG_SOFTWARE, file, line,
					_("the secret is still in memory, at %p"), (void *)at);
		return DIAG_OK;
	}
	/* L10N: %s is a command in a test script, like "save-display". */
	return diag_set(d, DIAG_USAGE, file, line, _("unknown command ':%s'"), cmd);
}

static enum diag_status
tui_script(struct tui *t, const char *file, uint64_t started, struct diag *d)
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
	/* Unbuffered: a line of keys may hold a passphrase, and the line
	 * buffer is wiped after each line; stdio's own buffer would not be. */
	setvbuf(f, NULL, _IONBF, 0);
	tui_clock(t);
	tui_draw(t);
	if (t->o->on_key)
		t->o->on_key(t->o->on_key_arg, -1, tui_ns() - started);
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
			if (t->o->on_key) {
				uint64_t t0 = tui_ns();

				quit = tui_key(t, key);
				tui_draw(t);
				t->o->on_key(t->o->on_key_arg, key, tui_ns() - t0);
			} else {
				quit = tui_key(t, key);
				tui_draw(t);
			}
		}
		/* A line of keys may hold a passphrase. */
		view_wipe(buf, cap);
		if (quit)
			break;
	}
	if (rc == DIAG_OK && ferror(f))
		rc = diag_set(d, DIAG_IO, file, line, "%s", strerror(errno));
	view_wipe(buf, cap);
	free(buf);
	fclose(f);
	return rc;
}

/* Before the first try: is there a vault, and must the first try wait
 * for earlier wrong passphrases (from another run)?  */
static void
tui_unlock_prepare(struct tui *t)
{
	unsigned recorded = 0;
	struct diag d;
	enum diag_status rc;

	diag_clear(&d);
	rc = vault_path_failed_attempts(t->ctx.vault_path, &recorded, &d);
	if (rc != DIAG_OK) {
		tui_unlock_error(t, rc, &d);
		return;
	}
	if (recorded > 0) {
		snprintf(t->ctx.unlock_error, sizeof(t->ctx.unlock_error),
			 /* L10N: on the unlock screen, before anyone signs in. */
			 P_("%u failed attempt since the last unlock.",
			    "%u failed attempts since the last unlock.", recorded),
			 recorded);
		t->wait_until = tui_ms(t) + vault_unlock_delay_ms(recorded);
	}
}

enum diag_status
tui_run(const struct tui_options *o, struct diag *d)
{
	struct tui t;
	struct tui_settings set = {.idle_lock = o->idle_lock_seconds, .sort = STORE_SORT_RANK};
	char rcfile[4096];
	enum diag_status rc;
	uint64_t started = tui_ns();

	memset(&t, 0, sizeof(t));
	t.o = o;
	t.ctx.vault_path = o->vault_path;
	if (o->user != NULL)
		snprintf(t.ctx.user, sizeof(t.ctx.user), "%s", o->user);
	keymap_init();
	/* douanerc, before curses: its errors go to stderr, where they can be
	 * read, and the first one to the message line as well.  */
	rc_load(rc_path(rcfile, sizeof(rcfile)), &set, stderr, t.ctx.message,
		sizeof(t.ctx.message));
	t.idle_lock = o->idle_lock_given || !set.idle_lock_set ? o->idle_lock_seconds
							       : set.idle_lock;
	t.ctx.default_sort = set.sort;
	tui_clock(&t);
	if (o->vault_path == NULL || *o->vault_path == '\0')
		return diag_set(d, DIAG_USAGE, NULL, 0, _("no vault to open"));
	rc = secret_init(&t.ctx.pass, d);
	if (rc != DIAG_OK)
		return rc;

	rc = display_open(&t.display, o->script != NULL, o->lines, o->columns, d);
	if (rc != DIAG_OK) {
		secret_free(&t.ctx.pass);
		return rc;
	}
	tui_colours_init(t.display.colour);

	tui_unlock_prepare(&t);
	rc = tui_push(&t, &view_unlock_ops, 0, d);
	if (rc == DIAG_OK) {
		if (o->script)
			rc = tui_script(&t, o->script, started, d);
		else
			tui_interactive(&t);
	}
	tui_pop_all(&t);
	tui_close_vault(&t);
	secret_free(&t.ctx.pass);
	display_close(&t.display);
	return rc;
}
