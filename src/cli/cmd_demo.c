/* demo and ui: open the interface, on the vault or on a demo vault made from
 * the bundled demo data.  */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "import.h"
#include "screen.h"
#include "screen_subjects.h"
#include "store.h"
#include "tui.h"
#include "vault.h"
#include "watchlist_import.h"

/* The idle lock when neither --idle-lock nor douanerc says.  */
#define IDLE_LOCK_DEFAULT 300
#define IDLE_LOCK_UNSET UINT_MAX

int
cli_run_ui(struct cli *cli, const char *vault_path, const char *script, int lines, int columns,
	   unsigned idle_lock)
{
	struct tui_options o = {
		.vault_path = vault_path,
		.user = cli->user,
		.idle_lock_seconds = idle_lock == IDLE_LOCK_UNSET ? IDLE_LOCK_DEFAULT : idle_lock,
		.idle_lock_given = idle_lock != IDLE_LOCK_UNSET,
		.script = script,
		.lines = lines,
		.columns = columns,
	};
	struct diag d;

	diag_clear(&d);
	if (tui_run(&o, &d))
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
	   "      --idle-lock SECONDS  lock after this long without a key (default 300;\n"
	   "                     0 never)\n"
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
		{"idle-lock", required_argument, NULL, 'i'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *script = NULL;
	int lines = 24, columns = 80, c, rc;
	unsigned idle_lock = IDLE_LOCK_UNSET;
	char *path, *end;
	long secs;

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
		case 'i':
			secs = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end || secs < 0 || secs > 86400)
				return cli_usage_error(cli, "ui", _("--idle-lock needs seconds from 0 to "
								    "86400, not '%s'"),
						       optarg);
			idle_lock = (unsigned)secs;
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
	if ((path = cli_vault_path(cli)) == NULL) {
		cli_error(cli, _("out of memory"));
		return DIAG_SOFTWARE;
	}
	rc = cli_run_ui(cli, path, script, lines, columns, idle_lock);
	free(path);
	return rc;
}

static const char demo_options[] =
	N_("Options:\n"
	   "      --no-ui       only create the demo vault, do not open the interface\n"
	   "      --kdf LEVEL   Argon2id cost of the demo users' key slots: min,\n"
	   "                    interactive, moderate (the default) or sensitive\n"
	   "  -h, --help        show this help and exit\n\n"
	   "DIR defaults to $XDG_DATA_HOME/douane/demo.  The vault is DIR/booth.vault;\n"
	   "running the command again reuses it.  Its users, whose passphrases are\n"
	   "public (they are in the README), are admin (admin-demo), inspector\n"
	   "(inspector-demo) and supervisor (supervisor-demo).\n");

/* The demo's users.  Their passphrases are public: a demo vault holds
 * nothing but generated data.  */
static const struct {
	const char *user;
	enum vault_role role;
	const char *pass;
} demo_users[] = {
	{"admin", VAULT_ROLE_ADMIN, "admin-demo"},
	{"inspector", VAULT_ROLE_INSPECTOR, "inspector-demo"},
	{"supervisor", VAULT_ROLE_SUPERVISOR, "supervisor-demo"},
};

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

/* Load the default rule set (RULES) into ST and score the demo queue.  */
static enum diag_status
demo_score(struct store *st, const char *rules, const char *admin, struct diag *d)
{
	struct store_score_stats stats;
	enum diag_status rc;
	FILE *f = fopen(rules, "rb");
	char *text = NULL;
	long n;

	if (f == NULL)
		return diag_set(d, DIAG_NOINPUT, rules, 0, _("cannot open: %s"), strerror(errno));
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0 ||
	    (text = malloc((size_t)n + 1)) == NULL || fread(text, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(text);
		return diag_set(d, DIAG_IO, rules, 0, _("cannot read: %s"), strerror(errno));
	}
	fclose(f);
	rc = store_risk_rules_load(st, text, (size_t)n, rules, admin, NULL, d);
	free(text);
	if (rc == DIAG_OK)
		rc = store_risk_score(st, 0, NULL, &stats, d);
	return rc;
}

/* Create the demo vault at PATH: its users, the demo manifest and the
 * demo watchlist (data/demo), screened, then scored with the default
 * rules.  On failure nothing is left at PATH.  */
static enum diag_status
demo_create(const char *path, const char *manifest, const char *watchlist, const char *rules,
	    const struct vault_kdf *kdf, struct diag *d)
{
	struct vault *v = NULL;
	struct store *st = NULL;
	struct import_stats stats;
	struct watchlist_import_stats wstats;
	struct screen_subjects_stats sstats;
	enum diag_status rc;

	rc = vault_create(path, demo_users[0].user, demo_users[0].pass,
			  strlen(demo_users[0].pass), kdf, &v, d);
	for (size_t i = 1; rc == DIAG_OK && i < sizeof demo_users / sizeof demo_users[0]; i++)
		rc = vault_user_add(v, demo_users[i].user, demo_users[i].role, demo_users[i].pass,
				    strlen(demo_users[i].pass), kdf, d);
	if (rc == DIAG_OK)
		rc = store_open(&st, v, 0, d);
	memset(&stats, 0, sizeof stats);
	if (rc == DIAG_OK)
		rc = import_manifest_file(st, manifest, &stats, NULL, NULL, d);
	memset(&wstats, 0, sizeof wstats);
	if (rc == DIAG_OK)
		rc = watchlist_import_file(st, watchlist, NULL, &wstats, NULL, NULL, d);
	if (rc == DIAG_OK)
		rc = screen_subjects_run(st, NULL, true, SCREEN_THRESHOLD, &sstats, d);
	if (rc == DIAG_OK)
		rc = demo_score(st, rules, demo_users[0].user, d);
	store_close(st);
	vault_close(v);
	if (rc != DIAG_OK && v != NULL) {
		char side[4096];

		unlink(path);
		snprintf(side, sizeof side, "%s-wal", path);
		unlink(side);
		snprintf(side, sizeof side, "%s-shm", path);
		unlink(side);
	}
	return rc;
}

int
cmd_demo(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"no-ui", no_argument, NULL, 'n'},
		{"kdf", required_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const struct vault_kdf *kdf = NULL;
	bool ui = true;
	int c, rc = 0;
	char *dir = NULL, *vault = NULL, *manifest = NULL, *rules = NULL, *watchlist = NULL;
	struct diag d;
	size_t n;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			ui = false;
			break;
		case 'k':
			if ((kdf = cli_kdf_parse(optarg)) == NULL)
				return cli_usage_error(cli, "demo", _("unknown KDF level '%s'"), optarg);
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
	n = strlen(cli_datadir()) + sizeof "/demo/watchlist-demo.xml";
	if ((watchlist = malloc(n)) == NULL)
		goto oom;
	snprintf(watchlist, n, "%s/demo/watchlist-demo.xml", cli_datadir());
	n = strlen(cli_datadir()) + sizeof "/rules/default.rules";
	if ((rules = malloc(n)) == NULL)
		goto oom;
	snprintf(rules, n, "%s/rules/default.rules", cli_datadir());

	diag_clear(&d);
	if (access(vault, F_OK) != 0) {
		if (!cli->quiet)
			fprintf(stderr, _("Creating the demo vault (three users, %s)...\n"),
				manifest);
		if ((rc = demo_create(vault, manifest, watchlist, rules, kdf, &d)) != DIAG_OK) {
			rc = cli_report(cli, &d);
			goto out;
		}
	}
	if (!cli->quiet)
		/* L10N: %s is the path of the demo vault.  */
		fprintf(ui ? stderr : stdout, _("Demo vault: %s\n"), vault);
	if (ui) {
		if (cli->user == NULL)
			cli->user = "inspector";
		rc = cli_run_ui(cli, vault, NULL, 0, 0, IDLE_LOCK_UNSET);
	}
	goto out;
oom:
	cli_error(cli, _("out of memory"));
	rc = DIAG_SOFTWARE;
out:
	free(dir);
	free(vault);
	free(manifest);
	free(watchlist);
	free(rules);
	return rc;
}
