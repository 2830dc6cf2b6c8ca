/* testutil: what the cmocka tests share: a private temporary directory
 * removed at the end, and paths into the source tree.  */
#ifndef DOUANE_TESTUTIL_H
#define DOUANE_TESTUTIL_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* mkdtemp a directory under $TMPDIR (or /tmp); returns a static path.  */
static inline const char *
test_tmpdir(void)
{
	static char dir[512];
	const char *base = getenv("TMPDIR");

	snprintf(dir, sizeof dir, "%s/douane-test-XXXXXX", base && *base ? base : "/tmp");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		exit(99);
	}
	return dir;
}

/* Remove DIR and the plain files in it.  */
static inline void
test_rmdir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[1024];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

/* $top_srcdir/REL into BUF.  */
static inline const char *
test_srcpath(char *buf, size_t size, const char *rel)
{
	const char *top = getenv("top_srcdir");

	snprintf(buf, size, "%s/%s", top && *top ? top : ".", rel);
	return buf;
}

/* Stores for tests live in encrypted vaults, like every store: one test
 * user ("tester", an admin) whose key slot uses the cheapest Argon2id.
 * Tests open stores only through these, so that how a store is opened is
 * decided in one place.  Reading the file with plain SQLite goes through
 * the vault's VFS too: sqlite3_open_v2(path, &db, flags, VAULT_VFS_NAME)
 * while the vault is open.  */
#include "store.h"
#include "vault.h"

#define TEST_USER "tester"
#define TEST_PASS "tester-passphrase"

static struct {
	struct store *st;
	struct vault *v;
} test_stores[8];

static inline void
test_store_remember(struct store *st, struct vault *v)
{
	for (size_t i = 0; i < sizeof test_stores / sizeof test_stores[0]; i++)
		if (test_stores[i].st == NULL) {
			test_stores[i].st = st;
			test_stores[i].v = v;
			return;
		}
	fprintf(stderr, "testutil: too many open stores\n");
	exit(99);
}

/* A fresh vault "test.vault" in DIR with an empty store; its path in PATH
 * when PATH is not NULL.  */
static inline struct store *
test_store_create_at(const char *dir, char *path, size_t size)
{
	char buf[1024];
	struct store *st = NULL;
	struct vault *v = NULL;
	struct diag d;

	if ((size_t)snprintf(buf, sizeof buf, "%s/test.vault", dir) >= sizeof buf) {
		fprintf(stderr, "test_store_create: path too long\n");
		exit(99);
	}
	if (path && (size_t)snprintf(path, size, "%s/test.vault", dir) >= size) {
		fprintf(stderr, "test_store_create: path too long\n");
		exit(99);
	}
	if (vault_create(buf, TEST_USER, TEST_PASS, strlen(TEST_PASS), &vault_kdf_fast, &v, &d) !=
		    DIAG_OK ||
	    store_open(&st, v, 0, &d) != DIAG_OK) {
		fprintf(stderr, "test_store_create: %s\n", d.msg);
		exit(99);
	}
	test_store_remember(st, v);
	return st;
}

static inline struct store *
test_store_create(const char *dir)
{
	return test_store_create_at(dir, NULL, 0);
}

/* Open the existing vault at PATH as the test user: DIAG_OK and *OUT set,
 * or the status of the failure (the vault's or the store's).  */
static inline enum diag_status
test_store_open(const char *path, struct store **out, struct diag *d)
{
	struct vault *v = NULL;
	enum diag_status rc;

	*out = NULL;
	if ((rc = vault_open(path, TEST_USER, TEST_PASS, strlen(TEST_PASS), &v, d)) != DIAG_OK)
		return rc;
	if ((rc = store_open(out, v, 0, d)) != DIAG_OK) {
		vault_close(v);
		return rc;
	}
	test_store_remember(*out, v);
	return DIAG_OK;
}

/* The vault under a store from test_store_create/open (NULL for another). */
static inline struct vault *
test_store_vault(struct store *st)
{
	for (size_t i = 0; i < sizeof test_stores / sizeof test_stores[0]; i++)
		if (test_stores[i].st == st)
			return test_stores[i].v;
	return NULL;
}

/* Close a store from test_store_create/open and its vault.  */
static inline void
test_store_close(struct store *st)
{
	if (st == NULL)
		return;
	for (size_t i = 0; i < sizeof test_stores / sizeof test_stores[0]; i++)
		if (test_stores[i].st == st) {
			store_close(st);
			vault_close(test_stores[i].v);
			test_stores[i].st = NULL;
			test_stores[i].v = NULL;
			return;
		}
	store_close(st);
}

#endif
