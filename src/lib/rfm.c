/*
 * rfm.c - RFM scores: recency, frequency and monetary value, each scored
 * 1 to 5 by quintile over the customers who bought in the window.
 *
 * Ties: customers are ordered from worst to best on each measure; a
 * customer's score comes from the position of the first customer with an
 * equal measure, score = 1 + floor(5 × position / N).  Equal measures
 * therefore always share a score (the lower one), whatever the ids, and
 * the result does not depend on the order rows are read in.
 */
#define _GNU_SOURCE /* qsort_r: rank row numbers, not rows */
#include <stdlib.h>
#include <string.h>

#include "crm.h"

/*
 * The rows stay in id order, as the purchases came; each measure is
 * ranked through an array of row numbers (4 bytes a customer, where
 * sorting the 32-byte rows would need a copy of them all).
 */
static int
by_recency(const void *a, const void *b, void *ctx)
{
	const struct crm_rfm_row *v = ctx;
	const struct crm_rfm_row *x = &v[*(const unsigned *)a];
	const struct crm_rfm_row *y = &v[*(const unsigned *)b];

	/* worst first: the longest silence */
	return (x->recency < y->recency) - (x->recency > y->recency);
}

static int
by_frequency(const void *a, const void *b, void *ctx)
{
	const struct crm_rfm_row *v = ctx;
	const struct crm_rfm_row *x = &v[*(const unsigned *)a];
	const struct crm_rfm_row *y = &v[*(const unsigned *)b];

	return (x->frequency > y->frequency) - (x->frequency < y->frequency);
}

static int
by_monetary(const void *a, const void *b, void *ctx)
{
	const struct crm_rfm_row *v = ctx;
	const struct crm_rfm_row *x = &v[*(const unsigned *)a];
	const struct crm_rfm_row *y = &v[*(const unsigned *)b];

	return (x->monetary > y->monetary) - (x->monetary < y->monetary);
}

static int
by_id(const void *a, const void *b)
{
	const struct crm_rfm_row *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static void
score(struct crm_rfm *r, unsigned *order,
      int (*cmp)(const void *, const void *, void *), int digit)
{
	size_t first = 0;

	for (size_t i = 0; i < r->n; i++)
		order[i] = (unsigned)i;
	qsort_r(order, r->n, sizeof *order, cmp, r->v);
	for (size_t i = 0; i < r->n; i++) {
		if (i && cmp(&order[i - 1], &order[i], r->v) != 0)
			first = i;
		r->v[order[i]].code[digit] =
			(char)('1' + (int)((5 * (unsigned long long)first) / r->n));
	}
}

/*
 * Recency and frequency are small whole numbers (days, purchase days):
 * the count of worse values is read off a histogram of them, with no
 * sort.  value(i) is the measure of row i; worse_is_larger: recency,
 * where the longest silence ranks lowest.  0 when the range is too wide
 * for a histogram (the caller sorts then).
 */
static int
score_counted(struct crm_rfm *r, long long (*value)(const struct crm_rfm_row *),
	      int worse_is_larger, int digit)
{
	long long lo = value(&r->v[0]), hi = lo;
	size_t *below, span;

	for (size_t i = 1; i < r->n; i++) {
		long long x = value(&r->v[i]);

		lo = x < lo ? x : lo;
		hi = x > hi ? x : hi;
	}
	if ((unsigned long long)(hi - lo) > 4 * (unsigned long long)r->n + 4096)
		return 0;
	span = (size_t)(hi - lo) + 1;
	below = crm_xmalloc((span + 1) * sizeof *below);
	memset(below, 0, (span + 1) * sizeof *below);
	for (size_t i = 0; i < r->n; i++)
		below[(size_t)(value(&r->v[i]) - lo) + 1]++;
	/* below[k]: the rows with a value under lo + k */
	for (size_t k = 1; k <= span; k++)
		below[k] += below[k - 1];
	for (size_t i = 0; i < r->n; i++) {
		size_t k = (size_t)(value(&r->v[i]) - lo);
		size_t first = worse_is_larger ? r->n - below[k + 1] : below[k];

		r->v[i].code[digit] =
			(char)('1' + (int)((5 * (unsigned long long)first) / r->n));
	}
	free(below);
	return 1;
}

static long long
recency_of(const struct crm_rfm_row *x)
{
	return x->recency;
}

static long long
frequency_of(const struct crm_rfm_row *x)
{
	return x->frequency;
}

const struct crm_segments *
crm_config_segments(const struct crm_config *c)
{
	return c->segments.n ? &c->segments : crm_segments_default();
}

void
crm_rfm_compute(struct crm_db *db, crm_day from, crm_day to,
		const struct crm_segments *map, struct crm_rfm *out)
{
	struct crm_stats *s = crm_stats_open(db, from, to, 0);
	struct crm_cust_stats c;
	size_t cap = 0;
	unsigned *order;

	memset(out, 0, sizeof *out);
	out->map = map;
	while (crm_stats_next(s, &c)) {
		struct crm_rfm_row *row;

		if (!c.ndays)
			continue; /* only returns: did not buy */
		if (out->n == cap) {
			cap = cap ? 2 * cap : 4096;
			out->v = crm_xrealloc(out->v, cap * sizeof *out->v);
		}
		row = &out->v[out->n++];
		row->id = c.id;
		row->recency = to - c.last;
		row->frequency = (int)c.ndays;
		row->monetary = c.net;
		memcpy(row->code, "111", 4);
	}
	crm_stats_close(s);
	crm_db_scan_done(db);
	if (!out->n)
		return;
	order = crm_xmalloc(out->n * sizeof *order);
	if (!score_counted(out, recency_of, 1, 0))
		score(out, order, by_recency, 0);
	if (!score_counted(out, frequency_of, 0, 1))
		score(out, order, by_frequency, 1);
	score(out, order, by_monetary, 2);
	free(order);
	for (size_t i = 0; i < out->n; i++) {
		size_t k;

		for (k = 0; k < map->n; k++)
			if (crm_segment_match(map->v[k].pattern, out->v[i].code))
				break;
		out->v[i].segment = k < map->n ? (int)k : -1;
	}
}

const struct crm_rfm_row *
crm_rfm_find(const struct crm_rfm *r, long long id)
{
	struct crm_rfm_row key = {0};

	key.id = id;
	return r->n ? bsearch(&key, r->v, r->n, sizeof *r->v, by_id) : NULL;
}

void
crm_rfm_release(struct crm_rfm *r)
{
	free(r->v);
	memset(r, 0, sizeof *r);
}
