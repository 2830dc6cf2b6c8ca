/* fuzz_manifest_wco: libFuzzer target for WCO Data Model 3.x declarations (see
 * fuzz.h).
 * The bytes are a whole document; the root elements below are those
 * import.c's table gives to manifest_wco_read().  */
#include "config.h"

#include "formats/manifests.h"
#include "fuzz.h"

static const struct fuzz_manifest_root roots[] = {
    {"MetaData", MANIFEST_WCO_NS_META},
    {"submitDeclarationRequest", MANIFEST_WCO_NS_HMRC},
    {"MetaData", ""},
    {NULL, NULL},
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_manifest(data, size, roots, manifest_wco_read);
	return 0;
}
