## The vault: encrypting SQLite VFS shim, key slots, users and roles.
libdouane_a_SOURCES += \
	src/core/vault.c src/core/vault.h \
	src/core/vault_vfs.c src/core/vault_vfs.h \
	src/core/vault_aead.c src/core/vault_aead.h
## The page cipher uses OpenSSL's libcrypto when configure found it.
libdouane_a_CFLAGS += $(CRYPTO_CFLAGS)
DOUANE_CORE_LIBS += $(CRYPTO_LIBS)
