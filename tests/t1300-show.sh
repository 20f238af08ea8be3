#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='crm-show: one YAML profile per customer'
. "$(dirname "$0")/lib.sh"

test_lazy_prereq PYYAML 'python3 -c "import yaml"'

# issue3_keys FILE: the profile without the top-level keys later issues add
# (value, rank, ...): scripts find keys by name, so new ones may come.
issue3_keys () {
	awk '
	/^---/ { print; next }
	/^[A-Za-z_][A-Za-z0-9_]*:/ {
		k = $0
		sub(/:.*/, "", k)
		keep = (k ~ /^(id|name|email|phone|card|source|reason|status|created|note|category|referred_by|category_history)$/)
	}
	keep' "$1"
}

test_expect_success 'setup' '
	crm-init &&
	crm-add --name "Anna Berg" --email anna@example.com --phone "+46 8 123" \
		--card 000123 --category vip --source fair --reason "good coffee" \
		--created 2025-01-05 --note "likes tea" >/dev/null &&
	crm-add --name Bert --referred-by 1 --created 2025-02-01 >/dev/null &&
	crm-categorize employee 2 --note "staff 2025" >/dev/null &&
	crm-categorize problem 2 --note "late payer" >/dev/null
'

test_expect_success 'the profile of a customer' '
	crm-show 1 >actual 2>err &&
	cat >expect <<-\EOF &&
	---
	id: 1
	name: Anna Berg
	email: anna@example.com
	phone: "+46 8 123"
	card: "000123"
	source: fair
	reason: good coffee
	status: active
	created: 2025-01-05
	note: likes tea
	category:
	  name: vip
	  description: Very important customers
	  discount: 0.0
	  bonus: 5.0
	  prepay: no
	referred_by: null
	category_history: []
	EOF
	issue3_keys actual >actual.3 &&
	sed -e "s/^  description: .*/  description: Very important customers/" actual.3 >actual.norm &&
	test_cmp expect actual.norm &&
	test_must_be_empty err
'

test_expect_success 'absent values are null; referrer and category history are shown' '
	crm-show 2 >actual &&
	cat >expect <<-\EOF &&
	---
	id: 2
	name: Bert
	email: null
	phone: null
	card: null
	source: null
	reason: null
	status: active
	created: 2025-02-01
	note: null
	category:
	  name: problem
	  description: DESCRIPTION
	  discount: 0.0
	  bonus: 0.0
	  prepay: yes
	referred_by:
	  id: 1
	  name: Anna Berg
	category_history:
	- date: 2025-06-30
	  batch: 2
	  old: employee
	  new: problem
	  note: late payer
	- date: 2025-06-30
	  batch: 1
	  old: regular
	  new: employee
	  note: staff 2025
	EOF
	issue3_keys actual >actual.3 &&
	sed -e "s/^  description: .*/  description: DESCRIPTION/" actual.3 >actual.norm &&
	test_cmp expect actual.norm
'

test_expect_success 'category terms and description as defined' '
	crm-categorize --define gold --description "Gold: top 10%" --discount 2.5 --bonus 0.25 --prepay &&
	crm-add --name Gus --category gold >/dev/null &&
	crm-show 3 >actual &&
	sed -n "/^category:/,/^referred_by:/p" actual >section &&
	cat >expect <<-\EOF &&
	category:
	  name: gold
	  description: '"'"'Gold: top 10%'"'"'
	  discount: 2.5
	  bonus: 0.25
	  prepay: yes
	referred_by: null
	EOF
	test_cmp expect section
'

test_expect_success PYYAML 'category terms parse as numbers and booleans' '
	cat >terms.py <<-\EOF &&
	import sys, yaml
	d = yaml.safe_load(open(sys.argv[1]))
	c = d["category"]
	assert c["name"] == "gold", c
	assert c["description"] == "Gold: top 10%", c
	assert c["discount"] == 2.5 and c["bonus"] == 0.25, c
	assert c["prepay"] is True, c
	assert d["referred_by"] is None
	assert d["id"] == 3 and isinstance(d["id"], int)
	EOF
	crm-show 3 >show.yaml &&
	python3 terms.py show.yaml
'

test_expect_success 'several customers: documents separated by ---, in the order given' '
	crm-show 2 >two &&
	crm-show 1 >one &&
	cat two one >expect &&
	crm-show 2 1 >actual &&
	test_cmp expect actual
'

test_expect_success PYYAML 'several documents parse as a YAML stream' '
	cat >ids.py <<-\EOF &&
	import sys, yaml
	print(" ".join(str(d["id"]) for d in yaml.safe_load_all(open(sys.argv[1]))))
	EOF
	crm-show 2 1 3 >stream.yaml &&
	python3 ids.py stream.yaml >actual &&
	echo "2 1 3" >expect &&
	test_cmp expect actual
'

test_expect_success '--key card and --key email' '
	crm-show 1 >expect &&
	crm-show --key card 000123 >actual &&
	test_cmp_nonempty expect actual &&
	crm-show --key email anna@example.com >actual &&
	test_cmp_nonempty expect actual
'

test_expect_success 'ids from stdin' '
	crm-show 1 3 >expect &&
	printf "1\n3\n" | crm-show >actual &&
	test_cmp_nonempty expect actual &&
	crm-ls --category vip >in &&
	crm-show <in >actual &&
	crm-show 1 >expect &&
	test_cmp_nonempty expect actual
'

test_expect_success 'empty stdin shows nobody' '
	crm-show </dev/null >actual 2>err &&
	test_must_be_empty actual &&
	test_must_be_empty err
'

test_expect_success 'an unknown customer is 66, naming it' '
	test_refused 66 "^crm-show: .*99" crm-show 99 &&
	test_refused 66 "^crm-show: .*99" crm-show 1 99 &&
	test_refused 66 "^crm-show: .*9999" crm-show --key card 9999 &&
	printf "1\n99\n" >in &&
	test_refused 66 "^crm-show: line 2: .*99" crm-show <in
'

test_expect_success 'a bad id is 64 as an operand, 65 on stdin' '
	test_refused 64 "^crm-show: .*abc" crm-show abc &&
	printf "abc\n" >in &&
	test_refused 65 "^crm-show: line 1: .*abc" crm-show <in
'

test_expect_success DEV_FULL 'a full disk is 74' '
	test_must_fail_with 74 crm-show 1 >/dev/full 2>err &&
	test_stderr_matches "^crm-show: " err
'

# ---------------------------------------------------------------------------
# Strings that YAML would read as something else come back as strings

test_expect_success 'setup odd values' '
	CRM_DB=$TRASH/odd.db &&
	crm-init &&
	for v in "yes" "No" "null" "~" "true" "123" "0x1F" "1e3" "-5" ".5" "2025-01-01" \
		"- dash" "a: b" "#hash" "key # c" "@at" "\`tick" "[x]" "{y}" "*star" "&amp" \
		"!tag" "%pct" "|pipe" ">gt" "\"dq\"" "'"'"'sq'"'"'" "line1${LF}line2" \
		"tab${TAB}here" "cr${CR}here" "back\\slash" "Zoë 東京 🎉" "  padded  " \
		"trailing " "'"'"'); DROP TABLE customer;--" "---" "..." "? q" "a ,b"
	do
		crm-add --name "$v" --note "$v" --source "$v" --reason "$v" --phone "$v" >>ids || return 1
	done &&
	crm-add --name "empty-ish" --card 0 --email "x@y" >>ids &&
	test_line_count = 40 ids
'

test_expect_success PYYAML 'every field of every profile parses back to the stored value' '
	cat >check.py <<-\EOF &&
	import sys, json, yaml
	docs = list(yaml.safe_load_all(open(sys.argv[1], encoding="utf-8")))
	rows = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
	assert len(docs) == len(rows), (len(docs), len(rows))
	bad = 0
	for d, r in zip(docs, rows):
	    for k in ("id", "name", "email", "phone", "card", "source", "reason",
	              "status", "created", "note"):
	        got = d.get(k)
	        if k == "created" and got is not None:
	            got = str(got)
	        if got != r[k]:
	            print("id %s: %s is %r in crm-show, %r in crm-ls" % (r["id"], k, got, r[k]))
	            bad += 1
	sys.exit(1 if bad else 0)
	EOF
	crm-ls --format json >ls.json &&
	crm-show <ids >show.yaml &&
	python3 check.py show.yaml ls.json
'

test_expect_success 'a 10 KB name is shown whole' '
	long=$(awk "BEGIN { for (i = 0; i < 1024; i++) printf \"abcdefghij\" }") &&
	crm-add --name "$long" >id &&
	crm-show <id >actual &&
	grep "^name: $long\$" actual
'

test_done
