/* envelope: sign and seal, check and open, the files douane exchanges.
 *
 * Layout (all integers big-endian; see doc/formats.md):
 *
 *   0   8  magic "DOUANEEX"
 *   8   1  format version, 1
 *   9   1  kind: 1 pack, 2 bundle, 3 ack
 *  10   6  zero
 *  16  32  sender's Ed25519 public key
 *  48  32  recipient's Ed25519 public key
 *  80   8  serial
 *  88   8  created, seconds since the epoch
 *  96   8  length of the ciphertext that follows the header
 * 104  32  ephemeral X25519 public key
 * 136  24  XChaCha20-Poly1305 nonce
 * 160   n  ciphertext (payload + 16-byte tag), the header as associated data
 * 160+n 64 Ed25519 signature of BLAKE2b-512(header || ciphertext), keyed with
 *          the domain string "douane envelope signature 1"
 *
 * The payload key is BLAKE2b-256 of "douane envelope key 1" || X25519
 * shared secret || ephemeral public key || recipient's X25519 public key.
 * The signature is checked before anything is decrypted, so a file from an
 * unknown or forged sender costs one signature check and nothing else.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "envelope.h"
#include "i18n.h"

#define MAGIC "DOUANEEX"
#define ENVELOPE_FORMAT 1
#define OFF_SENDER 16
#define OFF_RECIPIENT 48
#define OFF_SERIAL 80
#define OFF_CREATED 88
#define OFF_LENGTH 96
#define OFF_EPHEMERAL 104
#define OFF_NONCE 136
#define TAG_BYTES crypto_aead_xchacha20poly1305_ietf_ABYTES

static const char sig_domain[] = "douane envelope signature 1";
static const char key_domain[] = "douane envelope key 1";

_Static_assert(OFF_NONCE + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES == ENVELOPE_HEADER_BYTES,
	       "the header is 160 bytes");
_Static_assert(sizeof sig_domain - 1 >= crypto_generichash_KEYBYTES_MIN, "a valid BLAKE2b key");

static void
put_be64(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

static uint64_t
get_be64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

const char *
envelope_kind_name(enum envelope_kind kind)
{
	switch (kind) {
	case ENVELOPE_PACK:
		return "pack";
	case ENVELOPE_BUNDLE:
		return "bundle";
	case ENVELOPE_ACK:
		return "ack";
	}
	return NULL;
}

void
envelope_key_id(const unsigned char pk[ENVELOPE_PK_BYTES], char out[17])
{
	unsigned char h[8];
	crypto_generichash(h, sizeof h, pk, ENVELOPE_PK_BYTES, NULL, 0);
	sodium_bin2hex(out, 17, h, sizeof h);
}

static void
signed_digest(unsigned char out[64], const unsigned char *file, size_t n)
{
	crypto_generichash(out, 64, file, n, (const unsigned char *)sig_domain,
			   sizeof sig_domain - 1);
}

/* The one-time payload key from our X25519 secret and their public key.  */
static int
payload_key(unsigned char key[32], const unsigned char x_sk[32], const unsigned char their_x[32],
	    const unsigned char eph_pk[32], const unsigned char rcpt_x[32])
{
	unsigned char shared[crypto_scalarmult_BYTES];
	crypto_generichash_state st;

	if (crypto_scalarmult(shared, x_sk, their_x) != 0)
		return -1; /* a low-order point: refuse rather than use a known key */
	crypto_generichash_init(&st, NULL, 0, 32);
	crypto_generichash_update(&st, (const unsigned char *)key_domain, sizeof key_domain - 1);
	crypto_generichash_update(&st, shared, sizeof shared);
	crypto_generichash_update(&st, eph_pk, 32);
	crypto_generichash_update(&st, rcpt_x, 32);
	crypto_generichash_final(&st, key, 32);
	sodium_memzero(shared, sizeof shared);
	sodium_memzero(&st, sizeof st);
	return 0;
}

/* Write the N bytes at BUF to PATH through a hidden temporary file beside
 * it, fsync'd and renamed, so PATH is either absent or whole.  */
static enum diag_status
write_whole(const char *path, const unsigned char *buf, size_t n, struct diag *d)
{
	char dir[PATH_MAX], base[PATH_MAX], tmp[PATH_MAX];
	enum diag_status status = DIAG_OK;
	int fd, dfd;

	if (strlen(path) >= sizeof dir)
		return diag_set(d, DIAG_USAGE, path, 0, "%s", _("file name too long"));
	strcpy(dir, path);
	strcpy(base, path);
	if (snprintf(tmp, sizeof tmp, "%s/.%s.partial-XXXXXX", dirname(dir), basename(base)) >=
	    (int)sizeof tmp)
		return diag_set(d, DIAG_USAGE, path, 0, "%s", _("file name too long"));
	if ((fd = mkstemp(tmp)) < 0)
		return diag_set(d, DIAG_IO, path, 0, _("cannot create a file beside it: %s"),
				strerror(errno));
	for (size_t off = 0; off < n;) {
		ssize_t w = write(fd, buf + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			status = diag_set(d, DIAG_IO, path, 0, _("write failed: %s"), strerror(errno));
			goto fail;
		}
		off += (size_t)w;
	}
	if (fsync(fd) != 0) {
		status = diag_set(d, DIAG_IO, path, 0, _("write failed: %s"), strerror(errno));
		goto fail;
	}
	close(fd);
	fd = -1;
	if (rename(tmp, path) != 0) {
		status = diag_set(d, DIAG_IO, path, 0, _("cannot rename into place: %s"),
				  strerror(errno));
		goto fail;
	}
	strcpy(dir, path);
	if ((dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY)) >= 0) {
		fsync(dfd); /* the rename itself reaches the disk */
		close(dfd);
	}
	return DIAG_OK;
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return status;
}

enum diag_status
envelope_write(const char *path, const struct envelope_header *h,
	       const unsigned char sender_sk[ENVELOPE_SK_BYTES], const void *payload, size_t len,
	       struct diag *d)
{
	unsigned char sender_pk[ENVELOPE_PK_BYTES], rcpt_x[32], eph_sk[32], key[32], digest[64];
	enum diag_status status;
	unsigned char *file, *hdr;
	size_t clen, total;

	if (!envelope_kind_name(h->kind) || len > ENVELOPE_PAYLOAD_MAX)
		return diag_set(d, DIAG_SOFTWARE, path, 0, "%s", _("invalid envelope"));
	crypto_sign_ed25519_sk_to_pk(sender_pk, sender_sk);
	if (sodium_memcmp(sender_pk, h->sender, sizeof sender_pk) != 0)
		return diag_set(d, DIAG_SOFTWARE, path, 0, "%s",
				_("the signing key does not match the sender"));
	if (crypto_sign_ed25519_pk_to_curve25519(rcpt_x, h->recipient) != 0)
		return diag_set(d, DIAG_DATA, path, 0, "%s", _("the recipient's key is not valid"));

	clen = len + TAG_BYTES;
	total = ENVELOPE_HEADER_BYTES + clen + ENVELOPE_SIG_BYTES;
	if (!(file = malloc(total)))
		return diag_set(d, DIAG_IO, path, 0, "%s", _("out of memory"));
	hdr = file;
	memset(hdr, 0, ENVELOPE_HEADER_BYTES);
	memcpy(hdr, MAGIC, 8);
	hdr[8] = ENVELOPE_FORMAT;
	hdr[9] = (unsigned char)h->kind;
	memcpy(hdr + OFF_SENDER, h->sender, ENVELOPE_PK_BYTES);
	memcpy(hdr + OFF_RECIPIENT, h->recipient, ENVELOPE_PK_BYTES);
	put_be64(hdr + OFF_SERIAL, h->serial);
	put_be64(hdr + OFF_CREATED, h->created);
	put_be64(hdr + OFF_LENGTH, clen);
	crypto_box_keypair(hdr + OFF_EPHEMERAL, eph_sk);
	randombytes_buf(hdr + OFF_NONCE, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);

	if (payload_key(key, eph_sk, rcpt_x, hdr + OFF_EPHEMERAL, rcpt_x) != 0) {
		status = diag_set(d, DIAG_DATA, path, 0, "%s", _("the recipient's key is not valid"));
		goto out;
	}
	crypto_aead_xchacha20poly1305_ietf_encrypt(file + ENVELOPE_HEADER_BYTES, NULL, payload, len,
						   hdr, ENVELOPE_HEADER_BYTES, NULL,
						   hdr + OFF_NONCE, key);
	signed_digest(digest, file, ENVELOPE_HEADER_BYTES + clen);
	crypto_sign_detached(file + ENVELOPE_HEADER_BYTES + clen, NULL, digest, sizeof digest,
			     sender_sk);
	status = write_whole(path, file, total, d);
out:
	sodium_memzero(eph_sk, sizeof eph_sk);
	sodium_memzero(key, sizeof key);
	free(file);
	return status;
}

enum diag_status
envelope_open(const char *name, const unsigned char *file, size_t size,
	      const unsigned char my_sk[ENVELOPE_SK_BYTES], envelope_trust_fn trust, void *ctx,
	      struct envelope_header *h, unsigned char **payload, size_t *len, struct diag *d)
{
	unsigned char my_pk[ENVELOPE_PK_BYTES], my_x_sk[32], my_x_pk[32], key[32], digest[64];
	const unsigned char *hdr = file;
	enum diag_status status = DIAG_OK;
	unsigned char *plain = NULL;
	uint64_t clen;
	char id[17];

	*payload = NULL;
	*len = 0;
	diag_clear(d);
	if (size < ENVELOPE_HEADER_BYTES + TAG_BYTES + ENVELOPE_SIG_BYTES ||
	    memcmp(hdr, MAGIC, 8) != 0)
		return diag_set(d, DIAG_DATA, name, 0, "%s",
				_("not a douane pack, bundle or ack (or cut short)"));
	if (hdr[8] != ENVELOPE_FORMAT)
		return diag_set(d, DIAG_DATA, name, 0, _("unsupported envelope version %u"),
				(unsigned)hdr[8]);
	memset(h, 0, sizeof *h);
	h->kind = (enum envelope_kind)hdr[9];
	for (int i = 10; i < OFF_SENDER; i++)
		if (hdr[i] != 0)
			return diag_set(d, DIAG_DATA, name, 0, "%s", _("damaged envelope header"));
	if (!envelope_kind_name(h->kind))
		return diag_set(d, DIAG_DATA, name, 0, _("unknown kind of file %u"), (unsigned)hdr[9]);
	memcpy(h->sender, hdr + OFF_SENDER, ENVELOPE_PK_BYTES);
	memcpy(h->recipient, hdr + OFF_RECIPIENT, ENVELOPE_PK_BYTES);
	h->serial = get_be64(hdr + OFF_SERIAL);
	h->created = get_be64(hdr + OFF_CREATED);
	clen = get_be64(hdr + OFF_LENGTH);
	if (clen < TAG_BYTES || clen > ENVELOPE_PAYLOAD_MAX + TAG_BYTES ||
	    clen != size - ENVELOPE_HEADER_BYTES - ENVELOPE_SIG_BYTES)
		return diag_set(d, DIAG_DATA, name, 0, "%s",
				_("the file is cut short or has bytes added"));

	crypto_sign_ed25519_sk_to_pk(my_pk, my_sk);
	if (sodium_memcmp(my_pk, h->recipient, sizeof my_pk) != 0) {
		envelope_key_id(h->recipient, id);
		return diag_set(d, DIAG_DATA, name, 0, _("this %s is for another recipient (key %s)"),
				envelope_kind_name(h->kind), id);
	}
	if (trust && !trust(ctx, h, d)) {
		if (d && !d->msg[0]) {
			envelope_key_id(h->sender, id);
			diag_set(d, DIAG_DATA, name, 0, _("signed by an unknown key %s"), id);
		}
		if (d && !d->file[0])
			snprintf(d->file, sizeof d->file, "%s", name);
		return d && d->status ? d->status : DIAG_DATA;
	}
	signed_digest(digest, file, ENVELOPE_HEADER_BYTES + (size_t)clen);
	if (crypto_sign_verify_detached(file + ENVELOPE_HEADER_BYTES + clen, digest, sizeof digest,
					h->sender) != 0)
		return diag_set(d, DIAG_DATA, name, 0, "%s",
				_("bad signature: the file was altered or is not from its sender"));

	if (crypto_sign_ed25519_sk_to_curve25519(my_x_sk, my_sk) != 0 ||
	    crypto_sign_ed25519_pk_to_curve25519(my_x_pk, my_pk) != 0 ||
	    payload_key(key, my_x_sk, hdr + OFF_EPHEMERAL, hdr + OFF_EPHEMERAL, my_x_pk) != 0) {
		status = diag_set(d, DIAG_DATA, name, 0, "%s", _("damaged envelope key"));
		goto out;
	}
	if (!(plain = malloc((size_t)clen - TAG_BYTES + 1))) {
		status = diag_set(d, DIAG_IO, name, 0, "%s", _("out of memory"));
		goto out;
	}
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain, NULL, NULL, hdr + ENVELOPE_HEADER_BYTES,
						       clen, hdr, ENVELOPE_HEADER_BYTES,
						       hdr + OFF_NONCE, key) != 0) {
		/* Signed by a trusted sender, yet it does not decrypt: the
		 * sender sealed it wrongly.  Still refused, never half used. */
		status = diag_set(d, DIAG_DATA, name, 0, "%s", _("the payload does not decrypt"));
		free(plain);
		plain = NULL;
		goto out;
	}
	plain[clen - TAG_BYTES] = '\0';
	*payload = plain;
	*len = (size_t)clen - TAG_BYTES;
out:
	sodium_memzero(my_x_sk, sizeof my_x_sk);
	sodium_memzero(key, sizeof key);
	return status;
}

enum diag_status
envelope_read(const char *path, const unsigned char my_sk[ENVELOPE_SK_BYTES],
	      envelope_trust_fn trust, void *ctx, struct envelope_header *h,
	      unsigned char **payload, size_t *len, struct diag *d)
{
	enum diag_status status;
	unsigned char *buf = NULL;
	struct stat sb;
	size_t got = 0;
	FILE *f;

	*payload = NULL;
	*len = 0;
	if (!(f = fopen(path, "rb")))
		return diag_set(d, errno == ENOENT ? DIAG_NOINPUT : DIAG_IO, path, 0, "%s",
				strerror(errno));
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fclose(f);
		return diag_set(d, DIAG_NOINPUT, path, 0, "%s", _("not a regular file"));
	}
	if ((uint64_t)sb.st_size > ENVELOPE_PAYLOAD_MAX + ENVELOPE_HEADER_BYTES + TAG_BYTES +
					     ENVELOPE_SIG_BYTES) {
		fclose(f);
		return diag_set(d, DIAG_DATA, path, 0, "%s", _("the file is too large"));
	}
	if (sb.st_size > 0 && !(buf = malloc((size_t)sb.st_size))) {
		fclose(f);
		return diag_set(d, DIAG_IO, path, 0, "%s", _("out of memory"));
	}
	if (sb.st_size > 0)
		got = fread(buf, 1, (size_t)sb.st_size, f);
	if (ferror(f)) {
		status = diag_set(d, DIAG_IO, path, 0, _("read failed: %s"), strerror(errno));
	} else {
		status = envelope_open(path, buf, got, my_sk, trust, ctx, h, payload, len, d);
	}
	fclose(f);
	free(buf);
	return status;
}
