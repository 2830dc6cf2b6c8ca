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

/* The subjects that share a party name or a vehicle with inspection NEW's
 * subject (itself included), marked for scoring; see migration 7.  */
#define RISK_HISTORY_PEERS \
	"  INSERT OR IGNORE INTO risk_dirty (subject_id, why)\n" \
	"    SELECT p2.subject_id, 2 FROM party p1 JOIN party p2 ON p2.name = p1.name WHERE p1.subject_id = NEW.subject_id\n" \
	"    UNION SELECT s2.id, 2 FROM party p1 JOIN subject s2 ON s2.name = p1.name WHERE p1.subject_id = NEW.subject_id\n" \
	"    UNION SELECT p2.subject_id, 2 FROM subject s1 JOIN party p2 ON p2.name = s1.name WHERE s1.id = NEW.subject_id\n" \
	"    UNION SELECT s2.id, 2 FROM subject s1 JOIN subject s2 ON s2.name = s1.name WHERE s1.id = NEW.subject_id\n" \
	"    UNION SELECT s2.id, 2 FROM subject s1 JOIN subject s2 ON s2.plate = s1.plate WHERE s1.id = NEW.subject_id\n" \
	"    UNION SELECT s2.id, 2 FROM subject s1 JOIN subject s2 ON s2.mode = 'road' AND s2.conveyance = s1.plate WHERE s1.id = NEW.subject_id\n" \
	"    UNION SELECT s2.id, 2 FROM subject s1 JOIN subject s2 ON s2.plate = s1.conveyance WHERE s1.id = NEW.subject_id AND s1.mode = 'road'\n" \
	"    UNION SELECT s2.id, 2 FROM subject s1 JOIN subject s2 ON s2.mode = 'road' AND s2.conveyance = s1.conveyance WHERE s1.id = NEW.subject_id AND s1.mode = 'road'\n" \
	"    ;\n"

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
	 /* The queue's other orders and its crossing filter, each one index
	  * so that a page is a range scan: by arrival (a generated key, since
	  * a row value over an expression is not used as a range), and by
	  * crossing then rank.  By reference uses ref's UNIQUE index.  */
	 "ALTER TABLE subject ADD COLUMN arrival_key TEXT\n"
	 "  GENERATED ALWAYS AS (coalesce(arrival, '')) VIRTUAL;\n"
	 "CREATE INDEX subject_by_arrival ON subject(arrival_key, id);\n"
	 "CREATE INDEX subject_by_crossing ON subject(crossing, qrank, id);\n"},
	{4,
	 /* The event log (events.h): append-only, hash-chained, signed.  The
	  * triggers refuse any change to a stored event or actor key; the
	  * tables after them are derived from the events and can be rebuilt
	  * from them (store_events_rebuild).  */
	 "CREATE TABLE event (\n"
	 "  seq INTEGER PRIMARY KEY,\n"
	 "  device TEXT NOT NULL, time TEXT NOT NULL, actor TEXT NOT NULL,\n"
	 "  key BLOB NOT NULL, -- the actor's Ed25519 public key\n"
	 "  type TEXT NOT NULL, subject_ref TEXT NOT NULL DEFAULT '',\n"
	 "  payload TEXT NOT NULL, -- canonical JSON\n"
	 "  prev_hash BLOB NOT NULL, hash BLOB NOT NULL, sig BLOB NOT NULL\n"
	 ");\n"
	 "CREATE TRIGGER event_no_update BEFORE UPDATE ON event\n"
	 "  BEGIN SELECT RAISE(ABORT, 'events are never changed'); END;\n"
	 "CREATE TRIGGER event_no_delete BEFORE DELETE ON event\n"
	 "  BEGIN SELECT RAISE(ABORT, 'events are never deleted'); END;\n"
	 /* Every key that signed an event, from its first use: removed users'
	  * events stay verifiable.  */
	 "CREATE TABLE actor (\n"
	 "  name TEXT NOT NULL, key BLOB NOT NULL, first_seq INTEGER NOT NULL,\n"
	 "  PRIMARY KEY (name, key)\n"
	 ") WITHOUT ROWID;\n"
	 "CREATE TRIGGER actor_no_update BEFORE UPDATE ON actor\n"
	 "  BEGIN SELECT RAISE(ABORT, 'actor keys are never changed'); END;\n"
	 "CREATE TRIGGER actor_no_delete BEFORE DELETE ON actor\n"
	 "  BEGIN SELECT RAISE(ABORT, 'actor keys are never deleted'); END;\n"
	 /* Derived tables.  A shift's and an inspection's id is the seq of the
	  * event that made it, so a rebuild gives the same ids.  */
	 "CREATE TABLE shift (\n"
	 "  id INTEGER PRIMARY KEY, actor TEXT NOT NULL, crossing TEXT,\n"
	 "  opened_seq INTEGER NOT NULL, opened_at TEXT NOT NULL,\n"
	 "  closed_seq INTEGER, closed_at TEXT\n"
	 ");\n"
	 "CREATE INDEX shift_open ON shift(actor, closed_seq);\n"
	 "CREATE TABLE inspection (\n"
	 "  id INTEGER PRIMARY KEY, subject_id INTEGER, subject_ref TEXT NOT NULL,\n"
	 "  actor TEXT NOT NULL, shift_id INTEGER,\n"
	 "  started_seq INTEGER, started_at TEXT,\n"
	 "  outcome_seq INTEGER UNIQUE, ended_at TEXT,\n"
	 "  result TEXT CHECK (result IN ('released', 'discrepancy-corrected', 'seizure',\n"
	 "    'refused-entry', 'referred', 'detained')),\n"
	 "  checks TEXT, notes TEXT,\n"
	 "  corrected_by_seq INTEGER\n"
	 ");\n"
	 "CREATE INDEX inspection_subject ON inspection(subject_ref, outcome_seq);\n"
	 "CREATE TABLE seizure (\n"
	 "  outcome_seq INTEGER NOT NULL, line INTEGER NOT NULL,\n"
	 "  commodity TEXT NOT NULL, hs TEXT, quantity TEXT NOT NULL, unit TEXT NOT NULL,\n"
	 "  value TEXT, currency TEXT, concealment TEXT NOT NULL, detection TEXT NOT NULL,\n"
	 "  PRIMARY KEY (outcome_seq, line)\n"
	 ") WITHOUT ROWID;\n"
	 "CREATE TABLE lane_override (\n"
	 "  seq INTEGER PRIMARY KEY, subject_id INTEGER, subject_ref TEXT NOT NULL,\n"
	 "  lane TEXT NOT NULL, reason TEXT NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL,\n"
	 "  corrected_by_seq INTEGER\n"
	 ");\n"
	 "CREATE TABLE hit_decision (\n"
	 "  seq INTEGER PRIMARY KEY, hit_id INTEGER NOT NULL,\n"
	 "  decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'dismissed')),\n"
	 "  reason TEXT NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL,\n"
	 "  corrected_by_seq INTEGER\n"
	 ");\n"
	 "CREATE INDEX hit_decision_hit ON hit_decision(hit_id);\n"
	 "CREATE TABLE lookup (\n"
	 "  seq INTEGER PRIMARY KEY, actor TEXT NOT NULL, query TEXT NOT NULL, at TEXT NOT NULL\n"
	 ");\n"
	 "CREATE TABLE countersign (\n"
	 "  seq INTEGER PRIMARY KEY, target_seq INTEGER NOT NULL, actor TEXT NOT NULL,\n"
	 "  note TEXT, at TEXT NOT NULL\n"
	 ");\n"},
	{5,
	 /* Risk (store_risk.c).  Rule sets as loaded, never deleted (an
	  * explanation names the one it was scored with); the one in force
	  * and the generation of everything scoring depends on are in the one
	  * row of risk_state, with the random-selection key.  */
	 "CREATE TABLE risk_ruleset (\n"
	 "  id INTEGER PRIMARY KEY,\n"
	 "  digest TEXT NOT NULL, -- BLAKE2b-256 of the text, hex\n"
	 "  text TEXT NOT NULL,\n"
	 "  rules INTEGER NOT NULL,\n"
	 "  loaded_at TEXT NOT NULL,\n"
	 "  loaded_by TEXT\n"
	 ");\n"
	 "CREATE TABLE risk_setting (\n"
	 "  key TEXT PRIMARY KEY, value TEXT NOT NULL\n"
	 ") WITHOUT ROWID;\n"
	 "CREATE TABLE risk_state (\n"
	 "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
	 "  ruleset_id INTEGER REFERENCES risk_ruleset(id),\n"
	 "  generation INTEGER NOT NULL DEFAULT 1,\n"
	 "  scored_generation INTEGER NOT NULL DEFAULT 0,\n"
	 "  scored_ruleset_id INTEGER REFERENCES risk_ruleset(id),\n"
	 "  random_key BLOB\n"
	 ");\n"
	 "INSERT INTO risk_state (id) VALUES (1);\n"
	 /* Value per kilogram norms by HS heading, made by a full scoring.  */
	 "CREATE TABLE risk_norm (\n"
	 "  heading INTEGER PRIMARY KEY, vpk REAL NOT NULL, samples INTEGER NOT NULL\n"
	 ");\n"
	 /* Why each subject scores what it does: kind 1 a rule, 2 random.  */
	 "CREATE TABLE risk_contribution (\n"
	 "  subject_id INTEGER NOT NULL REFERENCES subject(id) ON DELETE CASCADE,\n"
	 "  seq INTEGER NOT NULL,\n"
	 "  kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 2),\n"
	 "  rule_id TEXT, rule_version INTEGER,\n"
	 "  points INTEGER NOT NULL, lane INTEGER NOT NULL DEFAULT 0,\n"
	 "  PRIMARY KEY (subject_id, seq)\n"
	 ") WITHOUT ROWID;\n"
	 "CREATE INDEX risk_contribution_rule ON risk_contribution(rule_id);\n"
	 /* Lane overrides are events (lane_override, migration 4); scoring
	  * reads the newest per subject.  */
	 "CREATE INDEX lane_override_subject ON lane_override(subject_id, seq);\n"
	 /* Subjects to score: every new subject (a replaced one is new), and
	  * whatever another module marks (store_risk_mark_dirty()).  */
	 "CREATE TABLE risk_dirty (\n"
	 "  subject_id INTEGER PRIMARY KEY REFERENCES subject(id) ON DELETE CASCADE,\n"
	 "  why INTEGER NOT NULL DEFAULT 1 -- 1 new or changed, 2 marked by a module\n"
	 ");\n"
	 "INSERT INTO risk_dirty (subject_id) SELECT id FROM subject;\n"
	 "CREATE TRIGGER risk_subject_new AFTER INSERT ON subject BEGIN\n"
	 "  INSERT OR IGNORE INTO risk_dirty (subject_id) VALUES (NEW.id);\n"
	 "END;\n"
	 /* The first subject each consignee appeared on: "is this consignee
	  * new?" in one probe, kept as parties are stored.  */
	 "CREATE TABLE risk_consignee (\n"
	 "  name TEXT PRIMARY KEY, first_subject INTEGER NOT NULL\n"
	 ") WITHOUT ROWID;\n"
	 "INSERT INTO risk_consignee SELECT name, min(subject_id) FROM party\n"
	 "  WHERE role = 'consignee' GROUP BY name;\n"
	 "CREATE TRIGGER risk_consignee_new AFTER INSERT ON party\n"
	 "  WHEN NEW.role = 'consignee' BEGIN\n"
	 "  INSERT OR IGNORE INTO risk_consignee (name, first_subject)\n"
	 "    VALUES (NEW.name, NEW.subject_id);\n"
	 "END;\n"},
	{6,
	 /* Offline sync (sync.h).  The keys this vault knows: HQ's (on a
	  * booth, trusted with "keys trust") and the booths' (at HQ, enrolled
	  * with "keys enrol"), each with the device id its events carry.  */
	 "CREATE TABLE sync_key (\n"
	 "  key BLOB PRIMARY KEY, -- Ed25519 public key (a vault's device key)\n"
	 "  role TEXT NOT NULL CHECK (role IN ('hq', 'booth')),\n"
	 "  device TEXT NOT NULL, -- the device id in its events\n"
	 "  booth TEXT UNIQUE, crossing TEXT, added_at TEXT NOT NULL\n"
	 ") WITHOUT ROWID;\n"
	 /* Counters of a booth: 'acked' (the highest seq HQ acknowledged),
	  * 'pack' (the version of the last pack applied).  They only go up.  */
	 "CREATE TABLE sync_state (\n"
	 "  name TEXT PRIMARY KEY, value INTEGER NOT NULL\n"
	 ") WITHOUT ROWID;\n"
	 /* At HQ: every booth's events, a union named (device, seq), each
	  * stored once and never changed.  */
	 "CREATE TABLE hq_event (\n"
	 "  device TEXT NOT NULL, seq INTEGER NOT NULL,\n"
	 "  time TEXT NOT NULL, actor TEXT NOT NULL, key BLOB NOT NULL,\n"
	 "  type TEXT NOT NULL, subject_ref TEXT NOT NULL, payload TEXT NOT NULL,\n"
	 "  prev_hash BLOB NOT NULL, hash BLOB NOT NULL, sig BLOB NOT NULL,\n"
	 "  ingested_at TEXT NOT NULL,\n"
	 "  PRIMARY KEY (device, seq)\n"
	 ") WITHOUT ROWID;\n"
	 "CREATE TRIGGER hq_event_no_update BEFORE UPDATE ON hq_event\n"
	 "  BEGIN SELECT RAISE(ABORT, 'events are never changed'); END;\n"
	 "CREATE TRIGGER hq_event_no_delete BEFORE DELETE ON hq_event\n"
	 "  BEGIN SELECT RAISE(ABORT, 'events are never deleted'); END;\n"
	 /* Per booth: how far HQ holds every event from 1 (what acks say).  */
	 "CREATE TABLE hq_head (\n"
	 "  device TEXT PRIMARY KEY, seq INTEGER NOT NULL, hash BLOB NOT NULL\n"
	 ") WITHOUT ROWID;\n"
	 /* Forks seen (two different events with one number): kept even
	  * though the bundle that showed them was refused.  */
	 "CREATE TABLE hq_problem (\n"
	 "  device TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL,\n"
	 "  detail TEXT NOT NULL, seen_at TEXT NOT NULL,\n"
	 "  PRIMARY KEY (device, seq, kind)\n"
	 ") WITHOUT ROWID;\n"
	 /* At a booth: the users' public data from HQ's packs (no key slots),
	  * and the packs applied.  */
	 "CREATE TABLE pack_user (\n"
	 "  user TEXT PRIMARY KEY, role TEXT NOT NULL, key BLOB NOT NULL,\n"
	 "  version INTEGER NOT NULL\n"
	 ") WITHOUT ROWID;\n"
	 "CREATE TABLE pack_applied (\n"
	 "  version INTEGER PRIMARY KEY, sender BLOB NOT NULL, applied_at TEXT NOT NULL,\n"
	 "  members INTEGER NOT NULL\n"
	 ");\n"},
	{7,
	 /* Risk follows history: an inspection's result (an outcome, or its
	  * correction) changes the facts of every subject that shares a party
	  * name or a vehicle with the inspected one (store_risk_facts), so
	  * they are marked for the next incremental scoring.  The indexes
	  * make each part of the trigger a lookup, never a scan (checked with
	  * EXPLAIN QUERY PLAN; a view over the same UNION is not flattened
	  * and would scan).  */
	 "CREATE INDEX party_name ON party(name);\n"
	 "CREATE INDEX subject_name ON subject(name) WHERE name IS NOT NULL;\n"
	 "CREATE INDEX subject_plate ON subject(plate) WHERE plate IS NOT NULL;\n"
	 "CREATE INDEX subject_road_conveyance ON subject(conveyance)\n"
	 "  WHERE mode = 'road' AND conveyance IS NOT NULL;\n"
	 "CREATE TRIGGER risk_history_insert AFTER INSERT ON inspection\n"
	 "  WHEN NEW.result IS NOT NULL AND NEW.subject_id IS NOT NULL BEGIN\n"
	 RISK_HISTORY_PEERS
	 "END;\n"
	 "CREATE TRIGGER risk_history_update AFTER UPDATE OF result ON inspection\n"
	 "  WHEN NEW.result IS NOT NULL AND NEW.subject_id IS NOT NULL BEGIN\n"
	 RISK_HISTORY_PEERS
	 "END;\n"},
	{8,
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
	 ");\n"
	 /* A subject's hits are facts of its risk (store_risk_facts): a new,
	  * removed or decided hit marks it for the next incremental scoring. */
	 "CREATE TRIGGER risk_screen_hit_new AFTER INSERT ON screen_hit BEGIN\n"
	 "  INSERT OR IGNORE INTO risk_dirty (subject_id, why) VALUES (NEW.subject_id, 2);\n"
	 "END;\n"
	 "CREATE TRIGGER risk_screen_hit_gone AFTER DELETE ON screen_hit BEGIN\n"
	 "  INSERT OR IGNORE INTO risk_dirty (subject_id, why) VALUES (OLD.subject_id, 2);\n"
	 "END;\n"
	 "CREATE TRIGGER risk_screen_hit_decided AFTER UPDATE OF decision, score ON screen_hit\n"
	 "BEGIN\n"
	 "  INSERT OR IGNORE INTO risk_dirty (subject_id, why) VALUES (NEW.subject_id, 2);\n"
	 "END;\n"},
	/* The queue's search: a trigram index of each subject's reference and
	 * party, so that a rare text is found without reading every subject
	 * (store_queue_page).  The text stays in subject (content=): the
	 * index holds only which subjects have which three characters
	 * (detail=none), and the triggers keep it in step.  And the number of
	 * subjects, kept the same way.  */
	{9,
	 "CREATE VIRTUAL TABLE subject_text USING fts5(\n"
	 "  ref, party, content='subject', content_rowid='id',\n"
	 "  tokenize='trigram', detail='none', columnsize=0\n"
	 ");\n"
	 "INSERT INTO subject_text (subject_text) VALUES ('rebuild');\n"
	 "CREATE TRIGGER subject_text_new AFTER INSERT ON subject BEGIN\n"
	 "  INSERT INTO subject_text (rowid, ref, party) VALUES (NEW.id, NEW.ref, NEW.party);\n"
	 "END;\n"
	 "CREATE TRIGGER subject_text_gone AFTER DELETE ON subject BEGIN\n"
	 "  INSERT INTO subject_text (subject_text, rowid, ref, party)\n"
	 "  VALUES ('delete', OLD.id, OLD.ref, OLD.party);\n"
	 "END;\n"
	 "CREATE TRIGGER subject_text_changed AFTER UPDATE OF id, ref, party ON subject BEGIN\n"
	 "  INSERT INTO subject_text (subject_text, rowid, ref, party)\n"
	 "  VALUES ('delete', OLD.id, OLD.ref, OLD.party);\n"
	 "  INSERT INTO subject_text (rowid, ref, party) VALUES (NEW.id, NEW.ref, NEW.party);\n"
	 "END;\n"
	 /* The number of subjects, for the queue's count without a filter
	  * (count(*) reads a whole index: 40 ms at a million).  */
	 "CREATE TABLE subject_total (\n"
	 "  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
	 "  n INTEGER NOT NULL\n"
	 ");\n"
	 "INSERT INTO subject_total (id, n) SELECT 1, count(*) FROM subject;\n"
	 "CREATE TRIGGER subject_total_new AFTER INSERT ON subject BEGIN\n"
	 "  UPDATE subject_total SET n = n + 1 WHERE id = 1;\n"
	 "END;\n"
	 "CREATE TRIGGER subject_total_gone AFTER DELETE ON subject BEGIN\n"
	 "  UPDATE subject_total SET n = n - 1 WHERE id = 1;\n"
	 "END;\n"},
};

const int store_migrations_len = sizeof store_migrations / sizeof store_migrations[0];
