/* crm-habits - purchase habits: when and what each customer buys, who
 * bought an item, and when and what the whole base buys */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

enum by { BY_CUSTOMER, BY_WEEKDAY, BY_MONTH, BY_ITEM };

enum { OPT_ITEMS = CRM_OPT_FIRST_LOCAL, OPT_ITEM, OPT_SINCE, OPT_BY };

static const struct crm_optdef opts[] = {
	{"items", 1, OPT_ITEMS, "N", "at most N items in top_items (0-1000)"},
	{"item", 1, OPT_ITEM, "PATTERN",
	 "the buyers of matching items (any case, * ? [...])"},
	{"since", 1, OPT_SINCE, "DATE", "the same as --from"},
	{"by", 1, OPT_BY, "weekday|month|item",
	 "sum all customers' purchases per group"},
	CRM_OPTDEF_FROM,
	CRM_OPTDEF_TO,
	CRM_OPTDEFS_BASE,
	CRM_OPTDEFS_REPORT,
	{0}};
static const char *const synopsis[] = {
	"crm-habits [--items N] [--from DATE] [--to DATE] [--as-of DATE] "
	"[-H|--no-header] [--format tsv|csv|json] [-q|--quiet] [--progress] "
	"[--db FILE] [--config FILE] [-]",
	"crm-habits --item PATTERN [--item PATTERN...] [--since DATE] [options]",
	"crm-habits --by weekday|month|item [options]",
	NULL};

static void
usage(int status)
{
	crm_usage(status, synopsis, opts);
}

struct habits {
	struct crm_ctx ctx;
	struct crm_window w;
	enum by by;
	long long items; /* top items per customer */
	int only_selection;
	char **items_v; /* --item, borrowed from argv */
	int nitems;
	struct crm_out out;
};

static void
put_basket(struct habits *h, struct crm_basket *b, const char *name)
{
	struct crm_habit hb;
	char gap[CRM_MONEY_BUFSZ];

	crm_basket_habit(b, (int)h->items, &hb);
	crm_out_int(&h->out, b->id);
	crm_out_str(&h->out, name);
	crm_out_int(&h->out, b->days);
	crm_out_money(&h->out, hb.mean_basket, h->ctx.cfg.minor_digits);
	if (hb.usual_gap >= 0)
		crm_out_num(&h->out, crm_gap_format(hb.usual_gap, gap));
	else
		crm_out_null(&h->out);
	crm_out_str(&h->out, hb.weekday);
	crm_out_str(&h->out, hb.month);
	crm_out_str(&h->out, hb.top_items);
	crm_out_end_row(&h->out);
}

static void
per_customer(struct habits *h)
{
	static const char *const cols[] = {"id",        "name",  "purchase_days",
					   "mean_basket", "usual_gap", "weekday",
					   "month",     "top_items"};
	struct crm_db_iter *it = crm_db_item_sales(h->ctx.db, h->w.from, h->w.to,
						   h->only_selection);
	struct crm_db_iter *cust = crm_db_customer_rows(h->ctx.db, 0, 0,
							  crm_ctx_as_of(&h->ctx));
	struct crm_item_row r;
	struct crm_cust_row c;
	struct crm_basket b;
	int have_c = 0, have_r;

	memset(&b, 0, sizeof b);
	crm_out_begin(&h->out, stdout, h->ctx.o.format, h->ctx.o.header, cols, 8);
	have_r = crm_db_item_sales_next(it, &r);
	while (have_r) {
		crm_basket_reset(&b, r.customer);
		do
			crm_basket_add(&b, &r);
		while ((have_r = crm_db_item_sales_next(it, &r)) &&
		       r.customer == b.id);
		while ((!have_c || c.id < b.id) &&
		       (have_c = crm_db_customer_rows_next(cust, &c)))
			;
		put_basket(h, &b, have_c && c.id == b.id ? c.name : NULL);
	}
	crm_basket_release(&b);
	crm_db_iter_free(cust);
	crm_db_iter_free(it);
}

/* --item: the customers who bought one of the items, one row each */
static void
buyers(struct habits *h)
{
	static const char *const cols[] = {"id", "name", "items", "purchases",
					   "last_purchase"};
	struct crm_db_iter *it = crm_db_item_buyers(h->ctx.db, h->items_v,
						    h->nitems, h->w.from, h->w.to);
	struct crm_item_buyer b;
	long long cur = 0, n = 0;
	crm_day last = CRM_NO_DAY;
	char *items = NULL, *name = NULL, date[CRM_DATE_BUFSZ];
	size_t len = 0, cap = 0;
	int more = crm_db_item_buyers_next(it, &b);

	crm_out_begin(&h->out, stdout, h->ctx.o.format, h->ctx.o.header, cols, 5);
	while (more) {
		size_t k = strlen(b.item);

		if (len + k + 3 > cap) {
			cap = 2 * (len + k + 3);
			items = crm_xrealloc(items, cap);
		}
		if (cur == b.customer) {
			memcpy(items + len, "; ", 2);
			len += 2;
		} else {
			/* the name comes with the first row of each customer */
			cur = b.customer;
			free(name);
			name = b.name ? crm_xstrdup(b.name) : NULL;
			len = 0;
			n = 0;
			last = CRM_NO_DAY;
		}
		memcpy(items + len, b.item, k + 1);
		len += k;
		n += b.purchases;
		if (b.last > last)
			last = b.last;
		more = crm_db_item_buyers_next(it, &b);
		if (more && b.customer == cur)
			continue;
		crm_out_int(&h->out, cur);
		crm_out_str(&h->out, name);
		crm_out_str(&h->out, items);
		crm_out_int(&h->out, n);
		crm_out_str(&h->out, crm_date_format(last, date));
		crm_out_end_row(&h->out);
	}
	free(items);
	free(name);
	crm_db_iter_free(it);
}

struct slot {
	char *item;
	long long purchases, buyers, last_buyer;
	crm_money revenue;
};

static int
slot_cmp(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;

	if (x->purchases != y->purchases)
		return x->purchases > y->purchases ? -1 : 1;
	return strcmp(x->item, y->item);
}

static void
put_slot(struct habits *h, const char *key, const struct slot *s)
{
	crm_out_str(&h->out, key);
	crm_out_int(&h->out, s->purchases);
	crm_out_money(&h->out, s->revenue, h->ctx.cfg.minor_digits);
	crm_out_int(&h->out, s->buyers);
	crm_out_end_row(&h->out);
}

static void
count(struct slot *s, long long customer, crm_money amount)
{
	s->purchases++;
	s->revenue += amount;
	/* rows come grouped by customer: a new one is a new buyer */
	if (s->last_buyer != customer) {
		s->last_buyer = customer;
		s->buyers++;
	}
}

/* --by weekday|month: the whole base, from the purchases in order */
static void
by_calendar(struct habits *h)
{
	const char *cols[] = {h->by == BY_WEEKDAY ? "weekday" : "month",
			      "purchases", "revenue", "buyers"};
	struct crm_db_iter *it = crm_db_sales(h->ctx.db, h->w.from, h->w.to,
					      h->only_selection);
	struct crm_sale_row r;
	struct slot s[12];
	int n = h->by == BY_WEEKDAY ? 7 : 12;
	char key[16];

	memset(s, 0, sizeof s);
	while (crm_db_sales_next(it, &r)) {
		int y, m, d;

		if (r.amount < 0)
			continue;
		crm_day_to_ymd(r.day, &y, &m, &d);
		count(&s[h->by == BY_WEEKDAY ? crm_day_weekday(r.day) - 1 : m - 1],
		      r.customer, r.amount);
	}
	crm_db_iter_free(it);
	crm_out_begin(&h->out, stdout, h->ctx.o.format, h->ctx.o.header, cols, 4);
	for (int i = 0; i < n; i++) {
		if (h->by == BY_MONTH)
			snprintf(key, sizeof key, "%02d", i + 1);
		put_slot(h, h->by == BY_WEEKDAY ? crm_weekday_names[i] : key, &s[i]);
	}
}

/* --by item: from the item index, items most bought first */
static void
by_item(struct habits *h)
{
	static const char *const cols[] = {"item", "purchases", "revenue",
					   "buyers"};
	struct crm_db_iter *it = crm_db_items(h->ctx.db, h->w.from, h->w.to);
	struct crm_item_row r;
	struct slot *v = NULL;
	size_t n = 0, cap = 0;

	while (crm_db_item_sales_next(it, &r)) {
		if (!n || strcmp(v[n - 1].item, r.item) != 0) {
			if (n == cap) {
				cap = cap ? 2 * cap : 256;
				v = crm_xrealloc(v, cap * sizeof *v);
			}
			memset(&v[n], 0, sizeof v[n]);
			v[n++].item = crm_xstrdup(r.item);
		}
		count(&v[n - 1], r.customer, r.amount);
	}
	crm_db_iter_free(it);
	crm_sort(v, n, sizeof *v, slot_cmp);
	crm_out_begin(&h->out, stdout, h->ctx.o.format, h->ctx.o.header, cols, 4);
	for (size_t i = 0; i < n; i++) {
		put_slot(h, v[i].item, &v[i]);
		free(v[i].item);
	}
	free(v);
}

int
main(int argc, char **argv)
{
	struct crm_getopt g;
	struct habits h;
	int c, nitems = 0;
	char **items = crm_xmalloc((size_t)argc * sizeof *items);

	crm_set_progname(argv);
	crm_getopt_init(&g, opts);
	memset(&h, 0, sizeof h);
	crm_opts_init(&h.ctx.o);
	h.items = 3;
	while ((c = getopt_long(argc, argv, g.shortopts, g.longopts,
				NULL)) != -1) {
		if (crm_window_option(&h.w, c, optarg))
			continue;
		switch (c) {
		case OPT_ITEMS:
			h.items = crm_opt_int("--items", optarg, 0, 1000);
			break;
		case OPT_ITEM:
			if (!*optarg)
				crm_die(CRM_EX_USAGE, "--item: an item cannot be "
					"empty");
			items[nitems++] = optarg;
			break;
		case OPT_SINCE:
			h.w.from = crm_opt_date("--since", optarg);
			h.w.has_from = 1;
			break;
		case OPT_BY:
			if (!strcmp(optarg, "weekday"))
				h.by = BY_WEEKDAY;
			else if (!strcmp(optarg, "month"))
				h.by = BY_MONTH;
			else if (!strcmp(optarg, "item"))
				h.by = BY_ITEM;
			else
				crm_die(CRM_EX_USAGE, "--by: '%s' is not one of "
					"weekday, month, item", optarg);
			break;
		default:
			if (!crm_opts_handle(&h.ctx.o, c, optarg, usage))
				usage(CRM_EX_USAGE);
		}
	}
	if (nitems && h.by != BY_CUSTOMER)
		crm_die(CRM_EX_USAGE, "--item does not go with --by");
	h.only_selection = crm_report_operand(argc, argv, optind, usage);
	if (h.only_selection && (nitems || h.by == BY_ITEM))
		crm_die(CRM_EX_USAGE, "'-' does not go with --item or --by item");
	crm_ctx_open(&h.ctx, CRM_DB_READ);
	if (h.only_selection)
		crm_mark_stdin(h.ctx.db);
	crm_window_resolve(&h.w, crm_ctx_as_of(&h.ctx),
			   crm_db_first_sale_day(h.ctx.db), 0);
	h.items_v = items;
	h.nitems = nitems;
	if (nitems)
		buyers(&h);
	else if (h.by == BY_CUSTOMER)
		per_customer(&h);
	else if (h.by == BY_ITEM)
		by_item(&h);
	else
		by_calendar(&h);
	free(items);
	crm_ctx_close(&h.ctx);
	crm_close_stdout();
	return 0;
}
