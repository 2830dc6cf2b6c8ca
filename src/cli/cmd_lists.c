/* lists: douane lists — the watchlists loaded in the vault.
 *
 * One row per list (one per source: a newer version replaces the older):
 * its source key, name, publication date, the publisher's version, how
 * many entries it holds, the format it was read from and when it was
 * imported.  As a table for people, or as JSON (an array of objects with
 * those fields) for scripts.  There are a handful of lists, never many, so
 * the store's walk over them is printed as it comes.
 */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "i18n.h"

enum lists_format { LISTS_TABLE, LISTS_JSON };

struct lists_out {
	enum lists_format fmt;
	int64_t n;
};

static void
lists_json_string(const char *s)
{
	if (s == NULL) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

static const char *
dash(const char *s)
{
	return s && *s ? s : "-";
}

static enum diag_status
lists_print(void *ctx, const struct wl_list *l)
{
	struct lists_out *o = ctx;

	if (o->fmt == LISTS_TABLE) {
		printf("%-12.12s %-10.10s %-24.24s %7" PRId64 "  %-18.18s %-19.19s %s\n",
		       dash(l->source), dash(l->published), dash(l->version), l->entries,
		       dash(l->format), dash(l->imported_at), dash(l->name));
	} else {
		printf("%s{\"source\":", o->n ? ",\n" : "");
		lists_json_string(l->source);
		printf(",\"name\":");
		lists_json_string(l->name);
		printf(",\"publisher\":");
		lists_json_string(l->publisher);
		printf(",\"published\":");
		lists_json_string(l->published);
		printf(",\"version\":");
		lists_json_string(l->version);
		printf(",\"entries\":%" PRId64 ",\"format\":", l->entries);
		lists_json_string(l->format);
		printf(",\"imported_at\":");
		lists_json_string(l->imported_at);
		putchar('}');
	}
	o->n++;
	return DIAG_OK;
}

static const char lists_options[] = N_("Options:\n"
                                       "      --format FMT   table (default) or json\n"
                                       "  -h, --help         show this help and exit\n");

int
cmd_lists(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct lists_out o = {LISTS_TABLE, 0};
	struct store *st = NULL;
	struct diag d;
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "table") == 0)
				o.fmt = LISTS_TABLE;
			else if (strcmp(optarg, "json") == 0)
				o.fmt = LISTS_JSON;
			else
				return cli_usage_error(cli, "lists", _("unknown format '%s'"),
				                       optarg);
			break;
		case 'h':
			cli_command_help(cli, "lists", _(lists_options));
			return 0;
		default:
			return cli_usage_error(cli, "lists", _("bad option"));
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, "lists", _("unexpected argument '%s'"), argv[optind]);
	if ((rc = cli_open_store(cli, 0, &st)))
		return rc;
	if (o.fmt == LISTS_TABLE)
		/* L10N: column headings of "douane lists"; keep the widths.  */
		printf(_("%-12s %-10s %-24s %7s  %-18s %-19s %s\n"), _("SOURCE"), _("PUBLISHED"),
		       _("VERSION"), _("ENTRIES"), _("FORMAT"), _("IMPORTED"), _("NAME"));
	else
		fputs("[", stdout);
	diag_clear(&d);
	rc = store_watchlists(st, lists_print, &o, &d);
	if (o.fmt == LISTS_JSON)
		puts("]");
	if (rc)
		rc = cli_report(cli, &d);
	cli_close_store(cli, st);
	return rc;
}
