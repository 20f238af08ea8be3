/* window.c - the dates a report covers and the shares it prints */
#include <stdlib.h>
#include <string.h>

#include "crm.h"

int
crm_window_option(struct crm_window *w, int c, const char *arg)
{
	switch (c) {
	case CRM_OPT_PERIOD:
		if (crm_period_parse(arg, &w->period) < 0)
			crm_die(CRM_EX_USAGE, "--period: '%s' is not one of day, "
				"week, month, quarter, year, all", arg);
		w->has_period = 1;
		return 1;
	case CRM_OPT_FROM:
		w->from = crm_opt_date("--from", arg);
		w->has_from = 1;
		return 1;
	case CRM_OPT_TO:
		w->to = crm_opt_date("--to", arg);
		w->has_to = 1;
		return 1;
	}
	return 0;
}

void
crm_window_resolve(struct crm_window *w, crm_day as_of, crm_day first,
		   int calendar)
{
	if (!w->has_period)
		w->period = CRM_PERIOD_ALL;
	if (!w->has_to || w->to > as_of)
		w->to = as_of;
	if (!w->has_from) {
		if (calendar && w->has_period && w->period != CRM_PERIOD_ALL)
			w->from = crm_period_start(w->period, w->to);
		else
			w->from = first != CRM_NO_DAY && first <= w->to
					  ? first
					  : w->to;
	}
	if (w->has_from && w->has_to && w->from > w->to)
		crm_die(CRM_EX_USAGE, "--from is after --to");
}

int
crm_window_periods(const struct crm_window *w, crm_day **starts)
{
	int n = 0, cap = 16;

	*starts = crm_xmalloc((size_t)cap * sizeof **starts);
	if (w->period == CRM_PERIOD_ALL) {
		(*starts)[n++] = w->from;
		return n;
	}
	for (crm_day d = crm_period_start(w->period, w->from); d <= w->to;
	     d = crm_period_next(w->period, d)) {
		if (n == cap) {
			cap *= 2;
			*starts = crm_xrealloc(*starts,
					       (size_t)cap * sizeof **starts);
		}
		/* the first period starts at --from, not before it */
		(*starts)[n++] = d < w->from ? w->from : d;
	}
	return n;
}

int
crm_period_index(const crm_day *starts, int n, crm_day day)
{
	int lo = 0, hi = n - 1;

	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;

		if (starts[mid] <= day)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

static long long
div_round128(__int128 n, __int128 d)
{
	int neg = (n < 0) != (d < 0);

	if (n < 0)
		n = -n;
	if (d < 0)
		d = -d;
	n = (2 * n + d) / (2 * d);
	return (long long)(neg ? -n : n);
}

long long
crm_div_round(long long a, long long b)
{
	return div_round128(a, b);
}

long long
crm_share_tenths(long long part, long long total)
{
	return total ? div_round128((__int128)part * 1000, total) : 0;
}

char *
crm_tenths_format(long long tenths, char *buf)
{
	snprintf(buf, CRM_MONEY_BUFSZ, "%s%lld.%lld", tenths < 0 ? "-" : "",
		 (tenths < 0 ? -tenths : tenths) / 10,
		 (tenths < 0 ? -tenths : tenths) % 10);
	return buf;
}

char *
crm_share_format(long long part, long long total, char *buf)
{
	return crm_tenths_format(crm_share_tenths(part, total), buf);
}
