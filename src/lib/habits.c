/* habits.c - when and what one customer buys: days, basket, gap, weekday,
 * month and the items bought most */
#include <stdlib.h>
#include <string.h>

#include "crm.h"

const char *const crm_weekday_names[7] = {"Mon", "Tue", "Wed", "Thu",
					  "Fri", "Sat", "Sun"};

void
crm_basket_reset(struct crm_basket *b, long long id)
{
	for (size_t i = 0; i < b->nt; i++)
		free(b->t[i].item);
	b->nt = 0;
	b->ndays = 0;
	b->id = id;
	b->days = 0;
	b->total = 0;
	memset(b->weekday, 0, sizeof b->weekday);
	memset(b->month, 0, sizeof b->month);
}

void
crm_basket_add(struct crm_basket *b, const struct crm_item_row *r)
{
	b->total += r->amount;
	/* purchases come by day: a new day is a new purchase day */
	if (!b->ndays || b->dayv[b->ndays - 1] != r->day) {
		int y, m, d;

		b->days++;
		b->weekday[crm_day_weekday(r->day) - 1]++;
		crm_day_to_ymd(r->day, &y, &m, &d);
		b->month[m - 1]++;
		if (b->ndays == b->capdays) {
			b->capdays = b->capdays ? 2 * b->capdays : 64;
			b->dayv = crm_xrealloc(b->dayv,
					       b->capdays * sizeof *b->dayv);
		}
		b->dayv[b->ndays++] = r->day;
	}
	if (!r->item)
		return;
	for (size_t i = 0; i < b->nt; i++)
		if (strcmp(b->t[i].item, r->item) == 0) {
			b->t[i].n++;
			return;
		}
	if (b->nt == b->capt) {
		b->capt = b->capt ? 2 * b->capt : 16;
		b->t = crm_xrealloc(b->t, b->capt * sizeof *b->t);
	}
	b->t[b->nt].item = crm_xstrdup(r->item);
	b->t[b->nt++].n = 1;
}

static int
tally_cmp(const void *a, const void *b)
{
	const struct crm_tally *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->item, y->item);
}

/* the index of the largest count, the first one on a tie */
static int
most(const long long *v, int n)
{
	int best = 0;

	for (int i = 1; i < n; i++)
		if (v[i] > v[best])
			best = i;
	return best;
}

static void
join_items(struct crm_basket *b, int items)
{
	size_t len = 0;

	crm_sort(b->t, b->nt, sizeof *b->t, tally_cmp);
	for (size_t i = 0; i < b->nt && (int)i < items; i++) {
		size_t n = strlen(b->t[i].item);

		if (len + n + 3 > b->capitems) {
			b->capitems = 2 * (len + n + 3);
			b->items = crm_xrealloc(b->items, b->capitems);
		}
		if (i) {
			memcpy(b->items + len, "; ", 2);
			len += 2;
		}
		memcpy(b->items + len, b->t[i].item, n + 1);
		len += n;
	}
}

void
crm_basket_habit(struct crm_basket *b, int items, struct crm_habit *h)
{
	memset(h, 0, sizeof *h);
	h->mean_basket = b->days ? crm_div_round(b->total, b->days) : 0;
	h->usual_gap = -1;
	if (b->ndays) {
		b->gaps = crm_xrealloc(b->gaps, b->ndays * sizeof *b->gaps);
		h->usual_gap = crm_usual_gap(b->dayv, b->ndays, b->gaps);
	}
	h->weekday = b->days ? crm_weekday_names[most(b->weekday, 7)] : NULL;
	if (b->days)
		snprintf(h->month, sizeof h->month, "%02d",
			 most(b->month, 12) + 1);
	if (b->nt && items > 0) {
		join_items(b, items);
		h->top_items = b->items;
	}
}

void
crm_basket_release(struct crm_basket *b)
{
	crm_basket_reset(b, 0);
	free(b->t);
	free(b->dayv);
	free(b->gaps);
	free(b->items);
	memset(b, 0, sizeof *b);
}
