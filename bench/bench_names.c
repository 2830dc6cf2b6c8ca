/* bench_names: screening quality on labelled name pairs.
 *
 * Reads OpenSanctions' name_bench development pairs (tests/data/names/
 * name_bench_dev.csv) and prints precision, recall and F1 of douane's
 * scorer at its default threshold, next to a baseline measured in the
 * same run: Jaro-Winkler of the two names normalised whole, at the
 * threshold where that baseline does best.  Then the cross-script pairs
 * douane gets right, and moov-io/watchman's cross-script pairs (all
 * matches) with the score each one gets.
 *
 *   bench_names [--threshold T] [--verbose] [DEV.csv [CROSS.csv]]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "name_pairs.h"
#include "names.h"
#include "screen.h"

#define MAX_PAIRS 4096

struct run {
	bool verbose;
	size_t n;
	double base[MAX_PAIRS];
	bool label[MAX_PAIRS];
	char right_cross[64][160];
	size_t n_right_cross;
};

static double
baseline_score(const char *a, const char *b)
{
	char fa[NAMES_NORM_MAX], fb[NAMES_NORM_MAX];
	long la = names_fold(a, strlen(a), fa, sizeof fa, NULL);
	long lb = names_fold(b, strlen(b), fb, sizeof fb, NULL);

	if (la < 0 || lb < 0)
		return 0.0;
	return names_jaro_winkler(fa, (size_t)la, fb, (size_t)lb);
}

static int
each_pair(void *ctx, const struct name_pair *p, bool decision)
{
	struct run *r = ctx;

	if (r->n < MAX_PAIRS) {
		r->base[r->n] = baseline_score(p->name1, p->name2);
		r->label[r->n] = p->is_match;
		r->n++;
	}
	if (p->cross_script && decision == p->is_match && r->n_right_cross < 64)
		snprintf(r->right_cross[r->n_right_cross++], sizeof r->right_cross[0],
			 "%s | %s | %s %.2f", p->name1, p->name2, p->is_match ? "match" : "no match",
			 p->score);
	if (r->verbose && decision != p->is_match)
		printf("  %s line %ld: %.3f %s | %s (%s)\n", p->is_match ? "FN" : "FP", p->line,
		       p->score, p->name1, p->name2, p->schema);
	return 0;
}

static void
baseline_best(const struct run *r, double *best_t, double *best_f1, double *p_out,
	      double *r_out)
{
	*best_f1 = -1;
	for (int k = 50; k <= 99; k++) {
		double t = k / 100.0, prec, rec, f1;
		long tp = 0, fp = 0, fn = 0;

		for (size_t i = 0; i < r->n; i++) {
			bool dec = r->base[i] >= t;

			tp += dec && r->label[i];
			fp += dec && !r->label[i];
			fn += !dec && r->label[i];
		}
		prec = tp + fp ? (double)tp / (double)(tp + fp) : 0;
		rec = tp + fn ? (double)tp / (double)(tp + fn) : 0;
		f1 = prec + rec > 0 ? 2 * prec * rec / (prec + rec) : 0;
		if (f1 > *best_f1) {
			*best_f1 = f1;
			*best_t = t;
			*p_out = prec;
			*r_out = rec;
		}
	}
}

/* watchman's file: "#" comments, then Query,Expected Match,Min Score,Description.  */
static void
cross_script(const char *path, double threshold)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	int n = 0, right = 0;

	if (f == NULL) {
		printf("cross-script pairs: %s not found, skipped\n", path);
		return;
	}
	printf("\nwatchman cross-script pairs (all should match), at %.2f:\n", threshold);
	while (fgets(line, sizeof line, f)) {
		char *q = line, *e, *rest;
		double s;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		if ((e = strchr(q, ',')) == NULL)
			continue;
		*e++ = '\0';
		if ((rest = strchr(e, ',')) == NULL)
			continue;
		*rest = '\0';
		s = screen_pair_score(q, e, "Person", NULL);
		n++;
		right += s >= threshold;
		printf("  %s %-24s %-20s %.2f\n", s >= threshold ? "ok  " : "miss", q, e, s);
	}
	fclose(f);
	printf("  %d of %d matched\n", right, n);
}

int
main(int argc, char **argv)
{
	static struct run r;
	struct name_pairs_stats st;
	struct diag d;
	double threshold = SCREEN_THRESHOLD, bt = 0, bf1 = 0, bp = 0, br = 0;
	const char *dev = "tests/data/names/name_bench_dev.csv";
	const char *cross = "tests/data/names/watchman_cross_script_pairs.csv";
	int files = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--verbose") == 0)
			r.verbose = true;
		else if (strcmp(argv[i], "--threshold") == 0 && i + 1 < argc)
			threshold = atof(argv[++i]);
		else if (files++ == 0)
			dev = argv[i];
		else
			cross = argv[i];
	}
	if (name_pairs_run(dev, threshold, each_pair, &r, &st, &d) != DIAG_OK) {
		char buf[1200];

		fprintf(stderr, "bench_names: %s\n", diag_format(&d, buf, sizeof buf));
		return 1;
	}
	baseline_best(&r, &bt, &bf1, &bp, &br);
	printf("name_bench_dev: %ld pairs (%ld matches)\n", st.pairs, st.tp + st.fn);
	printf("  douane (threshold %.2f):  precision %.3f  recall %.3f  F1 %.3f  "
	       "(tp %ld fp %ld fn %ld tn %ld)\n",
	       threshold, st.precision, st.recall, st.f1, st.tp, st.fp, st.fn, st.tn);
	printf("  baseline, Jaro-Winkler of the whole names at its best threshold %.2f:  "
	       "precision %.3f  recall %.3f  F1 %.3f\n",
	       bt, bp, br, bf1);
	printf("  F1 ratio douane / baseline: %.2f  (target: F1 above 0.85; OpenSanctions' "
	       "matcher: 0.80)\n",
	       bf1 > 0 ? st.f1 / bf1 : 0.0);
	printf("\ncross-script pairs right: %ld of %ld\n", st.cross_script_right, st.cross_script);
	for (size_t i = 0; i < r.n_right_cross; i++)
		printf("  %s\n", r.right_cross[i]);
	cross_script(cross, threshold);
	return 0;
}
