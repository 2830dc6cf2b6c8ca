## valgrind: the cmocka tests under memcheck (no ASan: configure without
## --enable-sanitizers).  Not part of make check (minutes, and valgrind is
## optional):
##
##   make check-valgrind [VALGRIND_TESTS="tests/test_store tests/test_vault"]
##
## Each program runs with --error-exitcode=1 and --leak-check=full; any
## error, or a definite leak, fails the target.  The crash loop of
## test_vault forks and kills writers, so it runs there with few
## iterations.
VALGRIND = valgrind
VALGRIND_TESTS = $(filter tests/test_%,$(check_PROGRAMS))
VALGRIND_FLAGS = --quiet --error-exitcode=1 --leak-check=full \
	--errors-for-leak-kinds=definite --track-fds=no --child-silent-after-fork=yes

check-valgrind: $(VALGRIND_TESTS)
	@if test -n "$(SAN_CFLAGS)"; then \
	  echo "check-valgrind: this build uses sanitizers; configure without them" >&2; exit 1; fi
	@failed=0; for t in $(VALGRIND_TESTS); do \
	  printf 'valgrind %-28s ' "$$t"; \
	  if CMOCKA_MESSAGE_OUTPUT=STDOUT top_srcdir='$(abs_top_srcdir)' \
	     DOUANE_DATADIR='$(abs_top_srcdir)/data' TZ=UTC LC_ALL=C.UTF-8 \
	     DOUANE_VAULT_CRASH_ITERATIONS=3 DOUANE_FAULT_POINTS=3 \
	     $(VALGRIND) $(VALGRIND_FLAGS) --log-file=$$t.valgrind.log ./$$t >$$t.valgrind.out 2>&1; \
	  then echo ok; else echo "FAILED (see $$t.valgrind.log)"; failed=1; fi; \
	done; exit $$failed
.PHONY: check-valgrind
