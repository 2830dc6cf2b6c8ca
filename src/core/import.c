/* import: bring a manifest file into the store (see import.h).
 *
 * The file is read twice through one open descriptor, by two threads at
 * once:
 *
 *   - the calling thread parses it: libxml2's streaming reader
 *     (formats/xml.h) reads through a callback that hashes what it reads
 *     (BLAKE2b-256, libsodium's crypto_generichash) and reports progress;
 *     the root element and its namespace pick the reader from the table
 *     below, and the reader hands over one validated subject at a time;
 *   - a store thread first hashes the whole file with pread() (so the two
 *     do not share a file offset), and looks the digest up: a file the store
 *     already knows was imported before, and nothing is done.  Otherwise it
 *     begins the transaction, records the source, and stores the subjects
 *     the parser hands over, in order.
 *
 * The hand-over (import_queue.h) is a bounded queue of batches of deep
 * copies: at most IMPORT_QUEUE_BATCHES * IMPORT_BATCH_SUBJECTS subjects are
 * in flight, so memory stays flat whatever the size of the file, and a
 * parser that runs ahead of the store waits.  While the import runs, the
 * SQLite connection (opened SQLITE_OPEN_NOMUTEX) is used by the store thread
 * only; the calling thread touches it again only after joining it, to
 * commit or roll back.
 *
 * The parser starts before the digest is known, so that hashing overlaps
 * parsing; progress is reported only once the file is known to be new (a
 * file imported before shows none, as when the steps ran one after the
 * other), and when it was imported before, the store thread stops the
 * queue and the parser gives up at its next batch.
 *
 * Everything from the source row to the last subject happens in one
 * transaction: any error (bad data, a duplicate reference, an I/O error, a
 * file that changed between the two reads) rolls it back, so the store is
 * exactly as it was.  Only when the whole document has been read and found
 * well-formed, and both digests agree, is the transaction committed.
 *
 * The error reported is the one a single thread doing the steps in order
 * would have met first: a failure to hash or look up the file, then the
 * file being known already (no error at all), then a problem with the root
 * element, then a failure of the store (every subject it was given comes
 * before the point where the parser stopped), then the parser's own, then a
 * changed file.  A parser failing stops nothing early: the subjects it has
 * handed over are stored first, since one of them may be the real first
 * error (a duplicate reference, say).
 *
 * Adding a format is one row in import_readers[] and one reader under
 * formats/.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "formats/formats.h"
#include "formats/manifests.h"
#include "i18n.h"
#include "import.h"
#include "import_queue.h"

#define IMPORT_CHUNK 65536
#define IMPORT_DIGEST_HEX (crypto_generichash_BYTES * 2 + 1)
#define IMPORT_PROGRESS_STEP (1024 * 1024)

/* The manifest formats, recognised by their root element and namespace.  */
static const struct formats_manifest_reader import_readers[] = {
    {"manifest", MANIFEST_DOUANE_NS, "douane-manifest-1", manifest_douane_read},
    {"MetaData", MANIFEST_WCO_NS_META, "wco-dm-3", manifest_wco_read},
    {"submitDeclarationRequest", MANIFEST_WCO_NS_HMRC, "wco-dm-3-hmrc", manifest_wco_read},
    {"MetaData", "", "wco-dm-3", manifest_wco_read},
    {"Waybill", MANIFEST_IATA_NS_XFWB, "iata-xfwb-3", manifest_iata_read},
    {"HouseWaybill", MANIFEST_IATA_NS_XFZB, "iata-xfzb-3", manifest_iata_read},
    {"CC315A", MANIFEST_ICS_NS_CC315A, "eu-ics1-cc315a", manifest_ics_read},
    {"CC313A", MANIFEST_ICS_NS_CC313A, "eu-ics1-cc313a", manifest_ics_read},
    {"CC351A", MANIFEST_ICS_NS_CC351A, "eu-ics1-cc351a", manifest_ics_read},
    {"notificationResponse", "", "eu-ics1-notification", manifest_ics_read},
};

/* The parser's side of the file.  */
struct import_file {
	int fd;
	const char *path;
	crypto_generichash_state hash;
	uint64_t done, total, next_report;
	import_progress_fn progress;
	void *progress_ctx;
	const atomic_bool *may_report; /* the file is known to be new */
	int err;                       /* errno of a failed read, or 0 */
};

/* What the two threads share.  The store thread writes the fields under
 * "results" and the caller reads them only after joining it.  */
struct import_job {
	struct store *st;
	const char *path;
	int fd;
	const char *format;
	struct import_queue q;
	atomic_bool known_new;

	/* results */
	char hex[IMPORT_DIGEST_HEX]; /* digest of the first read */
	bool checked;                /* hashed and looked up without error */
	bool found;                  /* ... and the store knows the file */
	bool began;                  /* a transaction is open */
	int64_t source_id;
	int64_t stored;
	int64_t findings; /* data-quality findings of the stored subjects */
	enum diag_status rc;
	struct diag d;
};

/* The parser's sink: fills batches for the store thread.  */
struct import_sink {
	struct import_job *job;
	struct import_batch *batch; /* being filled, or NULL */
	int64_t read;
	bool stopped; /* the store thread stopped the queue */
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
	if (f->progress != NULL && (f->done >= f->next_report || n == 0) &&
	    atomic_load_explicit(f->may_report, memory_order_relaxed)) {
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

static void
import_hex(crypto_generichash_state *h, char out[IMPORT_DIGEST_HEX])
{
	unsigned char sum[crypto_generichash_BYTES];

	crypto_generichash_final(h, sum, sizeof sum);
	sodium_bin2hex(out, IMPORT_DIGEST_HEX, sum, sizeof sum);
}

/* Hash the rest of F into OUT (hex), reading on from where the parser
 * stopped; F->hash must be initialised.  */
static enum diag_status
import_hash_rest(struct import_file *f, char out[IMPORT_DIGEST_HEX], struct diag *d)
{
	unsigned char buf[IMPORT_CHUNK];
	ssize_t n;

	while ((n = import_read_fd(f->fd, buf, sizeof buf)) > 0)
		crypto_generichash_update(&f->hash, buf, (unsigned long long)n);
	if (n < 0)
		return import_io_error(f->path, errno, d);
	import_hex(&f->hash, out);
	return DIAG_OK;
}

/* The first read: hash all of J's file with pread(), then ask the store
 * whether it knows the digest.  */
static enum diag_status
import_check_known(struct import_job *j, struct diag *d)
{
	unsigned char buf[IMPORT_CHUNK];
	crypto_generichash_state h;
	off_t off = 0;
	ssize_t n;
	enum diag_status rc;

	crypto_generichash_init(&h, NULL, 0, crypto_generichash_BYTES);
	for (;;) {
		n = pread(j->fd, buf, sizeof buf, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		crypto_generichash_update(&h, buf, (unsigned long long)n);
		off += n;
	}
	if (n < 0)
		return import_io_error(j->path, errno, d);
	import_hex(&h, j->hex);
	if ((rc = store_source_find(j->st, j->hex, &j->found, d)) != DIAG_OK)
		return rc;
	j->checked = true;
	return DIAG_OK;
}

static enum diag_status
import_store_subject(struct import_job *j, struct subject *s, long line, struct diag *d)
{
	enum diag_status rc;
	int64_t id;

	rc = store_subject_put(j->st, s, j->source_id, false, d);
	if (rc == DIAG_DATA && store_subject_find(j->st, s->ref, &id, NULL) == DIAG_OK && id > 0)
		/* L10N: %s is a subject reference, such as "CN-0000001".  */
		return diag_set(d, DIAG_DATA, j->path, line,
		                _("reference \"%s\" is already in the vault (from another file or "
		                  "earlier in this one)"),
		                s->ref);
	if (rc != DIAG_OK) {
		/* Keep the store's reason, but say where in the file.  */
		snprintf(d->file, sizeof d->file, "%s", j->path);
		d->line = line;
		return rc;
	}
	j->stored++;
	j->findings += (int64_t)s->n_findings;
	return DIAG_OK;
}

/* The store thread.  */
static void *
import_store_main(void *arg)
{
	struct import_job *j = arg;
	struct import_batch *b;

	if ((j->rc = import_check_known(j, &j->d)) != DIAG_OK || j->found)
		goto stop;
	atomic_store(&j->known_new, true);
	store_bulk(j->st, true);
	if ((j->rc = store_begin(j->st, &j->d)) != DIAG_OK)
		goto stop;
	j->began = true;
	if ((j->rc = store_source_add(j->st, j->path, j->hex, j->format, &j->source_id, &j->d)) !=
	    DIAG_OK)
		goto stop;
	while ((b = import_queue_take_full(&j->q)) != NULL) {
		for (size_t i = 0; i < b->n; i++) {
			j->rc = import_store_subject(j, &b->subjects[i], b->lines[i], &j->d);
			if (j->rc != DIAG_OK) {
				import_queue_put_empty(&j->q, b);
				goto stop;
			}
		}
		import_queue_put_empty(&j->q, b);
	}
	return NULL;
stop:
	import_queue_stop(&j->q);
	return NULL;
}

/* The parser's sink: a copy of S into the batch being filled, which goes
 * to the store thread when full.  */
static enum diag_status
import_take_subject(void *ctx, struct subject *s, long line, struct diag *d)
{
	struct import_sink *k = ctx;
	struct import_batch *b = k->batch;

	if (b == NULL && (b = k->batch = import_queue_take_empty(&k->job->q)) == NULL) {
		/* The store thread has stopped; its reason is the one that
		 * will be reported.  */
		k->stopped = true;
		return diag_set(d, DIAG_SOFTWARE, k->job->path, line, "the store stopped");
	}
	if (!import_subject_copy(&b->arena, &b->subjects[b->n], s))
		return diag_set(d, DIAG_SOFTWARE, k->job->path, 0, _("out of memory"));
	b->lines[b->n++] = line;
	k->read++;
	if (b->n == IMPORT_BATCH_SUBJECTS) {
		import_queue_put_full(&k->job->q, b);
		k->batch = NULL;
	}
	return DIAG_OK;
}

/* Whatever the parser has not handed over yet goes now, and then no more.  */
static void
import_sink_finish(struct import_sink *k)
{
	if (k->batch != NULL) {
		if (k->batch->n > 0)
			import_queue_put_full(&k->job->q, k->batch);
		else
			import_queue_put_empty(&k->job->q, k->batch);
		k->batch = NULL;
	}
	import_queue_close(&k->job->q);
}

static const struct formats_manifest_reader *
import_find_reader(const char *root, const char *ns)
{
	for (size_t i = 0; i < sizeof import_readers / sizeof import_readers[0]; i++)
		if (strcmp(import_readers[i].root, root) == 0 &&
		    strcmp(import_readers[i].ns, ns != NULL ? ns : "") == 0)
			return &import_readers[i];
	return NULL;
}

/* Find the reader for the root element of X, whose document is opened.  */
static enum diag_status
import_root(struct xml_reader *x, const char *path, const struct formats_manifest_reader **out,
            struct diag *d)
{
	const char *root, *ns;

	if (xml_reader_root(x, d) != DIAG_OK)
		return DIAG_DATA;
	root = xml_reader_name(x);
	ns = xml_reader_namespace(x);
	if ((*out = import_find_reader(root, ns)) == NULL)
		/* L10N: the first %s is an XML element name, the second a
		 * namespace URI.  */
		return diag_set(d, DIAG_DATA, path, xml_reader_line(x),
		                _("unknown manifest format: root element %s in namespace %s"), root,
		                ns ? ns : _("(none)"));
	return DIAG_OK;
}

enum diag_status
import_manifest_file(struct store *st, const char *path, struct import_stats *stats,
                     import_progress_fn progress, void *progress_ctx, struct diag *d)
{
	struct import_stats local_stats;
	struct import_job j = {.st = st, .path = path, .fd = -1};
	struct import_file f = {.fd = -1, .path = path, .may_report = &j.known_new};
	struct import_sink sink = {.job = &j};
	struct xml_reader x = {0};
	const struct formats_manifest_reader *reader = NULL;
	struct diag pd; /* the parser's error */
	char hex2[IMPORT_DIGEST_HEX];
	struct stat sb;
	pthread_t thread;
	bool xml_open = false, queue = false;
	enum diag_status rc, prc;
	int err;

	diag_clear(d);
	diag_clear(&pd);
	diag_clear(&j.d);
	atomic_init(&j.known_new, false);
	if (stats == NULL)
		stats = &local_stats;
	memset(stats, 0, sizeof *stats);
	if (sodium_init() < 0)
		return diag_set(d, DIAG_SOFTWARE, path, 0, _("cannot initialise libsodium"));

	f.fd = j.fd = open(path, O_RDONLY | O_CLOEXEC);
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

	/* The root element first: it names the format the source row
	 * records.  */
	crypto_generichash_init(&f.hash, NULL, 0, crypto_generichash_BYTES);
	f.progress = progress;
	f.progress_ctx = progress_ctx;
	f.next_report = IMPORT_PROGRESS_STEP;
	prc = xml_reader_open(&x, path, import_read_xml, &f, &pd);
	xml_open = prc == DIAG_OK;
	if (prc == DIAG_OK)
		prc = import_root(&x, path, &reader, &pd);
	if (prc != DIAG_OK) {
		/* A file known already, or one that cannot be hashed, says so
		 * before its root element is looked at.  */
		if ((rc = import_check_known(&j, d)) != DIAG_OK)
			goto out;
		if (j.found) {
			stats->already = true;
			goto out;
		}
		if (f.err != 0 && pd.status == DIAG_DATA) {
			/* libxml2 saw the read fail as a malformed document.  */
			rc = import_io_error(path, f.err, d);
		} else {
			rc = prc;
			if (d != NULL)
				*d = pd;
		}
		goto out;
	}
	stats->format = j.format = reader->name;

	/* Then the two threads.  */
	if (!import_queue_init(&j.q)) {
		rc = diag_set(d, DIAG_SOFTWARE, path, 0, _("out of memory"));
		goto out;
	}
	queue = true;
	if ((err = pthread_create(&thread, NULL, import_store_main, &j)) != 0) {
		/* L10N: %s is the system's reason, from strerror().  */
		rc = diag_set(d, DIAG_SOFTWARE, path, 0, _("cannot start a thread: %s"),
		              strerror(err));
		goto out;
	}
	prc = reader->read(&x, import_take_subject, &sink, &pd);
	import_sink_finish(&sink);
	if (prc == DIAG_OK && f.err != 0)
		prc = import_io_error(path, f.err, &pd);
	if (prc != DIAG_OK && f.err != 0 && pd.status == DIAG_DATA)
		/* libxml2 saw the read fail as a malformed document.  */
		prc = import_io_error(path, f.err, &pd);
	/* Whatever libxml2 left unread counts too.  */
	if (prc == DIAG_OK)
		prc = import_hash_rest(&f, hex2, &pd);
	pthread_join(thread, NULL);
	stats->read = sink.read;

	/* The first error in the order of the steps.  */
	if (!j.checked || j.rc != DIAG_OK) {
		rc = j.rc;
		if (d != NULL)
			*d = j.d;
		goto out;
	}
	if (j.found) {
		stats->already = true;
		stats->read = 0;
		rc = DIAG_OK;
		goto out;
	}
	if (prc != DIAG_OK) {
		rc = prc;
		if (d != NULL)
			*d = pd;
		goto out;
	}
	/* Both digests must agree, or the file changed under us.  */
	if (strcmp(j.hex, hex2) != 0) {
		rc = diag_set(d, DIAG_IO, path, 0, _("the file changed while it was being read"));
		goto out;
	}
	stats->stored = j.stored;
	stats->findings = j.findings;
	if ((rc = store_source_set_count(st, j.source_id, stats->stored, d)) != DIAG_OK)
		goto out;
	if ((rc = store_commit(st, d)) != DIAG_OK)
		goto out;
	j.began = false;
	if (progress != NULL)
		progress(progress_ctx, f.done, f.done);
out:
	if (j.began)
		store_rollback(st);
	store_bulk(st, false);
	if (queue)
		import_queue_destroy(&j.q);
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
