/* screen_subjects: screen the subjects of the vault (screen_subjects.h).
 *
 * Subjects are screened in pages of ids, in transactions of a few hundred
 * subjects, so that screening a large vault neither holds one huge
 * transaction nor commits (and syncs) once per subject.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "screen_subjects.h"

#define MAX_HITS 16
#define BATCH 256

struct walk {
	struct store *st;
	const struct screen_index *ix;
	double threshold;
	struct screen_subjects_stats *stats;
	struct diag *d;
	int in_batch;
	int64_t last;
};

struct hitlist {
	struct store_screen_hit *v;
	size_t n, cap;
};

static enum diag_status
screen_one(const struct screen_index *ix, const struct screen_query *q, const char *role,
	   const char *shown, double threshold, struct hitlist *out,
	   struct screen_subjects_stats *stats, struct diag *d)
{
	struct screen_hit hits[MAX_HITS];
	size_t n = 0;
	enum diag_status status;
	struct diag local;

	diag_clear(&local);
	status = screen_query_run(ix, q, threshold, hits, MAX_HITS, &n, &local);
	if (status == DIAG_DATA)
		return DIAG_OK; /* a name that is not UTF-8 screens as nothing */
	if (status) {
		if (d)
			*d = local;
		return status;
	}
	stats->names++;
	for (size_t i = 0; i < n; i++) {
		struct screen_entry_view v;
		struct store_screen_hit *h;
		char key[33];

		if (out->n == out->cap) {
			size_t ncap = out->cap ? out->cap * 2 : 8;
			struct store_screen_hit *nv = realloc(out->v, ncap * sizeof *nv);

			if (nv == NULL)
				return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
			out->v = nv;
			out->cap = ncap;
		}
		screen_entry_view(ix, &hits[i], &v);
		screen_pair_key(q, &v, key);
		h = &out->v[out->n++];
		memset(h, 0, sizeof *h);
		h->role = strdup(role);
		h->name = strdup(shown);
		h->entry_id = v.entry_id;
		h->list_source = strdup(v.source);
		h->score = hits[i].score;
		h->alias = strdup(v.alias);
		h->explain = screen_explain_json(ix, q, &hits[i]);
		h->pair_key = strdup(key);
		if (!h->role || !h->name || !h->list_source || !h->alias || !h->explain ||
		    !h->pair_key)
			return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	}
	return DIAG_OK;
}

static bool
is_sea(const char *mode)
{
	return mode && (strcmp(mode, "sea") == 0 || strcmp(mode, "1") == 0);
}

enum diag_status
screen_subject(struct store *st, const struct screen_index *ix, int64_t id, double threshold,
	       struct screen_subjects_stats *stats, struct diag *d)
{
	struct subject s;
	struct hitlist hl = {NULL, 0, 0};
	enum diag_status status;

	if ((status = store_subject_get(st, id, &s, d)))
		return status;
	for (size_t i = 0; status == DIAG_OK && i < s.n_parties; i++) {
		const struct party *p = &s.parties[i];
		struct screen_query q = {p->name, NULL, p->country, 0, p->ident};

		if (p->name && p->name[0])
			status = screen_one(ix, &q, p->role ? p->role : "party", p->name, threshold,
					    &hl, stats, d);
	}
	if (status == DIAG_OK && s.conveyance && s.conveyance[0]) {
		/* A vessel's name, a truck's registration: both ways.  */
		struct screen_query q = {s.conveyance, NULL, NULL,
					 is_sea(s.mode) ? WL_VESSEL : 0, s.conveyance};

		status = screen_one(ix, &q, "conveyance", s.conveyance, threshold, &hl, stats, d);
	}
	if (status == DIAG_OK && s.name && s.name[0]) {
		struct screen_query q = {s.name, s.birth_date, s.nationality, WL_PERSON,
					 s.doc_number};

		status = screen_one(ix, &q, s.kind == SUBJECT_VEHICLE ? "driver" : "traveller",
				    s.name, threshold, &hl, stats, d);
	}
	if (status == DIAG_OK && s.plate && s.plate[0]) {
		struct screen_query q = {NULL, NULL, s.plate_country, WL_VEHICLE, s.plate};

		status = screen_one(ix, &q, "vehicle", s.plate, threshold, &hl, stats, d);
	}
	if (status == DIAG_OK) {
		status = store_screen_hits_replace(st, id, hl.v, hl.n, d);
		if (status == DIAG_OK) {
			stats->subjects++;
			stats->hits += (int64_t)hl.n;
		}
	}
	for (size_t i = 0; i < hl.n; i++)
		store_screen_hit_clear(&hl.v[i]);
	free(hl.v);
	subject_clear(&s);
	return status;
}

static enum diag_status
walk_one(void *ctx, int64_t id)
{
	struct walk *w = ctx;
	enum diag_status status;

	if (w->in_batch == 0 && (status = store_begin(w->st, w->d)))
		return status;
	if ((status = screen_subject(w->st, w->ix, id, w->threshold, w->stats, w->d)))
		return status;
	w->last = id;
	if (++w->in_batch >= BATCH) {
		w->in_batch = 0;
		if ((status = store_screen_set_last(w->st, id, w->d)) ||
		    (status = store_commit(w->st, w->d)))
			return status;
	}
	return DIAG_OK;
}

enum diag_status
screen_subjects_run(struct store *st, const struct screen_index *ix, bool all, double threshold,
		    struct screen_subjects_stats *stats, struct diag *d)
{
	struct screen_index *own = NULL;
	struct walk w = {st, ix, threshold, stats, d, 0, 0};
	enum diag_status status;
	int64_t after = 0;

	memset(stats, 0, sizeof *stats);
	if (ix == NULL) {
		if ((status = store_screen_index(st, &own, d)))
			return status;
		w.ix = own;
	}
	if (all) {
		if ((status = store_screen_prune(st, &stats->pruned, d)))
			goto out;
	} else if ((status = store_screen_last(st, &after, d))) {
		goto out;
	}
	w.last = after;
	status = store_subject_ids(st, after, walk_one, &w, d);
	if (status == DIAG_OK && w.in_batch > 0) {
		if ((status = store_screen_set_last(st, w.last, d)) == DIAG_OK)
			status = store_commit(st, d);
		w.in_batch = 0;
	}
	if (status == DIAG_OK && all && w.last > after)
		status = store_screen_set_last(st, w.last, d);
	if (status && w.in_batch > 0)
		store_rollback(st);
out:
	screen_index_free(own);
	return status;
}
