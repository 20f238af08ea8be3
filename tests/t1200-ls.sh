#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm-ls: filters, --columns, -H, csv, json, - operand, write errors'
. "$(dirname "$0")/lib.sh"

test_expect_success 'an empty database lists the header only' '
	crm-init &&
	crm-ls >actual &&
	printf "id\tname\temail\tphone\tcard\tcategory\tsource\treason\treferred_by\tstatus\tcreated\tnote\n" >expect &&
	test_cmp expect actual &&
	crm-ls -H >actual &&
	test_must_be_empty actual
'

test_expect_success 'setup' '
	tsv in <<-\EOF &&
	name|email|card|category|source|reason|referred_by|status|created|note
	Anna Berg|anna@example.com|1001|vip|fair|price||active|2025-01-05|
	Bertil Ek||||web||1|active|2025-02-10|
	anna-lisa Holm||1003|vip|fair||1|lost|2025-03-15|moved
	Cesar|||employee|radio||2|active|2025-03-15|
	Dana "D" Orr|||regular||||active|2025-06-30|
	Erik|||problem|web||4|lost|2024-12-31|
	EOF
	crm-add <in >ids &&
	printf "1\n2\n3\n4\n5\n6\n" >expect &&
	test_cmp expect ids
'

test_expect_success 'the default listing: all customers by id, all columns' '
	tsv expect <<-\EOF &&
	id|name|email|phone|card|category|source|reason|referred_by|status|created|note
	1|Anna Berg|anna@example.com||1001|vip|fair|price||active|2025-01-05|
	2|Bertil Ek||||regular|web||1|active|2025-02-10|
	3|anna-lisa Holm|||1003|vip|fair||1|lost|2025-03-15|moved
	4|Cesar||||employee|radio||2|active|2025-03-15|
	5|Dana "D" Orr||||regular||||active|2025-06-30|
	6|Erik||||problem|web||4|lost|2024-12-31|
	EOF
	crm-ls >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err
'

# check_ids 'crm-ls options' 'expected ids...'
# (the options are split on blanks, without globbing)
check_ids () {
	set -f
	# shellcheck disable=SC2086
	crm-ls -H --columns id $1 >actual
	ci_status_=$?
	set +f
	test "$ci_status_" = 0 || { echo "crm-ls $1: exit $ci_status_"; return 1; }
	: >expect &&
	for i in $2
	do
		echo "$i" >>expect
	done &&
	test_cmp expect actual
}

test_expect_success '--category' '
	check_ids "--category vip" "1 3" &&
	check_ids "--category employee" "4" &&
	check_ids "--category regular" "2 5"
'

test_expect_success '--category of a known category without customers lists nobody' '
	crm-categorize --define empty &&
	check_ids "--category empty" ""
'

test_expect_success '--category of an unknown category is 66' '
	test_refused 66 "^crm-ls: .*gold" crm-ls --category gold
'

test_expect_success '--source' '
	check_ids "--source web" "2 6" &&
	check_ids "--source fair" "1 3" &&
	check_ids "--source nowhere" ""
'

test_expect_success '--status' '
	check_ids "--status lost" "3 6" &&
	check_ids "--status active" "1 2 4 5"
'

test_expect_success 'a bad --status is 64' '
	test_refused 64 "^crm-ls: .*gone" crm-ls --status gone
'

test_expect_success '--name with a glob matches the whole name, ignoring ASCII case' '
	check_ids "--name anna*" "1 3" &&
	check_ids "--name E*" "6" &&
	check_ids "--name *k" "2 6" &&
	check_ids "--name ?rik" "6" &&
	check_ids "--name ?RIK" "6" &&
	check_ids "--name *l*k" "2" &&
	check_ids "--name An?a*" "1 3"
'

test_expect_success '--name without a wildcard matches names containing it' '
	check_ids "--name berg" "1" &&
	check_ids "--name ANNA" "1 3" &&
	check_ids "--name k" "2 6" &&
	check_ids "--name zz" ""
'

test_expect_success '--name treats % and _ literally' '
	crm-ls -H --columns id --name "%" >actual &&
	test_must_be_empty actual &&
	crm-ls -H --columns id --name "_" >actual &&
	test_must_be_empty actual &&
	crm-ls -H --columns id --name "a_na*" >actual &&
	test_must_be_empty actual
'

test_expect_success '--name with quotes' '
	crm-ls -H --columns id --name "\"D\"" >actual &&
	echo 5 >expect &&
	test_cmp expect actual
'

test_expect_success '--created-from and --created-to include their days' '
	check_ids "--created-from 2025-03-15" "3 4 5" &&
	check_ids "--created-to 2025-02-10" "1 2 6" &&
	check_ids "--created-from 2025-03-15 --created-to 2025-03-15" "3 4" &&
	check_ids "--created-from 2025-07-01" ""
'

test_expect_success 'bad dates are 64, naming the value' '
	test_refused 64 "^crm-ls: .*2025-02-30" crm-ls --created-from 2025-02-30 &&
	test_refused 64 "^crm-ls: .*2025-13-01" crm-ls --created-to 2025-13-01 &&
	test_refused 64 "^crm-ls: .*25-1-1" crm-ls --as-of 25-1-1
'

test_expect_success '--referred-by lists the direct referrals' '
	check_ids "--referred-by 1" "2 3" &&
	check_ids "--referred-by 4" "6" &&
	check_ids "--referred-by 5" ""
'

test_expect_success '--referred-by an unknown customer is 66; a bad id is 64' '
	test_refused 66 "^crm-ls: .*99" crm-ls --referred-by 99 &&
	test_refused 64 "^crm-ls: .*abc" crm-ls --referred-by abc
'

test_expect_success 'filters combine with AND' '
	check_ids "--category vip --status active" "1" &&
	check_ids "--source web --status lost" "6" &&
	check_ids "--referred-by 1 --category vip --name anna*" "3" &&
	check_ids "--source fair --category employee" ""
'

test_expect_success '--as-of hides customers created after it' '
	check_ids "--as-of 2025-03-01" "1 2 6" &&
	check_ids "--as-of 2024-12-31" "6" &&
	check_ids "--as-of 2025-06-30" "1 2 3 4 5 6"
'

# ---------------------------------------------------------------------------
# Columns and formats

test_expect_success '--columns picks and orders the columns' '
	crm-ls --columns card,id,name --category vip >actual &&
	tsv expect <<-\EOF &&
	card|id|name
	1001|1|Anna Berg
	1003|3|anna-lisa Holm
	EOF
	test_cmp expect actual
'

test_expect_success 'every documented column can be picked' '
	for c in id name email phone card category source reason referred_by status created note
	do
		crm-ls --columns $c >out &&
		head -n 1 out >actual &&
		echo $c >expect &&
		test_cmp expect actual || return 1
	done
'

test_expect_success 'an unknown column is 64, naming it' '
	test_refused 64 "^crm-ls: .*colour" crm-ls --columns id,colour &&
	test_refused 64 "^crm-ls: " crm-ls --columns ""
'

test_expect_success '-H and --no-header drop the header' '
	crm-ls --columns id,name --category vip -H >actual &&
	printf "1\tAnna Berg\n3\tanna-lisa Holm\n" >expect &&
	test_cmp expect actual &&
	crm-ls --columns id,name --category vip --no-header >actual &&
	test_cmp expect actual
'

test_expect_success '--format csv is RFC 4180 with CRLF' '
	crm-ls --format csv --columns id,name,card,note --name "*" >actual &&
	{
		printf "id,name,card,note\r\n" &&
		printf "1,Anna Berg,1001,\r\n" &&
		printf "2,Bertil Ek,,\r\n" &&
		printf "3,anna-lisa Holm,1003,moved\r\n" &&
		printf "4,Cesar,,\r\n" &&
		printf "5,\"Dana \"\"D\"\" Orr\",,\r\n" &&
		printf "6,Erik,,\r\n"
	} >expect &&
	test_cmp expect actual
'

test_expect_success '--format csv -H drops the header' '
	crm-ls --format csv -H --columns id --status lost >actual &&
	printf "3\r\n6\r\n" >expect &&
	test_cmp expect actual
'

test_expect_success JQ '--format json: one object a line, absent = null, numbers unquoted' '
	crm-ls --format json >json &&
	test_line_count = 6 json &&
	jq -c . json >actual &&
	cat >expect <<-\EOF &&
	{"id":1,"name":"Anna Berg","email":"anna@example.com","phone":null,"card":"1001","category":"vip","source":"fair","reason":"price","referred_by":null,"status":"active","created":"2025-01-05","note":null}
	{"id":2,"name":"Bertil Ek","email":null,"phone":null,"card":null,"category":"regular","source":"web","reason":null,"referred_by":1,"status":"active","created":"2025-02-10","note":null}
	{"id":3,"name":"anna-lisa Holm","email":null,"phone":null,"card":"1003","category":"vip","source":"fair","reason":null,"referred_by":1,"status":"lost","created":"2025-03-15","note":"moved"}
	{"id":4,"name":"Cesar","email":null,"phone":null,"card":null,"category":"employee","source":"radio","reason":null,"referred_by":2,"status":"active","created":"2025-03-15","note":null}
	{"id":5,"name":"Dana \"D\" Orr","email":null,"phone":null,"card":null,"category":"regular","source":null,"reason":null,"referred_by":null,"status":"active","created":"2025-06-30","note":null}
	{"id":6,"name":"Erik","email":null,"phone":null,"card":null,"category":"problem","source":"web","reason":null,"referred_by":4,"status":"lost","created":"2024-12-31","note":null}
	EOF
	test_cmp expect actual
'

test_expect_success JQ '--format json with --columns, and -H changes nothing' '
	crm-ls --format json --columns card,id --category vip >actual &&
	crm-ls --format json --columns card,id --category vip -H >actual2 &&
	test_cmp_nonempty actual actual2 &&
	jq -c . actual >norm &&
	cat >expect <<-\EOF &&
	{"card":"1001","id":1}
	{"card":"1003","id":3}
	EOF
	test_cmp expect norm
'

test_expect_success 'an empty listing in json and csv' '
	crm-ls --format json --category employee --status lost >actual &&
	test_must_be_empty actual &&
	crm-ls --format csv --columns id --category employee --status lost >actual &&
	printf "id\r\n" >expect &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# Standard input

test_expect_success 'without - the standard input is not read' '
	printf "1\n" >in &&
	crm-ls -H --columns id <in >actual &&
	printf "1\n2\n3\n4\n5\n6\n" >expect &&
	test_cmp expect actual &&
	crm-ls -H --columns id </dev/null >actual &&
	test_cmp expect actual
'

test_expect_success '- limits the listing to the ids read, in id order' '
	printf "5\n1\n3\n" | crm-ls -H --columns id,name - >actual &&
	printf "1\tAnna Berg\n3\tanna-lisa Holm\n5\tDana \"D\" Orr\n" >expect &&
	test_cmp expect actual
'

test_expect_success '- with a header takes the id column' '
	crm-ls --columns name,card,id --category vip >in &&
	crm-ls -H --columns id,status - <in >actual &&
	printf "1\tactive\n3\tlost\n" >expect &&
	test_cmp expect actual
'

test_expect_success '- combines with the filters' '
	printf "1\n2\n3\n" | crm-ls -H --columns id --status active - >actual &&
	printf "1\n2\n" >expect &&
	test_cmp expect actual
'

test_expect_success '- lists an id given twice once' '
	printf "2\n2\n" | crm-ls -H --columns id - >actual &&
	echo 2 >expect &&
	test_cmp expect actual
'

test_expect_success '- with empty input lists nobody' '
	crm-ls --columns id - </dev/null >actual &&
	echo id >expect &&
	test_cmp expect actual
'

test_expect_success '- with an unknown id is 66 with its line' '
	printf "1\n77\n" >in &&
	test_refused 66 "^crm-ls: line 2: .*77" crm-ls - <in
'

test_expect_success '- with a bad id is 65 with its line' '
	printf "id\n1\nxyz\n" >in &&
	test_refused 65 "^crm-ls: line 3: .*xyz" crm-ls - <in
'

# ---------------------------------------------------------------------------
# Output errors

test_expect_success DEV_FULL 'a full disk on stdout is 74 with a message' '
	test_must_fail_with 74 crm-ls >/dev/full 2>err &&
	test_stderr_matches "^crm-ls: " err &&
	test_one_line err &&
	test_must_fail_with 74 crm-ls --format json >/dev/full 2>err &&
	test_stderr_matches "^crm-ls: " err &&
	test_must_fail_with 74 crm-ls -H --columns id >/dev/full 2>err &&
	test_stderr_matches "^crm-ls: " err
'

test_expect_success DEV_FULL 'a full disk on a big listing is 74' '
	awk "BEGIN { print \"name\"; for (i = 0; i < 5000; i++) print \"Many \" i }" >many &&
	crm-add -q <many &&
	test_must_fail_with 74 crm-ls >/dev/full 2>err &&
	test_stderr_matches "^crm-ls: " err
'

# (on PostgreSQL a listing comes from a cursor a thousand rows at a time:
# this one takes several, each row once and in order)
test_expect_success 'a listing of thousands of customers has each once, in order' '
	awk "BEGIN { print \"name\"; for (i = 0; i < 2600; i++) print \"Row \" i }" >rows &&
	crm-add -q <rows &&
	crm-ls -H --columns id,name >all &&
	test_line_count -ge 2600 all &&
	cut -f1 all >ids &&
	sort -n -u ids >sorted &&
	test_cmp sorted ids &&
	grep -c "${TAB}Row " all >count &&
	echo 2600 >expect &&
	test_cmp expect count &&
	crm-ls -H --columns name --name "Row 2599" >last &&
	echo "Row 2599" >expect &&
	test_cmp expect last
'

test_expect_success 'a closed stdout is an error, not a crash' '
	test_must_fail crm-ls >&- 2>err &&
	test_stderr_matches "^crm-ls: " err
'

test_done
