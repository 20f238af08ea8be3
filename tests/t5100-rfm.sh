#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm-rfm: quintile scores with ties, codes, segments, windows, --segment, --summary, segment maps, -, crm-show rfm'
. "$(dirname "$0")/lib.sh"

# Twelve customers; today is 2025-06-30.
#
#  id name purchases (amount)                                  last     days
#   1 Ada  06-30 300.00 + 200.00 (one day)                     06-30    1
#   2 Ben  2025-01-01 20.00                                    01-01    1
#   3 Cid  2024-07-01 20.00                                    2024     1
#   4 Dot  05-01 40.00, 06-20 60.00                            06-20    2
#   5 Eve  02-01 25.00, 03-02 25.00                            03-02    2
#   6 Fay  04-10, 05-10, 06-20 100.00 each                     06-20    3
#   7 Gus  03-25, 04-25, 05-25, 06-25 50.00 each               06-25    4
#   8 Hal  05-01, 05-10, 05-20, 05-31 25.00 each, and a return
#          06-15 -20.00 (not a purchase: recency stays 30)     05-31    4
#   9 Ivy  2024-10-01, 11-01, 12-01, 12-31 10.00 each          2024-12-31 4
#  10 Jo   01-29, 02-28, 03-29, 04-29 150.00, 05-29, 06-29 200.00 06-29 6
#  11 Kai  only a return 06-01 -5.00: did not buy, not scored
#  12 Lu   never bought
#
# All time, N = 10, score = 1 + floor(5p / 10) = 1 + floor(p / 2) where p
# is the position, worst first, of the first customer with an equal
# measure:
#
# recency_days to 06-30: Ada 0, Ben 180, Cid 364, Dot 10, Eve 120, Fay 10,
#   Gus 5, Hal 30, Ivy 181, Jo 1.
#   worst first: Cid p0 -> 1, Ivy p1 -> 1, Ben p2 -> 2, Eve p3 -> 2,
#   Hal p4 -> 3, Dot and Fay tie at p5, p6 -> both from p5 -> 3 (p6 alone
#   would be 4), Gus p7 -> 4, Jo p8 -> 5, Ada p9 -> 5.
# frequency: Ada 1, Ben 1, Cid 1, Dot 2, Eve 2, Fay 3, Gus 4, Hal 4, Ivy 4,
#   Jo 6: the three 1s at p0-2 -> 1 (p2 alone would be 2); the 2s at p3-4
#   -> 1 + floor(3/2) = 2; Fay p5 -> 3; the three 4s at p6-8 -> 4; Jo p9 -> 5.
# monetary (net): Ada 500, Ben 20, Cid 20, Dot 100, Eve 50, Fay 300,
#   Gus 200, Hal 100 - 20 = 80, Ivy 40, Jo 1000.
#   lowest first: Ben, Cid tie p0 -> 1; Ivy p2 -> 2; Eve p3 -> 2; Hal p4 -> 3;
#   Dot p5 -> 3; Gus p6 -> 4; Fay p7 -> 4; Ada p8 -> 5; Jo p9 -> 5.
#
# Codes and segments (first match of the built-in map):
#   Ada 515 promising ([45][12]?), Ben 211 hibernating, Cid 111 lost,
#   Dot 323 needs-attention (3[12]?), Eve 222 hibernating, Fay 334 loyal,
#   Gus 444 champions, Hal 343 loyal, Ivy 142 at-risk ([12][345]?),
#   Jo 555 champions.

test_expect_success 'setup' '
	crm-init &&
	printf "name\nAda\nBen\nCid\nDot\nEve\nFay\nGus\nHal\nIvy\nJo\nKai\nLu\n" >customers &&
	crm-add -q <customers &&
	tsv sales <<-\EOF &&
	customer|date|amount
	1|2025-06-30|300.00
	1|2025-06-30|200.00
	2|2025-01-01|20.00
	3|2024-07-01|20.00
	4|2025-05-01|40.00
	4|2025-06-20|60.00
	5|2025-02-01|25.00
	5|2025-03-02|25.00
	6|2025-04-10|100.00
	6|2025-05-10|100.00
	6|2025-06-20|100.00
	7|2025-03-25|50.00
	7|2025-04-25|50.00
	7|2025-05-25|50.00
	7|2025-06-25|50.00
	8|2025-05-01|25.00
	8|2025-05-10|25.00
	8|2025-05-20|25.00
	8|2025-05-31|25.00
	8|2025-06-15|-20.00
	9|2024-10-01|10.00
	9|2024-11-01|10.00
	9|2024-12-01|10.00
	9|2024-12-31|10.00
	10|2025-01-29|150.00
	10|2025-02-28|150.00
	10|2025-03-29|150.00
	10|2025-04-29|150.00
	10|2025-05-29|200.00
	10|2025-06-29|200.00
	11|2025-06-01|-5.00
	EOF
	crm-sale -q <sales
'

HEADER='id|name|recency_days|frequency|monetary|r|f|m|rfm|segment'

test_expect_success 'all time: scores by quintile, ties share the lower score' '
	tsv expect <<-EOF &&
	$HEADER
	1|Ada|0|1|500.00|5|1|5|515|promising
	2|Ben|180|1|20.00|2|1|1|211|hibernating
	3|Cid|364|1|20.00|1|1|1|111|lost
	4|Dot|10|2|100.00|3|2|3|323|needs-attention
	5|Eve|120|2|50.00|2|2|2|222|hibernating
	6|Fay|10|3|300.00|3|3|4|334|loyal
	7|Gus|5|4|200.00|4|4|4|444|champions
	8|Hal|30|4|80.00|3|4|3|343|loyal
	9|Ivy|181|4|40.00|1|4|2|142|at-risk
	10|Jo|1|6|1000.00|5|5|5|555|champions
	EOF
	crm-rfm >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err
'

test_expect_success 'the scores do not depend on the order of the sales' '
	crm-rfm >expect &&
	mkdir rev &&
	crm-init --db rev/crm.db &&
	crm-add --db rev/crm.db -q <customers &&
	{ head -n 1 sales && sed 1d sales | sort -r; } >rev/sales &&
	crm-sale --db rev/crm.db -q <rev/sales &&
	crm-rfm --db rev/crm.db >actual &&
	test_cmp_nonempty expect actual
'

test_expect_success '--summary: customers and net per segment, in map order' '
	# champions Gus 200 + Jo 1000; loyal Fay 300 + Hal 80; promising Ada;
	# needs-attention Dot; at-risk Ivy; hibernating Ben 20 + Eve 50; lost Cid
	tsv expect <<-\EOF &&
	segment|customers|net
	champions|2|1200.00
	loyal|2|380.00
	promising|1|500.00
	needs-attention|1|100.00
	at-risk|1|40.00
	hibernating|2|70.00
	lost|1|20.00
	EOF
	crm-rfm --summary >actual &&
	test_cmp expect actual
'

test_expect_success '--segment filters; a space stands for the hyphen, case does not count' '
	tsv expect <<-EOF &&
	$HEADER
	9|Ivy|181|4|40.00|1|4|2|142|at-risk
	EOF
	crm-rfm --segment at-risk >actual &&
	test_cmp expect actual &&
	crm-rfm --segment "at risk" >actual &&
	test_cmp expect actual &&
	crm-rfm --segment "At Risk" >actual &&
	test_cmp expect actual &&
	tsv expect <<-EOF &&
	$HEADER
	2|Ben|180|1|20.00|2|1|1|211|hibernating
	5|Eve|120|2|50.00|2|2|2|222|hibernating
	EOF
	crm-rfm --segment hibernating >actual &&
	test_cmp expect actual
'

test_expect_success '--segment with --summary: that segment only' '
	tsv expect <<-\EOF &&
	segment|customers|net
	needs-attention|1|100.00
	EOF
	crm-rfm --summary --segment "needs attention" >actual &&
	test_cmp expect actual
'

test_expect_success '--segment piped into crm-categorize' '
	crm-rfm --segment champions | crm-categorize vip --note "rfm champions" >out 2>err &&
	echo "2 changed" >expect &&
	test_cmp expect out &&
	test_must_be_empty err &&
	crm-ls --category vip -H --columns id,name >actual &&
	printf "7\tGus\n10\tJo\n" >expect &&
	test_cmp expect actual &&
	crm-rfm -H --segment loyal | crm-categorize problem >out &&
	echo "2 changed" >expect &&
	test_cmp expect out &&
	crm-ls --category problem -H --columns id >actual &&
	printf "6\n8\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'an unknown --segment is a usage error' '
	test_refused 64 "^crm-rfm: --segment: no segment .nope." crm-rfm --segment nope &&
	test_refused 64 "^crm-rfm: --segment: no segment .vip." crm-rfm --segment vip
'

# ---------------------------------------------------------------------------
# Windows

test_expect_success '--period month: the month to date; a return only is no purchase' '
	# June: Ada 06-30 500, Dot 06-20 60, Fay 06-20 100, Gus 06-25 50,
	# Jo 06-29 200; Hal and Kai only returned.  N = 5, score = 1 + p.
	# recency: Dot 10, Fay 10 (tie p0-1 -> 1), Gus 5 -> 3, Jo 1 -> 4, Ada 0 -> 5
	# frequency: all 1 -> 1
	# monetary: Gus 50 -> 1, Dot 60 -> 2, Fay 100 -> 3, Jo 200 -> 4, Ada 500 -> 5
	tsv expect <<-EOF &&
	$HEADER
	1|Ada|0|1|500.00|5|1|5|515|promising
	4|Dot|10|1|60.00|1|1|2|112|lost
	6|Fay|10|1|100.00|1|1|3|113|lost
	7|Gus|5|1|50.00|3|1|1|311|needs-attention
	10|Jo|1|1|200.00|4|1|4|414|promising
	EOF
	crm-rfm --period month >actual &&
	test_cmp expect actual
'

test_expect_success '--from, and --period year (the year to date), agree' '
	# 2025-01-01 to 06-30: Ada, Ben, Dot, Eve, Fay, Gus, Hal, Jo; N = 8,
	# score = 1 + floor(5p / 8): p0 1, p1 1, p2 2, p3 2, p4 3, p5 4, p6 4, p7 5.
	# recency: Ben 180 p0 1, Eve 120 p1 1, Hal 30 p2 2, Dot 10 and Fay 10
	#   p3-4 -> 2, Gus 5 p5 4, Jo 1 p6 4, Ada 0 p7 5
	# frequency: Ada 1, Ben 1 p0-1 -> 1; Dot 2, Eve 2 p2-3 -> 2; Fay 3 p4 3;
	#   Gus 4, Hal 4 p5-6 -> 4; Jo 6 p7 5
	# monetary: Ben 20 p0 1, Eve 50 p1 1, Hal 80 p2 2, Dot 100 p3 2,
	#   Gus 200 p4 3, Fay 300 p5 4, Ada 500 p6 4, Jo 1000 p7 5
	tsv expect <<-EOF &&
	$HEADER
	1|Ada|0|1|500.00|5|1|4|514|promising
	2|Ben|180|1|20.00|1|1|1|111|lost
	4|Dot|10|2|100.00|2|2|2|222|hibernating
	5|Eve|120|2|50.00|1|2|1|121|lost
	6|Fay|10|3|300.00|2|3|4|234|at-risk
	7|Gus|5|4|200.00|4|4|3|443|loyal
	8|Hal|30|4|80.00|2|4|2|242|at-risk
	10|Jo|1|6|1000.00|4|5|5|455|champions
	EOF
	crm-rfm --from 2025-01-01 >actual &&
	test_cmp expect actual &&
	crm-rfm --period year >actual &&
	test_cmp expect actual &&
	crm-rfm --period year --from 2025-01-01 >actual &&
	test_cmp expect actual
'

test_expect_success '--as-of: recency to that date, later sales ignored' '
	# May 2025 as of 05-31: Dot 05-01 40, Fay 05-10 100, Gus 05-25 50,
	# Hal 05-01..05-31 4 days 100 (the return comes later), Jo 05-29 200.
	# N = 5. recency: Dot 30 1, Fay 21 2, Gus 6 3, Jo 2 4, Hal 0 5;
	# frequency: four 1s p0-3 -> 1, Hal 4 -> 5;
	# monetary: Dot 40 1, Gus 50 2, Fay 100 and Hal 100 p2-3 -> 3, Jo 200 5.
	tsv expect <<-EOF &&
	$HEADER
	4|Dot|30|1|40.00|1|1|1|111|lost
	6|Fay|21|1|100.00|2|1|3|213|hibernating
	7|Gus|6|1|50.00|3|1|2|312|needs-attention
	8|Hal|0|4|100.00|5|5|3|553|loyal
	10|Jo|2|1|200.00|4|1|5|415|promising
	EOF
	crm-rfm --as-of 2025-05-31 --period month >actual &&
	test_cmp expect actual
'

test_expect_success 'a window with no buyers: header only, a message, status 0' '
	# 06-01 to 06-15: only the returns of Kai and Hal
	printf "%s\n" "$HEADER" | tr "|" "\t" >expect &&
	crm-rfm --period month --as-of 2025-06-15 >actual 2>err &&
	test_cmp expect actual &&
	echo "crm-rfm: no customer bought between 2025-06-01 and 2025-06-15" >expect.err &&
	test_cmp expect.err err
'

test_expect_success 'no buyers: -q silences the message; --summary lists every segment with zeros' '
	printf "%s\n" "$HEADER" | tr "|" "\t" >expect &&
	crm-rfm -q --period day --as-of 2025-06-28 >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err &&
	tsv expect <<-\EOF &&
	segment|customers|net
	champions|0|0.00
	loyal|0|0.00
	promising|0|0.00
	needs-attention|0|0.00
	at-risk|0|0.00
	hibernating|0|0.00
	lost|0|0.00
	EOF
	crm-rfm --summary --period day --as-of 2025-06-28 >actual 2>err &&
	test_cmp expect actual &&
	test_one_line err
'

test_expect_success 'an unknown --period, a bad date, --to, a stray operand: 64' '
	test_refused 64 "^crm-rfm: --period: .fortnight." crm-rfm --period fortnight &&
	test_refused 64 "^crm-rfm: --as-of" crm-rfm --as-of 2025-02-29 &&
	test_refused 64 "^crm-rfm: --from" crm-rfm --from 2025-1-1 &&
	test_refused 64 "^crm-rfm: .*--to" crm-rfm --to 2025-06-01 &&
	test_refused 64 "^crm-rfm: unexpected argument .3." crm-rfm 3
'

# ---------------------------------------------------------------------------
# Formats and the - operand

test_expect_success '--format json and csv' '
	cat >expect <<-\EOF &&
	{"id":9,"name":"Ivy","recency_days":181,"frequency":4,"monetary":40.00,"r":1,"f":4,"m":2,"rfm":"142","segment":"at-risk"}
	EOF
	crm-rfm --format json --segment at-risk >actual &&
	test_cmp expect actual &&
	printf "segment,customers,net\r\nchampions,2,1200.00\r\n" >expect &&
	crm-rfm --format csv --summary >out &&
	head -n 2 out >actual &&
	test_cmp expect actual
'

test_expect_success 'with -: only those customers, scored among everyone' '
	tsv expect <<-EOF &&
	$HEADER
	7|Gus|5|4|200.00|4|4|4|444|champions
	9|Ivy|181|4|40.00|1|4|2|142|at-risk
	EOF
	printf "id\n9\n7\n12\n" | crm-rfm - >actual &&
	test_cmp expect actual &&
	tsv expect <<-\EOF &&
	segment|customers|net
	champions|1|200.00
	loyal|0|0.00
	promising|0|0.00
	needs-attention|0|0.00
	at-risk|1|40.00
	hibernating|0|0.00
	lost|0|0.00
	EOF
	printf "9\n7\n" | crm-rfm --summary - >actual &&
	test_cmp expect actual
'

test_expect_success 'without -, stdin is not read; - with an empty stdin prints the header' '
	crm-rfm >expect &&
	echo 3 | crm-rfm >actual &&
	test_cmp_nonempty expect actual &&
	printf "%s\n" "$HEADER" | tr "|" "\t" >expect &&
	crm-rfm - </dev/null >actual &&
	test_cmp expect actual
'

test_expect_success 'an unknown customer on stdin with - is 66' '
	echo 99 >in &&
	test_refused 66 "^crm-rfm: line 1: .*99" crm-rfm - <in
'

# ---------------------------------------------------------------------------
# Segment maps in the configuration

test_expect_success 'a custom segment map: first match wins, in file order' '
	cat >custom.yaml <<-\EOF &&
	segments:
	  top: "5??"
	  middle: "[34]??"
	  rest: "???"
	EOF
	# r: Ada 5, Jo 5 -> top; Gus 4, Dot 3, Fay 3, Hal 3 -> middle;
	# Ben 2, Eve 2, Cid 1, Ivy 1 -> rest
	tsv expect <<-\EOF &&
	1|515|top
	2|211|rest
	3|111|rest
	4|323|middle
	5|222|rest
	6|334|middle
	7|444|middle
	8|343|middle
	9|142|rest
	10|555|top
	EOF
	crm-rfm --config custom.yaml -H >out &&
	cut -f1,9,10 out >actual &&
	test_cmp expect actual &&
	tsv expect <<-\EOF &&
	segment|customers|net
	top|2|1500.00
	middle|4|680.00
	rest|4|130.00
	EOF
	crm-rfm --config custom.yaml --summary >actual &&
	test_cmp expect actual &&
	tsv expect <<-EOF &&
	$HEADER
	1|Ada|0|1|500.00|5|1|5|515|top
	10|Jo|1|6|1000.00|5|5|5|555|top
	EOF
	crm-rfm --config custom.yaml --segment top >actual &&
	test_cmp expect actual &&
	test_refused 64 "^crm-rfm: --segment: no segment .champions." \
		crm-rfm --config custom.yaml --segment champions
'

test_expect_success 'a catch-all first takes everyone; empty segments are listed' '
	cat >first.yaml <<-\EOF &&
	segments:
	  everyone: "???"
	  best: "555"
	EOF
	tsv expect <<-\EOF &&
	segment|customers|net
	everyone|10|2310.00
	best|0|0.00
	EOF
	crm-rfm --config first.yaml --summary >actual &&
	test_cmp expect actual
'

test_expect_success 'the built-in map written out gives the same result' '
	cat >builtin.yaml <<-\EOF &&
	segments:
	  champions:       "[45][45][45]"
	  loyal:           "[345][345]?"
	  promising:       "[45][12]?"
	  needs-attention: "3[12]?"
	  at-risk:         "[12][345]?"
	  hibernating:     "2[12]?"
	  lost:            "1[12]?"
	EOF
	crm-rfm >expect &&
	crm-rfm --config builtin.yaml >actual &&
	test_cmp_nonempty expect actual &&
	CRM_CONFIG=$TRASH/builtin.yaml crm-rfm --summary >actual &&
	crm-rfm --summary >expect &&
	test_cmp_nonempty expect actual
'

test_expect_success 'a malformed map: a bad pattern, with line and column' '
	cat >bad.yaml <<-\EOF &&
	# segments for the shop
	segments:
	  good: "[45]??"
	  bad:  "6??"
	  rest: "???"
	EOF
	test_refused 78 "^crm-rfm: .*bad\.yaml:4:9: segment .bad.: the pattern" \
		crm-rfm --config bad.yaml
'

test_expect_success 'malformed maps: unquoted class, empty class, wrong length, name with a space, not a mapping' '
	printf "segments:\n  best: [45][45]?\n  rest: \"???\"\n" >m1.yaml &&
	test_refused 78 "^crm-rfm: .*m1\.yaml:2:[0-9]+: " crm-rfm --config m1.yaml &&
	printf "segments:\n  best: \"[]??\"\n  rest: \"???\"\n" >m2.yaml &&
	test_refused 78 "^crm-rfm: .*m2\.yaml:2:9: segment .best." crm-rfm --config m2.yaml &&
	printf "segments:\n  rest: \"???\"\n  best: \"55\"\n" >m3.yaml &&
	test_refused 78 "^crm-rfm: .*m3\.yaml:3:9: segment .best." crm-rfm --config m3.yaml &&
	printf "segments:\n  rest: \"???\"\n  best: \"5555\"\n" >m4.yaml &&
	test_refused 78 "^crm-rfm: .*m4\.yaml:3:9: segment .best." crm-rfm --config m4.yaml &&
	printf "segments:\n  \"at risk\": \"???\"\n" >m5.yaml &&
	test_refused 78 "^crm-rfm: .*m5\.yaml:2:3: a segment name must be one word" \
		crm-rfm --config m5.yaml &&
	printf "segments: [champions, lost]\n" >m6.yaml &&
	test_refused 78 "^crm-rfm: .*m6\.yaml:1:11: segments must be a mapping" \
		crm-rfm --config m6.yaml &&
	printf "segments:\n  best: \"[1-5]??\"\n" >m7.yaml &&
	test_refused 78 "^crm-rfm: .*m7\.yaml:2:9: segment .best." crm-rfm --config m7.yaml
'

test_expect_success 'a map that leaves a code in no segment: 78, naming the code' '
	cat >gap.yaml <<-\EOF &&
	segments:
	  high: "[45]??"
	  mid: "3??"
	  low: "2??"
	EOF
	# 1xx falls nowhere; the first code checked is 111
	test_refused 78 "^crm-rfm: .*gap\.yaml:2:3: segments: code 111 falls in no segment" \
		crm-rfm --config gap.yaml &&
	cat >gap2.yaml <<-\EOF &&
	segments:
	  most: "[1234]??"
	  five: "5[1234]?"
	  last: "55[1234]"
	EOF
	test_refused 78 "^crm-rfm: .*gap2\.yaml:2:3: segments: code 555 falls in no segment" \
		crm-rfm --config gap2.yaml &&
	printf "segments: {}\n" >gap3.yaml &&
	test_refused 78 "^crm-rfm: .*gap3\.yaml:1:11: segments: code 111" \
		crm-rfm --config gap3.yaml
'

test_expect_success 'a bad map stops every command, not only crm-rfm' '
	test_refused 78 "^crm-ls: .*gap\.yaml:2:3: segments: code 111" crm-ls --config gap.yaml
'

test_expect_success 'a map naming a segment twice is refused' '
	printf "segments:\n  a: \"5??\"\n  a: \"???\"\n" >dup.yaml &&
	test_refused 78 "^crm-rfm: .*dup\.yaml:3:3: " crm-rfm --config dup.yaml --summary
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

test_expect_success 'crm-show: the rfm section' '
	cat >expect <<-\EOF &&
	rfm:
	  code: "142"
	  segment: at-risk
	EOF
	crm-show 9 >out &&
	yaml_section rfm out >actual &&
	test_cmp expect actual &&
	crm-show 11 >out &&
	yaml_section rfm out >actual &&
	echo "rfm: null" >expect &&
	test_cmp expect actual &&
	crm-show 12 >out &&
	yaml_section rfm out >actual &&
	test_cmp expect actual
'

test_expect_success 'crm-show --as-of: scores over all time up to that date' '
	# As of 2025-05-31, all time: Ben, Cid, Dot, Eve, Fay, Gus, Hal, Ivy, Jo
	# (Ada bought later); N = 9, score = 1 + floor(5p / 9).
	# Hal: recency 0, the best, p8 -> 5; frequency 1, 1, 1 (Ben, Cid, Dot),
	#   2, 2 (Eve, Fay), 3 (Gus), 4, 4 (Hal, Ivy) at p6 -> 1 + floor(30/9) = 4,
	#   5 (Jo); monetary 20, 20, 40, 40, 50, then Hal 100 at p5 ->
	#   1 + floor(25/9) = 3, 150 (Gus), 200 (Fay), 800 (Jo).  So 543:
	#   loyal ([345][345]?; not champions, m is 3).
	cat >expect <<-\EOF &&
	rfm:
	  code: "543"
	  segment: loyal
	EOF
	crm-show --as-of 2025-05-31 8 >out &&
	yaml_section rfm out >actual &&
	test_cmp expect actual
'

test_expect_success 'crm-show: the segment comes from the configured map' '
	cat >expect <<-\EOF &&
	rfm:
	  code: "515"
	  segment: top
	EOF
	crm-show --config custom.yaml 1 >out &&
	yaml_section rfm out >actual &&
	test_cmp expect actual
'

test_done
