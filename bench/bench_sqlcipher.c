/* bench_sqlcipher: the vault benchmark's workload on SQLCipher.
 *
 * SQLCipher is a patched SQLite that exports the same symbols as the system
 * SQLite, so it cannot share a process with the vault: bench_vault runs
 * this program and reads the time it prints.  SQLCipher is keyed with a
 * raw 256-bit key (no PBKDF2 in the measurement) and 4096-byte pages, like
 * the vault; everything else is its default (AES-256-CBC, HMAC per page).
 *
 * Usage: bench_sqlcipher DIR ROWS RUNS
 * Prints "version V", "seconds S" (the best of RUNS runs) and "pages P"
 * on stdout.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlcipher/sqlite3.h>

#include "bench_vault_workload.h"

static void
remove_db(const char *path)
{
	char side[1100];

	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

int
main(int argc, char **argv)
{
	char path[1024], key[100] = "PRAGMA key = \"x'";
	double best = -1;
	int rows, runs, pages = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: bench_sqlcipher DIR ROWS RUNS\n");
		return 64;
	}
	rows = atoi(argv[2]);
	runs = atoi(argv[3]);
	snprintf(path, sizeof path, "%s/sqlcipher.db", argv[1]);
	srand((unsigned)getpid()); /* a benchmark's throwaway key */
	for (int i = 0; i < 32; i++)
		snprintf(key + strlen(key), sizeof key - strlen(key), "%02x", rand() & 0xff);
	strcat(key, "'\"");

	for (int r = 0; r < runs; r++) {
		sqlite3 *db;
		sqlite3_stmt *st;
		double t;

		remove_db(path);
		if (sqlite3_open(path, &db) != SQLITE_OK || wl_exec(db, key) != 0 ||
		    wl_exec(db, "PRAGMA cipher_page_size = 4096") != 0)
			return 1;
		if (r == 0 && sqlite3_prepare_v2(db, "PRAGMA cipher_version", -1, &st, NULL) ==
				      SQLITE_OK) {
			if (sqlite3_step(st) == SQLITE_ROW)
				printf("version %s\n", (const char *)sqlite3_column_text(st, 0));
			sqlite3_finalize(st);
		}
		t = wl_run(db, rows, &pages);
		sqlite3_close(db);
		if (t < 0)
			return 1;
		if (best < 0 || t < best)
			best = t;
	}
	remove_db(path);
	printf("seconds %.4f\npages %d\n", best, pages);
	return 0;
}
