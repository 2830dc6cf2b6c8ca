/* util: what every command shares: the vault path, reading passphrases,
 * unlocking the vault and opening its store, reporting errors the same way
 * everywhere.
 *
 * Passphrases come from the terminal (/dev/tty, echo off) or from the file
 * descriptor given with --passphrase-fd; never from argv or the
 * environment.  They are read a byte at a time into guarded memory
 * (sodium_malloc: locked, never swapped) and wiped as soon as the vault
 * has been opened.  */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <utf8proc.h>

#include <sodium.h>

#include "cli.h"
#include "i18n.h"
#include "vault.h"

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

int
cli_read_passphrase(struct cli *cli, const char *prompt, char **pass, size_t *len)
{
	enum { PASS_MAX = 1024 };
	struct termios old, quiet;
	bool from_tty = cli->passphrase_fd < 0, echo_off = false;
	int fd = cli->passphrase_fd;
	char *buf;
	size_t n = 0;
	ssize_t r;
	char c;

	*pass = NULL;
	*len = 0;
	if (from_tty && (fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)) < 0) {
		cli_error(cli, _("no terminal to ask for the passphrase; give it with "
				 "--passphrase-fd N"));
		return DIAG_USAGE;
	}
	/* Guarded, locked memory: never swapped, wiped when freed.  */
	if ((buf = sodium_malloc(PASS_MAX)) == NULL) {
		if (from_tty)
			close(fd);
		cli_error(cli, _("out of memory"));
		return DIAG_SOFTWARE;
	}
	if (from_tty) {
		/* The prompt is a courtesy: a failure to write it is no error.  */
		(void)!write(fd, prompt, strlen(prompt));
		if (tcgetattr(fd, &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
			quiet.c_lflag |= ICANON;
			echo_off = tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
		}
	}
	/* One byte at a time: nothing past the newline is consumed, and no
	 * stdio buffer keeps a copy.  */
	while ((r = read(fd, &c, 1)) == 1 || (r < 0 && errno == EINTR)) {
		if (r < 0)
			continue;
		if (c == '\n')
			break;
		if (n + 1 >= PASS_MAX) {
			n = PASS_MAX; /* too long: refused below */
			continue;
		}
		buf[n++] = c;
	}
	c = 0;
	if (echo_off) {
		tcsetattr(fd, TCSAFLUSH, &old);
		(void)!write(fd, "\n", 1);
	}
	if (from_tty)
		close(fd);
	if (n >= PASS_MAX) {
		sodium_free(buf);
		cli_error(cli, _("the passphrase is longer than %d bytes"), PASS_MAX - 1);
		return DIAG_USAGE;
	}
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	if (r < 0) {
		int err = errno;

		sodium_free(buf);
		cli_error(cli, _("cannot read the passphrase: %s"), strerror(err));
		return DIAG_IO;
	}
	if (n == 0) {
		sodium_free(buf);
		cli_error(cli, _("no passphrase given"));
		return DIAG_NOPERM;
	}
	buf[n] = '\0';
	*pass = buf;
	*len = n;
	return 0;
}

void
cli_passphrase_free(char *pass)
{
	/* sodium_free() wipes the whole allocation before releasing it.  */
	if (pass)
		sodium_free(pass);
}

/* The user id: --user, else asked on the terminal.  Returns a static
 * buffer or NULL.  */
static const char *
cli_user(struct cli *cli)
{
	static char user[128];
	FILE *tty;
	size_t n;

	if (cli->user)
		return cli->user;
	if ((tty = fopen("/dev/tty", "r+")) == NULL) {
		cli_error(cli, _("no user given: use --user ID"));
		return NULL;
	}
	fputs(_("User: "), tty);
	fflush(tty);
	if (fgets(user, sizeof user, tty) == NULL)
		user[0] = '\0';
	fclose(tty);
	n = strcspn(user, "\r\n");
	user[n] = '\0';
	if (n == 0) {
		cli_error(cli, _("no user given: use --user ID"));
		return NULL;
	}
	return user;
}

int
cli_unlock(struct cli *cli, struct vault **out)
{
	char *path = cli_vault_path(cli), *pass = NULL;
	const char *user;
	unsigned failed = 0, delay;
	size_t len;
	struct diag d;
	int rc;

	*out = NULL;
	diag_clear(&d);
	if (path == NULL) {
		cli_error(cli, _("out of memory"));
		return DIAG_SOFTWARE;
	}
	if ((user = cli_user(cli)) == NULL) {
		free(path);
		return DIAG_USAGE;
	}
	/* Earlier failures slow the next attempt down; reading the count
	 * also tells a missing or foreign file before a passphrase is asked. */
	if ((rc = vault_path_failed_attempts(path, &failed, &d)) != DIAG_OK) {
		if (rc == DIAG_NOINPUT)
			diag_set(&d, DIAG_NOINPUT, path, 0,
				 _("no such vault (create one with 'douane init' or "
				   "'douane demo')"));
		free(path);
		return cli_report(cli, &d);
	}
	if ((delay = vault_unlock_delay_ms(failed)) > 0) {
		struct timespec ts = {delay / 1000, (long)(delay % 1000) * 1000000L};

		if (!cli->quiet)
			fprintf(stderr, _("%s: %u failed attempts: waiting %u s\n"), cli->progname,
				failed, (delay + 999) / 1000);
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			;
	}
	if ((rc = cli_read_passphrase(cli, _("Passphrase: "), &pass, &len))) {
		free(path);
		return rc;
	}
	rc = vault_open(path, user, pass, len, out, &d);
	cli_passphrase_free(pass);
	free(path);
	if (rc != DIAG_OK)
		return cli_report(cli, &d);
	if ((failed = vault_failed_attempts(*out)) > 0)
		fprintf(stderr,
			P_("%s: warning: %u failed attempt to unlock since the last unlock\n",
			   "%s: warning: %u failed attempts to unlock since the last unlock\n",
			   failed),
			cli->progname, failed);
	return 0;
}

int
cli_open_store(struct cli *cli, unsigned flags, struct store **out)
{
	struct diag d;
	struct vault *v;
	int rc;

	*out = NULL;
	if ((rc = cli_unlock(cli, &v)))
		return rc;
	diag_clear(&d);
	if ((rc = store_open(out, v, flags, &d)) != DIAG_OK) {
		vault_close(v);
		return cli_report(cli, &d);
	}
	cli->unlocked = v;
	return 0;
}

void
cli_close_store(struct cli *cli, struct store *st)
{
	store_close(st);
	vault_close(cli->unlocked);
	cli->unlocked = NULL;
}

const struct vault_kdf *
cli_kdf_parse(const char *name)
{
	static const struct vault_kdf interactive = {crypto_pwhash_OPSLIMIT_INTERACTIVE,
						     crypto_pwhash_MEMLIMIT_INTERACTIVE};
	static const struct vault_kdf sensitive = {crypto_pwhash_OPSLIMIT_SENSITIVE,
						   crypto_pwhash_MEMLIMIT_SENSITIVE};

	if (strcmp(name, "moderate") == 0)
		return &vault_kdf_moderate;
	if (strcmp(name, "interactive") == 0)
		return &interactive;
	if (strcmp(name, "sensitive") == 0)
		return &sensitive;
	if (strcmp(name, "min") == 0)
		return &vault_kdf_fast;
	return NULL;
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

/* Print S in a table cell WIDTH terminal columns wide: cut at a character
 * boundary (never inside a UTF-8 sequence), counted in display columns
 * (a CJK character takes two, a combining mark none), padded with spaces.
 * A cut cell ends with "~" so the reader knows there is more.  */
void
cli_cell(const char *s, int width)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)(s ? s : "");
	int used = 0, total = 0;
	utf8proc_ssize_t n;
	utf8proc_int32_t c;

	/* The whole width first, to know whether it must be cut.  */
	for (const utf8proc_uint8_t *q = p; *q; q += n) {
		if ((n = utf8proc_iterate(q, -1, &c)) <= 0)
			break;
		total += utf8proc_charwidth(c);
	}
	for (; *p; p += n) {
		int w;

		if ((n = utf8proc_iterate(p, -1, &c)) <= 0)
			break; /* invalid UTF-8: stop rather than print half of it */
		w = utf8proc_charwidth(c);
		if (used + w > width - (total > width ? 1 : 0))
			break;
		fwrite(p, 1, (size_t)n, stdout);
		used += w;
	}
	if (total > width && used < width) {
		putchar('~');
		used++;
	}
	for (; used < width; used++)
		putchar(' ');
}

/* S (NULL as "") as a JSON string on stdout.  */
void
cli_json_string(const char *s)
{
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

/* S (NULL as "") as a CSV field on stdout, quoted when it must be.  */
void
cli_csv_field(const char *s)
{
	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\n\r") == NULL) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}
