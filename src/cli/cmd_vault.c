/* vault commands: douane init, douane user, douane verify.
 *
 * init creates the vault and its first user, an admin.  user manages the
 * key slots (admins only, except a user changing their own passphrase).
 * verify checks every page's authentication tag and SQLite's own
 * integrity check, and names the first bad page.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "cli.h"
#include "events.h"
#include "i18n.h"
#include "store.h"
#include "vault.h"

/* mkdir -p the directory part of PATH, private to the user.  */
static int
make_parent(const char *path)
{
	char *dir = strdup(path), *p;
	int rc = 0;

	if (dir == NULL)
		return -1;
	for (p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			rc = -1;
		*p = '/';
	}
	free(dir);
	return rc;
}

/* A new passphrase: asked twice on a terminal, once from --passphrase-fd. */
static int
new_passphrase(struct cli *cli, const char *who, char **pass, size_t *len)
{
	char prompt[160], *again = NULL;
	size_t again_len;
	int rc;

	/* L10N: %s is a user id.  */
	snprintf(prompt, sizeof prompt, _("New passphrase for %s: "), who);
	if ((rc = cli_read_passphrase(cli, prompt, pass, len)))
		return rc;
	if (cli->passphrase_fd >= 0)
		return 0;
	if ((rc = cli_read_passphrase(cli, _("Again: "), &again, &again_len))) {
		cli_passphrase_free(*pass);
		*pass = NULL;
		return rc;
	}
	if (again_len != *len || sodium_memcmp(again, *pass, *len) != 0) {
		cli_passphrase_free(again);
		cli_passphrase_free(*pass);
		*pass = NULL;
		cli_error(cli, _("the two passphrases differ; nothing was changed"));
		return DIAG_USAGE;
	}
	cli_passphrase_free(again);
	return 0;
}

/* Read a 32-byte X25519 public key written in hex in FILE.  */
static int
read_public_key(struct cli *cli, const char *file, unsigned char pk[32])
{
	char hex[128];
	FILE *f = fopen(file, "r");
	size_t n, bin_len = 0;

	if (f == NULL) {
		cli_error(cli, _("%s: cannot open: %s"), file, strerror(errno));
		return errno == ENOENT ? DIAG_NOINPUT : DIAG_IO;
	}
	n = fread(hex, 1, sizeof hex - 1, f);
	fclose(f);
	hex[n] = '\0';
	hex[strcspn(hex, "\r\n")] = '\0';
	if (sodium_hex2bin(pk, 32, hex, strlen(hex), NULL, &bin_len, NULL) != 0 || bin_len != 32) {
		cli_error(cli, _("%s: not a public key (64 hexadecimal digits expected)"), file);
		return DIAG_DATA;
	}
	return 0;
}

static const char init_options[] =
	N_("Options:\n"
	   "      --user ID          the first user (also a global option)\n"
	   "      --kdf LEVEL        Argon2id cost: min (tests only), interactive,\n"
	   "                         moderate (the default) or sensitive\n"
	   "      --hq-key FILE      seal a recovery copy of the key to HQ's public key\n"
	   "                         (64 hexadecimal digits in FILE)\n"
	   "  -h, --help             show this help and exit\n\n"
	   "The first user, given with --user, is an admin.  The passphrase is asked\n"
	   "twice on the terminal, or read once from --passphrase-fd.\n");

int
cmd_init(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"user", required_argument, NULL, 'u'},
		{"kdf", required_argument, NULL, 'k'},
		{"hq-key", required_argument, NULL, 'H'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const struct vault_kdf *kdf = NULL;
	const char *hq_key = NULL;
	unsigned char pk[32];
	struct vault *v = NULL;
	struct store *st = NULL;
	char *path = NULL, *pass = NULL;
	size_t len;
	struct diag d;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'k':
			if ((kdf = cli_kdf_parse(optarg)) == NULL)
				return cli_usage_error(cli, "init", _("unknown KDF level '%s'"), optarg);
			break;
		case 'H':
			hq_key = optarg;
			break;
		case 'u':
			cli->user = optarg; /* "douane init --user ID", as documented */
			break;
		case 'h':
			cli_command_help(cli, "init", _(init_options));
			return 0;
		default:
			return cli_usage_error(cli, "init", _("bad option"));
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, "init", _("unexpected argument '%s'"), argv[optind]);
	if (cli->user == NULL)
		return cli_usage_error(cli, "init", _("the first user is missing: --user ID"));
	if (hq_key && (rc = read_public_key(cli, hq_key, pk)))
		return rc;
	if ((path = cli_vault_path(cli)) == NULL) {
		cli_error(cli, _("out of memory"));
		return DIAG_SOFTWARE;
	}
	if (access(path, F_OK) == 0) {
		cli_error(cli, _("%s: a file is already there; nothing was changed"), path);
		free(path);
		return DIAG_USAGE;
	}
	if (make_parent(path) != 0) {
		cli_error(cli, _("%s: cannot create its directory: %s"), path, strerror(errno));
		free(path);
		return DIAG_IO;
	}
	if ((rc = new_passphrase(cli, cli->user, &pass, &len))) {
		free(path);
		return rc;
	}
	diag_clear(&d);
	rc = vault_create(path, cli->user, pass, len, kdf, &v, &d);
	cli_passphrase_free(pass);
	if (rc == DIAG_OK && hq_key)
		rc = vault_recovery_set(v, pk, &d);
	/* Opening the store applies the schema, so the vault is complete.  */
	if (rc == DIAG_OK)
		rc = store_open(&st, v, 0, &d);
	store_close(st);
	vault_close(v);
	if (rc != DIAG_OK) {
		if (access(path, F_OK) == 0 && v != NULL) {
			/* A half-made vault is no vault: take it away whole.  */
			char side[4096];

			unlink(path);
			snprintf(side, sizeof side, "%s-wal", path);
			unlink(side);
			snprintf(side, sizeof side, "%s-shm", path);
			unlink(side);
		}
		free(path);
		return cli_report(cli, &d);
	}
	if (!cli->quiet)
		/* L10N: the vault path, then the user id.  */
		printf(_("Created the vault %s with %s as its admin.\n"), path, cli->user);
	free(path);
	return 0;
}

static const char user_options[] =
	N_("Commands:\n"
	   "  add ID --role ROLE   add a user (inspector, supervisor or admin);\n"
	   "                       their passphrase is asked\n"
	   "  list                 list the users with their role and status\n"
	   "  passwd [ID]          change a passphrase (your own by default)\n"
	   "  disable ID           the user can no longer unlock\n"
	   "  enable ID            give a disabled user access back\n"
	   "  remove ID            remove the user and change the vault's key\n"
	   "                       (every page is encrypted again)\n\n"
	   "Options:\n"
	   "      --role ROLE      with add\n"
	   "      --kdf LEVEL      with add and passwd: min, interactive, moderate\n"
	   "                       or sensitive (default: the vault's)\n"
	   "  -h, --help           show this help and exit\n\n"
	   "Only admins manage other users.  Your own passphrase is asked first.\n");

static int
user_list(struct cli *cli, struct vault *v)
{
	struct vault_user_info users[64];
	struct diag d;
	size_t n;

	diag_clear(&d);
	if (vault_user_list(v, users, 64, &n, &d) != DIAG_OK)
		return cli_report(cli, &d);
	/* L10N: column titles of 'douane user list'.  */
	printf("%-24s %-11s %s\n", _("USER"), _("ROLE"), _("STATUS"));
	for (size_t i = 0; i < n; i++)
		printf("%-24s %-11s %s\n", users[i].user, vault_role_name(users[i].role),
		       users[i].status == VAULT_USER_ACTIVE ? _("active") : _("disabled"));
	return 0;
}

int
cmd_user(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"role", required_argument, NULL, 'r'},
		{"kdf", required_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const struct vault_kdf *kdf = NULL;
	enum vault_role role = 0;
	bool have_role = false;
	const char *verb, *target;
	struct vault *v = NULL;
	char *pass = NULL;
	size_t len;
	struct diag d;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			if (vault_role_parse(optarg, &role) != 0)
				return cli_usage_error(cli, "user", _("unknown role '%s'"), optarg);
			have_role = true;
			break;
		case 'k':
			if ((kdf = cli_kdf_parse(optarg)) == NULL)
				return cli_usage_error(cli, "user", _("unknown KDF level '%s'"), optarg);
			break;
		case 'h':
			cli_command_help(cli, "user", _(user_options));
			return 0;
		default:
			return cli_usage_error(cli, "user", _("bad option"));
		}
	}
	if (optind >= argc)
		return cli_usage_error(cli, "user", _("what to do is missing: add, list, passwd, "
						      "disable, enable or remove"));
	verb = argv[optind];
	target = optind + 1 < argc ? argv[optind + 1] : NULL;
	if (optind + 2 < argc)
		return cli_usage_error(cli, "user", _("unexpected argument '%s'"), argv[optind + 2]);
	if (strcmp(verb, "list") == 0) {
		if (target)
			return cli_usage_error(cli, "user", _("unexpected argument '%s'"), target);
	} else if (strcmp(verb, "passwd") == 0) {
	} else if (strcmp(verb, "add") == 0 || strcmp(verb, "disable") == 0 ||
		   strcmp(verb, "enable") == 0 || strcmp(verb, "remove") == 0) {
		if (target == NULL)
			return cli_usage_error(cli, "user", _("the user id is missing"));
		if (strcmp(verb, "add") == 0 && !have_role)
			return cli_usage_error(cli, "user", _("the role is missing: --role ROLE"));
	} else {
		return cli_usage_error(cli, "user", _("unknown action '%s'"), verb);
	}

	if ((rc = cli_unlock(cli, &v)))
		return rc;
	diag_clear(&d);
	if (strcmp(verb, "list") == 0) {
		rc = user_list(cli, v);
	} else if (strcmp(verb, "add") == 0 || strcmp(verb, "passwd") == 0) {
		const char *who = target ? target : vault_user(v);

		/* A role check before asking for a passphrase nobody will use. */
		if (vault_role(v) != VAULT_ROLE_ADMIN && strcmp(who, vault_user(v)) != 0) {
			rc = diag_set(&d, DIAG_NOPERM, NULL, 0, _("only an admin may manage other "
								   "users"));
		} else if ((rc = new_passphrase(cli, who, &pass, &len)) == 0) {
			if (strcmp(verb, "add") == 0)
				rc = vault_user_add(v, who, role, pass, len, kdf, &d);
			else
				rc = vault_user_passwd(v, who, pass, len, kdf, &d);
			cli_passphrase_free(pass);
			if (rc == DIAG_OK && !cli->quiet)
				printf(strcmp(verb, "add") == 0 ? _("Added %s.\n")
								: _("Changed the passphrase of %s.\n"),
				       who);
		} else {
			vault_close(v);
			return rc;
		}
	} else if (strcmp(verb, "disable") == 0) {
		if ((rc = vault_user_disable(v, target, &d)) == DIAG_OK && !cli->quiet)
			printf(_("Disabled %s.\n"), target);
	} else if (strcmp(verb, "enable") == 0) {
		if ((rc = vault_user_enable(v, target, &d)) == DIAG_OK && !cli->quiet)
			printf(_("Enabled %s.\n"), target);
	} else {
		if ((rc = vault_user_remove(v, target, &d)) == DIAG_OK && !cli->quiet)
			printf(_("Removed %s; the vault has a new key.\n"), target);
	}
	vault_close(v);
	if (rc != DIAG_OK && d.status != DIAG_OK)
		return cli_report(cli, &d);
	return rc;
}

static const char verify_options[] =
	N_("Options:\n"
	   "  -h, --help   show this help and exit\n\n"
	   "Checks the authentication tag of every page of the vault and SQLite's\n"
	   "integrity check; exits 65 naming the first bad page.  Then walks the\n"
	   "event log: each event's link to the one before, its hash, its signature\n"
	   "and its signer; exits 65 naming the first bad event and why.\n");

int
cmd_verify(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct vault *v = NULL;
	struct store *st = NULL;
	struct events_check check;
	uint32_t bad = 0;
	struct diag d;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cli_command_help(cli, "verify", _(verify_options));
			return 0;
		default:
			return cli_usage_error(cli, "verify", _("bad option"));
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, "verify", _("unexpected argument '%s'"), argv[optind]);
	if ((rc = cli_unlock(cli, &v)))
		return rc;
	diag_clear(&d);
	rc = vault_verify(v, &bad, &d);
	if (rc != DIAG_OK) {
		vault_close(v);
		return cli_report(cli, &d);
	}
	if (!cli->quiet)
		puts(_("The vault is intact: every page authenticated, integrity check ok."));
	/* Then the event log: every link, hash, signature and signer.  */
	if ((rc = store_open(&st, v, 0, &d)) == DIAG_OK) {
		rc = events_verify(st, v, &check, &d);
		store_close(st);
	}
	vault_close(v);
	if (rc != DIAG_OK)
		return cli_report(cli, &d);
	if (!cli->quiet)
		printf(P_("The event log is intact: %lld event, its link and signature checked.\n",
			  "The event log is intact: %lld events, every link and signature "
			  "checked.\n",
			  check.count),
		       (long long)check.count);
	return 0;
}
