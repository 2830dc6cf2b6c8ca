/* import: bring a manifest file into the store (see import.h).
 *
 * The file is read twice through one open descriptor:
 *
 *   1. its BLAKE2b-256 digest is computed (libsodium's crypto_generichash,
 *      streaming; several times faster than its SHA-256, which showed as
 *      14% of an import's time); a file whose digest the store already knows
 *      was imported before, and nothing is done;
 *   2. it is parsed by libxml2's streaming reader (formats/xml.h), reading
 *      through a callback that hashes again and reports progress.  The root
 *      element and its namespace pick the reader from the table below; the
 *      reader hands over one subject at a time and the sink stores it.
 *
 * Everything from the source row to the last subject happens in one
 * transaction: any error (bad data, a duplicate reference, an I/O error, a
 * file that changed between the two reads) rolls it back, so the store is
 * exactly as it was.  Only when the whole document has been read and found
 * well-formed is the transaction committed.
 *
 * Adding a format is one row in import_readers[] and one reader under
 * formats/.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "formats/formats.h"
#include "i18n.h"
#include "import.h"

#define IMPORT_CHUNK 65536
#define IMPORT_DIGEST_HEX (crypto_generichash_BYTES * 2 + 1)
#define IMPORT_PROGRESS_STEP (1024 * 1024)

/* The manifest formats, recognised by their root element and namespace.  */
static const struct formats_manifest_reader import_readers[] = {
    {"manifest", MANIFEST_DOUANE_NS, "douane-manifest-1", manifest_douane_read},
};

struct import_file {
	int fd;
	const char *path;
	crypto_generichash_state hash;
	uint64_t done, total, next_report;
	import_progress_fn progress;
	void *progress_ctx;
	int err; /* errno of a failed read, or 0 */
};

struct import_sink {
	struct store *st;
	const char *path;
	int64_t source_id;
	struct import_stats *stats;
};

/* read() that retries on EINTR.  */
static ssize_t
import_read_fd(int fd, void *buf, size_t len)
{
	ssize_t n;

	do
		n = read(fd, buf, len);
	while (n < 0 && errno == EINTR);
	return n;
}

/* libxml2's input callback: read, hash, report progress.  */
static int
import_read_xml(void *ctx, char *buf, int len)
{
	struct import_file *f = ctx;
	ssize_t n;

	if (len <= 0)
		return 0;
	n = import_read_fd(f->fd, buf, (size_t)len);
	if (n < 0) {
		f->err = errno;
		return -1;
	}
	crypto_generichash_update(&f->hash, (const unsigned char *)buf, (unsigned long long)n);
	f->done += (uint64_t)n;
	if (f->progress != NULL && (f->done >= f->next_report || n == 0)) {
		f->progress(f->progress_ctx, f->done, f->total > f->done ? f->total : f->done);
		while (f->next_report <= f->done)
			f->next_report += IMPORT_PROGRESS_STEP;
	}
	return (int)n;
}

static enum diag_status
import_io_error(const char *path, int err, struct diag *d)
{
	/* L10N: %s is the system's reason, from strerror().  */
	return diag_set(d, DIAG_IO, path, 0, _("cannot read the file: %s"), strerror(err));
}

/* Hash the rest of F into OUT (hex); F->hash must be initialised.  */
static enum diag_status
import_hash_rest(struct import_file *f, char out[IMPORT_DIGEST_HEX], struct diag *d)
{
	unsigned char buf[IMPORT_CHUNK];
	unsigned char sum[crypto_generichash_BYTES];
	ssize_t n;

	while ((n = import_read_fd(f->fd, buf, sizeof buf)) > 0)
		crypto_generichash_update(&f->hash, buf, (unsigned long long)n);
	if (n < 0)
		return import_io_error(f->path, errno, d);
	crypto_generichash_final(&f->hash, sum, sizeof sum);
	sodium_bin2hex(out, IMPORT_DIGEST_HEX, sum, sizeof sum);
	return DIAG_OK;
}

static enum diag_status
import_store_subject(void *ctx, struct subject *s, long line, struct diag *d)
{
	struct import_sink *k = ctx;
	enum diag_status rc;
	int64_t id;

	k->stats->read++;
	rc = store_subject_put(k->st, s, k->source_id, false, d);
	if (rc == DIAG_DATA && store_subject_find(k->st, s->ref, &id, NULL) == DIAG_OK && id > 0)
		/* L10N: %s is a subject reference, such as "CN-0000001".  */
		return diag_set(d, DIAG_DATA, k->path, line,
		                _("reference \"%s\" is already in the vault (from another file or "
		                  "earlier in this one)"),
		                s->ref);
	if (rc != DIAG_OK) {
		/* Keep the store's reason, but say where in the file.  */
		if (d != NULL) {
			snprintf(d->file, sizeof d->file, "%s", k->path);
			d->line = line;
		}
		return rc;
	}
	k->stats->stored++;
	return DIAG_OK;
}

static const struct formats_manifest_reader *
import_find_reader(const char *root, const char *ns)
{
	for (size_t i = 0; i < sizeof import_readers / sizeof import_readers[0]; i++)
		if (strcmp(import_readers[i].root, root) == 0 && ns != NULL &&
		    strcmp(import_readers[i].ns, ns) == 0)
			return &import_readers[i];
	return NULL;
}

enum diag_status
import_manifest_file(struct store *st, const char *path, struct import_stats *stats,
                     import_progress_fn progress, void *progress_ctx, struct diag *d)
{
	struct import_stats local_stats;
	struct import_file f = {.fd = -1, .path = path};
	struct import_sink sink = {.st = st, .path = path};
	struct xml_reader x = {0};
	const struct formats_manifest_reader *reader;
	char hex[IMPORT_DIGEST_HEX];
	char hex2[IMPORT_DIGEST_HEX];
	const char *root, *ns;
	struct stat sb;
	bool found = false, began = false, xml_open = false;
	enum diag_status rc;

	diag_clear(d);
	if (stats == NULL)
		stats = &local_stats;
	memset(stats, 0, sizeof *stats);
	sink.stats = stats;
	if (sodium_init() < 0)
		return diag_set(d, DIAG_SOFTWARE, path, 0, _("cannot initialise libsodium"));

	f.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (f.fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			/* L10N: %s is the system's reason, from strerror().  */
			return diag_set(d, DIAG_NOINPUT, path, 0, _("cannot open the file: %s"),
			                strerror(errno));
		return diag_set(d, DIAG_IO, path, 0, _("cannot open the file: %s"),
		                strerror(errno));
	}
	if (fstat(f.fd, &sb) < 0) {
		rc = import_io_error(path, errno, d);
		goto out;
	}
	if (S_ISDIR(sb.st_mode)) {
		rc = import_io_error(path, EISDIR, d);
		goto out;
	}
	f.total = S_ISREG(sb.st_mode) ? (uint64_t)sb.st_size : 0;

	/* 1. The hash, and whether the file is known.  */
	crypto_generichash_init(&f.hash, NULL, 0, crypto_generichash_BYTES);
	if ((rc = import_hash_rest(&f, hex, d)) != DIAG_OK)
		goto out;
	if ((rc = store_source_find(st, hex, &found, d)) != DIAG_OK)
		goto out;
	if (found) {
		stats->already = true;
		goto out;
	}

	/* 2. Parse, hashing again, in one transaction.  */
	if (lseek(f.fd, 0, SEEK_SET) < 0) {
		rc = import_io_error(path, errno, d);
		goto out;
	}
	crypto_generichash_init(&f.hash, NULL, 0, crypto_generichash_BYTES);
	f.progress = progress;
	f.progress_ctx = progress_ctx;
	f.next_report = IMPORT_PROGRESS_STEP;
	if ((rc = xml_reader_open(&x, path, import_read_xml, &f, d)) != DIAG_OK)
		goto out;
	xml_open = true;
	if ((rc = xml_reader_root(&x, d)) != DIAG_OK)
		goto out;
	root = xml_reader_name(&x);
	ns = xml_reader_namespace(&x);
	if ((reader = import_find_reader(root, ns)) == NULL) {
		/* L10N: the first %s is an XML element name, the second a
		 * namespace URI.  */
		rc = diag_set(d, DIAG_DATA, path, xml_reader_line(&x),
		              _("unknown manifest format: root element %s in namespace %s"), root,
		              ns ? ns : _("(none)"));
		goto out;
	}
	stats->format = reader->name;

	if ((rc = store_begin(st, d)) != DIAG_OK)
		goto out;
	began = true;
	if ((rc = store_source_add(st, path, hex, reader->name, &sink.source_id, d)) != DIAG_OK)
		goto out;
	if ((rc = reader->read(&x, import_store_subject, &sink, d)) != DIAG_OK)
		goto out;
	if (f.err != 0) {
		rc = import_io_error(path, f.err, d);
		goto out;
	}
	/* Whatever libxml2 left unread counts too; then the two hashes must
	 * agree, or the file changed under us.  */
	if ((rc = import_hash_rest(&f, hex2, d)) != DIAG_OK)
		goto out;
	if (strcmp(hex, hex2) != 0) {
		rc = diag_set(d, DIAG_IO, path, 0, _("the file changed while it was being read"));
		goto out;
	}
	if ((rc = store_source_set_count(st, sink.source_id, stats->stored, d)) != DIAG_OK)
		goto out;
	if ((rc = store_commit(st, d)) != DIAG_OK)
		goto out;
	began = false;
	if (progress != NULL)
		progress(progress_ctx, f.done, f.done);
out:
	if (rc != DIAG_OK && f.err != 0 && d != NULL && d->status == DIAG_DATA)
		/* libxml2 saw the read fail as a malformed document.  */
		rc = import_io_error(path, f.err, d);
	if (began)
		store_rollback(st);
	if (xml_open)
		xml_reader_close(&x);
	if (f.fd >= 0)
		close(f.fd);
	if (rc != DIAG_OK) {
		stats->stored = 0;
		if (d != NULL && d->file[0] == '\0')
			snprintf(d->file, sizeof d->file, "%s", path);
	}
	return rc;
}
