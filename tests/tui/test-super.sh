#!/bin/sh
# Headless scenarios of the supervisors' screens (see test-tui.sh for how
# scenarios work): an inspector works a shift with a seizure and a lane
# override, made with the command line; the supervisor unlocks, reviews
# the shift (V), opens the subject, reads the override's reason,
# countersigns it with a note, reads rule performance (P) and the audit
# (A); the countersignature is then in the event log, which verifies.  An
# inspector pressing V, P or A is told "supervisors only" and stays on the
# queue.
#
# Event times are the real clock, so the screens are compared after the
# times of the events made here (read back from the event log) are
# replaced by YYYY-MM-DDThh:mm:ssZ; the red subjects left uninspected depend on
# when the shift closed, so that figure is computed here and checked on
# the screen, then replaced too.  DOUANE_TUI_REGEN=1 writes the expected
# screens from this run (read them all).
#
# TAP on stdout, by hand; exit 77 (SKIP) when something is missing.

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

work=$(mktemp -d "${TMPDIR:-/tmp}/douane-super.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
HOME=$work/home
export HOME
mkdir -p "$HOME"
cd "$work" || exit 99
printf 'super-passphrase\n' >ps
printf 'insp-passphrase\n' >pi
cat ps pi >padd
ds() { "$DOUANE" --vault t.vault --user chief --passphrase-fd 3 "$@" 3<ps; }
di() { "$DOUANE" --vault t.vault --user agent1 --passphrase-fd 3 "$@" 3<pi; }

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
echo "1..13"

make_vault() {
	"$DOUANE" --vault t.vault --user chief --passphrase-fd 0 init --kdf min <ps &&
	"$DOUANE" --vault t.vault --user chief --passphrase-fd 3 -q user add agent1 \
		--role inspector --kdf min 3<padd &&
	ds -q import manifest "$here/queue.xml" &&
	ds -q rules load "$top_srcdir/data/rules/default.rules" &&
	# Random selection is keyed per vault: none, so the screens are the
	# same every run.
	ds -q rules set random-share 0 &&
	ds -q score
}
check "a vault with a supervisor (admin) and an inspector, scored" make_vault
# The shift: a seizure (32 min) and a release (5 min), an override.
work_shift() {
	di -q shift open --crossing FRSXB &&
	di -q inspect CN-0000012 &&
	di -q record CN-0000012 --result seizure --check documents,x-ray \
		--started 2026-11-24T08:40:00Z --ended 2026-11-24T09:12:00Z \
		--seizure "commodity=weapons,qty=3,unit=H87,concealment=false-bottom,detection=x-ray" \
		--notes "pistols under the floor" &&
	di -q record CN-0000001 --result released --check documents \
		--started 2026-11-24T09:20:00Z --ended 2026-11-24T09:25:00Z &&
	di -q override CN-0000002 --lane red --reason "driver story does not match" &&
	di -q shift close
}
check "the inspector works a shift" work_shift
ds events --format json >events-before.json

# Red subjects left: red now, no outcome, arrived by the close (ISO
# strings compare as times).
closed=$(jq -r '.[] | select(.type == "shift-close") | .time' events-before.json)
red_left=$(ds queue --format csv --limit 1000 | awk -F, -v c="$closed" \
	'NR > 1 && $1 == "red" && $3 != "CN-0000012" && $3 != "CN-0000001" && $(NF - 2) <= c' |
	wc -l | tr -d ' ')

ui() { # ui SCRIPT USER
	"$DOUANE" --vault t.vault --user "$2" ui --script "$here/$1.script" --lines 24 --columns 80
}

# Replace the times of the events in the log with their names, and the
# red-left figure (checked first) with RL.
mask() { # mask FILE
	# Whole times first, then the minutes the lists show; same widths.
	jq -r '.[].time' events.json | sort -u >times
	sed 's/.*/s|&|YYYY-MM-DDThh:mm:ssZ|g/' times >mask.sed
	cut -c1-16 times | sort -u | sed 's/.*/s|&|YYYY-MM-DDThh:mm|g/' >>mask.sed
	# The shift list shows the close as hh:mm.
	jq -r '.[] | select(.type == "shift-close") | .time' events.json | cut -c12-16 |
		sed 's/.*/\/^ *1 agent1 \/s| & | hh:mm |/' >>mask.sed
	echo "s/red left uninspected $red_left /red left uninspected RL /" >>mask.sed
	printf '/^ *1 agent1 /s/ *%s \\([-*]\\)$/ RL \\1/\n' "$red_left" >>mask.sed
	sed -f mask.sed "$1"
}
scenario() { # scenario NAME USER
	ui "$1" "$2" || { echo "$1: exit status $?"; return 1; }
	ds events --format json >events.json || return 1
	status=0
	for out in $(sed -n 's/^:save-display //p' "$here/$1.script"); do
		base=${out%.out}
		# A screen is 24 lines, whatever else it shows.
		test "$(wc -l <"$out")" -eq 24 || { echo "$out: not 24 lines"; status=1; }
		mask "$out" >"$base.masked" || status=1
		if test -n "$DOUANE_TUI_REGEN"; then
			cp "$base.masked" "$here/$base.expected"
		fi
		diff -u "$here/$base.expected" "$base.masked" || status=1
	done
	return $status
}

# Before the screens are masked: the figures as computed here.
figures() {
	grep -q "^ *1 agent1   FRSXB .*   2   1   1   0   1   1 18:30 *$red_left -\$" super-shifts.out &&
	grep -q "Inspected 2 (red 1, yellow 1, green 0)  seizure lines 1  overrides 1" \
		super-detail.out &&
	grep -q "Median 18:30  red left uninspected $red_left  flagged 0" super-detail.out &&
	grep -q "Notes: pistols under the floor" super-detail.out &&
	grep -q "CN-0000012 .*red .*seizure" super-detail.out &&
	grep -q "CN-0000002 .*override to red" super-override.out &&
	grep -q "Reason: driver story does not match" super-override.out &&
	grep -q "Countersigned by chief at .*: Reviewed with agent1" super-signed.out &&
	grep -q "Shift 1 countersigned (event 7)" super-signed.out &&
	grep -q "^ *1 agent1 .* \\*\$" super-shifts-signed.out &&
	grep -q "CN-0000012" super-subject.out
}
rules_screen() {
	# The rule that fired on the seizure: fired 2 (CN-0000012, CN-0000036),
	# inspected 1, found 1; random selection is there, the control.
	want=$(ds report rules --format csv | awk -F, '$1 == "ARMS-93" {print $3, $4, $5}')
	set -- $want
	grep -q "^ARMS-93  *1  *$1  *$2  *$3  *100.0%" super-rules.out &&
	grep -q "Rule performance, by fired" super-rules-fired.out &&
	grep -q "Sorted by fired" super-rules-fired.out
}
audit_screen() {
	grep -q "Event log  *7 events: chain and signatures verified" super-audit.out &&
	grep -q "Shifts countersigned   1" super-audit.out &&
	grep -q "Failed unlocks         0" super-audit.out
}
check "scenario super: the supervisor reviews and countersigns" scenario super chief
check "the shift's figures on the screens are those computed here" figures
check "rule performance on the screen is the report's" rules_screen
check "the audit screen: chain verified, one countersigned" audit_screen
signed_event() {
	jq -e '[.[] | select(.type == "countersign")] | length == 1' events.json &&
	jq -e '.[] | select(.type == "countersign") | .actor == "chief" and
		(.payload | if type == "string" then fromjson else . end |
		 .target == 1 and .note == "Reviewed with agent1")' events.json
}
check "the countersign event is in the log, by chief, naming shift 1" signed_event
check "the log verifies after countersigning" ds verify
report_signed() {
	ds report shift 1 --format json |
		jq -e '.summary.countersign.by == "chief" and
			.summary.countersign.note == "Reviewed with agent1"'
}
check "the report shows the countersignature" report_signed

check "scenario super-refused: an inspector is refused V, P and A" scenario super-refused agent1
refused() {
	for s in shifts rules audit; do
		grep -q "supervisors only" "refused-$s.out" &&
		grep -q "^douane — Queue" "refused-$s.out" || return 1
	done
}
check "each says supervisors only, on the queue" refused
same_queue() {
	# The queue behind the message is the queue the supervisor left.
	for s in shifts rules audit; do
		sed -n 2,21p "refused-$s.out" >rows.refused
		sed -n 2,21p super-queue.out >rows.super
		diff rows.super rows.refused || return 1
	done
}
check "the inspector's queue is unchanged behind the refusal" same_queue
nothing_written() {
	ds events --format json | jq -e 'length == 7'
}
check "the refused keys wrote nothing to the log" nothing_written

test $failed -eq 0
