/* fuzz_wl_douane: libFuzzer target for douane's own watchlist XML (see
 * fuzz.h).
 * The bytes are a whole document, given to the reader when its root
 * element is the one watchlist_import.c gives to it.  */
#include "config.h"

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_wl w = {false};
	struct wl_sink k = FUZZ_WL_SINK(&w);
	struct xml_reader x;
	struct fuzz_mem m;
	struct diag d;
	const char *root, *ns;

	if (!fuzz_xml_open_root(&x, &m, data, size))
		return 0;
	root = xml_reader_name(&x);
	ns = xml_reader_namespace(&x);
	diag_clear(&d);
	if (strcmp(root, "watchlist") == 0 && ns != NULL && strcmp(ns, WATCHLIST_DOUANE_NS) == 0)
		fuzz_check_status(wl_douane_read(&x, &k, &d), &d);
	xml_reader_close(&x);
	return 0;
}
