/* bench_vault_workload: the mixed workload the vault benchmark runs on
 * plain SQLite, on the vault, and (in a separate program, whose SQLite
 * symbols would clash) on SQLCipher.  In the spirit of SQLite's
 * speedtest1: bulk inserts in transactions, indexed and rowid lookups,
 * single-row and range updates, range scans, deletes, small transactions
 * and a final checkpoint, on a database several times the size of the
 * default page cache, so pages really go to and from the file.
 *
 * Include it after the right <sqlite3.h>.  Every connection runs in WAL
 * mode with synchronous = NORMAL (fsync at checkpoints only, so the disk
 * does not hide the cost of the cipher) and SQLite's default cache size.
 */
#ifndef DOUANE_BENCH_VAULT_WORKLOAD_H
#define DOUANE_BENCH_VAULT_WORKLOAD_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>


static double
wl_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* xorshift64*: the same numbers on every engine.  */
static uint64_t
wl_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static int
wl_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "bench: %s: %s\n", sql, msg ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static sqlite3_stmt *
wl_prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fprintf(stderr, "bench: %s: %s\n", sql, sqlite3_errmsg(db));
	return st;
}

static int
wl_step_all(sqlite3 *db, sqlite3_stmt *st)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "bench: %s\n", sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

/* A name-like text of about 100 bytes from R.  */
static void
wl_text(char *buf, size_t size, uint64_t r)
{
	static const char *const words[] = {
		"lorry",   "container", "tyre",     "pallet",  "ferry",     "seal",
		"manifest", "customs",  "tobacco",  "textile", "machinery", "Shenzhen",
		"Rotterdam", "Calais",  "Algeciras", "Dover",  "frozen",    "fish",
	};
	size_t n = 0;

	while (n + 12 < size && n < 100) {
		n += (size_t)snprintf(buf + n, size - n, "%s ", words[r % 18]);
		r = r * 6364136223846793005ULL + 1442695040888963407ULL;
		r ^= r >> 29;
	}
	buf[n ? n - 1 : 0] = '\0';
}

/* Run the workload on DB (fresh, empty, already keyed if it needs a key)
 * with ROWS rows; seconds taken, or -1 on failure.  *PAGES is set to the
 * size of the database at the end.  */
static double
wl_run(sqlite3 *db, int rows, int *pages)
{
	sqlite3_stmt *ins = NULL, *by_b = NULL, *by_a = NULL, *upd = NULL, *upd_range = NULL,
		     *scan = NULL, *del = NULL, *st;
	uint64_t s = 0x9E3779B97F4A7C15ULL;
	char text[160];
	double t0, t = -1;
	int i, ok = 0;

	if (wl_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
			"PRAGMA temp_store = MEMORY;"
			"CREATE TABLE t1 (a INTEGER PRIMARY KEY, b INTEGER, c TEXT);"
			"CREATE INDEX t1b ON t1 (b);"
			"CREATE TABLE t2 (k INTEGER PRIMARY KEY, v TEXT);") != 0)
		return -1;
	t0 = wl_now();
	if ((ins = wl_prepare(db, "INSERT INTO t1 (a, b, c) VALUES (?1, ?2, ?3)")) == NULL ||
	    (by_b = wl_prepare(db, "SELECT c FROM t1 WHERE b = ?1")) == NULL ||
	    (by_a = wl_prepare(db, "SELECT b, c FROM t1 WHERE a = ?1")) == NULL ||
	    (upd = wl_prepare(db, "UPDATE t1 SET c = ?2, b = ?3 WHERE a = ?1")) == NULL ||
	    (upd_range = wl_prepare(db, "UPDATE t1 SET b = b + 1 WHERE a BETWEEN ?1 AND ?2")) ==
		    NULL ||
	    (scan = wl_prepare(db, "SELECT count(*), sum(length(c)) FROM t1 "
				   "WHERE b BETWEEN ?1 AND ?2")) == NULL ||
	    (del = wl_prepare(db, "DELETE FROM t1 WHERE a = ?1")) == NULL)
		goto out;

	/* 1. Bulk inserts, 1000 rows per transaction, keys in random order. */
	for (i = 0; i < rows; i++) {
		uint64_t r = wl_rand(&s);

		if (i % 1000 == 0 && wl_exec(db, "BEGIN") != 0)
			goto out;
		sqlite3_bind_int64(ins, 1, (sqlite3_int64)((r >> 16) % ((uint64_t)rows * 16)) + 1);
		sqlite3_bind_int64(ins, 2, (sqlite3_int64)(r % 1000000));
		wl_text(text, sizeof text, r);
		sqlite3_bind_text(ins, 3, text, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(ins) != SQLITE_DONE && sqlite3_errcode(db) != SQLITE_CONSTRAINT) {
			fprintf(stderr, "bench: insert: %s\n", sqlite3_errmsg(db));
			goto out;
		}
		sqlite3_reset(ins);
		if ((i % 1000 == 999 || i == rows - 1) && wl_exec(db, "COMMIT") != 0)
			goto out;
	}
	/* 2. Indexed lookups and rowid lookups, outside transactions.  */
	for (i = 0; i < rows / 2; i++) {
		uint64_t r = wl_rand(&s);

		sqlite3_bind_int64(by_b, 1, (sqlite3_int64)(r % 1000000));
		sqlite3_bind_int64(by_a, 1, (sqlite3_int64)((r >> 20) % ((uint64_t)rows * 16)) + 1);
		if (wl_step_all(db, by_b) != 0 || wl_step_all(db, by_a) != 0)
			goto out;
	}
	/* 3. Single-row updates, 100 per transaction; range updates.  */
	for (i = 0; i < rows / 5; i++) {
		uint64_t r = wl_rand(&s);

		if (i % 100 == 0 && wl_exec(db, "BEGIN") != 0)
			goto out;
		sqlite3_bind_int64(upd, 1, (sqlite3_int64)((r >> 16) % ((uint64_t)rows * 16)) + 1);
		wl_text(text, sizeof text, r >> 3);
		sqlite3_bind_text(upd, 2, text, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(upd, 3, (sqlite3_int64)(r % 1000000));
		if (wl_step_all(db, upd) != 0)
			goto out;
		if ((i % 100 == 99 || i == rows / 5 - 1) && wl_exec(db, "COMMIT") != 0)
			goto out;
	}
	for (i = 0; i < 100; i++) {
		sqlite3_int64 a = (sqlite3_int64)(wl_rand(&s) % ((uint64_t)rows * 16));

		sqlite3_bind_int64(upd_range, 1, a);
		sqlite3_bind_int64(upd_range, 2, a + rows / 10);
		if (wl_step_all(db, upd_range) != 0)
			goto out;
	}
	/* 4. Range scans over the index (1% of the values each).  */
	for (i = 0; i < 300; i++) {
		sqlite3_int64 b = (sqlite3_int64)(wl_rand(&s) % 990000);

		sqlite3_bind_int64(scan, 1, b);
		sqlite3_bind_int64(scan, 2, b + 10000);
		if (wl_step_all(db, scan) != 0)
			goto out;
	}
	/* 5. Deletes: one by one in transactions, then a sweep.  */
	for (i = 0; i < rows / 10; i++) {
		if (i % 100 == 0 && wl_exec(db, "BEGIN") != 0)
			goto out;
		sqlite3_bind_int64(del, 1,
				   (sqlite3_int64)(wl_rand(&s) % ((uint64_t)rows * 16)) + 1);
		if (wl_step_all(db, del) != 0)
			goto out;
		if ((i % 100 == 99 || i == rows / 10 - 1) && wl_exec(db, "COMMIT") != 0)
			goto out;
	}
	if (wl_exec(db, "DELETE FROM t1 WHERE b % 7 = 3") != 0)
		goto out;
	/* 6. Small transactions, one row each (an inspector's records).  */
	for (i = 0; i < 500; i++) {
		char sql[200];

		wl_text(text, sizeof text, wl_rand(&s));
		snprintf(sql, sizeof sql, "INSERT INTO t2 (v) VALUES ('%s')", text);
		if (wl_exec(db, sql) != 0)
			goto out;
	}
	/* 7. A full scan and a checkpoint into the database file.  */
	if (wl_exec(db, "SELECT count(*), sum(length(c)) FROM t1 WHERE c LIKE '%Dover%'") != 0 ||
	    wl_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)") != 0)
		goto out;
	if ((st = wl_prepare(db, "PRAGMA page_count")) == NULL)
		goto out;
	*pages = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	ok = 1;
out:
	sqlite3_finalize(ins);
	sqlite3_finalize(by_b);
	sqlite3_finalize(by_a);
	sqlite3_finalize(upd);
	sqlite3_finalize(upd_range);
	sqlite3_finalize(scan);
	sqlite3_finalize(del);
	if (ok)
		t = wl_now() - t0;
	return t;
}

#endif
