/* rules: the rule file reader and the sandboxed evaluator (see rules.h).
 *
 * How it works.  The file is cut into tokens (words, numbers, dates,
 * strings, "..", operators, parentheses, commas, and one token per end of
 * line) that carry their line and column.  A block parser reads "rule ID"
 * ... "end" blocks line by line; after "when" an expression parser reads
 * the condition up to the "end" that starts a line, and compiles it into an
 * array of nodes (and, or, not, comparisons, list membership, substring
 * tests, the allowed functions).  A problem is recorded with its position
 * and the parser skips to the next line (or, in a condition, to its "end"),
 * so one pass reports every problem in the file.
 *
 * Evaluation walks the node array over a read-only subject.  Fields are
 * read through one iterator (field_next()), never by pointer arithmetic the
 * rule controls; every node visited and every value compared costs a step,
 * and a condition that runs out of steps counts as not fired.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ref.h"
#include "rules.h"

/* Limits that keep a hostile file from costing more than a real one.  */
#define RULES_MAX 10000
#define NODES_MAX 1024
#define DEPTH_MAX 32
#define TEXT_MAX 4096
#define PROBLEMS_MAX 1000

/* --- Fields and functions --------------------------------------------------- */

enum field_type {
	FT_CODES, /* HS codes: "in" takes prefixes and ranges */
	FT_TEXT,  /* a set of text values */
	FT_NUM,
	FT_BOOL,
};

enum field_check { FC_ANY, FC_COUNTRY, FC_MODE, FC_KIND, FC_CHAPTER };

enum field_id {
	F_HS, F_CHAPTER, F_ORIGIN, F_ROUTE, F_TRANSIT, F_DESTINATION, F_MODE, F_KIND,
	F_PARTY, F_CONSIGNEE, F_CONSIGNOR, F_DECLARANT, F_CARRIER, F_NOTIFY, F_PARTY_COUNTRY,
	F_CONVEYANCE, F_CONVEYANCE_NATIONALITY, F_NAME, F_NATIONALITY, F_DOC_COUNTRY, F_PLATE,
	F_PLATE_COUNTRY, F_FINDING, F_DESCRIPTION, F_CONTAINER,
	F_ITEMS, F_VALUE, F_MASS, F_VALUE_RATIO, F_TRANSITS, F_FINDINGS, F_SCREEN_HITS,
	F_SCREEN_BEST, F_PRIOR_SEIZURES, F_PRIOR_INSPECTIONS,
	F_NEW_CONSIGNEE,
};

static const struct field {
	const char *name;
	enum field_id id;
	enum field_type type;
	enum field_check check;
} fields[] = {
	{"hs", F_HS, FT_CODES, FC_ANY},
	{"chapter", F_CHAPTER, FT_CODES, FC_CHAPTER},
	{"origin", F_ORIGIN, FT_TEXT, FC_COUNTRY},
	{"route", F_ROUTE, FT_TEXT, FC_COUNTRY},
	{"transit", F_TRANSIT, FT_TEXT, FC_COUNTRY},
	{"destination", F_DESTINATION, FT_TEXT, FC_COUNTRY},
	{"mode", F_MODE, FT_TEXT, FC_MODE},
	{"kind", F_KIND, FT_TEXT, FC_KIND},
	{"party", F_PARTY, FT_TEXT, FC_ANY},
	{"consignee", F_CONSIGNEE, FT_TEXT, FC_ANY},
	{"consignor", F_CONSIGNOR, FT_TEXT, FC_ANY},
	{"declarant", F_DECLARANT, FT_TEXT, FC_ANY},
	{"carrier", F_CARRIER, FT_TEXT, FC_ANY},
	{"notify", F_NOTIFY, FT_TEXT, FC_ANY},
	{"party_country", F_PARTY_COUNTRY, FT_TEXT, FC_COUNTRY},
	{"conveyance", F_CONVEYANCE, FT_TEXT, FC_ANY},
	{"conveyance_nationality", F_CONVEYANCE_NATIONALITY, FT_TEXT, FC_COUNTRY},
	{"name", F_NAME, FT_TEXT, FC_ANY},
	{"nationality", F_NATIONALITY, FT_TEXT, FC_COUNTRY},
	{"doc_country", F_DOC_COUNTRY, FT_TEXT, FC_COUNTRY},
	{"plate", F_PLATE, FT_TEXT, FC_ANY},
	{"plate_country", F_PLATE_COUNTRY, FT_TEXT, FC_COUNTRY},
	{"finding", F_FINDING, FT_TEXT, FC_ANY},
	{"description", F_DESCRIPTION, FT_TEXT, FC_ANY},
	{"container", F_CONTAINER, FT_TEXT, FC_ANY},
	{"items", F_ITEMS, FT_NUM, FC_ANY},
	{"value", F_VALUE, FT_NUM, FC_ANY},
	{"mass", F_MASS, FT_NUM, FC_ANY},
	{"value_ratio", F_VALUE_RATIO, FT_NUM, FC_ANY},
	{"transits", F_TRANSITS, FT_NUM, FC_ANY},
	{"findings", F_FINDINGS, FT_NUM, FC_ANY},
	{"screen_hits", F_SCREEN_HITS, FT_NUM, FC_ANY},
	{"screen_best", F_SCREEN_BEST, FT_NUM, FC_ANY},
	{"prior_seizures", F_PRIOR_SEIZURES, FT_NUM, FC_ANY},
	{"prior_inspections", F_PRIOR_INSPECTIONS, FT_NUM, FC_ANY},
	{"new_consignee", F_NEW_CONSIGNEE, FT_BOOL, FC_ANY},
};

static const struct field *
field_find(const char *name)
{
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (strcmp(fields[i].name, name) == 0)
			return &fields[i];
	return NULL;
}

/* --- Nodes -------------------------------------------------------------------- */

enum node_kind {
	N_AND,      /* a and b */
	N_OR,       /* a or b */
	N_NOT,      /* not a */
	N_NUM_CMP,  /* field (or count(field)) op num */
	N_IN,       /* field in (items); negate for "not in" */
	N_EQ,       /* field = str; negate for != */
	N_CONTAINS, /* field contains str */
	N_BOOL,     /* a boolean field */
	N_FINDING,  /* finding("code") */
	N_HAS,      /* has(field) */
};

enum cmp_op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };

struct rule_item {
	char *lo, *hi; /* hi NULL: a single value (or prefix for codes) */
	size_t len;
};

struct rule_node {
	enum node_kind kind;
	int a, b;
	enum field_id field;
	enum cmp_op op;
	bool negate, count;
	double num;
	char *str;
	struct rule_item *items;
	size_t n_items;
};

/* --- Tokens ------------------------------------------------------------------- */

enum tok_kind {
	T_EOF, T_NL, T_WORD, T_NUM, T_DATE, T_STR, T_RANGE, T_LP, T_RP, T_COMMA, T_OP, T_BAD,
};

struct tok {
	enum tok_kind kind;
	long line, col;
	size_t off, end; /* bytes of the source it covers */
	char *text; /* word, number, date, unescaped string, operator */
	enum cmp_op op;
};

struct parser {
	const char *file;
	const char *src;
	struct tok *t;
	size_t n, cap, pos;
	struct rule_problems probs;
	bool oom;
	int depth;
	struct rule *rule; /* being compiled */
	size_t nodes_cap;
};

static void
problem(struct parser *p, long line, long col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
problem(struct parser *p, long line, long col, const char *fmt, ...)
{
	struct rule_problem *v;
	va_list ap;

	if (p->probs.n >= PROBLEMS_MAX)
		return;
	v = realloc(p->probs.v, (p->probs.n + 1) * sizeof *v);
	if (v == NULL) {
		p->oom = true;
		return;
	}
	p->probs.v = v;
	v = &v[p->probs.n++];
	v->line = line;
	v->column = col;
	va_start(ap, fmt);
	vsnprintf(v->msg, sizeof v->msg, fmt, ap);
	va_end(ap);
}

static bool
tok_push(struct parser *p, enum tok_kind kind, long line, long col, const char *s, size_t n)
{
	size_t off = s && p->src ? (size_t)(s - p->src) : 0;
	struct tok *t;

	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 256;
		struct tok *v = realloc(p->t, cap * sizeof *v);

		if (v == NULL)
			return false;
		p->t = v;
		p->cap = cap;
	}
	t = &p->t[p->n];
	memset(t, 0, sizeof *t);
	t->kind = kind;
	t->line = line;
	t->col = col;
	t->off = off;
	t->end = off + n;
	if (s) {
		if ((t->text = malloc(n + 1)) == NULL)
			return false;
		memcpy(t->text, s, n);
		t->text[n] = '\0';
	}
	p->n++;
	return true;
}

static bool
is_word_start(int c)
{
	return isalpha(c) || c == '_';
}

static bool
is_word_char(int c)
{
	return isalnum(c) || c == '_' || c == '-' || c == '.';
}

/* Cut TEXT into tokens.  Columns count bytes from 1.  */
static bool
lex(struct parser *p, const char *text, size_t len)
{
	long line = 1;
	size_t i = 0, bol = 0;

	while (i < len) {
		unsigned char c = (unsigned char)text[i];
		long col = (long)(i - bol) + 1;
		size_t j;

		if (c == '\n') {
			if (!tok_push(p, T_NL, line, col, NULL, 0))
				return false;
			line++;
			bol = ++i;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r') {
			i++;
			continue;
		}
		if (c == '#') {
			while (i < len && text[i] != '\n')
				i++;
			continue;
		}
		if (c == '"' || c == '\'') {
			char *buf = malloc(len - i + 1);
			size_t n = 0;
			bool closed = false;

			if (buf == NULL)
				return false;
			for (j = i + 1; j < len && text[j] != '\n'; j++) {
				if (text[j] == (char)c) {
					closed = true;
					break;
				}
				if (text[j] == '\\' && j + 1 < len &&
				    (text[j + 1] == '\\' || text[j + 1] == '"' || text[j + 1] == '\''))
					j++;
				buf[n++] = text[j];
			}
			if (!closed) {
				free(buf);
				problem(p, line, col, _("a string is not closed on its line"));
				if (!tok_push(p, T_BAD, line, col, NULL, 0))
					return false;
				i = j;
				continue;
			}
			if (!tok_push(p, T_STR, line, col, buf, n)) {
				free(buf);
				return false;
			}
			free(buf);
			p->t[p->n - 1].off = i;
			p->t[p->n - 1].end = j + 1;
			i = j + 1;
			continue;
		}
		if (c == '.' && i + 1 < len && text[i + 1] == '.') {
			if (!tok_push(p, T_RANGE, line, col, text + i, 2))
				return false;
			i += 2;
			continue;
		}
		if (isdigit(c) || (c == '-' && i + 1 < len && isdigit((unsigned char)text[i + 1]))) {
			enum tok_kind kind = T_NUM;

			j = i + 1;
			while (j < len && isdigit((unsigned char)text[j]))
				j++;
			if (c != '-' && j < len && text[j] == '-' && j + 1 < len &&
			    isdigit((unsigned char)text[j + 1])) {
				kind = T_DATE;
				while (j < len && (isdigit((unsigned char)text[j]) || text[j] == '-'))
					j++;
			} else if (j + 1 < len && text[j] == '.' && isdigit((unsigned char)text[j + 1])) {
				j++;
				while (j < len && isdigit((unsigned char)text[j]))
					j++;
			}
			if (!tok_push(p, kind, line, col, text + i, j - i))
				return false;
			i = j;
			continue;
		}
		if (is_word_start(c)) {
			j = i + 1;
			/* A word may hold dots ("9301.10" is a number), but ".."
			 * is always a range.  */
			while (j < len && is_word_char((unsigned char)text[j]) &&
			       !(text[j] == '.' && j + 1 < len && text[j + 1] == '.'))
				j++;
			if (!tok_push(p, T_WORD, line, col, text + i, j - i))
				return false;
			i = j;
			continue;
		}
		if (c == '(' || c == ')' || c == ',') {
			if (!tok_push(p, c == '(' ? T_LP : c == ')' ? T_RP : T_COMMA, line, col,
				      text + i, 1))
				return false;
			i++;
			continue;
		}
		if (c == '=' || c == '!' || c == '<' || c == '>') {
			enum cmp_op op;
			size_t n = 1;

			if (c == '!' && !(i + 1 < len && text[i + 1] == '=')) {
				problem(p, line, col, _("unexpected character '!'"));
				tok_push(p, T_BAD, line, col, NULL, 0);
				i++;
				continue;
			}
			if (i + 1 < len && text[i + 1] == '=' && c != '=')
				n = 2;
			else if (c == '=' && i + 1 < len && text[i + 1] == '=')
				n = 2;
			op = c == '=' ? OP_EQ
			   : c == '!' ? OP_NE
			   : c == '<' ? (n == 2 ? OP_LE : OP_LT)
				      : (n == 2 ? OP_GE : OP_GT);
			if (!tok_push(p, T_OP, line, col, text + i, n))
				return false;
			p->t[p->n - 1].op = op;
			i += n;
			continue;
		}
		/* Any other byte, including the start of a UTF-8 sequence
		 * outside a string.  */
		if (c >= 0x20 && c < 0x7f)
			problem(p, line, col, _("unexpected character '%c'"), c);
		else
			problem(p, line, col, _("unexpected byte 0x%02x outside a string"), c);
		if (!tok_push(p, T_BAD, line, col, NULL, 0))
			return false;
		i++;
		while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
			i++;
	}
	return tok_push(p, T_EOF, line, (long)(len - bol) + 1, NULL, 0);
}

static struct tok *
peek(struct parser *p)
{
	return &p->t[p->pos];
}

static struct tok *
next(struct parser *p)
{
	struct tok *t = &p->t[p->pos];

	if (t->kind != T_EOF)
		p->pos++;
	return t;
}

static bool
is_word(const struct tok *t, const char *w)
{
	return t->kind == T_WORD && strcmp(t->text, w) == 0;
}

static void
skip_line(struct parser *p)
{
	while (peek(p)->kind != T_NL && peek(p)->kind != T_EOF)
		next(p);
}

/* --- Conditions ---------------------------------------------------------------- */

static int
node_new(struct parser *p, enum node_kind kind)
{
	struct rule *r = p->rule;
	struct rule_node *n;

	if (r->n_nodes >= NODES_MAX) {
		struct tok *t = peek(p);

		problem(p, t->line, t->col, _("the condition is too long (more than %d parts)"),
			NODES_MAX);
		return -1;
	}
	if (r->n_nodes == p->nodes_cap) {
		size_t cap = p->nodes_cap ? 2 * p->nodes_cap : 16;
		struct rule_node *v = realloc(r->cond, cap * sizeof *v);

		if (v == NULL) {
			p->oom = true;
			return -1;
		}
		r->cond = v;
		p->nodes_cap = cap;
	}
	n = &r->cond[r->n_nodes];
	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->a = n->b = -1;
	return (int)r->n_nodes++;
}

/* Skip newlines inside a condition.  */
static struct tok *
cpeek(struct parser *p)
{
	while (p->t[p->pos].kind == T_NL)
		p->pos++;
	return &p->t[p->pos];
}

static struct tok *
cnext(struct parser *p)
{
	cpeek(p);
	return next(p);
}

static const char *
tok_desc(const struct tok *t)
{
	switch (t->kind) {
	case T_EOF:
		return _("the end of the file");
	case T_NL:
		return _("the end of the line");
	default:
		return t->text ? t->text : "?";
	}
}

static bool
all_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

static bool
check_value(struct parser *p, const struct field *f, const struct tok *t, const char *v)
{
	static const char *const modes[] = {"road", "sea", "air", "rail", "post"};
	enum subject_kind k;

	switch (f->check) {
	case FC_COUNTRY:
		if (!ref_country_valid(v)) {
			problem(p, t->line, t->col, _("'%s' is not a country code (ISO 3166-1 alpha-2)"),
				v);
			return false;
		}
		return true;
	case FC_MODE:
		for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
			if (strcmp(v, modes[i]) == 0)
				return true;
		problem(p, t->line, t->col, _("'%s' is not a transport mode (road, sea, air, rail, post)"),
			v);
		return false;
	case FC_KIND:
		if (subject_kind_parse(v, &k))
			return true;
		problem(p, t->line, t->col,
			_("'%s' is not a kind of subject (consignment, traveller, vehicle)"), v);
		return false;
	default:
		return true;
	}
}

/* An HS code or prefix in a list: 2 to 10 digits, an even number.  */
static bool
check_code(struct parser *p, const struct field *f, const struct tok *t, const char *v)
{
	size_t n = strlen(v);

	if (!all_digits(v) || n < 2 || n > 10 || n % 2) {
		problem(p, t->line, t->col,
			_("'%s' is not an HS chapter, heading or subheading (2 to 10 digits)"), v);
		return false;
	}
	if (f->check == FC_CHAPTER && n != 2) {
		problem(p, t->line, t->col, _("'%s' is not an HS chapter (2 digits)"), v);
		return false;
	}
	return true;
}

static int parse_or(struct parser *p);

/* A list value: a word, a number, or a string.  */
static bool
list_value(const struct tok *t)
{
	return t->kind == T_WORD || t->kind == T_NUM || t->kind == T_STR;
}

static int
parse_in(struct parser *p, const struct field *f, bool negate)
{
	int id = node_new(p, N_IN);
	struct rule_node *n;
	struct tok *t;

	if (id < 0)
		return -1;
	p->rule->cond[id].field = f->id;
	p->rule->cond[id].negate = negate;
	if (f->type != FT_CODES && f->type != FT_TEXT) {
		t = cpeek(p);
		problem(p, t->line, t->col, _("'in' needs a field with text values, not '%s'"),
			f->name);
		return -1;
	}
	t = cnext(p);
	if (t->kind != T_LP) {
		problem(p, t->line, t->col, _("expected '(' after 'in', found '%s'"), tok_desc(t));
		return -1;
	}
	for (;;) {
		struct rule_item it = {NULL, NULL, 0};
		struct tok *lo = cnext(p), *hi = NULL;
		struct rule_item *v;

		if (!list_value(lo)) {
			problem(p, lo->line, lo->col, _("expected a value in the list, found '%s'"),
				tok_desc(lo));
			return -1;
		}
		if (cpeek(p)->kind == T_RANGE) {
			cnext(p);
			hi = cnext(p);
			if (f->type != FT_CODES) {
				problem(p, hi->line, hi->col, _("ranges are only for HS codes"));
				return -1;
			}
			if (!list_value(hi)) {
				problem(p, hi->line, hi->col, _("expected the end of the range, found '%s'"),
					tok_desc(hi));
				return -1;
			}
		}
		if (f->type == FT_CODES) {
			if (!check_code(p, f, lo, lo->text) || (hi && !check_code(p, f, hi, hi->text)))
				return -1;
			if (hi && strlen(hi->text) != strlen(lo->text)) {
				problem(p, hi->line, hi->col,
					_("both ends of a range need the same number of digits"));
				return -1;
			}
			if (hi && strcmp(lo->text, hi->text) > 0) {
				problem(p, hi->line, hi->col, _("the range %s..%s is empty"), lo->text,
					hi->text);
				return -1;
			}
		} else if (!check_value(p, f, lo, lo->text))
			return -1;
		it.lo = strdup(lo->text);
		it.hi = hi ? strdup(hi->text) : NULL;
		it.len = strlen(lo->text);
		n = &p->rule->cond[id];
		v = realloc(n->items, (n->n_items + 1) * sizeof *v);
		if (it.lo == NULL || (hi && it.hi == NULL) || v == NULL) {
			free(it.lo);
			free(it.hi);
			if (v)
				n->items = v;
			p->oom = true;
			return -1;
		}
		n->items = v;
		n->items[n->n_items++] = it;
		t = cnext(p);
		if (t->kind == T_RP)
			break;
		if (t->kind != T_COMMA) {
			problem(p, t->line, t->col, _("expected ',' or ')' in the list, found '%s'"),
				tok_desc(t));
			return -1;
		}
	}
	return id;
}

static int
parse_num_cmp(struct parser *p, const struct field *f, bool count)
{
	struct tok *op = cnext(p), *v;
	int id;
	char *end;

	if (op->kind != T_OP) {
		problem(p, op->line, op->col, _("expected a comparison (=, !=, <, <=, >, >=) after '%s', found '%s'"),
			f->name, tok_desc(op));
		return -1;
	}
	v = cnext(p);
	if (v->kind != T_NUM) {
		problem(p, v->line, v->col, _("'%s' is compared with a number, not '%s'"), f->name,
			tok_desc(v));
		return -1;
	}
	if ((id = node_new(p, N_NUM_CMP)) < 0)
		return -1;
	p->rule->cond[id].field = f->id;
	p->rule->cond[id].op = op->op;
	p->rule->cond[id].count = count;
	p->rule->cond[id].num = strtod(v->text, &end);
	return id;
}

static int
parse_function(struct parser *p, struct tok *name)
{
	struct tok *arg, *t;
	const struct field *f = NULL;
	int id;

	cnext(p); /* ( */
	arg = cnext(p);
	if (strcmp(name->text, "finding") == 0) {
		if (arg->kind != T_STR && arg->kind != T_WORD) {
			problem(p, arg->line, arg->col, _("finding() takes a finding code, not '%s'"),
				tok_desc(arg));
			return -1;
		}
	} else if (strcmp(name->text, "has") == 0 || strcmp(name->text, "count") == 0) {
		if (arg->kind != T_WORD || (f = field_find(arg->text)) == NULL) {
			problem(p, arg->line, arg->col, _("unknown field '%s'"), tok_desc(arg));
			return -1;
		}
		if (f->type != FT_TEXT && f->type != FT_CODES) {
			problem(p, arg->line, arg->col, _("%s() takes a field with text values, not '%s'"),
				name->text, f->name);
			return -1;
		}
	} else {
		problem(p, name->line, name->col,
			_("unknown function '%s' (allowed: finding, has, count)"), name->text);
		return -1;
	}
	t = cnext(p);
	if (t->kind != T_RP) {
		problem(p, t->line, t->col, _("expected ')' after the argument of %s(), found '%s'"),
			name->text, tok_desc(t));
		return -1;
	}
	if (strcmp(name->text, "count") == 0)
		return parse_num_cmp(p, f, true);
	id = node_new(p, strcmp(name->text, "finding") == 0 ? N_FINDING : N_HAS);
	if (id < 0)
		return -1;
	if (f)
		p->rule->cond[id].field = f->id;
	else if ((p->rule->cond[id].str = strdup(arg->text)) == NULL) {
		p->oom = true;
		return -1;
	}
	return id;
}

static int
parse_primary(struct parser *p)
{
	struct tok *t = cnext(p), *op;
	const struct field *f;
	int id;

	if (t->kind == T_LP) {
		if ((id = parse_or(p)) < 0)
			return -1;
		t = cnext(p);
		if (t->kind != T_RP) {
			problem(p, t->line, t->col, _("expected ')', found '%s'"), tok_desc(t));
			return -1;
		}
		return id;
	}
	if (t->kind != T_WORD || is_word(t, "end")) {
		problem(p, t->line, t->col, _("expected a condition, found '%s'"), tok_desc(t));
		return -1;
	}
	if (cpeek(p)->kind == T_LP)
		return parse_function(p, t);
	if ((f = field_find(t->text)) == NULL) {
		problem(p, t->line, t->col, _("unknown field '%s'"), t->text);
		return -1;
	}
	if (f->type == FT_BOOL) {
		if ((id = node_new(p, N_BOOL)) >= 0)
			p->rule->cond[id].field = f->id;
		return id;
	}
	if (f->type == FT_NUM)
		return parse_num_cmp(p, f, false);

	op = cpeek(p);
	if (is_word(op, "in")) {
		cnext(p);
		return parse_in(p, f, false);
	}
	if (is_word(op, "not") && p->pos + 1 < p->n && is_word(&p->t[p->pos + 1], "in")) {
		cnext(p);
		cnext(p);
		return parse_in(p, f, true);
	}
	if (is_word(op, "contains")) {
		struct tok *v;

		cnext(p);
		v = cnext(p);
		if (v->kind != T_STR && v->kind != T_WORD && v->kind != T_NUM) {
			problem(p, v->line, v->col, _("'contains' needs a text, not '%s'"), tok_desc(v));
			return -1;
		}
		if ((id = node_new(p, N_CONTAINS)) < 0)
			return -1;
		p->rule->cond[id].field = f->id;
		if ((p->rule->cond[id].str = strdup(v->text)) == NULL)
			p->oom = true;
		return id;
	}
	if (op->kind == T_OP && (op->op == OP_EQ || op->op == OP_NE)) {
		struct tok *v;

		cnext(p);
		v = cnext(p);
		if (!list_value(v)) {
			problem(p, v->line, v->col, _("expected a value after '%s', found '%s'"), op->text,
				tok_desc(v));
			return -1;
		}
		if (f->type == FT_CODES ? !check_code(p, f, v, v->text) : !check_value(p, f, v, v->text))
			return -1;
		if ((id = node_new(p, N_EQ)) < 0)
			return -1;
		p->rule->cond[id].field = f->id;
		p->rule->cond[id].negate = op->op == OP_NE;
		if ((p->rule->cond[id].str = strdup(v->text)) == NULL)
			p->oom = true;
		return id;
	}
	problem(p, op->line, op->col,
		_("expected 'in', 'not in', 'contains', '=' or '!=' after '%s', found '%s'"), f->name,
		tok_desc(op));
	return -1;
}

static int
parse_unary(struct parser *p)
{
	struct tok *t = cpeek(p);
	int id, a;

	if (++p->depth > DEPTH_MAX) {
		problem(p, t->line, t->col, _("the condition nests more than %d levels deep"),
			DEPTH_MAX);
		return -1;
	}
	if (is_word(t, "not")) {
		cnext(p);
		if ((a = parse_unary(p)) < 0)
			return -1;
		if ((id = node_new(p, N_NOT)) >= 0)
			p->rule->cond[id].a = a;
	} else
		id = parse_primary(p);
	p->depth--;
	return id;
}

static int
parse_and(struct parser *p)
{
	int a = parse_unary(p), b, id;

	while (a >= 0 && is_word(cpeek(p), "and")) {
		cnext(p);
		if ((b = parse_unary(p)) < 0)
			return -1;
		if ((id = node_new(p, N_AND)) < 0)
			return -1;
		p->rule->cond[id].a = a;
		p->rule->cond[id].b = b;
		a = id;
	}
	return a;
}

static int
parse_or(struct parser *p)
{
	int a, b, id;

	if (++p->depth > DEPTH_MAX) {
		struct tok *t = cpeek(p);

		problem(p, t->line, t->col, _("the condition nests more than %d levels deep"),
			DEPTH_MAX);
		return -1;
	}
	a = parse_and(p);
	while (a >= 0 && is_word(cpeek(p), "or")) {
		cnext(p);
		if ((b = parse_and(p)) < 0)
			return -1;
		if ((id = node_new(p, N_OR)) < 0)
			return -1;
		p->rule->cond[id].a = a;
		p->rule->cond[id].b = b;
		a = id;
	}
	p->depth--;
	return a;
}

/* Is the token at POS the "end" that closes the block (first on its line)? */
static bool
at_block_end(struct parser *p, size_t pos)
{
	return is_word(&p->t[pos], "end") && (pos == 0 || p->t[pos - 1].kind == T_NL);
}

/* Parse the condition after "when"; the root is the last node.  Leaves the
 * parser on the closing "end" (or at the end of the file).  */
static bool
parse_condition(struct parser *p)
{
	struct tok *first = cpeek(p), *t;
	size_t start_pos = p->pos;
	int root;

	if (at_block_end(p, p->pos) || first->kind == T_EOF) {
		problem(p, first->line, first->col, _("'when' needs a condition"));
		return false;
	}
	p->depth = 0;
	root = parse_or(p);
	if (root >= 0) {
		t = cpeek(p);
		if (!at_block_end(p, p->pos) && t->kind != T_EOF) {
			problem(p, t->line, t->col, _("unexpected '%s' after the condition"),
				tok_desc(t));
			root = -1;
		}
	}
	/* Move to the block's end whatever happened.  */
	while (p->t[p->pos].kind != T_EOF && !at_block_end(p, p->pos))
		p->pos++;
	if (root < 0)
		return false;
	p->rule->root = root;
	/* Keep the condition's text for display: its source, with runs of
	 * white space (and comments) made one space.  */
	{
		const struct tok *first_tok = &p->t[start_pos], *last = NULL;
		char *out;
		size_t n = 0;

		for (size_t i = start_pos; i < p->pos; i++)
			if (p->t[i].kind != T_NL)
				last = &p->t[i];
		if (last == NULL)
			return false;
		if ((out = malloc(last->end - first_tok->off + 1)) == NULL) {
			p->oom = true;
			return false;
		}
		for (size_t i = start_pos; i < p->pos; i++) {
			const struct tok *k = &p->t[i];

			if (k->kind == T_NL)
				continue;
			if (n > 0 && k->off > p->t[i - 1].end)
				out[n++] = ' ';
			memcpy(out + n, p->src + k->off, k->end - k->off);
			n += k->end - k->off;
		}
		out[n] = '\0';
		p->rule->condition = out;
	}
	return true;
}

/* --- Blocks --------------------------------------------------------------------- */

static bool
valid_date(const char *s)
{
	int y, m, d;
	char tail;
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return false;
	if (s[4] != '-' || s[7] != '-' || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return false;
	return true;
}

static bool
valid_id(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' && *s != '.')
			return false;
	return true;
}

/* The rest of the line must be empty.  */
static void
end_of_line(struct parser *p, const char *keyword)
{
	struct tok *t = peek(p);

	if (t->kind != T_NL && t->kind != T_EOF) {
		problem(p, t->line, t->col, _("unexpected '%s' after %s"), tok_desc(t), keyword);
		skip_line(p);
	}
}

static void
take_string(struct parser *p, struct tok *kw, char **dst)
{
	struct tok *t = next(p);

	if (*dst) {
		problem(p, kw->line, kw->col, _("'%s' given twice"), kw->text);
		skip_line(p);
		return;
	}
	if (t->kind == T_BAD) {
		skip_line(p); /* the lexer said what is wrong */
		return;
	}
	if (t->kind != T_STR) {
		problem(p, t->line, t->col, _("'%s' needs a quoted text, found '%s'"), kw->text,
			tok_desc(t));
		skip_line(p);
		return;
	}
	if (t->text[0] == '\0') {
		problem(p, t->line, t->col, _("'%s' is empty"), kw->text);
		return;
	}
	if (strlen(t->text) > TEXT_MAX) {
		problem(p, t->line, t->col, _("'%s' is longer than %d bytes"), kw->text, TEXT_MAX);
		return;
	}
	if ((*dst = strdup(t->text)) == NULL)
		p->oom = true;
	end_of_line(p, kw->text);
}

static long
take_int(struct parser *p, struct tok *kw, long lo, long hi, bool *ok)
{
	struct tok *t = next(p);
	char *end;
	long v;

	*ok = false;
	if (t->kind != T_NUM || strchr(t->text, '.')) {
		problem(p, t->line, t->col, _("'%s' needs a whole number, found '%s'"), kw->text,
			tok_desc(t));
		skip_line(p);
		return 0;
	}
	v = strtol(t->text, &end, 10);
	if (v < lo || v > hi) {
		problem(p, t->line, t->col, _("'%s' must be from %ld to %ld, not %s"), kw->text, lo,
			hi, t->text);
		skip_line(p);
		return 0;
	}
	*ok = true;
	end_of_line(p, kw->text);
	return v;
}

static void
take_valid(struct parser *p, struct tok *kw, struct rule *r)
{
	struct tok *t = next(p);
	struct tok *from = NULL, *to = NULL;

	if (t->kind == T_DATE) {
		from = t;
		t = next(p);
	}
	if (t->kind != T_RANGE) {
		problem(p, t->line, t->col, _("'valid' needs FROM..TO (dates YYYY-MM-DD, either may be left out)"));
		skip_line(p);
		return;
	}
	if (peek(p)->kind == T_DATE)
		to = next(p);
	if ((from && !valid_date(from->text)) || (to && !valid_date(to->text))) {
		struct tok *bad = from && !valid_date(from->text) ? from : to;

		problem(p, bad->line, bad->col, _("'%s' is not a date (YYYY-MM-DD)"), bad->text);
		skip_line(p);
		return;
	}
	if (from && to && strcmp(from->text, to->text) > 0) {
		problem(p, to->line, to->col, _("the validity ends (%s) before it starts (%s)"),
			to->text, from->text);
		skip_line(p);
		return;
	}
	snprintf(r->valid_from, sizeof r->valid_from, "%s", from ? from->text : "");
	snprintf(r->valid_to, sizeof r->valid_to, "%s", to ? to->text : "");
	end_of_line(p, kw->text);
}

static void
rule_free(struct rule *r)
{
	for (size_t i = 0; i < r->n_nodes; i++) {
		free(r->cond[i].str);
		for (size_t k = 0; k < r->cond[i].n_items; k++) {
			free(r->cond[i].items[k].lo);
			free(r->cond[i].items[k].hi);
		}
		free(r->cond[i].items);
	}
	free(r->cond);
	free(r->id);
	free(r->reason);
	free(r->instructions);
	free(r->source);
	free(r->condition);
	memset(r, 0, sizeof *r);
}

/* Parse one block; P is just after "rule".  */
static void
parse_block(struct parser *p, struct tok *kw, struct rule *r)
{
	struct tok *id = next(p);
	bool have_version = false, have_weight = false, have_when = false, ok;
	bool have_valid = false;

	memset(r, 0, sizeof *r);
	r->line = kw->line;
	if ((id->kind != T_WORD && id->kind != T_NUM) || !valid_id(id->text)) {
		problem(p, id->line, id->col,
			_("a rule needs an id of letters, digits, '-', '_' or '.' (at most 64), found '%s'"),
			tok_desc(id));
		skip_line(p);
	} else {
		if ((r->id = strdup(id->text)) == NULL)
			p->oom = true;
		end_of_line(p, "rule");
	}
	p->rule = r;
	p->nodes_cap = 0;
	for (;;) {
		struct tok *t = next(p);

		if (t->kind == T_NL)
			continue;
		if (t->kind == T_EOF) {
			problem(p, kw->line, kw->col, _("rule %s has no 'end'"), r->id ? r->id : "?");
			break;
		}
		if (t->kind != T_WORD) {
			problem(p, t->line, t->col, _("expected a keyword, found '%s'"), tok_desc(t));
			skip_line(p);
			continue;
		}
		if (strcmp(t->text, "end") == 0) {
			end_of_line(p, "end");
			break;
		}
		if (strcmp(t->text, "rule") == 0) {
			problem(p, t->line, t->col, _("rule %s has no 'end' before the next rule"),
				r->id ? r->id : "?");
			p->pos--;
			break;
		}
		if (have_when) {
			/* parse_condition stops only at "end".  */
			problem(p, t->line, t->col, _("'when' must be the last part of a rule"));
			skip_line(p);
			continue;
		}
		if (strcmp(t->text, "version") == 0) {
			if (have_version)
				problem(p, t->line, t->col, _("'%s' given twice"), t->text);
			r->version = (int)take_int(p, t, 1, 1000000, &ok);
			have_version = true;
		} else if (strcmp(t->text, "weight") == 0) {
			if (have_weight || r->floor)
				problem(p, t->line, t->col, _("a rule has one weight or one floor, not both"));
			r->weight = (int)take_int(p, t, -1000, 1000, &ok);
			have_weight = true;
		} else if (strcmp(t->text, "floor") == 0) {
			struct tok *v = next(p);

			if (have_weight || r->floor)
				problem(p, t->line, t->col, _("a rule has one weight or one floor, not both"));
			if (is_word(v, "red"))
				r->floor = LANE_RED;
			else if (is_word(v, "yellow"))
				r->floor = LANE_YELLOW;
			else {
				problem(p, v->line, v->col, _("'floor' is red or yellow, not '%s'"),
					tok_desc(v));
				skip_line(p);
				continue;
			}
			end_of_line(p, "floor");
		} else if (strcmp(t->text, "valid") == 0) {
			if (have_valid)
				problem(p, t->line, t->col, _("'%s' given twice"), t->text);
			have_valid = true;
			take_valid(p, t, r);
		} else if (strcmp(t->text, "reason") == 0)
			take_string(p, t, &r->reason);
		else if (strcmp(t->text, "instructions") == 0)
			take_string(p, t, &r->instructions);
		else if (strcmp(t->text, "source") == 0)
			take_string(p, t, &r->source);
		else if (strcmp(t->text, "when") == 0) {
			have_when = true;
			parse_condition(p);
		} else {
			problem(p, t->line, t->col,
				_("unknown keyword '%s' (version, valid, weight, floor, reason, "
				  "instructions, source, when, end)"),
				t->text);
			skip_line(p);
		}
	}
	if (!have_version)
		problem(p, kw->line, kw->col, _("rule %s has no 'version'"), r->id ? r->id : "?");
	if (!have_weight && !r->floor)
		problem(p, kw->line, kw->col, _("rule %s has neither 'weight' nor 'floor'"),
			r->id ? r->id : "?");
	if (r->reason == NULL)
		problem(p, kw->line, kw->col, _("rule %s has no 'reason'"), r->id ? r->id : "?");
	if (!have_when)
		problem(p, kw->line, kw->col, _("rule %s has no 'when'"), r->id ? r->id : "?");
	p->rule = NULL;
}

static int
cmp_problem(const void *a, const void *b)
{
	const struct rule_problem *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->column < y->column ? -1 : x->column > y->column;
}

enum diag_status
rules_parse(const char *text, size_t len, const char *file, struct rule_set **out,
	    struct rule_problems *probs, struct diag *d)
{
	struct parser p;
	struct rule_set *rs = NULL;
	enum diag_status status = DIAG_OK;

	*out = NULL;
	if (probs)
		memset(probs, 0, sizeof *probs);
	memset(&p, 0, sizeof p);
	p.file = file;
	p.src = text;
	if (memchr(text, '\0', len)) {
		return diag_set(d, DIAG_DATA, file, 0, _("a rules file is text; this one holds a NUL byte"));
	}
	if ((rs = calloc(1, sizeof *rs)) == NULL || !lex(&p, text, len))
		goto oom;
	while (peek(&p)->kind != T_EOF) {
		struct tok *t = next(&p);

		if (t->kind == T_NL)
			continue;
		if (!is_word(t, "rule")) {
			problem(&p, t->line, t->col, _("expected 'rule ID', found '%s'"), tok_desc(t));
			skip_line(&p);
			continue;
		}
		if (rs->n >= RULES_MAX) {
			problem(&p, t->line, t->col, _("more than %d rules"), RULES_MAX);
			break;
		}
		{
			struct rule *v = realloc(rs->rules, (rs->n + 1) * sizeof *v);

			if (v == NULL)
				goto oom;
			rs->rules = v;
		}
		parse_block(&p, t, &rs->rules[rs->n]);
		rs->n++;
		if (p.oom)
			goto oom;
	}
	/* Rule ids are unique.  */
	for (size_t i = 0; i < rs->n; i++)
		for (size_t k = 0; k < i; k++)
			if (rs->rules[i].id && rs->rules[k].id &&
			    strcmp(rs->rules[i].id, rs->rules[k].id) == 0) {
				problem(&p, rs->rules[i].line, 6, _("rule %s is also defined on line %ld"),
					rs->rules[i].id, rs->rules[k].line);
				break;
			}
	if (rs->n == 0 && p.probs.n == 0)
		problem(&p, 1, 1, _("the file holds no rule"));
	if (p.oom)
		goto oom;
	if (p.probs.n > 0) {
		qsort(p.probs.v, p.probs.n, sizeof *p.probs.v, cmp_problem);
		status = diag_set(d, DIAG_DATA, file, p.probs.v[0].line,
				  P_("%zu problem in the rules file, the first: %s",
				     "%zu problems in the rules file, the first: %s", p.probs.n),
				  p.probs.n, p.probs.v[0].msg);
		rule_set_free(rs);
		rs = NULL;
	}
	goto out;
oom:
	status = diag_set(d, DIAG_SOFTWARE, file, 0, _("out of memory"));
	rule_set_free(rs);
	rs = NULL;
out:
	for (size_t i = 0; i < p.n; i++)
		free(p.t[i].text);
	free(p.t);
	if (probs && status == DIAG_DATA)
		*probs = p.probs;
	else
		free(p.probs.v);
	*out = rs;
	return status;
}

void
rule_set_free(struct rule_set *rs)
{
	if (rs == NULL)
		return;
	for (size_t i = 0; i < rs->n; i++)
		rule_free(&rs->rules[i]);
	free(rs->rules);
	free(rs);
}

void
rule_problems_clear(struct rule_problems *p)
{
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

const struct rule *
rule_set_find(const struct rule_set *rs, const char *id)
{
	for (size_t i = 0; rs && i < rs->n; i++)
		if (strcmp(rs->rules[i].id, id) == 0)
			return &rs->rules[i];
	return NULL;
}

bool
rule_valid_on(const struct rule *r, const char *date)
{
	char day[11];

	if (date == NULL || strlen(date) < 10)
		return true;
	memcpy(day, date, 10);
	day[10] = '\0';
	if (r->valid_from[0] && strcmp(day, r->valid_from) < 0)
		return false;
	if (r->valid_to[0] && strcmp(day, r->valid_to) > 0)
		return false;
	return true;
}

/* --- Evaluation ------------------------------------------------------------------ */

/* The next value of text field F of S after position *I, or NULL.  */
static const char *
field_next(enum field_id f, const struct subject *s, size_t *i)
{
	const char *role = NULL;

	switch (f) {
	case F_HS:
	case F_CHAPTER:
		while (*i < s->n_items)
			if (s->items[(*i)++].hs_code)
				return s->items[*i - 1].hs_code;
		return NULL;
	case F_DESCRIPTION:
		while (*i < s->n_items)
			if (s->items[(*i)++].description)
				return s->items[*i - 1].description;
		return NULL;
	case F_ORIGIN: {
		bool any = false;

		for (size_t k = 0; k < s->n_items; k++)
			any = any || s->items[k].origin;
		if (!any) {
			/* No item says: the country of dispatch.  */
			if (*i == 0) {
				*i = 1;
				return subject_origin(s);
			}
			return NULL;
		}
		while (*i < s->n_items)
			if (s->items[(*i)++].origin)
				return s->items[*i - 1].origin;
		return NULL;
	}
	case F_ROUTE:
		return *i < s->n_route ? s->route[(*i)++] : NULL;
	case F_TRANSIT:
		if (*i == 0)
			*i = 1;
		return *i + 1 < s->n_route ? s->route[(*i)++] : NULL;
	case F_CONSIGNEE:
		role = "consignee";
		goto by_role;
	case F_CONSIGNOR:
		role = "consignor";
		goto by_role;
	case F_DECLARANT:
		role = "declarant";
		goto by_role;
	case F_CARRIER:
		role = "carrier";
		goto by_role;
	case F_NOTIFY:
		role = "notify";
	by_role:
		while (*i < s->n_parties) {
			const struct party *pa = &s->parties[(*i)++];

			if (pa->role && pa->name && strcmp(pa->role, role) == 0)
				return pa->name;
		}
		return NULL;
	case F_PARTY:
		while (*i < s->n_parties)
			if (s->parties[(*i)++].name)
				return s->parties[*i - 1].name;
		if (*i == s->n_parties && s->name) {
			(*i)++;
			return s->name;
		}
		return NULL;
	case F_PARTY_COUNTRY:
		while (*i < s->n_parties)
			if (s->parties[(*i)++].country)
				return s->parties[*i - 1].country;
		return NULL;
	case F_FINDING:
		return *i < s->n_findings ? s->findings[(*i)++].code : NULL;
	case F_CONTAINER:
		return *i < s->n_containers ? s->containers[(*i)++].number : NULL;
	default:
		break;
	}
	/* Single values.  */
	if (*i > 0)
		return NULL;
	*i = 1;
	switch (f) {
	case F_DESTINATION:
		return subject_destination(s);
	case F_MODE:
		return s->mode;
	case F_KIND:
		return subject_kind_name(s->kind);
	case F_CONVEYANCE:
		return s->conveyance;
	case F_CONVEYANCE_NATIONALITY:
		return s->conveyance_nationality;
	case F_NAME:
		return s->name;
	case F_NATIONALITY:
		return s->nationality;
	case F_DOC_COUNTRY:
		return s->doc_country;
	case F_PLATE:
		return s->plate;
	case F_PLATE_COUNTRY:
		return s->plate_country;
	default:
		return NULL;
	}
}

/* Case-insensitive (ASCII) equality and substring.  */
static bool
text_eq(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

static bool
text_contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (n == 0)
		return true;
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

static bool
item_match(const struct rule_item *it, const char *v, bool codes)
{
	if (!codes)
		return text_eq(v, it->lo);
	if (strlen(v) < it->len)
		return false;
	if (it->hi == NULL)
		return strncmp(v, it->lo, it->len) == 0;
	return strncmp(v, it->lo, it->len) >= 0 && strncmp(v, it->hi, it->len) <= 0;
}

static double
field_number(enum field_id f, const struct rule_input *in, bool *known)
{
	const struct subject *s = in->s;
	const struct risk_facts *x = in->facts;
	double m = 0;

	*known = true;
	switch (f) {
	case F_ITEMS:
		return (double)s->n_items;
	case F_VALUE:
		*known = in->value_eur >= 0;
		return in->value_eur;
	case F_MASS:
		*known = false;
		for (size_t i = 0; i < s->n_items; i++)
			if (s->items[i].gross_mass >= 0) {
				m += s->items[i].gross_mass;
				*known = true;
			}
		return m;
	case F_VALUE_RATIO:
		*known = in->value_ratio >= 0;
		return in->value_ratio;
	case F_TRANSITS:
		return s->n_route > 2 ? (double)(s->n_route - 2) : 0;
	case F_FINDINGS:
		return (double)s->n_findings;
	case F_SCREEN_HITS:
		return x ? x->screen_hits : 0;
	case F_SCREEN_BEST:
		return x ? x->screen_best : 0;
	case F_PRIOR_SEIZURES:
		return x ? x->prior_seizures : 0;
	case F_PRIOR_INSPECTIONS:
		return x ? x->prior_inspections : 0;
	default:
		*known = false;
		return 0;
	}
}

static bool
num_cmp(double a, enum cmp_op op, double b)
{
	switch (op) {
	case OP_EQ:
		return a == b;
	case OP_NE:
		return a != b;
	case OP_LT:
		return a < b;
	case OP_LE:
		return a <= b;
	case OP_GT:
		return a > b;
	default:
		return a >= b;
	}
}

/* Evaluate node ID; *STEPS is the budget left.  Returns 0, 1, or -1 when
 * the budget ran out.  */
static int
eval(const struct rule *r, int id, const struct rule_input *in, long *steps)
{
	const struct rule_node *n = &r->cond[id];
	const char *v;
	size_t i = 0;
	int a;

	if (--*steps < 0)
		return -1;
	switch (n->kind) {
	case N_AND:
		if ((a = eval(r, n->a, in, steps)) != 1)
			return a;
		return eval(r, n->b, in, steps);
	case N_OR:
		if ((a = eval(r, n->a, in, steps)) != 0)
			return a;
		return eval(r, n->b, in, steps);
	case N_NOT:
		a = eval(r, n->a, in, steps);
		return a < 0 ? a : !a;
	case N_BOOL:
		return in->facts && in->facts->new_consignee;
	case N_NUM_CMP: {
		bool known;
		double x;

		if (n->count) {
			x = 0;
			while ((v = field_next(n->field, in->s, &i)) != NULL) {
				if (--*steps < 0)
					return -1;
				x++;
			}
			known = true;
		} else
			x = field_number(n->field, in, &known);
		return known && num_cmp(x, n->op, n->num);
	}
	case N_IN: {
		bool codes = n->field == F_HS || n->field == F_CHAPTER;

		while ((v = field_next(n->field, in->s, &i)) != NULL)
			for (size_t k = 0; k < n->n_items; k++) {
				if (--*steps < 0)
					return -1;
				if (item_match(&n->items[k], v, codes))
					return !n->negate;
			}
		return n->negate;
	}
	case N_EQ: {
		bool codes = n->field == F_HS || n->field == F_CHAPTER;

		while ((v = field_next(n->field, in->s, &i)) != NULL) {
			if (--*steps < 0)
				return -1;
			if (codes ? strcmp(v, n->str) == 0 : text_eq(v, n->str))
				return !n->negate;
		}
		return n->negate;
	}
	case N_CONTAINS:
		while ((v = field_next(n->field, in->s, &i)) != NULL) {
			*steps -= 1 + (long)(strlen(v) / 64);
			if (*steps < 0)
				return -1;
			if (text_contains(v, n->str))
				return 1;
		}
		return 0;
	case N_FINDING:
		for (size_t k = 0; k < in->s->n_findings; k++) {
			if (--*steps < 0)
				return -1;
			if (in->s->findings[k].code && strcmp(in->s->findings[k].code, n->str) == 0)
				return 1;
		}
		return 0;
	case N_HAS:
		while ((v = field_next(n->field, in->s, &i)) != NULL)
			if (*v)
				return 1;
		return 0;
	}
	return 0;
}

enum rule_eval_result
rule_eval(const struct rule *r, const struct rule_input *in, long budget)
{
	int res;

	if (r->n_nodes == 0)
		return RULE_FALSE;
	res = eval(r, r->root, in, &budget);
	if (res < 0)
		return RULE_BUDGET;
	return res ? RULE_TRUE : RULE_FALSE;
}
