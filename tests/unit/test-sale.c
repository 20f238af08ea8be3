/* test-sale.c - recording sales in bulk: the queue, refs, returns, bonus */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crm.h"
#include "tap.h"

static struct crm_config cfg;
static struct crm_import *imp; /* the bulk import, or NULL */

static long long
customer(struct crm_db *db, const char *name, const char *category,
	 const char *card)
{
	struct crm_fields f;
	struct crm_err e;
	long long id;

	memset(&f, 0, sizeof f);
	f.v[crm_col_lookup("name")] = name;
	f.v[crm_col_lookup("category")] = category;
	f.v[crm_col_lookup("card")] = card;
	f.given = 1u << crm_col_lookup("name") |
		  1u << crm_col_lookup("category") |
		  (card ? 1u << crm_col_lookup("card") : 0);
	id = crm_customer_add(db, &f, &cfg, &e);
	if (!id) {
		fprintf(stderr, "test-sale: %s\n", e.msg);
		exit(99);
	}
	return id;
}

/* record one sale; the result, and the message in e */
static enum crm_sale_result
sale(struct crm_db *db, long long who, const char *date, crm_money amount,
     const char *ref, const char *returns, int unpaid, struct crm_err *e)
{
	struct crm_sale s;
	const char *why;
	char warn[256];

	memset(&s, 0, sizeof s);
	memset(e, 0, sizeof *e);
	s.customer = who;
	if (crm_date_parse(date, &s.day, &why) < 0)
		exit(99);
	s.amount = amount;
	s.ref = ref;
	s.returns_ref = returns;
	s.unpaid = unpaid;
	return crm_sale_record(db, imp, &s, warn, sizeof warn, e);
}

/* purchases stored: how many, and their sum */
static void
stored(struct crm_db *db, long long *n, crm_money *sum)
{
	struct crm_db_iter *it = crm_db_sales(db, 0, 1000000, 0);
	struct crm_sale_row r;

	*n = 0;
	*sum = 0;
	while (crm_db_sales_next(it, &r)) {
		++*n;
		*sum += r.amount;
	}
	crm_db_iter_free(it);
}

int
main(void)
{
	char dir[] = "/tmp/crm-unit-sale-XXXXXX", path[64], ref[32];
	struct crm_db *db;
	struct crm_err e;
	long long una, vic, pia, n;
	crm_money sum;
	crm_day first;
	const char *why;

	if (!mkdtemp(dir))
		return 99;
	setenv("CRM_TODAY", "2025-06-30", 1);
	unsetenv("CRM_CONFIG");
	crm_config_load(&cfg, "/dev/null");
	snprintf(path, sizeof path, "%s/crm.db", dir);
	db = crm_db_open(path, &cfg, CRM_DB_CREATE);
	crm_db_begin(db);
	if (crm_category_seed(db, &cfg, &e) < 0)
		crm_die(e.status, "%s", e.msg);
	una = customer(db, "Una", "regular", NULL);
	vic = customer(db, "Vic", "vip", "4001");
	pia = customer(db, "Pia", "problem", NULL);
	crm_db_commit(db);

	crm_db_import_start(db);
	crm_db_begin(db);
	imp = crm_db_import_new(db);
	is_int(sale(db, vic, "2025-05-02", 10000, "A1", NULL, 0, &e),
	       CRM_SALE_ADDED, "a sale waits in the queue");
	is_int(crm_db_bonus_balance(db, vic, INT32_MAX), 500,
	       "its bonus is written at once: 5%% of 100.00");
	is_int(sale(db, una, "2025-05-02", 100, "A1", NULL, 0, &e),
	       CRM_SALE_ERROR, "its ref is taken while it waits");
	ok(strstr(e.msg, "appears twice") != NULL, "  ... in this run: %s",
	   e.msg);
	is_int(sale(db, una, "2025-05-02", -100, "R0", "A1", 0, &e),
	       CRM_SALE_ERROR, "a waiting sale's customer is known");
	ok(strstr(e.msg, "belongs to customer") != NULL, "  ... %s", e.msg);
	is_int(sale(db, vic, "2025-05-03", -4000, "R1", "A1", 0, &e),
	       CRM_SALE_ADDED, "a return names a waiting sale");
	is_int(crm_db_bonus_balance(db, vic, INT32_MAX), 300,
	       "the return takes back 40%% of the sale's bonus");
	is_int(sale(db, vic, "2025-05-04", -7000, "R2", "A1", 0, &e),
	       CRM_SALE_ERROR, "a waiting return counts: 60.00 is left, not 70.00");
	is_int(sale(db, vic, "2025-05-04", -6000, "R3", "A1", 0, &e),
	       CRM_SALE_ADDED, "the rest of the sale can be returned");
	is_int(sale(db, pia, "2025-05-04", 500, "C1", NULL, 1, &e),
	       CRM_SALE_ERROR, "credit to a customer who must prepay");
	is_int(sale(db, 99, "2025-05-04", 500, "C2", NULL, 0, &e),
	       CRM_SALE_ERROR, "an unknown customer");
	is_int(e.status, CRM_EX_NOINPUT, "  ... is 66");

	/* past one INSERT of QUEUE_ROWS rows, and under a promise of
	 * distinct refs */
	crm_db_refs_distinct(db, imp, 1);
	for (int i = 0; i < 300; i++) {
		snprintf(ref, sizeof ref, "B%03d", i);
		if (sale(db, una, "2025-04-01", 1, ref, NULL, 0, &e) !=
		    CRM_SALE_ADDED)
			break;
	}
	crm_db_refs_distinct(db, imp, 0);
	is_int(sale(db, una, "2025-04-02", 1, "B150", NULL, 0, &e),
	       CRM_SALE_ERROR, "after the promise a ref of it is found again");
	crm_db_import_write(db, imp);
	crm_db_import_free(imp);
	crm_db_commit(db);

	stored(db, &n, &sum);
	is_int(n, 3 + 300, "the commit writes every waiting row");
	is_int(sum, 10000 - 4000 - 6000 + 300, "  ... with their amounts");
	crm_db_begin(db);
	imp = crm_db_import_new(db);
	ok(crm_date_parse("2025-04-01", &first, &why) == 0 &&
		   crm_db_first_sale_day(db) == first,
	   "the first sale day is the earliest of all");
	is_int(sale(db, una, "2025-03-01", 1, "D1", NULL, 0, &e),
	       CRM_SALE_ADDED, "an earlier sale");
	crm_db_rollback(db);
	crm_db_import_free(imp);
	is_int(crm_db_first_sale_day(db), first,
	       "a rollback drops the waiting sale and the first day it moved");
	stored(db, &n, &sum);
	is_int(n, 303, "  ... and writes nothing");

	crm_db_close(db);
	unlink(path);
	snprintf(path, sizeof path, "%s/crm.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/crm.db-shm", dir);
	unlink(path);
	rmdir(dir);
	return done_testing();
}
