/*
 * db-copy.c - every row of one crm database copied into another of
 * either backend: an SQLite file into a PostgreSQL database
 * (crm-backup --to), a PostgreSQL database into a new SQLite file
 * (crm-backup FILE on a server).  SQLite into SQLite keeps the backup
 * API of db.c, which copies pages, not rows.
 *
 * The copy is written once, in the statement calls both backends
 * answer: each table's rows are read in one snapshot of the source and
 * written, value by value as the source gives them, by one prepared
 * INSERT reused for every row, in one transaction of the target.  The
 * target's schema is crm-init's (crm_db_open with CRM_DB_CREATE); its
 * ids are the source's, so every reference stays what it was, and the
 * summaries are copied with the rows they sum rather than built again.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "db-internal.h"
#include "db-pg.h"
#include "outfile.h"

struct copy_table {
	const char *name;
	const char *cols;  /* every column, in the order copied */
	int ncols;
	const char *order; /* its key: the copy is made in key order */
};

#define TOTALS "purchases, revenue, returns, costed_net, cost, uncosted, costed"

/*
 * Every table of crm's schema (schema.c, db-pg-schema.c) but crm_schema,
 * which each backend keeps its own way.  A column added to the schema
 * and not here is found by check_columns() before anything is written.
 */
static const struct copy_table tables[] = {
	{"category", "id, name, description, discount, bonus, prepay, deleted",
	 7, "id"},
	{"customer", "id, name, email, phone, card, category_id, source,"
	 " reason, referred_by, status, lost_reason, lost_day, created, note",
	 14, "id"},
	{"batch", "id, day, command, note, undoes, undone_by", 6, "id"},
	{"category_change", "id, batch_id, customer_id, day, old_id, new_id",
	 6, "id"},
	{"purchase", "id, customer_id, day, amount, cost, ref, item, paid,"
	 " paid_day, returns_id, category_id, staff", 12, "id"},
	{"bonus", "id, customer_id, day, kind, amount, purchase_id, note", 7,
	 "id"},
	{"thanks", "id, customer_id, day, how, value, note", 6, "id"},
	{"note", "id, customer_id, day, kind, score, text, resolved_day,"
	 " purchase_id, staff", 9, "id"},
	{"status_change", "id, customer_id, day, status, reason", 5, "id"},
	{"setting", "key, value", 2, "key"},
	{"sum_customer", "customer_id, first_day, last_day, days, " TOTALS ","
	 " first_total, gap, gaps", 14, "customer_id"},
	{"sum_month", "month, customer_id, category_id, " TOTALS, 10,
	 "month, customer_id, category_id"},
	{"sum_year", "year, customer_id, category_id, " TOTALS, 10,
	 "year, customer_id, category_id"},
	{"sum_group", "kind, start, category_id, " TOTALS ", buyers", 11,
	 "kind, start, category_id"},
	{"sum_day", "day, " TOTALS, 8, "day"},
};
enum { NTABLES = sizeof tables / sizeof *tables };

/* how many columns the database's table t has */
static long long
count_columns(struct crm_db *db, const char *t)
{
	struct crm_stmt *st;
	long long n = 0;

	st = crm_sql_prepare(db, db->pg ? "SELECT count(*) FROM"
				 " information_schema.columns WHERE"
				 " table_schema = current_schema() AND"
				 " table_name = ?"
			       : "SELECT count(*) FROM pragma_table_info(?)");
	crm_sql_bind_text(st, 1, t);
	if (crm_sql_step(db, st, "columns") == SQLITE_ROW)
		n = crm_st_column_int64(st, 0);
	crm_st_finalize(st);
	return n;
}

/* A table with a column the list above does not name would be copied
 * without it: a crm that knows its schema only in part stops here. */
static void
check_columns(struct crm_db *db)
{
	for (int i = 0; i < NTABLES; i++) {
		long long n = count_columns(db, tables[i].name);

		if (n != tables[i].ncols)
			crm_die(CRM_EX_SOFTWARE,
				"database '%s': table %s has %lld columns, "
				"and crm-backup copies %d", db->path,
				tables[i].name, n, tables[i].ncols);
	}
}

/* the first table of crm's data with a row in db, or NULL; the settings
 * do not count: crm_db_open wrote them when it made the schema */
static const char *
first_with_rows(struct crm_db *db)
{
	char sql[128];

	for (int i = 0; i < NTABLES; i++) {
		if (!strcmp(tables[i].name, "setting"))
			continue;
		snprintf(sql, sizeof sql, "SELECT CASE WHEN EXISTS (SELECT 1"
			 " FROM %s) THEN 1 ELSE 0 END", tables[i].name);
		if (crm_sql_int(db, sql))
			return tables[i].name;
	}
	return NULL;
}

/*
 * A setting's value has no type in SQLite and is text in PostgreSQL;
 * crm writes its numbers as integers, so a number read back as text is
 * written to SQLite as the integer it was.  Only canonical spellings
 * are: "007" or "+7" stay text.
 */
static int
setting_integer(const char *s, long long *v)
{
	char back[32];
	char *end;

	if (!*s || !(*s == '-' || (*s >= '0' && *s <= '9')))
		return 0;
	errno = 0;
	*v = strtoll(s, &end, 10);
	if (errno || *end)
		return 0;
	snprintf(back, sizeof back, "%lld", *v);
	return strcmp(back, s) == 0;
}

/* column i of the source's row bound as parameter i + 1 of ins */
static void
bind_value(struct crm_stmt *ins, struct crm_stmt *sel, int i, int untyped)
{
	const void *blob;
	const char *text;
	long long v;

	switch (crm_st_column_type(sel, i)) {
	case SQLITE_NULL:
		crm_st_bind_null(ins, i + 1);
		break;
	case SQLITE_INTEGER:
		crm_st_bind_int64(ins, i + 1, crm_st_column_int64(sel, i));
		break;
	case SQLITE_BLOB:
		/* an empty blob is NULL to SQLite's column_blob, and a
		 * NULL bound is NULL, not empty (sum_customer.gaps) */
		blob = crm_st_column_blob(sel, i);
		crm_st_bind_blob(ins, i + 1, blob ? blob : "",
				 crm_st_column_bytes(sel, i), SQLITE_TRANSIENT);
		break;
	default:
		text = crm_sql_col_text(sel, i);
		if (untyped && ins->lite && setting_integer(text, &v))
			crm_st_bind_int64(ins, i + 1, v);
		else
			crm_st_bind_text(ins, i + 1, text, -1,
					 SQLITE_TRANSIENT);
	}
}

/* every row of table t from from into to: 0, or -1 and e set (65) */
static int
copy_table(struct crm_db *from, struct crm_db *to,
	   const struct copy_table *t, struct crm_err *e)
{
	char *sql = crm_xmalloc(strlen(t->cols) + 4 * (size_t)t->ncols + 96);
	struct crm_stmt *sel, *ins;
	long long row = 0;
	int rc, n, untyped = !strcmp(t->name, "setting");

	n = sprintf(sql, "INSERT INTO %s (%s) VALUES (?", t->name, t->cols);
	for (int i = 1; i < t->ncols; i++)
		n += sprintf(sql + n, ", ?");
	strcpy(sql + n, ")");
	/* one statement, prepared once, for every row */
	crm_sql_check(to, crm_st_prepare(to, sql, 1, &ins), "prepare");
	sprintf(sql, "SELECT %s FROM %s ORDER BY %s", t->cols, t->name,
		t->order);
	sel = crm_sql_prepare(from, sql);
	free(sql);
	while (crm_sql_step(from, sel, t->name) == SQLITE_ROW) {
		row++;
		crm_st_reset(ins);
		crm_st_clear_bindings(ins);
		for (int i = 0; i < t->ncols; i++)
			bind_value(ins, sel, i, untyped);
		rc = crm_st_step(ins);
		if (rc == SQLITE_DONE)
			continue;
		/* a value the target refuses (a constraint, a text in an
		 * integer column of a file edited by hand) is the data's
		 * fault; busy, full or lost is crm_sql_check's to say */
		if ((rc & 0xff) == SQLITE_CONSTRAINT ||
		    (rc & 0xff) == SQLITE_ERROR ||
		    (rc & 0xff) == SQLITE_MISMATCH ||
		    (rc & 0xff) == SQLITE_TOOBIG) {
			crm_err_set(e, CRM_EX_DATAERR,
				    "database '%s' cannot take row %lld of "
				    "table %s: %s; nothing was written",
				    to->path, row, t->name,
				    crm_sql_errmsg(to));
			crm_st_finalize(sel);
			crm_st_finalize(ins);
			return -1;
		}
		crm_sql_check(to, rc, t->name);
	}
	crm_st_finalize(sel);
	crm_st_finalize(ins);
	return 0;
}

int
crm_db_copy(struct crm_db *from, struct crm_db *to, struct crm_err *e)
{
	const char *full;

	check_columns(from);
	check_columns(to);
	crm_db_snapshot_begin(from);
	crm_db_begin(to);
	/* after the writer's lock: nobody fills it while we look */
	full = first_with_rows(to);
	if (full) {
		crm_err_set(e, CRM_EX_DATAERR,
			    "database '%s' already holds crm data (table %s "
			    "has rows); crm-backup copies only into a "
			    "database without any: nothing was written",
			    to->path, full);
		crm_db_rollback(to);
		crm_db_snapshot_end(from);
		return -1;
	}
	/* a reference to a row later in its table (a batch undone by a
	 * later one) is checked once every row is there */
	if (to->h)
		crm_sql_exec(to, "PRAGMA defer_foreign_keys = ON");
	/* the source's currency and totals, not those the schema began with */
	crm_sql_exec(to, "DELETE FROM setting");
	for (int i = 0; i < NTABLES; i++)
		if (copy_table(from, to, &tables[i], e) < 0) {
			crm_db_rollback(to);
			crm_db_snapshot_end(from);
			return -1;
		}
	crm_db_commit(to);
	crm_db_snapshot_end(from);
	return 0;
}

int
crm_db_backup_to(struct crm_db *db, const char *target, struct crm_err *e)
{
	struct crm_db *to;
	int rc;

	if (!crm_pg_is_uri(target)) {
		crm_err_set(e, CRM_EX_USAGE,
			    "--to takes a PostgreSQL database (postgresql://"
			    "... or postgresql:KEYWORDS); to copy into a file, "
			    "name the FILE");
		return -1;
	}
	/* the schema made as crm-init makes it; dies with 69 when the
	 * server cannot be reached, naming it without its password */
	to = crm_db_open(target, db->cfg, CRM_DB_CREATE);
	rc = crm_db_copy(db, to, e);
	crm_db_close(to);
	return rc;
}

/* "ok" from SQLite's integrity check of db */
static int
integrity_ok(struct crm_db *db)
{
	struct crm_stmt *st = crm_sql_prepare(db, "PRAGMA integrity_check");
	int ok = 0;

	if (crm_sql_step(db, st, "integrity check") == SQLITE_ROW)
		ok = !strcmp(crm_sql_col_text(st, 0), "ok");
	crm_st_finalize(st);
	return ok;
}

/*
 * A PostgreSQL database into a new SQLite file at path, made as crm-init
 * makes one, in the file of our own beside path that db.c's backup
 * writes (outfile.h): checked, synced, then renamed over path.  It is a
 * rollback-journal database, one self-contained file.
 */
int
crm_db_copy_to_file(struct crm_db *db, const char *path, struct crm_err *e)
{
	struct crm_outfile of;
	struct crm_db *to;

	if (crm_outfile_open(&of, path, CRM_OUTFILE_PRIVATE, e) < 0)
		return -1;
	to = crm_db_open(of.tmp, db->cfg, CRM_DB_CREATE);
	if (crm_db_copy(db, to, e) < 0) {
		crm_db_close(to);
		crm_outfile_abort(&of);
		return -1;
	}
	crm_sql_exec(to, "PRAGMA journal_mode = DELETE");
	if (!integrity_ok(to)) {
		crm_err_set(e, CRM_EX_DATAERR,
			    "the copy of '%s' fails its integrity check; '%s' "
			    "is left as it was", db->path, path);
		crm_db_close(to);
		crm_outfile_abort(&of);
		return -1;
	}
	crm_db_close(to);
	return crm_outfile_commit(&of, e);
}
