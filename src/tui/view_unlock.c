/* view_unlock: the unlock screen and the lock screen.
 *
 * The unlock screen is the first view on the stack: the vault's path, a
 * "User" field (prefilled from the command line, editable) and a
 * "Passphrase" field.  The lock screen replaces all the work when the
 * inspector locks or the terminal is left idle: the title, the user's id
 * and a passphrase field, nothing else; only that user's passphrase
 * returns (F2 goes back to the full unlock screen, for another user, and
 * forgets where the work was).
 *
 * Every character typed goes into the field that has the focus: into
 * ctx->user, or into ctx->pass, guarded memory that is never drawn, not
 * even as a count of dots.  The screen says so.  Tab, Down, Up and
 * Shift-Tab move between the fields; Enter in the user field moves to
 * the passphrase, in the passphrase field asks the loop to try it
 * (VIEW_UNLOCK); Esc clears the field; F10 and Ctrl-Q quit.  The loop
 * (tui.c) writes what went wrong in ctx->unlock_error and how long to
 * wait in ctx->wait_s; this file only shows them.
 *
 * Both fields live in the context, not in the view, so a resize, the
 * help screen or a failed attempt never loses what was typed in the user
 * field.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "i18n.h"
#include "view.h"

enum unlock_field {
	FIELD_USER,
	FIELD_PASS,
};

struct unlock {
	enum unlock_field focus;
};

#define UNLOCK_LABEL_WIDTH 12
#define UNLOCK_FIELD_WIDTH 32

static enum diag_status
unlock_open(struct view *v, int64_t arg, struct diag *d)
{
	struct unlock *u = calloc(1, sizeof(*u));

	(void)arg;
	if (u == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	/* A known user goes straight to the passphrase. */
	u->focus = v->ctx->user[0] && v->ops == &view_unlock_ops ? FIELD_PASS : FIELD_USER;
	if (v->ops == &view_lock_ops)
		u->focus = FIELD_PASS;
	v->priv = u;
	return DIAG_OK;
}

static void
unlock_close(struct view *v)
{
	free(v->priv);
	v->priv = NULL;
}

/* One field: a marker for the focus (dumps have no attributes), the
 * label, the input area.  */
static void
unlock_draw_field(struct view *v, int y, const char *label, const char *value, bool focus,
		  const char *after)
{
	int x = 2, w;

	if (y >= v->top + v->height)
		return;
	tui_draw_text(y, 0, 2, A_BOLD, focus ? ">" : "");
	tui_draw_text(y, x, UNLOCK_LABEL_WIDTH, A_NORMAL, label);
	x += UNLOCK_LABEL_WIDTH;
	w = UNLOCK_FIELD_WIDTH;
	if (x + w > v->width)
		w = v->width - x;
	tui_draw_text(y, x, w, focus ? tui_attr(ELEM_CURSOR) : A_UNDERLINE, value);
	x += w + 2;
	if (after != NULL && x < v->width)
		tui_draw_text(y, x, v->width - x, A_NORMAL, after);
}

/* The error and the wait, from row Y.  */
static int
unlock_draw_errors(struct view *v, int y)
{
	char buf[128];

	if (v->ctx->unlock_error[0] && y < v->top + v->height)
		tui_draw_text(y++, 2, v->width - 2, tui_attr(ELEM_ERROR), v->ctx->unlock_error);
	if (v->ctx->wait_s > 0 && y < v->top + v->height) {
		/* L10N: after several wrong passphrases; %u is a number of seconds. */
		snprintf(buf, sizeof(buf),
			 P_("Wait %u s before the next attempt.", "Wait %u s before the next attempt.",
			    v->ctx->wait_s),
			 v->ctx->wait_s);
		tui_draw_text(y++, 2, v->width - 2, tui_attr(ELEM_ERROR), buf);
	}
	return y;
}

static void
unlock_draw(struct view *v)
{
	struct unlock *u = v->priv;
	int y = v->top + 1, bottom = v->top + v->height;
	char line[1024];

	/* L10N: %s is the vault's file name. */
	snprintf(line, sizeof(line), _("Vault: %s"), v->ctx->vault_path ? v->ctx->vault_path : "");
	tui_draw_text(y, 2, v->width - 2, A_NORMAL, line);
	y += 2;
	/* L10N: labels of the unlock screen's fields, at most 11 columns. */
	unlock_draw_field(v, y++, _("User"), v->ctx->user, u->focus == FIELD_USER, NULL);
	/* The passphrase field stays empty whatever is typed. */
	unlock_draw_field(v, y++, _("Passphrase"), "", u->focus == FIELD_PASS,
			  /* L10N: next to the passphrase field, which stays blank. */
			  _("(typing is not shown)"));
	y = unlock_draw_errors(v, y + 1) + 1;
	if (y < bottom)
		tui_draw_text(y, 2, v->width - 2, A_NORMAL,
			      /* L10N: the unlock screen's short help. */
			      _("Tab moves between the fields, Enter unlocks, Esc clears a field,"));
	if (++y < bottom)
		tui_draw_text(y, 2, v->width - 2, A_NORMAL, _("F10 or Ctrl-Q quits."));
}

static void
lock_draw(struct view *v)
{
	int y = v->top + 1, bottom = v->top + v->height;
	char line[256];

	/* L10N: the lock screen's first line; %s is the user's id. */
	snprintf(line, sizeof(line), _("Locked by %s."), v->ctx->user);
	tui_draw_text(y, 2, v->width - 2, A_NORMAL, line);
	y += 2;
	unlock_draw_field(v, y++, _("Passphrase"), "", true, _("(typing is not shown)"));
	y = unlock_draw_errors(v, y + 1) + 1;
	if (y < bottom)
		tui_draw_text(y, 2, v->width - 2, A_NORMAL,
			      /* L10N: the lock screen's short help. */
			      _("Enter unlocks, F2 signs in as another user, F10 quits."));
}

/* Append the UTF-8 form of KEY to the user field.  */
static void
unlock_user_add(struct view *v, int key)
{
	char mb[MB_LEN_MAX];
	mbstate_t mbs;
	size_t len, used = strlen(v->ctx->user);

	memset(&mbs, 0, sizeof(mbs));
	len = wcrtomb(mb, (wchar_t)key, &mbs);
	if (len == (size_t)-1 || used + len >= sizeof(v->ctx->user))
		return;
	memcpy(v->ctx->user + used, mb, len);
	v->ctx->user[used + len] = '\0';
}

static void
unlock_user_erase(struct view *v)
{
	size_t len = strlen(v->ctx->user);

	while (len > 0) {
		unsigned char c = (unsigned char)v->ctx->user[--len];

		v->ctx->user[len] = '\0';
		if ((c & 0xc0) != 0x80)
			break;
	}
}

static unsigned
unlock_input(struct view *v, int key)
{
	struct unlock *u = v->priv;

	if (key == (ACTION_KEY_FUNC | KEY_BACKSPACE)) {
		if (u->focus == FIELD_USER)
			unlock_user_erase(v);
		else
			secret_erase(&v->ctx->pass);
		return VIEW_HANDLED;
	}
	/* Function keys and control characters are actions. */
	if ((key & ACTION_KEY_FUNC) || key < 0x20 || key == 0x7f)
		return 0;
	if (u->focus == FIELD_USER)
		unlock_user_add(v, key);
	else
		secret_add(&v->ctx->pass, key);
	return VIEW_HANDLED;
}

static unsigned
unlock_handle(struct view *v, enum action_id action)
{
	struct unlock *u = v->priv;
	bool lock = v->ops == &view_lock_ops;

	switch (action) {
	case ACTION_UNLOCK:
		if (u->focus == FIELD_USER) {
			u->focus = FIELD_PASS;
			return VIEW_HANDLED;
		}
		return VIEW_HANDLED | VIEW_UNLOCK;
	case ACTION_FIELD_NEXT:
	case ACTION_FIELD_PREV:
	case ACTION_MOVE_DOWN:
	case ACTION_MOVE_UP:
		if (!lock)
			u->focus = u->focus == FIELD_USER ? FIELD_PASS : FIELD_USER;
		return VIEW_HANDLED;
	case ACTION_FIELD_CLEAR:
		if (u->focus == FIELD_USER)
			v->ctx->user[0] = '\0';
		else
			secret_clear(&v->ctx->pass);
		return VIEW_HANDLED;
	case ACTION_SWITCH_USER:
		if (!lock)
			return 0;
		v->ctx->push_ops = &view_unlock_ops;
		v->ctx->push_arg = 0;
		return VIEW_HANDLED | VIEW_REPLACE;
	default:
		return 0;
	}
}

static void
unlock_title(struct view *v, char *buf, size_t size)
{
	(void)v;
	/* L10N: titles of the unlock and lock screens, after "douane — ". */
	snprintf(buf, size, "%s", _("Unlock"));
}

static void
lock_title(struct view *v, char *buf, size_t size)
{
	(void)v;
	snprintf(buf, size, "%s", _("Locked"));
}

static void
unlock_status(struct view *v, char *buf, size_t size)
{
	(void)v;
	if (size > 0)
		buf[0] = '\0';
}

const struct view_ops view_unlock_ops = {
	.name = "unlock",
	.keymap = KEYMAP_UNLOCK,
	.open = unlock_open,
	.draw = unlock_draw,
	.input = unlock_input,
	.handle = unlock_handle,
	.title = unlock_title,
	.status = unlock_status,
	.close = unlock_close,
	.suspend = NULL,
};

const struct view_ops view_lock_ops = {
	.name = "lock",
	.keymap = KEYMAP_LOCK,
	.open = unlock_open,
	.draw = lock_draw,
	.input = unlock_input,
	.handle = unlock_handle,
	.title = lock_title,
	.status = unlock_status,
	.close = unlock_close,
	.suspend = NULL,
};
