/* store: schema, migrations, transactions and the queries the rest of douane
 * uses (see store.h).
 *
 * store_open() is the one place the database is opened, always through
 * the vault's encrypting VFS (vault_vfs.h) on a vault already unlocked.  It
 * sets the connection up the way every later part relies on: WAL journal,
 * full sync on commit (an inspector's record must survive a power cut),
 * foreign keys on, temporary data kept in memory and never on disk (the VFS
 * refuses temporary files anyway), no memory-mapped I/O.
 *
 * Statements are prepared once per connection and kept in a small cache
 * indexed by enum stmt_id; each use resets and clears its bindings.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "i18n.h"
#include "store.h"
#include "store_internal.h"
#include "vault.h"

enum stmt_id {
	ST_SOURCE_FIND,
	ST_SOURCE_ADD,
	ST_SOURCE_COUNT,
	ST_SUBJECT_FIND,
	ST_SUBJECT_DELETE,
	ST_SUBJECT_INSERT,
	ST_PARTY_INSERT,
	ST_ITEM_INSERT,
	ST_CONTAINER_INSERT,
	ST_ROUTE_INSERT,
	ST_SUBJECT_GET,
	ST_PARTY_GET,
	ST_ITEM_GET,
	ST_CONTAINER_GET,
	ST_ROUTE_GET,
	ST_FINDING_INSERT,
	ST_FINDING_GET,
	ST_WL_FIND_DIGEST,
	ST_WL_FIND_SOURCE,
	ST_WL_DELETE,
	ST_WL_INSERT,
	ST_WL_FINISH,
	ST_WL_ALL,
	ST_WLE_INSERT,
	ST_WLN_INSERT,
	ST_WLA_INSERT,
	ST_WLI_INSERT,
	ST_WLE_GET,
	ST_WLN_GET,
	ST_WLA_GET,
	ST_WLI_GET,
	ST__COUNT
};

static const char *const stmt_sql[ST__COUNT] = {
	[ST_SOURCE_FIND] = "SELECT id FROM source WHERE digest = ?1",
	[ST_SOURCE_ADD] = "INSERT INTO source (path, digest, format, imported_at) "
			  "VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
	[ST_SOURCE_COUNT] = "UPDATE source SET records = ?2 WHERE id = ?1",
	[ST_SUBJECT_FIND] = "SELECT id FROM subject WHERE ref = ?1",
	[ST_SUBJECT_DELETE] = "DELETE FROM subject WHERE id = ?1",
	[ST_SUBJECT_INSERT] =
		"INSERT INTO subject (ref, kind, source_id, mode, arrival, crossing, lane, score, "
		"status, conveyance, conveyance_nationality, name, birth_date, nationality, "
		"doc_type, doc_number, doc_country, plate, plate_country, party, origin, "
		"destination, hs_summary) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
		"?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
	[ST_PARTY_INSERT] = "INSERT INTO party (subject_id, seq, role, name, country, address, "
			    "ident) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ST_ITEM_INSERT] = "INSERT INTO goods_item (subject_id, seq, hs_code, description, "
			   "origin, packages, package_kind, gross_mass, net_mass, value, "
			   "currency) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[ST_CONTAINER_INSERT] = "INSERT INTO container (subject_id, seq, number, seal) "
				"VALUES (?1, ?2, ?3, ?4)",
	[ST_ROUTE_INSERT] = "INSERT INTO route (subject_id, seq, country) VALUES (?1, ?2, ?3)",
	[ST_SUBJECT_GET] = "SELECT ref, kind, mode, arrival, crossing, lane, score, status, "
			   "conveyance, conveyance_nationality, name, birth_date, nationality, "
			   "doc_type, doc_number, doc_country, plate, plate_country "
			   "FROM subject WHERE id = ?1",
	[ST_PARTY_GET] = "SELECT role, name, country, address, ident FROM party "
			 "WHERE subject_id = ?1 ORDER BY seq",
	[ST_ITEM_GET] = "SELECT seq, hs_code, description, origin, packages, package_kind, "
			"gross_mass, net_mass, value, currency FROM goods_item "
			"WHERE subject_id = ?1 ORDER BY seq",
	[ST_CONTAINER_GET] = "SELECT number, seal FROM container WHERE subject_id = ?1 "
			     "ORDER BY seq",
	[ST_ROUTE_GET] = "SELECT country FROM route WHERE subject_id = ?1 ORDER BY seq",
	[ST_FINDING_INSERT] = "INSERT INTO finding (subject_id, seq, code, detail) "
			      "VALUES (?1, ?2, ?3, ?4)",
	[ST_FINDING_GET] = "SELECT code, detail FROM finding WHERE subject_id = ?1 ORDER BY seq",
	[ST_WL_FIND_DIGEST] = "SELECT id FROM watchlist WHERE digest = ?1",
	[ST_WL_FIND_SOURCE] = "SELECT id, published FROM watchlist WHERE source = ?1",
	[ST_WL_DELETE] = "DELETE FROM watchlist WHERE id = ?1",
	[ST_WL_INSERT] = "INSERT INTO watchlist (source, name, publisher, published, version, "
			 "format, digest, imported_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
			 "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
	[ST_WL_FINISH] = "UPDATE watchlist SET entries = ?2 WHERE id = ?1",
	[ST_WL_ALL] = "SELECT id, source, name, publisher, published, version, format, entries, "
		      "imported_at FROM watchlist ORDER BY source",
	[ST_WLE_INSERT] = "INSERT INTO wl_entry (list_id, ref, kind, programme, reason, "
			  "listed_on, valid_until, remarks) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[ST_WLN_INSERT] = "INSERT INTO wl_name (entry_id, seq, name, type, weak) "
			  "VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_WLA_INSERT] = "INSERT INTO wl_attr (entry_id, attr, seq, value) VALUES (?1, ?2, ?3, ?4)",
	[ST_WLI_INSERT] = "INSERT INTO wl_ident (entry_id, seq, type, number, country, note) "
			  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_WLE_GET] = "SELECT list_id, ref, kind, programme, reason, listed_on, valid_until, "
		       "remarks FROM wl_entry WHERE id = ?1",
	[ST_WLN_GET] = "SELECT name, type, weak FROM wl_name WHERE entry_id = ?1 ORDER BY seq",
	[ST_WLA_GET] = "SELECT attr, value FROM wl_attr WHERE entry_id = ?1 ORDER BY attr, seq",
	[ST_WLI_GET] = "SELECT type, number, country, note FROM wl_ident WHERE entry_id = ?1 "
		       "ORDER BY seq",
};

struct store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *stmt[ST__COUNT];
	/* store_stmt(): statements of the store's other files, by SQL.  */
	struct {
		const char *sql;
		sqlite3_stmt *stmt;
	} cached[STORE_STMT_CACHE];
	/* Transactions begun inside a caller's (savepoints); see store_begin. */
	int nested;
	/* The page cache between bulk writes, in KiB: SQLite's 2 MiB, or 32
	 * MiB for the interface (STORE_INTERACTIVE).  */
	int cache_kib;
};

/* Report the connection's last error for WHAT.  Corruption and "not a
 * database" are bad data (65); everything else from SQLite is I/O (74).  */
static enum diag_status
db_error(struct store *st, struct diag *d, const char *what)
{
	int rc = sqlite3_extended_errcode(st->db) & 0xff;
	enum diag_status status = DIAG_IO;

	if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) {
		uint32_t page = vault_vfs_bad_page(st->db);

		if (page)
			/* L10N: a page of the vault failed its authentication.  */
			return diag_set(d, DIAG_DATA, st->path, 0,
					_("vault damaged or altered: page %u"), (unsigned)page);
		return diag_set(d, DIAG_DATA, st->path, 0, _("vault damaged or altered: %s"),
				sqlite3_errmsg(st->db));
	} else if (rc == SQLITE_CONSTRAINT)
		status = DIAG_DATA;
	else if (rc == SQLITE_READONLY || rc == SQLITE_PERM || rc == SQLITE_AUTH)
		status = DIAG_NOPERM;
	/* L10N: "%s" is what douane was doing, e.g. "storing a subject", then
	 * SQLite's own reason.  */
	return diag_set(d, status, st->path, 0, _("%s: %s"), what, sqlite3_errmsg(st->db));
}

sqlite3 *
store_sqlite(struct store *st)
{
	return st->db;
}

enum diag_status
store_db_error(struct store *st, struct diag *d, const char *what)
{
	return db_error(st, d, what);
}

static sqlite3_stmt *
stmt_get(struct store *st, enum stmt_id id, struct diag *d)
{
	sqlite3_stmt *s = st->stmt[id];

	if (s == NULL) {
		if (sqlite3_prepare_v3(st->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
				       &st->stmt[id], NULL) != SQLITE_OK) {
			db_error(st, d, _("preparing a query"));
			return NULL;
		}
		return st->stmt[id];
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return s;
}

sqlite3_stmt *
store_stmt(struct store *st, const char *sql, struct diag *d)
{
	int i;

	for (i = 0; i < STORE_STMT_CACHE && st->cached[i].sql; i++)
		if (st->cached[i].sql == sql) {
			sqlite3_reset(st->cached[i].stmt);
			sqlite3_clear_bindings(st->cached[i].stmt);
			return st->cached[i].stmt;
		}
	if (i == STORE_STMT_CACHE) {
		diag_set(d, DIAG_SOFTWARE, st->path, 0, "store_stmt: cache full");
		return NULL;
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->cached[i].stmt,
			       NULL) != SQLITE_OK) {
		db_error(st, d, _("preparing a query"));
		return NULL;
	}
	st->cached[i].sql = sql;
	return st->cached[i].stmt;
}

static void
stmt_done(sqlite3_stmt *s)
{
	if (s) {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
	}
}

static enum diag_status
exec_sql(struct store *st, const char *sql, const char *what, struct diag *d)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		enum diag_status status = db_error(st, d, what);
		sqlite3_free(msg);
		return status;
	}
	return DIAG_OK;
}

static int
pragma_int(struct store *st, const char *sql, int *out)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return sqlite3_errcode(st->db);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(s, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	return rc;
}

int
store_schema_version(void)
{
	return store_migrations[store_migrations_len - 1].version;
}

int
store_file_version(struct store *st)
{
	int v = -1;

	pragma_int(st, "PRAGMA user_version", &v);
	return v;
}

static enum diag_status
migrate(struct store *st, bool readonly, struct diag *d)
{
	int have = 0;
	char sql[64];
	enum diag_status status;

	if (pragma_int(st, "PRAGMA user_version", &have) != SQLITE_OK)
		return db_error(st, d, _("reading the schema version"));
	if (have > store_schema_version())
		return diag_set(d, DIAG_DATA, st->path, 0,
				/* L10N: a newer douane wrote this file.  */
				_("schema version %d is newer than this douane knows (%d)"),
				have, store_schema_version());
	if (have == store_schema_version())
		return DIAG_OK;
	if (readonly)
		return diag_set(d, DIAG_NOPERM, st->path, 0,
				_("the store needs upgrading but was opened read-only"));

	if ((status = exec_sql(st, "BEGIN IMMEDIATE", _("starting a migration"), d)))
		return status;
	for (int i = 0; i < store_migrations_len; i++) {
		if (store_migrations[i].version <= have)
			continue;
		status = exec_sql(st, store_migrations[i].sql, _("applying a migration"), d);
		if (status)
			goto fail;
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", store_migrations[i].version);
		if ((status = exec_sql(st, sql, _("applying a migration"), d)))
			goto fail;
	}
	return exec_sql(st, "COMMIT", _("finishing a migration"), d);
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return status;
}

enum diag_status
store_open(struct store **out, struct vault *v, unsigned flags, struct diag *d)
{
	const char *path = vault_path(v);
	struct store *st;
	int oflags;
	enum diag_status status;
	static const char setup[] = "PRAGMA foreign_keys = ON;"
				    "PRAGMA temp_store = MEMORY;"
				    "PRAGMA mmap_size = 0;"
				    "PRAGMA synchronous = FULL;";

	*out = NULL;
	st = calloc(1, sizeof *st);
	if (st == NULL || (st->path = strdup(path)) == NULL) {
		free(st);
		return diag_set(d, DIAG_SOFTWARE, path, 0, _("out of memory"));
	}
	/* vault_create() made the database; the store never creates one.  */
	oflags = (flags & STORE_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	oflags |= SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &st->db, oflags, VAULT_VFS_NAME) != SQLITE_OK) {
		if (st->db == NULL)
			status = diag_set(d, DIAG_SOFTWARE, path, 0, _("out of memory"));
		else
			status = db_error(st, d, _("opening"));
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 5000);

	/* Reading the journal mode is the first read of the file: a file that
	 * is not a database fails here.  */
	if ((status = exec_sql(st, setup, _("opening"), d)))
		goto fail;
	if (!(flags & STORE_READONLY) &&
	    (status = exec_sql(st, "PRAGMA journal_mode = WAL", _("opening"), d)))
		goto fail;
	if ((status = migrate(st, flags & STORE_READONLY, d)))
		goto fail;
	st->cache_kib = flags & STORE_INTERACTIVE ? 32768 : 2000;
	if ((flags & STORE_INTERACTIVE) &&
	    (status = exec_sql(st, "PRAGMA cache_size = -32768", _("opening"), d)))
		goto fail;
	/* The search index is a virtual table: SQLite sets it up when a
	 * statement first names it, and a read failing there loses its cause
	 * ("vtable constructor failed").  Naming it here makes that part of
	 * opening, before any operation.  */
	if ((status = exec_sql(st, "SELECT 1 FROM subject_text WHERE 0", _("opening"), d)))
		goto fail;
	*out = st;
	return DIAG_OK;
fail:
	store_close(st);
	return status;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	for (int i = 0; i < ST__COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	for (int i = 0; i < STORE_STMT_CACHE; i++)
		sqlite3_finalize(st->cached[i].stmt);
	sqlite3_close(st->db);
	/* Pages of plaintext live in SQLite's caches: give them back.  */
	sqlite3_release_memory(INT32_MAX);
	free(st->path);
	free(st);
}

/* A transaction begun while another is open (a pack applies several
 * imports, each of which begins and commits its own) is a savepoint of
 * the outer one: its commit releases the savepoint, its rollback undoes
 * only its part, and nothing is durable until the outer COMMIT.  */
enum diag_status
store_begin(struct store *st, struct diag *d)
{
	enum diag_status rc;

	if (sqlite3_get_autocommit(st->db))
		return exec_sql(st, "BEGIN IMMEDIATE", _("starting a transaction"), d);
	if ((rc = exec_sql(st, "SAVEPOINT store_nested", _("starting a transaction"), d)) ==
	    DIAG_OK)
		st->nested++;
	return rc;
}

void
store_bulk(struct store *st, bool on)
{
	store_bulk_cache(st, on ? 32768 : 0);
}

void
store_bulk_cache(struct store *st, int kib)
{
	char sql[48];

	/* SQLite's default page cache is 2 MiB.  A bulk write inserts into
	 * several indexes in the order of the input, not of the keys (party
	 * names, say), so with a small cache most inserts read, decrypt,
	 * re-encrypt and write back a page that was just evicted.  The size
	 * is a bound, so memory stays flat whatever the input's size; 0 goes
	 * back to the store's own size.  */
	if (kib <= 0 || kib < st->cache_kib)
		kib = st->cache_kib;
	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", kib);
	sqlite3_exec(st->db, sql, NULL, NULL, NULL);
}

enum diag_status
store_commit(struct store *st, struct diag *d)
{
	enum diag_status rc;

	if (st->nested == 0)
		return exec_sql(st, "COMMIT", _("committing"), d);
	if ((rc = exec_sql(st, "RELEASE store_nested", _("committing"), d)) == DIAG_OK)
		st->nested--;
	return rc;
}

void
store_rollback(struct store *st)
{
	if (st->nested > 0) {
		sqlite3_exec(st->db, "ROLLBACK TO store_nested; RELEASE store_nested", NULL, NULL,
			     NULL);
		st->nested--;
		return;
	}
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

/* --- Sources -------------------------------------------------------------- */

enum diag_status
store_source_find(struct store *st, const char *digest_hex, bool *found, struct diag *d)
{
	sqlite3_stmt *s = stmt_get(st, ST_SOURCE_FIND, d);
	int rc;

	if (s == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_text(s, 1, digest_hex, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	*found = rc == SQLITE_ROW;
	stmt_done(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(st, d, _("looking up an imported file"));
	return DIAG_OK;
}

enum diag_status
store_source_add(struct store *st, const char *path, const char *digest_hex, const char *format,
		 int64_t *id_out, struct diag *d)
{
	sqlite3_stmt *s = stmt_get(st, ST_SOURCE_ADD, d);
	int rc;

	if (s == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, digest_hex, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, format, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	stmt_done(s);
	if (rc != SQLITE_DONE)
		return db_error(st, d, _("recording an imported file"));
	if (id_out)
		*id_out = sqlite3_last_insert_rowid(st->db);
	return DIAG_OK;
}

enum diag_status
store_source_set_count(struct store *st, int64_t id, int64_t records, struct diag *d)
{
	sqlite3_stmt *s = stmt_get(st, ST_SOURCE_COUNT, d);
	int rc;

	if (s == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, records);
	rc = sqlite3_step(s);
	stmt_done(s);
	if (rc != SQLITE_DONE)
		return db_error(st, d, _("recording an imported file"));
	return DIAG_OK;
}

/* --- Subjects ------------------------------------------------------------- */

static void
bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

static void
bind_real(sqlite3_stmt *s, int i, double v)
{
	if (v >= 0)
		sqlite3_bind_double(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

/* "930621", "930621 +2": the first item's code and how many more.  */
static void
hs_summary(const struct subject *s, char *buf, size_t size)
{
	buf[0] = '\0';
	if (s->n_items == 0 || s->items[0].hs_code == NULL)
		return;
	if (s->n_items == 1)
		snprintf(buf, size, "%s", s->items[0].hs_code);
	else
		snprintf(buf, size, "%s +%zu", s->items[0].hs_code, s->n_items - 1);
}

static enum diag_status
step_done(struct store *st, sqlite3_stmt *s, const char *what, struct diag *d)
{
	int rc = sqlite3_step(s);

	stmt_done(s);
	if (rc != SQLITE_DONE)
		return db_error(st, d, what);
	return DIAG_OK;
}

enum diag_status
store_subject_find(struct store *st, const char *ref, int64_t *id, struct diag *d)
{
	sqlite3_stmt *s = stmt_get(st, ST_SUBJECT_FIND, d);
	int rc;

	if (s == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_text(s, 1, ref, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	stmt_done(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(st, d, _("looking up a subject"));
	return DIAG_OK;
}

enum diag_status
store_subject_put(struct store *st, struct subject *subj, int64_t source_id, bool replace,
		  struct diag *d)
{
	sqlite3_stmt *s;
	int64_t old = 0, id;
	char hs[STORE_TEXT_MAX];
	enum diag_status status;
	int rc;
	const char *what = _("storing a subject");

	if (subj->ref == NULL || subj->ref[0] == '\0')
		return diag_set(d, DIAG_DATA, NULL, 0, _("a subject has no reference"));
	/* Without REPLACE the UNIQUE index on ref finds a duplicate: one
	 * lookup fewer per subject on the import path.  */
	if (replace && (status = store_subject_find(st, subj->ref, &old, d)))
		return status;
	if (old) {
		if ((s = stmt_get(st, ST_SUBJECT_DELETE, d)) == NULL)
			return d ? d->status : DIAG_IO;
		sqlite3_bind_int64(s, 1, old);
		if ((status = step_done(st, s, what, d)))
			return status;
	}

	if ((s = stmt_get(st, ST_SUBJECT_INSERT, d)) == NULL)
		return d ? d->status : DIAG_IO;
	hs_summary(subj, hs, sizeof hs);
	bind_text(s, 1, subj->ref);
	sqlite3_bind_int(s, 2, subj->kind);
	if (source_id > 0)
		sqlite3_bind_int64(s, 3, source_id);
	bind_text(s, 4, subj->mode);
	bind_text(s, 5, subj->arrival);
	bind_text(s, 6, subj->crossing);
	sqlite3_bind_int(s, 7, subj->lane);
	sqlite3_bind_int(s, 8, subj->score);
	sqlite3_bind_int(s, 9, subj->status);
	bind_text(s, 10, subj->conveyance);
	bind_text(s, 11, subj->conveyance_nationality);
	bind_text(s, 12, subj->name);
	bind_text(s, 13, subj->birth_date);
	bind_text(s, 14, subj->nationality);
	bind_text(s, 15, subj->doc_type);
	bind_text(s, 16, subj->doc_number);
	bind_text(s, 17, subj->doc_country);
	bind_text(s, 18, subj->plate);
	bind_text(s, 19, subj->plate_country);
	bind_text(s, 20, subject_main_party(subj));
	bind_text(s, 21, subject_origin(subj));
	bind_text(s, 22, subject_destination(subj));
	bind_text(s, 23, hs[0] ? hs : NULL);
	rc = sqlite3_step(s);
	stmt_done(s);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return diag_set(d, DIAG_DATA, NULL, 0,
				/* L10N: %s is a subject reference like CN-0000001.  */
				_("reference %s is already in the vault"), subj->ref);
	if (rc != SQLITE_DONE)
		return db_error(st, d, what);
	id = sqlite3_last_insert_rowid(st->db);

	for (size_t i = 0; i < subj->n_parties; i++) {
		const struct party *p = &subj->parties[i];

		if ((s = stmt_get(st, ST_PARTY_INSERT, d)) == NULL)
			return d ? d->status : DIAG_IO;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, (int64_t)i + 1);
		bind_text(s, 3, p->role);
		bind_text(s, 4, p->name);
		bind_text(s, 5, p->country);
		bind_text(s, 6, p->address);
		bind_text(s, 7, p->ident);
		if ((status = step_done(st, s, what, d)))
			return status;
	}
	for (size_t i = 0; i < subj->n_items; i++) {
		const struct goods_item *it = &subj->items[i];

		if ((s = stmt_get(st, ST_ITEM_INSERT, d)) == NULL)
			return d ? d->status : DIAG_IO;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, it->seq > 0 ? it->seq : (int)i + 1);
		bind_text(s, 3, it->hs_code);
		bind_text(s, 4, it->description);
		bind_text(s, 5, it->origin);
		if (it->packages >= 0)
			sqlite3_bind_int64(s, 6, it->packages);
		bind_text(s, 7, it->package_kind);
		bind_real(s, 8, it->gross_mass);
		bind_real(s, 9, it->net_mass);
		bind_real(s, 10, it->value);
		bind_text(s, 11, it->currency);
		if ((status = step_done(st, s, what, d)))
			return status;
	}
	for (size_t i = 0; i < subj->n_containers; i++) {
		if ((s = stmt_get(st, ST_CONTAINER_INSERT, d)) == NULL)
			return d ? d->status : DIAG_IO;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, (int64_t)i + 1);
		bind_text(s, 3, subj->containers[i].number);
		bind_text(s, 4, subj->containers[i].seal);
		if ((status = step_done(st, s, what, d)))
			return status;
	}
	for (size_t i = 0; i < subj->n_route; i++) {
		if ((s = stmt_get(st, ST_ROUTE_INSERT, d)) == NULL)
			return d ? d->status : DIAG_IO;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, (int64_t)i + 1);
		bind_text(s, 3, subj->route[i]);
		if ((status = step_done(st, s, what, d)))
			return status;
	}
	for (size_t i = 0; i < subj->n_findings; i++) {
		if ((s = stmt_get(st, ST_FINDING_INSERT, d)) == NULL)
			return d ? d->status : DIAG_IO;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, (int64_t)i + 1);
		bind_text(s, 3, subj->findings[i].code);
		bind_text(s, 4, subj->findings[i].detail);
		if ((status = step_done(st, s, what, d)))
			return status;
	}
	subj->id = id;
	return DIAG_OK;
}

static char *
col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? strdup((const char *)t) : NULL;
}

static double
col_real(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? -1 : sqlite3_column_double(s, i);
}

enum diag_status
store_subject_get(struct store *st, int64_t id, struct subject *subj, struct diag *d)
{
	sqlite3_stmt *s;
	int rc;
	const char *what = _("reading a subject");

	subject_init(subj, SUBJECT_CONSIGNMENT);
	if ((s = stmt_get(st, ST_SUBJECT_GET, d)) == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		stmt_done(s);
		if (rc == SQLITE_DONE)
			return diag_set(d, DIAG_NOINPUT, NULL, 0, _("no subject with id %" PRId64),
					id);
		return db_error(st, d, what);
	}
	subj->id = id;
	subj->ref = col_text(s, 0);
	subj->kind = (enum subject_kind)sqlite3_column_int(s, 1);
	subj->mode = col_text(s, 2);
	subj->arrival = col_text(s, 3);
	subj->crossing = col_text(s, 4);
	subj->lane = (enum subject_lane)sqlite3_column_int(s, 5);
	subj->score = sqlite3_column_int(s, 6);
	subj->status = (enum subject_status)sqlite3_column_int(s, 7);
	subj->conveyance = col_text(s, 8);
	subj->conveyance_nationality = col_text(s, 9);
	subj->name = col_text(s, 10);
	subj->birth_date = col_text(s, 11);
	subj->nationality = col_text(s, 12);
	subj->doc_type = col_text(s, 13);
	subj->doc_number = col_text(s, 14);
	subj->doc_country = col_text(s, 15);
	subj->plate = col_text(s, 16);
	subj->plate_country = col_text(s, 17);
	stmt_done(s);

	if ((s = stmt_get(st, ST_PARTY_GET, d)) == NULL)
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct party *p = subject_add_party(subj);

		if (p == NULL)
			goto oom;
		p->role = col_text(s, 0);
		p->name = col_text(s, 1);
		p->country = col_text(s, 2);
		p->address = col_text(s, 3);
		p->ident = col_text(s, 4);
	}
	stmt_done(s);
	if (rc != SQLITE_DONE)
		goto dberr;

	if ((s = stmt_get(st, ST_ITEM_GET, d)) == NULL)
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct goods_item *it = subject_add_item(subj);

		if (it == NULL)
			goto oom;
		it->seq = sqlite3_column_int(s, 0);
		it->hs_code = col_text(s, 1);
		it->description = col_text(s, 2);
		it->origin = col_text(s, 3);
		it->packages = sqlite3_column_type(s, 4) == SQLITE_NULL ? -1
									: sqlite3_column_int64(s, 4);
		it->package_kind = col_text(s, 5);
		it->gross_mass = col_real(s, 6);
		it->net_mass = col_real(s, 7);
		it->value = col_real(s, 8);
		it->currency = col_text(s, 9);
	}
	stmt_done(s);
	if (rc != SQLITE_DONE)
		goto dberr;

	if ((s = stmt_get(st, ST_CONTAINER_GET, d)) == NULL)
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct container *c = subject_add_container(subj);

		if (c == NULL)
			goto oom;
		c->number = col_text(s, 0);
		c->seal = col_text(s, 1);
	}
	stmt_done(s);
	if (rc != SQLITE_DONE)
		goto dberr;

	if ((s = stmt_get(st, ST_ROUTE_GET, d)) == NULL)
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (!subject_add_route(subj, (const char *)sqlite3_column_text(s, 0)))
			goto oom;
	stmt_done(s);
	if (rc != SQLITE_DONE)
		goto dberr;

	if ((s = stmt_get(st, ST_FINDING_GET, d)) == NULL)
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (!subject_add_finding(subj, (const char *)sqlite3_column_text(s, 0),
					 (const char *)sqlite3_column_text(s, 1)))
			goto oom;
	stmt_done(s);
	if (rc != SQLITE_DONE)
		goto dberr;
	return DIAG_OK;

oom:
	stmt_done(s);
	subject_clear(subj);
	return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
dberr:
	subject_clear(subj);
	return db_error(st, d, what);
fail:
	subject_clear(subj);
	return d ? d->status : DIAG_IO;
}

/* --- Watchlists ----------------------------------------------------------- */

enum diag_status
store_watchlist_find_digest(struct store *st, const char *digest_hex, bool *found,
			    struct diag *d)
{
	sqlite3_stmt *s = stmt_get(st, ST_WL_FIND_DIGEST, d);
	int rc;

	if (s == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_text(s, 1, digest_hex, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	*found = rc == SQLITE_ROW;
	stmt_done(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(st, d, _("looking up a watchlist"));
	return DIAG_OK;
}

enum diag_status
store_watchlist_begin(struct store *st, struct wl_list *list, const char *digest_hex,
		      enum store_wl_action *action, struct diag *d)
{
	sqlite3_stmt *s;
	int64_t old = 0;
	char loaded[32] = "";
	enum diag_status status;
	const char *what = _("storing a watchlist");
	int rc;

	if (list->source == NULL || list->source[0] == '\0')
		return diag_set(d, DIAG_DATA, NULL, 0, _("a watchlist has no source"));
	if ((s = stmt_get(st, ST_WL_FIND_SOURCE, d)) == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_text(s, 1, list->source, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		old = sqlite3_column_int64(s, 0);
		if (sqlite3_column_text(s, 1))
			snprintf(loaded, sizeof loaded, "%s", sqlite3_column_text(s, 1));
	}
	stmt_done(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(st, d, what);
	/* ISO 8601 dates compare as text.  */
	if (old && loaded[0] && list->published && strcmp(list->published, loaded) < 0)
		return diag_set(d, DIAG_DATA, NULL, 0,
				/* L10N: source, then the two dates.  */
				_("%s: this list was published %s, before the one loaded (%s); "
				  "the loaded list is kept"),
				list->source, list->published, loaded);
	if (old) {
		if ((s = stmt_get(st, ST_WL_DELETE, d)) == NULL)
			return d ? d->status : DIAG_IO;
		sqlite3_bind_int64(s, 1, old);
		if ((status = step_done(st, s, what, d)))
			return status;
	}
	if ((s = stmt_get(st, ST_WL_INSERT, d)) == NULL)
		return d ? d->status : DIAG_IO;
	bind_text(s, 1, list->source);
	bind_text(s, 2, list->name);
	bind_text(s, 3, list->publisher);
	bind_text(s, 4, list->published);
	bind_text(s, 5, list->version);
	bind_text(s, 6, list->format ? list->format : "unknown");
	bind_text(s, 7, digest_hex);
	if ((status = step_done(st, s, what, d)))
		return status;
	list->id = sqlite3_last_insert_rowid(st->db);
	if (action)
		*action = old ? STORE_WL_REPLACED : STORE_WL_NEW;
	return DIAG_OK;
}

static enum diag_status
put_attrs(struct store *st, int64_t id, int attr, char **v, size_t n, struct diag *d)
{
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *s = stmt_get(st, ST_WLA_INSERT, d);
		enum diag_status status;

		if (s == NULL)
			return d ? d->status : DIAG_IO;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, attr);
		sqlite3_bind_int64(s, 3, (int64_t)i + 1);
		bind_text(s, 4, v[i]);
		if ((status = step_done(st, s, _("storing a watchlist entry"), d)))
			return status;
	}
	return DIAG_OK;
}

enum diag_status
store_wl_entry_put(struct store *st, int64_t list_id, struct wl_entry *e, struct diag *d)
{
	sqlite3_stmt *s;
	enum diag_status status;
	const char *what = _("storing a watchlist entry");
	int64_t id;

	if (e->n_names == 0)
		return diag_set(d, DIAG_DATA, NULL, 0, _("watchlist entry %s has no name"),
				e->ref ? e->ref : "?");
	if ((s = stmt_get(st, ST_WLE_INSERT, d)) == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_int64(s, 1, list_id);
	bind_text(s, 2, e->ref);
	sqlite3_bind_int(s, 3, e->kind);
	bind_text(s, 4, e->programme);
	bind_text(s, 5, e->reason);
	bind_text(s, 6, e->listed_on);
	bind_text(s, 7, e->valid_until);
	bind_text(s, 8, e->remarks);
	if ((status = step_done(st, s, what, d)))
		return status;
	id = sqlite3_last_insert_rowid(st->db);

	for (size_t i = 0; i < e->n_names; i++) {
		if ((s = stmt_get(st, ST_WLN_INSERT, d)) == NULL)
			return d ? d->status : DIAG_IO;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, (int64_t)i + 1);
		bind_text(s, 3, e->names[i].name);
		bind_text(s, 4, e->names[i].type);
		sqlite3_bind_int(s, 5, e->names[i].weak);
		if ((status = step_done(st, s, what, d)))
			return status;
	}
	if ((status = put_attrs(st, id, 1, e->birth_dates, e->n_birth_dates, d)) ||
	    (status = put_attrs(st, id, 2, e->birth_places, e->n_birth_places, d)) ||
	    (status = put_attrs(st, id, 3, e->nationalities, e->n_nationalities, d)) ||
	    (status = put_attrs(st, id, 4, e->addresses, e->n_addresses, d)))
		return status;
	for (size_t i = 0; i < e->n_idents; i++) {
		const struct wl_ident *x = &e->idents[i];

		if ((s = stmt_get(st, ST_WLI_INSERT, d)) == NULL)
			return d ? d->status : DIAG_IO;
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, (int64_t)i + 1);
		bind_text(s, 3, x->type);
		bind_text(s, 4, x->number);
		bind_text(s, 5, x->country);
		bind_text(s, 6, x->note);
		if ((status = step_done(st, s, what, d)))
			return status;
	}
	e->id = id;
	return DIAG_OK;
}

enum diag_status
store_watchlist_finish(struct store *st, int64_t list_id, int64_t entries, struct diag *d)
{
	sqlite3_stmt *s = stmt_get(st, ST_WL_FINISH, d);

	if (s == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_int64(s, 1, list_id);
	sqlite3_bind_int64(s, 2, entries);
	return step_done(st, s, _("storing a watchlist"), d);
}

enum diag_status
store_watchlists(struct store *st, store_watchlist_fn fn, void *ctx, struct diag *d)
{
	sqlite3_stmt *s;
	enum diag_status status = DIAG_OK;
	int rc;

	/* Its own statement, not the cache: FN may call back into the store.  */
	if (sqlite3_prepare_v2(st->db, stmt_sql[ST_WL_ALL], -1, &s, NULL) != SQLITE_OK)
		return db_error(st, d, _("listing the watchlists"));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct wl_list l = {
			.id = sqlite3_column_int64(s, 0),
			.source = (char *)sqlite3_column_text(s, 1),
			.name = (char *)sqlite3_column_text(s, 2),
			.publisher = (char *)sqlite3_column_text(s, 3),
			.published = (char *)sqlite3_column_text(s, 4),
			.version = (char *)sqlite3_column_text(s, 5),
			.format = (char *)sqlite3_column_text(s, 6),
			.entries = sqlite3_column_int64(s, 7),
			.imported_at = (char *)sqlite3_column_text(s, 8),
		};
		if ((status = fn(ctx, &l)) != DIAG_OK)
			break;
	}
	if (status == DIAG_OK && rc != SQLITE_DONE)
		status = db_error(st, d, _("listing the watchlists"));
	sqlite3_finalize(s);
	return status;
}

enum diag_status
store_wl_entry_get(struct store *st, int64_t id, struct wl_entry *e, int64_t *list_id,
		   struct diag *d)
{
	sqlite3_stmt *s;
	int rc;
	bool ok = true;

	wl_entry_init(e, WL_PERSON);
	if ((s = stmt_get(st, ST_WLE_GET, d)) == NULL)
		return d ? d->status : DIAG_IO;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		stmt_done(s);
		if (rc == SQLITE_DONE)
			return diag_set(d, DIAG_NOINPUT, NULL, 0,
					_("no watchlist entry with id %" PRId64), id);
		return db_error(st, d, _("reading a watchlist entry"));
	}
	e->id = id;
	if (list_id)
		*list_id = sqlite3_column_int64(s, 0);
	e->ref = col_text(s, 1);
	e->kind = (enum wl_kind)sqlite3_column_int(s, 2);
	e->programme = col_text(s, 3);
	e->reason = col_text(s, 4);
	e->listed_on = col_text(s, 5);
	e->valid_until = col_text(s, 6);
	e->remarks = col_text(s, 7);
	stmt_done(s);

	if ((s = stmt_get(st, ST_WLN_GET, d)) == NULL)
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW)
		ok = wl_entry_add_name(e, (const char *)sqlite3_column_text(s, 0),
				       (const char *)sqlite3_column_text(s, 1),
				       sqlite3_column_int(s, 2) != 0);
	stmt_done(s);
	if (ok && rc != SQLITE_DONE)
		goto dberr;

	if (ok && (s = stmt_get(st, ST_WLA_GET, d)) == NULL)
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(s, 1);

		switch (sqlite3_column_int(s, 0)) {
		case 1:
			ok = wl_entry_add_birth_date(e, v);
			break;
		case 2:
			ok = wl_entry_add_birth_place(e, v);
			break;
		case 3:
			ok = wl_entry_add_nationality(e, v);
			break;
		default:
			ok = wl_entry_add_address(e, v);
			break;
		}
	}
	stmt_done(s);
	if (ok && rc != SQLITE_DONE)
		goto dberr;

	if (ok && (s = stmt_get(st, ST_WLI_GET, d)) == NULL)
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	while (ok && (rc = sqlite3_step(s)) == SQLITE_ROW)
		ok = wl_entry_add_ident(e, (const char *)sqlite3_column_text(s, 0),
					(const char *)sqlite3_column_text(s, 1),
					(const char *)sqlite3_column_text(s, 2),
					(const char *)sqlite3_column_text(s, 3));
	stmt_done(s);
	if (ok && rc != SQLITE_DONE)
		goto dberr;
	if (!ok) {
		wl_entry_clear(e);
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	}
	return DIAG_OK;
dberr:
	wl_entry_clear(e);
	return db_error(st, d, _("reading a watchlist entry"));
fail:
	wl_entry_clear(e);
	return d ? d->status : DIAG_IO;
}

/* --- The queue ------------------------------------------------------------ */

void
store_queue_filter_init(struct store_queue_filter *f)
{
	f->lane = -1;
	f->kind = 0;
	f->status = -1;
	f->text = NULL;
	f->crossing = NULL;
	f->sort = STORE_SORT_RANK;
}

static int64_t
key_rank(const struct store_queue_key *k)
{
	return (int64_t)(3 - k->lane) * 4294967296LL + (2147483647LL - k->score);
}

/* How a filter's text is matched (see store_queue_page).  */
enum text_match {
	TEXT_NONE,    /* not in the SQL: the caller reads the "hit" column */
	TEXT_SCAN,    /* tested on each row read */
	TEXT_INDEXED, /* rows from the trigram index, then tested */
	TEXT_PROBED,  /* rows in the queue's order, kept if in the index's */
};

/* The test of a row against the search text ?4: reference or party
 * contains it, ASCII letters in either case.  */
#define TEXT_TEST "(instr(lower(ref), lower(?4)) OR instr(lower(party), lower(?4)))"

/* Append the filter's conditions to SQL; the bind order is fixed: lane,
 * kind, status, text, rank, id, limit, crossing, trigram query.  The
 * crossing is matched through its index only in the risk order (the index
 * holds the rank after the crossing); in the other orders "+crossing" keeps
 * SQLite on the order's own index, so that a page never needs a sort of
 * every row.  With TEXT_INDEXED the subjects come from the trigram index
 * (?9): they are few, and sorting them is cheaper than reading the queue
 * in its order until enough match; "+crossing" there keeps SQLite from
 * reading the crossing's index instead.  */
static void
filter_sql(char *sql, size_t size, const struct store_queue_filter *f, enum text_match how)
{
	size_t n = strlen(sql);

	if (f && f->lane >= 0)
		n += snprintf(sql + n, size - n, " AND lane = ?1");
	if (f && f->kind > 0)
		n += snprintf(sql + n, size - n, " AND kind = ?2");
	if (f && f->status >= 0)
		n += snprintf(sql + n, size - n, " AND status = ?3");
	if (f && f->text && f->text[0] && how != TEXT_NONE)
		snprintf(sql + n, size - n, " AND " TEXT_TEST);
	n = strlen(sql);
	/* "+id" keeps SQLite on the order's index: the set of the index's
	 * subjects is made once, and each row of the queue looked up in it
	 * before its subject is read.  */
	if (f && f->text && f->text[0] && (how == TEXT_INDEXED || how == TEXT_PROBED))
		snprintf(sql + n, size - n,
			 " AND %sid IN (SELECT rowid FROM subject_text WHERE subject_text MATCH ?9)",
			 how == TEXT_PROBED ? "+" : "");
	n = strlen(sql);
	if (f && f->crossing && f->crossing[0])
		snprintf(sql + n, size - n,
			 f->sort == STORE_SORT_RANK && how != TEXT_INDEXED ? " AND crossing = ?8"
									   : " AND +crossing = ?8");
}

static void
filter_bind(sqlite3_stmt *s, const struct store_queue_filter *f)
{
	if (f == NULL)
		return;
	if (f->lane >= 0)
		sqlite3_bind_int(s, 1, f->lane);
	if (f->kind > 0)
		sqlite3_bind_int(s, 2, f->kind);
	if (f->status >= 0)
		sqlite3_bind_int(s, 3, f->status);
	if (f->text && f->text[0])
		sqlite3_bind_text(s, 4, f->text, -1, SQLITE_STATIC);
	if (f->crossing && f->crossing[0])
		sqlite3_bind_text(s, 8, f->crossing, -1, SQLITE_STATIC);
}

/* The key condition and the order of each sort, forward and backward.  In
 * the orders other than rank, the key's sort value is the key subject's
 * own, looked up by its id (?6).  */
static const struct {
	const char *after, *before, *asc, *desc;
} queue_orders[STORE_SORT_COUNT] = {
	[STORE_SORT_RANK] = {" AND (qrank, id) > (?5, ?6)", " AND (qrank, id) < (?5, ?6)",
			     " ORDER BY qrank, id", " ORDER BY qrank DESC, id DESC"},
	[STORE_SORT_ARRIVAL] = {" AND (arrival_key, id) > "
				"((SELECT arrival_key FROM subject WHERE id = ?6), ?6)",
				" AND (arrival_key, id) < "
				"((SELECT arrival_key FROM subject WHERE id = ?6), ?6)",
				" ORDER BY arrival_key, id", " ORDER BY arrival_key DESC, id DESC"},
	[STORE_SORT_REF] = {" AND ref > (SELECT ref FROM subject WHERE id = ?6)",
			    " AND ref < (SELECT ref FROM subject WHERE id = ?6)", " ORDER BY ref",
			    " ORDER BY ref DESC"},
};

static void
copy_col(char *dst, size_t size, sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	size_t n;

	if (t == NULL) {
		dst[0] = '\0';
		return;
	}
	n = strlen((const char *)t);
	if (n >= size) {
		/* Cut on a UTF-8 character boundary.  */
		n = size - 1;
		while (n > 0 && (t[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, t, n);
	dst[n] = '\0';
}

/* Rows a search reads in the queue's order before it asks the trigram
 * index: enough for a page of a text that one subject in a hundred has,
 * and a few milliseconds at most.  */
#define SEARCH_SCAN_ROWS 300

/* The trigram index's query for TEXT: each run of three characters as a
 * quoted string, all of them required, into *OUT (malloc'd).  NULL in
 * *OUT when TEXT has fewer than three characters: the index knows
 * nothing shorter.  Every subject that contains TEXT has all its
 * trigrams (the index folds case as lower() does and more), so the rows
 * it gives are a superset of the matches, tested again by TEXT_TEST.  */
static bool
text_trigrams(const char *text, char **out)
{
	size_t len = strlen(text), used = 0, size = len * 32 + 1;
	const char *p = text;
	char *q;

	*out = NULL;
	if ((q = malloc(size)) == NULL)
		return false;
	q[0] = '\0';
	for (; *p; p++) {
		const char *e = p;
		char one[64];
		size_t k = 0;
		int chars = 0;

		if ((*p & 0xC0) == 0x80)
			continue; /* inside a character */
		while (*e && chars < 3) {
			do {
				if (*e == '"')
					one[1 + k++] = '"';
				one[1 + k++] = *e++;
			} while ((*e & 0xC0) == 0x80 && k < sizeof one - 8);
			chars++;
		}
		if (chars < 3)
			break;
		one[0] = '"';
		one[1 + k] = '"';
		one[2 + k] = '\0';
		if (strstr(q, one))
			continue;
		used += (size_t)snprintf(q + used, size - used, "%s%s", used ? " AND " : "", one);
	}
	if (used == 0) {
		free(q);
		return true;
	}
	*out = q;
	return true;
}

static void
row_copy(sqlite3_stmt *s, struct store_queue_row *r)
{
	r->key.lane = sqlite3_column_int(s, 0);
	r->key.score = sqlite3_column_int(s, 1);
	r->key.id = sqlite3_column_int64(s, 2);
	r->kind = (enum subject_kind)sqlite3_column_int(s, 3);
	r->status = (enum subject_status)sqlite3_column_int(s, 4);
	copy_col(r->ref, sizeof r->ref, s, 5);
	copy_col(r->party, sizeof r->party, s, 6);
	copy_col(r->origin, sizeof r->origin, s, 7);
	copy_col(r->destination, sizeof r->destination, s, 8);
	copy_col(r->hs_summary, sizeof r->hs_summary, s, 9);
	copy_col(r->arrival, sizeof r->arrival, s, 10);
	copy_col(r->mode, sizeof r->mode, s, 11);
}

/* Up to MAX rows next to AFTER, reading at most LIMIT rows of the queue;
 * HOW says how the search text is matched (TEXT_NONE: by this function,
 * from the "hit" column).  *EXHAUSTED tells that the queue ended before
 * LIMIT rows were read.  */
static enum diag_status
queue_read(struct store *st, const struct store_queue_filter *f,
	   const struct store_queue_key *after, bool fwd, enum text_match how,
	   const char *trigrams, struct store_queue_row *rows, size_t max, size_t limit,
	   size_t *n, bool *exhausted, struct diag *d)
{
	char sql[1024] = "SELECT lane, score, id, kind, status, ref, party, origin, destination, "
			 "hs_summary, arrival, mode";
	sqlite3_stmt *s;
	int rc = SQLITE_DONE;
	size_t read = 0;
	bool hit_col = how == TEXT_NONE && f && f->text && f->text[0];
	enum store_queue_sort sort = f && f->sort > 0 && f->sort < STORE_SORT_COUNT
					     ? f->sort
					     : STORE_SORT_RANK;

	*n = 0;
	strncat(sql, hit_col ? ", " TEXT_TEST " FROM subject WHERE 1" : " FROM subject WHERE 1",
		sizeof sql - strlen(sql) - 1);
	filter_sql(sql, sizeof sql, f, how);
	if (after)
		strncat(sql, fwd ? queue_orders[sort].after : queue_orders[sort].before,
			sizeof sql - strlen(sql) - 1);
	strncat(sql, fwd ? queue_orders[sort].asc : queue_orders[sort].desc,
		sizeof sql - strlen(sql) - 1);
	strncat(sql, " LIMIT ?7", sizeof sql - strlen(sql) - 1);

	/* The text of the query depends on the filter, so it is prepared
	 * here; SQLite's prepare is cheap next to the page it returns.  */
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return db_error(st, d, _("reading the queue"));
	filter_bind(s, f);
	if (after) {
		if (sort == STORE_SORT_RANK)
			sqlite3_bind_int64(s, 5, key_rank(after));
		sqlite3_bind_int64(s, 6, after->id);
	}
	sqlite3_bind_int64(s, 7, (sqlite3_int64)limit);
	if (trigrams)
		sqlite3_bind_text(s, 9, trigrams, -1, SQLITE_STATIC);
	while (*n < max && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		read++;
		if (hit_col && sqlite3_column_int(s, 12) == 0)
			continue;
		row_copy(s, &rows[(*n)++]);
	}
	if (*n < max && rc != SQLITE_DONE) {
		enum diag_status status = db_error(st, d, _("reading the queue"));
		sqlite3_finalize(s);
		return status;
	}
	if (exhausted)
		*exhausted = *n < max && read < limit;
	sqlite3_finalize(s);
	return DIAG_OK;
}

/* How many subjects the trigram query TRIGRAMS gives, up to MAX.  The
 * index alone answers: no subject is read.  */
static enum diag_status
text_candidates(struct store *st, const char *trigrams, int64_t max, int64_t *count,
		struct diag *d)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db,
			       "SELECT count(*) FROM (SELECT rowid FROM subject_text "
			       "WHERE subject_text MATCH ?1 LIMIT ?2)",
			       -1, &s, NULL) != SQLITE_OK)
		return db_error(st, d, _("searching the queue"));
	sqlite3_bind_text(s, 1, trigrams, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, max);
	rc = sqlite3_step(s);
	*count = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return db_error(st, d, _("searching the queue"));
	return DIAG_OK;
}

/* Subjects of the trigram index above which a page is read in the queue's
 * order (TEXT_PROBED) rather than sorted out of them (TEXT_INDEXED).  */
#define SEARCH_SORT_MAX 1000

/* A search reads a few thousand rows of the queue in its order first: a
 * common text fills the page there.  A rarer one is asked of the trigram
 * index: when it gives few subjects, they are sorted into the queue's
 * order; when it gives many, the queue is read in its order again, but
 * only the index's subjects are read from the table.  A text too short
 * for the index reads the queue to the end (or the page).  */
enum diag_status
store_queue_page(struct store *st, const struct store_queue_filter *f,
		 const struct store_queue_key *after, enum store_direction dir,
		 struct store_queue_row *rows, size_t max, size_t *n, struct diag *d)
{
	bool fwd = dir == STORE_FORWARD, exhausted;
	char *trigrams;
	int64_t candidates;
	enum diag_status status;

	*n = 0;
	if (max == 0)
		return DIAG_OK;
	if (!(f && f->text && f->text[0]))
		return queue_read(st, f, after, fwd, TEXT_SCAN, NULL, rows, max, max, n, NULL, d);
	status = queue_read(st, f, after, fwd, TEXT_NONE, NULL, rows, max, SEARCH_SCAN_ROWS, n,
			    &exhausted, d);
	if (status != DIAG_OK || *n == max || exhausted)
		return status;
	if (!text_trigrams(f->text, &trigrams))
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	if (trigrams == NULL)
		return queue_read(st, f, after, fwd, TEXT_SCAN, NULL, rows, max, max, n, NULL, d);
	status = text_candidates(st, trigrams, SEARCH_SORT_MAX + 1, &candidates, d);
	if (status == DIAG_OK)
		status = queue_read(st, f, after, fwd,
				    candidates > SEARCH_SORT_MAX ? TEXT_PROBED : TEXT_INDEXED,
				    trigrams, rows, max, max, n, NULL, d);
	free(trigrams);
	return status;
}

/* count(*) of the subjects of F (of its SQL as HOW and TRIGRAMS say),
 * reading at most LIMIT rows (0: every one).  With a limit and the index,
 * the index's subjects are read one after the other as it gives them, so
 * that the count stops at LIMIT without making the set of all of them.  */
static enum diag_status
queue_count_sql(struct store *st, const struct store_queue_filter *f, enum text_match how,
		const char *trigrams, int64_t limit, int64_t *count, struct diag *d)
{
	char sql[1024];
	sqlite3_stmt *s;
	int rc;

	if (limit > 0 && trigrams) {
		snprintf(sql, sizeof sql,
			 "SELECT count(*) FROM (SELECT 1 FROM (SELECT rowid AS text_id FROM "
			 "subject_text WHERE subject_text MATCH ?9) CROSS JOIN subject "
			 "ON subject.id = text_id WHERE 1");
		how = TEXT_SCAN;
	} else {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE 1",
			 limit > 0 ? "(SELECT 1 FROM subject" : "subject");
	}
	filter_sql(sql, sizeof sql, f, how);
	if (limit > 0)
		strncat(sql, " LIMIT ?7)", sizeof sql - strlen(sql) - 1);
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return db_error(st, d, _("counting the queue"));
	filter_bind(s, f);
	if (limit > 0)
		sqlite3_bind_int64(s, 7, limit);
	if (trigrams)
		sqlite3_bind_text(s, 9, trigrams, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	*count = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return db_error(st, d, _("counting the queue"));
	return DIAG_OK;
}

/* Every subject, as the triggers of subject_total count them.  */
static enum diag_status
subject_total(struct store *st, int64_t *count, struct diag *d)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT n FROM subject_total WHERE id = 1", -1, &s, NULL) !=
	    SQLITE_OK)
		return db_error(st, d, _("counting the queue"));
	rc = sqlite3_step(s);
	*count = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return db_error(st, d, _("counting the queue"));
	return DIAG_OK;
}

/* Subjects of F, counted up to LIMIT (0: all), through the trigram index
 * when the text is long enough.  */
static enum diag_status
queue_count(struct store *st, const struct store_queue_filter *f, int64_t limit,
	    int64_t *count, struct diag *d)
{
	char *trigrams;
	enum diag_status status;

	if (!f || (f->lane < 0 && f->kind <= 0 && f->status < 0 && !(f->text && f->text[0]) &&
		   !(f->crossing && f->crossing[0])))
	{
		status = subject_total(st, count, d);
		if (limit > 0 && *count > limit)
			*count = limit;
		return status;
	}
	if (!(f->text && f->text[0]))
		return queue_count_sql(st, f, TEXT_SCAN, NULL, limit, count, d);
	if (!text_trigrams(f->text, &trigrams))
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	status = queue_count_sql(st, f, trigrams ? TEXT_INDEXED : TEXT_SCAN, trigrams, limit,
				 count, d);
	free(trigrams);
	return status;
}

enum diag_status
store_queue_count(struct store *st, const struct store_queue_filter *f, int64_t *count,
		  struct diag *d)
{
	return queue_count(st, f, 0, count, d);
}

/* A common text reaches MAX in the first rows read; a rarer one is
 * counted through the index.  */
enum diag_status
store_queue_count_max(struct store *st, const struct store_queue_filter *f, int64_t max,
		      int64_t *count, struct diag *d)
{
	char sql[1024] = "SELECT count(*), coalesce(sum(hit), 0) FROM (SELECT " TEXT_TEST
			 " AS hit FROM subject WHERE 1";
	sqlite3_stmt *s;
	int64_t read = 0;
	int rc;

	if (!(f && f->text && f->text[0]))
		return queue_count(st, f, max, count, d);
	/* The first rows, as they come, and how many of them have the text. */
	filter_sql(sql, sizeof sql, f, TEXT_NONE);
	strncat(sql, " LIMIT ?7)", sizeof sql - strlen(sql) - 1);
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return db_error(st, d, _("counting the queue"));
	filter_bind(s, f);
	sqlite3_bind_int64(s, 7, SEARCH_SCAN_ROWS);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		read = sqlite3_column_int64(s, 0);
		*count = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return db_error(st, d, _("counting the queue"));
	if (*count >= max || read < SEARCH_SCAN_ROWS) {
		if (*count > max)
			*count = max;
		return DIAG_OK;
	}
	return queue_count(st, f, max, count, d);
}

enum diag_status
store_queue_crossing_next(struct store *st, const char *after, char *out, size_t size,
			  bool *found, struct diag *d)
{
	sqlite3_stmt *s;
	int rc;

	*found = false;
	if (size > 0)
		out[0] = '\0';
	/* min() over the index is one seek, not a scan.  */
	if (sqlite3_prepare_v2(st->db,
			       after ? "SELECT min(crossing) FROM subject WHERE crossing > ?1"
				     : "SELECT min(crossing) FROM subject WHERE crossing IS NOT NULL",
			       -1, &s, NULL) != SQLITE_OK)
		return db_error(st, d, _("reading the crossings"));
	if (after)
		sqlite3_bind_text(s, 1, after, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL && size > 0) {
		copy_col(out, size, s, 0);
		*found = true;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return db_error(st, d, _("reading the crossings"));
	return DIAG_OK;
}
