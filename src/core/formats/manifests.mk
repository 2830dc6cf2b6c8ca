## Manifests in other people's formats: WCO Data Model declarations (UK
## CDS), IATA Cargo-XML air waybills (XFWB, XFZB) and EU ICS entry summary
## declarations (CC315A), read tolerantly on the shared safe XML reader.
libdouane_a_SOURCES += \
	src/core/formats/manifests.h \
	src/core/formats/manifest_foreign.c \
	src/core/formats/manifest_wco.c \
	src/core/formats/manifest_iata.c \
	src/core/formats/manifest_ics.c
