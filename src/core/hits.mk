## A screening hit's explanation as readable lines, shared by douane
## screen and the interface's hits and lookup screens.
libdouane_a_SOURCES += src/core/screen_explain.c src/core/screen_explain.h
## Ad-hoc lookups recorded as signed events.
libdouane_a_SOURCES += src/core/screen_lookup.c src/core/screen_lookup.h
