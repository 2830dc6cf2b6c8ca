## Data installed with douane: the manifest schema and the demo manifest
## (made by douane-gen, see data/demo/README.md).  The reference tables are
## compiled in (src/core/ref_tables.c); their CSV sources ship for the record.
dist_pkgdata_DATA += data/manifest.xsd
demodir = $(pkgdatadir)/demo
dist_demo_DATA = data/demo/manifest-demo.xml data/demo/watchlist-demo.xml
EXTRA_DIST += data/demo/README.md data/reference/README.md data/reference/hs-codes.csv \
	data/reference/hs-sections.csv data/reference/unlocode-country-codes.csv
