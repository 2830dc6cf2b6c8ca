/* risk commands: douane rules (check, load, list, stats, settings, set),
 * douane score, douane explain and douane override.
 *
 * "rules check" needs no vault: a targeting analyst checks a file where it
 * is written.  Loading rules and changing settings is for admins; scoring,
 * explaining and overriding is for every user (an override needs a
 * reason).  */
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
#include "risk.h"
#include "rules.h"
#include "store.h"
#include "vault.h"

enum out_format { FMT_TABLE, FMT_CSV, FMT_JSON };

#define RULES_FILE_MAX (16 * 1024 * 1024)

static bool
parse_format(const char *s, enum out_format *f, bool csv)
{
	if (strcmp(s, "table") == 0 || strcmp(s, "text") == 0)
		*f = FMT_TABLE;
	else if (csv && strcmp(s, "csv") == 0)
		*f = FMT_CSV;
	else if (strcmp(s, "json") == 0)
		*f = FMT_JSON;
	else
		return false;
	return true;
}

/* Read FILE whole into *TEXT (malloc'd, NUL-terminated).  */
static int
read_file(struct cli *cli, const char *path, char **text, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, got;

	*text = NULL;
	if (f == NULL) {
		cli_error(cli, _("%s: cannot open: %s"), path, strerror(errno));
		return errno == ENOENT ? DIAG_NOINPUT : DIAG_IO;
	}
	do {
		if (n + 4096 + 1 > cap) {
			char *v;
			cap = cap ? 2 * cap : 65536;
			if (cap > RULES_FILE_MAX + 4096 || (v = realloc(buf, cap)) == NULL) {
				free(buf);
				fclose(f);
				cli_error(cli, _("%s: the file is too large for a rules file"), path);
				return DIAG_DATA;
			}
			buf = v;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		free(buf);
		fclose(f);
		cli_error(cli, _("%s: cannot read: %s"), path, strerror(errno));
		return DIAG_IO;
	}
	fclose(f);
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

static void
print_problems(const struct cli *cli, const char *file, const struct rule_problems *p)
{
	for (size_t i = 0; i < p->n; i++)
		fprintf(stderr, "%s: %s:%ld:%ld: %s\n", cli->progname, file, p->v[i].line,
			p->v[i].column, p->v[i].msg);
}

static bool
is_admin(const struct cli *cli)
{
	return cli->unlocked && vault_role(cli->unlocked) == VAULT_ROLE_ADMIN;
}

static const char rules_options[] =
	N_("Commands:\n"
	   "  check FILE         check a rules file and report every problem (no vault needed)\n"
	   "  load FILE          make FILE the rule set in force (admin only)\n"
	   "  list               the rules in force\n"
	   "  stats              how each rule performs: fired, inspected, findings, hit rate\n"
	   "  settings           the thresholds and random selection in force\n"
	   "  set KEY VALUE      change a setting (admin only): red, yellow (scores),\n"
	   "                     random-share, random-red (percentages)\n"
	   "\n"
	   "Options:\n"
	   "      --format FMT   table (default), csv (stats) or json (list, stats)\n"
	   "  -h, --help         show this help and exit\n");

static int
rules_check_or_load(struct cli *cli, const char *file, bool load)
{
	struct rule_problems probs = {NULL, 0};
	struct rule_set *rs = NULL;
	struct store *st = NULL;
	struct diag d;
	char *text;
	size_t len;
	int rc;

	if ((rc = read_file(cli, file, &text, &len)))
		return rc;
	diag_clear(&d);
	if (!load) {
		rc = rules_parse(text, len, file, &rs, &probs, &d);
		if (rc == DIAG_DATA) {
			print_problems(cli, file, &probs);
			cli_error(cli, P_("%s: %zu problem; the file cannot be loaded",
					  "%s: %zu problems; the file cannot be loaded", probs.n),
				  file, probs.n);
		} else if (rc)
			cli_report(cli, &d);
		else if (!cli->quiet)
			printf(P_("%s: %zu rule, no problem\n", "%s: %zu rules, no problem\n", rs->n),
			       file, rs->n);
		rule_set_free(rs);
		rule_problems_clear(&probs);
		free(text);
		return rc;
	}
	if ((rc = cli_open_store(cli, 0, &st))) {
		free(text);
		return rc;
	}
	if (!is_admin(cli)) {
		cli_error(cli, _("only an admin loads rules"));
		rc = DIAG_NOPERM;
		goto out;
	}
	rc = store_risk_rules_load(st, text, len, file, vault_user(cli->unlocked), &probs, &d);
	if (rc == DIAG_DATA && probs.n) {
		print_problems(cli, file, &probs);
		cli_error(cli, P_("%s: %zu problem; the rules in force are unchanged",
				  "%s: %zu problems; the rules in force are unchanged", probs.n),
			  file, probs.n);
	} else if (rc)
		cli_report(cli, &d);
	else if (!cli->quiet) {
		struct store_ruleset_info info;

		if (store_risk_rules_get(st, &rs, &info, &d) == DIAG_OK && rs)
			printf(P_("%s: %zu rule in force (%.16s); run 'douane score' to rescore\n",
				  "%s: %zu rules in force (%.16s); run 'douane score' to rescore\n",
				  rs->n),
			       file, rs->n, info.digest);
		rule_set_free(rs);
	}
out:
	rule_problems_clear(&probs);
	free(text);
	cli_close_store(cli, st);
	return rc;
}

static void
print_rule_lane(const struct rule *r, char *buf, size_t size)
{
	if (r->floor)
		snprintf(buf, size, _("floor %s"), subject_lane_name(r->floor));
	else
		snprintf(buf, size, "%+d", r->weight);
}

static int
rules_list(struct cli *cli, enum out_format fmt)
{
	struct store_ruleset_info info;
	struct rule_set *rs = NULL;
	struct store *st;
	struct diag d;
	int rc;

	if ((rc = cli_open_store(cli, STORE_READONLY, &st)))
		return rc;
	diag_clear(&d);
	if ((rc = store_risk_rules_get(st, &rs, &info, &d))) {
		rc = cli_report(cli, &d);
		goto out;
	}
	if (rs == NULL) {
		cli_error(cli, _("no rule set is in force: an admin loads one with "
				 "'douane rules load FILE'"));
		rc = DIAG_NOINPUT;
		goto out;
	}
	if (fmt == FMT_JSON) {
		printf("{\"digest\":\"%s\",\"loaded_at\":", info.digest);
		cli_json_string(info.loaded_at);
		printf(",\"loaded_by\":");
		cli_json_string(info.loaded_by);
		printf(",\"rules\":[");
	} else
		printf(_("Rule set %.16s, loaded %s by %s: %zu rules\n"), info.digest, info.loaded_at,
		       info.loaded_by, rs->n);
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->rules[i];
		char lane[64];

		print_rule_lane(r, lane, sizeof lane);
		if (fmt == FMT_JSON) {
			printf("%s{\"id\":", i ? ",\n" : "");
			cli_json_string(r->id);
			printf(",\"version\":%d,\"weight\":%d,\"floor\":\"%s\",\"valid_from\":\"%s\","
			       "\"valid_to\":\"%s\",\"reason\":",
			       r->version, r->weight, r->floor ? subject_lane_name(r->floor) : "",
			       r->valid_from, r->valid_to);
			cli_json_string(r->reason);
			printf(",\"instructions\":");
			cli_json_string(r->instructions);
			printf(",\"source\":");
			cli_json_string(r->source);
			printf(",\"when\":");
			cli_json_string(r->condition);
			putchar('}');
		} else
			printf("%-24s v%-3d %-11s %s..%s  %s\n", r->id, r->version, lane,
			       r->valid_from, r->valid_to, r->reason);
	}
	if (fmt == FMT_JSON)
		puts("]}");
out:
	rule_set_free(rs);
	cli_close_store(cli, st);
	return rc;
}

static int
rules_stats(struct cli *cli, enum out_format fmt)
{
	struct store_rule_stats *v = NULL;
	struct store *st;
	struct diag d;
	size_t n = 0;
	int rc;

	if ((rc = cli_open_store(cli, STORE_READONLY, &st)))
		return rc;
	diag_clear(&d);
	if ((rc = store_risk_stats(st, &v, &n, &d))) {
		rc = cli_report(cli, &d);
		goto out;
	}
	if (fmt == FMT_TABLE)
		/* L10N: column heads of douane rules stats; keep the widths.  */
		printf("%-24s %4s %9s %9s %9s %8s\n", _("rule"), _("ver"), _("fired"), _("inspected"),
		       _("findings"), _("hit rate"));
	else if (fmt == FMT_CSV)
		puts("rule,version,fired,inspected,findings,hit_rate");
	else
		fputs("[", stdout);
	for (size_t i = 0; i < n; i++) {
		char rate[32];

		if (v[i].hit_rate < 0)
			snprintf(rate, sizeof rate, fmt == FMT_JSON ? "null" : fmt == FMT_CSV ? "" : "-");
		else
			snprintf(rate, sizeof rate, "%.3f", v[i].hit_rate);
		if (fmt == FMT_TABLE)
			printf("%-24s %4d %9" PRId64 " %9" PRId64 " %9" PRId64 " %8s\n", v[i].rule_id,
			       v[i].version, v[i].fired, v[i].inspected, v[i].findings, rate);
		else if (fmt == FMT_CSV) {
			cli_csv_field(v[i].rule_id);
			printf(",%d,%" PRId64 ",%" PRId64 ",%" PRId64 ",%s\n", v[i].version, v[i].fired,
			       v[i].inspected, v[i].findings, rate);
		} else {
			printf("%s{\"rule\":", i ? ",\n" : "");
			cli_json_string(v[i].rule_id);
			printf(",\"version\":%d,\"fired\":%" PRId64 ",\"inspected\":%" PRId64
			       ",\"findings\":%" PRId64 ",\"hit_rate\":%s}",
			       v[i].version, v[i].fired, v[i].inspected, v[i].findings, rate);
		}
	}
	if (fmt == FMT_JSON)
		puts("]");
out:
	free(v);
	cli_close_store(cli, st);
	return rc;
}

static int
rules_settings(struct cli *cli, int argc, char **argv, bool set)
{
	struct risk_settings cfg;
	struct store *st;
	struct diag d;
	char buf[64];
	int rc;

	if ((rc = cli_open_store(cli, set ? 0 : STORE_READONLY, &st)))
		return rc;
	diag_clear(&d);
	if (set) {
		if (!is_admin(cli)) {
			cli_error(cli, _("only an admin changes the risk settings"));
			rc = DIAG_NOPERM;
			goto out;
		}
		if ((rc = store_risk_setting_set(st, argv[0], argv[1], &d))) {
			rc = cli_report(cli, &d);
			goto out;
		}
	}
	(void)argc;
	if ((rc = store_risk_settings_get(st, &cfg, &d))) {
		rc = cli_report(cli, &d);
		goto out;
	}
	for (size_t i = 0; risk_setting_names[i]; i++)
		printf("%-13s %s\n", risk_setting_names[i],
		       risk_setting_format(&cfg, risk_setting_names[i], buf, sizeof buf));
out:
	cli_close_store(cli, st);
	return rc;
}

int
cmd_rules(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	enum out_format fmt = FMT_TABLE;
	const char *sub;
	int c, nargs;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!parse_format(optarg, &fmt, true))
				return cli_usage_error(cli, "rules", _("unknown format '%s'"), optarg);
			break;
		case 'h':
			cli_command_help(cli, "rules", _(rules_options));
			return 0;
		default:
			return cli_usage_error(cli, "rules", _("bad option"));
		}
	}
	if (optind >= argc)
		return cli_usage_error(cli, "rules", _("which command: check, load, list, stats, "
						       "settings or set?"));
	sub = argv[optind++];
	nargs = argc - optind;
	if (strcmp(sub, "check") == 0 || strcmp(sub, "load") == 0) {
		if (nargs != 1)
			return cli_usage_error(cli, "rules", _("%s takes one FILE"), sub);
		return rules_check_or_load(cli, argv[optind], sub[0] == 'l');
	}
	if (strcmp(sub, "list") == 0 || strcmp(sub, "stats") == 0 || strcmp(sub, "settings") == 0) {
		if (nargs != 0)
			return cli_usage_error(cli, "rules", _("unexpected argument '%s'"),
					       argv[optind]);
		if (sub[1] == 'i') {
			if (fmt == FMT_CSV)
				return cli_usage_error(cli, "rules", _("list is a table or json"));
			return rules_list(cli, fmt);
		}
		if (sub[1] == 't' && sub[2] == 'a')
			return rules_stats(cli, fmt);
		return rules_settings(cli, 0, NULL, false);
	}
	if (strcmp(sub, "set") == 0) {
		struct risk_settings cfg;
		struct diag d;

		if (nargs != 2)
			return cli_usage_error(cli, "rules", _("set takes KEY VALUE"));
		/* A bad key or value is a usage error before any passphrase. */
		risk_settings_default(&cfg);
		diag_clear(&d);
		if (strcmp(argv[optind], "red") != 0 && strcmp(argv[optind], "yellow") != 0 &&
		    risk_setting_parse(&cfg, argv[optind], argv[optind + 1], &d))
			return cli_usage_error(cli, "rules", "%s", d.msg);
		return rules_settings(cli, 2, argv + optind, true);
	}
	return cli_usage_error(cli, "rules", _("unknown command '%s'"), sub);
}

/* --- score ------------------------------------------------------------------ */

static const char score_options[] =
	N_("Options:\n"
	   "      --all          rescore every subject, not only the new or changed\n"
	   "      --today DATE   the date (YYYY-MM-DD) for subjects without an arrival\n"
	   "  -h, --help         show this help and exit\n");

int
cmd_score(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"all", no_argument, NULL, 'a'},
		{"today", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct store_score_stats stats;
	const char *today = NULL;
	unsigned flags = 0;
	struct store *st;
	struct diag d;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			flags |= STORE_SCORE_ALL;
			break;
		case 't':
			if (strlen(optarg) != 10 || optarg[4] != '-' || optarg[7] != '-')
				return cli_usage_error(cli, "score", _("--today needs YYYY-MM-DD, not '%s'"),
						       optarg);
			today = optarg;
			break;
		case 'h':
			cli_command_help(cli, "score", _(score_options));
			return 0;
		default:
			return cli_usage_error(cli, "score", _("bad option"));
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, "score", _("unexpected argument '%s'"), argv[optind]);
	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	diag_clear(&d);
	if ((rc = store_risk_score(st, flags, today, &stats, &d)))
		rc = cli_report(cli, &d);
	else if (!cli->quiet)
		/* L10N: the summary of douane score.  */
		printf(_("%" PRId64 " subjects scored (%s): %" PRId64 " red, %" PRId64 " yellow, %" PRId64
			 " green; %" PRId64 " selected at random; %" PRId64 " kept by an override\n"),
		       stats.scored, stats.full ? _("all") : _("new or changed"), stats.lanes[LANE_RED],
		       stats.lanes[LANE_YELLOW], stats.lanes[LANE_GREEN], stats.random,
		       stats.overridden);
	if (rc == 0 && stats.budget_exceeded)
		cli_error(cli, _("warning: %" PRId64 " rule conditions ran out of steps and did not fire"),
			  stats.budget_exceeded);
	cli_close_store(cli, st);
	return rc;
}

/* --- explain ----------------------------------------------------------------- */

static const char explain_options[] =
	N_("Options:\n"
	   "      --format FMT   text (default) or json\n"
	   "  -h, --help         show this help and exit\n");

static void
explain_text(const char *ref, const struct store_explanation *ex)
{
	printf(_("%s: lane %s (%c), score %d\n"), ref, subject_lane_name(ex->lane),
	       subject_lane_letter(ex->lane), ex->score);
	if (!ex->scored) {
		puts(_("Not scored yet, or changed since: run 'douane score'."));
		if (ex->n == 0)
			return;
	}
	if (ex->ruleset.id)
		printf(_("Rule set %.16s, loaded %s by %s; red from %d, yellow from %d.\n"),
		       ex->ruleset.digest, ex->ruleset.loaded_at, ex->ruleset.loaded_by,
		       ex->settings.red, ex->settings.yellow);
	if (ex->n == 0)
		puts(_("No rule fired."));
	for (size_t i = 0; i < ex->n; i++) {
		const struct store_explain_item *it = &ex->v[i];

		putchar('\n');
		if (it->kind == RISK_CONTRIB_RANDOM) {
			printf(_("  %s  random selection\n"), subject_lane_name(it->lane));
			printf(_("        Reason: %g%% of green subjects are chosen at random as a "
				 "control group;\n        this one was drawn.\n"),
			       ex->settings.random_share);
			continue;
		}
		if (it->lane)
			printf(_("  floor %-6s %s v%d\n"), subject_lane_name(it->lane), it->rule_id,
			       it->version);
		else
			printf("  %+5d  %s v%d\n", it->points, it->rule_id, it->version);
		if (it->rule == NULL) {
			puts(_("        (this rule is no longer in the rule set)"));
			continue;
		}
		printf(_("        Reason: %s\n"), it->rule->reason);
		if (it->rule->instructions)
			printf(_("        Instructions: %s\n"), it->rule->instructions);
		if (it->rule->source)
			printf(_("        Source: %s\n"), it->rule->source);
		printf(_("        When: %s\n"), it->rule->condition);
	}
	if (ex->overridden)
		printf(_("\nOverride: lane %s by %s at %s: %s\n"), subject_lane_name(ex->override_lane),
		       ex->override_actor, ex->override_at, ex->override_reason);
}

static void
explain_json(const char *ref, const struct store_explanation *ex)
{
	printf("{\"ref\":");
	cli_json_string(ref);
	printf(",\"lane\":\"%s\",\"score\":%d,\"scored\":%s,\"ruleset\":\"%s\",\"contributions\":[",
	       subject_lane_name(ex->lane), ex->score, ex->scored ? "true" : "false",
	       ex->ruleset.digest);
	for (size_t i = 0; i < ex->n; i++) {
		const struct store_explain_item *it = &ex->v[i];

		printf("%s{\"kind\":\"%s\"", i ? "," : "",
		       it->kind == RISK_CONTRIB_RANDOM ? "random" : "rule");
		if (it->kind == RISK_CONTRIB_RULE) {
			printf(",\"rule\":");
			cli_json_string(it->rule_id);
			printf(",\"version\":%d", it->version);
		}
		printf(",\"points\":%d,\"lane\":\"%s\"", it->points,
		       it->lane ? subject_lane_name(it->lane) : "");
		if (it->rule) {
			printf(",\"reason\":");
			cli_json_string(it->rule->reason);
			printf(",\"instructions\":");
			cli_json_string(it->rule->instructions);
			printf(",\"source\":");
			cli_json_string(it->rule->source);
			printf(",\"when\":");
			cli_json_string(it->rule->condition);
		}
		putchar('}');
	}
	putchar(']');
	if (ex->overridden) {
		printf(",\"override\":{\"lane\":\"%s\",\"actor\":", subject_lane_name(ex->override_lane));
		cli_json_string(ex->override_actor);
		printf(",\"at\":");
		cli_json_string(ex->override_at);
		printf(",\"reason\":");
		cli_json_string(ex->override_reason);
		putchar('}');
	}
	puts("}");
}

static int
find_subject(struct cli *cli, struct store *st, const char *ref, int64_t *id)
{
	struct diag d;

	diag_clear(&d);
	if (store_subject_find(st, ref, id, &d))
		return cli_report(cli, &d);
	if (*id == 0) {
		cli_error(cli, _("no subject with reference '%s'"), ref);
		return DIAG_NOINPUT;
	}
	return 0;
}

int
cmd_explain(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	enum out_format fmt = FMT_TABLE;
	struct store_explanation ex;
	struct store *st;
	struct diag d;
	int64_t id;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!parse_format(optarg, &fmt, false))
				return cli_usage_error(cli, "explain", _("unknown format '%s'"), optarg);
			break;
		case 'h':
			cli_command_help(cli, "explain", _(explain_options));
			return 0;
		default:
			return cli_usage_error(cli, "explain", _("bad option"));
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, "explain", _("explain takes one REF"));
	if ((rc = cli_open_store(cli, STORE_READONLY, &st)))
		return rc;
	if ((rc = find_subject(cli, st, argv[optind], &id)))
		goto out;
	diag_clear(&d);
	if ((rc = store_risk_explain(st, id, &ex, &d))) {
		rc = cli_report(cli, &d);
		goto out;
	}
	if (fmt == FMT_JSON)
		explain_json(argv[optind], &ex);
	else
		explain_text(argv[optind], &ex);
	store_explanation_clear(&ex);
out:
	cli_close_store(cli, st);
	return rc;
}

/* --- override ------------------------------------------------------------------ */

static const char override_options[] =
	N_("Options:\n"
	   "      --lane LANE    red, yellow or green\n"
	   "      --reason TEXT  why (required; it is recorded with your user id)\n"
	   "  -h, --help         show this help and exit\n");

int
cmd_override(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"lane", required_argument, NULL, 'l'},
		{"reason", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	enum subject_lane lane = LANE_NONE;
	const char *reason = NULL, *p;
	char *payload = NULL;
	size_t plen = 0, pcap = 0;
	struct store *st;
	struct diag d;
	int64_t id, seq = 0;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			if (!risk_lane_parse(optarg, &lane))
				return cli_usage_error(cli, "override", _("unknown lane '%s'"), optarg);
			break;
		case 'r':
			reason = optarg;
			break;
		case 'h':
			cli_command_help(cli, "override", _(override_options));
			return 0;
		default:
			return cli_usage_error(cli, "override", _("bad option"));
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, "override", _("override takes one REF"));
	if (lane == LANE_NONE)
		return cli_usage_error(cli, "override", _("--lane is required"));
	for (p = reason; p && (*p == ' ' || *p == '\t'); p++)
		;
	if (p == NULL || *p == '\0')
		return cli_usage_error(cli, "override", _("a lane override needs a reason (--reason)"));
	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	if ((rc = find_subject(cli, st, argv[optind], &id)))
		goto out;
	/* The override is a signed event; the event log moves the lane.  */
	diag_clear(&d);
	if (json_put_raw(&payload, &plen, &pcap, "{\"lane\":") < 0 ||
	    json_put_string(&payload, &plen, &pcap, subject_lane_name(lane)) < 0 ||
	    json_put_raw(&payload, &plen, &pcap, ",\"reason\":") < 0 ||
	    json_put_string(&payload, &plen, &pcap, reason) < 0 ||
	    json_put_raw(&payload, &plen, &pcap, "}") < 0) {
		diag_set(&d, DIAG_SOFTWARE, NULL, 0, "%s", _("out of memory"));
		rc = cli_report(cli, &d);
	} else if (events_append(st, cli->unlocked, EVENT_LANE_OVERRIDE, argv[optind], payload,
				 &seq, &d) != DIAG_OK) {
		rc = cli_report(cli, &d);
	} else if (!cli->quiet) {
		/* L10N: "CN-0000012: lane red (event 42)".  */
		printf(_("%s: lane %s (event %" PRId64 ")\n"), argv[optind],
		       subject_lane_name(lane), seq);
	}
	free(payload);
out:
	cli_close_store(cli, st);
	return rc;
}
