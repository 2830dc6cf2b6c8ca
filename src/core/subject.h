/* subject: what can be inspected.
 *
 * A subject is a consignment (parties, goods items with HS codes, conveyance,
 * containers, route countries), a traveller, or a vehicle.  Readers of every
 * manifest format fill a struct subject; the store keeps it; the interface
 * and the CLI read it back.  All strings are owned by the subject, UTF-8,
 * and NULL when absent.  Dates and times are ISO 8601 text, times in UTC.
 */
#ifndef DOUANE_SUBJECT_H
#define DOUANE_SUBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum subject_kind {
	SUBJECT_CONSIGNMENT = 1,
	SUBJECT_TRAVELLER = 2,
	SUBJECT_VEHICLE = 3,
};

enum subject_lane {
	LANE_NONE = 0, /* not scored yet */
	LANE_GREEN = 1,
	LANE_YELLOW = 2,
	LANE_RED = 3,
};

enum subject_status {
	STATUS_EXPECTED = 0, /* announced, not yet dealt with */
	STATUS_IN_PROGRESS = 1,
	STATUS_DONE = 2,
};

struct party {
	char *role; /* consignor, consignee, declarant, carrier, notify */
	char *name;
	char *country;
	char *address;
	char *ident; /* EORI, TIN or other identifier */
};

struct goods_item {
	int seq;
	char *hs_code;
	char *description;
	char *origin; /* country of origin */
	long packages;
	char *package_kind;
	double gross_mass; /* kg; negative when absent */
	double net_mass;   /* kg; negative when absent */
	double value;      /* negative when absent */
	char *currency;
};

struct container {
	char *number;
	char *seal;
};

/* A data-quality finding: something in the declaration that does not add
 * up (a piece count that does not match the items, a missing transport
 * mode, a placeholder code).  The subject is imported all the same; risk
 * rules can use the finding and the interface shows it.  */
struct finding {
	char *code;   /* stable, for rules: "piece-count-mismatch" */
	char *detail; /* for people: "TotalPieceQuantity 5, items 3" */
};

struct subject {
	int64_t id; /* store row id, 0 before it is stored */
	enum subject_kind kind;
	char *ref;      /* reference, unique in the store */
	char *mode;     /* road, sea, air, rail, post */
	char *arrival;  /* expected arrival, "2026-11-24T08:15:00Z" */
	char *crossing; /* UN/LOCODE of the crossing, from the manifest */
	enum subject_lane lane;
	int score;
	enum subject_status status;

	/* consignment */
	char *conveyance;             /* vessel, flight, truck registration */
	char *conveyance_nationality; /* country */
	struct party *parties;
	size_t n_parties;
	struct goods_item *items;
	size_t n_items;
	struct container *containers;
	size_t n_containers;
	char **route; /* countries in order: origin first, destination last */
	size_t n_route;
	struct finding *findings;
	size_t n_findings;

	/* traveller, and the driver of a vehicle */
	char *name;
	char *birth_date; /* "1980-02-29", or partial "1980" */
	char *nationality;
	char *doc_type; /* passport, id-card, ... */
	char *doc_number;
	char *doc_country;

	/* vehicle */
	char *plate;
	char *plate_country;
};

void subject_init(struct subject *s, enum subject_kind kind);
void subject_clear(struct subject *s); /* frees everything, leaves s initialised */

/* Appenders return a pointer to the new zeroed element, or NULL when out of
 * memory, or (errno E2BIG) when the subject already holds
 * SUBJECT_MAX_VALUES of that kind: a hostile file could otherwise make one
 * subject as large as itself, twice over.  Real declarations stop at 999
 * goods items.  */
#define SUBJECT_MAX_VALUES 10000

struct party *subject_add_party(struct subject *s);
struct goods_item *subject_add_item(struct subject *s);
struct container *subject_add_container(struct subject *s);
bool subject_add_route(struct subject *s, const char *country);
bool subject_add_finding(struct subject *s, const char *code, const char *detail);

/* The party that best names the subject in a list: consignee, else
 * consignor, else the first; the traveller's or driver's name otherwise.  */
const char *subject_main_party(const struct subject *s);
const char *subject_origin(const struct subject *s);
const char *subject_destination(const struct subject *s);

const char *subject_kind_name(enum subject_kind k);   /* "consignment" ... */
bool subject_kind_parse(const char *name, enum subject_kind *out);
const char *subject_lane_name(enum subject_lane l);   /* "red" ... "none" */
char subject_lane_letter(enum subject_lane l);        /* 'R' 'Y' 'G' '-' */
const char *subject_status_name(enum subject_status st);

/* strdup that keeps NULL as NULL.  */
char *subject_strdup(const char *s);

#endif
