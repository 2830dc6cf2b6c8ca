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

/* A fresh, empty store in DIR (a file named "test.vault").  Tests open
 * stores only through this, so that how a store is opened (plain, or an
 * encrypted vault with a test user) is decided in one place.  */
#include "store.h"

static inline struct store *
test_store_create(const char *dir)
{
	char path[1024];
	struct store *st = NULL;
	struct diag d;

	snprintf(path, sizeof path, "%s/test.vault", dir);
	if (store_open(&st, path, STORE_CREATE, &d) != DIAG_OK) {
		fprintf(stderr, "test_store_create: %s\n", d.msg);
		exit(99);
	}
	return st;
}

#endif
