## Offline sync: packs, bundles and acks between booths and HQ, the keys
## they are signed and sealed with, and the store's sync tables.
libdouane_a_SOURCES += \
	src/core/sync.h src/core/sync_wire.h \
	src/core/sync_keys.c src/core/sync_bundle.c src/core/sync_pack.c \
	src/core/store_sync.c
