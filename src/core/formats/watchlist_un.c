/* watchlist_un: the reader of the UN Security Council Consolidated List.
 *
 * The list is published by the UN as XML with no namespace, root
 * <CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z">, holding
 * <INDIVIDUALS><INDIVIDUAL>... and <ENTITIES><ENTITY>....  Each record is a
 * flat run of elements; the ones douane uses are mapped to struct wl_entry
 * as follows (doc/formats.md has the full table):
 *
 *   FIRST_NAME .. FOURTH_NAME    the primary name, the parts joined by spaces
 *   NAME_ORIGINAL_SCRIPT         a name of type "original-script"
 *   *_ALIAS QUALITY/ALIAS_NAME   names: "Good", "a.k.a." and no quality are
 *                                strong "aka"; "Low" is a weak "aka";
 *                                "f.k.a." is a strong "fka"
 *   INDIVIDUAL_DATE_OF_BIRTH     EXACT: DATE or YEAR as they are;
 *                                APPROXIMATELY: "~YEAR"; BETWEEN: "FROM/TO"
 *   INDIVIDUAL_PLACE_OF_BIRTH    "CITY, STATE_PROVINCE, COUNTRY"
 *   NATIONALITY/VALUE            ISO code where the name is known
 *   INDIVIDUAL_DOCUMENT          idents: passports, national ids, others
 *   *_ADDRESS                    "STREET, CITY, STATE_PROVINCE, ZIP, COUNTRY"
 *   REFERENCE_NUMBER             ref ("QDi.430")
 *   UN_LIST_TYPE                 programme ("Al-Qaida", "DPRK")
 *   COMMENTS1                    reason
 *   TITLE, DESIGNATION           remarks
 *   LISTED_ON                    listed_on
 *
 * The format is not ours and it changes now and then, so the reader is
 * lenient about structure: elements it does not know are skipped whole,
 * and empty elements (the UN writes many, <QUALITY/>) count as absent.
 * What it does not forgive is what the safe XML reader refuses: malformed
 * or truncated XML, entities, DTDs, text where only elements may be.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "formats/watchlist.h"
#include "i18n.h"

struct unread {
	struct xml_reader *x;
	const char *file;
	const struct wl_sink *k;
	struct wl_entry e;
};

static enum diag_status
un_oom(struct unread *u, struct diag *d)
{
	return wl_oom(u->file, xml_reader_line(u->x), d);
}

/* Read the children of the current element EL as text fields: the text of
 * child NAMES[i] into VALS[i] (repeated children joined by "; ");
 * children not in NAMES are skipped.  VALS must be NULL on entry; the
 * caller frees them.  */
static enum diag_status
un_fields(struct unread *u, const char *el, const char *const *names, char **vals, size_t n,
          struct diag *d)
{
	struct xml_children c;
	enum diag_status rc;

	xml_children_begin(u->x, &c, el);
	for (;;) {
		bool more;
		size_t i;
		char *v = NULL;

		if ((rc = xml_children_next(u->x, &c, &more, d)) != DIAG_OK)
			return rc;
		if (!more)
			return DIAG_OK;
		for (i = 0; i < n; i++)
			if (strcmp(xml_reader_name(u->x), names[i]) == 0)
				break;
		if (i == n) {
			if ((rc = wl_xml_skip(u->x, d)) != DIAG_OK)
				return rc;
			continue;
		}
		if ((rc = xml_reader_text(u->x, names[i], &v, d)) != DIAG_OK)
			return rc;
		if (!wl_append(&vals[i], "; ", v)) {
			free(v);
			return un_oom(u, d);
		}
		free(v);
	}
}

static void
un_free(char **vals, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(vals[i]);
		vals[i] = NULL;
	}
}

/* Join the non-empty VALS[i] for i in ORDER (ending with -1) with ", ".  */
static char *
un_join(char **vals, const int *order, bool *oom)
{
	char *out = NULL;

	for (; *order >= 0; order++)
		if (!wl_append(&out, ", ", vals[*order]))
			*oom = true;
	return out;
}

/* <X><VALUE>a</VALUE><VALUE>b</VALUE></X>: call ADD for each value.  */
static enum diag_status
un_values(struct unread *u, const char *el, bool (*add)(struct wl_entry *, const char *),
          char **joined, struct diag *d)
{
	struct xml_children c;
	enum diag_status rc;

	xml_children_begin(u->x, &c, el);
	for (;;) {
		bool more, ok = true;
		char *v = NULL;

		if ((rc = xml_children_next(u->x, &c, &more, d)) != DIAG_OK)
			return rc;
		if (!more)
			return DIAG_OK;
		if (strcmp(xml_reader_name(u->x), "VALUE") != 0) {
			if ((rc = wl_xml_skip(u->x, d)) != DIAG_OK)
				return rc;
			continue;
		}
		if ((rc = xml_reader_text(u->x, "VALUE", &v, d)) != DIAG_OK)
			return rc;
		if (add != NULL && *v)
			ok = add(&u->e, v);
		else if (joined != NULL)
			ok = wl_append(joined, ", ", v);
		free(v);
		if (!ok)
			return un_oom(u, d);
	}
}

static enum diag_status
un_alias(struct unread *u, const char *el, struct diag *d)
{
	static const char *const names[] = {"QUALITY", "ALIAS_NAME"};
	char *v[2] = {NULL, NULL};
	enum diag_status rc;
	const char *type = "aka";
	bool weak = false;

	if ((rc = un_fields(u, el, names, v, 2, d)) != DIAG_OK)
		goto out;
	if (v[0] != NULL && strcmp(v[0], "Low") == 0)
		weak = true;
	else if (v[0] != NULL && strcmp(v[0], "f.k.a.") == 0)
		type = "fka";
	if (v[1] != NULL && !wl_entry_add_name(&u->e, v[1], type, weak))
		rc = un_oom(u, d);
out:
	un_free(v, 2);
	return rc;
}

static enum diag_status
un_birth_date(struct unread *u, struct diag *d)
{
	static const char *const names[] = {"TYPE_OF_DATE", "DATE", "YEAR", "FROM_YEAR", "TO_YEAR"};
	char *v[5] = {NULL};
	char buf[64] = "";
	enum diag_status rc;

	if ((rc = un_fields(u, "INDIVIDUAL_DATE_OF_BIRTH", names, v, 5, d)) != DIAG_OK)
		goto out;
	if (v[3] != NULL && v[4] != NULL && *v[3] && *v[4])
		snprintf(buf, sizeof buf, "%s/%s", v[3], v[4]);
	else if (v[0] != NULL && strcmp(v[0], "APPROXIMATELY") == 0 && (v[2] || v[1]))
		snprintf(buf, sizeof buf, "~%s", v[2] ? v[2] : v[1]);
	else if (v[1] != NULL)
		snprintf(buf, sizeof buf, "%s", v[1]);
	else if (v[2] != NULL)
		snprintf(buf, sizeof buf, "%s", v[2]);
	if (buf[0] && !wl_entry_add_birth_date(&u->e, buf))
		rc = un_oom(u, d);
out:
	un_free(v, 5);
	return rc;
}

/* Places of birth and addresses: the parts joined, country last.  */
static enum diag_status
un_place(struct unread *u, const char *el, bool birth, struct diag *d)
{
	static const char *const names[] = {"STREET",   "CITY",    "STATE_PROVINCE",
	                                    "ZIP_CODE", "COUNTRY", "NOTE"};
	static const int order[] = {0, 1, 2, 3, 4, -1};
	char *v[6] = {NULL};
	char *place = NULL;
	bool oom = false;
	enum diag_status rc;

	if ((rc = un_fields(u, el, names, v, 6, d)) != DIAG_OK)
		goto out;
	place = un_join(v, order, &oom);
	if (!oom && place != NULL)
		oom = !(birth ? wl_entry_add_birth_place(&u->e, place)
		              : wl_entry_add_address(&u->e, place));
	if (oom)
		rc = un_oom(u, d);
out:
	free(place);
	un_free(v, 6);
	return rc;
}

/* Case-insensitive strstr for ASCII.  */
static bool
un_contains(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; s && *s; s++)
		if (strncasecmp(s, word, n) == 0)
			return true;
	return false;
}

static enum diag_status
un_document(struct unread *u, struct diag *d)
{
	static const char *const names[] = {
	    "TYPE_OF_DOCUMENT", "TYPE_OF_DOCUMENT2", "NUMBER",        "ISSUING_COUNTRY",
	    "COUNTRY_OF_ISSUE", "CITY_OF_ISSUE",     "DATE_OF_ISSUE", "NOTE"};
	char *v[8] = {NULL};
	char *note = NULL;
	const char *type = "other", *country = NULL, *cname;
	bool ok = true;
	enum diag_status rc;

	if ((rc = un_fields(u, "INDIVIDUAL_DOCUMENT", names, v, 8, d)) != DIAG_OK)
		goto out;
	if (v[2] == NULL || *v[2] == '\0')
		goto out;
	if (un_contains(v[0], "passport") || un_contains(v[0], "pasaporte") ||
	    un_contains(v[0], "passeport"))
		type = "passport";
	else if (un_contains(v[0], "national identification") || un_contains(v[0], "identity card"))
		type = "national-id";
	cname = v[3] ? v[3] : v[4];
	country = wl_country_code(cname);
	if (type[0] == 'o')
		ok = ok && wl_append(&note, "; ", v[0]);
	ok = ok && wl_append(&note, "; ", v[1]);
	if (cname != NULL && country == NULL)
		ok = ok && wl_append(&note, "; ", cname);
	ok = ok && wl_append(&note, "; ", v[5]) && wl_append(&note, "; ", v[6]) &&
	     wl_append(&note, "; ", v[7]);
	if (!ok || !wl_entry_add_ident(&u->e, type, v[2], country, note))
		rc = un_oom(u, d);
out:
	free(note);
	un_free(v, 8);
	return rc;
}

/* Text child NAME of a record, into *DST (replacing it).  */
static enum diag_status
un_text(struct unread *u, const char *name, char **dst, struct diag *d)
{
	char *v = NULL;
	enum diag_status rc = xml_reader_text(u->x, name, &v, d);

	if (rc != DIAG_OK)
		return rc;
	if (*v == '\0') {
		free(v);
		return DIAG_OK;
	}
	free(*dst);
	*dst = v;
	return DIAG_OK;
}

/* One INDIVIDUAL or ENTITY.  */
static enum diag_status
un_record(struct unread *u, const char *el, enum wl_kind kind, long line, struct diag *d)
{
	static const char *const parts[] = {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME",
	                                    "FOURTH_NAME"};
	char *part[4] = {NULL};
	char *original = NULL, *titles = NULL, *designations = NULL, *name = NULL;
	struct xml_children c;
	enum diag_status rc;
	bool ok = true;

	wl_entry_clear(&u->e);
	u->e.kind = kind;
	xml_children_begin(u->x, &c, el);
	for (;;) {
		const char *n;
		bool more;
		size_t i;

		if ((rc = xml_children_next(u->x, &c, &more, d)) != DIAG_OK)
			goto out;
		if (!more)
			break;
		n = xml_reader_name(u->x);
		for (i = 0; i < 4; i++)
			if (strcmp(n, parts[i]) == 0)
				break;
		if (i < 4)
			rc = un_text(u, n, &part[i], d);
		else if (strcmp(n, "NAME_ORIGINAL_SCRIPT") == 0)
			rc = un_text(u, n, &original, d);
		else if (strcmp(n, "REFERENCE_NUMBER") == 0)
			rc = un_text(u, n, &u->e.ref, d);
		else if (strcmp(n, "UN_LIST_TYPE") == 0)
			rc = un_text(u, n, &u->e.programme, d);
		else if (strcmp(n, "LISTED_ON") == 0)
			rc = un_text(u, n, &u->e.listed_on, d);
		else if (strcmp(n, "COMMENTS1") == 0)
			rc = un_text(u, n, &u->e.reason, d);
		else if (strcmp(n, "NATIONALITY") == 0)
			rc = un_values(u, n, wl_add_country, NULL, d);
		else if (strcmp(n, "TITLE") == 0)
			rc = un_values(u, n, NULL, &titles, d);
		else if (strcmp(n, "DESIGNATION") == 0)
			rc = un_values(u, n, NULL, &designations, d);
		else if (strcmp(n, "INDIVIDUAL_ALIAS") == 0 || strcmp(n, "ENTITY_ALIAS") == 0)
			rc = un_alias(u, n, d);
		else if (strcmp(n, "INDIVIDUAL_DATE_OF_BIRTH") == 0)
			rc = un_birth_date(u, d);
		else if (strcmp(n, "INDIVIDUAL_PLACE_OF_BIRTH") == 0)
			rc = un_place(u, n, true, d);
		else if (strcmp(n, "INDIVIDUAL_ADDRESS") == 0 || strcmp(n, "ENTITY_ADDRESS") == 0)
			rc = un_place(u, n, false, d);
		else if (strcmp(n, "INDIVIDUAL_DOCUMENT") == 0)
			rc = un_document(u, d);
		else
			rc = wl_xml_skip(u->x, d);
		if (rc != DIAG_OK)
			goto out;
	}
	for (int i = 0; i < 4; i++)
		ok = ok && wl_append(&name, " ", part[i]);
	/* The primary name first, then the original script, then aliases
	 * (which came earlier in the file, so they are moved behind).  */
	if (ok && name != NULL) {
		struct wl_entry tmp;

		wl_entry_init(&tmp, kind);
		ok = wl_entry_add_name(&tmp, name, "primary", false) &&
		     (original == NULL ||
		      wl_entry_add_name(&tmp, original, "original-script", false));
		for (size_t j = 0; ok && j < u->e.n_names; j++)
			ok = wl_entry_add_name(&tmp, u->e.names[j].name, u->e.names[j].type,
			                       u->e.names[j].weak);
		for (size_t j = 0; j < u->e.n_names; j++) {
			free(u->e.names[j].name);
			free(u->e.names[j].type);
		}
		free(u->e.names);
		u->e.names = tmp.names;
		u->e.n_names = tmp.n_names;
	}
	if (ok && titles != NULL)
		ok = wl_append(&u->e.remarks, "; ", "Title: ") &&
		     wl_append(&u->e.remarks, "", titles);
	if (ok && designations != NULL)
		ok = wl_append(&u->e.remarks, "; ", "Designation: ") &&
		     wl_append(&u->e.remarks, "", designations);
	if (!ok) {
		rc = un_oom(u, d);
		goto out;
	}
	if (name == NULL) {
		char reason[160];

		/* L10N: %s is the UN reference number, such as "QDi.430".  */
		snprintf(reason, sizeof reason, _("record %s has no name"),
		         u->e.ref ? u->e.ref : "?");
		if (u->k->skip)
			u->k->skip(u->k->ctx, line, reason);
	} else {
		rc = u->k->entry(u->k->ctx, &u->e, line, d);
	}
out:
	for (int i = 0; i < 4; i++)
		free(part[i]);
	free(original);
	free(titles);
	free(designations);
	free(name);
	wl_entry_clear(&u->e);
	return rc;
}

/* INDIVIDUALS or ENTITIES.  */
static enum diag_status
un_group(struct unread *u, const char *el, const char *record, enum wl_kind kind, struct diag *d)
{
	struct xml_children c;
	enum diag_status rc;

	xml_children_begin(u->x, &c, el);
	for (;;) {
		bool more;

		if ((rc = xml_children_next(u->x, &c, &more, d)) != DIAG_OK)
			return rc;
		if (!more)
			return DIAG_OK;
		if (strcmp(xml_reader_name(u->x), record) == 0)
			rc = un_record(u, record, kind, xml_reader_line(u->x), d);
		else
			rc = wl_xml_skip(u->x, d);
		if (rc != DIAG_OK)
			return rc;
	}
}

enum diag_status
wl_un_read(struct xml_reader *x, const struct wl_sink *k, struct diag *d)
{
	static const char *const attrs[] = {"dateGenerated", NULL};
	struct unread u = {.x = x, .file = x->file, .k = k};
	struct xml_attrs a;
	struct xml_children c;
	struct wl_list list;
	const char *generated;
	long line = xml_reader_line(x);
	enum diag_status rc;

	wl_list_init(&list);
	wl_entry_init(&u.e, WL_PERSON);
	if ((rc = xml_reader_attrs(x, "CONSOLIDATED_LIST", attrs, false, &a, d)) != DIAG_OK)
		return rc;
	generated = xml_attrs_get(&a, "dateGenerated");
	if (generated == NULL || strlen(generated) < 10) {
		rc = diag_set(d, DIAG_DATA, x->file, line, _("%s/@%s is missing"),
		              "CONSOLIDATED_LIST", "dateGenerated");
		goto out;
	}
	list.published = strndup(generated, 10);
	if (list.published != NULL && !wl_iso_date(list.published)) {
		rc = diag_set(d, DIAG_DATA, x->file, line,
		              /* L10N: the attribute, then its value.  */
		              _("%s \"%s\" is not a date"), "CONSOLIDATED_LIST/@dateGenerated",
		              generated);
		goto out;
	}
	list.source = strdup(WL_SOURCE_UN);
	list.name = strdup("UN Security Council Consolidated List");
	list.publisher = strdup("United Nations Security Council");
	list.version = strdup(generated);
	list.format = strdup(WL_FORMAT_UN);
	if (!list.published || !list.source || !list.name || !list.publisher || !list.version ||
	    !list.format) {
		rc = un_oom(&u, d);
		goto out;
	}
	if ((rc = k->list(k->ctx, &list, line, d)) != DIAG_OK)
		goto out;

	xml_children_begin(x, &c, "CONSOLIDATED_LIST");
	for (;;) {
		bool more;
		const char *n;

		if ((rc = xml_children_next(x, &c, &more, d)) != DIAG_OK)
			goto out;
		if (!more)
			break;
		n = xml_reader_name(x);
		if (strcmp(n, "INDIVIDUALS") == 0)
			rc = un_group(&u, n, "INDIVIDUAL", WL_PERSON, d);
		else if (strcmp(n, "ENTITIES") == 0)
			rc = un_group(&u, n, "ENTITY", WL_COMPANY, d);
		else
			rc = wl_xml_skip(x, d);
		if (rc != DIAG_OK)
			goto out;
	}
	/* Whatever follows the root must be well-formed too.  */
	for (;;) {
		bool more;

		if ((rc = xml_reader_next(x, &more, d)) != DIAG_OK || !more)
			break;
	}
out:
	xml_attrs_clear(&a);
	wl_list_clear(&list);
	wl_entry_clear(&u.e);
	return rc;
}
