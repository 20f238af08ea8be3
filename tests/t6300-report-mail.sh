#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm-report --mail: one MIME message for sendmail -t, its parts exactly the text and the page; recipients from --to or the config; no header injection'
. "$(dirname "$0")/lib.sh"

# shellcheck source=SCRIPTDIR/report-fixture.sh
. "$TEST_DIRECTORY/report-fixture.sh"

REPORT='--as-of 2025-06-15 --since 2025-06-01'

# mail MODE [ARG] FILE: the message taken apart (tests/mail-parts.pl)
mail () {
	perl "$TEST_DIRECTORY/mail-parts.pl" "$@"
}

test_expect_success 'setup' '
	setup_data &&
	crm-report $REPORT >text &&
	crm-report $REPORT --html page.html >/dev/null
'

test_expect_success '--mail writes one message: headers, two parts' '
	crm-report $REPORT --mail --to owner@shop.example >msg 2>err &&
	test_must_be_empty err &&
	mail header To msg >out &&
	echo owner@shop.example >expect &&
	test_cmp expect out &&
	mail header Subject msg >out &&
	echo "crm report 2025-06-15" >expect &&
	test_cmp expect out &&
	mail header MIME-Version msg >out &&
	echo 1.0 >expect &&
	test_cmp expect out &&
	mail header Date msg >out &&
	grep -E "^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-3][0-9] (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-2][0-9]:[0-5][0-9]:[0-6][0-9] [-+][0-9]{4}\$" out &&
	mail parts msg >out &&
	echo 2 >expect &&
	test_cmp expect out &&
	mail type 1 msg >out &&
	echo "text/plain; charset=UTF-8 quoted-printable" >expect &&
	test_cmp expect out &&
	mail type 2 msg >out &&
	grep -E "^text/html; charset=UTF-8 (quoted-printable|base64)\$" out
'

test_expect_success 'without mail_from the From header is left to sendmail' '
	test_must_fail mail header From msg
'

test_expect_success 'the parts decode to exactly the text report and the page' '
	mail part 1 msg >part1 &&
	test_cmp text part1 &&
	mail part 2 msg >part2 &&
	test_cmp page.html part2
'

test_expect_success 'no line is longer than 78 octets (SMTP allows 998)' '
	mail longest msg >out &&
	test "$(cat out)" -le 78
'

test_expect_success 'the boundary is in neither part' '
	sed -n "s/.*boundary=\"\(.*\)\"\$/\1/p" msg >boundary &&
	test_line_count = 1 boundary &&
	! grep -F -e "$(cat boundary)" part1 part2
'

test_expect_success '--mail --html writes the page too; --sections reach both parts' '
	crm-report $REPORT --mail --to a@b --html also.html --sections lost >msg2 &&
	crm-report $REPORT --sections lost >text2 &&
	mail part 1 msg2 >part1 &&
	test_cmp text2 part1 &&
	mail part 2 msg2 >part2 &&
	test_cmp also.html part2
'

test_expect_success '--to is repeatable and takes a comma list' '
	crm-report $REPORT --mail --to "a@b, \"Doe, J\" <j@x>" --to c@d >msg &&
	mail header To msg >out &&
	echo "a@b, \"Doe, J\" <j@x>, c@d" >expect &&
	test_cmp expect out
'

test_expect_success 'the config gives From, To and a subject; non-ASCII is encoded' '
	cat >cfg.yaml <<-\EOF &&
	mail_from: Café Müller <crm@shop.example>
	mail_to: [owner@shop.example, books@shop.example]
	mail_subject: Café Müller, Tagesbericht
	EOF
	cat >expect <<-\EOF &&
	Café Müller <crm@shop.example>
	owner@shop.example, books@shop.example
	Café Müller, Tagesbericht 2025-06-15
	EOF
	crm-report $REPORT --config cfg.yaml --mail >msg &&
	{ mail header From msg && mail header To msg &&
	  mail header Subject msg; } >out &&
	test_cmp expect out &&
	grep "^Subject: =?UTF-8?B?" msg &&
	grep "^From: =?UTF-8?B?[^ ]*?= <crm@shop.example>\$" msg &&
	crm-report $REPORT --config cfg.yaml --mail --to boss@x >msg &&
	mail header To msg >out &&
	echo boss@x >expect &&
	test_cmp expect out
'

test_expect_success 'mail_to as one comma list' '
	printf "mail_to: a@b, c@d\n" >cfg2.yaml &&
	crm-report $REPORT --config cfg2.yaml --mail >msg &&
	mail header To msg >out &&
	echo "a@b, c@d" >expect &&
	test_cmp expect out
'

test_expect_success 'no recipient: 78, nothing written' '
	test_must_fail_with 78 crm-report $REPORT --mail >out 2>err &&
	test_must_be_empty out &&
	grep "no recipient: give --to ADDR or set mail_to: in the config" err
'

test_expect_success 'a line break in --to is refused with 64' '
	nl="
" &&
	test_must_fail_with 64 crm-report $REPORT --mail --to "a@b${nl}Bcc: x@y" >out 2>err &&
	test_must_be_empty out &&
	grep -- "--to: a line break in a mail header" err &&
	cr=$(printf "\r") &&
	test_must_fail_with 64 crm-report $REPORT --mail --to "a@b${cr}Bcc: x@y" >out 2>err &&
	test_must_be_empty out
'

test_expect_success 'a line break in the config is refused with 78, file and line' '
	for key in mail_from mail_to mail_subject
	do
		printf "%s: \"a@b\\\\nBcc: x@y\"\n" "$key" >bad.yaml &&
		test_must_fail_with 78 crm-report $REPORT --config bad.yaml --mail --to a@b >out 2>err &&
		test_must_be_empty out &&
		grep "bad.yaml:1:[0-9]*: $key: a line break in a mail header" err || return 1
	done &&
	printf "mail_to:\n  - a@b\n  - \"c@d\\\\rBcc: x@y\"\n" >bad.yaml &&
	test_must_fail_with 78 crm-report $REPORT --config bad.yaml --mail >out 2>err &&
	grep "bad.yaml:3:" err
'

test_expect_success 'a name that is not ASCII is encoded, an address is refused' '
	crm-report $REPORT --mail --to "Jürgen Groß <j@x>, \"Øre, Åse\" <a@x>" >msg &&
	mail header To msg >out &&
	echo "Jürgen Groß <j@x>, Øre, Åse <a@x>" >expect &&
	test_cmp expect out &&
	grep "^To: =?UTF-8?B?[^ ]*?= <j@x>,\$" msg &&
	test_must_fail_with 64 crm-report $REPORT --mail --to "a@b,,c@d" >out 2>err &&
	grep -- "--to: an empty address" err &&
	test_must_fail_with 64 crm-report $REPORT --mail --to "jürgen@x" >out 2>err &&
	grep "only a name before <...> may be other than ASCII" err &&
	test_must_be_empty out &&
	printf "mail_from: jürgen@x\n" >bad.yaml &&
	test_must_fail_with 78 crm-report $REPORT --config bad.yaml --mail --to a@b >out 2>err &&
	grep "mail_from: .* only a name before" err &&
	printf "mail_from: a@b, c@d\n" >bad.yaml &&
	test_must_fail_with 78 crm-report $REPORT --config bad.yaml --mail --to a@b >out 2>err &&
	grep "mail_from: one address, not 2" err
'

test_expect_success '--to without --mail, --mail with --format json: 64' '
	test_must_fail_with 64 crm-report $REPORT --to a@b >out 2>err &&
	grep -- "--to goes with --mail" err &&
	test_must_fail_with 64 crm-report $REPORT --mail --to a@b --format json >out 2>err &&
	grep -- "--mail sends text and HTML" err
'

test_expect_success 'a full disk is an error' '
	test_must_fail_with 74 crm-report $REPORT --mail --to a@b >/dev/full 2>err &&
	grep "cannot write" err
'

test_done
