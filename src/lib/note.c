/*
 * note.c - a note: the rules for resolving a complaint.  Storage
 * (db-notes.c) reads and writes notes; what may be resolved, and when,
 * is decided here.
 */
#include "crm.h"
#include "crm-notes.h"

int
crm_note_resolve_check(long long note, const struct crm_note_state *n,
		       crm_day day, struct crm_err *e)
{
	char when[CRM_DATE_BUFSZ];

	if (n->kind != CRM_NOTE_COMPLAINT)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "note %lld is a %s, not a complaint: only "
				   "complaints are resolved", note,
				   crm_note_kinds[n->kind]);
	if (n->has_resolved)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "note %lld was already resolved on %s", note,
				   crm_date_format(n->resolved, when));
	if (day < n->day)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "note %lld is dated %s: it cannot be resolved "
				   "before", note, crm_date_format(n->day, when));
	return 0;
}

int
crm_note_resolve(struct crm_db *db, long long note, crm_day day,
		 struct crm_err *e)
{
	struct crm_note_state n;

	if (!crm_db_note_state(db, note, &n))
		return crm_err_set(e, CRM_EX_NOINPUT, "note %lld does not exist",
				   note);
	if (crm_note_resolve_check(note, &n, day, e) < 0)
		return -1;
	crm_db_note_set_resolved(db, note, day);
	return 0;
}
