#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm-note --kind survey --rules: an SMS gateway export through examples/sms-gateway.rules'
. "$(dirname "$0")/lib.sh"

rules=$TEST_DIRECTORY/../examples/sms-gateway.rules
export=$TEST_DATA/sms-gateway.csv

test_expect_success 'setup: customers with phones, country_code 49' '
	crm-init &&
	tsv in <<-\EOF &&
	name|phone
	Anna|0171 1234567
	Bert|+49 30 1234567
	Emil|+44 20 7946 0000
	EOF
	crm-add -q <in &&
	mkdir -p "$XDG_CONFIG_HOME/crm" &&
	echo "country_code: 49" >"$XDG_CONFIG_HOME/crm/config.yaml"
'

test_expect_success '-n prints the replies the rules make and writes nothing' '
	crm-note --kind survey --rules "$rules" -n <"$export" >out &&
	printf "%s\t%s\t%s\t%s\t%s\n" >expect \
		phone date score text staff \
		+491711234567 2025-06-29 5 "Super Beratung, danke!" "Jürgen" \
		"0049 30 1234567" 2025-06-29 4 "" "Özlem" \
		+4915199999999 2025-06-30 3 "zu voll" "Jürgen" \
		"+44 20 7946 0000" 2025-06-30 2 "Kaffee \"zu\" bitter" "Özlem" &&
	test_cmp expect out &&
	crm-note --list -H >notes &&
	test_must_be_empty notes
'

test_expect_success 'the import records three replies and skips the unknown number' '
	crm-note --kind survey --rules "$rules" <"$export" >out 2>err &&
	printf "1\n2\n3\n" >expect &&
	test_cmp expect out &&
	cat >expect <<-\EOF &&
	crm-note: line 4: no customer with phone '\''+4915199999999'\''
	crm-note: 3 recorded, 1 skipped
	EOF
	test_cmp expect err &&
	crm-note --list --format csv >notes.crlf &&
	tr -d "\r" <notes.crlf >notes &&
	cat >expect <<-\EOF &&
	note,id,name,date,kind,score,text,resolved,staff
	1,1,Anna,2025-06-29,survey,5,"Super Beratung, danke!",,Jürgen
	2,2,Bert,2025-06-29,survey,4,,,Özlem
	3,3,Emil,2025-06-30,survey,2,"Kaffee ""zu"" bitter",,Özlem
	EOF
	test_cmp expect notes
'

test_expect_success 'the staff summary counts the replies per staff member' '
	crm-note --summary --by staff --period all >out &&
	grep "^Jürgen	1	5.00	" out &&
	grep "^Özlem	2	3.00	" out
'

test_expect_success 'a date the rules cannot read: 65 with line and column, nothing written' '
	sed "s/^30.06.2025,11:30/31.06.2025,11:30/" "$export" >bad.csv &&
	test_must_fail_with 65 crm-note --kind survey --rules "$rules" \
		<bad.csv >out 2>err &&
	grep "^crm-note: line 4: column Empfangen am: " err &&
	crm-note --list -H >notes &&
	test $(wc -l <notes) = 3
'

test_expect_success 'with --keep-going the bad line is skipped and the rest recorded' '
	crm-init --db kg.db &&
	crm-add --db kg.db -q <in &&
	test_must_fail_with 65 crm-note --db kg.db --kind survey --keep-going \
		--rules "$rules" <bad.csv >out 2>err &&
	test $(wc -l <out) = 3 &&
	grep "1 bad line skipped" err
'

test_expect_success 'a rules file naming a column the replies do not have: 78' '
	printf "fields:\n  amount: \"%%{Antwort}\"\n" >wrong.rules &&
	test_must_fail_with 78 crm-note --kind survey --rules wrong.rules \
		<"$export" 2>err &&
	grep "^crm-note: wrong.rules:2:" err
'

test_expect_success '--rules goes with survey replies only' '
	test_must_fail_with 64 crm-note --open --rules "$rules" 2>err &&
	grep -- "--rules goes with survey replies" err
'

test_done
