/*
 * report.c - gathering the nightly report: one pass over the purchases in
 * customer order, merged with the customers, fills the sales, category,
 * top, lapsed, new and lost sections; a second pass scores RFM segments;
 * small queries answer the rest.
 */
#include <stdlib.h>
#include <string.h>

#include "crm.h"

#define LIST_MAX 20 /* customers named per section: the rest are counted */

static void
list_push(struct crm_rep_list *l, long long id, const char *name,
	  crm_money value, crm_day day, const char *text)
{
	struct crm_rep_customer *c;

	l->total++;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->v = crm_xrealloc(l->v, l->cap * sizeof *l->v);
	}
	c = &l->v[l->n++];
	c->id = id;
	c->name = name ? crm_xstrdup(name) : NULL;
	c->value = value;
	c->day = day;
	c->text = text ? crm_xstrdup(text) : NULL;
}

static void
list_release(struct crm_rep_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].text);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

static void
count_add(struct crm_rep_counts *c, const char *key, crm_money value)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].key && key ? !strcmp(c->v[i].key, key)
				       : c->v[i].key == key) {
			c->v[i].n++;
			c->v[i].value += value;
			return;
		}
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 8;
		c->v = crm_xrealloc(c->v, c->cap * sizeof *c->v);
	}
	c->v[c->n].key = key ? crm_xstrdup(key) : NULL;
	c->v[c->n].n = 1;
	c->v[c->n].value = value;
	c->n++;
}

static void
counts_release(struct crm_rep_counts *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].key);
	free(c->v);
	memset(c, 0, sizeof *c);
}

static int
count_cmp(const void *a, const void *b)
{
	const struct crm_rep_count *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	if (!x->key || !y->key)
		return !x->key ? (y->key ? 1 : 0) : -1;
	return strcmp(x->key, y->key);
}

/* the same calendar date a year earlier; 29 February becomes the 28th */
static crm_day
year_before(crm_day day)
{
	int y, m, d;

	crm_day_to_ymd(day, &y, &m, &d);
	if (m == 2 && d == 29)
		d = 28;
	return crm_day_from_ymd(y - 1, m, d);
}

static void
span_init(struct crm_span *s, crm_day from, crm_day to)
{
	memset(s, 0, sizeof *s);
	s->from = from;
	s->to = to;
}

static void
span_add(struct crm_span *s, crm_day day, const struct crm_totals *t)
{
	if (day < s->from || day > s->to)
		return;
	s->purchases += t->purchases;
	s->net += crm_totals_net(t);
}

/* per category this year, found by id */
struct cats {
	long long *id;
	struct crm_rep_category *v;
	struct crm_value_cell *cell; /* this year's sums, as crm-value --by */
	unsigned char *deleted;
	size_t n;
};

static size_t
cat_index(struct cats *c, long long id)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->id[i] == id)
			return i;
	return c->n; /* a category deleted and purged: not shown */
}

static void
load_cats(struct crm_db *db, struct cats *c)
{
	struct crm_db_iter *it = crm_db_categories(db, 1);
	struct crm_category k;
	size_t cap = 0;

	memset(c, 0, sizeof *c);
	while (crm_db_categories_next(it, &k)) {
		if (c->n == cap) {
			cap = cap ? 2 * cap : 16;
			c->id = crm_xrealloc(c->id, cap * sizeof *c->id);
			c->v = crm_xrealloc(c->v, cap * sizeof *c->v);
			c->cell = crm_xrealloc(c->cell, cap * sizeof *c->cell);
			c->deleted = crm_xrealloc(c->deleted,
						  cap * sizeof *c->deleted);
		}
		c->id[c->n] = k.id;
		memset(&c->v[c->n], 0, sizeof c->v[c->n]);
		c->v[c->n].name = crm_xstrdup(k.name);
		memset(&c->cell[c->n], 0, sizeof c->cell[c->n]);
		c->deleted[c->n] = k.deleted != 0;
		c->n++;
	}
	crm_db_iter_free(it);
}

static int
cat_cmp(const void *a, const void *b)
{
	const struct crm_rep_category *x = a, *y = b;

	if (x->profit != y->profit)
		return x->profit > y->profit ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* without a single cost this year, profit says nothing: rank by net */
static int
cat_net_cmp(const void *a, const void *b)
{
	const struct crm_rep_category *x = a, *y = b;

	if (x->net != y->net)
		return x->net > y->net ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void
stray(long long cat, long long n, void *arg)
{
	struct cats *c = arg;
	size_t i = cat_index(c, cat);

	if (i < c->n)
		c->v[i].customers += n;
}

static int
lapsed_cmp(const void *a, const void *b)
{
	const struct crm_rep_customer *x = a, *y = b;

	if (x->value != y->value)
		return x->value > y->value ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* a customer lost on the report's day, as the status history says */
struct lost {
	long long id;
	crm_day day; /* CRM_NO_DAY: unknown */
	crm_money value; /* net in the year up to the lost day */
	char *reason;
};

static int
lost_cmp(const void *a, const void *b)
{
	const struct lost *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* What one pass over purchases and customers works on. */
struct pass {
	struct crm_report *r;
	struct lost *lost; /* by id */
	size_t nlost;
	struct cats cats;
	crm_day y, year_start, prev_start;
	struct crm_ranking top; /* this year's net: values only (rank.c) */
};

/* one customer's purchases, read from the streams */
struct cust_sums {
	crm_money ytd, net;
	crm_day last; /* last purchase, CRM_NO_DAY: none */
	crm_money ytd_profit; /* this year's profit, for the category now */
};

/* one day's sales, all customers: the sales section */
static void
day(struct pass *p, crm_day day, const struct crm_totals *t)
{
	struct crm_report *r = p->r;
	int yy, m, d;

	span_add(&r->yesterday, day, t);
	span_add(&r->yesterday_ly, day, t);
	span_add(&r->month, day, t);
	span_add(&r->month_ly, day, t);
	/* the year's figures stop at --as-of, like every section */
	if (day < p->prev_start || day > p->y)
		return;
	crm_day_to_ymd(day, &yy, &m, &d);
	r->month_net[day >= p->year_start][m - 1] += crm_totals_net(t);
	r->month_purchases[day >= p->year_start][m - 1] += t->purchases;
}

/* one customer's sales of this year, summed by month and category */
static void
year_sum(struct pass *p, const struct crm_sale_sum *s, struct cust_sums *cs)
{
	struct crm_report *r = p->r;
	size_t i = cat_index(&p->cats, s->category);
	crm_money profit = crm_profit_value(&s->t.p);

	cs->ytd += crm_rank_measure(CRM_RANK_NET, &s->t);
	if (s->t.costed)
		r->year_costed = 1;
	r->year_uncosted += s->t.p.uncosted;
	cs->ytd_profit += profit;
	if (i < p->cats.n) {
		crm_value_cell_add(&p->cats.cell[i], s);
		r->year_profit += profit;
	}
}

static void
customer(struct pass *p, const struct crm_cust_row *c,
	 const struct cust_sums *cs)
{
	struct crm_report *r = p->r;
	struct lost key = {c->id, 0, 0, NULL}, *l = NULL;
	struct crm_lapse_rule rule = {.by = CRM_LAPSE_DAYS,
				      .days = r->lapsed_days};
	int lost, y, m, d;

	if (p->nlost)
		l = bsearch(&key, p->lost, p->nlost, sizeof *p->lost, lost_cmp);
	lost = l != NULL;

	if (c->created > r->since && c->created <= r->as_of) {
		if (r->new_customers.n < LIST_MAX)
			list_push(&r->new_customers, c->id, c->name, 0,
				  c->created, c->source);
		else
			r->new_customers.total++;
		count_add(&r->new_by_source, c->source, 0);
	}
	if (lost && l->day != CRM_NO_DAY) {
		if (l->day > r->since)
			list_push(&r->lost, c->id, c->name, l->value, l->day,
				  l->reason);
		if (l->day >= p->year_start && l->day <= p->y) {
			crm_day_to_ymd(l->day, &y, &m, &d);
			r->lost_month[m - 1]++;
		}
	}
	{
		/* a customer row exists on --as-of, in that day's category */
		size_t i = cat_index(&p->cats, c->category);

		if (i < p->cats.n)
			p->cats.v[i].customers++;
	}
	if (cs->ytd_profit) {
		size_t i = cat_index(&p->cats, c->category);

		if (i < p->cats.n)
			p->cats.v[i].profit_now += cs->ytd_profit;
	}
	crm_ranking_add(&p->top, c->id, cs->ytd, 0);
	if (!crm_lapse_candidate(&rule, lost, cs->last != CRM_NO_DAY))
		return;
	{
		/* silent enough: the days rule of crm-lapsed (lapse.c) */
		crm_day lapse = crm_lapse_day(cs->last, rule.days);

		if (lapse > r->as_of)
			return;
		if (lapse > r->since)
			list_push(&r->lapsed, c->id, c->name, cs->net, cs->last,
				  c->category_name);
		if (lapse >= p->year_start && lapse <= p->y) {
			crm_day_to_ymd(lapse, &y, &m, &d);
			r->lapsed_month[m - 1]++;
		}
	}
}

/* the customers lost on the report's day, from the status history, so
 * that a later win-back does not rewrite a past morning's report */
static void
load_lost(struct crm_db *db, struct pass *p)
{
	struct crm_db_iter *it = crm_db_lost(db, p->r->as_of);
	struct crm_lost_row row;
	size_t cap = 0;

	while (crm_db_lost_next(it, &row)) {
		if (p->nlost == cap) {
			cap = cap ? 2 * cap : 64;
			p->lost = crm_xrealloc(p->lost, cap * sizeof *p->lost);
		}
		p->lost[p->nlost].id = row.id;
		p->lost[p->nlost].day = row.has_day ? row.day : CRM_NO_DAY;
		p->lost[p->nlost].value = row.value;
		p->lost[p->nlost].reason = row.reason ? crm_xstrdup(row.reason)
						      : NULL;
		p->nlost++;
	}
	crm_db_iter_free(it);
	crm_sort(p->lost, p->nlost, sizeof *p->lost, lost_cmp);
}

/* the sales section: each day's totals */
static void
day_pass(struct crm_db *db, struct pass *p)
{
	const struct crm_span *ly = &p->r->yesterday_ly;
	/* yesterday a year ago is before last year on 1 January */
	struct crm_db_iter *it = crm_db_day_sums(
		db, ly->from < p->prev_start ? ly->from : p->prev_start,
		p->r->as_of);
	struct crm_totals t;
	crm_day d;

	while (crm_db_day_sums_next(it, &d, &t))
		day(p, d, &t);
	crm_db_iter_free(it);
}

/* the customers in id order, merged with their totals of all time and
 * their sums of this year (both in id order too) */
static void
one_pass(struct crm_db *db, struct pass *p)
{
	struct crm_report *r = p->r;
	struct crm_db_iter *cust = crm_db_customer_rows(db, 0, 0, r->as_of);
	struct crm_stats *all = crm_stats_open(db, crm_db_first_sale_day(db),
					       r->as_of, 0);
	struct crm_sums *year = crm_db_sums(db, p->year_start, r->as_of,
					    CRM_SUMS_YEAR, 0);
	struct crm_cust_stats a;
	struct crm_sale_sum s;
	struct crm_cust_row c;
	int have_a = crm_stats_next(all, &a);
	int have_s = crm_db_sums_next(year, &s);

	while (crm_db_customer_rows_next(cust, &c)) {
		struct cust_sums cs = {0, 0, CRM_NO_DAY, 0};

		while (have_a && a.id < c.id)
			have_a = crm_stats_next(all, &a);
		if (have_a && a.id == c.id) {
			cs.net = a.net;
			cs.last = a.ndays ? a.last : CRM_NO_DAY;
		}
		while (have_s && s.customer < c.id)
			have_s = crm_db_sums_next(year, &s);
		while (have_s && s.customer == c.id) {
			year_sum(p, &s, &cs);
			have_s = crm_db_sums_next(year, &s);
		}
		customer(p, &c, &cs);
	}
	crm_db_sums_free(year);
	crm_stats_close(all);
	crm_db_iter_free(cust);
	crm_db_scan_done(db);
}

/* the categories' figures from their sums (value.c) */
static void
cats_finish(struct cats *c)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct crm_value_cell *x = &c->cell[i];

		c->v[i].buyers = x->buyers;
		c->v[i].revenue = x->t.revenue;
		c->v[i].net = crm_totals_net(&x->t);
		c->v[i].uncosted = x->t.p.uncosted;
		c->v[i].profit = crm_profit_value(&x->t.p);
	}
}

static void
finish_top(struct pass *p)
{
	struct crm_report *r = p->r;
	const struct crm_ranking *t = &p->top;
	crm_money cum = 0;
	size_t k = 0;

	crm_ranking_sort(&p->top);
	r->ranked = (long long)t->n;
	/* the customers with a positive net this year hold all of it */
	r->year_net = t->total;
	r->top_n = (long long)crm_top_take(t->n, r->top_percent * 100LL);
	r->top_value = crm_ranking_sum(t, 0, (size_t)r->top_n);
	/* the curve: the share the top 0, 5, ..., 100 % hold */
	for (int i = 0; i <= 20; i++) {
		size_t upto = crm_top_take(t->n, i * 500LL);

		for (; k < upto; k++)
			cum += crm_ranking_value(t, k);
		r->curve[i] = r->year_net ? 100.0 * (double)cum / (double)r->year_net
					  : 0;
	}
	crm_ranking_release(&p->top);
}

/* the change from last to now: (now - last) / |last| */
static void
change_set(struct crm_change *c, const struct crm_span *now,
	   const struct crm_span *last)
{
	c->known = last->net != 0;
	c->no_sales = !now->net && !now->purchases && !last->purchases &&
		      !last->net;
	c->tenths = c->known ? crm_share_tenths(now->net - last->net,
						last->net < 0 ? -last->net
							      : last->net)
			     : 0;
}

/* the year to --as-of from the months of this year; last year's months
 * before the --as-of month and last year's month to the same day */
static void
finish_sales(struct crm_report *r)
{
	int y = crm_report_year(r), m = crm_report_month(r);

	span_init(&r->year_to_date, crm_day_from_ymd(y, 1, 1), r->as_of);
	span_init(&r->year_to_date_ly, crm_day_from_ymd(y - 1, 1, 1),
		  r->month_ly.to);
	for (int i = 0; i < m; i++) {
		r->year_to_date.purchases += r->month_purchases[1][i];
		r->year_to_date.net += r->month_net[1][i];
		if (i < m - 1) {
			r->year_to_date_ly.purchases += r->month_purchases[0][i];
			r->year_to_date_ly.net += r->month_net[0][i];
		}
	}
	r->year_to_date_ly.purchases += r->month_ly.purchases;
	r->year_to_date_ly.net += r->month_ly.net;
	change_set(&r->yesterday_change, &r->yesterday, &r->yesterday_ly);
	change_set(&r->month_change, &r->month, &r->month_ly);
	change_set(&r->year_to_date_change, &r->year_to_date,
		   &r->year_to_date_ly);
}

/* how many surveys, and their mean score */
static void
finish_surveys(struct crm_report *r)
{
	long long sum = 0;

	r->surveys = 0;
	for (int i = 0; i < 5; i++) {
		r->surveys += r->scores[i];
		sum += r->scores[i] * (i + 1);
	}
	r->survey_tenths = r->surveys > 0 ? crm_div_round(sum * 10, r->surveys)
					  : 0;
}

/* the shares every rendering shows */
static void
finish_shares(struct crm_report *r)
{
	for (size_t i = 0; i < r->ncategories; i++)
		r->categories[i].share_tenths =
			crm_share_tenths(r->categories[i].profit, r->year_profit);
	r->top_share_tenths = crm_share_tenths(r->top_value, r->year_net);
	for (int i = 0; i <= 20; i++) {
		double v = r->curve[i];

		r->curve_tenths[i] = v == v && v >= 0 && v <= 100
					     ? (long long)(v * 10 + 0.5)
					     : 0;
	}
	r->segment_customers = 0;
	for (size_t i = 0; i < r->segments.n; i++)
		r->segment_customers += r->segments.v[i].n;
	for (size_t i = 0; i < r->segments.n; i++)
		r->segments.v[i].share_tenths = crm_share_tenths(
			r->segments.v[i].n, r->segment_customers);
}

void
crm_report_figures(struct crm_report *r)
{
	finish_sales(r);
	finish_surveys(r);
	finish_shares(r);
}

static void
finish_lists(struct crm_report *r)
{
	crm_sort(r->lapsed.v, r->lapsed.n, sizeof *r->lapsed.v, lapsed_cmp);
	/* keep the most valuable; the count stays whole */
	while (r->lapsed.n > LIST_MAX) {
		struct crm_rep_customer *c = &r->lapsed.v[--r->lapsed.n];

		free(c->name);
		free(c->text);
	}
	for (size_t i = 0; i < r->lost.n; i++)
		count_add(&r->lost_reasons, r->lost.v[i].text, r->lost.v[i].value);
	crm_sort(r->lost_reasons.v, r->lost_reasons.n, sizeof *r->lost_reasons.v,
	      count_cmp);
	crm_sort(r->new_by_source.v, r->new_by_source.n,
	      sizeof *r->new_by_source.v, count_cmp);
	while (r->lost.n > LIST_MAX) {
		struct crm_rep_customer *c = &r->lost.v[--r->lost.n];

		free(c->name);
		free(c->text);
	}
}

static void
complaint(const struct crm_open_complaint *o, void *arg)
{
	struct crm_report *r = arg;
	struct crm_rep_complaint *c;

	r->complaints = crm_xrealloc(r->complaints, (r->ncomplaints + 1) *
							    sizeof *r->complaints);
	c = &r->complaints[r->ncomplaints++];
	c->note = o->note;
	c->id = o->id;
	c->name = o->name ? crm_xstrdup(o->name) : NULL;
	c->text = o->text ? crm_xstrdup(o->text) : NULL;
	c->day = o->day;
	c->age_days = r->as_of - o->day;
}

/* only the first are named: the rest are counted */
static int
unthanked_named(long long id, void *arg)
{
	const struct crm_report *r = arg;

	(void)id;
	return r->unthanked.n < LIST_MAX;
}

static void
unthanked(long long id, const char *name, long long n, void *arg)
{
	struct crm_report *r = arg;

	if (r->unthanked.n < LIST_MAX)
		list_push(&r->unthanked, id, name, n, 0, NULL);
	else
		r->unthanked.total++;
}

static int
has(const struct crm_report *r, enum crm_section s)
{
	for (int i = 0; i < r->nsections; i++)
		if (r->sections[i] == (int)s)
			return 1;
	return 0;
}

static void
segments(struct crm_db *db, const struct crm_config *cfg, struct crm_report *r)
{
	const struct crm_segments *map = crm_config_segments(cfg);
	struct crm_rfm rfm;

	/* after one_pass(), whose memory is freed by then */
	crm_rfm_compute(db, crm_db_first_sale_day(db), r->as_of, map, &rfm);
	r->segments.v = crm_xmalloc((map->n ? map->n : 1) * sizeof *r->segments.v);
	r->segments.n = r->segments.cap = map->n;
	for (size_t k = 0; k < map->n; k++) {
		r->segments.v[k].key = crm_xstrdup(map->v[k].name);
		r->segments.v[k].n = 0;
		r->segments.v[k].value = 0;
	}
	for (size_t i = 0; i < rfm.n; i++)
		if (rfm.v[i].segment >= 0) {
			r->segments.v[rfm.v[i].segment].n++;
			r->segments.v[rfm.v[i].segment].value += rfm.v[i].monetary;
		}
	crm_rfm_release(&rfm);
}

/* the staff of the year to --as-of, like the categories and surveys;
 * nothing when nobody is named in it */
static void
staff(struct crm_db *db, crm_day year_start, struct crm_report *r)
{
	struct crm_window w;
	struct crm_staff_table t;
	int named = 0;

	if (!crm_db_staff_any(db, year_start, r->as_of))
		return;
	memset(&w, 0, sizeof w);
	w.from = year_start;
	w.to = r->as_of;
	w.period = CRM_PERIOD_ALL;
	crm_staff_gather(db, &w, 1, &t);
	r->staff = crm_xmalloc((t.n ? (size_t)t.n : 1) * sizeof *r->staff);
	for (int i = 0; i < t.n; i++) {
		const struct crm_staff_cell *x = &t.v[i].cells[0];
		struct crm_rep_staff *m;

		/* as crm-note --summary --by staff: someone with only calls
		 * or plain notes has nothing to show */
		if (!crm_staff_shown(&t, i, 0))
			continue;
		named |= t.v[i].name != NULL;
		m = &r->staff[r->nstaff++];

		m->name = t.v[i].name; /* taken over */
		t.v[i].name = NULL;
		m->sales = x->sales;
		m->revenue = x->revenue;
		m->surveys = x->surveys;
		m->score_tenths = x->scored ? crm_div_round(x->score_sum * 10,
							    x->scored)
					    : -1;
		m->complaints = x->complaints;
		m->praise = x->praise;
	}
	crm_staff_table_release(&t);
	if (!named) { /* the unnamed row alone: no staff section */
		for (size_t i = 0; i < r->nstaff; i++)
			free(r->staff[i].name);
		r->nstaff = 0;
	}
}

void
crm_report_gather(struct crm_db *db, const struct crm_config *cfg,
		  struct crm_report *r)
{
	struct pass p;
	int y, m, d;

	memset(&p, 0, sizeof p);
	p.r = r;
	r->digits = cfg->minor_digits;
	snprintf(r->currency, sizeof r->currency, "%s", cfg->currency);
	r->lapsed_days = cfg->lapsed_days;
	r->top_percent = cfg->top_percent;
	/* everything dated up to --as-of counts, in the month and the year
	 * of --as-of; yesterday's row is the one day before it */
	p.y = r->as_of;
	crm_day_to_ymd(p.y, &y, &m, &d);
	r->year = y;
	p.year_start = crm_day_from_ymd(y, 1, 1);
	p.prev_start = crm_day_from_ymd(y - 1, 1, 1);
	span_init(&r->yesterday, r->as_of - 1, r->as_of - 1);
	span_init(&r->yesterday_ly, year_before(r->as_of - 1),
		  year_before(r->as_of - 1));
	span_init(&r->month, crm_period_start(CRM_PERIOD_MONTH, p.y), p.y);
	span_init(&r->month_ly,
		  crm_period_start(CRM_PERIOD_MONTH, year_before(p.y)),
		  year_before(p.y));
	load_cats(db, &p.cats);
	load_lost(db, &p);
	/* the customers of each category are counted in one_pass() */
	/* the buyers of the year who are in another category by now count
	 * among the customers of the one they bought in, as crm-value does */
	crm_db_category_strays(db, p.year_start, p.y, r->as_of, stray, &p.cats);
	day_pass(db, &p);
	one_pass(db, &p);
	cats_finish(&p.cats);
	finish_top(&p);
	finish_lists(r);
	/* categories: live ones, and deleted ones that still hold
	 * something in the report's scope (members on --as-of, or sales
	 * this year) */
	r->categories = crm_xmalloc((p.cats.n ? p.cats.n : 1) *
				    sizeof *r->categories);
	for (size_t i = 0; i < p.cats.n; i++) {
		const struct crm_rep_category *k = &p.cats.v[i];

		if (p.cats.deleted[i] && !k->customers && !k->buyers &&
		    !k->revenue && !k->profit && !k->profit_now) {
			free(k->name);
			continue;
		}
		r->categories[r->ncategories++] = p.cats.v[i];
	}
	crm_sort(r->categories, r->ncategories, sizeof *r->categories,
		 r->year_costed ? cat_cmp : cat_net_cmp);
	for (size_t i = 0; i < r->ncategories; i++)
		if (r->categories[i].profit_now != r->categories[i].profit)
			r->views_differ = 1;
	for (size_t i = 0; i < p.nlost; i++)
		free(p.lost[i].reason);
	free(p.lost);
	/* the lapsed are shown in the category they were in that day,
	 * which crm_db_customer_rows() gave (db-asof.c) */
	free(p.cats.id);
	free(p.cats.v);
	free(p.cats.cell);
	free(p.cats.deleted);
	r->open_complaints = crm_db_open_complaints(db, r->as_of, LIST_MAX,
						    complaint, r);
	crm_db_unthanked(db, r->as_of, unthanked_named, unthanked, r);
	crm_db_bonus_sums(db, r->since + 1, r->as_of, &r->bonus_issued,
			  &r->bonus_redeemed, &r->bonus_reversed);
	/* like every section, the surveys count up to the --as-of day,
	 * within its year */
	crm_db_survey_scores(db, p.year_start, r->as_of, r->scores);
	if (has(r, CRM_SEC_SEGMENTS))
		segments(db, cfg, r);
	if (has(r, CRM_SEC_STAFF))
		staff(db, p.year_start, r);
	crm_report_figures(r);
}

void
crm_report_release(struct crm_report *r)
{
	list_release(&r->new_customers);
	counts_release(&r->new_by_source);
	for (size_t i = 0; i < r->ncategories; i++)
		free(r->categories[i].name);
	free(r->categories);
	list_release(&r->lapsed);
	list_release(&r->lost);
	counts_release(&r->lost_reasons);
	list_release(&r->unthanked);
	for (size_t i = 0; i < r->ncomplaints; i++) {
		free(r->complaints[i].name);
		free(r->complaints[i].text);
	}
	free(r->complaints);
	counts_release(&r->segments);
	for (size_t i = 0; i < r->nstaff; i++)
		free(r->staff[i].name);
	free(r->staff);
	memset(r, 0, sizeof *r);
}
