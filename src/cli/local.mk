## The douane command: subcommands that call the core.
bin_PROGRAMS += douane
douane_SOURCES = \
	src/cli/main.c src/cli/cli.h src/cli/commands.c src/cli/util.c \
	src/cli/cmd_import.c src/cli/cmd_queue.c src/cli/cmd_demo.c src/cli/cmd_vault.c \
	src/cli/cmd_lists.c src/cli/cmd_events.c
douane_CFLAGS = $(AM_CFLAGS) -I$(top_srcdir)/src/tui $(SODIUM_CFLAGS) $(UTF8PROC_CFLAGS)
douane_LDADD = $(DOUANE_TUI_LIBS) $(DOUANE_CORE_LIBS)
