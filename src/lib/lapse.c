/*
 * lapse.c - who has lapsed, by one of three rules, and the usual gap
 * between a customer's purchase days.  crm-lapsed lists by these rules;
 * the nightly report's lapsed section is the days rule; crm-show and
 * crm-habits print the usual gap.
 */
#include <stdlib.h>
#include <string.h>

#include "crm.h"

static int
cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* twice the median of m gaps, the k-th smallest given by at(k): the
 * half-day of an even count stays exact; -1 without a gap */
static long long
median2(unsigned long long m, long long (*at)(const void *, unsigned long long),
	const void *v)
{
	if (!m)
		return -1;
	return m % 2 ? 2 * at(v, m / 2) : at(v, m / 2 - 1) + at(v, m / 2);
}

static long long
sorted_at(const void *v, unsigned long long k)
{
	return ((const long long *)v)[k];
}

long long
crm_usual_gap(const crm_day *days, size_t n, long long *gaps)
{
	size_t m = 0;

	for (size_t i = 1; i < n; i++)
		if (days[i] != days[i - 1])
			gaps[m++] = days[i] - days[i - 1];
	crm_sort(gaps, m, sizeof *gaps, cmp_ll);
	return median2(m, sorted_at, gaps);
}

static long long
counted_at(const void *v, unsigned long long k)
{
	const struct crm_gap_counts *c = v;

	for (size_t i = 0; i < c->len; i++) {
		if (k < c->n[i])
			return c->gap[i];
		k -= c->n[i];
	}
	return 0; /* not reached: k is under the count */
}

long long
crm_usual_gap_counted(const struct crm_gap_counts *c)
{
	unsigned long long m = 0;

	for (size_t i = 0; i < c->len; i++)
		m += c->n[i];
	return median2(m, counted_at, c);
}

char *
crm_gap_format(long long half_days, char *buf)
{
	if (half_days % 2)
		snprintf(buf, CRM_MONEY_BUFSZ, "%lld.5", half_days / 2);
	else
		snprintf(buf, CRM_MONEY_BUFSZ, "%lld", half_days / 2);
	return buf;
}

int
crm_lapse_candidate(const struct crm_lapse_rule *r, int lost, int bought)
{
	if (lost && !r->include_lost)
		return 0;
	return bought || (r->include_never && r->by == CRM_LAPSE_DAYS);
}

crm_day
crm_lapse_day(crm_day since, long long days)
{
	return (crm_day)(since + days);
}

int
crm_lapse_beyond_rhythm(long long silent, long long gap, int factor)
{
	/* silent > factor/100 x gap/2, in integers */
	return (__int128)silent * 200 > (__int128)factor * gap;
}

int
crm_lapse_judge(const struct crm_lapse_rule *r, crm_day as_of,
		crm_day created, int lost, const struct crm_cust_stats *s,
		struct crm_lapse *v)
{
	crm_day since = s->ndays ? s->last : created;

	if (!crm_lapse_candidate(r, lost, s->ndays != 0))
		return 0;
	v->silent = as_of - since;
	v->p_alive = 0;
	/* most customers are not silent long enough: decide that before
	 * the median of their gaps is worked out */
	if (r->by == CRM_LAPSE_DAYS && crm_lapse_day(since, r->days) > as_of)
		return 0;
	v->gap = s->gap;
	switch (r->by) {
	case CRM_LAPSE_DAYS:
		break;
	case CRM_LAPSE_AUTO:
		/* fewer than two purchase days: no rhythm to judge by */
		if (r->single)
			return v->gap < 0;
		return v->gap >= 0 &&
		       crm_lapse_beyond_rhythm(v->silent, v->gap, r->factor);
	case CRM_LAPSE_MODEL: {
		struct crm_model_in in;

		crm_model_inputs(s, as_of, r->digits, &in);
		v->p_alive = crm_bgnbd_p_alive(r->bg, in.x, in.tx, in.T);
		return v->p_alive < r->below;
	}
	}
	return 1;
}

/* one customer: judged, and handed on when listed */
static void
judge_one(const struct crm_lapse_rule *r, crm_day as_of,
	  const struct crm_cust_row *c, const struct crm_cust_stats *s,
	  crm_lapse_fn *fn, void *arg)
{
	int lost = c->lost && c->lost_day <= as_of;
	struct crm_lapse v;

	if (crm_lapse_judge(r, as_of, c->created, lost, s, &v))
		fn(c, s, lost, &v, arg);
}

void
crm_lapse_each(struct crm_db *db, const struct crm_lapse_rule *r,
	       crm_day as_of, int only_selection, crm_lapse_fn *fn, void *arg)
{
	struct crm_db_iter *it = crm_db_customer_rows(db, 0, only_selection,
						      as_of);
	struct crm_stats *st = crm_stats_open(db, crm_db_first_sale_day(db),
					      as_of, only_selection);
	struct crm_cust_row c;
	struct crm_cust_stats s, none;
	int have_s = crm_stats_next(st, &s);

	memset(&none, 0, sizeof none);
	none.gap = -1; /* never bought: no gap */
	/* customers and their purchase sums both come in id order */
	while (crm_db_customer_rows_next(it, &c)) {
		while (have_s && s.id < c.id)
			have_s = crm_stats_next(st, &s);
		if (have_s && s.id == c.id)
			judge_one(r, as_of, &c, &s, fn, arg);
		else if (c.created <= as_of)
			judge_one(r, as_of, &c, &none, fn, arg);
	}
	crm_stats_close(st);
	crm_db_iter_free(it);
}

