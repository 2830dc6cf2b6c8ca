## Risk: the rule file reader and sandboxed evaluator, scores, lanes and
## random selection, and the store's risk tables (schema 3).
libdouane_a_SOURCES += \
	src/core/rules.c src/core/rules.h \
	src/core/risk.c src/core/risk.h \
	src/core/store_risk.c
