## The vault: encrypting SQLite VFS shim, key slots, users and roles.
libdouane_a_SOURCES += \
	src/core/vault.c src/core/vault.h \
	src/core/vault_vfs.c src/core/vault_vfs.h
