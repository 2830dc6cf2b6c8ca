/* risk: scores, lanes, random selection and explanations.
 *
 * A subject's score is the sum of the weights of the rules whose condition
 * holds for it (screening hits and history enter through rules too, as
 * screen_hits, screen_best, prior_seizures: so every point has a reason an
 * inspector can read).  The lane follows from configured thresholds (red
 * at or above one, yellow at or above the other, green below), and a rule
 * with a floor lifts the lane to at least its floor whatever the score.
 *
 * Random selection: a configured share of green subjects goes to yellow or
 * red.  The draw is BLAKE2b keyed with the vault's random-selection key
 * over the subject's reference, read as a number in [0, 1): a trader
 * without the key cannot predict it, and an auditor with the key gets the
 * same draw again.
 *
 * No I/O here: the store (store_risk.c) feeds subjects, facts and norms in
 * and writes the results.
 */
#ifndef DOUANE_RISK_H
#define DOUANE_RISK_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "rules.h"
#include "subject.h"

#define RISK_KEY_BYTES 32

struct risk_settings {
	int red;              /* score at which a subject goes red */
	int yellow;           /* score at which it goes yellow */
	double random_share;  /* percent of green subjects selected at random */
	double random_red;    /* percent of those sent to red (the rest to yellow) */
};

/* red 70, yellow 30, 2 % of green selected, half of them to red.  */
void risk_settings_default(struct risk_settings *cfg);

/* The names of the settings, for listing; NULL-terminated.  */
extern const char *const risk_setting_names[];

/* Set setting KEY of CFG from its text VALUE (DIAG_USAGE when KEY is not a
 * setting or VALUE is out of range, or when yellow would exceed red).  */
enum diag_status risk_setting_parse(struct risk_settings *cfg, const char *key,
				    const char *value, struct diag *d);
/* The value of setting KEY as text (into BUF); NULL if KEY is unknown.  */
const char *risk_setting_format(const struct risk_settings *cfg, const char *key, char *buf,
				size_t size);

/* Norms of the declared value per kilogram, by HS heading (4 digits, read
 * as a number 0..9999): the median over the goods items of the vault with
 * a value, a mass and a known currency, when it has at least
 * RISK_NORM_MIN_SAMPLES of them; 0 otherwise.  */
#define RISK_NORM_MIN_SAMPLES 20
#define RISK_HEADINGS 10000

struct risk_norms {
	double vpk[RISK_HEADINGS]; /* EUR per kg, 0 when unknown */
	int samples[RISK_HEADINGS];
};

/* Collects value-per-kilogram samples and makes the medians.  */
struct risk_norm_builder;
struct risk_norm_builder *risk_norm_builder_new(void);
/* Add item IT's sample (nothing when it lacks a value, a mass or a known
 * currency).  false when out of memory.  */
bool risk_norm_builder_add(struct risk_norm_builder *b, const char *hs, double value,
			   const char *currency, double net_mass, double gross_mass);
void risk_norm_builder_finish(struct risk_norm_builder *b, struct risk_norms *out);
void risk_norm_builder_free(struct risk_norm_builder *b);

/* AMOUNT in CURRENCY in euros, at the fixed approximate rates of risk.c;
 * negative when the amount or the currency is unknown.  */
double risk_value_eur(double amount, const char *currency);

/* The heading of an HS code as a number (9306 for "930621"), or -1.  */
int risk_heading(const char *hs);

/* Fill IN for subject S with FACTS: the declared value in euros and the
 * lowest value ratio against NORMS (rules.h, struct rule_input).  */
void risk_input(struct rule_input *in, const struct subject *s, const struct risk_facts *facts,
		const struct risk_norms *norms);

/* The keyed draw for REF: a number in [0, 1).  */
double risk_random_draw(const unsigned char key[RISK_KEY_BYTES], const char *ref);

enum risk_contrib_kind {
	RISK_CONTRIB_RULE = 1,   /* a rule fired */
	RISK_CONTRIB_RANDOM = 2, /* random selection */
};

struct risk_contrib {
	enum risk_contrib_kind kind;
	const struct rule *rule; /* RISK_CONTRIB_RULE */
	int points;
	enum subject_lane lane; /* the floor of the rule, or the lane drawn */
};

struct risk_result {
	int score;
	enum subject_lane lane;
	int budget_exceeded; /* rules whose condition ran out of steps */
	size_t n;
	struct risk_contrib *c; /* the caller's array of RS->n + 1 */
};

/* Score the subject of IN against the rules of RS in force on the day of
 * its arrival (today when it has none: TODAY, "YYYY-MM-DD").  */
void risk_score(const struct rule_set *rs, const struct rule_input *in,
		const struct risk_settings *cfg, const unsigned char key[RISK_KEY_BYTES],
		const char *today, struct risk_result *out);

/* Lane names as the CLI and rule files write them; false if unknown.  */
bool risk_lane_parse(const char *name, enum subject_lane *lane);

#endif
