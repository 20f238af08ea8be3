#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm-sale: operand and bulk forms, re-runnable import, atomicity, --keep-going, bad input, credit, returns'
. "$(dirname "$0")/lib.sh"

# The small data set of tests/data; see t2100-value.sh for the whole table.

VHEAD='id|period|purchases|revenue|returns|net|cost|profit|uncosted'

# value_on DATE: the per-customer value of one day, without header
value_on () {
	crm-value -H --from "$1" --to "$1"
}

test_expect_success 'setup: categories and the customers of the small data set' '
	crm-init &&
	crm-categorize -q --define wholesale --discount 15 --description "Trade buyers" &&
	crm-add -q <"$TEST_DATA/customers-small.tsv" &&
	CRM_TODAY=2024-07-01 crm-categorize -q vip 7 &&
	test "$(customer_count)" = 12
'

# ---------------------------------------------------------------------------
# The nightly import

test_expect_success 'the import reports "N added, M already recorded" on stderr' '
	crm-sale <"$TEST_DATA/sales-small.tsv" >out 2>err &&
	test_must_be_empty out &&
	echo "crm-sale: 23 added, 0 already recorded" >expect &&
	test_cmp expect err
'

# Hand-computed from the table in t2100-value.sh.
test_expect_success 'the imported sales, per customer' '
	tsv expect <<-EOF &&
	$VHEAD
	1|all|4|250.00|20.00|230.00|139.50|90.50|0.00
	2|all|3|80.00|0.00|80.00|51.00|29.00|0.00
	3|all|2|300.00|0.00|300.00|220.00|80.00|0.00
	4|all|1|60.00|0.00|60.00|40.00|20.00|0.00
	5|all|2|60.00|0.00|60.00|50.00|10.00|0.00
	6|all|2|100.00|0.00|100.00|50.00|50.00|0.00
	7|all|2|200.00|0.00|200.00|100.00|100.00|0.00
	8|all|0|0.00|25.00|-25.00|-10.00|-15.00|0.00
	10|all|2|60.00|0.00|60.00|15.00|10.00|35.00
	11|all|1|50.00|0.00|50.00|30.00|20.00|0.00
	12|all|2|10.10|0.00|10.10|7.00|3.10|0.00
	EOF
	crm-value >actual &&
	test_cmp expect actual &&
	cp actual value-after-import
'

test_expect_success 'running the same import twice adds nothing' '
	db_snapshot before &&
	crm-sale <"$TEST_DATA/sales-small.tsv" >out 2>err &&
	test_must_be_empty out &&
	echo "crm-sale: 0 added, 23 already recorded" >expect &&
	test_cmp expect err &&
	db_snapshot after &&
	test_cmp before after &&
	crm-value >actual &&
	test_cmp_nonempty value-after-import actual
'

test_expect_success 'an import overlapping an earlier one adds only the new refs' '
	tsv in <<-\EOF &&
	customer|date|amount|ref
	3|2025-06-02|5.00|A1
	3|2025-06-02|7.50|N1
	3|2025-06-02|9.00|B2
	EOF
	crm-sale <in 2>err &&
	echo "crm-sale: 1 added, 2 already recorded" >expect &&
	test_cmp expect err &&
	tsv expect <<-\EOF &&
	3|all|1|7.50|0.00|7.50|0.00|0.00|7.50
	EOF
	value_on 2025-06-02 >actual &&
	test_cmp expect actual
'

test_expect_success '-q silences the summary' '
	crm-sale -q <"$TEST_DATA/sales-small.tsv" >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err
'

test_expect_success 'sales without a ref are never taken for repeats, and it is said once' '
	tsv in <<-\EOF &&
	amount|customer|date
	1.00|9|2025-06-03
	EOF
	crm-sale <in 2>err &&
	cat >expect <<-\EOF &&
	crm-sale: 1 added, 0 already recorded
	crm-sale: no ref column: running this input again records its sales again
	EOF
	test_cmp expect err &&
	crm-sale <in 2>err &&
	test_cmp expect err &&
	tsv expect <<-\EOF &&
	9|all|2|2.00|0.00|2.00|0.00|0.00|2.00
	EOF
	value_on 2025-06-03 >actual &&
	test_cmp expect actual
'

test_expect_success 'by card: leading zeros are kept' '
	tsv in <<-\EOF &&
	card|date|amount|ref
	01012|2025-06-04|2.00|K-1
	1001|2025-06-04|3.00|K-2
	EOF
	crm-sale -q <in &&
	tsv expect <<-\EOF &&
	1|all|1|3.00|0.00|3.00|0.00|0.00|3.00
	12|all|1|2.00|0.00|2.00|0.00|0.00|2.00
	EOF
	value_on 2025-06-04 >actual &&
	test_cmp expect actual
'

test_expect_success 'a card 1012 (without the zero) is not Liv'"'"'s card: 66' '
	tsv in <<-\EOF &&
	card|date|amount|ref
	1012|2025-06-04|2.00|K-3
	EOF
	test_refused 66 "^crm-sale: line 2: .*1012" crm-sale <in
'

test_expect_success 'by e-mail' '
	tsv in <<-\EOF &&
	email|date|amount|ref
	bo@example.com|2025-06-05|4.00|M-1
	EOF
	crm-sale -q <in &&
	tsv expect <<-\EOF &&
	2|all|1|4.00|0.00|4.00|0.00|0.00|4.00
	EOF
	value_on 2025-06-05 >actual &&
	test_cmp expect actual
'

test_expect_success 'CRLF line ends are accepted' '
	printf "customer\tdate\tamount\tref\r\n5\t2025-06-06\t6.00\tCR-1\r\n" >in &&
	crm-sale -q <in &&
	tsv expect <<-\EOF &&
	5|all|1|6.00|0.00|6.00|0.00|0.00|6.00
	EOF
	value_on 2025-06-06 >actual &&
	test_cmp expect actual
'

test_expect_success 'an empty input with only a header adds nothing' '
	printf "customer\tdate\tamount\n" >in &&
	crm-sale <in 2>err &&
	echo "crm-sale: 0 added, 0 already recorded" >expect &&
	test_cmp expect err
'

# ---------------------------------------------------------------------------
# A bad line anywhere writes nothing

test_expect_success 'an unknown customer on the last line: 66, nothing written' '
	tsv in <<-\EOF &&
	customer|date|amount|ref
	1|2025-06-07|1.00|X-1
	2|2025-06-07|2.00|X-2
	99|2025-06-07|3.00|X-3
	EOF
	test_refused 66 "^crm-sale: line 4: .*99" crm-sale <in &&
	value_on 2025-06-07 >actual &&
	test_must_be_empty actual
'

test_expect_success 'an unknown card: 66 with its line number' '
	tsv in <<-\EOF &&
	card|date|amount|ref
	1001|2025-06-07|1.00|X-1
	7777|2025-06-07|3.00|X-3
	EOF
	test_refused 66 "^crm-sale: line 3: .*7777" crm-sale <in
'

test_expect_success 'an unknown e-mail: 66' '
	tsv in <<-\EOF &&
	email|date|amount
	nobody@example.com|2025-06-07|1.00
	EOF
	test_refused 66 "^crm-sale: line 2: .*nobody@example.com" crm-sale <in
'

for amount in 12,50 1e3 nan '' abc 1.005 0.1.0 99999999999999999999 '+-1' '--5'
do
	test_expect_success "a bad amount '$amount': 65 with the line number, nothing written" '
		{
			echo "customer${TAB}date${TAB}amount${TAB}ref" &&
			echo "1${TAB}2025-06-07${TAB}1.00${TAB}X-1" &&
			echo "2${TAB}2025-06-07${TAB}2.00${TAB}X-2" &&
			echo "3${TAB}2025-06-07${TAB}$amount${TAB}X-3" &&
			echo "4${TAB}2025-06-07${TAB}4.00${TAB}X-4"
		} >in &&
		test_refused 65 "^crm-sale: line 4: " crm-sale <in
	'
done

for date in 2025-02-30 2023-02-29 2025-13-01 2025-00-10 2025-04-31 25-01-01 2025-1-1 '' tomorrow
do
	test_expect_success "a bad date '$date': 65 with the line number, nothing written" '
		{
			echo "customer${TAB}date${TAB}amount${TAB}ref" &&
			echo "1${TAB}2025-06-07${TAB}1.00${TAB}X-1" &&
			echo "3${TAB}$date${TAB}3.00${TAB}X-3"
		} >in &&
		test_refused 65 "^crm-sale: line 3: " crm-sale <in
	'
done

test_expect_success 'a bad cost: 65 with the line number' '
	tsv in <<-\EOF &&
	customer|date|amount|cost|ref
	1|2025-06-07|1.00|1,00|X-1
	EOF
	test_refused 65 "^crm-sale: line 2: " crm-sale <in
'

test_expect_success 'a ref twice in one input: 65 at the second, nothing written' '
	tsv in <<-\EOF &&
	customer|date|amount|ref
	1|2025-06-07|1.00|X-1
	2|2025-06-07|2.00|X-2
	3|2025-06-07|3.00|X-1
	EOF
	test_refused 65 "^crm-sale: line 4: .*X-1" crm-sale <in
'

test_expect_success 'a bad paid value: 65' '
	tsv in <<-\EOF &&
	customer|date|amount|paid
	1|2025-06-07|1.00|maybe
	EOF
	test_refused 65 "^crm-sale: line 2: " crm-sale <in
'

test_expect_success 'a line with a missing field: 65' '
	printf "customer\tdate\tamount\n1\t2025-06-07\t1.00\n2\t2025-06-07\n" >in &&
	test_refused 65 "^crm-sale: line 3: " crm-sale <in
'

test_expect_success 'an unknown column: 65' '
	tsv in <<-\EOF &&
	customer|date|amount|colour
	1|2025-06-07|1.00|red
	EOF
	test_refused 65 "^crm-sale: .*colour" crm-sale <in
'

test_expect_success 'the date and amount columns are required: 65' '
	tsv in <<-\EOF &&
	customer|date
	1|2025-06-07
	EOF
	test_refused 65 "^crm-sale: .*amount" crm-sale <in &&
	tsv in <<-\EOF &&
	customer|amount
	1|1.00
	EOF
	test_refused 65 "^crm-sale: .*date" crm-sale <in
'

test_expect_success 'exactly one of customer, card, email: 65' '
	tsv in <<-\EOF &&
	customer|card|date|amount
	1|1001|2025-06-07|1.00
	EOF
	test_refused 65 "^crm-sale: " crm-sale <in &&
	tsv in <<-\EOF &&
	date|amount
	2025-06-07|1.00
	EOF
	test_refused 65 "^crm-sale: " crm-sale <in
'

test_expect_success '--dry-run writes nothing' '
	tsv in <<-\EOF &&
	customer|date|amount|ref
	1|2025-06-07|1.00|X-1
	EOF
	db_snapshot before &&
	crm-sale -n <in >out 2>err &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success '--dry-run still checks: 66 for an unknown customer' '
	tsv in <<-\EOF &&
	customer|date|amount|ref
	99|2025-06-07|1.00|X-1
	EOF
	test_refused 66 "^crm-sale: line 2: " crm-sale -n <in
'

# ---------------------------------------------------------------------------
# --keep-going

test_expect_success '--keep-going writes the good lines, lists the bad ones and exits 65' '
	tsv in <<-\EOF &&
	customer|date|amount|ref
	1|2025-06-08|1.00|G-1
	2|2025-06-08|1,00|G-2
	3|2025-06-08|3.00|G-3
	99|2025-06-08|4.00|G-4
	4|2025-02-30|5.00|G-5
	5|2025-06-08|6.00|G-6
	EOF
	test_must_fail_with 65 crm-sale --keep-going <in >out 2>err &&
	test_must_be_empty out &&
	test_stderr_matches "^crm-sale: line 3: " err &&
	test_stderr_matches "^crm-sale: line 5: .*99" err &&
	test_stderr_matches "^crm-sale: line 6: " err &&
	! grep -E "^crm-sale: line (2|4|7):" err &&
	tsv expect <<-\EOF &&
	1|all|1|1.00|0.00|1.00|0.00|0.00|1.00
	3|all|1|3.00|0.00|3.00|0.00|0.00|3.00
	5|all|1|6.00|0.00|6.00|0.00|0.00|6.00
	EOF
	value_on 2025-06-08 >actual &&
	test_cmp expect actual
'

test_expect_success '--keep-going again: the good lines are already recorded' '
	test_must_fail_with 65 crm-sale --keep-going <in >out 2>err &&
	value_on 2025-06-08 >actual &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# The operand form

test_expect_success 'the operand form records one sale and prints nothing' '
	crm-sale --date 2025-06-09 --cost 3.25 --ref P-1 --item "pen" 3 12.5 >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err &&
	tsv expect <<-\EOF &&
	3|all|1|12.50|0.00|12.50|3.25|9.25|0.00
	EOF
	value_on 2025-06-09 >actual &&
	test_cmp expect actual
'

test_expect_success 'amounts are printed with exactly two digits: 0.5, -3, 7' '
	crm-sale --date 2025-06-10 2 0.5 &&
	crm-sale --date 2025-06-10 2 7 &&
	crm-sale --date 2025-06-10 -- 2 -3 &&
	tsv expect <<-\EOF &&
	2|all|2|7.50|3.00|4.50|0.00|0.00|4.50
	EOF
	value_on 2025-06-10 >actual &&
	test_cmp expect actual
'

test_expect_success '--date defaults to today' '
	crm-sale --ref P-2 6 1.25 &&
	tsv expect <<-\EOF &&
	5|all|1|15.00|0.00|15.00|10.00|5.00|0.00
	6|all|1|1.25|0.00|1.25|0.00|0.00|1.25
	EOF
	value_on 2025-06-30 >actual &&
	test_cmp expect actual
'

test_expect_success '--key card and --key email' '
	crm-sale --key card --date 2025-06-11 01012 1.00 &&
	crm-sale --key email --date 2025-06-11 anna@example.com 2.00 &&
	tsv expect <<-\EOF &&
	1|all|1|2.00|0.00|2.00|0.00|0.00|2.00
	12|all|1|1.00|0.00|1.00|0.00|0.00|1.00
	EOF
	value_on 2025-06-11 >actual &&
	test_cmp expect actual
'

test_expect_success 'the employee discount is not applied again: the amount is what was paid' '
	crm-sale --date 2025-06-12 5 100.00 &&
	tsv expect <<-\EOF &&
	5|all|1|100.00|0.00|100.00|0.00|0.00|100.00
	EOF
	value_on 2025-06-12 >actual &&
	test_cmp expect actual
'

test_expect_success 'operand errors: bad amount, date, cost are usage errors (64)' '
	test_refused 64 "^crm-sale: .*12,50" crm-sale 7 12,50 &&
	test_refused 64 "^crm-sale: .*2025-02-30" crm-sale --date 2025-02-30 7 12.50 &&
	test_refused 64 "^crm-sale: " crm-sale --cost 1,5 7 12.50 &&
	test_refused 64 "^crm-sale: " crm-sale 7 1.005 &&
	test_refused 64 "^(crm-sale: |usage: crm-sale)" crm-sale 7 &&
	test_refused 64 "^(crm-sale: |usage: crm-sale)" crm-sale 7 1.00 2.00 &&
	test_refused 64 "^crm-sale: " crm-sale --key phone 7 1.00
'

test_expect_success 'the options of one sale are refused in the bulk form (64)' '
	tsv in <<-\EOF &&
	customer|date|amount
	1|2025-06-07|1.00
	EOF
	test_refused 64 "^crm-sale: " crm-sale --date 2025-06-07 <in
'

test_expect_success 'operand: an unknown customer or card is 66' '
	test_refused 66 "^crm-sale: .*99" crm-sale 99 1.00 &&
	test_refused 66 "^crm-sale: .*1012" crm-sale --key card 1012 1.00 &&
	test_refused 66 "^crm-sale: .*x@example.com" crm-sale --key email x@example.com 1.00
'

# ---------------------------------------------------------------------------
# Credit

test_expect_success 'credit to a customer who must prepay is refused (65)' '
	test_refused 65 "^crm-sale: customer 4 is in category '"'"'problem'"'"', which must prepay" \
		crm-sale --unpaid --ref CR-4 4 10.00
'

test_expect_success 'credit to a customer who must prepay, on stdin: 65 with the line number, nothing written' '
	tsv in <<-\EOF &&
	customer|date|amount|paid|ref
	1|2025-06-13|1.00|no|CR-1
	4|2025-06-13|2.00|yes|CR-2
	4|2025-06-13|3.00|no|CR-3
	EOF
	test_refused 65 "^crm-sale: line 4: customer 4 is in category '"'"'problem'"'"', which must prepay" \
		crm-sale <in
'

test_expect_success 'a paid sale to a prepay customer is fine' '
	crm-sale --date 2025-06-13 4 2.00 &&
	tsv expect <<-\EOF &&
	4|all|1|2.00|0.00|2.00|0.00|0.00|2.00
	EOF
	value_on 2025-06-13 >actual &&
	test_cmp expect actual
'

test_expect_success 'credit and --pay; --unpaid is ordered by date' '
	crm-sale --unpaid --date 2025-06-14 --ref CR-9 2 20.00 &&
	tsv expect <<-\EOF &&
	id|name|ref|date|amount|age_days
	11|Kim|K1|2025-06-01|50.00|29
	2|Bo|CR-9|2025-06-14|20.00|16
	EOF
	crm-value --unpaid >actual &&
	test_cmp expect actual &&
	crm-sale --pay CR-9 >out 2>err &&
	test_must_be_empty out &&
	tsv expect <<-\EOF &&
	id|name|ref|date|amount|age_days
	11|Kim|K1|2025-06-01|50.00|29
	EOF
	crm-value --unpaid >actual &&
	test_cmp expect actual
'

test_expect_success '--pay: already paid is 65, an unknown ref 66' '
	test_refused 65 "^crm-sale: .*CR-9" crm-sale --pay CR-9 &&
	test_refused 66 "^crm-sale: .*NO-SUCH" crm-sale --pay NO-SUCH
'

# ---------------------------------------------------------------------------
# Returns

test_expect_success 'a return may name its sale (--returns)' '
	crm-sale --date 2025-06-15 --returns A3 --cost 6.00 --ref RT-1 -- 1 -10.00 &&
	tsv expect <<-\EOF &&
	1|all|0|0.00|10.00|-10.00|-6.00|-4.00|0.00
	EOF
	value_on 2025-06-15 >actual &&
	test_cmp expect actual
'

test_expect_success 'a return naming an unknown sale is 66' '
	test_refused 66 "^crm-sale: .*NOPE" crm-sale --date 2025-06-15 --returns NOPE -- 1 -1.00
'

test_expect_success 'a return of another customer'"'"'s sale is 65' '
	test_refused 65 "^crm-sale: .*B1" crm-sale --date 2025-06-15 --returns B1 -- 1 -1.00
'

test_expect_success 'a return larger than its sale is 65 (A3 was 20.00)' '
	test_refused 65 "^crm-sale: " crm-sale --date 2025-06-15 --returns A3 -- 1 -20.01
'

test_expect_success 'a "return" that is not negative is 65' '
	test_refused 65 "^crm-sale: " crm-sale --date 2025-06-15 --returns A3 1 5.00
'

test_expect_success 'returns on stdin: the same rules with line numbers' '
	tsv in <<-\EOF &&
	customer|date|amount|ref|returns
	2|2025-06-16|-5.00|RT-2|B2
	2|2025-06-16|-1.00|RT-3|A1
	EOF
	test_refused 65 "^crm-sale: line 3: " crm-sale <in &&
	tsv in <<-\EOF &&
	customer|date|amount|ref|returns
	2|2025-06-16|-5.00|RT-2|B2
	2|2025-06-16|-1.00|RT-3|ZZ
	EOF
	test_refused 66 "^crm-sale: line 3: .*ZZ" crm-sale <in &&
	tsv in <<-\EOF &&
	customer|date|amount|ref|returns
	2|2025-06-16|-5.00|RT-2|B2
	EOF
	crm-sale -q <in &&
	tsv expect <<-\EOF &&
	2|all|0|0.00|5.00|-5.00|0.00|0.00|-5.00
	EOF
	value_on 2025-06-16 >actual &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# A lost customer who buys again is active again

test_expect_success 'a sale by a lost customer makes them active again' '
	tsv in <<-\EOF &&
	id|name|status|created
	13|Max|lost|2024-01-01
	EOF
	crm-add -q <in &&
	crm-ls -H --columns id,status --status lost >actual &&
	printf "13\tlost\n" >expect &&
	test_cmp expect actual &&
	crm-sale --date 2025-06-17 13 9.00 &&
	echo 13 | crm-ls -H --columns id,status - >actual &&
	printf "13\tactive\n" >expect &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# The bulk form records a batch at a time in customer order (sale-batch.c);
# what it answers and reports must be what line-by-line recording gives.

test_expect_success 'batches: the first bad line in input order is reported, not the lowest customer' '
	tsv in <<-\EOF &&
	customer|date|amount|ref|returns
	12|2025-06-20|1.00|BQ-1|
	98|2025-06-20|1.00|BQ-2|
	1|2025-06-20|-999.00|BQ-3|A1
	EOF
	test_refused 66 "^crm-sale: line 3: no customer with id .98.$" crm-sale <in &&
	tsv in <<-\EOF &&
	customer|date|amount|ref
	12|2025-06-20|1.00|BQ-1
	96|2025-06-20|1.00|BQ-2
	1|2025-06-20|1,00|BQ-3
	EOF
	test_refused 66 "^crm-sale: line 3: no customer with id .96.$" crm-sale <in
'

test_expect_success 'batches: --keep-going lists the bad lines in input order' '
	tsv in <<-\EOF &&
	customer|date|amount|ref
	98|2025-06-21|1.00|BK-1
	3|2025-06-21|2.00|BK-2
	97|2025-06-21|1.00|BK-3
	2|2025-06-21|x|BK-4
	1|2025-06-21|1.00|BK-1
	EOF
	test_must_fail_with 65 crm-sale --keep-going <in >out 2>err &&
	cat >expect <<-\EOF &&
	crm-sale: line 2: no customer with id '"'"'98'"'"'
	crm-sale: line 4: no customer with id '"'"'97'"'"'
	crm-sale: line 5: amount '"'"'x'"'"' is not a number
	crm-sale: 2 added, 0 already recorded
	crm-sale: 3 lines skipped
	EOF
	test_cmp expect err
'

test_expect_success 'batches: with --keep-going a ref whose first line failed is recorded by the second' '
	tsv expect <<-\EOF &&
	1|all|1|1.00|0.00|1.00|0.00|0.00|1.00
	3|all|1|2.00|0.00|2.00|0.00|0.00|2.00
	EOF
	value_on 2025-06-21 >actual &&
	test_cmp expect actual
'

test_expect_success 'batches: a ref twice in one batch is reported on its later line' '
	tsv in <<-\EOF &&
	customer|date|amount|ref
	12|2025-06-22|1.00|BD-1
	1|2025-06-22|1.00|BD-1
	EOF
	test_refused 65 "^crm-sale: line 3: ref .BD-1. appears twice in the input$" crm-sale <in
'

test_expect_success 'batches: a sale and its return keep their order among other customers' '
	tsv in <<-\EOF &&
	customer|date|amount|ref|returns
	1|2025-06-23|40.00|BO-1|
	12|2025-06-23|1.00|BO-2|
	1|2025-06-23|-40.00|BO-3|BO-1
	2|2025-06-23|3.00|BO-4|
	EOF
	crm-sale -q <in &&
	tsv expect <<-\EOF &&
	1|all|1|40.00|40.00|0.00|0.00|0.00|0.00
	2|all|1|3.00|0.00|3.00|0.00|0.00|3.00
	12|all|1|1.00|0.00|1.00|0.00|0.00|1.00
	EOF
	value_on 2025-06-23 >actual &&
	test_cmp expect actual
'

# 70,000 lines: two batches of the bulk form
big_input () {
	awk -v n=70000 "BEGIN { printf \"customer\\tdate\\tamount\\tref\\n\"
		for (i = 1; i <= n; i++)
			printf \"%d\\t2025-06-25\\t0.01\\tBIG-%06d\\n\", 12 - i % 12, i }"
}

test_expect_success 'batches: a ref of the first batch again in the second is an error, nothing written' '
	{ big_input && printf "5\t2025-06-25\t0.01\tBIG-000002\n"; } >in &&
	test_refused 65 "^crm-sale: line 70002: ref .BIG-000002. appears twice in the input$" \
		crm-sale <in
'

test_expect_success 'batches: 70,000 lines are all recorded, to the cent' '
	big_input >in &&
	crm-sale <in 2>err &&
	echo "crm-sale: 70000 added, 0 already recorded" >expect &&
	test_cmp expect err &&
	value_on 2025-06-25 >actual &&
	awk -F "\t" "{ n += \$3; sub(/\\./, \"\", \$4); r += \$4 } END { printf \"%d %d\\n\", n, r }" actual >sum &&
	echo "70000 70000" >expect &&
	test_cmp expect sum
'

test_expect_success SQLITE3,SQLITE_DB 'the bulk imports checked their references themselves: every foreign key holds' '
	tsv in <<-\EOF &&
	customer|date|amount|ref|returns|reason
	1|2025-06-26|10.00|FK-1||
	1|2025-06-26|-10.00|FK-2|FK-1|broken
	EOF
	crm-sale -q <in &&
	sqlite3 "$CRM_DB" "PRAGMA foreign_key_check" >actual &&
	test_must_be_empty actual &&
	sqlite3 "$CRM_DB" "SELECT count(*) > 0 FROM bonus; SELECT count(*) > 0 FROM note;
		SELECT count(*) > 0 FROM purchase WHERE returns_id IS NOT NULL" >actual &&
	printf "1\n1\n1\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'a large import looks customers up in memory: unknown, lost, prepay still right' '
	crm-init --db big.db &&
	tsv in <<-\EOF &&
	id|name|status|category|created
	1|Una|active|regular|2024-01-01
	2|Lia|lost|vip|2024-01-01
	3|Pia|active|problem|2024-01-01
	EOF
	crm-add --db big.db -q <in &&
	awk "BEGIN { print \"customer\tdate\tamount\tref\tpaid\"
		for (i = 1; i <= 5000; i++) printf \"1\t2025-06-01\t1.00\tM-%d\tyes\n\", i }" >in &&
	printf "3\t2025-06-02\t2.00\tM-X\tno\n" >>in &&
	test_refused 65 "^crm-sale: line 5002: customer 3 is in category .problem., which must prepay" \
		crm-sale --db big.db <in &&
	sed "\$d" in >in2 &&
	printf "2\t2025-06-02\t2.00\tM-L\tyes\n9\t2025-06-02\t2.00\tM-U\tyes\n" >>in2 &&
	test_refused 66 "^crm-sale: line 5003: no customer with id .9.$" crm-sale --db big.db <in2 &&
	sed "\$d" in2 >in3 &&
	crm-sale --db big.db -q <in3 &&
	crm-ls --db big.db -H --columns id,status >actual &&
	printf "1\tactive\n2\tactive\n3\tactive\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'a line with more text than a batch holds (5 MB of item) is recorded with its neighbours' '
	crm-init --db huge.db &&
	crm-add --db huge.db -q --name Hugo &&
	{
		printf "customer\tdate\tamount\tref\titem\n1\t2025-06-20\t1.00\tE-1\tsmall\n" &&
		printf "1\t2025-06-20\t2.00\tE-2\t" &&
		awk "BEGIN { for (i = 0; i < 50000; i++) printf \"%0100d\", i }" &&
		printf "\n1\t2025-06-20\t3.00\tE-3\tafter\n"
	} >in &&
	crm-sale --db huge.db <in 2>err &&
	echo "crm-sale: 3 added, 0 already recorded" >expect &&
	test_cmp expect err &&
	crm-value --db huge.db -H >actual &&
	printf "1\tall\t3\t6.00\t0.00\t6.00\t0.00\t0.00\t6.00\n" >expect &&
	test_cmp expect actual
'

test_done
