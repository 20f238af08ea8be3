#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='staff: crm-sale --staff and its column, crm-note --staff, crm-note --summary --by staff, crm-value --by staff'
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup' '
	crm-init &&
	printf "name\nAnna\nBert\nCleo\n" | crm-add -q
'

test_expect_success 'crm-sale --staff records who sold, trimmed' '
	crm-sale --date 2025-05-02 --ref S1 --cost 4.00 --staff " Uta	" 1 10.00 &&
	crm-sale --date 2025-05-03 --ref S2 --staff "" 2 2.00
'

test_expect_success 'a staff column in the bulk input; blank is none' '
	tsv sales <<-\EOF &&
	customer|date|amount|ref|staff|returns|reason
	1|2025-05-10|5.00|B1|Uta||
	2|2025-05-10|20.00|B2|Ben||
	3|2025-06-01|7.50|B3| ||
	2|2025-06-02|-5.00|B4|Ben |B2|torn
	3|2025-06-03|12.00|B5|Uta||
	EOF
	crm-sale -q <sales
'

test_expect_success SQLITE3,SQLITE_DB 'the staff is stored trimmed, NULL when blank' '
	sqlite3 "$CRM_DB" "SELECT ref, quote(staff) FROM purchase ORDER BY ref" >actual &&
	tsv expect <<-\EOF &&
	B1|'"'"'Uta'"'"'
	B2|'"'"'Ben'"'"'
	B3|NULL
	B4|'"'"'Ben'"'"'
	B5|'"'"'Uta'"'"'
	S1|'"'"'Uta'"'"'
	S2|NULL
	EOF
	tr "\t" "|" <expect >expect.sql &&
	test_cmp expect.sql actual
'

test_expect_success '--staff goes with one sale, not with the bulk form or --pay (64)' '
	test_must_fail_with 64 crm-sale --staff Uta <sales 2>err &&
	test_stderr_matches "^crm-sale: .*--staff go with ID AMOUNT" err &&
	test_refused 64 "^crm-sale: --staff goes with a sale" crm-sale --pay S1 --staff Uta
'

test_expect_success 'a staff name with a control character is refused, nothing written' '
	db_snapshot before &&
	test_must_fail crm-sale --staff "$(printf "U\001ta")" 1 1.00 2>err &&
	test_stderr_matches "^crm-sale: .*--staff" err &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success 'crm-note --staff; --list shows it in a last column' '
	crm-note -q --kind survey --score 4 --staff Uta --date 2025-05-11 1 &&
	crm-note -q --kind survey --score 5 --staff Uta --date 2025-06-04 3 &&
	crm-note -q --kind survey --score 5 --staff " Uta" --date 2025-06-05 2 &&
	crm-note -q --kind survey --score 2 --staff Ben --date 2025-05-12 2 &&
	crm-note -q --kind praise --staff Ben --date 2025-06-06 2 &&
	crm-note -q --kind survey --score 3 --date 2025-06-07 1 &&
	crm-note -q --kind call --staff Ida --date 2025-06-08 1 &&
	crm-note --list -H 2 >actual &&
	tsv expect <<-\EOF &&
	4|2|Bert|2025-05-12|survey|2|||Ben
	1|2|Bert|2025-06-02|complaint||torn||Ben
	5|2|Bert|2025-06-05|survey|5|||Uta
	6|2|Bert|2025-06-06|praise||||Ben
	EOF
	sed "s/^[0-9]*${TAB}//" actual | sort >a.sorted &&
	sed "s/^[0-9]*${TAB}//" expect | sort >e.sorted &&
	test_cmp e.sorted a.sorted &&
	crm-note --list 2 | head -n 1 >actual &&
	echo "note${TAB}id${TAB}name${TAB}date${TAB}kind${TAB}score${TAB}text${TAB}resolved${TAB}staff" >expect &&
	test_cmp expect actual
'

test_expect_success '--staff goes with adding a note (64)' '
	test_refused 64 "^crm-note: --staff goes with adding" crm-note --list --staff Uta &&
	test_refused 64 "^crm-note: --staff goes with adding" crm-note --summary --staff Uta
'

test_expect_success 'crm-note --summary --by staff: surveys, mean score, complaints, praise' '
	crm-note --summary --by staff --as-of 2025-06-30 >actual &&
	tsv expect <<-\EOF &&
	staff|surveys|mean_score|complaints|praise
	|1|3.00|0|0
	Ben|1|2.00|1|1
	Uta|3|4.67|0|0
	EOF
	test_cmp expect actual
'

test_expect_success '--summary --by staff per period, and within --from/--to' '
	crm-note --summary --by staff --period month --as-of 2025-06-30 -H >actual &&
	tsv expect <<-\EOF &&
	2025-05|Ben|1|2.00|0|0
	2025-05|Uta|1|4.00|0|0
	2025-06||1|3.00|0|0
	2025-06|Ben|0||1|1
	2025-06|Uta|2|5.00|0|0
	EOF
	test_cmp expect actual &&
	crm-note --summary --by staff --from 2025-06-01 --to 2025-06-05 -H >actual &&
	tsv expect <<-\EOF &&
	Ben|0||1|0
	Uta|2|5.00|0|0
	EOF
	test_cmp expect actual
'

test_expect_success '--summary --by staff --as-of leaves out later notes; JSON' '
	crm-note --summary --by staff --as-of 2025-05-31 --format json >actual &&
	cat >expect <<-\EOF &&
	{"staff":"Ben","surveys":1,"mean_score":2.00,"complaints":0,"praise":0}
	{"staff":"Uta","surveys":1,"mean_score":4.00,"complaints":0,"praise":0}
	EOF
	test_cmp expect actual
'

test_expect_success '--by category is the plain --summary; --by goes with --summary (64)' '
	crm-note --summary --as-of 2025-06-30 >plain &&
	crm-note --summary --by category --as-of 2025-06-30 >by &&
	test_cmp plain by &&
	test_refused 64 "^crm-note: --by goes with --summary" crm-note --list --by staff &&
	test_refused 64 "^crm-note: --by: .x. is not one of" crm-note --summary --by x
'

test_expect_success 'crm-value --by staff: the sales per staff member, the unnamed first' '
	crm-value --by staff --as-of 2025-06-30 >actual &&
	tsv expect <<-\EOF &&
	staff|customers|buyers|revenue|profit|profit_per_customer|share|uncosted
	|2|2|9.50|0.00|0.00|0.0|9.50
	Ben|1|1|20.00|0.00|0.00|0.0|15.00
	Uta|2|2|27.00|6.00|3.00|100.0|17.00
	EOF
	test_cmp expect actual
'

test_expect_success 'crm-value --by staff per month, within --from/--to and --as-of' '
	crm-value --by staff --period month --as-of 2025-06-30 -H >actual &&
	tsv expect <<-\EOF &&
	2025-05||1|1|2.00|0.00|0.00|0.0|2.00
	2025-05|Ben|1|1|20.00|0.00|0.00|0.0|20.00
	2025-05|Uta|1|1|15.00|6.00|6.00|100.0|5.00
	2025-06||1|1|7.50|0.00|0.00|0.0|7.50
	2025-06|Ben|1|0|0.00|0.00|0.00|0.0|-5.00
	2025-06|Uta|1|1|12.00|0.00|0.00|0.0|12.00
	EOF
	test_cmp expect actual &&
	crm-value --by staff --from 2025-06-01 --as-of 2025-06-02 -H >actual &&
	tsv expect <<-\EOF &&
	|1|1|7.50|0.00|0.00|0.0|7.50
	Ben|1|0|0.00|0.00|0.00|0.0|-5.00
	EOF
	test_cmp expect actual
'

test_expect_success 'crm-value --by staff - limits it to the customers read' '
	echo 1 | crm-value --by staff --as-of 2025-06-30 -H - >actual &&
	echo "Uta${TAB}1${TAB}1${TAB}15.00${TAB}6.00${TAB}6.00${TAB}100.0${TAB}5.00" >expect &&
	test_cmp expect actual
'

test_expect_success 'crm-value --by staff --current is 64' '
	test_refused 64 "^crm-value: --current does not go with --by staff" \
		crm-value --by staff --current
'

test_expect_success 'crm-report: a STAFF section with the sales and notes of the year' '
	crm-report -q --as-of 2025-06-30 >report &&
	sed -n "/^STAFF\$/,/^\$/p" report >actual &&
	cat >expect <<-\EOF &&
	STAFF
	  this year, per staff member who served the customer:
	  staff                sales         revenue  surveys  mean  complaints  praise
	  (none recorded)          2            9.50        1   3.0           0       0
	  Ben                      1           20.00        1   2.0           1       1
	  Uta                      3           27.00        3   4.7           0       0
	  more: crm-value --by staff, crm-note --summary --by staff

	EOF
	test_cmp expect actual &&
	tail -n 1 report >last &&
	grep "whole profile: crm-show ID\$" last
'

test_expect_success 'crm-report --format json: the staff list' '
	crm-report -q --as-of 2025-06-30 --sections staff --format json >actual.json &&
	grep -c "\"staff\": " actual.json >n &&
	echo 4 >expect &&
	test_cmp expect n &&
	grep -e "\"mean_score\": 4.7," actual.json
'

test_expect_success 'crm-report --html: a staff table' '
	crm-report -q --as-of 2025-06-30 --sections staff --html page.html >/dev/null &&
	grep "<section id=\"staff\">" page.html &&
	grep "<td>Uta</td>" page.html
'

test_expect_success 'crm-report: no staff recorded in the year (a call aside), no STAFF section' '
	crm-report -q --as-of 2025-06-30 --sections staff,bonus >with &&
	grep "^STAFF\$" with &&
	! grep "Ida" with &&
	crm-sale --date 2024-05-01 1 3.00 &&
	crm-note -q --kind survey --score 5 --date 2024-05-02 1 &&
	crm-note -q --kind call --staff Ida --date 2024-05-03 1 &&
	crm-report -q --as-of 2024-12-31 >report &&
	grep "^SALES\$" report &&
	! grep "STAFF" report &&
	crm-report -q --as-of 2024-12-31 --sections staff,bonus --format json >actual.json &&
	! grep "\"staff\"" actual.json &&
	grep "\"bonus\"" actual.json
'

test_done
