## Files exchanged between booth and HQ: the signed, sealed envelope that
## packs, bundles and acks travel in.
libdouane_a_SOURCES += src/core/formats/envelope.c src/core/formats/envelope.h
