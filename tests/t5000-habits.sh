#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm-habits: per customer, --items, windows, --item/--since, --by weekday|month|item, escapes, -, crm-show habits'
. "$(dirname "$0")/lib.sh"

# Seven customers; today is 2025-06-30.  Weekdays of 2025: 01-01 is a
# Wednesday, so 01-06, 02-03, 03-03, 03-10, 05-05, 05-26 and 06-02 are
# Mondays; 03-12 and 04-02 Wednesdays; 05-06 and 06-03, 06-10 Tuesdays;
# 05-08 and 05-15 Thursdays; 06-07 a Saturday; 05-11 a Sunday.
#
#  id name purchases (amount, item)
#   1 Ann  03-03 50.00 boots, 03-03 5.00 socks (one day), 03-10 5.00 socks,
#          03-12 20.02 "scarf<TAB>wool", 04-02 0.00 "gift<LF>box" (a free
#          gift is a purchase), 04-02 -50.00 boots (a return: no purchase)
#   2 Bob  06-07 30.00 boots (a single purchase)
#   3 Cat  05-05 10.00 boots, 05-06 10.00 Hat, 05-08 10.00 Hat,
#          05-11 10.00 Zip, 05-15 10.00 boots, 05-15 10.00 apron
#   4 Dan  01-06 0.01, 02-03 0.04 (no items)
#   5 Eli  never bought
#   6 Fox  06-10 -10.00 boots (only a return)
#   7 Gil  05-26 1.00 pen, 05-26 1.00 pen (one Monday in May),
#          06-03 2.00, 06-10 2.00 (two Tuesdays in June, no item)
#
# Per customer, all time:
#   Ann: purchase days 03-03, 03-10, 03-12, 04-02 = 4; amounts of purchases
#        50 + 5 + 5 + 20.02 + 0 = 80.02 (the return is not counted), / 4 =
#        20.005 -> 20.01 (half away from zero); gaps 7, 2, 21 -> median 7;
#        weekdays Mon 2 days (03-03, 03-10), Wed 2 days -> tie -> Mon; months
#        03: 3 days, 04: 1 -> 03; items socks 2, boots 1 (the returned boots
#        do not count), gift<LF>box 1, scarf<TAB>wool 1 -> socks, then the
#        ties in byte order: boots < gift... < scarf...; top 3 drops scarf.
#   Bob: 1 day, 30.00, no gap, Sat, 06, boots.
#   Cat: 5 days, 60.00 / 5 = 12.00; gaps 1, 2, 3, 4 -> (2 + 3) / 2 = 2.5;
#        Thu 2 days (05-08, 05-15), the others 1 -> Thu; 05; Hat 2, boots 2,
#        Zip 1, apron 1 -> "Hat" < "boots" and "Zip" < "apron" in bytes.
#   Dan: 2 days, 0.05 / 2 = 0.025 -> 0.03; gap 28; Mon; Jan 1 day, Feb 1
#        day -> tie -> 01; no items: empty.
#   Gil: 3 days (05-26 counts once), 6.00 / 3 = 2.00; gaps 8, 7 -> 7.5;
#        Mon 1 day, Tue 2 days -> Tue (by sales it would be a Mon/Tue tie);
#        May 1 day, Jun 2 days -> 06 (by sales a tie, 05); pen counted
#        twice.
#   Eli and Fox bought nothing: no row.

test_expect_success 'setup' '
	crm-init &&
	printf "name\nAnn\nBob\nCat\nDan\nEli\nFox\nGil\n" >customers &&
	crm-add <customers >ids &&
	printf "1\n2\n3\n4\n5\n6\n7\n" >expect &&
	test_cmp expect ids &&
	tsv sales <<-\EOF &&
	customer|date|amount|item
	1|2025-03-03|50.00|boots
	1|2025-03-03|5.00|socks
	1|2025-03-10|5.00|socks
	1|2025-03-12|20.02|scarf\twool
	1|2025-04-02|0.00|gift\nbox
	1|2025-04-02|-50.00|boots
	2|2025-06-07|30.00|boots
	3|2025-05-05|10.00|boots
	3|2025-05-06|10.00|Hat
	3|2025-05-08|10.00|Hat
	3|2025-05-11|10.00|Zip
	3|2025-05-15|10.00|boots
	3|2025-05-15|10.00|apron
	4|2025-01-06|0.01|
	4|2025-02-03|0.04|
	6|2025-06-10|-10.00|boots
	7|2025-05-26|1.00|pen
	7|2025-05-26|1.00|pen
	7|2025-06-03|2.00|
	7|2025-06-10|2.00|
	EOF
	crm-sale -q <sales
'

HEADER='id|name|purchase_days|mean_basket|usual_gap|weekday|month|top_items'

test_expect_success 'per customer: days, basket, gap, weekday, month, top 3 items' '
	tsv expect <<-EOF &&
	$HEADER
	1|Ann|4|20.01|7|Mon|03|socks; boots; gift\\nbox
	2|Bob|1|30.00||Sat|06|boots
	3|Cat|5|12.00|2.5|Thu|05|Hat; boots; Zip
	4|Dan|2|0.03|28|Mon|01|
	7|Gil|3|2.00|7.5|Tue|06|pen
	EOF
	crm-habits >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err
'

test_expect_success '--items 5 shows every item, with a TAB escaped as \t' '
	tsv expect <<-\EOF &&
	1|Ann|4|20.01|7|Mon|03|socks; boots; gift\nbox; scarf\twool
	2|Bob|1|30.00||Sat|06|boots
	3|Cat|5|12.00|2.5|Thu|05|Hat; boots; Zip; apron
	4|Dan|2|0.03|28|Mon|01|
	7|Gil|3|2.00|7.5|Tue|06|pen
	EOF
	crm-habits -H --items 5 >actual &&
	test_cmp expect actual
'

test_expect_success '--items 1 and --items 0' '
	crm-habits -H --items 1 >out &&
	cut -f1,8 out >actual &&
	tsv expect <<-\EOF &&
	1|socks
	2|boots
	3|Hat
	4|
	7|pen
	EOF
	test_cmp expect actual &&
	crm-habits -H --items 0 >out &&
	cut -f8 out >actual &&
	printf "\n\n\n\n\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'a window: --from and --to' '
	# Ann 03-10 socks 5, 03-12 scarf 20.02, 04-02 gift 0 -> 3 days, 25.02 / 3
	# = 8.34; gaps 2, 21 -> 11.5; Mon 1, Wed 2 -> Wed; 03 2 days -> 03; all
	# items once -> byte order: gift... < scarf... < socks.
	# Cat all in May: as before.  Gil: 05-26 only -> 1 day, 2.00, Mon, 05.
	tsv expect <<-EOF &&
	$HEADER
	1|Ann|3|8.34|11.5|Wed|03|gift\\nbox; scarf\\twool; socks
	3|Cat|5|12.00|2.5|Thu|05|Hat; boots; Zip
	7|Gil|1|2.00||Mon|05|pen
	EOF
	crm-habits --from 2025-03-10 --to 2025-05-31 >actual &&
	test_cmp expect actual &&
	crm-habits --since 2025-03-10 --to 2025-05-31 >actual &&
	test_cmp expect actual
'

test_expect_success '--as-of ignores later purchases' '
	# Cat up to 05-10: 05-05 boots, 05-06 Hat, 05-08 Hat -> 3 days, 10.00,
	# gaps 1, 2 -> 1.5, Mon/Tue/Thu 1 each -> Mon; Hat 2, boots 1.
	tsv expect <<-EOF &&
	$HEADER
	1|Ann|4|20.01|7|Mon|03|socks; boots; gift\\nbox
	3|Cat|3|10.00|1.5|Mon|05|Hat; boots
	4|Dan|2|0.03|28|Mon|01|
	EOF
	crm-habits --as-of 2025-05-10 >actual &&
	test_cmp expect actual
'

test_expect_success 'a window without purchases prints the header only' '
	printf "%s\n" "$HEADER" | tr "|" "\t" >expect &&
	crm-habits --from 2025-06-11 --to 2025-06-20 >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err
'

test_expect_success '--format json escapes TAB and newline, numbers unquoted' '
	cat >expect <<-\EOF &&
	{"id":1,"name":"Ann","purchase_days":4,"mean_basket":20.01,"usual_gap":7,"weekday":"Mon","month":"03","top_items":"socks; boots; gift\nbox; scarf\twool"}
	{"id":2,"name":"Bob","purchase_days":1,"mean_basket":30.00,"usual_gap":null,"weekday":"Sat","month":"06","top_items":"boots"}
	EOF
	crm-habits --format json --items 4 --to 2025-06-07 >out &&
	head -n 2 out >actual &&
	test_cmp expect actual
'

test_expect_success '--format csv quotes a field with a newline' '
	# records end with CRLF (RFC 4180); the newline inside the field stays LF
	printf "%s\r\n" \
		"id,name,purchase_days,mean_basket,usual_gap,weekday,month,top_items" \
		"1,Ann,4,20.01,7,Mon,03,\"socks; boots; gift${LF}box\"" \
		"4,Dan,2,0.03,28,Mon,01," >expect &&
	crm-habits --format csv --as-of 2025-04-30 >actual &&
	test_cmp expect actual
'

test_expect_success 'with -, only the customers read' '
	tsv expect <<-EOF &&
	$HEADER
	3|Cat|5|12.00|2.5|Thu|05|Hat; boots; Zip
	7|Gil|3|2.00|7.5|Tue|06|pen
	EOF
	printf "id\n7\n3\n5\n" | crm-habits - >actual &&
	test_cmp expect actual
'

test_expect_success 'without -, stdin is not read' '
	crm-habits >expect &&
	echo 3 | crm-habits >actual &&
	test_cmp_nonempty expect actual
'

test_expect_success 'with - and an empty stdin: the header only' '
	printf "%s\n" "$HEADER" | tr "|" "\t" >expect &&
	crm-habits - </dev/null >actual &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# --item

BUYERS='id|name|items|purchases|last_purchase'

test_expect_success '--item boots --since: one row per buyer, returns left out' '
	# boots since 05-01: Bob 06-07, Cat 05-05 and 05-15; Fox only returned
	# boots; Ann bought hers in March.
	tsv expect <<-EOF &&
	$BUYERS
	2|Bob|boots|1|2025-06-07
	3|Cat|boots|2|2025-05-15
	EOF
	crm-habits --item boots --since 2025-05-01 >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err
'

test_expect_success '--item repeated: the items each customer bought, counted together' '
	# Ann: boots 03-03, socks 03-03 and 03-10 -> 3 purchases, last 03-10.
	tsv expect <<-EOF &&
	$BUYERS
	1|Ann|boots; socks|3|2025-03-10
	2|Bob|boots|1|2025-06-07
	3|Cat|boots|2|2025-05-15
	EOF
	crm-habits --item socks --item boots >actual &&
	test_cmp expect actual &&
	crm-habits --item socks --item boots --item socks >actual &&
	test_cmp expect actual
'

test_expect_success '--item without a glob character: the whole item, any case' '
	tsv expect <<-EOF &&
	$BUYERS
	3|Cat|Hat|2|2025-05-08
	EOF
	crm-habits --item Hat --item hat --item boot >actual &&
	test_cmp expect actual &&
	crm-habits --item HAT >actual &&
	test_cmp expect actual &&
	crm-habits --item hat >actual &&
	test_cmp expect actual
'

test_expect_success '--item globs: *, ?, [...], any case' '
	tsv expect <<-EOF &&
	$BUYERS
	1|Ann|boots|1|2025-03-03
	2|Bob|boots|1|2025-06-07
	3|Cat|boots|2|2025-05-15
	EOF
	crm-habits --item "*BOO*" >actual &&
	test_cmp expect actual &&
	crm-habits --item "b??ts" >actual &&
	test_cmp expect actual &&
	crm-habits --item "boot*" --item "*boot" >actual &&
	test_cmp expect actual &&
	tsv expect <<-EOF &&
	$BUYERS
	3|Cat|Hat; Zip|3|2025-05-11
	EOF
	crm-habits --item "[hz]?[pt]" >actual &&
	test_cmp expect actual &&
	tsv expect <<-EOF &&
	$BUYERS
	3|Cat|Zip|1|2025-05-11
	EOF
	crm-habits --item "[!a-y]*" --item "[x-z]IP" >actual &&
	test_cmp expect actual
'

test_expect_success '--item "*": every item bought, TAB and newline matched too' '
	crm-habits --item "*" >actual &&
	cut -f1,3 actual >got &&
	tsv expect <<-\EOF &&
	id|items
	1|boots; gift\nbox; scarf\twool; socks
	2|boots
	3|Hat; Zip; apron; boots
	7|pen
	EOF
	test_cmp expect got &&
	crm-habits --item "*wool" --item "gift?box" >actual &&
	cut -f3 actual >got &&
	printf "items\ngift\\\\nbox; scarf\\\\twool\n" >expect &&
	test_cmp expect got
'

test_expect_success '--item with a TAB and a newline in the text, printed escaped' '
	tsv expect <<-EOF &&
	$BUYERS
	1|Ann|gift\\nbox; scarf\\twool|2|2025-04-02
	EOF
	crm-habits --item "scarf${TAB}wool" --item "gift${LF}box" >actual &&
	test_cmp expect actual
'

test_expect_success '--item with --since and --to, and nobody: header only' '
	tsv expect <<-EOF &&
	$BUYERS
	3|Cat|Hat; boots|3|2025-05-08
	EOF
	crm-habits --item boots --item Hat --since 2025-05-02 --to 2025-05-10 >actual &&
	test_cmp expect actual &&
	printf "%s\n" "$BUYERS" | tr "|" "\t" >expect &&
	crm-habits --item boots --since 2025-06-08 >actual &&
	test_cmp expect actual &&
	crm-habits --item nothing-like-it >actual &&
	test_cmp expect actual
'

test_expect_success '--item output pipes into crm-categorize' '
	crm-habits --item boots --since 2025-05-01 | crm-categorize vip >out &&
	echo "2 changed" >expect &&
	test_cmp expect out &&
	crm-ls --category vip -H --columns id >actual &&
	printf "2\n3\n" >expect &&
	test_cmp expect actual
'

test_expect_success '--item output pipes into crm-thank' '
	crm-habits --item socks | crm-thank --how coupon >out &&
	crm-thank --list -H >list &&
	cut -f1,4 list >actual &&
	printf "1\tcoupon\n" >expect &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# --by

test_expect_success '--by weekday: all seven days, purchases one by one' '
	# Mon: Ann 03-03 x2, 03-10 (60.00); Cat 05-05 (10.00); Dan 01-06,
	#      02-03 (0.05); Gil 05-26 x2 (2.00) -> 8 purchases, 72.05, 4 buyers
	# Tue: Cat 05-06 (10.00), Gil 06-03, 06-10 (4.00) -> 3, 14.00, 2
	# Wed: Ann 03-12 (20.02), 04-02 (0.00; the return is left out) -> 2, 20.02, 1
	# Thu: Cat 05-08, 05-15 x2 -> 3, 30.00, 1
	# Sat: Bob -> 1, 30.00, 1; Sun: Cat 05-11 -> 1, 10.00, 1
	tsv expect <<-\EOF &&
	weekday|purchases|revenue|buyers
	Mon|8|72.05|4
	Tue|3|14.00|2
	Wed|2|20.02|1
	Thu|3|30.00|1
	Fri|0|0.00|0
	Sat|1|30.00|1
	Sun|1|10.00|1
	EOF
	crm-habits --by weekday >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err
'

test_expect_success '--by weekday in a window' '
	tsv expect <<-\EOF &&
	weekday|purchases|revenue|buyers
	Mon|0|0.00|0
	Tue|2|4.00|1
	Wed|0|0.00|0
	Thu|0|0.00|0
	Fri|0|0.00|0
	Sat|1|30.00|1
	Sun|0|0.00|0
	EOF
	crm-habits --by weekday --from 2025-06-01 >actual &&
	test_cmp expect actual
'

test_expect_success '--by month: all twelve months' '
	# 01 Dan 0.01; 02 Dan 0.04; 03 Ann 50 + 5 + 5 + 20.02 = 80.02 (4);
	# 04 Ann 0.00 (1); 05 Cat 6 x 10.00 + Gil 2 x 1.00 = 62.00 (8, 2 buyers);
	# 06 Bob 30.00 + Gil 2 x 2.00 = 34.00 (3, 2 buyers)
	tsv expect <<-\EOF &&
	month|purchases|revenue|buyers
	01|1|0.01|1
	02|1|0.04|1
	03|4|80.02|1
	04|1|0.00|1
	05|8|62.00|2
	06|3|34.00|2
	07|0|0.00|0
	08|0|0.00|0
	09|0|0.00|0
	10|0|0.00|0
	11|0|0.00|0
	12|0|0.00|0
	EOF
	crm-habits --by month >actual &&
	test_cmp expect actual
'

test_expect_success '--by month adds up the same month of different years' '
	crm-backup -q years.db &&
	crm-sale --db years.db -q 4 7.00 --date 2024-01-31 &&
	crm-habits --db years.db --by month -H >out &&
	head -n 1 out >actual &&
	printf "01\t2\t7.01\t1\n" >expect &&
	test_cmp expect actual
'

test_expect_success '--by item: most purchased first, ties in byte order, escaped' '
	# boots: Ann 50, Bob 30, Cat 2 x 10 -> 4, 100.00, 3 (the two returns
	# are left out); Hat 2 20.00; pen 2 2.00; socks 2 10.00; then the
	# single purchases: Zip < apron < gift... < scarf...; no row for the
	# purchases without an item.
	tsv expect <<-\EOF &&
	item|purchases|revenue|buyers
	boots|4|100.00|3
	Hat|2|20.00|1
	pen|2|2.00|1
	socks|2|10.00|1
	Zip|1|10.00|1
	apron|1|10.00|1
	gift\nbox|1|0.00|1
	scarf\twool|1|20.02|1
	EOF
	crm-habits --by item --as-of 2025-06-30 >actual &&
	test_cmp expect actual
'

test_expect_success '--by weekday with -: only the customers read' '
	tsv expect <<-\EOF &&
	weekday|purchases|revenue|buyers
	Mon|2|0.05|1
	Tue|0|0.00|0
	Wed|0|0.00|0
	Thu|0|0.00|0
	Fri|0|0.00|0
	Sat|1|30.00|1
	Sun|0|0.00|0
	EOF
	printf "2\n4\n" | crm-habits --by weekday - >actual &&
	test_cmp expect actual
'

test_expect_success '--by month --format json' '
	crm-habits --by month --format json >out &&
	sed -n 3p out >actual &&
	echo "{\"month\":\"03\",\"purchases\":4,\"revenue\":80.02,\"buyers\":1}" >expect &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# Refusals

test_expect_success 'an unknown --by is a usage error' '
	test_refused 64 "^crm-habits: --by: .foo." crm-habits --by foo
'

test_expect_success '--items out of range or not a number' '
	test_refused 64 "^crm-habits: --items" crm-habits --items -1 &&
	test_refused 64 "^crm-habits: --items" crm-habits --items 1001 &&
	test_refused 64 "^crm-habits: --items" crm-habits --items 3x
'

test_expect_success 'an empty --item, --item with --by, - with --item or --by item' '
	test_refused 64 "^crm-habits: --item" crm-habits --item "" &&
	test_refused 64 "^crm-habits: --item does not go with --by" \
		crm-habits --item boots --by weekday &&
	echo 1 >one &&
	test_refused 64 "^crm-habits: .-. does not go" crm-habits --item boots - <one &&
	test_refused 64 "^crm-habits: .-. does not go" crm-habits --by item - <one
'

test_expect_success 'bad dates, --from after --to, a stray operand' '
	test_refused 64 "^crm-habits: --to: .*2025-02-30" crm-habits --to 2025-02-30 &&
	test_refused 64 "^crm-habits: --as-of: .*2025-13-01" crm-habits --as-of 2025-13-01 &&
	test_refused 64 "^crm-habits: --from is after --to" \
		crm-habits --from 2025-06-01 --to 2025-05-01 &&
	test_refused 64 "^crm-habits: unexpected argument .7." crm-habits 7
'

test_expect_success 'a bad --since date is named as --since' '
	test_refused 64 "^crm-habits: --since: .*2025-02-30" \
		crm-habits --item boots --since 2025-02-30
'

test_expect_success 'an unknown customer on stdin with - is 66' '
	echo 99 >in &&
	test_refused 66 "^crm-habits: line 1: .*99" crm-habits - <in
'

test_expect_success 'a missing database is 66' '
	test_must_fail_with 66 crm-habits --db "$TRASH/none.db" >out 2>err &&
	test_one_line err
'

# ---------------------------------------------------------------------------
# crm-show

# yaml_section KEY FILE: the top-level KEY of a crm-show document in FILE
# with its indented lines, up to the next top-level key.
yaml_section () {
	awk -v k="$1:" '
		index($0, k) == 1 { on = 1; print; next }
		on && /^[^ ]/ { exit }
		on { print }
	' "$2"
}

test_expect_success 'crm-show: the habits section' '
	# Cat: scores over the whole base as of today (Ann, Bob, Cat, Dan, Gil;
	# N = 5, score = 1 + position):
	#   recency: Dan 147, Ann 89, Cat 46, Bob 23, Gil 20 -> Cat 3
	#   frequency: Bob 1, Dan 2, Gil 3, Ann 4, Cat 5 -> Cat 5
	#   monetary: Dan 0.05, Gil 6.00, Bob 30.00, Ann 30.02 (80.02 - 50.00),
	#             Cat 60.00 -> Cat 5
	#   355: loyal
	cat >expect <<-\EOF &&
	habits:
	  purchase_days: 5
	  mean_basket: 12.00
	  weekday: Thu
	  month: "05"
	  top_items:
	  - Hat
	  - boots
	  - Zip
	rfm:
	  code: "355"
	  segment: loyal
	EOF
	crm-show 3 >out &&
	{ yaml_section habits out && yaml_section rfm out; } >actual &&
	test_cmp expect actual
'

test_expect_success 'crm-show: a customer who never bought, one with only a return' '
	cat >expect <<-\EOF &&
	habits:
	  purchase_days: 0
	  mean_basket: null
	  weekday: null
	  month: null
	  top_items: []
	rfm: null
	EOF
	crm-show 5 >out &&
	{ yaml_section habits out && yaml_section rfm out; } >actual &&
	test_cmp expect actual &&
	crm-show 6 >out &&
	{ yaml_section habits out && yaml_section rfm out; } >actual &&
	test_cmp expect actual
'

test_expect_success 'crm-show --as-of: habits up to that date' '
	# Ann up to 03-11: 03-03 (boots, socks), 03-10 (socks) -> 2 days,
	# 60.00 / 2 = 30.00, Mon, 03, socks 2, boots 1.
	cat >expect <<-\EOF &&
	habits:
	  purchase_days: 2
	  mean_basket: 30.00
	  weekday: Mon
	  month: "03"
	  top_items:
	  - socks
	  - boots
	EOF
	crm-show --as-of 2025-03-11 1 >out &&
	yaml_section habits out >actual &&
	test_cmp expect actual
'

test_expect_success PYYAML 'crm-show: top items with a TAB and a newline parse back' '
	crm-show 1 >out &&
	python3 -c "
import sys, yaml
d = yaml.safe_load(open(\"out\"))
h = d[\"habits\"]
assert h[\"purchase_days\"] == 4, h
assert str(h[\"mean_basket\"]) == \"20.01\", h
assert h[\"weekday\"] == \"Mon\" and h[\"month\"] == \"03\", h
assert h[\"top_items\"] == [\"socks\", \"boots\", \"gift\nbox\"], h
" &&
	crm-show --as-of 2025-03-12 1 >out &&
	python3 -c "
import yaml
d = yaml.safe_load(open(\"out\"))
assert d[\"habits\"][\"top_items\"] == [\"socks\", \"boots\", \"scarf\twool\"], d[\"habits\"]
"
'

test_expect_success '--item folds the case of letters beyond ASCII, a character at a time' '
	printf "name\nHal\n" | crm-add -q &&
	tsv more <<-\EOF &&
	customer|date|amount|item
	8|2025-06-20|3.00|Käse
	8|2025-06-21|4.00|KÄSEKUCHEN
	8|2025-06-22|1.00|ચા
	8|2025-06-23|1.00|Öl
	EOF
	crm-sale -q <more &&
	crm-habits --item "käse*" --since 2025-06-20 >actual &&
	tsv expect <<-\EOF &&
	id|name|items|purchases|last_purchase
	8|Hal|KÄSEKUCHEN; Käse|2|2025-06-21
	EOF
	test_cmp expect actual &&
	crm-habits --item "?" --item "?l" --since 2025-06-20 >actual &&
	tsv expect <<-\EOF &&
	id|name|items|purchases|last_purchase
	8|Hal|Öl|1|2025-06-23
	EOF
	test_cmp expect actual &&
	crm-habits --item "??" --since 2025-06-20 >actual &&
	tsv expect <<-\EOF &&
	id|name|items|purchases|last_purchase
	8|Hal|Öl; ચા|2|2025-06-23
	EOF
	test_cmp expect actual
'

test_expect_success '--item matches items with quotes, backslashes, braces, commas' '
	tsv more <<-\EOF &&
	customer|date|amount|item
	8|2025-06-24|1.00|say "hi", {all}
	8|2025-06-25|1.00|back\\slash
	8|2025-06-26|1.00|NULL
	EOF
	crm-sale -q <more &&
	crm-habits --item "say*" --item "*\\*" --item null \
		--since 2025-06-24 >actual &&
	tsv expect <<-\EOF &&
	id|name|items|purchases|last_purchase
	8|Hal|NULL; back\\slash; say "hi", {all}|3|2025-06-26
	EOF
	test_cmp expect actual
'

test_done
