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
: "${QUEUE_FILL:=$(dirname "$DOUANE")/tests/tui/queue-fill}"
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
# On copies of inspect0.vault: the inspector's screens (see below).
inspect_scenarios="inspect override walkin outcome-resize"
# On lanes.vault: a seeded queue with lanes, crossings and statuses.
lane_scenarios="filters sort colours"
sames="move-down-arrows:move-down detail-back-first:queue-open detail-back:move-down
jump-home:queue-open jump-end-key:jump-end page-up:queue-open page-down-ctrl:page-down
help-back:queue-open search-cleared:queue-open search-cancelled:queue-open
resize-back:move-down resize-back2:move-down
unlock-typing:unlock-open unlock-done:queue-open unlock-refused:unlock-wait
unlock-resize-back:unlock-resize-back2
lock-back:lock-before lock-screen2:lock-screen lock-detail-back:lock-detail
lock-switch-queue:queue-open idle-locked:lock-screen
filter-cleared:filters-open filter-crossing-all:filters-open filter-lane-cycle:filters-open
sort-open:filters-open sort-arrival-pgup:sort-arrival sort-rank:filters-open
colours-text:filters-open mono-text:filters-open"
# The form keeps what was typed through a resize.
inspect_sames="outcome-back:outcome-typed"
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

count=$(( $(echo $scenarios | wc -w) + $(echo $lane_scenarios | wc -w) + \
	$(echo $sames | wc -w) + $(echo $secret_screens | wc -w) + \
	$(echo $inspect_scenarios | wc -w) + $(echo $inspect_sames | wc -w) + 30 ))
echo "1..$count"

check "create the test vault" \
	sh -c 'cd "$1" && "$2" --vault "$3" --user agent1 --passphrase-fd 0 init --kdf min \
		<passphrase' sh "$work" "$DOUANE" "$vault"
check "import the test queue" \
	sh -c 'cd "$1" && "$2" --vault "$3" --user agent1 --passphrase-fd 3 --quiet \
		import manifest "$4" 3<passphrase' sh "$work" "$DOUANE" "$vault" "$here/queue.xml"

check "create the seeded test vault (lanes, crossings)" \
	sh -c 'cd "$1" && "$2" lanes.vault agent1 60 7 <passphrase' sh "$work" "$QUEUE_FILL"

ui() { # ui SCRIPT [VAULT]: play it in the work directory
	(cd "$work" && "$DOUANE" --vault "${2:-$vault}" --user agent1 ui --script "$1" \
		--lines 24 --columns 80)
}

# One test per scenario: it runs, and every screen it saves is as expected.
scenario() { # scenario NAME [VAULT]
	name=$1
	ui "$here/$name.script" "$2" || { echo "$name: exit status $?"; return 1; }
	status=0
	for out in $(sed -n 's/^:save-display \(--attributes \)*//p' "$here/$name.script"); do
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
for s in $lane_scenarios; do
	check "scenario $s" scenario "$s" lanes.vault
done
# Without colours (NO_COLOR set, to any value, or a terminal without
# them): the same text, drawn with bold, reverse and underline only.
mono() { # mono ENV...: play mono.script under ENV; its screens as expected
	(cd "$work" && env "$@" "$DOUANE" --vault lanes.vault --user agent1 ui \
		--script "$here/mono.script") || return 1
	if test -n "$DOUANE_TUI_REGEN"; then cp "$work/mono-queue.out" "$here/mono-queue.expected"; fi
	diff -u "$here/mono-queue.expected" "$work/mono-queue.out"
}
check "scenario mono: NO_COLOR=1" mono NO_COLOR=1
check "scenario mono: NO_COLOR set and empty" mono NO_COLOR=
check "scenario mono: a terminal without colours" mono TERM=vt100
no_colour_pairs() {
	# Colour runs name their colours ("white/red"); mono ones never do.
	grep -q 'white/red' "$work/colours-queue.out" &&
		! grep -n / "$work/mono-queue.out" &&
		grep -q '^[0-9]* 0+1 bold reverse$' "$work/mono-queue.out"
}
check "colour has colour pairs, monochrome only attributes" no_colour_pairs
lane_letters() { # every row of the list starts with its lane's letter
	sed -n '3,22p' "$work/mono-text.out" | grep -v '^[RYG-] ' && return 1
	return 0
}
check "every row shows its lane as a letter" lane_letters

# Names in Chinese, Korean (two columns a character), Arabic, Cyrillic and
# with combining accents (none): without its last column (the status, of
# varying length), every row of the list is as wide as the others, in
# display columns (wc -L counts them).
aligned() { # aligned SCREEN
	widths=$(sed -n '3,22p' "$work/$1.out" | sed -E 's/(expected|in progress|done)$//' |
		while IFS= read -r l; do
		printf '%s\n' "$l" | wc -L; done | sort -u)
	echo "widths: $widths"
	grep -q '王小明' "$work/$1.out" && grep -q "$(printf 'Zoe\314\210')" "$work/$1.out" &&
		test "$(echo "$widths" | wc -l)" -eq 1
}
check "CJK and combining names stay aligned (by arrival)" aligned sort-arrival-pgdn

# douanerc: bind, set and color lines over the defaults; the bad lines are
# reported with their line numbers, on stderr and on the message line, and
# douane starts all the same.
rc_test() {
	mkdir -p "$work/config/douane" && cp "$here/douanerc" "$work/config/douane/douanerc" ||
		return 1
	(cd "$work" && XDG_CONFIG_HOME=$work/config "$DOUANE" --vault lanes.vault --user agent1 \
		ui --script "$here/rc.script" 2>"$work/rc.err") || return 1
	cat "$work/rc.err"
	rcfile=$work/config/douane/douanerc
	grep -q "$rcfile:6: unknown action 'fly-away'" "$work/rc.err" &&
		grep -q "$rcfile:7: unknown option 'colour-scheme'" "$work/rc.err" &&
		grep -q "$rcfile:8: unknown colour 'pink'" "$work/rc.err" &&
		test "$(wc -l <"$work/rc.err")" -eq 3 &&
		grep -q "douanerc:6: unknown action" "$work/rc-unlock.out" &&
		for out in rc-queue rc-moved rc-attrs; do
			if test -n "$DOUANE_TUI_REGEN"; then cp "$work/$out.out" "$here/$out.expected"; fi
			diff -u "$here/$out.expected" "$work/$out.out" || return 1
		done
}
check "douanerc: bind, set, color; bad lines reported by line" rc_test
rc_applied() {
	# set sort arrival, n and C-n move down, lane-red white on magenta.
	grep -q "Queue, by arrival" "$work/rc-queue.out" &&
		grep -q "│ 3/60 │" "$work/rc-moved.out" &&
		grep -q "white/magenta" "$work/rc-attrs.out"
}
check "douanerc's lines are applied" rc_applied

# French, in a real fr_FR.UTF-8 locale, from the catalogue of this tree.
# No skip: a missing locale or msgfmt is a failure (.ci/install-deps makes
# the locale).
french() {
	locale -a | grep -qix 'fr_FR\.utf-\?8' || { echo "fr_FR.UTF-8 locale missing"; return 1; }
	mkdir -p "$work/locale/fr/LC_MESSAGES" &&
		msgfmt -o "$work/locale/fr/LC_MESSAGES/douane.mo" "$top_srcdir/po/fr.po" || return 1
	(cd "$work" && LANG=fr_FR.UTF-8 LC_ALL=fr_FR.UTF-8 DOUANE_LOCALEDIR=$work/locale \
		"$DOUANE" --vault lanes.vault --user agent1 ui --script "$here/french.script") ||
		return 1
	for out in french-queue french-filtered french-help; do
		if test -n "$DOUANE_TUI_REGEN"; then cp "$work/$out.out" "$here/$out.expected"; fi
		diff -u "$here/$out.expected" "$work/$out.out" || return 1
	done
	grep -q "Circuit" "$work/french-filtered.out"
}
check "scenario french (fr_FR.UTF-8)" french

# The inspector's screens, each on its own copy of a vault with the test
# queue scored by tests/tui/inspect.rules (cigarettes go red), with no
# random selection so the lanes are the same at every run.  Event times
# (and a walk-in's reference, made of one) are the real clock's: they
# read TIME in the screens compared.
check "create the inspector's vault (queue, rules, scores)" \
	sh -c 'cd "$1" && "$2" --vault inspect0.vault --user agent1 --passphrase-fd 0 init \
		--kdf min <passphrase && for c in "import manifest $3/queue.xml" \
		"rules load $3/inspect.rules" "rules set random-share 0" score; do
		"$2" --vault inspect0.vault --user agent1 --passphrase-fd 3 --quiet $c \
			3<passphrase || exit 1; done' sh "$work" "$DOUANE" "$here"
untime() { # untime FILE: event times (the real clock's) as TIME
	sed -E -i 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}Z)?/TIME/g;
		s/│ [^│ ]+ [0-9]{2}:[0-9]{2} │/│ started TIME │/; s/WI-[0-9]{14}/WI-TIME/g' "$1"
}
inspect_scenario() { # inspect_scenario NAME [ENV...]
	name=$1
	shift
	cp "$work/inspect0.vault" "$work/$name.vault" || return 1
	(cd "$work" && env "$@" "$DOUANE" --vault "$name.vault" --user agent1 ui \
		--script "$here/$name.script" --lines 24 --columns 80) ||
		{ echo "$name: exit status $?"; return 1; }
	status=0
	for out in $(sed -n 's/^:save-display \(--attributes \)*//p' "$here/$name.script"); do
		base=${out%.out}
		untime "$work/$out"
		if test -n "$DOUANE_TUI_REGEN"; then
			cp "$work/$out" "$here/$base.expected"
		fi
		diff -u "$here/$base.expected" "$work/$out" || status=1
	done
	return $status
}
for s in $inspect_scenarios; do
	check "scenario $s" inspect_scenario "$s"
done
french_form() {
	test -s "$work/locale/fr/LC_MESSAGES/douane.mo" || return 1
	inspect_scenario french-form LANG=fr_FR.UTF-8 LC_ALL=fr_FR.UTF-8 \
		DOUANE_LOCALEDIR="$work/locale" || return 1
	grep -q "Contrôles effectués" "$work/french-form.out"
}
check "scenario french-form (the outcome form in fr_FR.UTF-8)" french_form

# What the screens did is in the signed event log, as the CLI reads it.
cli() { # cli VAULT ARGS...: a command on VAULT, as agent1
	v=$1
	shift
	(cd "$work" && "$DOUANE" --vault "$v" --user agent1 --passphrase-fd 3 "$@" \
		3<"$work/passphrase")
}
outcome_logged() {
	cli inspect.vault events --format json >"$work/inspect-events.json" || return 1
	cat "$work/inspect-events.json"
	grep '"type":"outcome"' "$work/inspect-events.json" | grep '"subject":"CN-0000001"' |
		grep -q '"seizures":\[{"commodity":"cigarettes","concealment":"baggage",.*"detection":"x-ray","hs":"240220","quantity":"12000","unit":"H87","value":"3600.00"}\]' &&
		grep '"type":"outcome"' "$work/inspect-events.json" | grep -q '"sig":"[0-9a-f]\{128\}"' &&
		grep -q '"type":"shift-open"' "$work/inspect-events.json" &&
		grep -q '"type":"inspection-start"' "$work/inspect-events.json" &&
		cli inspect.vault verify
}
check "the outcome is a signed event with its seizure line; verify passes" outcome_logged
override_logged() {
	cli override.vault events --format json | grep '"type":"lane-override"' |
		grep -q '"reason":"Driver known to the team, released by the chief"' &&
		cli override.vault explain CN-0000001 | grep -q "Override: lane yellow" &&
		cli override.vault verify
}
check "the override is a signed event; explain shows it; verify passes" override_logged
walkin_logged() {
	cli walkin.vault events --format json | grep '"type":"walk-in"' |
		grep -q '"name":"Jean Valjean"' &&
		cli walkin.vault verify &&
		cli walkin.vault queue | grep -q "Jean Valjean"
}
check "the walk-in is stored, signed and queued; verify passes" walkin_logged
refused_not_logged() {
	! cli outcome-resize.vault events --format json | grep -q '"type":"outcome"'
}
check "a refused outcome records nothing" refused_not_logged

# Screens that must be the same as another: coming back, resizing back.
for pair in $sames $inspect_sames; do
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

# Secrets after lock: the process scans its own writable memory for the
# passphrase (given XORed, so the script holds no copy of it in clear)
# after unlocking, after locking, after a wrong try and after an idle
# lock.  The control shows the scan finds text that is meant to stay.
check "the passphrase is in no memory after unlock, work and F9" ui "$here/forgotten-lock.script"
check "nor a wrong passphrase typed at the lock screen" ui "$here/forgotten-wrong.script"
check "nor after an idle lock" ui "$here/forgotten-idle.script"
remembered() {
	ui "$here/remembered.script" 2>"$work/remembered.err"
	test $? -eq 70 && grep -q "still in memory" "$work/remembered.err"
}
check "the memory scan finds what is kept (its control)" remembered

# The status bar follows the event log: the open shift, and the events
# not yet acknowledged by HQ (the shift's opening is one).
status_shift() {
	(cd "$work" && "$DOUANE" --vault "$vault" --user agent1 --passphrase-fd 3 --quiet \
		shift open --crossing FRCQF 3<passphrase) || return 1
	ui "$here/queue-open.script" || return 1
	grep -q "agent1 (admin) │ shift 1 │" "$work/queue-open.out" &&
		grep -q "│ unsent 1" "$work/queue-open.out" &&
		! grep -q "no shift" "$work/queue-open.out"
}
check "the status bar shows the open shift and the unsent events" status_shift

test $failed -eq 0
