/* vault: the file header, key slots, users and master-key rotation
 * (see vault.h).
 *
 * Layout.  One file per booth, plus SQLite's -wal and -shm:
 *
 *     [0, 16384)       header copy A
 *     [16384, 32768)   header copy B (the same, written second)
 *     [32768, ...)     the SQLite database, page 1 first, every page
 *                      encrypted by the vault VFS (vault_vfs.c)
 *
 * The header lives in the same file (no sidecar to lose or mismatch); the
 * VFS shifts SQLite's offsets past it.  A header copy is a fixed part
 * (VAULT_HDR_*: magic, version, sizes, a sequence number, the file id,
 * default Argon2id costs, the recovery slot, the failed-attempt count, a
 * MAC and a checksum) and VAULT_SLOTS key slots of VAULT_SLOT_SIZE bytes.
 *
 * Keys.  The master key M (32 random bytes) encrypts the pages (the VFS
 * derives its subkeys from it) and authenticates the header: the MAC is
 * BLAKE2b-256 keyed with a subkey of M ("DOUANEVH", 1) over the whole copy
 * with the failed count, MAC and checksum fields zeroed.  It is checked
 * after every unlock ("vault header altered") and before every change.
 * The checksum (BLAKE2b-256, unkeyed, same copy with the failed count and
 * checksum zeroed) only tells a torn copy from a whole one before unlock.
 *
 * A key slot has its own X25519 key pair.  Its secret key is sealed with
 * XChaCha20-Poly1305 under a key Argon2id derives from the user's
 * passphrase (salt and costs in the slot), with associated data
 * "DVSK" || file id || slot index || user id, salt, costs, public key.
 * M is sealed to the slot's public key: an ephemeral X25519 key pair,
 * key = BLAKE2b(shared secret || ephemeral pk || slot pk), and
 * XChaCha20-Poly1305 with associated data "DVMK" || file id || slot index
 * || state, role, status, user id, salt, costs, public key || ephemeral
 * pk.  So the user id, the role and the status are bound to the key:
 * editing any of them, or moving the slot, makes unlocking fail.  Because
 * M is sealed to a public key, an admin can give M to a slot (new user,
 * re-enable, rotation) without knowing the user's passphrase; resetting
 * someone's passphrase gives the slot a new key pair.  A disabled slot
 * keeps its key pair but not M.  The recovery slot is crypto_box_seal(M)
 * to HQ's public key, kept in the MAC'd fixed part.
 *
 * Signing keys (format 2).  Each slot also holds the user's Ed25519 key
 * pair: the public key in clear at VAULT_SLOT_SIGN_PK, inside both
 * associated-data ranges above (so it is bound to the slot like the
 * role), and the 32-byte seed sealed with the X25519 secret key, as
 * the second half of the 64 bytes at VAULT_SLOT_SK.  Unlocking the slot
 * yields the seed; the key pair lives in guarded memory until
 * vault_close().  A user's own passphrase change keeps the seed; an
 * admin's reset of another user's passphrase makes a new one (the admin
 * never holds it).  The booth's device key is an Ed25519 key pair whose
 * public key is at VAULT_HDR_DEVICE_PK and whose seed is sealed at
 * VAULT_HDR_DEVICE_SK with XChaCha20-Poly1305 under the subkey
 * ("DOUANEVD", 2) of M, associated data "DVDK" || file id || device pk;
 * a rotation seals it again under M'.  Format 1 files are refused with
 * a message saying so.
 *
 * Writing the header.  Changes are made on a fresh read of the header
 * (under flock, MAC checked), then written as copy A, fsync, copy B,
 * fsync, with the sequence number one higher.  A crash leaves at least one
 * whole copy; the reader takes the whole copy with the highest sequence
 * number.  A passphrase change touches one slot of each copy.
 *
 * Rotation (removing a user, or vault_rekey): a new M', M' sealed to
 * every remaining active slot and to the recovery key, and the database
 * re-encrypted page by page into PATH.rekey, while an SQLite connection in
 * exclusive locking mode keeps every other process out, after a full WAL
 * checkpoint.  Then PATH.rekey is fsync'ed, the connection closed (which
 * deletes the empty WAL), the directory fsync'ed, PATH.rekey renamed over
 * PATH and the directory fsync'ed again.  Until the rename the old vault is
 * whole and opens with the old slots; after it the new vault does; a crash
 * leaves at worst a stray PATH.rekey, removed by the next rotation.
 *
 * Failed attempts.  A wrong passphrase or unknown user adds one to the
 * count in both copies (outside MAC and checksum: it is written without
 * the key, and only informs the user and paces the prompts); a successful
 * unlock reads and clears it.  An unknown user costs the same Argon2id
 * run as a known one, so timing does not tell them apart either.
 *
 * What this does not protect: user ids and roles are in clear in the
 * header (anyone with the file sees who is enrolled); restoring an older
 * copy of the whole file (or of the header, for a disabled user) cannot be
 * detected by the machine alone (the event chain and HQ's acks show it).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "formats/envelope.h"
#include "i18n.h"
#include "vault.h"

#define COPY VAULT_HDR_COPY_SIZE
#define HEADER VAULT_VFS_HEADER_SIZE
#define PAGE VAULT_VFS_PAGE_SIZE
#define KEYLEN 32
#define SALTLEN crypto_pwhash_SALTBYTES
#define NONCELEN crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define ABYTES crypto_aead_xchacha20poly1305_ietf_ABYTES

_Static_assert(2 * COPY == HEADER, "two header copies fill the header region");
_Static_assert(VAULT_HDR_SLOTS + VAULT_SLOTS * VAULT_SLOT_SIZE <= COPY, "slots fit a copy");
_Static_assert(VAULT_SLOT_END <= VAULT_SLOT_SIZE, "slot fields fit a slot");
_Static_assert(SALTLEN == 16, "Argon2id salt");
_Static_assert(crypto_box_SEALBYTES + KEYLEN == 80, "recovery box");

#define RECOVERY_USER "recovery"

/* Bounds on Argon2id costs read from a file: an altered header must not
 * make an unlock take hours or all memory.  */
#define OPS_MAX 16ULL
#define MEM_MAX ((size_t)1 << 30)

const struct vault_kdf vault_kdf_moderate = {crypto_pwhash_OPSLIMIT_MODERATE,
					     crypto_pwhash_MEMLIMIT_MODERATE};
const struct vault_kdf vault_kdf_fast = {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};

struct vault {
	char *path;
	int fd;                    /* kept open: see vault_close() */
	unsigned char *master;     /* guarded, read-only */
	unsigned char file_id[VAULT_VFS_FILEIDBYTES];
	unsigned char hdr[COPY];   /* the current header copy */
	char user[VAULT_USER_MAX + 1];
	enum vault_role role;
	int slot;                  /* -1: recovery */
	unsigned failed;
	bool attached;
	unsigned char *sign_sk;    /* guarded: the user's Ed25519 secret key, or NULL */
	unsigned char sign_pk[32];
	unsigned char *device_sk;  /* guarded: the booth's Ed25519 secret key */
	unsigned char device_pk[32];
};

static void (*crash_hook)(const char *step);

void
vault_set_crash_hook(void (*hook)(const char *step))
{
	crash_hook = hook;
}

static void
crash_point(const char *step)
{
	if (crash_hook)
		crash_hook(step);
}

/* --- Little helpers ---------------------------------------------------- */

static void
put_le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t
get_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void
put_le64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t
get_le64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static unsigned char *
slot_at(unsigned char *hdr, int i)
{
	return hdr + VAULT_HDR_SLOTS + (size_t)i * VAULT_SLOT_SIZE;
}

static enum diag_status
oom(const char *path, struct diag *d)
{
	return diag_set(d, DIAG_SOFTWARE, path, 0, _("out of memory"));
}

static enum diag_status
io_error(const char *path, const char *what, struct diag *d)
{
	/* L10N: "%s" is what douane was doing, then the system's reason.  */
	return diag_set(d, DIAG_IO, path, 0, _("%s: %s"), what, strerror(errno));
}

static enum diag_status
damaged(const char *path, struct diag *d, const char *why)
{
	/* L10N: the reason follows, e.g. "header altered".  */
	return diag_set(d, DIAG_DATA, path, 0, _("vault damaged or altered: %s"), why);
}

static enum diag_status
wrong_user_or_passphrase(const char *path, struct diag *d)
{
	return diag_set(d, DIAG_NOPERM, path, 0, _("wrong user or passphrase"));
}

static int
write_all(int fd, const void *buf, size_t len, off_t off)
{
	const unsigned char *p = buf;

	while (len > 0) {
		ssize_t n = pwrite(fd, p, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
		off += n;
	}
	return 0;
}

/* Bytes read (short at end of file), or -1.  */
static ssize_t
read_all(int fd, void *buf, size_t len, off_t off)
{
	unsigned char *p = buf;
	size_t got = 0;

	while (got < len) {
		ssize_t n = pread(fd, p + got, len - got, off + (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

static int
fsync_dir(const char *path)
{
	char *copy = strdup(path);
	int fd, rc = -1;

	if (copy == NULL)
		return -1;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		rc = fsync(fd);
		close(fd);
	}
	free(copy);
	return rc;
}

static bool
valid_user(const char *user)
{
	size_t n = user ? strlen(user) : 0;

	if (n == 0 || n > VAULT_USER_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)user[i] < 0x20 || user[i] == 0x7f)
			return false;
	return true;
}

static bool
valid_kdf(unsigned long long ops, uint64_t mem)
{
	return ops >= crypto_pwhash_OPSLIMIT_MIN && ops <= OPS_MAX &&
	       mem >= crypto_pwhash_MEMLIMIT_MIN && mem <= MEM_MAX;
}

/* --- Header copies ----------------------------------------------------- */

static void
hdr_checksum(const unsigned char *copy, unsigned char out[32])
{
	static const unsigned char zero[32];
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, 32);
	crypto_generichash_update(&st, copy, VAULT_HDR_FAILED);
	crypto_generichash_update(&st, zero, 8);
	crypto_generichash_update(&st, copy + VAULT_HDR_MAC, 32);
	crypto_generichash_update(&st, zero, 32);
	crypto_generichash_update(&st, copy + VAULT_HDR_CHECKSUM + 32,
				  COPY - VAULT_HDR_CHECKSUM - 32);
	crypto_generichash_final(&st, out, 32);
}

static void
hdr_mac(const unsigned char *master, const unsigned char *copy, unsigned char out[32])
{
	static const unsigned char zero[32];
	unsigned char k[32];
	crypto_generichash_state st;

	crypto_kdf_derive_from_key(k, sizeof k, 1, "DOUANEVH", master);
	crypto_generichash_init(&st, k, sizeof k, 32);
	crypto_generichash_update(&st, copy, VAULT_HDR_FAILED);
	crypto_generichash_update(&st, zero, 8);
	crypto_generichash_update(&st, zero, 32);
	crypto_generichash_update(&st, zero, 32);
	crypto_generichash_update(&st, copy + VAULT_HDR_CHECKSUM + 32,
				  COPY - VAULT_HDR_CHECKSUM - 32);
	crypto_generichash_final(&st, out, 32);
	sodium_memzero(k, sizeof k);
	sodium_memzero(&st, sizeof st);
}

static bool
hdr_mac_ok(const unsigned char *master, const unsigned char *copy)
{
	unsigned char mac[32];

	hdr_mac(master, copy, mac);
	return sodium_memcmp(mac, copy + VAULT_HDR_MAC, 32) == 0;
}

/* Set sequence number, MAC and checksum of COPY.  */
static void
hdr_seal(const unsigned char *master, unsigned char *copy, uint64_t seq)
{
	put_le64(copy + VAULT_HDR_SEQ, seq);
	put_le32(copy + VAULT_HDR_FAILED, 0);
	hdr_mac(master, copy, copy + VAULT_HDR_MAC);
	hdr_checksum(copy, copy + VAULT_HDR_CHECKSUM);
}

static bool
hdr_copy_ok(const unsigned char *copy)
{
	unsigned char sum[32];

	if (memcmp(copy + VAULT_HDR_MAGIC, VAULT_MAGIC, 8) != 0 ||
	    get_le32(copy + VAULT_HDR_VERSION) != VAULT_FORMAT_VERSION ||
	    get_le32(copy + VAULT_HDR_COPYSIZE) != COPY ||
	    get_le32(copy + VAULT_HDR_PAGESIZE) != PAGE ||
	    get_le32(copy + VAULT_HDR_RESERVE) != VAULT_VFS_RESERVE ||
	    get_le32(copy + VAULT_HDR_NSLOTS) != VAULT_SLOTS ||
	    get_le32(copy + VAULT_HDR_SLOTSIZE) != VAULT_SLOT_SIZE)
		return false;
	hdr_checksum(copy, sum);
	return sodium_memcmp(sum, copy + VAULT_HDR_CHECKSUM, 32) == 0;
}

/* Whether COPY is a whole header copy of an older format.  */
static bool
old_format_copy(const unsigned char *copy)
{
	unsigned char sum[32];

	if (memcmp(copy + VAULT_HDR_MAGIC, VAULT_MAGIC, 8) != 0 ||
	    get_le32(copy + VAULT_HDR_VERSION) == 0 ||
	    get_le32(copy + VAULT_HDR_VERSION) >= VAULT_FORMAT_VERSION)
		return false;
	hdr_checksum(copy, sum);
	return sodium_memcmp(sum, copy + VAULT_HDR_CHECKSUM, 32) == 0;
}

/* Read the newest whole header copy of FD into OUT.  */
static enum diag_status
hdr_load(int fd, const char *path, unsigned char *out, struct diag *d)
{
	unsigned char *buf = malloc(HEADER);
	ssize_t n;
	int best = -1;
	enum diag_status status = DIAG_OK;

	if (buf == NULL)
		return oom(path, d);
	n = read_all(fd, buf, HEADER, 0);
	if (n < 0) {
		status = io_error(path, _("reading the vault header"), d);
		goto out;
	}
	if (n < 8 || memcmp(buf, VAULT_MAGIC, 8) != 0) {
		status = diag_set(d, DIAG_DATA, path, 0, _("not a douane vault"));
		goto out;
	}
	if (n < HEADER) {
		status = damaged(path, d, _("file truncated"));
		goto out;
	}
	for (int i = 0; i < 2; i++) {
		const unsigned char *c = buf + i * COPY;

		if (hdr_copy_ok(c) && (best < 0 || get_le64(c + VAULT_HDR_SEQ) >
							 get_le64(buf + best * COPY + VAULT_HDR_SEQ)))
			best = i;
	}
	/* A whole copy of an older format: say so, rather than "damaged". */
	if (best < 0 && old_format_copy(buf)) {
		status = diag_set(d, DIAG_DATA, path, 0,
				  _("vault format %u is not supported (this douane reads format "
				    "%u): create the vault again"),
				  (unsigned)get_le32(buf + VAULT_HDR_VERSION),
				  (unsigned)VAULT_FORMAT_VERSION);
		goto out;
	}
	if (best < 0) {
		status = damaged(path, d, _("header unreadable"));
		goto out;
	}
	memcpy(out, buf + best * COPY, COPY);
out:
	free(buf);
	return status;
}

/* Write COPY as both copies, A first, each made durable.  */
static enum diag_status
hdr_write(int fd, const char *path, const unsigned char *copy, struct diag *d)
{
	for (int i = 0; i < 2; i++)
		if (write_all(fd, copy, COPY, (off_t)i * COPY) != 0 || fdatasync(fd) != 0)
			return io_error(path, _("writing the vault header"), d);
	return DIAG_OK;
}

static unsigned
failed_count(int fd)
{
	unsigned char b[4];
	unsigned n = 0;

	for (int i = 0; i < 2; i++)
		if (read_all(fd, b, 4, (off_t)i * COPY + VAULT_HDR_FAILED) == 4 && get_le32(b) > n)
			n = get_le32(b);
	return n;
}

static void
failed_set(int fd, unsigned n)
{
	unsigned char b[4];

	put_le32(b, n);
	for (int i = 0; i < 2; i++)
		if (write_all(fd, b, 4, (off_t)i * COPY + VAULT_HDR_FAILED) != 0)
			return;
	fdatasync(fd);
}

static void
failed_bump(int fd)
{
	unsigned n;

	flock(fd, LOCK_EX);
	n = failed_count(fd);
	if (n < UINT32_MAX)
		failed_set(fd, n + 1);
	flock(fd, LOCK_UN);
}

/* --- Key slots --------------------------------------------------------- */

static int
slot_find(const unsigned char *hdr, const char *user)
{
	size_t n = strlen(user);

	for (int i = 0; i < VAULT_SLOTS; i++) {
		const unsigned char *s = hdr + VAULT_HDR_SLOTS + (size_t)i * VAULT_SLOT_SIZE;

		if (s[VAULT_SLOT_STATE] == 1 && s[VAULT_SLOT_UIDLEN] == n &&
		    memcmp(s + VAULT_SLOT_UID, user, n) == 0)
			return i;
	}
	return -1;
}

static size_t
ad_sk(unsigned char *ad, const unsigned char *file_id, int idx, const unsigned char *s)
{
	size_t n = 0;

	memcpy(ad, "DVSK", 4);
	n += 4;
	memcpy(ad + n, file_id, VAULT_VFS_FILEIDBYTES);
	n += VAULT_VFS_FILEIDBYTES;
	put_le32(ad + n, (uint32_t)idx);
	n += 4;
	memcpy(ad + n, s + VAULT_SLOT_UIDLEN, VAULT_SLOT_SK_NONCE - VAULT_SLOT_UIDLEN);
	return n + VAULT_SLOT_SK_NONCE - VAULT_SLOT_UIDLEN;
}

static size_t
ad_mk(unsigned char *ad, const unsigned char *file_id, int idx, const unsigned char *s)
{
	size_t n = 0;

	memcpy(ad, "DVMK", 4);
	n += 4;
	memcpy(ad + n, file_id, VAULT_VFS_FILEIDBYTES);
	n += VAULT_VFS_FILEIDBYTES;
	put_le32(ad + n, (uint32_t)idx);
	n += 4;
	memcpy(ad + n, s, VAULT_SLOT_SK_NONCE);
	n += VAULT_SLOT_SK_NONCE;
	memcpy(ad + n, s + VAULT_SLOT_EPK, 32);
	return n + 32;
}

#define AD_MAX (4 + VAULT_VFS_FILEIDBYTES + 4 + VAULT_SLOT_SK_NONCE + 32)

/* What the passphrase seals in a slot: the X25519 secret key, then the
 * Ed25519 seed.  */
#define SLOT_SECRETS 64
_Static_assert(VAULT_SLOT_SK + SLOT_SECRETS + ABYTES == VAULT_SLOT_EPK, "slot secrets fit");

/* The key sealing M to a slot: BLAKE2b(X25519(sk, pk) || epk || slot pk). */
static int
seal_key(unsigned char k[KEYLEN], const unsigned char *sk, const unsigned char *pk,
	 const unsigned char *epk, const unsigned char *slot_pk)
{
	unsigned char shared[crypto_scalarmult_BYTES];
	crypto_generichash_state st;

	if (crypto_scalarmult(shared, sk, pk) != 0)
		return -1;
	crypto_generichash_init(&st, NULL, 0, KEYLEN);
	crypto_generichash_update(&st, shared, sizeof shared);
	crypto_generichash_update(&st, epk, 32);
	crypto_generichash_update(&st, slot_pk, 32);
	crypto_generichash_final(&st, k, KEYLEN);
	sodium_memzero(shared, sizeof shared);
	sodium_memzero(&st, sizeof st);
	return 0;
}

/* Seal MASTER to slot IDX of HDR (whose public key, role and status are
 * already set).  */
static int
slot_give_master(unsigned char *hdr, int idx, const unsigned char *master)
{
	unsigned char *s = slot_at(hdr, idx), esk[32], k[KEYLEN], ad[AD_MAX];
	const unsigned char *fid = hdr + VAULT_HDR_FILEID;
	size_t adlen;
	int rc = -1;

	crypto_box_keypair(s + VAULT_SLOT_EPK, esk);
	if (seal_key(k, esk, s + VAULT_SLOT_PK, s + VAULT_SLOT_EPK, s + VAULT_SLOT_PK) != 0)
		goto out;
	randombytes_buf(s + VAULT_SLOT_MK_NONCE, NONCELEN);
	adlen = ad_mk(ad, fid, idx, s);
	crypto_aead_xchacha20poly1305_ietf_encrypt(s + VAULT_SLOT_MK, NULL, master, KEYLEN, ad,
						   adlen, NULL, s + VAULT_SLOT_MK_NONCE, k);
	rc = 0;
out:
	sodium_memzero(esk, sizeof esk);
	sodium_memzero(k, sizeof k);
	return rc;
}

static void
slot_take_master(unsigned char *hdr, int idx)
{
	unsigned char *s = slot_at(hdr, idx);

	memset(s + VAULT_SLOT_EPK, 0, VAULT_SLOT_END - VAULT_SLOT_EPK);
}

/* Argon2id of PASS with slot S's salt and costs into KEK.  */
static int
slot_kek(unsigned char *kek, const unsigned char *s, const char *pass, size_t passlen)
{
	return crypto_pwhash(kek, KEYLEN, pass, passlen, s + VAULT_SLOT_SALT,
			     get_le64(s + VAULT_SLOT_OPSLIMIT),
			     (size_t)get_le64(s + VAULT_SLOT_MEMLIMIT), crypto_pwhash_ALG_ARGON2ID13);
}

/* Fill slot IDX of HDR for USER: a new X25519 key pair, the Ed25519
 * signing key from SIGN_SEED (NULL: a new one), both secrets sealed by
 * PASS, and MASTER sealed to the slot when the status is active.  */
static enum diag_status
slot_fill(unsigned char *hdr, int idx, const char *user, enum vault_role role,
	  enum vault_user_status status, const char *pass, size_t passlen,
	  const struct vault_kdf *kdf, const unsigned char *master,
	  const unsigned char *sign_seed, const char *path, struct diag *d)
{
	unsigned char *s = slot_at(hdr, idx), ad[AD_MAX];
	unsigned char *sk = sodium_malloc(SLOT_SECRETS), *kek = sodium_malloc(KEYLEN);
	unsigned char *sign_sk = sodium_malloc(crypto_sign_SECRETKEYBYTES);
	size_t adlen, n = strlen(user);
	enum diag_status status_rc = DIAG_OK;

	if (sk == NULL || kek == NULL || sign_sk == NULL) {
		status_rc = oom(path, d);
		goto out;
	}
	memset(s, 0, VAULT_SLOT_SIZE);
	s[VAULT_SLOT_STATE] = 1;
	s[VAULT_SLOT_ROLE] = (unsigned char)role;
	s[VAULT_SLOT_STATUS] = (unsigned char)status;
	s[VAULT_SLOT_UIDLEN] = (unsigned char)n;
	memcpy(s + VAULT_SLOT_UID, user, n);
	randombytes_buf(s + VAULT_SLOT_SALT, SALTLEN);
	put_le64(s + VAULT_SLOT_OPSLIMIT, kdf->opslimit);
	put_le64(s + VAULT_SLOT_MEMLIMIT, kdf->memlimit);
	crypto_box_keypair(s + VAULT_SLOT_PK, sk);
	if (sign_seed)
		memcpy(sk + 32, sign_seed, 32);
	else
		randombytes_buf(sk + 32, 32);
	crypto_sign_seed_keypair(s + VAULT_SLOT_SIGN_PK, sign_sk, sk + 32);
	if (slot_kek(kek, s, pass, passlen) != 0) {
		status_rc = oom(path, d); /* Argon2id could not get its memory */
		goto out;
	}
	randombytes_buf(s + VAULT_SLOT_SK_NONCE, NONCELEN);
	adlen = ad_sk(ad, hdr + VAULT_HDR_FILEID, idx, s);
	crypto_aead_xchacha20poly1305_ietf_encrypt(s + VAULT_SLOT_SK, NULL, sk, SLOT_SECRETS, ad,
						   adlen, NULL, s + VAULT_SLOT_SK_NONCE, kek);
	if (status == VAULT_USER_ACTIVE && slot_give_master(hdr, idx, master) != 0)
		status_rc = diag_set(d, DIAG_SOFTWARE, path, 0, _("key sealing failed"));
out:
	sodium_free(sk);
	sodium_free(kek);
	sodium_free(sign_sk);
	if (status_rc != DIAG_OK)
		memset(s, 0, VAULT_SLOT_SIZE);
	return status_rc;
}

/* Unlock slot IDX of HDR with PASS into MASTER, and the user's signing
 * seed into SIGN_SEED (32 bytes, guarded) when it is not NULL.
 * DIAG_NOPERM for a wrong passphrase or a disabled user, DIAG_DATA for an
 * altered slot.  */
static enum diag_status
slot_unlock(const unsigned char *hdr, int idx, const char *pass, size_t passlen,
	    unsigned char *master, unsigned char *sign_seed, const char *path, struct diag *d)
{
	const unsigned char *s = hdr + VAULT_HDR_SLOTS + (size_t)idx * VAULT_SLOT_SIZE;
	const unsigned char *fid = hdr + VAULT_HDR_FILEID;
	unsigned char *sk = sodium_malloc(SLOT_SECRETS), *kek = sodium_malloc(KEYLEN), k[KEYLEN];
	unsigned char ad[AD_MAX];
	size_t adlen;
	enum diag_status status = DIAG_OK;

	if (sk == NULL || kek == NULL) {
		status = oom(path, d);
		goto out;
	}
	if (!valid_kdf(get_le64(s + VAULT_SLOT_OPSLIMIT), get_le64(s + VAULT_SLOT_MEMLIMIT))) {
		status = damaged(path, d, _("key slot altered"));
		goto out;
	}
	if (slot_kek(kek, s, pass, passlen) != 0) {
		status = oom(path, d);
		goto out;
	}
	adlen = ad_sk(ad, fid, idx, s);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(sk, NULL, NULL, s + VAULT_SLOT_SK,
						       SLOT_SECRETS + ABYTES, ad, adlen,
						       s + VAULT_SLOT_SK_NONCE, kek) != 0) {
		status = wrong_user_or_passphrase(path, d);
		goto out;
	}
	/* The passphrase is right: what follows is about the slot.  */
	if (s[VAULT_SLOT_STATUS] == VAULT_USER_DISABLED && sodium_is_zero(s + VAULT_SLOT_MK, 48)) {
		status = diag_set(d, DIAG_NOPERM, path, 0, _("user %.*s is disabled"),
				  (int)s[VAULT_SLOT_UIDLEN], (const char *)s + VAULT_SLOT_UID);
		goto out;
	}
	adlen = ad_mk(ad, fid, idx, s);
	if (seal_key(k, sk, s + VAULT_SLOT_EPK, s + VAULT_SLOT_EPK, s + VAULT_SLOT_PK) != 0 ||
	    crypto_aead_xchacha20poly1305_ietf_decrypt(master, NULL, NULL, s + VAULT_SLOT_MK, 48,
						       ad, adlen, s + VAULT_SLOT_MK_NONCE,
						       k) != 0) {
		status = damaged(path, d, _("key slot altered"));
		goto out;
	}
	if (s[VAULT_SLOT_STATUS] != VAULT_USER_ACTIVE ||
	    (s[VAULT_SLOT_ROLE] < VAULT_ROLE_INSPECTOR || s[VAULT_SLOT_ROLE] > VAULT_ROLE_ADMIN))
		status = damaged(path, d, _("key slot altered"));
	else if (sign_seed)
		memcpy(sign_seed, sk + 32, 32);
out:
	sodium_memzero(k, sizeof k);
	sodium_free(sk);
	sodium_free(kek);
	return status;
}

/* --- Opening ------------------------------------------------------------- */

static struct vault *
vault_alloc(const char *path)
{
	struct vault *v = calloc(1, sizeof *v);

	if (v == NULL)
		return NULL;
	v->fd = -1;
	v->path = strdup(path);
	v->master = sodium_malloc(KEYLEN);
	if (v->path == NULL || v->master == NULL) {
		free(v->path);
		if (v->master)
			sodium_free(v->master);
		free(v);
		return NULL;
	}
	return v;
}

static enum diag_status
vault_attach(struct vault *v, struct diag *d)
{
	if (vault_vfs_attach_key(v->path, v->master, v->file_id) != SQLITE_OK)
		return oom(v->path, d);
	v->attached = true;
	return DIAG_OK;
}

void
vault_close(struct vault *v)
{
	if (v == NULL)
		return;
	if (v->attached)
		vault_vfs_detach_key(v->path);
	/* Closing our descriptor would drop SQLite's POSIX locks on the file
	 * in this process: the store must be closed first (vault.h).  */
	if (v->fd >= 0)
		close(v->fd);
	sodium_free(v->master);
	if (v->sign_sk)
		sodium_free(v->sign_sk);
	if (v->device_sk)
		sodium_free(v->device_sk);
	free(v->path);
	sodium_memzero(v, sizeof *v);
	free(v);
}

static enum diag_status
open_fd(const char *path, int *fd, struct diag *d)
{
	*fd = open(path, O_RDWR | O_CLOEXEC);
	if (*fd < 0 && (errno == EACCES || errno == EROFS))
		*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd >= 0)
		return DIAG_OK;
	if (errno == ENOENT)
		return diag_set(d, DIAG_NOINPUT, path, 0,
				_("no such vault (create one with 'douane init')"));
	return io_error(path, _("opening the vault"), d);
}

/* Checks made once M is known: the MAC, and the database's size.  */
static enum diag_status
check_unlocked(struct vault *v, struct diag *d)
{
	struct stat st;

	if (!hdr_mac_ok(v->master, v->hdr))
		return damaged(v->path, d, _("the header fails its check"));
	if (fstat(v->fd, &st) != 0)
		return io_error(v->path, _("opening the vault"), d);
	if ((st.st_size - HEADER) % PAGE != 0)
		return damaged(v->path, d, _("file truncated"));
	return DIAG_OK;
}

/* --- Signing keys ------------------------------------------------------------ */

/* The user's key pair from SEED into guarded memory; the public key must
 * be the one in the slot, SLOT_PK.  */
static enum diag_status
sign_key_load(struct vault *v, const unsigned char *seed, const unsigned char *slot_pk,
	      struct diag *d)
{
	if ((v->sign_sk = sodium_malloc(crypto_sign_SECRETKEYBYTES)) == NULL)
		return oom(v->path, d);
	crypto_sign_seed_keypair(v->sign_pk, v->sign_sk, seed);
	sodium_mprotect_readonly(v->sign_sk);
	if (sodium_memcmp(v->sign_pk, slot_pk, 32) != 0)
		return damaged(v->path, d, _("key slot altered"));
	return DIAG_OK;
}

/* The key sealing the device seed: a subkey of the master key.  */
static void
device_kek(unsigned char k[KEYLEN], const unsigned char *master)
{
	crypto_kdf_derive_from_key(k, KEYLEN, 2, "DOUANEVD", master);
}

static void
device_ad(unsigned char ad[4 + VAULT_VFS_FILEIDBYTES + 32], const unsigned char *hdr)
{
	memcpy(ad, "DVDK", 4);
	memcpy(ad + 4, hdr + VAULT_HDR_FILEID, VAULT_VFS_FILEIDBYTES);
	memcpy(ad + 4 + VAULT_VFS_FILEIDBYTES, hdr + VAULT_HDR_DEVICE_PK, 32);
}

/* Seal the device SEED (its public key already in HDR) under MASTER. */
static void
device_seal(unsigned char *hdr, const unsigned char *master, const unsigned char *seed)
{
	unsigned char k[KEYLEN], ad[4 + VAULT_VFS_FILEIDBYTES + 32];

	device_kek(k, master);
	device_ad(ad, hdr);
	randombytes_buf(hdr + VAULT_HDR_DEVICE_NONCE, NONCELEN);
	crypto_aead_xchacha20poly1305_ietf_encrypt(hdr + VAULT_HDR_DEVICE_SK, NULL, seed, 32, ad,
						   sizeof ad, NULL, hdr + VAULT_HDR_DEVICE_NONCE, k);
	sodium_memzero(k, sizeof k);
}

/* Open the device key of V's header into guarded memory.  */
static enum diag_status
device_load(struct vault *v, struct diag *d)
{
	unsigned char k[KEYLEN], ad[4 + VAULT_VFS_FILEIDBYTES + 32];
	unsigned char *seed = sodium_malloc(32);
	enum diag_status status = DIAG_OK;
	int rc;

	if (seed == NULL || (v->device_sk = sodium_malloc(crypto_sign_SECRETKEYBYTES)) == NULL) {
		status = oom(v->path, d);
		goto out;
	}
	device_kek(k, v->master);
	device_ad(ad, v->hdr);
	rc = crypto_aead_xchacha20poly1305_ietf_decrypt(
		seed, NULL, NULL, v->hdr + VAULT_HDR_DEVICE_SK, 32 + ABYTES, ad, sizeof ad,
		v->hdr + VAULT_HDR_DEVICE_NONCE, k);
	sodium_memzero(k, sizeof k);
	if (rc != 0) {
		status = damaged(v->path, d, _("the device key fails its check"));
		goto out;
	}
	crypto_sign_seed_keypair(v->device_pk, v->device_sk, seed);
	sodium_mprotect_readonly(v->device_sk);
	if (sodium_memcmp(v->device_pk, v->hdr + VAULT_HDR_DEVICE_PK, 32) != 0)
		status = damaged(v->path, d, _("the device key fails its check"));
out:
	if (seed)
		sodium_free(seed);
	return status;
}

const unsigned char *
vault_sign_pk(const struct vault *v)
{
	return v->sign_sk ? v->sign_pk : NULL;
}

enum diag_status
vault_sign(const struct vault *v, const unsigned char *msg, size_t len,
	   unsigned char sig[VAULT_SIGN_BYTES], struct diag *d)
{
	if (v->sign_sk == NULL)
		return diag_set(d, DIAG_NOPERM, v->path, 0,
				_("a recovery session has no signing key"));
	crypto_sign_detached(sig, NULL, msg, len, v->sign_sk);
	return DIAG_OK;
}

const unsigned char *
vault_device_pk(const struct vault *v)
{
	return v->device_pk;
}

enum diag_status
vault_device_sign(const struct vault *v, const unsigned char *msg, size_t len,
		  unsigned char sig[VAULT_SIGN_BYTES], struct diag *d)
{
	if (v->device_sk == NULL)
		return diag_set(d, DIAG_SOFTWARE, v->path, 0, _("no device key"));
	crypto_sign_detached(sig, NULL, msg, len, v->device_sk);
	return DIAG_OK;
}

enum diag_status
vault_device_seal(const struct vault *v, const char *path, struct envelope_header *h,
		  const void *payload, size_t len, struct diag *d)
{
	if (v->device_sk == NULL)
		return diag_set(d, DIAG_SOFTWARE, v->path, 0, _("no device key"));
	memcpy(h->sender, v->device_pk, sizeof h->sender);
	return envelope_write(path, h, v->device_sk, payload, len, d);
}

enum diag_status
vault_device_open(const struct vault *v, const char *path, vault_envelope_trust_fn trust,
		  void *ctx, struct envelope_header *h, unsigned char **payload, size_t *len,
		  struct diag *d)
{
	*payload = NULL;
	*len = 0;
	if (v->device_sk == NULL)
		return diag_set(d, DIAG_SOFTWARE, v->path, 0, _("no device key"));
	return envelope_read(path, v->device_sk, trust, ctx, h, payload, len, d);
}

void
vault_device_id(const struct vault *v, char out[VAULT_DEVICE_ID_LEN + 1])
{
	sodium_bin2hex(out, VAULT_DEVICE_ID_LEN + 1, v->file_id, VAULT_VFS_FILEIDBYTES);
}

/* Read the failed count for the user to see, and clear it.  */
static void
take_failed(struct vault *v)
{
	flock(v->fd, LOCK_EX);
	v->failed = failed_count(v->fd);
	if (v->failed)
		failed_set(v->fd, 0);
	flock(v->fd, LOCK_UN);
}

enum diag_status
vault_open(const char *path, const char *user, const char *pass, size_t passlen,
	   struct vault **out, struct diag *d)
{
	struct vault *v;
	enum diag_status status;
	int idx;

	*out = NULL;
	if (sodium_init() < 0 || vault_vfs_register() != SQLITE_OK)
		return diag_set(d, DIAG_SOFTWARE, path, 0, _("cannot initialise libsodium"));
	if ((v = vault_alloc(path)) == NULL)
		return oom(path, d);
	if ((status = open_fd(path, &v->fd, d)) != DIAG_OK)
		goto fail;
	flock(v->fd, LOCK_SH);
	status = hdr_load(v->fd, path, v->hdr, d);
	flock(v->fd, LOCK_UN);
	if (status != DIAG_OK)
		goto fail;
	memcpy(v->file_id, v->hdr + VAULT_HDR_FILEID, sizeof v->file_id);

	idx = valid_user(user) ? slot_find(v->hdr, user) : -1;
	if (idx < 0) {
		/* Spend what a real slot would cost, then say the same.  */
		unsigned char kek[KEYLEN], salt[SALTLEN] = {0};
		unsigned long long ops = get_le64(v->hdr + VAULT_HDR_OPSLIMIT);
		uint64_t mem = get_le64(v->hdr + VAULT_HDR_MEMLIMIT);

		int ignored = valid_kdf(ops, mem)
				      ? crypto_pwhash(kek, sizeof kek, pass, passlen, salt, ops,
						      (size_t)mem, crypto_pwhash_ALG_ARGON2ID13)
				      : 0;

		(void)ignored;
		sodium_memzero(kek, sizeof kek);
		failed_bump(v->fd);
		status = wrong_user_or_passphrase(path, d);
		goto fail;
	}
	{
		unsigned char *seed = sodium_malloc(32);

		if (seed == NULL) {
			status = oom(path, d);
			goto fail;
		}
		sodium_mprotect_readwrite(v->master);
		status = slot_unlock(v->hdr, idx, pass, passlen, v->master, seed, path, d);
		sodium_mprotect_readonly(v->master);
		if (status == DIAG_OK)
			status = sign_key_load(v, seed, slot_at(v->hdr, idx) + VAULT_SLOT_SIGN_PK, d);
		sodium_free(seed);
	}
	if (status == DIAG_NOPERM)
		failed_bump(v->fd);
	if (status != DIAG_OK)
		goto fail;
	if ((status = check_unlocked(v, d)) != DIAG_OK || (status = device_load(v, d)) != DIAG_OK)
		goto fail;
	v->slot = idx;
	v->role = (enum vault_role)slot_at(v->hdr, idx)[VAULT_SLOT_ROLE];
	snprintf(v->user, sizeof v->user, "%s", user);
	take_failed(v);
	if ((status = vault_attach(v, d)) != DIAG_OK)
		goto fail;
	*out = v;
	return DIAG_OK;
fail:
	vault_close(v);
	return status;
}

enum diag_status
vault_open_recovery(const char *path, const unsigned char hq_pk[32],
		    const unsigned char hq_sk[32], struct vault **out, struct diag *d)
{
	struct vault *v;
	enum diag_status status;
	int rc;

	*out = NULL;
	if (sodium_init() < 0 || vault_vfs_register() != SQLITE_OK)
		return diag_set(d, DIAG_SOFTWARE, path, 0, _("cannot initialise libsodium"));
	if ((v = vault_alloc(path)) == NULL)
		return oom(path, d);
	if ((status = open_fd(path, &v->fd, d)) != DIAG_OK)
		goto fail;
	flock(v->fd, LOCK_SH);
	status = hdr_load(v->fd, path, v->hdr, d);
	flock(v->fd, LOCK_UN);
	if (status != DIAG_OK)
		goto fail;
	memcpy(v->file_id, v->hdr + VAULT_HDR_FILEID, sizeof v->file_id);
	if (!(get_le32(v->hdr + VAULT_HDR_FLAGS) & 1) ||
	    sodium_memcmp(v->hdr + VAULT_HDR_RECOVERY_PK, hq_pk, 32) != 0) {
		status = diag_set(d, DIAG_NOPERM, path, 0,
				  _("this vault has no recovery slot for that key"));
		goto fail;
	}
	sodium_mprotect_readwrite(v->master);
	rc = crypto_box_seal_open(v->master, v->hdr + VAULT_HDR_RECOVERY_BOX,
				  crypto_box_SEALBYTES + KEYLEN, hq_pk, hq_sk);
	sodium_mprotect_readonly(v->master);
	if (rc != 0) {
		status = diag_set(d, DIAG_NOPERM, path, 0, _("wrong recovery key"));
		goto fail;
	}
	if ((status = check_unlocked(v, d)) != DIAG_OK || (status = device_load(v, d)) != DIAG_OK)
		goto fail;
	v->slot = -1;
	v->role = VAULT_ROLE_ADMIN;
	snprintf(v->user, sizeof v->user, "%s", RECOVERY_USER);
	take_failed(v);
	if ((status = vault_attach(v, d)) != DIAG_OK)
		goto fail;
	*out = v;
	return DIAG_OK;
fail:
	vault_close(v);
	return status;
}

enum diag_status
vault_reauth(struct vault *v, const char *pass, size_t passlen, struct diag *d)
{
	unsigned char hdr[COPY];
	unsigned char *m;
	enum diag_status status;

	if (v->slot < 0)
		return diag_set(d, DIAG_NOPERM, v->path, 0,
				_("a recovery session cannot be unlocked again"));
	flock(v->fd, LOCK_SH);
	status = hdr_load(v->fd, v->path, hdr, d);
	flock(v->fd, LOCK_UN);
	if (status != DIAG_OK)
		return status;
	if ((m = sodium_malloc(KEYLEN)) == NULL)
		return oom(v->path, d);
	status = slot_unlock(hdr, v->slot, pass, passlen, m, NULL, v->path, d);
	if (status == DIAG_OK && sodium_memcmp(m, v->master, KEYLEN) != 0)
		status = diag_set(d, DIAG_NOPERM, v->path, 0,
				  _("the vault was re-keyed: open it again"));
	sodium_free(m);
	if (status == DIAG_NOPERM)
		failed_bump(v->fd);
	else if (status == DIAG_OK)
		take_failed(v);
	return status;
}

/* --- Accessors ----------------------------------------------------------- */

const char *
vault_path(const struct vault *v)
{
	return v->path;
}

const char *
vault_user(const struct vault *v)
{
	return v->user;
}

enum vault_role
vault_role(const struct vault *v)
{
	return v->role;
}

const unsigned char *
vault_master_key(const struct vault *v)
{
	return v->master;
}

const unsigned char *
vault_file_id(const struct vault *v)
{
	return v->file_id;
}

unsigned
vault_failed_attempts(const struct vault *v)
{
	return v->failed;
}

enum diag_status
vault_path_failed_attempts(const char *path, unsigned *n, struct diag *d)
{
	unsigned char hdr[COPY];
	enum diag_status status;
	int fd;

	*n = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		if (errno == ENOENT)
			return diag_set(d, DIAG_NOINPUT, path, 0, _("no such vault"));
		return io_error(path, _("opening the vault"), d);
	}
	if ((status = hdr_load(fd, path, hdr, d)) == DIAG_OK)
		*n = failed_count(fd);
	close(fd);
	return status;
}

unsigned
vault_unlock_delay_ms(unsigned failed)
{
	if (failed < 3)
		return 0;
	if (failed - 3 >= 5)
		return 30000;
	return 1000u << (failed - 3);
}

const char *
vault_role_name(enum vault_role role)
{
	switch (role) {
	case VAULT_ROLE_INSPECTOR:
		return "inspector";
	case VAULT_ROLE_SUPERVISOR:
		return "supervisor";
	case VAULT_ROLE_ADMIN:
		return "admin";
	}
	return "?";
}

int
vault_role_parse(const char *s, enum vault_role *role)
{
	for (int r = VAULT_ROLE_INSPECTOR; r <= VAULT_ROLE_ADMIN; r++)
		if (strcmp(s, vault_role_name((enum vault_role)r)) == 0) {
			*role = (enum vault_role)r;
			return 0;
		}
	return -1;
}

void
vault_harden_process(void)
{
	struct rlimit none = {0, 0};

	setrlimit(RLIMIT_CORE, &none);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

/* --- Creating ---------------------------------------------------------------- */

static enum diag_status
sqlite_failed(sqlite3 *db, const char *path, const char *what, struct diag *d)
{
	int rc = db ? sqlite3_errcode(db) & 0xff : SQLITE_NOMEM;

	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return diag_set(d, DIAG_IO, path, 0, _("the vault is in use by another program"));
	if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) {
		uint32_t pg = db ? vault_vfs_bad_page(db) : 0;

		if (pg)
			return diag_set(d, DIAG_DATA, path, 0,
					_("vault damaged or altered: page %u"), (unsigned)pg);
		return damaged(path, d, db ? sqlite3_errmsg(db) : "");
	}
	return diag_set(d, DIAG_IO, path, 0, _("%s: %s"), what,
			db ? sqlite3_errmsg(db) : _("out of memory"));
}

/* Make the empty SQLite database of a new vault: 4096-byte pages with the
 * reserve for nonce and tag, in WAL mode, all set before page 1 is first
 * written (a rollback journal is never needed: MEMORY until WAL).  */
static enum diag_status
create_database(struct vault *v, struct diag *d)
{
	sqlite3 *db = NULL;
	int reserve = VAULT_VFS_RESERVE;
	enum diag_status status = DIAG_OK;
	const char *what = _("creating the vault database");

	if (sqlite3_open_v2(v->path, &db, SQLITE_OPEN_READWRITE, VAULT_VFS_NAME) != SQLITE_OK ||
	    sqlite3_file_control(db, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve) != SQLITE_OK ||
	    sqlite3_exec(db,
			 "PRAGMA page_size = 4096; PRAGMA temp_store = MEMORY;"
			 "PRAGMA journal_mode = MEMORY; PRAGMA journal_mode = WAL;"
			 "PRAGMA synchronous = FULL; BEGIN IMMEDIATE; COMMIT;",
			 NULL, NULL, NULL) != SQLITE_OK) {
		status = sqlite_failed(db, v->path, what, d);
		goto out;
	}
	{
		sqlite3_stmt *st = NULL;
		bool wal = false;

		if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			wal = strcmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
		sqlite3_finalize(st);
		if (!wal)
			status = diag_set(d, DIAG_SOFTWARE, v->path, 0, _("%s: %s"), what,
					  "journal mode is not WAL");
	}
out:
	sqlite3_close(db);
	return status;
}

enum diag_status
vault_create(const char *path, const char *user, const char *pass, size_t passlen,
	     const struct vault_kdf *kdf, struct vault **out, struct diag *d)
{
	struct vault *v;
	unsigned char *h;
	enum diag_status status;
	bool created = false;

	*out = NULL;
	if (kdf == NULL)
		kdf = &vault_kdf_moderate;
	if (sodium_init() < 0 || vault_vfs_register() != SQLITE_OK)
		return diag_set(d, DIAG_SOFTWARE, path, 0, _("cannot initialise libsodium"));
	if (!valid_user(user))
		return diag_set(d, DIAG_USAGE, path, 0,
				_("a user id is 1 to %d bytes with no control characters"),
				VAULT_USER_MAX);
	if (passlen == 0)
		return diag_set(d, DIAG_USAGE, path, 0, _("the passphrase is empty"));
	if (!valid_kdf(kdf->opslimit, kdf->memlimit))
		return diag_set(d, DIAG_USAGE, path, 0, _("Argon2id costs out of range"));
	if ((v = vault_alloc(path)) == NULL)
		return oom(path, d);

	h = v->hdr;
	memcpy(h + VAULT_HDR_MAGIC, VAULT_MAGIC, 8);
	put_le32(h + VAULT_HDR_VERSION, VAULT_FORMAT_VERSION);
	put_le32(h + VAULT_HDR_COPYSIZE, COPY);
	put_le32(h + VAULT_HDR_PAGESIZE, PAGE);
	put_le32(h + VAULT_HDR_RESERVE, VAULT_VFS_RESERVE);
	put_le32(h + VAULT_HDR_NSLOTS, VAULT_SLOTS);
	put_le32(h + VAULT_HDR_SLOTSIZE, VAULT_SLOT_SIZE);
	randombytes_buf(v->file_id, sizeof v->file_id);
	memcpy(h + VAULT_HDR_FILEID, v->file_id, sizeof v->file_id);
	put_le64(h + VAULT_HDR_OPSLIMIT, kdf->opslimit);
	put_le64(h + VAULT_HDR_MEMLIMIT, kdf->memlimit);
	sodium_mprotect_readwrite(v->master);
	randombytes_buf(v->master, KEYLEN);
	sodium_mprotect_readonly(v->master);
	{
		/* The first user's signing key, and the device key.  */
		unsigned char *seed = sodium_malloc(32), *sk = sodium_malloc(64);

		if (seed == NULL || sk == NULL) {
			status = oom(path, d);
		} else {
			randombytes_buf(seed, 32);
			status = slot_fill(h, 0, user, VAULT_ROLE_ADMIN, VAULT_USER_ACTIVE, pass,
					   passlen, kdf, v->master, seed, path, d);
			if (status == DIAG_OK)
				status = sign_key_load(v, seed, slot_at(h, 0) + VAULT_SLOT_SIGN_PK,
						       d);
			randombytes_buf(seed, 32);
			crypto_sign_seed_keypair(h + VAULT_HDR_DEVICE_PK, sk, seed);
			device_seal(h, v->master, seed);
		}
		if (seed)
			sodium_free(seed);
		if (sk)
			sodium_free(sk);
		if (status != DIAG_OK)
			goto fail;
	}
	hdr_seal(v->master, h, 1);

	v->fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (v->fd < 0) {
		if (errno == EEXIST)
			status = diag_set(d, DIAG_USAGE, path, 0,
					  _("already exists; not overwriting it"));
		else
			status = io_error(path, _("creating the vault"), d);
		goto fail;
	}
	created = true;
	if ((status = hdr_write(v->fd, path, h, d)) != DIAG_OK)
		goto fail;
	v->slot = 0;
	v->role = VAULT_ROLE_ADMIN;
	snprintf(v->user, sizeof v->user, "%s", user);
	if ((status = device_load(v, d)) != DIAG_OK || (status = vault_attach(v, d)) != DIAG_OK ||
	    (status = create_database(v, d)) != DIAG_OK)
		goto fail;
	if (fsync(v->fd) != 0 || fsync_dir(path) != 0) {
		status = io_error(path, _("creating the vault"), d);
		goto fail;
	}
	*out = v;
	return DIAG_OK;
fail:
	if (created) {
		char side[PATH_MAX + 8];

		unlink(path);
		snprintf(side, sizeof side, "%s-wal", path);
		unlink(side);
		snprintf(side, sizeof side, "%s-shm", path);
		unlink(side);
	}
	vault_close(v);
	return status;
}

/* --- Changing users ------------------------------------------------------------ */

/* Lock the header, read it afresh and check it with V's key: every change
 * starts here and ends with hdr_commit() or hdr_abort().  */
static enum diag_status
hdr_begin(struct vault *v, unsigned char *hdr, struct diag *d)
{
	enum diag_status status;

	if (flock(v->fd, LOCK_EX) != 0)
		return io_error(v->path, _("locking the vault header"), d);
	if ((status = hdr_load(v->fd, v->path, hdr, d)) != DIAG_OK)
		goto fail;
	if (memcmp(hdr + VAULT_HDR_FILEID, v->file_id, sizeof v->file_id) != 0) {
		status = damaged(v->path, d, _("the header fails its check"));
		goto fail;
	}
	if (!hdr_mac_ok(v->master, hdr)) {
		/* Another program rotated the key, or the header was altered. */
		if (get_le32(hdr + VAULT_HDR_EPOCH) != get_le32(v->hdr + VAULT_HDR_EPOCH))
			status = diag_set(d, DIAG_NOPERM, v->path, 0,
					  _("the vault was re-keyed: open it again"));
		else
			status = damaged(v->path, d, _("the header fails its check"));
		goto fail;
	}
	return DIAG_OK;
fail:
	flock(v->fd, LOCK_UN);
	return status;
}

static enum diag_status
hdr_commit(struct vault *v, unsigned char *hdr, struct diag *d)
{
	enum diag_status status;

	hdr_seal(v->master, hdr, get_le64(hdr + VAULT_HDR_SEQ) + 1);
	status = hdr_write(v->fd, v->path, hdr, d);
	if (status == DIAG_OK)
		memcpy(v->hdr, hdr, COPY);
	flock(v->fd, LOCK_UN);
	return status;
}

static void
hdr_abort(struct vault *v)
{
	flock(v->fd, LOCK_UN);
}

static enum diag_status
need_admin(struct vault *v, struct diag *d)
{
	if (v->role != VAULT_ROLE_ADMIN)
		return diag_set(d, DIAG_NOPERM, v->path, 0, _("only an admin may do this"));
	return DIAG_OK;
}

static enum diag_status
no_such_user(struct vault *v, const char *user, struct diag *d)
{
	return diag_set(d, DIAG_USAGE, v->path, 0, _("no user %s in this vault"), user);
}

/* Whether an active admin other than slot SKIP remains.  */
static bool
other_admin(const unsigned char *hdr, int skip)
{
	for (int i = 0; i < VAULT_SLOTS; i++) {
		const unsigned char *s = hdr + VAULT_HDR_SLOTS + (size_t)i * VAULT_SLOT_SIZE;

		if (i != skip && s[VAULT_SLOT_STATE] == 1 && s[VAULT_SLOT_ROLE] == VAULT_ROLE_ADMIN &&
		    s[VAULT_SLOT_STATUS] == VAULT_USER_ACTIVE)
			return true;
	}
	return false;
}

static void
kdf_default(const unsigned char *hdr, struct vault_kdf *kdf)
{
	kdf->opslimit = get_le64(hdr + VAULT_HDR_OPSLIMIT);
	kdf->memlimit = (size_t)get_le64(hdr + VAULT_HDR_MEMLIMIT);
}

enum diag_status
vault_user_add(struct vault *v, const char *user, enum vault_role role, const char *pass,
	       size_t passlen, const struct vault_kdf *kdf, struct diag *d)
{
	unsigned char hdr[COPY];
	struct vault_kdf def;
	enum diag_status status;
	int idx = -1;

	if ((status = need_admin(v, d)) != DIAG_OK)
		return status;
	if (!valid_user(user) || strcmp(user, RECOVERY_USER) == 0)
		return diag_set(d, DIAG_USAGE, v->path, 0,
				_("a user id is 1 to %d bytes with no control characters"),
				VAULT_USER_MAX);
	if (role < VAULT_ROLE_INSPECTOR || role > VAULT_ROLE_ADMIN)
		return diag_set(d, DIAG_USAGE, v->path, 0, _("unknown role"));
	if (passlen == 0)
		return diag_set(d, DIAG_USAGE, v->path, 0, _("the passphrase is empty"));
	if (kdf && !valid_kdf(kdf->opslimit, kdf->memlimit))
		return diag_set(d, DIAG_USAGE, v->path, 0, _("Argon2id costs out of range"));
	if ((status = hdr_begin(v, hdr, d)) != DIAG_OK)
		return status;
	if (slot_find(hdr, user) >= 0) {
		hdr_abort(v);
		return diag_set(d, DIAG_USAGE, v->path, 0, _("user %s already exists"), user);
	}
	for (int i = 0; i < VAULT_SLOTS && idx < 0; i++)
		if (slot_at(hdr, i)[VAULT_SLOT_STATE] == 0)
			idx = i;
	if (idx < 0) {
		hdr_abort(v);
		return diag_set(d, DIAG_USAGE, v->path, 0, _("no free key slot (at most %d users)"),
				VAULT_SLOTS);
	}
	kdf_default(hdr, &def);
	status = slot_fill(hdr, idx, user, role, VAULT_USER_ACTIVE, pass, passlen, kdf ? kdf : &def,
			   v->master, NULL, v->path, d);
	if (status != DIAG_OK) {
		hdr_abort(v);
		return status;
	}
	return hdr_commit(v, hdr, d);
}

enum diag_status
vault_user_list(struct vault *v, struct vault_user_info *out, size_t max, size_t *n,
		struct diag *d)
{
	unsigned char hdr[COPY];
	enum diag_status status;

	*n = 0;
	if ((status = hdr_begin(v, hdr, d)) != DIAG_OK)
		return status;
	hdr_abort(v);
	for (int i = 0; i < VAULT_SLOTS && *n < max; i++) {
		const unsigned char *s = slot_at(hdr, i);
		struct vault_user_info *u = &out[*n];

		if (s[VAULT_SLOT_STATE] != 1)
			continue;
		memcpy(u->user, s + VAULT_SLOT_UID, s[VAULT_SLOT_UIDLEN]);
		u->user[s[VAULT_SLOT_UIDLEN]] = '\0';
		u->role = (enum vault_role)s[VAULT_SLOT_ROLE];
		u->status = (enum vault_user_status)s[VAULT_SLOT_STATUS];
		u->slot = i;
		(*n)++;
	}
	return DIAG_OK;
}

enum diag_status
vault_user_passwd(struct vault *v, const char *user, const char *pass, size_t passlen,
		  const struct vault_kdf *kdf, struct diag *d)
{
	unsigned char hdr[COPY], *s;
	struct vault_kdf def;
	enum diag_status status;
	char who[VAULT_USER_MAX + 1];
	bool own;
	int idx;

	if (strcmp(user, v->user) != 0 && (status = need_admin(v, d)) != DIAG_OK)
		return status;
	if (passlen == 0)
		return diag_set(d, DIAG_USAGE, v->path, 0, _("the passphrase is empty"));
	if (kdf && !valid_kdf(kdf->opslimit, kdf->memlimit))
		return diag_set(d, DIAG_USAGE, v->path, 0, _("Argon2id costs out of range"));
	if ((status = hdr_begin(v, hdr, d)) != DIAG_OK)
		return status;
	if ((idx = valid_user(user) ? slot_find(hdr, user) : -1) < 0) {
		hdr_abort(v);
		return no_such_user(v, user, d);
	}
	s = slot_at(hdr, idx);
	snprintf(who, sizeof who, "%s", user);
	kdf_default(hdr, &def);
	/* Our own passphrase: the signing key is kept (its seed is the first
	 * half of the guarded secret key).  Someone else's: we cannot read
	 * their secret, so they get a new key pair.  */
	own = idx == v->slot && v->sign_sk != NULL;
	status = slot_fill(hdr, idx, who, (enum vault_role)s[VAULT_SLOT_ROLE],
			   (enum vault_user_status)s[VAULT_SLOT_STATUS], pass, passlen,
			   kdf ? kdf : &def, v->master, own ? v->sign_sk : NULL, v->path, d);
	if (status != DIAG_OK) {
		hdr_abort(v);
		return status;
	}
	return hdr_commit(v, hdr, d);
}

static enum diag_status
set_status(struct vault *v, const char *user, enum vault_user_status to, struct diag *d)
{
	unsigned char hdr[COPY], *s;
	enum diag_status status;
	int idx;

	if ((status = need_admin(v, d)) != DIAG_OK)
		return status;
	if (strcmp(user, v->user) == 0 && to == VAULT_USER_DISABLED)
		return diag_set(d, DIAG_USAGE, v->path, 0, _("you cannot disable yourself"));
	if ((status = hdr_begin(v, hdr, d)) != DIAG_OK)
		return status;
	if ((idx = valid_user(user) ? slot_find(hdr, user) : -1) < 0) {
		hdr_abort(v);
		return no_such_user(v, user, d);
	}
	s = slot_at(hdr, idx);
	if (to == VAULT_USER_DISABLED && s[VAULT_SLOT_ROLE] == VAULT_ROLE_ADMIN &&
	    !other_admin(hdr, idx)) {
		hdr_abort(v);
		return diag_set(d, DIAG_USAGE, v->path, 0, _("%s is the last active admin"), user);
	}
	s[VAULT_SLOT_STATUS] = (unsigned char)to;
	if (to == VAULT_USER_DISABLED)
		slot_take_master(hdr, idx);
	else if (slot_give_master(hdr, idx, v->master) != 0) {
		hdr_abort(v);
		return diag_set(d, DIAG_SOFTWARE, v->path, 0, _("key sealing failed"));
	}
	return hdr_commit(v, hdr, d);
}

enum diag_status
vault_user_disable(struct vault *v, const char *user, struct diag *d)
{
	return set_status(v, user, VAULT_USER_DISABLED, d);
}

enum diag_status
vault_user_enable(struct vault *v, const char *user, struct diag *d)
{
	return set_status(v, user, VAULT_USER_ACTIVE, d);
}

enum diag_status
vault_recovery_set(struct vault *v, const unsigned char hq_pk[32], struct diag *d)
{
	unsigned char hdr[COPY];
	enum diag_status status;

	if ((status = need_admin(v, d)) != DIAG_OK)
		return status;
	if ((status = hdr_begin(v, hdr, d)) != DIAG_OK)
		return status;
	memcpy(hdr + VAULT_HDR_RECOVERY_PK, hq_pk, 32);
	if (crypto_box_seal(hdr + VAULT_HDR_RECOVERY_BOX, v->master, KEYLEN, hq_pk) != 0) {
		hdr_abort(v);
		return diag_set(d, DIAG_USAGE, v->path, 0, _("not a usable public key"));
	}
	put_le32(hdr + VAULT_HDR_FLAGS, get_le32(hdr + VAULT_HDR_FLAGS) | 1);
	return hdr_commit(v, hdr, d);
}

enum diag_status
vault_user_sign_pk(struct vault *v, const char *user, unsigned char pk[VAULT_SIGN_PKBYTES],
		   bool *found, struct diag *d)
{
	unsigned char hdr[COPY];
	enum diag_status status;
	int idx;

	*found = false;
	if ((status = hdr_begin(v, hdr, d)) != DIAG_OK)
		return status;
	hdr_abort(v);
	if ((idx = valid_user(user) ? slot_find(hdr, user) : -1) >= 0) {
		memcpy(pk, slot_at(hdr, idx) + VAULT_SLOT_SIGN_PK, VAULT_SIGN_PKBYTES);
		*found = true;
	}
	return DIAG_OK;
}

/* --- Rotation ------------------------------------------------------------------ */

/* Re-encrypt V's database, under OLD keys, into FD under NEW keys.  The
 * caller holds an exclusive SQLite connection and has emptied the WAL. */
static enum diag_status
reencrypt(struct vault *v, int fd, const struct vault_vfs_keys *old,
	  const struct vault_vfs_keys *new, struct diag *d)
{
	unsigned char *page = sodium_malloc(PAGE);
	struct stat st;
	enum diag_status status = DIAG_OK;
	uint32_t npages;

	if (page == NULL)
		return oom(v->path, d);
	if (fstat(v->fd, &st) != 0) {
		status = io_error(v->path, _("re-encrypting the vault"), d);
		goto out;
	}
	if (st.st_size < HEADER || (st.st_size - HEADER) % PAGE != 0) {
		status = damaged(v->path, d, _("file truncated"));
		goto out;
	}
	npages = (uint32_t)((st.st_size - HEADER) / PAGE);
	for (uint32_t pg = 1; pg <= npages; pg++) {
		off_t off = HEADER + (off_t)(pg - 1) * PAGE;

		if (read_all(v->fd, page, PAGE, off) != PAGE) {
			status = io_error(v->path, _("re-encrypting the vault"), d);
			goto out;
		}
		if (vault_vfs_page_decrypt(old, pg, page) != 0) {
			status = diag_set(d, DIAG_DATA, v->path, 0,
					  _("vault damaged or altered: page %u"), (unsigned)pg);
			goto out;
		}
		vault_vfs_page_encrypt(new, pg, page);
		if (write_all(fd, page, PAGE, off) != 0) {
			status = io_error(v->path, _("re-encrypting the vault"), d);
			goto out;
		}
	}
out:
	sodium_free(page);
	return status;
}

/* An SQLite connection that keeps every other one out, with the WAL
 * checkpointed into the database and emptied.  */
static enum diag_status
exclusive_open(struct vault *v, sqlite3 **dbp, struct diag *d)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	enum diag_status status = DIAG_OK;
	const char *what = _("taking the vault for re-keying");
	int rc;

	*dbp = NULL;
	if (sqlite3_open_v2(v->path, &db, SQLITE_OPEN_READWRITE, VAULT_VFS_NAME) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA temp_store = MEMORY; PRAGMA locking_mode = EXCLUSIVE;",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &st, NULL) != SQLITE_OK) {
		status = sqlite_failed(db, v->path, what, d);
		goto fail;
	}
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		status = sqlite_failed(db, v->path, what, d);
		goto fail;
	}
	if (sqlite3_column_int(st, 0) != 0) {
		status = diag_set(d, DIAG_IO, v->path, 0, _("the vault is in use by another program"));
		goto fail;
	}
	sqlite3_finalize(st);
	/* Reading the schema takes and keeps the exclusive lock.  */
	if (sqlite3_exec(db, "BEGIN EXCLUSIVE; SELECT count(*) FROM sqlite_schema; COMMIT;", NULL,
			 NULL, NULL) != SQLITE_OK) {
		status = sqlite_failed(db, v->path, what, d);
		goto fail2;
	}
	*dbp = db;
	return DIAG_OK;
fail:
	sqlite3_finalize(st);
fail2:
	sqlite3_close(db);
	return status;
}

/* Rotate the master key; with CLEAR >= 0, slot CLEAR is emptied too.  */
static enum diag_status
rotate(struct vault *v, int clear, struct diag *d)
{
	unsigned char hdr[COPY];
	unsigned char *m2 = NULL;
	struct vault_vfs_keys *oldk = NULL, *newk = NULL;
	sqlite3 *db = NULL;
	char *rekey = NULL, *wal = NULL;
	struct stat st;
	enum diag_status status;
	int fd = -1, nfd;
	bool renamed = false;

	if ((status = hdr_begin(v, hdr, d)) != DIAG_OK)
		return status;
	rekey = sqlite3_mprintf("%s.rekey", v->path);
	wal = sqlite3_mprintf("%s-wal", v->path);
	m2 = sodium_malloc(KEYLEN);
	if (rekey == NULL || wal == NULL || m2 == NULL) {
		status = oom(v->path, d);
		goto out;
	}

	/* The new header.  */
	randombytes_buf(m2, KEYLEN);
	if (clear >= 0)
		memset(slot_at(hdr, clear), 0, VAULT_SLOT_SIZE);
	for (int i = 0; i < VAULT_SLOTS; i++) {
		unsigned char *s = slot_at(hdr, i);

		if (s[VAULT_SLOT_STATE] == 1 && s[VAULT_SLOT_STATUS] == VAULT_USER_ACTIVE &&
		    slot_give_master(hdr, i, m2) != 0) {
			status = diag_set(d, DIAG_SOFTWARE, v->path, 0, _("key sealing failed"));
			goto out;
		}
	}
	if ((get_le32(hdr + VAULT_HDR_FLAGS) & 1) &&
	    crypto_box_seal(hdr + VAULT_HDR_RECOVERY_BOX, m2, KEYLEN,
			    hdr + VAULT_HDR_RECOVERY_PK) != 0) {
		status = diag_set(d, DIAG_SOFTWARE, v->path, 0, _("key sealing failed"));
		goto out;
	}
	/* The device key stays the booth's: sealed again under M'.  */
	device_seal(hdr, m2, v->device_sk);
	put_le32(hdr + VAULT_HDR_EPOCH, get_le32(hdr + VAULT_HDR_EPOCH) + 1);
	hdr_seal(m2, hdr, get_le64(hdr + VAULT_HDR_SEQ) + 1);

	/* The new file, next to the old one.  */
	oldk = vault_vfs_keys_new(v->master, v->file_id);
	newk = vault_vfs_keys_new(m2, v->file_id);
	if (oldk == NULL || newk == NULL) {
		status = oom(v->path, d);
		goto out;
	}
	unlink(rekey);
	if ((fd = open(rekey, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0) {
		status = io_error(rekey, _("re-encrypting the vault"), d);
		goto out;
	}
	if ((status = hdr_write(fd, rekey, hdr, d)) != DIAG_OK)
		goto out;
	if ((status = exclusive_open(v, &db, d)) != DIAG_OK)
		goto out;
	if ((status = reencrypt(v, fd, oldk, newk, d)) != DIAG_OK)
		goto out;
	if (fsync(fd) != 0 || close(fd) != 0) {
		fd = -1;
		status = io_error(rekey, _("re-encrypting the vault"), d);
		goto out;
	}
	fd = -1;
	crash_point("rekey-written");

	/* Let go of the old file: closing the only connection deletes the
	 * (empty) WAL; make that durable before the new file takes the name,
	 * and make sure nobody came in meanwhile.  */
	if (sqlite3_close(db) != SQLITE_OK) {
		db = NULL;
		status = diag_set(d, DIAG_IO, v->path, 0, _("the vault is in use by another program"));
		goto out;
	}
	db = NULL;
	if ((stat(wal, &st) == 0 && st.st_size > 0)) {
		status = diag_set(d, DIAG_IO, v->path, 0, _("the vault is in use by another program"));
		goto out;
	}
	if (fsync_dir(v->path) != 0) {
		status = io_error(v->path, _("re-encrypting the vault"), d);
		goto out;
	}
	crash_point("wal-closed");
	if (rename(rekey, v->path) != 0) {
		status = io_error(v->path, _("re-encrypting the vault"), d);
		goto out;
	}
	renamed = true;
	crash_point("renamed");
	if (fsync_dir(v->path) != 0) {
		status = io_error(v->path, _("re-encrypting the vault"), d);
		goto out;
	}

	/* From here on V is the new vault.  */
	if ((nfd = open(v->path, O_RDWR | O_CLOEXEC)) < 0) {
		status = io_error(v->path, _("opening the vault"), d);
		goto out;
	}
	flock(v->fd, LOCK_UN);
	close(v->fd);
	v->fd = nfd;
	sodium_mprotect_readwrite(v->master);
	memcpy(v->master, m2, KEYLEN);
	sodium_mprotect_readonly(v->master);
	memcpy(v->hdr, hdr, COPY);
	status = vault_attach(v, d);
	goto done;
out:
	if (fd >= 0)
		close(fd);
	sqlite3_close(db);
	if (!renamed && rekey)
		unlink(rekey);
	flock(v->fd, LOCK_UN);
done:
	vault_vfs_keys_free(oldk);
	vault_vfs_keys_free(newk);
	if (m2)
		sodium_free(m2);
	sqlite3_free(rekey);
	sqlite3_free(wal);
	return status;
}

enum diag_status
vault_user_remove(struct vault *v, const char *user, struct diag *d)
{
	const unsigned char *s;
	enum diag_status status;
	int idx;

	if ((status = need_admin(v, d)) != DIAG_OK)
		return status;
	if (strcmp(user, v->user) == 0)
		return diag_set(d, DIAG_USAGE, v->path, 0, _("you cannot remove yourself"));
	if ((idx = valid_user(user) ? slot_find(v->hdr, user) : -1) < 0)
		return no_such_user(v, user, d);
	s = slot_at(v->hdr, idx);
	if (s[VAULT_SLOT_ROLE] == VAULT_ROLE_ADMIN && !other_admin(v->hdr, idx))
		return diag_set(d, DIAG_USAGE, v->path, 0, _("%s is the last active admin"), user);
	return rotate(v, idx, d);
}

enum diag_status
vault_rekey(struct vault *v, struct diag *d)
{
	enum diag_status status;

	if ((status = need_admin(v, d)) != DIAG_OK)
		return status;
	return rotate(v, -1, d);
}

/* --- Verification ------------------------------------------------------------ */

enum diag_status
vault_verify(struct vault *v, uint32_t *bad_page, struct diag *d)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	struct vault_vfs_keys *k = NULL;
	unsigned char *page = NULL;
	enum diag_status status = DIAG_OK;
	const char *what = _("verifying the vault");
	bool scan = false;
	struct stat sb;
	int rc;

	*bad_page = 0;
	if (sqlite3_open_v2(v->path, &db, SQLITE_OPEN_READWRITE, VAULT_VFS_NAME) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA temp_store = MEMORY;", NULL, NULL, NULL) != SQLITE_OK) {
		status = sqlite_failed(db, v->path, what, d);
		goto out;
	}
	/* With the WAL emptied into the file, every page of the file counts. */
	if (sqlite3_prepare_v2(db, "PRAGMA wal_checkpoint(TRUNCATE)", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		scan = sqlite3_column_int(st, 0) == 0 && sqlite3_column_int(st, 1) <= 0;
	else if ((sqlite3_errcode(db) & 0xff) == SQLITE_CORRUPT) {
		status = sqlite_failed(db, v->path, what, d);
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (scan) {
		if ((k = vault_vfs_keys_new(v->master, v->file_id)) == NULL ||
		    (page = sodium_malloc(PAGE)) == NULL) {
			status = oom(v->path, d);
			goto out;
		}
		if (fstat(v->fd, &sb) != 0) {
			status = io_error(v->path, what, d);
			goto out;
		}
		for (uint32_t pg = 1; HEADER + (off_t)pg * PAGE <= sb.st_size; pg++) {
			if (read_all(v->fd, page, PAGE, HEADER + (off_t)(pg - 1) * PAGE) != PAGE) {
				status = io_error(v->path, what, d);
				goto out;
			}
			if (vault_vfs_page_decrypt(k, pg, page) != 0) {
				*bad_page = pg;
				status = diag_set(d, DIAG_DATA, v->path, 0,
						  _("vault damaged or altered: page %u"), (unsigned)pg);
				goto out;
			}
		}
		if ((sb.st_size - HEADER) % PAGE != 0) {
			status = damaged(v->path, d, _("file truncated"));
			goto out;
		}
	}
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
		status = sqlite_failed(db, v->path, what, d);
		goto out;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0) {
		*bad_page = vault_vfs_bad_page(db);
		if (*bad_page)
			status = diag_set(d, DIAG_DATA, v->path, 0,
					  _("vault damaged or altered: page %u"), (unsigned)*bad_page);
		else
			status = damaged(v->path, d, (const char *)sqlite3_column_text(st, 0));
	} else if (rc != SQLITE_ROW) {
		*bad_page = vault_vfs_bad_page(db);
		status = sqlite_failed(db, v->path, what, d);
	}
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	vault_vfs_keys_free(k);
	if (page)
		sodium_free(page);
	return status;
}
