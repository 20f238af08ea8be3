/*
 * report-json.c - the nightly report as one JSON object:
 *
 *	{"as_of": "...", "since": "...", "currency": "..." or null, "digits": 2,
 *	 "sections": {"sales": {...}, ...}}
 *
 * with the chosen sections in their order.  Money is a JSON number with
 * exactly the currency's minor digits (12.50), shares and changes numbers
 * with one decimal (null where they do not exist), dates "YYYY-MM-DD",
 * absent values null.  Strings are UTF-8, written by crm_json_put_string()
 * (text.c): control characters and DEL escaped, invalid bytes as \ufffd.
 */
#include <errno.h>
#include <string.h>

#include "crm.h"


/* ---- a small pretty-printing writer ------------------------------------ */

#define DEPTH_MAX 16

struct jw {
	FILE *fp;
	int depth;
	int count[DEPTH_MAX]; /* values written at each depth */
	const struct crm_report *r;
};

/* the separator, newline and indentation before a member or element */
static void
j_next(struct jw *j, const char *key)
{
	if (j->count[j->depth]++)
		putc(',', j->fp);
	if (j->depth) {
		putc('\n', j->fp);
		for (int i = 0; i < j->depth; i++)
			fputs("  ", j->fp);
	}
	if (key) {
		crm_json_put_string(j->fp, key);
		fputs(": ", j->fp);
	}
}

static void
j_open(struct jw *j, const char *key, int brace)
{
	j_next(j, key);
	putc(brace, j->fp);
	if (j->depth < DEPTH_MAX - 1)
		j->depth++;
	j->count[j->depth] = 0;
}

static void
j_close(struct jw *j, int brace)
{
	int had = j->count[j->depth];

	if (j->depth)
		j->depth--;
	if (had) {
		putc('\n', j->fp);
		for (int i = 0; i < j->depth; i++)
			fputs("  ", j->fp);
	}
	putc(brace, j->fp);
}

#define j_obj(j, key) j_open(j, key, '{')
#define j_arr(j, key) j_open(j, key, '[')
#define j_end_obj(j) j_close(j, '}')
#define j_end_arr(j) j_close(j, ']')

static void
j_str(struct jw *j, const char *key, const char *s)
{
	j_next(j, key);
	if (s)
		crm_json_put_string(j->fp, s);
	else
		fputs("null", j->fp);
}

static void
j_int(struct jw *j, const char *key, long long v)
{
	j_next(j, key);
	fprintf(j->fp, "%lld", v);
}

/* a number already formatted (money, a share), or null for NULL */
static void
j_num(struct jw *j, const char *key, const char *text)
{
	j_next(j, key);
	fputs(text ? text : "null", j->fp);
}

static void
j_money(struct jw *j, const char *key, crm_money v)
{
	char m[CRM_MONEY_BUFSZ];

	j_num(j, key, crm_money_format(v, j->r->digits, m));
}

static void
j_date(struct jw *j, const char *key, crm_day d)
{
	char a[CRM_DATE_BUFSZ];

	j_str(j, key, crm_date_format(d, a));
}

/* a share in tenths of a percent (report.c), one decimal; null when its
 * total is not > 0 */
static void
j_share(struct jw *j, const char *key, long long tenths, long long total)
{
	char s[CRM_MONEY_BUFSZ];

	j_num(j, key, total > 0 ? crm_tenths_format(tenths, s) : NULL);
}

/* the change from last year in percent; null when last year's net is 0 */
static void
j_change(struct jw *j, const char *key, const struct crm_change *c)
{
	char s[CRM_MONEY_BUFSZ];

	j_num(j, key, c->known ? crm_tenths_format(c->tenths, s) : NULL);
}

/* ---- sections --------------------------------------------------------- */

static void
period(struct jw *j, const char *key, const struct crm_span *now,
       const struct crm_span *ly, const struct crm_change *c)
{
	j_obj(j, key);
	j_date(j, "from", now->from);
	j_date(j, "to", now->to);
	j_int(j, "purchases", now->purchases);
	j_money(j, "net", now->net);
	j_obj(j, "last_year");
	j_date(j, "from", ly->from);
	j_date(j, "to", ly->to);
	j_int(j, "purchases", ly->purchases);
	j_money(j, "net", ly->net);
	j_end_obj(j);
	j_change(j, "change", c);
	j_end_obj(j);
}

static void
sec_sales(struct jw *j)
{
	const struct crm_report *r = j->r;
	int m = crm_report_month(r);
	char key[CRM_PERIOD_BUFSZ];

	j_obj(j, "sales");
	j_int(j, "year", crm_report_year(r));
	period(j, "yesterday", &r->yesterday, &r->yesterday_ly,
	       &r->yesterday_change);
	period(j, "month", &r->month, &r->month_ly, &r->month_change);
	period(j, "year_to_date", &r->year_to_date, &r->year_to_date_ly,
	       &r->year_to_date_change);
	/* per month: this year's months after the --as-of month are null */
	j_arr(j, "months");
	for (int i = 0; i < 12; i++) {
		snprintf(key, sizeof key, "%04d-%02d", crm_report_year(r), i + 1);
		j_obj(j, NULL);
		j_str(j, "month", key);
		if (i < m) {
			j_int(j, "purchases", r->month_purchases[1][i]);
			j_money(j, "net", r->month_net[1][i]);
		} else {
			j_num(j, "purchases", NULL);
			j_num(j, "net", NULL);
		}
		j_int(j, "purchases_last_year", r->month_purchases[0][i]);
		j_money(j, "net_last_year", r->month_net[0][i]);
		j_end_obj(j);
	}
	j_end_arr(j);
	j_end_obj(j);
}

static void
counts(struct jw *j, const char *key, const char *name, const char *count,
       const struct crm_rep_counts *c, const char *money)
{
	j_arr(j, key);
	for (size_t i = 0; i < c->n; i++) {
		j_obj(j, NULL);
		j_str(j, name, c->v[i].key);
		j_int(j, count, c->v[i].n);
		if (money)
			j_money(j, money, c->v[i].value);
		j_end_obj(j);
	}
	j_end_arr(j);
}

static void
sec_customers(struct jw *j)
{
	const struct crm_report *r = j->r;
	const struct crm_rep_list *c = &r->new_customers;

	j_obj(j, "customers");
	j_int(j, "new", c->total);
	counts(j, "by_source", "source", "customers", &r->new_by_source, NULL);
	j_arr(j, "list");
	for (size_t i = 0; i < c->n; i++) {
		j_obj(j, NULL);
		j_int(j, "id", c->v[i].id);
		j_str(j, "name", c->v[i].name);
		j_str(j, "source", c->v[i].text);
		j_date(j, "created", c->v[i].day);
		j_end_obj(j);
	}
	j_end_arr(j);
	j_end_obj(j);
}

static void
sec_categories(struct jw *j)
{
	const struct crm_report *r = j->r;
	int any = 0;

	/* as the text says: without sales this year there is no best */
	for (size_t i = 0; i < r->ncategories; i++)
		any |= r->categories[i].revenue != 0 ||
		       r->categories[i].profit != 0;
	j_obj(j, "categories");
	j_int(j, "year", crm_report_year(r));
	j_money(j, "profit", r->year_profit);
	j_money(j, "uncosted", r->year_uncosted);
	j_str(j, "ranked_by", r->year_costed ? "profit" : "net");
	j_str(j, "most_profitable",
	      any && r->ncategories ? r->categories[0].name : NULL);
	j_arr(j, "list");
	for (size_t i = 0; i < r->ncategories; i++) {
		const struct crm_rep_category *c = &r->categories[i];

		j_obj(j, NULL);
		j_str(j, "category", c->name);
		j_int(j, "customers", c->customers);
		j_int(j, "buyers", c->buyers);
		j_money(j, "revenue", c->revenue);
		j_money(j, "profit", c->profit);
		j_share(j, "share", c->share_tenths, r->year_profit);
		j_money(j, "uncosted", c->uncosted);
		j_money(j, "profit_now", c->profit_now);
		j_end_obj(j);
	}
	j_end_arr(j);
	j_end_obj(j);
}

static void
sec_top(struct jw *j)
{
	const struct crm_report *r = j->r;
	char s[CRM_MONEY_BUFSZ];

	j_obj(j, "top");
	j_int(j, "percent", r->top_percent);
	j_int(j, "customers", r->top_n);
	j_int(j, "ranked", r->ranked);
	j_money(j, "value", r->top_value);
	j_money(j, "net", r->year_net);
	j_share(j, "share", r->top_share_tenths, r->year_net);
	/* the curve: share held by the top 0, 5, ..., 100 % */
	j_arr(j, "curve");
	for (int i = 0; i <= 20; i++) {
		j_obj(j, NULL);
		j_int(j, "percent", i * 5);
		j_num(j, "share",
		      r->year_net > 0 ? crm_tenths_format(r->curve_tenths[i], s)
				      : NULL);
		j_end_obj(j);
	}
	j_end_arr(j);
	j_end_obj(j);
}

static void
month_counts(struct jw *j, const char *key, const long long v[12])
{
	int m = crm_report_month(j->r);

	j_arr(j, key);
	for (int i = 0; i < 12; i++)
		if (i < m)
			j_int(j, NULL, v[i]);
		else
			j_num(j, NULL, NULL);
	j_end_arr(j);
}

static void
sec_lapsed(struct jw *j)
{
	const struct crm_report *r = j->r;

	j_obj(j, "lapsed");
	j_int(j, "days", r->lapsed_days);
	j_int(j, "count", r->lapsed.total);
	j_arr(j, "list");
	for (size_t i = 0; i < r->lapsed.n; i++) {
		const struct crm_rep_customer *c = &r->lapsed.v[i];

		j_obj(j, NULL);
		j_int(j, "id", c->id);
		j_str(j, "name", c->name);
		j_str(j, "category", c->text);
		j_money(j, "net", c->value);
		j_date(j, "last_purchase", c->day);
		j_end_obj(j);
	}
	j_end_arr(j);
	month_counts(j, "per_month", r->lapsed_month);
	j_end_obj(j);
}

static void
sec_lost(struct jw *j)
{
	const struct crm_report *r = j->r;

	j_obj(j, "lost");
	j_int(j, "count", r->lost.total);
	counts(j, "reasons", "reason", "customers", &r->lost_reasons, "net");
	j_arr(j, "list");
	for (size_t i = 0; i < r->lost.n; i++) {
		const struct crm_rep_customer *c = &r->lost.v[i];

		j_obj(j, NULL);
		j_int(j, "id", c->id);
		j_str(j, "name", c->name);
		j_date(j, "date", c->day);
		j_str(j, "reason", c->text);
		j_money(j, "net", c->value);
		j_end_obj(j);
	}
	j_end_arr(j);
	month_counts(j, "per_month", r->lost_month);
	j_end_obj(j);
}

static void
sec_referrals(struct jw *j)
{
	const struct crm_rep_list *c = &j->r->unthanked;

	j_obj(j, "referrals");
	j_int(j, "unthanked_referrers", c->total);
	j_arr(j, "list");
	for (size_t i = 0; i < c->n; i++) {
		j_obj(j, NULL);
		j_int(j, "id", c->v[i].id);
		j_str(j, "name", c->v[i].name);
		j_int(j, "unthanked", (long long)c->v[i].value);
		j_end_obj(j);
	}
	j_end_arr(j);
	j_end_obj(j);
}

static void
sec_complaints(struct jw *j)
{
	const struct crm_report *r = j->r;
	long long open = r->open_complaints > (long long)r->ncomplaints
				 ? r->open_complaints
				 : (long long)r->ncomplaints;

	j_obj(j, "complaints");
	j_int(j, "open", open);
	j_arr(j, "list");
	for (size_t i = 0; i < r->ncomplaints; i++) {
		const struct crm_rep_complaint *c = &r->complaints[i];

		j_obj(j, NULL);
		j_int(j, "note", c->note);
		j_int(j, "id", c->id);
		j_str(j, "name", c->name);
		j_date(j, "date", c->day);
		j_int(j, "age_days", c->age_days);
		j_str(j, "text", c->text);
		j_end_obj(j);
	}
	j_end_arr(j);
	/* survey scores this year */
	j_obj(j, "surveys");
	j_int(j, "count", r->surveys);
	if (r->surveys > 0) {
		char s[CRM_MONEY_BUFSZ];

		j_num(j, "mean", crm_tenths_format(r->survey_tenths, s));
	} else {
		j_num(j, "mean", NULL);
	}
	j_arr(j, "scores");
	for (int i = 0; i < 5; i++)
		j_int(j, NULL, r->scores[i]);
	j_end_arr(j);
	j_end_obj(j);
	j_end_obj(j);
}

static void
sec_bonus(struct jw *j)
{
	const struct crm_report *r = j->r;

	j_obj(j, "bonus");
	j_money(j, "issued", r->bonus_issued);
	j_money(j, "redeemed", r->bonus_redeemed);
	j_money(j, "reversed", r->bonus_reversed);
	j_end_obj(j);
}

static void
sec_segments(struct jw *j)
{
	const struct crm_report *r = j->r;
	long long total = r->segment_customers;

	j_obj(j, "segments");
	j_int(j, "customers", total);
	j_arr(j, "list");
	for (size_t i = 0; i < r->segments.n; i++) {
		const struct crm_rep_count *c = &r->segments.v[i];

		j_obj(j, NULL);
		j_str(j, "segment", c->key);
		j_int(j, "customers", c->n);
		j_share(j, "share", c->share_tenths, total);
		j_money(j, "net", c->value);
		j_end_obj(j);
	}
	j_end_arr(j);
	j_end_obj(j);
}

/* "staff": {"list": [{"staff": NAME or null, "sales", "revenue",
 * "surveys", "mean_score" (one decimal, or null), "complaints",
 * "praise"}, ...]}, only when a sale or note of the year names someone */
static void
sec_staff(struct jw *j)
{
	const struct crm_report *r = j->r;
	char mean[CRM_MONEY_BUFSZ];

	j_obj(j, "staff");
	j_arr(j, "list");
	for (size_t i = 0; i < r->nstaff; i++) {
		const struct crm_rep_staff *m = &r->staff[i];

		j_obj(j, NULL);
		j_str(j, "staff", m->name);
		j_int(j, "sales", m->sales);
		j_money(j, "revenue", m->revenue);
		j_int(j, "surveys", m->surveys);
		j_num(j, "mean_score",
		      m->score_tenths < 0
			      ? NULL
			      : crm_tenths_format(m->score_tenths, mean));
		j_int(j, "complaints", m->complaints);
		j_int(j, "praise", m->praise);
		j_end_obj(j);
	}
	j_end_arr(j);
	j_end_obj(j);
}

static void (*const sections[CRM_NSECTIONS])(struct jw *) = {
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
crm_report_json(const struct crm_report *r, FILE *fp)
{
	struct jw j;
	unsigned seen = 0;

	errno = 0;
	memset(&j, 0, sizeof j);
	j.fp = fp;
	j.r = r;
	j_obj(&j, NULL);
	j_date(&j, "as_of", r->as_of);
	j_date(&j, "since", r->since);
	j_str(&j, "currency", r->currency[0] ? r->currency : NULL);
	j_int(&j, "digits", r->digits);
	j_obj(&j, "sections");
	for (int i = 0; i < r->nsections; i++) {
		int s = r->sections[i];

		if (s < 0 || s >= CRM_NSECTIONS || (seen & 1u << s))
			continue;
		seen |= 1u << s;
		if (s == CRM_SEC_STAFF && !r->nstaff)
			continue; /* no staff recorded: no section */
		sections[s](&j);
	}
	j_end_obj(&j);
	j_end_obj(&j);
	putc('\n', fp);
	if (fflush(fp) == EOF || ferror(fp)) {
		if (!errno)
			errno = EIO;
		return -1;
	}
	return 0;
}
