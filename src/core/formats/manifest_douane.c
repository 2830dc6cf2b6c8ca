/* manifest_douane: the reader of douane's own manifest XML.
 *
 * The format (namespace urn:douane:manifest:1) is documented in
 * doc/formats.md and described by data/manifest.xsd; this reader and that
 * schema accept the same documents, except for the few rules XML Schema 1.0
 * cannot say (a consignment names a consignor or consignee; route countries,
 * HS codes and the country part of a UN/LOCODE are checked against douane's
 * reference tables).
 *
 * The reader is a recursive descent over libxml2's streaming reader (see
 * xml.h): one function per element, each consuming its element whole.  One
 * struct subject is filled at a time, handed to the sink when its element
 * ends, and cleared; nothing else is kept, so memory does not depend on the
 * size of the file.
 *
 * The format is ours, so it is read strictly: an unknown element or
 * attribute, an element out of order or repeated, text where elements are
 * expected, are all errors; a typo must not silently drop data.  Values are
 * read as XML Schema "token"s (white space trimmed and collapsed) and
 * lengths are counted in characters, not bytes.  Each error names the file,
 * the line, the element or attribute, and the value that is wrong.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/formats.h"
#include "i18n.h"
#include "ref.h"

struct mread {
	struct xml_reader *x;
	const char *file;
	formats_sink_fn sink;
	void *sink_ctx;
	char *crossing; /* manifest/@crossing, copied into each subject */
	struct subject s;
};

/* --- Values ---------------------------------------------------------------- */

enum vkind {
	V_TEXT,     /* min..max characters */
	V_ENUM,     /* one of values */
	V_COUNTRY,  /* a known ISO 3166-1 alpha-2 code */
	V_DATETIME, /* YYYY-MM-DDThh:mm:ssZ */
	V_BIRTH,    /* YYYY, YYYY-MM or YYYY-MM-DD */
	V_HS,       /* 6, 8 or 10 digits, the first six an HS 2022 subheading */
	V_LOCODE,   /* 5 characters, a known country and 3 of [A-Z2-9] */
	V_CURRENCY, /* three capital letters */
	V_PKGKIND,  /* UN/ECE Recommendation 21 code: two of [0-9A-Z] */
	V_DECIMAL,  /* non-negative decimal */
	V_COUNT,    /* non-negative integer */
	V_SEQ,      /* positive integer */
};

struct vrule {
	enum vkind kind;
	size_t min, max;
	const char *const *values;
	const char *list; /* values, for messages */
};

static const char *const modes[] = {"road", "sea", "air", "rail", "post", NULL};
static const char *const roles[] = {"consignor", "consignee", "declarant",
                                    "carrier",   "notify",    NULL};
static const char *const doc_types[] = {"passport", "id-card", "residence-permit",
                                        "visa",     "other",   NULL};

static const struct vrule r_id = {V_TEXT, 1, 64, NULL, NULL};
static const struct vrule r_name = {V_TEXT, 1, 256, NULL, NULL};
static const struct vrule r_long = {V_TEXT, 1, 512, NULL, NULL};
static const struct vrule r_container = {V_TEXT, 4, 15, NULL, NULL};
static const struct vrule r_plate = {V_TEXT, 1, 16, NULL, NULL};
static const struct vrule r_mode = {V_ENUM, 0, 0, modes, "road, sea, air, rail, post"};
static const struct vrule r_role = {V_ENUM, 0, 0, roles,
                                    "consignor, consignee, declarant, carrier, notify"};
static const struct vrule r_doc_type = {V_ENUM, 0, 0, doc_types,
                                        "passport, id-card, residence-permit, visa, other"};
static const struct vrule r_country = {V_COUNTRY, 0, 0, NULL, NULL};
static const struct vrule r_datetime = {V_DATETIME, 0, 0, NULL, NULL};
static const struct vrule r_birth = {V_BIRTH, 0, 0, NULL, NULL};
static const struct vrule r_hs = {V_HS, 0, 0, NULL, NULL};
static const struct vrule r_locode = {V_LOCODE, 0, 0, NULL, NULL};
static const struct vrule r_currency = {V_CURRENCY, 0, 0, NULL, NULL};
static const struct vrule r_pkgkind = {V_PKGKIND, 0, 0, NULL, NULL};
static const struct vrule r_decimal = {V_DECIMAL, 0, 0, NULL, NULL};
static const struct vrule r_count = {V_COUNT, 0, 0, NULL, NULL};
static const struct vrule r_seq = {V_SEQ, 0, 0, NULL, NULL};

/* The reference tables as bit sets, so that checking a value is one load
 * instead of a bisection with strcmp(): countries by their two bytes, HS
 * subheadings by their six digits.  Built once from ref.h, read-only
 * afterwards (any thread may import).  */
static uint8_t country_bits[65536 / 8];
static uint8_t hs6_bits[1000000 / 8];
static pthread_once_t ref_bits_once = PTHREAD_ONCE_INIT;

static void
ref_bits_build(void)
{
	for (size_t i = 0; i < ref_country_count(); i++) {
		const char *c = ref_country_at(i)->code;

		if (c != NULL && strlen(c) == 2) {
			unsigned k = (unsigned)(unsigned char)c[0] << 8 | (unsigned char)c[1];

			country_bits[k >> 3] |= (uint8_t)(1u << (k & 7));
		}
	}
	for (size_t i = 0; i < ref_hs_count(); i++) {
		const char *c = ref_hs_at(i)->code;
		unsigned k = 0;

		if (c == NULL || strlen(c) != 6 || strspn(c, "0123456789") != 6)
			continue;
		for (int j = 0; j < 6; j++)
			k = k * 10 + (unsigned)(c[j] - '0');
		hs6_bits[k >> 3] |= (uint8_t)(1u << (k & 7));
	}
}

/* ref_country_valid(), by the bit set.  */
static bool
country_ok(const char *v)
{
	unsigned k;

	if (v[0] == '\0' || v[1] == '\0' || v[2] != '\0')
		return false;
	k = (unsigned)(unsigned char)v[0] << 8 | (unsigned char)v[1];
	return country_bits[k >> 3] & (1u << (k & 7));
}

/* ref_hs_valid() for V, already known to be 6, 8 or 10 digits.  */
static bool
hs_ok(const char *v)
{
	unsigned k = 0;

	for (int j = 0; j < 6; j++)
		k = k * 10 + (unsigned)(v[j] - '0');
	return hs6_bits[k >> 3] & (1u << (k & 7));
}

/* V, cut to a length fit for a message.  */
static const char *
show(const char *v, char *buf, size_t size)
{
	size_t n = strlen(v);

	if (n < size)
		return v;
	n = size - 4;
	while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
		n--;
	memcpy(buf, v, n);
	memcpy(buf + n, "...", 4);
	return buf;
}

static bool
all_digits(const char *s, size_t n)
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

static int
days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD" of a real date; PARTS is how many of
 * the three must be there (0 for any).  */
static bool
valid_date(const char *s, int parts)
{
	size_t n = strlen(s);
	int y, m;

	if (!(n == 4 || n == 7 || n == 10) || (parts == 3 && n != 10))
		return false;
	if (!all_digits(s, 4) || (y = num(s, 4)) == 0)
		return false;
	if (n == 4)
		return true;
	if (s[4] != '-' || !all_digits(s + 5, 2) || (m = num(s + 5, 2)) < 1 || m > 12)
		return false;
	if (n == 7)
		return true;
	return s[7] == '-' && all_digits(s + 8, 2) && num(s + 8, 2) >= 1 &&
	       num(s + 8, 2) <= days_in_month(y, m);
}

static bool
valid_datetime(const char *s)
{
	char date[11];

	if (strlen(s) != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
		return false;
	memcpy(date, s, 10);
	date[10] = '\0';
	return valid_date(date, 3) && all_digits(s + 11, 2) && num(s + 11, 2) <= 23 &&
	       all_digits(s + 14, 2) && num(s + 14, 2) <= 59 && all_digits(s + 17, 2) &&
	       num(s + 17, 2) <= 59;
}

static bool
in_set(const char *s, const char *set)
{
	return *s != '\0' && strchr(set, *s) != NULL;
}

/* Digits, optionally a point and more digits: XML Schema's decimal without
 * a sign.  */
static bool
valid_decimal(const char *s, double *out)
{
	const char *p = s;
	char *end;
	double v;

	while (*p >= '0' && *p <= '9')
		p++;
	if (p == s)
		return false;
	if (*p == '.') {
		const char *q = ++p;

		while (*p >= '0' && *p <= '9')
			p++;
		if (p == q)
			return false;
	}
	if (*p != '\0')
		return false;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !isfinite(v))
		return false;
	*out = v;
	return true;
}

static bool
valid_count(const char *s, long *out)
{
	char *end;
	long v;

	if (*s == '\0' || !all_digits(s, strlen(s)))
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return false;
	*out = v;
	return true;
}

/* Check V against R; WHERE names it ("item/@hs").  */
static enum diag_status
check_value(struct mread *m, long line, const char *where, const char *v, const struct vrule *r,
            struct diag *d)
{
	char buf[64];
	const char *sv = show(v, buf, sizeof buf);
	size_t n;
	double dv;
	long lv;

	switch (r->kind) {
	case V_TEXT:
		/* A string of N bytes has between N/4 and N characters: count
		 * them only when that does not settle it.  */
		n = strlen(v);
		if (n > 0 && n <= r->max && (n + 3) / 4 >= r->min)
			return DIAG_OK;
		n = xml_utf8_len(v);
		if (n == 0)
			/* L10N: %s names an element or attribute, such as
			 * "party/name" or "manifest/@id".  */
			return diag_set(d, DIAG_DATA, m->file, line, _("%s is empty"), where);
		if (n < r->min)
			return diag_set(d, DIAG_DATA, m->file, line,
			                _("%s \"%s\" is shorter than %zu characters"), where, sv,
			                r->min);
		if (n > r->max)
			return diag_set(d, DIAG_DATA, m->file, line,
			                _("%s \"%s\" is longer than %zu characters"), where, sv,
			                r->max);
		return DIAG_OK;
	case V_ENUM:
		for (size_t i = 0; r->values[i] != NULL; i++)
			if (strcmp(v, r->values[i]) == 0)
				return DIAG_OK;
		/* L10N: the last %s is a list of the allowed values.  */
		return diag_set(d, DIAG_DATA, m->file, line, _("%s \"%s\" is not one of: %s"),
		                where, sv, r->list);
	case V_COUNTRY:
		if (country_ok(v))
			return DIAG_OK;
		return diag_set(d, DIAG_DATA, m->file, line,
		                _("%s \"%s\" is not a known ISO 3166-1 alpha-2 country code"),
		                where, sv);
	case V_DATETIME:
		if (valid_datetime(v))
			return DIAG_OK;
		/* L10N: keep YYYY-MM-DDThh:mm:ssZ as it is: it is the
		 * notation of the format.  */
		return diag_set(d, DIAG_DATA, m->file, line,
		                _("%s \"%s\" is not a UTC date and time (YYYY-MM-DDThh:mm:ssZ)"),
		                where, sv);
	case V_BIRTH:
		if (valid_date(v, 0))
			return DIAG_OK;
		return diag_set(d, DIAG_DATA, m->file, line,
		                _("%s \"%s\" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"), where,
		                sv);
	case V_HS:
		n = strlen(v);
		if ((n != 6 && n != 8 && n != 10) || !all_digits(v, n))
			return diag_set(d, DIAG_DATA, m->file, line,
			                _("%s \"%s\" is not a tariff code of 6, 8 or 10 digits"),
			                where, sv);
		if (!hs_ok(v))
			return diag_set(d, DIAG_DATA, m->file, line,
			                _("%s \"%s\" is not an HS 2022 subheading"), where, sv);
		return DIAG_OK;
	case V_LOCODE: {
		char cc[3];

		if (strlen(v) != 5 || !in_set(v + 2, "ABCDEFGHIJKLMNOPQRSTUVWXYZ23456789") ||
		    !in_set(v + 3, "ABCDEFGHIJKLMNOPQRSTUVWXYZ23456789") ||
		    !in_set(v + 4, "ABCDEFGHIJKLMNOPQRSTUVWXYZ23456789"))
			return diag_set(
			    d, DIAG_DATA, m->file, line,
			    _("%s \"%s\" is not a UN/LOCODE (5 characters, such as FRSXB)"), where,
			    sv);
		memcpy(cc, v, 2);
		cc[2] = '\0';
		if (!country_ok(cc))
			return diag_set(d, DIAG_DATA, m->file, line,
			                _("%s \"%s\" does not start with a known country code"),
			                where, sv);
		return DIAG_OK;
	}
	case V_CURRENCY:
		if (strlen(v) == 3 && in_set(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") &&
		    in_set(v + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") &&
		    in_set(v + 2, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
			return DIAG_OK;
		return diag_set(d, DIAG_DATA, m->file, line,
		                _("%s \"%s\" is not a currency code (three capital letters)"),
		                where, sv);
	case V_PKGKIND:
		if (strlen(v) == 2 && in_set(v, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") &&
		    in_set(v + 1, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
			return DIAG_OK;
		return diag_set(d, DIAG_DATA, m->file, line,
		                _("%s \"%s\" is not a UN/ECE package code (two letters or digits)"),
		                where, sv);
	case V_DECIMAL:
		if (valid_decimal(v, &dv))
			return DIAG_OK;
		return diag_set(d, DIAG_DATA, m->file, line,
		                _("%s \"%s\" is not a non-negative decimal number"), where, sv);
	case V_COUNT:
		if (valid_count(v, &lv))
			return DIAG_OK;
		return diag_set(d, DIAG_DATA, m->file, line,
		                _("%s \"%s\" is not a non-negative integer"), where, sv);
	case V_SEQ:
		if (valid_count(v, &lv) && lv > 0 && lv <= INT_MAX)
			return DIAG_OK;
		return diag_set(d, DIAG_DATA, m->file, line,
		                _("%s \"%s\" is not a positive integer"), where, sv);
	}
	return diag_set(d, DIAG_SOFTWARE, m->file, line, "check_value: unknown rule");
}

/* Take attribute NAME of element EL from A into *DST (stealing the string),
 * after checking it against R.  A missing attribute is an error when
 * REQUIRED and leaves *DST alone otherwise.  */
static enum diag_status
take_attr(struct mread *m, long line, const char *el, struct xml_attrs *a, const char *name,
          bool required, const struct vrule *r, char **dst, struct diag *d)
{
	char where[64];
	size_t i;

	for (i = 0; i < XML_ATTRS_MAX && a->names[i] != NULL; i++)
		if (strcmp(a->names[i], name) == 0)
			break;
	if (i >= XML_ATTRS_MAX || a->names[i] == NULL)
		return diag_set(d, DIAG_SOFTWARE, m->file, line, "take_attr: %s/@%s not read", el,
		                name);
	if (a->values[i] == NULL) {
		if (required)
			/* L10N: the attribute, such as "item/@hs".  */
			return diag_set(d, DIAG_DATA, m->file, line, _("%s/@%s is missing"), el,
			                name);
		return DIAG_OK;
	}
	/* The name for messages is only put together when there is one.  */
	if (check_value(m, line, "", a->values[i], r, NULL) != DIAG_OK) {
		snprintf(where, sizeof where, "%s/@%s", el, name);
		return check_value(m, line, where, a->values[i], r, d);
	}
	if (dst != NULL) {
		free(*dst);
		*dst = a->values[i];
		a->values[i] = NULL;
	}
	return DIAG_OK;
}

/* Read the text of element EL (child of PARENT), which has no attributes,
 * into *DST after checking it against R.  */
static enum diag_status
take_text(struct mread *m, const char *parent, const char *el, const struct vrule *r, char **dst,
          struct diag *d)
{
	static const char *const none[] = {NULL};
	struct xml_attrs a;
	char where[64];
	char *v = NULL;
	long line = xml_reader_line(m->x);
	enum diag_status rc;

	if ((rc = xml_reader_attrs(m->x, el, none, true, &a, d)) != DIAG_OK)
		return rc;
	if ((rc = xml_reader_text(m->x, el, &v, d)) != DIAG_OK)
		return rc;
	if (check_value(m, line, "", v, r, NULL) != DIAG_OK) {
		snprintf(where, sizeof where, "%s/%s", parent, el);
		rc = check_value(m, line, where, v, r, d);
		free(v);
		return rc;
	}
	free(*dst);
	*dst = v;
	return DIAG_OK;
}

static enum diag_status
oom(struct mread *m, struct diag *d)
{
	if (errno == E2BIG)
		return formats_too_many(m->x, d);
	return diag_set(d, DIAG_SOFTWARE, m->file, 0, _("out of memory"));
}

/* --- Children ---------------------------------------------------------- */

/* The children an element may have, in the order they must come.  */
struct child_spec {
	const char *name;
	bool once; /* at most one */
};

/* Which of SPEC[0..N) the current element is; enforces the order and
 * "at most once" (*LAST is the index of the previous child, -1 at first).  */
static enum diag_status
child_which(struct mread *m, const char *parent, const struct child_spec *spec, size_t n, int *last,
            size_t *which, struct diag *d)
{
	const char *name = xml_reader_name(m->x);
	const char *ns = xml_reader_namespace(m->x);
	long line = xml_reader_line(m->x);
	size_t i = n;

	if (ns != NULL && strcmp(ns, MANIFEST_DOUANE_NS) == 0)
		for (i = 0; i < n; i++)
			if (strcmp(spec[i].name, name) == 0)
				break;
	if (i == n) {
		if (ns == NULL || strcmp(ns, MANIFEST_DOUANE_NS) != 0)
			/* L10N: an element from another XML namespace.  */
			return diag_set(d, DIAG_DATA, m->file, line,
			                _("unknown element <%s> (namespace \"%s\") in <%s>"), name,
			                ns ? ns : "", parent);
		return diag_set(d, DIAG_DATA, m->file, line, _("unknown element <%s> in <%s>"),
		                name, parent);
	}
	if ((int)i == *last && spec[i].once)
		return diag_set(d, DIAG_DATA, m->file, line,
		                _("<%s> appears more than once in <%s>"), name, parent);
	if ((int)i < *last) {
		char order[160] = "";

		for (size_t j = 0; j < n; j++) {
			strncat(order, spec[j].name, sizeof order - strlen(order) - 1);
			if (j + 1 < n)
				strncat(order, ", ", sizeof order - strlen(order) - 1);
		}
		/* L10N: the last %s is the list of elements in their
		 * order, such as "name, birth, nationality, document".  */
		return diag_set(d, DIAG_DATA, m->file, line,
		                _("<%s> is out of order in <%s> (the order is: %s)"), name, parent,
		                order);
	}
	*last = (int)i;
	*which = i;
	return DIAG_OK;
}

/* --- Elements ---------------------------------------------------------- */

static enum diag_status
read_conveyance(struct mread *m, struct diag *d)
{
	static const char *const attrs[] = {"id", "nationality", NULL};
	struct xml_attrs a;
	long line = xml_reader_line(m->x);
	enum diag_status rc;

	if ((rc = xml_reader_attrs(m->x, "conveyance", attrs, true, &a, d)) != DIAG_OK)
		return rc;
	if ((rc = take_attr(m, line, "conveyance", &a, "id", false, &r_id, &m->s.conveyance, d)) ||
	    (rc = take_attr(m, line, "conveyance", &a, "nationality", false, &r_country,
	                    &m->s.conveyance_nationality, d)))
		goto out;
	rc = xml_reader_expect_empty(m->x, "conveyance", d);
out:
	xml_attrs_clear(&a);
	return rc;
}

static enum diag_status
read_party(struct mread *m, struct diag *d)
{
	static const char *const attrs[] = {"role", "country", "id", NULL};
	static const struct child_spec kids[] = {{"name", true}, {"address", true}};
	struct xml_attrs a;
	struct xml_children c;
	struct party *p;
	long line = xml_reader_line(m->x);
	int last = -1;
	enum diag_status rc;

	if ((rc = xml_reader_attrs(m->x, "party", attrs, true, &a, d)) != DIAG_OK)
		return rc;
	if ((p = subject_add_party(&m->s)) == NULL) {
		rc = oom(m, d);
		goto out;
	}
	if ((rc = take_attr(m, line, "party", &a, "role", true, &r_role, &p->role, d)) ||
	    (rc = take_attr(m, line, "party", &a, "country", false, &r_country, &p->country, d)) ||
	    (rc = take_attr(m, line, "party", &a, "id", false, &r_id, &p->ident, d)))
		goto out;
	xml_children_begin(m->x, &c, "party");
	for (;;) {
		bool more;
		size_t which;

		if ((rc = xml_children_next(m->x, &c, &more, d)) != DIAG_OK)
			goto out;
		if (!more)
			break;
		if ((rc = child_which(m, "party", kids, 2, &last, &which, d)) != DIAG_OK)
			goto out;
		if (which == 0)
			rc = take_text(m, "party", "name", &r_name, &p->name, d);
		else
			rc = take_text(m, "party", "address", &r_long, &p->address, d);
		if (rc != DIAG_OK)
			goto out;
	}
	if (p->name == NULL)
		rc = diag_set(d, DIAG_DATA, m->file, line, _("%s is missing"), "party/name");
out:
	xml_attrs_clear(&a);
	return rc;
}

static enum diag_status
read_route(struct mread *m, struct diag *d)
{
	static const char *const none[] = {NULL};
	static const struct child_spec kids[] = {{"country", false}};
	struct xml_attrs a;
	struct xml_children c;
	long line = xml_reader_line(m->x);
	int last = -1;
	enum diag_status rc;

	if ((rc = xml_reader_attrs(m->x, "route", none, true, &a, d)) != DIAG_OK)
		return rc;
	xml_children_begin(m->x, &c, "route");
	for (;;) {
		bool more;
		size_t which;
		char *country = NULL;

		if ((rc = xml_children_next(m->x, &c, &more, d)) != DIAG_OK)
			return rc;
		if (!more)
			break;
		if ((rc = child_which(m, "route", kids, 1, &last, &which, d)) != DIAG_OK ||
		    (rc = take_text(m, "route", "country", &r_country, &country, d)) != DIAG_OK)
			return rc;
		if (!subject_add_route(&m->s, country)) {
			free(country);
			return oom(m, d);
		}
		free(country);
	}
	if (m->s.n_route < 2)
		return diag_set(
		    d, DIAG_DATA, m->file, line,
		    _("route needs at least two countries, origin first and destination last"));
	return DIAG_OK;
}

static enum diag_status
read_container(struct mread *m, struct diag *d)
{
	static const char *const attrs[] = {"number", "seal", NULL};
	struct xml_attrs a;
	struct container *k;
	long line = xml_reader_line(m->x);
	enum diag_status rc;

	if ((rc = xml_reader_attrs(m->x, "container", attrs, true, &a, d)) != DIAG_OK)
		return rc;
	if ((k = subject_add_container(&m->s)) == NULL) {
		rc = oom(m, d);
		goto out;
	}
	if ((rc = take_attr(m, line, "container", &a, "number", true, &r_container, &k->number,
	                    d)) ||
	    (rc = take_attr(m, line, "container", &a, "seal", false, &r_id, &k->seal, d)))
		goto out;
	rc = xml_reader_expect_empty(m->x, "container", d);
out:
	xml_attrs_clear(&a);
	return rc;
}

/* Decimal attribute NAME of EL into *OUT (left alone when absent).  */
static enum diag_status
take_decimal(struct mread *m, long line, const char *el, struct xml_attrs *a, const char *name,
             double *out, struct diag *d)
{
	const char *ok = xml_attrs_get(a, name);
	char *v = NULL;
	enum diag_status rc;

	/* One strtod() for a good value; the general way otherwise.  */
	if (ok != NULL && valid_decimal(ok, out))
		return DIAG_OK;
	if ((rc = take_attr(m, line, el, a, name, false, &r_decimal, &v, d)) != DIAG_OK)
		return rc;
	if (v != NULL)
		valid_decimal(v, out);
	free(v);
	return DIAG_OK;
}

/* packages, mass or value inside an item.  */
static enum diag_status
read_item_detail(struct mread *m, struct goods_item *it, size_t which, struct diag *d)
{
	static const char *const pkg_attrs[] = {"count", "kind", NULL};
	static const char *const mass_attrs[] = {"gross", "net", NULL};
	static const char *const value_attrs[] = {"amount", "currency", NULL};
	static const char *const names[] = {"packages", "mass", "value"};
	static const char *const *const attrs[] = {pkg_attrs, mass_attrs, value_attrs};
	const char *el = names[which];
	struct xml_attrs a;
	long line = xml_reader_line(m->x);
	char *count = NULL;
	enum diag_status rc;

	if ((rc = xml_reader_attrs(m->x, el, attrs[which], true, &a, d)) != DIAG_OK)
		return rc;
	switch (which) {
	case 0:
		if ((rc = take_attr(m, line, el, &a, "count", false, &r_count, &count, d)) ||
		    (rc = take_attr(m, line, el, &a, "kind", false, &r_pkgkind, &it->package_kind,
		                    d)))
			goto out;
		if (count != NULL)
			valid_count(count, &it->packages);
		break;
	case 1:
		if ((rc = take_decimal(m, line, el, &a, "gross", &it->gross_mass, d)) ||
		    (rc = take_decimal(m, line, el, &a, "net", &it->net_mass, d)))
			goto out;
		break;
	default:
		if ((rc = take_decimal(m, line, el, &a, "amount", &it->value, d)) ||
		    (rc = take_attr(m, line, el, &a, "currency", false, &r_currency, &it->currency,
		                    d)))
			goto out;
		break;
	}
	rc = xml_reader_expect_empty(m->x, el, d);
out:
	free(count);
	xml_attrs_clear(&a);
	return rc;
}

static enum diag_status
read_item(struct mread *m, struct diag *d)
{
	static const char *const attrs[] = {"seq", "hs", "origin", NULL};
	static const struct child_spec kids[] = {
	    {"description", true}, {"packages", true}, {"mass", true}, {"value", true}};
	struct xml_attrs a;
	struct xml_children c;
	struct goods_item *it;
	long line = xml_reader_line(m->x);
	char *seq = NULL;
	int last = -1;
	enum diag_status rc;

	if ((rc = xml_reader_attrs(m->x, "item", attrs, true, &a, d)) != DIAG_OK)
		return rc;
	if ((it = subject_add_item(&m->s)) == NULL) {
		rc = oom(m, d);
		goto out;
	}
	it->seq = (int)m->s.n_items;
	it->gross_mass = it->net_mass = it->value = -1;
	if ((rc = take_attr(m, line, "item", &a, "seq", false, &r_seq, &seq, d)) ||
	    (rc = take_attr(m, line, "item", &a, "hs", true, &r_hs, &it->hs_code, d)) ||
	    (rc = take_attr(m, line, "item", &a, "origin", false, &r_country, &it->origin, d)))
		goto out;
	if (seq != NULL)
		it->seq = atoi(seq);
	xml_children_begin(m->x, &c, "item");
	for (;;) {
		bool more;
		size_t which;

		if ((rc = xml_children_next(m->x, &c, &more, d)) != DIAG_OK)
			goto out;
		if (!more)
			break;
		if ((rc = child_which(m, "item", kids, 4, &last, &which, d)) != DIAG_OK)
			goto out;
		if (which == 0)
			rc = take_text(m, "item", "description", &r_long, &it->description, d);
		else
			rc = read_item_detail(m, it, which - 1, d);
		if (rc != DIAG_OK)
			goto out;
	}
	if (it->description == NULL)
		rc = diag_set(d, DIAG_DATA, m->file, line, _("%s is missing"), "item/description");
out:
	free(seq);
	xml_attrs_clear(&a);
	return rc;
}

/* ref, mode and arrival of a subject element EL.  */
static enum diag_status
read_subject_attrs(struct mread *m, const char *el, bool mode_required, struct diag *d)
{
	static const char *const attrs[] = {"ref", "mode", "arrival", NULL};
	struct xml_attrs a;
	long line = xml_reader_line(m->x);
	enum diag_status rc;

	if ((rc = xml_reader_attrs(m->x, el, attrs, true, &a, d)) != DIAG_OK)
		return rc;
	if (!(rc = take_attr(m, line, el, &a, "ref", true, &r_id, &m->s.ref, d)) &&
	    !(rc = take_attr(m, line, el, &a, "mode", mode_required, &r_mode, &m->s.mode, d)))
		rc = take_attr(m, line, el, &a, "arrival", true, &r_datetime, &m->s.arrival, d);
	xml_attrs_clear(&a);
	if (rc == DIAG_OK && m->crossing != NULL &&
	    (m->s.crossing = subject_strdup(m->crossing)) == NULL)
		rc = oom(m, d);
	return rc;
}

static enum diag_status
read_consignment(struct mread *m, struct diag *d)
{
	static const struct child_spec kids[] = {{"conveyance", true},
	                                         {"party", false},
	                                         {"route", true},
	                                         {"container", false},
	                                         {"item", false}};
	struct xml_children c;
	long line = xml_reader_line(m->x);
	int last = -1;
	bool has_main_party = false;
	enum diag_status rc;

	if ((rc = read_subject_attrs(m, "consignment", true, d)) != DIAG_OK)
		return rc;
	xml_children_begin(m->x, &c, "consignment");
	for (;;) {
		bool more;
		size_t which;

		if ((rc = xml_children_next(m->x, &c, &more, d)) != DIAG_OK)
			return rc;
		if (!more)
			break;
		if ((rc = child_which(m, "consignment", kids, 5, &last, &which, d)) != DIAG_OK)
			return rc;
		switch (which) {
		case 0:
			rc = read_conveyance(m, d);
			break;
		case 1:
			rc = read_party(m, d);
			break;
		case 2:
			rc = read_route(m, d);
			break;
		case 3:
			rc = read_container(m, d);
			break;
		default:
			rc = read_item(m, d);
			break;
		}
		if (rc != DIAG_OK)
			return rc;
	}
	for (size_t i = 0; i < m->s.n_parties; i++)
		if (strcmp(m->s.parties[i].role, "consignor") == 0 ||
		    strcmp(m->s.parties[i].role, "consignee") == 0)
			has_main_party = true;
	if (!has_main_party)
		return diag_set(
		    d, DIAG_DATA, m->file, line,
		    _("consignment \"%s\" has no party with role consignor or consignee"),
		    m->s.ref);
	if (m->s.n_route == 0)
		return diag_set(d, DIAG_DATA, m->file, line, _("%s is missing"),
		                "consignment/route");
	if (m->s.n_items == 0)
		return diag_set(d, DIAG_DATA, m->file, line, _("%s is missing"),
		                "consignment/item");
	return DIAG_OK;
}

static enum diag_status
read_birth(struct mread *m, struct diag *d)
{
	static const char *const attrs[] = {"date", NULL};
	struct xml_attrs a;
	long line = xml_reader_line(m->x);
	enum diag_status rc;

	if ((rc = xml_reader_attrs(m->x, "birth", attrs, true, &a, d)) != DIAG_OK)
		return rc;
	if ((rc = take_attr(m, line, "birth", &a, "date", true, &r_birth, &m->s.birth_date, d)) ==
	    DIAG_OK)
		rc = xml_reader_expect_empty(m->x, "birth", d);
	xml_attrs_clear(&a);
	return rc;
}

static enum diag_status
read_document(struct mread *m, struct diag *d)
{
	static const char *const attrs[] = {"type", "number", "country", NULL};
	struct xml_attrs a;
	long line = xml_reader_line(m->x);
	enum diag_status rc;

	if ((rc = xml_reader_attrs(m->x, "document", attrs, true, &a, d)) != DIAG_OK)
		return rc;
	if (!(rc = take_attr(m, line, "document", &a, "type", true, &r_doc_type, &m->s.doc_type,
	                     d)) &&
	    !(rc =
	          take_attr(m, line, "document", &a, "number", true, &r_id, &m->s.doc_number, d)) &&
	    !(rc = take_attr(m, line, "document", &a, "country", true, &r_country,
	                     &m->s.doc_country, d)))
		rc = xml_reader_expect_empty(m->x, "document", d);
	xml_attrs_clear(&a);
	return rc;
}

/* The person part of a traveller (EL "traveller") or of a driver: name,
 * birth, nationality and, for travellers, document.  */
static enum diag_status
read_person(struct mread *m, const char *el, bool traveller, struct diag *d)
{
	static const struct child_spec kids[] = {
	    {"name", true}, {"birth", true}, {"nationality", true}, {"document", true}};
	struct xml_children c;
	long line = xml_reader_line(m->x);
	int last = -1;
	enum diag_status rc;

	xml_children_begin(m->x, &c, el);
	for (;;) {
		bool more;
		size_t which;

		if ((rc = xml_children_next(m->x, &c, &more, d)) != DIAG_OK)
			return rc;
		if (!more)
			break;
		if ((rc = child_which(m, el, kids, traveller ? 4 : 3, &last, &which, d)) != DIAG_OK)
			return rc;
		switch (which) {
		case 0:
			rc = take_text(m, el, "name", &r_name, &m->s.name, d);
			break;
		case 1:
			rc = read_birth(m, d);
			break;
		case 2:
			rc = take_text(m, el, "nationality", &r_country, &m->s.nationality, d);
			break;
		default:
			rc = read_document(m, d);
			break;
		}
		if (rc != DIAG_OK)
			return rc;
	}
	if (m->s.name == NULL)
		return diag_set(d, DIAG_DATA, m->file, line, _("%s/%s is missing"), el, "name");
	if (traveller && m->s.nationality == NULL)
		return diag_set(d, DIAG_DATA, m->file, line, _("%s/%s is missing"), el,
		                "nationality");
	if (traveller && m->s.doc_type == NULL)
		return diag_set(d, DIAG_DATA, m->file, line, _("%s/%s is missing"), el, "document");
	return DIAG_OK;
}

static enum diag_status
read_traveller(struct mread *m, struct diag *d)
{
	enum diag_status rc;

	if ((rc = read_subject_attrs(m, "traveller", false, d)) != DIAG_OK)
		return rc;
	return read_person(m, "traveller", true, d);
}

static enum diag_status
read_plate(struct mread *m, struct diag *d)
{
	static const char *const attrs[] = {"number", "country", NULL};
	struct xml_attrs a;
	long line = xml_reader_line(m->x);
	enum diag_status rc;

	if ((rc = xml_reader_attrs(m->x, "plate", attrs, true, &a, d)) != DIAG_OK)
		return rc;
	if (!(rc = take_attr(m, line, "plate", &a, "number", true, &r_plate, &m->s.plate, d)) &&
	    !(rc = take_attr(m, line, "plate", &a, "country", true, &r_country, &m->s.plate_country,
	                     d)))
		rc = xml_reader_expect_empty(m->x, "plate", d);
	xml_attrs_clear(&a);
	return rc;
}

static enum diag_status
read_vehicle(struct mread *m, struct diag *d)
{
	static const char *const none[] = {NULL};
	static const struct child_spec kids[] = {{"plate", true}, {"driver", true}};
	struct xml_children c;
	long line = xml_reader_line(m->x);
	int last = -1;
	enum diag_status rc;

	if ((rc = read_subject_attrs(m, "vehicle", false, d)) != DIAG_OK)
		return rc;
	xml_children_begin(m->x, &c, "vehicle");
	for (;;) {
		bool more;
		size_t which;

		if ((rc = xml_children_next(m->x, &c, &more, d)) != DIAG_OK)
			return rc;
		if (!more)
			break;
		if ((rc = child_which(m, "vehicle", kids, 2, &last, &which, d)) != DIAG_OK)
			return rc;
		if (which == 0) {
			rc = read_plate(m, d);
		} else {
			struct xml_attrs a;

			if ((rc = xml_reader_attrs(m->x, "driver", none, true, &a, d)) == DIAG_OK)
				rc = read_person(m, "driver", false, d);
		}
		if (rc != DIAG_OK)
			return rc;
	}
	if (m->s.plate == NULL)
		return diag_set(d, DIAG_DATA, m->file, line, _("%s is missing"), "vehicle/plate");
	return DIAG_OK;
}

/* --- The document ------------------------------------------------------ */

static enum diag_status
read_manifest_attrs(struct mread *m, struct diag *d)
{
	static const char *const attrs[] = {"id", "issued", "crossing", NULL};
	struct xml_attrs a;
	long line = xml_reader_line(m->x);
	enum diag_status rc;

	if ((rc = xml_reader_attrs(m->x, "manifest", attrs, true, &a, d)) != DIAG_OK)
		return rc;
	if (!(rc = take_attr(m, line, "manifest", &a, "id", true, &r_id, NULL, d)) &&
	    !(rc = take_attr(m, line, "manifest", &a, "issued", true, &r_datetime, NULL, d)))
		rc = take_attr(m, line, "manifest", &a, "crossing", false, &r_locode, &m->crossing,
		               d);
	xml_attrs_clear(&a);
	return rc;
}

enum diag_status
manifest_douane_read(struct xml_reader *x, formats_sink_fn sink, void *sink_ctx, struct diag *d)
{
	static const struct child_spec kids[] = {
	    {"consignment", false}, {"traveller", false}, {"vehicle", false}};
	static const enum subject_kind kinds[] = {SUBJECT_CONSIGNMENT, SUBJECT_TRAVELLER,
	                                          SUBJECT_VEHICLE};
	struct mread m = {.x = x, .file = x->file, .sink = sink, .sink_ctx = sink_ctx};
	struct xml_children c;
	enum diag_status rc;

	pthread_once(&ref_bits_once, ref_bits_build);
	subject_init(&m.s, SUBJECT_CONSIGNMENT);
	if ((rc = read_manifest_attrs(&m, d)) != DIAG_OK)
		goto out;
	xml_children_begin(x, &c, "manifest");
	for (;;) {
		bool more;
		size_t which;
		long line;
		int last = -1; /* subjects come in any order */

		if ((rc = xml_children_next(x, &c, &more, d)) != DIAG_OK)
			goto out;
		if (!more)
			break;
		if ((rc = child_which(&m, "manifest", kids, 3, &last, &which, d)) != DIAG_OK)
			goto out;
		line = xml_reader_line(x);
		subject_clear(&m.s);
		m.s.kind = kinds[which];
		if (which == 0)
			rc = read_consignment(&m, d);
		else if (which == 1)
			rc = read_traveller(&m, d);
		else
			rc = read_vehicle(&m, d);
		if (rc == DIAG_OK)
			rc = sink(sink_ctx, &m.s, line, d);
		subject_clear(&m.s);
		if (rc != DIAG_OK)
			goto out;
	}
	/* Read to the end: whatever follows the root must be well-formed
	 * too, or the file is refused as a whole.  */
	for (;;) {
		bool more;

		if ((rc = xml_reader_next(x, &more, d)) != DIAG_OK || !more)
			break;
	}
out:
	subject_clear(&m.s);
	free(m.crossing);
	return rc;
}
