/* queue-fill: make a vault holding a seeded queue, for the interface's tests.
 *
 *   queue-fill VAULT USER COUNT SEED <passphrase
 *
 * Creates VAULT (cheapest Argon2id: test data only) with USER as its
 * admin and the passphrase read from the first line of stdin, and fills
 * it with COUNT subjects from tests/tui/queue_gen.h: lanes, scores,
 * crossings and statuses that a manifest import cannot give before risk
 * scoring exists.  Exit 0, or 1 with a message.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "queue_gen.h"
#include "vault.h"

int
main(int argc, char **argv)
{
	char pass[256];
	struct vault *v = NULL;
	struct store *st = NULL;
	struct diag d;
	enum diag_status rc;

	if (argc != 5) {
		fprintf(stderr, "usage: queue-fill VAULT USER COUNT SEED <passphrase\n");
		return 1;
	}
	if (sodium_init() < 0 || fgets(pass, sizeof pass, stdin) == NULL)
		return 1;
	pass[strcspn(pass, "\n")] = '\0';
	diag_clear(&d);
	rc = vault_create(argv[1], argv[2], pass, strlen(pass), &vault_kdf_fast, &v, &d);
	if (rc == DIAG_OK)
		rc = store_open(&st, v, 0, &d);
	if (rc == DIAG_OK)
		rc = queue_gen_fill(st, atol(argv[3]), strtoull(argv[4], NULL, 10), &d);
	store_close(st);
	vault_close(v);
	sodium_memzero(pass, sizeof pass);
	if (rc != DIAG_OK) {
		fprintf(stderr, "queue-fill: %s\n", d.msg);
		return 1;
	}
	return 0;
}
