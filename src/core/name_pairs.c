/* name_pairs: read labelled name pairs and count how a matcher does
 * (name_pairs.h).
 *
 * The CSV reader is small and strict: a quoted field ends at a quote not
 * followed by another; a quote inside an unquoted field, a record with
 * fewer fields than the header, or a file that ends inside quotes is a
 * malformed file, reported with its line.  Fields are capped at 16 KiB.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "name_pairs.h"
#include "screen.h"

#define FIELD_MAX 16384
#define FIELDS_MAX 32

struct csv {
	FILE *f;
	const char *path;
	long line;     /* current line */
	long rec_line; /* line the record started on */
	char *field[FIELDS_MAX];
	size_t n;
	char buf[FIELDS_MAX][FIELD_MAX];
};

/* Read one record; 1 read, 0 end of file, -1 malformed (D set).  */
static int
csv_next(struct csv *c, struct diag *d)
{
	int ch;
	size_t len = 0;
	bool quoted = false, in_quotes = false, any = false;

	c->n = 0;
	c->rec_line = c->line;
	for (;;) {
		ch = getc(c->f);
		if (in_quotes) {
			if (ch == EOF) {
				diag_set(d, DIAG_DATA, c->path, c->rec_line,
					 _("the file ends inside a quoted field"));
				return -1;
			}
			if (ch == '"') {
				int next = getc(c->f);

				if (next == '"') {
					ch = '"';
				} else {
					ungetc(next, c->f);
					in_quotes = false;
					continue;
				}
			}
			if (ch == '\n')
				c->line++;
			if (len + 1 < FIELD_MAX)
				c->buf[c->n][len++] = (char)ch;
			continue;
		}
		if (ch == EOF && !any)
			return 0;
		any = true;
		if (ch == ',' || ch == '\n' || ch == EOF) {
			if (c->n >= FIELDS_MAX) {
				diag_set(d, DIAG_DATA, c->path, c->rec_line, _("too many fields"));
				return -1;
			}
			if (len > 0 && c->buf[c->n][len - 1] == '\r' && ch != ',')
				len--;
			c->buf[c->n][len] = '\0';
			c->field[c->n] = c->buf[c->n];
			c->n++;
			len = 0;
			quoted = false;
			if (ch == '\n')
				c->line++;
			if (ch != ',')
				return 1;
			continue;
		}
		if (ch == '"') {
			if (len == 0 && !quoted) {
				quoted = in_quotes = true;
				continue;
			}
			diag_set(d, DIAG_DATA, c->path, c->rec_line,
				 _("a quote inside an unquoted field"));
			return -1;
		}
		if (c->n >= FIELDS_MAX) {
			diag_set(d, DIAG_DATA, c->path, c->rec_line, _("too many fields"));
			return -1;
		}
		if (len + 1 < FIELD_MAX)
			c->buf[c->n][len++] = (char)ch;
	}
}

static int
column(const struct csv *c, const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->field[i], name) == 0)
			return (int)i;
	return -1;
}

static bool
is_latin(const char *s)
{
	/* Anything from U+0370 on that is a letter: lead bytes 0xCD and up,
	 * except the general punctuation block (E2 80..81).  */
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0xCD || (*p & 0xC0) == 0x80)
			continue;
		if (p[0] == 0xE2 && (p[1] == 0x80 || p[1] == 0x81))
			continue;
		if (p[0] == 0xE1 && (p[1] == 0xB8 || p[1] == 0xB9 || p[1] == 0xBA || p[1] == 0xBB))
			continue; /* Latin extended additional */
		return false;
	}
	return true;
}

enum diag_status
name_pairs_run(const char *path, double threshold, name_pair_fn fn, void *ctx,
	       struct name_pairs_stats *st, struct diag *d)
{
	struct csv *c = calloc(1, sizeof *c);
	int cs, c1, c2, cm, rc;
	enum diag_status status = DIAG_OK;

	memset(st, 0, sizeof *st);
	if (c == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	c->path = path;
	c->line = 1;
	if ((c->f = fopen(path, "r")) == NULL) {
		status = diag_set(d, errno == ENOENT ? DIAG_NOINPUT : DIAG_IO, path, 0, "%s",
				  strerror(errno));
		goto out;
	}
	/* Header, after any comment lines.  */
	do {
		rc = csv_next(c, d);
	} while (rc == 1 && c->n > 0 && c->field[0][0] == '#');
	if (rc < 0) {
		status = DIAG_DATA;
		goto out;
	}
	if (rc == 0) {
		status = diag_set(d, DIAG_DATA, path, c->line, _("the file is empty"));
		goto out;
	}
	cs = column(c, "schema");
	c1 = column(c, "name1");
	c2 = column(c, "name2");
	cm = column(c, "is_match");
	if (c1 < 0 || c2 < 0 || cm < 0) {
		status = diag_set(d, DIAG_DATA, path, c->rec_line,
				  _("the header lacks a name1, name2 or is_match column"));
		goto out;
	}
	while ((rc = csv_next(c, d)) == 1) {
		struct name_pair p;
		const char *m;
		bool decision;
		int need = c1 > c2 ? c1 : c2;

		if (c->n == 1 && c->field[0][0] == '\0')
			continue; /* blank line */
		if (c->field[0][0] == '#')
			continue;
		if (cm > need)
			need = cm;
		if (cs > need)
			need = cs;
		if ((int)c->n <= need) {
			status = diag_set(d, DIAG_DATA, path, c->rec_line,
					  _("%zu fields, the header has more"), c->n);
			goto out;
		}
		m = c->field[cm];
		if (strcasecmp(m, "true") == 0 || strcmp(m, "1") == 0)
			p.is_match = true;
		else if (strcasecmp(m, "false") == 0 || strcmp(m, "0") == 0)
			p.is_match = false;
		else {
			status = diag_set(d, DIAG_DATA, path, c->rec_line,
					  _("is_match is '%.40s', not true or false"), m);
			goto out;
		}
		p.line = c->rec_line;
		p.schema = cs >= 0 ? c->field[cs] : "";
		p.name1 = c->field[c1];
		p.name2 = c->field[c2];
		p.cross_script = !is_latin(p.name1) || !is_latin(p.name2);
		p.score = screen_pair_score(p.name1, p.name2, p.schema, NULL);
		decision = p.score >= threshold;
		st->pairs++;
		if (decision && p.is_match)
			st->tp++;
		else if (decision)
			st->fp++;
		else if (p.is_match)
			st->fn++;
		else
			st->tn++;
		if (p.cross_script) {
			st->cross_script++;
			if (decision == p.is_match)
				st->cross_script_right++;
		}
		if (fn && fn(ctx, &p, decision))
			break;
	}
	if (rc < 0) {
		status = DIAG_DATA;
		goto out;
	}
	st->precision = st->tp + st->fp ? (double)st->tp / (double)(st->tp + st->fp) : 0.0;
	st->recall = st->tp + st->fn ? (double)st->tp / (double)(st->tp + st->fn) : 0.0;
	st->f1 = st->precision + st->recall > 0
			 ? 2 * st->precision * st->recall / (st->precision + st->recall)
			 : 0.0;
out:
	if (c->f)
		fclose(c->f);
	free(c);
	return status;
}
