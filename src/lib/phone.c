/*
 * phone.c - phone numbers compared as digits.  A shop types a customer's
 * number as "0171 1234567"; an SMS gateway delivers the reply from
 * "+491711234567".  Both become one key here: the punctuation people
 * write goes, and with the shop's country code the international forms
 * of a national number become that national number.  The map of a run's
 * customers by that key lives here too, so that a bulk load reads the
 * customers once and looks every reply up in memory.
 */
#include <stdlib.h>
#include <string.h>

#include "crm.h"

/* the characters people put between the digits of a number */
static int
is_punct(char c)
{
	return c == ' ' || c == '\t' || c == '-' || c == '.' || c == '/' ||
	       c == '(' || c == ')';
}

/* The digits of in, and a '+' when it opens the number, into buf. */
static int
strip(const char *in, char *buf, size_t bufsz)
{
	size_t n = 0, digits = 0;

	for (; *in; in++) {
		if (is_punct(*in))
			continue;
		if (*in == '+' && n == 0) {
			buf[n++] = '+';
			continue;
		}
		if (*in < '0' || *in > '9')
			return -1;
		if (n + 1 >= bufsz)
			return -1;
		buf[n++] = *in;
		digits++;
	}
	buf[n] = '\0';
	return digits ? 0 : -1;
}

int
crm_phone_normalise(const char *in, const char *country_code, char *out,
		    size_t outsz)
{
	char buf[CRM_PHONE_BUFSZ];
	const char *rest = NULL;
	size_t cc;

	if (!in || outsz < 2 || strip(in, buf, sizeof buf) < 0)
		return -1;
	cc = country_code ? strlen(country_code) : 0;
	if (cc == 0) {
		if (strlen(buf) >= outsz)
			return -1;
		strcpy(out, buf);
		return 0;
	}
	if (buf[0] == '+' && strncmp(buf + 1, country_code, cc) == 0)
		rest = buf + 1 + cc;
	else if (strncmp(buf, "00", 2) == 0 &&
		 strncmp(buf + 2, country_code, cc) == 0)
		rest = buf + 2 + cc;
	if (rest) {
		/* "+49 (0)171 ...": the trunk 0 written after the code is
		 * the one the national form has anyway */
		if (!*rest || strlen(rest) + 2 > outsz)
			return -1;
		snprintf(out, outsz, "%s%s", *rest == '0' ? "" : "0", rest);
		return 0;
	}
	/* another country's number: its one international form */
	if (strncmp(buf, "00", 2) == 0) {
		if (!buf[2] || strlen(buf + 2) + 2 > outsz)
			return -1;
		snprintf(out, outsz, "+%s", buf + 2);
		return 0;
	}
	if (strlen(buf) >= outsz)
		return -1;
	strcpy(out, buf);
	return 0;
}

int
crm_country_code_check(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n < 1 || n > 3 || s[0] == '0')
		return -1;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	return 0;
}

/* ---- the customers by phone ------------------------------------------ */

struct slot {
	char *key;          /* normalised; NULL: free */
	long long ids[2];   /* the first two customers with it */
	long long n;        /* how many customers have it */
};

struct crm_phone_map {
	char country_code[4];
	struct slot *v;
	size_t cap, used; /* cap a power of two */
};

struct crm_phone_map *
crm_phone_map_new(const char *country_code)
{
	struct crm_phone_map *m = crm_xmalloc(sizeof *m);

	memset(m, 0, sizeof *m);
	if (country_code)
		snprintf(m->country_code, sizeof m->country_code, "%s",
			 country_code);
	m->cap = 64;
	m->v = crm_xmalloc(m->cap * sizeof *m->v);
	memset(m->v, 0, m->cap * sizeof *m->v);
	return m;
}

void
crm_phone_map_free(struct crm_phone_map *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->cap; i++)
		free(m->v[i].key);
	free(m->v);
	free(m);
}

/* the slot of key: its own, or the free one where it would go */
static struct slot *
lookup(const struct crm_phone_map *m, const char *key)
{
	size_t i = crm_hash(key) & (m->cap - 1);

	while (m->v[i].key && strcmp(m->v[i].key, key) != 0)
		i = (i + 1) & (m->cap - 1);
	return &m->v[i];
}

static void
grow(struct crm_phone_map *m)
{
	struct slot *old = m->v;
	size_t oldcap = m->cap;

	m->cap *= 2;
	m->v = crm_xmalloc(m->cap * sizeof *m->v);
	memset(m->v, 0, m->cap * sizeof *m->v);
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].key)
			*lookup(m, old[i].key) = old[i];
	free(old);
}

void
crm_phone_map_add(struct crm_phone_map *m, const char *phone, long long id)
{
	char key[CRM_PHONE_BUFSZ];
	struct slot *s;

	/* a stored number that is not one ("ask at the till") matches
	 * nothing, as an empty one does */
	if (crm_phone_normalise(phone, m->country_code, key, sizeof key) < 0)
		return;
	if (2 * (m->used + 1) > m->cap)
		grow(m);
	s = lookup(m, key);
	if (!s->key) {
		s->key = crm_xstrdup(key);
		m->used++;
	}
	if (s->n < 2)
		s->ids[s->n] = id;
	s->n++;
}

long long
crm_phone_map_find(const struct crm_phone_map *m, const char *phone,
		   long long ids[2])
{
	char key[CRM_PHONE_BUFSZ];
	const struct slot *s;

	if (crm_phone_normalise(phone, m->country_code, key, sizeof key) < 0)
		return -1;
	s = lookup(m, key);
	if (!s->key)
		return 0;
	ids[0] = s->ids[0];
	ids[1] = s->ids[1];
	return s->n;
}
