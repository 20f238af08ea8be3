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

# ---------------------------------------------------------------------------
# Blank names; white space around cards, e-mails and phones

test_expect_success 'a name of only spaces is 65 (crm-add option form)' '
	test_refused 65 "^crm-add: .*name" crm-add --name "   "
'

test_expect_success 'a name of only spaces is 65 in bulk, with the line number' '
	printf "name\n Carl\n   \n" >in &&
	test_refused 65 "^crm-add: line 3: .*name" crm-add <in
'

test_expect_success 'crm-edit refuses a name of only spaces (65)' '
	test_refused 65 "^crm-edit: .*name" crm-edit --name "  " 2
'

test_expect_success 'a card, e-mail and phone are stored without the spaces around them' '
	crm-add -q --id 3 --name Cleo --card " 123 " --email " cleo@example.com  " --phone " 555 " &&
	echo 3 | crm-ls -H --columns id,email,phone,card - >actual &&
	printf "3\tcleo@example.com\t555\t123\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'the card 123 is then taken, with or without spaces (65)' '
	test_refused 65 "^crm-add: .*card .123. already belongs to customer 3" \
		crm-add --name Dora --card 123 &&
	printf "name\tcard\nDora\t123  \n" >in &&
	test_refused 65 "^crm-add: line 2: .*card .123. already" crm-add <in
'

test_expect_success 'bulk crm-add and crm-edit trim too' '
	printf "id\tname\temail\tcard\n4\tDora\t dora@example.com\t 124\n" | crm-add -q &&
	crm-edit -q --card "  125 " --phone " 556" 2 &&
	printf "2\n4\n" | crm-ls -H --columns id,email,phone,card - >actual &&
	printf "2\t\t556\t125\n4\tdora@example.com\t\t124\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'cards and e-mails are looked up without the spaces around them' '
	crm-sale -q --key card " 123 " 10 --date 2025-03-12 &&
	crm-sale -q --key email " cleo@example.com" 10 --date 2025-03-13 &&
	printf "card\tdate\tamount\n 124 \t2025-03-12\t20\n" | crm-sale -q &&
	crm-value -H | cut -f 1,3 | grep -E "^[34]${TAB}" >actual &&
	printf "3\t2\n4\t1\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'crm-edit --key card finds " 125"' '
	crm-edit -q --key card --name Bob " 125" &&
	echo 2 | crm-ls -H --columns id,name - >actual &&
	printf "2\tBob\n" >expect &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# The default category follows a rename

test_expect_success 'after renaming regular, crm-add without --category uses the new name' '
	crm-init --db def.db &&
	crm-categorize --db def.db --rename regular normal &&
	crm-add -q --db def.db --name Eve &&
	printf "name\nFinn\n" | crm-add -q --db def.db &&
	crm-ls --db def.db -H --columns name,category >actual &&
	printf "Eve\tnormal\nFinn\tnormal\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'a config default_category the database does not have is still 66' '
	printf "default_category: regular\n" >conf.yaml &&
	test_refused 66 "^crm-add: default category .regular. does not exist" \
		crm-add --db def.db --config conf.yaml --name Gus
'

test_expect_success 'a config default_category that exists wins over the recorded one' '
	printf "default_category: vip\n" >conf.yaml &&
	crm-add -q --db def.db --config conf.yaml --name Hal &&
	crm-ls --db def.db -H --name Hal --columns category >actual &&
	echo vip >expect &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# Ids: max + 1, and none past the largest

test_expect_success 'a new customer gets the largest id plus one, in bulk too' '
	crm-init --db ids.db &&
	crm-add -q --db ids.db --name Ida --id 41 &&
	crm-add --db ids.db --name Jon >actual &&
	printf "name\tid\nKim\t\nLea\t50\nMo\t\n" | crm-add --db ids.db >>actual &&
	printf "42\n43\n50\n51\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'after the largest possible id, a customer without an id is 65' '
	crm-add -q --db ids.db --name Max --id 9223372036854775807 &&
	test_refused 65 "^crm-add: no next customer id: .*9223372036854775807" \
		crm-add --db ids.db --name Ned &&
	printf "name\nNed\n" >in &&
	test_refused 65 "^crm-add: line 2: no next customer id" crm-add --db ids.db <in
'

test_expect_success 'an id below the largest can still be given' '
	crm-add --db ids.db --name Ola --id 7 >actual &&
	echo 7 >expect &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# An input without a ref column

test_expect_success 'an import without ref says once that a rerun records again, even with -q' '
	printf "customer\tdate\tamount\n1\t2025-04-01\t1.00\n2\t2025-04-01\t2.00\n" >in &&
	crm-sale -q <in 2>err &&
	echo "crm-sale: no ref column: running this input again records its sales again" >expect &&
	test_cmp expect err &&
	crm-sale <in 2>err &&
	printf "crm-sale: 2 added, 0 already recorded\n" >expect.1 &&
	cat expect >>expect.1 &&
	test_cmp expect.1 err
'

test_expect_success 'an import with a ref column does not say it' '
	printf "customer\tdate\tamount\tref\n1\t2025-04-02\t1.00\tN-1\n" | crm-sale -q 2>err &&
	test_must_be_empty err
'

# ---------------------------------------------------------------------------
# Returns whose bonus the balance cannot cover: one line, details with -v

test_expect_success 'setup: a bonus category and a card holder with 0.50 of balance' '
	crm-init --db bon.db &&
	crm-categorize --db bon.db -q --define gold --bonus 5 &&
	crm-add -q --db bon.db --id 1 --name Pia --card 7001 --category gold &&
	crm-sale -q --db bon.db 1 10.00 --ref B-1 --date 2025-05-01
'

test_expect_success 'crm-sale -q: one summary line for the returns the balance cannot cover' '
	printf "customer\tdate\tamount\tref\treturns\n" >in &&
	printf "1\t2025-05-02\t-2.00\tB-2\n1\t2025-05-02\t-100.00\tB-3\n1\t2025-05-02\t-100.00\tB-4\n" >>in &&
	crm-sale -q --db bon.db <in 2>err &&
	echo "crm-sale: 2 returns took back more bonus than the balance held" >expect &&
	test_cmp expect err
'

test_expect_success 'crm-sale -v lists each of them with its line number' '
	printf "customer\tdate\tamount\tref\n1\t2025-05-03\t-100.00\tB-5\n" >in &&
	crm-sale -q -v --db bon.db <in 2>err &&
	cat >expect <<-\EOF &&
	crm-sale: line 2: customer 1'"'"'s balance covers only 0.00 of 5.00
	crm-sale: 1 return took back more bonus than the balance held
	EOF
	test_cmp expect err
'

test_expect_success '-v goes with the bulk form only (64)' '
	test_refused 64 "^crm-sale: --verbose goes with the bulk form" \
		crm-sale --db bon.db -v 1 5.00
'

# ---------------------------------------------------------------------------
# The text report pads by display width, whatever the locale: a CJK
# character takes two columns, a Gujarati vowel sign (U+0AC1) none.

test_expect_success 'CJK and Gujarati names keep the columns of the text report in line' '
	crm-init --db wide.db &&
	crm-add -q --db wide.db --name "Anna Berg" --source fair --created 2025-06-10 &&
	crm-add -q --db wide.db --name "山田太郎" --source web --created 2025-06-10 &&
	crm-add -q --db wide.db --name "ગુજરાતી નામ" --source fair --created 2025-06-11 &&
	LC_ALL=C crm-report --db wide.db --as-of 2025-06-15 --since 2025-06-01 \
		--sections customers >report &&
	sed -n "6,9p" report >actual &&
	cat >expect <<-\EOF &&
	       id  name                          source            created
	        1  Anna Berg                     fair              2025-06-10
	        2  山田太郎                      web               2025-06-10
	        3  ગુજરાતી નામ                    fair              2025-06-11
	EOF
	test_cmp expect actual
'

test_expect_success 'a wide name is cut to its column by display width (24 columns and "..." in 28)' '
	crm-add -q --db wide.db --name "東京都渋谷区神宮前一丁目の大きな店の店長さん" --source web --created 2025-06-12 &&
	LC_ALL=C crm-report --db wide.db --as-of 2025-06-15 --since 2025-06-01 \
		--sections customers >report &&
	grep "^        4  " report >actual &&
	printf "        4  東京都渋谷区神宮前一丁目...   web               2025-06-12\n" >expect &&
	test_cmp expect actual
'

test_done
