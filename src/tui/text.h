/* text: measuring and fitting UTF-8 text into terminal columns.
 *
 * Names at a crossing come in every script: Cyrillic, Arabic, Chinese (two
 * columns a character), with combining accents (no column at all).  A list
 * stays aligned only if every cell is cut and padded by display width, never
 * by bytes or characters.  These helpers do that with mbrtowc() and
 * wcwidth() in the current locale, and know nothing of curses, so they can
 * be tested as plain text.
 *
 * text_lines is a growable list of UTF-8 lines for the pager-like views
 * (detail, help).
 */
#ifndef DOUANE_TUI_TEXT_H
#define DOUANE_TUI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/* Display width of the UTF-8 string S; bytes that do not decode and
 * characters that cannot be shown count as one column (shown as '?').  */
int text_width(const char *s);

/* Write into OUT (OUTSIZE wide characters, including the terminating NUL)
 * the longest prefix of S that fits in WIDTH columns; when S does not fit,
 * its last column becomes TEXT_MORE.  When PAD, spaces fill the rest up to
 * exactly WIDTH columns.  Returns the columns used.  */
int text_fit(wchar_t *out, size_t outsize, const char *s, int width, bool pad);

#define TEXT_MORE L'~'

/* The same for a string right-aligned in WIDTH columns.  */
int text_fit_right(wchar_t *out, size_t outsize, const char *s, int width);

struct text_line {
	char *text;     /* UTF-8 */
	unsigned style; /* TEXT_* below */
};

enum text_style {
	TEXT_NORMAL = 0,
	TEXT_HEADING = 1,
};

struct text_lines {
	struct text_line *lines;
	size_t n, cap;
};

void text_lines_init(struct text_lines *tl);
void text_lines_clear(struct text_lines *tl);
/* Append a line; returns false when out of memory.  */
bool text_lines_add(struct text_lines *tl, unsigned style, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Add LINE broken at spaces into lines of at most WIDTH columns; the
 * lines after the first hang under the text that follows a short
 * "Label: " (or under LINE's own indentation).  */
bool text_lines_add_wrapped(struct text_lines *tl, unsigned style, int width, const char *line);

#endif
