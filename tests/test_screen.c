/* test_screen: the watchlist index finds what brute force finds; the
 * qualifiers raise and lower; identifiers match exactly; weak aliases
 * count less; hits explain themselves; the store keeps hits, decisions
 * and dismissals.  */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "screen.h"
#include "screen_subjects.h"
#include "testutil.h"
#include "watchlist_import.h"

static int64_t next_id = 1;

static void
add_entry(struct screen_index *ix, enum wl_kind kind, const char *name, const char *weak_alias,
	  const char *dob, const char *nat, const char *ident)
{
	struct wl_entry e;

	wl_entry_init(&e, kind);
	e.id = next_id++;
	e.ref = strdup("REF");
	if (name)
		wl_entry_add_name(&e, name, "primary", false);
	if (weak_alias)
		wl_entry_add_name(&e, weak_alias, "aka", true);
	if (dob)
		wl_entry_add_birth_date(&e, dob);
	if (nat)
		wl_entry_add_nationality(&e, nat);
	if (ident)
		wl_entry_add_ident(&e, "passport", ident, NULL, NULL);
	e.programme = strdup("TEST");
	e.reason = strdup("listed for the test");
	assert_int_equal(screen_index_add(ix, &e, "TEST-LIST", NULL), DIAG_OK);
	wl_entry_clear(&e);
}

static struct screen_index *
small_index(void)
{
	struct screen_index *ix = screen_index_new();

	assert_non_null(ix);
	next_id = 1;
	add_entry(ix, WL_PERSON, "Ivan Petrovich SIDOROV", "Vanya", "1965-03-02", "RU", "753000111");
	add_entry(ix, WL_PERSON, "Ahmed Hassan AL-JABIRI", NULL, "1970", "IQ", NULL);
	add_entry(ix, WL_COMPANY, "Oboronnye Initsiativy OOO", NULL, NULL, "RU", NULL);
	add_entry(ix, WL_VESSEL, "MV Hellenic Spirit", NULL, NULL, NULL, "IMO 9187629");
	add_entry(ix, WL_PERSON, "Jean-Baptiste MARCHAND", "Le Baron Marchand", NULL, "FR", NULL);
	add_entry(ix, WL_PERSON, "George Habbash", NULL, "1926", "JO", NULL);
	add_entry(ix, WL_VEHICLE, NULL, NULL, NULL, NULL, "AB-123-CD");
	assert_int_equal(screen_index_freeze(ix, NULL), DIAG_OK);
	return ix;
}

static size_t
run(const struct screen_index *ix, const struct screen_query *q, struct screen_hit *hits)
{
	size_t n = 0;

	assert_int_equal(screen_query_run(ix, q, SCREEN_THRESHOLD, hits, 8, &n, NULL), DIAG_OK);
	return n;
}

static void
test_finds_and_explains(void **state)
{
	struct screen_index *ix = small_index();
	struct screen_hit hits[8];
	struct screen_query q = {"SIDOROV, Ivan", NULL, NULL, 0, NULL};
	size_t n;
	char *json;

	(void)state;
	n = run(ix, &q, hits);
	assert_int_equal(n, 1);
	assert_int_equal(hits[0].entry_id, 1);
	json = screen_explain_json(ix, &q, &hits[0]);
	assert_non_null(json);
	assert_non_null(strstr(json, "\"alias\":\"Ivan Petrovich SIDOROV\""));
	assert_non_null(strstr(json, "\"list\":\"TEST-LIST\""));
	assert_non_null(strstr(json, "\"programme\":\"TEST\""));
	assert_non_null(strstr(json, "\"reason\":\"listed for the test\""));
	assert_non_null(strstr(json, "{\"query\":\"sidorov\",\"listed\":\"sidorov\",\"score\":1.000}"));
	assert_non_null(strstr(json, "\"listed_left\":[\"petrovich\"]"));
	free(json);
	/* Another script, and a legal form in front.  */
	q.name = "Иван Сидоров";
	assert_int_equal(run(ix, &q, hits), 1);
	q.name = "OOO Oboronnye Initsiativy";
	assert_int_equal(run(ix, &q, hits), 1);
	assert_int_equal(hits[0].entry_id, 3);
	/* Nothing for a stranger, a bare legal form, an empty name.  */
	q.name = "George Bush";
	assert_int_equal(run(ix, &q, hits), 0);
	q.name = "OOO";
	assert_int_equal(run(ix, &q, hits), 0);
	q.name = "";
	assert_int_equal(run(ix, &q, hits), 0);
	q.name = "\xff\xfe";
	assert_int_equal(screen_query_run(ix, &q, SCREEN_THRESHOLD, hits, 8, &n, NULL), DIAG_DATA);
	screen_index_free(ix);
}

static void
test_qualifiers(void **state)
{
	struct screen_index *ix = small_index();
	struct screen_hit hits[8];
	struct screen_query q = {"Ahmed Hassan al Jabiri", NULL, NULL, 0, NULL};
	double plain, same, other;

	(void)state;
	assert_int_equal(run(ix, &q, hits), 1);
	plain = hits[0].score;
	assert_int_equal(hits[0].n_effects, 0);
	q.dob = "1970-05-01";
	q.country = "IQ";
	assert_int_equal(run(ix, &q, hits), 1);
	same = hits[0].score;
	assert_true(same > plain || same == 1.0);
	assert_int_equal(hits[0].n_effects, 2);
	assert_string_equal(hits[0].effect[0].what, "date of birth");
	assert_true(hits[0].effect[0].delta > 0);
	q.dob = "1990";
	q.country = "FR";
	q.kind = WL_COMPANY;
	{
		size_t n = 0;

		assert_int_equal(screen_query_run(ix, &q, 0.0, hits, 8, &n, NULL), DIAG_OK);
		assert_true(n >= 1);
		assert_int_equal(hits[0].entry_id, 2);
	}
	other = hits[0].score;
	assert_true(other < plain - 0.3);
	assert_int_equal(hits[0].n_effects, 3);
	for (int i = 0; i < 3; i++)
		assert_true(hits[0].effect[i].delta < 0);
	screen_index_free(ix);
}

static void
test_identifiers_and_weak(void **state)
{
	struct screen_index *ix = small_index();
	struct screen_hit hits[8];
	struct screen_query q = {NULL, NULL, NULL, 0, "IMO9187629"};
	struct screen_entry_view v;
	size_t n = 0;
	double strong, weak;

	(void)state;
	assert_int_equal(run(ix, &q, hits), 1);
	assert_true(hits[0].by_ident);
	assert_int_equal(hits[0].entry_id, 4);
	assert_true(hits[0].score == 1.0);
	q.ident = "ab 123 cd";
	assert_int_equal(run(ix, &q, hits), 1);
	assert_int_equal(hits[0].entry_id, 7);
	screen_entry_view(ix, &hits[0], &v);
	assert_int_equal(v.kind, WL_VEHICLE);
	q.ident = "9187628"; /* one digit off: identifiers are exact */
	assert_int_equal(run(ix, &q, hits), 0);
	/* A weak alias weighs less than the same words as a strong one.  */
	q.ident = NULL;
	q.name = "Jean-Baptiste Marchand";
	assert_int_equal(screen_query_run(ix, &q, 0.0, hits, 8, &n, NULL), DIAG_OK);
	strong = hits[0].score;
	q.name = "Le Baron Marchand";
	assert_int_equal(screen_query_run(ix, &q, 0.0, hits, 8, &n, NULL), DIAG_OK);
	weak = hits[0].score;
	screen_entry_view(ix, &hits[0], &v);
	assert_true(v.weak);
	assert_true(weak < strong);
	assert_string_equal(hits[0].effect[0].what, "weak alias");
	screen_index_free(ix);
}

/* The index gives the same hits as brute force over a real list: the UN
 * consolidated list, screened with its own names disturbed.  */
static void
test_index_equals_brute(void **state)
{
	const char *dir = test_tmpdir();
	struct store *st = test_store_create(dir);
	struct watchlist_import_stats stats;
	struct screen_index *ix = NULL;
	char path[1024];
	struct screen_hit a[16], b[16];
	size_t found = 0;

	(void)state;
	assert_int_equal(watchlist_import_file(st, test_srcpath(path, sizeof path,
				"tests/data/watchlists/un/UN_consolidated_2026-02-27.xml"),
					       NULL, &stats, NULL, NULL, NULL),
			 DIAG_OK);
	assert_int_equal(store_screen_index(st, &ix, NULL), DIAG_OK);
	assert_true(screen_index_aliases(ix) > 3000);
	/* Queries from the list's own names, disturbed.  */
	{
		static const char *const names[] = {
			"Usama bin Ladin", "Ayman al-Zawahiri", "Aiman Zawahri", "Abu Bakr al Baghdadi",
			"Jamaat ul Ahrar", "Al Shabab", "Hamza bin Laden", "Kim Jong Un", "Ri Pyong Chol",
			"Mohammad Omar", "Abdul Ghani Baradar", "Sirajuddin Haqani", "Tehrik e Taliban",
			"Boko Haram", "Ansar al Sharia", "Islamic State in Iraq", "Khalid Sheikh Mohammed",
			"Abu Mohammed al Adnani", "Ahmad Yasin", "Lashkar e Taiba",
		};
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
			struct screen_query q = {names[i], NULL, NULL, 0, NULL};
			size_t na = 0, nb = 0;

			assert_int_equal(screen_query_run(ix, &q, SCREEN_THRESHOLD, a, 16, &na, NULL), DIAG_OK);
			assert_int_equal(screen_brute(ix, &q, SCREEN_THRESHOLD, b, 16, &nb, NULL), DIAG_OK);
			if (na != nb)
				fail_msg("%s: index %zu hits, brute force %zu", names[i], na, nb);
			for (size_t k = 0; k < na; k++) {
				if (a[k].entry_id != b[k].entry_id || fabs(a[k].score - b[k].score) > 1e-9)
					fail_msg("%s: hit %zu: index %lld %.4f, brute force %lld %.4f",
						 names[i], k, (long long)a[k].entry_id, a[k].score,
						 (long long)b[k].entry_id, b[k].score);
			}
			found += na;
		}
	}
	assert_true(found > 15);
	screen_index_free(ix);
	test_store_close(st);
	test_rmdir(dir);
}

static enum diag_status
find_consignee(void *ctx, const struct store_screen_hit *h)
{
	int64_t *id = ctx;

	if (strcmp(h->role, "consignee") == 0) {
		*id = h->id;
		assert_non_null(strstr(h->explain, "\"ref\":\"FR-C-0001\""));
		assert_int_equal(h->decision, SCREEN_OPEN);
	}
	return DIAG_OK;
}

/* Hits in the store: replaced per subject, decided, dismissed pairs not
 * raised again, the summary for risk; screening a subject end to end.  */
static void
test_store_hits(void **state)
{
	const char *dir = test_tmpdir();
	struct store *st = test_store_create(dir);
	struct watchlist_import_stats wstats;
	struct screen_subjects_stats stats;
	struct subject s;
	struct party *p;
	char path[1024];
	int count;
	double best;
	int64_t hit_id = 0;

	(void)state;
	assert_int_equal(watchlist_import_file(st, test_srcpath(path, sizeof path,
				"tests/data/watchlists/douane/national.xml"),
					       NULL, &wstats, NULL, NULL, NULL),
			 DIAG_OK);
	subject_init(&s, SUBJECT_CONSIGNMENT);
	s.ref = strdup("CN-1");
	s.mode = strdup("road");
	s.conveyance = strdup("AB 123 CD");
	p = subject_add_party(&s);
	p->role = strdup("consignee");
	p->name = strdup("Exemple Trading S.A.R.L.");
	p->country = strdup("FR");
	p = subject_add_party(&s);
	p->role = strdup("consignor");
	p->name = strdup("Shenzhen Bright Trading Co Ltd");
	assert_int_equal(store_subject_put(st, &s, 0, false, NULL), DIAG_OK);
	assert_int_equal(screen_subjects_run(st, NULL, false, SCREEN_THRESHOLD, &stats, NULL),
			 DIAG_OK);
	assert_int_equal(stats.subjects, 1);
	assert_int_equal(stats.hits, 2); /* the consignee, and the truck by its plate */
	assert_int_equal(store_screen_summary(st, s.id, &count, &best, NULL), DIAG_OK);
	assert_int_equal(count, 2);
	assert_true(best > 0.9);
	/* Screening again changes nothing; new subjects only: none.  */
	assert_int_equal(screen_subjects_run(st, NULL, false, SCREEN_THRESHOLD, &stats, NULL),
			 DIAG_OK);
	assert_int_equal(stats.subjects, 0);
	/* Dismiss the consignee's hit.  */
	assert_int_equal(store_screen_hits(st, s.id, find_consignee, &hit_id, NULL), DIAG_OK);
	assert_true(hit_id > 0);
	assert_int_equal(store_screen_decide(st, hit_id, SCREEN_DISMISSED, "", NULL), DIAG_USAGE);
	assert_int_equal(store_screen_decide(st, 999999, SCREEN_DISMISSED, "x", NULL),
			 DIAG_NOINPUT);
	assert_int_equal(store_screen_decide(st, hit_id, SCREEN_DISMISSED, "another firm", NULL),
			 DIAG_OK);
	assert_int_equal(store_screen_summary(st, s.id, &count, &best, NULL), DIAG_OK);
	assert_int_equal(count, 1);
	/* Re-screen everything: the dismissed pair stays dismissed.  */
	assert_int_equal(screen_subjects_run(st, NULL, true, SCREEN_THRESHOLD, &stats, NULL),
			 DIAG_OK);
	assert_int_equal(stats.hits, 2);
	assert_int_equal(store_screen_summary(st, s.id, &count, &best, NULL), DIAG_OK);
	assert_int_equal(count, 1);
	/* The subject's name changes: a new pair, raised again.  */
	free(s.parties[0].name);
	s.parties[0].name = strdup("Exemple Trading International SARL");
	assert_int_equal(store_subject_put(st, &s, 0, true, NULL), DIAG_OK);
	assert_int_equal(screen_subjects_run(st, NULL, true, SCREEN_THRESHOLD, &stats, NULL),
			 DIAG_OK);
	assert_int_equal(store_screen_summary(st, s.id, &count, &best, NULL), DIAG_OK);
	assert_int_equal(count, 2);
	subject_clear(&s);
	test_store_close(st);
	test_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_finds_and_explains),
		cmocka_unit_test(test_qualifiers),
		cmocka_unit_test(test_identifiers_and_weak),
		cmocka_unit_test(test_index_equals_brute),
		cmocka_unit_test(test_store_hits),
	};

	return cmocka_run_group_tests_name("screen", tests, NULL, NULL);
}
