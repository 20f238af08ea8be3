/* db-history.c - category changes, grouped in batches that can be undone */
#include <string.h>

#include "db-internal.h"

long long
crm_db_batch_new(struct crm_db *db, const char *command, const char *note)
{
	struct crm_stmt *st = crm_sql_stmt(db, ST_BATCH_INSERT,
				   "INSERT INTO batch (day, command, note)"
				   " VALUES (?, ?, ?) RETURNING id");
	long long id;

	crm_st_bind_int(st, 1, crm_today());
	crm_sql_bind_text(st, 2, command);
	crm_sql_bind_text(st, 3, note && *note ? note : NULL);
	if (crm_sql_step(db, st, "new batch") != SQLITE_ROW)
		crm_die(CRM_EX_SOFTWARE, "cannot start a batch: %s",
			crm_sql_errmsg(db));
	id = crm_st_column_int64(st, 0);
	crm_st_reset(st); /* RETURNING: done with its row */
	return id;
}

long long
crm_db_customer_category(struct crm_db *db, long long id)
{
	struct crm_stmt *st = crm_sql_stmt(db, ST_CUSTOMER_CATEGORY,
				   "SELECT category_id FROM customer WHERE id = ?");
	long long cat = 0;

	crm_st_bind_int64(st, 1, id);
	if (crm_sql_step(db, st, "category of customer") == SQLITE_ROW)
		cat = crm_st_column_int64(st, 0);
	crm_st_reset(st);
	return cat;
}

crm_day
crm_db_customer_last_move(struct crm_db *db, long long id)
{
	struct crm_stmt *st = crm_sql_prepare(db, "SELECT max(day) FROM category_change"
					  " WHERE customer_id = ?");
	crm_day day = 0;

	crm_st_bind_int64(st, 1, id);
	if (crm_sql_step(db, st, "last move") == SQLITE_ROW)
		day = (crm_day)crm_st_column_int64(st, 0);
	crm_st_finalize(st);
	return day;
}

void
crm_db_customer_set_category(struct crm_db *db, long long id, long long old,
			     long long cat, crm_day day, long long batch)
{
	struct crm_stmt *st;

	st = crm_sql_stmt(db, ST_CUSTOMER_SET_CATEGORY,
		     "UPDATE customer SET category_id = ? WHERE id = ?");
	crm_st_bind_int64(st, 1, cat);
	crm_st_bind_int64(st, 2, id);
	crm_sql_step(db, st, "move customer");
	st = crm_sql_stmt(db, ST_CHANGE_INSERT,
		     "INSERT INTO category_change"
		     " (batch_id, customer_id, day, old_id, new_id)"
		     " VALUES (?, ?, ?, ?, ?)");
	crm_st_bind_int64(st, 1, batch);
	crm_st_bind_int64(st, 2, id);
	crm_st_bind_int(st, 3, day);
	if (old)
		crm_st_bind_int64(st, 4, old);
	crm_st_bind_int64(st, 5, cat);
	if (crm_sql_step(db, st, "record category change") != SQLITE_DONE)
		crm_die(CRM_EX_SOFTWARE, "cannot move customer %lld: %s", id,
			crm_sql_errmsg(db));
}

void
crm_db_purchases_set_category(struct crm_db *db, long long id, long long cat,
			      crm_day from)
{
	struct crm_stmt *st;

	st = crm_sql_prepare(db, "UPDATE purchase SET category_id = ?1"
			    " WHERE customer_id = ?2 AND day >= ?3");
	crm_st_bind_int64(st, 1, cat);
	crm_st_bind_int64(st, 2, id);
	crm_st_bind_int(st, 3, from);
	crm_sql_step(db, st, "dated move");
	crm_st_finalize(st);
	crm_db_summary_periods_again(db, id, from);
}

struct crm_db_iter *
crm_db_history(struct crm_db *db, long long customer)
{
	struct crm_stmt *st = crm_sql_prepare(
		db, "SELECT b.id, h.day, h.customer_id, o.name, n.name, b.note"
		    " FROM category_change h JOIN batch b ON b.id = h.batch_id"
		    " LEFT JOIN category o ON o.id = h.old_id"
		    " JOIN category n ON n.id = h.new_id"
		    " WHERE ?1 = 0 OR h.customer_id = ?1"
		    " ORDER BY b.id DESC, h.customer_id");

	crm_st_bind_int64(st, 1, customer);
	return crm_sql_iter_new(db, st);
}

int
crm_db_history_next(struct crm_db_iter *it, struct crm_history *h)
{
	struct crm_stmt *st = it->st;

	if (crm_sql_step(it->db, st, "history") != SQLITE_ROW)
		return 0;
	h->batch = crm_st_column_int64(st, 0);
	h->day = (crm_day)crm_st_column_int64(st, 1);
	h->id = crm_st_column_int64(st, 2);
	h->old = crm_sql_col_text(st, 3);
	h->new_ = crm_sql_col_text(st, 4);
	h->note = crm_sql_col_text(st, 5);
	return 1;
}

int
crm_db_batch_undone_by(struct crm_db *db, long long batch, long long *undone_by)
{
	struct crm_stmt *st;
	int found = 0;

	st = crm_sql_prepare(db, "SELECT undone_by FROM batch WHERE id = ?");
	crm_st_bind_int64(st, 1, batch);
	*undone_by = 0;
	if (crm_sql_step(db, st, "batch") == SQLITE_ROW) {
		found = 1;
		*undone_by = crm_st_column_int64(st, 0);
	}
	crm_st_finalize(st);
	return found;
}

struct crm_db_iter *
crm_db_batch_changes(struct crm_db *db, long long batch)
{
	struct crm_stmt *st;

	/* later: a change of the customer in a later batch that stands,
	 * neither undone nor itself an undo */
	st = crm_sql_prepare(db, "SELECT h.customer_id, h.old_id, h.new_id,"
			    " c.category_id, coalesce(k.deleted, 0),"
			    " EXISTS (SELECT 1 FROM category_change l"
			    "  JOIN batch lb ON lb.id = l.batch_id"
			    "  WHERE l.customer_id = h.customer_id AND l.batch_id > ?1"
			    "  AND lb.undone_by IS NULL AND lb.undoes IS NULL)"
			    " FROM category_change h"
			    " JOIN customer c ON c.id = h.customer_id"
			    " LEFT JOIN category k ON k.id = h.old_id"
			    " WHERE h.batch_id = ?1 ORDER BY h.customer_id");
	crm_st_bind_int64(st, 1, batch);
	return crm_sql_iter_new(db, st);
}

int
crm_db_batch_changes_next(struct crm_db_iter *it, struct crm_batch_change *c)
{
	struct crm_stmt *st = it->st;

	if (crm_sql_step(it->db, st, "batch changes") != SQLITE_ROW)
		return 0;
	c->customer = crm_st_column_int64(st, 0);
	c->old = crm_st_column_int64(st, 1); /* NULL: 0 */
	c->new_ = crm_st_column_int64(st, 2);
	c->now = crm_st_column_int64(st, 3);
	c->old_deleted = crm_st_column_int(st, 4);
	c->later = crm_st_column_int(st, 5);
	return 1;
}

void
crm_db_batch_undone(struct crm_db *db, long long batch, long long undo)
{
	struct crm_stmt *st;

	st = crm_sql_prepare(db, "UPDATE batch SET undone_by = ?1 WHERE id = ?2;");
	crm_st_bind_int64(st, 1, undo);
	crm_st_bind_int64(st, 2, batch);
	crm_sql_step(db, st, "undo");
	crm_st_finalize(st);
	st = crm_sql_prepare(db, "UPDATE batch SET undoes = ?2 WHERE id = ?1");
	crm_st_bind_int64(st, 1, undo);
	crm_st_bind_int64(st, 2, batch);
	crm_sql_step(db, st, "undo");
	crm_st_finalize(st);
}
