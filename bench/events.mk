## The event log benchmark: appending signed outcome events and verifying
## the chain, against plain inserts and raw Ed25519 in the same run.
noinst_PROGRAMS += bench/bench_events
bench_bench_events_SOURCES = bench/bench_events.c
bench_bench_events_CFLAGS = $(BENCH_CFLAGS)
bench_bench_events_LDADD = $(DOUANE_CORE_LIBS)

bench: bench-events
bench-events: bench/bench_events$(EXEEXT)
	./bench/bench_events --count 100000

.PHONY: bench-events
