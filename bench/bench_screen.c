/* bench_screen: speed of screening with the index, against brute force
 * with the same scorer and threshold, in the same run.
 *
 * The watchlists are every real list bundled in tests/data/watchlists
 * (UN, OFAC SDN CSV set, OFAC consolidated XML, a national list), loaded
 * through a vault as douane loads them, plus a generated list of
 * --aliases names (default 1,000,000: persons and companies from a seeded
 * generator of syllables and common given names).  Then --queries names
 * (default 100,000) are screened on one thread: most are generated names
 * that should hit nothing, one in ten a listed name disturbed (a letter
 * dropped or changed, tokens swapped, a title or legal form added).
 *
 * Brute force compares a query with every alias: on a million aliases
 * that takes about a second a query, so it runs on a seeded sample of
 * --brute queries (default 200, planted ones and others alike); recall
 * is the share of brute force's (query, entry) hits the index also
 * returns, and the speed ratio compares time per query on that sample.
 *
 *   bench_screen [--srcdir DIR] [--aliases N] [--queries N] [--brute N] [--seed S]
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "screen.h"
#include "store.h"
#include "vault.h"
#include "watchlist_import.h"

static uint64_t rng_state;

static uint64_t
rng(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

static unsigned
pick(unsigned n)
{
	return (unsigned)(rng() % n);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long
rss_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "VmRSS:", 6) == 0)
			v = atol(line + 6);
	fclose(f);
	return v;
}

static const char *const given[] = {
	"Mohammed", "Ahmad", "Ali", "Omar", "Ivan", "Sergei", "Vladimir", "Olga", "Maria",
	"Anna", "John", "James", "Peter", "Paul", "Jean", "Pierre", "Hans", "Karl", "Li", "Wei",
	"Kim", "Hassan", "Hussein", "Abdul", "Yusuf", "Ibrahim", "Fatima", "Aisha", "Elena",
	"Dmitri", "Alexander", "Nikolai", "Jose", "Carlos", "Luis", "Juan", "Ana", "Sofia",
};
static const char *const onsets[] = {"b", "d", "f", "g", "k", "l", "m", "n", "p", "r",
				     "s", "t", "v", "z", "sh", "kh", "ch", "br", "tr", "gr"};
static const char *const vowels[] = {"a", "e", "i", "o", "u", "ai", "ou", "ia"};
static const char *const codas[] = {"", "", "", "n", "r", "s", "v", "k", "l", "m"};
static const char *const company_words[] = {
	"Trading", "Holding", "Shipping", "Import", "Export", "Logistics", "Industries",
	"Petroleum", "Metals", "Bank", "Group", "Marine", "Energy", "Technologies",
};
static const char *const legal[] = {"LLC", "Ltd", "GmbH", "OOO", "JSC", "S.A.", "Co."};

static void
word(char *out, size_t size, int syllables)
{
	size_t o = 0;

	for (int i = 0; i < syllables; i++) {
		int w = snprintf(out + o, size - o, "%s%s%s", onsets[pick(20)], vowels[pick(8)],
				 i == syllables - 1 ? codas[pick(10)] : "");
		if (w < 0 || (size_t)w >= size - o)
			break;
		o += (size_t)w;
	}
	if (o > 0)
		out[0] = (char)(out[0] - 'a' + 'A');
}

static void
gen_name(char *out, size_t size, bool company)
{
	char a[32], b[32], c[32];

	word(a, sizeof a, 2 + pick(2));
	word(b, sizeof b, 2 + pick(3));
	if (company) {
		snprintf(out, size, "%s %s %s", a, company_words[pick(14)], legal[pick(7)]);
	} else if (pick(3) == 0) {
		word(c, sizeof c, 2 + pick(2));
		snprintf(out, size, "%s %s %s", given[pick(38)], c, b);
	} else {
		snprintf(out, size, "%s %s", pick(2) ? given[pick(38)] : a, b);
	}
}

/* A near-miss of NAME: a letter dropped or changed, tokens swapped, a
 * title or legal form added.  */
static void
disturb(const char *name, char *out, size_t size)
{
	size_t len = strlen(name);

	snprintf(out, size, "%s", name);
	if (len < 4)
		return;
	switch (pick(4)) {
	case 0: { /* drop a letter, not the first */
		size_t i = 1 + pick((unsigned)(len - 1));

		if ((out[i] & 0xC0) == 0 || (unsigned char)out[i] < 0x80)
			memmove(out + i, out + i + 1, len - i);
		break;
	}
	case 1: { /* change a vowel */
		for (size_t i = len / 2; i < len; i++)
			if (strchr("aeiou", out[i])) {
				out[i] = out[i] == 'a' ? 'e' : 'a';
				break;
			}
		break;
	}
	case 2: { /* surname first, with a comma */
		const char *sp = strrchr(name, ' ');

		if (sp)
			snprintf(out, size, "%s, %.*s", sp + 1, (int)(sp - name), name);
		break;
	}
	default:
		snprintf(out, size, "Mr %s", name);
		break;
	}
}

struct names_pool {
	char **v;
	size_t n, cap;
};

static void
pool_push(struct names_pool *p, const char *s)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 1024;
		p->v = realloc(p->v, p->cap * sizeof *p->v);
		if (p->v == NULL)
			abort();
	}
	p->v[p->n++] = strdup(s);
}

static int
import_real(struct store *st, const char *srcdir, struct names_pool *listed)
{
	static const char *const files[] = {
		"tests/data/watchlists/un/UN_consolidated_2026-02-27.xml",
		"tests/data/watchlists/ofac/sdn_2021-07/sdn.csv",
		"tests/data/watchlists/ofac/consolidated_nonsdn_2025-03-28.xml",
		"tests/data/watchlists/douane/national.xml",
	};
	int64_t entries = 0;

	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char path[1024];
		struct watchlist_import_stats stats;
		struct diag d;

		snprintf(path, sizeof path, "%s/%s", srcdir, files[i]);
		if (watchlist_import_file(st, path, NULL, &stats, NULL, NULL, &d) != DIAG_OK) {
			fprintf(stderr, "bench_screen: %s: %s\n", path, d.msg);
			return -1;
		}
		entries += stats.stored;
	}
	for (int64_t id = 1; id <= entries * 2 && listed->n < 20000; id++) {
		struct wl_entry e;

		if (store_wl_entry_get(st, id, &e, NULL, NULL) != DIAG_OK)
			continue;
		for (size_t k = 0; k < e.n_names; k++)
			pool_push(listed, e.names[k].name);
		wl_entry_clear(&e);
	}
	return 0;
}

/* Hits of the index found by brute force too, and brute force's hits.  */
static void
compare(const struct screen_hit *a, size_t na, const struct screen_hit *b, size_t nb,
	long *common, long *total)
{
	for (size_t j = 0; j < nb; j++) {
		(*total)++;
		for (size_t i = 0; i < na; i++)
			if (a[i].entry_id == b[j].entry_id) {
				(*common)++;
				break;
			}
	}
}

int
main(int argc, char **argv)
{
	const char *srcdir = ".";
	long n_aliases = 1000000, n_queries = 100000, n_brute = 200;
	uint64_t seed = 20261124;
	char dir[] = "/tmp/douane-bench-screen-XXXXXX", vpath[600];
	struct vault *v = NULL;
	struct store *st = NULL;
	struct screen_index *ix;
	struct names_pool listed = {0}, generated = {0};
	struct diag d;
	struct screen_hit hits[32], bh[32];
	double t0, t_build, t_index = 0, t_brute = 0, t_index_sample = 0;
	long rss0, rss1, planted = 0, hit_queries = 0, common = 0, total = 0;
	int64_t next_id = 10000000;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--srcdir") == 0)
			srcdir = argv[i + 1];
		else if (strcmp(argv[i], "--aliases") == 0)
			n_aliases = atol(argv[i + 1]);
		else if (strcmp(argv[i], "--queries") == 0)
			n_queries = atol(argv[i + 1]);
		else if (strcmp(argv[i], "--brute") == 0)
			n_brute = atol(argv[i + 1]);
		else if (strcmp(argv[i], "--seed") == 0)
			seed = strtoull(argv[i + 1], NULL, 10);
	}
	rng_state = seed | 1;
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(vpath, sizeof vpath, "%s/bench.vault", dir);
	if (vault_create(vpath, "bench", "bench-pass", 10, &vault_kdf_fast, &v, &d) ||
	    store_open(&st, v, 0, &d)) {
		fprintf(stderr, "bench_screen: %s\n", d.msg);
		return 1;
	}
	if (import_real(st, srcdir, &listed))
		return 1;

	rss0 = rss_kib();
	t0 = now();
	ix = screen_index_new();
	if (ix == NULL || store_screen_index_load(st, ix, &d)) {
		fprintf(stderr, "bench_screen: %s\n", d.msg);
		return 1;
	}
	{
		long made = 0;

		while (made < n_aliases) {
			struct wl_entry e;
			char name[128];
			bool company = pick(4) == 0;
			int aliases = 1 + (int)pick(4);

			wl_entry_init(&e, company ? WL_COMPANY : WL_PERSON);
			e.id = next_id++;
			for (int k = 0; k < aliases && made < n_aliases; k++, made++) {
				gen_name(name, sizeof name, company);
				wl_entry_add_name(&e, name, k ? "aka" : "primary", k == 3);
				if (generated.n < 200000 && pick(5) == 0)
					pool_push(&generated, name);
			}
			if (screen_index_add(ix, &e, "GEN", &d)) {
				fprintf(stderr, "bench_screen: %s\n", d.msg);
				return 1;
			}
			wl_entry_clear(&e);
		}
	}
	if (screen_index_freeze(ix, &d)) {
		fprintf(stderr, "bench_screen: %s\n", d.msg);
		return 1;
	}
	t_build = now() - t0;
	rss1 = rss_kib();
	printf("index: %zu entries, %zu aliases (%zu from the bundled real lists), %zu words\n",
	       screen_index_entries(ix), screen_index_aliases(ix),
	       screen_index_aliases(ix) - (size_t)n_aliases, screen_index_words(ix));
	printf("index build: %.2f s, memory %.0f MiB (index's own count), RSS grew %.0f MiB\n",
	       t_build, screen_index_memory(ix) / 1048576.0, (rss1 - rss0) / 1024.0);

	/* The queries: every n_queries/n_brute-th is also run by brute force.  */
	{
		long stride = n_brute > 0 ? n_queries / n_brute : 0;

		for (long qi = 0; qi < n_queries; qi++) {
			char name[256], base[128];
			struct screen_query q = {name, NULL, NULL, 0, NULL};
			size_t na = 0, nb = 0;
			double t1, t2;

			if (pick(10) == 0) {
				/* A listed name, disturbed: real lists and generated.  */
				const char *src = pick(2) && listed.n ? listed.v[pick((unsigned)listed.n)]
								      : generated.v[pick((unsigned)generated.n)];
				disturb(src, name, sizeof name);
				planted++;
			} else {
				gen_name(base, sizeof base, pick(4) == 0);
				snprintf(name, sizeof name, "%s", base);
			}
			t1 = now();
			screen_query_run(ix, &q, SCREEN_THRESHOLD, hits, 32, &na, NULL);
			t2 = now();
			t_index += t2 - t1;
			hit_queries += na > 0;
			if (stride > 0 && qi % stride == 0) {
				t_index_sample += t2 - t1;
				screen_brute(ix, &q, SCREEN_THRESHOLD, bh, 32, &nb, NULL);
				t_brute += now() - t2;
				compare(hits, na, bh, nb, &common, &total);
			}
		}
	}
	printf("queries: %ld (%ld planted near-misses of listed names), %ld with a hit\n",
	       n_queries, planted, hit_queries);
	printf("index: %.0f queries per second on one core (%.3f ms a query)\n",
	       n_queries / t_index, t_index / n_queries * 1e3);
	if (n_brute > 0) {
		long sample = n_queries / (n_queries / n_brute);

		printf("brute force, same scorer and threshold %.2f, on a seeded sample of %ld "
		       "queries: %.1f ms a query\n",
		       SCREEN_THRESHOLD, sample, t_brute / sample * 1e3);
		printf("speed ratio (brute force / index, same sample): %.0fx  (target: 50x)\n",
		       t_brute / (t_index_sample > 0 ? t_index_sample : 1e-9));
		printf("recall against brute force: %ld of %ld hits = %.4f  (target: 0.995)\n",
		       common, total, total ? (double)common / total : 1.0);
	}
	screen_index_free(ix);
	store_close(st);
	vault_close(v);
	unlink(vpath);
	{
		char p[700];

		snprintf(p, sizeof p, "%s-wal", vpath);
		unlink(p);
		snprintf(p, sizeof p, "%s-shm", vpath);
		unlink(p);
	}
	rmdir(dir);
	return 0;
}
