# The queue's search: every way the store finds a text against an oracle.
check_PROGRAMS += tests/test_store_search
tests_test_store_search_SOURCES = tests/test_store_search.c tests/testutil.h
tests_test_store_search_CFLAGS = $(TEST_CORE_CFLAGS)
tests_test_store_search_LDADD = $(TEST_CORE_LIBS)
TESTS += tests/test_store_search
