/* xml: the safe libxml2 streaming reader every XML reader uses (see xml.h).
 *
 * libxml2 2.9 is asked for as little as possible: XML_PARSE_NONET so nothing
 * is fetched from a network, no entity substitution (without XML_PARSE_NOENT
 * the reader hands entity references to us as nodes, and we refuse them), no
 * DTD loading.  On top of that:
 *
 *   - while xml_reader_next() is inside libxml2, a thread-local pointer names
 *     the reader, and the external entity loader we install refuses every
 *     request and fails the document, so no file or URL is ever opened on
 *     behalf of a document whatever a future libxml2 default may be; outside
 *     our readers the previous loader is used unchanged;
 *   - a DOCTYPE node is checked: declaring entities or naming an external
 *     DTD is refused (XXE and "billion laughs" both need one);
 *   - depth, text and attribute sizes are checked on every node;
 *   - errors come through xmlTextReaderSetStructuredErrorHandler(), so
 *     nothing is printed on stderr; the first error (with its line) is kept
 *     and turned into the DIAG_DATA the caller returns.
 *
 * libxml2 reads ahead of the node it hands back, so the line of a node is
 * taken from the node itself (XML_PARSE_BIG_LINES keeps lines past 65535),
 * and xmlTextReaderGetParserLineNumber() is used only when a node has none.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>

#include "formats/xml.h"
#include "i18n.h"

#define XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA)

/* --- The external entity loader ---------------------------------------- */

/* The reader being advanced by this thread, or NULL.  */
static _Thread_local struct xml_reader *xml_current;
static xmlExternalEntityLoader xml_previous_loader;
static bool xml_loader_installed;

static xmlParserInputPtr
xml_deny_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	struct xml_reader *x = xml_current;

	if (x == NULL && xml_previous_loader != NULL)
		return xml_previous_loader(url, id, ctxt);
	if (x != NULL && !x->failed) {
		x->failed = true;
		diag_set(&x->error, DIAG_DATA, x->file,
		         ctxt != NULL && ctxt->input != NULL ? ctxt->input->line : 0,
		         _("external resources are not allowed (the document asks for \"%s\")"),
		         url ? url : (id ? id : "?"));
	}
	if (ctxt != NULL)
		xmlStopParser(ctxt);
	return NULL;
}

static void
xml_install_loader(void)
{
	if (xml_loader_installed)
		return;
	xmlInitParser();
	xml_previous_loader = xmlGetExternalEntityLoader();
	xmlSetExternalEntityLoader(xml_deny_loader);
	xml_loader_installed = true;
}

/* --- Scanning the input ------------------------------------------------ */

/* Advance the matcher *STATE of PAT by C; true on a complete match.  PAT
 * starts with '<', which it does not contain again, so a mismatch restarts
 * at 0 or 1.  */
static bool
xml_scan_match(int *state, const char *pat, char c)
{
	if (pat[*state] == c) {
		if (pat[++*state] == '\0') {
			*state = 0;
			return true;
		}
		return false;
	}
	*state = c == '<';
	return false;
}

/* libxml2's input callback: the caller's, plus the scan.  */
static int
xml_input_read(void *ctx, char *buf, int len)
{
	struct xml_reader *x = ctx;
	int n = x->read(x->read_ctx, buf, len);

	if (n == 0)
		x->eof = true;
	else if (n > 0)
		x->bytes += (unsigned long long)n;
	/* A DTD can only come before the root element: once the root is
	 * reached the scan stops, and the bytes go to libxml2 untouched.  */
	for (int i = 0; !x->scan_done && i < n; i++) {
		if (buf[i] == '\n')
			x->scan_line++;
		if (xml_scan_match(&x->scan_doctype, "<!DOCTYPE", buf[i]) && x->doctype_line == 0)
			x->doctype_line = x->scan_line;
		if (xml_scan_match(&x->scan_entity, "<!ENTITY", buf[i]) && x->entity_line == 0)
			x->entity_line = x->scan_line;
	}
	return n;
}

/* Line for a problem with the DTD: that of DECL_LINE when the scan found
 * it, else where the parser is.  */
static long
xml_dtd_line(struct xml_reader *x, long decl_line)
{
	if (decl_line > 0)
		return decl_line;
	if (x->doctype_line > 0)
		return x->doctype_line;
	return x->r != NULL ? xmlTextReaderGetParserLineNumber(x->r) : 0;
}

/* --- Errors -------------------------------------------------------------- */

/* Known libxml2 errors get a sentence an inspector can act on; the others
 * keep libxml2's own wording.  */
static void
xml_error_handler(void *arg, xmlErrorPtr err)
{
	struct xml_reader *x = arg;
	xmlParserCtxtPtr ctxt;
	char reason[DIAG_MSG_MAX];
	const char *msg;
	size_t n;

	if (err == NULL || err->level < XML_ERR_ERROR || x->failed)
		return;
	msg = err->message ? err->message : "";
	snprintf(reason, sizeof reason, "%s", msg);
	n = strlen(reason);
	while (n > 0 && (reason[n - 1] == '\n' || reason[n - 1] == ' '))
		reason[--n] = '\0';
	x->failed = true;
	if (strncmp(msg, "Input is not proper UTF-8", 25) == 0) {
		const char *bytes = strstr(reason, "Bytes:");

		/* L10N: %s is libxml2's list of the offending bytes, e.g.
		 * "Bytes: 0xFF 0x41".  */
		diag_set(&x->error, DIAG_DATA, x->file, err->line,
		         _("the file is not valid UTF-8 (%s)"), bytes ? bytes : "?");
		return;
	}
	if (err->code == XML_ERR_ENTITY_LOOP || strstr(msg, "amplification") != NULL) {
		/* libxml2 caught a "billion laughs" while checking the
		 * declarations, before we saw the DOCTYPE.  */
		/* L10N: %s is libxml2's reason, in English.  */
		diag_set(&x->error, DIAG_DATA, x->file, xml_dtd_line(x, x->entity_line),
		         _("entity declarations are not allowed (%s)"), reason);
		return;
	}
	if (err->code == XML_ERR_DOCUMENT_EMPTY || (x->eof && x->bytes == 0)) {
		diag_set(&x->error, DIAG_DATA, x->file, err->line, _("the file is empty"));
		return;
	}
	/* At the end of the input with elements still open, the file was cut
	 * short; libxml2's push parser words that in several ways ("Extra
	 * content at the end of the document" among them).  */
	ctxt = err->ctxt;
	if (x->eof && ctxt != NULL && ctxt->nameNr > 0 &&
	    (err->code == XML_ERR_DOCUMENT_END || err->code == XML_ERR_TAG_NOT_FINISHED ||
	     err->code == XML_ERR_LTSLASH_REQUIRED || err->code == XML_ERR_GT_REQUIRED ||
	     strstr(msg, "Premature end of data") != NULL)) {
		/* L10N: %s is the element that was still open.  */
		diag_set(&x->error, DIAG_DATA, x->file, err->line,
		         _("the file ends inside <%s>: it is truncated"),
		         ctxt->name ? (const char *)ctxt->name : "?");
		return;
	}
	/* L10N: %s is libxml2's reason, in English.  */
	diag_set(&x->error, DIAG_DATA, x->file, err->line, _("malformed XML: %s"), reason);
}

/* --- Opening and closing ------------------------------------------------- */

enum diag_status
xml_reader_open(struct xml_reader *x, const char *file, xml_read_fn read, void *read_ctx,
                struct diag *d)
{
	memset(x, 0, sizeof *x);
	x->file = file;
	x->read = read;
	x->read_ctx = read_ctx;
	x->scan_line = 1;
	diag_clear(&x->error);
	xml_install_loader();
	xml_current = x;
	x->r = xmlReaderForIO(xml_input_read, NULL, x, file, NULL, XML_OPTIONS);
	xml_current = NULL;
	if (x->r == NULL)
		return diag_set(d, DIAG_SOFTWARE, file, 0, _("cannot start the XML reader"));
	xmlTextReaderSetStructuredErrorHandler(x->r, xml_error_handler, x);
	return DIAG_OK;
}

void
xml_reader_close(struct xml_reader *x)
{
	if (x->r != NULL)
		xmlFreeTextReader(x->r);
	x->r = NULL;
}

/* --- Nodes --------------------------------------------------------------- */

long
xml_reader_line(struct xml_reader *x)
{
	xmlNodePtr n = xmlTextReaderCurrentNode(x->r);
	long line = n != NULL ? xmlGetLineNo(n) : -1;

	if (line <= 0)
		line = xmlTextReaderGetParserLineNumber(x->r);
	return line > 0 ? line : 0;
}

int
xml_reader_type(struct xml_reader *x)
{
	return x->type;
}

const char *
xml_reader_name(struct xml_reader *x)
{
	const xmlChar *n = xmlTextReaderConstLocalName(x->r);

	return n ? (const char *)n : "";
}

const char *
xml_reader_namespace(struct xml_reader *x)
{
	return (const char *)xmlTextReaderConstNamespaceUri(x->r);
}

int
xml_reader_depth(struct xml_reader *x)
{
	return x->depth;
}

static enum diag_status
xml_fail(struct xml_reader *x, struct diag *d)
{
	if (x->failed) {
		if (d != NULL)
			*d = x->error;
		return DIAG_DATA;
	}
	return diag_set(d, DIAG_DATA, x->file, xmlTextReaderGetParserLineNumber(x->r),
	                _("malformed XML"));
}

static enum diag_status
xml_check_doctype(struct xml_reader *x, struct diag *d)
{
	xmlNodePtr n = xmlTextReaderCurrentNode(x->r);
	xmlDtdPtr dtd = NULL;

	if (n != NULL && n->type == XML_DTD_NODE)
		dtd = (xmlDtdPtr)n;
	else if (n != NULL && n->doc != NULL)
		dtd = n->doc->intSubset;
	if (dtd == NULL || dtd->entities != NULL || dtd->pentities != NULL)
		/* L10N: DOCTYPE and ENTITY are XML keywords.  */
		return diag_set(
		    d, DIAG_DATA, x->file, xml_dtd_line(x, x->entity_line),
		    _("entity declarations are not allowed (<!ENTITY> in the DOCTYPE)"));
	if (dtd->ExternalID != NULL || dtd->SystemID != NULL)
		return diag_set(d, DIAG_DATA, x->file, xml_dtd_line(x, 0),
		                _("external DTDs are not allowed (DOCTYPE names \"%s\")"),
		                dtd->SystemID ? (const char *)dtd->SystemID
		                              : (const char *)dtd->ExternalID);
	if (dtd->children != NULL)
		return diag_set(d, DIAG_DATA, x->file, xml_dtd_line(x, 0),
		                _("DTD declarations are not allowed in the DOCTYPE"));
	return DIAG_OK;
}

/* The value of attribute A when libxml2 holds it as one text node (the
 * case for every value without entity references), else NULL: the caller
 * then asks the reader, which puts the pieces together.  */
static const char *
xml_attr_simple_value(xmlAttrPtr a)
{
	xmlNodePtr t = a->children;

	if (t == NULL)
		return "";
	if (t->type == XML_TEXT_NODE && t->next == NULL && t->content != NULL)
		return (const char *)t->content;
	return NULL;
}

/* Whether the attributes of the current element all have simple values
 * (see above), walking the element's own list rather than moving the
 * reader from attribute to attribute.  */
static bool
xml_attrs_simple(struct xml_reader *x, xmlNodePtr *out)
{
	xmlNodePtr n = xmlTextReaderCurrentNode(x->r);

	*out = n;
	if (n == NULL || n->type != XML_ELEMENT_NODE)
		return false;
	for (xmlAttrPtr a = n->properties; a != NULL; a = a->next)
		if (xml_attr_simple_value(a) == NULL)
			return false;
	return true;
}

static enum diag_status
xml_check_attrs(struct xml_reader *x, struct diag *d)
{
	enum diag_status rc = DIAG_OK;
	xmlNodePtr n;

	if (xml_attrs_simple(x, &n)) {
		for (xmlAttrPtr a = n->properties; a != NULL; a = a->next) {
			const char *v = xml_attr_simple_value(a);

			if (strnlen(v, XML_MAX_ATTR + 1) > XML_MAX_ATTR)
				break;
			if (a->next == NULL)
				return DIAG_OK;
		}
		if (n->properties == NULL)
			return DIAG_OK;
		/* Too long: the reader's walk below names it.  */
	}
	if (xmlTextReaderHasAttributes(x->r) != 1)
		return DIAG_OK;
	while (xmlTextReaderMoveToNextAttribute(x->r) == 1) {
		const xmlChar *v = xmlTextReaderConstValue(x->r);

		if (v != NULL && strlen((const char *)v) > XML_MAX_ATTR) {
			const char *attr = (const char *)xmlTextReaderConstName(x->r);

			xmlTextReaderMoveToElement(x->r);
			rc = diag_set(d, DIAG_DATA, x->file, xml_reader_line(x),
			              _("%s/@%s is longer than %d bytes"), xml_reader_name(x),
			              attr ? attr : "?", XML_MAX_ATTR);
			break;
		}
	}
	xmlTextReaderMoveToElement(x->r);
	return rc;
}

enum diag_status
xml_reader_next(struct xml_reader *x, bool *more, struct diag *d)
{
	int rc, type;

	*more = false;
	if (x->failed)
		return xml_fail(x, d);
	xml_current = x;
	rc = xmlTextReaderRead(x->r);
	xml_current = NULL;
	if (rc < 0 || x->failed)
		return xml_fail(x, d);
	if (rc == 0)
		return DIAG_OK;

	x->depth = xmlTextReaderDepth(x->r);
	x->type = type = xmlTextReaderNodeType(x->r);
	if (x->depth >= XML_MAX_DEPTH)
		return diag_set(d, DIAG_DATA, x->file, xml_reader_line(x),
		                _("elements are nested more than %d levels deep"), XML_MAX_DEPTH);
	switch (type) {
	case XML_READER_TYPE_DOCUMENT_TYPE:
		if (xml_check_doctype(x, d) != DIAG_OK)
			return DIAG_DATA;
		break;
	case XML_READER_TYPE_ENTITY_REFERENCE:
	case XML_READER_TYPE_ENTITY:
		/* L10N: %s is the entity's name, as in "&name;".  */
		return diag_set(d, DIAG_DATA, x->file, xml_reader_line(x),
		                _("entity references are not allowed (&%s;)"), xml_reader_name(x));
	case XML_READER_TYPE_TEXT:
	case XML_READER_TYPE_CDATA:
	case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: {
		const xmlChar *v = xmlTextReaderConstValue(x->r);

		if (v != NULL && strlen((const char *)v) > XML_MAX_TEXT)
			return diag_set(d, DIAG_DATA, x->file, xml_reader_line(x),
			                _("a text node is longer than %d bytes"), XML_MAX_TEXT);
		break;
	}
	case XML_READER_TYPE_ELEMENT:
		if (xml_check_attrs(x, d) != DIAG_OK)
			return DIAG_DATA;
		break;
	default:
		break;
	}
	*more = true;
	return DIAG_OK;
}

enum diag_status
xml_reader_root(struct xml_reader *x, struct diag *d)
{
	bool more;

	for (;;) {
		if (xml_reader_next(x, &more, d) != DIAG_OK)
			return DIAG_DATA;
		if (!more)
			return diag_set(d, DIAG_DATA, x->file,
			                xmlTextReaderGetParserLineNumber(x->r),
			                _("the file has no root element"));
		if (xml_reader_type(x) == XML_READER_TYPE_ELEMENT) {
			x->scan_done = true;
			return DIAG_OK;
		}
	}
}

/* --- Walking elements ---------------------------------------------------- */

static bool
xml_is_space(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

void
xml_children_begin(struct xml_reader *x, struct xml_children *c, const char *element)
{
	c->depth = x->depth;
	c->done = xmlTextReaderIsEmptyElement(x->r) == 1;
	c->element = element;
}

enum diag_status
xml_children_next(struct xml_reader *x, struct xml_children *c, bool *more, struct diag *d)
{
	*more = false;
	while (!c->done) {
		bool got;
		int type;

		if (xml_reader_next(x, &got, d) != DIAG_OK)
			return DIAG_DATA;
		if (!got)
			return xml_fail(x, d);
		type = xml_reader_type(x);
		switch (type) {
		case XML_READER_TYPE_ELEMENT:
			if (x->depth == c->depth + 1) {
				*more = true;
				return DIAG_OK;
			}
			break;
		case XML_READER_TYPE_END_ELEMENT:
			if (x->depth == c->depth)
				c->done = true;
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA: {
			const xmlChar *v = xmlTextReaderConstValue(x->r);

			if (v != NULL && !xml_is_space((const char *)v))
				/* L10N: %s is an element name; its content
				 * may only be other elements.  */
				return diag_set(d, DIAG_DATA, x->file, xml_reader_line(x),
				                _("unexpected text in <%s>"), c->element);
			break;
		}
		default:
			break;
		}
	}
	return DIAG_OK;
}

enum diag_status
xml_reader_expect_empty(struct xml_reader *x, const char *element, struct diag *d)
{
	struct xml_children c;
	bool more;

	xml_children_begin(x, &c, element);
	if (xml_children_next(x, &c, &more, d) != DIAG_OK)
		return DIAG_DATA;
	if (more)
		/* L10N: first %s is the unexpected element, second its parent.  */
		return diag_set(d, DIAG_DATA, x->file, xml_reader_line(x),
		                _("unknown element <%s> in <%s>"), xml_reader_name(x), element);
	return DIAG_OK;
}

void
xml_collapse_space(char *s)
{
	char *w = s;
	bool space = false;

	for (const char *r = s; *r; r++) {
		if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r') {
			space = w != s;
			continue;
		}
		if (space)
			*w++ = ' ';
		space = false;
		*w++ = *r;
	}
	*w = '\0';
}

size_t
xml_utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* Whether xml_collapse_space() would change the N bytes at S.  */
static bool
xml_needs_collapse(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c > ' ')
			continue;
		if (c == '\t' || c == '\n' || c == '\r')
			return true;
		if (c == ' ' && (i == 0 || i + 1 == n || s[i + 1] == ' ' || s[i + 1] == '\t' ||
		                 s[i + 1] == '\n' || s[i + 1] == '\r'))
			return true;
	}
	return false;
}

/* strdup() and xml_collapse_space() in one.  */
static char *
xml_strdup_collapsed(const char *s)
{
	size_t n = strlen(s);
	char *p = malloc(n + 1);

	if (p != NULL) {
		memcpy(p, s, n + 1);
		if (xml_needs_collapse(p, n))
			xml_collapse_space(p);
	}
	return p;
}

enum diag_status
xml_reader_text(struct xml_reader *x, const char *element, char **out, struct diag *d)
{
	int depth = x->depth;
	char *buf = NULL;
	size_t len = 0;
	enum diag_status rc = DIAG_OK;

	*out = NULL;
	if (xmlTextReaderIsEmptyElement(x->r) != 1) {
		for (;;) {
			bool more;
			int type;

			if ((rc = xml_reader_next(x, &more, d)) != DIAG_OK)
				goto out;
			if (!more) {
				rc = xml_fail(x, d);
				goto out;
			}
			type = xml_reader_type(x);
			if (type == XML_READER_TYPE_END_ELEMENT && x->depth == depth)
				break;
			if (type == XML_READER_TYPE_ELEMENT) {
				/* L10N: %s is an element that may only hold
				 * text.  */
				rc = diag_set(d, DIAG_DATA, x->file, xml_reader_line(x),
				              _("<%s> must contain text only, not <%s>"), element,
				              xml_reader_name(x));
				goto out;
			}
			if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
			    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
			    type == XML_READER_TYPE_WHITESPACE) {
				const char *v = (const char *)xmlTextReaderConstValue(x->r);
				size_t n = v ? strlen(v) : 0;
				char *p;

				if (len + n > XML_MAX_TEXT) {
					rc = diag_set(d, DIAG_DATA, x->file, xml_reader_line(x),
					              _("the text of <%s> is longer than %d bytes"),
					              element, XML_MAX_TEXT);
					goto out;
				}
				p = realloc(buf, len + n + 1);
				if (p == NULL) {
					rc = diag_set(d, DIAG_SOFTWARE, x->file, 0,
					              _("out of memory"));
					goto out;
				}
				buf = p;
				memcpy(buf + len, v, n);
				len += n;
				buf[len] = '\0';
			}
		}
	}
	if (buf == NULL && (buf = calloc(1, 1)) == NULL) {
		rc = diag_set(d, DIAG_SOFTWARE, x->file, 0, _("out of memory"));
		goto out;
	}
	if (xml_needs_collapse(buf, len))
		xml_collapse_space(buf);
	*out = buf;
	buf = NULL;
out:
	free(buf);
	return rc;
}

/* --- Attributes ---------------------------------------------------------- */

enum diag_status
xml_reader_attrs(struct xml_reader *x, const char *element, const char *const *allowed, bool strict,
                 struct xml_attrs *a, struct diag *d)
{
	enum diag_status rc = DIAG_OK;
	long line = xml_reader_line(x);

	xmlNodePtr n;

	memset(a, 0, sizeof *a);
	a->names = allowed;
	if (xml_attrs_simple(x, &n)) {
		/* The element's own list: no namespace declarations in it, the
		 * values at hand.  Same rules as the walk below.  */
		for (xmlAttrPtr at = n->properties; at != NULL; at = at->next) {
			const char *ns = at->ns != NULL ? (const char *)at->ns->href : NULL;
			const char *name = (const char *)at->name;
			const char *value = xml_attr_simple_value(at);
			size_t i;

			if (ns != NULL && strcmp(ns, XML_NS_XSI) == 0)
				continue;
			for (i = 0; ns == NULL && i < XML_ATTRS_MAX && allowed[i] != NULL; i++)
				if (strcmp(allowed[i], name) == 0)
					break;
			if (ns != NULL || i >= XML_ATTRS_MAX || allowed[i] == NULL) {
				if (!strict)
					continue;
				/* The walk below says which, as it always has.  */
				xml_attrs_clear(a);
				goto walk;
			}
			free(a->values[i]);
			if ((a->values[i] = xml_strdup_collapsed(value)) == NULL) {
				rc = diag_set(d, DIAG_SOFTWARE, x->file, 0, _("out of memory"));
				goto out;
			}
		}
		return DIAG_OK;
	}
walk:
	if (xmlTextReaderHasAttributes(x->r) != 1)
		return DIAG_OK;
	while (xmlTextReaderMoveToNextAttribute(x->r) == 1) {
		const char *ns = (const char *)xmlTextReaderConstNamespaceUri(x->r);
		const char *name = (const char *)xmlTextReaderConstLocalName(x->r);
		const char *value = (const char *)xmlTextReaderConstValue(x->r);
		size_t i;

		if (xmlTextReaderIsNamespaceDecl(x->r) == 1)
			continue;
		if (ns != NULL && strcmp(ns, XML_NS_XSI) == 0)
			continue;
		for (i = 0; ns == NULL && i < XML_ATTRS_MAX && allowed[i] != NULL; i++)
			if (strcmp(allowed[i], name) == 0)
				break;
		if (ns != NULL || i >= XML_ATTRS_MAX || allowed[i] == NULL) {
			if (!strict)
				continue;
			rc = diag_set(d, DIAG_DATA, x->file, line, _("unknown attribute %s/@%s"),
			              element, (const char *)xmlTextReaderConstName(x->r));
			goto out;
		}
		free(a->values[i]);
		a->values[i] = strdup(value ? value : "");
		if (a->values[i] == NULL) {
			rc = diag_set(d, DIAG_SOFTWARE, x->file, 0, _("out of memory"));
			goto out;
		}
		xml_collapse_space(a->values[i]);
	}
out:
	xmlTextReaderMoveToElement(x->r);
	if (rc != DIAG_OK)
		xml_attrs_clear(a);
	return rc;
}

const char *
xml_attrs_get(const struct xml_attrs *a, const char *name)
{
	for (size_t i = 0; a->names != NULL && i < XML_ATTRS_MAX && a->names[i] != NULL; i++)
		if (strcmp(a->names[i], name) == 0)
			return a->values[i];
	return NULL;
}

void
xml_attrs_clear(struct xml_attrs *a)
{
	for (size_t i = 0; i < XML_ATTRS_MAX; i++) {
		free(a->values[i]);
		a->values[i] = NULL;
	}
}
