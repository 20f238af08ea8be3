/* db-category.c - categories and their terms */
#include <stdlib.h>
#include <string.h>

#include "db-internal.h"

long long
crm_db_category_id(struct crm_db *db, const char *name)
{
	struct crm_stmt *st;
	long long id = 0;

	if (db->cat_name && strcmp(db->cat_name, name) == 0)
		return db->cat_id;
	st = crm_sql_stmt(db, ST_CATEGORY_ID,
		     "SELECT id FROM category WHERE name = ? AND deleted = 0");
	crm_sql_bind_text(st, 1, name);
	if (crm_sql_step(db, st, "category") == SQLITE_ROW)
		id = crm_st_column_int64(st, 0);
	crm_st_reset(st);
	if (id) {
		free(db->cat_name);
		db->cat_name = crm_xstrdup(name);
		db->cat_id = id;
	}
	return id;
}

/* Renames and deletions invalidate the one-name cache. */
static void
forget_cached(struct crm_db *db)
{
	free(db->cat_name);
	db->cat_name = NULL;
	db->cat_id = 0;
}

int
crm_db_category_store(struct crm_db *db, long long id,
		      const struct crm_catdef *d, struct crm_err *e)
{
	struct crm_stmt *st;

	if (!id) {
		st = crm_sql_prepare(db, "INSERT INTO category"
				    " (name, description, discount, bonus, prepay)"
				    " VALUES (?1, ?2, max(?3, 0), max(?4, 0), max(?5, 0))");
	} else {
		st = crm_sql_prepare(db, "UPDATE category SET"
				    " description = coalesce(?2, description),"
				    " discount = CASE WHEN ?3 >= 0 THEN ?3 ELSE discount END,"
				    " bonus = CASE WHEN ?4 >= 0 THEN ?4 ELSE bonus END,"
				    " prepay = CASE WHEN ?5 >= 0 THEN ?5 ELSE prepay END"
				    " WHERE name = ?1 AND deleted = 0");
	}
	crm_sql_bind_text(st, 1, d->name);
	crm_sql_bind_text(st, 2, d->description);
	crm_st_bind_int(st, 3, d->discount);
	crm_st_bind_int(st, 4, d->bonus);
	crm_st_bind_int(st, 5, d->prepay);
	/* the schema's CHECKs bound the terms */
	crm_st_may_fail(st);
	if ((crm_sql_step(db, st, "define category") & 0xff) == SQLITE_CONSTRAINT) {
		crm_st_finalize(st);
		return crm_err_set(e, CRM_EX_DATAERR,
				   "category '%s': terms out of range", d->name);
	}
	crm_st_finalize(st);
	return 0;
}

void
crm_db_category_set_name(struct crm_db *db, long long id, const char *name)
{
	struct crm_stmt *st;

	st = crm_sql_prepare(db, "UPDATE category SET name = ? WHERE id = ?");
	crm_sql_bind_text(st, 1, name);
	crm_st_bind_int64(st, 2, id);
	crm_sql_step(db, st, "rename category");
	crm_st_finalize(st);
	forget_cached(db);
}

long long
crm_db_category_customers(struct crm_db *db, long long cat)
{
	struct crm_stmt *st = crm_sql_prepare(
		db, "SELECT count(*) FROM customer WHERE category_id = ?");
	long long n = 0;

	crm_st_bind_int64(st, 1, cat);
	if (crm_sql_step(db, st, "count") == SQLITE_ROW)
		n = crm_st_column_int64(st, 0);
	crm_st_finalize(st);
	return n;
}

struct crm_db_iter *
crm_db_category_customer_ids(struct crm_db *db, long long cat)
{
	struct crm_stmt *st = crm_sql_prepare(db, "SELECT id FROM customer"
					  " WHERE category_id = ? ORDER BY id");

	crm_st_bind_int64(st, 1, cat);
	return crm_sql_iter_new(db, st);
}

int
crm_db_category_customer_ids_next(struct crm_db_iter *it, long long *id)
{
	if (crm_sql_step(it->db, it->st, "members") != SQLITE_ROW)
		return 0;
	*id = crm_st_column_int64(it->st, 0);
	return 1;
}

void
crm_db_category_set_deleted(struct crm_db *db, long long id)
{
	struct crm_stmt *st;

	/* history keeps pointing at it: the row stays, marked deleted */
	st = crm_sql_prepare(db, "UPDATE category SET deleted = 1 WHERE id = ?");
	crm_st_bind_int64(st, 1, id);
	crm_sql_step(db, st, "delete category");
	crm_st_finalize(st);
	forget_cached(db);
}

struct crm_db_iter *
crm_db_categories(struct crm_db *db, int with_deleted)
{
	struct crm_stmt *st = crm_sql_prepare(db, "SELECT k.id, k.name, k.description,"
					  " k.discount, k.bonus, k.prepay,"
					  " (SELECT count(*) FROM customer c"
					  "  WHERE c.category_id = k.id), k.deleted"
					  " FROM category k WHERE k.deleted = 0 OR ?"
					  " ORDER BY k.deleted, k.name, k.id");

	crm_st_bind_int(st, 1, with_deleted);
	return crm_sql_iter_new(db, st);
}

int
crm_db_categories_next(struct crm_db_iter *it, struct crm_category *c)
{
	struct crm_stmt *st = it->st;

	if (crm_sql_step(it->db, st, "categories") != SQLITE_ROW)
		return 0;
	c->id = crm_st_column_int64(st, 0);
	c->name = crm_sql_col_text(st, 1);
	c->description = crm_sql_col_text(st, 2);
	c->discount = crm_st_column_int(st, 3);
	c->bonus = crm_st_column_int(st, 4);
	c->prepay = crm_st_column_int(st, 5);
	c->customers = crm_st_column_int64(st, 6);
	c->deleted = crm_st_column_int(st, 7);
	return 1;
}

int
crm_db_category_any(struct crm_db *db)
{
	return crm_sql_int(db, "SELECT EXISTS (SELECT 1 FROM category)");
}

long long
crm_db_category_count(struct crm_db *db)
{
	return crm_sql_int(db, "SELECT count(*) FROM category WHERE deleted = 0");
}
