/*
 * mime.c - the report as one mail message for sendmail -t: headers
 * checked against injection, a multipart/alternative body whose parts are
 * quoted-printable or base64, so that no line comes near SMTP's 998
 * octets and 8-bit text survives a 7-bit hop (RFC 2045, 2046, 2047, 5322).
 * Lines end in LF: sendmail -t takes the local convention and writes CRLF
 * on the wire itself.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

#define QP_LINE 76       /* RFC 2045: encoded lines of at most 76 */
#define WORD_BYTES 45    /* UTF-8 bytes in one encoded word: 60 base64
			  * characters and 12 of frame, within 75 */
#define ADDRESS_MAX 900  /* one address on one header line, under 998 */

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* the encoding of one byte at the start of a line, in the middle, or at
 * the end (before a LF or the end of the data) */
static int
qp_plain(unsigned char c, int at_start, int at_end)
{
	if ((c == ' ' || c == '\t') && !at_end)
		return 1;
	/* a lone "." ends sendmail's input without -i; "From " at the
	 * start of a line is mangled by mbox writers on the way */
	if (at_start && (c == '.' || c == 'F'))
		return 0;
	return c >= 33 && c <= 126 && c != '=';
}

int
crm_mime_qp(FILE *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t col = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int at_end = i + 1 == n || s[i + 1] == '\n';
		int plain;

		if (c == '\n') {
			if (putc('\n', out) == EOF)
				return -1;
			col = 0;
			continue;
		}
		plain = qp_plain(c, col == 0, at_end);
		/* room for the token and, unless the line ends here, a soft
		 * break after it */
		if (col + (plain ? 1 : 3) + !at_end > QP_LINE) {
			if (fputs("=\n", out) == EOF)
				return -1;
			col = 0;
			plain = qp_plain(c, 1, at_end);
		}
		if (plain ? putc(c, out) == EOF
			  : fprintf(out, "=%c%c", hex[c >> 4], hex[c & 15]) < 0)
			return -1;
		col += plain ? 1 : 3;
	}
	/* the last line ends in a soft break when the data has no LF there,
	 * so that the part decodes to exactly its bytes */
	if (n && s[n - 1] != '\n' && fputs("=\n", out) == EOF)
		return -1;
	return ferror(out) ? -1 : 0;
}

/* up to 3 bytes as 4 base64 characters */
static void
b64_group(const unsigned char *p, size_t k, char q[4])
{
	unsigned long v = (unsigned long)p[0] << 16 |
			  (k > 1 ? (unsigned long)p[1] << 8 : 0) |
			  (k > 2 ? p[2] : 0);

	q[0] = b64[v >> 18 & 63];
	q[1] = b64[v >> 12 & 63];
	q[2] = k > 1 ? b64[v >> 6 & 63] : '=';
	q[3] = k > 2 ? b64[v & 63] : '=';
}

int
crm_mime_base64(FILE *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t col = 0;

	for (size_t i = 0; i < n; i += 3) {
		char q[4];

		b64_group(p + i, n - i < 3 ? n - i : 3, q);
		if (fwrite(q, 1, 4, out) != 4)
			return -1;
		col += 4;
		if (col == QP_LINE || i + 3 >= n) {
			if (putc('\n', out) == EOF)
				return -1;
			col = 0;
		}
	}
	return ferror(out) ? -1 : 0;
}

static int
printable_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 32 || (unsigned char)s[i] > 126)
			return 0;
	return 1;
}

/* how many bytes of s (n left) go in one word: whole UTF-8 characters;
 * a byte that starts none goes alone */
static size_t
word_bytes(const char *s, size_t n)
{
	size_t k = 0;

	while (k < n) {
		const unsigned char *p = (const unsigned char *)s + k;
		size_t c = *p < 0x80 ? 1 : (size_t)crm_utf8_seq(p);

		if (!c || k + c > n)
			c = 1;
		if (k + c > WORD_BYTES)
			break;
		k += c;
	}
	return k;
}

int
crm_mime_header_text(FILE *out, const char *s, size_t col)
{
	size_t n = strlen(s);

	if (printable_ascii(s, n) && col + n <= 78 &&
	    !strstr(s, "=?"))
		return fputs(s, out) == EOF ? -1 : 0;
	/* RFC 2047 5(1): words of at most 75, separated by folding white
	 * space, which a reader drops between two encoded words */
	for (size_t i = 0; i < n || i == 0;) {
		size_t k = word_bytes(s + i, n - i);

		if (fputs(i ? "\n =?UTF-8?B?" : "=?UTF-8?B?", out) == EOF)
			return -1;
		for (size_t j = 0; j < k; j += 3) {
			char q[4];

			b64_group((const unsigned char *)s + i + j,
				  k - j < 3 ? k - j : 3, q);
			if (fwrite(q, 1, 4, out) != 4)
				return -1;
		}
		if (fputs("?=", out) == EOF)
			return -1;
		if (!k)
			break;
		i += k;
	}
	return ferror(out) ? -1 : 0;
}

int
crm_mime_value_check(const char *what, const char *value, int status,
		     struct crm_err *e)
{
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if (*p == '\n' || *p == '\r')
			return crm_err_set(e, status,
					   "%s: a line break in a mail header "
					   "would start a header of its own",
					   what);
		if (*p < 32 || *p == 127)
			return crm_err_set(e, status,
					   "%s: a control character (byte %zu) "
					   "in a mail header", what,
					   (size_t)(p - (const unsigned char *)
							    value) + 1);
	}
	return 0;
}

static int
ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] > 126)
			return 0;
	return 1;
}

/*
 * "Name <addr>" with a name that is not ASCII: the name as RFC 2047
 * words (its quotes dropped), the address as it is; NULL when s is not
 * of that form, the address is not ASCII or the name not UTF-8.
 */
static char *
encode_name(const char *s, size_t n)
{
	const char *lt = memchr(s, '<', n);
	size_t k, alen;
	char *name, *buf = NULL;
	size_t len = 0;
	FILE *m;
	struct crm_err e;

	if (!lt || s[n - 1] != '>')
		return NULL;
	k = (size_t)(lt - s);
	alen = n - k; /* "<addr>" */
	if (!ascii(lt, alen))
		return NULL;
	while (k && (s[k - 1] == ' ' || s[k - 1] == '\t'))
		k--;
	if (k >= 2 && s[0] == '"' && s[k - 1] == '"') {
		s++;
		k -= 2;
	}
	name = crm_xmalloc(k + 1);
	memcpy(name, s, k);
	name[k] = '\0';
	if (!k || crm_text_check(name, &e) < 0 || !(m = open_memstream(&buf,
								   &len))) {
		free(name);
		return NULL;
	}
	/* the name is not ASCII (the rest is): it comes out encoded */
	if (crm_mime_header_text(m, name, 0) < 0 ||
	    fprintf(m, " %.*s", (int)alen, lt) < 0) {
		fclose(m);
		free(buf);
		free(name);
		return NULL;
	}
	fclose(m);
	free(name);
	return buf;
}

/* one address: trimmed, not empty, ASCII but for a name before <...>,
 * which is encoded */
static int
address_add(const char *what, const char *s, size_t n, int status,
	    char ***v, size_t *nv, struct crm_err *e)
{
	char *a;

	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n)
		return crm_err_set(e, status, "%s: an empty address", what);
	if (n > ADDRESS_MAX)
		return crm_err_set(e, status, "%s: an address longer than %d "
				   "bytes", what, ADDRESS_MAX);
	if (ascii(s, n)) {
		a = crm_xmalloc(n + 1);
		memcpy(a, s, n);
		a[n] = '\0';
	} else if (!(a = encode_name(s, n)))
		return crm_err_set(e, status,
				   "%s: '%.*s': only a name before <...> may "
				   "be other than ASCII, in UTF-8", what,
				   (int)n, s);
	*v = crm_xrealloc(*v, (*nv + 1) * sizeof **v);
	(*v)[(*nv)++] = a;
	return 0;
}

int
crm_mime_addresses(const char *what, const char *list, int status,
		   char ***v, size_t *n, struct crm_err *e)
{
	const char *start = list;
	int quoted = 0, angle = 0;

	if (crm_mime_value_check(what, list, status, e) < 0)
		return -1;
	for (const char *p = list;; p++) {
		if (*p == '"' && !angle)
			quoted = !quoted;
		else if (*p == '<' && !quoted)
			angle = 1;
		else if (*p == '>' && !quoted)
			angle = 0;
		if (*p == '\0' || (*p == ',' && !quoted && !angle)) {
			if (address_add(what, start, (size_t)(p - start),
					status, v, n, e) < 0)
				return -1;
			if (!*p)
				break;
			start = p + 1;
		}
	}
	return 0;
}

void
crm_mime_addresses_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* b after "--" anywhere in a part (at a line's start would be enough) */
static int
occurs(const char *b, const char *const *parts, size_t nparts)
{
	for (size_t i = 0; i < nparts; i++)
		for (const char *p = parts[i]; (p = strstr(p, b)); p++)
			if (p - parts[i] >= 2 && p[-1] == '-' && p[-2] == '-')
				return 1;
	return 0;
}

void
crm_mime_boundary(char *buf, size_t size, const char *const *parts,
		  size_t nparts)
{
	/* "=_" occurs in no quoted-printable text (an "=" there is
	 * followed by two hex digits or a line break) and in no base64
	 * ("_" is not of its alphabet), so the first try holds; the check
	 * keeps that true for any part */
	for (unsigned i = 0;; i++) {
		snprintf(buf, size, "=_crm_alternative_%u", i);
		if (!occurs(buf, parts, nparts))
			return;
	}
}

/* RFC 5322 3.3, in English whatever the locale */
static int
put_date(FILE *out, time_t t)
{
	static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed",
					 "Thu", "Fri", "Sat"};
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr",
					  "May", "Jun", "Jul", "Aug",
					  "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;
	char zone[8];

	if (!localtime_r(&t, &tm) ||
	    !strftime(zone, sizeof zone, "%z", &tm))
		return -1;
	return fprintf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d %s\n",
		       wd[tm.tm_wday], tm.tm_mday, mon[tm.tm_mon],
		       tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
		       zone) < 0 ? -1 : 0;
}

/* text/plain in quoted-printable, the rest in base64 when more than a
 * sixth of it would be escaped (it would read no better than base64) */
static int
use_base64(const char *s, size_t n)
{
	size_t high = 0;

	for (size_t i = 0; i < n; i++)
		high += (unsigned char)s[i] > 126;
	return high > n / 6;
}

/* the body of a part, encoded into memory so the boundary can be checked
 * against it */
static char *
encode(const char *s, size_t n, int base64)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		return NULL;
	if ((base64 ? crm_mime_base64(m, s, n) : crm_mime_qp(m, s, n)) < 0) {
		fclose(m);
		free(buf);
		return NULL;
	}
	if (fclose(m) == EOF) {
		free(buf);
		return NULL;
	}
	return buf;
}

static int
put_part(FILE *out, const char *boundary, const char *type, int base64,
	 const char *body)
{
	/* the LF before "--" belongs to the boundary (RFC 2046 5.1.1): the
	 * encoded body ends in its own LF */
	return fprintf(out, "\n--%s\nContent-Type: %s; charset=UTF-8\n"
		       "Content-Transfer-Encoding: %s\n\n%s", boundary, type,
		       base64 ? "base64" : "quoted-printable", body) < 0
		       ? -1 : 0;
}

static int
put_headers(FILE *out, const struct crm_mail *m)
{
	if (m->from && fprintf(out, "From: %s\n", m->from) < 0)
		return -1;
	for (size_t i = 0; i < m->nto; i++)
		if (fprintf(out, "%s%s%s", i ? " " : "To: ", m->to[i],
			    i + 1 < m->nto ? ",\n" : "\n") < 0)
			return -1;
	if (fputs("Subject: ", out) == EOF ||
	    crm_mime_header_text(out, m->subject, 9) < 0 ||
	    putc('\n', out) == EOF || put_date(out, m->date) < 0)
		return -1;
	return 0;
}

int
crm_mail_write(FILE *out, const struct crm_mail *m)
{
	int b64_html = use_base64(m->html, m->nhtml);
	char *text = encode(m->text, m->ntext, 0);
	char *html = encode(m->html, m->nhtml, b64_html);
	const char *parts[2] = {text, html};
	char boundary[64];
	int rc = -1;

	if (!text || !html)
		goto out;
	crm_mime_boundary(boundary, sizeof boundary, parts, 2);
	if (put_headers(out, m) < 0 ||
	    fprintf(out, "MIME-Version: 1.0\nContent-Type: "
		    "multipart/alternative;\n boundary=\"%s\"\n\n"
		    "This is a message in MIME format: the report as text "
		    "and as a page.\n", boundary) < 0 ||
	    put_part(out, boundary, "text/plain", 0, text) < 0 ||
	    put_part(out, boundary, "text/html", b64_html, html) < 0 ||
	    fprintf(out, "\n--%s--\n", boundary) < 0)
		goto out;
	rc = ferror(out) ? -1 : 0;
out:
	if (rc < 0 && !errno)
		errno = EIO;
	free(text);
	free(html);
	return rc;
}
