/*
 * sale.c - what a sale is: the rules that refuse a line, the bonus it
 * earns or takes back, the customer it wins back (SPEC.md "Purchases",
 * "Prices and bonus", "Lost customers").
 *
 * The rules decide from facts that storage answers (the buyer's terms on
 * the sale's date, the sale a return names, whether the ref is taken)
 * and then ask storage to write rows; they know no backend, and the
 * crm_sale_check_* and bonus functions need no database at all.  The
 * order of the checks is the order of the messages a line can get, and
 * is part of the contract: a bad line reports its first fault.
 */
#include <stdio.h>

#include "crm.h"

int
crm_sale_check_credit(const struct crm_sale *s, const struct crm_buyer *b,
		      struct crm_err *e)
{
	if (!s->unpaid)
		return 0;
	if (s->amount < 0)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "a return (a negative amount) cannot be "
				   "on credit");
	if (b->prepay)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "customer %lld is in category '%s', which "
				   "must prepay: no sale on credit",
				   s->customer, b->prepay_category);
	return 0;
}

int
crm_sale_check_return(const struct crm_sale *s, const struct crm_sold *sold,
		      struct crm_err *e)
{
	char d[CRM_DATE_BUFSZ];

	if (s->amount >= 0)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "a return needs a negative amount");
	if (!sold)
		return crm_err_set(e, CRM_EX_NOINPUT,
				   "returned sale '%s' does not exist",
				   s->returns_ref);
	if (sold->customer != s->customer)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "sale '%s' belongs to customer %lld",
				   s->returns_ref, sold->customer);
	if (s->day < sold->day)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "the return is dated before sale '%s' (%s)",
				   s->returns_ref,
				   crm_date_format(sold->day, d));
	if (-s->amount > sold->amount - sold->returned)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "the return is larger than what is left of "
				   "sale '%s'", s->returns_ref);
	return 0;
}

enum crm_sale_result
crm_sale_ref_taken(const char *ref, int this_run, struct crm_err *e)
{
	/* an earlier run recorded it: the same export read again */
	if (!this_run)
		return CRM_SALE_SKIPPED;
	crm_err_set(e, CRM_EX_DATAERR, "ref '%s' appears twice in the input",
		    ref);
	return CRM_SALE_ERROR;
}

crm_money
crm_sale_accrual(const struct crm_sale *s, const struct crm_buyer *b)
{
	if (!b->has_card || s->amount <= 0 || b->bonus <= 0)
		return 0;
	return crm_money_bonus(s->amount, b->bonus);
}

crm_money
crm_sale_reversal(const struct crm_sale *s, const struct crm_buyer *b,
		  const struct crm_sold *sold, crm_money sale_bonus,
		  crm_money balance, int digits, char *warn, size_t warnsz)
{
	char want[CRM_MONEY_BUFSZ], have[CRM_MONEY_BUFSZ];
	crm_money pts;

	if (!b->has_card || s->amount >= 0)
		return 0;
	/* a return of a named sale gives back its share of that sale's
	 * accrual, whatever the percent is today */
	pts = sold ? crm_money_proportion(s->amount, sale_bonus, sold->amount)
		   : crm_money_bonus(s->amount, b->bonus);
	if (pts <= balance)
		return pts;
	snprintf(warn, warnsz, "customer %lld's balance covers only %s of %s",
		 s->customer,
		 crm_money_format(balance > 0 ? balance : 0, digits, have),
		 crm_money_format(pts, digits, want));
	return balance > 0 ? balance : 0;
}

int
crm_sale_wins_back(const struct crm_sale *s, const struct crm_buyer *b)
{
	return b->lost && s->amount >= 0 && s->day >= b->lost_day;
}

int
crm_sale_check_pay(const char *ref, int found, crm_money amount, int paid,
		   struct crm_err *e)
{
	if (!found)
		return crm_err_set(e, CRM_EX_NOINPUT,
				   "sale '%s' does not exist", ref);
	if (amount < 0)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "sale '%s' is a return: there is nothing "
				   "to pay", ref);
	if (paid)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "sale '%s' is already paid", ref);
	return 0;
}

int
crm_sale_pay(struct crm_db *db, const char *ref, crm_day day,
	     struct crm_err *e)
{
	long long id = 0;
	crm_money amount = 0;
	int paid = 0;
	int found = crm_db_sale_payment(db, ref, &id, &amount, &paid);

	if (crm_sale_check_pay(ref, found, amount, paid, e) < 0)
		return -1;
	crm_db_sale_set_paid(db, id, day);
	return 0;
}

/* A return that names its sale, checked against that sale (read only for
 * a negative amount: a positive one is refused before any look-up). */
static int
check_return(struct crm_db *db, struct crm_import *imp,
	     const struct crm_sale *s, struct crm_sold *sold, struct crm_err *e)
{
	int found = s->amount < 0 && crm_db_sold(db, imp, s->returns_ref, sold);

	return crm_sale_check_return(s, found ? sold : NULL, e);
}

/* A card holder's bonus row for a line just stored as sale id. */
static void
card_bonus(struct crm_db *db, const struct crm_config *cfg,
	   const struct crm_sale *s, const struct crm_buyer *b,
	   const struct crm_sold *sold, long long id, char *warn,
	   size_t warnsz)
{
	crm_money pts;

	if (s->amount > 0) {
		if ((pts = crm_sale_accrual(s, b)))
			crm_db_bonus_write(db, s->customer, s->day,
					   CRM_BONUS_ACCRUAL, pts, id);
		return;
	}
	if (s->amount == 0)
		return;
	pts = crm_sale_reversal(
		s, b, sold, sold ? crm_db_sale_accrual(db, sold->id) : 0,
		crm_db_bonus_balance(db, s->customer, INT32_MAX),
		cfg->minor_digits, warn, warnsz);
	if (pts)
		crm_db_bonus_write(db, s->customer, s->day, CRM_BONUS_REVERSAL,
				   -pts, id);
}

enum crm_sale_result
crm_sale_record(struct crm_db *db, struct crm_import *imp,
		const struct crm_sale *s, char *warn, size_t warnsz,
		struct crm_err *e)
{
	struct crm_buyer b;
	struct crm_sold sold = {0};
	long long id;
	int this_run;

	warn[0] = '\0';
	if (!crm_db_buyer(db, imp, s->customer, s->day, &b))
		return crm_err_set(e, CRM_EX_NOINPUT,
				   "no customer with id '%lld'", s->customer),
		       CRM_SALE_ERROR;
	if (s->ref && !*s->ref)
		return crm_err_set(e, CRM_EX_DATAERR, "ref is empty"),
		       CRM_SALE_ERROR;
	/* a line recorded by an earlier run is skipped before it is
	 * checked again: its return may since have used up its sale, its
	 * customer have moved to a category that must prepay */
	if (s->ref && crm_db_ref_taken(db, imp, s->ref, &this_run))
		return crm_sale_ref_taken(s->ref, this_run, e);
	if (crm_sale_check_credit(s, &b, e) < 0)
		return CRM_SALE_ERROR;
	if (s->returns_ref && check_return(db, imp, s, &sold, e) < 0)
		return CRM_SALE_ERROR;
	id = crm_db_purchase_write(db, imp, s, b.category, sold.id, e);
	if (!id)
		return CRM_SALE_ERROR;
	if (b.has_card)
		card_bonus(db, crm_db_config(db), s, &b,
			   s->returns_ref ? &sold : NULL, id, warn, warnsz);
	if (crm_sale_wins_back(s, &b))
		crm_db_customer_set_active(db, imp, s->customer, s->day,
					   "purchase");
	return CRM_SALE_ADDED;
}
