/* json: a small JSON reader and the canonical JSON writer of event
 * payloads.
 *
 * json_parse() reads RFC 8259 JSON into a tree (strict: no trailing
 * commas, no comments, valid UTF-8, nesting at most JSON_DEPTH_MAX deep,
 * no duplicate keys in an object).  json_canonical() writes a tree in
 * douane's canonical form, the form every signed event payload has
 * (doc/formats.md, "Canonical JSON"): no whitespace, object members sorted
 * by the bytes of their keys, strings with the fewest escapes, and numbers
 * only as integers (a value with a fraction or an exponent is refused:
 * decimals travel as strings, so no two writers can disagree on them).
 */
#ifndef DOUANE_JSON_H
#define DOUANE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_DEPTH_MAX 32

enum json_type {
	JSON_NULL,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER, /* text: the number as written */
	JSON_STRING, /* text: the decoded UTF-8 (no NUL inside) */
	JSON_ARRAY,
	JSON_OBJECT,
};

struct json {
	enum json_type type;
	char *text;         /* JSON_NUMBER, JSON_STRING */
	char *key;          /* the member's name, when inside an object */
	struct json *child; /* first element or member */
	struct json *next;  /* next sibling */
};

/* Parse LEN bytes of TEXT.  NULL on error, with "byte N: reason" in ERR. */
struct json *json_parse(const char *text, size_t len, char *err, size_t errlen);
void json_free(struct json *j);

/* The member KEY of object OBJ, or NULL.  */
const struct json *json_get(const struct json *obj, const char *key);
/* Number of elements or members.  */
size_t json_count(const struct json *j);
/* Whether J is an integer (JSON_NUMBER with no fraction or exponent) that
 * fits an int64_t; *OUT is set when it is.  */
bool json_int(const struct json *j, int64_t *out);

/* J in canonical form, malloc'd; NULL when J holds a non-integer number
 * (ERR says where) or memory ran out.  */
char *json_canonical(const struct json *j, char *err, size_t errlen);

/* Append S as a JSON string (quotes included, canonical escapes) to the
 * malloc'd buffer *BUF of length *LEN and capacity *CAP.  -1 when out of
 * memory.  */
int json_put_string(char **buf, size_t *len, size_t *cap, const char *s);
/* Append RAW as it is.  */
int json_put_raw(char **buf, size_t *len, size_t *cap, const char *raw);

#endif
