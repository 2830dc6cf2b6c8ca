/* watchlist: the watchlist model and its small helpers (see watchlist.h).  */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "watchlist.h"

void
wl_list_init(struct wl_list *l)
{
	memset(l, 0, sizeof *l);
}

void
wl_list_clear(struct wl_list *l)
{
	free(l->source);
	free(l->name);
	free(l->publisher);
	free(l->published);
	free(l->version);
	free(l->format);
	free(l->imported_at);
	wl_list_init(l);
}

void
wl_entry_init(struct wl_entry *e, enum wl_kind kind)
{
	memset(e, 0, sizeof *e);
	e->kind = kind;
}

static void
free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
wl_entry_clear(struct wl_entry *e)
{
	enum wl_kind kind = e->kind;

	for (size_t i = 0; i < e->n_names; i++) {
		free(e->names[i].name);
		free(e->names[i].type);
	}
	free(e->names);
	for (size_t i = 0; i < e->n_idents; i++) {
		free(e->idents[i].type);
		free(e->idents[i].number);
		free(e->idents[i].country);
		free(e->idents[i].note);
	}
	free(e->idents);
	free_strings(e->birth_dates, e->n_birth_dates);
	free_strings(e->birth_places, e->n_birth_places);
	free_strings(e->nationalities, e->n_nationalities);
	free_strings(e->addresses, e->n_addresses);
	free(e->ref);
	free(e->programme);
	free(e->reason);
	free(e->listed_on);
	free(e->valid_until);
	free(e->remarks);
	wl_entry_init(e, kind);
}

/* Grow the array at *ARR (of *N elements of SIZE) by one zeroed element;
 * NULL when out of memory, or (errno E2BIG) when it is full.  */
static void *
grow(void *arr_p, size_t *n, size_t size)
{
	void **arr = arr_p;
	char *p;

	if (*n >= WL_ENTRY_MAX_VALUES) {
		errno = E2BIG;
		return NULL;
	}
	if ((p = realloc(*arr, (*n + 1) * size)) == NULL)
		return NULL;
	*arr = p;
	memset(p + *n * size, 0, size);
	return p + (*n)++ * size;
}

static bool
add_string(char ***v, size_t *n, const char *s)
{
	char *copy, **slot;

	if (s == NULL || *s == '\0')
		return true;
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i], s) == 0)
			return true;
	if (*n >= WL_ENTRY_MAX_VALUES) {
		errno = E2BIG;
		return false;
	}
	if ((copy = strdup(s)) == NULL)
		return false;
	if ((slot = grow(v, n, sizeof **v)) == NULL) {
		free(copy);
		return false;
	}
	*slot = copy;
	return true;
}

static char *
dup_or_null(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

bool
wl_entry_add_name(struct wl_entry *e, const char *name, const char *type, bool weak)
{
	struct wl_name *n;

	if (name == NULL || *name == '\0')
		return true;
	for (size_t i = 0; i < e->n_names; i++)
		if (strcmp(e->names[i].name, name) == 0)
			return true;
	if ((n = grow(&e->names, &e->n_names, sizeof *e->names)) == NULL)
		return false;
	n->name = strdup(name);
	n->type = dup_or_null(type);
	n->weak = weak;
	if (n->name == NULL || (type && *type && n->type == NULL)) {
		free(n->name);
		free(n->type);
		e->n_names--;
		return false;
	}
	return true;
}

bool
wl_entry_add_birth_date(struct wl_entry *e, const char *date)
{
	return add_string(&e->birth_dates, &e->n_birth_dates, date);
}

bool
wl_entry_add_birth_place(struct wl_entry *e, const char *place)
{
	return add_string(&e->birth_places, &e->n_birth_places, place);
}

bool
wl_entry_add_nationality(struct wl_entry *e, const char *country)
{
	return add_string(&e->nationalities, &e->n_nationalities, country);
}

bool
wl_entry_add_address(struct wl_entry *e, const char *address)
{
	return add_string(&e->addresses, &e->n_addresses, address);
}

bool
wl_entry_add_ident(struct wl_entry *e, const char *type, const char *number, const char *country,
		   const char *note)
{
	struct wl_ident *id;

	if (number == NULL || *number == '\0')
		return true;
	if ((id = grow(&e->idents, &e->n_idents, sizeof *e->idents)) == NULL)
		return false;
	id->type = dup_or_null(type ? type : "other");
	id->number = strdup(number);
	id->country = dup_or_null(country);
	id->note = dup_or_null(note);
	if (id->type == NULL || id->number == NULL) {
		free(id->type);
		free(id->number);
		free(id->country);
		free(id->note);
		e->n_idents--;
		return false;
	}
	return true;
}

static const char *const kind_names[] = {
	[WL_PERSON] = "person",	    [WL_COMPANY] = "company", [WL_VESSEL] = "vessel",
	[WL_AIRCRAFT] = "aircraft", [WL_VEHICLE] = "vehicle", [WL_DOCUMENT] = "document",
};

const char *
wl_kind_name(enum wl_kind k)
{
	if (k >= WL_PERSON && k <= WL_DOCUMENT)
		return kind_names[k];
	return "unknown";
}

bool
wl_kind_parse(const char *name, enum wl_kind *out)
{
	for (int k = WL_PERSON; k <= WL_DOCUMENT; k++)
		if (strcmp(name, kind_names[k]) == 0) {
			*out = (enum wl_kind)k;
			return true;
		}
	return false;
}
