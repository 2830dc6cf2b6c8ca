/* bench_vault: what the vault costs, against plain SQLite and SQLCipher.
 *
 * The same mixed workload (bench_vault_workload.h) runs on plain SQLite
 * and on the vault in this process, alternately, RUNS times each, and on
 * SQLCipher in a child program (its SQLite symbols would clash with the
 * system SQLite's here); the best time of each is kept.  Printed: each
 * time, vault/plain and sqlcipher/plain, and the target from DESIGN.md,
 * "vault/plain <= 1.25 and below SQLCipher's ratio", as PASS or MISS.
 * Then, apart, the time of one unlock (Argon2id at the default moderate
 * costs), which the workload does not include.
 *
 * By default at two sizes, because the cost of page encryption is per page
 * moved between SQLite's cache and the file (about 3.4 us for
 * XChaCha20-Poly1305 on 4 KiB): a database about the size of the default
 * cache (2 MiB), and one several times larger, where most page accesses
 * miss the cache and the ratio is set by the cipher's speed.
 *
 * Usage: bench_vault [--rows N] [--runs R] [--dir DIR] [--sqlcipher PROG]
 * Without --sqlcipher, bench_sqlcipher next to this program is used when
 * it exists; without it the SQLCipher column is skipped.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "vault.h"

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

static double
run_plain(const char *dir, int rows, int *pages)
{
	char path[1024];
	sqlite3 *db;
	double t;

	snprintf(path, sizeof path, "%s/plain.db", dir);
	remove_db(path);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return -1;
	t = wl_run(db, rows, pages);
	sqlite3_close(db);
	remove_db(path);
	return t;
}

static double
run_vault(const char *dir, int rows, int *pages)
{
	static const char pass[] = "bench passphrase";
	char path[1024];
	struct vault *v;
	struct diag d;
	sqlite3 *db;
	double t = -1;

	snprintf(path, sizeof path, "%s/bench.vault", dir);
	remove_db(path);
	if (vault_create(path, "bench", pass, strlen(pass), &vault_kdf_fast, &v, &d) != DIAG_OK) {
		fprintf(stderr, "bench_vault: %s\n", d.msg);
		return -1;
	}
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, VAULT_VFS_NAME) == SQLITE_OK)
		t = wl_run(db, rows, pages);
	else
		fprintf(stderr, "bench_vault: %s\n", sqlite3_errmsg(db));
	sqlite3_close(db);
	vault_close(v);
	remove_db(path);
	return t;
}

/* Run PROG and read its version and best time; -1 when it cannot run. */
static double
run_sqlcipher(const char *prog, const char *dir, int rows, int runs, char *version, size_t vsize,
	      int *pages)
{
	char cmd[3300], line[256];
	double t = -1;
	FILE *p;

	if (access(prog, X_OK) != 0)
		return -1;
	snprintf(cmd, sizeof cmd, "'%s' '%s' %d %d", prog, dir, rows, runs);
	if ((p = popen(cmd, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, p)) {
		if (strncmp(line, "version ", 8) == 0) {
			size_t n = strcspn(line + 8, "\n");

			n = n < vsize ? n : vsize - 1;
			memcpy(version, line + 8, n);
			version[n] = '\0';
		} else if (strncmp(line, "seconds ", 8) == 0) {
			t = atof(line + 8);
		} else if (strncmp(line, "pages ", 6) == 0) {
			*pages = atoi(line + 6);
		}
	}
	if (pclose(p) != 0)
		return -1;
	return t;
}

/* One vault_open at the default (moderate) Argon2id costs.  */
static double
unlock_time(const char *dir)
{
	static const char pass[] = "a longer bench passphrase";
	char path[1024];
	struct vault *v;
	struct diag d;
	double t0, t;

	snprintf(path, sizeof path, "%s/unlock.vault", dir);
	remove_db(path);
	if (vault_create(path, "bench", pass, strlen(pass), NULL, &v, &d) != DIAG_OK) {
		fprintf(stderr, "bench_vault: %s\n", d.msg);
		return -1;
	}
	vault_close(v);
	t0 = wl_now();
	if (vault_open(path, "bench", pass, strlen(pass), &v, &d) != DIAG_OK) {
		fprintf(stderr, "bench_vault: %s\n", d.msg);
		return -1;
	}
	t = wl_now() - t0;
	vault_close(v);
	remove_db(path);
	return t;
}

/* One size: RUNS alternate runs of plain and vault, then SQLCipher.
 * Returns 1 for PASS, 0 for MISS, -1 on failure.  */
static int
bench_size(const char *dir, const char *prog, int rows, int runs)
{
	char version[100] = "?";
	double plain = -1, vault = -1, cipher;
	int pages = 0, vpages = 0, cpages = 0;
	bool pass;

	printf("\n%d rows:\n", rows);
	for (int r = 0; r < runs; r++) {
		double p = run_plain(dir, rows, &pages), v = run_vault(dir, rows, &vpages);

		if (p < 0 || v < 0) {
			fprintf(stderr, "bench_vault: a run failed\n");
			return -1;
		}
		printf("  run %d: plain %.3f s, vault %.3f s\n", r + 1, p, v);
		if (plain < 0 || p < plain)
			plain = p;
		if (vault < 0 || v < vault)
			vault = v;
	}
	cipher = run_sqlcipher(prog, dir, rows, runs, version, sizeof version, &cpages);

	printf("  plain SQLite      %8.3f s   %6.1f MiB\n", plain, pages / 256.0);
	printf("  vault             %8.3f s   %6.1f MiB   vault/plain     %.3f\n", vault,
	       vpages / 256.0, vault / plain);
	if (cipher > 0)
		printf("  SQLCipher %-7s %8.3f s   %6.1f MiB   sqlcipher/plain %.3f\n", version,
		       cipher, cpages / 256.0, cipher / plain);
	else
		printf("  SQLCipher         skipped (%s not built: apt-get install "
		       "libsqlcipher-dev, then make bench/bench_sqlcipher)\n",
		       prog);
	pass = vault / plain <= 1.25 && (cipher <= 0 || vault / plain < cipher / plain);
	printf("  target vault/plain <= 1.25%s: %s\n",
	       cipher > 0 ? " and below SQLCipher's ratio" : "", pass ? "PASS" : "MISS");
	return pass;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"rows", required_argument, NULL, 'n'},
		{"runs", required_argument, NULL, 'r'},
		{"dir", required_argument, NULL, 'd'},
		{"sqlcipher", required_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	const char *tmp = getenv("TMPDIR");
	char dir[900], prog[1100], *self;
	int sizes[2] = {10000, 60000}, nsizes = 2, runs = 3, c;
	double unlock;

	snprintf(dir, sizeof dir, "%s/douane-bench-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	prog[0] = '\0';
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			sizes[0] = atoi(optarg);
			nsizes = 1;
			break;
		case 'r':
			runs = atoi(optarg);
			break;
		case 'd':
			snprintf(dir, sizeof dir, "%s/douane-bench-XXXXXX", optarg);
			break;
		case 's':
			snprintf(prog, sizeof prog, "%s", optarg);
			break;
		default:
			fprintf(stderr, "usage: bench_vault [--rows N] [--runs R] [--dir DIR] "
					"[--sqlcipher PROG]\n");
			return 64;
		}
	}
	if (sizes[0] < 1000 || runs < 1) {
		fprintf(stderr, "bench_vault: --rows at least 1000, --runs at least 1\n");
		return 64;
	}
	if (prog[0] == '\0' && (self = strdup(argv[0])) != NULL) {
		snprintf(prog, sizeof prog, "%s/bench_sqlcipher", dirname(self));
		free(self);
	}
	if (sodium_init() < 0 || mkdtemp(dir) == NULL) {
		fprintf(stderr, "bench_vault: %s: %s\n", dir, strerror(errno));
		return 1;
	}

	printf("vault benchmark: mixed workload, best of %d runs, SQLite %s, default cache size "
	       "(2 MiB), WAL, synchronous=NORMAL\n",
	       runs, sqlite3_libversion());
	for (int i = 0; i < nsizes; i++)
		if (bench_size(dir, prog, sizes[i], runs) < 0) {
			rmdir(dir);
			return 1;
		}
	unlock = unlock_time(dir);
	if (unlock >= 0)
		printf("\nunlock (Argon2id, %llu passes, %zu MiB): %.3f s\n",
		       (unsigned long long)vault_kdf_moderate.opslimit,
		       vault_kdf_moderate.memlimit >> 20, unlock);
	rmdir(dir);
	return 0;
}
