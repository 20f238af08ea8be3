#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='where they came from and why: crm-ls --source/--reason, the config lists sources: and reasons:'
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: customers without lists keep any spelling' '
	crm-init &&
	tsv in <<-\EOF &&
	name|source|reason|category
	Anna|fair|price|vip
	Bert|Fair|Quality|
	Cleo|web|price|
	Dora|FAIR||vip
	EOF
	crm-add -q <in &&
	crm-ls -H --columns source >out &&
	printf "fair\nFair\nweb\nFAIR\n" >expect &&
	test_cmp expect out
'

test_expect_success 'crm-ls --source matches ignoring case' '
	crm-ls -H --source fair --columns id >out &&
	printf "1\n2\n4\n" >expect &&
	test_cmp expect out &&
	crm-ls -H --source WEB --columns id >out &&
	echo 3 >expect &&
	test_cmp expect out
'

test_expect_success 'crm-ls --reason matches ignoring case' '
	crm-ls -H --reason PRICE --columns id >out &&
	printf "1\n3\n" >expect &&
	test_cmp expect out &&
	crm-ls -H --reason quality --columns id,name >out &&
	printf "2\tBert\n" >expect &&
	test_cmp expect out
'

test_expect_success '--source, --reason and --category combine' '
	crm-ls -H --source fair --reason price --columns id >out &&
	echo 1 >expect &&
	test_cmp expect out &&
	crm-ls -H --source fair --category vip --columns id >out &&
	printf "1\n4\n" >expect &&
	test_cmp expect out &&
	crm-ls -H --source web --reason quality >out &&
	test_must_be_empty out
'

test_expect_success 'setup: a config with lists' '
	cat >cfg.yaml <<-\EOF &&
	sources: [Fair, Friend, Web]
	reasons:
	  - price
	  - Quality
	EOF
	CRM_CONFIG=$TRASH/cfg.yaml &&
	export CRM_CONFIG
'

test_expect_success 'crm-add stores the listed spelling, whatever the case given' '
	crm-add --name Emil --source friend --reason PRICE >out &&
	crm-add --name Fritz --source FRIEND >>out &&
	crm-add --name Gerd --source Friend --reason quality >>out 2>err &&
	test_must_be_empty err &&
	printf "5\n6\n7\n" >expect &&
	test_cmp expect out &&
	crm-ls -H --source friend --columns id,source,reason >out &&
	printf "5\tFriend\tprice\n6\tFriend\t\n7\tFriend\tQuality\n" >expect &&
	test_cmp expect out
'

test_expect_success 'an empty source or reason is allowed' '
	crm-add --name Hans --source "" --reason "" >out &&
	echo 8 >expect &&
	test_cmp expect out
'

test_expect_success 'crm-add refuses an unlisted source (65, nothing written)' '
	test_refused 65 "^crm-add: source .frend. is not on the config.s list \(sources: Fair, Friend, Web\)$" \
		crm-add --name Ida --source frend
'

test_expect_success 'crm-add refuses an unlisted reason' '
	test_refused 65 "^crm-add: reason .cheap. is not on the config.s list \(reasons: price, Quality\)$" \
		crm-add --name Ida --source web --reason cheap
'

test_expect_success 'bulk: the listed spelling on every line' '
	tsv in <<-\EOF &&
	name|source|reason
	Jan|WEB|Price
	Kai|fair|
	EOF
	crm-add <in >out 2>err &&
	test_must_be_empty err &&
	crm-ls -H --columns id,name,source,reason >all &&
	awk -F "\t" "\$1 >= 9" all >out &&
	printf "9\tJan\tWeb\tprice\n10\tKai\tFair\t\n" >expect &&
	test_cmp expect out
'

test_expect_success 'bulk: an unlisted value names its line, nothing written' '
	tsv in <<-\EOF &&
	name|source
	Lars|web
	Mona|radio
	EOF
	test_refused 65 "^crm-add: line 3: source .radio. is not on the config.s list" \
		crm-add <in
'

test_expect_success 'bulk --keep-going skips the unlisted line and says so' '
	test_must_fail_with 65 crm-add --keep-going <in >out 2>err &&
	test_stderr_matches "^crm-add: line 3: source .radio. is not" err &&
	test_stderr_matches "^crm-add: 1 line skipped$" err &&
	echo 11 >expect &&
	test_cmp expect out &&
	crm-ls -H --name Lars --columns source >out &&
	echo Web >expect &&
	test_cmp expect out
'

test_expect_success 'bulk --update stores the listed spelling too' '
	tsv in <<-\EOF &&
	id|source|reason
	11|FRIEND|QUALITY
	EOF
	crm-add --update <in >out &&
	echo 11 >expect &&
	test_cmp expect out &&
	crm-ls -H --name Lars --columns source,reason >out &&
	printf "Friend\tQuality\n" >expect &&
	test_cmp expect out
'

test_expect_success 'bulk --update refuses an unlisted value' '
	tsv in <<-\EOF &&
	id|reason
	11|cheap
	EOF
	test_refused 65 "^crm-add: line 2: reason .cheap. is not on the config.s list" \
		crm-add --update <in
'

test_expect_success 'crm-edit stores the listed spelling' '
	crm-edit --source web --reason price 1 2 >out &&
	echo "2 changed" >expect &&
	test_cmp expect out &&
	crm-ls -H --columns id,source,reason >all &&
	awk -F "\t" "\$1 <= 2" all >out &&
	printf "1\tWeb\tprice\n2\tWeb\tprice\n" >expect &&
	test_cmp expect out
'

test_expect_success 'crm-edit refuses an unlisted value' '
	test_refused 65 "^crm-edit: customer 1: source .tv. is not on the config.s list" \
		crm-edit --source tv 1
'

test_expect_success 'crm-edit may clear a source' '
	crm-edit --source "" 2 >out &&
	crm-ls -H --columns source --name Bert >out &&
	echo >expect &&
	test_cmp expect out
'

test_expect_success 'unlisted: warn stores the value as given, with a warning' '
	cat >>cfg.yaml <<-\EOF &&
	unlisted: warn
	EOF
	crm-add --name Nils --source radio >out 2>err &&
	echo 12 >expect &&
	test_cmp expect out &&
	test_one_line err &&
	test_stderr_matches "^crm-add: source .radio. is not on the config.s list \(sources: Fair, Friend, Web\); kept as given$" err &&
	crm-ls -H --name Nils --columns source >out &&
	echo radio >expect &&
	test_cmp expect out
'

test_expect_success 'unlisted: warn: a listed value still takes the listed spelling' '
	crm-add --name Olga --source WEB --reason tv >out 2>err &&
	test_stderr_matches "^crm-add: reason .tv. is not on the config.s list" err &&
	crm-ls -H --name Olga --columns source,reason >out &&
	printf "Web\ttv\n" >expect &&
	test_cmp expect out
'

test_expect_success 'unlisted: warn in bulk names the line; crm-edit warns once' '
	tsv in <<-\EOF &&
	name|source
	Paul|web
	Quinn|flyer
	EOF
	crm-add <in >out 2>err &&
	test_one_line err &&
	test_stderr_matches "^crm-add: line 3: source .flyer. is not on" err &&
	crm-edit --source flyer 1 2 >out 2>err &&
	test_one_line err &&
	test_stderr_matches "^crm-edit: source .flyer. is not on" err
'

test_expect_success 'a bad unlisted: value is a config error' '
	printf "sources: [a]\nunlisted: maybe\n" >bad.yaml &&
	test_refused 78 "bad.yaml:2:11: unlisted must be refuse or warn$" \
		crm-ls --config bad.yaml
'

test_expect_success 'sources: must be a list' '
	printf "sources: fair\n" >bad.yaml &&
	test_refused 78 "bad.yaml:1:10: sources must be a list" \
		crm-ls --config bad.yaml
'

test_expect_success 'a spelling listed twice in any case is a config error' '
	printf "reasons: [price, Price]\n" >bad.yaml &&
	test_refused 78 "bad.yaml:1:18: reasons: .Price. is listed already as .price.$" \
		crm-ls --config bad.yaml
'

test_done
