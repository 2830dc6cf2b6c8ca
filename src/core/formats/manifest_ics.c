/* manifest_ics: the reader of EU ICS entry summary declarations (ENS).
 *
 * The Import Control System (phase 1) message IE315, CC315A in namespace
 * http://ics.dgtaxud.ec/CC315A, is lodged before goods enter the EU; one
 * document is one declaration, one subject (a consignment).  Its elements
 * carry the cryptic names of the EU's data dictionary (TraModAtBorHEA76:
 * transport mode at border, HEAder, item 76).  How they map (doc/formats.md
 * has the full table):
 *
 *   ref          HEAHEA/DocNumHEA5 (the MRN) when present, else
 *                HEAHEA/RefNumHEA4 (the LRN)
 *   mode         HEAHEA/TraModAtBorHEA76 (UN/ECE Rec. 19)
 *   conveyance   HEAHEA/IdeOfMeaOfTraCroHEA85, else HEAHEA/ConRefNumHEA;
 *                nationality HEAHEA/NatOfMeaOfTraCroHEA87
 *   arrival      CUSOFFFENT730/ExpDatOfArrFIRENT733 (YYYYMMDDhhmm, or
 *                YYYYMMDD with ExpTimOfArrFIRENT734 hhmm), taken as UTC
 *   parties      TRACONCO1 consignor, TRACONCE1 consignee, NOTPAR670
 *                notify, TRACARENT601 carrier, PERLODSUMDEC (person lodging)
 *                declarant, TRAREP representative; and an item's own
 *                TRACONCO2, TRACONCE2, PRTNOT640 when they name another
 *                party.  Their children by the start of their names: Nam
 *                name, Str street, PosCod or PstCod postcode, Cit or Cty
 *                city, Cou country, TIN identifier (also the name when there
 *                is none)
 *   route        ITI/CouOfRouCodITI1 in order (countries of routing); when
 *                there are none, the consignor's then the consignee's country
 *   containers   GOOITEGDS/CONNR2/ConNumNR21
 *   items        GOOITEGDS: IteNumGDS7, GooDesGDS23, GroMasGDS46 (kg),
 *                COMCODGODITM/ComNomCMD1 (4 to 10 digits: ENS asks for at
 *                least the HS heading), PACGS2 KinOfPacGS23 (first) and
 *                NumOfPacGS24 (summed; NumOfPieGS25 for unpacked goods)
 *
 * Seals (SEAID529), offices (CUSOFFLON, CUSOFFSENT740), documents, places of
 * loading and unloading and dangerous-goods codes are not kept.
 *
 * Placeholders such as the "ABC123" and country "EN" of the schema's sample
 * import with findings.  Findings: placeholder-country, invalid-country,
 * placeholder-hs-code, invalid-hs-code, missing-hs-code,
 * missing-description, missing-transport-mode, unknown-transport-mode,
 * missing-arrival, invalid-date, invalid-number, item-count-mismatch
 * (TotNumOfIteHEA305), package-count-mismatch (TotNumOfPacHEA306),
 * gross-mass-mismatch (TotGroMasHEA307, more than 1 % and 1 kg off).
 *
 * Other ICS messages are refused with what they are: CC313A, an amendment,
 * which changes an ENS already lodged (douane's import never overwrites a
 * subject, so an amendment cannot be applied: import the declaration as
 * amended instead), and CC351A, the advance intervention ("do not load")
 * notification that customs send back, bare or in HMRC's
 * notificationResponse envelope.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/manifests.h"
#include "i18n.h"

struct ics_party_el {
	const char *el;   /* path of the element */
	const char *role; /* douane's role */
};

static const struct ics_party_el parties[] = {
    {"TRACONCO1", "consignor"},
    {"TRACONCE1", "consignee"},
    {"NOTPAR670", "notify"},
    {"TRACARENT601", "carrier"},
    {"PERLODSUMDEC", "declarant"},
    {"TRAREP", "representative"},
    {"GOOITEGDS/TRACONCO2", "consignor"},
    {"GOOITEGDS/TRACONCE2", "consignee"},
    {"GOOITEGDS/PRTNOT640", "notify"},
};

struct ics {
	struct xml_reader *x;
	struct subject s;
	bool oom;
	char *lrn, *mrn, *mode, *means, *conref, *nationality;
	char *tot_items, *tot_packages, *tot_mass;
	char *arr_date, *arr_time;

	int party; /* index in parties[], or -1 */
	char *p_name, *p_street, *p_post, *p_city, *p_country, *p_tin;

	bool in_item;
	struct goods_item it;
	long packages, pieces;
	bool has_packages, has_pieces;
};

static void
freep(char **p)
{
	free(*p);
	*p = NULL;
}

static void
ics_clear_party(struct ics *c)
{
	freep(&c->p_name);
	freep(&c->p_street);
	freep(&c->p_post);
	freep(&c->p_city);
	freep(&c->p_country);
	freep(&c->p_tin);
	c->party = -1;
}

static void
ics_clear_item(struct ics *c)
{
	free(c->it.hs_code);
	free(c->it.description);
	free(c->it.origin);
	free(c->it.package_kind);
	free(c->it.currency);
	memset(&c->it, 0, sizeof c->it);
	c->in_item = false;
}

static void
ics_clear(struct ics *c)
{
	char **strs[] = {&c->lrn,      &c->mrn,         &c->mode,      &c->means,
	                 &c->conref,   &c->nationality, &c->tot_items, &c->tot_packages,
	                 &c->tot_mass, &c->arr_date,    &c->arr_time};

	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		freep(strs[i]);
	ics_clear_party(c);
	ics_clear_item(c);
	subject_clear(&c->s);
}

static bool
join(char **dst, const char *v)
{
	size_t n = *dst ? strlen(*dst) : 0, m = strlen(v);
	char *p;

	if (m == 0)
		return true;
	if ((p = realloc(*dst, n + m + 3)) == NULL)
		return false;
	if (n > 0) {
		memcpy(p + n, ", ", 2);
		n += 2;
	}
	memcpy(p + n, v, m + 1);
	*dst = p;
	return true;
}

static bool
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void
ics_end_party(struct ics *c)
{
	const struct ics_party_el *pe = &parties[c->party];
	const char *name = c->p_name ? c->p_name : c->p_tin;
	char *address = NULL;
	struct party *p;

	if (name == NULL)
		goto out;
	/* An item's party that the header names already is not repeated.  */
	for (size_t i = 0; i < c->s.n_parties; i++)
		if (strcmp(c->s.parties[i].role, pe->role) == 0 &&
		    strcmp(c->s.parties[i].name, name) == 0)
			goto out;
	if ((c->p_street && !join(&address, c->p_street)) ||
	    (c->p_city && !join(&address, c->p_city)) ||
	    (c->p_post && !join(&address, c->p_post)) || (p = subject_add_party(&c->s)) == NULL) {
		c->oom = true;
		goto out;
	}
	p->role = strdup(pe->role);
	p->name = strdup(name);
	p->ident = subject_strdup(c->p_tin);
	p->country = foreign_country(&c->s, c->p_country, pe->el, &c->oom);
	p->address = address;
	address = NULL;
	if (p->role == NULL || p->name == NULL || (c->p_tin && p->ident == NULL))
		c->oom = true;
out:
	free(address);
	ics_clear_party(c);
}

static void
ics_end_item(struct ics *c)
{
	struct goods_item *it;
	const char *status = NULL;

	if ((it = subject_add_item(&c->s)) == NULL) {
		c->oom = true;
		ics_clear_item(c);
		return;
	}
	*it = c->it;
	memset(&c->it, 0, sizeof c->it);
	if (it->seq <= 0)
		it->seq = (int)c->s.n_items;
	if (it->hs_code != NULL) {
		char *raw = it->hs_code;

		if ((it->hs_code = foreign_hs(raw, &status)) == NULL)
			c->oom = true;
		else if (status != NULL &&
		         !foreign_finding(&c->s, status, "item %d: ComNomCMD1 \"%.40s\"", it->seq,
		                          raw))
			c->oom = true;
		free(raw);
	} else if ((it->hs_code = strdup("")) == NULL ||
	           !foreign_finding(&c->s, "missing-hs-code", "item %d", it->seq)) {
		c->oom = true;
	}
	if (it->description == NULL &&
	    ((it->description = strdup("")) == NULL ||
	     !foreign_finding(&c->s, "missing-description", "item %d", it->seq)))
		c->oom = true;
	if (c->has_packages)
		it->packages = c->packages;
	else if (c->has_pieces)
		it->packages = c->pieces;
	ics_clear_item(c);
}

static enum diag_status
ics_start(void *ctx, const char *path, struct diag *d)
{
	struct ics *c = ctx;

	(void)d;
	if (c->party < 0) {
		for (size_t i = 0; i < sizeof parties / sizeof parties[0]; i++)
			if (strcmp(path, parties[i].el) == 0) {
				c->party = (int)i;
				return DIAG_OK;
			}
	}
	if (strcmp(path, "GOOITEGDS") == 0) {
		ics_clear_item(c);
		c->in_item = true;
		c->it.gross_mass = c->it.net_mass = c->it.value = -1;
		c->it.packages = -1;
		c->packages = c->pieces = 0;
		c->has_packages = c->has_pieces = false;
	}
	return DIAG_OK;
}

static void
ics_party_child(struct ics *c, const char *leaf, const char *text)
{
	size_t n = strlen(leaf);

	if (n >= 3 && strcmp(leaf + n - 3, "LNG") == 0)
		return; /* the language of a text */
	if (starts(leaf, "Nam"))
		c->oom |= !foreign_set(&c->p_name, text);
	else if (starts(leaf, "Str"))
		c->oom |= !foreign_set(&c->p_street, text);
	else if (starts(leaf, "PosCod") || starts(leaf, "PstCod"))
		c->oom |= !foreign_set(&c->p_post, text);
	else if (starts(leaf, "Cit") || starts(leaf, "Cty"))
		c->oom |= !foreign_set(&c->p_city, text);
	else if (starts(leaf, "Cou"))
		c->oom |= !foreign_set(&c->p_country, text);
	else if (starts(leaf, "TIN"))
		c->oom |= !foreign_set(&c->p_tin, text);
}

static void
ics_item_child(struct ics *c, const char *r, const char *text)
{
	double v;
	long n;

	if (strcmp(r, "IteNumGDS7") == 0) {
		if (foreign_count(text, &n) && n > 0 && n < 1000000)
			c->it.seq = (int)n;
	} else if (strcmp(r, "GooDesGDS23") == 0) {
		c->oom |= !foreign_set(&c->it.description, text);
	} else if (strcmp(r, "GroMasGDS46") == 0) {
		if (foreign_mass_kg(text, NULL, &v))
			c->it.gross_mass = v;
		else
			c->oom |= !foreign_finding(&c->s, "invalid-number", "GroMasGDS46 \"%.40s\"",
			                           text);
	} else if (strcmp(r, "COMCODGODITM/ComNomCMD1") == 0) {
		c->oom |= !foreign_set(&c->it.hs_code, text);
	} else if (strcmp(r, "PACGS2/KinOfPacGS23") == 0) {
		c->oom |= !foreign_set(&c->it.package_kind, text);
	} else if (strcmp(r, "PACGS2/NumOfPacGS24") == 0) {
		if (foreign_count(text, &n)) {
			c->packages += n;
			c->has_packages = true;
		}
	} else if (strcmp(r, "PACGS2/NumOfPieGS25") == 0) {
		if (foreign_count(text, &n)) {
			c->pieces += n;
			c->has_pieces = true;
		}
	} else if (strcmp(r, "CONNR2/ConNumNR21") == 0) {
		struct container *k;

		for (size_t i = 0; i < c->s.n_containers; i++)
			if (strcmp(c->s.containers[i].number, text) == 0)
				return;
		if ((k = subject_add_container(&c->s)) == NULL ||
		    (k->number = strdup(text)) == NULL)
			c->oom = true;
	}
}

static void
route_add(struct ics *c, const char *country, const char *where, bool check)
{
	char *k = check ? foreign_country(&c->s, country, where, &c->oom) : subject_strdup(country);

	if (k != NULL && (c->s.n_route == 0 || strcmp(c->s.route[c->s.n_route - 1], k) != 0) &&
	    !subject_add_route(&c->s, k))
		c->oom = true;
	free(k);
}

static enum diag_status
ics_end(void *ctx, const char *path, const char *text, struct diag *d)
{
	struct ics *c = ctx;

	if (c->party >= 0) {
		size_t n = strlen(parties[c->party].el);

		if (strlen(path) == n)
			ics_end_party(c);
		else if (text != NULL && *text)
			ics_party_child(c, foreign_leaf(path), text);
	} else if (c->in_item && strcmp(path, "GOOITEGDS") == 0) {
		ics_end_item(c);
	} else if (text == NULL || *text == '\0') {
		/* Nothing with children, or empty, is mapped below.  */
	} else if (c->in_item && starts(path, "GOOITEGDS/")) {
		ics_item_child(c, path + 10, text);
	} else if (strcmp(path, "HEAHEA/RefNumHEA4") == 0) {
		c->oom |= !foreign_set(&c->lrn, text);
	} else if (strcmp(path, "HEAHEA/DocNumHEA5") == 0) {
		c->oom |= !foreign_set(&c->mrn, text);
	} else if (strcmp(path, "HEAHEA/TraModAtBorHEA76") == 0) {
		c->oom |= !foreign_set(&c->mode, text);
	} else if (strcmp(path, "HEAHEA/IdeOfMeaOfTraCroHEA85") == 0) {
		c->oom |= !foreign_set(&c->means, text);
	} else if (strcmp(path, "HEAHEA/ConRefNumHEA") == 0) {
		c->oom |= !foreign_set(&c->conref, text);
	} else if (strcmp(path, "HEAHEA/NatOfMeaOfTraCroHEA87") == 0) {
		c->oom |= !foreign_set(&c->nationality, text);
	} else if (strcmp(path, "HEAHEA/TotNumOfIteHEA305") == 0) {
		c->oom |= !foreign_set(&c->tot_items, text);
	} else if (strcmp(path, "HEAHEA/TotNumOfPacHEA306") == 0) {
		c->oom |= !foreign_set(&c->tot_packages, text);
	} else if (strcmp(path, "HEAHEA/TotGroMasHEA307") == 0) {
		c->oom |= !foreign_set(&c->tot_mass, text);
	} else if (strcmp(path, "ITI/CouOfRouCodITI1") == 0) {
		route_add(c, text, "ITI/CouOfRouCodITI1", true);
	} else if (strcmp(path, "CUSOFFFENT730/ExpDatOfArrFIRENT733") == 0) {
		c->oom |= !foreign_set(&c->arr_date, text);
	} else if (strcmp(path, "CUSOFFFENT730/ExpTimOfArrFIRENT734") == 0) {
		c->oom |= !foreign_set(&c->arr_time, text);
	}
	return c->oom ? foreign_oom(c->x, d) : DIAG_OK;
}

static const struct party *
find_party(const struct subject *s, const char *role)
{
	for (size_t i = 0; i < s->n_parties; i++)
		if (strcmp(s->parties[i].role, role) == 0)
			return &s->parties[i];
	return NULL;
}

static enum diag_status
ics_finish(struct ics *c, long line, struct diag *d)
{
	const struct party *p;
	char when[32], buf[21];
	long n;
	double v;

	if (c->mrn == NULL && c->lrn == NULL)
		/* L10N: RefNumHEA4 and DocNumHEA5 are ICS element names.  */
		return diag_set(d, DIAG_DATA, c->x->file, line,
		                _("the declaration has neither HEAHEA/DocNumHEA5 (MRN) nor "
		                  "HEAHEA/RefNumHEA4 (LRN): no reference to store it under"));
	c->oom |= !foreign_set(&c->s.ref, c->mrn ? c->mrn : c->lrn);

	if (c->mode == NULL)
		c->oom |=
		    !foreign_finding(&c->s, "missing-transport-mode", "no HEAHEA/TraModAtBorHEA76");
	else if (foreign_mode(c->mode) == NULL)
		c->oom |= !foreign_finding(&c->s, "unknown-transport-mode",
		                           "TraModAtBorHEA76 \"%.20s\"", c->mode);
	else
		c->oom |= !foreign_set(&c->s.mode, foreign_mode(c->mode));
	c->oom |= !foreign_set(&c->s.conveyance, c->means ? c->means : c->conref);
	if (c->nationality != NULL)
		c->s.conveyance_nationality =
		    foreign_country(&c->s, c->nationality, "HEAHEA/NatOfMeaOfTraCroHEA87", &c->oom);

	if (c->arr_date == NULL) {
		c->oom |= !foreign_finding(&c->s, "missing-arrival",
		                           "no CUSOFFFENT730/ExpDatOfArrFIRENT733");
	} else {
		snprintf(when, sizeof when, "%.16s%.8s", c->arr_date,
		         c->arr_time && strlen(c->arr_date) == 8 ? c->arr_time : "");
		if (foreign_datetime(when, buf)) {
			c->oom |= !foreign_set(&c->s.arrival, buf);
		} else {
			c->oom |= !foreign_finding(&c->s, "invalid-date",
			                           "ExpDatOfArrFIRENT733 \"%.40s\"", c->arr_date);
			c->oom |= !foreign_finding(&c->s, "missing-arrival", "no usable date");
		}
	}

	if (c->s.n_route == 0) {
		if ((p = find_party(&c->s, "consignor")) != NULL && p->country != NULL)
			route_add(c, p->country, "TRACONCO1", false);
		if ((p = find_party(&c->s, "consignee")) != NULL && p->country != NULL)
			route_add(c, p->country, "TRACONCE1", false);
	}

	if (c->tot_items != NULL && foreign_count(c->tot_items, &n) && (size_t)n != c->s.n_items)
		c->oom |= !foreign_finding(&c->s, "item-count-mismatch",
		                           "TotNumOfIteHEA305 %ld, items %zu", n, c->s.n_items);
	if (c->tot_packages != NULL && foreign_count(c->tot_packages, &n)) {
		long sum = 0;
		bool any = false;

		for (size_t i = 0; i < c->s.n_items; i++)
			if (c->s.items[i].packages >= 0) {
				sum += c->s.items[i].packages;
				any = true;
			}
		if (any && sum != n)
			c->oom |=
			    !foreign_finding(&c->s, "package-count-mismatch",
			                     "TotNumOfPacHEA306 %ld, items' packages %ld", n, sum);
	}
	if (c->tot_mass != NULL && foreign_decimal(c->tot_mass, &v)) {
		double sum = 0;
		bool any = false;

		for (size_t i = 0; i < c->s.n_items; i++)
			if (c->s.items[i].gross_mass >= 0) {
				sum += c->s.items[i].gross_mass;
				any = true;
			}
		if (any && fabs(sum - v) > 1 && fabs(sum - v) > 0.01 * v)
			c->oom |= !foreign_finding(&c->s, "gross-mass-mismatch",
			                           "TotGroMasHEA307 %g kg, items %g kg", v, sum);
	}
	return c->oom ? foreign_oom(c->x, d) : DIAG_OK;
}

/* The name of the first element inside the envelope that looks like an ICS
 * message ("CC351A"), into BUF.  */
static enum diag_status
ics_envelope_message(struct xml_reader *x, char *buf, size_t size, struct diag *d)
{
	int top = xml_reader_depth(x);

	buf[0] = '\0';
	if (xmlTextReaderIsEmptyElement(x->r) == 1)
		return DIAG_OK;
	for (;;) {
		bool more;
		const char *name;
		enum diag_status rc;

		if ((rc = xml_reader_next(x, &more, d)) != DIAG_OK)
			return rc;
		if (!more || (xml_reader_type(x) == XML_READER_TYPE_END_ELEMENT &&
		              xml_reader_depth(x) == top))
			return DIAG_OK;
		if (xml_reader_type(x) != XML_READER_TYPE_ELEMENT)
			continue;
		name = xml_reader_name(x);
		if (strlen(name) == 6 && name[0] == 'C' && name[1] == 'C') {
			snprintf(buf, size, "%s", name);
			return DIAG_OK;
		}
	}
}

static enum diag_status
ics_refuse(struct xml_reader *x, struct diag *d)
{
	const char *root = xml_reader_name(x);
	long line = xml_reader_line(x);
	char inner[16];
	enum diag_status rc;

	if (strcmp(root, "CC313A") == 0)
		/* L10N: CC313A and CC315A are EU ICS message names.  */
		return diag_set(
		    d, DIAG_DATA, x->file, line,
		    _("this is an ICS entry summary amendment (CC313A): it changes a "
		      "declaration already lodged and douane does not apply amendments; "
		      "import the declaration as amended (CC315A)"));
	if (strcmp(root, "CC351A") == 0)
		/* L10N: CC351A is an EU ICS message name.  */
		return diag_set(
		    d, DIAG_DATA, x->file, line,
		    _("this is an ICS advance intervention notification (CC351A), not a "
		      "declaration: douane imports entry summary declarations (CC315A)"));
	if ((rc = ics_envelope_message(x, inner, sizeof inner, d)) != DIAG_OK)
		return rc;
	if (strcmp(inner, "CC351A") == 0)
		return diag_set(
		    d, DIAG_DATA, x->file, line,
		    _("this is an ICS advance intervention notification (CC351A), not a "
		      "declaration: douane imports entry summary declarations (CC315A)"));
	/* L10N: the first %s is an XML element name such as
	 * notificationResponse; %s%s adds the message inside it, ", CC328A",
	 * or nothing.  */
	return diag_set(d, DIAG_DATA, x->file, line,
	                _("this is an ICS notification (%s%s%s), not a declaration: douane "
	                  "imports entry summary declarations (CC315A)"),
	                root, inner[0] ? ", " : "", inner);
}

enum diag_status
manifest_ics_read(struct xml_reader *x, formats_sink_fn sink, void *sink_ctx, struct diag *d)
{
	struct ics c;
	long line = xml_reader_line(x);
	enum diag_status rc;

	if (strcmp(xml_reader_name(x), "CC315A") != 0)
		return ics_refuse(x, d);
	memset(&c, 0, sizeof c);
	c.x = x;
	c.party = -1;
	subject_init(&c.s, SUBJECT_CONSIGNMENT);
	if ((rc = foreign_walk(x, ics_start, ics_end, &c, d)) != DIAG_OK ||
	    (rc = ics_finish(&c, line, d)) != DIAG_OK || (rc = foreign_finish(x, d)) != DIAG_OK)
		goto out;
	rc = sink(sink_ctx, &c.s, line, d);
out:
	ics_clear(&c);
	return rc;
}
