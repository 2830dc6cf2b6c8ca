/* bench_sync: exporting bundles at a booth and ingesting them at HQ.
 *
 * Two fresh vaults (cheapest key slots, in a temporary directory), paired
 * as booth and HQ:
 *
 *   (a) raw Ed25519 verification of --events 32-byte hashes: the floor
 *       under ingest, which checks one actor signature per event;
 *   (b) export: one bundle of --events (default 10,000) events;
 *   (c) ingest: --bundles (default 1,000) bundles of --per (default 100)
 *       events each into one HQ vault, every event hashed, verified,
 *       linked and stored once, one transaction per bundle.
 *
 * Events per second for each, and the ratio of (c) to (a).
 */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "events.h"
#include "store.h"
#include "sync.h"
#include "vault.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
die(const char *what, const struct diag *d)
{
	fprintf(stderr, "bench_sync: %s: %s\n", what, d ? d->msg : "");
	exit(1);
}

struct side {
	struct vault *v;
	struct store *st;
};

static void
side_make(struct side *s, const char *path)
{
	struct diag d;

	if (vault_create(path, "admin", "bench", 5, &vault_kdf_fast, &s->v, &d) != DIAG_OK ||
	    store_open(&s->st, s->v, 0, &d) != DIAG_OK)
		die(path, &d);
}

static void
append(struct side *s, int64_t n)
{
	struct diag d;

	for (int64_t i = 0; i < n;) {
		if (store_begin(s->st, &d) != DIAG_OK)
			die("begin", &d);
		for (int64_t k = 0; k < 1000 && i < n; k++, i++)
			if (events_append(s->st, s->v, EVENT_LOOKUP, NULL,
					  "{\"query\":\"IVANOV Pyotr 1971-03-02 RU\"}", NULL,
					  &d) != DIAG_OK)
				die("append", &d);
		if (store_commit(s->st, &d) != DIAG_OK)
			die("commit", &d);
	}
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"events", required_argument, NULL, 'e'},
		{"bundles", required_argument, NULL, 'b'},
		{"per", required_argument, NULL, 'p'},
		{NULL, 0, NULL, 0},
	};
	int64_t events = 10000, bundles = 1000, per = 100;
	char dir[] = "/tmp/douane-bench-sync-XXXXXX", path[PATH_MAX], kb[PATH_MAX], kh[PATH_MAX];
	char **files;
	struct side booth, hq, booth2;
	struct sync_export_result x;
	struct sync_ingest_result r;
	unsigned char pk[32], sk[64], hash[32], sig[64];
	double t0, raw, exp_s, ing_s;
	struct diag d;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'e')
			events = strtoll(optarg, NULL, 10);
		else if (c == 'b')
			bundles = strtoll(optarg, NULL, 10);
		else if (c == 'p')
			per = strtoll(optarg, NULL, 10);
		else
			return 64;
	}
	if (sodium_init() < 0 || mkdtemp(dir) == NULL || events < 1 || bundles < 1 || per < 1)
		return 1;
	vault_harden_process();

	/* (a) raw verification.  */
	crypto_sign_keypair(pk, sk);
	randombytes_buf(hash, sizeof hash);
	crypto_sign_detached(sig, NULL, hash, sizeof hash, sk);
	t0 = now();
	for (int64_t i = 0; i < events; i++)
		if (crypto_sign_verify_detached(sig, hash, sizeof hash, pk) != 0)
			return 1;
	raw = (double)events / (now() - t0);

	snprintf(path, sizeof path, "%s/booth.vault", dir);
	side_make(&booth, path);
	snprintf(path, sizeof path, "%s/booth2.vault", dir);
	side_make(&booth2, path);
	snprintf(path, sizeof path, "%s/hq.vault", dir);
	side_make(&hq, path);
	snprintf(kb, sizeof kb, "%s/booth.key", dir);
	snprintf(kh, sizeof kh, "%s/hq.key", dir);
	if (sync_key_export(booth.v, kb, &d) || sync_key_export(hq.v, kh, &d) ||
	    sync_key_enrol(hq.st, hq.v, kb, "B1", NULL, &d) ||
	    sync_key_trust(booth.st, booth.v, kh, &d) ||
	    sync_key_trust(booth2.st, booth2.v, kh, &d))
		die("keys", &d);
	snprintf(kb, sizeof kb, "%s/booth2.key", dir);
	if (sync_key_export(booth2.v, kb, &d) || sync_key_enrol(hq.st, hq.v, kb, "B2", NULL, &d))
		die("keys", &d);

	/* (b) one bundle of EVENTS events, from the second booth.  */
	append(&booth2, events);
	t0 = now();
	if (sync_export(booth2.st, booth2.v, dir, &x, &d) != DIAG_OK)
		die("export", &d);
	exp_s = now() - t0;
	unlink(x.path);

	/* (c) BUNDLES bundles of PER events.  */
	if ((files = calloc((size_t)bundles, sizeof *files)) == NULL)
		return 1;
	for (int64_t b = 0; b < bundles; b++) {
		append(&booth, per);
		if (sync_export(booth.st, booth.v, dir, &x, &d) != DIAG_OK)
			die("export", &d);
		files[b] = strdup(x.path);
		/* As if HQ's ack had come back.  */
		if (store_sync_state_set(booth.st, "acked", x.last, &d) != DIAG_OK)
			die("ack", &d);
	}
	t0 = now();
	for (int64_t b = 0; b < bundles; b++)
		if (sync_ingest(hq.st, hq.v, files[b], &r, NULL, NULL, &d) != DIAG_OK)
			die("ingest", &d);
	ing_s = now() - t0;
	if (r.head != bundles * per)
		die("ingest: not every event held", NULL);

	printf("raw Ed25519 verify:      %10.0f per second (%" PRId64 ")\n", raw, events);
	printf("export, one bundle:      %10.0f events per second (%" PRId64 " events, %.3f s)\n",
	       (double)events / exp_s, events, exp_s);
	printf("ingest, %" PRId64 " bundles of %" PRId64 ": %10.0f events per second (%.3f s)\n",
	       bundles, per, (double)(bundles * per) / ing_s, ing_s);
	printf("ingest / raw verify:     %10.2f\n", (double)(bundles * per) / ing_s / raw);

	for (int64_t b = 0; b < bundles; b++) {
		unlink(files[b]);
		free(files[b]);
	}
	free(files);
	store_close(booth.st);
	vault_close(booth.v);
	store_close(booth2.st);
	vault_close(booth2.v);
	store_close(hq.st);
	vault_close(hq.v);
	{
		static const char *const names[] = {"booth.vault", "booth2.vault", "hq.vault",
						    "booth.key",   "booth2.key",   "hq.key"};
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
			snprintf(path, sizeof path, "%s/%s", dir, names[i]);
			unlink(path);
		}
	}
	rmdir(dir);
	return 0;
}
