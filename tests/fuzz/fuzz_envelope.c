/* fuzz_envelope: libFuzzer target for the envelope of exchanged files
 * (packs, bundles, acks: formats/envelope.h).
 *
 * The bytes are a whole file, opened with a fixed recipient key and no
 * trust function (every sender accepted), so the reader's checks of size,
 * magic, kind, recipient, signature and sealing all run on hostile bytes.
 * Past the signature nothing random gets through; that is the point of
 * the envelope, and the payload readers behind it are reached only by
 * files signed with a trusted key.  */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "formats/envelope.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char pk[ENVELOPE_PK_BYTES], sk[ENVELOPE_SK_BYTES];
	static int ready;
	struct envelope_header h;
	unsigned char *payload = NULL;
	size_t len = 0;
	struct diag d;
	enum diag_status rc;

	if (!ready) {
		unsigned char seed[crypto_sign_SEEDBYTES] = {1};

		if (sodium_init() < 0 || crypto_sign_seed_keypair(pk, sk, seed) != 0)
			abort();
		ready = 1;
	}
	diag_clear(&d);
	rc = envelope_open("fuzz.pack", data, size, sk, NULL, NULL, &h, &payload, &len, &d);
	if (rc == DIAG_OK) {
		if (payload == NULL || payload[len] != '\0')
			abort();
		free(payload);
	} else if (payload != NULL || rc != DIAG_DATA)
		abort();
	return 0;
}
