## Watchlists: the importer and its readers against the real public lists
## (tests/data/watchlists, see its README), hand-written national lists and
## hostile files; the douane command's "import watchlist" and "lists".
check_PROGRAMS += tests/test_watchlist_import
tests_test_watchlist_import_SOURCES = tests/test_watchlist_import.c tests/testutil.h
tests_test_watchlist_import_CFLAGS = $(TEST_CORE_CFLAGS)
tests_test_watchlist_import_LDADD = $(TEST_CORE_LIBS)

TESTS += tests/test_watchlist_import tests/cli/test-watchlist.sh
EXTRA_DIST += tests/cli/test-watchlist.sh \
	tests/data/watchlists/README.md \
	tests/data/watchlists/douane/bad-country.xml \
	tests/data/watchlists/douane/bad-imo.xml \
	tests/data/watchlists/douane/bad-kind.xml \
	tests/data/watchlists/douane/bad-order.xml \
	tests/data/watchlists/douane/national.xml \
	tests/data/watchlists/douane/no-plate.xml \
	tests/data/watchlists/douane/reserved-source.xml \
	tests/data/watchlists/hostile/csv-fields/add.csv \
	tests/data/watchlists/hostile/csv-fields/alt.csv \
	tests/data/watchlists/hostile/csv-fields/sdn.csv \
	tests/data/watchlists/hostile/csv-no-alt/add.csv \
	tests/data/watchlists/hostile/csv-no-alt/sdn.csv \
	tests/data/watchlists/hostile/csv-stray-quote/add.csv \
	tests/data/watchlists/hostile/csv-stray-quote/alt.csv \
	tests/data/watchlists/hostile/csv-stray-quote/sdn.csv \
	tests/data/watchlists/hostile/sdn-bad-type.xml \
	tests/data/watchlists/hostile/un-bad-date.xml \
	tests/data/watchlists/hostile/un-bad-utf8.xml \
	tests/data/watchlists/hostile/un-billion-laughs.xml \
	tests/data/watchlists/hostile/un-text-in-record.xml \
	tests/data/watchlists/hostile/un-truncated.xml \
	tests/data/watchlists/hostile/un-xxe.xml \
	tests/data/watchlists/ofac/cons_2025-12/cons_add.csv \
	tests/data/watchlists/ofac/cons_2025-12/cons_alt.csv \
	tests/data/watchlists/ofac/cons_2025-12/cons_comments.csv \
	tests/data/watchlists/ofac/cons_2025-12/cons_prim.csv \
	tests/data/watchlists/ofac/consolidated_nonsdn_2025-03-28.xml \
	tests/data/watchlists/ofac/sdn_2021-07/add.csv \
	tests/data/watchlists/ofac/sdn_2021-07/alt.csv \
	tests/data/watchlists/ofac/sdn_2021-07/sdn.csv \
	tests/data/watchlists/ofac/sdn_2021-07/sdn_comments.csv \
	tests/data/watchlists/un/UN_consolidated_2026-02-27.xml \
	tests/data/watchlists/un/un-newer.xml \
	tests/data/watchlists/un/un-older.xml \
	data/watchlist.xsd
