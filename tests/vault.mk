## The vault: cmocka tests of the encrypting VFS, key slots, rotation and
## a writer killed at random times (DOUANE_VAULT_CRASH_ITERATIONS, default 30).
check_PROGRAMS += tests/test_vault
tests_test_vault_SOURCES = tests/test_vault.c tests/testutil.h
tests_test_vault_CFLAGS = $(TEST_CORE_CFLAGS)
tests_test_vault_LDADD = $(TEST_CORE_LIBS)
TESTS += tests/test_vault
