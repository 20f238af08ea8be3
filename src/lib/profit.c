/* profit.c - the one rule for profit: net - cost over the sales whose cost
 * is known; a sale without a cost is uncosted, never profit */
#include "crm.h"

/* the cost a sale carries: a return gives its cost back */
static crm_money
signed_cost(const struct crm_sale_row *r)
{
	if (r->amount >= 0)
		return r->cost;
	return -(r->cost < 0 ? -r->cost : r->cost);
}

void
crm_profit_add(struct crm_profit *p, const struct crm_sale_row *r)
{
	if (!r->costed) {
		p->uncosted += r->amount;
		return;
	}
	p->costed_net += r->amount;
	p->cost += signed_cost(r);
}

crm_money
crm_profit_value(const struct crm_profit *p)
{
	return p->costed_net - p->cost;
}

crm_money
crm_sale_profit(const struct crm_sale_row *r)
{
	return r->costed ? r->amount - signed_cost(r) : 0;
}
