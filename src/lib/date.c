/* date.c - calendar dates as day numbers, ISO weeks and period keys */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crm.h"

/* days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant) */
crm_day
crm_day_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (crm_day)(era * 146097 + doe - 719468);
}

void
crm_day_to_ymd(crm_day day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && leap(y) ? 29 : n[m - 1];
}

static int
digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
crm_date_parse(const char *s, crm_day *out, const char **why)
{
	int y, m, d;

	if (!s || !*s)
		return *why = "is empty", -1;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    (y = digits(s, 4)) < 0 || (m = digits(s + 5, 2)) < 0 ||
	    (d = digits(s + 8, 2)) < 0)
		return *why = "is not a date (YYYY-MM-DD)", -1;
	if (y < 1 || m < 1 || m > 12)
		return *why = "is not a valid date", -1;
	if (d < 1 || d > month_days(y, m))
		return *why = "is not a valid date", -1;
	*out = crm_day_from_ymd(y, m, d);
	return 0;
}

char *
crm_date_format(crm_day day, char *buf)
{
	int y, m, d;

	crm_day_to_ymd(day, &y, &m, &d);
	snprintf(buf, CRM_DATE_BUFSZ, "%04d-%02d-%02d", y, m, d);
	return buf;
}

int
crm_day_weekday(crm_day day)
{
	/* 1970-01-01 was a Thursday (4) */
	int w = (int)((day % 7 + 7 + 3) % 7);

	return w + 1;
}

void
crm_day_isoweek(crm_day day, int *year, int *week)
{
	/* the ISO year is the year of the week's Thursday */
	crm_day thursday = day - crm_day_weekday(day) + 4;
	int y, m, d;

	crm_day_to_ymd(thursday, &y, &m, &d);
	*year = y;
	*week = (thursday - crm_day_from_ymd(y, 1, 1)) / 7 + 1;
}

crm_day
crm_today(void)
{
	const char *env = getenv("CRM_TODAY");
	const char *why;
	crm_day day;
	time_t now;
	struct tm tm;

	if (env && *env) {
		if (crm_date_parse(env, &day, &why) < 0)
			crm_die(CRM_EX_USAGE, "CRM_TODAY '%s' %s", env, why);
		return day;
	}
	now = time(NULL);
	if (!localtime_r(&now, &tm))
		crm_die(CRM_EX_SOFTWARE, "cannot read the clock");
	return crm_day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int
crm_period_parse(const char *s, enum crm_period *out)
{
	static const char *const names[] = {"day",     "week", "month",
					    "quarter", "year", "all"};

	for (int i = 0; i < 6; i++)
		if (strcmp(s, names[i]) == 0)
			return *out = (enum crm_period)i, 0;
	return -1;
}

crm_day
crm_period_start(enum crm_period p, crm_day day)
{
	int y, m, d;

	crm_day_to_ymd(day, &y, &m, &d);
	switch (p) {
	case CRM_PERIOD_DAY:
		return day;
	case CRM_PERIOD_WEEK:
		return day - crm_day_weekday(day) + 1;
	case CRM_PERIOD_MONTH:
		return crm_day_from_ymd(y, m, 1);
	case CRM_PERIOD_QUARTER:
		return crm_day_from_ymd(y, (m - 1) / 3 * 3 + 1, 1);
	case CRM_PERIOD_YEAR:
		return crm_day_from_ymd(y, 1, 1);
	case CRM_PERIOD_ALL:
		break;
	}
	return INT32_MIN;
}

crm_day
crm_period_next(enum crm_period p, crm_day start)
{
	int y, m, d;

	crm_day_to_ymd(start, &y, &m, &d);
	switch (p) {
	case CRM_PERIOD_DAY:
		return start + 1;
	case CRM_PERIOD_WEEK:
		return start + 7;
	case CRM_PERIOD_MONTH:
		return m == 12 ? crm_day_from_ymd(y + 1, 1, 1)
			       : crm_day_from_ymd(y, m + 1, 1);
	case CRM_PERIOD_QUARTER:
		return m >= 10 ? crm_day_from_ymd(y + 1, 1, 1)
			       : crm_day_from_ymd(y, m + 3, 1);
	case CRM_PERIOD_YEAR:
		return crm_day_from_ymd(y + 1, 1, 1);
	case CRM_PERIOD_ALL:
		break;
	}
	return INT32_MAX;
}

char *
crm_period_key(enum crm_period p, crm_day day, char *buf)
{
	int y, m, d, wy, w;

	crm_day_to_ymd(day, &y, &m, &d);
	switch (p) {
	case CRM_PERIOD_DAY:
		return crm_date_format(day, buf);
	case CRM_PERIOD_WEEK:
		crm_day_isoweek(day, &wy, &w);
		snprintf(buf, CRM_PERIOD_BUFSZ, "%04d-W%02d", wy, w);
		break;
	case CRM_PERIOD_MONTH:
		snprintf(buf, CRM_PERIOD_BUFSZ, "%04d-%02d", y, m);
		break;
	case CRM_PERIOD_QUARTER:
		snprintf(buf, CRM_PERIOD_BUFSZ, "%04d-Q%d", y, (m - 1) / 3 + 1);
		break;
	case CRM_PERIOD_YEAR:
		snprintf(buf, CRM_PERIOD_BUFSZ, "%04d", y);
		break;
	case CRM_PERIOD_ALL:
		snprintf(buf, CRM_PERIOD_BUFSZ, "all");
		break;
	}
	return buf;
}
