#!/bin/sh
# End-to-end tests of "douane screen" and "douane match": one name against
# the UN list and a national list, explanations as JSON, the vault screened
# on import, decisions on hits, labelled pairs, exit codes and bad input.
# Speaks TAP (see tests/tap.sh).
. "$top_srcdir/tests/tap.sh"
V="$T/booth.vault"
D=$(tap_vault "$V") || { echo "1..0 # SKIP cannot create a test vault"; exit 1; }
W="$top_srcdir/tests/data/watchlists"
N="$top_srcdir/tests/data/names"

# --- usage ------------------------------------------------------------------
tap_check "--help lists screen and match" sh -c "'$D' --help | grep -q 'screen' && '$D' --help | grep -q 'match'"
tap_check "screen --help" sh -c "'$D' screen --help | grep -q -- '--decide'"
tap_status 64 "screen with no name: 64" "$D" --vault "$V" screen
tap_status 64 "screen with an empty name: 64" "$D" --vault "$V" screen ""
tap_status 64 "screen with an unknown kind: 64" "$D" --vault "$V" screen --kind planet X
tap_status 64 "--decide without --reason: 64" "$D" --vault "$V" screen --decide 1 --dismiss
tap_status 64 "match without --pairs: 64" "$D" match
tap_status 66 "match with a missing file: 66" "$D" match --pairs "$T/none.csv"

# --- one name ------------------------------------------------------------------
"$D" --vault "$V" -q import watchlist "$W/un/UN_consolidated_2026-02-27.xml" "$W/douane/national.xml"
tap_result $? "the UN and a national list are imported"
out=$("$D" --vault "$V" screen --format json "Ayman al-Zawahiri" 2>&1)
echo "$out" > z.json
[ "$(jq -r '.[0].ref' z.json)" = QDi.006 ] && [ "$(jq -r '.[0].list' z.json)" = UN-SC ] &&
	[ "$(jq '.[0].pairs | length' z.json)" -ge 2 ] && [ "$(jq -r '.[0].programme' z.json)" != "" ]
tap_result $? "Ayman al-Zawahiri: UN-SC QDi.006 with its pairs and programme" "$out"
out=$("$D" --vault "$V" screen --format json "ZAWAHIRI, Aiman" 2>&1)
[ "$(echo "$out" | jq -r '.[0].ref')" = QDi.006 ]
tap_result $? "name order and spelling ignored" "$out"
out=$("$D" --vault "$V" screen "Айдар Сейткали" 2>&1)
case $out in *FR-P-0002*"tokens:"*) ok=0;; *) ok=1;; esac
tap_result $ok "Cyrillic finds the national entry, with its tokens" "$out"
out=$("$D" --vault "$V" screen --format json --dob 1971-04-12 --country FR "Jean Baptiste Marchand" 2>&1)
[ "$(echo "$out" | jq -r '.[0].effects | map(.what) | join(",")')" = "date of birth,nationality" ] &&
	[ "$(echo "$out" | jq -r '.[0].score')" = 1 ]
tap_result $? "date of birth and nationality raise the score, and say so" "$out"
out=$("$D" --vault "$V" screen --format json --ident "IMO 9187629" x 2>&1)
[ "$(echo "$out" | jq -r '.[0].ref')" = FR-V-0001 ] && [ "$(echo "$out" | jq -r '.[0].by_identifier')" = true ]
tap_result $? "an IMO number matches exactly" "$out"
"$D" --vault "$V" events --format json > ev.json
[ "$(jq '[.[] | select(.type == "lookup")] | length' ev.json)" -ge 5 ] &&
	[ "$(jq -r '[.[] | select(.type == "lookup")][0].payload.query' ev.json)" = "Ayman al-Zawahiri" ] &&
	[ "$(jq -r '[.[] | select(.type == "lookup")][0].payload.results' ev.json)" -ge 1 ] &&
	[ "$(jq -r '[.[] | select(.type == "lookup")][0].actor' ev.json)" != "" ] &&
	"$D" --vault "$V" -q verify
tap_result $? "each lookup is a signed lookup event: who searched for whom; verify passes" "$(jq -c '.[] | select(.type == "lookup") | .payload' ev.json)"
out=$("$D" --vault "$V" screen "George Bush" 2>&1)
case $out in "no hit"*) ok=0;; *) ok=1;; esac
tap_result $ok "George Bush: no hit" "$out"
out=$("$D" --vault "$V" screen --format json CORP 2>&1)
[ "$out" = "[]" ]; tap_result $? "a bare CORP: no hit" "$out"
out=$("$D" --vault "$V" screen --format json Q 2>&1)
[ "$out" = "[]" ]; tap_result $? "one letter: no hit" "$out"
tap_status 65 "invalid UTF-8: 65" "$D" --vault "$V" screen "$(printf 'Abu \377 Bakr')"
long=$(head -c 10000 /dev/zero | tr '\0' 'a')
tap_check "a 10,000-character name answers" "$D" --vault "$V" screen "$long"

# --- the vault ----------------------------------------------------------------------
cat > m.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<manifest xmlns="urn:douane:manifest:1" id="SCREEN-1" issued="2026-11-24T06:00:00Z" crossing="FRSXB">
  <consignment ref="CN-S1" mode="road" arrival="2026-11-24T08:15:00Z">
    <conveyance id="AB-123-CD" nationality="FR"/>
    <party role="consignor" country="FR"><name>Exemple Trading SARL</name></party>
    <party role="consignee" country="DE"><name>Muster Handel GmbH</name></party>
    <route><country>FR</country><country>DE</country></route>
    <item seq="1" hs="851713"><description>Telephones</description></item>
  </consignment>
  <traveller ref="TR-S2" mode="road" arrival="2026-11-24T08:20:00Z">
    <name>Aymen al Zawahiri</name>
    <birth date="1951-06-19"/>
    <nationality>EG</nationality>
    <document type="passport" number="P9876543" country="EG"/>
  </traveller>
</manifest>
XML
out=$("$D" --vault "$V" import manifest m.xml 2>&1)
case $out in *"screened 2 subjects"*) ok=0;; *) ok=1;; esac
tap_result $ok "imported subjects are screened as they arrive" "$out"
"$D" --vault "$V" screen --hits CN-S1 --format json > h.json
[ "$(jq length h.json)" -eq 2 ] && [ "$(jq -r 'map(.role) | sort | join(",")' h.json)" = "consignor,conveyance" ] &&
	[ "$(jq -r '.[] | select(.role == "consignor") | .explain.ref' h.json)" = FR-C-0001 ]
tap_result $? "the consignment's hits: consignor by name, truck by plate" "$(cat h.json)"
tr=$("$D" --vault "$V" screen --hits TR-S2 --format json | jq -r '.[0].explain.ref')
[ "$tr" = QDi.006 ]; tap_result $? "the traveller is screened with date of birth" "$tr"
hit=$(jq -r '.[] | select(.role == "consignor") | .id' h.json)
tap_check "a hit is dismissed with a reason" "$D" --vault "$V" screen --decide "$hit" --dismiss --reason "other firm, checked"
tap_status 66 "deciding an unknown hit: 66" "$D" --vault "$V" screen --decide 999999 --confirm --reason x
"$D" --vault "$V" -q screen --all
d=$("$D" --vault "$V" screen --hits CN-S1 --format json | jq -r '.[] | select(.role == "consignor") | "\(.decision) \(.reason)"')
[ "$d" = "dismissed other firm, checked" ]
tap_result $? "after screening again the dismissed pair stays dismissed" "$d"
out=$("$D" --vault "$V" screen --all 2>&1)
case $out in *"2 subjects screened"*) ok=0;; *) ok=1;; esac
tap_result $ok "screen --all screens every subject" "$out"
out=$("$D" --vault "$V" import watchlist "$W/un/un-newer.xml" 2>&1)
n=$("$D" --vault "$V" screen --hits TR-S2 --format json | jq length)
[ "$n" -eq 0 ]; tap_result $? "a newer UN list without the entry removes its hit" "$out; hits: $n"

# --- match --pairs ---------------------------------------------------------------------
out=$("$D" match --pairs "$N/name_bench_dev.csv" 2>&1); rc=$?
last=$(echo "$out" | tail -1)
f1=$(echo "$last" | sed -n 's/.*F1 \([0-9.]*\)$/\1/p')
[ $rc -eq 0 ] && [ "$(echo "$out" | wc -l)" -eq 415 ] && awk "BEGIN { exit !($f1 > 0.85) }"
tap_result $? "match on the dev pairs: 413 pairs, F1 above 0.85 ($last)" "$last"
printf 'schema,name1,name2,is_match\nPerson,A B,A B,true\nPerson,"C D,C D,false\n' > bad.csv
out=$("$D" match --pairs bad.csv 2>&1); rc=$?
case $out in *"bad.csv:3:"*) named=0;; *) named=1;; esac
[ $rc -eq 65 ] && [ $named -eq 0 ]; tap_result $? "malformed CSV: 65 naming its line" "$out"
printf 'schema,name1,name2,is_match\nPerson,A B,A B,maybe\n' > bad2.csv
out=$("$D" match --pairs bad2.csv 2>&1); rc=$?
case $out in *"bad2.csv:2:"*) named=0;; *) named=1;; esac
[ $rc -eq 65 ] && [ $named -eq 0 ]; tap_result $? "a bad is_match: 65 naming its line" "$out"
tap_done
