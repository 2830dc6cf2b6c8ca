/* report: the supervisor's reports (report.h): the role check, the
 * median, the rule sort, countersigning and flagging as signed events,
 * and the audit figures; the SQL is in store_report.c.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "i18n.h"
#include "json.h"
#include "report.h"
#include "store.h"
#include "vault.h"

static const char *const result_names[REPORT_RESULTS] = {
	"released", "discrepancy-corrected", "seizure", "refused-entry", "referred", "detained",
};

const char *
report_result_name(enum report_result r)
{
	return (unsigned)r < REPORT_RESULTS ? result_names[r] : NULL;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int64_t
report_median(int64_t *v, size_t n)
{
	if (n == 0)
		return -1;
	qsort(v, n, sizeof *v, cmp_i64);
	if (n % 2)
		return v[n / 2];
	/* The mean of the two middle values, without overflow.  */
	return v[n / 2 - 1] + (v[n / 2] - v[n / 2 - 1]) / 2;
}

enum diag_status
report_allowed(struct vault *v, struct diag *d)
{
	if (v != NULL && vault_role(v) >= VAULT_ROLE_SUPERVISOR)
		return DIAG_OK;
	return diag_set(d, DIAG_NOPERM, NULL, 0,
			_("supervisors only: an inspector cannot read the supervisors' reports"));
}

enum diag_status
report_shifts(struct store *st, struct vault *v, struct report_shift **out, size_t *n,
	      struct diag *d)
{
	enum diag_status rc;

	*out = NULL;
	*n = 0;
	if ((rc = report_allowed(v, d)))
		return rc;
	return store_report_shifts(st, 0, out, n, d);
}

enum diag_status
report_shift(struct store *st, struct vault *v, int64_t id, struct report_shift *out,
	     struct diag *d)
{
	struct report_shift *r = NULL;
	enum diag_status rc;
	size_t n = 0;

	memset(out, 0, sizeof *out);
	if ((rc = report_allowed(v, d)))
		return rc;
	if (id <= 0)
		return diag_set(d, DIAG_NOINPUT, NULL, 0, _("no shift %lld"), (long long)id);
	if ((rc = store_report_shifts(st, id, &r, &n, d)))
		return rc;
	if (n == 0) {
		free(r);
		return diag_set(d, DIAG_NOINPUT, NULL, 0, _("no shift %lld"), (long long)id);
	}
	*out = r[0];
	free(r);
	return DIAG_OK;
}

enum diag_status
report_shift_items(struct store *st, struct vault *v, int64_t id, struct report_item **out,
		   size_t *n, struct diag *d)
{
	enum diag_status rc;

	*out = NULL;
	*n = 0;
	if ((rc = report_allowed(v, d)))
		return rc;
	return store_report_items(st, id, out, n, d);
}

/* Append a countersign event naming TARGET.  */
static enum diag_status
countersign(struct store *st, struct vault *v, int64_t target, const char *note,
	    bool follow_up, int64_t *seq, struct diag *d)
{
	char *p = NULL, num[32];
	size_t len = 0, cap = 0;
	enum diag_status rc;

	snprintf(num, sizeof num, "%" PRId64, target);
	if (json_put_raw(&p, &len, &cap, "{\"target\":") || json_put_raw(&p, &len, &cap, num) ||
	    (note && *note &&
	     (json_put_raw(&p, &len, &cap, ",\"note\":") || json_put_string(&p, &len, &cap, note))) ||
	    (follow_up && json_put_raw(&p, &len, &cap, ",\"follow-up\":true")) ||
	    json_put_raw(&p, &len, &cap, "}")) {
		free(p);
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	}
	rc = events_append(st, v, EVENT_COUNTERSIGN, NULL, p, seq, d);
	free(p);
	return rc;
}

enum diag_status
report_countersign(struct store *st, struct vault *v, int64_t shift_id, const char *note,
		   int64_t *seq, struct diag *d)
{
	struct report_shift r;
	enum diag_status rc;

	if ((rc = report_shift(st, v, shift_id, &r, d)))
		return rc;
	if (r.closed_at[0] == '\0')
		/* L10N: %lld is a shift number.  */
		return diag_set(d, DIAG_DATA, NULL, 0,
				_("shift %lld is still open: countersign it once it is closed"),
				(long long)shift_id);
	return countersign(st, v, shift_id, note, false, seq, d);
}

enum diag_status
report_flag(struct store *st, struct vault *v, int64_t inspection_id, const char *note,
	    int64_t *seq, struct diag *d)
{
	enum diag_status rc;
	int64_t shift = 0;

	if ((rc = report_allowed(v, d)))
		return rc;
	if (note == NULL || *note == '\0')
		return diag_set(d, DIAG_USAGE, NULL, 0, _("a follow-up flag needs a note"));
	if ((rc = store_report_inspection_shift(st, inspection_id, &shift, d)))
		return rc;
	if (shift == 0)
		/* L10N: %lld is an inspection number.  */
		return diag_set(d, DIAG_NOINPUT, NULL, 0, _("no inspection %lld"),
				(long long)inspection_id);
	return countersign(st, v, inspection_id, note, true, seq, d);
}

/* --- Rules ------------------------------------------------------------- */

const char *const report_rule_keys[] = {"rule", "fired", "inspected", "found", "hit-rate", NULL};

struct ranked {
	struct store_rule_stats s;
	size_t order;
};

static int sort_key;

static double
key_of(const struct store_rule_stats *s)
{
	switch (sort_key) {
	case 1:
		return (double)s->fired;
	case 2:
		return (double)s->inspected;
	case 3:
		return (double)s->findings;
	case 4:
		return s->hit_rate;
	default:
		return 0;
	}
}

static int
cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	double kx = key_of(&x->s), ky = key_of(&y->s);

	if (kx != ky)
		return kx > ky ? -1 : 1;
	return (x->order > y->order) - (x->order < y->order);
}

enum diag_status
report_rules(struct store *st, struct vault *v, const char *key, struct store_rule_stats **out,
	     size_t *n, struct diag *d)
{
	struct ranked *r = NULL;
	enum diag_status rc;
	int k = -1;

	*out = NULL;
	*n = 0;
	for (int i = 0; report_rule_keys[i]; i++)
		if (strcmp(report_rule_keys[i], key ? key : "rule") == 0)
			k = i;
	if (k < 0)
		/* L10N: %s is what the user asked to sort by.  */
		return diag_set(d, DIAG_USAGE, NULL, 0,
				_("cannot sort by '%s': say rule, fired, inspected, found or "
				  "hit-rate"),
				key);
	if ((rc = report_allowed(v, d)) || (rc = store_risk_stats(st, out, n, d)))
		return rc;
	if (k == 0 || *n < 2)
		return DIAG_OK;
	if ((r = calloc(*n, sizeof *r)) == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	for (size_t i = 0; i < *n; i++) {
		r[i].s = (*out)[i];
		r[i].order = i;
	}
	sort_key = k;
	qsort(r, *n, sizeof *r, cmp_ranked);
	for (size_t i = 0; i < *n; i++)
		(*out)[i] = r[i].s;
	free(r);
	return DIAG_OK;
}

/* --- Audit ---------------------------------------------------------------- */

enum diag_status
report_audit(struct store *st, struct vault *v, size_t limit, struct report_audit *a,
	     struct diag *d)
{
	struct events_check chk;
	struct diag vd;
	enum diag_status rc;

	memset(a, 0, sizeof *a);
	if ((rc = report_allowed(v, d)))
		return rc;
	memset(&chk, 0, sizeof chk);
	diag_clear(&vd);
	rc = events_verify(st, v, &chk, &vd);
	if (rc != DIAG_OK && rc != DIAG_DATA) {
		if (d)
			*d = vd;
		return rc;
	}
	a->chain_ok = rc == DIAG_OK;
	a->events = chk.count;
	a->bad_seq = chk.bad_seq;
	if (rc != DIAG_OK)
		snprintf(a->why, sizeof a->why, "%.159s", chk.why[0] ? chk.why : vd.msg);
	a->failed_unlocks = vault_failed_attempts(v);
	if ((rc = store_report_audit(st, limit, a, d)))
		report_audit_clear(a);
	return rc;
}

void
report_audit_clear(struct report_audit *a)
{
	free(a->lookup);
	a->lookup = NULL;
	a->nlookup = 0;
}
