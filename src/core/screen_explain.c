/* screen_explain: a screening hit's explanation as readable lines (see
 * screen_explain.h).
 *
 * The JSON is read with json_parse(); each line is built in a growing
 * buffer (the token pairs of a long name make a long line) and handed to
 * the caller.  The qualifiers' names ("date of birth") are the scorer's
 * English codes; they are translated here, from a table, so the JSON stays
 * the same in every language.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "json.h"
#include "screen_explain.h"

struct line {
	char *s;
	size_t len, cap;
	bool failed;
};

static void __attribute__((format(printf, 2, 3)))
line_add(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (l->failed)
		return;
	for (;;) {
		size_t room = l->cap - l->len;

		va_start(ap, fmt);
		n = vsnprintf(l->s ? l->s + l->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0) {
			l->failed = true;
			return;
		}
		if ((size_t)n < room) {
			l->len += (size_t)n;
			return;
		}
		{
			size_t cap = (l->cap + (size_t)n + 1) * 2;
			char *s = realloc(l->s, cap);

			if (s == NULL) {
				l->failed = true;
				return;
			}
			l->s = s;
			l->cap = cap;
		}
	}
}

static const char *
text_of(const struct json *obj, const char *key)
{
	const struct json *j = json_get(obj, key);

	return j && j->type == JSON_STRING ? j->text : "";
}

static double
number_of(const struct json *obj, const char *key)
{
	const struct json *j = json_get(obj, key);

	return j && j->type == JSON_NUMBER ? strtod(j->text, NULL) : 0.0;
}

/* The scorer's qualifier codes, translated.  */
static const char *
effect_name(const char *what)
{
	static const char *const names[] = {
		/* L10N: qualifiers of a screening hit, in its explanation.  */
		N_("weak alias"), N_("date of birth"), N_("nationality"), N_("kind"),
		N_("identifier"),
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(what, names[i]) == 0)
			return _(names[i]);
	return what;
}

/* Hand the line built in L to FN and start again.  */
static int
line_emit(struct line *l, screen_explain_fn fn, void *ctx)
{
	int rc;

	if (l->failed)
		return -1;
	rc = fn(ctx, l->s ? l->s : "");
	l->len = 0;
	if (l->s)
		l->s[0] = '\0';
	return rc;
}

enum diag_status
screen_explain_lines(const char *json, unsigned flags, screen_explain_fn fn, void *ctx,
		     struct diag *d)
{
	char err[128];
	struct json *root = json_parse(json ? json : "", json ? strlen(json) : 0, err, sizeof err);
	struct line l = {NULL, 0, 0, false};
	const struct json *j, *by_ident;
	int rc = 0;

	if (root == NULL || root->type != JSON_OBJECT) {
		json_free(root);
		return diag_set(d, DIAG_DATA, NULL, 0, _("bad hit explanation: %s"),
				root ? _("not an object") : err);
	}
	by_ident = json_get(root, "by_identifier");
	if (by_ident && by_ident->type == JSON_TRUE) {
		/* L10N: a hit found by a document, IMO or plate number.  */
		line_add(&l, "%s", _("found by identifier"));
		rc = line_emit(&l, fn, ctx);
	} else {
		/* L10N: the token pairs of a hit follow, "query~listed score".  */
		line_add(&l, "%s", _("tokens:"));
		if ((j = json_get(root, "pairs")) != NULL)
			for (const struct json *p = j->child; p; p = p->next)
				line_add(&l, " %s~%s %.2f", text_of(p, "query"), text_of(p, "listed"),
					 number_of(p, "score"));
		for (int side = 0; side < 2; side++)
			if ((j = json_get(root, side ? "listed_left" : "query_left")) != NULL)
				for (const struct json *t = j->child; t; t = t->next)
					if (t->type == JSON_STRING)
						/* L10N: a token that found no pair.  */
						line_add(&l, _(" [%s unmatched]"), t->text);
		if (json_get(root, "whole"))
			/* L10N: the names compared whole, without spaces.  */
			line_add(&l, _(" (whole name %.2f)"), number_of(root, "whole"));
		rc = line_emit(&l, fn, ctx);
	}
	if (rc == 0 && (j = json_get(root, "effects")) != NULL)
		for (const struct json *e = j->child; e && rc == 0; e = e->next) {
			line_add(&l, "%s %+.2f: %s", effect_name(text_of(e, "what")),
				 number_of(e, "delta"), text_of(e, "detail"));
			rc = line_emit(&l, fn, ctx);
		}
	if (rc == 0 && (flags & SCREEN_EXPLAIN_LIST)) {
		/* L10N: the list, the entry's reference and the alias matched.  */
		line_add(&l, _("list: %s %s (alias %s)"), text_of(root, "list"),
			 text_of(root, "ref")[0] ? text_of(root, "ref") : "-",
			 text_of(root, "alias"));
		rc = line_emit(&l, fn, ctx);
	}
	if (rc == 0 && text_of(root, "programme")[0]) {
		/* L10N: the programme (sanctions regime) of the listed entry.  */
		line_add(&l, "%s %s", _("programme:"), text_of(root, "programme"));
		rc = line_emit(&l, fn, ctx);
	}
	if (rc == 0 && text_of(root, "reason")[0]) {
		line_add(&l, "%s %.300s", _("reason:"), text_of(root, "reason"));
		rc = line_emit(&l, fn, ctx);
	}
	free(l.s);
	json_free(root);
	if (rc < 0)
		return diag_set(d, DIAG_SOFTWARE, NULL, 0, "%s", _("out of memory"));
	return rc ? (enum diag_status)rc : DIAG_OK;
}
