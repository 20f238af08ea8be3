#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm-note: adding notes, --open, --resolve, --summary, --list; returns with a reason'
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup' '
	crm-init &&
	tsv in <<-\EOF &&
	name|category|card|email
	Anna|vip||
	Bert||2002|bert@example.com
	Cleo||3003|
	EOF
	crm-add <in >ids &&
	printf "1\n2\n3\n" >expect &&
	test_cmp expect ids
'

test_expect_success 'a note prints its id' '
	crm-note 1 --kind complaint --text "cold coffee" --date 2025-03-10 >out 2>err &&
	echo 1 >expect &&
	test_cmp expect out &&
	test_must_be_empty err &&
	crm-note 2 --kind complaint --text "rude staff" --date 2025-02-01 >out &&
	echo 2 >expect &&
	test_cmp expect out &&
	crm-note 1 --kind praise --text "great cake" --date 2025-04-02 >out &&
	echo 3 >expect &&
	test_cmp expect out
'

test_expect_success 'several customers from stdin: one note each, one id a line' '
	printf "1\n2\n3\n" | crm-note --kind survey --score 4 --date 2025-04-15 >out &&
	printf "4\n5\n6\n" >expect &&
	test_cmp expect out
'

test_expect_success 'more notes: the default kind is note; --key email' '
	crm-note 2 --kind survey --score 2 --date 2025-05-20 >out &&
	crm-note 3 --kind call --text "asked about cards" --date 2025-05-21 >>out &&
	crm-note 3 --text "prefers e-mail" --date 2025-06-01 >>out &&
	crm-note 3 --kind complaint --text "wrong change" --date 2025-06-20 >>out &&
	crm-note --key email bert@example.com --kind survey --score 5 \
		--date 2025-06-25 >>out &&
	printf "7\n8\n9\n10\n11\n" >expect &&
	test_cmp expect out
'

test_expect_success '--list ID lists one customer, by date' '
	tsv expect <<-\EOF &&
	note|id|name|date|kind|score|text|resolved|staff
	2|2|Bert|2025-02-01|complaint||rude staff||
	5|2|Bert|2025-04-15|survey|4|||
	7|2|Bert|2025-05-20|survey|2|||
	11|2|Bert|2025-06-25|survey|5|||
	EOF
	crm-note --list 2 >actual &&
	test_cmp expect actual &&
	crm-note --list --key card 2002 >actual &&
	test_cmp expect actual
'

test_expect_success '--list without ID lists everyone, by date then note id' '
	tsv expect <<-\EOF &&
	2|2|Bert|2025-02-01|complaint||rude staff||
	1|1|Anna|2025-03-10|complaint||cold coffee||
	3|1|Anna|2025-04-02|praise||great cake||
	4|1|Anna|2025-04-15|survey|4|||
	5|2|Bert|2025-04-15|survey|4|||
	6|3|Cleo|2025-04-15|survey|4|||
	7|2|Bert|2025-05-20|survey|2|||
	8|3|Cleo|2025-05-21|call||asked about cards||
	9|3|Cleo|2025-06-01|note||prefers e-mail||
	10|3|Cleo|2025-06-20|complaint||wrong change||
	11|2|Bert|2025-06-25|survey|5|||
	EOF
	crm-note --list -H >actual &&
	test_cmp expect actual
'

test_expect_success '--open lists unresolved complaints, oldest first, with their age' '
	tsv expect <<-\EOF &&
	note|id|name|date|kind|text|age_days
	2|2|Bert|2025-02-01|complaint|rude staff|149
	1|1|Anna|2025-03-10|complaint|cold coffee|112
	10|3|Cleo|2025-06-20|complaint|wrong change|10
	EOF
	crm-note --open >actual &&
	test_cmp expect actual
'

test_expect_success '--resolve marks a complaint resolved, silently' '
	crm-note --resolve 2 --date 2025-04-01 >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err &&
	tsv expect <<-\EOF &&
	1|1|Anna|2025-03-10|complaint|cold coffee|112
	10|3|Cleo|2025-06-20|complaint|wrong change|10
	EOF
	crm-note --open -H >actual &&
	test_cmp expect actual
'

test_expect_success '--open --as-of: later complaints left out, later resolutions ignored' '
	tsv expect <<-\EOF &&
	2|2|Bert|2025-02-01|complaint|rude staff|58
	1|1|Anna|2025-03-10|complaint|cold coffee|21
	EOF
	crm-note --open -H --as-of 2025-03-31 >actual &&
	test_cmp expect actual &&
	echo "1${TAB}1${TAB}Anna${TAB}2025-03-10${TAB}complaint${TAB}cold coffee${TAB}22" >expect &&
	crm-note --open -H --as-of 2025-04-01 >actual &&
	test_cmp expect actual
'

test_expect_success '--list shows the resolution date, as of --as-of' '
	echo "2${TAB}2${TAB}Bert${TAB}2025-02-01${TAB}complaint${TAB}${TAB}rude staff${TAB}2025-04-01${TAB}" >expect &&
	crm-note --list -H 2 --as-of 2025-04-01 >actual &&
	test_cmp expect actual &&
	echo "2${TAB}2${TAB}Bert${TAB}2025-02-01${TAB}complaint${TAB}${TAB}rude staff${TAB}${TAB}" >expect &&
	crm-note --list -H 2 --as-of 2025-03-31 >actual &&
	test_cmp expect actual
'

test_expect_success 'resolving a note that is not a complaint is 65' '
	test_refused 65 "^crm-note: note 3 .*not a complaint" crm-note --resolve 3 &&
	test_refused 65 "^crm-note: note 4 .*not a complaint" crm-note --resolve 4
'

test_expect_success 'resolving a complaint twice is 65' '
	test_refused 65 "^crm-note: note 2 was already resolved on 2025-04-01" \
		crm-note --resolve 2
'

test_expect_success 'resolving before the complaint was made is 65' '
	test_refused 65 "^crm-note: note 10 is dated 2025-06-20" \
		crm-note --resolve 10 --date 2025-06-19
'

test_expect_success 'an unknown note is 66; a bad note id 64' '
	test_refused 66 "^crm-note: note 99 does not exist" crm-note --resolve 99 &&
	test_refused 64 "^crm-note: --resolve: .*abc" crm-note --resolve abc &&
	test_refused 64 "^crm-note: --resolve: " crm-note --resolve 0
'

test_expect_success 'survey scores 0 and 6 are 64, and so is a survey without one' '
	test_refused 64 "^crm-note: --score: .*0" crm-note 1 --kind survey --score 0 &&
	test_refused 64 "^crm-note: --score: .*6" crm-note 1 --kind survey --score 6 &&
	test_refused 64 "^crm-note: --score: .*4.5" crm-note 1 --kind survey --score 4.5 &&
	test_refused 64 "^crm-note: a survey needs --score" crm-note 1 --kind survey
'

test_expect_success 'a score with another kind, an unknown kind, a bad date are 64' '
	test_refused 64 "^crm-note: --score goes with --kind survey" crm-note 1 --score 3 &&
	test_refused 64 "^crm-note: --kind: .*gossip" crm-note 1 --kind gossip &&
	test_refused 64 "^crm-note: --date: .*2025-13-01" crm-note 1 --date 2025-13-01
'

test_expect_success 'options of another form are 64' '
	test_refused 64 "^crm-note: " crm-note --open --kind complaint &&
	test_refused 64 "^crm-note: " crm-note --open --summary &&
	test_refused 64 "^crm-note: " crm-note --open 1 &&
	test_refused 64 "^crm-note: " crm-note --list 1 2 &&
	test_refused 64 "^crm-note: " crm-note --period month --open &&
	test_refused 64 "^crm-note: " crm-note 1 --as-of 2025-01-01 &&
	test_refused 64 "^crm-note: " crm-note --summary --date 2025-01-01
'

test_expect_success 'an unknown customer is 66 and adds nothing' '
	test_refused 66 "^crm-note: .*99" crm-note 99 --kind praise &&
	printf "1\n99\n" >in &&
	test_refused 66 "^crm-note: line 2: .*99" crm-note --kind praise <in &&
	test_refused 66 "^crm-note: no customer .*77" crm-note --list 77
'

test_expect_success 'a return with a reason is a complaint linked to it' '
	crm-sale 1 40 --date 2025-05-02 --ref A1 &&
	crm-sale 1 -10 --date 2025-05-05 --returns A1 --ref R1 --reason "too small" &&
	tsv sales <<-\EOF &&
	customer|date|amount|ref|returns|reason
	2|2025-06-10|25.00|B1||
	2|2025-06-11|-10.00|B2|B1|broken
	EOF
	crm-sale -q <sales &&
	tsv expect <<-\EOF &&
	12|1|Anna|2025-05-05|complaint||too small||
	13|2|Bert|2025-06-11|complaint||broken||
	EOF
	crm-note --list -H >all &&
	grep -e "^1[23]${TAB}" all >actual &&
	test_cmp expect actual
'

test_expect_success SQLITE3,SQLITE_DB 'the complaint names the return purchase' '
	sqlite3 "$CRM_DB" "SELECT n.id, p.ref, p.amount FROM note n
		JOIN purchase p ON p.id = n.purchase_id ORDER BY n.id" >actual &&
	printf "12|R1|-1000\n13|B2|-1000\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'a re-run of the same import adds no second complaint' '
	crm-note --list -H >before &&
	crm-sale -q <sales &&
	crm-note --list -H >after &&
	test_cmp before after
'

# db-sale.c checks the size of a return before it sees that its ref was
# recorded by an earlier run, so re-running an import with a full return fails
test_expect_success 'a re-run of an import with a full return skips it' '
	crm-init --db rerun.db &&
	crm-add --db rerun.db --name Dora >/dev/null &&
	tsv full <<-\EOF &&
	customer|date|amount|ref|returns|reason
	1|2025-06-12|8.00|C1||
	1|2025-06-13|-8.00|C2|C1|wrong size
	EOF
	crm-sale --db rerun.db -q <full &&
	crm-sale --db rerun.db -q <full
'

test_expect_success 'a reason on a sale that is not a return is refused' '
	test_refused 64 "^crm-sale: --reason: " crm-sale 1 5 --reason "too small" &&
	test_refused 64 "^crm-sale: --reason: " crm-sale 1 -5 --reason "" &&
	tsv bad <<-\EOF &&
	customer|date|amount|reason
	1|2025-06-12|-3.00|late
	1|2025-06-12|3.00|late
	EOF
	test_refused 65 "^crm-sale: line 3: .*return" crm-sale <bad
'

test_expect_success 'returns with a reason are open complaints' '
	tsv expect <<-\EOF &&
	note|id|name|date|kind|text|age_days
	1|1|Anna|2025-03-10|complaint|cold coffee|112
	12|1|Anna|2025-05-05|complaint|too small|56
	13|2|Bert|2025-06-11|complaint|broken|19
	10|3|Cleo|2025-06-20|complaint|wrong change|10
	EOF
	crm-note --open >actual &&
	test_cmp expect actual
'

test_expect_success '--summary: counts and mean score per category, every category listed' '
	tsv expect <<-\EOF &&
	category|complaints|praise|surveys|calls|notes|mean_score
	employee|0|0|0|0|0|
	problem|0|0|0|0|0|
	regular|3|0|4|1|1|3.75
	vip|2|1|1|0|0|4.00
	EOF
	crm-note --summary >actual &&
	test_cmp expect actual
'

test_expect_success '--summary --period quarter: a period column first' '
	tsv expect <<-\EOF &&
	period|category|complaints|praise|surveys|calls|notes|mean_score
	2025-Q1|employee|0|0|0|0|0|
	2025-Q1|problem|0|0|0|0|0|
	2025-Q1|regular|1|0|0|0|0|
	2025-Q1|vip|1|0|0|0|0|
	2025-Q2|employee|0|0|0|0|0|
	2025-Q2|problem|0|0|0|0|0|
	2025-Q2|regular|2|0|4|1|1|3.75
	2025-Q2|vip|1|1|1|0|0|4.00
	EOF
	crm-note --summary --period quarter >actual &&
	test_cmp expect actual
'

test_expect_success '--summary counts a note in the customer'"'"'s current category' '
	crm-categorize -q vip 3 &&
	tsv expect <<-\EOF &&
	category|complaints|praise|surveys|calls|notes|mean_score
	employee|0|0|0|0|0|
	problem|0|0|0|0|0|
	regular|2|0|3|0|0|3.67
	vip|3|1|2|1|1|4.00
	EOF
	crm-note --summary >actual &&
	test_cmp expect actual
'

test_expect_success '--summary --as-of leaves out later notes' '
	tsv expect <<-\EOF &&
	employee|0|0|0|0|0|
	problem|0|0|0|0|0|
	regular|1|0|1|0|0|4.00
	vip|1|1|2|0|0|4.00
	EOF
	crm-note --summary -H --as-of 2025-04-30 >actual &&
	test_cmp expect actual
'

test_expect_success '--summary --from --to --period month; the first period starts at --from' '
	tsv expect <<-\EOF &&
	2025-04|employee|0|0|0|0|0|
	2025-04|problem|0|0|0|0|0|
	2025-04|regular|0|0|1|0|0|4.00
	2025-04|vip|0|0|2|0|0|4.00
	2025-05|employee|0|0|0|0|0|
	2025-05|problem|0|0|0|0|0|
	2025-05|regular|0|0|1|0|0|2.00
	2025-05|vip|1|0|0|1|0|
	EOF
	crm-note --summary -H --period month --from 2025-04-10 --to 2025-05-31 >actual &&
	test_cmp expect actual
'

test_expect_success '--summary --format json: numbers unquoted, no mean as null' '
	cat >expect <<-\EOF &&
	{"category":"employee","complaints":0,"praise":0,"surveys":0,"calls":0,"notes":0,"mean_score":null}
	{"category":"problem","complaints":0,"praise":0,"surveys":0,"calls":0,"notes":0,"mean_score":null}
	{"category":"regular","complaints":2,"praise":0,"surveys":3,"calls":0,"notes":0,"mean_score":3.67}
	{"category":"vip","complaints":3,"praise":1,"surveys":2,"calls":1,"notes":1,"mean_score":4.00}
	EOF
	crm-note --summary --format json >actual &&
	test_cmp expect actual
'

test_expect_success '--summary: a new category is listed with zeros' '
	crm-categorize --define gold &&
	crm-note --summary -H >actual &&
	echo "gold${TAB}0${TAB}0${TAB}0${TAB}0${TAB}0${TAB}" >expect &&
	grep -e "^gold" actual >line &&
	test_cmp expect line &&
	test_line_count = 5 actual
'

test_expect_success '--summary: --from after --to is 64' '
	test_refused 64 "^crm-note: --from" crm-note --summary --from 2025-07-01
'

test_expect_success 'a complaint from a return is resolved like any other' '
	crm-note --resolve 12 --date 2025-06-30 &&
	crm-note --open -H | cut -f1 >actual &&
	printf "1\n13\n10\n" >expect &&
	test_cmp expect actual
'

test_expect_success '-n prints the id the note would get and writes nothing' '
	crm-note --list >before &&
	crm-note -n 1 --kind praise >out &&
	echo 14 >expect &&
	test_cmp expect out &&
	crm-note --list >after &&
	test_cmp before after
'

test_expect_success '-q prints nothing; an empty stdin adds nothing' '
	crm-note -q 1 --kind call >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err &&
	crm-note --list -H 1 | tail -n 1 | cut -f1,5 >actual &&
	echo "14${TAB}call" >expect &&
	test_cmp expect actual &&
	crm-note --kind call </dev/null >out &&
	test_must_be_empty out
'

test_expect_success '--help lists every long option' '
	crm-note --help >help &&
	for o in kind text score date open resolve summary list period from to \
		as-of no-header format key dry-run quiet db config progress help version
	do
		grep -e "--$o" help >/dev/null || { echo "--help lacks --$o"; return 1; }
	done
'

test_expect_success SOURCE_TREE 'the man page documents every long option' '
	crm-note --help | grep -o -E -e "--[a-z][a-z0-9-]*" | sort -u >opts &&
	while read -r o
	do
		grep -e "^\.It Fl .*${o#-}" "$CRM_SOURCE_DIR/man/crm-note.1" >/dev/null ||
		{ echo "man page lacks $o"; return 1; }
	done <opts
'

test_expect_success SOURCE_TREE,MANDOC 'mandoc -Tlint is clean' '
	mandoc -Tlint -Wwarning "$CRM_SOURCE_DIR/man/crm-note.1" >lint 2>&1 &&
	test_must_be_empty lint
'

test_done
