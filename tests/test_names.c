/* test_names: normalisation, Jaro-Winkler against the reference values,
 * phonetic keys, token alignment, and hostile input.  */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "names.h"
#include "screen.h"
#include "testutil.h"

static void
parse_ok(const char *s, struct names_name *n)
{
	struct diag d;

	assert_int_equal(names_parse(s, strlen(s), n, &d), DIAG_OK);
}

/* The tokens of S joined by spaces.  */
static const char *
norm(const char *s)
{
	static char buf[NAMES_NORM_MAX];
	struct names_name n;

	parse_ok(s, &n);
	return names_join(&n, buf, sizeof buf);
}

static double
score(const char *a, const char *b)
{
	return screen_pair_score(a, b, NULL, NULL);
}

/* Every row of tests/data/names/winkler_jaro_reference.csv: Jaro and
 * Jaro-Winkler (p = 0.1, prefix up to 4) to the file's six decimals.  */
static void
test_jaro_winkler_reference(void **state)
{
	char path[1024], line[512];
	FILE *f;
	int rows = 0;

	(void)state;
	f = fopen(test_srcpath(path, sizeof path, "tests/data/names/winkler_jaro_reference.csv"),
		  "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof line, f)); /* header */
	while (fgets(line, sizeof line, f)) {
		char s1[64], s2[64];
		double jp, jwp, j, jw;

		if (sscanf(line, "\"%63[^\"]\",\"%63[^\"]\",%lf,%lf,%lf,%lf", s1, s2, &jp, &jwp, &j,
			   &jw) != 6)
			fail_msg("bad reference row: %s", line);
		if (fabs(names_jaro(s1, strlen(s1), s2, strlen(s2)) - j) > 1e-6 ||
		    fabs(names_jaro_winkler(s1, strlen(s1), s2, strlen(s2)) - jw) > 1e-6)
			fail_msg("%s/%s: jaro %.6f (want %.6f), jw %.6f (want %.6f)", s1, s2,
				 names_jaro(s1, strlen(s1), s2, strlen(s2)), j,
				 names_jaro_winkler(s1, strlen(s1), s2, strlen(s2)), jw);
		rows++;
	}
	fclose(f);
	assert_int_equal(rows, 26);
	/* Symmetric, and the ends of the scale.  */
	assert_true(fabs(names_jaro_winkler("MARTHA", 6, "MARHTA", 6) -
			 names_jaro_winkler("MARHTA", 6, "MARTHA", 6)) < 1e-12);
	assert_true(names_jaro_winkler("ABC", 3, "ABC", 3) == 1.0);
	assert_true(names_jaro_winkler("ABC", 3, "XYZ", 3) == 0.0);
	assert_true(names_jaro("", 0, "A", 1) == 0.0);
}

static void
test_normalise(void **state)
{
	(void)state;
	/* Case and accents.  */
	assert_string_equal(norm("FRANÇOIS Hollande"), "francois hollande");
	assert_string_equal(norm("Aleksandar Vučić"), "aleksandar vucic");
	assert_string_equal(norm("Jonas Gahr Støre"), "jonas gahr store");
	assert_string_equal(norm("Straße"), "strasse");
	/* Scripts.  */
	assert_string_equal(norm("Владимир Путин"), "vladimir putin");
	assert_string_equal(norm("Νικόλαος"), "nikolaos");
	assert_string_equal(norm("محمد علي"), "mhmd ly");
	/* Punctuation: full stops and apostrophes join, & is and.  */
	assert_string_equal(norm("A.B.C. Trading"), "abc trading");
	assert_string_equal(norm("Al Qa'ida"), "al qaida");
	assert_string_equal(norm("AT&T Wireless"), "at and t wireless");
	/* Legal forms, in any language, at either end.  */
	assert_string_equal(norm("OOO Oboronnye Initsiativy"), "oboronnye initsiativy");
	assert_string_equal(norm("Volkswagen Bank G.m.b.H."), "volkswagen bank");
	assert_string_equal(norm("Stripe Limited Liability Company"), "stripe");
	assert_string_equal(norm("Siemens Aktiengesellschaft"), "siemens");
	assert_string_equal(norm("FABERLIC EUROPE Sp. z o.o."), "faberlic europe");
	/* Honorifics at the start.  */
	assert_string_equal(norm("Mr. Recep Tayyip Erdoğan"), "recep tayyip erdogan");
	assert_string_equal(norm("Dr Rami Makhlouf"), "rami makhlouf");
	/* Name order: "SURNAME, Given".  */
	assert_string_equal(norm("MADURO MOROS, Nicolas"), "nicolas maduro moros");
	/* Numbers.  */
	assert_string_equal(norm("Brigade Forty-Four"), "brigade 44");
	assert_string_equal(norm("1st International Bank"), "1 international bank");
	/* Particles are written one way.  */
	assert_string_equal(norm("Usama ibn Ladin"), "usama bin ladin");
}

static void
test_order_and_scripts_match(void **state)
{
	(void)state;
	assert_true(score("MADURO MOROS, Nicolas", "Nicolas Maduro Moros") >= 0.99);
	assert_true(score("Putin Vladimir", "Vladimir Putin") >= 0.99);
	assert_true(score("Владимир Путин", "Vladimir Putin") >= SCREEN_THRESHOLD);
	assert_true(score("Νικόλαος", "Nikolaos") >= SCREEN_THRESHOLD);
	assert_true(score("محمد علي", "Mohamed Ali") >= SCREEN_THRESHOLD);
	assert_true(score("SergeiLavrov", "Sergei Lavrov") >= SCREEN_THRESHOLD);
	assert_true(score("Nikolai Patr ushev", "Nikolai Patrushev") >= SCREEN_THRESHOLD);
	assert_true(score("Siemens AG", "Siemens Aktiengesellschaft") >= 0.99);
	assert_true(score("Emanuel Macron", "Emmanuel Macron") >= SCREEN_THRESHOLD);
}

/* What users of screening tools complain about most.  */
static void
test_false_positives(void **state)
{
	struct names_name a, b;

	(void)state;
	assert_true(score("George Bush", "George Habbash") < 0.5);
	assert_true(score("Barack Obama", "George Hussein Onyango Obama") < 0.5);
	assert_true(score("SADDAM HUSSEIN AL-DULAIMI", "SADDAM HUSSEIN AL-TIKRITI") <
		    SCREEN_THRESHOLD);
	/* A bare legal form designates nothing and matches nothing.  */
	parse_ok("CORP", &a);
	assert_int_equal(a.n, 0);
	parse_ok("Acme Corp", &b);
	assert_int_equal(b.n, 1);
	assert_true(names_compare(&a, &b, NULL) == 0.0);
	assert_true(score("CORP", "CORP") == 0.0);
	assert_true(score("Company Limited", "Acme Company Limited") == 0.0);
	/* Different legal forms of the same words lower the score.  */
	assert_true(score("Deutsche Bank AG", "Deutsche Bank GmbH") <
		    score("Deutsche Bank AG", "Deutsche Bank Aktiengesellschaft"));
}

static void
test_alignment_explains(void **state)
{
	struct names_name a, b;
	struct names_match m;

	(void)state;
	parse_ok("Jon Smithe", &a);
	parse_ok("SMITH, John Albert", &b);
	names_compare(&a, &b, &m);
	assert_int_equal(m.n_pairs, 2);
	for (int i = 0; i < m.n_pairs; i++) {
		const char *q = a.tok[m.pair[i].q].text, *c = b.tok[m.pair[i].c].text;

		assert_true((strcmp(q, "jon") == 0 && strcmp(c, "john") == 0) ||
			    (strcmp(q, "smithe") == 0 && strcmp(c, "smith") == 0));
		assert_true(m.pair[i].sim >= NAMES_PAIR_MIN && m.pair[i].sim < 1.0);
	}
	/* "albert" is left over on one side only: an extra, no conflict.  */
	assert_int_equal(m.q_left, 0);
	assert_int_equal(m.c_left, 1u << 1); /* "john albert smith" */
	assert_true(m.conflict == 0.0);
	assert_true(m.extra > 0.9);
	/* An unmatched token on both sides is a conflict, and costs more.  */
	assert_true(score("Hans Muller Weber", "Hans Muller") >
		    score("Hans Muller Weber", "Hans Muller Schmidt"));
}

static void
test_phonetic(void **state)
{
	char k1[NAMES_KEY_MAX], k2[NAMES_KEY_MAX];

	(void)state;
	names_phonetic("mohammed", k1);
	names_phonetic("muhamad", k2);
	assert_string_equal(k1, k2);
	names_phonetic("osama", k1);
	names_phonetic("usama", k2);
	assert_string_equal(k1, k2);
	names_phonetic("putin", k1);
	names_phonetic("smith", k2);
	assert_string_not_equal(k1, k2);
}

static void
test_hostile_input(void **state)
{
	struct names_name n;
	struct diag d;
	char *big;
	clock_t t0;

	(void)state;
	/* Invalid UTF-8 is an error, not a crash.  */
	assert_int_equal(names_parse("Abu \xff\xfe Bakr", 10, &n, &d), DIAG_DATA);
	assert_int_equal(names_parse("\xc3", 1, &n, &d), DIAG_DATA);
	assert_int_equal(names_parse("ab\xed\xa0\x80", 5, &n, &d), DIAG_DATA); /* surrogate */
	assert_true(score("\xff", "\xff") == 0.0);
	/* Empty, blank and one letter.  */
	parse_ok("", &n);
	assert_int_equal(n.n, 0);
	parse_ok("  ,.-  ", &n);
	assert_int_equal(n.n, 0);
	parse_ok("X", &n);
	assert_int_equal(n.n, 1);
	assert_true(score("X", "Xavier Dupont") < SCREEN_THRESHOLD);
	/* 10,000 characters: kept short, quickly.  */
	big = malloc(20001);
	assert_non_null(big);
	for (int i = 0; i < 10000; i++)
		memcpy(big + 2 * i, "é", 2);
	big[20000] = '\0';
	t0 = clock();
	parse_ok(big, &n);
	assert_true(n.truncated);
	assert_true(n.n <= NAMES_MAX_TOKENS);
	for (int i = 0; i < 10000; i++)
		big[i] = (char)(i % 7 == 6 ? ' ' : 'a' + i % 26);
	big[10000] = '\0';
	parse_ok(big, &n);
	assert_int_equal(n.n, NAMES_MAX_TOKENS);
	assert_true(n.truncated);
	assert_true(screen_pair_score(big, big, NULL, NULL) > 0.99);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
	free(big);
}

static void
test_ident(void **state)
{
	char a[32], b[32];

	(void)state;
	names_ident("IMO 9187629", a, sizeof a);
	names_ident("9187629", b, sizeof b);
	assert_string_equal(a, b);
	names_ident("ab-123 cd", a, sizeof a);
	assert_string_equal(a, "AB123CD");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jaro_winkler_reference),
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_order_and_scripts_match),
		cmocka_unit_test(test_false_positives),
		cmocka_unit_test(test_alignment_explains),
		cmocka_unit_test(test_phonetic),
		cmocka_unit_test(test_hostile_input),
		cmocka_unit_test(test_ident),
	};

	return cmocka_run_group_tests_name("names", tests, NULL, NULL);
}
