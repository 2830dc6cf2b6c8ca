## douane-gen: writes realistic, reproducible douane manifests (doc/formats.md)
## for the demo data, the tests and the benchmarks.  A developer tool: built,
## not installed.
noinst_PROGRAMS += douane-gen
douane_gen_SOURCES = src/gen/douane-gen.c
douane_gen_CFLAGS = $(AM_CFLAGS) $(SQLITE_CFLAGS) $(XML_CFLAGS) $(SODIUM_CFLAGS)
douane_gen_LDADD = $(DOUANE_CORE_LIBS)
