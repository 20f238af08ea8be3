/* test-money.c - money, percentages and strict integers (money.c) */
#include <stdint.h>

#include "crm.h"
#include "tap.h"

static void
money_ok(const char *s, int digits, crm_money want)
{
	crm_money v = 12345;
	const char *why = NULL;
	int rc = crm_money_parse(s, digits, &v, &why);

	ok(rc == 0 && v == want, "money '%s' with %d digits is %lld", s,
	   digits, (long long)want);
	if (rc != 0 || v != want)
		diag("rc %d, value %lld, why %s", rc, (long long)v,
		     rc ? why : "-");
}

static void
money_bad(const char *s, int digits, const char *want_why)
{
	crm_money v = 12345;
	const char *why = NULL;
	int rc = crm_money_parse(s, digits, &v, &why);

	ok(rc == -1 && v == 12345, "money '%s' with %d digits is rejected", s,
	   digits);
	is_str(why, want_why, "money '%s' with %d digits: why", s, digits);
}

static void
money_fmt(crm_money v, int digits, const char *want)
{
	char buf[CRM_MONEY_BUFSZ];

	is_str(crm_money_format(v, digits, buf), want,
	       "format %lld with %d digits", (long long)v, digits);
}

static void
percent_ok(const char *s, int want, const char *want_text)
{
	int v = -7;
	const char *why = NULL;
	char buf[CRM_MONEY_BUFSZ];

	ok(crm_percent_parse(s, &v, &why) == 0 && v == want,
	   "percent '%s' is %d hundredths", s, want);
	is_str(crm_percent_format(want, buf), want_text,
	       "percent %d prints as %s", want, want_text);
}

static void
percent_bad(const char *s, const char *want_why)
{
	int v = -7;
	const char *why = NULL;

	ok(crm_percent_parse(s, &v, &why) == -1 && v == -7,
	   "percent '%s' is rejected", s);
	is_str(why, want_why, "percent '%s': why", s);
}

static void
int_ok(const char *s, long long min, long long max, long long want)
{
	long long v = 12345;
	const char *why = NULL;
	int rc = crm_int_parse(s, min, max, &v, &why);

	ok(rc == 0 && v == want, "int '%s' in [%lld, %lld] is %lld", s, min,
	   max, want);
	if (rc != 0 || v != want)
		diag("rc %d, value %lld, why %s", rc, v, rc ? why : "-");
}

static void
int_bad(const char *s, long long min, long long max, const char *want_why)
{
	long long v = 12345;
	const char *why = NULL;

	ok(crm_int_parse(s, min, max, &v, &why) == -1 && v == 12345,
	   "int '%s' in [%lld, %lld] is rejected", s, min, max);
	is_str(why, want_why, "int '%s': why", s);
}

int
main(void)
{
	static const char *const good[] = {"12.50", "-3", "0.5",
					   ".5",    "+1", "0"};
	static const crm_money want2[] = {1250, -300, 50, 50, 100, 0};
	static const crm_money want3[] = {12500, -3000, 500, 500, 1000, 0};
	const char *nan = "is not a number";
	const char *range = "is out of range";
	char buf[CRM_MONEY_BUFSZ];
	int roundtrip = 1;

	/* ---- crm_money_parse: accepted ---- */
	for (int i = 0; i < 6; i++)
		money_ok(good[i], 2, want2[i]);
	for (int i = 0; i < 6; i++)
		money_ok(good[i], 3, want3[i]);
	money_ok("-3", 0, -3);
	money_ok("+1", 0, 1);
	money_ok("0", 0, 0);
	money_ok("12", 0, 12);
	money_ok("1.234", 3, 1234);
	money_ok("-0.05", 2, -5);
	money_ok("-0", 2, 0);
	money_ok("007.10", 2, 710);
	/* the range ends exactly at CRM_MONEY_MAX minor units */
	money_ok("1000000000000000", 2, CRM_MONEY_MAX);
	money_ok("-1000000000000000.00", 2, -CRM_MONEY_MAX);
	money_ok("100000000000000000", 0, CRM_MONEY_MAX);
	money_ok("99999999999999.999", 3, CRM_MONEY_MAX - 1);

	/* ---- crm_money_parse: rejected, with the reason ---- */
	money_bad("12,50", 2, nan);
	money_bad("1e3", 2, nan);
	money_bad("nan", 2, nan);
	money_bad("", 2, "is empty");
	money_bad("12.", 2, nan);
	money_bad("1.234", 2, "has too many decimals");
	money_bad(" 12", 2, nan);
	money_bad("12 ", 2, nan);
	money_bad("--1", 2, nan);
	money_bad("1.2.3", 2, nan);
	money_bad("99999999999999999999", 2, range);
	money_bad("1000000000000000.01", 2, range);
	money_bad("1000000000000001", 2, range);
	money_bad("100000000000000001", 0, range);
	money_bad("-", 2, nan);
	money_bad("+", 2, nan);
	money_bad(".", 2, nan);
	money_bad("0x10", 2, nan);
	money_bad("12.50", 0, "must be a whole number");
	money_bad("0.5", 0, "must be a whole number");
	money_bad(".5", 0, "must be a whole number");
	money_bad("1.2345", 3, "has too many decimals");
	money_bad("12,50", 0, nan);
	money_bad("", 0, "is empty");
	{
		crm_money v = 1;
		const char *why = NULL;

		ok(crm_money_parse(NULL, 2, &v, &why) == -1 && why && v == 1,
		   "money NULL is rejected");
	}

	/* ---- crm_money_format ---- */
	money_fmt(10, 2, "0.10");
	money_fmt(-550, 2, "-5.50");
	money_fmt(0, 2, "0.00");
	money_fmt(-5, 2, "-0.05");
	money_fmt(1250, 2, "12.50");
	money_fmt(CRM_MONEY_MAX, 2, "1000000000000000.00");
	money_fmt(-CRM_MONEY_MAX, 2, "-1000000000000000.00");
	money_fmt(0, 0, "0");
	money_fmt(12, 0, "12");
	money_fmt(-7, 0, "-7");
	money_fmt(0, 3, "0.000");
	money_fmt(1234, 3, "1.234");
	money_fmt(-1, 3, "-0.001");
	money_fmt(5, 3, "0.005");
	money_fmt(INT64_MIN, 2, "-92233720368547758.08");
	money_fmt(INT64_MAX, 0, "9223372036854775807");

	/* format then parse gives the value back */
	for (int digits = 0; digits <= 3; digits++)
		for (crm_money v = -2345; v <= 2345 && roundtrip; v += 7) {
			crm_money back = 0;
			const char *why;

			crm_money_format(v, digits, buf);
			if (crm_money_parse(buf, digits, &back, &why) < 0 ||
			    back != v) {
				roundtrip = 0;
				diag("%lld -> '%s' -> %lld", (long long)v, buf,
				     (long long)back);
			}
		}
	ok(roundtrip, "format and parse round-trip with 0 to 3 digits");

	/* ---- percentages ---- */
	percent_ok("5", 500, "5.0");
	percent_ok("0.25", 25, "0.25");
	percent_ok("10.5", 1050, "10.5");
	percent_ok("100", 10000, "100.0");
	percent_ok("0", 0, "0.0");
	percent_ok("0.1", 10, "0.1");
	percent_ok("5.05", 505, "5.05");
	percent_ok("12.34", 1234, "12.34");
	percent_ok("99.99", 9999, "99.99");
	percent_bad("100.01", "must be a percentage from 0 to 100");
	percent_bad("-1", "must be a percentage from 0 to 100");
	percent_bad("101", "must be a percentage from 0 to 100");
	percent_bad("0.125", "has too many decimals");
	percent_bad("5%", nan);
	percent_bad("", "is empty");

	/* ---- crm_money_bonus: the accrual of db-sale.c, the magnitude of
	 * |amount| * hundredths / 10000 rounded half up ---- */
	is_int(crm_money_bonus(1999, 500), 100, "bonus 1999 at 5%% = 99.95 -> 100");
	is_int(crm_money_bonus(1998, 500), 100, "bonus 1998 at 5%% = 99.9 -> 100");
	is_int(crm_money_bonus(1989, 500), 99, "bonus 1989 at 5%% = 99.45 -> 99");
	is_int(crm_money_bonus(1990, 500), 100, "bonus 1990 at 5%% = 99.5 -> 100");
	is_int(crm_money_bonus(10, 250), 0, "bonus 10 at 2.5%% = 0.25 -> 0");
	is_int(crm_money_bonus(20, 250), 1, "bonus 20 at 2.5%% = 0.5 -> 1");
	is_int(crm_money_bonus(1, 5000), 1, "bonus 1 at 50%% = 0.5 -> 1");
	is_int(crm_money_bonus(1, 4999), 0, "bonus 1 at 49.99%% = 0.4999 -> 0");
	is_int(crm_money_bonus(5000, 1), 1, "bonus 5000 at 0.01%% = 0.5 -> 1");
	is_int(crm_money_bonus(4999, 1), 0, "bonus 4999 at 0.01%% = 0.4999 -> 0");
	is_int(crm_money_bonus(10000, 525), 525, "bonus 100.00 at 5.25%%");
	is_int(crm_money_bonus(12345, 0), 0, "bonus at 0%% is 0");
	is_int(crm_money_bonus(0, 500), 0, "bonus of 0 at 5%%");
	is_int(crm_money_bonus(12345, 10000), 12345, "bonus 12345 at 100%%");
	/* a return: the magnitude, the caller subtracts it */
	is_int(crm_money_bonus(-1999, 500), 100,
	       "bonus -1999 at 5%% = |-99.95| -> 100");
	is_int(crm_money_bonus(-20, 250), 1, "bonus -20 at 2.5%% = |-0.5| -> 1");
	is_int(crm_money_bonus(-10, 250), 0, "bonus -10 at 2.5%% = |-0.25| -> 0");
	is_int(crm_money_bonus(-12345, 10000), 12345, "bonus -12345 at 100%%");
	/* the bounds: 1e17 * 10000 passes 2^63, computed in 128 bits */
	is_int(crm_money_bonus(CRM_MONEY_MAX, 10000), CRM_MONEY_MAX,
	       "bonus CRM_MONEY_MAX at 100%%");
	is_int(crm_money_bonus(-CRM_MONEY_MAX, 10000), CRM_MONEY_MAX,
	       "bonus -CRM_MONEY_MAX at 100%%");
	is_int(crm_money_bonus(CRM_MONEY_MAX, 500), 5000000000000000LL,
	       "bonus CRM_MONEY_MAX at 5%%");
	is_int(crm_money_bonus(CRM_MONEY_MAX - 1, 1), 10000000000000LL,
	       "bonus CRM_MONEY_MAX - 1 at 0.01%% = 9999999999999.9999 -> 1e13");
	is_int(crm_money_bonus(CRM_MONEY_MAX - 1, 9999), 99989999999999999LL,
	       "bonus CRM_MONEY_MAX - 1 at 99.99%% = 99989999999999999.0001 "
	       "-> 99989999999999999");

	/* ---- crm_money_proportion: a return's share of its sale's bonus,
	 * |part| * bonus / sale, the magnitude rounded half up ---- */
	is_int(crm_money_proportion(-500, 50, 1000), 25,
	       "half of a 1000 sale gives back half of 50");
	is_int(crm_money_proportion(-1000, 50, 1000), 50,
	       "the whole sale gives back the whole bonus");
	is_int(crm_money_proportion(-333, 50, 1000), 17,
	       "333 of 1000 at 50 = 16.65 -> 17");
	is_int(crm_money_proportion(-331, 50, 1000), 17,
	       "331 of 1000 at 50 = 16.55 -> 17");
	is_int(crm_money_proportion(-329, 50, 1000), 16,
	       "329 of 1000 at 50 = 16.45 -> 16");
	is_int(crm_money_proportion(-1, 1, 3), 0, "1 of 3 at 1 = 0.33 -> 0");
	is_int(crm_money_proportion(-2, 1, 3), 1, "2 of 3 at 1 = 0.67 -> 1");
	is_int(crm_money_proportion(-1, 2, 4), 1, "1 of 4 at 2 = 0.5 -> 1");
	is_int(crm_money_proportion(1, 2, 4), 1, "positive 1 of 4 at 2 = 0.5 -> 1");
	is_int(crm_money_proportion(-700, 0, 1000), 0, "a sale without bonus");
	is_int(crm_money_proportion(0, 50, 1000), 0, "nothing returned");
	is_int(crm_money_proportion(-500, 50, 0), 0, "zero whole: 0");
	is_int(crm_money_proportion(-500, 50, -1000), 0, "negative whole: 0");
	is_int(crm_money_proportion(-CRM_MONEY_MAX, CRM_MONEY_MAX, CRM_MONEY_MAX),
	       CRM_MONEY_MAX, "CRM_MONEY_MAX of CRM_MONEY_MAX at CRM_MONEY_MAX");
	is_int(crm_money_proportion(-CRM_MONEY_MAX / 2, 1, CRM_MONEY_MAX), 1,
	       "5e16 of 1e17 at 1 = 0.5 -> 1");
	is_int(crm_money_proportion(-(CRM_MONEY_MAX / 2 - 1), 1, CRM_MONEY_MAX), 0,
	       "5e16 - 1 of 1e17 at 1 = 0.4999... -> 0");
	is_int(crm_money_proportion(-1, CRM_MONEY_MAX, CRM_MONEY_MAX), 1,
	       "1 of 1e17 at 1e17 = 1");
	is_int(crm_money_proportion(-3, CRM_MONEY_MAX / 10, 7), 4285714285714286LL,
	       "3 of 7 at 1e16 = 4285714285714285.71 -> 4285714285714286");

	/* ---- crm_int_parse ---- */
	int_ok("0", 0, 10, 0);
	int_ok("10", 0, 10, 10);
	int_ok("+5", 0, 10, 5);
	int_ok("-5", -10, 10, -5);
	int_ok("007", 0, 10, 7);
	int_ok("9223372036854775807", INT64_MIN, INT64_MAX, INT64_MAX);
	int_ok("-9223372036854775808", INT64_MIN, INT64_MAX, INT64_MIN);
	int_ok("-9223372036854775807", INT64_MIN, INT64_MAX, -INT64_MAX);
	int_bad("9223372036854775808", INT64_MIN, INT64_MAX, range);
	int_bad("-9223372036854775809", INT64_MIN, INT64_MAX, range);
	int_bad("-9223372036854775808", -INT64_MAX, INT64_MAX, range);
	int_bad("99999999999999999999", INT64_MIN, INT64_MAX, range);
	int_bad("11", 0, 10, range);
	int_bad("-1", 0, 10, range);
	int_bad("0", 1, 10, range);
	int_bad("12x", 0, 100, "is not a whole number");
	int_bad("", 0, 100, "is empty");
	int_bad("+", 0, 100, "is not a whole number");
	int_bad("-", -100, 100, "is not a whole number");
	int_bad(" 1", 0, 100, "is not a whole number");
	int_bad("1 ", 0, 100, "is not a whole number");
	int_bad("1.0", 0, 100, "is not a whole number");
	int_bad("0x10", 0, 100, "is not a whole number");
	int_bad("--1", -100, 100, "is not a whole number");
	{
		long long v = 1;
		const char *why = NULL;

		ok(crm_int_parse(NULL, 0, 1, &v, &why) == -1 && why && v == 1,
		   "int NULL is rejected");
	}

	return done_testing();
}
