/* db-report.c - what the reports read: purchases in order, customers,
 * category membership on a date, open credit */
#include <string.h>

#include "db-internal.h"

struct crm_db_iter *
crm_db_sales(struct crm_db *db, crm_day from, crm_day to, int only_marked)
{
	sqlite3_stmt *st;

	/* the covering index gives (customer, day) order without a sort
	 * and without touching the table */
	if (only_marked)
		db_marked_table(db);
	if (only_marked)
		st = db_prepare(db, "SELECT customer_id, day, amount, cost,"
				    " category_id FROM purchase"
				    " INDEXED BY purchase_customer"
				    " WHERE customer_id IN (SELECT id FROM temp.marked)"
				    " AND day BETWEEN ?1 AND ?2"
				    " ORDER BY customer_id, day");
	else
		st = db_prepare(db, "SELECT customer_id, day, amount, cost,"
				    " category_id FROM purchase"
				    " INDEXED BY purchase_customer"
				    " WHERE day BETWEEN ?1 AND ?2"
				    " ORDER BY customer_id, day");
	sqlite3_bind_int(st, 1, from);
	sqlite3_bind_int(st, 2, to);
	return db_iter_new(db, st);
}

int
crm_db_sales_next(struct crm_db_iter *it, struct crm_sale_row *r)
{
	sqlite3_stmt *st = it->st;

	if (db_step(it->db, st, "purchases") != SQLITE_ROW)
		return 0;
	r->customer = sqlite3_column_int64(st, 0);
	r->day = (crm_day)sqlite3_column_int64(st, 1);
	r->amount = sqlite3_column_int64(st, 2);
	r->cost = sqlite3_column_int64(st, 3); /* NULL reads as 0 */
	r->costed = sqlite3_column_type(st, 3) != SQLITE_NULL;
	r->category = sqlite3_column_int64(st, 4);
	return 1;
}

struct crm_db_iter *
crm_db_customer_sales(struct crm_db *db, long long id, crm_day as_of)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT customer_id, day, amount,"
					  " cost, category_id FROM purchase"
					  " INDEXED BY purchase_customer"
					  " WHERE customer_id = ? AND day <= ?"
					  " ORDER BY day");

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, as_of);
	return db_iter_new(db, st);
}

void
crm_db_rank(struct crm_db *db, long long id, crm_day as_of, long long *rank,
	    long long *n)
{
	sqlite3_stmt *st = db_prepare(
		db, "WITH v(id, net) AS (SELECT customer_id, sum(amount)"
		    "  FROM purchase INDEXED BY purchase_customer WHERE day <= ?2"
		    "  GROUP BY customer_id HAVING sum(amount) > 0),"
		    " me(net) AS (SELECT net FROM v WHERE id = ?1)"
		    " SELECT (SELECT count(*) FROM v, me WHERE v.net > me.net"
		    "  OR (v.net = me.net AND v.id < ?1)) + 1,"
		    " (SELECT count(*) FROM v), (SELECT count(*) FROM me)");

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, as_of);
	db_step(db, st, "rank");
	*rank = sqlite3_column_int64(st, 2) ? sqlite3_column_int64(st, 0) : 0;
	*n = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
}

crm_day
crm_db_first_sale_day(struct crm_db *db)
{
	/* kept by crm_db_sale_add(): min(day) would need an index that
	 * every sale pays for */
	return (crm_day)db_int(db, "SELECT coalesce((SELECT value FROM setting"
				   " WHERE key = 'first_sale_day'), 0)");
}

/* start: a purchase before created moves it earlier; only customers
 * created after the first purchase of all can have one */
static const char customer_row_sql[] =
	"SELECT c.id, c.category_id, c.name, k.name, c.source, c.reason,"
	" c.card, c.created, CASE WHEN NOT ?1 OR"
	" c.created <= (SELECT value FROM setting WHERE key = 'first_sale_day')"
	" THEN c.created ELSE min(c.created, coalesce((SELECT min(p.day)"
	"  FROM purchase p WHERE p.customer_id = c.id), c.created)) END,"
	" c.status = 'lost', c.lost_day, c.lost_reason"
	" FROM customer c JOIN category k ON k.id = c.category_id";

struct crm_db_iter *
crm_db_customer_rows(struct crm_db *db, int with_start, int only_marked)
{
	char sql[1024];
	sqlite3_stmt *st;

	if (only_marked)
		db_marked_table(db);
	snprintf(sql, sizeof sql, "%s%s ORDER BY c.id", customer_row_sql,
		 only_marked ? " WHERE c.id IN (SELECT id FROM temp.marked)" : "");
	st = db_prepare(db, sql);
	sqlite3_bind_int(st, 1, with_start);
	return db_iter_new(db, st);
}

int
crm_db_customer_rows_next(struct crm_db_iter *it, struct crm_cust_row *r)
{
	sqlite3_stmt *st = it->st;

	if (db_step(it->db, st, "customers") != SQLITE_ROW)
		return 0;
	r->id = sqlite3_column_int64(st, 0);
	r->category = sqlite3_column_int64(st, 1);
	r->name = db_col_text(st, 2);
	r->category_name = db_col_text(st, 3);
	r->source = db_col_text(st, 4);
	r->reason = db_col_text(st, 5);
	r->card = db_col_text(st, 6);
	r->created = (crm_day)sqlite3_column_int64(st, 7);
	r->start = (crm_day)sqlite3_column_int64(st, 8);
	r->lost = sqlite3_column_int(st, 9);
	r->lost_day = (crm_day)sqlite3_column_int64(st, 10);
	r->lost_reason = db_col_text(st, 11);
	return 1;
}

int
crm_db_customer_row(struct crm_db *db, long long id, struct crm_cust_row *r)
{
	char sql[1024];
	sqlite3_stmt *st;

	if (!db->row) {
		snprintf(sql, sizeof sql, "%s WHERE c.id = ?2", customer_row_sql);
		db->row = db_iter_new(db, db_prepare(db, sql));
	}
	st = db->row->st;
	sqlite3_reset(st);
	sqlite3_bind_int(st, 1, 0);
	sqlite3_bind_int64(st, 2, id);
	return crm_db_customer_rows_next(db->row, r);
}

char *
crm_db_category_on(struct crm_db *db, long long id, crm_day day, char *buf,
		   size_t n)
{
	sqlite3_stmt *st = db_prepare(
		db, "SELECT k.name FROM category k WHERE k.id = coalesce("
		    " (SELECT old_id FROM category_change WHERE customer_id = ?1"
		    "  AND day > ?2 AND old_id IS NOT NULL ORDER BY day, id LIMIT 1),"
		    " (SELECT category_id FROM customer WHERE id = ?1))");

	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, day);
	buf[0] = '\0';
	if (db_step(db, st, "category on a day") == SQLITE_ROW)
		snprintf(buf, n, "%s", db_col_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

void
crm_db_category_members(struct crm_db *db, crm_day day,
			void (*fn)(long long cat, long long n, void *arg),
			void *arg)
{
	sqlite3_stmt *st;

	/*
	 * A customer is in the category its earliest change after day
	 * moved it out of, else in its current one; it counts from the
	 * earlier of created and its first purchase.  Changes after day are
	 * few, so they are joined once rather than looked up per customer.
	 */
	st = db_prepare(db,
		"SELECT coalesce(x.old_id, c.category_id) AS cat, count(*)"
		" FROM customer c LEFT JOIN (SELECT h.customer_id, h.old_id"
		"  FROM category_change h WHERE h.day > ?1 AND h.id ="
		"  (SELECT min(h2.id) FROM category_change h2"
		"   WHERE h2.customer_id = h.customer_id AND h2.day > ?1)) x"
		" ON x.customer_id = c.id"
		" WHERE c.created <= ?1 OR EXISTS (SELECT 1 FROM purchase p"
		"  WHERE p.customer_id = c.id AND p.day <= ?1)"
		" GROUP BY cat");
	sqlite3_bind_int(st, 1, day);
	while (db_step(db, st, "category members") == SQLITE_ROW)
		if (sqlite3_column_type(st, 0) != SQLITE_NULL)
			fn(sqlite3_column_int64(st, 0),
			   sqlite3_column_int64(st, 1), arg);
	sqlite3_finalize(st);
}

void
crm_db_category_strays(struct crm_db *db, crm_day from, crm_day to,
		       crm_day day,
		       void (*fn)(long long cat, long long n, void *arg),
		       void *arg)
{
	sqlite3_stmt *st;

	/* the category on day ?3 as crm_db_category_members() has it */
	st = db_prepare(db,
		"SELECT p.category_id, count(DISTINCT p.customer_id)"
		" FROM purchase p JOIN customer c ON c.id = p.customer_id"
		" LEFT JOIN (SELECT h.customer_id, h.old_id"
		"  FROM category_change h WHERE h.day > ?3 AND h.id ="
		"  (SELECT min(h2.id) FROM category_change h2"
		"   WHERE h2.customer_id = h.customer_id AND h2.day > ?3)) x"
		" ON x.customer_id = c.id"
		" WHERE p.day BETWEEN ?1 AND ?2 AND p.amount >= 0"
		" AND p.category_id IS NOT NULL"
		" AND p.category_id IS NOT coalesce(x.old_id, c.category_id)"
		" GROUP BY p.category_id");
	sqlite3_bind_int(st, 1, from);
	sqlite3_bind_int(st, 2, to);
	sqlite3_bind_int(st, 3, day);
	while (db_step(db, st, "category strays") == SQLITE_ROW)
		fn(sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
		   arg);
	sqlite3_finalize(st);
}

struct crm_db_iter *
crm_db_category_asof(struct crm_db *db, crm_day day)
{
	sqlite3_stmt *st;

	/* today or later: the current category; else the history's */
	if (day >= crm_today())
		st = db_prepare(db,
			"SELECT c.id, c.category_id, c.created <= ?1"
			" OR EXISTS (SELECT 1 FROM purchase p"
			"  WHERE p.customer_id = c.id AND p.day <= ?1)"
			" FROM customer c ORDER BY c.id");
	else
		st = db_prepare(db,
			"SELECT c.id, coalesce("
			" (SELECT h.new_id FROM category_change h"
			"  WHERE h.customer_id = c.id AND h.day <= ?1"
			"  ORDER BY h.day DESC, h.id DESC LIMIT 1),"
			" (SELECT h.old_id FROM category_change h"
			"  WHERE h.customer_id = c.id AND h.day > ?1"
			"  ORDER BY h.day, h.id LIMIT 1),"
			" c.category_id), c.created <= ?1"
			" OR EXISTS (SELECT 1 FROM purchase p"
			"  WHERE p.customer_id = c.id AND p.day <= ?1)"
			" FROM customer c ORDER BY c.id");
	sqlite3_bind_int(st, 1, day);
	return db_iter_new(db, st);
}

int
crm_db_category_asof_next(struct crm_db_iter *it, long long *id,
			  long long *cat, int *exists)
{
	sqlite3_stmt *st = it->st;

	if (db_step(it->db, st, "category as of") != SQLITE_ROW)
		return 0;
	*id = sqlite3_column_int64(st, 0);
	*cat = sqlite3_column_int64(st, 1);
	*exists = sqlite3_column_int(st, 2);
	return 1;
}

struct crm_db_iter *
crm_db_unpaid(struct crm_db *db, crm_day as_of)
{
	sqlite3_stmt *st = db_prepare(
		db, "SELECT c.id, c.name, p.ref, p.day, p.amount"
		    " FROM purchase p INDEXED BY purchase_unpaid"
		    " JOIN customer c ON c.id = p.customer_id"
		    " WHERE p.paid = 0 AND p.day <= ?1"
		    " ORDER BY p.day, c.id, p.id");

	sqlite3_bind_int(st, 1, as_of);
	return db_iter_new(db, st);
}

int
crm_db_unpaid_next(struct crm_db_iter *it, struct crm_unpaid *u)
{
	sqlite3_stmt *st = it->st;

	if (db_step(it->db, st, "open credit") != SQLITE_ROW)
		return 0;
	u->id = sqlite3_column_int64(st, 0);
	u->name = db_col_text(st, 1);
	u->ref = db_col_text(st, 2);
	u->day = (crm_day)sqlite3_column_int64(st, 3);
	u->amount = sqlite3_column_int64(st, 4);
	return 1;
}

crm_money
crm_db_open_credit(struct crm_db *db, long long customer, crm_day as_of)
{
	sqlite3_stmt *st = db_prepare(
		db, "SELECT coalesce(sum(amount), 0) FROM purchase"
		    " INDEXED BY purchase_unpaid"
		    " WHERE customer_id = ? AND paid = 0 AND day <= ?");
	crm_money v;

	sqlite3_bind_int64(st, 1, customer);
	sqlite3_bind_int(st, 2, as_of);
	db_step(db, st, "open credit");
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}
