/*
 * bonus.c - a loyalty bonus: the rules for redeeming one.  Storage
 * (db-bonus.c, db-sale.c) keeps the ledger and sums it; how much may be
 * redeemed is decided here.
 */
#include <string.h>

#include "crm.h"

int
crm_bonus_statement_next(struct crm_db_iter *it, struct crm_bonus_line *l)
{
	crm_money before = l->balance;

	if (!crm_db_bonus_ledger_next(it, l))
		return 0;
	/* the balance is the sum of the rows that count (db-bonus.c): each
	 * line's is the one before plus its amount */
	l->balance = before + l->amount;
	/* the ledger says reversal; a till and a customer say return */
	if (strcmp(l->kind, "reversal") == 0)
		l->kind = "return";
	return 1;
}

int
crm_bonus_redeem_check(crm_money amount, crm_money balance, int digits,
		       struct crm_err *e)
{
	char a[CRM_MONEY_BUFSZ], b[CRM_MONEY_BUFSZ];

	if (amount <= 0)
		return crm_err_set(e, CRM_EX_USAGE,
				   "the amount to redeem must be positive");
	/* the balance never goes below zero */
	if (amount > balance)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "cannot redeem %s: the balance is %s",
				   crm_money_format(amount, digits, a),
				   crm_money_format(balance, digits, b));
	return 0;
}

int
crm_bonus_redeem(struct crm_db *db, long long customer, crm_money amount,
		 crm_day day, int digits, struct crm_err *e)
{
	crm_money balance = crm_db_bonus_balance(db, customer, INT32_MAX);

	if (crm_bonus_redeem_check(amount, balance, digits, e) < 0)
		return -1;
	crm_db_bonus_redemption_add(db, customer, amount, day);
	return 0;
}
