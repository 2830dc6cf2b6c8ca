/* import: bring a manifest file into the store.
 *
 * One file is one transaction: either every subject in it is stored or none
 * is.  A file already imported (same SHA-256) changes nothing.  The format is
 * detected from the root element and its namespace.
 */
#ifndef DOUANE_IMPORT_H
#define DOUANE_IMPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "store.h"

struct import_stats {
	const char *format; /* detected format name, static string */
	int64_t read;       /* records read from the file */
	int64_t stored;     /* subjects stored */
	int64_t skipped;    /* records skipped (with a reason on stderr) */
	int64_t findings;   /* data-quality findings recorded */
	bool already;       /* the same file was imported before: nothing done */
};

/* Called now and then with how many bytes of the file were read.  */
typedef void (*import_progress_fn)(void *ctx, uint64_t done, uint64_t total);

enum diag_status import_manifest_file(struct store *st, const char *path,
				      struct import_stats *stats, import_progress_fn progress,
				      void *progress_ctx, struct diag *d);

#endif
