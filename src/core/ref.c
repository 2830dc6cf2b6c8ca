/* ref: lookups in the compiled-in reference tables (see ref.h).  */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ref.h"
#include "ref_tables.h"

static int
cmp_hs(const void *key, const void *elem)
{
	return strcmp(key, ((const struct ref_hs *)elem)->code);
}

static int
cmp_country(const void *key, const void *elem)
{
	return strcmp(key, ((const struct ref_country *)elem)->code);
}

static const struct ref_hs *
hs_find(const char *code)
{
	return bsearch(code, ref_hs_table, ref_hs_table_len, sizeof ref_hs_table[0], cmp_hs);
}

bool
ref_hs_valid(const char *code)
{
	size_t n;
	char six[7];

	if (code == NULL)
		return false;
	n = strlen(code);
	if (n != 6 && n != 8 && n != 10)
		return false;
	for (size_t i = 0; i < n; i++)
		if (code[i] < '0' || code[i] > '9')
			return false;
	memcpy(six, code, 6);
	six[6] = '\0';
	return hs_find(six) != NULL;
}

const char *
ref_hs_description(const char *code)
{
	char buf[7];
	size_t n;

	if (code == NULL)
		return NULL;
	n = strnlen(code, 6);
	for (size_t len = n - n % 2; len >= 2; len -= 2) {
		const struct ref_hs *e;

		memcpy(buf, code, len);
		buf[len] = '\0';
		if ((e = hs_find(buf)) != NULL)
			return e->description;
	}
	return NULL;
}

size_t
ref_hs_count(void)
{
	return ref_hs_table_len;
}

const struct ref_hs *
ref_hs_at(size_t i)
{
	return i < ref_hs_table_len ? &ref_hs_table[i] : NULL;
}

bool
ref_country_valid(const char *code)
{
	return ref_country_name(code) != NULL;
}

const char *
ref_country_name(const char *code)
{
	const struct ref_country *e;

	if (code == NULL || strlen(code) != 2)
		return NULL;
	e = bsearch(code, ref_country_table, ref_country_table_len, sizeof ref_country_table[0],
		    cmp_country);
	return e ? e->name : NULL;
}

size_t
ref_country_count(void)
{
	return ref_country_table_len;
}

const struct ref_country *
ref_country_at(size_t i)
{
	return i < ref_country_table_len ? &ref_country_table[i] : NULL;
}
