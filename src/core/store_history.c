/* store_history: what the inspection record says of a subject's people and
 * vehicle, for the inspector's detail view.
 *
 * A subject's history is the earlier inspections (with an outcome) of
 * OTHER subjects that share a party name, a traveller's or driver's name,
 * a vehicle plate, or a road conveyance with it: the same keys the risk
 * facts count (store_risk.c, facts_cache), listed instead of counted.
 * Inspections are few next to subjects, so the query walks the inspection
 * table and checks each against the subject's few keys; the newest come
 * first, at most MAX of them.  Each row carries a short summary of its
 * seizure lines ("cigarettes 12000 H87 +1").
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "store.h"
#include "store_internal.h"

static const char sql_history[] =
	"WITH names(n) AS (SELECT name FROM party WHERE subject_id = ?1 AND name IS NOT NULL "
	"  UNION SELECT name FROM subject WHERE id = ?1 AND name IS NOT NULL), "
	"vehicles(v) AS (SELECT plate FROM subject WHERE id = ?1 AND plate IS NOT NULL "
	"  UNION SELECT conveyance FROM subject WHERE id = ?1 AND mode = 'road' "
	"  AND conveyance IS NOT NULL) "
	"SELECT i.subject_id, i.subject_ref, i.result, coalesce(i.ended_at, ''), i.actor, "
	"  i.outcome_seq, m.what FROM inspection i "
	"  JOIN (SELECT p.subject_id AS sid, p.name AS what FROM party p JOIN names ON p.name = n "
	"        UNION SELECT s2.id, s2.name FROM subject s2 JOIN names ON s2.name = n "
	"        UNION SELECT s3.id, s3.plate FROM subject s3 JOIN vehicles ON s3.plate = v "
	"        UNION SELECT s4.id, s4.conveyance FROM subject s4 JOIN vehicles "
	"          ON s4.mode = 'road' AND s4.conveyance = v) m ON m.sid = i.subject_id "
	"  WHERE i.outcome_seq IS NOT NULL AND i.subject_id <> ?1 "
	"  GROUP BY i.id ORDER BY i.ended_at DESC, i.id DESC LIMIT ?2";

static const char sql_seizures[] =
	"SELECT commodity, quantity, unit FROM seizure WHERE outcome_seq = ?1 ORDER BY line";

static void
copy_col(sqlite3_stmt *s, int col, char *out, size_t size)
{
	const unsigned char *t = sqlite3_column_text(s, col);

	snprintf(out, size, "%s", t ? (const char *)t : "");
}

/* "cigarettes 12000 H87 +1" for the seizure lines of outcome SEQ.  */
static enum diag_status
history_seizures(struct store *st, int64_t seq, struct store_history_row *r, struct diag *d)
{
	sqlite3_stmt *s = store_stmt(st, sql_seizures, d);
	int rc;

	if (s == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_int64(s, 1, seq);
	r->seizures = 0;
	r->seized[0] = '\0';
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (r->seizures++ == 0)
			snprintf(r->seized, sizeof(r->seized), "%s %s %s",
				 (const char *)sqlite3_column_text(s, 0),
				 (const char *)sqlite3_column_text(s, 1),
				 (const char *)sqlite3_column_text(s, 2));
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_db_error(st, d, _("reading the inspection history"));
	if (r->seizures > 1) {
		size_t len = strlen(r->seized);

		snprintf(r->seized + len, sizeof(r->seized) - len, " +%d", r->seizures - 1);
	}
	return DIAG_OK;
}

enum diag_status
store_subject_history(struct store *st, int64_t subject_id, struct store_history_row *rows,
		      size_t max, size_t *n, struct diag *d)
{
	sqlite3_stmt *s = store_stmt(st, sql_history, d);
	enum diag_status status = DIAG_OK;
	int rc;

	*n = 0;
	if (s == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_int64(s, 1, subject_id);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)max);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max) {
		struct store_history_row *r = &rows[(*n)++];

		memset(r, 0, sizeof(*r));
		r->subject_id = sqlite3_column_int64(s, 0);
		copy_col(s, 1, r->ref, sizeof(r->ref));
		copy_col(s, 2, r->result, sizeof(r->result));
		copy_col(s, 3, r->ended_at, sizeof(r->ended_at));
		copy_col(s, 4, r->actor, sizeof(r->actor));
		r->outcome_seq = sqlite3_column_int64(s, 5);
		copy_col(s, 6, r->matched, sizeof(r->matched));
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_db_error(st, d, _("reading the inspection history"));
	for (size_t i = 0; i < *n && status == DIAG_OK; i++)
		status = history_seizures(st, rows[i].outcome_seq, &rows[i], d);
	return status;
}
