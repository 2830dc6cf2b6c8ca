/* store_risk: the store's side of risk (store.h, "Risk"): the rule set in
 * force, settings, the random-selection key, facts, scoring, explanations,
 * overrides and rule performance.
 *
 * State.  One row of risk_state names the rule set in force and holds a
 * generation number that goes up whenever something every score depends on
 * changes (a rule set loaded, a setting changed).  A scoring that finds
 * the generation it last scored with rescores everything; otherwise it
 * scores only the subjects in risk_dirty, which a trigger fills with every
 * new subject (a replaced subject is deleted and inserted again, so it is
 * new) and which other modules fill through store_risk_mark_dirty().  The
 * time of an incremental scoring is thus proportional to what changed.
 *
 * A full scoring first makes the value norms (the median value per
 * kilogram of each HS heading over the vault's goods items, risk.h), then
 * reads every subject with one ordered scan per table (subject, party,
 * goods_item, container, route, finding: each is keyed by subject id, so
 * the scans are merged like a sorted join, with no query per subject),
 * scores them in memory and writes what changed, all in one transaction.
 *
 * Facts from other modules (screening hits, inspections) are read only when
 * their tables exist, so this file works before and after they are merged:
 * screen_hit(subject_id, score, decision) and inspection(subject_id,
 * result).  History is matched on exact party names and vehicle plates
 * (the truck's registration of a road consignment).  A consignee is new on
 * the first subject it appears on (risk_consignee, kept by a trigger as
 * parties are stored).
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>
#include <sqlite3.h>

#include "i18n.h"
#include "risk.h"
#include "rules.h"
#include "store.h"
#include "store_internal.h"

/* --- Small helpers ---------------------------------------------------------- */

static enum diag_status
prepare(struct store *st, const char *sql, sqlite3_stmt **s, const char *what, struct diag *d)
{
	if (sqlite3_prepare_v2(store_sqlite(st), sql, -1, s, NULL) != SQLITE_OK) {
		*s = NULL;
		return store_db_error(st, d, what);
	}
	return DIAG_OK;
}

static enum diag_status
exec(struct store *st, const char *sql, const char *what, struct diag *d)
{
	if (sqlite3_exec(store_sqlite(st), sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_db_error(st, d, what);
	return DIAG_OK;
}

static void
copy_text(char *dst, size_t size, const unsigned char *src)
{
	snprintf(dst, size, "%s", src ? (const char *)src : "");
}

static char *
col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? strdup((const char *)t) : NULL;
}

static void
today_utc(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static bool
table_exists(struct store *st, const char *name)
{
	sqlite3_stmt *s;
	bool found = false;

	if (sqlite3_prepare_v2(store_sqlite(st),
			       "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", -1,
			       &s, NULL) != SQLITE_OK)
		return false;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return found;
}

/* --- State ------------------------------------------------------------------- */

struct risk_state {
	int64_t ruleset_id, scored_ruleset_id;
	int64_t generation, scored_generation;
	bool have_key;
	unsigned char key[RISK_KEY_BYTES];
};

static enum diag_status
state_get(struct store *st, struct risk_state *rs, struct diag *d)
{
	sqlite3_stmt *s;
	enum diag_status status;
	const char *what = _("reading the risk state");

	memset(rs, 0, sizeof *rs);
	if ((status = prepare(st,
			      "SELECT ruleset_id, scored_ruleset_id, generation, scored_generation, "
			      "random_key FROM risk_state WHERE id = 1",
			      &s, what, d)))
		return status;
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return store_db_error(st, d, what);
	}
	rs->ruleset_id = sqlite3_column_int64(s, 0);
	rs->scored_ruleset_id = sqlite3_column_int64(s, 1);
	rs->generation = sqlite3_column_int64(s, 2);
	rs->scored_generation = sqlite3_column_int64(s, 3);
	if (sqlite3_column_bytes(s, 4) == RISK_KEY_BYTES) {
		memcpy(rs->key, sqlite3_column_blob(s, 4), RISK_KEY_BYTES);
		rs->have_key = true;
	}
	sqlite3_finalize(s);
	return DIAG_OK;
}

/* The random-selection key, made once (inside the caller's transaction). */
static enum diag_status
state_key(struct store *st, struct risk_state *rs, struct diag *d)
{
	sqlite3_stmt *s;
	enum diag_status status;
	int rc;

	if (rs->have_key)
		return DIAG_OK;
	randombytes_buf(rs->key, sizeof rs->key);
	if ((status = prepare(st, "UPDATE risk_state SET random_key = ?1 WHERE id = 1", &s,
			      _("keeping the random-selection key"), d)))
		return status;
	sqlite3_bind_blob(s, 1, rs->key, sizeof rs->key, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_error(st, d, _("keeping the random-selection key"));
	rs->have_key = true;
	return DIAG_OK;
}

static enum diag_status
bump_generation(struct store *st, struct diag *d)
{
	return exec(st, "UPDATE risk_state SET generation = generation + 1 WHERE id = 1",
		    _("recording a change of the rules"), d);
}

/* --- Rule sets ------------------------------------------------------------------ */

static enum diag_status
ruleset_read(struct store *st, int64_t id, struct rule_set **out, struct store_ruleset_info *info,
	     struct diag *d)
{
	sqlite3_stmt *s;
	enum diag_status status;
	const char *what = _("reading the rule set");
	struct diag pd;

	*out = NULL;
	if (info) {
		memset(info, 0, sizeof *info);
	}
	if (id == 0)
		return DIAG_OK;
	if ((status = prepare(st,
			      "SELECT text, digest, rules, loaded_at, loaded_by FROM risk_ruleset "
			      "WHERE id = ?1",
			      &s, what, d)))
		return status;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return store_db_error(st, d, what);
	}
	if (info) {
		info->id = id;
		copy_text(info->digest, sizeof info->digest, sqlite3_column_text(s, 1));
		info->rules = sqlite3_column_int(s, 2);
		copy_text(info->loaded_at, sizeof info->loaded_at, sqlite3_column_text(s, 3));
		copy_text(info->loaded_by, sizeof info->loaded_by, sqlite3_column_text(s, 4));
	}
	diag_clear(&pd);
	status = rules_parse((const char *)sqlite3_column_text(s, 0), (size_t)sqlite3_column_bytes(s, 0),
			     _("the rule set in the vault"), out, NULL, &pd);
	sqlite3_finalize(s);
	if (status != DIAG_OK) {
		/* It checked when it was loaded: the vault was altered, or a
		 * later douane reads rules differently.  */
		if (d)
			*d = pd;
		return status;
	}
	return DIAG_OK;
}

enum diag_status
store_risk_rules_get(struct store *st, struct rule_set **rs, struct store_ruleset_info *info,
		     struct diag *d)
{
	struct risk_state state;
	enum diag_status status;

	*rs = NULL;
	if (info)
		memset(info, 0, sizeof *info);
	if ((status = state_get(st, &state, d)))
		return status;
	return ruleset_read(st, state.ruleset_id, rs, info, d);
}

enum diag_status
store_risk_rules_load(struct store *st, const char *text, size_t len, const char *file,
		      const char *actor, struct rule_problems *probs, struct diag *d)
{
	struct rule_set *rs = NULL;
	unsigned char h[32];
	char hex[65];
	sqlite3_stmt *s = NULL;
	enum diag_status status;
	const char *what = _("storing the rule set");
	int rc;

	if ((status = rules_parse(text, len, file, &rs, probs, d)))
		return status;
	crypto_generichash(h, sizeof h, (const unsigned char *)text, len, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	if ((status = store_begin(st, d)))
		goto out;
	if ((status = prepare(st,
			      "INSERT INTO risk_ruleset (digest, text, rules, loaded_at, loaded_by) "
			      "VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?4)",
			      &s, what, d)))
		goto fail;
	sqlite3_bind_text(s, 1, hex, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, text, (int)len, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)rs->n);
	if (actor)
		sqlite3_bind_text(s, 4, actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		status = store_db_error(st, d, what);
		goto fail;
	}
	{
		char sql[128];

		snprintf(sql, sizeof sql,
			 "UPDATE risk_state SET ruleset_id = %" PRId64 ", generation = generation + 1 "
			 "WHERE id = 1",
			 (int64_t)sqlite3_last_insert_rowid(store_sqlite(st)));
		if ((status = exec(st, sql, what, d)))
			goto fail;
	}
	status = store_commit(st, d);
	if (status == DIAG_OK)
		goto out;
fail:
	store_rollback(st);
out:
	rule_set_free(rs);
	return status;
}

/* --- Settings ------------------------------------------------------------------- */

enum diag_status
store_risk_settings_get(struct store *st, struct risk_settings *cfg, struct diag *d)
{
	sqlite3_stmt *s;
	enum diag_status status;
	int rc;

	risk_settings_default(cfg);
	if ((status = prepare(st, "SELECT key, value FROM risk_setting", &s,
			      _("reading the risk settings"), d)))
		return status;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct diag ignored;

		/* A value that no longer parses keeps the default.  */
		risk_setting_parse(cfg, (const char *)sqlite3_column_text(s, 0),
				   (const char *)sqlite3_column_text(s, 1), &ignored);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_error(st, d, _("reading the risk settings"));
	return DIAG_OK;
}

enum diag_status
store_risk_setting_set(struct store *st, const char *key, const char *value, struct diag *d)
{
	struct risk_settings cfg;
	sqlite3_stmt *s;
	enum diag_status status;
	char buf[64];
	const char *what = _("storing a risk setting");
	int rc;

	if ((status = store_risk_settings_get(st, &cfg, d)) ||
	    (status = risk_setting_parse(&cfg, key, value, d)))
		return status;
	if ((status = store_begin(st, d)))
		return status;
	if ((status = prepare(st, "INSERT OR REPLACE INTO risk_setting (key, value) VALUES (?1, ?2)",
			      &s, what, d)))
		goto fail;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, risk_setting_format(&cfg, key, buf, sizeof buf), -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		status = store_db_error(st, d, what);
		goto fail;
	}
	if ((status = bump_generation(st, d)) || (status = store_commit(st, d)))
		goto fail;
	return DIAG_OK;
fail:
	store_rollback(st);
	return status;
}

/* --- Facts ----------------------------------------------------------------------- */

struct screen_sum {
	int64_t subject;
	int hits;
	double best;
};

struct hist {
	char *key; /* "p:" party name, or "v:" plate */
	int64_t subject;
	bool seizure;
};

struct override {
	int64_t subject;
	enum subject_lane lane;
};

/* What facts need, read once per scoring (screening hits, inspections and
 * overrides are few next to subjects).  */
struct facts_cache {
	struct screen_sum *screen;
	size_t n_screen;
	struct hist *hist;
	size_t n_hist;
	struct override *over;
	size_t n_over;
	sqlite3_stmt *seen; /* the first subject of a consignee */
};

static int
cmp_screen(const void *a, const void *b)
{
	const struct screen_sum *x = a, *y = b;

	return x->subject < y->subject ? -1 : x->subject > y->subject;
}

static int
cmp_hist(const void *a, const void *b)
{
	const struct hist *x = a, *y = b;

	return strcmp(x->key, y->key);
}

static int
cmp_over(const void *a, const void *b)
{
	const struct override *x = a, *y = b;

	return x->subject < y->subject ? -1 : x->subject > y->subject;
}

static void
facts_cache_free(struct facts_cache *c)
{
	for (size_t i = 0; i < c->n_hist; i++)
		free(c->hist[i].key);
	free(c->hist);
	free(c->screen);
	free(c->over);
	sqlite3_finalize(c->seen);
	memset(c, 0, sizeof *c);
}

static enum diag_status
facts_cache_init(struct store *st, struct facts_cache *c, struct diag *d)
{
	sqlite3_stmt *s = NULL;
	enum diag_status status;
	const char *what = _("reading screening and inspection history");
	int rc;

	memset(c, 0, sizeof *c);
	if ((status = prepare(st,
			      "SELECT first_subject FROM risk_consignee WHERE name = ?1",
			      &c->seen, what, d)))
		return status;

	if (table_exists(st, "screen_hit")) {
		size_t cap = 0;

		if ((status = prepare(st,
				      "SELECT subject_id, count(*), max(score) FROM screen_hit "
				      "WHERE decision IS NOT 2 GROUP BY subject_id ORDER BY subject_id",
				      &s, what, d)))
			goto fail;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			if (c->n_screen == cap) {
				struct screen_sum *v;
				cap = cap ? 2 * cap : 64;
				if ((v = realloc(c->screen, cap * sizeof *v)) == NULL)
					goto oom;
				c->screen = v;
			}
			c->screen[c->n_screen++] = (struct screen_sum){sqlite3_column_int64(s, 0),
								       sqlite3_column_int(s, 1),
								       sqlite3_column_double(s, 2)};
		}
		sqlite3_finalize(s);
		s = NULL;
		if (rc != SQLITE_DONE)
			goto dberr;
	}

	if (table_exists(st, "inspection")) {
		size_t cap = 0;

		if ((status = prepare(
			     st,
			     "WITH i AS (SELECT subject_id, max(result = 'seizure') AS seized "
			     "  FROM inspection GROUP BY subject_id) "
			     "SELECT 'p:' || p.name, i.subject_id, i.seized FROM i "
			     "  JOIN party p ON p.subject_id = i.subject_id "
			     "UNION "
			     "SELECT 'p:' || s.name, i.subject_id, i.seized FROM i "
			     "  JOIN subject s ON s.id = i.subject_id WHERE s.name IS NOT NULL "
			     "UNION "
			     "SELECT 'v:' || s.plate, i.subject_id, i.seized FROM i "
			     "  JOIN subject s ON s.id = i.subject_id WHERE s.plate IS NOT NULL "
			     "UNION "
			     "SELECT 'v:' || s.conveyance, i.subject_id, i.seized FROM i "
			     "  JOIN subject s ON s.id = i.subject_id "
			     "  WHERE s.mode = 'road' AND s.conveyance IS NOT NULL",
			     &s, what, d)))
			goto fail;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			if (c->n_hist == cap) {
				struct hist *v;
				cap = cap ? 2 * cap : 64;
				if ((v = realloc(c->hist, cap * sizeof *v)) == NULL)
					goto oom;
				c->hist = v;
			}
			c->hist[c->n_hist] = (struct hist){col_dup(s, 0), sqlite3_column_int64(s, 1),
							   sqlite3_column_int(s, 2) != 0};
			if (c->hist[c->n_hist].key == NULL)
				goto oom;
			c->n_hist++;
		}
		sqlite3_finalize(s);
		s = NULL;
		if (rc != SQLITE_DONE)
			goto dberr;
		if (c->n_hist > 1)
			qsort(c->hist, c->n_hist, sizeof *c->hist, cmp_hist);
	}

	{
		size_t cap = 0;

		if ((status = prepare(st,
				      "SELECT o.subject_id, CASE o.lane WHEN 'green' THEN 1 "
				      "  WHEN 'yellow' THEN 2 WHEN 'red' THEN 3 END "
				      "FROM lane_override o "
				      "WHERE o.seq = (SELECT max(seq) FROM lane_override x "
				      "  WHERE x.subject_id = o.subject_id) ORDER BY o.subject_id",
				      &s, what, d)))
			goto fail;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			if (c->n_over == cap) {
				struct override *v;
				cap = cap ? 2 * cap : 16;
				if ((v = realloc(c->over, cap * sizeof *v)) == NULL)
					goto oom;
				c->over = v;
			}
			c->over[c->n_over++] = (struct override){
				sqlite3_column_int64(s, 0), (enum subject_lane)sqlite3_column_int(s, 1)};
		}
		sqlite3_finalize(s);
		s = NULL;
		if (rc != SQLITE_DONE)
			goto dberr;
		if (c->n_over > 1)
			qsort(c->over, c->n_over, sizeof *c->over, cmp_over);
	}
	return DIAG_OK;
oom:
	status = diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	goto fail;
dberr:
	status = store_db_error(st, d, what);
fail:
	sqlite3_finalize(s);
	facts_cache_free(c);
	return status;
}

/* Count the distinct other subjects of history entries under KEY.  */
static void
hist_count(const struct facts_cache *c, const char *prefix, const char *name, int64_t self,
	   int64_t *seen, size_t *n_seen, size_t max_seen, struct risk_facts *f)
{
	char buf[600];
	struct hist probe = {buf, 0, false};
	const struct hist *h;
	size_t lo = 0, hi = c->n_hist;

	if (name == NULL || *name == '\0' || c->n_hist == 0)
		return;
	snprintf(buf, sizeof buf, "%s%s", prefix, name);
	/* Lower bound of the key.  */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cmp_hist(&c->hist[mid], &probe) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (h = &c->hist[lo]; h < c->hist + c->n_hist && strcmp(h->key, buf) == 0; h++) {
		bool dup = false;

		if (h->subject == self)
			continue;
		for (size_t k = 0; k < *n_seen; k++)
			dup = dup || seen[k] == h->subject;
		if (dup || *n_seen == max_seen)
			continue;
		seen[(*n_seen)++] = h->subject;
		f->prior_inspections++;
		if (h->seizure)
			f->prior_seizures++;
	}
}

static enum diag_status
facts_compute(struct store *st, struct facts_cache *c, const struct subject *s,
	      struct risk_facts *f, struct diag *d)
{
	int64_t seen[64];
	size_t n_seen = 0;
	const char *consignee = NULL;

	memset(f, 0, sizeof *f);
	if (c->n_screen) {
		struct screen_sum key = {s->id, 0, 0}, *hit;

		hit = bsearch(&key, c->screen, c->n_screen, sizeof key, cmp_screen);
		if (hit) {
			f->screen_hits = hit->hits;
			f->screen_best = hit->best;
		}
	}
	for (size_t i = 0; i < s->n_parties; i++) {
		hist_count(c, "p:", s->parties[i].name, s->id, seen, &n_seen, 64, f);
		if (consignee == NULL && s->parties[i].role &&
		    strcmp(s->parties[i].role, "consignee") == 0)
			consignee = s->parties[i].name;
	}
	hist_count(c, "p:", s->name, s->id, seen, &n_seen, 64, f);
	hist_count(c, "v:", s->plate, s->id, seen, &n_seen, 64, f);
	if (s->mode && strcmp(s->mode, "road") == 0)
		hist_count(c, "v:", s->conveyance, s->id, seen, &n_seen, 64, f);

	if (consignee && s->id > 0) {
		int rc;

		sqlite3_reset(c->seen);
		sqlite3_bind_text(c->seen, 1, consignee, -1, SQLITE_STATIC);
		rc = sqlite3_step(c->seen);
		/* New when this subject is the first it appeared on (or when
		 * it was never recorded).  */
		f->new_consignee = rc == SQLITE_DONE ||
				   (rc == SQLITE_ROW && sqlite3_column_int64(c->seen, 0) >= s->id);
		sqlite3_reset(c->seen);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_db_error(st, d, _("reading a subject's history"));
	}
	return DIAG_OK;
}

enum diag_status
store_risk_facts(struct store *st, const struct subject *s, struct risk_facts *facts,
		 struct diag *d)
{
	struct facts_cache c;
	enum diag_status status;

	if ((status = facts_cache_init(st, &c, d)))
		return status;
	status = facts_compute(st, &c, s, facts, d);
	facts_cache_free(&c);
	return status;
}

enum diag_status
store_risk_mark_dirty(struct store *st, int64_t subject_id, struct diag *d)
{
	sqlite3_stmt *s;
	enum diag_status status;
	int rc;

	if ((status = prepare(st, "INSERT OR IGNORE INTO risk_dirty (subject_id, why) VALUES (?1, 2)", &s,
			      _("marking a subject for scoring"), d)))
		return status;
	sqlite3_bind_int64(s, 1, subject_id);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_error(st, d, _("marking a subject for scoring"));
	return DIAG_OK;
}

/* --- Norms ------------------------------------------------------------------------- */

/* Make the norms from every goods item and keep them in risk_norm.  */
static enum diag_status
norms_build(struct store *st, struct risk_norms *norms, struct diag *d)
{
	struct risk_norm_builder *b = risk_norm_builder_new();
	sqlite3_stmt *s = NULL;
	enum diag_status status;
	const char *what = _("computing the value norms");
	int rc;

	if (b == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	if ((status = prepare(st,
			      "SELECT hs_code, value, currency, net_mass, gross_mass FROM goods_item "
			      "WHERE value IS NOT NULL",
			      &s, what, d)))
		goto out;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		double net = sqlite3_column_type(s, 3) == SQLITE_NULL ? -1 : sqlite3_column_double(s, 3);
		double gross =
			sqlite3_column_type(s, 4) == SQLITE_NULL ? -1 : sqlite3_column_double(s, 4);

		if (!risk_norm_builder_add(b, (const char *)sqlite3_column_text(s, 0),
					   sqlite3_column_double(s, 1),
					   (const char *)sqlite3_column_text(s, 2), net, gross)) {
			status = diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
			goto out;
		}
	}
	sqlite3_finalize(s);
	s = NULL;
	if (rc != SQLITE_DONE) {
		status = store_db_error(st, d, what);
		goto out;
	}
	risk_norm_builder_finish(b, norms);
	if ((status = exec(st, "DELETE FROM risk_norm", what, d)) ||
	    (status = prepare(st, "INSERT INTO risk_norm (heading, vpk, samples) VALUES (?1, ?2, ?3)",
			      &s, what, d)))
		goto out;
	for (int h = 0; h < RISK_HEADINGS; h++) {
		if (norms->vpk[h] <= 0)
			continue;
		sqlite3_reset(s);
		sqlite3_bind_int(s, 1, h);
		sqlite3_bind_double(s, 2, norms->vpk[h]);
		sqlite3_bind_int(s, 3, norms->samples[h]);
		if (sqlite3_step(s) != SQLITE_DONE) {
			status = store_db_error(st, d, what);
			goto out;
		}
	}
out:
	sqlite3_finalize(s);
	risk_norm_builder_free(b);
	return status;
}

static enum diag_status
norms_read(struct store *st, struct risk_norms *norms, struct diag *d)
{
	sqlite3_stmt *s;
	enum diag_status status;
	int rc;

	memset(norms, 0, sizeof *norms);
	if ((status = prepare(st, "SELECT heading, vpk, samples FROM risk_norm", &s,
			      _("reading the value norms"), d)))
		return status;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int h = sqlite3_column_int(s, 0);

		if (h >= 0 && h < RISK_HEADINGS) {
			norms->vpk[h] = sqlite3_column_double(s, 1);
			norms->samples[h] = sqlite3_column_int(s, 2);
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_error(st, d, _("reading the value norms"));
	return DIAG_OK;
}

/* --- The scan of every subject ------------------------------------------------------ */

enum scan_table { SC_PARTY, SC_ITEM, SC_CONTAINER, SC_ROUTE, SC_FINDING, SC__N };

static const char *const scan_sql[SC__N] = {
	[SC_PARTY] = "SELECT subject_id, role, name, country, address, ident FROM party "
		     "ORDER BY subject_id, seq",
	[SC_ITEM] = "SELECT subject_id, seq, hs_code, description, origin, packages, package_kind, "
		    "gross_mass, net_mass, value, currency FROM goods_item ORDER BY subject_id, seq",
	[SC_CONTAINER] = "SELECT subject_id, number, seal FROM container ORDER BY subject_id, seq",
	[SC_ROUTE] = "SELECT subject_id, country FROM route ORDER BY subject_id, seq",
	[SC_FINDING] = "SELECT subject_id, code, detail FROM finding ORDER BY subject_id, seq",
};

struct scan {
	sqlite3_stmt *subj;
	sqlite3_stmt *child[SC__N];
	int rc[SC__N];
};

static void
scan_close(struct scan *sc)
{
	sqlite3_finalize(sc->subj);
	for (int i = 0; i < SC__N; i++)
		sqlite3_finalize(sc->child[i]);
	memset(sc, 0, sizeof *sc);
}

static enum diag_status
scan_open(struct store *st, struct scan *sc, struct diag *d)
{
	enum diag_status status;
	const char *what = _("reading the subjects");

	memset(sc, 0, sizeof *sc);
	if ((status = prepare(st,
			      "SELECT id, ref, kind, mode, arrival, crossing, lane, score, status, "
			      "conveyance, conveyance_nationality, name, birth_date, nationality, "
			      "doc_type, doc_number, doc_country, plate, plate_country "
			      "FROM subject ORDER BY id",
			      &sc->subj, what, d)))
		return status;
	for (int i = 0; i < SC__N; i++) {
		if ((status = prepare(st, scan_sql[i], &sc->child[i], what, d))) {
			scan_close(sc);
			return status;
		}
		sc->rc[i] = sqlite3_step(sc->child[i]);
	}
	return DIAG_OK;
}

static double
col_real(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? -1 : sqlite3_column_double(s, i);
}

/* Fill S from the subject row and the children rows of its id.  */
static bool
scan_fill(struct scan *sc, struct subject *subj)
{
	sqlite3_stmt *s = sc->subj;
	int64_t id = sqlite3_column_int64(s, 0);

	subject_init(subj, (enum subject_kind)sqlite3_column_int(s, 2));
	subj->id = id;
	subj->ref = col_dup(s, 1);
	subj->mode = col_dup(s, 3);
	subj->arrival = col_dup(s, 4);
	subj->crossing = col_dup(s, 5);
	subj->lane = (enum subject_lane)sqlite3_column_int(s, 6);
	subj->score = sqlite3_column_int(s, 7);
	subj->status = (enum subject_status)sqlite3_column_int(s, 8);
	subj->conveyance = col_dup(s, 9);
	subj->conveyance_nationality = col_dup(s, 10);
	subj->name = col_dup(s, 11);
	subj->birth_date = col_dup(s, 12);
	subj->nationality = col_dup(s, 13);
	subj->doc_type = col_dup(s, 14);
	subj->doc_number = col_dup(s, 15);
	subj->doc_country = col_dup(s, 16);
	subj->plate = col_dup(s, 17);
	subj->plate_country = col_dup(s, 18);

	for (int t = 0; t < SC__N; t++) {
		sqlite3_stmt *c = sc->child[t];

		while (sc->rc[t] == SQLITE_ROW && sqlite3_column_int64(c, 0) < id)
			sc->rc[t] = sqlite3_step(c);
		for (; sc->rc[t] == SQLITE_ROW && sqlite3_column_int64(c, 0) == id;
		     sc->rc[t] = sqlite3_step(c)) {
			switch (t) {
			case SC_PARTY: {
				struct party *p = subject_add_party(subj);
				if (p == NULL)
					return false;
				p->role = col_dup(c, 1);
				p->name = col_dup(c, 2);
				p->country = col_dup(c, 3);
				p->address = col_dup(c, 4);
				p->ident = col_dup(c, 5);
				break;
			}
			case SC_ITEM: {
				struct goods_item *it = subject_add_item(subj);
				if (it == NULL)
					return false;
				it->seq = sqlite3_column_int(c, 1);
				it->hs_code = col_dup(c, 2);
				it->description = col_dup(c, 3);
				it->origin = col_dup(c, 4);
				it->packages = sqlite3_column_type(c, 5) == SQLITE_NULL
						       ? -1
						       : sqlite3_column_int64(c, 5);
				it->package_kind = col_dup(c, 6);
				it->gross_mass = col_real(c, 7);
				it->net_mass = col_real(c, 8);
				it->value = col_real(c, 9);
				it->currency = col_dup(c, 10);
				break;
			}
			case SC_CONTAINER: {
				struct container *k = subject_add_container(subj);
				if (k == NULL)
					return false;
				k->number = col_dup(c, 1);
				k->seal = col_dup(c, 2);
				break;
			}
			case SC_ROUTE:
				if (!subject_add_route(subj, (const char *)sqlite3_column_text(c, 1)))
					return false;
				break;
			case SC_FINDING:
				if (!subject_add_finding(subj, (const char *)sqlite3_column_text(c, 1),
							 (const char *)sqlite3_column_text(c, 2)))
					return false;
				break;
			}
		}
	}
	return true;
}

static bool
scan_failed(const struct scan *sc)
{
	for (int i = 0; i < SC__N; i++)
		if (sc->rc[i] != SQLITE_ROW && sc->rc[i] != SQLITE_DONE)
			return true;
	return false;
}

/* Report the failure of the scan: the subjects' statement's when RC (its
 * last step) failed, else a child's.  A child failed some steps ago and
 * other statements have run since, so the connection's message is no
 * longer its: the child's own result code says what happened.  */
static enum diag_status
scan_error(struct store *st, const struct scan *sc, int rc, struct diag *d)
{
	const char *what = _("reading the subjects");

	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_error(st, d, what);
	for (int i = 0; i < SC__N; i++) {
		int c = sc->rc[i];

		if (c == SQLITE_ROW || c == SQLITE_DONE)
			continue;
		if ((c & 0xff) == SQLITE_CORRUPT || (c & 0xff) == SQLITE_NOTADB)
			return diag_set(d, DIAG_DATA, NULL, 0, _("vault damaged or altered: %s"),
					sqlite3_errstr(c));
		return diag_set(d, DIAG_IO, NULL, 0, _("%s: %s"), what, sqlite3_errstr(c));
	}
	return diag_set(d, DIAG_SOFTWARE, NULL, 0, "scan_error: nothing failed");
}

/* --- Scoring --------------------------------------------------------------------------- */

struct scorer {
	struct store *st;
	struct rule_set *rs;
	struct risk_settings cfg;
	struct risk_state state;
	struct risk_norms *norms;
	struct facts_cache facts;
	struct risk_contrib *contrib; /* rs->n + 1 */
	char today[11];
	sqlite3_stmt *update, *del, *ins, *undirty;
	struct store_score_stats *stats;
};

static enum diag_status
scorer_prepare(struct scorer *sc, struct diag *d)
{
	struct store *st = sc->st;
	const char *what = _("writing the scores");
	enum diag_status status;

	if ((status = prepare(st,
			      "UPDATE subject SET lane = ?2, score = ?3 WHERE id = ?1 AND "
			      "(lane IS NOT ?2 OR score IS NOT ?3)",
			      &sc->update, what, d)) ||
	    (status = prepare(st, "DELETE FROM risk_contribution WHERE subject_id = ?1", &sc->del,
			      what, d)) ||
	    (status = prepare(st,
			      "INSERT INTO risk_contribution (subject_id, seq, kind, rule_id, "
			      "rule_version, points, lane) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
			      &sc->ins, what, d)) ||
	    (status = prepare(st, "DELETE FROM risk_dirty WHERE subject_id = ?1", &sc->undirty, what,
			      d)))
		return status;
	return DIAG_OK;
}

static void
scorer_close(struct scorer *sc)
{
	sqlite3_finalize(sc->update);
	sqlite3_finalize(sc->del);
	sqlite3_finalize(sc->ins);
	sqlite3_finalize(sc->undirty);
	facts_cache_free(&sc->facts);
	free(sc->contrib);
	free(sc->norms);
	rule_set_free(sc->rs);
}

static bool
step_ok(sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	return rc == SQLITE_DONE;
}

/* Score S and write its lane, score and contributions (after deleting its
 * old ones when OLD_CONTRIB).  */
static enum diag_status
score_one(struct scorer *sc, const struct subject *s, bool old_contrib, struct diag *d)
{
	struct risk_facts facts;
	struct rule_input in;
	struct risk_result res = {.c = sc->contrib};
	struct override key = {s->id, 0}, *ov;
	enum diag_status status;
	const char *what = _("writing the scores");
	int lane;

	if ((status = facts_compute(sc->st, &sc->facts, s, &facts, d)))
		return status;
	risk_input(&in, s, &facts, sc->norms);
	risk_score(sc->rs, &in, &sc->cfg, sc->state.key, sc->today, &res);
	lane = res.lane;
	ov = sc->facts.n_over ? bsearch(&key, sc->facts.over, sc->facts.n_over, sizeof key, cmp_over)
			      : NULL;
	if (ov) {
		lane = ov->lane;
		sc->stats->overridden++;
	}
	sc->stats->scored++;
	sc->stats->lanes[lane]++;
	sc->stats->budget_exceeded += res.budget_exceeded;

	if (old_contrib) {
		sqlite3_bind_int64(sc->del, 1, s->id);
		if (!step_ok(sc->del))
			return store_db_error(sc->st, d, what);
	}
	for (size_t i = 0; i < res.n; i++) {
		const struct risk_contrib *c = &res.c[i];

		if (c->kind == RISK_CONTRIB_RANDOM)
			sc->stats->random++;
		sqlite3_bind_int64(sc->ins, 1, s->id);
		sqlite3_bind_int64(sc->ins, 2, (sqlite3_int64)i + 1);
		sqlite3_bind_int(sc->ins, 3, c->kind);
		if (c->rule) {
			sqlite3_bind_text(sc->ins, 4, c->rule->id, -1, SQLITE_STATIC);
			sqlite3_bind_int(sc->ins, 5, c->rule->version);
		} else {
			sqlite3_bind_null(sc->ins, 4);
			sqlite3_bind_null(sc->ins, 5);
		}
		sqlite3_bind_int(sc->ins, 6, c->points);
		sqlite3_bind_int(sc->ins, 7, c->lane);
		if (!step_ok(sc->ins))
			return store_db_error(sc->st, d, what);
	}
	if (lane != (int)s->lane || res.score != s->score) {
		sqlite3_bind_int64(sc->update, 1, s->id);
		sqlite3_bind_int(sc->update, 2, lane);
		sqlite3_bind_int(sc->update, 3, res.score);
		if (!step_ok(sc->update))
			return store_db_error(sc->st, d, what);
	}
	return DIAG_OK;
}

/* Read every subject (the benchmark's baseline when READ_ONLY).  Scores are
 * computed while reading and written after the scan, so no statement
 * writes a table another is still reading.  */
static enum diag_status
score_all(struct scorer *sc, bool read_only, struct diag *d)
{
	struct scan scan;
	struct subject *batch = NULL;
	size_t n = 0, cap = 4096;
	enum diag_status status;
	int rc;

	if ((status = scan_open(sc->st, &scan, d)))
		return status;
	if (!read_only &&
	    (status = exec(sc->st, "DELETE FROM risk_contribution", _("writing the scores"), d)))
		goto out;
	if ((batch = calloc(cap, sizeof *batch)) == NULL)
		goto oom;
	/* Subjects are read a batch at a time: the batch is scored and
	 * written only once the scan has moved past it (written rows are
	 * behind every cursor, and SQLite allows updating rows a statement
	 * has already passed).  */
	for (;;) {
		rc = sqlite3_step(scan.subj);
		if (rc == SQLITE_ROW) {
			if (!scan_fill(&scan, &batch[n])) {
				subject_clear(&batch[n]);
				goto oom;
			}
			n++;
		}
		/* Never score a subject whose rows were not all read.  */
		if ((rc != SQLITE_ROW && rc != SQLITE_DONE) || scan_failed(&scan)) {
			status = scan_error(sc->st, &scan, rc, d);
			goto out;
		}
		if (n == cap || (rc == SQLITE_DONE && n > 0)) {
			for (size_t i = 0; i < n; i++) {
				if (read_only)
					sc->stats->scored++;
				else if ((status = score_one(sc, &batch[i], false, d)))
					goto out;
				subject_clear(&batch[i]);
			}
			n = 0;
		}
		if (rc == SQLITE_DONE)
			break;
	}
	if (!read_only)
		status = exec(sc->st, "DELETE FROM risk_dirty", _("writing the scores"), d);
	goto out;
oom:
	status = diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
out:
	for (size_t i = 0; batch && i < n; i++)
		subject_clear(&batch[i]);
	free(batch);
	scan_close(&scan);
	return status;
}

static enum diag_status
score_dirty(struct scorer *sc, struct diag *d)
{
	sqlite3_stmt *s;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	enum diag_status status;
	int rc;

	if ((status = prepare(sc->st, "SELECT subject_id FROM risk_dirty ORDER BY subject_id", &s,
			      _("reading the subjects"), d)))
		return status;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			int64_t *v;
			cap = cap ? 2 * cap : 256;
			if ((v = realloc(ids, cap * sizeof *v)) == NULL) {
				sqlite3_finalize(s);
				free(ids);
				return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
			}
			ids = v;
		}
		ids[n++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(ids);
		return store_db_error(sc->st, d, _("reading the subjects"));
	}
	for (size_t i = 0; i < n && status == DIAG_OK; i++) {
		struct subject subj;

		if ((status = store_subject_get(sc->st, ids[i], &subj, d)))
			break;
		status = score_one(sc, &subj, true, d);
		subject_clear(&subj);
		sqlite3_bind_int64(sc->undirty, 1, ids[i]);
		if (status == DIAG_OK && !step_ok(sc->undirty))
			status = store_db_error(sc->st, d, _("writing the scores"));
	}
	free(ids);
	return status;
}

enum diag_status
store_risk_score(struct store *st, unsigned flags, const char *today,
		 struct store_score_stats *stats, struct diag *d)
{
	struct scorer sc;
	enum diag_status status;
	bool read_only = flags & STORE_SCORE_READ_ONLY;
	char sql[160];

	memset(&sc, 0, sizeof sc);
	memset(stats, 0, sizeof *stats);
	sc.st = st;
	sc.stats = stats;
	if (today && strlen(today) >= 10)
		snprintf(sc.today, sizeof sc.today, "%.10s", today);
	else
		today_utc(sc.today);

	/* A full scoring rewrites many pages in one transaction: a larger
	 * page cache keeps them from spilling into the WAL half-way (each
	 * spill encrypts and writes pages that will change again).  */
	store_bulk_cache(st, 131072);
	if ((status = store_begin(st, d)))
		goto out;
	if ((status = state_get(st, &sc.state, d)))
		goto fail;
	if (sc.state.ruleset_id == 0) {
		status = diag_set(d, DIAG_NOINPUT, NULL, 0,
				  _("no rule set is in force: an admin loads one with "
				    "'douane rules load FILE'"));
		goto fail;
	}
	if ((status = ruleset_read(st, sc.state.ruleset_id, &sc.rs, NULL, d)) ||
	    (status = store_risk_settings_get(st, &sc.cfg, d)) ||
	    (status = state_key(st, &sc.state, d)))
		goto fail;
	if ((sc.contrib = calloc(sc.rs->n + 1, sizeof *sc.contrib)) == NULL ||
	    (sc.norms = calloc(1, sizeof *sc.norms)) == NULL) {
		status = diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
		goto fail;
	}
	stats->full = read_only || (flags & STORE_SCORE_ALL) ||
		      sc.state.scored_generation != sc.state.generation ||
		      sc.state.scored_ruleset_id != sc.state.ruleset_id;
	if (!read_only) {
		if ((status = stats->full ? norms_build(st, sc.norms, d) : norms_read(st, sc.norms, d)))
			goto fail;
		if ((status = facts_cache_init(st, &sc.facts, d)) ||
		    (status = scorer_prepare(&sc, d)))
			goto fail;
	}
	if ((status = stats->full ? score_all(&sc, read_only, d) : score_dirty(&sc, d)))
		goto fail;
	if (read_only) {
		store_rollback(st);
		scorer_close(&sc);
		goto out;
	}
	snprintf(sql, sizeof sql,
		 "UPDATE risk_state SET scored_generation = %" PRId64 ", scored_ruleset_id = %" PRId64
		 " WHERE id = 1",
		 sc.state.generation, sc.state.ruleset_id);
	if ((status = exec(st, sql, _("writing the scores"), d)))
		goto fail;
	scorer_close(&sc);
	memset(&sc, 0, sizeof sc);
	if ((status = store_commit(st, d)))
		goto fail;
	goto out;
fail:
	store_rollback(st);
	scorer_close(&sc);
out:
	store_bulk_cache(st, 0);
	return status;
}

/* --- Explanations --------------------------------------------------------------------- */

void
store_explanation_clear(struct store_explanation *ex)
{
	free(ex->v);
	rule_set_free(ex->rs);
	memset(ex, 0, sizeof *ex);
}

enum diag_status
store_risk_explain(struct store *st, int64_t subject_id, struct store_explanation *ex,
		   struct diag *d)
{
	struct risk_state state;
	sqlite3_stmt *s = NULL;
	enum diag_status status;
	const char *what = _("reading the explanation");
	size_t cap = 0;
	bool dirty;
	int rc;

	memset(ex, 0, sizeof *ex);
	ex->subject_id = subject_id;
	if ((status = state_get(st, &state, d)) ||
	    (status = store_risk_settings_get(st, &ex->settings, d)) ||
	    (status = ruleset_read(st, state.scored_ruleset_id, &ex->rs, &ex->ruleset, d)))
		goto fail;
	if ((status = prepare(st,
			      "SELECT lane, score, EXISTS (SELECT 1 FROM risk_dirty "
			      "WHERE subject_id = ?1) FROM subject WHERE id = ?1",
			      &s, what, d)))
		goto fail;
	sqlite3_bind_int64(s, 1, subject_id);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		status = rc == SQLITE_DONE ? diag_set(d, DIAG_NOINPUT, NULL, 0,
						      _("no subject with id %" PRId64), subject_id)
					   : store_db_error(st, d, what);
		goto fail;
	}
	ex->lane = (enum subject_lane)sqlite3_column_int(s, 0);
	ex->score = sqlite3_column_int(s, 1);
	dirty = sqlite3_column_int(s, 2) != 0;
	ex->scored = !dirty && state.scored_ruleset_id != 0;
	sqlite3_finalize(s);

	if ((status = prepare(st,
			      "SELECT kind, rule_id, rule_version, points, lane FROM risk_contribution "
			      "WHERE subject_id = ?1 ORDER BY seq",
			      &s, what, d)))
		goto fail;
	sqlite3_bind_int64(s, 1, subject_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_explain_item *it;

		if (ex->n == cap) {
			struct store_explain_item *v;
			cap = cap ? 2 * cap : 16;
			if ((v = realloc(ex->v, cap * sizeof *v)) == NULL) {
				status = diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
				goto fail;
			}
			ex->v = v;
		}
		it = &ex->v[ex->n++];
		memset(it, 0, sizeof *it);
		it->kind = (enum risk_contrib_kind)sqlite3_column_int(s, 0);
		copy_text(it->rule_id, sizeof it->rule_id, sqlite3_column_text(s, 1));
		it->version = sqlite3_column_int(s, 2);
		it->points = sqlite3_column_int(s, 3);
		it->lane = (enum subject_lane)sqlite3_column_int(s, 4);
		if (it->kind == RISK_CONTRIB_RULE)
			it->rule = rule_set_find(ex->rs, it->rule_id);
	}
	sqlite3_finalize(s);
	s = NULL;
	if (rc != SQLITE_DONE) {
		status = store_db_error(st, d, what);
		goto fail;
	}

	if ((status = prepare(st,
			      "SELECT CASE lane WHEN 'green' THEN 1 WHEN 'yellow' THEN 2 "
			      "  WHEN 'red' THEN 3 END, reason, actor, at "
			      "FROM lane_override WHERE subject_id = ?1 ORDER BY seq DESC LIMIT 1",
			      &s, what, d)))
		goto fail;
	sqlite3_bind_int64(s, 1, subject_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ex->overridden = true;
		ex->override_lane = (enum subject_lane)sqlite3_column_int(s, 0);
		copy_text(ex->override_reason, sizeof ex->override_reason, sqlite3_column_text(s, 1));
		copy_text(ex->override_actor, sizeof ex->override_actor, sqlite3_column_text(s, 2));
		copy_text(ex->override_at, sizeof ex->override_at, sqlite3_column_text(s, 3));
	} else if (rc != SQLITE_DONE) {
		status = store_db_error(st, d, what);
		goto fail;
	}
	sqlite3_finalize(s);
	return DIAG_OK;
fail:
	sqlite3_finalize(s);
	store_explanation_clear(ex);
	return status;
}

/* --- Overrides ------------------------------------------------------------------------- */

enum diag_status
store_risk_apply_override(struct store *st, int64_t subject_id, struct diag *d)
{
	sqlite3_stmt *s = NULL;
	enum diag_status status;
	int rc;

	/* The newest override of the subject, from the table the event log
	 * derives; the lane the queue orders by follows it at once, and
	 * later scorings keep it (they read the same table).  */
	if ((status = prepare(st,
			      "UPDATE subject SET lane = (SELECT CASE lane WHEN 'green' THEN 1 "
			      "  WHEN 'yellow' THEN 2 WHEN 'red' THEN 3 END FROM lane_override "
			      "  WHERE subject_id = ?1 ORDER BY seq DESC LIMIT 1) "
			      "WHERE id = ?1 AND EXISTS (SELECT 1 FROM lane_override "
			      "  WHERE subject_id = ?1)",
			      &s, _("recording a lane override"), d)))
		return status;
	sqlite3_bind_int64(s, 1, subject_id);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_error(st, d, _("recording a lane override"));
	return DIAG_OK;
}

/* --- Rule performance -------------------------------------------------------------------- */

enum diag_status
store_risk_stats(struct store *st, struct store_rule_stats **out, size_t *n, struct diag *d)
{
	struct rule_set *rs = NULL;
	struct store_rule_stats *v = NULL;
	sqlite3_stmt *s = NULL;
	enum diag_status status;
	const char *what = _("reading the rule performance");
	size_t nv = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((status = store_risk_rules_get(st, &rs, NULL, d)))
		return status;
	if ((v = calloc((rs ? rs->n : 0) + 1, sizeof *v)) == NULL) {
		rule_set_free(rs);
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	}
	for (size_t i = 0; rs && i < rs->n; i++) {
		snprintf(v[nv].rule_id, sizeof v[nv].rule_id, "%s", rs->rules[i].id);
		v[nv].version = rs->rules[i].version;
		nv++;
	}
	snprintf(v[nv].rule_id, sizeof v[nv].rule_id, "random");
	nv++;

	if ((status = prepare(
		     st,
		     table_exists(st, "inspection")
			     ? "WITH i AS (SELECT subject_id, max(result IN ('seizure', "
			       "'discrepancy-corrected')) AS found FROM inspection GROUP BY subject_id) "
			       "SELECT c.kind, c.rule_id, count(*), count(i.subject_id), "
			       "coalesce(sum(i.found), 0) FROM risk_contribution c "
			       "LEFT JOIN i ON i.subject_id = c.subject_id GROUP BY c.kind, c.rule_id"
			     : "SELECT kind, rule_id, count(*), 0, 0 FROM risk_contribution "
			       "GROUP BY kind, rule_id",
		     &s, what, d)))
		goto fail;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *id = sqlite3_column_int(s, 0) == RISK_CONTRIB_RANDOM
					 ? "random"
					 : (const char *)sqlite3_column_text(s, 1);

		for (size_t i = 0; id && i < nv; i++)
			if (strcmp(v[i].rule_id, id) == 0) {
				v[i].fired = sqlite3_column_int64(s, 2);
				v[i].inspected = sqlite3_column_int64(s, 3);
				v[i].findings = sqlite3_column_int64(s, 4);
			}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		status = store_db_error(st, d, what);
		goto fail;
	}
	for (size_t i = 0; i < nv; i++)
		v[i].hit_rate = v[i].inspected ? (double)v[i].findings / (double)v[i].inspected : -1;
	rule_set_free(rs);
	*out = v;
	*n = nv;
	return DIAG_OK;
fail:
	rule_set_free(rs);
	free(v);
	return status;
}
