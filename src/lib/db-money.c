/* db-money.c - the database's currency and the bound on its sums */
#include <stdio.h>
#include <string.h>

#include "db-internal.h"

/*
 * The currency is the database's, not the config's: crm-init copies the
 * config's code (none when it names none) and minor digits into the
 * settings, and every later run reads them from there, so that a
 * database read with another config still prints 12.50 as 12.50.
 */
void
crm_db_money_init(struct crm_db *db)
{
	struct crm_stmt *st;

	st = crm_sql_prepare(db, "INSERT OR REPLACE INTO setting (key, value)"
			    " VALUES ('minor_digits', ?)");
	crm_st_bind_int(st, 1, db->cfg->minor_digits);
	crm_sql_step(db, st, "minor digits");
	crm_st_finalize(st);
	crm_sql_exec(db, "DELETE FROM setting WHERE key = 'currency'");
	if (db->cfg->currency[0]) {
		st = crm_sql_prepare(db, "INSERT INTO setting (key, value)"
				    " VALUES ('currency', ?)");
		crm_sql_bind_text(st, 1, db->cfg->currency);
		crm_sql_step(db, st, "currency");
		crm_st_finalize(st);
	}
	/* the totals of what is there: a sum past 64 bits is a database
	 * no report could read (total() is a double: it cannot overflow) */
	if (crm_sql_int(db, "SELECT total(abs(amount)) >= 9.2e18"
		       " OR total(abs(cost)) >= 9.2e18 FROM purchase"))
		crm_die(CRM_EX_DATAERR,
			"database '%s': the amounts or costs recorded add up "
			"past what crm can sum; it cannot be upgraded",
			db->path);
	crm_sql_exec(db, "INSERT OR REPLACE INTO setting (key, value)"
		    " SELECT 'amount_total', coalesce(sum(abs(amount)), 0)"
		    " FROM purchase;"
		    "INSERT OR REPLACE INTO setting (key, value)"
		    " SELECT 'cost_total', coalesce(sum(abs(cost)), 0)"
		    " FROM purchase;");
}

void
crm_db_currency(struct crm_db *db, struct crm_config *cfg)
{
	struct crm_stmt *st = crm_sql_prepare(db, "SELECT key, value FROM setting"
					  " WHERE key IN ('currency',"
					  " 'minor_digits')");
	char code[sizeof cfg->currency] = "";
	int digits = -1;

	while (crm_sql_step(db, st, "currency") == SQLITE_ROW) {
		const char *k = crm_sql_col_text(st, 0);

		if (!strcmp(k, "minor_digits"))
			digits = crm_st_column_int(st, 1);
		else if (crm_sql_col_text(st, 1))
			snprintf(code, sizeof code, "%s", crm_sql_col_text(st, 1));
	}
	crm_st_finalize(st);
	if (digits < 0 || digits > 4)
		crm_die(CRM_EX_DATAERR,
			"database '%s' has no currency minor digits; it is "
			"not a crm database", db->path);
	if (cfg->digits_set && cfg->minor_digits != digits)
		crm_die(CRM_EX_CONFIG,
			"config says minor_digits %d, the database has %d "
			"(set at crm-init)", cfg->minor_digits, digits);
	if (cfg->currency_set && strcmp(cfg->currency, code))
		crm_die(CRM_EX_CONFIG,
			"config says currency %s, the database has %s (set at "
			"crm-init)", cfg->currency, code[0] ? code : "none");
	cfg->minor_digits = digits;
	memcpy(cfg->currency, code, sizeof code);
}

static void
load_totals(struct crm_db *db)
{
	db->amount_total = crm_sql_int(db, "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM"
				      " setting WHERE key = 'amount_total'), 0)");
	db->cost_total = crm_sql_int(db, "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM"
				    " setting WHERE key = 'cost_total'), 0)");
	db->totals_loaded = 1;
	db->totals_dirty = 0;
}

/* |v|; v is an amount, at most CRM_MONEY_MAX either way */
static crm_money
magnitude(crm_money v)
{
	return v < 0 ? -v : v;
}

/*
 * Count s into the totals, or refuse it when either would pass
 * CRM_MONEY_TOTAL_MAX.  Both sides of each test are below 2^62 (a total
 * within the bound, an amount within CRM_MONEY_MAX), so the test itself
 * cannot overflow.
 */
int
crm_db_money_add(struct crm_db *db, const struct crm_sale *s, struct crm_err *e)
{
	crm_money a = magnitude(s->amount), c = s->has_cost ? magnitude(s->cost) : 0;
	char buf[CRM_MONEY_BUFSZ], lim[CRM_MONEY_BUFSZ];
	int digits = db->cfg->minor_digits;

	if (!db->totals_loaded)
		load_totals(db);
	if (a > CRM_MONEY_TOTAL_MAX - db->amount_total ||
	    c > CRM_MONEY_TOTAL_MAX - db->cost_total)
		return crm_err_set(
			e, CRM_EX_DATAERR,
			"%s %s would take the sum of all %s past %s, the most "
			"crm can add up exactly; nothing of it is recorded",
			a > CRM_MONEY_TOTAL_MAX - db->amount_total ? "amount"
								   : "cost",
			crm_money_format(a > CRM_MONEY_TOTAL_MAX - db->amount_total
						 ? s->amount
						 : s->cost,
					 digits, buf),
			a > CRM_MONEY_TOTAL_MAX - db->amount_total
				? "amounts (sales and returns)"
				: "costs",
			crm_money_format(CRM_MONEY_TOTAL_MAX, digits, lim));
	db->amount_total += a;
	db->cost_total += c;
	db->totals_dirty |= a || c;
	return 0;
}

void
crm_db_money_write(struct crm_db *db)
{
	struct crm_stmt *st;

	if (!db->totals_dirty)
		return;
	st = crm_sql_prepare(db, "INSERT OR REPLACE INTO setting (key, value)"
			    " VALUES ('amount_total', ?), ('cost_total', ?)");
	crm_st_bind_int64(st, 1, db->amount_total);
	crm_st_bind_int64(st, 2, db->cost_total);
	crm_sql_step(db, st, "money totals");
	crm_st_finalize(st);
	db->totals_dirty = 0;
}

void
crm_db_money_forget(struct crm_db *db)
{
	db->totals_loaded = 0;
	db->totals_dirty = 0;
}
