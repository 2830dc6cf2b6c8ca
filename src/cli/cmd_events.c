/* event commands: douane shift, inspect, record, events.
 *
 * Each writes one signed event through events_append() (src/core/events.h)
 * as the unlocked user, or prints the log.  shift open|close bracket an
 * inspector's work; inspect REF says an inspection has started; record
 * REF writes its outcome, from options or from a JSON file (the outcome's
 * JSON form, outcome.h, optionally with a "subject" member standing for
 * REF).  A refused outcome names the field at fault and exits 65; with no
 * open shift, 77.  events prints the log, as a table or as JSON.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli.h"
#include "events.h"
#include "i18n.h"
#include "json.h"
#include "outcome.h"
#include "vault.h"

/* Append one event as the unlocked user and say which seq it got.  */
static int
append(struct cli *cli, struct store *st, enum event_type type, const char *subject,
       const char *payload)
{
	struct diag d;
	int64_t seq = 0;

	diag_clear(&d);
	if (events_append(st, cli->unlocked, type, subject, payload, &seq, &d) != DIAG_OK)
		return cli_report(cli, &d);
	if (!cli->quiet)
		/* L10N: "event 12: outcome recorded" style; %s is the event type.  */
		printf(_("event %" PRId64 ": %s\n"), seq, event_type_name(type));
	return 0;
}

/* --- shift ------------------------------------------------------------------ */

static const char shift_options[] =
	N_("  open [--crossing LOCODE]   open your shift (at the UN/LOCODE crossing)\n"
	   "  close                      close your open shift\n"
	   "  -h, --help                 show this help and exit\n");

int
cmd_shift(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"crossing", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *crossing = NULL;
	char *payload = NULL;
	size_t len = 0, cap = 0;
	struct store *st = NULL;
	enum event_type type;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			crossing = optarg;
			break;
		case 'h':
			cli_command_help(cli, "shift", _(shift_options));
			return 0;
		default:
			return cli_usage_error(cli, "shift", _("bad option"));
		}
	}
	if (optind >= argc)
		return cli_usage_error(cli, "shift", _("say open or close"));
	if (strcmp(argv[optind], "open") == 0)
		type = EVENT_SHIFT_OPEN;
	else if (strcmp(argv[optind], "close") == 0)
		type = EVENT_SHIFT_CLOSE;
	else
		return cli_usage_error(cli, "shift", _("unknown action '%s'"), argv[optind]);
	if (optind + 1 < argc)
		return cli_usage_error(cli, "shift", _("unexpected argument '%s'"),
				       argv[optind + 1]);
	if (crossing && type == EVENT_SHIFT_CLOSE)
		return cli_usage_error(cli, "shift", _("--crossing goes with open"));
	if (json_put_raw(&payload, &len, &cap, "{") != 0 ||
	    (crossing && (json_put_raw(&payload, &len, &cap, "\"crossing\":") != 0 ||
			  json_put_string(&payload, &len, &cap, crossing) != 0)) ||
	    json_put_raw(&payload, &len, &cap, "}") != 0) {
		free(payload);
		cli_error(cli, _("out of memory"));
		return DIAG_SOFTWARE;
	}
	if ((rc = cli_open_store(cli, 0, &st)) == 0) {
		rc = append(cli, st, type, NULL, payload);
		cli_close_store(cli, st);
	}
	free(payload);
	return rc;
}

/* --- inspect ------------------------------------------------------------------ */

static const char inspect_options[] = N_("  -h, --help   show this help and exit\n");

int
cmd_inspect(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct store *st = NULL;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			cli_command_help(cli, "inspect", _(inspect_options));
			return 0;
		default:
			return cli_usage_error(cli, "inspect", _("bad option"));
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error(cli, "inspect", _("give one subject reference"));
	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	rc = append(cli, st, EVENT_INSPECTION_START, argv[optind], NULL);
	cli_close_store(cli, st);
	return rc;
}

/* --- record ---------------------------------------------------------------------- */

static const char record_options[] =
	N_("Options:\n"
	   "      --result R        released, discrepancy-corrected, seizure,\n"
	   "                        refused-entry, referred or detained\n"
	   "      --check C[,C...]  checks done: documents, x-ray, scan, radiation,\n"
	   "                        dog, physical-partial, physical-full\n"
	   "      --seizure SPEC    one seizure line (repeat for more):\n"
	   "                        commodity=C,hs=H,qty=Q,unit=U,value=V,currency=CUR,\n"
	   "                        concealment=M,detection=D\n"
	   "      --notes TEXT      free notes\n"
	   "      --started TIME    when the inspection started (UTC,\n"
	   "                        YYYY-MM-DDTHH:MM:SSZ; default: 'douane inspect'\n"
	   "                        time, else now)\n"
	   "      --ended TIME      when it ended (default: now)\n"
	   "      --json FILE       the outcome as JSON (doc/formats.md); '-' for\n"
	   "                        standard input\n"
	   "  -h, --help            show this help and exit\n");

static char *
read_file(struct cli *cli, const char *path, size_t *len, int *rc)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	*rc = 0;
	if (f == NULL) {
		cli_error(cli, "%s: %s", path, strerror(errno));
		*rc = errno == ENOENT ? DIAG_NOINPUT : DIAG_IO;
		return NULL;
	}
	for (;;) {
		size_t got;

		if (n + 4096 > cap) {
			char *b;

			if (cap >= (1u << 20)) {
				cli_error(cli, _("%s: larger than 1 MiB"), path);
				*rc = DIAG_DATA;
				goto fail;
			}
			cap = cap ? cap * 2 : 8192;
			if ((b = realloc(buf, cap + 1)) == NULL) {
				cli_error(cli, _("out of memory"));
				*rc = DIAG_SOFTWARE;
				goto fail;
			}
			buf = b;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		cli_error(cli, "%s: %s", path, strerror(errno));
		*rc = DIAG_IO;
		goto fail;
	}
	if (f != stdin)
		fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
fail:
	if (f != stdin)
		fclose(f);
	free(buf);
	return NULL;
}

/* Split a comma list of checks into O.  */
static int
add_checks(struct cli *cli, struct outcome *o, const char *list)
{
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, ",");

		if (o->nchecks == OUTCOME_CHECKS_MAX)
			return cli_usage_error(cli, "record", _("too many checks"));
		if (n && (o->checks[o->nchecks++] = strndup(p, n)) == NULL) {
			cli_error(cli, _("out of memory"));
			return DIAG_SOFTWARE;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* Replace *DST with a copy of S.  */
static int
set_text(char **dst, const char *s)
{
	free(*dst);
	return (*dst = strdup(s)) ? 0 : -1;
}

int
cmd_record(struct cli *cli, int argc, char **argv)
{
	enum { OPT_RESULT = 256, OPT_CHECK, OPT_SEIZURE, OPT_NOTES, OPT_STARTED, OPT_ENDED,
	       OPT_JSON };
	static const struct option opts[] = {
		{"result", required_argument, NULL, OPT_RESULT},
		{"check", required_argument, NULL, OPT_CHECK},
		{"seizure", required_argument, NULL, OPT_SEIZURE},
		{"notes", required_argument, NULL, OPT_NOTES},
		{"started", required_argument, NULL, OPT_STARTED},
		{"ended", required_argument, NULL, OPT_ENDED},
		{"json", required_argument, NULL, OPT_JSON},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct outcome o;
	struct store *st = NULL;
	struct json *j = NULL;
	const char *json_file = NULL, *ref = NULL;
	char *text = NULL, *payload = NULL, *subject = NULL, now[EVENT_TIME_LEN + 1];
	bool options = false;
	struct diag d;
	int c, rc = 0;

	outcome_init(&o);
	diag_clear(&d);
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		options |= c != OPT_JSON && c != 'h';
		switch (c) {
		case OPT_RESULT:
			rc = set_text(&o.result, optarg);
			break;
		case OPT_CHECK:
			rc = add_checks(cli, &o, optarg);
			break;
		case OPT_SEIZURE:
			if (o.nseizures == OUTCOME_SEIZURES_MAX) {
				rc = cli_usage_error(cli, "record", _("too many seizures"));
				break;
			}
			if (outcome_seizure_parse(&o.seizures[o.nseizures++], optarg, &d) != DIAG_OK)
				rc = cli_usage_error(cli, "record", "%s", d.msg);
			break;
		case OPT_NOTES:
			rc = set_text(&o.notes, optarg);
			break;
		case OPT_STARTED:
			rc = set_text(&o.started, optarg);
			break;
		case OPT_ENDED:
			rc = set_text(&o.ended, optarg);
			break;
		case OPT_JSON:
			json_file = optarg;
			break;
		case 'h':
			cli_command_help(cli, "record", _(record_options));
			goto out;
		default:
			rc = cli_usage_error(cli, "record", _("bad option"));
		}
		if (rc)
			goto out;
	}
	if (json_file && options) {
		rc = cli_usage_error(cli, "record", _("--json replaces the other options"));
		goto out;
	}
	if (optind < argc)
		ref = argv[optind++];
	if (optind < argc) {
		rc = cli_usage_error(cli, "record", _("unexpected argument '%s'"), argv[optind]);
		goto out;
	}
	if (json_file) {
		char err[160];
		size_t len = 0;
		struct json **link;

		if ((text = read_file(cli, json_file, &len, &rc)) == NULL)
			goto out;
		if ((j = json_parse(text, len, err, sizeof err)) == NULL) {
			rc = diag_set(&d, DIAG_DATA, json_file, 0, _("not JSON: %s"), err);
			rc = cli_report(cli, &d);
			goto out;
		}
		/* A "subject" member stands for REF; the rest is the outcome. */
		for (link = j->type == JSON_OBJECT ? &j->child : NULL; link && *link;
		     link = &(*link)->next) {
			struct json *m = *link;

			if (strcmp(m->key, "subject") != 0)
				continue;
			if (m->type != JSON_STRING) {
				diag_set(&d, DIAG_DATA, json_file, 0, _("%s: %s"), "subject",
					 _("must be a string"));
				rc = cli_report(cli, &d);
				goto out;
			}
			subject = strdup(m->text);
			*link = m->next;
			m->next = NULL;
			json_free(m);
			break;
		}
		if (ref == NULL)
			ref = subject;
		if (outcome_from_json(&o, j, json_file, &d) != DIAG_OK) {
			rc = cli_report(cli, &d);
			goto out;
		}
	}
	if (ref == NULL) {
		rc = cli_usage_error(cli, "record", _("give the subject reference"));
		goto out;
	}
	if ((rc = cli_open_store(cli, 0, &st)))
		goto out;
	events_now(now);
	if (o.started == NULL) {
		char started[21];

		if (store_inspection_started(st, ref, vault_user(cli->unlocked), started, &d) !=
		    DIAG_OK) {
			rc = cli_report(cli, &d);
			goto out;
		}
		if (set_text(&o.started, started[0] ? started : now) != 0)
			goto oom;
	}
	if (o.ended == NULL && set_text(&o.ended, now) != 0)
		goto oom;
	if (outcome_validate(&o, json_file, &d) != DIAG_OK) {
		rc = cli_report(cli, &d);
		goto out;
	}
	if ((payload = outcome_to_json(&o)) == NULL)
		goto oom;
	rc = append(cli, st, EVENT_OUTCOME, ref, payload);
	goto out;
oom:
	cli_error(cli, _("out of memory"));
	rc = DIAG_SOFTWARE;
out:
	if (st)
		cli_close_store(cli, st);
	outcome_clear(&o);
	json_free(j);
	free(text);
	free(payload);
	free(subject);
	return rc;
}

/* --- events ------------------------------------------------------------------------ */

enum events_format { EVENTS_TABLE, EVENTS_JSON };

struct events_out {
	enum events_format fmt;
	int64_t n;
};

static void
put_hex(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		printf("%02x", p[i]);
}

static enum diag_status
events_print(void *ctx, const struct event *e)
{
	struct events_out *o = ctx;
	const char *type = event_type_name(e->type);

	if (o->fmt == EVENTS_TABLE) {
		printf("%6" PRId64 "  %-20s  %-12.12s  %-16s  %-16.16s  %.60s\n", e->seq, e->time,
		       e->actor, type ? type : "?", e->subject[0] ? e->subject : "-", e->payload);
	} else {
		printf("%s{\"seq\":%" PRId64 ",\"device\":", o->n ? ",\n" : "", e->seq);
		cli_json_string(e->device);
		fputs(",\"time\":", stdout);
		cli_json_string(e->time);
		fputs(",\"actor\":", stdout);
		cli_json_string(e->actor);
		fputs(",\"key\":\"", stdout);
		put_hex(e->key, sizeof e->key);
		fputs("\",\"type\":", stdout);
		cli_json_string(type ? type : "");
		fputs(",\"subject\":", stdout);
		cli_json_string(e->subject);
		/* The payload is canonical JSON already: embedded as it is. */
		printf(",\"payload\":%s,\"prev_hash\":\"", e->payload[0] ? e->payload : "null");
		put_hex(e->prev, sizeof e->prev);
		fputs("\",\"hash\":\"", stdout);
		put_hex(e->hash, sizeof e->hash);
		fputs("\",\"sig\":\"", stdout);
		put_hex(e->sig, sizeof e->sig);
		fputs("\"}", stdout);
	}
	o->n++;
	return DIAG_OK;
}

static const char events_options[] =
	N_("Options:\n"
	   "      --since N      only the events after event N\n"
	   "      --format FMT   table (default) or json\n"
	   "  -h, --help         show this help and exit\n");

int
cmd_events(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"since", required_argument, NULL, 's'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct events_out o = {EVENTS_TABLE, 0};
	struct store *st = NULL;
	long long since = 0;
	struct diag d;
	char *end;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			errno = 0;
			since = strtoll(optarg, &end, 10);
			if (errno || *end || end == optarg || since < 0)
				return cli_usage_error(cli, "events", _("bad event number '%s'"),
						       optarg);
			break;
		case 'f':
			if (strcmp(optarg, "table") == 0)
				o.fmt = EVENTS_TABLE;
			else if (strcmp(optarg, "json") == 0)
				o.fmt = EVENTS_JSON;
			else
				return cli_usage_error(cli, "events", _("unknown format '%s'"),
						       optarg);
			break;
		case 'h':
			cli_command_help(cli, "events", _(events_options));
			return 0;
		default:
			return cli_usage_error(cli, "events", _("bad option"));
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, "events", _("unexpected argument '%s'"), argv[optind]);
	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	if (o.fmt == EVENTS_TABLE)
		/* L10N: column headings of "douane events"; keep the widths.  */
		printf(_("%6s  %-20s  %-12s  %-16s  %-16s  %s\n"), _("SEQ"), _("TIME"), _("ACTOR"),
		       _("TYPE"), _("SUBJECT"), _("PAYLOAD"));
	else
		fputs("[", stdout);
	diag_clear(&d);
	rc = events_walk(st, since, events_print, &o, &d);
	if (o.fmt == EVENTS_JSON)
		puts("]");
	if (rc)
		rc = cli_report(cli, &d);
	cli_close_store(cli, st);
	return rc;
}
