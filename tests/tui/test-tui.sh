#!/bin/sh
# Headless interface scenarios, the way tig tests itself.
#
# Each tests/tui/NAME.script is a list of keys and commands that
# `douane ui --script` plays on a 24x80 screen drawn to /dev/null; every
# `:save-display X.out` in it writes the screen text, which must equal
# tests/tui/X.expected.  A few more checks compare two screens of the same
# run (coming back from a view must show the queue as it was) and check
# that bad scripts fail with the script's name and line.
#
# The environment is fixed so that screens are the same everywhere: LANG,
# TZ, TERM, and DOUANE_NOW for the clock.  Set DOUANE_TUI_REGEN=1 to write
# the .expected files from this run instead (then read them, all of them).
#
# TAP on stdout, by hand; exit 77 (SKIP) when the program or the terminal
# description is missing.

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${DOUANE:=./douane}"
here=$top_srcdir/tests/tui

LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC TERM=xterm LINES=24 COLUMNS=80
DOUANE_NOW=2026-11-24T09:00:00Z
export LANG LC_ALL TZ TERM LINES COLUMNS DOUANE_NOW
unset NO_COLOR DOUANE_VAULT XDG_DATA_HOME XDG_CONFIG_HOME LANGUAGE

if ! test -x "$DOUANE"; then
	echo "1..0 # SKIP $DOUANE not built"
	exit 77
fi
if command -v infocmp >/dev/null 2>&1 && ! infocmp xterm >/dev/null 2>&1; then
	echo "1..0 # SKIP no terminfo entry for xterm"
	exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/douane-tui.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
HOME=$work/home
export HOME
mkdir -p "$HOME"
vault=$work/test.vault

scenarios="queue-open move-down page-down paging jump-end detail help search resize"
sames="move-down-arrows:move-down detail-back-first:queue-open detail-back:move-down
jump-home:queue-open jump-end-key:jump-end page-up:queue-open page-down-ctrl:page-down
help-back:queue-open search-cleared:queue-open search-cancelled:queue-open
resize-back:move-down resize-back2:move-down"

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check() { # check DESCRIPTION COMMAND...
	d=$1
	shift
	if "$@" >"$work/check.log" 2>&1; then ok "$d"; else
		not_ok "$d"
		sed 's/^/# /' "$work/check.log"
	fi
}

count=$(( $(echo $scenarios | wc -w) + $(echo $sames | wc -w) + 4 ))
echo "1..$count"

check "import the test queue" \
	"$DOUANE" --vault "$vault" --quiet import manifest "$here/queue.xml"

ui() { # ui SCRIPT: play it in the work directory
	(cd "$work" && "$DOUANE" --vault "$vault" --user inspector1 ui --script "$1" --lines 24 --columns 80)
}

# One test per scenario: it runs, and every screen it saves is as expected.
scenario() {
	name=$1
	ui "$here/$name.script" || { echo "$name: exit status $?"; return 1; }
	status=0
	for out in $(sed -n 's/^:save-display //p' "$here/$name.script"); do
		base=${out%.out}
		if test -n "$DOUANE_TUI_REGEN"; then
			cp "$work/$out" "$here/$base.expected"
		fi
		if ! diff -u "$here/$base.expected" "$work/$out"; then
			status=1
		fi
	done
	return $status
}
for s in $scenarios; do
	check "scenario $s" scenario "$s"
done

# Screens that must be the same as another: coming back, resizing back.
for pair in $sames; do
	a=${pair%%:*}
	b=${pair#*:}
	check "screen $a is screen $b" diff -u "$work/$b.out" "$work/$a.out"
done

quit_test() {
	ui "$here/quit.script" || return 1
	! test -e "$work/quit.out"
}
check "q in the queue quits and ends the script" quit_test

bad_script() { # bad_script NAME LINE
	ui "$here/$1.script" 2>"$work/$1.err"
	rc=$?
	cat "$work/$1.err"
	test $rc -eq 64 && grep -q "$1.script:$2:" "$work/$1.err"
}
check "a bad key name is a usage error with file and line" bad_script bad-key 3
check "an unknown command is a usage error with file and line" bad_script bad-command 1

test $failed -eq 0
