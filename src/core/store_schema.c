/* store_schema: the schema, as a list of migrations.
 *
 * PRAGMA user_version holds the number of the last migration applied.  A
 * migration is never edited once released: a change to the schema is a new
 * entry at the end of the list.  store_open() applies the missing ones in
 * order, all in one transaction, so a file is never left half-migrated.
 *
 * The queue order (red first, then higher score, then oldest) is one
 * ascending key, (qrank, id), so that paging "rows after key K" is a range
 * scan of one index in either direction.  qrank is derived from lane and
 * score by SQLite itself and cannot drift from them.
 */
#include "config.h"

#include "store_internal.h"

const struct store_migration store_migrations[] = {
	{1,
	 "CREATE TABLE source (\n"
	 "  id INTEGER PRIMARY KEY,\n"
	 "  path TEXT NOT NULL,\n"
	 "  digest TEXT NOT NULL UNIQUE, -- BLAKE2b-256 of the content, hex\n"
	 "  format TEXT NOT NULL,\n"
	 "  imported_at TEXT NOT NULL,\n"
	 "  records INTEGER NOT NULL DEFAULT 0\n"
	 ");\n"
	 "CREATE TABLE subject (\n"
	 "  id INTEGER PRIMARY KEY,\n"
	 "  ref TEXT NOT NULL UNIQUE,\n"
	 "  kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 3),\n"
	 "  source_id INTEGER REFERENCES source(id),\n"
	 "  mode TEXT, arrival TEXT, crossing TEXT,\n"
	 "  lane INTEGER NOT NULL DEFAULT 0 CHECK (lane BETWEEN 0 AND 3),\n"
	 "  score INTEGER NOT NULL DEFAULT 0,\n"
	 "  status INTEGER NOT NULL DEFAULT 0,\n"
	 "  conveyance TEXT, conveyance_nationality TEXT,\n"
	 "  name TEXT, birth_date TEXT, nationality TEXT,\n"
	 "  doc_type TEXT, doc_number TEXT, doc_country TEXT,\n"
	 "  plate TEXT, plate_country TEXT,\n"
	 "  party TEXT, origin TEXT, destination TEXT, hs_summary TEXT,\n"
	 "  qrank INTEGER GENERATED ALWAYS AS\n"
	 "    ((3 - lane) * 4294967296 + (2147483647 - score)) VIRTUAL\n"
	 ");\n"
	 "CREATE INDEX subject_queue ON subject(qrank, id);\n"
	 "CREATE TABLE party (\n"
	 "  subject_id INTEGER NOT NULL REFERENCES subject(id) ON DELETE CASCADE,\n"
	 "  seq INTEGER NOT NULL,\n"
	 "  role TEXT NOT NULL, name TEXT NOT NULL, country TEXT, address TEXT, ident TEXT,\n"
	 "  PRIMARY KEY (subject_id, seq)\n"
	 ") WITHOUT ROWID;\n"
	 "CREATE TABLE goods_item (\n"
	 "  subject_id INTEGER NOT NULL REFERENCES subject(id) ON DELETE CASCADE,\n"
	 "  seq INTEGER NOT NULL,\n"
	 "  hs_code TEXT NOT NULL, description TEXT NOT NULL, origin TEXT,\n"
	 "  packages INTEGER, package_kind TEXT,\n"
	 "  gross_mass REAL, net_mass REAL, value REAL, currency TEXT,\n"
	 "  PRIMARY KEY (subject_id, seq)\n"
	 ") WITHOUT ROWID;\n"
	 "CREATE TABLE container (\n"
	 "  subject_id INTEGER NOT NULL REFERENCES subject(id) ON DELETE CASCADE,\n"
	 "  seq INTEGER NOT NULL,\n"
	 "  number TEXT NOT NULL, seal TEXT,\n"
	 "  PRIMARY KEY (subject_id, seq)\n"
	 ") WITHOUT ROWID;\n"
	 "CREATE TABLE route (\n"
	 "  subject_id INTEGER NOT NULL REFERENCES subject(id) ON DELETE CASCADE,\n"
	 "  seq INTEGER NOT NULL,\n"
	 "  country TEXT NOT NULL,\n"
	 "  PRIMARY KEY (subject_id, seq)\n"
	 ") WITHOUT ROWID;\n"},
	{2,
	 /* Data-quality findings of a subject.  */
	 "CREATE TABLE finding (\n"
	 "  subject_id INTEGER NOT NULL REFERENCES subject(id) ON DELETE CASCADE,\n"
	 "  seq INTEGER NOT NULL,\n"
	 "  code TEXT NOT NULL, detail TEXT,\n"
	 "  PRIMARY KEY (subject_id, seq)\n"
	 ") WITHOUT ROWID;\n"
	 "CREATE INDEX finding_code ON finding(code);\n"
	 /* Watchlists: one row per source; a newer version replaces the older
	  * one (its entries go with it, by cascade).  */
	 "CREATE TABLE watchlist (\n"
	 "  id INTEGER PRIMARY KEY,\n"
	 "  source TEXT NOT NULL UNIQUE,\n"
	 "  name TEXT, publisher TEXT, published TEXT, version TEXT,\n"
	 "  format TEXT NOT NULL,\n"
	 "  digest TEXT NOT NULL UNIQUE, -- BLAKE2b-256 of the file(s), hex\n"
	 "  imported_at TEXT NOT NULL,\n"
	 "  entries INTEGER NOT NULL DEFAULT 0\n"
	 ");\n"
	 "CREATE TABLE wl_entry (\n"
	 "  id INTEGER PRIMARY KEY,\n"
	 "  list_id INTEGER NOT NULL REFERENCES watchlist(id) ON DELETE CASCADE,\n"
	 "  ref TEXT,\n"
	 "  kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 6),\n"
	 "  programme TEXT, reason TEXT, listed_on TEXT, valid_until TEXT, remarks TEXT\n"
	 ");\n"
	 "CREATE INDEX wl_entry_list ON wl_entry(list_id);\n"
	 "CREATE TABLE wl_name (\n"
	 "  entry_id INTEGER NOT NULL REFERENCES wl_entry(id) ON DELETE CASCADE,\n"
	 "  seq INTEGER NOT NULL,\n"
	 "  name TEXT NOT NULL, type TEXT, weak INTEGER NOT NULL DEFAULT 0,\n"
	 "  PRIMARY KEY (entry_id, seq)\n"
	 ") WITHOUT ROWID;\n"
	 /* Birth dates (1), birth places (2), nationalities (3), addresses (4).  */
	 "CREATE TABLE wl_attr (\n"
	 "  entry_id INTEGER NOT NULL REFERENCES wl_entry(id) ON DELETE CASCADE,\n"
	 "  attr INTEGER NOT NULL CHECK (attr BETWEEN 1 AND 4),\n"
	 "  seq INTEGER NOT NULL,\n"
	 "  value TEXT NOT NULL,\n"
	 "  PRIMARY KEY (entry_id, attr, seq)\n"
	 ") WITHOUT ROWID;\n"
	 "CREATE TABLE wl_ident (\n"
	 "  entry_id INTEGER NOT NULL REFERENCES wl_entry(id) ON DELETE CASCADE,\n"
	 "  seq INTEGER NOT NULL,\n"
	 "  type TEXT NOT NULL, number TEXT NOT NULL, country TEXT, note TEXT,\n"
	 "  PRIMARY KEY (entry_id, seq)\n"
	 ") WITHOUT ROWID;\n"},
	{3,
	 /* Screening hits: one row per (subject, party screened, entry).
	  * entry_id is wl_entry.id but no foreign key: hits to entries that a
	  * newer list removed are pruned after the import, and re-screening
	  * replaces the rest.  pair_key names the pair (normalised name and
	  * qualifiers; list, reference and content of the entry).  */
	 "CREATE TABLE screen_hit (\n"
	 "  id INTEGER PRIMARY KEY,\n"
	 "  subject_id INTEGER NOT NULL REFERENCES subject(id) ON DELETE CASCADE,\n"
	 "  role TEXT NOT NULL,\n"
	 "  name TEXT NOT NULL,\n"
	 "  entry_id INTEGER NOT NULL,\n"
	 "  list_source TEXT,\n"
	 "  score REAL NOT NULL,\n"
	 "  alias TEXT NOT NULL,\n"
	 "  explain TEXT NOT NULL,\n"
	 "  decision INTEGER NOT NULL DEFAULT 0 CHECK (decision BETWEEN 0 AND 2),\n"
	 "  reason TEXT,\n"
	 "  pair_key TEXT NOT NULL\n"
	 ");\n"
	 "CREATE INDEX screen_hit_subject ON screen_hit(subject_id);\n"
	 "CREATE INDEX screen_hit_entry ON screen_hit(entry_id);\n"
	 /* Pairs an inspector dismissed: not raised again unless either side
	  * changes (which changes the key).  */
	 "CREATE TABLE screen_dismissal (\n"
	 "  pair_key TEXT PRIMARY KEY,\n"
	 "  reason TEXT NOT NULL,\n"
	 "  decided_at TEXT NOT NULL\n"
	 ") WITHOUT ROWID;\n"
	 /* Subjects screened so far, so that new ones are screened as they
	  * arrive: the highest subject id screened.  */
	 "CREATE TABLE screen_state (\n"
	 "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
	 "  last_subject INTEGER NOT NULL DEFAULT 0\n"
	 ");\n"},
};

const int store_migrations_len = sizeof store_migrations / sizeof store_migrations[0];
