/* db-referrals.c - who brought whom: the referral forest, one customer's
 * children, referrals by referrer, the last thanks */
#include <stdlib.h>
#include <string.h>

#include "db-internal.h"

/* a customer exists on day ?1 (SPEC.md "Customers over time") */
#define EXISTS_SQL(c)                                                      \
	"(" c ".created <= ?1 OR EXISTS (SELECT 1 FROM purchase"           \
	" INDEXED BY purchase_customer WHERE customer_id = " c ".id"       \
	" AND day <= ?1))"

static void
forest_grow(struct crm_forest *f, size_t *cap)
{
	*cap = *cap ? *cap * 2 : 4096;
	f->id = crm_xrealloc(f->id, *cap * sizeof *f->id);
	f->value = crm_xrealloc(f->value, *cap * sizeof *f->value);
	f->value2 = crm_xrealloc(f->value2, *cap * sizeof *f->value2);
	f->flags = crm_xrealloc(f->flags, *cap);
}

long
crm_forest_find(const struct crm_forest *f, long long id)
{
	size_t lo = 0, hi = f->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (f->id[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < f->n && f->id[lo] == id ? (long)lo : -1;
}

/*
 * One statement reads the forest in id order: the customers with a
 * referrer, and those without one whom someone names (the IN looks the
 * id up in the index customer_referred_by).  Only a referred customer's
 * value counts (trees are valued below their referrer), and a purchase
 * matters to a root only to tell whether it existed: so the purchases
 * summed are the referred customers', each read from the covering index
 * purchase_customer, and the customers who were never brought cost no
 * purchase reads at all.
 */
void
crm_db_forest_load(struct crm_db *db, crm_day as_of, struct crm_forest *f)
{
	struct crm_stmt *st;
	size_t cap = 0, i;
	int tx = !crm_sql_in_tx(db);

	memset(f, 0, sizeof *f);
	/* one snapshot, whatever writers do meanwhile */
	if (tx)
		crm_sql_exec(db, "BEGIN");
	st = crm_sql_prepare(
		db, "SELECT c.id, c.referred_by, c.created <= ?1,"
		    " CASE WHEN c.referred_by IS NOT NULL THEN"
		    "  (SELECT sum(amount) FROM purchase"
		    "   INDEXED BY purchase_customer"
		    "   WHERE customer_id = c.id AND day <= ?1)"
		    " WHEN c.created > ?1 THEN (SELECT 0 FROM purchase"
		    "   INDEXED BY purchase_customer"
		    "   WHERE customer_id = c.id AND day <= ?1 LIMIT 1) END"
		    " FROM customer c"
		    " WHERE c.referred_by IS NOT NULL"
		    " OR c.id IN (SELECT referred_by FROM customer"
		    "  WHERE referred_by IS NOT NULL)"
		    " ORDER BY c.id");
	crm_st_bind_int(st, 1, as_of);
	while (crm_sql_step(db, st, "referrals") == SQLITE_ROW) {
		if (f->n == cap)
			forest_grow(f, &cap);
		if (f->n == INT32_MAX)
			crm_die(CRM_EX_SOFTWARE, "more than %d customers in "
				"referrals", INT32_MAX - 1);
		i = f->n++;
		f->id[i] = crm_st_column_int64(st, 0);
		/* the referrer's id for now; its index below */
		f->value2[i] = crm_st_column_int64(st, 1); /* NULL: 0 */
		f->value[i] = crm_st_column_int64(st, 3);
		f->flags[i] = crm_st_column_int(st, 2) ||
					      crm_st_column_type(st, 3) !=
						      SQLITE_NULL
				      ? CRM_FOREST_EXISTS
				      : 0;
	}
	crm_st_finalize(st);
	if (tx)
		crm_sql_exec(db, "COMMIT");
	if (!f->n)
		return;
	f->parent = crm_xmalloc(f->n * sizeof *f->parent);
	f->count = crm_xmalloc(f->n * sizeof *f->count);
	f->count2 = crm_xmalloc(f->n * sizeof *f->count2);
	for (i = 0; i < f->n; i++) {
		long p = f->value2[i] ? crm_forest_find(f, f->value2[i]) : -1;

		/* a referrer missing from the customers (foreign keys were
		 * off): the customer is a root */
		if (f->value2[i] && p < 0)
			f->dangling++;
		f->parent[i] = (int32_t)p;
		f->value2[i] = 0;
	}
}

void
crm_forest_release(struct crm_forest *f)
{
	free(f->id);
	free(f->parent);
	free(f->value);
	free(f->value2);
	free(f->count);
	free(f->count2);
	free(f->flags);
	memset(f, 0, sizeof *f);
}

static int
customer_row(struct crm_db *db, struct crm_stmt *st,
	     struct crm_referral_customer *c)
{
	if (crm_sql_step(db, st, "referrals") != SQLITE_ROW)
		return 0;
	c->id = crm_st_column_int64(st, 0);
	c->name = crm_sql_col_text(st, 1);
	c->referred_by = crm_st_column_int64(st, 2);
	c->created = (crm_day)crm_st_column_int64(st, 3);
	c->exists = crm_st_column_int(st, 4);
	return 1;
}

int
crm_db_referral_customer(struct crm_db *db, long long id, crm_day as_of,
			 struct crm_referral_customer *c)
{
	struct crm_stmt *st = crm_sql_stmt(
		db, ST_REFERRAL_CUSTOMER,
		"SELECT c.id, c.name, c.referred_by, c.created, " EXISTS_SQL("c")
		" FROM customer c WHERE c.id = ?2");

	crm_st_bind_int(st, 1, as_of);
	crm_st_bind_int64(st, 2, id);
	return customer_row(db, st, c);
}

int
crm_db_referral_next_child(struct crm_db *db, long long parent,
			   long long after, crm_day as_of,
			   struct crm_referral_customer *c)
{
	/* the index customer_referred_by holds (referred_by, id): the
	 * next child is one step from where the last one was */
	struct crm_stmt *st = crm_sql_stmt(
		db, ST_REFERRAL_CHILDREN,
		"SELECT c.id, c.name, c.referred_by, c.created, 1"
		" FROM customer c INDEXED BY customer_referred_by"
		" WHERE c.referred_by = ?2 AND c.id > ?3 AND " EXISTS_SQL("c")
		" ORDER BY c.id LIMIT 1");

	crm_st_bind_int(st, 1, as_of);
	crm_st_bind_int64(st, 2, parent);
	crm_st_bind_int64(st, 3, after);
	return customer_row(db, st, c);
}

struct crm_db_iter *
crm_db_referrals(struct crm_db *db, crm_day as_of)
{
	struct crm_stmt *st = crm_sql_prepare(
		db, "SELECT c.id, NULL, c.referred_by, c.created, 1"
		    " FROM customer c INDEXED BY customer_referred_by"
		    " WHERE c.referred_by IS NOT NULL AND " EXISTS_SQL("c")
		    " ORDER BY c.referred_by, c.id");

	crm_st_bind_int(st, 1, as_of);
	return crm_sql_iter_new(db, st);
}

int
crm_db_referrals_next(struct crm_db_iter *it, struct crm_referral_customer *c)
{
	return customer_row(it->db, it->st, c);
}

int
crm_db_last_thanks(struct crm_db *db, long long id, crm_day as_of,
		   crm_day *day)
{
	struct crm_stmt *st = crm_sql_stmt(db, ST_REFERRAL_LAST_THANKS,
				   "SELECT max(day) FROM thanks"
				   " WHERE customer_id = ?1 AND day <= ?2");
	int found;

	crm_st_bind_int64(st, 1, id);
	crm_st_bind_int(st, 2, as_of);
	crm_sql_step(db, st, "thanks");
	found = crm_st_column_type(st, 0) != SQLITE_NULL;
	if (found)
		*day = (crm_day)crm_st_column_int64(st, 0);
	crm_st_reset(st);
	return found;
}

void
crm_db_referred(struct crm_db *db, long long id, crm_day as_of, long long *n,
		crm_money *value)
{
	struct crm_stmt *st = crm_sql_prepare(
		db, "SELECT count(*), coalesce(sum((SELECT sum(p.amount)"
		    "  FROM purchase p INDEXED BY purchase_customer"
		    "  WHERE p.customer_id = c.id AND p.day <= ?2)), 0)"
		    " FROM customer c WHERE c.referred_by = ?1 AND (c.created <= ?2"
		    "  OR EXISTS (SELECT 1 FROM purchase p"
		    "   WHERE p.customer_id = c.id AND p.day <= ?2))");

	crm_st_bind_int64(st, 1, id);
	crm_st_bind_int(st, 2, as_of);
	crm_sql_step(db, st, "referred");
	*n = crm_st_column_int64(st, 0);
	*value = crm_st_column_int64(st, 1);
	crm_st_finalize(st);
}
