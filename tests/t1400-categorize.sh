#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm-categorize: moves, dry run, --list, --define, --rename, --delete, --load, --history, --undo'
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup' '
	cat >config.yaml <<-\EOF &&
	default_category: regular
	categories:
	  regular: {description: "Regular"}
	  vip: {description: "Very important", bonus: 5}
	  problem: {description: "Must prepay", prepay: yes}
	  employee: {description: "Staff", discount: 10}
	EOF
	CRM_CONFIG=$TRASH/config.yaml &&
	export CRM_CONFIG &&
	crm-init &&
	tsv in <<-\EOF &&
	name|source|category|card|email
	Anna|fair||1001|anna@example.com
	Bert|web||1002|bert@example.com
	Cleo|fair||0103|
	Dirk|fair|vip||
	Eva|radio|||eva@example.com
	EOF
	crm-add <in >ids &&
	test_line_count = 5 ids
'

test_expect_success '--list shows the terms and customer counts, ordered by name' '
	tsv expect <<-\EOF &&
	category|description|discount|bonus|prepay|customers
	employee|Staff|10.0|0.0|no|0
	problem|Must prepay|0.0|0.0|yes|0
	regular|Regular|0.0|0.0|no|4
	vip|Very important|0.0|5.0|no|1
	EOF
	crm-categorize --list >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err
'

test_expect_success 'a category registration is not a change: the history is empty' '
	crm-categorize --history >actual &&
	printf "batch\tdate\tid\told\tnew\tnote\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'moving customers from a pipe prints how many changed' '
	crm-ls --source fair | crm-categorize vip --note "fair 2025" >out 2>err &&
	echo "2 changed" >expect &&
	test_cmp expect out &&
	test_must_be_empty err &&
	crm-ls -H --columns id,category >actual &&
	tsv expect <<-\EOF &&
	1|vip
	2|regular
	3|vip
	4|vip
	5|regular
	EOF
	test_cmp expect actual
'

test_expect_success 'the move is one batch in the history' '
	tsv expect <<-\EOF &&
	batch|date|id|old|new|note
	1|2025-06-30|1|regular|vip|fair 2025
	1|2025-06-30|3|regular|vip|fair 2025
	EOF
	crm-categorize --history >actual &&
	test_cmp expect actual
'

test_expect_success '--list counts follow' '
	crm-categorize --list -H >list &&
	cut -f1,6 list >actual &&
	tsv expect <<-\EOF &&
	employee|0
	problem|0
	regular|2
	vip|3
	EOF
	test_cmp expect actual
'

test_expect_success 'ids as operands' '
	crm-categorize employee 2 >out &&
	echo "1 changed" >expect &&
	test_cmp expect out
'

test_expect_success 'customers already in the category are not counted, and no batch is made' '
	db_snapshot before &&
	crm-categorize employee 2 >out &&
	echo "0 changed" >expect &&
	test_cmp expect out &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success '-n prints id name old new of those that would move, writes nothing' '
	db_snapshot before &&
	crm-categorize -n problem 1 2 5 >actual &&
	tsv expect <<-\EOF &&
	id|name|old|new
	1|Anna|vip|problem
	2|Bert|employee|problem
	5|Eva|regular|problem
	EOF
	test_cmp expect actual &&
	crm-categorize --dry-run vip 1 5 >actual &&
	tsv expect <<-\EOF &&
	id|name|old|new
	5|Eva|regular|vip
	EOF
	test_cmp expect actual &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success '-q prints nothing' '
	crm-categorize -q problem 5 >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err &&
	echo 5 | crm-ls -H --columns category - >actual &&
	echo problem >expect &&
	test_cmp expect actual
'

test_expect_success '--history lists the newest batch first, then by customer id' '
	tsv expect <<-\EOF &&
	batch|date|id|old|new|note
	3|2025-06-30|5|regular|problem|
	2|2025-06-30|2|regular|employee|
	1|2025-06-30|1|regular|vip|fair 2025
	1|2025-06-30|3|regular|vip|fair 2025
	EOF
	crm-categorize --history >actual &&
	test_cmp expect actual
'

test_expect_success '--history ID lists one customer' '
	crm-categorize --history 1 -H >actual &&
	printf "1\t2025-06-30\t1\tregular\tvip\tfair 2025\n" >expect &&
	test_cmp expect actual
'

test_expect_success '--history of an unknown customer is 66' '
	test_refused 66 "^crm-categorize: .*99" crm-categorize --history 99
'

test_expect_success JQ '--history --format json' '
	crm-categorize --history --format json >json &&
	jq -c . json >actual &&
	cat >expect <<-\EOF &&
	{"batch":3,"date":"2025-06-30","id":5,"old":"regular","new":"problem","note":null}
	{"batch":2,"date":"2025-06-30","id":2,"old":"regular","new":"employee","note":null}
	{"batch":1,"date":"2025-06-30","id":1,"old":"regular","new":"vip","note":"fair 2025"}
	{"batch":1,"date":"2025-06-30","id":3,"old":"regular","new":"vip","note":"fair 2025"}
	EOF
	test_cmp expect actual
'

test_expect_success '--history --format csv' '
	crm-categorize --history --format csv 1 >actual &&
	printf "batch,date,id,old,new,note\r\n1,2025-06-30,1,regular,vip,fair 2025\r\n" >expect &&
	test_cmp expect actual
'

test_expect_success JQ '--list --format json' '
	crm-categorize --list --format json >json &&
	jq -c "select(.category == \"vip\")" json >actual &&
	echo "{\"category\":\"vip\",\"description\":\"Very important\",\"discount\":0.0,\"bonus\":5.0,\"prepay\":\"no\",\"customers\":3}" >expect.raw &&
	jq -c . expect.raw >expect &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# Refusals when moving

test_expect_success 'an unknown category is 66, nothing moves' '
	test_refused 66 "^crm-categorize: .*gold" crm-categorize gold 1 2
'

test_expect_success 'an unknown customer is 66, nothing moves' '
	test_refused 66 "^crm-categorize: .*99" crm-categorize regular 1 99 &&
	printf "id\n1\n99\n" >in &&
	test_refused 66 "^crm-categorize: line 3: .*99" crm-categorize regular <in
'

test_expect_success 'a bad id is 64 as an operand, 65 on stdin' '
	test_refused 64 "^crm-categorize: .*x1" crm-categorize regular x1 &&
	printf "1\nx1\n" >in &&
	test_refused 65 "^crm-categorize: line 2: .*x1" crm-categorize regular <in
'

test_expect_success 'empty stdin moves nobody: "0 changed"' '
	crm-categorize regular </dev/null >out &&
	echo "0 changed" >expect &&
	test_cmp expect out
'

test_expect_success '--key card and --key email' '
	crm-categorize --key card employee 0103 >out &&
	echo "1 changed" >expect &&
	test_cmp expect out &&
	printf "email\nanna@example.com\n" | crm-categorize --key email employee >out &&
	test_cmp expect out &&
	crm-ls -H --columns id --category employee >actual &&
	printf "1\n2\n3\n" >expect &&
	test_cmp expect actual &&
	test_refused 66 "^crm-categorize: .*103" crm-categorize --key card vip 103
'

test_expect_success 'no category and no action is 64' '
	test_refused 64 "^(crm-categorize: |usage: crm-categorize)" crm-categorize
'

# ---------------------------------------------------------------------------
# --undo

test_expect_success '--undo reverts a batch, as a new batch' '
	crm-categorize vip 4 5 --note "promo" >out &&
	echo "1 changed" >expect &&
	test_cmp expect out &&
	crm-categorize --history -H >hist &&
	head -n 1 hist | cut -f1 >batch &&
	echo 6 >expect &&
	test_cmp expect batch &&
	crm-categorize --undo 6 >out &&
	echo 5 | crm-ls -H --columns category - >actual &&
	echo problem >expect &&
	test_cmp expect actual &&
	crm-categorize --history -H >hist &&
	head -n 1 hist | cut -f1-5 >actual &&
	printf "7\t2025-06-30\t5\tvip\tproblem\n" >expect &&
	test_cmp expect actual &&
	crm-backup --check -q
'

test_expect_success '--undo of a batch already undone is 65' '
	test_refused 65 "^crm-categorize: .*6" crm-categorize --undo 6
'

test_expect_success '--undo of an unknown batch is 66; a bad batch is 64' '
	test_refused 66 "^crm-categorize: .*99" crm-categorize --undo 99 &&
	test_refused 64 "^crm-categorize: .*abc" crm-categorize --undo abc
'

test_expect_success '--undo is refused (65) when a customer changed category since' '
	crm-categorize regular 3 >out &&
	test_refused 65 "^crm-categorize: .*3" crm-categorize --undo 4
'

test_expect_success '--undo restores the old category of every customer of the batch' '
	crm-categorize vip 3 >/dev/null &&
	crm-categorize employee 3 >/dev/null &&
	crm-ls -H --columns id,category >before.ls &&
	crm-categorize regular 1 3 --note "bulk" >out &&
	echo "2 changed" >expect &&
	test_cmp expect out &&
	crm-categorize --history -H >hist &&
	b=$(head -n 1 hist | cut -f1) &&
	crm-categorize --undo "$b" >out &&
	crm-ls -H --columns id,category >after.ls &&
	test_cmp before.ls after.ls &&
	crm-backup --check -q
'

test_expect_success '--undo -n writes nothing' '
	crm-categorize vip 2 >/dev/null &&
	crm-categorize --history -H >hist &&
	b=$(head -n 1 hist | cut -f1) &&
	db_snapshot before &&
	crm-categorize -n --undo "$b" >out &&
	db_snapshot after &&
	test_cmp before after
'

# ---------------------------------------------------------------------------
# --define

test_expect_success '--define creates a category with its terms' '
	crm-categorize --define gold --description "Gold" --discount 2.5 --bonus 0.25 --prepay >out &&
	crm-categorize --list -H >list &&
	grep "^gold	" list >actual &&
	printf "gold\tGold\t2.5\t0.25\tyes\t0\n" >expect &&
	test_cmp expect actual
'

test_expect_success '--define changes only the terms given' '
	crm-categorize --define gold --bonus 3 &&
	crm-categorize --list -H >list &&
	grep "^gold	" list >actual &&
	printf "gold\tGold\t2.5\t3.0\tyes\t0\n" >expect &&
	test_cmp expect actual &&
	crm-categorize --define gold --no-prepay &&
	crm-categorize --list -H >list &&
	grep "^gold	" list >actual &&
	printf "gold\tGold\t2.5\t3.0\tno\t0\n" >expect &&
	test_cmp expect actual
'

test_expect_success '--define: rates from 0 to 100 with up to two decimals' '
	crm-categorize --define r1 --discount 0 --bonus 100 &&
	crm-categorize --define r2 --discount 99.99 --bonus 5.10 &&
	crm-categorize --define r3 --discount 0.5 --bonus 12.05 &&
	crm-categorize --list -H >list &&
	grep "^r[123]	" list | cut -f1,3,4 >actual &&
	tsv expect <<-\EOF &&
	r1|0.0|100.0
	r2|99.99|5.1
	r3|0.5|12.05
	EOF
	test_cmp expect actual
'

for bad in 12,50 1e3 nan inf "" 5.125 101 100.01 -1 10x " 5" 0x10 .
do
	test_expect_success "--define refuses the rate '$bad' (64), naming it" '
		test_refused 64 "^crm-categorize: .*discount" crm-categorize --define gold --discount "$bad" &&
		test_refused 64 "^crm-categorize: .*bonus" crm-categorize --define newcat --bonus "$bad"
	'
done

test_expect_success '--define refuses an empty name (64)' '
	test_refused 64 "^crm-categorize: " crm-categorize --define ""
'

test_expect_success 'a new category can be used at once' '
	crm-categorize gold 1 >out &&
	echo "1 changed" >expect &&
	test_cmp expect out &&
	crm-add --name Gus --category gold >/dev/null &&
	crm-ls -H --columns name --category gold >actual &&
	printf "Anna\nGus\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'unlimited categories: 500 of them' '
	i=0 &&
	while test $i -lt 500
	do
		printf "  c%03d: {bonus: 1}\n" $i || return 1
		i=$((i + 1))
	done >many.body &&
	{ echo "categories:" && cat many.body; } >many.yaml &&
	crm-categorize --load many.yaml &&
	crm-categorize --list -H >list &&
	grep -c "^c[0-9][0-9][0-9]	" list >count &&
	echo 500 >expect &&
	test_cmp expect count
'

# ---------------------------------------------------------------------------
# --rename, --delete

test_expect_success '--rename keeps the terms and the customers' '
	crm-categorize --rename gold premium &&
	crm-categorize --list -H >list &&
	grep "^premium	" list >actual &&
	printf "premium\tGold\t2.5\t3.0\tno\t2\n" >expect &&
	test_cmp expect actual &&
	! grep "^gold	" list &&
	crm-ls -H --columns name --category premium >actual &&
	printf "Anna\nGus\n" >expect &&
	test_cmp expect actual
'

test_expect_success '--rename of an unknown category is 66; onto an existing one 65' '
	test_refused 66 "^crm-categorize: .*gold" crm-categorize --rename gold other &&
	test_refused 65 "^crm-categorize: .*vip" crm-categorize --rename premium vip
'

test_expect_success '--delete of an empty category' '
	crm-categorize --define temp &&
	crm-categorize --delete temp &&
	crm-categorize --list -H >list &&
	! grep "^temp	" list
'

test_expect_success '--delete refuses (65) while customers are in it' '
	test_refused 65 "^crm-categorize: .*premium" crm-categorize --delete premium
'

test_expect_success '--delete of an unknown category is 66' '
	test_refused 66 "^crm-categorize: .*nosuch" crm-categorize --delete nosuch &&
	test_refused 66 "^crm-categorize: .*nosuch" crm-categorize --delete premium --reassign nosuch
'

test_expect_success '--delete --reassign moves the customers as one batch, then deletes' '
	crm-categorize --delete premium --reassign vip >out &&
	crm-categorize --list -H >list &&
	! grep "^premium	" list &&
	crm-ls -H --columns id,category --name "*" >all &&
	grep -E "^(1|6)	" all >actual &&
	printf "1\tvip\n6\tvip\n" >expect &&
	test_cmp expect actual &&
	crm-categorize --history -H >hist &&
	b=$(head -n 1 hist | cut -f1) &&
	grep "^$b	" hist | cut -f3-5 >actual &&
	printf "1\tpremium\tvip\n6\tpremium\tvip\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'the reassign batch can be undone only while its category is back' '
	crm-categorize --history -H >hist &&
	b=$(head -n 1 hist | cut -f1) &&
	test_must_fail crm-categorize --undo "$b" 2>err &&
	test_stderr_matches "^crm-categorize: " err &&
	crm-backup --check -q
'

# ---------------------------------------------------------------------------
# --load

test_expect_success '--load defines and changes many categories' '
	cat >cats.yaml <<-\EOF &&
	categories:
	  silver: {description: "Silver", bonus: 1.5}
	  vip:
	    description: VIP customers
	    bonus: 6
	    discount: 1
	EOF
	crm-categorize --load cats.yaml &&
	crm-categorize --list -H >list &&
	grep -E "^(silver|vip)	" list | cut -f1-5 >actual &&
	tsv expect <<-\EOF &&
	silver|Silver|0.0|1.5|no
	vip|VIP customers|1.0|6.0|no
	EOF
	test_cmp expect actual
'

test_expect_success '--load of a file with one bad entry defines nothing' '
	cat >bad.yaml <<-\EOF &&
	categories:
	  bronze: {bonus: 1}
	  broken: {discount: 150}
	EOF
	db_snapshot before &&
	test_must_fail crm-categorize --load bad.yaml 2>err &&
	db_snapshot after &&
	test_cmp before after &&
	test_stderr_matches "^crm-categorize: ([^ ]*/)?bad\.yaml:3:[0-9]+: " err &&
	test_one_line err
'

test_expect_success '--load of malformed YAML names line and column' '
	printf "categories:\n  a: {bonus: 1\n  b: [\n" >worse.yaml &&
	db_snapshot before &&
	test_must_fail crm-categorize --load worse.yaml 2>err &&
	db_snapshot after &&
	test_cmp before after &&
	test_stderr_matches "^crm-categorize: ([^ ]*/)?worse\.yaml:[0-9]+:[0-9]+: " err
'

test_expect_success '--load of an unknown key names it' '
	printf "categories:\n  a: {colour: red}\n" >key.yaml &&
	test_must_fail crm-categorize --load key.yaml 2>err &&
	test_stderr_matches "^crm-categorize: ([^ ]*/)?key\.yaml:2:[0-9]+: .*colour" err
'

test_expect_success '--load of a missing file is 66' '
	test_refused 66 "^crm-categorize: .*nofile\.yaml" crm-categorize --load nofile.yaml
'

test_expect_success 'bad options are 64' '
	test_refused 64 "^crm-categorize: " crm-categorize --list --bogus &&
	test_refused 64 "^crm-categorize: .*xml" crm-categorize --history --format xml
'

test_done
