/* outcome: the outcome model, its code tables, validation and JSON form
 * (see outcome.h).
 *
 * The code tables are data: one array per coded field.  Validation walks
 * the fields in the order a form shows them and stops at the first
 * problem, naming the field as a path into the JSON form ("result",
 * "checks[2]", "seizures[1].unit"; indexes count from 1, as people do).
 */
#include "config.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "json.h"
#include "outcome.h"
#include "ref.h"

/* Checks done (DESIGN.md; WCO CEN "control type").  */
static const struct outcome_code checks[] = {
	{"documents", N_("documentary check")},
	{"x-ray", N_("X-ray scan")},
	{"scan", N_("other non-intrusive scan")},
	{"radiation", N_("radiation detection")},
	{"dog", N_("detector dog")},
	{"physical-partial", N_("partial physical examination")},
	{"physical-full", N_("full physical examination")},
	{NULL, NULL},
};

static const struct outcome_code results[] = {
	{"released", N_("released")},
	{"discrepancy-corrected", N_("discrepancy corrected")},
	{"seizure", N_("seizure")},
	{"refused-entry", N_("refused entry")},
	{"referred", N_("referred to another agency")},
	{"detained", N_("detained")},
	{NULL, NULL},
};

/* WCO CEN commodity groups.  */
static const struct outcome_code commodities[] = {
	{"cannabis", N_("cannabis")},
	{"cocaine", N_("cocaine")},
	{"heroin", N_("heroin and opiates")},
	{"synthetic-drugs", N_("synthetic drugs")},
	{"nps", N_("new psychoactive substances")},
	{"precursors", N_("drug precursors")},
	{"medicines", N_("medicines and pharmaceuticals")},
	{"cigarettes", N_("cigarettes")},
	{"tobacco", N_("other tobacco products")},
	{"alcohol", N_("alcohol")},
	{"currency", N_("cash and bearer instruments")},
	{"weapons", N_("weapons")},
	{"ammunition", N_("ammunition")},
	{"explosives", N_("explosives")},
	{"ipr", N_("counterfeit and pirated goods")},
	{"cites", N_("protected wildlife (CITES)")},
	{"cultural", N_("cultural goods")},
	{"waste", N_("hazardous waste")},
	{"ods", N_("ozone-depleting substances")},
	{"other", N_("other goods")},
	{NULL, NULL},
};

/* UN/ECE Recommendation 20 codes.  */
static const struct outcome_code units[] = {
	{"KGM", N_("kilogram")},
	{"GRM", N_("gram")},
	{"LTR", N_("litre")},
	{"MLT", N_("millilitre")},
	{"H87", N_("piece")},
	{"PR", N_("pair")},
	{"MTR", N_("metre")},
	{"MTK", N_("square metre")},
	{"NAR", N_("number of articles")},
	{NULL, NULL},
};

/* WCO CEN concealment methods.  */
static const struct outcome_code concealments[] = {
	{"none", N_("not concealed")},
	{"baggage", N_("in baggage")},
	{"false-bottom", N_("false bottom or double wall")},
	{"body-worn", N_("worn on the body")},
	{"body-internal", N_("inside the body")},
	{"clothing", N_("in clothing or shoes")},
	{"vehicle-void", N_("natural void of a vehicle")},
	{"vehicle-compartment", N_("built compartment of a vehicle")},
	{"container-structure", N_("structure of a container")},
	{"mixed-cargo", N_("mixed in with legitimate cargo")},
	{"inside-goods", N_("inside other goods")},
	{"misdeclared", N_("declared as other goods")},
	{"postal", N_("postal or express parcel")},
	{"other", N_("other concealment")},
	{NULL, NULL},
};

/* WCO CEN detection methods.  */
static const struct outcome_code detections[] = {
	{"profiling", N_("risk profiling")},
	{"intelligence", N_("intelligence")},
	{"random", N_("random selection")},
	{"documents", N_("documentary check")},
	{"x-ray", N_("X-ray scan")},
	{"scan", N_("other non-intrusive scan")},
	{"radiation", N_("radiation detection")},
	{"dog", N_("detector dog")},
	{"physical", N_("physical examination")},
	{"behaviour", N_("behaviour of the person")},
	{"other", N_("other detection")},
	{NULL, NULL},
};

static const struct outcome_code *const tables[OUTCOME_TABLES_] = {
	checks, results, commodities, units, concealments, detections,
};

const struct outcome_code *
outcome_codes(enum outcome_table t)
{
	return t < OUTCOME_TABLES_ ? tables[t] : NULL;
}

bool
outcome_code_valid(enum outcome_table t, const char *code)
{
	const struct outcome_code *c = outcome_codes(t);

	if (c == NULL || code == NULL)
		return false;
	for (; c->code; c++)
		if (strcmp(c->code, code) == 0)
			return true;
	return false;
}

void
outcome_init(struct outcome *o)
{
	memset(o, 0, sizeof *o);
}

static void
seizure_clear(struct outcome_seizure *s)
{
	free(s->commodity);
	free(s->hs);
	free(s->quantity);
	free(s->unit);
	free(s->value);
	free(s->currency);
	free(s->concealment);
	free(s->detection);
	memset(s, 0, sizeof *s);
}

void
outcome_clear(struct outcome *o)
{
	for (size_t i = 0; i < o->nchecks; i++)
		free(o->checks[i]);
	for (size_t i = 0; i < o->nseizures; i++)
		seizure_clear(&o->seizures[i]);
	free(o->result);
	free(o->notes);
	free(o->started);
	free(o->ended);
	memset(o, 0, sizeof *o);
}

bool
outcome_time_valid(const char *s)
{
	struct tm tm = {0};
	int y, mo, da, h, mi, se;
	char z;
	time_t t;

	if (s == NULL || strlen(s) != 20 ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &da, &h, &mi, &se, &z) != 7 || z != 'Z')
		return false;
	for (int i = 0; i < 19; i++)
		if ((i == 4 || i == 7) ? s[i] != '-'
		    : i == 10	   ? s[i] != 'T'
		    : (i == 13 || i == 16) ? s[i] != ':'
					   : !isdigit((unsigned char)s[i]))
			return false;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = da;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	if ((t = timegm(&tm)) == (time_t)-1)
		return false;
	/* timegm normalises 31 April to 1 May: a real date comes back whole. */
	return tm.tm_year == y - 1900 && tm.tm_mon == mo - 1 && tm.tm_mday == da &&
	       tm.tm_hour == h && tm.tm_min == mi && tm.tm_sec == se;
}

/* A decimal: digits, at most one '.', with digits on both sides; no sign. */
static bool
decimal_valid(const char *s, bool positive)
{
	bool dot = false, nonzero = false;
	size_t digits = 0;

	if (s == NULL || *s == '\0' || strlen(s) > 24)
		return false;
	for (const char *p = s; *p; p++) {
		if (*p == '.') {
			if (dot || p == s || p[1] == '\0')
				return false;
			dot = true;
		} else if (isdigit((unsigned char)*p)) {
			digits++;
			nonzero |= *p != '0';
		} else {
			return false;
		}
	}
	return digits > 0 && (!positive || nonzero);
}

static enum diag_status
bad(struct diag *d, const char *file, const char *field, const char *why)
{
	/* L10N: "FIELD: reason", e.g. "seizures[1].unit: unknown code".  */
	return diag_set(d, DIAG_DATA, file, 0, _("%s: %s"), field, why);
}

static enum diag_status
bad_code(struct diag *d, const char *file, const char *field, const char *code,
	 enum outcome_table t)
{
	char list[512];
	size_t n = 0;

	list[0] = '\0';
	for (const struct outcome_code *c = outcome_codes(t); c->code && n < sizeof list; c++)
		n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", n ? ", " : "", c->code);
	/* L10N: "FIELD: unknown code 'X' (one of A, B, C)".  */
	return diag_set(d, DIAG_DATA, file, 0, _("%s: unknown code '%s' (one of %s)"), field, code,
			list);
}

static enum diag_status
need_code(struct diag *d, const char *file, const char *field, const char *code,
	  enum outcome_table t)
{
	if (code == NULL || *code == '\0')
		return bad(d, file, field, _("missing"));
	if (!outcome_code_valid(t, code))
		return bad_code(d, file, field, code, t);
	return DIAG_OK;
}

static enum diag_status
seizure_validate(const struct outcome_seizure *s, size_t i, const char *file, struct diag *d)
{
	char f[64];
	enum diag_status rc;

#define FIELD(name) (snprintf(f, sizeof f, "seizures[%zu].%s", i + 1, name), f)
	if ((rc = need_code(d, file, FIELD("commodity"), s->commodity, OUTCOME_COMMODITIES)))
		return rc;
	if (s->hs && !ref_hs_valid(s->hs))
		return bad(d, file, FIELD("hs"),
			   _("not an HS 2022 code (6, 8 or 10 digits, a known subheading)"));
	if (s->quantity == NULL)
		return bad(d, file, FIELD("quantity"), _("missing"));
	if (!decimal_valid(s->quantity, true))
		return bad(d, file, FIELD("quantity"), _("not a positive decimal number"));
	if ((rc = need_code(d, file, FIELD("unit"), s->unit, OUTCOME_UNITS)))
		return rc;
	if (s->value && !decimal_valid(s->value, false))
		return bad(d, file, FIELD("value"), _("not a decimal number"));
	if (s->value && s->currency == NULL)
		return bad(d, file, FIELD("currency"), _("missing (a value needs its currency)"));
	if (s->currency && (strlen(s->currency) != 3 || !isupper((unsigned char)s->currency[0]) ||
			    !isupper((unsigned char)s->currency[1]) ||
			    !isupper((unsigned char)s->currency[2])))
		return bad(d, file, FIELD("currency"), _("not an ISO 4217 code (three capitals)"));
	if ((rc = need_code(d, file, FIELD("concealment"), s->concealment, OUTCOME_CONCEALMENTS)))
		return rc;
	if ((rc = need_code(d, file, FIELD("detection"), s->detection, OUTCOME_DETECTIONS)))
		return rc;
#undef FIELD
	return DIAG_OK;
}

enum diag_status
outcome_validate(const struct outcome *o, const char *file, struct diag *d)
{
	enum diag_status rc;
	char f[32];

	if (o->nchecks == 0)
		return bad(d, file, "checks", _("missing (at least one check)"));
	for (size_t i = 0; i < o->nchecks; i++) {
		snprintf(f, sizeof f, "checks[%zu]", i + 1);
		if ((rc = need_code(d, file, f, o->checks[i], OUTCOME_CHECKS)))
			return rc;
		for (size_t j = 0; j < i; j++)
			if (strcmp(o->checks[j], o->checks[i]) == 0)
				return bad(d, file, f, _("given twice"));
	}
	if ((rc = need_code(d, file, "result", o->result, OUTCOME_RESULTS)))
		return rc;
	if (strcmp(o->result, "seizure") == 0 && o->nseizures == 0)
		return bad(d, file, "seizures", _("missing (a seizure needs at least one line)"));
	if (strcmp(o->result, "released") == 0 && o->nseizures > 0)
		return bad(d, file, "seizures", _("not allowed when the result is released"));
	for (size_t i = 0; i < o->nseizures; i++)
		if ((rc = seizure_validate(&o->seizures[i], i, file, d)))
			return rc;
	if (o->notes && strlen(o->notes) > OUTCOME_NOTES_MAX)
		return bad(d, file, "notes", _("too long"));
	if (o->started == NULL)
		return bad(d, file, "started", _("missing"));
	if (!outcome_time_valid(o->started))
		return bad(d, file, "started", _("not a UTC time YYYY-MM-DDTHH:MM:SSZ"));
	if (o->ended == NULL)
		return bad(d, file, "ended", _("missing"));
	if (!outcome_time_valid(o->ended))
		return bad(d, file, "ended", _("not a UTC time YYYY-MM-DDTHH:MM:SSZ"));
	if (strcmp(o->ended, o->started) < 0)
		return bad(d, file, "ended", _("before the start"));
	return DIAG_OK;
}

/* --- JSON ---------------------------------------------------------------- */

static bool
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && strcmp(s + n - t, tail) == 0;
}

static enum diag_status
take_string(const struct json *j, const char *field, char **out, const char *file,
	    struct diag *d)
{
	if (j == NULL)
		return DIAG_OK;
	/* Quantities and values may be written as JSON numbers; they are
	 * kept as the text written, and must still be plain decimals.  */
	if (j->type == JSON_NUMBER && !ends_with(field, "quantity") && !ends_with(field, "value"))
		return bad(d, file, field, _("must be a string"));
	if (j->type != JSON_STRING && j->type != JSON_NUMBER)
		return bad(d, file, field, _("must be a string"));
	free(*out);
	if ((*out = strdup(j->text)) == NULL)
		return diag_set(d, DIAG_SOFTWARE, file, 0, _("out of memory"));
	return DIAG_OK;
}

static enum diag_status
only_members(const struct json *obj, const char *const *known, const char *prefix,
	     const char *file, struct diag *d)
{
	for (const struct json *m = obj->child; m; m = m->next) {
		bool ok = false;

		for (const char *const *k = known; *k && !ok; k++)
			ok = strcmp(*k, m->key) == 0;
		if (!ok) {
			char f[96];

			snprintf(f, sizeof f, "%s%s", prefix, m->key);
			return bad(d, file, f, _("unknown field"));
		}
	}
	return DIAG_OK;
}

enum diag_status
outcome_from_json(struct outcome *o, const struct json *j, const char *file, struct diag *d)
{
	static const char *const top[] = {"checks", "result", "seizures", "notes",
					  "started", "ended", NULL};
	static const char *const line[] = {"commodity", "hs", "quantity", "unit", "value",
					   "currency", "concealment", "detection", NULL};
	const struct json *a;
	enum diag_status rc;
	size_t i;

	if (j == NULL || j->type != JSON_OBJECT)
		return bad(d, file, "outcome", _("must be a JSON object"));
	if ((rc = only_members(j, top, "", file, d)))
		return rc;
	if ((a = json_get(j, "checks")) != NULL) {
		if (a->type != JSON_ARRAY)
			return bad(d, file, "checks", _("must be an array"));
		if (json_count(a) > OUTCOME_CHECKS_MAX)
			return bad(d, file, "checks", _("too many"));
		i = 0;
		for (const struct json *c = a->child; c; c = c->next, i++) {
			char f[32];

			snprintf(f, sizeof f, "checks[%zu]", i + 1);
			if (c->type != JSON_STRING)
				return bad(d, file, f, _("must be a string"));
			if ((rc = take_string(c, f, &o->checks[o->nchecks], file, d)))
				return rc;
			o->nchecks++;
		}
	}
	if ((rc = take_string(json_get(j, "result"), "result", &o->result, file, d)) ||
	    (rc = take_string(json_get(j, "notes"), "notes", &o->notes, file, d)) ||
	    (rc = take_string(json_get(j, "started"), "started", &o->started, file, d)) ||
	    (rc = take_string(json_get(j, "ended"), "ended", &o->ended, file, d)))
		return rc;
	if ((a = json_get(j, "seizures")) != NULL) {
		if (a->type != JSON_ARRAY)
			return bad(d, file, "seizures", _("must be an array"));
		if (json_count(a) > OUTCOME_SEIZURES_MAX)
			return bad(d, file, "seizures", _("too many"));
		i = 0;
		for (const struct json *s = a->child; s; s = s->next, i++) {
			struct outcome_seizure *z = &o->seizures[o->nseizures];
			char p[32], f[64];

			snprintf(p, sizeof p, "seizures[%zu].", i + 1);
			if (s->type != JSON_OBJECT)
				return bad(d, file, p, _("must be a JSON object"));
			if ((rc = only_members(s, line, p, file, d)))
				return rc;
			o->nseizures++;
#define TAKE(name, dst)                                                                     \
	(snprintf(f, sizeof f, "%s%s", p, name), take_string(json_get(s, name), f, &z->dst, file, d))
			if ((rc = TAKE("commodity", commodity)) || (rc = TAKE("hs", hs)) ||
			    (rc = TAKE("quantity", quantity)) || (rc = TAKE("unit", unit)) ||
			    (rc = TAKE("value", value)) || (rc = TAKE("currency", currency)) ||
			    (rc = TAKE("concealment", concealment)) ||
			    (rc = TAKE("detection", detection)))
				return rc;
#undef TAKE
		}
	}
	return DIAG_OK;
}

enum diag_status
outcome_seizure_parse(struct outcome_seizure *s, const char *spec, struct diag *d)
{
	static const struct {
		const char *name;
		size_t off;
	} keys[] = {
		{"commodity", offsetof(struct outcome_seizure, commodity)},
		{"hs", offsetof(struct outcome_seizure, hs)},
		{"qty", offsetof(struct outcome_seizure, quantity)},
		{"quantity", offsetof(struct outcome_seizure, quantity)},
		{"unit", offsetof(struct outcome_seizure, unit)},
		{"value", offsetof(struct outcome_seizure, value)},
		{"currency", offsetof(struct outcome_seizure, currency)},
		{"concealment", offsetof(struct outcome_seizure, concealment)},
		{"detection", offsetof(struct outcome_seizure, detection)},
	};
	const char *p = spec;

	while (*p) {
		const char *eq = strchr(p, '='), *end;
		size_t klen, k;
		char **dst = NULL;

		if (eq == NULL)
			return diag_set(d, DIAG_USAGE, NULL, 0,
					_("--seizure: '%s' is not NAME=VALUE"), p);
		end = strchr(eq, ',');
		if (end == NULL)
			end = eq + strlen(eq);
		klen = (size_t)(eq - p);
		for (k = 0; k < sizeof keys / sizeof keys[0]; k++)
			if (strlen(keys[k].name) == klen && strncmp(keys[k].name, p, klen) == 0) {
				dst = (char **)((char *)s + keys[k].off);
				break;
			}
		if (dst == NULL)
			return diag_set(d, DIAG_USAGE, NULL, 0, _("--seizure: unknown field '%.*s'"),
					(int)klen, p);
		free(*dst);
		if ((*dst = strndup(eq + 1, (size_t)(end - eq - 1))) == NULL)
			return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
		p = *end ? end + 1 : end;
	}
	return DIAG_OK;
}

char *
outcome_to_json(const struct outcome *o)
{
	/* Members are written in sorted order, so this is canonical as is. */
	char *b = NULL;
	size_t len = 0, cap = 0;
	int rc = 0;

#define RAW(s) (rc |= json_put_raw(&b, &len, &cap, s))
#define STR(s) (rc |= json_put_string(&b, &len, &cap, s))
	RAW("{\"checks\":[");
	for (size_t i = 0; i < o->nchecks; i++) {
		if (i)
			RAW(",");
		STR(o->checks[i]);
	}
	RAW("],\"ended\":");
	STR(o->ended ? o->ended : "");
	if (o->notes) {
		RAW(",\"notes\":");
		STR(o->notes);
	}
	RAW(",\"result\":");
	STR(o->result ? o->result : "");
	RAW(",\"seizures\":[");
	for (size_t i = 0; i < o->nseizures; i++) {
		const struct outcome_seizure *s = &o->seizures[i];
		const char *names[] = {"commodity", "concealment", "currency", "detection",
				       "hs", "quantity", "unit", "value"};
		const char *vals[] = {s->commodity, s->concealment, s->currency, s->detection,
				      s->hs, s->quantity, s->unit, s->value};
		bool first = true;

		RAW(i ? ",{" : "{");
		for (size_t k = 0; k < 8; k++) {
			if (vals[k] == NULL)
				continue;
			if (!first)
				RAW(",");
			first = false;
			STR(names[k]);
			RAW(":");
			STR(vals[k]);
		}
		RAW("}");
	}
	RAW("],\"started\":");
	STR(o->started ? o->started : "");
	RAW("}");
#undef RAW
#undef STR
	if (rc) {
		free(b);
		return NULL;
	}
	return b;
}
