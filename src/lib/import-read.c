/* import-read.c - an export read through its rules (import.c): a physical
 * line at a time through the encoding (encoding.c) and the CSV reader
 * (csv.c), each record turned into crm's fields by the templates, its
 * money and dates into crm's form.  Memory stays that of one record. */
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "import.h"

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* s without the blanks around it, in a buffer of its own */
static const char *
trim(const char *s, char *buf, size_t bufsz)
{
	size_t n = crm_trim_span(s, &s);

	if (n >= bufsz)
		n = bufsz - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

int
crm_import_money(const char *s, int decimal, int thousands, char *out,
		 size_t outsz, const char **why)
{
	char in[64];
	size_t o = 0, digits = 0;
	const char *p = trim(s, in, sizeof in);

	*why = "is not an amount";
	if (strlen(s) >= sizeof in - 1 || outsz < sizeof in)
		return *why = "is too long for an amount", -1;
	if (*p == '-' || *p == '+')
		if (*p++ == '-')
			out[o++] = '-';
	for (; *p && *p != decimal; p++) {
		if (is_digit(*p)) {
			out[o++] = *p;
			digits++;
			continue;
		}
		/* a thousands separator stands between groups of three */
		if (!thousands || *p != thousands || !digits ||
		    strspn(p + 1, "0123456789") != 3 ||
		    (p[4] && p[4] != thousands && p[4] != decimal))
			return -1;
	}
	if (!digits)
		return -1;
	if (*p == decimal) {
		out[o++] = '.';
		if (!is_digit(*++p))
			return -1;
		for (; is_digit(*p); p++)
			out[o++] = *p;
	}
	out[o] = '\0';
	return *p ? -1 : 0;
}

/* n digits (1 or 2 for a width of -2) at *s into *v */
static int
read_num(const char **s, int width, int *v)
{
	int got = 0, max = width < 0 ? -width : width;

	*v = 0;
	while (got < max && is_digit(**s)) {
		*v = *v * 10 + (*(*s)++ - '0');
		got++;
	}
	return width < 0 ? got > 0 : got == width;
}

const char *
crm_import_date_format_check(const char *fmt)
{
	int d = 0, m = 0, y = 0;

	for (; *fmt; fmt++) {
		if (*fmt != '%')
			continue;
		switch (*++fmt) {
		case 'd':
			d++;
			break;
		case 'm':
			m++;
			break;
		case 'Y':
		case 'y':
			y++;
			break;
		case 'H':
		case 'M':
		case 'S':
		case '%':
			break;
		default:
			return "a % takes d m Y y H M S or %";
		}
	}
	if (d != 1 || m != 1 || y != 1)
		return "a date format has one each of %d, %m and %Y (or %y)";
	return NULL;
}

int
crm_import_date(const char *s, const char *fmt, char *out, const char **why)
{
	char in[64], buf[CRM_DATE_BUFSZ];
	const char *p = trim(s, in, sizeof in);
	int y = 0, m = 0, d = 0, v, ok;
	crm_day day;

	*why = "does not match the date format";
	if (strlen(s) >= sizeof in - 1)
		return -1;
	for (; *fmt; fmt++) {
		if (*fmt != '%' || fmt[1] == '%') {
			fmt += *fmt == '%';
			if (*p++ != *fmt)
				return -1;
			continue;
		}
		switch (*++fmt) {
		case 'Y':
			ok = read_num(&p, 4, &y);
			break;
		case 'y': /* POSIX: 69..99 are 1969..1999, 00..68 2000..2068 */
			ok = read_num(&p, 2, &v);
			y = v < 69 ? 2000 + v : 1900 + v;
			break;
		case 'm':
			ok = read_num(&p, -2, &m);
			break;
		case 'd':
			ok = read_num(&p, -2, &d);
			break;
		default: /* a time of day, which a sale's date leaves out */
			ok = read_num(&p, -2, &v);
			break;
		}
		if (!ok)
			return -1;
	}
	if (*p)
		return -1;
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
	if (crm_date_parse(buf, &day, why) < 0)
		return *why = "is not a valid date", -1;
	memcpy(out, buf, strlen(buf) + 1);
	return 0;
}

/* ---- the reader ----------------------------------------------------- */

struct crm_import {
	FILE *fp;                   /* borrowed */
	const struct crm_rules *r;  /* borrowed */
	struct crm_conv *conv;
	struct crm_csv *csv;
	char *line;                 /* the physical line read */
	size_t linecap;
	long lineno, recline;       /* the line read, the record's first */
	int *colof;                 /* column of each reference */
	char **names;               /* the export's column names */
	int nnames;
	int started, done;
	char *out;                  /* the fields made, NUL after each */
	size_t outlen, outcap;
	const char **fields;
	char *prev;                 /* skip-repeated: the last value */
	struct crm_err err;         /* the current record's, if bad */
	int bad;
};

struct crm_import *
crm_import_open(FILE *fp, const struct crm_rules *r)
{
	struct crm_import *im = crm_xmalloc(sizeof *im);
	struct crm_err e;

	memset(im, 0, sizeof *im);
	im->fp = fp;
	im->r = r;
	if (!(im->conv = crm_conv_new(r->encoding ? r->encoding : "utf-8", &e)))
		crm_die(e.status, "%s", e.msg);
	im->csv = crm_csv_new(r->sep, r->quote);
	im->colof = crm_xmalloc(((size_t)r->nrefs + 1) * sizeof *im->colof);
	im->fields = crm_xmalloc((size_t)r->nfields * sizeof *im->fields);
	return im;
}

void
crm_import_close(struct crm_import *im)
{
	if (!im)
		return;
	crm_conv_free(im->conv);
	crm_csv_free(im->csv);
	free(im->line);
	free(im->colof);
	for (int i = 0; i < im->nnames; i++)
		free(im->names[i]);
	free(im->names);
	free(im->out);
	free(im->fields);
	free(im->prev);
	free(im);
}

/*
 * The next physical line as UTF-8 into *s, *n; 0 at the end.  A line in
 * the wrong encoding ends the command, as a TSV line that is not text
 * does: the file is wrong as a whole.
 */
static int
next_line(struct crm_import *im, const char **s, size_t *n)
{
	ssize_t len = getline(&im->line, &im->linecap, im->fp);
	const char *p = im->line;
	struct crm_err e;

	if (len < 0) {
		if (ferror(im->fp))
			crm_die(CRM_EX_IOERR, "cannot read standard input");
		return 0;
	}
	im->lineno++;
	if (len > 0 && p[len - 1] == '\n')
		len--;
	if (im->lineno <= im->r->skip) { /* dropped as it is, whatever it is */
		*s = "";
		*n = 0;
		return 1;
	}
	if (im->lineno == 1 && len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3)) {
		p += 3;
		len -= 3;
	}
	if (!(*s = crm_conv_line(im->conv, p, (size_t)len, n, &e)))
		crm_die_line(e.status, im->lineno, "%s", e.msg);
	return 1;
}

/*
 * The next record of the export into the CSV reader: 1, or 0 at the end.
 * A malformed one is a record with the error set, so --keep-going can
 * pass it by.  Blank lines are no records.
 */
static int
next_record(struct crm_import *im)
{
	const char *s;
	size_t n;
	int rc, open = 0;

	im->bad = 0;
	for (;;) {
		if (!next_line(im, &s, &n)) {
			if (open && crm_csv_end(im->csv, &im->err) < 0)
				return im->bad = 1;
			return 0;
		}
		if (im->lineno <= im->r->skip)
			continue;
		if (!open)
			im->recline = im->lineno;
		rc = crm_csv_feed(im->csv, s, n, &im->err);
		if (rc < 0)
			return im->bad = 1;
		open = rc == 0;
		if (rc == 1 && crm_csv_nfields(im->csv) > 0)
			return 1;
	}
}

static const char *const *
names_of(const struct crm_import *im, int *n)
{
	if (im->r->columns) {
		*n = im->r->ncolumns;
		return (const char *const *)im->r->columns;
	}
	*n = im->nnames;
	return (const char *const *)im->names;
}

/* a column's name for messages: the header's, else its position */
static const char *
colname(const struct crm_import *im, int c, char *buf, size_t bufsz)
{
	int n;
	const char *const *names = names_of(im, &n);

	if (c < n)
		return names[c];
	snprintf(buf, bufsz, "%d", c + 1);
	return buf;
}

/* The export's header (unless the rules say it has none) names the
 * columns for %{NAME}; a name the rules use and it lacks is an error of
 * the rules (78), found before the first record. */
static void
start(struct crm_import *im)
{
	const struct crm_rules *r = im->r;
	const char *const *names;
	struct crm_err e;
	char buf[256];
	int n;

	im->started = 1;
	if (r->header) {
		if (!next_record(im)) {
			im->done = 1; /* an empty export */
			return;
		}
		if (im->bad)
			crm_die_line(im->err.status, im->recline, "%s",
				     im->err.msg);
		im->nnames = crm_csv_nfields(im->csv);
		im->names = crm_xmalloc((size_t)im->nnames * sizeof *im->names);
		for (int i = 0; i < im->nnames; i++)
			im->names[i] = crm_xstrdup(
				trim(crm_csv_field(im->csv, i), buf, sizeof buf));
	}
	names = names_of(im, &n);
	if (crm_rules_resolve(r, names, n, im->colof, &e) < 0)
		crm_die(e.status, "%s (line %ld of the export: %s)", e.msg,
			im->recline, n ? "its header" : "no header");
}

static void
put(struct crm_import *im, const char *s, size_t n)
{
	if (im->outlen + n > im->outcap) {
		im->outcap = im->outcap ? im->outcap : 256;
		while (im->outlen + n > im->outcap)
			im->outcap *= 2;
		im->out = crm_xrealloc(im->out, im->outcap);
	}
	memcpy(im->out + im->outlen, s, n);
	im->outlen += n;
}

/* the value of a column reference in the current record; NULL when the
 * record is too short to have it */
static const char *
column(const struct crm_import *im, const struct rule_part *q)
{
	int c = im->colof[q->ref];

	return c < crm_csv_nfields(im->csv) ? crm_csv_field(im->csv, c) : NULL;
}

/* A field's money or date in crm's form: a constant is in it already,
 * and an empty value is an absent one. */
static int
convert(struct crm_import *im, const struct rule_field *f, size_t start,
	const struct rule_part *src)
{
	const struct crm_rules *r = im->r;
	char conv[64], buf[24];
	const char *v = im->out + start, *why;
	int rc;

	if (f->constant || f->kind == RULE_TEXT || crm_blank(v))
		return 0;
	if (f->kind == RULE_MONEY)
		rc = crm_import_money(v, r->decimal, r->thousands, conv,
				      sizeof conv, &why);
	else
		rc = crm_import_date(v, r->date_format, conv, &why);
	if (rc == 0) {
		im->outlen = start;
		put(im, conv, strlen(conv) + 1);
		return 0;
	}
	if (src)
		crm_err_set(&im->err, CRM_EX_DATAERR, "column %s: '%s' %s",
			    colname(im, im->colof[src->ref], buf, sizeof buf),
			    v, why);
	else
		crm_err_set(&im->err, CRM_EX_DATAERR, "%s '%s' %s", f->name, v,
			    why);
	return -1;
}

static int
make_field(struct crm_import *im, const struct rule_field *f)
{
	const struct rule_part *src = NULL; /* the first column, for messages */
	size_t start = im->outlen;
	char num[24];
	const char *v;

	for (int i = 0; i < f->nparts; i++) {
		const struct rule_part *q = &f->parts[i];

		switch (q->type) {
		case PART_TEXT:
			put(im, q->text, strlen(q->text));
			break;
		case PART_LINE:
			snprintf(num, sizeof num, "%ld", im->recline);
			put(im, num, strlen(num));
			break;
		default:
			if (!(v = column(im, q))) {
				crm_err_set(&im->err, CRM_EX_DATAERR,
					    "column %s: missing (the line has "
					    "%d fields)",
					    colname(im, im->colof[q->ref], num,
						    sizeof num),
					    crm_csv_nfields(im->csv));
				return -1;
			}
			src = src ? src : q;
			put(im, v, strlen(v));
		}
	}
	put(im, "", 1);
	return convert(im, f, start, src);
}

/* the record meets one of the ignore conditions */
static int
ignored(const struct crm_import *im)
{
	for (int i = 0; i < im->r->nignore; i++) {
		const struct rule_cond *c = &im->r->ignore[i];
		const char *v = column(im, &c->col);

		if (!v)
			v = "";
		if (c->empty ? crm_blank(v)
			     : crm_glob_match(c->glob, v))
			return 1;
	}
	return 0;
}

/* skip-repeated: the record repeats the last one's value of the field */
static int
repeated(struct crm_import *im)
{
	const char *v = im->fields[im->r->repeated];

	if (im->prev && !strcmp(im->prev, v))
		return 1;
	free(im->prev);
	im->prev = crm_xstrdup(v);
	return 0;
}

/* the fields made, one after the other in out */
static void
point_fields(struct crm_import *im)
{
	const char *p = im->out;

	for (int i = 0; i < im->r->nfields; i++) {
		im->fields[i] = p;
		p += strlen(p) + 1;
	}
}

int
crm_import_read(struct crm_import *im, const char *const **fields)
{
	const struct crm_rules *r = im->r;

	*fields = im->fields;
	if (!im->started) {
		start(im);
		if (im->done)
			return 0; /* an empty export, as an empty TSV: nothing */
		for (int i = 0; i < r->nfields; i++)
			im->fields[i] = r->fields[i].name;
		return r->nfields;
	}
	while (!im->done) {
		if (!next_record(im)) {
			im->done = 1;
			break;
		}
		if (!im->bad && ignored(im))
			continue;
		im->outlen = 0;
		for (int i = 0; i < r->nfields && !im->bad; i++)
			if (make_field(im, &r->fields[i]) < 0)
				im->bad = 1;
		if (im->bad) { /* an empty record to go with the error */
			im->outlen = 0;
			for (int i = 0; i < r->nfields; i++)
				put(im, "", 1);
		}
		point_fields(im);
		if (!im->bad && r->repeated >= 0 && repeated(im))
			continue;
		return r->nfields;
	}
	return 0;
}

long
crm_import_line(const struct crm_import *im)
{
	return im->recline;
}

int
crm_import_error(const struct crm_import *im, struct crm_err *e)
{
	if (!im->bad)
		return 0;
	*e = im->err;
	return -1;
}

long
crm_rules_print(FILE *in, FILE *out, const struct crm_rules *r,
		int keep_going)
{
	struct crm_tsv *t = crm_tsv_open_rules(in, r);
	struct crm_err e;
	long bad = 0;

	if (crm_tsv_read(t) > 0)
		crm_tsv_put_record(out, t);
	while (crm_tsv_read(t) > 0) {
		if (crm_tsv_record_error(t, &e) < 0) {
			if (!keep_going)
				crm_die_line(e.status, crm_tsv_line(t), "%s",
					     e.msg);
			crm_warn_line(crm_tsv_line(t), "%s", e.msg);
			bad++;
			continue;
		}
		crm_tsv_put_record(out, t);
	}
	crm_tsv_close(t);
	return bad;
}
