/* events: canonical bytes, hashing, signing, appending, verifying and
 * rebuilding the event log (see events.h; the statements are in
 * store_events.c).
 *
 * Canonical bytes (doc/formats.md, "Event log", with test vectors):
 *
 *     "DOUANEE1"                      8 bytes, format and version
 *     seq                             u64, big-endian
 *     time, device, actor             each: u32 big-endian length, bytes
 *     key                             32 bytes, the actor's Ed25519 key
 *     type, subject, payload          each: u32 length, bytes
 *     prev                            32 bytes, the previous event's hash
 *
 * hash = BLAKE2b-256(canonical bytes); sig = Ed25519(hash).  Each field
 * is length-prefixed, so no two different events have the same bytes.
 *
 * Payloads are checked by type before anything is signed (the first bad
 * field is named), then stored as canonical JSON.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "events.h"
#include "i18n.h"
#include "json.h"
#include "outcome.h"
#include "store.h"
#include "vault.h"

static const char *const type_names[] = {
	[EVENT_SHIFT_OPEN] = "shift-open",
	[EVENT_SHIFT_CLOSE] = "shift-close",
	[EVENT_INSPECTION_START] = "inspection-start",
	[EVENT_OUTCOME] = "outcome",
	[EVENT_LANE_OVERRIDE] = "lane-override",
	[EVENT_HIT_DECISION] = "hit-decision",
	[EVENT_WALK_IN] = "walk-in",
	[EVENT_LOOKUP] = "lookup",
	[EVENT_CORRECTION] = "correction",
	[EVENT_COUNTERSIGN] = "countersign",
};

const char *
event_type_name(enum event_type t)
{
	if (t < EVENT_TYPE_MIN || t > EVENT_TYPE_MAX)
		return NULL;
	return type_names[t];
}

int
event_type_parse(const char *s, enum event_type *t)
{
	for (int i = EVENT_TYPE_MIN; i <= EVENT_TYPE_MAX; i++)
		if (strcmp(s, type_names[i]) == 0) {
			*t = (enum event_type)i;
			return 0;
		}
	return -1;
}

void
events_now(char out[EVENT_TIME_LEN + 1])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, EVENT_TIME_LEN + 1, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* --- Canonical bytes ------------------------------------------------------- */

struct enc {
	unsigned char *buf;
	size_t cap, len;
};

static void
put(struct enc *e, const void *p, size_t n)
{
	if (e->len < e->cap)
		memcpy(e->buf + e->len, p, e->len + n <= e->cap ? n : e->cap - e->len);
	e->len += n;
}

static void
put_u32(struct enc *e, uint32_t v)
{
	unsigned char b[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
			      (unsigned char)(v >> 8), (unsigned char)v};

	put(e, b, 4);
}

static void
put_str(struct enc *e, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	put_u32(e, (uint32_t)n);
	put(e, s ? s : "", n);
}

size_t
event_encode(const struct event *ev, unsigned char *buf, size_t cap)
{
	struct enc e = {buf, cap, 0};
	unsigned char seq[8];
	const char *type = event_type_name(ev->type);

	for (int i = 0; i < 8; i++)
		seq[i] = (unsigned char)((uint64_t)ev->seq >> (56 - 8 * i));
	put(&e, "DOUANEE1", 8);
	put(&e, seq, 8);
	put_str(&e, ev->time);
	put_str(&e, ev->device);
	put_str(&e, ev->actor);
	put(&e, ev->key, EVENT_KEYBYTES);
	put_str(&e, type ? type : "");
	put_str(&e, ev->subject);
	put_str(&e, ev->payload);
	put(&e, ev->prev, EVENT_HASHBYTES);
	return e.len;
}

int
event_hash(const struct event *e, unsigned char out[EVENT_HASHBYTES])
{
	unsigned char small[1024], *buf = small;
	size_t n = event_encode(e, small, sizeof small);

	if (n > sizeof small) {
		if ((buf = malloc(n)) == NULL)
			return -1;
		event_encode(e, buf, n);
	}
	crypto_generichash(out, EVENT_HASHBYTES, buf, n, NULL, 0);
	if (buf != small)
		free(buf);
	return 0;
}

bool
event_sig_ok(const struct event *e)
{
	return crypto_sign_verify_detached(e->sig, e->hash, EVENT_HASHBYTES, e->key) == 0;
}

/* --- Payload checks -------------------------------------------------------- */

static enum diag_status
bad_field(struct diag *d, const char *field, const char *why)
{
	return diag_set(d, DIAG_DATA, NULL, 0, _("%s: %s"), field, why);
}

static enum diag_status
only(const struct json *j, const char *const *known, struct diag *d)
{
	for (const struct json *m = j->child; m; m = m->next) {
		bool ok = false;

		for (const char *const *k = known; *k && !ok; k++)
			ok = strcmp(*k, m->key) == 0;
		if (!ok)
			return bad_field(d, m->key, _("unknown field"));
	}
	return DIAG_OK;
}

static enum diag_status
need_text(const struct json *j, const char *key, bool required, struct diag *d)
{
	const struct json *m = json_get(j, key);

	if (m == NULL)
		return required ? bad_field(d, key, _("missing")) : DIAG_OK;
	if (m->type != JSON_STRING)
		return bad_field(d, key, _("must be a string"));
	if (required && m->text[0] == '\0')
		return bad_field(d, key, _("must not be empty"));
	return DIAG_OK;
}

static enum diag_status
need_seq(struct store *st, const struct json *j, const char *key, int64_t below, int *type,
	 int64_t *root, struct diag *d)
{
	int64_t n;
	enum diag_status rc;

	if (json_get(j, key) == NULL)
		return bad_field(d, key, _("missing"));
	if (!json_int(json_get(j, key), &n) || n <= 0)
		return bad_field(d, key, _("must be an event number"));
	if (n >= below)
		return bad_field(d, key, _("no such event"));
	if ((rc = store_event_target(st, n, type, root, d)))
		return rc;
	if (*type == 0)
		return bad_field(d, key, _("no such event"));
	return DIAG_OK;
}

static enum diag_status
need_subject(struct store *st, const char *subject, struct diag *d)
{
	int64_t id = 0;
	enum diag_status rc;

	if (subject == NULL || *subject == '\0')
		return bad_field(d, "subject", _("missing"));
	if ((rc = store_subject_find(st, subject, &id, d)) != DIAG_OK)
		return rc; /* the vault could not say (I/O): not "no subject" */
	if (id <= 0)
		/* L10N: %s is a subject reference.  */
		return diag_set(d, DIAG_DATA, NULL, 0, _("subject: no subject %s in the vault"),
				subject);
	return DIAG_OK;
}

/* Check payload J of an event of TYPE (the replacement of a correction is
 * checked against the type it replaces).  NEXT is the seq the event will
 * have.  */
static enum diag_status
payload_check(struct store *st, struct vault *v, enum event_type type, const char *subject,
	      const struct json *j, int64_t next, struct diag *d)
{
	static const char *const none[] = {NULL};
	static const char *const shift_open[] = {"crossing", NULL};
	static const char *const lane[] = {"lane", "reason", NULL};
	static const char *const hit[] = {"hit", "decision", "reason", NULL};
	static const char *const walk_in[] = {"kind", "name", "note", NULL};
	static const char *const lookup[] = {"query", "results", NULL};
	static const char *const correction[] = {"corrects", "reason", "replacement", NULL};
	static const char *const countersign[] = {"target", "note", "follow-up", NULL};
	enum diag_status rc;
	const char *s;
	int ttype;
	int64_t root, n;

	if (j->type != JSON_OBJECT)
		return bad_field(d, "payload", _("must be a JSON object"));
	switch (type) {
	case EVENT_SHIFT_OPEN:
		if ((rc = only(j, shift_open, d)) || (rc = need_text(j, "crossing", false, d)))
			return rc;
		s = json_get(j, "crossing") ? json_get(j, "crossing")->text : NULL;
		if (s && (strlen(s) != 5 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z' ||
			  strspn(s + 2, "ABCDEFGHIJKLMNOPQRSTUVWXYZ23456789") != 3))
			return bad_field(d, "crossing", _("not a UN/LOCODE (e.g. FRCQF)"));
		return DIAG_OK;
	case EVENT_SHIFT_CLOSE:
		return only(j, none, d);
	case EVENT_INSPECTION_START:
		if ((rc = only(j, none, d)))
			return rc;
		return need_subject(st, subject, d);
	case EVENT_OUTCOME: {
		struct outcome o;

		if ((rc = need_subject(st, subject, d)))
			return rc;
		outcome_init(&o);
		if ((rc = outcome_from_json(&o, j, NULL, d)) == DIAG_OK)
			rc = outcome_validate(&o, NULL, d);
		outcome_clear(&o);
		return rc;
	}
	case EVENT_LANE_OVERRIDE:
		if ((rc = only(j, lane, d)) || (rc = need_subject(st, subject, d)) ||
		    (rc = need_text(j, "lane", true, d)) || (rc = need_text(j, "reason", true, d)))
			return rc;
		s = json_get(j, "lane")->text;
		if (strcmp(s, "red") != 0 && strcmp(s, "yellow") != 0 && strcmp(s, "green") != 0)
			return bad_field(d, "lane", _("must be red, yellow or green"));
		return DIAG_OK;
	case EVENT_HIT_DECISION:
		if ((rc = only(j, hit, d)) || (rc = need_text(j, "decision", true, d)) ||
		    (rc = need_text(j, "reason", true, d)))
			return rc;
		if (!json_int(json_get(j, "hit"), &n) || n <= 0)
			return bad_field(d, "hit", json_get(j, "hit") ? _("must be a hit id")
								    : _("missing"));
		s = json_get(j, "decision")->text;
		if (strcmp(s, "confirmed") != 0 && strcmp(s, "dismissed") != 0)
			return bad_field(d, "decision", _("must be confirmed or dismissed"));
		return DIAG_OK;
	case EVENT_WALK_IN:
		if ((rc = only(j, walk_in, d)) || (rc = need_text(j, "kind", true, d)))
			return rc;
		return need_subject(st, subject, d);
	case EVENT_LOOKUP:
		if ((rc = only(j, lookup, d)) || (rc = need_text(j, "query", true, d)))
			return rc;
		return DIAG_OK;
	case EVENT_CORRECTION:
		if ((rc = only(j, correction, d)) || (rc = need_text(j, "reason", true, d)) ||
		    (rc = need_seq(st, j, "corrects", next, &ttype, &root, d)))
			return rc;
		if (ttype != EVENT_OUTCOME && ttype != EVENT_LANE_OVERRIDE &&
		    ttype != EVENT_HIT_DECISION)
			return bad_field(d, "corrects", _("that event cannot be corrected"));
		if (json_get(j, "replacement") == NULL)
			return bad_field(d, "replacement", _("missing"));
		/* The replacement is checked as the original was, about the
		 * same subject.  */
		{
			struct diag inner;
			enum diag_status irc;

			diag_clear(&inner);
			irc = payload_check(st, v, (enum event_type)ttype, subject,
					    json_get(j, "replacement"), next, &inner);
			if (irc)
				return diag_set(d, irc, NULL, 0, "replacement.%s", inner.msg);
		}
		return DIAG_OK;
	case EVENT_COUNTERSIGN:
		if (vault_role(v) < VAULT_ROLE_SUPERVISOR)
			return diag_set(d, DIAG_NOPERM, NULL, 0,
					_("only a supervisor or an admin may countersign"));
		if ((rc = only(j, countersign, d)) || (rc = need_text(j, "note", false, d)) ||
		    (rc = need_seq(st, j, "target", next, &ttype, &root, d)))
			return rc;
		/* A flag for follow-up rather than a signature (report.h).  */
		if (json_get(j, "follow-up") && json_get(j, "follow-up")->type != JSON_TRUE)
			return bad_field(d, "follow-up", _("must be true"));
		return DIAG_OK;
	}
	return diag_set(d, DIAG_USAGE, NULL, 0, _("unknown event type"));
}

/* --- Appending ------------------------------------------------------------- */

enum diag_status
events_append(struct store *st, struct vault *v, enum event_type type, const char *subject,
	      const char *payload, int64_t *seq_out, struct diag *d)
{
	struct event e;
	struct json *j = NULL;
	char *canon = NULL, now[EVENT_TIME_LEN + 1], device[VAULT_DEVICE_ID_LEN + 1], err[160];
	const unsigned char *pk = vault_sign_pk(v);
	enum diag_status rc;
	bool own = false, open = false;
	int64_t head;

	if (event_type_name(type) == NULL)
		return diag_set(d, DIAG_USAGE, NULL, 0, _("unknown event type"));
	if (pk == NULL)
		return diag_set(d, DIAG_NOPERM, NULL, 0, _("a recovery session has no signing key"));
	if (payload == NULL)
		payload = "{}";
	if ((j = json_parse(payload, strlen(payload), err, sizeof err)) == NULL)
		return diag_set(d, DIAG_DATA, NULL, 0, _("payload: not JSON (%s)"), err);
	if ((canon = json_canonical(j, err, sizeof err)) == NULL) {
		rc = diag_set(d, DIAG_DATA, NULL, 0, "%s", err);
		goto out;
	}
	if ((rc = store_event_txn_begin(st, &own, d)))
		goto out;
	open = true;
	if ((rc = store_event_head(st, &head, e.prev, d)))
		goto out;
	if ((rc = payload_check(st, v, type, subject, j, head + 1, d)))
		goto out;

	events_now(now);
	vault_device_id(v, device);
	e.seq = head + 1;
	e.time = now;
	e.device = device;
	e.actor = vault_user(v);
	e.type = type;
	e.subject = subject ? subject : "";
	e.payload = canon;
	memcpy(e.key, pk, EVENT_KEYBYTES);
	if (event_hash(&e, e.hash) != 0) {
		rc = diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
		goto out;
	}
	if ((rc = vault_sign(v, e.hash, EVENT_HASHBYTES, e.sig, d)))
		goto out;
	if ((rc = store_event_put(st, &e, d)) || (rc = store_event_derive(st, &e, d)))
		goto out;
	open = false;
	if ((rc = store_event_txn_end(st, own, true, d)))
		goto out;
	if (seq_out)
		*seq_out = e.seq;
out:
	if (open)
		store_event_txn_end(st, own, false, NULL);
	json_free(j);
	free(canon);
	return rc;
}

enum diag_status
events_walk(struct store *st, int64_t since, events_fn fn, void *ctx, struct diag *d)
{
	return store_events_walk(st, since, fn, ctx, d);
}

/* --- Verifying ------------------------------------------------------------- */

#define USERS_MAX 64

struct verify {
	struct store *st;
	struct events_check *r;
	int64_t expect;
	unsigned char prev[EVENT_HASHBYTES];
	unsigned char *buf;
	size_t cap;
	/* The users in the vault now, and their keys.  */
	struct {
		char user[VAULT_USER_MAX + 1];
		unsigned char pk[32];
	} users[USERS_MAX];
	size_t nusers;
	/* (actor, key) pairs seen and found good.  */
	struct verify_pair {
		char actor[VAULT_USER_MAX + 1];
		unsigned char key[32];
	} *ok;
	size_t nok, okcap;
	struct diag *d;
};

static enum diag_status
broken(struct verify *w, int64_t seq, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static enum diag_status
broken(struct verify *w, int64_t seq, const char *fmt, ...)
{
	va_list ap;

	w->r->bad_seq = seq;
	va_start(ap, fmt);
	vsnprintf(w->r->why, sizeof w->r->why, fmt, ap);
	va_end(ap);
	/* L10N: "event 12: its contents were altered".  */
	return diag_set(w->d, DIAG_DATA, NULL, 0, _("event %lld: %s"), (long long)seq, w->r->why);
}

/* Whether E's key may sign for E's actor.  The actor table says when each
 * (actor, key) pair was first used; the walk checks that claim against the
 * chain itself (the first event with the pair must be that one), so a row
 * added beneath the store cannot vouch for a forged key.  A user still in
 * the vault signs with their slot's key, or with a key they used before
 * it (one replaced by a passphrase reset); never with a key first used
 * after the slot's, and never with another user's.  */
static enum diag_status
key_check(struct verify *w, const struct event *e)
{
	int64_t first = 0, slot_first = 0;
	enum diag_status rc;

	for (size_t i = 0; i < w->nok; i++)
		if (strcmp(w->ok[i].actor, e->actor) == 0 && memcmp(w->ok[i].key, e->key, 32) == 0)
			return DIAG_OK;
	for (size_t i = 0; i < w->nusers; i++)
		if (strcmp(w->users[i].user, e->actor) != 0 &&
		    memcmp(w->users[i].pk, e->key, 32) == 0)
			return broken(w, e->seq, _("signed by %s, not by %s"), w->users[i].user,
				      e->actor);
	if ((rc = store_actor_key_first(w->st, e->actor, e->key, &first, w->d)))
		return rc;
	if (first != e->seq)
		return broken(w, e->seq, _("signed with a key that is not %s's"), e->actor);
	for (size_t i = 0; i < w->nusers; i++) {
		if (strcmp(w->users[i].user, e->actor) != 0 ||
		    memcmp(w->users[i].pk, e->key, 32) == 0)
			continue;
		if ((rc = store_actor_key_first(w->st, e->actor, w->users[i].pk, &slot_first,
						w->d)))
			return rc;
		if (slot_first && slot_first < first)
			return broken(w, e->seq, _("signed with a key that is not %s's"),
				      e->actor);
	}
	if (w->nok == w->okcap) {
		size_t cap = w->okcap ? 2 * w->okcap : 16;
		void *p = realloc(w->ok, cap * sizeof *w->ok);

		if (p == NULL)
			return diag_set(w->d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
		w->ok = p;
		w->okcap = cap;
	}
	snprintf(w->ok[w->nok].actor, sizeof w->ok[0].actor, "%s", e->actor);
	memcpy(w->ok[w->nok].key, e->key, 32);
	w->nok++;
	return DIAG_OK;
}

static enum diag_status
verify_one(void *ctx, const struct event *e)
{
	struct verify *w = ctx;
	unsigned char h[EVENT_HASHBYTES];
	size_t n;

	if (e->seq != w->expect) {
		if (e->seq > w->expect)
			return broken(w, e->seq,
				      w->expect + 1 == e->seq
					      ? _("event %lld before it is missing")
					      : _("events %lld and after, before it, are missing"),
				      (long long)w->expect);
		return broken(w, e->seq, _("out of sequence"));
	}
	if (memcmp(e->prev, w->prev, EVENT_HASHBYTES) != 0)
		return broken(w, e->seq, _("does not follow the event before it (chain broken)"));
	if (event_type_name(e->type) == NULL)
		return broken(w, e->seq, _("unknown event type"));
	n = event_encode(e, w->buf, w->cap);
	if (n > w->cap) {
		unsigned char *b = realloc(w->buf, n);

		if (b == NULL)
			return diag_set(w->d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
		w->buf = b;
		w->cap = n;
		event_encode(e, w->buf, w->cap);
	}
	crypto_generichash(h, sizeof h, w->buf, n, NULL, 0);
	if (sodium_memcmp(h, e->hash, EVENT_HASHBYTES) != 0)
		return broken(w, e->seq, _("its contents were altered (hash mismatch)"));
	if (!event_sig_ok(e))
		return broken(w, e->seq, _("bad signature"));
	if (key_check(w, e) != DIAG_OK)
		return w->d ? w->d->status : DIAG_DATA;
	memcpy(w->prev, e->hash, EVENT_HASHBYTES);
	w->expect++;
	w->r->count++;
	return DIAG_OK;
}

enum diag_status
events_verify(struct store *st, struct vault *v, struct events_check *r, struct diag *d)
{
	struct verify *w = calloc(1, sizeof *w);
	struct vault_user_info users[USERS_MAX];
	size_t nusers = 0;
	enum diag_status rc;

	memset(r, 0, sizeof *r);
	if (w == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	w->st = st;
	w->r = r;
	w->d = d;
	w->expect = 1;
	if ((rc = vault_user_list(v, users, USERS_MAX, &nusers, d)))
		goto out;
	for (size_t i = 0; i < nusers; i++) {
		bool found = false;

		if ((rc = vault_user_sign_pk(v, users[i].user, w->users[w->nusers].pk, &found, d)))
			goto out;
		if (found)
			memcpy(w->users[w->nusers++].user, users[i].user, sizeof users[i].user);
	}
	rc = store_events_walk(st, 0, verify_one, w, d);
out:
	free(w->buf);
	free(w->ok);
	free(w);
	return rc;
}

/* --- Rebuilding ------------------------------------------------------------ */

struct rebuild {
	struct store *st;
	struct diag *d;
};

static enum diag_status
rebuild_one(void *ctx, const struct event *e)
{
	struct rebuild *r = ctx;

	return store_event_derive(r->st, e, r->d);
}

enum diag_status
events_rebuild(struct store *st, struct diag *d)
{
	struct rebuild r = {st, d};
	enum diag_status rc;
	bool own;

	if ((rc = store_event_txn_begin(st, &own, d)))
		return rc;
	if ((rc = store_derived_clear(st, d)) == DIAG_OK)
		rc = store_events_walk(st, 0, rebuild_one, &r, d);
	if (rc) {
		store_event_txn_end(st, own, false, NULL);
		return rc;
	}
	return store_event_txn_end(st, own, true, d);
}
