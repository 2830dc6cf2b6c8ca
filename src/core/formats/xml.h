/* xml: a libxml2 streaming reader set up safely, shared by every XML reader.
 *
 * Everything douane reads as XML comes from outside: manifests from traders
 * and carriers, watchlists from other governments.  This file is the one
 * place that decides how libxml2 may treat such input:
 *
 *   - no network (XML_PARSE_NONET), and no external entity or DTD is ever
 *     loaded: while one of our readers is being advanced, libxml2's external
 *     entity loader refuses every request;
 *   - entities are never substituted (no XML_PARSE_NOENT, DTDLOAD, DTDATTR
 *     or HUGE); a DOCTYPE that declares entities or names an external DTD,
 *     and any entity reference, is an error;
 *   - limits: elements nested at most XML_MAX_DEPTH deep, text nodes at most
 *     XML_MAX_TEXT bytes (and XML_MAX_TEXT_RAW in the file), attribute
 *     values at most XML_MAX_ATTR bytes, at
 *     most XML_MAX_ATTRS attributes (namespace declarations included) in
 *     one start tag;
 *   - encodings: a document in another encoding than UTF-8 (declared in its
 *     XML declaration, or UTF-16 with a byte order mark) is converted by
 *     libxml2 when it knows the encoding; an encoding it does not know, or
 *     bytes that are not valid in the declared one, refuse the file;
 *   - every libxml2 error (malformed XML, invalid UTF-8, a truncated file)
 *     becomes a DIAG_DATA with the file, the line and libxml2's reason;
 *     nothing is ever printed on stderr by libxml2.
 *
 * The reader is pulled node by node with xml_reader_next(); the helpers below
 * walk the children of an element, read an element's text, and read the
 * attributes of an element against the list of those allowed.  Nodes already
 * passed are freed by libxml2, so memory does not grow with the file.
 */
#ifndef DOUANE_FORMATS_XML_H
#define DOUANE_FORMATS_XML_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/xmlreader.h>

#include "diag.h"

#define XML_MAX_DEPTH 64
#define XML_MAX_TEXT (1024 * 1024)
#define XML_MAX_ATTR 4096
#define XML_MAX_ATTRS 1024
/* Text as it comes in the file (entity and character references, UTF-16
 * take more bytes than they give) may be this long between two tags before
 * libxml2 gathers it: it would gather up to 10 MB.  */
#define XML_MAX_TEXT_RAW (4 * XML_MAX_TEXT)
#define XML_ATTRS_MAX 8

#define XML_NS_XSI "http://www.w3.org/2001/XMLSchema-instance"

/* Reads up to LEN bytes into BUF; returns how many, 0 at the end, -1 on an
 * error (the callback reports it through its own context).  */
typedef int (*xml_read_fn)(void *ctx, char *buf, int len);

struct xml_reader {
	xmlTextReaderPtr r;
	const char *file;  /* name used in messages, not owned */
	bool failed;       /* libxml2 reported an error ... */
	struct diag error; /* ... this one (the first) */

	/* The input, and what a scan of its bytes saw on the way to libxml2:
	 * the line of the first "<!DOCTYPE" and "<!ENTITY", so that errors
	 * about them name the right line (libxml2 keeps none for a DTD).  */
	xml_read_fn read;
	void *read_ctx;
	bool eof;                 /* the input has been read to its end */
	unsigned long long bytes; /* how much of it */
	long scan_line;
	int scan_doctype, scan_entity;  /* characters matched so far */
	long doctype_line, entity_line; /* 0 when not seen */
	bool scan_done; /* the root element was reached: no DTD can follow */
	char encoding[48]; /* as the XML declaration names it, or "" */
	char head[160];    /* the first bytes, where the declaration is */
	int head_len;

	/* Where the scan is in the markup, to count the attributes of each
	 * start tag before libxml2 parses it (libxml2 2.9 takes time
	 * quadratic in their number): see xml_scan_tags() in xml.c.  */
	int tag_state;
	int tag_run;       /* '-', ']' or '?' just seen, or prefix matched */
	char tag_quote;    /* the quote an attribute value is in */
	long tag_attrs;    /* '=' seen in the current start tag */
	long text_run;     /* bytes of text and CDATA since the last tag */
	long tag_line;     /* line the current tag starts on */
	long all_line;     /* line the scan of tags is on */

	/* The current node's type and depth, as xml_reader_next() found
	 * them: asked for several times per node, kept to save the calls.  */
	int type, depth;
};

/* Start reading the document that READ returns, named FILE in messages.  */
enum diag_status xml_reader_open(struct xml_reader *x, const char *file, xml_read_fn read,
                                 void *read_ctx, struct diag *d);
void xml_reader_close(struct xml_reader *x);

/* Advance to the next node; *MORE is false at the end of the document.
 * Enforces every rule and limit above.  */
enum diag_status xml_reader_next(struct xml_reader *x, bool *more, struct diag *d);

/* Line of the current node (its start tag for elements).  */
long xml_reader_line(struct xml_reader *x);

/* The current node.  */
int xml_reader_type(struct xml_reader *x);
const char *xml_reader_name(struct xml_reader *x);      /* local name */
const char *xml_reader_namespace(struct xml_reader *x); /* URI, or NULL */
int xml_reader_depth(struct xml_reader *x);

/* Advance to the first element (the root); a document without one is an
 * error.  */
enum diag_status xml_reader_root(struct xml_reader *x, struct diag *d);

/* Walking the children of an element: begin on its start tag, then each
 * xml_children_next() stops on the next child element (*MORE true) or on the
 * element's end (*MORE false).  The caller consumes each child whole before
 * asking for the next.  Comments and whitespace are skipped; other text is
 * an error ("elements only" content).  */
struct xml_children {
	int depth;
	bool done;
	const char *element; /* for messages; static or outliving the walk */
};

void xml_children_begin(struct xml_reader *x, struct xml_children *c, const char *element);
enum diag_status xml_children_next(struct xml_reader *x, struct xml_children *c, bool *more,
                                   struct diag *d);

/* Consume the current element, which must have no content (attributes are
 * read before).  */
enum diag_status xml_reader_expect_empty(struct xml_reader *x, const char *element, struct diag *d);

/* Read the text of the current element (no child elements allowed) into a
 * new string, with white space trimmed and runs of it collapsed to one space
 * (as XML Schema's "token" type does).  Leaves the reader on its end.  */
enum diag_status xml_reader_text(struct xml_reader *x, const char *element, char **out,
                                 struct diag *d);

/* The attributes of the current element.  ALLOWED is a NULL-terminated list
 * of names (no namespace); VALUES[i] is the value of ALLOWED[i], collapsed
 * like xml_reader_text(), or NULL when absent.  When STRICT, an attribute not
 * in the list is an error naming ELEMENT/@name; namespace declarations and
 * xsi: attributes are always accepted.  */
struct xml_attrs {
	const char *const *names;
	char *values[XML_ATTRS_MAX];
};

enum diag_status xml_reader_attrs(struct xml_reader *x, const char *element,
                                  const char *const *allowed, bool strict, struct xml_attrs *a,
                                  struct diag *d);
const char *xml_attrs_get(const struct xml_attrs *a, const char *name);
void xml_attrs_clear(struct xml_attrs *a);

/* Collapse white space in S in place, as above.  */
void xml_collapse_space(char *s);

/* Number of characters (code points) of the UTF-8 string S.  */
size_t xml_utf8_len(const char *s);

#endif
