/* test-mime.c - the mail message of crm-report --mail (mime.c):
 * quoted-printable and base64 bodies, RFC 2047 words, header values and
 * addresses, the boundary */
#include <stdlib.h>

#include "crm.h"
#include "tap.h"

typedef int (*encoder)(FILE *, const char *, size_t);

/* fn over n bytes of s, as a string (malloc'd) */
static char *
enc(encoder fn, const char *s, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (fn(m, s, n) < 0)
		diag("the encoder failed");
	fclose(m);
	return buf;
}

static int
hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0'
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* quoted-printable back to bytes, as a reader does; -1 on a malformed
 * escape */
static long
qp_decode(const char *s, char *out)
{
	long n = 0;

	while (*s) {
		if (*s != '=') {
			out[n++] = *s++;
			continue;
		}
		if (s[1] == '\n') {
			s += 2;
			continue;
		}
		if (hexval(s[1]) < 0 || hexval(s[2]) < 0)
			return -1;
		out[n++] = (char)(hexval(s[1]) << 4 | hexval(s[2]));
		s += 3;
	}
	return n;
}

static long
b64_decode(const char *s, char *out)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
				"qrstuvwxyz0123456789+/";
	unsigned long v = 0;
	int bits = 0;
	long n = 0;

	for (; *s; s++) {
		const char *p;

		if (*s == '\n' || *s == '=')
			continue;
		if (!(p = strchr(a, *s)))
			return -1;
		v = v << 6 | (unsigned long)(p - a);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (char)(v >> bits & 255);
		}
	}
	return n;
}

/* the longest line of s, and whether any has trailing white space */
static size_t
longest(const char *s, int *trailing)
{
	size_t max = 0, col = 0;

	*trailing = 0;
	for (; *s; s++) {
		if (*s == '\n') {
			if (col && (s[-1] == ' ' || s[-1] == '\t'))
				*trailing = 1;
			max = col > max ? col : max;
			col = 0;
		} else
			col++;
	}
	return col > max ? col : max;
}

static void
round_trip(encoder fn, const char *name, long (*dec)(const char *, char *),
	   const char *s, size_t n, const char *what)
{
	char *e = enc(fn, s, n);
	char *back = malloc(n + 16);
	long k = dec(e, back);
	int trailing;
	size_t max = longest(e, &trailing);

	ok(k == (long)n && !memcmp(back, s, n), "%s round trip: %s", name,
	   what);
	ok(max <= 76 && !trailing, "%s lines of at most 76, no trailing "
	   "white space: %s (%zu)", name, what, max);
	ok(!n || e[strlen(e) - 1] == '\n', "%s ends in a line break: %s",
	   name, what);
	free(back);
	free(e);
}

static void
qp_is(const char *s, const char *want, const char *what)
{
	char *e = enc(crm_mime_qp, s, strlen(s));

	is_str(e, want, "qp: %s", what);
	free(e);
}

static void
header_is(const char *s, size_t col, const char *want, const char *what)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	crm_mime_header_text(m, s, col);
	fclose(m);
	is_str(buf, want, "header text: %s", what);
	free(buf);
}

static void
addresses(const char *list, int status, size_t want_n, const char *first,
	  const char *what)
{
	struct crm_err e;
	char **v = NULL;
	size_t n = 0;
	int rc;

	memset(&e, 0, sizeof e);
	rc = crm_mime_addresses("--to", list, 64, &v, &n, &e);
	if (status)
		ok(rc == -1 && e.status == status && strstr(e.msg, "--to"),
		   "addresses refused: %s: %s", what, e.msg);
	else
		ok(rc == 0 && n == want_n && !strcmp(v[0], first),
		   "addresses: %s", what);
	crm_mime_addresses_free(v, n);
}

static void
test_qp(void)
{
	char big[3000], bin[256];

	qp_is("plain text\n", "plain text\n", "ASCII as it is");
	qp_is("Müller\n", "M=C3=BCller\n", "UTF-8 bytes escaped");
	qp_is("a=b\n", "a=3Db\n", "= escaped");
	qp_is("end \nx\t\n", "end=20\nx=09\n", "trailing white space escaped");
	qp_is("no newline", "no newline=\n", "a soft break ends data "
	      "without a LF");
	qp_is(".\n", "=2E\n", "a lone dot, which ends sendmail's input");
	qp_is("From me\n", "=46rom me\n", "From at a line's start");
	qp_is("a\r\n", "a=0D\n", "CR escaped");
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = i % 97 == 96 ? '\n' : "ab =\t\xc3\xbc."[i % 8];
	round_trip(crm_mime_qp, "qp", qp_decode, big, sizeof big,
		   "mixed lines");
	memset(big, 'x', sizeof big);
	round_trip(crm_mime_qp, "qp", qp_decode, big, sizeof big,
		   "one line of 3000 bytes");
	memset(big, ' ', sizeof big);
	round_trip(crm_mime_qp, "qp", qp_decode, big, sizeof big,
		   "3000 spaces");
	for (int i = 0; i < 256; i++)
		bin[i] = (char)i;
	round_trip(crm_mime_qp, "qp", qp_decode, bin, sizeof bin,
		   "every byte");
	round_trip(crm_mime_qp, "qp", qp_decode, "", 0, "nothing");
}

static void
test_base64(void)
{
	char *e = enc(crm_mime_base64, "Man", 3), bin[1000];

	is_str(e, "TWFu\n", "base64: three bytes");
	free(e);
	e = enc(crm_mime_base64, "Ma", 2);
	is_str(e, "TWE=\n", "base64: padding");
	free(e);
	e = enc(crm_mime_base64, "M", 1);
	is_str(e, "TQ==\n", "base64: two pads");
	free(e);
	for (int i = 0; i < (int)sizeof bin; i++)
		bin[i] = (char)(i * 7);
	for (size_t n = 55; n <= 60; n++)
		round_trip(crm_mime_base64, "base64", b64_decode, bin, n,
			   "around a line's end");
	round_trip(crm_mime_base64, "base64", b64_decode, bin, sizeof bin,
		   "1000 bytes");
}

static void
test_headers(void)
{
	struct crm_err e;
	char w[200];

	header_is("crm report 2025-06-30", 9, "crm report 2025-06-30",
		  "ASCII as it is");
	header_is("Café 2025", 9, "=?UTF-8?B?Q2Fmw6kgMjAyNQ==?=",
		  "non-ASCII as an encoded word");
	header_is("=?x?=", 9, "=?UTF-8?B?PT94Pz0=?=",
		  "what looks like an encoded word is encoded");
	/* 30 two-byte characters: 60 bytes, words of 22 and 8 characters,
	 * none splitting one (45 bytes would) */
	w[0] = '\0';
	for (int i = 0; i < 30; i++)
		strcat(w, "\xc3\xbc");
	header_is(w, 9,
		  "=?UTF-8?B?w7zDvMO8w7zDvMO8w7zDvMO8w7zDvMO8w7zDvMO8w7zDvMO8"
		  "w7zDvMO8w7w=?=\n =?UTF-8?B?w7zDvMO8w7zDvMO8w7zDvA==?=",
		  "long text folded between whole characters");
	memset(&e, 0, sizeof e);
	ok(crm_mime_value_check("mail_from", "a@b", 78, &e) == 0,
	   "a plain value passes");
	ok(crm_mime_value_check("mail_from", "a@b\nBcc: x@y", 78, &e) == -1 &&
	   e.status == 78 && strstr(e.msg, "mail_from: a line break"),
	   "LF refused: %s", e.msg);
	ok(crm_mime_value_check("--to", "a@b\rBcc: x@y", 64, &e) == -1 &&
	   e.status == 64, "CR refused: %s", e.msg);
	ok(crm_mime_value_check("--to", "a\x01@b", 64, &e) == -1 &&
	   strstr(e.msg, "byte 2"), "control character refused: %s", e.msg);
	addresses("a@b", 0, 1, "a@b", "one");
	addresses(" a@b , c@d,e@f ", 0, 3, "a@b", "a list, trimmed");
	addresses("\"Doe, J\" <j@x>, k@y", 0, 2, "\"Doe, J\" <j@x>",
		  "a comma in quotes");
	addresses("a@b,,c@d", 64, 0, NULL, "an empty one");
	addresses("a@b\nBcc: x@y", 64, 0, NULL, "a line break");
	addresses("J\xc3\xbcrgen <j@x>", 0, 1, "=?UTF-8?B?SsO8cmdlbg==?= <j@x>",
		  "a name that is not ASCII, encoded");
	addresses("\"M\xc3\xbcller, J\" <j@x>", 0, 1,
		  "=?UTF-8?B?TcO8bGxlciwgSg==?= <j@x>",
		  "a quoted name, encoded without its quotes");
	addresses("J\xc3\xbcrgen <j@x>, k@y", 0, 2,
		  "=?UTF-8?B?SsO8cmdlbg==?= <j@x>",
		  "an encoded name in a list ends with its address");
	addresses("j\xc3\xbc@x", 64, 0, NULL, "an address not ASCII");
	addresses("J\xc3\xbcrgen <j\xc3\xbc@x>", 64, 0, NULL,
		  "a name and an address not ASCII");
	addresses("J\xfcrgen <j@x>", 64, 0, NULL, "a name not UTF-8");
}

static void
test_boundary(void)
{
	const char *parts[] = {"text\n--=_crm_alternative_0\n",
			       "--=_crm_alternative_1 x\n"};
	const char *clean[] = {"text\n", "=3D_crm\n"};
	char b[64];

	crm_mime_boundary(b, sizeof b, clean, 2);
	is_str(b, "=_crm_alternative_0", "boundary: the first try");
	crm_mime_boundary(b, sizeof b, parts, 2);
	is_str(b, "=_crm_alternative_2", "boundary: none that a part holds");
}

/* the message: headers in order, both parts, the closing boundary */
static void
test_message(void)
{
	char *to[] = {"a@b", "\"C D\" <c@d>"};
	struct crm_mail m;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int trailing;

	memset(&m, 0, sizeof m);
	m.from = "crm <crm@shop>";
	m.to = to;
	m.nto = 2;
	m.subject = "Café report 2025-06-30";
	m.date = 0;
	m.text = "report\n";
	m.ntext = 7;
	m.html = "<p>report</p>\n";
	m.nhtml = 14;
	ok(crm_mail_write(f, &m) == 0, "message written");
	fclose(f);
	ok(!strncmp(buf, "From: crm <crm@shop>\nTo: a@b,\n \"C D\" <c@d>\n"
		    "Subject: =?UTF-8?B?", 62), "headers: From, To folded, "
	   "Subject encoded");
	ok(strstr(buf, "\nDate: Thu, 01 Jan 1970 00:00:00 +0000\n") != NULL,
	   "Date in RFC 5322 form");
	ok(strstr(buf, "\nMIME-Version: 1.0\nContent-Type: "
		  "multipart/alternative;\n boundary=\"=_crm_alternative_0\"\n")
	   != NULL, "multipart/alternative with its boundary");
	ok(strstr(buf, "\n--=_crm_alternative_0\nContent-Type: text/plain; "
		  "charset=UTF-8\nContent-Transfer-Encoding: quoted-printable"
		  "\n\nreport\n\n--=_crm_alternative_0\nContent-Type: "
		  "text/html; charset=UTF-8\n") != NULL,
	   "the text part, then the HTML part");
	ok(len > 25 && !strcmp(buf + len - 25, "\n--=_crm_alternative_0--\n"),
	   "the closing boundary ends it");
	ok(longest(buf, &trailing) <= 78, "no line over 78");
	free(buf);
}

int
main(void)
{
	setenv("TZ", "UTC", 1);
	test_qp();
	test_base64();
	test_headers();
	test_boundary();
	test_message();
	return done_testing();
}
