/* subject: the inspectable thing, and its small helpers (see subject.h).  */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "subject.h"

void
subject_init(struct subject *s, enum subject_kind kind)
{
	memset(s, 0, sizeof *s);
	s->kind = kind;
}

static void
party_clear(struct party *p)
{
	free(p->role);
	free(p->name);
	free(p->country);
	free(p->address);
	free(p->ident);
}

static void
item_clear(struct goods_item *it)
{
	free(it->hs_code);
	free(it->description);
	free(it->origin);
	free(it->package_kind);
	free(it->currency);
}

void
subject_clear(struct subject *s)
{
	enum subject_kind kind = s->kind;

	for (size_t i = 0; i < s->n_parties; i++)
		party_clear(&s->parties[i]);
	free(s->parties);
	for (size_t i = 0; i < s->n_items; i++)
		item_clear(&s->items[i]);
	free(s->items);
	for (size_t i = 0; i < s->n_containers; i++) {
		free(s->containers[i].number);
		free(s->containers[i].seal);
	}
	free(s->containers);
	for (size_t i = 0; i < s->n_route; i++)
		free(s->route[i]);
	free(s->route);
	for (size_t i = 0; i < s->n_findings; i++) {
		free(s->findings[i].code);
		free(s->findings[i].detail);
	}
	free(s->findings);
	free(s->ref);
	free(s->mode);
	free(s->arrival);
	free(s->crossing);
	free(s->conveyance);
	free(s->conveyance_nationality);
	free(s->name);
	free(s->birth_date);
	free(s->nationality);
	free(s->doc_type);
	free(s->doc_number);
	free(s->doc_country);
	free(s->plate);
	free(s->plate_country);
	subject_init(s, kind);
}

/* Grow *ARR of *N elements of SIZE by one zeroed element.  */
static void *
grow(void *arr_p, size_t *n, size_t size)
{
	void **arr = arr_p;
	char *p;

	if (*n >= SUBJECT_MAX_VALUES) {
		errno = E2BIG;
		return NULL;
	}
	if ((p = realloc(*arr, (*n + 1) * size)) == NULL)
		return NULL;
	*arr = p;
	memset(p + *n * size, 0, size);
	return p + (*n)++ * size;
}

struct party *
subject_add_party(struct subject *s)
{
	return grow(&s->parties, &s->n_parties, sizeof *s->parties);
}

struct goods_item *
subject_add_item(struct subject *s)
{
	struct goods_item *it = grow(&s->items, &s->n_items, sizeof *s->items);

	if (it) {
		it->seq = (int)s->n_items;
		it->gross_mass = it->net_mass = it->value = -1;
		it->packages = -1;
	}
	return it;
}

struct container *
subject_add_container(struct subject *s)
{
	return grow(&s->containers, &s->n_containers, sizeof *s->containers);
}

bool
subject_add_route(struct subject *s, const char *country)
{
	char *c = strdup(country);
	char **slot;

	if (c == NULL)
		return false;
	slot = grow(&s->route, &s->n_route, sizeof *s->route);
	if (slot == NULL) {
		free(c);
		return false;
	}
	*slot = c;
	return true;
}

bool
subject_add_finding(struct subject *s, const char *code, const char *detail)
{
	char *c = strdup(code), *t = detail ? strdup(detail) : NULL;
	struct finding *f;

	if (c == NULL || (detail && t == NULL) ||
	    (f = grow(&s->findings, &s->n_findings, sizeof *s->findings)) == NULL) {
		free(c);
		free(t);
		return false;
	}
	f->code = c;
	f->detail = t;
	return true;
}

static const char *
party_named(const struct subject *s, const char *role)
{
	for (size_t i = 0; i < s->n_parties; i++)
		if (s->parties[i].role && strcmp(s->parties[i].role, role) == 0)
			return s->parties[i].name;
	return NULL;
}

const char *
subject_main_party(const struct subject *s)
{
	const char *p;

	if (s->kind != SUBJECT_CONSIGNMENT)
		return s->name;
	if ((p = party_named(s, "consignee")) || (p = party_named(s, "consignor")))
		return p;
	return s->n_parties ? s->parties[0].name : NULL;
}

const char *
subject_origin(const struct subject *s)
{
	if (s->n_route)
		return s->route[0];
	return s->kind == SUBJECT_VEHICLE ? s->plate_country : s->nationality;
}

const char *
subject_destination(const struct subject *s)
{
	return s->n_route > 1 ? s->route[s->n_route - 1] : NULL;
}

static const char *const kind_names[] = {
	[SUBJECT_CONSIGNMENT] = "consignment",
	[SUBJECT_TRAVELLER] = "traveller",
	[SUBJECT_VEHICLE] = "vehicle",
};

const char *
subject_kind_name(enum subject_kind k)
{
	if (k >= SUBJECT_CONSIGNMENT && k <= SUBJECT_VEHICLE)
		return kind_names[k];
	return "unknown";
}

bool
subject_kind_parse(const char *name, enum subject_kind *out)
{
	for (int k = SUBJECT_CONSIGNMENT; k <= SUBJECT_VEHICLE; k++)
		if (strcmp(name, kind_names[k]) == 0) {
			*out = (enum subject_kind)k;
			return true;
		}
	return false;
}

const char *
subject_lane_name(enum subject_lane l)
{
	switch (l) {
	case LANE_GREEN:
		return "green";
	case LANE_YELLOW:
		return "yellow";
	case LANE_RED:
		return "red";
	case LANE_NONE:
		break;
	}
	return "none";
}

char
subject_lane_letter(enum subject_lane l)
{
	switch (l) {
	case LANE_GREEN:
		return 'G';
	case LANE_YELLOW:
		return 'Y';
	case LANE_RED:
		return 'R';
	case LANE_NONE:
		break;
	}
	return '-';
}

const char *
subject_status_name(enum subject_status st)
{
	switch (st) {
	case STATUS_IN_PROGRESS:
		return "in progress";
	case STATUS_DONE:
		return "done";
	case STATUS_EXPECTED:
		break;
	}
	return "expected";
}

char *
subject_strdup(const char *s)
{
	return s ? strdup(s) : NULL;
}
