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

#endif
