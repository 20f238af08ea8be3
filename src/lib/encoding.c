/* encoding.c - a line of a foreign file as UTF-8.  UTF-8 is checked, not
 * trusted: a till export that claims UTF-8 but holds Latin-1 umlauts
 * would otherwise reach the database as broken text.  ISO-8859-1 and
 * Windows-1252 go through iconv. */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "crm.h"

enum conv_kind { CONV_UTF8, CONV_LATIN1, CONV_CP1252 };

struct crm_conv {
	enum conv_kind kind;
	iconv_t cd;          /* (iconv_t)-1 for UTF-8 */
	char *buf;           /* the converted line, NUL-terminated */
	size_t cap;
};

static const struct {
	const char *name;
	enum conv_kind kind;
	const char *iconv_name;
} encodings[] = {
	{ "utf-8", CONV_UTF8, NULL },
	{ "utf8", CONV_UTF8, NULL },
	{ "iso-8859-1", CONV_LATIN1, "ISO-8859-1" },
	{ "iso8859-1", CONV_LATIN1, "ISO-8859-1" },
	{ "latin1", CONV_LATIN1, "ISO-8859-1" },
	{ "latin-1", CONV_LATIN1, "ISO-8859-1" },
	{ "windows-1252", CONV_CP1252, "WINDOWS-1252" },
	{ "cp1252", CONV_CP1252, "WINDOWS-1252" },
};

struct crm_conv *
crm_conv_new(const char *name, struct crm_err *e)
{
	size_t n = sizeof encodings / sizeof encodings[0];
	struct crm_conv *c;

	for (size_t i = 0; i < n; i++) {
		if (strcasecmp(name, encodings[i].name) != 0)
			continue;
		c = crm_xmalloc(sizeof *c);
		c->kind = encodings[i].kind;
		c->cd = (iconv_t)-1;
		c->buf = NULL;
		c->cap = 0;
		if (encodings[i].iconv_name) {
			c->cd = iconv_open("UTF-8", encodings[i].iconv_name);
			if (c->cd == (iconv_t)-1) {
				crm_err_set(e, 78, "this system's iconv cannot "
					    "convert from %s", name);
				free(c);
				return NULL;
			}
		}
		return c;
	}
	crm_err_set(e, 78, "unknown encoding '%s' (utf-8, iso-8859-1 or "
		    "windows-1252)", name);
	return NULL;
}

void
crm_conv_free(struct crm_conv *c)
{
	if (!c)
		return;
	if (c->cd != (iconv_t)-1)
		iconv_close(c->cd);
	free(c->buf);
	free(c);
}

static void
reserve(struct crm_conv *c, size_t need)
{
	if (need <= c->cap)
		return;
	c->cap = need < 256 ? 256 : need;
	c->buf = crm_xrealloc(c->buf, c->cap);
}

/* UTF-8 is checked by text.c's crm_utf8_seq, the one place that knows
 * it; it reads a NUL-terminated string, so the line is copied first (a
 * NUL inside was refused already) */
static const char *
from_utf8(struct crm_conv *c, const char *in, size_t n, size_t *outn,
	  struct crm_err *e)
{
	const unsigned char *s;

	reserve(c, n + 1);
	memcpy(c->buf, in, n);
	c->buf[n] = '\0';
	s = (const unsigned char *)c->buf;
	for (size_t i = 0; i < n;) {
		int len = s[i] < 0x80 ? 1 : crm_utf8_seq(s + i);

		if (len == 0) {
			crm_err_set(e, 65, "byte %zu is not UTF-8 (is the "
				    "file's encoding set right?)", i + 1);
			return NULL;
		}
		i += (size_t)len;
	}
	*outn = n;
	return c->buf;
}

/* bytes Windows-1252 leaves undefined; iconv implementations differ on
 * them, so they are refused here, the same everywhere */
static int
cp1252_undefined(unsigned char b)
{
	return b == 0x81 || b == 0x8d || b == 0x8f || b == 0x90 || b == 0x9d;
}

static const char *
through_iconv(struct crm_conv *c, const char *in, size_t n, size_t *outn,
	      struct crm_err *e)
{
	char *src = (char *)in, *dst;
	size_t left = n, room;

	for (size_t i = 0; i < n; i++) {
		if (c->kind == CONV_CP1252 &&
		    cp1252_undefined((unsigned char)in[i])) {
			crm_err_set(e, 65, "byte %zu (0x%02X) is not a "
				    "Windows-1252 character", i + 1,
				    (unsigned char)in[i]);
			return NULL;
		}
	}
	/* a byte of these single-byte encodings is at most 3 in UTF-8 */
	reserve(c, 3 * n + 1);
	dst = c->buf;
	room = c->cap - 1;
	iconv(c->cd, NULL, NULL, NULL, NULL);
	if (iconv(c->cd, &src, &left, &dst, &room) == (size_t)-1) {
		crm_err_set(e, 65, "byte %zu cannot be converted to UTF-8: %s",
			    (size_t)(src - in) + 1, strerror(errno));
		return NULL;
	}
	*dst = '\0';
	*outn = (size_t)(dst - c->buf);
	return c->buf;
}

const char *
crm_conv_line(struct crm_conv *c, const char *in, size_t n, size_t *outn,
	      struct crm_err *e)
{
	const char *nul = memchr(in, '\0', n);

	if (nul) {
		crm_err_set(e, 65, "byte %zu is a NUL byte",
			    (size_t)(nul - in) + 1);
		return NULL;
	}
	if (c->kind == CONV_UTF8)
		return from_utf8(c, in, n, outn, e);
	return through_iconv(c, in, n, outn, e);
}
