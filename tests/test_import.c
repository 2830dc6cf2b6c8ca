/* Unit tests for import_manifest_file() and the douane manifest reader.
 *
 * One store is created for the group and the good sample
 * (tests/data/manifests/good.xml) imported into it.  Every bad file is then
 * imported and must fail with the right status and a message naming the
 * file, the line and the reason, and leave the store exactly as it was: the
 * test takes a snapshot of the database (row count and content checksum of
 * every table) before and after, and compares them.  Files that need to be
 * large or odd (10,000-deep nesting) are written to the test's private
 * temporary directory.
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
#include "import.h"
#include "store.h"
#include "testutil.h"

struct fixture {
	char dir[512];
	char path[600];
	struct store *st;
};

static struct fixture *fx;

/* tests/data/manifests/NAME into BUF.  */
static const char *
sample(char *buf, size_t size, const char *name)
{
	char rel[256];

	snprintf(rel, sizeof rel, "tests/data/manifests/%s", name);
	return test_srcpath(buf, size, rel);
}

/* Everything in the database, as one string: for each table its name, its
 * row count and a checksum of its rows.  Read through a separate read-only
 * connection, so it sees only what is committed.  */
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
		uint64_t h = 1469598103934665603ULL; /* FNV-1a over every value */
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

static int64_t
count_subjects(void)
{
	struct store_queue_filter f;
	struct diag d;
	int64_t n = -1;

	store_queue_filter_init(&f);
	assert_int_equal(store_queue_count(fx->st, &f, &n, &d), DIAG_OK);
	return n;
}

static int64_t
count_sources(void)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	int64_t n = -1;

	assert_int_equal(sqlite3_open_v2(fx->path, &db, SQLITE_OPEN_READONLY, VAULT_VFS_NAME), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM source", -1, &s, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return n;
}

/* Import PATH, which must fail with WANT at LINE (0: any line) with a
 * message containing every one of the NULL-terminated REASONS, and leave
 * the store exactly as it was.  */
static void
expect_rejected(const char *path, enum diag_status want, long line, ...)
{
	struct import_stats stats;
	struct diag d;
	char *before = snapshot();
	int64_t subjects = count_subjects(), sources = count_sources();
	char *after;
	const char *reason;
	va_list ap;
	char msg[DIAG_FILE_MAX + DIAG_MSG_MAX + 32];

	enum diag_status rc = import_manifest_file(fx->st, path, &stats, NULL, NULL, &d);

	print_message("# %s\n", diag_format(&d, msg, sizeof msg));
	assert_int_equal(rc, want);
	assert_int_equal(d.status, want);
	assert_string_equal(d.file, path);
	if (line > 0)
		assert_int_equal(d.line, line);
	else
		assert_true(d.line > 0);
	va_start(ap, line);
	while ((reason = va_arg(ap, const char *)) != NULL) {
		if (strstr(d.msg, reason) == NULL)
			fail_msg("\"%s\" does not contain \"%s\"", d.msg, reason);
	}
	va_end(ap);
	assert_false(stats.already);
	assert_int_equal(stats.stored, 0);

	after = snapshot();
	assert_string_equal(before, after);
	assert_int_equal(count_subjects(), subjects);
	assert_int_equal(count_sources(), sources);
	free(before);
	free(after);

	/* Nothing of the file was remembered: a second try fails the same
	 * way rather than being skipped as "already imported".  */
	assert_int_equal(import_manifest_file(fx->st, path, &stats, NULL, NULL, &d), want);
	assert_false(stats.already);
}

static void
expect_rejected_sample(const char *name, enum diag_status want, long line, const char *r1,
                       const char *r2)
{
	char path[1024];

	expect_rejected(sample(path, sizeof path, name), want, line, r1, r2, (const char *)NULL);
}

/* --- The group ------------------------------------------------------------ */

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

static int
group_setup(void **state)
{
	struct import_stats stats;
	struct progress prog = {0};
	struct diag d;
	char path[1024];
	struct stat sb;

	fx = calloc(1, sizeof *fx);
	assert_non_null(fx);
	snprintf(fx->dir, sizeof fx->dir, "%s", test_tmpdir());
	fx->st = test_store_create_at(fx->dir, fx->path, sizeof fx->path);

	sample(path, sizeof path, "good.xml");
	assert_int_equal(import_manifest_file(fx->st, path, &stats, on_progress, &prog, &d),
	                 DIAG_OK);
	assert_string_equal(stats.format, "douane-manifest-1");
	assert_int_equal(stats.read, 3);
	assert_int_equal(stats.stored, 3);
	assert_false(stats.already);
	assert_int_equal(stat(path, &sb), 0);
	assert_true(prog.calls >= 1);
	assert_int_equal(prog.done, (uint64_t)sb.st_size);
	assert_int_equal(prog.total, (uint64_t)sb.st_size);
	*state = fx;
	return 0;
}

static int
group_teardown(void **state)
{
	test_store_close(fx->st);
	test_rmdir(fx->dir);
	free(fx);
	fx = NULL;
	return 0;
}

/* --- Good files ------------------------------------------------------------ */

static void
get_subject(const char *ref, struct subject *s)
{
	struct diag d;
	int64_t id = 0;

	assert_int_equal(store_subject_find(fx->st, ref, &id, &d), DIAG_OK);
	assert_true(id > 0);
	assert_int_equal(store_subject_get(fx->st, id, s, &d), DIAG_OK);
}

static void
test_good_consignment(void **state)
{
	struct subject s;

	get_subject("CN-0000001", &s);
	assert_int_equal(s.kind, SUBJECT_CONSIGNMENT);
	assert_string_equal(s.mode, "road");
	assert_string_equal(s.arrival, "2026-11-24T08:15:00Z");
	assert_string_equal(s.crossing, "FRSXB");
	assert_string_equal(s.conveyance, "AB-123-CD");
	assert_string_equal(s.conveyance_nationality, "PL");
	assert_int_equal(s.n_parties, 2);
	assert_string_equal(s.parties[0].role, "consignor");
	assert_string_equal(s.parties[0].name, "深圳华丽贸易有限公司");
	assert_string_equal(s.parties[0].country, "CN");
	assert_string_equal(s.parties[0].ident, "CN91310000MA1FL0");
	/* White space in values is collapsed, as XML Schema's token does. */
	assert_string_equal(s.parties[0].address, "88 Binhe Road, Shenzhen");
	assert_string_equal(s.parties[1].role, "consignee");
	assert_string_equal(s.parties[1].name, "Dupont Import SARL");
	assert_int_equal(s.n_route, 4);
	assert_string_equal(s.route[0], "CN");
	assert_string_equal(s.route[3], "FR");
	assert_int_equal(s.n_containers, 1);
	assert_string_equal(s.containers[0].number, "MSCU1234565");
	assert_string_equal(s.containers[0].seal, "SL998877");
	assert_int_equal(s.n_items, 2);
	assert_int_equal(s.items[0].seq, 1);
	assert_string_equal(s.items[0].hs_code, "851713");
	assert_string_equal(s.items[0].origin, "CN");
	assert_string_equal(s.items[0].description, "Mobile telephones");
	assert_int_equal(s.items[0].packages, 40);
	assert_string_equal(s.items[0].package_kind, "CT");
	assert_true(s.items[0].gross_mass == 182.5);
	assert_true(s.items[0].net_mass == 160.0);
	assert_true(s.items[0].value == 24800.0);
	assert_string_equal(s.items[0].currency, "EUR");
	assert_string_equal(s.items[1].hs_code, "93062100");
	assert_string_equal(s.items[1].description, "Cartridges for shotguns & rifles");
	assert_true(s.items[1].gross_mass < 0);
	assert_true(s.items[1].value < 0);
	subject_clear(&s);
}

static void
test_good_traveller_vehicle(void **state)
{
	struct subject s;

	get_subject("TR-0000002", &s);
	assert_int_equal(s.kind, SUBJECT_TRAVELLER);
	assert_string_equal(s.name, "Иван Петров");
	assert_string_equal(s.birth_date, "1979-03-14");
	assert_string_equal(s.nationality, "RU");
	assert_string_equal(s.doc_type, "passport");
	assert_string_equal(s.doc_number, "753159852");
	assert_string_equal(s.doc_country, "RU");
	assert_string_equal(s.crossing, "FRSXB");
	subject_clear(&s);

	get_subject("VH-0000003", &s);
	assert_int_equal(s.kind, SUBJECT_VEHICLE);
	assert_string_equal(s.plate, "GE-4471-KA");
	assert_string_equal(s.plate_country, "GE");
	assert_string_equal(s.name, "გიორგი ბერიძე");
	assert_string_equal(s.birth_date, "1985");
	assert_string_equal(s.nationality, "GE");
	subject_clear(&s);
}

static void
test_same_file_twice(void **state)
{
	struct import_stats stats;
	struct diag d;
	char path[1024];
	char *before = snapshot();
	char *after;

	sample(path, sizeof path, "good.xml");
	assert_int_equal(import_manifest_file(fx->st, path, &stats, NULL, NULL, &d), DIAG_OK);
	assert_true(stats.already);
	assert_int_equal(stats.stored, 0);
	after = snapshot();
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* A copy under another name is the same content: still already imported. */
static void
test_same_content_other_name(void **state)
{
	struct import_stats stats;
	struct diag d;
	char src[1024], dst[1024], buf[4096];
	FILE *in, *out;
	size_t n;

	sample(src, sizeof src, "good.xml");
	snprintf(dst, sizeof dst, "%s/copy.xml", fx->dir);
	assert_non_null(in = fopen(src, "rb"));
	assert_non_null(out = fopen(dst, "wb"));
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	fclose(out);
	assert_int_equal(import_manifest_file(fx->st, dst, &stats, NULL, NULL, &d), DIAG_OK);
	assert_true(stats.already);
}

static void
test_duplicate_ref(void **state)
{
	int64_t id = -1;
	struct diag d;

	/* The file stores VH-0000099 before it reaches TR-0000002, which
	 * good.xml brought: that first subject must be rolled back too.  */
	expect_rejected_sample("duplicate-ref.xml", DIAG_DATA, 6, "\"TR-0000002\"",
	                       "already in the vault");
	assert_int_equal(store_subject_find(fx->st, "VH-0000099", &id, &d), DIAG_OK);
	assert_int_equal(id, 0);
}

static void
test_second_good_file(void **state)
{
	struct import_stats stats;
	struct diag d;
	struct subject s;
	char path[1024];
	int64_t subjects = count_subjects(), sources = count_sources();

	sample(path, sizeof path, "good2.xml");
	assert_int_equal(import_manifest_file(fx->st, path, &stats, NULL, NULL, &d), DIAG_OK);
	assert_int_equal(stats.stored, 1);
	assert_int_equal(count_subjects(), subjects + 1);
	assert_int_equal(count_sources(), sources + 1);
	get_subject("TR-0000010", &s);
	assert_string_equal(s.name, "محمد الأحمد");
	assert_null(s.mode);
	assert_null(s.crossing);
	assert_null(s.birth_date);
	subject_clear(&s);
}

/* --- Bad files ------------------------------------------------------------- */

static void
test_missing_file(void **state)
{
	struct import_stats stats;
	struct diag d;
	char path[1024];

	snprintf(path, sizeof path, "%s/no-such-file.xml", fx->dir);
	assert_int_equal(import_manifest_file(fx->st, path, &stats, NULL, NULL, &d), DIAG_NOINPUT);
	assert_string_equal(d.file, path);
	assert_non_null(strstr(d.msg, "cannot open"));
}

static void
test_directory(void **state)
{
	struct import_stats stats;
	struct diag d;

	assert_int_equal(import_manifest_file(fx->st, fx->dir, &stats, NULL, NULL, &d), DIAG_IO);
	assert_string_equal(d.file, fx->dir);
}

static void
test_malformed(void **state)
{
	expect_rejected_sample("malformed.xml", DIAG_DATA, 5, "malformed XML",
	                       "Opening and ending tag mismatch");
}

static void
test_wrong_root(void **state)
{
	expect_rejected_sample("wrong-root.xml", DIAG_DATA, 2,
	                       "unknown manifest format: root element invoice",
	                       "namespace urn:example:invoice:2");
}

static void
test_missing_field(void **state)
{
	expect_rejected_sample("missing-field.xml", DIAG_DATA, 6, "consignment/@mode",
	                       "is missing");
}

static void
test_bad_hs(void **state)
{
	expect_rejected_sample("bad-hs.xml", DIAG_DATA, 10, "item/@hs \"999999\"",
	                       "is not an HS 2022 subheading");
}

static void
test_bad_country(void **state)
{
	expect_rejected_sample("bad-country.xml", DIAG_DATA, 8, "traveller/nationality \"XX\"",
	                       "country code");
}

static void
test_truncated(void **state)
{
	/* The consignment before the cut is complete and was stored inside
	 * the transaction; it must be gone again.  */
	expect_rejected_sample("truncated.xml", DIAG_DATA, 0, "truncated", NULL);
}

static void
test_xxe(void **state)
{
	expect_rejected_sample("xxe.xml", DIAG_DATA, 3, "entity declarations are not allowed",
	                       NULL);
}

static void
test_billion_laughs(void **state)
{
	expect_rejected_sample("billion-laughs.xml", DIAG_DATA, 3,
	                       "entity declarations are not allowed", NULL);
}

static void
test_bad_utf8(void **state)
{
	expect_rejected_sample("bad-utf8.xml", DIAG_DATA, 4, "not valid UTF-8", "0xE9");
}

/* Write a manifest to the test directory: HEAD, then BODY repeated N times,
 * then TAIL; returns its path in BUF.  */
static const char *
write_manifest(char *buf, size_t size, const char *name, const char *head, const char *body, long n,
               const char *tail)
{
	FILE *f;

	snprintf(buf, size, "%s/%s", fx->dir, name);
	assert_non_null(f = fopen(buf, "w"));
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<manifest xmlns=\"urn:douane:manifest:1\" id=\"GEN\" "
	      "issued=\"2026-11-25T06:00:00Z\">\n",
	      f);
	fputs(head, f);
	for (long i = 0; i < n; i++)
		fputs(body, f);
	fputs(tail, f);
	fclose(f);
	return buf;
}

static void
test_deep_nesting(void **state)
{
	char path[1024];
	FILE *f;

	/* The manifest reader knows where each element may be, so it stops
	 * at the second level already.  */
	write_manifest(path, sizeof path, "deep.xml", "",
	               "<vehicle ref=\"VH-DEEP\" arrival=\"2026-11-25T09:00:00Z\">\n", 10000, "");
	assert_non_null(f = fopen(path, "a"));
	for (int i = 0; i < 10000; i++)
		fputs("</vehicle>\n", f);
	fputs("</manifest>\n", f);
	fclose(f);
	expect_rejected(path, DIAG_DATA, 4, "unknown element <vehicle> in <vehicle>",
	                (const char *)NULL);
}

/* The limit itself, in the XML layer every reader shares: the 65th level
 * (line 65 here) is refused, whatever the elements are.  */
static int
read_file(void *ctx, char *buf, int len)
{
	size_t n = fread(buf, 1, (size_t)len, ctx);

	return ferror((FILE *)ctx) ? -1 : (int)n;
}

static void
test_xml_depth_limit(void **state)
{
	struct xml_reader x;
	struct diag d;
	char path[1024];
	FILE *f;
	bool more = true;
	enum diag_status rc = DIAG_OK;

	snprintf(path, sizeof path, "%s/deep-any.xml", fx->dir);
	assert_non_null(f = fopen(path, "w"));
	for (int i = 0; i < 10000; i++)
		fputs("<a>\n", f);
	for (int i = 0; i < 10000; i++)
		fputs("</a>\n", f);
	fclose(f);
	assert_non_null(f = fopen(path, "r"));
	assert_int_equal(xml_reader_open(&x, path, read_file, f, &d), DIAG_OK);
	while (more && (rc = xml_reader_next(&x, &more, &d)) == DIAG_OK)
		;
	xml_reader_close(&x);
	fclose(f);
	assert_int_equal(rc, DIAG_DATA);
	assert_int_equal(d.line, 65);
	assert_non_null(strstr(d.msg, "nested more than 64 levels"));
}

static void
test_long_attribute(void **state)
{
	char path[1024];
	char *head = malloc(6000);

	assert_non_null(head);
	memset(head, 'A', 5000);
	head[5000] = '\0';
	write_manifest(path, sizeof path, "long-attr.xml", "  <vehicle ref=\"", head, 1,
	               "\" arrival=\"2026-11-25T09:00:00Z\"><plate number=\"A\" country=\"FR\"/>"
	               "</vehicle>\n</manifest>\n");
	free(head);
	expect_rejected(path, DIAG_DATA, 3, "vehicle/@ref is longer than 4096 bytes",
	                (const char *)NULL);
}

static void
test_long_text(void **state)
{
	char path[1024];

	/* 2 MiB of name in lines of 64 bytes.  */
	write_manifest(path, sizeof path, "long-text.xml",
	               "  <traveller ref=\"TR-LONG\" arrival=\"2026-11-25T09:00:00Z\">\n    <name>",
	               "Xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", 32768,
	               "</name>\n    <nationality>FR</nationality>\n"
	               "    <document type=\"passport\" number=\"1\" country=\"FR\"/>\n"
	               "  </traveller>\n</manifest>\n");
	expect_rejected(path, DIAG_DATA, 0, "longer than 1048576 bytes", (const char *)NULL);
}

static void
test_unknown_element(void **state)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof path, "%s/unknown.xml", fx->dir);
	assert_non_null(f = fopen(path, "w"));
	fputs(
	    "<?xml version=\"1.0\"?>\n"
	    "<manifest xmlns=\"urn:douane:manifest:1\" id=\"U\" issued=\"2026-11-25T06:00:00Z\">\n"
	    "  <vehicle ref=\"VH-1\" arrival=\"2026-11-25T09:00:00Z\" colour=\"red\">\n"
	    "    <plate number=\"AA\" country=\"FR\"/>\n"
	    "  </vehicle>\n"
	    "</manifest>\n",
	    f);
	fclose(f);
	expect_rejected(path, DIAG_DATA, 3, "unknown attribute vehicle/@colour",
	                (const char *)NULL);
}

static void
test_wrong_version(void **state)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof path, "%s/v2.xml", fx->dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("<?xml version=\"1.0\"?>\n"
	      "<manifest xmlns=\"urn:douane:manifest:2\" id=\"U\" "
	      "issued=\"2026-11-25T06:00:00Z\"/>\n",
	      f);
	fclose(f);
	expect_rejected(path, DIAG_DATA, 2, "urn:douane:manifest:2", (const char *)NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good_consignment),
	    cmocka_unit_test(test_good_traveller_vehicle),
	    cmocka_unit_test(test_same_file_twice),
	    cmocka_unit_test(test_same_content_other_name),
	    cmocka_unit_test(test_duplicate_ref),
	    cmocka_unit_test(test_second_good_file),
	    cmocka_unit_test(test_missing_file),
	    cmocka_unit_test(test_directory),
	    cmocka_unit_test(test_malformed),
	    cmocka_unit_test(test_wrong_root),
	    cmocka_unit_test(test_missing_field),
	    cmocka_unit_test(test_bad_hs),
	    cmocka_unit_test(test_bad_country),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_xxe),
	    cmocka_unit_test(test_billion_laughs),
	    cmocka_unit_test(test_bad_utf8),
	    cmocka_unit_test(test_deep_nesting),
	    cmocka_unit_test(test_xml_depth_limit),
	    cmocka_unit_test(test_long_attribute),
	    cmocka_unit_test(test_long_text),
	    cmocka_unit_test(test_unknown_element),
	    cmocka_unit_test(test_wrong_version),
	};

	return cmocka_run_group_tests_name("import", tests, group_setup, group_teardown);
}
