/*
 * test-report.c - the nightly report's three renderings (report-text.c,
 * report-html.c, report-json.c) on reports filled in by hand.
 *
 * With CRM_REPORT_SAMPLE=FILE the HTML of the full example is also
 * written to FILE, to look at in a browser (and its text and JSON to
 * FILE.txt and FILE.json).  When xmllint or jq are
 * installed, the HTML and the JSON are also given to them.
 */
#include <ctype.h>
#include <errno.h>

#include "crm.h"
#include "tap.h"

#define S(s) ((char *)(s))
#define D(s) day(s)

static crm_day
day(const char *s)
{
	crm_day d;
	const char *why;

	if (crm_date_parse(s, &d, &why) < 0) {
		fprintf(stderr, "bad date %s: %s\n", s, why);
		exit(99);
	}
	return d;
}

static void
all_sections(struct crm_report *r)
{
	for (int i = 0; i < CRM_NSECTIONS; i++)
		r->sections[i] = i;
	r->nsections = CRM_NSECTIONS;
}

/* ---- the full example ------------------------------------------------- */

static struct crm_rep_customer new_v[] = {
	{101, S("Anna <Berg> & \"Co\""), 0, 0, S("fair")},
	{102, S("Per\tLind"), 0, 0, S("web")},
	{103, S("Line\nBreak \x01"), 0, 0, NULL},
};
static struct crm_rep_count source_v[] = {
	{S("fair"), 2, 0}, {S("web"), 2, 0}, {NULL, 1, 0}};
static struct crm_rep_category cat_v[] = {
	{S("vip"), 40, 35, 2500000, 1234500},
	{S("regular"), 300, 250, 3000000, 900000},
	{S("employee & family"), 5, 4, 100000, 50000},
	{S("problem <prepay>"), 10, 3, 10000, -2000},
};
static struct crm_rep_customer lapsed_v[] = {
	{12, S("Åsa Öberg-Lindqvist"), 1234567, 0, S("vip")},
	{77, S("A very long name that goes on and on and on beyond any column"),
	 9950, 0, S("regular")},
};
static struct crm_rep_customer lost_v[] = {
	{31, S("Olle"), 50000, 0, S("price")},
	{32, S("Kim"), 1000, 0, S("price")},
	{33, S("Nils"), 0, 0, NULL},
};
static struct crm_rep_count reason_v[] = {{S("price"), 2, 51000}, {NULL, 1, 0}};
static struct crm_rep_customer unthanked_v[] = {
	{5, S("Referrer One"), 3, 0, NULL},
	{6, S("Two \"quoted\""), 1, 0, NULL},
};
static struct crm_rep_complaint complaint_v[] = {
	{17, 12, S("Åsa Öberg-Lindqvist"),
	 S("The boots broke after two days,\nand the shop <refused> to take "
	   "them back & said \"no\". This text is far too long for one line."),
	 0, 45},
	{18, 31, S("Olle"), S("late delivery"), 0, 3},
};
static struct crm_rep_count segment_v[] = {{S("champions"), 41, 1500000},
					   {S("loyal"), 80, 900000},
					   {S("at-risk"), 60, 300000},
					   {S("lost"), 0, 0}};

static struct crm_rep_staff staff_v[] = {
	{NULL, 4, 12000, 1, 30, 0, 0},
	{S("Uta"), 12, 345600, 3, 47, 1, 2},
	{S("Ben <b>"), 2, 5000, 0, -1, 0, 1},
};

static void
full(struct crm_report *r)
{
	static const crm_money ly[12] = {800000, 750000, 900000,  820000,
					 870000, 910000, 950000,  990000,
					 880000, 860000, 1020000, 1300000};
	static const crm_money ty[12] = {850000, 790000, 940000,
					 800000, 905000, 841250};
	static const double curve[21] = {0,    24.1, 38.0, 48.2, 55.9, 62.3,
					 67.8, 72.5, 76.6, 80.2, 83.4, 86.2,
					 88.7, 90.9, 92.8, 94.5, 96.0, 97.3,
					 98.4, 99.3, 100};

	memset(r, 0, sizeof *r);
	r->as_of = D("2025-06-15");
	r->since = D("2025-06-14");
	r->digits = 2;
	strcpy(r->currency, "EUR");
	r->lapsed_days = 90;
	r->top_percent = 10;
	all_sections(r);
	r->year = 2025;
	r->yesterday =
		(struct crm_span){D("2025-06-14"), D("2025-06-14"), 3, 41250};
	r->yesterday_ly =
		(struct crm_span){D("2024-06-14"), D("2024-06-14"), 2, 38000};
	r->month =
		(struct crm_span){D("2025-06-01"), D("2025-06-14"), 57, 841250};
	r->month_ly =
		(struct crm_span){D("2024-06-01"), D("2024-06-14"), 55, 790000};
	for (int i = 0; i < 12; i++) {
		r->month_net[0][i] = ly[i];
		r->month_purchases[0][i] = ly[i] / 15000;
		r->month_net[1][i] = ty[i];
		r->month_purchases[1][i] = ty[i] / 15000;
	}
	r->month_purchases[1][5] = 57;
	r->new_customers = (struct crm_rep_list){new_v, 3, 3, 5};
	for (int i = 0; i < 3; i++)
		new_v[i].day = D("2025-06-15");
	r->new_by_source = (struct crm_rep_counts){source_v, 3, 3};
	r->categories = cat_v;
	r->ncategories = 4;
	r->year_profit = 1234500 + 900000 + 50000 - 2000;
	r->year_costed = 1;
	r->ranked = 410;
	r->top_n = 41;
	r->top_value = 1234567;
	r->year_net = 1981550;
	memcpy(r->curve, curve, sizeof curve);
	lapsed_v[0].day = D("2025-03-16");
	lapsed_v[1].day = D("2025-03-15");
	r->lapsed = (struct crm_rep_list){lapsed_v, 2, 2, 7};
	r->lapsed_month[2] = 4;
	r->lapsed_month[3] = 9;
	r->lapsed_month[4] = 6;
	r->lapsed_month[5] = 7;
	for (int i = 0; i < 3; i++)
		lost_v[i].day = D("2025-06-15");
	r->lost = (struct crm_rep_list){lost_v, 3, 3, 3};
	r->lost_reasons = (struct crm_rep_counts){reason_v, 2, 2};
	r->lost_month[1] = 1;
	r->lost_month[4] = 2;
	r->lost_month[5] = 3;
	r->unthanked = (struct crm_rep_list){unthanked_v, 2, 2, 2};
	complaint_v[0].day = D("2025-05-01");
	complaint_v[1].day = D("2025-06-12");
	r->complaints = complaint_v;
	r->ncomplaints = 2;
	r->open_complaints = 4;
	r->bonus_issued = 12345;
	r->bonus_redeemed = 5000;
	r->bonus_reversed = 200;
	r->scores[0] = 1;
	r->scores[1] = 2;
	r->scores[2] = 5;
	r->scores[3] = 10;
	r->scores[4] = 20;
	r->segments = (struct crm_rep_counts){segment_v, 4, 4};
	r->staff = staff_v;
	r->nstaff = 3;
	crm_report_figures(r);
}

/* ---- rendering -------------------------------------------------------- */

typedef int (*render_fn)(const struct crm_report *, FILE *);

static char *
render(render_fn fn, const struct crm_report *r, int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct crm_report figured = *r; /* the figures of its sums, as gathered */

	if (!fp) {
		perror("open_memstream");
		exit(99);
	}
	crm_report_figures(&figured);
	*rc = fn(&figured, fp);
	fclose(fp);
	return buf;
}

static int
contains_quiet(const char *hay, const char *needle)
{
	return strstr(hay, needle) != NULL;
}

static int
contains(const char *hay, const char *needle)
{
	int found = strstr(hay, needle) != NULL;

	if (!found)
		diag("missing: %s", needle);
	return found;
}

/* ---- checks ----------------------------------------------------------- */

/* the widest line, in UTF-8 characters */
static int
widest(const char *s)
{
	int w = 0, n = 0;

	for (; *s; s++) {
		if (*s == '\n') {
			n = 0;
			continue;
		}
		n += ((unsigned char)*s & 0xc0) != 0x80;
		if (n > w)
			w = n;
	}
	return w;
}

/* no control character but newline */
static int
clean_text(const char *s)
{
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\n') || *s == 0x7f)
			return 0;
	return 1;
}

/* "nan" or "inf" as a word, in any case */
static int
has_nonnumber(const char *s)
{
	for (const char *p = s; *p; p++) {
		if (p > s && isalpha((unsigned char)p[-1]))
			continue;
		if ((!strncasecmp(p, "nan", 3) || !strncasecmp(p, "inf", 3)) &&
		    !isalpha((unsigned char)p[3])) {
			diag("non-number at: %.20s", p);
			return 1;
		}
	}
	return 0;
}

static int
count(const char *s, const char *needle)
{
	int n = 0;

	for (const char *p = s; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/*
 * A simple XML well-formedness check: tags balance, attribute values are
 * quoted, & starts an entity, no < in text.  Returns 0, or -1 with a diag.
 */
static int
well_formed(const char *s)
{
	char stack[64][32];
	int depth = 0, root = 0;
	const char *p = s;

	while (*p) {
		if (*p == '&') {
			const char *e = p + 1;

			if (*e == '#')
				e++;
			while (isalnum((unsigned char)*e))
				e++;
			if (*e != ';' || e == p + 1) {
				diag("bare & at: %.30s", p);
				return -1;
			}
			if (p[1] != '#' && strncmp(p, "&amp;", 5) &&
			    strncmp(p, "&lt;", 4) && strncmp(p, "&gt;", 4) &&
			    strncmp(p, "&quot;", 6) &&
			    strncmp(p, "&apos;", 6)) {
				diag("not an XML entity: %.10s", p);
				return -1;
			}
			p = e + 1;
			continue;
		}
		if (*p != '<') {
			if (*p == '>') {
				diag("bare > in text at: %.30s", p);
				return -1;
			}
			p++;
			continue;
		}
		if (!strncmp(p, "<!DOCTYPE", 9)) {
			p = strchr(p, '>');
			if (!p)
				return -1;
			p++;
			continue;
		}
		if (p[1] == '/') {
			char name[32];
			size_t n = 0;

			p += 2;
			while (isalnum((unsigned char)*p) &&
			       n < sizeof name - 1)
				name[n++] = *p++;
			name[n] = '\0';
			if (*p != '>') {
				diag("bad end tag </%s", name);
				return -1;
			}
			p++;
			if (!depth || strcmp(stack[depth - 1], name)) {
				diag("</%s> does not close <%s>", name,
				     depth ? stack[depth - 1] : "(nothing)");
				return -1;
			}
			depth--;
			continue;
		}
		{
			char name[32];
			size_t n = 0;

			p++;
			while ((isalnum((unsigned char)*p) || *p == '-' ||
				*p == ':') &&
			       n < sizeof name - 1)
				name[n++] = *p++;
			name[n] = '\0';
			if (!n) {
				diag("bad tag at: %.30s", p - 1);
				return -1;
			}
			/* attributes: name="value" */
			for (;;) {
				while (*p == ' ' || *p == '\n')
					p++;
				if (*p == '>' || (p[0] == '/' && p[1] == '>'))
					break;
				while (isalnum((unsigned char)*p) ||
				       *p == '-' || *p == ':')
					p++;
				if (*p != '=' || p[1] != '"') {
					diag("unquoted attribute in <%s at: "
					     "%.30s",
					     name, p);
					return -1;
				}
				p += 2;
				while (*p && *p != '"') {
					if (*p == '<') {
						diag("< in an attribute of <%s",
						     name);
						return -1;
					}
					p++;
				}
				if (!*p)
					return -1;
				p++;
			}
			if (*p == '/') {
				p += 2;
				continue;
			}
			p++;
			if (depth == 0 && root++) {
				diag("a second root element <%s>", name);
				return -1;
			}
			if (depth == 64)
				return -1;
			strcpy(stack[depth++], name);
			/* style: CSS may hold > */
			if (!strcmp(name, "style")) {
				const char *e = strstr(p, "</style>");

				if (!e || memchr(p, '<', (size_t)(e - p)) ||
				    memchr(p, '&', (size_t)(e - p))) {
					diag("< or & in the style sheet");
					return -1;
				}
				p = e;
			}
		}
	}
	if (depth) {
		diag("<%s> not closed", stack[depth - 1]);
		return -1;
	}
	return root == 1 ? 0 : -1;
}

/* JSON: strings well escaped, braces and brackets balanced */
static int
json_balanced(const char *s)
{
	char stack[64];
	int depth = 0;

	for (const char *p = s; *p; p++) {
		if (*p == '"') {
			for (p++; *p != '"'; p++) {
				if (!*p || (unsigned char)*p < 0x20) {
					diag("raw control character in a JSON "
					     "string");
					return 0;
				}
				if (*p == '\\') {
					p++;
					if (*p == 'u') {
						for (int i = 1; i <= 4; i++)
							if (!isxdigit(
								    (unsigned char)
									    p[i]))
								return 0;
						p += 4;
					} else if (!strchr("\"\\/bfnrt", *p)) {
						diag("bad escape \\%c", *p);
						return 0;
					}
				}
			}
			continue;
		}
		if (*p == '{' || *p == '[') {
			if (depth == 64)
				return 0;
			stack[depth++] = *p;
		} else if (*p == '}' || *p == ']') {
			if (!depth || stack[--depth] != (*p == '}' ? '{' : '['))
				return 0;
		}
	}
	return depth == 0;
}

/* run a checker on text written to a file, when the tool is installed */
static void
tool_check(const char *tool, const char *args, const char *text,
	   const char *what)
{
	char path[] = "/tmp/test-report.XXXXXX", cmd[256];
	FILE *fp;
	int fd, rc;

	snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
	if (system(cmd) != 0) {
		diag("%s not installed: %s not checked with it", tool, what);
		return;
	}
	fd = mkstemp(path);
	if (fd < 0 || !(fp = fdopen(fd, "w"))) {
		perror("mkstemp");
		exit(99);
	}
	fputs(text, fp);
	fclose(fp);
	snprintf(cmd, sizeof cmd, "%s %s %s >/dev/null", tool, args, path);
	rc = system(cmd);
	ok(rc == 0, "%s accepts the %s", tool, what);
	unlink(path);
}

/* ---- the tests -------------------------------------------------------- */

static void
test_text_full(void)
{
	struct crm_report r;
	char *t;
	int rc;

	full(&r);
	t = render(crm_report_text, &r, &rc);
	is_int(rc, 0, "text: renders");
	is_int(widest(t) <= 80, 1, "text: every line at most 80 columns (%d)",
	       widest(t));
	ok(clean_text(t), "text: no control characters but newlines");
	ok(!strncmp(t, "crm report for 2025-06-15 (new since 2025-06-14)\n",
		    49),
	   "text: title line");
	/* sales */
	ok(contains(t, "  yesterday 2025-06-14          3      412.50          "
		       "2      380.00     +8.6%\n"),
	   "text: yesterday against a year before");
	ok(contains(t, "  month to date 2025-06        57     8412.50         "
		       "55     7900.00     +6.5%\n"),
	   "text: month to date");
	/* year to date: Jan-Jun this year, Jan-May and June 1-14 last year */
	ok(contains(t, "  year to date 2025"), "text: year to date row");
	ok(contains(t, "51262.50") && contains(t, "49300.00") &&
		   contains(t, "+4.0%"),
	   "text: year to date figures");
	/* customers */
	ok(contains(t, "  5 new customers since 2025-06-14"),
	   "text: new customers");
	ok(contains(t, "  by source: fair 2, web 2, no source 1"),
	   "text: by source");
	ok(contains(t, "      101  Anna <Berg> & \"Co\""),
	   "text: a new customer's id and name");
	ok(contains(t, "Per\\tLind") && contains(t, "Line\\nBreak \\x01"),
	   "text: control characters escaped");
	ok(contains(t, "  ... and 2 more: crm-ls --created-from 2025-06-15"),
	   "text: the rest of the new customers");
	/* categories */
	ok(contains(t, "  most profitable this year: vip, profit 12345.00, "
		       "56.6% of all profit"),
	   "text: the most profitable category");
	ok(contains(t, "  others: regular 9000.00 (41.2%), employee & family "
		       "500.00 (2.3%),"),
	   "text: the other categories");
	ok(contains(t, "problem <prepay> -20.00 (-0.1%)"),
	   "text: a category losing money");
	/* top */
	ok(contains(t, "  top 10% (41 customers) hold 62.3% of net revenue "
		       "this year\n"),
	   "text: top summary");
	/* lapsed */
	ok(contains(t, "  7 customers newly lapsed: no purchase for 90 days"),
	   "text: lapsed count");
	ok(contains(t, "       12  Åsa Öberg-Lindqvist       vip            "
		       "12345.67  2025-03-16"),
	   "text: a lapsed customer with net and last purchase");
	ok(contains(t, "A very long name that..."), "text: a long name is cut");
	ok(contains(t, "  ... and 5 more: crm-lapsed --days 90"),
	   "text: more lapsed");
	/* lost */
	ok(contains(t, "  3 customers lost since 2025-06-14"),
	   "text: lost count");
	ok(contains(t, "  reasons: price 2, no reason given 1"),
	   "text: lost reasons");
	ok(contains(t,
		    "       31  Olle                      2025-06-15  price"),
	   "text: a lost customer");
	/* referrals */
	ok(contains(t, "        6  Two \"quoted\"") &&
		   contains(t, "  2 referrers"),
	   "text: unthanked referrers");
	/* complaints */
	ok(contains(t, "  4 open complaints, oldest first:"),
	   "text: open complaints");
	ok(contains(t, "      17       12  Åsa Öberg-Lindqvist         "
		       "2025-05-01    45 days"),
	   "text: a complaint's note, customer, date and age");
	ok(contains(t, "          The boots broke after two days,\\nand the "
		       "shop <refused>"),
	   "text: the complaint's text, escaped");
	ok(contains(t, "...\n") &&
		   !contains_quiet(t, "far too long for one line"),
	   "text: a long complaint is cut");
	ok(contains(t, "  ... and 2 more: crm-note --open"),
	   "text: more complaints");
	ok(contains(t, "  surveys this year: 38, mean score 4.2 of 5"),
	   "text: surveys");
	/* bonus, segments */
	ok(contains(t, "  since 2025-06-14: issued 123.45, redeemed 50.00, "
		       "reversed 2.00"),
	   "text: bonus");
	ok(contains(t, "  champions                        41   22.7%        "
		       "15000.00\n"),
	   "text: a segment");
	ok(strstr(t, "\nSALES\n") &&
		   strstr(t, "\nSALES\n") < strstr(t, "\nNEW CUSTOMERS\n") &&
		   strstr(t, "\nBONUS\n") < strstr(t, "\nSEGMENTS\n"),
	   "text: sections in order");
	ok(!has_nonnumber(t), "text: no nan or inf");
	if (tap_failed)
		diag("the text:\n%s", t);
	free(t);
}

/* the sample's text or JSON beside it, as FILE.txt or FILE.json */
static void
write_sample(const char *sample, const char *ext, render_fn fn,
	     const struct crm_report *r)
{
	char path[4096];
	FILE *fp;

	snprintf(path, sizeof path, "%s%s", sample, ext);
	if ((fp = fopen(path, "w")) != NULL) {
		fn(r, fp);
		fclose(fp);
	}
}

static void
test_html_full(void)
{
	struct crm_report r;
	const char *sample = getenv("CRM_REPORT_SAMPLE");
	char *h;
	int rc;

	full(&r);
	h = render(crm_report_html, &r, &rc);
	is_int(rc, 0, "html: renders");
	ok(!strncmp(h, "<!DOCTYPE html>\n", 16), "html: the doctype first");
	ok(well_formed(h) == 0, "html: well-formed");
	is_int(count(h, "<svg"), 5, "html: five charts");
	is_int(count(h, "<svg class=\"chart\""), 5,
	       "html: each of class chart");
	is_int(count(h, "<title id=\"c-"), 5, "html: each chart has a title");
	ok(contains(h, "viewBox=\"0 0 520 ") && contains(h, "width=\"100%\""),
	   "html: responsive charts");
	ok(contains(h, "@media print") &&
		   contains(h, "page-break-inside:avoid") &&
		   contains(h, "max-width:"),
	   "html: styles for phone and print");
	ok(!contains_quiet(h, "<script") && !contains_quiet(h, "<link") &&
		   !contains_quiet(h, "src=") && !contains_quiet(h, "href=") &&
		   !contains_quiet(h, "url(") && !contains_quiet(h, "@import"),
	   "html: no script, nothing fetched");
	ok(contains(h, "Anna &lt;Berg&gt; &amp; &quot;Co&quot;"),
	   "html: names escaped");
	ok(contains(h, "Per\\tLind") && contains(h, "Line\\nBreak \\x01"),
	   "html: control characters shown escaped");
	ok(clean_text(h), "html: no raw control characters");
	ok(contains(h, "problem &lt;prepay&gt;"),
	   "html: category names escaped in the chart");
	ok(contains(h, "the shop &lt;refused&gt; to take them back &amp; said "
		       "&quot;no&quot;"),
	   "html: complaint text escaped");
	ok(contains(h, "<span class=\"up\">+8.6%</span>"),
	   "html: the change against last year");
	ok(contains(h, "<strong>62.3%</strong>"), "html: top share");
	ok(contains(h, ">12345.67<") && contains(h, ">2025-03-16<"),
	   "html: a lapsed customer's net and last purchase");
	ok(contains(h, "top 10%: 62.3%"),
	   "html: the curve marks the top percent");
	ok(contains(h, "<title id=\"c-months-t\">Net revenue per month, 2025 "
		       "against 2024</title>"),
	   "html: the months chart");
	ok(contains(h, "38 surveys, mean 4.2 of 5"), "html: surveys");
	ok(!has_nonnumber(h), "html: no nan or inf");
	ok(!contains_quiet(h, "No sales this year or last."),
	   "html: no empty-chart sentence");
	tool_check("xmllint", "--noout", h, "full HTML page");
	if (sample) {
		FILE *fp = fopen(sample, "w");

		ok(fp && fputs(h, fp) >= 0 && fclose(fp) == 0,
		   "html: sample written to %s", sample);
		write_sample(sample, ".txt", crm_report_text, &r);
		write_sample(sample, ".json", crm_report_json, &r);
	}
	free(h);
}

static void
test_json_full(void)
{
	struct crm_report r;
	char *j;
	int rc;

	full(&r);
	j = render(crm_report_json, &r, &rc);
	is_int(rc, 0, "json: renders");
	ok(json_balanced(j), "json: balanced, strings escaped");
	ok(!strncmp(j,
		    "{\n  \"as_of\": \"2025-06-15\",\n  \"since\": "
		    "\"2025-06-14\",",
		    51),
	   "json: as_of and since first");
	ok(contains(j, "\"name\": \"Anna <Berg> & \\\"Co\\\"\""),
	   "json: quotes escaped");
	ok(contains(j, "\"name\": \"Per\\tLind\"") &&
		   contains(j, "\"name\": \"Line\\nBreak \\u0001\""),
	   "json: control characters escaped");
	ok(contains(j, "\"source\": null"), "json: an absent source is null");
	ok(contains(j, "\"net\": 412.50,") && contains(j, "\"change\": 8.6"),
	   "json: money with its minor digits, change in percent");
	ok(contains(j, "\"profit\": -20.00,") && contains(j, "\"share\": -0.1"),
	   "json: negative money and share");
	ok(contains(j, "\"share\": 62.3"), "json: top share");
	ok(contains(j, "\"scores\": [\n          1,\n          2,"),
	   "json: survey scores");
	ok(contains(j, "\"mean\": 4.2"), "json: mean score");
	ok(contains(j, "\"text\": \"The boots broke after two days,\\nand the "
		       "shop"),
	   "json: the complaint text whole");
	ok(!has_nonnumber(j), "json: no nan or inf");
	{
		const char *p = strstr(j, "\"sections\": {");
		int order = p != NULL;

		for (int i = 1; order && i < CRM_NSECTIONS; i++) {
			char a[32], b[32];

			snprintf(a, sizeof a,
				 "\n    \"%s\": ", crm_section_names[i - 1]);
			snprintf(b, sizeof b,
				 "\n    \"%s\": ", crm_section_names[i]);
			order = strstr(p, a) && strstr(p, b) &&
				strstr(p, a) < strstr(p, b);
		}
		ok(order, "json: every section, in order");
	}
	tool_check("jq", "-e .sections.top.share", j, "full JSON");
	free(j);
}

/* an empty report: nothing at all, as of the epoch and as of a date */
static void
test_empty(crm_day as_of, const char *what)
{
	struct crm_report r;
	char *t, *h, *j;
	int rc1, rc2, rc3;

	memset(&r, 0, sizeof r);
	all_sections(&r);
	r.as_of = as_of;
	r.since = as_of ? as_of - 1 : 0;
	if (as_of) {
		int y, m, d;

		crm_day_to_ymd(as_of - 1, &y, &m, &d);
		r.year = y;
		r.digits = 2;
		r.lapsed_days = 90;
		r.top_percent = 20;
	}
	t = render(crm_report_text, &r, &rc1);
	h = render(crm_report_html, &r, &rc2);
	j = render(crm_report_json, &r, &rc3);
	ok(rc1 == 0 && rc2 == 0 && rc3 == 0, "%s: renders", what);
	ok(!has_nonnumber(t) && !has_nonnumber(h) && !has_nonnumber(j),
	   "%s: no nan or inf", what);
	ok(widest(t) <= 80, "%s: text lines at most 80 columns", what);
	ok(contains(t, "  no sales yet this year") &&
		   contains(t, "  no new customers since") &&
		   contains(t, "  no customers with net revenue this year") &&
		   contains(t, "  no categories") &&
		   contains(t, "  no open complaints") &&
		   contains(t, "  no customers newly lapsed") &&
		   contains(t, "  no customers lost since") &&
		   contains(t, "  no referrers waiting to be thanked") &&
		   contains(t, "  no bonus issued") &&
		   contains(t, "  no customers with purchases to segment"),
	   "%s: text says there is nothing", what);
	ok(well_formed(h) == 0, "%s: html well-formed", what);
	is_int(count(h, "<svg"), 0, "%s: html has no charts", what);
	ok(contains(h, "No sales this year or last.") &&
		   contains(h, "No categories.") &&
		   contains(h, "No customers with net revenue this year.") &&
		   contains(h, "No customers lapsed or were lost this year.") &&
		   contains(h, "No survey scores this year."),
	   "%s: html says why each chart is missing", what);
	ok(json_balanced(j), "%s: json balanced", what);
	ok(contains(j, "\"change\": null") && contains(j, "\"share\": null") &&
		   contains(j, "\"mean\": null"),
	   "%s: json has null where nothing can be computed", what);
	tool_check("xmllint", "--noout", h, "empty HTML page");
	tool_check("jq", ".", j, "empty JSON");
	free(t);
	free(h);
	free(j);
}

/* some sales, nothing else; categories that earned nothing */
static void
test_sparse(void)
{
	struct crm_report r;
	static struct crm_rep_category cats[] = {{S("regular"), 1, 0, 0, 0}};
	char *t, *h;
	int rc;

	memset(&r, 0, sizeof r);
	all_sections(&r);
	r.as_of = D("2025-01-01");
	r.since = D("2024-12-31");
	r.year = 2024;
	r.digits = 0;
	r.top_percent = 20;
	r.lapsed_days = 30;
	r.yesterday_ly =
		(struct crm_span){D("2023-12-31"), D("2023-12-31"), 1, 500};
	r.month_net[0][11] = 500;
	r.month_purchases[0][11] = 1;
	r.month_ly =
		(struct crm_span){D("2023-12-01"), D("2023-12-31"), 1, 500};
	r.categories = cats;
	r.ncategories = 1;
	r.scores[2] = 1;
	t = render(crm_report_text, &r, &rc);
	ok(contains(t, "  yesterday 2024-12-31          0           0          "
		       "1         500   -100.0%\n"),
	   "sparse: a year-old sale, none now, no minor digits");
	ok(contains(t, "  no sales yet this year\n"),
	   "sparse: no sales this year");
	ok(contains(t, "\nCATEGORIES\n  no sales yet this year\n"),
	   "sparse: categories without sales");
	ok(contains(t, "  surveys this year: 1, mean score 3.0 of 5"),
	   "sparse: one survey");
	h = render(crm_report_html, &r, &rc);
	ok(well_formed(h) == 0, "sparse: html well-formed");
	is_int(count(h, "<svg"), 2, "sparse: two charts: months and scores");
	ok(contains(h, "No sales yet this year.") &&
		   contains(h, "<span class=\"down\">\xe2\x88\x92"
			       "100.0%</span>"),
	   "sparse: html says so, and the change");
	ok(!has_nonnumber(h) && !has_nonnumber(t), "sparse: no nan or inf");
	free(t);
	free(h);
}

/* round ticks on the money axis: decimals, thousands, millions */
static void
test_axis(void)
{
	struct crm_report r;
	char *h;
	int rc;

	memset(&r, 0, sizeof r);
	r.sections[0] = CRM_SEC_SALES;
	r.nsections = 1;
	r.as_of = D("2025-03-01");
	r.digits = 2;
	r.month_net[0][0] = 150; /* 1.50 */
	r.month_net[1][1] = 90;
	h = render(crm_report_html, &r, &rc);
	ok(contains(h, ">0<") && contains(h, ">0.5<") && contains(h, ">1<") &&
		   contains(h, ">1.5<") && !contains_quiet(h, ">2<"),
	   "axis: ticks 0, 0.5, 1, 1.5");
	free(h);
	r.month_net[0][0] = 125000000; /* 1250000.00 */
	r.month_net[1][1] = -30000000;
	h = render(crm_report_html, &r, &rc);
	ok(contains(h, ">0.5M<") && contains(h, ">1.5M<") &&
		   contains(h, ">\xe2\x88\x92" "0.5M<"),
	   "axis: ticks in millions, below zero too");
	ok(well_formed(h) == 0 && !has_nonnumber(h), "axis: well-formed");
	free(h);
}

/* chosen sections, in the chosen order; a repeated one once */
static void
test_sections(void)
{
	struct crm_report r;
	char *t, *h, *j;
	int rc;

	full(&r);
	r.sections[0] = CRM_SEC_LOST;
	r.sections[1] = CRM_SEC_TOP;
	r.sections[2] = CRM_SEC_LOST;
	r.nsections = 3;
	t = render(crm_report_text, &r, &rc);
	ok(strstr(t, "\nLOST\n") &&
		   strstr(t, "\nLOST\n") < strstr(t, "\nTOP CUSTOMERS\n"),
	   "sections: text in the chosen order");
	is_int(count(t, "\nLOST\n"), 1, "sections: a repeated section once");
	ok(!contains_quiet(t, "SALES") && !contains_quiet(t, "LAPSED"),
	   "sections: only the chosen ones");
	h = render(crm_report_html, &r, &rc);
	ok(well_formed(h) == 0, "sections: html well-formed");
	is_int(count(h, "<svg"), 2,
	       "sections: html has the churn chart with lost, and the curve");
	ok(strstr(h, "id=\"lost\"") < strstr(h, "id=\"top\""),
	   "sections: html in order");
	j = render(crm_report_json, &r, &rc);
	ok(json_balanced(j) && !contains_quiet(j, "\"sales\"") &&
		   strstr(j, "\"lost\": {") < strstr(j, "\"top\": {") &&
		   count(j, "\"lost\": {") == 1,
	   "sections: json in order, once each");
	free(t);
	free(h);
	free(j);
	r.nsections = 0;
	t = render(crm_report_text, &r, &rc);
	is_str(t, "crm report for 2025-06-15 (new since 2025-06-14)\n",
	       "sections: none, only the title");
	free(t);
}

/* the staff section: per staff member, and none without staff */
static void
test_staff(void)
{
	struct crm_report r;
	char *t, *h, *j;
	int rc;

	full(&r);
	r.sections[0] = CRM_SEC_STAFF;
	r.sections[1] = CRM_SEC_BONUS;
	r.nsections = 2;
	t = render(crm_report_text, &r, &rc);
	ok(contains(t, "\nSTAFF\n") &&
		   contains(t, "  (none recorded)          4          120.00"
			       "        1   3.0           0       0\n") &&
		   contains(t, "  Uta                     12         3456.00"
			       "        3   4.7           1       2\n") &&
		   contains(t, "  Ben <b>                  2           50.00"
			       "        0     -           0       1\n"),
	   "staff: text rows, the unnamed first, no mean without surveys");
	h = render(crm_report_html, &r, &rc);
	ok(well_formed(h) == 0 && contains(h, "id=\"staff\"") &&
		   contains(h, "<td>Ben &lt;b&gt;</td>") &&
		   contains(h, "none recorded"),
	   "staff: html table, names escaped");
	j = render(crm_report_json, &r, &rc);
	ok(json_balanced(j) && contains(j, "\"staff\": null,") &&
		   contains(j, "\"mean_score\": 4.7,") &&
		   contains(j, "\"mean_score\": null,"),
	   "staff: json list, null for nobody and for no mean");
	free(t);
	free(h);
	free(j);
	r.nstaff = 0;
	t = render(crm_report_text, &r, &rc);
	h = render(crm_report_html, &r, &rc);
	j = render(crm_report_json, &r, &rc);
	ok(!contains_quiet(t, "STAFF") && contains(t, "\nBONUS\n") &&
		   !contains_quiet(h, "id=\"staff\"") &&
		   !contains_quiet(j, "\"staff\""),
	   "staff: no staff recorded, no section in any rendering");
	free(t);
	free(h);
	free(j);
}

/* extremes: huge amounts, long user text, many sources */
static void
test_extremes(void)
{
	struct crm_report r;
	static struct crm_rep_count many[30];
	static struct crm_rep_customer longname[1];
	static char names[30][40], big[300];
	char *t, *h, *j;
	int rc;

	full(&r);
	for (int i = 0; i < 30; i++) {
		snprintf(names[i], sizeof names[i], "source number %d", i);
		many[i] = (struct crm_rep_count){names[i], 30 - i, 0};
	}
	r.new_by_source = (struct crm_rep_counts){many, 30, 30};
	memset(big, 'x', sizeof big - 1);
	memcpy(big, "\xc3\xa5\xff\xfe<&>", 7); /* å, two invalid bytes */
	longname[0] = (struct crm_rep_customer){999999999, big, 0,
						D("2025-06-15"), big};
	r.new_customers = (struct crm_rep_list){longname, 1, 1, 1000000};
	r.yesterday.net = 99999999999999999LL;
	r.yesterday_ly.net = -99999999999999999LL;
	r.yesterday.purchases = 999999999999LL;
	r.month_net[1][0] = 99999999999999999LL;
	r.categories[0].profit = 99999999999999999LL;
	r.year_profit = 99999999999999999LL;
	r.year_costed = 1;
	t = render(crm_report_text, &r, &rc);
	ok(widest(t) <= 80, "extremes: text lines at most 80 columns (%d)",
	   widest(t));
	ok(clean_text(t), "extremes: no control characters");
	ok(contains(t, "\xc3\xa5?"
		       "?<&>xx"),
	   "extremes: invalid UTF-8 shown as ?");
	ok(contains(t, ", and 25 more\n") && count(t, "source number") == 5,
	   "extremes: a long list of sources is cut to two lines");
	ok(contains(t, "+200.0%"),
	   "extremes: change from a negative last year");
	h = render(crm_report_html, &r, &rc);
	ok(well_formed(h) == 0, "extremes: html well-formed");
	ok(contains(h, "\xc3\xa5\xef\xbf\xbd\xef\xbf\xbd&lt;&amp;&gt;"),
	   "extremes: html shows invalid UTF-8 as U+FFFD");
	ok(!has_nonnumber(h), "extremes: html no nan or inf");
	tool_check("xmllint", "--noout", h, "extreme HTML page");
	j = render(crm_report_json, &r, &rc);
	ok(json_balanced(j) && contains(j, "\xc3\xa5\\ufffd\\ufffd<&>"),
	   "extremes: json shows invalid UTF-8 as \\ufffd");
	ok(contains(j, "\"net\": 999999999999999.99"),
	   "extremes: huge money exact");
	tool_check("jq", ".", j, "extreme JSON");
	free(t);
	free(h);
	free(j);
}

/* a failed write is -1 */
static void
test_write_error(void)
{
	struct crm_report r;
	render_fn fns[3] = {crm_report_text, crm_report_html, crm_report_json};
	const char *names[3] = {"text", "html", "json"};

	full(&r);
	for (int i = 0; i < 3; i++) {
		FILE *fp = fopen("/dev/full", "w");
		int rc;

		if (!fp) {
			diag("no /dev/full: write errors not checked");
			return;
		}
		errno = 0;
		rc = fns[i](&r, fp);
		ok(rc == -1 && errno != 0,
		   "%s: a failed write returns -1 with errno", names[i]);
		fclose(fp);
	}
}

int
main(void)
{
	test_text_full();
	test_html_full();
	test_json_full();
	test_staff();
	test_empty(0, "empty at the epoch");
	test_empty(D("2025-03-01"), "empty");
	test_sparse();
	test_axis();
	test_sections();
	test_extremes();
	test_write_error();
	return done_testing();
}
