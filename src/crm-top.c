/* crm-top - the gold customers: the top N or P percent by value */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"

enum measure { NET, PROFIT, COUNT };

enum {
	OPT_PERCENT = CRM_OPT_FIRST_LOCAL,
	OPT_COUNT,
	OPT_BY,
	OPT_CATEGORY,
	OPT_SUMMARY
};

static const struct crm_optdef opts[] = {
	{"percent", 1, OPT_PERCENT, "P", "the best P percent"},
	{"count", 1, OPT_COUNT, "N", "the best N customers"},
	{"by", 1, OPT_BY, "net|profit|count", "the measure to rank by"},
	{"category", 1, OPT_CATEGORY, "C", "rank only customers in a category"},
	{"summary", 0, OPT_SUMMARY, NULL, "print one summary line"},
	CRM_OPTDEFS_WINDOW,
	CRM_OPTDEFS_BASE,
	CRM_OPTDEFS_REPORT,
	{0}};
static const char *const synopsis[] = {
	"crm-top [--percent P | --count N] [--by net|profit|count] "
	"[--period day|week|month|quarter|year|all] [--from DATE] "
	"[--to DATE] [--as-of DATE] [--category C] [--summary] "
	"[-H|--no-header] [--format tsv|csv|json] [-q|--quiet] [--progress] "
	"[--db FILE] [--config FILE] [-]",
	NULL};

static void
usage(int status)
{
	crm_usage(status, synopsis, opts);
}

struct top {
	struct crm_ctx ctx;
	struct crm_window w;
	crm_day as_of; /* category as of this day */
	enum measure by;
	int percent; /* hundredths; 0 when --count */
	long long count;
	const char *category;
	int summary, only_selection;
	struct crm_ranking rank; /* rank.c */
	struct {
		long long *id; /* ascending */
		size_t n, cap;
	} members; /* of --category */
};

static int
id_cmp(const void *a, const void *b)
{
	const long long *x = a, *y = b;

	return (*x > *y) - (*x < *y);
}

/* The customers of --category on as_of, read once in id order, so that
 * the ranking asks memory for each customer, not the database (on a
 * server, a round trip each). */
static void
members_load(struct top *t)
{
	struct crm_filter f;
	struct crm_fields row;
	struct crm_db_iter *it;

	memset(&f, 0, sizeof f);
	f.category = t->category;
	f.as_of = t->as_of;
	f.has_as_of = 1;
	it = crm_db_customers(t->ctx.db, &f);
	while (crm_db_customers_next(it, &row)) {
		if (t->members.n == t->members.cap) {
			t->members.cap = t->members.cap ? 2 * t->members.cap : 256;
			t->members.id = crm_xrealloc(t->members.id,
				t->members.cap * sizeof *t->members.id);
		}
		t->members.id[t->members.n++] =
			strtoll(row.v[CRM_COL_ID], NULL, 10);
	}
	crm_db_iter_free(it);
}

/* Is customer id in --category?  Asked once per customer. */
static int
in_category(long long id, void *arg)
{
	struct top *t = arg;

	return t->members.n &&
	       bsearch(&id, t->members.id, t->members.n,
		       sizeof *t->members.id, id_cmp) != NULL;
}

static void
collect(struct top *t)
{
	static const enum crm_rank_by by[] = {
		[NET] = CRM_RANK_NET, [PROFIT] = CRM_RANK_PROFIT,
		[COUNT] = CRM_RANK_COUNT};

	crm_ranking_init(&t->rank, 1);
	if (t->category)
		members_load(t);
	crm_ranking_collect(&t->rank, t->ctx.db, t->w.from, t->w.to,
			    t->only_selection, by[t->by],
			    t->category ? in_category : NULL, t);
}

static const char *
measure_words(enum measure m)
{
	return m == NET ? "net revenue" : m == PROFIT ? "profit" : "purchases";
}

static void
put_value(struct top *t, struct crm_out *o, long long v)
{
	if (t->by == COUNT)
		crm_out_int(o, v);
	else
		crm_out_money(o, v, t->ctx.cfg.minor_digits);
}

/* The names of the top customers, read in id order: one pass over the
 * customer table's pages instead of a page read for each, and on a
 * server a round trip for a batch of customers, not for each. */
struct names {
	char *text;   /* name NUL category NUL, one pair a customer */
	size_t *at;   /* where each rank's pair begins; (size_t)-1: none */
	size_t len, cap;
	const size_t *rank; /* the rank of the i-th id asked for */
};

struct by_id {
	long long id;
	size_t rank;
};

static int
by_id_cmp(const void *a, const void *b)
{
	const struct by_id *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static void
names_keep(struct names *nm, const char *s)
{
	size_t n = strlen(s) + 1;

	while (nm->len + n > nm->cap) {
		nm->cap = nm->cap ? 2 * nm->cap : 4096;
		nm->text = crm_xrealloc(nm->text, nm->cap);
	}
	memcpy(nm->text + nm->len, s, n);
	nm->len += n;
}

static void
names_row(size_t i, const struct crm_cust_row *c, void *arg)
{
	struct names *nm = arg;

	nm->at[nm->rank[i]] = nm->len;
	names_keep(nm, c->name ? c->name : "");
	names_keep(nm, c->category_name ? c->category_name : "");
}

static void
names_load(struct top *t, size_t take, struct names *nm)
{
	struct by_id *by = crm_xmalloc((take ? take : 1) * sizeof *by);
	long long *ids = crm_xmalloc((take ? take : 1) * sizeof *ids);
	size_t *rank = crm_xmalloc((take ? take : 1) * sizeof *rank);

	memset(nm, 0, sizeof *nm);
	nm->at = crm_xmalloc((take ? take : 1) * sizeof *nm->at);
	for (size_t i = 0; i < take; i++) {
		by[i].id = t->rank.v[i].id;
		by[i].rank = i;
		nm->at[i] = (size_t)-1;
	}
	crm_sort_in_place(by, take, sizeof *by, by_id_cmp);
	for (size_t i = 0; i < take; i++) {
		ids[i] = by[i].id;
		rank[i] = by[i].rank;
	}
	free(by);
	nm->rank = rank;
	crm_db_customer_rows_of(t->ctx.db, ids, take, t->as_of, names_row, nm);
	nm->rank = NULL;
	free(rank);
	free(ids);
}

static void
report(struct top *t)
{
	static const char *const cols[] = {"rank",  "id",    "name",     "category",
					   "value", "share", "cum_share", "uncosted"};
	const struct crm_ranking *rk = &t->rank;
	size_t take, i;
	long long cum = 0;
	struct crm_out out;
	struct names nm;
	char share[CRM_MONEY_BUFSZ], pct[CRM_MONEY_BUFSZ];

	crm_ranking_sort(&t->rank);
	take = crm_ranking_take(&t->rank, t->percent, t->count);
	cum = crm_ranking_sum(&t->rank, 0, take);
	if (t->summary) {
		/* "top 20%", or "top 12.5%" when the percentage has decimals */
		if (t->percent % 100 == 0)
			snprintf(pct, sizeof pct, "%d", t->percent / 100);
		else
			crm_percent_format(t->percent, pct);
		if (t->percent)
			printf("top %s%% (%zu customer%s) hold %s%% of %s\n",
			       pct, take, take == 1 ? "" : "s",
			       crm_share_format(cum, rk->total, share),
			       measure_words(t->by));
		else
			printf("top %zu customer%s %s %s%% of %s\n", take,
			       take == 1 ? "" : "s", take == 1 ? "holds" : "hold",
			       crm_share_format(cum, rk->total, share),
			       measure_words(t->by));
		return;
	}
	cum = 0;
	crm_ranking_shrink(&t->rank, take);
	names_load(t, take, &nm);
	/* a profit ranking says how much of each net was no profit */
	crm_out_begin(&out, stdout, t->ctx.o.format, t->ctx.o.header, cols,
		      t->by == PROFIT ? 8 : 7);
	for (i = 0; i < take; i++) {
		cum += rk->v[i].value;
		crm_out_int(&out, (long long)i + 1);
		crm_out_int(&out, rk->v[i].id);
		if (nm.at[i] != (size_t)-1) {
			const char *name = nm.text + nm.at[i];

			crm_out_str(&out, name);
			crm_out_str(&out, name + strlen(name) + 1);
		} else {
			crm_out_null(&out);
			crm_out_null(&out);
		}
		put_value(t, &out, rk->v[i].value);
		crm_out_num(&out, crm_share_format(rk->v[i].value, rk->total,
						   share));
		crm_out_num(&out, crm_share_format(cum, rk->total, share));
		if (t->by == PROFIT)
			crm_out_money(&out, rk->v[i].uncosted,
				      t->ctx.cfg.minor_digits);
		crm_out_end_row(&out);
	}
	free(nm.text);
	free(nm.at);
}

/* "--percent 12.5": a percentage above 0, at most 100 */
static int
percent_arg(const char *arg)
{
	const char *why;
	int v;

	if (crm_percent_parse(arg, &v, &why) < 0 || v == 0)
		crm_die(CRM_EX_USAGE, "--percent: '%s' is not a percentage "
			"above 0 and at most 100", arg);
	return v;
}

int
main(int argc, char **argv)
{
	struct crm_getopt g;
	struct top t;
	int c;
	crm_day as_of;

	crm_set_progname(argv);
	crm_getopt_init(&g, opts);
	memset(&t, 0, sizeof t);
	crm_opts_init(&t.ctx.o);
	while ((c = getopt_long(argc, argv, g.shortopts, g.longopts,
				NULL)) != -1) {
		if (crm_window_option(&t.w, c, optarg))
			continue;
		switch (c) {
		case OPT_PERCENT:
			t.percent = percent_arg(optarg);
			t.count = 0;
			break;
		case OPT_COUNT:
			t.count = crm_opt_int("--count", optarg, 1, INT64_MAX);
			t.percent = 0;
			break;
		case OPT_BY:
			if (!strcmp(optarg, "net"))
				t.by = NET;
			else if (!strcmp(optarg, "profit"))
				t.by = PROFIT;
			else if (!strcmp(optarg, "count"))
				t.by = COUNT;
			else
				crm_die(CRM_EX_USAGE, "--by: '%s' is not one of "
					"net, profit, count", optarg);
			break;
		case OPT_CATEGORY:
			t.category = optarg;
			break;
		case OPT_SUMMARY:
			t.summary = 1;
			break;
		default:
			if (!crm_opts_handle(&t.ctx.o, c, optarg, usage))
				usage(CRM_EX_USAGE);
		}
	}
	t.only_selection = crm_report_operand(argc, argv, optind, usage);
	crm_ctx_open(&t.ctx, CRM_DB_READ);
	if (!t.percent && !t.count)
		t.percent = t.ctx.cfg.top_percent * 100;
	if (t.category && !crm_db_category_known(t.ctx.db, t.category,
						     t.ctx.o.has_as_of))
		crm_die(CRM_EX_NOINPUT, "category '%s' does not exist",
			t.category);
	if (t.only_selection)
		crm_mark_stdin(t.ctx.db);
	as_of = crm_ctx_as_of(&t.ctx);
	t.as_of = as_of;
	crm_window_resolve(&t.w, as_of, crm_db_first_sale_day(t.ctx.db), 1);
	/* one snapshot: the names are those of the ranking's customers,
	 * and each look-up does not take a lock of its own */
	crm_db_snapshot_begin(t.ctx.db);
	collect(&t);
	report(&t);
	crm_db_snapshot_end(t.ctx.db);
	crm_ranking_release(&t.rank);
	free(t.members.id);
	crm_ctx_close(&t.ctx);
	crm_close_stdout();
	return 0;
}
