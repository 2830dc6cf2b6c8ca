/* test_faults: the vault under failing disks.
 *
 * This program links a copy of the VFS shim built with fault injection
 * (vault_vfs_fault.h, tests/faults.mk).  For each operation that writes a
 * vault -- importing a manifest, scoring, recording an outcome (an event),
 * exporting a bundle at a booth, ingesting it at HQ -- it first builds the
 * state before the operation once and keeps a copy of the vault file.
 * Then:
 *
 *   1. one clean run on a copy counts the reads, writes, syncs and
 *      truncates the operation makes;
 *   2. for each kind and for N over that range (every N up to a limit,
 *      then evenly spread), a fresh copy is opened and the operation runs
 *      with the Nth operation of that kind failing: EIO (the SQLite
 *      SQLITE_IOERR_* code the unix VFS gives for it) or, for writes,
 *      alternately ENOSPC (SQLITE_FULL);
 *   3. the operation either succeeds (the fault hit nothing that mattered)
 *      or reports DIAG_IO with a message naming the cause ("disk I/O
 *      error", "database or disk is full");
 *   4. the store is closed, the vault opened again with no faults: it
 *      opens, vault_verify() and events_verify() pass, and its content
 *      (a digest of every table) equals the state before the operation
 *      when it failed -- every operation is one transaction -- and
 *      differs from it when it succeeded.
 *
 * Then the same for closing the vault after the operation succeeded (the
 * checkpoint: reads of the WAL, writes to the file, syncs, the truncate
 * of the WAL): every failure there leaves what was committed in place.
 *
 * DOUANE_FAULT_POINTS (default 400, more than any of these operations
 * makes: every point is tried) caps how many N are tried per kind.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>
#include <sqlite3.h>

#include "events.h"
#include "import.h"
#include "store_internal.h"
#include "sync.h"
#include "testutil.h"
#include "vault_vfs_fault.h"

#define KINDS 4
static const char *const kind_names[KINDS] = {"read", "write", "sync", "truncate"};

/* The hook's state: counts, and the one operation to fail.  */
static struct {
	long count[KINDS];
	int fail_kind; /* -1: none */
	long fail_at;  /* 1-based */
	int fail_rc;
	bool fired;
} faults;

static int
fault_hook(void *ctx, enum vault_vfs_fault_op op, bool wal)
{
	(void)ctx;
	(void)wal;
	faults.count[op]++;
	if ((int)op == faults.fail_kind && faults.count[op] == faults.fail_at) {
		faults.fired = true;
		return faults.fail_rc;
	}
	return SQLITE_OK;
}

static void
faults_arm(int kind, long at, int rc)
{
	memset(faults.count, 0, sizeof faults.count);
	faults.fail_kind = kind;
	faults.fail_at = at;
	faults.fail_rc = rc;
	faults.fired = false;
	vault_vfs_set_fault_hook(fault_hook, NULL);
}

static void
faults_disarm(void)
{
	vault_vfs_set_fault_hook(NULL, NULL);
}

/* --- Files ------------------------------------------------------------------ */

static char dir[512];

static void
copy_file(const char *from, const char *to)
{
	FILE *a = fopen(from, "rb"), *b;
	char buf[65536];
	size_t n;

	unlink(to);
	if (a == NULL)
		return; /* absent (a WAL): absent in the copy too */
	b = fopen(to, "wb");
	assert_non_null(b);
	while ((n = fread(buf, 1, sizeof buf, a)) > 0)
		assert_int_equal(fwrite(buf, 1, n, b), n);
	fclose(a);
	assert_int_equal(fclose(b), 0);
}

/* Copy the vault FROM (closed) to TO, with its WAL when it has one.  */
static void
copy_vault(const char *from, const char *to)
{
	char a[1100], b[1100];

	copy_file(from, to);
	snprintf(a, sizeof a, "%s-wal", from);
	snprintf(b, sizeof b, "%s-wal", to);
	copy_file(a, b);
	snprintf(b, sizeof b, "%s-shm", to);
	unlink(b);
}

static struct vault *
vault_of(struct store *st)
{
	struct vault *v = test_store_vault(st);

	if (v == NULL)
		fail_msg("store not from testutil");
	return v;
}

/* BLAKE2b of every row of every table, in a fixed order.  */
static void
store_digest(struct store *st, unsigned char out[32])
{
	sqlite3 *db = store_sqlite(st);
	sqlite3_stmt *tables, *rows;
	crypto_generichash_state h;

	crypto_generichash_init(&h, NULL, 0, 32);
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT name FROM sqlite_schema WHERE type = 'table' "
					    "AND name NOT LIKE 'sqlite_%' ORDER BY name",
					    -1, &tables, NULL),
			 SQLITE_OK);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		char *sql = sqlite3_mprintf("SELECT * FROM \"%w\" ORDER BY 1", name);
		int rc;

		crypto_generichash_update(&h, (const unsigned char *)name, strlen(name) + 1);
		assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &rows, NULL), SQLITE_OK);
		sqlite3_free(sql);
		while ((rc = sqlite3_step(rows)) == SQLITE_ROW)
			for (int c = 0; c < sqlite3_column_count(rows); c++) {
				unsigned char type = (unsigned char)sqlite3_column_type(rows, c);
				const void *p = sqlite3_column_blob(rows, c);
				int n = sqlite3_column_bytes(rows, c);

				crypto_generichash_update(&h, &type, 1);
				crypto_generichash_update(&h, (const unsigned char *)&n, sizeof n);
				if (n > 0)
					crypto_generichash_update(&h, p, (size_t)n);
			}
		assert_int_equal(rc, SQLITE_DONE);
		sqlite3_finalize(rows);
	}
	sqlite3_finalize(tables);
	crypto_generichash_final(&h, out, 32);
}

/* Open the vault at PATH with no faults, check it whole: the vault's own
 * pages and the event chain.  The digest of its content in OUT.  */
static void
check_whole(const char *path, unsigned char out[32])
{
	struct store *st;
	struct events_check ec;
	struct diag d;
	uint32_t bad = 0;

	if (test_store_open(path, &st, &d) != DIAG_OK)
		fail_msg("reopen after a fault: %s", d.msg);
	if (vault_verify(vault_of(st), &bad, &d) != DIAG_OK)
		fail_msg("vault verify after a fault: %s (page %u)", d.msg, (unsigned)bad);
	if (events_verify(st, vault_of(st), &ec, &d) != DIAG_OK)
		fail_msg("events verify after a fault: %s", d.msg);
	store_digest(st, out);
	test_store_close(st);
}

/* --- Operations ---------------------------------------------------------------- */

struct scenario {
	const char *name;
	/* Build the state before the operation in the open store ST (whose
	 * vault is at PATH).  */
	void (*prepare)(struct store *st, const char *path);
	/* The operation, on the store opened from a copy.  */
	enum diag_status (*run)(struct store *st, struct diag *d);
	/* Whether the operation changes the vault (an export only reads it:
	 * the booth learns what HQ holds from HQ's acks).  */
	bool changes;
};

static char manifest[1024];
static char bundle[PATH_MAX];
static char outdir[600];

static void
add_subject(struct store *st, const char *ref)
{
	struct subject s;
	struct diag d;

	subject_init(&s, SUBJECT_CONSIGNMENT);
	s.ref = strdup(ref);
	assert_int_equal(store_subject_put(st, &s, 0, false, &d), DIAG_OK);
	subject_clear(&s);
}

static void
append_ok(struct store *st, enum event_type t, const char *subject, const char *payload)
{
	struct diag d;

	if (events_append(st, vault_of(st), t, subject, payload, NULL, &d) != DIAG_OK)
		fail_msg("append %s: %s", event_type_name(t), d.msg);
}

static void
prepare_nothing(struct store *st, const char *path)
{
	(void)st;
	(void)path;
}

static enum diag_status
run_import(struct store *st, struct diag *d)
{
	struct import_stats stats;

	return import_manifest_file(st, manifest, &stats, NULL, NULL, d);
}

static const char rules_text[] =
	"rule TOBACCO\n version 1\n weight 45\n reason \"Cigarettes\"\n when hs in (2402)\nend\n"
	"rule ANY\n version 1\n weight 10\n reason \"Everything\"\n when items >= 0\nend\n";

static void
prepare_score(struct store *st, const char *path)
{
	struct import_stats stats;
	struct diag d;

	(void)path;
	if (import_manifest_file(st, manifest, &stats, NULL, NULL, &d) != DIAG_OK)
		fail_msg("import: %s", d.msg);
	if (store_risk_rules_load(st, rules_text, strlen(rules_text), "t.rules", TEST_USER, NULL,
				  &d) != DIAG_OK)
		fail_msg("rules: %s", d.msg);
}

static enum diag_status
run_score(struct store *st, struct diag *d)
{
	struct store_score_stats stats;

	return store_risk_score(st, STORE_SCORE_ALL, "2026-11-24", &stats, d);
}

static void
prepare_outcome(struct store *st, const char *path)
{
	(void)path;
	add_subject(st, "CN-1");
	append_ok(st, EVENT_SHIFT_OPEN, NULL, "{\"crossing\":\"FRCQF\"}");
	append_ok(st, EVENT_INSPECTION_START, "CN-1", NULL);
}

static enum diag_status
run_outcome(struct store *st, struct diag *d)
{
	return events_append(st, vault_of(st), EVENT_OUTCOME, "CN-1",
			     "{\"checks\":[\"documents\"],\"result\":\"released\",\"started\":"
			     "\"2026-11-24T08:40:00Z\",\"ended\":\"2026-11-24T08:45:00Z\"}",
			     NULL, d);
}

/* A booth with events, paired with an HQ whose vault is HQ_PATH.  */
static char hq_path[1024];

static void
prepare_booth(struct store *st, const char *path)
{
	char kb[1100], kh[1100];
	struct store *hq;
	struct diag d;

	(void)path;
	snprintf(kb, sizeof kb, "%s/booth.key", dir);
	snprintf(kh, sizeof kh, "%s/hq.key", dir);
	assert_int_equal(test_store_open(hq_path, &hq, &d), DIAG_OK);
	assert_int_equal(sync_key_export(vault_of(st), kb, &d), DIAG_OK);
	assert_int_equal(sync_key_export(vault_of(hq), kh, &d), DIAG_OK);
	if (sync_key_enrol(hq, vault_of(hq), kb, "B1", "FRCQF", &d) != DIAG_OK)
		fail_msg("enrol: %s", d.msg);
	if (sync_key_trust(st, vault_of(st), kh, &d) != DIAG_OK)
		fail_msg("trust: %s", d.msg);
	test_store_close(hq);
	for (int i = 0; i < 20; i++)
		append_ok(st, EVENT_LOOKUP, NULL, "{\"query\":\"CN-1\"}");
}

static enum diag_status
run_export(struct store *st, struct diag *d)
{
	struct sync_export_result r;
	enum diag_status rc = sync_export(st, vault_of(st), outdir, &r, d);

	if (rc == DIAG_OK) {
		assert_true(r.last > 0);
		unlink(r.path);
	}
	return rc;
}

/* HQ: the vault at HQ_PATH becomes the state before; the bundle comes from
 * the booth vault at PATH.  */
static void
prepare_hq(struct store *st, const char *path)
{
	struct sync_export_result r;
	struct diag d;

	(void)st;
	if (sync_export(st, vault_of(st), dir, &r, &d) != DIAG_OK)
		fail_msg("export: %s", d.msg);
	assert_true(r.last > 0);
	snprintf(bundle, sizeof bundle, "%s", r.path);
	(void)path;
}

static enum diag_status
run_ingest(struct store *st, struct diag *d)
{
	struct sync_ingest_result r;

	return sync_ingest(st, vault_of(st), bundle, &r, NULL, NULL, d);
}

/* --- The loop --------------------------------------------------------------------- */

static long
fault_points(void)
{
	const char *env = getenv("DOUANE_FAULT_POINTS");

	return env && atol(env) > 0 ? atol(env) : 400;
}

static int
fault_rc(int kind, long n)
{
	switch (kind) {
	case VAULT_VFS_FAULT_READ:
		return SQLITE_IOERR_READ;
	case VAULT_VFS_FAULT_WRITE:
		return n % 2 ? SQLITE_IOERR_WRITE : SQLITE_FULL;
	case VAULT_VFS_FAULT_SYNC:
		return SQLITE_IOERR_FSYNC;
	default:
		return SQLITE_IOERR_TRUNCATE;
	}
}

/* After S's operation succeeded, closing the vault (the checkpoint that
 * copies the WAL into the file, its syncs and truncate) fails at each
 * point in turn: what was committed is still there.  */
static void
close_scan(const struct scenario *s, const char *base, const char *work)
{
	long total[KINDS];
	struct store *st;
	struct diag d;

	copy_vault(base, work);
	assert_int_equal(test_store_open(work, &st, &d), DIAG_OK);
	assert_int_equal(s->run(st, &d), DIAG_OK);
	faults_arm(-1, 0, SQLITE_OK);
	test_store_close(st);
	faults_disarm();
	memcpy(total, faults.count, sizeof total);
	for (int kind = 0; kind < KINDS; kind++)
		for (long n = 1; n <= total[kind] && n <= fault_points(); n++) {
			unsigned char committed[32], now[32];

			copy_vault(base, work);
			assert_int_equal(test_store_open(work, &st, &d), DIAG_OK);
			assert_int_equal(s->run(st, &d), DIAG_OK);
			store_digest(st, committed);
			faults_arm(kind, n, fault_rc(kind, n));
			test_store_close(st);
			faults_disarm();
			check_whole(work, now);
			if (memcmp(now, committed, 32) != 0)
				fail_msg("%s, closing with %s %ld of %ld failing: committed data lost",
					 s->name, kind_names[kind], n, total[kind]);
		}
	print_message("# %s, closing: %ld reads, %ld writes, %ld syncs, %ld truncates, "
		      "each failing in turn\n",
		      s->name, total[0], total[1], total[2], total[3]);
}

/* Run S's operation on copies of BASE with each fault in turn.  */
static void
fault_scan(const struct scenario *s, const char *base)
{
	char work[1100];
	unsigned char before[32], after[32];
	long total[KINDS];
	long failed = 0, passed = 0;
	struct store *st;
	struct diag d;

	snprintf(work, sizeof work, "%s/work.vault", dir);
	copy_vault(base, work);
	check_whole(work, before);

	/* 1. The clean run, counting.  */
	assert_int_equal(test_store_open(work, &st, &d), DIAG_OK);
	faults_arm(-1, 0, SQLITE_OK);
	if (s->run(st, &d) != DIAG_OK)
		fail_msg("%s without faults: %s", s->name, d.msg);
	faults_disarm();
	memcpy(total, faults.count, sizeof total);
	test_store_close(st);
	check_whole(work, after);
	if (s->changes)
		assert_memory_not_equal(before, after, 32);
	else
		assert_memory_equal(before, after, 32);

	for (int kind = 0; kind < KINDS; kind++) {
		long points = fault_points(), step;

		if (total[kind] == 0)
			continue;
		step = total[kind] > points ? (total[kind] + points - 1) / points : 1;
		for (long n = 1; n <= total[kind]; n += step) {
			enum diag_status rc;
			unsigned char now[32];
			char msg[DIAG_MSG_MAX + 100];

			copy_vault(base, work);
			assert_int_equal(test_store_open(work, &st, &d), DIAG_OK);
			diag_clear(&d);
			faults_arm(kind, n, fault_rc(kind, n));
			rc = s->run(st, &d);
			faults_disarm();
			snprintf(msg, sizeof msg, "%s, %s %ld of %ld failing: status %d, \"%s\"",
				 s->name, kind_names[kind], n, total[kind], (int)rc, d.msg);
			if (rc != DIAG_OK) {
				/* A clear error: I/O, naming the cause.  */
				if (rc != DIAG_IO)
					fail_msg("%s: not DIAG_IO", msg);
				if (strstr(d.msg, "disk I/O error") == NULL &&
				    strstr(d.msg, "disk is full") == NULL)
					fail_msg("%s: the cause is not named", msg);
				failed++;
			} else
				passed++;
			test_store_close(st);
			check_whole(work, now);
			if (rc != DIAG_OK && memcmp(now, before, 32) != 0)
				fail_msg("%s: the vault is not as before the operation", msg);
			if (rc == DIAG_OK && (memcmp(now, before, 32) == 0) == s->changes)
				fail_msg("%s: reported done, but the vault is not as after it", msg);
		}
	}
	print_message("# %s: %ld reads, %ld writes, %ld syncs, %ld truncates; "
		      "%ld faults reported, %ld without effect\n",
		      s->name, total[0], total[1], total[2], total[3], failed, passed);
	assert_true(failed > 0);
	close_scan(s, base, work);
}

/* Build S's state before in a vault of its own and scan it.  */
static void
scenario_test(const struct scenario *s)
{
	char base[1100];
	struct store *st;

	snprintf(base, sizeof base, "%s/base.vault", dir);
	unlink(base);
	for (int i = 0; i < 3; i++) {
		static const char *const suffix[3] = {"", "-wal", "-shm"};
		char p[1100];

		snprintf(p, sizeof p, "%s/test.vault%s", dir, suffix[i]);
		unlink(p);
	}
	st = test_store_create_at(dir, NULL, 0);
	s->prepare(st, NULL);
	test_store_close(st);
	{
		char from[1100];

		snprintf(from, sizeof from, "%s/test.vault", dir);
		copy_vault(from, base);
	}
	fault_scan(s, base);
}

static void
test_import(void **state)
{
	static const struct scenario s = {"import", prepare_nothing, run_import, true};

	(void)state;
	scenario_test(&s);
}

static void
test_score(void **state)
{
	static const struct scenario s = {"score", prepare_score, run_score, true};

	(void)state;
	scenario_test(&s);
}

static void
test_outcome(void **state)
{
	static const struct scenario s = {"outcome", prepare_outcome, run_outcome, true};

	(void)state;
	scenario_test(&s);
}

static void
test_export(void **state)
{
	static const struct scenario s = {"export", prepare_booth, run_export, false};
	struct store *hq;
	struct diag d;

	(void)state;
	/* The HQ first, then the booth paired with it (test.vault, base).  */
	mkdir(outdir, 0700);
	{
		char hqdir[600];

		snprintf(hqdir, sizeof hqdir, "%s/hq", dir);
		mkdir(hqdir, 0700);
		hq = test_store_create_at(hqdir, hq_path, sizeof hq_path);
		test_store_close(hq);
	}
	scenario_test(&s);
	(void)d;
}

static void
test_ingest(void **state)
{
	static const struct scenario s = {"ingest", prepare_nothing, run_ingest, true};
	char booth[1100], hqbase[1100];
	struct store *st;
	struct diag d;

	(void)state;
	/* test_export left a paired booth (base.vault) and its HQ.  */
	snprintf(booth, sizeof booth, "%s/base.vault", dir);
	assert_int_equal(test_store_open(booth, &st, &d), DIAG_OK);
	prepare_hq(st, booth);
	test_store_close(st);
	snprintf(hqbase, sizeof hqbase, "%s/hqbase.vault", dir);
	copy_vault(hq_path, hqbase);
	fault_scan(&s, hqbase);
}

static int
group_setup(void **state)
{
	char buf[1024];

	(void)state;
	snprintf(dir, sizeof dir, "%s", test_tmpdir());
	snprintf(outdir, sizeof outdir, "%s/out", dir);
	snprintf(manifest, sizeof manifest, "%s",
		 test_srcpath(buf, sizeof buf, "tests/data/manifests/good.xml"));
	return 0;
}

static void
rm_sub(const char *name)
{
	char p[700];

	snprintf(p, sizeof p, "%s/%s", dir, name);
	test_rmdir(p);
}

static int
group_teardown(void **state)
{
	(void)state;
	rm_sub("out");
	rm_sub("hq");
	test_rmdir(dir);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import),
		cmocka_unit_test(test_score),
		cmocka_unit_test(test_outcome),
		cmocka_unit_test(test_export),
		cmocka_unit_test(test_ingest),
	};

	return cmocka_run_group_tests_name("faults", tests, group_setup, group_teardown);
}
