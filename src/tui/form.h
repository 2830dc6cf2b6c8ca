/* form: fields an inspector fills in, for the outcome, lane override and
 * walk-in views.
 *
 * A form view keeps what is typed in its own state (plain char arrays) and
 * describes it, before every draw and key, as a list of rows that point
 * into that state: headings, text fields, list fields (a code from a
 * table, typed or stepped through with Left/Right/Space) and tick boxes.
 * Nothing typed lives in the rows, so a resize, or a seizure line added or
 * removed, only changes how the rows are laid out.
 *
 * Fields are checked as they are typed: an unknown code, HS code or
 * country, a number or a date that cannot be one shows its problem next
 * to the field; a list field shows its code's label.  form_problem()
 * gives the first problem of the whole form ("seizures[1].hs: unknown
 * HS code") and form_focus() puts the cursor on a field by that name.
 */
#ifndef DOUANE_TUI_FORM_H
#define DOUANE_TUI_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "outcome.h"
#include "view.h"

enum form_row_kind {
	FORM_HEADING,
	FORM_TEXT,
	FORM_CHOICE,
	FORM_TOGGLE,
};

/* How a text field is checked as it is typed.  */
enum form_check {
	FORM_CHECK_NONE,
	FORM_CHECK_HS,       /* an HS 2022 code (ref_hs_valid) */
	FORM_CHECK_DECIMAL,  /* "12.5" */
	FORM_CHECK_CURRENCY, /* three capitals */
	FORM_CHECK_COUNTRY,  /* an ISO 3166 code the tables know */
	FORM_CHECK_DATE,     /* "1980-02-29" */
};

struct form_row {
	enum form_row_kind kind;
	const char *label; /* translated */
	char *text;        /* TEXT, CHOICE: the field's buffer */
	size_t size;       /* its size */
	bool *on;          /* TOGGLE */
	const struct outcome_code *codes; /* CHOICE; labels N_ marked */
	enum form_check check;
	bool required;
	char name[40]; /* "seizures[1].hs": as validation messages name it */
	int line;      /* seizure line (from 1), 0 outside one */
};

#define FORM_ROWS_MAX 640

struct form {
	struct form_row rows[FORM_ROWS_MAX];
	size_t n;
	size_t cursor; /* a row that is not a heading */
	size_t top;    /* first row on screen */
	size_t height; /* the height it was drawn at */
};

/* Start the list of rows again (the cursor stays where it was).  */
void form_reset(struct form *f);
/* Append a row; NULL when the form is full.  */
struct form_row *form_add(struct form *f, enum form_row_kind kind, const char *label);
/* After the rows are built: keep the cursor on a field.  */
void form_settle(struct form *f);

void form_draw(struct view *v, struct form *f);
/* Typing into the field under the cursor.  */
unsigned form_input(struct view *v, struct form *f, int key);
/* Moving between fields, stepping lists, ticking boxes, clearing. */
unsigned form_handle(struct view *v, struct form *f, enum action_id action);

/* The problem of row R as typed, or NULL ("unknown HS code").  A required
 * field that is empty has a problem only when MISSING.  */
const char *form_row_problem(const struct form_row *r, bool missing);
/* The first problem of the form, as "name: problem" into BUF; false when
 * there is none.  The cursor goes to its field.  */
bool form_problem(struct form *f, char *buf, size_t size);
/* Put the cursor on the field named NAME (the start of a validation
 * message "NAME: ..."); false when there is none.  */
bool form_focus(struct form *f, const char *message);

/* The translated label of CODE in CODES, or NULL.  */
const char *form_code_label(const struct outcome_code *codes, const char *code);

#endif
