## Offline sync: export of one large bundle, ingest of many bundles into one
## HQ vault, against raw Ed25519 verification in the same run.
noinst_PROGRAMS += bench/bench_sync
bench_bench_sync_SOURCES = bench/bench_sync.c
bench_bench_sync_CFLAGS = $(BENCH_CFLAGS)
bench_bench_sync_LDADD = $(DOUANE_CORE_LIBS)

bench: bench-sync
bench-sync: bench/bench_sync$(EXEEXT)
	./bench/bench_sync --events 10000 --bundles 1000 --per 100

.PHONY: bench-sync
