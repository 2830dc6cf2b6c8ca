/* Unit tests for the store: migrations, subjects round trip, transactions,
 * keyset paging of the queue in both directions and with filters.  */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store.h"
#include "store_internal.h"
#include "testutil.h"

struct fixture {
	char dir[512];
	char path[600];
	struct store *st;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct diag d;

	(void)d;
	snprintf(f->dir, sizeof f->dir, "%s", test_tmpdir());
	f->st = test_store_create_at(f->dir, f->path, sizeof f->path);
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

/* A consignment with two items, two parties, a route and a container.  */
static void
make_consignment(struct subject *s, const char *ref)
{
	struct party *p;
	struct goods_item *it;
	struct container *c;

	subject_init(s, SUBJECT_CONSIGNMENT);
	s->ref = strdup(ref);
	s->mode = strdup("road");
	s->arrival = strdup("2026-11-24T08:15:00Z");
	p = subject_add_party(s);
	p->role = strdup("consignor");
	p->name = strdup("Shenzhen Huali Trading Co., Ltd.");
	p->country = strdup("CN");
	p = subject_add_party(s);
	p->role = strdup("consignee");
	p->name = strdup("Дюпон Импорт");
	p->country = strdup("FR");
	it = subject_add_item(s);
	it->hs_code = strdup("851713");
	it->description = strdup("Mobile telephones");
	it->gross_mass = 182.5;
	it->packages = 40;
	it = subject_add_item(s);
	it->hs_code = strdup("930621");
	it->description = strdup("Cartridges");
	c = subject_add_container(s);
	c->number = strdup("MSCU1234566");
	subject_add_route(s, "CN");
	subject_add_route(s, "KZ");
	subject_add_route(s, "FR");
}

static void
test_migrated_to_latest(void **state)
{
	struct fixture *f = *state;
	struct diag d;

	assert_int_equal(store_file_version(f->st), store_schema_version());
	assert_true(store_schema_version() >= 1);
	/* Reopening an up-to-date file changes nothing and works.  */
	test_store_close(f->st);
	assert_int_equal(test_store_open(f->path, &f->st, &d), DIAG_OK);
	assert_int_equal(store_file_version(f->st), store_schema_version());
}

/* Migrations are applied in array order and skipped by number: they must
 * be numbered 1, 2, 3... in order, or a file would miss one.  */
static void
test_migrations_numbered_in_order(void **state)
{
	(void)state;
	for (int i = 0; i < store_migrations_len; i++)
		assert_int_equal(store_migrations[i].version, i + 1);
	assert_int_equal(store_schema_version(), store_migrations_len);
}

static void
test_newer_schema_refused(void **state)
{
	struct fixture *f = *state;
	struct store *st2;
	struct vault *v;
	struct diag d;
	sqlite3 *db;

	test_store_close(f->st);
	f->st = NULL;
	assert_int_equal(vault_open(f->path, TEST_USER, TEST_PASS, strlen(TEST_PASS), &v, &d),
			 DIAG_OK);
	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE, VAULT_VFS_NAME),
			 SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 999", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(&st2, v, 0, &d), DIAG_DATA);
	assert_null(st2);
	assert_non_null(strstr(d.msg, "999"));
	vault_close(v);
	assert_int_equal(test_store_open(f->path, &f->st, &d), DIAG_DATA);
	f->st = NULL;
}

static void
test_missing_file(void **state)
{
	struct fixture *f = *state;
	struct store *st2;
	struct diag d;
	char path[700];

	snprintf(path, sizeof path, "%s/absent.vault", f->dir);
	assert_int_equal(test_store_open(path, &st2, &d), DIAG_NOINPUT);
	assert_null(st2);
	assert_int_equal(access(path, F_OK), -1);
}

static void
test_not_a_database(void **state)
{
	struct fixture *f = *state;
	struct store *st2;
	struct diag d;
	char path[700];
	FILE *fp;

	snprintf(path, sizeof path, "%s/junk.vault", f->dir);
	fp = fopen(path, "w");
	for (int i = 0; i < 4096; i++)
		fputs("this is not a database ", fp);
	fclose(fp);
	assert_int_equal(test_store_open(path, &st2, &d), DIAG_DATA);
	assert_null(st2);
}

/* A page altered on disk is found by the store too, and named.  */
static void
test_altered_page(void **state)
{
	struct fixture *f = *state;
	struct store_queue_row row;
	struct subject s;
	struct diag d;
	size_t n;
	int64_t count;
	FILE *fp;

	for (int i = 0; i < 600; i++) {
		char ref[32];

		snprintf(ref, sizeof ref, "CN-ALT-%03d", i);
		make_consignment(&s, ref);
		assert_int_equal(store_subject_put(f->st, &s, 0, false, &d), DIAG_OK);
		subject_clear(&s);
	}
	test_store_close(f->st);
	f->st = NULL;
	/* Flip a byte in a page in the middle of the database (the pages
	 * follow the vault's header).  */
	fp = fopen(f->path, "r+b");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	long pages = (ftell(fp) - VAULT_VFS_HEADER_SIZE) / 4096;
	long off = VAULT_VFS_HEADER_SIZE + pages / 2 * 4096 + 1000;
	assert_true(pages > 4);
	assert_int_equal(fseek(fp, off, SEEK_SET), 0);
	int c = fgetc(fp);
	assert_int_equal(fseek(fp, off, SEEK_SET), 0);
	fputc(c ^ 0x40, fp);
	fclose(fp);

	/* Reading every subject reads every page they live on: the altered
	 * one is refused, never returned as data.  */
	enum diag_status rc = test_store_open(f->path, &f->st, &d);
	if (rc == DIAG_OK)
		rc = store_queue_count(f->st, NULL, &count, &d);
	for (int64_t id = 1; rc == DIAG_OK && id <= 600; id++) {
		rc = store_subject_get(f->st, id, &s, &d);
		if (rc == DIAG_OK)
			subject_clear(&s);
	}
	if (rc == DIAG_OK)
		rc = store_queue_page(f->st, NULL, NULL, STORE_BACKWARD, &row, 1, &n, &d);
	assert_int_equal(rc, DIAG_DATA);
	assert_non_null(strstr(d.msg, "vault damaged or altered"));
}

static void
test_subject_round_trip(void **state)
{
	struct fixture *f = *state;
	struct subject s, back;
	struct diag d;
	int64_t id;

	make_consignment(&s, "CN-1");
	assert_int_equal(store_subject_put(f->st, &s, 0, false, &d), DIAG_OK);
	assert_true(s.id > 0);
	assert_int_equal(store_subject_find(f->st, "CN-1", &id, &d), DIAG_OK);
	assert_int_equal(id, s.id);

	assert_int_equal(store_subject_get(f->st, s.id, &back, &d), DIAG_OK);
	assert_string_equal(back.ref, "CN-1");
	assert_int_equal(back.kind, SUBJECT_CONSIGNMENT);
	assert_string_equal(back.arrival, "2026-11-24T08:15:00Z");
	assert_int_equal(back.n_parties, 2);
	assert_string_equal(back.parties[1].name, "Дюпон Импорт");
	assert_string_equal(back.parties[1].role, "consignee");
	assert_int_equal(back.n_items, 2);
	assert_string_equal(back.items[0].hs_code, "851713");
	assert_true(back.items[0].gross_mass > 182.4 && back.items[0].gross_mass < 182.6);
	assert_int_equal(back.items[0].packages, 40);
	assert_true(back.items[1].gross_mass < 0); /* absent stays absent */
	assert_int_equal(back.items[1].packages, -1);
	assert_int_equal(back.n_containers, 1);
	assert_string_equal(back.containers[0].number, "MSCU1234566");
	assert_int_equal(back.n_route, 3);
	assert_string_equal(subject_origin(&back), "CN");
	assert_string_equal(subject_destination(&back), "FR");
	subject_clear(&back);
	subject_clear(&s);

	assert_int_equal(store_subject_get(f->st, 424242, &back, &d), DIAG_NOINPUT);
}

static void
test_duplicate_ref(void **state)
{
	struct fixture *f = *state;
	struct subject s, back;
	struct diag d;

	make_consignment(&s, "CN-DUP");
	assert_int_equal(store_subject_put(f->st, &s, 0, false, &d), DIAG_OK);
	subject_clear(&s);
	make_consignment(&s, "CN-DUP");
	free(s.items[0].hs_code);
	s.items[0].hs_code = strdup("220300");
	assert_int_equal(store_subject_put(f->st, &s, 0, false, &d), DIAG_DATA);
	assert_non_null(strstr(d.msg, "CN-DUP"));
	/* With replace, the new version wins and its children replace the old.  */
	assert_int_equal(store_subject_put(f->st, &s, 0, true, &d), DIAG_OK);
	assert_int_equal(store_subject_get(f->st, s.id, &back, &d), DIAG_OK);
	assert_string_equal(back.items[0].hs_code, "220300");
	assert_int_equal(back.n_items, 2);
	subject_clear(&back);
	subject_clear(&s);
}

static void
test_rollback_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	struct subject s;
	struct diag d;
	int64_t count, id;
	bool found;

	assert_int_equal(store_begin(f->st, &d), DIAG_OK);
	assert_int_equal(store_source_add(f->st, "x.xml", "ab12", "douane", &id, &d), DIAG_OK);
	make_consignment(&s, "CN-RB");
	assert_int_equal(store_subject_put(f->st, &s, id, false, &d), DIAG_OK);
	subject_clear(&s);
	store_rollback(f->st);

	assert_int_equal(store_queue_count(f->st, NULL, &count, &d), DIAG_OK);
	assert_int_equal(count, 0);
	assert_int_equal(store_source_find(f->st, "ab12", &found, &d), DIAG_OK);
	assert_false(found);

	assert_int_equal(store_begin(f->st, &d), DIAG_OK);
	assert_int_equal(store_source_add(f->st, "x.xml", "ab12", "douane", &id, &d), DIAG_OK);
	assert_int_equal(store_source_set_count(f->st, id, 7, &d), DIAG_OK);
	assert_int_equal(store_commit(f->st, &d), DIAG_OK);
	assert_int_equal(store_source_find(f->st, "ab12", &found, &d), DIAG_OK);
	assert_true(found);
	/* The same content twice is a constraint violation, reported as data.  */
	assert_int_equal(store_source_add(f->st, "y.xml", "ab12", "douane", &id, &d), DIAG_DATA);
}

/* N subjects with lanes and scores spread so the order is non-trivial.  */
static void
fill_queue(struct store *st, int n)
{
	struct diag d;
	char ref[32];

	assert_int_equal(store_begin(st, &d), DIAG_OK);
	for (int i = 0; i < n; i++) {
		struct subject s;

		subject_init(&s, (enum subject_kind)(1 + i % 3));
		snprintf(ref, sizeof ref, "R-%05d", i);
		s.ref = strdup(ref);
		s.name = strdup(i % 7 == 0 ? "Needle Person" : "Hay Stack");
		s.lane = (enum subject_lane)(i % 4);
		s.score = (i * 37) % 100;
		assert_int_equal(store_subject_put(st, &s, 0, false, &d), DIAG_OK);
		subject_clear(&s);
	}
	assert_int_equal(store_commit(st, &d), DIAG_OK);
}

/* True when A comes strictly before B in queue order.  */
static bool
before(const struct store_queue_key *a, const struct store_queue_key *b)
{
	if (a->lane != b->lane)
		return a->lane > b->lane;
	if (a->score != b->score)
		return a->score > b->score;
	return a->id < b->id;
}

static void
test_queue_paging(void **state)
{
	struct fixture *f = *state;
	struct store_queue_row rows[7], all[500];
	struct store_queue_key key;
	struct diag d;
	size_t n, total = 0;
	int64_t count;

	fill_queue(f->st, 500);
	assert_int_equal(store_queue_count(f->st, NULL, &count, &d), DIAG_OK);
	assert_int_equal(count, 500);

	/* Forward, 7 at a time: every subject once, in queue order.  */
	for (bool first = true;; first = false) {
		assert_int_equal(store_queue_page(f->st, NULL, first ? NULL : &key, STORE_FORWARD,
						  rows, 7, &n, &d),
				 DIAG_OK);
		for (size_t i = 0; i < n; i++)
			all[total++] = rows[i];
		if (n < 7)
			break;
		key = rows[n - 1].key;
	}
	assert_int_equal(total, 500);
	assert_int_equal(all[0].key.lane, LANE_RED);
	for (size_t i = 1; i < total; i++)
		assert_true(before(&all[i - 1].key, &all[i].key));

	/* From the end backwards: the last rows, nearest first.  */
	assert_int_equal(store_queue_page(f->st, NULL, NULL, STORE_BACKWARD, rows, 7, &n, &d),
			 DIAG_OK);
	assert_int_equal(n, 7);
	for (size_t i = 0; i < 7; i++)
		assert_int_equal(rows[i].key.id, all[499 - i].key.id);

	/* Backwards from the middle gives the rows just before it.  */
	key = all[250].key;
	assert_int_equal(store_queue_page(f->st, NULL, &key, STORE_BACKWARD, rows, 3, &n, &d),
			 DIAG_OK);
	assert_int_equal(n, 3);
	assert_int_equal(rows[0].key.id, all[249].key.id);
	assert_int_equal(rows[2].key.id, all[247].key.id);
	assert_string_equal(rows[0].ref, all[249].ref);
}

static void
test_queue_filters(void **state)
{
	struct fixture *f = *state;
	struct store_queue_filter filter;
	struct store_queue_row rows[200];
	struct diag d;
	size_t n;
	int64_t count;

	fill_queue(f->st, 100);
	store_queue_filter_init(&filter);
	filter.lane = LANE_YELLOW;
	assert_int_equal(store_queue_count(f->st, &filter, &count, &d), DIAG_OK);
	assert_int_equal(count, 25);
	assert_int_equal(store_queue_page(f->st, &filter, NULL, STORE_FORWARD, rows, 200, &n, &d),
			 DIAG_OK);
	assert_int_equal(n, 25);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(rows[i].key.lane, LANE_YELLOW);

	store_queue_filter_init(&filter);
	filter.kind = SUBJECT_VEHICLE;
	filter.text = "needle"; /* case-insensitive, in the main party */
	assert_int_equal(store_queue_page(f->st, &filter, NULL, STORE_FORWARD, rows, 200, &n, &d),
			 DIAG_OK);
	/* i % 7 == 0 and i % 3 == 2 for i < 100: 14, 35, 56, 77, 98.  */
	assert_int_equal(n, 5);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(rows[i].kind, SUBJECT_VEHICLE);
		assert_string_equal(rows[i].party, "Needle Person");
	}
	filter.text = "R-0009";
	filter.kind = 0;
	assert_int_equal(store_queue_count(f->st, &filter, &count, &d), DIAG_OK);
	assert_int_equal(count, 10); /* R-00090 .. R-00099 */
}

static void
test_long_text_cut_on_char_boundary(void **state)
{
	struct fixture *f = *state;
	struct store_queue_row row;
	struct subject s;
	struct diag d;
	char name[400] = "";
	size_t n;

	for (int i = 0; i < 100; i++)
		strcat(name, "Ж"); /* two bytes each */
	subject_init(&s, SUBJECT_TRAVELLER);
	s.ref = strdup("TR-LONG");
	s.name = strdup(name);
	assert_int_equal(store_subject_put(f->st, &s, 0, false, &d), DIAG_OK);
	subject_clear(&s);
	assert_int_equal(store_queue_page(f->st, NULL, NULL, STORE_FORWARD, &row, 1, &n, &d),
			 DIAG_OK);
	assert_int_equal(n, 1);
	assert_true(strlen(row.party) < STORE_TEXT_MAX);
	assert_int_equal(strlen(row.party) % 2, 0);
	assert_int_equal(strncmp(row.party, name, strlen(row.party)), 0);
}

static void
test_findings_round_trip(void **state)
{
	struct fixture *f = *state;
	struct subject s, back;
	struct diag d;

	make_consignment(&s, "CN-F");
	assert_true(subject_add_finding(&s, "piece-count-mismatch", "TotalPieceQuantity 5, items 3"));
	assert_true(subject_add_finding(&s, "missing-transport-mode", NULL));
	assert_int_equal(store_subject_put(f->st, &s, 0, false, &d), DIAG_OK);
	assert_int_equal(store_subject_get(f->st, s.id, &back, &d), DIAG_OK);
	assert_int_equal(back.n_findings, 2);
	assert_string_equal(back.findings[0].code, "piece-count-mismatch");
	assert_string_equal(back.findings[0].detail, "TotalPieceQuantity 5, items 3");
	assert_string_equal(back.findings[1].code, "missing-transport-mode");
	assert_null(back.findings[1].detail);
	subject_clear(&back);
	subject_clear(&s);
}

/* A list of N entries from SOURCE published on DATE.  */
static int64_t
put_list(struct store *st, const char *source, const char *date, const char *digest, int n,
	 enum diag_status want)
{
	struct wl_list l;
	struct diag d;
	enum store_wl_action action;
	enum diag_status rc;
	char ref[32];

	wl_list_init(&l);
	l.source = strdup(source);
	l.published = strdup(date);
	l.format = strdup("test");
	assert_int_equal(store_begin(st, &d), DIAG_OK);
	rc = store_watchlist_begin(st, &l, digest, &action, &d);
	assert_int_equal(rc, want);
	if (rc != DIAG_OK) {
		store_rollback(st);
		wl_list_clear(&l);
		return 0;
	}
	for (int i = 0; i < n; i++) {
		struct wl_entry e;

		wl_entry_init(&e, i % 2 ? WL_COMPANY : WL_PERSON);
		snprintf(ref, sizeof ref, "%s-%d", source, i);
		e.ref = strdup(ref);
		assert_true(wl_entry_add_name(&e, "Ivan PETROV", "primary", false));
		assert_true(wl_entry_add_name(&e, "Иван Петров", "original-script", false));
		assert_true(wl_entry_add_name(&e, "Ivan PETROV", "aka", true)); /* duplicate */
		assert_true(wl_entry_add_birth_date(&e, "1962"));
		assert_true(wl_entry_add_nationality(&e, "RU"));
		assert_true(wl_entry_add_ident(&e, "passport", "753159852", "RU", NULL));
		assert_int_equal(store_wl_entry_put(st, l.id, &e, &d), DIAG_OK);
		wl_entry_clear(&e);
	}
	assert_int_equal(store_watchlist_finish(st, l.id, n, &d), DIAG_OK);
	assert_int_equal(store_commit(st, &d), DIAG_OK);
	wl_list_clear(&l);
	return 1;
}

struct lists_seen {
	int n;
	char sources[4][32];
	int64_t entries[4];
	char published[4][16];
};

static enum diag_status
collect_list(void *ctx, const struct wl_list *l)
{
	struct lists_seen *seen = ctx;

	snprintf(seen->sources[seen->n], sizeof seen->sources[0], "%s", l->source);
	snprintf(seen->published[seen->n], sizeof seen->published[0], "%s", l->published);
	seen->entries[seen->n++] = l->entries;
	return DIAG_OK;
}

static void
test_watchlist_versions(void **state)
{
	struct fixture *f = *state;
	struct lists_seen seen = {0};
	struct wl_entry e;
	struct diag d;
	bool found;
	int64_t list_id;

	put_list(f->st, "UN-SC", "2026-01-10", "d1", 3, DIAG_OK);
	put_list(f->st, "OFAC-SDN", "2024-05-03", "d2", 2, DIAG_OK);
	/* A newer UN list replaces the older one, entries and all.  */
	put_list(f->st, "UN-SC", "2026-02-27", "d3", 5, DIAG_OK);
	/* An older one is refused and the loaded one stays.  */
	put_list(f->st, "UN-SC", "2025-12-01", "d4", 1, DIAG_DATA);

	assert_int_equal(store_watchlists(f->st, collect_list, &seen, &d), DIAG_OK);
	assert_int_equal(seen.n, 2);
	assert_string_equal(seen.sources[0], "OFAC-SDN");
	assert_int_equal(seen.entries[0], 2);
	assert_string_equal(seen.sources[1], "UN-SC");
	assert_string_equal(seen.published[1], "2026-02-27");
	assert_int_equal(seen.entries[1], 5);

	assert_int_equal(store_watchlist_find_digest(f->st, "d3", &found, &d), DIAG_OK);
	assert_true(found);
	assert_int_equal(store_watchlist_find_digest(f->st, "d1", &found, &d), DIAG_OK);
	assert_false(found); /* gone with the list it named */
	assert_int_equal(store_watchlist_find_digest(f->st, "d4", &found, &d), DIAG_OK);
	assert_false(found);

	/* The entries of the replaced list are gone: 2 + 5 remain, ids 1..3
	 * were the old UN entries.  */
	assert_int_equal(store_wl_entry_get(f->st, 1, &e, NULL, &d), DIAG_NOINPUT);
	assert_int_equal(store_wl_entry_get(f->st, 6, &e, &list_id, &d), DIAG_OK);
	assert_string_equal(e.ref, "UN-SC-0");
	assert_int_equal(e.kind, WL_PERSON);
	assert_int_equal(e.n_names, 2); /* the exact duplicate was skipped */
	assert_string_equal(e.names[1].name, "Иван Петров");
	assert_string_equal(e.names[1].type, "original-script");
	assert_int_equal(e.n_birth_dates, 1);
	assert_string_equal(e.birth_dates[0], "1962");
	assert_string_equal(e.nationalities[0], "RU");
	assert_int_equal(e.n_idents, 1);
	assert_string_equal(e.idents[0].number, "753159852");
	wl_entry_clear(&e);
}

/* A file at schema version 1 with a subject in it is migrated to the
 * latest version on open, and keeps its data.  */
static void
test_migration_from_v1(void **state)
{
	struct fixture *f = *state;
	struct store *st;
	struct vault *v;
	struct subject s;
	struct diag d;
	sqlite3 *db;
	int64_t id;

	/* Take the fresh vault back to schema version 1 with one subject.  */
	test_store_close(f->st);
	f->st = NULL;
	assert_int_equal(vault_open(f->path, TEST_USER, TEST_PASS, strlen(TEST_PASS), &v, &d),
			 DIAG_OK);
	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE, VAULT_VFS_NAME),
			 SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "PRAGMA temp_store = MEMORY;"
				      "PRAGMA writable_schema = ON;"
				      "DELETE FROM sqlite_schema;"
				      "PRAGMA writable_schema = OFF;"
				      "VACUUM;",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE, VAULT_VFS_NAME),
			 SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, store_migrations[0].sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "PRAGMA user_version = 1;"
				      "INSERT INTO subject (ref, kind, name) VALUES ('TR-OLD', 2, 'Old');",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);

	assert_int_equal(store_open(&st, v, 0, &d), DIAG_OK);
	assert_int_equal(store_file_version(st), store_schema_version());
	assert_int_equal(store_subject_find(st, "TR-OLD", &id, &d), DIAG_OK);
	assert_int_equal(store_subject_get(st, id, &s, &d), DIAG_OK);
	assert_string_equal(s.name, "Old");
	assert_int_equal(s.n_findings, 0); /* the new table is there and empty */
	subject_clear(&s);
	store_close(st);
	vault_close(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrated_to_latest, setup, teardown),
		cmocka_unit_test(test_migrations_numbered_in_order),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_database, setup, teardown),
		cmocka_unit_test_setup_teardown(test_altered_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subject_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_ref, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback_leaves_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_queue_paging, setup, teardown),
		cmocka_unit_test_setup_teardown(test_queue_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_text_cut_on_char_boundary, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_findings_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_watchlist_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migration_from_v1, setup, teardown),
	};

	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
