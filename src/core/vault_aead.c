/* vault_aead: XChaCha20-Poly1305 for the vault's pages (see vault_aead.h).
 *
 * With libcrypto (HAVE_LIBCRYPTO): HChaCha20 from libsodium turns the key
 * and the first 16 bytes of the nonce into a subkey, and libcrypto's
 * ChaCha20-Poly1305 (RFC 8439) runs with that subkey and the 12-byte nonce
 * 0x00000000 || nonce[16..24].  That is how libsodium computes
 * crypto_aead_xchacha20poly1305_ietf_*_detached, so the bytes are the same.
 * The cipher context is made once per state and re-keyed for every page
 * (EVP_*Init_ex with a NULL cipher keeps the fetched implementation); the
 * tag is compared by libcrypto in constant time.  The subkey on the stack is
 * wiped after use; the copy inside the context is wiped when it is freed.
 *
 * Without libcrypto, or with a NULL state, libsodium does it all.
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "vault_aead.h"

#ifdef HAVE_LIBCRYPTO
#include <openssl/evp.h>
#endif

_Static_assert(VAULT_AEAD_KEYBYTES == crypto_aead_xchacha20poly1305_ietf_KEYBYTES, "key size");
_Static_assert(VAULT_AEAD_NONCEBYTES == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
	       "nonce size");
_Static_assert(VAULT_AEAD_TAGBYTES == crypto_aead_xchacha20poly1305_ietf_ABYTES, "tag size");

#ifdef HAVE_LIBCRYPTO

struct vault_aead {
	EVP_CIPHER_CTX *enc, *dec;
};

struct vault_aead *
vault_aead_new(void)
{
	struct vault_aead *a = calloc(1, sizeof *a);

	if (a == NULL)
		return NULL;
	if ((a->enc = EVP_CIPHER_CTX_new()) == NULL || (a->dec = EVP_CIPHER_CTX_new()) == NULL ||
	    EVP_EncryptInit_ex(a->enc, EVP_chacha20_poly1305(), NULL, NULL, NULL) != 1 ||
	    EVP_DecryptInit_ex(a->dec, EVP_chacha20_poly1305(), NULL, NULL, NULL) != 1) {
		vault_aead_free(a);
		return NULL;
	}
	return a;
}

void
vault_aead_free(struct vault_aead *a)
{
	if (a == NULL)
		return;
	EVP_CIPHER_CTX_free(a->enc); /* cleanses the key schedule */
	EVP_CIPHER_CTX_free(a->dec);
	free(a);
}

/* The subkey and the 12-byte nonce of NONCE under KEY.  */
static void
subkey(unsigned char sub[32], unsigned char iv[12], const unsigned char nonce[24],
       const unsigned char key[32])
{
	crypto_core_hchacha20(sub, nonce, key, NULL);
	memset(iv, 0, 4);
	memcpy(iv + 4, nonce + 16, 8);
}

static int
openssl_encrypt(struct vault_aead *a, unsigned char *c, unsigned char *tag,
		const unsigned char *m, size_t len, const unsigned char *ad, size_t adlen,
		const unsigned char *nonce, const unsigned char *key)
{
	unsigned char sub[32], iv[12];
	int n, ok;

	if (len > INT_MAX || adlen > INT_MAX)
		return 0;
	subkey(sub, iv, nonce, key);
	ok = EVP_EncryptInit_ex(a->enc, NULL, NULL, sub, iv) == 1 &&
	     (adlen == 0 || EVP_EncryptUpdate(a->enc, NULL, &n, ad, (int)adlen) == 1) &&
	     EVP_EncryptUpdate(a->enc, c, &n, m, (int)len) == 1 &&
	     EVP_EncryptFinal_ex(a->enc, c + n, &n) == 1 &&
	     EVP_CIPHER_CTX_ctrl(a->enc, EVP_CTRL_AEAD_GET_TAG, VAULT_AEAD_TAGBYTES, tag) == 1;
	sodium_memzero(sub, sizeof sub);
	return ok;
}

/* 1: good tag; 0: bad tag; -1: libcrypto could not do it.  */
static int
openssl_decrypt(struct vault_aead *a, unsigned char *m, const unsigned char *c, size_t len,
		const unsigned char *tag, const unsigned char *ad, size_t adlen,
		const unsigned char *nonce, const unsigned char *key)
{
	unsigned char sub[32], iv[12], t[VAULT_AEAD_TAGBYTES];
	int n, ok;

	if (len > INT_MAX || adlen > INT_MAX)
		return -1;
	memcpy(t, tag, sizeof t); /* the ctrl takes a non-const pointer */
	subkey(sub, iv, nonce, key);
	ok = EVP_DecryptInit_ex(a->dec, NULL, NULL, sub, iv) == 1 &&
	     (adlen == 0 || EVP_DecryptUpdate(a->dec, NULL, &n, ad, (int)adlen) == 1) &&
	     EVP_DecryptUpdate(a->dec, m, &n, c, (int)len) == 1 &&
	     EVP_CIPHER_CTX_ctrl(a->dec, EVP_CTRL_AEAD_SET_TAG, VAULT_AEAD_TAGBYTES, t) == 1;
	sodium_memzero(sub, sizeof sub);
	if (!ok)
		return -1;
	return EVP_DecryptFinal_ex(a->dec, m + n, &n) > 0 ? 1 : 0;
}

const char *
vault_aead_engine(void)
{
	return "libcrypto";
}

#else /* !HAVE_LIBCRYPTO */

struct vault_aead {
	int unused;
};

struct vault_aead *
vault_aead_new(void)
{
	return NULL;
}

void
vault_aead_free(struct vault_aead *a)
{
	(void)a;
}

const char *
vault_aead_engine(void)
{
	return "libsodium";
}

#endif

void
vault_aead_encrypt(struct vault_aead *a, unsigned char *c, unsigned char tag[VAULT_AEAD_TAGBYTES],
		   const unsigned char *m, size_t len, const unsigned char *ad, size_t adlen,
		   const unsigned char nonce[VAULT_AEAD_NONCEBYTES],
		   const unsigned char key[VAULT_AEAD_KEYBYTES])
{
	(void)a; /* unused without libcrypto */
#ifdef HAVE_LIBCRYPTO
	if (a != NULL && openssl_encrypt(a, c, tag, m, len, ad, adlen, nonce, key))
		return;
#endif
	crypto_aead_xchacha20poly1305_ietf_encrypt_detached(c, tag, NULL, m, len, ad, adlen, NULL,
							    nonce, key);
}

int
vault_aead_decrypt(struct vault_aead *a, unsigned char *m, const unsigned char *c, size_t len,
		   const unsigned char tag[VAULT_AEAD_TAGBYTES], const unsigned char *ad,
		   size_t adlen, const unsigned char nonce[VAULT_AEAD_NONCEBYTES],
		   const unsigned char key[VAULT_AEAD_KEYBYTES])
{
	(void)a; /* unused without libcrypto */
#ifdef HAVE_LIBCRYPTO
	if (a != NULL) {
		int r = openssl_decrypt(a, m, c, len, tag, ad, adlen, nonce, key);

		if (r >= 0)
			return r == 1 ? 0 : -1;
	}
#endif
	return crypto_aead_xchacha20poly1305_ietf_decrypt_detached(m, NULL, c, len, tag, ad, adlen,
								   nonce, key) == 0
		       ? 0
		       : -1;
}
