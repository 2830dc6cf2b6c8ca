/* sync commands: douane keys, pack, export, ingest (and the pack and ack
 * half of douane import, in cmd_import.c).
 *
 * keys shows this vault's device key, exports it as a public key file,
 * enrols a booth's key at HQ, trusts HQ's key at a booth, lists them.
 * pack builds a booth's reference pack at HQ; export writes a booth's
 * unacknowledged events as one bundle; ingest verifies bundles at HQ,
 * stores their events and writes one ack per booth.  The work is in
 * src/core/sync.h; these only parse options and print results.  Every
 * refused file is reported with its reason and exits 65.
 */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "formats/envelope.h"
#include "i18n.h"
#include "sync.h"
#include "vault.h"

static void
warn_stderr(void *ctx, const char *msg)
{
	const struct cli *cli = ctx;

	fprintf(stderr, "%s: %s\n", cli->progname, msg);
}

/* --- keys ------------------------------------------------------------------------ */

static const char keys_options[] =
	N_("  (no verb)                  show this vault's device id and key\n"
	   "  export --out FILE          write this vault's public key file\n"
	   "  enrol FILE --booth ID [--crossing LOCODE]\n"
	   "                             at HQ: enrol a booth's public key (admin)\n"
	   "  trust FILE                 at a booth: trust HQ's public key (admin)\n"
	   "  list                       the keys this vault trusts or has enrolled\n"
	   "  -h, --help                 show this help and exit\n");

static enum diag_status
key_row(void *ctx, const struct store_sync_key *k)
{
	char id[17];

	(void)ctx;
	envelope_key_id(k->key, id);
	if (k->role == STORE_SYNC_HQ)
		printf("hq\t-\t%s\t%s\t-\n", k->device, id);
	else
		printf("booth\t%s\t%s\t%s\t%s\n", k->booth, k->device, id,
		       k->crossing[0] ? k->crossing : "-");
	return DIAG_OK;
}

int
cmd_keys(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"out", required_argument, NULL, 'o'},
		{"booth", required_argument, NULL, 'b'},
		{"crossing", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *out = NULL, *booth = NULL, *crossing = NULL, *verb, *file;
	char device[VAULT_DEVICE_ID_LEN + 1], id[17];
	struct store *st = NULL;
	struct diag d;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'b':
			booth = optarg;
			break;
		case 'c':
			crossing = optarg;
			break;
		case 'h':
			cli_command_help(cli, "keys", _(keys_options));
			return 0;
		default:
			return cli_usage_error(cli, "keys", _("bad option"));
		}
	}
	verb = optind < argc ? argv[optind] : "show";
	file = optind + 1 < argc ? argv[optind + 1] : NULL;
	if (optind + 2 < argc)
		return cli_usage_error(cli, "keys", _("unexpected argument '%s'"), argv[optind + 2]);
	if (strcmp(verb, "show") && strcmp(verb, "export") && strcmp(verb, "enrol") &&
	    strcmp(verb, "trust") && strcmp(verb, "list"))
		return cli_usage_error(cli, "keys", _("unknown verb '%s'"), verb);
	if (strcmp(verb, "export") == 0 && out == NULL)
		return cli_usage_error(cli, "keys", _("export needs --out FILE"));
	if ((strcmp(verb, "enrol") == 0 || strcmp(verb, "trust") == 0) && file == NULL)
		return cli_usage_error(cli, "keys", _("no key file given"));
	if (strcmp(verb, "enrol") == 0 && booth == NULL)
		return cli_usage_error(cli, "keys", _("enrol needs --booth ID"));
	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	diag_clear(&d);
	if (strcmp(verb, "show") == 0) {
		vault_device_id(cli->unlocked, device);
		envelope_key_id(vault_device_pk(cli->unlocked), id);
		int64_t waiting = 0;

		/* L10N: the device id, then the key's short id.  */
		printf(_("device %s\nkey id %s\n"), device, id);
		if (store_events_undelivered(st, &waiting, &d) != DIAG_OK)
			rc = cli_report(cli, &d);
		else
			/* L10N: how many events HQ has not acknowledged yet.  */
			printf(_("events not yet delivered to HQ: %" PRId64 "\n"), waiting);
	} else if (strcmp(verb, "export") == 0) {
		if (sync_key_export(cli->unlocked, out, &d) != DIAG_OK)
			rc = cli_report(cli, &d);
	} else if (strcmp(verb, "enrol") == 0) {
		if (sync_key_enrol(st, cli->unlocked, file, booth, crossing, &d) != DIAG_OK)
			rc = cli_report(cli, &d);
		else if (!cli->quiet)
			/* L10N: %s is a booth's name.  */
			printf(_("booth %s enrolled\n"), booth);
	} else if (strcmp(verb, "trust") == 0) {
		if (sync_key_trust(st, cli->unlocked, file, &d) != DIAG_OK)
			rc = cli_report(cli, &d);
		else if (!cli->quiet)
			printf("%s\n", _("HQ key trusted"));
	} else if (store_sync_keys(st, key_row, NULL, &d) != DIAG_OK) {
		rc = cli_report(cli, &d);
	}
	cli_close_store(cli, st);
	return rc;
}

/* --- pack ------------------------------------------------------------------------- */

static const char pack_options[] =
	N_("  --booth ID          the enrolled booth the pack is for (required)\n"
	   "  --out FILE          where to write the pack (required)\n"
	   "  --version N         its version (default: one more than the last)\n"
	   "  --manifest FILE     a manifest file to include (repeatable)\n"
	   "  --watchlist FILE    a watchlist file to include (repeatable)\n"
	   "  --rules FILE        a risk rules file to include\n"
	   "  --no-users          leave out the users' public keys\n"
	   "  -h, --help          show this help and exit\n");

int
cmd_pack(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"booth", required_argument, NULL, 'b'},
		{"out", required_argument, NULL, 'o'},
		{"version", required_argument, NULL, 'V'},
		{"manifest", required_argument, NULL, 'm'},
		{"watchlist", required_argument, NULL, 'w'},
		{"rules", required_argument, NULL, 'r'},
		{"no-users", no_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct sync_pack_member *m;
	const char *booth = NULL, *out = NULL;
	int64_t version = 0, written = 0;
	struct store *st = NULL;
	bool users = true;
	size_t n = 0;
	struct diag d;
	char *end;
	int c, rc = 0;

	if ((m = calloc((size_t)argc + 1, sizeof *m)) == NULL)
		return DIAG_SOFTWARE;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			booth = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'V':
			version = strtoll(optarg, &end, 10);
			if (*end || version < 1) {
				free(m);
				return cli_usage_error(cli, "pack", _("bad version '%s'"), optarg);
			}
			break;
		case 'm':
		case 'w':
		case 'r':
			m[n].type = c == 'm' ? "manifest" : c == 'w' ? "watchlist" : "rules";
			m[n++].path = optarg;
			break;
		case 'n':
			users = false;
			break;
		case 'h':
			free(m);
			cli_command_help(cli, "pack", _(pack_options));
			return 0;
		default:
			free(m);
			return cli_usage_error(cli, "pack", _("bad option"));
		}
	}
	if (booth == NULL || out == NULL || optind < argc) {
		free(m);
		return cli_usage_error(cli, "pack", _("pack needs --booth ID and --out FILE"));
	}
	if ((rc = cli_open_store(cli, 0, &st))) {
		free(m);
		return rc;
	}
	diag_clear(&d);
	if (sync_pack_build(st, cli->unlocked, booth, version, m, n, users, out, &written, &d) !=
	    DIAG_OK)
		rc = cli_report(cli, &d);
	else if (!cli->quiet)
		/* L10N: file, version, booth.  */
		printf(_("%s: pack version %" PRId64 " for %s\n"), out, written, booth);
	cli_close_store(cli, st);
	free(m);
	return rc;
}

/* --- export ------------------------------------------------------------------------ */

static const char export_options[] =
	N_("  --out DIR           the directory to write the bundle into (required)\n"
	   "  -h, --help          show this help and exit\n\n"
	   "Writes the events HQ has not acknowledged as DEVICE-FIRST-LAST.bundle.\n");

int
cmd_export(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"out", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct sync_export_result r;
	const char *dir = NULL;
	struct store *st = NULL;
	struct diag d;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			dir = optarg;
			break;
		case 'h':
			cli_command_help(cli, "export", _(export_options));
			return 0;
		default:
			return cli_usage_error(cli, "export", _("bad option"));
		}
	}
	if (dir == NULL || optind < argc)
		return cli_usage_error(cli, "export", _("export needs --out DIR"));
	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	diag_clear(&d);
	if (sync_export(st, cli->unlocked, dir, &r, &d) != DIAG_OK)
		rc = cli_report(cli, &d);
	else if (cli->quiet)
		;
	else if (r.last == 0)
		printf("%s\n", _("nothing to export: HQ has acknowledged every event"));
	else
		/* L10N: file, first and last event.  */
		printf(_("%s: events %" PRId64 " to %" PRId64 "\n"), r.path, r.first, r.last);
	cli_close_store(cli, st);
	return rc;
}

/* --- ingest -------------------------------------------------------------------------- */

static const char ingest_options[] =
	N_("  --acks DIR          where to write the acks (default: the current directory)\n"
	   "  -h, --help          show this help and exit\n\n"
	   "Verifies each bundle, stores its events once, and writes one signed ack\n"
	   "per booth.  A gap is reported and kept visible; a fork, an unknown booth\n"
	   "or any altered, cut short, misaddressed or replayed file is refused\n"
	   "(exit 65) and changes nothing.\n");

int
cmd_ingest(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"acks", required_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *acks = ".";
	struct store *st = NULL;
	char (*booths)[40] = NULL;
	size_t nbooths = 0;
	int c, rc = 0;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			acks = optarg;
			break;
		case 'h':
			cli_command_help(cli, "ingest", _(ingest_options));
			return 0;
		default:
			return cli_usage_error(cli, "ingest", _("bad option"));
		}
	}
	if (optind >= argc)
		return cli_usage_error(cli, "ingest", _("no file given"));
	if ((booths = calloc((size_t)argc, sizeof *booths)) == NULL)
		return DIAG_SOFTWARE;
	if ((rc = cli_open_store(cli, 0, &st))) {
		free(booths);
		return rc;
	}
	for (int i = optind; i < argc; i++) {
		struct sync_ingest_result r;
		struct diag d;
		enum diag_status status;
		size_t k;

		diag_clear(&d);
		status = sync_ingest(st, cli->unlocked, argv[i], &r, warn_stderr, cli, &d);
		if (status != DIAG_OK) {
			cli_report(cli, &d);
			if (rc == 0)
				rc = status;
			continue;
		}
		for (k = 0; k < nbooths && strcmp(booths[k], r.device) != 0; k++)
			;
		if (k == nbooths)
			snprintf(booths[nbooths++], sizeof booths[0], "%s", r.device);
		if (!cli->quiet)
			/* L10N: file, booth, first and last event, then counts.  */
			printf(_("%s: booth %s: events %" PRId64 " to %" PRId64 ": %" PRId64
				 " new, %" PRId64 " already held; held without a gap up to %" PRId64
				 "\n"),
			       argv[i], r.booth, r.first, r.last, r.added, r.held, r.head);
	}
	for (size_t k = 0; k < nbooths; k++) {
		char path[PATH_MAX];
		int64_t seq;
		struct diag d;

		diag_clear(&d);
		if (sync_ack_write(st, cli->unlocked, booths[k], acks, &seq, path, &d) != DIAG_OK) {
			cli_report(cli, &d);
			if (rc == 0)
				rc = d.status;
		} else if (seq > 0 && !cli->quiet) {
			/* L10N: the ack file, then the seq it acknowledges.  */
			printf(_("%s: ack up to event %" PRId64 "\n"), path, seq);
		}
	}
	cli_close_store(cli, st);
	free(booths);
	return rc;
}

/* --- import FILE.pack / FILE.ack ------------------------------------------------------ */

int
cli_import_exchange(struct cli *cli, int argc, char **argv)
{
	struct store *st = NULL;
	int rc = 0;

	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	for (int i = 0; i < argc; i++) {
		struct sync_import_result r;
		struct diag d;
		enum diag_status status;

		diag_clear(&d);
		status = sync_import(st, cli->unlocked, argv[i], &r, warn_stderr, cli, &d);
		if (status != DIAG_OK) {
			cli_report(cli, &d);
			if (rc == 0)
				rc = status;
			continue;
		}
		if (cli->quiet)
			continue;
		if (r.kind == ENVELOPE_ACK && r.older)
			/* L10N: file, then the seq it acknowledges.  */
			printf(_("%s: ack up to event %" PRId64 ": not newer, nothing changed\n"),
			       argv[i], r.serial);
		else if (r.kind == ENVELOPE_ACK)
			printf(_("%s: HQ holds events up to %" PRId64 ": marked delivered\n"), argv[i],
			       r.serial);
		else
			/* L10N: file, version, number of members.  */
			printf(_("%s: pack version %" PRId64 " applied, %" PRId64 " members\n"),
			       argv[i], r.serial, r.members);
	}
	cli_close_store(cli, st);
	return rc;
}
