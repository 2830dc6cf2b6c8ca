# The interface on a queue of a million subjects against one of 1,000, in
# the same run: start, unlock, and key-to-redraw for moving, paging,
# jumping and searching (bench/bench_tui.c).  The vaults are made once, in
# bench/ of the build directory, and reused.
noinst_PROGRAMS += bench/bench_tui
bench_bench_tui_SOURCES = bench/bench_tui.c tests/tui/queue_gen.h
bench_bench_tui_CFLAGS = $(BENCH_CFLAGS) $(CURSES_CFLAGS) -I$(top_srcdir)/src/tui
bench_bench_tui_LDADD = $(DOUANE_TUI_LIBS) $(DOUANE_CORE_LIBS)

bench: bench-tui
bench-tui: bench/bench_tui$(EXEEXT)
	./bench/bench_tui --count 1000000 --dir bench

.PHONY: bench-tui
