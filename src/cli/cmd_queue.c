/* queue: douane queue — the risk-ranked queue as a table, CSV or JSON.
 * It pages through the store by key like the interface does, so printing a
 * queue of a million subjects needs no more memory than printing ten.  */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"

enum out_format { FMT_TABLE, FMT_CSV, FMT_JSON };

#define PAGE 256

static void
print_row(enum out_format fmt, const struct store_queue_row *r, bool first)
{
	const char *lane = subject_lane_name((enum subject_lane)r->key.lane);
	const char *kind = subject_kind_name(r->kind);
	const char *status = subject_status_name(r->status);

	switch (fmt) {
	case FMT_TABLE:
		printf("%c %5d  ", subject_lane_letter((enum subject_lane)r->key.lane),
		       r->key.score);
		cli_cell(r->ref, 12);
		putchar(' ');
		cli_cell(kind, 11);
		putchar(' ');
		cli_cell(r->party, 28);
		printf(" %-2s>%-2s ", r->origin, r->destination);
		cli_cell(r->hs_summary, 12);
		putchar(' ');
		/* The arrival to the minute (ISO 8601, ASCII).  */
		printf("%-16.16s %s\n", r->arrival, status);
		break;
	case FMT_CSV:
		printf("%s,%d,", lane, r->key.score);
		cli_csv_field(r->ref);
		printf(",%s,", kind);
		cli_csv_field(r->party);
		printf(",%s,%s,", r->origin, r->destination);
		cli_csv_field(r->hs_summary);
		printf(",%s,%s,%s\n", r->arrival, r->mode, status);
		break;
	case FMT_JSON:
		printf("%s{\"lane\":\"%s\",\"score\":%d,\"ref\":", first ? "" : ",\n", lane,
		       r->key.score);
		cli_json_string(r->ref);
		printf(",\"kind\":\"%s\",\"party\":", kind);
		cli_json_string(r->party);
		printf(",\"origin\":");
		cli_json_string(r->origin);
		printf(",\"destination\":");
		cli_json_string(r->destination);
		printf(",\"hs\":");
		cli_json_string(r->hs_summary);
		printf(",\"arrival\":");
		cli_json_string(r->arrival);
		printf(",\"mode\":");
		cli_json_string(r->mode);
		printf(",\"status\":\"%s\"}", status);
		break;
	}
}

static const char queue_options[] =
	N_("Options:\n"
	   "      --format FMT   table (default), csv or json\n"
	   "      --limit N      print at most N subjects\n"
	   "      --lane LANE    only red, yellow, green or none\n"
	   "      --kind KIND    only consignment, traveller or vehicle\n"
	   "  -h, --help         show this help and exit\n");

int
cmd_queue(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"limit", required_argument, NULL, 'l'},
		{"lane", required_argument, NULL, 'L'},
		{"kind", required_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	static const char *const lanes[] = {"none", "green", "yellow", "red"};
	enum out_format fmt = FMT_TABLE;
	struct store_queue_filter filter;
	struct store_queue_row *rows = NULL;
	struct store_queue_key key;
	struct store *st = NULL;
	struct diag d;
	int64_t limit = -1, printed = 0;
	int c, rc;
	char *end;

	store_queue_filter_init(&filter);
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "table") == 0)
				fmt = FMT_TABLE;
			else if (strcmp(optarg, "csv") == 0)
				fmt = FMT_CSV;
			else if (strcmp(optarg, "json") == 0)
				fmt = FMT_JSON;
			else
				return cli_usage_error(cli, "queue", _("unknown format '%s'"), optarg);
			break;
		case 'l':
			limit = strtoll(optarg, &end, 10);
			if (*optarg == '\0' || *end || limit < 0)
				return cli_usage_error(cli, "queue", _("--limit needs a number, not '%s'"),
						       optarg);
			break;
		case 'L':
			filter.lane = -1;
			for (int i = 0; i < 4; i++)
				if (strcmp(optarg, lanes[i]) == 0)
					filter.lane = i;
			if (filter.lane < 0)
				return cli_usage_error(cli, "queue", _("unknown lane '%s'"), optarg);
			break;
		case 'k': {
			enum subject_kind k;
			if (!subject_kind_parse(optarg, &k))
				return cli_usage_error(cli, "queue", _("unknown kind '%s'"), optarg);
			filter.kind = k;
			break;
		}
		case 'h':
			cli_command_help(cli, "queue", _(queue_options));
			return 0;
		default:
			return cli_usage_error(cli, "queue", _("bad option"));
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, "queue", _("unexpected argument '%s'"), argv[optind]);

	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	if ((rows = malloc(PAGE * sizeof *rows)) == NULL) {
		cli_close_store(cli, st);
		cli_error(cli, _("out of memory"));
		return DIAG_SOFTWARE;
	}
	if (fmt == FMT_CSV)
		puts("lane,score,ref,kind,party,origin,destination,hs,arrival,mode,status");
	else if (fmt == FMT_JSON)
		fputs("[", stdout);
	diag_clear(&d);
	for (bool first_page = true;; first_page = false) {
		size_t n, want = PAGE;

		if (limit >= 0 && limit - printed < PAGE)
			want = (size_t)(limit - printed);
		if (want == 0)
			break;
		if ((rc = store_queue_page(st, &filter, first_page ? NULL : &key, STORE_FORWARD,
					   rows, want, &n, &d))) {
			rc = cli_report(cli, &d);
			break;
		}
		for (size_t i = 0; i < n; i++)
			print_row(fmt, &rows[i], printed + (int64_t)i == 0);
		printed += (int64_t)n;
		if (n < want)
			break;
		key = rows[n - 1].key;
	}
	if (fmt == FMT_JSON)
		puts("]");
	free(rows);
	cli_close_store(cli, st);
	if (rc == 0 && fflush(stdout) != 0) {
		cli_error(cli, _("writing the output failed"));
		rc = DIAG_IO;
	}
	return rc;
}
