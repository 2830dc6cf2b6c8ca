/* commands: the one list of douane's subcommands.  --help, the man page's
 * synopsis and dispatch all come from it.  */
#include "config.h"

#include <stddef.h>

#include "cli.h"
#include "i18n.h"

const struct cli_command cli_commands[] = {
	{"demo", cmd_demo, N_("[--no-ui] [DIR]"),
	 N_("create a demo vault from the bundled demo data and open it")},
	{"import", cmd_import, N_("manifest|watchlist FILE..."),
	 N_("import manifests or watchlists into the vault")},
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
	{"verify", cmd_verify, "", N_("check every page of the vault and its integrity")},
	{"ui", cmd_ui, N_("[--script FILE] [--lines N] [--columns N]"),
	 N_("open the interface (the default)")},
	{NULL, NULL, NULL, NULL},
};
