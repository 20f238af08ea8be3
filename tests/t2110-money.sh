#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='money: the currency stored by crm-init, the bound on the sums, day 0 (1970-01-01) as a date'
. "$(dirname "$0")/lib.sh"

# The database crm.db is made with no configuration: no currency code, two
# minor digits.  Anna (1) bought 12.50 on 2025-02-01; Bo (2) is there for
# the large sums.

test_expect_success 'setup: a database with no currency configured' '
	crm-init &&
	crm-add -q --name Anna --created 2025-01-01 &&
	crm-add -q --name Bo --created 2025-01-01 &&
	crm-sale --date 2025-02-01 1 12.50
'

# ---------------------------------------------------------------------------
# The currency is the database's

test_expect_success 'a config with other minor digits is 78, naming both; the stored digits print' '
	echo "minor_digits: 0" >zero.yaml &&
	test_refused 78 "^crm-value: config says minor_digits 0, the database has 2 \(set at crm-init\)\$" \
		crm-value --config zero.yaml &&
	test_refused 78 "^crm-sale: config says minor_digits 0, the database has 2 \(set at crm-init\)\$" \
		crm-sale --config zero.yaml --date 2025-02-02 1 13 &&
	printf "1\tall\t1\t12.50\t0.00\t12.50\t0.00\t0.00\t12.50\n" >expect &&
	crm-value -H >actual &&
	test_cmp expect actual
'

test_expect_success 'a database made with minor_digits 0 reads 13 as 13 with no config' '
	crm-init --db zero.db --config zero.yaml &&
	crm-add -q --db zero.db --name Yen --created 2025-01-01 &&
	crm-sale --db zero.db --date 2025-02-01 1 13 &&
	test_must_fail_with 64 crm-sale --db zero.db --date 2025-02-01 1 12.5 2>err &&
	test_stderr_matches "^crm-sale: amount .12\.5. must be a whole number" err &&
	printf "1\tall\t1\t13\t0\t13\t0\t0\t13\n" >expect &&
	crm-value --db zero.db -H >actual &&
	test_cmp expect actual &&
	crm-value --db zero.db --config zero.yaml -H >actual &&
	test_cmp expect actual
'

test_expect_success 'crm-init stores the code: the JSON report says USD with a config that names none' '
	printf "currency: USD\n" >usd.yaml &&
	printf "lapsed_days: 30\n" >plain.yaml &&
	crm-init --db usd.db --config usd.yaml &&
	crm-report --db usd.db --as-of 2025-06-30 --format json >usd.json &&
	grep "^  \"currency\": \"USD\",\$" usd.json &&
	crm-report --db usd.db --config plain.yaml --as-of 2025-06-30 --format json >usd.json &&
	grep "^  \"currency\": \"USD\",\$" usd.json &&
	crm-report --db usd.db --as-of 2025-06-30 --html usd.html &&
	grep "amounts in USD" usd.html
'

test_expect_success 'a config with another code is 78, naming both' '
	printf "currency: EUR\n" >eur.yaml &&
	test_must_fail_with 78 crm-ls --db usd.db --config eur.yaml 2>err &&
	test_stderr_matches "^crm-ls: config says currency EUR, the database has USD \(set at crm-init\)\$" err &&
	test_one_line err &&
	test_refused 78 "^crm-value: config says currency USD, the database has none \(set at crm-init\)\$" \
		crm-value --config usd.yaml
'

test_expect_success 'no currency configured: JSON says null, the page names no currency' '
	crm-report --as-of 2025-06-30 --format json >none.json &&
	grep "^  \"currency\": null,\$" none.json &&
	crm-report --as-of 2025-06-30 --html none.html &&
	! grep -e EUR -e "amounts in" none.html
'

test_expect_success SQLITE3 'a version 4 database is upgraded with the config of the crm-init: code, digits, totals' '
	crm-init --db old.db &&
	crm-add -q --db old.db --name Old --created 2025-01-01 &&
	printf "customer\tdate\tamount\tcost\n1\t2025-02-01\t10.00\t4.00\n1\t2025-02-02\t-2.50\t-1.00\n" |
		crm-sale -q --db old.db &&
	sqlite3 old.db "DELETE FROM setting WHERE key IN (\"currency\", \"minor_digits\",
		\"amount_total\", \"cost_total\"); $(sql_before_v6) PRAGMA user_version = 4" &&
	test_must_fail_with 65 crm-value --db old.db 2>err &&
	test_stderr_matches "^crm-value: .*schema version 4.*crm-init" err &&
	printf "currency: GBP\n" >gbp.yaml &&
	crm-init --db old.db --config gbp.yaml &&
	sqlite3 old.db "PRAGMA user_version; SELECT key, value FROM setting
		WHERE key NOT LIKE \"%_sale_day\" ORDER BY key" >actual &&
	printf "7\namount_total|1250\ncost_total|500\ncurrency|GBP\ndefault_category_id|1\nminor_digits|2\n" >expect &&
	test_cmp expect actual
'

test_expect_success SQLITE3 'a version 4 database whose amounts add up past 64 bits is not upgraded (65)' '
	crm-init --db huge.db &&
	crm-add -q --db huge.db --name Huge --created 2025-01-01 &&
	sqlite3 huge.db "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 93)
		INSERT INTO purchase (customer_id, day, amount)
		SELECT 1, 20000, 99999999999999999 FROM n; $(sql_before_v6) PRAGMA user_version = 4" &&
	test_must_fail_with 65 crm-init --db huge.db 2>err &&
	test_stderr_matches "^crm-init: database .*huge\.db.: the amounts or costs recorded add up past what crm can sum" err &&
	test "$(sqlite3 huge.db "PRAGMA user_version")" = 4
'

# ---------------------------------------------------------------------------
# The bound: the totals of |amount| and |cost| stay within INT64_MAX / 4 =
# 2305843009213693951 minor units.  Anna's 12.50 is 1250; 23 sales of
# 999999999999999.99 add 2299999999999999977 (2300000000000001227 in all,
# within); a 24th would add 99999999999999999 more, past the bound.  By
# category: regular has both, 23000000000000012.27, per customer half of
# it, 11500000000000006.135 -> 11500000000000006.14.

test_expect_success '93 sales of 999999999999999.99 on stdin: 65 at line 25, nothing written' '
	{
		printf "customer\tdate\tamount\n" &&
		i=0 &&
		while [ $i -lt 93 ]
		do
			printf "2\t2025-03-01\t999999999999999.99\n"
			i=$((i + 1))
		done
	} >big.tsv &&
	test_refused 65 "^crm-sale: line 25: amount 999999999999999\.99 would take the sum of all amounts" \
		crm-sale <big.tsv
'

test_expect_success 'a cost past the bound is refused alike' '
	test_refused 65 "^crm-sale: line 25: cost 999999999999999\.99 would take the sum of all costs" \
		crm-sale <<-EOF
	customer	date	amount	cost
	$(i=0; while [ $i -lt 24 ]; do printf "2\t2025-03-01\t0.01\t999999999999999.99\n"; i=$((i + 1)); done)
	EOF
'

test_expect_success 'up to the bound sales are taken, the next refused, and the sums print exactly' '
	i=0 &&
	while [ $i -lt 23 ]
	do
		crm-sale --date 2025-03-01 2 999999999999999.99 || return 1
		i=$((i + 1))
	done &&
	test_refused 65 "^crm-sale: amount 999999999999999\.99 would take the sum of all amounts .*nothing of it is recorded\$" \
		crm-sale --date 2025-03-02 2 999999999999999.99 &&
	test_refused 65 "^crm-sale: amount -999999999999999\.99 would take" \
		crm-sale --date 2025-03-02 2 -999999999999999.99 &&
	tsv expect <<-\EOF &&
	id|period|purchases|revenue|returns|net|cost|profit|uncosted
	1|all|1|12.50|0.00|12.50|0.00|0.00|12.50
	2|all|23|22999999999999999.77|0.00|22999999999999999.77|0.00|0.00|22999999999999999.77
	EOF
	crm-value >actual &&
	test_cmp expect actual &&
	printf "1\t2\tBo\tregular\t22999999999999999.77\t100.0\t100.0\n" >expect &&
	crm-top -H >actual &&
	test_cmp expect actual &&
	printf "regular\t2\t2\t23000000000000012.27\t0.00\t0.00\t0.0\t23000000000000012.27\n" >expect &&
	crm-value -H --by category >actual &&
	grep "^regular" actual >regular &&
	test_cmp expect regular &&
	crm-show 2 >show &&
	grep "^  all_time: 22999999999999999\.77\$" show &&
	grep "^  this_year: 22999999999999999\.77\$" show &&
	grep "^  mean_basket: 22999999999999999\.77\$" show &&
	grep "^rank_percentile: 100\.0\$" show
'

# ---------------------------------------------------------------------------
# Day 0 is a date
#
# A and B created 1970-01-01.  A: 1970-01-01 10.00 cost 4.00, 1970-01-03
# 2.00; B: 1970-01-02 5.50 cost 1.25.  A: 2 purchases, 12.00, profit 6.00
# (the 2.00 without a cost is uncosted);
# B: 1, 5.50, profit 4.25.  Top 20% of 2 customers: 1, A with 12.00 of
# 17.50 = 68.57 -> 68.6.

test_expect_success 'sales on 1970-01-01 and 1970-01-02 count in crm-value, crm-top, crm-show' '
	crm-init --db epoch.db &&
	crm-add -q --db epoch.db --name A --created 1970-01-01 &&
	crm-add -q --db epoch.db --name B --created 1970-01-01 &&
	crm-sale --db epoch.db --date 1970-01-01 --cost 4.00 1 10.00 &&
	crm-sale --db epoch.db --date 1970-01-02 --cost 1.25 2 5.50 &&
	crm-sale --db epoch.db --date 1970-01-03 1 2.00 &&
	tsv expect <<-\EOF &&
	id|period|purchases|revenue|returns|net|cost|profit|uncosted
	1|all|2|12.00|0.00|12.00|4.00|6.00|2.00
	2|all|1|5.50|0.00|5.50|1.25|4.25|0.00
	EOF
	crm-value --db epoch.db >actual &&
	test_cmp expect actual &&
	crm-value --db epoch.db --as-of 1970-01-10 >actual &&
	test_cmp expect actual &&
	printf "1\t1\tA\tregular\t12.00\t68.6\t68.6\n" >expect &&
	crm-top --db epoch.db -H >actual &&
	test_cmp expect actual &&
	crm-show --db epoch.db 1 >show &&
	grep "^first_purchase: 1970-01-01\$" show &&
	grep "^last_purchase: 1970-01-03\$" show &&
	grep "^  all_time: 12.00\$" show
'

test_done
