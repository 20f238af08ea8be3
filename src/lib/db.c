/* db.c - opening the database file, transactions, statement cache */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db-internal.h"
#include "db-pg.h"
#include "outfile.h"

void
crm_sql_check(struct crm_db *db, int rc, const char *what)
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
			crm_sql_errmsg(db));
	if (base == SQLITE_READONLY || base == SQLITE_CANTOPEN ||
	    base == SQLITE_PERM)
		crm_die(CRM_EX_CANTCREAT, "database '%s': %s: %s", db->path,
			what, crm_sql_errmsg(db));
	if (base == SQLITE_CORRUPT || base == SQLITE_NOTADB)
		crm_die(CRM_EX_DATAERR, "database '%s' is damaged: %s",
			db->path, crm_sql_errmsg(db));
	crm_die(CRM_EX_SOFTWARE, "database '%s': %s: %s", db->path, what,
		crm_sql_errmsg(db));
}

struct crm_stmt *
crm_sql_prepare(struct crm_db *db, const char *sql)
{
	struct crm_stmt *st = NULL;

	crm_sql_check(db, crm_st_prepare(db, sql, 0, &st), "prepare");
	return st;
}

struct crm_stmt *
crm_sql_stmt(struct crm_db *db, enum db_slot slot, const char *sql)
{
	struct crm_stmt *st = db->st[slot];

	if (!st) {
		crm_sql_check(db, crm_st_prepare(db, sql, 1, &st), "prepare");
		db->st[slot] = st;
		return st;
	}
	crm_st_reset(st);
	crm_st_clear_bindings(st);
	return st;
}

int
crm_sql_step(struct crm_db *db, struct crm_stmt *st, const char *what)
{
	int rc = crm_st_step(st);

	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return rc;
	crm_sql_check(db, rc, what);
	return rc;
}

int
crm_sql_write(struct crm_db *db, struct crm_stmt *st, const char *what)
{
#ifdef CRM_POSTGRES
	if (st->pg && !st->may_fail)
		return crm_pg_write(db, st->pg, what);
#endif
	return crm_sql_step(db, st, what);
}

void
crm_sql_exec(struct crm_db *db, const char *sql)
{
#ifdef CRM_POSTGRES
	if (db->pg) {
		crm_pg_exec(db, sql);
		return;
	}
#endif
	crm_sql_check(db, sqlite3_exec(db->h, sql, NULL, NULL, NULL), sql);
}

long long
crm_sql_int(struct crm_db *db, const char *sql)
{
	struct crm_stmt *st = crm_sql_prepare(db, sql);
	long long v = 0;

	if (crm_sql_step(db, st, sql) == SQLITE_ROW)
		v = crm_st_column_int64(st, 0);
	crm_st_finalize(st);
	return v;
}

void
crm_sql_bind_text(struct crm_stmt *st, int i, const char *s)
{
	if (s)
		crm_st_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		crm_st_bind_null(st, i);
}

void
crm_sql_bind_key(struct crm_stmt *st, int i, const char *s)
{
	const char *start;
	size_t n;

	if (!s) {
		crm_st_bind_null(st, i);
		return;
	}
	n = crm_trim_span(s, &start);
	crm_st_bind_text(st, i, start, (int)n, SQLITE_STATIC);
}

const char *
crm_sql_col_text(struct crm_stmt *st, int i)
{
	return (const char *)crm_st_column_text(st, i);
}

const char *
crm_sql_col_date(struct crm_stmt *st, int i, char *buf)
{
	if (crm_st_column_type(st, i) == SQLITE_NULL)
		return NULL;
	return crm_date_format((crm_day)crm_st_column_int64(st, i), buf);
}

const char *
crm_sql_col_int(struct crm_stmt *st, int i, char *buf)
{
	if (crm_st_column_type(st, i) == SQLITE_NULL)
		return NULL;
	snprintf(buf, 32, "%lld", (long long)crm_st_column_int64(st, i));
	return buf;
}

struct crm_db_iter *
crm_sql_iter_new(struct crm_db *db, struct crm_stmt *st)
{
	struct crm_db_iter *it = crm_xmalloc(sizeof *it);

	it->db = db;
	it->st = st;
#ifdef CRM_POSTGRES
	/* a listing streams from the server (db-pg.c) */
	if (st->pg)
		crm_pg_stream(st->pg);
#endif
	return it;
}

void
crm_db_iter_free(struct crm_db_iter *it)
{
	if (!it)
		return;
	crm_st_finalize(it->st);
	free(it);
}

/* $XDG_DATA_HOME/crm/crm.db, or ~/.local/share/crm/crm.db */
static char *
default_path(void)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	char *path;
	size_t n;

	if (xdg && *xdg) {
		n = strlen(xdg) + 16;
		path = crm_xmalloc(n);
		snprintf(path, n, "%s/crm/crm.db", xdg);
	} else if (home && *home) {
		n = strlen(home) + 32;
		path = crm_xmalloc(n);
		snprintf(path, n, "%s/.local/share/crm/crm.db", home);
	} else
		crm_die(CRM_EX_NOINPUT,
			"no database: set --db, $CRM_DB or $HOME");
	return path;
}

/* crm-init at the default location: each missing directory of the
 * path, the database's own 0700 */
static void
make_default_dirs(const char *path)
{
	char *dir = crm_xstrdup(path);
	char *slash = strrchr(dir, '/');

	*slash = '\0';
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
	free(dir);
}

static char *
choose_path(const char *explicit_path, const struct crm_config *cfg,
	    int *is_default)
{
	const char *env = getenv("CRM_DB");

	*is_default = 0;
	if (explicit_path)
		return crm_xstrdup(explicit_path);
	if (env && *env)
		return crm_xstrdup(env);
	if (cfg->database)
		return crm_xstrdup(cfg->database);
	*is_default = 1;
	return default_path();
}

/* Create an empty file with mode 0600, so SQLite's files inherit it. */
static void
create_file(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
				    O_CLOEXEC, 0600);

	if (fd < 0 && errno != EEXIST)
		crm_die(CRM_EX_CANTCREAT, "cannot create database '%s': %s",
			path, strerror(errno));
	if (fd >= 0)
		close(fd);
}

/*
 * Only crm-init creates a database: a mistyped path in a cron job must
 * not start a second one.  A file that is there must begin as an SQLite
 * database does, or be empty for crm-init to fill; anything else is left
 * untouched, before SQLite has a chance to write to it.
 */
static void
check_file(const char *path, enum crm_db_mode mode)
{
	static const char magic[16] = "SQLite format 3";
	char head[sizeof magic];
	struct stat sb;
	ssize_t n;
	int fd;

	if (stat(path, &sb) < 0) {
		if (errno != ENOENT)
			crm_die(CRM_EX_NOINPUT, "cannot open database '%s': %s",
				path, strerror(errno));
		if (mode != CRM_DB_CREATE)
			crm_die(CRM_EX_NOINPUT,
				"no database at %s; create one with crm-init",
				path);
		create_file(path);
		return;
	}
	if (!S_ISREG(sb.st_mode))
		crm_die(CRM_EX_DATAERR, "'%s' is not a crm database", path);
	if (sb.st_size == 0) {
		if (mode != CRM_DB_CREATE)
			crm_die(CRM_EX_DATAERR,
				"'%s' is an empty file, not a crm database; "
				"crm-init makes one", path);
		return;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		crm_die(errno == EACCES ? CRM_EX_NOINPUT : CRM_EX_IOERR,
			"cannot open database '%s': %s", path, strerror(errno));
	n = read(fd, head, sizeof head);
	close(fd);
	if (n != (ssize_t)sizeof head || memcmp(head, magic, sizeof magic))
		crm_die(CRM_EX_DATAERR, "'%s' is not a crm database", path);
}

static void
set_wal(struct crm_db *db)
{
	struct crm_stmt *st = crm_sql_prepare(db, "PRAGMA journal_mode");
	int wal = 0;

	if (crm_sql_step(db, st, "journal_mode") == SQLITE_ROW)
		wal = strcmp(crm_sql_col_text(st, 0), "wal") == 0;
	crm_st_finalize(st);
	if (!wal) {
		st = crm_sql_prepare(db, "PRAGMA journal_mode = WAL");
		crm_sql_step(db, st, "journal_mode");
		crm_st_finalize(st);
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

	if (!db)
		return;
	open_db = NULL;
	/* every statement, an import's too (its owner is not told) */
	crm_st_finalize_all(db);
	/* their statements are finalized: free only the parked iterators */
	free(db->profile);
	free(db->row);
	db->profile = db->row = NULL;
	crm_db_close(db);
}

/*
 * Copy the WAL into the database and empty it, without waiting: the
 * commit before it is durable already, so when a reader still holds an
 * older snapshot (or another writer holds the lock) the checkpoint
 * copies what it may and the rest is left to a later writer, instead
 * of the command waiting for the busy timeout or failing.  The busy
 * handler is switched off for the checkpoint alone; it is what
 * TRUNCATE would call while it waits for readers.
 */
static int
truncate_wal(sqlite3 *h, const char *schema, int busy_timeout)
{
	int rc;

	sqlite3_busy_timeout(h, 0);
	rc = sqlite3_wal_checkpoint_v2(h, schema, SQLITE_CHECKPOINT_TRUNCATE,
				       NULL, NULL);
	sqlite3_busy_timeout(h, busy_timeout);
	return rc;
}

/*
 * Every process that opens the database first is the one that reads
 * the whole WAL to rebuild its index in -shm (each crm command is its
 * own process, so each of them does), so the WAL must stay small even
 * when nobody is using it: after a commit that left more than this
 * many pages in it, it is copied into the database and truncated.  A
 * bulk load's every batch is above this; single writes reach it once
 * in a few dozen commands, each of which reads at most this many
 * frames when it opens.  (This hook replaces SQLite's autocheckpoint,
 * which only restarts the WAL at 1000 pages and never shrinks it.)
 */
enum { WAL_TRUNCATE_PAGES = 128 };

static int
truncate_big_wal(void *arg, sqlite3 *h, const char *schema, int pages)
{
	const struct crm_db *db = arg;

	if (pages > WAL_TRUNCATE_PAGES)
		truncate_wal(h, schema, db->busy_timeout);
	return SQLITE_OK;
}

static char *
readonly_uri(const char *path, int immutable)
{
	size_t n = strlen(path) * 3 + 64;
	char *uri = crm_xmalloc(n), *o = uri;

	o += snprintf(o, n, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21 ||
		    *p >= 0x7f)
			o += sprintf(o, "%%%02X", *p);
		else
			*o++ = (char)*p;
	snprintf(o, n - (size_t)(o - uri), "?mode=ro%s",
		 immutable ? "&immutable=1" : "");
	return uri;
}

static int
has_companion(const char *path, const char *suffix)
{
	size_t n = strlen(path) + 16;
	char *name = crm_xmalloc(n);
	struct stat sb;
	int has;

	snprintf(name, n, "%s%s", path, suffix);
	has = stat(name, &sb) == 0;
	free(name);
	return has;
}

static int
dir_writable(const char *path)
{
	char *dir = crm_xstrdup(path);
	char *slash = strrchr(dir, '/');
	int ok;

	if (!slash)
		ok = access(".", W_OK) == 0;
	else {
		if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
		ok = access(dir, W_OK) == 0;
	}
	free(dir);
	return ok;
}

static void
open_handle(struct crm_db *db, const char *uri, int flags)
{
	int rc = sqlite3_open_v2(uri, &db->h, flags | SQLITE_OPEN_NOMUTEX,
				 NULL);

	if (rc != SQLITE_OK)
		crm_die(CRM_EX_CANTCREAT, "cannot open database '%s': %s",
			db->path, db->h ? sqlite3_errmsg(db->h) : "no memory");
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, db->busy_timeout);
}

/* user_version, the first thing read: -1 when the file cannot be read
 * this way (a WAL database in a directory the reader cannot write) */
static int
read_version(struct crm_db *db, int *rc)
{
	sqlite3_stmt *st = NULL;
	int v = -1;

	*rc = sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL);
	if (*rc == SQLITE_OK) {
		*rc = sqlite3_step(st);
		if (*rc == SQLITE_ROW) {
			v = sqlite3_column_int(st, 0);
			*rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	return v;
}

/*
 * A reader opens the file read-only, so that nothing it does can write
 * to it: not a journal mode, not a schema upgrade.  In a directory it
 * may not write, a WAL database has no -shm to share with writers; when
 * there is no -wal either, no writer can be at work (a writer would have
 * to create one), every committed page is in the file, and the file is
 * read as it stands.
 */
static int
open_reader(struct crm_db *db)
{
	char *uri = readonly_uri(db->path, 0);
	int rc, v;

	open_handle(db, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
	free(uri);
	v = read_version(db, &rc);
	if (rc == SQLITE_OK)
		return v;
	if ((rc & 0xff) != SQLITE_READONLY && (rc & 0xff) != SQLITE_CANTOPEN)
		crm_sql_check(db, rc, "PRAGMA user_version");
	if (dir_writable(db->path))
		crm_sql_check(db, rc, "PRAGMA user_version");
	if (has_companion(db->path, "-wal"))
		crm_die(CRM_EX_CANTCREAT,
			"cannot read database '%s': its latest changes are in "
			"%s-wal, and reading them needs %s-shm, which cannot "
			"be made in a directory you may not write; run a crm "
			"command as a user who may write there, or copy the "
			"database with crm-backup", db->path, db->path,
			db->path);
	sqlite3_close(db->h);
	db->h = NULL;
	uri = readonly_uri(db->path, 1);
	open_handle(db, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
	free(uri);
	v = read_version(db, &rc);
	crm_sql_check(db, rc, "PRAGMA user_version");
	return v;
}

static int
open_writer(struct crm_db *db)
{
	int rc, v;

	open_handle(db, db->path, SQLITE_OPEN_READWRITE);
	v = read_version(db, &rc);
	if ((rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_CANTOPEN ||
	    (rc == SQLITE_OK && sqlite3_db_readonly(db->h, "main") == 1)) {
		if (!dir_writable(db->path))
			crm_die(CRM_EX_CANTCREAT,
				"cannot write database '%s': its directory is "
				"read-only, and a writer makes %s-wal beside "
				"it; make the directory writable, or use a "
				"copy in one that is", db->path, db->path);
		crm_die(CRM_EX_CANTCREAT,
			"cannot write database '%s': %s; commands that only "
			"read still work on it", db->path,
			rc == SQLITE_OK ? "the file is read-only"
					: sqlite3_errmsg(db->h));
	}
	crm_sql_check(db, rc, "PRAGMA user_version");
	return v;
}

/* A version this crm does not know, or a file that is an SQLite
 * database but not crm's, is refused before anything else is read. */
static void
check_version(struct crm_db *db, int v, enum crm_db_mode mode)
{
	if (v < 0 || v > CRM_SCHEMA_VERSION)
		crm_die(CRM_EX_DATAERR,
			"database '%s' has schema version %d, which this crm "
			"does not know (it knows 1 to %d); %s",
			db->path, v, CRM_SCHEMA_VERSION,
			v > CRM_SCHEMA_VERSION ? "a newer crm made it: upgrade crm"
					       : "it is not a crm database");
	if (v == 0) {
		if (crm_sql_int(db, db->pg ? "SELECT count(*) FROM"
				       " information_schema.tables WHERE"
				       " table_schema = current_schema()"
				     : "SELECT count(*) FROM sqlite_master") > 0)
			crm_die(CRM_EX_DATAERR, "'%s' is not a crm database",
				db->path);
		/* a server's database is there before crm-init, as a
		 * missing file is not */
		if (mode != CRM_DB_CREATE && db->pg)
			crm_die(CRM_EX_NOINPUT,
				"no crm database in %s; create one with "
				"crm-init", db->path);
		if (mode != CRM_DB_CREATE)
			crm_die(CRM_EX_DATAERR,
				"'%s' is an empty database, not yet a crm "
				"database; crm-init makes one", db->path);
		return;
	}
	if (crm_sql_int(db, db->pg ? "SELECT count(*) FROM"
			    " information_schema.tables WHERE table_schema ="
			    " current_schema() AND table_name IN ('category',"
			    " 'customer', 'purchase', 'bonus', 'batch')"
			  : "SELECT count(*) FROM sqlite_master WHERE type ="
			    " 'table' AND name IN ('category', 'customer',"
			    " 'purchase', 'bonus', 'batch')") != 5)
		crm_die(CRM_EX_DATAERR,
			"'%s' is not a crm database (schema version %d, but "
			"not crm's tables)", db->path, v);
	if (v < CRM_SCHEMA_VERSION && mode == CRM_DB_READ)
		crm_die(CRM_EX_DATAERR,
			"database '%s' has schema version %d, older than this "
			"crm's %d, and reading commands never write: upgrade "
			"it with crm-init --db '%s'",
			db->path, v, CRM_SCHEMA_VERSION, db->path);
}

struct crm_db *
crm_db_open(const char *explicit_path, const struct crm_config *cfg,
	    enum crm_db_mode mode)
{
	struct crm_db *db = crm_xmalloc(sizeof *db);
	int is_default, v;

	memset(db, 0, sizeof *db);
	db->cfg = cfg;
	db->busy_timeout = cfg->busy_timeout;
	/* a diagnostic: reports sum the purchases, not the summaries, so
	 * that the two can be compared (tests, bench) */
	db->no_summaries = getenv("CRM_NO_SUMMARIES") &&
			   *getenv("CRM_NO_SUMMARIES") &&
			   strcmp(getenv("CRM_NO_SUMMARIES"), "0") != 0;
	db->path = choose_path(explicit_path, cfg, &is_default);
	if (!open_db) {
		static int registered;

		if (!registered && atexit(close_at_exit) == 0)
			registered = 1;
		open_db = db;
	}
	if (is_default && mode == CRM_DB_CREATE)
		make_default_dirs(db->path);
#ifdef CRM_POSTGRES
	if (crm_pg_is_uri(db->path)) {
		check_version(db, crm_pg_open(db, mode), mode);
		if (mode != CRM_DB_READ)
			crm_db_migrate(db);
		return db;
	}
#else
	if (crm_pg_is_uri(db->path)) {
		char *shown = crm_pg_display_name(db->path);

		free(db->path);
		db->path = shown;
		crm_die(CRM_EX_CONFIG,
			"database '%s' is a PostgreSQL database, and this crm "
			"was built without PostgreSQL (make POSTGRES=1 with "
			"libpq-dev installed)", crm_db_path(db));
	}
#endif
	check_file(db->path, mode);
	if (mode == CRM_DB_READ) {
		v = open_reader(db);
		check_version(db, v, mode);
		crm_sql_exec(db, "PRAGMA cache_size = -16000");
		return db;
	}
	v = open_writer(db);
	check_version(db, v, mode);
	/* closing must not checkpoint: a one-row add costs one fsync */
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	sqlite3_wal_hook(db->h, truncate_big_wal, db);
	crm_sql_exec(db, "PRAGMA foreign_keys = ON");
	crm_sql_exec(db, "PRAGMA synchronous = FULL");
	crm_sql_exec(db, "PRAGMA cache_size = -16000");
	/* a WAL that a reader kept from being truncated is cut back to
	 * this when a later writer restarts it, instead of keeping the
	 * size of the biggest load on the disk */
	crm_sql_exec(db, "PRAGMA journal_size_limit = 1048576");
	set_wal(db);
	crm_db_migrate(db);
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
	crm_st_finalize_all(db);
#ifdef CRM_POSTGRES
	crm_pg_close(db);
#endif
	if (db->h && sqlite3_close(db->h) != SQLITE_OK)
		crm_warn("database '%s': %s", db->path, sqlite3_errmsg(db->h));
	free(db->cat_name);
	free(db->notes);
	free(db->path);
	free(db);
}

void
crm_db_checkpoint(struct crm_db *db)
{
	int rc;

	if (!db->h)
		return;
	rc = truncate_wal(db->h, "main", db->busy_timeout);

	/* after the commit: what is committed stays so whatever happens
	 * here, and readers in the way leave the work to the next writer */
	if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY &&
	    (rc & 0xff) != SQLITE_LOCKED)
		crm_warn("database '%s': checkpoint: %s", db->path,
			 sqlite3_errmsg(db->h));
}

const char *
crm_db_path(const struct crm_db *db)
{
	return db->path;
}

const struct crm_config *
crm_db_config(const struct crm_db *db)
{
	return db->cfg;
}

int
crm_db_schema_version(struct crm_db *db)
{
#ifdef CRM_POSTGRES
	if (db->pg)
		return crm_pg_schema_version(db);
#endif
	return (int)crm_sql_int(db, "PRAGMA user_version");
}

void
crm_db_scan_done(struct crm_db *db)
{
	if (db->h)
		sqlite3_db_release_memory(db->h);
}

void
crm_db_begin(struct crm_db *db)
{
#ifdef CRM_POSTGRES
	if (db->pg) {
		crm_pg_begin(db, 1);
		db->in_tx = 1;
		return;
	}
#endif
	/* IMMEDIATE: take the write lock now, where the busy timeout
	 * applies, rather than fail on upgrading a read lock later */
	crm_sql_exec(db, "BEGIN IMMEDIATE");
	db->in_tx = 1;
}

void
crm_db_import_start(struct crm_db *db)
{
	if (db->in_tx)
		crm_die(CRM_EX_SOFTWARE, "crm_db_import_start inside a transaction");
	if (db->h)
		crm_sql_exec(db, "PRAGMA foreign_keys = OFF");
}

void
crm_db_commit(struct crm_db *db)
{
	crm_db_summary_flush(db);
	crm_db_money_write(db);
	crm_db_money_forget(db); /* another writer may come before our next */
	crm_sql_exec(db, "COMMIT");
	db->in_tx = 0;
}

void
crm_db_rollback(struct crm_db *db)
{
	db->in_tx = 0;
	crm_db_money_forget(db);
	crm_db_summary_forget(db);
#ifdef CRM_POSTGRES
	if (db->pg) {
		crm_pg_exec(db, "ROLLBACK");
		return;
	}
#endif
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

	/* a server's database has no pages to copy: its rows are
	 * (db-copy.c), and no file of it can be in the way */
	if (db->pg)
		return crm_db_copy_to_file(db, path, e);
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
crm_db_selection_table(struct crm_db *db)
{
	if (!db->marked) {
		crm_sql_exec(db, "CREATE TEMP TABLE IF NOT EXISTS marked "
			    "(id BIGINT PRIMARY KEY)");
		db->marked = 1;
	}
}

void
crm_db_selection_add(struct crm_db *db, long long id)
{
	struct crm_stmt *st;

	crm_db_selection_table(db);
	st = crm_sql_stmt(db, ST_MARK, "INSERT OR IGNORE INTO temp.marked VALUES (?)");
	crm_st_bind_int64(st, 1, id);
	crm_sql_step(db, st, "mark");
}

/* A read transaction, unless a write one is open: one snapshot, one lock. */
void
crm_db_snapshot_begin(struct crm_db *db)
{
	if (crm_sql_in_tx(db))
		return;
#ifdef CRM_POSTGRES
	if (db->pg) {
		crm_pg_begin(db, 0);
		return;
	}
#endif
	crm_sql_exec(db, "BEGIN");
}

void
crm_db_snapshot_end(struct crm_db *db)
{
	if (!db->in_tx && crm_sql_in_tx(db))
		crm_sql_exec(db, "COMMIT");
}
