/* crm-referrals.h - referrals (db-referrals.c); included by crm.h */
#ifndef CRM_REFERRALS_H
#define CRM_REFERRALS_H

/*
 * A customer "exists" on a day when they were created by then or bought
 * something up to it (SPEC.md, "Customers over time").
 */

/*
 * The referral forest as of a day: every customer who was brought by
 * someone, and every customer who brought someone, in id order.  Arrays
 * of n entries, structure of arrays so that a million customers cost
 * about 40 bytes each.  The loader fills id, parent, value and flags;
 * the rest is the caller's working space, allocated with them.
 */
struct crm_forest {
	size_t n;
	long long *id;	      /* ascending */
	int32_t *parent;      /* index of the referrer; -1: none */
	crm_money *value;     /* net value up to the day: purchases - returns */
	crm_money *value2;    /* working space */
	int32_t *count, *count2; /* working space */
	unsigned char *flags; /* CRM_FOREST_* */
	long long dangling;   /* referrers that are not customers (damaged) */
};
enum {
	CRM_FOREST_EXISTS = 1, /* existed on the day */
	CRM_FOREST_DONE = 2,   /* free for the caller */
	CRM_FOREST_MARKED = 4  /* free for the caller */
};
/* Load the forest as of as_of; dies on a database error. */
void crm_db_forest_load(struct crm_db *db, crm_day as_of,
			struct crm_forest *f);
void crm_forest_release(struct crm_forest *f);
/* The index of customer id in f, or -1. */
long crm_forest_find(const struct crm_forest *f, long long id);
/*
 * forest.c: the totals of every node, leaves first: count the direct
 * referrals, count2 the tree size, value2 the direct value, value the
 * tree value; a customer who did not exist on the day adds nothing.
 * Returns the nodes left out on a cycle (a damaged database).
 */
size_t crm_forest_sum(struct crm_forest *f);
/* mark customer id (a struct crm_forest * as arg), for a selection */
void crm_forest_mark(long long id, void *arg);
/* whether node i has a row in the summary (after crm_forest_sum) */
int crm_forest_listed(const struct crm_forest *f, size_t i,
		      int only_selection);

/* One customer as the referral reports show them. */
struct crm_referral_customer {
	long long id, referred_by; /* referred_by 0: none */
	const char *name;	   /* borrowed until the next call */
	crm_day created;
	int exists; /* existed as of the day asked for */
};
/* Returns 0 when there is no customer id. */
int crm_db_referral_customer(struct crm_db *db, long long id, crm_day as_of,
			     struct crm_referral_customer *c);
/*
 * The first customer referred by parent with an id above after who
 * existed as of as_of (children in id order: call again with after =
 * the child returned).  Returns 0 when there is none.
 */
int crm_db_referral_next_child(struct crm_db *db, long long parent,
			       long long after, crm_day as_of,
			       struct crm_referral_customer *c);

/*
 * Referrals one by one, grouped by referrer (ascending), then by id: the
 * customers with a referrer who existed as of as_of.  The rows' name is
 * not filled.
 */
struct crm_db_iter *crm_db_referrals(struct crm_db *db, crm_day as_of);
int crm_db_referrals_next(struct crm_db_iter *it,
			  struct crm_referral_customer *c);
/* The day customer id was last thanked up to as_of; 0 when never
 * (then *day is left alone). */
/* The customers id brought directly (existing by as_of) and their net
 * value up to as_of (crm-show). */
void crm_db_referred(struct crm_db *db, long long id, crm_day as_of,
		     long long *n, crm_money *value);
int crm_db_last_thanks(struct crm_db *db, long long id, crm_day as_of,
		       crm_day *day);

#endif
