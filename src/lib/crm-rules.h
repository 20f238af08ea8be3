/* crm-rules.h - the rules the reports share, written once: what a
 * customer or group is worth (value.c), who ranks and where the top is
 * cut (rank.c), who has lapsed and the usual gap (lapse.c).  The
 * commands (crm-value, crm-top, crm-lapsed, crm-show) and the nightly
 * report (report.c) call these and only format what they return.
 * Included by crm.h. */
#ifndef CRM_RULES_H
#define CRM_RULES_H

struct crm_sale_sum; /* crm.h: sales summed by storage */

/* ---- value.c: sums over purchases ------------------------------------ */

/* Sums over purchases: returns counted apart; profit as profit.c says. */
struct crm_totals {
	long long purchases;       /* sales with amount >= 0 */
	crm_money revenue, returns; /* returns as a positive amount */
	struct crm_profit p;
	long long costed;          /* sales with a cost, returns too */
};
void crm_totals_add(struct crm_totals *t, const struct crm_sale_row *r);
/* the sums of more sales into t */
void crm_totals_merge(struct crm_totals *t, const struct crm_totals *more);
crm_money crm_totals_net(const struct crm_totals *t);

/* One customer's net per period in the window, in (customer, period)
 * order: fn(customer id, start of the period, its sums). */
void crm_value_by_customer(struct crm_db *db, const struct crm_window *w,
			   int only_selection,
			   void (*fn)(long long id, crm_day pstart,
				      const struct crm_totals *t, void *arg),
			   void *arg);

enum crm_value_by {
	CRM_VALUE_CATEGORY = 1,
	CRM_VALUE_SOURCE,
	CRM_VALUE_REASON,
	CRM_VALUE_STAFF /* who served: the sale's staff, not the customer's */
};

/* a group's figures in one period */
struct crm_value_cell {
	long long customers, buyers;
	long long last_buyer; /* the buyer counted last: rows come by customer */
	struct crm_totals t;
};
/* one sale into a group's period (crm-value --by, the report's categories) */
void crm_value_cell_add(struct crm_value_cell *x, const struct crm_sale_sum *r);
/* One group: a category, a source, a reason or a staff member. */
struct crm_value_group {
	char *name;       /* NULL: the group of customers without a value */
	long long cat;    /* category id for CRM_VALUE_CATEGORY */
	int live;         /* a live category: listed even when empty */
	struct crm_value_cell *cells; /* one per period */
};
struct crm_value_groups {
	enum crm_value_by by;
	struct crm_value_group *v; /* sorted by name, the unnamed group first */
	int n;
	int last; /* the last group found: consecutive rows repeat it */
	crm_day *starts; /* the first day of each period (the first: --from) */
	int nperiods;
};
/*
 * The figures of every group in every period of the window.  Customers
 * of a category are those in it at the period's end (and those whose
 * sales count for it though they have left); with current, every sale
 * counts for the category its customer is in on as_of, and so do the
 * customers, in every period.  Sources and reasons count the customers
 * that existed by the period's end.  A staff member's customers are those
 * they sold to or took a return from in the period (current does not
 * apply); the sales that name nobody make the unnamed group.
 */
void crm_value_by_group(struct crm_db *db, const struct crm_window *w,
			enum crm_value_by by, int current, crm_day as_of,
			int only_selection, struct crm_value_groups *g);
void crm_value_groups_release(struct crm_value_groups *g);
/* the order of groups by name: the one without a value (NULL) first,
 * as crm-value, crm-note --summary --by staff and the report list them */
int crm_group_name_cmp(const char *x, const char *y);
/* whether group i has a row in period p: a deleted category shows only
 * where it has sales or customers (it was deleted after the period) */
int crm_value_shown(const struct crm_value_groups *g, int i, int p);
/* the profit of all groups in period p, which shares are of */
crm_money crm_value_period_profit(const struct crm_value_groups *g, int p);
/* profit per customer of the group, rounded; 0 without customers */
crm_money crm_value_per_customer(const struct crm_value_cell *c);

/* One customer's net up to as_of: this month, this year and all time. */
struct crm_nets {
	crm_money month, year, all;
};
void crm_value_nets(struct crm_db *db, long long id, crm_day as_of,
		    struct crm_nets *n);

/* The forecast of one customer: BG/NBD purchases x Gamma-Gamma spend. */
struct crm_prediction {
	double purchases, p_alive;
	int known;        /* 0: no expected spend (q <= 1, no repeat purchase) */
	crm_money spend, value; /* to the minor unit, when known */
};
struct crm_forecast {
	long long customers, unknown;
	double purchases;
	crm_money value;
};
void crm_value_predict(const struct crm_fit *f, const struct crm_cust_stats *s,
		       double weeks, crm_day as_of, int digits,
		       struct crm_prediction *out);
void crm_forecast_add(struct crm_forecast *sum, const struct crm_prediction *p);
/* Every customer who has bought up to as_of (in the selection when
 * only_selection), in id order, with its forecast for the next days;
 * the sums over them in *sum. */
void crm_value_predict_each(struct crm_db *db, const struct crm_fit *f,
			    long long days, crm_day as_of, int digits,
			    int only_selection,
			    void (*fn)(const struct crm_cust_row *c,
				       const struct crm_prediction *p, void *arg),
			    void *arg, struct crm_forecast *sum);

/* ---- rank.c: the ranking by value and the top cut --------------------- */

/* What customers are ranked by: what one sale adds to that measure. */
enum crm_rank_by { CRM_RANK_NET, CRM_RANK_PROFIT, CRM_RANK_COUNT };
long long crm_rank_measure(enum crm_rank_by by, const struct crm_totals *t);

/* How many of n ranked customers the top `hundredths` percent hold:
 * rounded up, so a top 20 % of 3 customers is 1. */
size_t crm_top_take(size_t n, long long hundredths);

/*
 * The ranking: only customers with a positive value rank, largest
 * first, ties by id.  Without ids it keeps the values alone (8 bytes a
 * customer), for figures that need no names (the report's top).
 */
struct crm_ranked {
	long long id, value;
	crm_money uncosted; /* the net of sales without a cost */
};
struct crm_ranking {
	int with_ids;
	struct crm_ranked *v; /* with ids */
	long long *values;    /* without */
	size_t n, cap;
	long long total;      /* the sum of the ranked values */
};
void crm_ranking_init(struct crm_ranking *r, int with_ids);
/* 1 when ranked, 0 when value <= 0 */
int crm_ranking_add(struct crm_ranking *r, long long id, long long value,
		    crm_money uncosted);
void crm_ranking_sort(struct crm_ranking *r);
/* Keep the first `keep` of a sorted ranking, and the memory of those
 * only; total stays the sum of all that were ranked. */
void crm_ranking_shrink(struct crm_ranking *r, size_t keep);
long long crm_ranking_value(const struct crm_ranking *r, size_t i);
/* Rank every customer by their sales dated from..to (in the selection
 * when only_selection), and only those keep(id, arg) says yes to when
 * keep is given. */
void crm_ranking_collect(struct crm_ranking *r, struct crm_db *db,
			 crm_day from, crm_day to, int only_selection,
			 enum crm_rank_by by,
			 int (*keep)(long long id, void *arg), void *arg);
/* the sum of the values ranked from..to-1 (after sorting) */
long long crm_ranking_sum(const struct crm_ranking *r, size_t from, size_t to);
/* the top: `hundredths` percent of the ranked, or with 0 the first
 * count of them */
size_t crm_ranking_take(const struct crm_ranking *r, long long hundredths,
			long long count);
void crm_ranking_release(struct crm_ranking *r);
/* Where customer id ranks by net up to as_of, as crm-top ranks: *rank
 * (0 when not ranked) of the *n ranked. */
void crm_rank_of(struct crm_db *db, long long id, crm_day as_of,
		 long long *rank, long long *n);

/* ---- lapse.c: the usual gap, and who has lapsed ------------------------ */

/*
 * The usual gap: the median of the days between consecutive purchase
 * days (sorted; repeated days count once), in half days (25 is 12.5
 * days), so that the middle of an even count stays exact.  -1 with fewer
 * than two days.  gaps is scratch space of n entries.
 */
long long crm_usual_gap(const crm_day *days, size_t n, long long *gaps);
/* The same from the gaps counted: gap[i] seen n[i] times, ascending (the
 * customer summaries keep them so, db-summary.c). */
struct crm_gap_counts {
	const uint32_t *gap, *n;
	size_t len;
};
long long crm_usual_gap_counted(const struct crm_gap_counts *c);
/* half days as crm prints a gap: "12" or "12.5" */
char *crm_gap_format(long long half_days, char *buf);

enum crm_lapse_by { CRM_LAPSE_DAYS, CRM_LAPSE_AUTO, CRM_LAPSE_MODEL };
struct crm_lapse_rule {
	enum crm_lapse_by by;
	long long days;     /* DAYS: silent at least this many days */
	int factor;         /* AUTO: silent more than factor/100 x the gap */
	int single;         /* AUTO: those with one purchase day instead */
	double below;       /* MODEL: alive with a probability below this */
	const struct crm_bgnbd *bg; /* MODEL: the fitted model */
	int digits;         /* MODEL: minor digits of the money */
	int include_never;  /* DAYS: customers who never bought, from created */
	int include_lost;   /* customers lost on the day too */
};
/* Why a customer is listed. */
struct crm_lapse {
	long long silent;   /* days since the last purchase, or created */
	long long gap;      /* the usual gap in half days, -1: none */
	double p_alive;     /* MODEL */
};
/* Whether a rule considers a customer at all: one lost on the day only
 * with include_lost, one who never bought only with include_never. */
int crm_lapse_candidate(const struct crm_lapse_rule *r, int lost, int bought);
/* The day the days rule first lists a customer silent since `since`. */
crm_day crm_lapse_day(crm_day since, long long days);
/* Whether silent days are more than factor/100 x a gap of half days. */
int crm_lapse_beyond_rhythm(long long silent, long long gap, int factor);
/*
 * Does the rule list a customer (created on `created`, lost on as_of or
 * not, with purchases s up to as_of: ndays 0 when none)?  1 and *v, or 0.
 */
int crm_lapse_judge(const struct crm_lapse_rule *r, crm_day as_of,
		    crm_day created, int lost, const struct crm_cust_stats *s,
		    struct crm_lapse *v);
/* Every customer who existed on as_of (in the selection when
 * only_selection), in id order, judged by the rule: fn for each listed,
 * with its purchases and whether it was lost on as_of. */
typedef void crm_lapse_fn(const struct crm_cust_row *c,
			  const struct crm_cust_stats *s, int lost,
			  const struct crm_lapse *v, void *arg);
void crm_lapse_each(struct crm_db *db, const struct crm_lapse_rule *r,
		    crm_day as_of, int only_selection, crm_lapse_fn *fn,
		    void *arg);

#endif
