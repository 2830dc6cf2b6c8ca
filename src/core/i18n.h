/* i18n: gettext for every user-visible string (calcurse's way).
 * _() translates now; N_() marks a string in a static table for xgettext and
 * leaves translation to the place it is shown.  */
#ifndef DOUANE_I18N_H
#define DOUANE_I18N_H

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#define P_(s, p, n) ngettext(s, p, n)
#else
#define _(s) (s)
#define P_(s, p, n) ((n) == 1 ? (s) : (p))
#endif
#define N_(s) (s)

#endif
