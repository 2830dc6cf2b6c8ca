/* manifest_foreign: what the readers of foreign manifest formats share.
 *
 * WCO declarations, IATA air waybills and EU ICS entry summaries are
 * written by others, to schemas with hundreds of optional elements of which
 * douane maps a few dozen.  Their readers (manifest_wco.c, manifest_iata.c,
 * manifest_ics.c) are therefore not recursive descents that know every
 * element, like the reader of douane's own format, but handlers of a walk:
 * foreign_walk() visits every element below the one it is started on and
 * tells the reader each start tag, and each end tag with the element's text
 * and its path of local names ("GoodsShipment/Consignment/ID").  A reader
 * looks at the paths it maps and lets every other one pass; unknown
 * elements are skipped whole, and text that is not inside a leaf element
 * (mixed content) is ignored.
 *
 * Safety does not depend on the tolerance: every node still comes through
 * xml_reader_next() (xml.h), which refuses entities, DTDs, too deep nesting,
 * too long text and attributes, and malformed or truncated input.  The
 * walk keeps one path (bounded by FOREIGN_PATH_MAX) and one text buffer
 * (bounded by XML_MAX_TEXT), so memory does not grow with the file.
 *
 * The helpers below turn the sources' notations into the model's: dates and
 * times with or without a zone into UTC, masses in other units into
 * kilograms, UN/ECE Recommendation 19 transport modes into douane's names,
 * and tariff and country codes checked against the reference tables, a
 * wrong one becoming a data-quality finding rather than an error.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/manifests.h"
#include "i18n.h"
#include "ref.h"

/* --- The walk -------------------------------------------------------------- */

struct walk {
	char path[FOREIGN_PATH_MAX];
	size_t len[XML_MAX_DEPTH + 1]; /* length of path at each relative depth */
	bool kids[XML_MAX_DEPTH + 1];  /* the element there has child elements */
	char *text;
	size_t tlen, tcap;
};

static enum diag_status
walk_push(struct xml_reader *x, struct walk *w, int rel, struct diag *d)
{
	const char *name = xml_reader_name(x);
	size_t base = rel > 1 ? w->len[rel - 1] : 0;
	size_t n = strlen(name);

	if (base + (base > 0) + n + 1 > sizeof w->path)
		return diag_set(d, DIAG_DATA, x->file, xml_reader_line(x),
		                /* L10N: %d is a number of bytes.  */
		                _("the path of element <%s> is longer than %d bytes"), name,
		                FOREIGN_PATH_MAX);
	if (base > 0)
		w->path[base++] = '/';
	memcpy(w->path + base, name, n + 1);
	w->len[rel] = base + n;
	w->kids[rel] = false;
	if (rel > 1)
		w->kids[rel - 1] = true;
	w->tlen = 0;
	return DIAG_OK;
}

static enum diag_status
walk_text(struct xml_reader *x, struct walk *w, struct diag *d)
{
	const char *v = (const char *)xmlTextReaderConstValue(x->r);
	size_t n = v ? strlen(v) : 0;

	if (w->tlen + n > XML_MAX_TEXT)
		return diag_set(d, DIAG_DATA, x->file, xml_reader_line(x),
		                _("the text of <%s> is longer than %d bytes"),
		                foreign_leaf(w->path), XML_MAX_TEXT);
	if (w->tlen + n + 1 > w->tcap) {
		size_t cap = w->tcap ? w->tcap : 256;
		char *p;

		while (cap < w->tlen + n + 1)
			cap *= 2;
		if ((p = realloc(w->text, cap)) == NULL)
			return foreign_oom(x, d);
		w->text = p;
		w->tcap = cap;
	}
	memcpy(w->text + w->tlen, v, n);
	w->tlen += n;
	w->text[w->tlen] = '\0';
	return DIAG_OK;
}

/* End of the element at relative depth REL.  */
static enum diag_status
walk_end(struct walk *w, int rel, foreign_end_fn end, void *ctx, struct diag *d)
{
	enum diag_status rc = DIAG_OK;

	w->path[w->len[rel]] = '\0';
	if (end != NULL) {
		const char *text = NULL;

		if (!w->kids[rel]) {
			if (w->text == NULL || w->tlen == 0)
				text = "";
			else {
				w->text[w->tlen] = '\0';
				xml_collapse_space(w->text);
				text = w->text;
			}
		}
		rc = end(ctx, w->path, text, d);
	}
	w->tlen = 0;
	w->path[rel > 1 ? w->len[rel - 1] : 0] = '\0';
	return rc;
}

enum diag_status
foreign_walk(struct xml_reader *x, foreign_start_fn start, foreign_end_fn end, void *ctx,
             struct diag *d)
{
	struct walk w;
	int top = xml_reader_depth(x);
	enum diag_status rc = DIAG_OK;

	if (xmlTextReaderIsEmptyElement(x->r) == 1)
		return DIAG_OK;
	w.path[0] = '\0';
	w.text = NULL;
	w.tlen = w.tcap = 0;
	for (;;) {
		bool more;
		int type, rel;

		if ((rc = xml_reader_next(x, &more, d)) != DIAG_OK)
			goto out;
		if (!more) {
			/* The document ended inside the element: libxml2 has
			 * said why, or it is truncated.  */
			rc = diag_set(d, DIAG_DATA, x->file, xmlTextReaderGetParserLineNumber(x->r),
			              _("the file ends before the element is closed"));
			goto out;
		}
		type = xml_reader_type(x);
		rel = xml_reader_depth(x) - top;
		if (type == XML_READER_TYPE_END_ELEMENT && rel == 0)
			break;
		if (rel < 1 || rel > XML_MAX_DEPTH)
			continue;
		switch (type) {
		case XML_READER_TYPE_ELEMENT:
			if ((rc = walk_push(x, &w, rel, d)) != DIAG_OK)
				goto out;
			if (start != NULL && (rc = start(ctx, w.path, d)) != DIAG_OK)
				goto out;
			if (xmlTextReaderIsEmptyElement(x->r) == 1 &&
			    (rc = walk_end(&w, rel, end, ctx, d)) != DIAG_OK)
				goto out;
			break;
		case XML_READER_TYPE_END_ELEMENT:
			if ((rc = walk_end(&w, rel, end, ctx, d)) != DIAG_OK)
				goto out;
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
		case XML_READER_TYPE_WHITESPACE:
			/* Text belongs to the element at REL - 1.  */
			if (rel >= 2 && !w.kids[rel - 1] && (rc = walk_text(x, &w, d)) != DIAG_OK)
				goto out;
			break;
		default:
			break;
		}
	}
out:
	free(w.text);
	return rc;
}

enum diag_status
foreign_finish(struct xml_reader *x, struct diag *d)
{
	for (;;) {
		bool more;
		enum diag_status rc;

		if ((rc = xml_reader_next(x, &more, d)) != DIAG_OK || !more)
			return rc;
	}
}

const char *
foreign_leaf(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

bool
foreign_ends(const char *path, const char *suffix)
{
	size_t n = strlen(path), m = strlen(suffix);

	if (m > n || strcmp(path + n - m, suffix) != 0)
		return false;
	return m == n || path[n - m - 1] == '/';
}

char *
foreign_attr(struct xml_reader *x, const char *name, bool *oom)
{
	xmlChar *v = xmlTextReaderGetAttribute(x->r, (const xmlChar *)name);
	char *s;

	if (v == NULL)
		return NULL;
	if ((s = strdup((const char *)v)) == NULL)
		*oom = true;
	else
		xml_collapse_space(s);
	xmlFree(v);
	return s;
}

enum diag_status
formats_too_many(struct xml_reader *x, struct diag *d)
{
	return diag_set(d, DIAG_DATA, x->file, xml_reader_line(x),
	                _("a subject holds more than %d parties, goods items, containers, route "
	                  "countries or findings"),
	                SUBJECT_MAX_VALUES);
}

/* The readers note a failed appender in a flag and report it at the end of
 * the element, where errno still says why: an appender past the limit
 * sets it again for every value that does not fit.  */
enum diag_status
foreign_oom(struct xml_reader *x, struct diag *d)
{
	if (errno == E2BIG)
		return formats_too_many(x, d);
	return diag_set(d, DIAG_SOFTWARE, x->file, 0, _("out of memory"));
}

bool
foreign_set(char **dst, const char *v)
{
	if (*dst != NULL || v == NULL || *v == '\0')
		return true;
	return (*dst = strdup(v)) != NULL;
}

bool
foreign_finding(struct subject *s, const char *code, const char *fmt, ...)
{
	char detail[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	/* Two findings saying the same are one.  */
	for (size_t i = 0; i < s->n_findings; i++)
		if (strcmp(s->findings[i].code, code) == 0 && s->findings[i].detail != NULL &&
		    strcmp(s->findings[i].detail, detail) == 0)
			return true;
	return subject_add_finding(s, code, detail);
}

/* --- Dates ---------------------------------------------------------------- */

static bool
digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int
num(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant).  */
static long long
days_from_civil(int y, int m, int dd)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long long z, int *y, int *m, int *dd)
{
	long long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*dd = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
month_days(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* A zone at Z: "", "Z", "+hh", "+hhmm", "+hh:mm" (or "-"); *OFF in
 * minutes east of UTC.  */
static bool
parse_zone(const char *z, int *off)
{
	int sign, h, mi = 0;
	size_t n = strlen(z);

	*off = 0;
	if (n == 0 || strcmp(z, "Z") == 0)
		return true;
	if (z[0] != '+' && z[0] != '-')
		return false;
	sign = z[0] == '-' ? -1 : 1;
	if (n == 3 && digits(z + 1, 2))
		h = num(z + 1, 2);
	else if (n == 5 && digits(z + 1, 4)) {
		h = num(z + 1, 2);
		mi = num(z + 3, 2);
	} else if (n == 6 && z[3] == ':' && digits(z + 1, 2) && digits(z + 4, 2)) {
		h = num(z + 1, 2);
		mi = num(z + 4, 2);
	} else
		return false;
	if (h > 14 || mi > 59)
		return false;
	*off = sign * (h * 60 + mi);
	return true;
}

bool
foreign_datetime(const char *text, char buf[21])
{
	int y, mo, dd, h = 0, mi = 0, se = 0, off;
	char out[64];
	const char *zone;
	size_t n = strlen(text);
	long long t;

	if (n >= 10 && text[4] == '-' && text[7] == '-' && digits(text, 4) && digits(text + 5, 2) &&
	    digits(text + 8, 2)) {
		/* ISO 8601, extended.  */
		y = num(text, 4);
		mo = num(text + 5, 2);
		dd = num(text + 8, 2);
		zone = text + 10;
		if (*zone == 'T') {
			if (n < 16 || text[13] != ':' || !digits(text + 11, 2) ||
			    !digits(text + 14, 2))
				return false;
			h = num(text + 11, 2);
			mi = num(text + 14, 2);
			zone = text + 16;
			if (*zone == ':') {
				if (!digits(zone + 1, 2))
					return false;
				se = num(zone + 1, 2);
				zone += 3;
				if (*zone == '.' || *zone == ',') {
					zone++;
					while (*zone >= '0' && *zone <= '9')
						zone++;
				}
			}
		}
	} else {
		/* Compact: 8, 12 or 14 digits, then a zone.  */
		size_t k = 0;

		while (k < n && text[k] >= '0' && text[k] <= '9')
			k++;
		if (k != 8 && k != 12 && k != 14)
			return false;
		y = num(text, 4);
		mo = num(text + 4, 2);
		dd = num(text + 6, 2);
		if (k >= 12) {
			h = num(text + 8, 2);
			mi = num(text + 10, 2);
		}
		if (k == 14)
			se = num(text + 12, 2);
		zone = text + k;
	}
	if (!parse_zone(zone, &off))
		return false;
	if (y < 1900 || y > 2999 || mo < 1 || mo > 12 || dd < 1 || dd > month_days(y, mo) ||
	    h > 23 || mi > 59 || se > 60)
		return false;
	if (se == 60)
		se = 59;
	t = days_from_civil(y, mo, dd) * 1440 + h * 60 + mi - off;
	civil_from_days(t >= 0 ? t / 1440 : (t - 1439) / 1440, &y, &mo, &dd);
	t = ((t % 1440) + 1440) % 1440;
	if (y < 1000 || y > 9999)
		return false;
	snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, dd, (int)(t / 60),
	         (int)(t % 60), se);
	memcpy(buf, out, 21);
	return true;
}

/* --- Numbers, units, codes ------------------------------------------------ */

bool
foreign_decimal(const char *text, double *out)
{
	const char *p = text;
	char *end;
	double v;

	if (*p == '+' || *p == '-')
		p++;
	if (!((*p >= '0' && *p <= '9') || (*p == '.' && p[1] >= '0' && p[1] <= '9')))
		return false;
	for (; *p; p++)
		if (!((*p >= '0' && *p <= '9') || *p == '.'))
			return false;
	errno = 0;
	v = strtod(text, &end);
	if (errno != 0 || *end != '\0' || !isfinite(v))
		return false;
	*out = v;
	return true;
}

bool
foreign_count(const char *text, long *out)
{
	char *end;
	long v;

	if (*text == '\0' || !digits(text, strlen(text)))
		return false;
	errno = 0;
	v = strtol(text, &end, 10);
	if (errno != 0 || *end != '\0')
		return false;
	*out = v;
	return true;
}

bool
foreign_mass_kg(const char *value, const char *unit, double *out)
{
	double v, k;

	if (!foreign_decimal(value, &v) || v < 0)
		return false;
	if (unit == NULL || *unit == '\0' || strcmp(unit, "KGM") == 0 || strcmp(unit, "K") == 0)
		k = 1;
	else if (strcmp(unit, "GRM") == 0)
		k = 0.001;
	else if (strcmp(unit, "TNE") == 0)
		k = 1000;
	else if (strcmp(unit, "LBR") == 0 || strcmp(unit, "L") == 0)
		k = 0.45359237;
	else
		return false;
	*out = v * k;
	return true;
}

const char *
foreign_mode(const char *code)
{
	size_t n = code ? strlen(code) : 0;

	if ((n != 1 && n != 2) || !digits(code, n))
		return NULL;
	switch (code[0]) {
	case '1':
	case '8':
		return "sea";
	case '2':
		return "rail";
	case '3':
		return "road";
	case '4':
		return "air";
	case '5':
		return "post";
	default:
		return NULL;
	}
}

/* Whether the HS table holds exactly CODE (a heading or subheading).  */
static bool
hs_known(const char *code)
{
	size_t lo = 0, hi = ref_hs_count();

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(ref_hs_at(mid)->code, code);

		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

char *
foreign_hs(const char *raw, const char **status)
{
	char buf[64];
	size_t n = 0;
	bool other = false, same = true;

	for (const char *p = raw; *p && n < sizeof buf - 1; p++) {
		if (*p >= '0' && *p <= '9')
			buf[n++] = *p;
		else if (*p != ' ' && *p != '.')
			other = true;
	}
	buf[n] = '\0';
	*status = NULL;
	if (other || n == 0) {
		*status = "invalid-hs-code";
		return strdup(raw);
	}
	for (size_t i = 1; i < n; i++)
		if (buf[i] != buf[0])
			same = false;
	if (n >= 4 && n <= 10 && (memcmp(buf, "00", 2) == 0 || same)) {
		/* There is no chapter 00, and "111111" or "999999" is not
		 * written by anyone who looked the code up.  */
		*status = "placeholder-hs-code";
		return strdup(buf);
	}
	if (n == 4) {
		if (!hs_known(buf))
			*status = "invalid-hs-code";
	} else if (n == 6 || n == 8 || n == 10) {
		if (!ref_hs_valid(buf))
			*status = "invalid-hs-code";
	} else {
		*status = "invalid-hs-code";
	}
	return strdup(buf);
}

/* ISO 3166-1 user-assigned codes, and EN (no country, a language).  */
static bool
placeholder_country(const char *c)
{
	if (strcmp(c, "AA") == 0 || strcmp(c, "ZZ") == 0 || strcmp(c, "EN") == 0)
		return true;
	if (c[0] == 'Q' && c[1] >= 'M')
		return true;
	return c[0] == 'X';
}

char *
foreign_country(struct subject *s, const char *country, const char *where, bool *oom)
{
	char c[3];
	char *out;

	if (country == NULL || *country == '\0')
		return NULL;
	if (strlen(country) != 2 ||
	    !((country[0] >= 'A' && country[0] <= 'Z') ||
	      (country[0] >= 'a' && country[0] <= 'z')) ||
	    !((country[1] >= 'A' && country[1] <= 'Z') ||
	      (country[1] >= 'a' && country[1] <= 'z'))) {
		if (!foreign_finding(s, "invalid-country", "%s \"%.40s\"", where, country))
			*oom = true;
		return NULL;
	}
	c[0] = (char)(country[0] & ~0x20);
	c[1] = (char)(country[1] & ~0x20);
	c[2] = '\0';
	if (!ref_country_valid(c) &&
	    !foreign_finding(s, placeholder_country(c) ? "placeholder-country" : "invalid-country",
	                     "%s \"%s\"", where, country))
		*oom = true;
	if ((out = strdup(c)) == NULL)
		*oom = true;
	return out;
}
