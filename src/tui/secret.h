/* secret: the passphrase as it is typed, in guarded memory.
 *
 * The unlock and lock screens append each typed character here and nowhere
 * else: the buffer comes from sodium_malloc() (guard pages, a canary, and
 * locked in RAM so it is never swapped out), is kept inaccessible
 * (sodium_mprotect_noaccess) between keystrokes, and is wiped with
 * sodium_memzero() as soon as vault_open() has returned, whatever it
 * answered.  Nothing of it is ever drawn: not even its length.
 *
 * Use: secret_add()/secret_erase() per key; secret_begin() gives the
 * bytes for the one call that needs them; secret_end() wipes them and
 * locks the buffer again.
 */
#ifndef DOUANE_TUI_SECRET_H
#define DOUANE_TUI_SECRET_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

#define SECRET_MAX 1024 /* bytes of a passphrase, UTF-8 */

struct secret {
	char *buf;  /* sodium_malloc'ed, SECRET_MAX bytes; NULL when not set up */
	size_t len; /* bytes used (never shown) */
};

/* Allocate the guarded buffer.  */
enum diag_status secret_init(struct secret *s, struct diag *d);
/* Wipe and free it.  S may be unset.  */
void secret_free(struct secret *s);

/* Append the UTF-8 form of the character KEY; false when it does not fit
 * or is not a character.  */
bool secret_add(struct secret *s, int key);
/* Remove the last character.  */
void secret_erase(struct secret *s);
/* Wipe what was typed.  */
void secret_clear(struct secret *s);

/* Open the buffer for reading: returns the bytes (not NUL-terminated
 * beyond LEN; *LEN set).  Call secret_end() right after use.  */
const char *secret_begin(struct secret *s, size_t *len);
/* Wipe the passphrase and close the buffer again.  */
void secret_end(struct secret *s);

#endif
