/* fuzz_manifest_ics: libFuzzer target for EU ICS entry summary declarations (CC315A) (see
 * fuzz.h).
 * The bytes are a whole document; the root elements below are those
 * import.c's table gives to manifest_ics_read().  */
#include "config.h"

#include "formats/manifests.h"
#include "fuzz.h"

static const struct fuzz_manifest_root roots[] = {
    {"CC315A", MANIFEST_ICS_NS_CC315A},
    {"CC313A", MANIFEST_ICS_NS_CC313A},
    {"CC351A", MANIFEST_ICS_NS_CC351A},
    {"notificationResponse", ""},
    {NULL, NULL},
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_manifest(data, size, roots, manifest_ics_read);
	return 0;
}
