## The event log: signed, hash-chained events, the outcome model, canonical
## JSON, and the tables derived from the events.
libdouane_a_SOURCES += \
	src/core/events.c src/core/events.h \
	src/core/outcome.c src/core/outcome.h \
	src/core/json.c src/core/json.h \
	src/core/store_events.c src/core/store_history.c
