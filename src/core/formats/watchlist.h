/* formats/watchlist: the readers of watchlists, and what they share.
 *
 * A watchlist reader turns one published list into a struct wl_list and a
 * stream of struct wl_entry, the model of watchlist.h.  It talks to its
 * caller (watchlist_import.c) through a struct wl_sink:
 *
 *   1. list() once, before the first entry, with the list filled in as far
 *      as the file says (source, name, publisher, published, version,
 *      format).  The sink may change it (--source) and starts storing it;
 *   2. entry() for each entry, with the line its record starts on.  The
 *      sink keeps nothing of the entry: the reader clears it afterwards;
 *   3. skip() for a record the reader read but could not make an entry of
 *      (no name at all), with a reason.  Skipping is not an error.
 *
 * A status other than DIAG_OK from the sink stops the reader, which returns
 * it.  Readers report the first problem with the file as DIAG_DATA naming
 * the file, the line and the reason.
 *
 * The XML readers are called with the safe reader of xml.h standing on the
 * root element (import picked the reader from it).  The OFAC CSV reader
 * works on buffers the importer has read (and hashed) already, because the
 * list is a set of files (primary, alt, add and comments), joined on their
 * first column.
 *
 * The helpers at the end (country names, OFAC dates) are shared by the
 * readers; they live in watchlist_common.c.
 */
#ifndef DOUANE_FORMATS_WATCHLIST_H
#define DOUANE_FORMATS_WATCHLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "formats/xml.h"
#include "../watchlist.h" /* the model (not this file) */

struct wl_sink {
	enum diag_status (*list)(void *ctx, struct wl_list *l, long line, struct diag *d);
	enum diag_status (*entry)(void *ctx, struct wl_entry *e, long line, struct diag *d);
	void (*skip)(void *ctx, long line, const char *reason);
	/* Bytes of input consumed so far, for readers that are not fed
	 * through xml.h (the CSV reader); may be NULL.  */
	void (*progress)(void *ctx, uint64_t done);
	void *ctx;
};

/* Format names, as stored with the list and shown by "douane lists".  */
#define WL_FORMAT_UN "un-xml"
#define WL_FORMAT_OFAC_XML "ofac-xml"
#define WL_FORMAT_OFAC_CSV "ofac-csv"
#define WL_FORMAT_DOUANE "douane-watchlist-1"

/* Sources the publishers' lists are stored under.  */
#define WL_SOURCE_UN "UN-SC"
#define WL_SOURCE_OFAC_SDN "OFAC-SDN"
#define WL_SOURCE_OFAC_CONS "OFAC-CONS"

/* douane's own watchlist XML (doc/formats.md, data/watchlist.xsd).  */
#define WATCHLIST_DOUANE_NS "urn:douane:watchlist:1"

/* UN Security Council Consolidated List, root <CONSOLIDATED_LIST>.  */
enum diag_status wl_un_read(struct xml_reader *x, const struct wl_sink *k, struct diag *d);

/* OFAC's list XML in the sdnList schema, root <sdnList>.  SOURCE is the
 * list's source (OFAC-SDN or OFAC-CONS): the file does not say which list
 * it is, so the importer decides (see watchlist_import.c).  */
enum diag_status wl_ofac_xml_read(struct xml_reader *x, const char *source, const struct wl_sink *k,
                                  struct diag *d);

/* douane's own watchlist XML, root <watchlist> in WATCHLIST_DOUANE_NS.  */
enum diag_status wl_douane_read(struct xml_reader *x, const struct wl_sink *k, struct diag *d);

/* The OFAC legacy CSV set.  Each buffer is a whole file as read (its
 * bytes are modified in place: decoded and split); ALT, ADD and COMMENTS
 * may have no data (len 0).  */
struct wl_csv_file {
	const char *path; /* for messages */
	char *data;       /* owned by the caller */
	size_t len;
};

struct wl_csv_set {
	struct wl_csv_file primary, alt, add, comments;
};

enum diag_status wl_ofac_csv_read(struct wl_csv_set *set, const char *source,
                                  const struct wl_sink *k, struct diag *d);

/* Does DATA (LEN bytes, the start of a file) begin with a record of the
 * OFAC primary file: 12 fields, the first an integer?  */
bool wl_ofac_csv_sniff(const char *data, size_t len);

/* --- Shared helpers (watchlist_common.c) -------------------------------- */

/* The ISO 3166-1 alpha-2 code of a country as publishers name it ("Iran
 * (Islamic Republic of)", "Korea, North", "Russia", "FR"), or NULL.  */
const char *wl_country_code(const char *name);

/* Add the nationality NAME to E: its code when known, else the text as
 * published ("former Soviet Union").  Placeholders ("na") are dropped.  */
bool wl_add_country(struct wl_entry *e, const char *name);

/* An OFAC date of birth ("10 Dec 1948", "Dec 1948", "1948", "circa 1960",
 * "1960 to 1965", "01 Jan 1960 to 31 Dec 1962") in douane's notation
 * ("1948-12-10", "1948-12", "1948", "~1960", "1960/1965") into OUT.
 * Returns false when TEXT is none of those; OUT then holds TEXT as it is.  */
bool wl_ofac_date(const char *text, char *out, size_t size);

/* "03/28/2025" into "2025-03-28"; false when TEXT is not MM/DD/YYYY.  */
bool wl_us_date(const char *text, char out[11]);

/* Is S a date "YYYY-MM-DD" (a real one)?  */
bool wl_iso_date(const char *s);

/* Append PART to the malloc'd string *DST, separated by SEP; NULL or empty
 * PART does nothing.  False when out of memory, or (errno E2BIG) when the
 * result would be longer than WL_APPEND_MAX bytes: each append measures
 * *DST again, so the cap keeps a record of many small parts from costing
 * quadratic time.  */
#define WL_APPEND_MAX (64 * 1024)
bool wl_append(char **dst, const char *sep, const char *part);

/* What a reader says when an appender failed at LINE of FILE: a record
 * with too much in it (errno E2BIG, see WL_ENTRY_MAX_VALUES and
 * WL_APPEND_MAX) is DIAG_DATA, anything else is out of memory.  */
enum diag_status wl_oom(const char *file, long line, struct diag *d);

/* Consume the current element whole, whatever it holds (the reader is left
 * on its end).  For elements of other people's formats that douane does not
 * use.  */
enum diag_status wl_xml_skip(struct xml_reader *x, struct diag *d);

#endif
