#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='--as-of reads history: category, status, existence, open credit and the report as of a past day'
. "$(dirname "$0")/lib.sh"

# Today is 2025-06-30; the reports are as of D = 2025-03-01.
#   1 Ann  created 2025-01-01, regular; bought 100.00 on 2025-02-01;
#          moved to vip on 2025-04-01 (after D: the old category counts).
#   2 Bob  created 2025-01-01, regular; bought 80.00 on credit on
#          2025-02-15 (ref u1), paid 2025-04-10; lost on 2025-05-01.
#   3 Cid  created 2025-04-15 (after D); 30.00 on credit 2025-04-20 (u3).
#   4 Dan  created 2025-01-01, vip; bought 40.00 on 2025-02-20; moved to
#          regular on 2025-02-01 (on or before D: the new one counts),
#          then to employee on 2025-04-01.
# So on D: 1 regular active, 2 regular active with 80.00 open, 4 regular,
# and 3 does not exist yet.
test_expect_success 'setup: history made with CRM_TODAY and --date' '
	crm-init &&
	crm-add -q --name Ann --card C1 --created 2025-01-01 &&
	crm-add -q --name Bob --card C2 --created 2025-01-01 &&
	crm-add -q --name Cid --created 2025-04-15 &&
	crm-add -q --name Dan --category vip --created 2025-01-01 &&
	crm-sale -q 1 100.00 --date 2025-02-01 --ref s1 &&
	crm-sale -q 2 80.00 --date 2025-02-15 --unpaid --ref u1 &&
	crm-sale -q 4 40.00 --date 2025-02-20 --ref s4 &&
	CRM_TODAY=2025-02-01 crm-categorize -q regular 4 &&
	CRM_TODAY=2025-04-01 crm-categorize -q vip 1 &&
	CRM_TODAY=2025-04-01 crm-categorize -q employee 4 &&
	crm-sale -q --pay u1 --date 2025-04-10 &&
	crm-lost -q --reason moved --date 2025-05-01 2 &&
	crm-sale -q 3 30.00 --date 2025-04-20 --unpaid --ref u3
'

test_expect_success 'crm-ls --as-of: the category and status of that day, later customers left out' '
	tsv expect <<-\EOF &&
	1|Ann|||C1|regular||||active|2025-01-01|
	2|Bob|||C2|regular||||active|2025-01-01|
	4|Dan||||regular||||active|2025-01-01|
	EOF
	crm-ls -H --as-of 2025-03-01 >actual &&
	test_cmp expect actual &&
	crm-ls -H --as-of 2025-03-01 --category regular >actual &&
	test_cmp expect actual &&
	crm-ls -H --as-of 2025-03-01 --status lost >actual &&
	test_must_be_empty actual &&
	tsv expect <<-\EOF &&
	1|Ann|||C1|vip||||active|2025-01-01|
	2|Bob|||C2|regular||||lost|2025-01-01|
	3|Cid||||regular||||active|2025-04-15|
	4|Dan||||employee||||active|2025-01-01|
	EOF
	crm-ls -H >actual &&
	test_cmp expect actual
'

test_expect_success 'crm-show --as-of: category of that day, not lost, no lost date, open credit then' '
	crm-show 1 --as-of 2025-03-01 >actual &&
	grep -A1 "^category:" actual >cat &&
	printf "category:\n  name: regular\n" >expect &&
	test_cmp expect cat &&
	grep "^category_history: \[\]" actual &&
	crm-show 2 --as-of 2025-03-01 >actual &&
	grep "^status: active" actual &&
	! grep "^lost:" actual &&
	grep "^open_credit: 80.00" actual &&
	crm-show 2 --as-of 2025-05-01 >actual &&
	grep "^status: lost" actual &&
	grep -A2 "^lost:" actual >lost &&
	printf "lost:\n  date: 2025-05-01\n  reason: moved\n" >expect &&
	test_cmp expect lost &&
	crm-show 4 --as-of 2025-03-01 >actual &&
	grep -A1 "^category:" actual >cat &&
	printf "category:\n  name: regular\n" >expect &&
	test_cmp expect cat
'

test_expect_success 'crm-top --as-of: categories of that day; --category ranks who was in it then' '
	tsv expect <<-\EOF &&
	1|1|Ann|regular|100.00|45.5|45.5
	2|2|Bob|regular|80.00|36.4|81.8
	3|4|Dan|regular|40.00|18.2|100.0
	EOF
	crm-top -H --percent 100 --as-of 2025-03-01 >actual &&
	test_cmp expect actual &&
	crm-top -H --percent 100 --as-of 2025-03-01 --category regular >actual &&
	test_cmp expect actual &&
	crm-top -H --percent 100 --as-of 2025-03-01 --category vip >actual &&
	test_must_be_empty actual
'

test_expect_success 'crm-lapsed --as-of: the category of that day' '
	tsv expect <<-\EOF &&
	1|Ann|regular|2025-02-01|28|1|100.00||active
	2|Bob|regular|2025-02-15|14|1|80.00||active
	EOF
	crm-lapsed -H --days 10 --as-of 2025-03-01 >actual &&
	test_cmp expect actual
'

test_expect_success 'crm-bonus --as-of: the category of that day at its current rate' '
	tsv expect <<-\EOF &&
	C1|1|Ann|regular|no|0.0|0.00|0.0|no
	EOF
	crm-bonus -H C1 --as-of 2025-03-01 >actual &&
	test_cmp expect actual &&
	tsv expect <<-\EOF &&
	C1|1|Ann|vip|yes|5.0|0.00|0.0|no
	EOF
	crm-bonus -H C1 >actual &&
	test_cmp expect actual
'

test_expect_success 'crm-value --unpaid --as-of: paid later was open then; sold later is not listed' '
	tsv expect <<-\EOF &&
	2|Bob|u1|2025-02-15|80.00|14
	EOF
	crm-value -H --unpaid --as-of 2025-03-01 >actual &&
	test_cmp expect actual &&
	tsv expect <<-\EOF &&
	2|Bob|u1|2025-02-15|80.00|53
	EOF
	crm-value -H --unpaid --as-of 2025-04-09 >actual &&
	test_cmp expect actual &&
	tsv expect <<-\EOF &&
	3|Cid|u3|2025-04-20|30.00|0
	EOF
	crm-value -H --unpaid --as-of 2025-04-20 >actual &&
	test_cmp expect actual &&
	tsv expect <<-\EOF &&
	3|Cid|u3|2025-04-20|30.00|71
	EOF
	crm-value -H --unpaid >actual &&
	test_cmp expect actual
'

test_expect_success 'crm-report: a survey dated on --as-of counts, like a complaint of that day' '
	crm-init --db r.db &&
	crm-add --db r.db -q --name A --created 2025-06-01 &&
	crm-note --db r.db -q --kind survey --score 2 --date 2025-06-30 1 &&
	crm-note --db r.db -q --kind survey --score 4 --date 2025-07-01 1 &&
	crm-note --db r.db -q --kind complaint --text late --date 2025-07-01 1 &&
	crm-report --db r.db --as-of 2025-07-01 --format json >r.json &&
	jq -c "[.sections.complaints.surveys.count, .sections.complaints.surveys.scores, .sections.complaints.open]" r.json >actual &&
	echo "[2,[0,1,0,1,0],1]" >expect &&
	test_cmp expect actual
'

test_expect_success 'crm-report: a deleted category is listed only while it holds something' '
	crm-categorize --db r.db -q --define gone &&
	crm-categorize --db r.db -q --delete gone &&
	crm-report --db r.db --as-of 2025-07-01 --format json >r.json &&
	jq -r ".sections.categories.list[].category" r.json >actual &&
	printf "regular\nemployee\nproblem\nvip\n" | sort >expect &&
	sort actual >sorted &&
	test_cmp expect sorted
'

# The issue's "done when": every report as of D, then later sales,
# category moves (and a category deleted), status changes, payments,
# notes and surveys, and a new customer, all dated after D: the same
# commands as of D print the same bytes.
asof_all () {
	mkdir -p "$1" &&
	crm-ls --as-of 2025-03-01 >"$1/ls" &&
	crm-show 1 2 4 --as-of 2025-03-01 >"$1/show" &&
	crm-top --percent 100 --as-of 2025-03-01 >"$1/top" &&
	crm-top --percent 100 --category temp --as-of 2025-03-01 >"$1/top-temp" &&
	crm-lapsed --days 10 --include-never --include-lost --as-of 2025-03-01 >"$1/lapsed" &&
	crm-rfm --as-of 2025-03-01 >"$1/rfm" &&
	crm-value --as-of 2025-03-01 >"$1/value" &&
	crm-value --unpaid --as-of 2025-03-01 >"$1/unpaid" &&
	crm-value --by category --as-of 2025-03-01 >"$1/by-category" &&
	crm-bonus --list --as-of 2025-03-01 >"$1/bonus-list" &&
	crm-bonus C1 --as-of 2025-03-01 >"$1/bonus" &&
	crm-habits --as-of 2025-03-01 >"$1/habits" &&
	crm-referrals --as-of 2025-03-01 >"$1/referrals" &&
	crm-report --as-of 2025-03-01 >"$1/report" &&
	crm-report --as-of 2025-03-01 --format json >"$1/report.json"
}

test_expect_success 'done when: every report as of D prints the same bytes after later changes' '
	crm-categorize -q --define temp &&
	CRM_TODAY=2025-02-25 crm-categorize -q temp 4 &&
	crm-note -q --kind survey --score 5 --date 2025-03-01 1 &&
	crm-note -q --kind complaint --text slow --date 2025-02-28 2 &&
	crm-sale -q 1 10.00 --date 2025-03-01 --unpaid --ref u0 &&
	asof_all before &&
	grep "	temp	" before/ls &&
	crm-sale -q 1 55.00 --date 2025-03-02 --ref later1 &&
	crm-sale -q 2 -20.00 --date 2025-03-03 &&
	crm-sale -q --pay u0 --date 2025-03-05 &&
	CRM_TODAY=2025-03-10 crm-categorize -q vip 2 &&
	crm-categorize -q --delete temp --reassign regular &&
	crm-lost -q --reason price --date 2025-03-12 1 &&
	crm-lost -q --won-back --date 2025-05-02 2 &&
	crm-note -q --kind survey --score 1 --date 2025-03-02 1 &&
	crm-note -q --kind complaint --text again --date 2025-03-03 4 &&
	crm-add -q --name Eve --card C5 --referred-by 1 --created 2025-03-02 &&
	crm-sale -q 5 20.00 --date 2025-03-02 &&
	asof_all after &&
	for f in before/*
	do
		test_cmp_nonempty "$f" "after/${f#before/}" || return 1
	done
'

test_expect_code 66 'crm-show of a customer created after --as-of is not found' '
	crm-show --as-of 2025-03-01 3 2>err
'

test_expect_success 'its message names the day; as of his creation he is there' '
	test_must_fail_with 66 crm-show --as-of 2025-03-01 3 2>err &&
	test_stderr_matches "^crm-show: customer 3 did not exist yet on 2025-03-01\$" err &&
	crm-show --as-of 2025-04-15 3 >out &&
	grep "^name: Cid\$" out
'

test_done
