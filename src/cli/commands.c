/* commands: the one list of douane's subcommands.  --help, the man page's
 * synopsis and dispatch all come from it.  */
#include "config.h"

#include <stddef.h>

#include "cli.h"
#include "i18n.h"

const struct cli_command cli_commands[] = {
	{"demo", cmd_demo, N_("[--no-ui] [DIR]"),
	 N_("create a demo vault from the bundled demo data and open it")},
	{"import", cmd_import, N_("manifest|watchlist FILE... | FILE.pack|FILE.ack..."),
	 N_("import manifests or watchlists, or HQ's packs and acks, into the vault")},
	{"lists", cmd_lists, N_("[--format table|json]"), N_("show the watchlists loaded")},
	{"init", cmd_init, N_("--user ID [--kdf LEVEL] [--hq-key FILE]"),
	 N_("create a vault with its first user, an admin")},
	{"match", cmd_match, N_("--pairs FILE.csv [--threshold T]"),
	 N_("score labelled pairs of names: precision, recall and F1")},
	{"queue", cmd_queue, N_("[--format table|csv|json] [--limit N] [--lane L] [--kind K]"),
	 N_("print the risk-ranked queue")},
	{"screen", cmd_screen,
	 N_("NAME [--dob DATE] [--country CC] [--kind K] [--limit N] [--format table|json] | "
	    "--all | --hits REF | --decide HIT_ID --confirm|--dismiss --reason TEXT"),
	 N_("screen a name, or the vault, against the watchlists")},
	{"user", cmd_user, N_("add|list|passwd|disable|enable|remove [ID] [--role ROLE]"),
	 N_("manage the users of the vault")},
	{"verify", cmd_verify, "",
	 N_("check every page of the vault, its integrity, and the signed event log")},
	{"shift", cmd_shift, N_("open [--crossing LOCODE] | close"),
	 N_("open or close your shift")},
	{"inspect", cmd_inspect, N_("REF"), N_("record that an inspection of REF has started")},
	{"record", cmd_record,
	 N_("REF --result R --check C[,C...] [--seizure SPEC]... [--notes TEXT] | "
	    "[REF] --json FILE"),
	 N_("record the outcome of an inspection, signed")},
	{"events", cmd_events, N_("[--since N] [--format table|json]"),
	 N_("print the signed event log")},
	{"rules", cmd_rules, N_("check|load|list|stats|settings|set [FILE|KEY VALUE]"),
	 N_("check, load and list risk rules; their performance; thresholds")},
	{"score", cmd_score, N_("[--all]"), N_("score the new or changed subjects by risk")},
	{"explain", cmd_explain, N_("[--format text|json] REF"),
	 N_("show every contribution to a subject's score, with its reason")},
	{"override", cmd_override, N_("REF --lane LANE --reason TEXT"),
	 N_("set a subject's lane by hand, with a reason")},
	{"keys", cmd_keys,
	 N_("[export --out FILE | enrol FILE --booth ID [--crossing LOCODE] | trust FILE | "
	    "list]"),
	 N_("show, export, enrol and trust the keys files are exchanged with")},
	{"pack", cmd_pack,
	 N_("--booth ID --out FILE [--version N] [--manifest F]... [--watchlist F]... "
	    "[--rules F]"),
	 N_("at HQ: build a signed reference pack for a booth")},
	{"export", cmd_export, N_("--out DIR"),
	 N_("write the events HQ has not acknowledged as one signed bundle")},
	{"ingest", cmd_ingest, N_("[--acks DIR] FILE..."),
	 N_("at HQ: verify and store booths' bundles, and write their acks")},
	{"report", cmd_report,
	 N_("shift ID|--list | rules [--sort KEY] | audit [--format text|csv|json]"),
	 N_("supervisors: shift reports, rule performance, audit figures")},
	{"countersign", cmd_countersign, N_("SHIFT-ID [--note TEXT] | --flag INSPECTION --note TEXT"),
	 N_("supervisors: countersign a shift, or flag an inspection for follow-up")},
	{"ui", cmd_ui, N_("[--script FILE] [--lines N] [--columns N]"),
	 N_("open the interface (the default)")},
	{NULL, NULL, NULL, NULL},
};
