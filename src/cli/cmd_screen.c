/* screen: douane screen NAME [--dob DATE] [--country CC] [--kind K] [--ident ID]
 *                     [--limit N] [--threshold T] [--format table|json]
 *         douane screen --all
 *         douane screen --hits REF
 *         douane screen --decide HIT_ID --confirm|--dismiss --reason TEXT
 *         douane match --pairs FILE.csv [--threshold T]
 *
 * One name against the watchlists of the vault, with each hit's
 * explanation; every subject of the vault; the hits stored for one
 * subject; an inspector's decision on a hit.  match scores labelled pairs
 * of names and ends with precision, recall and F1.  Every lookup of a
 * name is recorded as a signed lookup event (screen_lookup.h).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "events.h"
#include "i18n.h"
#include "json.h"
#include "name_pairs.h"
#include "screen.h"
#include "screen_explain.h"
#include "screen_lookup.h"
#include "screen_subjects.h"

enum out_format { OUT_TABLE, OUT_JSON };

static const char screen_options[] =
	N_("Options:\n"
	   "      --dob DATE        date of birth of the person screened (1962-08-04, 1962)\n"
	   "      --country CC      nationality or country, ISO 3166-1 alpha-2\n"
	   "      --kind K          person, company, vessel, vehicle or aircraft\n"
	   "      --ident ID        a passport, IMO or plate number, matched exactly\n"
	   "      --limit N         at most N hits (default 10)\n"
	   "      --threshold T     lowest score shown, 0 to 1 (default 0.78)\n"
	   "      --format FMT      table (default) or json\n"
	   "      --all             screen every party, traveller and vehicle of the vault\n"
	   "      --hits REF        show the hits stored for subject REF\n"
	   "      --decide HIT_ID   record a decision on hit HIT_ID, with --confirm or\n"
	   "                        --dismiss and --reason TEXT; a dismissed pair is not\n"
	   "                        raised again unless either side changes\n"
	   "  -h, --help            show this help and exit\n");

static const char match_options[] =
	N_("Options:\n"
	   "      --pairs FILE      labelled pairs: CSV with name1, name2 and is_match\n"
	   "                        columns (and schema), as OpenSanctions' name_bench\n"
	   "      --threshold T     score from which a pair is a match (default 0.78)\n"
	   "  -h, --help            show this help and exit\n");

static int
print_explain_line(void *ctx, const char *line)
{
	(void)ctx;
	printf("      %s\n", line);
	return 0;
}

static void
print_hit_table(const struct screen_index *ix, const struct screen_query *q,
		const struct screen_hit *h)
{
	struct screen_entry_view v;
	char *explain = screen_explain_json(ix, q, h);
	struct diag d;

	screen_entry_view(ix, h, &v);
	printf("%.2f  %-10s %-14s %-8s %s%s\n", h->score, v.source, v.ref[0] ? v.ref : "-",
	       wl_kind_name(v.kind), v.alias, v.weak ? _(" (weak alias)") : "");
	diag_clear(&d);
	if (explain == NULL || screen_explain_lines(explain, 0, print_explain_line, NULL, &d))
		printf("      %s\n", explain ? d.msg : _("out of memory"));
	free(explain);
}

static int
screen_name(struct cli *cli, struct store *st, const struct screen_query *q, double threshold,
	    size_t limit, enum out_format fmt)
{
	struct screen_index *ix = NULL;
	struct screen_hit *hits = NULL;
	size_t n = 0;
	struct diag d;
	int rc = 0;

	diag_clear(&d);
	if ((rc = store_screen_index(st, &ix, &d)))
		return cli_report(cli, &d);
	if ((hits = calloc(limit, sizeof *hits)) == NULL) {
		screen_index_free(ix);
		cli_error(cli, "%s", _("out of memory"));
		return DIAG_SOFTWARE;
	}
	if ((rc = screen_query_run(ix, q, threshold, hits, limit, &n, &d))) {
		rc = cli_report(cli, &d);
		goto out;
	}
	/* Who looked up whom, and when: a signed lookup event, before the
	 * results are shown.  */
	if ((rc = screen_lookup_record(st, cli->unlocked, q->name && q->name[0] ? q->name : q->ident,
				       n, NULL, &d))) {
		rc = cli_report(cli, &d);
		goto out;
	}
	if (fmt == OUT_JSON) {
		putchar('[');
		for (size_t i = 0; i < n; i++) {
			char *j = screen_explain_json(ix, q, &hits[i]);

			printf("%s%s", i ? ",\n" : "", j ? j : "{}");
			free(j);
		}
		puts("]");
	} else if (n == 0) {
		/* L10N: douane screen found nothing; %s is the threshold.  */
		printf(_("no hit at or above %.2f\n"), threshold);
	} else {
		/* L10N: column headings of douane screen; keep the widths.  */
		printf(_("%-5s %-10s %-14s %-8s %s\n"), _("SCORE"), _("LIST"), _("REF"), _("KIND"),
		       _("ALIAS MATCHED"));
		for (size_t i = 0; i < n; i++)
			print_hit_table(ix, q, &hits[i]);
	}
out:
	free(hits);
	screen_index_free(ix);
	return rc;
}

struct hits_out {
	enum out_format fmt;
	int n;
};

static int
print_stored_explain_line(void *ctx, const char *line)
{
	(void)ctx;
	printf("       %s\n", line);
	return 0;
}

static enum diag_status
print_stored_hit(void *ctx, const struct store_screen_hit *h)
{
	struct hits_out *o = ctx;
	static const char *const decisions[] = {N_("open"), N_("confirmed"), N_("dismissed")};
	const char *dec = h->decision >= 0 && h->decision <= 2 ? _(decisions[h->decision]) : "?";

	if (o->fmt == OUT_JSON) {
		printf("%s{\"id\":%" PRId64 ",\"role\":", o->n ? ",\n" : "", h->id);
		cli_json_string(h->role);
		printf(",\"name\":");
		cli_json_string(h->name);
		printf(",\"entry_id\":%" PRId64 ",\"list\":", h->entry_id);
		cli_json_string(h->list_source);
		printf(",\"score\":%.3f,\"alias\":", h->score);
		cli_json_string(h->alias);
		printf(",\"decision\":\"%s\",\"reason\":", decisions[h->decision % 3]);
		cli_json_string(h->reason);
		printf(",\"pair_key\":\"%s\",\"explain\":%s}", h->pair_key, h->explain);
	} else {
		printf("%-6" PRId64 " %.2f  %-10s %-10s ", h->id, h->score, dec, h->role);
		cli_cell(h->name, 24);
		printf(" %-10s %s\n", h->list_source ? h->list_source : "-", h->alias);
		struct diag d;

		diag_clear(&d);
		if (h->explain && screen_explain_lines(h->explain, 0, print_stored_explain_line, NULL, &d))
			printf("       %s\n", d.msg);
		if (h->reason)
			/* L10N: the inspector's reason for a decision on a hit.  */
			printf("       %s %s\n", _("decision:"), h->reason);
	}
	o->n++;
	return DIAG_OK;
}

static int
show_hits(struct cli *cli, struct store *st, const char *ref, enum out_format fmt)
{
	struct hits_out o = {fmt, 0};
	struct diag d;
	int64_t id = 0;
	int rc;

	diag_clear(&d);
	if ((rc = store_subject_find(st, ref, &id, &d)))
		return cli_report(cli, &d);
	if (id == 0) {
		cli_error(cli, _("no subject with reference '%s'"), ref);
		return DIAG_NOINPUT;
	}
	if (fmt == OUT_JSON)
		putchar('[');
	else
		/* L10N: column headings of douane screen --hits; keep the widths.  */
		printf(_("%-6s %-5s %-10s %-10s %-24s %-10s %s\n"), _("HIT"), _("SCORE"),
		       _("DECISION"), _("ROLE"), _("NAME"), _("LIST"), _("ALIAS MATCHED"));
	rc = store_screen_hits(st, id, print_stored_hit, &o, &d);
	if (fmt == OUT_JSON)
		puts("]");
	return rc ? cli_report(cli, &d) : 0;
}

static bool
parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

int
cmd_screen(struct cli *cli, int argc, char **argv)
{
	enum { O_DOB = 256, O_COUNTRY, O_KIND, O_IDENT, O_LIMIT, O_THRESHOLD, O_FORMAT, O_ALL,
	       O_HITS, O_DECIDE, O_CONFIRM, O_DISMISS, O_REASON };
	static const struct option opts[] = {
		{"dob", required_argument, NULL, O_DOB},
		{"country", required_argument, NULL, O_COUNTRY},
		{"kind", required_argument, NULL, O_KIND},
		{"ident", required_argument, NULL, O_IDENT},
		{"limit", required_argument, NULL, O_LIMIT},
		{"threshold", required_argument, NULL, O_THRESHOLD},
		{"format", required_argument, NULL, O_FORMAT},
		{"all", no_argument, NULL, O_ALL},
		{"hits", required_argument, NULL, O_HITS},
		{"decide", required_argument, NULL, O_DECIDE},
		{"confirm", no_argument, NULL, O_CONFIRM},
		{"dismiss", no_argument, NULL, O_DISMISS},
		{"reason", required_argument, NULL, O_REASON},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct screen_query q = {NULL, NULL, NULL, 0, NULL};
	enum out_format fmt = OUT_TABLE;
	double threshold = SCREEN_THRESHOLD, v;
	size_t limit = 10;
	bool all = false;
	const char *hits_ref = NULL, *reason = NULL;
	int64_t decide = 0;
	int decision = 0, c, rc;
	struct store *st = NULL;
	struct diag d;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case O_DOB:
			q.dob = optarg;
			break;
		case O_COUNTRY:
			if (strlen(optarg) != 2)
				return cli_usage_error(cli, "screen",
						       _("--country takes a two-letter code"));
			q.country = optarg;
			break;
		case O_KIND:
			if (!screen_kind_parse(optarg, &q.kind))
				return cli_usage_error(cli, "screen", _("unknown kind '%s'"),
						       optarg);
			break;
		case O_IDENT:
			q.ident = optarg;
			break;
		case O_LIMIT:
			if (!parse_double(optarg, 1, 1000, &v) || v != (double)(size_t)v)
				return cli_usage_error(cli, "screen",
						       _("--limit takes a number from 1 to 1000"));
			limit = (size_t)v;
			break;
		case O_THRESHOLD:
			if (!parse_double(optarg, 0, 1, &threshold))
				return cli_usage_error(cli, "screen",
						       _("--threshold takes a number from 0 to 1"));
			break;
		case O_FORMAT:
			if (strcmp(optarg, "table") == 0)
				fmt = OUT_TABLE;
			else if (strcmp(optarg, "json") == 0)
				fmt = OUT_JSON;
			else
				return cli_usage_error(cli, "screen", _("unknown format '%s'"),
						       optarg);
			break;
		case O_ALL:
			all = true;
			break;
		case O_HITS:
			hits_ref = optarg;
			break;
		case O_DECIDE:
			if (!parse_double(optarg, 1, 9e15, &v) || v != (double)(int64_t)v)
				return cli_usage_error(cli, "screen", _("bad hit id '%s'"), optarg);
			decide = (int64_t)v;
			break;
		case O_CONFIRM:
			decision = SCREEN_CONFIRMED;
			break;
		case O_DISMISS:
			decision = SCREEN_DISMISSED;
			break;
		case O_REASON:
			reason = optarg;
			break;
		case 'h':
			cli_command_help(cli, "screen", _(screen_options));
			return 0;
		default:
			return cli_usage_error(cli, "screen", _("bad option"));
		}
	}
	argc -= optind;
	argv += optind;
	if ((all || hits_ref || decide) && argc > 0)
		return cli_usage_error(cli, "screen", _("unexpected argument '%s'"), argv[0]);
	if ((all ? 1 : 0) + (hits_ref ? 1 : 0) + (decide ? 1 : 0) > 1)
		return cli_usage_error(cli, "screen",
				       _("--all, --hits and --decide go one at a time"));
	if (decide && (decision == 0 || reason == NULL || reason[0] == '\0'))
		return cli_usage_error(cli, "screen",
				       _("--decide needs --confirm or --dismiss, and --reason"));
	if (!decide && (decision || reason))
		return cli_usage_error(cli, "screen",
				       _("--confirm, --dismiss and --reason go with --decide"));
	if (!all && !hits_ref && !decide) {
		if (argc > 1)
			return cli_usage_error(cli, "screen",
					       _("one name at a time (quote a name with spaces)"));
		if (argc == 1)
			q.name = argv[0];
		if ((q.name == NULL || q.name[0] == '\0') && q.ident == NULL)
			return cli_usage_error(cli, "screen", _("no name to screen"));
	}
	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	diag_clear(&d);
	if (all) {
		struct screen_subjects_stats stats;

		if ((rc = screen_subjects_run(st, NULL, true, SCREEN_THRESHOLD, &stats, &d)))
			rc = cli_report(cli, &d);
		else if (!cli->quiet)
			/* L10N: summary of douane screen --all.  */
			printf(_("%" PRId64 " subjects screened, %" PRId64 " names, %" PRId64
				 " hits\n"),
			       stats.subjects, stats.names, stats.hits);
	} else if (hits_ref) {
		rc = show_hits(cli, st, hits_ref, fmt);
	} else if (decide) {
		/* A decision is a signed hit-decision event; the event log
		 * applies it to the hit.  */
		char ref[128], *payload = NULL;
		size_t plen = 0, pcap = 0;

		diag_clear(&d);
		if ((rc = store_screen_hit_ref(st, decide, ref, sizeof ref, &d)) == DIAG_OK) {
			char head[64];

			snprintf(head, sizeof head, "{\"hit\":%" PRId64 ",\"decision\":", decide);
			if (json_put_raw(&payload, &plen, &pcap, head) < 0 ||
			    json_put_string(&payload, &plen, &pcap,
					    decision == SCREEN_CONFIRMED ? "confirmed" : "dismissed") <
				    0 ||
			    json_put_raw(&payload, &plen, &pcap, ",\"reason\":") < 0 ||
			    json_put_string(&payload, &plen, &pcap, reason) < 0 ||
			    json_put_raw(&payload, &plen, &pcap, "}") < 0)
				rc = diag_set(&d, DIAG_SOFTWARE, NULL, 0, "%s", _("out of memory"));
			else
				rc = events_append(st, cli->unlocked, EVENT_HIT_DECISION, ref, payload,
						   NULL, &d);
		}
		free(payload);
		if (rc)
			rc = cli_report(cli, &d);
		else if (!cli->quiet)
			printf(decision == SCREEN_CONFIRMED ? _("hit %" PRId64 " confirmed\n")
							    : _("hit %" PRId64 " dismissed\n"),
			       decide);
	} else {
		rc = screen_name(cli, st, &q, threshold, limit, fmt);
	}
	cli_close_store(cli, st);
	return rc;
}

static int
print_pair(void *ctx, const struct name_pair *p, bool decision)
{
	(void)ctx;
	printf("%ld\t%.3f\t%s\t%s\t%s\t%s\n", p->line, p->score,
	       decision ? _("match") : _("no match"), p->is_match ? "true" : "false", p->name1,
	       p->name2);
	return 0;
}

int
cmd_match(struct cli *cli, int argc, char **argv)
{
	enum { O_PAIRS = 256, O_THRESHOLD };
	static const struct option opts[] = {
		{"pairs", required_argument, NULL, O_PAIRS},
		{"threshold", required_argument, NULL, O_THRESHOLD},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *pairs = NULL;
	double threshold = SCREEN_THRESHOLD;
	struct name_pairs_stats stats;
	struct diag d;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case O_PAIRS:
			pairs = optarg;
			break;
		case O_THRESHOLD:
			if (!parse_double(optarg, 0, 1, &threshold))
				return cli_usage_error(cli, "match",
						       _("--threshold takes a number from 0 to 1"));
			break;
		case 'h':
			cli_command_help(cli, "match", _(match_options));
			return 0;
		default:
			return cli_usage_error(cli, "match", _("bad option"));
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, "match", _("unexpected argument '%s'"), argv[optind]);
	if (pairs == NULL)
		return cli_usage_error(cli, "match", _("--pairs FILE is missing"));
	diag_clear(&d);
	/* L10N: column headings of douane match, tab-separated.  */
	printf("%s\n", _("LINE\tSCORE\tDECISION\tLABEL\tNAME1\tNAME2"));
	if (name_pairs_run(pairs, threshold, print_pair, NULL, &stats, &d))
		return cli_report(cli, &d);
	/* L10N: the last line of douane match.  */
	printf(_("%ld pairs at threshold %.2f: precision %.3f, recall %.3f, F1 %.3f\n"),
	       stats.pairs, threshold, stats.precision, stats.recall, stats.f1);
	return 0;
}
