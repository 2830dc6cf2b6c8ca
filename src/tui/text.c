/* text: display width of UTF-8 text, and fitting it into columns.
 *
 * Decoding is done once per cell with mbrtowc(); a byte that does not
 * decode is shown as '?' and decoding starts again at the next byte, so a
 * bad name in a manifest cannot shift the columns after it.  Control
 * characters (wcwidth() < 0) are shown as '?' too: a name must not be able
 * to move the cursor.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "text.h"

/* Decode one character at S (LEN bytes left) into *WC; returns the bytes
 * used and sets *W to its width.  Never returns 0 for a non-empty S.  */
static size_t
text_decode(const char *s, size_t len, wchar_t *wc, int *w)
{
	mbstate_t mbs;
	size_t n;

	memset(&mbs, 0, sizeof(mbs));
	n = mbrtowc(wc, s, len, &mbs);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*wc = L'?';
		*w = 1;
		return 1;
	}
	*w = wcwidth(*wc);
	if (*w < 0) {
		*wc = L'?';
		*w = 1;
	}
	return n;
}

int
text_width(const char *s)
{
	size_t len = s ? strlen(s) : 0;
	int total = 0;

	while (len > 0) {
		wchar_t wc;
		int w;
		size_t n = text_decode(s, len, &wc, &w);

		total += w;
		s += n;
		len -= n;
	}
	return total;
}

int
text_fit(wchar_t *out, size_t outsize, const char *s, int width, bool pad)
{
	size_t len = s ? strlen(s) : 0;
	size_t o = 0;
	int used = 0;
	int limit = width;

	if (outsize == 0)
		return 0;
	if (width < 0)
		width = limit = 0;
	/* Leave a column for the continuation mark when S is too wide. */
	if (text_width(s) > width)
		limit = width - 1;

	while (len > 0 && o + 1 < outsize) {
		wchar_t wc;
		int w;
		size_t n = text_decode(s, len, &wc, &w);

		if (used + w > limit)
			break;
		out[o++] = wc;
		used += w;
		s += n;
		len -= n;
	}
	if (limit < width && used < width && o + 1 < outsize) {
		out[o++] = TEXT_MORE;
		used++;
	}
	while (pad && used < width && o + 1 < outsize) {
		out[o++] = L' ';
		used++;
	}
	out[o] = L'\0';
	return used;
}

int
text_fit_right(wchar_t *out, size_t outsize, const char *s, int width)
{
	int w = text_width(s);
	size_t o = 0;

	if (outsize == 0)
		return 0;
	while (w < width && o + 1 < outsize) {
		out[o++] = L' ';
		w++;
	}
	return (int)o + text_fit(out + o, outsize - o, s, width - (int)o, true);
}

void
text_lines_init(struct text_lines *tl)
{
	tl->lines = NULL;
	tl->n = tl->cap = 0;
}

void
text_lines_clear(struct text_lines *tl)
{
	for (size_t i = 0; i < tl->n; i++)
		free(tl->lines[i].text);
	free(tl->lines);
	text_lines_init(tl);
}

bool
text_lines_add(struct text_lines *tl, unsigned style, const char *fmt, ...)
{
	va_list ap;
	char *text;
	int len;

	if (tl->n == tl->cap) {
		size_t cap = tl->cap ? tl->cap * 2 : 32;
		struct text_line *l = realloc(tl->lines, cap * sizeof(*l));

		if (l == NULL)
			return false;
		tl->lines = l;
		tl->cap = cap;
	}
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0 || (text = malloc((size_t)len + 1)) == NULL)
		return false;
	va_start(ap, fmt);
	vsnprintf(text, (size_t)len + 1, fmt, ap);
	va_end(ap);
	tl->lines[tl->n].text = text;
	tl->lines[tl->n].style = style;
	tl->n++;
	return true;
}

/* Width of the first N bytes of S.  */
static int
text_width_n(const char *s, size_t n)
{
	int total = 0;

	while (n > 0) {
		wchar_t wc;
		int w;
		size_t k = text_decode(s, n, &wc, &w);

		total += w;
		s += k;
		n -= k;
	}
	return total;
}

bool
text_lines_add_wrapped(struct text_lines *tl, unsigned style, int width, const char *line)
{
	const char *colon = strstr(line, ": ");
	size_t indent = strspn(line, " ");
	const char *p = line;
	bool first = true;

	/* Continuation lines hang under the text after a short "Label: ". */
	if (colon != NULL && text_width_n(line, (size_t)(colon - line)) < 24)
		indent = (size_t)(colon - line) + 2;
	if (width < (int)indent + 20)
		width = (int)indent + 20;
	while (*p) {
		int avail = first ? width : width - (int)indent;
		size_t cut = strlen(p), space = 0;

		if (text_width(p) > avail) {
			/* The last space at which the line still fits.  */
			for (size_t i = 0; p[i]; i++) {
				if (p[i] == ' ' && text_width_n(p, i) <= avail)
					space = i;
				if (text_width_n(p, i) > avail)
					break;
			}
			if (space > 0)
				cut = space;
		}
		if (!text_lines_add(tl, style, "%*s%.*s", first ? 0 : (int)indent, "", (int)cut, p))
			return false;
		p += cut;
		while (*p == ' ')
			p++;
		first = false;
	}
	return true;
}
