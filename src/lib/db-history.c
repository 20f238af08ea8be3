/* db-history.c - category changes, grouped in batches that can be undone */
#include <string.h>

#include "db-internal.h"

long long
crm_db_batch_new(struct crm_db *db, const char *command, const char *note)
{
	sqlite3_stmt *st = crm_sql_stmt(db, ST_BATCH_INSERT,
				   "INSERT INTO batch (day, command, note)"
				   " VALUES (?, ?, ?)");

	sqlite3_bind_int(st, 1, crm_today());
	crm_sql_bind_text(st, 2, command);
	crm_sql_bind_text(st, 3, note && *note ? note : NULL);
	crm_sql_step(db, st, "new batch");
	return sqlite3_last_insert_rowid(db->h);
}

long long
crm_db_customer_category(struct crm_db *db, long long id)
{
	sqlite3_stmt *st = crm_sql_stmt(db, ST_CUSTOMER_CATEGORY,
				   "SELECT category_id FROM customer WHERE id = ?");
	long long cat = 0;

	sqlite3_bind_int64(st, 1, id);
	if (crm_sql_step(db, st, "category of customer") == SQLITE_ROW)
		cat = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return cat;
}

crm_day
crm_db_customer_last_move(struct crm_db *db, long long id)
{
	sqlite3_stmt *st = crm_sql_prepare(db, "SELECT max(day) FROM category_change"
					  " WHERE customer_id = ?");
	crm_day day = 0;

	sqlite3_bind_int64(st, 1, id);
	if (crm_sql_step(db, st, "last move") == SQLITE_ROW)
		day = (crm_day)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return day;
}

int
crm_db_customer_move(struct crm_db *db, long long id, long long cat,
		     long long *batch, const char *command, const char *note)
{
	return crm_db_customer_move_on(db, id, cat, 0, batch, command, note);
}

int
crm_db_customer_move_on(struct crm_db *db, long long id, long long cat,
			crm_day day, long long *batch, const char *command,
			const char *note)
{
	sqlite3_stmt *st;
	long long old = crm_db_customer_category(db, id);

	if (old == cat)
		return 0;
	if (!*batch)
		*batch = crm_db_batch_new(db, command, note);
	st = crm_sql_stmt(db, ST_CUSTOMER_SET_CATEGORY,
		     "UPDATE customer SET category_id = ? WHERE id = ?");
	sqlite3_bind_int64(st, 1, cat);
	sqlite3_bind_int64(st, 2, id);
	crm_sql_step(db, st, "move customer");
	st = crm_sql_stmt(db, ST_CHANGE_INSERT,
		     "INSERT INTO category_change"
		     " (batch_id, customer_id, day, old_id, new_id)"
		     " VALUES (?, ?, ?, ?, ?)");
	sqlite3_bind_int64(st, 1, *batch);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_int(st, 3, day ? day : crm_today());
	if (old)
		sqlite3_bind_int64(st, 4, old);
	sqlite3_bind_int64(st, 5, cat);
	if (crm_sql_step(db, st, "record category change") != SQLITE_DONE)
		crm_die(CRM_EX_SOFTWARE, "cannot move customer %lld: %s", id,
			sqlite3_errmsg(db->h));
	if (day) {
		/* a dated move: the sales since that day were made in the
		 * new category (the caller made sure no later move exists) */
		st = crm_sql_prepare(db, "UPDATE purchase SET category_id = ?1"
				    " WHERE customer_id = ?2 AND day >= ?3");
		sqlite3_bind_int64(st, 1, cat);
		sqlite3_bind_int64(st, 2, id);
		sqlite3_bind_int(st, 3, day);
		crm_sql_step(db, st, "dated move");
		sqlite3_finalize(st);
	}
	return 1;
}

struct crm_db_iter *
crm_db_history(struct crm_db *db, long long customer)
{
	sqlite3_stmt *st = crm_sql_prepare(
		db, "SELECT b.id, h.day, h.customer_id, o.name, n.name, b.note"
		    " FROM category_change h JOIN batch b ON b.id = h.batch_id"
		    " LEFT JOIN category o ON o.id = h.old_id"
		    " JOIN category n ON n.id = h.new_id"
		    " WHERE ?1 = 0 OR h.customer_id = ?1"
		    " ORDER BY b.id DESC, h.customer_id");

	sqlite3_bind_int64(st, 1, customer);
	return crm_sql_iter_new(db, st);
}

int
crm_db_history_next(struct crm_db_iter *it, struct crm_history *h)
{
	sqlite3_stmt *st = it->st;

	if (crm_sql_step(it->db, st, "history") != SQLITE_ROW)
		return 0;
	h->batch = sqlite3_column_int64(st, 0);
	h->day = (crm_day)sqlite3_column_int64(st, 1);
	h->id = sqlite3_column_int64(st, 2);
	h->old = crm_sql_col_text(st, 3);
	h->new_ = crm_sql_col_text(st, 4);
	h->note = crm_sql_col_text(st, 5);
	return 1;
}

long long
crm_db_batch_undo(struct crm_db *db, long long batch, long long *moved,
		  struct crm_err *e)
{
	sqlite3_stmt *st;
	long long undone_by = 0, undo = 0;
	int found = 0, rc;
	char note[64];

	st = crm_sql_prepare(db, "SELECT undone_by FROM batch WHERE id = ?");
	sqlite3_bind_int64(st, 1, batch);
	if (crm_sql_step(db, st, "batch") == SQLITE_ROW) {
		found = 1;
		undone_by = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (!found)
		return crm_err_set(e, CRM_EX_NOINPUT,
				   "batch %lld does not exist", batch), 0;
	if (undone_by)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "batch %lld was already undone by batch %lld",
				   batch, undone_by), 0;
	/* every customer must still be where the batch put them */
	st = crm_sql_prepare(db, "SELECT h.customer_id, h.old_id, k.deleted"
			    " FROM category_change h"
			    " JOIN customer c ON c.id = h.customer_id"
			    " LEFT JOIN category k ON k.id = h.old_id"
			    " WHERE h.batch_id = ?1 AND (c.category_id <> h.new_id"
			    "  OR h.old_id IS NULL OR k.deleted = 1"
			    /* a later change counts unless undone, or an undo */
			    "  OR EXISTS (SELECT 1 FROM category_change l"
			    "   JOIN batch lb ON lb.id = l.batch_id"
			    "   WHERE l.customer_id = h.customer_id AND l.batch_id > ?1"
			    "   AND lb.undone_by IS NULL AND lb.undoes IS NULL))"
			    " ORDER BY h.customer_id LIMIT 1");
	sqlite3_bind_int64(st, 1, batch);
	rc = crm_sql_step(db, st, "undo check");
	if (rc == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		int no_old = sqlite3_column_type(st, 1) == SQLITE_NULL;
		int deleted = sqlite3_column_int(st, 2);

		sqlite3_finalize(st);
		if (no_old)
			return crm_err_set(e, CRM_EX_DATAERR,
					   "batch %lld gave customer %lld its "
					   "first category; nothing to go back "
					   "to", batch, id), 0;
		if (deleted)
			return crm_err_set(e, CRM_EX_DATAERR,
					   "customer %lld's old category was "
					   "deleted since batch %lld", id,
					   batch), 0;
		return crm_err_set(e, CRM_EX_DATAERR,
				   "customer %lld has changed category since "
				   "batch %lld; undo the later batches first",
				   id, batch), 0;
	}
	sqlite3_finalize(st);
	snprintf(note, sizeof note, "undo batch %lld", batch);
	st = crm_sql_prepare(db, "SELECT customer_id, old_id FROM category_change"
			    " WHERE batch_id = ? ORDER BY customer_id");
	sqlite3_bind_int64(st, 1, batch);
	*moved = 0;
	while (crm_sql_step(db, st, "undo") == SQLITE_ROW)
		*moved += crm_db_customer_move(db, sqlite3_column_int64(st, 0),
					       sqlite3_column_int64(st, 1), &undo,
					       "undo", note);
	sqlite3_finalize(st);
	if (!undo)
		undo = crm_db_batch_new(db, "undo", note);
	st = crm_sql_prepare(db, "UPDATE batch SET undone_by = ?1 WHERE id = ?2;");
	sqlite3_bind_int64(st, 1, undo);
	sqlite3_bind_int64(st, 2, batch);
	crm_sql_step(db, st, "undo");
	sqlite3_finalize(st);
	st = crm_sql_prepare(db, "UPDATE batch SET undoes = ?2 WHERE id = ?1");
	sqlite3_bind_int64(st, 1, undo);
	sqlite3_bind_int64(st, 2, batch);
	crm_sql_step(db, st, "undo");
	sqlite3_finalize(st);
	return undo;
}
