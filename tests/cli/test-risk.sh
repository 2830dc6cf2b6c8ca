#!/bin/sh
# End-to-end tests of douane rules, score, explain and override: a bad rules
# file is refused with every problem and its line (exit 65) and the rules in
# force stay; loading is for admins; scoring, the queue ordered by lane,
# explanations that name reasons, overrides that need a reason, rule
# performance.  Speaks TAP (see tests/tap.sh).
. "$top_srcdir/tests/tap.sh"
V="$T/booth.vault"
D=$(tap_vault "$V") || { echo "1..0 # SKIP cannot create a test vault"; exit 1; }
R="$top_srcdir/tests/data/rules"
DEFAULT="$top_srcdir/data/rules/default.rules"
dv() { "$D" --vault "$V" "$@"; }

# --- usage ----------------------------------------------------------------
for c in rules score explain override; do
	tap_check "$c --help" sh -c "'$DOUANE' $c --help | grep -q 'Usage: douane'"
done
tap_status 64 "rules with no command: 64" dv rules
tap_status 64 "rules frob: 64" dv rules frob
tap_status 64 "rules check with no file: 64" dv rules check
tap_status 64 "explain with no REF: 64" dv explain
tap_status 64 "override without a reason: 64" dv override X --lane red
tap_status 64 "override with an empty reason: 64" dv override X --lane red --reason "  "
tap_status 64 "override with a bad lane: 64" dv override X --lane blue --reason why
tap_status 64 "rules set with a bad key: 64" dv rules set colour 3
tap_status 64 "rules set with a bad share: 64" dv rules set random-share 150

# --- rules check: no vault needed -------------------------------------------
out=$("$DOUANE" rules check "$DEFAULT" 2>&1); rc=$?
case $out in *"50 rules, no problem"*) tap_result $rc "the default rule set checks (50 rules)" "$out";;
	*) tap_result 1 "the default rule set checks (50 rules)" "$out";; esac
out=$("$DOUANE" rules check "$R/bad.rules" 2>&1); rc=$?
[ "$rc" -eq 65 ]; tap_result $? "rules check on a bad file: 65 (got $rc)" "$out"
for line in 6 13 20; do
	printf '%s\n' "$out" | grep -q "bad.rules:$line:[0-9]*: "
	tap_result $? "rules check reports the problem on line $line" "$out"
done
printf '%s\n' "$out" | grep -q "3 problems"
tap_result $? "rules check counts the problems" "$out"
tap_status 66 "rules check on a missing file: 66" "$DOUANE" rules check "$T/none.rules"

# --- no rules yet -------------------------------------------------------------
tap_status 66 "score with no rule set: 66" dv score
tap_status 66 "rules list with no rule set: 66" dv rules list

# --- load ------------------------------------------------------------------------
tap_check "an admin loads a rule set" dv rules load "$R/small.rules"
tap_status 65 "a bad file is refused: 65" dv rules load "$R/bad.rules"
list=$(dv rules list)
printf '%s\n' "$list" | grep -q '^CIGARETTES ' && ! printf '%s\n' "$list" | grep -q FLOORED
tap_result $? "the rules in force are unchanged" "$list"
json=$(dv rules list --format json)
case $json in *'"id":"ARMS"'*'"floor":"red"'*) ok=0;; *) ok=1;; esac
tap_result $ok "rules list --format json" "$json"

# An inspector may score and explain but not load rules or change settings.
printf 'tester passphrase\n' >"$T/pass"
printf 'inspector passphrase\n' >"$T/pass-insp"
cat "$T/pass" "$T/pass-insp" >"$T/pass-add"
"$DOUANE" --vault "$V" --user tester --passphrase-fd 3 user add agent --role inspector --kdf min 3<"$T/pass-add" >/dev/null 2>&1
di() { "$DOUANE" --vault "$V" --user agent --passphrase-fd 3 "$@" 3<"$T/pass-insp"; }
tap_status 77 "an inspector may not load rules: 77" di rules load "$DEFAULT"
tap_status 77 "an inspector may not change settings: 77" di rules set red 80

# --- score, queue, explain ----------------------------------------------------------
dv -q import manifest "$top_srcdir/data/demo/manifest-demo.xml" >/dev/null 2>&1
tap_check "the admin loads the default rule set" dv rules load "$DEFAULT"
out=$(di score 2>&1); rc=$?
case $out in *"1500 subjects scored (all)"*) tap_result $rc "score scores the 1500 demo subjects" "$out";;
	*) tap_result 1 "score scores the 1500 demo subjects" "$out";; esac
out=$(di score 2>&1)
case $out in "0 subjects scored (new or changed)"*) ok=0;; *) ok=1;; esac
tap_result $ok "a second score has nothing new to score" "$out"

dv queue --format csv | sed 1d | cut -d, -f1 >"$T/lanes"
awk '{ r = ($1 == "red") ? 3 : ($1 == "yellow") ? 2 : ($1 == "green") ? 1 : 0
       if (NR > 1 && r > last) bad = 1; last = r } END { exit bad }' "$T/lanes"
tap_result $? "the queue is ordered by lane, red first"
grep -q '^red$' "$T/lanes" && grep -q '^yellow$' "$T/lanes" && grep -q '^green$' "$T/lanes"
tap_result $? "the demo queue has red, yellow and green subjects"
! grep -q '^none$' "$T/lanes"; tap_result $? "every subject has a lane"

top=$(dv queue --format csv --limit 1 | sed -n 2p | cut -d, -f3)
out=$(di explain "$top" 2>&1); rc=$?
printf '%s\n' "$out" | grep -q "lane red" && printf '%s\n' "$out" | grep -q "Reason: " &&
	printf '%s\n' "$out" | grep -q "Instructions: "
tap_result $? "explain names the lane, reasons and instructions ($top)" "$out"
json=$(di explain --format json "$top")
case $json in *'"lane":"red"'*'"reason":'*) ok=0;; *) ok=1;; esac
tap_result $ok "explain --format json" "$json"
tap_status 66 "explain an unknown reference: 66" di explain NO-SUCH-REF

# --- override ---------------------------------------------------------------------------
tap_check "an inspector overrides a lane with a reason" \
	di override "$top" --lane green --reason "Checked at the previous crossing"
lane=$(dv queue --format csv | grep ",$top," | cut -d, -f1)
[ "$lane" = green ]; tap_result $? "the subject is green now (got $lane)"
out=$(di explain "$top")
printf '%s\n' "$out" | grep -q "Override: lane green by agent at .*: Checked at the previous crossing"
tap_result $? "explain shows the override, who and why" "$out"
dv -q score --all >/dev/null 2>&1
lane=$(dv queue --format csv | grep ",$top," | cut -d, -f1)
[ "$lane" = green ]; tap_result $? "a full rescoring keeps the override (got $lane)"

# --- settings and stats -------------------------------------------------------------------
tap_check "an admin changes a threshold" dv rules set red 200
out=$(dv rules settings)
printf '%s\n' "$out" | grep -qE '^red +200$'; tap_result $? "rules settings shows it" "$out"
out=$(dv score)
case $out in *"(all)"*) ok=0;; *) ok=1;; esac
tap_result $ok "a new threshold rescores everything" "$out"
csv=$(dv rules stats --format csv)
printf '%s\n' "$csv" | head -1 | grep -q '^rule,version,fired,inspected,findings,hit_rate$' &&
	printf '%s\n' "$csv" | grep -q '^random,' &&
	[ "$(printf '%s\n' "$csv" | wc -l)" -eq 52 ]
tap_result $? "rules stats: 50 rules and random selection" "$csv"
fired=$(printf '%s\n' "$csv" | grep '^NEW-CONSIGNEE,' | cut -d, -f3)
[ "${fired:-0}" -gt 0 ]; tap_result $? "rules stats counts a rule that fired ($fired)"
tap_check "rules stats --format json" sh -c "'$D' --vault '$V' rules stats --format json | grep -q '\"rule\":\"random\"'"

# --- the demo vault is scored with the default rules ---------------------------------------
"$DOUANE" -q demo --no-ui --kdf min "$T/demo" >/dev/null 2>&1
printf 'inspector-demo\n' >"$T/pass-demo"
"$DOUANE" --vault "$T/demo/booth.vault" --user inspector --passphrase-fd 3 queue --format csv \
	3<"$T/pass-demo" | sed 1d | cut -d, -f1 | sort | uniq -c >"$T/demo-lanes"
grep -q ' red$' "$T/demo-lanes" && grep -q ' green$' "$T/demo-lanes" && ! grep -q ' none$' "$T/demo-lanes"
tap_result $? "douane demo leaves the demo queue scored" "$(cat "$T/demo-lanes")"

tap_done
