/* csv.c - records of a CSV file (RFC 4180) or of a text log whose fields
 * are separated by runs of blanks, read a physical line at a time so the
 * caller knows the line number of every record and can convert each line
 * from its encoding first. */
#include <stdlib.h>
#include <string.h>

#include "crm.h"

/* A record's largest size: an unclosed quote near the top of a large
 * export would otherwise swallow the whole file into one field. */
#define CSV_MAX_RECORD (1024 * 1024)

struct crm_csv {
	int sep, quote;
	int open;            /* the last line ended inside a quoted field */
	char *buf;           /* the fields, each NUL-terminated */
	size_t len, cap;
	size_t *start;       /* where each field begins in buf */
	int nfields, fcap;
};

struct crm_csv *
crm_csv_new(int sep, int quote)
{
	struct crm_csv *c = crm_xmalloc(sizeof *c);

	memset(c, 0, sizeof *c);
	c->sep = sep;
	c->quote = quote;
	return c;
}

void
crm_csv_free(struct crm_csv *c)
{
	if (!c)
		return;
	free(c->buf);
	free(c->start);
	free(c);
}

static int
append(struct crm_csv *c, const char *s, size_t n, struct crm_err *e)
{
	if (c->len + n + 1 > CSV_MAX_RECORD) {
		crm_err_set(e, 65, "a record longer than %d bytes (a quote "
			    "that is never closed?)", CSV_MAX_RECORD);
		return -1;
	}
	if (c->len + n + 1 > c->cap) {
		c->cap = c->cap ? c->cap : 256;
		while (c->len + n + 1 > c->cap)
			c->cap *= 2;
		c->buf = crm_xrealloc(c->buf, c->cap);
	}
	memcpy(c->buf + c->len, s, n);
	c->len += n;
	return 0;
}

static void
begin_field(struct crm_csv *c)
{
	if (c->nfields == c->fcap) {
		c->fcap = c->fcap ? 2 * c->fcap : 16;
		c->start = crm_xrealloc(c->start,
					(size_t)c->fcap * sizeof *c->start);
	}
	c->start[c->nfields++] = c->len;
}

/* the NUL after a field; append() always leaves room for it */
static void
end_field(struct crm_csv *c)
{
	c->buf[c->len++] = '\0';
}

static int
blank(int ch)
{
	return ch == ' ' || ch == '\t';
}

static int
is_sep(const struct crm_csv *c, int ch)
{
	return c->sep == ' ' ? blank(ch) : ch == c->sep;
}

/* past the separator at i: one separator, or a run of blanks */
static size_t
skip_sep(const struct crm_csv *c, const char *s, size_t i, size_t n)
{
	if (c->sep != ' ')
		return i + 1;
	while (i < n && blank((unsigned char)s[i]))
		i++;
	return i;
}

/*
 * The rest of a quoted field from s[*i], the opening quote behind it:
 * 1 when its closing quote was found (*i past it), 0 when the line ends
 * inside it.  A doubled quote is one quote of the text.
 */
static int
quoted(struct crm_csv *c, const char *s, size_t n, size_t *i,
       struct crm_err *e)
{
	while (*i < n) {
		const char *q = memchr(s + *i, c->quote, n - *i);
		size_t end = q ? (size_t)(q - s) : n;

		if (append(c, s + *i, end - *i, e) < 0)
			return -1;
		*i = end;
		if (!q)
			break;
		if (end + 1 < n && s[end + 1] == c->quote) {
			if (append(c, s + end, 1, e) < 0)
				return -1;
			*i = end + 2;
			continue;
		}
		*i = end + 1;
		return 1;
	}
	return 0;
}

int
crm_csv_feed(struct crm_csv *c, const char *s, size_t n, struct crm_err *e)
{
	size_t i = 0;

	if (n > 0 && s[n - 1] == '\r')
		n--;
	if (c->open) {
		/* the line break is part of the quoted field */
		if (append(c, "\n", 1, e) < 0)
			goto bad;
	} else {
		c->len = 0;
		c->nfields = 0;
		if (c->sep == ' ')
			while (i < n && blank((unsigned char)s[i]))
				i++;
		if (i == n)
			return 1; /* an empty line: a record of no fields */
		begin_field(c);
	}
	for (;;) {
		if (c->open) {
			int r = quoted(c, s, n, &i, e);

			if (r < 0)
				goto bad;
			if (r == 0)
				return 0;
			c->open = 0;
			if (i < n && !is_sep(c, (unsigned char)s[i])) {
				crm_err_set(e, 65, "column %zu: text after "
					    "the closing quote of a field",
					    i + 1);
				goto bad;
			}
		} else if (c->quote && i < n && s[i] == c->quote) {
			c->open = 1;
			i++;
			continue;
		} else {
			size_t j = i;

			while (j < n && !is_sep(c, (unsigned char)s[j]))
				j++;
			if (append(c, s + i, j - i, e) < 0)
				goto bad;
			i = j;
		}
		/* at a separator or at the end of the line */
		end_field(c);
		if (i == n)
			return 1;
		i = skip_sep(c, s, i, n);
		if (i == n && c->sep == ' ')
			return 1; /* blanks at the end separate nothing */
		begin_field(c);
	}
bad:
	c->open = 0;
	c->len = 0;
	c->nfields = 0;
	return -1;
}

int
crm_csv_nfields(const struct crm_csv *c)
{
	return c->nfields;
}

const char *
crm_csv_field(const struct crm_csv *c, int i)
{
	if (i < 0 || i >= c->nfields)
		return "";
	return c->buf + c->start[i];
}

int
crm_csv_end(struct crm_csv *c, struct crm_err *e)
{
	if (!c->open)
		return 0;
	c->open = 0;
	c->len = 0;
	c->nfields = 0;
	return crm_err_set(e, 65, "the file ends inside a quoted field");
}
