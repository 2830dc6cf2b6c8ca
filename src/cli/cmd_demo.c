/* demo and ui: open the interface, on the vault or on a demo vault made from
 * the bundled demo data.  */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "i18n.h"
#include "import.h"
#include "tui.h"

int
cli_run_ui(struct cli *cli, struct store *st, const char *script, int lines, int columns)
{
	struct tui_options o = {
		.user = cli->user,
		.script = script,
		.lines = lines,
		.columns = columns,
	};
	struct diag d;

	diag_clear(&d);
	if (tui_run(st, &o, &d))
		return cli_report(cli, &d);
	return 0;
}

static int
parse_size(struct cli *cli, const char *cmd, const char *opt, const char *arg, int min, int *out)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*arg == '\0' || *end || v < min || v > 1000)
		return cli_usage_error(cli, cmd, _("%s needs a number from %d to 1000, not '%s'"),
				       opt, min, arg);
	*out = (int)v;
	return 0;
}

static const char ui_options[] =
	N_("Options:\n"
	   "      --script FILE  run headless: keys and commands from FILE (for tests)\n"
	   "      --lines N      headless screen height (default 24)\n"
	   "      --columns N    headless screen width (default 80)\n"
	   "  -h, --help         show this help and exit\n");

int
cmd_ui(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"script", required_argument, NULL, 's'},
		{"lines", required_argument, NULL, 'l'},
		{"columns", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *script = NULL;
	int lines = 24, columns = 80, c, rc;
	struct store *st;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			script = optarg;
			break;
		case 'l':
			if ((rc = parse_size(cli, "ui", "--lines", optarg, 10, &lines)))
				return rc;
			break;
		case 'c':
			if ((rc = parse_size(cli, "ui", "--columns", optarg, 40, &columns)))
				return rc;
			break;
		case 'h':
			cli_command_help(cli, "ui", _(ui_options));
			return 0;
		default:
			return cli_usage_error(cli, "ui", _("bad option"));
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, "ui", _("unexpected argument '%s'"), argv[optind]);
	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	rc = cli_run_ui(cli, st, script, lines, columns);
	store_close(st);
	return rc;
}

static const char demo_options[] =
	N_("Options:\n"
	   "      --no-ui   only create the demo vault, do not open the interface\n"
	   "  -h, --help    show this help and exit\n\n"
	   "DIR defaults to $XDG_DATA_HOME/douane/demo.  The vault is DIR/booth.vault;\n"
	   "running the command again reuses it.\n");

/* DIR given, else $XDG_DATA_HOME/douane/demo, else ~/.local/share/douane/demo.  */
static char *
demo_dir(const char *arg)
{
	const char *base = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	char *out;
	size_t n;

	if (arg)
		return strdup(arg);
	if (base && *base) {
		n = strlen(base) + sizeof "/douane/demo";
		if ((out = malloc(n)))
			snprintf(out, n, "%s/douane/demo", base);
		return out;
	}
	if (home == NULL || *home == '\0')
		home = ".";
	n = strlen(home) + sizeof "/.local/share/douane/demo";
	if ((out = malloc(n)))
		snprintf(out, n, "%s/.local/share/douane/demo", home);
	return out;
}

int
cmd_demo(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"no-ui", no_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	bool ui = true;
	int c, rc = 0;
	char *dir = NULL, *vault = NULL, *manifest = NULL;
	struct store *st = NULL;
	struct import_stats stats;
	struct diag d;
	size_t n;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			ui = false;
			break;
		case 'h':
			cli_command_help(cli, "demo", _(demo_options));
			return 0;
		default:
			return cli_usage_error(cli, "demo", _("bad option"));
		}
	}
	if (argc - optind > 1)
		return cli_usage_error(cli, "demo", _("unexpected argument '%s'"), argv[optind + 1]);

	dir = demo_dir(optind < argc ? argv[optind] : NULL);
	if (dir == NULL)
		goto oom;
	/* mkdir -p, private: a vault is nobody else's business.  */
	for (char *p = dir + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char save = *p;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			cli_error(cli, _("%s: cannot create the directory: %s"), dir, strerror(errno));
			rc = DIAG_IO;
			goto out;
		}
		*p = save;
		if (save == '\0')
			break;
	}
	n = strlen(dir) + sizeof "/booth.vault";
	if ((vault = malloc(n)) == NULL)
		goto oom;
	snprintf(vault, n, "%s/booth.vault", dir);
	n = strlen(cli_datadir()) + sizeof "/demo/manifest-demo.xml";
	if ((manifest = malloc(n)) == NULL)
		goto oom;
	snprintf(manifest, n, "%s/demo/manifest-demo.xml", cli_datadir());

	cli->vault = vault;
	if ((rc = cli_open_store(cli, STORE_CREATE, &st)))
		goto out;
	diag_clear(&d);
	memset(&stats, 0, sizeof stats);
	if (import_manifest_file(st, manifest, &stats, NULL, NULL, &d)) {
		rc = cli_report(cli, &d);
		goto out;
	}
	if (!cli->quiet)
		/* L10N: %s is the path of the demo vault.  */
		fprintf(ui ? stderr : stdout, _("Demo vault: %s\n"), vault);
	if (ui)
		rc = cli_run_ui(cli, st, NULL, 0, 0);
	goto out;
oom:
	cli_error(cli, _("out of memory"));
	rc = DIAG_SOFTWARE;
out:
	store_close(st);
	cli->vault = NULL;
	free(dir);
	free(vault);
	free(manifest);
	return rc;
}
