#!/bin/sh
# crash.sh: douane killed (SIGKILL) at random points while it writes.
#
# A booth vault and an HQ vault, paired.  Each iteration runs one command
# that writes -- import of a generated manifest, score, record of an
# outcome, export of a bundle, ingest of the newest bundle at HQ -- in the
# background, sleeps a random time (seeded) and kills it with SIGKILL
# (often it has finished: that is an acknowledged write to check too).
# After each:
#   - both vaults open and "douane verify" exits 0 (every page
#     authenticated, integrity check, the signed event log);
#   - what a command acknowledged (exit 0) is there, and a killed command
#     did all of its work or none of it:
#       import   the manifest's subjects are all in the queue, or none;
#       score    no subject is left unscored, or as many as before;
#       record   the event log grew by exactly one (killed: 0 or 1);
#       export   the bundle file is complete (HQ ingests it, or says it
#                holds it all), and no partial file is left under a
#                final name;
#       ingest   ingesting the same bundle again is a replay (65), and HQ's
#                log verifies; killed: the retry is done or a replay.
#
# Environment: DOUANE, DOUANE_GEN, top_srcdir (as make check sets them);
# CRASH_ITERATIONS (default 40), CRASH_SEED (default: the time; printed,
# so a failure can be replayed), CRASH_MAX_MS (longest delay before the
# kill, default 150).  Every 100 iterations the vaults start afresh so a
# long run stays fast.  Speaks TAP: one test per iteration.
. "$top_srcdir/tests/tap.sh"

ITER=${CRASH_ITERATIONS:-40}
SEED=${CRASH_SEED:-$(date +%s)}
MAXMS=${CRASH_MAX_MS:-150}
echo "# crash: $ITER iterations, seed $SEED (CRASH_SEED=$SEED to replay)"

rand=$SEED
next_rand() { # an LCG: rand in [0, 2^31)
	rand=$(( (rand * 1103515245 + 12345) % 2147483648 ))
}

printf 'tester passphrase\n' >"$T/pass"
B="$DOUANE --vault $T/booth.vault --user tester --passphrase-fd 3"
H="$DOUANE --vault $T/hq.vault --user tester --passphrase-fd 3"
b() { $B "$@" 3<"$T/pass"; }
h() { $H "$@" 3<"$T/pass"; }

fresh_vaults() {
	rm -rf "$T/booth.vault"* "$T/hq.vault"* "$T/out" "$T/acks"
	mkdir -p "$T/out" "$T/acks"
	b -q init --kdf min >/dev/null && h -q init --kdf min >/dev/null &&
	b -q keys export --out "$T/booth.key" && h -q keys export --out "$T/hq.key" &&
	h -q keys enrol "$T/booth.key" --booth B1 --crossing FRCQF >/dev/null &&
	b -q keys trust "$T/hq.key" >/dev/null &&
	b -q rules load "$top_srcdir/data/rules/default.rules" >/dev/null &&
	"$DOUANE_GEN" -s 1 -n 20 --ref-prefix BASE- -o "$T/base.xml" &&
	b -q import manifest "$T/base.xml" && b -q score >/dev/null &&
	b -q shift open --crossing FRCQF >/dev/null
}

# Counts read from the vaults.
subjects_with() { b queue --format csv | grep -c ",$1" ; }
unscored() { b queue --format csv --lane none | tail -n +2 | grep -c . ; }
events_of() { # the event log's length, from verify
	"$@" verify | sed -n 's/.*intact: \([0-9]*\) event.*/\1/p'
}

# Run "$@" ($B or $H, and arguments) in the background, kill it
# after a random delay; $killed 1 when the kill landed, $st the status.
# The delay is drawn below the time the same operation took when it last
# ran to the end (dur_OP, in ms; CRASH_MAX_MS at first), so that kills
# fall all along the command rather than mostly after it.
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
run_killed() {
	next_rand
	eval "lim=\${dur_$op:-$MAXMS}"
	ms=$((rand % (lim + 5)))
	t0=$(now_ms)
	cmd=$1
	shift
	# A simple command, so that $! is douane itself, not a subshell.
	$cmd "$@" 3<"$T/pass" >"$T/run.out" 2>&1 &
	pid=$!
	sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	st=$?
	killed=0
	if [ "$st" -eq 137 ]; then killed=1
	else eval "dur_$op=$(( $(now_ms) - t0 ))"; fi
}

fail() { why=$1; }

fresh_vaults || { echo "Bail out! cannot set up the vaults"; exit 99; }
kills=0
done_ok=0
for i in $(seq 1 "$ITER"); do
	if [ $((i % 100)) -eq 0 ]; then
		fresh_vaults || { echo "Bail out! cannot set up the vaults again"; exit 99; }
	fi
	why=
	next_rand
	op=$((rand % 5))
	case $op in
	0) # import
		"$DOUANE_GEN" -s "$i" -n 1000 --ref-prefix "M$i-" -o "$T/m.xml"
		run_killed "$B" -q import manifest "$T/m.xml"
		n=$(subjects_with "M$i-")
		if [ "$st" -eq 0 ]; then [ "$n" -eq 1000 ] || fail "import acknowledged, $n of 1000 subjects"
		elif [ "$killed" -eq 1 ]; then { [ "$n" -eq 0 ] || [ "$n" -eq 1000 ]; } || fail "killed import left $n of 1000 subjects"
		else fail "import failed: $(cat "$T/run.out")"; fi
		what="import" ;;
	1) # score
		before=$(unscored)
		run_killed "$B" -q score
		after=$(unscored)
		if [ "$st" -eq 0 ]; then [ "$after" -eq 0 ] || fail "score acknowledged, $after unscored"
		elif [ "$killed" -eq 1 ]; then { [ "$after" -eq 0 ] || [ "$after" -eq "$before" ]; } || fail "killed score: $after unscored of $before"
		else fail "score failed: $(cat "$T/run.out")"; fi
		what="score ($before to score)" ;;
	2) # record
		before=$(events_of b)
		run_killed "$B" -q record BASE-CN-0000001 --result released --check documents
		after=$(events_of b)
		if [ "$st" -eq 0 ]; then [ "$after" -eq $((before + 1)) ] || fail "record acknowledged, log $before -> $after"
		elif [ "$killed" -eq 1 ]; then { [ "$after" -eq "$before" ] || [ "$after" -eq $((before + 1)) ]; } || fail "killed record: log $before -> $after"
		else fail "record failed: $(cat "$T/run.out")"; fi
		what="record" ;;
	3) # export
		rm -f "$T/out"/*
		run_killed "$B" -q export --out "$T/out"
		nb=$(ls "$T/out" | grep -c '\.bundle$')
		if [ "$st" -eq 0 ]; then [ "$nb" -eq 1 ] || fail "export acknowledged, $nb bundles"
		elif [ "$killed" -ne 1 ]; then fail "export failed: $(cat "$T/run.out")"; fi
		for f in "$T/out"/*.bundle; do
			[ -e "$f" ] || continue
			h -q ingest --acks "$T/acks" "$f" >"$T/ing.out" 2>&1
			rc=$?
			{ [ "$rc" -eq 0 ] || { [ "$rc" -eq 65 ] && grep -q replayed "$T/ing.out"; }; } ||
				fail "the exported bundle is not whole: $rc $(cat "$T/ing.out")"
			cp "$f" "$T/last.bundle"
		done
		what="export" ;;
	4) # ingest: a new bundle first (not killed), then the ingest is
		b -q record BASE-CN-0000002 --result released --check documents >/dev/null
		rm -f "$T/out"/*
		b -q export --out "$T/out" >/dev/null || fail "export before ingest failed"
		f=$(ls "$T/out"/*.bundle | head -1)
		run_killed "$H" -q ingest --acks "$T/acks" "$f"
		h -q ingest --acks "$T/acks" "$f" >"$T/ing.out" 2>&1
		rc=$?
		if [ "$st" -eq 0 ]; then
			{ [ "$rc" -eq 65 ] && grep -q replayed "$T/ing.out"; } || fail "ingest acknowledged, yet again: $rc $(cat "$T/ing.out")"
		elif [ "$killed" -eq 1 ]; then
			{ [ "$rc" -eq 0 ] || { [ "$rc" -eq 65 ] && grep -q replayed "$T/ing.out"; }; } || fail "after a killed ingest: $rc $(cat "$T/ing.out")"
		else fail "ingest failed: $(cat "$T/run.out")"; fi
		what="ingest" ;;
	esac
	[ "$killed" -eq 1 ] && kills=$((kills + 1)) || done_ok=$((done_ok + 1))
	# Whatever happened, both vaults open and verify.
	b verify >"$T/v.out" 2>&1 || fail "booth verify: $(cat "$T/v.out")"
	h verify >"$T/v.out" 2>&1 || fail "HQ verify: $(cat "$T/v.out")"
	if [ -n "$why" ]; then
		tap_result 1 "$i: $what (killed=$killed, status $st)" "$why"
	else
		tap_result 0 "$i: $what (killed=$killed)"
	fi
done
echo "# $kills killed, $done_ok finished before the kill"
tap_done
