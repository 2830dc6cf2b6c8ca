/* test_envelope: the signed, sealed wrapper of packs, bundles and acks.
 *
 * A round trip; then every way a file can be wrong on arrival: each byte
 * changed (every byte of the header, a sample of the rest), cut short,
 * grown, addressed to someone else, signed by an unknown key, a forged
 * signature from a key that is trusted for another kind.  Each is refused
 * with DIAG_DATA and no payload.  */
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

#include "formats/envelope.h"
#include "testutil.h"

struct keys {
	unsigned char pk[ENVELOPE_PK_BYTES], sk[ENVELOPE_SK_BYTES];
};

static struct keys hq, booth, stranger;
static const char *dir;
static char path[1024];
static const char message[] = "events 1..3 of booth FRCQF-01: \xc3\xa9t\xc3\xa9 (UTF-8)";

static int
setup(void **state)
{
	(void)state;
	if (sodium_init() < 0)
		return -1;
	crypto_sign_keypair(hq.pk, hq.sk);
	crypto_sign_keypair(booth.pk, booth.sk);
	crypto_sign_keypair(stranger.pk, stranger.sk);
	dir = test_tmpdir();
	snprintf(path, sizeof path, "%s/booth.bundle", dir);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	test_rmdir(dir);
	return 0;
}

/* Trust HQ's key, only.  */
static bool
trust_hq(void *ctx, const struct envelope_header *h, struct diag *d)
{
	(void)ctx;
	(void)d;
	return memcmp(h->sender, hq.pk, sizeof hq.pk) == 0;
}

static bool
trust_booth(void *ctx, const struct envelope_header *h, struct diag *d)
{
	(void)ctx;
	(void)d;
	return memcmp(h->sender, booth.pk, sizeof booth.pk) == 0 && h->kind == ENVELOPE_BUNDLE;
}

static void
header(struct envelope_header *h, enum envelope_kind kind, const struct keys *from,
       const struct keys *to, uint64_t serial)
{
	memset(h, 0, sizeof *h);
	h->kind = kind;
	memcpy(h->sender, from->pk, sizeof from->pk);
	memcpy(h->recipient, to->pk, sizeof to->pk);
	h->serial = serial;
	h->created = 1795478400; /* 2026-11-24T00:00:00Z */
}

static unsigned char *
slurp(const char *p, size_t *n)
{
	FILE *f = fopen(p, "rb");
	unsigned char *buf;
	long len;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = malloc((size_t)len);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return buf;
}

/* The bundle the booth writes for HQ, as bytes.  */
static unsigned char *
booth_bundle(size_t *n)
{
	struct envelope_header h;

	header(&h, ENVELOPE_BUNDLE, &booth, &hq, 3);
	assert_int_equal(envelope_write(path, &h, booth.sk, message, sizeof message - 1, NULL),
			 DIAG_OK);
	return slurp(path, n);
}

static enum diag_status
open_at_hq(const unsigned char *file, size_t n, struct diag *d, unsigned char **payload)
{
	struct envelope_header h;
	size_t len;
	enum diag_status status;

	status = envelope_open("in.bundle", file, n, hq.sk, trust_booth, NULL, &h, payload, &len, d);
	if (status != DIAG_OK)
		assert_null(*payload);
	return status;
}

static void
test_round_trip(void **state)
{
	struct envelope_header h;
	unsigned char *payload;
	size_t len, n;
	struct diag d;

	(void)state;
	free(booth_bundle(&n));
	assert_int_equal(n, ENVELOPE_HEADER_BYTES + sizeof message - 1 + 16 + ENVELOPE_SIG_BYTES);
	assert_int_equal(envelope_read(path, hq.sk, trust_booth, NULL, &h, &payload, &len, &d),
			 DIAG_OK);
	assert_int_equal(len, sizeof message - 1);
	assert_memory_equal(payload, message, len);
	assert_int_equal(payload[len], '\0');
	assert_int_equal(h.kind, ENVELOPE_BUNDLE);
	assert_int_equal(h.serial, 3);
	assert_int_equal(h.created, 1795478400);
	assert_memory_equal(h.sender, booth.pk, sizeof booth.pk);
	free(payload);
}

/* The payload is sealed: its text is nowhere in the file.  */
static void
test_payload_not_in_clear(void **state)
{
	size_t n;
	unsigned char *file = booth_bundle(&n);

	(void)state;
	assert_null(memmem(file, n, "FRCQF", 5));
	assert_null(memmem(file, n, "events", 6));
	free(file);
}

/* Two envelopes of the same payload differ: fresh ephemeral key and nonce. */
static void
test_fresh_each_time(void **state)
{
	size_t n1, n2;
	unsigned char *a = booth_bundle(&n1), *b = booth_bundle(&n2);

	(void)state;
	assert_int_equal(n1, n2);
	assert_memory_not_equal(a + 104, b + 104, 56);
	free(a);
	free(b);
}

/* Every byte of the header, and every 7th byte of the rest, flipped in
 * turn: each one refused.  */
static void
test_any_byte_changed(void **state)
{
	unsigned char *payload;
	size_t n;
	unsigned char *file = booth_bundle(&n);
	int tried = 0;
	struct diag d;

	(void)state;
	for (size_t i = 0; i < n; i += i < ENVELOPE_HEADER_BYTES ? 1 : 7) {
		file[i] ^= 0x20;
		diag_clear(&d);
		assert_int_equal(open_at_hq(file, n, &d, &payload), DIAG_DATA);
		assert_string_equal(d.file, "in.bundle");
		assert_true(d.msg[0] != '\0');
		file[i] ^= 0x20;
		tried++;
	}
	assert_true(tried > ENVELOPE_HEADER_BYTES);
	/* ...and the last byte of the signature too.  */
	file[n - 1] ^= 1;
	assert_int_equal(open_at_hq(file, n, &d, &payload), DIAG_DATA);
	assert_non_null(strstr(d.msg, "signature"));
	free(file);
}

static void
test_cut_short_or_grown(void **state)
{
	unsigned char *payload, *big;
	size_t n;
	unsigned char *file = booth_bundle(&n);
	struct diag d;

	(void)state;
	for (size_t cut = 0; cut < n; cut += 13) {
		diag_clear(&d);
		assert_int_equal(open_at_hq(file, cut, &d, &payload), DIAG_DATA);
	}
	assert_int_equal(open_at_hq(file, n - 1, &d, &payload), DIAG_DATA);
	assert_non_null(strstr(d.msg, "cut short"));
	big = malloc(n + 1);
	memcpy(big, file, n);
	big[n] = 0;
	assert_int_equal(open_at_hq(big, n + 1, &d, &payload), DIAG_DATA);
	free(big);
	free(file);
}

static void
test_other_recipient(void **state)
{
	struct envelope_header h;
	unsigned char *payload;
	size_t len, n;
	unsigned char *file = booth_bundle(&n);
	struct diag d;

	(void)state;
	/* The stranger cannot even be told it is for them.  */
	assert_int_equal(envelope_open("in.bundle", file, n, stranger.sk, NULL, NULL, &h, &payload,
				       &len, &d),
			 DIAG_DATA);
	assert_non_null(strstr(d.msg, "another recipient"));
	assert_null(payload);
	free(file);
}

static void
test_unknown_sender(void **state)
{
	struct envelope_header h;
	unsigned char *payload;
	size_t len;
	struct diag d;

	(void)state;
	header(&h, ENVELOPE_BUNDLE, &stranger, &hq, 1);
	assert_int_equal(envelope_write(path, &h, stranger.sk, "x", 1, NULL), DIAG_OK);
	assert_int_equal(envelope_read(path, hq.sk, trust_booth, NULL, &h, &payload, &len, &d),
			 DIAG_DATA);
	assert_non_null(strstr(d.msg, "unknown key"));
	assert_string_equal(d.file, path);
	assert_null(payload);
}

/* A stranger writes a file claiming to be from the booth: the signature
 * does not verify under the booth's key.  */
static void
test_forged_sender(void **state)
{
	struct envelope_header h;
	unsigned char *payload;
	size_t n;
	unsigned char *file;
	struct diag d;

	(void)state;
	header(&h, ENVELOPE_BUNDLE, &stranger, &hq, 1);
	assert_int_equal(envelope_write(path, &h, stranger.sk, message, sizeof message - 1, NULL),
			 DIAG_OK);
	file = slurp(path, &n);
	memcpy(file + 16, booth.pk, sizeof booth.pk); /* claim the booth's key */
	assert_int_equal(open_at_hq(file, n, &d, &payload), DIAG_DATA);
	assert_non_null(strstr(d.msg, "signature"));
	free(file);
}

/* The key that signs must be the one the header names.  */
static void
test_writer_checks_its_key(void **state)
{
	struct envelope_header h;
	struct diag d;

	(void)state;
	header(&h, ENVELOPE_PACK, &hq, &booth, 7);
	assert_int_equal(envelope_write(path, &h, stranger.sk, "x", 1, &d), DIAG_SOFTWARE);
}

/* The writer leaves no partial file behind, even when it fails.  */
static void
test_no_partial_file(void **state)
{
	struct envelope_header h;
	char missing[1100];
	struct diag d;
	DIR *dd;
	struct dirent *e;

	(void)state;
	header(&h, ENVELOPE_ACK, &hq, &booth, 9);
	snprintf(missing, sizeof missing, "%s/no/such/dir/x.ack", dir);
	assert_int_equal(envelope_write(missing, &h, hq.sk, "x", 1, &d), DIAG_IO);
	assert_int_equal(envelope_write(path, &h, hq.sk, "ack", 3, &d), DIAG_OK);
	dd = opendir(dir);
	assert_non_null(dd);
	while ((e = readdir(dd)) != NULL)
		assert_null(strstr(e->d_name, ".partial"));
	closedir(dd);
}

static void
test_empty_payload_and_missing_file(void **state)
{
	struct envelope_header h;
	unsigned char *payload;
	size_t len;
	char missing[1100];
	struct diag d;

	(void)state;
	header(&h, ENVELOPE_PACK, &hq, &booth, 1);
	assert_int_equal(envelope_write(path, &h, hq.sk, "", 0, NULL), DIAG_OK);
	assert_int_equal(envelope_read(path, booth.sk, trust_hq, NULL, &h, &payload, &len, &d),
			 DIAG_OK);
	assert_int_equal(len, 0);
	assert_int_equal(h.kind, ENVELOPE_PACK);
	free(payload);
	snprintf(missing, sizeof missing, "%s/absent.pack", dir);
	assert_int_equal(envelope_read(missing, booth.sk, trust_hq, NULL, &h, &payload, &len, &d),
			 DIAG_NOINPUT);
}

static void
test_key_id(void **state)
{
	char a[17], b[17];

	(void)state;
	envelope_key_id(hq.pk, a);
	envelope_key_id(booth.pk, b);
	assert_int_equal(strlen(a), 16);
	assert_string_not_equal(a, b);
	assert_string_equal(envelope_kind_name(ENVELOPE_BUNDLE), "bundle");
	assert_null(envelope_kind_name((enum envelope_kind)9));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_payload_not_in_clear),
		cmocka_unit_test(test_fresh_each_time),
		cmocka_unit_test(test_any_byte_changed),
		cmocka_unit_test(test_cut_short_or_grown),
		cmocka_unit_test(test_other_recipient),
		cmocka_unit_test(test_unknown_sender),
		cmocka_unit_test(test_forged_sender),
		cmocka_unit_test(test_writer_checks_its_key),
		cmocka_unit_test(test_no_partial_file),
		cmocka_unit_test(test_empty_payload_and_missing_file),
		cmocka_unit_test(test_key_id),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
