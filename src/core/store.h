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
 * roll back; nothing is committed behind its back.  Begun while another
 * is open, a transaction is a savepoint inside it: its commit and
 * rollback apply to its own part only, and the outer one decides.  */
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

/* --- The event log (store_events.c) ---------------------------------------
 * events.h is the way in: these are the statements under it.  The derived
 * tables (shift, inspection, seizure, lane_override, hit_decision, lookup,
 * countersign) are written only by store_event_derive().  */

struct event;

/* Start the transaction an append runs in: BEGIN IMMEDIATE when none is
 * open (*OWN true), else a savepoint inside the caller's.  End it with
 * store_event_txn_end(), committing when OK.  */
enum diag_status store_event_txn_begin(struct store *st, bool *own, struct diag *d);
enum diag_status store_event_txn_end(struct store *st, bool own, bool ok, struct diag *d);

/* The last event's seq and hash (0 and zeros for an empty log).  */
enum diag_status store_event_head(struct store *st, int64_t *seq, unsigned char hash[32],
				  struct diag *d);
/* Insert E, and record E's key for its actor if it is new.  */
enum diag_status store_event_put(struct store *st, const struct event *e, struct diag *d);
/* Update the derived tables for E (the one switch over event types).
 * Refusals (no open shift, a correction of what cannot be corrected) are
 * DIAG_NOPERM or DIAG_DATA.  */
enum diag_status store_event_derive(struct store *st, const struct event *e, struct diag *d);
/* Each event after SINCE in order; see events_walk().  */
enum diag_status store_events_walk(struct store *st, int64_t since,
				   enum diag_status (*fn)(void *ctx, const struct event *e),
				   void *ctx, struct diag *d);
/* The type of event SEQ (0 when there is none) and, when it is a
 * correction, the seq at the root of its chain of corrections in *ROOT
 * (else SEQ).  */
enum diag_status store_event_target(struct store *st, int64_t seq, int *type, int64_t *root,
				    struct diag *d);
/* The seq at which KEY was first used by ACTOR, or 0.  */
enum diag_status store_actor_key_first(struct store *st, const char *actor,
				       const unsigned char key[32], int64_t *first_seq,
				       struct diag *d);
/* The actor's open shift (its id), or 0.  */
enum diag_status store_shift_open_id(struct store *st, const char *actor, int64_t *id,
				     struct diag *d);
/* When ACTOR's open inspection of REF started (an inspection-start event
 * with no outcome yet), into OUT (21 bytes); "" when there is none.  */
enum diag_status store_inspection_started(struct store *st, const char *ref, const char *actor,
					  char out[21], struct diag *d);
/* Empty every derived table (inside the caller's transaction).  */
enum diag_status store_derived_clear(struct store *st, struct diag *d);
/* BLAKE2b-256 over every row of the derived tables, in key order: equal
 * digests mean equal tables (rebuild checks, tests).  */
enum diag_status store_derived_digest(struct store *st, unsigned char out[32], struct diag *d);


/* --- Offline sync (store_sync.c) -----------------------------------------
 * sync.h is the way in.  Keys are Ed25519 public keys (32 bytes).  */

enum store_sync_role {
	STORE_SYNC_HQ = 1,    /* HQ's key, trusted by a booth */
	STORE_SYNC_BOOTH = 2, /* a booth's key, enrolled at HQ */
};

struct store_sync_key {
	enum store_sync_role role;
	unsigned char key[32];
	char device[40];   /* the device id its events carry */
	char booth[72];    /* the name HQ gave it ("" for HQ) */
	char crossing[16]; /* UN/LOCODE, or "" */
	char added_at[24];
};

/* Add K (HQ's key replaces any earlier HQ key).  A booth name or device
 * already enrolled under another key is DIAG_DATA.  */
enum diag_status store_sync_key_put(struct store *st, const struct store_sync_key *k,
				    struct diag *d);
/* The key row for KEY, or for the booth named NAME (its name or device
 * id): *FOUND false when none.  */
enum diag_status store_sync_key_get(struct store *st, const unsigned char key[32],
				    struct store_sync_key *k, bool *found, struct diag *d);
enum diag_status store_sync_key_booth(struct store *st, const char *name,
				      struct store_sync_key *k, bool *found, struct diag *d);
/* HQ's key, *FOUND false when none is trusted.  */
enum diag_status store_sync_key_hq(struct store *st, struct store_sync_key *k, bool *found,
				   struct diag *d);
typedef enum diag_status (*store_sync_key_fn)(void *ctx, const struct store_sync_key *k);
enum diag_status store_sync_keys(struct store *st, store_sync_key_fn fn, void *ctx,
				 struct diag *d);

/* A booth's counters ("acked", "pack"): 0 when never set.  */
enum diag_status store_sync_state_get(struct store *st, const char *name, int64_t *value,
				      struct diag *d);
enum diag_status store_sync_state_set(struct store *st, const char *name, int64_t value,
				      struct diag *d);
/* How many of this vault's events HQ has not acknowledged yet (for the
 * status bar).  */
enum diag_status store_events_undelivered(struct store *st, int64_t *n, struct diag *d);
/* The hash of this vault's own event SEQ; *FOUND false when none.  */
enum diag_status store_event_hash(struct store *st, int64_t seq, unsigned char hash[32],
				  bool *found, struct diag *d);

/* At HQ: event (DEVICE, SEQ)'s hash and its link to the one before
 * (PREV may be NULL), *FOUND false when not held.  */
enum diag_status store_hq_event_hash(struct store *st, const char *device, int64_t seq,
				     unsigned char hash[32], unsigned char prev[32], bool *found,
				     struct diag *d);
/* Store E, whose type is the word TYPE (a newer booth's type is kept).  */
enum diag_status store_hq_event_put(struct store *st, const struct event *e, const char *type,
				    struct diag *d);
/* How far HQ holds DEVICE's events from 1 without a hole, and that
 * event's hash (0 and zeros for none); _advance moves it over what is
 * now held.  */
enum diag_status store_hq_head(struct store *st, const char *device, int64_t *seq,
			       unsigned char hash[32], struct diag *d);
enum diag_status store_hq_head_advance(struct store *st, const char *device, int64_t *seq,
				       struct diag *d);
/* The holes above the head: FN(ctx, first, last) for each missing range
 * below the highest seq held.  */
enum diag_status store_hq_gaps(struct store *st, const char *device,
			       void (*fn)(void *ctx, int64_t first, int64_t last), void *ctx,
			       struct diag *d);
/* Events held for DEVICE, and the highest seq.  */
enum diag_status store_hq_count(struct store *st, const char *device, int64_t *count,
				int64_t *max_seq, struct diag *d);
/* Remember a fork or a rollback seen at (DEVICE, SEQ).  */
enum diag_status store_hq_problem_add(struct store *st, const char *device, int64_t seq,
				      const char *kind, const char *detail, struct diag *d);
enum diag_status store_hq_problems(struct store *st, const char *device, int64_t *count,
				   struct diag *d);
/* BLAKE2b-256 over (device, seq, hash) of every event held, in order:
 * equal digests mean HQ holds the same events.  */
enum diag_status store_hq_digest(struct store *st, unsigned char out[32], struct diag *d);

/* At a booth: a user's public data from a pack (no key slot).  */
enum diag_status store_pack_user_put(struct store *st, const char *user, const char *role,
				     const unsigned char key[32], int64_t version,
				     struct diag *d);
enum diag_status store_pack_user_count(struct store *st, int64_t *n, struct diag *d);
/* The manifest source recorded as FROM (a pack member's in-memory file)
 * is renamed TO (the member's name).  */
enum diag_status store_source_rename(struct store *st, const char *from, const char *to,
				     struct diag *d);
enum diag_status store_pack_applied_add(struct store *st, int64_t version,
					const unsigned char sender[32], int64_t members,
					struct diag *d);

#endif
