/* test-phone.c - phone numbers as keys, and the customers by phone (phone.c) */
#include "crm.h"
#include "tap.h"

/* in becomes want with country code cc */
static void
norm_is(const char *in, const char *cc, const char *want)
{
	char out[CRM_PHONE_BUFSZ];
	int rc = crm_phone_normalise(in, cc, out, sizeof out);

	if (!ok(rc == 0, "'%s' (cc %s) is a phone number", in, cc ? cc : "-"))
		return;
	is_str(out, want, "'%s' (cc %s)", in, cc ? cc : "-");
}

static void
norm_bad(const char *in, const char *cc)
{
	char out[CRM_PHONE_BUFSZ];

	ok(crm_phone_normalise(in, cc, out, sizeof out) == -1,
	   "'%s' (cc %s) is no phone number", in ? in : "NULL", cc ? cc : "-");
}

static void
punctuation(void)
{
	norm_is("0171 1234567", NULL, "01711234567");
	norm_is("0171-123 45.67", NULL, "01711234567");
	norm_is("(0171) 123/4567", NULL, "01711234567");
	norm_is("\t0171 1234567 ", NULL, "01711234567");
	/* without a country code the forms stay apart, '+' kept */
	norm_is("+49 171 1234567", NULL, "+491711234567");
	norm_is("0049-171-1234567", NULL, "00491711234567");
	norm_is("+49 171 1234567", "", "+491711234567");
}

static void
country(void)
{
	/* the three forms of one German mobile number */
	norm_is("+49 171 1234567", "49", "01711234567");
	norm_is("0049-171-1234567", "49", "01711234567");
	norm_is("0171/1234567", "49", "01711234567");
	norm_is("0171 1234567", "49", "01711234567");
	/* the trunk 0 written after the code is not doubled */
	norm_is("+49 (0)171 1234567", "49", "01711234567");
	/* another country's number: its '+' form, either way written */
	norm_is("+44 20 7946 0000", "49", "+442079460000");
	norm_is("0044 20 7946 0000", "49", "+442079460000");
	/* a code that only begins like ours is another country's */
	norm_is("+491 23", "491", "023");
	norm_is("+4 123", "49", "+4123");
	norm_is("+91 98765 43210", "91", "09876543210");
	norm_is("098765 43210", "91", "09876543210");
}

static void
refused(void)
{
	char small[4];

	norm_bad(NULL, NULL);
	norm_bad("", NULL);
	norm_bad(" - ", "49");
	norm_bad("+", NULL);
	norm_bad("ask at the till", NULL);
	norm_bad("0171 1234567 ext 5", "49");
	norm_bad("0171+1234567", NULL);
	norm_bad("+49", "49");
	norm_bad("0049", "49");
	norm_bad("00", "49");
	norm_bad("1234567890123456789012345678901234567890123", NULL);
	ok(crm_phone_normalise("12345", NULL, small, sizeof small) == -1,
	   "a key longer than the buffer is refused");
	ok(crm_phone_normalise("123", NULL, small, sizeof small) == 0 &&
		   strcmp(small, "123") == 0,
	   "a key that fits is written");
}

static void
codes(void)
{
	ok(crm_country_code_check("49") == 0, "49 is a country code");
	ok(crm_country_code_check("1") == 0, "1 is a country code");
	ok(crm_country_code_check("358") == 0, "358 is a country code");
	ok(crm_country_code_check("") < 0, "'' is not");
	ok(crm_country_code_check("049") < 0, "049 is not");
	ok(crm_country_code_check("4912") < 0, "4912 is not");
	ok(crm_country_code_check("4a") < 0, "4a is not");
	ok(crm_country_code_check(NULL) < 0, "NULL is not");
}

static void
map(void)
{
	struct crm_phone_map *m = crm_phone_map_new("49");
	long long ids[2] = {0, 0};
	char phone[32];

	crm_phone_map_add(m, "0171 1234567", 1);
	crm_phone_map_add(m, "030 123456", 2);
	crm_phone_map_add(m, "+49 30 123456", 3);
	crm_phone_map_add(m, "not a number", 4);
	crm_phone_map_add(m, "+44 20 7946 0000", 5);
	/* enough customers to make the table grow several times */
	for (int i = 0; i < 1000; i++) {
		snprintf(phone, sizeof phone, "0170 %07d", i);
		crm_phone_map_add(m, phone, 100 + i);
	}
	is_int(crm_phone_map_find(m, "+49 171 1234567", ids), 1,
	       "one customer by +49");
	is_int(ids[0], 1, "... customer 1");
	is_int(crm_phone_map_find(m, "0049-171-1234567", ids), 1,
	       "one customer by 0049");
	is_int(crm_phone_map_find(m, "0171/1234567", ids), 1,
	       "one customer by 0171/");
	is_int(crm_phone_map_find(m, "030/123 456", ids), 2,
	       "a shared number: two customers");
	ok(ids[0] == 2 && ids[1] == 3, "... 2 and 3");
	is_int(crm_phone_map_find(m, "0044 20 7946 0000", ids), 1,
	       "a foreign number by 00");
	is_int(ids[0], 5, "... customer 5");
	is_int(crm_phone_map_find(m, "0999 1", ids), 0, "an unknown number");
	is_int(crm_phone_map_find(m, "not a number", ids), -1,
	       "no number at all");
	is_int(crm_phone_map_find(m, "+49 170 0000999", ids), 1,
	       "the last of a thousand");
	is_int(ids[0], 1099, "... customer 1099");
	is_int(crm_phone_map_find(m, "0170 0000000", ids), 1,
	       "the first of a thousand");
	is_int(ids[0], 100, "... customer 100");
	crm_phone_map_free(m);
	crm_phone_map_free(NULL);
}

int
main(void)
{
	punctuation();
	country();
	refused();
	codes();
	map();
	return done_testing();
}
