#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm-referrals: per referrer counts and values, --tree, --unthanked, --as-of, cycles, a long chain'
. "$(dirname "$0")/lib.sh"

# The forest below, as of today (2025-06-30), children by id:
#
#   1 Anna ─┬─ 2 Bert ─┬─ 4 Dirk ── 6 Finn
#           │          └─ 5 Eva
#           └─ 3 Cleo ──── 9 Ines ── 10 Jan
#   7 Gina ─── 8 Hugo   (created 2025-07-15: not a customer yet today)
#
# Net values (purchases minus returns, up to today): Bert 100 - 20 = 80,
# Cleo 50, Dirk 30 + 12.50 = 42.50, Eva nothing, Finn 70 - 10 = 60,
# Ines 5, Jan 15 (bought on 2025-06-28, before his created date of
# 2025-08-01: he exists from that purchase on).  Anna's own 1000 counts in
# nobody's tree; Hugo's 25 is dated 2025-07-20, after today.
#
#   Anna: direct Bert + Cleo = 130.00; tree 80 + 50 + 42.50 + 0 + 60 + 5
#         + 15 = 252.50, 7 customers
#   Bert: direct Dirk + Eva = 42.50; tree + Finn = 102.50, 3 customers
#   Cleo: direct Ines = 5.00; tree + Jan = 20.00, 2 customers
#   Dirk: Finn, 60.00;  Ines: Jan, 15.00;  Gina: nobody yet.
test_expect_success 'setup: a three-level tree with purchases and returns' '
	crm-init &&
	tsv customers <<-\EOF &&
	name|referred_by|created
	Anna||2025-01-01
	Bert|1|2025-02-01
	Cleo|1|2025-03-01
	Dirk|2|2025-04-01
	Eva|2|2025-03-20
	Finn|4|2025-06-01
	Gina||2025-01-15
	Hugo|7|2025-07-15
	Ines|3|2025-06-20
	Jan|9|2025-08-01
	EOF
	crm-add -q <customers &&
	tsv sales <<-\EOF &&
	customer|date|amount
	1|2025-01-10|1000.00
	2|2025-02-10|100.00
	2|2025-02-20|-20.00
	3|2025-03-05|50.00
	4|2025-04-10|30.00
	4|2025-05-01|12.50
	6|2025-06-05|70.00
	6|2025-06-25|-10.00
	8|2025-07-20|25.00
	9|2025-06-21|5.00
	10|2025-06-28|15.00
	EOF
	crm-sale -q <sales &&
	test "$(customer_count)" = 10
'

test_expect_success 'the summary: referrals, tree sizes, direct and tree values' '
	tsv expect <<-\EOF &&
	id|name|referrals|tree_size|direct_value|tree_value
	1|Anna|2|7|130.00|252.50
	2|Bert|2|3|42.50|102.50
	3|Cleo|1|2|5.00|20.00
	4|Dirk|1|1|60.00|60.00
	9|Ines|1|1|15.00|15.00
	EOF
	crm-referrals >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err
'

test_expect_success 'crm-referrals never reads stdin without -' '
	printf "id\n2\n" | crm-referrals -H >actual &&
	test_line_count = 5 actual
'

test_expect_success '--as-of before Finn, Ines and Jan existed' '
	tsv expect <<-\EOF &&
	id|name|referrals|tree_size|direct_value|tree_value
	1|Anna|2|4|130.00|172.50
	2|Bert|2|2|42.50|42.50
	EOF
	crm-referrals --as-of 2025-05-15 >actual &&
	test_cmp expect actual
'

test_expect_success '--as-of after Hugo came: Gina is a referrer' '
	tsv expect <<-\EOF &&
	id|name|referrals|tree_size|direct_value|tree_value
	1|Anna|2|7|130.00|252.50
	2|Bert|2|3|42.50|102.50
	3|Cleo|1|2|5.00|20.00
	4|Dirk|1|1|60.00|60.00
	7|Gina|1|1|25.00|25.00
	9|Ines|1|1|15.00|15.00
	EOF
	crm-referrals --as-of 2025-07-31 >actual &&
	test_cmp expect actual
'

test_expect_success '--as-of before any referral: a header only' '
	crm-referrals --as-of 2025-01-31 >actual &&
	printf "id\tname\treferrals\ttree_size\tdirect_value\ttree_value\n" >expect &&
	test_cmp expect actual
'

test_expect_success '- limits the rows to the referrers read from stdin' '
	tsv expect <<-\EOF &&
	id|name|referrals|tree_size|direct_value|tree_value
	2|Bert|2|3|42.50|102.50
	3|Cleo|1|2|5.00|20.00
	EOF
	printf "id\tname\n3\tCleo\n2\tBert\n5\tEva\n" | crm-referrals - >actual &&
	test_cmp expect actual
'

test_expect_success '- with an unknown customer is 66' '
	echo 99 | test_refused 66 "^crm-referrals: .*99" crm-referrals -
'

test_expect_success '-H and --format csv and json' '
	crm-referrals -H --as-of 2025-05-15 >actual &&
	printf "1\tAnna\t2\t4\t130.00\t172.50\n2\tBert\t2\t2\t42.50\t42.50\n" >expect &&
	test_cmp expect actual &&
	crm-referrals --format csv --as-of 2025-05-15 >actual &&
	printf "id,name,referrals,tree_size,direct_value,tree_value\r\n1,Anna,2,4,130.00,172.50\r\n2,Bert,2,2,42.50,42.50\r\n" >expect &&
	test_cmp expect actual &&
	crm-referrals --format json --as-of 2025-05-15 >actual &&
	head -n 1 actual >first &&
	echo "{\"id\":1,\"name\":\"Anna\",\"referrals\":2,\"tree_size\":4,\"direct_value\":130.00,\"tree_value\":172.50}" >expect &&
	test_cmp expect first
'

# ---------------------------------------------------------------------------
# --tree

test_expect_success '--tree: depth first, children by id, the root at depth 0' '
	tsv expect <<-\EOF &&
	depth|id|name|referred_by
	0|1|Anna|
	1|2|Bert|1
	2|4|Dirk|2
	3|6|Finn|4
	2|5|Eva|2
	1|3|Cleo|1
	2|9|Ines|3
	3|10|Jan|9
	EOF
	crm-referrals --tree 1 >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err
'

test_expect_success '--tree of an inner customer shows its referrer' '
	tsv expect <<-\EOF &&
	0|2|Bert|1
	1|4|Dirk|2
	2|6|Finn|4
	1|5|Eva|2
	EOF
	crm-referrals -H --tree 2 >actual &&
	test_cmp expect actual
'

test_expect_success '--tree --as-of leaves out who came later' '
	tsv expect <<-\EOF &&
	0|1|Anna|
	1|2|Bert|1
	2|4|Dirk|2
	2|5|Eva|2
	1|3|Cleo|1
	EOF
	crm-referrals -H --tree 1 --as-of 2025-05-15 >actual &&
	test_cmp expect actual &&
	crm-referrals -H --tree 7 >actual &&
	printf "0\t7\tGina\t\n" >expect &&
	test_cmp expect actual &&
	crm-referrals -H --tree 7 --as-of 2025-07-15 >actual &&
	printf "0\t7\tGina\t\n1\t8\tHugo\t7\n" >expect &&
	test_cmp expect actual
'

test_expect_success '--tree --format json' '
	crm-referrals --tree 4 --format json >actual &&
	cat >expect <<-\EOF &&
	{"depth":0,"id":4,"name":"Dirk","referred_by":2}
	{"depth":1,"id":6,"name":"Finn","referred_by":4}
	EOF
	test_cmp expect actual
'

test_expect_success '--tree of an unknown customer, or one not yet there, is 66' '
	test_refused 66 "^crm-referrals: .*99" crm-referrals --tree 99 &&
	test_refused 66 "^crm-referrals: .*8" crm-referrals --tree 8
'

test_expect_success 'bad --tree arguments and combinations are 64' '
	test_refused 64 "^crm-referrals: .*--tree" crm-referrals --tree x &&
	test_refused 64 "^crm-referrals: .*--tree" crm-referrals --tree 0 &&
	test_refused 64 "^crm-referrals: " crm-referrals --tree 1 --unthanked &&
	test_refused 64 "^crm-referrals: " crm-referrals --tree 1 - &&
	test_refused 64 "^(crm-referrals: |usage: crm-referrals)" crm-referrals 1 &&
	test_refused 64 "^crm-referrals: .*--as-of" crm-referrals --as-of 2025-02-30
'

# ---------------------------------------------------------------------------
# --unthanked: a referral is dated by the referred customer's created date;
# a thank dated on or after it covers it.

test_expect_success '--unthanked before any thanks' '
	tsv expect <<-\EOF &&
	id|name|unthanked|last_referral|last_thanked
	1|Anna|2|2025-03-01|
	2|Bert|2|2025-04-01|
	3|Cleo|1|2025-06-20|
	4|Dirk|1|2025-06-01|
	9|Ines|1|2025-08-01|
	EOF
	crm-referrals --unthanked >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err
'

test_expect_success 'thanks dated before, on and after a referral' '
	crm-thank -q --how call --date 2025-02-15 1 &&
	crm-thank -q --how card --date 2025-04-01 2 &&
	crm-thank -q --how card --date 2025-06-19 3 &&
	crm-thank -q --how gift --date 2025-07-10 4 &&
	tsv expect <<-\EOF &&
	id|name|unthanked|last_referral|last_thanked
	1|Anna|1|2025-03-01|2025-02-15
	3|Cleo|1|2025-06-20|2025-06-19
	4|Dirk|1|2025-06-01|
	9|Ines|1|2025-08-01|
	EOF
	crm-referrals --unthanked >actual &&
	test_cmp expect actual
'

test_expect_success '--unthanked --as-of: thanks and referrals after it do not count' '
	tsv expect <<-\EOF &&
	id|name|unthanked|last_referral|last_thanked
	1|Anna|1|2025-03-01|2025-02-15
	3|Cleo|1|2025-06-20|2025-06-19
	7|Gina|1|2025-07-15|
	9|Ines|1|2025-08-01|
	EOF
	crm-referrals --unthanked --as-of 2025-07-31 >actual &&
	test_cmp expect actual &&
	tsv expect <<-\EOF &&
	id|name|unthanked|last_referral|last_thanked
	1|Anna|1|2025-03-01|2025-02-15
	EOF
	crm-referrals --unthanked --as-of 2025-05-15 >actual &&
	test_cmp expect actual &&
	tsv expect <<-\EOF &&
	id|name|unthanked|last_referral|last_thanked
	1|Anna|1|2025-03-01|2025-02-15
	2|Bert|1|2025-03-20|
	EOF
	crm-referrals --unthanked --as-of 2025-03-31 >actual &&
	test_cmp expect actual &&
	tsv expect <<-\EOF &&
	id|name|unthanked|last_referral|last_thanked
	1|Anna|1|2025-02-01|
	EOF
	crm-referrals --unthanked --as-of 2025-02-10 >actual &&
	test_cmp expect actual
'

test_expect_success '--unthanked - limits the rows to the customers read' '
	printf "3\n4\n" | crm-referrals -H --unthanked - >actual &&
	printf "3\tCleo\t1\t2025-06-20\t2025-06-19\n4\tDirk\t1\t2025-06-01\t\n" >expect &&
	test_cmp expect actual
'

test_expect_success '--unthanked | crm-thank closes the loop' '
	crm-referrals --unthanked | crm-thank --how gift --value 10 >out &&
	echo "4 thanked" >expect &&
	test_cmp expect out &&
	tsv expect <<-\EOF &&
	id|name|unthanked|last_referral|last_thanked
	9|Ines|1|2025-08-01|2025-06-30
	EOF
	crm-referrals --unthanked >actual &&
	test_cmp expect actual &&
	crm-referrals --unthanked --as-of 2025-08-01 -H --format csv >actual &&
	printf "7,Gina,1,2025-07-15,\r\n9,Ines,1,2025-08-01,2025-06-30\r\n" >expect &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# A database with customers but not one referral: the forest is empty, and
# every mode prints a header only (under the sanitizers too: no memset on
# the arrays an empty forest never allocates)

test_expect_success 'no referrals at all: every mode prints a header only' '
	crm-init --db none.db &&
	printf "name\nAnna\nBert\n" | crm-add -q --db none.db &&
	crm-sale -q --db none.db 1 10.00 &&
	crm-referrals --db none.db >actual 2>err &&
	printf "id\tname\treferrals\ttree_size\tdirect_value\ttree_value\n" >expect &&
	test_cmp expect actual &&
	test_must_be_empty err &&
	echo 1 | crm-referrals --db none.db - >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err &&
	crm-referrals --db none.db --tree 1 >actual 2>err &&
	printf "depth\tid\tname\treferred_by\n0\t1\tAnna\t\n" >expect &&
	test_cmp expect actual &&
	test_must_be_empty err &&
	crm-referrals --db none.db --unthanked >actual 2>err &&
	printf "id\tname\tunthanked\tlast_referral\tlast_thanked\n" >expect &&
	test_cmp expect actual &&
	test_must_be_empty err &&
	printf "2\n" | crm-referrals --db none.db --unthanked - >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err &&
	crm-referrals --db none.db --unthanked - </dev/null >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err
'

test_expect_success 'referrals but an empty - list: a header only' '
	crm-referrals --unthanked - </dev/null >actual 2>err &&
	printf "id\tname\tunthanked\tlast_referral\tlast_thanked\n" >expect &&
	test_cmp expect actual &&
	test_must_be_empty err &&
	crm-referrals - </dev/null >actual 2>err &&
	printf "id\tname\treferrals\ttree_size\tdirect_value\ttree_value\n" >expect &&
	test_cmp expect actual &&
	test_must_be_empty err
'

# ---------------------------------------------------------------------------
# Cycles

test_expect_success 'a referral that would make a cycle is refused by crm-edit (65)' '
	test_refused 65 "^crm-edit: .*cycle" crm-edit --referred-by 6 1 &&
	test_refused 65 "^crm-edit: .*cycle" crm-edit --referred-by 10 3 &&
	test_refused 65 "^crm-edit: " crm-edit --referred-by 1 1
'

test_expect_success SQLITE3,SQLITE_DB 'a cycle stored behind crm'"'"'s back: warned, left out, 65' '
	cp crm.db damaged.db &&
	sqlite3 damaged.db "UPDATE customer SET referred_by = 6 WHERE id = 1" &&
	test_must_fail_with 65 crm-referrals --db damaged.db >actual 2>err &&
	tsv expect <<-\EOF &&
	id|name|referrals|tree_size|direct_value|tree_value
	3|Cleo|1|2|5.00|20.00
	9|Ines|1|1|15.00|15.00
	EOF
	test_cmp expect actual &&
	test_one_line err &&
	test_stderr_matches "^crm-referrals: 4 customers .*cycle" err &&
	test_must_fail_with 65 crm-referrals --db damaged.db -H --tree 2 >actual 2>err &&
	tsv expect <<-\EOF &&
	0|2|Bert|1
	1|4|Dirk|2
	2|6|Finn|4
	3|1|Anna|6
	4|3|Cleo|1
	5|9|Ines|3
	6|10|Jan|9
	1|5|Eva|2
	EOF
	test_cmp expect actual &&
	test_stderr_matches "^crm-referrals: .*cycle" err
'

# ---------------------------------------------------------------------------
# A chain of 100,000: no recursion, nothing quadratic

test_expect_success 'a chain of 100,000 customers, each brought by the one before' '
	crm-init --db chain.db &&
	awk "BEGIN { print \"name\treferred_by\"; print \"C1\t\";
		for (i = 2; i <= 100000; i++) printf \"C%d\t%d\n\", i, i - 1 }" >chain.tsv &&
	crm-add -q --db chain.db <chain.tsv &&
	crm-referrals --db chain.db --tree 1 >tree &&
	tail -n 1 tree >actual &&
	printf "99999\t100000\tC100000\t99999\n" >expect &&
	test_cmp expect actual &&
	test_line_count = 100001 tree
'

test_expect_success 'the chain: tree_size 99999 for customer 1' '
	crm-referrals --db chain.db >sum &&
	sed -n 2p sum >actual &&
	printf "1\tC1\t1\t99999\t0.00\t0.00\n" >expect &&
	test_cmp expect actual &&
	test_line_count = 100000 sum &&
	tail -n 1 sum >actual &&
	printf "99999\tC99999\t1\t1\t0.00\t0.00\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'the chain: values add up from the bottom' '
	crm-sale -q --db chain.db 100000 7.00 &&
	crm-sale -q --db chain.db 50000 1.50 &&
	crm-referrals --db chain.db -H >sum &&
	grep "^1	" sum >actual &&
	printf "1\tC1\t1\t99999\t0.00\t8.50\n" >expect &&
	test_cmp expect actual &&
	grep "^50000	" sum >actual &&
	printf "50000\tC50000\t1\t50000\t0.00\t7.00\n" >expect &&
	test_cmp expect actual &&
	grep "^49999	" sum >actual &&
	printf "49999\tC49999\t1\t50001\t1.50\t8.50\n" >expect &&
	test_cmp expect actual &&
	crm-referrals --db chain.db --unthanked -H >un &&
	test_line_count = 99999 un
'

test_expect_success 'the chain: a cycle closing it is refused' '
	test_refused 65 "^crm-edit: .*cycle" crm-edit --db chain.db --referred-by 100000 1
'

test_done
