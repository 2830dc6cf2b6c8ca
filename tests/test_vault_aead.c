/* Unit tests for vault_aead: the vault's page cipher gives exactly
 * libsodium's XChaCha20-Poly1305 (IETF, detached) bytes, whichever engine
 * the build uses, so a vault written by one build is read by the other.
 *
 * What is proved: for random keys, nonces, associated data and messages
 * (page-sized and odd sizes, empty associated data), our ciphertext and tag
 * equal libsodium's; libsodium opens ours and we open libsodium's; the
 * draft-irtf-cfrg-xchacha test vector (A.3.1); a flipped bit anywhere in
 * the ciphertext, the tag, the nonce or the associated data, or a wrong
 * key, is refused; sealing in place works; the NULL state (libsodium) and a
 * real state agree.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "vault_aead.h"

#define PAGE 4096

static size_t sizes[] = {4056, 4096, 1, 15, 16, 64, 1000, 0};

static void
seal_both(struct vault_aead *a, size_t len, size_t adlen)
{
	unsigned char key[32], nonce[24], ad[64], m[PAGE], c1[PAGE], c2[PAGE], t1[16], t2[16],
		back[PAGE];

	randombytes_buf(key, sizeof key);
	randombytes_buf(nonce, sizeof nonce);
	randombytes_buf(ad, sizeof ad);
	randombytes_buf(m, sizeof m);
	vault_aead_encrypt(a, c1, t1, m, len, ad, adlen, nonce, key);
	crypto_aead_xchacha20poly1305_ietf_encrypt_detached(c2, t2, NULL, m, len, ad, adlen, NULL,
							    nonce, key);
	assert_memory_equal(t1, t2, sizeof t1);
	if (len > 0)
		assert_memory_equal(c1, c2, len);
	/* libsodium opens ours; we open libsodium's.  */
	assert_int_equal(crypto_aead_xchacha20poly1305_ietf_decrypt_detached(
				 back, NULL, c1, len, t1, ad, adlen, nonce, key),
			 0);
	if (len > 0)
		assert_memory_equal(back, m, len);
	memset(back, 0, sizeof back);
	assert_int_equal(vault_aead_decrypt(a, back, c2, len, t2, ad, adlen, nonce, key), 0);
	if (len > 0)
		assert_memory_equal(back, m, len);
}

static void
test_same_bytes_as_libsodium(void **state)
{
	struct vault_aead *a = vault_aead_new();

	(void)state;
	for (int round = 0; round < 20; round++)
		for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
			seal_both(a, sizes[i], 40);
			seal_both(a, sizes[i], 0);
			seal_both(NULL, sizes[i], 24);
		}
	vault_aead_free(a);
}

/* draft-irtf-cfrg-xchacha-03, A.3.1 (AEAD_XChaCha20_Poly1305).  */
static void
test_vector(void **state)
{
	static const char pt[] = "Ladies and Gentlemen of the class of '99: If I could offer you "
				 "only one tip for the future, sunscreen would be it.";
	static const char *ad_hex = "50515253c0c1c2c3c4c5c6c7";
	static const char *key_hex =
		"808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f";
	static const char *nonce_hex = "404142434445464748494a4b4c4d4e4f5051525354555657";
	static const char *ct_hex =
		"bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb"
		"731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452"
		"2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9"
		"21f9664c97637da9768812f615c68b13b52e";
	static const char *tag_hex = "c0875924c1c7987947deafd8780acf49";
	unsigned char ad[12], key[32], nonce[24], ct[sizeof pt - 1], tag[16], out[sizeof pt - 1],
		t[16];
	size_t n;
	struct vault_aead *a = vault_aead_new();

	(void)state;
	assert_int_equal(sodium_hex2bin(ad, sizeof ad, ad_hex, strlen(ad_hex), NULL, &n, NULL), 0);
	assert_int_equal(sodium_hex2bin(key, sizeof key, key_hex, strlen(key_hex), NULL, &n, NULL),
			 0);
	assert_int_equal(
		sodium_hex2bin(nonce, sizeof nonce, nonce_hex, strlen(nonce_hex), NULL, &n, NULL), 0);
	assert_int_equal(sodium_hex2bin(ct, sizeof ct, ct_hex, strlen(ct_hex), NULL, &n, NULL), 0);
	assert_int_equal(n, sizeof ct);
	assert_int_equal(sodium_hex2bin(tag, sizeof tag, tag_hex, strlen(tag_hex), NULL, &n, NULL),
			 0);
	vault_aead_encrypt(a, out, t, (const unsigned char *)pt, sizeof out, ad, sizeof ad, nonce,
			   key);
	assert_memory_equal(out, ct, sizeof ct);
	assert_memory_equal(t, tag, sizeof tag);
	assert_int_equal(vault_aead_decrypt(a, out, ct, sizeof ct, tag, ad, sizeof ad, nonce, key),
			 0);
	assert_memory_equal(out, pt, sizeof out);
	vault_aead_free(a);
}

static void
test_tampering_refused(void **state)
{
	unsigned char key[32], nonce[24], ad[40], m[PAGE], c[PAGE], tag[16], out[PAGE];
	struct vault_aead *a = vault_aead_new();
	const size_t len = 4056;

	(void)state;
	randombytes_buf(key, sizeof key);
	randombytes_buf(nonce, sizeof nonce);
	randombytes_buf(ad, sizeof ad);
	randombytes_buf(m, sizeof m);
	memcpy(c, m, len);
	vault_aead_encrypt(a, c, tag, c, len, ad, sizeof ad, nonce, key); /* in place */
	assert_memory_not_equal(c, m, len);
	for (size_t i = 0; i < len; i += 97) {
		c[i] ^= 0x10;
		assert_int_equal(vault_aead_decrypt(a, out, c, len, tag, ad, sizeof ad, nonce, key),
				 -1);
		c[i] ^= 0x10;
	}
	for (size_t i = 0; i < sizeof tag; i++) {
		tag[i] ^= 1;
		assert_int_equal(vault_aead_decrypt(a, out, c, len, tag, ad, sizeof ad, nonce, key),
				 -1);
		tag[i] ^= 1;
	}
	for (size_t i = 0; i < sizeof nonce; i++) {
		nonce[i] ^= 0x80;
		assert_int_equal(vault_aead_decrypt(a, out, c, len, tag, ad, sizeof ad, nonce, key),
				 -1);
		nonce[i] ^= 0x80;
	}
	for (size_t i = 0; i < sizeof ad; i++) {
		ad[i] ^= 4;
		assert_int_equal(vault_aead_decrypt(a, out, c, len, tag, ad, sizeof ad, nonce, key),
				 -1);
		assert_int_equal(vault_aead_decrypt(NULL, out, c, len, tag, ad, sizeof ad, nonce,
						    key),
				 -1);
		ad[i] ^= 4;
	}
	key[31] ^= 1;
	assert_int_equal(vault_aead_decrypt(a, out, c, len, tag, ad, sizeof ad, nonce, key), -1);
	key[31] ^= 1;
	/* Intact, it opens, in place too.  */
	assert_int_equal(vault_aead_decrypt(a, c, c, len, tag, ad, sizeof ad, nonce, key), 0);
	assert_memory_equal(c, m, len);
	vault_aead_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_bytes_as_libsodium),
		cmocka_unit_test(test_vector),
		cmocka_unit_test(test_tampering_refused),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("vault_aead", tests, NULL, NULL);
}
