/* formats: the readers of the files douane imports.
 *
 * A manifest reader turns one XML document into subjects, one at a time:
 * it fills a struct subject, hands it to a sink and clears it, so memory
 * does not grow with the file.  import.c finds the reader from the root
 * element and its namespace (a table of struct formats_manifest_reader) and
 * calls it with the xml reader standing on the root element.
 *
 * A reader validates everything its format's documentation promises and
 * reports the first problem as DIAG_DATA with the file, the line and a
 * reason naming the element or attribute and the bad value.
 */
#ifndef DOUANE_FORMATS_H
#define DOUANE_FORMATS_H

#include "diag.h"
#include "formats/xml.h"
#include "subject.h"

/* Receives each complete subject, read from the element starting on LINE.
 * The sink may keep nothing of S: the reader clears it afterwards.  A status
 * other than DIAG_OK stops the reader, which returns it.  */
typedef enum diag_status (*formats_sink_fn)(void *ctx, struct subject *s, long line,
                                            struct diag *d);

typedef enum diag_status (*formats_manifest_read_fn)(struct xml_reader *x, formats_sink_fn sink,
                                                     void *sink_ctx, struct diag *d);

struct formats_manifest_reader {
	const char *root; /* local name of the root element */
	const char *ns;   /* its namespace URI */
	const char *name; /* format name, stored with the source */
	formats_manifest_read_fn read;
};

/* A subject appender failed with errno E2BIG (subject.h): the subject at
 * the current node of X holds too much; DIAG_DATA naming the line.  */
enum diag_status formats_too_many(struct xml_reader *x, struct diag *d);

/* douane's own manifest XML, urn:douane:manifest:1 (doc/formats.md).  */
#define MANIFEST_DOUANE_NS "urn:douane:manifest:1"
enum diag_status manifest_douane_read(struct xml_reader *x, formats_sink_fn sink, void *sink_ctx,
                                      struct diag *d);

#endif
