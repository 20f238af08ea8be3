/*
 * lost.c - a lost customer: marking one lost, or won back.  Storage
 * (db-notes.c) says what state a customer is in and writes a status with
 * its history row; when that is a change, and what the history says of a
 * customer won back, is decided here.
 */
#include "crm.h"
#include "crm-notes.h"

int
crm_lost_set(struct crm_db *db, long long id, const char *reason,
	     crm_day day)
{
	int lost, same;

	/* no such customer: nothing to do */
	if (!crm_db_lost_state(db, id, reason, day, &lost, &same))
		return 0;
	/* lost again with the same reason and date, or won back while
	 * active, changes nothing and logs nothing */
	if (reason ? lost && same : !lost)
		return 0;
	crm_db_status_set(db, id, reason, day, reason ? reason : "won back");
	return 1;
}
