/* fuzz_manifest_douane: libFuzzer target for douane's own manifest XML (see
 * fuzz.h).
 * The bytes are a whole document; the root elements below are those
 * import.c's table gives to manifest_douane_read().  */
#include "config.h"

#include "formats/manifests.h"
#include "fuzz.h"

static const struct fuzz_manifest_root roots[] = {
    {"manifest", MANIFEST_DOUANE_NS},
    {NULL, NULL},
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_manifest(data, size, roots, manifest_douane_read);
	return 0;
}
