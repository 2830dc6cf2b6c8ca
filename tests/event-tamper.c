/* event-tamper: for tests only.  Runs SQL on a vault's decrypted database
 * beneath the store, as an insider holding a passphrase could: it unlocks
 * the vault, opens the database through the vault's VFS, drops the
 * triggers that keep the event log append-only, and runs the SQL.  The
 * CLI tests use it to check that "douane verify" names the event a change
 * broke.  Usage: event-tamper VAULT USER SQL, passphrase on standard input.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "vault.h"

int
main(int argc, char **argv)
{
	char pass[256];
	struct vault *v = NULL;
	struct diag d;
	sqlite3 *db = NULL;
	char *err = NULL;
	int rc = 1;

	if (argc != 4 || fgets(pass, sizeof pass, stdin) == NULL) {
		fprintf(stderr, "usage: event-tamper VAULT USER SQL < passphrase\n");
		return 2;
	}
	pass[strcspn(pass, "\n")] = '\0';
	if (vault_open(argv[1], argv[2], pass, strlen(pass), &v, &d) != DIAG_OK) {
		fprintf(stderr, "event-tamper: %s\n", d.msg);
		return 1;
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, VAULT_VFS_NAME) != SQLITE_OK ||
	    sqlite3_exec(db,
			 "DROP TRIGGER IF EXISTS event_no_update;"
			 "DROP TRIGGER IF EXISTS event_no_delete;",
			 NULL, NULL, &err) != SQLITE_OK ||
	    sqlite3_exec(db, argv[3], NULL, NULL, &err) != SQLITE_OK)
		fprintf(stderr, "event-tamper: %s\n", err ? err : sqlite3_errmsg(db));
	else
		rc = 0;
	sqlite3_free(err);
	sqlite3_close(db);
	vault_close(v);
	return rc;
}
