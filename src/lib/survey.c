/*
 * survey.c - survey replies in bulk, as an SMS gateway delivers them:
 * who answered (a customer id, card, e-mail address or phone number),
 * when, the score and the text.  The rules of a reply live here; the
 * command reads the records and says what became of each.
 *
 * A reply from no known customer is skipped, not refused: gateways
 * deliver wrong numbers and replies from people who never registered,
 * and refusing the night's feed for one of them would lose every good
 * reply.  A reply that matches several customers is refused: two
 * customers share the phone, and crediting either could be wrong; the
 * shop fixes its data and loads the feed again.
 */
#include <stdlib.h>
#include <string.h>

#include "crm.h"

const char *const crm_survey_cols[CRM_SURVEY_NCOLS] = {
	"customer", "card", "email", "phone", "date", "score", "text", "staff"};

struct crm_survey {
	struct crm_db *db;
	int map[CRM_SURVEY_NCOLS];
	enum crm_survey_col who; /* CUSTOMER, CARD, EMAIL or PHONE */
	crm_day default_day;
	const char *default_staff; /* the caller's, NULL: none */
	struct crm_phone_map *phones; /* with a phone column */
};

/* exactly one column names who answered */
static int
who_column(const int *map, struct crm_err *e)
{
	int who = -1;

	for (int k = CRM_SURVEY_CUSTOMER; k <= CRM_SURVEY_PHONE; k++) {
		if (map[k] < 0)
			continue;
		if (who >= 0)
			return crm_err_set(e, CRM_EX_DATAERR,
					   "give one of the columns customer, "
					   "card, email, phone, not both '%s' "
					   "and '%s'", crm_survey_cols[who],
					   crm_survey_cols[k]);
		who = k;
	}
	if (who < 0)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "the header needs a customer, card, email "
				   "or phone column");
	return who;
}

static struct crm_phone_map *
load_phones(struct crm_db *db, const char *country_code)
{
	struct crm_phone_map *m = crm_phone_map_new(country_code);
	struct crm_db_iter *it = crm_db_customer_phones(db);
	const char *phone;
	long long id;

	while (crm_db_customer_phones_next(it, &id, &phone))
		crm_phone_map_add(m, phone, id);
	crm_db_iter_free(it);
	return m;
}

struct crm_survey *
crm_survey_new(struct crm_db *db, const struct crm_tsv *t,
	       const char *country_code, const struct crm_note *dflt,
	       struct crm_err *e)
{
	struct crm_survey *s = crm_xmalloc(sizeof *s);
	int who;

	memset(s, 0, sizeof *s);
	s->db = db;
	s->default_day = dflt->day;
	s->default_staff = dflt->staff;
	if (crm_tsv_map_header(t, crm_survey_cols, CRM_SURVEY_NCOLS, s->map,
			       e) < 0 ||
	    (who = who_column(s->map, e)) < 0)
		goto bad;
	if (s->map[CRM_SURVEY_SCORE] < 0) {
		crm_err_set(e, CRM_EX_DATAERR,
			    "the header needs a score column");
		goto bad;
	}
	s->who = (enum crm_survey_col)who;
	if (s->who == CRM_SURVEY_PHONE)
		s->phones = load_phones(db, country_code);
	return s;
bad:
	free(s);
	return NULL;
}

void
crm_survey_free(struct crm_survey *s)
{
	if (!s)
		return;
	crm_phone_map_free(s->phones);
	free(s);
}

static int
by_phone(struct crm_survey *s, const char *v, long long *id,
	 struct crm_err *e)
{
	long long ids[2], n = crm_phone_map_find(s->phones, v, ids);

	if (n < 0)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "phone '%s' is not a phone number", v);
	if (n > 1)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "phone '%s' matches %lld customers (%lld, "
				   "%lld%s): give the number to one of them "
				   "only", v, n, ids[0], ids[1],
				   n > 2 ? ", ..." : "");
	*id = n ? ids[0] : 0;
	return 0;
}

/*
 * The customer who sent the reply, or 0 with e saying that no customer
 * did; -1 with e set for a sender that is no key at all.
 */
static long long
sender(struct crm_survey *s, const char *v, struct crm_err *e)
{
	static const char *const words[] = {"id", "card", "e-mail"};
	long long id = 0, n;
	const char *why;

	if (!v)
		return crm_err_set(e, CRM_EX_DATAERR, "no %s",
				   crm_survey_cols[s->who]);
	switch (s->who) {
	case CRM_SURVEY_PHONE:
		if (by_phone(s, v, &id, e) < 0)
			return -1;
		break;
	case CRM_SURVEY_CUSTOMER:
		if (crm_int_parse(v, 1, INT64_MAX, &n, &why) < 0)
			return crm_err_set(e, CRM_EX_DATAERR,
					   "customer id '%s' %s", v, why);
		id = crm_db_customer_find(s->db, CRM_KEY_ID, v);
		break;
	case CRM_SURVEY_CARD:
		id = crm_db_customer_find(s->db, CRM_KEY_CARD, v);
		break;
	default:
		id = crm_db_customer_find(s->db, CRM_KEY_EMAIL, v);
		break;
	}
	if (!id)
		crm_err_set(e, CRM_EX_NOINPUT, "no customer with %s '%s'",
			    s->who == CRM_SURVEY_PHONE ? "phone"
						       : words[s->who], v);
	return id;
}

/* the reply's date, score and text into n */
static int
parse_reply(const struct crm_survey *s, const struct crm_tsv *t,
	    struct crm_note *n, struct crm_err *e)
{
	const char *v, *why;
	long long score;

	n->day = s->default_day;
	if (s->map[CRM_SURVEY_DATE] >= 0) {
		v = crm_tsv_field(t, s->map[CRM_SURVEY_DATE]);
		if (crm_date_parse(v, &n->day, &why) < 0)
			return crm_err_set(e, CRM_EX_DATAERR, "date '%s' %s",
					   v ? v : "", why);
	}
	v = crm_tsv_field(t, s->map[CRM_SURVEY_SCORE]);
	if (!v)
		return crm_err_set(e, CRM_EX_DATAERR, "no score");
	if (crm_int_parse(v, 1, 5, &score, &why) < 0)
		return crm_err_set(e, CRM_EX_DATAERR,
				   "score '%s' %s (a survey's score is a whole "
				   "number from 1 to 5)", v, why);
	n->score = (int)score;
	n->text = crm_tsv_field(t, s->map[CRM_SURVEY_TEXT]);
	/* storage trims the name; a blank one is nobody (crm_staff_span) */
	n->staff = crm_tsv_field(t, s->map[CRM_SURVEY_STAFF]);
	if (!n->staff || !crm_staff_span(n->staff, &v))
		n->staff = s->default_staff;
	return 0;
}

enum crm_survey_result
crm_survey_reply(struct crm_survey *s, const struct crm_tsv *t,
		 long long *note, struct crm_err *e)
{
	struct crm_note n;
	long long id;

	memset(&n, 0, sizeof n);
	n.kind = CRM_NOTE_SURVEY;
	/* the reply itself first: a bad score is an error whoever sent it */
	if (parse_reply(s, t, &n, e) < 0)
		return CRM_SURVEY_ERROR;
	id = sender(s, crm_tsv_field(t, s->map[s->who]), e);
	if (id < 0)
		return CRM_SURVEY_ERROR;
	if (id == 0)
		return CRM_SURVEY_UNKNOWN;
	n.customer = id;
	*note = crm_db_note_add(s->db, &n);
	return CRM_SURVEY_RECORDED;
}
