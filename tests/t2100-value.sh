#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm-value: per customer and period, --by category/source/reason, --unpaid, --as-of, windows'
. "$(dirname "$0")/lib.sh"

# The small data set (tests/data/customers-small.tsv, sales-small.tsv):
# twelve customers over 2024-2025, today is 2025-06-30.
#
#  id name category         source reason  created     sales (amount/cost ref)
#   1 Anna vip              fair   price   2024-01-05  2024-01-15 100/60 A1,
#        2024-03-31 50/30 A2, 2024-04-01 20/12 A3, 2025-02-10 80/50 A4,
#        2025-02-20 -20 (cost 12.50 coming back) A5 returns A4
#   2 Bo   regular          web    quality 2024-01-10  2024-02-29 30/20 B1,
#        2024-12-31 40/25 B2, 2025-01-01 10/6 B3
#   3 Cai  regular          fair   friend  2024-02-01  2024-05-15 200/150 C1,
#        2025-05-15 100/70 C2
#   4 Dag  problem          web    price   2024-03-01  2024-06-10 60/40 D1
#   5 Eli  employee         -      -       2024-01-01  2024-08-01 45/40 E1,
#        2025-06-30 15/10 E2
#   6 Fia  regular -> vip today  web quality 2024-09-01  2024-10-10 70/35 F1,
#        2025-04-01 30/15 F2
#   7 Gry  regular -> vip on 2024-07-01  fair friend 2024-02-15
#        2024-03-10 100/50 G1 (regular), 2024-09-10 100/50 G2 (vip)
#   8 Hal  regular          -      -       2024-10-01  only a return:
#        2024-11-05 -25 (cost 10 coming back) H1
#   9 Ida  regular          radio  -       2024-05-01  never bought
#  10 Jon  regular          web    price   2025-03-01  2025-02-15 25/15 J1
#        (before created: he counts from 2025-02-15), 2025-03-15 35/- J2
#  11 Kim  employee         -      -       2024-06-01  2025-06-01 50/30 K1 on credit
#  12 Liv  vip              fair   quality 2024-01-20  2024-02-29 10.10/5 L1,
#        2025-01-15 0.00/2 L2 (a free sample: a purchase of 0.00)
#
# Category wholesale is defined and has no customers.
# Per-sale profit (net - cost): A1 40, A2 20, A3 8, A4 30, A5 -20-(-12.50) =
# -7.50, B1 10, B2 15, B3 4, C1 50, C2 30, D1 20, E1 5, E2 5, F1 35, F2 15,
# G1 50, G2 50, H1 -25-(-10) = -15, J1 10, K1 20, L1 5.10, L2 -2; J2 has no
# cost: it is no profit, its 35 is uncosted (the last column).
# customers of a category = those in it on the period's last day, plus the
# buyers whose sales count for it though they are elsewhere by then.

test_expect_success 'setup: the small data set (Fia not yet moved)' '
	crm-init &&
	crm-categorize -q --define wholesale --discount 15 --description "Trade buyers" &&
	crm-add -q <"$TEST_DATA/customers-small.tsv" &&
	CRM_TODAY=2024-07-01 crm-categorize -q vip 7 &&
	crm-sale -q <"$TEST_DATA/sales-small.tsv"
'

# ---------------------------------------------------------------------------
# --by category and the category of a sale's date

# Year 2024; customers on 2024-12-31: employee {5,11}, problem {4},
# regular {2,3,6,8,9}, vip {1,7,12} (Gry since 2024-07-01), wholesale {}.
#  employee: E1 -> buyers 1, revenue 45, profit 5, per customer 5/2 = 2.50
#  problem: D1 -> 1 buyer, 60, 20, 20/1 = 20.00
#  regular: B1 B2 C1 F1 G1 H1 -> buyers {2,3,6,7} = 4 (Hal only returned:
#    he bought nothing), customers {2,3,6,8,9} + Gry (vip by then) = 6,
#    revenue 30+40+200+70+100 = 440,
#    profit 10+15+50+35+50-15 = 145, 145/6 = 24.17
#  vip: A1 A2 A3 G2 L1 -> buyers {1,7,12} = 3, revenue 100+50+20+100+10.10 =
#    280.10, profit 40+20+8+50+5.10 = 123.10, 123.10/3 = 41.033 -> 41.03
#  total profit 5+20+145+123.10 = 293.10; shares 5/293.1 = 1.71 -> 1.7,
#  20/293.1 = 6.82 -> 6.8, 145/293.1 = 49.47 -> 49.5, 123.1/293.1 = 41.9993 -> 42.0
cat >expect-2024 <<\EOF
2024	employee	2	1	45.00	5.00	2.50	1.7	0.00
2024	problem	1	1	60.00	20.00	20.00	6.8	0.00
2024	regular	6	4	440.00	145.00	24.17	49.5	0.00
2024	vip	3	3	280.10	123.10	41.03	42.0	0.00
2024	wholesale	0	0	0.00	0.00	0.00	0.0	0.00
EOF

test_expect_success '--by category --period year: 2024, before anyone moves' '
	crm-value --by category --period year -H >out 2>err &&
	grep "^2024" out >actual &&
	test_cmp expect-2024 actual &&
	test_must_be_empty err
'

test_expect_success 'moving Fia to vip today' '
	crm-categorize vip 6 >out &&
	echo "1 changed" >expect &&
	test_cmp expect out
'

# Year 2025 (to today); customers on 2025-06-30: employee {5,11}, problem {4},
# regular {2,3,8,9,10}, vip {1,6,7,12} (Fia moved today), wholesale {}.
#  employee: E2 K1 -> buyers 2, revenue 65, profit 5+20 = 25, 25/2 = 12.50
#  problem: nothing -> 1 0 0.00 0.00 0.00
#  regular: B3 C2 F2 J1 J2 (Fia's 2025-04-01 sale stays regular) -> buyers
#    {2,3,6,10} = 4, customers {2,3,8,9,10} + Fia = 6, revenue
#    10+100+30+25+35 = 200, profit 4+30+15+10 = 59 (J2 35 uncosted),
#    59/6 = 9.83
#  vip: A4 A5 L2 -> buyers {1,12} = 2, revenue 80 (gross), profit 30-7.50-2 =
#    20.50, 20.50/4 = 5.125 -> 5.13 (half away from zero)
#  total 25+59+20.50 = 104.50; 25/104.5 = 23.92 -> 23.9, 59/104.5 = 56.46 ->
#  56.5, 20.5/104.5 = 19.62 -> 19.6
test_expect_success '--by category --period year: a move today does not rewrite last year' '
	{
		printf "period\tcategory\tcustomers\tbuyers\trevenue\tprofit\tprofit_per_customer\tshare\tuncosted\n" &&
		cat expect-2024 &&
		tr "|" "\t" <<-\EOF
		2025|employee|2|2|65.00|25.00|12.50|23.9|0.00
		2025|problem|1|0|0.00|0.00|0.00|0.0|0.00
		2025|regular|6|4|200.00|59.00|9.83|56.5|35.00
		2025|vip|4|2|80.00|20.50|5.13|19.6|0.00
		2025|wholesale|0|0|0.00|0.00|0.00|0.0|0.00
		EOF
	} >expect &&
	crm-value --by category --period year >actual &&
	test_cmp expect actual
'

# The past year, 2024-07-01 to today; customers on 2025-06-30 as above.
#  employee: E1 K1 E2 -> 2 buyers, revenue 45+50+15 = 110, profit 5+20+5 = 30, 15.00
#  problem: 1 customer, no sales
#  regular: F1 H1 B2 B3 J1 J2 F2 C2 -> buyers {2,3,6,10} = 4, revenue
#    70+40+10+25+35+30+100 = 310, profit 35-15+15+4+10+35+15+30 = 129, 129/5 = 25.80
#  vip: G2 L2 A4 A5 -> buyers {1,7,12} = 3, revenue 100+0+80 = 180, profit
#    50-2+30-7.50 = 70.50, 70.50/4 = 17.625 -> 17.63
#  total 30+129+70.50 = 229.50; 30/229.5 = 13.07 -> 13.1, 129/229.5 = 56.21 ->
#  56.2, 70.5/229.5 = 30.72 -> 30.7
test_expect_success '--by category over the past year: sales keep the category of their date' '
	tsv expect <<-\EOF &&
	category|customers|buyers|revenue|profit|profit_per_customer|share|uncosted
	employee|2|2|110.00|30.00|15.00|15.4|0.00
	problem|1|0|0.00|0.00|0.00|0.0|0.00
	regular|6|4|310.00|94.00|15.67|48.3|35.00
	vip|4|3|180.00|70.50|17.63|36.2|0.00
	wholesale|0|0|0.00|0.00|0.00|0.0|0.00
	EOF
	crm-value --by category --from 2024-07-01 >actual &&
	test_cmp expect actual
'

# All time (the default period): customers on 2025-06-30 as above.
#  employee: revenue 45+65 = 110, profit 5+25 = 30, buyers {5,11}, 30/2 = 15.00
#  problem: 60, 20, 20.00
#  regular: buyers {2,3,6,7,10} = 5, revenue 440+200 = 640, profit 145+94 = 239,
#    239/5 = 47.80
#  vip: buyers {1,7,12} = 3, revenue 280.10+80 = 360.10, profit 123.10+20.50 =
#    143.60, 143.60/4 = 35.90
#  total 432.60; 30/432.6 = 6.93 -> 6.9, 20/432.6 = 4.62 -> 4.6,
#  239/432.6 = 55.25 -> 55.2, 143.6/432.6 = 33.19 -> 33.2
test_expect_success '--by category, all time: which group is most profitable' '
	tsv expect <<-\EOF &&
	category|customers|buyers|revenue|profit|profit_per_customer|share|uncosted
	employee|2|2|110.00|30.00|15.00|7.5|0.00
	problem|1|1|60.00|20.00|20.00|5.0|0.00
	regular|7|5|640.00|204.00|29.14|51.3|35.00
	vip|4|3|360.10|143.60|35.90|36.1|0.00
	wholesale|0|0|0.00|0.00|0.00|0.0|0.00
	EOF
	crm-value --by category >actual &&
	test_cmp expect actual &&
	crm-value --by category --period all >actual &&
	test_cmp expect actual
'

# 2025 by quarter.  2025-Q1, customers on 2025-03-31: regular
# {2,3,6,8,9,10} = 6 (Fia still regular), vip {1,7,12} = 3.
#  regular: B3 J1 J2 -> buyers {2,10}, revenue 10+25+35 = 70, profit 4+10+35 =
#    49, 49/6 = 8.167 -> 8.17
#  vip: L2 A4 A5 -> buyers {1,12}, revenue 80, profit -2+30-7.50 = 20.50,
#    20.50/3 = 6.833 -> 6.83
#  total 69.50: 49/69.5 = 70.50 -> 70.5, 20.5/69.5 = 29.50 -> 29.5
# 2025-Q2 (to 2025-06-30): regular {2,3,8,9,10} = 5, vip {1,6,7,12} = 4.
#  employee: K1 E2 -> 2 buyers, 65, 25, 12.50; regular: F2 (2025-04-01 is Q2)
#  C2 -> buyers {3,6}, 130, 15+30 = 45, 45/5 = 9.00; total 70:
#  25/70 = 35.71 -> 35.7, 45/70 = 64.29 -> 64.3
test_expect_success '--by category --period quarter: 03-31 and 04-01 fall in different quarters' '
	tsv expect <<-\EOF &&
	period|category|customers|buyers|revenue|profit|profit_per_customer|share|uncosted
	2025-Q1|employee|2|0|0.00|0.00|0.00|0.0|0.00
	2025-Q1|problem|1|0|0.00|0.00|0.00|0.0|0.00
	2025-Q1|regular|6|2|70.00|14.00|2.33|40.6|35.00
	2025-Q1|vip|3|2|80.00|20.50|6.83|59.4|0.00
	2025-Q1|wholesale|0|0|0.00|0.00|0.00|0.0|0.00
	2025-Q2|employee|2|2|65.00|25.00|12.50|35.7|0.00
	2025-Q2|problem|1|0|0.00|0.00|0.00|0.0|0.00
	2025-Q2|regular|6|2|130.00|45.00|7.50|64.3|0.00
	2025-Q2|vip|4|0|0.00|0.00|0.00|0.0|0.00
	2025-Q2|wholesale|0|0|0.00|0.00|0.00|0.0|0.00
	EOF
	crm-value --by category --period quarter --from 2025-01-01 >actual &&
	test_cmp expect actual
'

# 2024-06 .. 2024-09 by month; 2024-07 has no purchases at all.
# Customers at each month end: 06-30 regular {2,3,7,9} (Gry moves on 07-01),
# vip {1,12}, employee {5,11}; 07-31 and 08-31 regular {2,3,9}, vip {1,7,12};
# 09-30 regular {2,3,6,9} (Fia created 09-01).
#  2024-06: D1 problem 60/20; 2024-08: E1 employee 45/5, 5/2 = 2.50;
#  2024-09: G2 vip 100/50, 50/3 = 16.67
test_expect_success '--by category --period month: a month without purchases lists every category with zeros' '
	tsv expect <<-\EOF &&
	period|category|customers|buyers|revenue|profit|profit_per_customer|share|uncosted
	2024-06|employee|2|0|0.00|0.00|0.00|0.0|0.00
	2024-06|problem|1|1|60.00|20.00|20.00|100.0|0.00
	2024-06|regular|4|0|0.00|0.00|0.00|0.0|0.00
	2024-06|vip|2|0|0.00|0.00|0.00|0.0|0.00
	2024-06|wholesale|0|0|0.00|0.00|0.00|0.0|0.00
	2024-07|employee|2|0|0.00|0.00|0.00|0.0|0.00
	2024-07|problem|1|0|0.00|0.00|0.00|0.0|0.00
	2024-07|regular|3|0|0.00|0.00|0.00|0.0|0.00
	2024-07|vip|3|0|0.00|0.00|0.00|0.0|0.00
	2024-07|wholesale|0|0|0.00|0.00|0.00|0.0|0.00
	2024-08|employee|2|1|45.00|5.00|2.50|100.0|0.00
	2024-08|problem|1|0|0.00|0.00|0.00|0.0|0.00
	2024-08|regular|3|0|0.00|0.00|0.00|0.0|0.00
	2024-08|vip|3|0|0.00|0.00|0.00|0.0|0.00
	2024-08|wholesale|0|0|0.00|0.00|0.00|0.0|0.00
	2024-09|employee|2|0|0.00|0.00|0.00|0.0|0.00
	2024-09|problem|1|0|0.00|0.00|0.00|0.0|0.00
	2024-09|regular|4|0|0.00|0.00|0.00|0.0|0.00
	2024-09|vip|3|1|100.00|50.00|16.67|100.0|0.00
	2024-09|wholesale|0|0|0.00|0.00|0.00|0.0|0.00
	EOF
	crm-value --by category --period month --from 2024-06-01 --to 2024-09-30 >actual &&
	test_cmp expect actual
'

# July 2024 alone: customers on 2024-07-31 (Fia, Hal, Jon do not exist yet).
test_expect_success '--by category over a window without purchases: zeros, shares 0.0' '
	tsv expect <<-\EOF &&
	category|customers|buyers|revenue|profit|profit_per_customer|share|uncosted
	employee|2|0|0.00|0.00|0.00|0.0|0.00
	problem|1|0|0.00|0.00|0.00|0.0|0.00
	regular|3|0|0.00|0.00|0.00|0.0|0.00
	vip|3|0|0.00|0.00|0.00|0.0|0.00
	wholesale|0|0|0.00|0.00|0.00|0.0|0.00
	EOF
	crm-value --by category --from 2024-07-01 --to 2024-07-31 >actual &&
	test_cmp expect actual
'

# --as-of 2025-02-14: J1 (2025-02-15) and later sales are ignored; Jon
# (created 2025-03-01, first purchase 2025-02-15) does not exist yet; Fia is
# regular on that day.  regular {2,3,6,8,9} = 5, buyers {2,3,6,7} = 4,
# revenue 440+10 = 450, profit 145+4 = 149, 149/5 = 29.80;
# vip {1,7,12}: L2 A4 added to 2024: revenue 280.10+80 = 360.10,
# profit 123.10-2+30 = 151.10, 151.10/3 = 50.367 -> 50.37.
# total 5+20+149+151.10 = 325.10: 5/325.1 = 1.54 -> 1.5, 20/325.1 = 6.15 ->
# 6.2, 149/325.1 = 45.83 -> 45.8, 151.1/325.1 = 46.48 -> 46.5
test_expect_success '--by category --as-of: later purchases and later customers are ignored' '
	tsv expect <<-\EOF &&
	category|customers|buyers|revenue|profit|profit_per_customer|share|uncosted
	employee|2|1|45.00|5.00|2.50|1.5|0.00
	problem|1|1|60.00|20.00|20.00|6.2|0.00
	regular|6|4|450.00|149.00|24.83|45.8|0.00
	vip|3|3|360.10|151.10|50.37|46.5|0.00
	wholesale|0|0|0.00|0.00|0.00|0.0|0.00
	EOF
	crm-value --by category --as-of 2025-02-14 >actual &&
	test_cmp expect actual
'

# --as-of 2025-02-15: Jon's first purchase makes him a customer (created
# 2025-03-01 is later).  regular 6 customers, buyers {2,3,6,7,10} = 5,
# revenue 450+25 = 475, profit 149+10 = 159, 159/6 = 26.50;
# total 5+20+159+151.10 = 335.10: 5/335.1 = 1.49 -> 1.5, 20/335.1 = 5.97 ->
# 6.0, 159/335.1 = 47.45 -> 47.4, 151.1/335.1 = 45.09 -> 45.1
test_expect_success '--by category --as-of: a customer counts from his first purchase when it is before created' '
	tsv expect <<-\EOF &&
	category|customers|buyers|revenue|profit|profit_per_customer|share|uncosted
	employee|2|1|45.00|5.00|2.50|1.5|0.00
	problem|1|1|60.00|20.00|20.00|6.0|0.00
	regular|7|5|475.00|159.00|22.71|47.4|0.00
	vip|3|3|360.10|151.10|50.37|45.1|0.00
	wholesale|0|0|0.00|0.00|0.00|0.0|0.00
	EOF
	crm-value --by category --as-of 2025-02-15 >actual &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# --by source, --by reason (current values; absent is its own, empty, group)

# sources: fair {1,3,7,12}, web {2,4,6,10}, radio {9}, absent {5,8,11}
#  absent: buyers {5,11}, revenue 45+15+50 = 110, profit 10-15+20 = 15, 15/3 = 5.00
#  fair: revenue 250+300+200+10.10 = 760.10, profit 90.50+80+100+3.10 = 273.60,
#    273.60/4 = 68.40
#  radio: Ida never bought
#  web: revenue 80+60+100+60 = 300, profit 29+20+50+45 = 144, 144/4 = 36.00
#  total 432.60: 15/432.6 = 3.47 -> 3.5, 273.6/432.6 = 63.25 -> 63.2,
#  144/432.6 = 33.29 -> 33.3
test_expect_success '--by source' '
	tsv expect <<-\EOF &&
	source|customers|buyers|revenue|profit|profit_per_customer|share|uncosted
	|3|2|110.00|15.00|5.00|3.8|0.00
	fair|4|4|760.10|273.60|68.40|68.8|0.00
	radio|1|0|0.00|0.00|0.00|0.0|0.00
	web|4|4|300.00|109.00|27.25|27.4|35.00
	EOF
	crm-value --by source >actual &&
	test_cmp expect actual
'

# reasons: price {1,4,10}, quality {2,6,12}, friend {3,7}, absent {5,8,9,11}
#  absent: 4 customers, buyers {5,11}, 110, 15, 15/4 = 3.75
#  friend: 300+200 = 500, 80+100 = 180, 90.00
#  price: 250+60+60 = 370, 90.50+20+45 = 155.50, 155.50/3 = 51.833 -> 51.83
#  quality: 80+100+10.10 = 190.10, 29+50+3.10 = 82.10, 82.10/3 = 27.367 -> 27.37
#  total 432.60: 3.5, 180/432.6 = 41.61 -> 41.6, 155.5/432.6 = 35.95 -> 35.9,
#  82.1/432.6 = 18.98 -> 19.0
test_expect_success '--by reason' '
	tsv expect <<-\EOF &&
	reason|customers|buyers|revenue|profit|profit_per_customer|share|uncosted
	|4|2|110.00|15.00|3.75|3.8|0.00
	friend|2|2|500.00|180.00|90.00|45.3|0.00
	price|3|3|370.00|120.50|40.17|30.3|35.00
	quality|3|3|190.10|82.10|27.37|20.6|0.00
	EOF
	crm-value --by reason >actual &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# Per customer, every period

test_expect_success 'per customer, all time (the default): only customers with sales or returns' '
	tsv expect <<-\EOF &&
	id|period|purchases|revenue|returns|net|cost|profit|uncosted
	1|all|4|250.00|20.00|230.00|139.50|90.50|0.00
	2|all|3|80.00|0.00|80.00|51.00|29.00|0.00
	3|all|2|300.00|0.00|300.00|220.00|80.00|0.00
	4|all|1|60.00|0.00|60.00|40.00|20.00|0.00
	5|all|2|60.00|0.00|60.00|50.00|10.00|0.00
	6|all|2|100.00|0.00|100.00|50.00|50.00|0.00
	7|all|2|200.00|0.00|200.00|100.00|100.00|0.00
	8|all|0|0.00|25.00|-25.00|-10.00|-15.00|0.00
	10|all|2|60.00|0.00|60.00|15.00|10.00|35.00
	11|all|1|50.00|0.00|50.00|30.00|20.00|0.00
	12|all|2|10.10|0.00|10.10|7.00|3.10|0.00
	EOF
	crm-value >actual 2>err &&
	test_cmp expect actual &&
	test_must_be_empty err &&
	crm-value --period all >actual &&
	test_cmp expect actual
'

# Anna: cost 60+30+12+50-12.50 = 139.50 (the return's cost is subtracted).
# Liv: the 0.00 sample counts as a purchase; cost 5+2 = 7, profit 10.10-7 = 3.10.

test_expect_success 'per customer --period year' '
	tsv expect <<-\EOF &&
	id|period|purchases|revenue|returns|net|cost|profit|uncosted
	1|2024|3|170.00|0.00|170.00|102.00|68.00|0.00
	1|2025|1|80.00|20.00|60.00|37.50|22.50|0.00
	2|2024|2|70.00|0.00|70.00|45.00|25.00|0.00
	2|2025|1|10.00|0.00|10.00|6.00|4.00|0.00
	3|2024|1|200.00|0.00|200.00|150.00|50.00|0.00
	3|2025|1|100.00|0.00|100.00|70.00|30.00|0.00
	4|2024|1|60.00|0.00|60.00|40.00|20.00|0.00
	5|2024|1|45.00|0.00|45.00|40.00|5.00|0.00
	5|2025|1|15.00|0.00|15.00|10.00|5.00|0.00
	6|2024|1|70.00|0.00|70.00|35.00|35.00|0.00
	6|2025|1|30.00|0.00|30.00|15.00|15.00|0.00
	7|2024|2|200.00|0.00|200.00|100.00|100.00|0.00
	8|2024|0|0.00|25.00|-25.00|-10.00|-15.00|0.00
	10|2025|2|60.00|0.00|60.00|15.00|10.00|35.00
	11|2025|1|50.00|0.00|50.00|30.00|20.00|0.00
	12|2024|1|10.10|0.00|10.10|5.00|5.10|0.00
	12|2025|1|0.00|0.00|0.00|2.00|-2.00|0.00
	EOF
	crm-value --period year >actual &&
	test_cmp expect actual
'

test_expect_success 'per customer --period quarter: 2024-03-31 is Q1, 2024-04-01 is Q2' '
	tsv expect <<-\EOF &&
	id|period|purchases|revenue|returns|net|cost|profit|uncosted
	1|2024-Q1|2|150.00|0.00|150.00|90.00|60.00|0.00
	1|2024-Q2|1|20.00|0.00|20.00|12.00|8.00|0.00
	1|2025-Q1|1|80.00|20.00|60.00|37.50|22.50|0.00
	2|2024-Q1|1|30.00|0.00|30.00|20.00|10.00|0.00
	2|2024-Q4|1|40.00|0.00|40.00|25.00|15.00|0.00
	2|2025-Q1|1|10.00|0.00|10.00|6.00|4.00|0.00
	3|2024-Q2|1|200.00|0.00|200.00|150.00|50.00|0.00
	3|2025-Q2|1|100.00|0.00|100.00|70.00|30.00|0.00
	4|2024-Q2|1|60.00|0.00|60.00|40.00|20.00|0.00
	5|2024-Q3|1|45.00|0.00|45.00|40.00|5.00|0.00
	5|2025-Q2|1|15.00|0.00|15.00|10.00|5.00|0.00
	6|2024-Q4|1|70.00|0.00|70.00|35.00|35.00|0.00
	6|2025-Q2|1|30.00|0.00|30.00|15.00|15.00|0.00
	7|2024-Q1|1|100.00|0.00|100.00|50.00|50.00|0.00
	7|2024-Q3|1|100.00|0.00|100.00|50.00|50.00|0.00
	8|2024-Q4|0|0.00|25.00|-25.00|-10.00|-15.00|0.00
	10|2025-Q1|2|60.00|0.00|60.00|15.00|10.00|35.00
	11|2025-Q2|1|50.00|0.00|50.00|30.00|20.00|0.00
	12|2024-Q1|1|10.10|0.00|10.10|5.00|5.10|0.00
	12|2025-Q1|1|0.00|0.00|0.00|2.00|-2.00|0.00
	EOF
	crm-value --period quarter >actual &&
	test_cmp expect actual
'

test_expect_success 'per customer --period month: months without sales have no rows' '
	tsv expect <<-\EOF &&
	id|period|purchases|revenue|returns|net|cost|profit|uncosted
	1|2024-01|1|100.00|0.00|100.00|60.00|40.00|0.00
	1|2024-03|1|50.00|0.00|50.00|30.00|20.00|0.00
	1|2024-04|1|20.00|0.00|20.00|12.00|8.00|0.00
	1|2025-02|1|80.00|20.00|60.00|37.50|22.50|0.00
	2|2024-02|1|30.00|0.00|30.00|20.00|10.00|0.00
	2|2024-12|1|40.00|0.00|40.00|25.00|15.00|0.00
	2|2025-01|1|10.00|0.00|10.00|6.00|4.00|0.00
	3|2024-05|1|200.00|0.00|200.00|150.00|50.00|0.00
	3|2025-05|1|100.00|0.00|100.00|70.00|30.00|0.00
	4|2024-06|1|60.00|0.00|60.00|40.00|20.00|0.00
	5|2024-08|1|45.00|0.00|45.00|40.00|5.00|0.00
	5|2025-06|1|15.00|0.00|15.00|10.00|5.00|0.00
	6|2024-10|1|70.00|0.00|70.00|35.00|35.00|0.00
	6|2025-04|1|30.00|0.00|30.00|15.00|15.00|0.00
	7|2024-03|1|100.00|0.00|100.00|50.00|50.00|0.00
	7|2024-09|1|100.00|0.00|100.00|50.00|50.00|0.00
	8|2024-11|0|0.00|25.00|-25.00|-10.00|-15.00|0.00
	10|2025-02|1|25.00|0.00|25.00|15.00|10.00|0.00
	10|2025-03|1|35.00|0.00|35.00|0.00|0.00|35.00
	11|2025-06|1|50.00|0.00|50.00|30.00|20.00|0.00
	12|2024-02|1|10.10|0.00|10.10|5.00|5.10|0.00
	12|2025-01|1|0.00|0.00|0.00|2.00|-2.00|0.00
	EOF
	crm-value --period month >actual &&
	test_cmp expect actual
'

# ISO weeks (Monday first; week 1 holds the year's first Thursday):
# 2024-01-01 and 2024-12-30 are Mondays, so 2024-W01 starts 2024-01-01 and
# 2025-W01 starts 2024-12-30: 2024-12-31 (Bo) is 2025-W01 with 2025-01-01.
# Week = 1 + (days since the week-1 Monday) / 7:
#  2024-01-15 14d -> W03; 2024-02-29 59d -> W09; 2024-03-10 69d -> W10;
#  2024-03-31 90d -> W13; 2024-04-01 91d -> W14; 2024-05-15 135d -> W20;
#  2024-06-10 161d -> W24; 2024-08-01 213d -> W31; 2024-09-10 253d -> W37;
#  2024-10-10 283d -> W41; 2024-11-05 309d -> W45;
#  2025-01-15 16d -> W03; 2025-02-10 42d -> W07; 2025-02-15 47d -> W07;
#  2025-02-20 52d -> W08; 2025-03-15 75d -> W11; 2025-04-01 92d -> W14;
#  2025-05-15 136d -> W20; 2025-06-01 153d -> W22; 2025-06-30 182d -> W27
# Bo 2025-W01: B2+B3 = 40+10 = 50, cost 31, profit 19.
test_expect_success 'per customer --period week: ISO weeks, 2024-12-31 is 2025-W01' '
	tsv expect <<-\EOF &&
	id|period|purchases|revenue|returns|net|cost|profit|uncosted
	1|2024-W03|1|100.00|0.00|100.00|60.00|40.00|0.00
	1|2024-W13|1|50.00|0.00|50.00|30.00|20.00|0.00
	1|2024-W14|1|20.00|0.00|20.00|12.00|8.00|0.00
	1|2025-W07|1|80.00|0.00|80.00|50.00|30.00|0.00
	1|2025-W08|0|0.00|20.00|-20.00|-12.50|-7.50|0.00
	2|2024-W09|1|30.00|0.00|30.00|20.00|10.00|0.00
	2|2025-W01|2|50.00|0.00|50.00|31.00|19.00|0.00
	3|2024-W20|1|200.00|0.00|200.00|150.00|50.00|0.00
	3|2025-W20|1|100.00|0.00|100.00|70.00|30.00|0.00
	4|2024-W24|1|60.00|0.00|60.00|40.00|20.00|0.00
	5|2024-W31|1|45.00|0.00|45.00|40.00|5.00|0.00
	5|2025-W27|1|15.00|0.00|15.00|10.00|5.00|0.00
	6|2024-W41|1|70.00|0.00|70.00|35.00|35.00|0.00
	6|2025-W14|1|30.00|0.00|30.00|15.00|15.00|0.00
	7|2024-W10|1|100.00|0.00|100.00|50.00|50.00|0.00
	7|2024-W37|1|100.00|0.00|100.00|50.00|50.00|0.00
	8|2024-W45|0|0.00|25.00|-25.00|-10.00|-15.00|0.00
	10|2025-W07|1|25.00|0.00|25.00|15.00|10.00|0.00
	10|2025-W11|1|35.00|0.00|35.00|0.00|0.00|35.00
	11|2025-W22|1|50.00|0.00|50.00|30.00|20.00|0.00
	12|2024-W09|1|10.10|0.00|10.10|5.00|5.10|0.00
	12|2025-W03|1|0.00|0.00|0.00|2.00|-2.00|0.00
	EOF
	crm-value --period week >actual &&
	test_cmp expect actual
'

test_expect_success 'per customer --period day: the leap day 2024-02-29 is a day like any other' '
	tsv expect <<-\EOF &&
	id|period|purchases|revenue|returns|net|cost|profit|uncosted
	1|2024-01-15|1|100.00|0.00|100.00|60.00|40.00|0.00
	1|2024-03-31|1|50.00|0.00|50.00|30.00|20.00|0.00
	1|2024-04-01|1|20.00|0.00|20.00|12.00|8.00|0.00
	1|2025-02-10|1|80.00|0.00|80.00|50.00|30.00|0.00
	1|2025-02-20|0|0.00|20.00|-20.00|-12.50|-7.50|0.00
	2|2024-02-29|1|30.00|0.00|30.00|20.00|10.00|0.00
	2|2024-12-31|1|40.00|0.00|40.00|25.00|15.00|0.00
	2|2025-01-01|1|10.00|0.00|10.00|6.00|4.00|0.00
	3|2024-05-15|1|200.00|0.00|200.00|150.00|50.00|0.00
	3|2025-05-15|1|100.00|0.00|100.00|70.00|30.00|0.00
	4|2024-06-10|1|60.00|0.00|60.00|40.00|20.00|0.00
	5|2024-08-01|1|45.00|0.00|45.00|40.00|5.00|0.00
	5|2025-06-30|1|15.00|0.00|15.00|10.00|5.00|0.00
	6|2024-10-10|1|70.00|0.00|70.00|35.00|35.00|0.00
	6|2025-04-01|1|30.00|0.00|30.00|15.00|15.00|0.00
	7|2024-03-10|1|100.00|0.00|100.00|50.00|50.00|0.00
	7|2024-09-10|1|100.00|0.00|100.00|50.00|50.00|0.00
	8|2024-11-05|0|0.00|25.00|-25.00|-10.00|-15.00|0.00
	10|2025-02-15|1|25.00|0.00|25.00|15.00|10.00|0.00
	10|2025-03-15|1|35.00|0.00|35.00|0.00|0.00|35.00
	11|2025-06-01|1|50.00|0.00|50.00|30.00|20.00|0.00
	12|2024-02-29|1|10.10|0.00|10.10|5.00|5.10|0.00
	12|2025-01-15|1|0.00|0.00|0.00|2.00|-2.00|0.00
	EOF
	crm-value --period day >actual &&
	test_cmp expect actual
'

test_expect_success 'the leap day alone: --from 2024-02-29 --to 2024-02-29' '
	tsv expect <<-\EOF &&
	id|period|purchases|revenue|returns|net|cost|profit|uncosted
	2|all|1|30.00|0.00|30.00|20.00|10.00|0.00
	12|all|1|10.10|0.00|10.10|5.00|5.10|0.00
	EOF
	crm-value --from 2024-02-29 --to 2024-02-29 >actual &&
	test_cmp expect actual
'

test_expect_success 'a window with no purchases prints only the header' '
	printf "id\tperiod\tpurchases\trevenue\treturns\tnet\tcost\tprofit\tuncosted\n" >expect &&
	crm-value --from 2024-07-01 --to 2024-07-31 >actual &&
	test_cmp expect actual &&
	crm-value --period month --from 2024-07-01 --to 2024-07-31 >actual &&
	test_cmp expect actual &&
	crm-value -H --from 2024-07-01 --to 2024-07-31 >actual &&
	test_must_be_empty actual
'

test_expect_success 'quarter boundaries: --from 2024-04-01 --to 2024-06-30 leaves out 2024-03-31' '
	tsv expect <<-\EOF &&
	id|period|purchases|revenue|returns|net|cost|profit|uncosted
	1|2024-Q2|1|20.00|0.00|20.00|12.00|8.00|0.00
	3|2024-Q2|1|200.00|0.00|200.00|150.00|50.00|0.00
	4|2024-Q2|1|60.00|0.00|60.00|40.00|20.00|0.00
	EOF
	crm-value --period quarter --from 2024-04-01 --to 2024-06-30 >actual &&
	test_cmp expect actual
'

test_expect_success '--period month --from 2025-01-01 --to 2025-12-31 (a --to after today)' '
	tsv expect <<-\EOF &&
	id|period|purchases|revenue|returns|net|cost|profit|uncosted
	1|2025-02|1|80.00|20.00|60.00|37.50|22.50|0.00
	2|2025-01|1|10.00|0.00|10.00|6.00|4.00|0.00
	3|2025-05|1|100.00|0.00|100.00|70.00|30.00|0.00
	5|2025-06|1|15.00|0.00|15.00|10.00|5.00|0.00
	6|2025-04|1|30.00|0.00|30.00|15.00|15.00|0.00
	10|2025-02|1|25.00|0.00|25.00|15.00|10.00|0.00
	10|2025-03|1|35.00|0.00|35.00|0.00|0.00|35.00
	11|2025-06|1|50.00|0.00|50.00|30.00|20.00|0.00
	12|2025-01|1|0.00|0.00|0.00|2.00|-2.00|0.00
	EOF
	crm-value --period month --from 2025-01-01 --to 2025-12-31 >actual &&
	test_cmp expect actual
'

# --as-of 2025-02-14: A5 (02-20), J1, J2, C2, F2, K1, E2 are later.
# Anna: A1..A4 = 4 purchases, 250, cost 60+30+12+50 = 152, profit 98.
test_expect_success 'per customer --as-of ignores later purchases' '
	tsv expect <<-\EOF &&
	id|period|purchases|revenue|returns|net|cost|profit|uncosted
	1|all|4|250.00|0.00|250.00|152.00|98.00|0.00
	2|all|3|80.00|0.00|80.00|51.00|29.00|0.00
	3|all|1|200.00|0.00|200.00|150.00|50.00|0.00
	4|all|1|60.00|0.00|60.00|40.00|20.00|0.00
	5|all|1|45.00|0.00|45.00|40.00|5.00|0.00
	6|all|1|70.00|0.00|70.00|35.00|35.00|0.00
	7|all|2|200.00|0.00|200.00|100.00|100.00|0.00
	8|all|0|0.00|25.00|-25.00|-10.00|-15.00|0.00
	12|all|2|10.10|0.00|10.10|7.00|3.10|0.00
	EOF
	crm-value --as-of 2025-02-14 >actual &&
	test_cmp expect actual
'

test_expect_success 'the same report with CRM_TODAY in the past' '
	CRM_TODAY=2025-02-14 crm-value >actual &&
	test_cmp expect actual
'

test_expect_success '"-" limits the report to the customers read from stdin' '
	tsv expect <<-\EOF &&
	id|period|purchases|revenue|returns|net|cost|profit|uncosted
	3|2024|1|200.00|0.00|200.00|150.00|50.00|0.00
	3|2025|1|100.00|0.00|100.00|70.00|30.00|0.00
	8|2024|0|0.00|25.00|-25.00|-10.00|-15.00|0.00
	EOF
	printf "8\n3\n9\n" | crm-value --period year - >actual &&
	test_cmp expect actual
'

test_expect_success 'without "-" stdin is not read: an empty stdin cannot empty the report' '
	crm-value >expect &&
	crm-value </dev/null >actual &&
	test_cmp_nonempty expect actual &&
	echo 3 | crm-value >actual &&
	test_cmp_nonempty expect actual
'

test_expect_success '--format csv' '
	printf "%s\r\n" "id,period,purchases,revenue,returns,net,cost,profit,uncosted" \
		"8,all,0,0.00,25.00,-25.00,-10.00,-15.00,0.00" >expect &&
	echo 8 | crm-value --format csv - >actual &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# Open credit

test_expect_success '--unpaid lists open credit: Kim owes K1 since 2025-06-01 (29 days)' '
	tsv expect <<-\EOF &&
	id|name|ref|date|amount|age_days
	11|Kim|K1|2025-06-01|50.00|29
	EOF
	crm-value --unpaid >actual &&
	test_cmp expect actual
'

test_expect_success '--unpaid orders by date then id; --as-of hides later credit' '
	crm-sale -q --unpaid --date 2025-06-01 --ref K0 --cost 1.00 2 9.99 &&
	crm-sale -q --unpaid --date 2025-05-31 --ref K2 3 12.00 &&
	tsv expect <<-\EOF &&
	id|name|ref|date|amount|age_days
	3|Cai|K2|2025-05-31|12.00|30
	2|Bo|K0|2025-06-01|9.99|29
	11|Kim|K1|2025-06-01|50.00|29
	EOF
	crm-value --unpaid >actual &&
	test_cmp expect actual &&
	tsv expect <<-\EOF &&
	id|name|ref|date|amount|age_days
	3|Cai|K2|2025-05-31|12.00|0
	EOF
	crm-value --unpaid --as-of 2025-05-31 >actual &&
	test_cmp expect actual
'

test_expect_success '--pay settles a sale: it leaves --unpaid, the value is unchanged' '
	crm-value --period year >before &&
	crm-sale --pay K1 >out 2>err &&
	test_must_be_empty out &&
	tsv expect <<-\EOF &&
	id|name|ref|date|amount|age_days
	3|Cai|K2|2025-05-31|12.00|30
	2|Bo|K0|2025-06-01|9.99|29
	EOF
	crm-value --unpaid >actual &&
	test_cmp expect actual &&
	crm-value --period year >after &&
	test_cmp before after
'

test_expect_success '--pay twice is refused (65), an unknown ref is 66' '
	test_refused 65 "^crm-sale: .*K1" crm-sale --pay K1 &&
	test_refused 66 "^crm-sale: .*NOPE" crm-sale --pay NOPE
'

# ---------------------------------------------------------------------------
# Bad options

test_expect_success 'bad options are usage errors (64)' '
	test_must_fail_with 64 crm-value --period fortnight 2>err &&
	test_must_fail_with 64 crm-value --from 2025-02-30 2>err &&
	test_must_fail_with 64 crm-value --as-of 2025-13-01 2>err &&
	test_must_fail_with 64 crm-value --by colour 2>err &&
	test_must_fail_with 64 crm-value --format xml 2>err
'

test_expect_success 'a missing database is 66 for a report' '
	test_must_fail_with 66 crm-value --db "$TRASH/nope.db" >out 2>err &&
	test_must_be_empty out &&
	test_stderr_matches "^crm-value: " err &&
	test ! -e "$TRASH/nope.db"
'

# ---------------------------------------------------------------------------
# ISO week 2020-W53 and calendar years, in a database of their own

# 2019-12-30 is a Monday: 2020-W01 (ISO year 2020, calendar year 2019).
# 2020-12-31 (Thursday) and 2021-01-03 (Sunday) are both 2020-W53;
# 2021-01-04 (Monday) is 2021-W01.
test_expect_success 'setup: sales around the turn of 2020' '
	crm-init --db weeks.db &&
	crm-add -q --db weeks.db --name Wim --created 2019-01-01 &&
	tsv in <<-\EOF &&
	customer|date|amount|cost|ref
	1|2019-12-30|1.00||W1
	1|2020-12-31|2.00||W2
	1|2021-01-03|3.00|0.50|W3
	1|2021-01-04|4.00||W4
	EOF
	crm-sale -q --db weeks.db <in
'

test_expect_success 'ISO weeks: 2020-12-31 and 2021-01-03 are both 2020-W53' '
	tsv expect <<-\EOF &&
	id|period|purchases|revenue|returns|net|cost|profit|uncosted
	1|2020-W01|1|1.00|0.00|1.00|0.00|0.00|1.00
	1|2020-W53|2|5.00|0.00|5.00|0.50|2.50|2.00
	1|2021-W01|1|4.00|0.00|4.00|0.00|0.00|4.00
	EOF
	crm-value --db weeks.db --period week >actual &&
	test_cmp expect actual
'

test_expect_success 'years are calendar years, not ISO years' '
	tsv expect <<-\EOF &&
	id|period|purchases|revenue|returns|net|cost|profit|uncosted
	1|2019|1|1.00|0.00|1.00|0.00|0.00|1.00
	1|2020|1|2.00|0.00|2.00|0.00|0.00|2.00
	1|2021|2|7.00|0.00|7.00|0.50|2.50|4.00
	EOF
	crm-value --db weeks.db --period year >actual &&
	test_cmp expect actual &&
	tsv expect <<-\EOF &&
	id|period|purchases|revenue|returns|net|cost|profit|uncosted
	1|2019-Q4|1|1.00|0.00|1.00|0.00|0.00|1.00
	1|2020-Q4|1|2.00|0.00|2.00|0.00|0.00|2.00
	1|2021-Q1|2|7.00|0.00|7.00|0.50|2.50|4.00
	EOF
	crm-value --db weeks.db --period quarter >actual &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# 1,000 sales of 0.10

test_expect_success '1,000 sales of 0.10 sum to exactly 100.00' '
	crm-init --db dimes.db &&
	crm-add -q --db dimes.db --name Penny --created 2025-01-01 &&
	{
		echo "customer${TAB}date${TAB}amount${TAB}cost${TAB}ref" &&
		i=1 &&
		while [ $i -le 1000 ]; do
			echo "1${TAB}2025-06-01${TAB}0.10${TAB}0.03${TAB}D$i" &&
			i=$((i + 1)) || return 1
		done
	} >dimes.tsv &&
	crm-sale --db dimes.db <dimes.tsv 2>err &&
	echo "crm-sale: 1000 added, 0 already recorded" >expect &&
	test_cmp expect err &&
	tsv expect <<-\EOF &&
	id|period|purchases|revenue|returns|net|cost|profit|uncosted
	1|all|1000|100.00|0.00|100.00|30.00|70.00|0.00
	EOF
	crm-value --db dimes.db >actual &&
	test_cmp expect actual &&
	tsv expect <<-\EOF &&
	category|customers|buyers|revenue|profit|profit_per_customer|share|uncosted
	employee|0|0|0.00|0.00|0.00|0.0|0.00
	problem|0|0|0.00|0.00|0.00|0.0|0.00
	regular|1|1|100.00|70.00|70.00|100.0|0.00
	vip|0|0|0.00|0.00|0.00|0.0|0.00
	EOF
	crm-value --db dimes.db --by category >actual &&
	test_cmp expect actual
'

# ---------------------------------------------------------------------------
# Currencies with 0 and 3 minor digits

test_expect_success 'minor_digits: 0 prints whole units' '
	echo "minor_digits: 0" >zero.yaml &&
	crm-init --db zero.db --config zero.yaml &&
	crm-add -q --db zero.db --config zero.yaml --name Yen --created 2025-01-01 &&
	tsv in <<-\EOF &&
	customer|date|amount|cost|ref
	1|2025-03-01|1500|1000|Z1
	1|2025-03-02|-300|200|Z2
	1|2025-03-03|7||Z3
	EOF
	crm-sale -q --db zero.db --config zero.yaml <in &&
	tsv expect <<-\EOF &&
	id|period|purchases|revenue|returns|net|cost|profit|uncosted
	1|all|2|1507|300|1207|800|400|7
	EOF
	crm-value --db zero.db --config zero.yaml >actual &&
	test_cmp expect actual &&
	printf "1\t1\tYen\tregular\t1207\t100.0\t100.0\n" >expect &&
	crm-top --db zero.db --config zero.yaml -H >actual &&
	test_cmp expect actual
'

test_expect_success 'minor_digits: 0 refuses a fraction' '
	tsv in <<-\EOF &&
	customer|date|amount|ref
	1|2025-03-04|12|Z4
	1|2025-03-04|12.5|Z5
	EOF
	test_refused 65 "^crm-sale: line 3: " crm-sale --db zero.db --config zero.yaml <in &&
	test_must_fail_with 64 crm-sale --db zero.db --config zero.yaml 1 12.5 2>err &&
	test_stderr_matches "^crm-sale: .*12\.5" err
'

# Three digits: 1.234 + 0.1 (= 0.100) + 2 (= 2.000) = 3.334; cost 0.5 = 0.500;
# return -0.034, cost 0.010 coming back: net 3.300, cost 0.490, profit 2.810
test_expect_success 'minor_digits: 3 prints three digits' '
	echo "minor_digits: 3" >three.yaml &&
	crm-init --db three.db --config three.yaml &&
	crm-add -q --db three.db --config three.yaml --name Dinar --created 2025-01-01 &&
	tsv in <<-\EOF &&
	customer|date|amount|cost|ref
	1|2025-03-01|1.234|0.5|T1
	1|2025-03-02|0.1||T2
	1|2025-03-03|2||T3
	1|2025-03-04|-0.034|0.010|T4
	EOF
	crm-sale -q --db three.db --config three.yaml <in &&
	tsv expect <<-\EOF &&
	id|period|purchases|revenue|returns|net|cost|profit|uncosted
	1|all|3|3.334|0.034|3.300|0.490|0.710|2.100
	EOF
	crm-value --db three.db --config three.yaml >actual &&
	test_cmp expect actual &&
	printf "1\t1\tDinar\tregular\t3.300\t100.0\t100.0\n" >expect &&
	crm-top --db three.db --config three.yaml -H >actual &&
	test_cmp expect actual
'

test_expect_success 'minor_digits: 3 refuses a fourth digit' '
	tsv in <<-\EOF &&
	customer|date|amount|ref
	1|2025-03-05|1.0005|T5
	EOF
	test_refused 65 "^crm-sale: line 2: " crm-sale --db three.db --config three.yaml <in
'

test_done
