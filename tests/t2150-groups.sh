#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='groups: crm-categorize --from, --date, -n --undo; crm-value --by category columns, uncosted, --current'
. "$(dirname "$0")/lib.sh"

# Four customers, today 2025-06-30:
#  1 Anna regular, 2 Bert employee, 3 Cleo problem, 4 Dirk regular, 5 Eva vip
test_expect_success 'setup' '
	cat >config.yaml <<-\EOF &&
	default_category: regular
	categories:
	  regular: {description: "Regular"}
	  vip: {description: "Very important"}
	  problem: {description: "Must prepay", prepay: yes}
	  employee: {description: "Staff"}
	EOF
	CRM_CONFIG=$TRASH/config.yaml &&
	export CRM_CONFIG &&
	crm-init &&
	tsv in <<-\EOF &&
	name|category|created
	Anna|regular|2024-01-01
	Bert|employee|2024-01-01
	Cleo|problem|2024-01-01
	Dirk|regular|2024-01-01
	Eva|vip|2024-01-01
	EOF
	crm-add -q <in
'

test_expect_success '--from moves only those in the category; the others are skipped and counted' '
	printf "1\n2\n3\n5\n" | crm-categorize vip --from regular >out 2>err &&
	echo "1 changed, 2 skipped: not in regular" >expect &&
	test_cmp expect out &&
	test_must_be_empty err &&
	crm-ls -H --columns id,category >actual &&
	tsv expect <<-\EOF &&
	1|vip
	2|employee
	3|problem
	4|regular
	5|vip
	EOF
	test_cmp expect actual
'

test_expect_success '--from with several categories; the dry run lists the skipped on stderr' '
	db_snapshot before &&
	crm-categorize -n vip --from regular,employee 2 3 4 >out 2>err &&
	tsv expect <<-\EOF &&
	id|name|old|new
	2|Bert|employee|vip
	4|Dirk|regular|vip
	EOF
	test_cmp expect out &&
	cat >expect <<-\EOF &&
	crm-categorize: skipped: 3 Cleo: in problem, not in regular,employee
	crm-categorize: dry run: 2 would change, 1 skipped: not in regular,employee
	EOF
	test_cmp expect err &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success 'an unknown category in --from is 66 and changes nothing' '
	db_snapshot before &&
	test_refused 66 "^crm-categorize: --from: category .nosuch. does not exist" \
		crm-categorize vip --from regular,nosuch 4 &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success '--from and --date go with a move only' '
	test_refused 64 "^crm-categorize: --from" crm-categorize --list --from regular
'

test_expect_success '-n --undo says what would change, and writes nothing' '
	db_snapshot before &&
	crm-categorize -n --undo 1 >out 2>err &&
	test_must_be_empty out &&
	echo "crm-categorize: dry run: 1 would change" >expect &&
	test_cmp expect err &&
	db_snapshot after &&
	test_cmp before after &&
	crm-backup --check -q
'

# Sales of Dirk (4): 2025-01-10 100/60, 2025-03-01 50 (no cost), 2025-06-01 30/10
test_expect_success 'setup: sales' '
	tsv sales <<-\EOF &&
	date|customer|amount|cost|ref
	2025-01-10|4|100.00|60.00|D1
	2025-03-01|4|50.00||D2
	2025-06-01|4|30.00|10.00|D3
	EOF
	crm-sale -q <sales
'

test_expect_success '--date records a move as of a past day; the sales since follow it' '
	crm-categorize vip --date 2025-02-01 --note "start of year" 4 >out &&
	echo "1 changed" >expect &&
	test_cmp expect out &&
	crm-categorize --history 4 >actual &&
	tsv expect <<-\EOF &&
	batch|date|id|old|new|note
	2|2025-02-01|4|regular|vip|start of year
	EOF
	test_cmp expect actual &&
	if test_have_prereq SQLITE_DB
	then
		sqlite3 "$CRM_DB" "SELECT ref, category_id FROM purchase ORDER BY ref" >actual &&
		sqlite3 "$CRM_DB" "SELECT id FROM category WHERE name = '"'"'regular'"'"'" >reg &&
		sqlite3 "$CRM_DB" "SELECT id FROM category WHERE name = '"'"'vip'"'"'" >vip &&
		printf "D1|%s\nD2|%s\nD3|%s\n" "$(cat reg)" "$(cat vip)" "$(cat vip)" >expect &&
		test_cmp expect actual
	fi &&
	crm-backup --check -q
'

test_expect_success 'a dated move cannot go before a later move (65)' '
	crm-categorize -q problem 1 &&
	test_refused 65 "^crm-categorize: customer 1 was moved on 2025-06-30, after --date 2025-01-01" \
		crm-categorize regular --date 2025-01-01 1
'

# The undo is a move back made today: from today on Dirk is regular again,
# the sales he made as a vip (since 2025-02-01) stay vip sales.
test_expect_success 'a dated move is undone like any other, as a move today' '
	crm-categorize --undo 2 >out &&
	echo "1 changed" >expect &&
	test_cmp expect out &&
	echo 4 | crm-ls -H --columns id,category - >actual &&
	printf "4\tregular\n" >expect &&
	test_cmp expect actual &&
	if test_have_prereq SQLITE_DB
	then
		sqlite3 "$CRM_DB" "SELECT ref, category_id FROM purchase ORDER BY ref" >actual &&
		printf "D1|%s\nD2|%s\nD3|%s\n" "$(cat reg)" "$(cat vip)" "$(cat vip)" >expect &&
		test_cmp expect actual
	fi &&
	crm-backup --check -q
'

test_expect_success '--date in the future is 64' '
	test_refused 64 "^crm-categorize: --date" crm-categorize vip --date 2025-07-01 4
'

# crm-value over the data above.  Now: Anna problem, Bert employee, Cleo
# problem, Dirk regular (his move to vip as of 2025-02-01 undone today),
# Eva vip.  Dirk's sales: D1 2025-01-10 100/60 (regular), D2 2025-03-01 50
# without a cost and D3 2025-06-01 30/10 (both vip: made while he was vip).
#  profit = net - cost over the costed sales; uncosted = the net of the others
#  regular: D1: buyers {4}, revenue 100, profit 40, uncosted 0; customers:
#    in regular today {4} = 1
#  vip: D2 D3: buyers {4}, revenue 80, profit 30-10 = 20, uncosted 50;
#    customers: in vip today {5}, plus Dirk whose sales count for vip = 2;
#    20/2 = 10.00
#  total profit 60: 40/60 = 66.7, 20/60 = 33.3
test_expect_success 'per customer: profit only over costed sales, uncosted last' '
	tsv expect <<-\EOF &&
	id|period|purchases|revenue|returns|net|cost|profit|uncosted
	4|all|3|180.00|0.00|180.00|70.00|60.00|50.00
	EOF
	crm-value >actual &&
	test_cmp expect actual
'

test_expect_success '--by category: buyers never outnumber customers; uncosted apart' '
	tsv expect <<-\EOF &&
	category|customers|buyers|revenue|profit|profit_per_customer|share|uncosted
	employee|1|0|0.00|0.00|0.00|0.0|0.00
	problem|2|0|0.00|0.00|0.00|0.0|0.00
	regular|1|1|100.00|40.00|40.00|66.7|0.00
	vip|2|1|80.00|20.00|10.00|33.3|50.00
	EOF
	crm-value --by category >actual &&
	test_cmp expect actual
'

# --current: every sale counts for the category as of --as-of.
#  today: all three sales are regular: 180, profit 40+20 = 60, uncosted 50,
#    customers {4} = 1, 60/1; vip keeps Eva and nothing else
test_expect_success '--current: each sale counts for the category the customer has now' '
	tsv expect <<-\EOF &&
	category|customers|buyers|revenue|profit|profit_per_customer|share|uncosted
	employee|1|0|0.00|0.00|0.00|0.0|0.00
	problem|2|0|0.00|0.00|0.00|0.0|0.00
	regular|1|1|180.00|60.00|60.00|100.0|50.00
	vip|1|0|0.00|0.00|0.00|0.0|0.00
	EOF
	crm-value --by category --current >actual &&
	test_cmp expect actual
'

# As of 2025-03-01: Anna regular (her moves are today), Bert employee, Cleo
# problem, Dirk vip (moved as of 2025-02-01), Eva vip.  Sales D1 and D2,
# both vip: 150, profit 40, uncosted 50, customers {4,5} = 2, 40/2 = 20.00.
test_expect_success '--current --as-of: the categories of that day, from the history' '
	tsv expect <<-\EOF &&
	category|customers|buyers|revenue|profit|profit_per_customer|share|uncosted
	employee|1|0|0.00|0.00|0.00|0.0|0.00
	problem|1|0|0.00|0.00|0.00|0.0|0.00
	regular|1|0|0.00|0.00|0.00|0.0|0.00
	vip|2|1|150.00|40.00|20.00|100.0|50.00
	EOF
	crm-value --by category --current --as-of 2025-03-01 >actual &&
	test_cmp expect actual
'

test_expect_success '--current goes with --by' '
	test_refused 64 "^crm-value: --current" crm-value --current
'

# The nightly report, this year (2025, up to yesterday): regular 40, vip 20
# (D2 has no cost: 50 uncosted), total 60; customers as crm-value counts
# them.  Counted in Dirk's category now (regular), all his profit, 60, is
# regular's: the two views differ, so both are shown.
test_expect_success 'crm-report CATEGORIES: profit over costed sales, the uncosted net, both views' '
	crm-report --sections categories >out &&
	sed -n "/^CATEGORIES/,/^\$/p" out >actual &&
	cat >expect <<-\EOF &&
	CATEGORIES
	  most profitable this year: regular, profit 40.00, 66.7% of all profit
	  others: vip 20.00 (33.3%), employee 0.00 (0.0%), problem 0.00 (0.0%)
	  total profit this year 60.00: crm-value --by category --period year
	  net without a cost, in no profit: 50.00
	  profit by category now: regular 60.00, vip 0.00, employee 0.00, problem 0.00
	  (each sale in the customer'"'"'s category now: crm-value --current)

	EOF
	test_cmp expect actual
'

test_expect_success 'crm-report --format json: uncosted, ranked_by, profit_now' '
	crm-report --sections categories --format json >out &&
	tr -d " \n" <out >flat &&
	grep -q "\"profit\":60.00,\"uncosted\":50.00,\"ranked_by\":\"profit\"" flat &&
	grep -q "\"category\":\"regular\",\"customers\":1,\"buyers\":1,\"revenue\":100.00,\"profit\":40.00,\"share\":66.7,\"uncosted\":0.00,\"profit_now\":60.00" flat &&
	grep -q "\"category\":\"vip\",\"customers\":2,\"buyers\":1,\"revenue\":80.00,\"profit\":20.00,\"share\":33.3,\"uncosted\":50.00,\"profit_now\":0.00" flat
'

# Without any cost the report ranks by net and says so.
test_expect_success 'crm-report: no cost this year, categories ranked by net' '
	crm-init --db nocost.db &&
	printf "name\tcategory\nUlf\tvip\nVera\tregular\n" | crm-add -q --db nocost.db &&
	printf "date\tcustomer\tamount\tref\n2025-03-01\t1\t10.00\tN1\n2025-03-02\t2\t25.00\tN2\n" |
		crm-sale -q --db nocost.db &&
	crm-report --db nocost.db --sections categories >out &&
	grep "ranked by net" out >actual &&
	echo "  no sale this year has a cost: ranked by net, best regular, net 25.00" >expect &&
	test_cmp expect actual
'

test_done
