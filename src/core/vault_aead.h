/* vault_aead: the vault's page cipher, XChaCha20-Poly1305 (IETF), fast.
 *
 * Every page and WAL frame of a vault is sealed with XChaCha20-Poly1305 as
 * libsodium defines it (crypto_aead_xchacha20poly1305_ietf_*, detached tag).
 * This module computes exactly the same bytes, faster where it can: when
 * douane is built with OpenSSL's libcrypto, the bulk of the work (ChaCha20
 * and Poly1305 over the page) is done by libcrypto's ChaCha20-Poly1305,
 * whose vectorised code is two to three times faster than libsodium 1.0.18's
 * on 4 KiB pages; without it, libsodium does it all.  The construction is
 * the standard one (draft-irtf-cfrg-xchacha, and libsodium's own):
 *
 *     subkey = HChaCha20(key, nonce[0..16])            (libsodium)
 *     ChaCha20-Poly1305-IETF(subkey, 0^4 || nonce[16..24], ad, message)
 *
 * so the vault format does not depend on the build: a vault written by one
 * build is read by the other (tests/test_vault_aead.c checks both ways
 * against libsodium).
 *
 * A struct vault_aead is per-file working state (an OpenSSL cipher
 * context); it holds the last subkey used until it is freed (wiped then).
 * One must not be used by two threads at once.  A NULL state is allowed
 * everywhere and means "libsodium, no state".
 */
#ifndef DOUANE_VAULT_AEAD_H
#define DOUANE_VAULT_AEAD_H

#include <stddef.h>

#define VAULT_AEAD_KEYBYTES 32
#define VAULT_AEAD_NONCEBYTES 24
#define VAULT_AEAD_TAGBYTES 16

struct vault_aead;

/* New working state, or NULL when out of memory or when built without
 * libcrypto (NULL is then a valid state: see above).  */
struct vault_aead *vault_aead_new(void);
void vault_aead_free(struct vault_aead *a);

/* Encrypt LEN bytes of M into C (which may be M) and write the tag.  */
void vault_aead_encrypt(struct vault_aead *a, unsigned char *c,
			unsigned char tag[VAULT_AEAD_TAGBYTES], const unsigned char *m,
			size_t len, const unsigned char *ad, size_t adlen,
			const unsigned char nonce[VAULT_AEAD_NONCEBYTES],
			const unsigned char key[VAULT_AEAD_KEYBYTES]);

/* Check TAG and decrypt LEN bytes of C into M (which may be C): 0 when the
 * tag is good, -1 when it is not (M is then garbage: the caller wipes it). */
int vault_aead_decrypt(struct vault_aead *a, unsigned char *m, const unsigned char *c, size_t len,
		       const unsigned char tag[VAULT_AEAD_TAGBYTES], const unsigned char *ad,
		       size_t adlen, const unsigned char nonce[VAULT_AEAD_NONCEBYTES],
		       const unsigned char key[VAULT_AEAD_KEYBYTES]);

/* "libcrypto" or "libsodium": what does the bulk work in this build.  */
const char *vault_aead_engine(void);

#endif
