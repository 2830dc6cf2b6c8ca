/* import: douane import manifest FILE...
 *
 * Each file is one transaction; a file that fails leaves the vault as it
 * was and the next file is still tried.  The exit status is that of the
 * first failure.  A progress bar is drawn on stderr when it is a terminal.
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

	if (pct == p->last_pct)
		return;
	p->last_pct = pct;
	fprintf(stderr, "\r%-32.32s [", p->file);
	for (int i = 0; i < width; i++)
		fputc(i < fill ? '#' : '.', stderr);
	fprintf(stderr, "] %3d%%", pct);
	fflush(stderr);
}

static const char import_options[] =
	N_("Options:\n"
	   "  -q, --quiet   no progress bar or summary, only errors\n"
	   "  -h, --help    show this help and exit\n\n"
	   "The format of each file is detected from its root element.  A file\n"
	   "already imported changes nothing.\n");

int
cmd_import(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct store *st = NULL;
	int c, rc = 0;
	bool tty;

	while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (c) {
		case 'q':
			cli->quiet = true;
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
		return cli_usage_error(cli, "import", _("what to import is missing: manifest"));
	if (strcmp(argv[0], "manifest") != 0)
		return cli_usage_error(cli, "import", _("unknown kind of input '%s'"), argv[0]);
	if (argc < 2)
		return cli_usage_error(cli, "import", _("no file given"));

	if ((rc = cli_open_store(cli, STORE_CREATE, &st)))
		return rc;
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
	store_close(st);
	return rc;
}
