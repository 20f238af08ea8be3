/*
 * category.c - a category: the rules for defining, renaming and deleting
 * one.  Storage (db-category.c) looks categories up and writes them; what
 * a valid name is, and what must hold before a rename or a deletion, is
 * decided here.
 */
#include <string.h>

#include "crm.h"

int
crm_category_check_name(const char *name, struct crm_err *e)
{
	if (!name || !*name)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "a category needs a name");
	for (const char *p = name; *p; p++)
		if ((unsigned char)*p < 0x20)
			return crm_err_set(e, CRM_EX_DATAERR,
					   "category name '%s' contains a "
					   "control character", name);
	return 0;
}

int
crm_category_check_terms(const struct crm_catdef *d, struct crm_err *e)
{
	/* percentages in hundredths up to 100 %, prepay a yes or no; a
	 * negative term is one left as it is */
	if (d->discount > 10000 || d->bonus > 10000 || d->prepay > 1)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "category '%s': terms out of range", d->name);
	return 0;
}

int
crm_category_define(struct crm_db *db, const struct crm_catdef *d,
		    int only_create, struct crm_err *e)
{
	long long id;

	if (crm_category_check_name(d->name, e) < 0)
		return -1;
	id = crm_db_category_id(db, d->name);
	if (id && only_create)
		return 0;
	if (crm_category_check_terms(d, e) < 0)
		return -1;
	return crm_db_category_store(db, id, d, e);
}

int
crm_category_rename(struct crm_db *db, const char *from, const char *to,
		    struct crm_err *e)
{
	long long id = crm_db_category_id(db, from);

	if (!id)
		return crm_err_set(e, CRM_EX_NOINPUT,
				   "category '%s' does not exist", from);
	if (crm_category_check_name(to, e) < 0)
		return -1;
	if (crm_db_category_id(db, to))
		return crm_err_set(e, CRM_EX_DATAERR,
				   "category '%s' already exists", to);
	crm_db_category_set_name(db, id, to);
	return 0;
}

/* Move every customer of category id to category to, as one batch. */
static void
reassign(struct crm_db *db, long long id, long long to, const char *name)
{
	struct crm_db_iter *it = crm_db_category_customer_ids(db, id);
	long long batch = 0, customer;
	char note[256];

	snprintf(note, sizeof note, "delete %s", name);
	while (crm_db_category_customer_ids_next(it, &customer))
		crm_move_customer(db, customer, to, &batch, "delete", note);
	crm_db_iter_free(it);
}

int
crm_category_delete(struct crm_db *db, const char *name, const char *to_name,
		    struct crm_err *e)
{
	long long id = crm_db_category_id(db, name), to = 0, n;

	if (!id)
		return crm_err_set(e, CRM_EX_NOINPUT,
				   "category '%s' does not exist", name);
	if (to_name) {
		to = crm_db_category_id(db, to_name);
		if (!to)
			return crm_err_set(e, CRM_EX_NOINPUT,
					   "category '%s' does not exist",
					   to_name);
		if (to == id)
			return crm_err_set(e, CRM_EX_USAGE,
					   "cannot reassign '%s' to itself",
					   name);
	}
	/* a customer always has a category: no deletion leaves one without */
	n = crm_db_category_customers(db, id);
	if (n && !to_name)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "category '%s' has %lld customer%s; move "
				   "them first or use --reassign",
				   name, n, n == 1 ? "" : "s");
	if (n)
		reassign(db, id, to, name);
	crm_db_category_set_deleted(db, id);
	return 0;
}

int
crm_category_seed(struct crm_db *db, const struct crm_config *cfg,
		  struct crm_err *e)
{
	static const struct crm_catdef defaults[] = {
		{"regular", "Regular customers", 0, 0, 0},
		{"vip", "Very important customers", 0, 500, 0},
		{"problem", "Customers who must pay in advance", 0, 0, 1},
		{"employee", "Employees, at special prices", 1000, 0, 0},
	};
	const struct crm_catdef *v = cfg->categories.v;
	size_t n = cfg->categories.n;

	/* existing categories keep their terms: crm-categorize --define
	 * changes them */
	if (!n && !crm_db_category_any(db)) {
		v = defaults;
		n = sizeof defaults / sizeof *defaults;
	}
	for (size_t i = 0; i < n; i++)
		if (crm_category_define(db, &v[i], 1, e) < 0)
			return -1;
	return 0;
}
