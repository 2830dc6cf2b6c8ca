/* watchlist_common: what the watchlist readers share (see formats/watchlist.h).
 *
 * Country names.  The UN and OFAC name countries in words, each in its own
 * way ("Iran (Islamic Republic of)", "Iran"; "Democratic People's Republic
 * of Korea", "Korea, North"), and neither is ISO 3166's wording.  A name is
 * matched, case-insensitively and with a trailing "(the)" ignored, against
 * the compiled-in ISO table (ref.h) and then against the small alias table
 * below, which holds the publishers' names that differ.  A name found in
 * neither is kept as published, so no information is lost; screening then
 * simply cannot compare it with a code.
 *
 * OFAC dates.  OFAC writes dates of birth as "10 Dec 1948", "Dec 1948",
 * "1948", "circa 1948" and ranges "1960 to 1965"; douane's model writes
 * "1948-12-10", "1948-12", "1948", "~1948" and "1960/1965".
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/watchlist.h"
#include "i18n.h"
#include "ref.h"

/* Publishers' country names that are not ISO 3166's, lower case.  */
static const struct {
	const char *name;
	const char *code;
} wl_country_aliases[] = {
    {"iran (islamic republic of)", "IR"},
    {"iran", "IR"},
    {"democratic people's republic of korea", "KP"},
    {"korea, north", "KP"},
    {"north korea", "KP"},
    {"korea, south", "KR"},
    {"republic of korea", "KR"},
    {"south korea", "KR"},
    {"democratic republic of the congo", "CD"},
    {"congo, democratic republic of the", "CD"},
    {"congo, republic of the", "CG"},
    {"republic of the congo", "CG"},
    {"russia", "RU"},
    {"united kingdom of great britain and northern ireland", "GB"},
    {"united states", "US"},
    {"syria", "SY"},
    {"state of palestine", "PS"},
    {"palestinian", "PS"},
    {"west bank", "PS"},
    {"gaza", "PS"},
    {"united republic of tanzania", "TZ"},
    {"tanzania", "TZ"},
    {"turkey", "TR"},
    {"burma", "MM"},
    {"venezuela", "VE"},
    {"bolivia", "BO"},
    {"vietnam", "VN"},
    {"laos", "LA"},
    {"moldova", "MD"},
    {"republic of moldova", "MD"},
    {"cote d'ivoire", "CI"},
    {"ivory coast", "CI"},
    {"macedonia", "MK"},
    {"the former yugoslav republic of macedonia", "MK"},
    {"czech republic", "CZ"},
    {"brunei", "BN"},
    {"micronesia", "FM"},
    {"taiwan", "TW"},
    {"macau", "MO"},
    {"cabo verde", "CV"},
    {"swaziland", "SZ"},
    {"bahamas, the", "BS"},
    {"the bahamas", "BS"},
    {"gambia, the", "GM"},
    {"the gambia", "GM"},
    {"lao people's democratic republic", "LA"},
    {"bosnia-herzegovina", "BA"},
    {"holy see", "VA"},
    {"st. kitts and nevis", "KN"},
    {"st. lucia", "LC"},
    {"st. vincent and the grenadines", "VC"},
    {"netherlands antilles", "CW"},
    {"kyrgyz republic", "KG"},
};

/* Placeholders that mean "no country".  */
static const char *const wl_country_none[] = {
    "na", "n/a", "none", "none identified", "unknown", "",
};

/* S into BUF: lower case, white space collapsed and trimmed, a trailing
 * " (the)" removed.  */
static void
wl_country_norm(const char *s, char *buf, size_t size)
{
	size_t n = 0;
	bool space = false;

	for (; *s && n + 1 < size; s++) {
		unsigned char c = (unsigned char)*s;

		if (isspace(c)) {
			space = n > 0;
			continue;
		}
		if (space && n + 2 < size)
			buf[n++] = ' ';
		space = false;
		buf[n++] = (char)(c < 0x80 ? tolower(c) : c);
	}
	buf[n] = '\0';
	if (n > 6 && strcmp(buf + n - 6, " (the)") == 0)
		buf[n - 6] = '\0';
}

const char *
wl_country_code(const char *name)
{
	char want[128], have[128];

	if (name == NULL)
		return NULL;
	if (strlen(name) == 2 && isupper((unsigned char)name[0]) &&
	    isupper((unsigned char)name[1])) {
		const struct ref_country *c;

		for (size_t i = 0; i < ref_country_count(); i++)
			if (strcmp((c = ref_country_at(i))->code, name) == 0)
				return c->code;
		return NULL;
	}
	wl_country_norm(name, want, sizeof want);
	for (size_t i = 0; i < sizeof wl_country_aliases / sizeof wl_country_aliases[0]; i++)
		if (strcmp(want, wl_country_aliases[i].name) == 0)
			return wl_country_aliases[i].code;
	for (size_t i = 0; i < ref_country_count(); i++) {
		const struct ref_country *c = ref_country_at(i);

		wl_country_norm(c->name, have, sizeof have);
		if (strcmp(want, have) == 0)
			return c->code;
	}
	return NULL;
}

bool
wl_add_country(struct wl_entry *e, const char *name)
{
	char norm[128];
	const char *code;

	if (name == NULL)
		return true;
	wl_country_norm(name, norm, sizeof norm);
	for (size_t i = 0; i < sizeof wl_country_none / sizeof wl_country_none[0]; i++)
		if (strcmp(norm, wl_country_none[i]) == 0)
			return true;
	code = wl_country_code(name);
	return wl_entry_add_nationality(e, code ? code : name);
}

/* --- Dates ------------------------------------------------------------- */

static const char *const wl_months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};

static bool
wl_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* One OFAC date "DD Mon YYYY", "Mon YYYY" or "YYYY" (the whole of S, of
 * length N) into OUT as "YYYY-MM-DD", "YYYY-MM" or "YYYY".  */
static bool
wl_ofac_one_date(const char *s, size_t n, char out[11])
{
	char day[3] = "", mon[4] = "", year[5] = "";
	int m = 0;

	while (n > 0 && s[n - 1] == ' ')
		n--;
	while (n > 0 && *s == ' ')
		s++, n--;
	if (n == 4 && wl_digits(s, 4)) {
		memcpy(out, s, 4);
		out[4] = '\0';
		return true;
	}
	if (n == 11 && wl_digits(s, 2) && s[2] == ' ' && s[6] == ' ' && wl_digits(s + 7, 4)) {
		memcpy(day, s, 2);
		s += 3;
		n -= 3;
	} else if (n == 10 && wl_digits(s, 1) && s[1] == ' ' && s[5] == ' ' &&
	           wl_digits(s + 6, 4)) {
		day[0] = '0';
		day[1] = s[0];
		s += 2;
		n -= 2;
	}
	if (n != 8 || s[3] != ' ' || !wl_digits(s + 4, 4))
		return false;
	for (int i = 0; i < 3; i++)
		mon[i] = (char)tolower((unsigned char)s[i]);
	for (m = 0; m < 12; m++)
		if (strcmp(mon, wl_months[m]) == 0)
			break;
	if (m == 12)
		return false;
	memcpy(year, s + 4, 4);
	if (day[0])
		snprintf(out, 11, "%s-%02d-%s", year, m + 1, day);
	else
		snprintf(out, 11, "%s-%02d", year, m + 1);
	return true;
}

bool
wl_ofac_date(const char *text, char *out, size_t size)
{
	char a[11], b[11];
	const char *to;
	size_t n;

	/* TEXT as it is, cut if need be where a character starts, so that a
	 * long date in another script stays UTF-8.  */
	snprintf(out, size, "%s", text);
	n = strlen(out);
	if (text[n] != '\0')
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			out[--n] = '\0';
	if (strncmp(text, "circa ", 6) == 0) {
		if (!wl_ofac_one_date(text + 6, strlen(text + 6), a))
			return false;
		snprintf(out, size, "~%s", a);
		return true;
	}
	if ((to = strstr(text, " to ")) != NULL) {
		if (!wl_ofac_one_date(text, (size_t)(to - text), a) ||
		    !wl_ofac_one_date(to + 4, strlen(to + 4), b))
			return false;
		snprintf(out, size, "%s/%s", a, b);
		return true;
	}
	if (!wl_ofac_one_date(text, strlen(text), a))
		return false;
	snprintf(out, size, "%s", a);
	return true;
}

bool
wl_iso_date(const char *s)
{
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, dd;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !wl_digits(s, 4) ||
	    !wl_digits(s + 5, 2) || !wl_digits(s + 8, 2))
		return false;
	y = atoi(s);
	m = atoi(s + 5);
	dd = atoi(s + 8);
	if (y < 1 || m < 1 || m > 12 || dd < 1 || dd > days[m - 1])
		return false;
	return !(m == 2 && dd == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

bool
wl_us_date(const char *text, char out[11])
{
	if (strlen(text) != 10 || text[2] != '/' || text[5] != '/' || !wl_digits(text, 2) ||
	    !wl_digits(text + 3, 2) || !wl_digits(text + 6, 4))
		return false;
	snprintf(out, 11, "%.4s-%.2s-%.2s", text + 6, text, text + 3);
	return wl_iso_date(out);
}

bool
wl_append(char **dst, const char *sep, const char *part)
{
	size_t a, b, s;
	char *p;

	if (part == NULL || *part == '\0')
		return true;
	if (*dst == NULL)
		return (*dst = strdup(part)) != NULL;
	a = strlen(*dst);
	b = strlen(part);
	s = strlen(sep);
	if (a + s + b > WL_APPEND_MAX) {
		errno = E2BIG;
		return false;
	}
	if ((p = realloc(*dst, a + s + b + 1)) == NULL)
		return false;
	memcpy(p + a, sep, s);
	memcpy(p + a + s, part, b + 1);
	*dst = p;
	return true;
}

enum diag_status
wl_oom(const char *file, long line, struct diag *d)
{
	if (errno == E2BIG)
		/* L10N: the first %d is a count, the second a size in bytes.  */
		return diag_set(d, DIAG_DATA, file, line,
		                _("a record holds more than %d names, dates, places, "
		                  "nationalities, identifiers or addresses, or a text of more "
		                  "than %d bytes"),
		                WL_ENTRY_MAX_VALUES, WL_APPEND_MAX);
	return diag_set(d, DIAG_SOFTWARE, file, 0, _("out of memory"));
}

/* --- XML ----------------------------------------------------------------- */

enum diag_status
wl_xml_skip(struct xml_reader *x, struct diag *d)
{
	int depth = xml_reader_depth(x);

	if (xmlTextReaderIsEmptyElement(x->r) == 1)
		return DIAG_OK;
	for (;;) {
		bool more;

		if (xml_reader_next(x, &more, d) != DIAG_OK)
			return DIAG_DATA;
		if (!more)
			return diag_set(d, DIAG_DATA, x->file, xml_reader_line(x),
			                /* L10N: %s is an element name.  */
			                _("the file ends inside <%s>: it is truncated"), "?");
		if (xml_reader_type(x) == XML_READER_TYPE_END_ELEMENT &&
		    xml_reader_depth(x) == depth)
			return DIAG_OK;
	}
}
