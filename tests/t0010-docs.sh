#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='docs and completions cover every command and every long option'
. "$(dirname "$0")/lib.sh"

MAN=$CRM_SOURCE_DIR/man
COMP=$CRM_SOURCE_DIR/completions

if ! test -d "$MAN" || ! test -d "$COMP"
then
	skip_all "no man/ or completions/ in $CRM_SOURCE_DIR"
fi

# long_options CMD: the long options CMD --help shows, one a line, sorted.
long_options () {
	"$1" --help >"$TRASH/.crm-test/help" || return 1
	grep -o -E -e "--[a-z][a-z0-9-]*" "$TRASH/.crm-test/help" | sort -u
}

# mentions FILE OPT: FILE (an mdoc page) mentions --OPT, as --OPT or Fl -OPT.
man_mentions () {
	tr -d "\\\\" <"$1" | grep -E -e "(^|[^A-Za-z0-9-])--?$2([^A-Za-z0-9-]|\$)" >/dev/null
}

# synopsis_options PAGE HELP: the long options in the SYNOPSIS of an mdoc
# page, short flags (Fl nq) mapped to their long names by the -X|--long
# pairs of the --help text in HELP.
synopsis_options () {
	grep -o -E -e "-[A-Za-z]\|--[a-z][a-z0-9-]*" "$2" >"$TRASH/.crm-test/pairs"
	awk -v pairs="$TRASH/.crm-test/pairs" '
	BEGIN {
		while ((getline l < pairs) > 0) {
			split(l, p, "|")
			long[substr(p[1], 2)] = p[2]
		}
	}
	/^\.Sh SYNOPSIS/ { on = 1; next }
	/^\.Sh / { on = 0 }
	on && /^\./ {
		gsub(/\\/, "")
		sub(/^\./, "")
		n = split($0, w, /[ \t]+/)
		for (i = 1; i < n; i++) {
			t = w[i + 1]
			if (w[i] == "Fl" && t ~ /^-[a-z]/)
				print "-" t
			else if (w[i] == "Fl" && t ~ /^[A-Za-z]+$/) {
				for (k = 1; k <= length(t); k++)
					if (substr(t, k, 1) in long)
						print long[substr(t, k, 1)]
			} else if (w[i] == "|" && t ~ /^-[a-z][a-z0-9-]*$/)
				print "-" t
		}
	}' "$1" | sort -u
}

test_expect_success 'list of commands' '
	(cd "$CRM_BIN_DIR" && ls) | grep -E "^crm(-[a-z][a-z0-9-]*)?$" >commands &&
	grep -x crm-add commands
'

test_expect_success 'every command has a man page in section 1' '
	while read -r c
	do
		test -f "$MAN/$c.1" || { echo "missing man/$c.1"; return 1; }
	done <commands
'

test_expect_success 'the overview, config and format pages exist' '
	test -f "$MAN/crm.7" &&
	test -f "$MAN/crm-config.5" &&
	test -f "$MAN/crm-tsv.5"
'

test_expect_success 'crm.7 documents every exit status' '
	for s in 64 65 66 73 74 75 78
	do
		grep -E "(^|[^0-9])$s([^0-9]|\$)" "$MAN/crm.7" >/dev/null ||
		{ echo "crm.7 does not mention status $s"; return 1; }
	done
'

test_expect_success 'every long option of --help is in the man page' '
	while read -r c
	do
		test -f "$MAN/$c.1" || continue
		long_options "$c" >opts || return 1
		while read -r o
		do
			man_mentions "$MAN/$c.1" "${o#--}" ||
			echo "man/$c.1 does not mention $o"
		done <opts
	done <commands >missing &&
	test_must_be_empty missing
'

test_expect_success '--help and the SYNOPSIS show the same options' '
	while read -r c
	do
		test -f "$MAN/$c.1" || continue
		long_options "$c" | grep -v -x -e --help -e --version >help.opts
		"$c" --help >help.txt &&
		synopsis_options "$MAN/$c.1" help.txt | grep -v -x -e --help -e --version >syn.opts
		if ! diff help.opts syn.opts >diff.out
		then
			echo "$c: < --help, > SYNOPSIS" &&
			cat diff.out
		fi
	done <commands >mismatch &&
	test_must_be_empty mismatch
'

test_expect_success MANDOC 'mandoc -Tlint -Wwarning is clean' '
	mandoc -Tlint -Wwarning "$MAN"/*.[157] >lint 2>&1 &&
	test_must_be_empty lint
'

# Debian's man formats with groff, whose mdoc differs from mandoc's: a
# word such as An in a macro line calls that macro, and the reference of
# crm-lapsed(1) lost its title and the BUGS section after it.
test_lazy_prereq GROFF 'command -v groff'

test_expect_success GROFF 'groff -mandoc -ww renders every page without a warning' '
	for f in "$MAN"/*.[157]
	do
		groff -mandoc -Tutf8 -ww -z "$f" 2>&1
	done >warnings &&
	test_must_be_empty warnings
'

# nested_quotes: the lines of a page rendered in UTF-8 on stdin where a
# quote opens inside an open quote of the same kind, as nested Ql
# macros render: (‘0.10, ‘-5.50, ‘0.00’’’).  The quotes become single
# bytes for grep (LC_ALL is C here), bold ones (Q backspace Q) one quote,
# and quotes again in the lines shown.
q_lsq=$(printf "\342\200\230") q_rsq=$(printf "\342\200\231")
q_ldq=$(printf "\342\200\234") q_rdq=$(printf "\342\200\235")
q_1=$(printf "\001") q_2=$(printf "\002") q_3=$(printf "\003") q_4=$(printf "\004")
q_bs=$(printf "\b")
nested_quotes () {
	sed -e "s/$q_lsq$q_bs$q_lsq/$q_lsq/g" -e "s/$q_rsq$q_bs$q_rsq/$q_rsq/g" \
	    -e "s/$q_ldq$q_bs$q_ldq/$q_ldq/g" -e "s/$q_rdq$q_bs$q_rdq/$q_rdq/g" \
	    -e "s/$q_lsq/$q_1/g" -e "s/$q_rsq/$q_2/g" \
	    -e "s/$q_ldq/$q_3/g" -e "s/$q_rdq/$q_4/g" |
	grep -e "${q_1}[^${q_2}]*${q_1}" -e "${q_3}[^${q_4}]*${q_3}" |
	sed -e "s/$q_1/$q_lsq/g" -e "s/$q_2/$q_rsq/g" \
	    -e "s/$q_3/$q_ldq/g" -e "s/$q_4/$q_rdq/g"
}

test_expect_success 'nested_quotes finds a quote in a quote of its kind' '
	printf "a (%s0.10, %s0.00%s%s).\n" "$q_lsq" "$q_lsq" "$q_rsq" "$q_rsq" >bad &&
	nested_quotes <bad >found &&
	test_cmp bad found &&
	printf "%s%sa%s b%s, %sc%s %sd%s\n" "$q_ldq" "$q_lsq" "$q_rsq" "$q_rdq" \
		"$q_lsq" "$q_rsq" "$q_ldq" "$q_rdq" >ok &&
	nested_quotes <ok >found &&
	test_must_be_empty found
'

test_expect_success MANDOC 'mandoc renders no quote inside a quote of its kind' '
	for f in "$MAN"/*.[157]
	do
		mandoc -Tutf8 "$f" | nested_quotes | sed "s|^|${f##*/}: |"
	done >nested &&
	test_must_be_empty nested
'

test_expect_success GROFF 'groff renders no quote inside a quote of its kind' '
	for f in "$MAN"/*.[157]
	do
		groff -mandoc -Tutf8 "$f" 2>/dev/null | nested_quotes |
		sed "s|^|${f##*/}: |"
	done >nested &&
	test_must_be_empty nested
'

# ---------------------------------------------------------------------------
# Completions

test_expect_success 'zsh: the #compdef line names every command' '
	head -n 1 "$COMP/zsh/_crm" >compdef &&
	while read -r c
	do
		grep -E "[ ]$c( |\$)" compdef >/dev/null || echo "#compdef lacks $c"
	done <commands >missing &&
	test_must_be_empty missing
'

test_expect_success 'zsh and fish: every long option of --help is there' '
	while read -r c
	do
		long_options "$c" >opts || return 1
		while read -r o
		do
			grep -E -e "(^|[^A-Za-z0-9-])$o([^A-Za-z0-9-]|\$)" "$COMP/zsh/_crm" >/dev/null ||
			echo "zsh/_crm lacks $o"
		done <opts
		test "$c" = crm && continue
		f=$COMP/fish/$c.fish
		if ! test -f "$f"
		then
			echo "missing fish/$c.fish"
			continue
		fi
		while read -r o
		do
			grep -E -e "-l ${o#--}([^A-Za-z0-9-]|\$)" "$f" >/dev/null ||
			echo "fish/$c.fish lacks $o"
		done <opts
	done <commands >missing &&
	test_must_be_empty missing
'

test_expect_success ZSH 'zsh -n accepts _crm' '
	zsh -n "$COMP/zsh/_crm"
'

test_expect_success FISH 'fish -n accepts every fish file' '
	for f in "$COMP"/fish/*.fish
	do
		fish -n "$f" || return 1
	done
'

# bash_complete WORDS...: what bash completes for the last word (which may be
# empty), run with the completion script sourced.
bash_complete () {
	bash -c '
		. "$0" || exit 1
		spec=$(complete -p "$1" 2>/dev/null) || { echo "no completion for $1" >&2; exit 1; }
		f=${spec#*-F }
		f=${f%% *}
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		"$f" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
		printf "%s\n" "${COMPREPLY[@]}"
	' "$COMP/bash/crm" "$@"
}

test_expect_success BASH 'bash: every command is registered and completes every long option' '
	while read -r c
	do
		long_options "$c" >opts || return 1
		bash_complete "$c" "--" >got || { echo "bash completion of $c failed"; continue; }
		sed -e "s/[= ]*\$//" got | sort -u >got.opts
		while read -r o
		do
			grep -x -e "$o" got.opts >/dev/null || echo "bash: $c -- does not offer $o"
		done <opts
	done <commands >missing &&
	test_must_be_empty missing
'

test_expect_success BASH 'bash: crm completes the command names' '
	bash_complete crm "" >got &&
	for c in add backup categorize edit init ls show
	do
		grep -x "$c" got >/dev/null || { echo "crm <TAB> lacks $c"; return 1; }
	done
'

test_expect_success BASH 'bash: category names come from the database' '
	crm-init &&
	crm-categorize --define gold &&
	crm-categorize --define "golden-age" &&
	bash_complete crm-add --category g >got &&
	sort got >actual &&
	printf "gold\ngolden-age\n" >expect &&
	test_cmp expect actual &&
	bash_complete crm-categorize "" >got &&
	grep -x vip got &&
	grep -x gold got
'

test_expect_success BASH 'bash: category names from the database named on the line' '
	crm-init --db other.db &&
	crm-categorize --db other.db --define onlyhere &&
	bash_complete crm-ls --db other.db --category o >actual &&
	echo onlyhere >expect &&
	test_cmp expect actual
'

test_done
