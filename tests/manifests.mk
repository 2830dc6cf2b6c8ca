## Manifests in other people's formats: the WCO, IATA and ICS readers
## against published samples (tests/data/manifests/{wco,iata,ics}, see the
## README in each), and broken or hostile files written by the test.
check_PROGRAMS += tests/test_manifest_formats
tests_test_manifest_formats_SOURCES = tests/test_manifest_formats.c tests/testutil.h
tests_test_manifest_formats_CFLAGS = $(TEST_CORE_CFLAGS)
tests_test_manifest_formats_LDADD = $(TEST_CORE_LIBS)

TESTS += tests/test_manifest_formats
EXTRA_DIST += \
	tests/data/manifests/iata/888-11111111_XFWB.xml \
	tests/data/manifests/iata/888-11111111_XFWB_ACAS_US.xml \
	tests/data/manifests/iata/888-11111111_XFWB_multipleULD_multipleHTS.xml \
	tests/data/manifests/iata/888-11111111_XFWB_noModeCode.xml \
	tests/data/manifests/iata/888-11111111_XFWB_pieceQuantityItemCountMismatch.xml \
	tests/data/manifests/iata/LICENSE-UPL-riege.md \
	tests/data/manifests/iata/SEL22222222_XFZB.xml \
	tests/data/manifests/iata/xfwbExample.xml \
	tests/data/manifests/ics/CC313A_reduced.xml \
	tests/data/manifests/ics/CC315A-schemaValidSample-v11-2.xml \
	tests/data/manifests/ics/CC315A_full.xml \
	tests/data/manifests/ics/CC315A_reduced.xml \
	tests/data/manifests/ics/CC351A_advancedNotification.xml \
	tests/data/manifests/ics/LICENSE-Apache-2.0-hmrc.txt \
	tests/data/manifests/wco/01_DMSACC.xml \
	tests/data/manifests/wco/05_DMSCTL.xml \
	tests/data/manifests/wco/LICENSE-Apache-2.0-hmrc.txt \
	tests/data/manifests/wco/Step1_TT_IM013a.xml \
	tests/data/manifests/wco/TT_IM001d.xml \
	tests/data/manifests/wco/TT_IM003a.xml \
	tests/data/manifests/wco/TT_IM006a.xml \
	tests/data/manifests/wco/TT_IM015a.xml \
	tests/data/manifests/wco/TT_IM019a.xml \
	tests/data/manifests/wco/TT_IM022a.xml \
	tests/data/manifests/wco/TT_IM023a.xml \
	tests/data/manifests/wco/TT_IM027a.xml \
	tests/data/manifests/wco/TT_IM031a.xml \
	tests/data/manifests/wco/README.md \
	tests/data/manifests/iata/README.md \
	tests/data/manifests/ics/README.md
