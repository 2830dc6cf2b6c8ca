## Screening: name normalisation and similarity (names), the watchlist
## index and its scoring (screen), labelled pairs (name_pairs), and the
## store's side of it (store_screen).  ICU transliterates other scripts.
libdouane_a_SOURCES += \
	src/core/names.c src/core/names.h \
	src/core/screen.c src/core/screen.h \
	src/core/name_pairs.c src/core/name_pairs.h
libdouane_a_CFLAGS += $(ICU_CFLAGS)
DOUANE_CORE_LIBS += $(ICU_LIBS) -lm
libdouane_a_SOURCES += \
	src/core/store_screen.c \
	src/core/screen_subjects.c src/core/screen_subjects.h
