/*
 * db-sums.c - what the reports read: the sums of the sales of a window,
 * from the smallest summary that answers (db-summary.c) or else from the
 * purchases.
 *
 * The summaries hold every sale recorded, so they answer a window that
 * reaches the last sale (a report as of today) or ends on a month's last
 * day; sum_month answers one that also starts on a month's first day (or
 * before the first sale), sum_customer one that holds every sale.  Any
 * other window, and every window with CRM_NO_SUMMARIES set in the
 * environment (which the tests and the bench use to compare the two
 * paths), is summed from the purchases, a sale at a time.
 */
#include <stdlib.h>
#include <string.h>

#include "db-internal.h"

#define MAX_MONTHS 480 /* a cursor each; longer windows read purchases */
#define MAX_YEARS 400

static crm_day
setting_day(struct crm_db *db, const char *key, crm_day none)
{
	struct crm_stmt *st = crm_sql_prepare(db, "SELECT value FROM setting"
					       " WHERE key = ?");
	crm_day d = none;

	crm_st_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (crm_sql_step(db, st, "setting") == SQLITE_ROW &&
	    crm_st_column_type(st, 0) != SQLITE_NULL)
		d = (crm_day)crm_st_column_int64(st, 0);
	crm_st_finalize(st);
	return d;
}

crm_day
crm_db_last_sale_day(struct crm_db *db)
{
	return setting_day(db, "last_sale_day", CRM_NO_DAY);
}

/* the summaries hold every sale: from..to holds them all */
static int
whole(struct crm_db *db, crm_day from, crm_day to)
{
	crm_day first = crm_db_first_sale_day(db), last;

	if (db->no_summaries)
		return 0;
	last = crm_db_last_sale_day(db);
	return first == CRM_NO_DAY || (from <= first && to >= last);
}

/* whether the whole periods s0..s1 (months or years) hold exactly the
 * sales of from..to */
static int
aligned(struct crm_db *db, enum crm_period p, crm_day from, crm_day to,
	crm_day *s0, crm_day *s1)
{
	crm_day first = crm_db_first_sale_day(db), last;

	if (db->no_summaries || first == CRM_NO_DAY)
		return 0;
	last = crm_db_last_sale_day(db);
	if (from <= first)
		from = crm_period_start(p, first);
	if (to >= last)
		to = last;
	else if (crm_period_next(p, crm_period_start(p, to)) != to + 1)
		return 0;
	if (from != crm_period_start(p, from) || from > to)
		return 0;
	*s0 = from;
	*s1 = crm_period_start(p, to);
	return 1;
}

/* ---- the sales of a window, summed ------------------------------------- */

enum sums_path { FROM_PURCHASES, FROM_PERIODS, FROM_CUSTOMERS };

struct crm_sums {
	struct crm_db *db;
	enum sums_path path;
	struct crm_stmt *one;      /* purchases or sum_customer */
	struct crm_stmt **cursor;  /* sum_month: one a month, in month order */
	long long *head;        /* the customer of each cursor's row */
	int *heap;              /* the cursors with a row, least first */
	int ncursor, nheap;
};

static const char marked[] = " AND customer_id IN (SELECT id FROM temp.marked)";

static struct crm_stmt *
prepare_filtered(struct crm_db *db, const char *head, int only_selection,
		 const char *tail)
{
	char sql[512];

	snprintf(sql, sizeof sql, "%s%s%s", head, only_selection ? marked : "",
		 tail);
	return crm_sql_prepare(db, sql);
}

/* (customer, month) order: the cursors are in month order */
static int
cursor_less(const struct crm_sums *s, int a, int b)
{
	long long x = s->head[a], y = s->head[b];

	return x != y ? x < y : a < b;
}

static void
heap_down(struct crm_sums *s, int i)
{
	for (;;) {
		int l = 2 * i + 1, r = l + 1, m = i, t;

		if (l < s->nheap && cursor_less(s, s->heap[l], s->heap[m]))
			m = l;
		if (r < s->nheap && cursor_less(s, s->heap[r], s->heap[m]))
			m = r;
		if (m == i)
			return;
		t = s->heap[i];
		s->heap[i] = s->heap[m];
		s->heap[m] = t;
		i = m;
	}
}

/* a cursor for each period s0..s1 of sum_month or sum_year */
static void
open_periods(struct crm_sums *s, enum crm_period p, crm_day s0, crm_day s1,
	     int only_selection)
{
	const char *sql = p == CRM_PERIOD_MONTH
				  ? "SELECT customer_id, category_id, month, "
				    SUM_TOTAL_COLS " FROM sum_month WHERE month = ?"
				  : "SELECT customer_id, category_id, year, "
				    SUM_TOTAL_COLS " FROM sum_year WHERE year = ?";
	int n = 0;

	for (crm_day m = s0; m <= s1; m = crm_period_next(p, m))
		n++;
	s->path = FROM_PERIODS;
	s->cursor = crm_xmalloc((size_t)n * sizeof *s->cursor);
	s->heap = crm_xmalloc((size_t)n * sizeof *s->heap);
	s->head = crm_xmalloc((size_t)n * sizeof *s->head);
	for (crm_day m = s0; m <= s1; m = crm_period_next(p, m)) {
		struct crm_stmt *st = prepare_filtered(
			s->db, sql, only_selection,
			" ORDER BY customer_id, category_id");

		crm_st_bind_int(st, 1, m);
		s->cursor[s->ncursor] = st;
		if (crm_sql_step(s->db, st, "period summary") == SQLITE_ROW) {
			s->head[s->ncursor] = crm_st_column_int64(st, 0);
			s->heap[s->nheap++] = s->ncursor;
		}
		s->ncursor++;
	}
	for (int i = s->nheap / 2 - 1; i >= 0; i--)
		heap_down(s, i);
}

struct crm_sums *
crm_db_sums(struct crm_db *db, crm_day from, crm_day to,
	    enum crm_sums_grain grain, int only_selection)
{
	struct crm_sums *s = crm_xmalloc(sizeof *s);
	crm_day s0, s1;

	memset(s, 0, sizeof *s);
	s->db = db;
	if (only_selection)
		crm_db_selection_table(db);
	if (grain == CRM_SUMS_CUSTOMER && whole(db, from, to)) {
		s->path = FROM_CUSTOMERS;
		s->one = prepare_filtered(db,
					  "SELECT customer_id, 0, first_day, "
					  SUM_TOTAL_COLS " FROM sum_customer"
					  " WHERE TRUE",
					  only_selection, " ORDER BY customer_id");
	} else if ((grain == CRM_SUMS_CUSTOMER || grain == CRM_SUMS_YEAR) &&
		   aligned(db, CRM_PERIOD_YEAR, from, to, &s0, &s1) &&
		   (s1 - s0) / 365 < MAX_YEARS)
		open_periods(s, CRM_PERIOD_YEAR, s0, s1, only_selection);
	else if (grain != CRM_SUMS_DAY &&
		 aligned(db, CRM_PERIOD_MONTH, from, to, &s0, &s1) &&
		 (s1 - s0) / 28 < MAX_MONTHS)
		open_periods(s, CRM_PERIOD_MONTH, s0, s1, only_selection);
	else {
		s->path = FROM_PURCHASES;
		s->one = prepare_filtered(
			db,
			"SELECT customer_id, category_id, day, amount, cost"
			" FROM purchase INDEXED BY purchase_customer"
			" WHERE day BETWEEN ?1 AND ?2",
			only_selection, " ORDER BY customer_id, day");
		crm_st_bind_int(s->one, 1, from);
		crm_st_bind_int(s->one, 2, to);
	}
	return s;
}

static void
read_sum(struct crm_stmt *st, struct crm_sale_sum *r)
{
	r->customer = crm_st_column_int64(st, 0);
	r->category = crm_st_column_int64(st, 1);
	r->day = (crm_day)crm_st_column_int64(st, 2);
	crm_sql_totals(st, 3, &r->t);
}

int
crm_db_sums_next(struct crm_sums *s, struct crm_sale_sum *r)
{
	struct crm_sale_row sale;
	struct crm_stmt *st;
	int top;

	switch (s->path) {
	case FROM_PURCHASES:
		if (crm_sql_step(s->db, s->one, "purchases") != SQLITE_ROW)
			return 0;
		sale.customer = crm_st_column_int64(s->one, 0);
		sale.category = crm_st_column_int64(s->one, 1);
		sale.day = (crm_day)crm_st_column_int64(s->one, 2);
		sale.amount = crm_st_column_int64(s->one, 3);
		sale.cost = crm_st_column_int64(s->one, 4);
		sale.costed = crm_st_column_type(s->one, 4) != SQLITE_NULL;
		memset(r, 0, sizeof *r);
		r->customer = sale.customer;
		r->category = sale.category;
		r->day = sale.day;
		crm_totals_add(&r->t, &sale);
		return 1;
	case FROM_CUSTOMERS:
		if (crm_sql_step(s->db, s->one, "customer summary") != SQLITE_ROW)
			return 0;
		read_sum(s->one, r);
		return 1;
	case FROM_PERIODS:
		if (!s->nheap)
			return 0;
		top = s->heap[0];
		st = s->cursor[top];
		read_sum(st, r);
		if (crm_sql_step(s->db, st, "period summary") == SQLITE_ROW)
			s->head[top] = crm_st_column_int64(st, 0);
		else
			s->heap[0] = s->heap[--s->nheap];
		heap_down(s, 0);
		return 1;
	}
	return 0;
}

void
crm_db_sums_free(struct crm_sums *s)
{
	if (!s)
		return;
	crm_st_finalize(s->one);
	for (int i = 0; i < s->ncursor; i++)
		crm_st_finalize(s->cursor[i]);
	free(s->cursor);
	free(s->head);
	free(s->heap);
	free(s);
}

/* ---- every customer's totals ------------------------------------------- */

struct crm_db_iter *
crm_db_stats_summary(struct crm_db *db, crm_day from, crm_day to,
		     int only_selection)
{
	struct crm_stmt *st;

	if (!whole(db, from, to))
		return NULL;
	if (only_selection)
		crm_db_selection_table(db);
	st = prepare_filtered(db,
			      "SELECT customer_id, first_day, last_day, days, "
			      SUM_TOTAL_COLS ", first_total, gap"
			      " FROM sum_customer WHERE TRUE",
			      only_selection, " ORDER BY customer_id");
	return crm_sql_iter_new(db, st);
}

int
crm_db_stats_summary_next(struct crm_db_iter *it, struct crm_cust_stats *c)
{
	struct crm_stmt *st = it->st;
	struct crm_totals t;

	if (crm_sql_step(it->db, st, "customer summary") != SQLITE_ROW)
		return 0;
	memset(c, 0, sizeof *c);
	c->id = crm_st_column_int64(st, 0);
	c->ndays = (size_t)crm_st_column_int64(st, 3);
	c->first = c->ndays ? (crm_day)crm_st_column_int64(st, 1) : CRM_NO_DAY;
	c->last = c->ndays ? (crm_day)crm_st_column_int64(st, 2) : CRM_NO_DAY;
	crm_sql_totals(st, 4, &t);
	c->purchases = t.purchases;
	c->revenue = t.revenue;
	c->returns = t.returns;
	c->cost = t.p.cost;
	c->net = c->revenue - c->returns;
	c->repeat = c->revenue - crm_st_column_int64(st, 11);
	c->gap = crm_st_column_int64(st, 12);
	return 1;
}

/* ---- each day's totals ---------------------------------------------------- */

struct crm_db_iter *
crm_db_day_sums(struct crm_db *db, crm_day from, crm_day to)
{
	struct crm_stmt *st;

	if (db->no_summaries)
		st = crm_sql_prepare(db, SUM_DAY_SQL " WHERE day BETWEEN ?1 AND ?2"
					 " GROUP BY day ORDER BY day");
	else
		st = crm_sql_prepare(db, "SELECT day, " SUM_TOTAL_COLS
					 " FROM sum_day WHERE day BETWEEN ?1 AND ?2"
					 " ORDER BY day");
	crm_st_bind_int(st, 1, from);
	crm_st_bind_int(st, 2, to);
	return crm_sql_iter_new(db, st);
}

int
crm_db_day_sums_next(struct crm_db_iter *it, crm_day *day, struct crm_totals *t)
{
	struct crm_stmt *st = it->st;

	if (crm_sql_step(it->db, st, "day summary") != SQLITE_ROW)
		return 0;
	*day = (crm_day)crm_st_column_int64(st, 0);
	crm_sql_totals(st, 1, t);
	return 1;
}

/* ---- per period and category ------------------------------------------ */

struct crm_db_iter *
crm_db_group_sums(struct crm_db *db, crm_day from, crm_day to,
		  enum crm_period period)
{
	struct crm_stmt *st;
	crm_day s0, s1;

	if (period != CRM_PERIOD_MONTH && period != CRM_PERIOD_YEAR)
		return NULL;
	if (!aligned(db, period, from, to, &s0, &s1))
		return NULL;
	st = crm_sql_prepare(db, "SELECT start, category_id, " SUM_TOTAL_COLS
				 ", buyers FROM sum_group WHERE kind = ?1"
				 " AND start BETWEEN ?2 AND ?3"
				 " ORDER BY start, category_id");
	crm_st_bind_int(st, 1, period == CRM_PERIOD_MONTH ? 1 : 2);
	crm_st_bind_int(st, 2, s0);
	crm_st_bind_int(st, 3, s1);
	return crm_sql_iter_new(db, st);
}

int
crm_db_group_sums_next(struct crm_db_iter *it, crm_day *start, long long *cat,
		       struct crm_totals *t, long long *buyers)
{
	struct crm_stmt *st = it->st;

	if (crm_sql_step(it->db, st, "group summary") != SQLITE_ROW)
		return 0;
	*start = (crm_day)crm_st_column_int64(st, 0);
	*cat = crm_st_column_int64(st, 1);
	crm_sql_totals(st, 2, t);
	*buyers = crm_st_column_int64(st, 9);
	return 1;
}
