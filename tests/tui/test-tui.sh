#!/bin/sh
# Headless interface scenarios, the way tig tests itself.
#
# Each tests/tui/NAME.script is a list of keys and commands that
# `douane ui --script` plays on a 24x80 screen drawn to /dev/null; every
# `:save-display X.out` in it writes the screen text, which must equal
# tests/tui/X.expected.  A few more checks compare two screens of the same
# run (coming back from a view must show the queue as it was), check that
# the unlock and lock screens show nothing of the passphrase or the work,
# and that bad scripts fail with the script's name and line.
#
# The vault is made with the command line (init, then import) for user
# agent1 with the cheapest KDF; every script starts at the unlock screen
# and types the passphrase.  A scenario that fails to unlock ends with a
# success, so the vault's count of failed attempts is 0 for the next one.
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
# Relative, so that the unlock screen shows the same path everywhere.
vault=test.vault
pass=secret-passphrase
printf '%s\n' "$pass" >"$work/passphrase"

scenarios="queue-open move-down page-down paging jump-end detail help search resize
unlock unlock-wrong unlock-resize lock idle"
sames="move-down-arrows:move-down detail-back-first:queue-open detail-back:move-down
jump-home:queue-open jump-end-key:jump-end page-up:queue-open page-down-ctrl:page-down
help-back:queue-open search-cleared:queue-open search-cancelled:queue-open
resize-back:move-down resize-back2:move-down
unlock-typing:unlock-open unlock-done:queue-open unlock-refused:unlock-wait
unlock-resize-back:unlock-resize-back2
lock-back:lock-before lock-screen2:lock-screen lock-detail-back:lock-detail
lock-switch-queue:queue-open idle-locked:lock-screen"
# Screens that must show no passphrase, and none of the work.
secret_screens="unlock-open unlock-typing unlock-wrong-user unlock-wrong unlock-wait
unlock-refused unlock-waited unlock-resize-100x30 unlock-resize-back unlock-resize-small
lock-screen lock-wrong lock-screen2 lock-switch idle-locked"

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

count=$(( $(echo $scenarios | wc -w) + $(echo $sames | wc -w) + \
	$(echo $secret_screens | wc -w) + 9 ))
echo "1..$count"

check "create the test vault" \
	sh -c 'cd "$1" && "$2" --vault "$3" --user agent1 --passphrase-fd 0 init --kdf min \
		<passphrase' sh "$work" "$DOUANE" "$vault"
check "import the test queue" \
	sh -c 'cd "$1" && "$2" --vault "$3" --user agent1 --passphrase-fd 3 --quiet \
		import manifest "$4" 3<passphrase' sh "$work" "$DOUANE" "$vault" "$here/queue.xml"

ui() { # ui SCRIPT [VAULT]: play it in the work directory
	(cd "$work" && "$DOUANE" --vault "${2:-$vault}" --user agent1 ui --script "$1" \
		--lines 24 --columns 80)
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

# Nothing of the passphrase, and nothing of the queue: no reference, no
# party, no count.
no_secret() { # no_secret SCREEN
	f=$work/$1.out
	test -s "$f" || { echo "$f: missing"; return 1; }
	! grep -n -e secret -e passphrase- -e wrong -e '[A-Z][A-Z]-[0-9]\{7\}' \
		-e Dupont -e Dubois -e Beridze -e Петров -e 上海 -e Müller \
		-e subject -e '/40' "$f"
}
for s in $secret_screens; do
	check "screen $s shows no passphrase and no work" no_secret "$s"
done

# After a failed try and the wait, the count reaches the queue; the lock
# screen of the same run names the user only.
check "a failed-attempts notice after the later success" \
	grep -q "^ 3 failed attempts since the last unlock" "$work/unlock-notice.out"
check "the lock screen names its user" grep -q "Locked by agent1" "$work/lock-screen.out"

no_vault() {
	ui "$here/unlock.script" missing.vault >/dev/null 2>&1
	grep -q "no such vault" "$work/unlock-open.out"
}
check "a missing vault is said on the unlock screen" no_vault

# Both copies of the header altered (the version field, 8 bytes in).
damaged_vault() {
	cp "$work/$vault" "$work/damaged.vault" || return 1
	for off in 8 16392; do
		printf '\011' | dd of="$work/damaged.vault" bs=1 seek=$off conv=notrunc \
			2>/dev/null || return 1
	done
	ui "$here/unlock.script" damaged.vault >/dev/null 2>&1
	grep -q "vault damaged or altered" "$work/unlock-open.out" &&
		grep -q "vault damaged or altered" "$work/unlock-done.out"
}
check "a damaged vault is said on the unlock screen" damaged_vault

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
check "a bad key name is a usage error with file and line" bad_script bad-key 4
check "an unknown command is a usage error with file and line" bad_script bad-command 2

test $failed -eq 0
