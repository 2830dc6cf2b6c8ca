## Crash consistency: douane killed with SIGKILL at random points during
## import, score, record, export and ingest; after each kill both vaults
## verify and every acknowledged write is there (tests/crash/crash.sh).
## make check runs 40 kills (a few seconds); the long form:
##
##   make check-crash CRASH_ITERATIONS=5000 [CRASH_SEED=N]
TESTS += tests/crash/crash.sh
EXTRA_DIST += tests/crash/crash.sh

CRASH_ITERATIONS = 5000
check-crash: douane douane-gen
	CRASH_ITERATIONS='$(CRASH_ITERATIONS)' CRASH_SEED='$(CRASH_SEED)' \
	top_srcdir='$(abs_top_srcdir)' DOUANE='$(abs_top_builddir)/douane' \
	DOUANE_GEN='$(abs_top_builddir)/douane-gen' TZ=UTC LC_ALL=C.UTF-8 \
	$(SHELL) $(top_srcdir)/tests/crash/crash.sh
.PHONY: check-crash
