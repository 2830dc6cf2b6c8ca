## Offline sync: round trip between booth and HQ vaults, tampering,
## replay, order, gaps, rollback, packs; and the CLI end to end.
check_PROGRAMS += tests/test_sync
tests_test_sync_SOURCES = tests/test_sync.c tests/testutil.h
tests_test_sync_CFLAGS = $(TEST_CORE_CFLAGS)
tests_test_sync_LDADD = $(TEST_CORE_LIBS)
TESTS += tests/test_sync
TESTS += tests/cli/test-sync.sh
EXTRA_DIST += tests/cli/test-sync.sh
