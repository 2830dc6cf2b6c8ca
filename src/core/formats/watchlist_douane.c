/* watchlist_douane: the reader of douane's own watchlist XML.
 *
 * National services keep lists of their own: persons and companies under
 * investigation, vessels and vehicles to stop, travel documents reported
 * lost, stolen or forged.  This format (namespace urn:douane:watchlist:1,
 * documented in doc/formats.md, schema data/watchlist.xsd) carries one
 * such list:
 *
 *   <watchlist source="FR-DNRED-1" name="..." publisher="..."
 *              published="2026-11-01" version="42">
 *     <entry ref="..." kind="person" listed="2026-01-05" until="2027-01-05">
 *       <name>..</name> <name type="aka" weak="true">..</name>
 *       <birth date="1970-03-02"/> <birthplace>..</birthplace>
 *       <nationality>FR</nationality>
 *       <ident type="passport" number=".." country="FR" note="stolen"/>
 *       <address>..</address>
 *       <programme>..</programme> <reason>..</reason> <remarks>..</remarks>
 *     </entry>
 *   </watchlist>
 *
 * The format is ours, so it is read as strictly as the manifest: unknown
 * elements and attributes, children out of order, repeated where they may
 * not be, values that are not what the documentation says, are errors with
 * the file, the line and the value.  A few rules XML Schema cannot say are
 * checked here too: a vehicle has a plate or a VIN, a document entry an
 * identity document, an IMO number its check digit, "until" is not before
 * "listed", and a national list may not take the source of a list douane
 * reads from its publisher (UN-SC, OFAC-SDN, OFAC-CONS), which it would
 * otherwise replace.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "formats/watchlist.h"
#include "i18n.h"
#include "ref.h"

struct dread {
	struct xml_reader *x;
	const char *file;
	const struct wl_sink *k;
	struct wl_entry e;
};

static enum diag_status
dw_oom(struct dread *r, struct diag *d)
{
	return wl_oom(r->file, xml_reader_line(r->x), d);
}

static const char *const dw_kinds[] = {"person",  "company",  "vessel", "aircraft",
                                       "vehicle", "document", NULL};
static const char *const dw_name_types[] = {"primary",         "aka", "fka", "nka",
                                            "original-script", NULL};
static const char *const dw_ident_types[] = {
    "passport",  "id-card", "national-id", "residence-permit", "visa",         "imo",   "mmsi",
    "call-sign", "plate",   "vin",         "tax-id",           "registration", "other", NULL};
static const char *const dw_bools[] = {"true", "false", NULL};

static bool
dw_in(const char *v, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(v, *set) == 0)
			return true;
	return false;
}

static void
dw_list(const char *const *set, char *buf, size_t size)
{
	buf[0] = '\0';
	for (; *set; set++) {
		if (buf[0])
			strncat(buf, ", ", size - strlen(buf) - 1);
		strncat(buf, *set, size - strlen(buf) - 1);
	}
}

static bool
dw_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* YYYY, YYYY-MM, YYYY-MM-DD, ~YYYY or YYYY/YYYY.  */
static bool
dw_birth(const char *s)
{
	size_t n = strlen(s);
	char buf[11];

	if (n == 5 && s[0] == '~')
		return dw_digits(s + 1, 4);
	if (n == 9 && s[4] == '/')
		return dw_digits(s, 4) && dw_digits(s + 5, 4) && strncmp(s, s + 5, 4) <= 0;
	if (n == 4)
		return dw_digits(s, 4);
	if (n == 7) {
		snprintf(buf, sizeof buf, "%s-01", s);
		return wl_iso_date(buf);
	}
	return wl_iso_date(s);
}

/* A source key: capitals, digits and '-', 1 to 32 of them.  */
static bool
dw_source(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 32 || s[0] == '-')
		return false;
	for (; *s; s++)
		if (!(isupper((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '-'))
			return false;
	return true;
}

/* IMO ship numbers: 7 digits, the last a check digit.  */
static bool
dw_imo(const char *s)
{
	int sum = 0;

	if (strlen(s) != 7 || !dw_digits(s, 7))
		return false;
	for (int i = 0; i < 6; i++)
		sum += (s[i] - '0') * (7 - i);
	return sum % 10 == s[6] - '0';
}

/* Check text V (of ELEMENT or attribute WHERE) is 1..MAX characters.  */
static enum diag_status
dw_text(struct dread *r, long line, const char *where, const char *v, size_t max, struct diag *d)
{
	size_t n = xml_utf8_len(v);

	if (n == 0)
		return diag_set(d, DIAG_DATA, r->file, line, _("%s is empty"), where);
	if (n > max)
		return diag_set(d, DIAG_DATA, r->file, line, _("%s is longer than %zu characters"),
		                where, max);
	return DIAG_OK;
}

/* An element of text only, with no attributes, into *OUT.  */
static enum diag_status
dw_text_el(struct dread *r, const char *el, size_t max, char **out, struct diag *d)
{
	static const char *const none[] = {NULL};
	struct xml_attrs a;
	char where[64];
	long line = xml_reader_line(r->x);
	enum diag_status rc;

	*out = NULL;
	if ((rc = xml_reader_attrs(r->x, el, none, true, &a, d)) != DIAG_OK)
		return rc;
	if ((rc = xml_reader_text(r->x, el, out, d)) != DIAG_OK)
		return rc;
	snprintf(where, sizeof where, "entry/%s", el);
	if ((rc = dw_text(r, line, where, *out, max, d)) != DIAG_OK) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

/* Which child of <entry> the current element is, enforcing the order.  */
static const struct {
	const char *name;
	bool once;
} dw_entry_kids[] = {
    {"name", false},        {"birth", false}, {"birthplace", false},
    {"nationality", false}, {"ident", false}, {"address", false},
    {"programme", true},    {"reason", true}, {"remarks", true},
};
#define DW_N_KIDS (sizeof dw_entry_kids / sizeof dw_entry_kids[0])

static enum diag_status
dw_which(struct dread *r, const char *parent, size_t first, size_t n, int *last, size_t *which,
         struct diag *d)
{
	const char *name = xml_reader_name(r->x);
	const char *ns = xml_reader_namespace(r->x);
	long line = xml_reader_line(r->x);
	size_t i = n;

	if (ns != NULL && strcmp(ns, WATCHLIST_DOUANE_NS) == 0)
		for (i = first; i < n; i++)
			if (strcmp(dw_entry_kids[i].name, name) == 0)
				break;
	if (i == n) {
		if (ns == NULL || strcmp(ns, WATCHLIST_DOUANE_NS) != 0)
			return diag_set(d, DIAG_DATA, r->file, line,
			                _("unknown element <%s> (namespace \"%s\") in <%s>"), name,
			                ns ? ns : "", parent);
		return diag_set(d, DIAG_DATA, r->file, line, _("unknown element <%s> in <%s>"),
		                name, parent);
	}
	if ((int)i == *last && dw_entry_kids[i].once)
		return diag_set(d, DIAG_DATA, r->file, line,
		                _("<%s> appears more than once in <%s>"), name, parent);
	if ((int)i < *last)
		/* L10N: the first %s comes after the second in the file.  */
		return diag_set(d, DIAG_DATA, r->file, line,
		                _("<%s> is out of order in <%s>: it must come before <%s>"), name,
		                parent, dw_entry_kids[*last].name);
	*last = (int)i;
	*which = i;
	return DIAG_OK;
}

static enum diag_status
dw_name(struct dread *r, struct diag *d)
{
	static const char *const attrs[] = {"type", "weak", NULL};
	struct xml_attrs a;
	char *v = NULL;
	char set[128];
	long line = xml_reader_line(r->x);
	const char *type, *weak;
	enum diag_status rc;

	if ((rc = xml_reader_attrs(r->x, "name", attrs, true, &a, d)) != DIAG_OK)
		return rc;
	type = xml_attrs_get(&a, "type");
	weak = xml_attrs_get(&a, "weak");
	if (type != NULL && !dw_in(type, dw_name_types)) {
		dw_list(dw_name_types, set, sizeof set);
		rc = diag_set(d, DIAG_DATA, r->file, line, _("%s \"%s\" is not one of: %s"),
		              "name/@type", type, set);
		goto out;
	}
	if (weak != NULL && !dw_in(weak, dw_bools)) {
		rc = diag_set(d, DIAG_DATA, r->file, line, _("%s \"%s\" is not one of: %s"),
		              "name/@weak", weak, "true, false");
		goto out;
	}
	if ((rc = xml_reader_text(r->x, "name", &v, d)) != DIAG_OK ||
	    (rc = dw_text(r, line, "entry/name", v, 256, d)) != DIAG_OK)
		goto out;
	if (type == NULL)
		type = r->e.n_names == 0 ? "primary" : "aka";
	if (!wl_entry_add_name(&r->e, v, type, weak != NULL && strcmp(weak, "true") == 0))
		rc = dw_oom(r, d);
out:
	free(v);
	xml_attrs_clear(&a);
	return rc;
}

static enum diag_status
dw_birth_el(struct dread *r, struct diag *d)
{
	static const char *const attrs[] = {"date", NULL};
	struct xml_attrs a;
	long line = xml_reader_line(r->x);
	const char *v;
	enum diag_status rc;

	if ((rc = xml_reader_attrs(r->x, "birth", attrs, true, &a, d)) != DIAG_OK)
		return rc;
	if ((v = xml_attrs_get(&a, "date")) == NULL)
		rc = diag_set(d, DIAG_DATA, r->file, line, _("%s/@%s is missing"), "birth", "date");
	else if (!dw_birth(v))
		rc = diag_set(d, DIAG_DATA, r->file, line,
		              _("%s \"%s\" is not a date (YYYY, YYYY-MM, YYYY-MM-DD, ~YYYY or "
		                "YYYY/YYYY)"),
		              "birth/@date", v);
	else if (!wl_entry_add_birth_date(&r->e, v))
		rc = dw_oom(r, d);
	if (rc == DIAG_OK)
		rc = xml_reader_expect_empty(r->x, "birth", d);
	xml_attrs_clear(&a);
	return rc;
}

static enum diag_status
dw_country(struct dread *r, long line, const char *where, const char *v, struct diag *d)
{
	if (ref_country_valid(v))
		return DIAG_OK;
	return diag_set(d, DIAG_DATA, r->file, line,
	                _("%s \"%s\" is not a known ISO 3166-1 alpha-2 country code"), where, v);
}

static enum diag_status
dw_ident(struct dread *r, struct diag *d)
{
	static const char *const attrs[] = {"type", "number", "country", "note", NULL};
	struct xml_attrs a;
	long line = xml_reader_line(r->x);
	const char *type, *number, *country, *note;
	char set[256];
	enum diag_status rc;

	if ((rc = xml_reader_attrs(r->x, "ident", attrs, true, &a, d)) != DIAG_OK)
		return rc;
	type = xml_attrs_get(&a, "type");
	number = xml_attrs_get(&a, "number");
	country = xml_attrs_get(&a, "country");
	note = xml_attrs_get(&a, "note");
	if (type == NULL) {
		rc = diag_set(d, DIAG_DATA, r->file, line, _("%s/@%s is missing"), "ident", "type");
	} else if (!dw_in(type, dw_ident_types)) {
		dw_list(dw_ident_types, set, sizeof set);
		rc = diag_set(d, DIAG_DATA, r->file, line, _("%s \"%s\" is not one of: %s"),
		              "ident/@type", type, set);
	} else if (number == NULL) {
		rc = diag_set(d, DIAG_DATA, r->file, line, _("%s/@%s is missing"), "ident",
		              "number");
	} else if ((rc = dw_text(r, line, "ident/@number", number, 64, d)) != DIAG_OK) {
		;
	} else if (strcmp(type, "imo") == 0 && !dw_imo(number)) {
		rc = diag_set(d, DIAG_DATA, r->file, line,
		              _("%s \"%s\" is not an IMO number (7 digits, the last a check "
		                "digit)"),
		              "ident/@number", number);
	} else if (country != NULL &&
	           (rc = dw_country(r, line, "ident/@country", country, d)) != DIAG_OK) {
		;
	} else if (note != NULL && (rc = dw_text(r, line, "ident/@note", note, 256, d))) {
		;
	} else if (!wl_entry_add_ident(&r->e, type, number, country, note)) {
		rc = dw_oom(r, d);
	}
	if (rc == DIAG_OK)
		rc = xml_reader_expect_empty(r->x, "ident", d);
	xml_attrs_clear(&a);
	return rc;
}

static bool
dw_has_ident(const struct wl_entry *e, const char *const *types)
{
	for (size_t i = 0; i < e->n_idents; i++)
		if (dw_in(e->idents[i].type, types))
			return true;
	return false;
}

static enum diag_status
dw_entry(struct dread *r, struct diag *d)
{
	static const char *const attrs[] = {"ref", "kind", "listed", "until", NULL};
	static const char *const vehicle_ids[] = {"plate", "vin", NULL};
	static const char *const document_ids[] = {"passport",         "id-card", "national-id",
	                                           "residence-permit", "visa",    NULL};
	struct xml_attrs a;
	struct xml_children c;
	long line = xml_reader_line(r->x);
	const char *ref, *kind, *listed, *until;
	char set[128];
	int last = -1;
	enum diag_status rc;

	wl_entry_clear(&r->e);
	if ((rc = xml_reader_attrs(r->x, "entry", attrs, true, &a, d)) != DIAG_OK)
		return rc;
	ref = xml_attrs_get(&a, "ref");
	kind = xml_attrs_get(&a, "kind");
	listed = xml_attrs_get(&a, "listed");
	until = xml_attrs_get(&a, "until");
	if (ref == NULL) {
		rc = diag_set(d, DIAG_DATA, r->file, line, _("%s/@%s is missing"), "entry", "ref");
		goto out;
	}
	if ((rc = dw_text(r, line, "entry/@ref", ref, 64, d)) != DIAG_OK)
		goto out;
	if (kind == NULL || !wl_kind_parse(kind, &r->e.kind)) {
		dw_list(dw_kinds, set, sizeof set);
		rc = kind == NULL
		         ? diag_set(d, DIAG_DATA, r->file, line, _("%s/@%s is missing"), "entry",
		                    "kind")
		         : diag_set(d, DIAG_DATA, r->file, line, _("%s \"%s\" is not one of: %s"),
		                    "entry/@kind", kind, set);
		goto out;
	}
	if (listed != NULL && !wl_iso_date(listed)) {
		rc = diag_set(d, DIAG_DATA, r->file, line,
		              _("%s \"%s\" is not a date (YYYY-MM-DD)"), "entry/@listed", listed);
		goto out;
	}
	if (until != NULL && !wl_iso_date(until)) {
		rc = diag_set(d, DIAG_DATA, r->file, line,
		              _("%s \"%s\" is not a date (YYYY-MM-DD)"), "entry/@until", until);
		goto out;
	}
	if (listed != NULL && until != NULL && strcmp(until, listed) < 0) {
		rc = diag_set(d, DIAG_DATA, r->file, line,
		              _("entry \"%s\" is valid until %s, before it was listed (%s)"), ref,
		              until, listed);
		goto out;
	}
	if ((r->e.ref = strdup(ref)) == NULL || (listed && !(r->e.listed_on = strdup(listed))) ||
	    (until && !(r->e.valid_until = strdup(until)))) {
		rc = dw_oom(r, d);
		goto out;
	}

	xml_children_begin(r->x, &c, "entry");
	for (;;) {
		bool more;
		size_t which = 0;
		char *v = NULL;
		bool ok = true;

		if ((rc = xml_children_next(r->x, &c, &more, d)) != DIAG_OK)
			goto out;
		if (!more)
			break;
		if ((rc = dw_which(r, "entry", 0, DW_N_KIDS, &last, &which, d)) != DIAG_OK)
			goto out;
		switch (which) {
		case 0:
			rc = dw_name(r, d);
			break;
		case 1:
			rc = dw_birth_el(r, d);
			break;
		case 2:
			if ((rc = dw_text_el(r, "birthplace", 256, &v, d)) == DIAG_OK)
				ok = wl_entry_add_birth_place(&r->e, v);
			break;
		case 3: {
			long l = xml_reader_line(r->x);

			if ((rc = dw_text_el(r, "nationality", 2, &v, d)) == DIAG_OK &&
			    (rc = dw_country(r, l, "entry/nationality", v, d)) == DIAG_OK)
				ok = wl_entry_add_nationality(&r->e, v);
			break;
		}
		case 4:
			rc = dw_ident(r, d);
			break;
		case 5:
			if ((rc = dw_text_el(r, "address", 512, &v, d)) == DIAG_OK)
				ok = wl_entry_add_address(&r->e, v);
			break;
		case 6:
			rc = dw_text_el(r, "programme", 128, &r->e.programme, d);
			break;
		case 7:
			rc = dw_text_el(r, "reason", 1024, &r->e.reason, d);
			break;
		default:
			rc = dw_text_el(r, "remarks", 4096, &r->e.remarks, d);
			break;
		}
		free(v);
		if (rc == DIAG_OK && !ok)
			rc = dw_oom(r, d);
		if (rc != DIAG_OK)
			goto out;
	}

	if (r->e.kind == WL_VEHICLE && !dw_has_ident(&r->e, vehicle_ids)) {
		rc = diag_set(d, DIAG_DATA, r->file, line,
		              _("vehicle entry \"%s\" has no ident of type plate or vin"), ref);
		goto out;
	}
	if (r->e.kind == WL_DOCUMENT && !dw_has_ident(&r->e, document_ids)) {
		rc = diag_set(d, DIAG_DATA, r->file, line,
		              _("document entry \"%s\" has no identity document ident"), ref);
		goto out;
	}
	/* Vehicles and documents are known by their number; it is their
	 * name when the list gives none, so screening finds them.  */
	if (r->e.n_names == 0 && (r->e.kind == WL_VEHICLE || r->e.kind == WL_DOCUMENT)) {
		if (!wl_entry_add_name(&r->e, r->e.idents[0].number, "primary", false)) {
			rc = dw_oom(r, d);
			goto out;
		}
	}
	if (r->e.n_names == 0) {
		rc = diag_set(d, DIAG_DATA, r->file, line, _("%s is missing"), "entry/name");
		goto out;
	}
	rc = r->k->entry(r->k->ctx, &r->e, line, d);
out:
	xml_attrs_clear(&a);
	wl_entry_clear(&r->e);
	return rc;
}

enum diag_status
wl_douane_read(struct xml_reader *x, const struct wl_sink *k, struct diag *d)
{
	static const char *const attrs[] = {"source",    "name",    "publisher",
	                                    "published", "version", NULL};
	static const char *const reserved[] = {WL_SOURCE_UN, WL_SOURCE_OFAC_SDN,
	                                       WL_SOURCE_OFAC_CONS, NULL};
	struct dread r = {.x = x, .file = x->file, .k = k};
	struct xml_attrs a;
	struct xml_children c;
	struct wl_list list;
	long line = xml_reader_line(x);
	const char *source, *name, *published, *publisher, *version;
	enum diag_status rc;

	wl_list_init(&list);
	wl_entry_init(&r.e, WL_PERSON);
	if ((rc = xml_reader_attrs(x, "watchlist", attrs, true, &a, d)) != DIAG_OK)
		return rc;
	source = xml_attrs_get(&a, "source");
	name = xml_attrs_get(&a, "name");
	publisher = xml_attrs_get(&a, "publisher");
	published = xml_attrs_get(&a, "published");
	version = xml_attrs_get(&a, "version");
	if (source == NULL || name == NULL || published == NULL) {
		rc = diag_set(d, DIAG_DATA, x->file, line, _("%s/@%s is missing"), "watchlist",
		              source == NULL ? "source"
		              : name == NULL ? "name"
		                             : "published");
		goto out;
	}
	if (!dw_source(source)) {
		rc = diag_set(d, DIAG_DATA, x->file, line,
		              _("%s \"%s\" is not a source key (1 to 32 capital letters, digits "
		                "and '-')"),
		              "watchlist/@source", source);
		goto out;
	}
	if (dw_in(source, reserved)) {
		rc = diag_set(d, DIAG_DATA, x->file, line,
		              /* L10N: %s is a list source such as "UN-SC".  */
		              _("watchlist/@source \"%s\" is the source of a published sanctions "
		                "list; a national list needs a key of its own"),
		              source);
		goto out;
	}
	if (!wl_iso_date(published)) {
		rc =
		    diag_set(d, DIAG_DATA, x->file, line, _("%s \"%s\" is not a date (YYYY-MM-DD)"),
		             "watchlist/@published", published);
		goto out;
	}
	if ((rc = dw_text(&r, line, "watchlist/@name", name, 256, d)) != DIAG_OK ||
	    (publisher && (rc = dw_text(&r, line, "watchlist/@publisher", publisher, 256, d))) ||
	    (version && (rc = dw_text(&r, line, "watchlist/@version", version, 64, d))))
		goto out;
	if (!(list.source = strdup(source)) || !(list.name = strdup(name)) ||
	    !(list.published = strdup(published)) || !(list.format = strdup(WL_FORMAT_DOUANE)) ||
	    (publisher && !(list.publisher = strdup(publisher))) ||
	    (version && !(list.version = strdup(version)))) {
		rc = dw_oom(&r, d);
		goto out;
	}
	if ((rc = k->list(k->ctx, &list, line, d)) != DIAG_OK)
		goto out;

	xml_children_begin(x, &c, "watchlist");
	for (;;) {
		bool more;
		const char *ns;

		if ((rc = xml_children_next(x, &c, &more, d)) != DIAG_OK)
			goto out;
		if (!more)
			break;
		ns = xml_reader_namespace(x);
		if (ns == NULL || strcmp(ns, WATCHLIST_DOUANE_NS) != 0 ||
		    strcmp(xml_reader_name(x), "entry") != 0) {
			rc = diag_set(d, DIAG_DATA, x->file, xml_reader_line(x),
			              _("unknown element <%s> in <%s>"), xml_reader_name(x),
			              "watchlist");
			goto out;
		}
		if ((rc = dw_entry(&r, d)) != DIAG_OK)
			goto out;
	}
	for (;;) {
		bool more;

		if ((rc = xml_reader_next(x, &more, d)) != DIAG_OK || !more)
			break;
	}
out:
	xml_attrs_clear(&a);
	wl_list_clear(&list);
	wl_entry_clear(&r.e);
	return rc;
}
