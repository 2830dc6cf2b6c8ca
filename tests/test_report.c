/* Unit tests for the supervisor's reports (report.h): two shifts recorded
 * through the signed event log, with inspections of subjects in each
 * lane, a seizure, an override during a shift, an override between
 * shifts, and red subjects left uninspected.  Every figure of the shift
 * summaries, the shift detail, rule performance and the audit is checked
 * against a value the test computes from its own description of what it
 * recorded (the tables below), not against numbers written by hand.  An
 * inspector is refused everywhere with DIAG_NOPERM.  */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "events.h"
#include "report.h"
#include "risk.h"
#include "store.h"
#include "subject.h"
#include "testutil.h"

struct fixture {
	char dir[512];
	struct store *st;
	struct vault *v;
	int64_t events; /* events appended */
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	snprintf(f->dir, sizeof f->dir, "%s", test_tmpdir());
	f->st = test_store_create(f->dir);
	f->v = test_store_vault(f->st);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	test_store_close(f->st);
	test_rmdir(f->dir);
	free(f);
	return 0;
}

/* Chapter 93 fires RED (floor red), chapter 24 YEL (floor yellow), chapter
 * 84 DISC (a small weight: stays green).  */
static const char rules_text[] =
	"rule RED\n version 1\n floor red\n reason \"Arms\"\n when chapter in (93)\nend\n"
	"rule YEL\n version 1\n floor yellow\n reason \"Tobacco\"\n when chapter in (24)\nend\n"
	"rule DISC\n version 1\n weight 5\n reason \"Machines\"\n when chapter in (84)\nend\n";
static const char *const rule_ids[] = {"RED", "YEL", "DISC"};
#define NRULES 3

/* The subjects: reference, HS code (its chapter decides the rule and the
 * lane), crossing and arrival (NULL: none).  */
static const struct subj {
	const char *ref, *hs, *crossing, *arrival;
} subjects[] = {
	{"A1", "930100", "FRCQF", "2026-01-01T08:00:00Z"},
	{"A2", "930200", "FRCQF", "2026-01-01T08:00:00Z"},
	{"A3", "930300", "FRCQF", "2099-01-01T08:00:00Z"}, /* not arrived yet */
	{"A4", "930100", "DEHAM", NULL},                   /* another crossing */
	{"A5", "930100", NULL, "2026-01-01T08:00:00Z"},    /* at every crossing */
	{"Y1", "240220", "FRCQF", "2026-01-01T08:00:00Z"},
	{"Y2", "240220", "FRCQF", "2026-01-01T08:00:00Z"},
	{"G1", "847130", "FRCQF", "2026-01-01T08:00:00Z"},
	{"G2", "847130", "FRCQF", "2026-01-01T08:00:00Z"},
};
#define NSUBJ (sizeof subjects / sizeof subjects[0])

static int
rule_of(const struct subj *s)
{
	return strncmp(s->hs, "93", 2) == 0 ? 0 : strncmp(s->hs, "24", 2) == 0 ? 1 : 2;
}

static int
scored_lane(const struct subj *s)
{
	static const int lanes[NRULES] = {LANE_RED, LANE_YELLOW, LANE_GREEN};

	return lanes[rule_of(s)];
}

/* What happens, in order.  */
enum step_kind { OPEN, CLOSE, INSPECT, OVERRIDE, LOOKUP };
static const struct step {
	enum step_kind kind;
	const char *ref;      /* INSPECT, OVERRIDE */
	const char *arg;      /* OPEN: crossing or NULL; INSPECT: result;
			       * OVERRIDE: lane; LOOKUP: query */
	const char *started, *ended, *reason;
	int with_start;       /* INSPECT: an inspection-start event first */
} steps[] = {
	{OPEN, NULL, "FRCQF", NULL, NULL, NULL, 0},
	{INSPECT, "A1", "seizure", "2026-11-24T08:00:00Z", "2026-11-24T08:30:00Z", NULL, 1},
	{LOOKUP, NULL, "Shady Imports", NULL, NULL, NULL, 0},
	{INSPECT, "Y1", "released", "2026-11-24T09:00:00Z", "2026-11-24T09:10:00Z", NULL, 0},
	{OVERRIDE, "G2", "red", NULL, NULL, "Tip-off from the port", 0},
	{INSPECT, "G1", "discrepancy-corrected", "2026-11-24T09:30:00Z",
	 "2026-11-24T09:45:00Z", NULL, 1},
	{CLOSE, NULL, NULL, NULL, NULL, NULL, 0},
	/* Between shifts: counted in neither.  */
	{OVERRIDE, "Y2", "green", NULL, NULL, "Cleared by phone", 0},
	{LOOKUP, NULL, "AB-123-CD", NULL, NULL, NULL, 0},
	{OPEN, NULL, NULL, NULL, NULL, NULL, 0},
	{INSPECT, "G2", "released", "2026-11-24T11:00:00Z", "2026-11-24T11:05:00Z", NULL, 1},
	{INSPECT, "Y1", "refused-entry", "2026-11-24T12:00:00Z", "2026-11-24T12:20:01Z", NULL,
	 0},
	{LOOKUP, NULL, "Honest SA", NULL, NULL, NULL, 0},
	{CLOSE, NULL, NULL, NULL, NULL, NULL, 0},
};
#define NSTEPS (sizeof steps / sizeof steps[0])

static const char seizure_line[] =
	",\"seizures\":[{\"commodity\":\"weapons\",\"quantity\":\"2\","
	"\"unit\":\"H87\",\"concealment\":\"false-bottom\",\"detection\":\"x-ray\"}]";

static int64_t
append(struct fixture *f, enum event_type t, const char *ref, const char *payload)
{
	struct diag d;
	int64_t seq = 0;

	diag_clear(&d);
	if (events_append(f->st, f->v, t, ref, payload, &seq, &d) != DIAG_OK)
		fail_msg("appending %s %s: %s", event_type_name(t), ref ? ref : "", d.msg);
	f->events++;
	return seq;
}

static const struct subj *
subj(const char *ref)
{
	for (size_t i = 0; i < NSUBJ; i++)
		if (strcmp(subjects[i].ref, ref) == 0)
			return &subjects[i];
	fail_msg("no subject %s", ref);
	return NULL;
}

/* Seconds between two "YYYY-MM-DDTHH:MM:SSZ" of the same day.  */
static int64_t
secs_between(const char *a, const char *b)
{
	int ha, ma, sa, hb, mb, sb;

	assert_int_equal(sscanf(a + 11, "%d:%d:%d", &ha, &ma, &sa), 3);
	assert_int_equal(sscanf(b + 11, "%d:%d:%d", &hb, &mb, &sb), 3);
	return (int64_t)(hb - ha) * 3600 + (mb - ma) * 60 + (sb - sa);
}

/* Seqs of what the steps made.  */
static int64_t step_seq[NSTEPS]; /* OPEN: the shift id; INSPECT: the inspection id */

static void
build(struct fixture *f)
{
	struct store_score_stats stats;
	struct diag d;
	char payload[1024];

	for (size_t i = 0; i < NSUBJ; i++) {
		struct subject s;
		struct party *p;
		struct goods_item *it;

		subject_init(&s, SUBJECT_CONSIGNMENT);
		s.ref = strdup(subjects[i].ref);
		s.mode = strdup("road");
		s.crossing = subjects[i].crossing ? strdup(subjects[i].crossing) : NULL;
		s.arrival = subjects[i].arrival ? strdup(subjects[i].arrival) : NULL;
		s.conveyance = strdup(subjects[i].ref);
		p = subject_add_party(&s);
		p->role = strdup("consignee");
		p->name = strdup(subjects[i].ref); /* nobody shares a party */
		it = subject_add_item(&s);
		it->hs_code = strdup(subjects[i].hs);
		it->description = strdup("goods");
		it->origin = strdup("CN");
		it->gross_mass = it->net_mass = 10;
		it->value = 1000;
		it->currency = strdup("EUR");
		if (store_subject_put(f->st, &s, 0, false, &d) != DIAG_OK)
			fail_msg("put %s: %s", subjects[i].ref, d.msg);
		subject_clear(&s);
	}
	if (store_risk_setting_set(f->st, "random-share", "0", &d) != DIAG_OK ||
	    store_risk_rules_load(f->st, rules_text, strlen(rules_text), "t.rules", "tester", NULL,
				  &d) != DIAG_OK ||
	    store_risk_score(f->st, 0, "2026-11-24", &stats, &d) != DIAG_OK)
		fail_msg("scoring: %s", d.msg);

	for (size_t i = 0; i < NSTEPS; i++) {
		const struct step *s = &steps[i];

		switch (s->kind) {
		case OPEN:
			if (s->arg)
				snprintf(payload, sizeof payload, "{\"crossing\":\"%s\"}", s->arg);
			step_seq[i] = append(f, EVENT_SHIFT_OPEN, NULL, s->arg ? payload : NULL);
			break;
		case CLOSE:
			append(f, EVENT_SHIFT_CLOSE, NULL, NULL);
			break;
		case INSPECT:
			if (s->with_start)
				step_seq[i] = append(f, EVENT_INSPECTION_START, s->ref, NULL);
			snprintf(payload, sizeof payload,
				 "{\"checks\":[\"documents\"],\"result\":\"%s\",\"started\":\"%s\","
				 "\"ended\":\"%s\",\"notes\":\"notes on %s\"%s}",
				 s->arg, s->started, s->ended, s->ref,
				 strcmp(s->arg, "seizure") == 0 ? seizure_line : "");
			if (s->with_start)
				append(f, EVENT_OUTCOME, s->ref, payload);
			else
				step_seq[i] = append(f, EVENT_OUTCOME, s->ref, payload);
			break;
		case OVERRIDE:
			snprintf(payload, sizeof payload, "{\"lane\":\"%s\",\"reason\":\"%s\"}",
				 s->arg, s->reason);
			step_seq[i] = append(f, EVENT_LANE_OVERRIDE, s->ref, payload);
			break;
		case LOOKUP:
			snprintf(payload, sizeof payload, "{\"query\":\"%s\"}", s->arg);
			step_seq[i] = append(f, EVENT_LOOKUP, NULL, payload);
			break;
		}
	}
}

/* The lane of REF now: its scored lane, or its last override.  */
static int
lane_now(const char *ref)
{
	int lane = scored_lane(subj(ref));

	for (size_t i = 0; i < NSTEPS; i++)
		if (steps[i].kind == OVERRIDE && strcmp(steps[i].ref, ref) == 0)
			lane = strcmp(steps[i].arg, "red") == 0      ? LANE_RED
			       : strcmp(steps[i].arg, "yellow") == 0 ? LANE_YELLOW
								     : LANE_GREEN;
	return lane;
}

/* The figures of the shift opened at step OPEN_AT, from the steps.  */
static void
expect_shift(size_t open_at, struct report_shift *e)
{
	int64_t secs[NSTEPS];
	size_t nsecs = 0, end = open_at + 1;
	const char *crossing = steps[open_at].arg;

	memset(e, 0, sizeof *e);
	e->id = step_seq[open_at];
	while (steps[end].kind != CLOSE)
		end++;
	for (size_t i = open_at + 1; i < end; i++) {
		const struct step *s = &steps[i];

		if (s->kind == OVERRIDE)
			e->overrides++;
		if (s->kind != INSPECT)
			continue;
		e->inspected++;
		e->by_lane[lane_now(s->ref)]++;
		for (int k = 0; k < REPORT_RESULTS; k++)
			if (strcmp(report_result_name((enum report_result)k), s->arg) == 0)
				e->results[k]++;
		if (strcmp(s->arg, "seizure") == 0)
			e->seizures++;
		secs[nsecs++] = secs_between(s->started, s->ended);
	}
	/* The median, computed here by insertion sort.  */
	for (size_t i = 1; i < nsecs; i++)
		for (size_t j = i; j > 0 && secs[j - 1] > secs[j]; j--) {
			int64_t t = secs[j];

			secs[j] = secs[j - 1];
			secs[j - 1] = t;
		}
	e->median_seconds = nsecs == 0	   ? -1
			    : nsecs % 2 ? secs[nsecs / 2]
					: (secs[nsecs / 2 - 1] + secs[nsecs / 2]) / 2;
	/* Red now, at the crossing, arrived (the shifts here close today),
	 * and no outcome by the shift's close.  */
	for (size_t k = 0; k < NSUBJ; k++) {
		const struct subj *s = &subjects[k];
		bool done = false;

		if (lane_now(s->ref) != LANE_RED || (crossing && s->crossing && strcmp(crossing, s->crossing)) ||
		    (s->arrival && strcmp(s->arrival, "2090") > 0))
			continue;
		for (size_t i = 0; i < end; i++)
			if (steps[i].kind == INSPECT && strcmp(steps[i].ref, s->ref) == 0)
				done = true;
		e->red_uninspected += !done;
	}
}

static void
check_shift(const struct report_shift *got, const struct report_shift *want, bool closed)
{
	assert_int_equal(got->id, want->id);
	assert_string_equal(got->actor, TEST_USER);
	assert_int_equal(got->inspected, want->inspected);
	for (int l = 0; l < 4; l++)
		assert_int_equal(got->by_lane[l], want->by_lane[l]);
	for (int k = 0; k < REPORT_RESULTS; k++)
		assert_int_equal(got->results[k], want->results[k]);
	assert_int_equal(got->seizures, want->seizures);
	assert_int_equal(got->overrides, want->overrides);
	assert_int_equal(got->red_uninspected, want->red_uninspected);
	assert_int_equal(got->median_seconds, want->median_seconds);
	assert_true(got->opened_at[0] != '\0');
	assert_true(closed ? got->closed_at[0] != '\0' && got->closed_seq > got->id
			   : got->closed_at[0] == '\0' && got->closed_seq == 0);
}

static size_t
step_index(enum step_kind k, int nth)
{
	for (size_t i = 0; i < NSTEPS; i++)
		if (steps[i].kind == k && nth-- == 0)
			return i;
	fail_msg("no such step");
	return 0;
}

/* The median itself: odd and even counts, unsorted input, none.  */
static void
test_median(void **state)
{
	int64_t odd[] = {900, 1800, 600}, even[] = {1201, 300}, four[] = {7, 1, 4, 10},
		one[] = {42};

	(void)state;
	assert_int_equal(report_median(odd, 3), 900);
	assert_int_equal(report_median(even, 2), (300 + 1201) / 2);
	assert_int_equal(report_median(four, 4), (4 + 7) / 2);
	assert_int_equal(report_median(one, 1), 42);
	assert_int_equal(report_median(NULL, 0), -1);
}

static void
test_shifts(void **state)
{
	struct fixture *f = *state;
	struct report_shift *v = NULL, one, want;
	size_t n = 0, s1 = step_index(OPEN, 0), s2 = step_index(OPEN, 1);
	struct diag d;

	build(f);
	assert_int_equal(report_shifts(f->st, f->v, &v, &n, &d), DIAG_OK);
	assert_int_equal(n, 2);
	/* Newest first.  */
	expect_shift(s2, &want);
	check_shift(&v[0], &want, true);
	assert_string_equal(v[0].crossing, "");
	assert_true(want.median_seconds >= 0 && want.inspected % 2 == 0); /* the even case */
	expect_shift(s1, &want);
	check_shift(&v[1], &want, true);
	assert_string_equal(v[1].crossing, steps[s1].arg);
	assert_true(want.inspected % 2 == 1); /* the odd case */
	assert_true(want.overrides == 1 && want.seizures == 1);
	free(v);

	assert_int_equal(report_shift(f->st, f->v, step_seq[s1], &one, &d), DIAG_OK);
	check_shift(&one, &want, true);
	assert_int_equal(one.countersign_seq, 0);
	assert_int_equal(report_shift(f->st, f->v, step_seq[s1] + 1, &one, &d), DIAG_NOINPUT);
	assert_int_equal(report_shift(f->st, f->v, 0, &one, &d), DIAG_NOINPUT);
}

/* An open shift counts up to now, and cannot be countersigned yet.  */
static void
test_open_shift(void **state)
{
	struct fixture *f = *state;
	struct report_shift r;
	struct diag d;
	int64_t id;

	build(f);
	id = append(f, EVENT_SHIFT_OPEN, NULL, NULL);
	append(f, EVENT_OUTCOME, "A2",
	       "{\"checks\":[\"x-ray\"],\"result\":\"released\",\"started\":"
	       "\"2026-11-24T13:00:00Z\",\"ended\":\"2026-11-24T13:01:40Z\"}");
	assert_int_equal(report_shift(f->st, f->v, id, &r, &d), DIAG_OK);
	assert_int_equal(r.inspected, 1);
	assert_int_equal(r.by_lane[LANE_RED], 1);
	assert_int_equal(r.median_seconds, 100);
	assert_string_equal(r.closed_at, "");
	assert_int_equal(r.closed_seq, 0);
	/* A2 is now inspected; A4 (DEHAM, no arrival) and A5 (no crossing)
	 * are the red ones left; A3 arrives in 2099: not yet, though the
	 * shift has no end.  */
	assert_int_equal(r.red_uninspected, 2);
	assert_int_equal(report_countersign(f->st, f->v, id, "early", NULL, &d), DIAG_DATA);
}

static void
test_detail(void **state)
{
	struct fixture *f = *state;
	struct report_item *it = NULL;
	size_t n = 0, k = 0, s1 = step_index(OPEN, 0);
	struct diag d;

	build(f);
	assert_int_equal(report_shift_items(f->st, f->v, step_seq[s1], &it, &n, &d), DIAG_OK);
	/* Every inspection and override between the open and the close, in
	 * order.  */
	for (size_t i = s1 + 1; steps[i].kind != CLOSE; i++) {
		const struct step *s = &steps[i];

		if (s->kind != INSPECT && s->kind != OVERRIDE)
			continue;
		assert_true(k < n);
		assert_int_equal(it[k].seq, step_seq[i]);
		assert_string_equal(it[k].subject, s->ref);
		assert_int_equal(it[k].flag_seq, 0);
		if (s->kind == INSPECT) {
			char notes[64];

			snprintf(notes, sizeof notes, "notes on %s", s->ref);
			assert_int_equal(it[k].kind, REPORT_ITEM_INSPECTION);
			assert_string_equal(it[k].result, s->arg);
			assert_string_equal(it[k].started_at, s->started);
			assert_string_equal(it[k].ended_at, s->ended);
			assert_string_equal(it[k].at, s->ended);
			assert_int_equal(it[k].seconds, secs_between(s->started, s->ended));
			assert_int_equal(it[k].seizures, strcmp(s->arg, "seizure") == 0);
			assert_int_equal(it[k].lane, lane_now(s->ref));
			assert_string_equal(it[k].text, notes);
			assert_non_null(strstr(it[k].checks, "documents"));
		} else {
			assert_int_equal(it[k].kind, REPORT_ITEM_OVERRIDE);
			assert_int_equal(it[k].lane, lane_now(s->ref));
			assert_string_equal(it[k].text, s->reason);
			assert_int_equal(it[k].seconds, -1);
		}
		k++;
	}
	assert_int_equal(n, k);
	free(it);
	assert_int_equal(report_shift_items(f->st, f->v, 999999, &it, &n, &d), DIAG_NOINPUT);
	assert_null(it);
}

static void
test_countersign_and_flag(void **state)
{
	struct fixture *f = *state;
	struct report_shift r;
	struct report_item *it = NULL;
	struct report_audit a;
	size_t n = 0, s1 = step_index(OPEN, 0), s2 = step_index(OPEN, 1);
	size_t insp = step_index(INSPECT, 3); /* the first of shift 2 */
	struct diag d;
	int64_t cs = 0, fl = 0, fl2 = 0, flagged = 0;

	build(f);
	assert_true(insp > s2);
	assert_int_equal(report_countersign(f->st, f->v, step_seq[s1], "All in order", &cs, &d),
			 DIAG_OK);
	assert_int_equal(report_shift(f->st, f->v, step_seq[s1], &r, &d), DIAG_OK);
	assert_int_equal(r.countersign_seq, cs);
	assert_string_equal(r.countersign_by, TEST_USER);
	assert_string_equal(r.countersign_note, "All in order");
	assert_true(r.countersign_at[0] != '\0');
	assert_int_equal(r.flags, 0);

	assert_int_equal(report_flag(f->st, f->v, step_seq[insp], "", NULL, &d), DIAG_USAGE);
	assert_int_equal(report_flag(f->st, f->v, 999999, "why", NULL, &d), DIAG_NOINPUT);
	assert_int_equal(report_flag(f->st, f->v, step_seq[insp], "Check the seals", &fl, &d),
			 DIAG_OK);
	/* Flagging it again, by its outcome event this time, is still one
	 * flagged inspection and one line in the detail.  */
	assert_int_equal(report_flag(f->st, f->v, step_seq[insp] + 1, "And the invoice", &fl2, &d),
			 DIAG_OK);
	assert_int_equal(report_shift(f->st, f->v, step_seq[s2], &r, &d), DIAG_OK);
	assert_int_equal(r.flags, 1);
	/* A flag is not a countersignature.  */
	assert_int_equal(r.countersign_seq, 0);

	assert_int_equal(report_shift_items(f->st, f->v, step_seq[s2], &it, &n, &d), DIAG_OK);
	for (size_t i = 0; i < n; i++)
		if (it[i].seq == step_seq[insp]) {
			flagged++;
			assert_int_equal(it[i].flag_seq, fl2);
			assert_string_equal(it[i].flag_note, "And the invoice");
		} else {
			assert_int_equal(it[i].flag_seq, 0);
		}
	assert_int_equal(flagged, 1);
	free(it);

	assert_int_equal(report_audit(f->st, f->v, 10, &a, &d), DIAG_OK);
	assert_int_equal(a.countersigned, 1);
	assert_int_equal(a.flags, 2);
	report_audit_clear(&a);
}

static void
test_rules(void **state)
{
	struct fixture *f = *state;
	struct store_rule_stats *v = NULL, want[NRULES + 1];
	size_t n = 0;
	struct diag d;

	build(f);
	/* Fired: subjects of its chapter; inspected: of them, with an
	 * inspection; found: with a seizure or a discrepancy.  */
	memset(want, 0, sizeof want);
	for (size_t r = 0; r < NRULES; r++) {
		snprintf(want[r].rule_id, sizeof want[r].rule_id, "%s", rule_ids[r]);
		for (size_t k = 0; k < NSUBJ; k++) {
			bool insp = false, found = false;

			if (rule_of(&subjects[k]) != (int)r)
				continue;
			want[r].fired++;
			for (size_t i = 0; i < NSTEPS; i++)
				if (steps[i].kind == INSPECT &&
				    strcmp(steps[i].ref, subjects[k].ref) == 0) {
					insp = true;
					found |= strcmp(steps[i].arg, "seizure") == 0 ||
						 strcmp(steps[i].arg, "discrepancy-corrected") == 0;
				}
			want[r].inspected += insp;
			want[r].findings += found;
		}
		want[r].hit_rate = want[r].inspected
					   ? (double)want[r].findings / (double)want[r].inspected
					   : -1;
	}
	snprintf(want[NRULES].rule_id, sizeof want[NRULES].rule_id, "random");
	want[NRULES].hit_rate = -1;

	assert_int_equal(report_rules(f->st, f->v, "rule", &v, &n, &d), DIAG_OK);
	assert_int_equal(n, NRULES + 1);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(v[i].rule_id, want[i].rule_id);
		assert_int_equal(v[i].fired, want[i].fired);
		assert_int_equal(v[i].inspected, want[i].inspected);
		assert_int_equal(v[i].findings, want[i].findings);
		assert_true(v[i].hit_rate > want[i].hit_rate - 1e-9 &&
			    v[i].hit_rate < want[i].hit_rate + 1e-9);
	}
	free(v);

	/* Every other key: highest first, ties in file order.  */
	for (int k = 1; report_rule_keys[k]; k++) {
		const char *key = report_rule_keys[k];

		assert_int_equal(report_rules(f->st, f->v, key, &v, &n, &d), DIAG_OK);
		assert_int_equal(n, NRULES + 1);
		for (size_t i = 1; i < n; i++) {
			double a, b;
			size_t oa = 0, ob = 0;

			for (size_t j = 0; j <= NRULES; j++) {
				if (strcmp(want[j].rule_id, v[i - 1].rule_id) == 0)
					oa = j;
				if (strcmp(want[j].rule_id, v[i].rule_id) == 0)
					ob = j;
			}
			a = strcmp(key, "fired") == 0	    ? (double)want[oa].fired
			    : strcmp(key, "inspected") == 0 ? (double)want[oa].inspected
			    : strcmp(key, "found") == 0     ? (double)want[oa].findings
							    : want[oa].hit_rate;
			b = strcmp(key, "fired") == 0	    ? (double)want[ob].fired
			    : strcmp(key, "inspected") == 0 ? (double)want[ob].inspected
			    : strcmp(key, "found") == 0     ? (double)want[ob].findings
							    : want[ob].hit_rate;
			assert_true(a > b || (a == b && oa < ob));
		}
		free(v);
	}
	assert_int_equal(report_rules(f->st, f->v, "colour", &v, &n, &d), DIAG_USAGE);
	assert_null(v);
}

static void
test_audit(void **state)
{
	struct fixture *f = *state;
	struct report_audit a;
	int64_t lookups = 0;
	struct diag d;

	build(f);
	for (size_t i = 0; i < NSTEPS; i++)
		lookups += steps[i].kind == LOOKUP;
	assert_int_equal(report_audit(f->st, f->v, 2, &a, &d), DIAG_OK);
	assert_true(a.chain_ok);
	assert_int_equal(a.events, f->events);
	assert_int_equal(a.bad_seq, 0);
	assert_int_equal(a.failed_unlocks, 0);
	assert_int_equal(a.countersigned, 0);
	assert_int_equal(a.flags, 0);
	assert_int_equal(a.lookups, lookups);
	assert_true(lookups > 2);
	assert_int_equal(a.nlookup, 2);
	/* The newest first: the last two lookups of the steps.  */
	for (size_t i = NSTEPS, k = 0; i-- > 0 && k < 2;)
		if (steps[i].kind == LOOKUP) {
			assert_int_equal(a.lookup[k].seq, step_seq[i]);
			assert_string_equal(a.lookup[k].query, steps[i].arg);
			assert_string_equal(a.lookup[k].actor, TEST_USER);
			k++;
		}
	report_audit_clear(&a);
	assert_null(a.lookup);

	assert_int_equal(report_audit(f->st, f->v, 0, &a, &d), DIAG_OK);
	assert_int_equal(a.nlookup, 0);
	assert_int_equal(a.lookups, lookups);
	report_audit_clear(&a);
}

/* An inspector reads no report and countersigns nothing.  */
static void
test_inspector_refused(void **state)
{
	struct fixture *f = *state;
	struct report_shift *v = NULL, one;
	struct report_item *it = NULL;
	struct store_rule_stats *rs = NULL;
	struct report_audit a;
	struct store *st = NULL;
	struct vault *iv = NULL;
	char path[1024];
	size_t n = 9;
	struct diag d;
	int64_t shift;

	build(f);
	shift = step_seq[step_index(OPEN, 0)];
	assert_int_equal(vault_user_add(f->v, "insp", VAULT_ROLE_INSPECTOR, "insp-passphrase",
					strlen("insp-passphrase"), &vault_kdf_fast, &d),
			 DIAG_OK);
	test_store_close(f->st);
	f->st = NULL;
	snprintf(path, sizeof path, "%s/test.vault", f->dir);
	assert_int_equal(vault_open(path, "insp", "insp-passphrase", strlen("insp-passphrase"), &iv,
				    &d),
			 DIAG_OK);
	assert_int_equal(store_open(&st, iv, 0, &d), DIAG_OK);

	assert_int_equal(report_allowed(iv, &d), DIAG_NOPERM);
	assert_non_null(strstr(d.msg, "supervisors only"));
	assert_int_equal(report_shifts(st, iv, &v, &n, &d), DIAG_NOPERM);
	assert_null(v);
	assert_int_equal(n, 0);
	assert_int_equal(report_shift(st, iv, shift, &one, &d), DIAG_NOPERM);
	assert_int_equal(report_shift_items(st, iv, shift, &it, &n, &d), DIAG_NOPERM);
	assert_null(it);
	assert_int_equal(report_rules(st, iv, "rule", &rs, &n, &d), DIAG_NOPERM);
	assert_null(rs);
	assert_int_equal(report_audit(st, iv, 5, &a, &d), DIAG_NOPERM);
	assert_null(a.lookup);
	assert_int_equal(report_countersign(st, iv, shift, "mine", NULL, &d), DIAG_NOPERM);
	assert_int_equal(report_flag(st, iv, shift + 1, "mine", NULL, &d), DIAG_NOPERM);
	/* Nor by writing the event itself.  */
	assert_int_equal(events_append(st, iv, EVENT_COUNTERSIGN, NULL, "{\"target\":1}", NULL, &d),
			 DIAG_NOPERM);
	store_close(st);
	vault_close(iv);

	/* The admin still can; nothing was countersigned.  */
	assert_int_equal(test_store_open(path, &f->st, &d), DIAG_OK);
	f->v = test_store_vault(f->st);
	assert_int_equal(report_shift(f->st, f->v, shift, &one, &d), DIAG_OK);
	assert_int_equal(one.countersign_seq, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_median),
		cmocka_unit_test_setup_teardown(test_shifts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_shift, setup, teardown),
		cmocka_unit_test_setup_teardown(test_detail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_countersign_and_flag, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inspector_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
