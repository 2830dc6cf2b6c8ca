/* store_report: the SQL behind the supervisor's reports (report.h).
 *
 * Everything is read from the tables derived from the event log (shift,
 * inspection, seizure, lane_override, countersign, lookup; schema 4) and
 * the subjects.  Whether a countersign event is a follow-up flag is in its
 * payload ("follow-up": true), read with json_extract from the event
 * itself, so no table of its own is needed.  Statements are prepared for
 * the call and finalized: reports are not on a hot path.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "i18n.h"
#include "report.h"
#include "store.h"
#include "store_internal.h"

#define IS_FLAG "json_extract(e.payload, '$.\"follow-up\"') = 1"
/* The follow-up flags on inspection i, named by its start or its outcome
 * (one line per inspection however many flags it has).  */
#define FLAG_OF                                                                      \
	"FROM countersign c JOIN event e ON e.seq = c.seq WHERE c.target_seq IN (i.id, " \
	"i.outcome_seq) AND " IS_FLAG

static const char sql_shifts[] =
	"SELECT id, actor, coalesce(crossing, ''), opened_at, coalesce(closed_at, ''), "
	"coalesce(closed_seq, 0), opened_seq, coalesce(closed_seq, (SELECT max(seq) FROM event)) "
	"FROM shift WHERE ?1 = 0 OR id = ?1 ORDER BY id DESC";
static const char sql_counts[] =
	"SELECT coalesce(s.lane, 0), i.result, count(*) FROM inspection i "
	"LEFT JOIN subject s ON s.ref = i.subject_ref "
	"WHERE i.shift_id = ?1 AND i.outcome_seq IS NOT NULL GROUP BY 1, 2";
static const char sql_seizures[] =
	"SELECT count(*) FROM seizure z JOIN inspection i ON z.outcome_seq = i.outcome_seq "
	"WHERE i.shift_id = ?1";
static const char sql_overrides[] =
	"SELECT count(*) FROM lane_override WHERE actor = ?1 AND seq > ?2 AND seq <= ?3";
static const char sql_durations[] =
	"SELECT strftime('%s', ended_at) - strftime('%s', started_at) FROM inspection "
	"WHERE shift_id = ?1 AND outcome_seq IS NOT NULL AND started_at IS NOT NULL "
	"AND ended_at IS NOT NULL AND ended_at >= started_at";
static const char sql_red_left[] =
	"SELECT count(*) FROM subject s WHERE s.lane = 3 "
	"AND (?1 IS NULL OR s.crossing IS NULL OR s.crossing = ?1) AND (s.arrival IS NULL OR s.arrival <= ?2) "
	"AND NOT EXISTS (SELECT 1 FROM inspection i WHERE i.subject_ref = s.ref "
	"AND i.outcome_seq IS NOT NULL AND i.outcome_seq <= ?3)";
static const char sql_flags[] =
	"SELECT count(DISTINCT i.id) FROM countersign c JOIN event e ON e.seq = c.seq "
	"JOIN inspection i ON c.target_seq IN (i.id, i.outcome_seq) "
	"WHERE i.shift_id = ?1 AND " IS_FLAG;
static const char sql_signed[] =
	"SELECT c.seq, c.actor, c.at, coalesce(c.note, '') FROM countersign c "
	"JOIN event e ON e.seq = c.seq WHERE c.target_seq = ?1 AND NOT coalesce(" IS_FLAG
	", 0) ORDER BY c.seq DESC LIMIT 1";
static const char sql_items[] =
	"SELECT 1, i.id, coalesce(i.ended_at, i.started_at, ''), i.subject_ref, "
	"coalesce(s.lane, 0), coalesce(i.result, ''), coalesce(i.started_at, ''), "
	"coalesce(i.ended_at, ''), CASE WHEN i.started_at IS NOT NULL AND i.ended_at IS NOT NULL "
	"THEN strftime('%s', i.ended_at) - strftime('%s', i.started_at) ELSE -1 END, "
	"(SELECT count(*) FROM seizure z WHERE z.outcome_seq = i.outcome_seq), "
	"coalesce(i.checks, ''), coalesce(i.notes, ''), coalesce((SELECT max(c.seq) " FLAG_OF
	"), 0), coalesce((SELECT c.note " FLAG_OF " ORDER BY c.seq DESC LIMIT 1), '') "
	"FROM inspection i LEFT JOIN subject s ON s.ref = i.subject_ref WHERE i.shift_id = ?1 "
	"UNION ALL "
	"SELECT 2, o.seq, o.at, o.subject_ref, CASE o.lane WHEN 'red' THEN 3 WHEN 'yellow' THEN 2 "
	"WHEN 'green' THEN 1 ELSE 0 END, '', '', '', -1, 0, '', o.reason, 0, '' "
	"FROM lane_override o WHERE o.actor = ?2 AND o.seq > ?3 AND o.seq <= ?4 "
	"ORDER BY 2";
static const char sql_audit_counts[] =
	"SELECT (SELECT count(DISTINCT c.target_seq) FROM countersign c JOIN event e "
	"ON e.seq = c.seq JOIN shift s ON s.id = c.target_seq WHERE NOT coalesce(" IS_FLAG
	", 0)), (SELECT count(*) FROM countersign c JOIN event e ON e.seq = c.seq WHERE " IS_FLAG
	"), (SELECT count(*) FROM lookup)";
static const char sql_lookups[] =
	"SELECT seq, at, actor, query FROM lookup ORDER BY seq DESC LIMIT ?1";
static const char sql_insp_shift[] =
	"SELECT coalesce(shift_id, 0) FROM inspection WHERE id = ?1 OR outcome_seq = ?1 LIMIT 1";

static void
copy_col(char *dst, size_t size, sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	snprintf(dst, size, "%s", t ? (const char *)t : "");
}

static enum diag_status
prepare(struct store *st, const char *sql, sqlite3_stmt **s, struct diag *d)
{
	if (sqlite3_prepare_v2(store_sqlite(st), sql, -1, s, NULL) != SQLITE_OK) {
		*s = NULL;
		return store_db_error(st, d, _("reading the reports"));
	}
	return DIAG_OK;
}

/* Run S (bound) and finish it; *OUT the first column of its one row.  */
static enum diag_status
one_int(struct store *st, sqlite3_stmt *s, int64_t *out, struct diag *d)
{
	int rc = sqlite3_step(s);

	*out = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_error(st, d, _("reading the reports"));
	return DIAG_OK;
}

static enum diag_status
shift_counts(struct store *st, struct report_shift *r, int64_t opened_seq, int64_t end_seq,
	     struct diag *d)
{
	sqlite3_stmt *s = NULL;
	enum diag_status status;
	char now[EVENT_TIME_LEN + 1];
	int64_t *secs = NULL;
	size_t nsecs = 0, cap = 0;
	int rc;

	if ((status = prepare(st, sql_counts, &s, d)))
		return status;
	sqlite3_bind_int64(s, 1, r->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int lane = sqlite3_column_int(s, 0);
		const char *res = (const char *)sqlite3_column_text(s, 1);
		int64_t n = sqlite3_column_int64(s, 2);

		r->inspected += n;
		if (lane >= 0 && lane <= 3)
			r->by_lane[lane] += n;
		for (int k = 0; res && k < REPORT_RESULTS; k++)
			if (strcmp(res, report_result_name((enum report_result)k)) == 0)
				r->results[k] += n;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return store_db_error(st, d, _("reading the reports"));

	if ((status = prepare(st, sql_seizures, &s, d)))
		return status;
	sqlite3_bind_int64(s, 1, r->id);
	if ((status = one_int(st, s, &r->seizures, d)))
		return status;

	if ((status = prepare(st, sql_overrides, &s, d)))
		return status;
	sqlite3_bind_text(s, 1, r->actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, opened_seq);
	sqlite3_bind_int64(s, 3, end_seq);
	if ((status = one_int(st, s, &r->overrides, d)))
		return status;

	if ((status = prepare(st, sql_red_left, &s, d)))
		return status;
	if (r->crossing[0])
		sqlite3_bind_text(s, 1, r->crossing, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 1);
	/* An open shift has not ended: what has arrived by now.  */
	events_now(now);
	sqlite3_bind_text(s, 2, r->closed_at[0] ? r->closed_at : now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, end_seq);
	if ((status = one_int(st, s, &r->red_uninspected, d)))
		return status;

	if ((status = prepare(st, sql_flags, &s, d)))
		return status;
	sqlite3_bind_int64(s, 1, r->id);
	if ((status = one_int(st, s, &r->flags, d)))
		return status;

	if ((status = prepare(st, sql_signed, &s, d)))
		return status;
	sqlite3_bind_int64(s, 1, r->id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		r->countersign_seq = sqlite3_column_int64(s, 0);
		copy_col(r->countersign_by, sizeof r->countersign_by, s, 1);
		copy_col(r->countersign_at, sizeof r->countersign_at, s, 2);
		copy_col(r->countersign_note, sizeof r->countersign_note, s, 3);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_db_error(st, d, _("reading the reports"));

	if ((status = prepare(st, sql_durations, &s, d)))
		return status;
	sqlite3_bind_int64(s, 1, r->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (nsecs == cap) {
			int64_t *nv = realloc(secs, (cap ? 2 * cap : 16) * sizeof *nv);

			if (nv == NULL) {
				rc = SQLITE_NOMEM;
				break;
			}
			secs = nv;
			cap = cap ? 2 * cap : 16;
		}
		secs[nsecs++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_NOMEM)
		status = diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	else if (rc != SQLITE_DONE)
		status = store_db_error(st, d, _("reading the reports"));
	else
		r->median_seconds = report_median(secs, nsecs);
	free(secs);
	return status;
}

enum diag_status
store_report_shifts(struct store *st, int64_t id, struct report_shift **out, size_t *n,
		    struct diag *d)
{
	struct report_shift *v = NULL;
	struct {
		int64_t opened, end;
	} *range = NULL;
	sqlite3_stmt *s = NULL;
	enum diag_status status;
	size_t nv = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((status = prepare(st, sql_shifts, &s, d)))
		return status;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct report_shift *r;

		if (nv == cap) {
			size_t ncap = cap ? 2 * cap : 16;
			struct report_shift *nvv = realloc(v, ncap * sizeof *nvv);
			void *nr = nvv ? realloc(range, ncap * sizeof *range) : NULL;

			if (nvv)
				v = nvv;
			if (nr == NULL) {
				rc = SQLITE_NOMEM;
				break;
			}
			range = nr;
			cap = ncap;
		}
		r = &v[nv];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(s, 0);
		copy_col(r->actor, sizeof r->actor, s, 1);
		copy_col(r->crossing, sizeof r->crossing, s, 2);
		copy_col(r->opened_at, sizeof r->opened_at, s, 3);
		copy_col(r->closed_at, sizeof r->closed_at, s, 4);
		r->closed_seq = sqlite3_column_int64(s, 5);
		range[nv].opened = sqlite3_column_int64(s, 6);
		range[nv].end = sqlite3_column_int64(s, 7);
		nv++;
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_NOMEM)
		status = diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	else if (rc != SQLITE_DONE)
		status = store_db_error(st, d, _("reading the shifts"));
	for (size_t i = 0; status == DIAG_OK && i < nv; i++)
		status = shift_counts(st, &v[i], range[i].opened, range[i].end, d);
	free(range);
	if (status) {
		free(v);
		return status;
	}
	*out = v;
	*n = nv;
	return DIAG_OK;
}

enum diag_status
store_report_items(struct store *st, int64_t id, struct report_item **out, size_t *n,
		   struct diag *d)
{
	struct report_item *v = NULL;
	sqlite3_stmt *s = NULL;
	enum diag_status status;
	char actor[72] = "";
	int64_t opened = 0, end = 0;
	size_t nv = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((status = prepare(st, sql_shifts, &s, d)))
		return status;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		copy_col(actor, sizeof actor, s, 1);
		opened = sqlite3_column_int64(s, 6);
		end = sqlite3_column_int64(s, 7);
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE || id <= 0)
		/* L10N: %lld is a shift number.  */
		return diag_set(d, DIAG_NOINPUT, NULL, 0, _("no shift %lld"), (long long)id);
	if (rc != SQLITE_ROW)
		return store_db_error(st, d, _("reading the shifts"));

	if ((status = prepare(st, sql_items, &s, d)))
		return status;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, opened);
	sqlite3_bind_int64(s, 4, end);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct report_item *it;

		if (nv == cap) {
			size_t ncap = cap ? 2 * cap : 16;
			struct report_item *nvv = realloc(v, ncap * sizeof *nvv);

			if (nvv == NULL) {
				rc = SQLITE_NOMEM;
				break;
			}
			v = nvv;
			cap = ncap;
		}
		it = &v[nv++];
		memset(it, 0, sizeof *it);
		it->kind = sqlite3_column_int(s, 0) == 1 ? REPORT_ITEM_INSPECTION
							 : REPORT_ITEM_OVERRIDE;
		it->seq = sqlite3_column_int64(s, 1);
		copy_col(it->at, sizeof it->at, s, 2);
		copy_col(it->subject, sizeof it->subject, s, 3);
		it->lane = sqlite3_column_int(s, 4);
		copy_col(it->result, sizeof it->result, s, 5);
		copy_col(it->started_at, sizeof it->started_at, s, 6);
		copy_col(it->ended_at, sizeof it->ended_at, s, 7);
		it->seconds = sqlite3_column_int64(s, 8);
		it->seizures = sqlite3_column_int64(s, 9);
		copy_col(it->checks, sizeof it->checks, s, 10);
		copy_col(it->text, sizeof it->text, s, 11);
		it->flag_seq = sqlite3_column_int64(s, 12);
		copy_col(it->flag_note, sizeof it->flag_note, s, 13);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(v);
		if (rc == SQLITE_NOMEM)
			return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
		return store_db_error(st, d, _("reading the shifts"));
	}
	*out = v;
	*n = nv;
	return DIAG_OK;
}

enum diag_status
store_report_audit(struct store *st, size_t limit, struct report_audit *a, struct diag *d)
{
	sqlite3_stmt *s = NULL;
	enum diag_status status;
	int rc;

	if ((status = prepare(st, sql_audit_counts, &s, d)))
		return status;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		a->countersigned = sqlite3_column_int64(s, 0);
		a->flags = sqlite3_column_int64(s, 1);
		a->lookups = sqlite3_column_int64(s, 2);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return store_db_error(st, d, _("reading the audit figures"));
	if (limit == 0)
		return DIAG_OK;
	if ((a->lookup = calloc(limit, sizeof *a->lookup)) == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	if ((status = prepare(st, sql_lookups, &s, d)))
		return status;
	sqlite3_bind_int64(s, 1, (sqlite3_int64)limit);
	while (a->nlookup < limit && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct report_lookup *l = &a->lookup[a->nlookup++];

		l->seq = sqlite3_column_int64(s, 0);
		copy_col(l->at, sizeof l->at, s, 1);
		copy_col(l->actor, sizeof l->actor, s, 2);
		copy_col(l->query, sizeof l->query, s, 3);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_db_error(st, d, _("reading the audit figures"));
	return DIAG_OK;
}

enum diag_status
store_report_inspection_shift(struct store *st, int64_t id, int64_t *shift, struct diag *d)
{
	sqlite3_stmt *s = NULL;
	enum diag_status status;

	*shift = 0;
	if ((status = prepare(st, sql_insp_shift, &s, d)))
		return status;
	sqlite3_bind_int64(s, 1, id);
	return one_int(st, s, shift, d);
}
