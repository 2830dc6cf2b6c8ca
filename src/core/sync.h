/* sync: offline exchange between booths and headquarters.
 *
 * Three kinds of file travel by USB stick, rsync or a shared folder, each
 * in the signed, sealed envelope of formats/envelope.h and each protecting
 * itself (doc/formats.md gives the payloads):
 *
 *   pack    HQ to booth: manifests, watchlists, rules and the users'
 *           public data, with a version that only goes up; applied in one
 *           transaction or not at all.
 *   bundle  booth to HQ: the events HQ has not acknowledged, each with its
 *           actor's signature and the hash chain.  HQ stores each event
 *           once under its name (device, seq): ingesting is a union, so
 *           the same bundle twice or bundles in any order give one state.
 *   ack     HQ to booth: how far HQ holds the booth's events without a
 *           hole, and that event's hash; the booth marks them delivered.
 *
 * Every vault has a device key (vault.h); HQ is a vault like any other
 * and its device key is HQ's key.  Public keys travel as small text
 * files (sync_key_export); HQ enrols each booth's, a booth trusts HQ's.
 * Secret keys never leave the vault.
 *
 * Status codes: DIAG_DATA (65) for every refused file (altered, cut
 * short, for another recipient, from an unknown key, replayed, older, a
 * fork); DIAG_NOINPUT (66) for a missing file; DIAG_NOPERM (77) when the
 * user's role does not allow it (enrolling, trusting and packing are for
 * admins).  A refused file changes nothing.
 */
#ifndef DOUANE_SYNC_H
#define DOUANE_SYNC_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "store.h"

struct vault;

/* --- Keys ---------------------------------------------------------------- */

/* The public key file: "douane-key 1", "device ID", "key HEX", one per
 * line.  */
#define SYNC_KEYFILE_MAGIC "douane-key 1"

/* Write V's device public key to PATH (whole or not at all).  */
enum diag_status sync_key_export(struct vault *v, const char *path, struct diag *d);
/* Read a public key file.  */
enum diag_status sync_key_read(const char *path, unsigned char key[32], char device[40],
			       struct diag *d);
/* At HQ: enrol the booth whose key file is PATH as BOOTH (at CROSSING,
 * may be NULL).  Admins only.  */
enum diag_status sync_key_enrol(struct store *st, struct vault *v, const char *path,
				const char *booth, const char *crossing, struct diag *d);
/* At a booth: trust the HQ key in PATH (replacing an earlier one).
 * Admins only.  */
enum diag_status sync_key_trust(struct store *st, struct vault *v, const char *path,
				struct diag *d);

/* Messages that must be seen (a gap in a booth's events) go to this
 * function as they are found.  */
typedef void (*sync_warn_fn)(void *ctx, const char *msg);

/* --- Bundles (booth) and their ingest (HQ) -------------------------------- */

struct sync_export_result {
	int64_t first, last; /* the events written; 0, 0 when there was none */
	char path[PATH_MAX];
};

/* Write the events HQ has not acknowledged to DIR as one bundle, sealed to
 * HQ's trusted key, named DEVICE-FIRST-LAST.bundle.  Nothing to send is
 * DIAG_OK with R->last 0 and no file.  */
enum diag_status sync_export(struct store *st, struct vault *v, const char *dir,
			     struct sync_export_result *r, struct diag *d);

struct sync_ingest_result {
	char booth[72];
	char device[40];
	int64_t first, last; /* the bundle's events */
	int64_t added;       /* stored now */
	int64_t held;        /* HQ held them already */
	int64_t head;        /* HQ now holds 1..head without a hole */
	int64_t gaps;        /* missing ranges above head */
};

/* Verify the bundle at PATH and store its events.  Refused (DIAG_DATA,
 * nothing stored): anything the envelope refuses, a booth not enrolled,
 * an event whose hash, signature, device or chain link is wrong, a bundle
 * that brings nothing HQ does not hold (replayed), and a fork: an event
 * whose number HQ holds with other content (a booth vault restored from
 * an older copy), which is also remembered in hq_problem.  Gaps are
 * stored, and reported through WARN.  */
enum diag_status sync_ingest(struct store *st, struct vault *v, const char *path,
			     struct sync_ingest_result *r, sync_warn_fn warn, void *ctx,
			     struct diag *d);

/* Write HQ's ack for the booth whose device is DEVICE into DIR, named
 * DEVICE-SEQ.ack (path in OUT).  Nothing to acknowledge is DIAG_OK with
 * *SEQ 0 and no file.  */
enum diag_status sync_ack_write(struct store *st, struct vault *v, const char *device,
				const char *dir, int64_t *seq, char out[PATH_MAX],
				struct diag *d);

/* --- Packs (HQ) ------------------------------------------------------------ */

struct sync_pack_member {
	const char *type; /* "manifest", "watchlist", "rules" */
	const char *path; /* the file, packed as it is */
};

/* Build a pack for BOOTH (enrolled) from MEMBERS and, when USERS, this
 * vault's users' public data; VERSION 0 means one more than the last pack
 * built for BOOTH.  Admins only.  *VERSION_OUT is the version written.  */
enum diag_status sync_pack_build(struct store *st, struct vault *v, const char *booth,
				 int64_t version, const struct sync_pack_member *members,
				 size_t n, bool users, const char *out, int64_t *version_out,
				 struct diag *d);

/* --- Importing at a booth ---------------------------------------------------- */

struct sync_import_result {
	int kind;        /* enum envelope_kind */
	int64_t serial;  /* the pack's version, the ack's seq */
	int64_t members; /* a pack's members applied */
	bool older;      /* an ack no newer than the last: nothing changed */
};

/* Whether PATH starts like an exchanged file (the envelope's magic).  */
bool sync_is_exchange_file(const char *path);

/* Import a pack or an ack from HQ (the kind read from the file).  */
enum diag_status sync_import(struct store *st, struct vault *v, const char *path,
			     struct sync_import_result *r, sync_warn_fn warn, void *ctx,
			     struct diag *d);

/* Apply a pack's payload (already opened and checked to be from HQ). */
enum diag_status sync_pack_apply(struct store *st, struct vault *v, const unsigned char *payload,
				 size_t len, const unsigned char sender[32], uint64_t serial,
				 const char *name, int64_t *members, sync_warn_fn warn, void *ctx,
				 struct diag *d);

#endif
