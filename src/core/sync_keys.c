/* sync_keys: public key files, enrolling booths at HQ, trusting HQ at a
 * booth (sync.h, "Keys").
 *
 * A key file is three lines of text, public and safe to mail or print:
 *
 *     douane-key 1
 *     device 3f0c...        (the vault's device id, 32 hex digits)
 *     key 9a41...           (its Ed25519 device public key, 64 hex digits)
 *
 * The secret half stays sealed in the vault's header (vault.h).  Trust
 * is decided by an admin at each end, out of band: comparing the key's
 * short id (envelope_key_id) on the phone is the check this file cannot
 * make for itself.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "formats/envelope.h"
#include "i18n.h"
#include "sync.h"
#include "vault.h"

enum diag_status
sync_key_export(struct vault *v, const char *path, struct diag *d)
{
	char device[VAULT_DEVICE_ID_LEN + 1], hex[65], tmp[PATH_MAX];
	FILE *f;

	vault_device_id(v, device);
	sodium_bin2hex(hex, sizeof hex, vault_device_pk(v), 32);
	if (snprintf(tmp, sizeof tmp, "%s.partial", path) >= (int)sizeof tmp)
		return diag_set(d, DIAG_USAGE, path, 0, "%s", _("file name too long"));
	if ((f = fopen(tmp, "w")) == NULL)
		return diag_set(d, DIAG_IO, path, 0, "%s", strerror(errno));
	fprintf(f, "%s\ndevice %s\nkey %s\n", SYNC_KEYFILE_MAGIC, device, hex);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0 || ferror(f)) {
		fclose(f);
		unlink(tmp);
		return diag_set(d, DIAG_IO, path, 0, _("write failed: %s"), strerror(errno));
	}
	fclose(f);
	if (rename(tmp, path) != 0) {
		unlink(tmp);
		return diag_set(d, DIAG_IO, path, 0, _("cannot rename into place: %s"),
				strerror(errno));
	}
	return DIAG_OK;
}

enum diag_status
sync_key_read(const char *path, unsigned char key[32], char device[40], struct diag *d)
{
	char line[3][160];
	size_t got = 0, klen = 0;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		return diag_set(d, errno == ENOENT ? DIAG_NOINPUT : DIAG_IO, path, 0, "%s",
				strerror(errno));
	while (got < 3 && fgets(line[got], sizeof line[got], f) != NULL) {
		line[got][strcspn(line[got], "\r\n")] = '\0';
		got++;
	}
	fclose(f);
	if (got < 3 || strcmp(line[0], SYNC_KEYFILE_MAGIC) != 0)
		return diag_set(d, DIAG_DATA, path, 1, "%s",
				_("not a douane public key file (\"douane-key 1\")"));
	if (strncmp(line[1], "device ", 7) != 0 || strlen(line[1] + 7) != VAULT_DEVICE_ID_LEN ||
	    strspn(line[1] + 7, "0123456789abcdef") != VAULT_DEVICE_ID_LEN)
		return diag_set(d, DIAG_DATA, path, 2, "%s", _("bad device line"));
	snprintf(device, 40, "%s", line[1] + 7);
	if (strncmp(line[2], "key ", 4) != 0 || strlen(line[2] + 4) != 64 ||
	    sodium_hex2bin(key, 32, line[2] + 4, 64, NULL, &klen, NULL) != 0 || klen != 32)
		return diag_set(d, DIAG_DATA, path, 3, "%s", _("bad key line"));
	return DIAG_OK;
}

static enum diag_status
admin_only(struct vault *v, struct diag *d)
{
	if (vault_role(v) != VAULT_ROLE_ADMIN)
		return diag_set(d, DIAG_NOPERM, NULL, 0, "%s",
				_("only an admin may enrol, trust or pack keys"));
	return DIAG_OK;
}

enum diag_status
sync_key_enrol(struct store *st, struct vault *v, const char *path, const char *booth,
	       const char *crossing, struct diag *d)
{
	struct store_sync_key k;
	enum diag_status rc;

	if ((rc = admin_only(v, d)) != DIAG_OK)
		return rc;
	memset(&k, 0, sizeof k);
	if ((rc = sync_key_read(path, k.key, k.device, d)) != DIAG_OK)
		return rc;
	if (memcmp(k.key, vault_device_pk(v), 32) == 0)
		return diag_set(d, DIAG_DATA, path, 0, "%s", _("this is this vault's own key"));
	if (booth == NULL || *booth == '\0' || strlen(booth) >= sizeof k.booth)
		return diag_set(d, DIAG_USAGE, path, 0, "%s", _("a booth needs a short name"));
	if (crossing && strlen(crossing) >= sizeof k.crossing)
		return diag_set(d, DIAG_USAGE, path, 0, "%s", _("bad crossing code"));
	k.role = STORE_SYNC_BOOTH;
	snprintf(k.booth, sizeof k.booth, "%s", booth);
	snprintf(k.crossing, sizeof k.crossing, "%s", crossing ? crossing : "");
	return store_sync_key_put(st, &k, d);
}

enum diag_status
sync_key_trust(struct store *st, struct vault *v, const char *path, struct diag *d)
{
	struct store_sync_key k;
	enum diag_status rc;

	if ((rc = admin_only(v, d)) != DIAG_OK)
		return rc;
	memset(&k, 0, sizeof k);
	if ((rc = sync_key_read(path, k.key, k.device, d)) != DIAG_OK)
		return rc;
	if (memcmp(k.key, vault_device_pk(v), 32) == 0)
		return diag_set(d, DIAG_DATA, path, 0, "%s", _("this is this vault's own key"));
	k.role = STORE_SYNC_HQ;
	return store_sync_key_put(st, &k, d);
}
