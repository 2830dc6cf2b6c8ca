/* Unit tests for the vault: the encrypting VFS and the key slots.
 *
 * Until the store opens its database through the vault, these tests talk
 * to SQLite directly through the vault VFS.  Every test starts from a new
 * vault with one admin, "alice", made with the cheapest Argon2id costs.
 *
 * What is proved: a round trip; marker strings written appear in none of
 * the vault, -wal and -shm files, before and after a checkpoint; a wrong
 * passphrase or an unknown user is 77 and changes nothing but the failed
 * count; a flipped byte, two swapped pages, a truncated file, a file that
 * is not a vault are 65, naming the page when there is one; users added,
 * changed, disabled, removed, with the key rotated; role binding; the
 * header MAC; the recovery slot; temp files, rollback journals and
 * keyless opens refused; a writer killed at random times loses no
 * committed record (DOUANE_VAULT_CRASH_ITERATIONS, default 30); a rotation
 * interrupted at each step leaves an openable vault.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include <cmocka.h>
#include <sodium.h>
#include <sqlite3.h>

#include "testutil.h"
#include "vault.h"

#define PASS "correct horse battery staple"
#define MARKER "QX7-MARKER-Tournesol-4411"

struct fixture {
	char dir[512];
	char path[600];
	struct vault *v;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct diag d;

	snprintf(f->dir, sizeof f->dir, "%s", test_tmpdir());
	snprintf(f->path, sizeof f->path, "%s/booth.vault", f->dir);
	diag_clear(&d);
	if (vault_create(f->path, "alice", PASS, strlen(PASS), &vault_kdf_fast, &f->v, &d) !=
	    DIAG_OK) {
		fprintf(stderr, "vault_create: %s\n", d.msg);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	vault_close(f->v);
	test_rmdir(f->dir);
	free(f);
	return 0;
}

/* --- Helpers --------------------------------------------------------------- */

static sqlite3 *
db_open(const char *path)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, VAULT_VFS_NAME),
			 SQLITE_OK);
	sqlite3_extended_result_codes(db, 0);
	assert_int_equal(sqlite3_exec(db,
				      "PRAGMA temp_store = MEMORY; PRAGMA synchronous = FULL;"
				      "PRAGMA journal_mode = WAL;",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	return db;
}

static void
exec_ok(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}

/* The first column of the first row of SQL as an integer; the step's
 * result code in *RC when RC is given (then failure is allowed).  */
static int64_t
query_int(sqlite3 *db, const char *sql, int *rc)
{
	sqlite3_stmt *st;
	int64_t v = -1;
	int r;

	r = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (r == SQLITE_OK) {
		r = sqlite3_step(st);
		if (r == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc)
		*rc = r;
	else if (r != SQLITE_ROW)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	return v;
}

static bool
integrity_ok(sqlite3 *db)
{
	sqlite3_stmt *st;
	bool ok;

	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL),
			 SQLITE_OK);
	ok = sqlite3_step(st) == SQLITE_ROW &&
	     strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
	sqlite3_finalize(st);
	return ok;
}

/* N rows of about 200 bytes each, carrying MARKER: some 10 pages per 200. */
static void
fill(sqlite3 *db, int n)
{
	char sql[512];

	exec_ok(db, "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, name TEXT, note TEXT)");
	exec_ok(db, "CREATE INDEX IF NOT EXISTS t_name ON t (name)");
	exec_ok(db, "BEGIN");
	for (int i = 0; i < n; i++) {
		snprintf(sql, sizeof sql,
			 "INSERT INTO t (name, note) VALUES ('%s %d', "
			 "'%s: seized 40 kg, concealed in the spare tyre of the lorry %d')",
			 MARKER, i, MARKER, i);
		exec_ok(db, sql);
	}
	exec_ok(db, "COMMIT");
}

static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf = NULL;
	long n;

	*len = 0;
	if (fp == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc(n > 0 ? (size_t)n : 1);
	if (n > 0 && fread(buf, 1, (size_t)n, fp) != (size_t)n)
		n = 0;
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

static void
spit(const char *path, const unsigned char *buf, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(buf, 1, len, fp), len);
	fclose(fp);
}

/* Whether the file PATH (absent: no) holds S anywhere.  */
static bool
file_has(const char *path, const char *s)
{
	size_t len, n = strlen(s);
	unsigned char *buf = slurp(path, &len);
	bool found = false;

	for (size_t i = 0; buf && !found && i + n <= len; i++)
		found = memcmp(buf + i, s, n) == 0;
	free(buf);
	return found;
}

static off_t
file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_size : -1;
}

static void
sibling(char *out, size_t size, const char *path, const char *suffix)
{
	if ((size_t)snprintf(out, size, "%s%s", path, suffix) >= size)
		fail_msg("path too long: %s", path);
}

/* Recompute the (unkeyed) checksum of both header copies, as an attacker
 * who edits the header would.  */
static void
fix_checksums(unsigned char *file)
{
	for (int c = 0; c < 2; c++) {
		unsigned char *copy = file + c * VAULT_HDR_COPY_SIZE;
		unsigned char *tmp = malloc(VAULT_HDR_COPY_SIZE);

		memcpy(tmp, copy, VAULT_HDR_COPY_SIZE);
		memset(tmp + VAULT_HDR_FAILED, 0, 8);
		memset(tmp + VAULT_HDR_CHECKSUM, 0, 32);
		crypto_generichash(copy + VAULT_HDR_CHECKSUM, 32, tmp, VAULT_HDR_COPY_SIZE, NULL, 0);
		free(tmp);
	}
}

static unsigned char *
slot_in(unsigned char *file, int copy, int slot)
{
	return file + copy * VAULT_HDR_COPY_SIZE + VAULT_HDR_SLOTS + slot * VAULT_SLOT_SIZE;
}

static void
close_all(struct fixture *f)
{
	vault_close(f->v);
	f->v = NULL;
}

static enum diag_status
open_as(struct fixture *f, const char *user, const char *pass, struct diag *d)
{
	vault_close(f->v);
	f->v = NULL;
	diag_clear(d);
	return vault_open(f->path, user, pass, strlen(pass), &f->v, d);
}

/* A vault with some data, closed (WAL checkpointed and gone).  */
static void
make_data(struct fixture *f, int rows)
{
	sqlite3 *db = db_open(f->path);
	char wal[700];

	fill(db, rows);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
	sibling(wal, sizeof wal, f->path, "-wal");
	assert_true(file_size(wal) <= 0);
}

/* --- Tests ----------------------------------------------------------------- */

static void
test_round_trip(void **state)
{
	struct fixture *f = *state;
	struct diag d;
	sqlite3 *db;
	sqlite3_stmt *st;

	assert_string_equal(vault_user(f->v), "alice");
	assert_int_equal(vault_role(f->v), VAULT_ROLE_ADMIN);
	assert_int_equal(file_size(f->path), VAULT_VFS_HEADER_SIZE + VAULT_VFS_PAGE_SIZE);
	make_data(f, 500);
	close_all(f);

	assert_int_equal(open_as(f, "alice", PASS, &d), DIAG_OK);
	assert_int_equal(vault_failed_attempts(f->v), 0);
	db = db_open(f->path);
	assert_int_equal(query_int(db, "SELECT count(*) FROM t", NULL), 500);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT note FROM t WHERE name = ?1", -1, &st,
					    NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, MARKER " 321", -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal(sqlite3_column_text(st, 0),
			    MARKER ": seized 40 kg, concealed in the spare tyre of the lorry 321");
	sqlite3_finalize(st);
	assert_true(integrity_ok(db));
	/* The pages have the reserve for nonce and tag, and no mmap.  */
	{
		int n = -1;

		assert_int_equal(sqlite3_file_control(db, "main", SQLITE_FCNTL_RESERVE_BYTES, &n),
				 SQLITE_OK);
		assert_int_equal(n, VAULT_VFS_RESERVE);
	}
	exec_ok(db, "PRAGMA mmap_size = 1000000");
	assert_int_equal(query_int(db, "PRAGMA mmap_size", NULL), 0);
	assert_int_equal(query_int(db, "PRAGMA page_size", NULL), VAULT_VFS_PAGE_SIZE);
	sqlite3_close(db);
}

static void
assert_no_marker(const char *path)
{
	char side[700];

	assert_false(file_has(path, MARKER));
	assert_false(file_has(path, "spare tyre"));
	sibling(side, sizeof side, path, "-wal");
	assert_false(file_has(side, MARKER));
	assert_false(file_has(side, "spare tyre"));
	sibling(side, sizeof side, path, "-shm");
	assert_false(file_has(side, MARKER));
}

static void
test_marker_absent(void **state)
{
	struct fixture *f = *state;
	char wal[700], shm[700], plain[700];
	sqlite3 *db;

	sibling(wal, sizeof wal, f->path, "-wal");
	sibling(shm, sizeof shm, f->path, "-shm");

	/* The scan finds the marker in a plain database: it can see.  */
	snprintf(plain, sizeof plain, "%s/plain.db", f->dir);
	assert_int_equal(sqlite3_open(plain, &db), SQLITE_OK);
	exec_ok(db, "PRAGMA journal_mode = WAL");
	fill(db, 50);
	sibling(wal, sizeof wal, plain, "-wal");
	assert_true(file_has(wal, MARKER));
	sqlite3_close(db);
	sibling(wal, sizeof wal, f->path, "-wal");

	db = db_open(f->path);
	exec_ok(db, "PRAGMA wal_autocheckpoint = 0");
	fill(db, 400);
	exec_ok(db, "UPDATE t SET note = note || ' (" MARKER " again)' WHERE id % 3 = 0");
	exec_ok(db, "DELETE FROM t WHERE id % 7 = 0");
	/* Before a checkpoint: everything is in the WAL.  */
	assert_true(file_size(wal) > 100000);
	assert_true(file_size(shm) > 0);
	assert_no_marker(f->path);
	/* After one: the pages are in the database file too.  */
	assert_int_equal(query_int(db, "PRAGMA wal_checkpoint(FULL)", NULL), 0);
	assert_true(file_size(f->path) > 100000);
	assert_no_marker(f->path);
	fill(db, 100);
	assert_no_marker(f->path);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
	assert_no_marker(f->path);

	db = db_open(f->path);
	assert_int_equal(query_int(db, "SELECT count(*) FROM t WHERE note LIKE '%spare tyre%'",
				   NULL),
			 500 - 400 / 7);
	sqlite3_close(db);
}

static void
test_wrong_passphrase(void **state)
{
	struct fixture *f = *state;
	unsigned char *before, *after;
	size_t n1, n2;
	unsigned n;
	struct diag d;

	make_data(f, 100);
	close_all(f);
	before = slurp(f->path, &n1);

	assert_int_equal(open_as(f, "alice", "Correct horse battery staple", &d), DIAG_NOPERM);
	assert_null(f->v);
	assert_string_equal(d.msg, "wrong user or passphrase");
	assert_int_equal(open_as(f, "mallory", PASS, &d), DIAG_NOPERM);
	assert_string_equal(d.msg, "wrong user or passphrase");
	assert_int_equal(open_as(f, "alice", "", &d), DIAG_NOPERM);

	/* Nothing changed but the failed count, in both copies.  */
	after = slurp(f->path, &n2);
	assert_int_equal(n1, n2);
	for (int c = 0; c < 2; c++) {
		unsigned char *p = after + c * VAULT_HDR_COPY_SIZE + VAULT_HDR_FAILED;

		assert_int_equal(p[0], 3);
		memset(p, 0, 4);
	}
	assert_memory_equal(before, after, n1);
	assert_int_equal(vault_path_failed_attempts(f->path, &n, &d), DIAG_OK);
	assert_int_equal(n, 3);

	/* The next unlock is told, and the count starts again.  */
	assert_int_equal(open_as(f, "alice", PASS, &d), DIAG_OK);
	assert_int_equal(vault_failed_attempts(f->v), 3);
	assert_int_equal(vault_path_failed_attempts(f->path, &n, &d), DIAG_OK);
	assert_int_equal(n, 0);
	free(before);
	free(after);

	/* The lock screen counts too.  */
	assert_int_equal(vault_reauth(f->v, "nope", 4, &d), DIAG_NOPERM);
	assert_int_equal(vault_reauth(f->v, PASS, strlen(PASS), &d), DIAG_OK);
	assert_int_equal(vault_failed_attempts(f->v), 1);

	assert_int_equal(vault_unlock_delay_ms(0), 0);
	assert_int_equal(vault_unlock_delay_ms(2), 0);
	assert_int_equal(vault_unlock_delay_ms(3), 1000);
	assert_int_equal(vault_unlock_delay_ms(4), 2000);
	assert_int_equal(vault_unlock_delay_ms(100), 30000);
}

/* A query that reads every page of the table and of its index.  */
#define SCAN_ALL                                                                           \
	"SELECT (SELECT sum(length(note)) FROM t) + "                                      \
	"(SELECT count(*) FROM t INDEXED BY t_name WHERE name > '')"

static void
test_flipped_byte(void **state)
{
	struct fixture *f = *state;
	unsigned char *buf;
	size_t len;
	struct diag d;
	uint32_t bad;
	sqlite3 *db;
	int rc;

	make_data(f, 300);
	close_all(f);
	buf = slurp(f->path, &len);
	buf[VAULT_VFS_HEADER_SIZE + 2 * VAULT_VFS_PAGE_SIZE + 1000] ^= 0x01; /* page 3 */
	spit(f->path, buf, len);
	free(buf);

	assert_int_equal(open_as(f, "alice", PASS, &d), DIAG_OK); /* the header is fine */
	db = db_open(f->path);
	query_int(db, SCAN_ALL, &rc);
	assert_int_equal(rc, SQLITE_CORRUPT);
	assert_int_equal(vault_vfs_bad_page(db), 3);
	sqlite3_close(db);

	assert_int_equal(vault_verify(f->v, &bad, &d), DIAG_DATA);
	assert_int_equal(bad, 3);
	assert_string_equal(d.msg, "vault damaged or altered: page 3");
}

static void
test_swapped_pages(void **state)
{
	struct fixture *f = *state;
	unsigned char *buf, tmp[VAULT_VFS_PAGE_SIZE];
	unsigned char *p4, *p5;
	size_t len;
	struct diag d;
	uint32_t bad;
	sqlite3 *db;
	int rc;

	make_data(f, 300);
	close_all(f);
	buf = slurp(f->path, &len);
	p4 = buf + VAULT_VFS_HEADER_SIZE + 3 * VAULT_VFS_PAGE_SIZE;
	p5 = p4 + VAULT_VFS_PAGE_SIZE;
	memcpy(tmp, p4, sizeof tmp);
	memcpy(p4, p5, sizeof tmp);
	memcpy(p5, tmp, sizeof tmp);
	spit(f->path, buf, len);
	free(buf);

	assert_int_equal(open_as(f, "alice", PASS, &d), DIAG_OK);
	db = db_open(f->path);
	query_int(db, SCAN_ALL, &rc);
	assert_int_equal(rc, SQLITE_CORRUPT);
	assert_true(vault_vfs_bad_page(db) == 4 || vault_vfs_bad_page(db) == 5);
	sqlite3_close(db);
	assert_int_equal(vault_verify(f->v, &bad, &d), DIAG_DATA);
	assert_int_equal(bad, 4);
}

/* A page of another vault (same passphrase, same page number) does not
 * fit: the file id is in the associated data, and the key differs.  */
static void
test_page_from_other_vault(void **state)
{
	struct fixture *f = *state;
	char other[700];
	struct vault *v2;
	unsigned char *a, *b;
	size_t la, lb;
	struct diag d;
	uint32_t bad;

	make_data(f, 300);
	snprintf(other, sizeof other, "%s/other.vault", f->dir);
	assert_int_equal(vault_create(other, "alice", PASS, strlen(PASS), &vault_kdf_fast, &v2, &d),
			 DIAG_OK);
	{
		sqlite3 *db = db_open(other);

		fill(db, 300);
		sqlite3_close(db);
	}
	vault_close(v2);
	close_all(f);
	a = slurp(f->path, &la);
	b = slurp(other, &lb);
	memcpy(a + VAULT_VFS_HEADER_SIZE + VAULT_VFS_PAGE_SIZE,
	       b + VAULT_VFS_HEADER_SIZE + VAULT_VFS_PAGE_SIZE, VAULT_VFS_PAGE_SIZE);
	spit(f->path, a, la);
	free(a);
	free(b);
	assert_int_equal(open_as(f, "alice", PASS, &d), DIAG_OK);
	assert_int_equal(vault_verify(f->v, &bad, &d), DIAG_DATA);
	assert_int_equal(bad, 2);
}

static void
test_truncated(void **state)
{
	struct fixture *f = *state;
	struct diag d;
	uint32_t bad;
	off_t size;
	sqlite3 *db;
	int rc;

	make_data(f, 300);
	close_all(f);
	size = file_size(f->path);

	/* Whole pages cut off the end: SQLite sees fewer pages than page 1
	 * promises.  */
	assert_int_equal(truncate(f->path, size - 2 * VAULT_VFS_PAGE_SIZE), 0);
	assert_int_equal(open_as(f, "alice", PASS, &d), DIAG_OK);
	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE, VAULT_VFS_NAME),
			 SQLITE_OK);
	rc = sqlite3_exec(db, "PRAGMA temp_store = MEMORY; PRAGMA journal_mode = WAL;", NULL,
			  NULL, NULL);
	if (rc == SQLITE_OK)
		query_int(db, SCAN_ALL, &rc);
	assert_int_equal(rc, SQLITE_CORRUPT);
	sqlite3_close(db);
	assert_int_equal(vault_verify(f->v, &bad, &d), DIAG_DATA);
	assert_non_null(strstr(d.msg, "vault damaged or altered"));

	/* Part of a page.  */
	close_all(f);
	assert_int_equal(truncate(f->path, size - 2 * VAULT_VFS_PAGE_SIZE - 100), 0);
	assert_int_equal(open_as(f, "alice", PASS, &d), DIAG_DATA);
	assert_non_null(strstr(d.msg, "truncated"));

	/* Into the header.  */
	assert_int_equal(truncate(f->path, VAULT_HDR_COPY_SIZE + 100), 0);
	assert_int_equal(open_as(f, "alice", PASS, &d), DIAG_DATA);
	assert_non_null(strstr(d.msg, "truncated"));
}

static void
test_not_a_vault(void **state)
{
	struct fixture *f = *state;
	char path[700];
	struct vault *v;
	struct diag d;
	sqlite3 *db;
	FILE *fp;

	snprintf(path, sizeof path, "%s/junk", f->dir);
	fp = fopen(path, "w");
	for (int i = 0; i < 3000; i++)
		fputs("this is not a vault ", fp);
	fclose(fp);
	assert_int_equal(vault_open(path, "alice", PASS, strlen(PASS), &v, &d), DIAG_DATA);
	assert_null(v);
	assert_string_equal(d.msg, "not a douane vault");

	snprintf(path, sizeof path, "%s/plain.db", f->dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	exec_ok(db, "CREATE TABLE x (a); INSERT INTO x VALUES (1)");
	sqlite3_close(db);
	assert_int_equal(vault_open(path, "alice", PASS, strlen(PASS), &v, &d), DIAG_DATA);

	snprintf(path, sizeof path, "%s/empty", f->dir);
	fclose(fopen(path, "w"));
	assert_int_equal(vault_open(path, "alice", PASS, strlen(PASS), &v, &d), DIAG_DATA);

	snprintf(path, sizeof path, "%s/absent", f->dir);
	assert_int_equal(vault_open(path, "alice", PASS, strlen(PASS), &v, &d), DIAG_NOINPUT);

	/* vault_create never overwrites.  */
	assert_int_equal(vault_create(f->path, "bob", "x", 1, &vault_kdf_fast, &v, &d), DIAG_USAGE);
	assert_null(v);
}

static void
test_users(void **state)
{
	struct fixture *f = *state;
	struct vault_user_info users[VAULT_SLOTS];
	unsigned char old_master[32];
	struct vault_vfs_keys *k;
	struct diag d;
	size_t n, len;
	sqlite3 *db;

	make_data(f, 200);
	assert_int_equal(vault_user_add(f->v, "bob", VAULT_ROLE_INSPECTOR, "bob pass", 8, NULL, &d),
			 DIAG_OK);
	assert_int_equal(vault_user_add(f->v, "carol", VAULT_ROLE_SUPERVISOR, "carol pass", 10,
					NULL, &d),
			 DIAG_OK);
	assert_int_equal(vault_user_add(f->v, "bob", VAULT_ROLE_ADMIN, "x", 1, NULL, &d),
			 DIAG_USAGE);
	assert_int_equal(vault_user_list(f->v, users, VAULT_SLOTS, &n, &d), DIAG_OK);
	assert_int_equal(n, 3);
	assert_string_equal(users[1].user, "bob");
	assert_int_equal(users[1].role, VAULT_ROLE_INSPECTOR);
	assert_int_equal(users[2].role, VAULT_ROLE_SUPERVISOR);
	assert_int_equal(users[2].status, VAULT_USER_ACTIVE);

	/* Bob is an inspector: he unlocks, but manages no one else.  */
	assert_int_equal(open_as(f, "bob", "bob pass", &d), DIAG_OK);
	assert_int_equal(vault_role(f->v), VAULT_ROLE_INSPECTOR);
	assert_int_equal(vault_user_add(f->v, "eve", VAULT_ROLE_ADMIN, "x", 1, NULL, &d),
			 DIAG_NOPERM);
	assert_int_equal(vault_user_passwd(f->v, "carol", "x", 1, NULL, &d), DIAG_NOPERM);
	assert_int_equal(vault_user_disable(f->v, "carol", &d), DIAG_NOPERM);
	/* His own passphrase he may change: one slot rewritten.  */
	{
		unsigned char *b1, *b2;
		size_t l1, l2;

		b1 = slurp(f->path, &l1);
		assert_int_equal(vault_user_passwd(f->v, "bob", "bob new", 7, NULL, &d), DIAG_OK);
		b2 = slurp(f->path, &l2);
		assert_int_equal(l1, l2);
		for (int c = 0; c < 2; c++) {
			assert_memory_not_equal(slot_in(b1, c, 1), slot_in(b2, c, 1),
						VAULT_SLOT_SIZE);
			assert_memory_equal(slot_in(b1, c, 0), slot_in(b2, c, 0), VAULT_SLOT_SIZE);
			assert_memory_equal(slot_in(b1, c, 2), slot_in(b2, c, 2), VAULT_SLOT_SIZE);
		}
		assert_memory_equal(b1 + VAULT_VFS_HEADER_SIZE, b2 + VAULT_VFS_HEADER_SIZE,
				    l1 - VAULT_VFS_HEADER_SIZE);
		free(b1);
		free(b2);
	}
	assert_int_equal(open_as(f, "bob", "bob pass", &d), DIAG_NOPERM);
	assert_int_equal(open_as(f, "bob", "bob new", &d), DIAG_OK);

	/* An admin resets Bob's, disables him, enables him.  */
	assert_int_equal(open_as(f, "alice", PASS, &d), DIAG_OK);
	assert_int_equal(vault_user_passwd(f->v, "bob", "reset", 5, NULL, &d), DIAG_OK);
	assert_int_equal(vault_user_disable(f->v, "bob", &d), DIAG_OK);
	assert_int_equal(vault_user_disable(f->v, "alice", &d), DIAG_USAGE);
	assert_int_equal(open_as(f, "bob", "reset", &d), DIAG_NOPERM);
	assert_string_equal(d.msg, "user bob is disabled");
	assert_int_equal(open_as(f, "alice", PASS, &d), DIAG_OK);
	assert_int_equal(vault_user_enable(f->v, "bob", &d), DIAG_OK);
	assert_int_equal(open_as(f, "bob", "reset", &d), DIAG_OK);

	/* Removing Bob rotates the key: the old one opens no page.  */
	assert_int_equal(open_as(f, "alice", PASS, &d), DIAG_OK);
	memcpy(old_master, vault_master_key(f->v), 32);
	assert_int_equal(vault_user_remove(f->v, "alice", &d), DIAG_USAGE);
	assert_int_equal(vault_user_remove(f->v, "bob", &d), DIAG_OK);
	assert_memory_not_equal(old_master, vault_master_key(f->v), 32);
	assert_int_equal(vault_user_list(f->v, users, VAULT_SLOTS, &n, &d), DIAG_OK);
	assert_int_equal(n, 2);
	db = db_open(f->path); /* still usable in the same session */
	assert_int_equal(query_int(db, "SELECT count(*) FROM t", NULL), 200);
	exec_ok(db, "INSERT INTO t (name) VALUES ('after rotation')");
	sqlite3_close(db);
	for (int with_new = 0; with_new < 2; with_new++) {
		unsigned char *buf = slurp(f->path, &len);

		k = vault_vfs_keys_new(with_new ? vault_master_key(f->v) : old_master,
				       vault_file_id(f->v));
		for (uint32_t pg = 1; pg <= (len - VAULT_VFS_HEADER_SIZE) / VAULT_VFS_PAGE_SIZE; pg++)
			assert_int_equal(vault_vfs_page_decrypt(k, pg,
								buf + VAULT_VFS_HEADER_SIZE +
									(pg - 1) * VAULT_VFS_PAGE_SIZE),
					 with_new ? 0 : -1);
		vault_vfs_keys_free(k);
		free(buf);
	}
	sodium_memzero(old_master, sizeof old_master);

	assert_int_equal(open_as(f, "bob", "reset", &d), DIAG_NOPERM);
	assert_string_equal(d.msg, "wrong user or passphrase");
	assert_int_equal(open_as(f, "carol", "carol pass", &d), DIAG_OK);
	assert_int_equal(vault_role(f->v), VAULT_ROLE_SUPERVISOR);
	db = db_open(f->path);
	assert_int_equal(query_int(db, "SELECT count(*) FROM t", NULL), 201);
	assert_true(integrity_ok(db));
	sqlite3_close(db);
	assert_int_equal(open_as(f, "alice", PASS, &d), DIAG_OK);
	{
		uint32_t bad;

		assert_int_equal(vault_verify(f->v, &bad, &d), DIAG_OK);
	}
}

static void
test_role_binding(void **state)
{
	struct fixture *f = *state;
	unsigned char *orig, *buf;
	size_t len;
	struct diag d;

	assert_int_equal(vault_user_add(f->v, "bob", VAULT_ROLE_INSPECTOR, "bob pass", 8, NULL, &d),
			 DIAG_OK);
	close_all(f);
	orig = slurp(f->path, &len);

	/* Bob makes himself an admin.  */
	buf = slurp(f->path, &len);
	for (int c = 0; c < 2; c++)
		slot_in(buf, c, 1)[VAULT_SLOT_ROLE] = VAULT_ROLE_ADMIN;
	fix_checksums(buf);
	spit(f->path, buf, len);
	free(buf);
	assert_int_equal(open_as(f, "bob", "bob pass", &d), DIAG_DATA);
	assert_null(f->v);

	/* ... or takes another name.  */
	buf = slurp(f->path, &len);
	memcpy(buf, orig, len);
	for (int c = 0; c < 2; c++)
		memcpy(slot_in(buf, c, 1) + VAULT_SLOT_UID, "bub", 3);
	fix_checksums(buf);
	spit(f->path, buf, len);
	assert_int_equal(open_as(f, "bub", "bob pass", &d), DIAG_NOPERM);
	free(buf);

	/* ... or moves his slot.  */
	buf = slurp(f->path, &len);
	memcpy(buf, orig, len);
	for (int c = 0; c < 2; c++) {
		memcpy(slot_in(buf, c, 7), slot_in(buf, c, 1), VAULT_SLOT_SIZE);
		memset(slot_in(buf, c, 1), 0, VAULT_SLOT_SIZE);
	}
	fix_checksums(buf);
	spit(f->path, buf, len);
	assert_int_equal(open_as(f, "bob", "bob pass", &d), DIAG_NOPERM);
	free(buf);

	/* The untouched file still opens for both.  */
	spit(f->path, orig, len);
	assert_int_equal(open_as(f, "bob", "bob pass", &d), DIAG_OK);
	assert_int_equal(vault_role(f->v), VAULT_ROLE_INSPECTOR);
	assert_int_equal(open_as(f, "alice", PASS, &d), DIAG_OK);
	free(orig);
}

static void
test_header_mac(void **state)
{
	struct fixture *f = *state;
	unsigned char *orig, *buf;
	size_t len;
	struct diag d;

	close_all(f);
	orig = slurp(f->path, &len);

	/* Fields outside the slots are covered by the MAC.  */
	buf = malloc(len);
	memcpy(buf, orig, len);
	for (int c = 0; c < 2; c++)
		buf[c * VAULT_HDR_COPY_SIZE + VAULT_HDR_OPSLIMIT] = 2;
	fix_checksums(buf);
	spit(f->path, buf, len);
	assert_int_equal(open_as(f, "alice", PASS, &d), DIAG_DATA);
	assert_string_equal(d.msg, "vault damaged or altered: the header fails its check");

	/* A torn copy (bad checksum) is passed over for the other one.  */
	memcpy(buf, orig, len);
	buf[VAULT_HDR_SLOTS + 5 * VAULT_SLOT_SIZE] ^= 0xff; /* copy A */
	spit(f->path, buf, len);
	assert_int_equal(open_as(f, "alice", PASS, &d), DIAG_OK);
	/* Both torn: nothing to go on.  */
	close_all(f);
	buf[VAULT_HDR_COPY_SIZE + 2000] ^= 0xff;
	spit(f->path, buf, len);
	assert_int_equal(open_as(f, "alice", PASS, &d), DIAG_DATA);
	assert_non_null(strstr(d.msg, "header unreadable"));

	spit(f->path, orig, len);
	assert_int_equal(open_as(f, "alice", PASS, &d), DIAG_OK);
	free(buf);
	free(orig);
}

static void
test_recovery(void **state)
{
	struct fixture *f = *state;
	unsigned char pk[32], sk[32], pk2[32], sk2[32];
	struct vault *r;
	struct diag d;
	sqlite3 *db;

	crypto_box_keypair(pk, sk);
	crypto_box_keypair(pk2, sk2);
	make_data(f, 50);
	assert_int_equal(vault_open_recovery(f->path, pk, sk, &r, &d), DIAG_NOPERM);
	assert_int_equal(vault_recovery_set(f->v, pk, &d), DIAG_OK);
	assert_int_equal(vault_rekey(f->v, &d), DIAG_OK);
	close_all(f);
	assert_int_equal(vault_open_recovery(f->path, pk2, sk2, &r, &d), DIAG_NOPERM);
	assert_int_equal(vault_open_recovery(f->path, pk, sk2, &r, &d), DIAG_NOPERM);
	assert_int_equal(vault_open_recovery(f->path, pk, sk, &r, &d), DIAG_OK);
	assert_int_equal(vault_role(r), VAULT_ROLE_ADMIN);
	assert_string_equal(vault_user(r), "recovery");
	db = db_open(f->path);
	assert_int_equal(query_int(db, "SELECT count(*) FROM t", NULL), 50);
	sqlite3_close(db);
	/* HQ resets a forgotten passphrase.  */
	assert_int_equal(vault_user_passwd(r, "alice", "new", 3, NULL, &d), DIAG_OK);
	vault_close(r);
	assert_int_equal(open_as(f, "alice", "new", &d), DIAG_OK);
}

static void
test_refused_files(void **state)
{
	struct fixture *f = *state;
	char other[700], sql[800];
	sqlite3 *db;
	int rc;

	make_data(f, 20);
	db = db_open(f->path);
	/* Temporary tables on disk.  */
	exec_ok(db, "PRAGMA temp_store = FILE; PRAGMA temp.cache_size = 2");
	assert_int_not_equal(sqlite3_exec(db,
					  "CREATE TEMP TABLE x (a); "
					  "INSERT INTO x SELECT randomblob(3000) FROM t, t AS t2",
					  NULL, NULL, NULL),
			     SQLITE_OK);
	exec_ok(db, "PRAGMA temp_store = MEMORY; PRAGMA temp.cache_size = 2");
	exec_ok(db, "CREATE TEMP TABLE x (a); INSERT INTO x SELECT randomblob(3000) FROM t, t AS t2");
	sqlite3_close(db);
	/* A rollback journal: leaving WAL mode fails, or writing after it.  */
	db = db_open(f->path);
	rc = sqlite3_exec(db, "PRAGMA journal_mode = DELETE;"
			      "INSERT INTO t (name) VALUES ('journal')",
			  NULL, NULL, NULL);
	assert_int_not_equal(rc, SQLITE_OK);
	sqlite3_close(db);
	db = db_open(f->path);
	assert_int_equal(query_int(db, "SELECT count(*) FROM t WHERE name = 'journal'", NULL), 0);
	assert_true(integrity_ok(db));
	/* Another database attached to a vault connection.  */
	snprintf(other, sizeof other, "%s/plain.db", f->dir);
	snprintf(sql, sizeof sql, "ATTACH '%s' AS p", other);
	assert_int_not_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(query_int(db, "SELECT count(*) FROM t", NULL), 20);
	sqlite3_close(db);

	/* No key, no open.  */
	close_all(f);
	assert_int_not_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE, VAULT_VFS_NAME),
			     SQLITE_OK);
	sqlite3_close(db);
}

/* --- Crashes --------------------------------------------------------------- */

/* The writer: commit record N, N+1, ... reporting each on FD once
 * committed, until killed.  Every other run syncs only at checkpoints
 * (synchronous NORMAL: still safe from a killed process), and now and then
 * a transaction bigger than the cache spills pages to the WAL.  */
static void
writer(const char *path, int fd, int64_t n, int run)
{
	struct vault *v;
	struct diag d;
	sqlite3 *db;
	sqlite3_stmt *st;

	if (vault_open(path, "alice", PASS, strlen(PASS), &v, &d) != DIAG_OK)
		_exit(3);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, VAULT_VFS_NAME) != SQLITE_OK ||
	    sqlite3_exec(db,
			 run % 2 ? "PRAGMA temp_store = MEMORY; PRAGMA synchronous = NORMAL;"
				   "PRAGMA wal_autocheckpoint = 16; PRAGMA cache_size = 8;"
				 : "PRAGMA temp_store = MEMORY; PRAGMA synchronous = FULL;"
				   "PRAGMA wal_autocheckpoint = 16; PRAGMA cache_size = 8;",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "INSERT INTO rec (n, pad) VALUES (?1, randomblob(700));", -1, &st,
			       NULL) != SQLITE_OK)
		_exit(4);
	for (;; n++) {
		char del[80];

		/* One transaction: the record, and every fifth time the
		 * deletion of record n - 4.  */
		snprintf(del, sizeof del, "DELETE FROM rec WHERE n = %lld", (long long)n - 4);
		if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
			_exit(5);
		sqlite3_bind_int64(st, 1, n);
		if (sqlite3_step(st) != SQLITE_DONE)
			_exit(5);
		sqlite3_reset(st);
		if (n % 5 == 0 && sqlite3_exec(db, del, NULL, NULL, NULL) != SQLITE_OK)
			_exit(6);
		if (n % 23 == 0 && sqlite3_exec(db, "UPDATE rec SET pad = randomblob(700) "
						    "WHERE n % 3 = 0 AND n > (SELECT max(n) - 150 FROM rec)",
						NULL, NULL, NULL) != SQLITE_OK)
			_exit(6);
		if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			_exit(6);
		if (write(fd, &n, sizeof n) != sizeof n)
			_exit(7);
	}
}

static void
test_crash_loop(void **state)
{
	struct fixture *f = *state;
	const char *env = getenv("DOUANE_VAULT_CRASH_ITERATIONS");
	int iterations = env && atoi(env) > 0 ? atoi(env) : 30;
	unsigned seed = (unsigned)time(NULL);
	int64_t next = 1;
	struct diag d;
	sqlite3 *db;

	db = db_open(f->path);
	exec_ok(db, "CREATE TABLE rec (n INTEGER PRIMARY KEY, pad BLOB)");
	sqlite3_close(db);
	print_message("# crash loop: %d iterations, seed %u\n", iterations, seed);
	for (int it = 0; it < iterations; it++) {
		int pfd[2], status;
		int64_t n, first = next, last = 0;
		pid_t pid;

		assert_int_equal(pipe(pfd), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(pfd[0]);
			writer(f->path, pfd[1], first, it);
		}
		close(pfd[1]);
		usleep(2000 + rand_r(&seed) % 60000);
		kill(pid, SIGKILL);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFSIGNALED(status)); /* not an early exit */
		while (read(pfd[0], &n, sizeof n) == sizeof n) {
			assert_int_equal(n, last ? last + 1 : first);
			last = n;
		}
		close(pfd[0]);

		/* Every record reported committed is there, and the file is whole. */
		assert_int_equal(open_as(f, "alice", PASS, &d), DIAG_OK);
		db = db_open(f->path);
		if (last) {
			char sql[200];
			int64_t want = 0;

			/* Every record reported is there (bar every fifth, which a
			 * later transaction deletes) ...  */
			for (int64_t i = first; i <= last; i++)
				want += i % 5 != 1;
			snprintf(sql, sizeof sql,
				 "SELECT count(*) FROM rec WHERE n BETWEEN %lld AND %lld "
				 "AND n %% 5 != 1",
				 (long long)first, (long long)last);
			assert_int_equal(query_int(db, sql, NULL), want);
			/* ... and so is every deletion reported.  */
			snprintf(sql, sizeof sql,
				 "SELECT count(*) FROM rec WHERE n BETWEEN %lld AND %lld "
				 "AND n %% 5 = 1",
				 (long long)first, (long long)last - 4);
			assert_int_equal(query_int(db, sql, NULL), 0);
		}
		assert_true(integrity_ok(db));
		next = query_int(db, "SELECT coalesce(max(n), 0) + 1 FROM rec", NULL);
		assert_true(next > last);
		sqlite3_close(db);
	}
	assert_true(next > 1);
	{
		uint32_t bad;

		assert_int_equal(vault_verify(f->v, &bad, &d), DIAG_OK);
	}
}

/* Transactions left in the WAL by a process that exits without closing
 * are recovered by the next one: with synchronous NORMAL (no sync at
 * commit), and with a transaction bigger than the page cache (pages
 * spilled to the WAL, rewritten in place, checksums recomputed).  */
static void
test_wal_recovery(void **state)
{
	struct fixture *f = *state;
	char wal[700];
	struct diag d;
	sqlite3 *db;
	pid_t pid;
	int status;

	make_data(f, 100);
	sibling(wal, sizeof wal, f->path, "-wal");
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE, VAULT_VFS_NAME) !=
			    SQLITE_OK ||
		    sqlite3_exec(db,
				 "PRAGMA temp_store = MEMORY; PRAGMA synchronous = NORMAL;"
				 "PRAGMA cache_size = 5; PRAGMA wal_autocheckpoint = 0;"
				 "BEGIN;"
				 "UPDATE t SET note = note || ' big' WHERE id % 2 = 0;"
				 "UPDATE t SET note = note || ' bigger' WHERE id % 3 = 0;"
				 "INSERT INTO t (name, note) SELECT name || ' copy', note FROM t;"
				 "UPDATE t SET note = note || ' last' WHERE id % 5 = 0;"
				 "COMMIT;"
				 "INSERT INTO t (name, note) VALUES ('small', 'one');",
				 NULL, NULL, NULL) != SQLITE_OK) {
			fprintf(stderr, "# %s\n", sqlite3_errmsg(db));
			_exit(3);
		}
		_exit(0); /* no close: no checkpoint */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(file_size(wal) > 10 * VAULT_VFS_PAGE_SIZE);
	assert_no_marker(f->path);

	assert_int_equal(open_as(f, "alice", PASS, &d), DIAG_OK);
	db = db_open(f->path);
	assert_int_equal(query_int(db, "SELECT count(*) FROM t", NULL), 201);
	assert_int_equal(query_int(db, "SELECT count(*) FROM t WHERE note LIKE '% big bigger last'",
				   NULL),
			 2 * 100 / 30);
	assert_true(integrity_ok(db));
	sqlite3_close(db);
}

/* A rotation needs the vault to itself: with a connection open it fails
 * and leaves everything as it was.  */
static void
test_rotation_busy(void **state)
{
	struct fixture *f = *state;
	unsigned char *before, *after;
	size_t n1, n2;
	struct diag d;
	sqlite3 *db;
	char rekey[700];

	make_data(f, 50);
	assert_int_equal(vault_user_add(f->v, "bob", VAULT_ROLE_INSPECTOR, "b", 1, NULL, &d),
			 DIAG_OK);
	db = db_open(f->path);
	assert_int_equal(query_int(db, "SELECT count(*) FROM t", NULL), 50);
	before = slurp(f->path, &n1);
	assert_int_equal(vault_user_remove(f->v, "bob", &d), DIAG_IO);
	assert_non_null(strstr(d.msg, "in use"));
	after = slurp(f->path, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	sibling(rekey, sizeof rekey, f->path, ".rekey");
	assert_int_equal(file_size(rekey), -1);
	assert_int_equal(query_int(db, "SELECT count(*) FROM t", NULL), 50);
	sqlite3_close(db);
	free(before);
	free(after);
	assert_int_equal(vault_user_remove(f->v, "bob", &d), DIAG_OK);
	assert_int_equal(open_as(f, "bob", "b", &d), DIAG_NOPERM);
}

static const char *crash_at;

static void
crash_hook(const char *step)
{
	if (strcmp(step, crash_at) == 0)
		_exit(42);
}

/* A rotation stopped dead at each of its steps leaves either the old vault
 * (the removed user still opens it) or the new one (they do not); both
 * whole.  */
static void
test_rotation_crash(void **state)
{
	struct fixture *f = *state;
	static const char *steps[] = {"rekey-written", "wal-closed", "renamed"};
	struct diag d;
	sqlite3 *db;

	make_data(f, 300);
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
		int status;
		pid_t pid;
		bool removed;

		assert_int_equal(open_as(f, "alice", PASS, &d), DIAG_OK);
		assert_int_equal(vault_user_add(f->v, "bob", VAULT_ROLE_INSPECTOR, "b", 1, NULL, &d),
				 DIAG_OK);
		db = db_open(f->path);
		fill(db, 10); /* something in the WAL too */
		sqlite3_close(db);
		close_all(f);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			struct vault *v;

			crash_at = steps[i];
			vault_set_crash_hook(crash_hook);
			if (vault_open(f->path, "alice", PASS, strlen(PASS), &v, &d) != DIAG_OK)
				_exit(3);
			vault_user_remove(v, "bob", &d);
			_exit(4);
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 42);

		removed = open_as(f, "bob", "b", &d) != DIAG_OK;
		assert_int_equal(removed, strcmp(steps[i], "renamed") == 0);
		if (removed)
			assert_int_equal(d.status, DIAG_NOPERM);
		assert_int_equal(open_as(f, "alice", PASS, &d), DIAG_OK);
		db = db_open(f->path);
		assert_int_equal(query_int(db, "SELECT count(*) FROM t", NULL), 300 + 10 * (i + 1));
		assert_true(integrity_ok(db));
		sqlite3_close(db);
		if (!removed) /* finish the job, so the next round can add bob */
			assert_int_equal(vault_user_remove(f->v, "bob", &d), DIAG_OK);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_marker_absent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_passphrase, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flipped_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_swapped_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_from_other_vault, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_a_vault, setup, teardown),
		cmocka_unit_test_setup_teardown(test_users, setup, teardown),
		cmocka_unit_test_setup_teardown(test_role_binding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_mac, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recovery, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wal_recovery, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crash_loop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotation_busy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotation_crash, setup, teardown),
	};

	/* DOUANE_TEST_FILTER=test_crash_loop runs one test (cmocka >= 1.1). */
	if (getenv("DOUANE_TEST_FILTER"))
		cmocka_set_test_filter(getenv("DOUANE_TEST_FILTER"));
	return cmocka_run_group_tests_name("vault", tests, NULL, NULL);
}
