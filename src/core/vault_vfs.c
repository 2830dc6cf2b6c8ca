/* vault_vfs: the encrypting SQLite VFS shim (see vault_vfs.h).
 *
 * Structure.  Like SQLite's ext/misc/cksumvfs.c, this is a shim: a VFS
 * whose xOpen opens the real file through the default VFS and wraps it in
 * a struct vfile whose methods transform the bytes on their way in and
 * out, and forward everything else (locks, shared memory, sync, sizes).
 *
 * The main database file.  The file starts with the vault header
 * (VAULT_VFS_HEADER_SIZE bytes, written and read by vault.c only); SQLite
 * never sees it: page P lives at HEADER + (P - 1) * 4096, and the file size
 * SQLite is told is the real size minus the header.  Each page is
 *
 *     [ 0, 4056)     page content, encrypted (XChaCha20, part of the AEAD)
 *     [4056, 4080)   nonce: 24 random bytes, fresh for every write
 *     [4080, 4096)   Poly1305 tag
 *
 * The last 40 bytes are SQLite's "reserved bytes" (set when the database
 * is created; SQLite never stores anything there).  Associated data:
 * "DVP1" || file id (16 random bytes per vault) || page number, so a page
 * moved to another position, or copied from another vault, fails its tag.
 * Every write is a whole page (a partial one is read, patched, resealed);
 * a write of page 1 that does not say "4096-byte pages, 40 reserved bytes"
 * is refused, so a badly set up connection cannot destroy its own data.
 *
 * The WAL.  A WAL file is a 32-byte header and frames of a 24-byte frame
 * header (page number, database size after commit, two salts, two checksum
 * words) followed by one page.  The page part is sealed like a database
 * page with associated data "DVW1" || file id || frame index || the first
 * 16 bytes of the frame header (page number, commit size, salts): a frame
 * cannot be moved, replayed from an earlier generation of the WAL, or have
 * its page number or commit mark changed.  The WAL header and the first 16
 * bytes of frame headers stay in clear (sizes, page numbers and salts).
 * The 8 checksum bytes do not: SQLite computes them over the clear page,
 * so in clear they would let anyone test a guess of a page's content.
 * They are XORed with 8 bytes of XChaCha20 keystream (a subkey of their
 * own, the frame's nonce).  SQLite writes a frame as "header, then page"
 * (walWriteOneFrame): the shim holds the header back and writes both at
 * once, when the page has its nonce; a process killed in between leaves
 * an incomplete frame, as it would anyway.  In a transaction bigger than
 * the cache, SQLite writes frames with zero salts and checksums, then at
 * commit reads each whole frame back and rewrites its header alone with
 * the real ones (walRewriteChecksums): the shim keeps the clear page of
 * that read, writes the header at once (nothing waits in memory: with
 * synchronous=NORMAL no sync follows) and seals the page again when the
 * associated data changed.  Any other header written alone is written
 * before the next operation on the file.
 *
 * Reserved bytes read as zeros.  The WAL checksum covers the whole page
 * as SQLite holds it, reserved bytes included, and recovery recomputes it
 * over what xRead returns.  So xRead gives zeros there (never the nonce
 * and tag), every page SQLite holds has zeros there (new pages are
 * zeroed too), and a WAL page write with anything else is refused.
 *
 * A frame that fails its tag is handled the way SQLite handles a bad WAL
 * checksum when the read is a recovery-style read of whole frames: the
 * shim returns the frame with its salts inverted, so SQLite takes it as
 * the end of the log (torn frames after a crash look exactly like this).
 * A read of the page alone (SQLite using a frame it already trusts) fails
 * with SQLITE_CORRUPT.  Deleting or truncating the WAL, like restoring an
 * older copy of the whole vault, is not detectable by the machine alone.
 *
 * The -shm file (the WAL index) is shared memory mapped by the default
 * VFS's xShmMap, forwarded untouched: it holds page numbers, frame numbers,
 * salts and the running checksum of the last frame, never page content.
 *
 * Refused files.  Rollback journals (they would hold clear copies of
 * pages) and every temporary file: temp databases, their journals,
 * statement journals, transient tables.  The store sets temp_store=MEMORY,
 * under which SQLite keeps all of these in memory and never asks; if it
 * ever asks, xOpen fails with SQLITE_CANTOPEN and the statement fails
 * loudly instead of spilling clear data to disk (fail closed rather than a
 * silent in-memory stand-in, so a missing pragma is found by the tests).
 *
 * No mmap: the io methods are version 2 (no xFetch), so SQLite always
 * reads through xRead, and SQLITE_FCNTL_MMAP_SIZE reports 0.
 *
 * Keys.  vault_vfs_attach_key() stores a copy of the master key's subkeys
 * (crypto_kdf: page key, checksum-mask key) in sodium_malloc'd memory,
 * no-access while it waits in the registry, under the canonical path.
 * xOpen of a main database copies them into the file (read-only guarded
 * memory, wiped at xClose); the WAL finds its database's keys through
 * sqlite3_database_file_object().  A database with no key attached cannot
 * be opened; nor can any other database be ATTACHed to a vault connection.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "vault_aead.h"
#include "vault_vfs.h"
#ifdef DOUANE_FAULT_INJECTION
#include "vault_vfs_fault.h"
#endif

#define PAGE VAULT_VFS_PAGE_SIZE
#define RESERVE VAULT_VFS_RESERVE
#define NONCE_LEN crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_LEN crypto_aead_xchacha20poly1305_ietf_ABYTES
#define BODY (PAGE - RESERVE) /* encrypted part of a page */
#define NONCE_OFF BODY
#define TAG_OFF (BODY + NONCE_LEN)
#define HEADER VAULT_VFS_HEADER_SIZE
#define WAL_HDR 32
#define FRAME_HDR 24
#define FRAME (FRAME_HDR + PAGE)
#define CKSUM_OFF 16 /* checksum words in a frame header */

_Static_assert(RESERVE == NONCE_LEN + TAG_LEN, "reserve holds nonce and tag");
_Static_assert(HEADER % PAGE == 0, "pages stay aligned after the header");

static const char kdf_context[crypto_kdf_CONTEXTBYTES + 1] = "DOUANEVP";

struct vault_vfs_keys {
	unsigned char page[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
	unsigned char mask[crypto_stream_xchacha20_KEYBYTES];
	unsigned char file_id[VAULT_VFS_FILEIDBYTES];
};

enum vfile_kind { VFILE_MAIN, VFILE_WAL };

struct vfile {
	sqlite3_file base;           /* our methods */
	sqlite3_file *real;          /* the default VFS's file, right after us */
	enum vfile_kind kind;
	struct vault_vfs_keys *keys; /* main: owned; WAL: its database's */
	struct vault_aead *aead;     /* cipher working state, or NULL */
	struct vfile *db;            /* WAL: its database file */
	uint32_t bad_page;           /* main: last page that failed its tag */
	int pending;                 /* WAL: the last frame header written... */
	int unwritten;               /* ... not yet on disk */
	sqlite3_int64 pending_frame;
	unsigned char pending_hdr[FRAME_HDR];
	sqlite3_int64 read_frame;    /* WAL: whole frame just read into buf, or -1 */
	unsigned char read_nonce[NONCE_LEN];
	unsigned char nonce_prefix[16]; /* nonces: random prefix || counter */
	uint64_t nonce_count;
	unsigned nonce_fork;         /* fork_count when the prefix was drawn */
	unsigned char buf[FRAME]; /* scratch: a frame, or a page */
};

#define VFILE_SIZE ((sizeof(struct vfile) + 7) & ~(size_t)7)
#define ORIGVFS(v) ((sqlite3_vfs *)((v)->pAppData))

static const sqlite3_io_methods vfile_methods;

/* Nonces.  Each open file draws a random 16-byte prefix and counts: nonce
 * = prefix || 64-bit counter.  With 128 random bits per file, two files
 * (connections, processes) under one key share a prefix with probability
 * 2^-128 per pair, and one file never repeats a counter; a getrandom()
 * call per page written is saved.  A forked child draws a new prefix.  */
static volatile unsigned fork_count;

static void
after_fork(void)
{
	fork_count++;
}

static void
next_nonce(struct vfile *p, unsigned char nonce[NONCE_LEN])
{
	if (p->nonce_count == 0 || p->nonce_fork != fork_count) {
		randombytes_buf(p->nonce_prefix, sizeof p->nonce_prefix);
		p->nonce_fork = fork_count;
		p->nonce_count = 0;
	}
	p->nonce_count++;
	memcpy(nonce, p->nonce_prefix, sizeof p->nonce_prefix);
	for (int i = 0; i < 8; i++)
		nonce[16 + i] = (unsigned char)(p->nonce_count >> (8 * i));
}

/* --- Keys and the page codec -------------------------------------------- */

struct vault_vfs_keys *
vault_vfs_keys_new(const unsigned char key[VAULT_VFS_KEYBYTES],
		   const unsigned char file_id[VAULT_VFS_FILEIDBYTES])
{
	struct vault_vfs_keys *k = sodium_malloc(sizeof *k);

	if (k == NULL)
		return NULL;
	crypto_kdf_derive_from_key(k->page, sizeof k->page, 1, kdf_context, key);
	crypto_kdf_derive_from_key(k->mask, sizeof k->mask, 2, kdf_context, key);
	memcpy(k->file_id, file_id, sizeof k->file_id);
	sodium_mprotect_readonly(k);
	return k;
}

void
vault_vfs_keys_free(struct vault_vfs_keys *k)
{
	if (k)
		sodium_free(k); /* wipes */
}

static struct vault_vfs_keys *
keys_copy(const struct vault_vfs_keys *from)
{
	struct vault_vfs_keys *k = sodium_malloc(sizeof *k);

	if (k == NULL)
		return NULL;
	memcpy(k, from, sizeof *k);
	sodium_mprotect_readonly(k);
	return k;
}

static void
put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static uint32_t
get_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

#define AD_MAIN_LEN (4 + VAULT_VFS_FILEIDBYTES + 4)
#define AD_WAL_LEN (4 + VAULT_VFS_FILEIDBYTES + 4 + 16)

static void
ad_main(unsigned char ad[AD_MAIN_LEN], const struct vault_vfs_keys *k, uint32_t pgno)
{
	memcpy(ad, "DVP1", 4);
	memcpy(ad + 4, k->file_id, VAULT_VFS_FILEIDBYTES);
	put_be32(ad + 4 + VAULT_VFS_FILEIDBYTES, pgno);
}

static void
ad_wal(unsigned char ad[AD_WAL_LEN], const struct vault_vfs_keys *k, sqlite3_int64 frame,
       const unsigned char *hdr)
{
	memcpy(ad, "DVW1", 4);
	memcpy(ad + 4, k->file_id, VAULT_VFS_FILEIDBYTES);
	put_be32(ad + 4 + VAULT_VFS_FILEIDBYTES, (uint32_t)frame);
	memcpy(ad + 8 + VAULT_VFS_FILEIDBYTES, hdr, 16);
}

/* Seal PAGE under NONCE (copied into its reserved bytes).  */
static void
seal(struct vault_aead *a, const struct vault_vfs_keys *k, unsigned char *page,
     const unsigned char *ad, size_t adlen, const unsigned char *nonce)
{
	memcpy(page + NONCE_OFF, nonce, NONCE_LEN);
	vault_aead_encrypt(a, page, page + TAG_OFF, page, BODY, ad, adlen, page + NONCE_OFF,
			   k->page);
}

static int
unseal(struct vault_aead *a, const struct vault_vfs_keys *k, unsigned char *page,
       const unsigned char *ad, size_t adlen)
{
	if (vault_aead_decrypt(a, page, page, BODY, page + TAG_OFF, ad, adlen, page + NONCE_OFF,
			       k->page) != 0) {
		sodium_memzero(page, PAGE);
		return -1;
	}
	/* SQLite sees zeros where nonce and tag were: see "reserved bytes". */
	memset(page + BODY, 0, RESERVE);
	return 0;
}

void
vault_vfs_page_encrypt(const struct vault_vfs_keys *k, uint32_t pgno, unsigned char *page)
{
	unsigned char ad[AD_MAIN_LEN], nonce[NONCE_LEN];

	randombytes_buf(nonce, sizeof nonce);
	ad_main(ad, k, pgno);
	seal(NULL, k, page, ad, sizeof ad, nonce);
}

int
vault_vfs_page_decrypt(const struct vault_vfs_keys *k, uint32_t pgno, unsigned char *page)
{
	unsigned char ad[AD_MAIN_LEN];

	ad_main(ad, k, pgno);
	return unseal(NULL, k, page, ad, sizeof ad);
}

/* XOR the checksum words of frame header HDR with the keystream of the
 * frame's NONCE (its own inverse).  */
static void
mask_cksum(const struct vault_vfs_keys *k, unsigned char *hdr, const unsigned char *nonce)
{
	unsigned char m[8];

	crypto_stream_xchacha20(m, sizeof m, nonce, k->mask);
	for (int i = 0; i < 8; i++)
		hdr[CKSUM_OFF + i] ^= m[i];
}

/* --- The key registry ----------------------------------------------------- */

struct reg_entry {
	struct reg_entry *next;
	char *path;
	struct vault_vfs_keys *keys; /* no-access while here */
};

static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static struct reg_entry *reg_head;
static sqlite3_vfs vault_vfs;

/* PATH as SQLite will name it to xOpen, into a new string.  */
static char *
canonical_path(const char *path)
{
	sqlite3_vfs *orig = ORIGVFS(&vault_vfs);
	char *buf = sqlite3_malloc(orig->mxPathname + 1);

	if (buf == NULL)
		return NULL;
	if (orig->xFullPathname(orig, path, orig->mxPathname + 1, buf) != SQLITE_OK &&
	    buf[0] == '\0') {
		sqlite3_free(buf);
		return NULL;
	}
	return buf;
}

/* Caller holds reg_lock.  */
static struct reg_entry **
reg_find(const char *path)
{
	struct reg_entry **e;

	for (e = &reg_head; *e; e = &(*e)->next)
		if (strcmp((*e)->path, path) == 0)
			return e;
	return NULL;
}

int
vault_vfs_attach_key(const char *path, const unsigned char key[VAULT_VFS_KEYBYTES],
		     const unsigned char file_id[VAULT_VFS_FILEIDBYTES])
{
	struct reg_entry **at, *e;
	struct vault_vfs_keys *k;
	char *canon;
	int rc;

	if ((rc = vault_vfs_register()) != SQLITE_OK)
		return rc;
	if ((canon = canonical_path(path)) == NULL)
		return SQLITE_NOMEM;
	if ((k = vault_vfs_keys_new(key, file_id)) == NULL) {
		sqlite3_free(canon);
		return SQLITE_NOMEM;
	}
	sodium_mprotect_noaccess(k);
	pthread_mutex_lock(&reg_lock);
	if ((at = reg_find(canon)) != NULL) {
		e = *at;
		vault_vfs_keys_free(e->keys);
		e->keys = k;
		sqlite3_free(canon);
	} else if ((e = sqlite3_malloc(sizeof *e)) != NULL) {
		e->path = canon;
		e->keys = k;
		e->next = reg_head;
		reg_head = e;
	} else {
		vault_vfs_keys_free(k);
		sqlite3_free(canon);
		rc = SQLITE_NOMEM;
	}
	pthread_mutex_unlock(&reg_lock);
	return rc;
}

void
vault_vfs_detach_key(const char *path)
{
	struct reg_entry **at, *e;
	char *canon = canonical_path(path);

	if (canon == NULL)
		return;
	pthread_mutex_lock(&reg_lock);
	if ((at = reg_find(canon)) != NULL) {
		e = *at;
		*at = e->next;
		vault_vfs_keys_free(e->keys);
		sqlite3_free(e->path);
		sqlite3_free(e);
	}
	pthread_mutex_unlock(&reg_lock);
	sqlite3_free(canon);
}

/* A private copy of the keys attached to PATH (as given to xOpen), or NULL. */
static struct vault_vfs_keys *
reg_lookup(const char *path)
{
	struct reg_entry **at;
	struct vault_vfs_keys *k = NULL;

	pthread_mutex_lock(&reg_lock);
	if ((at = reg_find(path)) != NULL) {
		sodium_mprotect_readonly((*at)->keys);
		k = keys_copy((*at)->keys);
		sodium_mprotect_noaccess((*at)->keys);
	}
	pthread_mutex_unlock(&reg_lock);
	return k;
}

/* --- The main database file ----------------------------------------------- */

static int
bad_page(struct vfile *db, uint32_t pgno, const char *where)
{
	db->bad_page = pgno;
	sqlite3_log(SQLITE_CORRUPT, "vault: page %u failed authentication (%s)", pgno, where);
	return SQLITE_CORRUPT;
}

/* Read and open page PGNO into PAGE.  SQLITE_IOERR_SHORT_READ (PAGE zeroed)
 * when the page is wholly past the end of the file, as SQLite expects.  */
static int
main_read_page(struct vfile *p, unsigned char *page, uint32_t pgno)
{
	sqlite3_int64 off = HEADER + (sqlite3_int64)(pgno - 1) * PAGE, size;
	unsigned char ad[AD_MAIN_LEN];
	int rc;

	rc = p->real->pMethods->xRead(p->real, page, PAGE, off);
	if (rc == SQLITE_IOERR_SHORT_READ) {
		memset(page, 0, PAGE);
		if (p->real->pMethods->xFileSize(p->real, &size) == SQLITE_OK && size <= off)
			return rc;
		return bad_page(p, pgno, "truncated"); /* part of a page */
	}
	if (rc != SQLITE_OK)
		return rc;
	ad_main(ad, p->keys, pgno);
	if (unseal(p->aead, p->keys, page, ad, sizeof ad) != 0)
		return bad_page(p, pgno, "database");
	return SQLITE_OK;
}

static int
main_write_page(struct vfile *p, const unsigned char *page, uint32_t pgno)
{
	unsigned char ad[AD_MAIN_LEN], nonce[NONCE_LEN];
	unsigned char *buf = p->buf;

	if (pgno == 1 && (get_be32(page + 16) >> 16 != PAGE || page[20] != RESERVE)) {
		sqlite3_log(SQLITE_IOERR_WRITE, "vault: page 1 must say %d-byte pages with %d "
						"reserved bytes; refusing to write it",
			    PAGE, RESERVE);
		return SQLITE_IOERR_WRITE;
	}
	memcpy(buf, page, PAGE);
	ad_main(ad, p->keys, pgno);
	next_nonce(p, nonce);
	seal(p->aead, p->keys, buf, ad, sizeof ad, nonce);
	return p->real->pMethods->xWrite(p->real, buf, PAGE,
					 HEADER + (sqlite3_int64)(pgno - 1) * PAGE);
}

static int
main_read(struct vfile *p, unsigned char *out, int amt, sqlite3_int64 off)
{
	int rc = SQLITE_OK;

	if (amt == PAGE && off % PAGE == 0)
		return main_read_page(p, out, (uint32_t)(off / PAGE + 1));
	/* Part of a page: SQLite reads the 100-byte file header, or the change
	 * counter, on its own.  Open the whole page and copy.  */
	while (amt > 0) {
		int in = (int)(off % PAGE), n = PAGE - in < amt ? PAGE - in : amt;

		rc = main_read_page(p, p->buf, (uint32_t)(off / PAGE + 1));
		if (rc == SQLITE_IOERR_SHORT_READ) {
			memset(out, 0, (size_t)amt);
			break;
		}
		if (rc != SQLITE_OK)
			break;
		memcpy(out, p->buf + in, (size_t)n);
		out += n;
		off += n;
		amt -= n;
	}
	sodium_memzero(p->buf, PAGE);
	return rc;
}

static int
main_write(struct vfile *p, const unsigned char *in, int amt, sqlite3_int64 off)
{
	unsigned char *page;
	int rc = SQLITE_OK;

	if (amt == PAGE && off % PAGE == 0)
		return main_write_page(p, in, (uint32_t)(off / PAGE + 1));
	/* Part of a page (SQLite does not do this today): read, patch, reseal. */
	if ((page = sqlite3_malloc(PAGE)) == NULL)
		return SQLITE_NOMEM;
	while (amt > 0 && rc == SQLITE_OK) {
		int at = (int)(off % PAGE), n = PAGE - at < amt ? PAGE - at : amt;
		uint32_t pgno = (uint32_t)(off / PAGE + 1);

		rc = main_read_page(p, page, pgno);
		if (rc == SQLITE_IOERR_SHORT_READ)
			rc = SQLITE_OK;
		if (rc == SQLITE_OK) {
			memcpy(page + at, in, (size_t)n);
			rc = main_write_page(p, page, pgno);
		}
		in += n;
		off += n;
		amt -= n;
	}
	sodium_memzero(page, PAGE);
	sqlite3_free(page);
	return rc;
}

/* --- The WAL ---------------------------------------------------------------- */

static sqlite3_int64
frame_offset(sqlite3_int64 frame)
{
	return WAL_HDR + frame * FRAME;
}

/* The nonce stored with FRAME's page on disk (zeros when there is none).  */
static int
wal_disk_nonce(struct vfile *p, sqlite3_int64 frame, unsigned char nonce[NONCE_LEN])
{
	int rc = p->real->pMethods->xRead(p->real, nonce, NONCE_LEN,
					  frame_offset(frame) + FRAME_HDR + NONCE_OFF);

	return rc == SQLITE_IOERR_SHORT_READ ? SQLITE_OK : rc;
}

/* Write the header held back by wal_write_header(), alone, masked with the
 * nonce of the page on disk.  SQLite never leaves one (see the top of the
 * file), so this only keeps the shim correct if it ever does.  */
static int
wal_flush(struct vfile *p)
{
	unsigned char nonce[NONCE_LEN], hdr[FRAME_HDR];
	int rc;

	if (!p->unwritten)
		return SQLITE_OK;
	p->unwritten = 0;
	if ((rc = wal_disk_nonce(p, p->pending_frame, nonce)) != SQLITE_OK)
		return rc;
	memcpy(hdr, p->pending_hdr, FRAME_HDR);
	mask_cksum(p->keys, hdr, nonce);
	return p->real->pMethods->xWrite(p->real, hdr, FRAME_HDR, frame_offset(p->pending_frame));
}

/* A frame header.  Either SQLite has just read the whole frame back and
 * rewrites the header with new checksums (and maybe salts): write it now,
 * sealing the page again if the associated data changed.  Or it is the
 * header of a frame whose page comes next: hold it back and write both
 * together, once the page's nonce exists.  */
static int
wal_write_header(struct vfile *p, sqlite3_int64 frame, const unsigned char *hdr)
{
	unsigned char nonce[NONCE_LEN], ad[AD_WAL_LEN], *fr = p->buf;
	int rc;

	if ((rc = wal_flush(p)) != SQLITE_OK)
		return rc;
	memcpy(p->pending_hdr, hdr, FRAME_HDR);
	p->pending = 1;
	p->pending_frame = frame;
	if (p->read_frame != frame) {
		p->unwritten = 1;
		return SQLITE_OK;
	}
	/* Frames written while checksums were pending carry zero salts; with
	 * the real ones, the associated data changes: seal again.  */
	p->read_frame = -1;
	if (memcmp(fr, hdr, 16) == 0) {
		memcpy(fr, hdr, FRAME_HDR);
		mask_cksum(p->keys, fr, p->read_nonce);
		rc = p->real->pMethods->xWrite(p->real, fr, FRAME_HDR, frame_offset(frame));
	} else {
		memcpy(fr, hdr, FRAME_HDR);
		ad_wal(ad, p->keys, frame, fr);
		next_nonce(p, nonce);
		seal(p->aead, p->keys, fr + FRAME_HDR, ad, sizeof ad, nonce);
		mask_cksum(p->keys, fr, nonce);
		rc = p->real->pMethods->xWrite(p->real, fr, FRAME, frame_offset(frame));
	}
	sodium_memzero(fr, FRAME);
	return rc;
}

/* Seal PAGE as the page of FRAME under the frame's header (the copy kept
 * from its write, else the one on disk) and write both.  */
static int
wal_write_page(struct vfile *p, sqlite3_int64 frame, const unsigned char *page)
{
	unsigned char *fr = p->buf, ad[AD_WAL_LEN], nonce[NONCE_LEN];
	int rc;

	p->read_frame = -1;
	if (!sodium_is_zero(page + BODY, RESERVE)) {
		/* SQLite's checksum covers these bytes, and they cannot be
		 * given back after a crash: refuse rather than lose it then. */
		sqlite3_log(SQLITE_IOERR_WRITE, "vault: WAL page with reserved bytes in use");
		return SQLITE_IOERR_WRITE;
	}
	if (p->pending && p->pending_frame == frame) {
		memcpy(fr, p->pending_hdr, FRAME_HDR);
		p->unwritten = 0;
	} else {
		if ((rc = wal_flush(p)) != SQLITE_OK)
			return rc;
		rc = p->real->pMethods->xRead(p->real, fr, FRAME, frame_offset(frame));
		if (rc != SQLITE_OK) {
			sqlite3_log(SQLITE_IOERR_WRITE, "vault: WAL page with no frame header");
			return SQLITE_IOERR_WRITE;
		}
		mask_cksum(p->keys, fr, fr + FRAME_HDR + NONCE_OFF); /* unmask */
	}
	p->pending = 0;
	memcpy(fr + FRAME_HDR, page, PAGE);
	ad_wal(ad, p->keys, frame, fr);
	next_nonce(p, nonce);
	seal(p->aead, p->keys, fr + FRAME_HDR, ad, sizeof ad, nonce);
	mask_cksum(p->keys, fr, fr + FRAME_HDR + NONCE_OFF);
	return p->real->pMethods->xWrite(p->real, fr, FRAME, frame_offset(frame));
}

static int
wal_write(struct vfile *p, const unsigned char *in, int amt, sqlite3_int64 off)
{
	sqlite3_int64 frame;
	int r, rc;

	if (off + amt <= WAL_HDR) {
		if ((rc = wal_flush(p)) != SQLITE_OK)
			return rc;
		p->pending = 0;
		p->read_frame = -1;
		return p->real->pMethods->xWrite(p->real, in, amt, off);
	}
	if (off < WAL_HDR)
		goto odd;
	frame = (off - WAL_HDR) / FRAME;
	r = (int)((off - WAL_HDR) % FRAME);
	if (r == 0 && amt == FRAME_HDR)
		return wal_write_header(p, frame, in);
	if (r == 0 && amt == FRAME) {
		if ((rc = wal_write_header(p, frame, in)) != SQLITE_OK)
			return rc;
		return wal_write_page(p, frame, in + FRAME_HDR);
	}
	if (r == FRAME_HDR && amt == PAGE)
		return wal_write_page(p, frame, in);
odd:
	sqlite3_log(SQLITE_IOERR_WRITE, "vault: unexpected WAL write of %d bytes at %lld", amt,
		    (long long)off);
	return SQLITE_IOERR_WRITE;
}

/* Read bytes [R, R+N) of FRAME into OUT.  */
static int
wal_read_frame(struct vfile *p, sqlite3_int64 frame, int r, unsigned char *out, int n)
{
	unsigned char *fr = p->buf, ad[AD_WAL_LEN];
	sqlite3_int64 size;
	int rc, ok = 1;

	rc = p->real->pMethods->xRead(p->real, fr, FRAME, frame_offset(frame));
	if (rc == SQLITE_IOERR_SHORT_READ) {
		if (p->real->pMethods->xFileSize(p->real, &size) == SQLITE_OK &&
		    size <= frame_offset(frame) + r) {
			memset(out, 0, (size_t)n);
			return rc;
		}
		ok = 0; /* a torn last frame */
	} else if (rc != SQLITE_OK) {
		return rc;
	}
	if (r + n <= FRAME_HDR) {
		/* The header alone: unmask, nothing to authenticate.  */
		if (ok)
			mask_cksum(p->keys, fr, fr + FRAME_HDR + NONCE_OFF);
		memcpy(out, fr + r, (size_t)n);
		return SQLITE_OK;
	}
	if (ok) {
		ad_wal(ad, p->keys, frame, fr);
		mask_cksum(p->keys, fr, fr + FRAME_HDR + NONCE_OFF);
		memcpy(p->read_nonce, fr + FRAME_HDR + NONCE_OFF, NONCE_LEN);
		ok = unseal(p->aead, p->keys, fr + FRAME_HDR, ad, sizeof ad) == 0;
	}
	if (!ok) {
		if (r >= 8) /* a page SQLite already trusts */
			return bad_page(p->db, get_be32(fr), "WAL");
		/* Recovery reading whole frames: make the salts disagree with
		 * the WAL header's, so SQLite ends the log here.  */
		for (int i = 8; i < 16; i++)
			fr[i] = (unsigned char)~fr[i];
		memset(fr + FRAME_HDR, 0, PAGE);
	}
	memcpy(out, fr + r, (size_t)n);
	if (ok && r == 0 && n == FRAME)
		p->read_frame = frame; /* kept for wal_write_header() */
	else
		sodium_memzero(fr + FRAME_HDR, PAGE);
	return SQLITE_OK;
}

static int
wal_read(struct vfile *p, unsigned char *out, int amt, sqlite3_int64 off)
{
	int rc;

	p->read_frame = -1;
	if ((rc = wal_flush(p)) != SQLITE_OK)
		return rc;
	if (off < WAL_HDR) {
		int n = WAL_HDR - off < amt ? (int)(WAL_HDR - off) : amt;

		rc = p->real->pMethods->xRead(p->real, out, n, off);
		if (rc != SQLITE_OK || n == amt) {
			if (rc == SQLITE_IOERR_SHORT_READ)
				memset(out, 0, (size_t)amt);
			return rc;
		}
		out += n;
		off += n;
		amt -= n;
	}
	while (amt > 0) {
		sqlite3_int64 frame = (off - WAL_HDR) / FRAME;
		int r = (int)((off - WAL_HDR) % FRAME), n = FRAME - r < amt ? FRAME - r : amt;

		rc = wal_read_frame(p, frame, r, out, n);
		if (rc == SQLITE_IOERR_SHORT_READ) {
			memset(out, 0, (size_t)amt);
			return rc;
		}
		if (rc != SQLITE_OK)
			return rc;
		out += n;
		off += n;
		amt -= n;
	}
	return SQLITE_OK;
}

/* --- Fault injection (test builds only) --------------------------------------
 *
 * Compiled only with -DDOUANE_FAULT_INJECTION, which no program that is
 * installed is built with: the tests compile this file a second time with
 * it (see tests/faults.mk).  The hook is asked before each read, write,
 * sync and truncate of a vault's database or WAL; a result other than
 * SQLITE_OK is what the operation returns, as if the disk had said it.  */
#ifdef DOUANE_FAULT_INJECTION
static vault_vfs_fault_fn fault_hook;
static void *fault_ctx;

void
vault_vfs_set_fault_hook(vault_vfs_fault_fn fn, void *ctx)
{
	fault_hook = fn;
	fault_ctx = ctx;
}

#define FAULT_CHECK(op, p)                                                                 \
	do {                                                                               \
		if (fault_hook) {                                                          \
			int fault_rc_ = fault_hook(fault_ctx, (op), (p)->kind == VFILE_WAL); \
			if (fault_rc_ != SQLITE_OK)                                        \
				return fault_rc_;                                          \
		}                                                                          \
	} while (0)
#else
#define FAULT_CHECK(op, p) ((void)0)
#endif

/* --- io methods ------------------------------------------------------------- */

static int
vf_close(sqlite3_file *f)
{
	struct vfile *p = (struct vfile *)f;
	int rc = p->kind == VFILE_WAL ? wal_flush(p) : SQLITE_OK;
	int rc2 = p->real->pMethods->xClose(p->real);

	if (p->kind == VFILE_MAIN)
		vault_vfs_keys_free(p->keys);
	p->keys = NULL;
	vault_aead_free(p->aead);
	p->aead = NULL;
	sodium_memzero(p->buf, sizeof p->buf);
	return rc != SQLITE_OK ? rc : rc2;
}

static int
vf_read(sqlite3_file *f, void *buf, int amt, sqlite3_int64 off)
{
	struct vfile *p = (struct vfile *)f;

	FAULT_CHECK(VAULT_VFS_FAULT_READ, p);
	if (p->kind == VFILE_MAIN)
		return main_read(p, buf, amt, off);
	return wal_read(p, buf, amt, off);
}

static int
vf_write(sqlite3_file *f, const void *buf, int amt, sqlite3_int64 off)
{
	struct vfile *p = (struct vfile *)f;

	FAULT_CHECK(VAULT_VFS_FAULT_WRITE, p);
	if (p->kind == VFILE_MAIN)
		return main_write(p, buf, amt, off);
	return wal_write(p, buf, amt, off);
}

static int
vf_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	struct vfile *p = (struct vfile *)f;
	int rc;

	FAULT_CHECK(VAULT_VFS_FAULT_TRUNCATE, p);
	if (p->kind == VFILE_MAIN)
		size += HEADER;
	else if ((rc = wal_flush(p)) != SQLITE_OK)
		return rc;
	p->pending = 0;
	p->read_frame = -1;
	return p->real->pMethods->xTruncate(p->real, size);
}

static int
vf_sync(sqlite3_file *f, int flags)
{
	struct vfile *p = (struct vfile *)f;
	int rc;

	FAULT_CHECK(VAULT_VFS_FAULT_SYNC, p);
	if (p->kind == VFILE_WAL && (rc = wal_flush(p)) != SQLITE_OK)
		return rc;
	return p->real->pMethods->xSync(p->real, flags);
}

static int
vf_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	struct vfile *p = (struct vfile *)f;
	int rc;

	if (p->kind == VFILE_WAL && (rc = wal_flush(p)) != SQLITE_OK)
		return rc;
	rc = p->real->pMethods->xFileSize(p->real, size);

	if (rc == SQLITE_OK && p->kind == VFILE_MAIN)
		*size = *size > HEADER ? *size - HEADER : 0;
	return rc;
}

static int
vf_lock(sqlite3_file *f, int lock)
{
	struct vfile *p = (struct vfile *)f;

	return p->real->pMethods->xLock(p->real, lock);
}

static int
vf_unlock(sqlite3_file *f, int lock)
{
	struct vfile *p = (struct vfile *)f;

	return p->real->pMethods->xUnlock(p->real, lock);
}

static int
vf_check_reserved_lock(sqlite3_file *f, int *out)
{
	struct vfile *p = (struct vfile *)f;

	return p->real->pMethods->xCheckReservedLock(p->real, out);
}

static int
vf_file_control(sqlite3_file *f, int op, void *arg)
{
	struct vfile *p = (struct vfile *)f;
	int rc;

	switch (op) {
	case VAULT_VFS_FCNTL_BAD_PAGE:
		*(uint32_t *)arg = (p->kind == VFILE_MAIN ? p : p->db)->bad_page;
		return SQLITE_OK;
	case SQLITE_FCNTL_MMAP_SIZE:
		*(sqlite3_int64 *)arg = 0; /* never */
		return SQLITE_OK;
	case SQLITE_FCNTL_SIZE_HINT:
		if (p->kind == VFILE_MAIN) {
			sqlite3_int64 hint = *(sqlite3_int64 *)arg + HEADER;

			return p->real->pMethods->xFileControl(p->real, op, &hint);
		}
		break;
	case SQLITE_FCNTL_VFSNAME:
		rc = p->real->pMethods->xFileControl(p->real, op, arg);
		if (rc == SQLITE_OK)
			*(char **)arg = sqlite3_mprintf("%s/%z", VAULT_VFS_NAME, *(char **)arg);
		else
			*(char **)arg = sqlite3_mprintf("%s", VAULT_VFS_NAME);
		return SQLITE_OK;
	default:
		break;
	}
	return p->real->pMethods->xFileControl(p->real, op, arg);
}

static int
vf_sector_size(sqlite3_file *f)
{
	struct vfile *p = (struct vfile *)f;

	return p->real->pMethods->xSectorSize(p->real);
}

static int
vf_device_characteristics(sqlite3_file *f)
{
	struct vfile *p = (struct vfile *)f;

	return p->real->pMethods->xDeviceCharacteristics(p->real);
}

/* The -shm file: no page content (see the top of this file); forwarded.  */
static int
vf_shm_map(sqlite3_file *f, int region, int size, int extend, void volatile **pp)
{
	struct vfile *p = (struct vfile *)f;

	return p->real->pMethods->xShmMap(p->real, region, size, extend, pp);
}

static int
vf_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	struct vfile *p = (struct vfile *)f;

	return p->real->pMethods->xShmLock(p->real, offset, n, flags);
}

static void
vf_shm_barrier(sqlite3_file *f)
{
	struct vfile *p = (struct vfile *)f;

	p->real->pMethods->xShmBarrier(p->real);
}

static int
vf_shm_unmap(sqlite3_file *f, int delete_flag)
{
	struct vfile *p = (struct vfile *)f;

	return p->real->pMethods->xShmUnmap(p->real, delete_flag);
}

/* Version 2: shared memory for WAL, and no xFetch, hence no mmap.  */
static const sqlite3_io_methods vfile_methods = {
	.iVersion = 2,
	.xClose = vf_close,
	.xRead = vf_read,
	.xWrite = vf_write,
	.xTruncate = vf_truncate,
	.xSync = vf_sync,
	.xFileSize = vf_file_size,
	.xLock = vf_lock,
	.xUnlock = vf_unlock,
	.xCheckReservedLock = vf_check_reserved_lock,
	.xFileControl = vf_file_control,
	.xSectorSize = vf_sector_size,
	.xDeviceCharacteristics = vf_device_characteristics,
	.xShmMap = vf_shm_map,
	.xShmLock = vf_shm_lock,
	.xShmBarrier = vf_shm_barrier,
	.xShmUnmap = vf_shm_unmap,
};

/* --- The VFS ------------------------------------------------------------------ */

static const char *
kind_name(int flags)
{
	if (flags & SQLITE_OPEN_MAIN_JOURNAL)
		return "rollback journal";
	if (flags & SQLITE_OPEN_SUPER_JOURNAL)
		return "super-journal";
	if (flags & SQLITE_OPEN_SUBJOURNAL)
		return "statement journal";
	if (flags & (SQLITE_OPEN_TEMP_DB | SQLITE_OPEN_TEMP_JOURNAL | SQLITE_OPEN_TRANSIENT_DB))
		return "temporary file";
	return "file";
}

static int
vfs_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags, int *out_flags)
{
	struct vfile *p = (struct vfile *)file;
	sqlite3_vfs *orig = ORIGVFS(vfs);
	sqlite3_file *dbf;
	unsigned char magic[8];
	int rc;

	memset(p, 0, sizeof *p);
	p->real = (sqlite3_file *)((char *)p + VFILE_SIZE);
	p->read_frame = -1;
	if ((flags & SQLITE_OPEN_MAIN_DB) && name != NULL) {
		p->kind = VFILE_MAIN;
		if ((p->keys = reg_lookup(name)) == NULL) {
			sqlite3_log(SQLITE_CANTOPEN, "vault: no key for %s", name);
			return SQLITE_CANTOPEN;
		}
	} else if ((flags & SQLITE_OPEN_WAL) && name != NULL) {
		dbf = sqlite3_database_file_object(name);
		if (dbf == NULL || dbf->pMethods != &vfile_methods)
			return SQLITE_CANTOPEN;
		p->kind = VFILE_WAL;
		p->db = (struct vfile *)dbf;
		p->keys = p->db->keys;
	} else {
		sqlite3_log(SQLITE_CANTOPEN, "vault: refusing to open a %s on disk (%s)",
			    kind_name(flags), name ? name : "unnamed");
		return SQLITE_CANTOPEN;
	}

	rc = orig->xOpen(orig, name, p->real, flags, out_flags);
	if (rc != SQLITE_OK)
		goto fail;
	if (p->kind == VFILE_MAIN) {
		/* Only a file that vault.c has given its header.  */
		if (p->real->pMethods->xRead(p->real, magic, sizeof magic, 0) != SQLITE_OK ||
		    memcmp(magic, "DOUANEV1", 8) != 0) {
			sqlite3_log(SQLITE_CANTOPEN, "vault: %s has no vault header", name);
			p->real->pMethods->xClose(p->real);
			rc = SQLITE_CANTOPEN;
			goto fail;
		}
	}
	/* NULL (out of memory, or no libcrypto) is a valid, slower state.  */
	p->aead = vault_aead_new();
	p->base.pMethods = &vfile_methods;
	return SQLITE_OK;
fail:
	if (p->kind == VFILE_MAIN)
		vault_vfs_keys_free(p->keys);
	p->keys = NULL;
	return rc;
}

static int
vfs_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
	return ORIGVFS(vfs)->xDelete(ORIGVFS(vfs), name, sync_dir);
}

static int
vfs_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	return ORIGVFS(vfs)->xAccess(ORIGVFS(vfs), name, flags, out);
}

static int
vfs_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	return ORIGVFS(vfs)->xFullPathname(ORIGVFS(vfs), name, n, out);
}

static void *
vfs_dl_open(sqlite3_vfs *vfs, const char *name)
{
	return ORIGVFS(vfs)->xDlOpen(ORIGVFS(vfs), name);
}

static void
vfs_dl_error(sqlite3_vfs *vfs, int n, char *msg)
{
	ORIGVFS(vfs)->xDlError(ORIGVFS(vfs), n, msg);
}

static void (*vfs_dl_sym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
	return ORIGVFS(vfs)->xDlSym(ORIGVFS(vfs), h, sym);
}

static void
vfs_dl_close(sqlite3_vfs *vfs, void *h)
{
	ORIGVFS(vfs)->xDlClose(ORIGVFS(vfs), h);
}

static int
vfs_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	return ORIGVFS(vfs)->xRandomness(ORIGVFS(vfs), n, out);
}

static int
vfs_sleep(sqlite3_vfs *vfs, int us)
{
	return ORIGVFS(vfs)->xSleep(ORIGVFS(vfs), us);
}

static int
vfs_current_time(sqlite3_vfs *vfs, double *t)
{
	return ORIGVFS(vfs)->xCurrentTime(ORIGVFS(vfs), t);
}

static int
vfs_get_last_error(sqlite3_vfs *vfs, int n, char *msg)
{
	return ORIGVFS(vfs)->xGetLastError(ORIGVFS(vfs), n, msg);
}

static int
vfs_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *t)
{
	return ORIGVFS(vfs)->xCurrentTimeInt64(ORIGVFS(vfs), t);
}

static int
vfs_set_system_call(sqlite3_vfs *vfs, const char *name, sqlite3_syscall_ptr fn)
{
	return ORIGVFS(vfs)->xSetSystemCall(ORIGVFS(vfs), name, fn);
}

static sqlite3_syscall_ptr
vfs_get_system_call(sqlite3_vfs *vfs, const char *name)
{
	return ORIGVFS(vfs)->xGetSystemCall(ORIGVFS(vfs), name);
}

static const char *
vfs_next_system_call(sqlite3_vfs *vfs, const char *name)
{
	return ORIGVFS(vfs)->xNextSystemCall(ORIGVFS(vfs), name);
}

static sqlite3_vfs vault_vfs = {
	.iVersion = 3,
	.zName = VAULT_VFS_NAME,
	.xOpen = vfs_open,
	.xDelete = vfs_delete,
	.xAccess = vfs_access,
	.xFullPathname = vfs_full_pathname,
	.xDlOpen = vfs_dl_open,
	.xDlError = vfs_dl_error,
	.xDlSym = vfs_dl_sym,
	.xDlClose = vfs_dl_close,
	.xRandomness = vfs_randomness,
	.xSleep = vfs_sleep,
	.xCurrentTime = vfs_current_time,
	.xGetLastError = vfs_get_last_error,
	.xCurrentTimeInt64 = vfs_current_time_int64,
	.xSetSystemCall = vfs_set_system_call,
	.xGetSystemCall = vfs_get_system_call,
	.xNextSystemCall = vfs_next_system_call,
};

static pthread_once_t register_once = PTHREAD_ONCE_INIT;
static int register_rc = SQLITE_ERROR;

static void
register_vfs(void)
{
	sqlite3_vfs *orig;

	if (sodium_init() < 0 || sqlite3_initialize() != SQLITE_OK)
		return;
	if ((orig = sqlite3_vfs_find(NULL)) == NULL)
		return;
	if (pthread_atfork(NULL, NULL, after_fork) != 0)
		return;
	vault_vfs.szOsFile = (int)VFILE_SIZE + orig->szOsFile;
	vault_vfs.mxPathname = orig->mxPathname;
	vault_vfs.pAppData = orig;
	if (orig->iVersion < 3) /* the default unix VFS is 3 */
		return;
	register_rc = sqlite3_vfs_register(&vault_vfs, 0);
}

int
vault_vfs_register(void)
{
	pthread_once(&register_once, register_vfs);
	return register_rc;
}

uint32_t
vault_vfs_bad_page(sqlite3 *db)
{
	uint32_t pgno = 0;

	if (sqlite3_file_control(db, "main", VAULT_VFS_FCNTL_BAD_PAGE, &pgno) != SQLITE_OK)
		return 0;
	return pgno;
}
