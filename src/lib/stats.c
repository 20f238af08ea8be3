/* stats.c - a customer's purchases summed in one pass, customer by customer */
#include <stdlib.h>
#include <string.h>

#include "crm.h"

struct crm_stats {
	struct crm_db_iter *summary; /* the customers' summaries, or NULL */
	struct crm_db_iter *it;
	struct crm_sale_row row; /* read ahead: the next customer's first */
	int have_row;
	crm_day *days;
	crm_money *totals;
	size_t cap;
	long long *gaps; /* scratch of usual_gap() */
	size_t gap_cap;
};

struct crm_stats *
crm_stats_open(struct crm_db *db, crm_day from, crm_day to, int only_selection)
{
	struct crm_stats *s = crm_xmalloc(sizeof *s);

	memset(s, 0, sizeof *s);
	/* a customer's summary answers the window of all their sales */
	s->summary = crm_db_stats_summary(db, from, to, only_selection);
	if (s->summary)
		return s;
	s->it = crm_db_sales(db, from, to, only_selection);
	s->have_row = crm_db_sales_next(s->it, &s->row);
	return s;
}

static void
push_day(struct crm_stats *s, struct crm_cust_stats *c, crm_day day,
	 crm_money amount)
{
	if (c->ndays && s->days[c->ndays - 1] == day) {
		s->totals[c->ndays - 1] += amount;
		return;
	}
	if (c->ndays == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		s->days = crm_xrealloc(s->days, s->cap * sizeof *s->days);
		s->totals = crm_xrealloc(s->totals, s->cap * sizeof *s->totals);
	}
	s->days[c->ndays] = day;
	s->totals[c->ndays++] = amount;
}

struct crm_stats *
crm_stats_open_customer(struct crm_db *db, long long id, crm_day as_of)
{
	struct crm_stats *s = crm_xmalloc(sizeof *s);

	memset(s, 0, sizeof *s);
	s->it = crm_db_customer_sales(db, id, as_of);
	s->have_row = crm_db_sales_next(s->it, &s->row);
	return s;
}

/* the usual gap of c's days (lapse.c), in scratch that grows to the
 * longest history */
static long long
usual_gap(struct crm_stats *s, const struct crm_cust_stats *c)
{
	if (c->ndays > s->gap_cap) {
		s->gap_cap = c->ndays;
		s->gaps = crm_xrealloc(s->gaps, s->gap_cap * sizeof *s->gaps);
	}
	return c->ndays ? crm_usual_gap(c->days, c->ndays, s->gaps) : -1;
}

int
crm_stats_next(struct crm_stats *s, struct crm_cust_stats *c)
{
	const struct crm_sale_row *r = &s->row;

	if (s->summary)
		return crm_db_stats_summary_next(s->summary, c);
	memset(c, 0, sizeof *c);
	if (!s->have_row)
		return 0;
	c->id = r->customer;
	c->first = c->last = CRM_NO_DAY;
	do {
		if (r->amount >= 0) {
			c->purchases++;
			c->revenue += r->amount;
			c->cost += crm_sale_cost(r);
			if (c->purchases == 1)
				c->first = r->day;
			c->last = r->day;
			push_day(s, c, r->day, r->amount);
		} else {
			c->returns -= r->amount;
			c->cost += crm_sale_cost(r);
		}
		s->have_row = crm_db_sales_next(s->it, &s->row);
	} while (s->have_row && s->row.customer == c->id);
	c->net = c->revenue - c->returns;
	c->days = s->days;
	c->day_totals = s->totals;
	for (size_t i = 1; i < c->ndays; i++)
		c->repeat += s->totals[i];
	c->gap = usual_gap(s, c);
	return 1;
}

void
crm_stats_close(struct crm_stats *s)
{
	if (!s)
		return;
	crm_db_iter_free(s->summary);
	crm_db_iter_free(s->it);
	free(s->gaps);
	free(s->days);
	free(s->totals);
	free(s);
}
