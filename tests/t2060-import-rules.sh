#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm-sale --rules, crm-add --rules: foreign exports through the shipped rules (CDNOW, a German till)'
. "$(dirname "$0")/lib.sh"

EX=$CRM_SOURCE_DIR/examples

test_expect_success 'setup: the German customers through their rules' '
	crm-init &&
	crm-add --rules "$EX/kunden-de.rules" <"$TEST_DATA/kunden-de.csv" >ids &&
	printf "501\n502\n503\n504\n" >expect &&
	test_cmp expect ids &&
	crm-ls --columns id,name,phone,card,created,source >out &&
	tsv expect <<-\EOF &&
	id|name|phone|card|created|source
	501|Jürgen Müller|+49 30 5550101|400010000011|2019-03-15|Messe
	502|Anneliese Weiß|030 5550102|400010000029|2021-02-01|Zeitung
	503|Ayşe Öztürk||400010000052|2024-02-28|Empfehlung; Nachbarin
	504|Björn Groß|0171 5550104|400010000045|2025-06-30|Messe
	EOF
	test_cmp expect out
'

test_expect_success 'crm-add --rules again: refused as before; with --update it adds nothing' '
	test_refused 65 "^crm-add: line 2: customer 501 already exists" \
		crm-add -q --rules "$EX/kunden-de.rules" <"$TEST_DATA/kunden-de.csv" &&
	crm-add --update --rules "$EX/kunden-de.rules" <"$TEST_DATA/kunden-de.csv" >ids &&
	printf "501\n502\n503\n504\n" >expect &&
	test_cmp expect ids &&
	test "$(customer_count)" = 4
'

cat >"$TRASH/till.tsv" <<EOF
date	card	amount	item	ref	staff
2025-06-26	400010000011	12.50	Kaffee gemahlen	K1-1001	Jürgen
2025-06-26	400010000029	7.90	Tee; grün, lose	K1-1002	Jürgen
2025-06-27	400010000011	3.20	Süßgebäck	K1-1003	Jürgen
2025-06-27	400010000045	24.00	Kaffee ganze Bohne	K2-1003	Özlem
2025-06-28	400010000029	39.95	Milchschäumer	K1-1004	Jürgen
2025-06-28	400010000052	1299.00	Kaffeevollautomat	K2-1004	Özlem
EOF

test_expect_success 'crm-sale -n --rules prints the TSV the rules make and writes nothing' '
	db_snapshot before &&
	crm-sale -n --rules "$EX/till-de.rules" <"$TEST_DATA/till-de.csv" >out 2>err &&
	test_cmp "$TRASH/till.tsv" out &&
	test_must_be_empty err &&
	db_snapshot after &&
	test_cmp before after
'

test_expect_success '-n --rules needs no database' '
	crm-sale -n --db nowhere/crm.db --rules "$EX/till-de.rules" \
		<"$TEST_DATA/till-de.csv" >out &&
	test_cmp "$TRASH/till.tsv" out &&
	test ! -e nowhere
'

test_expect_success 'the Windows-1252 twin makes the same records' '
	crm-sale -n --rules "$EX/till-de-cp1252.rules" \
		<"$TEST_DATA/till-de-cp1252.csv" >out &&
	test_cmp "$TRASH/till.tsv" out
'

test_expect_success 'the till export imports; the voided receipt and the totals line do not' '
	crm-sale --rules "$EX/till-de.rules" <"$TEST_DATA/till-de.csv" 2>err &&
	echo "crm-sale: 6 added, 0 already recorded" >expect &&
	test_cmp expect err &&
	crm-value --period all >out &&
	tsv expect <<-\EOF &&
	id|period|purchases|revenue|returns|net|cost|profit|uncosted
	501|all|2|15.70|0.00|15.70|0.00|0.00|15.70
	502|all|2|47.85|0.00|47.85|0.00|0.00|47.85
	503|all|1|1299.00|0.00|1299.00|0.00|0.00|1299.00
	504|all|1|24.00|0.00|24.00|0.00|0.00|24.00
	EOF
	test_cmp expect out
'

test_expect_success 'the Verkäufer column becomes the sales'\'' staff' '
	crm-value --by staff --period all >out &&
	tsv expect <<-\EOF &&
	staff|customers|buyers|revenue|profit|profit_per_customer|share|uncosted
	Jürgen|2|2|63.55|0.00|0.00|0.0|63.55
	Özlem|2|2|1323.00|0.00|0.00|0.0|1323.00
	EOF
	test_cmp expect out
'

test_expect_success 'running the import again, or its cp1252 twin, adds nothing' '
	crm-sale --rules "$EX/till-de.rules" <"$TEST_DATA/till-de.csv" 2>err &&
	echo "crm-sale: 0 added, 6 already recorded" >expect &&
	test_cmp expect err &&
	crm-sale --rules "$EX/till-de-cp1252.rules" \
		<"$TEST_DATA/till-de-cp1252.csv" 2>err &&
	test_cmp expect err
'

test_expect_success 'a record the rules cannot convert: 65, its line and column, nothing written' '
	crm-init --db other.db &&
	crm-add -q --db other.db --rules "$EX/kunden-de.rules" \
		<"$TEST_DATA/kunden-de.csv" &&
	sed "3s/;7,90;/;7,9x;/" "$TEST_DATA/till-de.csv" >bad.csv &&
	CRM_DB=other.db test_refused 65 \
		"^crm-sale: line 3: column Betrag: .7,9x. is not an amount$" \
		crm-sale --rules "$EX/till-de.rules" <bad.csv &&
	sed "6s/^27.06.2025/31.02.2025/" "$TEST_DATA/till-de.csv" >bad.csv &&
	CRM_DB=other.db test_refused 65 \
		"^crm-sale: line 6: column Datum: .31.02.2025. is not a valid date$" \
		crm-sale --rules "$EX/till-de.rules" <bad.csv &&
	CRM_DB=other.db test_refused 65 \
		"^crm-sale: line 6: column Datum: .31.02.2025. is not a valid date$" \
		crm-sale -n --rules "$EX/till-de.rules" <bad.csv
'

test_expect_success '--keep-going skips the bad record and records the others' '
	test_must_fail_with 65 crm-sale --db other.db --keep-going \
		--rules "$EX/till-de.rules" <bad.csv 2>err &&
	cat >expect <<-\EOF &&
	crm-sale: line 6: column Datum: '\''31.02.2025'\'' is not a valid date
	crm-sale: 5 added, 0 already recorded
	crm-sale: 1 line skipped
	EOF
	test_cmp expect err
'

test_expect_success 'a malformed quoted field is a bad record too' '
	printf "Datum;Kassen-Nr;Bon-Nr;Kundenkarte;Artikel;Betrag;Buchungsart;Verkäufer\r\n01.07.2025;9;1;400010000011;\"Tee\"x;1,00;Verkauf;Uta\r\n" >bad.csv &&
	test_refused 65 "^crm-sale: line 2: column 34: text after the closing quote" \
		crm-sale --rules "$EX/till-de.rules" <bad.csv
'

test_expect_success 'crm-add --rules: a bad date is refused with line and column' '
	sed "3s/01.02.2021/30.02.2021/" "$TEST_DATA/kunden-de.csv" >bad.csv &&
	crm-init --db third.db &&
	CRM_DB=third.db test_refused 65 \
		"^crm-add: line 3: column Kunde seit: .30.02.2021. is not a valid date$" \
		crm-add --rules "$EX/kunden-de.rules" <bad.csv &&
	test_must_fail_with 65 crm-add --db third.db --keep-going \
		--rules "$EX/kunden-de.rules" <bad.csv >ids 2>err &&
	printf "501\n503\n504\n" >expect &&
	test_cmp expect ids
'

test_expect_success 'crm-add -n --rules prints the TSV and writes nothing' '
	db_snapshot before &&
	crm-add -n --rules "$EX/kunden-de.rules" <"$TEST_DATA/kunden-de.csv" >out &&
	head -n 2 out >first &&
	tsv expect <<-\EOF &&
	id|name|email|phone|card|created|source
	501|Jürgen Müller|juergen.mueller@example.de|+49 30 5550101|400010000011|2019-03-15|Messe
	EOF
	test_cmp expect first &&
	test_line_count = 5 out &&
	db_snapshot after &&
	test_cmp before after
'

bad_rules () {
	printf "%b" "$1" >r.rules &&
	test_refused 78 "$2" crm-sale --rules r.rules <"$TEST_DATA/till-de.csv"
}

test_expect_success 'bad rules files: 78 with file:line:column' '
	bad_rules "separator: \";\"\nfields: {date: \"%{Datum}\"\n" \
		"^crm-sale: r.rules:3:1: did not find expected" &&
	bad_rules "separator: \";\"\ndecimal: \",\"\nfields: {amount: \"%{6}\"}\n" \
		"^crm-sale: r.rules:2:1: unknown key .decimal. \\(keys: " &&
	bad_rules "separator: \";\"\nfields:\n  date: \"%{Datum}\"\n  price: \"%{Betrag}\"\n" \
		"^crm-sale: r.rules:4:3: .price. is not a column this command reads$" &&
	bad_rules "separator: \";\"\nfields:\n  amount: \"%{Summe}\"\n" \
		"^crm-sale: r.rules:3:12: no column .Summe. in the export.s header" &&
	bad_rules "separator: \";\"\nfields:\n  amount: \"%{Betrag\"\n" \
		"^crm-sale: r.rules:3:12: a % starts %\\{NAME\\}" &&
	bad_rules "separator: \";\"\nencoding: ebcdic\nfields: {amount: \"%{6}\"}\n" \
		"^crm-sale: r.rules:2:11: unknown encoding .ebcdic." &&
	bad_rules "separator: \";\"\ndate-format: \"%d.%m\"\nfields: {amount: \"%{6}\"}\n" \
		"^crm-sale: r.rules:2:14: date-format" &&
	test_refused 66 "^crm-sale: cannot open .missing.rules.: " \
		crm-sale --rules missing.rules <"$TEST_DATA/till-de.csv"
'

test_expect_success '--rules goes with the bulk form' '
	test_refused 64 "^crm-sale: --rules goes with the bulk form" \
		crm-sale --rules "$EX/till-de.rules" 501 10.00 </dev/null &&
	test_refused 64 "^crm-add: --rules goes with the bulk form" \
		crm-add --name X --rules "$EX/kunden-de.rules" </dev/null
'

# The CDNOW data README: 23,570 customers, 69,659 purchases, $2,500,315.63
test_expect_success 'CDNOW through the shipped rules: the customers' '
	crm-init --db cdnow.db &&
	crm-add -q --db cdnow.db --rules "$EX/cdnow-customers.rules" \
		<"$TEST_DATA/CDNOW_master.txt" &&
	test "$(customer_count cdnow.db)" = 23570 &&
	crm-ls --db cdnow.db --columns id,name,created,source >out &&
	tsv expect <<-\EOF &&
	id|name|created|source
	1|CDNOW 00001|1997-01-01|cdnow
	2|CDNOW 00002|1997-01-12|cdnow
	EOF
	head -n 3 out >first &&
	test_cmp expect first &&
	tail -n 1 out >last &&
	printf "23570\tCDNOW 23570\t1997-03-25\tcdnow\n" >expect &&
	test_cmp expect last
'

test_expect_success 'CDNOW through the shipped rules: the purchases and their total' '
	crm-sale --db cdnow.db --rules "$EX/cdnow-sales.rules" \
		<"$TEST_DATA/CDNOW_master.txt" 2>err &&
	echo "crm-sale: 69659 added, 0 already recorded" >expect &&
	test_cmp expect err &&
	crm-value --db cdnow.db --by category --period all >out &&
	grep "^regular	" out | cut -f 2,3,4 >got &&
	printf "23570\t23570\t2500315.63\n" >expect &&
	test_cmp expect got
'

test_expect_success 'CDNOW again: nothing twice' '
	crm-sale --db cdnow.db --rules "$EX/cdnow-sales.rules" \
		<"$TEST_DATA/CDNOW_master.txt" 2>err &&
	echo "crm-sale: 0 added, 69659 already recorded" >expect &&
	test_cmp expect err &&
	test_must_fail_with 65 crm-add -q --db cdnow.db \
		--rules "$EX/cdnow-customers.rules" \
		<"$TEST_DATA/CDNOW_master.txt" 2>err &&
	echo "crm-add: line 2: customer 00001 already exists" >expect &&
	test_cmp expect err &&
	test "$(customer_count cdnow.db)" = 23570
'

test_expect_success 'CDNOW -n: one TSV line per purchase, the ref from customer, date and line' '
	crm-sale -n --rules "$EX/cdnow-sales.rules" \
		<"$TEST_DATA/CDNOW_master.txt" >out &&
	test_line_count = 69660 out &&
	tsv expect <<-\EOF &&
	customer|date|amount|ref
	00001|1997-01-01|11.77|cdnow-00001-19970101-2
	00002|1997-01-12|12.00|cdnow-00002-19970112-3
	EOF
	head -n 3 out >first &&
	test_cmp expect first
'

test_done
