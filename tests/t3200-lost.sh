#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm-lost: marking customers lost, --reasons, --list, --won-back, reactivation by a purchase'
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: customers and a year and a half of sales' '
	crm-init &&
	tsv in <<-\EOF &&
	name|card
	Anna|
	Bert|
	Cleo|
	Dirk|4004
	EOF
	crm-add <in >ids &&
	tsv sales <<-\EOF &&
	customer|date|amount|ref|returns
	1|2024-03-01|100.00|A1|
	1|2024-06-15|50.00|A2|
	1|2025-01-10|30.00|A3|
	1|2025-02-01|-10.00|A4|A3
	2|2024-02-01|200.00|B1|
	2|2024-04-01|1000.00|B2|
	2|2025-01-05|80.00|B3|
	2|2025-04-01|5.00|B4|
	3|2025-03-01|40.00|C1|
	EOF
	crm-sale -q <sales
'

test_expect_success 'nobody is lost yet' '
	crm-lost --reasons >actual &&
	echo "reason${TAB}customers${TAB}value_lost" >expect &&
	test_cmp expect actual &&
	crm-lost --list >actual &&
	echo "id${TAB}name${TAB}lost_date${TAB}reason${TAB}value_lost" >expect &&
	test_cmp expect actual
'

test_expect_success 'marking customers lost prints how many changed' '
	crm-lost 1 2 --reason price --date 2025-04-01 >out 2>err &&
	echo "2 changed" >expect &&
	test_cmp expect out &&
	test_must_be_empty err &&
	echo 3 | crm-lost --reason service --date 2025-03-15 >out &&
	echo "1 changed" >expect &&
	test_cmp expect out &&
	crm-lost --key card 4004 --reason moved --date 2025-05-01 >out &&
	test_cmp expect out
'

test_expect_success 'their status is lost' '
	crm-ls -H --columns id,status >actual &&
	tsv expect <<-\EOF &&
	1|lost
	2|lost
	3|lost
	4|lost
	EOF
	test_cmp expect actual
'

# value lost: the net dated after (lost - 365 days) and up to the lost date.
# Anna, lost 2025-04-01: (2024-04-01, 2025-04-01] holds 50 + 30 - 10 = 70.
# Bert, lost 2025-04-01: 80 + 5 = 85; the 1000 of 2024-04-01 is just out.
# Cleo, lost 2025-03-15: (2024-03-15, 2025-03-15] holds 40.
# Dirk never bought: 0.
test_expect_success '--reasons: customers and value lost, most customers first' '
	tsv expect <<-\EOF &&
	reason|customers|value_lost
	price|2|155.00
	moved|1|0.00
	service|1|40.00
	EOF
	crm-lost --reasons >actual &&
	test_cmp expect actual
'

test_expect_success '--list: by lost date, then id' '
	tsv expect <<-\EOF &&
	id|name|lost_date|reason|value_lost
	3|Cleo|2025-03-15|service|40.00
	1|Anna|2025-04-01|price|70.00
	2|Bert|2025-04-01|price|85.00
	4|Dirk|2025-05-01|moved|0.00
	EOF
	crm-lost --list >actual &&
	test_cmp expect actual
'

test_expect_success '--as-of: only the customers lost by then' '
	echo "service${TAB}1${TAB}40.00" >expect &&
	crm-lost --reasons -H --as-of 2025-03-31 >actual &&
	test_cmp expect actual &&
	tsv expect <<-\EOF &&
	price|2|155.00
	service|1|40.00
	EOF
	crm-lost --reasons -H --as-of 2025-04-01 >actual &&
	test_cmp expect actual &&
	crm-lost --list -H --as-of 2025-03-14 >actual &&
	test_must_be_empty actual
'

test_expect_success '--format json and csv' '
	cat >expect <<-\EOF &&
	{"reason":"price","customers":2,"value_lost":155.00}
	{"reason":"moved","customers":1,"value_lost":0.00}
	{"reason":"service","customers":1,"value_lost":40.00}
	EOF
	crm-lost --reasons --format json >actual &&
	test_cmp expect actual &&
	printf "id,name,lost_date,reason,value_lost\r\n3,Cleo,2025-03-15,service,40.00\r\n" >expect &&
	crm-lost --list --format csv --as-of 2025-03-31 >actual &&
	test_cmp expect actual
'

test_expect_success 'a lost customer marked again gets the new reason and date' '
	crm-lost 3 --reason price --date 2025-04-10 >out &&
	echo "1 changed" >expect &&
	test_cmp expect out &&
	tsv expect <<-\EOF &&
	price|3|195.00
	moved|1|0.00
	EOF
	crm-lost --reasons -H >actual &&
	test_cmp expect actual &&
	crm-lost 3 --reason price --date 2025-04-10 >out &&
	echo "0 changed" >expect &&
	test_cmp expect out
'

test_expect_success 'the history answers for the date before the change' '
	echo "3${TAB}Cleo${TAB}2025-03-15${TAB}service${TAB}40.00" >expect &&
	crm-lost --list -H --as-of 2025-03-20 >actual &&
	test_cmp expect actual
'

test_expect_success '-n prints who would change and writes nothing' '
	db_snapshot before &&
	crm-lost -n 3 4 --reason price --date 2025-05-01 >actual 2>err &&
	tsv expect <<-\EOF &&
	id|name|old|new|date|reason
	3|Cleo|lost|lost|2025-05-01|price
	4|Dirk|lost|lost|2025-05-01|price
	EOF
	test_cmp expect actual &&
	echo "crm-lost: dry run: 2 would change" >expect &&
	test_cmp expect err &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success '--won-back makes lost customers active again' '
	crm-lost --won-back 1 4 --date 2025-06-01 >out &&
	echo "2 changed" >expect &&
	test_cmp expect out &&
	crm-lost --won-back 1 >out &&
	echo "0 changed" >expect &&
	test_cmp expect out &&
	crm-ls -H --columns id --status lost >actual &&
	printf "2\n3\n" >expect &&
	test_cmp expect actual &&
	tsv expect <<-\EOF &&
	2|Bert|2025-04-01|price|85.00
	3|Cleo|2025-04-10|price|40.00
	EOF
	crm-lost --list -H >actual &&
	test_cmp expect actual
'

test_expect_success 'customers won back later are still lost as of before' '
	tsv expect <<-\EOF &&
	1|Anna|2025-04-01|price|70.00
	2|Bert|2025-04-01|price|85.00
	3|Cleo|2025-04-10|price|40.00
	4|Dirk|2025-05-01|moved|0.00
	EOF
	crm-lost --list -H --as-of 2025-05-31 >actual &&
	test_cmp expect actual
'

test_expect_success 'a purchase dated before the lost date leaves the customer lost' '
	crm-sale 3 7 --date 2025-04-01 &&
	echo 3 | crm-ls -H --columns status - >actual &&
	echo lost >expect &&
	test_cmp expect actual &&
	echo "3${TAB}Cleo${TAB}2025-04-10${TAB}price${TAB}47.00" >expect &&
	crm-lost --list -H | grep -e "^3" >actual &&
	test_cmp expect actual
'

test_expect_success 'a new purchase on or after the lost date makes the customer active' '
	crm-sale 2 12 --date 2025-06-15 &&
	echo 2 | crm-ls -H --columns status - >actual &&
	echo active >expect &&
	test_cmp expect actual &&
	tsv expect <<-\EOF &&
	3|Cleo|2025-04-10|price|47.00
	EOF
	crm-lost --list -H >actual &&
	test_cmp expect actual &&
	tsv expect <<-\EOF &&
	price|2|132.00
	EOF
	crm-lost --reasons -H --as-of 2025-06-14 >actual &&
	grep -e "^price" actual >line &&
	test_cmp expect line
'

test_expect_success SQLITE3,SQLITE_DB 'every change is in the status history' '
	sqlite3 -separator "$TAB" "$CRM_DB" "SELECT customer_id, date(day * 86400, '"'"'unixepoch'"'"'),
		status, reason FROM status_change ORDER BY id" >actual &&
	tsv expect <<-\EOF &&
	1|2025-04-01|lost|price
	2|2025-04-01|lost|price
	3|2025-03-15|lost|service
	4|2025-05-01|lost|moved
	3|2025-04-10|lost|price
	1|2025-06-01|active|won back
	4|2025-06-01|active|won back
	2|2025-06-15|active|purchase
	EOF
	test_cmp expect actual
'

test_expect_success 'a status set without the history counts, with no date first' '
	printf "id\tstatus\n1\tlost\n" | crm-add -q --update &&
	tsv expect <<-\EOF &&
	1|Anna|||0.00
	3|Cleo|2025-04-10|price|47.00
	EOF
	crm-lost --list -H >actual &&
	test_cmp expect actual &&
	tsv expect <<-\EOF &&
	|1|0.00
	price|1|47.00
	EOF
	crm-lost --reasons -H >actual &&
	test_cmp expect actual
'

test_expect_success 'an empty stdin changes nothing; -q prints nothing' '
	crm-lost --reason price </dev/null >out &&
	echo "0 changed" >expect &&
	test_cmp expect out &&
	crm-lost -q --won-back 1 >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err
'

test_expect_success 'an unknown customer is 66 and changes nothing' '
	test_refused 66 "^crm-lost: .*99" crm-lost 4 99 --reason price &&
	printf "4\n99\n" >in &&
	test_refused 66 "^crm-lost: line 2: .*99" crm-lost --reason price <in &&
	test_refused 66 "^crm-lost: .*98" crm-lost --won-back 98
'

test_expect_success 'a thank for an unknown customer is 66' '
	test_refused 66 "^crm-thank: .*99" crm-thank --how gift 99
'

test_expect_success '--reason is required and not empty' '
	test_refused 64 "^crm-lost: --reason" crm-lost 1 &&
	test_refused 64 "^crm-lost: --reason" crm-lost 1 --reason ""
'

test_expect_success 'bad option arguments and options of another form are 64' '
	test_refused 64 "^crm-lost: --date: " crm-lost 1 --reason x --date 2025-02-29 &&
	test_refused 64 "^crm-lost: --as-of: " crm-lost --list --as-of soon &&
	test_refused 64 "^crm-lost: " crm-lost --won-back --reason x 1 &&
	test_refused 64 "^crm-lost: " crm-lost --reasons --list &&
	test_refused 64 "^crm-lost: " crm-lost --reasons 1 &&
	test_refused 64 "^crm-lost: " crm-lost --list --date 2025-01-01 &&
	test_refused 64 "^crm-lost: " crm-lost 1 --reason x --as-of 2025-01-01 &&
	test_refused 64 "^crm-lost: .*abc" crm-lost abc --reason x
'

test_expect_success 'a report on a missing database is 66' '
	test_must_fail_with 66 crm-lost --reasons --db nowhere.db 2>err &&
	test_stderr_matches "^crm-lost: .*nowhere.db" err &&
	test ! -e nowhere.db
'

test_expect_success '--help lists every long option' '
	crm-lost --help >help &&
	for o in reason date won-back reasons list as-of no-header format key \
		dry-run quiet db config progress help version
	do
		grep -e "--$o" help >/dev/null || { echo "--help lacks --$o"; return 1; }
	done
'

test_expect_success SOURCE_TREE 'the man page documents every long option' '
	crm-lost --help | grep -o -E -e "--[a-z][a-z0-9-]*" | sort -u >opts &&
	while read -r o
	do
		grep -e "^\.It Fl .*${o#-}" "$CRM_SOURCE_DIR/man/crm-lost.1" >/dev/null ||
		{ echo "man page lacks $o"; return 1; }
	done <opts
'

test_expect_success SOURCE_TREE,MANDOC 'mandoc -Tlint is clean' '
	mandoc -Tlint -Wwarning "$CRM_SOURCE_DIR/man/crm-lost.1" >lint 2>&1 &&
	test_must_be_empty lint
'

test_done
