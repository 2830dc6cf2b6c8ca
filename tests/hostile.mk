## Hostile and broken input against every reader, through the importers:
## the files are written by the test at run time (tests/test_hostile.c).
check_PROGRAMS += tests/test_hostile
tests_test_hostile_SOURCES = tests/test_hostile.c tests/testutil.h
tests_test_hostile_CFLAGS = $(TEST_CORE_CFLAGS) -I$(top_srcdir)/tests
tests_test_hostile_LDADD = $(TEST_CORE_LIBS)
TESTS += tests/test_hostile
# Inputs that once crashed a fuzz target (tests/fuzz), imported for real.
EXTRA_DIST += \
	tests/data/fuzz-regressions/README.md \
	tests/data/fuzz-regressions/manifest_douane/nul-after-bang \
	tests/data/fuzz-regressions/wl_un/nul-after-bang \
	tests/data/fuzz-regressions/wl_ofac_csv/empty-primary \
	tests/data/fuzz-regressions/wl_ofac_csv/empty-programme \
	tests/data/fuzz-regressions/wl_ofac_csv/long-dob-utf8
