/* crm-staff.h - who served the customer (issue 15): the staff name rule
 * and the figures per staff member (staff.c), read from the purchases
 * and notes that name one (db-staff.c); included by crm.h */
#ifndef CRM_STAFF_H
#define CRM_STAFF_H

/*
 * A staff name is text trimmed of the spaces and tabs around it; a blank
 * one is no staff.  The trimmed name's first byte in *start and its
 * length, 0 for none (s NULL too).  Every write of a sale or a note binds
 * its staff through this, so " Uta" and "Uta" are one person.
 */
size_t crm_staff_span(const char *s, const char **start);

/* ---- storage (db-staff.c) ---------------------------------------------- */

/* A purchase or return dated from..to, by staff (NULL: none, first),
 * customer, day; only the selection's customers when only_selection. */
struct crm_staff_sale {
	const char *staff; /* borrowed until the next call */
	struct crm_sale_row sale;
};
struct crm_db_iter *crm_db_staff_sales(struct crm_db *db, crm_day from,
				       crm_day to, int only_selection);
int crm_db_staff_sales_next(struct crm_db_iter *it, struct crm_staff_sale *s);

/* The sales dated from..to that name a staff member, per day and staff
 * (never NULL here): purchases (amount >= 0) and their revenue, from
 * the index of those sales alone. */
struct crm_staff_day {
	const char *staff; /* borrowed until the next call */
	crm_day day;
	long long sales;
	crm_money revenue;
};
struct crm_db_iter *crm_db_staff_days(struct crm_db *db, crm_day from,
				      crm_day to);
int crm_db_staff_days_next(struct crm_db_iter *it, struct crm_staff_day *d);

/* Notes dated from..to counted per staff (NULL: none, first), day and
 * kind. */
struct crm_staff_notes {
	const char *staff; /* borrowed until the next call */
	crm_day day;
	enum crm_note_kind kind;
	long long n, scored, score_sum;
};
struct crm_db_iter *crm_db_staff_notes(struct crm_db *db, crm_day from,
				       crm_day to);
int crm_db_staff_notes_next(struct crm_db_iter *it, struct crm_staff_notes *c);

/* Whether a sale or a note dated from..to names a staff member. */
int crm_db_staff_any(struct crm_db *db, crm_day from, crm_day to);

/* ---- the figures per staff member (staff.c) ---------------------------- */

/* one staff member's figures in one period */
struct crm_staff_cell {
	long long sales;     /* purchases (amount >= 0), returns not */
	crm_money revenue;   /* their amounts */
	long long surveys, scored, score_sum;
	long long complaints, praise;
};
struct crm_staff_member {
	char *name; /* NULL: the sales and notes that name nobody */
	struct crm_staff_cell *cells; /* one per period */
};
struct crm_staff_table {
	struct crm_staff_member *v; /* by name, the unnamed first */
	int n;
	crm_day *starts; /* the first day of each period (the first: from) */
	int nperiods;
};
/*
 * The notes (and, with sales, the sales) of every staff member in each
 * period of window w (its from..to already resolved, to at most --as-of).
 * A staff member is listed when something in the window names them;
 * the unnamed row when something in it names nobody.
 */
void crm_staff_gather(struct crm_db *db, const struct crm_window *w,
		      int sales, struct crm_staff_table *t);
void crm_staff_table_release(struct crm_staff_table *t);
/* whether member i has anything in period p */
int crm_staff_shown(const struct crm_staff_table *t, int i, int p);
/* The mean survey score in hundredths, rounded half away from zero as
 * crm-note --summary rounds it; -1 without surveys. */
long long crm_staff_mean_hundredths(const struct crm_staff_cell *c);

#endif
