/* crm-value - what customers are worth per period, and which group earns most */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

enum by { BY_CUSTOMER, BY_CATEGORY, BY_SOURCE, BY_REASON, BY_STAFF };

enum {
	OPT_BY = CRM_OPT_FIRST_LOCAL,
	OPT_UNPAID,
	OPT_PREDICT,
	OPT_SUMMARY,
	OPT_PARAMS,
	OPT_CURRENT
};

static const struct crm_optdef opts[] = {
	{"by", 1, OPT_BY, "GROUP", "sum per category, source, reason or staff"},
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
	"[--to DATE] [--as-of DATE] [--by category|source|reason|staff "
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

struct value {
	struct crm_ctx ctx;
	struct crm_window w;
	enum by by;
	int only_selection;
	int current;   /* --current: each sale counts for the group as of as_of */
	crm_day as_of;
	struct crm_out out;
};

static void
period_label(const struct value *v, crm_day day, char *buf)
{
	crm_period_key(v->w.period, day, buf);
}

/* ---- per customer ---------------------------------------------------- */

static void
put_customer_row(long long id, crm_day pstart, const struct crm_totals *t,
		 void *arg)
{
	struct value *v = arg;
	int d = v->ctx.cfg.minor_digits;
	char key[CRM_PERIOD_BUFSZ];

	period_label(v, pstart, key);
	crm_out_int(&v->out, id);
	crm_out_str(&v->out, key);
	crm_out_int(&v->out, t->purchases);
	crm_out_money(&v->out, t->revenue, d);
	crm_out_money(&v->out, t->returns, d);
	crm_out_money(&v->out, crm_totals_net(t), d);
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

	crm_out_begin(&v->out, stdout, v->ctx.o.format, v->ctx.o.header, cols, 9);
	crm_value_by_customer(v->ctx.db, &v->w, v->only_selection,
			      put_customer_row, v);
}

/* ---- by group ---------------------------------------------------------- */

static void
put_group_rows(struct value *v, const struct crm_value_groups *g)
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
		   : v->by == BY_STAFF	? "staff"
					: "reason";
	c = names;
	if (v->w.period == CRM_PERIOD_ALL) {
		c++;
		ncols--;
	}
	crm_out_begin(&v->out, stdout, v->ctx.o.format, v->ctx.o.header, c,
		      ncols);
	for (int p = 0; p < g->nperiods; p++) {
		crm_money total = crm_value_period_profit(g, p);

		for (int i = 0; i < g->n; i++) {
			const struct crm_value_cell *x = &g->v[i].cells[p];
			crm_money profit = crm_profit_value(&x->t.p);

			if (!crm_value_shown(g, i, p))
				continue;
			if (v->w.period != CRM_PERIOD_ALL) {
				period_label(v, g->starts[p], key);
				crm_out_str(&v->out, key);
			}
			crm_out_str(&v->out, g->v[i].name);
			crm_out_int(&v->out, x->customers);
			crm_out_int(&v->out, x->buyers);
			crm_out_money(&v->out, x->t.revenue, d);
			crm_out_money(&v->out, profit, d);
			crm_out_money(&v->out, crm_value_per_customer(x), d);
			crm_out_num(&v->out, crm_share_format(profit, total, buf));
			crm_out_money(&v->out, x->t.p.uncosted, d);
			crm_out_end_row(&v->out);
		}
	}
}

static void
by_group(struct value *v)
{
	static const enum crm_value_by by[] = {
		[BY_CATEGORY] = CRM_VALUE_CATEGORY, [BY_SOURCE] = CRM_VALUE_SOURCE,
		[BY_REASON] = CRM_VALUE_REASON, [BY_STAFF] = CRM_VALUE_STAFF};
	struct crm_value_groups g;

	crm_value_by_group(v->ctx.db, &v->w, by[v->by], v->current, v->as_of,
			   v->only_selection, &g);
	put_group_rows(v, &g);
	crm_value_groups_release(&g);
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

static void
put_prediction(const struct crm_cust_row *c, const struct crm_prediction *p,
	       void *arg)
{
	struct value *v = arg;
	char buf[64];

	crm_out_int(&v->out, c->id);
	crm_out_str(&v->out, c->name);
	snprintf(buf, sizeof buf, "%.4f", p->purchases);
	crm_out_num(&v->out, buf);
	snprintf(buf, sizeof buf, "%.4f", p->p_alive);
	crm_out_num(&v->out, buf);
	if (!p->known) {
		crm_out_null(&v->out);
		crm_out_null(&v->out);
	} else {
		crm_out_money(&v->out, p->spend, v->ctx.cfg.minor_digits);
		crm_out_money(&v->out, p->value, v->ctx.cfg.minor_digits);
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
	struct crm_forecast sum;
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
	crm_value_predict_each(v->ctx.db, &f, days, as_of,
			       v->ctx.cfg.minor_digits, v->only_selection,
			       summary ? NULL : put_prediction, v, &sum);
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
			else if (!strcmp(optarg, "staff"))
				v.by = BY_STAFF;
			else
				crm_die(CRM_EX_USAGE, "--by: '%s' is not one of "
					"category, source, reason, staff", optarg);
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
	if (v.current && v.by == BY_STAFF)
		crm_die(CRM_EX_USAGE, "--current does not go with --by staff: "
			"a sale counts for the staff member who made it");
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
