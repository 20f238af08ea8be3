#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='rules of issue 12: returns before their sale, returns on credit, blank names and padded keys, the default category, the largest id, imports without ref, bonus warnings, display width'
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: a database with two customers, one with a card' '
	crm-init &&
	crm-add -q --name Anna --card 1001 --id 1 &&
	crm-add -q --name Bo --id 2 &&
	crm-sale -q 1 100 --ref S-1 --date 2025-03-10 &&
	crm-sale -q 2 50 --ref S-2 --date 2025-03-10
'

# ---------------------------------------------------------------------------
# A return dated before the sale it names

test_expect_success 'a return dated before its sale is 65 (operand form)' '
	test_refused 65 "^crm-sale: .*before sale .S-1." \
		crm-sale 1 -10 --returns S-1 --date 2025-03-09
'

test_expect_success 'a return dated before its sale is 65 with the line number (bulk)' '
	printf "customer\tdate\tamount\treturns\n1\t2025-03-11\t-5\tS-1\n2\t2025-03-01\t-5\tS-2\n" >in &&
	test_refused 65 "^crm-sale: line 3: .*before sale .S-2." crm-sale <in
'

test_expect_success 'a return on the day of its sale or later is accepted' '
	crm-sale -q 1 -10 --returns S-1 --date 2025-03-10 &&
	printf "customer\tdate\tamount\treturns\n2\t2025-03-11\t-5\tS-2\n" | crm-sale -q
'

# ---------------------------------------------------------------------------
# A return on credit

test_expect_success 'a return on credit is 65 (--unpaid with a negative amount)' '
	test_refused 65 "^crm-sale: .*return.*credit" \
		crm-sale 2 -5 --unpaid --ref R-1 --date 2025-03-12
'

test_expect_success 'a return on credit is 65 in bulk (paid no), with the line number' '
	printf "customer\tdate\tamount\tpaid\tref\n2\t2025-03-12\t-5\tno\tR-2\n" >in &&
	test_refused 65 "^crm-sale: line 2: .*return.*credit" crm-sale <in
'

test_expect_success 'a return cannot be paid (--pay on a return is 65)' '
	crm-sale -q 2 -5 --ref R-3 --date 2025-03-12 &&
	test_refused 65 "^crm-sale: .*R-3.*return" crm-sale --pay R-3
'

test_done
