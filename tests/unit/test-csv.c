/* test-csv.c - the CSV and blank-separated record reader (csv.c) */
#include "crm.h"
#include "tap.h"

/*
 * Feed text line by line (split at LF) and render each record as
 * "[f1][f2]..." lines, or "error: MSG" when a line is refused.
 */
static void
parse(int sep, int quote, const char *text, char *out, size_t outsz)
{
	struct crm_csv *c = crm_csv_new(sep, quote);
	struct crm_err e = { 0 };
	const char *p = text;
	size_t used = 0;

	out[0] = '\0';
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		int r = crm_csv_feed(c, p, n, &e);

		if (r < 0)
			used += snprintf(out + used, outsz - used,
					 "error: %s|", e.msg);
		if (r == 1) {
			for (int i = 0; i < crm_csv_nfields(c); i++)
				used += snprintf(out + used, outsz - used,
						 "[%s]", crm_csv_field(c, i));
			used += snprintf(out + used, outsz - used, "|");
		}
		p += n + (nl != NULL);
	}
	if (crm_csv_end(c, &e) < 0)
		snprintf(out + used, outsz - used, "end: %s", e.msg);
	crm_csv_free(c);
}

static void
check(int sep, int quote, const char *text, const char *want,
      const char *what)
{
	char got[4096];

	parse(sep, quote, text, got, sizeof got);
	is_str(got, want, "%s", what);
}

int
main(void)
{
	struct crm_csv *c;
	struct crm_err e = { 0 };
	char *big;

	check(',', '"', "a,b,c\n", "[a][b][c]|", "plain fields");
	check(';', '"', "Anna;12,50;01.07.1998\n", "[Anna][12,50][01.07.1998]|",
	      "semicolons keep decimal commas");
	check(',', '"', "a,,c,\n", "[a][][c][]|", "empty fields, a trailing one too");
	check(',', '"', "a,b\r\nc,d\r\n", "[a][b]|[c][d]|", "CRLF");
	check(',', '"', "\"x, y\",\"say \"\"hi\"\"\"\n", "[x, y][say \"hi\"]|",
	      "quoted separators and doubled quotes");
	check(',', '"', "\"\",b\n", "[][b]|", "an empty quoted field");
	check(',', '"', "1,\"two\r\nlines\",3\r\n4\n", "[1][two\nlines][3]|[4]|",
	      "a field over two lines (its CRLF becomes LF)");
	check(',', '"', "1,\"a\n\nb\"\n", "[1][a\n\nb]|", "an empty line inside quotes");
	check(',', '"', "12\" pizza,3\n", "[12\" pizza][3]|",
	      "a quote inside an unquoted field is text");
	check(',', '"', "\"ab\"c,d\n", "error: column 5: text after the closing quote of a field|",
	      "text after a closing quote");
	check(',', '"', "a\n\nb\n", "[a]||[b]|", "an empty line has no fields");
	check(',', 0, "\"a,b\"\n", "[\"a][b\"]|", "quote none");
	check('\t', '"', "a\tb c\t\n", "[a][b c][]|", "tab separator");
	check('|', '"', "a|b\n", "[a][b]|", "bar separator");
	check(' ', '"', "  12345 19970101  2   29.33\n", "[12345][19970101][2][29.33]|",
	      "runs of blanks, leading ones ignored");
	check(' ', '"', "a \t b   \n   \n", "[a][b]||", "trailing blanks and a blank line");
	check(' ', '"', "x \"a b\" y\n", "[x][a b][y]|", "quoted field among blanks");
	check(',', '"', "a,\"open\n", "end: the file ends inside a quoted field",
	      "an unclosed quote at the end");

	/* after an error the reader starts afresh on the next line */
	check(',', '"', "\"a\"b\nc,d\n",
	      "error: column 4: text after the closing quote of a field|[c][d]|",
	      "a line after a refused one");

	/* the size guard */
	c = crm_csv_new(',', '"');
	big = malloc(600 * 1024);
	memset(big, 'x', 600 * 1024);
	big[0] = '"';
	is_int(crm_csv_feed(c, big, 600 * 1024, &e), 0, "half a MiB inside a quote");
	is_int(crm_csv_feed(c, big + 1, 600 * 1024 - 1, &e), -1,
	       "more than a MiB is refused");
	is_int(e.status, 65, "status 65");
	ok(strstr(e.msg, "never closed") != NULL, "says why: %s", e.msg);
	is_int(crm_csv_feed(c, "a,b", 3, &e), 1, "and the next line reads");
	is_int(crm_csv_nfields(c), 2, "with its fields");
	is_str(crm_csv_field(c, 5), "", "a field past the end is empty");
	free(big);
	crm_csv_free(c);
	return done_testing();
}
