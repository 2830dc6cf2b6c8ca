/* fuzz_manifest_iata: libFuzzer target for IATA Cargo-XML air waybills (XFWB, XFZB) (see
 * fuzz.h).
 * The bytes are a whole document; the root elements below are those
 * import.c's table gives to manifest_iata_read().  */
#include "config.h"

#include "formats/manifests.h"
#include "fuzz.h"

static const struct fuzz_manifest_root roots[] = {
    {"Waybill", MANIFEST_IATA_NS_XFWB},
    {"HouseWaybill", MANIFEST_IATA_NS_XFZB},
    {NULL, NULL},
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_manifest(data, size, roots, manifest_iata_read);
	return 0;
}
