/* watchlist_ofac_xml: the reader of OFAC's lists in the sdnList XML schema.
 *
 * OFAC (US Treasury) publishes the SDN list (sdn.xml) and the consolidated
 * non-SDN list (consolidated.xml) in one schema: root <sdnList> (namespace
 * https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/
 * exports/XML today, http://tempuri.org/sdnList.xsd in older files; any is
 * accepted), <publshInformation> (sic) with Publish_Date (MM/DD/YYYY) and
 * Record_Count, then one <sdnEntry> per listing.  The file does not say
 * which of the two lists it is; the importer decides and passes SOURCE.
 *
 * An sdnEntry maps to struct wl_entry as follows (doc/formats.md):
 *
 *   uid                       ref "OFAC-<uid>"
 *   firstName, lastName       primary name "firstName lastName", as
 *                             published (entities have only lastName)
 *   sdnType                   kind: Individual person, Entity company,
 *                             Vessel vessel, Aircraft aircraft
 *   programList/program       programme, joined "SDGT; IRAN"
 *   akaList/aka               names, type a.k.a. "aka", f.k.a. "fka",
 *                             n.k.a. "nka"; category "weak" is weak
 *   idList/id                 idents (Passport passport, IMO imo, national
 *                             ids, tax ids, registration numbers, MMSI,
 *                             call signs); directives, web sites, e-mail
 *                             and currency addresses are not identifiers
 *                             of a person or a thing at a border and are
 *                             left out (they stay in OFAC's file)
 *   dateOfBirthList           birth dates, OFAC's words turned into
 *                             "1948-12-10", "~1960", "1960/1965"
 *   placeOfBirthList          birth places
 *   nationalityList,
 *   citizenshipList           nationalities (ISO codes where known)
 *   addressList/address       addresses, the parts joined by ", "
 *   vesselInfo                call sign ident, flag as nationality,
 *                             type, tonnage and owner in remarks
 *   remarks, title            remarks
 *
 * Like the UN reader, this one is lenient about structure (unknown
 * elements are skipped) and strict about XML.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "formats/watchlist.h"
#include "i18n.h"

struct oread {
	struct xml_reader *x;
	const char *file;
	const struct wl_sink *k;
	struct wl_list list;
	bool list_sent;
	struct wl_entry e;
};

static enum diag_status
of_oom(struct oread *o, struct diag *d)
{
	return wl_oom(o->file, xml_reader_line(o->x), d);
}

/* Read the children of the current element EL: the text of child
 * NAMES[i] into VALS[i]; others skipped.  VALS start NULL.  */
static enum diag_status
of_fields(struct oread *o, const char *el, const char *const *names, char **vals, size_t n,
          struct diag *d)
{
	struct xml_children c;
	enum diag_status rc;

	xml_children_begin(o->x, &c, el);
	for (;;) {
		bool more;
		size_t i;
		char *v = NULL;

		if ((rc = xml_children_next(o->x, &c, &more, d)) != DIAG_OK)
			return rc;
		if (!more)
			return DIAG_OK;
		for (i = 0; i < n; i++)
			if (strcmp(xml_reader_name(o->x), names[i]) == 0)
				break;
		if (i == n) {
			if ((rc = wl_xml_skip(o->x, d)) != DIAG_OK)
				return rc;
			continue;
		}
		if ((rc = xml_reader_text(o->x, names[i], &v, d)) != DIAG_OK)
			return rc;
		if (*v == '\0') {
			free(v);
			continue;
		}
		free(vals[i]);
		vals[i] = v;
	}
}

static void
of_free(char **vals, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(vals[i]);
		vals[i] = NULL;
	}
}

/* A list element (akaList, idList, ...): call ITEM for each child named
 * CHILD; skip others.  */
static enum diag_status
of_list(struct oread *o, const char *el, const char *child,
        enum diag_status (*item)(struct oread *, struct diag *), struct diag *d)
{
	struct xml_children c;
	enum diag_status rc;

	xml_children_begin(o->x, &c, el);
	for (;;) {
		bool more;

		if ((rc = xml_children_next(o->x, &c, &more, d)) != DIAG_OK)
			return rc;
		if (!more)
			return DIAG_OK;
		if (strcmp(xml_reader_name(o->x), child) == 0)
			rc = item(o, d);
		else
			rc = wl_xml_skip(o->x, d);
		if (rc != DIAG_OK)
			return rc;
	}
}

static enum diag_status
of_aka(struct oread *o, struct diag *d)
{
	static const char *const names[] = {"type", "category", "firstName", "lastName"};
	char *v[4] = {NULL};
	char *name = NULL;
	const char *type = "aka";
	enum diag_status rc;

	if ((rc = of_fields(o, "aka", names, v, 4, d)) != DIAG_OK)
		goto out;
	if (v[0] && strcmp(v[0], "f.k.a.") == 0)
		type = "fka";
	else if (v[0] && strcmp(v[0], "n.k.a.") == 0)
		type = "nka";
	if (!wl_append(&name, " ", v[2]) || !wl_append(&name, " ", v[3]) ||
	    !wl_entry_add_name(&o->e, name, type, v[1] && strcmp(v[1], "weak") == 0))
		rc = of_oom(o, d);
out:
	free(name);
	of_free(v, 4);
	return rc;
}

/* OFAC's idType to douane's ident type; NULL for what is not an
 * identifier douane keeps.  */
static const char *
of_id_type(const char *t, const char *number, const char **num_out)
{
	static const struct {
		const char *ofac, *douane;
	} map[] = {
	    {"Passport", "passport"},
	    {"National ID No.", "national-id"},
	    {"Cedula No.", "national-id"},
	    {"Identification Number", "national-id"},
	    {"Personal ID Card", "national-id"},
	    {"D.N.I.", "national-id"},
	    {"C.U.R.P.", "national-id"},
	    {"SSN", "national-id"},
	    {"Tax ID No.", "tax-id"},
	    {"NIT #", "tax-id"},
	    {"RFC", "tax-id"},
	    {"V.A.T. Number", "tax-id"},
	    {"Unified Social Credit Code (USCC)", "tax-id"},
	    {"Registration ID", "registration"},
	    {"Registration Number", "registration"},
	    {"Public Registration Number", "registration"},
	    {"Business Registration Number", "registration"},
	    {"Company Number", "registration"},
	    {"C.R. No.", "registration"},
	    {"Commercial Registry Number", "registration"},
	    {"Legal Entity Number", "registration"},
	    {"Driver's License No.", "driving-licence"},
	    {"MMSI", "mmsi"},
	    {"Aircraft Manufacturer's Serial Number (MSN)", "aircraft-msn"},
	    {"Aircraft Tail Number", "aircraft-tail"},
	    {"Vessel Registration Identification", "imo"},
	    {"SWIFT/BIC", "swift-bic"},
	};

	*num_out = number;
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(t, map[i].ofac) == 0) {
			if (strcmp(map[i].douane, "imo") == 0) {
				if (strncmp(number, "IMO ", 4) != 0)
					return "vessel-registration";
				*num_out = number + 4;
			}
			return map[i].douane;
		}
	return NULL;
}

static enum diag_status
of_id(struct oread *o, struct diag *d)
{
	static const char *const names[] = {"idType", "idNumber", "idCountry"};
	char *v[3] = {NULL};
	const char *type, *number, *country;
	enum diag_status rc;
	bool ok = true;

	if ((rc = of_fields(o, "id", names, v, 3, d)) != DIAG_OK)
		goto out;
	if (v[0] == NULL || v[1] == NULL)
		goto out;
	if (strcmp(v[0], "Nationality of Registration") == 0) {
		ok = wl_add_country(&o->e, v[1]);
	} else if ((type = of_id_type(v[0], v[1], &number)) != NULL) {
		country = wl_country_code(v[2]);
		ok =
		    wl_entry_add_ident(&o->e, type, number, country, country == NULL ? v[2] : NULL);
	}
	if (!ok)
		rc = of_oom(o, d);
out:
	of_free(v, 3);
	return rc;
}

static enum diag_status
of_birth_date(struct oread *o, struct diag *d)
{
	static const char *const names[] = {"dateOfBirth"};
	char *v[1] = {NULL};
	char buf[96];
	enum diag_status rc;

	if ((rc = of_fields(o, "dateOfBirthItem", names, v, 1, d)) == DIAG_OK && v[0] != NULL) {
		wl_ofac_date(v[0], buf, sizeof buf);
		if (!wl_entry_add_birth_date(&o->e, buf))
			rc = of_oom(o, d);
	}
	of_free(v, 1);
	return rc;
}

static enum diag_status
of_birth_place(struct oread *o, struct diag *d)
{
	static const char *const names[] = {"placeOfBirth"};
	char *v[1] = {NULL};
	enum diag_status rc;

	if ((rc = of_fields(o, "placeOfBirthItem", names, v, 1, d)) == DIAG_OK &&
	    !wl_entry_add_birth_place(&o->e, v[0]))
		rc = of_oom(o, d);
	of_free(v, 1);
	return rc;
}

static enum diag_status
of_country_item(struct oread *o, const char *el, struct diag *d)
{
	static const char *const names[] = {"country"};
	char *v[1] = {NULL};
	enum diag_status rc;

	if ((rc = of_fields(o, el, names, v, 1, d)) == DIAG_OK && !wl_add_country(&o->e, v[0]))
		rc = of_oom(o, d);
	of_free(v, 1);
	return rc;
}

static enum diag_status
of_nationality(struct oread *o, struct diag *d)
{
	return of_country_item(o, "nationality", d);
}

static enum diag_status
of_citizenship(struct oread *o, struct diag *d)
{
	return of_country_item(o, "citizenship", d);
}

static enum diag_status
of_address(struct oread *o, struct diag *d)
{
	static const char *const names[] = {"address1",        "address2",   "address3", "city",
	                                    "stateOrProvince", "postalCode", "country"};
	char *v[7] = {NULL};
	char *a = NULL;
	bool ok = true;
	enum diag_status rc;

	if ((rc = of_fields(o, "address", names, v, 7, d)) != DIAG_OK)
		goto out;
	for (int i = 0; i < 7; i++)
		ok = ok && wl_append(&a, ", ", v[i]);
	if (!ok || !wl_entry_add_address(&o->e, a))
		rc = of_oom(o, d);
out:
	free(a);
	of_free(v, 7);
	return rc;
}

static enum diag_status
of_program(struct oread *o, struct diag *d)
{
	char *v = NULL;
	enum diag_status rc;

	if ((rc = xml_reader_text(o->x, "program", &v, d)) != DIAG_OK)
		return rc;
	if (!wl_append(&o->e.programme, "; ", v))
		rc = of_oom(o, d);
	free(v);
	return rc;
}

static enum diag_status
of_vessel(struct oread *o, struct diag *d)
{
	static const char *const names[] = {"callSign",    "vesselType", "vesselFlag",
	                                    "vesselOwner", "tonnage",    "grossRegisteredTonnage"};
	static const char *const labels[] = {NULL,     "Vessel type ", NULL,
	                                     "Owner ", "Tonnage ",     "GRT "};
	char *v[6] = {NULL};
	bool ok = true;
	enum diag_status rc;

	if ((rc = of_fields(o, "vesselInfo", names, v, 6, d)) != DIAG_OK)
		goto out;
	ok =
	    wl_entry_add_ident(&o->e, "call-sign", v[0], NULL, NULL) && wl_add_country(&o->e, v[2]);
	for (int i = 1; ok && i < 6; i++)
		if (labels[i] != NULL && v[i] != NULL)
			ok = wl_append(&o->e.remarks, "; ", labels[i]) &&
			     wl_append(&o->e.remarks, "", v[i]);
	if (!ok)
		rc = of_oom(o, d);
out:
	of_free(v, 6);
	return rc;
}

static enum diag_status
of_send_list(struct oread *o, long line, struct diag *d)
{
	if (o->list_sent)
		return DIAG_OK;
	o->list_sent = true;
	return o->k->list(o->k->ctx, &o->list, line, d);
}

static enum diag_status
of_entry(struct oread *o, long line, struct diag *d)
{
	char *first = NULL, *last = NULL, *type = NULL, *uid = NULL, *remarks = NULL;
	char *title = NULL, *name = NULL;
	struct xml_children c;
	enum diag_status rc;
	bool ok = true;

	wl_entry_clear(&o->e);
	xml_children_begin(o->x, &c, "sdnEntry");
	for (;;) {
		bool more;
		const char *n;
		char **dst = NULL;

		if ((rc = xml_children_next(o->x, &c, &more, d)) != DIAG_OK)
			goto out;
		if (!more)
			break;
		n = xml_reader_name(o->x);
		if (strcmp(n, "uid") == 0)
			dst = &uid;
		else if (strcmp(n, "firstName") == 0)
			dst = &first;
		else if (strcmp(n, "lastName") == 0)
			dst = &last;
		else if (strcmp(n, "sdnType") == 0)
			dst = &type;
		else if (strcmp(n, "remarks") == 0)
			dst = &remarks;
		else if (strcmp(n, "title") == 0)
			dst = &title;
		if (dst != NULL) {
			free(*dst);
			*dst = NULL;
			rc = xml_reader_text(o->x, n, dst, d);
		} else if (strcmp(n, "programList") == 0) {
			rc = of_list(o, n, "program", of_program, d);
		} else if (strcmp(n, "akaList") == 0) {
			rc = of_list(o, n, "aka", of_aka, d);
		} else if (strcmp(n, "idList") == 0) {
			rc = of_list(o, n, "id", of_id, d);
		} else if (strcmp(n, "dateOfBirthList") == 0) {
			rc = of_list(o, n, "dateOfBirthItem", of_birth_date, d);
		} else if (strcmp(n, "placeOfBirthList") == 0) {
			rc = of_list(o, n, "placeOfBirthItem", of_birth_place, d);
		} else if (strcmp(n, "nationalityList") == 0) {
			rc = of_list(o, n, "nationality", of_nationality, d);
		} else if (strcmp(n, "citizenshipList") == 0) {
			rc = of_list(o, n, "citizenship", of_citizenship, d);
		} else if (strcmp(n, "addressList") == 0) {
			rc = of_list(o, n, "address", of_address, d);
		} else if (strcmp(n, "vesselInfo") == 0) {
			rc = of_vessel(o, d);
		} else {
			rc = wl_xml_skip(o->x, d);
		}
		if (rc != DIAG_OK)
			goto out;
	}
	if (type == NULL || strcmp(type, "Entity") == 0 || *type == '\0')
		o->e.kind = WL_COMPANY;
	else if (strcmp(type, "Individual") == 0)
		o->e.kind = WL_PERSON;
	else if (strcmp(type, "Vessel") == 0)
		o->e.kind = WL_VESSEL;
	else if (strcmp(type, "Aircraft") == 0)
		o->e.kind = WL_AIRCRAFT;
	else {
		/* L10N: %s is the value of <sdnType>.  */
		rc = diag_set(d, DIAG_DATA, o->file, line,
		              _("sdnEntry/sdnType \"%s\" is not one of: %s"), type,
		              "Individual, Entity, Vessel, Aircraft");
		goto out;
	}
	if (uid != NULL && *uid) {
		size_t n = strlen(uid) + 6;

		if ((o->e.ref = malloc(n)) == NULL) {
			rc = of_oom(o, d);
			goto out;
		}
		snprintf(o->e.ref, n, "OFAC-%s", uid);
	}
	/* Names: the primary first, before the aliases already read.  */
	ok = wl_append(&name, " ", first) && wl_append(&name, " ", last);
	if (ok && name != NULL) {
		struct wl_entry tmp;

		wl_entry_init(&tmp, o->e.kind);
		ok = wl_entry_add_name(&tmp, name, "primary", false);
		for (size_t j = 0; ok && j < o->e.n_names; j++)
			ok = wl_entry_add_name(&tmp, o->e.names[j].name, o->e.names[j].type,
			                       o->e.names[j].weak);
		for (size_t j = 0; j < o->e.n_names; j++) {
			free(o->e.names[j].name);
			free(o->e.names[j].type);
		}
		free(o->e.names);
		o->e.names = tmp.names;
		o->e.n_names = tmp.n_names;
	}
	if (ok && title != NULL && (remarks == NULL || strstr(remarks, title) == NULL)) {
		char *r = NULL;

		ok = wl_append(&r, "", title) && wl_append(&r, "; ", remarks);
		free(remarks);
		remarks = r;
	}
	if (ok && remarks != NULL && *remarks) {
		char *r = remarks;

		remarks = NULL;
		ok = wl_append(&r, "; ", o->e.remarks);
		free(o->e.remarks);
		o->e.remarks = r;
	}
	if (!ok) {
		rc = of_oom(o, d);
		goto out;
	}
	if ((rc = of_send_list(o, line, d)) != DIAG_OK)
		goto out;
	if (name == NULL) {
		char reason[160];

		snprintf(reason, sizeof reason, _("record %s has no name"),
		         o->e.ref ? o->e.ref : "?");
		if (o->k->skip)
			o->k->skip(o->k->ctx, line, reason);
	} else {
		rc = o->k->entry(o->k->ctx, &o->e, line, d);
	}
out:
	free(first);
	free(last);
	free(type);
	free(uid);
	free(remarks);
	free(title);
	free(name);
	wl_entry_clear(&o->e);
	return rc;
}

static enum diag_status
of_publish_info(struct oread *o, struct diag *d)
{
	static const char *const names[] = {"Publish_Date", "Record_Count"};
	char *v[2] = {NULL};
	char iso[11];
	long line = xml_reader_line(o->x);
	enum diag_status rc;

	if ((rc = of_fields(o, "publshInformation", names, v, 2, d)) != DIAG_OK)
		goto out;
	if (v[0] != NULL) {
		if (!wl_us_date(v[0], iso)) {
			rc = diag_set(d, DIAG_DATA, o->file, line,
			              _("%s \"%s\" is not a date (MM/DD/YYYY)"),
			              "publshInformation/Publish_Date", v[0]);
			goto out;
		}
		free(o->list.published);
		if ((o->list.published = strdup(iso)) == NULL) {
			rc = of_oom(o, d);
			goto out;
		}
	}
	if (v[1] != NULL) {
		free(o->list.version);
		o->list.version = v[1];
		v[1] = NULL;
	}
out:
	of_free(v, 2);
	return rc;
}

enum diag_status
wl_ofac_xml_read(struct xml_reader *x, const char *source, const struct wl_sink *k, struct diag *d)
{
	struct oread o = {.x = x, .file = x->file, .k = k};
	struct xml_children c;
	long line = xml_reader_line(x);
	bool cons = source != NULL && strcmp(source, WL_SOURCE_OFAC_CONS) == 0;
	enum diag_status rc;

	wl_list_init(&o.list);
	wl_entry_init(&o.e, WL_COMPANY);
	o.list.source = strdup(source ? source : WL_SOURCE_OFAC_SDN);
	o.list.name = strdup(cons ? "OFAC Consolidated Sanctions List (non-SDN)"
	                          : "OFAC Specially Designated Nationals and Blocked Persons List");
	o.list.publisher = strdup("U.S. Treasury, Office of Foreign Assets Control");
	o.list.format = strdup(WL_FORMAT_OFAC_XML);
	if (!o.list.source || !o.list.name || !o.list.publisher || !o.list.format) {
		rc = of_oom(&o, d);
		goto out;
	}
	xml_children_begin(x, &c, "sdnList");
	for (;;) {
		bool more;
		const char *n;

		if ((rc = xml_children_next(x, &c, &more, d)) != DIAG_OK)
			goto out;
		if (!more)
			break;
		n = xml_reader_name(x);
		if (strcmp(n, "publshInformation") == 0 && !o.list_sent)
			rc = of_publish_info(&o, d);
		else if (strcmp(n, "sdnEntry") == 0)
			rc = of_entry(&o, xml_reader_line(x), d);
		else
			rc = wl_xml_skip(x, d);
		if (rc != DIAG_OK)
			goto out;
	}
	if ((rc = of_send_list(&o, line, d)) != DIAG_OK)
		goto out;
	for (;;) {
		bool more;

		if ((rc = xml_reader_next(x, &more, d)) != DIAG_OK || !more)
			break;
	}
out:
	wl_list_clear(&o.list);
	wl_entry_clear(&o.e);
	return rc;
}
