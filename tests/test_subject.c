/* Unit tests for the subject model and the diag reports.  */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"
#include "subject.h"

static void
test_main_party(void **state)
{
	struct subject s;
	struct party *p;

	(void)state;
	subject_init(&s, SUBJECT_CONSIGNMENT);
	assert_null(subject_main_party(&s));
	p = subject_add_party(&s);
	p->role = strdup("carrier");
	p->name = strdup("Carrier Ltd");
	assert_string_equal(subject_main_party(&s), "Carrier Ltd");
	p = subject_add_party(&s);
	p->role = strdup("consignor");
	p->name = strdup("Sender GmbH");
	assert_string_equal(subject_main_party(&s), "Sender GmbH");
	p = subject_add_party(&s);
	p->role = strdup("consignee");
	p->name = strdup("Receiver SARL");
	assert_string_equal(subject_main_party(&s), "Receiver SARL");
	subject_clear(&s);
	assert_int_equal(s.n_parties, 0);
	assert_int_equal(s.kind, SUBJECT_CONSIGNMENT);

	subject_init(&s, SUBJECT_TRAVELLER);
	s.name = strdup("Ana López");
	s.nationality = strdup("ES");
	assert_string_equal(subject_main_party(&s), "Ana López");
	assert_string_equal(subject_origin(&s), "ES");
	assert_null(subject_destination(&s));
	subject_clear(&s);
}

static void
test_items_and_route(void **state)
{
	struct subject s;
	struct goods_item *it;

	(void)state;
	subject_init(&s, SUBJECT_CONSIGNMENT);
	for (int i = 0; i < 50; i++) {
		it = subject_add_item(&s);
		assert_non_null(it);
		assert_int_equal(it->seq, i + 1);
		assert_true(it->gross_mass < 0 && it->value < 0 && it->packages < 0);
	}
	assert_true(subject_add_route(&s, "TR"));
	assert_true(subject_add_route(&s, "BG"));
	assert_true(subject_add_route(&s, "DE"));
	assert_string_equal(subject_origin(&s), "TR");
	assert_string_equal(subject_destination(&s), "DE");
	subject_clear(&s);
}

static void
test_names(void **state)
{
	enum subject_kind k;

	(void)state;
	assert_string_equal(subject_kind_name(SUBJECT_VEHICLE), "vehicle");
	assert_true(subject_kind_parse("traveller", &k));
	assert_int_equal(k, SUBJECT_TRAVELLER);
	assert_false(subject_kind_parse("boat", &k));
	assert_int_equal(subject_lane_letter(LANE_RED), 'R');
	assert_int_equal(subject_lane_letter(LANE_NONE), '-');
	assert_string_equal(subject_lane_name(LANE_YELLOW), "yellow");
}

static void
test_diag(void **state)
{
	struct diag d;
	char buf[1200];

	(void)state;
	diag_clear(&d);
	assert_int_equal(diag_set(&d, DIAG_DATA, "m.xml", 14, "item/@hs \"%s\" is bad\n", "99"),
			 DIAG_DATA);
	assert_string_equal(diag_format(&d, buf, sizeof buf), "m.xml:14: item/@hs \"99\" is bad");
	diag_set(&d, DIAG_IO, "v", 0, "disk full");
	assert_string_equal(diag_format(&d, buf, sizeof buf), "v: disk full");
	diag_set(&d, DIAG_USAGE, NULL, 0, "no file");
	assert_string_equal(diag_format(&d, buf, sizeof buf), "no file");
	assert_int_equal(diag_set(NULL, DIAG_NOPERM, NULL, 0, "x"), DIAG_NOPERM);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_main_party),
		cmocka_unit_test(test_items_and_route),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_diag),
	};

	return cmocka_run_group_tests_name("subject", tests, NULL, NULL);
}
