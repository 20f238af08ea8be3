/*
 * value.c - what customers and groups of them are worth: sums over the
 * purchases per customer and period (crm-value), per category, source,
 * reason or staff member and period (crm-value --by), one customer's nets
 * (crm-show),
 * and the forecast of BG/NBD purchases times Gamma-Gamma spend
 * (crm-value --predict).  The commands format what these return.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

void
crm_totals_add(struct crm_totals *t, const struct crm_sale_row *r)
{
	if (r->amount >= 0) {
		t->purchases++;
		t->revenue += r->amount;
	} else
		t->returns -= r->amount;
	t->costed += r->costed != 0;
	crm_profit_add(&t->p, r);
}

void
crm_totals_merge(struct crm_totals *t, const struct crm_totals *more)
{
	t->purchases += more->purchases;
	t->revenue += more->revenue;
	t->returns += more->returns;
	t->p.costed_net += more->p.costed_net;
	t->p.cost += more->p.cost;
	t->p.uncosted += more->p.uncosted;
	t->costed += more->costed;
}

crm_money
crm_totals_net(const struct crm_totals *t)
{
	return t->revenue - t->returns;
}

void
crm_value_cell_add(struct crm_value_cell *x, const struct crm_sale_sum *r)
{
	crm_totals_merge(&x->t, &r->t);
	/* a return alone does not make a buyer; sales come by customer, so
	 * a buyer is new when it is not the last one counted */
	if (r->t.purchases && x->last_buyer != r->customer) {
		x->last_buyer = r->customer;
		x->buyers++;
	}
}

/* ---- per customer ---------------------------------------------------- */

/* years are whole years, and they, months and quarters whole months */
static enum crm_sums_grain
grain_of(const struct crm_window *w)
{
	switch (w->period) {
	case CRM_PERIOD_DAY:
	case CRM_PERIOD_WEEK:
		return CRM_SUMS_DAY;
	case CRM_PERIOD_YEAR:
		return CRM_SUMS_YEAR;
	default:
		return CRM_SUMS_MONTH;
	}
}

void
crm_value_by_customer(struct crm_db *db, const struct crm_window *w,
		      int only_selection,
		      void (*fn)(long long id, crm_day pstart,
				 const struct crm_totals *t, void *arg),
		      void *arg)
{
	struct crm_sums *it = crm_db_sums(db, w->from, w->to, grain_of(w),
					  only_selection);
	struct crm_sale_sum r;
	struct crm_totals t = {0};
	long long cur = 0;
	crm_day pstart = 0;

	while (crm_db_sums_next(it, &r)) {
		crm_day ps = crm_period_start(w->period, r.day);

		/* rows come by customer, then day: a period ends when either
		 * changes */
		if (cur && (r.customer != cur || ps != pstart)) {
			fn(cur, pstart, &t, arg);
			memset(&t, 0, sizeof t);
		}
		cur = r.customer;
		pstart = ps;
		crm_totals_merge(&t, &r.t);
	}
	if (cur)
		fn(cur, pstart, &t, arg);
	crm_db_sums_free(it);
}

/* ---- by group ---------------------------------------------------------- */

static int
same_name(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

static int
group_find(struct crm_value_groups *g, long long cat, const char *name)
{
	struct crm_value_group *x;

	if (g->last < g->n && g->v[g->last].cat == cat &&
	    (cat || same_name(g->v[g->last].name, name)))
		return g->last;
	for (int i = 0; i < g->n; i++)
		if (cat ? g->v[i].cat == cat : same_name(g->v[i].name, name))
			return g->last = i;
	g->v = crm_xrealloc(g->v, (size_t)(g->n + 1) * sizeof *g->v);
	x = &g->v[g->n];
	x->name = name ? crm_xstrdup(name) : NULL;
	x->cat = cat;
	x->live = 0;
	x->cells = crm_xmalloc((size_t)g->nperiods * sizeof *x->cells);
	memset(x->cells, 0, (size_t)g->nperiods * sizeof *x->cells);
	return g->last = g->n++;
}

void
crm_value_groups_release(struct crm_value_groups *g)
{
	for (int i = 0; i < g->n; i++) {
		free(g->v[i].name);
		free(g->v[i].cells);
	}
	free(g->v);
	free(g->starts);
	memset(g, 0, sizeof *g);
}

int
crm_group_name_cmp(const char *x, const char *y)
{
	if (!x)
		return y ? -1 : 0;
	if (!y)
		return 1;
	return strcmp(x, y);
}

static int
group_cmp(const void *a, const void *b)
{
	const struct crm_value_group *x = a, *y = b;

	return crm_group_name_cmp(x->name, y->name);
}


static crm_day
period_end(const struct crm_value_groups *g, const struct crm_window *w,
	   int p)
{
	crm_day end = p + 1 < g->nperiods ? g->starts[p + 1] - 1 : w->to;

	return end < w->to ? end : w->to;
}


struct members {
	struct crm_value_groups *g;
	int p;
};

static void
count_member(long long cat, long long n, void *arg)
{
	struct members *m = arg;
	int i = group_find(m->g, cat, NULL);

	m->g->v[i].cells[m->p].customers += n;
}

static void
count_member_on(int p, long long cat, long long n, void *arg)
{
	struct members *m = arg;

	m->p = p;
	count_member(cat, n, arg);
}

static void
load_categories(struct crm_db *db, const struct crm_window *w, int current,
		struct crm_value_groups *g)
{
	struct crm_db_iter *it = crm_db_categories(db, 1);
	struct crm_category k;
	struct members m = {g, 0};
	crm_day *ends;

	while (crm_db_categories_next(it, &k)) {
		int i = group_find(g, k.id, NULL);

		g->v[i].name = crm_xstrdup(k.name);
		g->v[i].live = !k.deleted;
	}
	crm_db_iter_free(it);
	if (current)
		return;
	/* customers: those in the category at the period's end, and those
	 * whose sales in the period count for it though they have left */
	ends = crm_xmalloc((size_t)g->nperiods * sizeof *ends);
	for (m.p = 0; m.p < g->nperiods; m.p++)
		ends[m.p] = period_end(g, w, m.p);
	crm_db_category_members(db, ends, g->nperiods, count_member_on, &m);
	free(ends);
	for (m.p = 0; m.p < g->nperiods; m.p++) {
		crm_db_category_strays(db, g->starts[m.p], period_end(g, w, m.p),
				       period_end(g, w, m.p), count_member, &m);
	}
}

/*
 * --current: every customer's category on as_of, read in id order beside
 * the sales (also in id order) instead of kept for all customers, so the
 * memory does not grow with them.  Each customer who existed then counts
 * in their category in every period.
 */
struct asof {
	struct crm_db_iter *it;
	int have, exists;
	long long id, cat;
};

static void
asof_count(struct crm_value_groups *g, const struct asof *a)
{
	int i;

	if (!a->exists || !a->cat)
		return;
	i = group_find(g, a->cat, NULL);
	for (int p = 0; p < g->nperiods; p++)
		g->v[i].cells[p].customers++;
}

static int
asof_advance(struct crm_value_groups *g, struct asof *a)
{
	a->have = crm_db_category_asof_next(a->it, &a->id, &a->cat, &a->exists);
	if (a->have)
		asof_count(g, a);
	return a->have;
}

/* the category of customer id on as_of; 0 when it has none */
static long long
asof_category(struct crm_value_groups *g, struct asof *a, long long id)
{
	while ((!a->have || a->id < id) && asof_advance(g, a))
		;
	return a->have && a->id == id ? a->cat : 0;
}

static const char *
attribute(enum crm_value_by by, const struct crm_cust_row *c)
{
	return by == CRM_VALUE_SOURCE ? c->source : c->reason;
}

/* customers per source or reason on each period's last day */
static void
count_attribute_members(struct crm_db *db, const struct crm_window *w,
			struct crm_value_groups *g)
{
	struct crm_db_iter *it = crm_db_customer_rows(db, 1, 0, w->to);
	struct crm_cust_row c;

	while (crm_db_customer_rows_next(it, &c)) {
		int i, p;

		if (c.start > w->to)
			continue;
		i = group_find(g, 0, attribute(g->by, &c));
		p = crm_period_index(g->starts, g->nperiods, c.start);
		/* counted from the period it appeared in; summed below */
		g->v[i].cells[p].customers++;
	}
	crm_db_iter_free(it);
	for (int i = 0; i < g->n; i++)
		for (int p = 1; p < g->nperiods; p++)
			g->v[i].cells[p].customers += g->v[i].cells[p - 1].customers;
}

/* the sales of the window summed into their groups, customer by customer */
static void
sales_by_group(struct crm_db *db, const struct crm_window *w,
	       enum crm_value_by by, int current, int only_selection,
	       struct crm_value_groups *g, struct crm_db_iter *cust,
	       struct asof *a)
{
	struct crm_sums *it;
	struct crm_sale_sum r;
	struct crm_cust_row c = {0};
	int have_c = 0;

	it = crm_db_sums(db, w->from, w->to, grain_of(w), only_selection);
	while (crm_db_sums_next(it, &r)) {
		int i, p = crm_period_index(g->starts, g->nperiods, r.day);

		if (cust) {
			/* both streams are in id order: a merge join */
			while ((!have_c || c.id < r.customer) &&
			       (have_c = crm_db_customer_rows_next(cust, &c)))
				;
			i = group_find(g, 0, have_c ? attribute(by, &c) : NULL);
		} else if (current)
			i = group_find(g, asof_category(g, a, r.customer), NULL);
		else
			i = group_find(g, r.category, NULL);
		crm_value_cell_add(&g->v[i].cells[p], &r);
	}
	crm_db_sums_free(it);
}

/*
 * The sales of the window per staff member (crm-staff.h), from the
 * purchases: the summaries do not know who sold.  Rows come by staff,
 * then customer, then day, so a customer is new to a staff member's
 * period when the staff, the customer or the period changes.
 */
static void
sales_by_staff(struct crm_db *db, const struct crm_window *w,
	       int only_selection, struct crm_value_groups *g)
{
	struct crm_db_iter *it = crm_db_staff_sales(db, w->from, w->to,
						    only_selection);
	struct crm_staff_sale s;
	int last_i = -1, last_p = -1;
	long long last_customer = 0;

	while (crm_db_staff_sales_next(it, &s)) {
		int i = group_find(g, 0, s.staff);
		int p = crm_period_index(g->starts, g->nperiods, s.sale.day);
		struct crm_value_cell *x = &g->v[i].cells[p];
		struct crm_sale_sum r;

		memset(&r, 0, sizeof r);
		r.customer = s.sale.customer;
		r.category = s.sale.category;
		r.day = s.sale.day;
		crm_totals_add(&r.t, &s.sale);
		if (i != last_i || p != last_p || r.customer != last_customer)
			x->customers++;
		last_i = i;
		last_p = p;
		last_customer = r.customer;
		crm_value_cell_add(x, &r);
	}
	crm_db_iter_free(it);
}

/* Every category's sums and buyers per period from the summaries, when
 * they hold the window (whole months or years): 0 when they do not. */
static int
group_sums(struct crm_db *db, const struct crm_window *w,
	   struct crm_value_groups *g)
{
	struct crm_db_iter *it = crm_db_group_sums(db, w->from, w->to, w->period);
	struct crm_totals t;
	long long cat, buyers;
	crm_day start;

	if (!it)
		return 0;
	while (crm_db_group_sums_next(it, &start, &cat, &t, &buyers)) {
		int i = group_find(g, cat, NULL);
		struct crm_value_cell *x =
			&g->v[i].cells[crm_period_index(g->starts, g->nperiods, start)];

		crm_totals_merge(&x->t, &t);
		x->buyers += buyers;
	}
	crm_db_iter_free(it);
	return 1;
}

void
crm_value_by_group(struct crm_db *db, const struct crm_window *w,
		   enum crm_value_by by, int current, crm_day as_of,
		   int only_selection, struct crm_value_groups *g)
{
	struct crm_db_iter *cust = NULL;
	struct asof a = {NULL, 0, 0, 0, 0};

	memset(g, 0, sizeof *g);
	g->by = by;
	g->nperiods = crm_window_periods(w, &g->starts);
	if (by == CRM_VALUE_STAFF) {
		sales_by_staff(db, w, only_selection, g);
		crm_sort(g->v, (size_t)g->n, sizeof *g->v, group_cmp);
		return;
	}
	if (by == CRM_VALUE_CATEGORY) {
		load_categories(db, w, current, g);
		if (current)
			a.it = crm_db_category_asof(db, as_of);
	} else {
		count_attribute_members(db, w, g);
		cust = crm_db_customer_rows(db, 0, 0, w->to);
	}
	/* a category's sums per period are kept as they are asked for */
	if (by != CRM_VALUE_CATEGORY || current || only_selection ||
	    !group_sums(db, w, g))
		sales_by_group(db, w, by, current, only_selection, g, cust, &a);
	crm_db_iter_free(cust);
	if (a.it) {
		/* the customers after the last sale count too */
		while (asof_advance(g, &a))
			;
		crm_db_iter_free(a.it);
	}
	crm_sort(g->v, (size_t)g->n, sizeof *g->v, group_cmp);
}

int
crm_value_shown(const struct crm_value_groups *g, int i, int p)
{
	const struct crm_value_cell *x = &g->v[i].cells[p];

	return g->by != CRM_VALUE_CATEGORY || g->v[i].live || x->buyers ||
	       x->customers || x->t.revenue || x->t.returns;
}

crm_money
crm_value_period_profit(const struct crm_value_groups *g, int p)
{
	crm_money total = 0;

	for (int i = 0; i < g->n; i++)
		total += crm_profit_value(&g->v[i].cells[p].t.p);
	return total;
}

crm_money
crm_value_per_customer(const struct crm_value_cell *c)
{
	crm_money profit = crm_profit_value(&c->t.p);

	return c->customers ? crm_div_round(profit, c->customers) : 0;
}

/* ---- one customer ------------------------------------------------------ */

void
crm_value_nets(struct crm_db *db, long long id, crm_day as_of,
	       struct crm_nets *n)
{
	struct crm_db_iter *it = crm_db_customer_sales(db, id, as_of);
	crm_day month = crm_period_start(CRM_PERIOD_MONTH, as_of);
	crm_day year = crm_period_start(CRM_PERIOD_YEAR, as_of);
	struct crm_sale_row r;

	memset(n, 0, sizeof *n);
	while (crm_db_sales_next(it, &r)) {
		n->all += r.amount;
		if (r.day >= year)
			n->year += r.amount;
		if (r.day >= month)
			n->month += r.amount;
	}
	crm_db_iter_free(it);
}

/* ---- the future: BG/NBD purchases x Gamma-Gamma spend ------------------ */

void
crm_value_predict(const struct crm_fit *f, const struct crm_cust_stats *s,
		  double weeks, crm_day as_of, int digits,
		  struct crm_prediction *out)
{
	double scale = 1, es;
	struct crm_model_in in;

	for (int i = 0; i < digits; i++)
		scale *= 10;
	crm_model_inputs(s, as_of, digits, &in);
	out->purchases = crm_bgnbd_expected(&f->bg, weeks, in.x, in.tx, in.T);
	out->p_alive = crm_bgnbd_p_alive(&f->bg, in.x, in.tx, in.T);
	es = crm_gg_expected_spend(&f->gg, in.x, in.m);
	/* with q <= 1 the population's mean spend p v / (q - 1) does not
	 * exist: a customer without a repeat purchase gets no forecast */
	out->known = isfinite(es) && es >= 0 && es * scale <= 1e17;
	if (out->known) {
		/* to the minor unit, half away from zero, as money always is */
		out->spend = (crm_money)llround(es * scale);
		out->value = (crm_money)llround(out->purchases * es * scale);
	} else
		out->spend = out->value = 0;
}

void
crm_forecast_add(struct crm_forecast *sum, const struct crm_prediction *p)
{
	sum->customers++;
	sum->purchases += p->purchases;
	if (p->known)
		sum->value += p->value;
	else
		sum->unknown++;
}

void
crm_value_predict_each(struct crm_db *db, const struct crm_fit *f,
		       long long days, crm_day as_of, int digits,
		       int only_selection,
		       void (*fn)(const struct crm_cust_row *c,
				  const struct crm_prediction *p, void *arg),
		       void *arg, struct crm_forecast *sum)
{
	struct crm_db_iter *it = crm_db_customer_rows(db, 0, 0, as_of);
	struct crm_stats *st = crm_stats_open(db, crm_db_first_sale_day(db),
					      as_of, only_selection);
	struct crm_cust_row c;
	struct crm_cust_stats s;
	struct crm_prediction p;
	int have_s = crm_stats_next(st, &s);

	memset(sum, 0, sizeof *sum);
	while (have_s && crm_db_customer_rows_next(it, &c)) {
		while (have_s && s.id < c.id)
			have_s = crm_stats_next(st, &s);
		/* only customers who have bought have a history to model */
		if (!(have_s && s.id == c.id && s.ndays))
			continue;
		crm_value_predict(f, &s, days / 7.0, as_of, digits, &p);
		crm_forecast_add(sum, &p);
		if (fn)
			fn(&c, &p, arg);
	}
	crm_stats_close(st);
	crm_db_iter_free(it);
}
