## The exchange envelope: round trip and every way a file can arrive wrong.
check_PROGRAMS += tests/test_envelope
tests_test_envelope_SOURCES = tests/test_envelope.c tests/testutil.h
tests_test_envelope_CFLAGS = $(TEST_CORE_CFLAGS)
tests_test_envelope_LDADD = $(TEST_CORE_LIBS)
TESTS += tests/test_envelope
