#!/bin/sh
# End-to-end tests of the supervisors' reports and countersigning: an
# inspector works a shift (a seizure, a release, a lane override), is
# refused the reports (77); the admin reads them as text, CSV and JSON,
# countersigns the shift and flags the seizure.  The figures are computed
# here from what the test recorded, and compared.  Speaks TAP (tests/tap.sh).
. "$top_srcdir/tests/tap.sh"
V="$T/booth.vault"
M="$top_srcdir/tests/data/manifests"
dv=$(tap_vault "$V") || { echo "Bail out! cannot create a vault"; exit 1; }
d() { "$dv" --vault "$V" "$@"; }
printf 'tester passphrase\n' >"$T/pass"
printf 'inspector passphrase\n' >"$T/pass-insp"
cat "$T/pass" "$T/pass-insp" >"$T/pass-add"
"$DOUANE" --vault "$V" --user tester --passphrase-fd 3 user add agent --role inspector \
	--kdf min 3<"$T/pass-add" >/dev/null 2>&1
di() { "$DOUANE" --vault "$V" --user agent --passphrase-fd 3 "$@" 3<"$T/pass-insp"; }
d -q import manifest "$M/good.xml" || { echo "Bail out! import failed"; exit 1; }

# The shift: two timed inspections (32 and 5 minutes) and an override.
di -q shift open --crossing FRSXB &&
di -q inspect CN-0000001 &&
di -q record CN-0000001 --result seizure --check documents,x-ray \
	--started 2026-11-24T08:40:00Z --ended 2026-11-24T09:12:00Z \
	--seizure "commodity=cigarettes,hs=240220,qty=12000,unit=H87,value=3600.00,currency=EUR,concealment=false-bottom,detection=x-ray" \
	--notes "false floor" &&
di -q record TR-0000002 --result released --check documents \
	--started 2026-11-24T09:20:00Z --ended 2026-11-24T09:25:00Z &&
di -q override VH-0000003 --lane red --reason "story does not match" &&
di -q shift close || { echo "Bail out! the shift could not be recorded"; exit 1; }
SHIFT=$(d events --format json | jq '[.[] | select(.type == "shift-open")][0].seq')
SEIZURE=$(d events --format json | jq '[.[] | select(.type == "outcome")][0].seq')
# Independently: the median of 1920 s and 300 s is their mean.
median=$(( (1920 + 300) / 2 ))
# Red subjects at FRSXB with no outcome: those the queue shows red, less
# the inspected ones.
red_left=$(d queue --format csv --limit 1000 | awk -F, 'NR > 1 && $1 == "red" && $3 != "CN-0000001" && $3 != "TR-0000002"' | wc -l)

# --- refused to inspectors ---------------------------------------------------
for r in "shift --list" "shift $SHIFT" rules audit; do
	out=$(di report $r 2>&1 >/dev/null); rc=$?
	case $out in *"supervisors only"*) named=0;; *) named=1;; esac
	[ $rc -eq 77 ] && [ $named -eq 0 ]
	tap_result $? "an inspector is refused report $r (77, supervisors only)" "$rc $out"
done
out=$(di countersign "$SHIFT" 2>&1); rc=$?
[ $rc -eq 77 ]; tap_result $? "an inspector may not countersign (77)" "$out"
tap_status 64 "report with no name is a usage error" d report
tap_status 64 "an unknown sort key is a usage error" d report rules --sort colour
tap_status 66 "report of a shift that does not exist: 66" d report shift 9999

# --- JSON ----------------------------------------------------------------------
j=$(d report shift "$SHIFT" --format json)
tap_result $? "report shift ID --format json" "$j"
got=$(printf '%s' "$j" | jq -r '.summary | [.inspected, .results.seizure, .results.released,
	.seizures, .overrides, .median_seconds, .red_uninspected, .crossing, .inspector] | @tsv')
want=$(printf '2\t1\t1\t1\t1\t%s\t%s\tFRSXB\tagent' "$median" "$red_left")
[ "$got" = "$want" ]; tap_result $? "shift figures as computed here" "got  $got
want $want"
got=$(printf '%s' "$j" | jq -r '[.items[] | .kind + ":" + .subject] | join(" ")')
[ "$got" = "inspection:CN-0000001 inspection:TR-0000002 override:VH-0000003" ]
tap_result $? "every inspection and override, in order" "$got"
got=$(printf '%s' "$j" | jq -r '.items[] | select(.kind == "override") | .reason')
[ "$got" = "story does not match" ]; tap_result $? "the override's reason" "$got"

# --- countersign and flag --------------------------------------------------------
out=$(d countersign "$SHIFT" --note "reviewed")
tap_result $? "the admin countersigns the shift" "$out"
tap_status 64 "a flag without a note is a usage error" d countersign --flag "$SEIZURE"
out=$(d countersign --flag "$SEIZURE" --note "check the declared value")
tap_result $? "the admin flags the seizure for follow-up" "$out"
j=$(d report shift "$SHIFT" --format json)
got=$(printf '%s' "$j" | jq -r '[.summary.countersign.by, .summary.countersign.note, .summary.flags,
	(.items[0].follow_up.note)] | @tsv')
want=$(printf 'tester\treviewed\t1\tcheck the declared value')
[ "$got" = "$want" ]; tap_result $? "countersignature and flag shown" "$got"
d verify >/dev/null 2>&1; tap_result $? "the log still verifies"

# --- CSV and text ---------------------------------------------------------------
csv=$(d report shift --list --format csv)
got=$(printf '%s\n' "$csv" | awk -F, -v s="$SHIFT" '$1 == s {print $6, $13, $17, $18, $19, $20, $21}')
[ "$got" = "2 1 1 1 $median $red_left 1" ]; tap_result $? "shift list CSV figures" "$got"
rows=$(d report shift "$SHIFT" --format csv | wc -l)
[ "$rows" -eq 4 ]; tap_result $? "shift CSV: a header and three rows" "$rows"
txt=$(d report shift "$SHIFT")
wide=$(printf '%s\n' "$txt" | awk 'length($0) > 80' | wc -l)
[ "$wide" -eq 0 ]; tap_result $? "the text report fits in 80 columns" "$txt"
case $txt in *"Median inspection"*"18:30"*) r=0;; *) r=1;; esac
tap_result $r "the text report gives the median as 18:30" "$txt"
txt=$(d report shift --list)
[ "$(printf '%s\n' "$txt" | awk 'length($0) > 80' | wc -l)" -eq 0 ]
tap_result $? "the shift list fits in 80 columns" "$txt"

# --- rules and audit ---------------------------------------------------------------
j=$(d report rules --format json)
printf '%s' "$j" | jq -e '.rules[-1].rule == "random"' >/dev/null
tap_result $? "rule report ends with random selection, the control" "$j"
for k in fired hit-rate found; do
	tap_check "report rules --sort $k" d report rules --sort "$k" --format csv
done
j=$(d report audit --format json)
got=$(printf '%s' "$j" | jq -r '[.chain_ok, .countersigned, .flags] | @tsv')
[ "$got" = "$(printf 'true\t1\t1')" ]; tap_result $? "audit: chain verified, 1 countersigned, 1 flag" "$j"
tap_done
