/* bench_tui: how fast the interface answers on a queue of a million.
 *
 *   bench_tui [--count N] [--dir DIR]
 *
 * Two vaults, a baseline of 1,000 subjects and one of N (default
 * 1,000,000), filled through the store API from the seeded generator of
 * the tests (tests/tui/queue_gen.h) and kept in DIR (default "bench") so
 * that later runs reuse them.  Their key slot uses the cheapest Argon2id
 * (vault_kdf_fast, `--kdf min`), so that "unlock" below measures opening
 * the store and drawing the queue, not the KDF.
 *
 * The interface runs headless, in this process, on real curses (drawn to
 * /dev/null), driven by scripts of keys; tui_options.on_key times each key
 * from dispatch to the end of the redraw.  Per vault it prints:
 *
 *   start    tui_run() to the unlock screen drawn
 *   unlock   Enter on the passphrase to the first queue screen drawn
 *   move     j, 400 times (a new row is fetched at each one past a screen)
 *   page     PgDn 200 times, then PgUp 200 times
 *   jump     G then g, 50 times each
 *   search   / and a reference typed one character at a time (each one
 *            recounts and refetches), then Esc
 *
 * as median and 99th percentile milliseconds, the ratio of the big queue's
 * median to the baseline's, and the peak resident memory of the process.
 * Targets (DESIGN.md): under 5 ms a key, under 100 MB.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "../tests/tui/queue_gen.h"
#include "tui.h"
#include "vault.h"

#define PASS "bench-passphrase"
#define USER "bench"
#define KEYS_MAX 4096

struct timings {
	double ms[KEYS_MAX];
	size_t n;
	double first;  /* key -1: the first screen */
	double unlock; /* the first key (Enter on the passphrase) */
	bool seen_unlock;
};

static void
on_key(void *arg, int key, uint64_t ns)
{
	struct timings *t = arg;

	if (key < 0) {
		t->first = (double)ns / 1e6;
		return;
	}
	if (!t->seen_unlock) {
		/* The passphrase's characters, then Enter: the unlock. */
		if (key == '\n') {
			t->seen_unlock = true;
			t->unlock = (double)ns / 1e6;
		}
		return;
	}
	if (t->n < KEYS_MAX)
		t->ms[t->n++] = (double)ns / 1e6;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
percentile(double *v, size_t n, double p)
{
	size_t i;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof v[0], cmp_double);
	i = (size_t)(p * (double)(n - 1) + 0.5);
	return v[i];
}

static long
peak_rss_mb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024;
}

/* The vault of N subjects in DIR, made when missing.  */
static int
vault_for(const char *dir, long n, char *path, size_t size)
{
	struct vault *v = NULL;
	struct store *st = NULL;
	struct diag d;
	enum diag_status rc;
	char tmp[4200];
	double t0;

	snprintf(path, size, "%s/tui-%ld.vault", dir, n);
	if (access(path, F_OK) == 0)
		return 0;
	mkdir(dir, 0700);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	unlink(tmp);
	fprintf(stderr, "bench_tui: making %s (%ld subjects, once)...\n", path, n);
	t0 = now_s();
	diag_clear(&d);
	rc = vault_create(tmp, USER, PASS, strlen(PASS), &vault_kdf_fast, &v, &d);
	if (rc == DIAG_OK)
		rc = store_open(&st, v, 0, &d);
	if (rc == DIAG_OK)
		rc = queue_gen_fill(st, n, 1, &d);
	store_close(st);
	vault_close(v);
	if (rc != DIAG_OK || rename(tmp, path) != 0) {
		fprintf(stderr, "bench_tui: %s: %s\n", path, d.msg);
		return -1;
	}
	fprintf(stderr, "bench_tui: made in %.1f s\n", now_s() - t0);
	return 0;
}

/* Run the keys KEYS (script syntax, after the passphrase) on VAULT.  */
static int
run(const char *vault, const char *keys, struct timings *t)
{
	char script[] = "/tmp/bench_tui.XXXXXX";
	int fd = mkstemp(script);
	FILE *f;
	struct tui_options o = {
		.vault_path = vault,
		.user = USER,
		.idle_lock_seconds = 0,
		.idle_lock_given = true,
		.script = script,
		.lines = 24,
		.columns = 80,
		.on_key = on_key,
		.on_key_arg = t,
	};
	struct diag d;
	enum diag_status rc;

	if (fd < 0 || (f = fdopen(fd, "w")) == NULL)
		return -1;
	fprintf(f, "%s<Enter>\n%s\n", PASS, keys);
	fclose(f);
	memset(t, 0, sizeof *t);
	diag_clear(&d);
	rc = tui_run(&o, &d);
	unlink(script);
	if (rc != DIAG_OK) {
		fprintf(stderr, "bench_tui: %s\n", d.msg);
		return -1;
	}
	return 0;
}

static char *
repeat(const char *key, int times, const char *key2)
{
	size_t len = (strlen(key) + (key2 ? strlen(key2) : 0)) * (size_t)times + 1;
	char *s = malloc(len);

	if (s == NULL)
		exit(1);
	s[0] = '\0';
	for (int i = 0; i < times; i++) {
		strcat(s, key);
		if (key2)
			strcat(s, key2);
	}
	return s;
}

struct result {
	double start, unlock, med[4], p99[4];
};

static const char *const group_names[4] = {"move", "page", "jump", "search"};

static int
measure(const char *vault, struct result *r)
{
	struct timings *t = calloc(1, sizeof *t);
	char *keys[4] = {
		repeat("j", 400, NULL),
		NULL,
		repeat("G", 50, "g"),
		strdup("/VH-00009<Esc>/CN-0000<Esc>"),
	};
	char *down = repeat("<PgDn>", 200, NULL), *up = repeat("<PgUp>", 200, NULL);

	keys[1] = malloc(strlen(down) + strlen(up) + 1);
	if (t == NULL || keys[1] == NULL || keys[3] == NULL)
		return -1;
	strcpy(keys[1], down);
	strcat(keys[1], up);
	for (int g = 0; g < 4; g++) {
		if (run(vault, keys[g], t) != 0)
			return -1;
		if (g == 0) {
			r->start = t->first;
			r->unlock = t->unlock;
		}
		r->med[g] = percentile(t->ms, t->n, 0.5);
		r->p99[g] = percentile(t->ms, t->n, 0.99);
		free(keys[g]);
	}
	free(down);
	free(up);
	free(t);
	return 0;
}

int
main(int argc, char **argv)
{
	long count = 1000000;
	const char *dir = "bench";
	char small[4200], big[4200];
	struct result base, full;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--count") == 0 && i + 1 < argc)
			count = atol(argv[++i]);
		else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc)
			dir = argv[++i];
		else {
			fprintf(stderr, "usage: bench_tui [--count N] [--dir DIR]\n");
			return 64;
		}
	}
	setlocale(LC_ALL, "C.UTF-8");
	setenv("TERM", "xterm", 1);
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "/nonexistent", 1); /* no douanerc of the user's */
	setenv("DOUANE_NOW", "2026-11-24T09:00:00Z", 1);
	if (sodium_init() < 0)
		return 1;
	if (vault_for(dir, 1000, small, sizeof small) != 0 ||
	    vault_for(dir, count, big, sizeof big) != 0)
		return 1;
	if (measure(small, &base) != 0)
		return 1;
	printf("bench_tui: peak RSS after the 1,000-subject runs: %ld MB\n", peak_rss_mb());
	if (measure(big, &full) != 0)
		return 1;

	printf("bench_tui: headless interface, 24x80, key to end of redraw; "
	       "KDF: Argon2id minimum (--kdf min), so unlock excludes it\n");
	printf("%-8s %14s %14s %14s %14s %8s\n", "", "1k median", "1k p99", "big median", "big p99",
	       "ratio");
	printf("%-8s %11.2f ms %14s %11.2f ms %14s\n", "start", base.start, "", full.start, "");
	printf("%-8s %11.2f ms %14s %11.2f ms %14s\n", "unlock", base.unlock, "", full.unlock, "");
	for (int g = 0; g < 4; g++)
		printf("%-8s %11.3f ms %11.3f ms %11.3f ms %11.3f ms %7.2fx\n", group_names[g],
		       base.med[g], base.p99[g], full.med[g], full.p99[g],
		       base.med[g] > 0 ? full.med[g] / base.med[g] : 0.0);
	printf("bench_tui: %ld subjects; peak RSS %ld MB (target: under 100 MB); "
	       "target under 5 ms a key\n",
	       count, peak_rss_mb());
	return 0;
}
