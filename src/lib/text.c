/*
 * text.c - what crm accepts as text: valid UTF-8 without control
 * characters other than TAB, LF and CR (SPEC.md "Text in").
 *
 * Every text that reaches the database passes here first, from a TSV
 * line or from an option: a stray byte once stored makes crm-ls --format
 * json print invalid JSON and crm-show fail in libyaml, and an ESC sent
 * back to a terminal by crm-ls is a terminal escape sequence.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "crm.h"

int
crm_utf8_seq(const unsigned char *p)
{
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xe0 && p[0] <= 0xef) {
		unsigned lo = p[0] == 0xe0 ? 0xa0 : 0x80;
		unsigned hi = p[0] == 0xed ? 0x9f : 0xbf;

		return p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 ? 3
									 : 0;
	}
	if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		unsigned lo = p[0] == 0xf0 ? 0x90 : 0x80;
		unsigned hi = p[0] == 0xf4 ? 0x8f : 0xbf;

		return p[1] >= lo && p[1] <= hi && (p[2] & 0xc0) == 0x80 &&
				       (p[3] & 0xc0) == 0x80
			       ? 4
			       : 0;
	}
	return 0;
}

int
crm_text_check(const char *s, struct crm_err *e)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		int k;

		/* the common case, printable ASCII, in a tight loop: crm-sale
		 * checks every field of imports of millions of lines */
		if (*p >= 0x20 && *p < 0x7f) {
			p++;
			continue;
		}
		if (*p == '\t' || *p == '\n' || *p == '\r') {
			p++;
			continue;
		}
		if (*p < 0x80)
			return crm_err_set(e, CRM_EX_DATAERR,
					   "control character U+%04X at byte %td",
					   *p, (const char *)p - s + 1);
		/* crm_utf8_seq() reads no further than a byte that is not a
		 * continuation, so never past the terminating NUL */
		if ((k = crm_utf8_seq(p)) == 0)
			return crm_err_set(e, CRM_EX_DATAERR,
					   "invalid UTF-8 at byte %td (0x%02x)",
					   (const char *)p - s + 1, *p);
		/* C1 controls, U+0080..U+009F, are C2 80..C2 9F */
		if (p[0] == 0xc2 && p[1] < 0xa0)
			return crm_err_set(e, CRM_EX_DATAERR,
					   "control character U+%04X at byte %td",
					   p[1], (const char *)p - s + 1);
		p += k;
	}
	return 0;
}

const char *
crm_opt_text(const char *opt, const char *arg)
{
	struct crm_err e;

	if (arg && crm_text_check(arg, &e) < 0)
		crm_die(e.status, "%s: %s; text must be UTF-8 without control "
			"characters", opt, e.msg);
	return arg;
}

void
crm_opt_fields_text(const struct option *longopts, int first,
		    const struct crm_fields *f)
{
	for (const struct option *lo = longopts; lo->name; lo++) {
		int k = lo->val - first;
		char opt[64];

		if (k < 0 || k >= CRM_NCOLS || !f->v[k])
			continue;
		snprintf(opt, sizeof opt, "--%s", lo->name);
		crm_opt_text(opt, f->v[k]);
	}
}

static int
is_blank_char(char c)
{
	return c == ' ' || c == '\t';
}

size_t
crm_trim_span(const char *s, const char **start)
{
	const char *end;

	while (is_blank_char(*s))
		s++;
	end = s + strlen(s);
	while (end > s && is_blank_char(end[-1]))
		end--;
	*start = s;
	return (size_t)(end - s);
}

int
crm_blank(const char *s)
{
	const char *start;

	return crm_trim_span(s, &start) == 0;
}
