/* crm-show - one customer's whole profile as YAML */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

static const struct crm_optdef opts[] = {
	CRM_OPTDEFS_BASE,
	CRM_OPTDEFS_KEY,
	CRM_OPTDEF_AS_OF,
	{"model", 1, CRM_OPT_FIRST_LOCAL, "bgnbd",
	 "also the probability the customer is active"},
	{0}};
static const char *const synopsis[] = {
	"crm-show [--key id|card|email] [--as-of DATE] [--model bgnbd] "
	"[-q|--quiet] [--progress] [--db FILE] [--config FILE] [ID...]",
	NULL};

static void
usage(int status)
{
	crm_usage(status, synopsis, opts);
}

struct show {
	struct crm_ctx ctx;
	struct crm_yaml *y;
	int model;          /* --model bgnbd: print P(alive) */
	struct crm_fit fit; /* fitted once for all the customers shown */
	int fitted;
	crm_day last;       /* the last purchase of the customer shown */
	struct crm_model_in in;
	struct crm_rfm rfm; /* the whole base's scores, made once */
	int rfm_done;
};

static void
show_category(struct crm_yaml *y, const struct crm_profile *p)
{
	char buf[CRM_MONEY_BUFSZ];

	crm_yaml_key(y, "category");
	crm_yaml_map_begin(y);
	crm_yaml_kv_str(y, "name", p->f.v[CRM_COL_CATEGORY]);
	crm_yaml_kv_str(y, "description", p->cat_description);
	crm_yaml_kv_plain(y, "discount", crm_percent_format(p->cat_discount, buf));
	crm_yaml_kv_plain(y, "bonus", crm_percent_format(p->cat_bonus, buf));
	crm_yaml_kv_plain(y, "prepay", p->cat_prepay ? "yes" : "no");
	crm_yaml_map_end(y);
}

static void
show_history(struct show *s, long long id)
{
	struct crm_yaml *y = s->y;
	struct crm_db_iter *it = crm_db_history(s->ctx.db, id);
	struct crm_history h;
	char date[CRM_DATE_BUFSZ];
	crm_day as_of = crm_ctx_as_of(&s->ctx);
	int any = 0;

	crm_yaml_key(y, "category_history");
	while (crm_db_history_next(it, &h)) {
		if (h.day > as_of) /* not yet made on --as-of */
			continue;
		if (!any++)
			crm_yaml_seq_begin(y);
		crm_yaml_map_begin(y);
		crm_yaml_kv_plain(y, "date", crm_date_format(h.day, date));
		crm_yaml_kv_int(y, "batch", h.batch);
		crm_yaml_kv_str(y, "old", h.old);
		crm_yaml_kv_str(y, "new", h.new_);
		crm_yaml_kv_str(y, "note", h.note);
		crm_yaml_map_end(y);
	}
	if (any)
		crm_yaml_seq_end(y);
	else
		crm_yaml_empty_seq(y);
	crm_db_iter_free(it);
}

static void
show_value(struct show *s, long long id)
{
	struct crm_yaml *y = s->y;
	crm_day as_of = crm_ctx_as_of(&s->ctx);
	int d = s->ctx.cfg.minor_digits;
	struct crm_nets nt;
	struct crm_stats *st = crm_stats_open_customer(s->ctx.db, id, as_of);
	struct crm_cust_stats cs;
	long long rank, n, *gaps, gap;
	char buf[CRM_MONEY_BUFSZ], date[CRM_DATE_BUFSZ];

	crm_value_nets(s->ctx.db, id, as_of, &nt);
	if (!crm_stats_next(st, &cs)) {
		memset(&cs, 0, sizeof cs);
		cs.first = cs.last = CRM_NO_DAY;
	}
	s->last = cs.last;
	/* the model's view of the same purchases, for --model */
	crm_model_inputs(&cs, as_of, d, &s->in);
	crm_yaml_key(y, "value");
	crm_yaml_map_begin(y);
	crm_yaml_kv_plain(y, "this_month", crm_money_format(nt.month, d, buf));
	crm_yaml_kv_plain(y, "this_year", crm_money_format(nt.year, d, buf));
	crm_yaml_kv_plain(y, "all_time", crm_money_format(nt.all, d, buf));
	crm_yaml_map_end(y);
	crm_rank_of(s->ctx.db, id, as_of, &rank, &n);
	if (rank) {
		/* percentile: 100 for the best, as crm-top ranks (ties by id) */
		crm_yaml_kv_plain(y, "rank_percentile",
				  crm_share_format(n - rank + 1, n, buf));
		crm_yaml_kv_plain(y, "top_10_percent",
				  (size_t)rank <= crm_top_take((size_t)n, 1000)
					  ? "yes" : "no");
		crm_yaml_kv_plain(y, "top_20_percent",
				  (size_t)rank <= crm_top_take((size_t)n, 2000)
					  ? "yes" : "no");
	} else {
		crm_yaml_kv_plain(y, "rank_percentile", NULL);
		crm_yaml_kv_plain(y, "top_10_percent", "no");
		crm_yaml_kv_plain(y, "top_20_percent", "no");
	}
	crm_yaml_kv_plain(y, "first_purchase",
			  cs.first != CRM_NO_DAY ? crm_date_format(cs.first, date)
						 : NULL);
	crm_yaml_kv_plain(y, "last_purchase",
			  cs.last != CRM_NO_DAY ? crm_date_format(cs.last, date)
						: NULL);
	gaps = crm_xmalloc((cs.ndays ? cs.ndays : 1) * sizeof *gaps);
	gap = crm_usual_gap(cs.days, cs.ndays, gaps);
	crm_yaml_kv_plain(y, "usual_gap_days",
			  gap >= 0 ? crm_gap_format(gap, buf) : NULL);
	free(gaps);
	crm_stats_close(st);
	crm_yaml_kv_plain(y, "bonus_balance",
			  crm_money_format(crm_db_bonus_balance(s->ctx.db, id,
								 as_of),
					   d, buf));
	crm_yaml_kv_plain(y, "open_credit",
			  crm_money_format(crm_db_open_credit(s->ctx.db, id,
							       as_of),
					   d, buf));
}

static void
show_habits(struct show *s, long long id)
{
	struct crm_yaml *y = s->y;
	struct crm_db_iter *it = crm_db_customer_items(s->ctx.db, id,
						       crm_ctx_as_of(&s->ctx));
	struct crm_basket b;
	struct crm_item_row r;
	struct crm_habit h;
	char buf[CRM_MONEY_BUFSZ];

	memset(&b, 0, sizeof b);
	crm_basket_reset(&b, id);
	while (crm_db_item_sales_next(it, &r))
		crm_basket_add(&b, &r);
	crm_db_iter_free(it);
	crm_basket_habit(&b, 3, &h);
	crm_yaml_key(y, "habits");
	crm_yaml_map_begin(y);
	crm_yaml_kv_int(y, "purchase_days", b.days);
	crm_yaml_kv_plain(y, "mean_basket",
			  b.days ? crm_money_format(h.mean_basket,
						    s->ctx.cfg.minor_digits, buf)
				 : NULL);
	crm_yaml_kv_str(y, "weekday", h.weekday);
	crm_yaml_kv_str(y, "month", b.days ? h.month : NULL);
	crm_yaml_key(y, "top_items");
	if (b.nt) {
		/* the items as a list, most bought first */
		crm_yaml_seq_begin(y);
		for (size_t i = 0; i < b.nt && i < 3; i++)
			crm_yaml_str(y, b.t[i].item);
		crm_yaml_seq_end(y);
	} else
		crm_yaml_empty_seq(y);
	crm_yaml_map_end(y);
	crm_basket_release(&b);
}

static void
show_rfm(struct show *s, long long id)
{
	const struct crm_segments *map = crm_config_segments(&s->ctx.cfg);
	const struct crm_rfm_row *row;

	if (!s->rfm_done) {
		crm_day as_of = crm_ctx_as_of(&s->ctx);

		crm_rfm_compute(s->ctx.db, crm_db_first_sale_day(s->ctx.db),
				as_of, map, &s->rfm);
		s->rfm_done = 1;
	}
	row = crm_rfm_find(&s->rfm, id);
	crm_yaml_key(s->y, "rfm");
	if (!row) {
		crm_yaml_str(s->y, NULL);
		return;
	}
	crm_yaml_map_begin(s->y);
	crm_yaml_kv_str(s->y, "code", row->code);
	crm_yaml_kv_str(s->y, "segment",
			row->segment >= 0 ? map->v[row->segment].name : NULL);
	crm_yaml_map_end(s->y);
}

static void
show_relations(struct show *s, long long id, const struct crm_profile *p)
{
	struct crm_yaml *y = s->y;
	crm_day as_of = crm_ctx_as_of(&s->ctx);
	int d = s->ctx.cfg.minor_digits;
	struct crm_db_iter *it;
	struct crm_thank_row t;
	struct crm_note_row n;
	char buf[CRM_MONEY_BUFSZ], date[CRM_DATE_BUFSZ];
	long long brought;
	crm_money value;
	int any = 0;
	int lost = p->f.v[CRM_COL_STATUS] &&
		   !strcmp(p->f.v[CRM_COL_STATUS], "lost");

	crm_db_referred(s->ctx.db, id, as_of, &brought, &value);
	crm_yaml_key(y, "referrals");
	crm_yaml_map_begin(y);
	crm_yaml_kv_int(y, "brought", brought);
	crm_yaml_kv_plain(y, "value", crm_money_format(value, d, buf));
	crm_yaml_map_end(y);
	crm_yaml_key(y, "thanks");
	it = crm_db_customer_thanks(s->ctx.db, id, as_of);
	while (crm_db_thanks_next(it, &t)) {
		if (!any++)
			crm_yaml_seq_begin(y);
		crm_yaml_map_begin(y);
		crm_yaml_kv_plain(y, "date", crm_date_format(t.day, date));
		crm_yaml_kv_str(y, "how", t.how);
		crm_yaml_kv_plain(y, "value", t.has_value
					       ? crm_money_format(t.value, d, buf)
					       : NULL);
		crm_yaml_kv_str(y, "note", t.note);
		crm_yaml_map_end(y);
	}
	crm_db_iter_free(it);
	any ? crm_yaml_seq_end(y) : crm_yaml_empty_seq(y);
	crm_yaml_key(y, "open_complaints");
	any = 0;
	it = crm_db_notes(s->ctx.db, id, as_of);
	while (crm_db_notes_next(it, &n)) {
		if (n.kind != CRM_NOTE_COMPLAINT || n.has_resolved)
			continue;
		if (!any++)
			crm_yaml_seq_begin(y);
		crm_yaml_map_begin(y);
		crm_yaml_kv_int(y, "note", n.note);
		crm_yaml_kv_plain(y, "date", crm_date_format(n.day, date));
		crm_yaml_kv_str(y, "text", n.text);
		crm_yaml_map_end(y);
	}
	crm_db_iter_free(it);
	any ? crm_yaml_seq_end(y) : crm_yaml_empty_seq(y);
	/* lapsed as crm-lapsed --days says, with the config's default */
	crm_yaml_kv_plain(y, "lapsed",
			  !lost && s->last != CRM_NO_DAY &&
					  as_of - s->last >= s->ctx.cfg.lapsed_days
				  ? "yes"
				  : "no");
	if (s->model) {
		char pa[32];

		if (!s->fitted) {
			struct crm_err e;

			if (crm_fit_models(s->ctx.db, as_of, d, 0, &s->fit, &e) < 0)
				crm_die(e.status, "%s", e.msg);
			s->fitted = 1;
		}
		snprintf(pa, sizeof pa, "%.4f",
			 crm_bgnbd_p_alive(&s->fit.bg, s->in.x, s->in.tx, s->in.T));
		crm_yaml_kv_plain(y, "p_alive", s->last != CRM_NO_DAY ? pa : NULL);
	}
}

static void
show_one(long long id, void *arg)
{
	struct show *s = arg;
	struct crm_yaml *y = s->y;
	struct crm_profile p;
	static const int fields[] = {
		CRM_COL_NAME, CRM_COL_EMAIL, CRM_COL_PHONE, CRM_COL_CARD,
		CRM_COL_SOURCE, CRM_COL_REASON, CRM_COL_STATUS};
	char date[CRM_DATE_BUFSZ];

	if (!crm_db_profile(s->ctx.db, id, crm_ctx_as_of(&s->ctx), &p))
		crm_die(CRM_EX_NOINPUT, "no customer with id '%lld'", id);
	if (!crm_db_customer_existed(s->ctx.db, id, crm_ctx_as_of(&s->ctx)))
		crm_die(CRM_EX_NOINPUT, "customer %lld did not exist yet on %s",
			id, crm_date_format(crm_ctx_as_of(&s->ctx), date));
	crm_yaml_doc_begin(y);
	crm_yaml_map_begin(y);
	crm_yaml_kv_int(y, "id", id);
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		crm_yaml_kv_str(y, crm_customer_cols[fields[i]],
				p.f.v[fields[i]]);
	crm_yaml_kv_plain(y, "created", p.f.v[CRM_COL_CREATED]);
	crm_yaml_kv_str(y, "note", p.f.v[CRM_COL_NOTE]);
	if (p.lost_date || p.lost_reason) {
		crm_yaml_key(y, "lost");
		crm_yaml_map_begin(y);
		crm_yaml_kv_plain(y, "date", p.lost_date
						     ? crm_date_format(p.lost_date, date)
						     : NULL);
		crm_yaml_kv_str(y, "reason", p.lost_reason);
		crm_yaml_map_end(y);
	}
	show_category(y, &p);
	crm_yaml_key(y, "referred_by");
	if (p.f.v[CRM_COL_REFERRED_BY]) {
		crm_yaml_map_begin(y);
		crm_yaml_kv_plain(y, "id", p.f.v[CRM_COL_REFERRED_BY]);
		crm_yaml_kv_str(y, "name", p.referrer_name);
		crm_yaml_map_end(y);
	} else
		crm_yaml_str(y, NULL);
	show_history(s, id);
	show_value(s, id);
	show_relations(s, id, &p);
	show_habits(s, id);
	show_rfm(s, id);
	crm_yaml_map_end(y);
	crm_yaml_doc_end(y);
}

int
main(int argc, char **argv)
{
	struct crm_getopt g;
	struct show s;
	int c;

	crm_set_progname(argv);
	crm_getopt_init(&g, opts);
	memset(&s, 0, sizeof s);
	crm_opts_init(&s.ctx.o);
	while ((c = getopt_long(argc, argv, g.shortopts, g.longopts,
				NULL)) != -1) {
		if (c == CRM_OPT_FIRST_LOCAL) {
			if (strcmp(optarg, "bgnbd"))
				crm_die(CRM_EX_USAGE, "--model: '%s' is not a "
					"model (bgnbd)", optarg);
			s.model = 1;
		} else if (!crm_opts_handle(&s.ctx.o, c, optarg, usage))
			usage(CRM_EX_USAGE);
	}
	crm_ctx_open(&s.ctx, CRM_DB_READ);
	s.y = crm_yaml_open(stdout);
	if (crm_each_id(s.ctx.db, s.ctx.o.key, argc - optind, argv + optind,
			show_one, &s) < 0)
		crm_die(CRM_EX_USAGE, "no customer: give an id or pipe ids in");
	crm_yaml_close(s.y);
	crm_rfm_release(&s.rfm);
	crm_ctx_close(&s.ctx);
	crm_close_stdout();
	return 0;
}
