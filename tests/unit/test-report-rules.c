/*
 * test-report-rules.c - the rules the reports share (crm-rules.h): the usual
 * gap, the lapse decision, the ranking and where the top is cut.
 */
#include "crm.h"
#include "tap.h"

/* ---- the usual gap (crm-lapsed --auto, crm-show, crm-habits) ----------- */

static void
test_usual_gap(void)
{
	crm_day odd[] = {10, 12, 15, 19};      /* gaps 2 3 4 */
	crm_day even[] = {0, 10, 25};          /* gaps 10 15 */
	crm_day dup[] = {0, 0, 10, 10, 25};    /* the same, days repeated */
	crm_day unsorted_gaps[] = {0, 40, 41, 51}; /* 40 1 10 -> 10 */
	crm_day one[] = {7, 7};
	long long scratch[8];
	char buf[CRM_MONEY_BUFSZ];

	is_int(crm_usual_gap(odd, 4, scratch), 6, "gaps 2, 3, 4: 3 days");
	is_int(crm_usual_gap(even, 3, scratch), 25,
	       "gaps 10, 15: 12.5 days, in half days");
	is_int(crm_usual_gap(dup, 5, scratch), 25, "repeated days count once");
	is_int(crm_usual_gap(unsorted_gaps, 4, scratch), 20,
	       "the median, not the middle gap in time");
	is_int(crm_usual_gap(one, 2, scratch), -1, "none with one purchase day");
	is_int(crm_usual_gap(one, 0, scratch), -1, "none without days");
	is_str(crm_gap_format(6, buf), "3", "6 half days print as 3");
	is_str(crm_gap_format(25, buf), "12.5", "25 half days print as 12.5");
	is_str(crm_gap_format(1, buf), "0.5", "1 half day prints as 0.5");
}

/* the summaries' histogram of gaps gives the usual gap of the days */
static void
test_usual_gap_counted(void)
{
	const uint32_t g3[] = {4, 7, 9}, n3[] = {1, 2, 1};
	const uint32_t g2[] = {5, 20}, n2[] = {1, 1};
	struct crm_gap_counts even = {g3, n3, 3}, two = {g2, n2, 2},
			      none = {NULL, NULL, 0};
	crm_day d[] = {0, 4, 11, 18, 27}; /* gaps 4 7 7 9 */
	long long scratch[8];

	is_int(crm_usual_gap_counted(&even), 14, "4 7 7 9: 7 days");
	is_int(crm_usual_gap_counted(&even), crm_usual_gap(d, 5, scratch),
	       "the same as from the days");
	is_int(crm_usual_gap_counted(&two), 25, "5 20: 12.5 days");
	is_int(crm_usual_gap_counted(&none), -1, "no gap");
}

/* ---- the lapse decision ---------------------------------------------- */

static struct crm_cust_stats
stats(const crm_day *days, size_t n)
{
	long long gaps[16];

	struct crm_cust_stats s;

	memset(&s, 0, sizeof s);
	s.days = days;
	s.ndays = n;
	s.first = n ? days[0] : CRM_NO_DAY;
	s.last = n ? days[n - 1] : CRM_NO_DAY;
	s.purchases = (long long)n;
	s.gap = n ? crm_usual_gap(days, n, gaps) : -1;
	return s;
}

static void
test_lapse_days(void)
{
	struct crm_lapse_rule r = {.by = CRM_LAPSE_DAYS, .days = 90};
	struct crm_lapse v;
	crm_day d[] = {100, 110};
	struct crm_cust_stats s = stats(d, 2), none = stats(NULL, 0);

	ok(!crm_lapse_judge(&r, 199, 0, 0, &s, &v),
	   "89 days silent is not 90");
	ok(crm_lapse_judge(&r, 200, 0, 0, &s, &v) && v.silent == 90 &&
		   v.gap == 20,
	   "90 days silent lapses, with its gap");
	is_int(crm_lapse_day(110, 90), 200, "the days rule lists from day 200");
	ok(!crm_lapse_judge(&r, 300, 0, 1, &s, &v),
	   "a lost customer is not listed");
	r.include_lost = 1;
	ok(crm_lapse_judge(&r, 300, 0, 1, &s, &v),
	   "... unless lost ones are asked for");
	ok(!crm_lapse_judge(&r, 300, 0, 0, &none, &v),
	   "who never bought is not listed");
	r.include_never = 1;
	ok(crm_lapse_judge(&r, 300, 200, 0, &none, &v) && v.silent == 100 &&
		   v.gap == -1,
	   "... unless asked for, silent since created");
	ok(!crm_lapse_judge(&r, 289, 200, 0, &none, &v),
	   "... and silent long enough");
	ok(crm_lapse_candidate(&r, 0, 0), "include_never makes a candidate");
	r.by = CRM_LAPSE_AUTO;
	ok(!crm_lapse_candidate(&r, 0, 0), "but only for the days rule");
}

static void
test_lapse_auto(void)
{
	struct crm_lapse_rule r = {.by = CRM_LAPSE_AUTO, .factor = 300};
	struct crm_lapse v;
	crm_day d[] = {0, 10, 25}; /* usual gap 12.5 */
	crm_day single[] = {5};
	struct crm_cust_stats s = stats(d, 3), one = stats(single, 1);

	/* 3 x 12.5 = 37.5: 37 and 38 days after day 25 */
	ok(!crm_lapse_judge(&r, 62, 0, 0, &s, &v), "37 <= 3 x 12.5");
	ok(crm_lapse_judge(&r, 63, 0, 0, &s, &v) && v.gap == 25,
	   "38 > 3 x 12.5");
	ok(!crm_lapse_beyond_rhythm(30, 20, 300), "30 days is 3 x 10, not more");
	ok(crm_lapse_beyond_rhythm(31, 20, 300), "31 days is more");
	ok(!crm_lapse_judge(&r, 1000, 0, 0, &one, &v),
	   "one purchase day: no rhythm");
	r.single = 1;
	ok(crm_lapse_judge(&r, 1000, 0, 0, &one, &v),
	   "--single lists those with one purchase day");
	ok(!crm_lapse_judge(&r, 1000, 0, 0, &s, &v),
	   "... and not those with a rhythm");
}

/* ---- the ranking and the top cut ------------------------------------- */

static void
test_top_take(void)
{
	is_int((long long)crm_top_take(3, 2000), 1, "top 20%% of 3 is 1");
	is_int((long long)crm_top_take(10, 2000), 2, "top 20%% of 10 is 2");
	is_int((long long)crm_top_take(11, 2000), 3, "top 20%% of 11 is 3");
	is_int((long long)crm_top_take(8, 1250), 1, "top 12.5%% of 8 is 1");
	is_int((long long)crm_top_take(9, 1250), 2, "top 12.5%% of 9 is 2");
	is_int((long long)crm_top_take(0, 10000), 0, "nobody ranked: none");
	is_int((long long)crm_top_take(7, 10000), 7, "top 100%% is all");
}

/* one sale's totals, as a sum of one */
static const struct crm_totals *
one(const struct crm_sale_row *r)
{
	static struct crm_totals t;

	memset(&t, 0, sizeof t);
	crm_totals_add(&t, r);
	return &t;
}

static int
ll_cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* the ranking's sort: in place, and like qsort on ties, runs, reversals */
static void
test_sort_in_place(void)
{
	static long long v[5000], w[5000];
	unsigned seed = 1;
	int bad = 0;

	for (int t = 0; t < 40; t++) {
		size_t n = (size_t)(t * 125);
		long long mod = t % 4 == 0 ? 3 : 100000;

		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			v[i] = t % 4 == 1   ? (long long)i
			       : t % 4 == 2 ? (long long)(n - i)
					    : (long long)(seed >> 8) % mod;
			w[i] = v[i];
		}
		crm_sort_in_place(v, n, sizeof *v, ll_cmp);
		crm_sort(w, n, sizeof *w, ll_cmp);
		bad += memcmp(v, w, n * sizeof *v) != 0;
	}
	is_int(bad, 0, "sorted in place as qsort sorts: ties, runs, reversed");
}

static void
test_ranking(void)
{
	struct crm_ranking r, v;
	struct crm_sale_row ret = {1, 0, 0, -500, 200, 1},
			    buy = {1, 0, 0, 1000, 600, 1},
			    nocost = {1, 0, 0, 1000, 0, 0};

	crm_ranking_init(&r, 1);
	crm_ranking_init(&v, 0);
	ok(!crm_ranking_add(&r, 1, 0, 0), "a value of 0 does not rank");
	ok(!crm_ranking_add(&r, 2, -5, 0), "a negative one neither");
	crm_ranking_add(&r, 5, 300, 0);
	crm_ranking_add(&r, 3, 300, 7);
	crm_ranking_add(&r, 4, 500, 0);
	crm_ranking_add(&r, 9, 100, 0);
	crm_ranking_sort(&r);
	is_int((long long)r.n, 4, "four ranked");
	is_int(r.total, 1200, "their total");
	ok(r.v[0].id == 4 && r.v[1].id == 3 && r.v[2].id == 5 && r.v[3].id == 9,
	   "largest first, ties by id");
	is_int(r.v[1].uncosted, 7, "the uncosted net goes with the customer");
	is_int((long long)crm_ranking_take(&r, 5000, 0), 2, "top 50%%: 2");
	is_int((long long)crm_ranking_take(&r, 0, 3), 3, "top 3: 3");
	is_int((long long)crm_ranking_take(&r, 0, 10), 4, "top 10 of 4: 4");
	is_int(crm_ranking_sum(&r, 0, 2), 800, "the top two hold 800");
	crm_ranking_add(&v, 5, 300, 0);
	crm_ranking_add(&v, 3, 300, 0);
	crm_ranking_add(&v, 4, 500, 0);
	crm_ranking_add(&v, 9, 100, 0);
	crm_ranking_sort(&v);
	ok(v.v == NULL && crm_ranking_value(&v, 0) == 500 &&
		   crm_ranking_value(&v, 3) == 100,
	   "values alone: no ids kept, the same order");
	is_int(crm_ranking_sum(&v, 0, 2), crm_ranking_sum(&r, 0, 2),
	       "the same sums with or without ids");
	crm_ranking_release(&r);
	crm_ranking_release(&v);
	is_int(crm_rank_measure(CRM_RANK_NET, one(&ret)), -500,
	       "net: a return subtracts");
	is_int(crm_rank_measure(CRM_RANK_COUNT, one(&ret)), 0,
	       "count: a return is none");
	is_int(crm_rank_measure(CRM_RANK_COUNT, one(&buy)), 1,
	       "count: a purchase is one");
	is_int(crm_rank_measure(CRM_RANK_PROFIT, one(&buy)), 400,
	       "profit: net - cost");
	is_int(crm_rank_measure(CRM_RANK_PROFIT, one(&nocost)), 0,
	       "profit: nothing without a cost");
}

/* ---- value: sums over sales -------------------------------------------- */

static void
test_totals(void)
{
	struct crm_totals t = {0};
	struct crm_sale_row buy = {1, 0, 0, 1000, 600, 1},
			    ret = {1, 0, 0, -400, 240, 1},
			    nocost = {1, 0, 0, 200, 0, 0};

	crm_totals_add(&t, &buy);
	crm_totals_add(&t, &ret);
	crm_totals_add(&t, &nocost);
	is_int(t.purchases, 2, "a return is no purchase");
	is_int(t.revenue, 1200, "revenue: purchases only");
	is_int(t.returns, 400, "returns as a positive amount");
	is_int(crm_totals_net(&t), 800, "net: revenue - returns");
	is_int(crm_profit_value(&t.p), 240, "profit: 600 - 360 on costed sales");
	is_int(t.p.uncosted, 200, "the net without a cost");
}

/* ---- referrals: the forest's totals ---------------------------------- */

static void
test_forest(void)
{
	/* 1 brought 2 and 3; 3 brought 4, who did not exist yet */
	long long id[] = {1, 2, 3, 4};
	int32_t parent[] = {-1, 0, 0, 2}, count[4], count2[4];
	crm_money value[] = {100, 20, 30, 4000}, value2[4];
	unsigned char flags[] = {CRM_FOREST_EXISTS, CRM_FOREST_EXISTS,
				 CRM_FOREST_EXISTS, 0};
	struct crm_forest f = {4, id, parent, value, value2, count, count2,
			       flags, 0};

	is_int((long long)crm_forest_sum(&f), 0, "no cycle");
	ok(count[0] == 2 && count2[0] == 2, "1: two direct, a tree of two");
	ok(value2[0] == 50 && value[0] == 50, "1: worth 20 + 30, directly and all");
	ok(count[2] == 0 && value[2] == 0,
	   "3: who did not exist yet adds nothing");
	ok(crm_forest_listed(&f, 0, 0) && !crm_forest_listed(&f, 1, 0) &&
		   !crm_forest_listed(&f, 2, 0),
	   "only a referrer of someone existing is listed");
	ok(!crm_forest_listed(&f, 0, 1), "... with a selection, when marked");
	crm_forest_mark(1, &f);
	ok(crm_forest_listed(&f, 0, 1), "marked: listed");
}

int
main(void)
{
	test_usual_gap();
	test_lapse_days();
	test_lapse_auto();
	test_top_take();
	test_usual_gap_counted();
	test_sort_in_place();
	test_ranking();
	test_totals();
	test_forest();
	return done_testing();
}
