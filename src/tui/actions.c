/* actions: the one table of user actions, the key names, the key map.
 *
 * To add an action: add its id to enum action_id, one row to action_table
 * below (name, key-bar label or NULL, help text), and its default keys to
 * default_bindings.  The help view and the key bar pick it up from here;
 * the views only ever see action ids.
 *
 * The key map is a small array searched linearly: a few dozen rows, looked
 * up once per keystroke.  Later rows win over earlier ones, so a binding
 * added by keymap_bind() overrides a default.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>
#include <wctype.h>

#include "actions.h"
#include "display.h"
#include "i18n.h"

static const struct action action_table[ACTION_COUNT] = {
	[ACTION_NONE] = {ACTION_NONE, "none", NULL, N_("Do nothing")},
	/* L10N: help texts are one line in the help screen, keep them short. */
	[ACTION_MOVE_UP] = {ACTION_MOVE_UP, "move-up", NULL, N_("Move the cursor up one line")},
	[ACTION_MOVE_DOWN] = {ACTION_MOVE_DOWN, "move-down", NULL,
			      N_("Move the cursor down one line")},
	[ACTION_PAGE_UP] = {ACTION_PAGE_UP, "move-page-up", NULL, N_("Move up one page")},
	[ACTION_PAGE_DOWN] = {ACTION_PAGE_DOWN, "move-page-down", NULL, N_("Move down one page")},
	[ACTION_MOVE_FIRST] = {ACTION_MOVE_FIRST, "move-first-line", NULL,
			       N_("Jump to the first line")},
	[ACTION_MOVE_LAST] = {ACTION_MOVE_LAST, "move-last-line", NULL,
			      N_("Jump to the last line")},
	/* L10N: key-bar labels are one short word each; the bar is 80 columns. */
	[ACTION_ENTER] = {ACTION_ENTER, "enter", N_("Open"), N_("Open the selected subject")},
	[ACTION_SEARCH] = {ACTION_SEARCH, "search", N_("Search"),
			   N_("Search by reference or party as you type")},
	[ACTION_SEARCH_CLEAR] = {ACTION_SEARCH_CLEAR, "search-clear", NULL,
				 N_("Clear the search and show the whole queue")},
	/* L10N: key-bar label of the key that shows one lane after another. */
	[ACTION_FILTER_LANE] = {ACTION_FILTER_LANE, "filter-lane", N_("Lane"),
				N_("Show one lane at a time (R, Y, G, -), then all")},
	[ACTION_SORT] = {ACTION_SORT, "sort-order", N_("Sort"),
			 N_("Order by risk, by arrival or by reference")},
	[ACTION_FILTER_KIND] = {ACTION_FILTER_KIND, "filter-kind", NULL,
				N_("Show one kind at a time, then all")},
	[ACTION_FILTER_STATUS] = {ACTION_FILTER_STATUS, "filter-status", NULL,
				  N_("Show one status at a time, then all")},
	[ACTION_FILTER_CROSSING] = {ACTION_FILTER_CROSSING, "filter-crossing", NULL,
				    N_("Show one crossing at a time, then all")},
	[ACTION_FILTER_CLEAR] = {ACTION_FILTER_CLEAR, "filter-clear", NULL,
				 N_("Clear the filters and the search")},
	[ACTION_VIEW_CLOSE] = {ACTION_VIEW_CLOSE, "view-close", N_("Back"),
			       N_("Close this view and go back")},
	[ACTION_HELP] = {ACTION_HELP, "help", N_("Help"), N_("Show this list of keys")},
	[ACTION_REFRESH] = {ACTION_REFRESH, "screen-redraw", NULL, N_("Redraw the screen")},
	[ACTION_UNLOCK] = {ACTION_UNLOCK, "unlock", N_("Unlock"),
			   N_("Try the passphrase typed")},
	[ACTION_FIELD_NEXT] = {ACTION_FIELD_NEXT, "field-next", NULL, N_("Go to the next field")},
	[ACTION_FIELD_PREV] = {ACTION_FIELD_PREV, "field-previous", NULL,
			       N_("Go to the previous field")},
	[ACTION_FIELD_CLEAR] = {ACTION_FIELD_CLEAR, "field-clear", N_("Clear"),
				N_("Clear the field")},
	/* L10N: key-bar labels of the inspector's actions; one short word. */
	[ACTION_OUTCOME] = {ACTION_OUTCOME, "outcome", N_("Outcome"),
			    N_("Record the outcome of the inspection (opens it if needed)")},
	[ACTION_OVERRIDE] = {ACTION_OVERRIDE, "lane-override", N_("Override"),
			     N_("Put the subject in another lane, with a reason")},
	[ACTION_WALK_IN] = {ACTION_WALK_IN, "walk-in", N_("Walk-in"),
			    N_("Add a traveller, vehicle or consignment not on a manifest")},
	[ACTION_SHIFT_OPEN] = {ACTION_SHIFT_OPEN, "shift-open", NULL,
			       N_("Open your shift (at the queue's crossing)")},
	[ACTION_SHIFT_CLOSE] = {ACTION_SHIFT_CLOSE, "shift-close", NULL,
				N_("Close your shift")},
	[ACTION_FORM_SAVE] = {ACTION_FORM_SAVE, "form-save", N_("Save"),
			      N_("Check the form and show what will be recorded")},
	[ACTION_LINE_ADD] = {ACTION_LINE_ADD, "seizure-add", N_("Add"),
			     N_("Add a seizure line")},
	[ACTION_LINE_REMOVE] = {ACTION_LINE_REMOVE, "seizure-remove", N_("Remove"),
				N_("Remove the seizure line under the cursor")},
	[ACTION_CHOICE_NEXT] = {ACTION_CHOICE_NEXT, "choice-next", NULL,
				N_("Next value of a list field")},
	[ACTION_CHOICE_PREV] = {ACTION_CHOICE_PREV, "choice-previous", NULL,
				N_("Previous value of a list field")},
	[ACTION_TOGGLE] = {ACTION_TOGGLE, "toggle", NULL,
			   N_("Tick or untick a check; next value of a list field")},
	/* L10N: key-bar label of the lock screen's key that signs in as someone
	 * else; one short word. */
	[ACTION_SWITCH_USER] = {ACTION_SWITCH_USER, "switch-user", N_("User"),
				N_("Sign in as another user")},
	[ACTION_LOCK] = {ACTION_LOCK, "lock", N_("Lock"),
			 N_("Lock: hide the work behind the passphrase")},
	[ACTION_QUIT] = {ACTION_QUIT, "quit", N_("Quit"), N_("Leave douane")},
	[ACTION_SHIFTS] = {ACTION_SHIFTS, "view-shifts", NULL,
			   N_("Supervisors: review the shifts")},
	[ACTION_RULES] = {ACTION_RULES, "view-rules", NULL,
			  N_("Supervisors: how each rule performs beside random selection")},
	[ACTION_AUDIT] = {ACTION_AUDIT, "view-audit", NULL,
			  N_("Supervisors: the event log's checks, failed unlocks, lookups")},
	/* L10N: key-bar label: sign a shift as reviewed; one short word. */
	[ACTION_COUNTERSIGN] = {ACTION_COUNTERSIGN, "countersign", N_("Sign"),
				N_("Countersign this shift, with an optional note")},
	/* L10N: key-bar label: flag an inspection for follow-up; one short word. */
	[ACTION_FLAG] = {ACTION_FLAG, "flag-follow-up", N_("Flag"),
			 N_("Flag the selected inspection for follow-up, with a note")},
	/* L10N: key-bar labels of the screening screens; one short word. */
	[ACTION_HITS] = {ACTION_HITS, "view-hits", NULL,
			 N_("The subject's watchlist hits: confirm or dismiss them")},
	[ACTION_HIT_DECIDE] = {ACTION_HIT_DECIDE, "hit-decide", N_("Decide"),
			       N_("Confirm or dismiss the selected hit, with a reason")},
	[ACTION_LOOKUP] = {ACTION_LOOKUP, "lookup", NULL,
			   N_("Look a name up on the watchlists (recorded)")},
};

static const char *const keymap_names[KEYMAP_COUNT] = {
	[KEYMAP_GENERIC] = "generic",
	[KEYMAP_QUEUE] = "queue",
	[KEYMAP_DETAIL] = "detail",
	[KEYMAP_HELP] = "help",
	[KEYMAP_UNLOCK] = "unlock",
	[KEYMAP_LOCK] = "lock",
	[KEYMAP_SUPER] = "supervisor",
	[KEYMAP_FORM] = "form",
	[KEYMAP_SCREENING] = "screening",
};

struct keybinding {
	enum keymap_id map;
	int key;
	enum action_id action;
};

#define F(k) ((k) | ACTION_KEY_FUNC)
#define CTRL(c) ((c) & 0x1f)

/* The compiled-in defaults, as a douanerc would write them.  */
static const struct keybinding default_bindings[] = {
	{KEYMAP_GENERIC, F(KEY_UP), ACTION_MOVE_UP},
	{KEYMAP_GENERIC, 'k', ACTION_MOVE_UP},
	{KEYMAP_GENERIC, F(KEY_DOWN), ACTION_MOVE_DOWN},
	{KEYMAP_GENERIC, 'j', ACTION_MOVE_DOWN},
	{KEYMAP_GENERIC, F(KEY_PPAGE), ACTION_PAGE_UP},
	{KEYMAP_GENERIC, CTRL('b'), ACTION_PAGE_UP},
	{KEYMAP_GENERIC, F(KEY_NPAGE), ACTION_PAGE_DOWN},
	{KEYMAP_GENERIC, CTRL('f'), ACTION_PAGE_DOWN},
	{KEYMAP_GENERIC, ' ', ACTION_PAGE_DOWN},
	{KEYMAP_GENERIC, F(KEY_HOME), ACTION_MOVE_FIRST},
	{KEYMAP_GENERIC, 'g', ACTION_MOVE_FIRST},
	{KEYMAP_GENERIC, F(KEY_END), ACTION_MOVE_LAST},
	{KEYMAP_GENERIC, 'G', ACTION_MOVE_LAST},
	{KEYMAP_GENERIC, F(KEY_F(1)), ACTION_HELP},
	{KEYMAP_GENERIC, '?', ACTION_HELP},
	{KEYMAP_GENERIC, CTRL('l'), ACTION_REFRESH},
	{KEYMAP_GENERIC, F(KEY_F(9)), ACTION_LOCK},
	{KEYMAP_GENERIC, 'L', ACTION_LOCK},
	{KEYMAP_GENERIC, 'Q', ACTION_QUIT},
	{KEYMAP_GENERIC, F(KEY_F(10)), ACTION_QUIT},

	{KEYMAP_QUEUE, ACTION_KEY_ENTER, ACTION_ENTER},
	{KEYMAP_QUEUE, '/', ACTION_SEARCH},
	{KEYMAP_QUEUE, ACTION_KEY_ESC, ACTION_SEARCH_CLEAR},
	{KEYMAP_QUEUE, 'q', ACTION_QUIT},
	{KEYMAP_QUEUE, F(KEY_F(5)), ACTION_FILTER_LANE},
	{KEYMAP_QUEUE, 'l', ACTION_FILTER_LANE},
	{KEYMAP_QUEUE, F(KEY_F(6)), ACTION_SORT},
	{KEYMAP_QUEUE, 'o', ACTION_SORT},
	{KEYMAP_QUEUE, F(KEY_F(7)), ACTION_FILTER_KIND},
	{KEYMAP_QUEUE, 't', ACTION_FILTER_KIND},
	{KEYMAP_QUEUE, F(KEY_F(8)), ACTION_FILTER_STATUS},
	{KEYMAP_QUEUE, 's', ACTION_FILTER_STATUS},
	{KEYMAP_QUEUE, 'c', ACTION_FILTER_CROSSING},
	{KEYMAP_QUEUE, 'x', ACTION_FILTER_CLEAR},

	{KEYMAP_QUEUE, 'V', ACTION_SHIFTS},
	{KEYMAP_QUEUE, 'P', ACTION_RULES},
	{KEYMAP_QUEUE, 'A', ACTION_AUDIT},

	{KEYMAP_SUPER, ACTION_KEY_ENTER, ACTION_ENTER},
	{KEYMAP_SUPER, 'q', ACTION_VIEW_CLOSE},
	{KEYMAP_SUPER, ACTION_KEY_ESC, ACTION_VIEW_CLOSE},
	{KEYMAP_SUPER, F(KEY_LEFT), ACTION_VIEW_CLOSE},
	{KEYMAP_SUPER, 'o', ACTION_SORT},
	{KEYMAP_SUPER, 'c', ACTION_COUNTERSIGN},
	{KEYMAP_SUPER, 'f', ACTION_FLAG},

	{KEYMAP_QUEUE, 'w', ACTION_WALK_IN},
	{KEYMAP_QUEUE, 'S', ACTION_SHIFT_OPEN},
	{KEYMAP_QUEUE, 'E', ACTION_SHIFT_CLOSE},
	{KEYMAP_QUEUE, 'F', ACTION_LOOKUP},

	{KEYMAP_DETAIL, 'r', ACTION_OUTCOME},
	{KEYMAP_DETAIL, 'O', ACTION_OVERRIDE},
	{KEYMAP_DETAIL, 'S', ACTION_SHIFT_OPEN},
	{KEYMAP_DETAIL, 'E', ACTION_SHIFT_CLOSE},
	{KEYMAP_DETAIL, 'h', ACTION_HITS},
	{KEYMAP_DETAIL, 'q', ACTION_VIEW_CLOSE},
	{KEYMAP_DETAIL, ACTION_KEY_ESC, ACTION_VIEW_CLOSE},
	{KEYMAP_DETAIL, F(KEY_LEFT), ACTION_VIEW_CLOSE},

	{KEYMAP_SCREENING, ACTION_KEY_ENTER, ACTION_ENTER},
	{KEYMAP_SCREENING, 'd', ACTION_HIT_DECIDE},
	{KEYMAP_SCREENING, 'q', ACTION_VIEW_CLOSE},
	{KEYMAP_SCREENING, ACTION_KEY_ESC, ACTION_VIEW_CLOSE},
	{KEYMAP_SCREENING, F(KEY_LEFT), ACTION_VIEW_CLOSE},

	{KEYMAP_HELP, 'q', ACTION_VIEW_CLOSE},
	{KEYMAP_HELP, ACTION_KEY_ESC, ACTION_VIEW_CLOSE},
	{KEYMAP_HELP, F(KEY_LEFT), ACTION_VIEW_CLOSE},

	/* Forms (outcome, lane override, walk-in): characters are typed
	 * into the field under the cursor, so only control and function
	 * keys act, and Space on a tick box or a list. */
	{KEYMAP_FORM, F(KEY_F(2)), ACTION_FORM_SAVE},
	{KEYMAP_FORM, F(KEY_F(3)), ACTION_LINE_ADD},
	{KEYMAP_FORM, F(KEY_F(4)), ACTION_LINE_REMOVE},
	{KEYMAP_FORM, ACTION_KEY_ENTER, ACTION_FIELD_NEXT},
	{KEYMAP_FORM, '\t', ACTION_FIELD_NEXT},
	{KEYMAP_FORM, F(KEY_DOWN), ACTION_FIELD_NEXT},
	{KEYMAP_FORM, F(KEY_BTAB), ACTION_FIELD_PREV},
	{KEYMAP_FORM, F(KEY_UP), ACTION_FIELD_PREV},
	{KEYMAP_FORM, F(KEY_RIGHT), ACTION_CHOICE_NEXT},
	{KEYMAP_FORM, F(KEY_LEFT), ACTION_CHOICE_PREV},
	{KEYMAP_FORM, ' ', ACTION_TOGGLE},
	{KEYMAP_FORM, CTRL('u'), ACTION_FIELD_CLEAR},
	{KEYMAP_FORM, ACTION_KEY_ESC, ACTION_VIEW_CLOSE},
	{KEYMAP_FORM, 'Q', ACTION_NONE},

	/* Unlock and lock screens: every character is typed into a field,
	 * so only control and function keys act (q is a letter here). */
	{KEYMAP_UNLOCK, ACTION_KEY_ENTER, ACTION_UNLOCK},
	{KEYMAP_UNLOCK, '\t', ACTION_FIELD_NEXT},
	{KEYMAP_UNLOCK, F(KEY_DOWN), ACTION_FIELD_NEXT},
	{KEYMAP_UNLOCK, F(KEY_BTAB), ACTION_FIELD_PREV},
	{KEYMAP_UNLOCK, F(KEY_UP), ACTION_FIELD_PREV},
	{KEYMAP_UNLOCK, ACTION_KEY_ESC, ACTION_FIELD_CLEAR},
	{KEYMAP_UNLOCK, F(KEY_F(10)), ACTION_QUIT},
	{KEYMAP_UNLOCK, CTRL('q'), ACTION_QUIT},
	{KEYMAP_UNLOCK, F(KEY_F(9)), ACTION_NONE}, /* nothing to lock yet */
	{KEYMAP_UNLOCK, 'L', ACTION_NONE},

	{KEYMAP_LOCK, ACTION_KEY_ENTER, ACTION_UNLOCK},
	{KEYMAP_LOCK, ACTION_KEY_ESC, ACTION_FIELD_CLEAR},
	{KEYMAP_LOCK, F(KEY_F(2)), ACTION_SWITCH_USER},
	{KEYMAP_LOCK, F(KEY_F(10)), ACTION_QUIT},
	{KEYMAP_LOCK, CTRL('q'), ACTION_QUIT},
	{KEYMAP_LOCK, F(KEY_F(9)), ACTION_NONE},
	{KEYMAP_LOCK, 'L', ACTION_NONE},
};

#define BINDINGS_MAX 256

static struct keybinding bindings[BINDINGS_MAX];
static size_t n_bindings;

const struct action *
action_get(enum action_id id)
{
	if ((int)id < 0 || id >= ACTION_COUNT)
		return &action_table[ACTION_NONE];
	return &action_table[id];
}

const struct action *
action_find(const char *name)
{
	for (size_t i = 0; i < ACTION_COUNT; i++)
		if (strcmp(action_table[i].name, name) == 0)
			return &action_table[i];
	return NULL;
}

const char *
keymap_name(enum keymap_id map)
{
	return map < KEYMAP_COUNT ? keymap_names[map] : "?";
}

bool
keymap_find(const char *name, enum keymap_id *out)
{
	for (int i = 0; i < KEYMAP_COUNT; i++) {
		if (strcmp(keymap_names[i], name) == 0) {
			*out = (enum keymap_id)i;
			return true;
		}
	}
	return false;
}

void
keymap_init(void)
{
	n_bindings = sizeof(default_bindings) / sizeof(default_bindings[0]);
	memcpy(bindings, default_bindings, sizeof(default_bindings));
}

bool
keymap_bind(enum keymap_id map, int key, enum action_id action)
{
	for (size_t i = 0; i < n_bindings; i++) {
		if (bindings[i].map == map && bindings[i].key == key) {
			bindings[i].action = action;
			return true;
		}
	}
	if (n_bindings == BINDINGS_MAX)
		return false;
	bindings[n_bindings++] = (struct keybinding){map, key, action};
	return true;
}

static enum action_id
keymap_lookup_one(enum keymap_id map, int key, bool *found)
{
	for (size_t i = 0; i < n_bindings; i++) {
		if (bindings[i].map == map && bindings[i].key == key) {
			*found = true;
			return bindings[i].action;
		}
	}
	*found = false;
	return ACTION_NONE;
}

enum action_id
keymap_lookup(enum keymap_id map, int key)
{
	bool found;
	enum action_id a = keymap_lookup_one(map, key, &found);

	/* A key bound to "none" in a view's map hides the generic binding. */
	if (found || map == KEYMAP_GENERIC)
		return a;
	return keymap_lookup_one(KEYMAP_GENERIC, key, &found);
}

int
keymap_key_for(enum keymap_id map, enum action_id action, int n)
{
	for (size_t i = 0; i < n_bindings; i++) {
		if (bindings[i].map == map && bindings[i].action == action) {
			if (n-- == 0)
				return bindings[i].key;
		}
	}
	return -1;
}

int
keymap_first_key(enum keymap_id map, enum action_id action)
{
	/* A key only counts if it still means ACTION from MAP's point of view
	 * (a view's own binding may shadow a generic one). */
	for (int pass = 0; pass < 2; pass++) {
		enum keymap_id m = pass == 0 ? map : KEYMAP_GENERIC;
		int key;

		for (int n = 0; (key = keymap_key_for(m, action, n)) >= 0; n++)
			if (keymap_lookup(map, key) == action)
				return key;
		if (map == KEYMAP_GENERIC)
			break;
	}
	return -1;
}

/* --- Key names ---------------------------------------------------------- */

struct key_name {
	const char *name;
	int key;
};

static const struct key_name key_names[] = {
	{"Enter", ACTION_KEY_ENTER},
	{"Esc", ACTION_KEY_ESC},
	{"Space", ' '},
	{"Tab", '\t'},
	{"Lt", '<'},
	{"Up", F(KEY_UP)},
	{"Down", F(KEY_DOWN)},
	{"Left", F(KEY_LEFT)},
	{"Right", F(KEY_RIGHT)},
	{"PgUp", F(KEY_PPAGE)},
	{"PgDn", F(KEY_NPAGE)},
	{"Home", F(KEY_HOME)},
	{"End", F(KEY_END)},
	{"Ins", F(KEY_IC)},
	{"Del", F(KEY_DC)},
	{"Backspace", F(KEY_BACKSPACE)},
	{"BackTab", F(KEY_BTAB)},
};

static bool
key_lookup_name(const char *name, size_t len, int *key)
{
	char buf[ACTION_KEY_NAME_MAX];

	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, name, len);
	buf[len] = '\0';

	for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++) {
		if (strcasecmp(key_names[i].name, buf) == 0) {
			*key = key_names[i].key;
			return true;
		}
	}
	/* <C-x>: a control character. */
	if (len == 3 && (buf[0] == 'C' || buf[0] == 'c') && buf[1] == '-' &&
	    ((buf[2] >= 'a' && buf[2] <= 'z') || (buf[2] >= 'A' && buf[2] <= 'Z'))) {
		*key = CTRL(buf[2]);
		return true;
	}
	/* <F1> ... <F63>. */
	if ((buf[0] == 'F' || buf[0] == 'f') && len >= 2 && len <= 3) {
		int n = 0;

		for (size_t i = 1; i < len; i++) {
			if (buf[i] < '0' || buf[i] > '9')
				return false;
			n = n * 10 + (buf[i] - '0');
		}
		if (n < 1 || n > 63)
			return false;
		*key = F(KEY_F(n));
		return true;
	}
	return false;
}

bool
action_key_parse(const char **spec, int *key)
{
	const char *s = *spec;
	mbstate_t mbs;
	wchar_t wc;
	size_t len;

	if (*s == '\0')
		return false;
	if (*s == '<') {
		const char *end = strchr(s + 1, '>');

		if (end == NULL || !key_lookup_name(s + 1, (size_t)(end - s - 1), key))
			return false;
		*spec = end + 1;
		return true;
	}
	memset(&mbs, 0, sizeof(mbs));
	len = mbrtowc(&wc, s, strlen(s), &mbs);
	if (len == (size_t)-1 || len == (size_t)-2 || len == 0)
		return false;
	if (!iswprint((wint_t)wc))
		return false;
	*key = (int)wc;
	*spec = s + len;
	return true;
}

const char *
action_key_name(int key, char *buf, size_t size)
{
	for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++) {
		if (key_names[i].key == key && key != '<') {
			snprintf(buf, size, "%s", key_names[i].name);
			return buf;
		}
	}
	if (key & ACTION_KEY_FUNC) {
		int k = key & ~ACTION_KEY_FUNC;

		if (k >= KEY_F(1) && k <= KEY_F(63))
			snprintf(buf, size, "F%d", k - KEY_F(0));
		else
			snprintf(buf, size, "<%d>", k);
		return buf;
	}
	if (key > 0 && key < 0x20) {
		snprintf(buf, size, "C-%c", key + 'a' - 1);
		return buf;
	}
	{
		char mb[MB_LEN_MAX + 1];
		mbstate_t mbs;
		size_t len;

		memset(&mbs, 0, sizeof(mbs));
		len = wcrtomb(mb, (wchar_t)key, &mbs);
		if (len == (size_t)-1)
			snprintf(buf, size, "U+%04X", (unsigned)key);
		else {
			mb[len] = '\0';
			snprintf(buf, size, "%s", mb);
		}
	}
	return buf;
}

int
action_key_from_curses(int ret, unsigned value)
{
	if (ret == KEY_CODE_YES) {
		switch ((int)value) {
		case KEY_ENTER:
			return ACTION_KEY_ENTER;
		default:
			return F((int)value);
		}
	}
	switch (value) {
	case '\r':
		return ACTION_KEY_ENTER;
	case 0x7f:
	case 0x08:
		return F(KEY_BACKSPACE);
	default:
		return (int)value;
	}
}
