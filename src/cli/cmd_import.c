/* import: douane import manifest FILE...
 *         douane import watchlist FILE... [--format F] [--source S]
 *
 * Each file is one transaction; a file that fails leaves the vault as it
 * was and the next file is still tried.  The exit status is that of the
 * first failure.  A progress bar is drawn on stderr when it is a terminal.
 * douane import FILE.pack|FILE.ack... imports what HQ sent (cmd_sync.c),
 * recognised by the envelope's magic whatever the file is called.
 * A watchlist in the OFAC CSV set is named by its primary file (sdn.csv,
 * cons_prim.csv); the other files of the set are found beside it.
 */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "import.h"
#include "sync.h"
#include "screen.h"
#include "screen_subjects.h"
#include "watchlist_import.h"

struct progress {
	const char *file;
	int last_pct;
};

static void
show_progress(void *ctx, uint64_t done, uint64_t total)
{
	struct progress *p = ctx;
	int pct = total ? (int)(done * 100 / total) : 0;
	int width = 30, fill = pct * width / 100;
	const char *base = strrchr(p->file, '/');

	if (pct == p->last_pct)
		return;
	p->last_pct = pct;
	/* The file's own name: a long path would show only its start.  */
	fprintf(stderr, "\r%-32.32s [", base && base[1] ? base + 1 : p->file);
	for (int i = 0; i < width; i++)
		fputc(i < fill ? '#' : '.', stderr);
	fprintf(stderr, "] %3d%%", pct);
	fflush(stderr);
}

/* A pack or an ack from HQ: the envelope's magic, or the file's name (so
 * that a missing or damaged one is reported as such, 66 or 65).  */
static bool
is_exchange(const char *arg)
{
	size_t n = strlen(arg);

	if (sync_is_exchange_file(arg))
		return true;
	return (n > 5 && strcmp(arg + n - 5, ".pack") == 0) ||
	       (n > 4 && strcmp(arg + n - 4, ".ack") == 0);
}

static const char import_options[] =
	N_("Options:\n"
	   "  -q, --quiet         no progress bar or summary, only errors\n"
	   "      --format FMT    watchlists only: un, ofac-xml, ofac-csv or douane\n"
	   "      --source KEY    watchlists only: store the list under KEY (OFAC-SDN,\n"
	   "                      OFAC-CONS), when its file name does not tell\n"
	   "  -h, --help          show this help and exit\n\n"
	   "The format of each file is detected from its root element (an OFAC CSV\n"
	   "set from its primary file, sdn.csv or cons_prim.csv, with alt.csv and\n"
	   "add.csv beside it).  A file already imported changes nothing; a newer\n"
	   "version of a watchlist replaces the older one.\n\n"
	   "Packs and acks from HQ (douane import FILE.pack, FILE.ack) are recognised\n"
	   "by their content: each is verified and applied whole, or refused (65).\n");

/* After an import: screen the vault (every subject when a watchlist
 * changed, ALL, else the subjects imported since the last screening), then
 * score what that made new or changed, so the queue is ready to work.
 * Scoring needs a rule set in force; without one the queue stays
 * unscored until "douane rules load".  */
static int
screen_after_import(struct cli *cli, struct store *st, bool all)
{
	struct screen_subjects_stats stats;
	struct store_score_stats scored;
	enum diag_status status;
	struct diag d;

	diag_clear(&d);
	if (screen_subjects_run(st, NULL, all, SCREEN_THRESHOLD, &stats, &d))
		return cli_report(cli, &d);
	if (!cli->quiet && (stats.hits > 0 || stats.pruned > 0))
		/* L10N: after an import: subjects screened, hits raised.  */
		printf(_("screened %" PRId64 " subjects: %" PRId64 " watchlist hits\n"),
		       stats.subjects, stats.hits);
	diag_clear(&d);
	status = store_risk_score(st, 0, NULL, &scored, &d);
	if (status == DIAG_NOINPUT)
		return 0; /* no rule set in force */
	if (status != DIAG_OK)
		return cli_report(cli, &d);
	if (!cli->quiet && scored.scored > 0)
		/* L10N: after an import: subjects scored, then how many are red. */
		printf(_("scored %" PRId64 " subjects: %" PRId64 " red\n"), scored.scored,
		       scored.lanes[LANE_RED]);
	return 0;
}

/* douane import watchlist FILE...: each file one list.  */
static int
import_watchlists(struct cli *cli, struct store *st, int argc, char **argv, const char *format,
		  const char *source)
{
	struct watchlist_import_options opt = {format, source};
	int rc = 0, src;
	bool tty = !cli->quiet && isatty(STDERR_FILENO), changed = false;

	for (int i = 0; i < argc; i++) {
		struct watchlist_import_stats stats;
		struct progress prog = {argv[i], -1};
		struct diag d;
		enum diag_status status;

		diag_clear(&d);
		status = watchlist_import_file_opts(st, argv[i], &opt, &stats,
						    tty ? show_progress : NULL, &prog, &d);
		if (tty && prog.last_pct >= 0)
			fputs("\r\033[K", stderr);
		if (status) {
			cli_report(cli, &d);
			if (rc == 0)
				rc = status;
			continue;
		}
		if (!stats.already)
			changed = true;
		if (cli->quiet)
			continue;
		if (stats.already) {
			printf(_("%s: already imported, nothing changed\n"), argv[i]);
			continue;
		}
		/* L10N: summary after a watchlist import: file, format, list
		 * source, publication date, then counts.  */
		printf(_("%s: %s: %s %s: %" PRId64 " read, %" PRId64 " stored, %" PRId64
			 " skipped, %" PRId64 " names%s\n"),
		       argv[i], stats.format ? stats.format : "?", stats.source,
		       stats.published[0] ? stats.published : _("(undated)"), stats.read,
		       stats.stored, stats.skipped, stats.names,
		       /* L10N: appended to the summary when an older version
			* of the list was replaced.  */
		       stats.replaced ? _(" (replaced the older version)") : "");
		fflush(stdout);
		if (stats.skipped > 0)
			/* L10N: file, line, then why a record was skipped.  */
			fprintf(stderr, _("%s: %s:%ld: skipped: %s\n"), cli->progname, argv[i],
				stats.skip_line, stats.skip_reason);
	}
	/* Entries were replaced: screen the whole vault again.  */
	if (changed && (src = screen_after_import(cli, st, true)) && rc == 0)
		rc = src;
	return rc;
}

int
cmd_import(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"quiet", no_argument, NULL, 'q'},
		{"format", required_argument, NULL, 'f'},
		{"source", required_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct store *st = NULL;
	const char *format = NULL, *source = NULL;
	int c, rc = 0;
	bool tty, watchlist;

	while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			cli->quiet = true;
			break;
		case 'f':
			format = optarg;
			break;
		case 's':
			source = optarg;
			break;
		case 'h':
			cli_command_help(cli, "import", _(import_options));
			return 0;
		default:
			return cli_usage_error(cli, "import", _("bad option"));
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		return cli_usage_error(cli, "import",
				       _("what to import is missing: manifest or watchlist"));
	watchlist = strcmp(argv[0], "watchlist") == 0;
	if (strcmp(argv[0], "manifest") != 0 && !watchlist && is_exchange(argv[0])) {
		if (format != NULL || source != NULL)
			return cli_usage_error(cli, "import",
					       _("--format and --source are for watchlists"));
		return cli_import_exchange(cli, argc, argv);
	}
	if (strcmp(argv[0], "manifest") != 0 && !watchlist)
		return cli_usage_error(cli, "import", _("unknown kind of input '%s'"), argv[0]);
	if (argc < 2)
		return cli_usage_error(cli, "import", _("no file given"));
	if (!watchlist && (format != NULL || source != NULL))
		return cli_usage_error(cli, "import",
				       _("--format and --source are for watchlists"));
	if (format != NULL) {
		size_t i;

		for (i = 0; watchlist_import_formats[i] != NULL; i++)
			if (strcmp(format, watchlist_import_formats[i]) == 0)
				break;
		if (watchlist_import_formats[i] == NULL)
			return cli_usage_error(cli, "import",
					       _("unknown format '%s' (un, ofac-xml, ofac-csv or "
						 "douane)"),
					       format);
	}

	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	if (watchlist) {
		rc = import_watchlists(cli, st, argc - 1, argv + 1, format, source);
		cli_close_store(cli, st);
		return rc;
	}
	tty = !cli->quiet && isatty(STDERR_FILENO);
	for (int i = 1; i < argc; i++) {
		struct import_stats stats;
		struct progress prog = {argv[i], -1};
		struct diag d;
		enum diag_status status;

		memset(&stats, 0, sizeof stats);
		diag_clear(&d);
		status = import_manifest_file(st, argv[i], &stats, tty ? show_progress : NULL,
					      &prog, &d);
		if (tty && prog.last_pct >= 0)
			fputs("\r\033[K", stderr);
		if (status) {
			cli_report(cli, &d);
			if (rc == 0)
				rc = status;
			continue;
		}
		if (cli->quiet)
			continue;
		if (stats.already)
			/* L10N: %s is a file name.  */
			printf(_("%s: already imported, nothing changed\n"), argv[i]);
		else
			/* L10N: summary after an import: file, format, then counts.  */
			printf(_("%s: %s: %" PRId64 " read, %" PRId64 " stored, %" PRId64
				 " skipped, %" PRId64 " findings\n"),
			       argv[i], stats.format ? stats.format : "?", stats.read,
			       stats.stored, stats.skipped, stats.findings);
	}
	/* The subjects just imported are screened as they arrive.  */
	{
		int src = screen_after_import(cli, st, false);

		if (src && rc == 0)
			rc = src;
	}
	cli_close_store(cli, st);
	return rc;
}
