/* test-text.c - what crm accepts as text, and writes as JSON (text.c) */
#include "crm.h"
#include "tap.h"

/* s (n bytes, may hold no NUL) is accepted */
static void
good(const char *s, const char *what)
{
	struct crm_err e;

	memset(&e, 0, sizeof e);
	if (!ok(crm_text_check(s, &e) == 0, "accepted: %s", what))
		diag("%s", e.msg);
}

/* s is refused with 65 and a message holding want */
static void
bad(const char *s, const char *want, const char *what)
{
	struct crm_err e;
	int rc;

	memset(&e, 0, sizeof e);
	rc = crm_text_check(s, &e);
	ok(rc == -1 && e.status == 65 && strstr(e.msg, want) != NULL,
	   "refused: %s: %s", what, e.msg);
}

static void
opt_bad(void *arg)
{
	crm_opt_text("--name", arg);
}

/* crm_json_put_string(s) writes want */
static void
json_is(const char *s, const char *want, const char *what)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (!fp) {
		ok(0, "json: %s: open_memstream", what);
		return;
	}
	crm_json_put_string(fp, s);
	fclose(fp);
	is_str(buf, want, "json: %s", what);
	free(buf);
}

/* crm_utf8_repair(s) returns want (NULL: s is valid as it is) */
static void
repair_is(const char *s, const char *want, const char *what)
{
	char *got = crm_utf8_repair(s);

	is_str(got, want, "repair: %s", what);
	free(got);
}

int
main(void)
{
	static const unsigned char seq[][5] = {
		{0xc3, 0xbc, 0, 0, 2},       /* ü */
		{0xe0, 0xaa, 0x97, 0, 3},    /* Gujarati ga */
		{0xe4, 0xb8, 0xad, 0, 3},    /* CJK */
		{0xf0, 0x9f, 0x98, 0x80, 4}, /* emoji */
		{0xef, 0xbb, 0xbf, 0, 3},    /* U+FEFF */
		{0xc0, 0xaf, 0, 0, 0},       /* overlong / */
		{0xe0, 0x80, 0xaf, 0, 0},    /* overlong, 3 bytes */
		{0xed, 0xa0, 0x80, 0, 0},    /* surrogate U+D800 */
		{0xf4, 0x90, 0x80, 0x80, 0}, /* above U+10FFFF */
		{0xf5, 0x80, 0x80, 0x80, 0},
		{0xff, 0, 0, 0, 0},
		{0x80, 0, 0, 0, 0},          /* a lone continuation */
		{0xc3, 0, 0, 0, 0},          /* cut short by the end */
		{0xe4, 0xb8, 0, 0, 0},
		{0xf0, 0x9f, 0x98, 0, 0},
	};
	char msg[512];
	int rc;

	/* ---- crm_utf8_seq ---- */
	for (size_t i = 0; i < sizeof seq / sizeof *seq; i++)
		is_int(crm_utf8_seq(seq[i]), seq[i][4],
		       "crm_utf8_seq of %02x %02x %02x %02x", seq[i][0],
		       seq[i][1], seq[i][2], seq[i][3]);

	/* ---- crm_text_check ---- */
	good("", "empty");
	good("Ann Smith <ann@example.com> +1-555 ~{}|", "printable ASCII");
	good("tab\there\nline\rcr", "TAB, LF and CR");
	good("M\xc3\xbcller", "u umlaut");
	good("\xe0\xaa\x97\xe0\xab\x81\xe0\xaa\x9c\xe0\xaa\xb0\xe0\xaa\xbe"
	     "\xe0\xaa\xa4\xe0\xab\x80", "Gujarati");
	good("\xe4\xb8\xad\xe6\x96\x87", "CJK");
	good("\xf0\x9f\x98\x80 smile", "an emoji");
	good("\xef\xbb\xbfmark", "U+FEFF is text");
	good("\xc2\xa0nbsp\xc2\xbf", "U+00A0 and U+00BF, just above C1");
	good("\xf4\x8f\xbf\xbf", "U+10FFFF");
	good("\xee\x80\x80", "a private use character");

	bad("a\xff", "invalid UTF-8 at byte 2 (0xff)", "0xff");
	bad("\xc0\xaf", "invalid UTF-8 at byte 1 (0xc0)", "overlong C0 AF");
	bad("xx\xed\xa0\x80", "invalid UTF-8 at byte 3 (0xed)", "surrogate");
	bad("\xf4\x90\x80\x80", "invalid UTF-8", "above U+10FFFF");
	bad("abc\xc3", "invalid UTF-8 at byte 4", "cut short at the end");
	bad("\xe4\xb8", "invalid UTF-8", "3 bytes cut short");
	bad("\x80", "invalid UTF-8", "a lone continuation byte");
	bad("Latin-1 M\xfcller", "invalid UTF-8 at byte 10 (0xfc)", "Latin-1");
	bad("a\x1b[31mred", "control character U+001B at byte 2", "ESC");
	bad("\x7f", "control character U+007F at byte 1", "DEL");
	bad("x\x01", "control character U+0001", "SOH");
	bad("\x0b", "control character U+000B", "VT");
	bad("\x0c", "control character U+000C", "FF");
	bad("\x1f", "control character U+001F", "US");
	bad("a\xc2\x80", "control character U+0080 at byte 2", "C1 U+0080");
	bad("\xc2\x9b" "31m", "control character U+009B", "C1 CSI");
	bad("\xc2\x9f", "control character U+009F", "C1 U+009F");
	bad("ok \xc3\xbc then \x1b", "at byte 12", "bytes count, not chars");

	/* ---- crm_json_put_string ---- */
	json_is("", "\"\"", "empty");
	json_is("Ann Smith ~{}|/", "\"Ann Smith ~{}|/\"", "printable ASCII");
	json_is("say \"hi\"", "\"say \\\"hi\\\"\"", "quotes");
	json_is("C:\\dir\\", "\"C:\\\\dir\\\\\"", "backslashes");
	json_is("a\nb\rc\td\be\ff", "\"a\\nb\\rc\\td\\be\\ff\"",
		"LF CR TAB BS FF by name");
	json_is("\x01\x1b\x1f", "\"\\u0001\\u001b\\u001f\"",
		"other controls as \\u00xx");
	json_is("x\x7fy", "\"x\\u007fy\"", "DEL as \\u007f");
	json_is("\xc2\x9b", "\"\xc2\x9b\"", "a C1 control is valid UTF-8: as is");
	json_is("M\xc3\xbcller \xe4\xb8\xad", "\"M\xc3\xbcller \xe4\xb8\xad\"",
		"2 and 3 byte characters as they are");
	json_is("\xf0\x9f\x98\x80!", "\"\xf0\x9f\x98\x80!\"",
		"a 4 byte character as it is");
	json_is("a\xff" "b", "\"a\\ufffdb\"", "0xff as \\ufffd");
	json_is("\xc0\xaf", "\"\\ufffd\\ufffd\"", "overlong: each byte \\ufffd");
	json_is("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"", "surrogate");
	json_is("\xf0\x9f\x98", "\"\\ufffd\\ufffd\\ufffd\"",
		"4 byte character cut short by the end");
	json_is("\xe4\xb8\"", "\"\\ufffd\\ufffd\\\"\"",
		"cut short by a quote: the quote escaped");
	json_is("\x80z", "\"\\ufffdz\"", "a lone continuation byte");

	/* ---- crm_utf8_repair ---- */
	repair_is("", NULL, "empty is valid");
	repair_is("M\xc3\xbcller \xf0\x9f\x98\x80\x7f\x01", NULL,
		  "valid UTF-8, controls included: NULL");
	repair_is("a\xff" "b", "a\xef\xbf\xbd" "b", "0xff");
	repair_is("\xf0\x9f\x98", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
		  "cut short: each byte");
	repair_is("\xc3\xbc\xc0\xaf\xc3\xbc",
		  "\xc3\xbc\xef\xbf\xbd\xef\xbf\xbd\xc3\xbc",
		  "good characters around bad bytes kept");

	/* ---- crm_opt_text ---- */
	is_str(crm_opt_text("--name", "Ann"), "Ann", "a good option passes");
	ok(crm_opt_text("--name", NULL) == NULL, "an absent option passes");
	rc = run_child(opt_bad, "a\xff", msg, sizeof msg);
	is_int(rc, 65, "a bad option argument exits 65");
	ok(strstr(msg, "--name: invalid UTF-8 at byte 2") != NULL,
	   "naming the option: %s", msg);
	rc = run_child(opt_bad, "\x1b", msg, sizeof msg);
	ok(rc == 65 && strstr(msg, "--name: control character U+001B"),
	   "an ESC too: %s", msg);

	/* ---- display width, whatever the locale ---- */
	is_int(crm_display_width(""), 0, "width of the empty string");
	is_int(crm_display_width("Anna Berg"), 9, "ASCII: one column each");
	is_int(crm_display_width("M\xc3\xbcller"), 6, "Latin-1 letters: one each");
	is_int(crm_display_width("\xe5\xb1\xb1\xe7\x94\xb0\xe5\xa4\xaa\xe9\x83\x8e"),
	       8, "4 CJK ideographs: 8 columns");
	is_int(crm_display_width("\xea\xb9\x80"), 2, "Hangul syllable: 2");
	is_int(crm_display_width("\xef\xbc\xa1"), 2, "fullwidth A (U+FF21): 2");
	is_int(crm_display_width("\xef\xbd\xb1"), 1, "halfwidth katakana (U+FF71): 1");
	is_int(crm_display_width("e\xcc\x81"), 1, "e + combining acute: 1");
	/* ગુજરાતી: ga, u sign (Mn, 0), ja, ra, aa sign (Mc, 1), ta, ii (Mc, 1) */
	is_int(crm_display_width("\xe0\xaa\x97\xe0\xab\x81\xe0\xaa\x9c\xe0\xaa\xb0"
				 "\xe0\xaa\xbe\xe0\xaa\xa4\xe0\xab\x80"),
	       6, "Gujarati: the vowel sign u takes no column");
	is_int(crm_display_width("\xe0\xaa\x95\xe0\xab\x8d\xe0\xaa\xb7"), 2,
	       "Gujarati virama (U+0ACD): 0");
	is_int(crm_display_width("\xe0\xa4\x95\xe0\xa4\xbf"), 2,
	       "Devanagari i sign (Mc): 1");
	is_int(crm_display_width("a\xe2\x80\x8b" "b"), 2, "zero width space: 0");
	is_int(crm_display_width("a\xff"), 2, "an invalid byte counts 1");
	is_int(crm_display_width("\xf0\xa0\x80\x8b"), 2, "U+2000B (plane 2): 2");
	is_int(crm_char_width(0x1100), 2, "U+1100 Hangul jamo: 2");
	is_int(crm_char_width(0x1160), 1, "U+1160 medial jamo: 1");
	is_int(crm_char_width(0xa4cf), 2, "U+A4CF: 2");
	is_int(crm_char_width(0xa4d0), 1, "U+A4D0: 1");
	is_int(crm_char_width(0xd7a3), 2, "U+D7A3: 2");
	is_int(crm_char_width(0xffe6), 2, "U+FFE6: 2");
	is_int(crm_char_width(0x3fffd), 2, "U+3FFFD: 2");
	is_int(crm_char_width(0x0a81), 0, "U+0A81 Gujarati candrabindu: 0");
	is_int(crm_char_width(0x0abc), 0, "U+0ABC Gujarati nukta: 0");
	is_int(crm_char_width(0x0ac8), 0, "U+0AC8 Gujarati ai sign: 0");
	is_int(crm_char_width(0x0a85), 1, "U+0A85 Gujarati a: 1");
	is_int(crm_char_width(0x036f), 0, "U+036F: 0");
	is_int(crm_char_width(0x0370), 1, "U+0370: 1");

	/* ---- trimming ---- */
	{
		const char *start;
		size_t n = crm_trim_span(" \t123 \t", &start);

		ok(n == 3 && !strncmp(start, "123", 3), "spaces and tabs trimmed");
		n = crm_trim_span("a b", &start);
		ok(n == 3 && !strncmp(start, "a b", 3), "inner space kept");
		ok(crm_blank("  \t ") && crm_blank("") && !crm_blank(" x "),
		   "blank: only spaces and tabs, or nothing");
	}
	return done_testing();
}
