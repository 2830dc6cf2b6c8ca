/* secret: the typed passphrase in sodium_malloc'ed memory (see secret.h).
 *
 * sodium_malloc() already locks its pages (mlock) where the system allows
 * it; sodium_mlock() is called again so that a failure to lock is at
 * least tried on the exact region.  The buffer is readable and writable
 * only inside the functions below; a stray read elsewhere faults instead
 * of leaking.  The characters go from the key (an int in a register or on
 * the stack, as curses delivered it) straight into the buffer.
 */
#include "config.h"

#include <limits.h>
#include <string.h>
#include <wchar.h>

#include <sodium.h>

#include "i18n.h"
#include "secret.h"

enum diag_status
secret_init(struct secret *s, struct diag *d)
{
	s->buf = NULL;
	s->len = 0;
	if (sodium_init() < 0)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("cannot start libsodium"));
	s->buf = sodium_malloc(SECRET_MAX);
	if (s->buf == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	(void)sodium_mlock(s->buf, SECRET_MAX);
	sodium_memzero(s->buf, SECRET_MAX);
	sodium_mprotect_noaccess(s->buf);
	return DIAG_OK;
}

void
secret_free(struct secret *s)
{
	if (s->buf == NULL)
		return;
	sodium_mprotect_readwrite(s->buf);
	sodium_memzero(s->buf, SECRET_MAX);
	sodium_free(s->buf); /* also unlocks */
	s->buf = NULL;
	s->len = 0;
}

bool
secret_add(struct secret *s, int key)
{
	char mb[MB_LEN_MAX];
	mbstate_t mbs;
	size_t n;
	bool ok = false;

	if (s->buf == NULL || key < 0x20 || key == 0x7f)
		return false;
	memset(&mbs, 0, sizeof(mbs));
	n = wcrtomb(mb, (wchar_t)key, &mbs);
	if (n != (size_t)-1 && s->len + n <= SECRET_MAX) {
		sodium_mprotect_readwrite(s->buf);
		memcpy(s->buf + s->len, mb, n);
		sodium_mprotect_noaccess(s->buf);
		s->len += n;
		ok = true;
	}
	sodium_memzero(mb, sizeof(mb));
	return ok;
}

void
secret_erase(struct secret *s)
{
	if (s->buf == NULL || s->len == 0)
		return;
	sodium_mprotect_readwrite(s->buf);
	/* Back over UTF-8 continuation bytes to the start of the character. */
	while (s->len > 0) {
		unsigned char c = (unsigned char)s->buf[--s->len];

		s->buf[s->len] = '\0';
		if ((c & 0xc0) != 0x80)
			break;
	}
	sodium_mprotect_noaccess(s->buf);
}

void
secret_clear(struct secret *s)
{
	if (s->buf == NULL)
		return;
	sodium_mprotect_readwrite(s->buf);
	sodium_memzero(s->buf, SECRET_MAX);
	sodium_mprotect_noaccess(s->buf);
	s->len = 0;
}

const char *
secret_begin(struct secret *s, size_t *len)
{
	*len = 0;
	if (s->buf == NULL)
		return NULL;
	sodium_mprotect_readonly(s->buf);
	*len = s->len;
	return s->buf;
}

void
secret_end(struct secret *s)
{
	if (s->buf == NULL)
		return;
	sodium_mprotect_readwrite(s->buf);
	sodium_memzero(s->buf, SECRET_MAX);
	sodium_mprotect_noaccess(s->buf);
	s->len = 0;
}
