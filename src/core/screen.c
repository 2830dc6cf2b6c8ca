/* screen: the watchlist index, candidates, qualifiers, explanations
 * (screen.h).
 *
 * Memory layout.  Every string the index keeps (names as published,
 * references, programmes) is in one pool and named by its offset.  Each
 * alias keeps its parsed tokens packed (text, phonetic key, flags,
 * weight), so that scoring a candidate costs no normalisation.  The
 * vocabulary is an open-addressing hash table of distinct words (tokens,
 * and each name written whole); postings from words to aliases are
 * arrays in compressed-row form, built once by screen_index_freeze().
 *
 * Candidate words are found exactly, not by a heuristic: the words that
 * can pair by similarity are grouped by length with a letter histogram
 * each (32 bytes), and a query token scans the lengths that can pair
 * with it, keeping the words with enough letters in common for the
 * scorer's token similarity to reach its threshold (min_common() gives
 * the bound); words alike in sound come from their phonetic key, words
 * written without vowels from their skeleton.  Every word so found is
 * checked with the scorer's own token similarity.
 *
 * A query's scratch space (its candidate list) comes from a small pool
 * kept by the index under a mutex, so threads can screen at once.
 */
#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "i18n.h"
#include "screen.h"

/* --- Growable arrays ------------------------------------------------------------ */

struct pool {
	char *buf;
	size_t len, cap;
};

static bool
grow(void **p, size_t *cap, size_t need, size_t elem)
{
	size_t ncap = *cap ? *cap : 64;
	void *np;

	if (need <= *cap)
		return true;
	while (ncap < need)
		ncap *= 2;
	if ((np = realloc(*p, ncap * elem)) == NULL)
		return false;
	*p = np;
	*cap = ncap;
	return true;
}

/* Append S (LEN bytes) and a NUL; the offset, or UINT32_MAX.  */
static uint32_t
pool_add(struct pool *pl, const char *s, size_t len)
{
	uint32_t off;

	if (s == NULL)
		s = "", len = 0;
	if (pl->len + len + 1 > UINT32_MAX)
		return UINT32_MAX;
	if (!grow((void **)&pl->buf, &pl->cap, pl->len + len + 1, 1))
		return UINT32_MAX;
	off = (uint32_t)pl->len;
	memcpy(pl->buf + pl->len, s, len);
	pl->buf[pl->len + len] = '\0';
	pl->len += len + 1;
	return off;
}

static uint32_t
pool_str(struct pool *pl, const char *s)
{
	return pool_add(pl, s, s ? strlen(s) : 0);
}

/* --- The index ---------------------------------------------------------------------- */

struct ix_entry {
	int64_t id;
	uint64_t version;
	uint32_t source, ref, primary, programme, reason, dobs, countries;
	uint8_t kind;
};

struct ix_alias {
	uint32_t entry;
	uint32_t orig;   /* as published, in the pool */
	uint32_t packed; /* tokens, in the pool */
	uint8_t weak;
};

struct ix_word {
	uint32_t text; /* in the pool */
	uint32_t post; /* first posting */
	uint32_t n_post;
	uint8_t len;
	char key[NAMES_KEY_MAX];
	uint8_t flags;
	uint8_t joined; /* also a whole name or two tokens written as one */
	float weight;
};

/* Words by phonetic key, for tokens that sound alike but are spelt apart.  */
struct ix_keyed {
	char key[NAMES_KEY_MAX];
	uint32_t word;
};

struct ix_ident {
	uint32_t text;
	uint32_t entry;
};

struct scratch {
	uint64_t *cand; /* alias << 8 | query token (CAND_ALWAYS: score it) */
	size_t n_cand, cap_cand;
	struct scratch *next;
};

/* Letter histograms of the words, for the candidate scan: 26 letters, then
 * the digits folded onto 6 bins (a coarser histogram only counts more
 * letters in common, so the bound stays sound).  */
#define SIG_BINS 32

struct screen_index {
	struct pool pool;
	struct ix_entry *entries;
	size_t n_entries, cap_entries;
	struct ix_alias *aliases;
	size_t n_aliases, cap_aliases;
	struct ix_word *words;
	size_t n_words, cap_words;
	uint32_t *table; /* word hash table: word id + 1, 0 empty */
	size_t table_size;
	uint64_t *pairs; /* (word << 32 | alias) while adding */
	size_t n_pairs, cap_pairs;
	uint32_t *postings; /* alias ids, by word */
	uint32_t *by_len;        /* words that pair by similarity, by length */
	uint32_t len_start[NAMES_TOKEN_MAX + 1];
	unsigned char *sig;      /* SIG_BINS letter counts per by_len entry */
	char *len_text;          /* their texts, LEN bytes each, by length */
	size_t len_text_start[NAMES_TOKEN_MAX + 1];
	uint64_t *skel;          /* (hash of the skeleton << 32 | word), sorted */
	size_t n_skel;
	struct ix_ident *idents;
	size_t n_idents, cap_idents;
	struct ix_keyed *keyed;
	bool frozen;
	pthread_mutex_t lock;
	struct scratch *free_scratch;
};

static uint64_t
fnv64(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static uint64_t
fnv64s(uint64_t h, const char *s)
{
	h = fnv64(h, s ? s : "", s ? strlen(s) : 0);
	return fnv64(h, "\x1f", 1);
}

struct screen_index *
screen_index_new(void)
{
	struct screen_index *ix = calloc(1, sizeof *ix);

	if (ix == NULL)
		return NULL;
	pthread_mutex_init(&ix->lock, NULL);
	ix->table_size = 1024;
	if ((ix->table = calloc(ix->table_size, sizeof *ix->table)) == NULL) {
		free(ix);
		return NULL;
	}
	pool_add(&ix->pool, "", 0); /* offset 0 is "" */
	return ix;
}

void
screen_index_free(struct screen_index *ix)
{
	struct scratch *s, *next;

	if (ix == NULL)
		return;
	for (s = ix->free_scratch; s; s = next) {
		next = s->next;
		free(s->cand);
		free(s);
	}
	pthread_mutex_destroy(&ix->lock);
	free(ix->pool.buf);
	free(ix->entries);
	free(ix->aliases);
	free(ix->words);
	free(ix->table);
	free(ix->pairs);
	free(ix->postings);
	free(ix->by_len);
	free(ix->sig);
	free(ix->len_text);
	free(ix->skel);
	free(ix->idents);
	free(ix->keyed);
	free(ix);
}

size_t
screen_index_entries(const struct screen_index *ix)
{
	return ix->n_entries;
}

size_t
screen_index_aliases(const struct screen_index *ix)
{
	return ix->n_aliases;
}

size_t
screen_index_words(const struct screen_index *ix)
{
	return ix->n_words;
}

size_t
screen_index_memory(const struct screen_index *ix)
{
	return sizeof *ix + ix->pool.cap + ix->cap_entries * sizeof *ix->entries +
	       ix->cap_aliases * sizeof *ix->aliases + ix->cap_words * sizeof *ix->words +
	       ix->table_size * sizeof *ix->table + ix->n_pairs * sizeof *ix->postings +
	       ix->len_start[NAMES_TOKEN_MAX] * (sizeof *ix->by_len + SIG_BINS) +
	       ix->len_text_start[NAMES_TOKEN_MAX] +
	       ix->n_skel * sizeof *ix->skel +
	       ix->n_words * sizeof *ix->keyed + ix->cap_idents * sizeof *ix->idents;
}

static uint64_t
hash_word(const char *s, size_t len)
{
	return fnv64(1469598103934665603ULL, s, len);
}

static bool
table_rehash(struct screen_index *ix)
{
	size_t nsize = ix->table_size * 2;
	uint32_t *nt = calloc(nsize, sizeof *nt);

	if (nt == NULL)
		return false;
	for (size_t w = 0; w < ix->n_words; w++) {
		const struct ix_word *wd = &ix->words[w];
		size_t h = hash_word(ix->pool.buf + wd->text, wd->len) & (nsize - 1);

		while (nt[h])
			h = (h + 1) & (nsize - 1);
		nt[h] = (uint32_t)w + 1;
	}
	free(ix->table);
	ix->table = nt;
	ix->table_size = nsize;
	return true;
}

/* The id of word T (a token), added when new; UINT32_MAX when out of
 * memory.  */
static uint32_t
word_id(struct screen_index *ix, const struct names_token *t)
{
	size_t h;

	if ((ix->n_words + 1) * 2 > ix->table_size && !table_rehash(ix))
		return UINT32_MAX;
	h = hash_word(t->text, t->len) & (ix->table_size - 1);
	while (ix->table[h]) {
		const struct ix_word *wd = &ix->words[ix->table[h] - 1];

		if (wd->len == t->len && memcmp(ix->pool.buf + wd->text, t->text, t->len) == 0)
			return ix->table[h] - 1;
		h = (h + 1) & (ix->table_size - 1);
	}
	if (!grow((void **)&ix->words, &ix->cap_words, ix->n_words + 1, sizeof *ix->words))
		return UINT32_MAX;
	{
		struct ix_word *wd = &ix->words[ix->n_words];

		memset(wd, 0, sizeof *wd);
		if ((wd->text = pool_add(&ix->pool, t->text, t->len)) == UINT32_MAX)
			return UINT32_MAX;
		wd->len = t->len;
		memcpy(wd->key, t->key, sizeof wd->key);
		wd->flags = t->flags;
		wd->weight = t->weight;
	}
	ix->table[h] = (uint32_t)ix->n_words + 1;
	return (uint32_t)ix->n_words++;
}

/* Look a word up without adding it; UINT32_MAX when absent.  */
static uint32_t
word_find(const struct screen_index *ix, const char *s, size_t len)
{
	size_t h = hash_word(s, len) & (ix->table_size - 1);

	while (ix->table[h]) {
		const struct ix_word *wd = &ix->words[ix->table[h] - 1];

		if (wd->len == len && memcmp(ix->pool.buf + wd->text, s, len) == 0)
			return ix->table[h] - 1;
		h = (h + 1) & (ix->table_size - 1);
	}
	return UINT32_MAX;
}

/* Packed tokens: n, then per token flags, weight*100, len, key len, text,
 * key.  */
static uint32_t
pack_name(struct pool *pl, const struct names_name *n)
{
	char buf[NAMES_MAX_TOKENS * (4 + NAMES_TOKEN_MAX + NAMES_KEY_MAX) + 1];
	size_t o = 0;

	buf[o++] = (char)n->n;
	for (int i = 0; i < n->n; i++) {
		const struct names_token *t = &n->tok[i];
		size_t kl = strlen(t->key);

		buf[o++] = (char)t->flags;
		buf[o++] = (char)(int)lroundf(t->weight * 100.0f);
		buf[o++] = (char)t->len;
		buf[o++] = (char)kl;
		memcpy(buf + o, t->text, t->len);
		o += t->len;
		memcpy(buf + o, t->key, kl);
		o += kl;
	}
	return pool_add(pl, buf, o);
}

static void
unpack_name(const char *p, struct names_name *n)
{
	const unsigned char *u = (const unsigned char *)p;

	n->n = *u++;
	n->legal[0] = '\0';
	n->translit = n->truncated = false;
	for (int i = 0; i < n->n; i++) {
		struct names_token *t = &n->tok[i];
		unsigned kl;

		t->flags = *u++;
		t->weight = (float)*u++ / 100.0f;
		t->len = *u++;
		kl = *u++;
		memcpy(t->text, u, t->len);
		t->text[t->len] = '\0';
		u += t->len;
		memcpy(t->key, u, kl);
		t->key[kl] = '\0';
		u += kl;
	}
}

static void
join_strings(char *buf, size_t size, char **v, size_t n)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && o + 1 < size; i++) {
		int w = snprintf(buf + o, size - o, "%s%s", i ? "; " : "", v[i]);

		if (w < 0 || (size_t)w >= size - o)
			break;
		o += (size_t)w;
	}
}

static bool
add_pair(struct screen_index *ix, uint32_t word, uint32_t alias)
{
	if (!grow((void **)&ix->pairs, &ix->cap_pairs, ix->n_pairs + 1, sizeof *ix->pairs))
		return false;
	ix->pairs[ix->n_pairs++] = (uint64_t)word << 32 | alias;
	return true;
}

/* Tokens FROM to TO (exclusive) of N written as one token.  */
static void
join_tokens(const struct names_name *n, int from, int to, struct names_token *t)
{
	size_t o = 0;

	for (int i = from; i < to; i++)
		for (size_t k = 0; k < n->tok[i].len && o + 1 < NAMES_TOKEN_MAX; k++)
			t->text[o++] = n->tok[i].text[k];
	t->text[o] = '\0';
	t->len = (unsigned char)o;
	t->flags = 0;
	t->weight = 1.0f;
	names_phonetic(t->text, t->key);
}

/* The name written whole, as one token.  */
static bool
whole_token(const struct names_name *n, struct names_token *t)
{
	size_t o = 0;

	if (n->n < 2)
		return false;
	for (int i = 0; i < n->n; i++)
		for (size_t k = 0; k < n->tok[i].len && o + 1 < NAMES_TOKEN_MAX; k++)
			t->text[o++] = n->tok[i].text[k];
	t->text[o] = '\0';
	t->len = (unsigned char)o;
	t->flags = 0;
	t->weight = 1.0f;
	names_phonetic(t->text, t->key);
	return true;
}

enum diag_status
screen_index_add(struct screen_index *ix, const struct wl_entry *e, const char *source,
		 struct diag *d)
{
	struct ix_entry *en;
	char buf[1024];
	uint64_t v = 1469598103934665603ULL;
	uint32_t entry_no;

	if (ix->frozen)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, "screen index already frozen");
	if (!grow((void **)&ix->entries, &ix->cap_entries, ix->n_entries + 1,
		  sizeof *ix->entries))
		goto oom;
	entry_no = (uint32_t)ix->n_entries;
	en = &ix->entries[ix->n_entries];
	memset(en, 0, sizeof *en);
	en->id = e->id;
	en->kind = (uint8_t)e->kind;
	en->source = pool_str(&ix->pool, source);
	en->ref = pool_str(&ix->pool, e->ref);
	en->primary = pool_str(&ix->pool, e->n_names ? e->names[0].name : "");
	en->programme = pool_str(&ix->pool, e->programme);
	en->reason = pool_str(&ix->pool, e->reason);
	join_strings(buf, sizeof buf, e->birth_dates, e->n_birth_dates);
	en->dobs = pool_str(&ix->pool, buf);
	join_strings(buf, sizeof buf, e->nationalities, e->n_nationalities);
	en->countries = pool_str(&ix->pool, buf);
	/* The entry's version: a digest of what screening reads of it.  */
	v = fnv64s(v, source);
	v = fnv64s(v, e->ref);
	v = fnv64(v, &e->kind, sizeof e->kind);
	for (size_t i = 0; i < e->n_names; i++) {
		v = fnv64s(v, e->names[i].name);
		v = fnv64(v, &e->names[i].weak, sizeof e->names[i].weak);
	}
	for (size_t i = 0; i < e->n_birth_dates; i++)
		v = fnv64s(v, e->birth_dates[i]);
	for (size_t i = 0; i < e->n_nationalities; i++)
		v = fnv64s(v, e->nationalities[i]);
	for (size_t i = 0; i < e->n_idents; i++)
		v = fnv64s(v, e->idents[i].number);
	en->version = v;
	if (en->source == UINT32_MAX || en->ref == UINT32_MAX || en->primary == UINT32_MAX ||
	    en->programme == UINT32_MAX || en->reason == UINT32_MAX || en->dobs == UINT32_MAX ||
	    en->countries == UINT32_MAX)
		goto oom;
	ix->n_entries++;

	for (size_t i = 0; i < e->n_names; i++) {
		struct names_name nm;
		struct names_token whole;
		struct ix_alias *a;
		uint32_t alias_no, w;

		if (e->names[i].name == NULL ||
		    names_parse(e->names[i].name, strlen(e->names[i].name), &nm, NULL) != DIAG_OK ||
		    nm.n == 0)
			continue;
		if (!grow((void **)&ix->aliases, &ix->cap_aliases, ix->n_aliases + 1,
			  sizeof *ix->aliases))
			goto oom;
		alias_no = (uint32_t)ix->n_aliases;
		a = &ix->aliases[alias_no];
		a->entry = entry_no;
		a->weak = e->names[i].weak;
		a->orig = pool_str(&ix->pool, e->names[i].name);
		a->packed = pack_name(&ix->pool, &nm);
		if (a->orig == UINT32_MAX || a->packed == UINT32_MAX)
			goto oom;
		ix->n_aliases++;
		for (int k = 0; k < nm.n; k++) {
			if ((w = word_id(ix, &nm.tok[k])) == UINT32_MAX || !add_pair(ix, w, alias_no))
				goto oom;
		}
		if (whole_token(&nm, &whole)) {
			if ((w = word_id(ix, &whole)) == UINT32_MAX || !add_pair(ix, w, alias_no))
				goto oom;
			ix->words[w].joined = 1;
		}
		/* Two neighbours written as one ("MohammadHasni"): the scorer
		 * pairs them (names.c, split_pairs), so the index must find them.  */
		for (int k = 0; nm.n >= 3 && k + 1 < nm.n; k++) {
			join_tokens(&nm, k, k + 2, &whole);
			if ((w = word_id(ix, &whole)) == UINT32_MAX || !add_pair(ix, w, alias_no))
				goto oom;
			ix->words[w].joined = 1;
		}
	}
	for (size_t i = 0; i < e->n_idents; i++) {
		char id[64];

		if (names_ident(e->idents[i].number, id, sizeof id) < 5)
			continue;
		if (!grow((void **)&ix->idents, &ix->cap_idents, ix->n_idents + 1,
			  sizeof *ix->idents))
			goto oom;
		ix->idents[ix->n_idents].entry = entry_no;
		if ((ix->idents[ix->n_idents].text = pool_str(&ix->pool, id)) == UINT32_MAX)
			goto oom;
		ix->n_idents++;
	}
	return DIAG_OK;
oom:
	return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
}

/* The letter histogram of S into H (SIG_BINS bytes).  */
static void
histogram(const char *s, size_t len, unsigned char *h)
{
	memset(h, 0, SIG_BINS);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'a' && c <= 'z')
			h[c - 'a']++;
		else if (c >= '0' && c <= '9')
			h[26 + (c - '0') % 6]++;
	}
}

/* Letters two histograms have in common (the size of the multiset
 * intersection).  */
static unsigned
common_letters(const unsigned char *a, const unsigned char *b)
{
#ifdef __SSE2__
	__m128i m0 = _mm_min_epu8(_mm_loadu_si128((const __m128i *)a),
				  _mm_loadu_si128((const __m128i *)b));
	__m128i m1 = _mm_min_epu8(_mm_loadu_si128((const __m128i *)(a + 16)),
				  _mm_loadu_si128((const __m128i *)(b + 16)));
	__m128i sum = _mm_sad_epu8(_mm_add_epi8(m0, m1), _mm_setzero_si128());

	return (unsigned)(_mm_cvtsi128_si32(sum) + _mm_extract_epi16(sum, 4));
#else
	unsigned c = 0;

	for (int i = 0; i < SIG_BINS; i++)
		c += a[i] < b[i] ? a[i] : b[i];
	return c;
#endif
}

/* The letters of W without vowels, doubled letters once: the same as
 * names.c's skeleton(), which pairs a token written in an abjad with one
 * written with its vowels.  */
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

static uint32_t
skeleton_hash(const char *w)
{
	char sk[NAMES_TOKEN_MAX];
	size_t n = skeleton(w, sk);

	return (uint32_t)(hash_word(sk, n) >> 32);
}

/* Words that pair with others only when equal (numbers, Chinese and
 * Korean syllables) or by their first letter (initials).  */
#define TOK_SPECIAL (NAMES_TOK_NUMBER | NAMES_TOK_INITIAL | NAMES_TOK_EXACT)

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Identifiers are sorted by their text; qsort has no context argument,
 * so the text goes with them while sorting.  */
struct ident_sort {
	const char *text;
	struct ix_ident id;
};

static int
cmp_ident(const void *a, const void *b)
{
	return strcmp(((const struct ident_sort *)a)->text, ((const struct ident_sort *)b)->text);
}

static int
cmp_keyed(const void *a, const void *b)
{
	const struct ix_keyed *x = a, *y = b;
	int c = memcmp(x->key, y->key, NAMES_KEY_MAX);

	return c ? c : (x->word > y->word) - (x->word < y->word);
}

enum diag_status
screen_index_freeze(struct screen_index *ix, struct diag *d)
{
	if (ix->frozen)
		return DIAG_OK;
	/* Word -> aliases, in alias order, each alias once.  */
	if (ix->n_pairs > 0)
		qsort(ix->pairs, ix->n_pairs, sizeof *ix->pairs, cmp_u64);
	if ((ix->postings = malloc((ix->n_pairs + 1) * sizeof *ix->postings)) == NULL)
		goto oom;
	{
		size_t o = 0;

		for (size_t i = 0; i < ix->n_pairs; i++) {
			uint32_t w = (uint32_t)(ix->pairs[i] >> 32);
			uint32_t a = (uint32_t)ix->pairs[i];

			if (i > 0 && ix->pairs[i] == ix->pairs[i - 1])
				continue;
			if (ix->words[w].n_post == 0)
				ix->words[w].post = (uint32_t)o;
			ix->words[w].n_post++;
			ix->postings[o++] = a;
		}
	}
	free(ix->pairs);
	ix->pairs = NULL;
	ix->cap_pairs = 0;
	/* Words by length, each with its letter histogram.  */
	memset(ix->len_start, 0, sizeof ix->len_start);
	for (size_t w = 0; w < ix->n_words; w++)
		if ((ix->words[w].flags & TOK_SPECIAL) == 0 && ix->words[w].len < NAMES_TOKEN_MAX)
			ix->len_start[ix->words[w].len]++;
	{
		uint32_t sum = 0, pos[NAMES_TOKEN_MAX];

		for (int l = 0; l < NAMES_TOKEN_MAX; l++) {
			uint32_t c = ix->len_start[l];

			ix->len_start[l] = sum;
			pos[l] = sum;
			sum += c;
		}
		ix->len_start[NAMES_TOKEN_MAX] = sum;
		ix->len_text_start[0] = 0;
		for (int l = 0; l < NAMES_TOKEN_MAX; l++)
			ix->len_text_start[l + 1] = ix->len_text_start[l] +
				(size_t)(ix->len_start[l + 1] - ix->len_start[l]) * (size_t)l;
		if ((ix->by_len = malloc(((size_t)sum + 1) * sizeof *ix->by_len)) == NULL ||
		    (ix->sig = malloc(((size_t)sum + 1) * SIG_BINS)) == NULL ||
		    (ix->len_text = malloc(ix->len_text_start[NAMES_TOKEN_MAX] + 1)) == NULL)
			goto oom;
		for (size_t w = 0; w < ix->n_words; w++) {
			const struct ix_word *wd = &ix->words[w];
			uint32_t at;

			if ((wd->flags & TOK_SPECIAL) != 0 || wd->len >= NAMES_TOKEN_MAX)
				continue;
			at = pos[wd->len]++;
			ix->by_len[at] = (uint32_t)w;
			histogram(ix->pool.buf + wd->text, wd->len, ix->sig + (size_t)at * SIG_BINS);
			memcpy(ix->len_text + ix->len_text_start[wd->len] +
				       (size_t)(at - ix->len_start[wd->len]) * wd->len,
			       ix->pool.buf + wd->text, wd->len);
		}
	}
	/* Words by skeleton, for tokens written in an abjad.  */
	if ((ix->skel = malloc((ix->n_words + 1) * sizeof *ix->skel)) == NULL)
		goto oom;
	ix->n_skel = 0;
	for (size_t w = 0; w < ix->n_words; w++)
		if ((ix->words[w].flags & TOK_SPECIAL) == 0)
			ix->skel[ix->n_skel++] =
				(uint64_t)skeleton_hash(ix->pool.buf + ix->words[w].text) << 32 | w;
	if (ix->n_skel > 0)
		qsort(ix->skel, ix->n_skel, sizeof *ix->skel, cmp_u64);
	if ((ix->keyed = malloc((ix->n_words + 1) * sizeof *ix->keyed)) == NULL)
		goto oom;
	for (size_t w = 0; w < ix->n_words; w++) {
		/* Zero after the NUL, so that a key compares as 8 bytes.  */
		memset(ix->keyed[w].key, 0, NAMES_KEY_MAX);
		memcpy(ix->keyed[w].key, ix->words[w].key,
		       strnlen(ix->words[w].key, NAMES_KEY_MAX - 1));
		ix->keyed[w].word = (uint32_t)w;
	}
	if (ix->n_words > 0)
		qsort(ix->keyed, ix->n_words, sizeof *ix->keyed, cmp_keyed);
	if (ix->n_idents > 0) {
		struct ident_sort *tmp = malloc(ix->n_idents * sizeof *tmp);

		if (tmp == NULL)
			goto oom;
		for (size_t i = 0; i < ix->n_idents; i++) {
			tmp[i].text = ix->pool.buf + ix->idents[i].text;
			tmp[i].id = ix->idents[i];
		}
		qsort(tmp, ix->n_idents, sizeof *tmp, cmp_ident);
		for (size_t i = 0; i < ix->n_idents; i++)
			ix->idents[i] = tmp[i].id;
		free(tmp);
	}
	ix->frozen = true;
	return DIAG_OK;
oom:
	return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
}

/* --- Scratch ------------------------------------------------------------------------- */

static struct scratch *
scratch_get(const struct screen_index *cix)
{
	struct screen_index *ix = (struct screen_index *)cix;
	struct scratch *s;

	pthread_mutex_lock(&ix->lock);
	s = ix->free_scratch;
	if (s)
		ix->free_scratch = s->next;
	pthread_mutex_unlock(&ix->lock);
	if (s)
		return s;
	return calloc(1, sizeof *s);
}

static void
scratch_put(const struct screen_index *cix, struct scratch *s)
{
	struct screen_index *ix = (struct screen_index *)cix;

	s->n_cand = 0;
	pthread_mutex_lock(&ix->lock);
	s->next = ix->free_scratch;
	ix->free_scratch = s;
	pthread_mutex_unlock(&ix->lock);
}

#define CAND_ALWAYS 255

/* The aliases of word W, tagged with the query token TAG that found them
 * (CAND_ALWAYS when the word or the lookup was of names written whole).  */
static bool
cand_add(const struct screen_index *ix, struct scratch *s, uint32_t w, unsigned tag)
{
	const struct ix_word *wd = &ix->words[w];

	if (!grow((void **)&s->cand, &s->cap_cand, s->n_cand + wd->n_post, sizeof *s->cand))
		return false;
	if (wd->joined)
		tag = CAND_ALWAYS;
	for (uint32_t i = 0; i < wd->n_post; i++)
		s->cand[s->n_cand++] = (uint64_t)ix->postings[wd->post + i] << 8 | tag;
	return true;
}

static void
word_token(const struct screen_index *ix, uint32_t w, struct names_token *t)
{
	const struct ix_word *wd = &ix->words[w];

	memcpy(t->text, ix->pool.buf + wd->text, wd->len + 1u);
	memcpy(t->key, wd->key, sizeof t->key);
	t->len = wd->len;
	t->flags = wd->flags;
	t->weight = wd->weight;
}

/* Could word W pair with token T?  Then add its aliases.  The scorer
 * keeps token similarities as floats (names.c): compare as it does.  */
static bool
try_word(const struct screen_index *ix, const struct names_token *t, uint32_t w, unsigned tag,
	 struct scratch *s)
{
	struct names_token wt;

	word_token(ix, w, &wt);
	if (tag == CAND_ALWAYS || ix->words[w].joined) {
		/* Names written whole pair from an edit similarity of 0.85
		 * (names.c, WHOLE_MIN), a split token from a similarity of 0.9.  */
		if (names_edit_similarity(t->text, t->len, wt.text, wt.len) >= 0.8)
			return cand_add(ix, s, w, tag);
	}
	{
		double sim = names_token_similarity(t, &wt);

		if (tag == CAND_ALWAYS ? sim < 0.9 - 1e-9 : (float)sim < (float)NAMES_PAIR_MIN)
			return true;
	}
	return cand_add(ix, s, w, tag);
}

/* The fewest letters in common (as multisets) a word of length LW must
 * have with a token of length LT to pair with it by similarity; -1: it
 * cannot.  Two tokens pair when (Jaro-Winkler + edit similarity) / 2
 * reaches T (NAMES_PAIR_MIN, or 0.9 for a split token).  With C letters
 * in common, S the shorter length and L the longer: Jaro matches at most
 * C letters, so Jaro <= (C/S + C/L + 1) / 3 and Jaro-Winkler <= 1 - 0.6
 * (1 - Jaro); the edit distance is at least L - C, so edit similarity
 * <= C/L.  Their sum reaches 2T only if 0.2 C/S + 1.2 C/L >= 2T - 0.6.
 * Names written whole also pair from an edit similarity of 0.8 (for the
 * lookup; the scorer asks 0.85): C >= 0.8 L.  */
static int
min_common(int lt, int lw, bool always)
{
	int sh = lt < lw ? lt : lw, lo = lt < lw ? lw : lt;
	double need = always ? 1.2 : 2 * NAMES_PAIR_MIN - 0.6;

	if (sh == 0)
		return -1;
	for (int c = 0; c <= sh; c++) {
		if (0.2 * c / sh + 1.2 * c / lo >= need - 1e-6)
			return c;
		if (always && c >= 0.8 * lo - 1e-6)
			return c;
	}
	return -1;
}

/* Candidates of query token T: the aliases of every word that can pair
 * with it.  That is exact, not a guess: a word pairs by similarity only
 * if it has enough letters in common (min_common(), checked on letter
 * histograms for every word of a length that can pair), by sound only if
 * it has the same phonetic key, by its consonants (an abjad) only if it
 * has the same skeleton, and an initial pairs with the tokens of its
 * letter.  Each of these is then checked with the scorer's own token
 * similarity.  */
static bool
token_candidates(const struct screen_index *ix, const struct names_token *t, unsigned tag,
		 struct scratch *s)
{
	unsigned char hq[SIG_BINS];
	uint32_t exact = word_find(ix, t->text, t->len);
	bool always = tag == CAND_ALWAYS;
	size_t lo, hi;

	if (exact != UINT32_MAX && !cand_add(ix, s, exact, tag))
		return false;
	if (t->flags & TOK_SPECIAL)
		return true; /* these pair only when equal */
	if (!always) {
		uint32_t w = word_find(ix, t->text, 1);

		if (w != UINT32_MAX && (ix->words[w].flags & NAMES_TOK_INITIAL) &&
		    !cand_add(ix, s, w, tag))
			return false;
	}
	histogram(t->text, t->len, hq);
	for (int lw = 1; lw < NAMES_TOKEN_MAX; lw++) {
		int need = min_common(t->len, lw, always);

		if (need < 0)
			continue;
		const char *text = ix->len_text + ix->len_text_start[lw];
		int longer = lw > t->len ? lw : t->len;
		double target = always ? 0.9 : NAMES_PAIR_MIN;

		for (uint32_t i = ix->len_start[lw]; i < ix->len_start[lw + 1]; i++, text += lw) {
			unsigned c = common_letters(hq, ix->sig + (size_t)i * SIG_BINS);

			if (c < (unsigned)need || ix->by_len[i] == exact)
				continue;
			/* The edit similarity is at most C / L: with the
			 * Jaro-Winkler, computed here on the text at hand, that
			 * rules most words out before their entry is read.  A
			 * name written whole may also pair by edit similarity
			 * alone (try_word).  */
			if (c < 0.8 * longer - 1e-6 &&
			    (names_jaro_winkler(t->text, t->len, text, (size_t)lw) +
			     (double)c / longer) / 2.0 < target - 1e-6)
				continue;
			if (!try_word(ix, t, ix->by_len[i], tag, s))
				return false;
		}
	}
	/* Alike in sound: the same phonetic key.  */
	if (t->key[0] != '\0') {
		char key[NAMES_KEY_MAX] = {0};

		memcpy(key, t->key, strnlen(t->key, NAMES_KEY_MAX - 1));
		lo = 0;
		hi = ix->n_words;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if (memcmp(ix->keyed[mid].key, key, NAMES_KEY_MAX) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < ix->n_words && memcmp(ix->keyed[lo].key, key, NAMES_KEY_MAX) == 0;
		     lo++) {
			uint32_t w = ix->keyed[lo].word;

			if (w != exact && (ix->words[w].flags & TOK_SPECIAL) == 0 &&
			    !try_word(ix, t, w, tag, s))
				return false;
		}
	}
	/* Written without short vowels: the same consonants.  */
	{
		uint64_t h = (uint64_t)skeleton_hash(t->text);

		lo = 0;
		hi = ix->n_skel;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;

			if ((ix->skel[mid] >> 32) < h)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < ix->n_skel && (ix->skel[lo] >> 32) == h; lo++) {
			uint32_t w = (uint32_t)ix->skel[lo];

			if (w != exact && ((ix->words[w].flags ^ t->flags) & NAMES_TOK_ABJAD) &&
			    !try_word(ix, t, w, tag, s))
				return false;
		}
	}
	return true;
}

/* --- Qualifiers ------------------------------------------------------------------------- */

static int
year_of(const char *s)
{
	while (*s && !isdigit((unsigned char)*s))
		s++;
	if (strlen(s) >= 4 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	    isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]))
		return (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	return 0;
}

static void
add_effect(struct screen_hit *h, const char *what, double delta, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
add_effect(struct screen_hit *h, const char *what, double delta, const char *fmt, ...)
{
	va_list ap;
	struct screen_effect *e;

	if (h->n_effects >= SCREEN_MAX_EFFECTS)
		return;
	e = &h->effect[h->n_effects++];
	e->what = what;
	e->delta = delta;
	va_start(ap, fmt);
	vsnprintf(e->detail, sizeof e->detail, fmt, ap);
	va_end(ap);
	h->score += delta;
}

/* Date of birth: an exact date agreeing raises the score most, a year
 * agreeing (or inside a published range) less; a listed date that
 * contradicts every one given lowers it.  */
static void
qualify_dob(struct screen_hit *h, const char *qdob, const char *dobs)
{
	int qy = year_of(qdob), best = 99;
	bool exact = false;
	const char *p = dobs;

	if (qy == 0 || dobs[0] == '\0')
		return;
	while (*p) {
		size_t l = strcspn(p, ";");
		char one[64];
		int y1, y2 = 0, slack = 0;
		const char *slash;

		snprintf(one, sizeof one, "%.*s", (int)(l < 63 ? l : 63), p);
		y1 = year_of(one);
		if ((slash = strchr(one, '/')) != NULL)
			y2 = year_of(slash + 1);
		if (strchr(one, '~'))
			slack = 2;
		if (y1) {
			int dist;

			if (y2 && qy >= y1 && qy <= y2)
				dist = 0;
			else
				dist = abs(qy - y1) - slack;
			if (dist < 0)
				dist = 0;
			if (dist < best)
				best = dist;
			if (strlen(qdob) >= 10 && strstr(one, qdob) != NULL)
				exact = true;
		}
		p += l;
		while (*p == ';' || *p == ' ')
			p++;
	}
	if (best == 99)
		return;
	if (exact)
		add_effect(h, "date of birth", 0.08, "%s = %s", qdob, dobs);
	else if (best == 0)
		add_effect(h, "date of birth", 0.04, "%.4s in %s", qdob, dobs);
	else if (best > 1)
		add_effect(h, "date of birth", -0.15, "%s not %s", qdob, dobs);
}

static void
qualify_country(struct screen_hit *h, const char *qc, const char *countries)
{
	bool any = false;
	const char *p = countries;

	if (qc == NULL || strlen(qc) != 2 || countries[0] == '\0')
		return;
	while (*p) {
		size_t l = strcspn(p, ";");

		if (l == 2) {
			any = true;
			if (toupper((unsigned char)p[0]) == toupper((unsigned char)qc[0]) &&
			    toupper((unsigned char)p[1]) == toupper((unsigned char)qc[1])) {
				add_effect(h, "nationality", 0.03, "%s in %s", qc, countries);
				return;
			}
		}
		p += l;
		while (*p == ';' || *p == ' ')
			p++;
	}
	if (any)
		add_effect(h, "nationality", -0.05, "%s not in %s", qc, countries);
}

static void
qualify_kind(struct screen_hit *h, enum wl_kind qk, enum wl_kind ek)
{
	if (qk == 0 || ek == 0 || qk == ek)
		return;
	if (qk == WL_PERSON || ek == WL_PERSON)
		add_effect(h, "kind", -0.2, "%s, listed as %s", wl_kind_name(qk), wl_kind_name(ek));
	else
		add_effect(h, "kind", -0.08, "%s, listed as %s", wl_kind_name(qk),
			   wl_kind_name(ek));
}

static void
qualify(const struct screen_index *ix, const struct screen_query *q, struct screen_hit *h)
{
	const struct ix_alias *a = &ix->aliases[h->alias];
	const struct ix_entry *e = &ix->entries[h->entry];

	h->score = h->name_score;
	h->n_effects = 0;
	if (a->weak)
		add_effect(h, "weak alias", -0.1 * h->name_score, "%s",
			   "the list calls this alias weak");
	if (q->dob && q->dob[0])
		qualify_dob(h, q->dob, ix->pool.buf + e->dobs);
	if (q->country && q->country[0])
		qualify_country(h, q->country, ix->pool.buf + e->countries);
	qualify_kind(h, q->kind, (enum wl_kind)e->kind);
	if (h->score > 1.0)
		h->score = 1.0;
	if (h->score < 0.0)
		h->score = 0.0;
}

/* --- Queries ---------------------------------------------------------------------------- */

struct results {
	struct screen_hit *hits;
	size_t max, n;
};

static int
cmp_hit(const void *a, const void *b)
{
	const struct screen_hit *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->entry_id < y->entry_id ? -1 : x->entry_id > y->entry_id;
}

/* Keep H if it is among the best MAX, one per entry.  */
static void
results_offer(struct results *r, const struct screen_index *ix, const struct screen_hit *h)
{
	size_t worst = 0;

	for (size_t i = 0; i < r->n; i++)
		if (r->hits[i].entry_id == h->entry_id) {
			if (h->score > r->hits[i].score)
				r->hits[i] = *h;
			return;
		}
	(void)ix;
	if (r->n < r->max) {
		r->hits[r->n++] = *h;
		return;
	}
	for (size_t i = 1; i < r->n; i++)
		if (cmp_hit(&r->hits[i], &r->hits[worst]) > 0)
			worst = i;
	if (r->n > 0 && cmp_hit(h, &r->hits[worst]) < 0)
		r->hits[worst] = *h;
}

static void
score_alias(const struct screen_index *ix, const struct screen_query *q,
	    const struct names_name *qn, uint32_t alias, double threshold, struct results *r)
{
	struct names_name cn;
	struct screen_hit h;
	const struct ix_alias *a = &ix->aliases[alias];

	unpack_name(ix->pool.buf + a->packed, &cn);
	memset(&h, 0, offsetof(struct screen_hit, match));
	h.name_score = names_compare(qn, &cn, &h.match);
	/* Qualifiers add at most 0.08 + 0.03: a name that far below cannot
	 * reach the threshold.  */
	if (h.name_score + 0.11 < threshold)
		return;
	h.alias = alias;
	h.entry = a->entry;
	h.entry_id = ix->entries[a->entry].id;
	h.by_ident = false;
	qualify(ix, q, &h);
	if (h.score >= threshold)
		results_offer(r, ix, &h);
}

static void
ident_hits(const struct screen_index *ix, const struct screen_query *q, struct results *r)
{
	char id[64];
	size_t lo = 0, hi = ix->n_idents;

	if (q->ident == NULL || names_ident(q->ident, id, sizeof id) < 5)
		return;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (strcmp(ix->pool.buf + ix->idents[mid].text, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < ix->n_idents && strcmp(ix->pool.buf + ix->idents[lo].text, id) == 0; lo++) {
		struct screen_hit h;
		uint32_t en = ix->idents[lo].entry;

		memset(&h, 0, sizeof h);
		h.entry_id = ix->entries[en].id;
		h.entry = en;
		h.alias = UINT32_MAX;
		h.by_ident = true;
		h.name_score = 0;
		h.score = 0;
		add_effect(&h, "identifier", 1.0, "%s", id);
		results_offer(r, ix, &h);
	}
}

static enum diag_status
query_begin(const struct screen_query *q, struct names_name *qn, struct diag *d)
{
	const char *name = q->name ? q->name : "";

	return names_parse(name, strlen(name), qn, d);
}

/* Whether QN has a token that is a name of its own: a query of initials
 * and particles only ("Q", "J. de") names no one, so it raises no name
 * hit (identifiers are still looked up).  */
static bool
query_names_someone(const struct names_name *qn)
{
	for (int i = 0; i < qn->n; i++)
		if (!(qn->tok[i].flags & (NAMES_TOK_PARTICLE | NAMES_TOK_INITIAL)))
			return true;
	return false;
}

enum diag_status
screen_query_run(const struct screen_index *ix, const struct screen_query *q, double threshold,
		 struct screen_hit *hits, size_t max, size_t *n, struct diag *d)
{
	struct names_name *qn = malloc(sizeof *qn);
	struct results r = {hits, max, 0};
	struct scratch *s = NULL;
	struct names_token whole;
	enum diag_status status = DIAG_OK;

	*n = 0;
	if (qn == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	if ((status = query_begin(q, qn, d)) != DIAG_OK)
		goto out;
	ident_hits(ix, q, &r);
	if (qn->n == 0 || !query_names_someone(qn) || !ix->frozen || ix->n_aliases == 0)
		goto done;
	if ((s = scratch_get(ix)) == NULL)
		goto oom;
	for (int i = 0; i < qn->n; i++) {
		if (qn->tok[i].flags & (NAMES_TOK_PARTICLE | NAMES_TOK_INITIAL))
			continue;
		if (!token_candidates(ix, &qn->tok[i], (unsigned)i, s))
			goto oom;
	}
	if (whole_token(qn, &whole) && !token_candidates(ix, &whole, CAND_ALWAYS, s))
		goto oom;
	for (int i = 0; qn->n >= 3 && i + 1 < qn->n; i++) {
		join_tokens(qn, i, i + 2, &whole);
		if (!token_candidates(ix, &whole, CAND_ALWAYS, s))
			goto oom;
	}
	if (s->n_cand > 0)
		qsort(s->cand, s->n_cand, sizeof *s->cand, cmp_u64);
	{
		/* Qualifiers add at most 0.11, and only with a date of birth or a
		 * country.  */
		double headroom = (q->dob && q->dob[0]) || (q->country && q->country[0]) ? 0.11 : 0;
		double wq = 0, m0 = 0, u0 = 0;
		unsigned loose = 0;

		/* Particles are not looked up and initials pair with any token of
		 * their letter: either may pair with any alias.  */
		for (int i = 0; i < qn->n; i++) {
			wq += qn->tok[i].weight;
			if (qn->tok[i].flags & (NAMES_TOK_PARTICLE | NAMES_TOK_INITIAL)) {
				loose |= 1u << i;
				m0 += (qn->tok[i].weight + 1.0) / 2.0;
			} else {
				u0 += qn->tok[i].weight;
			}
		}
		/* An alias no lookup found pairs at most with those: if that could
		 * still reach the threshold, every alias must be scored.  */
		if (m0 > 0 && m0 / (m0 + NAMES_COST_EXTRA_MIN * u0) + headroom >= threshold) {
			for (size_t a = 0; a < ix->n_aliases; a++)
				score_alias(ix, q, qn, (uint32_t)a, threshold, &r);
			goto done;
		}
		for (size_t i = 0; i < s->n_cand;) {
			uint32_t alias = (uint32_t)(s->cand[i] >> 8);
			unsigned mask = 0;
			bool always = false;
			double m = 0, u;

			for (; i < s->n_cand && (uint32_t)(s->cand[i] >> 8) == alias; i++) {
				unsigned tag = (unsigned)(s->cand[i] & 0xFF);

				if (tag == CAND_ALWAYS)
					always = true;
				else
					mask |= 1u << tag;
			}
			/* An upper bound of the score from the query tokens that can
			 * pair with this alias: each pair counts at most
			 * (its weight + 1) / 2, each query token that cannot pair
			 * costs at least COST_EXTRA of its weight (names.c).  */
			if (!always) {
				mask |= loose;
				for (int k = 0; k < qn->n; k++)
					if (mask & (1u << k))
						m += (qn->tok[k].weight + 1.0) / 2.0;
				u = wq;
				for (int k = 0; k < qn->n; k++)
					if (mask & (1u << k))
						u -= qn->tok[k].weight;
				if (u < 0)
					u = 0;
				if (m / (m + NAMES_COST_EXTRA_MIN * u) + headroom < threshold)
					continue;
			}
			score_alias(ix, q, qn, alias, threshold, &r);
		}
	}
done:
	if (r.n > 0)
		qsort(r.hits, r.n, sizeof *r.hits, cmp_hit);
	*n = r.n;
	goto out;
oom:
	status = diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
out:
	if (s)
		scratch_put(ix, s);
	free(qn);
	return status;
}

enum diag_status
screen_brute(const struct screen_index *ix, const struct screen_query *q, double threshold,
	     struct screen_hit *hits, size_t max, size_t *n, struct diag *d)
{
	struct names_name *qn = malloc(sizeof *qn);
	struct results r = {hits, max, 0};
	enum diag_status status;

	*n = 0;
	if (qn == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	if ((status = query_begin(q, qn, d)) != DIAG_OK)
		goto out;
	ident_hits(ix, q, &r);
	if (qn->n > 0 && query_names_someone(qn))
		for (size_t a = 0; a < ix->n_aliases; a++)
			score_alias(ix, q, qn, (uint32_t)a, threshold, &r);
	if (r.n > 0)
		qsort(r.hits, r.n, sizeof *r.hits, cmp_hit);
	*n = r.n;
out:
	free(qn);
	return status;
}

/* --- Views and explanations ------------------------------------------------------------- */

void
screen_entry_view(const struct screen_index *ix, const struct screen_hit *h,
		  struct screen_entry_view *v)
{
	const struct ix_alias *a = h->alias == UINT32_MAX ? NULL : &ix->aliases[h->alias];
	const struct ix_entry *e = &ix->entries[h->entry];
	const char *p = ix->pool.buf;

	v->entry_id = e->id;
	v->kind = (enum wl_kind)e->kind;
	v->source = p + e->source;
	v->ref = p + e->ref;
	v->primary = p + e->primary;
	/* Found by an identifier: the entry's primary name, if any, stands
	 * for it.  */
	v->alias = a ? p + a->orig : p + e->primary;
	v->weak = a ? a->weak : false;
	v->programme = p + e->programme;
	v->reason = p + e->reason;
	v->dobs = p + e->dobs;
	v->countries = p + e->countries;
	v->version = e->version;
}

void
screen_alias_name(const struct screen_index *ix, const struct screen_hit *h,
		  struct names_name *out)
{
	if (h->alias == UINT32_MAX) {
		out->n = 0;
		return;
	}
	unpack_name(ix->pool.buf + ix->aliases[h->alias].packed, out);
}

struct sbuf {
	char *s;
	size_t len, cap;
	bool failed;
};

static void
sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (!grow((void **)&b->s, &b->cap, b->len + n + 1, 1)) {
		b->failed = true;
		return;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n > 0)
		sb_add(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static void
sb_json(struct sbuf *b, const char *s)
{
	sb_add(b, "\"", 1);
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p == '"' || *p == '\\') {
			char esc[2] = {'\\', (char)*p};

			sb_add(b, esc, 2);
		} else if (*p < 0x20) {
			sb_printf(b, "\\u%04x", *p);
		} else {
			sb_add(b, (const char *)p, 1);
		}
	}
	sb_add(b, "\"", 1);
}

char *
screen_explain_json(const struct screen_index *ix, const struct screen_query *q,
		    const struct screen_hit *h)
{
	struct sbuf b = {NULL, 0, 0, false};
	struct screen_entry_view v;
	struct names_name *qn = malloc(sizeof *qn), *cn = malloc(sizeof *cn);

	if (qn == NULL || cn == NULL)
		goto fail;
	screen_entry_view(ix, h, &v);
	if (names_parse(q->name ? q->name : "", q->name ? strlen(q->name) : 0, qn, NULL))
		qn->n = 0;
	screen_alias_name(ix, h, cn);
	sb_add(&b, "{\"alias\":", 9);
	sb_json(&b, v.alias);
	sb_printf(&b, ",\"weak\":%s,\"primary\":", v.weak ? "true" : "false");
	sb_json(&b, v.primary);
	sb_add(&b, ",\"list\":", 8);
	sb_json(&b, v.source);
	sb_add(&b, ",\"ref\":", 7);
	sb_json(&b, v.ref);
	sb_printf(&b, ",\"kind\":\"%s\",\"programme\":", wl_kind_name(v.kind));
	sb_json(&b, v.programme);
	sb_add(&b, ",\"reason\":", 10);
	sb_json(&b, v.reason);
	sb_printf(&b, ",\"score\":%.3f,\"name_score\":%.3f,\"by_identifier\":%s", h->score,
		  h->name_score, h->by_ident ? "true" : "false");
	sb_add(&b, ",\"pairs\":[", 10);
	for (int i = 0; !h->by_ident && i < h->match.n_pairs; i++) {
		const struct names_pair *p = &h->match.pair[i];

		sb_add(&b, i ? ",{\"query\":" : "{\"query\":", i ? 10 : 9);
		sb_json(&b, p->q < qn->n ? qn->tok[p->q].text : "");
		sb_add(&b, ",\"listed\":", 10);
		sb_json(&b, p->c < cn->n ? cn->tok[p->c].text : "");
		sb_printf(&b, ",\"score\":%.3f}", p->sim);
	}
	sb_add(&b, "],\"query_left\":[", 16);
	for (int i = 0, k = 0; !h->by_ident && i < qn->n; i++)
		if (h->match.q_left & (1u << i)) {
			if (k++)
				sb_add(&b, ",", 1);
			sb_json(&b, qn->tok[i].text);
		}
	sb_add(&b, "],\"listed_left\":[", 17);
	for (int i = 0, k = 0; !h->by_ident && i < cn->n; i++)
		if (h->match.c_left & (1u << i)) {
			if (k++)
				sb_add(&b, ",", 1);
			sb_json(&b, cn->tok[i].text);
		}
	sb_add(&b, "]", 1);
	if (h->match.whole > 0)
		sb_printf(&b, ",\"whole\":%.3f", h->match.whole);
	sb_add(&b, ",\"effects\":[", 12);
	for (int i = 0; i < h->n_effects; i++) {
		sb_add(&b, i ? ",{\"what\":" : "{\"what\":", i ? 9 : 8);
		sb_json(&b, h->effect[i].what);
		sb_printf(&b, ",\"delta\":%.3f,\"detail\":", h->effect[i].delta);
		sb_json(&b, h->effect[i].detail);
		sb_add(&b, "}", 1);
	}
	sb_add(&b, "]}", 2);
	if (b.failed)
		goto fail;
	free(qn);
	free(cn);
	return b.s;
fail:
	free(qn);
	free(cn);
	free(b.s);
	return NULL;
}

void
screen_pair_key(const struct screen_query *q, const struct screen_entry_view *v, char key[33])
{
	char norm[NAMES_NORM_MAX];
	struct names_name *qn = malloc(sizeof *qn);
	uint64_t h1 = 1469598103934665603ULL, h2 = 0x9e3779b97f4a7c15ULL;
	const char *parts[8];

	norm[0] = '\0';
	if (qn && names_parse(q->name ? q->name : "", q->name ? strlen(q->name) : 0, qn, NULL) ==
			  DIAG_OK)
		names_join(qn, norm, sizeof norm);
	free(qn);
	parts[0] = norm;
	parts[1] = q->dob;
	parts[2] = q->country;
	parts[3] = q->ident;
	parts[4] = v->source;
	parts[5] = v->ref;
	parts[6] = NULL;
	for (int i = 0; i < 6; i++) {
		h1 = fnv64s(h1, parts[i]);
		h2 = fnv64s(h2, parts[i]);
	}
	h1 = fnv64(h1, &q->kind, sizeof q->kind);
	h1 = fnv64(h1, &v->version, sizeof v->version);
	h2 = fnv64(h2, &v->version, sizeof v->version);
	h2 = fnv64(h2, &q->kind, sizeof q->kind);
	snprintf(key, 33, "%016" PRIx64 "%016" PRIx64, h1, h2);
}

bool
screen_kind_parse(const char *s, enum wl_kind *out)
{
	static const struct {
		const char *name;
		enum wl_kind kind;
	} kinds[] = {
		{"person", WL_PERSON},      {"company", WL_COMPANY},   {"organization", WL_COMPANY},
		{"organisation", WL_COMPANY}, {"legalentity", WL_COMPANY}, {"entity", WL_COMPANY},
		{"vessel", WL_VESSEL},      {"aircraft", WL_AIRCRAFT}, {"vehicle", WL_VEHICLE},
	};

	if (s == NULL)
		return false;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcasecmp(s, kinds[i].name) == 0) {
			*out = kinds[i].kind;
			return true;
		}
	return false;
}

double
screen_pair_score(const char *name1, const char *name2, const char *schema,
		  struct names_match *m)
{
	struct names_name *a = malloc(sizeof *a), *b = malloc(sizeof *b);
	double score = 0.0;

	(void)schema;
	if (a && b && names_parse(name1, strlen(name1), a, NULL) == DIAG_OK &&
	    names_parse(name2, strlen(name2), b, NULL) == DIAG_OK)
		score = names_compare(a, b, m);
	free(a);
	free(b);
	return score;
}
