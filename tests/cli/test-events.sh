#!/bin/sh
# End-to-end tests of the event log from the command line: shift, inspect,
# record (options and JSON), events, and verify on an intact and on an
# altered log.  Speaks TAP (see tests/tap.sh).
. "$top_srcdir/tests/tap.sh"
V="$T/booth.vault"
M="$top_srcdir/tests/data/manifests"
dv=$(tap_vault "$V") || { echo "Bail out! cannot create a vault"; exit 1; }
d() { "$dv" --vault "$V" "$@"; }
# Run douane; print its stderr; exit with its status.
err() { d "$@" 2>&1 >/dev/null; }
# TAP: command exits WANT and its stderr contains TEXT.
refused() { # WANT TEXT DESCRIPTION COMMAND...
	want=$1 text=$2 desc=$3; shift 3
	out=$("$@" 2>&1 >/dev/null); rc=$?
	case $out in *"$text"*) named=0;; *) named=1;; esac
	if [ "$rc" -eq "$want" ] && [ $named -eq 0 ]; then tap_result 0 "$desc"
	else tap_result 1 "$desc (exit $rc, wanted $want with '$text')" "$out"; fi
}

d -q import manifest "$M/good.xml" || { echo "Bail out! import failed"; exit 1; }
REF=$(d queue --format csv | sed -n 2p | cut -d, -f3)
REF2=$(d queue --format csv | sed -n 3p | cut -d, -f3)

# --- shifts ------------------------------------------------------------------
refused 77 "no open shift" "inspect without a shift: 77, said plainly" d inspect "$REF"
refused 77 "no open shift" "record without a shift: 77" \
	d record "$REF" --result released --check documents
tap_status 64 "shift with no action is a usage error" d shift
tap_status 64 "shift with an unknown action is a usage error" d shift pause
refused 65 "crossing:" "a crossing that is not a UN/LOCODE is refused, named" \
	d shift open --crossing Calais
tap_check "shift open --crossing FRCQF" d shift open --crossing FRCQF
refused 77 "already has a shift open" "a second shift open is refused" d shift open

# --- inspections and outcomes -----------------------------------------------
tap_check "inspect REF" d inspect "$REF"
refused 65 "subject: no subject NOPE" "inspect of an unknown subject: 65, field named" \
	d inspect NOPE
tap_check "record a seizure from options" d record "$REF" --result seizure \
	--check documents,x-ray \
	--seizure "commodity=cigarettes,hs=240220,qty=12000,unit=H87,value=3600.00,currency=EUR,concealment=false-bottom,detection=x-ray" \
	--notes "false floor"
refused 65 "result:" "record without --result: 65, field named" \
	d record "$REF2" --check documents
refused 65 "checks:" "record without --check: 65, field named" \
	d record "$REF2" --result released
refused 65 "checks[1]: unknown code 'sniff'" "an unknown check code: 65, named" \
	d record "$REF2" --result released --check sniff
refused 65 "seizures[1].unit: unknown code" "an unknown unit: 65, seizure line named" \
	d record "$REF2" --result seizure --check dog \
	--seizure "commodity=cocaine,qty=2,unit=pounds,concealment=baggage,detection=dog"
refused 65 "seizures[1].detection: missing" "a missing detection method: 65, named" \
	d record "$REF2" --result seizure --check dog \
	--seizure "commodity=cocaine,qty=2,unit=KGM,concealment=baggage"
refused 65 "subject: no subject NOPE" "record for an unknown subject: 65, named" \
	d record NOPE --result released --check documents
refused 65 "started:" "a start time that is not UTC ISO 8601: 65, named" \
	d record "$REF2" --result released --check documents --started "yesterday"
tap_status 64 "--json with other options is a usage error" \
	d record "$REF2" --json x.json --result released

cat >outcome.json <<EOF
{ "subject": "$REF2",
  "checks": ["documents", "physical-partial"],
  "result": "discrepancy-corrected",
  "notes": "two cartons undeclared",
  "started": "2026-11-24T08:00:00Z", "ended": "2026-11-24T08:20:00Z" }
EOF
tap_check "record --json FILE" d record --json outcome.json
cat >bad.json <<EOF
{ "subject": "$REF2", "checks": ["documents"], "result": "released",
  "started": "2026-11-24T08:00:00Z", "ended": "2026-11-24T08:20:00Z",
  "seizures": [ { "commodity": "alcohol", "quantity": "3", "unit": "LTR",
                  "concealment": "none", "detection": "documents" } ] }
EOF
refused 65 "bad.json: seizures: not allowed" "a JSON outcome at fault names file and field" \
	d record --json bad.json
printf '{"checks": ["documents"], "result": "released",' >broken.json
refused 65 "not JSON" "a file that is not JSON: 65" d record "$REF2" --json broken.json
refused 66 "missing.json" "a missing JSON file: 66" d record "$REF2" --json missing.json

# --- the log --------------------------------------------------------------------
d events --format json >events.json
n=$(jq length events.json)
[ "$n" -eq 4 ]; tap_result $? "events --format json: the four events written ($n)"
types=$(jq -r 'map(.type) | join(" ")' events.json)
[ "$types" = "shift-open inspection-start outcome outcome" ]
tap_result $? "events in order, by type" "$types"
[ "$(jq -r '.[2].payload.seizures[0].hs' events.json)" = 240220 ]
tap_result $? "the seizure's HS code is in the outcome's payload"
[ "$(jq -r '.[1].hash' events.json)" = "$(jq -r '.[2].prev_hash' events.json)" ]
tap_result $? "each event carries the hash of the one before"
[ "$(jq -r '.[0].actor' events.json)" = tester ]
tap_result $? "the actor is the unlocked user"
[ "$(d events --since 2 --format json | jq length)" -eq 2 ]
tap_result $? "events --since 2 prints the two after it"
[ "$(d events | wc -l)" -eq 5 ]; tap_result $? "events as a table: heading and four rows"
tap_status 64 "events --since with a bad number is a usage error" d events --since x
tap_check "shift close" d shift close
refused 77 "no open shift" "closing again is refused" d shift close

out=$(d verify 2>&1); rc=$?
case $out in *"5 events"*) ok=0;; *) ok=1;; esac
[ $rc -eq 0 ] && [ $ok -eq 0 ]; tap_result $? "verify checks the whole chain" "$out"

# --- an altered log --------------------------------------------------------------
# Nobody can change an event through douane, and the vault's pages are
# authenticated, so an edit of the file is a bad page.  An insider with a
# passphrase can still write beneath the store (tests/event-tamper): verify
# names the first event the change broke.
tamper() { # DESCRIPTION SQL BAD-SEQ TEXT
	cp "$V" "$T/t.vault"
	"$top_builddir/tests/event-tamper" "$T/t.vault" tester "$2" <"$T/.tester-pass" ||
		{ tap_result 1 "$1 (event-tamper failed)"; return; }
	refused 65 "event $3: $4" "$1" "$dv" --vault "$T/t.vault" verify
	rm -f "$T/t.vault" "$T/t.vault-wal" "$T/t.vault-shm"
}
tamper "verify: an edited payload is named (65)" \
	"UPDATE event SET payload = replace(payload, '12000', '1200') WHERE seq = 3" 3 "its contents"
tamper "verify: a deleted event is named (65)" "DELETE FROM event WHERE seq = 2" 3 "event 2"
tamper "verify: a reordered pair is named (65)" \
	"CREATE TEMP TABLE t AS SELECT * FROM event WHERE seq IN (3, 4);
	 UPDATE event SET (time, type, subject_ref, payload, prev_hash, hash, sig) =
	   (SELECT time, type, subject_ref, payload, prev_hash, hash, sig FROM t
	    WHERE t.seq = 7 - event.seq) WHERE seq IN (3, 4);" 3 "does not follow"
tamper "verify: an event re-attributed to another actor is named (65)" \
	"UPDATE event SET actor = 'chef' WHERE seq = 4" 4 "its contents"

cp "$V" "$T/copy.vault"
size=$(stat -c %s "$T/copy.vault")
printf '\377' | dd of="$T/copy.vault" bs=1 seek=$((size - 100)) conv=notrunc 2>/dev/null
refused 65 "altered" "verify on an altered file: 65" \
	"$dv" --vault "$T/copy.vault" verify

tap_done
