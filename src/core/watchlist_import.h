/* watchlist_import: bring a watchlist into the store.
 *
 * One list is one transaction: every entry of it is stored, replacing the
 * older version of the same source, or nothing changes.  A list whose
 * file (or, for the OFAC CSV set, whose set of files) was imported before
 * changes nothing; a list published before the one loaded is refused.
 *
 * Formats ("un", "ofac-xml", "ofac-csv", "douane") are detected when not
 * given: XML by its root element and namespace, the OFAC CSV set by a
 * primary file whose name ends in ".csv" and whose first record has 12
 * fields and an integer ent_num (or which does not start like XML: it is
 * then refused by the CSV reader, saying why).
 */
#ifndef DOUANE_WATCHLIST_IMPORT_H
#define DOUANE_WATCHLIST_IMPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "import.h"
#include "store.h"

#define WATCHLIST_IMPORT_REASON_MAX 200

struct watchlist_import_stats {
	const char *format; /* "un", "ofac-xml", "ofac-csv", "douane"; static */
	char source[40];    /* the list's source key, "UN-SC" */
	char published[16]; /* its publication date, or "" */
	int64_t read;       /* records read */
	int64_t stored;     /* entries stored */
	int64_t skipped;    /* records skipped, the first one's reason below */
	int64_t names;      /* names stored, primary and aliases */
	bool already;       /* the same file (set) was imported before */
	bool replaced;      /* an older version of the list was replaced */
	long skip_line;
	char skip_reason[WATCHLIST_IMPORT_REASON_MAX];
};

struct watchlist_import_options {
	const char *format; /* NULL: detect */
	const char *source; /* NULL: from the file; else overrides it */
};

/* The format names --format takes, NULL-terminated.  */
extern const char *const watchlist_import_formats[];

/* Import the list in PATH (for the OFAC CSV set, its primary file) in
 * FORMAT (NULL: detect).  Missing input is DIAG_NOINPUT, a bad file
 * DIAG_DATA with the file, the line and the reason; the store is then
 * unchanged.  */
enum diag_status watchlist_import_file(struct store *st, const char *path, const char *format,
                                       struct watchlist_import_stats *stats,
                                       import_progress_fn progress, void *progress_ctx,
                                       struct diag *d);

/* The same, with every option.  */
enum diag_status watchlist_import_file_opts(struct store *st, const char *path,
                                            const struct watchlist_import_options *opt,
                                            struct watchlist_import_stats *stats,
                                            import_progress_fn progress, void *progress_ctx,
                                            struct diag *d);

#endif
