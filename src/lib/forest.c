/*
 * forest.c - what referrers are worth: the direct and tree totals over
 * the referral forest (crm-referrals), and which referrers are listed.
 * The forest itself is loaded by db-referrals.c.
 */
#include <string.h>

#include "crm.h"

/*
 * Sums over the forest without recursion.  Nodes are taken leaves first
 * (Kahn's order): a node is done when its last child is, and then its
 * totals go up to its referrer.  Instead of a queue, the scan walks up
 * from each leaf as far as the nodes it completes, so every node is done
 * once and the only memory is the forest's arrays:
 *   count  - children not done yet, then the direct referrals
 *   count2 - the tree size
 *   value2 - the direct value
 *   value  - the net value, then the tree value
 * A customer who did not exist on the day adds nothing to the totals
 * above it, nor does anyone below them.  Nodes never done are on a cycle
 * (a damaged database); their number is returned.
 */
size_t
crm_forest_sum(struct crm_forest *f)
{
	size_t i, left = 0;
	int32_t p;

	/* no referrals: the arrays were never allocated, and memset and
	 * memcpy must not be given a null pointer, even for 0 bytes */
	if (!f->n)
		return 0;
	memset(f->count, 0, f->n * sizeof *f->count);
	memset(f->count2, 0, f->n * sizeof *f->count2);
	for (i = 0; i < f->n; i++) {
		if ((p = f->parent[i]) < 0)
			continue;
		f->count[p]++;
		if (f->flags[i] & CRM_FOREST_EXISTS) {
			f->count2[p]++;
			f->value2[p] += f->value[i];
		}
	}
	/* the tree totals start as the direct ones: children's trees are
	 * added as the children are done */
	memcpy(f->value, f->value2, f->n * sizeof *f->value);
	for (i = 0; i < f->n; i++) {
		size_t j = i;

		if (f->count[i] || (f->flags[i] & CRM_FOREST_DONE))
			continue;
		for (;;) {
			f->flags[j] |= CRM_FOREST_DONE;
			if ((p = f->parent[j]) < 0)
				break;
			if (f->flags[j] & CRM_FOREST_EXISTS) {
				f->count2[p] += f->count2[j];
				f->value[p] += f->value[j];
			}
			if (--f->count[p])
				break;
			j = (size_t)p;
		}
	}
	/* count: the direct referrals, again */
	memset(f->count, 0, f->n * sizeof *f->count);
	for (i = 0; i < f->n; i++) {
		if (!(f->flags[i] & CRM_FOREST_DONE))
			left++;
		if ((p = f->parent[i]) >= 0 && (f->flags[i] & CRM_FOREST_EXISTS))
			f->count[p]++;
	}
	return left;
}

void
crm_forest_mark(long long id, void *arg)
{
	struct crm_forest *f = arg;
	long i = crm_forest_find(f, id);

	/* a customer who brought nobody has no row to show anyway */
	if (i >= 0)
		f->flags[i] |= CRM_FOREST_MARKED;
}

int
crm_forest_listed(const struct crm_forest *f, size_t i, int only_selection)
{
	unsigned fl = f->flags[i];

	/* a referrer who brought someone existing, summed (not on a
	 * cycle), and in the selection when there is one */
	return f->count[i] && (fl & CRM_FOREST_DONE) &&
	       (fl & CRM_FOREST_EXISTS) &&
	       (!only_selection || (fl & CRM_FOREST_MARKED));
}
