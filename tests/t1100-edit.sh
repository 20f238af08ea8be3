#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm-edit: fields, clearing, referral rules, ids from stdin, --key'
. "$(dirname "$0")/lib.sh"

COLS=id,name,email,phone,card,category,source,reason,referred_by,status,created,note

test_expect_success 'setup' '
	crm-init &&
	tsv in <<-\EOF &&
	name|email|card|source|created
	Anna|anna@example.com|000123|fair|2025-01-10
	Bert|bert@example.com|4002|web|2025-02-11
	Cleo||4003|fair|2025-03-12
	Dirk|dirk@example.com||radio|2025-04-13
	EOF
	crm-add <in >ids &&
	printf "1\n2\n3\n4\n" >expect &&
	test_cmp expect ids
'

test_expect_success 'changing fields of one customer prints "1 changed"' '
	crm-edit --phone "+46 8 555" --reason "good coffee" --note "met at fair" 1 >out 2>err &&
	echo "1 changed" >expect &&
	test_cmp expect out &&
	test_must_be_empty err &&
	tsv expect <<-\EOF &&
	id|name|email|phone|card|category|source|reason|referred_by|status|created|note
	1|Anna|anna@example.com|+46 8 555|000123|regular|fair|good coffee||active|2025-01-10|met at fair
	EOF
	echo 1 | crm-ls - >actual &&
	test_cmp expect actual
'

test_expect_success 'every field can be changed' '
	crm-edit --name "Anna Berg" --email anna.berg@example.com --card 0001234 \
		--source shop --created 2024-12-31 --referred-by 2 --category vip 1 >out &&
	echo "1 changed" >expect &&
	test_cmp expect out &&
	tsv expect <<-\EOF &&
	1|Anna Berg|anna.berg@example.com|+46 8 555|0001234|vip|shop|good coffee|2|active|2024-12-31|met at fair
	EOF
	echo 1 | crm-ls -H - >actual &&
	test_cmp expect actual
'

test_expect_success 'several customers at once' '
	crm-edit --source newsletter 2 3 >out &&
	echo "2 changed" >expect &&
	test_cmp expect out &&
	crm-ls -H --columns id,source >actual &&
	tsv expect <<-\EOF &&
	1|shop
	2|newsletter
	3|newsletter
	4|radio
	EOF
	test_cmp expect actual
'

test_expect_success 'an empty value clears a field' '
	crm-edit --email "" --phone "" --note "" --referred-by "" 1 >out &&
	echo "1 changed" >expect &&
	test_cmp expect out &&
	echo 1 | crm-ls -H --columns email,phone,note,referred_by - >actual &&
	printf "\t\t\t\n" >expect &&
	test_cmp expect actual
'

test_expect_success JQ 'a cleared field is null in json' '
	echo 1 | crm-ls --format json --columns id,email,phone - >json &&
	jq -c . json >actual &&
	echo "{\"id\":1,\"email\":null,\"phone\":null}" >expect &&
	test_cmp expect actual
'

test_expect_success 'the name cannot be cleared (64)' '
	test_refused 64 "^crm-edit: .*name" crm-edit --name "" 1
'

test_expect_success '--category records the change in the category history' '
	crm-edit --category vip 2 >out &&
	crm-categorize --history >hist &&
	cut -f2-5 hist >actual &&
	tsv expect <<-\EOF &&
	date|id|old|new
	2025-06-30|2|regular|vip
	2025-06-30|1|regular|vip
	EOF
	test_cmp expect actual
'

test_expect_success 'with no field to change it is a usage error' '
	test_refused 64 "^crm-edit: " crm-edit 1
'

# ---------------------------------------------------------------------------
# Referrals

test_expect_success 'referrals: 2 brought 3, 3 brought 4' '
	crm-edit --referred-by 2 3 >/dev/null &&
	crm-edit --referred-by 3 4 >/dev/null &&
	crm-ls -H --columns id,referred_by >actual &&
	tsv expect <<-\EOF &&
	1|
	2|
	3|2
	4|3
	EOF
	test_cmp expect actual
'

test_expect_success 'a referral to oneself is refused (65)' '
	test_refused 65 "^crm-edit: .*2" crm-edit --referred-by 2 2
'

test_expect_success 'an edit that would close a cycle is refused (65)' '
	test_refused 65 "^crm-edit: .*cycl" crm-edit --referred-by 4 2 &&
	test_refused 65 "^crm-edit: .*cycl" crm-edit --referred-by 3 2
'

test_expect_success 'a cycle within one batch of edits is refused as a whole' '
	crm-add --name Erik >/dev/null &&
	crm-add --name Frida --referred-by 5 >/dev/null &&
	test_refused 65 "^crm-edit: " crm-edit --referred-by 6 5 6
'

test_expect_success 'moving a referral elsewhere (no cycle) is fine' '
	crm-edit --referred-by 1 3 >out &&
	echo "1 changed" >expect &&
	test_cmp expect out &&
	crm-ls -H --referred-by 1 --columns id >actual &&
	echo 3 >expect &&
	test_cmp expect actual
'

test_expect_success 'an unknown referrer is 66' '
	test_refused 66 "^crm-edit: .*99" crm-edit --referred-by 99 1
'

test_expect_success 'a bad referrer id is 64' '
	test_refused 64 "^crm-edit: .*abc" crm-edit --referred-by abc 1 &&
	test_refused 64 "^crm-edit: " crm-edit --referred-by 0 1
'

# ---------------------------------------------------------------------------
# Other refusals

test_expect_success 'an unknown customer is 66 and nothing changes' '
	test_refused 66 "^crm-edit: .*99" crm-edit --phone 1 99 &&
	test_refused 66 "^crm-edit: .*99" crm-edit --phone 1 1 2 99
'

test_expect_success 'a bad id operand is 64' '
	test_refused 64 "^crm-edit: .*abc" crm-edit --phone 1 abc &&
	test_refused 64 "^crm-edit: " crm-edit --phone 1 0 &&
	test_refused 64 "^crm-edit: " crm-edit --phone 1 -- -3
'

test_expect_success 'an unknown category is 66' '
	test_refused 66 "^crm-edit: .*gold" crm-edit --category gold 1
'

test_expect_success 'a card or e-mail of another customer is 65' '
	test_refused 65 "^crm-edit: .*4002" crm-edit --card 4002 1 &&
	test_refused 65 "^crm-edit: .*dirk@example\.com" crm-edit --email dirk@example.com 1
'

test_expect_success 'one card for two customers in one edit is 65' '
	test_refused 65 "^crm-edit: " crm-edit --card 5555 1 2
'

test_expect_success 'a bad date is 64, naming it' '
	for d in 2025-02-30 2025-13-01 25-1-1
	do
		test_refused 64 "^crm-edit: .*$d" crm-edit --created "$d" 1 || return 1
	done
'

test_expect_success 'the status is not crm-edit'"'"'s (crm-lost keeps its history): 64' '
	test_refused 64 "^crm-edit: .*status" crm-edit --status lost 1
'

test_expect_success '-n changes nothing' '
	db_snapshot before &&
	crm-edit -n --phone 123 --category vip 1 3 >out &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success '-q prints no count' '
	crm-edit -q --phone 123 4 >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err &&
	echo 4 | crm-ls -H --columns phone - >actual &&
	echo 123 >expect &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# Ids from stdin

test_expect_success 'ids from stdin, one per line' '
	printf "1\n2\n" | crm-edit --reason stdin1 >out &&
	echo "2 changed" >expect &&
	test_cmp expect out &&
	crm-ls -H --columns id,reason >actual &&
	grep -c "	stdin1$" actual >count &&
	echo 2 >expect &&
	test_cmp expect count
'

test_expect_success 'ids from stdin with a header: the id column is used wherever it is' '
	tsv in <<-\EOF &&
	name|id|card
	Cleo|3|4003
	Dirk|4|
	EOF
	crm-edit --reason header <in >out &&
	echo "2 changed" >expect &&
	test_cmp expect out &&
	crm-ls -H --columns id,reason >actual &&
	tsv expect <<-\EOF &&
	1|stdin1
	2|stdin1
	3|header
	4|header
	5|
	6|
	EOF
	test_cmp expect actual
'

test_expect_success 'a "customer" column names the ids too' '
	printf "customer\tvalue\n5\t10.00\n" >in &&
	crm-edit --reason customer-col <in >out &&
	echo "1 changed" >expect &&
	test_cmp expect out
'

test_expect_success 'crm-ls output feeds crm-edit' '
	crm-ls --source newsletter >in &&
	crm-edit --note "was at the fair" <in >out &&
	echo "2 changed" >expect &&
	test_cmp expect out &&
	crm-ls -H --columns id,note >all &&
	grep "was at the fair" all >actual &&
	printf "2\twas at the fair\n3\twas at the fair\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'empty stdin means no customers: "0 changed"' '
	crm-edit --reason nobody </dev/null >out &&
	echo "0 changed" >expect &&
	test_cmp expect out
'

test_expect_success 'an unknown id on stdin is 66 with its line; nothing changes' '
	printf "id\n1\n98\n" >in &&
	test_refused 66 "^crm-edit: line 3: .*98" crm-edit --reason x <in
'

test_expect_success 'a bad id on stdin is 65 with its line' '
	printf "1\nabc\n" >in &&
	test_refused 65 "^crm-edit: line 2: .*abc" crm-edit --reason x <in
'

test_expect_success 'operands win over stdin' '
	printf "1\n2\n" >in &&
	crm-edit --source operand 4 <in >out &&
	echo "1 changed" >expect &&
	test_cmp expect out &&
	crm-ls -H --columns id --source operand >actual &&
	echo 4 >expect &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# --key

test_expect_success '--key card takes card numbers, keeping leading zeros' '
	crm-edit --key card --phone 0700 0001234 >out &&
	echo "1 changed" >expect &&
	test_cmp expect out &&
	echo 1 | crm-ls -H --columns phone - >actual &&
	echo 0700 >expect &&
	test_cmp expect actual
'

test_expect_success '--key card does not match a card without its leading zeros' '
	test_refused 66 "^crm-edit: .*1234" crm-edit --key card --phone 1 1234
'

test_expect_success '--key email takes e-mail addresses' '
	crm-edit --key email --phone 0800 bert@example.com dirk@example.com >out &&
	echo "2 changed" >expect &&
	test_cmp expect out &&
	crm-ls -H --columns id,phone >all &&
	grep "	0800$" all >actual &&
	printf "2\t0800\n4\t0800\n" >expect &&
	test_cmp expect actual
'

test_expect_success '--key card reads the card column from stdin' '
	crm-ls --columns name,card --category vip >in &&
	crm-edit --key card --note vip-card <in >out &&
	echo "2 changed" >expect &&
	test_cmp expect out
'

test_expect_success '--key email reads the email column from stdin' '
	printf "name\temail\nBert\tbert@example.com\n" >in &&
	crm-edit --key email --note by-mail <in >out &&
	echo "1 changed" >expect &&
	test_cmp expect out
'

test_expect_success 'an unknown card or e-mail is 66' '
	test_refused 66 "^crm-edit: .*9999" crm-edit --key card --phone 1 9999 &&
	test_refused 66 "^crm-edit: .*nobody@example\.com" crm-edit --key email --phone 1 nobody@example.com
'

test_expect_success 'a bad --key is 64' '
	test_refused 64 "^crm-edit: .*phone" crm-edit --key phone --note x 1
'

test_done
