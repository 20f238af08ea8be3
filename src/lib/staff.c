/*
 * staff.c - who served the customer: the staff name rule, and the
 * surveys, complaints, praise and sales of each staff member per period
 * (crm-note --summary --by staff, the report's staff section).  What
 * crm-value --by staff sums is value.c's, as for every grouping.
 */
#include <stdlib.h>
#include <string.h>

#include "crm.h"

size_t
crm_staff_span(const char *s, const char **start)
{
	if (!s) {
		*start = NULL;
		return 0;
	}
	return crm_trim_span(s, start);
}

static int
same_name(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

/* the member named name (NULL: nobody), added when new; rows come by
 * staff, so the last one found is tried first */
static struct crm_staff_member *
member(struct crm_staff_table *t, const char *name)
{
	struct crm_staff_member *m;
	size_t cells = (size_t)t->nperiods * sizeof *m->cells;

	if (t->n && same_name(t->v[t->n - 1].name, name))
		return &t->v[t->n - 1];
	for (int i = 0; i < t->n; i++)
		if (same_name(t->v[i].name, name))
			return &t->v[i];
	t->v = crm_xrealloc(t->v, (size_t)(t->n + 1) * sizeof *t->v);
	m = &t->v[t->n++];
	m->name = name ? crm_xstrdup(name) : NULL;
	m->cells = crm_xmalloc(cells);
	memset(m->cells, 0, cells);
	return m;
}

static struct crm_staff_cell *
cell(struct crm_staff_table *t, const char *name, crm_day day)
{
	return &member(t, name)->cells[crm_period_index(t->starts, t->nperiods,
							day)];
}

static void
add_notes(struct crm_staff_table *t, const struct crm_staff_notes *c)
{
	struct crm_staff_cell *x = cell(t, c->staff, c->day);

	switch (c->kind) {
	case CRM_NOTE_SURVEY:
		x->surveys += c->n;
		break;
	case CRM_NOTE_COMPLAINT:
		x->complaints += c->n;
		break;
	case CRM_NOTE_PRAISE:
		x->praise += c->n;
		break;
	default:
		/* calls and plain notes say nothing of the service */
		break;
	}
	x->scored += c->scored;
	x->score_sum += c->score_sum;
}

static int
member_cmp(const void *a, const void *b)
{
	const struct crm_staff_member *x = a, *y = b;

	return crm_group_name_cmp(x->name, y->name);
}

/*
 * The sales of each staff member per period, as crm-value counts them
 * (purchases, returns apart).  The named ones come from their index; the
 * sales that name nobody are what is left of each day's totals (the
 * summaries), so that the nightly report does not read the year's
 * purchases to find them.
 */
static void
gather_sales(struct crm_db *db, const struct crm_window *w,
	     struct crm_staff_table *t)
{
	struct crm_db_iter *it = crm_db_day_sums(db, w->from, w->to);
	struct crm_staff_day d;
	struct crm_totals all;
	crm_day day;

	while (crm_db_day_sums_next(it, &day, &all)) {
		struct crm_staff_cell *x;

		if (!all.purchases)
			continue; /* returns only: no row for nobody */
		x = cell(t, NULL, day);
		x->sales += all.purchases;
		x->revenue += all.revenue;
	}
	crm_db_iter_free(it);
	it = crm_db_staff_days(db, w->from, w->to);
	while (crm_db_staff_days_next(it, &d)) {
		/* one cell at a time: finding one may move the others */
		struct crm_staff_cell *x = cell(t, d.staff, d.day);

		x->sales += d.sales;
		x->revenue += d.revenue;
		x = cell(t, NULL, d.day);
		x->sales -= d.sales;
		x->revenue -= d.revenue;
	}
	crm_db_iter_free(it);
}

void
crm_staff_gather(struct crm_db *db, const struct crm_window *w, int sales,
		 struct crm_staff_table *t)
{
	struct crm_db_iter *it;
	struct crm_staff_notes c;

	memset(t, 0, sizeof *t);
	t->nperiods = crm_window_periods(w, &t->starts);
	it = crm_db_staff_notes(db, w->from, w->to);
	while (crm_db_staff_notes_next(it, &c))
		add_notes(t, &c);
	crm_db_iter_free(it);
	if (sales)
		gather_sales(db, w, t);
	crm_sort(t->v, (size_t)t->n, sizeof *t->v, member_cmp);
}

void
crm_staff_table_release(struct crm_staff_table *t)
{
	for (int i = 0; i < t->n; i++) {
		free(t->v[i].name);
		free(t->v[i].cells);
	}
	free(t->v);
	free(t->starts);
	memset(t, 0, sizeof *t);
}

int
crm_staff_shown(const struct crm_staff_table *t, int i, int p)
{
	static const struct crm_staff_cell zero;

	return memcmp(&t->v[i].cells[p], &zero, sizeof zero) != 0;
}

long long
crm_staff_mean_hundredths(const struct crm_staff_cell *c)
{
	return c->scored ? crm_div_round(c->score_sum * 100, c->scored) : -1;
}
