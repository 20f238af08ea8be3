#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm-bonus: card lookup, accrual rounding, returns, redemption, --list, --as-of'
. "$(dirname "$0")/lib.sh"

# Categories: vip 5 %, gold 2.5 %, silver 0.25 %, regular/problem/employee 0.
# Accrual = amount x rate rounded half up to the cent; a return takes back
# the same proportion of its sale's accrual (or amount x rate when no sale is
# named), its magnitude rounded half up, never more than the balance.

HEAD='card|id|name|category|earns|bonus_percent|balance|discount|prepay'

# balance_of FILE: the new balance printed by --redeem, whether printed alone
# or as the card's row under a header with a `balance` column
balance_of () {
	awk -F '\t' '
		NR == 1 && NF == 1 { print; exit }
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == "balance") c = i; next }
		NR == 2 && c { print $c }
	' "$1"
}

test_expect_success 'setup' '
	crm-init &&
	crm-categorize -q --define gold --bonus 2.5 &&
	crm-categorize -q --define silver --bonus 0.25 &&
	tsv in <<-\EOF &&
	id|name|card|category|created
	1|Anna|1001|vip|2025-01-01
	2|Bo|0002|regular|2025-01-01
	3|Cai|3003|gold|2025-01-01
	4|Dag||vip|2025-01-01
	5|Eli|5005|silver|2025-01-01
	6|Fia|6006|employee|2025-01-01
	7|Gus|7007|vip|2025-01-01
	8|Hal|8008|vip|2025-01-01
	9|Ivy|9009|problem|2025-01-01
	EOF
	crm-add -q <in
'

test_expect_success 'a card without purchases: balance 0.00' '
	tsv expect <<-EOF &&
	$HEAD
	1001|1|Anna|vip|yes|5.0|0.00|0.0|no
	EOF
	crm-bonus 1001 >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err
'

test_expect_success 'cards in categories without bonus do not earn' '
	tsv expect <<-EOF &&
	$HEAD
	6006|6|Fia|employee|no|0.0|0.00|10.0|no
	EOF
	crm-bonus 6006 >actual &&
	test_cmp expect actual &&
	tsv expect <<-EOF &&
	$HEAD
	9009|9|Ivy|problem|no|0.0|0.00|0.0|yes
	EOF
	crm-bonus 9009 >actual &&
	test_cmp expect actual
'

test_expect_success 'an unknown card is 66' '
	test_refused 66 "^crm-bonus: .*4242" crm-bonus 4242 &&
	test_refused 66 "^crm-bonus: .*2" crm-bonus 2
'

# Anna, vip 5 %:
#  T1 0.10 x 5 % = 0.005 -> 0.01 (half up)
#  A1 100.00 x 5 % = 5.00
#  A2 33.30 x 5 % = 1.665 -> 1.67
#  A3 -11.10 returns A2: 1.67 x 11.10 / 33.30 = 0.5567 -> 0.56 taken back
#  balance 0.01 + 5.00 + 1.67 - 0.56 = 6.12
test_expect_success 'accrual rounds half up; a return takes back its sale'"'"'s proportion' '
	tsv in <<-\EOF &&
	card|date|amount|ref|returns
	1001|2025-01-10|0.10|T1|
	1001|2025-01-11|100.00|A1|
	1001|2025-01-12|33.30|A2|
	1001|2025-01-13|-11.10|A3|A2
	EOF
	crm-sale -q <in &&
	tsv expect <<-EOF &&
	$HEAD
	1001|1|Anna|vip|yes|5.0|6.12|0.0|no
	EOF
	crm-bonus 1001 >actual &&
	test_cmp expect actual
'

test_expect_success '--as-of shows the balance on a past date' '
	tsv expect <<-EOF &&
	$HEAD
	1001|1|Anna|vip|yes|5.0|0.01|0.0|no
	EOF
	crm-bonus --as-of 2025-01-10 1001 >actual &&
	test_cmp expect actual &&
	tsv expect <<-EOF &&
	$HEAD
	1001|1|Anna|vip|yes|5.0|6.68|0.0|no
	EOF
	crm-bonus --as-of 2025-01-12 1001 >actual &&
	test_cmp expect actual
'

# Hal, vip 5 %:
#  H1 10.00 -> 0.50
#  H2 -0.10 returns H1: 0.50 x 0.10 / 10.00 = 0.005 -> 0.01 (half up)
#  H3 -2.10 naming no sale: 2.10 x 5 % = 0.105 -> 0.11
#  balance 0.50 - 0.01 - 0.11 = 0.38
test_expect_success 'the magnitude of a return'"'"'s reversal rounds half up too' '
	tsv in <<-\EOF &&
	customer|date|amount|ref|returns
	8|2025-02-01|10.00|H1|
	8|2025-02-02|-0.10|H2|H1
	8|2025-02-03|-2.10|H3|
	EOF
	crm-sale -q <in &&
	tsv expect <<-EOF &&
	$HEAD
	8008|8|Hal|vip|yes|5.0|0.38|0.0|no
	EOF
	crm-bonus 8008 >actual &&
	test_cmp expect actual
'

# Gold 2.5 %: 19.90 x 2.5 % = 0.4975 -> 0.50; silver 0.25 %: 10.00 x 0.25 % =
# 0.025 -> 0.03.  Rates print with one decimal, or two where needed.
test_expect_success 'fractional rates: 2.5 and 0.25' '
	crm-sale --date 2025-03-02 --ref C2 3 19.90 &&
	crm-sale --date 2025-03-01 --ref E1 5 10.00 &&
	tsv expect <<-EOF &&
	$HEAD
	3003|3|Cai|gold|yes|2.5|0.50|0.0|no
	EOF
	crm-bonus 3003 >actual &&
	test_cmp expect actual &&
	tsv expect <<-EOF &&
	$HEAD
	5005|5|Eli|silver|yes|0.25|0.03|0.0|no
	EOF
	crm-bonus 5005 >actual &&
	test_cmp expect actual
'

test_expect_success 'a customer without a card accrues nothing; crm-sale does not fail' '
	crm-sale --date 2025-03-01 4 100.00 >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err
'

# Bo: regular until 2025-02-01, then vip.
#  B1 2025-01-10 50.00 as regular: nothing
#  B2 2025-03-01 40.00 as vip: 2.00
#  B3 2025-01-20 30.00, recorded after the move but dated before it: nothing
test_expect_success 'the category on the sale'"'"'s date decides the accrual' '
	crm-sale --date 2025-01-10 --ref B1 2 50.00 &&
	CRM_TODAY=2025-02-01 crm-categorize -q vip 2 &&
	crm-sale --date 2025-03-01 --ref B2 2 40.00 &&
	crm-sale --date 2025-01-20 --ref B3 2 30.00 &&
	tsv expect <<-EOF &&
	$HEAD
	0002|2|Bo|vip|yes|5.0|2.00|0.0|no
	EOF
	crm-bonus 0002 >actual &&
	test_cmp expect actual
'

# 1,000 sales of 0.10 at 5 %: each accrues 0.005 -> 0.01, so 10.00 (not
# 5 % of 100.00 = 5.00: every sale is rounded on its own)
test_expect_success '1,000 sales of 0.10 at 5 % accrue 10.00' '
	{
		echo "card${TAB}date${TAB}amount${TAB}ref" &&
		i=1 &&
		while [ $i -le 1000 ]; do
			echo "7007${TAB}2025-04-01${TAB}0.10${TAB}G$i" &&
			i=$((i + 1)) || return 1
		done
	} >dimes.tsv &&
	crm-sale -q <dimes.tsv &&
	tsv expect <<-EOF &&
	$HEAD
	7007|7|Gus|vip|yes|5.0|10.00|0.0|no
	EOF
	crm-bonus 7007 >actual &&
	test_cmp expect actual &&
	tsv expect <<-\EOF &&
	id|period|purchases|revenue|returns|net|cost|profit|uncosted
	7|all|1000|100.00|0.00|100.00|0.00|0.00|100.00
	EOF
	echo 7 | crm-value - >actual &&
	test_cmp expect actual
'

test_expect_success 'an import refused for a bad line accrues nothing' '
	tsv in <<-\EOF &&
	card|date|amount|ref
	1001|2025-05-01|100.00|Z1
	1001|2025-05-01|1,00|Z2
	EOF
	test_refused 65 "^crm-sale: line 3: " crm-sale <in &&
	crm-bonus -H 1001 >actual &&
	printf "1001\t1\tAnna\tvip\tyes\t5.0\t6.12\t0.0\tno\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'a dry run accrues nothing' '
	crm-sale -n --date 2025-05-01 --ref Z3 1 100.00 >out 2>err &&
	crm-bonus -H 1001 >actual &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# Redemption

test_expect_success '--redeem more than the balance is refused (65), nothing written' '
	test_refused 65 "^crm-bonus: " crm-bonus --redeem 1001 6.13 &&
	test_refused 65 "^crm-bonus: " crm-bonus --redeem 6006 0.01
'

test_expect_success '--redeem prints the new balance (6.12 - 2.12 = 4.00)' '
	crm-bonus --redeem 1001 2.12 >out 2>err &&
	echo 4.00 >expect &&
	balance_of out >actual &&
	test_cmp expect actual &&
	test_must_be_empty err &&
	crm-bonus -H 1001 >actual &&
	printf "1001\t1\tAnna\tvip\tyes\t5.0\t4.00\t0.0\tno\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'the ledger keeps history: before today the balance was 6.12' '
	crm-bonus -H --as-of 2025-06-29 1001 >actual &&
	printf "1001\t1\tAnna\tvip\tyes\t5.0\t6.12\t0.0\tno\n" >expect &&
	test_cmp expect actual
'

test_expect_success '--redeem --dry-run writes nothing' '
	db_snapshot before &&
	crm-bonus -n --redeem 1001 1.00 >out 2>err &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success '--redeem the whole balance leaves 0.00' '
	crm-bonus --redeem 1001 4.00 >out &&
	echo 0.00 >expect &&
	balance_of out >actual &&
	test_cmp expect actual
'

test_expect_success '--redeem: unknown card 66, bad amount 64' '
	test_refused 66 "^crm-bonus: .*4242" crm-bonus --redeem 4242 1.00 &&
	test_refused 64 "^crm-bonus: " crm-bonus --redeem 8008 1,00 &&
	test_refused 64 "^crm-bonus: " crm-bonus --redeem 8008 0.001 &&
	test_refused 64 "^crm-bonus: " crm-bonus --redeem 8008 abc
'

# Cai, gold 2.5 %: C1 100.00 -> 2.50, with C2 0.50 the balance is 3.00;
# redeem 2.50 -> 0.50; C3 -100.00 returns C1 would take back 2.50, but the
# balance covers only 0.50: 0.50 is taken, with a warning, and the return is
# recorded.
test_expect_success 'a return after a redemption is capped at the balance, with a warning' '
	crm-sale --date 2025-03-01 --ref C1 3 100.00 &&
	crm-bonus --date 2025-03-03 --redeem 3003 2.50 >out &&
	echo 0.50 >expect &&
	balance_of out >actual &&
	test_cmp expect actual &&
	tsv in <<-\EOF &&
	customer|date|amount|ref|returns
	3|2025-03-04|-100.00|C3|C1
	EOF
	crm-sale -v <in >out 2>err &&
	test_must_be_empty out &&
	cp err warning &&
	test_line_count = 3 err &&
	test_stderr_matches "^crm-sale: line 2: customer 3'"'"'s balance covers only 0\.50 of " err &&
	test_stderr_matches "^crm-sale: 1 added, 0 already recorded\$" err &&
	test_stderr_matches "^crm-sale: 1 return took back more bonus than the balance held\$" err &&
	tsv expect <<-EOF &&
	$HEAD
	3003|3|Cai|gold|yes|2.5|0.00|0.0|no
	EOF
	crm-bonus 3003 >actual &&
	test_cmp expect actual &&
	tsv expect <<-\EOF &&
	id|period|purchases|revenue|returns|net|cost|profit|uncosted
	3|all|0|0.00|100.00|-100.00|0.00|0.00|-100.00
	EOF
	echo 3 | crm-value --from 2025-03-04 --to 2025-03-04 - >actual &&
	test_cmp expect actual
'

# The contract (cli4.md) gives the text:
# `crm-sale: line N: customer 7's balance covers only 1.20 of 2.00`
# (in bulk, with -v since issue 12; see t2050-rules.sh)
test_expect_success 'the warning reads as the contract says' '
	cat >expect <<-\EOF &&
	crm-sale: line 2: customer 3'"'"'s balance covers only 0.50 of 2.50
	EOF
	head -n 1 warning >actual &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# --list

test_expect_success '--list: every customer with a card, by id' '
	tsv expect <<-EOF &&
	$HEAD
	1001|1|Anna|vip|yes|5.0|0.00|0.0|no
	0002|2|Bo|vip|yes|5.0|2.00|0.0|no
	3003|3|Cai|gold|yes|2.5|0.00|0.0|no
	5005|5|Eli|silver|yes|0.25|0.03|0.0|no
	6006|6|Fia|employee|no|0.0|0.00|10.0|no
	7007|7|Gus|vip|yes|5.0|10.00|0.0|no
	8008|8|Hal|vip|yes|5.0|0.38|0.0|no
	9009|9|Ivy|problem|no|0.0|0.00|0.0|yes
	EOF
	crm-bonus --list >actual &&
	test_cmp expect actual
'

# As of 2025-03-02: Anna 6.12 (her redemptions are dated today), Bo 2.00 (B2
# on 2025-03-01), Cai C1 2.50 + C2 0.50 = 3.00 (redeemed on 03-03), Eli 0.03,
# Gus 0.00 (his sales are in April), Hal 0.38.
test_expect_success '--list --as-of' '
	tsv expect <<-EOF &&
	$HEAD
	1001|1|Anna|vip|yes|5.0|6.12|0.0|no
	0002|2|Bo|vip|yes|5.0|2.00|0.0|no
	3003|3|Cai|gold|yes|2.5|3.00|0.0|no
	5005|5|Eli|silver|yes|0.25|0.03|0.0|no
	6006|6|Fia|employee|no|0.0|0.00|10.0|no
	7007|7|Gus|vip|yes|5.0|0.00|0.0|no
	8008|8|Hal|vip|yes|5.0|0.38|0.0|no
	9009|9|Ivy|problem|no|0.0|0.00|0.0|yes
	EOF
	crm-bonus --list --as-of 2025-03-02 >actual &&
	test_cmp expect actual
'

test_expect_success '--list --format csv keeps leading zeros' '
	crm-bonus --list --format csv >actual &&
	grep "^0002,2,Bo," actual
'

test_done
