/*
 * report-text.c - the nightly report as plain text for an 80-column mail.
 *
 * Every line is at most 80 columns (of display width: an East Asian wide
 * character counts two, a combining mark none):
 * user text (names, sources, reasons, complaints) is shown with control
 * characters escaped (\t, \n, \r, \xHH; invalid UTF-8 as '?') and cut to
 * its column with "..."; a table line that still runs over, with an
 * enormous amount, loses padding until it fits.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

#define WIDTH 80
#define LINE_MAX_BYTES 2048

/* ---- user text -------------------------------------------------------- */


/* columns of text already made safe: its display width, East Asian wide
 * characters two, combining marks none (text.c), whatever the locale */
static int
cols(const char *s)
{
	return crm_display_width(s);
}

/* The next display token of s: its text in tok, its bytes in s. */
static size_t
token(const unsigned char *s, char tok[8])
{
	int k;

	if (*s == '\t' || *s == '\n' || *s == '\r') {
		snprintf(tok, 8, "\\%c",
			 *s == '\t'   ? 't'
			 : *s == '\n' ? 'n'
				      : 'r');
		return 1;
	}
	if (*s < 0x20 || *s == 0x7f) {
		snprintf(tok, 8, "\\x%02x", *s);
		return 1;
	}
	if (*s < 0x80) {
		tok[0] = (char)*s;
		tok[1] = '\0';
		return 1;
	}
	if ((k = crm_utf8_seq(s)) == 0) {
		strcpy(tok, "?");
		return 1;
	}
	memcpy(tok, s, (size_t)k);
	tok[k] = '\0';
	return (size_t)k;
}

/*
 * User text s made safe into out (size outsz), cut to at most width
 * columns with "..." (width <= 0: no limit but the buffer's).  NULL is
 * the empty string.  Returns out.
 */
static char *
clip(const char *s, int width, char *out, size_t outsz)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = 0, cut = 0;
	int c = 0, cutc = 0;
	char tok[8];

	out[0] = '\0';
	while (*p) {
		size_t len = token(p, tok), tl = strlen(tok);
		int tc = cols(tok);

		if ((width > 0 && c + tc > width) || n + tl + 4 > outsz) {
			/* back to where "..." fits */
			n = cut;
			c = cutc;
			out[n] = '\0';
			while (width > 0 && c + 3 > width && n > 0) {
				do
					n--;
				while (n > 0 &&
				       ((unsigned char)out[n] & 0xc0) == 0x80);
				out[n] = '\0';
				c = cols(out);
			}
			if (width <= 0 || c + 3 <= width)
				memcpy(out + n, "...", 4);
			else
				out[n] = '\0';
			return out;
		}
		memcpy(out + n, tok, tl);
		n += tl;
		c += tc;
		out[n] = '\0';
		if (width <= 0 || c + 3 <= width) {
			cut = n;
			cutc = c;
		}
		p += len;
	}
	return out;
}

/* ---- lines ------------------------------------------------------------ */

struct line {
	char b[LINE_MAX_BYTES];
	size_t n;
};

static void
l_init(struct line *l)
{
	l->n = 0;
	l->b[0] = '\0';
}

static void
l_add(struct line *l, const char *s)
{
	size_t k = strlen(s);

	if (k > sizeof l->b - 1 - l->n)
		k = sizeof l->b - 1 - l->n;
	memcpy(l->b + l->n, s, k);
	l->n += k;
	l->b[l->n] = '\0';
}

static void l_fmt(struct line *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void
l_fmt(struct line *l, const char *fmt, ...)
{
	char buf[LINE_MAX_BYTES];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	l_add(l, buf);
}

/* safe text s in a column of width columns; right-aligned when right */
static void
l_col(struct line *l, const char *s, int width, int right)
{
	int pad = width - cols(s);

	if (right && pad <= 0 && l->n && l->b[l->n - 1] != ' ')
		l_add(l, " "); /* an enormous number: still a blank before it */
	if (right)
		for (; pad > 0; pad--)
			l_add(l, " ");
	l_add(l, s);
	if (!right)
		for (; pad > 0; pad--)
			l_add(l, " ");
}

/* user text cut to a column of width */
static void
l_user(struct line *l, const char *s, int width)
{
	char buf[512];

	l_col(l, clip(s, width, buf, sizeof buf), width, 0);
}

static void
l_num(struct line *l, long long v, int width)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", v);
	l_col(l, buf, width, 1);
}

static void
l_money(struct line *l, crm_money v, int digits, int width)
{
	char buf[CRM_MONEY_BUFSZ];

	l_col(l, crm_money_format(v, digits, buf), width, 1);
}

/* the byte length of the leading blanks */
static size_t
indent_of(const char *s)
{
	size_t n = 0;

	while (s[n] == ' ')
		n++;
	return n;
}

/*
 * Write the line.  Trailing blanks go; while it is wider than the page,
 * the longest run of blanks after its indentation loses one (a table row
 * with an enormous amount); if that is not enough, it is broken at a
 * blank and continued on the next line, indented two more.
 */
static void
l_emit(struct line *l, FILE *fp)
{
	size_t ind = indent_of(l->b);

	while (l->n && l->b[l->n - 1] == ' ')
		l->b[--l->n] = '\0';
	while (cols(l->b) > WIDTH) {
		size_t best = 0, bestlen = 0, i = ind;

		while (i < l->n) {
			size_t j = i;

			while (j < l->n && l->b[j] == ' ')
				j++;
			if (j - i > bestlen && j - i >= 2) {
				best = i;
				bestlen = j - i;
			}
			i = j > i ? j : i + 1;
		}
		if (!bestlen)
			break;
		memmove(l->b + best, l->b + best + 1, l->n - best);
		l->n--;
	}
	while (cols(l->b) > WIDTH) {
		size_t i, brk = 0;
		int c = 0;
		struct line rest;

		/* the last blank within the page, after the indentation */
		for (i = 0; i < l->n && c <= WIDTH; i++) {
			if (l->b[i] == ' ' && i > ind)
				brk = i;
			c += ((unsigned char)l->b[i] & 0xc0) != 0x80;
		}
		if (!brk)
			break;
		l_init(&rest);
		for (size_t k = 0; k < ind + 2 && k < 40; k++)
			l_add(&rest, " ");
		l_add(&rest, l->b + brk + 1 + indent_of(l->b + brk + 1));
		while (brk > 0 && l->b[brk - 1] == ' ')
			brk--;
		l->b[brk] = '\0';
		fputs(l->b, fp);
		putc('\n', fp);
		*l = rest;
		ind = indent_of(l->b);
	}
	fputs(l->b, fp);
	putc('\n', fp);
	l_init(l);
}

static void say(FILE *fp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* one line of prose */
static void
say(FILE *fp, const char *fmt, ...)
{
	struct line l;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(l.b, sizeof l.b, fmt, ap);
	va_end(ap);
	l.n = strlen(l.b);
	l_emit(&l, fp);
}

/*
 * Items after lead, separated by ", ", wrapped under the lead's end, on
 * at most maxlines lines; what does not fit is "and N more".
 */
static void
wrap(FILE *fp, const char *lead, char **items, size_t n, int maxlines)
{
	struct line l;
	int indent = cols(lead), lines = 1;
	size_t i;
	char tail[48];

	l_init(&l);
	l_add(&l, lead);
	for (i = 0; i < n; i++) {
		int first = cols(l.b) == indent;
		int need = (first ? 0 : 2) + cols(items[i]);
		/* on the last line, room for ", and N more" unless last */
		int room = WIDTH - (lines == maxlines && i + 1 < n ? 16 : 0);

		if (!first && cols(l.b) + need > room) {
			if (lines == maxlines) {
				snprintf(tail, sizeof tail, ", and %zu more",
					 n - i);
				l_add(&l, tail);
				l_emit(&l, fp);
				return;
			}
			l_add(&l, ",");
			l_emit(&l, fp);
			lines++;
			for (int k = 0; k < indent; k++)
				l_add(&l, " ");
			first = 1;
		}
		if (!first)
			l_add(&l, ", ");
		l_add(&l, items[i]);
	}
	l_emit(&l, fp);
}

/* ---- pieces ----------------------------------------------------------- */

static const char *
plural(long long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* the change from last year in percent, "+8.6%", "n/a", "no sales" */
static char *
change(const struct crm_change *c, char buf[48])
{
	char s[CRM_MONEY_BUFSZ];

	if (!c->known) {
		strcpy(buf, c->no_sales ? "no sales" : "n/a");
		return buf;
	}
	snprintf(buf, 48, "%s%s%%", c->tenths > 0 ? "+" : "",
		 crm_tenths_format(c->tenths, s));
	return buf;
}

static void
heading(FILE *fp, const char *title)
{
	fprintf(fp, "%s\n", title);
}

/* "  ... and 4 more: COMMAND" */
static void
more(FILE *fp, long long total, size_t shown, const char *cmd)
{
	if (total > (long long)shown)
		say(fp, "  ... and %lld more: %s", total - (long long)shown,
		    cmd);
}

/* ---- sections --------------------------------------------------------- */

static void
sales_row(FILE *fp, const struct crm_report *r, const char *label,
	  const struct crm_span *now, const struct crm_span *ly,
	  const struct crm_change *ch)
{
	struct line l;
	char c[48];

	l_init(&l);
	l_add(&l, "  ");
	l_col(&l, label, 22, 0);
	l_num(&l, now->purchases, 9);
	l_money(&l, now->net, r->digits, 12);
	l_num(&l, ly->purchases, 11);
	l_money(&l, ly->net, r->digits, 12);
	l_col(&l, change(ch, c), 10, 1);
	l_emit(&l, fp);
}

static void
sec_sales(const struct crm_report *r, FILE *fp)
{
	const struct crm_span *y = &r->year_to_date, *y_ly = &r->year_to_date_ly;
	char a[CRM_DATE_BUFSZ], label[64];

	heading(fp, "SALES");
	if (!y->purchases && !y->net && !y_ly->purchases && !y_ly->net &&
	    !r->yesterday.purchases &&
	    !r->yesterday.net) {
		say(fp,
		    "  no sales yet this year, nor in the same days last year");
		return;
	}
	say(fp, "%-24s%21s%23s", "", "this year", "last year");
	say(fp, "%-24s%9s%12s%11s%12s%10s", "", "purchases", "net", "purchases",
	    "net", "change");
	snprintf(label, sizeof label, "yesterday %s",
		 crm_date_format(r->as_of - 1, a));
	sales_row(fp, r, label, &r->yesterday, &r->yesterday_ly,
		  &r->yesterday_change);
	snprintf(label, sizeof label, "month to date %s",
		 crm_period_key(CRM_PERIOD_MONTH, r->as_of, a));
	sales_row(fp, r, label, &r->month, &r->month_ly, &r->month_change);
	snprintf(label, sizeof label, "year to date %d", crm_report_year(r));
	sales_row(fp, r, label, y, y_ly, &r->year_to_date_change);
	if (!y->purchases && !y->net)
		say(fp, "  no sales yet this year");
}

/* "fair 5" items of a count list, NULL key shown as none */
static char **
count_items(const struct crm_rep_counts *c, const char *none, int money,
	    int digits)
{
	char **v = crm_xmalloc((c->n ? c->n : 1) * sizeof *v);

	for (size_t i = 0; i < c->n; i++) {
		char key[160], m[CRM_MONEY_BUFSZ], buf[256];

		if (c->v[i].key)
			clip(c->v[i].key, 30, key, sizeof key);
		else
			snprintf(key, sizeof key, "%s", none);
		if (money)
			snprintf(buf, sizeof buf, "%s %s", key,
				 crm_money_format(c->v[i].value, digits, m));
		else
			snprintf(buf, sizeof buf, "%s %lld", key, c->v[i].n);
		v[i] = crm_xstrdup(buf);
	}
	return v;
}

static void
free_items(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
sec_customers(const struct crm_report *r, FILE *fp)
{
	const struct crm_rep_list *c = &r->new_customers;
	char a[CRM_DATE_BUFSZ], cmd[96];
	struct line l;
	char **items;

	heading(fp, "NEW CUSTOMERS");
	crm_date_format(r->since, a);
	if (c->total <= 0) {
		say(fp, "  no new customers since %s", a);
		return;
	}
	say(fp, "  %lld new %s since %s", c->total,
	    plural(c->total, "customer", "customers"), a);
	if (r->new_by_source.n) {
		items = count_items(&r->new_by_source, "no source", 0, 0);
		wrap(fp, "  by source: ", items, r->new_by_source.n, 2);
		free_items(items, r->new_by_source.n);
	}
	if (c->n) {
		say(fp, "  %7s  %-28s  %-16s  %s", "id", "name", "source",
		    "created");
		for (size_t i = 0; i < c->n; i++) {
			l_init(&l);
			l_add(&l, "  ");
			l_num(&l, c->v[i].id, 7);
			l_add(&l, "  ");
			l_user(&l, c->v[i].name, 28);
			l_add(&l, "  ");
			l_user(&l, c->v[i].text, 16);
			l_add(&l, "  ");
			l_add(&l, crm_date_format(c->v[i].day, a));
			l_emit(&l, fp);
		}
	}
	snprintf(cmd, sizeof cmd, "crm-ls --created-from %s",
		 crm_date_format(r->since + 1, a));
	more(fp, c->total, c->n, cmd);
}

static void
sec_categories(const struct crm_report *r, FILE *fp)
{
	char name[160], m[CRM_MONEY_BUFSZ], s[CRM_MONEY_BUFSZ];
	int any = 0;

	heading(fp, "CATEGORIES");
	for (size_t i = 0; i < r->ncategories; i++)
		any |= r->categories[i].revenue != 0 ||
		       r->categories[i].profit != 0;
	if (!r->ncategories) {
		say(fp, "  no categories");
		return;
	}
	if (!any) {
		say(fp, "  no sales yet this year");
		return;
	}
	clip(r->categories[0].name, 24, name, sizeof name);
	crm_money_format(r->categories[0].profit, r->digits, m);
	if (!r->year_costed)
		say(fp, "  no sale this year has a cost: ranked by net, best %s, "
		    "net %s", name,
		    crm_money_format(r->categories[0].net, r->digits, m));
	else if (r->year_profit > 0)
		say(fp,
		    "  most profitable this year: %s, profit %s, %s%% of all "
		    "profit",
		    name, m,
		    crm_tenths_format(r->categories[0].share_tenths, s));
	else
		say(fp, "  most profitable this year: %s, profit %s", name, m);
	if (r->ncategories > 1) {
		size_t n = r->ncategories - 1;
		char **items = crm_xmalloc(n * sizeof *items);

		for (size_t i = 0; i < n; i++) {
			const struct crm_rep_category *c =
				&r->categories[i + 1];
			char buf[256];

			clip(c->name, 24, name, sizeof name);
			crm_money_format(r->year_costed ? c->profit : c->net,
					 r->digits, m);
			if (r->year_costed && r->year_profit > 0)
				snprintf(buf, sizeof buf, "%s %s (%s%%)", name,
					 m,
					 crm_tenths_format(c->share_tenths, s));
			else
				snprintf(buf, sizeof buf, "%s %s", name, m);
			items[i] = crm_xstrdup(buf);
		}
		wrap(fp, "  others: ", items, n, 2);
		free_items(items, n);
	}
	say(fp,
	    "  total profit this year %s: crm-value --by category --period "
	    "year",
	    crm_money_format(r->year_profit, r->digits, m));
	if (r->year_uncosted && r->year_costed)
		say(fp, "  net without a cost, in no profit: %s",
		    crm_money_format(r->year_uncosted, r->digits, m));
	if (r->views_differ) {
		char **items = crm_xmalloc(r->ncategories * sizeof *items);

		for (size_t i = 0; i < r->ncategories; i++) {
			char buf[256];

			clip(r->categories[i].name, 24, name, sizeof name);
			snprintf(buf, sizeof buf, "%s %s", name,
				 crm_money_format(r->categories[i].profit_now,
						  r->digits, m));
			items[i] = crm_xstrdup(buf);
		}
		wrap(fp, "  profit by category now: ", items, r->ncategories,
		     2);
		free_items(items, r->ncategories);
		say(fp, "  (each sale in the customer's category now: "
		    "crm-value --current)");
	}
}

static void
sec_top(const struct crm_report *r, FILE *fp)
{
	char s[CRM_MONEY_BUFSZ], a[CRM_MONEY_BUFSZ], b[CRM_MONEY_BUFSZ];

	heading(fp, "TOP CUSTOMERS");
	if (r->ranked <= 0 || r->year_net <= 0) {
		say(fp, "  no customers with net revenue this year");
		return;
	}
	say(fp, "  top %d%% (%lld %s) %s %s%% of net revenue this year",
	    r->top_percent, r->top_n, plural(r->top_n, "customer", "customers"),
	    r->top_n == 1 ? "holds" : "hold",
	    crm_tenths_format(r->top_share_tenths, s));
	say(fp, "  %s of %s net, among %lld %s with net revenue this year",
	    crm_money_format(r->top_value, r->digits, a),
	    crm_money_format(r->year_net, r->digits, b), r->ranked,
	    plural(r->ranked, "customer", "customers"));
	say(fp, "  list them: crm-top --percent %d --period year",
	    r->top_percent);
}

/* a table of customers: id, name, a text column, money, a date */
static void
customer_table(FILE *fp, const struct crm_report *r,
	       const struct crm_rep_list *c, const char *texthead,
	       const char *moneyhead, const char *dayhead, int day_first)
{
	char a[CRM_DATE_BUFSZ];
	struct line l;

	if (!c->n)
		return;
	l_init(&l);
	l_fmt(&l, "  %7s  %-24s  ", "id", "name");
	if (day_first)
		l_fmt(&l, "%-10s  %s", dayhead, texthead);
	else
		l_fmt(&l, "%-10s  %11s  %s", texthead, moneyhead, dayhead);
	l_emit(&l, fp);
	for (size_t i = 0; i < c->n; i++) {
		l_init(&l);
		l_add(&l, "  ");
		l_num(&l, c->v[i].id, 7);
		l_add(&l, "  ");
		l_user(&l, c->v[i].name, 24);
		l_add(&l, "  ");
		if (day_first) {
			l_add(&l, crm_date_format(c->v[i].day, a));
			l_add(&l, "  ");
			l_user(&l, c->v[i].text, WIDTH - 49);
		} else {
			l_user(&l, c->v[i].text, 10);
			l_add(&l, "  ");
			l_money(&l, c->v[i].value, r->digits, 11);
			l_add(&l, "  ");
			l_add(&l, crm_date_format(c->v[i].day, a));
		}
		l_emit(&l, fp);
	}
}

static void
sec_lapsed(const struct crm_report *r, FILE *fp)
{
	char a[CRM_DATE_BUFSZ], cmd[64];

	heading(fp, "LAPSED");
	if (r->lapsed.total <= 0) {
		say(fp,
		    "  no customers newly lapsed since %s (%d days without a "
		    "purchase)",
		    crm_date_format(r->since, a), r->lapsed_days);
		return;
	}
	say(fp, "  %lld %s newly lapsed: no purchase for %d days",
	    r->lapsed.total, plural(r->lapsed.total, "customer", "customers"),
	    r->lapsed_days);
	if (r->lapsed.n)
		say(fp, "  the most valuable first (net of all time):");
	customer_table(fp, r, &r->lapsed, "category", "net", "last purchase",
		       0);
	snprintf(cmd, sizeof cmd, "crm-lapsed --days %d", r->lapsed_days);
	more(fp, r->lapsed.total, r->lapsed.n, cmd);
}

static void
sec_lost(const struct crm_report *r, FILE *fp)
{
	char a[CRM_DATE_BUFSZ];
	char **items;

	heading(fp, "LOST");
	crm_date_format(r->since, a);
	if (r->lost.total <= 0) {
		say(fp, "  no customers lost since %s", a);
		return;
	}
	say(fp, "  %lld %s lost since %s", r->lost.total,
	    plural(r->lost.total, "customer", "customers"), a);
	if (r->lost_reasons.n) {
		items = count_items(&r->lost_reasons, "no reason given", 0, 0);
		wrap(fp, "  reasons: ", items, r->lost_reasons.n, 2);
		free_items(items, r->lost_reasons.n);
	}
	customer_table(fp, r, &r->lost, "reason", NULL, "lost", 1);
	more(fp, r->lost.total, r->lost.n, "crm-ls --status lost");
}

static void
sec_referrals(const struct crm_report *r, FILE *fp)
{
	const struct crm_rep_list *c = &r->unthanked;
	struct line l;

	heading(fp, "REFERRALS");
	if (c->total <= 0) {
		say(fp, "  no referrers waiting to be thanked");
		return;
	}
	say(fp,
	    "  %lld %s brought customers and %s not been thanked:", c->total,
	    plural(c->total, "referrer", "referrers"),
	    c->total == 1 ? "has" : "have");
	if (c->n)
		say(fp, "  %7s  %-28s  %s", "id", "name",
		    "unthanked referrals");
	for (size_t i = 0; i < c->n; i++) {
		l_init(&l);
		l_add(&l, "  ");
		l_num(&l, c->v[i].id, 7);
		l_add(&l, "  ");
		l_user(&l, c->v[i].name, 28);
		l_add(&l, "  ");
		l_num(&l, c->v[i].value, 19);
		l_emit(&l, fp);
	}
	more(fp, c->total, c->n, "crm-referrals --unthanked");
	say(fp,
	    "  thank them: crm-referrals --unthanked | crm-thank --how gift");
}

static void
sec_complaints(const struct crm_report *r, FILE *fp)
{
	char a[CRM_DATE_BUFSZ], age[32];
	struct line l;

	heading(fp, "COMPLAINTS");
	if (r->open_complaints <= 0 && !r->ncomplaints) {
		say(fp, "  no open complaints");
	} else {
		long long open = r->open_complaints > (long long)r->ncomplaints
					 ? r->open_complaints
					 : (long long)r->ncomplaints;

		say(fp, "  %lld open %s, oldest first:", open,
		    plural(open, "complaint", "complaints"));
		say(fp, "  %6s  %7s  %-26s  %-10s  %9s", "note", "id", "name",
		    "opened", "age");
		for (size_t i = 0; i < r->ncomplaints; i++) {
			const struct crm_rep_complaint *c = &r->complaints[i];

			l_init(&l);
			l_add(&l, "  ");
			l_num(&l, c->note, 6);
			l_add(&l, "  ");
			l_num(&l, c->id, 7);
			l_add(&l, "  ");
			l_user(&l, c->name, 26);
			l_add(&l, "  ");
			l_add(&l, crm_date_format(c->day, a));
			l_add(&l, "  ");
			snprintf(age, sizeof age, "%lld %s", c->age_days,
				 plural(c->age_days, "day", "days"));
			l_col(&l, age, 9, 1);
			l_emit(&l, fp);
			if (c->text && *c->text) {
				l_add(&l, "          ");
				l_user(&l, c->text, WIDTH - 10);
				l_emit(&l, fp);
			}
		}
		more(fp, open, r->ncomplaints, "crm-note --open");
		say(fp, "  resolve one: crm-note --resolve NOTE");
	}
	if (r->surveys > 0) {
		char mean[CRM_MONEY_BUFSZ];

		say(fp, "  surveys this year: %lld, mean score %s of 5",
		    r->surveys, crm_tenths_format(r->survey_tenths, mean));
	}
}

static void
sec_bonus(const struct crm_report *r, FILE *fp)
{
	char a[CRM_DATE_BUFSZ], i[CRM_MONEY_BUFSZ], d[CRM_MONEY_BUFSZ],
		v[CRM_MONEY_BUFSZ];

	heading(fp, "BONUS");
	crm_date_format(r->since, a);
	if (!r->bonus_issued && !r->bonus_redeemed && !r->bonus_reversed) {
		say(fp, "  no bonus issued, redeemed or reversed since %s", a);
		return;
	}
	say(fp, "  since %s: issued %s, redeemed %s, reversed %s", a,
	    crm_money_format(r->bonus_issued, r->digits, i),
	    crm_money_format(r->bonus_redeemed, r->digits, d),
	    crm_money_format(r->bonus_reversed, r->digits, v));
}

static void
sec_segments(const struct crm_report *r, FILE *fp)
{
	long long total = r->segment_customers;
	char s[CRM_MONEY_BUFSZ];
	struct line l;

	heading(fp, "SEGMENTS");
	if (total <= 0) {
		say(fp, "  no customers with purchases to segment");
		return;
	}
	say(fp, "  %-24s  %9s  %6s  %14s", "RFM segment", "customers", "share",
	    "net");
	for (size_t i = 0; i < r->segments.n; i++) {
		const struct crm_rep_count *c = &r->segments.v[i];

		l_init(&l);
		l_add(&l, "  ");
		l_user(&l, c->key ? c->key : "none", 24);
		l_add(&l, "  ");
		l_num(&l, c->n, 9);
		l_add(&l, "  ");
		crm_tenths_format(c->share_tenths, s);
		strcat(s, "%");
		l_col(&l, s, 6, 1);
		l_add(&l, "  ");
		l_money(&l, c->value, r->digits, 14);
		l_emit(&l, fp);
	}
	say(fp, "  list a segment: crm-rfm --segment NAME");
}

/* only when a sale or note of the year names a staff member (report.c) */
static void
sec_staff(const struct crm_report *r, FILE *fp)
{
	char mean[CRM_MONEY_BUFSZ];
	struct line l;

	heading(fp, "STAFF");
	say(fp, "  this year, per staff member who served the customer:");
	say(fp, "  %-18s  %6s  %14s  %7s  %4s  %10s  %6s", "staff", "sales",
	    "revenue", "surveys", "mean", "complaints", "praise");
	for (size_t i = 0; i < r->nstaff; i++) {
		const struct crm_rep_staff *m = &r->staff[i];

		l_init(&l);
		l_add(&l, "  ");
		if (m->name)
			l_user(&l, m->name, 18);
		else
			l_col(&l, "(none recorded)", 18, 0);
		l_add(&l, "  ");
		l_num(&l, m->sales, 6);
		l_add(&l, "  ");
		l_money(&l, m->revenue, r->digits, 14);
		l_add(&l, "  ");
		l_num(&l, m->surveys, 7);
		l_add(&l, "  ");
		l_col(&l, m->score_tenths < 0
				  ? "-"
				  : crm_tenths_format(m->score_tenths, mean),
		      4, 1);
		l_add(&l, "  ");
		l_num(&l, m->complaints, 10);
		l_add(&l, "  ");
		l_num(&l, m->praise, 6);
		l_emit(&l, fp);
	}
	say(fp, "  more: crm-value --by staff, crm-note --summary --by staff");
}

static void (*const sections[CRM_NSECTIONS])(const struct crm_report *,
					     FILE *) = {
	[CRM_SEC_SALES] = sec_sales,
	[CRM_SEC_CUSTOMERS] = sec_customers,
	[CRM_SEC_CATEGORIES] = sec_categories,
	[CRM_SEC_TOP] = sec_top,
	[CRM_SEC_LAPSED] = sec_lapsed,
	[CRM_SEC_LOST] = sec_lost,
	[CRM_SEC_REFERRALS] = sec_referrals,
	[CRM_SEC_COMPLAINTS] = sec_complaints,
	[CRM_SEC_BONUS] = sec_bonus,
	[CRM_SEC_SEGMENTS] = sec_segments,
	[CRM_SEC_STAFF] = sec_staff,
};

int
crm_report_text(const struct crm_report *r, FILE *fp)
{
	char a[CRM_DATE_BUFSZ], b[CRM_DATE_BUFSZ];
	unsigned seen = 0;

	errno = 0;
	fprintf(fp, "crm report for %s (new since %s)\n",
		crm_date_format(r->as_of, a), crm_date_format(r->since, b));
	for (int i = 0; i < r->nsections; i++) {
		int s = r->sections[i];

		if (s < 0 || s >= CRM_NSECTIONS || (seen & 1u << s))
			continue;
		seen |= 1u << s;
		if (s == CRM_SEC_STAFF && !r->nstaff)
			continue; /* no staff recorded: no section */
		putc('\n', fp);
		sections[s](r, fp);
	}
	if (seen)
		fputs("\nA customer's whole profile: crm-show ID\n", fp);
	if (fflush(fp) == EOF || ferror(fp)) {
		if (!errno)
			errno = EIO;
		return -1;
	}
	return 0;
}
