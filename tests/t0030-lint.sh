#!/bin/sh
# shellcheck disable=SC2016,SC2034
test_description='lint: cppcheck on the C sources, shellcheck on the scripts'
. "$(dirname "$0")/lib.sh"

test_lazy_prereq CPPCHECK 'command -v cppcheck'
test_lazy_prereq SHELLCHECK 'command -v shellcheck'

src=$CRM_SOURCE_DIR

test_expect_success SOURCE_TREE,CPPCHECK 'cppcheck finds nothing in src/ and fuzz/' '
	cppcheck --quiet --enable=warning,performance,portability --std=c11 \
		--error-exitcode=1 -I "$src/src/lib" "$src/src" "$src/fuzz" 2>out &&
	test_must_be_empty out
'

test_expect_success SOURCE_TREE,SHELLCHECK 'shellcheck finds nothing in the sh scripts' '
	(cd "$src/tests" && shellcheck -s sh -x -P SCRIPTDIR ./*.sh ./pg-cluster \
		../bench/run.sh ../fuzz/run.sh) >out &&
	test_must_be_empty out
'

test_expect_success SOURCE_TREE,SHELLCHECK 'shellcheck finds nothing in the bash scripts' '
	shellcheck -s bash "$src/.ci/run" "$src/completions/bash/crm" >out &&
	test_must_be_empty out
'

# Test hygiene, as git's test-lint: a script that is not executable or
# shares its number with another is easy to miss in a listing.
test_expect_success SOURCE_TREE 'every test script is executable and has a number of its own' '
	for t in "$src"/tests/t[0-9]*.sh
	do
		test -x "$t" || { echo "not executable: $t"; return 1; }
	done &&
	(cd "$src/tests" && ls t[0-9]*.sh) | cut -c2-5 | sort | uniq -d >dups &&
	test_must_be_empty dups
'

test_expect_success SOURCE_TREE 'crm lists exactly the commands that are built' '
	crm >listed &&
	awk "{ print \$1 }" listed | sort >names &&
	(cd "$src/src" && ls crm-*.c) | sed -e "s/^crm-//" -e "s/\.c\$//" | sort >sources &&
	test_cmp sources names &&
	(cd "$CRM_BIN_DIR" && ls crm-*) | sed -e "s/^crm-//" | sort >built &&
	test_cmp sources built
'

# The library is linked into every command and into whatever embeds it:
# a symbol without the crm_ prefix could collide with the caller's.
test_lazy_prereq NM 'command -v nm'
test_expect_success SOURCE_TREE,NM 'libcrm.a defines only crm_ symbols' '
	lib="$CRM_BIN_DIR/../libcrm.a" &&
	{ test -f "$lib" || lib="$src/build/libcrm.a"; } &&
	test -f "$lib" &&
	nm -g --defined-only "$lib" >symbols &&
	awk "NF == 3 { print \$3 }" symbols >names &&
	test -s names &&
	# ASan marks each global with a __odr_asan.NAME of its own
	{ grep -v -e "^crm_" -e "^__odr_asan\.crm_" names >foreign || :; } &&
	test_must_be_empty foreign
'

test_done
