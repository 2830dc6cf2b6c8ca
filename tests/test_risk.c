/* Unit tests for scoring in a store: scores, thresholds and floors, keyed
 * random selection (reproducible, near its share), incremental scoring that
 * touches only what is new or changed, full rescoring when the rules or
 * settings change, overrides, explanations, value norms, facts from the
 * screening and inspection tables once they exist, and rule performance. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "risk.h"
#include "rules.h"
#include "store.h"
#include "store_internal.h"
#include "events.h"
#include "testutil.h"

struct fixture {
	char dir[512];
	struct store *st;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	snprintf(f->dir, sizeof f->dir, "%s", test_tmpdir());
	f->st = test_store_create(f->dir);
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

static const char rules_text[] =
	"rule ARMS\n version 1\n floor red\n reason \"Arms need a licence\"\n"
	" instructions \"Check the licence\"\n when chapter in (93)\nend\n"
	"rule TOBACCO\n version 2\n weight 45\n reason \"Cigarettes are smuggled\"\n"
	" when hs in (2402)\nend\n"
	"rule ROUTE\n version 1\n weight 30\n reason \"Through Afghanistan\"\n"
	" when route in (AF)\nend\n"
	"rule CHEAP\n version 1\n weight 20\n reason \"Undervalued\"\n when value_ratio < 0.3\nend\n"
	"rule SEIZED\n version 1\n weight 40\n reason \"Seized before\"\n when prior_seizures >= 1\nend\n"
	"rule LISTED\n version 1\n floor yellow\n reason \"On a watchlist\"\n when screen_hits >= 1\nend\n"
	"rule OLD\n version 1\n valid ..2020-12-31\n weight 500\n reason \"Expired\"\n"
	" when items >= 1\nend\n";

static void
load_rules(struct store *st, const char *text)
{
	struct diag d;

	if (store_risk_rules_load(st, text, strlen(text), "t.rules", "tester", NULL, &d) != DIAG_OK)
		fail_msg("rules: %s", d.msg);
}

static void
set(struct store *st, const char *k, const char *v)
{
	struct diag d;

	if (store_risk_setting_set(st, k, v, &d) != DIAG_OK)
		fail_msg("setting %s: %s", k, d.msg);
}

static int64_t
put(struct store *st, const char *ref, const char *hs, const char *route_via, const char *consignee,
    double value, double kg, bool replace)
{
	struct subject s;
	struct party *p;
	struct goods_item *it;
	struct diag d;
	int64_t id;

	subject_init(&s, SUBJECT_CONSIGNMENT);
	s.ref = strdup(ref);
	s.mode = strdup("road");
	s.arrival = strdup("2026-11-24T08:00:00Z");
	s.conveyance = strdup(ref); /* its own truck */
	p = subject_add_party(&s);
	p->role = strdup("consignee");
	p->name = strdup(consignee);
	it = subject_add_item(&s);
	it->hs_code = strdup(hs);
	it->description = strdup("goods");
	it->origin = strdup("CN");
	it->gross_mass = kg;
	it->net_mass = kg;
	it->value = value;
	it->currency = strdup("EUR");
	subject_add_route(&s, "CN");
	if (route_via)
		subject_add_route(&s, route_via);
	subject_add_route(&s, "FR");
	if (store_subject_put(st, &s, 0, replace, &d) != DIAG_OK)
		fail_msg("put %s: %s", ref, d.msg);
	id = s.id;
	subject_clear(&s);
	return id;
}

static void
lane_score(struct store *st, int64_t id, int *lane, int *score)
{
	struct subject s;
	struct diag d;

	assert_int_equal(store_subject_get(st, id, &s, &d), DIAG_OK);
	*lane = s.lane;
	*score = s.score;
	subject_clear(&s);
}

static void
score(struct store *st, unsigned flags, struct store_score_stats *stats)
{
	struct diag d;

	if (store_risk_score(st, flags, "2026-11-24", stats, &d) != DIAG_OK)
		fail_msg("score: %s", d.msg);
}

static void
test_no_rules(void **state)
{
	struct fixture *f = *state;
	struct store_score_stats stats;
	struct diag d;

	put(f->st, "A", "847130", NULL, "Alpha", 100, 10, false);
	assert_int_equal(store_risk_score(f->st, 0, NULL, &stats, &d), DIAG_NOINPUT);
}

static void
test_scores_thresholds_floors(void **state)
{
	struct fixture *f = *state;
	struct store_score_stats stats;
	int64_t plain, arms, tob, tob_af, viaaf;
	int lane, sc;

	set(f->st, "random-share", "0");
	plain = put(f->st, "PLAIN", "847130", NULL, "Alpha", 1000, 10, false);
	arms = put(f->st, "ARMS", "930621", NULL, "Beta", 1000, 10, false);
	tob = put(f->st, "TOB", "240220", NULL, "Gamma", 1000, 10, false);
	tob_af = put(f->st, "TOBAF", "240220", "AF", "Delta", 1000, 10, false);
	viaaf = put(f->st, "VIAAF", "847130", "AF", "Eps", 1000, 10, false);
	load_rules(f->st, rules_text);
	score(f->st, 0, &stats);
	assert_true(stats.full);
	assert_int_equal(stats.scored, 5);

	lane_score(f->st, plain, &lane, &sc);
	assert_int_equal(sc, 0); /* OLD is not valid in 2026 */
	assert_int_equal(lane, LANE_GREEN);
	lane_score(f->st, arms, &lane, &sc);
	assert_int_equal(sc, 0);
	assert_int_equal(lane, LANE_RED); /* the floor, whatever the score */
	lane_score(f->st, tob, &lane, &sc);
	assert_int_equal(sc, 45);
	assert_int_equal(lane, LANE_YELLOW); /* 30 <= 45 < 70 */
	lane_score(f->st, tob_af, &lane, &sc);
	assert_int_equal(sc, 75);
	assert_int_equal(lane, LANE_RED);
	lane_score(f->st, viaaf, &lane, &sc);
	assert_int_equal(sc, 30);
	assert_int_equal(lane, LANE_YELLOW);

	/* New thresholds rescore everything.  */
	set(f->st, "yellow", "50");
	score(f->st, 0, &stats);
	assert_true(stats.full);
	assert_int_equal(stats.scored, 5);
	lane_score(f->st, viaaf, &lane, &sc);
	assert_int_equal(lane, LANE_GREEN);
	lane_score(f->st, tob, &lane, &sc);
	assert_int_equal(lane, LANE_GREEN);
	lane_score(f->st, tob_af, &lane, &sc);
	assert_int_equal(lane, LANE_RED);

	/* The queue is ordered by lane, then score.  */
	{
		struct store_queue_row rows[8];
		size_t n;
		struct diag d;

		assert_int_equal(store_queue_page(f->st, NULL, NULL, STORE_FORWARD, rows, 8, &n, &d),
				 DIAG_OK);
		assert_int_equal(n, 5);
		assert_string_equal(rows[0].ref, "TOBAF");
		assert_string_equal(rows[1].ref, "ARMS");
		assert_int_equal(rows[4].key.lane, LANE_GREEN);
	}
}

static void
test_incremental(void **state)
{
	struct fixture *f = *state;
	struct store_score_stats stats;
	int64_t a, c;
	int lane, sc;
	sqlite3_int64 before;
	sqlite3 *db = store_sqlite(f->st);

	set(f->st, "random-share", "0");
	for (int i = 0; i < 50; i++) {
		char ref[16];
		snprintf(ref, sizeof ref, "S%02d", i);
		put(f->st, ref, "847130", NULL, ref, 1000, 10, false);
	}
	a = put(f->st, "A", "847130", NULL, "Alpha", 1000, 10, false);
	load_rules(f->st, rules_text);
	score(f->st, 0, &stats);
	assert_true(stats.full);
	assert_int_equal(stats.scored, 51);

	/* Nothing new: nothing scored.  */
	score(f->st, 0, &stats);
	assert_false(stats.full);
	assert_int_equal(stats.scored, 0);

	/* Two arrivals and one changed subject: three scored, and the rows
	 * of the others are not written at all.  */
	before = sqlite3_total_changes64(db);
	put(f->st, "B", "240220", NULL, "Beta", 1000, 10, false);
	c = put(f->st, "C", "930621", NULL, "Gamma", 1000, 10, false);
	a = put(f->st, "A", "240220", "AF", "Alpha", 1000, 10, true);
	(void)before;
	before = sqlite3_total_changes64(db);
	score(f->st, 0, &stats);
	assert_false(stats.full);
	assert_int_equal(stats.scored, 3);
	/* 3 updates of subject, 3 deletes of dirty marks, contributions:
	 * B 1, C 1, A 2 — nothing about the other 50.  */
	assert_true(sqlite3_total_changes64(db) - before <= 3 + 3 + 4 + 3);
	lane_score(f->st, a, &lane, &sc);
	assert_int_equal(sc, 75);
	assert_int_equal(lane, LANE_RED);
	lane_score(f->st, c, &lane, &sc);
	assert_int_equal(lane, LANE_RED);

	/* A new rule set: everything again.  */
	load_rules(f->st, "rule ANY\n version 1\n weight 31\n reason \"all\"\n when items >= 1\nend\n");
	score(f->st, 0, &stats);
	assert_true(stats.full);
	assert_int_equal(stats.scored, 53);
	assert_int_equal(stats.lanes[LANE_YELLOW], 53);
	lane_score(f->st, c, &lane, &sc);
	assert_int_equal(sc, 31);
	assert_int_equal(lane, LANE_YELLOW);

	/* --all forces it.  */
	score(f->st, STORE_SCORE_ALL, &stats);
	assert_true(stats.full);
	assert_int_equal(stats.scored, 53);
}

/* A bad file changes nothing; the rules in force stay.  */
static void
test_bad_rules_keep_old(void **state)
{
	struct fixture *f = *state;
	struct rule_set *rs;
	struct store_ruleset_info before, after;
	struct rule_problems probs;
	struct diag d;
	static const char bad[] = "rule X\n version 1\n weight 1\n reason \"r\"\n when nope > 1\nend\n";

	load_rules(f->st, rules_text);
	assert_int_equal(store_risk_rules_get(f->st, &rs, &before, &d), DIAG_OK);
	rule_set_free(rs);
	assert_int_equal(store_risk_rules_load(f->st, bad, strlen(bad), "bad", "tester", &probs, &d),
			 DIAG_DATA);
	assert_int_equal(probs.n, 1);
	assert_int_equal(probs.v[0].line, 5);
	rule_problems_clear(&probs);
	assert_int_equal(store_risk_rules_get(f->st, &rs, &after, &d), DIAG_OK);
	assert_int_equal(after.id, before.id);
	assert_string_equal(after.digest, before.digest);
	assert_int_equal(rs->n, 7);
	rule_set_free(rs);
}

static void
test_random_selection(void **state)
{
	unsigned char key[RISK_KEY_BYTES], other[RISK_KEY_BYTES];
	struct risk_settings cfg;
	struct rule_set *rs;
	struct diag d;
	int selected = 0, red = 0, differ = 0;
	const int n = 20000;
	struct risk_contrib c[2];
	static const char none[] = "rule NEVER\n version 1\n weight 1\n reason \"n\"\n when items > 99\nend\n";

	(void)state;
	memset(key, 7, sizeof key);
	memset(other, 8, sizeof other);
	risk_settings_default(&cfg);
	assert_int_equal(risk_setting_parse(&cfg, "random-share", "10", &d), DIAG_OK);
	assert_int_equal(risk_setting_parse(&cfg, "random-red", "50", &d), DIAG_OK);
	assert_int_equal(rules_parse(none, strlen(none), "x", &rs, NULL, &d), DIAG_OK);
	for (int i = 0; i < n; i++) {
		char ref[32];
		struct subject s;
		struct rule_input in;
		struct risk_result r = {.c = c};
		double u;

		snprintf(ref, sizeof ref, "CN-%07d", i);
		u = risk_random_draw(key, ref);
		assert_true(u >= 0 && u < 1);
		/* Reproducible with the key, different without it.  */
		assert_true(u == risk_random_draw(key, ref));
		differ += u != risk_random_draw(other, ref);
		subject_init(&s, SUBJECT_CONSIGNMENT);
		s.ref = strdup(ref);
		risk_input(&in, &s, NULL, NULL);
		risk_score(rs, &in, &cfg, key, "2026-11-24", &r);
		if (r.lane != LANE_GREEN) {
			selected++;
			red += r.lane == LANE_RED;
			assert_int_equal(r.n, 1);
			assert_int_equal(r.c[0].kind, RISK_CONTRIB_RANDOM);
			assert_int_equal(r.c[0].lane, r.lane);
		}
		subject_clear(&s);
	}
	assert_true(differ > n - 10);
	/* 10 % of 20000: 2000, sd about 42; within 5 sd.  */
	assert_in_range(selected, 1790, 2210);
	assert_in_range(red, selected / 2 - 160, selected / 2 + 160);
	rule_set_free(rs);
}

/* The store's random selection uses its key: the same draw again.  */
static void
test_random_in_store(void **state)
{
	struct fixture *f = *state;
	struct store_score_stats stats, again;

	for (int i = 0; i < 400; i++) {
		char ref[16];
		snprintf(ref, sizeof ref, "R%03d", i);
		put(f->st, ref, "847130", NULL, ref, 1000, 10, false);
	}
	set(f->st, "random-share", "20");
	load_rules(f->st, "rule NEVER\n version 1\n weight 1\n reason \"n\"\n when items > 9\nend\n");
	score(f->st, 0, &stats);
	assert_in_range(stats.random, 40, 120);
	assert_int_equal(stats.lanes[LANE_GREEN] + stats.random, 400);
	score(f->st, STORE_SCORE_ALL, &again);
	assert_int_equal(again.random, stats.random);
	assert_int_equal(again.lanes[LANE_RED], stats.lanes[LANE_RED]);
}

static void
test_override_and_explain(void **state)
{
	struct fixture *f = *state;
	struct store_score_stats stats;
	struct store_explanation ex;
	struct diag d;
	int64_t id;
	int lane, sc;

	set(f->st, "random-share", "0");
	id = put(f->st, "TOBAF", "240220", "AF", "Delta", 1000, 10, false);
	load_rules(f->st, rules_text);
	score(f->st, 0, &stats);

	assert_int_equal(store_risk_explain(f->st, id, &ex, &d), DIAG_OK);
	assert_true(ex.scored);
	assert_int_equal(ex.score, 75);
	assert_int_equal(ex.lane, LANE_RED);
	assert_int_equal(ex.n, 2);
	assert_string_equal(ex.v[0].rule_id, "TOBACCO");
	assert_int_equal(ex.v[0].version, 2);
	assert_int_equal(ex.v[0].points, 45);
	assert_non_null(ex.v[0].rule);
	assert_string_equal(ex.v[0].rule->reason, "Cigarettes are smuggled");
	assert_string_equal(ex.v[1].rule_id, "ROUTE");
	assert_false(ex.overridden);
	store_explanation_clear(&ex);

	/* No reason, no override: the event log refuses it, naming the field. */
	diag_clear(&d);
	assert_int_equal(events_append(f->st, test_store_vault(f->st), EVENT_LANE_OVERRIDE, "TOBAF",
				       "{\"lane\":\"green\",\"reason\":\"\"}", NULL, &d),
			 DIAG_DATA);
	assert_non_null(strstr(d.msg, "reason"));
	assert_int_equal(events_append(f->st, test_store_vault(f->st), EVENT_LANE_OVERRIDE, "TOBAF",
				       "{\"lane\":\"green\"}", NULL, &d),
			 DIAG_DATA);
	lane_score(f->st, id, &lane, &sc);
	assert_int_equal(lane, LANE_RED);

	diag_clear(&d);
	assert_int_equal(events_append(f->st, test_store_vault(f->st), EVENT_LANE_OVERRIDE, "TOBAF",
				       "{\"lane\":\"green\",\"reason\":"
				       "\"Known trader, checked yesterday\"}",
				       NULL, &d),
			 DIAG_OK);
	lane_score(f->st, id, &lane, &sc);
	assert_int_equal(lane, LANE_GREEN);
	/* A full rescoring keeps the override.  */
	score(f->st, STORE_SCORE_ALL, &stats);
	assert_int_equal(stats.overridden, 1);
	lane_score(f->st, id, &lane, &sc);
	assert_int_equal(lane, LANE_GREEN);
	assert_int_equal(sc, 75);
	assert_int_equal(store_risk_explain(f->st, id, &ex, &d), DIAG_OK);
	assert_true(ex.overridden);
	assert_int_equal(ex.override_lane, LANE_GREEN);
	assert_string_equal(ex.override_reason, "Known trader, checked yesterday");
	assert_string_equal(ex.override_actor, "tester");
	store_explanation_clear(&ex);
}

/* Norms: the median value per kg of the heading; one item far below.  */
static void
test_value_norms(void **state)
{
	struct fixture *f = *state;
	struct store_score_stats stats;
	int64_t cheap, fair;
	int lane, sc;

	set(f->st, "random-share", "0");
	for (int i = 0; i < 30; i++) {
		char ref[16];
		snprintf(ref, sizeof ref, "T%02d", i);
		put(f->st, ref, "610910", NULL, ref, 100 + i, 10, false); /* about 10-13 EUR/kg */
	}
	cheap = put(f->st, "CHEAP", "610990", NULL, "Cheap", 20, 10, false); /* 2 EUR/kg */
	fair = put(f->st, "FAIR", "610910", NULL, "Fair", 110, 10, false);
	load_rules(f->st, rules_text);
	score(f->st, 0, &stats);
	lane_score(f->st, cheap, &lane, &sc);
	assert_int_equal(sc, 20);
	lane_score(f->st, fair, &lane, &sc);
	assert_int_equal(sc, 0);
}

/* Add a hit of SCORE to SUBJECT (keeping the ones it has).  */
static enum diag_status
keep_hit(void *ctx, const struct store_screen_hit *h)
{
	struct store_screen_hit *all = ctx;
	size_t n = 0;

	while (all[n].pair_key)
		n++;
	all[n] = *h;
	all[n].role = strdup(h->role);
	all[n].name = strdup(h->name);
	all[n].list_source = h->list_source ? strdup(h->list_source) : NULL;
	all[n].alias = strdup(h->alias);
	all[n].explain = strdup(h->explain);
	all[n].reason = h->reason ? strdup(h->reason) : NULL;
	all[n].pair_key = strdup(h->pair_key);
	return DIAG_OK;
}

static void
hit(struct store *st, int64_t subject, double score, const char *key)
{
	struct store_screen_hit all[8];
	struct diag d;
	size_t n = 0;

	memset(all, 0, sizeof all);
	assert_int_equal(store_screen_hits(st, subject, keep_hit, all, &d), DIAG_OK);
	while (all[n].pair_key)
		n++;
	all[n] = (struct store_screen_hit){0,    subject,  "consignee", "Listed Ltd", 1,
					   "UN-SC", score, "LISTED LTD", "{}", 0,
					   NULL, (char *)key};
	assert_int_equal(store_screen_hits_replace(st, subject, all, n + 1, &d), DIAG_OK);
	for (size_t i = 0; i < n; i++) {
		free(all[i].role);
		free(all[i].name);
		free(all[i].list_source);
		free(all[i].alias);
		free(all[i].explain);
		free(all[i].reason);
		free(all[i].pair_key);
	}
}

/* Dismiss SUBJECT's hit of SCORE.  */
static enum diag_status
find_score(void *ctx, const struct store_screen_hit *h)
{
	struct {
		double score;
		int64_t id;
	} *want = ctx;

	if (h->score == want->score)
		want->id = h->id;
	return DIAG_OK;
}

static void
dismiss(struct store *st, int64_t subject, double score)
{
	struct {
		double score;
		int64_t id;
	} want = {score, 0};
	struct diag d;

	assert_int_equal(store_screen_hits(st, subject, find_score, &want, &d), DIAG_OK);
	assert_true(want.id > 0);
	assert_int_equal(store_screen_decide(st, want.id, 2, "Another person", &d), DIAG_OK);
}

/* Record an inspection of REF with RESULT through the event log, in a
 * shift of its own.  */
static void
record(struct store *st, const char *ref, const char *result)
{
	char payload[512];
	struct diag d;

	snprintf(payload, sizeof payload,
		 "{\"checks\":[\"documents\"],\"result\":\"%s\",\"started\":"
		 "\"2026-11-20T10:00:00Z\",\"ended\":\"2026-11-20T10:30:00Z\"%s}",
		 result,
		 strcmp(result, "seizure") == 0
			 ? ",\"seizures\":[{\"commodity\":\"cigarettes\",\"hs\":\"240220\","
			   "\"quantity\":\"12000\",\"unit\":\"H87\",\"value\":\"3600.00\","
			   "\"currency\":\"EUR\",\"concealment\":\"false-bottom\","
			   "\"detection\":\"x-ray\"}]"
			 : "");
	diag_clear(&d);
	if (events_append(st, test_store_vault(st), EVENT_SHIFT_OPEN, NULL, NULL, NULL, &d) ||
	    events_append(st, test_store_vault(st), EVENT_INSPECTION_START, ref, NULL, NULL, &d) ||
	    events_append(st, test_store_vault(st), EVENT_OUTCOME, ref, payload, NULL, &d) ||
	    events_append(st, test_store_vault(st), EVENT_SHIFT_CLOSE, NULL, NULL, NULL, &d))
		fail_msg("recording %s %s: %s %s", ref, result, d.file, d.msg);
}

/* Facts from the inspections in the event log and the screening hits.  */
static void
test_facts_from_other_tables(void **state)
{
	struct fixture *f = *state;
	struct store_score_stats stats;
	struct risk_facts facts;
	struct subject s;
	struct diag d;
	int64_t seized, same_party, other, listed;
	struct store_rule_stats *rs;
	size_t n;
	int lane, sc;

	set(f->st, "random-share", "0");
	seized = put(f->st, "SEIZED", "847130", NULL, "Shady Imports Ltd", 1000, 10, false);
	same_party = put(f->st, "AGAIN", "847130", NULL, "Shady Imports Ltd", 1000, 10, false);
	other = put(f->st, "OTHER", "847130", NULL, "Honest SA", 1000, 10, false);
	listed = put(f->st, "LISTED", "847130", NULL, "Listed Ltd", 1000, 10, false);

	/* Before: no such tables, no facts, and the consignee of AGAIN is
	 * not new (SEIZED had it first).  */
	assert_int_equal(store_subject_get(f->st, same_party, &s, &d), DIAG_OK);
	assert_int_equal(store_risk_facts(f->st, &s, &facts, &d), DIAG_OK);
	assert_int_equal(facts.prior_seizures, 0);
	assert_false(facts.new_consignee);
	subject_clear(&s);
	assert_int_equal(store_subject_get(f->st, seized, &s, &d), DIAG_OK);
	assert_int_equal(store_risk_facts(f->st, &s, &facts, &d), DIAG_OK);
	assert_true(facts.new_consignee);
	subject_clear(&s);

	/* Inspections come from the signed event log, as at a booth.  */
	record(f->st, "SEIZED", "seizure");
	record(f->st, "OTHER", "released");
	/* Screening hits, through the screening module's store API; two of
	 * them dismissed by an inspector.  */
	hit(f->st, listed, 0.82, "k1");
	hit(f->st, listed, 0.5, "k2");
	hit(f->st, other, 0.7, "k3");
	dismiss(f->st, listed, 0.5);
	dismiss(f->st, other, 0.7);

	assert_int_equal(store_subject_get(f->st, same_party, &s, &d), DIAG_OK);
	assert_int_equal(store_risk_facts(f->st, &s, &facts, &d), DIAG_OK);
	assert_int_equal(facts.prior_seizures, 1);
	assert_int_equal(facts.prior_inspections, 1);
	subject_clear(&s);
	/* Its own seizure is not a prior one.  */
	assert_int_equal(store_subject_get(f->st, seized, &s, &d), DIAG_OK);
	assert_int_equal(store_risk_facts(f->st, &s, &facts, &d), DIAG_OK);
	assert_int_equal(facts.prior_seizures, 0);
	subject_clear(&s);
	/* Dismissed hits do not count.  */
	assert_int_equal(store_subject_get(f->st, listed, &s, &d), DIAG_OK);
	assert_int_equal(store_risk_facts(f->st, &s, &facts, &d), DIAG_OK);
	assert_int_equal(facts.screen_hits, 1);
	assert_true(facts.screen_best > 0.81 && facts.screen_best < 0.83);
	subject_clear(&s);

	load_rules(f->st, rules_text);
	score(f->st, 0, &stats);
	lane_score(f->st, same_party, &lane, &sc);
	assert_int_equal(sc, 40);
	assert_int_equal(lane, LANE_YELLOW);
	lane_score(f->st, listed, &lane, &sc);
	assert_int_equal(sc, 0);
	assert_int_equal(lane, LANE_YELLOW); /* the floor */
	lane_score(f->st, other, &lane, &sc);
	assert_int_equal(lane, LANE_GREEN);

	/* Rule performance joins the inspections.  */
	record(f->st, "AGAIN", "discrepancy-corrected");
	record(f->st, "LISTED", "released");
	assert_int_equal(store_risk_stats(f->st, &rs, &n, &d), DIAG_OK);
	assert_int_equal(n, 8);
	assert_string_equal(rs[4].rule_id, "SEIZED");
	assert_int_equal(rs[4].fired, 1);
	assert_int_equal(rs[4].inspected, 1);
	assert_int_equal(rs[4].findings, 1);
	assert_true(rs[4].hit_rate == 1.0);
	assert_string_equal(rs[5].rule_id, "LISTED");
	assert_int_equal(rs[5].fired, 1);
	assert_int_equal(rs[5].inspected, 1);
	assert_int_equal(rs[5].findings, 0);
	assert_string_equal(rs[0].rule_id, "ARMS");
	assert_int_equal(rs[0].fired, 0);
	assert_true(rs[0].hit_rate < 0);
	assert_string_equal(rs[7].rule_id, "random");
	free(rs);
}

/* A seizure changes the history of every subject sharing a party with the
 * seized one: the next incremental scoring rescores them, and only them. */
static void
test_history_marks_peers(void **state)
{
	struct fixture *f = *state;
	struct store_score_stats stats;
	int64_t again, other;
	int lane, sc;

	set(f->st, "random-share", "0");
	put(f->st, "SEIZED", "847130", NULL, "Shady Imports Ltd", 1000, 10, false);
	again = put(f->st, "AGAIN", "847130", NULL, "Shady Imports Ltd", 1000, 10, false);
	other = put(f->st, "OTHER", "847130", NULL, "Honest SA", 1000, 10, false);
	load_rules(f->st, rules_text);
	score(f->st, 0, &stats);
	lane_score(f->st, again, &lane, &sc);
	assert_int_equal(sc, 0);
	score(f->st, 0, &stats);
	assert_int_equal(stats.scored, 0); /* nothing new */

	record(f->st, "SEIZED", "seizure");
	score(f->st, 0, &stats);
	assert_false(stats.full);
	assert_int_equal(stats.scored, 2); /* SEIZED and AGAIN, not OTHER */
	lane_score(f->st, again, &lane, &sc);
	assert_int_equal(sc, 40);
	lane_score(f->st, other, &lane, &sc);
	assert_int_equal(sc, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_no_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scores_thresholds_floors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_incremental, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_rules_keep_old, setup, teardown),
		cmocka_unit_test(test_random_selection),
		cmocka_unit_test_setup_teardown(test_random_in_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_override_and_explain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_value_norms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_facts_from_other_tables, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history_marks_peers, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
