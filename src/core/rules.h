/* rules: the risk rule file reader and the sandboxed evaluation of its
 * conditions.
 *
 * Targeting analysts write rules as text (doc/formats.md, "douane risk
 * rules"): blocks "rule ID" ... "end" with a version, validity dates, a
 * weight or a lane floor, a plain-language reason and instructions for the
 * examining officer, the public source of the indicator, and a condition
 * after "when".  rules_parse() checks the whole file and reports every
 * problem with its line and column; a file with any problem gives no rule
 * set at all, so nothing half-checked is ever used.
 *
 * A condition is compiled at load time into a small tree over a fixed set
 * of subject fields and allowed functions.  It cannot loop, write, call
 * out or allocate: rule_eval() walks the tree over a read-only subject and
 * its facts, and every node and every value compared costs one step of a
 * budget, so a condition's time is bounded whatever the subject.
 */
#ifndef DOUANE_RULES_H
#define DOUANE_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "subject.h"

/* What the store knows of a subject beyond its declaration: screening hits
 * and history (store_risk_facts() fills it).  */
struct risk_facts {
	int screen_hits;       /* open or confirmed watchlist hits */
	double screen_best;    /* best hit score, 0..1; 0 without hits */
	int prior_seizures;    /* seizures on other subjects of a party or vehicle */
	int prior_inspections; /* inspections on other subjects of a party or vehicle */
	bool new_consignee;    /* the consignee appears on no earlier subject */
};

/* What a condition is evaluated over.  value_ratio is the lowest, over the
 * goods items, of the declared value per kilogram divided by the norm of
 * the item's HS heading; negative when no item has both a value, a mass and
 * a norm.  value_eur is the declared value in euros (negative if unknown). */
struct rule_input {
	const struct subject *s;
	const struct risk_facts *facts;
	double value_ratio;
	double value_eur;
};

struct rule_node;

struct rule {
	char *id;
	int version;
	int weight;               /* points added when the condition holds */
	enum subject_lane floor;  /* LANE_NONE, or the lowest lane it allows */
	char valid_from[11];      /* "YYYY-MM-DD" or "" */
	char valid_to[11];        /* inclusive, or "" */
	char *reason;             /* shown to the inspector */
	char *instructions;       /* for the examining officer; may be NULL */
	char *source;             /* publication of the indicator; may be NULL */
	char *condition;          /* the text after "when", for display */
	long line;                /* of "rule ID" */
	struct rule_node *cond;
	size_t n_nodes;
	int root; /* the node evaluation starts at */
};

struct rule_set {
	struct rule *rules;
	size_t n;
};

/* One problem found in a file.  */
struct rule_problem {
	long line, column;
	char msg[200];
};

struct rule_problems {
	struct rule_problem *v;
	size_t n;
};

/* Parse TEXT (LEN bytes, UTF-8) read from FILE (for messages).  On success
 * *OUT is a new rule set; on any problem *OUT is NULL, every problem is in
 * PROBS (when not NULL; free them with rule_problems_clear()) and D says
 * how many there were, with the first one's line (DIAG_DATA).  */
enum diag_status rules_parse(const char *text, size_t len, const char *file,
			     struct rule_set **out, struct rule_problems *probs, struct diag *d);
void rule_set_free(struct rule_set *rs);
void rule_problems_clear(struct rule_problems *p);

/* Is rule R in force on DATE ("YYYY-MM-DD...", only the first ten
 * characters are read; NULL or "" means always)?  */
bool rule_valid_on(const struct rule *r, const char *date);

enum rule_eval_result {
	RULE_FALSE = 0,
	RULE_TRUE = 1,
	RULE_BUDGET = 2, /* the step budget ran out: counted as not fired */
};

/* Steps a condition may take on one subject.  */
#define RULE_STEP_BUDGET 20000

/* Evaluate R's condition on IN with at most BUDGET steps.  */
enum rule_eval_result rule_eval(const struct rule *r, const struct rule_input *in, long budget);

/* The rule of RS whose id is ID, or NULL.  */
const struct rule *rule_set_find(const struct rule_set *rs, const char *id);

#endif
