/* fuzz-rules.c - libFuzzer harness of the rules-file reader (import.c).
 * The input is a rules file for crm-sale's columns: it must be refused
 * with status 78 and a message, or loaded; either way nothing may leak,
 * and a loaded one must have fields of crm-sale's, each a template. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crm.h"
#include "import.h"

static const char *const sale_cols[] = {
	"customer", "card", "email", "date",    "amount", "cost",
	"ref",      "item", "paid",  "returns", "reason"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct crm_err e = {0};
	struct crm_rules *r = crm_rules_parse("fuzz.rules", (const char *)data,
					      size, sale_cols, 11, &e);

	if (!r) {
		if (e.status != CRM_EX_CONFIG || !e.msg[0])
			abort();
		return 0;
	}
	if (r->nfields < 1 || r->nfields > 11)
		abort();
	crm_rules_free(r);
	return 0;
}
