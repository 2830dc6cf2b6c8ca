/* view_help: the list of keys, generated from the action table.
 *
 * Nothing here is written by hand: for each key map (every view, then the
 * queue, the detail view, this one, the unlock and lock screens) the view
 * lists each action that has a key there, with all its keys, its name (for
 * douanerc `bind` lines) and its translated help text.  A key bound in a
 * view's own map that shadows a generic one is listed under the view only.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "view.h"

static const char *const help_map_titles[KEYMAP_COUNT] = {
	/* L10N: headings of the help screen, one per group of keys. */
	[KEYMAP_GENERIC] = N_("In every view"),
	[KEYMAP_QUEUE] = N_("In the queue"),
	[KEYMAP_DETAIL] = N_("In the detail of a subject"),
	[KEYMAP_HELP] = N_("In this help"),
	[KEYMAP_UNLOCK] = N_("On the unlock screen"),
	[KEYMAP_LOCK] = N_("On the lock screen"),
	[KEYMAP_SUPER] = N_("In the supervisors' screens"),
	[KEYMAP_FORM] = N_("In a form (outcome, lane override, walk-in)"),
	[KEYMAP_SCREENING] = N_("In the watchlist hits and lookup results"),
};

#define HELP_KEYS_WIDTH 18
#define HELP_NAME_WIDTH 17

/* The keys bound to ACTION in MAP, "j, Down", into BUF.  Keys of the
 * generic map that every view shadows are left out.  */
static size_t
help_keys(enum keymap_id map, enum action_id action, char *buf, size_t size)
{
	size_t len = 0, count = 0;
	int key;

	buf[0] = '\0';
	for (int n = 0; (key = keymap_key_for(map, action, n)) >= 0; n++) {
		char name[ACTION_KEY_NAME_MAX];
		bool shadowed = true;

		if (map == KEYMAP_GENERIC) {
			for (int m = 1; m < KEYMAP_COUNT; m++)
				if (keymap_lookup((enum keymap_id)m, key) == action)
					shadowed = false;
		} else {
			shadowed = false;
		}
		if (shadowed)
			continue;
		action_key_name(key, name, sizeof(name));
		if (len < size)
			len += (size_t)snprintf(buf + len, size - len, "%s%s", count ? ", " : "",
						name);
		count++;
	}
	return count;
}

static bool
help_build(struct text_lines *tl)
{
	bool ok = true;

	ok = ok && text_lines_add(tl, TEXT_NORMAL, "%s",
				  _("Keys of douane.  Bind others in douanerc with:"));
	ok = ok && text_lines_add(tl, TEXT_NORMAL, "  bind MAP KEY ACTION");
	for (int m = 0; m < KEYMAP_COUNT && ok; m++) {
		bool heading = false;

		for (int a = 1; a < ACTION_COUNT && ok; a++) {
			const struct action *act = action_get((enum action_id)a);
			char keys[128];
			int pad;

			if (help_keys((enum keymap_id)m, act->id, keys, sizeof(keys)) == 0)
				continue;
			if (!heading) {
				ok = ok && text_lines_add(tl, TEXT_NORMAL, "%s", "");
				ok = ok && text_lines_add(tl, TEXT_HEADING, "%s [%s]",
							  _(help_map_titles[m]),
							  keymap_name((enum keymap_id)m));
				heading = true;
			}
			pad = HELP_KEYS_WIDTH - text_width(keys);
			ok = ok && text_lines_add(tl, TEXT_NORMAL, "  %s%*s%-*s %s", keys,
						  pad > 1 ? pad : 1, "", HELP_NAME_WIDTH,
						  act->name, _(act->help));
		}
	}
	return ok;
}

static enum diag_status
help_open(struct view *v, int64_t arg, struct diag *d)
{
	struct pager *p = calloc(1, sizeof(*p));

	(void)arg;
	if (p == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	pager_init(p);
	if (!help_build(&p->lines)) {
		pager_clear(p);
		free(p);
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	}
	v->priv = p;
	return DIAG_OK;
}

static void
help_close(struct view *v)
{
	pager_clear(v->priv);
	free(v->priv);
}

static void
help_draw(struct view *v)
{
	pager_draw(v, v->priv);
}

static unsigned
help_handle(struct view *v, enum action_id action)
{
	return pager_handle(v, v->priv, action);
}

static void
help_title(struct view *v, char *buf, size_t size)
{
	(void)v;
	snprintf(buf, size, "%s", _("Help"));
}

static void
help_status(struct view *v, char *buf, size_t size)
{
	pager_status(v, v->priv, buf, size);
}

const struct view_ops view_help_ops = {
	.name = "help",
	.keymap = KEYMAP_HELP,
	.open = help_open,
	.draw = help_draw,
	.input = NULL,
	.handle = help_handle,
	.title = help_title,
	.status = help_status,
	.close = help_close,
};
