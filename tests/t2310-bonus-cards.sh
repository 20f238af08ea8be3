#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm-bonus: several cards (operands or stdin), discount and prepay, --statement'
. "$(dirname "$0")/lib.sh"

HEAD='card|id|name|category|earns|bonus_percent|balance|discount|prepay'

# Anna, vip 5 %:
#  A1 2025-01-10  100.00 -> accrual 5.00, balance 5.00
#  A2 2025-02-10   50.00 -> accrual 2.50, balance 7.50
#  A3 2025-03-01  -20.00 returns A2: 2.50 x 20 / 50 = 1.00 back, 6.50
#  2025-04-01 redeemed 3.00, balance 3.50
#  A4 2025-04-01   10.00 -> accrual 0.50, balance 4.00 (written after)
test_expect_success 'setup' '
	crm-init &&
	crm-categorize -q --define staff --discount 12.5 &&
	tsv in <<-\EOF &&
	id|name|card|category|created
	1|Anna|1001|vip|2025-01-01
	2|Bo|0002|employee|2025-01-01
	3|Cai|3003|problem|2025-01-01
	4|Dag||vip|2025-01-01
	5|Eva|5005|staff|2025-01-01
	EOF
	crm-add -q <in &&
	tsv sales <<-\EOF &&
	card|date|amount|ref|returns
	1001|2025-01-10|100.00|A1|
	1001|2025-02-10|50.00|A2|
	1001|2025-03-01|-20.00|A3|A2
	EOF
	crm-sale -q <sales &&
	crm-bonus -q --date 2025-04-01 --redeem 1001 3.00 >/dev/null &&
	crm-sale -q --date 2025-04-01 --ref A4 1 10.00
'

test_expect_success 'several cards as operands: one row each, in the order given' '
	tsv expect <<-EOF &&
	$HEAD
	3003|3|Cai|problem|no|0.0|0.00|0.0|yes
	1001|1|Anna|vip|yes|5.0|4.00|0.0|no
	0002|2|Bo|employee|no|0.0|0.00|10.0|no
	5005|5|Eva|staff|no|0.0|0.00|12.5|no
	EOF
	crm-bonus 3003 1001 0002 5005 >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err
'

test_expect_success 'discount and prepay come after the columns scripts read' '
	crm-bonus --list >actual &&
	head -n 1 actual >first &&
	tsv expect <<-EOF &&
	$HEAD
	EOF
	test_cmp expect first &&
	crm-bonus --format json 0002 >actual &&
	echo "{\"card\":\"0002\",\"id\":2,\"name\":\"Bo\",\"category\":\"employee\",\"earns\":\"no\",\"bonus_percent\":0.0,\"balance\":0.00,\"discount\":10.0,\"prepay\":\"no\"}" >expect &&
	test_cmp expect actual
'

test_expect_success 'cards on stdin, one a line; blank lines are skipped' '
	printf "0002\n\n1001\n" | crm-bonus -H >actual &&
	printf "0002\t2\tBo\temployee\tno\t0.0\t0.00\t10.0\tno\n1001\t1\tAnna\tvip\tyes\t5.0\t4.00\t0.0\tno\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'a listing with a card column on stdin: crm-ls | crm-bonus' '
	crm-ls --category vip --columns id,name,card --name "A*" >list &&
	crm-bonus -H <list >actual &&
	printf "1001\t1\tAnna\tvip\tyes\t5.0\t4.00\t0.0\tno\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'an empty stdin names no cards: the header alone' '
	crm-bonus </dev/null >actual &&
	tsv expect <<-EOF &&
	$HEAD
	EOF
	test_cmp expect actual
'

test_expect_success 'an unknown card among several: 66 naming it, no output at all' '
	test_refused 66 "^crm-bonus: no customer with card .4242.$" \
		crm-bonus 1001 4242 0002 &&
	test_must_be_empty out
'

test_expect_success 'an unknown card on stdin: 66 with its line, no output' '
	printf "card\n1001\n4242\n" >in &&
	test_refused 66 "^crm-bonus: line 3: no customer with card .4242.$" \
		crm-bonus <in &&
	test_must_be_empty out
'

test_expect_success 'a listing row without a card is bad input (65)' '
	crm-ls --columns id,card >list &&
	test_refused 65 "^crm-bonus: line 5: no customer card$" crm-bonus <list
'

# ---------------------------------------------------------------------------
# --statement

test_expect_success '--statement: the ledger in date order, the balance after each line' '
	tsv expect <<-\EOF &&
	date|kind|ref|amount|balance
	2025-01-10|accrual|A1|5.00|5.00
	2025-02-10|accrual|A2|2.50|7.50
	2025-03-01|return|A3|-1.00|6.50
	2025-04-01|redemption||-3.00|3.50
	2025-04-01|accrual|A4|0.50|4.00
	EOF
	crm-bonus --statement 1001 >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err
'

test_expect_success '--statement --as-of stops at the date' '
	tsv expect <<-\EOF &&
	2025-01-10|accrual|A1|5.00|5.00
	2025-02-10|accrual|A2|2.50|7.50
	EOF
	crm-bonus -H --statement 1001 --as-of 2025-02-28 >actual &&
	test_cmp expect actual
'

test_expect_success '--statement ends on the balance crm-bonus prints, on every date' '
	for d in 2025-01-09 2025-01-10 2025-02-10 2025-03-01 2025-03-31 \
		 2025-04-01 2025-06-30; do
		crm-bonus -H --statement 1001 --as-of $d >st &&
		if test -s st; then
			tail -n 1 st | cut -f 5 >from_statement
		else
			echo 0.00 >from_statement
		fi &&
		crm-bonus -H 1001 --as-of $d | cut -f 7 >from_bonus &&
		test_cmp from_bonus from_statement || return 1
	done
'

test_expect_success '--statement of a card without a ledger: the header alone' '
	crm-bonus --statement 0002 >actual &&
	echo "date	kind	ref	amount	balance" >expect &&
	test_cmp expect actual
'

test_expect_success '--statement --format csv and json' '
	crm-bonus --statement 1001 --as-of 2025-01-31 --format csv >actual &&
	printf "date,kind,ref,amount,balance\r\n2025-01-10,accrual,A1,5.00,5.00\r\n" >expect &&
	test_cmp expect actual &&
	crm-bonus --statement 1001 --as-of 2025-03-01 --format json >actual &&
	tail -n 1 actual >last &&
	echo "{\"date\":\"2025-03-01\",\"kind\":\"return\",\"ref\":\"A3\",\"amount\":-1.00,\"balance\":6.50}" >expect &&
	test_cmp expect last
'

test_expect_success '--statement: an unknown card is 66' '
	test_refused 66 "^crm-bonus: no customer with card .4242.$" \
		crm-bonus --statement 4242
'

test_done
