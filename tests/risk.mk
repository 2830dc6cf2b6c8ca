## Risk: the rule reader and evaluator (no store), scoring in a store, and
## the douane rules/score/explain/override commands end to end.
check_PROGRAMS += tests/test_rules tests/test_risk
tests_test_rules_SOURCES = tests/test_rules.c tests/testutil.h
tests_test_rules_CFLAGS = $(TEST_CORE_CFLAGS)
tests_test_rules_LDADD = $(TEST_CORE_LIBS)
tests_test_risk_SOURCES = tests/test_risk.c tests/testutil.h
tests_test_risk_CFLAGS = $(TEST_CORE_CFLAGS)
tests_test_risk_LDADD = $(TEST_CORE_LIBS)

TESTS += tests/test_rules tests/test_risk tests/cli/test-risk.sh
EXTRA_DIST += tests/cli/test-risk.sh tests/data/rules/bad.rules tests/data/rules/small.rules
