#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm-note --kind survey: survey replies in bulk, matched by phone, card, e-mail or id'
. "$(dirname "$0")/lib.sh"

# tests/data/sms-replies.tsv with country_code 49, per customer (line of
# the file: score):
#   1 Anna  0171 1234567      2:5 4:4 7:5 21:5 35:4 41:5  (6, sum 28)
#   2 Bert  +49 30 1234567    3:4 8:2 17:3 33:5 45:4      (5, sum 18)
#   3 Cleo  0151-9876543      5:3 12:4 19:2 32:4 42:3 49:5 (6, sum 21)
#   4 Dora  (089) 555 0101    9:5 18:4 25:5 36:3 47:5     (5, sum 22) vip
#   5 Emil  +44 20 7946 0000  10:4 16:5 26:3 40:4 51:5    (5, sum 21)
#   6 Fritz 0160 1111111 and 7 Gina 0160/1111111 share a number: 11, 31
#   8 Hans  0176.2223334      13:5 22:4 28:5 43:5         (4, sum 19)
#   9 Ida   no phone
#  10 Jan   0172 3334445      14:3 24:4 30:2 39:5 48:4    (5, sum 18)
# 36 recorded (regular 31, sum 125: 4.03; vip 5, sum 22: 4.40); from no
# customer: 6, 20, 29 (+33), 44 (0089 is abroad); bad: 11 and 31
# (shared), 15 (6), 23 (2025-02-30), 27 (x), 34 (call me), 37 (4.5), 38
# (30.06.2025), 46 (empty score), 50 (0).
replies=$TEST_DATA/sms-replies.tsv

test_expect_success 'setup: customers with phones in many forms' '
	crm-init &&
	tsv in <<-\EOF &&
	name|phone|card|email|category
	Anna|0171 1234567|1001|anna@example.com|
	Bert|+49 30 1234567|||
	Cleo|0151-9876543|||
	Dora|(089) 555 0101|||vip
	Emil|+44 20 7946 0000|||
	Fritz|0160 1111111|||
	Gina|0160/1111111|||
	Hans|0176.2223334|||
	Ida||1009|ida@example.com|
	Jan|0172 3334445|||
	EOF
	crm-add -q <in &&
	mkdir -p "$XDG_CONFIG_HOME/crm" &&
	echo "country_code: 49" >"$XDG_CONFIG_HOME/crm/config.yaml" &&
	test $(grep -c . "$replies") = 51
'

test_expect_success 'the fixture without --keep-going: the first bad line, nothing written' '
	test_must_fail_with 65 crm-note --kind survey <"$replies" >out 2>err &&
	test_must_be_empty out &&
	cat >expect <<-\EOF &&
	crm-note: line 6: no customer with phone '\''0999 123456'\''
	crm-note: line 11: phone '\''0160 1111111'\'' matches 2 customers (6, 7): give the number to one of them only
	EOF
	test_cmp expect err &&
	crm-note --list -H >notes &&
	test_must_be_empty notes
'

test_expect_success '--keep-going -n: every line checked, nothing written' '
	test_must_fail_with 65 crm-note --kind survey --keep-going -n \
		<"$replies" >out 2>err &&
	grep "^crm-note: 36 recorded, 14 skipped (dry run)$" err &&
	test $(wc -l <out) = 36 &&
	tail -n 1 err >last &&
	echo "crm-note: 10 bad lines skipped" >expect &&
	test_cmp expect last &&
	crm-note --list -H >notes &&
	test_must_be_empty notes
'

test_expect_success '--keep-going: the good replies recorded, every skip reported' '
	test_must_fail_with 65 crm-note --kind survey --keep-going \
		<"$replies" >out 2>err &&
	seq 1 36 >expect &&
	test_cmp expect out &&
	cat >expect <<-\EOF &&
	crm-note: line 6: no customer with phone '\''0999 123456'\''
	crm-note: line 11: phone '\''0160 1111111'\'' matches 2 customers (6, 7): give the number to one of them only
	crm-note: line 15: score '\''6'\'' is out of range (a survey'\''s score is a whole number from 1 to 5)
	crm-note: line 20: no customer with phone '\''+49 170 9999999'\''
	crm-note: line 23: date '\''2025-02-30'\'' is not a valid date
	crm-note: line 27: score '\''x'\'' is not a whole number (a survey'\''s score is a whole number from 1 to 5)
	crm-note: line 29: no customer with phone '\''+33 1 23 45 67 89'\''
	crm-note: line 31: phone '\''+49 160 1111111'\'' matches 2 customers (6, 7): give the number to one of them only
	crm-note: line 34: phone '\''call me'\'' is not a phone number
	crm-note: line 37: score '\''4.5'\'' is not a whole number (a survey'\''s score is a whole number from 1 to 5)
	crm-note: line 38: date '\''30.06.2025'\'' is not a date (YYYY-MM-DD)
	crm-note: line 44: no customer with phone '\''0089 555 0101'\''
	crm-note: line 46: no score
	crm-note: line 50: score '\''0'\'' is out of range (a survey'\''s score is a whole number from 1 to 5)
	crm-note: 36 recorded, 14 skipped
	crm-note: 10 bad lines skipped
	EOF
	test_cmp expect err
'

test_expect_success 'every form of a number found its customer' '
	crm-note --list -H | cut -f 2 | sort -n | uniq -c |
		awk "{ print \$2, \$1 }" >actual &&
	cat >expect <<-\EOF &&
	1 6
	2 5
	3 6
	4 5
	5 5
	8 4
	10 5
	EOF
	test_cmp expect actual &&
	crm-note --list -H 2 | cut -f 4,6,7 >actual &&
	tsv expect <<-\EOF &&
	2025-06-02|4|
	2025-06-04|2|Kasse kaputt
	2025-06-07|3|ok
	2025-06-13|5|besser
	2025-06-18|4|
	EOF
	test_cmp expect actual
'

test_expect_success 'the summary counts and averages the replies' '
	tsv expect <<-\EOF &&
	category|complaints|praise|surveys|calls|notes|mean_score
	employee|0|0|0|0|0|
	problem|0|0|0|0|0|
	regular|0|0|31|0|0|4.03
	vip|0|0|5|0|0|4.40
	EOF
	crm-note --summary >actual &&
	test_cmp expect actual &&
	crm-note --summary --period month -H | cut -f 1,2,5 >actual &&
	tsv expect <<-\EOF &&
	2025-06|employee|0
	2025-06|problem|0
	2025-06|regular|31
	2025-06|vip|5
	EOF
	test_cmp expect actual
'

test_expect_success 'replies from no customer are skipped with status 0; -q keeps the reports' '
	tsv in <<-\EOF &&
	phone|date|score|text
	0171 1234567|2025-06-29|4|
	0999 1|2025-06-29|1|wrong number
	EOF
	crm-note --kind survey <in >out 2>err &&
	echo 37 >expect &&
	test_cmp expect out &&
	cat >expect <<-\EOF &&
	crm-note: line 3: no customer with phone '\''0999 1'\''
	crm-note: 1 recorded, 1 skipped
	EOF
	test_cmp expect err &&
	crm-note --kind survey -q <in >out 2>err &&
	test_must_be_empty out &&
	echo "crm-note: line 3: no customer with phone '\''0999 1'\''" >expect &&
	test_cmp expect err
'

test_expect_success 'without country_code only the punctuation goes' '
	echo "lapsed_days: 90" >plain.yaml &&
	tsv in <<-\EOF &&
	phone|date|score
	0171/123 45 67|2025-06-29|3
	+49 171 1234567|2025-06-29|3
	+44 (20) 7946-0000|2025-06-29|3
	0044 20 7946 0000|2025-06-29|3
	EOF
	crm-note --config plain.yaml --kind survey <in >out 2>all &&
	grep -v " recorded, " all >err &&
	printf "39\n40\n" >expect &&
	test_cmp expect out &&
	cat >expect <<-\EOF &&
	crm-note: line 3: no customer with phone '\''+49 171 1234567'\''
	crm-note: line 5: no customer with phone '\''0044 20 7946 0000'\''
	EOF
	test_cmp expect err
'

test_expect_success 'a bad country_code is bad configuration' '
	echo "country_code: 0049" >bad.yaml &&
	test_must_fail_with 78 crm-note --config bad.yaml --kind survey \
		<"$replies" 2>err &&
	grep "bad.yaml:1:15: country_code must be a country calling code" err &&
	echo "country_code: +49" >plus.yaml &&
	tsv in <<-\EOF &&
	phone|date|score
	+49 171 1234567|2025-06-29|2
	EOF
	crm-note --config plus.yaml --kind survey <in >out 2>/dev/null &&
	echo 41 >expect &&
	test_cmp expect out
'

test_expect_success 'customer, card and email name the sender too; no date column: --date' '
	tsv in <<-\EOF &&
	card|score|text
	1009|5|Ida by card
	9999|2|no such card
	EOF
	crm-note --kind survey --date 2025-06-20 <in >out 2>all &&
	grep -v " recorded, " all >err &&
	echo 42 >expect &&
	test_cmp expect out &&
	echo "crm-note: line 3: no customer with card '\''9999'\''" >expect &&
	test_cmp expect err &&
	tsv in <<-\EOF &&
	score|email
	4|IDA@example.com
	EOF
	crm-note --kind survey <in >out 2>/dev/null &&
	tsv in <<-\EOF &&
	customer|date|score|staff
	9|2025-06-21|3|
	77|2025-06-21|3|
	EOF
	crm-note --kind survey <in >>out 2>all &&
	grep -v " recorded, " all >err &&
	printf "43\n44\n" >expect &&
	test_cmp expect out &&
	echo "crm-note: line 3: no customer with id '\''77'\''" >expect &&
	test_cmp expect err &&
	crm-note --list -H 9 | cut -f 4,6,7 >actual &&
	tsv expect <<-\EOF &&
	2025-06-20|5|Ida by card
	2025-06-21|3|
	2025-06-30|4|
	EOF
	test_cmp expect actual
'

test_expect_success 'bad headers are refused with 65 before anything is written' '
	printf "phone\tcard\tscore\n" >in &&
	test_must_fail_with 65 crm-note --kind survey <in 2>err &&
	grep "line 1: give one of the columns customer, card, email, phone, not both '\''card'\'' and '\''phone'\''" err &&
	printf "date\tscore\n" >in &&
	test_must_fail_with 65 crm-note --kind survey <in 2>err &&
	grep "line 1: the header needs a customer, card, email or phone column" err &&
	printf "phone\tdate\n" >in &&
	test_must_fail_with 65 crm-note --kind survey <in 2>err &&
	grep "line 1: the header needs a score column" err &&
	printf "phone\tscore\tmood\n" >in &&
	test_must_fail_with 65 crm-note --kind survey <in 2>err &&
	grep "line 1: unknown column '\''mood'\''" err
'

test_expect_success 'a customer id that is no number, or none, is a bad line' '
	tsv in <<-\EOF &&
	customer|score
	1|4
	x1|4
	|5
	EOF
	test_must_fail_with 65 crm-note --kind survey --keep-going <in >out 2>err &&
	echo 45 >expect &&
	test_cmp expect out &&
	grep "line 3: customer id '\''x1'\'' is not a whole number" err &&
	grep "line 4: no customer$" err &&
	crm-note --list -H 1 | wc -l >count &&
	echo 11 >expect &&
	test_cmp expect count
'

test_expect_success 'the staff column names who served; --staff for the replies without' '
	tsv in <<-\EOF &&
	phone|date|score|staff|text
	0171 1234567|2025-06-28|5| Mia |
	030 1234567|2025-06-28|3|Ole|
	0151 9876543|2025-06-28|4||no name
	089 5550101|2025-06-28|1|  |blank name
	EOF
	crm-note --kind survey --staff Uta <in >out 2>err &&
	printf "46\n47\n48\n49\n" >expect &&
	test_cmp expect out &&
	crm-note --list -H | awk -F "\t" "\$1 >= 46 { print \$1, \$9 }" >actual &&
	cat >expect <<-\EOF &&
	46 Mia
	47 Ole
	48 Uta
	49 Uta
	EOF
	test_cmp expect actual &&
	crm-note --summary --by staff --from 2025-06-28 >actual &&
	tsv expect <<-\EOF &&
	staff|surveys|mean_score|complaints|praise
	|7|3.43|0|0
	Mia|1|5.00|0|0
	Ole|1|3.00|0|0
	Uta|2|2.50|0|0
	EOF
	test_cmp expect actual
'

test_expect_success 'an empty input records nothing; blank lines are skipped' '
	crm-note --kind survey </dev/null >out 2>err &&
	test_must_be_empty out &&
	echo "crm-note: 0 recorded, 0 skipped" >expect &&
	test_cmp expect err &&
	printf "phone\tscore\n\n0171 1234567\t3\n\n" >in &&
	crm-note --kind survey <in >out 2>err &&
	echo 50 >expect &&
	test_cmp expect out &&
	echo "crm-note: 1 recorded, 0 skipped" >expect &&
	test_cmp expect err
'

test_expect_success 'the options of the bulk form' '
	printf "phone\tscore\n0171 1234567\t3\n" >in &&
	test_must_fail_with 64 crm-note --kind survey --text hi <in 2>err &&
	grep "go with customer operands" err &&
	test_must_fail_with 64 crm-note --kind survey --key card <in &&
	test_must_fail_with 64 crm-note --kind survey --as-of 2025-06-01 <in &&
	test_must_fail_with 64 crm-note 1 --kind survey --score 3 --keep-going &&
	test_must_fail_with 64 crm-note --kind note --keep-going <in &&
	crm-note --list -H | wc -l >count &&
	echo 50 >expect &&
	test_cmp expect count
'

test_expect_success 'a survey with --score still takes customer ids on stdin' '
	printf "1\n2\n" | crm-note --kind survey --score 4 --date 2025-06-30 >out &&
	printf "51\n52\n" >expect &&
	test_cmp expect out
'

test_done
