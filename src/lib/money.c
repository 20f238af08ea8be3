/* money.c - amounts as integer minor units, parsed and printed exactly */
#include <stdlib.h>
#include <string.h>

#include "crm.h"

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* append one decimal digit to *v, refusing to pass CRM_MONEY_MAX */
static int
push_digit(crm_money *v, int d)
{
	if (*v > (CRM_MONEY_MAX - d) / 10)
		return -1;
	*v = *v * 10 + d;
	return 0;
}

int
crm_money_parse(const char *s, int digits, crm_money *out, const char **why)
{
	const char *p = s;
	int neg = 0, frac = 0, intdigits = 0;
	crm_money v = 0;

	if (!s || !*s)
		return *why = "is empty", -1;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	for (; is_digit(*p); p++, intdigits++)
		if (push_digit(&v, *p - '0') < 0)
			return *why = "is out of range", -1;
	if (*p == '.') {
		for (p++; is_digit(*p); p++, frac++) {
			if (frac >= digits)
				return *why = digits ? "has too many decimals"
						     : "must be a whole number",
				       -1;
			if (push_digit(&v, *p - '0') < 0)
				return *why = "is out of range", -1;
		}
		if (frac == 0)
			return *why = "is not a number", -1;
	}
	if (*p || intdigits + frac == 0)
		return *why = "is not a number", -1;
	for (; frac < digits; frac++)
		if (push_digit(&v, 0) < 0)
			return *why = "is out of range", -1;
	*out = neg ? -v : v;
	return 0;
}

char *
crm_money_format(crm_money v, int digits, char *buf)
{
	unsigned long long u = v < 0 ? -(unsigned long long)v : (unsigned long long)v;
	char tmp[CRM_MONEY_BUFSZ], *p = tmp + sizeof tmp;
	int i = 0;

	/* digits from the right, the point after `digits` of them; by hand,
	 * as reports print millions of amounts */
	*--p = '\0';
	do {
		if (digits && i == digits)
			*--p = '.';
		*--p = (char)('0' + u % 10);
		u /= 10;
		i++;
	} while (u || i <= digits);
	if (v < 0)
		*--p = '-';
	memcpy(buf, p, (size_t)(tmp + sizeof tmp - p));
	return buf;
}

int
crm_percent_parse(const char *s, int *out, const char **why)
{
	crm_money v;

	if (crm_money_parse(s, 2, &v, why) < 0)
		return -1;
	if (v < 0 || v > 10000)
		return *why = "must be a percentage from 0 to 100", -1;
	*out = (int)v;
	return 0;
}

char *
crm_percent_format(int h, char *buf)
{
	/* one decimal, or two where the second is needed: 5.0, 0.25 */
	if (h % 10 == 0)
		snprintf(buf, CRM_MONEY_BUFSZ, "%d.%d", h / 100, h / 10 % 10);
	else
		snprintf(buf, CRM_MONEY_BUFSZ, "%d.%02d", h / 100, h % 100);
	return buf;
}

crm_money
crm_money_proportion(crm_money a, crm_money num, crm_money den)
{
	crm_money m = a < 0 ? -a : a;

	if (den <= 0)
		return 0;
	/* amounts stay far below 2^63 / 2^63: split to avoid overflow */
	return (crm_money)(((__int128)m * num * 2 + den) / (2 * den));
}

crm_money
crm_money_bonus(crm_money amount, int hundredths)
{
	return crm_money_proportion(amount, hundredths, 10000);
}

int
crm_int_parse(const char *s, long long min, long long max, long long *out,
	      const char **why)
{
	const unsigned long long lim = 9223372036854775808ULL; /* 2^63 */
	const char *p = s;
	unsigned long long v = 0;
	long long r;
	int neg = 0;

	if (!s || !*s)
		return *why = "is empty", -1;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (!is_digit(*p))
		return *why = "is not a whole number", -1;
	for (; is_digit(*p); p++) {
		unsigned d = (unsigned)(*p - '0');

		if (v > (lim - d) / 10)
			return *why = "is out of range", -1;
		v = v * 10 + d;
	}
	if (*p)
		return *why = "is not a whole number", -1;
	if (!neg && v == lim)
		return *why = "is out of range", -1;
	r = neg ? (v == lim ? (-9223372036854775807LL - 1) : -(long long)v)
		: (long long)v;
	if (r < min || r > max)
		return *why = "is out of range", -1;
	*out = r;
	return 0;
}
