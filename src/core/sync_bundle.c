/* sync_bundle: bundles (booth to HQ), their ingest, acks (HQ to booth),
 * and importing what HQ sends (sync.h).
 *
 * A bundle's payload (doc/formats.md) is "DOUANEB1", the device id, the
 * number of events, then each event as its canonical bytes (events.h:
 * exactly what its hash covers) and its signature.  HQ recomputes every
 * hash from those bytes, checks every signature and every link, and that
 * each event carries the device the booth was enrolled with; the file
 * itself is signed by the booth's device key.
 *
 * Ingest is a union keyed (device, seq).  For each event: held with the
 * same hash, skipped; held with another hash, a fork; new, its link must
 * match the event before it when HQ holds that one, and the event after
 * it (held from a bundle that came first) must link to it.  Any break
 * refuses the whole bundle; a fork is also written to hq_problem in a
 * transaction of its own, so it stays visible.  So the same bundles in
 * any order and any number of times end in the same table.  A booth
 * restored from an older copy of its vault reuses numbers HQ holds with
 * other content: a fork, named by booth and seq, at the next ingest.
 *
 * An ack's payload is "DOUANEA1", the device id, the seq up to which HQ
 * holds every event, and that event's hash.  The booth checks the hash
 * against its own log: an ack beyond its head or with another hash means
 * the booth's vault is older than what HQ holds, and is refused.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "events.h"
#include "formats/envelope.h"
#include "i18n.h"
#include "sync.h"
#include "sync_wire.h"
#include "vault.h"

#define BUNDLE_MAGIC "DOUANEB1"
#define ACK_MAGIC "DOUANEA1"
#define FIELD_MAX (16u << 20)

/* --- Export (booth) ---------------------------------------------------------- */

struct export_walk {
	struct wire_out w;
	unsigned char *buf;
	size_t cap;
	int64_t first, last, count;
};

static enum diag_status
export_one(void *ctx, const struct event *e)
{
	struct export_walk *x = ctx;
	size_t n = event_encode(e, x->buf, x->cap);

	if (n > x->cap) {
		unsigned char *b = realloc(x->buf, n);

		if (b == NULL) {
			x->w.oom = true;
			return DIAG_SOFTWARE;
		}
		x->buf = b;
		x->cap = n;
		event_encode(e, x->buf, x->cap);
	}
	wire_put_u32(&x->w, (uint32_t)n);
	wire_put(&x->w, x->buf, n);
	wire_put(&x->w, e->sig, EVENT_SIGBYTES);
	if (x->count++ == 0)
		x->first = e->seq;
	x->last = e->seq;
	return x->w.oom ? DIAG_SOFTWARE : DIAG_OK;
}

enum diag_status
sync_export(struct store *st, struct vault *v, const char *dir, struct sync_export_result *r,
	    struct diag *d)
{
	struct export_walk x = {{NULL, 0, 0, false}, NULL, 0, 0, 0, 0};
	char device[VAULT_DEVICE_ID_LEN + 1];
	struct envelope_header h;
	struct store_sync_key hq;
	enum diag_status rc;
	int64_t acked;
	bool found;
	size_t count_at;

	memset(r, 0, sizeof *r);
	if ((rc = store_sync_key_hq(st, &hq, &found, d)) != DIAG_OK)
		return rc;
	if (!found)
		return diag_set(d, DIAG_USAGE, NULL, 0, "%s",
				_("no HQ key is trusted yet: an admin runs \"douane keys trust "
				  "HQ-KEY-FILE\" first"));
	if ((rc = store_sync_state_get(st, "acked", &acked, d)) != DIAG_OK)
		return rc;
	vault_device_id(v, device);
	wire_put(&x.w, BUNDLE_MAGIC, 8);
	wire_put_str(&x.w, device);
	count_at = x.w.len;
	wire_put_u64(&x.w, 0);
	if ((rc = events_walk(st, acked, export_one, &x, d)) != DIAG_OK || x.w.oom) {
		if (rc == DIAG_OK || x.w.oom)
			rc = diag_set(d, DIAG_SOFTWARE, NULL, 0, "%s", _("out of memory"));
		goto out;
	}
	if (x.count == 0)
		goto out;
	for (int i = 0; i < 8; i++)
		x.w.buf[count_at + i] = (unsigned char)((uint64_t)x.count >> (56 - 8 * i));
	if (snprintf(r->path, sizeof r->path, "%s/%s-%" PRId64 "-%" PRId64 ".bundle", dir, device,
		     x.first, x.last) >= (int)sizeof r->path) {
		rc = diag_set(d, DIAG_USAGE, dir, 0, "%s", _("file name too long"));
		goto out;
	}
	memset(&h, 0, sizeof h);
	h.kind = ENVELOPE_BUNDLE;
	memcpy(h.recipient, hq.key, 32);
	h.serial = (uint64_t)x.last;
	h.created = (uint64_t)time(NULL);
	if ((rc = vault_device_seal(v, r->path, &h, x.w.buf, x.w.len, d)) != DIAG_OK)
		goto out;
	r->first = x.first;
	r->last = x.last;
out:
	if (x.w.buf)
		sodium_memzero(x.w.buf, x.w.len);
	free(x.w.buf);
	free(x.buf);
	return rc;
}

/* --- Decoding events ---------------------------------------------------------- */

/* One event from a bundle: the borrowed strings of E point at these.  */
struct bundle_event {
	struct event e;
	char *time, *device, *actor, *type, *subject, *payload;
};

static void
bundle_event_free(struct bundle_event *b)
{
	free(b->time);
	free(b->device);
	free(b->actor);
	free(b->type);
	free(b->subject);
	free(b->payload);
}

/* Decode canonical bytes P (N of them) into B and hash them.  False when
 * they are not exactly one event's canonical bytes.  */
static bool
event_decode(const unsigned char *p, size_t n, struct bundle_event *b)
{
	struct wire_in r = {p, n, 0, false};
	const unsigned char *m, *k, *prev;
	enum event_type t;

	memset(b, 0, sizeof *b);
	m = wire_get(&r, 8);
	if (m == NULL || memcmp(m, "DOUANEE1", 8) != 0)
		return false;
	b->e.seq = (int64_t)wire_get_u64(&r);
	b->time = wire_get_str(&r, 64);
	b->device = wire_get_str(&r, 64);
	b->actor = wire_get_str(&r, VAULT_USER_MAX);
	k = wire_get(&r, EVENT_KEYBYTES);
	b->type = wire_get_str(&r, 64);
	b->subject = wire_get_str(&r, FIELD_MAX);
	b->payload = wire_get_str(&r, FIELD_MAX);
	prev = wire_get(&r, EVENT_HASHBYTES);
	if (r.bad || r.off != n || b->e.seq < 1)
		return false;
	memcpy(b->e.key, k, EVENT_KEYBYTES);
	memcpy(b->e.prev, prev, EVENT_HASHBYTES);
	b->e.time = b->time;
	b->e.device = b->device;
	b->e.actor = b->actor;
	b->e.subject = b->subject;
	b->e.payload = b->payload;
	b->e.type = event_type_parse(b->type, &t) == 0 ? t : (enum event_type)0;
	crypto_generichash(b->e.hash, EVENT_HASHBYTES, p, n, NULL, 0);
	return true;
}

/* --- Ingest (HQ) ------------------------------------------------------------------- */

struct booth_trust {
	struct store *st;
	struct store_sync_key key;
	bool found;
};

static bool
wrong_kind(const struct envelope_header *h, enum envelope_kind want, struct diag *d)
{
	if (h->kind == want)
		return false;
	/* L10N: "this is a pack, not a bundle".  */
	diag_set(d, DIAG_DATA, NULL, 0, _("this is a %s, not a %s"), envelope_kind_name(h->kind),
		 envelope_kind_name(want));
	return true;
}

static bool
trust_booth(void *ctx, const struct envelope_header *h, struct diag *d)
{
	struct booth_trust *t = ctx;
	char id[17];

	if (wrong_kind(h, ENVELOPE_BUNDLE, d))
		return false;
	if (store_sync_key_get(t->st, h->sender, &t->key, &t->found, d) != DIAG_OK)
		return false;
	if (!t->found || t->key.role != STORE_SYNC_BOOTH) {
		envelope_key_id(h->sender, id);
		/* L10N: %s is a key's short id.  */
		diag_set(d, DIAG_DATA, NULL, 0,
			 _("signed by an unknown booth (key %s): enrol it with \"douane keys "
			   "enrol\" first"),
			 id);
		return false;
	}
	return true;
}

struct ingest {
	struct store *st;
	const char *name;
	const char *booth, *device;
	struct bundle_event *ev;
	size_t n;
	int64_t fork_seq;
	char fork_kind[16];
	char fork_why[200];
};

static enum diag_status
refuse(struct ingest *g, struct diag *d, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static enum diag_status
refuse(struct ingest *g, struct diag *d, const char *fmt, ...)
{
	char msg[sizeof d->msg];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return diag_set(d, DIAG_DATA, g->name, 0, "%s", msg);
}

/* Decode and check everything that needs no store: each event's bytes,
 * device, signature, numbering and links inside the bundle.  */
static enum diag_status
bundle_parse(struct ingest *g, const unsigned char *p, size_t len, uint64_t serial,
	     struct diag *d)
{
	struct wire_in r = {p, len, 0, false};
	const unsigned char *m;
	char *device;
	uint64_t count;

	m = wire_get(&r, 8);
	if (m == NULL || memcmp(m, BUNDLE_MAGIC, 8) != 0)
		return refuse(g, d, "%s", _("damaged bundle: unknown payload format"));
	device = wire_get_str(&r, 64);
	count = wire_get_u64(&r);
	if (r.bad || device == NULL || strcmp(device, g->device) != 0) {
		free(device);
		/* L10N: the booth's name, then its enrolled device id.  */
		return refuse(g, d, _("damaged bundle: not the events of booth %s (device %s)"),
			      g->booth, g->device);
	}
	free(device);
	if (count == 0 || count > (len - r.off) / (4 + 8 + EVENT_SIGBYTES))
		return refuse(g, d, "%s", _("damaged bundle: bad event count"));
	if ((g->ev = calloc((size_t)count, sizeof *g->ev)) == NULL)
		return diag_set(d, DIAG_SOFTWARE, g->name, 0, "%s", _("out of memory"));
	for (uint64_t i = 0; i < count; i++) {
		uint32_t n = wire_get_u32(&r);
		const unsigned char *bytes = wire_get(&r, n), *sig;
		struct bundle_event *b = &g->ev[i];

		sig = wire_get(&r, EVENT_SIGBYTES);
		if (r.bad || !event_decode(bytes, n, b)) {
			g->n = (size_t)i + (r.bad ? 0 : 1);
			return refuse(g, d, _("damaged bundle: event %" PRIu64 " of %" PRIu64
					      " cannot be read"),
				      i + 1, count);
		}
		g->n = (size_t)i + 1;
		memcpy(b->e.sig, sig, EVENT_SIGBYTES);
		if (strcmp(b->device, g->device) != 0)
			/* L10N: an event's seq, then a device id.  */
			return refuse(g, d, _("event %" PRId64 " is from another device (%s)"),
				      b->e.seq, b->device);
		if (!event_sig_ok(&b->e))
			return refuse(g, d, _("event %" PRId64 ": bad signature by %s"), b->e.seq,
				      b->actor);
		if (i > 0 && b->e.seq != g->ev[i - 1].e.seq + 1)
			return refuse(g, d, _("event %" PRId64 " does not follow event %" PRId64),
				      b->e.seq, g->ev[i - 1].e.seq);
		if (i > 0 && memcmp(b->e.prev, g->ev[i - 1].e.hash, EVENT_HASHBYTES) != 0)
			return refuse(g, d, _("event %" PRId64 ": broken chain link"), b->e.seq);
		if (b->e.seq == 1 && !sodium_is_zero(b->e.prev, EVENT_HASHBYTES))
			return refuse(g, d, "%s", _("event 1: broken chain link"));
	}
	if (r.off != len)
		return refuse(g, d, "%s", _("damaged bundle: bytes after the last event"));
	if ((uint64_t)g->ev[g->n - 1].e.seq != serial)
		return refuse(g, d, "%s", _("damaged bundle: its header names another last event"));
	return DIAG_OK;
}

/* Store what is new, inside the caller's transaction.  A fork fills
 * G->fork_* and is DIAG_DATA.  */
static enum diag_status
bundle_store(struct ingest *g, struct sync_ingest_result *r, struct diag *d)
{
	unsigned char hash[32], prev[32];
	enum diag_status rc;
	bool found;

	for (size_t i = 0; i < g->n; i++) {
		struct bundle_event *b = &g->ev[i];
		int64_t seq = b->e.seq;

		if ((rc = store_hq_event_hash(g->st, g->device, seq, hash, NULL, &found, d)))
			return rc;
		if (found) {
			if (memcmp(hash, b->e.hash, 32) != 0) {
				g->fork_seq = seq;
				snprintf(g->fork_kind, sizeof g->fork_kind, "fork");
				snprintf(g->fork_why, sizeof g->fork_why, "%s",
					 _("two different events with one number"));
				goto fork;
			}
			r->held++;
			continue;
		}
		if (i == 0 && seq > 1) {
			if ((rc = store_hq_event_hash(g->st, g->device, seq - 1, hash, NULL, &found,
						      d)))
				return rc;
			if (found && memcmp(hash, b->e.prev, 32) != 0) {
				g->fork_seq = seq;
				snprintf(g->fork_kind, sizeof g->fork_kind, "chain");
				snprintf(g->fork_why, sizeof g->fork_why, "%s",
					 _("it does not follow the event before it that HQ holds"));
				goto fork;
			}
		}
		if (i + 1 == g->n) {
			if ((rc = store_hq_event_hash(g->st, g->device, seq + 1, hash, prev, &found,
						      d)))
				return rc;
			if (found && memcmp(prev, b->e.hash, 32) != 0) {
				g->fork_seq = seq;
				snprintf(g->fork_kind, sizeof g->fork_kind, "chain");
				snprintf(g->fork_why, sizeof g->fork_why, "%s",
					 _("the event after it that HQ holds does not follow it"));
				goto fork;
			}
		}
		if ((rc = store_hq_event_put(g->st, &b->e, b->type, d)))
			return rc;
		r->added++;
	}
	return DIAG_OK;
fork:
	/* L10N: booth name, device id, seq, then why; the advice follows.  */
	return diag_set(d, DIAG_DATA, g->name, 0,
			_("booth %s (device %s): fork at event %" PRId64 ": %s; was the booth's "
			  "vault restored from an older copy?"),
			g->booth, g->device, g->fork_seq, g->fork_why);
}

struct gap_report {
	struct ingest *g;
	struct sync_ingest_result *r;
	sync_warn_fn warn;
	void *ctx;
};

static void
gap_one(void *ctx, int64_t first, int64_t last)
{
	struct gap_report *p = ctx;
	char msg[300];

	p->r->gaps++;
	if (p->warn == NULL)
		return;
	/* L10N: booth, device, then the first and last missing seq.  */
	snprintf(msg, sizeof msg,
		 _("booth %s (device %s): gap: events %" PRId64 " to %" PRId64
		   " are missing; HQ keeps what it has and acknowledges up to the gap"),
		 p->g->booth, p->g->device, first, last);
	p->warn(p->ctx, msg);
}

enum diag_status
sync_ingest(struct store *st, struct vault *v, const char *path, struct sync_ingest_result *r,
	    sync_warn_fn warn, void *ctx, struct diag *d)
{
	struct booth_trust t = {st, {0}, false};
	struct ingest g;
	struct envelope_header h;
	struct gap_report gp;
	unsigned char *payload = NULL;
	enum diag_status rc;
	size_t len = 0;
	bool began = false;

	memset(r, 0, sizeof *r);
	memset(&g, 0, sizeof g);
	g.st = st;
	g.name = path;
	if ((rc = vault_device_open(v, path, trust_booth, &t, &h, &payload, &len, d)) != DIAG_OK)
		goto out;
	g.booth = t.key.booth;
	g.device = t.key.device;
	snprintf(r->booth, sizeof r->booth, "%s", t.key.booth);
	snprintf(r->device, sizeof r->device, "%s", t.key.device);
	if ((rc = bundle_parse(&g, payload, len, h.serial, d)) != DIAG_OK)
		goto out;
	r->first = g.ev[0].e.seq;
	r->last = g.ev[g.n - 1].e.seq;
	if ((rc = store_begin(st, d)) != DIAG_OK)
		goto out;
	began = true;
	if ((rc = bundle_store(&g, r, d)) != DIAG_OK)
		goto out;
	if (r->added == 0) {
		/* L10N: the first and last seq, the booth's name.  */
		rc = diag_set(d, DIAG_DATA, path, 0,
			      _("replayed bundle: HQ already holds events %" PRId64 " to %" PRId64
				" of booth %s; nothing changed"),
			      r->first, r->last, g.booth);
		goto out;
	}
	if ((rc = store_hq_head_advance(st, g.device, &r->head, d)) != DIAG_OK ||
	    (rc = store_commit(st, d)) != DIAG_OK)
		goto out;
	began = false;
	gp = (struct gap_report){&g, r, warn, ctx};
	rc = store_hq_gaps(st, g.device, gap_one, &gp, d);
out:
	if (began)
		store_rollback(st);
	if (g.fork_seq > 0) {
		/* Refused, but never forgotten: the problem has its own
		 * transaction.  */
		struct diag d2;

		diag_clear(&d2);
		store_hq_problem_add(st, g.device, g.fork_seq, g.fork_kind, g.fork_why, &d2);
	}
	for (size_t i = 0; i < g.n; i++)
		bundle_event_free(&g.ev[i]);
	free(g.ev);
	if (payload)
		sodium_memzero(payload, len);
	free(payload);
	return rc;
}

/* --- Acks -------------------------------------------------------------------------- */

enum diag_status
sync_ack_write(struct store *st, struct vault *v, const char *device, const char *dir,
	       int64_t *seq, char out[PATH_MAX], struct diag *d)
{
	struct wire_out w = {NULL, 0, 0, false};
	struct store_sync_key k;
	struct envelope_header h;
	unsigned char hash[32];
	enum diag_status rc;
	bool found;

	*seq = 0;
	out[0] = '\0';
	if ((rc = store_sync_key_booth(st, device, &k, &found, d)) != DIAG_OK)
		return rc;
	if (!found)
		return diag_set(d, DIAG_USAGE, NULL, 0, _("no booth %s is enrolled"), device);
	if ((rc = store_hq_head(st, k.device, seq, hash, d)) != DIAG_OK || *seq == 0)
		return rc;
	if (snprintf(out, PATH_MAX, "%s/%s-%" PRId64 ".ack", dir, k.device, *seq) >= PATH_MAX)
		return diag_set(d, DIAG_USAGE, dir, 0, "%s", _("file name too long"));
	wire_put(&w, ACK_MAGIC, 8);
	wire_put_str(&w, k.device);
	wire_put_u64(&w, (uint64_t)*seq);
	wire_put(&w, hash, 32);
	if (w.oom) {
		free(w.buf);
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, "%s", _("out of memory"));
	}
	memset(&h, 0, sizeof h);
	h.kind = ENVELOPE_ACK;
	memcpy(h.recipient, k.key, 32);
	h.serial = (uint64_t)*seq;
	h.created = (uint64_t)time(NULL);
	rc = vault_device_seal(v, out, &h, w.buf, w.len, d);
	free(w.buf);
	return rc;
}

/* Mark the events an ack names as delivered.  */
static enum diag_status
ack_apply(struct store *st, struct vault *v, const char *name, const unsigned char *p,
	  size_t len, uint64_t serial, struct sync_import_result *r, struct diag *d)
{
	char mine[VAULT_DEVICE_ID_LEN + 1], *device;
	struct wire_in in = {p, len, 0, false};
	const unsigned char *m, *hash;
	unsigned char own[32];
	int64_t seq, acked, head;
	enum diag_status rc;
	bool found;

	m = wire_get(&in, 8);
	if (m == NULL || memcmp(m, ACK_MAGIC, 8) != 0)
		return diag_set(d, DIAG_DATA, name, 0, "%s", _("damaged ack"));
	device = wire_get_str(&in, 64);
	seq = (int64_t)wire_get_u64(&in);
	hash = wire_get(&in, 32);
	if (in.bad || in.off != len || (uint64_t)seq != serial || seq < 1) {
		free(device);
		return diag_set(d, DIAG_DATA, name, 0, "%s", _("damaged ack"));
	}
	vault_device_id(v, mine);
	if (strcmp(device, mine) != 0) {
		/* L10N: %s is a device id.  */
		diag_set(d, DIAG_DATA, name, 0, _("this ack is for another booth (device %s)"),
			 device);
		free(device);
		return DIAG_DATA;
	}
	free(device);
	r->serial = seq;
	if ((rc = store_sync_state_get(st, "acked", &acked, d)) != DIAG_OK)
		return rc;
	if ((rc = store_event_hash(st, seq, own, &found, d)) != DIAG_OK)
		return rc;
	if (!found) {
		unsigned char h0[32];

		if ((rc = store_event_head(st, &head, h0, d)) != DIAG_OK)
			return rc;
		/* L10N: HQ's seq, then this vault's last seq.  */
		return diag_set(d, DIAG_DATA, name, 0,
				_("HQ holds this booth's events up to %" PRId64
				  " but this vault has only %" PRId64
				  ": it was restored from an older copy"),
				seq, head);
	}
	if (memcmp(own, hash, 32) != 0)
		return diag_set(d, DIAG_DATA, name, 0,
				_("HQ's event %" PRId64 " differs from this vault's: the vault was "
				  "restored from an older copy, or the log was altered"),
				seq);
	if (seq <= acked) {
		r->older = true;
		return DIAG_OK;
	}
	if ((rc = store_begin(st, d)) != DIAG_OK)
		return rc;
	if ((rc = store_sync_state_set(st, "acked", seq, d)) != DIAG_OK ||
	    (rc = store_commit(st, d)) != DIAG_OK) {
		store_rollback(st);
		return rc;
	}
	return DIAG_OK;
}

/* --- Importing at a booth ----------------------------------------------------------- */

struct hq_trust {
	struct store *st;
};

static bool
trust_hq(void *ctx, const struct envelope_header *h, struct diag *d)
{
	struct hq_trust *t = ctx;
	struct store_sync_key k;
	bool found;
	char id[17];

	if (h->kind == ENVELOPE_BUNDLE) {
		diag_set(d, DIAG_DATA, NULL, 0, "%s",
			 _("this is a bundle: HQ ingests it with \"douane ingest\""));
		return false;
	}
	if (store_sync_key_hq(t->st, &k, &found, d) != DIAG_OK)
		return false;
	if (!found || memcmp(k.key, h->sender, 32) != 0) {
		envelope_key_id(h->sender, id);
		diag_set(d, DIAG_DATA, NULL, 0,
			 found ? _("signed by an unknown key %s, not by the HQ key this vault "
				   "trusts")
			       : _("signed by %s, but this vault trusts no HQ key yet"),
			 id);
		return false;
	}
	return true;
}

bool
sync_is_exchange_file(const char *path)
{
	char magic[8];
	bool yes = false;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	yes = read(fd, magic, 8) == 8 && memcmp(magic, "DOUANEEX", 8) == 0;
	close(fd);
	return yes;
}

enum diag_status
sync_import(struct store *st, struct vault *v, const char *path, struct sync_import_result *r,
	    sync_warn_fn warn, void *ctx, struct diag *d)
{
	struct hq_trust t = {st};
	struct envelope_header h;
	unsigned char *payload = NULL;
	enum diag_status rc;
	size_t len = 0;

	memset(r, 0, sizeof *r);
	if ((rc = vault_device_open(v, path, trust_hq, &t, &h, &payload, &len, d)) != DIAG_OK)
		return rc;
	r->kind = (int)h.kind;
	r->serial = (int64_t)h.serial;
	if (h.kind == ENVELOPE_ACK)
		rc = ack_apply(st, v, path, payload, len, h.serial, r, d);
	else
		rc = sync_pack_apply(st, v, payload, len, h.sender, h.serial, path, &r->members,
				     warn, ctx, d);
	sodium_memzero(payload, len);
	free(payload);
	return rc;
}
