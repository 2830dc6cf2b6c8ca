## Reports for supervisors: shifts, their inspections and overrides, rule
## performance and audit figures, from the event log's derived tables.
libdouane_a_SOURCES += \
	src/core/report.c src/core/report.h \
	src/core/store_report.c
