/* crm-value - what customers are worth per period, and which group earns most */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

enum by { BY_CUSTOMER, BY_CATEGORY, BY_SOURCE, BY_REASON };

enum {
	OPT_BY = CRM_OPT_FIRST_LOCAL,
	OPT_UNPAID,
	OPT_PREDICT,
	OPT_SUMMARY,
	OPT_PARAMS,
	OPT_CURRENT
};

static const struct crm_optdef opts[] = {
	{"by", 1, OPT_BY, "GROUP", "sum per category, source or reason"},
	{"unpaid", 0, OPT_UNPAID, NULL, "list the open credit"},
	{"predict", 1, OPT_PREDICT, "DAYS",
	 "forecast the value of the next DAYS"},
	{"summary", 0, OPT_SUMMARY, NULL, "with --predict: one summary row"},
	{"params", 0, OPT_PARAMS, NULL,
	 "with --predict: the fitted parameters"},
	{"current", 0, OPT_CURRENT, NULL,
	 "with --by: group by the category on --as-of"},
	CRM_OPTDEFS_WINDOW,
	CRM_OPTDEFS_BASE,
	CRM_OPTDEFS_REPORT,
	{0}};
static const char *const synopsis[] = {
	"crm-value [--period day|week|month|quarter|year|all] [--from DATE] "
	"[--to DATE] [--as-of DATE] [--by category|source|reason "
	"[--current]] [-H|--no-header] [--format tsv|csv|json] [-q|--quiet] "
	"[--progress] [--db FILE] [--config FILE] [-]",
	"crm-value --unpaid [--as-of DATE] [-H] [--format F]",
	"crm-value --predict DAYS [--summary | --params] [--as-of DATE] [-H] "
	"[--format F] [-]",
	NULL};

static void
usage(int status)
{
	crm_usage(status, synopsis, opts);
}

/* Sums over purchases: returns count apart; profit as profit.c says. */
struct totals {
	long long purchases;
	crm_money revenue, returns;
	struct crm_profit p;
};

static void
totals_add(struct totals *t, const struct crm_sale_row *r)
{
	if (r->amount >= 0) {
		t->purchases++;
		t->revenue += r->amount;
	} else
		t->returns -= r->amount;
	crm_profit_add(&t->p, r);
}

struct value {
	struct crm_ctx ctx;
	struct crm_window w;
	enum by by;
	int only_selection;
	int current;   /* --current: each sale counts for the group as of as_of */
	crm_day as_of;
	struct crm_out out;
	/* the periods of a --by report */
	crm_day *starts;
	int nperiods;
};

static void
period_label(const struct value *v, crm_day day, char *buf)
{
	crm_period_key(v->w.period, day, buf);
}

/* ---- per customer ---------------------------------------------------- */

static void
put_customer_row(struct value *v, long long id, crm_day pstart,
		 const struct totals *t)
{
	int d = v->ctx.cfg.minor_digits;
	char key[CRM_PERIOD_BUFSZ];

	period_label(v, pstart, key);
	crm_out_int(&v->out, id);
	crm_out_str(&v->out, key);
	crm_out_int(&v->out, t->purchases);
	crm_out_money(&v->out, t->revenue, d);
	crm_out_money(&v->out, t->returns, d);
	crm_out_money(&v->out, t->revenue - t->returns, d);
	crm_out_money(&v->out, t->p.cost, d);
	crm_out_money(&v->out, crm_profit_value(&t->p), d);
	crm_out_money(&v->out, t->p.uncosted, d);
	crm_out_end_row(&v->out);
}

static void
by_customer(struct value *v)
{
	static const char *const cols[] = {"id",  "period", "purchases",
					   "revenue", "returns", "net",
					   "cost", "profit", "uncosted"};
	struct crm_db_iter *it = crm_db_sales(v->ctx.db, v->w.from, v->w.to,
					      v->only_selection);
	struct crm_sale_row r;
	struct totals t = {0};
	long long cur = 0;
	crm_day pstart = 0;

	crm_out_begin(&v->out, stdout, v->ctx.o.format, v->ctx.o.header, cols, 9);
	while (crm_db_sales_next(it, &r)) {
		crm_day ps = crm_period_start(v->w.period, r.day);

		/* rows come by customer, then day: a period ends when either
		 * changes */
		if (cur && (r.customer != cur || ps != pstart)) {
			put_customer_row(v, cur, pstart, &t);
			memset(&t, 0, sizeof t);
		}
		cur = r.customer;
		pstart = ps;
		totals_add(&t, &r);
	}
	if (cur)
		put_customer_row(v, cur, pstart, &t);
	crm_db_iter_free(it);
}

/* ---- by group ---------------------------------------------------------- */

struct cell {
	long long customers, buyers, last_buyer;
	struct totals t;
};

struct group {
	char *name;       /* NULL: the group of customers without a value */
	long long cat;    /* category id for --by category */
	int live;         /* a live category: listed even when empty */
	struct cell *cells; /* one per period */
};

struct groups {
	struct group *v;
	int n;
	int last; /* the last group found: consecutive rows repeat it */
};

static int
group_find(struct groups *g, long long cat, const char *name, int nperiods)
{
	if (g->last < g->n && g->v[g->last].cat == cat &&
	    (cat || (g->v[g->last].name && name
			     ? !strcmp(g->v[g->last].name, name)
			     : g->v[g->last].name == name)))
		return g->last;
	for (int i = 0; i < g->n; i++) {
		const struct group *x = &g->v[i];

		if (cat ? x->cat == cat
			: (x->name && name ? !strcmp(x->name, name)
					   : x->name == name))
			return g->last = i;
	}
	g->v = crm_xrealloc(g->v, (size_t)(g->n + 1) * sizeof *g->v);
	g->v[g->n].name = name ? crm_xstrdup(name) : NULL;
	g->v[g->n].cat = cat;
	g->v[g->n].live = 0;
	g->v[g->n].cells = crm_xmalloc((size_t)nperiods * sizeof(struct cell));
	memset(g->v[g->n].cells, 0, (size_t)nperiods * sizeof(struct cell));
	return g->last = g->n++;
}

static void
groups_release(struct groups *g)
{
	for (int i = 0; i < g->n; i++) {
		free(g->v[i].name);
		free(g->v[i].cells);
	}
	free(g->v);
}

static int
group_cmp(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	/* the group without a value first */
	if (!x->name)
		return y->name ? -1 : 0;
	if (!y->name)
		return 1;
	return strcmp(x->name, y->name);
}

/* the index of the period holding day (binary search over starts) */
static int
period_index(const struct value *v, crm_day day)
{
	int lo = 0, hi = v->nperiods - 1;

	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;

		if (v->starts[mid] <= day)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

static crm_day
period_end(const struct value *v, int p)
{
	crm_day end = p + 1 < v->nperiods ? v->starts[p + 1] - 1 : v->w.to;

	return end < v->w.to ? end : v->w.to;
}

static void
make_periods(struct value *v)
{
	crm_day s;
	int cap = 16;

	v->starts = crm_xmalloc((size_t)cap * sizeof *v->starts);
	v->nperiods = 0;
	if (v->w.period == CRM_PERIOD_ALL) {
		v->starts[v->nperiods++] = v->w.from;
		return;
	}
	for (s = crm_period_start(v->w.period, v->w.from); s <= v->w.to;
	     s = crm_period_next(v->w.period, s)) {
		if (v->nperiods == cap) {
			cap *= 2;
			v->starts = crm_xrealloc(v->starts,
						 (size_t)cap * sizeof *v->starts);
		}
		/* the first period starts at --from, not before it */
		v->starts[v->nperiods++] = s < v->w.from ? v->w.from : s;
	}
}

struct members {
	struct groups *g;
	int p, nperiods;
};

static void
count_member(long long cat, long long n, void *arg)
{
	struct members *m = arg;
	int i = group_find(m->g, cat, NULL, m->nperiods);

	m->g->v[i].cells[m->p].customers += n;
}

/* the category of every customer as of --as-of, for --current */
struct asof {
	long long *id, *cat;
	size_t n;
};

static long long
asof_category(const struct asof *a, long long id)
{
	size_t lo = 0, hi = a->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a->id[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < a->n && a->id[lo] == id ? a->cat[lo] : 0;
}

/* customers = those in the category as of --as-of, in every period */
static void
load_asof(struct value *v, struct groups *g, struct asof *a)
{
	struct crm_db_iter *it = crm_db_category_asof(v->ctx.db, v->as_of);
	long long id, cat;
	int exists;
	size_t cap = 0;

	while (crm_db_category_asof_next(it, &id, &cat, &exists)) {
		int i;

		if (a->n == cap) {
			cap = cap ? 2 * cap : 256;
			a->id = crm_xrealloc(a->id, cap * sizeof *a->id);
			a->cat = crm_xrealloc(a->cat, cap * sizeof *a->cat);
		}
		a->id[a->n] = id;
		a->cat[a->n++] = cat;
		if (!exists || !cat)
			continue;
		i = group_find(g, cat, NULL, v->nperiods);
		for (int p = 0; p < v->nperiods; p++)
			g->v[i].cells[p].customers++;
	}
	crm_db_iter_free(it);
}

static void
load_categories(struct value *v, struct groups *g)
{
	struct crm_db_iter *it = crm_db_categories(v->ctx.db, 1);
	struct crm_category k;
	struct members m = {g, 0, v->nperiods};

	while (crm_db_categories_next(it, &k)) {
		int i = group_find(g, k.id, NULL, v->nperiods);

		g->v[i].name = crm_xstrdup(k.name);
		g->v[i].live = !k.deleted;
	}
	crm_db_iter_free(it);
	if (v->current)
		return;
	/* customers: those in the category at the period's end, and those
	 * whose sales in the period count for it though they have left */
	for (m.p = 0; m.p < v->nperiods; m.p++) {
		crm_db_category_members(v->ctx.db, period_end(v, m.p),
					count_member, &m);
		crm_db_category_strays(v->ctx.db, v->starts[m.p],
				       period_end(v, m.p), period_end(v, m.p),
				       count_member, &m);
	}
}

static const char *
attribute(const struct value *v, const struct crm_cust_row *c)
{
	return v->by == BY_SOURCE ? c->source : c->reason;
}

/* customers per source or reason on each period's last day */
static void
count_attribute_members(struct value *v, struct groups *g)
{
	struct crm_db_iter *it = crm_db_customer_rows(v->ctx.db, 1, 0, v->w.to);
	struct crm_cust_row c;

	while (crm_db_customer_rows_next(it, &c)) {
		int i, p;

		if (c.start > v->w.to)
			continue;
		i = group_find(g, 0, attribute(v, &c), v->nperiods);
		p = c.start <= v->starts[0] ? 0 : period_index(v, c.start);
		/* counted from the period it appeared in; summed below */
		g->v[i].cells[p].customers++;
	}
	crm_db_iter_free(it);
	for (int i = 0; i < g->n; i++)
		for (int p = 1; p < v->nperiods; p++)
			g->v[i].cells[p].customers += g->v[i].cells[p - 1].customers;
}

static void
put_group_rows(struct value *v, struct groups *g)
{
	static const char *const cols[] = {
		"period",  "category", "customers",           "buyers",
		"revenue", "profit",   "profit_per_customer", "share",
		"uncosted"};
	const char *const *c = cols;
	const char *names[9];
	int d = v->ctx.cfg.minor_digits, ncols = 9;
	char buf[CRM_MONEY_BUFSZ], key[CRM_PERIOD_BUFSZ];

	memcpy(names, cols, sizeof names);
	names[1] = v->by == BY_CATEGORY ? "category"
		   : v->by == BY_SOURCE ? "source"
					: "reason";
	c = names;
	if (v->w.period == CRM_PERIOD_ALL) {
		c++;
		ncols--;
	}
	crm_sort(g->v, (size_t)g->n, sizeof *g->v, group_cmp);
	crm_out_begin(&v->out, stdout, v->ctx.o.format, v->ctx.o.header, c,
		      ncols);
	for (int p = 0; p < v->nperiods; p++) {
		crm_money total = 0;

		for (int i = 0; i < g->n; i++)
			total += crm_profit_value(&g->v[i].cells[p].t.p);
		for (int i = 0; i < g->n; i++) {
			const struct cell *x = &g->v[i].cells[p];
			crm_money profit = crm_profit_value(&x->t.p);

			/* a deleted category shows only where it has sales or
			 * customers (it was deleted after the period) */
			if (v->by == BY_CATEGORY && !g->v[i].live && !x->buyers &&
			    !x->customers && !x->t.revenue && !x->t.returns)
				continue;
			if (v->w.period != CRM_PERIOD_ALL) {
				period_label(v, v->starts[p], key);
				crm_out_str(&v->out, key);
			}
			crm_out_str(&v->out, g->v[i].name);
			crm_out_int(&v->out, x->customers);
			crm_out_int(&v->out, x->buyers);
			crm_out_money(&v->out, x->t.revenue, d);
			crm_out_money(&v->out, profit, d);
			crm_out_money(&v->out,
				      x->customers ? crm_div_round(profit,
								   x->customers)
						   : 0,
				      d);
			crm_out_num(&v->out, crm_share_format(profit, total, buf));
			crm_out_money(&v->out, x->t.p.uncosted, d);
			crm_out_end_row(&v->out);
		}
	}
}

static void
by_group(struct value *v)
{
	struct groups g = {0};
	struct crm_db_iter *it, *cust = NULL;
	struct crm_sale_row r;
	struct crm_cust_row c = {0};
	struct asof a = {0};
	int have_c = 0;

	make_periods(v);
	if (v->by == BY_CATEGORY) {
		load_categories(v, &g);
		if (v->current)
			load_asof(v, &g, &a);
	} else {
		count_attribute_members(v, &g);
		cust = crm_db_customer_rows(v->ctx.db, 0, 0, v->w.to);
	}
	it = crm_db_sales(v->ctx.db, v->w.from, v->w.to, v->only_selection);
	while (crm_db_sales_next(it, &r)) {
		int i, p = period_index(v, r.day);
		struct cell *x;

		if (cust) {
			/* both streams are in id order: a merge join */
			while ((!have_c || c.id < r.customer) &&
			       (have_c = crm_db_customer_rows_next(cust, &c)))
				;
			i = group_find(&g, 0, have_c ? attribute(v, &c) : NULL,
				       v->nperiods);
		} else if (v->current)
			i = group_find(&g, asof_category(&a, r.customer), NULL,
				       v->nperiods);
		else
			i = group_find(&g, r.category, NULL, v->nperiods);
		x = &g.v[i].cells[p];
		totals_add(&x->t, &r);
		/* a return alone does not make a buyer */
		if (r.amount >= 0 && x->last_buyer != r.customer) {
			x->last_buyer = r.customer;
			x->buyers++;
		}
	}
	crm_db_iter_free(it);
	crm_db_iter_free(cust);
	free(a.id);
	free(a.cat);
	put_group_rows(v, &g);
	groups_release(&g);
	free(v->starts);
}

/* ---- open credit ------------------------------------------------------- */

static void
unpaid(struct value *v, crm_day as_of)
{
	static const char *const cols[] = {"id",     "name",   "ref",
					   "date",   "amount", "age_days"};
	struct crm_db_iter *it = crm_db_unpaid(v->ctx.db, as_of,
						 as_of < crm_today());
	struct crm_unpaid u;
	char date[CRM_DATE_BUFSZ];

	crm_out_begin(&v->out, stdout, v->ctx.o.format, v->ctx.o.header, cols, 6);
	while (crm_db_unpaid_next(it, &u)) {
		crm_out_int(&v->out, u.id);
		crm_out_str(&v->out, u.name);
		crm_out_str(&v->out, u.ref);
		crm_out_str(&v->out, crm_date_format(u.day, date));
		crm_out_money(&v->out, u.amount, v->ctx.cfg.minor_digits);
		crm_out_int(&v->out, as_of - u.day);
		crm_out_end_row(&v->out);
	}
	crm_db_iter_free(it);
}

/* ---- the future: BG/NBD purchases x Gamma-Gamma spend ------------------ */

struct forecast {
	long long customers, unknown;
	double purchases;
	crm_money value;
};

static void
put_prediction(struct value *v, const struct crm_fit *f,
	       const struct crm_cust_row *c, const struct crm_cust_stats *s,
	       double weeks, crm_day as_of, struct forecast *sum, int rows)
{
	int d = v->ctx.cfg.minor_digits;
	double scale = 1, ep, pa, es;
	struct crm_model_in in;
	crm_money spend, value;
	char buf[64];

	for (int i = 0; i < d; i++)
		scale *= 10;
	crm_model_inputs(s, as_of, d, &in);
	ep = crm_bgnbd_expected(&f->bg, weeks, in.x, in.tx, in.T);
	pa = crm_bgnbd_p_alive(&f->bg, in.x, in.tx, in.T);
	es = crm_gg_expected_spend(&f->gg, in.x, in.m);
	sum->customers++;
	sum->purchases += ep;
	/* with q <= 1 the population's mean spend p v / (q - 1) does not
	 * exist: a customer without a repeat purchase gets no forecast */
	if (!isfinite(es) || es < 0 || es * scale > 1e17) {
		sum->unknown++;
		spend = value = 0;
	} else {
		/* to the minor unit, half away from zero, as money always is */
		spend = (crm_money)llround(es * scale);
		value = (crm_money)llround(ep * es * scale);
		sum->value += value;
	}
	if (!rows)
		return;
	crm_out_int(&v->out, c->id);
	crm_out_str(&v->out, c->name);
	snprintf(buf, sizeof buf, "%.4f", ep);
	crm_out_num(&v->out, buf);
	snprintf(buf, sizeof buf, "%.4f", pa);
	crm_out_num(&v->out, buf);
	if (!isfinite(es) || es < 0 || es * scale > 1e17) {
		crm_out_null(&v->out);
		crm_out_null(&v->out);
	} else {
		crm_out_money(&v->out, spend, d);
		crm_out_money(&v->out, value, d);
	}
	crm_out_end_row(&v->out);
}

static void
predict(struct value *v, long long days, int summary, int params,
	crm_day as_of)
{
	static const char *const cols[] = {
		"id",          "name",           "expected_purchases",
		"p_alive",     "expected_spend", "predicted_value"};
	static const char *const scols[] = {"customers", "expected_purchases",
					    "predicted_value"};
	static const char *const pcols[] = {"model", "param", "value"};
	struct crm_fit f;
	struct crm_err e;
	struct forecast sum = {0};
	struct crm_db_iter *it;
	struct crm_stats *st;
	struct crm_cust_row c;
	struct crm_cust_stats s;
	int have_s;
	char buf[64];

	if (crm_fit_models(v->ctx.db, as_of, v->ctx.cfg.minor_digits, 1, &f,
			   &e) < 0)
		crm_die(e.status, "%s", e.msg);
	if (params) {
		crm_out_begin(&v->out, stdout, v->ctx.o.format, v->ctx.o.header,
			      pcols, 3);
		crm_fit_print(&f, &v->out);
		return;
	}
	if (!summary)
		crm_out_begin(&v->out, stdout, v->ctx.o.format, v->ctx.o.header,
			      cols, 6);
	it = crm_db_customer_rows(v->ctx.db, 0, 0, as_of);
	st = crm_stats_open(v->ctx.db, crm_db_first_sale_day(v->ctx.db), as_of,
			    v->only_selection);
	have_s = crm_stats_next(st, &s);
	while (have_s && crm_db_customer_rows_next(it, &c)) {
		while (have_s && s.id < c.id)
			have_s = crm_stats_next(st, &s);
		/* only customers who have bought have a history to model */
		if (have_s && s.id == c.id && s.ndays)
			put_prediction(v, &f, &c, &s, days / 7.0, as_of, &sum,
				       !summary);
	}
	crm_stats_close(st);
	crm_db_iter_free(it);
	if (sum.unknown && !v->ctx.o.quiet)
		crm_warn("Gamma-Gamma q = %.4g <= 1: spend has no population mean, "
			 "so %lld customer%s without a repeat purchase get%s no "
			 "expected spend", f.gg.q, sum.unknown,
			 sum.unknown == 1 ? "" : "s", sum.unknown == 1 ? "s" : "");
	if (summary) {
		crm_out_begin(&v->out, stdout, v->ctx.o.format, v->ctx.o.header,
			      scols, 3);
		crm_out_int(&v->out, sum.customers);
		snprintf(buf, sizeof buf, "%.4f", sum.purchases);
		crm_out_num(&v->out, buf);
		crm_out_money(&v->out, sum.value, v->ctx.cfg.minor_digits);
		crm_out_end_row(&v->out);
	}
}

int
main(int argc, char **argv)
{
	struct crm_getopt g;
	struct value v;
	int c, open_credit = 0, summary = 0, params = 0;
	long long predict_days = 0;
	crm_day as_of;

	crm_set_progname(argv);
	crm_getopt_init(&g, opts);
	memset(&v, 0, sizeof v);
	crm_opts_init(&v.ctx.o);
	while ((c = getopt_long(argc, argv, g.shortopts, g.longopts,
				NULL)) != -1) {
		if (crm_window_option(&v.w, c, optarg))
			continue;
		if (c == OPT_BY) {
			if (!strcmp(optarg, "category"))
				v.by = BY_CATEGORY;
			else if (!strcmp(optarg, "source"))
				v.by = BY_SOURCE;
			else if (!strcmp(optarg, "reason"))
				v.by = BY_REASON;
			else
				crm_die(CRM_EX_USAGE, "--by: '%s' is not one of "
					"category, source, reason", optarg);
		} else if (c == OPT_UNPAID)
			open_credit = 1;
		else if (c == OPT_PREDICT)
			predict_days = crm_opt_int("--predict", optarg, 1, 36500);
		else if (c == OPT_SUMMARY)
			summary = 1;
		else if (c == OPT_PARAMS)
			params = 1;
		else if (c == OPT_CURRENT)
			v.current = 1;
		else if (!crm_opts_handle(&v.ctx.o, c, optarg, usage))
			usage(CRM_EX_USAGE);
	}
	v.only_selection = crm_report_operand(argc, argv, optind, usage);
	if ((summary || params) && !predict_days)
		crm_die(CRM_EX_USAGE, "--summary and --params go with --predict");
	if (v.current && (v.by == BY_CUSTOMER || open_credit || predict_days))
		crm_die(CRM_EX_USAGE, "--current goes with --by");
	crm_ctx_open(&v.ctx, CRM_DB_READ);
	as_of = v.as_of = crm_ctx_as_of(&v.ctx);
	if (v.only_selection)
		crm_mark_stdin(v.ctx.db);
	if (open_credit)
		unpaid(&v, as_of);
	else if (predict_days)
		predict(&v, predict_days, summary, params, as_of);
	else {
		crm_window_resolve(&v.w, as_of,
				   crm_db_first_sale_day(v.ctx.db), 0);
		if (v.by == BY_CUSTOMER)
			by_customer(&v);
		else
			by_group(&v);
	}
	crm_ctx_close(&v.ctx);
	crm_close_stdout();
	return 0;
}
