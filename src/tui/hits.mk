## The screening screens: a subject's watchlist hits and the decision on
## one, and looking a name up on the watchlists.
libdouane_tui_a_SOURCES += \
	src/tui/view_hits.c src/tui/view_hit_decide.c src/tui/view_lookup.c
