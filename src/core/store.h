/* store: the one way into douane's database.
 *
 * store_open() is the single place the database is opened: on a vault that
 * vault_open() or vault_create() unlocked, through the vault's encrypting
 * VFS.  Every read and write of the rest of douane goes through the
 * functions below, and no code outside src/core writes SQL.
 *
 * Schema changes are migrations, numbered by PRAGMA user_version and applied
 * in order inside one transaction when a store is opened.
 *
 * Lists are read by key, never loaded whole: store_queue_page() returns the
 * rows after (or before) a key, at most N of them, from an index.
 */
#ifndef DOUANE_STORE_H
#define DOUANE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "subject.h"
#include "watchlist.h"

struct store;
struct vault;

enum store_open_flags {
	STORE_READONLY = 1 << 1, /* open read-only */
};

/* Open (and migrate) the database of the unlocked vault V.  Close the store
 * before vault_close(V).  */
enum diag_status store_open(struct store **out, struct vault *v, unsigned flags,
			    struct diag *d);
/* Close ST and release all SQLite memory it held.  ST may be NULL.  */
void store_close(struct store *st);

/* Schema version the code expects, and the one in the file.  */
int store_schema_version(void);
int store_file_version(struct store *st);

/* Transactions.  A failed statement inside one leaves it to the caller to
 * roll back; nothing is committed behind its back.  */
enum diag_status store_begin(struct store *st, struct diag *d);
enum diag_status store_commit(struct store *st, struct diag *d);
void store_rollback(struct store *st);

/* Imported files are remembered by a digest of their content, so the same
 * file imported twice changes nothing.  */
enum diag_status store_source_find(struct store *st, const char *digest_hex, bool *found,
				   struct diag *d);
enum diag_status store_source_add(struct store *st, const char *path, const char *digest_hex,
				  const char *format, int64_t *id_out, struct diag *d);
enum diag_status store_source_set_count(struct store *st, int64_t id, int64_t records,
					struct diag *d);

/* Store S (its id is set on success).  A subject whose reference is already
 * stored is replaced when REPLACE is true, else it is a DIAG_DATA error.  */
enum diag_status store_subject_put(struct store *st, struct subject *s, int64_t source_id,
				   bool replace, struct diag *d);

/* Load subject ID into S (initialised by the callee; subject_clear() it).  */
enum diag_status store_subject_get(struct store *st, int64_t id, struct subject *s,
				   struct diag *d);
enum diag_status store_subject_find(struct store *st, const char *ref, int64_t *id,
				    struct diag *d);

/* --- Watchlists --------------------------------------------------------- */

enum store_wl_action {
	STORE_WL_NEW,      /* no list from this source was loaded */
	STORE_WL_REPLACED, /* an older version was loaded and is being replaced */
};

/* Is a watchlist file with this digest loaded?  */
enum diag_status store_watchlist_find_digest(struct store *st, const char *digest_hex,
					     bool *found, struct diag *d);

/* Start storing LIST (inside the caller's transaction); sets LIST->id.
 * A list from the same source published later than LIST is kept and LIST
 * refused (DIAG_DATA, naming both dates); otherwise the loaded one, with all
 * its entries, is replaced.  */
enum diag_status store_watchlist_begin(struct store *st, struct wl_list *list,
				       const char *digest_hex, enum store_wl_action *action,
				       struct diag *d);
enum diag_status store_wl_entry_put(struct store *st, int64_t list_id, struct wl_entry *e,
				    struct diag *d);
enum diag_status store_watchlist_finish(struct store *st, int64_t list_id, int64_t entries,
					struct diag *d);

/* Call FN for each loaded list, by source.  FN's non-zero status stops the
 * walk and is returned.  */
typedef enum diag_status (*store_watchlist_fn)(void *ctx, const struct wl_list *l);
enum diag_status store_watchlists(struct store *st, store_watchlist_fn fn, void *ctx,
				  struct diag *d);

/* Load entry ID into E (initialised by the callee; wl_entry_clear() it);
 * *LIST_ID, if not NULL, is set to its list.  */
enum diag_status store_wl_entry_get(struct store *st, int64_t id, struct wl_entry *e,
				    int64_t *list_id, struct diag *d);

/* --- Screening hits (store_screen.c) ------------------------------------- */

struct screen_index;

enum store_screen_decision {
	SCREEN_OPEN = 0,
	SCREEN_CONFIRMED = 1,
	SCREEN_DISMISSED = 2,
};

/* One hit of a subject: a name or identifier of it against an entry.  */
struct store_screen_hit {
	int64_t id;          /* set by the store */
	int64_t subject_id;
	char *role;          /* consignee, consignor, traveller, vehicle, conveyance ... */
	char *name;          /* the screened name or identifier */
	int64_t entry_id;    /* wl_entry.id */
	char *list_source;   /* "UN-SC" */
	double score;        /* 0..1 */
	char *alias;         /* the alias that matched */
	char *explain;       /* JSON (screen_explain_json()) */
	int decision;        /* enum store_screen_decision */
	char *reason;        /* the inspector's reason, or NULL */
	char *pair_key;
};

void store_screen_hit_clear(struct store_screen_hit *h);

/* Build the screening index from every loaded watchlist.  */
enum diag_status store_screen_index(struct store *st, struct screen_index **out,
				    struct diag *d);
/* Add every loaded watchlist entry to IX without freezing it.  */
enum diag_status store_screen_index_load(struct store *st, struct screen_index *ix,
					 struct diag *d);

/* Replace the hits of SUBJECT_ID with HITS (inside the caller's
 * transaction, or in one of its own when there is none).  A pair
 * dismissed before is stored dismissed, with its reason, and is not
 * raised; a pair confirmed before stays confirmed.  */
enum diag_status store_screen_hits_replace(struct store *st, int64_t subject_id,
					   const struct store_screen_hit *hits, size_t n,
					   struct diag *d);

/* Call FN for each hit of SUBJECT_ID, best first.  H's strings belong to
 * the store for the call only.  */
typedef enum diag_status (*store_screen_hit_fn)(void *ctx, const struct store_screen_hit *h);
enum diag_status store_screen_hits(struct store *st, int64_t subject_id,
				   store_screen_hit_fn fn, void *ctx, struct diag *d);

/* Confirm or dismiss hit HIT_ID with REASON (required).  A dismissed pair
 * is remembered by its key; confirming forgets an earlier dismissal.
 * An unknown hit is DIAG_NOINPUT.  */
enum diag_status store_screen_decide(struct store *st, int64_t hit_id, int decision,
				     const char *reason, struct diag *d);

/* For risk: how many hits of SUBJECT_ID are open or confirmed, and the
 * best score among them (0 when none).  */
enum diag_status store_screen_summary(struct store *st, int64_t subject_id,
				      int *open_or_confirmed_hits, double *best_score,
				      struct diag *d);

/* Remove hits to entries that are no longer loaded; *REMOVED how many.  */
enum diag_status store_screen_prune(struct store *st, int64_t *removed, struct diag *d);

/* Subjects with an id above AFTER, in id order; FN's non-zero status
 * stops the walk.  */
typedef enum diag_status (*store_subject_id_fn)(void *ctx, int64_t id);
enum diag_status store_subject_ids(struct store *st, int64_t after, store_subject_id_fn fn,
				   void *ctx, struct diag *d);

/* The highest subject id screened (0: none), and setting it.  */
enum diag_status store_screen_last(struct store *st, int64_t *last, struct diag *d);
enum diag_status store_screen_set_last(struct store *st, int64_t last, struct diag *d);

/* --- The queue ---------------------------------------------------------- */

/* Position in the queue.  The queue is ordered by lane (red first), then
 * score (highest first), then id (oldest first).  */
struct store_queue_key {
	int lane;
	int score;
	int64_t id;
};

#define STORE_TEXT_MAX 96

/* One queue row: short copies of what a list shows, no allocation.  */
struct store_queue_row {
	struct store_queue_key key;
	enum subject_kind kind;
	enum subject_status status;
	char ref[STORE_TEXT_MAX];
	char party[STORE_TEXT_MAX];
	char origin[4];
	char destination[4];
	char hs_summary[STORE_TEXT_MAX]; /* "930621 +2" */
	char arrival[24];
	char mode[12];
};

enum store_direction {
	STORE_FORWARD,  /* rows after the key, in queue order */
	STORE_BACKWARD, /* rows before the key, nearest first */
};

struct store_queue_filter {
	int lane;         /* -1 for any */
	int kind;         /* 0 for any */
	int status;       /* -1 for any */
	const char *text; /* substring of reference or party, or NULL */
};

void store_queue_filter_init(struct store_queue_filter *f);

/* Up to MAX rows next to AFTER (NULL: from the start in FORWARD, from the end
 * in BACKWARD) into ROWS; *N is set to how many.  */
enum diag_status store_queue_page(struct store *st, const struct store_queue_filter *f,
				  const struct store_queue_key *after, enum store_direction dir,
				  struct store_queue_row *rows, size_t max, size_t *n,
				  struct diag *d);

enum diag_status store_queue_count(struct store *st, const struct store_queue_filter *f,
				   int64_t *count, struct diag *d);

#endif
