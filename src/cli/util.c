/* util: what every command shares: the vault path, opening the store,
 * reporting errors the same way everywhere.  */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "i18n.h"

char *
cli_vault_path(const struct cli *cli)
{
	const char *p, *home;
	char *out;
	size_t n;

	if (cli->vault)
		return strdup(cli->vault);
	if ((p = getenv("DOUANE_VAULT")) && *p)
		return strdup(p);
	if ((p = getenv("XDG_DATA_HOME")) && *p) {
		n = strlen(p) + sizeof "/douane/booth.vault";
		if ((out = malloc(n)))
			snprintf(out, n, "%s/douane/booth.vault", p);
		return out;
	}
	home = getenv("HOME");
	if (home == NULL || *home == '\0')
		home = ".";
	n = strlen(home) + sizeof "/.local/share/douane/booth.vault";
	if ((out = malloc(n)))
		snprintf(out, n, "%s/.local/share/douane/booth.vault", home);
	return out;
}

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

int
cli_open_store(struct cli *cli, unsigned flags, struct store **out)
{
	struct diag d;
	char *path = cli_vault_path(cli);
	enum diag_status status;

	diag_clear(&d);
	if (path == NULL) {
		cli_error(cli, _("out of memory"));
		return DIAG_SOFTWARE;
	}
	if ((flags & STORE_CREATE) && make_parent(path) != 0) {
		cli_error(cli, _("%s: cannot create its directory: %s"), path, strerror(errno));
		free(path);
		return DIAG_IO;
	}
	status = store_open(out, path, flags, &d);
	free(path);
	if (status)
		return cli_report(cli, &d);
	return DIAG_OK;
}

int
cli_report(const struct cli *cli, const struct diag *d)
{
	char buf[DIAG_FILE_MAX + DIAG_MSG_MAX + 32];

	fprintf(stderr, "%s: %s\n", cli->progname, diag_format(d, buf, sizeof buf));
	return d->status ? (int)d->status : DIAG_SOFTWARE;
}

void
cli_error(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", cli->progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cli_usage_error(const struct cli *cli, const char *command, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s %s: ", cli->progname, command);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fprintf(stderr, _("Try '%s %s --help' for more information.\n"), cli->progname, command);
	return DIAG_USAGE;
}

void
cli_command_help(const struct cli *cli, const char *command, const char *options)
{
	for (const struct cli_command *c = cli_commands; c->name; c++) {
		if (strcmp(c->name, command) != 0)
			continue;
		printf(_("Usage: %s [OPTION]... %s %s\n"), cli->progname, c->name, _(c->args));
		printf("%s.\n", _(c->summary));
		if (options && *options)
			printf("\n%s", options);
		return;
	}
}

const char *
cli_datadir(void)
{
	const char *p = getenv("DOUANE_DATADIR");

	return p && *p ? p : PKGDATADIR;
}
