/* events: the signed, hash-chained, append-only event log.
 *
 * Everything an inspector or supervisor does that matters later is an
 * event: a device-wide sequence number, the UTC time, the actor and their
 * Ed25519 public key, the type, the subject it is about, a payload in
 * canonical JSON (json.h), the hash of the event before it, its own hash
 * and the actor's signature.  doc/formats.md ("Event log") gives the
 * canonical bytes with test vectors:
 *
 *     hash = BLAKE2b-256(canonical bytes, prev hash included)
 *     sig  = Ed25519(actor's secret key, hash)
 *
 * events_append() does everything in one transaction: it checks the
 * payload, takes the chain head, signs with the unlocked user's key
 * (vault_sign), stores the event, records the actor's key on its first
 * use, and updates the derived tables (store_events.c, one switch), so a
 * crash leaves the event and its derived rows together or neither.
 * Called inside a transaction the caller holds, it joins it instead (a
 * savepoint): a walk-in's subject and its event commit together.
 *
 * Nothing is updated or deleted: a correction is a new event naming the
 * seq it corrects, with the replacement payload; derived rows show the
 * newest.  events_verify() walks the whole chain and reports the first
 * event whose link, hash, signature or signer is wrong.
 */
#ifndef DOUANE_EVENTS_H
#define DOUANE_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

struct store;
struct vault;

enum event_type {
	EVENT_SHIFT_OPEN = 1,   /* {"crossing":LOCODE} (crossing optional) */
	EVENT_SHIFT_CLOSE,      /* {} */
	EVENT_INSPECTION_START, /* {}; subject: the reference */
	EVENT_OUTCOME,          /* outcome.h; subject: the reference */
	EVENT_LANE_OVERRIDE,    /* {"lane":"red|yellow|green","reason":TEXT}; subject */
	EVENT_HIT_DECISION,     /* {"hit":ID,"decision":"confirmed|dismissed","reason":TEXT} */
	EVENT_WALK_IN,          /* {"kind":"consignment|traveller|vehicle",...}; subject */
	EVENT_LOOKUP,           /* {"query":TEXT}: who searched for whom */
	EVENT_CORRECTION,       /* {"corrects":SEQ,"reason":TEXT,"replacement":{...}} */
	EVENT_COUNTERSIGN,      /* {"target":SEQ,"note":TEXT[,"follow-up":true]}; supervisors
				 * and admins; with follow-up, a flag, not a signature */
};
#define EVENT_TYPE_MIN EVENT_SHIFT_OPEN
#define EVENT_TYPE_MAX EVENT_COUNTERSIGN

/* "shift-open", "shift-close", "inspection-start", "outcome",
 * "lane-override", "hit-decision", "walk-in", "lookup", "correction",
 * "countersign": the words in the canonical bytes and the CLI.  NULL for
 * an unknown type.  */
const char *event_type_name(enum event_type t);
int event_type_parse(const char *s, enum event_type *t);

#define EVENT_HASHBYTES 32
#define EVENT_KEYBYTES 32
#define EVENT_SIGBYTES 64
#define EVENT_TIME_LEN 20 /* "YYYY-MM-DDTHH:MM:SSZ" */

/* One event.  The strings are borrowed (from the store's row, or the
 * caller's buffers).  */
struct event {
	int64_t seq;
	const char *time;
	const char *device;
	const char *actor;
	enum event_type type;
	const char *subject; /* "" when none */
	const char *payload; /* canonical JSON */
	unsigned char key[EVENT_KEYBYTES];
	unsigned char prev[EVENT_HASHBYTES];
	unsigned char hash[EVENT_HASHBYTES];
	unsigned char sig[EVENT_SIGBYTES];
};

/* The canonical bytes of E (everything but hash and sig) into BUF (CAP
 * bytes); returns the length they need, which may exceed CAP (nothing
 * then written past CAP).  */
size_t event_encode(const struct event *e, unsigned char *buf, size_t cap);
/* BLAKE2b-256 of E's canonical bytes.  -1 when out of memory.  */
int event_hash(const struct event *e, unsigned char out[EVENT_HASHBYTES]);
/* Whether E->sig is E->key's signature of E->hash.  */
bool event_sig_ok(const struct event *e);

/* Append an event of TYPE by V's user.  SUBJECT may be NULL.  PAYLOAD is
 * JSON (any spacing or member order: it is stored canonical); NULL means
 * {}.  On success *SEQ (may be NULL) is the new event's number.  Bad
 * payloads are DIAG_DATA naming the field; an inspection or outcome with
 * no open shift, or a countersignature by an inspector, is DIAG_NOPERM. */
enum diag_status events_append(struct store *st, struct vault *v, enum event_type type,
			       const char *subject, const char *payload, int64_t *seq,
			       struct diag *d);

/* Call FN for each event after SINCE, in order (seq > SINCE).  A non-zero
 * status from FN stops the walk and is returned.  */
typedef enum diag_status (*events_fn)(void *ctx, const struct event *e);
enum diag_status events_walk(struct store *st, int64_t since, events_fn fn, void *ctx,
			     struct diag *d);

/* What events_verify() found.  */
struct events_check {
	int64_t count;   /* events checked */
	int64_t bad_seq; /* the first bad event, or 0 */
	char why[160];   /* what is wrong with it */
};

/* Walk the whole chain: each seq one more than the last, each prev hash
 * the hash before, each hash recomputed, each signature checked, each key
 * one that was recorded for its actor (and, for users still in the vault,
 * not another user's key).  DIAG_DATA with "event N: why" and R filled on
 * the first break; DIAG_OK when all hold.  */
enum diag_status events_verify(struct store *st, struct vault *v, struct events_check *r,
			       struct diag *d);

/* Empty the derived tables and replay every event into them, in one
 * transaction.  */
enum diag_status events_rebuild(struct store *st, struct diag *d);

/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ".  */
void events_now(char out[EVENT_TIME_LEN + 1]);

#endif
