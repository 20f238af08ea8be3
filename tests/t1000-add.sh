#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm-add: option form, bulk TSV form, --update, -n, -q, --keep-going, bad input, odd names'
. "$(dirname "$0")/lib.sh"

HEADER='id|name|email|phone|card|category|source|reason|referred_by|status|created|note'

test_expect_success 'setup' '
	crm-init
'

# ---------------------------------------------------------------------------
# Option form

test_expect_success 'the option form prints the new id' '
	crm-add --name "Anna Berg" --card 400012345678 --category vip --source fair >out 2>err &&
	echo 1 >expect &&
	test_cmp expect out &&
	test_must_be_empty err
'

test_expect_success 'every field can be given as an option' '
	crm-add --name "Bo Ek" --email bo@example.com --phone "+46 70 123" \
		--card 000123 --category employee --source web --reason price \
		--referred-by 1 --note "likes tea" --created 2024-02-29 >out &&
	echo 2 >expect &&
	test_cmp expect out
'

test_expect_success 'crm-ls shows them; created defaults to today, status to active, cards keep leading zeros' '
	tsv expect <<-EOF &&
	$HEADER
	1|Anna Berg|||400012345678|vip|fair|||active|2025-06-30|
	2|Bo Ek|bo@example.com|+46 70 123|000123|employee|web|price|1|active|2024-02-29|likes tea
	EOF
	crm-ls >actual &&
	test_cmp expect actual
'

test_expect_success '--id keeps the given id; the next id follows the highest' '
	crm-add --name Cid --id 10 >out &&
	echo 10 >expect &&
	test_cmp expect out &&
	crm-add --name Dan >out &&
	echo 11 >expect &&
	test_cmp expect out
'

test_expect_success 'cards are text: 0012 and 12 are different cards' '
	crm-init --db cards.db &&
	crm-add --db cards.db --name A --card 0012 >/dev/null &&
	crm-add --db cards.db --name B --card 12 >/dev/null &&
	crm-add --db cards.db --name C --card 012 >/dev/null &&
	crm-ls --db cards.db -H --columns card >actual &&
	printf "0012\n12\n012\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'the option form with -n writes nothing' '
	db_snapshot before &&
	crm-add -n --name Nobody --card 999 >out 2>err &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success 'the option form checks even with -n' '
	test_refused 66 "^crm-add: .*nope" crm-add -n --name Nobody --category nope
'

# ---------------------------------------------------------------------------
# Bulk form

test_expect_success 'bulk form: header in any order, one id printed per line' '
	tsv in <<-\EOF &&
	card|category|name|source
	5001|vip|Carl|fair
	|regular|Dora|
	5003||Eve|web
	EOF
	crm-add <in >out 2>err &&
	printf "12\n13\n14\n" >expect &&
	test_cmp expect out &&
	test_must_be_empty err &&
	tsv expect <<-\EOF &&
	id|name|card|category|source
	12|Carl|5001|vip|fair
	13|Dora||regular|
	14|Eve|5003|regular|web
	EOF
	crm-ls --columns id,name,card,category,source - <out >actual &&
	test_cmp expect actual
'

test_expect_success 'bulk form: an id column keeps the ids, in input order' '
	tsv in <<-\EOF &&
	name|id
	Fay|100
	Gus|50
	EOF
	crm-add <in >out &&
	printf "100\n50\n" >expect &&
	test_cmp expect out &&
	crm-ls -H --columns id,name >actual &&
	tsv expect <<-\EOF &&
	1|Anna Berg
	2|Bo Ek
	10|Cid
	11|Dan
	12|Carl
	13|Dora
	14|Eve
	50|Gus
	100|Fay
	EOF
	test_cmp expect actual
'

test_expect_success 'bulk form: a referrer may be an earlier row of the same input' '
	tsv in <<-\EOF &&
	id|name|referred_by
	200|Hal|
	201|Ivy|200
	202|Jan|1
	EOF
	crm-add <in >out &&
	printf "200\n201\n202\n" >expect &&
	test_cmp expect out &&
	crm-ls --referred-by 200 -H --columns id >actual &&
	echo 201 >expect &&
	test_cmp expect actual
'

test_expect_success 'bulk form: every column can be given' '
	tsv in <<-\EOF &&
	note|created|status|reason|referred_by|source|category|card|phone|email|name|id
	gone south|2020-01-31|lost|friend|2|radio|problem|777|555|jo@example.com|Jo|300
	EOF
	crm-add <in >out &&
	echo 300 >expect &&
	test_cmp expect out &&
	tsv expect <<-EOF &&
	$HEADER
	300|Jo|jo@example.com|555|777|problem|radio|friend|2|lost|2020-01-31|gone south
	EOF
	echo 300 | crm-ls - >actual &&
	test_cmp expect actual
'

test_expect_success 'bulk form: CRLF line ends are accepted and the CR dropped' '
	printf "name\tcard\r\nKai\t8001\r\nLea\t8002\r\n" >in &&
	crm-add <in >out &&
	printf "301\n302\n" >expect &&
	test_cmp expect out &&
	crm-ls -H --columns name,card - <out >actual &&
	printf "Kai\t8001\nLea\t8002\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'bulk form: a last line without a newline is read' '
	printf "name\nMia" >in &&
	crm-add <in >out &&
	echo 303 >expect &&
	test_cmp expect out
'

test_expect_success 'bulk form: -q prints nothing and writes' '
	printf "name\nNed\nOla\n" >in &&
	crm-add -q <in >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err &&
	crm-ls -H --columns id,name --name "Ned" >actual &&
	printf "304\tNed\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'bulk form: -n writes nothing (and --dry-run is the same)' '
	printf "name\tcard\nPia\t8100\nQuin\t8101\n" >in &&
	db_snapshot before &&
	crm-add -n <in >out &&
	crm-add --dry-run <in >out2 &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success 'bulk form: empty input and a lone header add nothing' '
	db_snapshot before &&
	crm-add </dev/null >out 2>err &&
	test_must_be_empty out &&
	printf "name\tcard\n" >in &&
	crm-add <in >out &&
	test_must_be_empty out &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success 'crm-add output feeds crm-ls -' '
	printf "name\nRon\nSif\n" >in &&
	crm-add <in >ids &&
	crm-ls -H --columns name - <ids >actual &&
	printf "Ron\nSif\n" >expect &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# --update

test_expect_success '--update updates customers matched by card, adds the others' '
	tsv in <<-\EOF &&
	card|name|phone|email|source
	5001|Carl Larsson|0701||
	9999|Tor|||shop
	EOF
	crm-add --update <in >out &&
	printf "12\n308\n" >expect &&
	test_cmp expect out &&
	tsv expect <<-\EOF &&
	id|name|email|phone|card|category|source
	12|Carl Larsson||0701|5001|vip|fair
	308|Tor|||9999|regular|shop
	EOF
	printf "12\n308\n" | crm-ls --columns id,name,email,phone,card,category,source - >actual &&
	test_cmp expect actual
'

test_expect_success '--update matches by e-mail when no card is given; empty fields leave values' '
	tsv in <<-\EOF &&
	email|name|note|phone
	bo@example.com|Bo Ek|prefers e-mail|
	EOF
	crm-add --update <in >out &&
	echo 2 >expect &&
	test_cmp expect out &&
	echo 2 | crm-ls -H --columns name,phone,card,note - >actual &&
	printf "Bo Ek\t+46 70 123\t000123\tprefers e-mail\n" >expect &&
	test_cmp expect actual
'

test_expect_success '--update refuses to give a customer the e-mail of another' '
	tsv in <<-\EOF &&
	card|name|email
	5001|Carl|bo@example.com
	EOF
	test_refused 65 "^crm-add: line 2: .*bo@example\.com" crm-add --update <in
'

test_expect_success '--update -n writes nothing' '
	printf "card\tname\n5001\tChanged\n" >in &&
	db_snapshot before &&
	crm-add --update -n <in >out &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success 'without --update a known card is refused' '
	printf "card\tname\n5001\tCarl again\n" >in &&
	test_refused 65 "^crm-add: line 2: .*5001" crm-add <in
'

# ---------------------------------------------------------------------------
# --keep-going

test_expect_success '--keep-going writes the good rows, reports the bad ones, exits 65' '
	crm-init --db kg.db &&
	tsv in <<-\EOF &&
	name|card
	Good1|7001
	|7002
	Good2|7001
	Good3|7004
	EOF
	test_must_fail_with 65 crm-add --db kg.db --keep-going <in >out 2>err &&
	printf "1\n2\n" >expect &&
	test_cmp expect out &&
	grep "^crm-add: line " err >errlines &&
	test_line_count = 2 errlines &&
	sed -n 1p err >err1 &&
	sed -n 2p err >err2 &&
	test_stderr_matches "^crm-add: line 3: .*name" err1 &&
	test_stderr_matches "^crm-add: line 4: .*7001" err2 &&
	crm-ls --db kg.db -H --columns id,name,card >actual &&
	printf "1\tGood1\t7001\n2\tGood3\t7004\n" >expect &&
	test_cmp expect actual
'

test_expect_success '--keep-going with only good rows exits 0' '
	printf "name\nH1\nH2\n" >in &&
	crm-add --db kg.db --keep-going <in >out &&
	test_line_count = 2 out
'

# ---------------------------------------------------------------------------
# Bad input: status, message with the line number, database unchanged

test_expect_success 'setup a database for bad input' '
	CRM_DB=$TRASH/bad.db &&
	crm-init &&
	crm-add --name Ann --card 1111 --email ann@example.com --category vip >/dev/null &&
	crm-add --name Ben --card 2222 --email ben@example.com --referred-by 1 >/dev/null &&
	crm-add --name Cy >/dev/null &&
	crm-categorize vip 3 >/dev/null
'

test_expect_success 'an unknown TSV column is 65 on line 1, naming it' '
	printf "name\tcolour\nX\tred\n" >in &&
	test_refused 65 "^crm-add: line 1: .*colour" crm-add <in
'

test_expect_success 'a repeated TSV column is 65 on line 1' '
	printf "name\tcard\tname\nX\t1\tY\n" >in &&
	test_refused 65 "^crm-add: line 1: .*name" crm-add <in
'

test_expect_success 'a header without a name column is refused' '
	printf "card\temail\n3333\tx@example.com\n" >in &&
	test_refused 65 "^crm-add: line [12]: .*name" crm-add <in
'

test_expect_success 'a missing name is 65 with its line; nothing is written' '
	tsv in <<-\EOF &&
	name|card
	Dee|3001
	Eli|3002
	|3003
	Fox|3004
	EOF
	test_refused 65 "^crm-add: line 4: .*name" crm-add <in
'

test_expect_success 'a missing name in the option form is 64' '
	test_refused 64 "^crm-add: .*name" crm-add --name ""
'

test_expect_success 'a card already in the database is 65, naming it' '
	printf "name\tcard\nDee\t3001\nEve\t2222\n" >in &&
	test_refused 65 "^crm-add: line 3: .*2222" crm-add <in &&
	test_refused 65 "^crm-add: .*2222" crm-add --name Eve --card 2222
'

test_expect_success 'a card twice in one input is 65 on the second line' '
	printf "name\tcard\nDee\t3001\nEve\t3002\nFay\t3001\n" >in &&
	test_refused 65 "^crm-add: line 4: .*3001" crm-add <in
'

test_expect_success 'an e-mail already in the database is 65, naming it' '
	printf "name\temail\nDee\tdee@example.com\nEve\tann@example.com\n" >in &&
	test_refused 65 "^crm-add: line 3: .*ann@example\.com" crm-add <in &&
	test_refused 65 "^crm-add: .*ann@example\.com" crm-add --name Eve --email ann@example.com
'

test_expect_success 'an e-mail twice in one input is 65 on the second line' '
	printf "email\tname\nd@example.com\tDee\ne@example.com\tEve\nd@example.com\tFay\n" >in &&
	test_refused 65 "^crm-add: line 4: .*d@example\.com" crm-add <in
'

test_expect_success 'an unknown category is 66, on stdin with its line' '
	printf "name\tcategory\nDee\tvip\nEve\tgold\n" >in &&
	test_refused 66 "^crm-add: line 3: .*gold" crm-add <in &&
	test_refused 66 "^crm-add: .*gold" crm-add --name Eve --category gold
'

test_expect_success 'an unknown referrer is 66, on stdin with its line' '
	printf "name\treferred_by\nDee\t1\nEve\t999\n" >in &&
	test_refused 66 "^crm-add: line 3: .*999" crm-add <in &&
	test_refused 66 "^crm-add: .*999" crm-add --name Eve --referred-by 999
'

test_expect_success 'a referrer must come earlier in the input' '
	printf "id\tname\treferred_by\n50\tDee\t51\n51\tEve\t\n" >in &&
	test_refused 66 "^crm-add: line 2: .*51" crm-add <in
'

test_expect_success 'a customer referring to itself is 65' '
	printf "id\tname\treferred_by\n60\tDee\t60\n" >in &&
	test_refused 65 "^crm-add: line 2: " crm-add <in &&
	test_refused 65 "^crm-add: " crm-add --id 60 --name Dee --referred-by 60
'

test_expect_success 'an id already taken is 65' '
	printf "id\tname\n70\tDee\n2\tEve\n" >in &&
	test_refused 65 "^crm-add: line 3: .*2" crm-add <in &&
	test_refused 65 "^crm-add: .*2" crm-add --id 2 --name Eve
'

test_expect_success 'an id twice in one input is 65 on the second line' '
	printf "id\tname\n70\tDee\n71\tEve\n70\tFay\n" >in &&
	test_refused 65 "^crm-add: line 4: .*70" crm-add <in
'

for bad in abc 0 -1 1.5 12x " 7" 99999999999999999999999
do
	test_expect_success "a bad id '$bad' is 65 on stdin and 64 as an option" '
		printf "id\tname\n80\tDee\n%s\tEve\n" "$bad" >in &&
		test_refused 65 "^crm-add: line 3: " crm-add <in &&
		test_refused 64 "^crm-add: .*id" crm-add --id "$bad" --name Eve
	'
done

for bad in abc 0 -3 2x
do
	test_expect_success "a bad referrer id '$bad' is 65 on stdin and 64 as an option" '
		printf "name\treferred_by\nDee\t1\nEve\t%s\n" "$bad" >in &&
		test_refused 65 "^crm-add: line 3: " crm-add <in &&
		test_refused 64 "^crm-add: .*referred-by" crm-add --name Eve --referred-by "$bad"
	'
done

for bad in 2025-02-30 2025-13-01 25-1-1 2025-1-1 2025-00-10 2025-04-31 2023-02-29 \
	1900-02-29 2025-06-30x 20250630 today
do
	test_expect_success "a bad date '$bad' is 65 on stdin and 64 as an option, naming it" '
		printf "name\tcreated\nDee\t2025-01-01\nEve\t%s\n" "$bad" >in &&
		test_refused 65 "^crm-add: line 3: .*$bad" crm-add <in &&
		test_refused 64 "^crm-add: .*$bad" crm-add --name Eve --created "$bad"
	'
done

test_expect_success 'calendar dates that exist are accepted' '
	crm-init --db dates.db &&
	printf "name\tcreated\nA\t2024-02-29\nB\t2000-02-29\nC\t1999-12-31\nD\t2025-12-31\n" >in &&
	crm-add --db dates.db <in >/dev/null &&
	crm-ls --db dates.db -H --columns created >actual &&
	printf "2024-02-29\n2000-02-29\n1999-12-31\n2025-12-31\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'a bad status is 65' '
	printf "name\tstatus\nDee\tactive\nEve\tgone\n" >in &&
	test_refused 65 "^crm-add: line 3: .*gone" crm-add <in
'

test_expect_success 'a row with more fields than the header is 65' '
	printf "name\tcard\nDee\t3001\nEve\t3002\textra\n" >in &&
	test_refused 65 "^crm-add: line 3: " crm-add <in
'

test_expect_success 'the line number counts physical lines, header = line 1' '
	printf "name\tnote\nA\tone\\\\nline\nB\tx\n\tmissing name\n" >in &&
	test_refused 65 "^crm-add: line 4: " crm-add <in
'

test_expect_success 'the bad row is found after many good ones; nothing is written' '
	awk "BEGIN { print \"name\tcard\"; for (i = 1; i <= 2000; i++) print \"N\" i \"\t\" 90000 + i; print \"Late\t2222\" }" >in &&
	test_refused 65 "^crm-add: line 2002: .*2222" crm-add <in &&
	if test -s out
	then
		echo "stdout has $(wc -l <out) ids of customers that were not written"
		false
	fi
'

test_expect_success '-n reports the same errors' '
	printf "name\tcard\nDee\t2222\n" >in &&
	test_refused 65 "^crm-add: line 2: .*2222" crm-add -n <in
'

test_expect_success 'bad options are 64' '
	test_refused 64 "^crm-add: " crm-add --name X --bogus &&
	test_refused 64 "^crm-add: " crm-add --name X --id &&
	test_refused 64 "^crm-add: " crm-add --name X --format yaml
'

# ---------------------------------------------------------------------------
# Odd names are stored exactly and listed escaped, one row per customer

test_expect_success 'setup names' '
	CRM_DB=$TRASH/names.db &&
	crm-init &&
	long=$(awk "BEGIN { for (i = 0; i < 1024; i++) printf \"abcdefghij\" }") &&
	test ${#long} = 10240 &&
	for name in "a${TAB}b" "line1${LF}line2" "cr${CR}here" "back\\slash" \
		"C:\\new" "\"double\" and '"'"'single'"'"'" \
		"'"'"'); DROP TABLE customer;--" "Zoë Ångström 東京 🎉" \
		"  padded  " "$long" "end\\"
	do
		crm-add --name "$name" >>names.ids || return 1
	done &&
	test_line_count = 11 names.ids
'

test_expect_success 'crm-ls escapes TAB, LF, CR and backslash: one row per customer' '
	cat >expect <<-\EOF &&
	id	name
	1	a\tb
	2	line1\nline2
	3	cr\rhere
	4	back\\slash
	5	C:\\new
	6	"double" and '"'"'single'"'"'
	7	'"'"'); DROP TABLE customer;--
	8	Zoë Ångström 東京 🎉
	9	  padded  
	EOF
	printf "10\t%s\n" "$long" >>expect &&
	printf "11\tend\\\\\\\\\n" >>expect &&
	crm-ls --columns id,name >actual &&
	test_cmp expect actual
'

test_expect_success 'the customer table survived the name that tries SQL injection' '
	test "$(customer_count)" = 11
'

test_expect_success JQ '--format json parses with jq and gives the names back exactly' '
	crm-ls --format json >json &&
	test_line_count = 11 json &&
	jq -e . json >/dev/null &&
	jq -c .name json >actual &&
	cat >expect <<-\EOF &&
	"a\tb"
	"line1\nline2"
	"cr\rhere"
	"back\\slash"
	"C:\\new"
	"\"double\" and '"'"'single'"'"'"
	"'"'"'); DROP TABLE customer;--"
	"Zoë Ångström 東京 🎉"
	"  padded  "
	EOF
	printf "\"%s\"\n" "$long" >>expect &&
	printf "\"end\\\\\\\\\"\n" >>expect &&
	test_cmp expect actual &&
	jq -j ".name, \"|\"" json >actual &&
	printf "%s|" "a${TAB}b" "line1${LF}line2" "cr${CR}here" "back\\slash" \
		"C:\\new" "\"double\" and '"'"'single'"'"'" \
		"'"'"'); DROP TABLE customer;--" "Zoë Ångström 東京 🎉" \
		"  padded  " "$long" "end\\" >expect &&
	test_cmp expect actual
'

test_expect_success 'the escaped listing reads back in as the same names' '
	crm-ls --columns name >names.tsv &&
	crm-init --db copy.db &&
	crm-add --db copy.db <names.tsv >/dev/null &&
	crm-ls --db copy.db --columns id,name >actual &&
	crm-ls --columns id,name >expect &&
	test_cmp_nonempty expect actual
'

test_expect_success 'escapes are decoded on input; other backslashes are kept as they are' '
	crm-init --db esc.db &&
	printf "name\tnote\n%s\t%s\n%s\t%s\n%s\t%s\n" \
		"tab\\there" "nl\\nhere" \
		"C:\\dir\\x" "lone\\" \
		"mid${CR}dle" "\\\\n" >in &&
	crm-add --db esc.db <in >/dev/null &&
	crm-ls --db esc.db -H --columns name,note >actual &&
	printf "%s\t%s\n" "tab\\there" "nl\\nhere" "C:\\\\dir\\\\x" "lone\\\\" \
		"mid\\rdle" "\\\\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'csv quotes fields with comma, quote, CR or LF and ends lines with CRLF' '
	crm-ls --format csv --columns id,name >actual &&
	{
		printf "id,name\r\n" &&
		printf "1,a\tb\r\n" &&
		printf "2,\"line1\nline2\"\r\n" &&
		printf "3,\"cr\rhere\"\r\n" &&
		printf "4,back\\\\slash\r\n" &&
		printf "5,C:\\\\new\r\n" &&
		printf "6,\"\"\"double\"\" and '"'"'single'"'"'\"\r\n" &&
		printf "7,'"'"'); DROP TABLE customer;--\r\n" &&
		printf "8,Zoë Ångström 東京 🎉\r\n" &&
		printf "9,  padded  \r\n" &&
		printf "10,%s\r\n" "$long" &&
		printf "11,end\\\\\r\n"
	} >expect &&
	test_cmp expect actual
'

test_expect_success 'a name with a comma is quoted in csv' '
	crm-init --db csv.db &&
	crm-add --db csv.db --name "Berg, Anna" >/dev/null &&
	crm-ls --db csv.db --format csv --columns id,name -H >actual &&
	printf "1,\"Berg, Anna\"\r\n" >expect &&
	test_cmp expect actual
'

test_done
