/* report-names.c - the names of the report's sections and its days */
#include <string.h>

#include "crm.h"

const char *const crm_section_names[CRM_NSECTIONS] = {
	"sales", "customers", "categories", "top",   "lapsed",
	"lost",  "referrals", "complaints", "bonus", "segments",
	"staff"};

int
crm_section_lookup(const char *name)
{
	for (int i = 0; i < CRM_NSECTIONS; i++)
		if (strcmp(name, crm_section_names[i]) == 0)
			return i;
	return -1;
}

int
crm_report_year(const struct crm_report *r)
{
	int y, m, d;

	crm_day_to_ymd(r->as_of, &y, &m, &d);
	return y;
}

int
crm_report_month(const struct crm_report *r)
{
	int y, m, d;

	crm_day_to_ymd(r->as_of, &y, &m, &d);
	return m;
}
