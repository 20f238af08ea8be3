/* db-sale.c - purchases and returns, with their bonus, in one transaction */
#include <string.h>

#include "db-internal.h"

/* What a sale needs to know of its customer. */
struct buyer {
	long long category; /* on the sale's date */
	int has_card, lost, prepay, bonus;
	crm_day lost_day;
	char prepay_category[128];
};

static int
load_buyer(struct crm_db *db, long long id, crm_day day, struct buyer *b)
{
	sqlite3_stmt *st = db_stmt(db, ST_SALE_CUSTOMER,
				   "SELECT c.category_id, c.card IS NOT NULL,"
				   " c.status = 'lost', c.lost_day, k.prepay,"
				   " k.name, k.bonus FROM customer c"
				   " JOIN category k ON k.id = c.category_id"
				   " WHERE c.id = ?");
	long long at = 0;

	sqlite3_bind_int64(st, 1, id);
	if (db_step(db, st, "customer") != SQLITE_ROW) {
		sqlite3_reset(st);
		return 0;
	}
	b->category = sqlite3_column_int64(st, 0);
	b->has_card = sqlite3_column_int(st, 1);
	b->lost = sqlite3_column_int(st, 2);
	b->lost_day = (crm_day)sqlite3_column_int64(st, 3);
	b->prepay = sqlite3_column_int(st, 4);
	snprintf(b->prepay_category, sizeof b->prepay_category, "%s",
		 db_col_text(st, 5));
	b->bonus = sqlite3_column_int(st, 6);
	sqlite3_reset(st);
	/* a later change of category means the sale's date saw the old one;
	 * a sale dated on or after the latest change of all needs no look */
	if (day >= db->last_change)
		return 1;
	st = db_stmt(db, ST_SALE_CATEGORY_AT,
		     "SELECT old_id FROM category_change WHERE customer_id = ?"
		     " AND day > ? AND old_id IS NOT NULL ORDER BY day, id LIMIT 1");
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, day);
	if (db_step(db, st, "category on date") == SQLITE_ROW)
		at = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (!at || at == b->category)
		return 1;
	b->category = at;
	st = db_stmt(db, ST_SALE_CATEGORY_TERMS,
		     "SELECT bonus FROM category WHERE id = ?");
	sqlite3_bind_int64(st, 1, b->category);
	b->bonus = db_step(db, st, "category terms") == SQLITE_ROW
			   ? sqlite3_column_int(st, 0)
			   : 0;
	sqlite3_reset(st);
	return 1;
}

/* The sale a return names: its id, customer, amount, and what was
 * returned of it so far. */
struct returned {
	long long id, customer;
	crm_money amount, already;
};

static int
load_returned(struct crm_db *db, const char *ref, struct returned *r)
{
	sqlite3_stmt *st = db_stmt(db, ST_SALE_BY_REF,
				   "SELECT id, customer_id, amount FROM purchase"
				   " WHERE ref = ?");
	int found;

	db_bind_text(st, 1, ref);
	found = db_step(db, st, "sale by ref") == SQLITE_ROW;
	if (found) {
		r->id = sqlite3_column_int64(st, 0);
		r->customer = sqlite3_column_int64(st, 1);
		r->amount = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (!found)
		return 0;
	st = db_stmt(db, ST_SALE_RETURNED,
		     "SELECT coalesce(-sum(amount), 0) FROM purchase"
		     " WHERE returns_id = ?");
	sqlite3_bind_int64(st, 1, r->id);
	db_step(db, st, "returned so far");
	r->already = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 1;
}

static crm_money
bonus_of_sale(struct crm_db *db, long long sale)
{
	sqlite3_stmt *st = db_stmt(db, ST_BONUS_OF_SALE,
				   "SELECT coalesce(sum(amount), 0) FROM bonus"
				   " WHERE purchase_id = ? AND kind = 'accrual'");
	crm_money v;

	sqlite3_bind_int64(st, 1, sale);
	db_step(db, st, "bonus of sale");
	v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return v;
}

crm_money
crm_db_bonus_balance(struct crm_db *db, long long customer, crm_day as_of)
{
	sqlite3_stmt *st = db_stmt(db, ST_BONUS_BALANCE,
				   "SELECT coalesce(sum(amount), 0) FROM bonus"
				   " WHERE customer_id = ? AND day <= ?");
	crm_money v;

	sqlite3_bind_int64(st, 1, customer);
	sqlite3_bind_int(st, 2, as_of);
	db_step(db, st, "bonus balance");
	v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return v;
}

static void
bonus_insert(struct crm_db *db, long long customer, crm_day day,
	     const char *kind, crm_money amount, long long sale)
{
	sqlite3_stmt *st = db_stmt(db, ST_BONUS_INSERT,
				   "INSERT INTO bonus (customer_id, day, kind,"
				   " amount, purchase_id) VALUES (?, ?, ?, ?, ?)");

	sqlite3_bind_int64(st, 1, customer);
	sqlite3_bind_int(st, 2, day);
	db_bind_text(st, 3, kind);
	sqlite3_bind_int64(st, 4, amount);
	if (sale)
		sqlite3_bind_int64(st, 5, sale);
	db_step(db, st, "bonus");
}

/* magnitude rounded half up: |a| * num / den */
static crm_money
proportion(crm_money a, crm_money num, crm_money den)
{
	crm_money m = a < 0 ? -a : a;

	if (den <= 0)
		return 0;
	/* amounts stay far below 2^63 / 2^63: split to avoid overflow */
	return (crm_money)(((__int128)m * num * 2 + den) / (2 * den));
}

static void
reactivate(struct crm_db *db, long long customer, crm_day day)
{
	sqlite3_stmt *st = db_stmt(db, ST_STATUS_ACTIVE,
				   "UPDATE customer SET status = 'active',"
				   " lost_reason = NULL, lost_day = NULL WHERE id = ?");

	sqlite3_bind_int64(st, 1, customer);
	db_step(db, st, "reactivate");
	st = db_stmt(db, ST_STATUS_LOG,
		     "INSERT INTO status_change (customer_id, day, status, reason)"
		     " VALUES (?, ?, 'active', 'purchase')");
	sqlite3_bind_int64(st, 1, customer);
	sqlite3_bind_int(st, 2, day);
	db_step(db, st, "log status");
}

static long long
ref_id(struct crm_db *db, const char *ref)
{
	sqlite3_stmt *st = db_stmt(db, ST_SALE_BY_REF,
				   "SELECT id, customer_id, amount FROM purchase"
				   " WHERE ref = ?");
	long long id = 0;

	db_bind_text(st, 1, ref);
	if (db_step(db, st, "sale by ref") == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return id;
}

/* A ref already stored: recorded before this run (skip) or in it (error). */
static enum crm_sale_result
ref_seen(struct crm_db *db, const char *ref, struct crm_err *e)
{
	long long id = ref_id(db, ref);

	if (id && id < db->run_first_sale)
		return CRM_SALE_SKIPPED;
	crm_err_set(e, CRM_EX_DATAERR, "ref '%s' appears twice in the input",
		    ref);
	return CRM_SALE_ERROR;
}

enum crm_sale_result
crm_db_sale_add(struct crm_db *db, const struct crm_sale *s, char *warn,
		size_t warnsz, struct crm_err *e)
{
	struct buyer b;
	struct returned r = {0};
	sqlite3_stmt *st;
	long long sale;
	crm_money pts;
	int rc;

	warn[0] = '\0';
	if (!db->run_first_sale) {
		db->run_first_sale =
			db_int(db, "SELECT coalesce(max(id), 0) + 1 FROM purchase");
		db->last_change = (crm_day)db_int(
			db, "SELECT coalesce(max(day), -2147483647) FROM category_change");
	}
	if (!load_buyer(db, s->customer, s->day, &b))
		return crm_err_set(e, CRM_EX_NOINPUT,
				   "no customer with id '%lld'", s->customer),
		       CRM_SALE_ERROR;
	if (s->ref && !*s->ref)
		return crm_err_set(e, CRM_EX_DATAERR, "ref is empty"),
		       CRM_SALE_ERROR;
	/* a line recorded by an earlier run is skipped before it is
	 * checked again: its return may since have used up its sale */
	if (s->ref && s->returns_ref && ref_id(db, s->ref))
		return ref_seen(db, s->ref, e);
	if (s->unpaid && b.prepay)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "customer %lld is in category '%s', which "
				   "must prepay: no sale on credit",
				   s->customer, b.prepay_category),
		       CRM_SALE_ERROR;
	if (s->returns_ref) {
		if (s->amount >= 0)
			return crm_err_set(e, CRM_EX_DATAERR,
					   "a return needs a negative amount"),
			       CRM_SALE_ERROR;
		if (!load_returned(db, s->returns_ref, &r))
			return crm_err_set(e, CRM_EX_NOINPUT,
					   "returned sale '%s' does not exist",
					   s->returns_ref),
			       CRM_SALE_ERROR;
		if (r.customer != s->customer)
			return crm_err_set(e, CRM_EX_DATAERR,
					   "sale '%s' belongs to customer %lld",
					   s->returns_ref, r.customer),
			       CRM_SALE_ERROR;
		if (-s->amount > r.amount - r.already)
			return crm_err_set(e, CRM_EX_DATAERR,
					   "the return is larger than what is "
					   "left of sale '%s'", s->returns_ref),
			       CRM_SALE_ERROR;
	}
	st = db_stmt(db, ST_SALE_INSERT,
		     "INSERT INTO purchase (customer_id, day, amount, cost, ref,"
		     " item, paid, returns_id, category_id)"
		     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	sqlite3_bind_int64(st, 1, s->customer);
	sqlite3_bind_int(st, 2, s->day);
	sqlite3_bind_int64(st, 3, s->amount);
	if (s->has_cost)
		sqlite3_bind_int64(st, 4, s->cost);
	db_bind_text(st, 5, s->ref);
	db_bind_text(st, 6, s->item);
	sqlite3_bind_int(st, 7, !s->unpaid);
	if (r.id)
		sqlite3_bind_int64(st, 8, r.id);
	sqlite3_bind_int64(st, 9, b.category);
	rc = db_step(db, st, "record sale");
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		sqlite3_reset(st);
		return ref_seen(db, s->ref, e);
	}
	sale = sqlite3_last_insert_rowid(db->h);
	if (b.has_card && s->amount > 0 && b.bonus > 0) {
		pts = proportion(s->amount, b.bonus, 10000);
		if (pts)
			bonus_insert(db, s->customer, s->day, "accrual", pts,
				     sale);
	} else if (b.has_card && s->amount < 0) {
		crm_money balance;

		pts = r.id ? proportion(s->amount, bonus_of_sale(db, r.id),
					r.amount)
			   : proportion(s->amount, b.bonus, 10000);
		balance = crm_db_bonus_balance(db, s->customer, INT32_MAX);
		if (pts > balance) {
			char want[CRM_MONEY_BUFSZ], have[CRM_MONEY_BUFSZ];
			int digits = db->cfg->minor_digits;

			snprintf(warn, warnsz,
				 "customer %lld's balance covers only %s of %s",
				 s->customer,
				 crm_money_format(balance > 0 ? balance : 0,
						  digits, have),
				 crm_money_format(pts, digits, want));
			pts = balance > 0 ? balance : 0;
		}
		if (pts)
			bonus_insert(db, s->customer, s->day, "reversal", -pts,
				     sale);
	}
	if (b.lost && s->amount >= 0 && s->day >= b.lost_day)
		reactivate(db, s->customer, s->day);
	return CRM_SALE_ADDED;
}

int
crm_db_sale_pay(struct crm_db *db, const char *ref, crm_day day,
		struct crm_err *e)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, paid FROM purchase"
					  " WHERE ref = ?");
	long long id = 0;
	int paid = 0;

	db_bind_text(st, 1, ref);
	if (db_step(db, st, "sale by ref") == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		paid = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	if (!id)
		return crm_err_set(e, CRM_EX_NOINPUT, "sale '%s' does not exist",
				   ref);
	if (paid)
		return crm_err_set(e, CRM_EX_DATAERR, "sale '%s' is already paid",
				   ref);
	st = db_prepare(db, "UPDATE purchase SET paid = 1, paid_day = ?"
			    " WHERE id = ?");
	sqlite3_bind_int(st, 1, day);
	sqlite3_bind_int64(st, 2, id);
	db_step(db, st, "pay");
	sqlite3_finalize(st);
	return 0;
}
