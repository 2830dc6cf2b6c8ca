#!/bin/sh
# The interface on a real terminal: tmux, 80x24.
#
# The headless scenarios (test-tui.sh) drive the views through curses on
# /dev/null; these few drive the real program on a real pseudo-terminal
# through tmux: the passphrase typed into the pane, the queue drawn, the
# window resized (the screen redrawn at the new size), Esc answered at
# once (douane sets a short ESCDELAY), q quitting.  Nothing sleeps a fixed
# time: each step polls `tmux capture-pane` until what it waits for is on
# the screen, or fails after a timeout.
#
# TAP on stdout; exit 77 (SKIP) when douane or tmux is missing.

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${DOUANE:=./douane}"
here=$top_srcdir/tests/tui

LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC DOUANE_NOW=2026-11-24T09:00:00Z
export LANG LC_ALL TZ DOUANE_NOW
unset NO_COLOR DOUANE_VAULT XDG_DATA_HOME XDG_CONFIG_HOME LANGUAGE TMUX

if ! test -x "$DOUANE"; then
	echo "1..0 # SKIP $DOUANE not built"
	exit 77
fi
if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux not installed"
	exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/douane-tmux.XXXXXX") || exit 99
sock=$work/tmux.sock
cleanup() {
	tmux -S "$sock" kill-server 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
HOME=$work/home
export HOME
mkdir -p "$HOME"
printf '%s\n' secret-passphrase >"$work/passphrase"

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
screen() { tmux -S "$sock" capture-pane -p -t douane; }
# wait_for PATTERN [SECONDS]: poll the screen until a line matches.
wait_for() {
	tries=$(( ${2:-10} * 20 ))
	while test $tries -gt 0; do
		if screen 2>/dev/null | grep -q -- "$1"; then return 0; fi
		tries=$((tries - 1))
		sleep 0.05
	done
	echo "timed out waiting for: $1"
	screen | sed 's/^/| /'
	return 1
}
keys() { tmux -S "$sock" send-keys -t douane "$@"; }

echo "1..7"
check "create the test vault" \
	sh -c 'cd "$1" && "$2" --vault test.vault --user agent1 --passphrase-fd 0 init --kdf min \
		<passphrase && "$2" --vault test.vault --user agent1 --passphrase-fd 3 --quiet \
		import manifest "$3" 3<passphrase' sh "$work" "$DOUANE" "$here/queue.xml"

start() {
	tmux -S "$sock" -f /dev/null new-session -d -s douane -x 80 -y 24 \
		"cd '$work' && TERM=screen '$DOUANE' --vault test.vault --user agent1 ui; \
		echo douane-exit-\$?; sleep 30" || return 1
	wait_for "Passphrase"
}
check "the unlock screen comes up in an 80x24 pane" start

unlock() {
	keys -l secret-passphrase && keys Enter &&
		wait_for "CN-0000001" && wait_for "1/40" && ! screen | grep -q secret-passphrase
}
check "the passphrase typed in the pane opens the queue" unlock

resize() {
	tmux -S "$sock" resize-window -t douane -x 100 -y 30 || return 1
	# The key bar on the last of 30 lines, the status bar full width.
	tries=100
	while test $tries -gt 0; do
		if test "$(screen | sed -n 30p | cut -c1-7)" = "F1 Help" &&
			screen | sed -n 29p | grep -q "2026-11-24T09:00:00Z"; then
			break
		fi
		tries=$((tries - 1))
		sleep 0.05
	done
	test $tries -gt 0 || { screen | sed 's/^/| /'; return 1; }
	tmux -S "$sock" resize-window -t douane -x 80 -y 24 &&
		wait_for "^F1 Help" && test "$(screen | sed -n 24p | cut -c1-7)" = "F1 Help"
}
check "a resize redraws the screen at the new size, and back" resize

escape() {
	keys / z z z && wait_for '/zzz' || return 1
	# Esc alone: answered within ESCDELAY, not a second later.
	t0=$(date +%s%N)
	keys Escape && wait_for "1/40" 2 || return 1
	t1=$(date +%s%N)
	echo "Esc answered in $(( (t1 - t0) / 1000000 )) ms"
	test $(( (t1 - t0) / 1000000 )) -lt 1000 && ! screen | grep -q 'search'
}
check "Esc cancels the search at once" escape

filters() {
	# The test queue is not scored yet: no red lane, and it says so.
	keys F5 && wait_for "Queue, lane R" && wait_for "No subject matches the filters" &&
		keys x && wait_for "douane — Queue *$" && wait_for "1/40"
}
check "F5 filters by lane in the real terminal, x clears" filters

quit() {
	keys q && wait_for "douane-exit-0"
}
check "q quits with status 0" quit

test $failed -eq 0
