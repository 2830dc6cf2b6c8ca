## The manifest importer: cmocka tests over hand-written good and bad
## manifests, and the sample checked against data/manifest.xsd.
check_PROGRAMS += tests/test_import
tests_test_import_SOURCES = tests/test_import.c tests/testutil.h
tests_test_import_CFLAGS = $(TEST_CORE_CFLAGS)
tests_test_import_LDADD = $(TEST_CORE_LIBS)

TESTS += tests/test_import tests/manifest-xsd.sh
EXTRA_DIST += tests/manifest-xsd.sh \
	tests/data/manifests/good.xml \
	tests/data/manifests/good2.xml \
	tests/data/manifests/duplicate-ref.xml \
	tests/data/manifests/malformed.xml \
	tests/data/manifests/wrong-root.xml \
	tests/data/manifests/missing-field.xml \
	tests/data/manifests/bad-hs.xml \
	tests/data/manifests/bad-country.xml \
	tests/data/manifests/truncated.xml \
	tests/data/manifests/xxe.xml \
	tests/data/manifests/billion-laughs.xml \
	tests/data/manifests/bad-utf8.xml
# The schema the XSD test reads (data/local.mk may also install it).
EXTRA_DIST += data/manifest.xsd
