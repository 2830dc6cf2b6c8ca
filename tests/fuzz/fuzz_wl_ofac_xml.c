/* fuzz_wl_ofac_xml: libFuzzer target for OFAC's list XML (sdnList), read as
 * the SDN or the consolidated list by the parity of the size (see fuzz.h).
 * The bytes are a whole document, given to the reader when its root
 * element is the one watchlist_import.c gives to it.  */
#include "config.h"

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_wl w = {false};
	struct wl_sink k = FUZZ_WL_SINK(&w);
	const char *source = size % 2 ? WL_SOURCE_OFAC_CONS : WL_SOURCE_OFAC_SDN;
	struct xml_reader x;
	struct fuzz_mem m;
	struct diag d;

	if (!fuzz_xml_open_root(&x, &m, data, size))
		return 0;
	diag_clear(&d);
	if (strcmp(xml_reader_name(&x), "sdnList") == 0)
		fuzz_check_status(wl_ofac_xml_read(&x, source, &k, &d), &d);
	xml_reader_close(&x);
	return 0;
}
