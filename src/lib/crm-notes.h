/* crm-notes.h - thanks, notes and lost customers (db-notes.c); included by crm.h */
#ifndef CRM_NOTES_H
#define CRM_NOTES_H

/* ---- thanks (crm-thank) ------------------------------------------------ */
struct crm_thank {
	long long customer;
	crm_day day;
	const char *how;  /* required, not empty */
	crm_money value;
	int has_value;
	const char *note; /* NULL: none */
};
/* Log one thanks row in the open transaction. */
void crm_db_thank_add(struct crm_db *db, const struct crm_thank *t);

struct crm_thank_row {
	long long id; /* the thanks row */
	long long customer;
	const char *name, *how, *note; /* borrowed */
	crm_day day;
	crm_money value;
	int has_value;
};
/* Thanks dated from..to, by date, customer id, row id; only the customers
 * marked with crm_db_selection_add() when only_selection. */
struct crm_db_iter *crm_db_thanks(struct crm_db *db, crm_day from, crm_day to,
				  int only_selection);
int crm_db_thanks_next(struct crm_db_iter *it, struct crm_thank_row *r);
/* one customer's thanks up to as_of, oldest first (crm-show) */
struct crm_db_iter *crm_db_customer_thanks(struct crm_db *db, long long id,
					   crm_day as_of);

/* ---- notes (crm-note) --------------------------------------------------- */
enum crm_note_kind {
	CRM_NOTE_COMPLAINT,
	CRM_NOTE_PRAISE,
	CRM_NOTE_SURVEY,
	CRM_NOTE_CALL,
	CRM_NOTE_NOTE,
	CRM_NOTE_NKINDS
};
/* "complaint", "praise", "survey", "call", "note" */
extern const char *const crm_note_kinds[CRM_NOTE_NKINDS];
int crm_note_kind_parse(const char *s, enum crm_note_kind *out);

struct crm_note {
	long long customer;
	crm_day day;
	enum crm_note_kind kind;
	int score;        /* 1..5 for a survey, 0: none */
	const char *text; /* NULL: none */
	long long purchase; /* the return it is about, 0: none */
	const char *staff;  /* who served; NULL or blank: none (crm-staff.h) */
};
/* Add a note in the open transaction; returns its id. */
long long crm_db_note_add(struct crm_db *db, const struct crm_note *n);
/* What resolving a note needs to know of it (db-notes.c). */
struct crm_note_state {
	enum crm_note_kind kind;
	crm_day day;
	crm_day resolved; /* valid when has_resolved */
	int has_resolved;
};
/* 0: no such note */
int crm_db_note_state(struct crm_db *db, long long note,
		      struct crm_note_state *n);
void crm_db_note_set_resolved(struct crm_db *db, long long note, crm_day day);
/*
 * Mark complaint note resolved on day (note.c).  0, or -1 with e set: 66
 * no such note, 65 not a complaint, already resolved, or day before the
 * note.
 */
int crm_note_resolve(struct crm_db *db, long long note, crm_day day,
		     struct crm_err *e);
/* The rule alone, for a note that exists. */
int crm_note_resolve_check(long long note, const struct crm_note_state *n,
			   crm_day day, struct crm_err *e);
/*
 * The reason of return s, just recorded by crm_sale_record(): a complaint
 * dated the return's date, linked to its purchase row (the newest one of
 * the customer with that date and amount).  0, or -1 with e set.
 */
int crm_db_note_return(struct crm_db *db, const struct crm_sale *s,
		       const char *reason, struct crm_err *e);

struct crm_note_row {
	long long note, customer;
	const char *name, *text; /* borrowed */
	crm_day day;
	enum crm_note_kind kind;
	int score;        /* 0: none */
	crm_day resolved; /* valid when has_resolved */
	int has_resolved;
	const char *staff; /* borrowed, NULL: none */
};
/* Complaints dated up to as_of and not resolved by then, oldest first
 * (date, then note id). */
struct crm_db_iter *crm_db_notes_open(struct crm_db *db, crm_day as_of);
/* The notes dated up to as_of of customer (0: everyone), by date then
 * note id; a resolution after as_of is not shown. */
struct crm_db_iter *crm_db_notes(struct crm_db *db, long long customer,
				 crm_day as_of);
int crm_db_notes_next(struct crm_db_iter *it, struct crm_note_row *r);

/* Notes per day, customer's current category and kind (--summary). */
struct crm_note_count {
	crm_day day;
	long long category;
	enum crm_note_kind kind;
	long long n;        /* notes */
	long long scored;   /* of them with a score */
	long long score_sum;
};
struct crm_db_iter *crm_db_note_counts(struct crm_db *db, crm_day from,
				       crm_day to);
int crm_db_note_counts_next(struct crm_db_iter *it, struct crm_note_count *c);
crm_day crm_db_first_note_day(struct crm_db *db); /* CRM_NO_DAY: none */

/* ---- phone numbers (phone.c) ------------------------------------------ */
#define CRM_PHONE_BUFSZ 40
/*
 * The key two ways of writing one number share: spaces, tabs, dashes,
 * dots, slashes and parentheses dropped, a '+' kept where it opens the
 * number.  With country_code (digits, as "49"; NULL or "": none) the
 * number's international forms "+49..." and "0049..." become its
 * national form "0..." ("+49 (0)171" too), and "00" before another
 * country's code becomes '+'.  0, or -1 when in is no phone number
 * (a letter, no digit, longer than out holds).
 */
int crm_phone_normalise(const char *in, const char *country_code, char *out,
			size_t outsz);
/* a config's country_code: 1 to 3 digits, no leading 0 */
int crm_country_code_check(const char *s);
/* Customers by normalised phone, built once for a bulk load. */
struct crm_phone_map;
struct crm_phone_map *crm_phone_map_new(const char *country_code);
void crm_phone_map_free(struct crm_phone_map *m);
/* a phone that does not normalise is left out */
void crm_phone_map_add(struct crm_phone_map *m, const char *phone,
		       long long id);
/* How many customers have phone, the first two of them in ids; -1
 * when phone is no phone number. */
long long crm_phone_map_find(const struct crm_phone_map *m, const char *phone,
			     long long ids[2]);

/* ---- SMS survey replies in bulk (survey.c) ----------------------------- */
/* the columns of crm-note --kind survey's input, for its TSV header and
 * for a rules file (crm_rules_load) */
enum crm_survey_col {
	CRM_SURVEY_CUSTOMER,
	CRM_SURVEY_CARD,
	CRM_SURVEY_EMAIL,
	CRM_SURVEY_PHONE,
	CRM_SURVEY_DATE,
	CRM_SURVEY_SCORE,
	CRM_SURVEY_TEXT,
	CRM_SURVEY_STAFF,
	CRM_SURVEY_NCOLS
};
extern const char *const crm_survey_cols[CRM_SURVEY_NCOLS];
struct crm_survey;
/*
 * A run of replies read from t, whose header record was just read: one
 * of customer, card, email and phone names who answered, score is
 * required, date optional.  A reply without a date takes dflt's day, one
 * without staff dflt's staff (borrowed: it must outlive s).  With a
 * phone column the
 * customers' phones are read here, once.  NULL with e set (65) for a
 * header that will not do.
 */
struct crm_survey *crm_survey_new(struct crm_db *db, const struct crm_tsv *t,
				  const char *country_code,
				  const struct crm_note *dflt,
				  struct crm_err *e);
void crm_survey_free(struct crm_survey *s);
enum crm_survey_result {
	CRM_SURVEY_ERROR = -1, /* a bad reply: refused, e says why */
	CRM_SURVEY_UNKNOWN,    /* from no customer: skipped, e says whom */
	CRM_SURVEY_RECORDED
};
/*
 * Record the reply in t's current record as a survey note in the open
 * transaction (its id in *note).  A reply whose sender matches several
 * customers is an error: crediting either could be wrong.
 */
enum crm_survey_result crm_survey_reply(struct crm_survey *s,
					const struct crm_tsv *t,
					long long *note, struct crm_err *e);
/* storage: every customer with a phone (db-notes.c) */
struct crm_db_iter *crm_db_customer_phones(struct crm_db *db);
int crm_db_customer_phones_next(struct crm_db_iter *it, long long *id,
				const char **phone);

/* ---- lost customers (crm-lost) ----------------------------------------- */
/*
 * Mark customer id lost on day for reason, or, with reason NULL, active
 * again (won back) on day; the change is logged in the status history.
 * Returns 1 when it changed something, 0 when the customer was already in
 * that state (lost: with the same reason and date) (lost.c).
 */
int crm_lost_set(struct crm_db *db, long long id, const char *reason,
		 crm_day day);
/* Storage: whether customer id exists, is lost, and is with this
 * reason and day (db-notes.c). */
int crm_db_lost_state(struct crm_db *db, long long id, const char *reason,
		      crm_day day, int *lost, int *same);
/* Store status lost for reason (NULL: active) from day, and log it in
 * the status history with the reason logged. */
void crm_db_status_set(struct crm_db *db, long long id, const char *reason,
		       crm_day day, const char *logged);
/*
 * Customers lost as of as_of, by lost date then id.  The status history
 * says who was lost on a past date; a customer whose status was set
 * without it (crm-add, crm-edit) counts from its lost date, when it has
 * one.  value is the net of its purchases dated after (lost date - 365
 * days) and up to the lost date (0 without a date).
 */
struct crm_lost_row {
	long long id;
	const char *name, *reason; /* borrowed; reason may be NULL */
	crm_day day;               /* valid when has_day */
	int has_day;
	crm_money value;
};
struct crm_db_iter *crm_db_lost(struct crm_db *db, crm_day as_of);
int crm_db_lost_next(struct crm_db_iter *it, struct crm_lost_row *r);

/* The same customers per reason: by customers descending, then reason. */
struct crm_lost_reason {
	const char *reason; /* borrowed; NULL: none given */
	long long customers;
	crm_money value;
};
struct crm_db_iter *crm_db_lost_reasons(struct crm_db *db, crm_day as_of);
int crm_db_lost_reasons_next(struct crm_db_iter *it, struct crm_lost_reason *r);

#endif
