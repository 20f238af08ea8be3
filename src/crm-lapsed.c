/* crm-lapsed - customers slipping away: silent too long, by days, by their
 * own rhythm, or by the BG/NBD probability that they are still active */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

enum rule { DAYS, AUTO, MODEL };

enum {
	OPT_DAYS = CRM_OPT_FIRST_LOCAL,
	OPT_AUTO,
	OPT_FACTOR,
	OPT_SINGLE,
	OPT_MODEL,
	OPT_BELOW,
	OPT_PARAMS,
	OPT_INCLUDE_NEVER,
	OPT_INCLUDE_LOST
};

static const struct crm_optdef opts[] = {
	{"days", 1, OPT_DAYS, "N", "customers silent for N days or more"},
	{"auto", 0, OPT_AUTO, NULL, "customers silent for longer than usual"},
	{"factor", 1, OPT_FACTOR, "K",
	 "with --auto: the multiple of the usual gap"},
	{"single", 0, OPT_SINGLE, NULL,
	 "with --auto: customers of one purchase day"},
	{"model", 1, OPT_MODEL, "bgnbd",
	 "customers by the probability they are active"},
	{"below", 1, OPT_BELOW, "P", "with --model: the p_alive to list below"},
	{"params", 0, OPT_PARAMS, NULL,
	 "with --model: print the fitted parameters"},
	{"include-never", 0, OPT_INCLUDE_NEVER, NULL,
	 "also list customers who never bought"},
	{"include-lost", 0, OPT_INCLUDE_LOST, NULL,
	 "also judge the lost customers"},
	CRM_OPTDEFS_BASE,
	CRM_OPTDEFS_REPORT,
	{0}};
static const char *const synopsis[] = {
	"crm-lapsed [--days N] [--include-never] [--include-lost] "
	"[--as-of DATE] [-H|--no-header] [--format tsv|csv|json] "
	"[-q|--quiet] [--progress] [--db FILE] [--config FILE] [-]",
	"crm-lapsed --auto [--factor K] [--single] [options]",
	"crm-lapsed --model bgnbd [--below P] [--params] [options]",
	NULL};

static void
usage(int status)
{
	crm_usage(status, synopsis, opts);
}

struct lapsed {
	struct crm_ctx ctx;
	enum rule rule;
	long long days;
	int factor;   /* hundredths */
	int single, params, include_never, include_lost, only_selection;
	double below;
	crm_day as_of;
	struct crm_fit fit;
	struct crm_out out;
	long long *gaps;
	size_t gapcap;
};

static const char *const cols[] = {
	"id",  "name",      "category", "last_purchase", "days_silent",
	"purchases", "net", "usual_gap", "p_alive",      "status"};

/* one customer: is it listed, and its row */
static void
judge(struct lapsed *l, const struct crm_cust_row *c,
      const struct crm_cust_stats *s)
{
	int d = l->ctx.cfg.minor_digits;
	char gap[CRM_MONEY_BUFSZ], date[CRM_DATE_BUFSZ], p[32];
	int lost = c->lost && c->lost_day <= l->as_of;
	int has_gap = 0;
	long long silent;
	double p_alive = 0;

	if (lost && !l->include_lost)
		return;
	if (!s->ndays && !(l->include_never && l->rule == DAYS))
		return;
	silent = l->as_of - (s->ndays ? s->last : c->created);
	/* most customers are not silent long enough: decide that before
	 * the median of their gaps is worked out */
	if (l->rule == DAYS && silent < l->days)
		return;
	if (s->ndays > l->gapcap) {
		l->gapcap = s->ndays;
		l->gaps = crm_xrealloc(l->gaps, l->gapcap * sizeof *l->gaps);
	}
	if (s->ndays)
		has_gap = crm_usual_gap(s->days, s->ndays, l->gaps, gap);
	switch (l->rule) {
	case DAYS:
		break;
	case AUTO:
		/* fewer than two purchase days: no rhythm to judge by */
		if (l->single ? has_gap : !has_gap)
			return;
		if (!l->single) {
			/* silent > K x gap, with gap in halves of a day */
			long long twice = 2 * strtoll(gap, NULL, 10) +
					  (strchr(gap, '.') != NULL);

			if ((__int128)silent * 200 <= (__int128)l->factor * twice)
				return;
		}
		break;
	case MODEL: {
		struct crm_model_in in;

		crm_model_inputs(s, l->as_of, d, &in);
		p_alive = crm_bgnbd_p_alive(&l->fit.bg, in.x, in.tx, in.T);
		if (!(p_alive < l->below))
			return;
		break;
	}
	}
	crm_out_int(&l->out, c->id);
	crm_out_str(&l->out, c->name);
	crm_out_str(&l->out, c->category_name);
	crm_out_str(&l->out, s->ndays ? crm_date_format(s->last, date) : NULL);
	crm_out_int(&l->out, silent);
	crm_out_int(&l->out, s->purchases);
	crm_out_money(&l->out, s->net, d);
	if (has_gap)
		crm_out_num(&l->out, gap);
	else
		crm_out_null(&l->out);
	if (l->rule == MODEL) {
		snprintf(p, sizeof p, "%.4f", p_alive);
		crm_out_num(&l->out, p);
	}
	crm_out_str(&l->out, lost ? "lost" : "active");
	crm_out_end_row(&l->out);
}

static void
run(struct lapsed *l)
{
	struct crm_db_iter *it = crm_db_customer_rows(l->ctx.db, 0,
						      l->only_selection, l->as_of);
	struct crm_stats *st = crm_stats_open(l->ctx.db,
					      crm_db_first_sale_day(l->ctx.db),
					      l->as_of, l->only_selection);
	struct crm_cust_row c;
	struct crm_cust_stats s, none;
	int have_s = crm_stats_next(st, &s);
	const char *names[10];
	int n = 0;

	for (int i = 0; i < 10; i++)
		if (l->rule == MODEL || strcmp(cols[i], "p_alive"))
			names[n++] = cols[i];
	crm_out_begin(&l->out, stdout, l->ctx.o.format, l->ctx.o.header, names, n);
	memset(&none, 0, sizeof none);
	/* customers and their purchase sums both come in id order */
	while (crm_db_customer_rows_next(it, &c)) {
		while (have_s && s.id < c.id)
			have_s = crm_stats_next(st, &s);
		if (have_s && s.id == c.id)
			judge(l, &c, &s);
		else if (c.created <= l->as_of)
			judge(l, &c, &none);
	}
	crm_stats_close(st);
	crm_db_iter_free(it);
}

int
main(int argc, char **argv)
{
	struct crm_getopt g;
	struct lapsed l;
	struct crm_err e;
	const char *why;
	int c, has_days = 0, has_factor = 0, has_below = 0;

	crm_set_progname(argv);
	crm_getopt_init(&g, opts);
	memset(&l, 0, sizeof l);
	crm_opts_init(&l.ctx.o);
	l.factor = 300;
	l.below = 0.5;
	while ((c = getopt_long(argc, argv, g.shortopts, g.longopts,
				NULL)) != -1) {
		switch (c) {
		case OPT_DAYS:
			l.days = crm_opt_int("--days", optarg, 0, 1000000);
			has_days = 1;
			break;
		case OPT_AUTO:
			l.rule = AUTO;
			break;
		case OPT_FACTOR:
			if (crm_money_parse(optarg, 2, &(crm_money){0}, &why) < 0 ||
			    crm_percent_parse(optarg, &l.factor, &why) < 0 ||
			    l.factor == 0)
				crm_die(CRM_EX_USAGE, "--factor: '%s' is not a "
					"number above 0 and at most 100", optarg);
			has_factor = 1;
			break;
		case OPT_SINGLE:
			l.single = 1;
			break;
		case OPT_MODEL:
			if (strcmp(optarg, "bgnbd"))
				crm_die(CRM_EX_USAGE, "--model: '%s' is not a "
					"model (bgnbd)", optarg);
			l.rule = MODEL;
			break;
		case OPT_BELOW: {
			crm_money v;

			/* 0 < P <= 1, at most four decimals */
			if (crm_money_parse(optarg, 4, &v, &why) < 0 || v <= 0 ||
			    v > 10000)
				crm_die(CRM_EX_USAGE, "--below: '%s' is not a "
					"probability above 0 and at most 1", optarg);
			l.below = v / 10000.0;
			has_below = 1;
			break;
		}
		case OPT_PARAMS:
			l.params = 1;
			break;
		case OPT_INCLUDE_NEVER:
			l.include_never = 1;
			break;
		case OPT_INCLUDE_LOST:
			l.include_lost = 1;
			break;
		default:
			if (!crm_opts_handle(&l.ctx.o, c, optarg, usage))
				usage(CRM_EX_USAGE);
		}
	}
	if (l.params && l.rule != MODEL)
		crm_die(CRM_EX_USAGE, "--params goes with --model bgnbd");
	if (l.single && l.rule != AUTO)
		crm_die(CRM_EX_USAGE, "--single goes with --auto");
	if (has_factor && l.rule != AUTO)
		crm_die(CRM_EX_USAGE, "--factor needs --auto");
	if (has_below && l.rule != MODEL)
		crm_die(CRM_EX_USAGE, "--below needs --model bgnbd");
	if (l.include_never && l.rule != DAYS)
		crm_die(CRM_EX_USAGE, "--include-never needs the --days rule, "
			"not --auto or --model");
	if (has_days && l.rule != DAYS)
		crm_die(CRM_EX_USAGE, "--days does not go with --auto or --model");
	l.only_selection = crm_report_operand(argc, argv, optind, usage);
	crm_ctx_open(&l.ctx, CRM_DB_READ);
	if (!has_days)
		l.days = l.ctx.cfg.lapsed_days;
	l.as_of = crm_ctx_as_of(&l.ctx);
	if (l.only_selection)
		crm_mark_stdin(l.ctx.db);
	if (l.rule == MODEL) {
		if (crm_fit_models(l.ctx.db, l.as_of, l.ctx.cfg.minor_digits, 0,
				   &l.fit, &e) < 0)
			crm_die(e.status, "%s", e.msg);
		if (l.params) {
			static const char *const pcols[] = {"model", "param",
							    "value"};

			crm_out_begin(&l.out, stdout, l.ctx.o.format,
				      l.ctx.o.header, pcols, 3);
			crm_fit_print(&l.fit, &l.out);
		}
	}
	if (!l.params)
		run(&l);
	free(l.gaps);
	crm_ctx_close(&l.ctx);
	crm_close_stdout();
	return 0;
}
