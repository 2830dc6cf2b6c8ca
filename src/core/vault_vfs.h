/* vault_vfs: an SQLite VFS shim that encrypts every page of a vault.
 *
 * The shim sits over the default VFS (unix) under the name VAULT_VFS_NAME.
 * It encrypts each 4096-byte page of the database file and of the WAL with
 * XChaCha20-Poly1305 (vault_aead.h; a fresh nonce per write; nonce and tag live in
 * the 40 reserved bytes at the end of the page), with the page number and
 * the vault's file id as associated data.  A page whose tag fails is never
 * handed to SQLite: the read fails with SQLITE_CORRUPT and the page number
 * is kept for vault_vfs_bad_page().  See vault_vfs.c for the whole design.
 *
 * Keys never travel in strings (no URI parameters): the vault attaches a
 * key to a file path before SQLite opens it, and detaches it when done.
 *
 * Every SQLite connection on a vault must
 *   - be opened with zVfs = VAULT_VFS_NAME,
 *   - run in WAL mode (rollback journals are refused: they would hold
 *     plaintext pages), which vault_create() sets in the file once,
 *   - set PRAGMA temp_store = MEMORY (temporary files are refused),
 *   - use 4096-byte pages with 40 reserved bytes (vault_create() again).
 */
#ifndef DOUANE_VAULT_VFS_H
#define DOUANE_VAULT_VFS_H

#include <stdint.h>

#include <sqlite3.h>

#define VAULT_VFS_NAME "douane-vault"
#define VAULT_VFS_PAGE_SIZE 4096
#define VAULT_VFS_RESERVE 40      /* 24-byte nonce + 16-byte tag */
#define VAULT_VFS_HEADER_SIZE 32768 /* the vault header before page 1 */
#define VAULT_VFS_KEYBYTES 32
#define VAULT_VFS_FILEIDBYTES 16

/* File-control opcode answered by the shim: *(uint32_t *)arg = the last
 * page of this connection's database that failed authentication, or 0.  */
#define VAULT_VFS_FCNTL_BAD_PAGE 0x44564201

/* Register the shim (idempotent, not as the default VFS).  Calls
 * sodium_init().  Returns an SQLite result code.  */
int vault_vfs_register(void);

/* Attach KEY (the vault's master key; the shim derives its own subkeys
 * from it) and FILE_ID to the database at PATH: connections opened on PATH
 * from now on use them.  Attaching again replaces the key (connections
 * already open keep the one they were opened with).  PATH is made
 * canonical the way SQLite does it.  Returns an SQLite result code.  */
int vault_vfs_attach_key(const char *path, const unsigned char key[VAULT_VFS_KEYBYTES],
			 const unsigned char file_id[VAULT_VFS_FILEIDBYTES]);

/* Forget PATH's key (wiped).  Open connections are unaffected.  */
void vault_vfs_detach_key(const char *path);

/* The last page of DB's main database that failed authentication (in the
 * file or in the WAL), or 0 when none did.  */
uint32_t vault_vfs_bad_page(sqlite3 *db);

/* --- The page codec, for whole-file work (rotation, verification) ------- */

/* Subkeys derived from a master key, in guarded memory.  */
struct vault_vfs_keys;

struct vault_vfs_keys *vault_vfs_keys_new(const unsigned char key[VAULT_VFS_KEYBYTES],
					  const unsigned char file_id[VAULT_VFS_FILEIDBYTES]);
void vault_vfs_keys_free(struct vault_vfs_keys *k);

/* Encrypt PAGE (VAULT_VFS_PAGE_SIZE bytes, as SQLite sees it) in place as
 * database page PGNO, or decrypt it in place: 0 when the tag is good, -1
 * (PAGE zeroed) when it is not.  */
void vault_vfs_page_encrypt(const struct vault_vfs_keys *k, uint32_t pgno, unsigned char *page);
int vault_vfs_page_decrypt(const struct vault_vfs_keys *k, uint32_t pgno, unsigned char *page);

#endif
