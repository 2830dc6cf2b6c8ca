/* diag: problem reports from the core (see diag.h).  */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "diag.h"

void
diag_clear(struct diag *d)
{
	if (d == NULL)
		return;
	d->status = DIAG_OK;
	d->file[0] = '\0';
	d->line = 0;
	d->msg[0] = '\0';
}

enum diag_status
diag_setv(struct diag *d, enum diag_status status, const char *file, long line, const char *fmt,
	  va_list ap)
{
	if (d == NULL)
		return status;
	d->status = status;
	snprintf(d->file, sizeof d->file, "%s", file ? file : "");
	d->line = line;
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	/* One line: a reason never spans lines, whatever a library told us.  */
	for (char *p = d->msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	size_t n = strlen(d->msg);
	while (n > 0 && d->msg[n - 1] == ' ')
		d->msg[--n] = '\0';
	return status;
}

enum diag_status
diag_set(struct diag *d, enum diag_status status, const char *file, long line, const char *fmt,
	 ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_setv(d, status, file, line, fmt, ap);
	va_end(ap);
	return status;
}

const char *
diag_format(const struct diag *d, char *buf, size_t size)
{
	if (d->file[0] && d->line > 0)
		snprintf(buf, size, "%s:%ld: %s", d->file, d->line, d->msg);
	else if (d->file[0])
		snprintf(buf, size, "%s: %s", d->file, d->msg);
	else
		snprintf(buf, size, "%s", d->msg);
	return buf;
}
