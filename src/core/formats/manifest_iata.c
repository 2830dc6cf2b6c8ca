/* manifest_iata: the reader of IATA Cargo-XML air waybills.
 *
 * Two messages of Cargo-XML 3.00 are read, each one subject, a
 * consignment travelling by air:
 *
 *   XFWB, the master air waybill: root Waybill, namespace iata:waybill:1;
 *   XFZB, the house waybill: root HouseWaybill, namespace
 *         iata:housewaybill:1; the house consignment
 *         (MasterConsignment/IncludedHouseConsignment) is the subject, and
 *         the master's figures are used only where the house has none.
 *
 * Their content is in the data-model namespace iata:datamodel:3, which is
 * not checked below the root.  How the elements map (doc/formats.md has the
 * full table; C is MasterConsignment for an XFWB and the house consignment
 * for an XFZB):
 *
 *   ref          BusinessHeaderDocument/ID (the air waybill number,
 *                "888-11111111"), else TransportContractDocument/ID
 *   mode         "air"; SpecifiedLogisticsTransportMovement/ModeCode (UN/ECE
 *                Rec. 19) of the last leg when it says otherwise
 *   conveyance   ID of the last leg (by SequenceNumeric): the flight
 *   arrival      ArrivalEvent/ScheduledOccurrenceDateTime (else
 *                ArrivalEvent/ActualOccurrenceDateTime) of the last leg, UTC
 *                (a time without a zone is taken as UTC)
 *   parties      C/ConsignorParty consignor, C/ConsigneeParty consignee,
 *                C/FreightForwarderParty forwarder: Name, AccountID (else
 *                PrimaryID) as identifier, the address's CountryID,
 *                StreetName, CityName, PostcodeCode; an IncludedCustomsNote
 *                with ContentCode T (tax identifier) and SubjectCode SHP or
 *                CNE gives the consignor's or consignee's identifier
 *                (in place of the account number)
 *   route        countries, not airports: Cargo-XML names airports by IATA
 *                code ("ORK") and douane has no table of airports, so the
 *                route is C/OriginLocation/CountryID if present, else the
 *                consignor's country; then the CountryID of each leg's
 *                arrival location where one is given (transit); then
 *                C/FinalDestinationLocation/CountryID, else the consignee's
 *                country
 *   containers   AssociatedUnitLoadTransportEquipment of the items (ULDs):
 *                CharacteristicCode + ID + OperatingParty/PrimaryID, as a
 *                ULD is written ("PMC1337XX")
 *   items        IncludedMasterConsignmentItem (XFWB) or
 *                IncludedHouseConsignmentItem (XFZB): SequenceNumeric;
 *                TypeCode, the harmonised commodity code slot, as hs_code;
 *                NatureIdentificationTransportCargo/Identification (else
 *                the consignment's SummaryDescription) as description;
 *                PieceQuantity as packages; GrossWeightMeasure (else the
 *                consignment's IncludedTareGrossWeightMeasure, when there
 *                is a single item) in kg; a rating line with none of these
 *                (only a volume, or the shipper's count) is not an item
 *
 * Commodity codes in air waybills are often placeholders ("000111") or
 * absent.  Neither stops the import: hs_code keeps the code as written (or
 * "" when there is none), and a finding says what is wrong with it; the
 * strict checks of douane's own format do not apply to foreign ones.
 *
 * Findings: piece-count-mismatch (C/TotalPieceQuantity against the items'
 * PieceQuantity, and against the pieces of their TransportLogisticsPackage
 * lines), missing-transport-mode, unknown-transport-mode, missing-arrival,
 * invalid-date, placeholder-hs-code, invalid-hs-code, missing-hs-code,
 * missing-description, invalid-country, placeholder-country, invalid-number.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/manifests.h"
#include "i18n.h"

#define IATA_LEGS 32

enum { P_CONSIGNOR, P_CONSIGNEE, P_FORWARDER, P_N };

static const char *const party_el[P_N] = {"ConsignorParty", "ConsigneeParty",
                                          "FreightForwarderParty"};
static const char *const party_role[P_N] = {"consignor", "consignee", "forwarder"};

/* What the master (0) and the house (1) consignment say of themselves.  */
struct iata_level {
	char *weight, *weight_unit, *pieces, *origin, *dest, *origin_country, *dest_country,
	    *summary;
};

struct iata_leg {
	long seq;
	char country[3]; /* of the arrival location, or "" */
};

struct iata {
	struct xml_reader *x;
	struct subject s;
	bool oom, house;
	char *ref, *contract;
	struct iata_level lv[2];

	/* Parties: the one being read, relative path length of it.  */
	int party;
	size_t party_len;
	char *p_name, *p_id, *p_country, *p_street, *p_city, *p_post;
	char *shp_tin, *cne_tin;

	/* Customs note being read.  */
	char *n_content_code, *n_content, *n_subject;

	/* Legs.  */
	struct iata_leg legs[IATA_LEGS];
	size_t n_legs;
	bool any_mode;
	char *l_seq, *l_id, *l_mode, *l_arrival, *l_country;
	long last_seq;
	char *last_id, *last_mode, *last_arrival;
	bool any_leg;

	/* The item being read.  */
	bool in_item;
	size_t item_len;
	struct goods_item it;
	char *i_unit, *i_pieces, *uld_id, *uld_type, *uld_owner;
	long pkg_pieces, item_pieces_sum, pkg_pieces_sum;
	bool has_pkg, any_pkg, any_item_pieces;
};

static void
freep(char **p)
{
	free(*p);
	*p = NULL;
}

static void
iata_clear_party(struct iata *a)
{
	freep(&a->p_name);
	freep(&a->p_id);
	freep(&a->p_country);
	freep(&a->p_street);
	freep(&a->p_city);
	freep(&a->p_post);
	a->party = -1;
}

static void
iata_clear_leg(struct iata *a)
{
	freep(&a->l_seq);
	freep(&a->l_id);
	freep(&a->l_mode);
	freep(&a->l_arrival);
	freep(&a->l_country);
}

static void
iata_clear_item(struct iata *a)
{
	free(a->it.hs_code);
	free(a->it.description);
	free(a->it.origin);
	free(a->it.package_kind);
	free(a->it.currency);
	memset(&a->it, 0, sizeof a->it);
	freep(&a->i_unit);
	freep(&a->i_pieces);
	freep(&a->uld_id);
	freep(&a->uld_type);
	freep(&a->uld_owner);
	a->in_item = false;
}

static void
iata_clear(struct iata *a)
{
	for (int l = 0; l < 2; l++) {
		struct iata_level *v = &a->lv[l];

		freep(&v->weight);
		freep(&v->weight_unit);
		freep(&v->pieces);
		freep(&v->origin);
		freep(&v->dest);
		freep(&v->origin_country);
		freep(&v->dest_country);
		freep(&v->summary);
	}
	freep(&a->ref);
	freep(&a->contract);
	freep(&a->shp_tin);
	freep(&a->cne_tin);
	freep(&a->n_content_code);
	freep(&a->n_content);
	freep(&a->n_subject);
	freep(&a->last_id);
	freep(&a->last_mode);
	freep(&a->last_arrival);
	iata_clear_party(a);
	iata_clear_leg(a);
	iata_clear_item(a);
	subject_clear(&a->s);
}

/* PATH without the consignment's prefix, and which consignment it is in;
 * NULL for paths outside both.  */
static const char *
iata_rel(const char *path, int *level)
{
	static const char master[] = "MasterConsignment/";
	static const char house[] = "MasterConsignment/IncludedHouseConsignment/";

	if (strncmp(path, house, sizeof house - 1) == 0) {
		*level = 1;
		return path + sizeof house - 1;
	}
	if (strncmp(path, master, sizeof master - 1) == 0) {
		*level = 0;
		return path + sizeof master - 1;
	}
	return NULL;
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

static void
iata_end_party(struct iata *a)
{
	struct party *p;
	char *address = NULL;

	if (a->p_name == NULL)
		goto out;
	if ((a->p_street && !join(&address, a->p_street)) ||
	    (a->p_city && !join(&address, a->p_city)) ||
	    (a->p_post && !join(&address, a->p_post)) || (p = subject_add_party(&a->s)) == NULL) {
		a->oom = true;
		goto out;
	}
	p->role = strdup(party_role[a->party]);
	p->name = strdup(a->p_name);
	p->ident = subject_strdup(a->p_id);
	p->country = foreign_country(&a->s, a->p_country, party_el[a->party], &a->oom);
	p->address = address;
	address = NULL;
	if (p->role == NULL || p->name == NULL || (a->p_id && p->ident == NULL))
		a->oom = true;
out:
	free(address);
	iata_clear_party(a);
}

static void
iata_end_leg(struct iata *a)
{
	long seq = (long)a->n_legs + 1;

	if (a->l_seq != NULL)
		foreign_count(a->l_seq, &seq);
	if (a->l_mode != NULL)
		a->any_mode = true;
	a->any_leg = true;
	if (a->n_legs < IATA_LEGS) {
		struct iata_leg *g = &a->legs[a->n_legs++];
		char *c = foreign_country(&a->s, a->l_country, "ArrivalEvent location", &a->oom);

		g->seq = seq;
		snprintf(g->country, sizeof g->country, "%s", c ? c : "");
		free(c);
	}
	if (seq >= a->last_seq) {
		a->last_seq = seq;
		free(a->last_id);
		free(a->last_mode);
		free(a->last_arrival);
		a->last_id = a->l_id;
		a->last_mode = a->l_mode;
		a->last_arrival = a->l_arrival;
		a->l_id = a->l_mode = a->l_arrival = NULL;
	}
	iata_clear_leg(a);
}

static void
iata_end_uld(struct iata *a)
{
	char number[64];
	struct container *k;

	if (a->uld_id == NULL)
		goto out;
	snprintf(number, sizeof number, "%s%s%s", a->uld_type ? a->uld_type : "", a->uld_id,
	         a->uld_owner ? a->uld_owner : "");
	for (size_t i = 0; i < a->s.n_containers; i++)
		if (strcmp(a->s.containers[i].number, number) == 0)
			goto out;
	if ((k = subject_add_container(&a->s)) == NULL || (k->number = strdup(number)) == NULL)
		a->oom = true;
out:
	freep(&a->uld_id);
	freep(&a->uld_type);
	freep(&a->uld_owner);
}

static void
iata_end_item(struct iata *a)
{
	struct goods_item *it;
	const char *status = NULL;
	long n;

	/* A rating line with none of code, description, weight or pieces
	 * (only a volume, or the shipper's count of packages) continues the
	 * line above it: it is no goods item.  */
	if (a->it.hs_code == NULL && a->it.description == NULL && a->it.gross_mass < 0 &&
	    a->i_pieces == NULL) {
		iata_clear_item(a);
		return;
	}
	if ((it = subject_add_item(&a->s)) == NULL) {
		a->oom = true;
		iata_clear_item(a);
		return;
	}
	*it = a->it;
	memset(&a->it, 0, sizeof a->it);
	if (it->seq <= 0)
		it->seq = (int)a->s.n_items;
	if (it->hs_code != NULL) {
		char *raw = it->hs_code;

		if ((it->hs_code = foreign_hs(raw, &status)) == NULL)
			a->oom = true;
		else if (status != NULL &&
		         !foreign_finding(&a->s, status, "item %d: TypeCode \"%.40s\"", it->seq,
		                          raw))
			a->oom = true;
		free(raw);
	} else if ((it->hs_code = strdup("")) == NULL ||
	           !foreign_finding(&a->s, "missing-hs-code", "item %d", it->seq)) {
		a->oom = true;
	}
	if (a->i_pieces != NULL && foreign_count(a->i_pieces, &n)) {
		it->packages = n;
		a->item_pieces_sum += n;
		a->any_item_pieces = true;
	}
	if (a->has_pkg) {
		a->pkg_pieces_sum += a->pkg_pieces;
		a->any_pkg = true;
	}
	iata_clear_item(a);
}

static bool
party_index(const char *rel, int *out)
{
	for (int i = 0; i < P_N; i++)
		if (strcmp(rel, party_el[i]) == 0) {
			*out = i;
			return true;
		}
	return false;
}

static enum diag_status
iata_start(void *ctx, const char *path, struct diag *d)
{
	struct iata *a = ctx;
	const char *leaf = foreign_leaf(path);
	int level, i;
	const char *rel = iata_rel(path, &level);

	if (rel == NULL)
		return DIAG_OK;
	if (a->party < 0 && !a->in_item && party_index(rel, &i)) {
		a->party = i;
		a->party_len = strlen(path);
	} else if (strcmp(rel, "SpecifiedLogisticsTransportMovement") == 0) {
		iata_clear_leg(a);
	} else if (strcmp(leaf, "IncludedMasterConsignmentItem") == 0 ||
	           strcmp(leaf, "IncludedHouseConsignmentItem") == 0) {
		iata_clear_item(a);
		a->in_item = true;
		a->item_len = strlen(path);
		a->it.gross_mass = a->it.net_mass = a->it.value = -1;
		a->it.packages = -1;
		a->pkg_pieces = 0;
		a->has_pkg = false;
	} else if (a->in_item && strcmp(leaf, "GrossWeightMeasure") == 0 &&
	           strlen(path) == a->item_len + sizeof "GrossWeightMeasure") {
		freep(&a->i_unit);
		a->i_unit = foreign_attr(a->x, "unitCode", &a->oom);
	} else if (strcmp(rel, "IncludedTareGrossWeightMeasure") == 0) {
		freep(&a->lv[level].weight_unit);
		a->lv[level].weight_unit = foreign_attr(a->x, "unitCode", &a->oom);
	} else if (strcmp(rel, "IncludedCustomsNote") == 0) {
		freep(&a->n_content_code);
		freep(&a->n_content);
		freep(&a->n_subject);
	}
	return a->oom ? foreign_oom(a->x, d) : DIAG_OK;
}

static void
iata_item_end(struct iata *a, const char *r, const char *text)
{
	double v;
	long n;

	if (strcmp(r, "SequenceNumeric") == 0 && text) {
		if (foreign_count(text, &n) && n > 0 && n < 1000000)
			a->it.seq = (int)n;
	} else if (strcmp(r, "TypeCode") == 0 && text && *text) {
		a->oom |= !foreign_set(&a->it.hs_code, text);
	} else if (strcmp(r, "NatureIdentificationTransportCargo/Identification") == 0 && text) {
		a->oom |= !foreign_set(&a->it.description, text);
	} else if (strcmp(r, "GrossWeightMeasure") == 0 && text) {
		if (foreign_mass_kg(text, a->i_unit, &v))
			a->it.gross_mass = v;
		else
			a->oom |= !foreign_finding(&a->s, "invalid-number",
			                           "GrossWeightMeasure \"%.40s\" %.8s", text,
			                           a->i_unit ? a->i_unit : "");
	} else if (strcmp(r, "PieceQuantity") == 0 && text) {
		a->oom |= !foreign_set(&a->i_pieces, text);
	} else if (strcmp(r, "TransportLogisticsPackage/ItemQuantity") == 0 && text) {
		if (foreign_count(text, &n)) {
			a->pkg_pieces += n;
			a->has_pkg = true;
		}
	} else if (strcmp(r, "AssociatedUnitLoadTransportEquipment/ID") == 0 && text) {
		a->oom |= !foreign_set(&a->uld_id, text);
	} else if (strcmp(r, "AssociatedUnitLoadTransportEquipment/CharacteristicCode") == 0 &&
	           text) {
		a->oom |= !foreign_set(&a->uld_type, text);
	} else if (strcmp(r, "AssociatedUnitLoadTransportEquipment/OperatingParty/PrimaryID") ==
	               0 &&
	           text) {
		a->oom |= !foreign_set(&a->uld_owner, text);
	} else if (strcmp(r, "AssociatedUnitLoadTransportEquipment") == 0) {
		iata_end_uld(a);
	}
}

static void
iata_party_end(struct iata *a, const char *r, const char *text)
{
	if (text == NULL)
		return;
	if (strcmp(r, "Name") == 0)
		a->oom |= !foreign_set(&a->p_name, text);
	else if (strcmp(r, "AccountID") == 0 || strcmp(r, "PrimaryID") == 0)
		a->oom |= !foreign_set(&a->p_id, text);
	else if (foreign_ends(r, "CountryID") && strchr(r, '/') != NULL)
		a->oom |= !foreign_set(&a->p_country, text);
	else if (foreign_ends(r, "StreetName"))
		a->oom |= !foreign_set(&a->p_street, text);
	else if (foreign_ends(r, "CityName"))
		a->oom |= !foreign_set(&a->p_city, text);
	else if (foreign_ends(r, "PostcodeCode"))
		a->oom |= !foreign_set(&a->p_post, text);
}

static void
iata_note_end(struct iata *a)
{
	if (a->n_content_code != NULL && strcmp(a->n_content_code, "T") == 0 &&
	    a->n_content != NULL && a->n_subject != NULL) {
		if (strcmp(a->n_subject, "SHP") == 0)
			a->oom |= !foreign_set(&a->shp_tin, a->n_content);
		else if (strcmp(a->n_subject, "CNE") == 0)
			a->oom |= !foreign_set(&a->cne_tin, a->n_content);
	}
	freep(&a->n_content_code);
	freep(&a->n_content);
	freep(&a->n_subject);
}

static enum diag_status
iata_end(void *ctx, const char *path, const char *text, struct diag *d)
{
	struct iata *a = ctx;
	struct iata_level *v;
	int level;
	const char *rel = iata_rel(path, &level);

	if (rel == NULL) {
		if (strcmp(path, "BusinessHeaderDocument/ID") == 0 && text)
			a->oom |= !foreign_set(&a->ref, text);
		return a->oom ? foreign_oom(a->x, d) : DIAG_OK;
	}
	v = &a->lv[level];
	if (a->party >= 0 && strlen(path) == a->party_len) {
		iata_end_party(a);
	} else if (a->party >= 0 && strlen(path) > a->party_len) {
		iata_party_end(a, path + a->party_len + 1, text);
	} else if (a->in_item && strlen(path) == a->item_len) {
		iata_end_item(a);
	} else if (a->in_item && strlen(path) > a->item_len) {
		iata_item_end(a, path + a->item_len + 1, text);
	} else if (strcmp(rel, "SpecifiedLogisticsTransportMovement") == 0) {
		iata_end_leg(a);
	} else if (strncmp(rel, "SpecifiedLogisticsTransportMovement/", 36) == 0) {
		const char *r = rel + 36;

		if (text == NULL)
			;
		else if (strcmp(r, "SequenceNumeric") == 0)
			a->oom |= !foreign_set(&a->l_seq, text);
		else if (strcmp(r, "ID") == 0)
			a->oom |= !foreign_set(&a->l_id, text);
		else if (strcmp(r, "ModeCode") == 0)
			a->oom |= !foreign_set(&a->l_mode, text);
		else if (strcmp(r, "ArrivalEvent/ScheduledOccurrenceDateTime") == 0 ||
		         strcmp(r, "ArrivalEvent/ActualOccurrenceDateTime") == 0)
			a->oom |= !foreign_set(&a->l_arrival, text);
		else if (strcmp(r, "ArrivalEvent/OccurrenceArrivalLocation/CountryID") == 0)
			a->oom |= !foreign_set(&a->l_country, text);
	} else if (strcmp(rel, "IncludedCustomsNote") == 0) {
		iata_note_end(a);
	} else if (text == NULL) {
		/* Nothing else with children is mapped.  */
	} else if (strcmp(rel, "IncludedCustomsNote/ContentCode") == 0) {
		a->oom |= !foreign_set(&a->n_content_code, text);
	} else if (strcmp(rel, "IncludedCustomsNote/Content") == 0) {
		a->oom |= !foreign_set(&a->n_content, text);
	} else if (strcmp(rel, "IncludedCustomsNote/SubjectCode") == 0) {
		a->oom |= !foreign_set(&a->n_subject, text);
	} else if (strcmp(rel, "IncludedTareGrossWeightMeasure") == 0) {
		a->oom |= !foreign_set(&v->weight, text);
	} else if (strcmp(rel, "TotalPieceQuantity") == 0) {
		a->oom |= !foreign_set(&v->pieces, text);
	} else if (strcmp(rel, "SummaryDescription") == 0) {
		a->oom |= !foreign_set(&v->summary, text);
	} else if (strcmp(rel, "OriginLocation/ID") == 0) {
		a->oom |= !foreign_set(&v->origin, text);
	} else if (strcmp(rel, "OriginLocation/CountryID") == 0) {
		a->oom |= !foreign_set(&v->origin_country, text);
	} else if (strcmp(rel, "FinalDestinationLocation/ID") == 0) {
		a->oom |= !foreign_set(&v->dest, text);
	} else if (strcmp(rel, "FinalDestinationLocation/CountryID") == 0) {
		a->oom |= !foreign_set(&v->dest_country, text);
	} else if (strcmp(rel, "TransportContractDocument/ID") == 0) {
		a->oom |= !foreign_set(&a->contract, text);
	}
	return a->oom ? foreign_oom(a->x, d) : DIAG_OK;
}

/* The value of field F for the subject: the house's, else the master's.  */
#define LV(a, f) ((a)->house && (a)->lv[1].f ? (a)->lv[1].f : (a)->lv[0].f)

static const struct party *
find_party(const struct subject *s, const char *role)
{
	for (size_t i = 0; i < s->n_parties; i++)
		if (strcmp(s->parties[i].role, role) == 0)
			return &s->parties[i];
	return NULL;
}

static void
route_add(struct iata *a, const char *country, const char *where, bool check)
{
	char *c = check ? foreign_country(&a->s, country, where, &a->oom) : subject_strdup(country);

	if (c != NULL && (a->s.n_route == 0 || strcmp(a->s.route[a->s.n_route - 1], c) != 0) &&
	    !subject_add_route(&a->s, c))
		a->oom = true;
	free(c);
}

static int
leg_cmp(const void *p, const void *q)
{
	const struct iata_leg *x = p, *y = q;

	return (x->seq > y->seq) - (x->seq < y->seq);
}

static enum diag_status
iata_finish(struct iata *a, struct diag *d)
{
	const struct party *p;
	const char *level_name = a->house ? "IncludedHouseConsignment" : "MasterConsignment";
	const char *pieces = a->house ? a->lv[1].pieces : a->lv[0].pieces;
	char buf[21];
	long n;
	double kg;

	if (a->ref == NULL && a->contract == NULL)
		/* L10N: BusinessHeaderDocument/ID is an IATA element; the
		 * air waybill number is read from it.  */
		return diag_set(d, DIAG_DATA, a->x->file, xml_reader_line(a->x),
		                _("the waybill has no BusinessHeaderDocument/ID (air waybill "
		                  "number): no reference to store it under"));
	a->oom |= !foreign_set(&a->s.ref, a->ref ? a->ref : a->contract);

	/* Identifiers from the customs notes: a tax identifier says more
	 * than an account number with the carrier.  */
	for (size_t i = 0; i < a->s.n_parties; i++) {
		struct party *q = &a->s.parties[i];
		const char *tin = strcmp(q->role, "consignor") == 0   ? a->shp_tin
		                  : strcmp(q->role, "consignee") == 0 ? a->cne_tin
		                                                      : NULL;

		if (tin != NULL) {
			free(q->ident);
			q->ident = NULL;
			a->oom |= !foreign_set(&q->ident, tin);
		}
	}

	/* Mode, conveyance, arrival: the last leg.  */
	if (a->last_mode != NULL && foreign_mode(a->last_mode) != NULL) {
		a->oom |= !foreign_set(&a->s.mode, foreign_mode(a->last_mode));
	} else {
		a->oom |= !foreign_set(&a->s.mode, "air");
		if (a->last_mode != NULL)
			a->oom |= !foreign_finding(&a->s, "unknown-transport-mode",
			                           "ModeCode \"%.20s\"; air assumed", a->last_mode);
		else if (!a->any_mode && (a->any_leg || !a->house))
			a->oom |=
			    !foreign_finding(&a->s, "missing-transport-mode",
			                     "no SpecifiedLogisticsTransportMovement/ModeCode; "
			                     "air assumed");
	}
	a->oom |= !foreign_set(&a->s.conveyance, a->last_id);
	if (a->last_arrival == NULL) {
		a->oom |= !foreign_finding(&a->s, "missing-arrival",
		                           a->any_leg ? "no ArrivalEvent time on the last leg"
		                                      : "no SpecifiedLogisticsTransportMovement");
	} else if (foreign_datetime(a->last_arrival, buf)) {
		a->oom |= !foreign_set(&a->s.arrival, buf);
	} else {
		a->oom |= !foreign_finding(&a->s, "invalid-date", "ArrivalEvent \"%.40s\"",
		                           a->last_arrival);
		a->oom |= !foreign_finding(&a->s, "missing-arrival", "no usable date");
	}

	/* Route: origin, transit, destination, as countries.  */
	if (LV(a, origin_country) != NULL)
		route_add(a, LV(a, origin_country), "OriginLocation", true);
	else if ((p = find_party(&a->s, "consignor")) != NULL && p->country != NULL)
		route_add(a, p->country, "ConsignorParty", false);
	qsort(a->legs, a->n_legs, sizeof a->legs[0], leg_cmp);
	for (size_t i = 0; i < a->n_legs; i++)
		if (a->legs[i].country[0] != '\0')
			route_add(a, a->legs[i].country, "ArrivalEvent location", false);
	if (LV(a, dest_country) != NULL)
		route_add(a, LV(a, dest_country), "FinalDestinationLocation", true);
	else if ((p = find_party(&a->s, "consignee")) != NULL && p->country != NULL)
		route_add(a, p->country, "ConsigneeParty", false);

	/* Items: what the consignment says when they do not.  */
	for (size_t i = 0; i < a->s.n_items; i++) {
		struct goods_item *it = &a->s.items[i];

		if (it->description == NULL && LV(a, summary) != NULL)
			a->oom |= !foreign_set(&it->description, LV(a, summary));
		if (it->description == NULL &&
		    ((it->description = strdup("")) == NULL ||
		     !foreign_finding(&a->s, "missing-description", "item %d", it->seq)))
			a->oom = true;
		if (it->gross_mass < 0 && a->s.n_items == 1 && LV(a, weight) != NULL &&
		    foreign_mass_kg(LV(a, weight), LV(a, weight_unit), &kg))
			it->gross_mass = kg;
	}

	/* Pieces: the consignment's count against the items'.  */
	if (pieces != NULL && foreign_count(pieces, &n)) {
		if (a->any_item_pieces && a->item_pieces_sum != n)
			a->oom |=
			    !foreign_finding(&a->s, "piece-count-mismatch",
			                     "%s/TotalPieceQuantity %ld, items' PieceQuantity %ld",
			                     level_name, n, a->item_pieces_sum);
		if (a->any_pkg && a->pkg_pieces_sum != n)
			a->oom |=
			    !foreign_finding(&a->s, "piece-count-mismatch",
			                     "%s/TotalPieceQuantity %ld, pieces in the items' "
			                     "TransportLogisticsPackage %ld",
			                     level_name, n, a->pkg_pieces_sum);
	} else if (pieces != NULL) {
		a->oom |= !foreign_finding(&a->s, "invalid-number", "TotalPieceQuantity \"%.20s\"",
		                           pieces);
	}
	return a->oom ? foreign_oom(a->x, d) : DIAG_OK;
}

enum diag_status
manifest_iata_read(struct xml_reader *x, formats_sink_fn sink, void *sink_ctx, struct diag *d)
{
	struct iata a;
	long line = xml_reader_line(x);
	enum diag_status rc;

	memset(&a, 0, sizeof a);
	a.x = x;
	a.party = -1;
	a.last_seq = -1;
	a.house = strcmp(xml_reader_name(x), "HouseWaybill") == 0;
	subject_init(&a.s, SUBJECT_CONSIGNMENT);
	if ((rc = foreign_walk(x, iata_start, iata_end, &a, d)) != DIAG_OK ||
	    (rc = iata_finish(&a, d)) != DIAG_OK || (rc = foreign_finish(x, d)) != DIAG_OK)
		goto out;
	rc = sink(sink_ctx, &a.s, line, d);
out:
	iata_clear(&a);
	return rc;
}
