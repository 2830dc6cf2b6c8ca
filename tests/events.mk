## The event log: canonical bytes and test vectors, signatures, tampering,
## corrections, rebuild of the derived tables, crash atomicity; and the
## end-to-end CLI test of shift, inspect, record, events and verify.
check_PROGRAMS += tests/test_events
tests_test_events_SOURCES = tests/test_events.c tests/testutil.h
tests_test_events_CFLAGS = $(TEST_CORE_CFLAGS)
tests_test_events_LDADD = $(TEST_CORE_LIBS)
# A helper of the CLI test: SQL beneath the store (see the file).
check_PROGRAMS += tests/event-tamper
tests_event_tamper_SOURCES = tests/event-tamper.c
tests_event_tamper_CFLAGS = $(TEST_CORE_CFLAGS)
tests_event_tamper_LDADD = $(TEST_CORE_LIBS)
TESTS += tests/test_events tests/cli/test-events.sh
EXTRA_DIST += tests/cli/test-events.sh
