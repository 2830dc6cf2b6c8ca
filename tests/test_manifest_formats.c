/* Unit tests for the readers of foreign manifest formats: WCO Data Model
 * declarations (UK CDS), IATA Cargo-XML air waybills (XFWB, XFZB) and EU
 * ICS entry summary declarations (CC315A).
 *
 * The samples under tests/data/manifests/{wco,iata,ics} are published test
 * data of HMRC and Riege Software (see the README in each folder), copied
 * byte for byte.  Each test imports into a fresh vault through
 * import_manifest_file(), reads the subject back through the store, and
 * checks the fields the sample holds and the data-quality findings its
 * inconsistencies must produce.  Files that must be broken or hostile
 * (truncated, XXE) are written to the test's temporary directory.  "The
 * store is unchanged" is checked through the store itself (subjects in the
 * queue, and the reference not found), since the vault is encrypted.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "import.h"
#include "store.h"
#include "testutil.h"

struct fx {
	char dir[512];
	struct store *st;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "%s", test_tmpdir());
	f->st = test_store_create(f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	test_store_close(f->st);
	test_rmdir(f->dir);
	free(f);
	return 0;
}

static const char *
sample(char *buf, size_t size, const char *name)
{
	char rel[256];

	snprintf(rel, sizeof rel, "tests/data/manifests/%s", name);
	return test_srcpath(buf, size, rel);
}

static enum diag_status
import(struct fx *f, const char *name, struct import_stats *stats, struct diag *d)
{
	char path[1024];

	return import_manifest_file(f->st, sample(path, sizeof path, name), stats, NULL, NULL, d);
}

/* Import NAME, which must succeed with one subject stored.  */
static void
import_ok(struct fx *f, const char *name, const char *format)
{
	struct import_stats stats;
	struct diag d;
	char buf[1200];
	enum diag_status rc = import(f, name, &stats, &d);

	if (rc != DIAG_OK)
		fail_msg("%s: %s", name, diag_format(&d, buf, sizeof buf));
	assert_string_equal(stats.format, format);
	assert_int_equal(stats.stored, 1);
	assert_false(stats.already);
}

static void
get(struct fx *f, const char *ref, struct subject *s)
{
	int64_t id = 0;
	struct diag d;

	assert_int_equal(store_subject_find(f->st, ref, &id, &d), DIAG_OK);
	assert_true(id > 0);
	assert_int_equal(store_subject_get(f->st, id, s, &d), DIAG_OK);
}

static int64_t
count(struct fx *f)
{
	struct store_queue_filter q;
	int64_t n = -1;
	struct diag d;

	store_queue_filter_init(&q);
	assert_int_equal(store_queue_count(f->st, &q, &n, &d), DIAG_OK);
	return n;
}

/* The finding CODE whose detail contains DETAIL (NULL: any), or NULL.  */
static const struct finding *
finding(const struct subject *s, const char *code, const char *detail)
{
	for (size_t i = 0; i < s->n_findings; i++)
		if (strcmp(s->findings[i].code, code) == 0 &&
		    (detail == NULL ||
		     (s->findings[i].detail && strstr(s->findings[i].detail, detail))))
			return &s->findings[i];
	return NULL;
}

static const struct party *
party(const struct subject *s, const char *role)
{
	for (size_t i = 0; i < s->n_parties; i++)
		if (strcmp(s->parties[i].role, role) == 0)
			return &s->parties[i];
	return NULL;
}

static void
assert_route(const struct subject *s, size_t n, ...)
{
	va_list ap;

	assert_int_equal(s->n_route, n);
	va_start(ap, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(s->route[i], va_arg(ap, const char *));
	va_end(ap);
}

/* Import NAME, which must be refused with DIAG_DATA and a message
 * containing WHAT, leaving the store as it was.  */
static void
refused(struct fx *f, const char *name, const char *what)
{
	struct import_stats stats;
	struct diag d;
	int64_t before = count(f);

	assert_int_equal(import(f, name, &stats, &d), DIAG_DATA);
	if (strstr(d.msg, what) == NULL)
		fail_msg("%s: \"%s\" does not say \"%s\"", name, d.msg, what);
	assert_non_null(strstr(d.file, name));
	assert_true(d.line > 0);
	assert_int_equal(stats.stored, 0);
	assert_int_equal(count(f), before);
}

/* --- WCO ------------------------------------------------------------------- */

static void
test_wco_im015a(void **state)
{
	struct fx *f = *state;
	struct subject s;
	const struct party *p;

	import_ok(f, "wco/TT_IM015a.xml", "wco-dm-3");
	get(f, "R270_TC22_1002_001", &s);
	assert_string_equal(s.mode, "sea");
	assert_string_equal(s.conveyance, "12345");
	assert_string_equal(s.conveyance_nationality, "CN");
	assert_route(&s, 2, "CN", "GB");
	assert_non_null(p = party(&s, "consignor"));
	assert_string_equal(p->name, "Shotguns incorporated");
	assert_string_equal(p->country, "CN");
	assert_non_null(p = party(&s, "declarant"));
	assert_string_equal(p->ident, "GB603202734852");
	assert_non_null(p = party(&s, "consignee"));
	assert_string_equal(p->ident, "GB553202734852");
	assert_int_equal(s.n_items, 1);
	assert_string_equal(s.items[0].hs_code, "93062100");
	assert_string_equal(s.items[0].origin, "CN");
	assert_string_equal(s.items[0].description, "ttimportphysical");
	assert_true(s.items[0].gross_mass == 110 && s.items[0].net_mass == 100);
	assert_true(s.items[0].value == 10000);
	assert_string_equal(s.items[0].currency, "GBP");
	assert_int_equal(s.items[0].packages, 200);
	assert_int_equal(s.n_containers, 1);
	assert_string_equal(s.containers[0].number, "AD12345");
	/* A declaration without an acceptance date announces no arrival.  */
	assert_null(s.arrival);
	assert_non_null(finding(&s, "missing-arrival", NULL));
	subject_clear(&s);
}

static void
test_wco_wrapped(void **state)
{
	struct fx *f = *state;
	struct subject s;

	import_ok(f, "wco/TT_IM023a.xml", "wco-dm-3-hmrc");
	get(f, "U.7867523J8Q2D", &s);
	assert_int_equal(s.n_items, 1);
	assert_string_equal(s.items[0].hs_code, "15162098");
	assert_string_equal(s.items[0].origin, "ID");
	assert_route(&s, 2, "ID", "GB");
	subject_clear(&s);
}

static void
test_wco_accepted(void **state)
{
	struct fx *f = *state;
	struct subject s;

	import_ok(f, "wco/Step1_TT_IM013a.xml", "wco-dm-3");
	get(f, "U.78477674YKGC", &s);
	/* 20250326112200+01, format 304, in UTC.  */
	assert_string_equal(s.arrival, "2025-03-26T10:22:00Z");
	assert_null(finding(&s, "missing-arrival", NULL));
	assert_string_equal(s.items[0].hs_code, "07099310");
	assert_string_equal(s.items[0].origin, "EG");
	subject_clear(&s);
}

static void
test_wco_all_and_again(void **state)
{
	static const char *const names[] = {"wco/Step1_TT_IM013a.xml", "wco/TT_IM001d.xml",
	                                    "wco/TT_IM003a.xml",       "wco/TT_IM006a.xml",
	                                    "wco/TT_IM015a.xml",       "wco/TT_IM019a.xml",
	                                    "wco/TT_IM022a.xml",       "wco/TT_IM023a.xml",
	                                    "wco/TT_IM027a.xml",       "wco/TT_IM031a.xml"};
	struct fx *f = *state;
	struct import_stats stats;
	struct diag d;
	char buf[1200];

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (import(f, names[i], &stats, &d) != DIAG_OK)
			fail_msg("%s: %s", names[i], diag_format(&d, buf, sizeof buf));
		assert_int_equal(stats.stored, 1);
	}
	assert_int_equal(count(f), 10);
	/* The same file again changes nothing.  */
	assert_int_equal(import(f, "wco/TT_IM015a.xml", &stats, &d), DIAG_OK);
	assert_true(stats.already);
	assert_int_equal(stats.stored, 0);
	assert_int_equal(count(f), 10);
}

static void
test_wco_multi_item(void **state)
{
	struct fx *f = *state;
	struct subject s;

	import_ok(f, "wco/TT_IM001d.xml", "wco-dm-3");
	get(f, "TT_IM01d_v1.6_230322_1", &s);
	assert_true(s.n_items >= 2);
	assert_route(&s, 2, "US", "GB");
	assert_null(finding(&s, "item-count-mismatch", NULL));
	subject_clear(&s);
}

static void
test_wco_notification(void **state)
{
	struct fx *f = *state;

	refused(f, "wco/05_DMSCTL.xml", "WCO response notification (FunctionCode 05, DMSCTL)");
	refused(f, "wco/01_DMSACC.xml", "not a declaration");
}

static void
test_wco_truncated(void **state)
{
	struct fx *f = *state;
	char src[1024], path[1024], buf[65536];
	struct import_stats stats;
	struct diag d;
	FILE *in, *out;
	size_t n;

	import_ok(f, "wco/TT_IM015a.xml", "wco-dm-3");
	assert_non_null(in = fopen(sample(src, sizeof src, "wco/TT_IM023a.xml"), "rb"));
	n = fread(buf, 1, sizeof buf, in);
	fclose(in);
	snprintf(path, sizeof path, "%s/truncated.xml", f->dir);
	assert_non_null(out = fopen(path, "wb"));
	assert_int_equal(fwrite(buf, 1, n * 2 / 3, out), n * 2 / 3);
	fclose(out);
	assert_int_equal(import_manifest_file(f->st, path, &stats, NULL, NULL, &d), DIAG_DATA);
	assert_string_equal(d.file, path);
	assert_true(d.line > 0);
	assert_int_equal(stats.stored, 0);
	assert_int_equal(count(f), 1);
	{
		int64_t id = 1;

		assert_int_equal(store_subject_find(f->st, "U.7867523J8Q2D", &id, &d), DIAG_OK);
		assert_int_equal(id, 0);
	}
}

/* --- IATA ------------------------------------------------------------------ */

static void
test_iata_xfwb(void **state)
{
	struct fx *f = *state;
	struct subject s;
	const struct party *p;

	import_ok(f, "iata/888-11111111_XFWB.xml", "iata-xfwb-3");
	get(f, "888-11111111", &s);
	assert_string_equal(s.mode, "air");
	assert_string_equal(s.conveyance, "XX345");
	assert_route(&s, 2, "IE", "CN"); /* ORK -> PVG */
	assert_non_null(p = party(&s, "consignor"));
	assert_string_equal(p->country, "IE");
	assert_string_equal(p->name, "FORWARDER COMPANY IRELAND LTD");
	assert_string_equal(p->ident, "IE1234567N");
	assert_non_null(p = party(&s, "consignee"));
	assert_string_equal(p->country, "CN");
	assert_non_null(p = party(&s, "forwarder"));
	assert_int_equal(s.n_items, 1);
	assert_true(s.items[0].gross_mass == 1042);
	assert_int_equal(s.items[0].packages, 3);
	/* The placeholder code is kept as written, with a finding.  */
	assert_string_equal(s.items[0].hs_code, "000111");
	assert_non_null(finding(&s, "placeholder-hs-code", "000111"));
	assert_null(finding(&s, "piece-count-mismatch", NULL));
	assert_null(finding(&s, "missing-transport-mode", NULL));
	assert_null(s.arrival);
	assert_non_null(finding(&s, "missing-arrival", NULL));
	subject_clear(&s);
}

static void
test_iata_piece_mismatch(void **state)
{
	struct fx *f = *state;
	struct subject s;

	import_ok(f, "iata/888-11111111_XFWB_pieceQuantityItemCountMismatch.xml", "iata-xfwb-3");
	get(f, "888-11111111", &s);
	assert_non_null(finding(&s, "piece-count-mismatch", "TotalPieceQuantity 5"));
	assert_non_null(finding(&s, "piece-count-mismatch", "TransportLogisticsPackage 3"));
	subject_clear(&s);
}

static void
test_iata_no_mode(void **state)
{
	struct fx *f = *state;
	struct subject s;

	import_ok(f, "iata/888-11111111_XFWB_noModeCode.xml", "iata-xfwb-3");
	get(f, "888-11111111", &s);
	assert_non_null(finding(&s, "missing-transport-mode", NULL));
	assert_string_equal(s.mode, "air");
	subject_clear(&s);
}

static void
test_iata_uld(void **state)
{
	struct fx *f = *state;
	struct subject s;

	import_ok(f, "iata/888-11111111_XFWB_multipleULD_multipleHTS.xml", "iata-xfwb-3");
	get(f, "888-11111111", &s);
	assert_int_equal(s.n_containers, 2);
	assert_string_equal(s.containers[0].number, "PMC1337XX");
	assert_string_equal(s.containers[1].number, "AKE4711XX");
	assert_int_equal(s.n_items, 2);
	assert_string_equal(s.items[1].hs_code, "000222");
	assert_non_null(finding(&s, "placeholder-hs-code", "000222"));
	subject_clear(&s);
}

static void
test_iata_xfzb(void **state)
{
	struct fx *f = *state;
	struct subject s;

	import_ok(f, "iata/SEL22222222_XFZB.xml", "iata-xfzb-3");
	get(f, "SEL22222222", &s);
	assert_string_equal(s.mode, "air");
	assert_route(&s, 2, "KR", "DE");
	assert_int_equal(s.n_items, 1);
	assert_string_equal(s.items[0].description, "SPARE PARTS");
	assert_true(s.items[0].gross_mass > 133.6 && s.items[0].gross_mass < 133.8);
	assert_non_null(finding(&s, "invalid-hs-code", "1133557799"));
	/* The house says 10 pieces, its one item 5.  */
	assert_non_null(finding(&s, "piece-count-mismatch", "10"));
	subject_clear(&s);
}

static void
test_iata_example(void **state)
{
	struct fx *f = *state;
	struct subject s;

	import_ok(f, "iata/xfwbExample.xml", "iata-xfwb-3");
	get(f, "020-68548340", &s);
	assert_route(&s, 2, "BR", "FR");
	assert_string_equal(s.conveyance, "LH5050");
	assert_int_equal(s.n_items, 1); /* the other rating lines are no goods */
	assert_true(s.items[0].gross_mass > 36.8 && s.items[0].gross_mass < 37);
	assert_non_null(finding(&s, "missing-hs-code", NULL));
	subject_clear(&s);
}

static void
test_iata_xxe(void **state)
{
	struct fx *f = *state;
	char path[1024];
	struct import_stats stats;
	struct diag d;
	FILE *out;

	snprintf(path, sizeof path, "%s/xxe.xml", f->dir);
	assert_non_null(out = fopen(path, "w"));
	fputs("<?xml version=\"1.0\"?>\n"
	      "<!DOCTYPE Waybill [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
	      "<Waybill xmlns=\"iata:waybill:1\"><BusinessHeaderDocument>"
	      "<ID>&x;</ID></BusinessHeaderDocument></Waybill>\n",
	      out);
	fclose(out);
	assert_int_equal(import_manifest_file(f->st, path, &stats, NULL, NULL, &d), DIAG_DATA);
	assert_non_null(strstr(d.msg, "entit"));
	assert_int_equal(count(f), 0);
}

/* --- ICS ------------------------------------------------------------------- */

static void
test_ics_full(void **state)
{
	struct fx *f = *state;
	struct subject s;
	const struct party *p;

	import_ok(f, "ics/CC315A_full.xml", "eu-ics1-cc315a");
	get(f, "refnum", &s);
	assert_string_equal(s.mode, "rail");
	assert_string_equal(s.conveyance, "Identity");
	assert_string_equal(s.conveyance_nationality, "GB");
	assert_string_equal(s.arrival, "2003-02-11T12:34:00Z");
	assert_route(&s, 2, "AA", "BB");
	assert_non_null(finding(&s, "placeholder-country", "\"AA\""));
	assert_non_null(p = party(&s, "consignor"));
	assert_string_equal(p->name, "consignor name");
	assert_non_null(p = party(&s, "consignee"));
	assert_string_equal(p->name, "consignee name");
	assert_non_null(party(&s, "notify"));
	assert_non_null(p = party(&s, "carrier"));
	assert_string_equal(p->name, "carrier name");
	assert_non_null(party(&s, "declarant"));
	assert_int_equal(s.n_containers, 2);
	assert_int_equal(s.n_items, 1);
	assert_int_equal(s.items[0].seq, 42);
	assert_string_equal(s.items[0].description, "Goods description");
	assert_int_equal(s.items[0].packages, 1102);
	assert_non_null(finding(&s, "invalid-hs-code", "comco"));
	assert_non_null(finding(&s, "package-count-mismatch", NULL));
	assert_non_null(finding(&s, "gross-mass-mismatch", NULL));
	subject_clear(&s);
}

static void
test_ics_placeholders(void **state)
{
	struct fx *f = *state;
	struct subject s;

	import_ok(f, "ics/CC315A-schemaValidSample-v11-2.xml", "eu-ics1-cc315a");
	get(f, "ABC123", &s);
	assert_non_null(finding(&s, "placeholder-country", "TRACONCO1 \"EN\""));
	assert_non_null(finding(&s, "placeholder-country", "NatOfMeaOfTraCroHEA87"));
	assert_non_null(finding(&s, "invalid-hs-code", "12345"));
	assert_non_null(finding(&s, "item-count-mismatch", "42"));
	subject_clear(&s);

	import_ok(f, "ics/CC315A_reduced.xml", "eu-ics1-cc315a");
	get(f, "ABCD1234", &s);
	assert_string_equal(s.arrival, "2009-12-31T23:59:00Z");
	assert_non_null(finding(&s, "invalid-country", "\"AB\""));
	assert_non_null(finding(&s, "missing-description", NULL));
	subject_clear(&s);
}

static void
test_ics_refused(void **state)
{
	struct fx *f = *state;

	refused(f, "ics/CC351A_advancedNotification.xml",
	        "advance intervention notification (CC351A)");
	refused(f, "ics/CC313A_reduced.xml", "amendment (CC313A)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_wco_im015a, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_wco_wrapped, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_wco_accepted, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_wco_all_and_again, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_wco_multi_item, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_wco_notification, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_wco_truncated, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_iata_xfwb, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_iata_piece_mismatch, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_iata_no_mode, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_iata_uld, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_iata_xfzb, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_iata_example, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_iata_xxe, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ics_full, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ics_placeholders, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ics_refused, setup, teardown),
	};

	return cmocka_run_group_tests_name("manifest_formats", tests, NULL, NULL);
}
