/* fuzz_rules: libFuzzer target for the risk rule language (rules.h).
 * The bytes are a whole rules file, as "douane rules load" and a pack's
 * rules member give it to rules_parse().  A parse that succeeds is also
 * evaluated once against an empty input, so the parsed conditions are run
 * as well as built (the step budget bounds them).  */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "subject.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rule_set *rs = NULL;
	struct rule_problems probs;
	struct rule_input in;
	struct risk_facts facts;
	struct subject subj;
	struct goods_item *it;
	struct diag d;

	memset(&probs, 0, sizeof probs);
	diag_clear(&d);
	if (rules_parse((const char *)data, size, "fuzz.rules", &rs, &probs, &d) == DIAG_OK) {
		if (rs == NULL)
			abort(); /* success must give a rule set */
		/* One subject with a goods item and a party, and facts.  */
		subject_init(&subj, SUBJECT_CONSIGNMENT);
		if ((it = subject_add_item(&subj)) == NULL)
			abort();
		it->hs_code = strdup("240220");
		it->origin = strdup("CN");
		memset(&facts, 0, sizeof facts);
		facts.screen_hits = 1;
		memset(&in, 0, sizeof in);
		in.s = &subj;
		in.facts = &facts;
		in.value_ratio = 0.5;
		in.value_eur = 1000;
		for (size_t i = 0; i < rs->n; i++)
			(void)rule_eval(&rs->rules[i], &in, RULE_STEP_BUDGET);
		subject_clear(&subj);
		rule_set_free(rs);
	} else if (rs != NULL || d.status != DIAG_DATA)
		abort(); /* failure: no rule set, and bad data */
	rule_problems_clear(&probs);
	return 0;
}
