/* sync_pack: reference packs, built at HQ and applied at a booth (sync.h).
 *
 * A pack's payload (doc/formats.md) is "DOUANEP1", its version (also the
 * envelope's serial), the device id of the booth it is for, then a list
 * of members, each (type, name, bytes): "manifest" and "watchlist"
 * members are files exactly as HQ had them, so the booth runs the same
 * importers on the same bytes; "users" is the text "douane-users 1" then
 * one "USER<TAB>ROLE<TAB>KEY-HEX" line per user, public data only (never
 * a key slot or a passphrase); "rules" is a risk rules file, loaded as
 * "douane rules load" would (checked whole; any problem refuses the
 * pack).  Any type this version does not know is refused as "not
 * supported yet", with nothing applied, so that a booth never claims a
 * version whose contents it skipped.
 *
 * Applying is one transaction: the importers' own transactions become
 * savepoints inside it (store_begin), so a failure in the last member
 * leaves nothing of the first.  The importers read files; a member's
 * bytes are given to them through an anonymous in-memory file
 * (memfd_create), never written to disk in clear.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "formats/envelope.h"
#include "i18n.h"
#include "import.h"
#include "sync.h"
#include "sync_wire.h"
#include "vault.h"
#include "watchlist_import.h"

#define PACK_MAGIC "DOUANEP1"
#define USERS_MAGIC "douane-users 1\n"
#define PACK_MEMBERS_MAX 4096

/* --- Building (HQ) ------------------------------------------------------------ */

/* The file at PATH, as a u64 length and its bytes, onto W.  */
static enum diag_status
slurp(const char *path, struct wire_out *w, struct diag *d)
{
	unsigned char *buf = NULL;
	struct stat sb;
	FILE *f = fopen(path, "rb");
	size_t got = 0;

	if (f == NULL)
		return diag_set(d, errno == ENOENT ? DIAG_NOINPUT : DIAG_IO, path, 0, "%s",
				strerror(errno));
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    (uint64_t)sb.st_size > ENVELOPE_PAYLOAD_MAX / 2) {
		fclose(f);
		return diag_set(d, DIAG_NOINPUT, path, 0, "%s", _("not a regular file, or too large"));
	}
	if (sb.st_size > 0 && (buf = malloc((size_t)sb.st_size)) == NULL) {
		fclose(f);
		return diag_set(d, DIAG_SOFTWARE, path, 0, "%s", _("out of memory"));
	}
	if (buf)
		got = fread(buf, 1, (size_t)sb.st_size, f);
	fclose(f);
	if (got != (size_t)sb.st_size) {
		free(buf);
		return diag_set(d, DIAG_IO, path, 0, "%s",
				_("the file changed while it was being read"));
	}
	wire_put_u64(w, got);
	wire_put(w, buf ? buf : (unsigned char *)"", got);
	free(buf);
	return w->oom ? diag_set(d, DIAG_SOFTWARE, path, 0, "%s", _("out of memory")) : DIAG_OK;
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* The users member: every user of this vault with a signing key.  */
static enum diag_status
users_text(struct vault *v, struct wire_out *w, struct diag *d)
{
	struct vault_user_info users[64];
	struct wire_out t = {NULL, 0, 0, false};
	enum diag_status rc;
	size_t n = 0;

	if ((rc = vault_user_list(v, users, 64, &n, d)) != DIAG_OK)
		return rc;
	wire_put(&t, USERS_MAGIC, strlen(USERS_MAGIC));
	for (size_t i = 0; i < n; i++) {
		unsigned char pk[32];
		char hex[65];
		bool found;

		if (users[i].status != VAULT_USER_ACTIVE)
			continue;
		if ((rc = vault_user_sign_pk(v, users[i].user, pk, &found, d)) != DIAG_OK)
			goto out;
		if (!found)
			continue;
		sodium_bin2hex(hex, sizeof hex, pk, 32);
		wire_put(&t, users[i].user, strlen(users[i].user));
		wire_put(&t, "\t", 1);
		wire_put(&t, vault_role_name(users[i].role), strlen(vault_role_name(users[i].role)));
		wire_put(&t, "\t", 1);
		wire_put(&t, hex, 64);
		wire_put(&t, "\n", 1);
	}
	wire_put_u64(w, t.len);
	wire_put(w, t.buf, t.len);
	if (t.oom || w->oom)
		rc = diag_set(d, DIAG_SOFTWARE, NULL, 0, "%s", _("out of memory"));
out:
	free(t.buf);
	return rc;
}

enum diag_status
sync_pack_build(struct store *st, struct vault *v, const char *booth, int64_t version,
		const struct sync_pack_member *members, size_t n, bool users, const char *out,
		int64_t *version_out, struct diag *d)
{
	struct wire_out w = {NULL, 0, 0, false};
	struct store_sync_key k;
	struct envelope_header h;
	char state[96];
	int64_t last;
	enum diag_status rc;
	bool found;

	*version_out = 0;
	if (vault_role(v) != VAULT_ROLE_ADMIN)
		return diag_set(d, DIAG_NOPERM, NULL, 0, "%s", _("only an admin may build packs"));
	if ((rc = store_sync_key_booth(st, booth, &k, &found, d)) != DIAG_OK)
		return rc;
	if (!found)
		/* L10N: %s is a booth's name.  */
		return diag_set(d, DIAG_USAGE, NULL, 0,
				_("no booth %s is enrolled: \"douane keys enrol\" first"), booth);
	snprintf(state, sizeof state, "pack:%s", k.device);
	if ((rc = store_sync_state_get(st, state, &last, d)) != DIAG_OK)
		return rc;
	if (version == 0)
		version = last + 1;
	if (version <= last)
		return diag_set(d, DIAG_USAGE, NULL, 0,
				_("version %" PRId64 " is not above the last pack built for %s (%" PRId64
				  "): the booth would refuse it"),
				version, booth, last);
	wire_put(&w, PACK_MAGIC, 8);
	wire_put_u64(&w, (uint64_t)version);
	wire_put_str(&w, k.device);
	wire_put_u32(&w, (uint32_t)(n + (users ? 1 : 0)));
	for (size_t i = 0; i < n; i++) {
		wire_put_str(&w, members[i].type);
		wire_put_str(&w, base_name(members[i].path));
		if ((rc = slurp(members[i].path, &w, d)) != DIAG_OK)
			goto out;
	}
	if (users) {
		wire_put_str(&w, "users");
		wire_put_str(&w, "users");
		if ((rc = users_text(v, &w, d)) != DIAG_OK)
			goto out;
	}
	if (w.oom) {
		rc = diag_set(d, DIAG_SOFTWARE, NULL, 0, "%s", _("out of memory"));
		goto out;
	}
	memset(&h, 0, sizeof h);
	h.kind = ENVELOPE_PACK;
	memcpy(h.recipient, k.key, 32);
	h.serial = (uint64_t)version;
	h.created = (uint64_t)time(NULL);
	if ((rc = vault_device_seal(v, out, &h, w.buf, w.len, d)) != DIAG_OK)
		goto out;
	if ((rc = store_begin(st, d)) != DIAG_OK)
		goto out;
	if ((rc = store_sync_state_set(st, state, version, d)) != DIAG_OK ||
	    (rc = store_commit(st, d)) != DIAG_OK) {
		store_rollback(st);
		goto out;
	}
	*version_out = version;
out:
	if (w.buf)
		sodium_memzero(w.buf, w.len);
	free(w.buf);
	return rc;
}

/* --- Applying (booth) -------------------------------------------------------- */

struct member {
	char *type, *name;
	const unsigned char *bytes;
	uint64_t len;
};

/* BYTES as a file the importers can open by name: an anonymous file in
 * memory.  Its path in PATH; close *FD afterwards.  */
static enum diag_status
memory_file(const struct member *m, int *fd, char path[64], struct diag *d)
{
	*fd = memfd_create("douane-pack-member", MFD_CLOEXEC);
	if (*fd < 0)
		return diag_set(d, DIAG_IO, m->name, 0, "memfd_create: %s", strerror(errno));
	for (uint64_t off = 0; off < m->len;) {
		ssize_t w = write(*fd, m->bytes + off, (size_t)(m->len - off));

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			close(*fd);
			*fd = -1;
			return diag_set(d, DIAG_IO, m->name, 0, _("write failed: %s"),
					strerror(errno));
		}
		off += (uint64_t)w;
	}
	snprintf(path, 64, "/proc/self/fd/%d", *fd);
	return DIAG_OK;
}

static enum diag_status
apply_users(struct store *st, const struct member *m, int64_t version, struct diag *d)
{
	size_t ml = strlen(USERS_MAGIC);
	const char *p = (const char *)m->bytes, *end = p + m->len;
	long line = 1;
	enum diag_status rc;

	if (m->len < ml || memcmp(p, USERS_MAGIC, ml) != 0)
		return diag_set(d, DIAG_DATA, m->name, 1, "%s", _("not a douane users list"));
	for (p += ml; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		char buf[VAULT_USER_MAX + 100], *user, *role, *hex, *save = NULL;
		unsigned char pk[32];
		enum vault_role r;
		size_t klen = 0, n;

		if (nl == NULL || (n = (size_t)(nl - p)) >= sizeof buf)
			return diag_set(d, DIAG_DATA, m->name, line + 1, "%s", _("bad users line"));
		memcpy(buf, p, n);
		buf[n] = '\0';
		p = nl + 1;
		user = strtok_r(buf, "\t", &save);
		role = strtok_r(NULL, "\t", &save);
		hex = strtok_r(NULL, "\t", &save);
		if (user == NULL || role == NULL || hex == NULL || strlen(user) > VAULT_USER_MAX ||
		    vault_role_parse(role, &r) != 0 || strlen(hex) != 64 ||
		    sodium_hex2bin(pk, 32, hex, 64, NULL, &klen, NULL) != 0 || klen != 32)
			return diag_set(d, DIAG_DATA, m->name, line + 1, "%s", _("bad users line"));
		if ((rc = store_pack_user_put(st, user, role, pk, version, d)) != DIAG_OK)
			return rc;
	}
	return DIAG_OK;
}

static enum diag_status
apply_member(struct store *st, const struct member *m, int64_t version, sync_warn_fn warn,
	     void *ctx, struct diag *d)
{
	char path[64], msg[300];
	enum diag_status rc;
	int fd = -1;

	if (strcmp(m->type, "users") == 0)
		return apply_users(st, m, version, d);
	if (strcmp(m->type, "rules") == 0) {
		char actor[48];

		/* Checked as a whole; a rules file with any problem refuses the
		 * whole pack, and the rules in force stay.  */
		snprintf(actor, sizeof actor, "HQ pack %" PRId64, version);
		return store_risk_rules_load(st, (const char *)m->bytes, (size_t)m->len, m->name,
					     actor, NULL, d);
	}
	if ((rc = memory_file(m, &fd, path, d)) != DIAG_OK)
		return rc;
	if (strcmp(m->type, "manifest") == 0) {
		struct import_stats s;

		memset(&s, 0, sizeof s);
		rc = import_manifest_file(st, path, &s, NULL, NULL, d);
		if (rc == DIAG_OK && !s.already)
			rc = store_source_rename(st, path, m->name, d);
		if (rc == DIAG_OK && warn && s.skipped > 0) {
			/* L10N: member name, then how many records were skipped.  */
			snprintf(msg, sizeof msg, _("%s: %" PRId64 " records skipped"), m->name,
				 s.skipped);
			warn(ctx, msg);
		}
	} else {
		struct watchlist_import_stats s;

		memset(&s, 0, sizeof s);
		rc = watchlist_import_file(st, path, NULL, &s, NULL, NULL, d);
	}
	close(fd);
	if (rc != DIAG_OK && d && strcmp(d->file, path) == 0)
		snprintf(d->file, sizeof d->file, "%s", m->name);
	return rc;
}

enum diag_status
sync_pack_apply(struct store *st, struct vault *v, const unsigned char *payload, size_t len,
		const unsigned char sender[32], uint64_t serial, const char *name,
		int64_t *applied, sync_warn_fn warn, void *ctx, struct diag *d)
{
	struct wire_in r = {payload, len, 0, false};
	char mine[VAULT_DEVICE_ID_LEN + 1], *device = NULL;
	struct member *m = NULL;
	const unsigned char *magic;
	uint64_t version;
	uint32_t n = 0, got = 0;
	int64_t last;
	enum diag_status rc;
	bool began = false;

	*applied = 0;
	magic = wire_get(&r, 8);
	if (magic == NULL || memcmp(magic, PACK_MAGIC, 8) != 0)
		return diag_set(d, DIAG_DATA, name, 0, "%s", _("damaged pack: unknown payload format"));
	version = wire_get_u64(&r);
	device = wire_get_str(&r, 64);
	n = wire_get_u32(&r);
	vault_device_id(v, mine);
	if (r.bad || version != serial || version == 0 || version > INT64_MAX ||
	    n > PACK_MEMBERS_MAX) {
		rc = diag_set(d, DIAG_DATA, name, 0, "%s", _("damaged pack header"));
		goto out;
	}
	if (strcmp(device, mine) != 0) {
		rc = diag_set(d, DIAG_DATA, name, 0, _("this pack is for another booth (device %s)"),
			      device);
		goto out;
	}
	if ((rc = store_sync_state_get(st, "pack", &last, d)) != DIAG_OK)
		goto out;
	if ((int64_t)version <= last) {
		/* L10N: the pack's version, then the last one applied.  */
		rc = diag_set(d, DIAG_DATA, name, 0,
			      _("replayed or older pack: version %" PRIu64
				", and this vault has applied version %" PRId64 "; nothing changed"),
			      version, last);
		goto out;
	}
	if (n > 0 && (m = calloc(n, sizeof *m)) == NULL) {
		rc = diag_set(d, DIAG_SOFTWARE, name, 0, "%s", _("out of memory"));
		goto out;
	}
	for (got = 0; got < n; got++) {
		m[got].type = wire_get_str(&r, 32);
		m[got].name = wire_get_str(&r, 255);
		m[got].len = wire_get_u64(&r);
		m[got].bytes = r.bad || m[got].len > len ? NULL : wire_get(&r, (size_t)m[got].len);
		if (r.bad || m[got].bytes == NULL) {
			got++;
			rc = diag_set(d, DIAG_DATA, name, 0, "%s", _("damaged pack: a member is cut short"));
			goto out;
		}
	}
	if (r.off != len) {
		rc = diag_set(d, DIAG_DATA, name, 0, "%s", _("damaged pack: bytes after the last member"));
		goto out;
	}
	/* Everything known before anything is applied.  */
	for (uint32_t i = 0; i < n; i++)
		if (strcmp(m[i].type, "manifest") != 0 && strcmp(m[i].type, "watchlist") != 0 &&
		    strcmp(m[i].type, "users") != 0 && strcmp(m[i].type, "rules") != 0) {
			/* L10N: the member's type, then its name.  */
			rc = diag_set(d, DIAG_DATA, name, 0,
				      _("pack member %s \"%s\": not supported yet by this version of "
					"douane; nothing applied"),
				      m[i].type, m[i].name);
			goto out;
		}
	if ((rc = store_begin(st, d)) != DIAG_OK)
		goto out;
	began = true;
	for (uint32_t i = 0; i < n; i++)
		if ((rc = apply_member(st, &m[i], (int64_t)version, warn, ctx, d)) != DIAG_OK)
			goto out;
	if ((rc = store_pack_applied_add(st, (int64_t)version, sender, n, d)) != DIAG_OK ||
	    (rc = store_sync_state_set(st, "pack", (int64_t)version, d)) != DIAG_OK ||
	    (rc = store_commit(st, d)) != DIAG_OK)
		goto out;
	began = false;
	*applied = n;
out:
	if (began)
		store_rollback(st);
	for (uint32_t i = 0; i < got; i++) {
		free(m[i].type);
		free(m[i].name);
	}
	free(m);
	free(device);
	return rc;
}
