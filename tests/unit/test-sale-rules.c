/* test-sale-rules.c - the rules of a sale (sale.c), without a database */
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "tap.h"

static crm_day
day(const char *s)
{
	const char *why;
	crm_day d;

	if (crm_date_parse(s, &d, &why) < 0)
		exit(99);
	return d;
}

static struct crm_sale
sale(long long customer, const char *date, crm_money amount)
{
	struct crm_sale s;

	memset(&s, 0, sizeof s);
	s.customer = customer;
	s.day = day(date);
	s.amount = amount;
	return s;
}

/* a card holder of a category earning 5 % (500 hundredths) */
static struct crm_buyer
buyer(int has_card, int bonus)
{
	struct crm_buyer b;

	memset(&b, 0, sizeof b);
	b.category = 2;
	b.has_card = has_card;
	b.bonus = bonus;
	b.lost_day = CRM_NO_DAY;
	return b;
}

static void
credit(void)
{
	struct crm_sale s = sale(7, "2025-05-02", 1000);
	struct crm_buyer b = buyer(0, 0);
	struct crm_err e;

	is_int(crm_sale_check_credit(&s, &b, &e), 0, "a paid sale is no credit");
	s.unpaid = 1;
	is_int(crm_sale_check_credit(&s, &b, &e), 0, "credit to a regular");
	b.prepay = 1;
	strcpy(b.prepay_category, "problem");
	is_int(crm_sale_check_credit(&s, &b, &e), -1,
	       "no credit to a category that must prepay");
	is_int(e.status, CRM_EX_DATAERR, "  ... 65");
	is_str(e.msg,
	       "customer 7 is in category 'problem', which must prepay: no "
	       "sale on credit",
	       "  ... naming the category");
	s.amount = -1000;
	is_int(crm_sale_check_credit(&s, &b, &e), -1, "a return on credit");
	is_str(e.msg, "a return (a negative amount) cannot be on credit",
	       "  ... is refused first");
}

static void
returns(void)
{
	struct crm_sold sold = {.id = 10, .customer = 7, .amount = 10000,
				.returned = 4000, .day = day("2025-05-02")};
	struct crm_sale s = sale(7, "2025-05-03", 100);
	struct crm_err e;

	s.returns_ref = "A1";
	is_int(crm_sale_check_return(&s, &sold, &e), -1,
	       "a return needs a negative amount");
	is_str(e.msg, "a return needs a negative amount", "  ... says so");
	s.amount = -6000;
	is_int(crm_sale_check_return(&s, NULL, &e), -1, "of no sale");
	is_int(e.status, CRM_EX_NOINPUT, "  ... 66");
	is_str(e.msg, "returned sale 'A1' does not exist", "  ... named");
	s.customer = 8;
	is_int(crm_sale_check_return(&s, &sold, &e), -1,
	       "of another customer's sale");
	is_str(e.msg, "sale 'A1' belongs to customer 7", "  ... whose");
	s.customer = 7;
	s.day = day("2025-05-01");
	is_int(crm_sale_check_return(&s, &sold, &e), -1, "dated before its sale");
	is_str(e.msg, "the return is dated before sale 'A1' (2025-05-02)",
	       "  ... with the sale's date");
	s.day = day("2025-05-02");
	is_int(crm_sale_check_return(&s, &sold, &e), 0,
	       "the rest of the sale, on its day");
	s.amount = -6001;
	is_int(crm_sale_check_return(&s, &sold, &e), -1,
	       "a cent more than is left");
	is_str(e.msg, "the return is larger than what is left of sale 'A1'",
	       "  ... says so");
}

static void
refs(void)
{
	struct crm_err e;

	is_int(crm_sale_ref_taken("X1", 0, &e), CRM_SALE_SKIPPED,
	       "a ref of an earlier run: skipped");
	is_int(crm_sale_ref_taken("X1", 1, &e), CRM_SALE_ERROR,
	       "a ref of this run: an error");
	is_str(e.msg, "ref 'X1' appears twice in the input", "  ... named");
}

static void
pay(void)
{
	struct crm_err e;

	is_int(crm_sale_check_pay("P1", 1, 1000, 0, &e), 0,
	       "a purchase on credit is paid");
	is_int(crm_sale_check_pay("P1", 0, 0, 0, &e), -1, "no such sale");
	is_int(e.status, CRM_EX_NOINPUT, "  ... 66");
	is_str(e.msg, "sale 'P1' does not exist", "  ... named");
	is_int(crm_sale_check_pay("P1", 1, -1000, 0, &e), -1, "a return");
	is_str(e.msg, "sale 'P1' is a return: there is nothing to pay",
	       "  ... has nothing to pay");
	is_int(crm_sale_check_pay("P1", 1, 1000, 1, &e), -1, "paid already");
	is_str(e.msg, "sale 'P1' is already paid", "  ... says so");
}

static void
bonus(void)
{
	struct crm_sale s = sale(7, "2025-05-02", 10000);
	struct crm_buyer b = buyer(1, 500);
	struct crm_sold sold = {.id = 10, .customer = 7, .amount = 10000};
	char warn[256] = "";

	is_int(crm_sale_accrual(&s, &b), 500, "5 %% of 100.00");
	b.has_card = 0;
	is_int(crm_sale_accrual(&s, &b), 0, "no card, no bonus");
	b.has_card = 1;
	b.bonus = 0;
	is_int(crm_sale_accrual(&s, &b), 0, "a category without bonus");
	b.bonus = 500;
	s.amount = -4000;
	is_int(crm_sale_accrual(&s, &b), 0, "a return accrues nothing");

	/* the sale's own accrual, not today's percent */
	b.bonus = 1000;
	is_int(crm_sale_reversal(&s, &b, &sold, 500, 1000, 2, warn, sizeof warn),
	       200, "a return of 40 %% takes back 40 %% of its sale's bonus");
	is_str(warn, "", "  ... without a warning");
	is_int(crm_sale_reversal(&s, &b, NULL, 0, 1000, 2, warn, sizeof warn),
	       400, "a return of no sale: the category's percent");
	is_int(crm_sale_reversal(&s, &b, &sold, 500, 150, 2, warn, sizeof warn),
	       150, "cut to the balance");
	is_str(warn, "customer 7's balance covers only 1.50 of 2.00",
	       "  ... with a warning");
	is_int(crm_sale_reversal(&s, &b, &sold, 500, -30, 2, warn, sizeof warn),
	       0, "a negative balance: nothing taken");
	is_str(warn, "customer 7's balance covers only 0.00 of 2.00",
	       "  ... said as 0.00");
	s.amount = 100;
	is_int(crm_sale_reversal(&s, &b, &sold, 500, 1000, 2, warn, sizeof warn),
	       0, "a purchase takes nothing back");
}

static void
lost(void)
{
	struct crm_sale s = sale(7, "2025-05-02", 100);
	struct crm_buyer b = buyer(0, 0);

	is_int(crm_sale_wins_back(&s, &b), 0, "an active customer");
	b.lost = 1;
	b.lost_day = day("2025-05-02");
	is_int(crm_sale_wins_back(&s, &b), 1,
	       "a purchase on the lost day wins the customer back");
	b.lost_day = day("2025-05-03");
	is_int(crm_sale_wins_back(&s, &b), 0, "  ... one before it does not");
	b.lost_day = CRM_NO_DAY;
	is_int(crm_sale_wins_back(&s, &b), 1, "  ... lost without a day");
	s.amount = -100;
	is_int(crm_sale_wins_back(&s, &b), 0, "  ... a return does not");
}

int
main(void)
{
	credit();
	returns();
	refs();
	pay();
	bonus();
	lost();
	return done_testing();
}
