/* test-date.c - dates, weekdays, ISO weeks and periods (date.c) */
#include <stdint.h>
#include <time.h>

#include "crm.h"
#include "tap.h"

static crm_day
ymd(int y, int m, int d)
{
	return crm_day_from_ymd(y, m, d);
}

static void
date_ok(const char *s, int y, int m, int d)
{
	crm_day day = -1;
	const char *why = NULL;
	int rc = crm_date_parse(s, &day, &why);

	ok(rc == 0 && day == ymd(y, m, d), "date '%s' is valid", s);
	if (rc)
		diag("why: %s", why);
}

static void
date_bad(const char *s, const char *want_why)
{
	crm_day day = 12345;
	const char *why = NULL;

	ok(crm_date_parse(s, &day, &why) == -1 && day == 12345,
	   "date '%s' is rejected", s);
	is_str(why, want_why, "date '%s': why", s);
}

static void
isoweek(int y, int m, int d, int want_year, int want_week)
{
	int wy = 0, w = 0;

	crm_day_isoweek(ymd(y, m, d), &wy, &w);
	ok(wy == want_year && w == want_week,
	   "%04d-%02d-%02d is in %04d-W%02d", y, m, d, want_year, want_week);
	if (wy != want_year || w != want_week)
		diag("got %04d-W%02d", wy, w);
}

static const char *
fmt(crm_day day, char *buf)
{
	return crm_date_format(day, buf);
}

static void
period(enum crm_period p, crm_day day, const char *want_start,
       const char *want_next)
{
	static const char *const names[] = {"day",     "week", "month",
					    "quarter", "year", "all"};
	char a[CRM_DATE_BUFSZ], b[CRM_DATE_BUFSZ], c[CRM_DATE_BUFSZ];
	crm_day start = crm_period_start(p, day);

	is_str(fmt(start, a), want_start, "%s containing %s starts %s",
	       names[p], fmt(day, c), want_start);
	is_str(fmt(crm_period_next(p, start), b), want_next,
	       "%s after the one starting %s starts %s", names[p], a,
	       want_next);
}

/* bad CRM_TODAY: crm_today() dies */
static void
call_today(void *arg)
{
	(void)arg;
	crm_today();
}

/* a leap year by the rule, written out independently of date.c */
static int
is_leap(int y)
{
	return y % 400 == 0 || (y % 4 == 0 && y % 100 != 0);
}

int
main(void)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};
	const char *bad = "is not a valid date";
	const char *form = "is not a date (YYYY-MM-DD)";
	char buf[CRM_DATE_BUFSZ], msg[512];
	enum crm_period p;
	int y, m, d, good, status;
	crm_day day, first, last;
	time_t now;
	struct tm tm;

	/* ---- crm_date_parse ---- */
	date_ok("2024-02-29", 2024, 2, 29);
	date_ok("2000-02-29", 2000, 2, 29);
	date_ok("1970-01-01", 1970, 1, 1);
	date_ok("0001-01-01", 1, 1, 1);
	date_ok("9999-12-31", 9999, 12, 31);
	date_ok("2025-04-30", 2025, 4, 30);
	date_ok("2025-12-31", 2025, 12, 31);
	date_bad("2023-02-29", bad);
	date_bad("2025-02-30", bad);
	date_bad("2025-13-01", bad);
	date_bad("1900-02-29", bad);
	date_bad("0000-01-01", bad);
	date_bad("2025-00-10", bad);
	date_bad("2025-01-00", bad);
	date_bad("2025-01-32", bad);
	date_bad("2025-04-31", bad);
	date_bad("25-1-1", form);
	date_bad("2025-1-01", form);
	date_bad("2025-01-1", form);
	date_bad("2025/01/01", form);
	date_bad("2025-01-01 ", form);
	date_bad(" 2025-01-01", form);
	date_bad("+025-01-01", form);
	date_bad("2025-0a-01", form);
	date_bad("20250101", form);
	date_bad("", "is empty");

	/* ---- day numbers ---- */
	is_int(ymd(1970, 1, 1), 0, "1970-01-01 is day 0");
	is_int(ymd(1969, 12, 31), -1, "1969-12-31 is day -1");
	is_int(ymd(2000, 3, 1), 11017, "2000-03-01 is day 11017");
	is_str(fmt(0, buf), "1970-01-01", "day 0 prints as 1970-01-01");
	is_str(fmt(-1, buf), "1969-12-31", "day -1 prints as 1969-12-31");

	/* every day from 1900-01-01 to 2100-12-31, against a calendar
	 * walked one day at a time */
	first = ymd(1900, 1, 1);
	last = ymd(2100, 12, 31);
	good = 1;
	y = 1900, m = 1, d = 1;
	for (day = first; day <= last && good; day++) {
		char want[64];
		crm_day back = -1;
		const char *why;
		int yy, mm, dd;

		snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, d);
		crm_day_to_ymd(day, &yy, &mm, &dd);
		if (strcmp(fmt(day, buf), want) != 0 ||
		    crm_date_parse(buf, &back, &why) < 0 || back != day ||
		    crm_day_from_ymd(y, m, d) != day || yy != y || mm != m ||
		    dd != d) {
			good = 0;
			diag("day %ld: want %s, printed %s, parsed back %ld",
			     (long)day, want, buf, (long)back);
		}
		if (++d > (m == 2 && is_leap(y) ? 29 : mdays[m - 1])) {
			d = 1;
			if (++m > 12)
				m = 1, y++;
		}
	}
	ok(good && y == 2101 && m == 1 && d == 1,
	   "every day 1900-01-01 .. 2100-12-31 round-trips (%ld days)",
	   (long)(last - first + 1));

	/* ---- weekdays ---- */
	is_int(crm_day_weekday(ymd(1970, 1, 1)), 4, "1970-01-01 is a Thursday");
	is_int(crm_day_weekday(ymd(2025, 3, 14)), 5, "2025-03-14 is a Friday");
	is_int(crm_day_weekday(ymd(2025, 3, 16)), 7, "2025-03-16 is a Sunday");
	is_int(crm_day_weekday(ymd(2025, 3, 17)), 1, "2025-03-17 is a Monday");
	is_int(crm_day_weekday(ymd(1969, 12, 31)), 3,
	       "1969-12-31 is a Wednesday");
	is_int(crm_day_weekday(ymd(1900, 1, 1)), 1, "1900-01-01 is a Monday");
	good = 1;
	for (day = first; day <= last && good; day++)
		if (crm_day_weekday(day) != (int)((day - first) % 7) + 1) {
			good = 0;
			diag("weekday of %s is %d", fmt(day, buf),
			     crm_day_weekday(day));
		}
	ok(good, "weekdays cycle Monday..Sunday from 1900 to 2100");

	/* ---- ISO weeks ---- */
	isoweek(2020, 12, 31, 2020, 53);
	isoweek(2021, 1, 3, 2020, 53);
	isoweek(2021, 1, 4, 2021, 1);
	isoweek(2008, 12, 29, 2009, 1);
	isoweek(2010, 1, 3, 2009, 53);
	isoweek(2025, 3, 14, 2025, 11);
	isoweek(2024, 12, 30, 2025, 1);
	isoweek(2026, 12, 31, 2026, 53);
	isoweek(1970, 1, 1, 1970, 1);
	isoweek(2005, 1, 2, 2004, 53);
	isoweek(2005, 1, 3, 2005, 1);

	/* ---- period names and keys ---- */
	{
		static const char *const names[] = {"day",     "week", "month",
						    "quarter", "year", "all"};

		for (int i = 0; i < 6; i++)
			ok(crm_period_parse(names[i], &p) == 0 &&
				   p == (enum crm_period)i,
			   "period '%s' parses", names[i]);
		ok(crm_period_parse("Day", &p) == -1, "period 'Day' is refused");
		ok(crm_period_parse("weeks", &p) == -1,
		   "period 'weeks' is refused");
		ok(crm_period_parse("", &p) == -1, "period '' is refused");
	}
	day = ymd(2025, 3, 14);
	is_str(crm_period_key(CRM_PERIOD_DAY, day, buf), "2025-03-14", "day key");
	is_str(crm_period_key(CRM_PERIOD_WEEK, day, buf), "2025-W11", "week key");
	is_str(crm_period_key(CRM_PERIOD_MONTH, day, buf), "2025-03",
	       "month key");
	is_str(crm_period_key(CRM_PERIOD_QUARTER, day, buf), "2025-Q1",
	       "quarter key");
	is_str(crm_period_key(CRM_PERIOD_YEAR, day, buf), "2025", "year key");
	is_str(crm_period_key(CRM_PERIOD_ALL, day, buf), "all", "all key");
	is_str(crm_period_key(CRM_PERIOD_WEEK, ymd(2021, 1, 3), buf),
	       "2020-W53", "week key of 2021-01-03 is 2020-W53");
	is_str(crm_period_key(CRM_PERIOD_WEEK, ymd(2024, 12, 30), buf),
	       "2025-W01", "week key of 2024-12-30 is 2025-W01");
	is_str(crm_period_key(CRM_PERIOD_QUARTER, ymd(2025, 10, 1), buf),
	       "2025-Q4", "quarter key of 2025-10-01");
	is_str(crm_period_key(CRM_PERIOD_QUARTER, ymd(2025, 9, 30), buf),
	       "2025-Q3", "quarter key of 2025-09-30");

	/* ---- period starts and the next period ---- */
	period(CRM_PERIOD_DAY, ymd(2024, 2, 28), "2024-02-28", "2024-02-29");
	period(CRM_PERIOD_DAY, ymd(2025, 12, 31), "2025-12-31", "2026-01-01");
	period(CRM_PERIOD_WEEK, ymd(2025, 3, 14), "2025-03-10", "2025-03-17");
	period(CRM_PERIOD_WEEK, ymd(2025, 3, 16), "2025-03-10", "2025-03-17");
	period(CRM_PERIOD_WEEK, ymd(2021, 1, 3), "2020-12-28", "2021-01-04");
	period(CRM_PERIOD_MONTH, ymd(2024, 2, 29), "2024-02-01", "2024-03-01");
	period(CRM_PERIOD_MONTH, ymd(2023, 2, 28), "2023-02-01", "2023-03-01");
	period(CRM_PERIOD_MONTH, ymd(2025, 12, 31), "2025-12-01", "2026-01-01");
	period(CRM_PERIOD_QUARTER, ymd(2025, 3, 31), "2025-01-01", "2025-04-01");
	period(CRM_PERIOD_QUARTER, ymd(2025, 4, 1), "2025-04-01", "2025-07-01");
	period(CRM_PERIOD_QUARTER, ymd(2025, 9, 30), "2025-07-01", "2025-10-01");
	period(CRM_PERIOD_QUARTER, ymd(2025, 10, 1), "2025-10-01", "2026-01-01");
	period(CRM_PERIOD_QUARTER, ymd(2024, 2, 29), "2024-01-01", "2024-04-01");
	period(CRM_PERIOD_QUARTER, ymd(2025, 12, 31), "2025-10-01", "2026-01-01");
	period(CRM_PERIOD_YEAR, ymd(2024, 2, 29), "2024-01-01", "2025-01-01");
	period(CRM_PERIOD_YEAR, ymd(2024, 12, 31), "2024-01-01", "2025-01-01");
	period(CRM_PERIOD_YEAR, ymd(2025, 1, 1), "2025-01-01", "2026-01-01");
	is_int(crm_period_next(CRM_PERIOD_YEAR, ymd(2024, 1, 1)) - ymd(2024, 1, 1),
	       366, "2024 has 366 days");
	is_int(crm_period_next(CRM_PERIOD_YEAR, ymd(2000, 1, 1)) - ymd(2000, 1, 1),
	       366, "2000 has 366 days");
	is_int(crm_period_next(CRM_PERIOD_YEAR, ymd(1900, 1, 1)) - ymd(1900, 1, 1),
	       365, "1900 has 365 days");
	is_int(crm_period_next(CRM_PERIOD_QUARTER, ymd(2024, 1, 1)) -
		       ymd(2024, 1, 1),
	       91, "2024-Q1 has 91 days");
	is_int(crm_period_next(CRM_PERIOD_QUARTER, ymd(2023, 1, 1)) -
		       ymd(2023, 1, 1),
	       90, "2023-Q1 has 90 days");
	day = ymd(2025, 3, 14);
	ok(crm_period_start(CRM_PERIOD_ALL, day) <= ymd(1, 1, 1) &&
		   crm_period_next(CRM_PERIOD_ALL,
				   crm_period_start(CRM_PERIOD_ALL, day)) >
			   ymd(9999, 12, 31),
	   "the period 'all' spans every date");

	/* properties over 1999..2031 for every period but 'all' */
	for (int pi = CRM_PERIOD_DAY; pi <= CRM_PERIOD_YEAR; pi++) {
		p = (enum crm_period)pi;
		good = 1;
		for (day = ymd(1999, 1, 1); day <= ymd(2031, 12, 31) && good;
		     day++) {
			crm_day s = crm_period_start(p, day);
			crm_day n = crm_period_next(p, s);
			char k1[CRM_PERIOD_BUFSZ], k2[CRM_PERIOD_BUFSZ],
				k3[CRM_PERIOD_BUFSZ];

			crm_period_key(p, day, k1);
			crm_period_key(p, s, k2);
			crm_period_key(p, n, k3);
			if (!(s <= day && day < n) ||
			    crm_period_start(p, n) != n ||
			    crm_period_start(p, n - 1) != s ||
			    strcmp(k1, k2) != 0 || strcmp(k1, k3) == 0) {
				good = 0;
				diag("period %d at %s: start %ld next %ld keys "
				     "%s %s %s", pi, fmt(day, buf), (long)s,
				     (long)n, k1, k2, k3);
			}
		}
		ok(good, "period %d: start <= day < next, keys agree, 1999..2031",
		   pi);
	}

	/* ---- crm_today ---- */
	setenv("CRM_TODAY", "2025-03-14", 1);
	is_int(crm_today(), ymd(2025, 3, 14), "CRM_TODAY=2025-03-14 is today");
	setenv("CRM_TODAY", "2024-02-29", 1);
	is_int(crm_today(), ymd(2024, 2, 29), "CRM_TODAY=2024-02-29 is today");
	unsetenv("CRM_TODAY");
	now = time(NULL);
	localtime_r(&now, &tm);
	day = ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	{
		crm_day t = crm_today();

		ok(t == day || t == day + 1, "without CRM_TODAY it is the clock's");
	}
	/* day 0 (1970-01-01) is a date; CRM_NO_DAY is none */
	{
		struct crm_window w;

		memset(&w, 0, sizeof w);
		crm_window_resolve(&w, 10, 0, 1);
		ok(w.from == 0 && w.to == 10,
		   "a first purchase on 1970-01-01 starts the window there");
		memset(&w, 0, sizeof w);
		crm_window_resolve(&w, 10, -5, 1);
		ok(w.from == -5 && w.to == 10,
		   "a first purchase before 1970 starts the window there");
		memset(&w, 0, sizeof w);
		crm_window_resolve(&w, 10, CRM_NO_DAY, 1);
		ok(w.from == 10 && w.to == 10,
		   "with no purchase at all the window is the as-of day");
		ok(crm_day_from_ymd(1, 1, 1) > CRM_NO_DAY,
		   "CRM_NO_DAY is before every date crm accepts");
	}
	/* the periods of a window, and which holds a day */
	{
		struct crm_window w = {ymd(2025, 1, 15), ymd(2025, 3, 31),
				       CRM_PERIOD_MONTH, 1, 1, 1};
		crm_day *starts;
		int n = crm_window_periods(&w, &starts);

		is_int(n, 3, "January (from the 15th) to March: 3 months");
		ok(starts[0] == ymd(2025, 1, 15) &&
		   starts[1] == ymd(2025, 2, 1) && starts[2] == ymd(2025, 3, 1),
		   "the first period starts at --from, the others on the 1st");
		is_int(crm_period_index(starts, n, ymd(2025, 1, 1)), 0,
		       "a day before the window counts in the first period");
		is_int(crm_period_index(starts, n, ymd(2025, 1, 31)), 0,
		       "January 31st is in January");
		is_int(crm_period_index(starts, n, ymd(2025, 2, 1)), 1,
		       "February 1st is in February");
		is_int(crm_period_index(starts, n, ymd(2025, 3, 31)), 2,
		       "March 31st is in March");
		free(starts);
		w.period = CRM_PERIOD_ALL;
		n = crm_window_periods(&w, &starts);
		ok(n == 1 && starts[0] == w.from,
		   "--period all is one period from --from");
		free(starts);
	}
	setenv("CRM_TODAY", "", 1);
	{
		crm_day t = crm_today();

		ok(t == day || t == day + 1, "an empty CRM_TODAY is ignored");
	}
	setenv("CRM_TODAY", "2025-02-30", 1);
	status = run_child(call_today, NULL, msg, sizeof msg);
	is_int(status, 64, "a bad CRM_TODAY exits 64");
	ok(strstr(msg, "CRM_TODAY '2025-02-30'") != NULL,
	   "and the message names it");
	unsetenv("CRM_TODAY");

	return done_testing();
}
