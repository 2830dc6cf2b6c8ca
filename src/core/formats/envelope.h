/* envelope: the signed, sealed wrapper of every file douane exchanges.
 *
 * Packs (HQ to booth), bundles (booth to HQ) and acks (HQ to booth) travel
 * on USB sticks and shared folders, so each file protects itself: its
 * payload is encrypted for one recipient and the whole file is signed by
 * its sender.  A reader checks, in this order: the size and magic, that it
 * is the recipient, that it trusts the sender, the signature over every
 * byte, and only then decrypts.  A file with any byte changed, cut short,
 * for someone else or from an unknown key is refused before its payload is
 * looked at; the caller refuses replays by the header's serial number.
 *
 * Keys are Ed25519 (libsodium crypto_sign).  Sealing converts the
 * recipient's Ed25519 public key to X25519 and agrees a one-time key with
 * an ephemeral X25519 key pair, so each party needs one key pair only.
 * The byte layout is in doc/formats.md ("Exchanged files").
 */
#ifndef DOUANE_ENVELOPE_H
#define DOUANE_ENVELOPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

#define ENVELOPE_PK_BYTES 32
#define ENVELOPE_SK_BYTES 64
#define ENVELOPE_HEADER_BYTES 160
#define ENVELOPE_SIG_BYTES 64
/* Largest payload accepted, so a hostile header cannot ask for more.  */
#define ENVELOPE_PAYLOAD_MAX ((size_t)1 << 31)

enum envelope_kind {
	ENVELOPE_PACK = 1,
	ENVELOPE_BUNDLE = 2,
	ENVELOPE_ACK = 3,
};

struct envelope_header {
	enum envelope_kind kind;
	unsigned char sender[ENVELOPE_PK_BYTES];    /* Ed25519 public key */
	unsigned char recipient[ENVELOPE_PK_BYTES]; /* Ed25519 public key */
	uint64_t serial;  /* pack version, bundle's last event, ack's last event */
	uint64_t created; /* seconds since 1970-01-01 UTC */
};

/* Whether the reader accepts H's sender (and kind); fill D and return
 * false to refuse.  */
typedef bool (*envelope_trust_fn)(void *ctx, const struct envelope_header *h, struct diag *d);

/* Seal PAYLOAD (LEN bytes) for H->recipient, sign it with SENDER_SK (whose
 * public half must be H->sender) and write it to PATH.  The file appears
 * whole or not at all: it is written beside PATH under a name starting
 * with "." and renamed into place after fsync.  */
enum diag_status envelope_write(const char *path, const struct envelope_header *h,
				const unsigned char sender_sk[ENVELOPE_SK_BYTES],
				const void *payload, size_t len, struct diag *d);

/* Read PATH as an envelope addressed to the holder of MY_SK, accepted by
 * TRUST (may be NULL to accept any sender).  On success *PAYLOAD is a
 * malloc'd copy of the plaintext (free it; it is NUL-terminated past *LEN
 * for convenience) and H is filled in.  DIAG_DATA for a damaged, altered,
 * misaddressed or untrusted file, DIAG_NOINPUT when PATH is missing.  */
enum diag_status envelope_read(const char *path, const unsigned char my_sk[ENVELOPE_SK_BYTES],
			       envelope_trust_fn trust, void *ctx, struct envelope_header *h,
			       unsigned char **payload, size_t *len, struct diag *d);

/* The same on bytes in memory (for tests and fuzzing); NAME is what
 * messages call the input.  */
enum diag_status envelope_open(const char *name, const unsigned char *file, size_t size,
			       const unsigned char my_sk[ENVELOPE_SK_BYTES], envelope_trust_fn trust,
			       void *ctx, struct envelope_header *h, unsigned char **payload,
			       size_t *len, struct diag *d);

/* "pack", "bundle", "ack", or NULL.  */
const char *envelope_kind_name(enum envelope_kind kind);

/* A key's short printable id: the first 8 bytes of its BLAKE2b hash in
 * hex (16 characters), for messages and listings.  */
void envelope_key_id(const unsigned char pk[ENVELOPE_PK_BYTES], char out[17]);

#endif
