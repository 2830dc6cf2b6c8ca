/* test_events: the signed event log, the outcome model, canonical JSON and
 * the users' signing keys.
 *
 * Tampering is done the way an insider holding the master key would do it:
 * beneath the store, on the decrypted database through the vault's VFS
 * (raw_open below), after dropping the triggers that make the event table
 * append-only.  The checks must then still name the first bad event.  */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>
#include <sqlite3.h>

#include "events.h"
#include "json.h"
#include "outcome.h"
#include "testutil.h"

static const char *tmpdir;

/* --- Helpers ---------------------------------------------------------------- */

static void
hex(const unsigned char *p, size_t n, char *out)
{
	sodium_bin2hex(out, 2 * n + 1, p, n);
}

static struct vault *
vault_of(struct store *st)
{
	struct vault *v = test_store_vault(st);

	if (v == NULL)
		fail_msg("store not from testutil");
	return v;
}

/* A fresh vault in its own directory, with subjects CN-1 and CN-2.  */
static struct store *
fresh(char *path, size_t size)
{
	char dir[600];
	struct store *st;
	struct diag d;

	snprintf(dir, sizeof dir, "%s/XXXXXX", tmpdir);
	assert_non_null(mkdtemp(dir));
	st = test_store_create_at(dir, path, size);
	for (int i = 1; i <= 2; i++) {
		struct subject s;
		char ref[16];

		subject_init(&s, SUBJECT_CONSIGNMENT);
		snprintf(ref, sizeof ref, "CN-%d", i);
		s.ref = strdup(ref);
		assert_int_equal(store_subject_put(st, &s, 0, false, &d), DIAG_OK);
		subject_clear(&s);
	}
	return st;
}

static int64_t
append_ok(struct store *st, enum event_type t, const char *subject, const char *payload)
{
	struct diag d;
	int64_t seq = 0;

	diag_clear(&d);
	if (events_append(st, vault_of(st), t, subject, payload, &seq, &d) != DIAG_OK)
		fail_msg("append %s: %s", event_type_name(t), d.msg);
	return seq;
}

static const char outcome_seizure[] =
	"{\"checks\":[\"documents\",\"x-ray\"],\"result\":\"seizure\",\"started\":"
	"\"2026-11-24T08:40:00Z\",\"ended\":\"2026-11-24T09:12:00Z\",\"seizures\":[{"
	"\"commodity\":\"cigarettes\",\"hs\":\"240220\",\"quantity\":\"12000\",\"unit\":\"H87\","
	"\"value\":\"3600.00\",\"currency\":\"EUR\",\"concealment\":\"false-bottom\","
	"\"detection\":\"x-ray\"}]}";
static const char outcome_released[] =
	"{\"checks\":[\"documents\"],\"result\":\"released\",\"started\":"
	"\"2026-11-24T08:40:00Z\",\"ended\":\"2026-11-24T08:45:00Z\"}";

/* The decrypted database, beneath the store (the vault must be open). */
static sqlite3 *
raw_open(const char *path)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, VAULT_VFS_NAME),
			 SQLITE_OK);
	return db;
}

static void
raw_exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
}

static int64_t
raw_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static char *
raw_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	char *v = NULL;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		v = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return v;
}

static void
raw_untrigger(sqlite3 *db)
{
	raw_exec(db, "DROP TRIGGER event_no_update; DROP TRIGGER event_no_delete;"
		     "DROP TRIGGER actor_no_update; DROP TRIGGER actor_no_delete;");
}

/* A log of six events: shift, inspection, outcome, three lookups.  */
static struct store *
six_events(char *path, size_t size)
{
	struct store *st = fresh(path, size);

	append_ok(st, EVENT_SHIFT_OPEN, NULL, "{\"crossing\":\"FRCQF\"}");
	append_ok(st, EVENT_INSPECTION_START, "CN-1", NULL);
	append_ok(st, EVENT_OUTCOME, "CN-1", outcome_seizure);
	append_ok(st, EVENT_LOOKUP, NULL, "{\"query\":\"Ivan Petrov\"}");
	append_ok(st, EVENT_LOOKUP, NULL, "{\"query\":\"Acme Trading\"}");
	append_ok(st, EVENT_LOOKUP, NULL, "{\"query\":\"Jane Roe\"}");
	return st;
}

/* Verify ST; expect BAD_SEQ (0: intact).  */
static void
expect_verify(struct store *st, int64_t bad_seq, const char *why_part)
{
	struct events_check r;
	struct diag d;
	enum diag_status rc;

	diag_clear(&d);
	rc = events_verify(st, vault_of(st), &r, &d);
	if (bad_seq == 0) {
		if (rc != DIAG_OK)
			fail_msg("verify: %s", d.msg);
		return;
	}
	assert_int_equal(rc, DIAG_DATA);
	if (r.bad_seq != bad_seq)
		fail_msg("bad seq %lld, wanted %lld (%s)", (long long)r.bad_seq,
			 (long long)bad_seq, d.msg);
	if (why_part && strstr(r.why, why_part) == NULL)
		fail_msg("why: '%s', wanted '%s'", r.why, why_part);
}

/* --- Canonical JSON ----------------------------------------------------------- */

static void
test_canonical_json(void **state)
{
	static const char in[] = " { \"b\" : 1 , \"a\" : [ \"x\\u00e9\\n\\/\", true , null ,"
				 " {\"z\":-3,\"\":false} ] } ";
	static const char want[] = "{\"a\":[\"x\xc3\xa9\\n/\",true,null,{\"\":false,\"z\":-3}],"
				   "\"b\":1}";
	static const char *const refused[] = {
		"{\"a\":1,\"a\":2}", "[1,]", "{\"a\":1}x", "\"\\ud800\"", "\"a\xff\"",
		"01", "{'a':1}", "\"\\u0000\"",
	};
	char err[160], *out;
	struct json *j;

	(void)state;
	j = json_parse(in, strlen(in), err, sizeof err);
	assert_non_null(j);
	out = json_canonical(j, err, sizeof err);
	assert_string_equal(out, want);
	free(out);
	json_free(j);
	/* Canonical of canonical is itself.  */
	j = json_parse(want, strlen(want), err, sizeof err);
	out = json_canonical(j, err, sizeof err);
	assert_string_equal(out, want);
	free(out);
	json_free(j);
	/* A non-integer number is refused, named.  */
	j = json_parse("{\"qty\":1.5}", 11, err, sizeof err);
	assert_non_null(j);
	assert_null(json_canonical(j, err, sizeof err));
	assert_non_null(strstr(err, "qty"));
	json_free(j);
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
		if ((j = json_parse(refused[i], strlen(refused[i]), err, sizeof err)) != NULL)
			fail_msg("accepted %s", refused[i]);
}

/* --- Test vectors (doc/formats.md) -------------------------------------------- */

static void
test_vectors(void **state)
{
	static const char payload2[] =
		"{\"checks\":[\"documents\",\"x-ray\"],\"ended\":\"2026-11-24T09:12:00Z\","
		"\"notes\":\"false floor\",\"result\":\"seizure\",\"seizures\":[{\"commodity\":"
		"\"cigarettes\",\"concealment\":\"false-bottom\",\"currency\":\"EUR\","
		"\"detection\":\"x-ray\",\"hs\":\"240220\",\"quantity\":\"12000\",\"unit\":"
		"\"H87\",\"value\":\"3600.00\"}],\"started\":\"2026-11-24T08:40:00Z\"}";
	static const char bytes1[] =
		"444f55414e454531000000000000000100000014323032362d31312d32345430383a30303a3030"
		"5a0000002030303131323233333434353536363737383839396161626263636464656566660000"
		"00066167656e743103a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531"
		"b80000000a73686966742d6f70656e00000000000000147b2263726f7373696e67223a22465243"
		"5146227d0000000000000000000000000000000000000000000000000000000000000000";
	static const char *const hash_want[2] = {
		"4fac98615d37e4447d3bf401fbd28c8b4237ecfef31b409907ed1410d8c50023",
		"747d634a367c47aa7e317fbfb7563d3382bb38ecb1475ba9f8b9a0d18ac8ddb0",
	};
	static const char *const sig_want[2] = {
		"f32ab959046af86062113794d81fc305038060827e0123ff730f8580db33f3c8b3d64364347a63"
		"feab22e42756790348b8c0c29f2fdd92a6fc3467d53909bf09",
		"ff27285f998bad6a00e5ec461b1e35b44037fcd1095ff39a96983d03b3d04215e4d3acb357dc2e"
		"b0f048591a45faed7a13ef78b233905f0d6888990a28b8450d",
	};
	unsigned char seed[32], pk[32], sk[64], buf[600];
	char h[1300];
	struct event e[2];
	struct outcome o;
	struct json *j;
	char *canon;

	(void)state;
	for (int i = 0; i < 32; i++)
		seed[i] = (unsigned char)i;
	crypto_sign_seed_keypair(pk, sk, seed);
	hex(pk, 32, h);
	assert_string_equal(h, "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8");
	memset(e, 0, sizeof e);
	for (int i = 0; i < 2; i++) {
		e[i].seq = i + 1;
		e[i].device = "00112233445566778899aabbccddeeff";
		e[i].actor = "agent1";
		memcpy(e[i].key, pk, 32);
	}
	e[0].time = "2026-11-24T08:00:00Z";
	e[0].type = EVENT_SHIFT_OPEN;
	e[0].subject = "";
	e[0].payload = "{\"crossing\":\"FRCQF\"}";
	e[1].time = "2026-11-24T09:12:05Z";
	e[1].type = EVENT_OUTCOME;
	e[1].subject = "CN-0000001";
	e[1].payload = payload2;
	assert_int_equal(event_encode(&e[0], buf, sizeof buf), 192);
	hex(buf, 192, h);
	assert_string_equal(h, bytes1);
	for (int i = 0; i < 2; i++) {
		if (i)
			memcpy(e[1].prev, e[0].hash, 32);
		assert_int_equal(event_hash(&e[i], e[i].hash), 0);
		hex(e[i].hash, 32, h);
		assert_string_equal(h, hash_want[i]);
		crypto_sign_detached(e[i].sig, NULL, e[i].hash, 32, sk);
		hex(e[i].sig, 64, h);
		assert_string_equal(h, sig_want[i]);
		assert_true(event_sig_ok(&e[i]));
		e[i].sig[5] ^= 1;
		assert_false(event_sig_ok(&e[i]));
		e[i].sig[5] ^= 1;
	}
	assert_int_equal(event_encode(&e[1], buf, sizeof buf), 486);
	/* The outcome model writes the vector's payload.  */
	j = json_parse(payload2, strlen(payload2), NULL, 0);
	outcome_init(&o);
	assert_int_equal(outcome_from_json(&o, j, NULL, NULL), DIAG_OK);
	assert_int_equal(outcome_validate(&o, NULL, NULL), DIAG_OK);
	canon = outcome_to_json(&o);
	assert_string_equal(canon, payload2);
	free(canon);
	outcome_clear(&o);
	json_free(j);
}

/* --- Outcome validation -------------------------------------------------------- */

static void
expect_refused(const char *text, const char *field)
{
	struct json *j = json_parse(text, strlen(text), NULL, 0);
	struct outcome o;
	struct diag d;
	enum diag_status rc;

	assert_non_null(j);
	outcome_init(&o);
	diag_clear(&d);
	rc = outcome_from_json(&o, j, "f.json", &d);
	if (rc == DIAG_OK)
		rc = outcome_validate(&o, "f.json", &d);
	assert_int_equal(rc, DIAG_DATA);
	if (strncmp(d.msg, field, strlen(field)) != 0 || d.msg[strlen(field)] != ':')
		fail_msg("wanted field %s, got: %s", field, d.msg);
	assert_string_equal(d.file, "f.json");
	outcome_clear(&o);
	json_free(j);
}

static void
test_outcome_validation(void **state)
{
	(void)state;
	expect_refused("{\"checks\":[\"documents\"],\"started\":\"2026-11-24T08:40:00Z\","
		       "\"ended\":\"2026-11-24T08:45:00Z\"}",
		       "result");
	expect_refused("{\"result\":\"released\",\"started\":\"2026-11-24T08:40:00Z\","
		       "\"ended\":\"2026-11-24T08:45:00Z\"}",
		       "checks");
	expect_refused("{\"checks\":[\"documents\",\"sniff\"],\"result\":\"released\","
		       "\"started\":\"2026-11-24T08:40:00Z\",\"ended\":\"2026-11-24T08:45:00Z\"}",
		       "checks[2]");
	expect_refused("{\"checks\":[\"documents\"],\"result\":\"fined\",\"started\":"
		       "\"2026-11-24T08:40:00Z\",\"ended\":\"2026-11-24T08:45:00Z\"}",
		       "result");
	expect_refused("{\"checks\":[\"documents\"],\"result\":\"seizure\",\"started\":"
		       "\"2026-11-24T08:40:00Z\",\"ended\":\"2026-11-24T08:45:00Z\"}",
		       "seizures");
	expect_refused("{\"checks\":[\"dog\"],\"result\":\"seizure\",\"started\":"
		       "\"2026-11-24T08:40:00Z\",\"ended\":\"2026-11-24T08:45:00Z\",\"seizures\":"
		       "[{\"commodity\":\"cocaine\",\"quantity\":\"1.2\",\"unit\":\"KGM\","
		       "\"concealment\":\"baggage\",\"detection\":\"dog\"},{\"commodity\":"
		       "\"cocaine\",\"quantity\":\"1\",\"unit\":\"pounds\",\"concealment\":"
		       "\"baggage\",\"detection\":\"dog\"}]}",
		       "seizures[2].unit");
	expect_refused("{\"checks\":[\"dog\"],\"result\":\"seizure\",\"started\":"
		       "\"2026-11-24T08:40:00Z\",\"ended\":\"2026-11-24T08:45:00Z\",\"seizures\":"
		       "[{\"commodity\":\"cocaine\",\"hs\":\"999999\",\"quantity\":\"1\","
		       "\"unit\":\"KGM\",\"concealment\":\"baggage\",\"detection\":\"dog\"}]}",
		       "seizures[1].hs");
	expect_refused("{\"checks\":[\"dog\"],\"result\":\"seizure\",\"started\":"
		       "\"2026-11-24T08:40:00Z\",\"ended\":\"2026-11-24T08:45:00Z\",\"seizures\":"
		       "[{\"commodity\":\"cocaine\",\"quantity\":\"0\",\"unit\":\"KGM\","
		       "\"concealment\":\"baggage\",\"detection\":\"dog\"}]}",
		       "seizures[1].quantity");
	expect_refused("{\"checks\":[\"documents\"],\"result\":\"released\",\"started\":"
		       "\"2026-02-30T08:40:00Z\",\"ended\":\"2026-11-24T08:45:00Z\"}",
		       "started");
	expect_refused("{\"checks\":[\"documents\"],\"result\":\"released\",\"started\":"
		       "\"2026-11-24T08:40:00Z\",\"ended\":\"2026-11-24T08:00:00Z\"}",
		       "ended");
	expect_refused("{\"checks\":[\"documents\"],\"result\":\"released\",\"colour\":\"red\","
		       "\"started\":\"2026-11-24T08:40:00Z\",\"ended\":\"2026-11-24T08:45:00Z\"}",
		       "colour");
}

/* --- Signing keys in the vault ------------------------------------------------ */

static void
test_vault_keys(void **state)
{
	char dir[600], path[700];
	struct vault *v = NULL, *b = NULL;
	unsigned char pk[32], bob_pk[32], dev[32], sig[64];
	static const unsigned char msg[] = "hello";
	bool found;
	struct diag d;

	(void)state;
	snprintf(dir, sizeof dir, "%s/XXXXXX", tmpdir);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/k.vault", dir);
	assert_int_equal(vault_create(path, "chef", "pw-chef", 7, &vault_kdf_fast, &v, &d), DIAG_OK);
	assert_non_null(vault_sign_pk(v));
	memcpy(pk, vault_sign_pk(v), 32);
	memcpy(dev, vault_device_pk(v), 32);
	assert_int_equal(vault_sign(v, msg, 5, sig, &d), DIAG_OK);
	assert_int_equal(crypto_sign_verify_detached(sig, msg, 5, pk), 0);
	assert_int_equal(vault_device_sign(v, msg, 5, sig, &d), DIAG_OK);
	assert_int_equal(crypto_sign_verify_detached(sig, msg, 5, dev), 0);
	assert_int_not_equal(crypto_sign_verify_detached(sig, msg, 5, pk), 0);

	/* A new user has a key of their own, found in the header.  */
	assert_int_equal(vault_user_add(v, "bob", VAULT_ROLE_INSPECTOR, "pw-bob", 6,
					&vault_kdf_fast, &d), DIAG_OK);
	assert_int_equal(vault_user_sign_pk(v, "bob", bob_pk, &found, &d), DIAG_OK);
	assert_true(found);
	assert_memory_not_equal(bob_pk, pk, 32);
	assert_int_equal(vault_user_sign_pk(v, "nobody", bob_pk, &found, &d), DIAG_OK);
	assert_false(found);
	assert_int_equal(vault_user_sign_pk(v, "bob", bob_pk, &found, &d), DIAG_OK);

	/* Bob changing his own passphrase keeps his key.  */
	vault_close(v);
	assert_int_equal(vault_open(path, "bob", "pw-bob", 6, &b, &d), DIAG_OK);
	assert_memory_equal(vault_sign_pk(b), bob_pk, 32);
	assert_int_equal(vault_user_passwd(b, "bob", "pw-bob2", 7, &vault_kdf_fast, &d), DIAG_OK);
	vault_close(b);
	assert_int_equal(vault_open(path, "bob", "pw-bob2", 7, &b, &d), DIAG_OK);
	assert_memory_equal(vault_sign_pk(b), bob_pk, 32);
	assert_memory_equal(vault_device_pk(b), dev, 32);
	vault_close(b);

	/* An admin resetting it gives bob a new key; rotation keeps keys.  */
	assert_int_equal(vault_open(path, "chef", "pw-chef", 7, &v, &d), DIAG_OK);
	assert_memory_equal(vault_sign_pk(v), pk, 32);
	assert_int_equal(vault_user_passwd(v, "bob", "pw-bob3", 7, &vault_kdf_fast, &d), DIAG_OK);
	assert_int_equal(vault_user_sign_pk(v, "bob", pk, &found, &d), DIAG_OK);
	assert_memory_not_equal(pk, bob_pk, 32);
	memcpy(bob_pk, pk, 32);
	assert_int_equal(vault_rekey(v, &d), DIAG_OK);
	assert_memory_equal(vault_device_pk(v), dev, 32);
	vault_close(v);
	assert_int_equal(vault_open(path, "bob", "pw-bob3", 7, &b, &d), DIAG_OK);
	assert_memory_equal(vault_sign_pk(b), bob_pk, 32);
	assert_memory_equal(vault_device_pk(b), dev, 32);
	vault_close(b);
}

/* --- Appending, deriving, verifying ------------------------------------------- */

static void
test_append_and_derive(void **state)
{
	char path[700], *s;
	struct store *st;
	sqlite3 *db;
	struct diag d;
	int64_t seq;

	(void)state;
	st = fresh(path, sizeof path);
	/* No shift yet: an inspection is refused, and nothing is written.  */
	diag_clear(&d);
	assert_int_equal(events_append(st, vault_of(st), EVENT_INSPECTION_START, "CN-1", NULL, &seq,
				       &d),
			 DIAG_NOPERM);
	assert_non_null(strstr(d.msg, "no open shift"));
	assert_int_equal(events_append(st, vault_of(st), EVENT_OUTCOME, "CN-1", outcome_released,
				       &seq, &d),
			 DIAG_NOPERM);
	assert_int_equal(append_ok(st, EVENT_SHIFT_OPEN, NULL, "{\"crossing\":\"FRCQF\"}"), 1);
	/* Refusals name the field.  */
	assert_int_equal(events_append(st, vault_of(st), EVENT_OUTCOME, "CN-9", outcome_released,
				       &seq, &d),
			 DIAG_DATA);
	assert_non_null(strstr(d.msg, "subject: "));
	assert_int_equal(events_append(st, vault_of(st), EVENT_SHIFT_OPEN, NULL,
				       "{\"crossing\":\"Calais\"}", &seq, &d),
			 DIAG_DATA);
	assert_non_null(strstr(d.msg, "crossing: "));
	assert_int_equal(events_append(st, vault_of(st), EVENT_HIT_DECISION, NULL,
				       "{\"hit\":3,\"decision\":\"maybe\",\"reason\":\"x\"}", &seq,
				       &d),
			 DIAG_DATA);
	assert_non_null(strstr(d.msg, "decision: "));
	/* An inspector may not countersign (the test user is an admin). */
	assert_int_equal(append_ok(st, EVENT_INSPECTION_START, "CN-1", NULL), 2);
	assert_int_equal(append_ok(st, EVENT_OUTCOME, "CN-1", outcome_seizure), 3);
	assert_int_equal(append_ok(st, EVENT_LANE_OVERRIDE, "CN-2",
				   "{\"lane\":\"red\",\"reason\":\"tip-off\"}"),
			 4);
	/* A decision on a hit that does not exist is refused; on one that
	 * does (CN-2's hit 1), it is applied to the hit.  */
	assert_int_equal(events_append(st, vault_of(st), EVENT_HIT_DECISION, "CN-2",
				       "{\"hit\":7,\"decision\":\"dismissed\",\"reason\":\"x\"}",
				       &seq, &d),
			 DIAG_NOINPUT); /* no hit 7 */
	{
		struct store_screen_hit h = {0,	    2,	   "consignee", "Ivan Petrov", 1, "UN-SC",
					     0.91, "PETROV, Ivan", "{}",	0,	   NULL,
					     "pair-1"};
		assert_int_equal(store_screen_hits_replace(st, 2, &h, 1, &d), DIAG_OK);
	}
	assert_int_equal(append_ok(st, EVENT_HIT_DECISION, "CN-2",
				   "{\"hit\":1,\"decision\":\"dismissed\",\"reason\":\"other DOB\"}"),
			 5);
	assert_int_equal(append_ok(st, EVENT_LOOKUP, NULL, "{\"query\":\"Ivan Petrov\"}"), 6);
	assert_int_equal(append_ok(st, EVENT_COUNTERSIGN, NULL, "{\"target\":3,\"note\":\"ok\"}"),
			 7);
	assert_int_equal(append_ok(st, EVENT_SHIFT_CLOSE, NULL, NULL), 8);
	expect_verify(st, 0, NULL);

	db = raw_open(path);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM event"), 8);
	assert_int_equal(raw_int(db, "SELECT closed_seq FROM shift WHERE id = 1"), 8);
	assert_int_equal(raw_int(db, "SELECT outcome_seq FROM inspection WHERE id = 2"), 3);
	assert_int_equal(raw_int(db, "SELECT shift_id FROM inspection WHERE id = 2"), 1);
	assert_int_equal(raw_int(db, "SELECT subject_id IS NOT NULL FROM inspection"), 1);
	s = raw_text(db, "SELECT result || ' ' || checks || ' ' || started_at FROM inspection");
	assert_string_equal(s, "seizure documents,x-ray 2026-11-24T08:40:00Z");
	free(s);
	s = raw_text(db, "SELECT commodity || ' ' || hs || ' ' || quantity || ' ' || unit || ' ' "
			 "|| value || ' ' || currency FROM seizure WHERE outcome_seq = 3");
	assert_string_equal(s, "cigarettes 240220 12000 H87 3600.00 EUR");
	free(s);
	s = raw_text(db, "SELECT lane || ':' || reason FROM lane_override WHERE seq = 4");
	assert_string_equal(s, "red:tip-off");
	free(s);
	assert_int_equal(raw_int(db, "SELECT hit_id FROM hit_decision WHERE decision = "
				     "'dismissed'"),
			 1);
	assert_int_equal(raw_int(db, "SELECT decision FROM screen_hit WHERE id = 1"), 2);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM screen_dismissal"), 1);
	s = raw_text(db, "SELECT actor || ' searched ' || query FROM lookup");
	assert_string_equal(s, "tester searched Ivan Petrov");
	free(s);
	assert_int_equal(raw_int(db, "SELECT target_seq FROM countersign"), 3);
	/* The triggers keep events as they are, even from beneath.  */
	assert_int_not_equal(sqlite3_exec(db, "UPDATE event SET payload = '{}' WHERE seq = 6",
					  NULL, NULL, NULL),
			     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM event WHERE seq = 8", NULL, NULL, NULL),
			     SQLITE_OK);
	sqlite3_close(db);
	expect_verify(st, 0, NULL);
	test_store_close(st);
}

static void
test_countersign_needs_supervisor(void **state)
{
	char path[700];
	struct store *st, *st2;
	struct vault *v;
	struct diag d;
	int64_t seq;

	(void)state;
	st = six_events(path, sizeof path);
	assert_int_equal(vault_user_add(vault_of(st), "ins", VAULT_ROLE_INSPECTOR, "pw-ins", 6,
					&vault_kdf_fast, &d), DIAG_OK);
	test_store_close(st);
	assert_int_equal(vault_open(path, "ins", "pw-ins", 6, &v, &d), DIAG_OK);
	assert_int_equal(store_open(&st2, v, 0, &d), DIAG_OK);
	assert_int_equal(events_append(st2, v, EVENT_COUNTERSIGN, NULL, "{\"target\":3}", &seq, &d),
			 DIAG_NOPERM);
	/* Another user's events verify with their keys from the vault.  */
	assert_int_equal(events_append(st2, v, EVENT_LOOKUP, NULL, "{\"query\":\"x\"}", &seq, &d),
			 DIAG_OK);
	assert_int_equal(seq, 7);
	store_close(st2);
	vault_close(v);
	assert_int_equal(test_store_open(path, &st, &d), DIAG_OK);
	expect_verify(st, 0, NULL);
	test_store_close(st);
	/* Removing the user (which rotates the master key) keeps their
	 * events verifiable: the actor table holds their key.  */
	assert_int_equal(vault_open(path, TEST_USER, TEST_PASS, strlen(TEST_PASS), &v, &d),
			 DIAG_OK);
	assert_int_equal(vault_user_remove(v, "ins", &d), DIAG_OK);
	vault_close(v);
	assert_int_equal(test_store_open(path, &st, &d), DIAG_OK);
	expect_verify(st, 0, NULL);
	test_store_close(st);
}

/* --- Tampering ---------------------------------------------------------------- */

static void
tamper(const char *sql, int64_t bad_seq, const char *why)
{
	char path[700];
	struct store *st = six_events(path, sizeof path);
	sqlite3 *db;

	expect_verify(st, 0, NULL);
	db = raw_open(path);
	raw_untrigger(db);
	raw_exec(db, sql);
	sqlite3_close(db);
	expect_verify(st, bad_seq, why);
	test_store_close(st);
}

static void
test_tamper_edited(void **state)
{
	(void)state;
	tamper("UPDATE event SET payload = '{\"query\":\"Nobody\"}' WHERE seq = 5", 5, "altered");
	tamper("UPDATE event SET time = '2026-11-24T00:00:00Z' WHERE seq = 2", 2, "altered");
	tamper("UPDATE event SET actor = 'someone' WHERE seq = 4", 4, "altered");
}

static void
test_tamper_deleted(void **state)
{
	(void)state;
	tamper("DELETE FROM event WHERE seq = 3", 4, "missing");
	tamper("DELETE FROM event WHERE seq = 1", 2, "missing");
}

static void
test_tamper_reordered(void **state)
{
	(void)state;
	/* Rows 4 and 5 change places: each keeps its seq, the contents move. */
	tamper("CREATE TEMP TABLE t AS SELECT * FROM event WHERE seq IN (4, 5);"
	       "UPDATE event SET (device, time, actor, key, type, subject_ref, payload, prev_hash, "
	       "hash, sig) = (SELECT device, time, actor, key, type, subject_ref, payload, "
	       "prev_hash, hash, sig FROM t WHERE t.seq = 9 - event.seq) WHERE seq IN (4, 5);",
	       4, "chain");
}

static void
test_tamper_wrong_signer(void **state)
{
	char path[700];
	struct store *st = six_events(path, sizeof path);
	unsigned char pk[32], sk[64];
	struct event e;
	struct diag d;
	sqlite3 *db;
	sqlite3_stmt *s;
	int64_t head;

	(void)state;
	/* A forged seventh event, well linked and validly signed, but by a
	 * key that is not tester's; then the same with the key recorded for
	 * tester in the actor table, beneath the store.  */
	crypto_sign_keypair(pk, sk);
	memset(&e, 0, sizeof e);
	assert_int_equal(store_event_head(st, &head, e.prev, &d), DIAG_OK);
	e.seq = head + 1;
	e.time = "2026-11-24T10:00:00Z";
	e.device = "00112233445566778899aabbccddeeff";
	e.actor = TEST_USER;
	e.type = EVENT_LOOKUP;
	e.subject = "";
	e.payload = "{\"query\":\"forged\"}";
	memcpy(e.key, pk, 32);
	event_hash(&e, e.hash);
	crypto_sign_detached(e.sig, NULL, e.hash, 32, sk);
	db = raw_open(path);
	raw_untrigger(db);
	assert_int_equal(sqlite3_prepare_v2(db,
					    "INSERT INTO event VALUES (?1, ?2, ?3, ?4, ?5, "
					    "'lookup', '', ?6, ?7, ?8, ?9)",
					    -1, &s, NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(s, 1, e.seq);
	sqlite3_bind_text(s, 2, e.device, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, e.time, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, e.actor, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 5, e.key, 32, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, e.payload, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 7, e.prev, 32, SQLITE_STATIC);
	sqlite3_bind_blob(s, 8, e.hash, 32, SQLITE_STATIC);
	sqlite3_bind_blob(s, 9, e.sig, 64, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	expect_verify(st, 7, "not tester's");
	/* Recording the forged key as tester's does not help: it would be
	 * newer than the key in tester's slot.  */
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO actor VALUES ('tester', ?1, 7)", -1,
					    &s, NULL),
			 SQLITE_OK);
	sqlite3_bind_blob(s, 1, pk, 32, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	expect_verify(st, 7, "not tester's");
	/* Nor claiming it was first used early on.  */
	raw_exec(db, "DELETE FROM actor WHERE first_seq = 7; ");
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO actor VALUES ('tester', ?1, 1)", -1,
					    &s, NULL),
			 SQLITE_OK);
	sqlite3_bind_blob(s, 1, pk, 32, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	expect_verify(st, 7, "not tester's");
	/* A bad signature under tester's real key.  */
	raw_exec(db, "DELETE FROM event WHERE seq = 7");
	sqlite3_close(db);
	e.sig[0] ^= 0xff;
	memcpy(e.key, vault_sign_pk(vault_of(st)), 32);
	event_hash(&e, e.hash);
	crypto_sign_detached(e.sig, NULL, e.hash, 32, sk);
	db = raw_open(path);
	assert_int_equal(sqlite3_prepare_v2(db,
					    "INSERT INTO event VALUES (7, ?1, ?2, 'tester', ?3, "
					    "'lookup', '', ?4, ?5, ?6, ?7)",
					    -1, &s, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(s, 1, e.device, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, e.time, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 3, e.key, 32, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, e.payload, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 5, e.prev, 32, SQLITE_STATIC);
	sqlite3_bind_blob(s, 6, e.hash, 32, SQLITE_STATIC);
	sqlite3_bind_blob(s, 7, e.sig, 64, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	sqlite3_close(db);
	expect_verify(st, 7, "signature");
	test_store_close(st);
}

/* --- Corrections and rebuilding ----------------------------------------------- */

static void
test_correction_and_rebuild(void **state)
{
	char path[700], *s, payload[1024];
	unsigned char before[32], after[32];
	struct store *st = six_events(path, sizeof path);
	struct diag d;
	sqlite3 *db;
	int64_t c1, c2, seq;

	(void)state;
	/* Outcome 3 was a seizure; corrected to released, then to a seizure
	 * of a different quantity: the newest wins, keyed by the original. */
	snprintf(payload, sizeof payload,
		 "{\"corrects\":3,\"reason\":\"wrong subject line\",\"replacement\":%s}",
		 outcome_released);
	c1 = append_ok(st, EVENT_CORRECTION, "CN-1", payload);
	db = raw_open(path);
	s = raw_text(db, "SELECT result FROM inspection WHERE outcome_seq = 3");
	assert_string_equal(s, "released");
	free(s);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM seizure"), 0);
	assert_int_equal(raw_int(db, "SELECT corrected_by_seq FROM inspection"), c1);
	snprintf(payload, sizeof payload,
		 "{\"corrects\":%lld,\"reason\":\"recounted\",\"replacement\":%s}", (long long)c1,
		 outcome_seizure);
	c2 = append_ok(st, EVENT_CORRECTION, "CN-1", payload);
	s = raw_text(db, "SELECT result FROM inspection WHERE outcome_seq = 3");
	assert_string_equal(s, "seizure");
	free(s);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM seizure WHERE outcome_seq = 3"), 1);
	assert_int_equal(raw_int(db, "SELECT corrected_by_seq FROM inspection"), c2);
	/* A lookup cannot be corrected; a bad replacement is named.  */
	assert_int_equal(events_append(st, vault_of(st), EVENT_CORRECTION, NULL,
				       "{\"corrects\":4,\"reason\":\"x\",\"replacement\":{}}", &seq,
				       &d),
			 DIAG_DATA);
	assert_non_null(strstr(d.msg, "corrects:"));
	assert_int_equal(events_append(st, vault_of(st), EVENT_CORRECTION, "CN-1",
				       "{\"corrects\":3,\"reason\":\"x\",\"replacement\":"
				       "{\"checks\":[],\"result\":\"released\"}}",
				       &seq, &d),
			 DIAG_DATA);
	assert_non_null(strstr(d.msg, "replacement.checks"));
	expect_verify(st, 0, NULL);

	/* Rebuild gives the same derived tables...  */
	assert_int_equal(store_derived_digest(st, before, &d), DIAG_OK);
	assert_int_equal(events_rebuild(st, &d), DIAG_OK);
	assert_int_equal(store_derived_digest(st, after, &d), DIAG_OK);
	assert_memory_equal(before, after, 32);
	/* ...and repairs a derived row changed beneath the store, which the
	 * digest sees.  */
	raw_exec(db, "UPDATE inspection SET result = 'released'; DELETE FROM lookup WHERE seq = 5");
	assert_int_equal(store_derived_digest(st, after, &d), DIAG_OK);
	assert_memory_not_equal(before, after, 32);
	assert_int_equal(events_rebuild(st, &d), DIAG_OK);
	assert_int_equal(store_derived_digest(st, after, &d), DIAG_OK);
	assert_memory_equal(before, after, 32);
	s = raw_text(db, "SELECT result FROM inspection WHERE outcome_seq = 3");
	assert_string_equal(s, "seizure");
	free(s);
	sqlite3_close(db);
	test_store_close(st);
}

/* --- Crash atomicity ------------------------------------------------------------ */

static void
test_atomic(void **state)
{
	char path[700];
	struct store *st = fresh(path, sizeof path);
	struct diag d;
	sqlite3 *db;
	int64_t seq = 0, head;
	unsigned char h[32];

	(void)state;
	append_ok(st, EVENT_SHIFT_OPEN, NULL, NULL);
	append_ok(st, EVENT_INSPECTION_START, "CN-1", NULL);
	/* A fault in the derived insert: the event goes too.  */
	db = raw_open(path);
	raw_exec(db, "CREATE TRIGGER fault BEFORE INSERT ON seizure BEGIN "
		     "SELECT RAISE(ABORT, 'injected fault'); END;");
	assert_int_not_equal(events_append(st, vault_of(st), EVENT_OUTCOME, "CN-1",
					   outcome_seizure, &seq, &d),
			     DIAG_OK);
	assert_int_equal(store_event_head(st, &head, h, &d), DIAG_OK);
	assert_int_equal(head, 2);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM event"), 2);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM inspection WHERE outcome_seq IS NULL"),
			 1);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM seizure"), 0);
	/* And a fault in storing the event: no derived row.  */
	raw_exec(db, "DROP TRIGGER fault; CREATE TRIGGER fault BEFORE INSERT ON event BEGIN "
		     "SELECT RAISE(ABORT, 'injected fault'); END;");
	assert_int_not_equal(events_append(st, vault_of(st), EVENT_LOOKUP, NULL,
					   "{\"query\":\"x\"}", &seq, &d),
			     DIAG_OK);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM lookup"), 0);
	raw_exec(db, "DROP TRIGGER fault");
	/* Without the fault the same outcome goes in whole.  */
	assert_int_equal(append_ok(st, EVENT_OUTCOME, "CN-1", outcome_seizure), 3);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM seizure"), 1);
	assert_int_equal(raw_int(db, "SELECT outcome_seq FROM inspection"), 3);
	sqlite3_close(db);
	expect_verify(st, 0, NULL);
	test_store_close(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical_json),
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_outcome_validation),
		cmocka_unit_test(test_vault_keys),
		cmocka_unit_test(test_append_and_derive),
		cmocka_unit_test(test_countersign_needs_supervisor),
		cmocka_unit_test(test_tamper_edited),
		cmocka_unit_test(test_tamper_deleted),
		cmocka_unit_test(test_tamper_reordered),
		cmocka_unit_test(test_tamper_wrong_signer),
		cmocka_unit_test(test_correction_and_rebuild),
		cmocka_unit_test(test_atomic),
	};
	int rc;

	if (sodium_init() < 0)
		return 99;
	tmpdir = test_tmpdir();
	rc = cmocka_run_group_tests_name("events", tests, NULL, NULL);
	{
		/* test_rmdir removes plain files one level down only.  */
		char cmd[700];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			rc = rc ? rc : 1;
	}
	return rc;
}
