#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm-thank: logging thanks from operands and stdin, --list, dry run, errors'
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup' '
	crm-init &&
	tsv in <<-\EOF &&
	name|card|email
	Anna|1001|anna@example.com
	Bert|1002|
	Cleo||cleo@example.com
	EOF
	crm-add <in >ids &&
	printf "1\n2\n3\n" >expect &&
	test_cmp expect ids
'

test_expect_success 'an empty log lists only the header' '
	crm-thank --list >actual &&
	echo "id${TAB}name${TAB}date${TAB}how${TAB}value${TAB}note" >expect &&
	test_cmp expect actual
'

test_expect_success 'thanking customers named as operands prints how many' '
	crm-thank --how coupon --value 5 --note "we miss you" 3 1 >out 2>err &&
	echo "2 thanked" >expect &&
	test_cmp expect out &&
	test_must_be_empty err
'

test_expect_success '--list orders by date then customer id' '
	tsv expect <<-\EOF &&
	id|name|date|how|value|note
	1|Anna|2025-06-30|coupon|5.00|we miss you
	3|Cleo|2025-06-30|coupon|5.00|we miss you
	EOF
	crm-thank --list >actual &&
	test_cmp expect actual
'

test_expect_success 'customers from a pipe with a header, a past --date' '
	crm-ls --columns name,id | crm-thank --how card --date 2025-01-15 >out &&
	echo "3 thanked" >expect &&
	test_cmp expect out
'

test_expect_success '--key card; a customer named twice is thanked twice' '
	printf "1002\n1002\n" >cards &&
	crm-thank --key card --how gift --value 2.5 --date 2025-01-15 \
		--note first <cards >out &&
	echo "2 thanked" >expect &&
	test_cmp expect out &&
	crm-thank --key email --how call --date 2025-01-15 cleo@example.com >out &&
	echo "1 thanked" >expect &&
	test_cmp expect out &&
	crm-thank --how call --date 2025-01-15 2 >out &&
	echo "1 thanked" >expect &&
	test_cmp expect out
'

test_expect_success 'rows of one customer on one day keep the order they were logged in' '
	tsv expect <<-\EOF &&
	id|name|date|how|value|note
	1|Anna|2025-01-15|card||
	2|Bert|2025-01-15|card||
	2|Bert|2025-01-15|gift|2.50|first
	2|Bert|2025-01-15|gift|2.50|first
	2|Bert|2025-01-15|call||
	3|Cleo|2025-01-15|card||
	3|Cleo|2025-01-15|call||
	1|Anna|2025-06-30|coupon|5.00|we miss you
	3|Cleo|2025-06-30|coupon|5.00|we miss you
	EOF
	crm-thank --list >actual &&
	test_cmp expect actual
'

test_expect_success '--from, --to and --as-of limit the dates' '
	tsv expect <<-\EOF &&
	1|Anna|2025-06-30|coupon|5.00|we miss you
	3|Cleo|2025-06-30|coupon|5.00|we miss you
	EOF
	crm-thank --list -H --from 2025-01-16 >actual &&
	test_cmp expect actual &&
	crm-thank --list -H --to 2025-06-29 >actual &&
	test_line_count = 7 actual &&
	crm-thank --list -H --as-of 2025-03-01 >actual2 &&
	test_cmp_nonempty actual actual2 &&
	crm-thank --list -H --from 2025-01-15 --to 2025-01-15 >actual3 &&
	test_cmp_nonempty actual actual3 &&
	crm-thank --list -H --as-of 2025-01-14 >actual &&
	test_must_be_empty actual
'

test_expect_success '- limits the log to the customers read from stdin' '
	tsv expect <<-\EOF &&
	3|Cleo|2025-01-15|card||
	3|Cleo|2025-01-15|call||
	3|Cleo|2025-06-30|coupon|5.00|we miss you
	EOF
	echo 3 | crm-thank --list -H - >actual &&
	test_cmp expect actual &&
	printf "name${TAB}id\nCleo${TAB}3\n" | crm-thank --list -H - >actual &&
	test_cmp expect actual
'

test_expect_success '- with an empty stdin lists no one' '
	crm-thank --list -H - </dev/null >actual &&
	test_must_be_empty actual
'

test_expect_success '--list without - does not read stdin' '
	echo 3 | crm-thank --list -H >actual &&
	test_line_count = 9 actual
'

test_expect_success '--format json and csv' '
	cat >expect <<-\EOF &&
	{"id":1,"name":"Anna","date":"2025-01-15","how":"card","value":null,"note":null}
	{"id":1,"name":"Anna","date":"2025-06-30","how":"coupon","value":5.00,"note":"we miss you"}
	EOF
	echo 1 | crm-thank --list --format json - >actual &&
	test_cmp expect actual &&
	printf "id,name,date,how,value,note\r\n1,Anna,2025-06-30,coupon,5.00,we miss you\r\n" >expect &&
	echo 1 | crm-thank --list --format csv --from 2025-02-01 - >actual &&
	test_cmp expect actual
'

test_expect_success '-n prints the rows that would be logged and writes nothing' '
	crm-thank --list >before &&
	db_snapshot snap.before &&
	crm-thank -n --how call --value 1 1 3 >actual 2>err &&
	tsv expect <<-\EOF &&
	id|name|date|how|value|note
	1|Anna|2025-06-30|call|1.00|
	3|Cleo|2025-06-30|call|1.00|
	EOF
	test_cmp expect actual &&
	echo "crm-thank: dry run: 2 would be thanked" >expect &&
	test_cmp expect err &&
	crm-thank --list >after &&
	test_cmp before after &&
	db_snapshot snap.after &&
	test_cmp snap.before snap.after
'

test_expect_success '-q prints nothing; an empty stdin thanks no one' '
	crm-thank -q --how call 2 >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err &&
	crm-thank --list -H --from 2025-06-30 >actual &&
	test_line_count = 3 actual &&
	crm-thank --how call </dev/null >out &&
	echo "0 thanked" >expect &&
	test_cmp expect out
'

test_expect_success 'a thank for an unknown customer is 66 and logs nothing' '
	test_refused 66 "^crm-thank: .*99" crm-thank --how gift 1 99 &&
	printf "1\n99\n" >in &&
	test_refused 66 "^crm-thank: line 2: .*99" crm-thank --how gift <in &&
	test_refused 66 "^crm-thank: .*0999" crm-thank --key card --how gift 0999
'

test_expect_success 'a bad id on stdin is 65, as an operand 64' '
	printf "1\nabc\n" >in &&
	test_refused 65 "^crm-thank: line 2: " crm-thank --how gift <in &&
	test_refused 64 "^crm-thank: .*abc" crm-thank --how gift abc
'

test_expect_success '--how is required and not empty' '
	test_refused 64 "^crm-thank: .*--how" crm-thank 1 &&
	test_refused 64 "^crm-thank: .*--how" crm-thank --how "" 1
'

test_expect_success 'bad option arguments are 64' '
	test_refused 64 "^crm-thank: --value: .*1,5" crm-thank --how x --value 1,5 1 &&
	test_refused 64 "^crm-thank: --value: .*1.234" crm-thank --how x --value 1.234 1 &&
	test_refused 64 "^crm-thank: --value: .*negative" crm-thank --how x --value -3 1 &&
	test_refused 64 "^crm-thank: --date: .*2025-02-30" crm-thank --how x --date 2025-02-30 1 &&
	test_refused 64 "^crm-thank: --key: " crm-thank --how x --key phone 1 &&
	test_refused 64 "^crm-thank: --from: " crm-thank --list --from yesterday &&
	test_refused 64 "^crm-thank: --from is after --to" crm-thank --list --from 2025-02-01 --to 2025-01-01
'

test_expect_success 'options of the other form are 64' '
	test_refused 64 "^crm-thank: " crm-thank --list --how gift &&
	test_refused 64 "^crm-thank: " crm-thank --list --date 2025-01-01 &&
	test_refused 64 "^crm-thank: " crm-thank --how gift --from 2025-01-01 1 &&
	test_refused 64 "^crm-thank: " crm-thank --how gift --as-of 2025-01-01 1 &&
	test_refused 64 "^crm-thank: " crm-thank --list 1
'

test_expect_success '--value follows the minor digits of the database, not the config' '
	printf "minor_digits: 0\n" >cfg0.yaml &&
	test_refused 78 "^crm-thank: config says minor_digits 0, the database has 2 \(set at crm-init\)\$" \
		crm-thank --config cfg0.yaml --how voucher --value 10 --date 2024-12-24 1 &&
	crm-init --db zero.db --config cfg0.yaml &&
	crm-add -q --db zero.db --name Yen --created 2024-01-01 &&
	crm-thank --db zero.db --how voucher --value 10 --date 2024-12-24 1 &&
	test_refused 64 "^crm-thank: --value: " crm-thank --db zero.db --how x --value 2.5 1 &&
	echo "1${TAB}Yen${TAB}2024-12-24${TAB}voucher${TAB}10${TAB}" >expect &&
	crm-thank --db zero.db --list -H --to 2024-12-31 >actual &&
	test_cmp expect actual
'

test_expect_success '--list on a missing database is 66 and creates nothing' '
	test_must_fail_with 66 crm-thank --list --db nowhere.db 2>err &&
	test_stderr_matches "^crm-thank: .*nowhere.db" err &&
	test ! -e nowhere.db
'

test_expect_success '--help lists every long option' '
	crm-thank --help >help &&
	for o in how value note date list from to as-of no-header format key \
		dry-run quiet db config progress help version
	do
		grep -e "--$o" help >/dev/null || { echo "--help lacks --$o"; return 1; }
	done
'

test_expect_success SOURCE_TREE 'the man page documents every long option' '
	crm-thank --help | grep -o -E -e "--[a-z][a-z0-9-]*" | sort -u >opts &&
	while read -r o
	do
		grep -e "^\.It Fl .*${o#-}" "$CRM_SOURCE_DIR/man/crm-thank.1" >/dev/null ||
		{ echo "man page lacks $o"; return 1; }
	done <opts
'

test_expect_success SOURCE_TREE,MANDOC 'mandoc -Tlint is clean' '
	mandoc -Tlint -Wwarning "$CRM_SOURCE_DIR/man/crm-thank.1" >lint 2>&1 &&
	test_must_be_empty lint
'

test_done
