/* Unit tests for the rule file reader and the sandboxed evaluator: a good
 * file parses, every problem of a bad file is reported with its line and
 * column, unknown fields and functions are refused, every kind of condition
 * holds or not as it should on subjects and facts built in memory, and
 * the step budget stops a condition.  No store is needed.  */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "risk.h"
#include "rules.h"
#include "subject.h"
#include "testutil.h"

static struct rule_set *
parse_ok(const char *text)
{
	struct rule_set *rs = NULL;
	struct rule_problems probs;
	struct diag d;

	if (rules_parse(text, strlen(text), "t.rules", &rs, &probs, &d) != DIAG_OK) {
		for (size_t i = 0; i < probs.n; i++)
			fprintf(stderr, "%ld:%ld: %s\n", probs.v[i].line, probs.v[i].column,
				probs.v[i].msg);
		rule_problems_clear(&probs);
		fail_msg("parse failed: %s", d.msg);
	}
	return rs;
}

/* A one-rule file whose condition is COND.  */
static struct rule_set *
rule_when(const char *cond)
{
	char buf[2048];

	snprintf(buf, sizeof buf,
		 "rule T\n  version 1\n  weight 10\n  reason \"r\"\n  when %s\nend\n", cond);
	return parse_ok(buf);
}

/* A consignment: CN -> KZ -> PL -> FR, two items, parties, a finding.  */
static void
make_subject(struct subject *s)
{
	struct party *p;
	struct goods_item *it;

	subject_init(s, SUBJECT_CONSIGNMENT);
	s->id = 7;
	s->ref = strdup("CN-1");
	s->mode = strdup("road");
	s->arrival = strdup("2026-11-24T08:00:00Z");
	s->conveyance = strdup("AB-123-CD");
	s->conveyance_nationality = strdup("PL");
	p = subject_add_party(s);
	p->role = strdup("consignor");
	p->name = strdup("Shenzhen Huali Trading Co., Ltd.");
	p->country = strdup("CN");
	p = subject_add_party(s);
	p->role = strdup("consignee");
	p->name = strdup("Dupont Import SARL");
	p->country = strdup("FR");
	it = subject_add_item(s);
	it->hs_code = strdup("930621");
	it->description = strdup("Cartridges for shotguns");
	it->origin = strdup("CN");
	it->gross_mass = 100;
	it->net_mass = 90;
	it->value = 900;
	it->currency = strdup("EUR");
	it = subject_add_item(s);
	it->hs_code = strdup("85171300");
	it->description = strdup("Mobile telephones");
	it->origin = strdup("VN");
	it->gross_mass = 10;
	it->net_mass = -1;
	it->value = 5000;
	it->currency = strdup("EUR");
	subject_add_route(s, "CN");
	subject_add_route(s, "KZ");
	subject_add_route(s, "PL");
	subject_add_route(s, "FR");
	subject_add_finding(s, "piece-count-mismatch", "5 vs 3");
}

static bool
holds(const char *cond, const struct subject *s, const struct risk_facts *f, double ratio)
{
	struct rule_set *rs = rule_when(cond);
	struct rule_input in = {s, f, ratio, 5900};
	enum rule_eval_result r = rule_eval(&rs->rules[0], &in, RULE_STEP_BUDGET);

	rule_set_free(rs);
	assert_int_not_equal(r, RULE_BUDGET);
	return r == RULE_TRUE;
}

static void
test_parse_full_rule(void **state)
{
	struct rule_set *rs;
	const struct rule *r;

	(void)state;
	rs = parse_ok("# a comment\n"
		      "rule ARMS-93   # trailing comment\n"
		      "  version 3\n"
		      "  valid 2026-01-01..2026-12-31\n"
		      "  floor red\n"
		      "  reason \"Arms \\\"and\\\" ammunition\"\n"
		      "  instructions 'Check the licence'\n"
		      "  source \"https://example.org/x\"\n"
		      "  when chapter in (93)\n"
		      "    or hs in (9301..9307)  # continued\n"
		      "end\n"
		      "\n"
		      "rule LOW\n version 1\n weight -5\n reason \"low\"\n when mode = post\nend\n");
	assert_int_equal(rs->n, 2);
	r = rule_set_find(rs, "ARMS-93");
	assert_non_null(r);
	assert_int_equal(r->version, 3);
	assert_int_equal(r->floor, LANE_RED);
	assert_int_equal(r->weight, 0);
	assert_string_equal(r->reason, "Arms \"and\" ammunition");
	assert_string_equal(r->instructions, "Check the licence");
	assert_string_equal(r->source, "https://example.org/x");
	assert_string_equal(r->valid_from, "2026-01-01");
	assert_string_equal(r->valid_to, "2026-12-31");
	assert_string_equal(r->condition, "chapter in (93) or hs in (9301..9307)");
	assert_int_equal(r->line, 2);
	assert_int_equal(rule_set_find(rs, "LOW")->weight, -5);
	assert_null(rule_set_find(rs, "NONE"));
	assert_true(rule_valid_on(r, "2026-06-01T00:00:00Z"));
	assert_false(rule_valid_on(r, "2027-01-01"));
	assert_false(rule_valid_on(r, "2025-12-31"));
	rule_set_free(rs);
}

/* Every problem, with its line, in one pass.  */
static void
test_every_error_with_line(void **state)
{
	static const char bad[] = "rule A\n"                          /* 1 */
				  "  version 1\n"                     /* 2 */
				  "  weight 10\n"                     /* 3 */
				  "  reason \"x\"\n"                  /* 4 */
				  "  when hs in (93) and frob > 3\n"  /* 5: unknown field */
				  "end\n"                             /* 6 */
				  "rule B\n"                          /* 7 */
				  "  version x\n"                     /* 8: not a number */
				  "  floor purple\n"                  /* 9: bad floor */
				  "  weight 5\n"                      /* 10 */
				  "  reason \"b\"\n"                  /* 11 */
				  "  valid 2026-02-30..\n"            /* 12: bad date */
				  "  colour blue\n"                   /* 13: unknown keyword */
				  "  when nosuch(1)\n"                /* 14: unknown function */
				  "end\n"                             /* 15 */
				  "rule C\n"                          /* 16 */
				  "  version 1\n"                     /* 17 */
				  "  weight 5000\n"                   /* 18: out of range */
				  "  reason \"c\"\n"                  /* 19 */
				  "  when origin in (QQ)\n"           /* 20: not a country */
				  "end\n"                             /* 21 */
				  "rule A\n"                          /* 22: duplicate */
				  "  version 1\n"
				  "  weight 1\n"
				  "  reason \"d\"\n"
				  "  when hs in (93..9301)\n"         /* 26: range lengths */
				  "end\n"
				  "rule E\n"                          /* 28: no end, no when */
				  "  version 1\n"
				  "  weight 1\n"
				  "  reason \"e\n";                    /* 31: open string */
	static const long want[] = {5, 8, 9, 12, 13, 14, 18, 20, 22, 26, 28, 31};
	struct rule_set *rs = NULL;
	struct rule_problems probs;
	struct diag d;

	(void)state;
	assert_int_equal(rules_parse(bad, strlen(bad), "bad.rules", &rs, &probs, &d), DIAG_DATA);
	assert_null(rs);
	assert_string_equal(d.file, "bad.rules");
	assert_int_equal(d.line, 5);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		bool found = false;

		for (size_t k = 0; k < probs.n; k++)
			found = found || probs.v[k].line == want[i];
		if (!found)
			fail_msg("no problem reported on line %ld", want[i]);
	}
	/* Sorted by line, columns set.  */
	for (size_t k = 0; k < probs.n; k++) {
		assert_true(probs.v[k].column >= 1);
		if (k)
			assert_true(probs.v[k - 1].line <= probs.v[k].line);
	}
	/* The column of the unknown field.  */
	assert_int_equal(probs.v[0].line, 5);
	assert_int_equal(probs.v[0].column, 23);
	assert_non_null(strstr(probs.v[0].msg, "frob"));
	rule_problems_clear(&probs);
}

static void
expect_problem(const char *text, const char *needle)
{
	struct rule_set *rs = NULL;
	struct rule_problems probs;
	struct diag d;
	bool found = false;

	assert_int_equal(rules_parse(text, strlen(text), "x", &rs, &probs, &d), DIAG_DATA);
	assert_null(rs);
	for (size_t i = 0; i < probs.n; i++)
		found = found || strstr(probs.v[i].msg, needle) != NULL;
	if (!found)
		fail_msg("no problem mentions '%s' (first: %s)", needle,
			 probs.n ? probs.v[0].msg : "none");
	rule_problems_clear(&probs);
}

static void
test_refusals(void **state)
{
	(void)state;
	expect_problem("", "no rule");
	expect_problem("rule X\n version 1\n weight 1\n reason \"r\"\n when system(\"rm\")\nend\n",
		       "unknown function 'system'");
	expect_problem("rule X\n version 1\n weight 1\n reason \"r\"\n when password = x\nend\n",
		       "unknown field 'password'");
	expect_problem("rule X\n version 1\n weight 1\n floor red\n reason \"r\"\n when items > 1\nend\n",
		       "not both");
	expect_problem("rule X\n version 1\n weight 1\n reason \"r\"\n when items > 1 junk\nend\n",
		       "after the condition");
	expect_problem("rule X\n version 1\n weight 1\n reason \"r\"\n when mode = boat\nend\n",
		       "transport mode");
	expect_problem("rule X\n version 1\n weight 1\n reason \"r\"\n when hs in (123)\nend\n",
		       "HS chapter, heading");
	expect_problem("rule X\n version 1\n weight 1\n reason \"r\"\n when screen_best >= high\nend\n",
		       "compared with a number");
	expect_problem("rule X\n version 1\n weight 1\n reason \"r\"\nend\n", "no 'when'");
	expect_problem("rule X\n version 1\n weight 1\n reason \"r\"\n when\nend\n", "needs a condition");
	expect_problem("rule X\n version 1\n weight 1\n reason \"r\"\n valid 2027-01-01..2026-01-01\n"
		       " when items > 1\nend\n",
		       "before it starts");
	/* Nesting is bounded.  */
	{
		char buf[600] = "rule X\n version 1\n weight 1\n reason \"r\"\n when ";
		for (int i = 0; i < 40; i++)
			strcat(buf, "(");
		strcat(buf, "items > 1");
		for (int i = 0; i < 40; i++)
			strcat(buf, ")");
		strcat(buf, "\nend\n");
		expect_problem(buf, "levels deep");
	}
}

static void
test_conditions(void **state)
{
	struct subject s;
	struct risk_facts f = {0};

	(void)state;
	make_subject(&s);
	/* HS codes: chapters, headings, subheadings, ranges, national digits. */
	assert_true(holds("hs in (93)", &s, &f, -1));
	assert_true(holds("hs in (9301..9307)", &s, &f, -1));
	assert_false(holds("hs in (9301..9305)", &s, &f, -1));
	assert_true(holds("hs in (851713)", &s, &f, -1));
	assert_true(holds("chapter in (85, 24)", &s, &f, -1));
	assert_false(holds("chapter in (24)", &s, &f, -1));
	assert_true(holds("hs not in (24)", &s, &f, -1));
	assert_false(holds("hs not in (93)", &s, &f, -1));
	/* Countries: origin of goods, route, transit, destination.  */
	assert_true(holds("origin in (VN)", &s, &f, -1));
	assert_false(holds("origin in (KZ)", &s, &f, -1));
	assert_true(holds("transit in (KZ)", &s, &f, -1));
	assert_false(holds("transit in (CN)", &s, &f, -1));
	assert_true(holds("route in (CN)", &s, &f, -1));
	assert_true(holds("destination = FR", &s, &f, -1));
	assert_true(holds("destination != DE", &s, &f, -1));
	/* Parties and conveyance, case-insensitive.  */
	assert_true(holds("party contains \"huali\"", &s, &f, -1));
	assert_true(holds("consignee contains DUPONT", &s, &f, -1));
	assert_false(holds("consignor contains dupont", &s, &f, -1));
	assert_true(holds("conveyance = \"ab-123-cd\"", &s, &f, -1));
	assert_true(holds("party_country in (CN)", &s, &f, -1));
	assert_true(holds("mode = road and kind = consignment", &s, &f, -1));
	assert_true(holds("description contains cartridges", &s, &f, -1));
	/* Numbers.  */
	assert_true(holds("items = 2", &s, &f, -1));
	assert_true(holds("transits >= 2", &s, &f, -1));
	assert_true(holds("mass > 109.5 and mass < 110.5", &s, &f, -1));
	assert_true(holds("value > 5000", &s, &f, -1));
	assert_true(holds("count(party) = 2", &s, &f, -1));
	assert_true(holds("has(conveyance) and not has(plate)", &s, &f, -1));
	/* Value against the norm; unknown is never true.  */
	assert_true(holds("value_ratio < 0.3", &s, &f, 0.25));
	assert_false(holds("value_ratio < 0.3", &s, &f, 0.5));
	assert_false(holds("value_ratio < 0.3", &s, &f, -1));
	assert_false(holds("value_ratio >= 0", &s, &f, -1));
	/* Data-quality findings.  */
	assert_true(holds("finding(\"piece-count-mismatch\")", &s, &f, -1));
	assert_true(holds("finding in (piece-count-mismatch, other)", &s, &f, -1));
	assert_false(holds("finding('missing-hs-code')", &s, &f, -1));
	assert_true(holds("findings = 1", &s, &f, -1));
	/* Logic and precedence: and binds tighter than or.  */
	assert_true(holds("items = 9 or items = 2 and mode = road", &s, &f, -1));
	assert_false(holds("(items = 9 or items = 2) and mode = sea", &s, &f, -1));
	assert_true(holds("not (mode = sea)", &s, &f, -1));
	subject_clear(&s);
}

/* Watchlist hits and history come from facts: set here in memory.  */
static void
test_facts_conditions(void **state)
{
	struct subject s;
	struct risk_facts none = {0};
	struct risk_facts f = {.screen_hits = 2, .screen_best = 0.93, .prior_seizures = 1,
			       .prior_inspections = 4, .new_consignee = true};

	(void)state;
	make_subject(&s);
	assert_false(holds("screen_hits >= 1", &s, &none, -1));
	assert_true(holds("screen_hits >= 1", &s, &f, -1));
	assert_true(holds("screen_best >= 0.9", &s, &f, -1));
	assert_false(holds("screen_best >= 0.95", &s, &f, -1));
	assert_false(holds("prior_seizures >= 1", &s, &none, -1));
	assert_true(holds("prior_seizures >= 1", &s, &f, -1));
	assert_false(holds("prior_seizures >= 2", &s, &f, -1));
	assert_true(holds("prior_inspections >= 3", &s, &f, -1));
	assert_true(holds("new_consignee", &s, &f, -1));
	assert_false(holds("new_consignee", &s, &none, -1));
	/* No facts at all (NULL) reads as none.  */
	assert_false(holds("prior_seizures >= 1", &s, NULL, -1));
	subject_clear(&s);
}

/* The default rule set parses, has 50 rules, each with a source, and
 * none singles out a traveller for their nationality.  */
static void
test_default_rules(void **state)
{
	char path[1024];
	FILE *fp;
	char *buf;
	long n;
	struct rule_set *rs;

	(void)state;
	test_srcpath(path, sizeof path, "data/rules/default.rules");
	assert_non_null(fp = fopen(path, "rb"));
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	assert_non_null(buf = malloc((size_t)n + 1));
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	rs = parse_ok(buf);
	assert_int_equal(rs->n, 50);
	for (size_t i = 0; i < rs->n; i++) {
		assert_non_null(rs->rules[i].source);
		assert_non_null(rs->rules[i].instructions);
		assert_true(strlen(rs->rules[i].reason) > 20);
	}
	/* A traveller's nationality alone fires no rule, whatever it is.  */
	{
		static const char *const nationalities[] = {"RU", "BY", "IR", "SY", "LB",
							    "AF", "KP", "CN", "FR"};
		for (size_t k = 0; k < sizeof nationalities / sizeof nationalities[0]; k++) {
			struct subject t;
			struct rule_input in;

			subject_init(&t, SUBJECT_TRAVELLER);
			t.ref = strdup("TR-1");
			t.name = strdup("A Traveller");
			t.nationality = strdup(nationalities[k]);
			t.birth_date = strdup("1980-01-01");
			in = (struct rule_input){&t, NULL, -1, -1};
			for (size_t i = 0; i < rs->n; i++)
				if (rule_eval(&rs->rules[i], &in, RULE_STEP_BUDGET) == RULE_TRUE)
					fail_msg("rule %s fires on a traveller of nationality %s",
						 rs->rules[i].id, nationalities[k]);
			subject_clear(&t);
		}
	}
	rule_set_free(rs);
	free(buf);
}

/* The sandbox: a condition over many values stops at its budget.  */
static void
test_step_budget(void **state)
{
	struct subject s;
	struct rule_set *rs;
	struct rule_input in;
	char cond[4096] = "hs in (";

	(void)state;
	make_subject(&s);
	for (int i = 0; i < 100; i++) {
		struct goods_item *it = subject_add_item(&s);
		it->hs_code = strdup("010121");
		it->description = strdup("horses");
		it->gross_mass = it->net_mass = it->value = -1;
	}
	for (int i = 10; i < 99; i++)
		if (i != 93 && i != 85)
			snprintf(cond + strlen(cond), sizeof cond - strlen(cond), "%s%02d",
				 i > 10 ? ", " : "", i);
	strcat(cond, ") or chapter in (93)");
	rs = rule_when(cond);
	in = (struct rule_input){&s, NULL, -1, -1};
	/* 102 items by 87 codes, then chapter 93: true within the budget...  */
	assert_int_equal(rule_eval(&rs->rules[0], &in, RULE_STEP_BUDGET), RULE_TRUE);
	/* ...but not within 1000 steps: the condition stops, and does not fire. */
	assert_int_equal(rule_eval(&rs->rules[0], &in, 1000), RULE_BUDGET);
	rule_set_free(rs);
	subject_clear(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_full_rule),
		cmocka_unit_test(test_every_error_with_line),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_conditions),
		cmocka_unit_test(test_facts_conditions),
		cmocka_unit_test(test_default_rules),
		cmocka_unit_test(test_step_budget),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
