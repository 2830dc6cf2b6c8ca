/* rc: read douanerc (rc.h says what a line can be).
 *
 * Each line is split on blanks into words; the first word says what the
 * line is.  Every name is checked against the one table it belongs to:
 * key maps and actions (actions.c), screen elements, colours and
 * attributes (colours.c), settings (rc_settings below).  Nothing is
 * applied from a line that has an error, so a half-understood line
 * changes nothing.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "i18n.h"
#include "rc.h"
#include "view.h"

#define RC_WORDS_MAX 12

const char *
rc_path(char *buf, size_t size)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg != NULL && *xdg == '/')
		snprintf(buf, size, "%s/douane/douanerc", xdg);
	else if (home != NULL && *home != '\0')
		snprintf(buf, size, "%s/.config/douane/douanerc", home);
	else
		return NULL;
	return buf;
}

static bool
rc_bind(char **w, int n, char *why, size_t size)
{
	enum keymap_id map;
	const struct action *act;
	const char *spec;
	int key;

	if (n != 4) {
		snprintf(why, size, "%s", _("bind needs a key map, a key and an action"));
		return false;
	}
	if (!keymap_find(w[1], &map)) {
		/* L10N: douanerc; %s is what the file says. */
		snprintf(why, size, _("unknown key map '%s'"), w[1]);
		return false;
	}
	spec = w[2];
	if (!action_key_parse(&spec, &key) || *spec != '\0') {
		snprintf(why, size, _("unknown key '%s'"), w[2]);
		return false;
	}
	if ((act = action_find(w[3])) == NULL) {
		snprintf(why, size, _("unknown action '%s'"), w[3]);
		return false;
	}
	if (!keymap_bind(map, key, act->id)) {
		snprintf(why, size, "%s", _("too many key bindings"));
		return false;
	}
	return true;
}

static bool
rc_set(char **w, int n, struct tui_settings *set, char *why, size_t size)
{
	static const char *const sorts[STORE_SORT_COUNT] = {
		[STORE_SORT_RANK] = "rank",
		[STORE_SORT_ARRIVAL] = "arrival",
		[STORE_SORT_REF] = "reference",
	};

	if (n != 3) {
		snprintf(why, size, "%s", _("set needs a name and a value"));
		return false;
	}
	if (strcmp(w[1], "idle-lock") == 0) {
		char *end;
		long secs;

		errno = 0;
		secs = strtol(w[2], &end, 10);
		/* The lock cannot be switched off from here: at least a second. */
		if (*end != '\0' || errno != 0 || secs < 1 || secs > 86400) {
			snprintf(why, size, _("idle-lock needs seconds from 1 to 86400, not '%s'"),
				 w[2]);
			return false;
		}
		set->idle_lock = (unsigned)secs;
		set->idle_lock_set = true;
		return true;
	}
	if (strcmp(w[1], "sort") == 0) {
		for (int i = 0; i < STORE_SORT_COUNT; i++) {
			if (strcmp(w[2], sorts[i]) == 0) {
				set->sort = (enum store_queue_sort)i;
				return true;
			}
		}
		snprintf(why, size, _("sort is rank, arrival or reference, not '%s'"), w[2]);
		return false;
	}
	snprintf(why, size, _("unknown option '%s'"), w[1]);
	return false;
}

static bool
rc_color(char **w, int n, char *why, size_t size)
{
	enum tui_element e;
	short fg, bg;
	attr_t attrs = A_NORMAL;

	if (n < 4) {
		snprintf(why, size, "%s",
			 _("color needs an element, a foreground and a background colour"));
		return false;
	}
	if (!tui_element_find(w[1], &e)) {
		snprintf(why, size, _("unknown screen element '%s'"), w[1]);
		return false;
	}
	if (!tui_colour_parse(w[2], &fg)) {
		snprintf(why, size, _("unknown colour '%s'"), w[2]);
		return false;
	}
	if (!tui_colour_parse(w[3], &bg)) {
		snprintf(why, size, _("unknown colour '%s'"), w[3]);
		return false;
	}
	for (int i = 4; i < n; i++) {
		attr_t a;

		if (!tui_attr_parse(w[i], &a)) {
			snprintf(why, size, _("unknown attribute '%s'"), w[i]);
			return false;
		}
		attrs |= a;
	}
	tui_colour_set(e, fg, bg, attrs);
	return true;
}

bool
rc_line(char *line, struct tui_settings *set, char *why, size_t size)
{
	char *w[RC_WORDS_MAX], *save = NULL, *tok;
	int n = 0;

	line += strspn(line, " \t");
	if (line[0] == '#')
		return true;
	for (tok = strtok_r(line, " \t\r", &save); tok != NULL;
	     tok = strtok_r(NULL, " \t\r", &save)) {
		if (n == RC_WORDS_MAX) {
			snprintf(why, size, "%s", _("too many words"));
			return false;
		}
		w[n++] = tok;
	}
	if (n == 0)
		return true;
	if (strcmp(w[0], "bind") == 0)
		return rc_bind(w, n, why, size);
	if (strcmp(w[0], "set") == 0)
		return rc_set(w, n, set, why, size);
	if (strcmp(w[0], "color") == 0)
		return rc_color(w, n, why, size);
	/* L10N: douanerc; %s is the first word of a line. */
	snprintf(why, size, _("unknown command '%s' (bind, set or color)"), w[0]);
	return false;
}

int
rc_load(const char *path, struct tui_settings *set, FILE *err, char *first, size_t size)
{
	FILE *f;
	char *buf = NULL;
	size_t cap = 0;
	long line = 0;
	int bad = 0;

	if (size > 0)
		first[0] = '\0';
	if (path == NULL || (f = fopen(path, "r")) == NULL)
		return 0;
	while (getline(&buf, &cap, f) >= 0) {
		char why[256], report[1024];

		line++;
		buf[strcspn(buf, "\n")] = '\0';
		if (rc_line(buf, set, why, sizeof why))
			continue;
		bad++;
		snprintf(report, sizeof report, "%s:%ld: %s", path, line, why);
		if (err != NULL)
			fprintf(err, "douane: %s\n", report);
		/* The message line is short: the file's name will do there. */
		if (bad == 1 && size > 0) {
			const char *base = strrchr(path, '/');

			snprintf(first, size, "%s:%ld: %s", base ? base + 1 : path, line, why);
		}
	}
	free(buf);
	fclose(f);
	return bad;
}
