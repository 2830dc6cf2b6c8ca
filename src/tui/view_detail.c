/* view_detail: one subject, everything the manifest said about it.
 *
 * The subject is read once with store_subject_get() when the view opens and
 * laid out as text lines (a pager, see pager.c): a summary, then the
 * parties, conveyance, containers, route and goods of a consignment, or the
 * person, document and plate of a traveller or vehicle.  Country codes are
 * shown with their names and HS codes with their descriptions from the
 * reference tables, so the inspector need not know them by heart.
 *
 * A subject with watchlist hits shows them, with their explanations; h
 * opens them (view_hits.c) to confirm or dismiss one.
 *
 * Closing the view (q, Esc) pops it; the queue below has kept its rows and
 * cursor, so the inspector is back where they were.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "outcome.h"
#include "ref.h"
#include "screen_explain.h"
#include "subject.h"
#include "view.h"

struct detail {
	struct pager pager;
	char ref[STORE_TEXT_MAX];
	int64_t id;
};

static const char *
detail_or(const char *s, const char *fallback)
{
	return s && *s ? s : fallback;
}

/* "FR France", or the code alone when the table does not know it.  */
static const char *
detail_country(const char *code, char *buf, size_t size)
{
	const char *name;

	if (code == NULL || *code == '\0')
		return "-";
	name = ref_country_name(code);
	if (name)
		snprintf(buf, size, "%s %s", code, name);
	else
		snprintf(buf, size, "%s", code);
	return buf;
}

static const char *
detail_kind(enum subject_kind k)
{
	switch (k) {
	/* L10N: kinds of subject, in the first line of the detail view. */
	case SUBJECT_CONSIGNMENT:
		return _("consignment");
	case SUBJECT_TRAVELLER:
		return _("traveller");
	case SUBJECT_VEHICLE:
		return _("vehicle");
	}
	return "?";
}

static const char *
detail_lane(enum subject_lane lane)
{
	switch (lane) {
	/* L10N: lanes in the detail view, after the letter R, Y, G or -. */
	case LANE_RED:
		return _("red");
	case LANE_YELLOW:
		return _("yellow");
	case LANE_GREEN:
		return _("green");
	case LANE_NONE:
		break;
	}
	return _("not scored");
}

/* A number with at most DECIMALS decimals, without trailing zeros.  */
static const char *
detail_number(double x, int decimals, char *buf, size_t size)
{
	size_t len;

	snprintf(buf, size, "%.*f", decimals, x);
	if (strchr(buf, '.') == NULL)
		return buf;
	len = strlen(buf);
	while (len > 0 && buf[len - 1] == '0')
		buf[--len] = '\0';
	if (len > 0 && buf[len - 1] == '.')
		buf[--len] = '\0';
	return buf;
}

/* "9306.21", the way a tariff code is read aloud at a desk.  */
static const char *
detail_hs(const char *code, char *buf, size_t size)
{
	if (code == NULL)
		return "-";
	if (strlen(code) >= 6)
		snprintf(buf, size, "%.4s.%s", code, code + 4);
	else
		snprintf(buf, size, "%s", code);
	return buf;
}

#define ADD(...) ok = ok && text_lines_add(tl, __VA_ARGS__)
/* A long sentence (a rule's reason, the examiner's instructions), wrapped
 * to the narrowest screen douane supports, so none of it is cut off.  */
#define DETAIL_WRAP 78
#define ADD_WRAPPED(fmt, text)                                                          \
	do {                                                                             \
		char *line_ = NULL;                                                      \
		if (ok && asprintf(&line_, fmt, text) >= 0) {                           \
			ok = text_lines_add_wrapped(tl, TEXT_NORMAL, DETAIL_WRAP, line_); \
			free(line_);                                                     \
		} else                                                                   \
			ok = false;                                                      \
	} while (0)

static bool
detail_build_consignment(struct text_lines *tl, const struct subject *s)
{
	char b1[160], b2[160], b3[64];
	bool ok = true;

	ADD(TEXT_NORMAL, "%s", "");
	/* L10N: section headings of the detail view. */
	ADD(TEXT_HEADING, "%s", _("Parties"));
	if (s->n_parties == 0)
		ADD(TEXT_NORMAL, "  %s", _("none declared"));
	for (size_t i = 0; i < s->n_parties; i++) {
		const struct party *p = &s->parties[i];

		ADD(TEXT_NORMAL, "  %-10s %s (%s)", detail_or(p->role, "?"), detail_or(p->name, "?"),
		    detail_country(p->country, b1, sizeof(b1)));
		if (p->address)
			ADD(TEXT_NORMAL, "  %-10s %s", "", p->address);
		if (p->ident)
			/* L10N: an identifier such as an EORI number. */
			ADD(TEXT_NORMAL, "  %-10s %s %s", "", _("id"), p->ident);
	}

	ADD(TEXT_NORMAL, "%s", "");
	ADD(TEXT_HEADING, "%s", _("Conveyance"));
	ADD(TEXT_NORMAL, "  %s (%s)", detail_or(s->conveyance, "-"),
	    detail_country(s->conveyance_nationality, b1, sizeof(b1)));

	if (s->n_containers > 0) {
		ADD(TEXT_NORMAL, "%s", "");
		ADD(TEXT_HEADING, "%s", _("Containers"));
		for (size_t i = 0; i < s->n_containers; i++) {
			if (s->containers[i].seal)
				/* L10N: a container number and its seal. */
				ADD(TEXT_NORMAL, _("  %s  seal %s"), detail_or(s->containers[i].number, "?"),
				    s->containers[i].seal);
			else
				ADD(TEXT_NORMAL, "  %s", detail_or(s->containers[i].number, "?"));
		}
	}

	ADD(TEXT_NORMAL, "%s", "");
	ADD(TEXT_HEADING, "%s", _("Route"));
	for (size_t i = 0; i < s->n_route; i++) {
		const char *note = "";

		if (i == 0)
			note = _("(origin)");
		else if (i + 1 == s->n_route)
			note = _("(destination)");
		ADD(TEXT_NORMAL, "  %zu. %s %s", i + 1, detail_country(s->route[i], b1, sizeof(b1)),
		    note);
	}

	ADD(TEXT_NORMAL, "%s", "");
	/* L10N: heading of the goods lines, with their number. */
	ADD(TEXT_HEADING, P_("Goods (%zu line)", "Goods (%zu lines)", s->n_items), s->n_items);
	for (size_t i = 0; i < s->n_items; i++) {
		const struct goods_item *it = &s->items[i];
		const char *hs = ref_hs_description(it->hs_code);
		char line[256];
		size_t len = 0;

		ADD(TEXT_NORMAL, "  %2d  %s  %s", it->seq, detail_hs(it->hs_code, b1, sizeof(b1)),
		    detail_or(hs, _("(unknown HS code)")));
		ADD(TEXT_NORMAL, "      %s", detail_or(it->description, "-"));

		line[0] = '\0';
		if (it->packages > 0)
			len += (size_t)snprintf(line + len, sizeof(line) - len, "%ld %s  ",
						it->packages, detail_or(it->package_kind, ""));
		if (it->gross_mass >= 0 && len < sizeof(line))
			/* L10N: gross mass in kilograms. */
			len += (size_t)snprintf(line + len, sizeof(line) - len, _("gross %s kg  "),
						detail_number(it->gross_mass, 3, b3, sizeof(b3)));
		if (it->net_mass >= 0 && len < sizeof(line))
			/* L10N: net mass in kilograms. */
			len += (size_t)snprintf(line + len, sizeof(line) - len, _("net %s kg  "),
						detail_number(it->net_mass, 3, b3, sizeof(b3)));
		if (it->value >= 0 && len < sizeof(line))
			len += (size_t)snprintf(line + len, sizeof(line) - len, "%.2f %s  ",
						it->value, detail_or(it->currency, ""));
		if (it->origin && len < sizeof(line))
			/* L10N: country of origin of a goods line. */
			len += (size_t)snprintf(line + len, sizeof(line) - len, _("origin %s"),
						detail_country(it->origin, b2, sizeof(b2)));
		if (len > 0)
			ADD(TEXT_NORMAL, "      %s", line);
	}
	return ok;
}

/* "  Label       value", the label padded by display width.  */
static bool
detail_field(struct text_lines *tl, const char *label, const char *value)
{
	int pad = 13 - text_width(label);

	return text_lines_add(tl, TEXT_NORMAL, "  %s%*s%s", label, pad > 1 ? pad : 1, "",
			      detail_or(value, "-"));
}

#define FIELD(label, value) ok = ok && detail_field(tl, label, value)

static bool
detail_build_person(struct text_lines *tl, const struct subject *s)
{
	char b1[160], b2[256];
	bool ok = true;

	ADD(TEXT_NORMAL, "%s", "");
	if (s->kind == SUBJECT_VEHICLE) {
		ADD(TEXT_HEADING, "%s", _("Vehicle"));
		snprintf(b2, sizeof(b2), "%s (%s)", detail_or(s->plate, "-"),
			 detail_country(s->plate_country, b1, sizeof(b1)));
		/* L10N: field labels of the detail view, padded to 13 columns. */
		FIELD(_("Plate"), b2);
		ADD(TEXT_NORMAL, "%s", "");
		ADD(TEXT_HEADING, "%s", _("Driver"));
	} else {
		ADD(TEXT_HEADING, "%s", _("Traveller"));
	}
	FIELD(_("Name"), s->name);
	FIELD(_("Born"), s->birth_date);
	FIELD(_("Nationality"), detail_country(s->nationality, b1, sizeof(b1)));
	if (s->doc_type || s->doc_number) {
		char b3[160];

		snprintf(b2, sizeof(b2), "%s %s (%s)", detail_or(s->doc_type, "-"),
			 detail_or(s->doc_number, "-"), detail_country(s->doc_country, b3, sizeof(b3)));
		FIELD(_("Document"), b2);
	}
	if (s->kind == SUBJECT_VEHICLE && (s->n_parties > 0 || s->n_items > 0))
		ok = ok && detail_build_consignment(tl, s);
	return ok;
}

static bool detail_build_risk(struct text_lines *tl, struct store *st, const struct subject *s);
static bool detail_build_history(struct text_lines *tl, struct store *st,
				 const struct subject *s);
static bool detail_build_findings(struct text_lines *tl, const struct subject *s);
static bool detail_build_hits(struct text_lines *tl, struct store *st, const struct subject *s);

/* The translated label of an outcome's result code.  */
static const char *
form_result_label(const char *code)
{
	for (const struct outcome_code *c = outcome_codes(OUTCOME_RESULTS); c->code; c++)
		if (strcmp(c->code, code) == 0)
			return _(c->label);
	return code;
}

static bool
detail_build(struct text_lines *tl, struct store *st, const struct subject *s)
{
	char b1[160];
	bool ok = true;

	ADD(TEXT_HEADING, "%s  %s", detail_or(s->ref, "?"), detail_kind(s->kind));
	snprintf(b1, sizeof(b1), "%c %s", subject_lane_letter(s->lane), detail_lane(s->lane));
	FIELD(_("Lane"), b1);
	snprintf(b1, sizeof(b1), "%d", s->score);
	FIELD(_("Score"), s->lane == LANE_NONE ? "-" : b1);
	FIELD(_("Status"), view_status_label(s->status));
	FIELD(_("Mode"), s->mode);
	FIELD(_("Arrival"), s->arrival);
	FIELD(_("Crossing"), s->crossing);
	if (s->kind == SUBJECT_CONSIGNMENT) {
		FIELD(_("Party"), subject_main_party(s));
		ok = ok && detail_build_consignment(tl, s);
	} else {
		ok = ok && detail_build_person(tl, s);
	}
	ok = ok && detail_build_findings(tl, s);
	ok = ok && detail_build_hits(tl, st, s);
	ok = ok && detail_build_risk(tl, st, s);
	ok = ok && detail_build_history(tl, st, s);
	return ok;
}


/* Why the subject is in its lane: every contribution with its reason and
 * the examination instructions, random selection, an override.  */
static bool
detail_build_risk(struct text_lines *tl, struct store *st, const struct subject *s)
{
	struct store_explanation ex;
	struct diag d;
	bool ok = true;

	memset(&ex, 0, sizeof(ex));
	diag_clear(&d);
	ADD(TEXT_NORMAL, "%s", "");
	/* L10N: heading of the risk explanation in the detail view. */
	ADD(TEXT_HEADING, "%s", _("Why this lane"));
	if (store_risk_explain(st, s->id, &ex, &d) != DIAG_OK) {
		ADD(TEXT_NORMAL, "  %s", d.msg);
		return ok;
	}
	if (!ex.scored)
		/* L10N: the subject has no score yet. */
		ADD(TEXT_NORMAL, "  %s", _("Not scored yet."));
	else if (ex.n == 0)
		ADD(TEXT_NORMAL, "  %s", _("No rule fired."));
	for (size_t i = 0; i < ex.n && ok; i++) {
		const struct store_explain_item *it = &ex.v[i];

		if (it->kind == RISK_CONTRIB_RANDOM) {
			/* L10N: a contribution of random selection; %s is the lane. */
			ADD(TEXT_NORMAL, _("  random selection: %s"), detail_lane(it->lane));
			ADD(TEXT_NORMAL, _("      Reason: chosen at random as a control group (%g%% of green)"),
			    ex.settings.random_share);
			continue;
		}
		if (it->lane != LANE_NONE)
			/* L10N: a rule that sets a lane floor; %s the lane, then the rule. */
			ADD(TEXT_NORMAL, _("  floor %-6s %s"), detail_lane(it->lane), it->rule_id);
		else
			ADD(TEXT_NORMAL, "  %+5d  %s", it->points, it->rule_id);
		if (it->rule == NULL) {
			ADD(TEXT_NORMAL, "      %s", _("(this rule is no longer in the rule set)"));
			continue;
		}
		/* L10N: the reason a rule gives, and what the examiner should do. */
		ADD_WRAPPED(_("      Reason: %s"), it->rule->reason);
		if (it->rule->instructions)
			ADD_WRAPPED(_("      Examine: %s"), it->rule->instructions);
	}
	if (ex.overridden) {
		/* L10N: a lane override in the detail view: lane, who, when, why. */
		ADD(TEXT_NORMAL, _("  Override: lane %s by %s at %.16s"), detail_lane(ex.override_lane),
		    ex.override_actor, ex.override_at);
		ADD_WRAPPED(_("      Reason: %s"), ex.override_reason);
	}
	store_explanation_clear(&ex);
	return ok;
}

#define DETAIL_HISTORY_MAX 10

/* Earlier inspections and seizures of the same parties or vehicle.  */
static bool
detail_build_history(struct text_lines *tl, struct store *st, const struct subject *s)
{
	struct store_history_row rows[DETAIL_HISTORY_MAX];
	struct diag d;
	size_t n = 0;
	bool ok = true;

	diag_clear(&d);
	ADD(TEXT_NORMAL, "%s", "");
	/* L10N: heading: earlier inspections of the same parties or vehicle. */
	ADD(TEXT_HEADING, "%s", _("History"));
	if (store_subject_history(st, s->id, rows, DETAIL_HISTORY_MAX, &n, &d) != DIAG_OK) {
		ADD(TEXT_NORMAL, "  %s", d.msg);
		return ok;
	}
	if (n == 0)
		ADD(TEXT_NORMAL, "  %s", _("No earlier inspection of these parties or vehicle."));
	for (size_t i = 0; i < n && ok; i++) {
		const char *result = form_result_label(rows[i].result);

		ADD(TEXT_NORMAL, "  %.16s  %s  %s (%s)", rows[i].ended_at, rows[i].ref, result,
		    rows[i].matched);
		if (rows[i].seizures > 0)
			/* L10N: what an earlier inspection seized. */
			ADD(TEXT_NORMAL, _("      seized: %s"), rows[i].seized);
	}
	return ok;
}

/* What did not add up in the declaration.  */
static bool
detail_build_findings(struct text_lines *tl, const struct subject *s)
{
	bool ok = true;

	if (s->n_findings == 0)
		return true;
	ADD(TEXT_NORMAL, "%s", "");
	/* L10N: heading of the data-quality findings in the detail view. */
	ADD(TEXT_HEADING, "%s", _("Data quality"));
	for (size_t i = 0; i < s->n_findings; i++)
		ADD(TEXT_NORMAL, "  %s: %s", detail_or(s->findings[i].code, "?"),
		    detail_or(s->findings[i].detail, ""));
	return ok;
}

struct detail_hits {
	struct text_lines *tl;
	size_t n;
};

static enum diag_status
detail_hit(void *ctx, const struct store_screen_hit *h)
{
	struct detail_hits *dh = ctx;
	struct text_lines *tl = dh->tl;
	const char *decision = h->decision == SCREEN_CONFIRMED   ? _("confirmed")
			       : h->decision == SCREEN_DISMISSED ? _("dismissed")
								 : _("open");
	bool ok = true;

	if (dh->n++ == 0) {
		char key[ACTION_KEY_NAME_MAX] = "?";
		int k = keymap_first_key(KEYMAP_DETAIL, ACTION_HITS);

		if (k >= 0)
			action_key_name(k, key, sizeof key);
		ADD(TEXT_NORMAL, "%s", "");
		/* L10N: heading of the hits in the detail view; %s is a key. */
		ADD(TEXT_HEADING, _("Watchlist hits (%s: confirm or dismiss)"), key);
	}
	/* L10N: a hit in the detail view: score, decision, role, name. */
	ADD(TEXT_NORMAL, "  %.2f  %-10s %s  %s", h->score, decision, detail_or(h->role, "?"),
	    detail_or(h->name, "?"));
	ok = ok && view_explain_lines(tl, h->explain, 6, SCREEN_EXPLAIN_LIST);
	if (h->decision != SCREEN_OPEN && h->reason)
		ADD(TEXT_NORMAL, "      %s: %s", decision, h->reason);
	return ok ? DIAG_OK : DIAG_SOFTWARE;
}

/* The subject's watchlist hits, best first, with their explanations;
 * nothing when it has none.  */
static bool
detail_build_hits(struct text_lines *tl, struct store *st, const struct subject *s)
{
	struct detail_hits dh = {tl, 0};
	struct diag d;
	bool ok = true;

	diag_clear(&d);
	if (store_screen_hits(st, s->id, detail_hit, &dh, &d) != DIAG_OK) {
		if (d.msg[0] == '\0')
			return false; /* out of memory in detail_hit */
		ADD(TEXT_NORMAL, "  %s", d.msg);
	}
	return ok;
}

#undef FIELD
#undef ADD

/* Read subject ID and lay it out into DT's pager.  */
static enum diag_status
detail_load(struct view *v, struct detail *dt, int64_t id, struct diag *d)
{
	struct subject s;
	enum diag_status rc;

	subject_init(&s, SUBJECT_CONSIGNMENT);
	rc = store_subject_get(v->ctx->store, id, &s, d);
	if (rc == DIAG_OK) {
		snprintf(dt->ref, sizeof(dt->ref), "%s", detail_or(s.ref, "?"));
		dt->id = id;
		s.id = id;
		if (!detail_build(&dt->pager.lines, v->ctx->store, &s))
			rc = diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	}
	subject_clear(&s);
	return rc;
}

static enum diag_status
detail_open(struct view *v, int64_t id, struct diag *d)
{
	struct detail *dt = calloc(1, sizeof(*dt));
	enum diag_status rc;

	if (dt == NULL)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, _("out of memory"));
	pager_init(&dt->pager);
	rc = detail_load(v, dt, id, d);
	if (rc != DIAG_OK) {
		pager_clear(&dt->pager);
		free(dt);
		return rc;
	}
	v->priv = dt;
	return DIAG_OK;
}

/* Back from an outcome or an override: lay the subject out again, at the
 * same line.  */
static void
detail_reveal(struct view *v)
{
	struct detail *dt = v->priv;
	size_t top = dt->pager.top;
	struct diag d;

	pager_clear(&dt->pager);
	diag_clear(&d);
	if (detail_load(v, dt, dt->id, &d) != DIAG_OK)
		view_message(v, "%s", d.msg);
	dt->pager.top = top;
}

static void
detail_close(struct view *v)
{
	struct detail *dt = v->priv;

	pager_clear(&dt->pager);
	view_wipe(dt->ref, sizeof(dt->ref));
	free(dt);
}

/* Only the subject's id is noted: it is opened again after the unlock. */
static void
detail_suspend(struct view *v, struct view_resume *r)
{
	struct detail *dt = v->priv;

	r->detail_id = dt->id;
}

static void
detail_draw(struct view *v)
{
	struct detail *dt = v->priv;

	pager_draw(v, &dt->pager);
}

static unsigned
detail_handle(struct view *v, enum action_id action)
{
	struct detail *dt = v->priv;

	switch (action) {
	case ACTION_OUTCOME:
	case ACTION_OVERRIDE:
		v->ctx->push_ops = action == ACTION_OUTCOME ? &view_outcome_ops : &view_override_ops;
		v->ctx->push_arg = dt->id;
		return VIEW_HANDLED | VIEW_PUSH;
	case ACTION_HITS:
		v->ctx->push_ops = &view_hits_ops;
		v->ctx->push_arg = dt->id;
		return VIEW_HANDLED | VIEW_PUSH;
	default:
		return pager_handle(v, &dt->pager, action);
	}
}

static void
detail_title(struct view *v, char *buf, size_t size)
{
	struct detail *dt = v->priv;

	/* L10N: title of the detail view, %s is the subject's reference. */
	snprintf(buf, size, _("Subject %s"), dt->ref);
}

static void
detail_status(struct view *v, char *buf, size_t size)
{
	struct detail *dt = v->priv;

	pager_status(v, &dt->pager, buf, size);
}

const struct view_ops view_detail_ops = {
	.name = "detail",
	.keymap = KEYMAP_DETAIL,
	.open = detail_open,
	.draw = detail_draw,
	.input = NULL,
	.handle = detail_handle,
	.title = detail_title,
	.status = detail_status,
	.close = detail_close,
	.suspend = detail_suspend,
	.reveal = detail_reveal,
};
