/* db-report.c - what the reports read: purchases in order, customers,
 * category membership on a date, open credit */
#include <stdlib.h>
#include <string.h>

#include "db-internal.h"

struct crm_db_iter *
crm_db_sales(struct crm_db *db, crm_day from, crm_day to, int only_selection)
{
	struct crm_stmt *st;

	/* the covering index gives (customer, day) order without a sort
	 * and without touching the table */
	if (only_selection)
		crm_db_selection_table(db);
	if (only_selection)
		st = crm_sql_prepare(db, "SELECT customer_id, day, amount, cost,"
				    " category_id FROM purchase"
				    " INDEXED BY purchase_customer"
				    " WHERE customer_id IN (SELECT id FROM temp.marked)"
				    " AND day BETWEEN ?1 AND ?2"
				    " ORDER BY customer_id, day");
	else
		st = crm_sql_prepare(db, "SELECT customer_id, day, amount, cost,"
				    " category_id FROM purchase"
				    " INDEXED BY purchase_customer"
				    " WHERE day BETWEEN ?1 AND ?2"
				    " ORDER BY customer_id, day");
	crm_st_bind_int(st, 1, from);
	crm_st_bind_int(st, 2, to);
	return crm_sql_iter_new(db, st);
}

int
crm_db_sales_next(struct crm_db_iter *it, struct crm_sale_row *r)
{
	struct crm_stmt *st = it->st;

	if (crm_sql_step(it->db, st, "purchases") != SQLITE_ROW)
		return 0;
	r->customer = crm_st_column_int64(st, 0);
	r->day = (crm_day)crm_st_column_int64(st, 1);
	r->amount = crm_st_column_int64(st, 2);
	r->cost = crm_st_column_int64(st, 3); /* NULL reads as 0 */
	r->costed = crm_st_column_type(st, 3) != SQLITE_NULL;
	r->category = crm_st_column_int64(st, 4);
	return 1;
}

struct crm_db_iter *
crm_db_customer_sales(struct crm_db *db, long long id, crm_day as_of)
{
	struct crm_stmt *st = crm_sql_prepare(db, "SELECT customer_id, day, amount,"
					  " cost, category_id FROM purchase"
					  " INDEXED BY purchase_customer"
					  " WHERE customer_id = ? AND day <= ?"
					  " ORDER BY day");

	crm_st_bind_int64(st, 1, id);
	crm_st_bind_int(st, 2, as_of);
	return crm_sql_iter_new(db, st);
}

struct crm_db_iter *
crm_db_nets(struct crm_db *db, crm_day as_of)
{
	/* summed in SQLite: a row per customer, not per purchase */
	struct crm_stmt *st = crm_sql_prepare(
		db, "SELECT customer_id, sum(amount) FROM purchase"
		    " INDEXED BY purchase_customer WHERE day <= ?"
		    " GROUP BY customer_id ORDER BY customer_id");

	crm_st_bind_int(st, 1, as_of);
	return crm_sql_iter_new(db, st);
}

int
crm_db_nets_next(struct crm_db_iter *it, long long *id, crm_money *net)
{
	if (crm_sql_step(it->db, it->st, "purchases") != SQLITE_ROW)
		return 0;
	*id = crm_st_column_int64(it->st, 0);
	*net = crm_st_column_int64(it->st, 1);
	return 1;
}

crm_day
crm_db_first_sale_day(struct crm_db *db)
{
	/* kept by crm_db_purchase_write(): min(day) would need an index that
	 * every sale pays for */
	_Static_assert(CRM_NO_DAY == -2147483647 - 1, "CRM_NO_DAY in SQL");
	return (crm_day)crm_sql_int(db, "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM setting"
				   " WHERE key = 'first_sale_day'), -2147483648)");
}

/* start: a purchase before created moves it earlier; only customers
 * created after the first purchase of all can have one.  Category and
 * status are those of :asof (db-asof.c). */
static const char customer_row_sql[] =
	"SELECT c.id, k.id, c.name, k.name, c.source, c.reason,"
	" c.card, c.created, CASE WHEN NOT ?1 OR"
	" c.created <= (SELECT CAST(value AS INTEGER) FROM setting WHERE key = 'first_sale_day')"
	" THEN c.created ELSE min(c.created, coalesce((SELECT min(p.day)"
	"  FROM purchase p WHERE p.customer_id = c.id), c.created)) END,"
	" " DB_ASOF_LOST ", " DB_ASOF_LOST_DAY ", " DB_ASOF_LOST_REASON
	" FROM customer c" DB_ASOF_JOIN
	" JOIN category k ON k.id = " DB_ASOF_CATEGORY
	" WHERE " DB_ASOF_EXISTS;

struct crm_db_iter *
crm_db_customer_rows(struct crm_db *db, int with_start, int only_selection,
		     crm_day as_of)
{
	char sql[sizeof customer_row_sql + 128];
	struct crm_stmt *st;

	if (only_selection)
		crm_db_selection_table(db);
	snprintf(sql, sizeof sql, "%s%s ORDER BY c.id", customer_row_sql,
		 only_selection ? " AND c.id IN (SELECT id FROM temp.marked)" : "");
	st = crm_sql_prepare(db, sql);
	crm_st_bind_int(st, 1, with_start);
	crm_db_asof_bind(db, st, as_of);
	return crm_sql_iter_new(db, st);
}

int
crm_db_customer_rows_next(struct crm_db_iter *it, struct crm_cust_row *r)
{
	struct crm_stmt *st = it->st;

	if (crm_sql_step(it->db, st, "customers") != SQLITE_ROW)
		return 0;
	r->id = crm_st_column_int64(st, 0);
	r->category = crm_st_column_int64(st, 1);
	r->name = crm_sql_col_text(st, 2);
	r->category_name = crm_sql_col_text(st, 3);
	r->source = crm_sql_col_text(st, 4);
	r->reason = crm_sql_col_text(st, 5);
	r->card = crm_sql_col_text(st, 6);
	r->created = (crm_day)crm_st_column_int64(st, 7);
	r->start = (crm_day)crm_st_column_int64(st, 8);
	r->lost = crm_st_column_int(st, 9);
	r->lost_day = crm_st_column_type(st, 10) == SQLITE_NULL
			      ? CRM_NO_DAY
			      : (crm_day)crm_st_column_int64(st, 10);
	r->lost_reason = crm_sql_col_text(st, 11);
	return 1;
}

int
crm_db_customer_row(struct crm_db *db, long long id, crm_day as_of,
		    struct crm_cust_row *r)
{
	char sql[sizeof customer_row_sql + 32];
	struct crm_stmt *st;

	if (!db->row) {
		snprintf(sql, sizeof sql, "%s AND c.id = :id", customer_row_sql);
		db->row = crm_sql_iter_new(db, crm_sql_prepare(db, sql));
		db->row_as_of = as_of;
		crm_db_asof_bind(db, db->row->st, as_of);
	}
	st = db->row->st;
	crm_st_reset(st);
	if (as_of != db->row_as_of) {
		db->row_as_of = as_of;
		crm_db_asof_bind(db, st, as_of);
	}
	crm_st_bind_int(st, 1, 0);
	crm_st_bind_int64(st, crm_st_bind_parameter_index(st, ":id"), id);
	return crm_db_customer_rows_next(db->row, r);
}

/* Ids a statement of crm_db_customer_rows_of asks for: a server then
 * answers a ranking's names in one round trip per batch, not per row. */
enum { ROWS_BATCH = 256 };

void
crm_db_customer_rows_of(struct crm_db *db, const long long *ids, size_t n,
			crm_day as_of,
			void (*fn)(size_t i, const struct crm_cust_row *r,
				   void *arg),
			void *arg)
{
	char sql[sizeof customer_row_sql + 64 + ROWS_BATCH * 8];
	int at[ROWS_BATCH];
	struct crm_db_iter *it;
	struct crm_cust_row r;
	size_t len, done, j;

	if (n == 0)
		return;
	len = (size_t)snprintf(sql, sizeof sql, "%s AND c.id IN (",
			       customer_row_sql);
	for (int k = 0; k < ROWS_BATCH; k++)
		len += (size_t)snprintf(sql + len, sizeof sql - len, "%s:i%d",
					k ? "," : "", k);
	snprintf(sql + len, sizeof sql - len, ") ORDER BY c.id");
	it = crm_sql_iter_new(db, crm_sql_prepare(db, sql));
	crm_st_replan(it->st);
	crm_db_asof_bind(db, it->st, as_of);
	crm_st_bind_int(it->st, 1, 0);
	for (int k = 0; k < ROWS_BATCH; k++) {
		char name[16];

		snprintf(name, sizeof name, ":i%d", k);
		at[k] = crm_st_bind_parameter_index(it->st, name);
	}
	for (done = 0; done < n; done += ROWS_BATCH) {
		/* the last batch repeats its last id in the unused places */
		for (int k = 0; k < ROWS_BATCH; k++)
			crm_st_bind_int64(it->st, at[k],
					  ids[done + k < n ? done + k : n - 1]);
		j = done;
		while (crm_db_customer_rows_next(it, &r)) {
			while (j < n && ids[j] < r.id)
				j++;
			if (j < n && ids[j] == r.id)
				fn(j, &r, arg);
		}
		crm_st_reset(it->st);
	}
	crm_db_iter_free(it);
}

/* the first of days[0..n-1] (ascending) on or after day; n: none */
static int
first_on_or_after(const crm_day *days, int n, crm_day day)
{
	int lo = 0, hi = n;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (days[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

struct member_counts {
	long long *cat; /* the categories seen */
	long long *n;   /* [category index * (days + 1) + first day index] */
	int ncat, cap, ndays;
};

static void
member_count(struct member_counts *m, long long cat, int p)
{
	int k;

	for (k = 0; k < m->ncat && m->cat[k] != cat; k++)
		;
	if (k == m->ncat) {
		if (m->ncat == m->cap) {
			m->cap = m->cap ? 2 * m->cap : 8;
			m->cat = crm_xrealloc(m->cat, (size_t)m->cap * sizeof *m->cat);
			m->n = crm_xrealloc(m->n, (size_t)m->cap * (size_t)(m->ndays + 1) *
							   sizeof *m->n);
		}
		m->cat[k] = cat;
		memset(m->n + (size_t)k * (size_t)(m->ndays + 1), 0,
		       (size_t)(m->ndays + 1) * sizeof *m->n);
		m->ncat++;
	}
	m->n[(size_t)k * (size_t)(m->ndays + 1) + (size_t)p]++;
}

void
crm_db_category_members(struct crm_db *db, const crm_day *days, int ndays,
			void (*fn)(int p, long long cat, long long n, void *arg),
			void *arg)
{
	struct member_counts m = {NULL, NULL, 0, 0, ndays};
	struct crm_stmt *st;

	if (ndays <= 0)
		return;
	/*
	 * A customer never moved is in their category on every day: one
	 * scan counts them for all the days, from the first day they
	 * existed (created, or an earlier sale, as db-asof.c says).
	 */
	st = crm_sql_prepare(
		db, "SELECT c.category_id, c.created, CASE WHEN c.created > ?1"
		    " THEN (SELECT min(p.day) FROM purchase p"
		    "  INDEXED BY purchase_customer WHERE p.customer_id = c.id)"
		    " END FROM customer c"
		    " WHERE c.id NOT IN (SELECT customer_id FROM category_change)");
	crm_st_bind_int(st, 1, days[0]);
	while (crm_sql_step(db, st, "category members") == SQLITE_ROW) {
		crm_day from = (crm_day)crm_st_column_int64(st, 1);

		if (crm_st_column_type(st, 2) != SQLITE_NULL &&
		    crm_st_column_int64(st, 2) < from)
			from = (crm_day)crm_st_column_int64(st, 2);
		member_count(&m, crm_st_column_int64(st, 0),
			     first_on_or_after(days, ndays, from));
	}
	crm_st_finalize(st);
	for (int k = 0; k < m.ncat; k++) {
		long long *n = m.n + (size_t)k * (size_t)(ndays + 1), sum = 0;

		for (int p = 0; p < ndays; p++) {
			sum += n[p];
			if (sum)
				fn(p, m.cat[k], sum, arg);
		}
	}
	free(m.cat);
	free(m.n);
	/* the moved ones: their category on each day, from the history */
	st = crm_sql_prepare(db, "SELECT " DB_ASOF_CATEGORY " AS cat, count(*)"
			    " FROM customer c WHERE " DB_ASOF_EXISTS
			    " AND c.id IN (SELECT customer_id FROM category_change)"
			    " GROUP BY cat");
	for (int p = 0; p < ndays; p++) {
		crm_db_asof_bind(db, st, days[p]);
		while (crm_sql_step(db, st, "category members") == SQLITE_ROW)
			if (crm_st_column_type(st, 0) != SQLITE_NULL)
				fn(p, crm_st_column_int64(st, 0),
				   crm_st_column_int64(st, 1), arg);
		crm_st_reset(st);
	}
	crm_st_finalize(st);
}

void
crm_db_category_strays(struct crm_db *db, crm_day from, crm_day to,
		       crm_day day,
		       void (*fn)(long long cat, long long n, void *arg),
		       void *arg)
{
	struct crm_stmt *st;

	/* the category on day :asof as crm_db_category_members() has it;
	 * only a customer who was moved (db-history.c is what moves them)
	 * can have sales in a category other than theirs, as a sale takes
	 * the category of its date: their sales alone are read */
	st = crm_sql_prepare(db,
		"SELECT p.category_id, count(DISTINCT p.customer_id)"
		" FROM purchase p INDEXED BY purchase_customer"
		" JOIN customer c ON c.id = p.customer_id"
		" WHERE p.customer_id IN (SELECT customer_id FROM category_change)"
		" AND p.day BETWEEN ?1 AND ?2 AND p.amount >= 0"
		" AND p.category_id IS NOT NULL"
		" AND p.category_id IS NOT " DB_ASOF_CATEGORY
		" GROUP BY p.category_id");
	crm_st_bind_int(st, 1, from);
	crm_st_bind_int(st, 2, to);
	crm_db_asof_bind(db, st, day);
	while (crm_sql_step(db, st, "category strays") == SQLITE_ROW)
		fn(crm_st_column_int64(st, 0), crm_st_column_int64(st, 1),
		   arg);
	crm_st_finalize(st);
}

struct crm_db_iter *
crm_db_category_asof(struct crm_db *db, crm_day day)
{
	struct crm_stmt *st;

	/* the category of day and existence by then, as db-asof.c says */
	st = crm_sql_prepare(db, "SELECT c.id, " DB_ASOF_CATEGORY ", "
			    DB_ASOF_EXISTS " FROM customer c ORDER BY c.id");
	crm_db_asof_bind(db, st, day);
	return crm_sql_iter_new(db, st);
}

int
crm_db_category_asof_next(struct crm_db_iter *it, long long *id,
			  long long *cat, int *exists)
{
	struct crm_stmt *st = it->st;

	if (crm_sql_step(it->db, st, "category as of") != SQLITE_ROW)
		return 0;
	*id = crm_st_column_int64(st, 0);
	*cat = crm_st_column_int64(st, 1);
	*exists = crm_st_column_int(st, 2);
	return 1;
}

/* Open on as_of: dated then or before and not paid by then.  A sale
 * paid after as_of is found by a scan, made only for a past as_of. */
struct crm_db_iter *
crm_db_unpaid(struct crm_db *db, crm_day as_of, int past)
{
	struct crm_stmt *st = crm_sql_prepare(
		db, "SELECT c.id, c.name, u.ref, u.day, u.amount, u.id FROM ("
		    " SELECT p.id, p.customer_id, p.ref, p.day, p.amount"
		    "  FROM purchase p INDEXED BY purchase_unpaid"
		    "  WHERE p.paid = 0 AND p.day <= ?1"
		    " UNION ALL"
		    " SELECT p.id, p.customer_id, p.ref, p.day, p.amount"
		    "  FROM purchase p WHERE ?2 AND p.paid = 1"
		    "  AND p.paid_day > ?1 AND p.day <= ?1) u"
		    " JOIN customer c ON c.id = u.customer_id"
		    " ORDER BY u.day, c.id, u.id");

	crm_st_bind_int(st, 1, as_of);
	crm_st_bind_int(st, 2, past);
	return crm_sql_iter_new(db, st);
}

int
crm_db_unpaid_next(struct crm_db_iter *it, struct crm_unpaid *u)
{
	struct crm_stmt *st = it->st;

	if (crm_sql_step(it->db, st, "open credit") != SQLITE_ROW)
		return 0;
	u->id = crm_st_column_int64(st, 0);
	u->name = crm_sql_col_text(st, 1);
	u->ref = crm_sql_col_text(st, 2);
	u->day = (crm_day)crm_st_column_int64(st, 3);
	u->amount = crm_st_column_int64(st, 4);
	return 1;
}

crm_money
crm_db_open_credit(struct crm_db *db, long long customer, crm_day as_of)
{
	struct crm_stmt *st = crm_sql_prepare(
		db, "SELECT coalesce(sum(amount), 0) FROM purchase"
		    " WHERE customer_id = ?1 AND day <= ?2"
		    " AND (paid = 0 OR paid_day > ?2)");
	crm_money v;

	crm_st_bind_int64(st, 1, customer);
	crm_st_bind_int(st, 2, as_of);
	crm_sql_step(db, st, "open credit");
	v = crm_st_column_int64(st, 0);
	crm_st_finalize(st);
	return v;
}
