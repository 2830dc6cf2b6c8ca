/* main: douane's entry point.  Global options, then one subcommand from the
 * table in commands.c; no subcommand opens the interface.
 *
 * Exit status follows sysexits.h (DESIGN.md): 64 usage, 65 bad or altered
 * data, 66 missing input, 74 I/O error, 77 wrong passphrase or not allowed.
 */
#include "config.h"

#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "cli.h"
#include "i18n.h"
#include "vault.h"

static void
usage(const struct cli *cli, FILE *out)
{
	fprintf(out, _("Usage: %s [OPTION]... [COMMAND [ARG]...]\n"), cli->progname);
	fputs(_("Risk-ranked inspection queue for customs, offline.\n\n"), out);
	fputs(_("Options:\n"
		"      --vault PATH   the vault to open (default: $DOUANE_VAULT, else\n"
		"                     $XDG_DATA_HOME/douane/booth.vault)\n"
		"      --user ID      the user to sign in as\n"
		"      --passphrase-fd N  read the passphrase from file descriptor N\n"
		"                     (one line) instead of the terminal\n"
		"  -q, --quiet        no progress, only errors\n"
		"  -h, --help         show this help and exit\n"
		"  -V, --version      show the version and exit\n\n"),
	      out);
	fputs(_("Commands:\n"), out);
	for (const struct cli_command *c = cli_commands; c->name; c++)
		fprintf(out, "  %-8s %s\n", c->name, _(c->summary));
	fprintf(out, _("\nWith no command, douane opens the interface.\n"
		       "'%s COMMAND --help' describes a command.\n"),
		cli->progname);
}

static void
version(void)
{
	printf("douane %s\n", PACKAGE_VERSION);
	/* L10N: keep it short; shown by --version.  */
	puts(_("Built with SQLite, libxml2, libsodium, ncursesw and utf8proc."));
}

int
main(int argc, char **argv)
{
	struct cli cli = {.progname = "douane", .passphrase_fd = -1};
	static const struct option opts[] = {
		{"vault", required_argument, NULL, 'v'},
		{"user", required_argument, NULL, 'u'},
		{"passphrase-fd", required_argument, NULL, 'p'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	int c;

	/* Nothing douane holds may end up in a core file or be read by a
	 * debugger attached by another process of the same user.  */
	vault_harden_process();
	if (sodium_init() < 0) {
		fputs("douane: cannot initialise libsodium\n", stderr);
		return DIAG_SOFTWARE;
	}

	setlocale(LC_ALL, "");
#ifdef ENABLE_NLS
	/* DOUANE_LOCALEDIR: the catalogues of a build not installed (the
	 * interface's tests in French).  */
	{
		const char *dir = getenv("DOUANE_LOCALEDIR");

		bindtextdomain(PACKAGE, dir != NULL && *dir == '/' ? dir : LOCALEDIR);
	}
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
#endif

	/* "+": stop at the first non-option, the subcommand.  */
	while ((c = getopt_long(argc, argv, "+qhV", opts, NULL)) != -1) {
		switch (c) {
		case 'v':
			cli.vault = optarg;
			break;
		case 'u':
			cli.user = optarg;
			break;
		case 'p': {
			char *end;
			long fd = strtol(optarg, &end, 10);

			if (*optarg == '\0' || *end || fd < 0 || fd > 1024) {
				cli_error(&cli, _("--passphrase-fd needs a file descriptor number, "
						  "not '%s'"),
					  optarg);
				return DIAG_USAGE;
			}
			cli.passphrase_fd = (int)fd;
			break;
		}
		case 'q':
			cli.quiet = true;
			break;
		case 'h':
			usage(&cli, stdout);
			return 0;
		case 'V':
			version();
			return 0;
		default:
			fprintf(stderr, _("Try '%s --help' for more information.\n"), cli.progname);
			return DIAG_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	optind = 0; /* reset getopt for the subcommand (GNU: 0 reinitialises) */

	if (argc == 0) {
		char *ui_argv[] = {"ui", NULL};
		return cmd_ui(&cli, 1, ui_argv);
	}
	for (const struct cli_command *cmd = cli_commands; cmd->name; cmd++)
		if (strcmp(cmd->name, argv[0]) == 0)
			return cmd->run(&cli, argc, argv);
	if (strcmp(argv[0], "help") == 0) {
		usage(&cli, stdout);
		return 0;
	}
	cli_error(&cli, _("unknown command '%s'"), argv[0]);
	fprintf(stderr, _("Try '%s --help' for more information.\n"), cli.progname);
	return DIAG_USAGE;
}
