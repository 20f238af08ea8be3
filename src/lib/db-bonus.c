/* db-bonus.c - loyalty cards: balances from the append-only ledger */
#include <string.h>

#include "db-internal.h"

/* the category of as_of (db-asof.c) at its current rate: the rates of
 * a category have no history */
#define BONUS_SQL \
	"SELECT c.id, c.card, c.name, k.name, k.bonus," \
	" coalesce((SELECT sum(b.amount) FROM bonus b WHERE " \
	DB_BONUS_LEDGER_ROWS("c.id") \
	"), 0), k.discount, k.prepay" \
	" FROM customer c JOIN category k ON k.id = " DB_ASOF_CATEGORY

static int
bonus_row(struct crm_db *db, struct crm_stmt *st, struct crm_bonus *b)
{
	if (crm_sql_step(db, st, "bonus") != SQLITE_ROW)
		return 0;
	b->id = crm_st_column_int64(st, 0);
	b->card = crm_sql_col_text(st, 1);
	b->name = crm_sql_col_text(st, 2);
	b->category = crm_sql_col_text(st, 3);
	b->percent = crm_st_column_int(st, 4);
	b->balance = crm_st_column_int64(st, 5);
	b->discount = crm_st_column_int(st, 6);
	b->prepay = crm_st_column_int(st, 7);
	return 1;
}

int
crm_db_bonus_card(struct crm_db *db, const char *card, crm_day as_of,
		  struct crm_bonus *b)
{
	struct crm_stmt *st = crm_sql_prepare(db, BONUS_SQL " WHERE c.card = :card");

	crm_st_bind_int(st, 1, as_of);
	crm_db_asof_bind(db, st, as_of);
	crm_sql_bind_key(st, crm_st_bind_parameter_index(st, ":card"), card);
	/* strings live in the statement: park it like a profile */
	crm_db_iter_free(db->profile);
	db->profile = crm_sql_iter_new(db, st);
	return bonus_row(db, st, b);
}

int
crm_db_bonus_customer(struct crm_db *db, long long id, crm_day as_of,
		      struct crm_bonus *b)
{
	/* prepared once: crm-bonus asks for one card after another, as
	 * many as a listing on stdin names; the strings live in the
	 * statement until the next call resets it */
	struct crm_stmt *st = crm_sql_stmt(db, ST_BONUS_CUSTOMER,
					BONUS_SQL " WHERE c.id = :id");

	crm_st_bind_int(st, 1, as_of);
	crm_db_asof_bind(db, st, as_of);
	crm_st_bind_int64(st, crm_st_bind_parameter_index(st, ":id"), id);
	return bonus_row(db, st, b);
}

struct crm_db_iter *
crm_db_bonus_ledger(struct crm_db *db, long long customer, crm_day as_of)
{
	/* the purchase's ref: a sale's for its accrual, a return's own for
	 * its reversal; in date order, a day's rows as they were written */
	struct crm_stmt *st = crm_sql_prepare(db,
		"SELECT b.day, b.kind, p.ref, b.amount FROM bonus b"
		" LEFT JOIN purchase p ON p.id = b.purchase_id WHERE "
		DB_BONUS_LEDGER_ROWS("?2") " ORDER BY b.day, b.id");

	crm_st_bind_int(st, 1, as_of);
	crm_st_bind_int64(st, 2, customer);
	return crm_sql_iter_new(db, st);
}

int
crm_db_bonus_ledger_next(struct crm_db_iter *it, struct crm_bonus_line *l)
{
	struct crm_stmt *st = it->st;

	if (crm_sql_step(it->db, st, "bonus ledger") != SQLITE_ROW)
		return 0;
	l->day = crm_st_column_int(st, 0);
	l->kind = crm_sql_col_text(st, 1);
	l->ref = crm_sql_col_text(st, 2);
	l->amount = crm_st_column_int64(st, 3);
	return 1;
}

struct crm_db_iter *
crm_db_bonus_list(struct crm_db *db, crm_day as_of)
{
	struct crm_stmt *st = crm_sql_prepare(db, BONUS_SQL
		" WHERE c.card IS NOT NULL AND " DB_ASOF_EXISTS " ORDER BY c.id");

	crm_st_bind_int(st, 1, as_of);
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
	struct crm_stmt *st;

	st = crm_sql_prepare(db, "INSERT INTO bonus (customer_id, day, kind, amount)"
			    " VALUES (?, ?, 'redemption', ?)");
	crm_st_bind_int64(st, 1, customer);
	crm_st_bind_int(st, 2, day);
	crm_st_bind_int64(st, 3, -amount);
	crm_sql_step(db, st, "redeem");
	crm_st_finalize(st);
}
