/* manifest_wco: the reader of WCO Data Model 3.x declarations.
 *
 * The samples are UK CDS declarations in the "DMS" profile of the WCO Data
 * Model 3.6: a root md:MetaData (urn:wco:datamodel:WCO:DocumentMetaData-DMS:2)
 * that holds a Declaration (urn:wco:datamodel:WCO:DEC-DMS:2), or the same
 * MetaData inside HMRC's submission envelope submitDeclarationRequest
 * (http://uk/gov/hmrc/mdg/declarationmanagement/submitdeclaration/request/
 * schema/v1, requestDetail).  Every Declaration anywhere in the document is
 * one subject, a consignment; the rest of the envelope is skipped.
 *
 * A Response element (a notification that customs sends back to the
 * declarant: accepted, rejected, goods to be inspected, cleared...) is not a
 * manifest: the file is refused, naming the notification's FunctionCode.
 *
 * How the elements map (paths below Declaration; doc/formats.md has the
 * full table):
 *
 *   ref          FunctionalReferenceID (the LRN), else ID (the MRN)
 *   arrival      AcceptanceDateTime, else IssueDateTime (DateTimeString,
 *                UN/EDIFACT format 304 "20250326112200+01"), in UTC; a
 *                declaration announces no arrival, so when neither is there
 *                arrival stays empty and "missing-arrival" is recorded
 *   mode         BorderTransportMeans/ModeCode (UN/ECE Rec. 19), else
 *                GoodsShipment/Consignment/ArrivalTransportMeans/ModeCode
 *   conveyance   BorderTransportMeans/ID, else .../ArrivalTransportMeans/ID;
 *                its nationality BorderTransportMeans/RegistrationNationalityCode
 *   parties      Exporter consignor, Importer consignee, Declarant declarant,
 *                Consignor, Consignee, Carrier (wherever they appear): Name
 *                (else ID), ID, Address/CountryCode, Address lines
 *   route        GoodsShipment/ExportCountry/ID (else an item's, else the
 *                exporter's country), then GoodsShipment/Destination/
 *                CountryCode (else the goods location's country)
 *   containers   TransportEquipment/ID, with Seal/ID, wherever they appear
 *   items        GoodsShipment/GovernmentAgencyGoodsItem: SequenceNumeric,
 *                Commodity/Description, Commodity/Classification/ID of type
 *                TSP (the 8-digit commodity code; TRC, the TARIC suffix, is
 *                not part of the HS code), Origin/CountryCode,
 *                GoodsMeasure/GrossMassMeasure and NetNetWeightMeasure (kg),
 *                InvoiceLine/ItemChargeAmount (else StatisticalValueAmount)
 *                and its currencyID, Packaging/QuantityQuantity (summed) and
 *                the first Packaging/TypeCode
 *
 * Findings: missing-arrival, missing-transport-mode, unknown-transport-mode,
 * invalid-date, invalid-hs-code, placeholder-hs-code, missing-hs-code,
 * missing-description, invalid-country, placeholder-country,
 * item-count-mismatch (GoodsItemQuantity against the items),
 * package-count-mismatch (TotalPackageQuantity against the items'),
 * invalid-number.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/manifests.h"
#include "i18n.h"

enum { W_EXPORTER, W_IMPORTER, W_DECLARANT, W_CONSIGNOR, W_CONSIGNEE, W_CARRIER, W_NPARTY };

static const char *const party_el[W_NPARTY] = {"Exporter",  "Importer",  "Declarant",
                                               "Consignor", "Consignee", "Carrier"};
static const char *const party_role[W_NPARTY] = {"consignor", "consignee", "declarant",
                                                 "consignor", "consignee", "carrier"};

struct wco {
	struct xml_reader *x;
	struct subject s;
	bool oom;

	char *fref, *id, *accepted, *issued;
	char *mode, *arrival_mode;
	char *means_id, *arrival_means_id, *nationality;
	char *export_country, *item_export_country, *destination, *location_country;
	char *item_count, *package_count;

	/* The party being read: its element's path length, and its parts.  */
	size_t party_len;
	int party;
	char *p_name, *p_id, *p_country, *p_line, *p_city, *p_post;
	char *exporter_country;

	/* The item being read.  */
	bool in_item;
	struct goods_item it;
	char *tsp, *other_class, *class_id, *class_type;
	char *unit, *currency, *stat_value, *stat_currency;
	long packages;
	bool has_packages;

	/* The equipment being read.  */
	char *eq_id, *eq_seal;
};

static void
wco_free_party(struct wco *w)
{
	free(w->p_name);
	free(w->p_id);
	free(w->p_country);
	free(w->p_line);
	free(w->p_city);
	free(w->p_post);
	w->p_name = w->p_id = w->p_country = w->p_line = w->p_city = w->p_post = NULL;
	w->party = -1;
}

static void
wco_free_item(struct wco *w)
{
	free(w->it.hs_code);
	free(w->it.description);
	free(w->it.origin);
	free(w->it.package_kind);
	free(w->it.currency);
	free(w->tsp);
	free(w->other_class);
	free(w->class_id);
	free(w->class_type);
	free(w->unit);
	free(w->currency);
	free(w->stat_value);
	free(w->stat_currency);
	memset(&w->it, 0, sizeof w->it);
	w->tsp = w->other_class = w->class_id = w->class_type = NULL;
	w->unit = w->currency = w->stat_value = w->stat_currency = NULL;
	w->in_item = false;
}

static void
wco_clear(struct wco *w)
{
	char **strs[] = {&w->fref,
	                 &w->id,
	                 &w->accepted,
	                 &w->issued,
	                 &w->mode,
	                 &w->arrival_mode,
	                 &w->means_id,
	                 &w->arrival_means_id,
	                 &w->nationality,
	                 &w->export_country,
	                 &w->item_export_country,
	                 &w->destination,
	                 &w->location_country,
	                 &w->item_count,
	                 &w->package_count,
	                 &w->exporter_country,
	                 &w->eq_id,
	                 &w->eq_seal};

	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		free(*strs[i]);
		*strs[i] = NULL;
	}
	wco_free_party(w);
	wco_free_item(w);
	subject_clear(&w->s);
	w->s.kind = SUBJECT_CONSIGNMENT;
}

/* Append ", V" (or V) to *DST.  */
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

/* Replace *DST by a copy of V.  */
static bool
replace(char **dst, const char *v)
{
	char *p = strdup(v);

	if (p == NULL)
		return false;
	free(*dst);
	*dst = p;
	return true;
}

static void
wco_end_party(struct wco *w)
{
	struct party *p;
	const char *name = w->p_name ? w->p_name : w->p_id;
	char *address = NULL;

	if (name == NULL)
		goto out;
	if ((w->p_line && !join(&address, w->p_line)) ||
	    (w->p_city && !join(&address, w->p_city)) ||
	    (w->p_post && !join(&address, w->p_post)) || (p = subject_add_party(&w->s)) == NULL) {
		w->oom = true;
		goto out;
	}
	p->role = strdup(party_role[w->party]);
	p->name = strdup(name);
	p->ident = subject_strdup(w->p_id);
	p->country = foreign_country(&w->s, w->p_country, party_el[w->party], &w->oom);
	p->address = address;
	address = NULL;
	if (p->role == NULL || p->name == NULL || (w->p_id && p->ident == NULL))
		w->oom = true;
	if (w->party == W_EXPORTER && p->country != NULL && w->exporter_country == NULL &&
	    (w->exporter_country = strdup(p->country)) == NULL)
		w->oom = true;
out:
	free(address);
	wco_free_party(w);
}

static void
wco_end_item(struct wco *w)
{
	struct goods_item *it;
	const char *raw = w->tsp ? w->tsp : w->other_class;
	const char *status = NULL;
	char where[32];

	if ((it = subject_add_item(&w->s)) == NULL) {
		w->oom = true;
		wco_free_item(w);
		return;
	}
	*it = w->it;
	memset(&w->it, 0, sizeof w->it);
	if (it->seq <= 0)
		it->seq = (int)w->s.n_items;
	snprintf(where, sizeof where, "item %d", it->seq);
	if (raw != NULL) {
		if ((it->hs_code = foreign_hs(raw, &status)) == NULL)
			w->oom = true;
		else if (status != NULL &&
		         !foreign_finding(&w->s, status, "%s: Classification/ID \"%.40s\"", where,
		                          raw))
			w->oom = true;
	} else if ((it->hs_code = strdup("")) == NULL ||
	           !foreign_finding(&w->s, "missing-hs-code", "%s", where)) {
		w->oom = true;
	}
	if (it->description == NULL &&
	    ((it->description = strdup("")) == NULL ||
	     !foreign_finding(&w->s, "missing-description", "%s", where)))
		w->oom = true;
	if (it->value < 0 && w->stat_value != NULL && foreign_decimal(w->stat_value, &it->value) &&
	    it->currency == NULL && w->stat_currency != NULL &&
	    (it->currency = strdup(w->stat_currency)) == NULL)
		w->oom = true;
	if (w->has_packages)
		it->packages = w->packages;
	wco_free_item(w);
}

static void
wco_end_equipment(struct wco *w)
{
	struct container *k;

	if (w->eq_id != NULL) {
		for (size_t i = 0; i < w->s.n_containers; i++)
			if (strcmp(w->s.containers[i].number, w->eq_id) == 0)
				goto out;
		if ((k = subject_add_container(&w->s)) == NULL) {
			w->oom = true;
			goto out;
		}
		k->number = w->eq_id;
		k->seal = w->eq_seal;
		w->eq_id = w->eq_seal = NULL;
	}
out:
	free(w->eq_id);
	free(w->eq_seal);
	w->eq_id = w->eq_seal = NULL;
}

static int
party_index(const char *leaf)
{
	for (int i = 0; i < W_NPARTY; i++)
		if (strcmp(leaf, party_el[i]) == 0)
			return i;
	return -1;
}

static enum diag_status
wco_start(void *ctx, const char *path, struct diag *d)
{
	struct wco *w = ctx;
	const char *leaf = foreign_leaf(path);
	int i;

	if (w->party < 0 && (i = party_index(leaf)) >= 0) {
		w->party = i;
		w->party_len = strlen(path);
	} else if (strcmp(path, "GoodsShipment/GovernmentAgencyGoodsItem") == 0) {
		wco_free_item(w);
		w->in_item = true;
		w->it.gross_mass = w->it.net_mass = w->it.value = -1;
		w->it.packages = -1;
		w->packages = 0;
		w->has_packages = false;
	} else if (strcmp(leaf, "Classification") == 0) {
		free(w->class_id);
		free(w->class_type);
		w->class_id = w->class_type = NULL;
	} else if (strcmp(leaf, "GrossMassMeasure") == 0 ||
	           strcmp(leaf, "NetNetWeightMeasure") == 0) {
		free(w->unit);
		w->unit = foreign_attr(w->x, "unitCode", &w->oom);
	} else if (strcmp(leaf, "ItemChargeAmount") == 0) {
		free(w->currency);
		w->currency = foreign_attr(w->x, "currencyID", &w->oom);
	} else if (w->in_item && strcmp(leaf, "StatisticalValueAmount") == 0) {
		free(w->stat_currency);
		w->stat_currency = foreign_attr(w->x, "currencyID", &w->oom);
	} else if (strcmp(leaf, "TransportEquipment") == 0) {
		free(w->eq_id);
		free(w->eq_seal);
		w->eq_id = w->eq_seal = NULL;
	}
	return w->oom ? foreign_oom(w->x, d) : DIAG_OK;
}

/* The end of an element inside an item: PATH relative to the item.  */
static void
wco_item_end(struct wco *w, const char *path, const char *text)
{
	char where[48];
	double v;
	long n;

	snprintf(where, sizeof where, "item %d", w->it.seq > 0 ? w->it.seq : (int)w->s.n_items + 1);
	if (strcmp(path, "SequenceNumeric") == 0 && text) {
		if (foreign_count(text, &n) && n > 0 && n < 1000000)
			w->it.seq = (int)n;
	} else if (strcmp(path, "Commodity/Description") == 0 && text && *text) {
		w->oom |= !foreign_set(&w->it.description, text);
	} else if (strcmp(path, "Commodity/Classification/ID") == 0 && text) {
		w->oom |= !replace(&w->class_id, text);
	} else if (strcmp(path, "Commodity/Classification/IdentificationTypeCode") == 0 && text) {
		w->oom |= !replace(&w->class_type, text);
	} else if (strcmp(path, "Commodity/Classification") == 0) {
		/* TSP is the commodity code; TRC, TRA and NAN are EU and
		 * national additions to it; any other type (or none) is
		 * kept in case there is no TSP.  */
		const char *type = w->class_type ? w->class_type : "";

		if (w->class_id != NULL && *w->class_id) {
			if (strcmp(type, "TSP") == 0)
				w->oom |= !foreign_set(&w->tsp, w->class_id);
			else if (strcmp(type, "TRC") != 0 && strcmp(type, "TRA") != 0 &&
			         strcmp(type, "NAN") != 0)
				w->oom |= !foreign_set(&w->other_class, w->class_id);
		}
	} else if ((strcmp(path, "Commodity/GoodsMeasure/GrossMassMeasure") == 0 ||
	            strcmp(path, "Commodity/GoodsMeasure/NetNetWeightMeasure") == 0) &&
	           text) {
		bool gross = foreign_ends(path, "GrossMassMeasure");

		if (foreign_mass_kg(text, w->unit, &v)) {
			if (gross)
				w->it.gross_mass = v;
			else
				w->it.net_mass = v;
		} else if (!foreign_finding(&w->s, "invalid-number", "%s: %s \"%.40s\"", where,
		                            foreign_leaf(path), text)) {
			w->oom = true;
		}
	} else if (strcmp(path, "Commodity/InvoiceLine/ItemChargeAmount") == 0 && text) {
		if (foreign_decimal(text, &v)) {
			w->it.value = v;
			free(w->it.currency);
			w->it.currency = w->currency;
			w->currency = NULL;
		}
	} else if (strcmp(path, "StatisticalValueAmount") == 0 && text) {
		w->oom |= !replace(&w->stat_value, text);
	} else if (strcmp(path, "Origin/CountryCode") == 0 && text && w->it.origin == NULL) {
		snprintf(where + strlen(where), sizeof where - strlen(where), " Origin");
		w->it.origin = foreign_country(&w->s, text, where, &w->oom);
	} else if (strcmp(path, "ExportCountry/ID") == 0 && text) {
		w->oom |= !foreign_set(&w->item_export_country, text);
	} else if (strcmp(path, "Packaging/QuantityQuantity") == 0 && text) {
		if (foreign_count(text, &n)) {
			w->packages += n;
			w->has_packages = true;
		}
	} else if (strcmp(path, "Packaging/TypeCode") == 0 && text) {
		w->oom |= !foreign_set(&w->it.package_kind, text);
	}
}

static enum diag_status
wco_end(void *ctx, const char *path, const char *text, struct diag *d)
{
	struct wco *w = ctx;
	static const char item_prefix[] = "GoodsShipment/GovernmentAgencyGoodsItem";
	const char *leaf = foreign_leaf(path);

	if (w->party >= 0 && strlen(path) == w->party_len) {
		wco_end_party(w);
	} else if (w->party >= 0 && strlen(path) > w->party_len) {
		const char *rel = path + w->party_len + 1;

		if (text != NULL) {
			if (strcmp(rel, "Name") == 0)
				w->oom |= !foreign_set(&w->p_name, text);
			else if (strcmp(rel, "ID") == 0)
				w->oom |= !foreign_set(&w->p_id, text);
			else if (strcmp(rel, "Address/CountryCode") == 0)
				w->oom |= !foreign_set(&w->p_country, text);
			else if (strcmp(rel, "Address/Line") == 0)
				w->oom |= !foreign_set(&w->p_line, text);
			else if (strcmp(rel, "Address/CityName") == 0)
				w->oom |= !foreign_set(&w->p_city, text);
			else if (strcmp(rel, "Address/PostcodeID") == 0)
				w->oom |= !foreign_set(&w->p_post, text);
		}
	} else if (strcmp(leaf, "TransportEquipment") == 0) {
		wco_end_equipment(w);
	} else if (foreign_ends(path, "TransportEquipment/ID") && text) {
		w->oom |= !foreign_set(&w->eq_id, text);
	} else if (foreign_ends(path, "TransportEquipment/Seal/ID") && text) {
		w->oom |= !foreign_set(&w->eq_seal, text);
	} else if (w->in_item && strcmp(path, item_prefix) == 0) {
		wco_end_item(w);
	} else if (w->in_item && strncmp(path, item_prefix, sizeof item_prefix - 1) == 0 &&
	           path[sizeof item_prefix - 1] == '/') {
		wco_item_end(w, path + sizeof item_prefix, text);
	} else if (text == NULL) {
		/* An element with children: nothing below maps it.  */
	} else if (strcmp(path, "FunctionalReferenceID") == 0) {
		w->oom |= !foreign_set(&w->fref, text);
	} else if (strcmp(path, "ID") == 0) {
		w->oom |= !foreign_set(&w->id, text);
	} else if (strcmp(path, "AcceptanceDateTime/DateTimeString") == 0 ||
	           strcmp(path, "AcceptanceDateTime") == 0) {
		w->oom |= !foreign_set(&w->accepted, text);
	} else if (strcmp(path, "IssueDateTime/DateTimeString") == 0 ||
	           strcmp(path, "IssueDateTime") == 0) {
		w->oom |= !foreign_set(&w->issued, text);
	} else if (strcmp(path, "BorderTransportMeans/ModeCode") == 0) {
		w->oom |= !foreign_set(&w->mode, text);
	} else if (strcmp(path, "BorderTransportMeans/ID") == 0) {
		w->oom |= !foreign_set(&w->means_id, text);
	} else if (strcmp(path, "BorderTransportMeans/RegistrationNationalityCode") == 0) {
		w->oom |= !foreign_set(&w->nationality, text);
	} else if (strcmp(path, "GoodsShipment/Consignment/ArrivalTransportMeans/ModeCode") == 0) {
		w->oom |= !foreign_set(&w->arrival_mode, text);
	} else if (strcmp(path, "GoodsShipment/Consignment/ArrivalTransportMeans/ID") == 0) {
		w->oom |= !foreign_set(&w->arrival_means_id, text);
	} else if (strcmp(path, "GoodsShipment/Consignment/GoodsLocation/Address/CountryCode") ==
	           0) {
		w->oom |= !foreign_set(&w->location_country, text);
	} else if (strcmp(path, "GoodsShipment/ExportCountry/ID") == 0) {
		w->oom |= !foreign_set(&w->export_country, text);
	} else if (strcmp(path, "GoodsShipment/Destination/CountryCode") == 0) {
		w->oom |= !foreign_set(&w->destination, text);
	} else if (strcmp(path, "GoodsItemQuantity") == 0) {
		w->oom |= !foreign_set(&w->item_count, text);
	} else if (strcmp(path, "TotalPackageQuantity") == 0) {
		w->oom |= !foreign_set(&w->package_count, text);
	}
	return w->oom ? foreign_oom(w->x, d) : DIAG_OK;
}

static void
wco_route(struct wco *w, const char *country, const char *where)
{
	char *c = foreign_country(&w->s, country, where, &w->oom);

	if (c != NULL && (w->s.n_route == 0 || strcmp(w->s.route[w->s.n_route - 1], c) != 0) &&
	    !subject_add_route(&w->s, c))
		w->oom = true;
	free(c);
}

/* Everything read: put the subject together.  */
static enum diag_status
wco_finish(struct wco *w, long line, struct diag *d)
{
	const char *when = w->accepted ? w->accepted : w->issued;
	const char *code = w->mode ? w->mode : w->arrival_mode;
	char buf[21];
	long n;

	if (w->fref == NULL && w->id == NULL)
		/* L10N: FunctionalReferenceID and ID are element names.  */
		return diag_set(d, DIAG_DATA, w->x->file, line,
		                _("the Declaration has neither FunctionalReferenceID nor ID: no "
		                  "reference to store it under"));
	w->oom |= !foreign_set(&w->s.ref, w->fref ? w->fref : w->id);
	if (when == NULL) {
		w->oom |= !foreign_finding(&w->s, "missing-arrival",
		                           "no AcceptanceDateTime or IssueDateTime");
	} else if (foreign_datetime(when, buf)) {
		w->oom |= !foreign_set(&w->s.arrival, buf);
	} else {
		w->oom |=
		    !foreign_finding(&w->s, "invalid-date", "%s \"%.40s\"",
		                     w->accepted ? "AcceptanceDateTime" : "IssueDateTime", when);
		w->oom |= !foreign_finding(&w->s, "missing-arrival", "no usable date");
	}
	if (code == NULL)
		w->oom |= !foreign_finding(&w->s, "missing-transport-mode",
		                           "no BorderTransportMeans/ModeCode");
	else if (foreign_mode(code) == NULL)
		w->oom |=
		    !foreign_finding(&w->s, "unknown-transport-mode", "ModeCode \"%.20s\"", code);
	else
		w->oom |= !foreign_set(&w->s.mode, foreign_mode(code));
	w->oom |= !foreign_set(&w->s.conveyance, w->means_id ? w->means_id : w->arrival_means_id);
	if (w->nationality != NULL)
		w->s.conveyance_nationality =
		    foreign_country(&w->s, w->nationality,
		                    "BorderTransportMeans/RegistrationNationalityCode", &w->oom);
	if (w->export_country)
		wco_route(w, w->export_country, "ExportCountry");
	else if (w->item_export_country)
		wco_route(w, w->item_export_country, "GovernmentAgencyGoodsItem/ExportCountry");
	else if (w->exporter_country)
		wco_route(w, w->exporter_country, "Exporter");
	if (w->destination)
		wco_route(w, w->destination, "Destination");
	else if (w->location_country)
		wco_route(w, w->location_country, "GoodsLocation");
	if (w->item_count != NULL && foreign_count(w->item_count, &n) && (size_t)n != w->s.n_items)
		w->oom |= !foreign_finding(&w->s, "item-count-mismatch",
		                           "GoodsItemQuantity %ld, items %zu", n, w->s.n_items);
	if (w->package_count != NULL && foreign_count(w->package_count, &n)) {
		long sum = 0;
		bool any = false;

		for (size_t i = 0; i < w->s.n_items; i++)
			if (w->s.items[i].packages >= 0) {
				sum += w->s.items[i].packages;
				any = true;
			}
		if (any && sum != n)
			w->oom |= !foreign_finding(&w->s, "package-count-mismatch",
			                           "TotalPackageQuantity %ld, items' packages %ld",
			                           n, sum);
	}
	return w->oom ? foreign_oom(w->x, d) : DIAG_OK;
}

/* Customs' notifications, by FunctionCode (UK CDS).  */
static const char *
response_name(const char *code)
{
	static const char *const names[][2] = {
	    {"01", "DMSACC"}, {"02", "DMSRCV"}, {"03", "DMSREJ"}, {"05", "DMSCTL"},
	    {"06", "DMSDOC"}, {"07", "DMSRES"}, {"08", "DMSROG"}, {"09", "DMSCLE"},
	    {"10", "DMSINV"}, {"11", "DMSREQ"}, {"13", "DMSTAX"}, {"14", "DMSCPI"},
	    {"15", "DMSCPR"}, {"16", "DMSEOG"}, {"17", "DMSEXT"}, {"18", "DMSGER"}};

	for (size_t i = 0; code != NULL && i < sizeof names / sizeof names[0]; i++)
		if (strcmp(code, names[i][0]) == 0)
			return names[i][1];
	return NULL;
}

static enum diag_status
response_end(void *ctx, const char *path, const char *text, struct diag *d)
{
	char **code = ctx;

	(void)d;
	if (strcmp(path, "FunctionCode") == 0 && text != NULL && *code == NULL &&
	    (*code = strdup(text)) == NULL)
		return DIAG_SOFTWARE;
	return DIAG_OK;
}

static enum diag_status
wco_refuse_response(struct xml_reader *x, struct diag *d)
{
	long line = xml_reader_line(x);
	char *code = NULL;
	const char *name;
	enum diag_status rc;

	if ((rc = foreign_walk(x, NULL, response_end, &code, d)) != DIAG_OK) {
		free(code);
		return rc == DIAG_SOFTWARE ? foreign_oom(x, d) : rc;
	}
	name = response_name(code);
	/* L10N: %s%s%s%s is " (FunctionCode 05, DMSCTL)" or empty; a WCO
	 * response is customs' answer to a declaration, not a manifest.  */
	rc = diag_set(d, DIAG_DATA, x->file, line,
	              _("this is a WCO response notification%s%s%s%s%s, not a declaration: douane "
	                "imports declarations only"),
	              code ? " (FunctionCode " : "", code ? code : "", name ? ", " : "",
	              name ? name : "", code ? ")" : "");
	free(code);
	return rc;
}

enum diag_status
manifest_wco_read(struct xml_reader *x, formats_sink_fn sink, void *sink_ctx, struct diag *d)
{
	struct wco w;
	int declarations = 0;
	enum diag_status rc = DIAG_OK;

	memset(&w, 0, sizeof w);
	w.x = x;
	w.party = -1;
	subject_init(&w.s, SUBJECT_CONSIGNMENT);
	if (xmlTextReaderIsEmptyElement(x->r) == 1)
		goto end;
	for (;;) {
		bool more;
		const char *name;
		long line;

		if ((rc = xml_reader_next(x, &more, d)) != DIAG_OK)
			goto out;
		if (!more)
			break;
		if (xml_reader_type(x) != XML_READER_TYPE_ELEMENT)
			continue;
		name = xml_reader_name(x);
		if (strcmp(name, "Response") == 0) {
			rc = wco_refuse_response(x, d);
			goto out;
		}
		if (strcmp(name, "Declaration") != 0)
			continue;
		line = xml_reader_line(x);
		wco_clear(&w);
		if ((rc = foreign_walk(x, wco_start, wco_end, &w, d)) != DIAG_OK ||
		    (rc = wco_finish(&w, line, d)) != DIAG_OK ||
		    (rc = sink(sink_ctx, &w.s, line, d)) != DIAG_OK)
			goto out;
		declarations++;
	}
end:
	if (declarations == 0)
		/* L10N: Declaration is a WCO element name.  */
		rc = diag_set(d, DIAG_DATA, x->file, xml_reader_line(x),
		              _("no Declaration in this WCO document: nothing to import"));
out:
	wco_clear(&w);
	return rc;
}
