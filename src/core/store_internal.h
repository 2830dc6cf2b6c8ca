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

#endif
