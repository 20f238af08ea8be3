/* test-import.c - rules files (import.c) and the records they make of an
 * export (import-read.c): conversions, templates, conditions, errors */
#include "crm.h"
#include "import.h"
#include "tap.h"

static const char *const sale_cols[] = {"customer", "card", "date",
					"amount",   "cost", "ref",
					"item"};
#define NSALE ((int)(sizeof sale_cols / sizeof *sale_cols))

static void
money(const char *in, int dec, int th, const char *want)
{
	char out[64];
	const char *why;
	int rc = crm_import_money(in, dec, th, out, sizeof out, &why);

	if (want)
		is_str(rc == 0 ? out : why, want, "money '%s' (%c %c)", in, dec,
		       th ? th : '0');
	else
		ok(rc < 0, "money '%s' (%c %c) is refused", in, dec,
		   th ? th : '0');
}

static void
date(const char *in, const char *fmt, const char *want)
{
	char out[CRM_DATE_BUFSZ];
	const char *why;
	int rc = crm_import_date(in, fmt, out, &why);

	if (want)
		is_str(rc == 0 ? out : why, want, "date '%s' as %s", in, fmt);
	else
		ok(rc < 0, "date '%s' as %s is refused (%s)", in, fmt,
		   rc < 0 ? why : "accepted");
}

/* the rules text, or the message it is refused with */
static void
refused(const char *text, const char *want)
{
	struct crm_err e = {0};
	struct crm_rules *r = crm_rules_parse("r.rules", text, strlen(text),
					      sale_cols, NSALE, &e);

	ok(!r && e.status == CRM_EX_CONFIG, "refused with 78: %s", want);
	is_str(r ? "(accepted)" : e.msg, want, "message");
	crm_rules_free(r);
}

/*
 * The export through the rules as "f1|f2|..." lines, a record the rules
 * could not convert as "line N: MSG".
 */
static void
through(const char *rules, const char *export, const char *want)
{
	struct crm_err e = {0};
	struct crm_rules *r = crm_rules_parse("r.rules", rules, strlen(rules),
					      sale_cols, NSALE, &e);
	char got[2048] = "";
	size_t used = 0;
	FILE *fp;
	struct crm_tsv *t;

	if (!r) {
		is_str(e.msg, want, "rules accepted");
		return;
	}
	fp = fmemopen((void *)export, strlen(export), "r");
	t = crm_tsv_open_rules(fp, r);
	while (crm_tsv_read(t) > 0) {
		if (crm_tsv_record_error(t, &e) < 0) {
			used += snprintf(got + used, sizeof got - used,
					 "line %ld: %s\n", crm_tsv_line(t),
					 e.msg);
			continue;
		}
		for (int i = 0; i < crm_tsv_nfields(t); i++) {
			const char *v = crm_tsv_field(t, i);

			used += snprintf(got + used, sizeof got - used, "%s%s",
					 i ? "|" : "", v ? v : "");
		}
		used += snprintf(got + used, sizeof got - used, "\n");
	}
	crm_tsv_close(t);
	fclose(fp);
	crm_rules_free(r);
	is_str(got, want, "%s", rules);
}

static void
test_money(void)
{
	money("1.234,50", ',', '.', "1234.50");
	money(" -12,5 ", ',', '.', "-12.5");
	money("+3", ',', 0, "3");
	money("1 234 567,00", ',', ' ', "1234567.00");
	money("1'234.05", '.', '\'', "1234.05");
	money("1,234.05", '.', ',', "1234.05");
	money("12.50", ',', '.', NULL);  /* a dot where a comma belongs */
	money("1.23,4", ',', '.', NULL); /* a group of two */
	money("1234.5", '.', 0, "1234.5");
	money("1,234.5", '.', 0, NULL);
	money(".5", '.', 0, NULL);
	money("5,", ',', 0, NULL);
	money("", ',', 0, NULL);
	money("12 EUR", ',', 0, NULL);
	money("-", '.', 0, NULL);
}

static void
test_date(void)
{
	date("01.07.1998", "%d.%m.%Y", "1998-07-01");
	date("1.7.1998", "%d.%m.%Y", "1998-07-01");
	date("07/01/1998", "%m/%d/%Y", "1998-07-01");
	date("19980701", "%Y%m%d", "1998-07-01");
	date("1998-07-01", "%Y-%m-%d", "1998-07-01");
	date("01.07.98", "%d.%m.%y", "1998-07-01");
	date("01.07.05", "%d.%m.%y", "2005-07-01");
	date("01.07.1998 14:32", "%d.%m.%Y %H:%M", "1998-07-01");
	date("100%/1.2.2020", "100%%/%d.%m.%Y", "2020-02-01");
	date("31.02.1998", "%d.%m.%Y", NULL);
	date("01.13.1998", "%d.%m.%Y", NULL);
	date("01.07.1998x", "%d.%m.%Y", NULL);
	date("01-07-1998", "%d.%m.%Y", NULL);
	date("1998071", "%Y%m%d", "1998-07-01"); /* %m, %d: one or two */
	date("", "%Y%m%d", NULL);
	ok(crm_import_date_format_check("%d.%m.%Y") == NULL, "a good format");
	ok(crm_import_date_format_check("%d.%m") != NULL, "no year");
	ok(crm_import_date_format_check("%d.%m.%Y %Q") != NULL, "%%Q");
	ok(crm_import_date_format_check("%d.%d.%m.%Y") != NULL, "two %%d");
}

/* ignore: matches as crm-habits --item does (glob.c): any case, also
 * of umlauts, and the whole of a long value */
static void
test_glob(void)
{
	static const char rules[] =
		"fields: {item: '%{Art}', amount: '%{Betrag}'}\n"
		"ignore:\n  - {column: Art, matches: '*r\xc3\xbc" "ckgabe*'}\n"
		"  - {column: Art, matches: '*storno'}\n";
	char export[600];
	int n;

	n = snprintf(export, sizeof export, "Art,Betrag\nKaffee,1.00\n"
		     "Bon 7 R\xc3\x9c" "CKGABE,-1.00\n");
	memset(export + n, 'x', 300);
	snprintf(export + 300 + n, sizeof export - 300 - (size_t)n,
		 " STORNO,2.00\nTee,3.00\n");
	through(rules, export, "item|amount\nKaffee|1.00\nTee|3.00\n");
}

static void
test_refused(void)
{
	refused("fields: {amount: '%{1}'", "r.rules:2:1: did not find "
		"expected ',' or '}'");
	refused("- a\n- b\n", "r.rules:1:1: a rules file is a mapping (keys: "
		"encoding separator quote skip header columns decimal-mark "
		"thousands date-format ignore fields skip-repeated)");
	refused("separator: ';'\ncolour: red\nfields: {amount: '%{1}'}\n",
		"r.rules:2:1: unknown key 'colour' (keys: encoding separator "
		"quote skip header columns decimal-mark thousands date-format "
		"ignore fields skip-repeated)");
	refused("fields:\n  amount: '%{1}'\n  price: '%{2}'\n",
		"r.rules:3:3: 'price' is not a column this command reads");
	refused("fields:\n  amount: 'x%{1'\n", "r.rules:2:13: a % starts "
		"%{NAME}, %{N} or %{line} (%% for a %)");
	refused("separator: ':'\nfields: {amount: '%{1}'}\n",
		"r.rules:1:12: separator ':' is not one of ';' ',' tab '|' "
		"space");
	refused("encoding: ebcdic\nfields: {amount: '%{1}'}\n",
		"r.rules:1:11: unknown encoding 'ebcdic' (utf-8, iso-8859-1 "
		"or windows-1252)");
	refused("date-format: '%d.%m'\nfields: {amount: '%{1}'}\n",
		"r.rules:1:14: date-format '%d.%m': a date format has one each "
		"of %d, %m and %Y (or %y)");
	refused("skip: -1\nfields: {amount: '%{1}'}\n",
		"r.rules:1:7: skip '-1' is out of range");
	refused("header: maybe\nfields: {amount: '%{1}'}\n",
		"r.rules:1:9: header is true or false, not 'maybe'");
	refused("separator: ';'\n", "r.rules:1:1: the rules have no fields: "
		"key");
	refused("columns: [a, b]\nfields:\n  amount: '%{a}'\n  date: "
		"'%{c}'\n", "r.rules:4:10: no column 'c' in the columns");
	refused("header: false\nfields:\n  amount: '%{Betrag}'\n",
		"r.rules:3:12: no header and no columns: name columns by "
		"position");
	refused("ignore:\n  - {column: 1}\nfields: {amount: '%{1}'}\n",
		"r.rules:2:5: a condition is {column: NAME, matches: GLOB} or "
		"{empty: NAME}");
	refused("fields: {amount: '%{1}'}\nskip-repeated: ref\n",
		"r.rules:2:16: skip-repeated: 'ref' is not one of the fields");
	refused("fields: {amount: '%{1}'}\nfields: {cost: '%{1}'}\n",
		"r.rules:2:1: fields given twice (first on line 1)");
	refused("decimal-mark: ','\nthousands: ','\nfields: {amount: '1'}\n",
		"r.rules:1:1: thousands and decimal-mark are both ','");
}

static void
test_through(void)
{
	const char *de = "separator: ';'\ndecimal-mark: ','\nthousands: "
			 "'.'\ndate-format: '%d.%m.%Y'\n";
	char rules[1024];

	snprintf(rules, sizeof rules, "%sfields:\n  date: '%%{Datum}'\n  "
		 "amount: '%%{Betrag}'\n  ref: 'K%%{Kasse}-%%{Bon}'\n  item: "
		 "'%%{3}'\nignore:\n  - {column: Art, matches: 'storno*'}\n"
		 "  - {empty: Betrag}\n", de);
	through(rules,
		"Datum;Kasse;Artikel;Bon;Betrag;Art\r\n"
		"01.07.1998;2;\"Käse; alt\";17;1.234,50;Verkauf\r\n"
		"\r\n"
		"02.07.1998;2;Brot;18;-2,00;Storno\r\n"
		"03.07.1998;3;Wein;19;;Verkauf\r\n"
		"31.02.1998;3;Wein;20;3,00;Verkauf\r\n"
		"04.07.1998;3;Wein;21;3.00;Verkauf\r\n"
		"05.07.1998;3;\"Wein\n\"\"rot\"\"\";22;3,00;Verkauf\r\n",
		"date|amount|ref|item\n"
		"1998-07-01|1234.50|K2-17|Käse; alt\n"
		"line 6: column Datum: '31.02.1998' is not a valid date\n"
		"line 7: column Betrag: '3.00' is not an amount\n"
		"1998-07-05|3.00|K3-22|Wein\n\"rot\"\n");
	/* positions, the line, constants, skip, columns, no header */
	through("separator: space\nskip: 1\nheader: false\ncolumns: [id, d, "
		"n, amt]\ndate-format: '%Y%m%d'\nfields:\n  customer: "
		"'%{id}'\n  date: '%{2}'\n  amount: '%{amt}'\n  ref: "
		"'x-%{line}'\n  item: CD\n  cost: '0'\n",
		"title line\n 00001 19970101  1  11.77\r\n"
		"00002 19970112 1 12.00\n",
		"customer|date|amount|ref|item|cost\n"
		"00001|1997-01-01|11.77|x-2|CD|0\n"
		"00002|1997-01-12|12.00|x-3|CD|0\n");
	/* skip-repeated, a short line, a malformed one, a BOM */
	through("skip-repeated: customer\nfields: {customer: '%{c}', item: "
		"'%{i}'}\n",
		"\xef\xbb\xbf" "c,i\n1,a\n1,b\n2,c\n3\n1,\"x\"y\n1,d\n",
		"customer|item\n1|a\n2|c\n"
		"line 5: column i: missing (the line has 1 fields)\n"
		"line 6: column 6: text after the closing quote of a field\n"
		"1|d\n");
	/* each thousands separator by its name */
	through("thousands: \"'\"\nfields: {amount: '%{1}'}\n",
		"a\n1'234.50\n", "amount\n1234.50\n");
	through("thousands: ' '\ndecimal-mark: ','\nseparator: ';'\n"
		"fields: {amount: '%{1}'}\n", "a\n1 234,50\n",
		"amount\n1234.50\n");
	/* skipped lines are not converted: they may be in any encoding */
	through("skip: 1\nfields: {item: '%{1}'}\n", "\xff\xfe\nx\ny\n",
		"item\ny\n");
	/* an empty export makes nothing, not even a header */
	through("fields: {item: '%{x}'}\n", "", "");
	/* cp1252 in, UTF-8 out */
	through("encoding: windows-1252\nfields: {item: '%{1} %%'}\n",
		"Artikel\nK\xe4se \x80\n",
		"item\nKäse € %\n");
}

/* a %{NAME} the export's header lacks is an error of the rules: 78 */
static void
die_unknown_name(void *arg)
{
	const char *rules = "fields: {amount: '%{Betrag}'}\n";
	struct crm_err e;
	struct crm_rules *r = crm_rules_parse("r.rules", rules, strlen(rules),
					      sale_cols, NSALE, &e);
	FILE *fp = fmemopen(arg, strlen(arg), "r");
	struct crm_tsv *t = crm_tsv_open_rules(fp, r);

	crm_tsv_read(t);
}

int
main(void)
{
	char msg[1024];
	int st;

	test_money();
	test_date();
	test_glob();
	test_refused();
	test_through();
	st = run_child(die_unknown_name, "Summe\n1\n", msg, sizeof msg);
	is_int(st, 78, "a name not in the header: 78");
	ok(strstr(msg, "r.rules:1:19: no column 'Betrag' in the export's "
			"header") != NULL, "... with file:line:col (%s)", msg);
	return done_testing();
}
