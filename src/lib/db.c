/* db.c - opening the database file, transactions, statement cache */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db-internal.h"
#include "outfile.h"

void
db_check(struct crm_db *db, int rc, const char *what)
{
	int base = rc & 0xff;

	if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE)
		return;
	if (base == SQLITE_BUSY || base == SQLITE_LOCKED)
		crm_die(CRM_EX_TEMPFAIL,
			"database '%s' is busy (waited %d ms); try again later",
			db->path, db->busy_timeout);
	if (base == SQLITE_FULL || base == SQLITE_IOERR)
		crm_die(CRM_EX_IOERR, "database '%s': %s: %s", db->path, what,
			sqlite3_errmsg(db->h));
	if (base == SQLITE_READONLY || base == SQLITE_CANTOPEN ||
	    base == SQLITE_PERM)
		crm_die(CRM_EX_CANTCREAT, "database '%s': %s: %s", db->path,
			what, sqlite3_errmsg(db->h));
	if (base == SQLITE_CORRUPT || base == SQLITE_NOTADB)
		crm_die(CRM_EX_DATAERR, "database '%s' is damaged: %s",
			db->path, sqlite3_errmsg(db->h));
	crm_die(CRM_EX_SOFTWARE, "database '%s': %s: %s", db->path, what,
		sqlite3_errmsg(db->h));
}

sqlite3_stmt *
db_prepare(struct crm_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;

	db_check(db, sqlite3_prepare_v3(db->h, sql, -1, 0, &st, NULL),
		 "prepare");
	return st;
}

sqlite3_stmt *
db_stmt(struct crm_db *db, enum db_slot slot, const char *sql)
{
	sqlite3_stmt *st = db->st[slot];

	if (!st) {
		db_check(db,
			 sqlite3_prepare_v3(db->h, sql, -1,
					    SQLITE_PREPARE_PERSISTENT, &st, NULL),
			 "prepare");
		db->st[slot] = st;
		return st;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return st;
}

int
db_step(struct crm_db *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return rc;
	db_check(db, rc, what);
	return rc;
}

void
db_exec(struct crm_db *db, const char *sql)
{
	db_check(db, sqlite3_exec(db->h, sql, NULL, NULL, NULL), sql);
}

long long
db_int(struct crm_db *db, const char *sql)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	long long v = 0;

	if (db_step(db, st, sql) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

void
db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

const char *
db_col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

const char *
db_col_date(sqlite3_stmt *st, int i, char *buf)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	return crm_date_format((crm_day)sqlite3_column_int64(st, i), buf);
}

const char *
db_col_int(sqlite3_stmt *st, int i, char *buf)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return NULL;
	snprintf(buf, 32, "%lld", (long long)sqlite3_column_int64(st, i));
	return buf;
}

struct crm_db_iter *
db_iter_new(struct crm_db *db, sqlite3_stmt *st)
{
	struct crm_db_iter *it = crm_xmalloc(sizeof *it);

	it->db = db;
	it->st = st;
	return it;
}

void
crm_db_iter_free(struct crm_db_iter *it)
{
	if (!it)
		return;
	sqlite3_finalize(it->st);
	free(it);
}

/* $XDG_DATA_HOME/crm/crm.db, making the directories (0700) */
static char *
default_path(void)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	char *dir, *path;
	size_t n;

	if (xdg && *xdg) {
		n = strlen(xdg) + 16;
		dir = crm_xmalloc(n);
		snprintf(dir, n, "%s/crm", xdg);
	} else if (home && *home) {
		n = strlen(home) + 32;
		dir = crm_xmalloc(n);
		snprintf(dir, n, "%s/.local/share/crm", home);
	} else
		crm_die(CRM_EX_CANTCREAT,
			"no database: set --db, $CRM_DB or $HOME");
	/* make each missing directory of the path, the last one 0700 */
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			crm_die(CRM_EX_CANTCREAT, "cannot create '%s': %s", dir,
				strerror(errno));
		*p = '/';
	}
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		crm_die(CRM_EX_CANTCREAT, "cannot create '%s': %s", dir,
			strerror(errno));
	n = strlen(dir) + 8;
	path = crm_xmalloc(n);
	snprintf(path, n, "%s/crm.db", dir);
	free(dir);
	return path;
}

static char *
choose_path(const char *explicit_path, const struct crm_config *cfg)
{
	const char *env = getenv("CRM_DB");

	if (explicit_path)
		return crm_xstrdup(explicit_path);
	if (env && *env)
		return crm_xstrdup(env);
	if (cfg->database)
		return crm_xstrdup(cfg->database);
	return NULL;
}

/* Create an empty file with mode 0600, so SQLite's files inherit it. */
static void
create_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0 && errno != EEXIST)
		crm_die(CRM_EX_CANTCREAT, "cannot create database '%s': %s",
			path, strerror(errno));
	if (fd >= 0)
		close(fd);
}

static void
set_wal(struct crm_db *db)
{
	sqlite3_stmt *st = db_prepare(db, "PRAGMA journal_mode");
	int wal = 0;

	if (db_step(db, st, "journal_mode") == SQLITE_ROW)
		wal = strcmp(db_col_text(st, 0), "wal") == 0;
	sqlite3_finalize(st);
	if (!wal) {
		st = db_prepare(db, "PRAGMA journal_mode = WAL");
		db_step(db, st, "journal_mode");
		sqlite3_finalize(st);
	}
}

/*
 * The one database a command has open, so that dying (crm_die calls
 * exit) still finalizes its statements and closes it: nothing is left
 * for valgrind to report, and the open transaction is rolled back.
 */
static struct crm_db *open_db;

static void
close_at_exit(void)
{
	struct crm_db *db = open_db;
	sqlite3_stmt *st;

	if (!db)
		return;
	open_db = NULL;
	db_sale_queue_free(db); /* finalizes its statement */
	while ((st = sqlite3_next_stmt(db->h, NULL)))
		sqlite3_finalize(st);
	memset(db->st, 0, sizeof db->st);
	/* their statements are finalized: free only the parked iterators */
	free(db->profile);
	free(db->row);
	db->profile = db->row = NULL;
	crm_db_close(db);
}

struct crm_db *
crm_db_open(const char *explicit_path, const struct crm_config *cfg,
	    enum crm_db_mode mode)
{
	struct crm_db *db = crm_xmalloc(sizeof *db);
	struct stat sb;
	int rc;

	memset(db, 0, sizeof *db);
	db->cfg = cfg;
	db->busy_timeout = cfg->busy_timeout;
	db->path = choose_path(explicit_path, cfg);
	if (!db->path) {
		if (mode == CRM_DB_READ) {
			/* a reader never makes directories */
			const char *xdg = getenv("XDG_DATA_HOME");
			const char *home = getenv("HOME");
			size_t n = (xdg ? strlen(xdg) : 0) +
				   (home ? strlen(home) : 0) + 40;

			db->path = crm_xmalloc(n);
			if (xdg && *xdg)
				snprintf(db->path, n, "%s/crm/crm.db", xdg);
			else
				snprintf(db->path, n, "%s/.local/share/crm/crm.db",
					 home ? home : "");
		} else
			db->path = default_path();
	}
	if (stat(db->path, &sb) < 0) {
		if (mode == CRM_DB_READ)
			crm_die(CRM_EX_NOINPUT,
				"database '%s' does not exist (create it with "
				"crm-init)", db->path);
		create_file(db->path);
	}
	rc = sqlite3_open_v2(db->path, &db->h,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		crm_die(CRM_EX_CANTCREAT, "cannot open database '%s': %s",
			db->path, db->h ? sqlite3_errmsg(db->h) : "no memory");
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, db->busy_timeout);
	/* closing must not checkpoint: a one-row add costs one fsync */
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	db_exec(db, "PRAGMA foreign_keys = ON");
	db_exec(db, "PRAGMA synchronous = FULL");
	db_exec(db, "PRAGMA cache_size = -16000");
	if (!open_db) {
		static int registered;

		if (!registered && atexit(close_at_exit) == 0)
			registered = 1;
		open_db = db;
	}
	set_wal(db);
	db_migrate(db);
	return db;
}

void
crm_db_close(struct crm_db *db)
{
	if (!db)
		return;
	if (open_db == db)
		open_db = NULL;
	if (db->in_tx)
		crm_db_rollback(db);
	crm_db_iter_free(db->profile);
	crm_db_iter_free(db->row);
	db_sale_queue_free(db);
	db_buyers_free(db);
	db_refs_free(db);
	for (int i = 0; i < ST_NSLOTS; i++)
		sqlite3_finalize(db->st[i]);
	if (sqlite3_close(db->h) != SQLITE_OK)
		crm_warn("database '%s': %s", db->path, sqlite3_errmsg(db->h));
	free(db->cat_name);
	free(db->path);
	free(db);
}

const char *
crm_db_path(const struct crm_db *db)
{
	return db->path;
}

int
crm_db_schema_version(struct crm_db *db)
{
	return (int)db_int(db, "PRAGMA user_version");
}

void
crm_db_release_memory(struct crm_db *db)
{
	sqlite3_db_release_memory(db->h);
}

void
crm_db_begin(struct crm_db *db)
{
	/* IMMEDIATE: take the write lock now, where the busy timeout
	 * applies, rather than fail on upgrading a read lock later */
	db_exec(db, "BEGIN IMMEDIATE");
	db->in_tx = 1;
}

void
crm_db_bulk(struct crm_db *db)
{
	if (db->in_tx)
		crm_die(CRM_EX_SOFTWARE, "crm_db_bulk inside a transaction");
	db_exec(db, "PRAGMA foreign_keys = OFF");
	db_sale_queue_start(db);
}

void
crm_db_commit(struct crm_db *db)
{
	db_sale_flush(db);
	db_buyers_free(db); /* good for one transaction only */
	db_refs_free(db);
	db_exec(db, "COMMIT");
	db->in_tx = 0;
}

void
crm_db_rollback(struct crm_db *db)
{
	db->in_tx = 0;
	db_sale_queue_free(db);
	db_buyers_free(db);
	db_refs_free(db);
	sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

/*
 * The copy is written by SQLite into a file of our own, created
 * exclusively beside path (see outfile.h), and renamed over path once
 * checked and synced.  It is made a rollback-journal database, so that
 * it is one self-contained file, readable from a read-only medium.
 */
int
crm_db_backup(struct crm_db *db, const char *path, struct crm_err *e)
{
	struct crm_outfile of;
	sqlite3 *to = NULL;
	sqlite3_backup *b;
	sqlite3_stmt *st;
	int rc, ok = 0, flags = SQLITE_OPEN_READWRITE;

	/* renaming a copy over the live file, or over its log, would
	 * strand writers or lose every change since the last checkpoint */
	if (crm_outfile_check_db(path, db->path, e) < 0)
		return -1;
	if (crm_outfile_open(&of, path, CRM_OUTFILE_PRIVATE, e) < 0)
		return -1;
#ifdef SQLITE_OPEN_NOFOLLOW
	flags |= SQLITE_OPEN_NOFOLLOW;
#endif
	rc = sqlite3_open_v2(of.tmp, &to, flags, NULL);
	if (rc != SQLITE_OK)
		goto fail;
	b = sqlite3_backup_init(to, "main", db->h, "main");
	if (!b) {
		rc = sqlite3_errcode(to);
		goto fail;
	}
	/* all pages in one step: one read transaction, one snapshot */
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		goto fail;
	rc = sqlite3_exec(to, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		goto fail;
	rc = sqlite3_prepare_v2(to, "PRAGMA integrity_check", -1, &st, NULL);
	if (rc != SQLITE_OK)
		goto fail;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0)
		ok = 1;
	sqlite3_finalize(st);
	if (!ok) {
		crm_err_set(e, CRM_EX_DATAERR,
			    "the copy of '%s' fails its integrity check; '%s' "
			    "is left as it was", db->path, path);
		sqlite3_close(to);
		crm_outfile_abort(&of);
		return -1;
	}
	rc = sqlite3_close(to);
	to = NULL;
	if (rc != SQLITE_OK)
		goto fail;
	/* our descriptor syncs what SQLite wrote through its own */
	return crm_outfile_commit(&of, e);
fail:
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		crm_err_set(e, CRM_EX_TEMPFAIL, "database '%s' is busy",
			    db->path);
	else
		crm_err_set(e, CRM_EX_IOERR, "cannot back up to '%s': %s", path,
			    to ? sqlite3_errmsg(to) : sqlite3_errstr(rc));
	/* closing first: the file and its journal are removed after */
	sqlite3_close(to);
	crm_outfile_abort(&of);
	return -1;
}

void
db_marked_table(struct crm_db *db)
{
	if (!db->marked) {
		db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS marked "
			    "(id INTEGER PRIMARY KEY)");
		db->marked = 1;
	}
}

void
crm_db_mark(struct crm_db *db, long long id)
{
	sqlite3_stmt *st;

	db_marked_table(db);
	st = db_stmt(db, ST_MARK, "INSERT OR IGNORE INTO temp.marked VALUES (?)");
	sqlite3_bind_int64(st, 1, id);
	db_step(db, st, "mark");
}
