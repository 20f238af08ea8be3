/* test-encoding.c - lines of a foreign file as UTF-8 (encoding.c) */
#include "crm.h"
#include "tap.h"

static const char *
conv(const char *enc, const char *in, size_t n, struct crm_err *e)
{
	static char out[256];
	struct crm_conv *c = crm_conv_new(enc, e);
	const char *r;
	size_t outn = 0;

	if (!c)
		return NULL;
	r = crm_conv_line(c, in, n, &outn, e);
	if (r) {
		snprintf(out, sizeof out, "%s", r);
		if (strlen(r) != outn)
			snprintf(out, sizeof out, "length %zu != %zu",
				 strlen(r), outn);
	}
	crm_conv_free(c);
	return r ? out : NULL;
}

int
main(void)
{
	struct crm_err e = { 0 };

	is_str(conv("utf-8", "M\xc3\xbcller", 7, &e), "M\xc3\xbcller", "UTF-8 passes");
	is_str(conv("UTF8", "abc", 3, &e), "abc", "names are case-insensitive");
	ok(conv("utf-8", "M\xfcller", 6, &e) == NULL, "Latin-1 in a UTF-8 file is refused");
	is_int(e.status, 65, "with 65");
	is_str(e.msg, "byte 2 is not UTF-8 (is the file's encoding set right?)",
	       "naming the byte");
	ok(conv("utf-8", "\xc0\xaf", 2, &e) == NULL, "an overlong form is refused");
	ok(conv("utf-8", "\xed\xa0\x80", 3, &e) == NULL, "a surrogate is refused");
	ok(conv("utf-8", "\xf4\x90\x80\x80", 4, &e) == NULL, "past U+10FFFF is refused");
	ok(conv("utf-8", "\xe2\x82", 2, &e) == NULL, "a cut sequence is refused");
	is_str(conv("utf-8", "\xf0\x9f\x98\x80", 4, &e), "\xf0\x9f\x98\x80", "four bytes pass");
	ok(conv("utf-8", "a\0b", 3, &e) == NULL, "a NUL byte is refused");
	is_str(e.msg, "byte 2 is a NUL byte", "naming it");

	is_str(conv("iso-8859-1", "M\xfcller \xdf", 8, &e), "M\xc3\xbcller \xc3\x9f",
	       "Latin-1 umlaut and sharp s");
	is_str(conv("latin1", "\x80", 1, &e), "\xc2\x80", "Latin-1 0x80 is a C1 control");
	is_str(conv("windows-1252", "12\x80 \x84x\x93", 7, &e),
	       "12\xe2\x82\xac \xe2\x80\x9ex\xe2\x80\x9c", "Windows-1252 euro and quotes");
	is_str(conv("cp1252", "K\xe4se", 4, &e), "K\xc3\xa4se", "cp1252 umlaut");
	ok(conv("cp1252", "ab\x81", 3, &e) == NULL, "an undefined cp1252 byte is refused");
	is_int(e.status, 65, "with 65");
	is_str(e.msg, "byte 3 (0x81) is not a Windows-1252 character", "naming it");
	is_str(conv("latin1", "", 0, &e), "", "an empty line");

	ok(conv("ebcdic", "a", 1, &e) == NULL, "an unknown encoding");
	is_int(e.status, 78, "is a configuration error");
	return done_testing();
}
