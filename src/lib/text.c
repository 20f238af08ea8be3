/*
 * text.c - what crm accepts as text: valid UTF-8 without control
 * characters other than TAB, LF and CR (SPEC.md "Text in"); and the one
 * place that checks UTF-8 (crm_utf8_seq) and writes JSON strings, for
 * text that was stored before the checks or by other hands.
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

/* ---- text out: JSON strings, repaired UTF-8 ------------------------------ */

void
crm_json_put_string(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	putc('"', fp);
	while (*p) {
		const unsigned char *run = p;
		int k;

		/* printable ASCII and valid UTF-8 sequences go out as they
		 * are, a run at a time */
		for (;;) {
			if (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\')
				p++;
			else if (*p >= 0x80 && (k = crm_utf8_seq(p)) > 0)
				p += k;
			else
				break;
		}
		if (p > run)
			fwrite(run, 1, (size_t)(p - run), fp);
		switch (*p) {
		case '\0':
			continue;
		case '"':
			fputs("\\\"", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		case '\t':
			fputs("\\t", fp);
			break;
		case '\b':
			fputs("\\b", fp);
			break;
		case '\f':
			fputs("\\f", fp);
			break;
		default:
			if (*p < 0x80) /* the other controls and DEL */
				fprintf(fp, "\\u%04x", *p);
			else /* a byte that starts no valid sequence */
				fputs("\\ufffd", fp);
		}
		p++;
	}
	putc('"', fp);
}

char *
crm_utf8_repair(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char *fixed, *q;
	size_t bad = 0;
	int k;

	for (; *p; p += k)
		if ((k = *p < 0x80 ? 1 : crm_utf8_seq(p)) == 0) {
			bad++;
			k = 1;
		}
	if (!bad)
		return NULL;
	/* each bad byte, 1, becomes EF BF BD, 3 */
	q = fixed = crm_xmalloc((size_t)(p - (const unsigned char *)s) +
				2 * bad + 1);
	for (p = (const unsigned char *)s; *p; p += k) {
		if ((k = *p < 0x80 ? 1 : crm_utf8_seq(p)) == 0) {
			memcpy(q, "\xef\xbf\xbd", 3);
			q += 3;
			k = 1;
			continue;
		}
		memcpy(q, p, (size_t)k);
		q += k;
	}
	*q = '\0';
	return fixed;
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

/* ---- display width ---------------------------------------------------- */

struct range {
	unsigned long lo, hi;
};

static const struct range wide[] = {
	{0x1100, 0x115f},   {0x2e80, 0x303e},   {0x3041, 0x33ff},
	{0x3400, 0x4dbf},   {0x4e00, 0x9fff},   {0xa000, 0xa4cf},
	{0xac00, 0xd7a3},   {0xf900, 0xfaff},   {0xfe30, 0xfe4f},
	{0xff00, 0xff60},   {0xffe0, 0xffe6},   {0x1f300, 0x1f64f},
	{0x1f900, 0x1f9ff}, {0x20000, 0x3fffd},
};

/* general category Mn and Me, the common ranges; and the zero width
 * format characters (ZWSP, ZWNJ, ZWJ, word joiner, BOM) */
static const struct range zero[] = {
	{0x0300, 0x036f}, {0x0483, 0x0489}, {0x0591, 0x05bd}, {0x05bf, 0x05bf},
	{0x05c1, 0x05c2}, {0x05c4, 0x05c5}, {0x05c7, 0x05c7}, {0x0610, 0x061a},
	{0x064b, 0x065f}, {0x0670, 0x0670}, {0x06d6, 0x06dc}, {0x06df, 0x06e4},
	{0x06e7, 0x06e8}, {0x06ea, 0x06ed}, {0x0900, 0x0902}, {0x093a, 0x093a},
	{0x093c, 0x093c}, {0x0941, 0x0948}, {0x094d, 0x094d}, {0x0951, 0x0957},
	{0x0962, 0x0963}, {0x0981, 0x0981}, {0x09bc, 0x09bc}, {0x09c1, 0x09c4},
	{0x09cd, 0x09cd}, {0x09e2, 0x09e3}, {0x0a01, 0x0a02}, {0x0a3c, 0x0a3c},
	{0x0a41, 0x0a42}, {0x0a47, 0x0a48}, {0x0a4b, 0x0a4d}, {0x0a51, 0x0a51},
	{0x0a70, 0x0a71}, {0x0a75, 0x0a75}, {0x0a81, 0x0a82}, {0x0abc, 0x0abc},
	{0x0ac1, 0x0ac5}, {0x0ac7, 0x0ac8}, {0x0acd, 0x0acd}, {0x0ae2, 0x0ae3},
	{0x0afa, 0x0aff}, {0x0b01, 0x0b01}, {0x0b3c, 0x0b3c}, {0x0b3f, 0x0b3f},
	{0x0b41, 0x0b44}, {0x0b4d, 0x0b4d}, {0x0b82, 0x0b82}, {0x0bc0, 0x0bc0},
	{0x0bcd, 0x0bcd}, {0x0c00, 0x0c00}, {0x0c3e, 0x0c40}, {0x0c46, 0x0c48},
	{0x0c4a, 0x0c4d}, {0x0c55, 0x0c56}, {0x0cbc, 0x0cbc}, {0x0ccc, 0x0ccd},
	{0x0d41, 0x0d44}, {0x0d4d, 0x0d4d}, {0x0e31, 0x0e31}, {0x0e34, 0x0e3a},
	{0x0e47, 0x0e4e}, {0x0eb1, 0x0eb1}, {0x0eb4, 0x0ebc}, {0x0ec8, 0x0ecd},
	{0x1ab0, 0x1aff}, {0x1dc0, 0x1dff}, {0x200b, 0x200f}, {0x2060, 0x2064},
	{0x20d0, 0x20ff}, {0x302a, 0x302d}, {0x3099, 0x309a}, {0xfe00, 0xfe0f},
	{0xfe20, 0xfe2f}, {0xfeff, 0xfeff}, {0xe0100, 0xe01ef},
};

static int
in_ranges(unsigned long cp, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

int
crm_char_width(unsigned long cp)
{
	if (cp < 0x300)
		return 1;
	if (in_ranges(cp, zero, sizeof zero / sizeof *zero))
		return 0;
	if (in_ranges(cp, wide, sizeof wide / sizeof *wide))
		return 2;
	return 1;
}

int
crm_display_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int n = 0;

	while (*p) {
		int k = *p < 0x80 ? 1 : crm_utf8_seq(p);
		unsigned long cp;

		if (k <= 1) {
			n++;
			p++;
			continue;
		}
		cp = p[0] & (0x7f >> k);
		for (int i = 1; i < k; i++)
			cp = cp << 6 | (p[i] & 0x3f);
		n += crm_char_width(cp);
		p += k;
	}
	return n;
}

void
crm_strbuf_put(struct crm_strbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = crm_xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
crm_strbuf_puts(struct crm_strbuf *b, const char *s)
{
	crm_strbuf_put(b, s, strlen(s));
}

void
crm_strbuf_putc(struct crm_strbuf *b, char c)
{
	crm_strbuf_put(b, &c, 1);
}
