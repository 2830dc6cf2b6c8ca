/* display: curses on a terminal, or on /dev/null for the headless tests.
 *
 * Both modes go through newterm() so that they differ only in where curses
 * reads and writes.  Headless mode uses $TERM (the tests set TERM=xterm) to
 * have a terminal description at all; nothing it writes is ever seen.  The
 * screen text is read back from stdscr with winnwstr(), which skips the
 * second cell of a double-width character, so a Chinese name is dumped
 * once and the line keeps its real text.  With ATTRIBUTES, the file holds
 * instead the attributes and colours of the screen (display_save_attributes
 * below), so a test can tell NO_COLOR from colour.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "actions.h"
#include "display.h"
#include "i18n.h"
#include "view.h"

enum diag_status
display_open(struct display *dp, bool headless, int lines, int columns, struct diag *d)
{
	const char *term = getenv("TERM");

	memset(dp, 0, sizeof(*dp));
	dp->headless = headless;
	if (headless) {
		if (term == NULL || *term == '\0')
			term = "vt100";
		dp->out = fopen("/dev/null", "w");
		dp->in = fopen("/dev/null", "r");
		if (dp->out == NULL || dp->in == NULL) {
			display_close(dp);
			return diag_set(d, DIAG_IO, "/dev/null", 0, "%s", strerror(errno));
		}
		dp->screen = newterm(term, dp->out, dp->in);
	} else {
		dp->screen = newterm(NULL, stdout, stdin);
	}
	if (dp->screen == NULL) {
		display_close(dp);
		/* L10N: %s is the value of $TERM. */
		return diag_set(d, DIAG_USAGE, NULL, 0, _("cannot use terminal type '%s'"),
				term ? term : "");
	}
	set_term(dp->screen);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	leaveok(stdscr, TRUE);
	scrollok(stdscr, FALSE);
	if (headless) {
		display_resize(dp, lines > 0 ? lines : 24, columns > 0 ? columns : 80);
	} else {
		struct termios tio;

		curs_set(0);
		set_escdelay(25);
		/* Ctrl-Q quits the unlock screen and Ctrl-S means nothing: take
		 * them from the terminal's flow control (endwin() restores it). */
		if (tcgetattr(STDIN_FILENO, &tio) == 0) {
			tio.c_iflag &= ~(tcflag_t)IXON;
			if (tcsetattr(STDIN_FILENO, TCSANOW, &tio) == 0)
				def_prog_mode();
		}
	}
	/* https://no-color.org: NO_COLOR set, whatever its value, disables
	 * colour.  Headless runs decide the same way from $TERM, so that the
	 * attribute dump of a test shows what a terminal would get.  */
	if (has_colors() && getenv("NO_COLOR") == NULL) {
		start_color();
		use_default_colors();
		dp->colour = true;
	}
	return DIAG_OK;
}

void
display_close(struct display *dp)
{
	if (dp->screen != NULL) {
		endwin();
		delscreen(dp->screen);
		dp->screen = NULL;
	}
	if (dp->out != NULL)
		fclose(dp->out);
	if (dp->in != NULL)
		fclose(dp->in);
	dp->out = dp->in = NULL;
}

void
display_resize(struct display *dp, int lines, int columns)
{
	(void)dp;
	resizeterm(lines, columns);
}

int
display_get_key(struct display *dp, int timeout_ms)
{
	wint_t wc;
	int ret;

	(void)dp;
	timeout(timeout_ms);
	ret = get_wch(&wc);
	if (ret == ERR)
		return -1;
	return action_key_from_curses(ret, (unsigned)wc);
}

/* The attribute layer: for each row, its runs of cells drawn alike, as
 * "ROW COL+LEN bold reverse white/blue", the row's plain runs left out.  */
static void
display_save_attributes(FILE *f)
{
	char desc[128];

	for (int y = 0; y < LINES; y++) {
		int start = 0;
		attr_t run_attr = 0;
		short run_pair = 0;

		for (int x = 0; x <= COLS; x++) {
			attr_t attr = 0;
			short pair = 0;

			if (x < COLS) {
				cchar_t cc;
				wchar_t wch[CCHARW_MAX + 1];

				if (mvwin_wch(stdscr, y, x, &cc) == OK)
					getcchar(&cc, wch, &attr, &pair, NULL);
				attr &= A_ATTRIBUTES & ~A_COLOR;
			}
			if (x < COLS && x > 0 && attr == run_attr && pair == run_pair)
				continue;
			if (x > 0 && (run_attr != 0 || run_pair != 0)) {
				tui_attr_describe(run_attr, run_pair, desc, sizeof desc);
				fprintf(f, "%d %d+%d %s\n", y, start, x - start, desc);
			}
			start = x;
			run_attr = attr;
			run_pair = pair;
		}
	}
}

enum diag_status
display_save(const char *path, bool attributes, struct diag *d)
{
	FILE *f = fopen(path, "w");
	wchar_t *row;
	size_t wide;
	char mb[MB_LEN_MAX];
	enum diag_status rc = DIAG_OK;

	if (f == NULL)
		return diag_set(d, DIAG_IO, path, 0, "%s", strerror(errno));
	/* A cell holds a character and its combining marks: a row may be
	 * longer in characters than in columns.  */
	wide = (size_t)COLS * (CCHARW_MAX + 1);
	row = calloc(wide + 1, sizeof(*row));
	if (row == NULL) {
		fclose(f);
		return diag_set(d, DIAG_SOFTWARE, path, 0, "%s", strerror(ENOMEM));
	}
	if (attributes)
		display_save_attributes(f);
	for (int y = 0; y < LINES && !attributes; y++) {
		int n;

		/* ncurses returns a count, X/Open says OK: trust the NUL. */
		memset(row, 0, (wide + 1) * sizeof(*row));
		if (mvwinnwstr(stdscr, y, 0, row, (int)wide) == ERR)
			row[0] = L'\0';
		n = (int)wcslen(row);
		while (n > 0 && row[n - 1] == L' ')
			row[--n] = L'\0';
		for (int i = 0; i < n; i++) {
			mbstate_t mbs;
			size_t len;

			memset(&mbs, 0, sizeof(mbs));
			len = wcrtomb(mb, row[i], &mbs);
			if (len == (size_t)-1) {
				mb[0] = '?';
				len = 1;
			}
			fwrite(mb, 1, len, f);
		}
		fputc('\n', f);
	}
	free(row);
	if (ferror(f))
		rc = diag_set(d, DIAG_IO, path, 0, "%s", strerror(errno));
	if (fclose(f) != 0 && rc == DIAG_OK)
		rc = diag_set(d, DIAG_IO, path, 0, "%s", strerror(errno));
	return rc;
}
