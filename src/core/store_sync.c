/* store_sync: the statements under offline sync (store.h, "Offline sync";
 * sync.h is the way in).
 *
 * Tables (schema 4): sync_key, the keys this vault trusts or has enrolled;
 * sync_state, a booth's counters; hq_event, HQ's union of every booth's
 * events named (device, seq), never changed (triggers); hq_head, how far
 * HQ holds each booth's events without a hole, kept up to date as events
 * arrive so that an ack costs one read whatever the size of the table;
 * hq_problem, the forks seen; pack_user and pack_applied, what packs
 * brought to a booth.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "events.h"
#include "i18n.h"
#include "store.h"
#include "store_internal.h"

static enum diag_status
done(struct store *st, sqlite3_stmt *s, const char *what, struct diag *d)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_db_error(st, d, what);
	return DIAG_OK;
}

static void
copy_text(char *dst, size_t cap, sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	snprintf(dst, cap, "%s", t ? (const char *)t : "");
}

static void
now(char out[24])
{
	char t[EVENT_TIME_LEN + 1];

	events_now(t);
	snprintf(out, 24, "%s", t);
}

/* --- Keys ------------------------------------------------------------------ */

#define KEY_COLS "key, role, device, booth, crossing, added_at"

static const char sql_key_hq_clear[] = "DELETE FROM sync_key WHERE role = 'hq'";
static const char sql_key_clash[] =
	"SELECT 1 FROM sync_key WHERE role = 'booth' AND key <> ?1 AND (booth = ?2 OR device = ?3)";
static const char sql_key_put[] = "INSERT OR REPLACE INTO sync_key (" KEY_COLS
				  ") VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_key_get[] = "SELECT " KEY_COLS " FROM sync_key WHERE key = ?1";
static const char sql_key_booth[] = "SELECT " KEY_COLS " FROM sync_key "
				    "WHERE role = 'booth' AND (booth = ?1 OR device = ?1)";
static const char sql_key_hq[] = "SELECT " KEY_COLS " FROM sync_key WHERE role = 'hq'";
static const char sql_keys[] = "SELECT " KEY_COLS " FROM sync_key ORDER BY role DESC, booth";

static void
key_row(sqlite3_stmt *s, struct store_sync_key *k)
{
	memset(k, 0, sizeof *k);
	if (sqlite3_column_bytes(s, 0) == 32)
		memcpy(k->key, sqlite3_column_blob(s, 0), 32);
	k->role = strcmp((const char *)sqlite3_column_text(s, 1), "hq") == 0 ? STORE_SYNC_HQ
									       : STORE_SYNC_BOOTH;
	copy_text(k->device, sizeof k->device, s, 2);
	copy_text(k->booth, sizeof k->booth, s, 3);
	copy_text(k->crossing, sizeof k->crossing, s, 4);
	copy_text(k->added_at, sizeof k->added_at, s, 5);
}

enum diag_status
store_sync_key_put(struct store *st, const struct store_sync_key *k, struct diag *d)
{
	sqlite3_stmt *s;
	char at[24];
	int rc;

	if (k->role == STORE_SYNC_HQ) {
		if ((s = store_stmt(st, sql_key_hq_clear, d)) == NULL)
			return d ? d->status : DIAG_IO;
		if ((rc = done(st, s, _("storing a key"), d)))
			return rc;
	} else {
		if ((s = store_stmt(st, sql_key_clash, d)) == NULL)
			return d ? d->status : DIAG_IO;
		sqlite3_bind_blob(s, 1, k->key, 32, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, k->booth, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, k->device, -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc == SQLITE_ROW)
			/* L10N: %s is a booth's name, then its device id.  */
			return diag_set(d, DIAG_DATA, NULL, 0,
					_("booth %s or device %s is already enrolled with "
					  "another key"),
					k->booth, k->device);
		if (rc != SQLITE_DONE)
			return store_db_error(st, d, _("storing a key"));
	}
	if ((s = store_stmt(st, sql_key_put, d)) == NULL)
		return d ? d->status : DIAG_IO;
	now(at);
	sqlite3_bind_blob(s, 1, k->key, 32, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, k->role == STORE_SYNC_HQ ? "hq" : "booth", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, k->device, -1, SQLITE_STATIC);
	if (k->role == STORE_SYNC_BOOTH)
		sqlite3_bind_text(s, 4, k->booth, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 4);
	sqlite3_bind_text(s, 5, k->crossing, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, at, -1, SQLITE_TRANSIENT);
	return done(st, s, _("storing a key"), d);
}

static enum diag_status
key_one(struct store *st, const char *sql, const unsigned char *key, const char *name,
	struct store_sync_key *k, bool *found, struct diag *d)
{
	sqlite3_stmt *s = store_stmt(st, sql, d);
	int rc;

	*found = false;
	if (s == NULL)
		return d ? d->status : DIAG_IO;
	if (key)
		sqlite3_bind_blob(s, 1, key, 32, SQLITE_STATIC);
	if (name)
		sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		key_row(s, k);
		*found = true;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_error(st, d, _("reading keys"));
	return DIAG_OK;
}

enum diag_status
store_sync_key_get(struct store *st, const unsigned char key[32], struct store_sync_key *k,
		   bool *found, struct diag *d)
{
	return key_one(st, sql_key_get, key, NULL, k, found, d);
}

enum diag_status
store_sync_key_booth(struct store *st, const char *name, struct store_sync_key *k, bool *found,
		     struct diag *d)
{
	return key_one(st, sql_key_booth, NULL, name, k, found, d);
}

enum diag_status
store_sync_key_hq(struct store *st, struct store_sync_key *k, bool *found, struct diag *d)
{
	return key_one(st, sql_key_hq, NULL, NULL, k, found, d);
}

enum diag_status
store_sync_keys(struct store *st, store_sync_key_fn fn, void *ctx, struct diag *d)
{
	sqlite3_stmt *s = store_stmt(st, sql_keys, d);
	struct store_sync_key k;
	enum diag_status status = DIAG_OK;
	int rc;

	if (s == NULL)
		return d ? d->status : DIAG_IO;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		key_row(s, &k);
		if ((status = fn(ctx, &k)) != DIAG_OK)
			break;
	}
	sqlite3_reset(s);
	if (status == DIAG_OK && rc != SQLITE_DONE)
		return store_db_error(st, d, _("reading keys"));
	return status;
}

/* --- A booth's counters ------------------------------------------------------ */

static const char sql_state_get[] = "SELECT value FROM sync_state WHERE name = ?1";
static const char sql_state_set[] =
	"INSERT INTO sync_state (name, value) VALUES (?1, ?2) "
	"ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value)";
/* Events are numbered 1, 2, 3... with no holes (the chain proves it), so
 * what is not delivered is the head less the last acked: two index
 * lookups, which the status bar can afford at every redraw.  */
static const char sql_undelivered[] =
	"SELECT max(0, coalesce((SELECT max(seq) FROM event), 0) - "
	"(SELECT coalesce(max(value), 0) FROM sync_state WHERE name = 'acked'))";
static const char sql_event_hash[] = "SELECT hash FROM event WHERE seq = ?1";

enum diag_status
store_sync_state_get(struct store *st, const char *name, int64_t *value, struct diag *d)
{
	sqlite3_stmt *s = store_stmt(st, sql_state_get, d);
	int rc;

	*value = 0;
	if (s == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*value = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_error(st, d, _("reading the sync state"));
	return DIAG_OK;
}

enum diag_status
store_sync_state_set(struct store *st, const char *name, int64_t value, struct diag *d)
{
	sqlite3_stmt *s = store_stmt(st, sql_state_set, d);

	if (s == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, value);
	return done(st, s, _("storing the sync state"), d);
}

enum diag_status
store_events_undelivered(struct store *st, int64_t *n, struct diag *d)
{
	sqlite3_stmt *s = store_stmt(st, sql_undelivered, d);
	int rc;

	*n = 0;
	if (s == NULL)
		return d ? d->status : DIAG_IO;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_error(st, d, _("reading the event log"));
	return DIAG_OK;
}

static enum diag_status
hash_of(struct store *st, sqlite3_stmt *s, unsigned char hash[32], bool *found, struct diag *d)
{
	int rc = sqlite3_step(s);

	*found = false;
	if (rc == SQLITE_ROW && sqlite3_column_bytes(s, 0) == 32) {
		memcpy(hash, sqlite3_column_blob(s, 0), 32);
		*found = true;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_error(st, d, _("reading the event log"));
	return DIAG_OK;
}

enum diag_status
store_event_hash(struct store *st, int64_t seq, unsigned char hash[32], bool *found,
		 struct diag *d)
{
	sqlite3_stmt *s = store_stmt(st, sql_event_hash, d);

	*found = false;
	if (s == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_int64(s, 1, seq);
	return hash_of(st, s, hash, found, d);
}

/* --- HQ's union of events ---------------------------------------------------- */

static const char sql_hq_hash[] =
	"SELECT hash, prev_hash FROM hq_event WHERE device = ?1 AND seq = ?2";
static const char sql_hq_put[] =
	"INSERT INTO hq_event (device, seq, time, actor, key, type, subject_ref, payload, "
	"prev_hash, hash, sig, ingested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
	"?12)";
static const char sql_hq_head[] = "SELECT seq, hash FROM hq_head WHERE device = ?1";
static const char sql_hq_head_set[] =
	"INSERT OR REPLACE INTO hq_head (device, seq, hash) VALUES (?1, ?2, ?3)";
static const char sql_hq_after[] =
	"SELECT seq, hash FROM hq_event WHERE device = ?1 AND seq > ?2 ORDER BY seq";
static const char sql_hq_count[] =
	"SELECT count(*), coalesce(max(seq), 0) FROM hq_event WHERE device = ?1";
static const char sql_hq_problem[] =
	"INSERT OR IGNORE INTO hq_problem (device, seq, kind, detail, seen_at) "
	"VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_hq_problems[] = "SELECT count(*) FROM hq_problem WHERE device = ?1";
static const char sql_hq_digest[] = "SELECT device, seq, hash FROM hq_event ORDER BY device, seq";

enum diag_status
store_hq_event_hash(struct store *st, const char *device, int64_t seq, unsigned char hash[32],
		    unsigned char prev[32], bool *found, struct diag *d)
{
	sqlite3_stmt *s = store_stmt(st, sql_hq_hash, d);
	int rc;

	*found = false;
	if (s == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_text(s, 1, device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, seq);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW && sqlite3_column_bytes(s, 0) == 32 &&
	    sqlite3_column_bytes(s, 1) == 32) {
		memcpy(hash, sqlite3_column_blob(s, 0), 32);
		if (prev)
			memcpy(prev, sqlite3_column_blob(s, 1), 32);
		*found = true;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_error(st, d, _("reading the event log"));
	return DIAG_OK;
}

enum diag_status
store_hq_event_put(struct store *st, const struct event *e, const char *type, struct diag *d)
{
	sqlite3_stmt *s = store_stmt(st, sql_hq_put, d);
	char at[24];

	if (s == NULL)
		return d ? d->status : DIAG_IO;
	now(at);
	sqlite3_bind_text(s, 1, e->device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, e->seq);
	sqlite3_bind_text(s, 3, e->time, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, e->actor, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 5, e->key, EVENT_KEYBYTES, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, e->subject ? e->subject : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, e->payload, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 9, e->prev, EVENT_HASHBYTES, SQLITE_STATIC);
	sqlite3_bind_blob(s, 10, e->hash, EVENT_HASHBYTES, SQLITE_STATIC);
	sqlite3_bind_blob(s, 11, e->sig, EVENT_SIGBYTES, SQLITE_STATIC);
	sqlite3_bind_text(s, 12, at, -1, SQLITE_TRANSIENT);
	return done(st, s, _("storing an event"), d);
}

enum diag_status
store_hq_head(struct store *st, const char *device, int64_t *seq, unsigned char hash[32],
	      struct diag *d)
{
	sqlite3_stmt *s = store_stmt(st, sql_hq_head, d);
	int rc;

	*seq = 0;
	memset(hash, 0, 32);
	if (s == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_text(s, 1, device, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*seq = sqlite3_column_int64(s, 0);
		if (sqlite3_column_bytes(s, 1) == 32)
			memcpy(hash, sqlite3_column_blob(s, 1), 32);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_error(st, d, _("reading the event log"));
	return DIAG_OK;
}

enum diag_status
store_hq_head_advance(struct store *st, const char *device, int64_t *seq, struct diag *d)
{
	unsigned char hash[32];
	int64_t head;
	bool moved = false;
	enum diag_status status;
	sqlite3_stmt *s;
	int rc;

	if ((status = store_hq_head(st, device, &head, hash, d)) != DIAG_OK)
		return status;
	if ((s = store_stmt(st, sql_hq_after, d)) == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_text(s, 1, device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, head);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && sqlite3_column_int64(s, 0) == head + 1) {
		head++;
		if (sqlite3_column_bytes(s, 1) == 32)
			memcpy(hash, sqlite3_column_blob(s, 1), 32);
		moved = true;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_error(st, d, _("reading the event log"));
	*seq = head;
	if (!moved)
		return DIAG_OK;
	if ((s = store_stmt(st, sql_hq_head_set, d)) == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_text(s, 1, device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, head);
	sqlite3_bind_blob(s, 3, hash, 32, SQLITE_STATIC);
	return done(st, s, _("storing an event"), d);
}

enum diag_status
store_hq_gaps(struct store *st, const char *device,
	      void (*fn)(void *ctx, int64_t first, int64_t last), void *ctx, struct diag *d)
{
	unsigned char hash[32];
	enum diag_status status;
	int64_t expect;
	sqlite3_stmt *s;
	int rc;

	if ((status = store_hq_head(st, device, &expect, hash, d)) != DIAG_OK)
		return status;
	if ((s = store_stmt(st, sql_hq_after, d)) == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_text(s, 1, device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, expect);
	expect++;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(s, 0);

		if (seq > expect)
			fn(ctx, expect, seq - 1);
		expect = seq + 1;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_db_error(st, d, _("reading the event log"));
	return DIAG_OK;
}

enum diag_status
store_hq_count(struct store *st, const char *device, int64_t *count, int64_t *max_seq,
	       struct diag *d)
{
	sqlite3_stmt *s = store_stmt(st, sql_hq_count, d);
	int rc;

	*count = *max_seq = 0;
	if (s == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_text(s, 1, device, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*count = sqlite3_column_int64(s, 0);
		*max_seq = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return store_db_error(st, d, _("reading the event log"));
	return DIAG_OK;
}

enum diag_status
store_hq_problem_add(struct store *st, const char *device, int64_t seq, const char *kind,
		     const char *detail, struct diag *d)
{
	sqlite3_stmt *s = store_stmt(st, sql_hq_problem, d);
	char at[24];

	if (s == NULL)
		return d ? d->status : DIAG_IO;
	now(at);
	sqlite3_bind_text(s, 1, device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, seq);
	sqlite3_bind_text(s, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, detail, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, at, -1, SQLITE_TRANSIENT);
	return done(st, s, _("storing a problem"), d);
}

enum diag_status
store_hq_problems(struct store *st, const char *device, int64_t *count, struct diag *d)
{
	sqlite3_stmt *s = store_stmt(st, sql_hq_problems, d);
	int rc;

	*count = 0;
	if (s == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_text(s, 1, device, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*count = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return store_db_error(st, d, _("reading the event log"));
	return DIAG_OK;
}

enum diag_status
store_hq_digest(struct store *st, unsigned char out[32], struct diag *d)
{
	sqlite3_stmt *s = store_stmt(st, sql_hq_digest, d);
	crypto_generichash_state h;
	int rc;

	if (s == NULL)
		return d ? d->status : DIAG_IO;
	crypto_generichash_init(&h, NULL, 0, 32);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(s, 1);
		unsigned char b[8];

		crypto_generichash_update(&h, sqlite3_column_text(s, 0),
					  (size_t)sqlite3_column_bytes(s, 0) + 1);
		for (int i = 0; i < 8; i++)
			b[i] = (unsigned char)((uint64_t)seq >> (56 - 8 * i));
		crypto_generichash_update(&h, b, 8);
		crypto_generichash_update(&h, sqlite3_column_blob(s, 2),
					  (size_t)sqlite3_column_bytes(s, 2));
	}
	sqlite3_reset(s);
	crypto_generichash_final(&h, out, 32);
	if (rc != SQLITE_DONE)
		return store_db_error(st, d, _("reading the event log"));
	return DIAG_OK;
}

/* --- What packs bring ------------------------------------------------------- */

static const char sql_pack_user[] =
	"INSERT OR REPLACE INTO pack_user (user, role, key, version) VALUES (?1, ?2, ?3, ?4)";
static const char sql_source_rename[] = "UPDATE source SET path = ?2 WHERE path = ?1";
static const char sql_pack_users[] = "SELECT count(*) FROM pack_user";
static const char sql_pack_applied[] =
	"INSERT INTO pack_applied (version, sender, applied_at, members) VALUES (?1, ?2, ?3, ?4)";

enum diag_status
store_pack_user_put(struct store *st, const char *user, const char *role,
		    const unsigned char key[32], int64_t version, struct diag *d)
{
	sqlite3_stmt *s = store_stmt(st, sql_pack_user, d);

	if (s == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_text(s, 1, user, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, role, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 3, key, 32, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, version);
	return done(st, s, _("storing a user's public data"), d);
}

enum diag_status
store_pack_user_count(struct store *st, int64_t *n, struct diag *d)
{
	sqlite3_stmt *s = store_stmt(st, sql_pack_users, d);
	int rc;

	*n = 0;
	if (s == NULL)
		return d ? d->status : DIAG_IO;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW)
		return store_db_error(st, d, _("reading users"));
	return DIAG_OK;
}

enum diag_status
store_pack_applied_add(struct store *st, int64_t version, const unsigned char sender[32],
		       int64_t members, struct diag *d)
{
	sqlite3_stmt *s = store_stmt(st, sql_pack_applied, d);
	char at[24];

	if (s == NULL)
		return d ? d->status : DIAG_IO;
	now(at);
	sqlite3_bind_int64(s, 1, version);
	sqlite3_bind_blob(s, 2, sender, 32, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 4, members);
	return done(st, s, _("recording a pack"), d);
}

enum diag_status
store_source_rename(struct store *st, const char *from, const char *to, struct diag *d)
{
	sqlite3_stmt *s = store_stmt(st, sql_source_rename, d);

	if (s == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_text(s, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, to, -1, SQLITE_STATIC);
	return done(st, s, _("recording a pack"), d);
}
