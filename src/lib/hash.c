/* hash.c - the string hash of crm's hash sets */
#include "crm.h"

unsigned
crm_hash(const char *s)
{
	unsigned h = 2166136261u; /* FNV-1a: short keys, few collisions */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}
