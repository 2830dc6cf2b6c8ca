## Supervisors' reports and countersigning, end to end.
TESTS += tests/cli/test-report.sh
EXTRA_DIST += tests/cli/test-report.sh
## The reports' figures against figures computed in the test.
check_PROGRAMS += tests/test_report
tests_test_report_SOURCES = tests/test_report.c tests/testutil.h
tests_test_report_CFLAGS = $(TEST_CORE_CFLAGS)
tests_test_report_LDADD = $(TEST_CORE_LIBS)
TESTS += tests/test_report
