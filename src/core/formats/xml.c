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
 *   - the bytes are scanned on their way to libxml2 (xml_input_read()):
 *     before the root element for the lines of a DOCTYPE and its ENTITY
 *     declarations, and throughout for the attributes of each start tag,
 *     which are counted and limited before libxml2 sees the tag (libxml2
 *     2.9 checks them for duplicates in time quadratic in their number:
 *     100,000 attributes in one tag cost fifteen seconds);
 *   - errors come through xmlTextReaderSetStructuredErrorHandler(), and
 *     through the thread's structured error handler (encoding errors are
 *     raised without a parser context), so nothing is printed on stderr;
 *     the first error (with its line) is kept and turned into the
 *     DIAG_DATA the caller returns.
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

/* --- While inside libxml2 ---------------------------------------------- */

/* Errors raised without a parser context (encoding errors) go to the
 * thread's structured error handler, not the reader's.  Each thread that
 * opens a reader gets ours once (setting it around every call to libxml2
 * cost a fifth of the import's time): it hands the error to the reader
 * being advanced, and when there is none, to the handler that was there
 * before, or to libxml2's generic one.  */
static _Thread_local bool xml_thread_handler;
static _Thread_local xmlStructuredErrorFunc xml_thread_prev;
static _Thread_local void *xml_thread_prev_ctx;

static void xml_error_handler(void *arg, xmlErrorPtr err);

static void
xml_thread_error(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	if (xml_current != NULL)
		xml_error_handler(xml_current, err);
	else if (xml_thread_prev != NULL)
		xml_thread_prev(xml_thread_prev_ctx, err);
	else if (err != NULL && err->message != NULL)
		xmlGenericError(xmlGenericErrorContext, "%s", err->message);
}

static void
xml_thread_install(void)
{
	if (xml_thread_handler)
		return;
	xml_thread_prev = xmlStructuredError;
	xml_thread_prev_ctx = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc(NULL, xml_thread_error);
	xml_thread_handler = true;
}

/* X is the reader this thread is advancing: the entity loader refuses on
 * its behalf, and errors without a parser context are its own.  */
static void
xml_enter(struct xml_reader *x)
{
	xml_current = x;
}

static void
xml_leave(void)
{
	xml_current = NULL;
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

/* The states of the scan of tags.  */
enum xml_tag_state {
	XML_TAG_TEXT,    /* character data: looking for '<' */
	XML_TAG_LT,      /* just after '<' */
	XML_TAG_START,   /* in a start tag, counting '=' */
	XML_TAG_QUOTE,   /* in an attribute value, looking for its quote */
	XML_TAG_BANG,    /* after "<!": a comment, a CDATA section or else */
	XML_TAG_COMMENT, /* looking for "-->" */
	XML_TAG_CDATA,   /* looking for "]]>" */
	XML_TAG_PI,      /* looking for "?>" */
	XML_TAG_OTHER,   /* an end tag or a declaration: looking for '>' */
};

static long
xml_count_lines(const char *p, const char *end)
{
	long n = 0;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		n++;
		p++;
	}
	return n;
}

static bool
xml_scan_fail_text(struct xml_reader *x)
{
	if (!x->failed) {
		x->failed = true;
		diag_set(&x->error, DIAG_DATA, x->file, x->all_line,
		         _("a text node is longer than %d bytes"), XML_MAX_TEXT_RAW);
	}
	return false;
}

/* Follow the markup in the N bytes at BUF and count the attributes ('='
 * outside attribute values) of each start tag, and the bytes of text and
 * CDATA between two tags; false when a tag has more than XML_MAX_ATTRS or
 * a text more than XML_MAX_TEXT_RAW bytes, with the error kept in X.  Text
 * and attribute values are skipped with memchr().  Comments, CDATA
 * sections and processing instructions are followed to their ends; a
 * declaration ("<!DOCTYPE") ends at the first '>' (one with an internal
 * subset is refused anyway).  The state carries over from one call to the
 * next.  The scan reads bytes, not characters: in a UTF-16 document it
 * still counts the '=' of each tag (and, harmlessly, of comments).  */
static bool
xml_scan_tags(struct xml_reader *x, const char *buf, int n)
{
	const char *p = buf, *end = buf + n;

	while (p < end) {
		const char *stop;
		char c;

		if (x->tag_state == XML_TAG_TEXT || x->tag_state == XML_TAG_QUOTE) {
			char want = x->tag_state == XML_TAG_TEXT ? '<' : x->tag_quote;

			stop = memchr(p, want, (size_t)(end - p));
			x->all_line += xml_count_lines(p, stop ? stop : end);
			if (x->tag_state == XML_TAG_TEXT &&
			    (x->text_run += (stop ? stop : end) - p) > XML_MAX_TEXT_RAW)
				return xml_scan_fail_text(x);
			if (stop == NULL)
				return true;
			p = stop + 1;
			if (x->tag_state == XML_TAG_TEXT) {
				x->tag_state = XML_TAG_LT;
				x->tag_line = x->all_line;
			} else {
				x->tag_state = XML_TAG_START;
			}
			continue;
		}
		c = *p++;
		if (c == '\n')
			x->all_line++;
		switch (x->tag_state) {
		case XML_TAG_LT:
			x->tag_run = 0;
			x->tag_attrs = 0;
			x->tag_state = c == '!'   ? XML_TAG_BANG
			               : c == '?' ? XML_TAG_PI
			               : c == '/' ? XML_TAG_OTHER
			               : c == '>' ? XML_TAG_TEXT
			                          : XML_TAG_START;
			if (c != '!')
				x->text_run = 0;
			break;
		case XML_TAG_START:
			if (c == '"' || c == '\'') {
				x->tag_quote = c;
				x->tag_state = XML_TAG_QUOTE;
			} else if (c == '>') {
				x->tag_state = XML_TAG_TEXT;
			} else if (c == '=' && ++x->tag_attrs > XML_MAX_ATTRS) {
				if (!x->failed) {
					x->failed = true;
					diag_set(&x->error, DIAG_DATA, x->file, x->tag_line,
					         _("a start tag has more than %d attributes"),
					         XML_MAX_ATTRS);
				}
				return false;
			}
			break;
		case XML_TAG_BANG: {
			/* tag_quote says which one it may be, from its first
			 * character; tag_run how much of it matched.  */
			const char *pat;

			if (x->tag_run == 0)
				x->tag_quote = c;
			pat = x->tag_quote == '-' ? "--" : x->tag_quote == '[' ? "[CDATA[" : "";
			if (pat[x->tag_run] == '\0' || pat[x->tag_run] != c) {
				x->tag_state = c == '>' ? XML_TAG_TEXT : XML_TAG_OTHER;
				break;
			}
			if (pat[++x->tag_run] == '\0') {
				x->tag_state = pat[0] == '-' ? XML_TAG_COMMENT : XML_TAG_CDATA;
				x->tag_run = 0;
			}
			break;
		}
		case XML_TAG_COMMENT:
		case XML_TAG_CDATA: {
			char closer = x->tag_state == XML_TAG_COMMENT ? '-' : ']';

			if (x->tag_state == XML_TAG_CDATA && ++x->text_run > XML_MAX_TEXT_RAW)
				return xml_scan_fail_text(x);

			if (c == closer) {
				x->tag_run++;
			} else {
				if (c == '>' && x->tag_run >= 2)
					x->tag_state = XML_TAG_TEXT;
				x->tag_run = 0;
			}
			break;
		}
		case XML_TAG_PI:
			if (c == '>' && x->tag_run)
				x->tag_state = XML_TAG_TEXT;
			x->tag_run = c == '?';
			break;
		default: /* XML_TAG_OTHER */
			if (c == '>')
				x->tag_state = XML_TAG_TEXT;
			break;
		}
	}
	return true;
}

/* The encoding the XML declaration names, into X->encoding: only for
 * messages, so only when the declaration is in ASCII and within the first
 * bytes, which are gathered in X->head from the N bytes at BUF.  */
static void
xml_scan_encoding(struct xml_reader *x, const char *buf, int n)
{
	const char *p = x->head, *end, *decl_end, *e;
	int take = (int)sizeof x->head - x->head_len;
	size_t i = 0;
	char q;

	if (take > n)
		take = n;
	memcpy(x->head + x->head_len, buf, (size_t)take);
	x->head_len += take;
	end = x->head + x->head_len;
	if (x->head_len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	if (end - p < 6 || memcmp(p, "<?xml", 5) != 0)
		return;
	for (decl_end = p; decl_end + 1 < end && !(decl_end[0] == '?' && decl_end[1] == '>');
	     decl_end++)
		;
	if (decl_end + 1 >= end && x->head_len < (int)sizeof x->head)
		return; /* the declaration may end in the next bytes */
	for (e = p; e + 8 <= decl_end && memcmp(e, "encoding", 8) != 0; e++)
		;
	if (e + 8 > decl_end)
		return;
	for (e += 8; e < decl_end && (*e == ' ' || *e == '=' || *e == '\t'); e++)
		;
	if (e >= decl_end || (*e != '"' && *e != '\''))
		return;
	for (q = *e++; e < decl_end && *e != q && i + 1 < sizeof x->encoding; e++)
		if ((unsigned char)*e > ' ' && (unsigned char)*e < 0x7F)
			x->encoding[i++] = *e;
	x->encoding[i] = '\0';
}

/* libxml2's input callback: the caller's, plus the scans.  */
static int
xml_input_read(void *ctx, char *buf, int len)
{
	struct xml_reader *x = ctx;
	int n = x->read(x->read_ctx, buf, len);

	if (n > 0 && x->head_len < (int)sizeof x->head)
		xml_scan_encoding(x, buf, n);
	if (n > 0 && !xml_scan_tags(x, buf, n))
		return -1;
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
	long line = err != NULL ? err->line : 0;
	size_t n;

	if (err == NULL || err->level < XML_ERR_ERROR || x == NULL || x->failed)
		return;
	msg = err->message ? err->message : "";
	snprintf(reason, sizeof reason, "%s", msg);
	n = strlen(reason);
	while (n > 0 && (reason[n - 1] == '\n' || reason[n - 1] == ' '))
		reason[--n] = '\0';
	x->failed = true;
	/* Errors raised without a parser context (encoding errors) have no
	 * line: take the parser's.  */
	if (line <= 0 && x->r != NULL)
		line = xmlTextReaderGetParserLineNumber(x->r);
	if (err->code == XML_ERR_UNSUPPORTED_ENCODING) {
		const char *enc = err->str1 ? err->str1 : x->encoding[0] ? x->encoding : "?";

		/* L10N: %s is the name of an encoding, from the file.  */
		diag_set(&x->error, DIAG_DATA, x->file, line,
		         _("the file is in an encoding douane cannot read (\"%s\"): convert it "
		           "to UTF-8"),
		         enc);
		return;
	}
	if (err->domain == XML_FROM_I18N || err->code == XML_IO_ENCODER ||
	    strstr(msg, "encoder error") != NULL) {
		const char *bytes = strstr(reason, "bytes ");

		if (x->encoding[0])
			/* L10N: the first %s is the encoding the file
			 * declares ("ISO-8859-1"), the second libxml2's list
			 * of the offending bytes ("bytes 0xF6 0x77").  */
			diag_set(&x->error, DIAG_DATA, x->file, line,
			         _("the file is not valid %s, the encoding it declares (%s)"),
			         x->encoding, bytes ? bytes : reason);
		else
			/* L10N: %s is libxml2's list of the offending bytes.  */
			diag_set(&x->error, DIAG_DATA, x->file, line,
			         _("the file is not in the encoding it declares (%s)"),
			         bytes ? bytes : reason);
		return;
	}
	if (strstr(msg, "huge text node") != NULL) {
		diag_set(&x->error, DIAG_DATA, x->file, line,
		         _("a text node is longer than %d bytes"), XML_MAX_TEXT);
		return;
	}
	if (strstr(msg, "Huge input lookup") != NULL || strstr(msg, "too long") != NULL ||
	    strstr(msg, "too big") != NULL) {
		/* L10N: %d is libxml2's limit, %s its reason in English.  */
		diag_set(&x->error, DIAG_DATA, x->file, line,
		         _("a tag, an attribute value, a comment or a name is longer than %d "
		           "bytes (%s)"),
		         XML_MAX_LOOKUP_LIMIT, reason);
		return;
	}
	if (strncmp(msg, "Input is not proper UTF-8", 25) == 0) {
		const char *bytes = strstr(reason, "Bytes:");

		/* L10N: %s is libxml2's list of the offending bytes, e.g.
		 * "Bytes: 0xFF 0x41".  */
		diag_set(&x->error, DIAG_DATA, x->file, line,
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
	if (x->eof && x->bytes == 0) {
		diag_set(&x->error, DIAG_DATA, x->file, line, _("the file is empty"));
		return;
	}
	if (err->code == XML_ERR_DOCUMENT_EMPTY) {
		/* libxml2 says "Document is empty" of any file that does not
		 * start with markup.  */
		diag_set(&x->error, DIAG_DATA, x->file, line,
		         _("this is not an XML document (it does not start with an element)"));
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
		diag_set(&x->error, DIAG_DATA, x->file, line,
		         _("the file ends inside <%s>: it is truncated"),
		         ctxt->name ? (const char *)ctxt->name : "?");
		return;
	}
	/* L10N: %s is libxml2's reason, in English.  */
	diag_set(&x->error, DIAG_DATA, x->file, line, _("malformed XML: %s"), reason);
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
	x->all_line = 1;
	diag_clear(&x->error);
	xml_install_loader();
	xml_thread_install();
	xml_enter(x);
	x->r = xmlReaderForIO(xml_input_read, NULL, x, file, NULL, XML_OPTIONS);
	xml_leave();
	if (x->r == NULL) {
		if (x->failed) {
			if (d != NULL)
				*d = x->error;
			return DIAG_DATA;
		}
		return diag_set(d, DIAG_SOFTWARE, file, 0, _("cannot start the XML reader"));
	}
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
	xml_enter(x);
	rc = xmlTextReaderRead(x->r);
	xml_leave();
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
