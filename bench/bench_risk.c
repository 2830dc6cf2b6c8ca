/* bench_risk: scoring N subjects (default 1,000,000) with the default rule
 * set, in a vault.
 *
 * Subjects are generated in memory by a seeded generator (real HS
 * subheadings from the compiled-in table, real country codes, a few
 * sensitive goods, routes with transits, consignees drawn from a pool so
 * that some are new and some are not) and stored through the store API
 * (store_subject_put, 10,000 per transaction): importing a manifest of a
 * million subjects would measure the importer, which bench_import does.
 *
 * Printed, all measured in this run:
 *   baseline     reading every subject (the same ordered scans as a full
 *                scoring: STORE_SCORE_READ_ONLY), no scoring;
 *   full         scoring every subject (norms, facts, 50 rules, writes);
 *   incremental  scoring 1,000 new arrivals after that;
 * and the ratio of full scoring to the baseline.  Targets (DESIGN.md):
 * full under 30 s, incremental under 1 s.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ref.h"
#include "risk.h"
#include "rules.h"
#include "store.h"
#include "vault.h"

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t
rng(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static unsigned
below(unsigned n)
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

static const struct ref_hs **hs6;
static size_t n_hs6;

static const char *const origins[] = {"CN", "CN", "CN", "US", "TR", "IN", "VN", "DE", "PL",
				      "GB", "JP", "KR", "MA", "UA", "EC", "CO", "AE", "HK",
				      "RU", "BR", "TH", "IT", "ES", "NL"};
static const char *const transits[] = {"KZ", "PL", "NL", "BE", "DE", "AE", "SG", "TR",
				       "HK", "ES", "AT", "PA", "AF"};
static const char *const modes[] = {"road", "road", "road", "sea", "sea", "air", "rail", "post"};
static const char *const sensitive[] = {"930621", "930320", "240220", "240120", "360100",
					"284410", "293941", "610910", "640399", "420221",
					"950300", "300490", "851713", "710812"};

/* PRE, A in decimal (at least WIDTH digits), POST.  */
static char *
dupn(const char *pre, unsigned long a, int width, const char *post)
{
	char buf[96];

	snprintf(buf, sizeof buf, "%s%0*lu%s", pre, width, a, post);
	return strdup(buf);
}

static void
make_subject(struct subject *s, unsigned long i, const char *prefix)
{
	char ref[48];
	unsigned items = 1 + below(4);
	const char *origin = origins[below(sizeof origins / sizeof origins[0])];
	struct party *p;

	subject_init(s, below(10) < 8 ? SUBJECT_CONSIGNMENT : below(2) ? SUBJECT_TRAVELLER
								       : SUBJECT_VEHICLE);
	snprintf(ref, sizeof ref, "%s%08lu", prefix, i);
	s->ref = strdup(ref);
	s->mode = strdup(modes[below(sizeof modes / sizeof modes[0])]);
	s->arrival = strdup("2026-11-24T08:00:00Z");
	if (s->kind == SUBJECT_TRAVELLER) {
		s->name = dupn("Traveller ", below(2000000), 0, "");
		s->nationality = strdup(origin);
		s->doc_type = strdup("passport");
		s->doc_number = dupn("P", i, 8, "");
		return;
	}
	if (s->kind == SUBJECT_VEHICLE) {
		s->plate = dupn("PL-", below(300000), 6, "");
		s->plate_country = strdup("PL");
		s->name = dupn("Driver ", below(500000), 0, "");
		return;
	}
	s->conveyance = dupn("TRK-", below(200000), 6, "");
	p = subject_add_party(s);
	p->role = strdup("consignor");
	p->name = dupn("Exporter ", below(100000), 0, " Ltd");
	p->country = strdup(origin);
	p = subject_add_party(s);
	p->role = strdup("consignee");
	p->name = dupn("Importer ", below(300000), 0, " SARL");
	p->country = strdup("FR");
	subject_add_route(s, origin);
	if (below(3) == 0)
		subject_add_route(s, transits[below(sizeof transits / sizeof transits[0])]);
	if (below(8) == 0)
		subject_add_route(s, transits[below(sizeof transits / sizeof transits[0])]);
	subject_add_route(s, "FR");
	for (unsigned k = 0; k < items; k++) {
		struct goods_item *it = subject_add_item(s);
		double kg = 10 + below(5000);

		it->seq = (int)k + 1;
		it->hs_code = strdup(below(50) == 0 ? sensitive[below(sizeof sensitive / sizeof sensitive[0])]
						    : hs6[below((unsigned)n_hs6)]->code);
		it->description = strdup("goods");
		it->origin = strdup(origin);
		it->gross_mass = kg;
		it->net_mass = kg * 0.9;
		it->value = kg * (1 + below(100)) * (below(40) == 0 ? 0.05 : 1);
		it->currency = strdup(below(4) == 0 ? "USD" : "EUR");
	}
	if (below(200) == 0)
		subject_add_finding(s, "package-count-mismatch", "declared 5, items 3");
}

static int
insert(struct store *st, unsigned long from, unsigned long n, const char *prefix)
{
	struct diag d;

	for (unsigned long i = from; i < from + n;) {
		if (store_begin(st, &d))
			goto fail;
		for (unsigned long k = 0; k < 10000 && i < from + n; k++, i++) {
			struct subject s;

			make_subject(&s, i, prefix);
			if (store_subject_put(st, &s, 0, false, &d)) {
				subject_clear(&s);
				goto fail;
			}
			subject_clear(&s);
		}
		if (store_commit(st, &d))
			goto fail;
	}
	return 0;
fail:
	fprintf(stderr, "bench_risk: storing subjects: %s\n", d.msg);
	return 1;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

int
main(int argc, char **argv)
{
	unsigned long count = 1000000, arrivals = 1000;
	const char *rules_path = "data/rules/default.rules";
	char dir[] = "/tmp/douane-bench-risk-XXXXXX", path[600], side[640];
	struct vault *v = NULL;
	struct store *st = NULL;
	struct store_score_stats base, full, incr;
	struct diag d;
	double t0, t_insert, t_base, t_full, t_incr;
	char *text;
	size_t len;
	int rc = 1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--count") == 0 && i + 1 < argc)
			count = strtoul(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--rules") == 0 && i + 1 < argc)
			rules_path = argv[++i];
		else {
			fprintf(stderr, "usage: bench_risk [--count N] [--rules FILE]\n");
			return 64;
		}
	}
	if ((text = slurp(rules_path, &len)) == NULL) {
		fprintf(stderr, "bench_risk: cannot read %s\n", rules_path);
		return 66;
	}
	for (size_t i = 0; i < ref_hs_count(); i++)
		if (strlen(ref_hs_at(i)->code) == 6)
			n_hs6++;
	hs6 = malloc(n_hs6 * sizeof *hs6);
	n_hs6 = 0;
	for (size_t i = 0; hs6 && i < ref_hs_count(); i++)
		if (strlen(ref_hs_at(i)->code) == 6)
			hs6[n_hs6++] = ref_hs_at(i);
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 74;
	}
	snprintf(path, sizeof path, "%s/bench.vault", dir);
	if (vault_create(path, "bench", "bench-passphrase", 16, &vault_kdf_fast, &v, &d) ||
	    store_open(&st, v, 0, &d)) {
		fprintf(stderr, "bench_risk: %s\n", d.msg);
		goto out;
	}
	printf("bench_risk: %lu subjects, rules %s\n", count, rules_path);
	fflush(stdout);
	t0 = now();
	if (insert(st, 0, count, "B"))
		goto out;
	t_insert = now() - t0;
	printf("  storing the subjects (setup, not timed below): %.1f s\n", t_insert);
	if (store_risk_rules_load(st, text, len, rules_path, "bench", NULL, &d)) {
		fprintf(stderr, "bench_risk: %s\n", d.msg);
		goto out;
	}

	t0 = now();
	if (store_risk_score(st, STORE_SCORE_READ_ONLY, "2026-11-24", &base, &d))
		goto fail;
	t_base = now() - t0;
	t0 = now();
	if (store_risk_score(st, 0, "2026-11-24", &full, &d))
		goto fail;
	t_full = now() - t0;
	if (insert(st, count, arrivals, "N"))
		goto out;
	t0 = now();
	if (store_risk_score(st, 0, "2026-11-24", &incr, &d))
		goto fail;
	t_incr = now() - t0;

	printf("  baseline: read %lld subjects, no scoring      %8.2f s\n", (long long)base.scored,
	       t_base);
	printf("  full scoring: %lld subjects, 50 rules          %8.2f s  (%.2fx the baseline; "
	       "target < 30 s: %s)\n",
	       (long long)full.scored, t_full, t_full / t_base, t_full < 30 ? "met" : "MISSED");
	printf("    lanes: %lld red, %lld yellow, %lld green; %lld at random\n",
	       (long long)full.lanes[LANE_RED], (long long)full.lanes[LANE_YELLOW],
	       (long long)full.lanes[LANE_GREEN], (long long)full.random);
	printf("  incremental: %lld new arrivals                 %8.3f s  (target < 1 s: %s)\n",
	       (long long)incr.scored, t_incr, t_incr < 1 ? "met" : "MISSED");
	rc = incr.scored == (int64_t)arrivals && full.scored == (int64_t)count ? 0 : 1;
	goto out;
fail:
	fprintf(stderr, "bench_risk: scoring: %s\n", d.msg);
out:
	store_close(st);
	vault_close(v);
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	rmdir(dir);
	free(text);
	free(hs6);
	return rc;
}
