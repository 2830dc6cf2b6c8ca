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
#include "risk.h"
#include "rules.h"
#include "subject.h"
#include "watchlist.h"

struct store;
struct vault;

enum store_open_flags {
	STORE_READONLY = 1 << 1, /* open read-only */
	/* An interface's store: a page cache of 32 MB, so that the keys of
	 * one search read the subjects of the one before from memory (a
	 * batch keeps SQLite's 2 MB, and its memory flat).  */
	STORE_INTERACTIVE = 1 << 2,
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
/* Around a bulk write (an import): a larger, bounded page cache (32 MiB)
 * while ON, the store's own size after (2 MiB, or 32 MiB for
 * STORE_INTERACTIVE).  store_bulk_cache() names the size in KiB; 0 goes
 * back.  */
void store_bulk(struct store *st, bool on);
void store_bulk_cache(struct store *st, int kib);
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

/* Confirm or dismiss hit HIT_ID with REASON (required); called by the
 * event log as it derives a hit-decision event (events.h), which is how
 * decisions are made, signed.  A dismissed pair
 * is remembered by its key; confirming forgets an earlier dismissal.
 * An unknown hit is DIAG_NOINPUT.  */
enum diag_status store_screen_decide(struct store *st, int64_t hit_id, int decision,
				     const char *reason, struct diag *d);
/* The reference of the subject hit HIT_ID is on, into REF (SIZE bytes);
 * DIAG_NOINPUT for an unknown hit.  */
enum diag_status store_screen_hit_ref(struct store *st, int64_t hit_id, char *ref, size_t size,
				      struct diag *d);

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
 * score (highest first), then id (oldest first), unless the filter asks
 * for another order (enum store_queue_sort): then only the id of the key
 * counts, and the store looks its arrival or reference up by that id, so a
 * key is always plain numbers.  */
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

/* Orders of the queue; each is one index, paged by key.  */
enum store_queue_sort {
	STORE_SORT_RANK = 0, /* lane, score, id: the risk order (default) */
	STORE_SORT_ARRIVAL,  /* expected arrival (none first), then id */
	STORE_SORT_REF,      /* reference */
	STORE_SORT_COUNT
};

struct store_queue_filter {
	int lane;             /* -1 for any */
	int kind;             /* 0 for any */
	int status;           /* -1 for any */
	const char *text;     /* substring of reference or party (ASCII letters
			       * in either case), or NULL */
	const char *crossing; /* UN/LOCODE of the crossing, or NULL for any */
	enum store_queue_sort sort;
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

/* The count of store_queue_count(), but stopped at MAX: *COUNT == MAX means
 * "MAX or more".  A search is counted in a few milliseconds this way,
 * where its exact count may read every subject.  */
enum diag_status store_queue_count_max(struct store *st, const struct store_queue_filter *f,
				       int64_t max, int64_t *count, struct diag *d);

/* The crossing that comes after AFTER (NULL: the first) in the order of
 * their codes, among the subjects' crossings, into OUT (SIZE bytes); *FOUND
 * is false when there is none.  One index lookup: a list of crossings is
 * walked with it without reading the queue.  */
enum diag_status store_queue_crossing_next(struct store *st, const char *after, char *out,
					   size_t size, bool *found, struct diag *d);
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
/* --- History (store_history.c) -------------------------------------------- */

/* One earlier inspection of another subject sharing a party, a name, a
 * plate or a road conveyance with the subject asked about.  */
struct store_history_row {
	int64_t subject_id;
	int64_t outcome_seq;
	char ref[STORE_TEXT_MAX];
	char matched[STORE_TEXT_MAX]; /* the name or plate they share */
	char result[32];              /* outcome.h's result code */
	char ended_at[24];
	char actor[72];
	int seizures;      /* seizure lines */
	char seized[160];  /* "cigarettes 12000 H87 +1", or "" */
};

/* The newest MAX such inspections into ROWS (*N of them).  */
enum diag_status store_subject_history(struct store *st, int64_t subject_id,
				       struct store_history_row *rows, size_t max, size_t *n,
				       struct diag *d);
/* --- Risk (store_risk.c) ------------------------------------------------ */

/* The rule set in force, as loaded.  */
struct store_ruleset_info {
	int64_t id;
	char digest[65]; /* BLAKE2b-256 of the text, hex */
	int rules;
	char loaded_at[24];
	char loaded_by[72];
};

/* Check TEXT (LEN bytes, read from FILE) as a whole and, only when it has
 * no problem at all, make it the rule set in force (the next scoring
 * rescores everything).  On a problem nothing changes, PROBS (may be NULL)
 * lists every problem and the status is DIAG_DATA.  ACTOR is who loads it. */
enum diag_status store_risk_rules_load(struct store *st, const char *text, size_t len,
				       const char *file, const char *actor,
				       struct rule_problems *probs, struct diag *d);

/* The rule set in force (*RS NULL and INFO->id 0 when none was loaded);
 * rule_set_free() it.  INFO may be NULL.  */
enum diag_status store_risk_rules_get(struct store *st, struct rule_set **rs,
				      struct store_ruleset_info *info, struct diag *d);

/* Thresholds and random selection (risk.h), defaults for what was never
 * set.  Setting one (DIAG_USAGE on a bad key or value) rescores
 * everything at the next scoring.  */
enum diag_status store_risk_settings_get(struct store *st, struct risk_settings *cfg,
					 struct diag *d);
enum diag_status store_risk_setting_set(struct store *st, const char *key, const char *value,
					struct diag *d);

/* What the store knows of subject S beyond its declaration: screening hits
 * (table screen_hit, once it exists), prior seizures and inspections of a
 * party or vehicle on other subjects (table inspection, once it exists),
 * and whether its consignee is new.  */
enum diag_status store_risk_facts(struct store *st, const struct subject *s,
				  struct risk_facts *facts, struct diag *d);

/* Mark a subject for rescoring (for modules whose records change facts). */
enum diag_status store_risk_mark_dirty(struct store *st, int64_t subject_id, struct diag *d);

enum store_score_flags {
	STORE_SCORE_ALL = 1 << 0,       /* rescore every subject */
	STORE_SCORE_READ_ONLY = 1 << 1, /* benchmark baseline: read, do not score */
};

struct store_score_stats {
	bool full;          /* everything was rescored */
	int64_t scored;     /* subjects scored */
	int64_t lanes[4];   /* of them, by lane */
	int64_t random;     /* selected at random */
	int64_t overridden; /* whose lane an override kept */
	int64_t budget_exceeded; /* conditions that ran out of steps */
};

/* Score what is new or changed since the last scoring, or everything when
 * the rule set or the settings changed (or FLAGS has STORE_SCORE_ALL).
 * Writes subject.lane and subject.score and the contributions, in one
 * transaction.  DIAG_NOINPUT when no rule set is in force.  TODAY
 * ("YYYY-MM-DD", or NULL for the clock's) dates subjects with no arrival. */
enum diag_status store_risk_score(struct store *st, unsigned flags, const char *today,
				  struct store_score_stats *stats, struct diag *d);

/* One line of an explanation.  */
struct store_explain_item {
	enum risk_contrib_kind kind;
	char rule_id[72];
	int version;
	int points;
	enum subject_lane lane;  /* the rule's floor, or the lane drawn */
	const struct rule *rule; /* NULL when the rule set no longer has it */
};

struct store_explanation {
	int64_t subject_id;
	int score;
	enum subject_lane lane;
	bool scored;              /* false: not scored yet */
	struct store_ruleset_info ruleset; /* the rule set it was scored with */
	struct risk_settings settings;
	size_t n;
	struct store_explain_item *v;
	/* The latest lane override, if any.  */
	bool overridden;
	enum subject_lane override_lane;
	char override_reason[512];
	char override_actor[72];
	char override_at[24];
	struct rule_set *rs; /* owns what the items' rules point at */
};

enum diag_status store_risk_explain(struct store *st, int64_t subject_id,
				    struct store_explanation *ex, struct diag *d);
void store_explanation_clear(struct store_explanation *ex);

/* Give SUBJECT_ID the lane of its newest lane override (an event,
 * derived into lane_override; see events.h), inside the caller's
 * transaction.  Later scorings keep it.  Nothing when it has none.  */
enum diag_status store_risk_apply_override(struct store *st, int64_t subject_id,
					   struct diag *d);

/* How each rule of the rule set in force (and random selection, the
 * control group, with rule_id "random") performs.  */
struct store_rule_stats {
	char rule_id[72];
	int version;
	int64_t fired;     /* subjects it fired on, as scored now */
	int64_t inspected; /* of them, inspected */
	int64_t findings;  /* of those, with a seizure or a discrepancy */
	double hit_rate;   /* findings / inspected; negative when none inspected */
};

/* *OUT is malloc'd (free() it), *N rows: the rules in file order, then
 * random selection.  */
enum diag_status store_risk_stats(struct store *st, struct store_rule_stats **out, size_t *n,
				  struct diag *d);


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
