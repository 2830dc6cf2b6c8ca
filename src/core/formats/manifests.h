/* manifests: the readers of manifests in other people's formats.
 *
 * douane's own manifest XML is read strictly (formats.h); the formats here
 * are published by others, have many optional parts and grow new ones, so
 * their readers are tolerant: they take what they map to douane's model
 * (doc/formats.md, "Manifest formats") and skip every other element.  What
 * does not add up in what they take (a piece count that does not match the
 * items, a missing transport mode, a placeholder code) does not stop the
 * import: it is recorded on the subject as a data-quality finding.  Only a
 * file that cannot be read (malformed, hostile, truncated), a subject
 * without a reference, or a message that is not a manifest at all (a
 * customs response, an intervention notice) is refused.
 *
 *   manifest_wco.c      WCO Data Model 3.x declarations (UK CDS, DMS)
 *   manifest_iata.c     IATA Cargo-XML air waybills, XFWB and XFZB
 *   manifest_ics.c      EU ICS entry summary declarations, CC315A
 *   manifest_foreign.c  what the three share: a tolerant walk over an
 *                       element's subtree, dates, codes and findings
 */
#ifndef DOUANE_FORMATS_MANIFESTS_H
#define DOUANE_FORMATS_MANIFESTS_H

#include "formats/formats.h"

/* Namespaces of the root elements.  */
#define MANIFEST_WCO_NS_META "urn:wco:datamodel:WCO:DocumentMetaData-DMS:2"
#define MANIFEST_WCO_NS_DEC "urn:wco:datamodel:WCO:DEC-DMS:2"
#define MANIFEST_WCO_NS_HMRC                                                                       \
	"http://uk/gov/hmrc/mdg/declarationmanagement/submitdeclaration/request/schema/v1"
#define MANIFEST_IATA_NS_XFWB "iata:waybill:1"
#define MANIFEST_IATA_NS_XFZB "iata:housewaybill:1"
#define MANIFEST_ICS_NS_CC315A "http://ics.dgtaxud.ec/CC315A"
#define MANIFEST_ICS_NS_CC313A "http://ics.dgtaxud.ec/CC313A"
#define MANIFEST_ICS_NS_CC351A "http://ics.dgtaxud.ec/CC351A"

enum diag_status manifest_wco_read(struct xml_reader *x, formats_sink_fn sink, void *sink_ctx,
                                   struct diag *d);
enum diag_status manifest_iata_read(struct xml_reader *x, formats_sink_fn sink, void *sink_ctx,
                                    struct diag *d);
enum diag_status manifest_ics_read(struct xml_reader *x, formats_sink_fn sink, void *sink_ctx,
                                   struct diag *d);

/* import.c lists one row per root element in its table of readers;
 * un-namespaced roots (WCO notifications, HMRC's notificationResponse) have
 * "" as namespace, so that they reach a reader that refuses them clearly.  */

/* --- What the readers share (manifest_foreign.c) ------------------------- */

#define FOREIGN_PATH_MAX 1024

/* A walk over the subtree of one element, by local names (namespaces are
 * not looked at below the root: the readers know their vocabulary).  START
 * is called on each descendant's start tag with the reader standing on it
 * (it may read attributes, and must not move the reader); END on its end,
 * with the element's text when it has no child elements (white space
 * collapsed), NULL otherwise.  PATH is relative to the walked element:
 * "GoodsShipment/Consignment/TransportEquipment/ID".  Either callback may
 * be NULL.  */
typedef enum diag_status (*foreign_start_fn)(void *ctx, const char *path, struct diag *d);
typedef enum diag_status (*foreign_end_fn)(void *ctx, const char *path, const char *text,
                                           struct diag *d);

enum diag_status foreign_walk(struct xml_reader *x, foreign_start_fn start, foreign_end_fn end,
                              void *ctx, struct diag *d);

/* Read the rest of the document, so that a truncated or malformed tail
 * refuses the file as a whole.  */
enum diag_status foreign_finish(struct xml_reader *x, struct diag *d);

/* The last component of PATH ("ID" of "Consignment/ID").  */
const char *foreign_leaf(const char *path);

/* Whether PATH is SUFFIX or ends in "/" SUFFIX.  */
bool foreign_ends(const char *path, const char *suffix);

/* An attribute of the current element (any namespace ignored), as a new
 * string with white space collapsed; NULL when absent.  *OOM is set when
 * memory ran out.  */
char *foreign_attr(struct xml_reader *x, const char *name, bool *oom);

/* A date and time as the sources write them, into BUF as UTC
 * "YYYY-MM-DDThh:mm:ssZ":
 *   ISO 8601 "2021-03-10T11:00:00", with fractions, "Z" or "+01:00";
 *   compact "20250326112200", "20250326112200+01", "...Z", "...+0100"
 *     (UN/EDIFACT 2379 code 304), "202503261122" (ICS), "20250326" (102);
 * a time without a zone is taken as UTC.  False when TEXT is none of
 * these or not a real date.  */
bool foreign_datetime(const char *text, char buf[21]);

/* A decimal number ("1042.0", "3,5" is refused); false when not one.  */
bool foreign_decimal(const char *text, double *out);
/* A non-negative integer that fits a long.  */
bool foreign_count(const char *text, long *out);

/* A mass in kilograms from VALUE in UNIT (UN/ECE Rec. 20: KGM, GRM, TNE,
 * LBR; NULL or "" means kilograms); false for another unit.  */
bool foreign_mass_kg(const char *value, const char *unit, double *out);

/* Transport mode of UN/ECE Recommendation 19 (1 sea, 2 rail, 3 road, 4 air,
 * 5 post, 8 inland waterway; two-digit codes by their first digit), as
 * douane names it, or NULL (7 fixed installation, 9 unknown, others).  */
const char *foreign_mode(const char *code);

/* A tariff code: the digits of RAW (spaces and dots dropped) cut to 10.
 * Returns a new string, or NULL when out of memory; *STATUS says what it
 * is: 0 a valid code (6, 8 or 10 digits, an HS 2022 subheading), else a
 * finding code ("placeholder-hs-code", "invalid-hs-code").  */
char *foreign_hs(const char *raw, const char **status);

/* Add finding CODE to S with a printf-formatted detail; false when out of
 * memory.  */
bool foreign_finding(struct subject *s, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Check COUNTRY (may be NULL) found at WHERE for S.  Two letters (in any
 * case) are returned upper-cased as a new string, known or not, so that
 * nothing the declaration says is lost; one that is not a known ISO 3166-1
 * code also records finding "placeholder-country" (the user-assigned codes
 * AA, QM-QZ, XA-XZ, ZZ, and "EN" that sample files use) or
 * "invalid-country".  Anything else records "invalid-country" and returns
 * NULL.  *OOM is set when memory ran out.  */
char *foreign_country(struct subject *s, const char *country, const char *where, bool *oom);

/* Set *DST to a copy of V unless already set (the first occurrence wins);
 * false when out of memory.  */
bool foreign_set(char **dst, const char *v);

/* "out of memory", as DIAG_SOFTWARE for FILE.  */
enum diag_status foreign_oom(struct xml_reader *x, struct diag *d);

#endif
