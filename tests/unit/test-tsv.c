/* test-tsv.c - the TSV reader and writer (tsv.c) and rows out (out.c) */
#include "crm.h"
#include "tap.h"

/* a reader over a string of n bytes */
static FILE *
input(const char *s, size_t n)
{
	FILE *fp = fmemopen((void *)s, n, "r");

	if (!fp) {
		perror("fmemopen");
		exit(99);
	}
	return fp;
}

static void
field_is(const struct crm_tsv *t, int i, const char *want, const char *what)
{
	is_str(crm_tsv_field(t, i), want, "%s: field %d", what, i);
}

/* header given as one line; returns the map_header result */
static int
map(const char *header, int *m, struct crm_err *e)
{
	FILE *fp = input(header, strlen(header));
	struct crm_tsv *t = crm_tsv_open(fp);
	int rc;

	crm_tsv_read(t);
	memset(e, 0, sizeof *e);
	rc = crm_tsv_map_header(t, crm_customer_cols, CRM_NCOLS, m, e);
	crm_tsv_close(t);
	fclose(fp);
	return rc;
}

/* a record with a NUL byte on line 2: the reader dies 65 */
static void
read_nul(void *arg)
{
	static const char s[] = "ok\nbad\0byte\n";
	FILE *fp = input(s, sizeof s - 1);
	struct crm_tsv *t = crm_tsv_open(fp);

	(void)arg;
	while (crm_tsv_read(t) > 0)
		;
	crm_tsv_close(t);
	fclose(fp);
}

/* read all of the string arg: a reader that dies, dies 65 */
static void
read_all(void *arg)
{
	FILE *fp = input(arg, strlen(arg));
	struct crm_tsv *t = crm_tsv_open(fp);

	while (crm_tsv_read(t) > 0)
		;
	crm_tsv_close(t);
	fclose(fp);
}

/* the same after a header line of customer columns */
static void
read_mapped(void *arg)
{
	FILE *fp = input(arg, strlen(arg));
	struct crm_tsv *t = crm_tsv_open(fp);
	struct crm_err e;
	int m[CRM_NCOLS];

	crm_tsv_read(t);
	if (crm_tsv_map_header(t, crm_customer_cols, CRM_NCOLS, m, &e) < 0)
		exit(99);
	while (crm_tsv_read(t) > 0)
		;
	crm_tsv_close(t);
	fclose(fp);
}

/* text s is refused by the reader with 65 and a message holding want */
static void
refused(void (*fn)(void *), const char *s, const char *want, const char *what)
{
	char msg[512];
	int rc = run_child(fn, (void *)s, msg, sizeof msg);

	ok(rc == 65 && strstr(msg, want) != NULL, "reader refuses %s: %s",
	   what, msg);
}

/* everything crm_out_* wrote for format f */
static char *
out_rows(enum crm_format f, int header)
{
	static const char *const cols[] = {"id", "name", "note", "amount"};
	struct crm_out o;
	char *text = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&text, &n);

	crm_out_begin(&o, fp, f, header, cols, 4);
	crm_out_int(&o, 7);
	crm_out_str(&o, "Ann \"A\", B\\C\tx");
	crm_out_null(&o);
	crm_out_money(&o, -550, 2);
	crm_out_end_row(&o);
	crm_out_int(&o, -12);
	crm_out_str(&o, "two\nlines\r");
	crm_out_str(&o, NULL);
	crm_out_num(&o, "0.25");
	crm_out_end_row(&o);
	crm_out_str(&o, "");
	crm_out_str(&o, "plain");
	crm_out_str(&o, "\x01\x1f");
	crm_out_money(&o, 0, 0);
	crm_out_end_row(&o);
	crm_out_end_row(&o);
	fclose(fp);
	return text;
}

/* one row as CSV: the text s, then -5.50, -12 and "-0.25" as numbers */
static char *
csv_row(const char *s)
{
	static const char *const cols[] = {"name", "m", "i", "n"};
	struct crm_out o;
	char *text = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&text, &n);

	crm_out_begin(&o, fp, CRM_FORMAT_CSV, 0, cols, 4);
	crm_out_str(&o, s);
	crm_out_money(&o, -550, 2);
	crm_out_int(&o, -12);
	crm_out_num(&o, "-0.25");
	crm_out_end_row(&o);
	fclose(fp);
	return text;
}

/* the CSV of text s is want (numbers after it unchanged) */
static void
csv_is(const char *s, const char *want, const char *what)
{
	char *got = csv_row(s), exp[256];

	snprintf(exp, sizeof exp, "%s,-5.50,-12,-0.25\r\n", want);
	is_str(got, exp, "CSV: %s", what);
	free(got);
}

int
main(void)
{
	static const char text[] =
		"a\tb\t\tc\n"                       /* 1: four fields, one empty */
		"x\\ty\\nz\\rw\\\\v\n"              /* 2: every escape */
		"\\q\\\\t\\\\\\a\\\n"               /* 3: other backslashes */
		"crlf\tend\r\n"                     /* 4: CR dropped */
		"\n"                                /* 5: an empty line */
		"\t\n"                              /* 6: two empty fields */
		"mid\rcr\tlast\\n\\N\n"             /* 7: inner CR kept */
		"no newline at the end\r";          /* 8 */
	static const char *const strs[] = {
		"plain", "tab\there", "nl\nhere", "cr\rhere", "back\\slash",
		"\\t is not a tab", "trailing\\", "\\\\", "\t\n\r\\", "x"};
	const int nstrs = (int)(sizeof strs / sizeof *strs);
	FILE *fp;
	struct crm_tsv *t;
	struct crm_err e;
	int m[CRM_NCOLS], rc, good;
	char *buf = NULL, msg[512];
	size_t n = 0;
	enum crm_format f;

	/* ---- reading ---- */
	fp = input(text, sizeof text - 1);
	t = crm_tsv_open(fp);

	is_int(crm_tsv_read(t), 4, "line 1 has 4 fields");
	is_int(crm_tsv_nfields(t), 4, "line 1: nfields");
	is_int(crm_tsv_line(t), 1, "line 1 is line 1");
	field_is(t, 0, "a", "line 1");
	field_is(t, 1, "b", "line 1");
	field_is(t, 2, NULL, "line 1 (empty)");
	field_is(t, 3, "c", "line 1");
	field_is(t, 4, NULL, "line 1 (beyond the end)");
	field_is(t, -1, NULL, "line 1 (negative)");

	is_int(crm_tsv_read(t), 1, "line 2 has 1 field");
	field_is(t, 0, "x\ty\nz\rw\\v", "line 2: \\t \\n \\r \\\\ decoded");
	is_int(crm_tsv_line(t), 2, "line 2 is line 2 (escaped newlines)");

	is_int(crm_tsv_read(t), 1, "line 3 has 1 field");
	field_is(t, 0, "\\q\\t\\\\a\\", "line 3: other backslashes kept");

	is_int(crm_tsv_read(t), 2, "line 4 has 2 fields");
	field_is(t, 1, "end", "line 4: trailing CR dropped");

	is_int(crm_tsv_read(t), 1, "an empty line is one field");
	field_is(t, 0, NULL, "line 5 (empty)");
	is_int(crm_tsv_line(t), 5, "the empty line is line 5");

	is_int(crm_tsv_read(t), 2, "a lone TAB is two fields");
	field_is(t, 0, NULL, "line 6");
	field_is(t, 1, NULL, "line 6");

	is_int(crm_tsv_read(t), 2, "line 7 has 2 fields");
	field_is(t, 0, "mid\rcr", "line 7: a CR inside a field is kept");
	field_is(t, 1, "last\n\\N", "line 7: \\N is not an escape");

	is_int(crm_tsv_read(t), 1, "a last line without newline is read");
	field_is(t, 0, "no newline at the end", "line 8: CR dropped without LF");
	is_int(crm_tsv_line(t), 8, "it is line 8");

	is_int(crm_tsv_read(t), 0, "then the end of input");
	is_int(crm_tsv_nfields(t), 0, "with no fields");
	is_int(crm_tsv_read(t), 0, "and it stays at the end");
	crm_tsv_close(t);
	fclose(fp);
	crm_tsv_close(NULL);

	rc = run_child(read_nul, NULL, msg, sizeof msg);
	is_int(rc, 65, "a NUL byte in the input exits 65");
	ok(strstr(msg, "line 2: contains a NUL byte") != NULL,
	   "and the message names line 2");

	/* ---- text: a byte-order mark, UTF-8, control characters ---- */
	{
		static const char bom[] = "\xef\xbb\xbfname\tcard\n"
					  "\xef\xbb\xbf" "Ann\t\xef\xbb\xbf\n"
					  "M\xc3\xbcller \xe4\xb8\xad \xf0\x9f\x98\x80"
					  "\ta\\tb\\nc\\rd\n";

		fp = input(bom, sizeof bom - 1);
		t = crm_tsv_open(fp);
		is_int(crm_tsv_read(t), 2, "a BOM line has 2 fields");
		field_is(t, 0, "name", "the BOM at the start is skipped");
		crm_tsv_read(t);
		field_is(t, 0, "\xef\xbb\xbf" "Ann",
			 "a BOM on line 2 is text, kept");
		field_is(t, 1, "\xef\xbb\xbf", "so is one alone in a field");
		crm_tsv_read(t);
		field_is(t, 0, "M\xc3\xbcller \xe4\xb8\xad \xf0\x9f\x98\x80",
			 "multibyte UTF-8 is read");
		field_is(t, 1, "a\tb\nc\rd", "escaped TAB LF CR are text");
		crm_tsv_close(t);
		fclose(fp);
	}
	rc = map("\xef\xbb\xbfname\tcard\n", m, &e);
	ok(rc == 0 && m[CRM_COL_NAME] == 0,
	   "a header after a BOM maps 'name': %s", rc ? e.msg : "");
	refused(read_all, "ok\nok\na\tb\xff\n", "line 3: field 2: invalid UTF-8",
		"0xff, naming line and field");
	refused(read_mapped, "card\tname\n1\tok\n2\tx\x1b[2J\n",
		"line 3: column name: control character U+001B",
		"ESC, naming the column after a header");
	refused(read_all, "\x7f\n", "line 1: field 1: control character U+007F",
		"DEL");
	refused(read_all, "a\xc2\x85\n", "control character U+0085", "C1 NEL");
	refused(read_all, "\xc0\xaf\n", "invalid UTF-8", "overlong C0 AF");
	refused(read_all, "\xed\xa0\x80\n", "invalid UTF-8", "a surrogate");
	refused(read_all, "x\\\x01\n", "U+0001", "a control after a backslash");
	refused(read_all, "ok\n\xef\xbb\xbf\xff\n", "line 2",
		"a bad byte after a later BOM");

	/* a long line and many fields grow the buffers */
	{
		size_t len = 100000;
		char *big = malloc(len + 1);
		int nf = 0;

		for (size_t i = 0; i < len; i++)
			big[i] = i % 10 == 9 ? '\t' : 'a' + (char)(i % 10);
		big[len] = '\0';
		fp = input(big, len);
		t = crm_tsv_open(fp);
		nf = crm_tsv_read(t);
		is_int(nf, (int)(len / 10) + 1, "a 100000-byte line of 10001 fields");
		field_is(t, 9999, "abcdefghi", "the long line");
		field_is(t, 10000, NULL, "the long line (empty last)");
		crm_tsv_close(t);
		fclose(fp);
		free(big);
	}

	/* ---- crm_tsv_map_header ---- */
	rc = map("name\tcard\temail\n", m, &e);
	is_int(rc, 0, "header name card email maps");
	ok(m[CRM_COL_NAME] == 0 && m[CRM_COL_CARD] == 1 &&
		   m[CRM_COL_EMAIL] == 2,
	   "name 0, card 1, email 2");
	good = 1;
	for (int k = 0; k < CRM_NCOLS; k++)
		if (k != CRM_COL_NAME && k != CRM_COL_CARD &&
		    k != CRM_COL_EMAIL && m[k] != -1)
			good = 0;
	ok(good, "the other columns map to -1");

	rc = map("note\tcreated\tstatus\treferred_by\treason\tsource\t"
		 "category\tcard\tphone\temail\tname\tid\n", m, &e);
	good = rc == 0;
	for (int k = 0; k < CRM_NCOLS; k++)
		if (m[k] != CRM_NCOLS - 1 - k)
			good = 0;
	ok(good, "every column, in reverse order, maps");

	rc = map("name\tfoo\tcard\n", m, &e);
	is_int(rc, -1, "an unknown column fails");
	is_int(e.status, 65, "with status 65");
	ok(strstr(e.msg, "'foo'") != NULL, "naming the column: %s", e.msg);

	rc = map("name\tcard\tname\n", m, &e);
	is_int(rc, -1, "a repeated column fails");
	is_int(e.status, 65, "with status 65");
	ok(strstr(e.msg, "'name'") != NULL, "naming the column: %s", e.msg);

	rc = map("Name\n", m, &e);
	ok(rc == -1 && e.status == 65 && strstr(e.msg, "'Name'"),
	   "column names are case-sensitive: %s", e.msg);

	rc = map("name\t\tcard\n", m, &e);
	ok(rc == -1 && e.status == 65, "an empty column name fails: %s", e.msg);

	/* ---- crm_tsv_put_escaped ---- */
	fp = open_memstream(&buf, &n);
	crm_tsv_put_escaped(fp, "a\tb\nc\rd\\e");
	fclose(fp);
	is_str(buf, "a\\tb\\nc\\rd\\\\e", "put_escaped escapes TAB LF CR \\");
	free(buf);
	buf = NULL;

	fp = open_memstream(&buf, &n);
	for (int i = 0; i < nstrs; i++) {
		if (i)
			putc('\t', fp);
		crm_tsv_put_escaped(fp, strs[i]);
	}
	putc('\n', fp);
	for (int i = nstrs - 1; i >= 0; i--) {
		crm_tsv_put_escaped(fp, strs[i]);
		putc('\n', fp);
	}
	fclose(fp);
	fp = input(buf, n);
	t = crm_tsv_open(fp);
	is_int(crm_tsv_read(t), nstrs, "the escaped row reads back as one row");
	good = 1;
	for (int i = 0; i < nstrs; i++)
		if (!crm_tsv_field(t, i) ||
		    strcmp(crm_tsv_field(t, i), strs[i]) != 0) {
			good = 0;
			diag("field %d: got '%s'", i,
			     crm_tsv_field(t, i) ? crm_tsv_field(t, i) : "NULL");
		}
	ok(good, "every field round-trips");
	good = 1;
	for (int i = nstrs - 1; i >= 0; i--)
		if (crm_tsv_read(t) != 1 || !crm_tsv_field(t, 0) ||
		    strcmp(crm_tsv_field(t, 0), strs[i]) != 0)
			good = 0;
	ok(good && crm_tsv_line(t) == nstrs + 1,
	   "one value a line round-trips, line numbers follow");
	is_int(crm_tsv_read(t), 0, "and nothing more");
	crm_tsv_close(t);
	fclose(fp);
	free(buf);
	buf = NULL;

	/* ---- crm_format_parse ---- */
	ok(crm_format_parse("tsv", &f) == 0 && f == CRM_FORMAT_TSV, "tsv");
	ok(crm_format_parse("csv", &f) == 0 && f == CRM_FORMAT_CSV, "csv");
	ok(crm_format_parse("json", &f) == 0 && f == CRM_FORMAT_JSON, "json");
	ok(crm_format_parse("JSON", &f) == -1, "JSON is refused");
	ok(crm_format_parse("xml", &f) == -1, "xml is refused");
	ok(crm_format_parse("", &f) == -1, "'' is refused");

	/* ---- crm_out_* ---- */
	buf = out_rows(CRM_FORMAT_TSV, 1);
	is_str(buf,
	       "id\tname\tnote\tamount\n"
	       "7\tAnn \"A\", B\\\\C\\tx\t\t-5.50\n"
	       "-12\ttwo\\nlines\\r\t\t0.25\n"
	       "\tplain\t\x01\x1f\t0\n"
	       "\n",
	       "TSV rows, escaped, absent values empty");
	free(buf);
	buf = out_rows(CRM_FORMAT_TSV, 0);
	ok(strncmp(buf, "7\t", 2) == 0, "TSV without a header");
	free(buf);

	buf = out_rows(CRM_FORMAT_CSV, 1);
	is_str(buf,
	       "id,name,note,amount\r\n"
	       "7,\"Ann \"\"A\"\", B\\C\tx\",,-5.50\r\n"
	       "-12,\"two\nlines\r\",,0.25\r\n"
	       ",plain,\x01\x1f,0\r\n"
	       "\r\n",
	       "CSV rows: quotes doubled, CRLF, comma/quote/newline quoted");
	free(buf);
	buf = out_rows(CRM_FORMAT_CSV, 0);
	ok(strncmp(buf, "7,", 2) == 0, "CSV without a header");
	free(buf);

	/* text that a spreadsheet would take for a formula gets a ' */
	csv_is("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"",
	       "= quoted, inside the double quotes");
	csv_is("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0", "=cmd|...");
	csv_is("+1 555", "'+1 555", "a leading +");
	csv_is("-5", "'-5", "a name -5 is text");
	csv_is("-", "'-", "a lone -");
	csv_is("@SUM(A1)", "'@SUM(A1)", "a leading @");
	csv_is("\tx", "'\tx", "a leading TAB");
	csv_is("\rx", "\"'\rx\"", "a leading CR, quoted for the CR");
	csv_is("a=b", "a=b", "= inside is kept");
	csv_is("x-1", "x-1", "- inside is kept");
	csv_is(" =a", " =a", "a leading space is not a formula");
	csv_is("'=a", "'=a", "a leading ' is kept as it is");
	csv_is("", "", "empty text");
	csv_is("\n=a", "\"\n=a\"", "a leading LF is not in the set");
	{
		static const char *const cols[] = {"-x", "=y"};
		struct crm_out o;

		fp = open_memstream(&buf, &n);
		crm_out_begin(&o, fp, CRM_FORMAT_CSV, 1, cols, 2);
		crm_out_str(&o, "=1");
		crm_out_str(&o, "=1");
		crm_out_end_row(&o);
		fclose(fp);
		is_str(buf, "-x,=y\r\n'=1,'=1\r\n",
		       "CSV: header names are not quoted, each text field is");
		free(buf);
		buf = NULL;
		fp = open_memstream(&buf, &n);
		crm_out_begin(&o, fp, CRM_FORMAT_TSV, 0, cols, 2);
		crm_out_str(&o, "=1");
		crm_out_str(&o, "-5");
		crm_out_end_row(&o);
		crm_out_begin(&o, fp, CRM_FORMAT_JSON, 0, cols, 2);
		crm_out_str(&o, "=1");
		crm_out_str(&o, "@a");
		crm_out_end_row(&o);
		fclose(fp);
		is_str(buf, "=1\t-5\n{\"-x\":\"=1\",\"=y\":\"@a\"}\n",
		       "TSV and JSON are unchanged");
		free(buf);
		buf = NULL;
	}

	buf = out_rows(CRM_FORMAT_JSON, 1);
	is_str(buf,
	       "{\"id\":7,\"name\":\"Ann \\\"A\\\", B\\\\C\\tx\","
	       "\"note\":null,\"amount\":-5.50}\n"
	       "{\"id\":-12,\"name\":\"two\\nlines\\r\",\"note\":null,"
	       "\"amount\":0.25}\n"
	       "{\"id\":\"\",\"name\":\"plain\",\"note\":\"\\u0001\\u001f\","
	       "\"amount\":0}\n"
	       "{}\n",
	       "JSON Lines: escapes, null, numbers unquoted, no header");
	free(buf);

	/* a CSV header with a comma in a column name is quoted */
	{
		static const char *const cols[] = {"a,b", "c\"d", "e"};
		struct crm_out o;

		buf = NULL;
		fp = open_memstream(&buf, &n);
		crm_out_begin(&o, fp, CRM_FORMAT_CSV, 1, cols, 3);
		crm_out_str(&o, "x\ry");
		crm_out_str(&o, " lead");
		crm_out_str(&o, "é");
		crm_out_end_row(&o);
		fclose(fp);
		is_str(buf, "\"a,b\",\"c\"\"d\",e\r\n\"x\ry\", lead,é\r\n",
		       "CSV quotes header names and a lone CR");
		free(buf);

		buf = NULL;
		fp = open_memstream(&buf, &n);
		crm_out_begin(&o, fp, CRM_FORMAT_JSON, 1, cols, 3);
		crm_out_str(&o, "é/\x7f");
		crm_out_end_row(&o);
		fclose(fp);
		is_str(buf, "{\"a,b\":\"é/\\u007f\"}\n",
		       "JSON keeps UTF-8 as it is, escapes DEL (\\u007f)");
		free(buf);
	}

	return done_testing();
}
