#!/bin/sh
# shellcheck disable=SC2016,SC2317,SC2034
test_description='docs and completions match every command and its option table'
. "$(dirname "$0")/lib.sh"

MAN=$CRM_SOURCE_DIR/man
COMP=$CRM_SOURCE_DIR/completions

if ! test -d "$MAN" || ! test -d "$COMP"
then
	skip_all "no man/ or completions/ in $CRM_SOURCE_DIR"
fi

# Each command declares its options once, in a table (struct crm_optdef);
# --help prints it after a line "options:", an option a line, as
# "  -q, --quiet  help" or "      --db FILE  help".  That is how this test
# reads the tables.
#
# table_options CMD: the options of CMD's table, a line each, "-q --quiet"
# or "--db", sorted; a line it cannot read comes out as "unparsed: LINE".
table_options () {
	"$1" --help >"$TRASH/.crm-test/help" || return 1
	awk '
	/^options:$/ { on = 1; next }
	on && /^  -[A-Za-z], --[a-z][a-z0-9-]*( |$)/ {
		sub(/,$/, "", $1)
		print $1, $2
		next
	}
	on && /^      --[a-z][a-z0-9-]*( |$)/ { print $1; next }
	on { print "unparsed: " $0 }' "$TRASH/.crm-test/help" | sort
}

# long_options CMD: the long options of CMD's table, one a line, sorted.
long_options () {
	table_options "$1" >"$TRASH/.crm-test/table" || return 1
	awk '{ print $NF }' "$TRASH/.crm-test/table" | sort
}

# differ WHAT EXPECTED ACTUAL: a line for each option only one of the two
# sorted lists has.
differ () {
	comm -23 "$2" "$3" | sed "s|^|$1 lacks |"
	comm -13 "$2" "$3" | sed "s|^|$1 has, its table lacks, |"
}

# options_items PAGE: the options of the .It lines of an mdoc page's
# OPTIONS section, as table_options prints them ("-h --help", "--db").
options_items () {
	awk '
	/^\.Sh OPTIONS/ { on = 1; next }
	/^\.Sh / { on = 0 }
	on && /^\.It Fl / {
		gsub(/\\&/, "")
		n = split($0, w, /[ \t]+/)
		out = ""
		for (i = 1; i < n; i++)
			if (w[i] == "Fl" && w[i + 1] ~ /^(-[a-z][a-z0-9-]*|[A-Za-z])$/)
				out = out (out == "" ? "" : " ") "-" w[i + 1]
		print out
	}' "$1" | sort
}

# synopsis_options PAGE TABLE: the long options in the SYNOPSIS of an mdoc
# page, short flags (Fl nq) mapped to their long names by the "-q --quiet"
# lines of TABLE (table_options); a letter the table lacks stays "-x".
synopsis_options () {
	awk -v table="$2" '
	BEGIN {
		while ((getline l < table) > 0)
			if (split(l, p, " ") == 2)
				long[substr(p[1], 2)] = p[2]
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
				for (k = 1; k <= length(t); k++) {
					c = substr(t, k, 1)
					print (c in long) ? long[c] : "-" c
				}
			} else if (w[i] == "|" && t ~ /^-[a-z][a-z0-9-]*$/)
				print "-" t
		}
	}' "$1" | sort -u
}

# zsh_offers CMD [FILE]: the long options the zsh completion (FILE, else
# zsh/_crm) offers CMD: those
# of the specs in its function _CMD (for crm, in the crm branch of _crm)
# and in the shared arrays the function names, once descriptions ([...]),
# exclusion lists and actions ((...)), comments and local lists are gone.
zsh_offers () {
	awk -v cmd="$1" '
	function clean(l) {
		if (l ~ /^[ \t]*(#|local )/)
			return ""
		gsub(/\[[^]]*\]/, "", l)
		gsub(/\([^)]*\)/, "", l)
		return l "\n"
	}
	/^_crm_common=\(/ { arr = "common"; next }
	/^_crm_rows=\(/ { arr = "rows"; next }
	arr != "" && /^\)/ { arr = ""; next }
	arr != "" { shared[arr] = shared[arr] clean($0); next }
	cmd == "crm" && /^  if \[\[ \$service == crm \]\]/ { on = 1; next }
	cmd == "crm" && on && /^  else/ { on = 0 }
	cmd != "crm" && $0 == "_" cmd "() {" { on = 1; next }
	on && /^}/ { on = 0 }
	on {
		if ($0 ~ /_crm_common\[@\]/)
			uses["common"] = 1
		if ($0 ~ /_crm_rows\[@\]/)
			uses["rows"] = 1
		text = text clean($0)
	}
	END {
		for (a in uses)
			text = text shared[a]
		while (match(text, /--[a-z][a-z0-9-]*/)) {
			print substr(text, RSTART, RLENGTH)
			text = substr(text, RSTART + RLENGTH)
		}
	}' "${2-$COMP/zsh/_crm}" | sort -u
}

# fish_offers CMD: the long options (-l NAME) of the `complete -c CMD'
# lines of fish/CMD.fish.
fish_offers () {
	test -f "$COMP/fish/$1.fish" || return 1
	grep -e "^complete -c $1 " "$COMP/fish/$1.fish" |
	grep -o -E -e "-l [a-z][a-z0-9-]*" | sed -e "s/^-l /--/" | sort -u
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

test_expect_success 'every command prints its option table in --help' '
	while read -r c
	do
		table_options "$c" >table || return 1
		grep -x -e "-h --help" table >/dev/null &&
		grep -x -e --version table >/dev/null ||
		echo "$c --help: no table with -h, --help and --version"
		grep "^unparsed: " table | sed "s/^/$c --help: /"
	done <commands >bad &&
	test_must_be_empty bad
'

test_expect_success 'the help text fits in 79 columns' '
	while read -r c
	do
		"$c" --help | awk -v c="$c" "length > 79 { print c \": \" \$0 }"
	done <commands >wide &&
	test_must_be_empty wide
'

test_expect_success 'each man page OPTIONS has an item per option of its table' '
	while read -r c
	do
		test -f "$MAN/$c.1" || continue
		table_options "$c" >table &&
		options_items "$MAN/$c.1" >items &&
		differ "man/$c.1 OPTIONS" table items
	done <commands >mismatch &&
	test_must_be_empty mismatch
'

test_expect_success 'each man page SYNOPSIS names exactly the options of its table' '
	while read -r c
	do
		test -f "$MAN/$c.1" || continue
		table_options "$c" >table &&
		long_options "$c" | grep -v -x -e --help -e --version >table.opts &&
		synopsis_options "$MAN/$c.1" table |
		grep -v -x -e --help -e --version >syn.opts
		differ "man/$c.1 SYNOPSIS" table.opts syn.opts
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

test_expect_success 'zsh: each command'"'"'s function offers exactly its table'"'"'s options' '
	while read -r c
	do
		long_options "$c" >opts &&
		zsh_offers "$c" >got &&
		differ "zsh _$c" opts got
	done <commands >mismatch &&
	test_must_be_empty mismatch
'

# The check reads one function: an option deleted from _crm-sale is
# missed even though other functions still offer it.
test_expect_success 'zsh: the check sees an option deleted from one function' '
	sed -e "/^_crm-sale() {/,/^}/{" -e "/{-n,--dry-run}/d" -e "}" \
		"$COMP/zsh/_crm" >_crm.cut &&
	! cmp "$COMP/zsh/_crm" _crm.cut &&
	grep -e "--dry-run" _crm.cut >/dev/null &&
	long_options crm-sale >opts &&
	zsh_offers crm-sale _crm.cut >got &&
	differ "zsh _crm-sale" opts got >actual &&
	echo "zsh _crm-sale lacks --dry-run" >expect &&
	test_cmp expect actual
'

test_expect_success 'fish: each command'"'"'s file offers exactly its table'"'"'s options' '
	while read -r c
	do
		long_options "$c" >opts &&
		if fish_offers "$c" >got
		then
			differ "fish/$c.fish" opts got
		else
			echo "missing fish/$c.fish"
		fi
	done <commands >mismatch &&
	test_must_be_empty mismatch
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

test_expect_success BASH 'bash: every command completes exactly its table'"'"'s long options' '
	while read -r c
	do
		long_options "$c" >opts || return 1
		bash_complete "$c" "--" >got || { echo "bash completion of $c failed"; continue; }
		sed -e "s/[= ]*\$//" got | sort -u >got.opts
		differ "bash $c --" opts got.opts
	done <commands >mismatch &&
	test_must_be_empty mismatch
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
