/* out.c - rows as TSV, CSV (RFC 4180) or JSON Lines, chosen by --format */
#include <string.h>

#include "crm.h"

int
crm_format_parse(const char *s, enum crm_format *out)
{
	if (strcmp(s, "tsv") == 0)
		*out = CRM_FORMAT_TSV;
	else if (strcmp(s, "csv") == 0)
		*out = CRM_FORMAT_CSV;
	else if (strcmp(s, "json") == 0)
		*out = CRM_FORMAT_JSON;
	else
		return -1;
	return 0;
}

/*
 * A CSV field.  With formula set (a text value, not a header), one that
 * a spreadsheet would read as a formula, beginning with = + - @ TAB or
 * CR, gets a leading ' (SPEC.md "TSV out"): a customer called
 * =HYPERLINK(...) must not become a link or a command in the shop's
 * spreadsheet.  Numbers go out through crm_out_num() and never come
 * here, so a return of -5.50 stays a number.
 */
static void
put_csv(FILE *fp, const char *s, int formula)
{
	const char *quote = formula && *s && strchr("=+-@\t\r", *s) ? "'" : "";

	if (!strpbrk(s, ",\"\r\n")) {
		fputs(quote, fp);
		fputs(s, fp);
		return;
	}
	putc('"', fp);
	fputs(quote, fp);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', fp);
		putc(*s, fp);
	}
	putc('"', fp);
}

void
crm_out_begin(struct crm_out *o, FILE *fp, enum crm_format format, int header,
	      const char *const *cols, int ncols)
{
	o->fp = fp;
	o->format = format;
	o->cols = cols;
	o->ncols = ncols;
	o->col = 0;
	if (!header || format == CRM_FORMAT_JSON)
		return;
	for (int i = 0; i < ncols; i++) {
		if (i)
			putc(format == CRM_FORMAT_CSV ? ',' : '\t', fp);
		if (format == CRM_FORMAT_CSV)
			put_csv(fp, cols[i], 0);
		else
			crm_tsv_put_escaped(fp, cols[i]);
	}
	fputs(format == CRM_FORMAT_CSV ? "\r\n" : "\n", fp);
}

/* separator and, for JSON, the key before the next value */
static void
next_field(struct crm_out *o)
{
	switch (o->format) {
	case CRM_FORMAT_TSV:
		if (o->col)
			putc('\t', o->fp);
		break;
	case CRM_FORMAT_CSV:
		if (o->col)
			putc(',', o->fp);
		break;
	case CRM_FORMAT_JSON:
		putc(o->col ? ',' : '{', o->fp);
		crm_json_put_string(o->fp,
				    o->col < o->ncols ? o->cols[o->col] : "");
		putc(':', o->fp);
		break;
	}
	o->col++;
}

void
crm_out_str(struct crm_out *o, const char *s)
{
	if (!s) {
		crm_out_null(o);
		return;
	}
	next_field(o);
	switch (o->format) {
	case CRM_FORMAT_TSV:
		crm_tsv_put_escaped(o->fp, s);
		break;
	case CRM_FORMAT_CSV:
		put_csv(o->fp, s, 1);
		break;
	case CRM_FORMAT_JSON:
		crm_json_put_string(o->fp, s);
		break;
	}
}

void
crm_out_num(struct crm_out *o, const char *text)
{
	next_field(o);
	fputs(text, o->fp);
}

void
crm_out_null(struct crm_out *o)
{
	next_field(o);
	if (o->format == CRM_FORMAT_JSON)
		fputs("null", o->fp);
}

void
crm_out_int(struct crm_out *o, long long v)
{
	char buf[24], *p = buf + sizeof buf;
	unsigned long long u = v < 0 ? -(unsigned long long)v : (unsigned long long)v;

	next_field(o);
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	fwrite(p, 1, (size_t)(buf + sizeof buf - p), o->fp);
}

void
crm_out_money(struct crm_out *o, crm_money v, int digits)
{
	char buf[CRM_MONEY_BUFSZ];

	crm_out_num(o, crm_money_format(v, digits, buf));
}

void
crm_out_end_row(struct crm_out *o)
{
	switch (o->format) {
	case CRM_FORMAT_TSV:
		putc('\n', o->fp);
		break;
	case CRM_FORMAT_CSV:
		fputs("\r\n", o->fp);
		break;
	case CRM_FORMAT_JSON:
		fputs(o->col ? "}\n" : "{}\n", o->fp);
		break;
	}
	o->col = 0;
}
