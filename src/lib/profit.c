/* profit.c - the one rule for profit: net - cost over the sales whose cost
 * is known; a sale without a cost is uncosted, never profit */
#include "crm.h"

crm_money
crm_sale_cost(const struct crm_sale_row *r)
{
	if (r->amount >= 0)
		return r->cost;
	return -(r->cost < 0 ? -r->cost : r->cost);
}

void
crm_profit_add(struct crm_profit *p, const struct crm_sale_row *r)
{
	if (!r->costed) {
		p->uncosted += crm_sale_uncosted(r);
		return;
	}
	p->costed_net += r->amount;
	p->cost += crm_sale_cost(r);
}

crm_money
crm_profit_value(const struct crm_profit *p)
{
	return p->costed_net - p->cost;
}

crm_money
crm_sale_profit(const struct crm_sale_row *r)
{
	return r->costed ? r->amount - crm_sale_cost(r) : 0;
}

crm_money
crm_sale_uncosted(const struct crm_sale_row *r)
{
	return r->costed ? 0 : r->amount;
}
