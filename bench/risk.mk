## Risk scoring: 1,000,000 generated subjects with the 50-rule default set;
## full scoring and 1,000 new arrivals against reading the same subjects.
noinst_PROGRAMS += bench/bench_risk
bench_bench_risk_SOURCES = bench/bench_risk.c
bench_bench_risk_CFLAGS = $(BENCH_CFLAGS)
bench_bench_risk_LDADD = $(DOUANE_CORE_LIBS)

bench: bench-risk
bench-risk: bench/bench_risk$(EXEEXT)
	./bench/bench_risk --count 1000000 --rules $(top_srcdir)/data/rules/default.rules

.PHONY: bench-risk
