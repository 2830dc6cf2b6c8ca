/* watchlist: lists of persons, companies, vessels and vehicles to look for.
 *
 * Every reader (UN consolidated list, OFAC sdnList XML, OFAC legacy CSV,
 * douane's own watchlist XML) fills a struct wl_list once and one struct
 * wl_entry at a time; the store keeps them; screening reads them back.  All
 * strings are owned by the struct, UTF-8, and NULL when absent.
 */
#ifndef DOUANE_WATCHLIST_H
#define DOUANE_WATCHLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum wl_kind {
	WL_PERSON = 1,
	WL_COMPANY = 2, /* any organisation: company, entity, group */
	WL_VESSEL = 3,
	WL_AIRCRAFT = 4,
	WL_VEHICLE = 5,
	WL_DOCUMENT = 6, /* a lost, stolen or forged travel document */
};

/* One list as published: "UN-SC", "OFAC-SDN", or a national list.  A newer
 * version of the same source replaces the older one.  */
struct wl_list {
	int64_t id;        /* store row id */
	char *source;      /* stable key: "UN-SC", "OFAC-SDN", "OFAC-CONS", "FR-DGDDI-1" */
	char *name;        /* for people: "UN Security Council Consolidated List" */
	char *publisher;   /* "United Nations Security Council" */
	char *published;   /* publication date, "2026-02-27" */
	char *version;     /* publisher's version or record count, free text */
	char *format;      /* reader that read it: "un-xml", "ofac-xml", ... */
	int64_t entries;   /* number of entries (set by the store) */
	char *imported_at; /* set by the store */
};

struct wl_name {
	char *name;      /* as published, in its own script */
	bool weak;       /* a weak or low-quality alias (OFAC "weak", UN "Low") */
	char *type;      /* "primary", "aka", "fka", "original-script" */
};

struct wl_ident {
	char *type;    /* "passport", "national-id", "imo", "plate", "tax-id", ... */
	char *number;  /* as published */
	char *country; /* issuing country, ISO 3166-1 alpha-2, or NULL */
	char *note;
};

struct wl_entry {
	int64_t id;       /* store row id, 0 before it is stored */
	char *ref;        /* the publisher's reference: "QDi.430", "OFAC-36" */
	enum wl_kind kind;
	struct wl_name *names; /* names[0] is the primary name */
	size_t n_names;
	char **birth_dates; /* "1962-08-04", "1962", "1960/1965", "~1962" (approximately) */
	size_t n_birth_dates;
	char **birth_places; /* free text, "Kandahar, Afghanistan" */
	size_t n_birth_places;
	char **nationalities; /* ISO 3166-1 alpha-2 where known, else as published */
	size_t n_nationalities;
	struct wl_ident *idents;
	size_t n_idents;
	char **addresses;
	size_t n_addresses;
	char *programme;   /* "SDGT; IRAN", "QDi", ... */
	char *reason;      /* why listed, for the inspector */
	char *listed_on;   /* date of listing */
	char *valid_until; /* national lists: expiry, or NULL */
	char *remarks;
};

void wl_list_init(struct wl_list *l);
void wl_list_clear(struct wl_list *l);
void wl_entry_init(struct wl_entry *e, enum wl_kind kind);
void wl_entry_clear(struct wl_entry *e); /* frees everything, leaves e initialised */

/* Appenders copy their strings; they return false when out of memory.
 * wl_entry_add_name() skips an exact duplicate of a name already there.
 * An entry holds at most WL_ENTRY_MAX_VALUES of each kind of value (names,
 * dates, places, nationalities, identifiers, addresses): past that the
 * appenders return false with errno E2BIG, so that a hostile record cannot
 * make the duplicate checks take quadratic time.  Real entries hold a few
 * dozen at most.  */
#define WL_ENTRY_MAX_VALUES 1000

bool wl_entry_add_name(struct wl_entry *e, const char *name, const char *type, bool weak);
bool wl_entry_add_birth_date(struct wl_entry *e, const char *date);
bool wl_entry_add_birth_place(struct wl_entry *e, const char *place);
bool wl_entry_add_nationality(struct wl_entry *e, const char *country);
bool wl_entry_add_ident(struct wl_entry *e, const char *type, const char *number,
			const char *country, const char *note);
bool wl_entry_add_address(struct wl_entry *e, const char *address);

const char *wl_kind_name(enum wl_kind k); /* "person", "company", ... */
bool wl_kind_parse(const char *name, enum wl_kind *out);

#endif
