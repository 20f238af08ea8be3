#!/bin/sh
# report-fixture.sh - the data set of the report tests (t6000, t6100,
# t6200), sourced by them: twelve customers over 2024 and 2025 with their
# sales, returns, a dated move, lost customers, thanks, a redemption,
# complaints, surveys and praise.  t6000-report.sh says what each figure
# of the report of 2025-06-15 is.

setup_data () {
	crm-init &&
	tsv customers <<-\EOF &&
	id|name|card|category|source|referred_by|created
	1|Anna|1001|vip|fair||2024-01-10
	2|Bo||regular|web||2024-02-01
	3|Cai|1003|vip|friend|1|2024-03-05
	4|Dag||regular|web||2024-04-20
	5|Eli||regular|fair||2024-05-15
	6|Fia||employee|||2024-06-01
	7|Gus||regular|radio||2024-09-01
	8|Hal||regular|friend|1|2024-11-11
	9|Ida||regular|web||2025-06-03
	10|Jon||regular|friend|2|2025-06-10
	11|Kim||problem|web||2025-06-12
	12|Liv|1012|vip|fair||2024-01-20
	EOF
	crm-add -q <customers &&
	CRM_TODAY=2025-01-01 crm-categorize -q vip 8 &&
	tsv sales <<-\EOF &&
	customer|date|amount|cost|ref|returns
	1|2024-01-15|100.00|60.00|A1|
	1|2024-06-14|50.00|30.00|A2|
	1|2024-10-01|200.00|120.00|A3|
	1|2025-02-10|80.00|50.00|A4|
	1|2025-06-14|120.00|70.00|A5|
	2|2024-02-10|40.00|25.00|B1|
	2|2024-06-05|35.00|20.00|B2|
	2|2025-01-20|25.00|15.00|B3|
	3|2024-03-20|150.00|100.00|C1|
	3|2025-04-15|60.00|35.00|C2|
	3|2025-06-05|80.00|50.00|C3|
	3|2025-06-07|-20.00|12.50|C4|C3
	4|2024-05-01|60.00|40.00|D1|
	4|2024-08-15|80.00|50.00|D2|
	4|2025-03-01|40.00|25.00|D3|
	5|2024-06-20|45.00|30.00|E1|
	5|2025-03-10|55.00|35.00|E2|
	6|2024-07-01|20.00|15.00|F1|
	6|2025-06-14|15.00|10.00|F2|
	7|2024-09-10|90.00|60.00|G1|
	7|2025-05-01|65.00|45.00|G2|
	8|2024-12-01|35.00|20.00|H1|
	8|2025-03-15|30.00|18.00|H2|
	9|2025-06-04|40.00|22.00|I1|
	12|2024-02-20|70.00|40.00|L1|
	12|2024-11-05|-10.00|5.00|L2|L1
	EOF
	crm-sale -q <sales &&
	crm-lost -q --reason price --date 2025-06-05 4 &&
	crm-lost -q --reason "moved away" --date 2025-02-01 12 &&
	crm-thank -q --how gift --date 2024-03-10 1 &&
	crm-bonus -q --redeem 1001 5.00 --date 2025-06-12 >/dev/null &&
	crm-note -q --kind complaint --text "late delivery" --date 2025-03-01 2 &&
	crm-note -q --kind complaint --text "the tent leaked" --date 2025-05-02 7 &&
	crm-note -q --kind complaint --text "prices went up" --date 2025-06-02 4 &&
	crm-note -q --kind complaint --text "wrong size sent" --date 2025-06-10 1 &&
	crm-note -q --kind complaint --text "no reply yet" --date 2025-06-20 5 &&
	crm-note --resolve 1 --date 2025-03-05 &&
	crm-note --resolve 4 --date 2025-06-20 &&
	crm-note -q --kind survey --score 1 --date 2024-12-01 2 &&
	crm-note -q --kind survey --score 5 --date 2025-02-01 1 &&
	crm-note -q --kind survey --score 4 --date 2025-03-01 3 &&
	crm-note -q --kind survey --score 2 --date 2025-05-03 7 &&
	crm-note -q --kind survey --score 4 --date 2025-06-05 6 &&
	crm-note -q --kind survey --score 3 --date 2025-06-10 8 &&
	crm-note -q --kind survey --score 1 --date 2025-06-20 3 &&
	crm-note -q --kind praise --text "lovely shop" --date 2025-06-11 9
}
