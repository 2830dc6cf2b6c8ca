/* names: normalisation, tokens, similarity and phonetic keys (names.h).
 *
 * Normalisation runs in three steps.  Names in another script than Latin
 * (anything from U+0370 on, but punctuation) go through ICU's
 * "Any-Latin; Latin-ASCII" transliterator first: before accents are
 * stripped, since in Indic and South-East Asian scripts the vowels are
 * combining marks.  Then utf8proc folds case and compatibility forms and
 * strips marks.  A few Latin letters have no decomposition (ø, æ, ł, đ,
 * ß is folded by utf8proc) and are mapped by hand.  What remains is
 * lower-case ASCII, split into tokens on anything that is not a letter or
 * a digit; full stops and apostrophes inside a token join rather than
 * split ("A.B.C." is "abc", "Qa'ida" is "qaida"), and "&" is "and".
 *
 * ICU is only called for strings that need it, and its transliterator is
 * built once per process and used under a mutex.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include <utf8proc.h>

#include "i18n.h"
#include "names.h"

/* --- Transliteration (ICU) -------------------------------------------------- */

static pthread_mutex_t translit_lock = PTHREAD_MUTEX_INITIALIZER;
static UTransliterator *translit;
static bool translit_failed;

/* Transliterate UTF-8 IN to Latin ASCII into OUT; false when ICU cannot.  */
static bool
translit_utf8(const char *in, size_t len, char *out, size_t size)
{
	UChar ubuf[NAMES_INPUT_MAX * 2];
	UErrorCode err = U_ZERO_ERROR;
	int32_t ulen = 0, limit;
	bool ok = false;

	u_strFromUTF8(ubuf, NAMES_INPUT_MAX, &ulen, in, (int32_t)len, &err);
	if (U_FAILURE(err) || ulen > NAMES_INPUT_MAX)
		return false;
	pthread_mutex_lock(&translit_lock);
	if (translit == NULL && !translit_failed) {
		static const UChar id[] = {'A', 'n', 'y', '-', 'L', 'a', 't', 'i', 'n', ';', ' ', 'L',
					   'a', 't', 'i', 'n', '-', 'A', 'S', 'C', 'I', 'I', 0};
		translit = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
		if (U_FAILURE(err)) {
			translit = NULL;
			translit_failed = true;
		}
		err = U_ZERO_ERROR;
	}
	if (translit != NULL) {
		limit = ulen;
		utrans_transUChars(translit, ubuf, &ulen, (int32_t)(sizeof ubuf / sizeof ubuf[0]),
				   0, &limit, &err);
		ok = U_SUCCESS(err);
	}
	pthread_mutex_unlock(&translit_lock);
	if (!ok)
		return false;
	{
		int32_t olen = 0;

		u_strToUTF8(out, (int32_t)size - 1, &olen, ubuf, ulen, &err);
		if (U_FAILURE(err) || olen >= (int32_t)size)
			return false;
		out[olen] = '\0';
	}
	return true;
}

/* --- Folding to ASCII ---------------------------------------------------------- */

/* Latin letters that do not decompose, and punctuation that would
 * otherwise call for ICU.  */
static const char *
fold_extra(int32_t c)
{
	switch (c) {
	case 0xF8: return "o";   /* ø */
	case 0xE6: return "ae";  /* æ */
	case 0x153: return "oe"; /* œ */
	case 0x142: return "l";  /* ł */
	case 0x111: return "d";  /* đ */
	case 0xF0: return "d";   /* ð */
	case 0xFE: return "th";  /* þ */
	case 0x131: return "i";  /* dotless i */
	case 0x127: return "h";  /* ħ */
	case 0x2018: case 0x2019: case 0x201B: case 0x2032: case 0x2BC: case 0x2BB:
	case 0x2BE: case 0x2BF:
		return "'";
	case 0x201C: case 0x201D: case 0x201E: case 0xAB: case 0xBB:
		return "\"";
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2212:
		return "-";
	case 0xA0: case 0x2002: case 0x2003: case 0x2009: case 0x200A: case 0x202F:
		return " ";
	case 0x200B: case 0x200C: case 0x200D: case 0xFEFF: case 0xAD:
		return "";
	default: return NULL;
	}
}

/* Is code point C of a script that ICU should transliterate first?  */
static bool
needs_translit(int32_t c)
{
	if (c < 0x370)
		return false;
	if (c >= 0x2000 && c <= 0x206F) /* general punctuation */
		return false;
	if (c >= 0x1E00 && c <= 0x1EFF) /* Latin extended additional */
		return false;
	return true;
}

/* Is C a letter of Arabic or Hebrew, written without short vowels?  */
static bool
is_abjad(int32_t c)
{
	return (c >= 0x590 && c <= 0x6FF) || (c >= 0x750 && c <= 0x77F) ||
	       (c >= 0xFB1D && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF);
}

long
names_fold(const char *s, size_t len, char *out, size_t size, bool *translit_out)
{
	static char tbuf[NAMES_INPUT_MAX * 4];
	char local[NAMES_INPUT_MAX * 4];
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t mlen;
	const utf8proc_uint8_t *p;
	utf8proc_int32_t c;
	utf8proc_ssize_t n;
	size_t o = 0, i;
	bool other = false, abjad = false;

	(void)tbuf;
	if (translit_out)
		*translit_out = false;
	if (size == 0)
		return -1;
	if (len > NAMES_INPUT_MAX) {
		/* Cut at a character boundary.  */
		len = NAMES_INPUT_MAX;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--;
	}
	/* Validate, and see whether another script is present.  */
	for (i = 0; i < len;) {
		n = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i),
				     &c);
		if (n <= 0 || c < 0)
			return -1;
		if (c == 0)
			return -1;
		if (needs_translit(c) && fold_extra(c) == NULL)
			other = true;
		if (is_abjad(c))
			abjad = true;
		i += (size_t)n;
	}
	if (other) {
		if (translit_utf8(s, len, local, sizeof local)) {
			s = local;
			len = strlen(local);
			if (translit_out)
				*translit_out = true;
		}
	}
	mlen = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &mapped,
			    UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
				    UTF8PROC_COMPOSE | UTF8PROC_IGNORE | UTF8PROC_STRIPCC);
	if (mlen < 0)
		return -1;
	for (p = mapped; p < mapped + mlen;) {
		const char *extra;

		n = utf8proc_iterate(p, mlen - (p - mapped), &c);
		if (n <= 0)
			break;
		p += n;
		if (c < 0x80) {
			if (o + 1 < size)
				out[o++] = (char)tolower(c);
			continue;
		}
		extra = fold_extra(c);
		if (extra == NULL)
			extra = " "; /* a letter ICU could not place */
		for (; *extra; extra++)
			if (o + 1 < size)
				out[o++] = *extra;
	}
	free(mapped);
	out[o] = '\0';
	if (abjad && translit_out)
		*translit_out = true;
	return (long)o;
}

/* --- Token rules ----------------------------------------------------------------- */

struct word_class {
	const char *word;
	const char *cls;
};

/* Legal forms found anywhere in a name, with the class they stand for.  */
static const struct word_class legal_anywhere[] = {
	{"limited", "ltd"}, {"ltd", "ltd"}, {"llc", "llc"}, {"llp", "lp"},
	{"gmbh", "gmbh"}, {"aktiengesellschaft", "ag"}, {"aktiengeselschaft", "ag"},
	{"inc", "inc"}, {"incorporated", "inc"}, {"corp", "corp"},
	{"corporation", "corp"}, {"company", "co"}, {"plc", "plc"}, {"jsc", "jsc"},
	{"ojsc", "jsc"}, {"oao", "jsc"}, {"ooo", "llc"}, {"zao", "jsc"}, {"pao", "jsc"},
	{"pjsc", "jsc"}, {"cjsc", "jsc"}, {"srl", "llc"}, {"sarl", "llc"}, {"gmbh", "gmbh"},
	{"kft", "llc"}, {"zrt", "jsc"}, {"doo", "llc"}, {"tov", "llc"}, {"pte", "ltd"},
	{"pty", "ltd"}, {"ltda", "ltd"}, {"fze", "llc"}, {"fzco", "llc"}, {"fzc", "llc"},
	{"sae", "jsc"}, {"sas", "sa"}, {"spa", "sa"}, {"bhd", "ltd"}, {"sdn", "ltd"},
	{NULL, NULL},
};

/* Short forms that are ordinary words elsewhere: only at either end.  */
static const struct word_class legal_ends[] = {
	{"co", "co"}, {"cia", "co"}, {"sa", "sa"}, {"se", "sa"}, {"nv", "sa"}, {"bv", "ltd"},
	{"ag", "ag"}, {"ab", "sa"}, {"as", "sa"}, {"oy", "sa"}, {"oyj", "sa"}, {"ao", "jsc"},
	{"pt", "ltd"}, {"lp", "lp"}, {"sl", "llc"}, {"kg", "lp"}, {"tbk", "jsc"},
	{NULL, NULL},
};

/* Legal forms of several words (tokens separated by spaces).  */
static const struct word_class legal_phrases[] = {
	{"limited liability company", "llc"},
	{"limited liability partnership", "lp"},
	{"public limited company", "plc"},
	{"open joint stock company", "jsc"},
	{"closed joint stock company", "jsc"},
	{"public joint stock company", "jsc"},
	{"joint stock company", "jsc"},
	{"joint stock", "jsc"},
	{"societatea cu raspundere limitata", "llc"},
	{"sp z oo", "llc"},
	{"s a", "sa"},
	{"a s", "sa"},
	{"l l c", "llc"},
	{"b v", "ltd"},
	{"n v", "sa"},
	{"co ltd", "ltd"},
	{NULL, NULL},
};

/* Titles and honorifics: never part of whom a name designates.  */
static const char *const honorifics[] = {
	"mr", "mrs", "ms", "miss", "mme", "mlle", "dr", "prof", "professor", "sir", "dame",
	"lord", "lady", "president", "prasident", "praesident", "excellency", "hon",
	"honorable", "honourable", "colonel", "col", "capt", "captain",
	"sheikh", "shaikh", "sheik", "shaykh", "haji", "hajji", "hadji", "mullah", "mawlawi",
	"maulvi", "maulana", "mufti", "ayatollah", "senor", "senora", "herr", "frau",
	"monsieur", "madame", NULL,
};

/* Vessel prefixes, only at the start.  */
static const char *const vessel_prefixes[] = {"mv", "mt", "ss", "fv", "my", NULL};

/* Particles of names: they count little.  The first of each group is what
 * the others are written as.  */
static const char *const particles[][4] = {
	{"bin", "ben", "ibn", "bint"}, {"al", "el", "ul", NULL}, {"abu", "abou", NULL, NULL},
	{"de", "da", "di", "do"}, {"del", "della", "dos", "das"}, {"du", "la", "le", NULL},
	{"van", "von", "der", "den"}, {"ter", "ten", NULL, NULL}, {"and", "und", "et", "y"},
	{"of", NULL, NULL, NULL}, {"the", NULL, NULL, NULL}, {"for", NULL, NULL, NULL},
	{"in", NULL, NULL, NULL}, {"na", NULL, NULL, NULL},
};

/* Very common given names: a pair of them says little.  */
static const char *const common_names[] = {
	"mohammed", "mohammad", "muhammad", "mohamed", "muhammed", "mohamad", "mohd", "ahmed",
	"ahmad", "ali", "abdul", "abdel", "abd", "abdallah", "abdullah", "hassan", "hasan",
	"hussein", "husain", "hussain", "mahmoud", "omar", "umar", "ibrahim", "khan", "shah",
	"syed", "sayed", "kim", "lee", "li", "park", "wang", "zhang", "chen", "nguyen",
	"singh", "kumar", "jose", "maria", "john", "juan", NULL,
};

static bool
in_list(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(w, *list) == 0)
			return true;
	return false;
}

static const char *
word_class(const char *w, const struct word_class *t)
{
	for (; t->word; t++)
		if (strcmp(w, t->word) == 0)
			return t->cls;
	return NULL;
}

static const char *
particle_of(const char *w)
{
	for (size_t i = 0; i < sizeof particles / sizeof particles[0]; i++)
		for (size_t j = 0; j < 4 && particles[i][j]; j++)
			if (strcmp(w, particles[i][j]) == 0)
				return particles[i][0];
	return NULL;
}

static const struct {
	const char *word;
	int value;
} number_words[] = {
	{"zero", 0}, {"one", 1}, {"two", 2}, {"three", 3}, {"four", 4}, {"five", 5},
	{"six", 6}, {"seven", 7}, {"eight", 8}, {"nine", 9}, {"ten", 10}, {"eleven", 11},
	{"twelve", 12}, {"thirteen", 13}, {"fourteen", 14}, {"fifteen", 15}, {"sixteen", 16},
	{"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19}, {"twenty", 20}, {"thirty", 30},
	{"forty", 40}, {"fourty", 40}, {"fifty", 50}, {"sixty", 60}, {"seventy", 70},
	{"eighty", 80}, {"ninety", 90}, {"first", 1}, {"second", 2}, {"third", 3},
	{"fourth", 4}, {"fifth", 5}, {"sixth", 6}, {"seventh", 7}, {"eighth", 8}, {"ninth", 9},
	{"tenth", 10}, {NULL, 0},
};

static int
number_word(const char *w)
{
	for (size_t i = 0; number_words[i].word; i++)
		if (strcmp(w, number_words[i].word) == 0)
			return number_words[i].value;
	return -1;
}

/* "1st", "2nd", "3rd", "44th": the number, else -1.  */
static int
ordinal(const char *w)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)w[0]))
		return -1;
	v = strtol(w, &end, 10);
	if (strcmp(end, "st") == 0 || strcmp(end, "nd") == 0 || strcmp(end, "rd") == 0 ||
	    strcmp(end, "th") == 0)
		return v > 100000 ? -1 : (int)v;
	return -1;
}

static int ordinal(const char *w);
static int roman(const char *w);
static int number_word(const char *w);

/* Letters written as digits ("I9or Sech1n").  */
static void
unleet(char *w)
{
	bool letters = false, digits = false;

	for (char *p = w; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits = true;
		else
			letters = true;
	}
	if (!letters || !digits || ordinal(w) >= 0)
		return;
	for (char *p = w; *p; p++)
		switch (*p) {
		case '0': *p = 'o'; break;
		case '1': *p = 'i'; break;
		case '3': *p = 'e'; break;
		case '4': *p = 'a'; break;
		case '5': *p = 's'; break;
		case '7': *p = 't'; break;
		case '9': *p = 'g'; break;
		default: break;
		}
}

/* Working list of words while the rules run.  */
struct words {
	char w[NAMES_MAX_TOKENS * 2][NAMES_TOKEN_MAX];
	int n;
	bool truncated;
};

static void
words_add(struct words *ws, const char *w, size_t len)
{
	if (len == 0)
		return;
	if (ws->n >= (int)(sizeof ws->w / sizeof ws->w[0])) {
		ws->truncated = true;
		return;
	}
	if (len >= NAMES_TOKEN_MAX) {
		len = NAMES_TOKEN_MAX - 1;
		ws->truncated = true;
	}
	memcpy(ws->w[ws->n], w, len);
	ws->w[ws->n][len] = '\0';
	ws->n++;
}

static void
words_remove(struct words *ws, int at, int count)
{
	memmove(ws->w[at], ws->w[at + count], (size_t)(ws->n - at - count) * sizeof ws->w[0]);
	ws->n -= count;
}

/* Split folded ASCII text into words.  */
static void
split_words(const char *s, struct words *ws)
{
	char cur[NAMES_TOKEN_MAX * 4];
	size_t len = 0;

	for (;; s++) {
		unsigned char ch = (unsigned char)*s;

		if (isalnum(ch)) {
			if (len + 1 < sizeof cur)
				cur[len++] = (char)ch;
			continue;
		}
		if (ch == '.' || ch == '\'' || ch == '`' || ch == 1)
			continue; /* joins: "A.B.C.", "Qa'ida", "Jong-un" */
		words_add(ws, cur, len);
		len = 0;
		if (ch == '&')
			words_add(ws, "and", 3);
		if (ch == '\0')
			break;
	}
}

/* Does the phrase P (words separated by spaces) start at word AT?  Sets
 * *COUNT to its number of words.  */
static bool
phrase_at(const struct words *ws, int at, const char *p, int *count)
{
	int k = 0;

	while (*p) {
		const char *sp = strchr(p, ' ');
		size_t l = sp ? (size_t)(sp - p) : strlen(p);

		if (at + k >= ws->n || strlen(ws->w[at + k]) != l ||
		    memcmp(ws->w[at + k], p, l) != 0)
			return false;
		k++;
		p += l;
		if (*p == ' ')
			p++;
	}
	*count = k;
	return true;
}

/* Take legal forms out; the class of the last one into LEGAL.  */
static void
strip_legal(struct words *ws, char *legal, size_t size)
{
	bool changed = true;

	while (changed && ws->n > 0) {
		changed = false;
		for (int i = 0; i < ws->n && !changed; i++) {
			const char *cls = NULL;
			int count = 1;

			for (size_t p = 0; cls == NULL && legal_phrases[p].word; p++) {
				int c;

				if (phrase_at(ws, i, legal_phrases[p].word, &c) &&
				    (strchr(legal_phrases[p].word, ' ') == NULL ||
				     strlen(legal_phrases[p].word) > 4 || i == 0 ||
				     i + c == ws->n)) {
					cls = legal_phrases[p].cls;
					count = c;
				}
			}
			if (cls == NULL)
				cls = word_class(ws->w[i], legal_anywhere);
			if (cls == NULL && (i == 0 || i == ws->n - 1))
				cls = word_class(ws->w[i], legal_ends);
			if (cls) {
				snprintf(legal, size, "%s", cls);
				words_remove(ws, i, count);
				changed = true;
			}
		}
		/* Connectives left dangling at either end ("Goldman Sachs & Co.").  */
		while (ws->n > 0 && (strcmp(ws->w[ws->n - 1], "and") == 0 ||
				     strcmp(ws->w[ws->n - 1], "of") == 0)) {
			ws->n--;
			changed = true;
		}
	}
}

static void
apply_numbers(struct words *ws)
{
	for (int i = 0; i < ws->n; i++) {
		int v = number_word(ws->w[i]);

		if (v < 0 && i > 0 && ws->n >= 3 && roman(ws->w[i]) > 0)
			v = roman(ws->w[i]);
		if (v < 0)
			v = ordinal(ws->w[i]);
		if (v < 0)
			continue;
		/* "forty four" is 44.  */
		if (v >= 20 && v % 10 == 0 && v < 100 && i + 1 < ws->n) {
			int u = number_word(ws->w[i + 1]);

			if (u < 0)
				u = ordinal(ws->w[i + 1]);
			if (u > 0 && u < 10) {
				v += u;
				words_remove(ws, i + 1, 1);
			}
		}
		snprintf(ws->w[i], NAMES_TOKEN_MAX, "%d", v);
	}
}

/* Turn "SURNAME Other, Given" round to "Given SURNAME Other": one comma,
 * with words on both sides.  */
static void
turn_comma(char *s)
{
	char *comma = strchr(s, ',');
	char buf[NAMES_INPUT_MAX * 4];
	size_t before, after;

	if (comma == NULL || strchr(comma + 1, ',') != NULL)
		return;
	before = (size_t)(comma - s);
	after = strlen(comma + 1);
	if (before + after + 2 > sizeof buf)
		return;
	memcpy(buf, comma + 1, after);
	buf[after] = ' ';
	memcpy(buf + after + 1, s, before);
	buf[after + 1 + before] = '\0';
	memcpy(s, buf, after + before + 2);
}

/* A hyphen joins the parts of one name ("Jong-un", "Zaki-ur-Rehman")
 * unless a part is a particle or a number ("al-Assad", "2007-1"): then it
 * separates.  Joining hyphens become byte 1, which split_words() drops.  */
static void
join_hyphens(char *s)
{
	for (char *p = s; *p; p++) {
		char w1[NAMES_TOKEN_MAX], w2[NAMES_TOKEN_MAX];
		char *b = p, *a = p + 1, *ae = p + 1;
		size_t l1, l2;

		if (*p != '-')
			continue;
		while (b > s && isalnum((unsigned char)b[-1]))
			b--;
		while (isalnum((unsigned char)*ae))
			ae++;
		l1 = (size_t)(p - b);
		l2 = (size_t)(ae - a);
		if (l1 == 0 || l2 == 0 || l1 >= sizeof w1 || l2 >= sizeof w2) {
			*p = ' ';
			continue;
		}
		memcpy(w1, b, l1);
		w1[l1] = '\0';
		memcpy(w2, a, l2);
		w2[l2] = '\0';
		if (particle_of(w1) || particle_of(w2) || isdigit((unsigned char)w1[0]) ||
		    isdigit((unsigned char)w2[0]) || number_word(w1) >= 0 || number_word(w2) >= 0)
			*p = ' ';
		else
			*p = 1;
	}
}

/* Value of a Roman numeral of two letters or more, of I, V and X only
 * ("II", "XIV"); 0 when it is not one.  */
static int
roman(const char *w)
{
	int v = 0, prev = 0;
	size_t len = strlen(w);

	if (len < 2 || strspn(w, "ivx") != len)
		return 0;
	for (size_t i = len; i-- > 0;) {
		int d = w[i] == 'i' ? 1 : w[i] == 'v' ? 5 : 10;

		v += d < prev ? -d : d;
		if (d > prev)
			prev = d;
	}
	return v > 0 && v < 40 ? v : 0;
}

static void
token_finish(struct names_token *t, bool abjad)
{
	const char *p;

	t->len = (unsigned char)strlen(t->text);
	t->flags = 0;
	t->weight = 1.0f;
	if (t->len == 1 && isalpha((unsigned char)t->text[0])) {
		t->flags |= NAMES_TOK_INITIAL;
		t->weight = 0.3f;
	}
	if (strspn(t->text, "0123456789") == t->len) {
		t->flags |= NAMES_TOK_NUMBER;
		t->weight = 0.4f; /* a series number says less than a name */
	}
	if ((p = particle_of(t->text)) != NULL) {
		snprintf(t->text, sizeof t->text, "%s", p);
		t->len = (unsigned char)strlen(t->text);
		t->flags |= NAMES_TOK_PARTICLE;
		t->weight = 0.3f;
	} else if (in_list(t->text, common_names)) {
		t->weight = 0.6f;
	}
	if (abjad)
		t->flags |= NAMES_TOK_ABJAD;
	names_phonetic(t->text, t->key);
}

enum diag_status
names_parse(const char *s, size_t len, struct names_name *out, struct diag *d)
{
	char folded[NAMES_INPUT_MAX * 4];
	struct words *ws;
	long flen;
	bool abjad = false, syllabic = false;

	memset(out, 0, sizeof *out);
	if (s == NULL)
		return DIAG_OK;
	if (len > NAMES_INPUT_MAX)
		out->truncated = true;
	flen = names_fold(s, len, folded, sizeof folded, &out->translit);
	if (flen < 0)
		return diag_set(d, DIAG_DATA, NULL, 0, _("the name is not valid UTF-8"));
	/* Arabic and Hebrew are written without short vowels.  */
	for (size_t i = 0; i < len && i < NAMES_INPUT_MAX; i++)
		if ((unsigned char)s[i] == 0xD8 || (unsigned char)s[i] == 0xD9 ||
		    (unsigned char)s[i] == 0xD7 || (unsigned char)s[i] == 0xDA ||
		    (unsigned char)s[i] == 0xDB) {
			abjad = true;
			break;
		}
	/* In Chinese and Korean one character is one syllable of a name:
	 * another character is another name, however close it sounds.  */
	for (size_t i = 0; i < len && i < NAMES_INPUT_MAX;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &c);

		if (k <= 0)
			break;
		if ((c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F) ||
		    (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x3400 && c <= 0x4DBF) ||
		    (c >= 0x4E00 && c <= 0x9FFF))
			syllabic = true;
		i += (size_t)k;
	}
	turn_comma(folded);
	join_hyphens(folded);
	if ((ws = calloc(1, sizeof *ws)) == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	split_words(folded, ws);
	for (int i = 0; i < ws->n; i++)
		unleet(ws->w[i]);
	/* Titles and vessel prefixes at the start.  */
	while (ws->n > 1 &&
	       (in_list(ws->w[0], honorifics) || in_list(ws->w[0], vessel_prefixes)))
		words_remove(ws, 0, 1);
	if (ws->n > 1 && strcmp(ws->w[0], "the") == 0)
		words_remove(ws, 0, 1);
	strip_legal(ws, out->legal, sizeof out->legal);
	apply_numbers(ws);
	/* A name of nothing but particles designates nobody.  */
	{
		int significant = 0;

		for (int i = 0; i < ws->n; i++)
			if (particle_of(ws->w[i]) == NULL)
				significant++;
		if (significant == 0)
			ws->n = 0;
	}
	for (int i = 0; i < ws->n; i++) {
		if (out->n >= NAMES_MAX_TOKENS) {
			out->truncated = true;
			break;
		}
		snprintf(out->tok[out->n].text, NAMES_TOKEN_MAX, "%s", ws->w[i]);
		token_finish(&out->tok[out->n], abjad);
		if (syllabic)
			out->tok[out->n].flags |= NAMES_TOK_EXACT;
		out->n++;
	}
	if (ws->truncated)
		out->truncated = true;
	free(ws);
	return DIAG_OK;
}

char *
names_join(const struct names_name *n, char *buf, size_t size)
{
	size_t o = 0;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	for (int i = 0; i < n->n; i++) {
		int w = snprintf(buf + o, size - o, "%s%s", i ? " " : "", n->tok[i].text);

		if (w < 0 || (size_t)w >= size - o)
			break;
		o += (size_t)w;
	}
	buf[o < size ? o : size - 1] = '\0';
	return buf;
}

/* --- Similarity --------------------------------------------------------------------- */

double
names_jaro(const char *a, size_t la, const char *b, size_t lb)
{
	unsigned char amatch[256], bmatch[256];
	size_t window, m = 0, t = 0, k = 0;

	if (la == 0 && lb == 0)
		return 1.0;
	if (la == 0 || lb == 0)
		return 0.0;
	if (la > 255)
		la = 255;
	if (lb > 255)
		lb = 255;
	window = (la > lb ? la : lb) / 2;
	window = window > 0 ? window - 1 : 0;
	memset(amatch, 0, la);
	memset(bmatch, 0, lb);
	for (size_t i = 0; i < la; i++) {
		size_t lo = i > window ? i - window : 0;
		size_t hi = i + window + 1 < lb ? i + window + 1 : lb;

		for (size_t j = lo; j < hi; j++) {
			if (bmatch[j] || a[i] != b[j])
				continue;
			amatch[i] = bmatch[j] = 1;
			m++;
			break;
		}
	}
	if (m == 0)
		return 0.0;
	for (size_t i = 0; i < la; i++) {
		if (!amatch[i])
			continue;
		while (!bmatch[k])
			k++;
		if (a[i] != b[k])
			t++;
		k++;
	}
	return ((double)m / la + (double)m / lb + ((double)m - t / 2.0) / m) / 3.0;
}

double
names_jaro_winkler(const char *a, size_t la, const char *b, size_t lb)
{
	double j = names_jaro(a, la, b, lb);
	size_t prefix = 0;

	if (j <= 0.7)
		return j;
	while (prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix])
		prefix++;
	return j + prefix * 0.1 * (1.0 - j);
}

size_t
names_levenshtein(const char *a, size_t la, const char *b, size_t lb)
{
	size_t row[NAMES_NORM_MAX + 1];

	if (la > NAMES_NORM_MAX)
		la = NAMES_NORM_MAX;
	if (lb > NAMES_NORM_MAX)
		lb = NAMES_NORM_MAX;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j], best;

			best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

double
names_edit_similarity(const char *a, size_t la, const char *b, size_t lb)
{
	size_t longer = la > lb ? la : lb;

	if (longer == 0)
		return 1.0;
	return 1.0 - (double)names_levenshtein(a, la, b, lb) / (double)longer;
}

static char
sound_class(const char *w, size_t i)
{
	char c = w[i], next = w[i + 1];

	switch (c) {
	case 'b': case 'p': return 'P';
	case 'f': case 'v': case 'w': return 'F';
	case 'c':
		if (next == 'e' || next == 'i' || next == 'y')
			return 'S';
		if (next == 'h')
			return 'X';
		return 'K';
	case 'k': case 'q': case 'g': return 'K';
	case 's':
		if (next == 'h')
			return 'X';
		return 'S';
	case 'z': case 'x': return 'S';
	case 'd': case 't': return 'T';
	case 'l': return 'L';
	case 'r': return 'R';
	case 'm': return 'M';
	case 'n': return 'N';
	case 'j': return i == 0 ? 'J' : 0;
	default: return 0; /* vowels, h, y */
	}
}

void
names_phonetic(const char *w, char *key)
{
	size_t o = 0, len = strlen(w);
	char last = 0;

	key[0] = '\0';
	if (len == 0)
		return;
	if (isdigit((unsigned char)w[0])) {
		snprintf(key, NAMES_KEY_MAX, "%.*s", NAMES_KEY_MAX - 1, w);
		return;
	}
	if (strchr("aeiouy", w[0]) != NULL) {
		key[o++] = 'A';
	} else if (w[0] == 'h' && w[1] != '\0') {
		key[o++] = 'H';
	}
	for (size_t i = 0; i < len && o + 1 < NAMES_KEY_MAX; i++) {
		char c = sound_class(w, i);

		if (w[i] == 'p' && w[i + 1] == 'h')
			c = 'F';
		if ((w[i] == 'k' || w[i] == 'g') && w[i + 1] == 'h')
			c = 'K';
		if (c == 0 || c == last) {
			if (c == 0 && strchr("aeiouy", w[i]) == NULL)
				continue; /* h between: "mohammed" */
			if (c == 0)
				last = 0;
			continue;
		}
		if (i > 0 && (w[i - 1] == 's' || w[i - 1] == 'c') && w[i] == 'h')
			continue;
		key[o++] = c;
		last = c;
		if ((c == 'X' || c == 'F' || c == 'K') && w[i + 1] == 'h')
			i++;
	}
	key[o] = '\0';
}

/* The letters of W without vowels, for names written in an abjad.  */
static size_t
skeleton(const char *w, char *out)
{
	size_t o = 0;

	for (; *w; w++)
		if (strchr("aeiouyw'", *w) == NULL && (o == 0 || out[o - 1] != *w))
			out[o++] = *w;
	out[o] = '\0';
	return o;
}

double
names_token_similarity(const struct names_token *a, const struct names_token *b)
{
	double jw, ed, sim;

	if ((a->flags | b->flags) & (NAMES_TOK_NUMBER | NAMES_TOK_EXACT))
		return strcmp(a->text, b->text) == 0 ? 1.0 : 0.0;
	if ((a->flags & NAMES_TOK_INITIAL) || (b->flags & NAMES_TOK_INITIAL)) {
		if (a->text[0] != b->text[0])
			return 0.0;
		return a->len == b->len ? 1.0 : 0.9;
	}
	if (a->len == b->len && memcmp(a->text, b->text, a->len) == 0)
		return 1.0;
	jw = names_jaro_winkler(a->text, a->len, b->text, b->len);
	/* (jw + ed) / 2 cannot reach NAMES_PAIR_MIN from below 0.6: skip the
	 * edit distance, unless vowels are missing (an abjad) to forgive.  */
	if (jw < 2 * NAMES_PAIR_MIN - 1.0 && !((a->flags ^ b->flags) & NAMES_TOK_ABJAD))
		return jw / 2.0;
	ed = names_edit_similarity(a->text, a->len, b->text, b->len);
	sim = (jw + ed) / 2.0;
	if (strcmp(a->key, b->key) == 0 && jw >= 0.75 && sim < 0.9)
		sim = 0.9;
	if ((a->flags ^ b->flags) & NAMES_TOK_ABJAD) {
		/* Written without short vowels: the same consonants are the same
		 * name ("mhmd", "Mohamed").  */
		char sa[NAMES_TOKEN_MAX], sb[NAMES_TOKEN_MAX];
		size_t la = skeleton(a->text, sa), lb = skeleton(b->text, sb);

		if (la >= 1 && la == lb && memcmp(sa, sb, la) == 0 && sim < 0.9)
			sim = 0.9;
	}
	return sim;
}

/* Weights of what is left unpaired: a token that conflicts with one of
 * the other name costs more than one the other name simply lacks.  */
#define COST_CONFLICT 2.0
#define COST_EXTRA NAMES_COST_EXTRA_MIN
#define WHOLE_MIN 0.85

/* Legal forms of different kinds (an AG is not a GmbH) lower the score.  */
static const char *
legal_family(const char *cls)
{
	if (strcmp(cls, "ltd") == 0 || strcmp(cls, "llc") == 0 || strcmp(cls, "gmbh") == 0)
		return "limited";
	if (strcmp(cls, "ag") == 0 || strcmp(cls, "jsc") == 0 || strcmp(cls, "sa") == 0 ||
	    strcmp(cls, "plc") == 0)
		return "stock";
	if (strcmp(cls, "lp") == 0)
		return "partnership";
	return NULL;
}

static size_t
compact(const struct names_name *n, char *buf, size_t size)
{
	size_t o = 0;

	for (int i = 0; i < n->n; i++)
		for (size_t k = 0; k < n->tok[i].len && o + 1 < size; k++)
			buf[o++] = n->tok[i].text[k];
	buf[o] = '\0';
	return o;
}

/* What a pair adds: its similarity (near is not the same).  */
static double
pair_value(double sim)
{
	return sim;
}

static void
split_pairs(const struct names_name *a, const struct names_name *b, bool *aused, bool *bused,
	    struct names_match *m, double *matched, double *matched_w, bool swapped)
{
	for (int i = 0; i < a->n; i++) {
		if (aused[i] || a->tok[i].len < 5)
			continue;
		for (int j = 0; j + 1 < b->n; j++) {
			struct names_token t;
			size_t l1 = b->tok[j].len, l2 = b->tok[j + 1].len;
			double sim, w;

			if (bused[j] || bused[j + 1] || l1 + l2 >= NAMES_TOKEN_MAX)
				continue;
			memcpy(t.text, b->tok[j].text, l1);
			memcpy(t.text + l1, b->tok[j + 1].text, l2 + 1);
			t.len = (unsigned char)(l1 + l2);
			t.flags = 0;
			t.weight = 1.0f;
			names_phonetic(t.text, t.key);
			sim = names_token_similarity(&a->tok[i], &t);
			if (sim < 0.9)
				continue;
			aused[i] = bused[j] = bused[j + 1] = true;
			for (int k = 0; k < 2 && m->n_pairs < NAMES_MAX_TOKENS; k++) {
				struct names_pair *p = &m->pair[m->n_pairs++];

				p->q = (signed char)(swapped ? j + k : i);
				p->c = (signed char)(swapped ? i : j + k);
				p->sim = (float)sim;
			}
			w = (a->tok[i].weight + b->tok[j].weight + b->tok[j + 1].weight) / 2.0;
			*matched += w * pair_value(sim);
			*matched_w += w;
			break;
		}
	}
}

double
names_compare_floor(const struct names_name *q, const struct names_name *c, double floor,
		    struct names_match *m)
{
	struct names_match local;
	float sim[NAMES_MAX_TOKENS][NAMES_MAX_TOKENS];
	bool qused[NAMES_MAX_TOKENS] = {false}, cused[NAMES_MAX_TOKENS] = {false};
	double matched = 0, matched_w = 0, leftq = 0, leftc = 0, score;
	double wq = 0, wc = 0;

	if (m == NULL)
		m = &local;
	memset(m, 0, sizeof *m);
	if (q->n == 0 || c->n == 0)
		return 0.0;
	for (int i = 0; i < q->n; i++)
		wq += q->tok[i].weight;
	for (int j = 0; j < c->n; j++)
		wc += c->tok[j].weight;
	/* A cheap bound first: whole-name comparison aside, the score cannot
	 * beat the share of weight the shorter side could pair.  */
	for (int i = 0; i < q->n; i++)
		for (int j = 0; j < c->n; j++)
			sim[i][j] = (float)names_token_similarity(&q->tok[i], &c->tok[j]);
	/* Best pairs first.  */
	for (;;) {
		int bi = -1, bj = -1;
		float best = (float)NAMES_PAIR_MIN;

		for (int i = 0; i < q->n; i++) {
			if (qused[i])
				continue;
			for (int j = 0; j < c->n; j++)
				if (!cused[j] && sim[i][j] >= best &&
				    (bi < 0 || sim[i][j] > best ||
				     q->tok[i].weight + c->tok[j].weight >
					     q->tok[bi].weight + c->tok[bj].weight)) {
					best = sim[i][j];
					bi = i;
					bj = j;
				}
		}
		if (bi < 0)
			break;
		qused[bi] = cused[bj] = true;
		m->pair[m->n_pairs].q = (signed char)bi;
		m->pair[m->n_pairs].c = (signed char)bj;
		m->pair[m->n_pairs].sim = best;
		m->n_pairs++;
		{
			double w = (q->tok[bi].weight + c->tok[bj].weight) / 2.0;

			matched += w * pair_value(best);
			matched_w += w;
		}
	}
	/* A token of one name written as two of the other ("Patr ushev",
	 * "MohammadHasni"): pair it with both.  */
	split_pairs(q, c, qused, cused, m, &matched, &matched_w, false);
	split_pairs(c, q, cused, qused, m, &matched, &matched_w, true);
	for (int i = 0; i < q->n; i++)
		if (!qused[i]) {
			leftq += q->tok[i].weight;
			m->q_left |= 1u << i;
		}
	for (int j = 0; j < c->n; j++)
		if (!cused[j]) {
			leftc += c->tok[j].weight;
			m->c_left |= 1u << j;
		}
	m->conflict = leftq < leftc ? leftq : leftc;
	m->extra = fabs(leftq - leftc);
	score = matched_w > 0
			? matched / (matched_w + COST_CONFLICT * m->conflict + COST_EXTRA * m->extra)
			: 0.0;
	if (score < 0)
		score = 0;
	m->tokens = score;
	/* Written with or without spaces: compare the names whole.  */
	if (q->n != c->n && score < 0.95) {
		char a[NAMES_NORM_MAX], b[NAMES_NORM_MAX];
		size_t la = compact(q, a, sizeof a), lb = compact(c, b, sizeof b);
		size_t shorter = la < lb ? la : lb, longer = la > lb ? la : lb;

		if (shorter * 10 >= longer * 7) {
			m->whole = names_edit_similarity(a, la, b, lb);
			if (m->whole >= WHOLE_MIN && m->whole > score)
				score = m->whole;
		}
	}
	if (q->legal[0] && c->legal[0]) {
		const char *fq = legal_family(q->legal), *fc = legal_family(c->legal);

		if (fq && fc && strcmp(fq, fc) != 0)
			score *= 0.75;
	}
	(void)floor;
	(void)wq;
	(void)wc;
	m->score = score;
	return score;
}

double
names_compare(const struct names_name *q, const struct names_name *c, struct names_match *m)
{
	return names_compare_floor(q, c, 0.0, m);
}

size_t
names_ident(const char *s, char *out, size_t size)
{
	size_t o = 0;

	if (size == 0)
		return 0;
	for (; s && *s && o + 1 < size; s++)
		if (isalnum((unsigned char)*s))
			out[o++] = (char)toupper((unsigned char)*s);
	out[o] = '\0';
	if (o > 3 && strncmp(out, "IMO", 3) == 0 && isdigit((unsigned char)out[3])) {
		memmove(out, out + 3, o - 3 + 1);
		o -= 3;
	}
	return o;
}
