## Screening: names (normalisation, similarity), the index against brute
## force and qualifiers, the store's hits; douane screen and match end to end.
check_PROGRAMS += tests/test_names tests/test_screen
tests_test_names_SOURCES = tests/test_names.c tests/testutil.h
tests_test_names_CFLAGS = $(TEST_CORE_CFLAGS)
tests_test_names_LDADD = $(TEST_CORE_LIBS)
tests_test_screen_SOURCES = tests/test_screen.c tests/testutil.h
tests_test_screen_CFLAGS = $(TEST_CORE_CFLAGS)
tests_test_screen_LDADD = $(TEST_CORE_LIBS)

TESTS += tests/test_names tests/test_screen tests/cli/test-screen.sh
EXTRA_DIST += tests/cli/test-screen.sh \
	tests/data/names/README.md \
	tests/data/names/winkler_jaro_reference.csv \
	tests/data/names/name_bench_dev.csv \
	tests/data/names/watchman_cross_script_pairs.csv
