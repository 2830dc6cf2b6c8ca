#!/bin/sh
# Headless scenarios of the screening screens (see test-tui.sh for how
# scenarios work).  A vault with the national test watchlist and a small
# queue (tests/tui/hits.xml) whose traveller and consignor match it,
# scored with the default rules (no random selection): the inspector
# opens the traveller, reads the hit and its explanation, dismisses it
# with a reason; the lane follows; the event log has the signed decision
# and verifies; screening the vault again does not raise the pair again.
# Then a lookup (F in the queue): a listed name, its result and score,
# the entry's data; the lookup is a signed event.
#
# DOUANE_TUI_REGEN=1 writes the expected screens from this run (read
# them all).  TAP on stdout, by hand; exit 77 (SKIP) when something is
# missing.

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${DOUANE:=./douane}"
here=$top_srcdir/tests/tui
DOUANE=$(cd "$(dirname "$DOUANE")" && pwd)/$(basename "$DOUANE")

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
if ! command -v jq >/dev/null 2>&1; then
	echo "1..0 # SKIP no jq"
	exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/douane-hits.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
HOME=$work/home
export HOME
mkdir -p "$HOME"
cd "$work" || exit 99
printf 'secret-passphrase\n' >p
c() { "$DOUANE" --vault t.vault --user agent1 --passphrase-fd 3 "$@" 3<p; }

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
echo "1..8"

make_vault() {
	"$DOUANE" --vault t.vault --user agent1 --passphrase-fd 0 init --kdf min <p &&
	c -q import watchlist "$top_srcdir/tests/data/watchlists/douane/national.xml" &&
	c -q import manifest "$here/hits.xml" &&
	c -q rules load "$top_srcdir/data/rules/default.rules" &&
	c -q rules set random-share 0 &&
	c -q score &&
	test "$(c screen --hits TR-H1 --format json | jq -r '.[0].decision')" = open
}
check "a vault with a watchlist and a queue with hits, scored" make_vault

scenario() { # scenario NAME: play it; every screen it saves is as expected
	"$DOUANE" --vault t.vault --user agent1 ui --script "$here/$1.script" --lines 24 \
		--columns 80 || { echo "$1: exit status $?"; return 1; }
	status=0
	for out in $(sed -n 's/^:save-display \(--attributes \)*//p' "$here/$1.script"); do
		base=${out%.out}
		if test -n "$DOUANE_TUI_REGEN"; then
			cp "$work/$out" "$here/$base.expected"
		fi
		diff -u "$here/$base.expected" "$work/$out" || status=1
	done
	return $status
}
check "scenario hits: read a hit, dismiss it with a reason" scenario hits

on_screen() { # the hit, its explanation, then dismissed with its reason
	grep -q "Watchlist hits" hits-detail.out &&
		grep -q "tokens: marchand~marchand 1.00" hits-detail.out &&
		grep -q "date of birth +0.08" hits-list.out &&
		grep -q "reason: missing" hits-missing.out &&
		grep -q "^1.00  dismissed  traveller" hits-dismissed.out &&
		grep -q "dismissed: Different person: born in Metz, passport checked" \
			hits-dismissed.out &&
		grep -q "Lane         R red" hits-detail.out &&
		grep -q "Lane         G green" hits-detail-after.out
}
check "the hit is shown explained, then dismissed; the lane follows" on_screen

decision_logged() {
	c events --format json >ev.json || return 1
	jq -c '.[] | select(.type == "hit-decision")' ev.json
	test "$(jq -r '[.[] | select(.type == "hit-decision")][0].payload.reason' ev.json)" = \
		"Different person: born in Metz, passport checked" &&
		test "$(jq -r '[.[] | select(.type == "hit-decision")][0].payload.decision' ev.json)" = \
			dismissed &&
		test "$(jq -r '[.[] | select(.type == "hit-decision")][0].subject' ev.json)" = TR-H1 &&
		jq -r '[.[] | select(.type == "hit-decision")][0].sig' ev.json | grep -q '^[0-9a-f]\{128\}$' &&
		c -q verify
}
check "the decision is a signed hit-decision event; verify passes" decision_logged

not_raised_again() {
	c -q screen --all || return 1
	dec=$(c screen --hits TR-H1 --format json | jq -r '.[0] | "\(.decision) \(.reason)"')
	echo "$dec"
	test "$dec" = "dismissed Different person: born in Metz, passport checked" &&
		c queue | grep -q '^G .*TR-H1'
}
check "screening again does not raise the dismissed pair" not_raised_again

check "scenario lookup: a listed name, its result, the entry's data" scenario lookup
lookup_shown() {
	grep -q "^1.00  FR-DNRED-1 FR-P-0001      person   Jean-Baptiste MARCHAND" \
		lookup-results.out &&
		grep -q "date of birth +0.08" lookup-entry.out &&
		grep -q "aka              Le Baron (weak alias)" lookup-entry.out &&
		grep -q "passport     19AB12345 (FR)" lookup-entry-pgdn.out &&
		grep -q "BE Belgium" lookup-entry-pgdn.out
}
check "the lookup shows the score, the explanation and the entry" lookup_shown
lookup_logged() {
	c events --format json >ev2.json || return 1
	jq -c '.[] | select(.type == "lookup")' ev2.json
	test "$(jq -r '[.[] | select(.type == "lookup")] | length' ev2.json)" -eq 1 &&
		test "$(jq -r '[.[] | select(.type == "lookup")][0].payload.query' ev2.json)" = \
			"Marchand Jean-Baptiste" &&
		test "$(jq -r '[.[] | select(.type == "lookup")][0].actor' ev2.json)" = agent1 &&
		c -q verify
}
check "the lookup is a signed event: who searched for whom; verify passes" lookup_logged

test $failed -eq 0
