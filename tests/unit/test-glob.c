/* test-glob.c - crm_glob_match(): *, ?, [...] without regard to case,
 * a UTF-8 character at a time (glob.c) */
#include "crm.h"
#include "tap.h"

static void
yes(const char *pattern, const char *text)
{
	ok(crm_glob_match(pattern, text) == 1, "'%s' matches '%s'", pattern,
	   text);
}

static void
no(const char *pattern, const char *text)
{
	ok(crm_glob_match(pattern, text) == 0, "'%s' does not match '%s'",
	   pattern, text);
}

int
main(void)
{
	/* no glob character: the whole item, either case */
	yes("boots", "boots");
	yes("boots", "BOOTS");
	yes("Boots", "bOOts");
	no("boot", "boots");
	no("boots", "boot");
	no("boots", "");
	yes("", "");
	/* * and ? */
	yes("*boot*", "Hiking BOOTS");
	yes("*boot*", "boot");
	yes("boot*", "Boots, brown");
	no("boot*", "a boot");
	yes("*", "");
	yes("**", "anything");
	yes("*s*s*", "sassafras");
	no("*s*s*s*s*s*", "sassafras");
	yes("b?ots", "BOOTS");
	no("b?ots", "bots");
	yes("?", "\xc3\xbc");                 /* ü is one character */
	no("??", "\xc3\xbc");
	yes("gr??e", "Gr\xc3\xb6\xc3\x9f" "e"); /* Größe */
	/* [...] */
	yes("[bc]oots", "Coots");
	yes("[a-c]at", "Bat");
	no("[a-c]at", "dat");
	yes("[!a-c]at", "dat");
	yes("[^a-c]at", "rat");
	no("[!a-c]at", "Cat");
	yes("[]]", "]");
	yes("a[*]b", "a*b");
	no("a[*]b", "axb");
	yes("a[?]", "a?");
	yes("[[]x", "[x");
	yes("[x", "[x");                  /* not closed: a "[" as it is */
	no("[x", "x");
	yes("size [0-9][0-9]", "Size 42");
	/* letters beyond ASCII, folded; multibyte never corrupted */
	yes("m\xc3\xbcller", "M\xc3\x9cLLER");            /* müller, MÜLLER */
	yes("*\xc3\xa4*", "K\xc3\x84SE");                 /* ä in KÄSE */
	yes("\xc5\x82\xc3\xb3" "d\xc5\xba", "\xc5\x81\xc3\x93" "D\xc5\xb9"); /* łódź */
	yes("\xd1\x87\xd0\xb0\xd0\xb9", "\xd0\xa7\xd0\x90\xd0\x99");      /* чай */
	yes("\xce\xba\xce\xb1\xcf\x86\xce\xad", "\xce\x9a\xce\x91\xce\xa6\xce\x88"); /* καφέ */
	no("\xc3\xa4", "\xc3\x84\xc3\xa4");
	/* Gujarati has no case: as it is */
	yes("*\xe0\xaa\x9a\xe0\xaa\xbe*", "\xe0\xaa\x9a\xe0\xaa\xbe\xe0\xaa\xaf"); /* ચા in ચાય */
	no("\xe0\xaa\x9a", "\xe0\xaa\x9b");
	/* ASCII folding leaves bytes of other characters alone: Ã (C3 83)
	 * and ã (C3 A3) are one pair, but a continuation byte never folds
	 * as an ASCII letter would */
	no("\xc3\x83", "\xc3\xa3x");
	yes("\xc3\x83", "\xc3\xa3");
	/* an invalid byte is a character of its own */
	yes("a?b", "a\xff" "b");
	yes("a\xff" "b", "A\xff" "B");
	no("a\xfe" "b", "a\xff" "b");
	return done_testing();
}
