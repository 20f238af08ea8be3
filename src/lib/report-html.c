/*
 * report-html.c - the nightly report as one self-contained HTML page.
 *
 * The page is XHTML-compatible HTML5 (an XML parser accepts it: every
 * element closed, only the five XML entities), with inline CSS that reads
 * on a phone and prints on A4, no script and nothing fetched.  Its charts
 * are inline SVG drawn here: net revenue per month against last year,
 * profit by category, the cumulative share of the top customers, lapsed
 * and lost customers per month, survey scores.  A chart without data is
 * a sentence instead.  Coordinates are written with integer arithmetic,
 * so the locale cannot put a decimal comma into them.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

/* the chart's coordinate system: its text of 14 units reads on a phone */
#define VW 520
#define CHAR_W 8.0 /* the width of a character of the charts' text */

static const char *const month_abbr[12] = {"Jan", "Feb", "Mar", "Apr",
					   "May", "Jun", "Jul", "Aug",
					   "Sep", "Oct", "Nov", "Dec"};

/* ---- text ------------------------------------------------------------- */

/* a valid UTF-8 sequence that is also an XML character (not U+FFFE or
 * U+FFFF): its length, or 0 */
static int
u8seq(const unsigned char *p)
{
	if (p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf))
		return 0;
	return crm_utf8_seq(p);
}

enum { ESC_LINE, ESC_LINES };

/*
 * User text, escaped for text and attributes alike: & < > " ' as
 * references; control characters shown as \t, \n, \xHH (with ESC_LINES
 * a newline stays a newline and a TAB is a blank); invalid UTF-8 as
 * U+FFFD.  At most max characters (0: all), the last one "…" when cut.
 */
static void
esc(FILE *fp, const char *s, int mode, int max)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	int n = 0;

	for (; *p; n++) {
		int k = 1;

		if (max > 0 && n == max - 1) {
			/* one character left: the last one, or "…" */
			const unsigned char *q = p;
			int last = 0;

			if (*q < 0x80 || !u8seq(q))
				last = q[1] == '\0';
			else
				last = q[u8seq(q)] == '\0';
			if (!last) {
				fputs("\xe2\x80\xa6", fp);
				return;
			}
		}
		switch (*p) {
		case '&':
			fputs("&amp;", fp);
			break;
		case '<':
			fputs("&lt;", fp);
			break;
		case '>':
			fputs("&gt;", fp);
			break;
		case '"':
			fputs("&quot;", fp);
			break;
		case '\'':
			fputs("&#39;", fp);
			break;
		case '\n':
			fputs(mode == ESC_LINES ? "\n" : "\\n", fp);
			break;
		case '\t':
			fputs(mode == ESC_LINES ? " " : "\\t", fp);
			break;
		case '\r':
			if (mode != ESC_LINES)
				fputs("\\r", fp);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(fp, "\\x%02x", *p);
			else if (*p < 0x80)
				putc(*p, fp);
			else if ((k = u8seq(p)) == 0) {
				fputs("\xef\xbf\xbd", fp);
				k = 1;
			} else
				fwrite(p, 1, (size_t)k, fp);
		}
		p += k;
	}
}

static void
put(FILE *fp, const char *s)
{
	esc(fp, s, ESC_LINE, 0);
}

static const char *
plural(long long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* a money cell */
static void
td_money(FILE *fp, crm_money v, int digits)
{
	char m[CRM_MONEY_BUFSZ];

	fprintf(fp, "<td class=\"num\">%s</td>",
		crm_money_format(v, digits, m));
}

/* the change from last year in percent, with its class */
static void
change(FILE *fp, const struct crm_change *c)
{
	char s[CRM_MONEY_BUFSZ];

	if (!c->known) {
		fprintf(fp, "<span class=\"flat\">%s</span>",
			c->no_sales ? "no sales" : "n/a");
		return;
	}
	crm_tenths_format(c->tenths, s);
	if (s[0] == '-')
		fprintf(fp, "<span class=\"down\">\xe2\x88\x92%s%%</span>",
			s + 1);
	else if (strcmp(s, "0.0"))
		fprintf(fp, "<span class=\"up\">+%s%%</span>", s);
	else
		fprintf(fp, "<span class=\"flat\">%s%%</span>", s);
}

static void
more(FILE *fp, long long total, size_t shown, const char *cmd)
{
	if (total > (long long)shown)
		fprintf(fp,
			"<p class=\"more\">\xe2\x80\xa6 and %lld more: "
			"<code>%s</code></p>\n",
			total - (long long)shown, cmd);
}

static void
hint(FILE *fp, const char *what, const char *cmd)
{
	fprintf(fp, "<p class=\"hint\">%s <code>", what);
	put(fp, cmd);
	fputs("</code></p>\n", fp);
}

static void
nodata(FILE *fp, const char *sentence)
{
	fprintf(fp, "<p class=\"nodata\">%s</p>\n", sentence);
}

/* ---- charts ----------------------------------------------------------- */

struct chart {
	FILE *fp;
	double x0, y0, w, h;	/* the plot area */
	long long lo, hi, step; /* the value axis, in value units */
	char pool[16][32];	/* numbers being printed */
	int k;
};

/* v with one decimal, for coordinates */
static const char *
D(struct chart *c, double v)
{
	char *b = c->pool[c->k++ % 16];
	long long t;

	if (!isfinite(v))
		v = 0;
	t = llround(v * 10);
	snprintf(b, 32, "%s%lld.%lld", t < 0 ? "-" : "", (t < 0 ? -t : t) / 10,
		 (t < 0 ? -t : t) % 10);
	return b;
}

static long long
floor_div(long long a, long long b)
{
	long long q = a / b;

	return q * b > a ? q - 1 : q;
}

static long long
ceil_div(long long a, long long b)
{
	long long q = a / b;

	return q * b < a ? q + 1 : q;
}

/* A round axis over vmin..vmax (vmin <= 0 <= vmax, vmin < vmax): steps
 * of 1, 2 or 5 times a power of ten, about target of them. */
static void
nice_axis(struct chart *c, long long vmin, long long vmax, int target)
{
	double raw = ((double)vmax - (double)vmin) / target;
	long long mag = 1;

	while ((double)mag * 10 <= raw)
		mag *= 10;
	if ((double)mag >= raw)
		c->step = mag;
	else if ((double)(2 * mag) >= raw)
		c->step = 2 * mag;
	else if ((double)(5 * mag) >= raw)
		c->step = 5 * mag;
	else
		c->step = 10 * mag;
	c->lo = floor_div(vmin, c->step) * c->step;
	c->hi = ceil_div(vmax, c->step) * c->step;
	if (c->hi == c->lo)
		c->hi = c->lo + c->step;
}

/* value to y (vertical axis) and x (horizontal axis) */
static double
vy(const struct chart *c, long long v)
{
	return c->y0 + c->h -
	       ((double)v - (double)c->lo) / ((double)c->hi - (double)c->lo) *
		       c->h;
}

static double
vx(const struct chart *c, long long v)
{
	return c->x0 + ((double)v - (double)c->lo) /
			       ((double)c->hi - (double)c->lo) * c->w;
}

/*
 * An axis label: v in value units over scale (a power of ten) as an
 * exact decimal without trailing zeros, then suffix.
 */
static char *
dec_label(long long v, long long scale, const char *suffix, char *buf)
{
	unsigned long long u =
		v < 0 ? -(unsigned long long)v : (unsigned long long)v;
	unsigned long long q = u / (unsigned long long)scale,
			   r = u % (unsigned long long)scale;
	int n = snprintf(buf, 48, "%s%llu", v < 0 ? "\xe2\x88\x92" : "", q);

	if (v == 0)
		suffix = ""; /* 0, not 0k */

	if (r) {
		char frac[24] = "";
		int len = 0;

		/* the digits of r below scale, without trailing zeros */
		for (long long t = scale; t >= 10 && len < 20; t /= 10)
			len++;
		for (int i = len - 1; i >= 0; i--) {
			frac[i] = (char)('0' + r % 10);
			r /= 10;
		}
		while (len > 0 && frac[len - 1] == '0')
			len--;
		frac[len] = '\0';
		n += snprintf(buf + n, (size_t)(48 - n), ".%s", frac);
	}
	snprintf(buf + n, (size_t)(48 - n), "%s", suffix);
	return buf;
}

/* labels of a money axis: in currency units, "k" or "M" when large */
struct labeller {
	long long scale;
	const char *suffix;
};

static void
money_labeller(const struct chart *c, int digits, struct labeller *l)
{
	long long unit = 1, big = c->hi > -c->lo ? c->hi : -c->lo;

	for (int i = 0; i < digits; i++)
		unit *= 10;
	l->scale = unit;
	l->suffix = "";
	if (big / unit >= 1000000) {
		l->scale = unit * 1000000;
		l->suffix = "M";
	} else if (big / unit >= 10000) {
		l->scale = unit * 1000;
		l->suffix = "k";
	}
}

static int
text_len(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static void
svg_begin(struct chart *c, int height, const char *id, const char *title)
{
	fprintf(c->fp,
		"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
		"viewBox=\"0 0 %d %d\" width=\"100%%\" role=\"img\" "
		"aria-labelledby=\"%s-t\" font-size=\"14\">\n"
		"<title id=\"%s-t\">",
		VW, height, id, id);
	put(c->fp, title);
	fputs("</title>\n", c->fp);
}

static void
svg_end(struct chart *c)
{
	fputs("</svg>\n", c->fp);
}

/* horizontal grid lines and labels of a vertical value axis */
static void
y_grid(struct chart *c, const struct labeller *l)
{
	char b[48];

	for (long long v = c->lo; v <= c->hi; v += c->step) {
		double y = vy(c, v);

		fprintf(c->fp,
			"<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" "
			"stroke=\"%s\" "
			"stroke-width=\"1\"/>\n",
			D(c, c->x0), D(c, y), D(c, c->x0 + c->w), D(c, y),
			v == 0 ? "#9ca3af" : "#e5e7eb");
		fprintf(c->fp,
			"<text x=\"%s\" y=\"%s\" text-anchor=\"end\" "
			"fill=\"#6b7280\">%s</text>\n",
			D(c, c->x0 - 6), D(c, y + 5),
			dec_label(v, l->scale, l->suffix, b));
		if (c->hi - v < c->step)
			break;
	}
}

static void
legend(struct chart *c, double x, double y, const char *const *names,
       const char *const *colors, int n)
{
	for (int i = 0; i < n; i++) {
		fprintf(c->fp,
			"<rect x=\"%s\" y=\"%s\" width=\"12\" height=\"12\" "
			"rx=\"2\" fill=\"%s\"/>\n"
			"<text x=\"%s\" y=\"%s\" fill=\"#374151\">",
			D(c, x), D(c, y - 10), colors[i], D(c, x + 17),
			D(c, y));
		put(c->fp, names[i]);
		fputs("</text>\n", c->fp);
		x += 17 + CHAR_W * text_len(names[i]) + 18;
	}
}

/*
 * Two series per month as grouped bars: v[0] drawn first (left, e.g. last
 * year), v[1] second; n[s] months of series s are drawn.
 */
static void
month_bars(FILE *fp, const char *id, const char *title, long long v[2][12],
	   const int n[2], const char *const names[2],
	   const char *const colors[2], int money, int digits,
	   const char *year[2], int second_first)
{
	struct chart c = {.fp = fp};
	struct labeller l = {1, ""};
	long long lo = 0, hi = 0;
	int maxlab = 1, height = 250;
	char b[48], m[CRM_MONEY_BUFSZ];
	const char *order_names[2] = {names[second_first],
				      names[!second_first]};
	const char *order_colors[2] = {colors[second_first],
				       colors[!second_first]};

	for (int s = 0; s < 2; s++)
		for (int i = 0; i < n[s]; i++) {
			lo = v[s][i] < lo ? v[s][i] : lo;
			hi = v[s][i] > hi ? v[s][i] : hi;
		}
	nice_axis(&c, lo, hi, 5);
	if (money)
		money_labeller(&c, digits, &l);
	for (long long t = c.lo; t <= c.hi; t += c.step) {
		int k = text_len(dec_label(t, l.scale, l.suffix, b));

		maxlab = k > maxlab ? k : maxlab;
		if (c.hi - t < c.step)
			break;
	}
	c.x0 = 14 + CHAR_W * maxlab;
	c.y0 = 34;
	c.w = VW - c.x0 - 6;
	c.h = height - c.y0 - 26;
	svg_begin(&c, height, id, title);
	legend(&c, c.x0, 16, order_names, order_colors, 2);
	y_grid(&c, &l);
	for (int i = 0; i < 12; i++) {
		double slot = c.w / 12, bw = slot * 0.34;
		double x = c.x0 + slot * i + slot * 0.14;

		for (int s = 0; s < 2; s++) {
			double y1, y2;

			if (i >= n[s] || v[s][i] == 0)
				continue;
			y1 = vy(&c, v[s][i]);
			y2 = vy(&c, 0);
			fprintf(fp,
				"<rect x=\"%s\" y=\"%s\" width=\"%s\" "
				"height=\"%s\" fill=\"%s\">"
				"<title>%s %s %s: ",
				D(&c, x + s * (bw + 1)),
				D(&c, y1 < y2 ? y1 : y2), D(&c, bw),
				D(&c, fabs(y2 - y1)), colors[s], month_abbr[i],
				year[s], names[s]);
			if (money)
				fputs(crm_money_format((crm_money)v[s][i],
						       digits, m),
				      fp);
			else
				fprintf(fp, "%lld", v[s][i]);
			fputs("</title></rect>\n", fp);
		}
		fprintf(fp,
			"<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" "
			"fill=\"#6b7280\">%s</text>\n",
			D(&c, c.x0 + slot * (i + 0.5)), D(&c, c.y0 + c.h + 18),
			month_abbr[i]);
	}
	svg_end(&c);
}

/* (1) net revenue per month, this year against last year */
static void
chart_months(const struct crm_report *r, FILE *fp)
{
	long long v[2][12];
	int n[2] = {12, 0}, y, m, d, any = 0;
	char ys[2][16], title[96];
	const char *names[2], *colors[2] = {"#c7d2e0", "#2563eb"};
	const char *year[2];

	crm_day_to_ymd(r->as_of, &y, &m, &d);
	n[1] = m;
	for (int i = 0; i < 12; i++) {
		v[0][i] = r->month_net[0][i];
		v[1][i] = r->month_net[1][i];
		any |= v[0][i] != 0 || (i < m && v[1][i] != 0);
	}
	fputs("<figure>\n<figcaption>Net revenue per month</figcaption>\n", fp);
	if (!any) {
		nodata(fp, "No sales this year or last.");
	} else {
		snprintf(ys[0], sizeof ys[0], "%d", crm_report_year(r) - 1);
		snprintf(ys[1], sizeof ys[1], "%d", crm_report_year(r));
		names[0] = year[0] = ys[0];
		names[1] = year[1] = ys[1];
		snprintf(title, sizeof title,
			 "Net revenue per month, %d against %d", crm_report_year(r),
			 crm_report_year(r) - 1);
		month_bars(fp, "c-months", title, v, n, names, colors, 1,
			   r->digits, year, 1);
	}
	fputs("</figure>\n", fp);
}

/* (4) lapsed and lost customers per month this year */
static void
chart_churn(const struct crm_report *r, FILE *fp)
{
	long long v[2][12];
	int n[2], y, m, d, any = 0;
	const char *names[2] = {"lapsed", "lost"};
	const char *colors[2] = {"#f59e0b", "#dc2626"};
	char ys[16], title[96];
	const char *year[2] = {ys, ys};

	crm_day_to_ymd(r->as_of, &y, &m, &d);
	n[0] = n[1] = m;
	for (int i = 0; i < 12; i++) {
		v[0][i] = r->lapsed_month[i];
		v[1][i] = r->lost_month[i];
		any |= i < m && (v[0][i] != 0 || v[1][i] != 0);
	}
	fputs("<figure>\n<figcaption>Lapsed and lost customers per "
	      "month</figcaption>\n",
	      fp);
	if (!any) {
		nodata(fp, "No customers lapsed or were lost this year.");
	} else {
		snprintf(ys, sizeof ys, "%d", crm_report_year(r));
		snprintf(title, sizeof title,
			 "Customers lapsed and lost per month in %d",
			 crm_report_year(r));
		month_bars(fp, "c-churn", title, v, n, names, colors, 0, 0,
			   year, 0);
	}
	fputs("</figure>\n", fp);
}

/* (2) profit by category this year, horizontal bars */
#define CAT_ROWS 12

static void
chart_categories(const struct crm_report *r, FILE *fp)
{
	struct chart c = {.fp = fp};
	struct labeller l;
	size_t rows = r->ncategories, shown;
	long long lo = 0, hi = 0, rest = 0, v[CAT_ROWS];
	int any = 0, height;
	char b[48], m[CRM_MONEY_BUFSZ], title[64];
	const double row = 28;
	int namew = 6, valw = 4;

	for (size_t i = 0; i < rows; i++)
		any |= r->categories[i].profit != 0;
	fputs("<figure>\n<figcaption>Profit by category this "
	      "year</figcaption>\n",
	      fp);
	if (!any) {
		nodata(fp, r->ncategories ? "No profit recorded this year."
					  : "No categories.");
		fputs("</figure>\n", fp);
		return;
	}
	/* at most CAT_ROWS rows: the last sums the rest */
	shown = rows <= CAT_ROWS ? rows : CAT_ROWS - 1;
	for (size_t i = 0; i < shown; i++)
		v[i] = r->categories[i].profit;
	for (size_t i = shown; i < rows; i++)
		rest += r->categories[i].profit;
	if (rows > shown)
		v[shown] = rest;
	for (size_t i = 0; i < (rows > shown ? shown + 1 : shown); i++) {
		lo = v[i] < lo ? v[i] : lo;
		hi = v[i] > hi ? v[i] : hi;
	}
	nice_axis(&c, lo, hi, 4);
	money_labeller(&c, r->digits, &l);
	if (rows > shown)
		shown++;
	/* the names, then their profit, then the bars */
	for (size_t i = 0; i < shown; i++) {
		int k = i < r->ncategories &&
					!(i == CAT_ROWS - 1 && rows > CAT_ROWS)
				? text_len(r->categories[i].name
						   ? r->categories[i].name
						   : "")
				: 10;

		namew = k > namew ? k : namew;
		k = text_len(crm_money_format((crm_money)v[i], r->digits, m));
		valw = k > valw ? k : valw;
	}
	namew = namew > 16 ? 16 : namew;
	c.x0 = 4 + CHAR_W * (namew + valw) + 24;
	if (c.x0 > VW - 160)
		c.x0 = VW - 160;
	c.y0 = 6;
	c.w = VW - c.x0 - 16;
	c.h = row * (double)shown;
	height = (int)(c.y0 + c.h + 26);
	snprintf(title, sizeof title, "Profit by category in %d",
		 crm_report_year(r));
	svg_begin(&c, height, "c-cats", title);
	/* vertical grid */
	for (long long t = c.lo; t <= c.hi; t += c.step) {
		double x = vx(&c, t);

		fprintf(fp,
			"<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" "
			"stroke=\"%s\"/>\n"
			"<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" "
			"fill=\"#6b7280\">%s</text>\n",
			D(&c, x), D(&c, c.y0), D(&c, x), D(&c, c.y0 + c.h),
			t == 0 ? "#9ca3af" : "#e5e7eb", D(&c, x),
			D(&c, c.y0 + c.h + 18),
			dec_label(t, l.scale, l.suffix, b));
		if (c.hi - t < c.step)
			break;
	}
	for (size_t i = 0; i < shown; i++) {
		double y = c.y0 + row * (double)i, x1 = vx(&c, v[i]),
		       x2 = vx(&c, 0);
		int others = i == CAT_ROWS - 1 && rows > CAT_ROWS;

		fprintf(fp, "<text x=\"4\" y=\"%s\" fill=\"#1f2937\">",
			D(&c, y + 18));
		if (others)
			fprintf(fp, "%zu others", rows - (CAT_ROWS - 1));
		else
			esc(fp, r->categories[i].name, ESC_LINE, 16);
		fprintf(fp,
			"</text>\n<text x=\"%s\" y=\"%s\" text-anchor=\"end\" "
			"fill=\"#374151\">%s</text>\n",
			D(&c, c.x0 - 12), D(&c, y + 18),
			crm_money_format((crm_money)v[i], r->digits, m));
		if (v[i] != 0)
			fprintf(fp,
				"<rect x=\"%s\" y=\"%s\" width=\"%s\" "
				"height=\"%s\" rx=\"2\" "
				"fill=\"%s\"/>\n",
				D(&c, x1 < x2 ? x1 : x2), D(&c, y + 6),
				D(&c, fabs(x2 - x1)), D(&c, row - 12),
				v[i] < 0 ? "#dc2626" : "#0d9488");
	}
	svg_end(&c);
	fputs("</figure>\n", fp);
}

/* (3) the cumulative share held by the top customers */
static void
chart_curve(const struct crm_report *r, FILE *fp)
{
	struct chart c = {.fp = fp};
	char s[CRM_MONEY_BUFSZ];
	const int height = 270;
	double px, py, share;

	fputs("<figure>\n<figcaption>How much the top customers "
	      "hold</figcaption>\n",
	      fp);
	if (r->ranked <= 0 || r->year_net <= 0) {
		nodata(fp, "No customers with net revenue this year.");
		fputs("</figure>\n", fp);
		return;
	}
	c.lo = 0;
	c.hi = 100;
	c.step = 20;
	c.x0 = 50;
	c.y0 = 12;
	c.w = VW - c.x0 - 20;
	c.h = height - c.y0 - 46;
	svg_begin(&c, height, "c-curve",
		  "Share of net revenue held by the top customers this year");
	for (int t = 0; t <= 100; t += 20) {
		fprintf(fp,
			"<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" "
			"stroke=\"#e5e7eb\"/>\n"
			"<text x=\"%s\" y=\"%s\" text-anchor=\"end\" "
			"fill=\"#6b7280\">%d%%</text>\n"
			"<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" "
			"stroke=\"#e5e7eb\"/>\n"
			"<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" "
			"fill=\"#6b7280\">%d%%</text>\n",
			D(&c, c.x0), D(&c, vy(&c, t)), D(&c, c.x0 + c.w),
			D(&c, vy(&c, t)), D(&c, c.x0 - 6),
			D(&c, vy(&c, t) + 4.5), t, D(&c, vx(&c, t)),
			D(&c, c.y0), D(&c, vx(&c, t)), D(&c, c.y0 + c.h),
			D(&c, vx(&c, t)), D(&c, c.y0 + c.h + 18), t);
	}
	fprintf(fp,
		"<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" "
		"fill=\"#374151\">"
		"top customers, by net revenue</text>\n",
		D(&c, c.x0 + c.w / 2), D(&c, (double)height - 6));
	/* the diagonal: every customer alike */
	fprintf(fp,
		"<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" "
		"stroke=\"#9ca3af\" "
		"stroke-dasharray=\"5 4\"/>\n",
		D(&c, vx(&c, 0)), D(&c, vy(&c, 0)), D(&c, vx(&c, 100)),
		D(&c, vy(&c, 100)));
	/* the area under the curve, then the curve */
	fprintf(fp, "<path fill=\"#2563eb\" fill-opacity=\"0.10\" d=\"M%s %s",
		D(&c, vx(&c, 0)), D(&c, vy(&c, 0)));
	for (int i = 0; i <= 20; i++) {
		double v = isfinite(r->curve[i]) ? r->curve[i] : 0;

		v = v < 0 ? 0 : v > 100 ? 100 : v;
		fprintf(fp, " L%s %s", D(&c, c.x0 + c.w * i / 20.0),
			D(&c, c.y0 + c.h - c.h * v / 100));
	}
	fprintf(fp,
		" L%s %s Z\"/>\n<polyline fill=\"none\" stroke=\"#2563eb\" "
		"stroke-width=\"2.5\" stroke-linejoin=\"round\" points=\"",
		D(&c, vx(&c, 100)), D(&c, vy(&c, 0)));
	for (int i = 0; i <= 20; i++) {
		double v = isfinite(r->curve[i]) ? r->curve[i] : 0;

		v = v < 0 ? 0 : v > 100 ? 100 : v;
		fprintf(fp, "%s%s,%s", i ? " " : "",
			D(&c, c.x0 + c.w * i / 20.0),
			D(&c, c.y0 + c.h - c.h * v / 100));
	}
	fputs("\"/>\n", fp);
	/* the top percent: its exact share */
	share = 100.0 * (double)r->top_value / (double)r->year_net;
	share = share < 0 ? 0 : share > 100 ? 100 : share;
	px = c.x0 + c.w * r->top_percent / 100.0;
	py = c.y0 + c.h - c.h * share / 100;
	fprintf(fp,
		"<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" "
		"stroke=\"#1e3a8a\" "
		"stroke-dasharray=\"2 3\"/>\n"
		"<circle cx=\"%s\" cy=\"%s\" r=\"4.5\" fill=\"#1e3a8a\"/>\n"
		"<text x=\"%s\" y=\"%s\" fill=\"#1e3a8a\" "
		"font-weight=\"600\"%s>"
		"top %d%%: %s%%</text>\n",
		D(&c, px), D(&c, c.y0 + c.h), D(&c, px), D(&c, py), D(&c, px),
		D(&c, py), D(&c, px + (r->top_percent > 60 ? -10 : 10)),
		D(&c, py + (share > 15 ? 20 : -10)),
		r->top_percent > 60 ? " text-anchor=\"end\"" : "",
		r->top_percent, crm_tenths_format(r->top_share_tenths, s));
	svg_end(&c);
	fputs("</figure>\n", fp);
}

/* (5) survey scores 1..5 this year */
static void
chart_scores(const struct crm_report *r, FILE *fp)
{
	static const char *const colors[5] = {"#dc2626", "#f97316", "#eab308",
					      "#84cc16", "#16a34a"};
	struct chart c = {.fp = fp};
	struct labeller l = {1, ""};
	long long total = r->surveys, hi = 0;
	const int height = 220;
	char title[96], mean[CRM_MONEY_BUFSZ];

	for (int i = 0; i < 5; i++)
		hi = r->scores[i] > hi ? r->scores[i] : hi;
	if (total <= 0) {
		fputs("<figure>\n<figcaption>Survey scores</figcaption>\n", fp);
		nodata(fp, "No survey scores this year.");
		fputs("</figure>\n", fp);
		return;
	}
	fprintf(fp,
		"<figure>\n<figcaption>Survey scores this year <span "
		"class=\"muted\">"
		"\xc2\xb7 %lld %s, mean %s of 5</span></figcaption>\n",
		total, plural(total, "survey", "surveys"),
		crm_tenths_format(r->survey_tenths, mean));
	nice_axis(&c, 0, hi, 4);
	{
		char b[48];
		int k = text_len(dec_label(c.hi, 1, "", b));

		c.x0 = 14 + CHAR_W * k;
	}
	c.y0 = 16;
	c.w = VW - c.x0 - 6;
	c.h = height - c.y0 - 40;
	snprintf(title, sizeof title,
		 "Survey scores in %d, from 1 (worst) to 5 (best)",
		 crm_report_year(r));
	svg_begin(&c, height, "c-scores", title);
	y_grid(&c, &l);
	for (int i = 0; i < 5; i++) {
		double slot = c.w / 5, x = c.x0 + slot * i + slot * 0.2;
		double y1 = vy(&c, r->scores[i]), y2 = vy(&c, 0);

		if (r->scores[i] > 0)
			fprintf(fp,
				"<rect x=\"%s\" y=\"%s\" width=\"%s\" "
				"height=\"%s\" rx=\"2\" "
				"fill=\"%s\"/>\n"
				"<text x=\"%s\" y=\"%s\" "
				"text-anchor=\"middle\" "
				"fill=\"#374151\">%lld</text>\n",
				D(&c, x), D(&c, y1), D(&c, slot * 0.6),
				D(&c, y2 - y1), colors[i],
				D(&c, x + slot * 0.3), D(&c, y1 - 5),
				r->scores[i]);
		fprintf(fp,
			"<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" "
			"fill=\"#374151\">%d</text>\n",
			D(&c, x + slot * 0.3), D(&c, c.y0 + c.h + 18), i + 1);
	}
	fprintf(fp,
		"<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" "
		"fill=\"#6b7280\">score</text>\n",
		D(&c, c.x0 + c.w / 2), D(&c, (double)height - 4));
	svg_end(&c);
	fputs("</figure>\n", fp);
}

/* ---- sections --------------------------------------------------------- */

static void
kpi(FILE *fp, const struct crm_report *r, const char *label,
    const struct crm_span *now, const struct crm_span *ly,
    const struct crm_change *ch)
{
	char m[CRM_MONEY_BUFSZ];
	long long n = now->purchases, n_ly = ly->purchases;

	fprintf(fp,
		"<div class=\"kpi\"><div class=\"k-label\">%s</div>"
		"<div class=\"k-value\">%s ",
		label, crm_money_format(now->net, r->digits, m));
	change(fp, ch);
	fprintf(fp,
		"</div><div class=\"k-sub\">%lld %s \xc2\xb7 last year %s from "
		"%lld</div>"
		"</div>\n",
		n, plural(n, "purchase", "purchases"),
		crm_money_format(ly->net, r->digits, m), n_ly);
}

static void
sec_sales(const struct crm_report *r, FILE *fp)
{
	const struct crm_span *y = &r->year_to_date, *y_ly = &r->year_to_date_ly;
	char a[CRM_DATE_BUFSZ], label[96];

	fputs("<h2>Sales</h2>\n", fp);
	if (!y->purchases && !y->net && !y_ly->purchases && !y_ly->net) {
		nodata(fp, "No sales yet this year, nor in the same days last "
			   "year.");
	} else {
		if (!y->purchases && !y->net)
			nodata(fp, "No sales yet this year.");
		fputs("<div class=\"kpis\">\n", fp);
		snprintf(label, sizeof label, "Yesterday \xc2\xb7 %s",
			 crm_date_format(r->as_of - 1, a));
		kpi(fp, r, label, &r->yesterday, &r->yesterday_ly,
		    &r->yesterday_change);
		snprintf(label, sizeof label, "Month to date \xc2\xb7 %s",
			 crm_period_key(CRM_PERIOD_MONTH, r->as_of, a));
		kpi(fp, r, label, &r->month, &r->month_ly, &r->month_change);
		snprintf(label, sizeof label, "Year to date \xc2\xb7 %d",
			 crm_report_year(r));
		kpi(fp, r, label, y, y_ly, &r->year_to_date_change);
		fputs("</div>\n", fp);
	}
	chart_months(r, fp);
}

/* a table's head: numeric[i] is n for a number, o for a number hidden on
 * a phone, c for a text hidden on a phone, t for a text */
static void
table_begin(FILE *fp, const char *const *heads, const char *numeric)
{
	fputs("<div class=\"scroll\"><table>\n<thead><tr>", fp);
	for (int i = 0; heads[i]; i++)
		fprintf(fp, "<th%s>%s</th>",
			numeric[i] == 'n'   ? " class=\"num\""
			: numeric[i] == 'o' ? " class=\"num opt\""
			: numeric[i] == 'c' ? " class=\"opt\""
					    : "",
			heads[i]);
	fputs("</tr></thead>\n<tbody>\n", fp);
}

static void
table_end(FILE *fp)
{
	fputs("</tbody>\n</table></div>\n", fp);
}

static void
td_text(FILE *fp, const char *s, const char *none)
{
	if (s) {
		fputs("<td>", fp);
		put(fp, s);
		fputs("</td>", fp);
	} else
		fprintf(fp, "<td class=\"muted\">%s</td>", none);
}

static void
counts_chips(FILE *fp, const char *lead, const struct crm_rep_counts *c,
	     const char *none)
{
	if (!c->n)
		return;
	fprintf(fp, "<p class=\"chips\"><span class=\"muted\">%s</span> ",
		lead);
	for (size_t i = 0; i < c->n; i++) {
		fputs("<span class=\"chip\">", fp);
		if (c->v[i].key)
			put(fp, c->v[i].key);
		else
			fprintf(fp, "<i>%s</i>", none);
		fprintf(fp, " <b>%lld</b></span> ", c->v[i].n);
	}
	fputs("</p>\n", fp);
}

static void
sec_customers(const struct crm_report *r, FILE *fp)
{
	static const char *const heads[] = {"ID", "Name", "Source", "Created",
					    NULL};
	const struct crm_rep_list *c = &r->new_customers;
	char a[CRM_DATE_BUFSZ], cmd[96];

	fputs("<h2>New customers</h2>\n", fp);
	crm_date_format(r->since, a);
	if (c->total <= 0) {
		fprintf(fp,
			"<p class=\"nodata\">No new customers since %s.</p>\n",
			a);
		return;
	}
	fprintf(fp, "<p><strong>%lld</strong> new %s since %s.</p>\n", c->total,
		plural(c->total, "customer", "customers"), a);
	counts_chips(fp, "By source:", &r->new_by_source, "no source");
	if (c->n) {
		table_begin(fp, heads, "ntt-");
		for (size_t i = 0; i < c->n; i++) {
			fprintf(fp, "<tr><td class=\"num\">%lld</td>",
				c->v[i].id);
			td_text(fp, c->v[i].name, "");
			td_text(fp, c->v[i].text, "none");
			fprintf(fp, "<td class=\"date\">%s</td></tr>\n",
				crm_date_format(c->v[i].day, a));
		}
		table_end(fp);
	}
	snprintf(cmd, sizeof cmd, "crm-ls --created-from %s",
		 crm_date_format(r->since + 1, a));
	more(fp, c->total, c->n, cmd);
}

static void
sec_categories(const struct crm_report *r, FILE *fp)
{
	static const char *const heads[] = {"Category", "Customers", "Buyers",
					    "Revenue",	"Profit",    "Share",
					    NULL};
	char m[CRM_MONEY_BUFSZ], s[CRM_MONEY_BUFSZ];
	int any = 0;

	fputs("<h2>Categories</h2>\n", fp);
	for (size_t i = 0; i < r->ncategories; i++)
		any |= r->categories[i].revenue != 0 ||
		       r->categories[i].profit != 0;
	if (!r->ncategories) {
		nodata(fp, "No categories.");
		return;
	}
	if (!any) {
		nodata(fp, "No sales yet this year.");
		return;
	}
	if (!r->year_costed) {
		fputs("<p>No sale this year has a cost: ranked by net, best "
		      "<strong>", fp);
		put(fp, r->categories[0].name);
		fprintf(fp, "</strong>, net %s.</p>\n",
			crm_money_format(r->categories[0].net, r->digits, m));
	} else {
		fputs("<p>Most profitable this year: <strong>", fp);
		put(fp, r->categories[0].name);
		fprintf(fp, "</strong>, profit %s",
			crm_money_format(r->categories[0].profit, r->digits,
					 m));
		if (r->year_profit > 0)
			fprintf(fp, ", %s%% of all profit",
				crm_tenths_format(r->categories[0].share_tenths,
						  s));
		fputs(".</p>\n", fp);
	}
	if (r->year_uncosted && r->year_costed)
		fprintf(fp, "<p>Net without a cost, in no profit: %s.</p>\n",
			crm_money_format(r->year_uncosted, r->digits, m));
	if (r->views_differ) {
		fputs("<p>Profit by category now (each sale in the customer's "
		      "category now):", fp);
		for (size_t i = 0; i < r->ncategories; i++) {
			fputs(i ? ", " : " ", fp);
			put(fp, r->categories[i].name);
			fprintf(fp, " %s",
				crm_money_format(r->categories[i].profit_now,
						 r->digits, m));
		}
		fputs(".</p>\n", fp);
	}
	table_begin(fp, heads, "toonnn");
	for (size_t i = 0; i < r->ncategories; i++) {
		const struct crm_rep_category *c = &r->categories[i];

		fputs("<tr>", fp);
		td_text(fp, c->name, "");
		fprintf(fp,
			"<td class=\"num opt\">%lld</td><td class=\"num "
			"opt\">%lld</td>",
			c->customers, c->buyers);
		td_money(fp, c->revenue, r->digits);
		td_money(fp, c->profit, r->digits);
		if (r->year_profit > 0)
			fprintf(fp, "<td class=\"num\">%s%%</td>",
				crm_tenths_format(c->share_tenths, s));
		else
			fputs("<td class=\"num muted\">n/a</td>", fp);
		fputs("</tr>\n", fp);
	}
	fputs("<tr class=\"total\"><td>All</td><td class=\"opt\"></td>"
	      "<td class=\"opt\"></td><td></td>",
	      fp);
	td_money(fp, r->year_profit, r->digits);
	fputs("<td></td></tr>\n", fp);
	table_end(fp);
	chart_categories(r, fp);
}

static void
sec_top(const struct crm_report *r, FILE *fp)
{
	char s[CRM_MONEY_BUFSZ], a[CRM_MONEY_BUFSZ], b[CRM_MONEY_BUFSZ],
		cmd[64];

	fputs("<h2>Top customers</h2>\n", fp);
	if (r->ranked > 0 && r->year_net > 0) {
		fprintf(fp,
			"<p class=\"lead\">Top %d%% (%lld %s) %s "
			"<strong>%s%%</strong> of "
			"net revenue this year.</p>\n",
			r->top_percent, r->top_n,
			plural(r->top_n, "customer", "customers"),
			r->top_n == 1 ? "holds" : "hold",
			crm_tenths_format(r->top_share_tenths, s));
		fprintf(fp,
			"<p>%s of %s net, among %lld %s with net revenue this "
			"year.</p>\n",
			crm_money_format(r->top_value, r->digits, a),
			crm_money_format(r->year_net, r->digits, b), r->ranked,
			plural(r->ranked, "customer", "customers"));
		snprintf(cmd, sizeof cmd, "crm-top --percent %d --period year",
			 r->top_percent);
		hint(fp, "List them:", cmd);
	}
	chart_curve(r, fp);
}

/* id, name, then cells by kind: t text (T: hidden on a phone), m money,
 * d day */
static void
customer_rows(FILE *fp, const struct crm_report *r,
	      const struct crm_rep_list *c, const char *kinds, const char *none)
{
	char a[CRM_DATE_BUFSZ];

	for (size_t i = 0; i < c->n; i++) {
		fprintf(fp, "<tr><td class=\"num\">%lld</td>", c->v[i].id);
		td_text(fp, c->v[i].name, "");
		for (const char *k = kinds; *k; k++)
			if (*k == 't')
				td_text(fp, c->v[i].text, none);
			else if (*k == 'T' && c->v[i].text) {
				fputs("<td class=\"opt\">", fp);
				put(fp, c->v[i].text);
				fputs("</td>", fp);
			} else if (*k == 'T')
				fputs("<td class=\"opt\"></td>", fp);
			else if (*k == 'm')
				td_money(fp, c->v[i].value, r->digits);
			else
				fprintf(fp, "<td class=\"date\">%s</td>",
					crm_date_format(c->v[i].day, a));
		fputs("</tr>\n", fp);
	}
}

static void
sec_lapsed(const struct crm_report *r, FILE *fp, int churn_chart)
{
	static const char *const heads[] = {"ID",  "Name",	    "Category",
					    "Net", "Last purchase", NULL};
	char a[CRM_DATE_BUFSZ], cmd[64];

	fputs("<h2>Lapsed</h2>\n", fp);
	if (r->lapsed.total <= 0) {
		fprintf(fp,
			"<p class=\"nodata\">No customers newly lapsed since "
			"%s (%d days "
			"without a purchase).</p>\n",
			crm_date_format(r->since, a), r->lapsed_days);
	} else {
		fprintf(fp,
			"<p><strong>%lld</strong> %s newly lapsed: no purchase "
			"for %d days."
			"%s</p>\n",
			r->lapsed.total,
			plural(r->lapsed.total, "customer", "customers"),
			r->lapsed_days,
			r->lapsed.n
				? " The most valuable first (net of all time):"
				: "");
		if (r->lapsed.n) {
			table_begin(fp, heads, "ntcnt");
			customer_rows(fp, r, &r->lapsed, "Tmd", "");
			table_end(fp);
		}
		snprintf(cmd, sizeof cmd, "crm-lapsed --days %d",
			 r->lapsed_days);
		more(fp, r->lapsed.total, r->lapsed.n, cmd);
	}
	if (churn_chart)
		chart_churn(r, fp);
}

static void
sec_lost(const struct crm_report *r, FILE *fp, int churn_chart)
{
	static const char *const rheads[] = {"Reason", "Customers", "Net",
					     NULL};
	static const char *const heads[] = {"ID", "Name", "Lost", "Reason",
					    NULL};
	char a[CRM_DATE_BUFSZ];

	fputs("<h2>Lost</h2>\n", fp);
	crm_date_format(r->since, a);
	if (r->lost.total <= 0) {
		fprintf(fp,
			"<p class=\"nodata\">No customers lost since %s.</p>\n",
			a);
	} else {
		fprintf(fp, "<p><strong>%lld</strong> %s lost since %s.</p>\n",
			r->lost.total,
			plural(r->lost.total, "customer", "customers"), a);
		if (r->lost_reasons.n) {
			table_begin(fp, rheads, "tnn");
			for (size_t i = 0; i < r->lost_reasons.n; i++) {
				const struct crm_rep_count *c =
					&r->lost_reasons.v[i];

				fputs("<tr>", fp);
				td_text(fp, c->key, "no reason given");
				fprintf(fp, "<td class=\"num\">%lld</td>",
					c->n);
				td_money(fp, c->value, r->digits);
				fputs("</tr>\n", fp);
			}
			table_end(fp);
		}
		if (r->lost.n) {
			table_begin(fp, heads, "nttt");
			customer_rows(fp, r, &r->lost, "dt", "no reason given");
			table_end(fp);
		}
		more(fp, r->lost.total, r->lost.n, "crm-ls --status lost");
	}
	if (churn_chart)
		chart_churn(r, fp);
}

static void
sec_referrals(const struct crm_report *r, FILE *fp)
{
	static const char *const heads[] = {"ID", "Name", "Unthanked referrals",
					    NULL};
	const struct crm_rep_list *c = &r->unthanked;

	fputs("<h2>Referrals</h2>\n", fp);
	if (c->total <= 0) {
		nodata(fp, "No referrers waiting to be thanked.");
		return;
	}
	fprintf(fp,
		"<p><strong>%lld</strong> %s brought customers and %s not been "
		"thanked.</p>\n",
		c->total, plural(c->total, "referrer", "referrers"),
		c->total == 1 ? "has" : "have");
	if (c->n) {
		table_begin(fp, heads, "ntn");
		for (size_t i = 0; i < c->n; i++) {
			fprintf(fp, "<tr><td class=\"num\">%lld</td>",
				c->v[i].id);
			td_text(fp, c->v[i].name, "");
			fprintf(fp, "<td class=\"num\">%lld</td></tr>\n",
				(long long)c->v[i].value);
		}
		table_end(fp);
	}
	more(fp, c->total, c->n, "crm-referrals --unthanked");
	hint(fp,
	     "Thank them:", "crm-referrals --unthanked | crm-thank --how gift");
}

static void
sec_complaints(const struct crm_report *r, FILE *fp)
{
	char a[CRM_DATE_BUFSZ];

	fputs("<h2>Complaints</h2>\n", fp);
	if (r->open_complaints <= 0 && !r->ncomplaints) {
		nodata(fp, "No open complaints.");
	} else {
		long long open = r->open_complaints > (long long)r->ncomplaints
					 ? r->open_complaints
					 : (long long)r->ncomplaints;

		fprintf(fp,
			"<p><strong>%lld</strong> open %s, oldest first.</p>\n",
			open, plural(open, "complaint", "complaints"));
		fputs("<ul class=\"complaints\">\n", fp);
		for (size_t i = 0; i < r->ncomplaints; i++) {
			const struct crm_rep_complaint *c = &r->complaints[i];

			fprintf(fp,
				"<li><div class=\"c-head\"><span "
				"class=\"tag\">note "
				"%lld</span> <strong>",
				c->note);
			put(fp, c->name);
			fprintf(fp,
				"</strong> <span class=\"muted\">id %lld "
				"\xc2\xb7 opened %s "
				"\xc2\xb7 %lld %s</span></div>",
				c->id, crm_date_format(c->day, a), c->age_days,
				plural(c->age_days, "day", "days"));
			if (c->text && *c->text) {
				fputs("<div class=\"c-text\">", fp);
				esc(fp, c->text, ESC_LINES, 0);
				fputs("</div>", fp);
			}
			fputs("</li>\n", fp);
		}
		fputs("</ul>\n", fp);
		more(fp, open, r->ncomplaints, "crm-note --open");
		hint(fp, "Resolve one:", "crm-note --resolve NOTE");
	}
	chart_scores(r, fp);
}

static void
sec_bonus(const struct crm_report *r, FILE *fp)
{
	static const char *const names[3] = {"Issued", "Redeemed", "Reversed"};
	crm_money v[3] = {r->bonus_issued, r->bonus_redeemed,
			  r->bonus_reversed};
	char a[CRM_DATE_BUFSZ], m[CRM_MONEY_BUFSZ];

	fputs("<h2>Bonus</h2>\n", fp);
	crm_date_format(r->since, a);
	if (!v[0] && !v[1] && !v[2]) {
		fprintf(fp,
			"<p class=\"nodata\">No bonus issued, redeemed or "
			"reversed "
			"since %s.</p>\n",
			a);
		return;
	}
	fprintf(fp, "<p>Since %s:</p>\n<div class=\"kpis three\">\n", a);
	for (int i = 0; i < 3; i++)
		fprintf(fp,
			"<div class=\"kpi\"><div class=\"k-label\">%s</div>"
			"<div class=\"k-value\">%s</div></div>\n",
			names[i], crm_money_format(v[i], r->digits, m));
	fputs("</div>\n", fp);
}

static void
sec_segments(const struct crm_report *r, FILE *fp)
{
	static const char *const heads[] = {"RFM segment", "Customers", "Share",
					    "Net", NULL};
	long long total = r->segment_customers;
	char s[CRM_MONEY_BUFSZ];

	fputs("<h2>Segments</h2>\n", fp);
	if (total <= 0) {
		nodata(fp, "No customers with purchases to segment.");
		return;
	}
	table_begin(fp, heads, "tnnn");
	for (size_t i = 0; i < r->segments.n; i++) {
		const struct crm_rep_count *c = &r->segments.v[i];

		fputs("<tr>", fp);
		td_text(fp, c->key, "none");
		crm_tenths_format(c->share_tenths, s);
		fprintf(fp,
			"<td class=\"num\">%lld</td><td class=\"num\"><span "
			"class=\"bar\">"
			"<span style=\"width:%s%%\"></span></span><span "
			"class=\"pct\">%s%%</span></td>",
			c->n, s, s);
		td_money(fp, c->value, r->digits);
		fputs("</tr>\n", fp);
	}
	table_end(fp);
	hint(fp, "List a segment:", "crm-rfm --segment NAME");
}

/* only when a sale or note of the year names a staff member (report.c) */
static void
sec_staff(const struct crm_report *r, FILE *fp)
{
	static const char *const heads[] = {"Staff",   "Sales", "Revenue",
					    "Surveys", "Mean score",
					    "Complaints", "Praise", NULL};
	char mean[CRM_MONEY_BUFSZ];

	fputs("<h2>Staff</h2>\n<p>This year, per staff member who served "
	      "the customer.</p>\n", fp);
	table_begin(fp, heads, "tnnnnnn");
	for (size_t i = 0; i < r->nstaff; i++) {
		const struct crm_rep_staff *m = &r->staff[i];

		fputs("<tr>", fp);
		td_text(fp, m->name, "none recorded");
		fprintf(fp, "<td class=\"num\">%lld</td>", m->sales);
		td_money(fp, m->revenue, r->digits);
		fprintf(fp, "<td class=\"num\">%lld</td><td class=\"num\">%s"
			"</td><td class=\"num\">%lld</td><td class=\"num\">"
			"%lld</td>",
			m->surveys,
			m->score_tenths < 0
				? "\xe2\x80\x93"
				: crm_tenths_format(m->score_tenths, mean),
			m->complaints, m->praise);
		fputs("</tr>\n", fp);
	}
	table_end(fp);
	hint(fp, "Per staff member:", "crm-note --summary --by staff");
}

/* ---- the page --------------------------------------------------------- */

static const char css[] =
	":root{color-scheme:light}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;background:#f3f4f6;color:#1f2937;"
	"font:15px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,"
	"\"Helvetica Neue\",Arial,sans-serif;-webkit-text-size-adjust:100%}\n"
	"main{max-width:880px;margin:0 auto;padding:12px 10px 28px}\n"
	"header{padding:10px 6px 14px}\n"
	"h1{font-size:1.45rem;line-height:1.25;margin:0 0 2px}\n"
	".meta{color:#6b7280;margin:0;font-size:.9rem}\n"
	"section{background:#fff;border:1px solid #e5e7eb;border-radius:10px;"
	"padding:14px 16px;margin:0 0 12px}\n"
	"h2{font-size:1.08rem;margin:0 0 8px;color:#111827}\n"
	"p{margin:6px 0}\n"
	".lead{font-size:1.05rem}\n"
	".muted{color:#6b7280}\n"
	".nodata{color:#6b7280;font-style:italic}\n"
	".more,.hint{color:#6b7280;font-size:.85rem}\n"
	"code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"
	"font-size:.85em;background:#f3f4f6;padding:1px "
	"5px;border-radius:4px}\n"
	".nowrap{white-space:nowrap}\n"
	".hint code,.more code{display:inline-block;white-space:nowrap;"
	"max-width:100%;overflow-x:auto;vertical-align:bottom}\n"
	".kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,"
	"1fr));"
	"gap:10px;margin:8px 0 12px}\n"
	".kpis.three{grid-template-columns:repeat(3,minmax(0,1fr))}\n"
	".kpi{border:1px solid #e5e7eb;border-radius:8px;padding:9px 12px;"
	"background:#f9fafb}\n"
	".k-label{font-size:.75rem;color:#6b7280;text-transform:uppercase;"
	"letter-spacing:.04em}\n"
	".k-value{font-size:1.35rem;font-weight:600;"
	"font-variant-numeric:tabular-nums;overflow-wrap:anywhere}\n"
	".k-value span{font-size:.9rem;margin-left:6px}\n"
	".k-sub{font-size:.82rem;color:#4b5563}\n"
	".up{color:#15803d;font-weight:600}\n"
	".down{color:#b91c1c;font-weight:600}\n"
	".flat{color:#6b7280}\n"
	".scroll{overflow-x:auto;margin:6px 0}\n"
	"table{border-collapse:collapse;width:100%;font-size:.88rem}\n"
	"th,td{padding:5px 8px;border-bottom:1px solid #eef0f3;text-align:left;"
	"vertical-align:top}\n"
	"th{font-weight:600;color:#6b7280;font-size:.72rem;text-transform:"
	"uppercase;"
	"letter-spacing:.04em;border-bottom-color:#e5e7eb}\n"
	"td{overflow-wrap:break-word}\n"
	".num{text-align:right;font-variant-numeric:tabular-nums;white-space:"
	"nowrap}\n"
	".date{white-space:nowrap;font-variant-numeric:tabular-nums}\n"
	"tr.total td{font-weight:600;border-bottom:none}\n"
	".bar{display:inline-block;width:60px;height:8px;background:#e5e7eb;"
	"border-radius:4px;margin-right:8px;vertical-align:middle;overflow:"
	"hidden}\n"
	".bar span{display:block;height:100%;background:#2563eb}\n"
	".pct{display:inline-block;min-width:3.6em;text-align:right}\n"
	".chips{line-height:2}\n"
	".chip{display:inline-block;background:#eef2ff;color:#1e3a8a;"
	"border-radius:999px;padding:0 10px;margin:0 4px 0 0;font-size:.85rem;"
	"line-height:1.7}\n"
	".complaints{list-style:none;margin:6px 0;padding:0}\n"
	".complaints li{border-left:3px solid #f59e0b;padding:4px 0 4px 10px;"
	"margin:0 0 8px}\n"
	".c-text{white-space:pre-line;color:#374151;overflow-wrap:anywhere}\n"
	".tag{font-size:.75rem;background:#fef3c7;color:#92400e;border-radius:"
	"4px;"
	"padding:1px 6px}\n"
	"figure{margin:14px 0 4px}\n"
	"figcaption{font-size:.85rem;font-weight:600;color:#374151;margin:0 0 "
	"4px}\n"
	"svg.chart{display:block;width:100%;height:auto;max-width:560px;"
	"margin:0 auto;font-family:inherit}\n"
	"footer{color:#9ca3af;font-size:.8rem;text-align:center;padding:8px}\n"
	"@media (max-width:480px){body{font-size:14px}section{padding:12px}"
	"th,td{padding:4px 5px}.opt{display:none}h1{font-size:1.3rem}"
	".kpi{padding:8px 10px}}\n"
	"@media print{\n"
	"@page{size:A4;margin:14mm}\n"
	"body{background:#fff;font-size:10pt;-webkit-print-color-adjust:exact;"
	"print-color-adjust:exact}\n"
	"main{max-width:none;padding:0}\n"
	"header{padding:0 0 8px}\n"
	"section{border:none;border-top:1px solid #d1d5db;border-radius:0;"
	"padding:8px 0;margin:0 0 6px}\n"
	"h2{break-after:avoid;page-break-after:avoid}\n"
	"figure,svg.chart,.kpis,tr,.complaints li{break-inside:avoid;"
	"page-break-inside:avoid}\n"
	"svg.chart{max-width:15cm}\n"
	".scroll{overflow:visible}\n"
	"footer{display:none}\n"
	"}\n";

int
crm_report_html(const struct crm_report *r, FILE *fp)
{
	char a[CRM_DATE_BUFSZ], b[CRM_DATE_BUFSZ];
	unsigned seen = 0;
	int churn_done = 0;

	errno = 0;
	crm_date_format(r->as_of, a);
	crm_date_format(r->since, b);
	fprintf(fp,
		"<!DOCTYPE html>\n"
		"<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\" "
		"xml:lang=\"en\">\n"
		"<head>\n"
		"<meta charset=\"utf-8\"/>\n"
		"<meta name=\"viewport\" content=\"width=device-width, "
		"initial-scale=1\"/>\n"
		"<meta name=\"generator\" content=\"crm-report (crm) %s\"/>\n"
		"<title>crm report for %s</title>\n"
		"<style>\n%s</style>\n"
		"</head>\n"
		"<body>\n<main>\n"
		"<header>\n<h1>Customer report <span class=\"nowrap\">for "
		"%s</span></h1>\n"
		"<p class=\"meta\">New since %s",
		CRM_VERSION, a, css, a, b);
	if (r->currency[0]) {
		fputs(" \xc2\xb7 amounts in ", fp);
		put(fp, r->currency);
	}
	fputs("</p>\n</header>\n", fp);
	for (int i = 0; i < r->nsections; i++) {
		int s = r->sections[i], churn = 0;

		if (s < 0 || s >= CRM_NSECTIONS || (seen & 1u << s))
			continue;
		seen |= 1u << s;
		if (s == CRM_SEC_STAFF && !r->nstaff)
			continue; /* no staff recorded: no section */
		if ((s == CRM_SEC_LAPSED || s == CRM_SEC_LOST) && !churn_done)
			churn = churn_done = 1;
		fprintf(fp, "<section id=\"%s\">\n", crm_section_names[s]);
		switch (s) {
		case CRM_SEC_SALES:
			sec_sales(r, fp);
			break;
		case CRM_SEC_CUSTOMERS:
			sec_customers(r, fp);
			break;
		case CRM_SEC_CATEGORIES:
			sec_categories(r, fp);
			break;
		case CRM_SEC_TOP:
			sec_top(r, fp);
			break;
		case CRM_SEC_LAPSED:
			sec_lapsed(r, fp, churn);
			break;
		case CRM_SEC_LOST:
			sec_lost(r, fp, churn);
			break;
		case CRM_SEC_REFERRALS:
			sec_referrals(r, fp);
			break;
		case CRM_SEC_COMPLAINTS:
			sec_complaints(r, fp);
			break;
		case CRM_SEC_BONUS:
			sec_bonus(r, fp);
			break;
		case CRM_SEC_SEGMENTS:
			sec_segments(r, fp);
			break;
		case CRM_SEC_STAFF:
			sec_staff(r, fp);
			break;
		}
		fputs("</section>\n", fp);
	}
	fprintf(fp,
		"<footer>crm-report (crm) %s \xc2\xb7 a customer's profile: "
		"<code>crm-show ID</code></footer>\n"
		"</main>\n</body>\n</html>\n",
		CRM_VERSION);
	if (fflush(fp) == EOF || ferror(fp)) {
		if (!errno)
			errno = EIO;
		return -1;
	}
	return 0;
}
