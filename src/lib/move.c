/*
 * move.c - a category move: the rules for moving customers between
 * categories and for undoing a batch of moves.
 *
 * Storage (db-history.c) answers where a customer is and what a batch
 * changed, and writes a move; when a move is made, dated or refused, and
 * which moves an undo reverts, is decided here.
 */
#include "crm.h"

/* A move of id dated day would go before its latest one. */
static int
later_move(struct crm_db *db, long long id, crm_day day, struct crm_err *e)
{
	char d1[CRM_DATE_BUFSZ], d2[CRM_DATE_BUFSZ];
	crm_day last = crm_db_customer_last_move(db, id);

	if (last > day)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "customer %lld was moved on %s, after --date "
				   "%s; a move cannot go before a later one", id,
				   crm_date_format(last, d1),
				   crm_date_format(day, d2));
	return 0;
}

int
crm_move_dated_check(struct crm_db *db, long long id, long long cat,
		     crm_day day, struct crm_err *e)
{
	/* undated moves are today's, after any other; and a customer
	 * already in cat is not moved at all */
	if (!day || crm_db_customer_category(db, id) == cat)
		return 0;
	return later_move(db, id, day, e);
}

int
crm_move_customer_on(struct crm_db *db, long long id, long long cat,
		     crm_day day, long long *batch, const char *command,
		     const char *note, struct crm_err *e)
{
	long long old = crm_db_customer_category(db, id);

	if (old == cat)
		return 0; /* not a change: nothing recorded */
	if (day && later_move(db, id, day, e) < 0)
		return -1;
	if (!*batch)
		*batch = crm_db_batch_new(db, command, note);
	crm_db_customer_set_category(db, id, old, cat, day ? day : crm_today(),
				     *batch);
	/* a dated move: the purchases since that day were made in the new
	 * category (no later move exists, checked above) */
	if (day)
		crm_db_purchases_set_category(db, id, cat, day);
	return 1;
}

int
crm_move_customer(struct crm_db *db, long long id, long long cat,
		  long long *batch, const char *command, const char *note)
{
	struct crm_err e;

	/* undated: never refused */
	return crm_move_customer_on(db, id, cat, 0, batch, command, note, &e);
}

int
crm_move_undo_blocked(long long batch, const struct crm_batch_change *c,
		      struct crm_err *e)
{
	if (!c->old)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "batch %lld gave customer %lld its first "
				   "category; nothing to go back to", batch,
				   c->customer);
	if (c->old_deleted)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "customer %lld's old category was deleted "
				   "since batch %lld", c->customer, batch);
	/* every customer must still be where the batch put them */
	if (c->now != c->new_ || c->later)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "customer %lld has changed category since "
				   "batch %lld; undo the later batches first",
				   c->customer, batch);
	return 0;
}

/* The first change of batch that cannot be undone, in customer order,
 * sets e; 0 when all can. */
static int
undo_check(struct crm_db *db, long long batch, struct crm_err *e)
{
	struct crm_db_iter *it = crm_db_batch_changes(db, batch);
	struct crm_batch_change c;
	int rc = 0;

	while (rc == 0 && crm_db_batch_changes_next(it, &c))
		rc = crm_move_undo_blocked(batch, &c, e);
	crm_db_iter_free(it);
	return rc;
}

long long
crm_move_batch_undo(struct crm_db *db, long long batch, long long *moved,
		    struct crm_err *e)
{
	struct crm_db_iter *it;
	struct crm_batch_change c;
	long long undone_by, undo = 0;
	char note[64];

	if (!crm_db_batch_undone_by(db, batch, &undone_by))
		return crm_err_set(e, CRM_EX_NOINPUT,
				   "batch %lld does not exist", batch), 0;
	if (undone_by)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "batch %lld was already undone by batch %lld",
				   batch, undone_by), 0;
	if (undo_check(db, batch, e) < 0)
		return 0;
	snprintf(note, sizeof note, "undo batch %lld", batch);
	*moved = 0;
	it = crm_db_batch_changes(db, batch);
	while (crm_db_batch_changes_next(it, &c))
		*moved += crm_move_customer(db, c.customer, c.old, &undo,
					    "undo", note);
	crm_db_iter_free(it);
	/* an undo is a batch even when it moved no one: it can be undone */
	if (!undo)
		undo = crm_db_batch_new(db, "undo", note);
	crm_db_batch_undone(db, batch, undo);
	return undo;
}
