/* Unit tests for the compiled-in reference tables.  */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ref.h"

static void
test_hs_codes(void **state)
{
	(void)state;
	assert_true(ref_hs_valid("930621"));     /* shotgun cartridges */
	assert_true(ref_hs_valid("93062100"));   /* with national digits */
	assert_true(ref_hs_valid("2203000100")); /* 10 digits */
	assert_false(ref_hs_valid("999999"));    /* Comtrade's "not specified" */
	assert_false(ref_hs_valid("930699"));    /* 9306 has no subheading 99 */
	assert_false(ref_hs_valid("9306"));      /* a heading, not a tariff code */
	assert_false(ref_hs_valid("93062"));
	assert_false(ref_hs_valid("93O621"));
	assert_false(ref_hs_valid(""));
	assert_false(ref_hs_valid(NULL));
	assert_string_equal(ref_hs_description("010121"), "Horses; live, pure-bred breeding animals");
	/* An unknown subheading under a known heading falls back to it.  */
	assert_non_null(ref_hs_description("930699"));
	assert_null(ref_hs_description("990000"));
}

static void
test_hs_table(void **state)
{
	size_t chapters = 0, headings = 0, subheadings = 0;

	(void)state;
	for (size_t i = 0; i < ref_hs_count(); i++) {
		size_t n = strlen(ref_hs_at(i)->code);

		chapters += n == 2;
		headings += n == 4;
		subheadings += n == 6;
		if (i > 0)
			assert_true(strcmp(ref_hs_at(i - 1)->code, ref_hs_at(i)->code) < 0);
	}
	/* The HS 2022 edition as data/reference/README.md counts it, less
	 * Comtrade's chapter 99 ("not specified"), which is no HS chapter.  */
	assert_int_equal(chapters, 96);
	assert_int_equal(headings, 1228);
	assert_int_equal(subheadings, 5612);
	assert_null(ref_hs_at(ref_hs_count()));
}

static void
test_countries(void **state)
{
	(void)state;
	assert_true(ref_country_valid("FR"));
	assert_true(ref_country_valid("CN"));
	assert_false(ref_country_valid("EN")); /* a placeholder seen in ICS samples */
	assert_false(ref_country_valid("fr"));
	assert_false(ref_country_valid("FRA"));
	assert_false(ref_country_valid(NULL));
	assert_string_equal(ref_country_name("DE"), "Germany");
	assert_true(ref_country_count() > 240);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hs_codes),
		cmocka_unit_test(test_hs_table),
		cmocka_unit_test(test_countries),
	};

	return cmocka_run_group_tests_name("ref", tests, NULL, NULL);
}
