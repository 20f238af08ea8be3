#!/bin/sh
# shellcheck disable=SC2016,SC2034
test_description='lint: cppcheck on the C sources, shellcheck on the scripts'
. "$(dirname "$0")/lib.sh"

test_lazy_prereq CPPCHECK 'command -v cppcheck'
test_lazy_prereq SHELLCHECK 'command -v shellcheck'

src=$CRM_SOURCE_DIR

test_expect_success SOURCE_TREE,CPPCHECK 'cppcheck finds nothing in src/' '
	cppcheck --quiet --enable=warning,performance,portability --std=c11 \
		--error-exitcode=1 -I "$src/src/lib" "$src/src" 2>out &&
	test_must_be_empty out
'

test_expect_success SOURCE_TREE,SHELLCHECK 'shellcheck finds nothing in the sh scripts' '
	(cd "$src/tests" && shellcheck -s sh -x -P SCRIPTDIR ./*.sh \
		../bench/run.sh) >out &&
	test_must_be_empty out
'

test_expect_success SOURCE_TREE,SHELLCHECK 'shellcheck finds nothing in the bash scripts' '
	shellcheck -s bash "$src/.ci/run" "$src/completions/bash/crm" >out &&
	test_must_be_empty out
'

test_done
