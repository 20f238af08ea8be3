/*
 * test-rules.c - the business rules that live above storage (customer.c,
 * move.c, category.c, note.c, bonus.c), asked without a database
 */
#include <stdint.h>

#include "crm.h"
#include "crm-notes.h"
#include "tap.h"

static void
email(const char *s, int good)
{
	struct crm_err e = {0};
	int rc = crm_customer_check_email(s, &e);

	if (good)
		is_int(rc, 0, "e-mail '%s' is an address", s);
	else
		ok(rc == -1 && e.status == CRM_EX_DATAERR &&
			   strstr(e.msg, "is not an address"),
		   "e-mail '%s' is refused (65)", s);
}

static void
test_customer(void)
{
	struct crm_err e = {0};
	long long id = 0;

	email("ann@example.org", 1);
	email("a@b", 1);
	email("ann", 0);
	email("@example.org", 0);
	email("ann@", 0);
	email("ann@x@y", 0);
	email("ann smith@example.org", 0);
	email("<ann@example.org>", 0);
	email("ann@example.org;bob@example.org", 0);

	is_int(crm_customer_next_id(0, &id, &e), 0, "first id");
	is_int(id, 1, "the first customer is 1");
	is_int(crm_customer_next_id(41, &id, &e), 0, "next id");
	is_int(id, 42, "after 41 comes 42");
	id = 7;
	ok(crm_customer_next_id(INT64_MAX, &id, &e) == -1 &&
		   e.status == CRM_EX_DATAERR && id == 7,
	   "no id after the largest possible (65, id untouched)");
	is_str(e.msg,
	       "no next customer id: the largest possible, "
	       "9223372036854775807, is taken; give an id",
	       "its message");
}

static int
blocked(long long old, long long new_, long long now, int deleted, int later,
	struct crm_err *e)
{
	struct crm_batch_change c = {
		.customer = 9, .old = old, .new_ = new_, .now = now,
		.old_deleted = deleted, .later = later};

	return crm_move_undo_blocked(5, &c, e);
}

static void
test_undo(void)
{
	struct crm_err e = {0};

	is_int(blocked(1, 2, 2, 0, 0, &e), 0,
	       "a customer still where the batch put it can go back");
	ok(blocked(0, 2, 2, 0, 0, &e) == -1 && e.status == CRM_EX_DATAERR,
	   "a first category cannot be undone (65)");
	is_str(e.msg, "batch 5 gave customer 9 its first category; nothing "
		      "to go back to", "its message");
	ok(blocked(1, 2, 2, 1, 0, &e) == -1 && e.status == CRM_EX_DATAERR,
	   "nor a move from a category deleted since (65)");
	is_str(e.msg, "customer 9's old category was deleted since batch 5",
	       "its message");
	ok(blocked(1, 2, 3, 0, 0, &e) == -1 && e.status == CRM_EX_DATAERR,
	   "nor a customer in another category now (65)");
	is_str(e.msg, "customer 9 has changed category since batch 5; undo "
		      "the later batches first", "its message");
	ok(blocked(1, 2, 2, 0, 1, &e) == -1 &&
		   strstr(e.msg, "has changed category since batch 5"),
	   "nor one moved by a later batch, even back again");
	ok(blocked(0, 2, 3, 1, 1, &e) == -1 &&
		   strstr(e.msg, "its first category"),
	   "the first category is the reason given first");
}

static void
test_category(void)
{
	struct crm_err e = {0};

	is_int(crm_category_check_name("gold", &e), 0, "a name");
	is_int(crm_category_check_name("Gold Ünd Silber", &e), 0,
	       "a name with spaces and UTF-8");
	ok(crm_category_check_name("", &e) == -1 &&
		   e.status == CRM_EX_DATAERR &&
		   !strcmp(e.msg, "a category needs a name"),
	   "an empty name is refused (65)");
	ok(crm_category_check_name(NULL, &e) == -1, "so is none");
	ok(crm_category_check_name("a\tb", &e) == -1 &&
		   strstr(e.msg, "contains a control character"),
	   "a tab in a name is refused");
	{
		struct crm_catdef d = {"gold", NULL, 10000, 10000, 1};

		is_int(crm_category_check_terms(&d, &e), 0,
		       "100 %% discount and bonus, prepay");
		d.discount = d.bonus = d.prepay = -1;
		is_int(crm_category_check_terms(&d, &e), 0,
		       "terms left as they are");
		d.bonus = 10001;
		ok(crm_category_check_terms(&d, &e) == -1 &&
			   e.status == CRM_EX_DATAERR &&
			   !strcmp(e.msg, "category 'gold': terms out of range"),
		   "a bonus past 100 %% is refused (65)");
		d.bonus = 0;
		d.prepay = 2;
		ok(crm_category_check_terms(&d, &e) == -1,
		   "prepay is 0 or 1");
	}
}

static void
test_note(void)
{
	struct crm_note_state n = {CRM_NOTE_COMPLAINT, 100, 0, 0};
	struct crm_err e = {0};

	is_int(crm_note_resolve_check(3, &n, 100, &e), 0,
	       "a complaint is resolved on its day");
	is_int(crm_note_resolve_check(3, &n, 200, &e), 0, "or later");
	ok(crm_note_resolve_check(3, &n, 99, &e) == -1 &&
		   e.status == CRM_EX_DATAERR &&
		   !strcmp(e.msg, "note 3 is dated 1970-04-11: it cannot be "
				  "resolved before"),
	   "not before it (65)");
	n.has_resolved = 1;
	n.resolved = 150;
	ok(crm_note_resolve_check(3, &n, 200, &e) == -1 &&
		   !strcmp(e.msg, "note 3 was already resolved on 1970-05-31"),
	   "nor twice");
	n.has_resolved = 0;
	n.kind = CRM_NOTE_PRAISE;
	ok(crm_note_resolve_check(3, &n, 200, &e) == -1 &&
		   !strcmp(e.msg, "note 3 is a praise, not a complaint: only "
				  "complaints are resolved"),
	   "only a complaint is resolved");
}

static void
test_bonus(void)
{
	struct crm_err e = {0};

	is_int(crm_bonus_redeem_check(500, 500, 2, &e), 0,
	       "the whole balance can be redeemed");
	ok(crm_bonus_redeem_check(501, 500, 2, &e) == -1 &&
		   e.status == CRM_EX_DATAERR &&
		   !strcmp(e.msg, "cannot redeem 5.01: the balance is 5.00"),
	   "not more: the balance never goes negative (65)");
	ok(crm_bonus_redeem_check(0, 500, 2, &e) == -1 &&
		   e.status == CRM_EX_USAGE,
	   "nothing is not an amount to redeem (64)");
	ok(crm_bonus_redeem_check(-1, 500, 2, &e) == -1 &&
		   e.status == CRM_EX_USAGE,
	   "nor a negative amount");
}

int
main(void)
{
	test_customer();
	test_undo();
	test_category();
	test_note();
	test_bonus();
	return done_testing();
}
