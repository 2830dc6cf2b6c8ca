/* test_store_queue: the queue's orders (risk, arrival, reference) and its
 * crossing filter, paged by key in both directions, on a seeded queue
 * (tests/tui/queue_gen.h); and the walk through the crossings.  */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "testutil.h"
#include "tui/queue_gen.h"

#define N_SUBJECTS 700

struct fixture {
	char dir[512];
	struct store *st;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct diag d;

	snprintf(f->dir, sizeof f->dir, "%s", test_tmpdir());
	f->st = test_store_create(f->dir);
	if (queue_gen_fill(f->st, N_SUBJECTS, 42, &d) != DIAG_OK) {
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

/* The whole queue under FILTER, 9 rows a page, forward into ALL.  */
static size_t
page_all(struct store *st, const struct store_queue_filter *filter,
	 struct store_queue_row *all)
{
	struct store_queue_row rows[9];
	struct diag d;
	size_t n, total = 0;

	for (bool first = true;; first = false) {
		assert_int_equal(store_queue_page(st, filter, first ? NULL : &all[total - 1].key,
						  STORE_FORWARD, rows, 9, &n, &d),
				 DIAG_OK);
		memcpy(all + total, rows, n * sizeof rows[0]);
		total += n;
		if (n < 9)
			return total;
	}
}

/* Backward from the end, 9 at a time, must give ALL reversed.  */
static void
check_backward(struct store *st, const struct store_queue_filter *filter,
	       const struct store_queue_row *all, size_t total)
{
	struct store_queue_row rows[9];
	struct store_queue_key key;
	struct diag d;
	size_t n, seen = 0;

	for (bool first = true;; first = false) {
		assert_int_equal(store_queue_page(st, filter, first ? NULL : &key, STORE_BACKWARD,
						  rows, 9, &n, &d),
				 DIAG_OK);
		for (size_t i = 0; i < n; i++, seen++)
			assert_int_equal(rows[i].key.id, all[total - 1 - seen].key.id);
		if (n < 9)
			break;
		key = rows[n - 1].key;
	}
	assert_int_equal(seen, total);
}

static void
test_sort_by_arrival(void **state)
{
	struct fixture *f = *state;
	static struct store_queue_row all[N_SUBJECTS + 1];
	struct store_queue_filter filter;
	size_t total;

	store_queue_filter_init(&filter);
	filter.sort = STORE_SORT_ARRIVAL;
	total = page_all(f->st, &filter, all);
	assert_int_equal(total, N_SUBJECTS);
	for (size_t i = 1; i < total; i++) {
		int c = strcmp(all[i - 1].arrival, all[i].arrival);

		assert_true(c < 0 || (c == 0 && all[i - 1].key.id < all[i].key.id));
	}
	check_backward(f->st, &filter, all, total);
}

static void
test_sort_by_reference(void **state)
{
	struct fixture *f = *state;
	static struct store_queue_row all[N_SUBJECTS + 1];
	struct store_queue_filter filter;
	size_t total;

	store_queue_filter_init(&filter);
	filter.sort = STORE_SORT_REF;
	filter.status = STATUS_EXPECTED; /* a filter with another order */
	total = page_all(f->st, &filter, all);
	assert_true(total > N_SUBJECTS / 2 && total < N_SUBJECTS);
	for (size_t i = 1; i < total; i++) {
		assert_true(strcmp(all[i - 1].ref, all[i].ref) < 0);
		assert_int_equal(all[i].status, STATUS_EXPECTED);
	}
	/* Consignments (CN-) come before travellers (TR-) and vehicles. */
	assert_int_equal(all[0].kind, SUBJECT_CONSIGNMENT);
	assert_int_equal(all[total - 1].kind, SUBJECT_VEHICLE);
	check_backward(f->st, &filter, all, total);
}

static void
test_crossing_filter(void **state)
{
	struct fixture *f = *state;
	static struct store_queue_row all[N_SUBJECTS + 1];
	struct store_queue_filter filter;
	int64_t count, sum = 0;
	char crossing[16], prev[16] = "";
	bool found;
	struct diag d;
	int crossings = 0;

	/* The crossings in order of their codes, each once. */
	for (const char *after = NULL;; after = prev) {
		assert_int_equal(store_queue_crossing_next(f->st, after, crossing, sizeof crossing,
							   &found, &d),
				 DIAG_OK);
		if (!found)
			break;
		assert_true(prev[0] == '\0' || strcmp(prev, crossing) < 0);
		crossings++;
		for (int sort = 0; sort < STORE_SORT_COUNT; sort++) {
			size_t total;

			store_queue_filter_init(&filter);
			filter.crossing = crossing;
			filter.sort = (enum store_queue_sort)sort;
			assert_int_equal(store_queue_count(f->st, &filter, &count, &d), DIAG_OK);
			total = page_all(f->st, &filter, all);
			assert_int_equal(total, count);
			check_backward(f->st, &filter, all, total);
			if (sort == STORE_SORT_RANK)
				sum += count;
		}
		memcpy(prev, crossing, sizeof prev);
	}
	assert_int_equal(crossings, 3);
	assert_int_equal(sum, N_SUBJECTS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sort_by_arrival, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sort_by_reference, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crossing_filter, setup, teardown),
	};

	return cmocka_run_group_tests_name("store_queue", tests, NULL, NULL);
}
