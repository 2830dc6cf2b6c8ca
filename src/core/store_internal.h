/* store_internal: what store.c and store_schema.c share; not for other code. */
#ifndef DOUANE_STORE_INTERNAL_H
#define DOUANE_STORE_INTERNAL_H

#include <sqlite3.h>

#include "diag.h"

struct store_migration {
	int version;     /* user_version after it is applied */
	const char *sql; /* statements, run in one transaction with the others */
};

extern const struct store_migration store_migrations[];
extern const int store_migrations_len;

struct store;

/* For the store's own files (store_*.c), which split the store API by
 * subject: the connection, and the report of its last error for WHAT.  */
sqlite3 *store_sqlite(struct store *st);
enum diag_status store_db_error(struct store *st, struct diag *d, const char *what);

/* A prepared statement for SQL, kept for the store's life and reset for
 * reuse.  SQL must be a string with static storage: its address is the
 * key.  NULL (D set) on failure.  */
#define STORE_STMT_CACHE 64
sqlite3_stmt *store_stmt(struct store *st, const char *sql, struct diag *d);

#endif
