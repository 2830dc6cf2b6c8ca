/* store_events: the event table, the actor keys and the derived tables
 * (store.h, "The event log"; events.h is the way in).
 *
 * The event and actor tables only ever grow: triggers refuse UPDATE and
 * DELETE on them (schema 3).  Everything the interface reads about shifts,
 * inspections, seizures, overrides, hit decisions, lookups and
 * countersignatures is derived from the events by store_event_derive(),
 * one switch over the types, called in the transaction that inserts the
 * event; a rebuild empties those tables and calls it again for every event
 * in order, so the two paths cannot drift apart.
 *
 * A correction applies its replacement to the rows of the event at the
 * root of its chain of corrections (a correction of a correction corrects
 * the same original), so the derived rows always show the newest version
 * and keep the original's keys.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "events.h"
#include "i18n.h"
#include "json.h"
#include "outcome.h"
#include "store.h"
#include "store_internal.h"

/* --- Transactions ----------------------------------------------------------- */

enum diag_status
store_event_txn_begin(struct store *st, bool *own, struct diag *d)
{
	sqlite3 *db = store_sqlite(st);

	*own = sqlite3_get_autocommit(db) != 0;
	if (sqlite3_exec(db, *own ? "BEGIN IMMEDIATE" : "SAVEPOINT event_append", NULL, NULL,
			 NULL) != SQLITE_OK)
		return store_db_error(st, d, _("starting a transaction"));
	return DIAG_OK;
}

enum diag_status
store_event_txn_end(struct store *st, bool own, bool ok, struct diag *d)
{
	sqlite3 *db = store_sqlite(st);

	if (ok) {
		if (sqlite3_exec(db, own ? "COMMIT" : "RELEASE event_append", NULL, NULL, NULL) ==
		    SQLITE_OK)
			return DIAG_OK;
		store_db_error(st, d, _("committing"));
	}
	if (own)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	else
		sqlite3_exec(db, "ROLLBACK TO event_append; RELEASE event_append", NULL, NULL, NULL);
	return ok ? (d ? d->status : DIAG_IO) : DIAG_OK;
}

/* --- The event table ------------------------------------------------------- */

static const char sql_head[] = "SELECT seq, hash FROM event ORDER BY seq DESC LIMIT 1";
static const char sql_put[] =
	"INSERT INTO event (seq, device, time, actor, key, type, subject_ref, payload, "
	"prev_hash, hash, sig) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char sql_actor_put[] =
	"INSERT OR IGNORE INTO actor (name, key, first_seq) VALUES (?1, ?2, ?3)";
static const char sql_actor_first[] = "SELECT first_seq FROM actor WHERE name = ?1 AND key = ?2";
static const char sql_walk[] =
	"SELECT seq, device, time, actor, key, type, subject_ref, payload, prev_hash, hash, sig "
	"FROM event WHERE seq > ?1 ORDER BY seq";
static const char sql_target[] = "SELECT type, payload FROM event WHERE seq = ?1";

/* Run S to completion (one step); DIAG_OK or the store's error.  */
static enum diag_status
step_done(struct store *st, sqlite3_stmt *s, const char *what, struct diag *d)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_db_error(st, d, what);
	return DIAG_OK;
}

enum diag_status
store_event_head(struct store *st, int64_t *seq, unsigned char hash[32], struct diag *d)
{
	sqlite3_stmt *s = store_stmt(st, sql_head, d);
	int rc;

	*seq = 0;
	memset(hash, 0, 32);
	if (s == NULL)
		return d ? d->status : DIAG_IO;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
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
store_event_put(struct store *st, const struct event *e, struct diag *d)
{
	sqlite3_stmt *s = store_stmt(st, sql_put, d);
	enum diag_status rc;

	if (s == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_int64(s, 1, e->seq);
	sqlite3_bind_text(s, 2, e->device, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, e->time, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, e->actor, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 5, e->key, EVENT_KEYBYTES, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, event_type_name(e->type), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, e->subject ? e->subject : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, e->payload, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 9, e->prev, EVENT_HASHBYTES, SQLITE_STATIC);
	sqlite3_bind_blob(s, 10, e->hash, EVENT_HASHBYTES, SQLITE_STATIC);
	sqlite3_bind_blob(s, 11, e->sig, EVENT_SIGBYTES, SQLITE_STATIC);
	if ((rc = step_done(st, s, _("storing an event"), d)))
		return rc;
	if ((s = store_stmt(st, sql_actor_put, d)) == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_text(s, 1, e->actor, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, e->key, EVENT_KEYBYTES, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, e->seq);
	return step_done(st, s, _("storing an event"), d);
}

static void
copy_blob(sqlite3_stmt *s, int col, unsigned char *out, int len)
{
	/* A blob of the wrong size (an altered row) reads as zeros: the
	 * checks then fail on it.  */
	if (sqlite3_column_bytes(s, col) == len && sqlite3_column_type(s, col) == SQLITE_BLOB)
		memcpy(out, sqlite3_column_blob(s, col), (size_t)len);
	else
		memset(out, 0, (size_t)len);
}

static const char *
col_text(sqlite3_stmt *s, int col)
{
	const char *t = (const char *)sqlite3_column_text(s, col);

	return t ? t : "";
}

enum diag_status
store_events_walk(struct store *st, int64_t since,
		  enum diag_status (*fn)(void *ctx, const struct event *e), void *ctx,
		  struct diag *d)
{
	sqlite3 *db = store_sqlite(st);
	sqlite3_stmt *s = NULL;
	enum diag_status status = DIAG_OK;
	int rc;

	/* Its own statement: FN may append or read events meanwhile.  */
	if (sqlite3_prepare_v2(db, sql_walk, -1, &s, NULL) != SQLITE_OK)
		return store_db_error(st, d, _("reading the event log"));
	sqlite3_bind_int64(s, 1, since);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct event e;
		enum event_type t;

		memset(&e, 0, sizeof e);
		e.seq = sqlite3_column_int64(s, 0);
		e.device = col_text(s, 1);
		e.time = col_text(s, 2);
		e.actor = col_text(s, 3);
		copy_blob(s, 4, e.key, EVENT_KEYBYTES);
		e.type = event_type_parse(col_text(s, 5), &t) == 0 ? t : (enum event_type)0;
		e.subject = col_text(s, 6);
		e.payload = col_text(s, 7);
		copy_blob(s, 8, e.prev, EVENT_HASHBYTES);
		copy_blob(s, 9, e.hash, EVENT_HASHBYTES);
		copy_blob(s, 10, e.sig, EVENT_SIGBYTES);
		if ((status = fn(ctx, &e)) != DIAG_OK)
			break;
	}
	if (status == DIAG_OK && rc != SQLITE_DONE)
		status = store_db_error(st, d, _("reading the event log"));
	sqlite3_finalize(s);
	return status;
}

enum diag_status
store_event_target(struct store *st, int64_t seq, int *type, int64_t *root, struct diag *d)
{
	enum diag_status status = DIAG_OK;

	*type = 0;
	*root = seq;
	/* Follow corrections to the original; each step goes to a smaller
	 * seq (events_append checks), so this ends.  */
	for (int hops = 0; hops < 100000; hops++) {
		sqlite3_stmt *s = store_stmt(st, sql_target, d);
		enum event_type t;
		int rc;

		if (s == NULL)
			return d ? d->status : DIAG_IO;
		sqlite3_bind_int64(s, 1, *root);
		rc = sqlite3_step(s);
		if (rc == SQLITE_DONE) {
			sqlite3_reset(s);
			*type = 0;
			return DIAG_OK;
		}
		if (rc != SQLITE_ROW) {
			status = store_db_error(st, d, _("reading the event log"));
			sqlite3_reset(s);
			return status;
		}
		if (event_type_parse(col_text(s, 0), &t) != 0) {
			sqlite3_reset(s);
			return DIAG_OK;
		}
		*type = (int)t;
		if (t != EVENT_CORRECTION) {
			sqlite3_reset(s);
			return DIAG_OK;
		}
		{
			const char *p = col_text(s, 1);
			struct json *j = json_parse(p, strlen(p), NULL, 0);
			int64_t next = 0;

			json_int(json_get(j, "corrects"), &next);
			json_free(j);
			sqlite3_reset(s);
			if (next <= 0 || next >= *root)
				return diag_set(d, DIAG_DATA, NULL, 0,
						_("event %lld: a correction of nothing"),
						(long long)*root);
			*root = next;
		}
	}
	return diag_set(d, DIAG_DATA, NULL, 0, _("corrections nested too deeply"));
}

enum diag_status
store_actor_key_first(struct store *st, const char *actor, const unsigned char key[32],
		      int64_t *first_seq, struct diag *d)
{
	sqlite3_stmt *s = store_stmt(st, sql_actor_first, d);
	int rc;

	*first_seq = 0;
	if (s == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_text(s, 1, actor, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, key, 32, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*first_seq = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_error(st, d, _("reading the event log"));
	return DIAG_OK;
}

/* --- Derived tables ------------------------------------------------------- */

static const char sql_shift_open_id[] =
	"SELECT id FROM shift WHERE actor = ?1 AND closed_seq IS NULL ORDER BY id DESC LIMIT 1";
static const char sql_shift_insert[] =
	"INSERT INTO shift (id, actor, crossing, opened_seq, opened_at) VALUES (?1, ?2, ?3, ?1, ?4)";
static const char sql_shift_close[] =
	"UPDATE shift SET closed_seq = ?2, closed_at = ?3 WHERE id = ?1";
static const char sql_insp_start[] =
	"INSERT INTO inspection (id, subject_id, subject_ref, actor, shift_id, started_seq, "
	"started_at) VALUES (?1, (SELECT id FROM subject WHERE ref = ?2), ?2, ?3, ?4, ?1, ?5)";
static const char sql_insp_open[] =
	"SELECT id FROM inspection WHERE subject_ref = ?1 AND actor = ?2 AND outcome_seq IS NULL "
	"ORDER BY id DESC LIMIT 1";
static const char sql_insp_outcome[] =
	"UPDATE inspection SET outcome_seq = ?2, started_at = ?3, ended_at = ?4, result = ?5, "
	"checks = ?6, notes = ?7 WHERE id = ?1";
static const char sql_insp_new_outcome[] =
	"INSERT INTO inspection (id, subject_id, subject_ref, actor, shift_id, outcome_seq, "
	"started_at, ended_at, result, checks, notes) VALUES (?1, (SELECT id FROM subject WHERE "
	"ref = ?2), ?2, ?3, ?4, ?1, ?5, ?6, ?7, ?8, ?9)";
static const char sql_insp_correct[] =
	"UPDATE inspection SET started_at = ?2, ended_at = ?3, result = ?4, checks = ?5, "
	"notes = ?6, corrected_by_seq = ?7 WHERE outcome_seq = ?1";
static const char sql_seizure_clear[] = "DELETE FROM seizure WHERE outcome_seq = ?1";
static const char sql_seizure_insert[] =
	"INSERT INTO seizure (outcome_seq, line, commodity, hs, quantity, unit, value, currency, "
	"concealment, detection) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char sql_lane_insert[] =
	"INSERT INTO lane_override (seq, subject_id, subject_ref, lane, reason, actor, at) VALUES "
	"(?1, (SELECT id FROM subject WHERE ref = ?2), ?2, ?3, ?4, ?5, ?6)";
static const char sql_lane_correct[] =
	"UPDATE lane_override SET lane = ?2, reason = ?3, corrected_by_seq = ?4 WHERE seq = ?1";
static const char sql_hit_insert[] =
	"INSERT INTO hit_decision (seq, hit_id, decision, reason, actor, at) VALUES "
	"(?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_hit_correct[] =
	"UPDATE hit_decision SET decision = ?2, reason = ?3, corrected_by_seq = ?4 WHERE seq = ?1";
static const char sql_lookup_insert[] =
	"INSERT INTO lookup (seq, actor, query, at) VALUES (?1, ?2, ?3, ?4)";
static const char sql_countersign_insert[] =
	"INSERT INTO countersign (seq, target_seq, actor, note, at) VALUES (?1, ?2, ?3, ?4, ?5)";

enum diag_status
store_shift_open_id(struct store *st, const char *actor, int64_t *id, struct diag *d)
{
	sqlite3_stmt *s = store_stmt(st, sql_shift_open_id, d);
	int rc;

	*id = 0;
	if (s == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_text(s, 1, actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_error(st, d, _("reading the shifts"));
	return DIAG_OK;
}

static const char sql_insp_started[] =
	"SELECT started_at FROM inspection WHERE subject_ref = ?1 AND actor = ?2 AND "
	"outcome_seq IS NULL AND started_at IS NOT NULL ORDER BY id DESC LIMIT 1";

enum diag_status
store_inspection_started(struct store *st, const char *ref, const char *actor, char out[21],
			 struct diag *d)
{
	sqlite3_stmt *s = store_stmt(st, sql_insp_started, d);
	int rc;

	out[0] = '\0';
	if (s == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_text(s, 1, ref, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		snprintf(out, 21, "%s", col_text(s, 0));
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_error(st, d, _("reading the inspections"));
	return DIAG_OK;
}

static void
bind_opt(sqlite3_stmt *s, int i, const char *t)
{
	if (t)
		sqlite3_bind_text(s, i, t, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

static const char *
jstr(const struct json *j, const char *key)
{
	const struct json *m = json_get(j, key);

	return m && (m->type == JSON_STRING || m->type == JSON_NUMBER) ? m->text : NULL;
}

/* "documents,x-ray" from O's checks, into BUF.  */
static const char *
checks_text(const struct outcome *o, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < o->nchecks && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? "," : "", o->checks[i]);
	return buf;
}

static enum diag_status
seizures_put(struct store *st, int64_t outcome_seq, const struct outcome *o, struct diag *d)
{
	enum diag_status rc;

	for (size_t i = 0; i < o->nseizures; i++) {
		const struct outcome_seizure *z = &o->seizures[i];
		sqlite3_stmt *s = store_stmt(st, sql_seizure_insert, d);

		if (s == NULL)
			return d ? d->status : DIAG_IO;
		sqlite3_bind_int64(s, 1, outcome_seq);
		sqlite3_bind_int64(s, 2, (int64_t)i + 1);
		bind_opt(s, 3, z->commodity);
		bind_opt(s, 4, z->hs);
		bind_opt(s, 5, z->quantity);
		bind_opt(s, 6, z->unit);
		bind_opt(s, 7, z->value);
		bind_opt(s, 8, z->currency);
		bind_opt(s, 9, z->concealment);
		bind_opt(s, 10, z->detection);
		if ((rc = step_done(st, s, _("recording a seizure"), d)))
			return rc;
	}
	return DIAG_OK;
}

static enum diag_status
no_shift(const struct event *e, struct diag *d)
{
	return diag_set(d, DIAG_NOPERM, NULL, 0,
			_("%s has no open shift: open one first ('douane shift open')"), e->actor);
}

static enum diag_status
derive_outcome(struct store *st, const struct event *e, const struct json *j, int64_t shift,
	       struct diag *d)
{
	struct outcome o;
	char checks[256];
	sqlite3_stmt *s;
	int64_t insp = 0;
	enum diag_status rc;
	int step;

	outcome_init(&o);
	if ((rc = outcome_from_json(&o, j, NULL, d)))
		goto out;
	if ((s = store_stmt(st, sql_insp_open, d)) == NULL) {
		rc = d ? d->status : DIAG_IO;
		goto out;
	}
	sqlite3_bind_text(s, 1, e->subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, e->actor, -1, SQLITE_STATIC);
	if ((step = sqlite3_step(s)) == SQLITE_ROW)
		insp = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		rc = store_db_error(st, d, _("recording an outcome"));
		goto out;
	}
	if (insp) {
		s = store_stmt(st, sql_insp_outcome, d);
		if (s == NULL) {
			rc = d ? d->status : DIAG_IO;
			goto out;
		}
		sqlite3_bind_int64(s, 1, insp);
		sqlite3_bind_int64(s, 2, e->seq);
		bind_opt(s, 3, o.started);
		bind_opt(s, 4, o.ended);
		bind_opt(s, 5, o.result);
		bind_opt(s, 6, checks_text(&o, checks, sizeof checks));
		bind_opt(s, 7, o.notes);
	} else {
		s = store_stmt(st, sql_insp_new_outcome, d);
		if (s == NULL) {
			rc = d ? d->status : DIAG_IO;
			goto out;
		}
		sqlite3_bind_int64(s, 1, e->seq);
		sqlite3_bind_text(s, 2, e->subject, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, e->actor, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 4, shift);
		bind_opt(s, 5, o.started);
		bind_opt(s, 6, o.ended);
		bind_opt(s, 7, o.result);
		bind_opt(s, 8, checks_text(&o, checks, sizeof checks));
		bind_opt(s, 9, o.notes);
	}
	if ((rc = step_done(st, s, _("recording an outcome"), d)))
		goto out;
	rc = seizures_put(st, e->seq, &o, d);
out:
	outcome_clear(&o);
	return rc;
}

/* A hit decision (or its correction) is applied to the screening hit,
 * whose dismissed pair is then not raised again: hit_decision row SEQ.  */
static enum diag_status
hit_follow(struct store *st, int64_t seq, struct diag *d)
{
	sqlite3_stmt *s =
		store_stmt(st, "SELECT hit_id, decision = 'confirmed', reason FROM hit_decision "
			       "WHERE seq = ?1",
			   d);
	enum diag_status status;
	int64_t hit = 0;
	char *reason = NULL;
	int confirmed = 0, rc;

	if (s == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_int64(s, 1, seq);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		hit = sqlite3_column_int64(s, 0);
		confirmed = sqlite3_column_int(s, 1);
		if (sqlite3_column_text(s, 2) != NULL)
			reason = strdup((const char *)sqlite3_column_text(s, 2));
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_error(st, d, _("recording a hit decision"));
	if (hit == 0)
		return DIAG_OK;
	status = store_screen_decide(st, hit, confirmed ? SCREEN_CONFIRMED : SCREEN_DISMISSED,
				     reason, d);
	free(reason);
	return status;
}

/* A lane override (or its correction) moves the subject's lane at once:
 * the newest override of the subject named by lane_override row SEQ.  */
static enum diag_status
lane_follow(struct store *st, int64_t seq, struct diag *d)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT subject_id FROM lane_override WHERE seq = ?1", d);
	int64_t id = 0;
	int rc;

	if (s == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_int64(s, 1, seq);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_error(st, d, _("recording a lane override"));
	return id ? store_risk_apply_override(st, id, d) : DIAG_OK;
}

static enum diag_status
derive_correction(struct store *st, const struct event *e, const struct json *j, struct diag *d)
{
	const struct json *repl = json_get(j, "replacement");
	int64_t target = 0, root;
	sqlite3_stmt *s;
	enum diag_status rc;
	int type;

	json_int(json_get(j, "corrects"), &target);
	if ((rc = store_event_target(st, target, &type, &root, d)))
		return rc;
	switch (type) {
	case EVENT_OUTCOME: {
		struct outcome o;
		char checks[256];

		outcome_init(&o);
		if ((rc = outcome_from_json(&o, repl, NULL, d)) == DIAG_OK &&
		    (s = store_stmt(st, sql_insp_correct, d)) == NULL)
			rc = d ? d->status : DIAG_IO;
		if (rc == DIAG_OK) {
			sqlite3_bind_int64(s, 1, root);
			bind_opt(s, 2, o.started);
			bind_opt(s, 3, o.ended);
			bind_opt(s, 4, o.result);
			bind_opt(s, 5, checks_text(&o, checks, sizeof checks));
			bind_opt(s, 6, o.notes);
			sqlite3_bind_int64(s, 7, e->seq);
			rc = step_done(st, s, _("recording a correction"), d);
		}
		if (rc == DIAG_OK && (s = store_stmt(st, sql_seizure_clear, d)) == NULL)
			rc = d ? d->status : DIAG_IO;
		if (rc == DIAG_OK) {
			sqlite3_bind_int64(s, 1, root);
			rc = step_done(st, s, _("recording a correction"), d);
		}
		if (rc == DIAG_OK)
			rc = seizures_put(st, root, &o, d);
		outcome_clear(&o);
		return rc;
	}
	case EVENT_LANE_OVERRIDE:
	case EVENT_HIT_DECISION:
		s = store_stmt(st, type == EVENT_LANE_OVERRIDE ? sql_lane_correct : sql_hit_correct,
			       d);
		if (s == NULL)
			return d ? d->status : DIAG_IO;
		sqlite3_bind_int64(s, 1, root);
		bind_opt(s, 2, jstr(repl, type == EVENT_LANE_OVERRIDE ? "lane" : "decision"));
		bind_opt(s, 3, jstr(repl, "reason"));
		sqlite3_bind_int64(s, 4, e->seq);
		if ((rc = step_done(st, s, _("recording a correction"), d)) == DIAG_OK)
			rc = type == EVENT_LANE_OVERRIDE ? lane_follow(st, root, d)
							 : hit_follow(st, root, d);
		return rc;
	default:
		return diag_set(d, DIAG_DATA, NULL, 0,
				_("corrects: event %lld (%s) cannot be corrected"), (long long)target,
				type ? event_type_name((enum event_type)type) : _("no such event"));
	}
}

/* The queue's status follows the inspection: in progress (1) from its
 * start, done (2) with its outcome; a start never undoes a done.  */
static const char sql_subject_status[] =
	"UPDATE subject SET status = ?2 WHERE ref = ?1 AND status < ?2";

static enum diag_status
subject_status_follow(struct store *st, const char *ref, int status, struct diag *d)
{
	sqlite3_stmt *s = store_stmt(st, sql_subject_status, d);

	if (s == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_text(s, 1, ref, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, status);
	return step_done(st, s, _("updating the derived tables"), d);
}

enum diag_status
store_event_derive(struct store *st, const struct event *e, struct diag *d)
{
	struct json *j = json_parse(e->payload, strlen(e->payload), NULL, 0);
	sqlite3_stmt *s = NULL;
	int64_t shift = 0, n = 0;
	enum diag_status rc = DIAG_OK;

	if (j == NULL)
		return diag_set(d, DIAG_DATA, NULL, 0, _("event %lld: payload is not JSON"),
				(long long)e->seq);
	if ((rc = store_shift_open_id(st, e->actor, &shift, d)))
		goto out;
	switch (e->type) {
	case EVENT_SHIFT_OPEN:
		if (shift) {
			rc = diag_set(d, DIAG_NOPERM, NULL, 0,
				      _("%s already has a shift open (since event %lld)"), e->actor,
				      (long long)shift);
			goto out;
		}
		if ((s = store_stmt(st, sql_shift_insert, d)) == NULL)
			break;
		sqlite3_bind_int64(s, 1, e->seq);
		sqlite3_bind_text(s, 2, e->actor, -1, SQLITE_STATIC);
		bind_opt(s, 3, jstr(j, "crossing"));
		sqlite3_bind_text(s, 4, e->time, -1, SQLITE_STATIC);
		break;
	case EVENT_SHIFT_CLOSE:
		if (!shift) {
			rc = no_shift(e, d);
			goto out;
		}
		if ((s = store_stmt(st, sql_shift_close, d)) == NULL)
			break;
		sqlite3_bind_int64(s, 1, shift);
		sqlite3_bind_int64(s, 2, e->seq);
		sqlite3_bind_text(s, 3, e->time, -1, SQLITE_STATIC);
		break;
	case EVENT_INSPECTION_START:
		if (!shift) {
			rc = no_shift(e, d);
			goto out;
		}
		if ((s = store_stmt(st, sql_insp_start, d)) == NULL)
			break;
		sqlite3_bind_int64(s, 1, e->seq);
		sqlite3_bind_text(s, 2, e->subject, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, e->actor, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 4, shift);
		sqlite3_bind_text(s, 5, e->time, -1, SQLITE_STATIC);
		break;
	case EVENT_OUTCOME:
		if (!shift) {
			rc = no_shift(e, d);
			goto out;
		}
		rc = derive_outcome(st, e, j, shift, d);
		if (rc == DIAG_OK)
			rc = subject_status_follow(st, e->subject, 2, d);
		goto out;
	case EVENT_LANE_OVERRIDE:
		if ((s = store_stmt(st, sql_lane_insert, d)) == NULL)
			break;
		sqlite3_bind_int64(s, 1, e->seq);
		sqlite3_bind_text(s, 2, e->subject, -1, SQLITE_STATIC);
		bind_opt(s, 3, jstr(j, "lane"));
		bind_opt(s, 4, jstr(j, "reason"));
		sqlite3_bind_text(s, 5, e->actor, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 6, e->time, -1, SQLITE_STATIC);
		break;
	case EVENT_HIT_DECISION:
		if ((s = store_stmt(st, sql_hit_insert, d)) == NULL)
			break;
		json_int(json_get(j, "hit"), &n);
		sqlite3_bind_int64(s, 1, e->seq);
		sqlite3_bind_int64(s, 2, n);
		bind_opt(s, 3, jstr(j, "decision"));
		bind_opt(s, 4, jstr(j, "reason"));
		sqlite3_bind_text(s, 5, e->actor, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 6, e->time, -1, SQLITE_STATIC);
		break;
	case EVENT_LOOKUP:
		if ((s = store_stmt(st, sql_lookup_insert, d)) == NULL)
			break;
		sqlite3_bind_int64(s, 1, e->seq);
		sqlite3_bind_text(s, 2, e->actor, -1, SQLITE_STATIC);
		bind_opt(s, 3, jstr(j, "query"));
		sqlite3_bind_text(s, 4, e->time, -1, SQLITE_STATIC);
		break;
	case EVENT_COUNTERSIGN:
		if ((s = store_stmt(st, sql_countersign_insert, d)) == NULL)
			break;
		json_int(json_get(j, "target"), &n);
		sqlite3_bind_int64(s, 1, e->seq);
		sqlite3_bind_int64(s, 2, n);
		sqlite3_bind_text(s, 3, e->actor, -1, SQLITE_STATIC);
		bind_opt(s, 4, jstr(j, "note"));
		sqlite3_bind_text(s, 5, e->time, -1, SQLITE_STATIC);
		break;
	case EVENT_CORRECTION:
		rc = derive_correction(st, e, j, d);
		goto out;
	case EVENT_WALK_IN:
		/* The subject itself is stored by the caller, in the same
		 * transaction (events_append joins it).  */
		goto out;
	default:
		rc = diag_set(d, DIAG_DATA, NULL, 0, _("event %lld: unknown type"),
			      (long long)e->seq);
		goto out;
	}
	if (s == NULL)
		rc = d ? d->status : DIAG_IO;
	else
		rc = step_done(st, s, _("updating the derived tables"), d);
	if (rc == DIAG_OK && e->type == EVENT_LANE_OVERRIDE)
		rc = lane_follow(st, e->seq, d);
	else if (rc == DIAG_OK && e->type == EVENT_HIT_DECISION)
		rc = hit_follow(st, e->seq, d);
	if (rc == DIAG_OK && e->type == EVENT_INSPECTION_START)
		rc = subject_status_follow(st, e->subject, 1, d);
out:
	json_free(j);
	return rc;
}

/* The derived tables and the order their rows are digested in.  */
static const char *const derived[][2] = {
	{"shift", "SELECT * FROM shift ORDER BY id"},
	{"inspection", "SELECT * FROM inspection ORDER BY id"},
	{"seizure", "SELECT * FROM seizure ORDER BY outcome_seq, line"},
	{"lane_override", "SELECT * FROM lane_override ORDER BY seq"},
	{"hit_decision", "SELECT * FROM hit_decision ORDER BY seq"},
	{"lookup", "SELECT * FROM lookup ORDER BY seq"},
	{"countersign", "SELECT * FROM countersign ORDER BY seq"},
};

enum diag_status
store_derived_clear(struct store *st, struct diag *d)
{
	char sql[64];

	for (size_t i = 0; i < sizeof derived / sizeof derived[0]; i++) {
		snprintf(sql, sizeof sql, "DELETE FROM %s", derived[i][0]);
		if (sqlite3_exec(store_sqlite(st), sql, NULL, NULL, NULL) != SQLITE_OK)
			return store_db_error(st, d, _("rebuilding the derived tables"));
	}
	return DIAG_OK;
}

enum diag_status
store_derived_digest(struct store *st, unsigned char out[32], struct diag *d)
{
	crypto_generichash_state h;
	enum diag_status status = DIAG_OK;

	crypto_generichash_init(&h, NULL, 0, 32);
	for (size_t i = 0; i < sizeof derived / sizeof derived[0] && status == DIAG_OK; i++) {
		sqlite3_stmt *s = NULL;
		int rc;

		if (sqlite3_prepare_v2(store_sqlite(st), derived[i][1], -1, &s, NULL) != SQLITE_OK)
			return store_db_error(st, d, _("reading the derived tables"));
		crypto_generichash_update(&h, (const unsigned char *)derived[i][0],
					  strlen(derived[i][0]) + 1);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(s); c++) {
				/* Type tag, length, bytes: no two rows digest alike. */
				unsigned char tag[5];
				int type = sqlite3_column_type(s, c);
				const unsigned char *p = type == SQLITE_NULL ? NULL
							 : type == SQLITE_BLOB
								 ? sqlite3_column_blob(s, c)
								 : sqlite3_column_text(s, c);
				int n = type == SQLITE_NULL ? 0 : sqlite3_column_bytes(s, c);

				tag[0] = (unsigned char)type;
				tag[1] = (unsigned char)(n >> 24);
				tag[2] = (unsigned char)(n >> 16);
				tag[3] = (unsigned char)(n >> 8);
				tag[4] = (unsigned char)n;
				crypto_generichash_update(&h, tag, sizeof tag);
				if (n)
					crypto_generichash_update(&h, p, (size_t)n);
			}
		}
		if (rc != SQLITE_DONE)
			status = store_db_error(st, d, _("reading the derived tables"));
		sqlite3_finalize(s);
	}
	crypto_generichash_final(&h, out, 32);
	return status;
}
