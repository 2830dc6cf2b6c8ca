## formats: one reader per input format, on the shared safe XML reader.
libdouane_a_SOURCES += \
	src/core/formats/formats.h \
	src/core/formats/xml.c src/core/formats/xml.h \
	src/core/formats/manifest_douane.c \
	src/core/import_queue.c src/core/import_queue.h
