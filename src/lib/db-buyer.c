/*
 * db-buyer.c - what a sale needs to know of its customer: the category on
 * the sale's date and its terms, the card, whether the customer is lost.
 *
 * One look-up per sale reads a page of the customer table, whose rows
 * carry names and addresses: for a bulk import of a million lines into a
 * million customers, that is a page read per line, a third of the
 * import.  So after as many look-ups as a sixteenth of the customers, the
 * terms of all of them are read in one pass, 3 bytes a customer, and the
 * rest of the import looks them up in memory.  The categories' terms are
 * read along with them.  The cache belongs to an import (struct
 * crm_import); without one every sale looks its customer up.
 */
#include <stdlib.h>
#include <string.h>

#include "db-internal.h"

enum { KNOWN = 1, CARD = 2, LOST = 4 };

struct buyer_category {
	long long id;
	int prepay, bonus;
	char name[128];
};

struct buyer_cache {
	long long ncustomers;          /* ids 0 .. ncustomers - 1 */
	unsigned short *category;      /* index into cat */
	unsigned char *flags;          /* KNOWN | CARD | LOST */
	struct buyer_category *cat;
	size_t ncat;
};

/* Past these the cache is not made: per-line look-ups cost no memory. */
#define CACHE_MAX_ID (64LL << 20)
#define CACHE_MAX_CATEGORIES 65535

void
crm_db_buyers_free(struct buyer_cache *c)
{
	if (!c)
		return;
	free(c->category);
	free(c->flags);
	free(c->cat);
	free(c);
}

static int
load_categories(struct crm_db *db, struct buyer_cache *c)
{
	struct crm_stmt *st;
	size_t cap = 16;

	if (crm_sql_int(db, "SELECT count(*) FROM category") > CACHE_MAX_CATEGORIES)
		return -1;
	c->cat = crm_xmalloc(cap * sizeof *c->cat);
	st = crm_sql_prepare(db, "SELECT id, prepay, bonus, name FROM category"
			    " ORDER BY id");
	while (crm_sql_step(db, st, "categories") == SQLITE_ROW) {
		struct buyer_category *k;

		if (c->ncat == cap)
			c->cat = crm_xrealloc(c->cat, (cap *= 2) * sizeof *c->cat);
		k = &c->cat[c->ncat++];
		k->id = crm_st_column_int64(st, 0);
		k->prepay = crm_st_column_int(st, 1);
		k->bonus = crm_st_column_int(st, 2);
		snprintf(k->name, sizeof k->name, "%s", crm_sql_col_text(st, 3));
	}
	crm_st_finalize(st);
	return 0;
}

/* the index of category id in c->cat (ordered by id), or -1 */
static long
category_index(const struct buyer_cache *c, long long id)
{
	size_t lo = 0, hi = c->ncat;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->cat[mid].id < id)
			lo = mid + 1;
		else if (c->cat[mid].id > id)
			hi = mid;
		else
			return (long)mid;
	}
	return -1;
}

static struct buyer_cache *
make_cache(struct crm_db *db, long long max_id)
{
	struct buyer_cache *c = crm_xmalloc(sizeof *c);
	struct crm_stmt *st;

	memset(c, 0, sizeof *c);
	if (max_id >= CACHE_MAX_ID || load_categories(db, c) < 0) {
		free(c->cat);
		free(c);
		return NULL;
	}
	c->ncustomers = max_id + 1;
	c->category = crm_xmalloc((size_t)c->ncustomers * sizeof *c->category);
	c->flags = crm_xmalloc((size_t)c->ncustomers);
	memset(c->flags, 0, (size_t)c->ncustomers);
	st = crm_sql_prepare(db, "SELECT id, category_id, card IS NOT NULL,"
			    " status = 'lost' FROM customer");
	while (crm_sql_step(db, st, "customers") == SQLITE_ROW) {
		long long id = crm_st_column_int64(st, 0);
		long k = category_index(c, crm_st_column_int64(st, 1));

		if (id < 0 || id >= c->ncustomers || k < 0)
			continue; /* looked up in the database instead */
		c->category[id] = (unsigned short)k;
		c->flags[id] = KNOWN | (crm_st_column_int(st, 2) ? CARD : 0) |
			       (crm_st_column_int(st, 3) ? LOST : 0);
	}
	crm_st_finalize(st);
	return c;
}

/* Count the look-ups; make the cache once they pass a sixteenth of the
 * customers (and 4,096: a night's sales of a small shop never need it).
 * On a server each look-up is a round trip, worth some fifty customers
 * of the one pass that reads them all: the cache pays off sooner. */
static void
consider_cache(struct crm_db *db, struct crm_import *imp)
{
	long long least = db->pg ? 256 : 4096, part = db->pg ? 64 : 16;

	if (!imp || imp->buyers || imp->buyer_lookups < 0)
		return;
	if (imp->buyer_lookups == 0)
		imp->buyer_max_id =
			crm_sql_int(db, "SELECT coalesce(max(id), 0) FROM customer");
	if (++imp->buyer_lookups < least ||
	    imp->buyer_lookups < imp->buyer_max_id / part)
		return;
	imp->buyers = make_cache(db, imp->buyer_max_id);
	if (!imp->buyers)
		imp->buyer_lookups = -1; /* not again */
}

/* From the cache: 1 found, 0 no such customer, -1 ask the database. */
static int
cached(const struct buyer_cache *c, long long id, struct crm_buyer *b)
{
	const struct buyer_category *k;

	if (id < 0 || id >= c->ncustomers)
		return -1;
	if (!(c->flags[id] & KNOWN))
		return -1; /* added since, or never there: ask */
	if (c->flags[id] & LOST)
		return -1; /* rare, and the lost day is in the database */
	k = &c->cat[c->category[id]];
	b->category = k->id;
	b->has_card = (c->flags[id] & CARD) != 0;
	b->lost = 0;
	b->lost_day = CRM_NO_DAY;
	b->prepay = k->prepay;
	b->bonus = k->bonus;
	b->prepay_category[0] = '\0';
	if (b->prepay) /* for the message that refuses credit */
		snprintf(b->prepay_category, sizeof b->prepay_category, "%s",
			 k->name);
	return 1;
}

static int
from_database(struct crm_db *db, long long id, struct crm_buyer *b)
{
	struct crm_stmt *st = crm_sql_stmt(db, ST_SALE_CUSTOMER,
				   "SELECT c.category_id, c.card IS NOT NULL,"
				   " c.status = 'lost', c.lost_day, k.prepay,"
				   " k.name, k.bonus FROM customer c"
				   " JOIN category k ON k.id = c.category_id"
				   " WHERE c.id = ?");

	crm_st_bind_int64(st, 1, id);
	if (crm_sql_step(db, st, "customer") != SQLITE_ROW) {
		crm_st_reset(st);
		return 0;
	}
	b->category = crm_st_column_int64(st, 0);
	b->has_card = crm_st_column_int(st, 1);
	b->lost = crm_st_column_int(st, 2);
	b->lost_day = crm_st_column_type(st, 3) == SQLITE_NULL
			      ? CRM_NO_DAY
			      : (crm_day)crm_st_column_int64(st, 3);
	b->prepay = crm_st_column_int(st, 4);
	snprintf(b->prepay_category, sizeof b->prepay_category, "%s",
		 crm_sql_col_text(st, 5));
	b->bonus = crm_st_column_int(st, 6);
	crm_st_reset(st);
	return 1;
}

/*
 * The category on the sale's date, by the one rule of SPEC.md "As of a
 * date" (DB_ASOF_CATEGORY, db-asof.c).  Asked only when some change is
 * dated after the sale; :asof_fast is 0, since working it out for the
 * database would cost two scans a line, and the rule's own test (no
 * change of this customer after the day) is one look in the index.
 */
static void
category_on(struct crm_db *db, long long id, crm_day day, struct crm_buyer *b)
{
	/* c: the customer as the rule sees it, from what is known already,
	 * so that no page of the customer table is read again */
	struct crm_stmt *st = crm_sql_stmt(db, ST_SALE_CATEGORY_AT,
				   "SELECT " DB_ASOF_CATEGORY " FROM (SELECT"
				   " CAST(:id AS INTEGER) AS id,"
				   " CAST(:now AS INTEGER) AS category_id) c");
	long long at = 0;

	crm_st_bind_int64(st, crm_st_bind_parameter_index(st, ":id"), id);
	crm_st_bind_int64(st, crm_st_bind_parameter_index(st, ":now"),
			   b->category);
	crm_st_bind_int(st, crm_st_bind_parameter_index(st, ":asof"), day);
	crm_st_bind_int(st, crm_st_bind_parameter_index(st, ":asof_fast"), 0);
	if (crm_sql_step(db, st, "category on date") == SQLITE_ROW)
		at = crm_st_column_int64(st, 0);
	crm_st_reset(st);
	if (!at || at == b->category)
		return;
	b->category = at;
	st = crm_sql_stmt(db, ST_SALE_CATEGORY_TERMS,
		     "SELECT bonus FROM category WHERE id = ?");
	crm_st_bind_int64(st, 1, b->category);
	b->bonus = crm_sql_step(db, st, "category terms") == SQLITE_ROW
			   ? crm_st_column_int(st, 0)
			   : 0;
	crm_st_reset(st);
}

int
crm_db_buyer(struct crm_db *db, struct crm_import *imp, long long id,
	     crm_day day, struct crm_buyer *b)
{
	int found = -1;

	crm_db_sale_run(db);
	consider_cache(db, imp);
	if (imp && imp->buyers)
		found = cached(imp->buyers, id, b);
	if (found < 0)
		found = from_database(db, id, b);
	if (!found)
		return 0;
	/* a sale dated on or after the latest change of all needs no look */
	if (day < db->last_change)
		category_on(db, id, day, b);
	return 1;
}

void
crm_db_buyer_active(struct crm_import *imp, long long id)
{
	struct buyer_cache *c = imp ? imp->buyers : NULL;

	if (c && id >= 0 && id < c->ncustomers)
		c->flags[id] &= (unsigned char)~LOST;
}
