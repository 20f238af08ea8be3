/*
 * glob.c - crm_glob_match(): shell-style patterns (*, ?, [...]) matched
 * without regard to case, a character at a time, so that "*boot*" finds
 * "Wanderstiefel BOOTS" and "?" takes one whole "ü".  Case is folded for
 * the letters of ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic;
 * other characters (Gujarati has no case) compare as they are, and a
 * byte that starts no valid UTF-8 sequence is a character of its own.
 */
#include "crm.h"

/* the code point at *p, which moves past it */
static unsigned long
next_char(const unsigned char **p)
{
	const unsigned char *s = *p;
	int k = *s < 0x80 ? 1 : crm_utf8_seq(s);
	unsigned long c;

	if (k <= 1) {
		*p = s + 1;
		/* an invalid byte stands for itself, beyond Unicode */
		return *s < 0x80 ? *s : 0x110000UL + *s;
	}
	c = s[0] & (0x7f >> k);
	for (int i = 1; i < k; i++)
		c = c << 6 | (s[i] & 0x3f);
	*p = s + k;
	return c;
}

/* the small letter of c, in the scripts a shop's items are written in */
static unsigned long
fold(unsigned long c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + 32 : c;
	if (c >= 0xc0 && c <= 0xde && c != 0xd7)
		return c + 32; /* À..Þ, not × */
	if (c >= 0x100 && c <= 0x17f) {
		/* Latin Extended-A: pairs, capital first, except where the
		 * pairs start on an odd code point */
		if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e))
			return c & 1 ? c + 1 : c;
		if (c == 0x130 || c == 0x131 || c == 0x138 || c == 0x149 ||
		    c == 0x17f)
			return c;
		if (c == 0x178)
			return 0xff; /* Ÿ */
		return c & 1 ? c : c + 1;
	}
	if (c >= 0x391 && c <= 0x3a9 && c != 0x3a2)
		return c + 32; /* Greek capitals */
	if (c == 0x386)
		return 0x3ac; /* Ά */
	if (c >= 0x388 && c <= 0x38a)
		return c + 37; /* Έ Ή Ί */
	if (c == 0x38c)
		return 0x3cc; /* Ό */
	if (c == 0x38e || c == 0x38f)
		return c + 63; /* Ύ Ώ */
	if (c >= 0x410 && c <= 0x42f)
		return c + 32; /* Cyrillic А..Я */
	if (c >= 0x400 && c <= 0x40f)
		return c + 80; /* Ѐ..Џ */
	return c;
}

/*
 * [...] at *p (past the "["): whether c is in the set; *p moves past
 * the "]".  "!" or "^" first negates; a "]" first is a member; a-z is a
 * range, compared folded.  Returns -1 when the set is not closed: then
 * the "[" is an ordinary character.
 */
static int
in_set(const unsigned char **p, unsigned long c)
{
	const unsigned char *s = *p;
	int negate = 0, found = 0, first = 1;
	unsigned long fc = fold(c);

	if (*s == '!' || *s == '^') {
		negate = 1;
		s++;
	}
	while (*s && (*s != ']' || first)) {
		unsigned long lo = next_char(&s), hi = lo;

		first = 0;
		if (*s == '-' && s[1] && s[1] != ']') {
			s++;
			hi = next_char(&s);
		}
		if ((c >= lo && c <= hi) || (fc >= fold(lo) && fc <= fold(hi)))
			found = 1;
	}
	if (*s != ']')
		return -1;
	*p = s + 1;
	return found != negate;
}

int
crm_glob_match(const char *pattern, const char *text)
{
	const unsigned char *p = (const unsigned char *)pattern;
	const unsigned char *t = (const unsigned char *)text;
	/* the last "*": where the pattern resumes, where the text does */
	const unsigned char *star_p = NULL, *star_t = NULL;

	while (*t) {
		unsigned long c;
		int m;

		if (*p == '*') {
			while (*p == '*')
				p++;
			if (!*p)
				return 1;
			star_p = p;
			star_t = t;
			continue;
		}
		c = next_char(&t);
		if (*p == '?') {
			p++;
			continue;
		}
		if (*p == '[') {
			const unsigned char *q = p + 1;

			m = in_set(&q, c);
			if (m >= 0) {
				if (m) {
					p = q;
					continue;
				}
				goto backtrack;
			}
		}
		if (*p && fold(next_char(&p)) == fold(c))
			continue;
backtrack:
		/* no match here: the last "*" takes one more character */
		if (!star_p)
			return 0;
		p = star_p;
		t = star_t;
		next_char(&t);
		star_t = t;
	}
	while (*p == '*')
		p++;
	return !*p;
}
