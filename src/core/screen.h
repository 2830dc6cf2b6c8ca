/* screen: find watchlisted people, companies, vessels and vehicles.
 *
 * An in-memory index over every name of every loaded watchlist entry
 * gives the candidates for a query, so that screening does not compare a
 * name with the whole list: each distinct token of the lists is a word
 * of a vocabulary; each word points at the aliases that contain it.  A
 * query token finds every word the scorer could pair it with (a sound
 * bound on the letters they must share, then the same token similarity
 * the scorer uses), and their aliases are the candidates.  Each name is
 * also indexed whole, without spaces, so "SergeiLavrov" finds
 * "Sergei Lavrov".  Identifiers (passport numbers, IMO numbers, plates)
 * are matched exactly after normalisation.
 *
 * A candidate is scored by names_compare(); then qualifiers raise or
 * lower the score: a weak alias counts less, a date of birth or
 * nationality that agrees raises it and one that contradicts lowers it, a
 * kind that differs (a person against a vessel) lowers it.  Every hit
 * keeps what it needs to explain itself (screen_explain_json()).
 *
 * The same scorer is available without the index (screen_brute()), for
 * the benchmark that checks the index misses nothing.
 */
#ifndef DOUANE_SCREEN_H
#define DOUANE_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "names.h"
#include "watchlist.h"

#define SCREEN_THRESHOLD 0.78 /* default: a score from which a hit is raised */

struct screen_index;

/* What is screened.  Everything but NAME (or IDENT) may be NULL or 0.  */
struct screen_query {
	const char *name;
	const char *dob;     /* "1962-08-04" or "1962" */
	const char *country; /* ISO 3166-1 alpha-2 */
	enum wl_kind kind;   /* 0: unknown */
	const char *ident;   /* a document number, IMO number or plate */
};

/* One qualifier's effect on a hit.  */
struct screen_effect {
	const char *what;   /* "weak alias", "date of birth", "nationality", "kind", "identifier" */
	double delta;       /* what it added to the score (negative: took away) */
	char detail[96];    /* "1962 = 1962-08-04", "IR not in AF, PK" */
};

#define SCREEN_MAX_EFFECTS 5

struct screen_hit {
	int64_t entry_id;   /* wl_entry.id */
	uint32_t entry;     /* index of the entry in the index */
	uint32_t alias;     /* index of the alias in the index; UINT32_MAX: none */
	double score;       /* final, 0..1 */
	double name_score;  /* names_compare() alone */
	struct names_match match;
	struct screen_effect effect[SCREEN_MAX_EFFECTS];
	int n_effects;
	bool by_ident;      /* found by an identifier */
};

/* Building.  An index is filled entry by entry, then frozen.  */
struct screen_index *screen_index_new(void);
void screen_index_free(struct screen_index *ix);

/* Add entry E (with its id set) of the list SOURCE.  Names that are not
 * valid UTF-8 or that normalise to nothing are skipped.  */
enum diag_status screen_index_add(struct screen_index *ix, const struct wl_entry *e,
				  const char *source, struct diag *d);
/* Build the postings; no more adds after it.  */
enum diag_status screen_index_freeze(struct screen_index *ix, struct diag *d);

size_t screen_index_entries(const struct screen_index *ix);
size_t screen_index_aliases(const struct screen_index *ix);
size_t screen_index_words(const struct screen_index *ix);
size_t screen_index_memory(const struct screen_index *ix); /* bytes, about */

/* Screen Q: up to MAX hits at or above THRESHOLD into HITS, best first,
 * one per entry; *N is how many.  A name that is not valid UTF-8 is
 * DIAG_DATA; an empty one, or one that normalises to nothing, gives no
 * hit.  The index is only read: several threads may screen at once.  */
enum diag_status screen_query_run(const struct screen_index *ix, const struct screen_query *q,
				  double threshold, struct screen_hit *hits, size_t max, size_t *n,
				  struct diag *d);

/* The same, comparing Q with every alias of the index (the baseline of
 * the benchmark, and of the tests).  */
enum diag_status screen_brute(const struct screen_index *ix, const struct screen_query *q,
			      double threshold, struct screen_hit *hits, size_t max, size_t *n,
			      struct diag *d);

/* What a hit designates, for display.  Strings belong to the index.  */
struct screen_entry_view {
	int64_t entry_id;
	enum wl_kind kind;
	const char *source;     /* list source, "UN-SC" */
	const char *ref;        /* publisher's reference */
	const char *primary;    /* primary name */
	const char *alias;      /* the alias that matched, as published */
	bool weak;              /* that alias is weak */
	const char *programme;
	const char *reason;
	const char *dobs;       /* "1962-08-04; 1963", or "" */
	const char *countries;  /* "AF; PK", or "" */
	uint64_t version;       /* digest of the entry's content */
};

void screen_entry_view(const struct screen_index *ix, const struct screen_hit *h,
		       struct screen_entry_view *v);

/* Tokens of the alias of hit H (as the index holds them).  */
void screen_alias_name(const struct screen_index *ix, const struct screen_hit *h,
		       struct names_name *out);

/* The explanation of hit H for query Q as a JSON object, malloc'd (NULL
 * when out of memory): alias, list, programme, reason, the token pairs
 * and their scores, the tokens left over, each qualifier's effect.  */
char *screen_explain_json(const struct screen_index *ix, const struct screen_query *q,
			  const struct screen_hit *h);

/* A key for the pair (screened name and qualifiers, entry and its
 * content): a dismissed pair is not raised again unless either changes.
 * 32 hex digits and a NUL into KEY.  */
void screen_pair_key(const struct screen_query *q, const struct screen_entry_view *v,
		     char key[33]);

/* Score two names as the screener does, kinds given by the bench's
 * schema names ("Person", "Company", "Vessel"...; NULL or "" unknown).  */
double screen_pair_score(const char *name1, const char *name2, const char *schema,
			 struct names_match *m);

/* Parse "person", "company", "vessel", "vehicle", "aircraft" or the bench's
 * schema names; false when unknown.  */
bool screen_kind_parse(const char *s, enum wl_kind *out);

#endif
