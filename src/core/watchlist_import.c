/* watchlist_import: bring a watchlist into the store (see watchlist_import.h).
 *
 * It works like the manifest import (import.c), on the readers of
 * formats/watchlist.h:
 *
 *   1. the format is the one asked for, or detected: a primary file of the
 *      OFAC CSV set is a ".csv" whose first record has 12 fields and an
 *      integer ent_num, or that does not start like XML (see
 *      wi_sniff_csv()); anything else is read as XML, and the root element
 *      with its namespace picks the reader (CONSOLIDATED_LIST: the UN list;
 *      sdnList: OFAC's list XML; watchlist in urn:douane:watchlist:1:
 *      douane's own);
 *   2. the BLAKE2b-256 digest (libsodium's crypto_generichash) of the file
 *      is computed; for the OFAC CSV set it covers the primary, alt, add
 *      and comments files together, each prefixed with its role and its
 *      length, so the same set imported again (from anywhere) is known.  A
 *      known digest means the list is loaded: nothing is done;
 *   3. the reader runs inside one transaction.  Before the first entry it
 *      hands over the list, and store_watchlist_begin() refuses it when the
 *      loaded list of the same source was published later, or deletes the
 *      loaded one (entries and all) to make room.  Then each entry is
 *      stored.  Any error rolls everything back, so the store is exactly as
 *      it was; only a list read to its end is committed.
 *
 * XML files are read through one descriptor twice (hash, then parse while
 * hashing again; the two digests must agree, or the file changed under
 * us), so memory does not grow with the file.  The CSV set is read into
 * memory once, hashed and parsed from there: its files are a few megabytes
 * and have to be joined.
 *
 * Which OFAC list.  The sdnList XML and the CSV layout are the same for
 * the SDN list and for the consolidated non-SDN list, and neither file
 * says which list it is (programme tags overlap between the two).  Storing
 * one under the other's source would replace, and so silently drop, the
 * other list.  The importer therefore goes by the names OFAC publishes the
 * files under: a file name starting with "cons" or containing
 * "consolidated" or "nonsdn" is OFAC-CONS, one starting with "sdn" is
 * OFAC-SDN, and any other name is refused (DIAG_USAGE) unless the caller
 * names the source (--source OFAC-SDN or OFAC-CONS).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "formats/watchlist.h"
#include "i18n.h"
#include "watchlist_import.h"

#define WI_CHUNK 65536
#define WI_DIGEST_HEX (crypto_generichash_BYTES * 2 + 1)
#define WI_PROGRESS_STEP (1024 * 1024)
/* OFAC's files are a few megabytes; the set is read into memory.  */
#define WI_CSV_MAX ((size_t)64 * 1024 * 1024)

const char *const watchlist_import_formats[] = {"un", "ofac-xml", "ofac-csv", "douane", NULL};

struct wi_file {
	int fd;
	const char *path;
	crypto_generichash_state hash;
	uint64_t done, total, next_report, base;
	import_progress_fn progress;
	void *progress_ctx;
	int err;
};

struct wi_sink {
	struct store *st;
	const char *path;
	const char *source; /* override, or NULL */
	const char *digest;
	struct diag deferred; /* an error to report when the list starts */
	int64_t list_id;
	struct watchlist_import_stats *stats;
	struct wi_file *f; /* for progress of the CSV reader */
};

/* --- Files ------------------------------------------------------------- */

static ssize_t
wi_read_fd(int fd, void *buf, size_t len)
{
	ssize_t n;

	do
		n = read(fd, buf, len);
	while (n < 0 && errno == EINTR);
	return n;
}

static enum diag_status
wi_io_error(const char *path, int err, struct diag *d)
{
	/* L10N: %s is the system's reason, from strerror().  */
	return diag_set(d, DIAG_IO, path, 0, _("cannot read the file: %s"), strerror(err));
}

/* Open PATH for reading; a missing file is DIAG_NOINPUT.  */
static enum diag_status
wi_open(const char *path, int *fd, uint64_t *size, struct diag *d)
{
	struct stat sb;

	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0) {
		int err = errno;

		return diag_set(d, err == ENOENT || err == ENOTDIR ? DIAG_NOINPUT : DIAG_IO, path,
		                0, _("cannot open the file: %s"), strerror(err));
	}
	if (fstat(*fd, &sb) < 0 || S_ISDIR(sb.st_mode)) {
		int err = S_ISDIR(sb.st_mode) ? EISDIR : errno;

		close(*fd);
		*fd = -1;
		return wi_io_error(path, err, d);
	}
	*size = S_ISREG(sb.st_mode) ? (uint64_t)sb.st_size : 0;
	return DIAG_OK;
}

/* libxml2's input callback: read, hash, report progress.  */
static int
wi_read_xml(void *ctx, char *buf, int len)
{
	struct wi_file *f = ctx;
	ssize_t n;

	if (len <= 0)
		return 0;
	n = wi_read_fd(f->fd, buf, (size_t)len);
	if (n < 0) {
		f->err = errno;
		return -1;
	}
	crypto_generichash_update(&f->hash, (const unsigned char *)buf, (unsigned long long)n);
	f->done += (uint64_t)n;
	if (f->progress != NULL && (f->done >= f->next_report || n == 0)) {
		f->progress(f->progress_ctx, f->done, f->total > f->done ? f->total : f->done);
		while (f->next_report <= f->done)
			f->next_report += WI_PROGRESS_STEP;
	}
	return (int)n;
}

static enum diag_status
wi_hash_rest(struct wi_file *f, char out[WI_DIGEST_HEX], struct diag *d)
{
	unsigned char buf[WI_CHUNK];
	unsigned char sum[crypto_generichash_BYTES];
	ssize_t n;

	while ((n = wi_read_fd(f->fd, buf, sizeof buf)) > 0)
		crypto_generichash_update(&f->hash, buf, (unsigned long long)n);
	if (n < 0)
		return wi_io_error(f->path, errno, d);
	crypto_generichash_final(&f->hash, sum, sizeof sum);
	sodium_bin2hex(out, WI_DIGEST_HEX, sum, sizeof sum);
	return DIAG_OK;
}

/* The whole of PATH into a new buffer.  */
static enum diag_status
wi_slurp(const char *path, char **data, size_t *len, struct diag *d)
{
	uint64_t size;
	size_t cap, n = 0;
	char *buf = NULL;
	int fd;
	enum diag_status rc;

	*data = NULL;
	*len = 0;
	if ((rc = wi_open(path, &fd, &size, d)) != DIAG_OK)
		return rc;
	if (size > WI_CSV_MAX) {
		close(fd);
		return diag_set(d, DIAG_DATA, path, 0,
		                _("the file is larger than %zu MB: not an OFAC CSV file"),
		                WI_CSV_MAX / (1024 * 1024));
	}
	cap = (size_t)size + 1;
	for (;;) {
		ssize_t r;

		if (buf == NULL || n + 1 >= cap) {
			char *p;

			if (buf != NULL)
				cap *= 2;
			if (cap > WI_CSV_MAX + 1 || (p = realloc(buf, cap)) == NULL) {
				free(buf);
				close(fd);
				return diag_set(d, DIAG_DATA, path, 0,
				                _("the file is larger than %zu MB: not an OFAC "
				                  "CSV file"),
				                WI_CSV_MAX / (1024 * 1024));
			}
			buf = p;
		}
		if ((r = wi_read_fd(fd, buf + n, cap - n - 1)) < 0) {
			int err = errno;

			free(buf);
			close(fd);
			return wi_io_error(path, err, d);
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return DIAG_OK;
}

/* --- The sink ---------------------------------------------------------- */

static void
wi_where(struct diag *d, const char *path, long line)
{
	if (d == NULL)
		return;
	if (d->file[0] == '\0')
		snprintf(d->file, sizeof d->file, "%s", path);
	if (d->line == 0)
		d->line = line;
}

static enum diag_status
wi_list(void *ctx, struct wl_list *l, long line, struct diag *d)
{
	struct wi_sink *k = ctx;
	enum store_wl_action action = STORE_WL_NEW;
	enum diag_status rc;

	/* Which OFAC list it is could not be told: the reader has checked
	 * what it could of the file before the list starts, so a broken file
	 * is reported as such first.  */
	if (k->deferred.status != DIAG_OK) {
		if (d != NULL)
			*d = k->deferred;
		return k->deferred.status;
	}
	if (k->source != NULL) {
		char *s = strdup(k->source);

		if (s == NULL)
			return diag_set(d, DIAG_SOFTWARE, k->path, 0, _("out of memory"));
		free(l->source);
		l->source = s;
	}
	snprintf(k->stats->source, sizeof k->stats->source, "%s", l->source ? l->source : "");
	snprintf(k->stats->published, sizeof k->stats->published, "%s",
	         l->published ? l->published : "");
	if ((rc = store_watchlist_begin(k->st, l, k->digest, &action, d)) != DIAG_OK) {
		wi_where(d, k->path, line);
		return rc;
	}
	k->list_id = l->id;
	k->stats->replaced = action == STORE_WL_REPLACED;
	return DIAG_OK;
}

static enum diag_status
wi_entry(void *ctx, struct wl_entry *e, long line, struct diag *d)
{
	struct wi_sink *k = ctx;
	enum diag_status rc;

	k->stats->read++;
	if ((rc = store_wl_entry_put(k->st, k->list_id, e, d)) != DIAG_OK) {
		wi_where(d, k->path, line);
		return rc;
	}
	k->stats->stored++;
	k->stats->names += (int64_t)e->n_names;
	return DIAG_OK;
}

static void
wi_skip(void *ctx, long line, const char *reason)
{
	struct wi_sink *k = ctx;

	k->stats->read++;
	if (k->stats->skipped++ == 0) {
		k->stats->skip_line = line;
		snprintf(k->stats->skip_reason, sizeof k->stats->skip_reason, "%s", reason);
	}
}

static void
wi_progress(void *ctx, uint64_t done)
{
	struct wi_sink *k = ctx;
	struct wi_file *f = k->f;

	if (f != NULL && f->progress != NULL)
		f->progress(f->progress_ctx, done, f->total > done ? f->total : done);
}

/* --- Which OFAC list --------------------------------------------------- */

static const char *
wi_basename(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static bool
wi_has(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; *s; s++)
		if (strncasecmp(s, word, n) == 0)
			return true;
	return false;
}

static enum diag_status
wi_ofac_source(const char *path, const char *override, const char **out, struct diag *d)
{
	const char *b = wi_basename(path);

	if (override != NULL)
		*out = override;
	else if (strncasecmp(b, "cons", 4) == 0 || wi_has(b, "consolidated") ||
	         wi_has(b, "nonsdn") || wi_has(b, "non-sdn") || wi_has(b, "non_sdn"))
		*out = WL_SOURCE_OFAC_CONS;
	else if (strncasecmp(b, "sdn", 3) == 0)
		*out = WL_SOURCE_OFAC_SDN;
	else
		return diag_set(d, DIAG_USAGE, path, 0,
		                _("cannot tell from its name whether this is OFAC's SDN list or "
		                  "its consolidated non-SDN list; say which with --source "
		                  "OFAC-SDN or --source OFAC-CONS"));
	return DIAG_OK;
}

/* --- The OFAC CSV set ------------------------------------------------------ */

static bool
wi_ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

/* Is PATH to be read as the primary file of an OFAC CSV set?  Its name
 * ends in ".csv", and its first record has the primary file's 12 fields
 * or, failing that, it does not start like XML (with '<', after spaces or
 * a byte order mark): a broken or misencoded CSV file is then refused by
 * the CSV reader, which says why, rather than by the XML one.  */
static bool
wi_sniff_csv(const char *path)
{
	char buf[4096];
	ssize_t n;
	size_t i = 0;
	int fd;

	if (!wi_ends_with(path, ".csv"))
		return false;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return true; /* the CSV importer reports it */
	n = wi_read_fd(fd, buf, sizeof buf);
	close(fd);
	if (n > 0 && wl_ofac_csv_sniff(buf, (size_t)n))
		return true;
	if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (n > 0 && i < (size_t)n && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' ||
	                                  buf[i] == '\n'))
		i++;
	return n <= 0 || i >= (size_t)n || buf[i] != '<';
}

/* The list callback for a primary file that the sniff refused but the
 * reader did not (an empty file, or a first line it reads differently).  */
static enum diag_status
wi_not_primary(void *ctx, struct wl_list *l, long line, struct diag *d)
{
	struct wi_sink *k = ctx;

	(void)l;
	return diag_set(d, DIAG_DATA, k->path, line,
	                _("this is not the primary file of an OFAC CSV set (12 fields, the "
	                  "first an integer ent_num)"));
}

/* DIR/NAME where DIR is PRIMARY's directory, into a new string.  */
static char *
wi_beside(const char *primary, const char *name)
{
	const char *b = wi_basename(primary);
	size_t dl = (size_t)(b - primary), n = dl + strlen(name) + 1;
	char *p = malloc(n);

	if (p != NULL) {
		memcpy(p, primary, dl);
		strcpy(p + dl, name);
	}
	return p;
}

static void
wi_hash_part(crypto_generichash_state *h, const char *role, const struct wl_csv_file *f)
{
	unsigned char len[8];
	uint64_t n = f->data ? f->len : 0;

	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)(n >> (8 * i));
	crypto_generichash_update(h, (const unsigned char *)role, strlen(role) + 1);
	crypto_generichash_update(h, len, sizeof len);
	if (n)
		crypto_generichash_update(h, (const unsigned char *)f->data, n);
}

static enum diag_status
wi_import_csv(struct store *st, const char *path, const char *source_opt,
              struct watchlist_import_stats *stats, import_progress_fn progress, void *pctx,
              struct diag *d)
{
	static const char *const roles[4] = {"primary", "alt", "add", "comments"};
	bool cons = strncasecmp(wi_basename(path), "cons", 4) == 0;
	const char *names[4] = {NULL, cons ? "cons_alt.csv" : "alt.csv",
	                        cons ? "cons_add.csv" : "add.csv",
	                        cons ? "cons_comments.csv" : "sdn_comments.csv"};
	struct wl_csv_set set;
	struct wl_csv_file *files[4] = {&set.primary, &set.alt, &set.add, &set.comments};
	char *paths[4] = {NULL, NULL, NULL, NULL};
	struct wi_file f = {.fd = -1, .path = path, .progress = progress, .progress_ctx = pctx};
	struct wi_sink sink = {.st = st, .path = path, .stats = stats, .f = &f};
	struct wl_sink k = {wi_list, wi_entry, wi_skip, wi_progress, &sink};
	crypto_generichash_state h;
	unsigned char sum[crypto_generichash_BYTES];
	char hex[WI_DIGEST_HEX];
	const char *source = NULL;
	bool found = false, began = false;
	enum diag_status rc;

	memset(&set, 0, sizeof set);
	stats->format = "ofac-csv";
	diag_clear(&sink.deferred);
	if (wi_ofac_source(path, source_opt, &source, &sink.deferred) != DIAG_OK)
		source = WL_SOURCE_OFAC_SDN;
	sink.source = source_opt;
	for (int i = 0; i < 4; i++) {
		struct stat sb;

		paths[i] = i == 0 ? strdup(path) : wi_beside(path, names[i]);
		if (paths[i] == NULL) {
			rc = diag_set(d, DIAG_SOFTWARE, path, 0, _("out of memory"));
			goto out;
		}
		files[i]->path = paths[i];
		/* The comments file is optional: OFAC leaves it out when no
		 * remarks overflow.  */
		if (i == 3 && stat(paths[i], &sb) != 0 && errno == ENOENT)
			continue;
		if ((rc = wi_slurp(paths[i], &files[i]->data, &files[i]->len, d)) != DIAG_OK) {
			if (rc == DIAG_NOINPUT && i > 0)
				/* L10N: the first %s is a file name such as
				 * "alt.csv", the second the primary file.  */
				diag_set(d, DIAG_NOINPUT, paths[i], 0,
				         _("%s is missing: the OFAC CSV set needs it beside %s"),
				         names[i], path);
			goto out;
		}
		f.total += files[i]->len;
		/* A primary file that does not look like one is reported as
		 * such (with its line), not as a set missing its companions.  */
		if (i == 0 && !wl_ofac_csv_sniff(set.primary.data, set.primary.len)) {
			struct wl_csv_set only = {.primary = set.primary};
			struct wl_sink refuse = {wi_not_primary, NULL, NULL, NULL, &sink};

			rc = wl_ofac_csv_read(&only, source, &refuse, d);
			if (rc == DIAG_OK)
				rc = wi_not_primary(&sink, NULL, 1, d);
			goto out;
		}
	}
	crypto_generichash_init(&h, NULL, 0, crypto_generichash_BYTES);
	for (int i = 0; i < 4; i++)
		wi_hash_part(&h, roles[i], files[i]);
	crypto_generichash_final(&h, sum, sizeof sum);
	sodium_bin2hex(hex, sizeof hex, sum, sizeof sum);
	sink.digest = hex;
	if ((rc = store_watchlist_find_digest(st, hex, &found, d)) != DIAG_OK)
		goto out;
	if (found) {
		stats->already = true;
		goto out;
	}
	if ((rc = store_begin(st, d)) != DIAG_OK)
		goto out;
	began = true;
	if ((rc = wl_ofac_csv_read(&set, source, &k, d)) != DIAG_OK)
		goto out;
	if ((rc = store_watchlist_finish(st, sink.list_id, stats->stored, d)) != DIAG_OK ||
	    (rc = store_commit(st, d)) != DIAG_OK)
		goto out;
	began = false;
	if (progress != NULL)
		progress(pctx, f.total, f.total);
out:
	if (began)
		store_rollback(st);
	for (int i = 0; i < 4; i++) {
		free(files[i]->data);
		free(paths[i]);
	}
	return rc;
}

/* --- XML ----------------------------------------------------------------- */

static enum diag_status
wi_import_xml(struct store *st, const char *path, const struct watchlist_import_options *opt,
              struct watchlist_import_stats *stats, import_progress_fn progress, void *pctx,
              struct diag *d)
{
	struct wi_file f = {.fd = -1, .path = path};
	struct wi_sink sink = {.st = st, .path = path, .stats = stats, .source = opt->source};
	struct wl_sink k = {wi_list, wi_entry, wi_skip, NULL, &sink};
	struct xml_reader x;
	char hex[WI_DIGEST_HEX], hex2[WI_DIGEST_HEX];
	static const char *const xml_formats[] = {"un", "ofac-xml", "douane"};
	const char *root, *ns, *format = NULL, *ofac_source = NULL;
	int which = -1;
	bool found = false, began = false, xml_open = false;
	enum diag_status rc;

	if ((rc = wi_open(path, &f.fd, &f.total, d)) != DIAG_OK)
		return rc;

	crypto_generichash_init(&f.hash, NULL, 0, crypto_generichash_BYTES);
	if ((rc = wi_hash_rest(&f, hex, d)) != DIAG_OK)
		goto out;
	sink.digest = hex;
	if ((rc = store_watchlist_find_digest(st, hex, &found, d)) != DIAG_OK)
		goto out;
	if (found) {
		stats->already = true;
		goto out;
	}

	if (lseek(f.fd, 0, SEEK_SET) < 0) {
		rc = wi_io_error(path, errno, d);
		goto out;
	}
	crypto_generichash_init(&f.hash, NULL, 0, crypto_generichash_BYTES);
	f.progress = progress;
	f.progress_ctx = pctx;
	f.next_report = WI_PROGRESS_STEP;
	if ((rc = xml_reader_open(&x, path, wi_read_xml, &f, d)) != DIAG_OK)
		goto out;
	xml_open = true;
	if ((rc = xml_reader_root(&x, d)) != DIAG_OK)
		goto out;
	root = xml_reader_name(&x);
	ns = xml_reader_namespace(&x);
	if (strcmp(root, "CONSOLIDATED_LIST") == 0 && ns == NULL)
		which = 0;
	else if (strcmp(root, "sdnList") == 0)
		which = 1;
	else if (strcmp(root, "watchlist") == 0 && ns != NULL &&
	         strcmp(ns, WATCHLIST_DOUANE_NS) == 0)
		which = 2;
	if (which >= 0)
		format = xml_formats[which];
	if (format == NULL || (opt->format != NULL && strcmp(opt->format, format) != 0)) {
		if (opt->format != NULL)
			/* L10N: the format asked for, then the root element
			 * and its namespace.  */
			rc = diag_set(d, DIAG_DATA, path, xml_reader_line(&x),
			              _("this is not a %s watchlist: root element <%s> in "
			                "namespace %s"),
			              opt->format, root, ns ? ns : _("(none)"));
		else
			rc = diag_set(d, DIAG_DATA, path, xml_reader_line(&x),
			              _("unknown watchlist format: root element <%s> in "
			                "namespace %s"),
			              root, ns ? ns : _("(none)"));
		goto out;
	}
	stats->format = format;
	diag_clear(&sink.deferred);
	if (which == 1 &&
	    wi_ofac_source(path, opt->source, &ofac_source, &sink.deferred) != DIAG_OK)
		ofac_source = WL_SOURCE_OFAC_SDN;

	if ((rc = store_begin(st, d)) != DIAG_OK)
		goto out;
	began = true;
	if (which == 0)
		rc = wl_un_read(&x, &k, d);
	else if (which == 1)
		rc = wl_ofac_xml_read(&x, ofac_source, &k, d);
	else
		rc = wl_douane_read(&x, &k, d);
	if (rc != DIAG_OK)
		goto out;
	if (f.err != 0) {
		rc = wi_io_error(path, f.err, d);
		goto out;
	}
	if ((rc = wi_hash_rest(&f, hex2, d)) != DIAG_OK)
		goto out;
	if (strcmp(hex, hex2) != 0) {
		rc = diag_set(d, DIAG_IO, path, 0, _("the file changed while it was being read"));
		goto out;
	}
	if (sink.list_id == 0) {
		rc = diag_set(d, DIAG_SOFTWARE, path, 0, "reader stored no list");
		goto out;
	}
	if ((rc = store_watchlist_finish(st, sink.list_id, stats->stored, d)) != DIAG_OK ||
	    (rc = store_commit(st, d)) != DIAG_OK)
		goto out;
	began = false;
	if (progress != NULL)
		progress(pctx, f.done, f.done);
out:
	if (rc != DIAG_OK && f.err != 0 && d != NULL && d->status == DIAG_DATA)
		rc = wi_io_error(path, f.err, d);
	if (began)
		store_rollback(st);
	if (xml_open)
		xml_reader_close(&x);
	if (f.fd >= 0)
		close(f.fd);
	return rc;
}

/* --- Entry points ----------------------------------------------------------- */

enum diag_status
watchlist_import_file_opts(struct store *st, const char *path,
                           const struct watchlist_import_options *opt,
                           struct watchlist_import_stats *stats, import_progress_fn progress,
                           void *progress_ctx, struct diag *d)
{
	static const struct watchlist_import_options none = {NULL, NULL};
	struct watchlist_import_stats local;
	enum diag_status rc;
	bool csv;

	diag_clear(d);
	if (opt == NULL)
		opt = &none;
	if (stats == NULL)
		stats = &local;
	memset(stats, 0, sizeof *stats);
	if (opt->format != NULL) {
		size_t i;

		for (i = 0; watchlist_import_formats[i] != NULL; i++)
			if (strcmp(opt->format, watchlist_import_formats[i]) == 0)
				break;
		if (watchlist_import_formats[i] == NULL)
			/* L10N: %s is what was given to --format.  */
			return diag_set(d, DIAG_USAGE, NULL, 0,
			                _("unknown watchlist format \"%s\" (un, ofac-xml, "
			                  "ofac-csv or douane)"),
			                opt->format);
	}
	if (opt->source != NULL && (opt->source[0] == '\0' || strlen(opt->source) > 32))
		return diag_set(d, DIAG_USAGE, NULL, 0,
		                _("a source is 1 to 32 characters, such as OFAC-SDN"));
	if (sodium_init() < 0)
		return diag_set(d, DIAG_SOFTWARE, path, 0, _("cannot initialise libsodium"));

	if (opt->format != NULL)
		csv = strcmp(opt->format, "ofac-csv") == 0;
	else
		csv = wi_sniff_csv(path);
	if (csv)
		rc = wi_import_csv(st, path, opt->source, stats, progress, progress_ctx, d);
	else
		rc = wi_import_xml(st, path, opt, stats, progress, progress_ctx, d);
	if (rc != DIAG_OK) {
		stats->stored = 0;
		stats->names = 0;
		stats->replaced = false;
		if (d != NULL && d->file[0] == '\0')
			snprintf(d->file, sizeof d->file, "%s", path);
	}
	return rc;
}

enum diag_status
watchlist_import_file(struct store *st, const char *path, const char *format,
                      struct watchlist_import_stats *stats, import_progress_fn progress,
                      void *progress_ctx, struct diag *d)
{
	struct watchlist_import_options opt = {format, NULL};

	return watchlist_import_file_opts(st, path, &opt, stats, progress, progress_ctx, d);
}
