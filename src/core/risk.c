/* risk: scores, lanes, random selection, value norms (see risk.h).
 *
 * Everything here is a pure function of its inputs: the store reads
 * subjects, facts, norms and the key, and writes what risk_score() says.
 * The value norms are medians per HS heading: the builder keeps every
 * sample of a heading in a growing array and takes the median with
 * quickselect at the end.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "i18n.h"
#include "risk.h"

const char *const risk_setting_names[] = {"red", "yellow", "random-share", "random-red", NULL};

void
risk_settings_default(struct risk_settings *cfg)
{
	cfg->red = 70;
	cfg->yellow = 30;
	cfg->random_share = 2;
	cfg->random_red = 50;
}

static bool
parse_number(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	if (s == NULL || *s == '\0')
		return false;
	v = strtod(s, &end);
	if (*end != '\0' || !(v >= lo && v <= hi))
		return false;
	*out = v;
	return true;
}

enum diag_status
risk_setting_parse(struct risk_settings *cfg, const char *key, const char *value,
		   struct diag *d)
{
	struct risk_settings c = *cfg;
	double v;

	if (strcmp(key, "red") == 0 || strcmp(key, "yellow") == 0) {
		if (!parse_number(value, 1, 100000, &v) || v != (int)v)
			return diag_set(d, DIAG_USAGE, NULL, 0,
					_("%s needs a whole number from 1 to 100000, not '%s'"), key,
					value);
		if (key[0] == 'r')
			c.red = (int)v;
		else
			c.yellow = (int)v;
		if (c.yellow > c.red)
			return diag_set(d, DIAG_USAGE, NULL, 0,
					_("the yellow threshold (%d) would be above the red one (%d)"),
					c.yellow, c.red);
	} else if (strcmp(key, "random-share") == 0 || strcmp(key, "random-red") == 0) {
		if (!parse_number(value, 0, 100, &v))
			return diag_set(d, DIAG_USAGE, NULL, 0,
					_("%s needs a percentage from 0 to 100, not '%s'"), key, value);
		if (strcmp(key, "random-share") == 0)
			c.random_share = v;
		else
			c.random_red = v;
	} else
		return diag_set(d, DIAG_USAGE, NULL, 0,
				_("unknown setting '%s' (red, yellow, random-share, random-red)"), key);
	*cfg = c;
	return DIAG_OK;
}

const char *
risk_setting_format(const struct risk_settings *cfg, const char *key, char *buf, size_t size)
{
	if (strcmp(key, "red") == 0)
		snprintf(buf, size, "%d", cfg->red);
	else if (strcmp(key, "yellow") == 0)
		snprintf(buf, size, "%d", cfg->yellow);
	else if (strcmp(key, "random-share") == 0)
		snprintf(buf, size, "%g", cfg->random_share);
	else if (strcmp(key, "random-red") == 0)
		snprintf(buf, size, "%g", cfg->random_red);
	else
		return NULL;
	return buf;
}

bool
risk_lane_parse(const char *name, enum subject_lane *lane)
{
	static const struct {
		const char *name;
		enum subject_lane lane;
	} lanes[] = {{"green", LANE_GREEN}, {"yellow", LANE_YELLOW}, {"red", LANE_RED}};

	for (size_t i = 0; i < sizeof lanes / sizeof lanes[0]; i++)
		if (strcmp(name, lanes[i].name) == 0) {
			*lane = lanes[i].lane;
			return true;
		}
	return false;
}

/* --- Values and norms ------------------------------------------------------ */

/* Euros per unit, approximate reference rates of late 2026, rounded.  A
 * norm compares goods of one heading, so a rate a few percent off moves a
 * ratio a few percent: undervaluation rules look for factors of 3 or more. */
static const struct {
	char code[4];
	double eur;
} rates[] = {
	{"AED", 0.25}, {"CHF", 1.05}, {"CNY", 0.128}, {"CZK", 0.040}, {"DKK", 0.134},
	{"EUR", 1.0},  {"GBP", 1.17}, {"HKD", 0.118}, {"HUF", 0.0025}, {"INR", 0.011},
	{"JPY", 0.0062}, {"KRW", 0.00068}, {"NOK", 0.086}, {"PLN", 0.23}, {"RON", 0.20},
	{"RUB", 0.010}, {"SEK", 0.087}, {"SGD", 0.69}, {"TRY", 0.027}, {"UAH", 0.022},
	{"USD", 0.926},
};

double
risk_value_eur(double amount, const char *currency)
{
	if (amount < 0)
		return -1;
	if (currency == NULL)
		return -1;
	for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++)
		if (strcmp(rates[i].code, currency) == 0)
			return amount * rates[i].eur;
	return -1;
}

int
risk_heading(const char *hs)
{
	int h = 0;

	if (hs == NULL)
		return -1;
	for (int i = 0; i < 4; i++) {
		if (hs[i] < '0' || hs[i] > '9')
			return -1;
		h = h * 10 + (hs[i] - '0');
	}
	return h;
}

/* Value per kilogram of an item in euros, or negative.  */
static double
item_vpk(const char *hs, double value, const char *currency, double net, double gross, int *heading)
{
	double eur = risk_value_eur(value, currency), kg = net > 0 ? net : gross;

	*heading = risk_heading(hs);
	if (*heading < 0 || eur < 0 || !(kg > 0))
		return -1;
	return eur / kg;
}

struct risk_norm_builder {
	double *v[RISK_HEADINGS];
	int n[RISK_HEADINGS], cap[RISK_HEADINGS];
};

struct risk_norm_builder *
risk_norm_builder_new(void)
{
	return calloc(1, sizeof(struct risk_norm_builder));
}

bool
risk_norm_builder_add(struct risk_norm_builder *b, const char *hs, double value,
		      const char *currency, double net_mass, double gross_mass)
{
	int h;
	double vpk = item_vpk(hs, value, currency, net_mass, gross_mass, &h);

	if (vpk < 0)
		return true;
	if (b->n[h] == b->cap[h]) {
		int cap = b->cap[h] ? 2 * b->cap[h] : 16;
		double *v = realloc(b->v[h], (size_t)cap * sizeof *v);

		if (v == NULL)
			return false;
		b->v[h] = v;
		b->cap[h] = cap;
	}
	b->v[h][b->n[h]++] = vpk;
	return true;
}

/* The K-th smallest of V[0..N) (V is reordered).  */
static double
select_kth(double *v, int n, int k)
{
	int lo = 0, hi = n - 1;

	while (lo < hi) {
		double pivot = v[lo + (hi - lo) / 2];
		int i = lo, j = hi;

		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				double t = v[i];
				v[i++] = v[j];
				v[j--] = t;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return v[k];
}

void
risk_norm_builder_finish(struct risk_norm_builder *b, struct risk_norms *out)
{
	for (int h = 0; h < RISK_HEADINGS; h++) {
		out->samples[h] = b->n[h];
		out->vpk[h] = b->n[h] >= RISK_NORM_MIN_SAMPLES ? select_kth(b->v[h], b->n[h], b->n[h] / 2)
							       : 0;
	}
}

void
risk_norm_builder_free(struct risk_norm_builder *b)
{
	if (b == NULL)
		return;
	for (int h = 0; h < RISK_HEADINGS; h++)
		free(b->v[h]);
	free(b);
}

void
risk_input(struct rule_input *in, const struct subject *s, const struct risk_facts *facts,
	   const struct risk_norms *norms)
{
	double total = 0;
	bool any_value = false;

	in->s = s;
	in->facts = facts;
	in->value_ratio = -1;
	for (size_t i = 0; i < s->n_items; i++) {
		const struct goods_item *it = &s->items[i];
		double eur = risk_value_eur(it->value, it->currency), vpk;
		int h;

		if (eur >= 0) {
			total += eur;
			any_value = true;
		}
		vpk = item_vpk(it->hs_code, it->value, it->currency, it->net_mass, it->gross_mass, &h);
		if (vpk < 0 || norms == NULL || norms->vpk[h] <= 0)
			continue;
		if (in->value_ratio < 0 || vpk / norms->vpk[h] < in->value_ratio)
			in->value_ratio = vpk / norms->vpk[h];
	}
	in->value_eur = any_value ? total : -1;
}

/* --- Scoring ------------------------------------------------------------------ */

double
risk_random_draw(const unsigned char key[RISK_KEY_BYTES], const char *ref)
{
	unsigned char h[8];
	uint64_t x = 0;

	crypto_generichash(h, sizeof h, (const unsigned char *)ref, strlen(ref), key,
			   RISK_KEY_BYTES);
	for (int i = 0; i < 8; i++)
		x = (x << 8) | h[i];
	/* The top 53 bits: exactly representable, uniform in [0, 1).  */
	return (double)(x >> 11) / 9007199254740992.0;
}

void
risk_score(const struct rule_set *rs, const struct rule_input *in,
	   const struct risk_settings *cfg, const unsigned char key[RISK_KEY_BYTES],
	   const char *today, struct risk_result *out)
{
	const char *date = in->s->arrival && strlen(in->s->arrival) >= 10 ? in->s->arrival : today;
	enum subject_lane floor = LANE_GREEN;
	long score = 0;

	out->n = 0;
	out->budget_exceeded = 0;
	for (size_t i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->rules[i];
		enum rule_eval_result res;

		if (!rule_valid_on(r, date))
			continue;
		res = rule_eval(r, in, RULE_STEP_BUDGET);
		if (res == RULE_BUDGET)
			out->budget_exceeded++;
		if (res != RULE_TRUE)
			continue;
		out->c[out->n++] = (struct risk_contrib){
			.kind = RISK_CONTRIB_RULE, .rule = r, .points = r->weight, .lane = r->floor};
		score += r->weight;
		if (r->floor > floor)
			floor = r->floor;
	}
	if (score < 0)
		score = 0;
	if (score > 1000000)
		score = 1000000;
	out->score = (int)score;
	out->lane = score >= cfg->red ? LANE_RED : score >= cfg->yellow ? LANE_YELLOW : LANE_GREEN;
	if (floor > out->lane)
		out->lane = floor;
	if (out->lane == LANE_GREEN && key != NULL && in->s->ref && cfg->random_share > 0) {
		double u = risk_random_draw(key, in->s->ref), share = cfg->random_share / 100;

		if (u < share) {
			out->lane = u < share * (cfg->random_red / 100) ? LANE_RED : LANE_YELLOW;
			out->c[out->n++] = (struct risk_contrib){
				.kind = RISK_CONTRIB_RANDOM, .rule = NULL, .points = 0, .lane = out->lane};
		}
	}
}
