## The vault's page cipher: the same bytes as libsodium's
## XChaCha20-Poly1305 whichever engine (libcrypto or libsodium) does it.
check_PROGRAMS += tests/test_vault_aead
tests_test_vault_aead_SOURCES = tests/test_vault_aead.c
tests_test_vault_aead_CFLAGS = $(TEST_CORE_CFLAGS)
tests_test_vault_aead_LDADD = $(TEST_CORE_LIBS)
TESTS += tests/test_vault_aead
