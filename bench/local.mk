## Benchmarks: each prints its figures and a ratio against a baseline measured
## in the same run (DESIGN.md, "Performance targets").  Not run by make check;
## "make bench" runs them all.  Each benchmark has its own bench-NAME target
## and adds it to "bench" as a prerequisite, so fragments never fight over
## one recipe.

BENCH_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS) $(XML_CFLAGS) $(SODIUM_CFLAGS)

# Manifest import against a bare libxml2 parse of the same file.
noinst_PROGRAMS += bench/bench_import
bench_bench_import_SOURCES = bench/bench_import.c
bench_bench_import_CFLAGS = $(BENCH_CFLAGS)
bench_bench_import_LDADD = $(DOUANE_CORE_LIBS)

bench: bench-import
bench-import: douane-gen$(EXEEXT) bench/bench_import$(EXEEXT)
	./bench/bench_import --gen ./douane-gen$(EXEEXT) --count 100000

.PHONY: bench bench-import
include bench/screen.mk
