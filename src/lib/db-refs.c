/*
 * db-refs.c - is a sale's ref taken, without a look-up per line.
 *
 * A till numbers its sales upwards, so nearly every ref of a night's
 * import is greater than all the refs stored before it.  The floor is the
 * greatest ref stored or recorded when the caller last promised that the
 * refs it passes from then on are distinct from each other
 * (crm_db_refs_distinct; the bulk import does so for a batch, whose
 * repeated refs it holds back).  Under that promise a ref above the floor
 * is new without a look-up; any other ref is looked up.  A broken promise
 * cannot store a ref twice: the unique index on ref refuses it, and the
 * run ends (db-sale.c).  The log belongs to an import (struct crm_import);
 * without one every ref is looked up.
 */
#include <stdlib.h>
#include <string.h>

#include "db-internal.h"

struct ref_log {
	char *floor; /* NULL: none */
	char *top;   /* the greatest ref recorded in this run, or NULL */
	size_t top_cap;
	int distinct;
};

void
crm_db_refs_free(struct ref_log *l)
{
	if (!l)
		return;
	free(l->floor);
	free(l->top);
	free(l);
}

static struct ref_log *
log_of(struct crm_db *db, struct crm_import *imp)
{
	struct ref_log *l;
	struct crm_stmt *st;

	if (!imp)
		return NULL;
	if (imp->refs)
		return imp->refs;
	l = imp->refs = crm_xmalloc(sizeof *l);
	memset(l, 0, sizeof *l);
	st = crm_sql_prepare(db, "SELECT max(ref) FROM purchase");
	if (crm_sql_step(db, st, "refs") == SQLITE_ROW &&
	    crm_st_column_type(st, 0) != SQLITE_NULL)
		l->floor = crm_xstrdup((const char *)crm_st_column_text(st, 0));
	crm_st_finalize(st);
	return l;
}

void
crm_db_refs_distinct(struct crm_db *db, struct crm_import *imp, int on)
{
	struct ref_log *l = log_of(db, imp);

	if (!l)
		return;
	l->distinct = on;
	if (on && l->top && (!l->floor || strcmp(l->top, l->floor) > 0)) {
		free(l->floor);
		l->floor = crm_xstrdup(l->top);
	}
}

long long
crm_db_ref_stored(struct crm_db *db, struct crm_import *imp, const char *ref)
{
	struct ref_log *l = log_of(db, imp);
	struct crm_stmt *st;
	long long id = 0;

	if (l && l->distinct && (!l->floor || strcmp(ref, l->floor) > 0))
		return 0;
	st = crm_sql_stmt(db, ST_SALE_REF, "SELECT id FROM purchase WHERE ref = ?");
	crm_sql_bind_text(st, 1, ref);
	if (crm_sql_step(db, st, "sale by ref") == SQLITE_ROW)
		id = crm_st_column_int64(st, 0);
	crm_st_reset(st);
	return id;
}

void
crm_db_ref_recorded(struct crm_db *db, struct crm_import *imp, const char *ref)
{
	struct ref_log *l = log_of(db, imp);
	size_t n;

	if (!l)
		return;
	if (l->top && strcmp(ref, l->top) <= 0)
		return;
	n = strlen(ref) + 1;
	if (n > l->top_cap) {
		l->top_cap = 2 * n;
		l->top = crm_xrealloc(l->top, l->top_cap);
	}
	memcpy(l->top, ref, n);
}
