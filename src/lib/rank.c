/*
 * rank.c - the ranking by value and where the top is cut: crm-top lists
 * it, the nightly report's top section sums it, crm-show places one
 * customer in it.  Only a positive value ranks; the largest comes first,
 * ties by id; the top P percent of N is rounded up.
 */
#include <stdlib.h>
#include <string.h>

#include "crm.h"

long long
crm_rank_measure(enum crm_rank_by by, const struct crm_totals *t)
{
	switch (by) {
	case CRM_RANK_PROFIT:
		/* a sale without a cost adds nothing (profit.c) */
		return crm_profit_value(&t->p);
	case CRM_RANK_COUNT:
		/* a return is no purchase */
		return t->purchases;
	case CRM_RANK_NET:
		break;
	}
	return crm_totals_net(t);
}

size_t
crm_top_take(size_t n, long long hundredths)
{
	return (size_t)(((__int128)n * hundredths + 9999) / 10000);
}

void
crm_ranking_init(struct crm_ranking *r, int with_ids)
{
	memset(r, 0, sizeof *r);
	r->with_ids = with_ids;
}

int
crm_ranking_add(struct crm_ranking *r, long long id, long long value,
		crm_money uncosted)
{
	if (value <= 0)
		return 0;
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 4096;
		if (r->with_ids)
			r->v = crm_xrealloc(r->v, r->cap * sizeof *r->v);
		else
			r->values = crm_xrealloc(r->values,
						 r->cap * sizeof *r->values);
	}
	if (r->with_ids) {
		r->v[r->n].id = id;
		r->v[r->n].value = value;
		r->v[r->n].uncosted = uncosted;
	} else
		r->values[r->n] = value;
	r->n++;
	r->total += value;
	return 1;
}

void
crm_ranking_collect(struct crm_ranking *r, struct crm_db *db, crm_day from,
		    crm_day to, int only_selection, enum crm_rank_by by,
		    int (*keep)(long long id, void *arg), void *arg)
{
	struct crm_sums *it = crm_db_sums(db, from, to, CRM_SUMS_CUSTOMER,
					  only_selection);
	struct crm_sale_sum s;
	long long cur = 0, value = 0;
	crm_money uncosted = 0;

	/* sums come by customer: a customer is done when the next begins */
	while (crm_db_sums_next(it, &s)) {
		if (s.customer != cur) {
			if (cur && (!keep || keep(cur, arg)))
				crm_ranking_add(r, cur, value, uncosted);
			cur = s.customer;
			value = uncosted = 0;
		}
		uncosted += s.t.p.uncosted;
		value += crm_rank_measure(by, &s.t);
	}
	if (cur && (!keep || keep(cur, arg)))
		crm_ranking_add(r, cur, value, uncosted);
	crm_db_sums_free(it);
}

static int
ranked_cmp(const void *a, const void *b)
{
	const struct crm_ranked *x = a, *y = b;

	if (x->value != y->value)
		return x->value > y->value ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* values alone: who holds them does not change any sum */
static int
value_cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x < y) - (x > y);
}

void
crm_ranking_sort(struct crm_ranking *r)
{
	/* one entry a customer: no second copy of them while sorting */
	if (r->with_ids)
		crm_sort_in_place(r->v, r->n, sizeof *r->v, ranked_cmp);
	else
		crm_sort_in_place(r->values, r->n, sizeof *r->values, value_cmp);
}

void
crm_ranking_shrink(struct crm_ranking *r, size_t keep)
{
	if (keep >= r->n)
		return;
	r->n = r->cap = keep;
	if (r->with_ids)
		r->v = crm_xrealloc(r->v, (keep ? keep : 1) * sizeof *r->v);
	else
		r->values = crm_xrealloc(r->values,
					 (keep ? keep : 1) * sizeof *r->values);
}

long long
crm_ranking_value(const struct crm_ranking *r, size_t i)
{
	return r->with_ids ? r->v[i].value : r->values[i];
}

long long
crm_ranking_sum(const struct crm_ranking *r, size_t from, size_t to)
{
	long long sum = 0;

	for (size_t i = from; i < to && i < r->n; i++)
		sum += crm_ranking_value(r, i);
	return sum;
}

size_t
crm_ranking_take(const struct crm_ranking *r, long long hundredths,
		 long long count)
{
	if (hundredths)
		return crm_top_take(r->n, hundredths);
	return (size_t)count < r->n ? (size_t)count : r->n;
}

void
crm_rank_of(struct crm_db *db, long long id, crm_day as_of, long long *rank,
	    long long *n)
{
	struct crm_nets mine;
	struct crm_ranked me, other = {0, 0, 0};
	struct crm_db_iter *it;
	crm_money net;
	long long above = 0;

	crm_value_nets(db, id, as_of, &mine);
	me.id = id;
	me.value = mine.all;
	*n = 0;
	/* only a positive net ranks; count those ranked before id */
	it = crm_db_nets(db, as_of);
	while (crm_db_nets_next(it, &other.id, &net)) {
		if (net <= 0)
			continue;
		other.value = net;
		++*n;
		above += ranked_cmp(&other, &me) < 0;
	}
	crm_db_iter_free(it);
	*rank = me.value > 0 ? above + 1 : 0;
}

void
crm_ranking_release(struct crm_ranking *r)
{
	free(r->v);
	free(r->values);
	r->v = NULL;
	r->values = NULL;
	r->n = r->cap = 0;
	r->total = 0;
}
