/* report commands: douane report shift|rules|audit, douane countersign.
 *
 * What a supervisor (or HQ) reads without the interface: the figures of
 * src/core/report.h laid out as text (80 columns, headings, aligned
 * columns, ISO 8601 times: made to be printed), CSV (one table, a header
 * row) or JSON (one document).  The core refuses inspectors (77, "supervisors
 * only").  countersign signs a closed shift, or flags an inspection for
 * follow-up, as a countersign event.
 */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "events.h"
#include "i18n.h"
#include "report.h"
#include "subject.h"

enum fmt { FMT_TEXT, FMT_CSV, FMT_JSON };

static bool
parse_fmt(const char *s, enum fmt *f)
{
	if (strcmp(s, "text") == 0)
		*f = FMT_TEXT;
	else if (strcmp(s, "csv") == 0)
		*f = FMT_CSV;
	else if (strcmp(s, "json") == 0)
		*f = FMT_JSON;
	else
		return false;
	return true;
}

/* "12:30" (minutes:seconds), "2h05m" from an hour on, "-" when unknown. */
static const char *
duration(int64_t secs, char *buf, size_t size)
{
	if (secs < 0)
		snprintf(buf, size, "-");
	else if (secs < 3600)
		snprintf(buf, size, "%d:%02d", (int)(secs / 60), (int)(secs % 60));
	else
		snprintf(buf, size, "%dh%02dm", (int)(secs / 3600 % 100000), (int)(secs / 60 % 60));
	return buf;
}

static const char *
lane_word(int lane)
{
	return lane >= LANE_GREEN && lane <= LANE_RED ? subject_lane_name((enum subject_lane)lane)
						       : "-";
}

static void
rule(int width)
{
	for (int i = 0; i < width; i++)
		putchar('-');
	putchar('\n');
}

/* "Title ... printed TIME" on one line of 79 columns, then a rule.  */
static void
heading(const char *title)
{
	char now[EVENT_TIME_LEN + 1];
	char right[64];

	events_now(now);
	/* L10N: right side of a report's first line; %s is the time.  */
	snprintf(right, sizeof right, _("printed %s"), now);
	printf("%-*s%s\n", (int)(79 - strlen(right)), title, right);
	rule(79);
}

/* Print LABEL and TEXT wrapped at 79 columns after INDENT spaces; the
 * lines after the first indented two more.  */
static void
wrapped(int indent, const char *label, const char *text)
{
	int col = indent + (int)strlen(label);
	const char *p = text;

	printf("%*s%s", indent, "", label);
	while (*p == ' ' || *p == '\n')
		p++;
	while (*p) {
		int w = (int)strcspn(p, " \n");

		if (col > indent + 2 && col + 1 + w > 79) {
			printf("\n%*s", indent + 2, "");
			col = indent + 2;
		} else if (col > indent) {
			putchar(' ');
			col++;
		}
		printf("%.*s", w, p);
		col += w;
		p += w;
		while (*p == ' ' || *p == '\n')
			p++;
	}
	putchar('\n');
}

/* --- report shift ------------------------------------------------------- */

static const char *const summary_csv_head =
	"shift,crossing,inspector,opened,closed,inspected,red,yellow,green,no_lane,released,"
	"discrepancy_corrected,seizure,refused_entry,referred,detained,seizure_lines,overrides,"
	"median_seconds,red_uninspected,flags,countersign_seq,countersigned_by,countersigned_at";

static void
summary_csv(const struct report_shift *r)
{
	printf("%" PRId64 ",", r->id);
	cli_csv_field(r->crossing);
	putchar(',');
	cli_csv_field(r->actor);
	printf(",%s,%s,%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64, r->opened_at,
	       r->closed_at, r->inspected, r->by_lane[LANE_RED], r->by_lane[LANE_YELLOW],
	       r->by_lane[LANE_GREEN], r->by_lane[LANE_NONE]);
	for (int k = 0; k < REPORT_RESULTS; k++)
		printf(",%" PRId64, r->results[k]);
	printf(",%" PRId64 ",%" PRId64 ",", r->seizures, r->overrides);
	if (r->median_seconds >= 0)
		printf("%" PRId64, r->median_seconds);
	printf(",%" PRId64 ",%" PRId64 ",", r->red_uninspected, r->flags);
	if (r->countersign_seq)
		printf("%" PRId64, r->countersign_seq);
	putchar(',');
	cli_csv_field(r->countersign_by);
	printf(",%s\n", r->countersign_at);
}

static void
summary_json(const struct report_shift *r)
{
	printf("{\"shift\":%" PRId64 ",\"crossing\":", r->id);
	cli_json_string(r->crossing);
	fputs(",\"inspector\":", stdout);
	cli_json_string(r->actor);
	printf(",\"opened\":\"%s\",\"closed\":", r->opened_at);
	if (r->closed_at[0])
		printf("\"%s\"", r->closed_at);
	else
		fputs("null", stdout);
	printf(",\"inspected\":%" PRId64 ",\"by_lane\":{\"red\":%" PRId64 ",\"yellow\":%" PRId64
	       ",\"green\":%" PRId64 ",\"none\":%" PRId64 "},\"results\":{",
	       r->inspected, r->by_lane[LANE_RED], r->by_lane[LANE_YELLOW], r->by_lane[LANE_GREEN],
	       r->by_lane[LANE_NONE]);
	for (int k = 0; k < REPORT_RESULTS; k++)
		printf("%s\"%s\":%" PRId64, k ? "," : "", report_result_name((enum report_result)k),
		       r->results[k]);
	printf("},\"seizures\":%" PRId64 ",\"overrides\":%" PRId64 ",\"median_seconds\":",
	       r->seizures, r->overrides);
	if (r->median_seconds >= 0)
		printf("%" PRId64, r->median_seconds);
	else
		fputs("null", stdout);
	printf(",\"red_uninspected\":%" PRId64 ",\"flags\":%" PRId64 ",\"countersign\":",
	       r->red_uninspected, r->flags);
	if (r->countersign_seq) {
		printf("{\"seq\":%" PRId64 ",\"by\":", r->countersign_seq);
		cli_json_string(r->countersign_by);
		printf(",\"at\":\"%s\",\"note\":", r->countersign_at);
		cli_json_string(r->countersign_note);
		putchar('}');
	} else
		fputs("null", stdout);
	putchar('}');
}

static int
cmp_crossing(const void *a, const void *b)
{
	const struct report_shift *x = a, *y = b;
	int c = strcmp(x->crossing, y->crossing);

	if (c == 0)
		c = strcmp(x->actor, y->actor);
	if (c == 0)
		c = (x->id < y->id) - (x->id > y->id);
	return c;
}

static void
list_text(struct report_shift *v, size_t n)
{
	char med[16];

	heading(_("Shifts, by crossing and inspector"));
	if (n == 0)
		puts(_("No shifts recorded."));
	qsort(v, n, sizeof *v, cmp_crossing);
	for (size_t i = 0; i < n; i++) {
		const struct report_shift *r = &v[i];

		if (i == 0 || strcmp(r->crossing, v[i - 1].crossing) != 0) {
			printf("\n%s %s\n\n", _("Crossing"),
			       r->crossing[0] ? r->crossing : _("(none named)"));
			/* L10N: column heads of the shift list; keep the widths.  */
			printf("%6s  %-12s  %-20s  %-20s  %s\n", _("Shift"), _("Inspector"),
			       _("Opened"), _("Closed"), _("Countersigned"));
			printf("%6s  %9s  %4s %4s %4s  %6s  %9s  %6s  %8s\n", "", _("Inspected"),
			       _("Red"), _("Yel"), _("Grn"), _("Seized"), _("Overrides"), _("Median"),
			       _("Red left"));
			rule(79);
		}
		printf("%6" PRId64 "  %-12.12s  %-20s  %-20s  %s\n", r->id, r->actor, r->opened_at,
		       r->closed_at[0] ? r->closed_at : _("open"),
		       r->countersign_seq ? r->countersign_by : "-");
		printf("%6s  %9" PRId64 "  %4" PRId64 " %4" PRId64 " %4" PRId64 "  %6" PRId64
		       "  %9" PRId64 "  %6s  %8" PRId64 "\n",
		       "", r->inspected, r->by_lane[LANE_RED], r->by_lane[LANE_YELLOW],
		       r->by_lane[LANE_GREEN], r->seizures, r->overrides,
		       duration(r->median_seconds, med, sizeof med), r->red_uninspected);
	}
}

static void
detail_text(const struct report_shift *r, const struct report_item *it, size_t n)
{
	char title[128], med[16], line[160];
	size_t len = 0;

	/* L10N: %lld is the shift number.  */
	snprintf(title, sizeof title, _("Shift %lld"), (long long)r->id);
	heading(title);
	printf("%-22s %s\n", _("Inspector"), r->actor);
	printf("%-22s %s\n", _("Crossing"), r->crossing[0] ? r->crossing : "-");
	printf("%-22s %s\n", _("Opened"), r->opened_at);
	printf("%-22s %s\n", _("Closed"), r->closed_at[0] ? r->closed_at : _("still open"));
	if (r->countersign_seq) {
		/* L10N: "mlefevre at 2026-11-24T17:00:00Z (event 12)".  */
		printf("%-22s %s %s %s (%s %" PRId64 ")\n", _("Countersigned"), r->countersign_by,
		       _("at"), r->countersign_at, _("event"), r->countersign_seq);
		if (r->countersign_note[0])
			wrapped(23, "", r->countersign_note);
	} else
		printf("%-22s %s\n", _("Countersigned"), _("not yet"));
	putchar('\n');
	printf("%-22s %" PRId64 "  (%s %" PRId64 ", %s %" PRId64 ", %s %" PRId64 ", %s %" PRId64
	       ")\n",
	       _("Inspected"), r->inspected, _("red"), r->by_lane[LANE_RED], _("yellow"),
	       r->by_lane[LANE_YELLOW], _("green"), r->by_lane[LANE_GREEN], _("no lane"),
	       r->by_lane[LANE_NONE]);
	for (int k = 0; k < REPORT_RESULTS; k++)
		if (r->results[k])
			len += (size_t)snprintf(line + len, len < sizeof line ? sizeof line - len : 0,
						"%s%s %" PRId64, len ? ", " : "",
						report_result_name((enum report_result)k), r->results[k]);
	printf("%-22s %s\n", _("Results"), len ? line : "-");
	printf("%-22s %" PRId64 "\n", _("Seizure lines"), r->seizures);
	printf("%-22s %" PRId64 "\n", _("Lane overrides"), r->overrides);
	printf("%-22s %s\n", _("Median inspection"), duration(r->median_seconds, med, sizeof med));
	printf("%-22s %" PRId64 "\n", _("Red left uninspected"), r->red_uninspected);
	printf("%-22s %" PRId64 "\n", _("Flagged for follow-up"), r->flags);
	printf("\n%s\n\n", _("Inspections and overrides"));
	/* L10N: column heads of a shift's detail; keep the widths.  */
	printf("%6s  %-20s  %-12s  %-6s  %-21s %5s\n", _("Event"), _("Time"), _("Subject"),
	       _("Lane"), _("Result"), _("Took"));
	rule(79);
	if (n == 0)
		puts(_("Nothing recorded in this shift."));
	for (size_t i = 0; i < n; i++) {
		const struct report_item *x = &it[i];
		char what[64];

		if (x->kind == REPORT_ITEM_OVERRIDE)
			/* L10N: a lane override in a shift's detail: "override to red".  */
			snprintf(what, sizeof what, _("override to %s"), lane_word(x->lane));
		else
			snprintf(what, sizeof what, "%s", x->result[0] ? x->result : _("(no outcome)"));
		printf("%6" PRId64 "  %-20s  %-12.12s  %-6s  %-21.21s %5s\n", x->seq, x->at,
		       x->subject, x->kind == REPORT_ITEM_OVERRIDE ? "" : lane_word(x->lane), what,
		       duration(x->seconds, med, sizeof med));
		if (x->kind == REPORT_ITEM_INSPECTION && x->checks[0])
			wrapped(8, _("checks:"), x->checks);
		if (x->seizures)
			printf("%8s%s %" PRId64 "\n", "", _("seizure lines:"), x->seizures);
		if (x->text[0])
			wrapped(8, x->kind == REPORT_ITEM_OVERRIDE ? _("reason:") : _("notes:"),
				x->text);
		if (x->flag_seq)
			wrapped(8, _("FOLLOW-UP:"), x->flag_note);
	}
}

static void
items_csv(const struct report_item *it, size_t n)
{
	puts("kind,seq,at,subject,lane,result,started,ended,seconds,seizure_lines,checks,text,"
	     "flag_seq,flag_note");
	for (size_t i = 0; i < n; i++) {
		const struct report_item *x = &it[i];

		printf("%s,%" PRId64 ",%s,", x->kind == REPORT_ITEM_OVERRIDE ? "override" : "inspection",
		       x->seq, x->at);
		cli_csv_field(x->subject);
		printf(",%s,%s,%s,%s,", lane_word(x->lane), x->result, x->started_at, x->ended_at);
		if (x->seconds >= 0)
			printf("%" PRId64, x->seconds);
		printf(",%" PRId64 ",", x->seizures);
		cli_csv_field(x->checks);
		putchar(',');
		cli_csv_field(x->text);
		putchar(',');
		if (x->flag_seq)
			printf("%" PRId64, x->flag_seq);
		putchar(',');
		cli_csv_field(x->flag_note);
		putchar('\n');
	}
}

static void
items_json(const struct report_item *it, size_t n)
{
	fputs("[", stdout);
	for (size_t i = 0; i < n; i++) {
		const struct report_item *x = &it[i];

		printf("%s{\"kind\":\"%s\",\"seq\":%" PRId64 ",\"at\":\"%s\",\"subject\":",
		       i ? ",\n" : "", x->kind == REPORT_ITEM_OVERRIDE ? "override" : "inspection",
		       x->seq, x->at);
		cli_json_string(x->subject);
		printf(",\"lane\":\"%s\"", lane_word(x->lane));
		if (x->kind == REPORT_ITEM_INSPECTION) {
			fputs(",\"result\":", stdout);
			cli_json_string(x->result);
			printf(",\"started\":\"%s\",\"ended\":\"%s\",\"seconds\":", x->started_at,
			       x->ended_at);
			if (x->seconds >= 0)
				printf("%" PRId64, x->seconds);
			else
				fputs("null", stdout);
			printf(",\"seizure_lines\":%" PRId64 ",\"checks\":", x->seizures);
			cli_json_string(x->checks);
			fputs(",\"notes\":", stdout);
		} else
			fputs(",\"reason\":", stdout);
		cli_json_string(x->text);
		if (x->flag_seq) {
			printf(",\"follow_up\":{\"seq\":%" PRId64 ",\"note\":", x->flag_seq);
			cli_json_string(x->flag_note);
			putchar('}');
		}
		putchar('}');
	}
	fputs("]", stdout);
}

static int
report_shift_cmd(struct cli *cli, const char *arg, bool list, enum fmt fmt)
{
	struct report_shift *v = NULL, one;
	struct report_item *items = NULL;
	struct store *st;
	struct diag d;
	size_t n = 0, ni = 0;
	int64_t id = 0;
	char *end;
	int rc;

	if (!list) {
		id = strtoll(arg, &end, 10);
		if (*arg == '\0' || *end || id <= 0)
			return cli_usage_error(cli, "report", _("not a shift number: '%s'"), arg);
	}
	if ((rc = cli_open_store(cli, STORE_READONLY, &st)))
		return rc;
	diag_clear(&d);
	if (list) {
		if ((rc = report_shifts(st, cli->unlocked, &v, &n, &d)))
			goto fail;
		if (fmt == FMT_TEXT)
			list_text(v, n);
		else if (fmt == FMT_CSV) {
			puts(summary_csv_head);
			for (size_t i = 0; i < n; i++)
				summary_csv(&v[i]);
		} else {
			fputs("[", stdout);
			for (size_t i = 0; i < n; i++) {
				fputs(i ? ",\n" : "", stdout);
				summary_json(&v[i]);
			}
			puts("]");
		}
		goto out;
	}
	if ((rc = report_shift(st, cli->unlocked, id, &one, &d)) ||
	    (rc = report_shift_items(st, cli->unlocked, id, &items, &ni, &d)))
		goto fail;
	if (fmt == FMT_TEXT)
		detail_text(&one, items, ni);
	else if (fmt == FMT_CSV)
		items_csv(items, ni);
	else {
		fputs("{\"summary\":", stdout);
		summary_json(&one);
		fputs(",\"items\":", stdout);
		items_json(items, ni);
		puts("}");
	}
	goto out;
fail:
	rc = cli_report(cli, &d);
out:
	free(v);
	free(items);
	cli_close_store(cli, st);
	return rc;
}

/* --- report rules ------------------------------------------------------- */

static int
report_rules_cmd(struct cli *cli, const char *sort, enum fmt fmt)
{
	struct store_rule_stats *v = NULL;
	struct store *st;
	struct diag d;
	double control = -1;
	size_t n = 0;
	int rc;

	if ((rc = cli_open_store(cli, STORE_READONLY, &st)))
		return rc;
	diag_clear(&d);
	if ((rc = report_rules(st, cli->unlocked, sort, &v, &n, &d))) {
		rc = cli_report(cli, &d);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].rule_id, "random") == 0)
			control = v[i].hit_rate;
	if (fmt == FMT_TEXT) {
		char title[128];

		/* L10N: %s is the sort key (fired, hit-rate...).  */
		snprintf(title, sizeof title, _("Rule performance, by %s"), sort ? sort : "rule");
		heading(title);
		/* L10N: column heads of the rule report; keep the widths.  */
		printf("%-24s %4s %7s %9s %6s %8s %10s\n", _("Rule"), _("Ver"), _("Fired"),
		       _("Inspected"), _("Found"), _("Hit rate"), _("vs random"));
		rule(79);
	} else if (fmt == FMT_CSV)
		puts("rule,version,fired,inspected,found,hit_rate,vs_random");
	else
		fputs("{\"control_hit_rate\":", stdout);
	if (fmt == FMT_JSON) {
		if (control >= 0)
			printf("%.4f", control);
		else
			fputs("null", stdout);
		fputs(",\"rules\":[", stdout);
	}
	for (size_t i = 0; i < n; i++) {
		bool random = strcmp(v[i].rule_id, "random") == 0;
		char rate[32] = "", ratio[32] = "";

		if (v[i].hit_rate >= 0)
			snprintf(rate, sizeof rate, "%.4f", v[i].hit_rate);
		if (!random && v[i].hit_rate >= 0 && control > 0)
			snprintf(ratio, sizeof ratio, "%.2f", v[i].hit_rate / control);
		if (fmt == FMT_TEXT) {
			char name[72];

			snprintf(name, sizeof name, "%s", random ? _("random (control)") : v[i].rule_id);
			if (v[i].hit_rate >= 0)
				snprintf(rate, sizeof rate, "%.1f%%", 100 * v[i].hit_rate);
			if (ratio[0])
				snprintf(ratio + strlen(ratio), sizeof ratio - strlen(ratio), "x");
			printf("%-24.24s %4d %7" PRId64 " %9" PRId64 " %6" PRId64 " %8s %10s\n", name,
			       v[i].version, v[i].fired, v[i].inspected, v[i].findings,
			       rate[0] ? rate : "-", ratio[0] ? ratio : "-");
		} else if (fmt == FMT_CSV) {
			cli_csv_field(v[i].rule_id);
			printf(",%d,%" PRId64 ",%" PRId64 ",%" PRId64 ",%s,%s\n", v[i].version,
			       v[i].fired, v[i].inspected, v[i].findings, rate, ratio);
		} else {
			printf("%s{\"rule\":", i ? ",\n" : "");
			cli_json_string(v[i].rule_id);
			printf(",\"version\":%d,\"fired\":%" PRId64 ",\"inspected\":%" PRId64
			       ",\"found\":%" PRId64 ",\"hit_rate\":%s,\"vs_random\":%s}",
			       v[i].version, v[i].fired, v[i].inspected, v[i].findings,
			       rate[0] ? rate : "null", ratio[0] ? ratio : "null");
		}
	}
	if (fmt == FMT_JSON)
		puts("]}");
	else if (fmt == FMT_TEXT)
		printf("\n%s\n", _("Found: inspections with a seizure or a corrected discrepancy. "
				   "vs random: the\nhit rate over random selection's, the control."));
out:
	free(v);
	cli_close_store(cli, st);
	return rc;
}

/* --- report audit ------------------------------------------------------- */

static int
report_audit_cmd(struct cli *cli, enum fmt fmt, size_t limit)
{
	struct report_audit a;
	struct store *st;
	struct diag d;
	int rc;

	if ((rc = cli_open_store(cli, STORE_READONLY, &st)))
		return rc;
	diag_clear(&d);
	if ((rc = report_audit(st, cli->unlocked, limit, &a, &d))) {
		rc = cli_report(cli, &d);
		goto out;
	}
	if (fmt == FMT_TEXT) {
		heading(_("Audit"));
		if (a.chain_ok)
			printf("%-22s %" PRId64 " %s\n", _("Event log"), a.events,
			       _("events: chain and signatures verified"));
		else
			printf("%-22s %s %" PRId64 ": %s\n", _("Event log"), _("BROKEN at event"),
			       a.bad_seq, a.why);
		printf("%-22s %u\n", _("Failed unlocks"), a.failed_unlocks);
		printf("%-22s %" PRId64 "\n", _("Shifts countersigned"), a.countersigned);
		printf("%-22s %" PRId64 "\n", _("Follow-up flags"), a.flags);
		printf("%-22s %" PRId64 "\n", _("Lookups"), a.lookups);
		if (a.nlookup) {
			printf("\n%s\n\n", _("Lookups, newest first: who searched for whom"));
			printf("%6s  %-20s  %-12s  %s\n", _("Event"), _("Time"), _("Who"),
			       _("Searched for"));
			rule(79);
			for (size_t i = 0; i < a.nlookup; i++)
				printf("%6" PRId64 "  %-20s  %-12.12s  %.33s\n", a.lookup[i].seq,
				       a.lookup[i].at, a.lookup[i].actor, a.lookup[i].query);
		}
	} else if (fmt == FMT_CSV) {
		puts("seq,at,actor,query");
		for (size_t i = 0; i < a.nlookup; i++) {
			printf("%" PRId64 ",%s,", a.lookup[i].seq, a.lookup[i].at);
			cli_csv_field(a.lookup[i].actor);
			putchar(',');
			cli_csv_field(a.lookup[i].query);
			putchar('\n');
		}
	} else {
		printf("{\"chain_ok\":%s,\"events\":%" PRId64 ",\"bad_seq\":%" PRId64 ",\"why\":",
		       a.chain_ok ? "true" : "false", a.events, a.bad_seq);
		cli_json_string(a.why);
		printf(",\"failed_unlocks\":%u,\"countersigned\":%" PRId64 ",\"flags\":%" PRId64
		       ",\"lookups\":%" PRId64 ",\"recent_lookups\":[",
		       a.failed_unlocks, a.countersigned, a.flags, a.lookups);
		for (size_t i = 0; i < a.nlookup; i++) {
			printf("%s{\"seq\":%" PRId64 ",\"at\":\"%s\",\"actor\":", i ? "," : "",
			       a.lookup[i].seq, a.lookup[i].at);
			cli_json_string(a.lookup[i].actor);
			fputs(",\"query\":", stdout);
			cli_json_string(a.lookup[i].query);
			putchar('}');
		}
		puts("]}");
	}
	report_audit_clear(&a);
out:
	cli_close_store(cli, st);
	return rc;
}

/* --- report --------------------------------------------------------------- */

static const char report_options[] =
	N_("  shift ID        one shift: its figures, every inspection and override\n"
	   "  shift --list    every shift, by crossing and inspector\n"
	   "  rules           each rule's fired, inspected, found and hit rate, beside\n"
	   "                  random selection, the control\n"
	   "  audit           the event log's verification, failed unlocks, lookups\n"
	   "      --format F  text (default, 80 columns, for printing), csv or json\n"
	   "      --sort KEY  rules: rule (file order), fired, inspected, found, hit-rate\n"
	   "      --limit N   audit: list the N newest lookups (default 50)\n"
	   "  -h, --help      show this help and exit\n"
	   "Supervisors and admins only: an inspector is refused (exit 77).\n");

int
cmd_report(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"sort", required_argument, NULL, 's'},
		{"list", no_argument, NULL, 'l'},
		{"limit", required_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	enum fmt fmt = FMT_TEXT;
	const char *sort = NULL, *sub;
	bool list = false;
	long limit = 50;
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!parse_fmt(optarg, &fmt))
				return cli_usage_error(cli, "report", _("unknown format '%s'"), optarg);
			break;
		case 's':
			sort = optarg;
			break;
		case 'l':
			list = true;
			break;
		case 'n':
			limit = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end || limit < 0 || limit > 100000)
				return cli_usage_error(cli, "report", _("bad --limit '%s'"), optarg);
			break;
		case 'h':
			cli_command_help(cli, "report", _(report_options));
			return 0;
		default:
			return cli_usage_error(cli, "report", _("bad option"));
		}
	}
	if (optind >= argc)
		return cli_usage_error(cli, "report", _("which report: shift, rules or audit?"));
	sub = argv[optind++];
	if (strcmp(sub, "shift") == 0) {
		if (list ? optind != argc : optind + 1 != argc)
			return cli_usage_error(cli, "report", _("say shift ID or shift --list"));
		return report_shift_cmd(cli, list ? NULL : argv[optind], list, fmt);
	}
	if (optind != argc)
		return cli_usage_error(cli, "report", _("unexpected argument '%s'"), argv[optind]);
	if (strcmp(sub, "rules") == 0) {
		for (int i = 0; sort && report_rule_keys[i]; i++)
			if (strcmp(sort, report_rule_keys[i]) == 0)
				return report_rules_cmd(cli, sort, fmt);
		if (sort)
			return cli_usage_error(cli, "report", _("cannot sort by '%s'"), sort);
		return report_rules_cmd(cli, NULL, fmt);
	}
	if (strcmp(sub, "audit") == 0)
		return report_audit_cmd(cli, fmt, (size_t)limit);
	return cli_usage_error(cli, "report", _("unknown report '%s'"), sub);
}

/* --- countersign ------------------------------------------------------------ */

static const char countersign_options[] =
	N_("  SHIFT-ID               countersign a closed shift (a signed event)\n"
	   "      --note TEXT        with a note\n"
	   "      --flag INSPECTION  instead, flag inspection INSPECTION (its event number)\n"
	   "                         for follow-up; --note is then required\n"
	   "  -h, --help             show this help and exit\n"
	   "Supervisors and admins only (exit 77 otherwise).\n");

int
cmd_countersign(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"note", required_argument, NULL, 'n'},
		{"flag", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *note = NULL, *flag = NULL;
	struct store *st;
	struct diag d;
	int64_t id, seq = 0;
	char *end;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			note = optarg;
			break;
		case 'f':
			flag = optarg;
			break;
		case 'h':
			cli_command_help(cli, "countersign", _(countersign_options));
			return 0;
		default:
			return cli_usage_error(cli, "countersign", _("bad option"));
		}
	}
	if (flag ? optind != argc : optind + 1 != argc)
		return cli_usage_error(cli, "countersign",
				       flag ? _("--flag takes the inspection; nothing else")
					    : _("say which shift"));
	if (flag && (note == NULL || *note == '\0'))
		return cli_usage_error(cli, "countersign", _("a follow-up flag needs a --note"));
	id = strtoll(flag ? flag : argv[optind], &end, 10);
	if (*end || id <= 0)
		return cli_usage_error(cli, "countersign", _("not an event number: '%s'"),
				       flag ? flag : argv[optind]);
	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	diag_clear(&d);
	if (flag)
		rc = report_flag(st, cli->unlocked, id, note, &seq, &d);
	else
		rc = report_countersign(st, cli->unlocked, id, note, &seq, &d);
	if (rc)
		rc = cli_report(cli, &d);
	else if (!cli->quiet)
		/* L10N: "event 12: countersign"; %s is the event type.  */
		printf(_("event %" PRId64 ": %s\n"), seq, event_type_name(EVENT_COUNTERSIGN));
	cli_close_store(cli, st);
	return rc;
}
