/* diag: how the core reports what went wrong.
 *
 * Every fallible core function returns an enum diag_status and, when given a
 * struct diag, fills it with a message for a human: the file, the line when
 * there is one, and the reason.  Status values are the sysexits.h codes that
 * DESIGN.md lists, so the CLI can exit with the status it was handed.
 */
#ifndef DOUANE_DIAG_H
#define DOUANE_DIAG_H

#include <stdarg.h>
#include <stddef.h>

enum diag_status {
	DIAG_OK = 0,
	DIAG_USAGE = 64,     /* EX_USAGE: bad command line */
	DIAG_DATA = 65,      /* EX_DATAERR: bad or altered data */
	DIAG_NOINPUT = 66,   /* EX_NOINPUT: missing input */
	DIAG_SOFTWARE = 70,  /* EX_SOFTWARE: internal error, a bug */
	DIAG_IO = 74,        /* EX_IOERR: I/O error */
	DIAG_NOPERM = 77,    /* EX_NOPERM: wrong passphrase or not allowed */
};

#define DIAG_FILE_MAX 512
#define DIAG_MSG_MAX 512

struct diag {
	enum diag_status status;
	char file[DIAG_FILE_MAX]; /* input file the problem is in, or "" */
	long line;                /* line in that file, or 0 */
	char msg[DIAG_MSG_MAX];   /* the reason, one sentence, no newline */
};

/* Clear D (it may be NULL).  */
void diag_clear(struct diag *d);

/* Record a problem in D (it may be NULL) and return STATUS, so callers can
 * write "return diag_set(d, DIAG_DATA, file, line, "...", ...);".
 * FILE may be NULL; LINE may be 0.  */
enum diag_status diag_set(struct diag *d, enum diag_status status, const char *file, long line,
			  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

enum diag_status diag_setv(struct diag *d, enum diag_status status, const char *file, long line,
			   const char *fmt, va_list ap);

/* Format D as "FILE:LINE: MSG" (or the parts that are present) into BUF.  */
const char *diag_format(const struct diag *d, char *buf, size_t size);

#endif
