#!/bin/sh
# Check the shell completions: syntax (bash -n, shellcheck, zsh -n, fish -n
# where installed) and that every long option of every command appears in
# all three of them.  Prints TAP; exits 1 when a check fails.
#
#   completions/check.sh [BINDIR]
#
# With BINDIR, the options of crm-X are those of the table `BINDIR/crm-X
# --help' prints after "options:";
# without it (or when BINDIR/crm-X is missing), those the bash script lists
# for crm-X.  The commands are the ones the bash script registers.

dir=$(cd "$(dirname "$0")" && pwd) || exit 1
bindir=${1-}
bashfile=$dir/bash/crm
zshfile=$dir/zsh/_crm
fishdir=$dir/fish

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n # skip $1"; }
check() { # DESCRIPTION COMMAND...
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

check 'bash -n bash/crm' bash -n "$bashfile"
if command -v shellcheck >/dev/null 2>&1; then
	check 'shellcheck bash/crm' shellcheck -s bash "$bashfile"
else
	skip 'shellcheck not installed'
fi
if command -v zsh >/dev/null 2>&1; then
	check 'zsh -n zsh/_crm' zsh -n "$zshfile"
else
	skip 'zsh not installed'
fi

# The commands, from the bash script's `complete -F _crm_complete' line.
commands=$(sed -n '/^complete -F _crm_complete/,/[^\\]$/p' "$bashfile" |
	tr -d '\134' | tr ' ' '\n' | grep '^crm')

for cmd in $commands; do
	fishfile=$fishdir/$cmd.fish
	if [ ! -f "$fishfile" ]; then
		not_ok "$cmd: fish/$cmd.fish exists"
	elif command -v fish >/dev/null 2>&1; then
		check "fish -n fish/$cmd.fish" fish -n "$fishfile"
	fi
	if grep -q "^#compdef.* $cmd\\( \\|\$\\)" "$zshfile"; then
		ok "$cmd: named on the #compdef line of _crm"
	else
		not_ok "$cmd: named on the #compdef line of _crm"
	fi

	if [ -n "$bindir" ] && [ -x "$bindir/$cmd" ]; then
		# the option table, printed after "options:", a line each
		opts=$("$bindir/$cmd" --help 2>/dev/null |
			sed -n '/^options:$/,$p' |
			grep -o -E -- '^ +(-[A-Za-z], )?--[a-z][a-z0-9-]*' |
			grep -o -- '--[a-z][a-z0-9-]*' | sort -u)
		from="$cmd --help"
	else
		opts=$(bash -c '. "$1" && _crm_options "$2"' sh "$bashfile" "$cmd" |
			tr ' ' '\n' | grep -- '^--' | sort -u)
		from='bash/crm'
	fi
	[ -n "$opts" ] || not_ok "$cmd: options found in $from"

	# The zsh function for crm-X, with the option arrays it uses.
	zbody=$(awk -v f="_$cmd() {" '
		$0 == f { on = 1 }
		on { print }
		on && /^}/ { exit }' "$zshfile")
	[ "$cmd" = crm ] && zbody=$(awk '
		/^_crm\(\) \{/ { on = 1 }
		on { print }
		on && /^}/ { exit }' "$zshfile")
	for arr in _crm_common _crm_rows; do
		case $zbody in
		*"$arr"*)
			zbody="$zbody
$(awk -v a="$arr=(" '$0 == a { on = 1 } on { print } on && /^\)/ { exit }' "$zshfile")"
			;;
		esac
	done
	bopts=" $(bash -c '. "$1" && _crm_options "$2"' sh "$bashfile" "$cmd") "

	for o in $opts; do
		case $bopts in
		*" $o "*) ok "$cmd $o: bash" ;;
		*) not_ok "$cmd $o: bash" ;;
		esac
		# --opt[, --opt=[, {-x,--opt}[ or ($modes)--opt...
		if printf '%s\n' "$zbody" | grep -q -e "${o}[]}=[']"; then
			ok "$cmd $o: zsh"
		else
			not_ok "$cmd $o: zsh"
		fi
		if grep -q -- " -l ${o#--}\\( \\|\$\\)" "$fishfile" 2>/dev/null; then
			ok "$cmd $o: fish"
		else
			not_ok "$cmd $o: fish"
		fi
	done
done

echo "1..$n"
exit $failed
