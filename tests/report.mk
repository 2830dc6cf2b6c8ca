## Supervisors' reports and countersigning, end to end.
TESTS += tests/cli/test-report.sh
EXTRA_DIST += tests/cli/test-report.sh
## The reports' figures against figures computed in the test.
check_PROGRAMS += tests/test_report
tests_test_report_SOURCES = tests/test_report.c tests/testutil.h
tests_test_report_CFLAGS = $(TEST_CORE_CFLAGS)
tests_test_report_LDADD = $(TEST_CORE_LIBS)
TESTS += tests/test_report
## The supervisors' screens, headless (tests/tui/test-super.sh).
TESTS += tests/tui/test-super.sh
EXTRA_DIST += tests/tui/test-super.sh tests/tui/super.script tests/tui/super-refused.script \
	tests/tui/super-shifts.expected tests/tui/super-detail.expected \
	tests/tui/super-subject.expected tests/tui/super-override.expected \
	tests/tui/super-sign-prompt.expected tests/tui/super-signed.expected \
	tests/tui/super-shifts-signed.expected tests/tui/super-rules.expected \
	tests/tui/super-rules-fired.expected tests/tui/super-audit.expected \
	tests/tui/super-queue.expected tests/tui/refused-shifts.expected \
	tests/tui/refused-rules.expected tests/tui/refused-audit.expected
