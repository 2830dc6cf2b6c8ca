## Tests: cmocka unit tests per core module (TAP), headless interface
## scenarios, end-to-end CLI tests, and the check that src/core draws nothing.
## Each part adds its own tests in a fragment included here.

TEST_CORE_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(SQLITE_CFLAGS) $(XML_CFLAGS) $(SODIUM_CFLAGS)
TEST_CORE_LIBS = $(DOUANE_CORE_LIBS) $(CMOCKA_LIBS)

check_PROGRAMS += tests/test_store tests/test_ref tests/test_subject
tests_test_store_SOURCES = tests/test_store.c tests/testutil.h
tests_test_store_CFLAGS = $(TEST_CORE_CFLAGS)
tests_test_store_LDADD = $(TEST_CORE_LIBS)
tests_test_ref_SOURCES = tests/test_ref.c
tests_test_ref_CFLAGS = $(TEST_CORE_CFLAGS)
tests_test_ref_LDADD = $(TEST_CORE_LIBS)
tests_test_subject_SOURCES = tests/test_subject.c
tests_test_subject_CFLAGS = $(TEST_CORE_CFLAGS)
tests_test_subject_LDADD = $(TEST_CORE_LIBS)

TESTS += tests/test_store tests/test_ref tests/test_subject \
	tests/core-no-curses.sh tests/cli/test-cli.sh tests/po-check.sh
EXTRA_DIST += tests/core-no-curses.sh tests/cli/test-cli.sh tests/tap.sh tests/po-check.sh tests/testutil.h

include tests/import.mk
include tests/tui.mk
include tests/vault.mk
include tests/events.mk
include tests/watchlist.mk
include tests/manifests.mk
include tests/exchange.mk
include tests/perf.mk
include tests/risk.mk
include tests/sync.mk
include tests/hostile.mk
include tests/report.mk
include tests/faults.mk
include tests/crash/local.mk
include tests/valgrind.mk

# The generator: reproducible, valid, importable.
TESTS += tests/test-gen.sh tests/doc-check.sh
EXTRA_DIST += tests/test-gen.sh tests/doc-check.sh
include tests/screen.mk
include tests/hits.mk
include tests/tsearch.mk

# libFuzzer targets of the readers: "make fuzz", not make check.
include tests/fuzz/local.mk
