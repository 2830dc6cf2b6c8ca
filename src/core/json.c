/* json: a strict recursive-descent JSON reader and the canonical writer
 * (see json.h and doc/formats.md, "Canonical JSON").
 *
 * The reader keeps numbers as the text written, so the writer can refuse
 * what is not an integer instead of rounding it.  Strings are decoded
 * (escapes, surrogate pairs) and must be valid UTF-8 without NUL.  The
 * writer sorts each object's members by the bytes of their keys (keys are
 * unique: the reader refuses duplicates) and escapes only '"', '\\' and
 * the control characters below 0x20 (as \b \t \n \f \r, else \u00xx).
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

struct reader {
	const char *p, *end, *start;
	char *err;
	size_t errlen;
	int depth;
};

static void
fail(struct reader *r, const char *why)
{
	if (r->err && r->err[0] == '\0')
		snprintf(r->err, r->errlen, "byte %zu: %s", (size_t)(r->p - r->start), why);
}

static void
skip_ws(struct reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->p++;
}

void
json_free(struct json *j)
{
	while (j) {
		struct json *next = j->next;

		json_free(j->child);
		free(j->text);
		free(j->key);
		free(j);
		j = next;
	}
}

/* Growing buffer.  */
struct buf {
	char *s;
	size_t len, cap;
};

static int
buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *s;

		while (cap < b->len + n + 1)
			cap *= 2;
		if ((s = realloc(b->s, cap)) == NULL)
			return -1;
		b->s = s;
		b->cap = cap;
	}
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

static int
buf_utf8(struct buf *b, uint32_t c)
{
	unsigned char u[4];
	size_t n;

	if (c < 0x80) {
		u[0] = (unsigned char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (unsigned char)(0xc0 | c >> 6);
		u[1] = (unsigned char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (unsigned char)(0xe0 | c >> 12);
		u[1] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
		u[2] = (unsigned char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		u[0] = (unsigned char)(0xf0 | c >> 18);
		u[1] = (unsigned char)(0x80 | (c >> 12 & 0x3f));
		u[2] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
		u[3] = (unsigned char)(0x80 | (c & 0x3f));
		n = 4;
	}
	return buf_add(b, u, n);
}

/* Length of the valid UTF-8 sequence at P (before END), or 0.  */
static size_t
utf8_len(const unsigned char *p, const unsigned char *end)
{
	size_t n;
	uint32_t c, min;

	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0) {
		n = 2, c = p[0] & 0x1f, min = 0x80;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 3, c = p[0] & 0x0f, min = 0x800;
	} else if ((p[0] & 0xf8) == 0xf0) {
		n = 4, c = p[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if ((size_t)(end - p) < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return n;
}

static int
hex4(struct reader *r, uint32_t *out)
{
	uint32_t v = 0;

	if (r->end - r->p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		char c = r->p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	r->p += 4;
	*out = v;
	return 0;
}

/* A string at r->p (on the opening quote) into a malloc'd *OUT.  */
static int
read_string(struct reader *r, char **out)
{
	struct buf b = {0};

	r->p++;
	for (;;) {
		unsigned char c;

		if (r->p >= r->end) {
			fail(r, "unterminated string");
			goto bad;
		}
		c = (unsigned char)*r->p;
		if (c == '"') {
			r->p++;
			break;
		}
		if (c < 0x20) {
			fail(r, "control character in a string");
			goto bad;
		}
		if (c == '\\') {
			uint32_t u, lo;

			if (++r->p >= r->end) {
				fail(r, "unterminated string");
				goto bad;
			}
			c = (unsigned char)*r->p++;
			switch (c) {
			case '"': case '\\': case '/':
				u = c;
				break;
			case 'b': u = '\b'; break;
			case 'f': u = '\f'; break;
			case 'n': u = '\n'; break;
			case 'r': u = '\r'; break;
			case 't': u = '\t'; break;
			case 'u':
				if (hex4(r, &u) != 0) {
					fail(r, "bad \\u escape");
					goto bad;
				}
				if (u >= 0xd800 && u <= 0xdbff) {
					if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u') {
						fail(r, "lone surrogate");
						goto bad;
					}
					r->p += 2;
					if (hex4(r, &lo) != 0 || lo < 0xdc00 || lo > 0xdfff) {
						fail(r, "lone surrogate");
						goto bad;
					}
					u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
				} else if (u >= 0xdc00 && u <= 0xdfff) {
					fail(r, "lone surrogate");
					goto bad;
				}
				if (u == 0) {
					fail(r, "NUL in a string");
					goto bad;
				}
				break;
			default:
				fail(r, "bad escape");
				goto bad;
			}
			if (buf_utf8(&b, u) != 0)
				goto oom;
			continue;
		}
		{
			size_t n = utf8_len((const unsigned char *)r->p, (const unsigned char *)r->end);

			if (n == 0) {
				fail(r, "invalid UTF-8");
				goto bad;
			}
			if (buf_add(&b, r->p, n) != 0)
				goto oom;
			r->p += n;
		}
	}
	if (b.s == NULL && buf_add(&b, "", 0) != 0)
		goto oom;
	*out = b.s;
	return 0;
oom:
	fail(r, "out of memory");
bad:
	free(b.s);
	return -1;
}

static int
read_number(struct reader *r, char **out)
{
	const char *s = r->p;

	if (r->p < r->end && *r->p == '-')
		r->p++;
	if (r->p < r->end && *r->p == '0')
		r->p++;
	else if (r->p < r->end && *r->p >= '1' && *r->p <= '9')
		while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
			r->p++;
	else
		goto bad;
	if (r->p < r->end && *r->p == '.') {
		r->p++;
		if (r->p >= r->end || *r->p < '0' || *r->p > '9')
			goto bad;
		while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
			r->p++;
	}
	if (r->p < r->end && (*r->p == 'e' || *r->p == 'E')) {
		r->p++;
		if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
			r->p++;
		if (r->p >= r->end || *r->p < '0' || *r->p > '9')
			goto bad;
		while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
			r->p++;
	}
	if ((*out = strndup(s, (size_t)(r->p - s))) == NULL) {
		fail(r, "out of memory");
		return -1;
	}
	return 0;
bad:
	fail(r, "bad number");
	return -1;
}

static struct json *read_value(struct reader *r);

static bool
literal(struct reader *r, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(r->end - r->p) >= n && memcmp(r->p, word, n) == 0) {
		r->p += n;
		return true;
	}
	return false;
}

static struct json *
read_container(struct reader *r, struct json *j)
{
	bool object = j->type == JSON_OBJECT;
	char close = object ? '}' : ']';
	struct json **tail = &j->child;

	if (++r->depth > JSON_DEPTH_MAX) {
		fail(r, "nested too deeply");
		goto bad;
	}
	r->p++;
	skip_ws(r);
	if (r->p < r->end && *r->p == close) {
		r->p++;
		r->depth--;
		return j;
	}
	for (;;) {
		char *key = NULL;
		struct json *v;

		skip_ws(r);
		if (object) {
			if (r->p >= r->end || *r->p != '"') {
				fail(r, "expected a member name");
				goto bad;
			}
			if (read_string(r, &key) != 0)
				goto bad;
			if (json_get(j, key)) {
				fail(r, "duplicate member name");
				free(key);
				goto bad;
			}
			skip_ws(r);
			if (r->p >= r->end || *r->p != ':') {
				fail(r, "expected ':'");
				free(key);
				goto bad;
			}
			r->p++;
		}
		if ((v = read_value(r)) == NULL) {
			free(key);
			goto bad;
		}
		v->key = key;
		*tail = v;
		tail = &v->next;
		skip_ws(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == close) {
			r->p++;
			break;
		}
		fail(r, object ? "expected ',' or '}'" : "expected ',' or ']'");
		goto bad;
	}
	r->depth--;
	return j;
bad:
	json_free(j);
	return NULL;
}

static struct json *
read_value(struct reader *r)
{
	struct json *j;

	skip_ws(r);
	if (r->p >= r->end) {
		fail(r, "unexpected end");
		return NULL;
	}
	if ((j = calloc(1, sizeof *j)) == NULL) {
		fail(r, "out of memory");
		return NULL;
	}
	switch (*r->p) {
	case '{':
		j->type = JSON_OBJECT;
		return read_container(r, j);
	case '[':
		j->type = JSON_ARRAY;
		return read_container(r, j);
	case '"':
		j->type = JSON_STRING;
		if (read_string(r, &j->text) != 0)
			goto bad;
		return j;
	case 't':
		j->type = JSON_TRUE;
		if (literal(r, "true"))
			return j;
		break;
	case 'f':
		j->type = JSON_FALSE;
		if (literal(r, "false"))
			return j;
		break;
	case 'n':
		j->type = JSON_NULL;
		if (literal(r, "null"))
			return j;
		break;
	default:
		j->type = JSON_NUMBER;
		if (read_number(r, &j->text) != 0)
			goto bad;
		return j;
	}
	fail(r, "unexpected character");
bad:
	json_free(j);
	return NULL;
}

struct json *
json_parse(const char *text, size_t len, char *err, size_t errlen)
{
	struct reader r = {text, text + len, text, err, errlen, 0};
	struct json *j;

	if (err && errlen)
		err[0] = '\0';
	if ((j = read_value(&r)) == NULL)
		return NULL;
	skip_ws(&r);
	if (r.p != r.end) {
		fail(&r, "text after the value");
		json_free(j);
		return NULL;
	}
	return j;
}

const struct json *
json_get(const struct json *obj, const char *key)
{
	if (obj == NULL || obj->type != JSON_OBJECT)
		return NULL;
	for (const struct json *m = obj->child; m; m = m->next)
		if (m->key && strcmp(m->key, key) == 0)
			return m;
	return NULL;
}

size_t
json_count(const struct json *j)
{
	size_t n = 0;

	if (j && (j->type == JSON_ARRAY || j->type == JSON_OBJECT))
		for (const struct json *c = j->child; c; c = c->next)
			n++;
	return n;
}

static bool
is_integer_text(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		return s[1] == '\0';
	if (*s < '1' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9')
		s++;
	return *s == '\0';
}

bool
json_int(const struct json *j, int64_t *out)
{
	char *end;
	long long v;

	if (j == NULL || j->type != JSON_NUMBER || !is_integer_text(j->text))
		return false;
	errno = 0;
	v = strtoll(j->text, &end, 10);
	if (errno != 0 || *end != '\0')
		return false;
	*out = v;
	return true;
}

int
json_put_string(char **s, size_t *len, size_t *cap, const char *str)
{
	struct buf b = {*s, *len, *cap};
	int rc = 0;

	rc |= buf_add(&b, "\"", 1);
	for (const unsigned char *p = (const unsigned char *)str; *p && rc == 0; p++) {
		char esc[8];

		if (*p == '"' || *p == '\\') {
			esc[0] = '\\';
			esc[1] = (char)*p;
			rc |= buf_add(&b, esc, 2);
		} else if (*p < 0x20) {
			const char *short_esc = NULL;

			switch (*p) {
			case '\b': short_esc = "\\b"; break;
			case '\t': short_esc = "\\t"; break;
			case '\n': short_esc = "\\n"; break;
			case '\f': short_esc = "\\f"; break;
			case '\r': short_esc = "\\r"; break;
			}
			if (short_esc)
				rc |= buf_add(&b, short_esc, 2);
			else {
				snprintf(esc, sizeof esc, "\\u%04x", *p);
				rc |= buf_add(&b, esc, 6);
			}
		} else {
			rc |= buf_add(&b, p, 1);
		}
	}
	rc |= buf_add(&b, "\"", 1);
	*s = b.s;
	*len = b.len;
	*cap = b.cap;
	return rc ? -1 : 0;
}

int
json_put_raw(char **s, size_t *len, size_t *cap, const char *raw)
{
	struct buf b = {*s, *len, *cap};
	int rc = buf_add(&b, raw, strlen(raw));

	*s = b.s;
	*len = b.len;
	*cap = b.cap;
	return rc;
}

static int
member_cmp(const void *a, const void *b)
{
	const struct json *x = *(const struct json *const *)a, *y = *(const struct json *const *)b;

	return strcmp(x->key, y->key); /* strcmp compares as unsigned char */
}

static int
write_canonical(struct buf *b, const struct json *j, char *err, size_t errlen)
{
	switch (j->type) {
	case JSON_NULL:
		return buf_add(b, "null", 4);
	case JSON_TRUE:
		return buf_add(b, "true", 4);
	case JSON_FALSE:
		return buf_add(b, "false", 5);
	case JSON_NUMBER:
		if (!is_integer_text(j->text) || strcmp(j->text, "-0") == 0) {
			if (err)
				snprintf(err, errlen,
					 "%s%s%s: not an integer (decimals are written as strings)",
					 j->key ? "\"" : "", j->key ? j->key : j->text,
					 j->key ? "\"" : "");
			return -1;
		}
		return buf_add(b, j->text, strlen(j->text));
	case JSON_STRING:
		return json_put_string(&b->s, &b->len, &b->cap, j->text);
	case JSON_ARRAY:
		if (buf_add(b, "[", 1) != 0)
			return -1;
		for (const struct json *c = j->child; c; c = c->next)
			if ((c != j->child && buf_add(b, ",", 1) != 0) ||
			    write_canonical(b, c, err, errlen) != 0)
				return -1;
		return buf_add(b, "]", 1);
	case JSON_OBJECT: {
		size_t n = json_count(j), i = 0;
		const struct json **m = n ? malloc(n * sizeof *m) : NULL;
		int rc = 0;

		if (n && m == NULL)
			return -1;
		for (const struct json *c = j->child; c; c = c->next)
			m[i++] = c;
		if (n)
			qsort(m, n, sizeof *m, member_cmp);
		rc |= buf_add(b, "{", 1);
		for (i = 0; i < n && rc == 0; i++) {
			if (i)
				rc |= buf_add(b, ",", 1);
			rc |= json_put_string(&b->s, &b->len, &b->cap, m[i]->key);
			rc |= buf_add(b, ":", 1);
			if (rc == 0)
				rc |= write_canonical(b, m[i], err, errlen);
		}
		free(m);
		return rc ? -1 : buf_add(b, "}", 1);
	}
	}
	return -1;
}

char *
json_canonical(const struct json *j, char *err, size_t errlen)
{
	struct buf b = {0};

	if (err && errlen)
		err[0] = '\0';
	if (write_canonical(&b, j, err, errlen) != 0) {
		if (err && errlen && err[0] == '\0')
			snprintf(err, errlen, "out of memory");
		free(b.s);
		return NULL;
	}
	return b.s;
}
