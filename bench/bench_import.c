/* bench_import: how fast douane imports a large manifest, against libxml2
 * reading the same file and doing nothing else.
 *
 * DESIGN.md's target: the import runs at least half as fast as the bare
 * parse, that is import time / parse time <= 2.0.  Both are measured in the
 * same run, on the same file, with the page cache equally warm, so the ratio
 * means something on any machine even though the absolute times do not.
 *
 * The file is written by douane-gen (100,000 consignments unless --count
 * says otherwise; path from --gen, else $DOUANE_GEN, else ./douane-gen) into
 * a temporary directory, or given with --file.  --count may be given more
 * than once ("make bench-import-1m" measures 100,000 and 1,000,000): each
 * size is measured in turn, and the import's peak memory at every size is
 * checked against the second target, flat and under 64 MB.  Then, per size:
 *
 *   (a) parse only: xmlTextReaderRead() in a loop over the file, with the
 *       parser options douane's reader uses (XML_PARSE_NONET, BIG_LINES,
 *       NOCDATA; see src/core/formats/xml.c); best of two runs;
 *   (b) import: import_manifest_file() into a fresh store created with
 *       a new vault (vault_create, cheapest key slot) in the temporary directory.
 *
 * Printed besides the times: the CPU time (user + system, all threads) of
 * each, and its ratio, which does not depend on how busy the machine is
 * (the wall-clock ratio does: the import needs its second core), and the
 * load average before the run.
 *
 * Each measurement runs in a forked child that reports its time through a
 * pipe; the parent reads the child's peak resident size from wait4(), so
 * the import's memory is its own and not hidden behind the parse's (or the
 * other way round).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlreader.h>

#include "diag.h"
#include "import.h"
#include "store.h"
#include "vault.h"

#define TARGET_RATIO 2.0
#define TARGET_RSS_MB 64

/* What a child sends back.  */
struct result {
	int ok;
	double seconds;
	double cpu; /* user + system seconds of the process, all its threads */
	int64_t subjects;
	char msg[DIAG_MSG_MAX + DIAG_FILE_MAX + 32];
};

static double
cpu_now(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* (a) Read every node of PATH and do nothing with it.  */
static void
measure_parse(const char *path, struct result *res)
{
	res->ok = 0;
	for (int run = 0; run < 2; run++) {
		double t0 = now(), c0 = cpu_now(), t, c;
		xmlTextReaderPtr r = xmlReaderForFile(
		    path, NULL, XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA);
		int ret;
		int64_t subjects = 0;

		if (r == NULL) {
			snprintf(res->msg, sizeof res->msg, "%s: cannot open for parsing", path);
			return;
		}
		while ((ret = xmlTextReaderRead(r)) == 1)
			if (xmlTextReaderDepth(r) == 1 &&
			    xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT)
				subjects++;
		xmlFreeTextReader(r);
		t = now() - t0;
		c = cpu_now() - c0;
		if (ret != 0) {
			snprintf(res->msg, sizeof res->msg, "%s: not well-formed", path);
			return;
		}
		if (run == 0 || t < res->seconds) {
			res->seconds = t;
			res->cpu = c;
		}
		res->subjects = subjects;
	}
	res->ok = 1;
}

/* (b) Import PATH into a new store at STORE_PATH.  */
static void
measure_import(const char *path, const char *store_path, struct result *res)
{
	struct store *st = NULL;
	struct vault *v = NULL;
	struct import_stats stats;
	struct diag d;
	char buf[sizeof res->msg];
	double t0, c0;
	enum diag_status s;

	res->ok = 0;
	memset(&stats, 0, sizeof stats);
	diag_clear(&d);
	/* A real vault, as at a booth: the import pays for encryption.  The
	 * cheapest key slot keeps Argon2id out of the figure.  */
	if (vault_create(store_path, "bench", "bench", 5, &vault_kdf_fast, &v, &d) != DIAG_OK ||
	    store_open(&st, v, 0, &d) != DIAG_OK) {
		snprintf(res->msg, sizeof res->msg, "vault: %s", diag_format(&d, buf, sizeof buf));
		vault_close(v);
		return;
	}
	t0 = now();
	c0 = cpu_now();
	s = import_manifest_file(st, path, &stats, NULL, NULL, &d);
	res->seconds = now() - t0;
	res->cpu = cpu_now() - c0;
	store_close(st);
	vault_close(v);
	if (s != DIAG_OK) {
		snprintf(res->msg, sizeof res->msg, "import: %s", diag_format(&d, buf, sizeof buf));
		return;
	}
	res->subjects = stats.stored;
	res->ok = 1;
}

/* Run MEASURE in a child; its result in RES and its peak RSS (KiB) in
 * *MAXRSS.  */
static int
in_child(void (*measure)(const char *, const char *, struct result *), const char *a, const char *b,
         struct result *res, long *maxrss)
{
	int fds[2], status;
	pid_t pid;
	struct rusage ru;
	ssize_t n;

	memset(res, 0, sizeof *res);
	if (pipe(fds) != 0)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(fds[0]);
		measure(a, b, res);
		n = write(fds[1], res, sizeof *res);
		_exit(n == (ssize_t)sizeof *res ? 0 : 1);
	}
	close(fds[1]);
	n = read(fds[0], res, sizeof *res);
	close(fds[0]);
	if (wait4(pid, &status, 0, &ru) < 0)
		return -1;
	*maxrss = ru.ru_maxrss;
	if (n != (ssize_t)sizeof *res || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(res->msg, sizeof res->msg, "measuring child failed (status %d)", status);
		res->ok = 0;
	}
	return 0;
}

static void
parse_adapter(const char *path, const char *unused, struct result *res)
{
	(void)unused;
	measure_parse(path, res);
}

/* Run the generator: GEN --seed 1 --count COUNT --mix 100,0,0 -o OUT.  */
static int
generate(const char *gen, long count, const char *out)
{
	char n[32];
	int status;
	pid_t pid;

	snprintf(n, sizeof n, "%ld", count);
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execl(gen, gen, "--seed", "1", "--count", n, "--mix", "100,0,0", "--manifest-id",
		      "BENCH-IMPORT", "-o", out, (char *)NULL);
		fprintf(stderr, "bench_import: cannot run %s: %s\n", gen, strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* Remove DIR and the files in it (no subdirectories are made there).  */
static void
remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[1300]; /* DIR (< 1024) + '/' + a name (< 256) */

	if (d != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(dir);
}

static void
usage(FILE *f)
{
	fputs("Usage: bench_import [--count N]... [--file FILE] [--gen DOUANE-GEN] [--keep]\n"
	      "Time douane's manifest import against a bare libxml2 parse of the same file.\n"
	      "  -n, --count N   consignments to generate (default 100000); given more than\n"
	      "                  once, each size is measured and peak memory compared\n"
	      "  -f, --file F    use manifest F instead of generating one\n"
	      "  -g, --gen PATH  the generator (default $DOUANE_GEN, else ./douane-gen)\n"
	      "  -k, --keep      keep the temporary directory\n",
	      f);
}

/* What one size gave.  */
struct size_result {
	int64_t subjects;
	double ratio, cpu_ratio;
	long rss_import; /* KiB */
};

/* Measure MANIFEST (generating it first from GEN with COUNT subjects when
 * GENERATE): parse only, then import into a new vault in DIR.  0 when
 * done.  */
static int
bench_one(const char *dir, const char *gen, long count, bool generate_it, const char *file,
          struct size_result *out)
{
	char gen_path[1100], store_path[1100], side[1200];
	const char *manifest = file;
	long rss_parse = 0, rss_import = 0;
	struct result parse, imp;
	struct stat sb;
	double mb;

	snprintf(store_path, sizeof store_path, "%s/bench-%ld.vault", dir, count);
	if (generate_it) {
		snprintf(gen_path, sizeof gen_path, "%s/manifest-%ld.xml", dir, count);
		manifest = gen_path;
		printf("generating %ld consignments with %s ...\n", count, gen);
		fflush(stdout);
		if (generate(gen, count, manifest) != 0) {
			fprintf(stderr,
			        "bench_import: %s failed; build it first (make douane-gen)\n", gen);
			return -1;
		}
	}
	if (stat(manifest, &sb) != 0) {
		fprintf(stderr, "bench_import: %s: %s\n", manifest, strerror(errno));
		return -1;
	}
	mb = (double)sb.st_size / 1e6;

	if (in_child(parse_adapter, manifest, NULL, &parse, &rss_parse) != 0 || !parse.ok) {
		fprintf(stderr, "bench_import: parse: %s\n", parse.msg);
		return -1;
	}
	if (in_child(measure_import, manifest, store_path, &imp, &rss_import) != 0 || !imp.ok) {
		fprintf(stderr, "bench_import: %s\n", imp.msg);
		return -1;
	}
	out->subjects = parse.subjects;
	out->ratio = imp.seconds / parse.seconds;
	out->cpu_ratio = imp.cpu / parse.cpu;
	out->rss_import = rss_import;

	printf("file: %s, %.1f MB, %" PRId64 " subjects\n", manifest, mb, parse.subjects);
	printf("%-34s %8.3f s %7.1f MB/s %8.0f subjects/s  CPU %7.3f s  peak RSS %6.1f MB\n",
	       "parse only (xmlTextReader, best/2)", parse.seconds, mb / parse.seconds,
	       (double)parse.subjects / parse.seconds, parse.cpu, rss_parse / 1024.0);
	printf("%-34s %8.3f s %7.1f MB/s %8.0f subjects/s  CPU %7.3f s  peak RSS %6.1f MB\n",
	       "import (import_manifest_file)", imp.seconds, mb / imp.seconds,
	       (double)imp.subjects / imp.seconds, imp.cpu, rss_import / 1024.0);
	printf("ratio import/parse: %.2f (CPU time, both threads: %.2f)\n", out->ratio,
	       out->cpu_ratio);
	printf("target: import at least half the parse-only speed: ratio <= %.1f  %s\n",
	       TARGET_RATIO, out->ratio <= TARGET_RATIO ? "PASS" : "MISS");
	if (imp.subjects != parse.subjects)
		printf("note: %" PRId64 " of %" PRId64 " subjects were stored\n", imp.subjects,
		       parse.subjects);
	/* Each size's files go as soon as it is measured (a million subjects
	 * is more than a gigabyte of XML).  */
	if (generate_it)
		unlink(gen_path);
	unlink(store_path);
	snprintf(side, sizeof side, "%s-wal", store_path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", store_path);
	unlink(side);
	return 0;
}

#define MAX_SIZES 8

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"count", required_argument, NULL, 'n'}, {"file", required_argument, NULL, 'f'},
	    {"gen", required_argument, NULL, 'g'},   {"keep", no_argument, NULL, 'k'},
	    {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0},
	};
	const char *gen = getenv("DOUANE_GEN"), *file = NULL, *tmp = getenv("TMPDIR");
	char dir[1024];
	long counts[MAX_SIZES] = {100000};
	struct size_result res[MAX_SIZES];
	int ncounts = 0, c, rc = 1;
	double load[3];
	bool keep = false;

	if (gen == NULL || gen[0] == '\0')
		gen = "./douane-gen";
	while ((c = getopt_long(argc, argv, "n:f:g:kh", opts, NULL)) != -1) {
		switch (c) {
		case 'n': {
			char *end;
			long n = strtol(optarg, &end, 10);

			if (*end != '\0' || n < 1 || ncounts == MAX_SIZES) {
				fprintf(stderr, "bench_import: bad count '%s'\n", optarg);
				return 64;
			}
			counts[ncounts++] = n;
			break;
		}
		case 'f':
			file = optarg;
			break;
		case 'g':
			gen = optarg;
			break;
		case 'k':
			keep = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 64;
		}
	}
	if (optind < argc) {
		/* A lone argument is the generator, as in "bench_import ./douane-gen".  */
		gen = argv[optind];
	}
	if (ncounts == 0 || file != NULL)
		ncounts = 1;

	snprintf(dir, sizeof dir, "%s/douane-bench-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL) {
		fprintf(stderr, "bench_import: %s: %s\n", dir, strerror(errno));
		return 74;
	}
	/* The ratio compares an import on two threads with a parse on one: on
	 * a machine busy with other work the import loses its second core.
	 * Say how busy it was; the CPU-time ratio does not depend on it.  */
	if (getloadavg(load, 3) == 3)
		printf("load average before the run: %.2f %.2f %.2f (%ld CPUs online)\n", load[0],
		       load[1], load[2], sysconf(_SC_NPROCESSORS_ONLN));
	xmlInitParser();
	for (int i = 0; i < ncounts; i++) {
		if (i > 0)
			printf("\n");
		if (bench_one(dir, gen, counts[i], file == NULL, file, &res[i]) != 0)
			goto out;
	}
	if (ncounts > 1) {
		long lo = res[0].rss_import, hi = res[0].rss_import;

		printf("\n%12s %8s %8s %14s\n", "subjects", "ratio", "CPU ratio", "import peak RSS");
		for (int i = 0; i < ncounts; i++) {
			printf("%12" PRId64 " %8.2f %8.2f %11.1f MB\n", res[i].subjects, res[i].ratio,
			       res[i].cpu_ratio, res[i].rss_import / 1024.0);
			lo = res[i].rss_import < lo ? res[i].rss_import : lo;
			hi = res[i].rss_import > hi ? res[i].rss_import : hi;
		}
		printf("target: peak memory flat, under %d MB at every size: %s (%.1f to %.1f MB)\n",
		       TARGET_RSS_MB, hi / 1024.0 < TARGET_RSS_MB ? "PASS" : "MISS", lo / 1024.0,
		       hi / 1024.0);
	}
	rc = 0;
out:
	if (keep)
		printf("kept %s\n", dir);
	else
		remove_dir(dir);
	return rc;
}
