/* names: how douane compares the names of people, companies and vessels.
 *
 * Pure functions, no store.  A name is parsed once into a struct
 * names_name: normalised (Unicode case fold, accents stripped, other
 * scripts transliterated to Latin, punctuation dropped), split into
 * tokens, legal forms ("LLC", "GmbH", "OOO") and honorifics ("Mr", "Dr",
 * "Shaikh") taken out, number words made digits ("Forty-Four" -> 44), a
 * "SURNAME, Given" order turned round.  Each token has a weight
 * (particles such as "al", "bin", "van" count less) and a phonetic key.
 *
 * Two names are compared token by token, in any order: each token of one
 * is paired with at most one token of the other (best pairs first, by
 * Jaro-Winkler, phonetic key and initials).  Tokens left without a pair
 * punish the score: a token left over on both sides ("Saddam Hussein
 * al-Dulaimi" against "... al-Tikriti") is a conflict and costs much; a
 * token left over on one side only (a middle name one source omits)
 * costs less.  Names written with or without spaces ("SergeiLavrov") are
 * also compared whole.  names_compare() says which tokens it paired and
 * how well, so a screening hit can explain itself.
 */
#ifndef DOUANE_NAMES_H
#define DOUANE_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

#define NAMES_MAX_TOKENS 24   /* tokens kept of one name */
#define NAMES_TOKEN_MAX 32    /* bytes kept of one token, with its NUL */
#define NAMES_KEY_MAX 8       /* bytes of a phonetic key, with its NUL */
#define NAMES_INPUT_MAX 2048  /* bytes of input read; the rest is ignored */
#define NAMES_NORM_MAX (NAMES_MAX_TOKENS * NAMES_TOKEN_MAX)

enum names_token_flags {
	NAMES_TOK_NUMBER = 1 << 0,   /* digits only */
	NAMES_TOK_INITIAL = 1 << 1,  /* one letter */
	NAMES_TOK_PARTICLE = 1 << 2, /* al, bin, van, de, of ... */
	NAMES_TOK_ABJAD = 1 << 3,    /* transliterated from Arabic or Hebrew: no vowels */
	NAMES_TOK_EXACT = 1 << 4,    /* Chinese or Korean: pairs only when equal */
};

struct names_token {
	char text[NAMES_TOKEN_MAX]; /* lower-case ASCII letters and digits */
	char key[NAMES_KEY_MAX];    /* phonetic key */
	unsigned char len;
	unsigned char flags;
	float weight;
};

struct names_name {
	struct names_token tok[NAMES_MAX_TOKENS];
	int n;
	char legal[8];   /* class of the legal form taken out ("llc", "ag"), or "" */
	bool translit;   /* some of it was in another script */
	bool truncated;  /* the input was longer than what is kept */
};

/* Parse the UTF-8 name S (LEN bytes) into OUT.  Invalid UTF-8 is
 * DIAG_DATA; an empty name, or one that is only a legal form or a title
 * ("CORP", "Mr"), gives OUT->n == 0, which matches nothing.  */
enum diag_status names_parse(const char *s, size_t len, struct names_name *out,
			     struct diag *d);

/* The tokens of N separated by single spaces, into BUF (NAMES_NORM_MAX
 * bytes are always enough).  Returns BUF.  */
char *names_join(const struct names_name *n, char *buf, size_t size);

/* Normalise the UTF-8 string S to lower-case ASCII (fold, strip accents,
 * transliterate), punctuation kept as spaces; no token rules.  Returns the
 * length written, or -1 for invalid UTF-8.  Used for identifiers too.  */
long names_fold(const char *s, size_t len, char *out, size_t size, bool *translit);

/* Jaro and Jaro-Winkler (prefix scale 0.1, prefix up to 4, applied when
 * Jaro is above 0.7) similarity of two byte strings, 0..1.  */
double names_jaro(const char *a, size_t la, const char *b, size_t lb);
double names_jaro_winkler(const char *a, size_t la, const char *b, size_t lb);

/* Levenshtein distance, and 1 - distance / longer length.  */
size_t names_levenshtein(const char *a, size_t la, const char *b, size_t lb);
double names_edit_similarity(const char *a, size_t la, const char *b, size_t lb);

/* Phonetic key of a lower-case ASCII token into KEY (NAMES_KEY_MAX bytes):
 * the first sound, then consonant classes, vowels dropped, repeats
 * collapsed ("mohammed", "muhamad" -> "MMT"... both the same key).  */
void names_phonetic(const char *token, char *key);

/* Similarity of two tokens, 0..1, and whether they count as a pair.  */
double names_token_similarity(const struct names_token *a, const struct names_token *b);

#define NAMES_PAIR_MIN 0.80 /* token similarity from which two tokens pair */
/* The least a token left without a pair costs, per unit of its weight
 * (the index bounds scores with it).  */
#define NAMES_COST_EXTRA_MIN 0.35

struct names_pair {
	signed char q, c; /* token indexes in the two names */
	float sim;
};

/* How two names were compared, for the explanation of a hit.  */
struct names_match {
	double score;      /* 0..1 */
	double tokens;     /* the token alignment's score */
	double whole;      /* the names compared whole, without spaces (0: not tried) */
	struct names_pair pair[NAMES_MAX_TOKENS];
	int n_pairs;
	unsigned q_left;   /* bit i: token i of the first name has no pair */
	unsigned c_left;   /* the same for the second */
	double conflict;   /* weight left on both sides */
	double extra;      /* weight left on one side only */
};

/* Compare Q with C; M, if not NULL, receives the detail.  Returns the
 * score, 0..1; 0 when either name has no tokens.  */
double names_compare(const struct names_name *q, const struct names_name *c,
		     struct names_match *m);

/* The same, but stop early and return a value below FLOOR as soon as the
 * score cannot reach FLOOR (the index uses it to skip hopeless pairs).  */
double names_compare_floor(const struct names_name *q, const struct names_name *c,
			   double floor, struct names_match *m);

/* Normalise an identifier (passport, IMO, plate): upper-case ASCII letters
 * and digits only, "IMO" prefix dropped.  Returns the length.  */
size_t names_ident(const char *s, char *out, size_t size);

#endif
