## Fuzzing: one libFuzzer target per reader (tests/fuzz/fuzz_*.c, see
## fuzz.h).  "make fuzz" builds them with $(FUZZ_CC) (configure: clang by
## default) and -fsanitize=fuzzer,address,undefined, compiling the readers'
## sources again with it into fuzz-build/ (the targets need no vault, so no
## SQLite), then runs each for FUZZ_SECONDS over a corpus in
## fuzz-corpus/ seeded from the bundled samples (run-fuzz.sh).  Not part of
## "make check": clang is optional, and when configure found no compiler
## that links libFuzzer, "make fuzz" says so and fails.
##
##   make fuzz                      every target, 30 s each
##   make fuzz FUZZ_SECONDS=300 FUZZ_TARGETS=wl_ofac_csv

FUZZ_SECONDS = 30
FUZZ_MAX_LEN = 65536
FUZZ_RSS_MB = 512
FUZZ_TARGETS = manifest_douane manifest_wco manifest_iata manifest_ics \
	wl_un wl_ofac_xml wl_ofac_csv wl_douane rules envelope douanerc

# The readers and what they use: sources under src/core, without ".c".
FUZZ_CORE = diag ref ref_tables subject watchlist \
	formats/xml formats/manifest_douane formats/manifest_foreign \
	formats/manifest_wco formats/manifest_iata formats/manifest_ics \
	formats/watchlist_common formats/watchlist_un formats/watchlist_ofac_xml \
	formats/watchlist_ofac_csv formats/watchlist_douane \
	rules formats/envelope
FUZZ_OBJS = $(FUZZ_CORE:%=fuzz-build/core/%.o)
FUZZ_BINS = $(FUZZ_TARGETS:%=fuzz-build/fuzz_%)
# douanerc's parser is the interface's: its sources under src/tui, linked
# with curses (rc_line() itself draws nothing).
FUZZ_TUI = rc actions colours
FUZZ_TUI_OBJS = $(FUZZ_TUI:%=fuzz-build/tui/%.o)
FUZZ_DEPS_H = $(wildcard $(top_srcdir)/src/core/*.h $(top_srcdir)/src/core/formats/*.h)
FUZZ_SAN = address,undefined
FUZZ_CFLAGS = $(DOUANE_STD_CFLAGS) -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=all \
	-pthread -DHAVE_CONFIG_H -I$(top_srcdir)/src/core -I$(top_builddir) $(XML_CFLAGS) \
	$(SODIUM_CFLAGS)

fuzz-build/core/%.o: $(top_srcdir)/src/core/%.c $(FUZZ_DEPS_H) config.h
	@$(MKDIR_P) $(@D)
	$(AM_V_CC)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,$(FUZZ_SAN) -c -o $@ $<

fuzz-build/tui/%.o: $(top_srcdir)/src/tui/%.c $(FUZZ_DEPS_H) $(wildcard $(top_srcdir)/src/tui/*.h) config.h
	@$(MKDIR_P) $(@D)
	$(AM_V_CC)$(FUZZ_CC) $(FUZZ_CFLAGS) $(CURSES_CFLAGS) -I$(top_srcdir)/src/tui \
		-fsanitize=fuzzer-no-link,$(FUZZ_SAN) -c -o $@ $<

fuzz-build/fuzz_douanerc: $(top_srcdir)/tests/fuzz/fuzz_douanerc.c $(FUZZ_TUI_OBJS) $(FUZZ_OBJS)
	@$(MKDIR_P) $(@D)
	$(AM_V_CCLD)$(FUZZ_CC) $(FUZZ_CFLAGS) $(CURSES_CFLAGS) -I$(top_srcdir)/src/tui \
		-fsanitize=fuzzer,$(FUZZ_SAN) -o $@ $< $(FUZZ_TUI_OBJS) $(FUZZ_OBJS) \
		$(CURSES_LIBS) $(XML_LIBS) $(SODIUM_LIBS) $(LIBINTL)

fuzz-build/fuzz_%: $(top_srcdir)/tests/fuzz/fuzz_%.c $(top_srcdir)/tests/fuzz/fuzz.h $(FUZZ_OBJS)
	@$(MKDIR_P) $(@D)
	$(AM_V_CCLD)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer,$(FUZZ_SAN) -o $@ $< \
		$(FUZZ_OBJS) $(XML_LIBS) $(SODIUM_LIBS) $(LIBINTL)

fuzz-check-compiler:
	@if test "$(FUZZ_OK)" != yes; then \
	  echo "make fuzz: '$(FUZZ_CC)' cannot link -fsanitize=fuzzer,$(FUZZ_SAN)." >&2; \
	  echo "Install clang with libFuzzer (Debian: clang libclang-rt-14-dev)," >&2; \
	  echo "or name such a compiler with ./configure FUZZ_CC=..." >&2; \
	  exit 1; \
	fi

fuzz-targets: fuzz-check-compiler
	@$(MAKE) $(AM_MAKEFLAGS) $(FUZZ_BINS)

fuzz: fuzz-targets
	$(SHELL) $(top_srcdir)/tests/fuzz/run-fuzz.sh '$(top_srcdir)' fuzz-build fuzz-corpus \
		'$(FUZZ_SECONDS)' '$(FUZZ_MAX_LEN)' '$(FUZZ_RSS_MB)' $(FUZZ_TARGETS)

clean-local: clean-fuzz
clean-fuzz:
	rm -rf fuzz-build fuzz-corpus

.PHONY: fuzz fuzz-targets fuzz-check-compiler clean-fuzz
# The objects are made by a pattern rule; keep them between runs.
.SECONDARY: $(FUZZ_OBJS) $(FUZZ_TUI_OBJS)

EXTRA_DIST += tests/fuzz/fuzz.h tests/fuzz/run-fuzz.sh \
	tests/fuzz/fuzz_manifest_douane.c tests/fuzz/fuzz_manifest_wco.c \
	tests/fuzz/fuzz_manifest_iata.c tests/fuzz/fuzz_manifest_ics.c \
	tests/fuzz/fuzz_wl_un.c tests/fuzz/fuzz_wl_ofac_xml.c \
	tests/fuzz/fuzz_wl_ofac_csv.c tests/fuzz/fuzz_wl_douane.c \
	tests/fuzz/fuzz_rules.c tests/fuzz/fuzz_envelope.c tests/fuzz/fuzz_douanerc.c \
	tests/fuzz/README
