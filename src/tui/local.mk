## The terminal interface: ncurses (wide-character) views over the core.
## A client of libdouane like the CLI; it never runs SQL of its own.
noinst_LIBRARIES += libdouane-tui.a
libdouane_tui_a_CFLAGS = $(AM_CFLAGS) $(CURSES_CFLAGS) $(SODIUM_CFLAGS) $(SQLITE_CFLAGS)
libdouane_tui_a_SOURCES = \
	src/tui/tui.c src/tui/tui.h \
	src/tui/view.h src/tui/pager.c \
	src/tui/view_unlock.c src/tui/secret.c src/tui/secret.h \
	src/tui/view_queue.c src/tui/view_detail.c src/tui/view_help.c \
	src/tui/form.c src/tui/form.h src/tui/view_outcome.c src/tui/view_override.c \
	src/tui/view_walkin.c src/tui/view_shift.c \
	src/tui/actions.c src/tui/actions.h \
	src/tui/colours.c src/tui/rc.c src/tui/rc.h \
	src/tui/display.c src/tui/display.h \
	src/tui/text.c src/tui/text.h

# What the douane command links for `douane ui` (before DOUANE_CORE_LIBS).
DOUANE_TUI_LIBS = libdouane-tui.a $(CURSES_LIBS)
