/* cli: the douane command.  main.c parses the global options and finds the
 * subcommand in the one table of commands (commands.c); each command lives
 * in its own cmd_*.c file and returns a sysexits status.  */
#ifndef DOUANE_CLI_H
#define DOUANE_CLI_H

#include <stdbool.h>

#include "diag.h"
#include "store.h"

struct vault;
struct vault_kdf;

struct cli {
	const char *vault;  /* --vault, or NULL: see cli_vault_path() */
	const char *user;   /* --user, or NULL */
	int passphrase_fd;  /* --passphrase-fd, or -1: ask on the terminal */
	bool quiet;         /* --quiet */
	const char *progname;
	struct vault *unlocked; /* the vault cli_open_store() unlocked */
};

struct cli_command {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
	const char *args;    /* synopsis of the arguments, for --help */
	const char *summary; /* N_() marked, one line */
};

extern const struct cli_command cli_commands[];

/* The vault path: --vault, else $DOUANE_VAULT, else
 * $XDG_DATA_HOME/douane/booth.vault (~/.local/share by default).
 * Returns a malloc'd string.  */
char *cli_vault_path(const struct cli *cli);

/* Read a passphrase: one line from --passphrase-fd, else from the
 * terminal without echo after PROMPT.  *PASS is guarded memory
 * (sodium_malloc) that the caller wipes with cli_passphrase_free().  */
/* Print S as a table cell WIDTH display columns wide (UTF-8 aware; a cut
 * cell ends with "~").  */
void cli_cell(const char *s, int width);
/* S (NULL as "") as a JSON string, or as a CSV field, on stdout: the one
 * encoder of every command's json and csv output.  */
void cli_json_string(const char *s);
void cli_csv_field(const char *s);

int cli_read_passphrase(struct cli *cli, const char *prompt, char **pass, size_t *len);
void cli_passphrase_free(char *pass);

/* Unlock the vault as --user (asked on the terminal when not given),
 * applying the delay that earlier failed attempts call for.  */
int cli_unlock(struct cli *cli, struct vault **out);

/* Unlock the vault and open its store; on failure print the reason and
 * return its status.  cli_close_store() closes both.  */
int cli_open_store(struct cli *cli, unsigned flags, struct store **out);
void cli_close_store(struct cli *cli, struct store *st);

/* "min", "interactive", "moderate" (the default), "sensitive".  */
const struct vault_kdf *cli_kdf_parse(const char *name);

/* Print "douane: FILE:LINE: reason" on stderr and return D's status.  */
int cli_report(const struct cli *cli, const struct diag *d);

/* Print "douane: MSG" (formatted) on stderr.  */
void cli_error(const struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Usage error for COMMAND: message, then a hint to --help; returns 64.  */
int cli_usage_error(const struct cli *cli, const char *command, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Print the help text of COMMAND with its OPTIONS text to stdout.  */
void cli_command_help(const struct cli *cli, const char *command, const char *options);

/* Where the bundled data lives: $DOUANE_DATADIR, else the installed path.  */
const char *cli_datadir(void);

int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_queue(struct cli *cli, int argc, char **argv);
int cmd_lists(struct cli *cli, int argc, char **argv);
int cmd_demo(struct cli *cli, int argc, char **argv);
int cmd_ui(struct cli *cli, int argc, char **argv);
int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_user(struct cli *cli, int argc, char **argv);
int cmd_verify(struct cli *cli, int argc, char **argv);
int cmd_shift(struct cli *cli, int argc, char **argv);
int cmd_inspect(struct cli *cli, int argc, char **argv);
int cmd_record(struct cli *cli, int argc, char **argv);
int cmd_events(struct cli *cli, int argc, char **argv);
int cmd_rules(struct cli *cli, int argc, char **argv);
int cmd_score(struct cli *cli, int argc, char **argv);
int cmd_explain(struct cli *cli, int argc, char **argv);
int cmd_override(struct cli *cli, int argc, char **argv);
int cmd_keys(struct cli *cli, int argc, char **argv);
int cmd_pack(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_ingest(struct cli *cli, int argc, char **argv);
int cmd_report(struct cli *cli, int argc, char **argv);
int cmd_countersign(struct cli *cli, int argc, char **argv);
/* douane import FILE.pack|FILE.ack...: packs and acks from HQ.  */
int cli_import_exchange(struct cli *cli, int argc, char **argv);
int cmd_screen(struct cli *cli, int argc, char **argv);
int cmd_match(struct cli *cli, int argc, char **argv);

/* Run the interface on the vault (used by ui and demo).  */
int cli_run_ui(struct cli *cli, const char *vault_path, const char *script, int lines,
	       int columns, unsigned idle_lock);

#endif
