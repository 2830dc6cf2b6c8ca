## libdouane: everything that is not drawing.  Never includes curses.
noinst_LIBRARIES += libdouane.a
libdouane_a_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS) $(XML_CFLAGS) $(SODIUM_CFLAGS) $(UTF8PROC_CFLAGS)
libdouane_a_SOURCES = \
	src/core/diag.c src/core/diag.h \
	src/core/ref.c src/core/ref.h src/core/ref_tables.c src/core/ref_tables.h \
	src/core/subject.c src/core/subject.h \
	src/core/watchlist.c src/core/watchlist.h \
	src/core/store.c src/core/store.h src/core/store_schema.c src/core/store_internal.h \
	src/core/import.c src/core/import.h \
	src/core/i18n.h

# What every program linked with the core needs.
DOUANE_CORE_LIBS = libdouane.a $(SQLITE_LIBS) $(XML_LIBS) $(SODIUM_LIBS) $(UTF8PROC_LIBS) $(LIBINTL)
