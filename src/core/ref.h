/* ref: reference tables compiled into douane.
 *
 * The Harmonized System 2022 nomenclature (chapters, headings and
 * subheadings) and the ISO 3166-1 alpha-2 country codes as UN/LOCODE uses
 * them.  Sources and licences: data/reference/README.md.
 */
#ifndef DOUANE_REF_H
#define DOUANE_REF_H

#include <stdbool.h>
#include <stddef.h>

struct ref_hs {
	const char *code;        /* "93", "9306", "930621" */
	const char *description; /* UN Comtrade abbreviated text */
};

struct ref_country {
	const char *code; /* "FR" */
	const char *name; /* "France" */
};

/* A tariff code as it appears on a declaration: 6, 8 or 10 digits whose
 * first six are an HS 2022 subheading.  National digits beyond six are not
 * checked (they differ by country).  */
bool ref_hs_valid(const char *code);

/* The description of the longest HS prefix of CODE (subheading, heading or
 * chapter), or NULL when none is known.  */
const char *ref_hs_description(const char *code);

/* Number of entries, and entry I, of the HS table (chapters, headings,
 * subheadings, sorted by code).  */
size_t ref_hs_count(void);
const struct ref_hs *ref_hs_at(size_t i);

/* Two upper-case letters naming a country in the table.  */
bool ref_country_valid(const char *code);
const char *ref_country_name(const char *code);
size_t ref_country_count(void);
const struct ref_country *ref_country_at(size_t i);

#endif
