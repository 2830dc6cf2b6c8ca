/* watchlist_ofac_csv: the reader of OFAC's legacy CSV set.
 *
 * OFAC has long published each list as a set of headerless CSV files,
 * joined on their first column, ent_num:
 *
 *   sdn.csv / cons_prim.csv          ent_num, SDN_Name, SDN_Type, Program,
 *                                    Title, Call_Sign, Vess_type, Tonnage,
 *                                    GRT, Vess_flag, Vess_owner, Remarks
 *   alt.csv / cons_alt.csv           ent_num, alt_num, alt_type, alt_name,
 *                                    alt_remarks
 *   add.csv / cons_add.csv           ent_num, add_num, address,
 *                                    city/state/postal, country, add_remarks
 *   sdn_comments.csv /
 *   cons_comments.csv                ent_num, the rest of a Remarks cut
 *                                    short in the primary file
 *
 * The files are Latin-1 (or ASCII), RFC 4180 quoted, with CRLF line ends;
 * "-0-" (often "-0- " unquoted) means empty, and each file ends with a DOS
 * end-of-file byte, 0x1A, after which nothing is read.  A file that is
 * valid UTF-8 is taken as UTF-8 (newer downloads may be); otherwise each
 * byte is a Latin-1 character.
 *
 * Dates of birth, places of birth, nationalities, citizenships and
 * identity documents exist only inside the Remarks text, as items
 * separated by "; ": "DOB 10 Dec 1948; POB Giza, Egypt; nationality
 * Egypt; Passport 1084010 (Egypt); alt. Passport 19820215; a.k.a. 'X'".
 * Each item the reader knows is turned into the model (the whole text
 * stays in remarks); the a.k.a.s quoted in remarks are OFAC's weak
 * aliases, those in alt.csv its strong ones.  Primary names are kept as
 * published ("LAST, First"): putting names in order is screening's job.
 *
 * The companion files are read whole into sorted arrays of records (a few
 * megabytes at most), then the primary file is read one record at a time
 * and each entry is completed from them.  A malformed record (a stray
 * quote, an unterminated one, the wrong number of fields, a non-numeric
 * ent_num, a control character) stops the import with DIAG_DATA naming the
 * file and the line.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "formats/watchlist.h"
#include "i18n.h"

#define CSV_MAX_FIELDS 12

/* A cursor over one decoded file.  */
struct csv {
	const char *path;
	char *p, *end;
	long line;
};

struct csv_rec {
	long ent;
	long line;
	char *f[CSV_MAX_FIELDS];
	int n;
};

/* The records of a companion file, sorted by ent_num (stable).  */
struct csv_table {
	struct csv_rec *recs;
	size_t n;
};

static enum diag_status
csv_oom(const char *path, struct diag *d)
{
	return diag_set(d, DIAG_SOFTWARE, path, 0, _("out of memory"));
}

/* --- Decoding -------------------------------------------------------------- */

static bool
csv_valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t k;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			k = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			k = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			k = 3;
		else
			return false;
		for (size_t j = 1; j <= k; j++)
			if (i + j >= n || (s[i + j] & 0xC0) != 0x80)
				return false;
		/* No overlong forms, surrogates or code points past
		 * U+10FFFF: what is not UTF-8 is Latin-1.  */
		if ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] >= 0xA0) ||
		    (c == 0xF0 && s[i + 1] < 0x90) || (c == 0xF4 && s[i + 1] >= 0x90))
			return false;
		i += k + 1;
	}
	return true;
}

/* F's bytes up to the first 0x1A, as UTF-8, into a new buffer.  Control
 * characters other than tab, CR and LF are refused (a binary file, or
 * UTF-16).  */
static enum diag_status
csv_decode(const struct wl_csv_file *f, char **out, size_t *out_len, struct diag *d)
{
	const unsigned char *s = (const unsigned char *)f->data;
	const unsigned char *eof = memchr(s, 0x1A, f->len);
	size_t n = eof ? (size_t)(eof - s) : f->len;
	bool utf8 = csv_valid_utf8(s, n);
	long line = 1;
	char *buf, *w;

	if ((buf = malloc(n * 2 + 1)) == NULL)
		return csv_oom(f->path, d);
	w = buf;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c == '\n')
			line++;
		if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7F) {
			free(buf);
			return diag_set(d, DIAG_DATA, f->path, line,
			                /* L10N: %02X is a byte in hexadecimal.  */
			                _("control character 0x%02X: this is not an OFAC CSV "
			                  "file (or not in Latin-1 or UTF-8)"),
			                c);
		}
		if (c < 0x80 || utf8) {
			*w++ = (char)c;
		} else {
			*w++ = (char)(0xC0 | (c >> 6));
			*w++ = (char)(0x80 | (c & 0x3F));
		}
	}
	*w = '\0';
	*out = buf;
	*out_len = (size_t)(w - buf);
	return DIAG_OK;
}

/* --- Records --------------------------------------------------------------- */

/* Trim spaces around an unquoted field in place; "-0-" is empty.  */
static char *
csv_clean(char *s, bool quoted)
{
	char *e;

	if (!quoted) {
		while (*s == ' ')
			s++;
		e = s + strlen(s);
		while (e > s && e[-1] == ' ')
			*--e = '\0';
	}
	if (strcmp(s, "-0-") == 0 || strcmp(s, "-0- ") == 0)
		*s = '\0';
	return s;
}

/* The next record into R (fields point into the buffer, which is modified
 * in place).  *MORE is false at the end.  Blank lines are skipped.  */
static enum diag_status
csv_next(struct csv *c, struct csv_rec *r, bool *more, struct diag *d)
{
	char *p = c->p;

	*more = false;
	while (p < c->end && (*p == '\r' || *p == '\n')) {
		if (*p == '\n')
			c->line++;
		p++;
	}
	if (p >= c->end) {
		c->p = p;
		return DIAG_OK;
	}
	memset(r, 0, sizeof *r);
	r->line = c->line;
	for (;;) {
		char *start = p, *w, *next;
		bool quoted = false, eol;

		if (r->n == CSV_MAX_FIELDS)
			return diag_set(d, DIAG_DATA, c->path, r->line,
			                _("more than %d fields in a record"), CSV_MAX_FIELDS);
		while (p < c->end && *p == ' ')
			p++;
		if (p < c->end && *p == '"') {
			quoted = true;
			p++;
			w = start;
			for (;;) {
				if (p >= c->end)
					return diag_set(d, DIAG_DATA, c->path, r->line,
					                _("a quoted field is not closed"));
				if (*p == '"') {
					if (p + 1 < c->end && p[1] == '"') {
						*w++ = '"';
						p += 2;
						continue;
					}
					p++;
					break;
				}
				if (*p == '\n')
					c->line++;
				*w++ = *p++;
			}
			while (p < c->end && *p == ' ')
				p++;
			if (p < c->end && *p != ',' && *p != '\r' && *p != '\n')
				return diag_set(d, DIAG_DATA, c->path, c->line,
				                _("unexpected character after a quoted field"));
		} else {
			p = start;
			while (p < c->end && *p != ',' && *p != '\r' && *p != '\n') {
				if (*p == '"')
					return diag_set(d, DIAG_DATA, c->path, c->line,
					                _("a quote inside an unquoted field"));
				p++;
			}
			w = p;
		}
		eol = p >= c->end || *p == '\r' || *p == '\n';
		next = p;
		if (!eol) {
			next++;
		} else {
			if (next < c->end && *next == '\r')
				next++;
			if (next < c->end && *next == '\n') {
				next++;
				c->line++;
			}
		}
		*w = '\0';
		r->f[r->n++] = csv_clean(start, quoted);
		p = next;
		if (eol)
			break;
	}
	c->p = p;
	*more = true;
	return DIAG_OK;
}

static enum diag_status
csv_ent(struct csv *c, struct csv_rec *r, int want, struct diag *d)
{
	char *end;
	long v;

	if (r->n != want)
		/* L10N: the numbers of fields found and expected.  */
		return diag_set(d, DIAG_DATA, c->path, r->line,
		                _("%d fields in a record where %d are expected"), r->n, want);
	errno = 0;
	v = strtol(r->f[0], &end, 10);
	if (r->f[0][0] == '\0' || *end != '\0' || errno != 0 || v <= 0)
		return diag_set(d, DIAG_DATA, c->path, r->line,
		                _("ent_num \"%s\" is not a positive integer"), r->f[0]);
	r->ent = v;
	return DIAG_OK;
}

static int
csv_rec_cmp(const void *a, const void *b)
{
	const struct csv_rec *x = a, *y = b;

	if (x->ent != y->ent)
		return x->ent < y->ent ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* Read every record of the decoded companion BUF into T, sorted.  */
static enum diag_status
csv_table_load(const char *path, char *buf, size_t len, int fields, struct csv_table *t,
               struct diag *d)
{
	struct csv c = {.path = path, .p = buf, .end = buf + len, .line = 1};
	size_t cap = 0;
	enum diag_status rc;

	for (;;) {
		struct csv_rec r;
		bool more;

		if ((rc = csv_next(&c, &r, &more, d)) != DIAG_OK)
			return rc;
		if (!more)
			break;
		if ((rc = csv_ent(&c, &r, fields, d)) != DIAG_OK)
			return rc;
		if (t->n == cap) {
			size_t ncap = cap ? cap * 2 : 1024;
			struct csv_rec *p = realloc(t->recs, ncap * sizeof *p);

			if (p == NULL)
				return csv_oom(path, d);
			t->recs = p;
			cap = ncap;
		}
		t->recs[t->n++] = r;
	}
	if (t->n > 1)
		qsort(t->recs, t->n, sizeof *t->recs, csv_rec_cmp);
	return DIAG_OK;
}

/* The first record of T with ENT, and how many there are.  */
static struct csv_rec *
csv_table_find(const struct csv_table *t, long ent, size_t *count)
{
	size_t lo = 0, hi = t->n, i;

	*count = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->recs[mid].ent < ent)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < t->n && t->recs[i].ent == ent; i++)
		(*count)++;
	return *count ? &t->recs[lo] : NULL;
}

/* --- Remarks --------------------------------------------------------------- */

/* "Passport 1084010 (Egypt)", "Passport P229856 issued 01 Nov 2002": the
 * number is the first word; the country is in the first parentheses.  */
static bool
csv_ident(struct wl_entry *e, const char *type, const char *rest)
{
	char number[128], country[128] = "";
	const char *open, *close, *code;
	size_t n = strcspn(rest, " (");

	if (n == 0 || n >= sizeof number)
		return true;
	memcpy(number, rest, n);
	number[n] = '\0';
	if ((open = strchr(rest + n, '(')) != NULL && (close = strchr(open, ')')) != NULL &&
	    (size_t)(close - open - 1) < sizeof country) {
		memcpy(country, open + 1, (size_t)(close - open - 1));
		country[close - open - 1] = '\0';
	}
	code = country[0] ? wl_country_code(country) : NULL;
	return wl_entry_add_ident(e, type, number, code, country[0] && !code ? country : NULL);
}

/* The quoted name of "a.k.a. 'NAME'".  */
static bool
csv_quoted_alias(struct wl_entry *e, const char *rest, const char *type)
{
	char buf[512];
	size_t n = strlen(rest);

	if (n < 2 || rest[0] != '\'' || n - 2 >= sizeof buf)
		return true;
	if (rest[n - 1] == '\'')
		n--;
	memcpy(buf, rest + 1, n - 1);
	buf[n - 1] = '\0';
	return wl_entry_add_name(e, buf, type, true);
}

static const struct {
	const char *prefix;
	const char *type;
} csv_ident_prefixes[] = {
    {"Passport ", "passport"},
    {"Diplomatic Passport ", "passport"},
    {"National ID No. ", "national-id"},
    {"Cedula No. ", "national-id"},
    {"Identification Number ", "national-id"},
    {"Personal ID Card ", "national-id"},
    {"D.N.I. ", "national-id"},
    {"C.U.R.P. ", "national-id"},
    {"SSN ", "national-id"},
    {"Tax ID No. ", "tax-id"},
    {"NIT # ", "tax-id"},
    {"RFC ", "tax-id"},
    {"Registration ID ", "registration"},
    {"Business Registration Number ", "registration"},
    {"Driver's License No. ", "driving-licence"},
    {"Vessel Registration Identification IMO ", "imo"},
    {"MMSI ", "mmsi"},
    {"Aircraft Tail Number ", "aircraft-tail"},
};

/* Parse the items of the Remarks text R into E.  */
static bool
csv_remarks(struct wl_entry *e, const char *r)
{
	char *copy = strdup(r), *item, *save = NULL;
	bool ok = true;

	if (copy == NULL)
		return false;
	for (item = strtok_r(copy, ";", &save); ok && item != NULL;
	     item = strtok_r(NULL, ";", &save)) {
		size_t n;
		char buf[128];

		while (*item == ' ')
			item++;
		n = strlen(item);
		while (n > 0 && (item[n - 1] == ' ' || item[n - 1] == '.'))
			item[--n] = '\0';
		if (strncmp(item, "alt. ", 5) == 0)
			item += 5;
		if (strncmp(item, "DOB ", 4) == 0) {
			wl_ofac_date(item + 4, buf, sizeof buf);
			ok = wl_entry_add_birth_date(e, buf);
		} else if (strncmp(item, "POB ", 4) == 0) {
			ok = wl_entry_add_birth_place(e, item + 4);
		} else if (strncmp(item, "nationality ", 12) == 0) {
			ok = wl_add_country(e, item + 12);
		} else if (strncmp(item, "citizen ", 8) == 0) {
			ok = wl_add_country(e, item + 8);
		} else if (strncmp(item, "a.k.a. ", 7) == 0) {
			ok = csv_quoted_alias(e, item + 7, "aka");
		} else if (strncmp(item, "f.k.a. ", 7) == 0) {
			ok = csv_quoted_alias(e, item + 7, "fka");
		} else if (strncmp(item, "n.k.a. ", 7) == 0) {
			ok = csv_quoted_alias(e, item + 7, "nka");
		} else {
			for (size_t i = 0;
			     i < sizeof csv_ident_prefixes / sizeof csv_ident_prefixes[0]; i++) {
				size_t p = strlen(csv_ident_prefixes[i].prefix);

				if (strncmp(item, csv_ident_prefixes[i].prefix, p) == 0) {
					ok = csv_ident(e, csv_ident_prefixes[i].type, item + p);
					break;
				}
			}
		}
	}
	free(copy);
	return ok;
}

/* --- The set ------------------------------------------------------------- */

struct csv_reader {
	struct wl_csv_set *set;
	char *bufs[4];
	size_t lens[4];
	struct csv_table alt, add, comments;
	const struct wl_sink *k;
};

static enum wl_kind
csv_kind(const char *t)
{
	if (strcmp(t, "individual") == 0)
		return WL_PERSON;
	if (strcmp(t, "vessel") == 0)
		return WL_VESSEL;
	if (strcmp(t, "aircraft") == 0)
		return WL_AIRCRAFT;
	return WL_COMPANY;
}

/* Program "SDGT] [IFSR" into *OUT as "SDGT; IFSR" (NULL when no programme
 * is left: "] ["); false when out of memory.  */
static bool
csv_programme(const char *p, char **out)
{
	const char *s = p;

	*out = NULL;
	while (*s) {
		const char *e = strstr(s, "] [");
		size_t n = e ? (size_t)(e - s) : strlen(s);
		char *part = strndup(s, n);

		if (part == NULL || !wl_append(out, "; ", part)) {
			free(part);
			free(*out);
			*out = NULL;
			return false;
		}
		free(part);
		s += n;
		if (e)
			s += 3;
	}
	return true;
}

static enum diag_status
csv_entry(struct csv_reader *cr, struct csv_rec *r, struct wl_entry *e, struct diag *d)
{
	const char *path = cr->set->primary.path;
	struct csv_rec *x;
	size_t n;
	char *remarks = NULL;
	bool ok = true;

	wl_entry_clear(e);
	e->kind = csv_kind(r->f[2]);
	if ((e->ref = malloc(32)) == NULL)
		return csv_oom(path, d);
	snprintf(e->ref, 32, "OFAC-%ld", r->ent);
	ok = wl_entry_add_name(e, r->f[1], "primary", false);
	if (ok && r->f[3][0])
		ok = csv_programme(r->f[3], &e->programme);
	/* Strong aliases from alt.csv.  */
	for (x = csv_table_find(&cr->alt, r->ent, &n); ok && n-- > 0; x++) {
		const char *t = x->f[2];
		const char *type = strcmp(t, "fka") == 0   ? "fka"
		                   : strcmp(t, "nka") == 0 ? "nka"
		                                           : "aka";

		ok = wl_entry_add_name(e, x->f[3], type, false);
	}
	for (x = csv_table_find(&cr->add, r->ent, &n); ok && n-- > 0; x++) {
		char *a = NULL;

		for (int i = 2; ok && i <= 4; i++)
			ok = wl_append(&a, ", ", x->f[i]);
		ok = ok && wl_entry_add_address(e, a);
		free(a);
	}
	ok = ok && wl_append(&remarks, "", r->f[11]);
	for (x = csv_table_find(&cr->comments, r->ent, &n); ok && n-- > 0; x++)
		ok = wl_append(&remarks, "", x->f[1]);
	if (ok && remarks != NULL)
		ok = csv_remarks(e, remarks);
	/* Vessels: call sign, flag; type, tonnage and owner in remarks.  */
	if (ok && r->f[5][0])
		ok = wl_entry_add_ident(e, "call-sign", r->f[5], NULL, NULL);
	if (ok && r->f[9][0])
		ok = wl_add_country(e, r->f[9]);
	if (ok && r->f[4][0] && (remarks == NULL || strstr(remarks, r->f[4]) == NULL)) {
		char *t = NULL;

		ok = wl_append(&t, "", r->f[4]) && wl_append(&t, "; ", remarks);
		free(remarks);
		remarks = t;
	}
	if (ok && r->f[6][0])
		ok = wl_append(&remarks, "; ", "Vessel type ") && wl_append(&remarks, "", r->f[6]);
	if (ok && r->f[7][0])
		ok = wl_append(&remarks, "; ", "Tonnage ") && wl_append(&remarks, "", r->f[7]);
	if (ok && r->f[8][0])
		ok = wl_append(&remarks, "; ", "GRT ") && wl_append(&remarks, "", r->f[8]);
	if (ok && r->f[10][0])
		ok = wl_append(&remarks, "; ", "Owner ") && wl_append(&remarks, "", r->f[10]);
	e->remarks = remarks;
	if (!ok)
		return wl_oom(path, r->line, d);
	return DIAG_OK;
}

bool
wl_ofac_csv_sniff(const char *data, size_t len)
{
	char buf[4096];
	struct csv c = {.path = "", .p = buf, .line = 1};
	struct csv_rec r;
	bool more;
	size_t n = len < sizeof buf - 1 ? len : sizeof buf - 1;
	char *nl;

	memcpy(buf, data, n);
	buf[n] = '\0';
	/* One line is enough; a first record longer than the buffer is
	 * judged on what is there.  */
	if ((nl = memchr(buf, '\n', n)) != NULL)
		*(nl + 1) = '\0';
	c.end = buf + strlen(buf);
	if (csv_next(&c, &r, &more, NULL) != DIAG_OK || !more)
		return false;
	return csv_ent(&c, &r, 12, NULL) == DIAG_OK;
}

static int
csv_long_cmp(const void *a, const void *b)
{
	const long *x = a, *y = b;

	return x[0] < y[0] ? -1 : x[0] > y[0];
}

enum diag_status
wl_ofac_csv_read(struct wl_csv_set *set, const char *source, const struct wl_sink *k,
                 struct diag *d)
{
	struct wl_csv_file *files[4] = {&set->primary, &set->alt, &set->add, &set->comments};
	static const int fields[4] = {12, 5, 6, 2};
	struct csv_table *tables[4] = {NULL, NULL, NULL, NULL};
	struct csv_reader cr = {.set = set, .k = k};
	struct wl_list list;
	struct wl_entry e;
	struct csv c;
	long *seen = NULL; /* pairs: ent_num, line */
	size_t n_seen = 0, cap_seen = 0;
	uint64_t consumed = 0;
	bool cons = source != NULL && strcmp(source, WL_SOURCE_OFAC_CONS) == 0;
	enum diag_status rc = DIAG_OK;
	char version[64];

	tables[1] = &cr.alt;
	tables[2] = &cr.add;
	tables[3] = &cr.comments;
	wl_list_init(&list);
	wl_entry_init(&e, WL_COMPANY);
	for (int i = 0; i < 4; i++) {
		if (files[i]->data == NULL)
			continue;
		if ((rc = csv_decode(files[i], &cr.bufs[i], &cr.lens[i], d)) != DIAG_OK)
			goto out;
		if (i > 0) {
			rc = csv_table_load(files[i]->path, cr.bufs[i], cr.lens[i], fields[i],
			                    tables[i], d);
			if (rc != DIAG_OK)
				goto out;
			consumed += files[i]->len;
			if (k->progress)
				k->progress(k->ctx, consumed);
		}
	}

	list.source = strdup(source ? source : WL_SOURCE_OFAC_SDN);
	list.name = strdup(cons ? "OFAC Consolidated Sanctions List (non-SDN)"
	                        : "OFAC Specially Designated Nationals and Blocked Persons List");
	list.publisher = strdup("U.S. Treasury, Office of Foreign Assets Control");
	list.format = strdup(WL_FORMAT_OFAC_CSV);
	if (!list.source || !list.name || !list.publisher || !list.format) {
		rc = csv_oom(set->primary.path, d);
		goto out;
	}

	c = (struct csv){
	    .path = set->primary.path, .p = cr.bufs[0], .end = cr.bufs[0] + cr.lens[0], .line = 1};
	for (;;) {
		struct csv_rec r;
		bool more;

		if ((rc = csv_next(&c, &r, &more, d)) != DIAG_OK)
			goto out;
		if (!more)
			break;
		if ((rc = csv_ent(&c, &r, 12, d)) != DIAG_OK)
			goto out;
		if (n_seen == cap_seen) {
			size_t ncap = cap_seen ? cap_seen * 2 : 4096;
			long *p = realloc(seen, ncap * 2 * sizeof *p);

			if (p == NULL) {
				rc = csv_oom(set->primary.path, d);
				goto out;
			}
			seen = p;
			cap_seen = ncap;
		}
		seen[2 * n_seen] = r.ent;
		seen[2 * n_seen + 1] = r.line;
		n_seen++;
	}
	/* Each ent_num once: a second one would be joined with the first's
	 * aliases and addresses.  */
	if (n_seen > 1)
		qsort(seen, n_seen, 2 * sizeof *seen, csv_long_cmp);
	for (size_t i = 1; i < n_seen; i++)
		if (seen[2 * i] == seen[2 * i - 2]) {
			long a = seen[2 * i - 1], b = seen[2 * i + 1];

			rc = diag_set(d, DIAG_DATA, set->primary.path, a > b ? a : b,
			              /* L10N: an ent_num, then a line number.  */
			              _("ent_num %ld appears twice (also on line %ld)"),
			              seen[2 * i], a < b ? a : b);
			goto out;
		}
	snprintf(version, sizeof version, "%zu records", n_seen);
	if ((list.version = strdup(version)) == NULL) {
		rc = csv_oom(set->primary.path, d);
		goto out;
	}
	if ((rc = k->list(k->ctx, &list, 1, d)) != DIAG_OK)
		goto out;

	/* Second pass over the primary file: it was split in place, so it is
	 * decoded again.  */
	free(cr.bufs[0]);
	cr.bufs[0] = NULL;
	if ((rc = csv_decode(&set->primary, &cr.bufs[0], &cr.lens[0], d)) != DIAG_OK)
		goto out;
	c = (struct csv){
	    .path = set->primary.path, .p = cr.bufs[0], .end = cr.bufs[0] + cr.lens[0], .line = 1};
	for (;;) {
		struct csv_rec r;
		bool more;

		if ((rc = csv_next(&c, &r, &more, d)) != DIAG_OK)
			goto out;
		if (!more)
			break;
		if ((rc = csv_ent(&c, &r, 12, d)) != DIAG_OK)
			goto out;
		if ((rc = csv_entry(&cr, &r, &e, d)) != DIAG_OK)
			goto out;
		if (e.n_names == 0) {
			char reason[160];

			snprintf(reason, sizeof reason, _("record %s has no name"), e.ref);
			if (k->skip)
				k->skip(k->ctx, r.line, reason);
		} else if ((rc = k->entry(k->ctx, &e, r.line, d)) != DIAG_OK) {
			goto out;
		}
		wl_entry_clear(&e);
		if (k->progress && (r.line & 1023) == 0)
			k->progress(k->ctx, consumed + (uint64_t)(c.p - cr.bufs[0]) *
			                                   set->primary.len /
			                                   (cr.lens[0] ? cr.lens[0] : 1));
	}
	if (k->progress)
		k->progress(k->ctx, consumed + set->primary.len);
out:
	for (int i = 0; i < 4; i++)
		free(cr.bufs[i]);
	free(cr.alt.recs);
	free(cr.add.recs);
	free(cr.comments.recs);
	free(seen);
	wl_list_clear(&list);
	wl_entry_clear(&e);
	return rc;
}
