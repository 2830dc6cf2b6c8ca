/* sync_wire: the byte encoding shared by the payloads of packs, bundles
 * and acks (doc/formats.md, "Pack, bundle and ack payloads").
 *
 * Integers are big-endian; a string or a byte string is its length (u32,
 * or u64 for a pack member's content) then its bytes.  A writer grows a
 * malloc'd buffer and remembers running out of memory instead of failing
 * at each call; a reader walks a buffer and remembers running past its
 * end, so a payload cut short or with a wrong length is one check at the
 * end, never a read out of bounds.  Used by sync_*.c only.
 */
#ifndef DOUANE_SYNC_WIRE_H
#define DOUANE_SYNC_WIRE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct wire_out {
	unsigned char *buf;
	size_t len, cap;
	bool oom;
};

struct wire_in {
	const unsigned char *p;
	size_t len, off;
	bool bad;
};

static inline void
wire_put(struct wire_out *w, const void *p, size_t n)
{
	if (w->oom)
		return;
	if (w->len + n > w->cap) {
		size_t cap = w->cap ? w->cap : 4096;
		unsigned char *b;

		while (cap < w->len + n)
			cap *= 2;
		if ((b = realloc(w->buf, cap)) == NULL) {
			w->oom = true;
			return;
		}
		w->buf = b;
		w->cap = cap;
	}
	memcpy(w->buf + w->len, p, n);
	w->len += n;
}

static inline void
wire_put_u32(struct wire_out *w, uint32_t v)
{
	unsigned char b[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
			      (unsigned char)(v >> 8), (unsigned char)v};
	wire_put(w, b, 4);
}

static inline void
wire_put_u64(struct wire_out *w, uint64_t v)
{
	unsigned char b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (56 - 8 * i));
	wire_put(w, b, 8);
}

static inline void
wire_put_str(struct wire_out *w, const char *s)
{
	size_t n = strlen(s);

	wire_put_u32(w, (uint32_t)n);
	wire_put(w, s, n);
}

static inline const unsigned char *
wire_get(struct wire_in *r, size_t n)
{
	const unsigned char *p;

	if (r->bad || n > r->len - r->off) {
		r->bad = true;
		return NULL;
	}
	p = r->p + r->off;
	r->off += n;
	return p;
}

static inline uint64_t
wire_get_u64(struct wire_in *r)
{
	const unsigned char *p = wire_get(r, 8);
	uint64_t v = 0;

	for (int i = 0; p && i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static inline uint32_t
wire_get_u32(struct wire_in *r)
{
	const unsigned char *p = wire_get(r, 4);

	return p ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3] : 0;
}

/* A string of at most MAX bytes, with no NUL inside, copied into a
 * malloc'd NUL-terminated string (NULL, and R bad, when it is not).  */
static inline char *
wire_get_str(struct wire_in *r, size_t max)
{
	uint32_t n = wire_get_u32(r);
	const unsigned char *p;
	char *s;

	if (n > max || (p = wire_get(r, n)) == NULL || memchr(p, '\0', n) != NULL ||
	    (s = malloc((size_t)n + 1)) == NULL) {
		r->bad = true;
		return NULL;
	}
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

#endif
