/* crm-report.h - the nightly report: its data (report.c) and its three
 * renderings (report-text.c, report-html.c, report-json.c); included by
 * crm.h */
#ifndef CRM_REPORT_H
#define CRM_REPORT_H

enum crm_section {
	CRM_SEC_SALES,      /* yesterday, month and year to --as-of vs last year */
	CRM_SEC_CUSTOMERS,  /* new customers and where they came from */
	CRM_SEC_CATEGORIES, /* the most profitable category this year */
	CRM_SEC_TOP,        /* the top 10 % and their share */
	CRM_SEC_LAPSED,     /* newly lapsed, the most valuable of them */
	CRM_SEC_LOST,       /* lost customers and the reasons */
	CRM_SEC_REFERRALS,  /* referrers still unthanked */
	CRM_SEC_COMPLAINTS, /* open complaints, oldest first */
	CRM_SEC_BONUS,      /* bonus issued and redeemed */
	CRM_SEC_SEGMENTS,   /* customers per RFM segment */
	CRM_SEC_STAFF,      /* per staff member: sales, surveys, complaints;
			     * only when staff is recorded this year */
	CRM_NSECTIONS
};
extern const char *const crm_section_names[CRM_NSECTIONS];
int crm_section_lookup(const char *name); /* -1 when unknown */

/* sums over a span of days */
struct crm_span {
	crm_day from, to;
	long long purchases;
	crm_money net;
};

/* a span's change against the same span last year */
struct crm_change {
	int known;        /* 0 when last year's net is 0: "n/a", null */
	int no_sales;     /* no purchases and no net in either span */
	long long tenths; /* (now - last) / |last|, tenths of a percent,
			   * rounded half away from zero (crm_share_tenths) */
};

/* a customer named in a section */
struct crm_rep_customer {
	long long id;
	char *name;
	crm_money value;  /* net (lapsed), or the section's money */
	crm_day day;      /* last purchase (lapsed), lost day, ... */
	char *text;       /* source, lost reason, ... (may be NULL) */
};

struct crm_rep_list {
	struct crm_rep_customer *v;
	size_t n, cap;
	long long total; /* how many there are, v may hold fewer */
};

struct crm_rep_count {
	char *key; /* NULL: none given */
	long long n;
	crm_money value;
	long long share_tenths; /* segments: n of segment_customers, in
				 * tenths of a percent (crm_share_tenths) */
};

struct crm_rep_counts {
	struct crm_rep_count *v;
	size_t n, cap;
};

struct crm_rep_category {
	char *name;
	long long customers, buyers;
	crm_money revenue, profit;
	crm_money net, uncosted; /* profit.c: uncosted is in no profit */
	crm_money profit_now;    /* each sale in the category of the customer
				  * now, not of its date */
	long long share_tenths;  /* profit of year_profit, tenths of a
				  * percent (crm_share_tenths) */
};

/* one staff member this year (crm-staff.h) */
struct crm_rep_staff {
	char *name;             /* NULL: the sales and notes naming nobody */
	long long sales;        /* purchases (amount >= 0) */
	crm_money revenue;
	long long surveys;
	long long score_tenths; /* the mean score in tenths, rounded half
				 * away from zero; -1 without surveys */
	long long complaints, praise;
};

struct crm_rep_complaint {
	long long note, id;
	char *name, *text;
	crm_day day;
	long long age_days;
};

struct crm_report {
	crm_day as_of, since; /* "new" means after since, up to as_of */
	int digits;           /* currency minor digits */
	char currency[8];
	int lapsed_days, top_percent;
	int sections[CRM_NSECTIONS]; /* the chosen ones, in order */
	int nsections;

	/* sales */
	struct crm_span yesterday, yesterday_ly, month, month_ly;
	int year;                       /* the year of --as-of */
	crm_money month_net[2][12];     /* [0] last year, [1] this year */
	long long month_purchases[2][12];
	/* the year to --as-of, and last year to the same day */
	struct crm_span year_to_date, year_to_date_ly;
	struct crm_change yesterday_change, month_change, year_to_date_change;

	/* customers */
	struct crm_rep_list new_customers;  /* text = source */
	struct crm_rep_counts new_by_source;

	/* categories, this year; sorted by profit, best first */
	struct crm_rep_category *categories;
	size_t ncategories;
	crm_money year_profit;
	crm_money year_uncosted;  /* the net of this year's uncosted sales */
	int year_costed;          /* some sale this year has a cost; if not,
				   * categories are ranked by net */
	int views_differ;         /* profit_now differs from profit somewhere */

	/* top */
	long long ranked;         /* customers with positive net this year */
	long long top_n;          /* ceil(ranked x top_percent / 100) */
	crm_money top_value, year_net;
	double curve[21];         /* share held by the top 0, 5, ..., 100 % */
	long long curve_tenths[21]; /* the same in tenths of a percent,
				     * rounded half up; 0 where the share is
				     * not a number within 0..100 */
	long long top_share_tenths; /* top_value of year_net, tenths of a
				     * percent (crm_share_tenths) */

	/* lapsed: newly lapsed since `since`, most valuable first */
	struct crm_rep_list lapsed;
	long long lapsed_month[12]; /* this year, by the month they lapsed */

	/* lost since `since`, and the reasons */
	struct crm_rep_list lost;   /* text = reason */
	struct crm_rep_counts lost_reasons;
	long long lost_month[12];

	/* referrers with referrals not yet thanked; value = unthanked */
	struct crm_rep_list unthanked;

	/* open complaints, oldest first */
	struct crm_rep_complaint *complaints;
	size_t ncomplaints;
	long long open_complaints;

	/* bonus since `since` */
	crm_money bonus_issued, bonus_redeemed, bonus_reversed;

	/* surveys this year, by score 1..5 */
	long long scores[5];
	long long surveys;          /* how many, all scores */
	long long survey_tenths;    /* the mean score in tenths, rounded half
				     * away from zero; 0 without surveys */

	/* staff this year, the unnamed first, then by name; none (nstaff
	 * 0) when no sale or note of the year names a staff member, and
	 * then the section is left out */
	struct crm_rep_staff *staff;
	size_t nstaff;

	/* segments: customers and net per segment, in map order */
	struct crm_rep_counts segments;
	long long segment_customers; /* in every segment */
};

/* What the report asks the database beyond the purchase and customer
 * streams (db-nightly.c). */
struct crm_open_complaint {
	long long note, id;
	const char *name, *text; /* borrowed */
	crm_day day;
};
/* open complaints on as_of, oldest first: fn for at most limit of them;
 * returns how many there are */
long long crm_db_open_complaints(struct crm_db *db, crm_day as_of, long long limit,
				 void (*fn)(const struct crm_open_complaint *, void *),
				 void *arg);
/* referrers with referrals not covered by a thank, by id: fn(id, name,
 * how many), the name NULL unless want_name(id) said yes */
void crm_db_unthanked(struct crm_db *db, crm_day as_of,
		      int (*want_name)(long long id, void *arg),
		      void (*fn)(long long id, const char *name, long long n,
				 void *arg),
		      void *arg);
/* bonus accrued, redeemed (positive) and reversed (positive) in from..to */
void crm_db_bonus_sums(struct crm_db *db, crm_day from, crm_day to,
		       crm_money *issued, crm_money *redeemed,
		       crm_money *reversed);
/* survey notes in from..to by score 1..5 */
void crm_db_survey_scores(struct crm_db *db, crm_day from, crm_day to,
			  long long scores[5]);

/* the year and month (1..12) of the --as-of day, the last the report counts:
 * "this year" and "this month" of every rendering */
int crm_report_year(const struct crm_report *r);
int crm_report_month(const struct crm_report *r);

/* Gather everything the chosen sections need; one pass over purchases
 * where it can.  Dies on database errors like any command. */
void crm_report_gather(struct crm_db *db, const struct crm_config *cfg,
		       struct crm_report *r);
/* Compute the figures made of the gathered sums: the year to date and
 * last year's, the changes against last year, the survey count and mean,
 * the customers in segments, and the shares (of categories, of the top
 * customers, of segments).  crm_report_gather() calls it last; a report
 * filled by other means (tests) calls it before rendering.  The renderers
 * only format what is here. */
void crm_report_figures(struct crm_report *r);
void crm_report_release(struct crm_report *r);
/* Write the report: plain text for mail (80 columns), one HTML page with
 * inline CSS and SVG, or one JSON object.  Return 0, or -1 on a write
 * error (errno set). */
int crm_report_text(const struct crm_report *r, FILE *fp);
int crm_report_html(const struct crm_report *r, FILE *fp);
int crm_report_json(const struct crm_report *r, FILE *fp);

#endif
