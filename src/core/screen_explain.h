/* screen_explain: a screening hit's explanation as readable lines.
 *
 * A hit keeps its explanation as JSON (screen_explain_json()): stored
 * with the hit, printed by `douane screen --format json`.  People read it
 * as a few lines, the same in the command line and in the interface:
 *
 *   tokens: zawahiri~zawahiri 1.00 ayman~aymen 0.93 [al unmatched]
 *   date of birth +0.08: 1951-06-19 = 1951-06-19
 *   list: UN-SC QDi.006 (alias AL-ZAWAHIRI, Ayman)
 *   programme: Al-Qaida
 *   reason: ...
 *
 * screen_explain_lines() parses the JSON and hands each line, translated,
 * to a callback; the caller indents and prints or draws it.
 */
#ifndef DOUANE_SCREEN_EXPLAIN_H
#define DOUANE_SCREEN_EXPLAIN_H

#include "diag.h"

/* What to include beyond the tokens, the qualifiers' effects, the
 * programme and the reason.  */
enum screen_explain_flags {
	SCREEN_EXPLAIN_LIST = 1 << 0, /* a "list:" line: source, reference, alias */
};

/* Called once per line; a non-zero return stops the walk and is
 * returned.  */
typedef int (*screen_explain_fn)(void *ctx, const char *line);

/* Lines of the explanation JSON (screen_explain_json()) to FN.  JSON that
 * does not parse is DIAG_DATA.  */
enum diag_status screen_explain_lines(const char *json, unsigned flags, screen_explain_fn fn,
				      void *ctx, struct diag *d);

#endif
