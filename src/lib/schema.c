/* schema.c - the data model and its upgrades, one transaction each run */
#include <string.h>

#include "db-internal.h"
#ifdef CRM_POSTGRES
#include "db-pg.h"
#endif

/*
 * Version 1: the whole data model of SPEC.md.  Dates are day numbers
 * (days since 1970-01-01) and money is integer minor units: both compare,
 * subtract and sum without conversion on reports over millions of rows.
 */
static const char schema_v1[] =
	"CREATE TABLE category ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" description TEXT,"
	" discount INTEGER NOT NULL DEFAULT 0 CHECK (discount BETWEEN 0 AND 10000),"
	" bonus INTEGER NOT NULL DEFAULT 0 CHECK (bonus BETWEEN 0 AND 10000),"
	" prepay INTEGER NOT NULL DEFAULT 0 CHECK (prepay IN (0, 1)),"
	" deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)));"
	"CREATE UNIQUE INDEX category_name ON category(name) WHERE deleted = 0;"
	"CREATE TABLE customer ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL CHECK (name <> ''),"
	" email TEXT COLLATE NOCASE,"
	" phone TEXT,"
	" card TEXT,"
	" category_id INTEGER NOT NULL REFERENCES category(id),"
	" source TEXT,"
	" reason TEXT,"
	" referred_by INTEGER REFERENCES customer(id) CHECK (referred_by <> id),"
	" status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'lost')),"
	" lost_reason TEXT,"
	" lost_day INTEGER,"
	" created INTEGER NOT NULL,"
	" note TEXT);"
	"CREATE UNIQUE INDEX customer_card ON customer(card);"
	"CREATE UNIQUE INDEX customer_email ON customer(email);"
	"CREATE INDEX customer_category ON customer(category_id);"
	"CREATE INDEX customer_referred_by ON customer(referred_by);"
	"CREATE TABLE batch ("
	" id INTEGER PRIMARY KEY,"
	" day INTEGER NOT NULL,"
	" command TEXT NOT NULL,"
	" note TEXT,"
	" undoes INTEGER REFERENCES batch(id),"
	" undone_by INTEGER REFERENCES batch(id));"
	"CREATE TABLE category_change ("
	" id INTEGER PRIMARY KEY,"
	" batch_id INTEGER NOT NULL REFERENCES batch(id),"
	" customer_id INTEGER NOT NULL REFERENCES customer(id),"
	" day INTEGER NOT NULL,"
	" old_id INTEGER REFERENCES category(id),"
	" new_id INTEGER NOT NULL REFERENCES category(id));"
	"CREATE INDEX category_change_customer ON category_change(customer_id, day);"
	"CREATE INDEX category_change_batch ON category_change(batch_id);"
	"CREATE TABLE purchase ("
	" id INTEGER PRIMARY KEY,"
	" customer_id INTEGER NOT NULL REFERENCES customer(id),"
	" day INTEGER NOT NULL,"
	" amount INTEGER NOT NULL,"
	" cost INTEGER,"
	" ref TEXT,"
	" item TEXT,"
	" paid INTEGER NOT NULL DEFAULT 1 CHECK (paid IN (0, 1)),"
	" paid_day INTEGER,"
	" returns_id INTEGER REFERENCES purchase(id),"
	" category_id INTEGER REFERENCES category(id));"
	"CREATE UNIQUE INDEX purchase_ref ON purchase(ref);"
	/* covering: per-customer reports read the index alone, in order */
	"CREATE INDEX purchase_customer ON purchase(customer_id, day, amount, cost, category_id);"
	/* the first purchase of all (min(day)), where every window begins;
	 * dropped by version 4 */
	"CREATE INDEX purchase_day ON purchase(day);"
	"CREATE INDEX purchase_unpaid ON purchase(customer_id) WHERE paid = 0;"
	"CREATE INDEX purchase_returns ON purchase(returns_id) WHERE returns_id IS NOT NULL;"
	"CREATE TABLE bonus ("
	" id INTEGER PRIMARY KEY,"
	" customer_id INTEGER NOT NULL REFERENCES customer(id),"
	" day INTEGER NOT NULL,"
	" kind TEXT NOT NULL CHECK (kind IN ('accrual', 'reversal', 'redemption')),"
	" amount INTEGER NOT NULL,"
	" purchase_id INTEGER REFERENCES purchase(id),"
	" note TEXT);"
	"CREATE INDEX bonus_customer ON bonus(customer_id, amount);"
	"CREATE INDEX bonus_purchase ON bonus(purchase_id) WHERE purchase_id IS NOT NULL;"
	"CREATE TABLE thanks ("
	" id INTEGER PRIMARY KEY,"
	" customer_id INTEGER NOT NULL REFERENCES customer(id),"
	" day INTEGER NOT NULL,"
	" how TEXT NOT NULL,"
	" value INTEGER,"
	" note TEXT);"
	"CREATE INDEX thanks_customer ON thanks(customer_id, day);"
	"CREATE TABLE note ("
	" id INTEGER PRIMARY KEY,"
	" customer_id INTEGER NOT NULL REFERENCES customer(id),"
	" day INTEGER NOT NULL,"
	" kind TEXT NOT NULL CHECK (kind IN ('complaint', 'praise', 'survey', 'call', 'note')),"
	" score INTEGER CHECK (score BETWEEN 1 AND 5),"
	" text TEXT,"
	" resolved_day INTEGER,"
	" purchase_id INTEGER REFERENCES purchase(id));"
	"CREATE INDEX note_customer ON note(customer_id);"
	"CREATE TABLE status_change ("
	" id INTEGER PRIMARY KEY,"
	" customer_id INTEGER NOT NULL REFERENCES customer(id),"
	" day INTEGER NOT NULL,"
	" status TEXT NOT NULL CHECK (status IN ('active', 'lost')),"
	" reason TEXT);"
	"CREATE INDEX status_change_customer ON status_change(customer_id);";

/*
 * Version 2: the bonus ledger becomes append-only in the database itself,
 * and a table of settings remembers state between runs (the last report).
 */
static const char schema_v2[] =
	"CREATE TRIGGER bonus_no_update BEFORE UPDATE ON bonus BEGIN"
	" SELECT RAISE(ABORT, 'the bonus ledger is append-only'); END;"
	"CREATE TRIGGER bonus_no_delete BEFORE DELETE ON bonus BEGIN"
	" SELECT RAISE(ABORT, 'the bonus ledger is append-only'); END;"
	"CREATE TABLE setting (key TEXT PRIMARY KEY, value) WITHOUT ROWID;";

/*
 * Version 3: who bought an item since a day answers from an index
 * (crm-habits --item), which also carries what --by item sums.  Day
 * before customer: a night's sales append to each item's end of the
 * index instead of landing at random places in it.
 */
static const char schema_v3[] =
	"CREATE INDEX purchase_item ON purchase(item, day, customer_id, amount)"
	" WHERE item IS NOT NULL;";

/*
 * Version 4: the first purchase of all is kept in a setting by the sale
 * that changes it, instead of an index on the day of every purchase that
 * each sale paid for (a seventh of a bulk import) and only min(day) read.
 */
static const char schema_v4[] =
	"INSERT INTO setting (key, value)"
	" SELECT 'first_sale_day', min(day) FROM purchase HAVING count(*) > 0;"
	"DROP INDEX purchase_day;";

/*
 * Version 5: the currency (code and minor digits) lives in the database,
 * and so do the running totals of |amount| and |cost| that bound every
 * sum (db-money.c).  Written by crm_db_money_init(), from the config of the
 * crm-init that makes or upgrades the database.
 */
static const char schema_v5[] = "";

/*
 * Version 6: summaries of the purchases that every write keeps current
 * and reports read instead of the purchases (db-summary.c, crm(7)
 * "Summaries"), filled from the purchases by crm_db_summary_build().
 * The totals are those of struct crm_totals: purchases (amount >= 0),
 * their revenue, returns as a positive amount, and profit's parts.
 */
static const char schema_v6[] =
	"CREATE TABLE sum_customer ("
	" customer_id INTEGER PRIMARY KEY REFERENCES customer(id),"
	" first_day INTEGER, last_day INTEGER," /* purchase days */
	" days INTEGER NOT NULL," /* distinct purchase days */
	" purchases INTEGER NOT NULL, revenue INTEGER NOT NULL,"
	" returns INTEGER NOT NULL, costed_net INTEGER NOT NULL,"
	" cost INTEGER NOT NULL, uncosted INTEGER NOT NULL,"
	" costed INTEGER NOT NULL," /* sales with a cost */
	" first_total INTEGER NOT NULL," /* the revenue of the first day */
	" gap INTEGER NOT NULL," /* the usual gap in half days, -1: none */
	" gaps BLOB NOT NULL);" /* (gap, count) pairs: what gap is from */
	"CREATE TABLE sum_month ("
	" month INTEGER NOT NULL," /* its first day */
	" customer_id INTEGER NOT NULL, category_id INTEGER NOT NULL,"
	" purchases INTEGER NOT NULL, revenue INTEGER NOT NULL,"
	" returns INTEGER NOT NULL, costed_net INTEGER NOT NULL,"
	" cost INTEGER NOT NULL, uncosted INTEGER NOT NULL,"
	" costed INTEGER NOT NULL,"
	" PRIMARY KEY (month, customer_id, category_id)) WITHOUT ROWID;"
	"CREATE TABLE sum_year ("
	" year INTEGER NOT NULL," /* its first day */
	" customer_id INTEGER NOT NULL, category_id INTEGER NOT NULL,"
	" purchases INTEGER NOT NULL, revenue INTEGER NOT NULL,"
	" returns INTEGER NOT NULL, costed_net INTEGER NOT NULL,"
	" cost INTEGER NOT NULL, uncosted INTEGER NOT NULL,"
	" costed INTEGER NOT NULL,"
	" PRIMARY KEY (year, customer_id, category_id)) WITHOUT ROWID;"
	/* per month (kind 1) or year (2) and category: the totals, and the
	 * buyers, the customers with a purchase (not only a return) */
	"CREATE TABLE sum_group ("
	" kind INTEGER NOT NULL, start INTEGER NOT NULL,"
	" category_id INTEGER NOT NULL,"
	" purchases INTEGER NOT NULL, revenue INTEGER NOT NULL,"
	" returns INTEGER NOT NULL, costed_net INTEGER NOT NULL,"
	" cost INTEGER NOT NULL, uncosted INTEGER NOT NULL,"
	" costed INTEGER NOT NULL, buyers INTEGER NOT NULL,"
	" PRIMARY KEY (kind, start, category_id)) WITHOUT ROWID;"
	"CREATE TABLE sum_day ("
	" day INTEGER PRIMARY KEY,"
	" purchases INTEGER NOT NULL, revenue INTEGER NOT NULL,"
	" returns INTEGER NOT NULL, costed_net INTEGER NOT NULL,"
	" cost INTEGER NOT NULL, uncosted INTEGER NOT NULL,"
	" costed INTEGER NOT NULL);"
	/* the report's referrals not yet thanked, from the index alone;
	 * only the referred are in it, so a customer nobody referred (most)
	 * costs it nothing and does not land at random in it by created */
	"DROP INDEX customer_referred_by;"
	"CREATE INDEX customer_referred_by ON customer(referred_by, created)"
	" WHERE referred_by IS NOT NULL;";

/*
 * Version 7: who served the customer (issue 15): a sale's and a note's
 * staff member, free text, NULL when none was given.  The summaries need
 * nothing: crm-value --by staff and the report's staff section read the
 * purchases.  The index holds only the sales that name someone, so a shop
 * that records no staff pays nothing for it; the report asks it whether
 * anyone was named in its year and reads the named sales from it alone
 * (the others are the day summaries' totals less those).
 */
static const char schema_v7[] =
	"ALTER TABLE purchase ADD COLUMN staff TEXT;"
	"ALTER TABLE note ADD COLUMN staff TEXT;"
	"CREATE INDEX purchase_staff ON purchase(day, staff, amount)"
	" WHERE staff IS NOT NULL;";

static const char *const migrations[] = {schema_v1, schema_v2, schema_v3,
					 schema_v4, schema_v5, schema_v6,
					 schema_v7};

void
crm_db_migrate(struct crm_db *db)
{
	const int latest = (int)(sizeof migrations / sizeof *migrations);
	int v = crm_db_schema_version(db), from;
	char sql[64];

	if (v == latest)
		return;
#ifdef CRM_POSTGRES
	/* a PostgreSQL database is made at the latest version at once */
	if (db->pg) {
		crm_db_begin(db);
		if (crm_db_schema_version(db) == 0) {
			crm_pg_exec_native(db, crm_pg_schema, "schema");
			crm_db_money_init(db);
			snprintf(sql, sizeof sql,
				 "INSERT INTO crm_schema VALUES (%d)", latest);
			crm_sql_exec(db, sql);
		}
		crm_db_commit(db);
		return;
	}
#endif
	if (v == 0 && crm_sql_int(db, "SELECT count(*) FROM sqlite_master") > 0)
		crm_die(CRM_EX_DATAERR, "'%s' is not a crm database", db->path);
	if (v > latest)
		crm_die(CRM_EX_DATAERR,
			"database '%s' has schema version %d, newer than this "
			"crm knows (%d); upgrade crm",
			db->path, v, latest);
	crm_db_begin(db);
	/* another process may have made or upgraded it while we waited */
	v = crm_db_schema_version(db);
	if (v == 0 && crm_sql_int(db, "SELECT count(*) FROM sqlite_master") > 0)
		crm_die(CRM_EX_DATAERR, "'%s' is not a crm database", db->path);
	for (from = v; v < latest; v++)
		crm_sql_exec(db, migrations[v]);
	if (from < 5)
		crm_db_money_init(db);
	if (from < 6)
		crm_db_summary_build(db);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", latest);
	crm_sql_exec(db, sql);
	_Static_assert(sizeof migrations / sizeof *migrations ==
			       CRM_SCHEMA_VERSION,
		       "CRM_SCHEMA_VERSION names the last migration");
	crm_db_commit(db);
}
