## Watchlists: the readers of the UN, OFAC (XML and CSV) and douane lists,
## the importer that stores them, and the schema of douane's own format.
libdouane_a_SOURCES += \
	src/core/watchlist_import.c src/core/watchlist_import.h \
	src/core/formats/watchlist.h \
	src/core/formats/watchlist_common.c \
	src/core/formats/watchlist_un.c \
	src/core/formats/watchlist_ofac_xml.c \
	src/core/formats/watchlist_ofac_csv.c \
	src/core/formats/watchlist_douane.c
dist_pkgdata_DATA += data/watchlist.xsd
