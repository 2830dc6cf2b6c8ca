/* store_screen: the store's side of screening (store.h, "Screening hits").
 *
 * Watchlist names are read into a screen index entry by entry; hits are
 * kept per subject in screen_hit and replaced whole when a subject is
 * screened again; dismissed pairs are remembered by key in
 * screen_dismissal so that screening again does not raise them.
 * Statements here are few and not on a hot path: they are prepared per
 * call.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "i18n.h"
#include "screen.h"
#include "store.h"
#include "store_internal.h"

void
store_screen_hit_clear(struct store_screen_hit *h)
{
	free(h->role);
	free(h->name);
	free(h->list_source);
	free(h->alias);
	free(h->explain);
	free(h->reason);
	free(h->pair_key);
	memset(h, 0, sizeof *h);
}

static sqlite3_stmt *
prepare(struct store *st, const char *sql, struct diag *d, const char *what)
{
	sqlite3_stmt *s = NULL;

	if (sqlite3_prepare_v2(store_sqlite(st), sql, -1, &s, NULL) != SQLITE_OK) {
		store_db_error(st, d, what);
		return NULL;
	}
	return s;
}

/* --- The index ------------------------------------------------------------------ */

struct list_names {
	int64_t ids[64];
	char *sources[64];
	size_t n;
};

static enum diag_status
remember_list(void *ctx, const struct wl_list *l)
{
	struct list_names *ln = ctx;

	if (ln->n < 64) {
		ln->ids[ln->n] = l->id;
		ln->sources[ln->n] = strdup(l->source ? l->source : "");
		ln->n++;
	}
	return DIAG_OK;
}

enum diag_status
store_screen_index(struct store *st, struct screen_index **out, struct diag *d)
{
	struct screen_index *ix = screen_index_new();
	enum diag_status status;

	*out = NULL;
	if (ix == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	if ((status = store_screen_index_load(st, ix, d)) ||
	    (status = screen_index_freeze(ix, d))) {
		screen_index_free(ix);
		return status;
	}
	*out = ix;
	return DIAG_OK;
}

enum diag_status
store_screen_index_load(struct store *st, struct screen_index *ix, struct diag *d)
{
	struct list_names ln = {.n = 0};
	sqlite3_stmt *s = NULL;
	enum diag_status status;
	const char *what = _("reading the watchlists for screening");
	int rc;

	if ((status = store_watchlists(st, remember_list, &ln, d)))
		goto out;
	if ((s = prepare(st, "SELECT id, list_id FROM wl_entry ORDER BY id", d, what)) == NULL) {
		status = d ? d->status : DIAG_IO;
		goto out;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct wl_entry e;
		int64_t id = sqlite3_column_int64(s, 0), list = sqlite3_column_int64(s, 1);
		const char *source = "";

		for (size_t i = 0; i < ln.n; i++)
			if (ln.ids[i] == list)
				source = ln.sources[i];
		if ((status = store_wl_entry_get(st, id, &e, NULL, d)))
			goto out;
		status = screen_index_add(ix, &e, source, d);
		wl_entry_clear(&e);
		if (status)
			goto out;
	}
	if (rc != SQLITE_DONE)
		status = store_db_error(st, d, what);
out:
	sqlite3_finalize(s);
	for (size_t i = 0; i < ln.n; i++)
		free(ln.sources[i]);
	return status;
}

/* --- Hits -------------------------------------------------------------------------- */

static void
bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

enum diag_status
store_screen_hits_replace(struct store *st, int64_t subject_id,
			  const struct store_screen_hit *hits, size_t n, struct diag *d)
{
	sqlite3 *db = store_sqlite(st);
	sqlite3_stmt *del = NULL, *ins = NULL, *dism = NULL, *conf = NULL;
	const char *what = _("storing screening hits");
	enum diag_status status = DIAG_OK;
	bool own = sqlite3_get_autocommit(db) != 0;
	char **confirmed = NULL;
	char **confirmed_reason = NULL;
	size_t n_confirmed = 0;

	if (own && (status = store_begin(st, d)))
		return status;
	/* Confirmed pairs of this subject stay confirmed.  */
	if ((conf = prepare(st,
			    "SELECT pair_key, reason FROM screen_hit WHERE subject_id = ?1 "
			    "AND decision = 1",
			    d, what)) == NULL)
		goto dberr_prepared;
	sqlite3_bind_int64(conf, 1, subject_id);
	while (sqlite3_step(conf) == SQLITE_ROW) {
		char **nk = realloc(confirmed, (n_confirmed + 1) * sizeof *nk);
		char **nr;

		if (nk == NULL)
			goto oom;
		confirmed = nk;
		if ((nr = realloc(confirmed_reason, (n_confirmed + 1) * sizeof *nr)) == NULL)
			goto oom;
		confirmed_reason = nr;
		confirmed[n_confirmed] = strdup((const char *)sqlite3_column_text(conf, 0));
		confirmed_reason[n_confirmed] =
			sqlite3_column_text(conf, 1)
				? strdup((const char *)sqlite3_column_text(conf, 1))
				: NULL;
		n_confirmed++;
	}
	if ((del = prepare(st, "DELETE FROM screen_hit WHERE subject_id = ?1", d, what)) == NULL ||
	    (ins = prepare(st,
			   "INSERT INTO screen_hit (subject_id, role, name, entry_id, list_source, "
			   "score, alias, explain, decision, reason, pair_key) VALUES (?1, ?2, ?3, "
			   "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
			   d, what)) == NULL ||
	    (dism = prepare(st, "SELECT reason FROM screen_dismissal WHERE pair_key = ?1", d,
			    what)) == NULL)
		goto dberr_prepared;
	sqlite3_bind_int64(del, 1, subject_id);
	if (sqlite3_step(del) != SQLITE_DONE)
		goto dberr;
	for (size_t i = 0; i < n; i++) {
		const struct store_screen_hit *h = &hits[i];
		int decision = SCREEN_OPEN;
		char *reason = NULL;

		sqlite3_reset(dism);
		bind_text(dism, 1, h->pair_key);
		if (sqlite3_step(dism) == SQLITE_ROW) {
			decision = SCREEN_DISMISSED;
			reason = strdup((const char *)sqlite3_column_text(dism, 0));
		}
		for (size_t k = 0; decision == SCREEN_OPEN && k < n_confirmed; k++)
			if (confirmed[k] && h->pair_key && strcmp(confirmed[k], h->pair_key) == 0) {
				decision = SCREEN_CONFIRMED;
				reason = confirmed_reason[k] ? strdup(confirmed_reason[k]) : NULL;
			}
		sqlite3_reset(ins);
		sqlite3_bind_int64(ins, 1, subject_id);
		bind_text(ins, 2, h->role ? h->role : "");
		bind_text(ins, 3, h->name ? h->name : "");
		sqlite3_bind_int64(ins, 4, h->entry_id);
		bind_text(ins, 5, h->list_source);
		sqlite3_bind_double(ins, 6, h->score);
		bind_text(ins, 7, h->alias ? h->alias : "");
		bind_text(ins, 8, h->explain ? h->explain : "{}");
		sqlite3_bind_int(ins, 9, decision);
		bind_text(ins, 10, reason);
		bind_text(ins, 11, h->pair_key ? h->pair_key : "");
		free(reason);
		if (sqlite3_step(ins) != SQLITE_DONE)
			goto dberr;
	}
	goto out;
oom:
	status = diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	goto out;
dberr:
	status = store_db_error(st, d, what);
	goto out;
dberr_prepared:
	status = d ? d->status : DIAG_IO;
out:
	sqlite3_finalize(conf);
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	sqlite3_finalize(dism);
	for (size_t k = 0; k < n_confirmed; k++) {
		free(confirmed[k]);
		free(confirmed_reason[k]);
	}
	free(confirmed);
	free(confirmed_reason);
	if (own) {
		if (status == DIAG_OK)
			status = store_commit(st, d);
		else
			store_rollback(st);
	}
	return status;
}

enum diag_status
store_screen_hits(struct store *st, int64_t subject_id, store_screen_hit_fn fn, void *ctx,
		  struct diag *d)
{
	const char *what = _("reading screening hits");
	sqlite3_stmt *s;
	enum diag_status status = DIAG_OK;
	int rc;

	if ((s = prepare(st,
			 "SELECT id, role, name, entry_id, list_source, score, alias, explain, "
			 "decision, reason, pair_key FROM screen_hit WHERE subject_id = ?1 "
			 "ORDER BY score DESC, id",
			 d, what)) == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_int64(s, 1, subject_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_screen_hit h = {
			.id = sqlite3_column_int64(s, 0),
			.subject_id = subject_id,
			.role = (char *)sqlite3_column_text(s, 1),
			.name = (char *)sqlite3_column_text(s, 2),
			.entry_id = sqlite3_column_int64(s, 3),
			.list_source = (char *)sqlite3_column_text(s, 4),
			.score = sqlite3_column_double(s, 5),
			.alias = (char *)sqlite3_column_text(s, 6),
			.explain = (char *)sqlite3_column_text(s, 7),
			.decision = sqlite3_column_int(s, 8),
			.reason = (char *)sqlite3_column_text(s, 9),
			.pair_key = (char *)sqlite3_column_text(s, 10),
		};

		if ((status = fn(ctx, &h)) != DIAG_OK)
			break;
	}
	if (status == DIAG_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		status = store_db_error(st, d, what);
	sqlite3_finalize(s);
	return status;
}

enum diag_status
store_screen_decide(struct store *st, int64_t hit_id, int decision, const char *reason,
		    struct diag *d)
{
	const char *what = _("recording a screening decision");
	sqlite3_stmt *s = NULL;
	enum diag_status status;
	char *key = NULL;
	int rc;

	if (decision != SCREEN_CONFIRMED && decision != SCREEN_DISMISSED)
		return diag_set(d, DIAG_USAGE, NULL, 0, _("a hit is confirmed or dismissed"));
	if (reason == NULL || reason[0] == '\0')
		return diag_set(d, DIAG_USAGE, NULL, 0, _("a decision on a hit needs a reason"));
	if ((status = store_begin(st, d)))
		return status;
	if ((s = prepare(st, "SELECT pair_key FROM screen_hit WHERE id = ?1", d, what)) == NULL)
		goto prepared;
	sqlite3_bind_int64(s, 1, hit_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		status = diag_set(d, DIAG_NOINPUT, NULL, 0, _("no screening hit with id %" PRId64),
				  hit_id);
		goto out;
	}
	if (rc != SQLITE_ROW)
		goto dberr;
	key = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	s = NULL;
	if (key == NULL) {
		status = diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
		goto out;
	}
	if ((s = prepare(st, "UPDATE screen_hit SET decision = ?2, reason = ?3 WHERE id = ?1", d,
			 what)) == NULL)
		goto prepared;
	sqlite3_bind_int64(s, 1, hit_id);
	sqlite3_bind_int(s, 2, decision);
	bind_text(s, 3, reason);
	if (sqlite3_step(s) != SQLITE_DONE)
		goto dberr;
	sqlite3_finalize(s);
	s = prepare(st,
		    decision == SCREEN_DISMISSED
			    ? "INSERT OR REPLACE INTO screen_dismissal (pair_key, reason, "
			      "decided_at) VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"
			    : "DELETE FROM screen_dismissal WHERE pair_key = ?1 OR ?2 IS NULL",
		    d, what);
	if (s == NULL)
		goto prepared;
	bind_text(s, 1, key);
	bind_text(s, 2, reason);
	if (sqlite3_step(s) != SQLITE_DONE)
		goto dberr;
	goto out;
dberr:
	status = store_db_error(st, d, what);
	goto out;
prepared:
	status = d ? d->status : DIAG_IO;
out:
	sqlite3_finalize(s);
	free(key);
	if (status == DIAG_OK)
		status = store_commit(st, d);
	else
		store_rollback(st);
	return status;
}

enum diag_status
store_screen_summary(struct store *st, int64_t subject_id, int *open_or_confirmed_hits,
		     double *best_score, struct diag *d)
{
	const char *what = _("reading screening hits");
	sqlite3_stmt *s;
	enum diag_status status = DIAG_OK;

	*open_or_confirmed_hits = 0;
	*best_score = 0;
	if ((s = prepare(st,
			 "SELECT count(*), coalesce(max(score), 0) FROM screen_hit "
			 "WHERE subject_id = ?1 AND decision IN (0, 1)",
			 d, what)) == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_int64(s, 1, subject_id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		*open_or_confirmed_hits = sqlite3_column_int(s, 0);
		*best_score = sqlite3_column_double(s, 1);
	} else {
		status = store_db_error(st, d, what);
	}
	sqlite3_finalize(s);
	return status;
}

enum diag_status
store_screen_prune(struct store *st, int64_t *removed, struct diag *d)
{
	const char *what = _("removing screening hits to entries no longer listed");
	sqlite3_stmt *s;
	enum diag_status status = DIAG_OK;

	*removed = 0;
	if ((s = prepare(st,
			 "DELETE FROM screen_hit WHERE entry_id NOT IN (SELECT id FROM wl_entry)",
			 d, what)) == NULL)
		return d ? d->status : DIAG_IO;
	if (sqlite3_step(s) == SQLITE_DONE)
		*removed = sqlite3_changes(store_sqlite(st));
	else
		status = store_db_error(st, d, what);
	sqlite3_finalize(s);
	return status;
}

enum diag_status
store_subject_ids(struct store *st, int64_t after, store_subject_id_fn fn, void *ctx,
		  struct diag *d)
{
	const char *what = _("listing subjects");
	enum diag_status status = DIAG_OK;

	/* In pages, so FN may write between them.  */
	for (;;) {
		int64_t ids[512];
		size_t n = 0;
		sqlite3_stmt *s;
		int rc;

		if ((s = prepare(st, "SELECT id FROM subject WHERE id > ?1 ORDER BY id LIMIT 512", d,
				 what)) == NULL)
			return d ? d->status : DIAG_IO;
		sqlite3_bind_int64(s, 1, after);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW)
			ids[n++] = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			return store_db_error(st, d, what);
		for (size_t i = 0; i < n; i++)
			if ((status = fn(ctx, ids[i])) != DIAG_OK)
				return status;
		if (n < 512)
			return DIAG_OK;
		after = ids[n - 1];
	}
}

enum diag_status
store_screen_last(struct store *st, int64_t *last, struct diag *d)
{
	sqlite3_stmt *s;
	enum diag_status status = DIAG_OK;
	int rc;

	*last = 0;
	if ((s = prepare(st, "SELECT last_subject FROM screen_state WHERE id = 1", d,
			 _("reading the screening state"))) == NULL)
		return d ? d->status : DIAG_IO;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*last = sqlite3_column_int64(s, 0);
	else if (rc != SQLITE_DONE)
		status = store_db_error(st, d, _("reading the screening state"));
	sqlite3_finalize(s);
	return status;
}

enum diag_status
store_screen_set_last(struct store *st, int64_t last, struct diag *d)
{
	sqlite3_stmt *s;
	enum diag_status status = DIAG_OK;

	if ((s = prepare(st,
			 "INSERT INTO screen_state (id, last_subject) VALUES (1, ?1) "
			 "ON CONFLICT(id) DO UPDATE SET last_subject = excluded.last_subject",
			 d, _("recording the screening state"))) == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_int64(s, 1, last);
	if (sqlite3_step(s) != SQLITE_DONE)
		status = store_db_error(st, d, _("recording the screening state"));
	sqlite3_finalize(s);
	return status;
}

enum diag_status
store_screen_hit_ref(struct store *st, int64_t hit_id, char *ref, size_t size, struct diag *d)
{
	const char *what = _("reading screening hits");
	sqlite3_stmt *s;
	int rc;

	if ((s = prepare(st,
			 "SELECT s.ref FROM screen_hit h JOIN subject s ON s.id = h.subject_id "
			 "WHERE h.id = ?1",
			 d, what)) == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_int64(s, 1, hit_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		snprintf(ref, size, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return diag_set(d, DIAG_NOINPUT, NULL, 0, _("no screening hit %" PRId64), hit_id);
	if (rc != SQLITE_ROW)
		return store_db_error(st, d, what);
	return DIAG_OK;
}
