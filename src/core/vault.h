/* vault: the booth's encrypted file, its users, roles and keys.
 *
 * A vault is one file (plus SQLite's -wal and -shm): a header of key slots,
 * then an SQLite database whose every page is encrypted by the vault VFS
 * (vault_vfs.h) under one random master key.  Each user has a key slot:
 * their passphrase (Argon2id) opens it and yields the master key; the slot
 * binds user id, role and status, so none of them can be edited to gain
 * access.  Changing a passphrase rewrites one slot; removing a user
 * rotates the master key and re-encrypts the whole file, crash-safely.
 * An optional recovery slot holds the master key sealed to HQ's public
 * key.  The layout is described at the top of vault.c and by the
 * VAULT_HDR_* and VAULT_SLOT_* constants below.
 *
 * vault_open() attaches the master key to the VFS for the vault's path;
 * the store then opens the database through VAULT_VFS_NAME.  Close the
 * store before vault_close(), and before vault_user_remove()/vault_rekey()
 * (rotation needs the file to itself).
 *
 * Status codes: DIAG_NOPERM (77) for a wrong user or passphrase (which of
 * the two is not said), a disabled user, or an operation the user's role
 * does not allow; DIAG_DATA (65) for a file that is not a vault, is
 * truncated, or was altered; DIAG_NOINPUT (66) for a missing file;
 * DIAG_IO (74) for I/O errors and a vault in use elsewhere.
 *
 * Passphrases are (pointer, length) pairs; the caller owns and wipes them.
 */
#ifndef DOUANE_VAULT_H
#define DOUANE_VAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "vault_vfs.h"

struct vault;

enum vault_role {
	VAULT_ROLE_INSPECTOR = 1,
	VAULT_ROLE_SUPERVISOR = 2,
	VAULT_ROLE_ADMIN = 3,
};

enum vault_user_status {
	VAULT_USER_ACTIVE = 1,
	VAULT_USER_DISABLED = 2,
};

/* Argon2id cost of a key slot.  */
struct vault_kdf {
	unsigned long long opslimit;
	size_t memlimit;
};

/* The default: libsodium's "moderate" (3 passes, 256 MiB, about a second). */
extern const struct vault_kdf vault_kdf_moderate;
/* The cheapest libsodium allows: for tests only.  */
extern const struct vault_kdf vault_kdf_fast;

#define VAULT_USER_MAX 64 /* bytes of a user id */

struct vault_user_info {
	char user[VAULT_USER_MAX + 1];
	enum vault_role role;
	enum vault_user_status status;
	int slot;
};

/* --- Opening and closing ---------------------------------------------------- */

/* Create a new vault at PATH (which must not exist) whose first user, USER,
 * is an admin; KDF NULL means vault_kdf_moderate, and becomes the vault's
 * default for later slots.  The vault is left open in *OUT.  */
enum diag_status vault_create(const char *path, const char *user, const char *pass,
			      size_t passlen, const struct vault_kdf *kdf, struct vault **out,
			      struct diag *d);

/* Unlock PATH as USER.  A failed attempt is counted in the file; the next
 * successful unlock reads and clears the count (vault_failed_attempts). */
enum diag_status vault_open(const char *path, const char *user, const char *pass,
			    size_t passlen, struct vault **out, struct diag *d);

/* Unlock PATH with HQ's recovery key pair (X25519, crypto_box keys): an
 * admin session as user "recovery".  */
enum diag_status vault_open_recovery(const char *path, const unsigned char hq_pk[32],
				     const unsigned char hq_sk[32], struct vault **out,
				     struct diag *d);

/* Check V's user's passphrase again (the lock screen); failures count. */
enum diag_status vault_reauth(struct vault *v, const char *pass, size_t passlen,
			      struct diag *d);

/* Detach the key and wipe everything.  V may be NULL.  */
void vault_close(struct vault *v);

const char *vault_path(const struct vault *v);
const char *vault_user(const struct vault *v);
enum vault_role vault_role(const struct vault *v);
/* The master key (VAULT_VFS_KEYBYTES, guarded, read-only); valid until
 * vault_close() or a rotation.  */
const unsigned char *vault_master_key(const struct vault *v);
const unsigned char *vault_file_id(const struct vault *v);

/* --- Failed attempts ------------------------------------------------------ */

/* Failed unlocks recorded before this successful one.  */
unsigned vault_failed_attempts(const struct vault *v);
/* Failed unlocks recorded in PATH so far (no key needed).  */
enum diag_status vault_path_failed_attempts(const char *path, unsigned *n, struct diag *d);
/* How long to wait, in milliseconds, before offering another attempt
 * after FAILED consecutive failures: none for the first two, then 1 s
 * doubling to at most 30 s.  The interface applies it.  */
unsigned vault_unlock_delay_ms(unsigned failed);

/* --- Users (admins only, except a user changing their own passphrase) ---- */

enum diag_status vault_user_add(struct vault *v, const char *user, enum vault_role role,
				const char *pass, size_t passlen, const struct vault_kdf *kdf,
				struct diag *d);
/* Up to MAX users into OUT, in slot order; *N is how many.  */
enum diag_status vault_user_list(struct vault *v, struct vault_user_info *out, size_t max,
				 size_t *n, struct diag *d);
enum diag_status vault_user_passwd(struct vault *v, const char *user, const char *pass,
				   size_t passlen, const struct vault_kdf *kdf, struct diag *d);
/* A disabled user's slot no longer holds the master key; enabling gives
 * it back.  Not a revocation of what the user may already know: for that,
 * remove the user (which rotates the key).  */
enum diag_status vault_user_disable(struct vault *v, const char *user, struct diag *d);
enum diag_status vault_user_enable(struct vault *v, const char *user, struct diag *d);
/* Remove USER and rotate the master key (every page re-encrypted).  */
enum diag_status vault_user_remove(struct vault *v, const char *user, struct diag *d);
/* Rotate the master key without removing anyone.  */
enum diag_status vault_rekey(struct vault *v, struct diag *d);

/* Seal the master key to HQ's X25519 public key (replacing any earlier
 * recovery slot); kept across rotations.  */
enum diag_status vault_recovery_set(struct vault *v, const unsigned char hq_pk[32],
				    struct diag *d);

/* --- Checking ------------------------------------------------------------------- */

/* Check every page's tag and SQLite's integrity check.  On damage returns
 * DIAG_DATA, "vault damaged or altered: page N", and *BAD_PAGE = N (0 when
 * the damage is not one page).  Needs the vault to itself for the page
 * scan (it checkpoints the WAL first); otherwise checks through SQLite.  */
enum diag_status vault_verify(struct vault *v, uint32_t *bad_page, struct diag *d);

/* --- Signing keys ---------------------------------------------------------- */

/* Every user has an Ed25519 key pair, made when the user is enrolled: the
 * public key is in clear in the slot (bound to it like the role), the
 * secret is sealed with the slot's passphrase-derived key.  While the
 * vault is unlocked by that user the secret is in guarded memory; it is
 * wiped by vault_close().  A user changing their own passphrase keeps the
 * key pair; an admin resetting someone else's passphrase cannot read the
 * old secret, so that user gets a new key pair (the old public key stays
 * in the event log's actor table, so what they signed still verifies).
 * The booth has its own Ed25519 key pair, the device key, sealed under
 * the master key in the header and kept across rotations.  */

#define VAULT_SIGN_PKBYTES 32
#define VAULT_SIGN_BYTES 64

/* The unlocked user's public key, or NULL in a recovery session.  */
const unsigned char *vault_sign_pk(const struct vault *v);
/* Sign MSG with the unlocked user's key.  DIAG_NOPERM in a recovery
 * session, which has no user key.  */
enum diag_status vault_sign(const struct vault *v, const unsigned char *msg, size_t len,
			    unsigned char sig[VAULT_SIGN_BYTES], struct diag *d);
/* USER's public key from the current header: *FOUND false when there is
 * no such user (removed, or never enrolled).  */
enum diag_status vault_user_sign_pk(struct vault *v, const char *user,
				    unsigned char pk[VAULT_SIGN_PKBYTES], bool *found,
				    struct diag *d);
/* The booth's device key.  */
const unsigned char *vault_device_pk(const struct vault *v);
enum diag_status vault_device_sign(const struct vault *v, const unsigned char *msg, size_t len,
				   unsigned char sig[VAULT_SIGN_BYTES], struct diag *d);
/* Envelopes (formats/envelope.h) signed and opened with the device key,
 * which never leaves the vault's guarded memory: packs, bundles and acks
 * are sealed to a device key and signed by one (HQ is a vault too, and
 * its device key is HQ's key).  H->sender is set to the device key.  */
struct envelope_header;
typedef bool (*vault_envelope_trust_fn)(void *ctx, const struct envelope_header *h,
					struct diag *d);
enum diag_status vault_device_seal(const struct vault *v, const char *path,
				   struct envelope_header *h, const void *payload, size_t len,
				   struct diag *d);
enum diag_status vault_device_open(const struct vault *v, const char *path,
				   vault_envelope_trust_fn trust, void *ctx,
				   struct envelope_header *h, unsigned char **payload, size_t *len,
				   struct diag *d);
/* The booth's name in events: the vault's file id in lowercase hex (32
 * characters and a NUL), the same for the vault's whole life.  */
#define VAULT_DEVICE_ID_LEN 32
void vault_device_id(const struct vault *v, char out[VAULT_DEVICE_ID_LEN + 1]);

/* --- Roles --------------------------------------------------------------------- */

/* "inspector", "supervisor", "admin" (not translated: they are also the
 * command-line words).  */
const char *vault_role_name(enum vault_role role);
/* 0 and *ROLE set when S names a role, else -1.  */
int vault_role_parse(const char *s, enum vault_role *role);

/* No core dumps, no ptrace by others of the same user: call once at start. */
void vault_harden_process(void);

/* Tests only: called with a step name at each point of a rotation where a
 * crash matters ("rekey-written", "wal-closed", "renamed").  */
void vault_set_crash_hook(void (*hook)(const char *step));

/* --- The file format (also for tests that tamper with it) ------------------- */

#define VAULT_MAGIC "DOUANEV1"
/* 1: the first; 2: Ed25519 signing keys in each slot and a device key. */
#define VAULT_FORMAT_VERSION 2
#define VAULT_HDR_COPY_SIZE 16384 /* the header is kept twice */
#define VAULT_SLOT_SIZE 384
#define VAULT_SLOTS 40

/* In each header copy (integers little-endian).  */
#define VAULT_HDR_MAGIC 0       /* 8 bytes */
#define VAULT_HDR_VERSION 8     /* u32 */
#define VAULT_HDR_COPYSIZE 12   /* u32 */
#define VAULT_HDR_PAGESIZE 16   /* u32 */
#define VAULT_HDR_RESERVE 20    /* u32 */
#define VAULT_HDR_NSLOTS 24     /* u32 */
#define VAULT_HDR_SLOTSIZE 28   /* u32 */
#define VAULT_HDR_SEQ 32        /* u64: the newer copy wins */
#define VAULT_HDR_FILEID 40     /* 16 bytes */
#define VAULT_HDR_OPSLIMIT 56   /* u64: default for new slots */
#define VAULT_HDR_MEMLIMIT 64   /* u64 */
#define VAULT_HDR_FLAGS 72      /* u32: bit 0 recovery slot present */
#define VAULT_HDR_EPOCH 76      /* u32: master keys so far - 1 */
#define VAULT_HDR_RECOVERY_PK 80  /* 32 bytes */
#define VAULT_HDR_RECOVERY_BOX 112 /* 80 bytes: crypto_box_seal(master) */
#define VAULT_HDR_DEVICE_PK 192    /* 32: the booth's Ed25519 public key */
#define VAULT_HDR_DEVICE_NONCE 224 /* 24 */
#define VAULT_HDR_DEVICE_SK 248    /* 48: its seed sealed under the master key */
#define VAULT_HDR_FAILED 928    /* u32, outside MAC and checksum */
#define VAULT_HDR_MAC 936       /* 32: keyed BLAKE2b, see vault.c */
#define VAULT_HDR_CHECKSUM 968  /* 32: BLAKE2b, torn-write detection */
#define VAULT_HDR_SLOTS 1024    /* VAULT_SLOTS slots of VAULT_SLOT_SIZE */

/* In each slot.  */
#define VAULT_SLOT_STATE 0      /* 0 free, 1 in use */
#define VAULT_SLOT_ROLE 1
#define VAULT_SLOT_STATUS 2
#define VAULT_SLOT_UIDLEN 3
#define VAULT_SLOT_UID 4        /* VAULT_USER_MAX bytes, zero padded */
#define VAULT_SLOT_SALT 68      /* 16: Argon2id salt */
#define VAULT_SLOT_OPSLIMIT 84  /* u64 */
#define VAULT_SLOT_MEMLIMIT 92  /* u64 */
#define VAULT_SLOT_PK 100       /* 32: the slot's X25519 public key */
#define VAULT_SLOT_SIGN_PK 132  /* 32: the user's Ed25519 public key */
#define VAULT_SLOT_SK_NONCE 164 /* 24 */
#define VAULT_SLOT_SK 188       /* 80: X25519 secret key || Ed25519 seed,
				   sealed by the passphrase */
#define VAULT_SLOT_EPK 268      /* 32: ephemeral public key */
#define VAULT_SLOT_MK_NONCE 300 /* 24 */
#define VAULT_SLOT_MK 324       /* 48: master key sealed to the slot key */
#define VAULT_SLOT_END 372

#endif
