#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='text in and out: CSV formula quoting, UTF-8 and control characters refused, byte-order marks'
. "$(dirname "$0")/lib.sh"

# Bytes the tests feed in, made with printf (octal: POSIX sh has no \x).
FF=$(printf '\377')              # never in UTF-8
ESC=$(printf '\033')
DEL=$(printf '\177')
OVERLONG=$(printf '\300\257')    # C0 AF, an overlong "/"
SURROGATE=$(printf '\355\240\200') # ED A0 80, U+D800
C1=$(printf '\302\233')          # C2 9B, U+009B, the 8-bit CSI
BOM=$(printf '\357\273\277')     # EF BB BF, U+FEFF

test_expect_success 'setup' '
	crm-init
'

# ---------------------------------------------------------------------------
# CSV: text that a spreadsheet would take for a formula gets a leading '

test_expect_success 'names beginning with = + - @ TAB CR are added' '
	crm-add -q --name "=HYPERLINK(\"http://x\")" &&
	crm-add -q --name "=cmd|'"'"' /C calc'"'"'!A0" &&
	crm-add -q --name "+1 555" &&
	crm-add -q --name=-5 &&
	crm-add -q --name "@SUM(A1)" &&
	crm-add -q --name "${TAB}Tab" &&
	crm-add -q --name "${CR}CR" &&
	crm-add -q --name "Plain -x=1" &&
	test "$(customer_count)" = 8
'

test_expect_success 'crm-ls --format csv quotes each of them with a leading '"'"'' '
	crm-ls --format csv --columns id,name,status >actual &&
	{
		printf "id,name,status\r\n" &&
		printf "1,\"'"'"'=HYPERLINK(\"\"http://x\"\")\",active\r\n" &&
		printf "2,'"'"'=cmd|'"'"' /C calc'"'"'!A0,active\r\n" &&
		printf "3,'"'"'+1 555,active\r\n" &&
		printf "4,'"'"'-5,active\r\n" &&
		printf "5,'"'"'@SUM(A1),active\r\n" &&
		printf "6,'"'"'\tTab,active\r\n" &&
		printf "7,\"'"'"'\rCR\",active\r\n" &&
		printf "8,Plain -x=1,active\r\n"
	} >expect &&
	test_cmp expect actual
'

test_expect_success 'TSV is unchanged: the names as they were given, escaped' '
	crm-ls -H --columns id,name >actual &&
	printf "%s\n" "1${TAB}=HYPERLINK(\"http://x\")" \
		"2${TAB}=cmd|'"'"' /C calc'"'"'!A0" "3${TAB}+1 555" "4${TAB}-5" \
		"5${TAB}@SUM(A1)" "6${TAB}\\tTab" "7${TAB}\\rCR" \
		"8${TAB}Plain -x=1" >expect &&
	test_cmp expect actual
'

test_expect_success JQ 'JSON is unchanged: the names come back exactly' '
	crm-ls --format json --columns name >json &&
	jq -j ".name, \"|\"" json >actual &&
	printf "%s|" "=HYPERLINK(\"http://x\")" "=cmd|'"'"' /C calc'"'"'!A0" \
		"+1 555" "-5" "@SUM(A1)" "${TAB}Tab" "${CR}CR" "Plain -x=1" >expect &&
	test_cmp expect actual
'

test_expect_success 'numbers are never quoted: a return without a cost makes net and uncosted negative' '
	crm-sale -q --date 2025-06-01 --ref R1 8 -5.50 &&
	echo 8 | crm-value --format csv - >actual &&
	printf "%s\r\n" "id,period,purchases,revenue,returns,net,cost,profit,uncosted" \
		"8,all,0,0.00,5.50,-5.50,0.00,0.00,-5.50" >expect &&
	test_cmp expect actual &&
	echo 8 | crm-value -H - >actual &&
	printf "8\tall\t0\t0.00\t5.50\t-5.50\t0.00\t0.00\t-5.50\n" >expect &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# Text in: valid UTF-8, no control characters but TAB, LF and CR

test_expect_success 'a 0xff byte in a name on stdin: 65, line and column, nothing written' '
	n=$(customer_count) &&
	printf "name\tnote\nGood\t\nBad${FF}\tx\n" >in.tsv &&
	test_refused 65 "^crm-add: line 3: column name: invalid UTF-8 at byte 4 \\(0xff\\)" \
		crm-add <in.tsv &&
	test "$(customer_count)" = "$n"
'

test_expect_success 'the same in --name: 65, naming the option' '
	n=$(customer_count) &&
	test_refused 65 "^crm-add: --name: invalid UTF-8 at byte 4 \\(0xff\\)" \
		crm-add --name "Bad${FF}" &&
	test "$(customer_count)" = "$n"
'

test_expect_success 'ESC in a name: 65, on stdin and in --name' '
	printf "name\nRed${ESC}[31m\n" >in.tsv &&
	test_refused 65 "^crm-add: line 2: column name: control character U\\+001B at byte 4" \
		crm-add <in.tsv &&
	test_refused 65 "^crm-add: --name: control character U\\+001B" \
		crm-add --name "${ESC}]0;owned${ESC}\\\\"
'

test_expect_success 'DEL and a C1 control are control characters: 65' '
	printf "name\nx${DEL}\n" >in.tsv &&
	test_refused 65 "^crm-add: line 2: column name: control character U\\+007F" \
		crm-add <in.tsv &&
	printf "name\nx${C1}31m\n" >in.tsv &&
	test_refused 65 "^crm-add: line 2: column name: control character U\\+009B" \
		crm-add <in.tsv &&
	test_refused 65 "^crm-add: --email: control character U\\+007F" \
		crm-add --name ok --email "a${DEL}@example.com"
'

test_expect_success 'a backslash before a control character does not hide it' '
	printf "name\nx\\\\\001\n" >in.tsv &&
	test_refused 65 "^crm-add: line 2: column name: control character U\\+0001" \
		crm-add <in.tsv
'

test_expect_success 'an overlong sequence (C0 AF) and a surrogate (ED A0 80): 65' '
	printf "name\nslash${OVERLONG}\n" >in.tsv &&
	test_refused 65 "^crm-add: line 2: column name: invalid UTF-8 at byte 6 \\(0xc0\\)" \
		crm-add <in.tsv &&
	printf "name\tnote\nok\tsur${SURROGATE}\n" >in.tsv &&
	test_refused 65 "^crm-add: line 2: column note: invalid UTF-8 at byte 4 \\(0xed\\)" \
		crm-add <in.tsv &&
	test_refused 65 "^crm-add: --note: invalid UTF-8" \
		crm-add --name ok --note "${SURROGATE}"
'

test_expect_success 'a bad line after good ones writes none of them, --keep-going or not' '
	n=$(customer_count) &&
	printf "name\nA1\nA2\nBad${FF}\nA3\n" >in.tsv &&
	test_refused 65 "^crm-add: line 4: column name: invalid UTF-8" \
		crm-add <in.tsv &&
	test_refused 65 "^crm-add: line 4: column name: invalid UTF-8" \
		crm-add --keep-going <in.tsv &&
	test "$(customer_count)" = "$n"
'

test_expect_success 'a bad header line is refused before its columns are known' '
	printf "name\tno${FF}te\nx\ty\n" >in.tsv &&
	test_refused 65 "^crm-add: line 1: field 2: invalid UTF-8" crm-add <in.tsv
'

test_expect_success 'the text options of the other writers are checked too' '
	test_refused 65 "^crm-edit: --name: invalid UTF-8" crm-edit --name "x${FF}" 1 &&
	test_refused 65 "^crm-edit: --source: control character U\\+001B" \
		crm-edit --source "${ESC}" 1 &&
	test_refused 65 "^crm-note: --text: control character U\\+001B" \
		crm-note --text "hi${ESC}[2J" 1 &&
	test_refused 65 "^crm-thank: --how: invalid UTF-8" \
		crm-thank --how "card${FF}" 1 &&
	test_refused 65 "^crm-thank: --note: control character U\\+007F" \
		crm-thank --how card --note "${DEL}" 1 &&
	test_refused 65 "^crm-lost: --reason: invalid UTF-8" \
		crm-lost --reason "${OVERLONG}" 1 &&
	test_refused 65 "^crm-categorize: --define: invalid UTF-8" \
		crm-categorize --define "gold${FF}" &&
	test_refused 65 "^crm-categorize: --description: control character" \
		crm-categorize --define gold --description "${ESC}" &&
	test_refused 65 "^crm-categorize: --note: control character" \
		crm-categorize vip --note "${C1}" 1 &&
	test_refused 65 "^crm-categorize: --rename: invalid UTF-8" \
		crm-categorize --rename vip "v${FF}" &&
	test_refused 65 "^crm-sale: --item: invalid UTF-8" \
		crm-sale --item "tea${FF}" 1 5 &&
	test_refused 65 "^crm-sale: --ref: control character U\\+001B" \
		crm-sale --ref "${ESC}" 1 5 &&
	test_refused 65 "^crm-sale: --reason: invalid UTF-8" \
		crm-sale --returns R1 --reason "${SURROGATE}" 8 -1
'

test_expect_success 'crm-sale on stdin: a bad item is refused with its line' '
	printf "customer\tdate\tamount\titem\n1\t2025-06-01\t5\ttea\n1\t2025-06-02\t5\tt${ESC}a\n" >in.tsv &&
	test_refused 65 "^crm-sale: line 3: column item: control character U\\+001B" \
		crm-sale <in.tsv
'

test_expect_success 'crm-categorize --load: a control character in a YAML escape is refused' '
	printf "categories:\n  \"gold\\\\e\":\n    discount: 5\n" >cats.yaml &&
	test_refused 65 "^crm-categorize: cats.yaml: category 1: control character U\\+001B" \
		crm-categorize --load cats.yaml
'

test_expect_success 'ids on stdin are text too: a bad byte is 65 with its line' '
	printf "1\n2${FF}\n" >ids &&
	test_refused 65 "^crm-lost: line 2: field 1: invalid UTF-8" \
		crm-lost --reason price <ids
'

# ---------------------------------------------------------------------------
# What is text: multibyte UTF-8, TAB LF CR escaped, U+FEFF

test_expect_success 'multibyte UTF-8 is accepted: umlaut, Gujarati, CJK, emoji' '
	printf "id\tname\tnote\n" >in.tsv &&
	printf "21\tM\303\274ller\t\n" >>in.tsv &&
	printf "22\t\340\252\227\340\253\201\340\252\234\340\252\260\340\252\276\340\252\244\t\n" >>in.tsv &&
	printf "23\t\344\270\255\346\226\207\t\360\237\230\200\n" >>in.tsv &&
	crm-add -q <in.tsv &&
	crm-add -q --id 24 --name "Zo$(printf "\303\253") $(printf "\360\237\216\211")" &&
	crm-ls -H --columns id,name,note --format tsv >all &&
	grep "^2[1-4]${TAB}" all >actual &&
	{ tail -n +2 in.tsv && printf "24\tZo\303\253 \360\237\216\211\t\n"; } >expect &&
	test_cmp expect actual &&
	crm-show 22 >/dev/null
'

test_expect_success 'TAB, LF and CR written escaped in TSV are accepted and round-trip' '
	printf "id\tname\tnote\n31\tTab\\\\there\tone\\\\ntwo\\\\rthree\n" >in.tsv &&
	crm-add -q <in.tsv &&
	echo 31 | crm-ls -H --columns id,name,note - >actual &&
	tail -n 1 in.tsv >expect &&
	test_cmp expect actual &&
	crm-ls --columns name,note - <actual >again &&
	printf "name\tnote\nTab\\\\there\tone\\\\ntwo\\\\rthree\n" >expect &&
	test_cmp expect again
'

test_expect_success 'a byte-order mark at the start of crm-add input is skipped' '
	printf "${BOM}id\tname\n41\tBom\n" >in.tsv &&
	crm-add <in.tsv >out &&
	echo 41 >expect &&
	test_cmp expect out &&
	echo 41 | crm-ls -H --columns name - >actual &&
	echo Bom >expect &&
	test_cmp expect actual
'

test_expect_success 'a byte-order mark at the start of crm-sale input is skipped' '
	printf "${BOM}customer\tdate\tamount\tref\n41\t2025-06-02\t7.00\tBOM1\n" >in.tsv &&
	crm-sale -q <in.tsv &&
	echo 41 | crm-value -H - >actual &&
	printf "41\tall\t1\t7.00\t0.00\t7.00\t0.00\t0.00\t7.00\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'a byte-order mark anywhere else is U+FEFF, text like any other' '
	printf "id\tname\n${BOM}42\tx\n" >in.tsv &&
	test_refused 65 "^crm-add: line 2: " crm-add <in.tsv &&
	printf "name\n${BOM}Lead\nMid${BOM}dle\n" >in.tsv &&
	crm-add <in.tsv >ids &&
	crm-ls -H --columns name - <ids >actual &&
	printf "${BOM}Lead\nMid${BOM}dle\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'only one mark is skipped: a second one starts the column name' '
	printf "${BOM}${BOM}name\nx\n" >in.tsv &&
	test_refused 65 "^crm-add: line 1: unknown column" crm-add <in.tsv
'

test_expect_success JQ 'after all this, crm-ls --format json is valid JSON, line by line' '
	crm-ls --format json >json &&
	test "$(wc -l <json)" = "$(customer_count)" &&
	while IFS= read -r line; do
		printf "%s\n" "$line" | jq -e . >/dev/null || return 1
	done <json
'

test_expect_success 'and crm-show prints every customer' '
	crm-ls -H --columns id >ids &&
	while read -r id; do
		crm-show "$id" >/dev/null || return 1
	done <ids
'

test_expect_success SQLITE3,SQLITE_DB 'a byte stored by other hands: U+FFFD in crm-show and in JSON' '
	id=$(crm-add --name Stored) &&
	sqlite3 "$CRM_DB" "UPDATE customer SET name = CAST(X'"'"'4261642fff'"'"' AS TEXT) WHERE id = $id" &&
	crm-show "$id" >show &&
	grep "^name: Bad/$(printf "\357\277\275")\$" show &&
	echo "$id" | crm-ls --format json --columns name - >actual &&
	printf "%s\n" "{\"name\":\"Bad/\\ufffd\"}" >expect &&
	test_cmp expect actual
'

test_done
