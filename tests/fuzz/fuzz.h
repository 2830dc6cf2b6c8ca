/* fuzz: what the libFuzzer targets of the readers share (make fuzz).
 *
 * Each target (tests/fuzz/fuzz_<reader>.c) feeds libFuzzer's bytes to one
 * reader exactly as the importers do, but without a vault: the XML goes
 * through the safe reader of formats/xml.h, fed from memory by
 * fuzz_xml_read(); the root element picks the reader as import.c and
 * watchlist_import.c pick it; the reader's subjects and entries go to the
 * sinks below, which store nothing and check what every reader promises:
 *
 *   - every string handed over is valid UTF-8 (the model's contract; the
 *     store and screening rely on it);
 *   - a subject has a reference (the store requires one), a watchlist
 *     entry at least one name, a reference that is NULL rather than empty,
 *     and the counts of their arrays match non-NULL arrays;
 *   - an error comes back as a status with a message, never as a crash.
 *
 * A broken promise calls fuzz_fail(), which aborts so that libFuzzer keeps
 * the input.  The targets are built with clang -fsanitize=fuzzer,address,
 * undefined by "make fuzz" (tests/fuzz/local.mk), which also runs them over
 * seed corpora made from the bundled samples (tests/fuzz/run-fuzz.sh).
 */
#ifndef DOUANE_FUZZ_H
#define DOUANE_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "formats/formats.h"
#include "formats/watchlist.h"
#include "formats/xml.h"
#include "subject.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline void
fuzz_fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz: broken promise: %s (%s)\n", what, detail ? detail : "");
	abort();
}

/* --- Input from memory --------------------------------------------------- */

struct fuzz_mem {
	const uint8_t *p;
	size_t left;
};

static inline int
fuzz_xml_read(void *ctx, char *buf, int len)
{
	struct fuzz_mem *m = ctx;
	size_t n = m->left < (size_t)len ? m->left : (size_t)len;

	memcpy(buf, m->p, n);
	m->p += n;
	m->left -= n;
	return (int)n;
}

/* Open the XML in DATA and advance to its root element; false when the
 * document is refused before it (which must come with a message).  */
static inline bool
fuzz_xml_open_root(struct xml_reader *x, struct fuzz_mem *m, const uint8_t *data, size_t size)
{
	struct diag d;

	m->p = data;
	m->left = size;
	diag_clear(&d);
	if (xml_reader_open(x, "fuzz.xml", fuzz_xml_read, m, &d) != DIAG_OK)
		fuzz_fail("xml_reader_open failed", d.msg);
	if (xml_reader_root(x, &d) != DIAG_OK) {
		if (d.status == DIAG_OK || d.msg[0] == '\0')
			fuzz_fail("a refused document without a reason", NULL);
		xml_reader_close(x);
		return false;
	}
	return true;
}

/* A reader's final status: DIAG_OK, or an error with its reason.  */
static inline void
fuzz_check_status(enum diag_status rc, const struct diag *d)
{
	if (rc == DIAG_OK)
		return;
	if (d->status != rc)
		fuzz_fail("the status returned is not the one in the diag", d->msg);
	if (d->msg[0] == '\0')
		fuzz_fail("an error without a reason", NULL);
	if (rc != DIAG_DATA && rc != DIAG_USAGE)
		fuzz_fail("a reader failed otherwise than on bad data", d->msg);
}

/* --- UTF-8 ------------------------------------------------------------------ */

/* Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past
 * U+10FFFF.  */
static inline bool
fuzz_utf8_valid(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	while (*s) {
		unsigned char c = *s;
		unsigned int cp;
		int k;

		if (c < 0x80) {
			s++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			k = 1, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			k = 2, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			k = 3, cp = c & 0x07;
		else
			return false;
		for (int j = 1; j <= k; j++) {
			if ((s[j] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[j] & 0x3F);
		}
		if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		s += k + 1;
	}
	return true;
}

static inline void
fuzz_str(const char *what, const char *s)
{
	if (s != NULL && !fuzz_utf8_valid(s))
		fuzz_fail("a string that is not valid UTF-8", what);
}

static inline void
fuzz_array(const char *what, const void *arr, size_t n)
{
	if ((arr == NULL) != (n == 0))
		fuzz_fail("an array and its count disagree", what);
}

/* --- Manifests ------------------------------------------------------------ */

static inline enum diag_status
fuzz_subject_sink(void *ctx, struct subject *s, long line, struct diag *d)
{
	(void)ctx;
	(void)d;
	if (line < 0)
		fuzz_fail("a subject on a negative line", NULL);
	if (s->ref == NULL || s->ref[0] == '\0')
		fuzz_fail("a subject without a reference", NULL);
	if (s->kind != SUBJECT_CONSIGNMENT && s->kind != SUBJECT_TRAVELLER &&
	    s->kind != SUBJECT_VEHICLE)
		fuzz_fail("a subject of no known kind", s->ref);
	fuzz_str("ref", s->ref);
	fuzz_str("mode", s->mode);
	fuzz_str("arrival", s->arrival);
	fuzz_str("crossing", s->crossing);
	fuzz_str("conveyance", s->conveyance);
	fuzz_str("conveyance_nationality", s->conveyance_nationality);
	fuzz_str("name", s->name);
	fuzz_str("birth_date", s->birth_date);
	fuzz_str("nationality", s->nationality);
	fuzz_str("doc_type", s->doc_type);
	fuzz_str("doc_number", s->doc_number);
	fuzz_str("doc_country", s->doc_country);
	fuzz_str("plate", s->plate);
	fuzz_str("plate_country", s->plate_country);
	fuzz_array("parties", s->parties, s->n_parties);
	fuzz_array("items", s->items, s->n_items);
	fuzz_array("containers", s->containers, s->n_containers);
	fuzz_array("route", s->route, s->n_route);
	fuzz_array("findings", s->findings, s->n_findings);
	for (size_t i = 0; i < s->n_parties; i++) {
		fuzz_str("party role", s->parties[i].role);
		fuzz_str("party name", s->parties[i].name);
		fuzz_str("party country", s->parties[i].country);
		fuzz_str("party address", s->parties[i].address);
		fuzz_str("party ident", s->parties[i].ident);
	}
	for (size_t i = 0; i < s->n_items; i++) {
		fuzz_str("hs_code", s->items[i].hs_code);
		fuzz_str("description", s->items[i].description);
		fuzz_str("origin", s->items[i].origin);
		fuzz_str("package_kind", s->items[i].package_kind);
		fuzz_str("currency", s->items[i].currency);
	}
	for (size_t i = 0; i < s->n_containers; i++) {
		fuzz_str("container number", s->containers[i].number);
		fuzz_str("container seal", s->containers[i].seal);
	}
	for (size_t i = 0; i < s->n_route; i++) {
		if (s->route[i] == NULL)
			fuzz_fail("a NULL route country", s->ref);
		fuzz_str("route", s->route[i]);
	}
	for (size_t i = 0; i < s->n_findings; i++) {
		if (s->findings[i].code == NULL)
			fuzz_fail("a finding without a code", s->ref);
		fuzz_str("finding code", s->findings[i].code);
		fuzz_str("finding detail", s->findings[i].detail);
	}
	return DIAG_OK;
}

/* One manifest format: its root elements (local name and namespace, ""
 * for none) as import.c's table lists them, and its reader.  */
struct fuzz_manifest_root {
	const char *root, *ns;
};

static inline void
fuzz_manifest(const uint8_t *data, size_t size, const struct fuzz_manifest_root *roots,
              formats_manifest_read_fn read)
{
	struct xml_reader x;
	struct fuzz_mem m;
	struct diag d;
	const char *root, *ns;
	bool mine = false;
	enum diag_status rc;

	if (!fuzz_xml_open_root(&x, &m, data, size))
		return;
	root = xml_reader_name(&x);
	ns = xml_reader_namespace(&x);
	for (size_t i = 0; roots[i].root != NULL; i++)
		if (strcmp(roots[i].root, root) == 0 &&
		    strcmp(roots[i].ns, ns != NULL ? ns : "") == 0)
			mine = true;
	if (mine) {
		diag_clear(&d);
		rc = read(&x, fuzz_subject_sink, NULL, &d);
		fuzz_check_status(rc, &d);
	}
	xml_reader_close(&x);
}

/* --- Watchlists ----------------------------------------------------------- */

struct fuzz_wl {
	bool listed; /* list() was called */
};

static inline enum diag_status
fuzz_wl_list(void *ctx, struct wl_list *l, long line, struct diag *d)
{
	struct fuzz_wl *w = ctx;

	(void)line;
	(void)d;
	if (w->listed)
		fuzz_fail("list() called twice", NULL);
	w->listed = true;
	if (l->source == NULL || l->source[0] == '\0')
		fuzz_fail("a list without a source", NULL);
	fuzz_str("list source", l->source);
	fuzz_str("list name", l->name);
	fuzz_str("list publisher", l->publisher);
	fuzz_str("list published", l->published);
	fuzz_str("list version", l->version);
	fuzz_str("list format", l->format);
	return DIAG_OK;
}

static inline void
fuzz_strs(const char *what, char **arr, size_t n)
{
	fuzz_array(what, arr, n);
	for (size_t i = 0; i < n; i++) {
		if (arr[i] == NULL)
			fuzz_fail("a NULL string in an array", what);
		fuzz_str(what, arr[i]);
	}
}

static inline enum diag_status
fuzz_wl_entry(void *ctx, struct wl_entry *e, long line, struct diag *d)
{
	struct fuzz_wl *w = ctx;

	(void)line;
	(void)d;
	if (!w->listed)
		fuzz_fail("an entry before the list", NULL);
	if (e->ref != NULL && e->ref[0] == '\0')
		fuzz_fail("an empty reference (NULL is none)", NULL);
	if (e->n_names == 0)
		fuzz_fail("an entry without a name", e->ref);
	if (e->kind < WL_PERSON || e->kind > WL_DOCUMENT)
		fuzz_fail("an entry of no known kind", e->ref);
	fuzz_str("ref", e->ref);
	fuzz_array("names", e->names, e->n_names);
	for (size_t i = 0; i < e->n_names; i++) {
		if (e->names[i].name == NULL)
			fuzz_fail("a NULL name", e->ref);
		fuzz_str("name", e->names[i].name);
		fuzz_str("name type", e->names[i].type);
	}
	fuzz_strs("birth_dates", e->birth_dates, e->n_birth_dates);
	fuzz_strs("birth_places", e->birth_places, e->n_birth_places);
	fuzz_strs("nationalities", e->nationalities, e->n_nationalities);
	fuzz_strs("addresses", e->addresses, e->n_addresses);
	fuzz_array("idents", e->idents, e->n_idents);
	for (size_t i = 0; i < e->n_idents; i++) {
		fuzz_str("ident type", e->idents[i].type);
		fuzz_str("ident number", e->idents[i].number);
		fuzz_str("ident country", e->idents[i].country);
		fuzz_str("ident note", e->idents[i].note);
	}
	fuzz_str("programme", e->programme);
	fuzz_str("reason", e->reason);
	fuzz_str("listed_on", e->listed_on);
	fuzz_str("valid_until", e->valid_until);
	fuzz_str("remarks", e->remarks);
	return DIAG_OK;
}

static inline void
fuzz_wl_skip(void *ctx, long line, const char *reason)
{
	(void)ctx;
	(void)line;
	if (reason == NULL || reason[0] == '\0')
		fuzz_fail("a record skipped without a reason", NULL);
	fuzz_str("skip reason", reason);
}

#define FUZZ_WL_SINK(w) {fuzz_wl_list, fuzz_wl_entry, fuzz_wl_skip, NULL, (w)}

#endif
