/*
 * crm.h - the public interface of libcrm, shared by every crm command.
 *
 * Conventions: functions are crm_<object>_<verb>(object, ...).  A function
 * that returns a pointer into an object's storage says "borrowed": the
 * pointer lives until the next call on that object.  Parsers return 0 on
 * success and -1 on failure with a static explanation in *why.
 * Fatal errors go through crm_die(), which prints one line and exits with
 * a sysexits status; an open write transaction is then never committed, so
 * dying is always safe for the database.
 */
#ifndef CRM_H
#define CRM_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <getopt.h>

#define CRM_VERSION "0.1.0"

/* ---- exit statuses (sysexits) ---------------------------------------- */
enum {
	CRM_EX_OK = 0,
	CRM_EX_USAGE = 64,
	CRM_EX_DATAERR = 65,
	CRM_EX_NOINPUT = 66,
	CRM_EX_UNAVAILABLE = 69,
	CRM_EX_SOFTWARE = 70,
	CRM_EX_CANTCREAT = 73,
	CRM_EX_IOERR = 74,
	CRM_EX_TEMPFAIL = 75,
	CRM_EX_CONFIG = 78
};

/* ---- err.c: messages -------------------------------------------------- */
void crm_set_progname(char **argv);
const char *crm_progname(void);
/* "prog: message" on stderr */
void crm_warn(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
/* "prog: line N: message" on stderr */
void crm_warn_line(long line, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
_Noreturn void crm_die(int status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
_Noreturn void crm_die_line(int status, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* allocation that dies on failure */
void *crm_xmalloc(size_t n);
void *crm_xrealloc(void *p, size_t n);
char *crm_xstrdup(const char *s);
/* qsort that takes an empty array without a pointer (qsort's must be
 * valid even then) */
void crm_sort(void *base, size_t n, size_t size,
	      int (*cmp)(const void *, const void *));
/* the same without qsort's copy of the array (glibc's merge sort takes
 * one as large): for the arrays of a customer each */
void crm_sort_in_place(void *base, size_t n, size_t size,
		       int (*cmp)(const void *, const void *));
/* hash.c: FNV-1a of a string, for the hash sets of bulk input */
unsigned crm_hash(const char *s);
/* Flush and close stdout; a write error (a full disk) exits 74. */
void crm_close_stdout(void);

/* An error carried to the caller: status and a one-line message. */
struct crm_err {
	int status;
	char msg[512];
};
int crm_err_set(struct crm_err *e, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- money.c: integer minor units ------------------------------------ */
typedef int64_t crm_money;
#define CRM_MONEY_MAX 100000000000000000LL /* 1e17 minor units */
int crm_money_parse(const char *s, int digits, crm_money *out,
		    const char **why);
/* buf needs CRM_MONEY_BUFSZ bytes */
#define CRM_MONEY_BUFSZ 32
char *crm_money_format(crm_money v, int digits, char *buf);
/* percentages as hundredths of a percent (5.25% = 525), 0..100% */
int crm_percent_parse(const char *s, int *out, const char **why);
char *crm_percent_format(int hundredths, char *buf); /* "5.0", "0.25" */
/* |a| * num / den, the magnitude rounded half up (never negative); 0 when
 * den <= 0.  Computed in 128 bits: |a| and num up to CRM_MONEY_MAX do not
 * overflow.  The part of a sale's bonus a return gives back is
 * crm_money_proportion(returned, sale_bonus, sale_amount). */
crm_money crm_money_proportion(crm_money a, crm_money num, crm_money den);
/* the bonus on an amount at hundredths of a percent (SPEC "Prices and
 * bonus"): |amount| * hundredths / 10000 rounded half up to the minor
 * unit, as a magnitude: a return's reversal is subtracted by the caller */
crm_money crm_money_bonus(crm_money amount, int hundredths);
/* strict integers: whole string, no sign unless allowed, range checked */
int crm_int_parse(const char *s, long long min, long long max,
		  long long *out, const char **why);

/* ---- date.c: days since 1970-01-01 ----------------------------------- */
typedef int32_t crm_day;
/* "no date": not a day crm accepts (year 1 is day -719162), so that
 * every date, 1970-01-01 (day 0) among them, works as a date */
#define CRM_NO_DAY INT32_MIN
#define CRM_DATE_BUFSZ 32
int crm_date_parse(const char *s, crm_day *out, const char **why);
char *crm_date_format(crm_day d, char *buf); /* YYYY-MM-DD */
crm_day crm_day_from_ymd(int y, int m, int d);
void crm_day_to_ymd(crm_day day, int *y, int *m, int *d);
int crm_day_weekday(crm_day day); /* 1 = Monday .. 7 = Sunday */
void crm_day_isoweek(crm_day day, int *year, int *week);
/* Today, or $CRM_TODAY when set (for reproducible runs); dies if bad. */
crm_day crm_today(void);

enum crm_period {
	CRM_PERIOD_DAY,
	CRM_PERIOD_WEEK,
	CRM_PERIOD_MONTH,
	CRM_PERIOD_QUARTER,
	CRM_PERIOD_YEAR,
	CRM_PERIOD_ALL
};
int crm_period_parse(const char *s, enum crm_period *out);
/* first day of the period containing day */
crm_day crm_period_start(enum crm_period p, crm_day day);
/* first day of the next period */
crm_day crm_period_next(enum crm_period p, crm_day start);
#define CRM_PERIOD_BUFSZ 32
char *crm_period_key(enum crm_period p, crm_day day, char *buf);

/* ---- tsv.c: the shared tab-separated format -------------------------- */
struct crm_tsv; /* a reader */
struct crm_tsv *crm_tsv_open(FILE *fp);
void crm_tsv_close(struct crm_tsv *t);
/* Read the next record; returns the number of fields, 0 at end of input.
 * Fields are decoded in place and borrowed until the next read.  A
 * byte-order mark opening the input is skipped; a field that is not
 * text (crm_text_check) dies 65 with the line number. */
int crm_tsv_read(struct crm_tsv *t);
int crm_tsv_nfields(const struct crm_tsv *t);
/* the field, or NULL when absent (empty or beyond the record's end) */
const char *crm_tsv_field(const struct crm_tsv *t, int i);
long crm_tsv_line(const struct crm_tsv *t); /* physical line of the record */
/*
 * Map a header record onto known column names: map[k] becomes the input
 * field index of known[k], or -1.  An unknown or repeated column sets e
 * (status 65) and returns -1.  Messages then name the column; known[]
 * must outlive the reader.
 */
int crm_tsv_map_header(const struct crm_tsv *t, const char *const *known,
		       int nknown, int *map, struct crm_err *e);
/* write s with TAB, LF, CR and backslash escaped */
void crm_tsv_put_escaped(FILE *fp, const char *s);

/* ---- out.c: rows as TSV, CSV or JSON Lines --------------------------- */
enum crm_format { CRM_FORMAT_TSV, CRM_FORMAT_CSV, CRM_FORMAT_JSON };
int crm_format_parse(const char *s, enum crm_format *out);

struct crm_out {
	FILE *fp;
	enum crm_format format;
	const char *const *cols; /* borrowed */
	int ncols;
	int col; /* next column in the current row */
};
void crm_out_begin(struct crm_out *o, FILE *fp, enum crm_format format,
		   int header, const char *const *cols, int ncols);
void crm_out_str(struct crm_out *o, const char *s); /* NULL: absent */
void crm_out_int(struct crm_out *o, long long v);
void crm_out_money(struct crm_out *o, crm_money v, int digits);
/* a number already formatted as text (JSON prints it unquoted) */
void crm_out_num(struct crm_out *o, const char *text);
void crm_out_null(struct crm_out *o);
void crm_out_end_row(struct crm_out *o);

/* ---- glob.c: shell patterns without regard to case ------------------- */
/* 1 when text matches pattern as a whole: "*" any characters, "?" one,
 * "[...]" one of a set ("!" or "^" first negates, a-z a range); letters
 * of ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic match either
 * case; UTF-8 is taken a character at a time */
int crm_glob_match(const char *pattern, const char *text);

/* ---- text.c: the text crm accepts (SPEC.md "Text in") ----------------- */
/* the length of the valid UTF-8 sequence of 2 to 4 bytes at p, or 0 */
int crm_utf8_seq(const unsigned char *p);
/* 0 when s is valid UTF-8 without control characters other than TAB,
 * LF and CR (C0, DEL, C1); else -1 with e set (65) saying what and at
 * which byte */
int crm_text_check(const char *s, struct crm_err *e);
/* s as a JSON string, quotes included: " and \ escaped, control
 * characters as \n \r \t \b \f or \u00xx, DEL as \u007f, every byte that
 * starts no valid UTF-8 sequence as \ufffd; the rest as it is.  The one
 * JSON string writer: crm-ls --format json and crm-report --format json */
void crm_json_put_string(FILE *fp, const char *s);
/* s with every byte that starts no valid UTF-8 sequence replaced by
 * U+FFFD, as a new string; NULL when s is valid UTF-8 as it is */
char *crm_utf8_repair(const char *s);
/* A text option argument of a command that writes: returns arg (NULL
 * passes), or dies 65 naming the option. */
const char *crm_opt_text(const char *opt, const char *arg);
/* s without the spaces and tabs around it: its first byte in *start and
 * its length (0 for an empty or blank s) */
size_t crm_trim_span(const char *s, const char **start);
/* 1 when s is empty or only spaces and tabs */
int crm_blank(const char *s);
/* A text that grows as it is written, always NUL-terminated once
 * written to; s is the caller's to free.  Start from {NULL, 0, 0}. */
struct crm_strbuf {
	char *s;
	size_t len, cap;
};
void crm_strbuf_put(struct crm_strbuf *b, const char *s, size_t n);
void crm_strbuf_puts(struct crm_strbuf *b, const char *s);
void crm_strbuf_putc(struct crm_strbuf *b, char c);
/* The columns code point cp takes on a terminal, whatever the locale:
 * 2 for East Asian wide and fullwidth, 0 for combining marks (a compact
 * table of the common ones, Indic vowel signs and viramas included),
 * else 1. */
int crm_char_width(unsigned long cp);
/* The columns UTF-8 text s takes: the sum of its characters' widths; a
 * byte that starts no valid sequence counts 1. */
int crm_display_width(const char *s);

/* ---- window.c: the dates a report covers, and its shares ------------- */
struct crm_window {
	crm_day from, to;   /* inclusive */
	enum crm_period period;
	int has_period, has_from, has_to;
};
/* Options --period, --from, --to (call from the getopt loop);
 * returns 1 when c was one of them. */
enum { CRM_OPT_PERIOD = 1100, CRM_OPT_FROM, CRM_OPT_TO };
/* their entries for a command's option table (struct crm_optdef) */
#define CRM_OPTDEF_PERIOD                                                   \
	{"period", 1, CRM_OPT_PERIOD, "PERIOD",                             \
	 "a row per day, week, month, quarter, year or all"}
#define CRM_OPTDEF_FROM                                                     \
	{"from", 1, CRM_OPT_FROM, "DATE", "first day (YYYY-MM-DD)"}
#define CRM_OPTDEF_TO {"to", 1, CRM_OPT_TO, "DATE", "last day (YYYY-MM-DD)"}
#define CRM_OPTDEFS_WINDOW CRM_OPTDEF_PERIOD, CRM_OPTDEF_FROM, CRM_OPTDEF_TO
int crm_window_option(struct crm_window *w, int c, const char *arg);
/*
 * Settle the window: --to defaults to (and is capped at) as_of; --from
 * to `first` (the first purchase), or with calendar set and --period
 * given, to the start of the period containing as_of.
 */
void crm_window_resolve(struct crm_window *w, crm_day as_of, crm_day first,
			int calendar);
/* The starts of w's periods, the first at w->from (allocated, the
 * caller frees *starts); returns how many. */
int crm_window_periods(const struct crm_window *w, crm_day **starts);
/* which of n periods, by their ascending starts, holds day */
int crm_period_index(const crm_day *starts, int n, crm_day day);
/* part / total as a percentage with one decimal ("78.4"), 0.0 when
 * total is 0; rounded half away from zero */
char *crm_share_format(long long part, long long total, char *buf);
/* the same share in tenths of a percent (784), 0 when total is 0 */
long long crm_share_tenths(long long part, long long total);
/* tenths of a percent as crm_share_format writes them ("78.4", "-0.5") */
char *crm_tenths_format(long long tenths, char *buf);
/* a / b rounded half away from zero (b != 0) */
long long crm_div_round(long long a, long long b);


/* ---- yamlout.c: YAML documents (crm-show) ----------------------------- */
struct crm_yaml;
struct crm_yaml *crm_yaml_open(FILE *fp);
void crm_yaml_close(struct crm_yaml *y);
void crm_yaml_doc_begin(struct crm_yaml *y);
void crm_yaml_doc_end(struct crm_yaml *y);
void crm_yaml_map_begin(struct crm_yaml *y);
void crm_yaml_map_end(struct crm_yaml *y);
void crm_yaml_seq_begin(struct crm_yaml *y);
void crm_yaml_seq_end(struct crm_yaml *y);
void crm_yaml_empty_seq(struct crm_yaml *y); /* [] */
void crm_yaml_str(struct crm_yaml *y, const char *s); /* NULL: null */
void crm_yaml_plain(struct crm_yaml *y, const char *s); /* number, bool */
void crm_yaml_key(struct crm_yaml *y, const char *k);
void crm_yaml_kv_str(struct crm_yaml *y, const char *k, const char *v);
void crm_yaml_kv_plain(struct crm_yaml *y, const char *k, const char *v);
void crm_yaml_kv_int(struct crm_yaml *y, const char *k, long long v);

/* ---- config.c --------------------------------------------------------- */
struct crm_catdef {
	char *name;
	char *description; /* NULL: not given */
	int discount;      /* hundredths of a percent; -1: not given */
	int bonus;         /* hundredths of a percent; -1: not given */
	int prepay;        /* 0, 1; -1: not given */
};
struct crm_catdefs {
	struct crm_catdef *v;
	size_t n;
};
void crm_catdefs_release(struct crm_catdefs *c);
/* Parse a YAML file holding a `categories:` mapping (--load). */
int crm_catdefs_load(struct crm_catdefs *c, const char *path,
		     struct crm_err *e);

/* An RFM segment: a name and a pattern over the three score digits,
 * each position a digit, `?` or a class such as [45]. */
struct crm_segment {
	char *name;
	char *pattern;
};
struct crm_segments {
	struct crm_segment *v;
	size_t n;
};
/* 0 when pattern is well formed; the code (e.g. "451") matches? */
int crm_segment_pattern_ok(const char *pattern);
int crm_segment_match(const char *pattern, const char *code);
/* the built-in map: champions, loyal, promising, needs-attention,
 * at-risk, hibernating, lost */
const struct crm_segments *crm_segments_default(void);

/* The spellings allowed for a customer field (config sources:, reasons:);
 * set: the key was given, so a value not in v[] is unlisted even when the
 * list is empty. */
struct crm_wordlist {
	char **v;
	size_t n;
	int set;
};
/* The listed spelling of s, ignoring the case of ASCII letters, or NULL. */
const char *crm_wordlist_find(const struct crm_wordlist *l, const char *s);

struct crm_config {
	char *path;     /* the file read, or NULL */
	char *database; /* NULL: not set */
	char currency[8]; /* "": none (no label printed) */
	int minor_digits;
	/* given in the file: must agree with the database's, once it is open
	 * (crm_db_currency) */
	int currency_set, digits_set;
	char *default_category;
	int default_category_set; /* named by the file, not the default */
	int lapsed_days;
	int top_percent;
	int busy_timeout; /* ms */
	struct crm_catdefs categories;
	struct crm_segments segments; /* n == 0: the built-in map */
	char *report_sections; /* "sales,top,...", NULL: all */
	char country_code[4]; /* "49"; "": none (phones compared as written) */
	struct crm_wordlist sources, reasons;
	int unlisted_warn; /* unlisted: warn (default refuse) */
	/* crm-report --mail; NULL: not set (no line break in any) */
	char *mail_from;    /* the From: header; NULL: sendmail's */
	char *mail_to;      /* "a, b": the recipients without --to */
	char *mail_subject; /* before the date; NULL: "crm report" */
};
/*
 * Load the config: explicit path (must exist), else $CRM_CONFIG (must
 * exist), else $XDG_CONFIG_HOME/crm/config.yaml (may be missing).
 * Dies with 78 on a malformed file.
 */
void crm_config_load(struct crm_config *c, const char *explicit_path);
void crm_config_release(struct crm_config *c);

/* ---- progress.c -------------------------------------------------------- */
struct crm_progress {
	int on;
	long long done, total; /* total 0: unknown */
	double start, last;
	const char *what;
};
void crm_progress_init(struct crm_progress *p, int on, const char *what,
		       long long total);
void crm_progress_tick(struct crm_progress *p, long long done);
void crm_progress_end(struct crm_progress *p);

/* ---- customers: columns shared by crm-add, crm-ls, crm-edit ---------- */
enum crm_col {
	CRM_COL_ID,
	CRM_COL_NAME,
	CRM_COL_EMAIL,
	CRM_COL_PHONE,
	CRM_COL_CARD,
	CRM_COL_CATEGORY,
	CRM_COL_SOURCE,
	CRM_COL_REASON,
	CRM_COL_REFERRED_BY,
	CRM_COL_STATUS,
	CRM_COL_CREATED,
	CRM_COL_NOTE,
	CRM_NCOLS
};
extern const char *const crm_customer_cols[CRM_NCOLS];
int crm_col_lookup(const char *name); /* -1 when unknown */

/* A customer's fields as text, borrowed from the caller; v[k] == NULL
 * means absent.  `given` has bit k set when column k was supplied. */
struct crm_fields {
	const char *v[CRM_NCOLS];
	unsigned given;
};

/* text.c: crm_opt_text() for each customer field in f given by an
 * option; the longopts entry with val first + k sets column k */
void crm_opt_fields_text(const struct option *longopts, int first,
			 const struct crm_fields *f);

enum crm_key { CRM_KEY_ID, CRM_KEY_CARD, CRM_KEY_EMAIL };
int crm_key_parse(const char *s, enum crm_key *out);

/* ---- db.c: the database (every SQL statement lives in db*.c) ---------- */
struct crm_db;
/*
 * READ opens the file read-only and never changes it; WRITE also
 * upgrades an older schema; CREATE (crm-init only) also makes the file
 * and its schema when they are not there.
 */
enum crm_db_mode { CRM_DB_READ, CRM_DB_WRITE, CRM_DB_CREATE };
/*
 * Open the database at the path chosen from explicit, $CRM_DB, the
 * config, the XDG default.  Dies with 65 (not a crm database, or a
 * version it cannot use), 66 (no database but for CREATE), 73, 75 as
 * SPEC.md says.
 */
struct crm_db *crm_db_open(const char *explicit_path,
			   const struct crm_config *cfg, enum crm_db_mode mode);
void crm_db_close(struct crm_db *db);
/* after a commit: copy every committed change into the database file
 * itself and empty its write-ahead log, so that the file alone is a
 * whole database and later processes do not read through the log;
 * readers in the way leave it to the next writer (never an error) */
void crm_db_checkpoint(struct crm_db *db);
const char *crm_db_path(const struct crm_db *db); /* borrowed */
/* Overwrite with '*' every password written in a database's name
 * (db-pg-sql.c): --db's argument, so that no process listing shows it.
 * Returns 1 when there was one. */
int crm_pg_hide_password(char *path);
/* the configuration the database was opened with (borrowed) */
const struct crm_config *crm_db_config(const struct crm_db *db);
int crm_db_schema_version(struct crm_db *db);
#define CRM_SCHEMA_VERSION 7
void crm_db_begin(struct crm_db *db); /* BEGIN IMMEDIATE, waits if busy */
/*
 * Before crm_db_begin(): the transaction that follows is one large import
 * of sales, each of which the caller has checked against what is stored
 * (its customer, its sale, its ref) in that same transaction.  Storage may
 * then skip checks of its own that would repeat them; what an import
 * (crm_db_import_new) defers is written by crm_db_import_write().
 */
void crm_db_import_start(struct crm_db *db);
/* A scan of many rows is over: storage may give back what it cached for
 * it before the caller builds large arrays of its own. */
void crm_db_scan_done(struct crm_db *db);
void crm_db_commit(struct crm_db *db);
/*
 * A report reads in one snapshot, and many small statements share one
 * lock instead of taking one each: crm_db_snapshot_begin() before,
 * crm_db_snapshot_end() after (a read transaction, unless one is open).
 */
void crm_db_snapshot_begin(struct crm_db *db);
void crm_db_snapshot_end(struct crm_db *db);

/*
 * db-money.c: the currency of the database, stored by crm-init (code and
 * minor digits), copied into cfg; a config that set either to something
 * else dies with 78 naming both.
 */
void crm_db_currency(struct crm_db *db, struct crm_config *cfg);
/*
 * The bound of the running totals of |amount| and of |cost| over all
 * purchases: a sale past it is refused (65), so that every sum,
 * difference and comparison of money in a report is exact in 64 bits.
 */
#define CRM_MONEY_TOTAL_MAX (INT64_MAX / 4)
void crm_db_rollback(struct crm_db *db);
/* Consistent copy into path, then integrity check; 0 or sets e.  A
 * PostgreSQL database is copied row by row into a new SQLite file. */
int crm_db_backup(struct crm_db *db, const char *path, struct crm_err *e);
/*
 * db-copy.c: every row of crm's tables from from (one snapshot) into to
 * (one transaction), the two of either backend; 0, or -1 and e set, 65
 * when to already holds crm data (nothing written).
 */
int crm_db_copy(struct crm_db *from, struct crm_db *to, struct crm_err *e);
/* db copied into the PostgreSQL database target, whose schema is made as
 * crm-init makes it; 0, or -1 and e set (64: target is not PostgreSQL) */
int crm_db_backup_to(struct crm_db *db, const char *target,
		     struct crm_err *e);

/* categories (db-category.c) */
struct crm_category {
	long long id;
	const char *name; /* borrowed */
	const char *description;
	int discount, bonus, prepay;
	long long customers;
	int deleted;
};
/* A category called name exists; with_deleted, or existed (a report
 * as of a past day may name one deleted since) (db-asof.c). */
int crm_db_category_known(struct crm_db *db, const char *name,
			  int with_deleted);
/* Customer id existed on as_of: created, or bought, by then (db-asof.c). */
int crm_db_customer_existed(struct crm_db *db, long long id, crm_day as_of);
/* id of the live category called name, or 0 */
long long crm_db_category_id(struct crm_db *db, const char *name);
/* Store category d as new (id 0) or as category id's new terms; fields
 * of d left at -1/NULL are kept.  -1 with e set when the schema refuses
 * the terms (category.c checks them first). */
int crm_db_category_store(struct crm_db *db, long long id,
			  const struct crm_catdef *d, struct crm_err *e);
void crm_db_category_set_name(struct crm_db *db, long long id,
			      const char *name);
/* The number of customers in category cat now. */
long long crm_db_category_customers(struct crm_db *db, long long cat);
/* Its customers' ids, in order: call until it returns 0. */
struct crm_db_iter;
struct crm_db_iter *crm_db_category_customer_ids(struct crm_db *db,
						 long long cat);
int crm_db_category_customer_ids_next(struct crm_db_iter *it, long long *id);
/* The category is gone; its row stays for the history. */
void crm_db_category_set_deleted(struct crm_db *db, long long id);

/* a category: the rules (category.c) */
/* Create or change a category; fields of d left at -1/NULL are kept;
 * with only_create an existing one is left alone. */
int crm_category_define(struct crm_db *db, const struct crm_catdef *d,
			int only_create, struct crm_err *e);
/* crm-init: the config's categories that do not exist yet; a database
 * without categories and a config without any gets the four a shop
 * starts with (regular, vip, problem, employee). */
int crm_category_seed(struct crm_db *db, const struct crm_config *cfg,
		      struct crm_err *e);
int crm_category_rename(struct crm_db *db, const char *from, const char *to,
			struct crm_err *e);
/* Delete; with reassign, move its customers there first (as batch); a
 * category that holds customers is not deleted without. */
int crm_category_delete(struct crm_db *db, const char *name,
			const char *reassign, struct crm_err *e);
/* The rules alone: a name is not empty and has no control character;
 * discount and bonus are at most 100 %, prepay 0 or 1 (-1: kept). */
int crm_category_check_name(const char *name, struct crm_err *e);
int crm_category_check_terms(const struct crm_catdef *d, struct crm_err *e);
/* Iterate categories ordered by name: call until it returns 0. */
struct crm_db_iter *crm_db_categories(struct crm_db *db, int with_deleted);
int crm_db_categories_next(struct crm_db_iter *it, struct crm_category *c);
void crm_db_iter_free(struct crm_db_iter *it);
long long crm_db_category_count(struct crm_db *db);
/* has any category been defined, deleted ones included */
int crm_db_category_any(struct crm_db *db);

/* customers (db-customer.c) */
/* Resolve a key to a customer id; 0 when none. */
long long crm_db_customer_find(struct crm_db *db, enum crm_key key,
			       const char *value);
/* crm-init: remember the category cfg's default_category names as the
 * database's default (a setting row, by id: a rename keeps it), unless
 * one is remembered already */
void crm_db_default_category_mark(struct crm_db *db,
				  const struct crm_config *cfg);
/* The live category crm_db_default_category_mark() remembered, or 0. */
long long crm_db_default_category_marked(struct crm_db *db);
/* The largest customer id, 0 when there is none. */
long long crm_db_customer_max_id(struct crm_db *db);
long long crm_db_customer_count(struct crm_db *db);
/* The customer who referred id, 0 when none (or no such customer). */
long long crm_db_customer_referrer(struct crm_db *db, long long id);
/* A customer as customer.c hands it to storage: the text fields, keys
 * trimmed (for a write NULL keeps a column, '' clears it), and the
 * numbers and dates read from them. */
struct crm_customer_rec {
	struct crm_fields f;
	long long id, category, referred_by;
	crm_day created;
	int has_id, has_referrer, has_created;
};
/* What a refused write clashed with; CRM_DB_CLASH_OTHER comes with e set
 * in storage's own words. */
enum crm_db_clash {
	CRM_DB_CLASH_OTHER,
	CRM_DB_CLASH_ID,
	CRM_DB_CLASH_CARD,
	CRM_DB_CLASH_EMAIL,
	CRM_DB_CLASH_SELF /* referred_by = id */
};
/* Store a new customer r (id, category, status and created decided);
 * 0, or -1 with *clash (and e when CRM_DB_CLASH_OTHER) and nothing
 * written. */
int crm_db_customer_insert(struct crm_db *db, const struct crm_customer_rec *r,
			   enum crm_db_clash *clash, struct crm_err *e);
/* Write the given text columns of customer id (not its category); 1 when
 * something changed, 0 when nothing did, -1 as crm_db_customer_insert. */
int crm_db_customer_write(struct crm_db *db, long long id,
			  const struct crm_customer_rec *r,
			  enum crm_db_clash *clash, struct crm_err *e);

/* a customer: the rules of adding and changing one (customer.c) */
/*
 * Add a customer from text fields, checked here: name, dates, numbers,
 * category, referrer, unique card/e-mail, source and reason against the
 * config's sources: and reasons: lists (stored in the listed spelling);
 * without an id it gets the largest plus one, without a category the
 * default one.  Returns its id, or 0 with e set (65, 66) and nothing
 * written.  On success e->msg is empty, or with unlisted: warn a warning
 * for the caller to give (e->status 0).
 */
long long crm_customer_add(struct crm_db *db, const struct crm_fields *f,
			   const struct crm_config *cfg, struct crm_err *e);
/* With crm-add --update: the id of the customer whose id, else card,
 * else e-mail matches, or 0. */
long long crm_customer_match(struct crm_db *db, const struct crm_fields *f);
/*
 * Change the given fields of customer id (an empty value clears), checked
 * as crm_customer_add does; a category change is recorded in batch.
 * Returns 1 when something changed, 0 when nothing did, -1 with e set;
 * e->msg holds a warning on success as with crm_customer_add.
 */
int crm_customer_update(struct crm_db *db, long long id,
			const struct crm_fields *f,
			const struct crm_config *cfg, long long *batch,
			const char *note, struct crm_err *e);
/* the rules alone, for the tests: an e-mail address is plausible; the
 * id after max (65 when max is the largest possible) */
int crm_customer_check_email(const char *s, struct crm_err *e);
int crm_customer_next_id(long long max, long long *id, struct crm_err *e);

/* Listing customers (crm-ls) */
struct crm_filter {
	const char *category, *status, *name_pattern;
	/* source and reason match ignoring the case of ASCII letters */
	const char *source, *reason;
	crm_day created_from, created_to; /* when has_created_from, _to */
	int has_created_from, has_created_to;
	long long referred_by;
	crm_day as_of;
	int has_as_of;
	int only_selection; /* limit to the selection (crm_db_selection_add) */
};
struct crm_db_iter *crm_db_customers(struct crm_db *db,
				     const struct crm_filter *f);
/* f->v[] borrowed until the next call; returns 0 at the end */
int crm_db_customers_next(struct crm_db_iter *it, struct crm_fields *f);
/* The selection: the customers named as `-` operands, for the listings'
 * only_selection; it lasts as long as the connection. */
void crm_db_selection_add(struct crm_db *db, long long id);

/* Category history and batches (db-history.c) */
long long crm_db_batch_new(struct crm_db *db, const char *command,
			   const char *note);
/* Store a move of customer id from old (0: none) to cat dated day, as
 * part of batch: its category and a history row (db-history.c). */
void crm_db_customer_set_category(struct crm_db *db, long long id,
				  long long old, long long cat, crm_day day,
				  long long batch);
/* The customer's purchases dated from or later take category cat. */
void crm_db_purchases_set_category(struct crm_db *db, long long id,
				   long long cat, crm_day from);
/* The customer's category id now (0: none or no such customer). */
long long crm_db_customer_category(struct crm_db *db, long long id);
/* The day of the customer's latest category change, 0 when none. */
crm_day crm_db_customer_last_move(struct crm_db *db, long long id);
struct crm_history {
	long long batch;
	crm_day day;
	long long id;
	const char *old, *new_, *note; /* borrowed */
};
struct crm_db_iter *crm_db_history(struct crm_db *db, long long customer);
int crm_db_history_next(struct crm_db_iter *it, struct crm_history *h);
/* Whether batch exists (0: no) and the batch that undid it (0: none). */
int crm_db_batch_undone_by(struct crm_db *db, long long batch,
			   long long *undone_by);
/* The changes of a batch, by customer, with what undoing them needs to
 * know. */
struct crm_batch_change {
	long long customer, old, new_; /* old 0: the first category */
	long long now;                 /* the customer's category now */
	int old_deleted;               /* old has been deleted since */
	int later; /* a later batch that stands (neither undone nor an
		    * undo) moved the customer again */
};
struct crm_db_iter *crm_db_batch_changes(struct crm_db *db, long long batch);
int crm_db_batch_changes_next(struct crm_db_iter *it,
			      struct crm_batch_change *c);
/* Store that undo undid batch. */
void crm_db_batch_undone(struct crm_db *db, long long batch, long long undo);

/* a category move: the rules (move.c) */
/*
 * Move customer id into category cat (id), recording the change in batch
 * (made on first use when *batch == 0).  Returns 1 if moved, 0 if it was
 * already there.
 */
int crm_move_customer(struct crm_db *db, long long id, long long cat,
		      long long *batch, const char *command, const char *note);
/*
 * The same, dated day (0: today): the change is recorded on that day and
 * the customer's purchases dated day or later take category cat.  A move
 * dated before the customer's latest one is refused: -1 with e set (65).
 */
int crm_move_customer_on(struct crm_db *db, long long id, long long cat,
			 crm_day day, long long *batch, const char *command,
			 const char *note, struct crm_err *e);
/* That refusal alone, for a caller that must know before it writes. */
int crm_move_dated_check(struct crm_db *db, long long id, long long cat,
			 crm_day day, struct crm_err *e);
/* Undo batch: every customer back where it was, as a new batch; returns
 * its id, or 0 with e set when the batch is unknown (66), undone already
 * or a customer has moved since (65). */
long long crm_move_batch_undo(struct crm_db *db, long long batch,
			      long long *moved, struct crm_err *e);
/* The rule alone: -1 with e set when change c of batch cannot be undone. */
int crm_move_undo_blocked(long long batch, const struct crm_batch_change *c,
			  struct crm_err *e);

/* One customer's profile data (crm-show) */
struct crm_profile {
	struct crm_fields f;
	const char *lost_reason;
	crm_day lost_date;
	const char *cat_description;
	int cat_discount, cat_bonus, cat_prepay;
	const char *referrer_name;
};
/* Returns 0 when id does not exist; fields borrowed until the next call. */
/* Category and status are those of as_of (INT32_MAX: today's). */
int crm_db_profile(struct crm_db *db, long long id, crm_day as_of,
		   struct crm_profile *p);

/* Purchases */
struct crm_sale {
	long long customer;
	crm_day day;
	crm_money amount; /* negative: a return */
	crm_money cost;
	int has_cost;
	const char *ref, *item, *returns_ref; /* borrowed, NULL: absent */
	const char *staff; /* borrowed, who served; blank: none (crm-staff.h) */
	int unpaid;
};
enum crm_sale_result { CRM_SALE_ERROR = -1, CRM_SALE_SKIPPED, CRM_SALE_ADDED };
/*
 * The state of one bulk import of sales (a transaction's worth): storage
 * makes it and may keep in it what it defers or caches for the import
 * (waiting rows, its customers' terms, the refs seen); the bulk path owns
 * it.  Calls that take one accept NULL: no import, nothing deferred.
 * crm_db_import_write() writes what waits, before the commit; a rollback
 * without it writes nothing.  An import lives inside one transaction.
 */
struct crm_import;
struct crm_import *crm_db_import_new(struct crm_db *db);
void crm_db_import_write(struct crm_db *db, struct crm_import *imp);
void crm_db_import_free(struct crm_import *imp);
/* The refs passed from now (on) are distinct from each other, until the
 * next call; refs above those recorded before then need no look-up
 * (db-refs.c). */
void crm_db_refs_distinct(struct crm_db *db, struct crm_import *imp, int on);

/*
 * sale.c: record one purchase or return with its bonus accrual or
 * reversal, in the open transaction, under the rules of SPEC.md.  A ref
 * recorded before this run is skipped; one recorded earlier in this run
 * is an error.  warn (may be empty) says when a reversal was cut to the
 * balance.  imp: the bulk import, or NULL.
 */
enum crm_sale_result crm_sale_record(struct crm_db *db, struct crm_import *imp,
				     const struct crm_sale *s, char *warn,
				     size_t warnsz, struct crm_err *e);

/* A sale on credit paid on day (crm-sale --pay): 0, or -1 and e. */
int crm_sale_pay(struct crm_db *db, const char *ref, crm_day day,
		 struct crm_err *e);

/* What a sale's rules need to know of its customer, on the sale's date. */
struct crm_buyer {
	long long category; /* on the sale's date */
	int has_card, lost, prepay;
	int bonus; /* the category's percent (hundredths), on the date */
	crm_day lost_day;
	char prepay_category[128]; /* the current category's name when prepay */
};
/* The stored (or waiting) sale a return names, and what was given back
 * of it so far. */
struct crm_sold {
	long long id, customer;
	crm_money amount, returned;
	crm_day day;
};
/*
 * The rules, without storage (sale.c): each 0 or sets e and returns -1.
 * A line on credit: not a return, not for a category that must prepay.
 */
int crm_sale_check_credit(const struct crm_sale *s, const struct crm_buyer *b,
			  struct crm_err *e);
/* Paying the sale with ref (found: there is one): a purchase, not yet
 * paid. */
int crm_sale_check_pay(const char *ref, int found, crm_money amount, int paid,
		       struct crm_err *e);
/* A return of sold (NULL: no sale has its ref): that sale, of this
 * customer, not before it, not beyond what is left of it. */
int crm_sale_check_return(const struct crm_sale *s, const struct crm_sold *sold,
			  struct crm_err *e);
/* A ref already taken by a sale of this run (an error) or of an earlier
 * one (skipped). */
enum crm_sale_result crm_sale_ref_taken(const char *ref, int this_run,
					struct crm_err *e);
/* The bonus a card holder's purchase earns (0: none, or not a purchase). */
crm_money crm_sale_accrual(const struct crm_sale *s, const struct crm_buyer *b);
/* What a card holder's return takes back (a magnitude): its part of the
 * sale's accrual sale_bonus, or with no sale named the category's percent;
 * cut to balance, saying so in warn (digits: of the currency). */
crm_money crm_sale_reversal(const struct crm_sale *s, const struct crm_buyer *b,
			    const struct crm_sold *sold, crm_money sale_bonus,
			    crm_money balance, int digits, char *warn,
			    size_t warnsz);
/* A purchase on or after a lost customer's lost day wins them back. */
int crm_sale_wins_back(const struct crm_sale *s, const struct crm_buyer *b);

/*
 * Storage of sales (db-sale.c, db-buyer.c, db-refs.c): facts and writes,
 * no rules.  imp: the bulk import, or NULL.
 */
/* 0: no customer with that id */
int crm_db_buyer(struct crm_db *db, struct crm_import *imp, long long id,
		 crm_day day, struct crm_buyer *b);
/* The sale with this ref, stored or waiting, or 0; *this_run: recorded
 * in this process's run of sales. */
long long crm_db_ref_taken(struct crm_db *db, struct crm_import *imp,
			   const char *ref, int *this_run);
/* 0: no sale has this ref */
int crm_db_sold(struct crm_db *db, struct crm_import *imp, const char *ref,
		struct crm_sold *sold);
/* the bonus accrued on sale id */
crm_money crm_db_sale_accrual(struct crm_db *db, long long id);
/* Store s in category, returning what sold names (0: none): its id, or 0
 * and e when storage cannot hold it (CRM_MONEY_TOTAL_MAX). */
long long crm_db_purchase_write(struct crm_db *db, struct crm_import *imp,
				const struct crm_sale *s, long long category,
				long long returns, struct crm_err *e);
enum crm_bonus_kind { CRM_BONUS_ACCRUAL, CRM_BONUS_REVERSAL };
/* a row of the bonus ledger; sale 0: none */
void crm_db_bonus_write(struct crm_db *db, long long customer, crm_day day,
			enum crm_bonus_kind kind, crm_money amount,
			long long sale);
/* status active again from day, logged with reason */
void crm_db_customer_set_active(struct crm_db *db, struct crm_import *imp,
				long long id, crm_day day, const char *reason);
/* The sale with ref: 0 when none, else 1 with its id, amount and
 * whether it is paid. */
int crm_db_sale_payment(struct crm_db *db, const char *ref, long long *id,
			crm_money *amount, int *paid);
void crm_db_sale_set_paid(struct crm_db *db, long long id, crm_day day);

/*
 * Bulk sales (sale-batch.c): lines are queued and recorded a batch at a
 * time in customer order, which changes no answer (see the file).  Its
 * messages come out in line order; without keep_going the first bad line
 * ends the program.  Strings are copied; p may be a disabled progress.
 * The batch owns the import; crm_sale_batch_end() records the rest and
 * writes what waits, before the commit.
 */
struct crm_sale_batch;
struct crm_sale_batch *crm_sale_batch_new(struct crm_db *db, int keep_going,
					  struct crm_progress *p);
void crm_sale_batch_add(struct crm_sale_batch *b, long line,
			const struct crm_sale *s, const char *reason);
/* a line that did not parse, reported in its place among the others */
void crm_sale_batch_reject(struct crm_sale_batch *b, long line,
			   const struct crm_err *e);
void crm_sale_batch_flush(struct crm_sale_batch *b); /* record the queue */
void crm_sale_batch_end(struct crm_sale_batch *b);
void crm_sale_batch_counts(const struct crm_sale_batch *b, long long *added,
			   long long *skipped, long long *bad);
void crm_sale_batch_free(struct crm_sale_batch *b);
/* Returns whose bonus the balance could not cover are counted; with
 * verbose each is also reported on its line (crm-sale -v). */
void crm_sale_batch_verbose(struct crm_sale_batch *b, int verbose);
long long crm_sale_batch_short_returns(const struct crm_sale_batch *b);

/* A purchase as reports read it, in (customer, day) order. */
struct crm_sale_row {
	long long customer, category;
	crm_day day;
	crm_money amount, cost;
	int costed; /* the cost is known (cost reads 0 when not) */
};
/*
 * Profit (profit.c), the one rule every report follows: profit = net -
 * cost over the sales whose cost is known; the net of the others is
 * uncosted, never profit.  A return's cost comes back (is subtracted).
 */
struct crm_profit {
	crm_money costed_net, cost, uncosted;
};
void crm_profit_add(struct crm_profit *p, const struct crm_sale_row *r);
crm_money crm_profit_value(const struct crm_profit *p);
/* One sale's contribution to profit: 0 when its cost is unknown. */
crm_money crm_sale_profit(const struct crm_sale_row *r);
/* the cost one sale carries: a purchase its cost, a return its cost's
 * magnitude subtracted (0 when the cost is not known, as it reads 0) */
crm_money crm_sale_cost(const struct crm_sale_row *r);
/* the part of one sale's net that is uncosted: all of it without a cost */
crm_money crm_sale_uncosted(const struct crm_sale_row *r);
/* Purchases dated from..to, ordered by customer then day; only the
 * customers in the selection when only_selection. */
struct crm_db_iter *crm_db_sales(struct crm_db *db, crm_day from, crm_day to,
				 int only_selection);
int crm_db_sales_next(struct crm_db_iter *it, struct crm_sale_row *r);
crm_day crm_db_first_sale_day(struct crm_db *db); /* CRM_NO_DAY: none */
/* Every customer's net (purchases - returns) up to as_of, by id: the
 * customers with a purchase or a return only. */
struct crm_db_iter *crm_db_nets(struct crm_db *db, crm_day as_of);
int crm_db_nets_next(struct crm_db_iter *it, long long *id, crm_money *net);
/* One customer's purchases up to as_of, by day. */
struct crm_db_iter *crm_db_customer_sales(struct crm_db *db, long long id,
					  crm_day as_of);

/* Customers with the attributes reports group by, in id order. */
struct crm_cust_row {
	long long id, category;
	const char *name, *category_name, *source, *reason, *card; /* borrowed */
	crm_day created;
	crm_day start; /* the earlier of created and the first purchase */
	int lost;      /* status lost ... */
	crm_day lost_day; /* ... since this day (CRM_NO_DAY: unknown) */
	const char *lost_reason; /* borrowed */
};
/* with_start: fill start (a look-up per customer created after the
 * first purchase of all); else start = created.  Only the customers who
 * existed on as_of, with the category and status they had then. */
struct crm_db_iter *crm_db_customer_rows(struct crm_db *db, int with_start,
					 int only_selection, crm_day as_of);
int crm_db_customer_rows_next(struct crm_db_iter *it, struct crm_cust_row *r);
/* The rows of customers ids[0..n-1] (ascending, no repeats) that existed
 * on as_of, in id order: fn(index into ids, row), strings borrowed for
 * the call.  Start is created (as with_start 0). */
void crm_db_customer_rows_of(struct crm_db *db, const long long *ids,
			     size_t n, crm_day as_of,
			     void (*fn)(size_t i, const struct crm_cust_row *r,
					void *arg),
			     void *arg);
/* One customer's row; 0 when missing.  Strings borrowed until next call. */
int crm_db_customer_row(struct crm_db *db, long long id, crm_day as_of,
			struct crm_cust_row *r);

/* Count customers per category on each of days[0..n-1] (ascending), as
 * the category history says, among customers who existed by then:
 * fn(index of the day, category id, count), in no particular order. */
void crm_db_category_members(struct crm_db *db, const crm_day *days, int n,
			     void (*fn)(int p, long long cat, long long n,
					void *arg),
			     void *arg);

/* Customers with a purchase (not a return) dated from..to counted for a
 * category they are not in on day: fn(category id, count). */
void crm_db_category_strays(struct crm_db *db, crm_day from, crm_day to,
			    crm_day day, void (*fn)(long long cat, long long n, void *arg),
			    void *arg);
/*
 * Every customer's category on day (see crm(7), "Categories over time"),
 * in id order, and whether the customer existed by then (created, or a
 * purchase, on or before day).  The one place that rule lives.
 */
struct crm_db_iter *crm_db_category_asof(struct crm_db *db, crm_day day);
int crm_db_category_asof_next(struct crm_db_iter *it, long long *id,
			      long long *cat, int *exists);

/* Open credit, ordered by date then customer id. */
struct crm_unpaid {
	long long id;
	const char *name, *ref; /* borrowed */
	crm_day day;
	crm_money amount;
};
/* past: as_of is before today, so sales paid since count as open */
struct crm_db_iter *crm_db_unpaid(struct crm_db *db, crm_day as_of, int past);
int crm_db_unpaid_next(struct crm_db_iter *it, struct crm_unpaid *u);

/* The loyalty ledger (db-bonus.c) */
struct crm_bonus {
	long long id;
	const char *card, *name, *category; /* borrowed */
	int percent;  /* the category's bonus, hundredths of a percent */
	int discount; /* the category's discount, likewise */
	int prepay;   /* the category's customers must prepay */
	crm_money balance;
};
/* A customer's card row as of a day, by card or by id; 0 when none.  The
 * strings are borrowed until the next call. */
int crm_db_bonus_card(struct crm_db *db, const char *card, crm_day as_of,
		      struct crm_bonus *b);
int crm_db_bonus_customer(struct crm_db *db, long long id, crm_day as_of,
			  struct crm_bonus *b);
/* A line of a card's statement: a row of the ledger and the balance after
 * it.  kind: "accrual", "return" or "redemption". */
struct crm_bonus_line {
	crm_day day;
	const char *kind, *ref; /* borrowed; ref NULL: none */
	crm_money amount, balance;
};
/* The ledger rows that make the customer's balance as of as_of, in date
 * order (crm_db_bonus_ledger_next fills all but balance); read them with
 * crm_bonus_statement_next (bonus.c), which adds the balance. */
struct crm_db_iter *crm_db_bonus_ledger(struct crm_db *db, long long customer,
					crm_day as_of);
int crm_db_bonus_ledger_next(struct crm_db_iter *it, struct crm_bonus_line *l);
/* The next statement line with the balance after it: start with
 * l->balance = 0 and pass the same l each time.  0 at the end. */
int crm_bonus_statement_next(struct crm_db_iter *it, struct crm_bonus_line *l);
struct crm_db_iter *crm_db_bonus_list(struct crm_db *db, crm_day as_of);
int crm_db_bonus_next(struct crm_db_iter *it, struct crm_bonus *b);
/* Store a redemption of amount (> 0) on day in the ledger. */
void crm_db_bonus_redemption_add(struct crm_db *db, long long customer,
				 crm_money amount, crm_day day);
/* Redeem amount of the customer's bonus on day (bonus.c): 0, or -1 with
 * e set: 64 not positive, 65 more than the balance (digits: the money's
 * minor digits, for the message). */
int crm_bonus_redeem(struct crm_db *db, long long customer, crm_money amount,
		     crm_day day, int digits, struct crm_err *e);
/* The rule alone: amount may be redeemed from balance. */
int crm_bonus_redeem_check(crm_money amount, crm_money balance, int digits,
			   struct crm_err *e);
crm_money crm_db_bonus_balance(struct crm_db *db, long long customer,
			       crm_day as_of);
crm_money crm_db_open_credit(struct crm_db *db, long long customer,
			     crm_day as_of);

/* Habits (db-habits.c) */
/* Purchases with their item, by customer then day (amount >= 0 only). */
struct crm_item_row {
	long long customer;
	crm_day day;
	crm_money amount;
	const char *item; /* borrowed; NULL: none */
};
struct crm_db_iter *crm_db_item_sales(struct crm_db *db, crm_day from,
				      crm_day to, int only_selection);
int crm_db_item_sales_next(struct crm_db_iter *it, struct crm_item_row *r);
/* Buyers of the items, by customer then item: purchases of it and the
 * last day, from the item index. */
struct crm_item_buyer {
	long long customer;
	const char *name, *item; /* borrowed */
	long long purchases;
	crm_day last;
};
/* the buyers of the items that match one of the patterns
 * (crm_glob_match: any case, * ? [...]) */
struct crm_db_iter *crm_db_item_buyers(struct crm_db *db,
				       char *const *patterns, int npatterns,
				       crm_day from, crm_day to);
int crm_db_item_buyers_next(struct crm_db_iter *it, struct crm_item_buyer *b);
/* Every purchase with an item, by item then customer (--by item). */
struct crm_db_iter *crm_db_items(struct crm_db *db, crm_day from, crm_day to);

/* One customer's purchases with items, for their habits (habits.c). */
struct crm_db_iter *crm_db_customer_items(struct crm_db *db, long long id,
					  crm_day as_of);

/* ---- ids.c: customers from operands or stdin -------------------------- */
/*
 * Call fn for each customer named by the operands, or, with none and
 * stdin not a terminal, by stdin (SPEC.md "Header detection on stdin").
 * Unknown customers die with 66 (with the line number on stdin).
 * Returns the number of customers visited.
 */
typedef void (*crm_id_fn)(long long id, void *arg);
long long crm_each_id(struct crm_db *db, enum crm_key key, int argc,
		      char **argv, crm_id_fn fn, void *arg);
/*
 * A report's operands after its options: none, or `-`, which limits the
 * report to the customers read from stdin (a report never reads stdin
 * otherwise, so cron's empty stdin cannot empty it).  Returns 1 for `-`;
 * anything else is a usage error.
 */
int crm_report_operand(int argc, char **argv, int first,
		       void (*usage)(int status));
/* `-`: add the customers named on stdin to the selection */
void crm_mark_stdin(struct crm_db *db);
/* `-`: call fn for each customer named on stdin */
void crm_each_stdin(struct crm_db *db, crm_id_fn fn, void *arg);

/* ---- opts.c: options every command shares ----------------------------- */
struct crm_opts {
	const char *db;
	char db_copy[4096]; /* --db when its password was hidden in argv */
	const char *config;
	int header;
	enum crm_format format;
	int dry_run;
	int quiet;
	int progress; /* -1 auto, 0 off, 1 on */
	enum crm_key key;
	crm_day as_of;
	int has_as_of;
};
enum {
	CRM_OPT_DB = 1000,
	CRM_OPT_CONFIG,
	CRM_OPT_FORMAT,
	CRM_OPT_PROGRESS,
	CRM_OPT_VERSION,
	CRM_OPT_KEY,
	CRM_OPT_AS_OF,
	CRM_OPT_FIRST_LOCAL /* commands number their own options from here */
};
/*
 * A command declares its options once, in a table ending with {0}: the
 * arguments of getopt_long (crm_getopt_init) and the usage text
 * (crm_usage) come from it, and the docs test reads it through --help.
 * val is what getopt_long returns: a letter is also the short option
 * (-q), a CRM_OPT_* or command-local number (>= CRM_OPT_DB) is long only.
 */
struct crm_optdef {
	const char *name; /* without the leading -- */
	int has_arg;      /* 1: a required value */
	int val;
	const char *arg;  /* the value's name in the usage ("FILE"), or NULL */
	const char *help; /* one short line */
};
/* the entries of the shared options, to be placed in each table */
#define CRM_OPTDEFS_BASE                                                    \
	{"db", 1, CRM_OPT_DB, "FILE", "the database file"},                 \
	{"config", 1, CRM_OPT_CONFIG, "FILE", "the configuration file"},    \
	{"quiet", 0, 'q', NULL, "print no progress and no counts"},         \
	{"progress", 0, CRM_OPT_PROGRESS, NULL,                             \
	 "show progress on standard error"},                                \
	{"help", 0, 'h', NULL, "print this help and exit"},                 \
	{"version", 0, CRM_OPT_VERSION, NULL, "print the version and exit"}
#define CRM_OPTDEF_NO_HEADER                                                \
	{"no-header", 0, 'H', NULL, "omit the header line"}
#define CRM_OPTDEF_FORMAT                                                   \
	{"format", 1, CRM_OPT_FORMAT, "tsv|csv|json", "the output format"}
#define CRM_OPTDEF_AS_OF                                                    \
	{"as-of", 1, CRM_OPT_AS_OF, "DATE", "answer as of a date (YYYY-MM-DD)"}
#define CRM_OPTDEFS_REPORT                                                  \
	CRM_OPTDEF_NO_HEADER, CRM_OPTDEF_FORMAT, CRM_OPTDEF_AS_OF
#define CRM_OPTDEFS_WRITE                                                   \
	{"dry-run", 0, 'n', NULL, "check everything, write nothing"}
#define CRM_OPTDEFS_KEY                                                     \
	{"key", 1, CRM_OPT_KEY, "id|card|email", "what the operands name"}
/* the customer fields crm-add and crm-edit take alike; field + CRM_COL_X
 * is the option of column X */
#define CRM_OPTDEFS_CUSTOMER_MORE(field)                                    \
	{"source", 1, (field) + CRM_COL_SOURCE, "S",                        \
	 "where the customer came from"},                                   \
	{"reason", 1, (field) + CRM_COL_REASON, "R",                        \
	 "why the customer chose us"},                                      \
	{"referred-by", 1, (field) + CRM_COL_REFERRED_BY, "ID",             \
	 "the customer who referred them"},                                 \
	{"created", 1, (field) + CRM_COL_CREATED, "DATE",                   \
	 "date of registration (YYYY-MM-DD)"},                              \
	{"note", 1, (field) + CRM_COL_NOTE, "TEXT", "free-text note"}

/* optable.c: getopt_long's long options and short option string, built
 * from a table into the caller's struct (no allocation) */
enum { CRM_OPTS_MAX = 48 };
struct crm_getopt {
	struct option longopts[CRM_OPTS_MAX + 1];
	char shortopts[2 * CRM_OPTS_MAX + 1];
};
void crm_getopt_init(struct crm_getopt *g, const struct crm_optdef *defs);
/*
 * Print the usage and exit: the forms of the synopsis (each a command
 * line such as "crm-ls [--as-of DATE] [-]", wrapped at 79 columns; the
 * array ends with NULL), then "options:" and a line per table entry,
 * "  -q, --quiet  help" or "      --db FILE  help".  Status 0 prints to
 * stdout and exits 0 (74 if stdout fails), else to stderr with status.
 */
_Noreturn void crm_usage(int status, const char *const *synopsis,
			 const struct crm_optdef *defs);

void crm_opts_init(struct crm_opts *o);
/*
 * Let negative numbers be operands (`crm-sale 7 -12.50`): returns a new
 * argv (owned by the caller, entries borrowed) where they follow a `--`,
 * keeping the order of operands; *argc is updated.
 */
char **crm_opts_negatives(int *argc, char **argv,
			  const struct option *longopts);
/* Handle a shared option; returns 1 if c was one, 0 otherwise.
 * usage() is the command's usage printer (exits). */
int crm_opts_handle(struct crm_opts *o, int c, const char *arg,
		    void (*usage)(int status));
/* Strict parsers for option arguments: die 64 naming the option. */
crm_day crm_opt_date(const char *opt, const char *arg);
long long crm_opt_int(const char *opt, const char *arg, long long min,
		      long long max);
/* Report progress? (auto: stderr is a terminal and not -q) */
int crm_opts_progress(const struct crm_opts *o);
/* print "prog (crm) VERSION" and exit 0 */
_Noreturn void crm_version(void);

/* A command's working state: options, config and database. */
struct crm_ctx {
	struct crm_opts o;
	struct crm_config cfg;
	struct crm_db *db;
};
void crm_ctx_open(struct crm_ctx *c, enum crm_db_mode mode);
void crm_ctx_close(struct crm_ctx *c);
/*
 * End a writer's transaction: standard output is flushed first, and a
 * failed write (EPIPE, ENOSPC) dies with 74 before the commit, so that
 * a status other than 0 always means nothing was written.  With
 * --dry-run the transaction is rolled back instead.  Whatever the
 * command prints must be printed before this.
 */
void crm_ctx_commit(struct crm_ctx *c);
crm_day crm_ctx_as_of(const struct crm_ctx *c);

/* ---- stats.c: one customer's purchases summed, streamed by customer --- */
struct crm_cust_stats {
	long long id;
	long long purchases;  /* sales with amount >= 0 */
	crm_day first, last;  /* first and last purchase day (CRM_NO_DAY: none) */
	crm_money revenue, returns, cost, net;
	/* purchase days (amount >= 0, one a day, zero amounts included),
	 * ascending, and the money of each: borrowed until the next call */
	const crm_day *days;
	const crm_money *day_totals;
	size_t ndays;
	long long gap;    /* the usual gap in half days (crm_usual_gap), -1: none */
	crm_money repeat; /* the revenue of the purchase days after the first */
};
struct crm_stats;
struct crm_stats *crm_stats_open(struct crm_db *db, crm_day from, crm_day to,
				 int only_selection);
/* the same for one customer, up to as_of (crm-show) */
struct crm_stats *crm_stats_open_customer(struct crm_db *db, long long id,
					  crm_day as_of);
/* the next customer with purchases or returns in the window; 0 at end */
int crm_stats_next(struct crm_stats *s, struct crm_cust_stats *c);
void crm_stats_close(struct crm_stats *s);

/* ---- model.c: BG/NBD and Gamma-Gamma, fitted by maximum likelihood ---- */
/* One group of customers with the same history (time in weeks). */
struct crm_bgnbd_obs {
	int x;          /* repeat purchase days */
	double tx, T;   /* weeks from the first purchase to the last, to the end */
	double n;       /* customers with this history */
};
struct crm_bgnbd {
	double r, alpha, a, b, ll;
};
struct crm_gg_obs {
	int x;     /* repeat purchase days */
	double m;  /* their mean spend, in currency units */
	double n;
};
struct crm_gg {
	double p, q, v, ll;
};
double crm_bgnbd_ll(const struct crm_bgnbd *m, const struct crm_bgnbd_obs *o,
		    size_t n);
double crm_gg_ll(const struct crm_gg *m, const struct crm_gg_obs *o, size_t n);
/* 0, or -1 with e (65) when the data cannot support a fit */
int crm_bgnbd_fit(const struct crm_bgnbd_obs *o, size_t n,
		  struct crm_bgnbd *out, struct crm_err *e);
int crm_gg_fit(const struct crm_gg_obs *o, size_t n, struct crm_gg *out,
	       struct crm_err *e);
double crm_bgnbd_p_alive(const struct crm_bgnbd *m, int x, double tx,
			 double T);
/* expected purchases in the next t weeks */
double crm_bgnbd_expected(const struct crm_bgnbd *m, double t, int x,
			  double tx, double T);
double crm_gg_expected_spend(const struct crm_gg *m, int x, double mean);

/* ---- fit.c: the models fitted on a database's purchases ----------------- */
/* A customer's model inputs: x, t_x and T in weeks, mean repeat spend in
 * currency units (0 when x = 0). */
struct crm_model_in {
	int x;
	double tx, T, m;
};
void crm_model_inputs(const struct crm_cust_stats *c, crm_day as_of,
		      int digits, struct crm_model_in *in);
struct crm_fit {
	struct crm_bgnbd bg;
	struct crm_gg gg;
	int has_gg;
};
/* Fit BG/NBD (and with want_gg Gamma-Gamma) on every customer's
 * purchases up to as_of; 0, or -1 with e (65) when the data cannot. */
int crm_fit_models(struct crm_db *db, crm_day as_of, int digits, int want_gg,
		   struct crm_fit *f, struct crm_err *e);
/* --params: `model param value` rows */
void crm_fit_print(const struct crm_fit *f, struct crm_out *o);

/* ---- rfm.c: recency, frequency, monetary scores by quintile ------------ */
struct crm_rfm_row { /* 32 bytes: a million of them stay small */
	long long id;
	crm_money monetary; /* net value in the window */
	int recency;        /* days from the last purchase to the window's end */
	int frequency;      /* purchase days in the window */
	char code[4];       /* r, f, m scores as digits: "543" */
	int segment;        /* index into the map */
};
struct crm_rfm {
	struct crm_rfm_row *v; /* by id */
	size_t n;
	const struct crm_segments *map; /* borrowed */
};
/* Score every customer who bought in from..to; the map names segments. */
void crm_rfm_compute(struct crm_db *db, crm_day from, crm_day to,
		     const struct crm_segments *map, struct crm_rfm *out);

const struct crm_rfm_row *crm_rfm_find(const struct crm_rfm *r, long long id);
void crm_rfm_release(struct crm_rfm *r);
/* the config's map, or the built-in one */
const struct crm_segments *crm_config_segments(const struct crm_config *c);

/* ---- habits.c: when and what one customer buys -------------------------- */
extern const char *const crm_weekday_names[7]; /* Mon..Sun */
struct crm_tally {
	char *item; /* owned */
	long long n;
};
/* A customer's purchases summed (reused from customer to customer). */
struct crm_basket {
	long long id;
	long long days; /* purchase days */
	crm_money total;
	long long weekday[7], month[12];
	crm_day *dayv;
	size_t ndays, capdays;
	struct crm_tally *t;
	size_t nt, capt;
	long long *gaps; /* scratch for the usual gap */
	char *items;     /* the top items joined with "; " */
	size_t capitems;
};
struct crm_habit {
	crm_money mean_basket;
	long long usual_gap;   /* half days (crm_usual_gap), -1: none */
	const char *weekday;   /* Mon..Sun, the most purchase days */
	char month[16];        /* 01..12 */
	const char *top_items; /* NULL: none; borrowed from the basket */
};
void crm_basket_reset(struct crm_basket *b, long long id);
void crm_basket_add(struct crm_basket *b, const struct crm_item_row *r);
void crm_basket_habit(struct crm_basket *b, int items, struct crm_habit *h);
void crm_basket_release(struct crm_basket *b);

/* the rules reports share: value, ranking, lapse, the usual gap */
#include "crm-rules.h"

/*
 * ---- db-sums.c: the sales of a window, summed (crm(7) "Summaries") -----
 *
 * Reports read these instead of every purchase: storage answers from its
 * summaries where they hold exactly the window's sales, and else sums the
 * purchases (always with CRM_NO_SUMMARIES set in the environment).
 */
/* What the caller needs to tell sums apart by. */
enum crm_sums_grain {
	CRM_SUMS_DAY,      /* the day of each sale */
	CRM_SUMS_MONTH,    /* the month (day is a day of it) and the category */
	CRM_SUMS_YEAR,     /* the year (day is a day of it) and the category */
	CRM_SUMS_CUSTOMER, /* only the customer (day and category unset) */
};
/* sales of one customer summed: in a day, a month or the whole window,
 * and the category on their date (0: none) */
struct crm_sale_sum {
	long long customer, category;
	crm_day day;
	struct crm_totals t;
};
struct crm_sums;
/* From..to (the selection when only_selection), in customer order and
 * within a customer in day order; a customer may come in several rows
 * of one day or month. */
struct crm_sums *crm_db_sums(struct crm_db *db, crm_day from, crm_day to,
			     enum crm_sums_grain grain, int only_selection);
int crm_db_sums_next(struct crm_sums *s, struct crm_sale_sum *r);
void crm_db_sums_free(struct crm_sums *s);
/* Every customer with a sale, from their summary when from..to holds
 * every sale (days and day_totals NULL then); NULL when it does not. */
struct crm_db_iter *crm_db_stats_summary(struct crm_db *db, crm_day from,
					 crm_day to, int only_selection);
int crm_db_stats_summary_next(struct crm_db_iter *it, struct crm_cust_stats *c);
/* Each day's totals from..to with a sale, in day order. */
struct crm_db_iter *crm_db_day_sums(struct crm_db *db, crm_day from, crm_day to);
int crm_db_day_sums_next(struct crm_db_iter *it, crm_day *day,
			 struct crm_totals *t);
/* Per period (month or year) and category on the sales' dates, all
 * customers, by period then category: the totals and the buyers (those
 * with a purchase); NULL when the summaries cannot answer. */
struct crm_db_iter *crm_db_group_sums(struct crm_db *db, crm_day from,
				      crm_day to, enum crm_period period);
int crm_db_group_sums_next(struct crm_db_iter *it, crm_day *start,
			   long long *cat, struct crm_totals *t,
			   long long *buyers);
/* the last day with a sale; CRM_NO_DAY: none */
crm_day crm_db_last_sale_day(struct crm_db *db);
/* the first day of day's month */
crm_day crm_month_of(crm_day day);
/* Compute every summary again from the purchases: fn(table, key) for
 * each row that differs; the number of them. */
long long crm_db_summary_check(struct crm_db *db,
			       void (*fn)(const char *what, const char *key,
					  void *arg),
			       void *arg);

/* the nightly report */
#include "crm-report.h"

/* the report as a mail message */
#include "crm-mime.h"

/* relationships: thanks, notes, lost customers, referrals */
#include "crm-notes.h"
#include "crm-referrals.h"
#include "crm-staff.h"

/* files from outside: encodings, CSV, import rules */
#include "crm-input.h"

#endif
