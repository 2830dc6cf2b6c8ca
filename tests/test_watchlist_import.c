/* Unit tests for watchlist_import_file() and the watchlist readers.
 *
 * The real public lists under tests/data/watchlists (see its README) are
 * imported into one store for the whole group, in order, and checked
 * against the counts made independently with Python (the README's table)
 * and against chosen entries read back from the store: the UN list (730
 * individuals, 273 entities), OFAC's consolidated list XML (443 entries),
 * OFAC's SDN CSV set of July 2021 (8976 entries) and consolidated CSV set
 * of December 2025 (442), and a hand-written douane national list.
 *
 * Then the rules of a list's life: importing the same file again changes
 * nothing; an older UN list is refused; a newer one replaces the loaded
 * list (its entry count follows).  Every hostile or broken file fails with
 * DIAG_DATA naming the file and the line, and leaves the store exactly as
 * it was (compared through a snapshot of every table, as in
 * test_import.c).  The tests run in the order listed in main().
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "formats/xml.h"
#include "store.h"
#include "testutil.h"
#include "watchlist_import.h"

struct fixture {
	char dir[512];
	char path[600];
	struct store *st;
};

static struct fixture *fx;

/* tests/data/watchlists/NAME into BUF.  */
static const char *
sample(char *buf, size_t size, const char *name)
{
	char rel[256];

	snprintf(rel, sizeof rel, "tests/data/watchlists/%s", name);
	return test_srcpath(buf, size, rel);
}

/* Every table: name, row count and a checksum of its rows, through a
 * separate read-only connection (so only what is committed shows).  */
static char *
snapshot(void)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *tables = NULL;
	char *out = calloc(1, 4096);
	size_t len = 0;

	assert_non_null(out);
	assert_int_equal(sqlite3_open_v2(fx->path, &db, SQLITE_OPEN_READONLY, VAULT_VFS_NAME), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT name FROM sqlite_master WHERE type = 'table' "
	                                    "ORDER BY name",
	                                    -1, &tables, NULL),
	                 SQLITE_OK);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		char *sql = sqlite3_mprintf("SELECT * FROM \"%w\" ORDER BY 1, 2", name);
		sqlite3_stmt *s = NULL;
		uint64_t h = 1469598103934665603ULL;
		long rows = 0;

		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
		while (sqlite3_step(s) == SQLITE_ROW) {
			rows++;
			for (int c = 0; c < sqlite3_column_count(s); c++) {
				const unsigned char *v = sqlite3_column_text(s, c);

				for (; v != NULL && *v; v++)
					h = (h ^ *v) * 1099511628211ULL;
				h = (h ^ 0x1f) * 1099511628211ULL;
			}
		}
		len += (size_t)snprintf(out + len, 4096 - len, "%s:%ld:%016llx;", name, rows,
		                        (unsigned long long)h);
		sqlite3_finalize(s);
		sqlite3_free(sql);
	}
	sqlite3_finalize(tables);
	sqlite3_close(db);
	return out;
}

/* One integer from SQL (with one text parameter, or NULL).  */
static int64_t
query_int(const char *sql, const char *param)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	int64_t n = -1;

	assert_int_equal(sqlite3_open_v2(fx->path, &db, SQLITE_OPEN_READONLY, VAULT_VFS_NAME), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (param != NULL)
		sqlite3_bind_text(s, 1, param, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return n;
}

/* Entries of list SOURCE of kind KIND (0: any).  */
static int64_t
count_kind(const char *source, int kind)
{
	char sql[256];

	snprintf(sql, sizeof sql,
	         "SELECT count(*) FROM wl_entry e JOIN watchlist w ON w.id = e.list_id "
	         "WHERE w.source = ?1 AND (%d = 0 OR e.kind = %d)",
	         kind, kind);
	return query_int(sql, source);
}

/* The stored entry REF of list SOURCE into E.  */
static void
get_entry(const char *source, const char *ref, struct wl_entry *e)
{
	char sql[256];
	struct diag d;
	int64_t id;

	snprintf(sql, sizeof sql,
	         "SELECT e.id FROM wl_entry e JOIN watchlist w ON w.id = e.list_id "
	         "WHERE w.source = '%s' AND e.ref = ?1",
	         source);
	id = query_int(sql, ref);
	if (id <= 0)
		fail_msg("no entry %s in %s", ref, source);
	assert_int_equal(store_wl_entry_get(fx->st, id, e, NULL, &d), DIAG_OK);
}

/* Index of name NAME in E, or -1.  */
static int
find_name(const struct wl_entry *e, const char *name)
{
	for (size_t i = 0; i < e->n_names; i++)
		if (strcmp(e->names[i].name, name) == 0)
			return (int)i;
	return -1;
}

static bool
has_string(char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

static const struct wl_ident *
find_ident(const struct wl_entry *e, const char *type, const char *number)
{
	for (size_t i = 0; i < e->n_idents; i++)
		if (strcmp(e->idents[i].type, type) == 0 &&
		    strcmp(e->idents[i].number, number) == 0)
			return &e->idents[i];
	return NULL;
}

/* Import NAME (under tests/data/watchlists) with FORMAT; must succeed.  */
static void
import_ok(const char *name, const char *format, struct watchlist_import_stats *stats)
{
	char path[1024], msg[DIAG_FILE_MAX + DIAG_MSG_MAX + 32];
	struct diag d;
	enum diag_status rc;

	sample(path, sizeof path, name);
	rc = watchlist_import_file(fx->st, path, format, stats, NULL, NULL, &d);
	if (rc != DIAG_OK)
		fail_msg("%s: %s", name, diag_format(&d, msg, sizeof msg));
	assert_false(stats->already);
}

/* Import PATH, which must fail with WANT at LINE (0: any line > 0; -1: no
 * line) with a message containing REASON, and leave the store as it was.  */
static void
expect_rejected_path(const char *path, const char *format, enum diag_status want, long line,
                     const char *reason)
{
	struct watchlist_import_stats stats;
	struct diag d;
	char msg[DIAG_FILE_MAX + DIAG_MSG_MAX + 32];
	char *before = snapshot(), *after;
	enum diag_status rc = watchlist_import_file(fx->st, path, format, &stats, NULL, NULL, &d);

	print_message("# %s\n", diag_format(&d, msg, sizeof msg));
	assert_int_equal(rc, want);
	assert_int_equal(d.status, want);
	/* The file named is the one at fault: PATH, or a file of its set.  */
	assert_true(d.file[0] != '\0');
	if (line >= 0)
		assert_non_null(strstr(d.file, strrchr(path, '/') + 1));
	if (line > 0)
		assert_int_equal(d.line, line);
	else if (line == 0)
		assert_true(d.line > 0);
	if (reason != NULL && strstr(d.msg, reason) == NULL)
		fail_msg("\"%s\" does not contain \"%s\"", d.msg, reason);
	assert_false(stats.already);
	assert_int_equal(stats.stored, 0);
	after = snapshot();
	assert_string_equal(before, after);
	free(before);
	free(after);
	/* Nothing was remembered: a second try fails the same way.  */
	assert_int_equal(watchlist_import_file(fx->st, path, format, &stats, NULL, NULL, &d), want);
	assert_false(stats.already);
}

static void
expect_rejected(const char *name, const char *format, enum diag_status want, long line,
                const char *reason)
{
	char path[1024];

	expect_rejected_path(sample(path, sizeof path, name), format, want, line, reason);
}

/* --- The group ------------------------------------------------------------ */

static int
group_setup(void **state)
{
	fx = calloc(1, sizeof *fx);
	assert_non_null(fx);
	snprintf(fx->dir, sizeof fx->dir, "%s", test_tmpdir());
	fx->st = test_store_create_at(fx->dir, fx->path, sizeof fx->path);
	*state = fx;
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	test_store_close(fx->st);
	test_rmdir(fx->dir);
	free(fx);
	fx = NULL;
	return 0;
}

/* --- The UN list ----------------------------------------------------------- */

struct progress {
	int calls;
	uint64_t done, total;
};

static void
on_progress(void *ctx, uint64_t done, uint64_t total)
{
	struct progress *p = ctx;

	p->calls++;
	assert_true(done >= p->done);
	p->done = done;
	p->total = total;
}

static void
test_un(void **state)
{
	struct watchlist_import_stats stats;
	struct progress prog = {0};
	struct wl_entry e;
	struct diag d;
	struct stat sb;
	char path[1024];
	const struct wl_ident *id;
	int i;

	(void)state;
	sample(path, sizeof path, "un/UN_consolidated_2026-02-27.xml");
	assert_int_equal(watchlist_import_file(fx->st, path, NULL, &stats, on_progress, &prog, &d),
	                 DIAG_OK);
	assert_string_equal(stats.format, "un");
	assert_string_equal(stats.source, "UN-SC");
	assert_string_equal(stats.published, "2026-02-27");
	assert_int_equal(stats.read, 1003);
	assert_int_equal(stats.stored, 1003);
	assert_int_equal(stats.skipped, 0);
	assert_false(stats.replaced);
	assert_true(stats.names > 1003);
	assert_int_equal(stat(path, &sb), 0);
	assert_true(prog.calls >= 1);
	assert_int_equal(prog.done, (uint64_t)sb.st_size);

	assert_int_equal(count_kind("UN-SC", WL_PERSON), 730);
	assert_int_equal(count_kind("UN-SC", WL_COMPANY), 273);
	assert_int_equal(query_int("SELECT entries FROM watchlist WHERE source = ?1", "UN-SC"),
	                 1003);

	/* Bosco Ntaganda: aliases of good and low quality, born between
	 * 1973 and 1974, a national of the DR Congo.  */
	get_entry("UN-SC", "CDi.030", &e);
	assert_int_equal(e.kind, WL_PERSON);
	assert_string_equal(e.names[0].name, "BOSCO TAGANDA");
	assert_string_equal(e.names[0].type, "primary");
	assert_int_equal(e.n_names, 9);
	assert_true((i = find_name(&e, "Bosco Ntaganda")) > 0);
	assert_string_equal(e.names[i].type, "aka");
	assert_false(e.names[i].weak);
	assert_true((i = find_name(&e, "Terminator")) > 0);
	assert_true(e.names[i].weak);
	assert_int_equal(e.n_birth_dates, 1);
	assert_string_equal(e.birth_dates[0], "1973/1974");
	assert_true(has_string(e.nationalities, e.n_nationalities, "CD"));
	assert_string_equal(e.programme, "DRC");
	assert_string_equal(e.listed_on, "2005-11-01");
	assert_non_null(e.reason);
	wl_entry_clear(&e);

	/* Emraan Ali: passports of Trinidad and Tobago and of the United
	 * States, a national id, an exact date of birth.  */
	get_entry("UN-SC", "QDi.430", &e);
	assert_string_equal(e.names[0].name, "EMRAAN ALI");
	assert_non_null(id = find_ident(&e, "passport", "TB162181"));
	assert_string_equal(id->country, "TT");
	assert_non_null(strstr(id->note, "27 January 2015"));
	assert_non_null(id = find_ident(&e, "passport", "420985453"));
	assert_string_equal(id->country, "US");
	assert_non_null(find_ident(&e, "national-id", "19670704052"));
	assert_true(has_string(e.birth_dates, e.n_birth_dates, "1967-07-04"));
	assert_true(has_string(e.birth_places, e.n_birth_places, "Rio Claro, Trinidad and Tobago"));
	assert_true(has_string(e.nationalities, e.n_nationalities, "TT"));
	assert_true(has_string(e.nationalities, e.n_nationalities, "US"));
	wl_entry_clear(&e);

	/* A name in its original script comes right after the primary.  */
	get_entry("UN-SC", "QDi.314", &e);
	assert_string_equal(e.names[1].type, "original-script");
	assert_string_equal(e.names[1].name, "عبد الرحمن ولد العامر");
	assert_true(has_string(e.birth_dates, e.n_birth_dates, "1977/1982"));
	assert_true(has_string(e.nationalities, e.n_nationalities, "ML"));
	wl_entry_clear(&e);

	/* Entities: f.k.a. names typed "fka".  */
	get_entry("UN-SC", "CDe.001", &e);
	assert_int_equal(e.kind, WL_COMPANY);
	assert_string_equal(e.names[0].name, "ADF");
	assert_string_equal(e.names[find_name(&e, "NALU")].type, "fka");
	assert_string_equal(e.names[find_name(&e, "Allied Democratic Forces")].type, "aka");
	wl_entry_clear(&e);

	/* Approximate dates of birth are "~YYYY".  */
	assert_true(query_int("SELECT count(*) FROM wl_attr WHERE attr = 1 AND value LIKE '~%'",
	                      NULL) >= 100);
}

static void
test_un_again(void **state)
{
	struct watchlist_import_stats stats;
	char *before = snapshot(), *after;
	char path[1024];
	struct diag d;

	(void)state;
	sample(path, sizeof path, "un/UN_consolidated_2026-02-27.xml");
	assert_int_equal(watchlist_import_file(fx->st, path, NULL, &stats, NULL, NULL, &d),
	                 DIAG_OK);
	assert_true(stats.already);
	assert_int_equal(stats.stored, 0);
	after = snapshot();
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void
test_un_older_refused(void **state)
{
	(void)state;
	expect_rejected("un/un-older.xml", NULL, DIAG_DATA, 2, "2025-06-30");
	assert_int_equal(count_kind("UN-SC", 0), 1003);
}

/* --- OFAC ------------------------------------------------------------------ */

static void
test_ofac_xml(void **state)
{
	struct watchlist_import_stats stats;
	struct wl_entry e;
	const struct wl_ident *id;
	int i;

	(void)state;
	import_ok("ofac/consolidated_nonsdn_2025-03-28.xml", NULL, &stats);
	assert_string_equal(stats.format, "ofac-xml");
	assert_string_equal(stats.source, "OFAC-CONS");
	assert_string_equal(stats.published, "2025-03-28");
	assert_int_equal(stats.stored, 443);
	assert_int_equal(count_kind("OFAC-CONS", WL_PERSON), 80);
	assert_int_equal(count_kind("OFAC-CONS", WL_COMPANY), 363);
	assert_int_equal(query_int("SELECT count(*) FROM wl_name n JOIN wl_entry e ON "
	                           "e.id = n.entry_id JOIN watchlist w ON w.id = e.list_id "
	                           "WHERE w.source = ?1 AND n.weak",
	                           "OFAC-CONS"),
	                 70);
	assert_int_equal(query_int("SELECT count(*) FROM watchlist WHERE source = ?1 AND "
	                           "version = '443' AND format = 'ofac-xml'",
	                           "OFAC-CONS"),
	                 1);

	/* Russian Agricultural Bank: four strong aliases and one weak.  */
	get_entry("OFAC-CONS", "OFAC-17014", &e);
	assert_int_equal(e.kind, WL_COMPANY);
	assert_string_equal(e.names[0].name, "JOINT STOCK COMPANY RUSSIAN AGRICULTURAL BANK");
	assert_int_equal(e.n_names, 6);
	for (size_t j = 1; j < e.n_names; j++)
		assert_int_equal(e.names[j].weak, strcmp(e.names[j].name, "RUSAG") == 0);
	assert_non_null(id = find_ident(&e, "registration", "1027700342890"));
	assert_string_equal(id->country, "RU");
	assert_non_null(find_ident(&e, "swift-bic", "RUAGRUMM"));
	assert_non_null(strstr(e.programme, "UKRAINE-EO13662"));
	wl_entry_clear(&e);

	/* A person: "firstName lastName", the date and place of birth.  */
	get_entry("OFAC-CONS", "OFAC-9647", &e);
	assert_int_equal(e.kind, WL_PERSON);
	assert_true((i = find_name(&e, "ZAHAR, Mahmoud")) > 0);
	assert_true(e.names[i].weak);
	assert_true((i = find_name(&e, "Mahmoud Khaled AL ZAHAR")) > 0);
	assert_false(e.names[i].weak);
	assert_string_equal(e.programme, "NS-PLC; SDGT");
	wl_entry_clear(&e);
}

static void
test_ofac_csv_sdn(void **state)
{
	struct watchlist_import_stats stats;
	struct wl_entry e;
	const struct wl_ident *id;
	int i;

	(void)state;
	import_ok("ofac/sdn_2021-07/sdn.csv", NULL, &stats);
	assert_string_equal(stats.format, "ofac-csv");
	assert_string_equal(stats.source, "OFAC-SDN");
	assert_int_equal(stats.read, 8976);
	assert_int_equal(stats.stored, 8976);
	assert_int_equal(count_kind("OFAC-SDN", WL_PERSON), 4620);
	assert_int_equal(count_kind("OFAC-SDN", WL_VESSEL), 406);
	assert_int_equal(count_kind("OFAC-SDN", WL_AIRCRAFT), 277);
	/* Every alt.csv row is an alias of its entry (the file has 11910
	 * rows; a few repeat a name already there).  */
	assert_true(query_int("SELECT count(*) FROM wl_name n JOIN wl_entry e ON "
	                      "e.id = n.entry_id JOIN watchlist w ON w.id = e.list_id "
	                      "WHERE w.source = ?1 AND n.type <> 'primary' AND NOT n.weak",
	                      "OFAC-SDN") > 11800);

	/* Ayman al-Zawahiri: aliases from alt.csv, date and place of birth
	 * and passports from the remarks.  */
	get_entry("OFAC-SDN", "OFAC-2676", &e);
	assert_string_equal(e.names[0].name, "AL ZAWAHIRI, Dr. Ayman");
	assert_true((i = find_name(&e, "AL-ZAWAHIRI, Ayman")) > 0);
	assert_string_equal(e.names[i].type, "aka");
	assert_false(e.names[i].weak);
	assert_true(find_name(&e, "SALIM, Ahmad Fuad") > 0);
	assert_true(has_string(e.birth_dates, e.n_birth_dates, "1951-06-19"));
	assert_true(has_string(e.birth_places, e.n_birth_places, "Giza, Egypt"));
	assert_non_null(id = find_ident(&e, "passport", "1084010"));
	assert_string_equal(id->country, "EG");
	assert_non_null(find_ident(&e, "passport", "19820215"));
	assert_string_equal(e.programme, "SDGT");
	wl_entry_clear(&e);

	/* Lionel Dumont: three dates of birth, weak a.k.a.s from remarks,
	 * strong ones from alt.csv.  */
	get_entry("OFAC-SDN", "OFAC-7831", &e);
	assert_int_equal(e.n_birth_dates, 3);
	assert_string_equal(e.birth_dates[2], "1975-01-29");
	assert_true((i = find_name(&e, "BILAL")) > 0);
	assert_true(e.names[i].weak);
	assert_true((i = find_name(&e, "BROUGERE, Jacques")) > 0);
	assert_false(e.names[i].weak);
	wl_entry_clear(&e);

	/* A vessel: IMO number from the remarks, flag, call sign, fka.  */
	get_entry("OFAC-SDN", "OFAC-15036", &e);
	assert_int_equal(e.kind, WL_VESSEL);
	assert_non_null(find_ident(&e, "imo", "9187629"));
	assert_non_null(find_ident(&e, "call-sign", "T2EU4"));
	assert_true(has_string(e.nationalities, e.n_nationalities, "IR"));
	assert_string_equal(e.names[find_name(&e, "ALPHA")].type, "fka");
	wl_entry_clear(&e);

	/* Addresses from add.csv.  */
	get_entry("OFAC-SDN", "OFAC-173", &e);
	assert_true(has_string(e.addresses, e.n_addresses,
	                       "Ibex House, The Minories, London EC3N 1DY, United Kingdom"));
	assert_true(find_name(&e, "AVIA IMPORT") > 0);
	wl_entry_clear(&e);

	/* A remarks text cut short in sdn.csv is completed from
	 * sdn_comments.csv.  */
	get_entry("OFAC-SDN", "OFAC-28264", &e);
	assert_non_null(strstr(e.remarks, "Linked To: LAZARUS GROUP"));
	wl_entry_clear(&e);
}

static void
test_ofac_csv_cons(void **state)
{
	struct watchlist_import_stats stats;
	struct wl_entry e;

	(void)state;
	import_ok("ofac/cons_2025-12/cons_prim.csv", NULL, &stats);
	assert_string_equal(stats.source, "OFAC-CONS");
	assert_int_equal(stats.stored, 442);
	/* The CSV set of the same list replaced its XML (no date in the
	 * CSV: the newest import wins).  */
	assert_true(stats.replaced);
	assert_int_equal(count_kind("OFAC-CONS", 0), 442);
	assert_int_equal(count_kind("OFAC-CONS", WL_PERSON), 79);
	get_entry("OFAC-CONS", "OFAC-9639", &e);
	assert_string_equal(e.names[0].name, "HANIYA, Ismail Abdul Salah");
	assert_true(has_string(e.birth_dates, e.n_birth_dates, "1962"));
	assert_true(has_string(e.birth_places, e.n_birth_places, "Shati"));
	wl_entry_clear(&e);
}

static void
test_ofac_csv_again(void **state)
{
	struct watchlist_import_stats stats;
	char *before = snapshot(), *after;
	char path[1024];
	struct diag d;

	(void)state;
	sample(path, sizeof path, "ofac/sdn_2021-07/sdn.csv");
	assert_int_equal(watchlist_import_file(fx->st, path, "ofac-csv", &stats, NULL, NULL, &d),
	                 DIAG_OK);
	assert_true(stats.already);
	after = snapshot();
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void
test_ofac_name_unknown(void **state)
{
	struct watchlist_import_stats stats;
	char src[1024], path[1100], cmd[2300];
	struct diag d;

	(void)state;
	/* The same file under a name that says nothing: refused unless the
	 * source is given.  */
	sample(src, sizeof src, "ofac/consolidated_nonsdn_2025-03-28.xml");
	snprintf(path, sizeof path, "%s/list.xml", fx->dir);
	snprintf(cmd, sizeof cmd, "cp '%s' '%s'", src, path);
	assert_int_equal(system(cmd), 0);
	expect_rejected_path(path, NULL, DIAG_USAGE, -1, "--source");
	{
		struct watchlist_import_options opt = {NULL, "OFAC-CONS"};

		assert_int_equal(
		    watchlist_import_file_opts(fx->st, path, &opt, &stats, NULL, NULL, &d),
		    DIAG_OK);
		assert_int_equal(stats.stored, 443);
		assert_true(stats.replaced);
	}
	unlink(path);
}

/* --- douane's own -------------------------------------------------------- */

static void
test_douane(void **state)
{
	struct watchlist_import_stats stats;
	struct wl_entry e;
	const struct wl_ident *id;

	(void)state;
	import_ok("douane/national.xml", NULL, &stats);
	assert_string_equal(stats.format, "douane");
	assert_string_equal(stats.source, "FR-DNRED-1");
	assert_int_equal(stats.stored, 6);
	assert_int_equal(query_int("SELECT count(*) FROM watchlist WHERE source = ?1 AND "
	                           "version = '42' AND publisher = 'DNRED, France'",
	                           "FR-DNRED-1"),
	                 1);

	get_entry("FR-DNRED-1", "FR-P-0001", &e);
	assert_int_equal(e.kind, WL_PERSON);
	assert_int_equal(e.n_names, 3);
	assert_string_equal(e.names[0].type, "primary");
	assert_true(e.names[2].weak);
	assert_int_equal(e.n_birth_dates, 2);
	assert_string_equal(e.birth_dates[1], "~1972");
	assert_string_equal(e.valid_until, "2027-01-05");
	assert_string_equal(e.listed_on, "2026-01-05");
	assert_non_null(id = find_ident(&e, "passport", "19AB12345"));
	assert_string_equal(id->country, "FR");
	wl_entry_clear(&e);

	/* A vehicle and a document are known by their numbers.  */
	get_entry("FR-DNRED-1", "FR-VH-0001", &e);
	assert_int_equal(e.kind, WL_VEHICLE);
	assert_string_equal(e.names[0].name, "AB-123-CD");
	assert_non_null(find_ident(&e, "plate", "AB-123-CD"));
	assert_non_null(find_ident(&e, "vin", "VF1RFB00X12345678"));
	wl_entry_clear(&e);
	get_entry("FR-DNRED-1", "FR-D-0001", &e);
	assert_int_equal(e.kind, WL_DOCUMENT);
	assert_non_null(id = find_ident(&e, "passport", "20CD67890"));
	assert_string_equal(id->note, "stolen blank");
	wl_entry_clear(&e);
}

/* --- Bad input ------------------------------------------------------------- */

static void
test_missing(void **state)
{
	char path[1100];

	(void)state;
	snprintf(path, sizeof path, "%s/nope.xml", fx->dir);
	expect_rejected_path(path, NULL, DIAG_NOINPUT, -1, NULL);
	snprintf(path, sizeof path, "%s/sdn.csv", fx->dir);
	expect_rejected_path(path, "ofac-csv", DIAG_NOINPUT, -1, NULL);
	expect_rejected("hostile/csv-no-alt/sdn.csv", NULL, DIAG_NOINPUT, -1, "alt.csv");
}

static void
test_hostile_xml(void **state)
{
	(void)state;
	expect_rejected("hostile/un-xxe.xml", NULL, DIAG_DATA, 3, "entity");
	expect_rejected("hostile/un-billion-laughs.xml", NULL, DIAG_DATA, 0, "entity");
	expect_rejected("hostile/un-truncated.xml", NULL, DIAG_DATA, 0, "truncated");
	expect_rejected("hostile/un-bad-utf8.xml", NULL, DIAG_DATA, 5, "UTF-8");
	expect_rejected("hostile/un-text-in-record.xml", NULL, DIAG_DATA, 7, "unexpected text");
	expect_rejected("hostile/un-bad-date.xml", NULL, DIAG_DATA, 2, "dateGenerated");
	expect_rejected("hostile/sdn-bad-type.xml", NULL, DIAG_DATA, 7, "Spaceship");
	/* A format asked for that the file is not.  */
	expect_rejected("un/un-newer.xml", "ofac-xml", DIAG_DATA, 0, "not a ofac-xml");
	expect_rejected("douane/bad-kind.xml", "un", DIAG_DATA, 2, "urn:douane:watchlist:1");
}

static void
test_hostile_deep(void **state)
{
	char path[1100];
	FILE *f;

	(void)state;
	snprintf(path, sizeof path, "%s/deep.xml", fx->dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST dateGenerated=\"2026-12-01\">\n"
	      "<INDIVIDUALS><INDIVIDUAL><X>\n",
	      f);
	for (int i = 0; i < 10000; i++)
		fputs("<a>", f);
	fclose(f);
	expect_rejected_path(path, NULL, DIAG_DATA, 0, "nested");
	unlink(path);
}

static void
test_hostile_csv(void **state)
{
	(void)state;
	expect_rejected("hostile/csv-stray-quote/sdn.csv", NULL, DIAG_DATA, 3, "quoted field");
	expect_rejected("hostile/csv-fields/sdn.csv", NULL, DIAG_DATA, 3, "12 are expected");
	/* The UN list is no CSV.  */
	expect_rejected("un/un-older.xml", "ofac-csv", DIAG_DATA, 1, "quote");
}

static void
test_douane_bad(void **state)
{
	(void)state;
	expect_rejected("douane/bad-kind.xml", NULL, DIAG_DATA, 3, "animal");
	expect_rejected("douane/bad-imo.xml", NULL, DIAG_DATA, 5, "IMO");
	expect_rejected("douane/bad-order.xml", NULL, DIAG_DATA, 6, "out of order");
	expect_rejected("douane/no-plate.xml", NULL, DIAG_DATA, 3, "plate");
	expect_rejected("douane/reserved-source.xml", NULL, DIAG_DATA, 2, "UN-SC");
	expect_rejected("douane/bad-country.xml", NULL, DIAG_DATA, 5, "XX");
}

/* --- A newer list replaces ------------------------------------------------ */

static void
test_un_newer_replaces(void **state)
{
	struct watchlist_import_stats stats;
	struct wl_entry e;

	(void)state;
	import_ok("un/un-newer.xml", NULL, &stats);
	assert_true(stats.replaced);
	assert_int_equal(stats.read, 3);
	assert_int_equal(stats.stored, 2);
	assert_int_equal(stats.skipped, 1);
	assert_int_equal(stats.skip_line, 24);
	assert_non_null(strstr(stats.skip_reason, "TSi.002"));
	assert_int_equal(count_kind("UN-SC", 0), 2);
	assert_int_equal(query_int("SELECT entries FROM watchlist WHERE source = ?1", "UN-SC"), 2);
	/* The old list's entries went with it.  */
	assert_int_equal(query_int("SELECT count(*) FROM wl_entry WHERE ref = ?1", "CDi.030"), 0);

	get_entry("UN-SC", "TSi.001", &e);
	assert_string_equal(e.names[0].name, "TEST PERSON ONE");
	assert_string_equal(e.names[1].name, "Тест Персона");
	assert_string_equal(e.birth_dates[0], "~1962");
	assert_true(has_string(e.nationalities, e.n_nationalities, "IR"));
	/* A country douane cannot name a code for is kept as published.  */
	assert_true(has_string(e.nationalities, e.n_nationalities, "former Soviet Union"));
	assert_string_equal(find_ident(&e, "passport", "X1234567")->country, "IR");
	wl_entry_clear(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_un),
	    cmocka_unit_test(test_un_again),
	    cmocka_unit_test(test_un_older_refused),
	    cmocka_unit_test(test_ofac_xml),
	    cmocka_unit_test(test_ofac_csv_sdn),
	    cmocka_unit_test(test_ofac_csv_cons),
	    cmocka_unit_test(test_ofac_csv_again),
	    cmocka_unit_test(test_ofac_name_unknown),
	    cmocka_unit_test(test_douane),
	    cmocka_unit_test(test_missing),
	    cmocka_unit_test(test_hostile_xml),
	    cmocka_unit_test(test_hostile_deep),
	    cmocka_unit_test(test_hostile_csv),
	    cmocka_unit_test(test_douane_bad),
	    cmocka_unit_test(test_un_newer_replaces),
	};

	return cmocka_run_group_tests_name("watchlist_import", tests, group_setup, group_teardown);
}
