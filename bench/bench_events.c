/* bench_events: appending signed outcome events and verifying the chain.
 *
 * In one fresh vault (cheapest key slot, in a temporary directory):
 *
 *   (a) raw Ed25519: crypto_sign_detached and crypto_sign_verify_detached
 *       of 32-byte hashes, the floor under (c) and (d);
 *   (b) plain inserts: the same number of rows of the same shape and the
 *       same payload into a table with no hashing, signing or derived
 *       tables, through the vault's VFS, in the same batches as (c);
 *   (c) append: events_append() of --count outcome events (default
 *       100,000), each hashed, signed, chained and derived, committed in
 *       batches of --batch (default 1,000) events per transaction; and a
 *       sample of --single (default 200) events each in its own
 *       transaction (one fsync each), the way the interface appends;
 *   (d) verify: events_verify() over the whole chain.
 *
 * It prints events per second for each and the ratios of (c) to (b) and
 * to raw signing, and of (d) to raw verification.
 */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "events.h"
#include "store.h"
#include "subject.h"
#include "vault.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char payload[] =
	"{\"checks\":[\"documents\",\"x-ray\"],\"ended\":\"2026-11-24T09:12:00Z\","
	"\"notes\":\"false floor\",\"result\":\"seizure\",\"seizures\":[{\"commodity\":"
	"\"cigarettes\",\"concealment\":\"false-bottom\",\"currency\":\"EUR\","
	"\"detection\":\"x-ray\",\"hs\":\"240220\",\"quantity\":\"12000\",\"unit\":\"H87\","
	"\"value\":\"3600.00\"}],\"started\":\"2026-11-24T08:40:00Z\"}";

static void
die(const char *what, const struct diag *d)
{
	fprintf(stderr, "bench_events: %s: %s\n", what, d ? d->msg : "");
	exit(1);
}

static void
exec_or_die(sqlite3 *db, const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_events: %s: %s\n", sql, sqlite3_errmsg(db));
		exit(1);
	}
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"count", required_argument, NULL, 'n'},
		{"batch", required_argument, NULL, 'b'},
		{"single", required_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	long count = 100000, batch = 1000, single = 200, nraw;
	char dir[] = "/tmp/douane-bench-events-XXXXXX", path[128], cmd[160];
	unsigned char pk[32], sk[64], h[32], sig[64];
	struct vault *v = NULL;
	struct store *st = NULL;
	struct subject subj;
	struct events_check chk;
	struct diag d;
	double t, raw_sign, raw_verify, plain, append, append1, verify;
	sqlite3 *db;
	sqlite3_stmt *ins;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			count = atol(optarg);
			break;
		case 'b':
			batch = atol(optarg);
			break;
		case 's':
			single = atol(optarg);
			break;
		default:
			fprintf(stderr, "usage: bench_events [--count N] [--batch N] [--single N]\n");
			return 64;
		}
	}
	if (count <= 0 || batch <= 0 || single < 0 || sodium_init() < 0)
		return 64;
	if (mkdtemp(dir) == NULL)
		return 74;
	snprintf(path, sizeof path, "%s/bench.vault", dir);
	diag_clear(&d);
	if (vault_create(path, "bench", "bench", 5, &vault_kdf_fast, &v, &d) != DIAG_OK ||
	    store_open(&st, v, 0, &d) != DIAG_OK)
		die("creating the vault", &d);
	subject_init(&subj, SUBJECT_CONSIGNMENT);
	subj.ref = strdup("CN-1");
	if (store_subject_put(st, &subj, 0, false, &d) != DIAG_OK)
		die("storing a subject", &d);
	subject_clear(&subj);
	if (events_append(st, v, EVENT_SHIFT_OPEN, NULL, NULL, NULL, &d) != DIAG_OK)
		die("opening a shift", &d);

	/* (a) raw Ed25519.  */
	nraw = count < 20000 ? count : 20000;
	crypto_sign_keypair(pk, sk);
	randombytes_buf(h, sizeof h);
	t = now();
	for (long i = 0; i < nraw; i++) {
		h[0] = (unsigned char)i;
		crypto_sign_detached(sig, NULL, h, sizeof h, sk);
	}
	raw_sign = (double)nraw / (now() - t);
	t = now();
	for (long i = 0; i < nraw; i++)
		if (crypto_sign_verify_detached(sig, h, sizeof h, pk) != 0)
			die("raw verify", NULL);
	raw_verify = (double)nraw / (now() - t);

	/* (b) plain inserts, same rows, same batches.  */
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, VAULT_VFS_NAME) != SQLITE_OK)
		die("opening the database", NULL);
	sqlite3_busy_timeout(db, 5000);
	exec_or_die(db, "PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY;"
			"CREATE TABLE plain (seq INTEGER PRIMARY KEY, device TEXT, time TEXT, "
			"actor TEXT, key BLOB, type TEXT, subject_ref TEXT, payload TEXT, "
			"prev_hash BLOB, hash BLOB, sig BLOB)");
	if (sqlite3_prepare_v2(db,
			       "INSERT INTO plain VALUES (?1, '00112233445566778899aabbccddeeff', "
			       "'2026-11-24T09:12:05Z', 'bench', ?2, 'outcome', 'CN-1', ?3, ?4, "
			       "?4, ?5)",
			       -1, &ins, NULL) != SQLITE_OK)
		die("preparing", NULL);
	t = now();
	for (long i = 0; i < count; i++) {
		if (i % batch == 0)
			exec_or_die(db, "BEGIN IMMEDIATE");
		sqlite3_bind_int64(ins, 1, i + 1);
		sqlite3_bind_blob(ins, 2, pk, 32, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, payload, -1, SQLITE_STATIC);
		sqlite3_bind_blob(ins, 4, h, 32, SQLITE_STATIC);
		sqlite3_bind_blob(ins, 5, sig, 64, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			die("plain insert", NULL);
		sqlite3_reset(ins);
		if (i % batch == batch - 1 || i == count - 1)
			exec_or_die(db, "COMMIT");
	}
	plain = (double)count / (now() - t);
	sqlite3_finalize(ins);
	exec_or_die(db, "DROP TABLE plain");
	sqlite3_close(db);

	/* (c) appends, in batches, then one per transaction.  */
	t = now();
	for (long i = 0; i < count; i++) {
		if (i % batch == 0 && store_begin(st, &d) != DIAG_OK)
			die("begin", &d);
		if (events_append(st, v, EVENT_OUTCOME, "CN-1", payload, NULL, &d) != DIAG_OK)
			die("append", &d);
		if ((i % batch == batch - 1 || i == count - 1) && store_commit(st, &d) != DIAG_OK)
			die("commit", &d);
	}
	append = (double)count / (now() - t);
	t = now();
	for (long i = 0; i < single; i++)
		if (events_append(st, v, EVENT_OUTCOME, "CN-1", payload, NULL, &d) != DIAG_OK)
			die("append", &d);
	append1 = single ? (double)single / (now() - t) : 0;

	/* (d) verify the whole chain.  */
	t = now();
	if (events_verify(st, v, &chk, &d) != DIAG_OK)
		die("verify", &d);
	verify = (double)chk.count / (now() - t);

	printf("bench_events: %ld signed outcome events (batches of %ld per transaction)\n",
	       count, batch);
	printf("  raw Ed25519 sign           %10.0f /s\n", raw_sign);
	printf("  raw Ed25519 verify         %10.0f /s\n", raw_verify);
	printf("  plain inserts (baseline)   %10.0f rows/s\n", plain);
	printf("  append, signed + derived   %10.0f events/s   %.2fx slower than plain inserts, "
	       "%.2fx slower than raw signing\n",
	       append, plain / append, raw_sign / append);
	if (single)
		printf("  append, one per commit     %10.0f events/s   (%ld events, one fsync'ed "
		       "transaction each)\n",
		       append1, single);
	printf("  verify whole chain         %10.0f events/s   %.2fx slower than raw "
	       "verification (%" PRId64 " events)\n",
	       verify, raw_verify / verify, chk.count);

	store_close(st);
	vault_close(v);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : 1;
}
