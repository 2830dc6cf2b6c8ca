/* test_store_search: the queue's search text gives the same subjects, in
 * the same order, whichever way the store finds them (the first rows read
 * in order, the trigram index sorted, the queue probed against the index,
 * or a plain scan for a short text), and counts them the same.
 *
 * The oracle is the whole queue read without the text and filtered here
 * with the documented rule: the reference or the party contains the text,
 * ASCII letters in either case.  The queue is large enough (15,000
 * subjects, pages of 40) for every way to be taken by one of the texts.  */
#include "config.h"

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "store_internal.h"
#include "testutil.h"
#include "tui/queue_gen.h"

#define N_SUBJECTS 15000
#define PAGE 40

struct fixture {
	char dir[512];
	struct store *st;
};

static struct store_queue_row all[N_SUBJECTS + 1], found[N_SUBJECTS + 1];

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct diag d;

	snprintf(f->dir, sizeof f->dir, "%s", test_tmpdir());
	f->st = test_store_create(f->dir);
	if (queue_gen_fill(f->st, N_SUBJECTS, 7, &d) != DIAG_OK) {
		fprintf(stderr, "%s\n", d.msg);
		return -1;
	}
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

/* The whole queue under FILTER, PAGE rows a page, forward into OUT.  */
static size_t
page_all(struct store *st, const struct store_queue_filter *filter, struct store_queue_row *out)
{
	struct store_queue_row rows[PAGE];
	struct diag d;
	size_t n, total = 0;

	for (bool first = true;; first = false) {
		assert_int_equal(store_queue_page(st, filter, first ? NULL : &out[total - 1].key,
						  STORE_FORWARD, rows, PAGE, &n, &d),
				 DIAG_OK);
		assert_true(total + n <= N_SUBJECTS);
		memcpy(out + total, rows, n * sizeof rows[0]);
		total += n;
		if (n < PAGE)
			return total;
	}
}

/* HAY contains NEEDLE, ASCII letters folded (SQLite's lower()).  */
static bool
contains_ascii_fold(const char *hay, const char *needle)
{
	size_t hn = strlen(hay), nn = strlen(needle);

	for (size_t i = 0; i + nn <= hn; i++) {
		size_t k = 0;

		while (k < nn && tolower((unsigned char)hay[i + k]) ==
					 tolower((unsigned char)needle[k]))
			k++;
		if (k == nn)
			return true;
	}
	return false;
}

/* Search TEXT under FILTER (its other fields) and compare with the oracle:
 * forward pages, backward pages, the count and the count stopped at 50. */
static size_t
check_text(struct store *st, struct store_queue_filter filter, const char *text)
{
	struct store_queue_row rows[PAGE];
	struct store_queue_key key;
	struct diag d;
	size_t total, expected = 0, n, seen = 0;
	int64_t count;

	filter.text = NULL;
	total = page_all(st, &filter, all);
	filter.text = text;
	n = page_all(st, &filter, found);
	for (size_t i = 0; i < total; i++) {
		if (!contains_ascii_fold(all[i].ref, text) && !contains_ascii_fold(all[i].party, text))
			continue;
		assert_true(expected < n);
		assert_int_equal(found[expected].key.id, all[i].key.id);
		expected++;
	}
	assert_int_equal(n, expected);
	/* Backward from the end, the same rows reversed.  */
	for (bool first = true;; first = false) {
		assert_int_equal(store_queue_page(st, &filter, first ? NULL : &key, STORE_BACKWARD,
						  rows, PAGE, &n, &d),
				 DIAG_OK);
		for (size_t i = 0; i < n; i++, seen++)
			assert_int_equal(rows[i].key.id, found[expected - 1 - seen].key.id);
		if (n < PAGE)
			break;
		key = rows[n - 1].key;
	}
	assert_int_equal(seen, expected);
	assert_int_equal(store_queue_count(st, &filter, &count, &d), DIAG_OK);
	assert_int_equal(count, (int64_t)expected);
	assert_int_equal(store_queue_count_max(st, &filter, 50, &count, &d), DIAG_OK);
	assert_int_equal(count, expected < 50 ? (int64_t)expected : 50);
	return expected;
}

static void
test_search_risk_order(void **state)
{
	struct fixture *f = *state;
	struct store_queue_filter filter;

	store_queue_filter_init(&filter);
	/* Common: the first rows read fill a page.  */
	assert_true(check_text(f->st, filter, "cn-") > N_SUBJECTS / 4);
	/* Rare, few in the index: sorted out of it.  */
	assert_true(check_text(f->st, filter, "CN-00001") > 0);
	assert_true(check_text(f->st, filter, "vh-0000") > 0);
	/* One subject in twelve, more than a thousand in the index: the
	 * queue probed against it.  */
	assert_true(check_text(f->st, filter, "Giorgi") > 1000);
	/* Too short for the index; none at all; quotes in the text.  */
	assert_true(check_text(f->st, filter, "e") > 0);
	assert_int_equal(check_text(f->st, filter, "zzz"), 0);
	assert_int_equal(check_text(f->st, filter, "zq"), 0);
	assert_int_equal(check_text(f->st, filter, "\"a\" OR b"), 0);
	/* Other scripts are matched as written: lower() folds only ASCII.  */
	assert_true(check_text(f->st, filter, "Петров") > 0);
	assert_int_equal(check_text(f->st, filter, "петров"), 0);
	assert_true(check_text(f->st, filter, "Söhne") > 0);
}

static void
test_search_with_filters(void **state)
{
	struct fixture *f = *state;
	struct store_queue_filter filter;

	store_queue_filter_init(&filter);
	filter.lane = LANE_RED;
	assert_true(check_text(f->st, filter, "Dupont") > 0);
	assert_true(check_text(f->st, filter, "0001") > 0);
	filter.lane = -1;
	filter.crossing = "FRSXB";
	assert_true(check_text(f->st, filter, "CN-0000") > 0);
	assert_true(check_text(f->st, filter, "Giorgi") > 0);
	filter.crossing = NULL;
	filter.sort = STORE_SORT_ARRIVAL;
	assert_true(check_text(f->st, filter, "Giorgi") > 1000);
	assert_true(check_text(f->st, filter, "TR-0001") > 0);
	filter.sort = STORE_SORT_REF;
	filter.kind = SUBJECT_TRAVELLER;
	assert_true(check_text(f->st, filter, "an") > 0);
	assert_true(check_text(f->st, filter, "Müller") > 0);
}

/* The index and the number of subjects follow the table: a deleted
 * subject is not found nor counted, and the index agrees with the table
 * after it.  */
static void
test_search_after_delete(void **state)
{
	struct fixture *f = *state;
	struct store_queue_filter filter;
	struct store_queue_row row;
	struct diag d;
	char sql[160];
	size_t n;
	int64_t count;

	store_queue_filter_init(&filter);
	assert_int_equal(store_queue_count(f->st, &filter, &count, &d), DIAG_OK);
	assert_int_equal(count, N_SUBJECTS);
	assert_int_equal(store_queue_count_max(f->st, &filter, 100, &count, &d), DIAG_OK);
	assert_int_equal(count, 100);
	assert_int_equal(store_queue_page(f->st, &filter, NULL, STORE_FORWARD, &row, 1, &n, &d),
			 DIAG_OK);
	assert_int_equal(n, 1);
	filter.text = row.ref;
	assert_int_equal(store_queue_count(f->st, &filter, &count, &d), DIAG_OK);
	assert_int_equal(count, 1);
	snprintf(sql, sizeof sql, "DELETE FROM subject WHERE id = %lld", (long long)row.key.id);
	if (sqlite3_exec(store_sqlite(f->st), sql, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s", sqlite3_errmsg(store_sqlite(f->st)));
	assert_int_equal(store_queue_count(f->st, &filter, &count, &d), DIAG_OK);
	assert_int_equal(count, 0);
	filter.text = NULL;
	assert_int_equal(store_queue_count(f->st, &filter, &count, &d), DIAG_OK);
	assert_int_equal(count, N_SUBJECTS - 1);
	if (sqlite3_exec(store_sqlite(f->st),
			 "INSERT INTO subject_text (subject_text) VALUES ('integrity-check')", NULL,
			 NULL, NULL) != SQLITE_OK)
		fail_msg("%s", sqlite3_errmsg(store_sqlite(f->st)));
	filter.text = NULL;
	row.ref[7] = '\0'; /* "CN-0000": its neighbours */
	check_text(f->st, filter, row.ref);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_search_risk_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_with_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_after_delete, setup, teardown),
	};

	return cmocka_run_group_tests_name("store_search", tests, NULL, NULL);
}
