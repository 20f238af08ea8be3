/* db-bonus.c - loyalty cards: balances from the append-only ledger */
#include <string.h>

#include "db-internal.h"

/* the category of as_of (db-asof.c) at its current rate: the rates of
 * a category have no history */
static const char bonus_sql[] =
	"SELECT c.id, c.card, c.name, k.name, k.bonus,"
	" coalesce((SELECT sum(b.amount) FROM bonus b"
	"  WHERE b.customer_id = c.id AND b.day <= ?1), 0)"
	" FROM customer c JOIN category k ON k.id = " DB_ASOF_CATEGORY;

static int
bonus_row(struct crm_db *db, sqlite3_stmt *st, struct crm_bonus *b)
{
	if (crm_sql_step(db, st, "bonus") != SQLITE_ROW)
		return 0;
	b->id = sqlite3_column_int64(st, 0);
	b->card = crm_sql_col_text(st, 1);
	b->name = crm_sql_col_text(st, 2);
	b->category = crm_sql_col_text(st, 3);
	b->percent = sqlite3_column_int(st, 4);
	b->balance = sqlite3_column_int64(st, 5);
	return 1;
}

int
crm_db_bonus_card(struct crm_db *db, const char *card, crm_day as_of,
		  struct crm_bonus *b)
{
	char sql[2048];
	sqlite3_stmt *st;

	snprintf(sql, sizeof sql, "%s WHERE c.card = :card", bonus_sql);
	st = crm_sql_prepare(db, sql);
	sqlite3_bind_int(st, 1, as_of);
	crm_db_asof_bind(db, st, as_of);
	crm_sql_bind_key(st, sqlite3_bind_parameter_index(st, ":card"), card);
	/* strings live in the statement: park it like a profile */
	crm_db_iter_free(db->profile);
	db->profile = crm_sql_iter_new(db, st);
	return bonus_row(db, st, b);
}

struct crm_db_iter *
crm_db_bonus_list(struct crm_db *db, crm_day as_of)
{
	char sql[2048];
	sqlite3_stmt *st;

	snprintf(sql, sizeof sql, "%s WHERE c.card IS NOT NULL AND %s"
		 " ORDER BY c.id", bonus_sql, DB_ASOF_EXISTS);
	st = crm_sql_prepare(db, sql);
	sqlite3_bind_int(st, 1, as_of);
	crm_db_asof_bind(db, st, as_of);
	return crm_sql_iter_new(db, st);
}

int
crm_db_bonus_next(struct crm_db_iter *it, struct crm_bonus *b)
{
	return bonus_row(it->db, it->st, b);
}

void
crm_db_bonus_redemption_add(struct crm_db *db, long long customer,
			    crm_money amount, crm_day day)
{
	sqlite3_stmt *st;

	st = crm_sql_prepare(db, "INSERT INTO bonus (customer_id, day, kind, amount)"
			    " VALUES (?, ?, 'redemption', ?)");
	sqlite3_bind_int64(st, 1, customer);
	sqlite3_bind_int(st, 2, day);
	sqlite3_bind_int64(st, 3, -amount);
	crm_sql_step(db, st, "redeem");
	sqlite3_finalize(st);
}
