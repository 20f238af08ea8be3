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
};

static const char *const cols[] = {
	"id",  "name",      "category", "last_purchase", "days_silent",
	"purchases", "net", "usual_gap", "p_alive",      "status"};

/* the options as the library's rule (lapse.c) */
static void
make_rule(const struct lapsed *l, struct crm_lapse_rule *r)
{
	static const enum crm_lapse_by by[] = {
		[DAYS] = CRM_LAPSE_DAYS, [AUTO] = CRM_LAPSE_AUTO,
		[MODEL] = CRM_LAPSE_MODEL};

	memset(r, 0, sizeof *r);
	r->by = by[l->rule];
	r->days = l->days;
	r->factor = l->factor;
	r->single = l->single;
	r->below = l->below;
	r->bg = &l->fit.bg;
	r->digits = l->ctx.cfg.minor_digits;
	r->include_never = l->include_never;
	r->include_lost = l->include_lost;
}

/* one customer listed: its row */
static void
put_row(const struct crm_cust_row *c, const struct crm_cust_stats *s,
	int lost, const struct crm_lapse *v, void *arg)
{
	struct lapsed *l = arg;
	int d = l->ctx.cfg.minor_digits;
	char gap[CRM_MONEY_BUFSZ], date[CRM_DATE_BUFSZ], p[32];

	crm_out_int(&l->out, c->id);
	crm_out_str(&l->out, c->name);
	crm_out_str(&l->out, c->category_name);
	crm_out_str(&l->out, s->ndays ? crm_date_format(s->last, date) : NULL);
	crm_out_int(&l->out, v->silent);
	crm_out_int(&l->out, s->purchases);
	crm_out_money(&l->out, s->net, d);
	if (v->gap >= 0)
		crm_out_num(&l->out, crm_gap_format(v->gap, gap));
	else
		crm_out_null(&l->out);
	if (l->rule == MODEL) {
		snprintf(p, sizeof p, "%.4f", v->p_alive);
		crm_out_num(&l->out, p);
	}
	crm_out_str(&l->out, lost ? "lost" : "active");
	crm_out_end_row(&l->out);
}

static void
run(struct lapsed *l)
{
	const char *names[10];
	int n = 0;
	struct crm_lapse_rule rule;

	for (int i = 0; i < 10; i++)
		if (l->rule == MODEL || strcmp(cols[i], "p_alive"))
			names[n++] = cols[i];
	crm_out_begin(&l->out, stdout, l->ctx.o.format, l->ctx.o.header, names, n);
	make_rule(l, &rule);
	crm_lapse_each(l->ctx.db, &rule, l->as_of, l->only_selection, put_row, l);
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
	crm_ctx_close(&l.ctx);
	crm_close_stdout();
	return 0;
}
