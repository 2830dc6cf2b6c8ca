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

# "make bench" measures 100,000 consignments.  The real-world size, a
# million subjects (1.3 GB of XML, a few minutes), is its own target, which
# also compares the import's peak memory at both sizes:
#   make bench-import-1m
bench: bench-import
bench-import: douane-gen$(EXEEXT) bench/bench_import$(EXEEXT)
	./bench/bench_import --gen ./douane-gen$(EXEEXT) --count 100000
bench-import-1m: douane-gen$(EXEEXT) bench/bench_import$(EXEEXT)
	./bench/bench_import --gen ./douane-gen$(EXEEXT) --count 100000 --count 1000000

.PHONY: bench bench-import bench-import-1m
include bench/tui.mk
include bench/screen.mk
