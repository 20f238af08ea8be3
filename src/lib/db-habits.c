/* db-habits.c - purchases with their items, for habits and promotions */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "db-internal.h"

struct crm_db_iter *
crm_db_item_sales(struct crm_db *db, crm_day from, crm_day to, int only_selection)
{
	struct crm_stmt *st;

	if (only_selection)
		crm_db_selection_table(db);
	st = crm_sql_prepare(
		db, only_selection
			    ? "SELECT customer_id, day, amount, item FROM purchase"
			      " INDEXED BY purchase_customer"
			      " WHERE customer_id IN (SELECT id FROM temp.marked)"
			      " AND day BETWEEN ?1 AND ?2 AND amount >= 0"
			      " ORDER BY customer_id, day"
			    : "SELECT customer_id, day, amount, item FROM purchase"
			      " INDEXED BY purchase_customer"
			      " WHERE day BETWEEN ?1 AND ?2 AND amount >= 0"
			      " ORDER BY customer_id, day");

	crm_st_bind_int(st, 1, from);
	crm_st_bind_int(st, 2, to);
	return crm_sql_iter_new(db, st);
}

int
crm_db_item_sales_next(struct crm_db_iter *it, struct crm_item_row *r)
{
	struct crm_stmt *st = it->st;

	if (crm_sql_step(it->db, st, "purchases") != SQLITE_ROW)
		return 0;
	r->customer = crm_st_column_int64(st, 0);
	r->day = (crm_day)crm_st_column_int64(st, 1);
	r->amount = crm_st_column_int64(st, 2);
	r->item = crm_sql_col_text(st, 3);
	return 1;
}

struct crm_db_iter *
crm_db_customer_items(struct crm_db *db, long long id, crm_day as_of)
{
	struct crm_stmt *st = crm_sql_prepare(
		db, "SELECT customer_id, day, amount, item FROM purchase"
		    " INDEXED BY purchase_customer"
		    " WHERE customer_id = ?1 AND day <= ?2 AND amount >= 0"
		    " ORDER BY day");

	crm_st_bind_int64(st, 1, id);
	crm_st_bind_int(st, 2, as_of);
	return crm_sql_iter_new(db, st);
}

/* crm_glob(pattern, item) in SQL: crm_glob_match() */
static void
sql_glob(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const unsigned char *p = sqlite3_value_text(argv[0]);
	const unsigned char *t = sqlite3_value_text(argv[1]);

	(void)argc;
	sqlite3_result_int(cx, p && t && crm_glob_match((const char *)p,
							(const char *)t));
}

#define PREFIX_MAX 4 /* letters of a prefix spelled in every case: 16 */

/* the ranges of items a pattern can match, as [lo, hi) pairs */
struct ranges {
	char (*lo)[PREFIX_MAX + 1], (*hi)[PREFIX_MAX + 1];
	size_t n, cap;
	int all; /* some pattern starts with a wildcard: every item */
};

/*
 * An item a pattern matches starts with the pattern's literal ASCII
 * prefix in some case (crm_glob_match folds no other character to an
 * ASCII letter): one range per way to spell the prefix's letters.
 */
static void
pattern_ranges(struct ranges *r, const char *pattern)
{
	size_t k = 0, nletters = 0;

	while (k < PREFIX_MAX && pattern[k] && !strchr("*?[", pattern[k]) &&
	       (unsigned char)pattern[k] < 0x80)
		nletters += isalpha((unsigned char)pattern[k++]) != 0;
	if (!k) {
		r->all = 1;
		return;
	}
	for (size_t bits = 0; bits < (size_t)1 << nletters; bits++) {
		size_t letter = 0;

		if (r->n == r->cap) {
			r->cap = r->cap ? 2 * r->cap : 16;
			r->lo = crm_xrealloc(r->lo, r->cap * sizeof *r->lo);
			r->hi = crm_xrealloc(r->hi, r->cap * sizeof *r->hi);
		}
		for (size_t i = 0; i < k; i++) {
			unsigned char c = (unsigned char)pattern[i];

			if (isalpha(c))
				c = bits >> letter++ & 1 ? (unsigned char)toupper(c)
							 : (unsigned char)tolower(c);
			r->lo[r->n][i] = r->hi[r->n][i] = (char)c;
		}
		r->lo[r->n][k] = r->hi[r->n][k] = '\0';
		r->hi[r->n][k - 1]++; /* past every text that starts with lo */
		r->n++;
	}
}

/*
 * The recursive "items": the distinct items in the ranges bound from
 * ?arg on as (lo, hi) pairs, walked in the index one seek to the next.
 * open_end: no hi bounds the items (PostgreSQL's "every item").  pg:
 * NULLS LAST, which these items are not, is said, as the index sorts
 * them: PostgreSQL would sort every purchase in the range for NULLS
 * FIRST, which db-pg-sql.c adds to a plain ORDER BY.
 */
static size_t
items_sql(char *sql, size_t n, size_t nranges, int arg, int open_end,
	  int pg)
{
	const char *order = pg ? " ORDER BY item NULLS LAST LIMIT 1"
			       : " ORDER BY item LIMIT 1";
	size_t len = (size_t)snprintf(sql, n,
				      "WITH RECURSIVE r(lo, hi) AS (VALUES ");

	for (size_t i = 0; i < nranges; i++, arg += 2)
		len += (size_t)snprintf(sql + len, n - len, "%s(?%d, ?%d)",
					i ? ", " : "", arg, arg + 1);
	len += (size_t)snprintf(
		sql + len, n - len,
		"), items(item, hi) AS ("
		" SELECT (SELECT item FROM purchase INDEXED BY purchase_item"
		" WHERE item >= r.lo%s%s),"
		" r.hi FROM r"
		" UNION ALL SELECT (SELECT item FROM purchase"
		" INDEXED BY purchase_item WHERE item > items.item"
		"%s%s), items.hi"
		" FROM items WHERE items.item IS NOT NULL)",
		open_end ? "" : " AND item < r.hi", order,
		open_end ? "" : " AND item < items.hi", order);
	return len;
}

/* the (lo, hi) pairs items_sql() walks: "every item" is one */
static size_t
nranges(const struct ranges *r)
{
	return r->all ? 1 : r->n;
}

/* bind the pairs of items_sql() from ?arg on */
static void
bind_ranges(struct crm_stmt *st, const struct ranges *r, int arg,
	    int open_end)
{
	if (r->all) {
		crm_st_bind_text(st, arg, "", 0, SQLITE_STATIC);
		/* every text: items are UTF-8, whose bytes are below F5
		 * (PostgreSQL takes no such text: it is given no bound) */
		if (open_end)
			crm_st_bind_null(st, arg + 1);
		else
			crm_st_bind_text(st, arg + 1, "\xf5", 1, SQLITE_STATIC);
	}
	for (size_t i = 0; i < r->n; i++, arg += 2) {
		crm_st_bind_text(st, arg, r->lo[i], -1, SQLITE_TRANSIENT);
		crm_st_bind_text(st, arg + 1, r->hi[i], -1, SQLITE_TRANSIENT);
	}
}

/*
 * SQLite: crm_glob() is called in SQL on each distinct item that can
 * match (those that start with a pattern's literal prefix, in any case;
 * all of them for a pattern that starts with a wildcard), walked in the
 * index by the recursive "items", which costs the number of those
 * items, however many purchases there are; the items that match are
 * then searched in the index as before, one seek each.  SQLite's GLOB
 * minds case and LIKE folds ASCII only, hence crm_glob.
 */
static struct crm_db_iter *
item_buyers_lite(struct crm_db *db, char *const *patterns, int npatterns,
		 const struct ranges *r, crm_day from, crm_day to)
{
	size_t n, len;
	char *sql;
	struct crm_stmt *st;

	if (sqlite3_create_function(db->h, "crm_glob", 2,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				    sql_glob, NULL, NULL) != SQLITE_OK)
		crm_die(CRM_EX_SOFTWARE, "cannot add crm_glob to SQL: %s",
			crm_sql_errmsg(db));
	n = 1536 + 32 * (size_t)npatterns + 24 * (r->n + 1);
	sql = crm_xmalloc(n);
	/* ?1..?n the patterns, then the days, then the ranges */
	len = items_sql(sql, n, nranges(r), npatterns + 3, 0, 0);
	len += (size_t)snprintf(
		sql + len, n - len,
		/* the name is read once a buyer, after the grouping, not
		 * once a purchase (1.7 times as fast at 10M purchases) */
		" SELECT p.customer_id, (SELECT name FROM customer"
		" WHERE id = p.customer_id), p.item, count(*),"
		" max(p.day) FROM purchase p INDEXED BY purchase_item"
		" WHERE p.item IN (SELECT item FROM items"
		" WHERE item IS NOT NULL AND (");
	for (int i = 0; i < npatterns; i++)
		len += (size_t)snprintf(sql + len, n - len,
					"%scrm_glob(?%d, item)", i ? " OR " : "",
					i + 1);
	snprintf(sql + len, n - len,
		 ")) AND p.day BETWEEN ?%d AND ?%d AND p.amount >= 0"
		 " GROUP BY p.customer_id, p.item ORDER BY p.customer_id, p.item",
		 npatterns + 1, npatterns + 2);
	st = crm_sql_prepare(db, sql);
	free(sql);
	for (int i = 0; i < npatterns; i++)
		crm_sql_bind_text(st, i + 1, patterns[i]);
	crm_st_bind_int(st, npatterns + 1, from);
	crm_st_bind_int(st, npatterns + 2, to);
	bind_ranges(st, r, npatterns + 3, 0);
	return crm_sql_iter_new(db, st);
}

/* item as a quoted element of the array literal t, begun with "{" */
static void
array_add(struct crm_strbuf *t, const char *item)
{
	if (t->len > 1)
		crm_strbuf_putc(t, ',');
	crm_strbuf_putc(t, '"');
	for (; *item; item++) {
		if (*item == '"' || *item == '\\')
			crm_strbuf_putc(t, '\\');
		crm_strbuf_putc(t, *item);
	}
	crm_strbuf_putc(t, '"');
}

/* one of the patterns matches item */
static int
any_match(char *const *patterns, int npatterns, const char *item)
{
	for (int i = 0; i < npatterns; i++)
		if (crm_glob_match(patterns[i], item))
			return 1;
	return 0;
}

/*
 * PostgreSQL cannot call crm_glob_match(): the same items SQLite's
 * query walks are read from the server and matched here, and the buyers
 * of those that match are asked for as one array, searched in the index
 * one item at a time; the network carries items, not purchases.
 */
static struct crm_db_iter *
item_buyers_pg(struct crm_db *db, char *const *patterns, int npatterns,
	       const struct ranges *r, crm_day from, crm_day to)
{
	size_t n = 1024 + 24 * nranges(r), len;
	char *sql = crm_xmalloc(n);
	struct crm_strbuf matched = { NULL, 0, 0 };
	struct crm_stmt *st;

	len = items_sql(sql, n, nranges(r), 1, r->all, 1);
	snprintf(sql + len, n - len,
		 " SELECT item FROM items WHERE item IS NOT NULL");
	st = crm_sql_prepare(db, sql);
	free(sql);
	bind_ranges(st, r, 1, r->all);
	crm_strbuf_putc(&matched, '{');
	while (crm_sql_step(db, st, "items") == SQLITE_ROW) {
		const char *item = crm_sql_col_text(st, 0);

		if (any_match(patterns, npatterns, item))
			array_add(&matched, item);
	}
	crm_st_finalize(st);
	crm_strbuf_putc(&matched, '}');
	st = crm_sql_prepare(
		db, "SELECT p.customer_id, (SELECT name FROM customer"
		    " WHERE id = p.customer_id), p.item, count(*),"
		    " max(p.day) FROM purchase p"
		    " WHERE p.item = ANY(CAST(?1 AS TEXT[]))"
		    " AND p.day BETWEEN ?2 AND ?3 AND p.amount >= 0"
		    " GROUP BY p.customer_id, p.item"
		    " ORDER BY p.customer_id, p.item");
	crm_st_bind_text(st, 1, matched.s, (int)matched.len, SQLITE_TRANSIENT);
	free(matched.s);
	crm_st_bind_int(st, 2, from);
	crm_st_bind_int(st, 3, to);
	return crm_sql_iter_new(db, st);
}

struct crm_db_iter *
crm_db_item_buyers(struct crm_db *db, char *const *patterns, int npatterns,
		   crm_day from, crm_day to)
{
	struct ranges r;
	struct crm_db_iter *it;

	memset(&r, 0, sizeof r);
	for (int i = 0; i < npatterns && !r.all; i++)
		pattern_ranges(&r, patterns[i]);
	if (r.all)
		r.n = 0;
	it = db->pg ? item_buyers_pg(db, patterns, npatterns, &r, from, to)
		    : item_buyers_lite(db, patterns, npatterns, &r, from, to);
	free(r.lo);
	free(r.hi);
	return it;
}

int
crm_db_item_buyers_next(struct crm_db_iter *it, struct crm_item_buyer *b)
{
	struct crm_stmt *st = it->st;

	if (crm_sql_step(it->db, st, "item buyers") != SQLITE_ROW)
		return 0;
	b->customer = crm_st_column_int64(st, 0);
	b->name = crm_sql_col_text(st, 1);
	b->item = crm_sql_col_text(st, 2);
	b->purchases = crm_st_column_int64(st, 3);
	b->last = (crm_day)crm_st_column_int64(st, 4);
	return 1;
}

struct crm_db_iter *
crm_db_items(struct crm_db *db, crm_day from, crm_day to)
{
	struct crm_stmt *st = crm_sql_prepare(
		db, "SELECT customer_id, day, amount, item FROM purchase"
		    " INDEXED BY purchase_item"
		    " WHERE item IS NOT NULL AND day BETWEEN ?1 AND ?2"
		    " AND amount >= 0 ORDER BY item, customer_id");
	/* the index is by item then day: SQLite sorts each item's rows by
	 * customer, which --by item needs to count buyers as it goes */

	crm_st_bind_int(st, 1, from);
	crm_st_bind_int(st, 2, to);
	return crm_sql_iter_new(db, st);
}
